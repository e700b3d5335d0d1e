//! `ledger summary`: the built binary on small fixture repositories whose counts
//! are worked out by hand below, the JSON envelope parsed back, CSV quoting and
//! BOM, the `--unit` filter, exit 2 on errors and bad usage; and a reviewed
//! snapshot of the embedded repository's tables.

use crate::common::{Repo, Run, root, run_in};
use serde_json::{Value, json};

const AS_OF: &str = "2019-01-15";

const UNITS: &str = r#"units:
  - {id: jw, name: 区纪委}
  - {id: zzb, name: 区委组织部}
  - {id: jd-a, name: '北京街,"试点"街道'}
"#;

/// Issued 2018-04-19. WP01 (lead jw, support zzb) has a half-year report
/// obligation and a 3-month item deadline; WP02 (lead zzb, support jw);
/// WP03 (lead jd-a, which keeps no ledger).
const PLAN: &str = "plan:
  id: p
  title: 测试方案
  issued: 2018-04-19
points:
  - id: WP01
    no: 1
    title: 要点一
    lead: [jw]
    support: [zzb]
    deadline: 3个月
    obligations:
      - {id: report, title: 每半年报告, kind: report, every: half-year}
  - id: WP02
    no: 2
    title: 要点二
    lead: [zzb]
    support: [jw]
  - id: WP03
    no: 3
    title: 要点三
    lead: [jd-a]
";

/// jw, as of 2019-01-15:
/// - records a, b count; c is void; d is dated after as_of (a future-date warning).
/// - WP01 `report`: 2018-H1 met by b (06-20); 2018-H2 only had the void c →
///   overdue; 2019-H1 not yet due (pending, 166 days left: no finding).
/// - i1 rectification, due 06-01 + 3 months = 09-01, closed 07-01: closed, on time.
/// - i2 rectification, due 10-01 + 3 months = 2019-01-01, open: overdue (14 days).
/// - i3 clue, due 2019-02-01, closed 2019-01-20 — after as_of, so open: due soon (17 days).
/// - i4 void; i5 opened after as_of: neither counts.
const JW: &str = "unit: jw
records:
  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: 细则}
  - {id: b, date: 2018-06-20, ref: WP01, kind: report, title: 上半年报告}
  - {id: c, date: 2018-12-01, ref: WP01, kind: report, title: 下半年报告, void: {date: 2018-12-02, reason: 误录}}
  - {id: d, date: 2019-02-01, ref: WP02, kind: meeting, title: 会议}
items:
  - {id: i1, kind: rectification, ref: WP01, title: 整改一, opened: 2018-06-01, closed: 2018-07-01}
  - {id: i2, kind: rectification, ref: WP01, title: 整改二, opened: 2018-10-01}
  - {id: i3, kind: clue, ref: WP02, title: 线索, opened: 2018-11-01, due: 2019-02-01, closed: 2019-01-20}
  - {id: i4, kind: rectification, ref: WP01, title: 重复, opened: 2018-07-01, void: {date: 2018-07-02, reason: 重复}}
  - {id: i5, kind: task, ref: WP02, title: 交办, opened: 2019-01-20, due: 2019-03-01}
";

/// zzb: two counting records; zi1 rectification due 10-01, closed 10-15: late.
const ZZB: &str = "unit: zzb
records:
  - {id: z1, date: 2018-05-10, ref: WP02, kind: rules, title: 细则}
  - {id: z2, date: 2018-07-10, ref: WP01, kind: other, title: 配合}
items:
  - {id: zi1, kind: rectification, ref: WP02, title: 整改, opened: 2018-08-01, due: 2018-10-01, closed: 2018-10-15}
";

fn repo() -> Repo {
    Repo::new()
        .file("plan/units.yaml", UNITS)
        .file("plan/plan.yaml", PLAN)
        .file("units/jw.yaml", JW)
        .file("units/zzb.yaml", ZZB)
}

