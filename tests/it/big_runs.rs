//! Runs with thousands of files: the progress bar (stderr, terminals only)
//! never reaches a pipe, and `--jobs` changes nothing in the output.

use crate::common::{self, Repo};

/// 2,100 unit ledgers: above the progress bar's threshold.
fn many_files() -> Repo {
    let mut units = String::from("plan: {id: p, issued: 2018-01-01}\nunits:\n");
    let r = Repo::new();
    for i in 0..2100 {
        units.push_str(&format!("  - {{id: u{i}, name: 单位{i}}}\n"));
        r.write(&format!("units/u{i}.yaml"), format!("unit: u{i}\n"));
    }
    units.push_str("points:\n  - {id: WP01, title: t, lead: [u0, u1]}\n");
    r.write("plan/plan.yaml", units);
    r
}

#[test]
fn progress_bar_never_reaches_a_pipe_and_jobs_change_nothing() {
    let r = many_files();
    let one = r.check("2019-01-15", &["--jobs", "1"]);
    let all = r.check("2019-01-15", &[]);
    assert_eq!(one.status, 0, "{}", one.stderr);
    assert_eq!(one.stderr, "");
    assert_eq!(all.stderr, "");
    assert_eq!(one.stdout, all.stdout);
    assert_eq!(one.findings().len(), 2, "{}", one.stdout);
    let human = common::run_in(
        r.path(),
        &["check".into(), "--as-of".into(), "2019-01-15".into()],
    );
    assert!(!human.stderr.contains('\r'), "{:?}", human.stderr);
    assert!(!human.stdout.contains('\r'), "{:?}", human.stdout);
}
