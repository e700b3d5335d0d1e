//! The clerk's commands on copies of the sample ledgers in temporary git
//! repositories: every write is checked against `git diff`, refused writes
//! against the bytes of every file.

use std::path::Path;
use std::process::Command as Std;

use crate::common::git::GitRepo;
use crate::common::{self, Run};

/// The sample ledgers committed in a fresh git repository (at `ledgers/`).
fn sample() -> GitRepo {
    let repo = GitRepo::new("ledgers");
    copy_tree(&common::root().join("ledgers"), &repo.root());
    repo.write("../.gitignore", ".ledger.lock\n");
    repo.commit("2019-01-01");
    repo
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

fn numstat(repo: &GitRepo) -> String {
    repo.git(&["diff", "--numstat"])
}

/// The lines `git diff` shows as added or removed (without the `+++`/`---` headers).
fn changed_lines(repo: &GitRepo) -> Vec<String> {
    repo.git(&["diff", "-U0"])
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .map(str::to_owned)
        .collect()
}

/// Every file of the ledger repository, with its bytes (but the lock file,
/// which holds nothing and is git-ignored).
fn snapshot(repo: &GitRepo) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["", "plan", "units"] {
        let d = repo.root().join(dir);
        let mut names: Vec<_> = std::fs::read_dir(&d)
            .expect("dir")
            .map(|e| e.expect("e").path())
            .collect();
        names.sort();
        for p in names
            .into_iter()
            .filter(|p| p.is_file() && !p.ends_with(".ledger.lock"))
        {
            let bytes = std::fs::read(&p).expect("read");
            out.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

fn ok(run: &Run) {
    assert_eq!(
        run.status, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

#[test]
fn add_record_writes_only_the_new_lines() {
    let repo = sample();
    let run = repo.ledger(&[
        "add",
        "record",
        "--unit",
        "zzb",
        "--ref",
        "WP24",
        "--kind",
        "rules",
        "--title",
        "制定《向上级党组织汇报工作细则》: 征求意见稿",
        "--date",
        "2019-01-10",
        "--evidence",
        "越组〔2019〕1号",
    ]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "units/zzb.yaml:326: added record zzb-2019-001\n  \
         - resolved: gap zzb 区委组织部 WP24 — no records on this point\n  \
         + new: gap zzb 区委组织部 WP24 — required kinds missing\n"
    );
    assert_eq!(numstat(&repo), "6\t0\tledgers/units/zzb.yaml");
    assert_eq!(
        changed_lines(&repo),
        [
            "+  - id: zzb-2019-001",
            "+    date: 2019-01-10",
            "+    ref: WP24",
            "+    kind: rules",
            "+    title: '制定《向上级党组织汇报工作细则》: 征求意见稿'",
            "+    evidence: [越组〔2019〕1号]",
        ]
    );
    // The next one follows the pattern.
    let run = repo.ledger(&[
        "add",
        "record",
        "--unit",
        "zzb",
        "--ref",
        "WP24",
        "--kind",
        "ledger",
        "--title",
        "建立汇报台账",
        "--date",
        "2019-01-11",
    ]);
    ok(&run);
    assert!(
        run.stdout
            .starts_with("units/zzb.yaml:332: added record zzb-2019-002\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("- resolved: gap zzb 区委组织部 WP24 — required kinds missing"),
        "{}",
        run.stdout
    );
    let check = repo.ledger(&["check", "--format", "json"]);
    assert_eq!(check.json()["summary"]["errors"], 0);
}

#[test]
fn chinese_kind_labels_and_ledger_unit_are_accepted() {
    let repo = sample();
    let out = common::ledger(repo.top())
        .env("LEDGER_UNIT", "zzb")
        .args([
            "add",
            "record",
            "--ref",
            "WP07",
            "--kind",
            "会议",
            "--title",
            "专题会议",
            "--date",
            "2019-01-12",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        changed_lines(&repo),
        [
            "+  - id: zzb-2019-001",
            "+    date: 2019-01-12",
            "+    ref: WP07",
            "+    kind: meeting",
            "+    title: 专题会议",
        ]
    );
}

#[test]
fn add_item_follows_the_kind_prefix() {
    let repo = sample();
    let run = repo.ledger(&[
        "add",
        "item",
        "--unit",
        "zzb",
        "--kind",
        "整改",
        "--ref",
        "WP07",
        "--title",
        "检查反馈: 台账不全",
        "--opened",
        "2019-01-10",
        "--due",
        "2019-02-01",
        "--owner",
        "组织科",
    ]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "units/zzb.yaml:380: added item ZG-2019-01\n  + new: due soon zzb 区委组织部 ZG-2019-01 (WP07), due 2019-02-01\n"
    );
    assert_eq!(numstat(&repo), "7\t0\tledgers/units/zzb.yaml");
    assert_eq!(
        changed_lines(&repo),
        [
            "+  - id: ZG-2019-01",
            "+    kind: rectification",
            "+    ref: WP07",
            "+    title: '检查反馈: 台账不全'",
            "+    owner: 组织科",
            "+    opened: 2019-01-10",
            "+    due: 2019-02-01",
        ]
    );
}

#[test]
fn close_adds_one_line_and_ambiguous_ids_name_the_candidates() {
    let repo = sample();
    let run = repo.ledger(&["close", "ZG-2018-03", "--date", "2019-01-14"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "ledger: `ZG-2018-03` names entries in several ledgers: units/xcb.yaml, units/zzb.yaml; say which with --unit\n"
    );
    let run = repo.ledger(&[
        "close",
        "ZG-2018-03",
        "--unit",
        "zzb",
        "--date",
        "2019-01-14",
    ]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "units/zzb.yaml:362: closed ZG-2018-03\n  \
         - resolved: overdue zzb 区委组织部 ZG-2018-03 (WP07), due 2018-12-31\n  \
         + new: late zzb 区委组织部 ZG-2018-03 (WP07), due 2018-12-31, closed 2019-01-14\n"
    );
    assert_eq!(numstat(&repo), "1\t0\tledgers/units/zzb.yaml");
    assert_eq!(changed_lines(&repo), ["+    closed: 2019-01-14"]);
    // Closing twice changes nothing.
    let run = repo.ledger(&[
        "close",
        "ZG-2018-03",
        "--unit",
        "zzb",
        "--date",
        "2019-01-15",
    ]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "ledger: `ZG-2018-03` already has `closed`; nothing changed\n"
    );
    assert_eq!(numstat(&repo), "1\t0\tledgers/units/zzb.yaml");
    // LEDGER_UNIT settles an id that several ledgers have.
    let out = common::ledger(repo.top())
        .env("LEDGER_UNIT", "xcb")
        .args([
            "progress",
            "ZG-2018-03",
            "--note",
            "已督办",
            "--date",
            "2019-01-14",
        ])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("units/xcb.yaml:"));
    assert_eq!(
        numstat(&repo),
        "1\t0\tledgers/units/xcb.yaml\n1\t0\tledgers/units/zzb.yaml"
    );
}

#[test]
fn unknown_ids_get_a_suggestion() {
    let repo = sample();
    let run = repo.ledger(&["close", "JB-2018-1", "--date", "2019-01-14"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "ledger: no record or item `JB-2018-1` in any unit ledger; did you mean `JB-2018-01`?\n"
    );
}

#[test]
fn extend_progress_and_void_append_to_their_lists() {
    let repo = sample();
    ok(&repo.ledger(&[
        "progress",
        "JB-2018-01",
        "--note",
        "已报送审定",
        "--date",
        "2019-01-14",
    ]));
    let run = repo.ledger(&[
        "extend",
        "JB-2018-01",
        "--due",
        "2019-03-31",
        "--reason",
        "待区委常委会审议",
        "--date",
        "2019-01-14",
    ]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "units/zzb.yaml:381: extended JB-2018-01\n  - resolved: due soon zzb 区委组织部 JB-2018-01 (WP24), due 2019-01-31\n"
    );
    ok(&repo.ledger(&[
        "void",
        "zzb-2018-055",
        "--reason",
        "重复录入",
        "--date",
        "2019-01-14",
    ]));
    assert_eq!(
        changed_lines(&repo),
        [
            "+    void: {date: 2019-01-14, reason: 重复录入}",
            "+      - {date: 2019-01-14, note: 已报送审定}",
            "+    extensions:",
            "+      - {date: 2019-01-14, due: 2019-03-31, reason: 待区委常委会审议}",
        ]
    );
    let check = repo.ledger(&["check", "--format", "json"]);
    assert_eq!(check.json()["summary"]["errors"], 0);
}

#[test]
fn a_write_that_would_add_an_error_leaves_every_file_untouched() {
    let repo = sample();
    let before = snapshot(&repo);
    let run = repo.ledger(&[
        "extend",
        "JB-2018-01",
        "--due",
        "2019-01-20",
        "--reason",
        "x",
        "--date",
        "2019-01-14",
    ]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "units/zzb.yaml:381:33: error[date-order]: extended due 2019-01-20 is not later than the due it replaces, 2019-01-31
    |
381 |       - {date: 2019-01-14, due: 2019-01-20, reason: x}
    |                                 ^^^^^^^^^^
    |
    = help: an extension moves the due date later

as of 2019-01-15: 1 error, 0 warnings; 0 overdue, 0 due soon, 0 late, 0 gaps
ledger: nothing written: the change would add the errors above
"
    );
    assert_eq!(snapshot(&repo), before);
    let run = repo.ledger(&[
        "add",
        "record",
        "--unit",
        "zzb",
        "--ref",
        "WP99",
        "--kind",
        "meeting",
        "--title",
        "x",
        "--date",
        "2019-01-10",
    ]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("error[unknown-ref]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("did you mean `WP09` (严格执行干部考察考核制度)?"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&repo), before);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_file_with_errors_is_not_written_to() {
    let repo = sample();
    let path = repo.root().join("units/zzb.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("date: 2018-03-09", "date: 2018-02-30");
    std::fs::write(&path, &text).unwrap();
    let before = snapshot(&repo);
    let run = repo.ledger(&[
        "add",
        "record",
        "--unit",
        "zzb",
        "--ref",
        "WP07",
        "--kind",
        "meeting",
        "--title",
        "x",
        "--date",
        "2019-01-10",
    ]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("error[invalid-date]"), "{}", run.stderr);
    assert!(run.stderr.ends_with("ledger: units/zzb.yaml already has errors (shown above); fix them before writing to it\n"), "{}", run.stderr);
    assert_eq!(snapshot(&repo), before);
}

#[test]
fn missing_values_without_a_terminal_are_named() {
    let repo = sample();
    let run = repo.ledger(&[
        "add", "record", "--unit", "zzb", "--kind", "meeting", "--title", "x",
    ]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "ledger: missing --ref (stdin is not a terminal, so it cannot be asked for; pass it as an option)\n"
    );
    let run = repo.ledger(&[
        "add", "record", "--unit", "nosuch", "--ref", "WP07", "--kind", "meeting", "--title", "x",
    ]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stderr, "ledger: `nosuch` is not a registered unit\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn new_unit_then_a_first_record() {
    // 区教育局 is registered (supervised by 派驻第一纪检组) but keeps no ledger yet.
    let repo = sample();
    let run = repo.ledger(&["new", "unit", "jyj", "--clerk", "李某"]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "units/jyj.yaml:1: created the ledger of jyj\n  findings unchanged\n"
    );
    let path = repo.root().join("units/jyj.yaml");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# yaml-language-server: $schema=../../schema/ledger.schema.json\n# 区教育局\nunit: jyj\nclerk: 李某\nrecords: []\nitems: []\n"
    );
    ok(&repo.ledger(&[
        "add",
        "record",
        "--unit",
        "jyj",
        "--ref",
        "WP16",
        "--kind",
        "会议",
        "--title",
        "配合派驻纪检组专题研究",
        "--date",
        "2019-01-11",
    ]));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# yaml-language-server: $schema=../../schema/ledger.schema.json\n# 区教育局\nunit: jyj\nclerk: 李某\nrecords:\n  - id: jyj-2019-001\n    date: 2019-01-11\n    ref: WP16\n    kind: meeting\n    title: 配合派驻纪检组专题研究\nitems: []\n"
    );
    let again = repo.ledger(&["new", "unit", "jyj"]);
    assert_eq!(again.status, 2);
    assert_eq!(again.stderr, "ledger: units/jyj.yaml already exists\n");
    let unknown = repo.ledger(&["new", "unit", "jyjj"]);
    assert_eq!(
        unknown.stderr,
        "ledger: `jyjj` is not a registered unit; did you mean `jyj`?\n"
    );
}

#[test]
fn crlf_files_stay_crlf() {
    let repo = sample();
    let path = repo.root().join("units/zzb.yaml");
    let crlf = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&path, &crlf).unwrap();
    ok(&repo.ledger(&["close", "JB-2018-01", "--date", "2019-01-14"]));
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
    assert_eq!(after.replace("    closed: 2019-01-14\r\n", ""), crlf);
}

#[cfg(unix)]
#[test]
fn symlinked_ledgers_are_not_written_through() {
    let repo = sample();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("zzb.yaml");
    let path = repo.root().join("units/zzb.yaml");
    std::fs::copy(&path, &target).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let before = std::fs::read(&target).unwrap();
    let run = repo.ledger(&["close", "JB-2018-01", "--date", "2019-01-14"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "ledger: units/zzb.yaml is a symbolic link or lies outside the repository; not writing to it\n"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn twenty_concurrent_adds_all_land() {
    let repo = sample();
    let bin = assert_cmd::cargo::cargo_bin("ledger");
    let children: Vec<_> = (0..20)
        .map(|i| {
            Std::new(&bin)
                .current_dir(repo.top())
                .env("LANG", "C")
                .args([
                    "add",
                    "record",
                    "--unit",
                    "zzb",
                    "--ref",
                    "WP07",
                    "--kind",
                    "meeting",
                    "--date",
                    "2019-01-10",
                ])
                .arg("--title")
                .arg(format!("并发记实 {i}"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(repo.root().join("units/zzb.yaml")).unwrap();
    for n in 1..=20 {
        assert_eq!(
            text.matches(&format!("- id: zzb-2019-{n:03}\n")).count(),
            1,
            "zzb-2019-{n:03}"
        );
    }
    for i in 0..20 {
        assert!(text.contains(&format!("title: 并发记实 {i}\n")), "{i}");
    }
    assert_eq!(numstat(&repo), "100\t0\tledgers/units/zzb.yaml");
    let check = repo.ledger(&["check", "--format", "json"]);
    assert_eq!(check.json()["summary"]["errors"], 0);
    let leftovers: Vec<_> = std::fs::read_dir(repo.root().join("units"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn show_list_and_agenda() {
    let repo = sample();
    let run = repo.ledger(&["show", "JB-2018-01"]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "JB-2018-01 区党廉办交办：制定推动基层党组织定期向上级党组织汇报工作的具体细则 (units/zzb.yaml: zzb 区委组织部)
  task · ref WP24
  source: 区党廉办
  owner: 组织科
  opened: 2018-11-15
  due: 2019-01-31
  progress 2019-01-09: 细则已形成征求意见稿
  ! due soon zzb 区委组织部 JB-2018-01 (WP24), due 2019-01-31
"
    );
    let run = repo.ledger(&["show", "WP07"]);
    ok(&run);
    assert!(
        run.stdout.starts_with("WP07 严格党的组织生活制度\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("lead: zzb 区委组织部\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("open items:\n  2018-12-31  zzb 区委组织部  ZG-2018-03 "),
        "{}",
        run.stdout
    );
    let run = repo.ledger(&["show", "zzb"]);
    ok(&run);
    assert!(
        run.stdout.starts_with(
            "zzb 区委组织部\nlead: WP02 WP03 WP04 WP05 WP07 WP08 WP09 WP11 WP23 WP24 WP26 WP29\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("checklists: dept 党的工作部门监督责任清单\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  ! overdue zzb 区委组织部 ZG-2018-03 (WP07), due 2018-12-31\n"),
        "{}",
        run.stdout
    );
    let run = repo.ledger(&["show", "annual-summary"]);
    ok(&run);
    assert!(
        run.stdout
            .contains("  tzb        annual-summary   2018     late\n"),
        "{}",
        run.stdout
    );
    let run = repo.ledger(&["show", "WP99"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);

    let run = repo.ledger(&["list", "kinds"]);
    ok(&run);
    assert!(
        run.stdout
            .starts_with("mechanism   机制\nchecklist   清单\nrules       制度细则\n"),
        "{}",
        run.stdout
    );
    let run = repo.ledger(&["list", "points", "--unit", "zzb"]);
    ok(&run);
    assert!(
        run.stdout.starts_with(
            "WP02  加强对党组织主要负责人和关键岗位领导干部的监督  [zzb / jw,wb,xcbu]\nWP03 "
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("WP01 "), "{}", run.stdout);

    let run = repo.ledger(&["agenda", "--days", "20"]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "agenda: 3 due within 20 days of 2019-01-15
2019-01-29   14d  jw 区纪委  item XS-2018-06 (WP32)  巡察移交：东山街党工委“三重一大”决策程序不规范问题
2019-01-31   16d  xcb 区委巡察办  item ZG-2018-03 (WP32)  督促人民街党工委落实第二轮巡察反馈问题整改
2019-01-31   16d  zzb 区委组织部  item JB-2018-01 (WP24)  区党廉办交办：制定推动基层党组织定期向上级党组织汇报工作的具体细则
"
    );
    let run = repo.ledger(&[
        "agenda", "--days", "200", "--unit", "zzb", "--format", "json",
    ]);
    ok(&run);
    let doc = run.json();
    let entries = doc["entries"].as_array().expect("entries");
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| e["unit"] == "zzb"));
    let dates: Vec<&str> = entries.iter().map(|e| e["due"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(entries.iter().any(|e| e["type"] == "obligation"), "{doc}");
}

/// In process, with the prompts answered by a script and today pinned.
fn run_scripted(repo: &GitRepo, args: &[&str], answers: &[&str]) -> (i32, String, String) {
    let env = ledger::cli::Env {
        cwd: repo.top().to_path_buf(),
        var: &|k| (k == "LANG").then(|| "C".to_owned()),
        stdout_is_terminal: false,
        terminal_width: None,
        system_locale: None,
        today: ledger::dates::parse_iso_date("2019-01-13").expect("date"),
        exits_after: false,
    };
    let mut argv: Vec<std::ffi::OsString> = vec!["ledger".into()];
    argv.extend(args.iter().map(Into::into));
    let mut prompter = ledger::clerk::prompt::Scripted::new(answers.iter().copied());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ledger::cli::run_with(argv, &env, &mut prompter, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

#[test]
fn missing_values_are_asked_for_with_their_choices() {
    let repo = sample();
    let (code, out, err) = run_scripted(
        &repo,
        &["add", "record"],
        &[
            "组织部",
            "严格党的组织生活制度",
            "nonsense",
            "会议",
            "支部书记例会",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "units/zzb.yaml:326: added record zzb-2019-001\n  findings unchanged\n"
    );
    // The choices are listed with their titles and Chinese labels.
    assert!(err.contains("  zzb              区委组织部\n"), "{err}");
    assert!(err.contains("Unit (type an id or a number): "), "{err}");
    assert!(
        err.contains("  WP07             严格党的组织生活制度\n"),
        "{err}"
    );
    assert!(err.contains("  meeting          会议\n"), "{err}");
    assert!(err.contains("not a valid choice, try again\n"), "{err}");
    assert!(err.ends_with("Title: "), "{err}");
    // The date defaults to the run's today.
    assert_eq!(
        changed_lines(&repo),
        [
            "+  - id: zzb-2019-001",
            "+    date: 2019-01-13",
            "+    ref: WP07",
            "+    kind: meeting",
            "+    title: 支部书记例会",
        ]
    );
}

#[test]
fn prompts_for_an_item_and_an_extension() {
    let repo = sample();
    let (code, _, err) = run_scripted(
        &repo,
        &[
            "add",
            "item",
            "--unit",
            "zzb",
            "--ref",
            "WP07",
            "--title",
            "交办: 整理台账",
            "--due",
            "2019-02-01",
        ],
        &["交办"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("  task             交办事项\n"), "{err}");
    let (code, out, err) = run_scripted(
        &repo,
        &["extend", "JB-2019-01"],
        &["2019-03-01", "需补充材料"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("units/zzb.yaml:"), "{out}");
    assert!(err.contains("New due date (YYYY-MM-DD): Reason: "), "{err}");
    let text = std::fs::read_to_string(repo.root().join("units/zzb.yaml")).unwrap();
    assert!(
        text.ends_with(
            "  - id: JB-2019-01\n    kind: task\n    ref: WP07\n    title: '交办: 整理台账'\n    opened: 2019-01-13\n    due: 2019-02-01\n    extensions:\n      - {date: 2019-01-13, due: 2019-03-01, reason: 需补充材料}\n"
        ),
        "{text}"
    );
}

#[test]
fn record_options_are_written_as_a_person_would() {
    let repo = sample();
    ok(&repo.ledger(&[
        "add",
        "record",
        "--unit",
        "zzb",
        "--ref",
        "WP07",
        "--kind",
        "巡察检查",
        "--title",
        "yes",
        "--period",
        "2018",
        "--target",
        "zb-sjj",
        "--target",
        "sq-xihu",
        "--note",
        "抽查 #2",
        "--date",
        "2019-01-02",
    ]));
    assert_eq!(
        changed_lines(&repo),
        [
            "+  - id: zzb-2019-001",
            "+    date: 2019-01-02",
            "+    ref: WP07",
            "+    kind: inspection",
            "+    title: 'yes'",
            "+    period: 2018",
            "+    targets: [zb-sjj, sq-xihu]",
            "+    note: '抽查 #2'",
        ]
    );
    let run = repo.ledger(&[
        "add",
        "record",
        "--unit",
        "zzb",
        "--ref",
        "WP07",
        "--kind",
        "inspection",
        "--title",
        "x",
        "--period",
        "2018-h2",
        "--date",
        "2019-01-02",
    ]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("error[invalid-value]: `2018-h2` is not a period label"),
        "{}",
        run.stderr
    );
}
