//! The public conformance cases (copied into tests/fixtures/conformance so the
//! suite is self-contained), compared the way `../shared/conformance/run` does:
//! exit status, summary counts, diagnostics as (severity, code, file, line),
//! findings in order with every expected key equal.

use crate::common;
use serde_json::Value;

fn run_case(name: &str) {
    let dir = common::root().join("tests/fixtures/conformance").join(name);
    let cfg: toml::Table = std::fs::read_to_string(dir.join("case.toml"))
        .expect("case.toml")
        .parse()
        .expect("toml");
    let exp: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).expect("expect"))
            .expect("json");
    let as_of = cfg["as_of"].as_str().expect("as_of");
    let mut args: Vec<String> = vec![
        "check".into(),
        "--repo".into(),
        dir.join("repo").display().to_string(),
        "--as-of".into(),
        as_of.into(),
        "--format".into(),
        "json".into(),
    ];
    if let Some(extra) = cfg.get("args").and_then(|a| a.as_array()) {
        args.extend(extra.iter().filter_map(|a| a.as_str()).map(str::to_owned));
    }
    let run = common::run_in(&dir, &args);
    assert_eq!(
        i64::from(run.status),
        cfg["exit"].as_integer().expect("exit"),
        "{name}: {}",
        run.stdout
    );
    let out = run.json();
    for (k, v) in exp["summary"].as_object().expect("summary") {
        assert_eq!(&out["summary"][k], v, "{name}: summary.{k}");
    }
    let key = |d: &Value| {
        (
            d["severity"].clone(),
            d["code"].clone(),
            d["file"].clone(),
            d["line"].clone(),
        )
    };
    let got: Vec<_> = out["diagnostics"]
        .as_array()
        .expect("diags")
        .iter()
        .map(key)
        .collect();
    let want: Vec<_> = exp["diagnostics"]
        .as_array()
        .expect("diags")
        .iter()
        .map(key)
        .collect();
    assert_eq!(got.len(), want.len(), "{name}: {got:?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((&g.0, &g.1, &g.2), (&w.0, &w.1, &w.2), "{name}");
        if !w.3.is_null() {
            assert_eq!(g.3, w.3, "{name}");
        }
    }
    if let Some(findings) = exp["findings"].as_array() {
        let got = out["findings"].as_array().expect("findings");
        assert_eq!(got.len(), findings.len(), "{name}: {got:#?}");
        for (g, w) in got.iter().zip(findings) {
            for (k, v) in w.as_object().expect("finding") {
                assert_eq!(&g[k], v, "{name}: finding {w}");
            }
        }
    }
}

#[test]
fn annual_report() {
    run_case("annual-report");
}

#[test]
fn coverage() {
    run_case("coverage");
}

#[test]
fn gaps() {
    run_case("gaps");
}

#[test]
fn half_year() {
    run_case("half-year");
}

#[test]
fn invalid() {
    run_case("invalid");
}

#[test]
fn items() {
    run_case("items");
}
