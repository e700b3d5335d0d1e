//! The trail cannot be forged or switched off (issue 13): `ledger audit` on
//! real git repositories with crafted file and author names, a shallow clone,
//! a forced push, backdated and malformed commits, gitlinks, huge blobs,
//! authors who are no owners, unsigned commits, and an adoption baseline.
//! Each finding is checked against the commit it belongs to.

use std::io::Write;
use std::path::Path;
use std::process::{Command as Std, Stdio};

use crate::common::git::GitRepo;
use crate::common::{self, Run};
use serde_json::Value;

const PLAN: &str = "\
units:
  - {id: zzb, name: 区委组织部, owners: [Zzb-Clerk@example.org, '@zzb-team']}
  - {id: jw, name: 区纪委, owners: ['@jw-team']}
points:
  - {id: WP01, title: 要点一, lead: [zzb]}
";

fn rec(id: &str, date: &str) -> String {
    format!("{{id: {id}, date: {date}, ref: WP01, kind: meeting, title: 会议{id}}}")
}

fn ledger(unit: &str, records: &[String]) -> String {
    let mut s = format!("unit: {unit}\nrecords:\n");
    for r in records {
        s.push_str("  - ");
        s.push_str(r);
        s.push('\n');
    }
    if records.is_empty() {
        s = format!("unit: {unit}\nrecords: []\n");
    }
    s
}

/// Run git in the repository with an author of our choosing, committed on `date`.
fn git_as(repo: &GitRepo, date: &str, name: &str, email: &str, args: &[&str]) -> String {
    let stamp = format!("{date}T12:00:00+00:00");
    let out = Std::new("git")
        .current_dir(repo.top())
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn commit_as(repo: &GitRepo, date: &str, name: &str, email: &str) -> String {
    git_as(repo, date, name, email, &["add", "-A"]);
    git_as(
        repo,
        date,
        name,
        email,
        &["commit", "-q", "--allow-empty", "-m", date],
    );
    repo.git(&["rev-parse", "HEAD"])
}

/// Write a raw commit object (bytes as given, unchecked) on top of HEAD's
/// index tree and move HEAD to it.
fn forge_commit(repo: &GitRepo, author: &[u8], committer_time: &str) -> String {
    repo.git(&["add", "-A"]);
    let tree = repo.git(&["write-tree"]);
    let parent = repo.git(&["rev-parse", "HEAD"]);
    let mut object = format!("tree {tree}\nparent {parent}\nauthor ").into_bytes();
    object.extend_from_slice(author);
    object.extend_from_slice(
        format!(
            " 1548000000 +0000\ncommitter C <c@example.org> {committer_time} +0000\n\nforged\n"
        )
        .as_bytes(),
    );
    let mut child = Std::new("git")
        .current_dir(repo.top())
        .args([
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git hash-object");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&object)
        .expect("write object");
    let out = child.wait_with_output().expect("hash-object");
    assert!(out.status.success());
    let sha = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    repo.git(&["update-ref", "HEAD", &sha]);
    sha
}

/// The binary in `dir` with the user's git configuration out of the way;
/// `gnupghome` as the keyring when given.
fn ledger_in(dir: &Path, gnupghome: Option<&Path>, args: &[&str]) -> Run {
    let mut cmd = common::ledger(dir);
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    if let Some(home) = gnupghome {
        cmd.env("GNUPGHOME", home);
    }
    Run::from(cmd.args(args).output().expect("run ledger"))
}

fn violations(run: &Run) -> Vec<Value> {
    run.json()["violations"]
        .as_array()
        .unwrap_or_else(|| panic!("no violations array:\n{}\n{}", run.stdout, run.stderr))
        .clone()
}

/// (type, commit, file, entry) of each violation.
fn keys(run: &Run) -> Vec<(String, String, String, String)> {
    violations(run)
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (s("type"), s("commit"), s("file"), s("entry"))
        })
        .collect()
}

fn key(kind: &str, commit: &str, file: &str, entry: &str) -> (String, String, String, String) {
    (kind.into(), commit.into(), file.into(), entry.into())
}

/// A repository whose root commit holds the plan and zzb's ledger with z1, z2.
fn base() -> (GitRepo, String) {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write(
            "units/zzb.yaml",
            &ledger("zzb", &[rec("z1", "2019-01-05"), rec("z2", "2019-01-06")]),
        );
    let c0 = commit_as(&repo, "2019-01-10", "Clerk", "zzb-clerk@example.org");
    (repo, c0)
}

#[test]
fn crafted_file_name_does_not_move_a_deletion_to_another_commit() {
    let (repo, _) = base();
    // A name holding the old parser's separators and a fake commit header.
    let fake = format!(
        "x\u{1e}{}\u{1f}\u{1f}Fake <f@example.org>\u{1f}1\u{1e}.yaml",
        "f".repeat(40)
    );
    repo.write(&format!("units/{fake}"), "unit: x\nrecords: []\n");
    let c1 = commit_as(&repo, "2019-01-11", "Clerk", "zzb-clerk@example.org");
    repo.write("units/zzb.yaml", &ledger("zzb", &[rec("z1", "2019-01-05")]));
    let c2 = commit_as(&repo, "2019-01-12", "Clerk", "zzb-clerk@example.org");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(keys(&run), [key("deleted", &c2, "units/zzb.yaml", "z2")]);
    assert_ne!(c1, c2);
    assert_eq!(
        violations(&run)[0]["author"],
        "Clerk <zzb-clerk@example.org>"
    );
    assert_eq!(run.json()["commits"], 3);
}

#[test]
fn author_name_with_record_separators_is_attributed_to_its_own_commit() {
    let (repo, c0) = base();
    let crafted = format!("Eve\u{1e}{c0}\u{1f}\u{1f}Clerk");
    repo.write("units/zzb.yaml", &ledger("zzb", &[rec("z1", "2019-01-05")]));
    let c1 = commit_as(&repo, "2019-01-12", &crafted, "zzb-clerk@example.org");
    repo.write("units/zzb.yaml", &ledger("zzb", &[]));
    let c2 = commit_as(&repo, "2019-01-13", "Clerk", "zzb-clerk@example.org");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        keys(&run),
        [
            key("deleted", &c1, "units/zzb.yaml", "z2"),
            key("deleted", &c2, "units/zzb.yaml", "z1"),
        ]
    );
    let v = violations(&run);
    assert_eq!(v[0]["author"], format!("{crafted} <zzb-clerk@example.org>"));
    assert_eq!(v[1]["author"], "Clerk <zzb-clerk@example.org>");
}

