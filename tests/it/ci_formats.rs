//! The CI output formats of `ledger check`, each held to its real contract
//! rather than to strings we chose:
//!
//! - **SARIF** (`--format sarif`) is validated with `jsonschema` against the
//!   OASIS SARIF 2.1.0 schema (`tests/data/ci/sarif-schema-2.1.0.json`, the
//!   Committee Specification file from oasis-tcs/sarif-spec, JSON Schema
//!   draft-07; it has only local `$ref`s, so nothing is fetched), with format
//!   checks on (`uri`, `uri-reference`); then read back for what a schema
//!   cannot say: rule ids and indexes, levels, locations.
//! - **JUnit** (`--format junit`) is parsed with a real XML parser (roxmltree)
//!   and validated against `tests/data/ci/JUnit.xsd` by the interpreter in
//!   `common::xsd` and by `xmllint` (required on CI, see there).
//! - **GitHub** (`--format github`) lines are parsed with the
//!   workflow-command grammar, escaping is checked both ways (also as a
//!   property test), and the job summary is appended to `GITHUB_STEP_SUMMARY`.
//!
//! Across the three: a finding has no line of its own, so it must point at
//! the `id` that defines what it is about — checked here by reading the file
//! at the reported line and column.
//!
//! Fixtures: the public conformance repositories in
//! `tests/fixtures/conformance/` (each with its `case.toml` for `--as-of`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::Value;

use crate::common::xsd::{junit_errors, xmllint};
use crate::common::{Run, root, run_env};

const CASES: [&str; 6] = [
    "annual-report",
    "coverage",
    "gaps",
    "half-year",
    "invalid",
    "items",
];

fn case_repo(name: &str) -> PathBuf {
    root()
        .join("tests/fixtures/conformance")
        .join(name)
        .join("repo")
}

fn case_as_of(name: &str) -> String {
    let path = root()
        .join("tests/fixtures/conformance")
        .join(name)
        .join("case.toml");
    let cfg: toml::Table = std::fs::read_to_string(path)
        .expect("case.toml")
        .parse()
        .expect("toml");
    cfg["as_of"].as_str().expect("as_of").to_owned()
}

/// `check` on a fixture, with the repository as the CI workspace (so paths are
/// repository-relative, whatever git work tree the fixture sits in).
fn check(case: &str, format: &str, lang: &str, extra: &[&str]) -> Run {
    let repo = case_repo(case);
    let as_of = case_as_of(case);
    let ws = repo.display().to_string();
    let mut args = vec![
        "check", "--as-of", &as_of, "--format", format, "--lang", lang,
    ];
    args.extend_from_slice(extra);
    run_env(&repo, &args, &[("GITHUB_WORKSPACE", &ws)])
}

/// The id a finding is about, which its location must point at.
fn anchor_id(f: &Value) -> String {
    let field = match f["type"].as_str().expect("type") {
        "no-ledger" => "unit",
        "item" => "item",
        "obligation" | "coverage" => "obligation",
        _ => "ref",
    };
    f[field].as_str().expect("anchor field").to_owned()
}

/// The file at `path` has, at `line`:`column` (1-based, columns in
/// characters), the value of an `id:` key equal to `id`.
fn assert_points_at_id(repo: &Path, path: &str, line: usize, column: usize, id: &str) {
    let text = std::fs::read_to_string(repo.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let l = text.lines().nth(line - 1).expect("line exists");
    let before: String = l.chars().take(column - 1).collect();
    let at: String = l.chars().skip(column - 1).collect();
    let rest = at.strip_prefix(id).unwrap_or_else(|| {
        panic!("{path}:{line}:{column} is not at `{id}`: {l:?}");
    });
    assert!(
        !rest.starts_with(|c: char| c.is_alphanumeric() || "._-".contains(c)),
        "{path}:{line}:{column}: `{id}` is only a prefix of the id: {l:?}"
    );
    assert!(
        before.trim_end().ends_with("id:"),
        "{path}:{line}:{column}: not the value of an `id:` key: {l:?}"
    );
}

/// Where a finding must be: item findings in the unit's ledger, everything
/// else in a plan file.
fn assert_finding_place(repo: &Path, f: &Value, path: &str, line: usize, column: usize) {
    let unit = f["unit"].as_str().expect("unit");
    if f["type"] == "item" {
        assert_eq!(path, format!("units/{unit}.yaml"), "{f}");
    } else {
        assert!(path.starts_with("plan/"), "{path}: {f}");
    }
    assert_points_at_id(repo, path, line, column, &anchor_id(f));
}

// ------------------------------------------------------------------- SARIF

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/ci/sarif-schema-2.1.0.json"))
        .expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: not SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

/// The diagnostic codes of spec §7 (one list, kept by the diagnostics tests).
use crate::diagnostics::SPEC_CODES as DIAGNOSTIC_CODES;

const FINDING_RULES: [&str; 13] = [
    "overdue/obligation",
    "overdue/coverage",
    "overdue/item",
    "due-soon/obligation",
    "due-soon/coverage",
    "due-soon/item",
    "late/obligation",
    "late/item",
    "gap/no-ledger",
    "gap/no-records",
    "gap/missing-kind",
    "gap/checklist-item",
    "gap/coverage",
];

fn finding_level(category: &str) -> &'static str {
    match category {
        "overdue" => "error",
        "due-soon" | "late" => "warning",
        _ => "note",
    }
}

