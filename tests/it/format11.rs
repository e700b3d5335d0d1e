//! Format 1.1 (docs/format.md Part I): one fixture repository per capability
//! of issue 12 under `tests/fixtures/format11/`, each finding worked out by
//! hand (the arithmetic is in the comments here and in the fixtures' files),
//! plus the diagnostics of the new rules.

use crate::common::{self, Repo};
use serde_json::{Value, json};

fn fixture(name: &str) -> std::path::PathBuf {
    common::root().join("tests/fixtures/format11").join(name)
}

/// `ledger check --format json` on a fixture, with its pinned date.
fn check(name: &str) -> Value {
    let run = common::run_in(
        &common::root(),
        &[
            "check".into(),
            "--repo".into(),
            fixture(name).display().to_string(),
            "--format".into(),
            "json".into(),
            "--lang".into(),
            "en".into(),
        ],
    );
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn findings(v: &Value) -> Vec<Value> {
    v["findings"].as_array().expect("findings").clone()
}

fn no_diagnostics(v: &Value) {
    assert_eq!(v["diagnostics"], json!([]), "{:#}", v["diagnostics"]);
    assert_eq!(v["format"], "1.1");
}

/// Capability 1: people and roles.
#[test]
fn people_each_leader_reviews_every_year() {
    let v = check("1-people");
    no_diagnostics(&v);
    // annual-review binds every principal and leader in office on the period's
    // due date, 2018-12-31; as of 2019-01-15 that is 15 days past.
    // - zzb-1: z1 names it, and z3 was done by it (`by`) → met.
    // - zzb-2: z2 names it in `people` → met.
    // - zzb-3 (from 2018-06-01): z3 is by zzb-1, so it is not zzb-3's; z4 names
    //   zzb-3 with period 2018, dated 2019-01-10 → late, 10 days after 12-31.
    // - jw-1 left on 2018-10-31: not in office on 12-31, owes nothing (j1 is moot).
    // - jw-2 (from 2018-11-01) and jda-1: nothing → overdue, 15 days.
    // 2019 is due 2019-12-31, 350 days away: pending, not reported.
    // The 党员 checklist binds jda-2 (member of a street body): M01 by a1, M02 missing.
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "obligation", "unit": "jd-a", "ref": "WP10",
                   "obligation": "annual-review", "period": "2018", "due": "2018-12-31",
                   "days_overdue": 15, "have": 0, "need": 1, "person": "jda-1"}),
            json!({"category": "overdue", "type": "obligation", "unit": "jw", "ref": "WP10",
                   "obligation": "annual-review", "period": "2018", "due": "2018-12-31",
                   "days_overdue": 15, "have": 0, "need": 1, "person": "jw-2"}),
            json!({"category": "late", "type": "obligation", "unit": "zzb", "ref": "WP10",
                   "obligation": "annual-review", "period": "2018", "due": "2018-12-31",
                   "done": "2019-01-10", "days_late": 10, "have": 1, "need": 1,
                   "person": "zzb-3"}),
            json!({"category": "gap", "type": "checklist-item", "unit": "jd-a", "ref": "M02",
                   "person": "jda-2"}),
        ]
    );
}