#[test]
fn shallow_clone_is_refused_with_how_to_fetch_the_history() {
    let (repo, _) = base();
    repo.write("units/zzb.yaml", &ledger("zzb", &[rec("z1", "2019-01-05")]));
    commit_as(&repo, "2019-01-12", "Clerk", "zzb-clerk@example.org");
    let clone = tempfile::tempdir().expect("temp dir");
    let dest = clone.path().join("c");
    let url = format!("file://{}", repo.top().display());
    let out = Std::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&dest)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git clone");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = ledger_in(&dest, None, &["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
    assert!(
        run.stderr.contains("git fetch --unshallow"),
        "{}",
        run.stderr
    );
    let run = ledger_in(&dest, None, &["--lang", "zh", "audit"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("浅克隆"), "{}", run.stderr);
}

#[test]
fn since_that_is_not_an_ancestor_is_history_rewritten() {
    let (repo, c0) = base();
    repo.write(
        "units/zzb.yaml",
        &ledger(
            "zzb",
            &[
                rec("z1", "2019-01-05"),
                rec("z2", "2019-01-06"),
                rec("z3", "2019-01-11"),
            ],
        ),
    );
    let pushed = commit_as(&repo, "2019-01-12", "Clerk", "zzb-clerk@example.org");
    // A force-push replaces the pushed commit with one that deletes z2.
    repo.git(&["reset", "-q", "--hard", &c0]);
    repo.write("units/zzb.yaml", &ledger("zzb", &[rec("z1", "2019-01-05")]));
    let forced = commit_as(&repo, "2019-01-13", "Clerk", "zzb-clerk@example.org");
    let run = repo.ledger(&[
        "--lang", "en", "audit", "--since", &pushed, "--format", "json",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        keys(&run),
        [
            key("history-rewritten", &pushed, "", ""),
            key("deleted", &forced, "units/zzb.yaml", "z2"),
        ]
    );
    let v = &violations(&run)[0];
    assert_eq!(v["severity"], "error");
    assert_eq!(v["rev"], pushed.as_str());
    assert_eq!(v["source"], "since");
    assert!(v.get("file").is_none(), "{v}");
    assert_eq!(run.json()["commits"], 1);
    let human = repo.ledger(&["--lang", "en", "audit", "--since", &pushed]);
    assert!(
        human.stdout.contains("history rewritten"),
        "{}",
        human.stdout
    );
}

#[test]
fn since_that_looks_like_an_option_or_a_negation_is_refused_in_words() {
    let (repo, _) = base();
    for bad in ["^HEAD", "--all", "-n1"] {
        let arg = format!("--since={bad}");
        let run = repo.ledger(&["--lang", "en", "audit", &arg]);
        assert_eq!(run.status, 2, "{bad}: {}", run.stdout);
        assert_eq!(
            run.stderr,
            format!(
                "ledger: `{bad}` is not a revision: a revision may not start with `-` or `^` or hold control characters (name a commit, branch or tag, e.g. origin/main)\n"
            )
        );
    }
    let run = repo.ledger(&["--lang", "zh", "audit", "--since=^HEAD"]);
    assert!(run.stderr.contains("不是一个版本"), "{}", run.stderr);
    let run = repo.ledger(&["--lang", "en", "diff", "^HEAD"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("is not a revision"), "{}", run.stderr);
    assert!(!run.stderr.contains("fatal"), "{}", run.stderr);
}

#[test]
fn backdated_commit_is_reported_on_that_commit() {
    let (repo, c0) = base();
    repo.write(
        "units/zzb.yaml",
        &ledger(
            "zzb",
            &[
                rec("z1", "2019-01-05"),
                rec("z2", "2019-01-06"),
                rec("z3", "2019-01-19"),
            ],
        ),
    );
    let c1 = commit_as(&repo, "2019-01-20", "Clerk", "zzb-clerk@example.org");
    repo.write("plan/plan.yaml", &PLAN.replace("要点一", "要点一（修订）"));
    // Dated before its parent: a clock set back to hide when this was done.
    let c2 = commit_as(&repo, "2019-01-15", "Clerk", "zzb-clerk@example.org");
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(keys(&run), [key("backdated-commit", &c2, "", "")]);
    let v = &violations(&run)[0];
    assert_eq!(v["parent"], c1.as_str());
    assert_eq!(v["committed"], "2019-01-15");
    assert_eq!(v["committed_at"], "2019-01-15T12:00:00Z");
    assert_eq!(v["parent_committed_at"], "2019-01-20T12:00:00Z");
    assert_ne!(c0, c1);
    let human = repo.ledger(&["--lang", "en", "audit"]);
    assert!(
        human.stdout.contains(&format!(
            "  error  backdated: committed at 2019-01-15T12:00:00Z, before its parent {} at 2019-01-20T12:00:00Z",
            &c1[..10]
        )),
        "{}",
        human.stdout
    );
}

#[test]
fn gitlinks_bad_timestamps_and_non_utf8_names_are_per_commit_findings() {
    let (repo, _) = base();
    // A submodule entry named like a unit ledger.
    let sub = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{sub},units/jw.yaml"),
    ]);
    git_as(
        &repo,
        "2019-01-11",
        "Clerk",
        "zzb-clerk@example.org",
        &["commit", "-q", "-m", "gitlink"],
    );
    let gitlink = repo.git(&["rev-parse", "HEAD"]);
    // A committer timestamp before the epoch, and an author that is not UTF-8.
    let negative = forge_commit(&repo, b"Clerk <zzb-clerk@example.org>", "-86400");
    let latin1 = forge_commit(&repo, b"Ma\xefa <zzb-clerk@example.org>", "1548100000");
    // A file name that is not UTF-8.
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"units/\xff.yaml");
        std::fs::write(repo.root().join(name), "unit: x\nrecords: []\n").expect("write");
    }
    let badname = commit_as(&repo, "2019-01-23", "Clerk", "zzb-clerk@example.org");
    // The audit goes on past all of them: this deletion is still found.
    repo.write("units/zzb.yaml", &ledger("zzb", &[rec("z1", "2019-01-05")]));
    let deletion = commit_as(&repo, "2019-01-24", "Clerk", "zzb-clerk@example.org");
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        keys(&run),
        [
            key("unreadable", &gitlink, "units/jw.yaml", ""),
            key("malformed-commit", &negative, "", ""),
            key("malformed-commit", &latin1, "", ""),
            key("unreadable", &badname, "units/\u{fffd}.yaml", ""),
            key("deleted", &deletion, "units/zzb.yaml", "z2"),
        ]
    );
    let v = violations(&run);
    let codes: Vec<&str> = v.iter().map(|v| v["code"].as_str().unwrap_or("")).collect();
    assert_eq!(
        codes,
        [
            "gitlink",
            "bad-timestamp",
            "author-not-utf8",
            "name-not-utf8",
            ""
        ]
    );
    assert_eq!(v[1]["committed"], Value::Null);
    assert_eq!(v[2]["author"], "Ma\u{fffd}a <zzb-clerk@example.org>");
    assert!(
        v[1]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`-86400`")),
        "{}",
        v[1]
    );
}

