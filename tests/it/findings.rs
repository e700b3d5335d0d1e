//! Findings of spec §4 and §6, one situation per test, each expectation worked
//! out by hand in the comments (day counts included).

use crate::common::{Repo, UNITS};
use serde_json::{Value, json};

fn repo(plan: &str) -> Repo {
    Repo::new()
        .file("plan/plan.yaml", plan)
        .file("plan/units.yaml", UNITS)
        .file("units/jw.yaml", "unit: jw\n")
        .file("units/zzb.yaml", "unit: zzb\n")
        .file("units/jd-a.yaml", "unit: jd-a\n")
        .file("units/jd-b.yaml", "unit: jd-b\n")
}

/// Findings with only the keys named in `keys`, for compact comparisons.
fn pick(findings: &[Value], keys: &[&str]) -> Vec<Value> {
    findings
        .iter()
        .map(|f| {
            let mut m = serde_json::Map::new();
            for k in keys {
                if let Some(v) = f.get(*k) {
                    m.insert((*k).to_owned(), v.clone());
                }
            }
            Value::Object(m)
        })
        .collect()
}

const QUARTERLY: &str = "plan: {id: p, issued: 2018-01-01}
points:
  - id: WP01
    title: 季度会议
    lead: [jw]
    obligations:
      - {id: q, title: 每季度至少两次, kind: meeting, every: quarter, min: 2}
";

const JW_QUARTERLY: &str = "unit: jw
records:
  - {id: a, date: 2018-01-10, ref: WP01, kind: meeting, title: Q1 一}
  - {id: b, date: 2018-03-20, ref: WP01, kind: meeting, title: Q1 二}
  - {id: c, date: 2018-05-01, ref: WP01, kind: meeting, title: Q2 一}
  - {id: d, date: 2018-07-05, ref: WP01, kind: meeting, title: Q2 补, period: 2018-Q2}
  - {id: e, date: 2018-08-01, ref: WP01, kind: report, title: 不是会议}
";

#[test]
fn recurring_met_late_overdue_and_pending() {
    // Q1: a, b on time → met (nothing).
    // Q2: c on time, d placed in Q2 by `period:` but dated after 06-30 → have 2,
    //     on time 1 < min 2, as_of past due → late.
    // Q3: d belongs to Q2, e is the wrong kind → have 0 → overdue, 09-30 → 10-20 = 20 days.
    // Q4: due 12-31, 72 days left > 30 → pending, nothing.
    let r = repo(QUARTERLY).file("units/jw.yaml", JW_QUARTERLY);
    let run = r.check("2018-10-20", &[]);
    assert_eq!(run.status, 1);
    assert_eq!(
        run.findings(),
        vec![
            json!({"category": "overdue", "type": "obligation", "unit": "jw", "ref": "WP01",
                   "obligation": "q", "period": "2018-Q3", "due": "2018-09-30",
                   "days_overdue": 20, "have": 0, "need": 2}),
            json!({"category": "late", "type": "obligation", "unit": "jw", "ref": "WP01",
                   "obligation": "q", "period": "2018-Q2", "due": "2018-06-30",
                   "have": 2, "need": 2}),
        ]
    );
}

#[test]
fn recurring_due_soon_when_within_the_window_and_due_on_as_of() {
    // As of 12-10: Q4 due 12-31, 21 days left ≤ 30 → due-soon with have 0.
    // Q3 overdue: 09-30 → 12-10 = 31 + 30 + 10 = 71 days.
    let r = repo(QUARTERLY).file("units/jw.yaml", JW_QUARTERLY);
    let f = r.check("2018-12-10", &[]).findings();
    assert_eq!(
        pick(
            &f,
            &["category", "period", "days_overdue", "days_left", "have"]
        ),
        vec![
            json!({"category": "overdue", "period": "2018-Q3", "days_overdue": 71, "have": 0}),
            json!({"category": "due-soon", "period": "2018-Q4", "days_left": 21, "have": 0}),
            json!({"category": "late", "period": "2018-Q2", "have": 2}),
        ]
    );
    // Due on the evaluation day itself: still due soon, 0 days left, not overdue.
    let f = r.check("2018-12-31", &[]).findings();
    assert!(
        f.iter().any(|x| x["period"] == "2018-Q4"
            && x["category"] == "due-soon"
            && x["days_left"] == 0)
    );
    // The day after: overdue by 1.
    let f = r.check("2019-01-01", &[]).findings();
    assert!(
        f.iter().any(|x| x["period"] == "2018-Q4"
            && x["category"] == "overdue"
            && x["days_overdue"] == 1)
    );
}