/// Capability 2: coverage repeated per half-year, by each supervising body.
#[test]
fn supervision_each_group_each_supervised_unit_each_half_year() {
    let v = check("2-supervision");
    no_diagnostics(&v);
    // pz1 supervises zzb and xcbu; pz2 every `government` unit (fb, sjj).
    // 2018-H1 (due 06-30, 199 days before 2019-01-15): pz1 met only zzb → overdue,
    //   missing xcbu; pz2 met both on 06-15.
    // 2018-H2 (due 12-31, 15 days past): pz1 met both on 11-20; pz2 nothing → overdue.
    // 2019-H1 (due 06-30, 166 days away): a coverage gap for each, nothing covered;
    //   166 > 30, so not due soon.
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "coverage", "unit": "pz1", "ref": "WP16",
                   "obligation": "joint-study", "period": "2018-H1", "due": "2018-06-30",
                   "days_overdue": 199, "have": 1, "need": 2, "missing": ["xcbu"]}),
            json!({"category": "overdue", "type": "coverage", "unit": "pz2", "ref": "WP16",
                   "obligation": "joint-study", "period": "2018-H2", "due": "2018-12-31",
                   "days_overdue": 15, "have": 0, "need": 2, "missing": ["fb", "sjj"]}),
            json!({"category": "gap", "type": "coverage", "unit": "pz1", "ref": "WP16",
                   "obligation": "joint-study", "period": "2019-H1", "due": "2019-06-30",
                   "days_left": 166, "have": 0, "need": 2, "missing": ["xcbu", "zzb"]}),
            json!({"category": "gap", "type": "coverage", "unit": "pz2", "ref": "WP16",
                   "obligation": "joint-study", "period": "2019-H1", "due": "2019-06-30",
                   "days_left": 166, "have": 0, "need": 2, "missing": ["fb", "sjj"]}),
        ]
    );
}

/// Capability 3: samples, drawn and not drawn, and full coverage beside them.
#[test]
fn samples_check_exactly_the_drawn_targets() {
    let v = check("3-samples");
    no_diagnostics(&v);
    // Window 2021, due 12-31: 11 days from 2021-12-20, so every unmet window is a
    // gap and due soon.
    // - cadre-check drew c17 and c14 (10% of 20 = 2; the draw is checked against
    //   the algorithm, see sampling.rs); z1 covered c17 → have 1 of 2, missing c14.
    // - principal-check was never drawn: need = 10% of the 9 principals = 1
    //   (ceil 0.9), have 0, nothing to list as missing, drawn false.
    // - district-chiefs: all 4 district principals; z2 covered p01 and p02.
    let common = json!({"ref": "M20", "period": "2021", "due": "2021-12-31", "days_left": 11});
    let with = |extra: Value| {
        let mut m = common.as_object().expect("object").clone();
        m.extend(extra.as_object().expect("object").clone());
        Value::Object(m)
    };
    let cadre = json!({"type": "coverage", "unit": "zzb", "obligation": "cadre-check",
                       "have": 1, "need": 2, "missing": ["c14"], "drawn": true});
    let chiefs = json!({"type": "coverage", "unit": "zzb", "obligation": "district-chiefs",
                        "have": 2, "need": 4, "missing": ["p03", "p04"]});
    let principal = json!({"type": "coverage", "unit": "zzb", "obligation": "principal-check",
                           "have": 0, "need": 1, "missing": [], "drawn": false});
    let mut want = Vec::new();
    for cat in ["due-soon", "gap"] {
        for f in [&cadre, &chiefs, &principal] {
            let mut f = with(f.clone());
            f["category"] = json!(cat);
            want.push(f);
        }
    }
    assert_eq!(findings(&v), want);
}