#[test]
fn huge_blobs_are_sized_before_they_are_read() {
    let (repo, _) = base();
    // 270 MB of spaces: beyond the 256 MB limit, a few hundred KB in git.
    let mut child = Std::new("git")
        .current_dir(repo.top())
        .args(["hash-object", "-w", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git hash-object");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..270 {
            stdin.write_all(&chunk).expect("write");
        }
    }
    let out = child.wait_with_output().expect("hash-object");
    let blob = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{blob},units/zzb.yaml"),
    ]);
    git_as(
        &repo,
        "2019-01-11",
        "Clerk",
        "zzb-clerk@example.org",
        &["commit", "-q", "-m", "huge"],
    );
    let huge = repo.git(&["rev-parse", "HEAD"]);
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(keys(&run), [key("unreadable", &huge, "units/zzb.yaml", "")]);
    assert_eq!(violations(&run)[0]["code"], "too-large");
    assert_eq!(
        violations(&run)[0]["message"],
        "the file has 283115520 bytes, more than the 256 MB limit; not read"
    );
    let run = repo.ledger(&["--lang", "en", "diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let files = &run.json()["files"];
    assert_eq!(files[0]["file"], "units/zzb.yaml", "{}", run.stdout);
    assert_eq!(files[0]["status"], "unreadable");
    assert_eq!(files[0]["side"], "to");
    assert_eq!(
        files[0]["message"],
        "file is 283115520 bytes, over the 256 MB limit; not parsed"
    );
}

#[test]
fn author_who_is_no_owner_of_the_unit_is_reported() {
    let (repo, _) = base();
    let add = |ids: &[(&str, &str)]| {
        let mut records = vec![rec("z1", "2019-01-05"), rec("z2", "2019-01-06")];
        records.extend(ids.iter().map(|(id, d)| rec(id, d)));
        ledger("zzb", &records)
    };
    // The owner's address compares without regard to case.
    repo.write("units/zzb.yaml", &add(&[("z3", "2019-01-11")]));
    commit_as(&repo, "2019-01-12", "Clerk", "ZZB-clerk@example.org");
    repo.write(
        "units/zzb.yaml",
        &add(&[("z3", "2019-01-11"), ("z4", "2019-01-12")]),
    );
    let mallory = commit_as(&repo, "2019-01-13", "Mallory", "m@example.org");
    // Making oneself an owner in the same commit does not help.
    repo.write(
        "plan/plan.yaml",
        &PLAN.replace("Zzb-Clerk@example.org", "m@example.org"),
    )
    .write(
        "units/zzb.yaml",
        &add(&[
            ("z3", "2019-01-11"),
            ("z4", "2019-01-12"),
            ("z5", "2019-01-13"),
        ]),
    );
    let takeover = commit_as(&repo, "2019-01-14", "Mallory", "m@example.org");
    // jw's owners are all @handles: no e-mail to check, so anyone may commit.
    repo.write("units/jw.yaml", &ledger("jw", &[rec("j1", "2019-01-14")]));
    commit_as(&repo, "2019-01-15", "Someone", "s@example.org");
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        keys(&run),
        [
            key("author-not-owner", &mallory, "units/zzb.yaml", ""),
            key("author-not-owner", &takeover, "units/zzb.yaml", ""),
        ]
    );
    let v = &violations(&run)[0];
    assert_eq!(v["unit"], "zzb");
    assert_eq!(v["author"], "Mallory <m@example.org>");
    assert_eq!(
        v["owners"],
        serde_json::json!(["Zzb-Clerk@example.org", "@zzb-team"])
    );
    let human = repo.ledger(&["--lang", "en", "audit"]);
    assert!(
        human.stdout.contains(
            "  error  units/zzb.yaml  author Mallory <m@example.org> is none of the owners of unit zzb (Zzb-Clerk@example.org, @zzb-team) and may not change its ledger"
        ),
        "{}",
        human.stdout
    );
}

