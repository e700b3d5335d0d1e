//! The files a clerk hands on (module `handon`) — `ledger report` (Markdown, docx), `ledger
//! export html`, `ledger export ics` — run as the built binary on a small
//! fixture whose numbers are worked out by hand below, and read back with
//! readers that share no code with the writers: the .docx unzipped and its
//! `document.xml` parsed with roxmltree, the .ics with the `ical` parser, the
//! HTML with `tl`. The embedded repository's report for 区纪委 is a reviewed
//! snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use crate::common::{Repo, Run, root, run_in};

const PLAN: &str = r#"plan: {id: t-1, title: 测试方案, doc_no: 测〔2018〕1号, issued: 2018-04-19, requires: [rules]}
units:
  - {id: jw, name: 区纪委}
  - {id: zzb, name: 区委组织部}
  - {id: jd, name: 北京街}
points:
  - id: WP01
    no: 1
    title: '要点一 <script>alert(1)</script> & "引号", 逗号; 分号'
    lead: [jw]
    support: [zzb]
    deadline: 3个月
    obligations:
      - {id: report, title: 每半年报告, kind: report, every: half-year}
  - id: WP02
    no: 2
    title: 要点二
    lead: [zzb]
  - id: WP03
    no: 3
    title: 要点三
    lead: [jw]
obligations:
  - {id: annual-summary, title: 年度落实情况报区党廉办, who: leads, kind: report, every: year, due: 12-10}
"#;

/// Worked out for `--year 2018` (evaluated as of 2018-12-31) and as of
/// 2019-01-15 (the plain exports):
/// - WP01 `report`: 2018-H1 met by b (06-20). 2018-H2: c is dated 2019-01-05
///   with `period: 2018-H2`, so as of 12-31 it does not count yet (pending, due
///   today: due soon, 0 days); as of 01-15 it is late by 5 days.
/// - `annual-summary` 2018 (due 12-10): jw met by d (12-05); zzb late by z2 (12-14, 4 days).
/// - i1: due 06-01 + 3 months = 09-01, closed 08-20: closed on time.
/// - i2: due 10-01 + 3 months = 2019-01-01, extended on 12-20 to 2019-03-31:
///   open, extended (as of 12-01 its due is still 2019-01-01).
/// - i3: due 11-30, open: overdue 31 days as of 12-31, 46 days as of 01-15.
/// - WP03 (lead jw) has no record: a `no-records` gap.
/// - zzb supports WP01 and has no record on it: no finding (not a lead).
const JW: &str = "unit: jw
records:
  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: 制定细则, evidence: [测纪〔2018〕1号]}
  - {id: b, date: 2018-06-20, ref: WP01, kind: report, title: 上半年报告}
  - {id: c, date: 2019-01-05, ref: WP01, kind: report, title: 下半年报告, period: 2018-H2}
  - {id: d, date: 2018-12-05, ref: annual-summary, kind: report, title: 2018年落实情况报告, evidence: [测纪〔2018〕9号]}
  - {id: e, date: 2018-07-01, ref: WP01, kind: meeting, title: 作废的会议, void: {date: 2018-07-02, reason: 误录}}
items:
  - {id: i1, kind: rectification, ref: WP01, title: 整改一, opened: 2018-06-01, closed: 2018-08-20}
  - id: i2
    kind: rectification
    ref: WP01
    title: 整改二
    opened: 2018-10-01
    extensions: [{date: 2018-12-20, due: 2019-03-31, reason: 待审议}]
    progress: [{date: 2018-12-01, note: 已制定方案}]
  - {id: i3, kind: clue, ref: WP01, title: 线索一, opened: 2018-09-01, due: 2018-11-30}
";

const ZZB: &str = "unit: zzb
records:
  - {id: z1, date: 2018-07-01, ref: WP02, kind: rules, title: 组织部细则}
  - {id: z2, date: 2018-12-14, ref: annual-summary, kind: report, title: 组织部年度报告}
";

fn fixture() -> Repo {
    Repo::new()
        .file("plan/plan.yaml", PLAN)
        .file("units/jw.yaml", JW)
        .file("units/zzb.yaml", ZZB)
        .file("units/jd.yaml", "unit: jd\n")
}

fn run(repo: &Repo, args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    run_in(repo.path(), &args)
}

fn bytes(repo: &Repo, file: &str) -> Vec<u8> {
    std::fs::read(repo.path().join(file)).expect("output file")
}

// ------------------------------------------------------------------ report

