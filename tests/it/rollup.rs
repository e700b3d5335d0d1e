//! examples/rollup: three districts' `ledger export jsonl` rows, rolled up in
//! DuckDB by examples/rollup/rollup.sql, give the checked-in expected.txt.
//! Needs Python's `duckdb` (`.ci/run` installs it): without it the test fails
//! under CI=true and is skipped with a message elsewhere.

use std::process::Command;

use crate::common;

fn duckdb_available() -> bool {
    Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn rollup_sql_over_three_district_exports_gives_the_expected_answers() {
    if !duckdb_available() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but Python's duckdb is missing (python3 -m pip install duckdb)"
        );
        eprintln!("skipped: Python's duckdb is not installed (python3 -m pip install duckdb)");
        return;
    }
    let example = common::root().join("examples/rollup");
    let out = tempfile::tempdir().expect("temp dir");
    for district in ["haizhu", "tianhe", "yuexiu"] {
        let repo = example.join("districts").join(district);
        let file = out.path().join(format!("{district}.jsonl"));
        let run = common::run_env(
            &common::root(),
            &[
                "export",
                "jsonl",
                "--repo",
                &repo.display().to_string(),
                "--out",
                &file.display().to_string(),
            ],
            &[],
        );
        assert_eq!(run.status, 0, "{district}: {}", run.stderr);
    }
    let query = Command::new("python3")
        .arg(example.join("query.py"))
        .arg(out.path())
        .arg(example.join("rollup.sql"))
        .output()
        .expect("run python3");
    let stderr = String::from_utf8_lossy(&query.stderr);
    assert!(query.status.success(), "query.py failed: {stderr}");
    let got = String::from_utf8(query.stdout).expect("UTF-8");
    let expected = std::fs::read_to_string(example.join("expected.txt")).expect("expected.txt");
    assert_eq!(got, expected);
}