/// Capability 4: deadlines by kind and origin, and follow-ups of events.
#[test]
fn events_and_deadline_rules() {
    let v = check("4-events");
    no_diagnostics(&v);
    // Items (clue-feedback: clues assigned or transferred, 3 months from opened):
    // - XS-1 (WP19, assigned, opened 01-10) → due 04-10, open → overdue 81 days.
    // - XS-3 (WP31, transferred, opened 04-15) → due 07-15, 15 days → due soon.
    // - XS-2 (found) keeps its own due 08-01, 32 days away; ZG-1 closed on time.
    // Events:
    // - z1 appoints principal pd1 on 03-01 → talk due 04-01; s1 on 04-15 → late 14.
    // - z2 appoints a leader: the rule asks for principals only → no event.
    // - z3 appoints pd2 on 06-20 → due 07-20, 20 days, no talk yet → due soon.
    // - j4, a case in d1 on 05-01 → letter due 06-01; j5 on 05-20 → met.
    // - j6, a case in d2 on 06-01 → due 07-01, 1 day → due soon.
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "item", "unit": "jw", "ref": "WP19",
                   "item": "XS-1", "due": "2021-04-10", "days_overdue": 81}),
            json!({"category": "due-soon", "type": "obligation", "unit": "jw", "ref": "A14",
                   "obligation": "reform-letter", "period": "2021-06-01/2021-07-01",
                   "due": "2021-07-01", "days_left": 1, "have": 0, "need": 1,
                   "target": "d2", "event": "j6", "event_unit": "jw"}),
            json!({"category": "due-soon", "type": "item", "unit": "jw", "ref": "WP31",
                   "item": "XS-3", "due": "2021-07-15", "days_left": 15}),
            json!({"category": "due-soon", "type": "obligation", "unit": "sw", "ref": "M06",
                   "obligation": "appointment-talk", "period": "2021-06-20/2021-07-20",
                   "due": "2021-07-20", "days_left": 20, "have": 0, "need": 1,
                   "person": "pd2", "event": "z3", "event_unit": "zzb"}),
            json!({"category": "late", "type": "obligation", "unit": "sw", "ref": "M06",
                   "obligation": "appointment-talk", "period": "2021-03-01/2021-04-01",
                   "due": "2021-04-01", "done": "2021-04-15", "days_late": 14,
                   "have": 1, "need": 1, "person": "pd1", "event": "z1", "event_unit": "zzb"}),
        ]
    );
}

/// Capability 5: own terms of bodies and people.
#[test]
fn own_terms_of_people_and_bodies() {
    let v = check("5-own-terms");
    no_diagnostics(&v);
    // audit-in-term (party sjj), each leader within their own term:
    // - l1: 2016-10-01/2019-09-30 ended before the plan's start (2020-01-01): out.
    // - l2: from/until 2017-01-01/2020-12-31, not audited → overdue, 20 days.
    // - l3: no term of its own or its unit's → the repository's term, audited by s1.
    // on-time-election (party zzb), each grassroots body within its own term:
    // - sq-1: 2018-03-01/2021-02-28, no election yet → gap, 39 days left.
    // - sq-2: the repository's term; z1 covers it.
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "coverage", "unit": "sjj", "ref": "MS27",
                   "obligation": "audit-in-term", "period": "2017-01-01/2020-12-31",
                   "due": "2020-12-31", "days_overdue": 20, "have": 0, "need": 1,
                   "missing": ["l2"]}),
            json!({"category": "gap", "type": "coverage", "unit": "zzb", "ref": "MS11",
                   "obligation": "on-time-election", "period": "2018-03-01/2021-02-28",
                   "due": "2021-02-28", "days_left": 39, "have": 0, "need": 1,
                   "missing": ["sq-1"]}),
        ]
    );
}

/// Capability 6: groups, reported bodies, tag entries in unit lists.
#[test]
fn groups_and_reported_bodies_stand_for_others() {
    let v = check("6-groups");
    no_diagnostics(&v);
    // `leads` = WP01's dlxz → dlb (its office records for it); WP07's group xzzf →
    // gafj and scjg; jw (WP12, T02). annual-summary 2018, due 12-10:
    // - dlb on 12-20 → late, 10 days; jw on 12-05 → met;
    // - gafj and scjg nothing → overdue, 12-10 → 2019-01-15 = 36 days (scjg has
    //   no ledger: treated as empty, spec §6).
    // Gaps: scjg has no ledger and no record on WP07 (led through the group);
    // jd-b (a street body supporting T02 through its tag) has no ledger. dlxz and
    // xzzf keep no ledger and get no `no-ledger`.
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "obligation", "unit": "gafj",
                   "ref": "annual-summary", "obligation": "annual-summary", "period": "2018",
                   "due": "2018-12-10", "days_overdue": 36, "have": 0, "need": 1}),
            json!({"category": "overdue", "type": "obligation", "unit": "scjg",
                   "ref": "annual-summary", "obligation": "annual-summary", "period": "2018",
                   "due": "2018-12-10", "days_overdue": 36, "have": 0, "need": 1}),
            json!({"category": "late", "type": "obligation", "unit": "dlb",
                   "ref": "annual-summary", "obligation": "annual-summary", "period": "2018",
                   "due": "2018-12-10", "done": "2018-12-20", "days_late": 10,
                   "have": 1, "need": 1}),
            json!({"category": "gap", "type": "no-ledger", "unit": "jd-b"}),
            json!({"category": "gap", "type": "no-ledger", "unit": "scjg"}),
            json!({"category": "gap", "type": "no-records", "unit": "scjg", "ref": "WP07"}),
        ]
    );
}

