//! `ledger codeowners` on a units registry that does not parse: a CI job that
//! regenerates CODEOWNERS must fail (exit 2, the diagnostics on stderr, as
//! `ledger summary` shows them) rather than write a file without owners.

use crate::common::git::GitRepo;

const PLAN: &str = "plan: {id: p, title: 方案, issued: 2018-01-01, owners: [dlb@example.org]}
points:
  - {id: WP01, title: 要点一, lead: [zzb]}
";

/// A flow sequence left open: YAML that does not parse.
const BROKEN_UNITS: &str = "units:
  - {id: zzb, name: 区委组织部, owners: [zzb-clerk@example.org
";

#[test]
fn a_registry_that_does_not_parse_exits_2_with_the_diagnostic() {
    let r = GitRepo::new("");
    // A fixed date, so the counts line does not move with the clock.
    r.write("ledger.toml", "[check]\nas_of = 2019-01-15\n")
        .write("plan/a.yaml", PLAN)
        .write("plan/units.yaml", BROKEN_UNITS);
    let run = r.ledger(&["codeowners", "--lang", "en"]);
    assert_eq!(
        run.status, 2,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "", "no CODEOWNERS file from broken files");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_valid_registry_still_gives_the_file() {
    let r = GitRepo::new("");
    r.write("ledger.toml", "").write("plan/a.yaml", PLAN).write(
        "plan/units.yaml",
        "units:\n  - {id: zzb, name: 区委组织部, owners: ['@org/zzb']}\n",
    );
    let run = r.ledger(&["codeowners", "--lang", "en"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rules: Vec<&str> = run.stdout.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rules,
        ["/plan/ dlb@example.org", "/units/zzb.yaml @org/zzb"]
    );
}