/// Read a SARIF log back against the same run's JSON output.
fn assert_sarif_matches_json(repo: &Path, sarif: &Value, json: &Value, what: &str) {
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "{what}: one run");
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "ledger");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            assert!(
                r["shortDescription"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty()),
                "{what}: rule without a description: {r}"
            );
            r["id"].as_str().expect("rule id")
        })
        .collect();
    let want: BTreeSet<&str> = DIAGNOSTIC_CODES
        .iter()
        .chain(&FINDING_RULES)
        .copied()
        .collect();
    assert_eq!(
        rules.iter().copied().collect::<BTreeSet<_>>(),
        want,
        "{what}: rules"
    );
    assert_eq!(rules.len(), want.len(), "{what}: rule ids are unique");

    let results = run["results"].as_array().expect("results");
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(
        results.len(),
        diags.len() + findings.len(),
        "{what}: one result each"
    );
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx], id, "{what}: ruleIndex points at its rule");
        assert!(
            r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{what}: result without a message"
        );
    }
    for (r, d) in results.iter().zip(diags) {
        assert_eq!(r["ruleId"], d["code"], "{what}");
        assert_eq!(r["level"], d["severity"], "{what}");
        assert!(
            r["message"]["text"]
                .as_str()
                .expect("text")
                .starts_with(d["message"].as_str().expect("message")),
            "{what}: {r}"
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], d["file"], "{what}");
        assert_eq!(loc["region"]["startLine"], d["line"], "{what}");
        assert_eq!(loc["region"]["startColumn"], d["column"], "{what}");
    }
    for (r, f) in results[diags.len()..].iter().zip(findings) {
        let rule = format!(
            "{}/{}",
            f["category"].as_str().expect("category"),
            f["type"].as_str().expect("type")
        );
        assert_eq!(r["ruleId"], rule.as_str(), "{what}");
        assert_eq!(
            r["level"],
            finding_level(f["category"].as_str().unwrap()),
            "{what}"
        );
        assert_eq!(
            &r["properties"]["finding"], f,
            "{what}: the JSON finding rides along"
        );
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        let line = loc["region"]["startLine"].as_u64().expect("startLine") as usize;
        let col = loc["region"]["startColumn"].as_u64().expect("startColumn") as usize;
        assert_finding_place(repo, f, uri, line, col);
    }
}

#[test]
fn sarif_is_valid_sarif_2_1_0_and_says_what_json_says() {
    let v = sarif_validator();
    for case in CASES {
        for lang in ["zh", "en"] {
            let out = check(case, "sarif", lang, &[]);
            let what = format!("{case} ({lang})");
            let sarif = out.json();
            assert_valid_sarif(&v, &sarif, &what);
            let json = check(case, "json", lang, &[]).json();
            assert_sarif_matches_json(&case_repo(case), &sarif, &json, &what);
            assert_eq!(
                out.status,
                check(case, "json", lang, &[]).status,
                "{what}: same exit status as the JSON run"
            );
        }
    }
}

#[test]
fn sarif_without_a_repository_is_still_valid() {
    let empty = tempfile::tempdir().expect("tmp");
    let out = run_env(
        empty.path(),
        &["check", "--format", "sarif", "--lang", "en"],
        &[],
    );
    assert_eq!(out.status, 2);
    let sarif = out.json();
    assert_valid_sarif(&sarif_validator(), &sarif, "no repository");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "no-repo");
    assert_eq!(results[0]["level"], "error");
    assert!(results[0].get("locations").is_none());
}

