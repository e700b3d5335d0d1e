//! One test per diagnostic code of spec §7, each at the location the spec names
//! (line and column worked out by hand from the fixture text), plus the valid
//! counterpart: the same repository without the mistake has no diagnostics.

use crate::common::{Repo, UNITS};

const PLAN: &str = "plan:
  id: p
  issued: 2018-04-19
points:
  - id: WP01
    title: 要点一
    lead: [jw]
    deadline: 3个月
  - id: WP02
    title: 要点二
    lead: [zzb]
    support: [jw]
";

fn repo() -> Repo {
    Repo::new()
        .file("plan/plan.yaml", PLAN)
        .file("plan/units.yaml", UNITS)
        .file("units/zzb.yaml", "unit: zzb\n")
}

fn ledger(body: &str) -> Repo {
    repo().file("units/jw.yaml", &format!("unit: jw\n{body}"))
}

fn diags(r: &Repo) -> Vec<(String, String, u64, u64)> {
    r.check("2019-01-15", &[]).diagnostics()
}

fn one(code: &str, file: &str, line: u64, col: u64) -> Vec<(String, String, u64, u64)> {
    vec![(code.into(), file.into(), line, col)]
}

#[test]
fn valid_repository_has_no_diagnostics() {
    let r = ledger(
        "records:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: 细则}\nitems:\n  - {id: i, kind: clue, ref: WP01, title: 线索, opened: 2018-06-01, closed: 2018-07-01}\n",
    );
    let run = r.check("2019-01-15", &[]);
    assert_eq!(run.diagnostics(), vec![]);
    assert_eq!(run.status, 0, "{}", run.stdout);
}

#[test]
fn no_repo_without_ledger_toml() {
    let r = Repo::bare().file("plan/plan.yaml", PLAN);
    let run = r.check("2019-01-15", &[]);
    assert_eq!(run.status, 2);
    let j = run.json();
    assert_eq!(j["diagnostics"][0]["code"], "no-repo");
    assert!(j["diagnostics"][0]["file"].is_null());
    assert!(j["diagnostics"][0]["line"].is_null());
}