/// `gpg`, or `None` (then the test is skipped, except in CI where it must run).
fn gpg() -> Option<()> {
    let found = Std::new("gpg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "gpg is required in CI for the signed-commit test (install gnupg)"
        );
        eprintln!("skipped: gpg not installed");
        return None;
    }
    Some(())
}

/// Stops the gpg-agent a test's GNUPGHOME started, so none outlives the test.
struct Agent(std::path::PathBuf);

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = Std::new("gpgconf")
            .env("GNUPGHOME", &self.0)
            .args(["--kill", "all"])
            .output();
    }
}

#[test]
fn require_signed_accepts_only_commits_git_can_verify() {
    if gpg().is_none() {
        return;
    }
    let home = tempfile::tempdir().expect("GNUPGHOME");
    let _agent = Agent(home.path().to_owned());
    let gpg = |args: &[&str]| {
        let out = Std::new("gpg")
            .env("GNUPGHOME", home.path())
            .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
            .args(args)
            .output()
            .expect("gpg runs");
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    gpg(&[
        "--quick-generate-key",
        "Clerk <zzb-clerk@example.org>",
        "ed25519",
        "sign",
        "never",
    ]);
    let (repo, _) = base();
    let config = repo.top().join(".test-gitconfig");
    std::fs::write(
        &config,
        "[user]\n\tsigningkey = zzb-clerk@example.org\n[gpg]\n\tprogram = gpg\n",
    )
    .expect("write");
    let signed_commit = |date: &str, sign: bool| {
        let stamp = format!("{date}T12:00:00+00:00");
        let mut args = vec!["commit", "-q", "-m", date];
        if sign {
            args.push("-S");
        }
        for a in [vec!["add", "-A"], args] {
            let out = Std::new("git")
                .current_dir(repo.top())
                .args(&a)
                .env("GNUPGHOME", home.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", &config)
                .env("GIT_AUTHOR_NAME", "Clerk")
                .env("GIT_AUTHOR_EMAIL", "zzb-clerk@example.org")
                .env("GIT_COMMITTER_NAME", "Clerk")
                .env("GIT_COMMITTER_EMAIL", "zzb-clerk@example.org")
                .env("GIT_AUTHOR_DATE", &stamp)
                .env("GIT_COMMITTER_DATE", &stamp)
                .output()
                .expect("git");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        repo.git(&["rev-parse", "HEAD"])
    };
    let c0 = repo.git(&["rev-parse", "HEAD"]);
    repo.write(
        "units/zzb.yaml",
        &ledger(
            "zzb",
            &[
                rec("z1", "2019-01-05"),
                rec("z2", "2019-01-06"),
                rec("z3", "2019-01-11"),
            ],
        ),
    );
    let signed = signed_commit("2019-01-12", true);
    repo.write("plan/plan.yaml", &PLAN.replace("要点一", "要点一（修订）"));
    signed_commit("2019-01-13", false); // no unit ledger: no signature needed
    repo.write(
        "units/zzb.yaml",
        &ledger(
            "zzb",
            &[
                rec("z1", "2019-01-05"),
                rec("z2", "2019-01-06"),
                rec("z3", "2019-01-11"),
                rec("z4", "2019-01-13"),
            ],
        ),
    );
    let unsigned = signed_commit("2019-01-14", false);
    let audit = |args: &[&str]| ledger_in(repo.top(), Some(home.path()), args);
    let run = audit(&[
        "audit",
        "--since",
        &c0,
        "--require-signed",
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(keys(&run), [key("unsigned-commit", &unsigned, "", "")]);
    assert_eq!(violations(&run)[0]["code"], "no-signature");
    assert_ne!(signed, unsigned);
    // Without the flag, signatures are not asked for.
    let run = audit(&["audit", "--since", &c0, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(keys(&run).is_empty());
    // A keyring that does not hold the key cannot verify the signed commit either.
    let other = tempfile::tempdir().expect("GNUPGHOME");
    let _other_agent = Agent(other.path().to_owned());
    let run = ledger_in(
        repo.top(),
        Some(other.path()),
        &[
            "audit",
            "--since",
            &c0,
            "--require-signed",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        keys(&run),
        [
            key("unsigned-commit", &signed, "", ""),
            key("unsigned-commit", &unsigned, "", ""),
        ]
    );
    let v = violations(&run);
    assert_eq!(v[0]["code"], "signature-rejected");
    assert_eq!(v[1]["code"], "no-signature");
}

#[test]
fn adoption_backfills_are_grouped_per_file_and_commit_and_a_baseline_skips_them() {
    let repo = GitRepo::new("");
    let old: Vec<String> = (1..=7)
        .map(|i| rec(&format!("z{i}"), &format!("2018-0{i}-01")))
        .collect();
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN)
        .write("units/zzb.yaml", &ledger("zzb", &old))
        .write("units/jw.yaml", &ledger("jw", &[rec("j1", "2018-01-01")]));
    let adopted = commit_as(&repo, "2019-01-10", "Clerk", "zzb-clerk@example.org");
    let mut later = old.clone();
    later.push(rec("z8", "2018-12-01"));
    repo.write("units/zzb.yaml", &ledger("zzb", &later));
    let late = commit_as(&repo, "2019-03-10", "Clerk", "zzb-clerk@example.org");

    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 0);
    assert_eq!(keys(&run).len(), 9, "JSON keeps one violation per record");
    let human = repo.ledger(&["--lang", "en", "audit"]);
    let expected = format!(
        "Audited 2 commit(s) from the first one up to HEAD (first-parent history)

commit {}  2019-01-10  Clerk <zzb-clerk@example.org>
  warning  units/jw.yaml  backfilled: record j1 dated 2018-01-01 was first committed on 2019-01-10, 374 days later (more than 30)
  warning  units/zzb.yaml  backfilled: 7 records first committed on 2019-01-10, 193–374 days after their dates (more than 30): z1 (2018-01-01), z2 (2018-02-01), z3 (2018-03-01), z4 (2018-04-01), z5 (2018-05-01), and 2 more

commit {}  2019-03-10  Clerk <zzb-clerk@example.org>
  warning  units/zzb.yaml  backfilled: record z8 dated 2018-12-01 was first committed on 2019-03-10, 99 days later (more than 30)

0 error(s), 9 warning(s)
",
        &adopted[..10],
        &late[..10]
    );
    assert_eq!(human.stdout, expected);
    let zh = repo.ledger(&["--lang", "zh", "audit"]);
    assert!(
        zh.stdout.contains("补记：7 条记实 2019-01-10 才首次提交"),
        "{}",
        zh.stdout
    );

    // A baseline commit: it and what came before are not judged; later commits are.
    for config in [
        format!("[audit]\nbaseline = \"{adopted}\"\n"),
        "[audit]\nbaseline_date = 2019-01-11\n".to_owned(),
    ] {
        repo.write("ledger.toml", &config);
        let head = commit_as(&repo, "2019-03-11", "Clerk", "zzb-clerk@example.org");
        let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
        assert_eq!(
            keys(&run),
            [key("backfilled", &late, "units/zzb.yaml", "z8")],
            "{config}"
        );
        let human = repo.ledger(&["--lang", "en", "audit"]);
        assert!(
            human.stdout.contains(
                "1 of them lie before the ledger.toml [audit] baseline and were not judged"
            ),
            "{}",
            human.stdout
        );
        repo.git(&["reset", "-q", "--hard", &late]);
        assert_ne!(head, late);
    }

    // A baseline HEAD does not descend from is itself a finding.
    repo.write("ledger.toml", "[audit]\nbaseline = \"gone\"\n");
    commit_as(&repo, "2019-03-12", "Clerk", "zzb-clerk@example.org");
    repo.git(&["branch", "gone", &adopted]);
    repo.git(&["checkout", "-q", "--orphan", "elsewhere"]);
    let orphan = commit_as(&repo, "2019-03-13", "Clerk", "zzb-clerk@example.org");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["branch", "-f", "gone", &orphan]);
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 1);
    let v = &violations(&run)[0];
    assert_eq!(v["type"], "history-rewritten");
    assert_eq!(v["source"], "baseline");
    assert_eq!(v["commit"], orphan.as_str());
}

// ---- who may change the plan (issue 13) --------------------------------------

/// The plan, owned by 区党廉办's clerk; the units registry in a file of its
/// own, with no header.
const PLAN_OWNED: &str = "\
plan: {id: p, title: 方案, issued: 2018-01-01, owners: [Dlb-Clerk@example.org, '@dlb-team']}
points:
  - {id: WP01, title: 要点一, lead: [zzb]}
";

const UNITS_ONLY: &str = "\
units:
  - {id: zzb, name: 区委组织部, owners: [zzb-clerk@example.org]}
  - {id: jw, name: 区纪委, owners: ['@jw-team']}
";

/// (type, commit, file) of each violation, and whether it has a `unit` key.
fn plan_keys(run: &Run) -> Vec<(String, String, String, bool)> {
    violations(run)
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
            (s("type"), s("commit"), s("file"), v.get("unit").is_some())
        })
        .collect()
}

fn plan_key(kind: &str, commit: &str, file: &str, unit: bool) -> (String, String, String, bool) {
    (kind.into(), commit.into(), file.into(), unit)
}

/// A repository whose plan files the plan's owner committed.
fn owned_plan() -> GitRepo {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN_OWNED)
        .write("plan/units.yaml", UNITS_ONLY);
    commit_as(&repo, "2019-01-10", "Clerk", "dlb-clerk@example.org");
    repo
}

#[test]
fn author_who_is_no_owner_of_a_plan_file_is_reported() {
    let repo = owned_plan();
    // The owner's address compares without regard to case.
    repo.write(
        "plan/plan.yaml",
        &PLAN_OWNED.replace("要点一", "要点一（修订）"),
    );
    commit_as(&repo, "2019-01-11", "Clerk", "DLB-clerk@example.org");
    repo.write(
        "plan/plan.yaml",
        &PLAN_OWNED.replace("要点一", "要点一（改）"),
    );
    let edit = commit_as(&repo, "2019-01-12", "Mallory", "m@example.org");
    // Making oneself an owner in the same commit does not help.
    repo.write(
        "plan/plan.yaml",
        &PLAN_OWNED.replace("Dlb-Clerk@example.org", "m@example.org"),
    );
    let takeover = commit_as(&repo, "2019-01-13", "Mallory", "m@example.org");
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        plan_keys(&run),
        [
            plan_key("author-not-owner", &edit, "plan/plan.yaml", false),
            plan_key("author-not-owner", &takeover, "plan/plan.yaml", false),
        ]
    );
    let v = &violations(&run)[0];
    assert_eq!(v["severity"], "error");
    assert_eq!(v["author"], "Mallory <m@example.org>");
    assert_eq!(
        v["owners"],
        serde_json::json!(["Dlb-Clerk@example.org", "@dlb-team"])
    );
    // Deleting the plan file is a change too; the owners are the header's in
    // the first parent (now Mallory's own, from the commit before).
    repo.remove("plan/plan.yaml");
    let deleted = commit_as(&repo, "2019-01-14", "Eve", "e@example.org");
    let run = repo.ledger(&["audit", "--since", &takeover, "--format", "json"]);
    assert_eq!(
        plan_keys(&run),
        [plan_key(
            "author-not-owner",
            &deleted,
            "plan/plan.yaml",
            false
        )]
    );
    assert_eq!(
        violations(&run)[0]["owners"],
        serde_json::json!(["m@example.org", "@dlb-team"])
    );
}