#[test]
fn report_markdown_en_of_a_lead_unit() {
    let repo = fixture();
    let r = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--unit",
            "jw",
            "--lang",
            "en",
            "--out",
            "-",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("report_fixture_jw_en", r.stdout);
}

#[test]
fn report_markdown_zh_plan_wide() {
    let repo = fixture();
    let r = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--lang",
            "zh",
            "--out",
            "-",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    insta::assert_snapshot!("report_fixture_plan_zh", r.stdout);
}

/// The reviewed annual report of 区纪委 on the embedded repository.
#[test]
fn report_embedded_repository_jw_zh() {
    let args: Vec<String> = [
        "report", "--repo", "ledgers", "--year", "2018", "--unit", "jw", "--lang", "zh", "--out",
        "-",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = run_in(&root(), &args);
    assert_eq!(r.status, 0, "{}", r.stderr);
    insta::assert_snapshot!("report_embedded_jw_zh", r.stdout);
}

/// The Markdown tables, cell by cell (escapes undone), in order.
fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    for line in md.lines() {
        if let Some(inner) = line.strip_prefix("| ").and_then(|l| l.strip_suffix(" |")) {
            if inner.split(" | ").all(|c| c == "---") {
                continue;
            }
            // Split on unescaped ` | `, then undo the escapes.
            let mut cells = Vec::new();
            let mut cell = String::new();
            let mut chars = inner.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => cell.extend(chars.next()),
                    '|' => {
                        cells.push(cell.trim().replace("&amp;", "&"));
                        cell = String::new();
                    }
                    c => cell.push(c),
                }
            }
            cells.push(cell.trim().replace("&amp;", "&"));
            current.push(cells);
        } else if !current.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tables.push(current);
    }
    tables
}

fn w(name: &str) -> (&'static str, &str) {
    (
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        name,
    )
}

/// The text of a paragraph or cell: its `w:t`, with `w:br` as a line break.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if d.has_tag_name(w("t")) {
            s.push_str(d.text().unwrap_or_default());
        } else if d.has_tag_name(w("br")) {
            s.push('\n');
        }
    }
    s
}