#[test]
fn the_schema_check_has_teeth() {
    // The validator rejects what SARIF forbids: a guard against a schema file
    // that accepts anything (a truncated copy, a `true` schema).
    let v = sarif_validator();
    let mut bad = check("half-year", "sarif", "en", &[]).json();
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!v.is_valid(&bad));
    let mut bad = check("half-year", "sarif", "en", &[]).json();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!v.is_valid(&bad));
    let mut bad = check("half-year", "sarif", "en", &[]).json();
    bad["version"] = Value::from("2.0.0");
    assert!(!v.is_valid(&bad));
}

// ------------------------------------------------------------------- JUnit

#[test]
fn the_xsd_check_has_teeth() {
    let ok = check("half-year", "junit", "en", &[]).stdout;
    assert_eq!(junit_errors(&ok), Vec::<String>::new());
    for (from, to) in [
        (r#" hostname="localhost""#, ""),
        (r#" package="ledger diagnostics""#, ""),
        (r#"<testcase name="#, r#"<testcase file="x" name="#),
        ("<system-err/>", ""),
        (r#"time="0""#, r#"time="soon""#),
        ("<properties>", "<properties><bogus/>"),
        (r#" id="1""#, r#" id="one""#),
        (
            r#"timestamp="2019-01-15T00:00:00""#,
            r#"timestamp="2019-01-15""#,
        ),
    ] {
        assert!(ok.contains(from), "{from}");
        let bad = ok.replacen(from, to, 1);
        assert!(
            !junit_errors(&bad).is_empty(),
            "accepted after {from:?} → {to:?}"
        );
    }
    // A testcase may hold one outcome, not two.
    let two = ok.replacen("</failure>", "</failure><skipped/>", 1);
    assert!(!junit_errors(&two).is_empty());
}

struct Suite {
    name: String,
    props: BTreeMap<String, String>,
    tests: usize,
    failures: usize,
    skipped: usize,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    /// `failure`, `skipped` or `pass`.
    outcome: String,
    /// The failure type, if any.
    kind: Option<String>,
    text: String,
}

fn suites(xml: &str) -> Vec<Suite> {
    let doc = roxmltree::Document::parse(xml).expect("XML");
    assert_eq!(doc.root_element().tag_name().name(), "testsuites");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|s| {
            let num = |a: &str| s.attribute(a).expect(a).parse::<usize>().expect(a);
            Suite {
                name: s.attribute("name").expect("name").to_owned(),
                props: s
                    .descendants()
                    .filter(|n| n.has_tag_name("property"))
                    .map(|p| {
                        (
                            p.attribute("name").unwrap().to_owned(),
                            p.attribute("value").unwrap().to_owned(),
                        )
                    })
                    .collect(),
                tests: num("tests"),
                failures: num("failures"),
                skipped: num("skipped"),
                cases: s
                    .children()
                    .filter(|n| n.has_tag_name("testcase"))
                    .map(|c| {
                        let outcome = c.children().find(|n| n.is_element());
                        Case {
                            name: c.attribute("name").unwrap().to_owned(),
                            outcome: outcome.map_or("pass", |o| o.tag_name().name()).to_owned(),
                            kind: outcome.and_then(|o| o.attribute("type")).map(str::to_owned),
                            text: outcome
                                .map(|o| {
                                    o.text()
                                        .map(str::to_owned)
                                        .or(o.attribute("message").map(str::to_owned))
                                        .unwrap_or_default()
                                })
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn junit_is_valid_against_the_xsd_and_says_what_json_says() {
    for case in CASES {
        for lang in ["zh", "en"] {
            for strict in [false, true] {
                let extra: &[&str] = if strict { &["--strict"] } else { &[] };
                let what = format!("{case} ({lang}{})", if strict { ", strict" } else { "" });
                let out = check(case, "junit", lang, extra);
                let json_run = check(case, "json", lang, extra);
                assert_eq!(out.status, json_run.status, "{what}: same exit status");
                assert_eq!(junit_errors(&out.stdout), Vec::<String>::new(), "{what}");
                xmllint(&out.stdout, &what);

                let json = json_run.json();
                let suites = suites(&out.stdout);
                for s in &suites {
                    assert_eq!(s.tests, s.cases.len(), "{what}: {} tests", s.name);
                    let count = |o: &str| s.cases.iter().filter(|c| c.outcome == o).count();
                    assert_eq!(s.failures, count("failure"), "{what}: {} failures", s.name);
                    assert_eq!(s.skipped, count("skipped"), "{what}: {} skipped", s.name);
                    assert!(!s.cases.is_empty(), "{what}: {} is empty", s.name);
                    assert_eq!(s.props["as_of"], case_as_of(case));
                }
                // The diagnostics suite first: errors fail, warnings fail only with --strict.
                let diag = &suites[0];
                assert_eq!(diag.name, "ledger diagnostics");
                let diags = json["diagnostics"].as_array().expect("diagnostics");
                if diags.is_empty() {
                    assert_eq!(diag.cases.len(), 1);
                    assert_eq!(diag.cases[0].outcome, "pass");
                } else {
                    assert_eq!(diag.cases.len(), diags.len(), "{what}");
                    for (c, d) in diag.cases.iter().zip(diags) {
                        let fails = d["severity"] == "error" || strict;
                        assert_eq!(c.outcome, if fails { "failure" } else { "skipped" });
                        assert!(c.text.contains(d["message"].as_str().unwrap()), "{what}");
                    }
                }
                // Then one suite per unit, in id order, each finding a testcase.
                let units: Vec<&str> = suites[1..].iter().map(|s| s.name.as_str()).collect();
                let mut sorted = units.clone();
                sorted.sort_unstable();
                assert_eq!(units, sorted, "{what}: units in id order");
                let mut by_unit: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
                for f in json["findings"].as_array().expect("findings") {
                    by_unit
                        .entry(f["unit"].as_str().unwrap())
                        .or_default()
                        .push(f);
                }
                for s in &suites[1..] {
                    assert_eq!(s.props["unit"], s.name);
                    let findings = by_unit.remove(s.name.as_str()).unwrap_or_default();
                    if findings.is_empty() {
                        assert_eq!(
                            s.cases.len(),
                            1,
                            "{what}: clean {} has one testcase",
                            s.name
                        );
                        assert!(
                            s.cases[0].outcome == "pass"
                                || (case == "invalid" && s.cases[0].outcome == "skipped"),
                            "{what}: {}",
                            s.name
                        );
                        continue;
                    }
                    assert_eq!(s.cases.len(), findings.len(), "{what}: {}", s.name);
                    for (c, f) in s.cases.iter().zip(&findings) {
                        let rule = format!(
                            "{}/{}",
                            f["category"].as_str().unwrap(),
                            f["type"].as_str().unwrap()
                        );
                        assert!(c.name.starts_with(&rule), "{what}: {} vs {rule}", c.name);
                        let fails = f["category"] == "overdue" || strict;
                        assert_eq!(
                            c.outcome,
                            if fails { "failure" } else { "skipped" },
                            "{what}"
                        );
                        if fails {
                            assert_eq!(c.kind.as_deref(), Some(rule.as_str()));
                        }
                        // The text begins with the place it points at.
                        let (place, _) = c.text.split_once(": ").expect("place: message");
                        let mut parts = place.rsplitn(3, ':');
                        let col: usize = parts.next().unwrap().parse().expect("column");
                        let line: usize = parts.next().unwrap().parse().expect("line");
                        let path = parts.next().expect("path");
                        assert_finding_place(&case_repo(case), f, path, line, col);
                    }
                }
                assert!(
                    by_unit.is_empty(),
                    "{what}: findings without a suite: {by_unit:?}"
                );
            }
        }
    }
}

#[test]
fn junit_names_units_in_chinese_and_honours_the_unit_filter() {
    let all = suites(&check("gaps", "junit", "zh", &[]).stdout);
    let tzb = all.iter().find(|s| s.name == "tzb").expect("tzb suite");
    assert_eq!(tzb.props["unit.name"], "区委统战部");
    // Every registered unit has a suite, clean or not.
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["ledger diagnostics", "jd-a", "jw", "tzb", "zzb"]);

    let one = suites(&check("gaps", "junit", "zh", &["--unit", "zzb"]).stdout);
    let names: Vec<&str> = one.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["ledger diagnostics", "zzb"]);
}

#[test]
fn junit_marks_units_with_broken_ledgers_as_not_evaluated() {
    let out = check("invalid", "junit", "en", &[]);
    let suites = suites(&out.stdout);
    let zzb = suites.iter().find(|s| s.name == "zzb").expect("zzb suite");
    assert_eq!(zzb.cases.len(), 1);
    assert_eq!(zzb.cases[0].outcome, "skipped");
    assert!(
        zzb.cases[0].text.contains("units/zzb.yaml has errors"),
        "{}",
        zzb.cases[0].text
    );
}

// ------------------------------------------------------------------ GitHub

/// A workflow command: `::level props::message`, properties `key=value`
/// separated by `,`, with no raw `,` `:` CR or LF in values nor CR/LF in the message.
fn command_re() -> Regex {
    Regex::new(r"^::(error|warning|notice)(?: ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*))?::([^\r\n]*)$")
        .expect("re")
}

/// Decode the runner's escapes, left to right.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3).unwrap_or("");
        let c = match code {
            "25" => '%',
            "0D" => '\r',
            "0A" => '\n',
            "3A" => ':',
            "2C" => ',',
            _ => panic!("not an escape: %{code} in {s:?}"),
        };
        out.push(c);
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

struct Annotation {
    level: String,
    props: BTreeMap<String, String>,
    message: String,
}

/// Parse GitHub output: every line but the last is a command; the last is the summary.
fn annotations(stdout: &str) -> (Vec<Annotation>, String) {
    let re = command_re();
    let mut lines: Vec<&str> = stdout.lines().collect();
    let summary = lines.pop().expect("a summary line").to_owned();
    assert!(!summary.starts_with("::"), "{summary}");
    let anns = lines
        .into_iter()
        .map(|l| {
            let c = re
                .captures(l)
                .unwrap_or_else(|| panic!("not a workflow command: {l:?}"));
            let props = c.get(2).map_or(BTreeMap::new(), |p| {
                p.as_str()
                    .split(',')
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').expect("key=value");
                        (k.to_owned(), unescape(v))
                    })
                    .collect()
            });
            for k in props.keys() {
                assert!(
                    ["file", "line", "col", "title"].contains(&k.as_str()),
                    "{k}"
                );
            }
            Annotation {
                level: c[1].to_owned(),
                props,
                message: unescape(&c[3]),
            }
        })
        .collect();
    (anns, summary)
}

#[test]
fn github_lines_are_workflow_commands_saying_what_json_says() {
    for case in CASES {
        for lang in ["zh", "en"] {
            let what = format!("{case} ({lang})");
            let out = check(case, "github", lang, &[]);
            let json_run = check(case, "json", lang, &[]);
            assert_eq!(out.status, json_run.status, "{what}");
            let json = json_run.json();
            let (anns, summary) = annotations(&out.stdout);
            assert!(summary.contains(&case_as_of(case)), "{summary}");
            let diags = json["diagnostics"].as_array().unwrap();
            let findings = json["findings"].as_array().unwrap();
            assert_eq!(anns.len(), diags.len() + findings.len(), "{what}");
            for (a, d) in anns.iter().zip(diags) {
                assert_eq!(a.level, d["severity"].as_str().unwrap());
                assert_eq!(a.props["title"], d["code"].as_str().unwrap());
                assert_eq!(a.props["file"], d["file"].as_str().unwrap());
                assert_eq!(a.props["line"], d["line"].to_string());
                assert_eq!(a.props["col"], d["column"].to_string());
                assert!(
                    a.message.starts_with(d["message"].as_str().unwrap()),
                    "{what}"
                );
                if let Some(help) = d["help"].as_str() {
                    assert!(a.message.ends_with(help), "{what}: help on its own line");
                    assert!(a.message.contains('\n'));
                }
            }
            for (a, f) in anns[diags.len()..].iter().zip(findings) {
                let level = if f["category"] == "overdue" {
                    "error"
                } else {
                    "warning"
                };
                assert_eq!(a.level, level, "{what}");
                assert_eq!(
                    a.props["title"],
                    format!(
                        "{}/{}",
                        f["category"].as_str().unwrap(),
                        f["type"].as_str().unwrap()
                    )
                );
                let line: usize = a.props["line"].parse().expect("line");
                let col: usize = a.props["col"].parse().expect("col");
                assert_finding_place(&case_repo(case), f, &a.props["file"], line, col);
                // Names, not only ids: the unit's name is in the message.
                assert!(!a.message.is_empty());
            }
        }
    }
    // Unit names in the message.
    let (anns, _) = annotations(&check("gaps", "github", "zh", &[]).stdout);
    assert!(
        anns[0].message.starts_with("区委统战部（tzb）"),
        "{}",
        anns[0].message
    );
}

#[test]
fn all_three_formats_point_at_the_same_places() {
    for case in CASES {
        let (anns, _) = annotations(&check(case, "github", "en", &[]).stdout);
        let sarif = check(case, "sarif", "en", &[]).json();
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(anns.len(), results.len());
        for (a, r) in anns.iter().zip(results) {
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(
                a.props["file"],
                loc["artifactLocation"]["uri"].as_str().unwrap()
            );
            assert_eq!(a.props["line"], loc["region"]["startLine"].to_string());
            assert_eq!(a.props["col"], loc["region"]["startColumn"].to_string());
        }
    }
}

#[test]
fn github_is_the_default_inside_github_actions() {
    let repo = case_repo("half-year");
    let as_of = case_as_of("half-year");
    let ws = repo.display().to_string();
    let args = ["check", "--as-of", as_of.as_str(), "--lang", "en"];
    let gh = run_env(
        &repo,
        &args,
        &[("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", &ws)],
    );
    assert!(
        gh.stdout.starts_with("::error file=plan/plan.yaml,"),
        "{}",
        gh.stdout
    );
    assert_eq!(gh.status, 1);
    // An explicit --format wins.
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json = run_env(&repo, &json_args, &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(json.json()["version"], 1);
    // Outside Actions: the human tables.
    let human = run_env(&repo, &args, &[("GITHUB_ACTIONS", "false")]);
    assert!(!human.stdout.contains("::error"), "{}", human.stdout);
}

/// Copy a fixture repository to `dest`.
fn copy_dir(from: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let to = dest.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
}

#[test]
fn paths_are_relative_to_the_checkout_when_the_repository_is_a_subfolder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let top = tmp.path();
    let repo = top.join("sub").join("ledgers");
    copy_dir(&case_repo("half-year"), &repo);
    let as_of = case_as_of("half-year");
    // A git work tree above: relative to its top.
    std::fs::create_dir(top.join(".git")).expect("mkdir .git");
    let args = ["check", "--as-of", as_of.as_str(), "--format", "github"];
    let (anns, _) = annotations(&run_env(&repo, &args, &[]).stdout);
    assert_eq!(anns[0].props["file"], "sub/ledgers/plan/plan.yaml");
    let sarif_args = ["check", "--as-of", as_of.as_str(), "--format", "sarif"];
    let sarif = run_env(&repo, &sarif_args, &[]).json();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sub/ledgers/plan/plan.yaml"
    );
    // GITHUB_WORKSPACE wins over the git top.
    let ws = top.join("sub").display().to_string();
    let (anns, _) = annotations(&run_env(&repo, &args, &[("GITHUB_WORKSPACE", &ws)]).stdout);
    assert_eq!(anns[0].props["file"], "ledgers/plan/plan.yaml");
    // Run from elsewhere with --repo: the same paths.
    let repo_arg = repo.display().to_string();
    let mut from_top = args.to_vec();
    from_top.extend(["--repo", repo_arg.as_str()]);
    let (anns, _) = annotations(&run_env(top, &from_top, &[]).stdout);
    assert_eq!(anns[0].props["file"], "sub/ledgers/plan/plan.yaml");
}

/// A repository whose names and folder hold every character the formats must escape.
fn tricky_repo(top: &Path) -> PathBuf {
    let repo = top.join("led,ger:s 100%");
    let files = [
        (
            "ledger.toml",
            "[term]\nstart = 2016-10-01\nend = 2019-03-31\n",
        ),
        (
            "plan/plan.yaml",
            r#"plan:
  id: p
  issued: 2018-01-01
units:
  - {id: jw, name: "区纪委 <&> \"q\" 'a'", tags: [discipline]}
  - {id: zzb, name: 区委组织部, tags: [department]}
  - {id: jd-a, name: "北京街, 50%: a|b", tags: [street]}
points:
  - id: WP01
    title: "标题 50%: a,b <x> & \"y\"\n第二行 *粗* [链接](x)"
    lead: [jw]
    obligations:
      - id: cover
        title: "巡察\x01全覆盖"
        cover: {tags: [street]}
        within: term
  - id: WP02
    title: "控制字符\x01在此"
    lead: [zzb]
"#,
        ),
        (
            "units/jw.yaml",
            "unit: jw\nrecords:\n  - {id: r1, date: 2019-05-01, ref: WP01, kind: inspection, title: 未来}\n",
        ),
        (
            "units/zzb.yaml",
            "unit: zzb\nrecords:\n  - {id: z1, date: 2018-05-01, ref: WP02, kind: nosuchkind, title: x}\n",
        ),
    ];
    for (rel, text) in files {
        let p = repo.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    repo
}

#[test]
fn escaping_survives_commas_colons_percents_markup_and_line_breaks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tricky_repo(tmp.path());
    let ws = tmp.path().display().to_string();
    let env = [("GITHUB_WORKSPACE", ws.as_str())];
    let run = |format: &str, lang: &str| {
        run_env(
            &repo,
            &[
                "check",
                "--as-of",
                "2019-03-10",
                "--format",
                format,
                "--lang",
                lang,
            ],
            &env,
        )
    };
    let json = run("json", "zh").json();
    let kinds: BTreeSet<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}/{}",
                f["category"].as_str().unwrap(),
                f["type"].as_str().unwrap()
            )
        })
        .collect();
    assert!(kinds.contains("due-soon/coverage"), "{kinds:?}");
    assert!(kinds.contains("gap/coverage"), "{kinds:?}");
    let codes: BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains("future-date") && codes.contains("unknown-kind"),
        "{codes:?}"
    );

    // GitHub: the folder name's `,` `:` `%` are escaped in `file=`, and round-trip.
    let (anns, _) = annotations(&run("github", "zh").stdout);
    assert!(
        anns.iter().any(
            |a| a.props.get("file").map(String::as_str) == Some("led,ger:s 100%/units/jw.yaml")
        )
    );
    let warning = anns
        .iter()
        .find(|a| a.props["title"] == "future-date")
        .expect("the warning");
    assert_eq!(warning.level, "warning");
    let cover = anns
        .iter()
        .find(|a| a.props["title"] == "gap/coverage")
        .expect("coverage gap");
    assert!(
        cover.message.contains("标题 50%: a,b <x> & \"y\"\n第二行"),
        "{:?}",
        cover.message
    );
    let raw = run("github", "zh").stdout;
    assert!(raw.contains("file=led%2Cger%3As 100%25/"), "{raw}");
    assert!(raw.contains("50%25: a,b"), "{raw}");
    assert!(raw.contains("%0A第二行"), "{raw}");

    // JUnit: valid, and the text comes back as written (control characters
    // excepted: XML cannot carry them).
    let xml = run("junit", "zh").stdout;
    assert_eq!(junit_errors(&xml), Vec::<String>::new());
    xmllint(&xml, "tricky");
    let suites = suites(&xml);
    let jw = suites.iter().find(|s| s.name == "jw").unwrap();
    assert_eq!(jw.props["unit.name"], "区纪委 <&> \"q\" 'a'");
    assert!(
        jw.cases
            .iter()
            .any(|c| c.text.contains("标题 50%: a,b <x> & \"y\"\n第二行"))
    );
    let zzb = suites.iter().find(|s| s.name == "zzb").unwrap();
    assert_eq!(zzb.cases[0].name, "未检查");
    assert!(
        jw.cases
            .iter()
            .any(|c| c.text.contains("巡察\u{FFFD}全覆盖"))
    );

    // The job summary keeps its tables whole.
    let summary = tmp.path().join("summary.md");
    let file = summary.display().to_string();
    run_env(
        &repo,
        &[
            "check",
            "--as-of",
            "2019-03-10",
            "--format",
            "github",
            "--lang",
            "zh",
        ],
        &[
            ("GITHUB_WORKSPACE", ws.as_str()),
            ("GITHUB_STEP_SUMMARY", file.as_str()),
        ],
    );
    let md = std::fs::read_to_string(&summary).expect("summary written");
    assert_tables_well_formed(&md);
    assert!(md.contains("北京街, 50%: a\\|b"), "{md}");
    assert!(md.contains("\\*粗\\*"), "{md}");
    assert!(md.contains("&lt;x&gt;"), "{md}");

    // SARIF: valid; the folder is percent-encoded in the URI.
    let sarif = run("sarif", "en").json();
    assert_valid_sarif(&sarif_validator(), &sarif, "tricky");
    let uris: BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains("led%2Cger%3As%20100%25/units/jw.yaml"),
        "{uris:?}"
    );
}