#[test]
fn encoding_points_at_first_bad_byte_and_names_gbk() {
    let (gbk, _, _) = encoding_rs::GBK.encode("unit: jw\nclerk: 王某\n");
    let r = repo().bytes("units/jw.yaml", &gbk);
    let run = r.check("2019-01-15", &[]);
    assert_eq!(run.diagnostics(), one("encoding", "units/jw.yaml", 2, 8));
    let help = run.json()["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(help.contains("GB18030") && help.contains("iconv"), "{help}");
    assert_eq!(run.status, 2);
}

#[test]
fn yaml_syntax_where_the_parser_stopped() {
    // The flow sequence opened on line 2 is never closed; the parser gives up at
    // the end of the input, on line 4.
    let r = ledger("records: [\n  {id: a\n");
    assert_eq!(diags(&r), one("yaml-syntax", "units/jw.yaml", 4, 1));
}

#[test]
fn toml_syntax_keeps_defaults_and_checks_the_rest() {
    let r = ledger("records:\n  - {id: a, date: 2018-05-02, ref: WP99, kind: rules, title: x}\n")
        .file("ledger.toml", "[check\ndue_soon_days = 30\n");
    let d = diags(&r);
    assert_eq!(d[0].0, "toml-syntax");
    assert_eq!((d[0].1.as_str(), d[0].2), ("ledger.toml", 1));
    assert_eq!(d[1].0, "unknown-ref", "other files are still checked");
}

#[test]
fn unknown_field_at_the_key_with_suggestion() {
    let r = ledger(
        "records:\n  - id: a\n    date: 2018-05-02\n    ref: WP01\n    kind: rules\n    titel: 细则\n",
    );
    let run = r.check("2019-01-15", &[]);
    // `titel` is reported, and the record also lacks `title` (at its first key).
    assert_eq!(
        run.diagnostics(),
        vec![
            ("missing-field".into(), "units/jw.yaml".into(), 3, 5),
            ("unknown-field".into(), "units/jw.yaml".into(), 7, 5),
        ]
    );
    let help = run.json()["diagnostics"][1]["help"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(help.contains("`title`"), "{help}");
}

#[test]
fn missing_field_at_first_key_of_the_mapping() {
    let r = ledger("records:\n  - {date: 2018-05-02, id: a, ref: WP01, kind: rules}\n");
    assert_eq!(diags(&r), one("missing-field", "units/jw.yaml", 3, 6));
}

#[test]
fn missing_unit_in_an_empty_ledger() {
    let r = repo().file("units/jw.yaml", "");
    assert_eq!(diags(&r), one("missing-field", "units/jw.yaml", 1, 1));
}

#[test]
fn invalid_value_bad_enum_duration_share_period_id() {
    let r = ledger(
        "records:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: x, period: 2018-Q5}\nitems:\n  - {id: b, kind: rectify, ref: WP01, title: x, opened: 2018-06-01}\n  - {id: c d, kind: clue, ref: WP01, title: x, opened: 2018-06-01}\n",
    )
    .file(
        "plan/plan.yaml",
        &PLAN.replace("deadline: 3个月", "deadline: 三个月"),
    );
    assert_eq!(
        diags(&r),
        vec![
            ("invalid-value".into(), "plan/plan.yaml".into(), 8, 15),
            ("invalid-value".into(), "units/jw.yaml".into(), 3, 73),
            ("invalid-value".into(), "units/jw.yaml".into(), 5, 19),
            ("invalid-value".into(), "units/jw.yaml".into(), 6, 10),
        ]
    );
}

#[test]
fn invalid_value_obligation_with_both_forms_and_misused_keys() {
    let plan = "plan: {id: p, issued: 2018-04-19}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - id: o1
        title: both
        every: year
        cover: {tags: [street]}
        within: year
      - id: o2
        title: due on a quarter
        every: quarter
        due: 12-10
      - id: o3
        title: window and due
        every: year
        due: 12-10
        window: last-month
      - id: o4
        title: bad share
        cover: {tags: [street]}
        within: year
        share: 0%
";
    let r = repo().file("plan/plan.yaml", plan);
    assert_eq!(
        diags(&r),
        vec![
            ("invalid-value".into(), "plan/plan.yaml".into(), 10, 9),
            ("invalid-value".into(), "plan/plan.yaml".into(), 11, 9),
            ("invalid-value".into(), "plan/plan.yaml".into(), 15, 14),
            ("invalid-value".into(), "plan/plan.yaml".into(), 20, 17),
            ("invalid-value".into(), "plan/plan.yaml".into(), 25, 16),
        ]
    );
}

#[test]
fn missing_every_or_cover_on_an_obligation() {
    let plan = "plan: {id: p, issued: 2018-04-19}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: o1, title: no form}
      - {id: o2, title: no window, cover: {tags: [street]}}
";
    let r = repo().file("plan/plan.yaml", plan);
    assert_eq!(
        diags(&r),
        vec![
            ("missing-field".into(), "plan/plan.yaml".into(), 7, 10),
            ("missing-field".into(), "plan/plan.yaml".into(), 8, 10),
        ]
    );
}

#[test]
fn invalid_date_suggests_the_iso_form() {
    for (typed, iso) in [
        ("2018/6/30", "2018-06-30"),
        ("2018年6月30日", "2018-06-30"),
        ("2018-6-30", "2018-06-30"),
    ] {
        let r = ledger(&format!(
            "records:\n  - {{id: a, date: {typed}, ref: WP01, kind: rules, title: x}}\n"
        ));
        let run = r.check("2019-01-15", &[]);
        assert_eq!(
            run.diagnostics(),
            one("invalid-date", "units/jw.yaml", 3, 19)
        );
        let help = run.json()["diagnostics"][0]["help"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        assert!(help.contains(iso), "{typed}: {help}");
    }
    let r = ledger("records:\n  - {id: a, date: 2018-02-30, ref: WP01, kind: rules, title: x}\n");
    assert_eq!(diags(&r), one("invalid-date", "units/jw.yaml", 3, 19));
}

#[test]
fn duplicate_id_at_second_occurrence_across_plan_files() {
    let r = repo().file(
        "plan/zz-more.yaml",
        "plan: {id: q, issued: 2018-04-19}\npoints:\n  - {id: WP01, title: again, lead: [jw]}\n",
    );
    assert_eq!(diags(&r), one("duplicate-id", "plan/zz-more.yaml", 3, 10));
}

#[test]
fn duplicate_id_records_and_items_share_a_namespace() {
    let r = ledger(
        "records:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: x}\nitems:\n  - {id: a, kind: clue, ref: WP01, title: x, opened: 2018-06-01}\n",
    );
    assert_eq!(diags(&r), one("duplicate-id", "units/jw.yaml", 5, 10));
}

#[test]
fn unknown_ref_at_the_ref_value() {
    let r = ledger("records:\n  - {id: a, date: 2018-05-02, ref: WP1, kind: rules, title: x}\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        one("unknown-ref", "units/jw.yaml", 3, 36)
    );
    let help = run.json()["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(help.contains("WP01"), "{help}");
}

#[test]
fn unknown_unit_in_plan_target_and_file_stem() {
    let r = ledger(
        "records:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: x, target: jd-c}\n",
    )
    .file("units/ghost.yaml", "unit: ghost\n")
    .file(
        "plan/plan.yaml",
        &PLAN.replace("support: [jw]", "support: [jw, xcb]"),
    );
    assert_eq!(
        diags(&r),
        vec![
            ("unknown-unit".into(), "plan/plan.yaml".into(), 12, 19),
            ("unknown-unit".into(), "units/ghost.yaml".into(), 1, 7),
            ("unknown-unit".into(), "units/jw.yaml".into(), 3, 73),
        ]
    );
}

#[test]
fn unit_mismatch_at_the_unit_value() {
    let r = repo().file("units/jw.yaml", "unit: zzb\n");
    assert_eq!(diags(&r), one("unit-mismatch", "units/jw.yaml", 1, 7));
}

#[test]
fn unknown_kind_with_suggestion_and_extra_kinds_from_config() {
    let r = ledger("records:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: survey, title: x}\n");
    assert_eq!(diags(&r), one("unknown-kind", "units/jw.yaml", 3, 48));
    let r = r.file("ledger.toml", "[check]\nkinds = [\"survey\"]\n");
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn date_order_in_items_and_records() {
    let r = ledger(
        "records:
  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: x, void: {date: 2018-05-01}}
items:
  - id: i
    kind: clue
    ref: WP01
    title: x
    opened: 2018-06-01
    due: 2018-09-01
    extensions:
      - {date: 2018-08-20, due: 2018-08-31, reason: r}
      - {date: 2018-08-10, due: 2018-10-31, reason: r}
    closed: 2018-05-01
",
    );
    assert_eq!(
        diags(&r),
        vec![
            ("date-order".into(), "units/jw.yaml".into(), 3, 78),
            ("date-order".into(), "units/jw.yaml".into(), 12, 33),
            ("date-order".into(), "units/jw.yaml".into(), 13, 16),
            ("date-order".into(), "units/jw.yaml".into(), 14, 13),
        ]
    );
}

#[test]
fn date_order_in_term_plan_and_obligation() {
    let plan = "plan: {id: p, issued: 2018-04-19, end: 2018-01-01}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: o, title: t, every: year, from: 2019-01-01, until: 2018-01-01}
";
    let r = repo().file("plan/plan.yaml", plan).file(
        "ledger.toml",
        "[term]\nstart = 2021-09-30\nend = 2016-10-01\n",
    );
    assert_eq!(
        diags(&r),
        vec![
            ("date-order".into(), "ledger.toml".into(), 3, 7),
            ("date-order".into(), "plan/plan.yaml".into(), 1, 40),
            ("date-order".into(), "plan/plan.yaml".into(), 7, 65),
        ]
    );
}

#[test]
fn no_due_at_the_item() {
    let r = ledger("items:\n  - {id: i, kind: task, ref: WP02, title: x, opened: 2018-06-01}\n");
    assert_eq!(diags(&r), one("no-due", "units/jw.yaml", 3, 10));
    // A due date, or a deadline on the point, is enough.
    let r = ledger("items:\n  - {id: i, kind: task, ref: WP01, title: x, opened: 2018-06-01}\n");
    assert_eq!(diags(&r), vec![]);
}

#[test]
fn no_term_at_within() {
    let plan = "plan: {id: p, issued: 2018-04-19}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: o, title: t, cover: {tags: [street]}, within: term}
";
    let r = repo().file("plan/plan.yaml", plan);
    assert_eq!(diags(&r), one("no-term", "plan/plan.yaml", 7, 60));
    // Not reported when ledger.toml cannot be parsed (defaults apply).
    let r = r.file("ledger.toml", "[check\n");
    assert_eq!(diags(&r)[0].0, "toml-syntax");
    assert_eq!(diags(&r).len(), 1);
}

#[test]
fn future_date_is_a_warning() {
    let r = ledger(
        "records:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: x}\n  - {id: b, date: 2019-02-01, ref: WP01, kind: rules, title: x}\n",
    );
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        one("future-date", "units/jw.yaml", 4, 19)
    );
    assert_eq!(run.json()["diagnostics"][0]["severity"], "warning");
    assert_eq!(run.status, 0);
    assert_eq!(r.check("2019-01-15", &["--strict"]).status, 1);
}

#[test]
fn empty_selector_and_who_support_without_support() {
    let plan = "plan: {id: p, issued: 2018-04-19}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: o1, title: t, cover: {tags: [nosuch]}, within: year}
      - {id: o2, title: t, who: support, every: year}
";
    let r = repo().file("plan/plan.yaml", plan);
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![
            ("empty-selector".into(), "plan/plan.yaml".into(), 7, 35),
            ("empty-selector".into(), "plan/plan.yaml".into(), 8, 33),
        ]
    );
    assert_eq!(run.json()["diagnostics"][0]["severity"], "warning");
}

#[test]
fn selector_words_out_of_place() {
    let plan = "plan: {id: p, issued: 2018-04-19}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: o1, title: t, who: leads, every: year}
obligations:
  - {id: o2, title: t, who: lead, every: year}
";
    let r = repo().file("plan/plan.yaml", plan);
    assert_eq!(
        diags(&r),
        vec![
            ("invalid-value".into(), "plan/plan.yaml".into(), 7, 33),
            ("invalid-value".into(), "plan/plan.yaml".into(), 9, 29),
        ]
    );
}

#[test]
fn every_file_is_reported_in_one_run() {
    let r = ledger("records:\n  - {id: a, date: 2018-13-01, ref: WP01, kind: rules, title: x}\n")
        .file("units/zzb.yaml", "unit: zzb\nrecords: 3\n");
    let d = diags(&r);
    assert_eq!(
        d,
        vec![
            ("invalid-date".into(), "units/jw.yaml".into(), 3, 19),
            ("invalid-value".into(), "units/zzb.yaml".into(), 2, 10),
        ]
    );
}

// ------------------------------------------------- every code is tested above
// Nothing below this line counts as a test of a code: the lists here name
// every code, so the search for each one stops at the marker.

/// Spec §7's table of diagnostic codes, in its order.
pub(crate) const SPEC_CODES: [&str; 18] = [
    "no-repo",
    "encoding",
    "yaml-syntax",
    "toml-syntax",
    "unknown-field",
    "missing-field",
    "invalid-value",
    "invalid-date",
    "duplicate-id",
    "unknown-ref",
    "unknown-unit",
    "unit-mismatch",
    "unknown-kind",
    "date-order",
    "no-due",
    "no-term",
    "future-date",
    "empty-selector",
];

/// The spec itself, where it sits beside the repository (as on CI, see
/// `.ci/run`) or at `LEDGER_SPEC`: its §7 table must still be the list above.
fn spec_table_codes() -> Option<Vec<String>> {
    let path = std::env::var_os("LEDGER_SPEC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::common::root().join("../shared/spec/ledger-format.md"));
    let text = std::fs::read_to_string(path).ok()?;
    let section = text.split("\n## 7").nth(1)?.split("\n## ").next()?;
    Some(
        section
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn every_diagnostic_code_has_a_test_in_this_file() {
    // The codes the binary knows: its SARIF rules, less the finding rules
    // (those are `type/kind`).
    let r = repo();
    let args = ["check", "--as-of", "2019-01-15", "--format", "sarif"];
    let run = crate::common::run_env(r.path(), &args, &[]);
    let known: Vec<String> = run.json()["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id").to_owned())
        .filter(|id| !id.contains('/'))
        .collect();
    assert_eq!(known, SPEC_CODES, "the binary's codes are spec §7's");
    if let Some(spec) = spec_table_codes() {
        assert_eq!(spec, SPEC_CODES, "spec §7 changed: update SPEC_CODES");
    }
    let source = include_str!("diagnostics.rs");
    let marker = "// ------------------------------------------------- every code is tested above";
    let tests = &source[..source.find(marker).expect("marker")];
    let missing: Vec<&str> = SPEC_CODES
        .into_iter()
        .filter(|code| !tests.contains(&format!("\"{code}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "diagnostic codes with no test expecting them in tests/it/diagnostics.rs: {missing:?}"
    );
}