/// Capability 7: 定期 as a maximum gap.
#[test]
fn regularly_means_no_gap_longer_than_the_maximum() {
    let v = check("7-regularly");
    no_diagnostics(&v);
    assert_eq!(v["summary"]["unscored"], 0);
    // WP24 (3个月 of its own): 06-01 + 3 months = 09-01, nothing since → 136 days.
    // WP17 (6个月 from ledger.toml): 05-10 + 6 months = 11-10, next record 12-01 →
    // late by 21 days; then 12-01 + 6 months = 2019-06-01, 137 days away.
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "obligation", "unit": "zzb", "ref": "WP24",
                   "obligation": "report-up", "period": "2018-06-01/2018-09-01",
                   "due": "2018-09-01", "days_overdue": 136, "have": 0, "need": 1}),
            json!({"category": "late", "type": "obligation", "unit": "jw", "ref": "WP17",
                   "obligation": "petition-hearing", "period": "2018-05-10/2018-11-10",
                   "due": "2018-11-10", "done": "2018-12-01", "days_late": 21,
                   "have": 1, "need": 1}),
        ]
    );
}

/// Without a maximum gap in the plan or `ledger.toml`, 定期 is tracked but
/// not scored, and the run says so.
#[test]
fn regularly_without_a_gap_is_unscored_and_said() {
    let repo = Repo::bare();
    copy_fixture("7-regularly", &repo);
    repo.write(
        "ledger.toml",
        "format = \"1.1\"\n[check]\nas_of = 2019-01-15\n",
    );
    let run = repo.check("2019-01-15", &[]);
    let v = run.json();
    assert_eq!(v["summary"]["unscored"], 1);
    let obligations: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["obligation"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(obligations, ["report-up"]);
    let human = common::run_in(repo.path(), &["check".into(), "--lang".into(), "en".into()]);
    assert!(
        human
            .stdout
            .contains("1 regular (定期) obligation(s) have no maximum gap"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("WP17/petition-hearing"));
}

/// Capability 8: `obligation:` on a record.
#[test]
fn a_record_serves_the_obligation_it_names() {
    let v = check("8-record-obligation");
    no_diagnostics(&v);
    // Q3: s1 names no obligation → counts for both. Q4: s2 serves
    // petition-analysis only → clue-analysis is 10 days overdue (12-31 → 01-10).
    assert_eq!(
        findings(&v),
        vec![
            json!({"category": "overdue", "type": "obligation", "unit": "sjw", "ref": "M24",
                   "obligation": "clue-analysis", "period": "2021-Q4", "due": "2021-12-31",
                   "days_overdue": 10, "have": 0, "need": 1}),
        ]
    );
}

fn copy_fixture(name: &str, repo: &Repo) {
    let from = fixture(name);
    for entry in walk(&from) {
        let rel = entry
            .strip_prefix(&from)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        repo.write(&rel, std::fs::read(&entry).expect("read"));
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

// ------------------------------------------------------------ diagnostics

fn v11(plan: &str) -> Repo {
    Repo::bare()
        .file("ledger.toml", "format = \"1.1\"\n")
        .file("plan/plan.yaml", plan)
}

/// Capability 9: `no:` is read as `number:` under 1.1, with a warning; a
/// format 1 repository is untouched.
#[test]
fn no_key_is_number_with_a_warning_in_1_1_only() {
    let plan = "plan: {id: p, issued: 2018-01-01}
units:
  - {id: jw, name: 区纪委}
points:
  - {id: WP01, no: 1, title: t, lead: [jw]}
  - {id: WP02, no: 2, number: 2, title: t, lead: [jw]}
";
    let r = v11(plan).file("units/jw.yaml", "unit: jw\n");
    assert_eq!(
        r.check("2018-06-01", &[]).diagnostics(),
        // WP02 has both: one error at the later key, no warning on top.
        vec![
            ("unknown-field".into(), "plan/plan.yaml".into(), 5, 16),
            ("invalid-value".into(), "plan/plan.yaml".into(), 6, 23),
        ]
    );
    let v = r.check("2018-06-01", &[]).json();
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("YAML 1.1"),
        "{:#}",
        v["diagnostics"][0]
    );
    // Format 1: `no` is the spec's key; `number` is unknown and says why.
    let v1 = Repo::new()
        .file("plan/plan.yaml", plan)
        .file("units/jw.yaml", "unit: jw\n");
    let got = v1.check("2018-06-01", &[]).json();
    let diags = got["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "unknown-field");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("format 1.1"),
        "{:#}",
        diags[0]
    );
}

/// Every 1.1 key in a format 1 repository is `unknown-field`, saying how to
/// declare the format; the repository's findings are as version 1 gives them.
#[test]
fn format_1_repositories_report_1_1_keys_and_keep_their_results() {
    let plan = "plan: {id: p, issued: 2018-01-01}
units:
  - {id: jw, name: 区纪委, members: [zzb]}
people:
  - {id: x, unit: jw, roles: [principal]}
points:
  - id: WP01
    title: t
    lead: [jw]
    obligations:
      - {id: o, title: t, every: regularly}
";
    let r = Repo::new()
        .file("plan/plan.yaml", plan)
        .file("units/jw.yaml", "unit: jw\n");
    let v = r.check("2018-06-01", &[]).json();
    let got: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("unknown-field".to_owned(), 3),
            ("unknown-field".to_owned(), 4),
            ("invalid-value".to_owned(), 11),
        ]
    );
    assert!(v.get("format").is_none(), "no format key for format 1");
    assert!(v["summary"].get("unscored").is_none());
}

/// The rules of §1.1.12, each reported at its place under a code of §7.
#[test]
fn format_1_1_diagnostics() {
    let plan = "plan: {id: p, issued: 2018-01-01}
units:
  - {id: jw, name: 区纪委}
  - {id: g, name: 统称, members: [jw]}
  - {id: h, name: 统称二, members: [g]}
  - {id: r, name: 小组, reported_by: r}
people:
  - {id: a, unit: g, roles: [boss]}
  - {id: b, unit: jw, roles: [principal]}
points:
  - id: WP01
    title: t
    lead: [jw]
    obligations:
      - {id: s1, title: t, cover: {tags: [x]}, within: year, sample: true, besides: nope}
      - {id: e1, title: t, after: {kind: meeting}}
      - {id: o1, title: t, cover: {roles: [principal]}, within: own-term}
";
    let ledger = "unit: jw
records:
  - {id: r1, date: 2018-03-01, ref: WP01, kind: meeting, title: t, person: zz, obligation: nope, target: g}
";
    let r = v11(plan).file("units/jw.yaml", ledger);
    let v = r.check("2018-06-01", &[]).json();
    let got: Vec<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want: Vec<(String, String, u64)> = [
        // h's member g is itself a group, so h stands for no unit.
        ("empty-selector", "plan/plan.yaml", 5),
        ("invalid-value", "plan/plan.yaml", 5),
        // r reported by itself.
        ("invalid-value", "plan/plan.yaml", 6),
        // a person in a group; an unknown role.
        ("invalid-value", "plan/plan.yaml", 8),
        ("invalid-value", "plan/plan.yaml", 8),
        // a cover matching no unit (a warning); besides names nothing.
        ("empty-selector", "plan/plan.yaml", 15),
        ("unknown-ref", "plan/plan.yaml", 15),
        // an event obligation with no deadline.
        ("missing-field", "plan/plan.yaml", 16),
        // own-term with a target (b) that has no term (no [term] in ledger.toml).
        ("no-term", "plan/plan.yaml", 17),
        // an unknown person, an obligation not on the point, a group as target.
        ("unknown-unit", "units/jw.yaml", 3),
        ("unknown-ref", "units/jw.yaml", 3),
        ("invalid-value", "units/jw.yaml", 3),
    ]
    .into_iter()
    .map(|(c, f, l)| (c.to_owned(), f.to_owned(), l))
    .collect();
    assert_eq!(got, want, "{:#}", v["diagnostics"]);
}

/// A draw edited by hand is an error naming the real draw; a register changed
/// since the draw is a warning.
#[test]
fn a_draw_is_checked_against_the_register() {
    let repo = Repo::bare();
    copy_fixture("3-samples", &repo);
    let ledger = std::fs::read_to_string(fixture("3-samples/units/zzb.yaml")).expect("read");
    // Hand-picked: c01 instead of c14.
    repo.write("units/zzb.yaml", ledger.replace("[c17, c14]", "[c17, c01]"));
    let v = repo.check("2021-12-20", &[]).json();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["severity"].as_str()),
        (Some("invalid-value"), Some("error"))
    );
    assert!(
        d["message"].as_str().unwrap_or("").contains("c17, c14"),
        "{d:#}"
    );
    // The unit is not evaluated: its draw is in doubt.
    assert_eq!(v["summary"]["units_not_evaluated"], 1);
    // The population recorded differs from the register's: a warning only.
    repo.write(
        "units/zzb.yaml",
        ledger.replace("population: 20", "population: 21"),
    );
    let v = repo.check("2021-12-20", &[]).json();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["severity"].as_str()),
        (Some("invalid-value"), Some("warning"))
    );
}