#[test]
fn window_last_month_counts_only_the_last_month() {
    // Q1: the only record is in January, outside the last month (March) → overdue,
    //     03-31 → 07-15 = 30 + 31 + 30 + 15 = 106 days.
    // Q2: the record on 06-10 is inside June → met.
    let plan = "plan: {id: p, issued: 2018-01-01}
points:
  - id: WP02
    title: 季末联席会议
    lead: [zzb]
    obligations:
      - {id: joint, title: 每季度最后一个月召开, every: quarter, window: last-month}
";
    let r = repo(plan).file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: a, date: 2018-01-15, ref: WP02, kind: meeting, title: 一月}\n  - {id: b, date: 2018-06-10, ref: WP02, kind: meeting, title: 六月}\n",
    );
    let f = r.check("2018-07-15", &[]).findings();
    assert_eq!(
        pick(&f, &["category", "period", "days_overdue"]),
        vec![json!({"category": "overdue", "period": "2018-Q1", "days_overdue": 106})]
    );
}

#[test]
fn scope_from_until_and_plan_end() {
    // `until: 2018-06-30`: H2 starts after it → out of scope; H1 (due 06-30) has no
    // record → overdue 06-30 → 2019-01-15 = 31+31+30+31+30+31+15 = 199 days.
    // `from: 2018-07-01`: H1 is due before it → out of scope; H2 has a record → met;
    // 2019-H1 is pending (166 days left).
    let plan = "plan: {id: p, issued: 2018-01-01}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: early, title: 上半年为止, every: half-year, until: 2018-06-30}
      - {id: later, title: 下半年开始, every: half-year, from: 2018-07-01}
";
    let r = repo(plan).file(
        "units/jw.yaml",
        "unit: jw\nrecords:\n  - {id: a, date: 2018-09-01, ref: WP01, kind: report, title: 报告}\n",
    );
    let f = r.check("2019-01-15", &[]).findings();
    assert_eq!(
        pick(&f, &["category", "obligation", "period", "days_overdue"]),
        vec![
            json!({"category": "overdue", "obligation": "early", "period": "2018-H1", "days_overdue": 199})
        ]
    );
    // Nothing at all before the active start.
    let r2 = repo(&plan.replace("issued: 2018-01-01", "issued: 2019-06-01"));
    assert_eq!(r2.check("2019-01-15", &[]).findings(), Vec::<Value>::new());
    // A plan `end` before H2 starts takes H2 of `later` out of scope too, but the
    // record still met it; with the record gone, only `early` is left overdue.
    let r3 = repo(&plan.replace("issued: 2018-01-01", "issued: 2018-01-01, end: 2018-06-30"));
    let f = r3.check("2019-01-15", &[]).findings();
    assert_eq!(
        pick(&f, &["category", "obligation", "period"]),
        vec![
            json!({"category": "overdue", "obligation": "early", "period": "2018-H1"}),
            json!({"category": "gap"}),
        ]
    );
}

#[test]
fn yearly_due_02_29_is_feb_28_in_common_years_and_periods_due_before_start_are_out() {
    // Plan issued 2018-03-01: 2018's due date (2018-02-28) is before the start → out.
    // 2019: due 2019-02-28 → overdue by 5 days on 2019-03-05.
    let plan = "plan: {id: p, issued: 2018-03-01}
obligations:
  - {id: yearly, title: 每年报送, who: {units: [jw]}, every: year, due: 02-29}
";
    let f = repo(plan).check("2019-03-05", &[]).findings();
    assert_eq!(
        pick(
            &f,
            &[
                "category",
                "ref",
                "obligation",
                "period",
                "due",
                "days_overdue"
            ]
        ),
        vec![
            json!({"category": "overdue", "ref": "yearly", "obligation": "yearly", "period": "2019",
                    "due": "2019-02-28", "days_overdue": 5})
        ]
    );
}

