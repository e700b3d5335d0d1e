//! Issue 13, hangs, unbounded reads and exit codes: one test per defect found
//! by the attack on the landed tool, named after it.

use std::process::Stdio;
use std::time::Duration;

use crate::common::{Repo, Run, UNITS, git::GitRepo, ledger};

fn repo() -> Repo {
    Repo::new()
        .file(
            "plan/plan.yaml",
            &format!("plan: {{id: p, issued: 2019-01-01}}\n{UNITS}points:\n  - {{id: WP01, title: t, lead: [jw]}}\n"),
        )
        .file("units/jw.yaml", "unit: jw\n")
}

/// A hang must fail the test quickly rather than stall the suite.
fn quick(r: &Repo, args: &[&str]) -> Run {
    let out = ledger(r.path())
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("ledger ran (a timeout means it hung)");
    Run::from(out)
}

fn check_json(r: &Repo) -> Run {
    let repo = r.path().display().to_string();
    quick(
        r,
        &[
            "check",
            "--repo",
            &repo,
            "--as-of",
            "2019-06-30",
            "--format",
            "json",
        ],
    )
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn codes_at(run: &Run) -> Vec<(String, String)> {
    run.diagnostics()
        .into_iter()
        .map(|(code, file, _, _)| (code, file))
        .collect()
}

#[cfg(unix)]
#[test]
fn fifo_in_units_or_plan_does_not_block_check() {
    let r = repo();
    mkfifo(&r.join("units/y.yaml"));
    mkfifo(&r.join("plan/x.yaml"));
    let run = check_json(&r);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        codes_at(&run),
        [
            ("yaml-syntax".to_owned(), "plan/x.yaml".to_owned()),
            ("yaml-syntax".to_owned(), "units/y.yaml".to_owned()),
        ]
    );
    assert!(
        run.stdout
            .contains("not a regular file but a named pipe (FIFO)"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn fifo_in_the_working_tree_does_not_block_diff() {
    let g = GitRepo::new("");
    g.write("ledger.toml", "[check]\n")
        .write(
            "plan/plan.yaml",
            &format!("plan: {{id: p, issued: 2019-01-01}}\n{UNITS}points:\n  - {{id: WP01, title: t, lead: [jw]}}\n"),
        )
        .write("units/jw.yaml", "unit: jw\n");
    g.commit("2019-01-02");
    mkfifo(&g.root().join("units/y.yaml"));
    let out = ledger(&g.root())
        .args(["diff"])
        .timeout(Duration::from_secs(20))
        .output()
        .expect("ledger diff ran (a timeout means it hung)");
    assert!(out.status.code().is_some(), "{out:?}");
}

#[cfg(unix)]
#[test]
fn unit_file_linked_to_dev_zero_is_not_read() {
    let r = repo();
    std::os::unix::fs::symlink("/dev/zero", r.join("units/zzb.yaml")).expect("symlink");
    std::os::unix::fs::symlink("/dev/urandom", r.join("units/jd-a.yaml")).expect("symlink");
    let run = check_json(&r);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        codes_at(&run),
        [
            ("yaml-syntax".to_owned(), "units/jd-a.yaml".to_owned()),
            ("yaml-syntax".to_owned(), "units/zzb.yaml".to_owned()),
        ]
    );
    assert!(
        run.stdout.contains("not a regular file but a device"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn fifo_as_step_summary_does_not_hang() {
    let r = repo();
    let fifo = r.join("summary.fifo");
    mkfifo(&fifo);
    let repo = r.path().display().to_string();
    let out = ledger(r.path())
        .args([
            "check",
            "--repo",
            &repo,
            "--as-of",
            "2019-06-30",
            "--format",
            "github",
        ])
        .env("GITHUB_STEP_SUMMARY", &fifo)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("ledger ran (a timeout means it hung)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot append the job summary"), "{stderr}");
}

/// As root, permissions do not stop a listing; a `units/` that is a symlink
/// to itself fails to list for every user.
#[cfg(unix)]
#[test]
fn unreadable_units_dir_is_an_error_without_findings() {
    let r = repo();
    std::fs::remove_dir_all(r.join("units")).expect("rm units");
    std::os::unix::fs::symlink("units", r.join("units")).expect("symlink loop");
    let run = check_json(&r);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        codes_at(&run),
        [("yaml-syntax".to_owned(), "units/".to_owned())]
    );
    assert!(run.findings().is_empty(), "{}", run.stdout);
    assert!(
        run.stdout.contains("cannot list the folder"),
        "{}",
        run.stdout
    );
}

#[cfg(target_os = "linux")]
#[test]
fn output_to_dev_full_is_an_error() {
    let r = repo();
    let repo = r.path().display().to_string();
    for args in [
        vec!["check", "--repo", &repo, "--as-of", "2019-06-30"],
        vec![
            "check",
            "--repo",
            &repo,
            "--as-of",
            "2019-06-30",
            "--format",
            "json",
        ],
        vec!["codeowners", "--repo", &repo],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ledger"))
            .current_dir(r.path())
            .env("LANG", "C")
            .args(&args)
            .stdout(Stdio::from(full))
            .output()
            .expect("ran");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        // codeowners outside git says so first; the write error is the last word.
        assert!(
            stderr.ends_with(
                "ledger: cannot write the output: No space left on device (os error 28)\n"
            ),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            stderr.matches("ledger:").count(),
            if args[0] == "codeowners" { 2 } else { 1 },
            "{stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn closed_pipe_ends_quietly() {
    let r = repo();
    // Enough output that the pipe fills after the reader is gone (`--all`:
    // the capped human and github output of 3,000 errors can fit in a pipe's
    // buffer, and then the run ends with its own status 2 before `head` closes).
    let mut many = String::from("unit: jw\nrecords:\n");
    for i in 0..3000 {
        many.push_str(&format!(
            "  - {{id: r{i}, date: 2019-02-01, ref: NOPE{i}, kind: meeting, title: t}}\n"
        ));
    }
    r.write("units/jw.yaml", many);
    let bin = assert_cmd::cargo::cargo_bin("ledger");
    let repo = r.path().display().to_string();
    for format in ["human", "json", "github"] {
        let script = format!(
            "'{}' check --all --repo '{repo}' --as-of 2019-06-30 --format {format} | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
            bin.display()
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &script])
            .env("LANG", "C")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .expect("bash");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, "", "{format}");
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
    }
}

fn with_owners(owners: &str) -> Repo {
    Repo::new()
        .file(
            "plan/plan.yaml",
            &format!("plan: {{id: p, issued: 2019-01-01}}\nunits:\n  - {{id: jw, name: 区纪委, owners: {owners}}}\npoints:\n  - {{id: WP01, title: t, lead: [jw]}}\n"),
        )
        .file("units/jw.yaml", "unit: jw\n")
}

#[test]
fn owner_with_a_line_break_is_invalid_and_writes_no_rule() {
    let r =
        with_owners(r#"["a@x.org\n* @mallory", "b c@x.org", "@org/team#x", "@ok", "ok@x.org"]"#);
    let run = check_json(&r);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let bad: Vec<(String, u64, u64)> = run
        .diagnostics()
        .into_iter()
        .map(|(code, _, line, col)| (code, line, col))
        .collect();
    assert_eq!(
        bad,
        [
            ("invalid-value".to_owned(), 3, 34),
            ("invalid-value".to_owned(), 3, 57),
            ("invalid-value".to_owned(), 3, 70),
        ]
    );
    let repo = r.path().display().to_string();
    let out = quick(&r, &["codeowners", "--repo", &repo]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(!out.stderr.contains("\n* @mallory"), "{}", out.stderr);
}

/// A title that sets the window title and clears the screen, a note with a
/// bell, and an unknown ref with an escape in it (quoted by the message and
/// the excerpt).
fn with_escapes() -> Repo {
    Repo::new()
        .file(
            "plan/plan.yaml",
            &format!("plan: {{id: p, issued: 2019-01-01}}\n{UNITS}points:\n  - {{id: WP01, title: \"\\e]0;pwned\\a\\e[2J报告\", lead: [jw], due: 2019-03-01}}\n"),
        )
        .file(
            "units/jw.yaml",
            "unit: jw\nrecords:\n  - {id: r1, date: 2019-02-01, ref: \"X\\e[2J\", kind: meeting, title: t}\n",
        )
}

fn assert_no_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{text}");
}

#[test]
fn control_characters_do_not_reach_the_terminal_or_annotations() {
    let r = with_escapes();
    let repo = r.path().display().to_string();
    for format in ["human", "github"] {
        let run = quick(
            &r,
            &[
                "check",
                "--repo",
                &repo,
                "--as-of",
                "2019-06-30",
                "--format",
                format,
                "--color",
                "never",
            ],
        );
        assert_eq!(run.status, 2, "{format}: {}", run.stderr);
        assert_no_controls(format, &run.stdout);
        assert!(
            run.stdout.contains("X\u{241b}[2J"),
            "{format}:\n{}",
            run.stdout
        );
    }
    // Colour on: our own colours pass, nothing else does.
    let run = quick(
        &r,
        &[
            "check",
            "--repo",
            &repo,
            "--as-of",
            "2019-06-30",
            "--color",
            "always",
        ],
    );
    assert!(run.stdout.contains("\x1b["), "{}", run.stdout);
    assert!(!run.stdout.contains("\x1b]"), "{}", run.stdout);
    assert!(!run.stdout.contains("\x1b[2J"), "{}", run.stdout);
    assert!(!run.stdout.contains('\x07'), "{}", run.stdout);
    // JSON keeps the value, escaped by JSON itself.
    let run = check_json(&r);
    assert!(run.stdout.contains(r"X\u001b[2J"), "{}", run.stdout);
}

#[test]
fn control_characters_in_a_file_name_are_shown_escaped() {
    let r = repo().file("units/jd\x1b[2J.yaml", "unit: jd-a\n");
    let repo = r.path().display().to_string();
    for format in ["human", "github"] {
        let run = quick(
            &r,
            &[
                "check",
                "--repo",
                &repo,
                "--as-of",
                "2019-06-30",
                "--format",
                format,
            ],
        );
        assert_no_controls(format, &run.stdout);
        assert!(
            run.stdout.contains("jd\u{241b}[2J.yaml"),
            "{format}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn dates_near_the_calendar_end_are_invalid_and_no_due_has_five_digits() {
    let r = Repo::new()
        .file(
            "plan/plan.yaml",
            &format!("plan: {{id: p, issued: 0001-01-01}}\n{UNITS}points:\n  - id: WP01\n    title: t\n    lead: [jw]\n    obligations:\n      - {{id: m, title: m, every: month, from: 9999-12-01}}\n"),
        )
        .file(
            "units/jw.yaml",
            "unit: jw\nrecords:\n  - {id: r1, date: 9999-12-31, ref: WP01, kind: meeting, title: t}\n",
        );
    let run = check_json(&r);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let dates: Vec<(String, String, u64)> = run
        .diagnostics()
        .into_iter()
        .filter(|d| d.0 == "invalid-date")
        .map(|(code, file, line, _)| (code, file, line))
        .collect();
    assert_eq!(
        dates,
        [
            ("invalid-date".to_owned(), "plan/plan.yaml".to_owned(), 1),
            ("invalid-date".to_owned(), "plan/plan.yaml".to_owned(), 12),
            ("invalid-date".to_owned(), "units/jw.yaml".to_owned(), 3),
        ]
    );
    assert!(
        run.stdout
            .contains("date `0001-01-01` is outside the years 1900–2999"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("+1"), "{}", run.stdout);
    let repo = r.path().display().to_string();
    let far = quick(&r, &["check", "--repo", &repo, "--as-of", "9999-12-31"]);
    assert_eq!(far.status, 2);
    assert!(
        far.stderr.contains("the year must be within 1900–2999"),
        "{}",
        far.stderr
    );
}

/// 20,000 wrong values on one 60 KB line took 12.5 s in human output: the
/// column of each was counted from the line start, and each excerpt printed
/// the whole line.
#[test]
fn long_line_of_wrong_values_is_fast_and_capped_in_human_output() {
    let values = vec!["1"; 20_000].join(", ");
    let r = repo().file("units/jw.yaml", &format!("unit: jw\nrecords: [{values}]\n"));
    let repo = r.path().display().to_string();
    let started = std::time::Instant::now();
    let run = quick(&r, &["check", "--repo", &repo, "--as-of", "2019-06-30"]);
    let took = started.elapsed();
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout.matches("error[invalid-value]").count(), 50);
    assert!(
        run.stdout.contains("units/jw.yaml: 19950 more diagnostics not shown (--all shows them, as does --format json)"),
        "{}",
        &run.stdout[run.stdout.len().saturating_sub(2000)..]
    );
    // No excerpt holds the whole line: a window around the column.
    assert!(run.stdout.lines().all(|l| l.chars().count() < 200));
    assert!(took < Duration::from_secs(10), "{took:?}");
    let last = quick(
        &r,
        &["check", "--repo", &repo, "--as-of", "2019-06-30", "--all"],
    );
    assert_eq!(last.stdout.matches("error[invalid-value]").count(), 20_000);
    // The last value's column is its place on the line, excerpt cut before it.
    assert!(
        last.stdout
            .contains("units/jw.yaml:2:60008: error[invalid-value]"),
        "column"
    );
    assert!(
        last.stdout.contains(&format!(
            "2 | … {}]\n  |{}^\n",
            vec!["1"; 21].join(", "),
            " ".repeat(63)
        )),
        "cut excerpt"
    );
    // JSON keeps every diagnostic.
    assert_eq!(check_json(&r).diagnostics().len(), 20_000);
}

#[test]
fn long_tables_show_their_first_rows_and_a_count() {
    let mut units = String::from("units:\n");
    let mut ids = Vec::new();
    for i in 0..300 {
        units.push_str(&format!("  - {{id: u{i:03}, name: 单位{i}}}\n"));
        ids.push(format!("u{i:03}"));
    }
    let ids = ids.join(", ");
    let r = Repo::new().file(
        "plan/plan.yaml",
        &format!("plan: {{id: p, issued: 2019-01-01}}\n{units}points:\n  - {{id: WP01, title: t, lead: [{ids}]}}\n"),
    );
    let repo = r.path().display().to_string();
    let run = quick(&r, &["check", "--repo", &repo, "--as-of", "2019-06-30"]);
    assert!(run.stdout.contains("Gaps (600)"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("… 400 more rows not shown (--all shows them)"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("│ 单位").count(), 200);
    let all = quick(
        &r,
        &["check", "--repo", &repo, "--as-of", "2019-06-30", "--all"],
    );
    assert_eq!(all.stdout.matches("│ 单位").count(), 600);
    assert!(!all.stdout.contains("more rows"));
}

#[cfg(unix)]
#[test]
fn fifo_as_ledger_toml_does_not_block_check() {
    let r = repo();
    std::fs::remove_file(r.join("ledger.toml")).expect("rm");
    mkfifo(&r.join("ledger.toml"));
    let run = check_json(&r);
    assert_eq!(run.status, 2, "{}", run.stderr);
}
