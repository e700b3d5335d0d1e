//! The JSON output (§8.1) read back into test-side types: a contract test, so
//! a renamed or retyped key fails here before it fails a consumer. The output
//! is also validated against the spec's own schema (copied into tests/data).

use crate::common;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Envelope {
    version: u32,
    /// Added for format 1.1 repositories (docs/format.md §1.1.2).
    format: Option<String>,
    as_of: String,
    summary: Summary,
    diagnostics: Vec<Diag>,
    findings: Vec<Finding>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Summary {
    errors: usize,
    warnings: usize,
    overdue: usize,
    due_soon: usize,
    late: usize,
    gaps: usize,
    /// Added to §8.1's keys (issue 10): units whose ledger has an error.
    units_not_evaluated: usize,
    /// Added for format 1.1: regular obligations not scored.
    unscored: Option<usize>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Diag {
    severity: String,
    code: String,
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
    help: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Finding {
    category: String,
    #[serde(rename = "type")]
    kind: String,
    unit: String,
    #[serde(rename = "ref")]
    ref_: Option<String>,
    obligation: Option<String>,
    item: Option<String>,
    period: Option<String>,
    due: Option<String>,
    closed: Option<String>,
    /// Added key (§8.1 allows it): the day a late obligation period was met.
    done: Option<String>,
    days_overdue: Option<i64>,
    days_left: Option<i64>,
    days_late: Option<i64>,
    have: Option<usize>,
    need: Option<usize>,
    missing: Option<Vec<String>>,
    kinds: Option<Vec<String>>,
    /// Added for format 1.1 (docs/format.md §1.1.13).
    person: Option<String>,
    target: Option<String>,
    event: Option<String>,
    event_unit: Option<String>,
    drawn: Option<bool>,
}

fn run(repo: &str, as_of: &str) -> (i32, String) {
    let args: Vec<String> = [
        "check", "--repo", repo, "--as-of", as_of, "--format", "json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = common::run_in(&common::root(), &args);
    (r.status, r.stdout)
}

fn spec_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join("tests/data/check-output.schema.json"))
        .expect("schema");
    jsonschema::validator_for(&serde_json::from_str(&text).expect("json")).expect("schema")
}

#[test]
fn json_output_round_trips_into_the_contract_types() {
    let v = spec_validator();
    for (repo, as_of) in [
        ("ledgers", "2019-01-15"),
        ("tests/fixtures/conformance/invalid/repo", "2019-01-15"),
        ("tests/fixtures/conformance/coverage/repo", "2019-03-01"),
        ("tests/fixtures/conformance/items/repo", "2019-02-01"),
        // Format 1.1 repositories: their output still fits the v1 schema.
        ("tests/fixtures/format11/1-people", "2019-01-15"),
        ("tests/fixtures/format11/2-supervision", "2019-01-15"),
        ("tests/fixtures/format11/3-samples", "2021-12-20"),
        ("tests/fixtures/format11/4-events", "2021-06-30"),
        ("tests/fixtures/format11/5-own-terms", "2021-01-20"),
        ("tests/fixtures/format11/6-groups", "2019-01-15"),
        ("tests/fixtures/format11/7-regularly", "2019-01-15"),
        ("tests/fixtures/format11/8-record-obligation", "2022-01-10"),
    ] {
        let (status, out) = run(repo, as_of);
        let value: serde_json::Value = serde_json::from_str(&out).expect("json");
        let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{repo}: {errors:?}");
        let env: Envelope = serde_json::from_value(value).expect("contract types");
        assert_eq!(env.version, 1);
        assert_eq!(env.as_of, as_of);
        let v11 = repo.contains("format11") || repo == "ledgers";
        assert_eq!(env.format.as_deref(), v11.then_some("1.1"), "{repo}");
        assert_eq!(env.summary.unscored.is_some(), v11, "{repo}");
        // The shipped ledgers are format 1.1, with every 定期 duty scored.
        if repo == "ledgers" {
            assert_eq!(env.summary.unscored, Some(0));
        }
        let errors = env
            .diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .count();
        assert_eq!(env.summary.errors, errors);
        assert_eq!(
            env.summary.overdue,
            env.findings
                .iter()
                .filter(|f| f.category == "overdue")
                .count()
        );
        assert_eq!(status == 2, errors > 0, "{repo}");
        for d in &env.diagnostics {
            assert!(
                !d.message.is_empty() && d.file.is_some() && d.line.is_some() && d.column.is_some()
            );
            assert!(d.help.as_ref().is_none_or(|h| !h.is_empty()), "{}", d.code);
        }
        for f in &env.findings {
            assert!(!f.unit.is_empty() && !f.kind.is_empty());
        }
    }
}

#[test]
fn no_repo_output_is_still_the_envelope() {
    let dir = tempfile::tempdir().expect("tmp");
    let args: Vec<String> = ["check", "--format", "json", "--as-of", "2019-01-15"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let r = common::run_in(dir.path(), &args);
    assert_eq!(r.status, 2);
    let env: Envelope = serde_json::from_str(&r.stdout).expect("contract types");
    assert_eq!(
        env.summary,
        Summary {
            errors: 1,
            warnings: 0,
            overdue: 0,
            due_soon: 0,
            late: 0,
            gaps: 0,
            units_not_evaluated: 0,
            unscored: None,
        }
    );
    assert_eq!(env.diagnostics[0].code, "no-repo");
    assert!(env.diagnostics[0].file.is_none() && env.diagnostics[0].line.is_none());
}

#[test]
fn bad_usage_is_exit_2_without_json() {
    for args in [
        vec!["check", "--as-of", "2019/01/15", "--format", "json"],
        vec!["check", "--bogus"],
        vec!["check", "--format", "xml"],
    ] {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let r = common::run_in(&common::root(), &args);
        assert_eq!(r.status, 2, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(!r.stderr.is_empty());
    }
    let args: Vec<String> = ["check", "--as-of", "2019/1/15"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let r = common::run_in(&common::root(), &args);
    assert!(r.stderr.contains("2019-01-15"), "{}", r.stderr);
}