#[test]
fn checklist_item_with_every_month() {
    // Applies to zzb (tag department). January met; February due 02-28 → overdue
    // by 15 days on 03-15; March due 03-31 → 16 days left → due-soon.
    let plan = "plan: {id: p, issued: 2018-01-01}
points:
  - {id: WP01, title: x, lead: [jw]}
checklists:
  - id: dept
    title: 部门清单
    applies_to: {tags: [department]}
    items:
      - {id: D01, text: 每月分析, every: month}
";
    let r = repo(plan)
        .file("units/zzb.yaml", "unit: zzb\nrecords:\n  - {id: a, date: 2018-01-20, ref: D01, kind: meeting, title: 一月}\n")
        .file("units/jw.yaml", "unit: jw\nrecords:\n  - {id: a, date: 2018-01-20, ref: WP01, kind: meeting, title: x}\n");
    let f = r.check("2018-03-15", &[]).findings();
    assert_eq!(
        pick(
            &f,
            &[
                "category",
                "unit",
                "ref",
                "obligation",
                "period",
                "days_overdue",
                "days_left"
            ]
        ),
        vec![
            json!({"category": "overdue", "unit": "zzb", "ref": "D01", "obligation": "D01", "period": "2018-02", "days_overdue": 15}),
            json!({"category": "due-soon", "unit": "zzb", "ref": "D01", "obligation": "D01", "period": "2018-03", "days_left": 16}),
        ]
    );
}

#[test]
fn coverage_share_self_exclusion_and_due_soon() {
    // share 50% of the two streets → need ceil(0.5 × 2) = 1; zzb covered jd-a → met.
    // The department selector names only zzb itself: never its own target → empty
    // target set → met, nothing reported.
    // full coverage of the streets within the year: jd-b missing; as of 12-15 the
    // window is due 12-31, 16 days left → a coverage gap and a due-soon.
    let plan = "plan: {id: p, issued: 2018-01-01}
points:
  - id: WP02
    title: 谈话
    lead: [zzb]
    obligations:
      - {id: half, title: 半数街道, kind: talk, cover: {tags: [street]}, within: year, share: 50%}
      - {id: self, title: 自身, kind: talk, cover: {tags: [department]}, within: year}
      - {id: full, title: 全部街道, kind: talk, cover: {tags: [street]}, within: year}
";
    let r = repo(plan).file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: a, date: 2018-03-01, ref: WP02, kind: talk, title: 谈话, target: jd-a}\n",
    );
    let f = r.check("2018-12-15", &[]).findings();
    assert_eq!(
        f,
        vec![
            json!({"category": "due-soon", "type": "coverage", "unit": "zzb", "ref": "WP02", "obligation": "full",
                   "period": "2018", "due": "2018-12-31", "days_left": 16, "have": 1, "need": 2, "missing": ["jd-b"]}),
            json!({"category": "gap", "type": "coverage", "unit": "zzb", "ref": "WP02", "obligation": "full",
                   "period": "2018", "due": "2018-12-31", "days_left": 16, "have": 1, "need": 2, "missing": ["jd-b"]}),
        ]
    );
}

#[test]
fn items_ignore_extensions_and_closing_after_as_of() {
    // Opened 06-01, due 09-01; the extension (12-20) and the closing (12-15) lie after
    // as_of 12-10, so neither has happened: open and overdue 09-01 → 12-10 =
    // 29 + 31 + 30 + 10 = 100 days. Both dates are warned as future-date.
    let plan = "plan: {id: p, issued: 2018-01-01}\npoints:\n  - {id: WP01, title: x, lead: [jw]}\n";
    let r = repo(plan).file(
        "units/jw.yaml",
        "unit: jw
records:
  - {id: r, date: 2018-02-01, ref: WP01, kind: meeting, title: x}
items:
  - id: i
    kind: rectification
    ref: WP01
    title: 整改
    opened: 2018-06-01
    due: 2018-09-01
    extensions:
      - {date: 2018-12-20, due: 2019-03-01, reason: 延期}
    closed: 2018-12-15
",
    );
    let run = r.check("2018-12-10", &[]);
    let codes: Vec<String> = run.diagnostics().into_iter().map(|d| d.0).collect();
    assert_eq!(codes, ["future-date", "future-date"]);
    assert_eq!(
        run.findings(),
        vec![
            json!({"category": "overdue", "type": "item", "unit": "jw", "ref": "WP01", "item": "i",
                    "due": "2018-09-01", "days_overdue": 100})
        ]
    );
    // Once both have happened: the extension moved the due to 2019-03-01, and the
    // item was closed on time.
    assert_eq!(r.check("2019-01-15", &[]).findings(), Vec::<Value>::new());
}