#[test]
fn the_units_registry_without_a_header_is_owned_by_the_plan_owners() {
    let repo = owned_plan();
    // Mallory makes himself an owner of zzb's ledger in plan/units.yaml, then
    // changes that ledger: the first change is reported, so the second
    // cannot pass unseen.
    repo.write(
        "plan/units.yaml",
        &UNITS_ONLY.replace("zzb-clerk@example.org", "m@example.org"),
    );
    let registry = commit_as(&repo, "2019-01-11", "Mallory", "m@example.org");
    repo.write("units/zzb.yaml", &ledger("zzb", &[rec("z1", "2019-01-11")]));
    commit_as(&repo, "2019-01-12", "Mallory", "m@example.org");
    // The plan's owner may change it.
    repo.write("plan/units.yaml", UNITS_ONLY);
    commit_as(&repo, "2019-01-13", "Clerk", "dlb-clerk@example.org");
    let run = repo.ledger(&["--lang", "en", "audit", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        plan_keys(&run),
        [plan_key(
            "author-not-owner",
            &registry,
            "plan/units.yaml",
            false
        )]
    );
    assert_eq!(
        violations(&run)[0]["owners"],
        serde_json::json!(["Dlb-Clerk@example.org", "@dlb-team"])
    );
    let en = repo.ledger(&["--lang", "en", "audit"]);
    let zh = repo.ledger(&["--lang", "zh", "audit"]);
    insta::assert_snapshot!("plan_owners_human", format!("{}\n{}", en.stdout, zh.stdout));
}

#[test]
fn a_new_plan_file_is_judged_by_its_own_header_and_one_without_email_owners_by_nobody() {
    let repo = owned_plan();
    // A second plan with its own owner, added by that owner.
    repo.write(
        "plan/zzb-plan.yaml",
        "plan: {id: q, title: 组织部方案, issued: 2018-01-01, owners: [zzb-clerk@example.org]}\npoints:\n  - {id: WP02, title: 要点二, lead: [zzb]}\n",
    );
    commit_as(&repo, "2019-01-11", "Clerk", "zzb-clerk@example.org");
    // Only that owner may change it; the first plan's owner may not.
    repo.write(
        "plan/zzb-plan.yaml",
        "plan: {id: q, title: 组织部方案（修订）, issued: 2018-01-01, owners: [zzb-clerk@example.org]}\npoints:\n  - {id: WP02, title: 要点二, lead: [zzb]}\n",
    );
    let other = commit_as(&repo, "2019-01-12", "Clerk", "dlb-clerk@example.org");
    // A plan whose header names handles only, or no owners, is not checked.
    repo.write(
        "plan/jw-plan.yaml",
        "plan: {id: r, title: 纪委方案, issued: 2018-01-01, owners: ['@jw-team']}\n",
    )
    .write(
        "plan/xcb-plan.yml",
        "plan: {id: s, title: 宣传部方案, issued: 2018-01-01}\n",
    );
    commit_as(&repo, "2019-01-13", "Someone", "s@example.org");
    repo.write(
        "plan/jw-plan.yaml",
        "plan: {id: r, title: 纪委方案（修订）, issued: 2018-01-01, owners: ['@jw-team']}\n",
    )
    .write(
        "plan/xcb-plan.yml",
        "plan: {id: s, title: 宣传部方案（修订）, issued: 2018-01-01}\n",
    );
    commit_as(&repo, "2019-01-14", "Someone", "s@example.org");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(
        plan_keys(&run),
        [plan_key(
            "author-not-owner",
            &other,
            "plan/zzb-plan.yaml",
            false
        )]
    );
    assert_eq!(
        violations(&run)[0]["owners"],
        serde_json::json!(["zzb-clerk@example.org"])
    );
}

#[test]
fn a_plan_file_an_owner_broke_keeps_its_owners_until_it_reads_again() {
    let repo = owned_plan();
    repo.write("plan/plan.yaml", "plan: {id: p, title: [\n");
    commit_as(&repo, "2019-01-11", "Clerk", "dlb-clerk@example.org");
    // Fixed by someone else: judged by the header of the last version that read.
    repo.write(
        "plan/plan.yaml",
        &PLAN_OWNED.replace("Dlb-Clerk@example.org", "m@example.org"),
    );
    let fixed = commit_as(&repo, "2019-01-12", "Mallory", "m@example.org");
    for since in [None, Some("HEAD~1")] {
        let mut args = vec!["audit", "--format", "json"];
        if let Some(s) = since {
            args.extend(["--since", s]);
        }
        let run = repo.ledger(&args);
        assert_eq!(
            plan_keys(&run),
            [plan_key(
                "author-not-owner",
                &fixed,
                "plan/plan.yaml",
                false
            )],
            "{since:?}"
        );
    }
}

/// Found while adding plan owners: a new plan file, judged by its own header,
/// could register a second `zzb` naming its author as owner, and the audit
/// then summed both entries' owners. The first definition of a unit is the
/// unit, as in `check`.
#[test]
fn a_second_definition_of_a_unit_adds_no_owner() {
    let repo = owned_plan();
    repo.write(
        "plan/aaa.yaml",
        "plan: {id: m, title: 方案, issued: 2018-01-01, owners: [m@example.org]}\nunits:\n  - {id: zzb, name: 区委组织部, owners: [m@example.org]}\n",
    );
    commit_as(&repo, "2019-01-11", "M", "m@example.org");
    repo.write(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: z1, date: 2019-01-11, ref: WP01, kind: meeting, title: 会议}\n",
    );
    let edit = commit_as(&repo, "2019-01-12", "M", "m@example.org");
    let run = repo.ledger(&["audit", "--format", "json"]);
    assert_eq!(
        plan_keys(&run),
        [plan_key("author-not-owner", &edit, "units/zzb.yaml", true)]
    );
}