fn summary(r: &Repo, extra: &[&str]) -> Run {
    let mut args: Vec<String> = [
        "summary", "--repo", ".", "--as-of", AS_OF, "--color", "never",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    run_in(r.path(), &args)
}

fn json_of(r: &Repo, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let run = summary(r, &args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.json()
}

fn rect(closed: u64, total: u64, rate: Option<f64>) -> Value {
    json!({"closed": closed, "total": total, "rate": rate})
}

#[test]
fn json_counts_match_the_hand_computed_ones() {
    let j = json_of(&repo(), &[]);
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["as_of", "plan", "points", "units", "upcoming", "version"]
    );
    // No open item is due beyond due_soon_days (30): i2 is overdue, i3 due soon.
    assert_eq!(j["upcoming"], json!([]));
    assert_eq!(j["version"], 1);
    assert_eq!(j["as_of"], AS_OF);

    // Findings: overdue = jw WP01/report 2018-H2 + jw i2 = 2; due soon = jw i3 = 1;
    // late = zzb zi1 = 1; gaps = jd-a no-ledger + jd-a no-records on WP03 = 2.
    let units = j["units"].as_array().unwrap();
    let ids: Vec<&str> = units.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["jw", "zzb", "jd-a"], "registry order");
    // jw: leads WP01, supports WP02; records a, b (c void, d after as_of) = 2;
    // items i2, i3 open, i1 closed (i4 void, i5 not yet opened); rectification
    // i1 closed of i1, i2 = 1/2 = 50.0%.
    assert_eq!(
        units[0],
        json!({"id": "jw", "name": "区纪委", "points_led": 1, "points_supported": 1,
               "records": 2, "items_open": 2, "items_closed": 1,
               "rectification": rect(1, 2, Some(50.0)),
               "overdue": 2, "due_soon": 1, "late": 0, "gaps": 0})
    );
    // zzb: leads WP02, supports WP01; records z1, z2; zi1 closed (late): 1/1 = 100.0%.
    assert_eq!(
        units[1],
        json!({"id": "zzb", "name": "区委组织部", "points_led": 1, "points_supported": 1,
               "records": 2, "items_open": 0, "items_closed": 1,
               "rectification": rect(1, 1, Some(100.0)),
               "overdue": 0, "due_soon": 0, "late": 1, "gaps": 0})
    );
    // jd-a: leads WP03, no ledger: no rectification items, so no rate.
    assert_eq!(
        units[2],
        json!({"id": "jd-a", "name": "北京街,\"试点\"街道", "points_led": 1, "points_supported": 0,
               "records": 0, "items_open": 0, "items_closed": 0,
               "rectification": rect(0, 0, None),
               "overdue": 0, "due_soon": 0, "late": 0, "gaps": 2})
    );

    let points = j["points"].as_array().unwrap();
    // WP01: records a, b (jw) + z2 (zzb) = 3; periods 2018-H1 met, 2018-H2 overdue,
    // 2019-H1 pending = 1 met of 3; open items: i2 = 1; the overdue finding → overdue.
    assert_eq!(
        points[0],
        json!({"id": "WP01", "no": 1, "title": "要点一", "lead": ["jw"], "lead_names": ["区纪委"],
               "records": 3,
               "periods": {"met": 1, "pending": 1, "late": 0, "overdue": 1, "total": 3},
               "items_open": 1, "status": "overdue"})
    );
    // WP02: record z1 (d is after as_of) = 1; no obligations; open: i3; i3 due soon
    // (zi1 was late, which is history and leaves the status alone) → due-soon.
    assert_eq!(
        points[1],
        json!({"id": "WP02", "no": 2, "title": "要点二", "lead": ["zzb"], "lead_names": ["区委组织部"],
               "records": 1,
               "periods": {"met": 0, "pending": 0, "late": 0, "overdue": 0, "total": 0},
               "items_open": 1, "status": "due-soon"})
    );
    // WP03: nothing recorded; jd-a's no-records gap names WP03 → gaps.
    assert_eq!(points[2]["records"], 0);
    assert_eq!(points[2]["status"], "gaps");
    assert_eq!(points[2]["lead_names"], json!(["北京街,\"试点\"街道"]));

    // Plan: 3 points, 3 units, records 2 + 2 + 0 = 4, open 2 + 0 = 2, closed 1 + 1 = 2,
    // rectification (1 + 1) / (2 + 1) = 66.7%.
    assert_eq!(
        j["plan"],
        json!({"title": "测试方案", "points": 3, "units": 3, "records": 4,
               "items_open": 2, "items_closed": 2,
               "rectification": rect(2, 3, Some(66.7)),
               "overdue": 2, "due_soon": 1, "late": 1, "gaps": 2})
    );
}

#[test]
fn findings_counted_agree_with_check() {
    let r = repo();
    let check = r.check(AS_OF, &[]);
    let s = &check.json()["summary"];
    let plan = &json_of(&r, &[])["plan"];
    for k in ["overdue", "due_soon", "late", "gaps"] {
        assert_eq!(plan[k], s[k], "{k}");
    }
}

