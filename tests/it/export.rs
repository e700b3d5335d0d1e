//! `ledger export jsonl`: the rows a city's roll-up reads (docs/format.md,
//! "jsonl export"). Whole outputs on a small repository, and the row counts
//! of the shipped `ledgers/` against what `check` and `summary` report.

use crate::common::{self, Repo};

const PLAN: &str = "plan: {id: p-2018, issued: 2018-01-01}
units:
  - {id: jw, name: 区纪委}
points:
  - id: WP01
    title: 季度会议
    lead: [jw]
    obligations:
      - {id: q, title: 每季度至少两次, kind: meeting, every: quarter, min: 2}
";

const JW: &str = "unit: jw
records:
  - {id: a, date: 2018-01-10, ref: WP01, kind: meeting, title: Q1 一}
  - {id: b, date: 2018-03-20, ref: WP01, kind: meeting, title: Q1 二}
  - {id: c, date: 2018-05-01, ref: WP01, kind: meeting, title: Q2 一, period: 2018-Q2}
items:
  - {id: i1, kind: rectification, ref: WP01, title: 会议记录不全, opened: 2018-04-01, due: 2018-06-30}
";

fn repo(config: &str) -> Repo {
    Repo::bare()
        .file("ledger.toml", config)
        .file("plan/plan.yaml", PLAN)
        .file("units/jw.yaml", JW)
}

fn export(r: &Repo, extra: &[&str]) -> common::Run {
    let mut args = vec!["export", "jsonl", "--as-of", "2018-08-01"];
    args.extend(extra);
    let root = r.path().display().to_string();
    args.extend(["--repo", root.as_str()]);
    common::run_env(r.path(), &args, &[])
}

/// Every row type, every column (null where it does not apply), in the
/// documented order: records, items, periods, findings.
#[test]
fn export_jsonl_writes_one_row_per_record_item_period_and_finding() {
    let r = repo("district = \"越秀区\"\ntitle = \"台账\"\n");
    let run = export(&r, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("export_jsonl", run.stdout);
}

/// Without `district`, rows carry the repository's title; `--out FILE` writes
/// the same bytes as standard output, and `--jobs 1` changes nothing.
#[test]
fn export_district_falls_back_to_the_title_and_out_writes_a_file() {
    let r = repo("title = \"台账\"\n");
    let stdout = export(&r, &["--jobs", "1"]);
    assert_eq!(stdout.status, 0, "{}", stdout.stderr);
    let first: serde_json::Value =
        serde_json::from_str(stdout.stdout.lines().next().expect("a row")).expect("JSON");
    assert_eq!(first["district"], "台账");
    let file = export(&r, &["--out", "rows.jsonl"]);
    assert_eq!(file.status, 0, "{}", file.stderr);
    assert_eq!(file.stdout, "");
    let written = std::fs::read_to_string(r.join("rows.jsonl")).expect("the --out file");
    assert_eq!(written, stdout.stdout);
}

/// A repository with errors has no trustworthy rows: the diagnostics go to
/// stderr, nothing to stdout, exit 2 (as `summary`).
#[test]
fn export_refuses_a_repository_with_errors() {
    let r = repo("title = \"台账\"\n").file("units/jw.yaml", "unit: jw\nrecords: [{id: a}]\n");
    let run = export(&r, &[]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("units/jw.yaml"), "{}", run.stderr);
}

/// On the shipped ledgers, the finding rows are `check`'s findings, in order.
#[test]
fn export_rows_agree_with_check_on_the_shipped_ledgers() {
    let root = common::root();
    let ledgers = root.join("ledgers").display().to_string();
    let rows = common::run_env(&root, &["export", "jsonl", "--repo", &ledgers], &[]);
    assert_eq!(rows.status, 0, "{}", rows.stderr);
    let check = common::run_env(
        &root,
        &["check", "--repo", &ledgers, "--format", "json"],
        &[],
    );
    let mut by_type = std::collections::BTreeMap::<String, usize>::new();
    let mut findings = Vec::new();
    for line in rows.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON row");
        let t = v["type"].as_str().expect("a type").to_owned();
        if t == "finding" {
            findings.push((v["category"].clone(), v["unit"].clone(), v["ref"].clone()));
        }
        *by_type.entry(t).or_default() += 1;
    }
    let expected: Vec<_> = check
        .findings()
        .iter()
        .map(|f| (f["category"].clone(), f["unit"].clone(), f["ref"].clone()))
        .collect();
    assert_eq!(findings, expected);
    assert_eq!(
        by_type.keys().map(String::as_str).collect::<Vec<_>>(),
        ["finding", "item", "period", "record"]
    );
}