#[test]
fn no_ledger_once_and_plan_files_not_started_have_no_gaps() {
    // tzb leads points in two plan files but has no ledger: one no-ledger gap, plus
    // no-records for each point of the started file. The later file starts after
    // as_of: none of its entries yields a gap.
    let a = "plan: {id: a, issued: 2018-01-01}\npoints:\n  - {id: A1, title: x, lead: [tzb]}\n";
    let b = "plan: {id: b, issued: 2018-01-01}\npoints:\n  - {id: B1, title: x, lead: [tzb]}\n";
    let later = "plan: {id: c, issued: 2019-06-01}\npoints:\n  - {id: C1, title: x, lead: [zzb]}\n";
    let r = Repo::new()
        .file("plan/a.yaml", a)
        .file("plan/b.yaml", b)
        .file("plan/later.yaml", later)
        .file(
            "plan/units.yaml",
            &format!("{UNITS}  - {{id: tzb, name: 区委统战部}}\n"),
        )
        .file("units/zzb.yaml", "unit: zzb\n");
    let f = r.check("2019-01-15", &[]).findings();
    assert_eq!(
        pick(&f, &["type", "unit", "ref"]),
        vec![
            json!({"type": "no-ledger", "unit": "tzb"}),
            json!({"type": "no-records", "unit": "tzb", "ref": "A1"}),
            json!({"type": "no-records", "unit": "tzb", "ref": "B1"}),
        ]
    );
}

#[test]
fn a_unit_whose_ledger_has_an_error_gets_no_findings() {
    // jw's ledger has an unknown kind: its state is unknown, so not even its
    // overdue Q3 is reported; zzb (no duties) is unaffected.
    let r = repo(QUARTERLY).file(
        "units/jw.yaml",
        &format!(
            "{JW_QUARTERLY}  - {{id: z, date: 2018-02-01, ref: WP01, kind: meetting, title: x}}\n"
        ),
    );
    let run = r.check("2018-10-20", &[]);
    assert_eq!(run.status, 2);
    assert_eq!(run.findings(), Vec::<Value>::new());
}

#[test]
fn an_erroneous_obligation_drops_only_itself() {
    // o2 names an unknown kind: o2 is dropped; o1 (overdue: 2018 has no record)
    // and the point's own gap (no records) stay.
    let plan = "plan: {id: p, issued: 2018-01-01}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: o1, title: a, every: year}
      - {id: o2, title: b, kind: nosuch, every: year}
";
    let r = repo(&plan.replace("lead: [jw]", "lead: [zzb]"));
    let f = r.check("2019-01-15", &[]).findings();
    assert_eq!(
        pick(&f, &["category", "type", "obligation", "period"]),
        vec![
            json!({"category": "overdue", "type": "obligation", "obligation": "o1", "period": "2018"}),
            json!({"category": "gap", "type": "no-records"}),
        ]
    );
}

#[test]
fn unit_filter_limits_findings_and_counts() {
    let r = repo(QUARTERLY).file("units/jw.yaml", JW_QUARTERLY);
    let run = r.check("2018-10-20", &["--unit", "zzb"]);
    assert_eq!(run.findings(), Vec::<Value>::new());
    assert_eq!(run.json()["summary"]["overdue"], 0);
    assert_eq!(run.status, 0);
    let run = r.check("2018-10-20", &["--unit", "nosuch"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("nosuch"));
}

#[test]
fn strict_fails_on_gaps() {
    let plan = "plan: {id: p, issued: 2018-01-01}\npoints:\n  - {id: WP01, title: x, lead: [jw]}\n";
    let r = repo(plan);
    assert_eq!(r.check("2019-01-15", &[]).status, 0);
    assert_eq!(r.check("2019-01-15", &["--strict"]).status, 1);
}

#[test]
fn fail_on_chooses_what_fails() {
    // The quarterly fixture is overdue (Q3) as of 2018-10-20.
    let r = repo(QUARTERLY).file("units/jw.yaml", JW_QUARTERLY);
    assert_eq!(r.check("2018-10-20", &[]).status, 1);
    assert_eq!(r.check("2018-10-20", &["--fail-on", "error"]).status, 0);
    assert_eq!(r.check("2018-10-20", &["--fail-on", "any"]).status, 1);
    // Errors fail whatever the policy.
    let broken = r.file("units/zzb.yaml", "unit: zzb\nrecords: 3\n");
    assert_eq!(
        broken.check("2018-10-20", &["--fail-on", "error"]).status,
        2
    );
    // Nothing overdue, one gap: only `any` fails.
    let plan = "plan: {id: p, issued: 2018-01-01}\npoints:\n  - {id: WP01, title: x, lead: [jw]}\n";
    let gap = repo(plan);
    assert_eq!(gap.check("2019-01-15", &[]).status, 0);
    assert_eq!(gap.check("2019-01-15", &["--fail-on", "any"]).status, 1);
}