/// Every Markdown table row has as many cells as its header, and no cell
/// breaks out of its row.
fn assert_tables_well_formed(md: &str) {
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let mut header = None;
    for l in md.lines() {
        if l.starts_with('|') {
            let n = cells(l);
            match header {
                None => header = Some(n),
                Some(h) => assert_eq!(n, h, "{l}"),
            }
        } else {
            header = None;
        }
    }
}

#[test]
fn the_job_summary_is_appended_as_markdown_tables() {
    let summary = tempfile::NamedTempFile::new().expect("tmp");
    std::fs::write(summary.path(), "earlier step\n").unwrap();
    let file = summary.path().display().to_string();
    let repo = case_repo("gaps");
    let ws = repo.display().to_string();
    let as_of = case_as_of("gaps");
    let args = [
        "check",
        "--as-of",
        as_of.as_str(),
        "--format",
        "github",
        "--lang",
        "zh",
    ];
    let env = [
        ("GITHUB_STEP_SUMMARY", file.as_str()),
        ("GITHUB_WORKSPACE", ws.as_str()),
    ];
    let out = run_env(&repo, &args, &env);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let md = std::fs::read_to_string(summary.path()).unwrap();
    assert!(
        md.starts_with("earlier step\n## "),
        "appended, not replaced:\n{md}"
    );
    assert!(md.contains("逾期 1，临期 0，迟办 0，缺口 8"), "{md}");
    assert!(
        md.contains("### 逾期 (1)") && md.contains("### 缺口 (8)"),
        "{md}"
    );
    // Names and titles, not only ids.
    assert!(md.contains("区委统战部（tzb）"), "{md}");
    assert!(md.contains("D02 每半年至少召开一次专题会议"), "{md}");
    assert!(md.contains("plan/plan.yaml:21"), "{md}");
    assert_tables_well_formed(&md);
    // A second run appends again.
    run_env(&repo, &args, &env);
    let twice = std::fs::read_to_string(summary.path()).unwrap();
    assert_eq!(twice.matches("## 台账检查").count(), 2);
    // Other formats never write it.
    let json_args = ["check", "--as-of", as_of.as_str(), "--format", "json"];
    run_env(&repo, &json_args, &env);
    assert_eq!(std::fs::read_to_string(summary.path()).unwrap(), twice);
}

