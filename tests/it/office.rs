//! Files a clerk hands on, read back by independent readers: the year scope
//! of `summary --year` (counts worked out by hand below), `--table plan`, the
//! xlsx workbook of `export xlsx` read with calamine (sheet names, headers,
//! cell types, dates, row counts equal to the JSON counts, no formulas), and
//! `check --format csv` parsed back (BOM, CRLF, headers, injection guard).

use std::io::Cursor;

use crate::common::{Repo, Run, root, run_in};
use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

/// Issued 2018-01-01. WP01 (lead jw) must be reported on every half-year.
const PLAN: &str = "plan: {id: yr-1, title: 年度方案, issued: 2018-01-01}
units:
  - {id: jw, name: 区纪委}
points:
  - id: WP01
    title: 要点一
    lead: [jw]
    obligations:
      - {id: report, title: 每半年报告, kind: report, every: half-year}
";

/// jw, evaluated on 2019-03-15:
/// - records a (2018-03-01), b (2018-06-20, meets 2018-H1), c (2019-01-10, files
///   2018-H2 late by `period:`), d (2019-02-01, meets 2019-H1 early);
/// - i1 opened and closed in 2017; i2 opened 2018-05-01, closed on time 07-15;
///   i3 opened 2018-10-01, due 2019-03-01, open; i4 a clue opened 2019-01-05,
///   due 2019-02-01, open.
const JW: &str = "unit: jw
records:
  - {id: a, date: 2018-03-01, ref: WP01, kind: rules, title: 细则}
  - {id: b, date: 2018-06-20, ref: WP01, kind: report, title: 上半年报告}
  - {id: c, date: 2019-01-10, ref: WP01, kind: report, title: 下半年报告, period: 2018-H2}
  - {id: d, date: 2019-02-01, ref: WP01, kind: report, title: 2019上半年报告}
items:
  - {id: i1, kind: rectification, ref: WP01, title: 旧整改, opened: 2017-11-01, due: 2017-12-31, closed: 2017-12-20}
  - {id: i2, kind: rectification, ref: WP01, title: 整改二, opened: 2018-05-01, due: 2018-08-01, closed: 2018-07-15}
  - {id: i3, kind: rectification, ref: WP01, title: 整改三, opened: 2018-10-01, due: 2019-03-01}
  - {id: i4, kind: clue, ref: WP01, title: 线索, opened: 2019-01-05, due: 2019-02-01}
";

const AS_OF: &str = "2019-03-15";

fn repo() -> Repo {
    Repo::new()
        .file("plan/plan.yaml", PLAN)
        .file("units/jw.yaml", JW)
}

fn run(r: &Repo, args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    run_in(r.path(), &args)
}

