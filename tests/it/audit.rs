//! `ledger audit` on real git repositories (spec §9): each violation type, the
//! JSON contract parsed back into test-side types, `--since`, first-parent
//! merges, a ledger repository in a subfolder, and the exit statuses.

use crate::common::Run;
use crate::common::git::GitRepo;

use assert_cmd::Command;

use serde::Deserialize;

// ---------------------------------------------------------------- the contract

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Audit {
    version: u32,
    since: Option<String>,
    commits: usize,
    violations: Vec<Violation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Violation {
    #[serde(rename = "type")]
    kind: String,
    severity: String,
    file: String,
    unit: String,
    entry: Option<String>,
    entry_kind: Option<String>,
    field: Option<String>,
    #[serde(default, deserialize_with = "present")]
    old: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    new: Option<Option<String>>,
    commit: String,
    author: String,
    committed: String,
    date: Option<String>,
    days: Option<i64>,
    code: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    message: Option<String>,
}

/// Tell a key written as `null` (`Some(None)`) from a key left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl Run {
    fn audit(&self) -> Audit {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not audit JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

/// (commit, type, entry, field) of each violation.
/// (commit, type, entry, field) of one violation.
type Key<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

fn keys(a: &Audit) -> Vec<Key<'_>> {
    a.violations
        .iter()
        .map(|v| {
            (
                v.commit.as_str(),
                v.kind.as_str(),
                v.entry.as_deref(),
                v.field.as_deref(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- fixtures

const PLAN: &str = "plan: {id: p, title: 方案, issued: 2018-01-01}
units:
  - {id: zzb, name: 区委组织部}
  - {id: jw, name: 区纪委}
points:
  - {id: WP01, title: 要点一, lead: [zzb], deadline: 3 months}
  - {id: WP02, title: 要点二, lead: [jw]}
";

/// A unit ledger of zzb with the given records and items blocks.
fn zzb(records: &[&str], items: &[&str]) -> String {
    let mut s = String::from("unit: zzb\nclerk: 王某\nrecords:\n");
    for r in records {
        s.push_str("  - ");
        s.push_str(r);
        s.push('\n');
    }
    s.push_str("items:\n");
    for i in items {
        s.push_str("  - ");
        s.push_str(i);
        s.push('\n');
    }
    s
}

const Z0: &str = "{id: z0, date: 2018-10-01, ref: WP01, kind: meeting, title: 补录的会议}";
const Z0_VOID: &str = "{id: z0, date: 2018-10-01, ref: WP01, kind: meeting, title: 补录的会议, void: {date: 2019-01-20, reason: 录入错误}}";
const Z1: &str = "{id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 专题会议}";
const Z1_REDATED: &str = "{id: z1, date: 2019-01-03, ref: WP01, kind: meeting, title: 专题会议}";
const Z2: &str =
    "{id: z2, date: 2019-01-15, ref: WP01, kind: report, title: 报告, evidence: [越组〔2019〕1号]}";
const I1: &str =
    "{id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01}";
const I1_EXTENDED: &str = "{id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-04-01, extensions: [{date: 2019-01-20, due: 2019-04-01, reason: 待审议}], progress: [{date: 2019-01-20, note: 已制定方案}]}";
const I1_MOVED: &str = "{id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-05-01, extensions: [{date: 2019-01-20, due: 2019-04-01, reason: 待审议}], progress: [{date: 2019-01-20, note: 已制定方案}]}";

struct History {
    repo: GitRepo,
    /// c[0] is the root commit.
    c: Vec<String>,
}

/// A history with one of each violation:
/// c0 2019-01-10 root: z0 (dated 2018-10-01: backfilled), z1, i1;
/// c1 2019-01-20 void z0, extend i1 (due moved with it), add z2: nothing;
/// c2 2019-02-01 only the plan changes;
/// c3 2019-02-01 z1 redated (rewritten), i1 due moved without extension (due-moved);
/// c4 2019-02-05 YAML broken (unreadable); c5 2019-02-06 still broken (unreadable);
/// c6 2019-02-10 fixed, z2 gone (deleted, against c3's version).
fn history(sub: &str) -> History {
    let repo = GitRepo::new(sub);
    let mut c = Vec::new();
    repo.write("ledger.toml", "title = \"台账\"\n")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &zzb(&[Z0, Z1], &[I1]));
    c.push(repo.commit("2019-01-10"));
    repo.write("units/zzb.yaml", &zzb(&[Z0_VOID, Z1, Z2], &[I1_EXTENDED]));
    c.push(repo.commit("2019-01-20"));
    repo.write("plan/plan.yaml", &PLAN.replace("要点二", "要点二（修订）"));
    c.push(repo.commit("2019-02-01"));
    repo.write(
        "units/zzb.yaml",
        &zzb(&[Z0_VOID, Z1_REDATED, Z2], &[I1_MOVED]),
    );
    c.push(repo.commit("2019-02-01"));
    repo.write("units/zzb.yaml", "unit: zzb\nrecords: [\n");
    c.push(repo.commit("2019-02-05"));
    repo.write("units/zzb.yaml", "unit: zzb\nrecords: [ {\n");
    c.push(repo.commit("2019-02-06"));
    repo.write("units/zzb.yaml", &zzb(&[Z0_VOID, Z1_REDATED], &[I1_MOVED]));
    c.push(repo.commit("2019-02-10"));
    History { repo, c }
}

// ---------------------------------------------------------------- tests

#[test]
fn every_violation_type_in_commit_order() {
    let h = history("");
    let run = h.repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    let a = run.audit();
    assert_eq!(a.version, 1);
    assert_eq!(a.since, None);
    assert_eq!(a.commits, 7);
    let c = &h.c;
    assert_eq!(
        keys(&a),
        [
            (c[0].as_str(), "backfilled", Some("z0"), None),
            (c[3].as_str(), "due-moved", Some("i1"), Some("due")),
            (c[3].as_str(), "rewritten", Some("z1"), Some("date")),
            (c[4].as_str(), "unreadable", None, None),
            (c[5].as_str(), "unreadable", None, None),
            (c[6].as_str(), "deleted", Some("z2"), None),
        ]
    );
    let v = &a.violations;
    // backfilled: committed 2019-01-10, dated 2018-10-01.
    assert_eq!(v[0].severity, "warning");
    assert_eq!(v[0].file, "units/zzb.yaml");
    assert_eq!(v[0].unit, "zzb");
    assert_eq!(v[0].entry_kind.as_deref(), Some("record"));
    assert_eq!(v[0].author, "王某 <w@example.org>");
    assert_eq!(v[0].committed, "2019-01-10");
    assert_eq!(v[0].date.as_deref(), Some("2018-10-01"));
    assert_eq!(v[0].days, Some(101));
    assert_eq!(v[0].old, None, "no old/new without a field");
    // due-moved and rewritten carry old and new.
    assert_eq!(v[1].severity, "error");
    assert_eq!(v[1].old, Some(Some("2019-04-01".into())));
    assert_eq!(v[1].new, Some(Some("2019-05-01".into())));
    assert_eq!(v[2].old, Some(Some("2019-01-05".into())));
    assert_eq!(v[2].new, Some(Some("2019-01-03".into())));
    assert_eq!(v[2].committed, "2019-02-01");
    // unreadable: where and why.
    assert_eq!(v[3].severity, "warning");
    assert_eq!(v[3].code.as_deref(), Some("yaml-syntax"));
    assert!(v[3].line.is_some() && v[3].column.is_some());
    assert!(v[3].message.as_deref().is_some_and(|m| !m.is_empty()));
    assert_eq!(v[3].entry, None);
    assert_eq!(v[5].entry_kind.as_deref(), Some("record"));
    assert_eq!(v[5].severity, "error");
}

#[test]
fn since_walks_only_later_commits_and_finds_the_last_readable_version() {
    let h = history("");
    // From c4 on: the file is unreadable at c4 (the parent of the first commit
    // walked, c5), so z2's deletion at c6 is judged against c3's version.
    let run = h
        .repo
        .ledger(&["audit", "--since", &h.c[4], "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let a = run.audit();
    assert_eq!(a.since.as_deref(), Some(h.c[4].as_str()));
    assert_eq!(a.commits, 2);
    assert_eq!(
        keys(&a),
        [
            (h.c[5].as_str(), "unreadable", None, None),
            (h.c[6].as_str(), "deleted", Some("z2"), None),
        ]
    );
    // Only the clean commits: exit 0.
    let run = h
        .repo
        .ledger(&["audit", "--since", &h.c[0], "--format", "json"]);
    let a = run.audit();
    assert!(
        a.violations
            .iter()
            .all(|v| v.commit != h.c[0] && v.commit != h.c[1])
    );
    let run = h
        .repo
        .ledger(&["audit", "--since", "HEAD~5", "--format", "json"]);
    let a = run.audit();
    assert_eq!(a.commits, 5);
    assert!(keys(&a).iter().all(|k| k.0 != h.c[1]));
    // Nothing after HEAD.
    let run = h
        .repo
        .ledger(&["audit", "--since", "HEAD", "--format", "json"]);
    assert_eq!(run.status, 0);
    let a = run.audit();
    assert_eq!((a.commits, a.violations.len()), (0, 0));
}

#[test]
fn voiding_closing_extending_and_adding_are_never_violations() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "[audit]\nbackfill_days = 200\n")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &zzb(&[Z0, Z1], &[I1]));
    repo.commit("2019-01-10");
    repo.write(
        "units/zzb.yaml",
        &zzb(
            &[Z0_VOID, "{id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 专题会议, note: 补充说明, evidence: [a.pdf]}", Z2],
            &[
                "{id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01, extensions: [{date: 2019-02-20, due: 2019-04-01}], closed: 2019-03-20, progress: [{date: 2019-02-01}]}",
                "{id: i2, kind: task, ref: WP02, title: 交办, opened: 2019-01-20, due: 2019-02-20, void: {date: 2019-01-21}}",
            ],
        ),
    );
    repo.commit("2019-03-20");
    // A new unit ledger, then the other unit's ledger untouched.
    repo.write("units/jw.yaml", "unit: jw\nrecords:\n  - {id: j1, date: 2019-03-01, ref: WP02, kind: report, title: 报告}\n");
    repo.commit("2019-03-21");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let a = run.audit();
    assert_eq!(a.commits, 3);
    assert!(a.violations.is_empty(), "{:?}", a.violations);
    // backfill_days = 200 in ledger.toml: z0 (101 days) is not backfilled.
}

#[test]
fn rewriting_item_fields_once_set() {
    let repo = GitRepo::new("");
    let closed = "{id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01, extensions: [{date: 2019-02-20, due: 2019-04-01}], closed: 2019-03-20, void: {date: 2019-03-21, reason: 重复}}";
    repo.write("ledger.toml", "[audit]\nbackfill_days = 365\n")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &zzb(&[Z1], &[closed]));
    repo.commit("2019-03-21");
    let rewritten = "{id: i1, kind: task, ref: WP02, title: 整改, opened: 2019-01-03, due: 2019-03-01, extensions: [{date: 2019-02-21, due: 2019-04-01}], closed: 2019-03-25}";
    repo.write(
        "units/zzb.yaml",
        &zzb(
            &["{id: z1, date: 2019-01-05, ref: WP02, kind: report, title: 专题会议}"],
            &[rewritten],
        ),
    );
    let c1 = repo.commit("2019-03-25");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 1);
    let a = run.audit();
    // (entry, field, whether old and new are set)
    let fields: Vec<(&str, &str, bool, bool)> = a
        .violations
        .iter()
        .map(|v| {
            assert_eq!(v.commit, c1);
            assert_eq!(v.kind, "rewritten");
            (
                v.entry.as_deref().unwrap_or_default(),
                v.field.as_deref().unwrap_or_default(),
                v.old.clone().flatten().is_some(),
                v.new.clone().flatten().is_some(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("i1", "closed", true, true),
            ("i1", "extensions[0]", true, true),
            ("i1", "kind", true, true),
            ("i1", "opened", true, true),
            ("i1", "ref", true, true),
            ("i1", "void", true, false),
            ("z1", "kind", true, true),
            ("z1", "ref", true, true),
        ]
    );
    let ext = &a.violations[1];
    assert_eq!(
        ext.old,
        Some(Some("{date: 2019-02-20, due: 2019-04-01}".into()))
    );
    let void = &a.violations[5];
    assert_eq!(void.new, Some(None), "a removed value is written as null");
}

#[test]
fn deleting_a_unit_file_deletes_its_entries() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &zzb(&[Z1], &[I1]));
    repo.commit("2019-01-10");
    repo.remove("units/zzb.yaml");
    repo.commit("2019-01-11");
    let a = repo.ledger(&["audit", "--format", "json"]).audit();
    let got: Vec<(&str, Option<&str>, Option<&str>)> = a
        .violations
        .iter()
        .map(|v| (v.kind.as_str(), v.entry.as_deref(), v.entry_kind.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("deleted", Some("i1"), Some("item")),
            ("deleted", Some("z1"), Some("record"))
        ]
    );
}

#[test]
fn merges_are_judged_against_their_first_parent() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &zzb(&[Z1], &[]));
    repo.commit("2019-01-10");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("units/zzb.yaml", &zzb(&[Z1_REDATED], &[]));
    let side = repo.commit("2019-01-11");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("units/jw.yaml", "unit: jw\n");
    repo.commit("2019-01-12");
    repo.git_at(
        "2019-01-13",
        &["merge", "-q", "--no-ff", "-m", "merge", "side"],
    );
    let merge = repo.git(&["rev-parse", "HEAD"]);
    let a = repo.ledger(&["audit", "--format", "json"]).audit();
    assert_eq!(a.commits, 3, "first-parent chain: root, jw, merge");
    assert_eq!(
        keys(&a),
        [(merge.as_str(), "rewritten", Some("z1"), Some("date"))]
    );
    assert_ne!(merge, side);
    assert_eq!(a.violations[0].committed, "2019-01-13");
}