/// A unit that keeps no ledger must not have one.
#[test]
fn a_ledger_for_a_group_is_an_error() {
    let repo = Repo::bare();
    copy_fixture("6-groups", &repo);
    repo.write("units/xzzf.yaml", "unit: xzzf\n");
    let v = repo.check("2019-01-15", &[]).json();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["file"].as_str(), d["line"].as_u64()),
        (Some("invalid-value"), Some("units/xzzf.yaml"), Some(1))
    );
}

// ------------------------------------------------------------ the trail

/// A draw is the trail of a random choice: `audit` reports one removed or
/// edited by hand, and `diff` shows draws and people like any other entry.
#[test]
fn audit_guards_draws_and_diff_shows_1_1_entries() {
    let git = crate::common::git::GitRepo::new("");
    for entry in walk(&fixture("3-samples")) {
        let rel = entry
            .strip_prefix(fixture("3-samples"))
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        git.write(&rel, &std::fs::read_to_string(&entry).expect("read"));
    }
    git.commit("2021-09-10");
    let ledger = std::fs::read_to_string(fixture("3-samples/units/zzb.yaml")).expect("read");
    // A hand edit: c01 instead of c14.
    git.write(
        "units/zzb.yaml",
        &ledger.replace("[c17, c14]", "[c17, c01]"),
    );
    git.commit("2021-09-12");
    // Then the draw is removed altogether.
    let cut = ledger.find("samples:").expect("samples");
    git.write("units/zzb.yaml", &ledger[..cut]);
    git.commit("2021-09-13");
    let run = git.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    let v = run.json();
    let got: Vec<(String, String, String, String)> = v["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|x| {
            (
                x["type"].as_str().unwrap_or("").to_owned(),
                x["entry"].as_str().unwrap_or("").to_owned(),
                x["entry_kind"].as_str().unwrap_or("").to_owned(),
                x["field"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let row = |t: &str, f: &str| {
        (
            t.to_owned(),
            "M20/cadre-check/2021".to_owned(),
            "draw".to_owned(),
            f.to_owned(),
        )
    };
    assert_eq!(got, vec![row("rewritten", "targets"), row("deleted", "")]);

    // diff between the first and second commit: the draw's targets changed.
    let first = git.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let run = git.ledger(&["diff", &first, "HEAD~1", "--lang", "en"]);
    assert!(
        run.stdout.contains("M20/cadre-check/2021") && run.stdout.contains("targets"),
        "{}",
        run.stdout
    );
}

/// A plan-wide obligation is its own `ref`, so the draw its `besides`
/// excludes is the one whose `ref` is the other obligation (it used to be
/// looked up under this obligation's own id, and never found).
#[test]
fn a_plan_wide_besides_finds_the_other_obligations_draw() {
    let repo = Repo::bare()
        .file(
            "ledger.toml",
            "format = \"1.1\"\n[check]\nas_of = 2021-12-20\n",
        )
        .file(
            "plan/plan.yaml",
            "plan: {id: pw, issued: 2021-01-01}
units:
  - {id: zzb, name: 组织部}
  - {id: b1, name: 局1, tags: [bureau]}
  - {id: b2, name: 局2, tags: [bureau]}
  - {id: b3, name: 局3, tags: [bureau]}
  - {id: b4, name: 局4, tags: [bureau]}
obligations:
  - {id: a-check, title: 抽查, who: {units: [zzb]}, cover: {tags: [bureau]}, within: year, share: 50%, sample: true}
  - {id: b-check, title: 再抽查, who: {units: [zzb]}, cover: {tags: [bureau]}, within: year, share: 50%, sample: true, besides: a-check}
",
        )
        // The draws as SHA-256 orders them (docs/format.md §1.1.11): b3, b1 of
        // the four; then b2 of the two left.
        .file(
            "units/zzb.yaml",
            "unit: zzb
samples:
  - {ref: a-check, obligation: a-check, period: \"2021\", date: 2021-09-10, population: 4, targets: [b3, b1]}
  - {ref: b-check, obligation: b-check, period: \"2021\", date: 2021-09-10, population: 2, targets: [b2]}
",
        );
    let v = repo.check("2021-12-20", &[]).json();
    no_diagnostics(&v);
}

/// 谁查办谁负责 (003 第六条(十四)): `who: recorder` binds, for each event, the
/// unit that recorded it.
#[test]
fn the_unit_that_recorded_an_event_owes_its_follow_up() {
    let plan = "plan: {id: p, issued: 2021-01-01}
units:
  - {id: jjjc1, name: 第一纪检监察室, tags: [office]}
  - {id: jjjc2, name: 第二纪检监察室, tags: [office]}
  - {id: d1, name: 甲街道}
  - {id: d2, name: 乙街道}
points:
  - id: A14
    title: 开展以案促改
    lead: [{tags: [office]}]
    obligations:
      - {id: letter, title: 向案发单位发出以案促改建议书, who: recorder, after: {kind: case}, deadline: 1个月, kind: suggestion}
      - {id: bad, title: t, who: recorder, every: year}
";
    let r = Repo::bare()
        .file(
            "ledger.toml",
            "format = \"1.1\"\n[check]\nkinds = [\"case\", \"suggestion\"]\n",
        )
        .file("plan/plan.yaml", plan)
        .file(
            "units/jjjc1.yaml",
            "unit: jjjc1
records:
  - {id: a1, date: 2021-03-01, ref: A14, kind: case, title: 甲街道某案, target: d1}
  - {id: a2, date: 2021-03-20, ref: A14, kind: suggestion, title: 建议书, target: d1}
",
        )
        .file(
            "units/jjjc2.yaml",
            "unit: jjjc2
records:
  - {id: b1, date: 2021-04-01, ref: A14, kind: case, title: 乙街道某案, target: d2}
",
        );
    let run = r.check("2021-06-30", &[]);
    // `recorder` on a recurring obligation is refused.
    assert_eq!(
        run.diagnostics(),
        vec![("invalid-value".into(), "plan/plan.yaml".into(), 13, 34)]
    );
    let f: Vec<Value> = run.findings();
    // jjjc1 sent its letter within the month; jjjc2's case of 04-01 was due
    // 05-01, 60 days before 06-30. jjjc1 owes nothing for jjjc2's case.
    assert_eq!(
        f,
        vec![
            json!({"category": "overdue", "type": "obligation", "unit": "jjjc2", "ref": "A14",
                    "obligation": "letter", "period": "2021-04-01/2021-05-01",
                    "due": "2021-05-01", "days_overdue": 60, "have": 0, "need": 1,
                    "target": "d2", "event": "b1", "event_unit": "jjjc2"})
        ]
    );
}

// ------------------------------------------------------------ the clerk

/// A clerk records a person's review and a clue's origin without opening the
/// file; in a format 1 repository the same options are refused with the
/// check's message, nothing written.
#[test]
fn clerk_writes_people_obligations_and_origins() {
    let repo = Repo::bare();
    copy_fixture("1-people", &repo);
    let run = common::run_in(
        repo.path(),
        &[
            "add",
            "record",
            "--unit",
            "jw",
            "--ref",
            "WP10",
            "--kind",
            "review",
            "--title",
            "2018年度述责述廉",
            "--person",
            "jw-2",
            "--obligation",
            "annual-review",
            "--period",
            "2018",
            "--date",
            "2019-01-12",
            "--lang",
            "en",
        ]
        .map(str::to_owned),
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(repo.join("units/jw.yaml")).expect("read");
    assert!(
        text.contains("person: jw-2") && text.contains("obligation: annual-review"),
        "{text}"
    );
    // jw-2's 2018 review is now there, 12 days late.
    let f = repo.check("2019-01-15", &[]).findings();
    assert!(
        f.iter()
            .any(|f| f["person"] == "jw-2" && f["category"] == "late"),
        "{f:#?}"
    );

    let repo = Repo::bare();
    copy_fixture("4-events", &repo);
    let run = common::run_in(
        repo.path(),
        &[
            "add",
            "item",
            "--unit",
            "jw",
            "--kind",
            "clue",
            "--ref",
            "WP19",
            "--title",
            "交办线索",
            "--origin",
            "上级交办",
            "--opened",
            "2021-06-01",
            "--lang",
            "en",
        ]
        .map(str::to_owned),
    );
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(repo.join("units/jw.yaml")).expect("read");
    assert!(text.contains("origin: assigned"), "{text}");

    // Format 1: refused, with the reason, and the file untouched.
    let v1 = Repo::new()
        .file("plan/plan.yaml", "plan: {id: p, issued: 2018-01-01}\nunits:\n  - {id: jw, name: 区纪委}\npoints:\n  - {id: WP10, title: t, lead: [jw]}\n")
        .file("units/jw.yaml", "unit: jw\n");
    let run = common::run_in(
        v1.path(),
        &[
            "add",
            "record",
            "--unit",
            "jw",
            "--ref",
            "WP10",
            "--kind",
            "review",
            "--title",
            "t",
            "--person",
            "x",
            "--date",
            "2019-01-12",
            "--lang",
            "en",
        ]
        .map(str::to_owned),
    );
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("format 1.1"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(v1.join("units/jw.yaml")).expect("read"),
        "unit: jw\n"
    );
}