fn summary_json(r: &Repo, extra: &[&str]) -> Value {
    let mut args = vec![
        "summary", "--repo", ".", "--as-of", AS_OF, "--format", "json",
    ];
    args.extend_from_slice(extra);
    let out = run(r, &args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    out.json()
}

#[test]
fn year_2018_is_counted_as_of_its_last_day() {
    let r = repo();
    let out = run(
        &r,
        &[
            "summary", "--repo", ".", "--as-of", AS_OF, "--format", "json", "--year", "2018",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    // Validation stays as of 2019-03-15: the 2019 entries are in the past, not
    // `future-date` noise.
    assert_eq!(out.stderr, "");
    let j = out.json();
    assert_eq!(j["as_of"], "2018-12-31");
    assert_eq!(
        j["year"],
        json!({"year": 2018, "from": "2018-01-01", "to": "2018-12-31"})
    );
    assert_eq!(
        j["upcoming"],
        json!([{"unit": "jw", "item": "i3", "kind": "rectification", "ref": "WP01",
                "title": "整改三", "due": "2019-03-01", "days_left": 60}])
    );
    // Records a, b (c and d are 2019's); items i2 closed, i3 open (i1 was closed
    // in 2017, i4 opened in 2019); rectification i2 of i2, i3 = 1/2.
    // 2018-H2 is due on 12-31 itself and c was filed after: pending, due soon
    // (0 days left). i3 is due 60 days later: no finding, an upcoming item.
    assert_eq!(
        j["units"][0],
        json!({"id": "jw", "name": "区纪委", "points_led": 1, "points_supported": 0,
               "records": 2, "items_open": 1, "items_closed": 1,
               "rectification": {"closed": 1, "total": 2, "rate": 50.0},
               "overdue": 0, "due_soon": 1, "late": 0, "gaps": 0})
    );
    assert_eq!(
        j["points"][0]["periods"],
        json!({"met": 1, "pending": 1, "late": 0, "overdue": 0, "total": 2})
    );
}

#[test]
fn year_2019_keeps_carried_over_items_and_drops_last_years_periods() {
    let j = summary_json(&repo(), &["--year", "2019"]);
    assert_eq!(
        j["as_of"], AS_OF,
        "the evaluation date is earlier than 12-31"
    );
    // Records c, d; items i3 (carried over, open) and i4 — i2 was closed in 2018;
    // rectification 0 of i3. 2018-H2 (late) belongs to 2018; 2019-H1 is met by d.
    // i3 overdue since 03-01 (14 days), i4 since 02-01 (42 days).
    assert_eq!(
        j["units"][0],
        json!({"id": "jw", "name": "区纪委", "points_led": 1, "points_supported": 0,
               "records": 2, "items_open": 2, "items_closed": 0,
               "rectification": {"closed": 0, "total": 1, "rate": 0.0},
               "overdue": 2, "due_soon": 0, "late": 0, "gaps": 0})
    );
    assert_eq!(
        j["points"][0]["periods"],
        json!({"met": 1, "pending": 0, "late": 0, "overdue": 0, "total": 1})
    );
    // Without a year: every record and item, 2018-H2 late.
    let all = summary_json(&repo(), &[]);
    assert_eq!(
        (
            &all["plan"]["records"],
            &all["plan"]["items_closed"],
            &all["plan"]["late"]
        ),
        (&json!(4), &json!(2), &json!(1))
    );
}

#[test]
fn as_of_alone_still_warns_about_later_entries() {
    // The contrast: evaluating the whole repository on 2018-12-31 makes c, d and
    // i4 dates in the future.
    let out = run(
        &repo(),
        &[
            "summary",
            "--repo",
            ".",
            "--as-of",
            "2018-12-31",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status, 0);
    assert_eq!(out.stderr.matches("warning[future-date]").count(), 3);
}

#[test]
fn a_year_not_yet_begun_is_bad_usage() {
    let out = run(
        &repo(),
        &[
            "summary", "--repo", ".", "--as-of", AS_OF, "--year", "2020", "--lang", "en",
        ],
    );
    assert_eq!(out.status, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("--year 2020: the year begins after the evaluation date 2019-03-15"),
        "{}",
        out.stderr
    );
}

#[test]
fn human_summary_shows_the_year_the_rate_note_and_upcoming_items() {
    let out = run(
        &repo(),
        &[
            "summary", "--repo", ".", "--as-of", AS_OF, "--year", "2018", "--lang", "zh",
            "--color", "never",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    for s in [
        "统计年度：2018（2018-01-01 至 2018-12-31）",
        "统计日期：2018-12-31",
        "1/2 50.0%",
        "只计类别为整改 rectification 的事项",
        "未到期事项（30 天以后到期）(1)",
        "2019-03-01",
        "1/2（未到期 1）",
    ] {
        assert!(out.stdout.contains(s), "missing {s}:\n{}", out.stdout);
    }
    let upcoming = out
        .stdout
        .lines()
        .find(|l| l.contains("整改三"))
        .expect("i3 listed");
    assert!(upcoming.contains("60"), "60 days left: {upcoming}");
}

#[test]
fn table_plan_prints_the_totals_alone() {
    let out = run(
        &repo(),
        &[
            "summary", "--repo", ".", "--as-of", AS_OF, "--table", "plan", "--lang", "en",
            "--color", "never",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Plan totals"));
    assert!(!out.stdout.contains("By unit"), "{}", out.stdout);
    assert!(!out.stdout.contains("By work point"), "{}", out.stdout);
    let csv = run(
        &repo(),
        &[
            "summary", "--repo", ".", "--as-of", AS_OF, "--table", "plan", "--format", "csv",
            "--lang", "en",
        ],
    );
    let rows = parse_csv(&csv.stdout);
    assert_eq!(rows[0], ["Measure", "Value"]);
    // Records 4; rectification i1, i2 closed of i1, i2, i3; overdue i3, i4.
    assert!(rows.contains(&vec!["Records".to_owned(), "4".to_owned()]));
    assert!(rows.contains(&vec![
        "Rectification rate".to_owned(),
        "2/3 66.7%".to_owned()
    ]));
    assert!(rows.contains(&vec!["Overdue".to_owned(), "2".to_owned()]));
}

// ------------------------------------------------------------------ CSV

/// RFC 4180 as a spreadsheet reads it: BOM stripped, CRLF rows, quoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    assert!(text.starts_with('\u{feff}'), "BOM first");
    let text = &text['\u{feff}'.len_utf8()..];
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR only before LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF in {text:?}"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "last row ends with CRLF"
    );
    rows
}

/// A unit whose name a spreadsheet would run as a formula, and titles that
/// start with the other trigger characters.
fn hostile() -> Repo {
    Repo::new()
        .file(
            "plan/plan.yaml",
            "plan: {id: p, issued: 2018-01-01}
units:
  - {id: jw, name: \"=cmd|' /C calc'!A0\"}
points:
  - id: WP01
    title: '@SUM(A1)'
    lead: [jw]
",
        )
        .file(
            "units/jw.yaml",
            "unit: jw
records:
  - {id: r1, date: 2018-03-01, ref: WP01, kind: rules, title: '=1+1'}
items:
  - {id: i1, kind: task, ref: WP01, title: '+86 电话', opened: 2018-05-01, due: 2018-06-01, measures: '-2+3'}
",
        )
}

#[test]
fn check_csv_is_the_findings_with_headers_in_the_language() {
    let r = repo();
    let json = r.check(AS_OF, &[]).findings();
    for (lang, head) in [("zh", "类别"), ("en", "Category")] {
        let out = run(
            &r,
            &[
                "check", "--repo", ".", "--as-of", AS_OF, "--format", "csv", "--lang", lang,
            ],
        );
        assert_eq!(out.status, 1, "overdue: exit status as for any format");
        let rows = parse_csv(&out.stdout);
        assert_eq!(rows[0][0], head);
        assert_eq!(rows.len() - 1, json.len(), "one row per finding");
        assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    }
    let out = run(
        &r,
        &[
            "check", "--repo", ".", "--as-of", AS_OF, "--format", "csv", "--lang", "en",
        ],
    );
    let rows = parse_csv(&out.stdout);
    assert_eq!(
        rows[0],
        [
            "Category",
            "Type",
            "Unit",
            "Point / item",
            "Obligation / item",
            "Period",
            "Due",
            "Days",
            "Have",
            "Need",
            "Done on",
            "Not covered",
            "Missing kinds"
        ]
    );
    // Findings as `check` orders them: i3 and i4 overdue, then 2018-H2 late —
    // done 2019-01-10, 10 days after 12-31.
    assert_eq!(rows[1][4], "i3 整改三");
    assert_eq!(rows[1][7], "14");
    assert_eq!(rows[2][4], "i4 线索");
    assert_eq!(rows[2][7], "42");
    assert_eq!(
        rows[3],
        [
            "Late",
            "obligation",
            "区纪委",
            "WP01 要点一",
            "report 每半年报告",
            "2018-H2",
            "2018-12-31",
            "10",
            "1",
            "1",
            "2019-01-10",
            "",
            ""
        ]
    );
}

#[test]
fn check_csv_defuses_cells_a_spreadsheet_would_run() {
    let out = run(
        &hostile(),
        &[
            "check",
            "--repo",
            ".",
            "--as-of",
            "2018-12-31",
            "--format",
            "csv",
            "--lang",
            "en",
        ],
    );
    let rows = parse_csv(&out.stdout);
    let units: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert!(!units.is_empty());
    assert!(
        units.iter().all(|u| *u == "'=cmd|' /C calc'!A0"),
        "{units:?}"
    );
}

// ------------------------------------------------------------------ xlsx

fn export(r: &Repo, extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "export", "xlsx", "--repo", ".", "--out", "out.xlsx", "--lang", "zh",
    ];
    args.extend_from_slice(extra);
    let out = run(r, &args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "已写入 out.xlsx\n");
    std::fs::read(r.path().join("out.xlsx")).expect("xlsx written")
}

type Book = Xlsx<Cursor<Vec<u8>>>;

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine reads")
}

fn sheet(book: &mut Book, name: &str) -> calamine::Range<Data> {
    book.worksheet_range(name).expect("sheet")
}

fn strings(row: &[Data]) -> Vec<String> {
    row.iter().map(|d| d.to_string()).collect()
}

const SHEETS_ZH: [&str; 5] = [
    "问题整改台账",
    "工作记实",
    "责任清单落实",
    "逾期临期迟办缺口",
    "汇总",
];

#[test]
fn embedded_workbook_rows_match_the_json_counts() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("ledgers.xlsx");
    let args: Vec<String> = [
        "export",
        "xlsx",
        "--repo",
        "ledgers",
        "--lang",
        "zh",
        "--out",
        file.to_str().expect("utf-8 path"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = run_in(&root(), &args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut book = open(std::fs::read(&file).expect("written"));
    assert_eq!(book.sheet_names(), SHEETS_ZH);

    let json = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        run_in(&root(), &args).json()
    };
    let summary = json(&["summary", "--repo", "ledgers", "--format", "json"]);
    let check = json(&["check", "--repo", "ledgers", "--format", "json"]);
    let plan = &summary["plan"];
    let count = |v: &Value| usize::try_from(v.as_u64().expect("count")).expect("fits");

    let items = sheet(&mut book, "问题整改台账");
    assert_eq!(
        items.height() - 1,
        count(&plan["items_open"]) + count(&plan["items_closed"])
    );
    let records = sheet(&mut book, "工作记实");
    assert_eq!(records.height() - 1, count(&plan["records"]));
    let findings = sheet(&mut book, "逾期临期迟办缺口");
    assert_eq!(
        findings.height() - 1,
        check["findings"].as_array().expect("findings").len()
    );

    // Headers as the issue names them; 整改时限 and 销号日期 are date cells.
    let head = strings(items.rows().next().expect("header"));
    for h in [
        "问题",
        "整改措施",
        "责任领导",
        "责任单位",
        "责任人",
        "整改时限",
        "进展",
        "佐证材料",
        "状态",
        "销号日期",
    ] {
        assert!(head.iter().any(|c| c == h), "{h} in {head:?}");
    }
    let at = |h: &str| head.iter().position(|c| c == h).expect("column");
    let (due, closed, state) = (at("整改时限"), at("销号日期"), at("状态"));
    let mut states = std::collections::BTreeSet::new();
    for row in items.rows().skip(1) {
        assert!(row[due].is_datetime(), "due {:?}", row[due]);
        states.insert(row[state].to_string());
        if row[state] == Data::String("已销号".into()) {
            assert!(row[closed].is_datetime(), "closed {:?}", row[closed]);
        } else {
            assert_eq!(row[closed], Data::Empty);
        }
    }
    for s in ["已销号", "正在推进", "逾期", "已延期"] {
        assert!(states.contains(s), "{s} among {states:?}");
    }
    // XS-2018-01 (jw's first item): the row of the ledger, with its real dates.
    let first = items.rows().nth(1).expect("a row");
    assert_eq!(first[0], Data::String("XS-2018-01".into()));
    let d = first[due].as_date().expect("a date");
    assert_eq!(d.to_string(), "2018-08-21");

    // Records: the date column is dates, sorted within each unit.
    for row in records.rows().skip(1) {
        assert!(row[0].is_datetime(), "{:?}", row[0]);
    }
    // Findings: counts are numbers, not text.
    let fhead = strings(findings.rows().next().expect("header"));
    let days = fhead.iter().position(|c| c == "天数").expect("天数");
    for row in findings.rows().skip(1) {
        assert!(
            matches!(row[days], Data::Float(_) | Data::Empty),
            "{:?}",
            row[days]
        );
    }
    // 汇总: the unit table first, its rows as `summary` counts them.
    let sum = sheet(&mut book, "汇总");
    let units = summary["units"].as_array().expect("units");
    let jw_row = sum
        .rows()
        .find(|r| r[0] == Data::String("jw".into()))
        .expect("jw row");
    let jw = units.iter().find(|u| u["id"] == "jw").expect("jw");
    assert_eq!(jw_row[4], Data::Float(jw["records"].as_f64().expect("n")));
    // Checklists: one row per item and unit, a mark per period.
    let cl = sheet(&mut book, "责任清单落实");
    let chead = strings(cl.rows().next().expect("header"));
    assert!(chead.iter().any(|c| c == "2018-H1"), "{chead:?}");
    assert!(
        cl.rows()
            .skip(1)
            .any(|r| r.iter().any(|c| c == &Data::String("✓".into())))
    );
}

#[test]
fn workbook_of_a_year_counts_that_year() {
    let r = repo();
    let mut book = open(export(&r, &["--as-of", AS_OF, "--year", "2018"]));
    // 2018 as counted above: items i2, i3; records a, b; one finding (2018-H2 due soon).
    assert_eq!(sheet(&mut book, "问题整改台账").height() - 1, 2);
    assert_eq!(sheet(&mut book, "工作记实").height() - 1, 2);
    let f = sheet(&mut book, "逾期临期迟办缺口");
    assert_eq!(f.height() - 1, 1);
    assert_eq!(
        f.rows().nth(1).expect("row")[0],
        Data::String("临期".into())
    );
    let items = sheet(&mut book, "问题整改台账");
    let states: Vec<String> = items.rows().skip(1).map(|r| r[13].to_string()).collect();
    assert_eq!(states, ["已销号", "正在推进"]);
}

#[test]
fn workbook_in_english_and_its_default_name() {
    let r = repo();
    let out = run(
        &r,
        &[
            "export", "xlsx", "--repo", ".", "--as-of", AS_OF, "--lang", "en",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "wrote yr-1-2019-03-15.xlsx\n");
    let bytes = std::fs::read(r.path().join("yr-1-2019-03-15.xlsx")).expect("default name");
    let mut book = open(bytes);
    assert_eq!(
        book.sheet_names(),
        ["Items", "Records", "Checklists", "Findings", "Summary"]
    );
    let head = strings(sheet(&mut book, "Items").rows().next().expect("header"));
    assert_eq!(head[3], "Problem");
    let out = run(
        &r,
        &[
            "export", "xlsx", "--repo", ".", "--as-of", AS_OF, "--year", "2018", "--lang", "en",
        ],
    );
    assert_eq!(out.stdout, "wrote yr-1-2018-2018-12-31.xlsx\n");
}

#[test]
fn workbook_titles_stay_text_never_formulas() {
    let r = hostile();
    let mut book = open(export(&r, &["--as-of", "2018-12-31"]));
    for name in SHEETS_ZH {
        let formulas = book.worksheet_formula(name).expect("formula range");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
    }
    let records = sheet(&mut book, "工作记实");
    let row = records.rows().nth(1).expect("r1");
    assert_eq!(row[1], Data::String("=cmd|' /C calc'!A0".into()));
    assert_eq!(row[5], Data::String("=1+1".into()));
    assert_eq!(row[3], Data::String("WP01 @SUM(A1)".into()));
    let items = sheet(&mut book, "问题整改台账");
    let row = items.rows().nth(1).expect("i1");
    assert_eq!(row[3], Data::String("+86 电话".into()));
    assert_eq!(row[4], Data::String("-2+3".into()));
}

#[test]
fn export_stops_on_file_errors_and_unwritable_paths() {
    let broken = repo().file("units/jw.yaml", "unit: jw\nrecords: [{id: a}]\n");
    let out = run(
        &broken,
        &[
            "export", "xlsx", "--repo", ".", "--as-of", AS_OF, "--lang", "en",
        ],
    );
    assert_eq!(out.status, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("error[missing-field]"),
        "{}",
        out.stderr
    );

    let out = run(
        &repo(),
        &[
            "export",
            "xlsx",
            "--repo",
            ".",
            "--as-of",
            AS_OF,
            "--out",
            "no/such/dir/x.xlsx",
        ],
    );
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("x.xlsx"), "{}", out.stderr);
}

/// The parts of the workbook calamine does not show: frozen header, filter,
/// A4 landscape fitted to the width, header rows repeated on every page.
#[test]
fn sheets_are_frozen_filtered_and_set_up_for_a4_landscape() {
    use std::io::Read;
    let bytes = export(&repo(), &["--as-of", AS_OF]);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut s)
            .expect("utf-8 xml");
        s
    };
    let workbook = read("xl/workbook.xml");
    let doc = roxmltree::Document::parse(&workbook).expect("workbook.xml");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("name") == Some("_xlnm.Print_Titles"))
        .filter_map(|n| n.text())
        .collect();
    // The four table sheets repeat their header row; 汇总 stacks tables and does not.
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(titles.iter().all(|t| t.ends_with("!$1:$1")), "{titles:?}");
    for i in 1..=5 {
        let xml = read(&format!("xl/worksheets/sheet{i}.xml"));
        let doc = roxmltree::Document::parse(&xml).expect("sheet xml");
        let find = |tag: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == tag)
                .unwrap_or_else(|| panic!("sheet{i}: no <{tag}>"))
        };
        let pane = find("pane");
        assert_eq!(pane.attribute("state"), Some("frozen"), "sheet{i}");
        assert!(pane.attribute("ySplit").is_some(), "sheet{i}");
        find("autoFilter");
        let setup = find("pageSetup");
        assert_eq!(
            setup.attribute("orientation"),
            Some("landscape"),
            "sheet{i}"
        );
        assert_eq!(setup.attribute("paperSize"), Some("9"), "sheet{i}: A4");
        assert_eq!(
            setup.attribute("fitToWidth"),
            None,
            "sheet{i}: 1 is the default"
        );
        assert_eq!(setup.attribute("fitToHeight"), Some("0"), "sheet{i}");
        assert!(
            find("oddFooter").text().unwrap_or("").contains("&P"),
            "sheet{i}: page numbers"
        );
    }
}

// ------------------------------------------------- xlsx of format 1.1 data

/// The workbook of a shipped repository, written to a temp folder.
fn shipped_workbook(repo: &str) -> Book {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.xlsx");
    let args: Vec<String> = [
        "export",
        "xlsx",
        "--repo",
        repo,
        "--lang",
        "zh",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = run_in(&root(), &args);
    assert_eq!(r.status, 0, "{}", r.stderr);
    open(std::fs::read(&out).expect("xlsx written"))
}

/// Rows as strings, the header first.
fn table(book: &mut Book, name: &str) -> Vec<Vec<String>> {
    sheet(book, name).rows().map(strings).collect()
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The 党员监督责任清单 of ledgers/ binds each registered member: a row per
/// person with their name (it had no row at all), their own records and gap;
/// a per-person finding names whom it binds; a record names its people.
#[test]
fn workbook_of_the_embedded_repository_names_the_people_it_binds() {
    let mut book = shipped_workbook("ledgers");

    let rows = table(&mut book, "责任清单落实");
    let h = &rows[0];
    let (cl, item, unit, person, count, status) = (
        column(h, "责任清单"),
        column(h, "条目"),
        column(h, "单位"),
        column(h, "人员"),
        column(h, "记实数"),
        column(h, "状态"),
    );
    let members: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[cl] == "党员监督责任清单")
        .collect();
    // 8 items × 9 registered members (three in each of three 基层党组织).
    assert_eq!(members.len(), 72);
    let of = |who: &str, it: &str| {
        members
            .iter()
            .find(|r| r[person] == who && r[item] == it)
            .unwrap_or_else(|| panic!("no row for {who} {it}"))
    };
    let tang = of("汤某 (sq-xinhepu-m3)", "M08");
    assert_eq!(tang[unit], "东山街新河浦社区党委");
    assert_eq!((tang[count].as_str(), tang[status].as_str()), ("0", "缺口"));
    assert_eq!(of("汤某 (sq-xinhepu-m3)", "M06")[status], "✓");
    // Units' checklists keep an empty 人员 cell.
    assert!(
        rows.iter()
            .skip(1)
            .filter(|r| r[cl] != "党员监督责任清单")
            .all(|r| r[person].is_empty())
    );

    let rows = table(&mut book, "逾期临期迟办缺口");
    let h = &rows[0];
    let who = column(h, "人员/对象");
    assert!(h.contains(&"起因事件".to_owned()) && h.contains(&"抽查".to_owned()));
    let unit = column(h, "单位");
    let cgj: Vec<&Vec<String>> = rows.iter().filter(|r| r[unit] == "区城市管理局").collect();
    assert_eq!(cgj.len(), 1);
    assert_eq!(cgj[0][who], "邵某 (cgj-2)");

    let rows = table(&mut book, "工作记实");
    let (id, people) = (column(&rows[0], "编号"), column(&rows[0], "涉及人员"));
    let r = rows
        .iter()
        .find(|r| r[id] == "dlb-2018-001")
        .expect("dlb-2018-001");
    assert_eq!(r[people], "邱某、谭某");
}

/// examples/004: an event's follow-up is typed as one and names the person
/// and the appointment that started it; a sample window says it was drawn.
#[test]
fn workbook_of_example_004_names_events_and_draws() {
    let mut book = shipped_workbook("examples/004-beijing-yibashou");
    let rows = table(&mut book, "逾期临期迟办缺口");
    let h = &rows[0];
    let (kind, what, period, who, event, sample) = (
        column(h, "类型"),
        column(h, "义务/事项"),
        column(h, "期间"),
        column(h, "人员/对象"),
        column(h, "起因事件"),
        column(h, "抽查"),
    );
    let talk = rows
        .iter()
        .find(|r| {
            r[what].starts_with("appointment-integrity-talk")
                && r[period] == "2022-03-14/2022-04-14"
        })
        .expect("the 任职廉政谈话 owed to czj-sj2");
    assert_eq!(talk[kind], "事件后续义务");
    assert_eq!(talk[who], "czj-sj2");
    assert_eq!(
        talk[event],
        "2022-03-14 市委组织部 zzb-2022-103 任命市财政局党组书记"
    );
    let check = rows
        .iter()
        .find(|r| r[what].starts_with("cadre-check") && r[period] == "2022")
        .expect("the 2022 sample");
    assert_eq!(check[sample], "已抽取");
    assert_eq!(column(h, "未覆盖"), 11);
}

/// A version-1 workbook has none of the 1.1 columns.
#[test]
fn workbook_of_format_1_keeps_its_columns() {
    let mut book = open(export(&repo(), &["--as-of", AS_OF]));
    assert_eq!(table(&mut book, "逾期临期迟办缺口")[0].len(), 13);
    assert_eq!(table(&mut book, "工作记实")[0].len(), 10);
    assert!(!table(&mut book, "逾期临期迟办缺口")[0].contains(&"人员/对象".to_owned()));
}
