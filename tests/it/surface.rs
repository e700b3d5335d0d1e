//! Whole outputs of the command line, held as reviewed snapshots: `--help`
//! text and the CI formats on the shipped `ledgers/` (whose `ledger.toml`
//! pins `as_of`, so the output is stable over time). A change here is a change
//! users and CI jobs see; review the snapshot diff before accepting it.

use crate::common::{self, Run};

fn ledger(args: &[&str]) -> Run {
    common::run_env(&common::root(), args, &[])
}

#[test]
fn help() {
    let top = ledger(&["--help"]);
    assert_eq!(top.status, 0, "{}", top.stderr);
    insta::assert_snapshot!("help", top.stdout);
    let check = ledger(&["check", "--help"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    insta::assert_snapshot!("check_help", check.stdout);
}

/// The clerk's language reaches clap's own texts: headings, option help,
/// possible values and defaults, and the usage errors.
#[test]
fn help_in_chinese() {
    let top = ledger(&["--lang", "zh", "--help"]);
    assert_eq!(top.status, 0, "{}", top.stderr);
    insta::assert_snapshot!("help_zh", top.stdout);
    let check = common::run_env(
        &common::root(),
        &["check", "--help"],
        &[("LEDGER_LANG", "zh_CN")],
    );
    assert_eq!(check.status, 0, "{}", check.stderr);
    insta::assert_snapshot!("check_help_zh", check.stdout);
    let bad = ledger(&["--lang", "zh", "check", "--unit"]);
    assert_eq!((bad.status, bad.stdout.as_str()), (2, ""));
    insta::assert_snapshot!("usage_error_zh", bad.stderr);
}

#[test]
fn github_on_the_default_ledgers() {
    let run = ledger(&[
        "check", "--repo", "ledgers", "--format", "github", "--lang", "en",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    insta::assert_snapshot!("github_en", run.stdout);
}

#[test]
fn junit_on_the_default_ledgers() {
    let run = ledger(&[
        "check", "--repo", "ledgers", "--format", "junit", "--lang", "zh",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(common::xsd::junit_errors(&run.stdout), Vec::<String>::new());
    insta::assert_snapshot!("junit_zh", run.stdout);
}