#[test]
fn report_docx_reads_back_as_the_markdown_says() {
    let repo = fixture();
    let md = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--unit",
            "jw",
            "--lang",
            "zh",
            "--out",
            "-",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(md.status, 0, "{}", md.stderr);
    let r = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--unit",
            "jw",
            "--lang",
            "zh",
            "--out",
            "jw.docx",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "jw.docx\n");
    let docx = bytes(&repo, "jw.docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.clone())).expect("a zip");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    };
    let types = part("[Content_Types].xml");
    assert!(types.contains(
        r#"PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml""#
    ));
    assert!(part("_rels/.rels").contains(r#"Target="word/document.xml""#));
    let rels = part("word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Target="styles.xml""#) && rels.contains(r#"Target="footer1.xml""#));
    let footer = part("word/footer1.xml");
    let footer = roxmltree::Document::parse(&footer).expect("footer1.xml parses");
    assert!(footer.descendants().any(|n| n.has_tag_name(w("instrText"))
        && n.text().is_some_and(|t| t.trim() == "PAGE")));

    let styles = part("word/styles.xml");
    let styles = roxmltree::Document::parse(&styles).expect("styles.xml parses");
    let style_ids: BTreeSet<&str> = styles
        .descendants()
        .filter(|n| n.has_tag_name(w("style")))
        .filter_map(|n| n.attribute(w("styleId")))
        .collect();
    for id in [
        "Normal",
        "Title",
        "Heading1",
        "Heading2",
        "Heading3",
        "TableGrid",
    ] {
        assert!(style_ids.contains(id), "style {id} missing: {style_ids:?}");
    }
    let east_asia: BTreeSet<&str> = styles
        .descendants()
        .filter(|n| n.has_tag_name(w("rFonts")))
        .filter_map(|n| n.attribute(w("eastAsia")))
        .collect();
    assert_eq!(east_asia, BTreeSet::from(["SimHei", "SimSun"]));

    let doc = part("word/document.xml");
    let doc = roxmltree::Document::parse(&doc).expect("document.xml parses");
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name(w("body")))
        .expect("body");
    // Headings, by style, in order — the Markdown's headings.
    let mut headings = Vec::new();
    for p in body.children().filter(|n| n.has_tag_name(w("p"))) {
        let style = p
            .descendants()
            .find(|n| n.has_tag_name(w("pStyle")))
            .and_then(|s| s.attribute(w("val")))
            .unwrap_or("Normal");
        let level = match style {
            "Title" => 1,
            "Heading1" => 2,
            "Heading2" => 3,
            "Heading3" => 4,
            _ => continue,
        };
        headings.push(format!("{} {}", "#".repeat(level), text_of(p)));
    }
    let md_headings: Vec<String> = md
        .stdout
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.replace('\\', "").replace("&amp;", "&"))
        .collect();
    assert_eq!(headings, md_headings);
    assert!(headings.contains(&"## 二、牵头工作要点落实情况".to_owned()));

    // Tables: cell texts equal the Markdown's, header rows repeat on each page.
    let tables: Vec<Vec<Vec<String>>> = body
        .children()
        .filter(|n| n.has_tag_name(w("tbl")))
        .map(|t| {
            t.children()
                .filter(|r| r.has_tag_name(w("tr")))
                .map(|r| {
                    r.children()
                        .filter(|c| c.has_tag_name(w("tc")))
                        .map(|c| text_of(c).replace('\n', " "))
                        .collect()
                })
                .collect()
        })
        .collect();
    assert_eq!(tables, markdown_tables(&md.stdout));
    let header_rows = body
        .descendants()
        .filter(|n| n.has_tag_name(w("tblHeader")))
        .count();
    assert_eq!(header_rows, tables.len());
    // A4 portrait.
    let size = body
        .descendants()
        .find(|n| n.has_tag_name(w("pgSz")))
        .expect("page size");
    assert_eq!(
        (size.attribute(w("w")), size.attribute(w("h"))),
        (Some("11906"), Some("16838"))
    );
    // Deterministic: the same bytes again.
    let again = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--unit",
            "jw",
            "--lang",
            "zh",
            "--out",
            "jw2.docx",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(again.status, 0);
    assert_eq!(bytes(&repo, "jw2.docx"), docx);
}

#[test]
fn report_format_follows_the_out_extension_and_default_names_carry_plan_and_year() {
    let repo = fixture();
    let r = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--unit",
            "zzb",
            "--format",
            "docx",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(
        (r.status, r.stdout.as_str()),
        (0, "t-1-report-2018-zzb.docx\n"),
        "{}",
        r.stderr
    );
    assert!(bytes(&repo, "t-1-report-2018-zzb.docx").starts_with(b"PK\x03\x04"));
    let r = run(
        &repo,
        &["report", "--year", "2018", "--as-of", "2019-01-15"],
    );
    assert_eq!((r.status, r.stdout.as_str()), (0, "t-1-report-2018.md\n"));
    assert!(
        String::from_utf8(bytes(&repo, "t-1-report-2018.md"))
            .expect("utf-8")
            .starts_with("# ")
    );
}

#[test]
fn report_refuses_unknown_units_future_years_and_broken_files() {
    let repo = fixture();
    let r = run(
        &repo,
        &[
            "report",
            "--unit",
            "jww",
            "--lang",
            "en",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(r.status, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "ledger: --unit jww: not a registered unit; did you mean `jw`?\n"
    );
    let r = run(
        &repo,
        &[
            "report",
            "--year",
            "2020",
            "--lang",
            "en",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(r.status, 2);
    assert_eq!(
        r.stderr,
        "ledger: --year 2020: the year begins after the evaluation date 2019-01-15\n"
    );
    let broken = fixture().file("units/zzb.yaml", "unit: zzb\nrecords: [{id: z1}]\n");
    for args in [
        &["report", "--year", "2018"][..],
        &["export", "html"][..],
        &["export", "ics"][..],
    ] {
        let mut a = args.to_vec();
        a.extend(["--out", "-", "--lang", "en", "--color", "never"]);
        let r = run(&broken, &a);
        assert_eq!(r.status, 2, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(r.stderr.contains("missing-field"), "{args:?}: {}", r.stderr);
    }
}

// ------------------------------------------------------------------ ics

fn calendar(
    repo: &Repo,
    as_of: &str,
    days: &str,
) -> (String, ical::parser::ical::component::IcalCalendar) {
    let r = run(
        repo,
        &[
            "export", "ics", "--as-of", as_of, "--days", days, "--lang", "zh", "--out", "-",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let mut cals: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(r.stdout.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .expect("the ics parses");
    assert_eq!(cals.len(), 1);
    (r.stdout, cals.remove(0))
}

fn prop<'e>(e: &'e ical::parser::ical::component::IcalEvent, name: &str) -> &'e str {
    e.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("{name} missing"))
}

/// TEXT unescaped (RFC 5545 §3.3.11), by hand.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn ics_lists_every_due_ahead_and_parses_back() {
    let repo = fixture();
    let (raw, cal) = calendar(&repo, "2019-01-15", "366");
    // Octets: CRLF everywhere, no line over 75, folds are CRLF + space.
    assert!(raw.ends_with("END:VCALENDAR\r\n"));
    for line in raw.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'));
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let events: Vec<(String, String, String)> = cal
        .events
        .iter()
        .map(|e| {
            assert_eq!(
                e.properties
                    .iter()
                    .find(|p| p.name == "DTSTART")
                    .and_then(|p| p.params.clone()),
                Some(vec![("VALUE".to_owned(), vec!["DATE".to_owned()])])
            );
            assert_eq!(e.alarms.len(), 1);
            (
                prop(e, "DTSTART").to_owned(),
                prop(e, "DTEND").to_owned(),
                unescape(prop(e, "SUMMARY")),
            )
        })
        .collect();
    // Hand-worked (see JW): 2019-H1 and 2019-H2 of `report` (2018-H2 is past),
    // the 2019 annual summary of both leads, and i2 at its extended due date;
    // i3 is overdue (past), i1 closed, 2020 periods fall after the horizon.
    let ev = |s: &str, e: &str, t: &str| (s.to_owned(), e.to_owned(), t.to_owned());
    assert_eq!(
        events,
        vec![
            ev("20190331", "20190401", "【期限】区纪委：整改二"),
            ev(
                "20190630",
                "20190701",
                "【期限】区纪委：每半年报告（2019-H1）"
            ),
            ev(
                "20191210",
                "20191211",
                "【期限】区纪委：年度落实情况报区党廉办（2019）"
            ),
            ev(
                "20191210",
                "20191211",
                "【期限】区委组织部：年度落实情况报区党廉办（2019）"
            ),
            ev(
                "20191231",
                "20200101",
                "【期限】区纪委：每半年报告（2019-H2）"
            ),
        ]
    );
    let uids: BTreeSet<&str> = cal.events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), 5);
    // The user's punctuation survives escaping and folding.
    let desc = unescape(prop(&cal.events[0], "DESCRIPTION"));
    assert!(
        desc.contains("要点/条目：WP01 要点一 <script>alert(1)</script> & \"引号\", 逗号; 分号\n"),
        "{desc}"
    );
    // --days bounds it: within 90 days only i2 (2019-03-31, 75 days ahead).
    let (_, near) = calendar(&repo, "2019-01-15", "90");
    assert_eq!(near.events.len(), 1);
    assert_eq!(prop(&near.events[0], "UID"), prop(&cal.events[0], "UID"));
}

/// An extension moves i2's due date; the event keeps its UID, so a calendar
/// updates it instead of adding a second one.
#[test]
fn ics_uid_survives_an_extension() {
    let repo = fixture();
    let (_, before) = calendar(&repo, "2018-12-01", "40");
    let (_, after) = calendar(&repo, "2018-12-21", "120");
    let find = |cal: &ical::parser::ical::component::IcalCalendar| {
        cal.events
            .iter()
            .find(|e| unescape(prop(e, "SUMMARY")).ends_with("整改二"))
            .map(|e| (prop(e, "UID").to_owned(), prop(e, "DTSTART").to_owned()))
            .expect("i2 in the calendar")
    };
    let (uid_before, start_before) = find(&before);
    let (uid_after, start_after) = find(&after);
    assert_eq!(start_before, "20190101");
    assert_eq!(start_after, "20190331");
    assert_eq!(uid_before, uid_after);
}

// ------------------------------------------------------------------ html

#[test]
fn html_dashboard_is_self_contained_and_escapes_titles() {
    let repo = fixture();
    let r = run(
        &repo,
        &[
            "export",
            "html",
            "--as-of",
            "2019-01-15",
            "--lang",
            "zh",
            "--out",
            "dash.html",
        ],
    );
    assert_eq!(
        (r.status, r.stdout.as_str()),
        (0, "dash.html\n"),
        "{}",
        r.stderr
    );
    let html = String::from_utf8(bytes(&repo, "dash.html")).expect("utf-8");
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("the HTML parses");
    let parser = dom.parser();
    let tags: Vec<&tl::HTMLTag<'_>> = dom.nodes().iter().filter_map(|n| n.as_tag()).collect();
    let name = |t: &tl::HTMLTag<'_>| t.name().as_utf8_str().to_ascii_lowercase();

    // Nothing to fetch: no external references of any kind.
    let mut ids = BTreeSet::new();
    let mut links = Vec::new();
    for t in &tags {
        assert!(
            !matches!(
                name(t).as_str(),
                "link" | "iframe" | "img" | "object" | "embed"
            ),
            "<{}>",
            name(t)
        );
        for (k, v) in t.attributes().iter() {
            let v = v.map(|v| v.into_owned()).unwrap_or_default();
            match k.as_ref() {
                "src" => panic!("src attribute on <{}>: {v}", name(t)),
                "href" => links.push(v),
                "id" => {
                    ids.insert(v);
                }
                "style" => assert!(!v.contains("url("), "{v}"),
                _ => {}
            }
        }
    }
    for l in &links {
        let target = l
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external link {l}"));
        assert!(ids.contains(target), "link to a missing id: {l}");
    }
    let lower = html.to_ascii_lowercase();
    for bad in ["@import", "url(", "http://", "https://", "//cdn"] {
        assert!(!lower.contains(bad), "{bad}");
    }
    let scripts: Vec<_> = tags.iter().filter(|t| name(t) == "script").collect();
    assert_eq!(scripts.len(), 1, "only our own inline script");
    assert!(scripts[0].inner_text(parser).len() < 1000);
    // The title with markup in it is text, wherever it appears.
    assert!(html.contains("要点一 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;"));
    assert!(!html.contains("<script>alert"));
    // CJK fonts an office PC has, and a print stylesheet.
    assert!(
        html.contains("\"Microsoft YaHei\"")
            && html.contains("SimSun")
            && html.contains("Noto Sans CJK SC")
    );
    assert!(html.contains("@media print"));

    // The heatmap: one row per registered unit, one column per point and plan-wide obligation.
    let heat = dom
        .get_elements_by_class_name("heat")
        .next()
        .and_then(|h| h.get(parser))
        .and_then(|n| n.as_tag())
        .expect("heatmap table");
    let heat_html = heat.inner_html(parser);
    let heat_dom = tl::parse(&heat_html, tl::ParserOptions::default()).expect("parses");
    let hp = heat_dom.parser();
    let mut grid: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for tr in heat_dom.query_selector("tr").expect("selector") {
        let tr = tr.get(hp).and_then(|n| n.as_tag()).expect("tr");
        let cells: Vec<&tl::HTMLTag<'_>> = tr
            .children()
            .top()
            .iter()
            .filter_map(|c| c.get(hp).and_then(|n| n.as_tag()))
            .collect();
        // Header rows have no data cells.
        if !cells.iter().any(|c| name(c) == "td") {
            continue;
        }
        let unit = cells[0].inner_text(hp).into_owned();
        let classes = cells[1..]
            .iter()
            .map(|c| {
                c.attributes()
                    .class()
                    .map(|b| b.as_utf8_str().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        grid.insert(unit, classes);
    }
    let row = |v: &[&str]| v.iter().map(|s| format!("c-{s}")).collect::<Vec<_>>();
    // Hand-worked as of 2019-01-15 (see JW): jw × WP01 overdue (i3) beats late
    // (2018-H2); WP03 a gap; the annual summary met. zzb supports WP01 (nothing
    // due), leads WP02 (recorded), was late with its annual summary. 北京街 is in nothing.
    assert_eq!(
        grid,
        BTreeMap::from([
            ("区纪委".to_owned(), row(&["overdue", "none", "gap", "met"])),
            (
                "区委组织部".to_owned(),
                row(&["notdue", "met", "none", "late"])
            ),
            ("北京街".to_owned(), row(&["none", "none", "none", "none"])),
        ])
    );
    // Drill-downs for every unit and point.
    for id in ["u-jw", "u-zzb", "u-jd", "p-WP01", "p-WP02", "p-WP03"] {
        let d = dom
            .get_element_by_id(id)
            .and_then(|h| h.get(parser))
            .and_then(|n| n.as_tag());
        assert_eq!(d.map(&name), Some("details".to_owned()), "{id}");
    }
}

/// A point with more records than the drill-down lists: the latest 200, and a
/// line saying how many are left to the annual report.
#[test]
fn html_point_drill_down_lists_the_latest_records() {
    let mut jw = String::from("unit: jw\nrecords:\n");
    for i in 0..205 {
        let day = chrono::NaiveDate::from_ymd_opt(2018, 5, 1).expect("date") + chrono::Days::new(i);
        jw.push_str(&format!(
            "  - {{id: r{i}, date: {day}, ref: WP03, kind: rules, title: 记实{i}}}\n"
        ));
    }
    let repo = fixture().file("units/jw.yaml", &jw);
    let r = run(
        &repo,
        &[
            "export",
            "html",
            "--as-of",
            "2019-01-15",
            "--lang",
            "zh",
            "--out",
            "-",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let start = r
        .stdout
        .find("<details id=\"p-WP03\">")
        .expect("WP03 drill-down");
    let end = start + r.stdout[start..].find("</details>").expect("closed");
    let section = &r.stdout[start..end];
    assert_eq!(section.matches("<td class=\"d\">2018-").count(), 200);
    assert!(
        !section.contains(">记实4<")
            && section.contains(">记实5<")
            && section.contains(">记实204<")
    );
    assert!(section.contains("另有 5 条较早的工作记实未列出"));
}

/// The year scope reads a year as `summary --year` does: last year's overdue
/// period and an item closed last year are not this year's report; an item
/// still open from last year is; work done only last year does not fill this
/// year's gap.
#[test]
fn report_year_scope_leaves_last_year_behind() {
    let plan = "plan: {id: t-2, issued: 2017-01-01}
units:
  - {id: jw, name: 区纪委}
points:
  - id: WP01
    no: 1
    title: 要点一
    lead: [jw]
    obligations:
      - {id: yearly, title: 每年报告, kind: report, every: year}
  - id: WP02
    no: 2
    title: 要点二
    lead: [jw]
";
    let jw = "unit: jw
records:
  - {id: r1, date: 2017-03-01, ref: WP01, kind: rules, title: 细则}
  - {id: r2, date: 2018-05-01, ref: WP01, kind: report, title: 2018年报告}
  - {id: r3, date: 2017-04-01, ref: WP02, kind: rules, title: 去年的工作}
items:
  - {id: i1, kind: task, ref: WP01, title: 去年已销号, opened: 2017-01-05, due: 2017-06-30, closed: 2017-06-01}
  - {id: i2, kind: task, ref: WP01, title: 去年未完成, opened: 2017-02-01, due: 2017-03-01}
";
    let repo = Repo::new()
        .file("plan/plan.yaml", plan)
        .file("units/jw.yaml", jw);
    let r = run(
        &repo,
        &[
            "report",
            "--year",
            "2018",
            "--unit",
            "jw",
            "--lang",
            "en",
            "--out",
            "-",
            "--as-of",
            "2019-01-15",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let md = &r.stdout;
    let tables = markdown_tables(md);
    let rows = |header: &str| -> Vec<Vec<String>> {
        tables
            .iter()
            .filter(|t| t[0].first().map(String::as_str) == Some(header))
            .flat_map(|t| t[1..].to_vec())
            .collect()
    };
    // 2018 met; 2017 (overdue, never reported) is last year's business.
    let obligations = rows("Obligation");
    assert_eq!(
        obligations,
        vec![vec![
            "每年报告".to_owned(),
            "区纪委".to_owned(),
            "2018 met (2018-05-01)".to_owned()
        ]]
    );
    // Items: i2 carried over and overdue (2017-03-01 to 2018-12-31: 670 days); i1 gone.
    let ids: Vec<String> = rows("Id").into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, vec!["i2", "i2"]);
    assert!(
        md.contains("| i2 | task | 去年未完成 | 2017-03-01 | — | overdue 670 days |  |"),
        "{md}"
    );
    // WP02 had work in 2017 only: a gap in 2018.
    assert!(
        md.contains("| 区纪委 | WP02 要点二 | no records on this point |  |  |  |"),
        "{md}"
    );
    assert!(!md.contains("| 2017 |"), "{md}");
}

// ------------------------------------------------- format 1.1 data

fn shipped(args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let r = run_in(&root(), &args);
    assert_eq!(r.status, 0, "{args:?}: {}", r.stderr);
    r
}

fn shipped_calendar(repo: &str) -> ical::parser::ical::component::IcalCalendar {
    let r = shipped(&[
        "export", "ics", "--repo", repo, "--lang", "zh", "--out", "-",
    ]);
    let mut cals: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(r.stdout.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .expect("the ics parses");
    cals.remove(0)
}

/// A per-person period is its own event: one UID each (they were the same
/// for every person of a unit), the person in the summary.
#[test]
fn ics_of_the_embedded_repository_has_an_event_per_person() {
    let cal = shipped_calendar("ledgers");
    let uids: Vec<&str> = cal.events.iter().map(|e| prop(e, "UID")).collect();
    let unique: BTreeSet<&str> = uids.iter().copied().collect();
    assert_eq!(unique.len(), uids.len(), "duplicate UIDs");
    let rdb: Vec<String> = cal
        .events
        .iter()
        .map(|e| unescape(prop(e, "SUMMARY")))
        .filter(|s| s.starts_with("【期限】区人大办：党的领导干部每年"))
        .collect();
    assert_eq!(rdb.len(), 2, "{rdb:?}");
    assert!(rdb.iter().any(|s| s.contains("（人员：范某）")), "{rdb:?}");
    assert!(rdb.iter().any(|s| s.contains("（人员：方某）")), "{rdb:?}");
}

/// examples/004: the follow-up owed for an appointment and the next gap of a
/// regular duty are dues, saying whom and what started them.
#[test]
fn ics_of_example_004_lists_follow_ups_and_regular_gaps() {
    let cal = shipped_calendar("examples/004-beijing-yibashou");
    let on = |date: &str| -> Vec<(String, String)> {
        cal.events
            .iter()
            .filter(|e| prop(e, "DTSTART") == date)
            .map(|e| {
                (
                    unescape(prop(e, "SUMMARY")),
                    unescape(prop(e, "DESCRIPTION")),
                )
            })
            .collect()
    };
    let talks = on("20220414");
    assert_eq!(talks.len(), 2, "{talks:?}");
    for (summary, desc) in &talks {
        assert!(summary.contains("（人员：czj-sj2；起因："), "{summary}");
        assert!(desc.contains("人员：czj-sj2\n"), "{desc}");
        assert!(
            desc.contains("起因：2022-03-14 市委组织部 zzb-2022-103 任命市财政局党组书记"),
            "{desc}"
        );
        assert!(desc.contains("期间：2022-03-14/2022-04-14"), "{desc}");
    }
    let gap = on("20220420");
    assert_eq!(gap.len(), 1, "{gap:?}");
    assert!(
        gap[0].0.contains("（2021-10-20/2022-04-20）"),
        "{}",
        gap[0].0
    );
}

/// The report names whom a finding concerns, reads a leading group as the
/// plan names it with its office, and keeps a year's interval windows in
/// that year.
#[test]
fn report_of_1_1_data_says_whom_and_keeps_intervals_in_their_year() {
    let md = |repo: &str, year: &str| {
        shipped(&[
            "report", "--repo", repo, "--year", year, "--lang", "zh", "--format", "md", "--out",
            "-",
        ])
        .stdout
    };
    let y2018 = md("ledgers", "2018");
    assert!(y2018.contains("牵头单位：区党风廉政建设领导小组（区党廉办记实）。"));
    assert!(y2018.contains("| 区党廉办（兼记区党风廉政建设领导小组） | 1 |"));
    assert!(!y2018.contains("| 各行政执法部门 |"));
    assert!(!y2018.contains("| 区党风廉政建设领导小组 |"));
    assert!(y2018.contains("书面述责述廉（人员：范某） | 2018 |"));
    assert!(y2018.contains("书面述责述廉（人员：方某） | 2018 |"));
    // A regular gap that closed (late) in 2018 is 2018's, not 2019's.
    assert!(y2018.contains("| 2018-04-19/2018-10-19 |"));
    assert!(!md("ledgers", "2019").contains("2018-04-19/2018-10-19"));

    let e = "examples/004-beijing-yibashou";
    let (y2021, y2022) = (md(e, "2021"), md(e, "2022"));
    assert!(y2021.contains("| 2021-11-22/2021-12-22 |"));
    assert!(!y2022.contains("2021-11-22/2021-12-22"));
    assert!(y2022.contains(
        "（人员：czj-sj2；起因：2022-03-14 市委组织部 zzb-2022-103 任命市财政局党组书记） | 2022-03-14/2022-04-14 |"
    ));

    let open = md("examples/002-guangan-two-responsibilities", "2015");
    assert!(open.contains("牵头单位：区纪委监察局；配合单位：区委办、区政府办等。"));
}

/// The dashboard: no row for a group or a reported body, the office's row
/// says so; findings and dues ahead name whom they concern.
#[test]
fn html_of_1_1_data_names_bodies_and_people() {
    let html = shipped(&[
        "export", "html", "--repo", "ledgers", "--lang", "zh", "--out", "-",
    ])
    .stdout;
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("html parses");
    let p = dom.parser();
    // The heatmap's row heads link to the units' drill-downs (its cells hold a glyph).
    let rows: Vec<String> = dom
        .nodes()
        .iter()
        .filter_map(|n| n.as_tag())
        .filter(|t| t.name().as_utf8_str() == "a")
        .filter(|t| {
            t.attributes()
                .get("href")
                .flatten()
                .is_some_and(|h| h.as_utf8_str().starts_with("#u-"))
        })
        .map(|t| t.inner_text(p).to_string())
        .filter(|t| t.chars().count() > 1)
        .collect();
    assert!(
        rows.contains(&"区党廉办（兼记区党风廉政建设领导小组）".to_owned()),
        "{rows:?}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r == "各行政执法部门" || r == "区党风廉政建设领导小组")
    );
    assert!(html.contains("书面述责述廉（人员：邵某）"));

    let html = shipped(&[
        "export",
        "html",
        "--repo",
        "examples/004-beijing-yibashou",
        "--lang",
        "zh",
        "--out",
        "-",
    ])
    .stdout;
    assert!(html.contains(
        "（人员：czj-sj2；起因：2022-03-14 市委组织部 zzb-2022-103 任命市财政局党组书记）"
    ));
    assert!(html.contains("<td class=\"d\">2022-03-14/<br>2022-04-14</td>"));
}

/// `show` and `agenda` on 1.1 data: support lists ending in 等, per-person
/// periods with the person, a leading group with its office, a group with its
/// members, a follow-up with its event.
#[test]
fn show_and_agenda_of_1_1_data() {
    let show = |repo: &str, id: &str| shipped(&["show", "--repo", repo, "--lang", "zh", id]).stdout;
    let t01 = show("examples/002-guangan-two-responsibilities", "T01");
    assert!(t01.contains("配合: wb 区委办, zfb 区政府办 等\n"), "{t01}");
    let review = show("ledgers", "annual-review");
    assert!(
        review.contains("  rdb        annual-review    2018     迟办  范某 (rdb-1)\n"),
        "{review}"
    );
    assert!(
        review.contains(
            "逾期 cgj 区城市管理局 annual-review (WP10) 2018, 期限 2018-12-31（人员：邵某）"
        ),
        "{review}"
    );
    assert!(
        show("ledgers", "WP01").contains("牵头: dlxz 区党风廉政建设领导小组（dlb 区党廉办记实）\n")
    );
    let dlxz = show("ledgers", "dlxz");
    assert!(
        dlxz.contains("牵头: WP01\n") && dlxz.contains("记实单位（本单位不建账）: dlb 区党廉办\n"),
        "{dlxz}"
    );
    assert!(!dlxz.contains("无台账文件"));
    let xzzf = show("ledgers", "xzzf");
    assert!(
        xzzf.contains("配合: WP12\n") && xzzf.contains("gafj 区公安分局"),
        "{xzzf}"
    );
    assert!(show("ledgers", "dlb").contains("兼记: dlxz 区党风廉政建设领导小组\n"));

    let agenda = shipped(&[
        "agenda",
        "--repo",
        "examples/004-beijing-yibashou",
        "--days",
        "30",
        "--lang",
        "zh",
    ])
    .stdout;
    assert!(agenda.contains(
        "2022-04-14   14天  zzb 市委组织部  义务 appointment-integrity-talk (M10) 2022-03-14/2022-04-14  及时开展对新任职“一把手”的任职廉政谈话（czj-sj2）（事件：市委组织部 zzb-2022-103）\n"
    ), "{agenda}");
    assert!(
        agenda.contains("hear-district-secretaries (M18) 2021-10-20/2022-04-20"),
        "{agenda}"
    );
}

/// A body that keeps no ledger has no report of its own: `--unit` says
/// where its work is reported instead of an empty report.
#[test]
fn report_for_a_reported_body_or_a_group_says_where_its_work_is() {
    let run = |unit: &str| {
        let args: Vec<String> = [
            "report", "--repo", "ledgers", "--unit", unit, "--lang", "zh", "--out", "-",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        run_in(&root(), &args)
    };
    let r = run("dlxz");
    assert_eq!((r.status, r.stdout.as_str()), (2, ""));
    assert_eq!(
        r.stderr,
        "ledger: --unit dlxz：区党风廉政建设领导小组不建台账，其工作由区党廉办记实，写入区党廉办的报告：--unit dlb\n"
    );
    let r = run("xzzf");
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("各行政执法部门是统称"), "{}", r.stderr);
    let r = shipped(&[
        "list",
        "checklists",
        "--repo",
        "ledgers",
        "--unit",
        "sq-xihu",
    ]);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("members ")),
        "{}",
        r.stdout
    );
}