#[test]
fn an_unwritable_job_summary_is_reported_and_changes_nothing_else() {
    let repo = case_repo("half-year");
    let as_of = case_as_of("half-year");
    let ws = repo.display().to_string();
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("no-such-dir").join("summary.md");
    let bad = bad.display().to_string();
    let out = run_env(
        &repo,
        &["check", "--as-of", as_of.as_str(), "--format", "github"],
        &[
            ("GITHUB_STEP_SUMMARY", bad.as_str()),
            ("GITHUB_WORKSPACE", ws.as_str()),
        ],
    );
    assert_eq!(out.status, 1);
    assert!(out.stderr.contains("job summary"), "{}", out.stderr);
    assert!(out.stdout.starts_with("::error "));
}

mod escaping {
    use ledger::render::github::{escape_data, escape_property};
    use proptest::prelude::*;

    fn unescape(s: &str) -> String {
        super::unescape(s)
    }

    proptest! {
        #[test]
        fn data_round_trips_and_stays_on_one_line(s in any::<String>()) {
            let e = escape_data(&s);
            prop_assert!(!e.contains('\n') && !e.contains('\r'));
            prop_assert_eq!(unescape(&e), s);
        }

        #[test]
        fn properties_round_trip_without_separators(s in any::<String>()) {
            let e = escape_property(&s);
            prop_assert!(!e.contains([',', ':', '\n', '\r']));
            prop_assert_eq!(unescape(&e), s);
        }

        #[test]
        fn percent_sequences_in_the_text_are_not_decoded(s in "[%0-9A-F:,\r\n]{0,12}") {
            prop_assert_eq!(unescape(&escape_property(&s)), s.clone());
            prop_assert_eq!(unescape(&escape_data(&s)), s);
        }
    }
}