#[test]
fn warnings_go_to_stderr_and_do_not_stop_the_summary() {
    // d (record), i3 (closed) and i5 (opened) are dated after as_of.
    let run = summary(&repo(), &["--format", "json"]);
    assert_eq!(run.status, 0);
    assert_eq!(
        run.stderr.matches("warning[future-date]").count(),
        3,
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["version"], 1);
}

#[test]
fn unit_filter_restricts_every_count() {
    let j = json_of(&repo(), &["--unit", "zzb"]);
    let units = j["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(units[0]["id"], "zzb");
    assert_eq!(units[0]["late"], 1);
    // Only zzb's share of the points: WP01 has z2 only, and its obligation binds jw
    // alone (0 periods); i2 and i3 are jw's; none of zzb's findings ref a point
    // except the late zi1 on WP02, which leaves it on track.
    let p = &j["points"];
    assert_eq!(p.as_array().unwrap().len(), 3, "every point is listed");
    assert_eq!(
        (
            &p[0]["records"],
            &p[0]["periods"]["total"],
            &p[0]["items_open"],
            &p[0]["status"]
        ),
        (&json!(1), &json!(0), &json!(0), &json!("on-track"))
    );
    assert_eq!(
        (&p[1]["records"], &p[1]["status"]),
        (&json!(1), &json!("on-track"))
    );
    assert_eq!(p[2]["status"], "on-track");
    // Plan: 1 unit; records 2; closed 1; rectification 1/1; only zzb's late finding.
    assert_eq!(
        j["plan"],
        json!({"title": "测试方案", "points": 3, "units": 1, "records": 2,
               "items_open": 0, "items_closed": 1,
               "rectification": rect(1, 1, Some(100.0)),
               "overdue": 0, "due_soon": 0, "late": 1, "gaps": 0})
    );
    // Two units: the rows follow the registry, not the command line.
    let j = json_of(&repo(), &["--unit", "jd-a", "--unit", "jw"]);
    let ids: Vec<&str> = j["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["jw", "jd-a"]);
    assert_eq!(j["plan"]["gaps"], 2);
    assert_eq!(j["plan"]["overdue"], 2);
}

#[test]
fn csv_has_a_bom_crlf_and_rfc_4180_quoting() {
    let run = summary(&repo(), &["--format", "csv", "--lang", "zh"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = &run.stdout;
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM first");
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .split_terminator("\r\n")
        .collect();
    assert_eq!(
        lines,
        [
            // The rate as closed, total, percent (`1/2` in one cell is a date to
            // Excel); late (迟办) between due soon and gaps, as `check` orders them.
            "单位编号,单位名称,牵头要点,配合要点,工作记实,未销号事项,已销号事项,已销号整改事项,整改事项,整改完成率,逾期,临期,迟办,缺口",
            "jw,区纪委,1,1,2,2,1,1,2,50.0%,2,1,0,0",
            "zzb,区委组织部,1,1,2,0,1,1,1,100.0%,0,0,1,0",
            // The name holds a comma and quotes: quoted, quotes doubled.
            "jd-a,\"北京街,\"\"试点\"\"街道\",1,0,0,0,0,0,0,—,0,0,0,2",
        ]
    );
}

#[test]
fn csv_points_table_splits_periods_into_two_columns() {
    let run = summary(
        &repo(),
        &["--format", "csv", "--table", "points", "--lang", "en"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines: Vec<&str> = run
        .stdout
        .trim_start_matches('\u{feff}')
        .split_terminator("\r\n")
        .collect();
    assert_eq!(
        lines,
        [
            "No.,Point id,Title,Lead units,Records,Periods met,Periods total,Open items,Status",
            "1,WP01,要点一,区纪委,3,1,3,1,overdue",
            "2,WP02,要点二,区委组织部,1,0,0,1,due soon",
            "3,WP03,要点三,\"北京街,\"\"试点\"\"街道\",0,0,0,0,gaps",
        ]
    );
}

#[test]
fn human_tables_have_headers_in_the_chosen_language() {
    let zh = summary(&repo(), &["--lang", "zh"]);
    assert_eq!(zh.status, 0, "{}", zh.stderr);
    for s in [
        "工作台账统计：测试方案",
        "统计日期：2019-01-15",
        "按单位统计 (3)",
        "按工作要点统计 (3)",
        "全方案合计",
        "整改完成率",
        "义务期间 达标/应有",
        "有逾期",
        "有临期",
        "有缺口",
        "66.7%",
    ] {
        assert!(zh.stdout.contains(s), "missing {s}:\n{}", zh.stdout);
    }
    let en = summary(&repo(), &["--lang", "en"]);
    for s in [
        "Ledger summary: 测试方案",
        "By unit (3)",
        "Rectification rate",
        "Periods met/total",
        "1/3",
        "Plan totals",
    ] {
        assert!(en.stdout.contains(s), "missing {s}:\n{}", en.stdout);
    }
    assert!(!en.stdout.contains("整改完成率"));
}

#[test]
fn error_diagnostics_go_to_stderr_with_exit_2_and_nothing_on_stdout() {
    let r = repo().file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: z1, date: 2018-05-10, ref: WP02, kind: rulez, title: 细则}\n",
    );
    for format in ["human", "json", "csv"] {
        let run = summary(&r, &["--format", format, "--lang", "en"]);
        assert_eq!(run.status, 2, "{format}");
        assert_eq!(run.stdout, "", "{format}");
        // Rendered as `check` renders it: location (col 49: 48 characters precede
        // `rulez`), code, the line and a caret.
        assert!(
            run.stderr
                .contains("units/zzb.yaml:3:49: error[unknown-kind]"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("did you mean `rules`?"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn bad_usage_exits_2() {
    let run = summary(&repo(), &["--unit", "zbb"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("--unit zbb: not a registered unit; did you mean `zzb`?"),
        "{}",
        run.stderr
    );

    let run = summary(&repo(), &["--table", "items"]);
    assert_eq!(run.status, 2);

    let bare = Repo::bare();
    let run = summary(&bare, &[]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("error[no-repo]"), "{}", run.stderr);
}

#[test]
fn help_says_the_csv_has_a_bom_for_excel() {
    let run = run_in(&root(), &["summary".into(), "--help".into()]);
    assert_eq!(run.status, 0);
    assert!(
        run.stdout.contains("byte-order mark (BOM)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Excel"), "{}", run.stdout);
}

/// The embedded repository (as_of pinned to 2019-01-15 in ledgers/ledger.toml).
/// Checked by hand against the files when the snapshot was accepted:
/// - jw leads 20 points (WP10, 12–22, 25, 27, 30–35) and supports 5 (WP02 08 11 26 29);
///   zzb leads 12 and supports 10 (the comments at the top of their ledgers).
/// - jw: 66 records, 4 void (047, 060, and 025, 057 moved to the 派驻纪检组) = 62; items:
///   11, XS-2018-07 void; closed XS-01–04, 09, 10, ZG-01 = 7, open XS-05, 06, 08 = 3; its
///   one rectification is closed: 100.0%.
/// - zzb: 58 records − 1 void = 57; ZG-04 void; ZG-01, 02 closed, ZG-03, JB-01 open;
///   rectification 2 of ZG-01..03 = 66.7%.
/// - dlxz (reported by dlb) leads WP01 and keeps no ledger: its 10 records and dlb's own
///   WP10 review are dlb's 11.
/// - WP10: 44 leaders in office on 2018-12-31 (组织部's 余某 left on 08-31): 41 met, 2 late
///   (人大办, 2019-01-09), 1 overdue (城市管理局's 副局长); 2019 pending for all 44: 41/88.
///   Records: jw 5, zzb 2, wb 2 and one review in 18 other ledgers = 27.
/// - WP14: half-year-report 2018-H1 met (06-27), 2018-H2 late (2019-01-10), 2019-H1
///   pending; annual-duty-report 2018 met (12-21), 2019 pending: 2/5. Records 6 − the
///   void jw-2018-060 = 5.
/// - WP16's duties are per-派驻组 coverage and 定期 gaps, not calendar periods (—); its
///   records: jw 3 + pz1 7 + pz2 6 + pz3 7 = 23.
/// - WP32 open items: jw XS-05, 06, 08 and xcb ZG-03 = 4.
/// - Plan: rectification closed 1 + 2 + 2 (xcb) + 0 (sq-xihu) + 1 (sq-xinhepu) + 1 (sjj)
///   = 7 of 1 + 3 + 3 + 1 + 1 + 1 = 10: 70.0%; findings 9/3/10/14 as `check` reports.
/// - 迟办 per unit: jw 2 (WP14 2018-H2, XS-2018-03), zzb 1 (ZG-2018-01), xcbu 1 (D04),
///   tzb 2 (annual-summary, D16), rdb 2 (WP10), zfw 1 (D13), sq-xihu 1 (G05) = the plan's 10.
/// - Open items due beyond 30 days: only jw XS-2018-08, due 2019-03-29, 73 days ahead.
#[test]
fn embedded_repository_summary_zh() {
    let args: Vec<String> = [
        "summary", "--repo", "ledgers", "--lang", "zh", "--color", "never",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let run = run_in(&root(), &args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("embedded_repository_zh", run.stdout);
}