#[test]
fn ledger_repository_in_a_subfolder() {
    let h = history("ledgers/越秀区");
    std::fs::write(h.repo.top().join("README.md"), "other files\n").expect("write");
    let run = h
        .repo
        .ledger(&["audit", "--repo", "ledgers/越秀区", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let a = run.audit();
    assert_eq!(a.violations.len(), 6);
    assert!(a.violations.iter().all(|v| v.file == "units/zzb.yaml"));
    // Discovery from inside the ledger repository works too.
    let out = Command::cargo_bin("ledger")
        .expect("binary")
        .current_dir(h.repo.root().join("units"))
        .args(["audit", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn human_output_in_both_languages() {
    let h = history("");
    let en = h.repo.ledger(&["--lang", "en", "audit"]);
    assert_eq!(en.status, 1);
    for needle in [
        "Audited 7 commit(s) from the first one up to HEAD",
        &format!("commit {}", &h.c[3][..10]),
        "error  units/zzb.yaml  rewrote date of record z1: 2019-01-05 → 2019-01-03",
        "moved the due date of item i1: 2019-04-01 → 2019-05-01",
        "warning  units/zzb.yaml  backfilled: record z0 dated 2018-10-01 was first committed on 2019-01-10, 101 days later (more than 30)",
        "deleted record z2",
        "unreadable (yaml-syntax",
        "3 error(s), 3 warning(s)",
        "void a mistaken entry",
    ] {
        assert!(
            en.stdout.contains(needle),
            "missing {needle:?} in:\n{}",
            en.stdout
        );
    }
    let zh = h.repo.ledger(&["--lang", "zh", "audit"]);
    for needle in [
        "审计首个提交至 HEAD 的 7 个提交",
        "错误  units/zzb.yaml  改写了记实 z1 的 date：2019-01-05 → 2019-01-03",
        "补记：记实 z0 日期为 2018-10-01",
        "删除了记实 z2",
        "错误 3，警告 3",
    ] {
        assert!(
            zh.stdout.contains(needle),
            "missing {needle:?} in:\n{}",
            zh.stdout
        );
    }
    assert!(!zh.stdout.contains('\x1b'), "no colour when not a terminal");
    // The whole text, once the lines above are known to be there. Commit ids
    // are stable: the helper fixes author, committer and dates.
    insta::assert_snapshot!("human_en", en.stdout);
    insta::assert_snapshot!("human_zh", zh.stdout);
}

#[test]
fn clean_history_says_so() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &zzb(&[Z1], &[]));
    repo.commit("2019-01-06");
    let run = repo.ledger(&["--lang", "en", "audit"]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
}

#[test]
fn unreadable_repositories_exit_2() {
    // Not a git work tree.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("ledger.toml"), "").expect("write");
    let out = Command::cargo_bin("ledger")
        .expect("binary")
        .current_dir(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .args(["--lang", "en", "audit", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no JSON on exit 2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not inside a git work tree"), "{stderr}");

    // Unknown revision.
    let h = history("");
    let run = h
        .repo
        .ledger(&["--lang", "en", "audit", "--since", "no-such-rev"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("unknown revision `no-such-rev`"),
        "{}",
        run.stderr
    );
    let run = h
        .repo
        .ledger(&["--lang", "zh", "audit", "--since", "no-such-rev"]);
    assert!(run.stderr.contains("未知的版本"), "{}", run.stderr);

    // No ledger repository at all.
    let run = h.repo.ledger(&["audit", "--repo", "nowhere"]);
    assert_eq!(run.status, 2);

    // A git repository without commits.
    let empty = GitRepo::new("");
    empty.write("ledger.toml", "");
    let run = empty.ledger(&["--lang", "en", "audit"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("no commits"), "{}", run.stderr);
}

#[test]
fn the_users_git_configuration_does_not_change_the_result() {
    let h = history("");
    let expected = h.repo.ledger(&["audit", "--format", "json"]).stdout;
    let config = h.repo.top().join(".test-gitconfig");
    std::fs::write(
        &config,
        "[log]\n\tshowRoot = false\n\tfollow = true\n\tdecorate = full\n\tshowSignature = false\n\
         [color]\n\tui = always\n[diff]\n\trenames = copies\n\tnoprefix = true\n\
         [core]\n\tabbrev = 7\n\tquotePath = true\n",
    )
    .expect("write");
    let run = h
        .repo
        .ledger_with_config(&config, &["audit", "--format", "json"]);
    assert_eq!(run.stdout, expected, "{}", run.stderr);
}

// ------------------------------------------- ledgers named as `check` reads them (issue 10)

/// (type, file, unit, entry) of each violation.
fn where_(a: &Audit) -> Vec<(&str, &str, &str, Option<&str>)> {
    a.violations
        .iter()
        .map(|v| {
            (
                v.kind.as_str(),
                v.file.as_str(),
                v.unit.as_str(),
                v.entry.as_deref(),
            )
        })
        .collect()
}

#[test]
fn unit_ledgers_named_yml_or_in_upper_case_are_audited() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yml", &zzb(&[Z1, Z2], &[I1]))
        .write("units/jw.YAML", "unit: jw\nrecords:\n  - {id: j1, date: 2019-01-05, ref: WP02, kind: report, title: 报告}\n")
        // Hidden files are no ledgers, for `check` nor for `audit`.
        .write("units/.zzb.yaml", &zzb(&[Z1], &[]));
    repo.commit("2019-01-20");
    repo.write("units/zzb.yml", &zzb(&[Z1_REDATED], &[I1]))
        .write("units/jw.YAML", "unit: jw\nrecords: []\n")
        .write("units/.zzb.yaml", "");
    let c1 = repo.commit("2019-01-21");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let a = run.audit();
    assert_eq!(
        where_(&a),
        [
            ("deleted", "units/jw.YAML", "jw", Some("j1")),
            ("rewritten", "units/zzb.yml", "zzb", Some("z1")),
            ("deleted", "units/zzb.yml", "zzb", Some("z2")),
        ]
    );
    assert!(a.violations.iter().all(|v| v.commit == c1));
}

#[test]
fn renaming_a_ledger_from_yml_to_yaml_deletes_no_entry() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yml", &zzb(&[Z0, Z1, Z2], &[I1]));
    repo.commit("2019-01-20");
    // One commit: renamed, and z0 voided on the way (never a violation).
    repo.git(&["mv", "units/zzb.yml", "units/zzb.yaml"]);
    repo.write("units/zzb.yaml", &zzb(&[Z0_VOID, Z1, Z2], &[I1]));
    let renamed = repo.commit("2019-01-21");
    // Back again in two commits: copied, then the old name removed.
    repo.write("units/zzb.YML", &zzb(&[Z0_VOID, Z1, Z2], &[I1]));
    repo.commit("2019-01-22");
    repo.remove("units/zzb.yaml");
    repo.commit("2019-01-23");
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    let a = run.audit();
    // Only z0, dated 2018-10-01, first committed 2019-01-20: a backfill.
    assert_eq!(
        where_(&a),
        [("backfilled", "units/zzb.yml", "zzb", Some("z0"))],
        "{}",
        run.stdout
    );
    assert_eq!(run.status, 0);
    // Walking from the rename on, the unit starts with the file the copy
    // left untouched: removing it later deletes nothing.
    let run = repo.ledger(&["audit", "--since", &renamed, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(run.audit().violations.is_empty(), "{}", run.stdout);

    // A rename that loses an entry and redates another is still caught, on
    // the file each entry was in.
    repo.git(&["mv", "units/zzb.YML", "units/zzb.yaml"]);
    repo.write("units/zzb.yaml", &zzb(&[Z0_VOID, Z1_REDATED], &[I1]));
    let c4 = repo.commit("2019-01-24");
    let a = repo
        .ledger(&["audit", "--since", "HEAD~1", "--format", "json"])
        .audit();
    assert_eq!(
        where_(&a),
        [
            // By file first (spec §9 order), upper case before lower.
            ("deleted", "units/zzb.YML", "zzb", Some("z2")),
            ("rewritten", "units/zzb.yaml", "zzb", Some("z1")),
        ]
    );
    assert!(a.violations.iter().all(|v| v.commit == c4));
}
