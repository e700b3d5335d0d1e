//! `ledger diff` on real git repositories: entries added, voided, changed,
//! closed, extended and reopened; plan changes; files unreadable at one side;
//! the working tree as the default newer side; the JSON parsed back.

use crate::common::Run;
use crate::common::git::GitRepo;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Diff {
    version: u32,
    from: Rev,
    to: Rev,
    files: Vec<FileNote>,
    changes: Vec<Change>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Rev {
    rev: Option<String>,
    commit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileNote {
    file: String,
    status: String,
    side: Option<String>,
    code: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    file: String,
    subject: String,
    parent: Option<String>,
    id: String,
    unit: Option<String>,
    change: String,
    title: Option<String>,
    fields: Vec<Field>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Field {
    field: String,
    old: Option<String>,
    new: Option<String>,
}

impl Run {
    fn diff(&self) -> Diff {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not diff JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

fn changes(d: &Diff) -> Vec<(String, String, String)> {
    d.changes
        .iter()
        .map(|c| {
            let id = match &c.parent {
                Some(p) => format!("{p}/{}", c.id),
                None => c.id.clone(),
            };
            (c.subject.clone(), id, c.change.clone())
        })
        .collect()
}

fn field(old: Option<&str>, new: Option<&str>, name: &str) -> Field {
    Field {
        field: name.into(),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

const PLAN_A: &str = "plan: {id: p, title: 方案, issued: 2018-01-01, owners: [dlb@example.org]}
units:
  - {id: zzb, name: 区委组织部, owners: [zzb@example.org]}
  - {id: jw, name: 区纪委}
points:
  - id: WP01
    title: 要点一
    lead: [zzb]
    deadline: 3 months
    obligations:
      - {id: half-year, title: 半年报告, every: half-year}
  - {id: WP02, title: 要点二, lead: [jw]}
checklists:
  - id: dept
    title: 部门清单
    applies_to: {units: [zzb]}
    items:
      - {id: D01, text: 召开专题会议}
";

const PLAN_B: &str = "plan: {id: p, title: 方案, issued: 2018-01-01, owners: [dlb@example.org]}
units:
  - {id: zzb, name: 区委组织部, owners: [zzb@example.org, zzb2@example.org]}
  - {id: jw, name: 区纪委}
points:
  - id: WP01
    title: 要点一
    lead: [zzb]
    support: [jw]
    deadline: 2 months
    obligations:
      - {id: half-year, title: 半年报告, every: half-year, kind: report}
  - {id: WP02, title: 要点二, lead: [jw]}
  - {id: WP03, title: 要点三, lead: [jw]}
checklists:
  - id: dept
    title: 部门清单
    applies_to: {units: [zzb]}
    items:
      - {id: D01, text: 召开专题会议}
      - {id: D02, text: 报告工作, every: year}
";

const ZZB_A: &str = "unit: zzb
records:
  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 专题会议}
  - {id: z2, date: 2019-01-06, ref: WP01, kind: meeting, title: 错录}
items:
  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01}
  - {id: i2, kind: task, ref: WP01, title: 交办, opened: 2019-01-02, due: 2019-03-01}
  - {id: i3, kind: task, ref: WP01, title: 已销号, opened: 2019-01-02, due: 2019-03-01, closed: 2019-01-20}
";

const ZZB_B: &str = "unit: zzb
records:
  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 专题会议（党委）}
  - {id: z2, date: 2019-01-06, ref: WP01, kind: meeting, title: 错录, void: {date: 2019-01-25, reason: 录入错误}}
  - {id: z3, date: 2019-01-24, ref: WP02, kind: report, title: 新报告}
items:
  - {id: i1, kind: rectification, ref: WP01, title: 整改, opened: 2019-01-02, due: 2019-03-01, closed: 2019-01-25}
  - {id: i2, kind: task, ref: WP01, title: 交办, opened: 2019-01-02, due: 2019-03-01, extensions: [{date: 2019-01-25, due: 2019-04-01}]}
  - {id: i3, kind: task, ref: WP01, title: 已销号, opened: 2019-01-02, due: 2019-03-01}
";

fn two_revisions(sub: &str) -> (GitRepo, String, String) {
    let repo = GitRepo::new(sub);
    repo.write("ledger.toml", "[check]\ndue_soon_days = 30\n")
        .write("plan/plan.yaml", PLAN_A)
        .write("units/zzb.yaml", ZZB_A)
        .write("units/jw.yaml", "unit: jw\n");
    let a = repo.commit("2019-01-20");
    repo.write("ledger.toml", "[check]\ndue_soon_days = 15\n")
        .write("plan/plan.yaml", PLAN_B)
        .write("units/zzb.yaml", ZZB_B);
    let b = repo.commit("2019-01-25");
    (repo, a, b)
}

#[test]
fn entries_and_plan_changes_between_two_commits() {
    let (repo, a, b) = two_revisions("");
    let run = repo.ledger(&["diff", &a, &b, "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let d = run.diff();
    assert_eq!(d.version, 1);
    assert_eq!(
        d.from,
        Rev {
            rev: Some(a.clone()),
            commit: Some(a.clone())
        }
    );
    assert_eq!(d.to.commit.as_deref(), Some(b.as_str()));
    assert!(d.files.is_empty(), "{:?}", d.files);
    let got = changes(&d);
    let want: Vec<(String, String, String)> = [
        ("settings", "ledger.toml", "changed"),
        ("unit", "zzb", "changed"),
        ("point", "WP01", "changed"),
        ("point", "WP03", "added"),
        ("obligation", "WP01/half-year", "changed"),
        ("checklist-item", "dept/D02", "added"),
        ("record", "z1", "changed"),
        ("record", "z2", "voided"),
        ("record", "z3", "added"),
        ("item", "i1", "closed"),
        ("item", "i2", "extended"),
        ("item", "i3", "reopened"),
    ]
    .iter()
    .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(got, want);
    let by = |id: &str, change: &str| {
        d.changes
            .iter()
            .find(|c| c.id == id && c.change == change)
            .unwrap_or_else(|| panic!("{id} {change}"))
    };
    assert_eq!(
        by("ledger.toml", "changed").fields,
        [field(Some("30"), Some("15"), "check.due_soon_days")]
    );
    assert_eq!(
        by("zzb", "changed").fields,
        [field(
            Some("zzb@example.org"),
            Some("zzb@example.org, zzb2@example.org"),
            "owners"
        )]
    );
    assert_eq!(
        by("WP01", "changed").fields,
        [
            field(Some("3 months"), Some("2 months"), "deadline"),
            field(None, Some("jw"), "support"),
        ]
    );
    assert_eq!(by("WP01", "changed").file, "plan/plan.yaml");
    assert_eq!(
        by("half-year", "changed").fields,
        [field(None, Some("report"), "kind")]
    );
    let z1 = by("z1", "changed");
    assert_eq!(z1.unit.as_deref(), Some("zzb"));
    assert_eq!(z1.file, "units/zzb.yaml");
    assert_eq!(z1.title.as_deref(), Some("专题会议（党委）"));
    assert_eq!(
        z1.fields,
        [field(Some("专题会议"), Some("专题会议（党委）"), "title")]
    );
    assert_eq!(
        by("z2", "voided").fields,
        [field(
            None,
            Some("{date: 2019-01-25, reason: 录入错误}"),
            "void"
        )]
    );
    assert!(
        by("z3", "added")
            .fields
            .contains(&field(None, Some("2019-01-24"), "date"))
    );
    assert_eq!(
        by("i1", "closed").fields,
        [field(None, Some("2019-01-25"), "closed")]
    );
    assert_eq!(
        by("i2", "extended").fields,
        [field(
            None,
            Some("{date: 2019-01-25, due: 2019-04-01}"),
            "extensions[0]"
        )]
    );
    assert_eq!(
        by("i3", "reopened").fields,
        [field(Some("2019-01-20"), None, "closed")]
    );
}

#[test]
fn working_tree_is_the_default_newer_side() {
    let (repo, _, b) = two_revisions("ledgers");
    let run = repo.ledger(&["diff", "--repo", "ledgers", "--format", "json"]);
    let d = run.diff();
    assert_eq!(d.from.commit.as_deref(), Some(b.as_str()));
    assert_eq!(d.from.rev.as_deref(), Some("HEAD"));
    assert_eq!(
        d.to,
        Rev {
            rev: None,
            commit: None
        }
    );
    assert!(d.changes.is_empty() && d.files.is_empty());
    repo.write(
        "units/jw.yaml",
        "unit: jw\nrecords:\n  - {id: j1, date: 2019-01-26, ref: WP02, kind: report, title: 报告}\n",
    );
    repo.write("units/tzb.yaml", "unit: tzb\n");
    let d = repo
        .ledger(&["diff", "--repo", "ledgers", "--format", "json"])
        .diff();
    assert_eq!(
        changes(&d),
        [("record".to_owned(), "j1".to_owned(), "added".to_owned())]
    );
    assert_eq!(d.files.len(), 1);
    assert_eq!(
        (d.files[0].file.as_str(), d.files[0].status.as_str()),
        ("units/tzb.yaml", "added")
    );
}

#[test]
fn unreadable_files_are_reported_and_the_rest_still_compared() {
    let (repo, _, b) = two_revisions("");
    repo.write("plan/plan.yaml", "points: [\n")
        .write("units/jw.yaml", "unit: jw\nrecords: {oops\n")
        .write(
            "units/zzb.yaml",
            &ZZB_B.replace("title: 新报告", "title: 新报告（修改）"),
        );
    let c = repo.commit("2019-01-26");
    // Both ways round.
    let d = repo.ledger(&["diff", &b, &c, "--format", "json"]).diff();
    let notes: Vec<(&str, &str, Option<&str>, Option<&str>)> = d
        .files
        .iter()
        .map(|f| {
            (
                f.file.as_str(),
                f.status.as_str(),
                f.side.as_deref(),
                f.code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            (
                "plan/plan.yaml",
                "unreadable",
                Some("to"),
                Some("yaml-syntax")
            ),
            (
                "units/jw.yaml",
                "unreadable",
                Some("to"),
                Some("yaml-syntax")
            ),
        ]
    );
    assert!(d.files.iter().all(|f| f.line.is_some()
        && f.column.is_some()
        && f.message.as_deref().is_some_and(|m| !m.is_empty())));
    assert_eq!(
        changes(&d),
        [("record".to_owned(), "z3".to_owned(), "changed".to_owned())]
    );
    let d = repo.ledger(&["diff", &c, &b, "--format", "json"]).diff();
    assert!(d.files.iter().all(|f| f.side.as_deref() == Some("from")));
    assert_eq!(d.changes.len(), 1);
    // The human output says so too.
    let run = repo.ledger(&["--lang", "en", "diff", &b, &c]);
    assert_eq!(run.status, 0);
    assert!(
        run.stdout
            .contains("unreadable in the new revision (yaml-syntax"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_output_in_both_languages() {
    let (repo, a, b) = two_revisions("");
    let en = repo.ledger(&["--lang", "en", "diff", &a, &b]);
    for needle in [
        &format!("Comparing {a} ({}) → {b} ({})", &a[..10], &b[..10]) as &str,
        "units/zzb.yaml",
        "+ added record z3  新报告",
        "x voided record z2",
        "v closed item i1",
        "> extended item i2",
        "extensions #1: {date: 2019-01-25, due: 2019-04-01}",
        "^ reopened item i3",
        "closed: 2019-01-20 → (removed)",
        "~ changed point WP01",
        "deadline: 3 months → 2 months",
        "12 change(s) in 3 file(s)",
    ] {
        assert!(
            en.stdout.contains(needle),
            "missing {needle:?} in:\n{}",
            en.stdout
        );
    }
    let zh = repo.ledger(&["--lang", "zh", "diff", &a, &b]);
    for needle in [
        "比较 ",
        "新增 记实 z3",
        "作废 记实 z2",
        "销号 事项 i1",
        "延期 事项 i2",
        "撤销销号 事项 i3",
        "3 个文件中 12 处变化",
    ] {
        assert!(
            zh.stdout.contains(needle),
            "missing {needle:?} in:\n{}",
            zh.stdout
        );
    }
    // The whole text, once the lines above are known to be there. Commit ids
    // are stable: the helper fixes author, committer and dates.
    insta::assert_snapshot!("human_en", en.stdout);
    insta::assert_snapshot!("human_zh", zh.stdout);
    let same = repo.ledger(&["--lang", "en", "diff", &b, &b]);
    assert!(same.stdout.contains("no changes"), "{}", same.stdout);
}

#[test]
fn unknown_revision_exits_2() {
    let (repo, _, _) = two_revisions("");
    let run = repo.ledger(&["--lang", "en", "diff", "nope"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("unknown revision `nope`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

// ------------------------------------------- ledgers named as `check` reads them (issue 10)

#[test]
fn unit_ledger_named_yml_is_diffed() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN_A)
        .write("units/zzb.yml", ZZB_A)
        .write("units/jw.YAML", "unit: jw\n");
    let a = repo.commit("2019-01-20");
    repo.write("units/zzb.yml", ZZB_B).write(
        "units/jw.YAML",
        "unit: jw\nrecords:\n  - {id: j1, date: 2019-01-24, ref: WP02, kind: report, title: 报告}\n",
    );
    let b = repo.commit("2019-01-25");
    let d = repo.ledger(&["diff", &a, &b, "--format", "json"]).diff();
    assert!(d.files.is_empty(), "{:?}", d.files);
    let got: Vec<(&str, Option<&str>, &str, &str)> = d
        .changes
        .iter()
        .map(|c| {
            (
                c.file.as_str(),
                c.unit.as_deref(),
                c.id.as_str(),
                c.change.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("units/jw.YAML", Some("jw"), "j1", "added"),
            ("units/zzb.yml", Some("zzb"), "z1", "changed"),
            ("units/zzb.yml", Some("zzb"), "z2", "voided"),
            ("units/zzb.yml", Some("zzb"), "z3", "added"),
            ("units/zzb.yml", Some("zzb"), "i1", "closed"),
            ("units/zzb.yml", Some("zzb"), "i2", "extended"),
            ("units/zzb.yml", Some("zzb"), "i3", "reopened"),
        ]
    );
    // The working tree is read as `check` reads it too; a hidden file is not.
    repo.write("units/zzb.yml", ZZB_A)
        .write("units/.zzb.yaml", ZZB_A);
    let d = repo.ledger(&["diff", &b, "--format", "json"]).diff();
    assert!(d.files.is_empty(), "{:?}", d.files);
    assert_eq!(d.changes.len(), 6);
    assert!(d.changes.iter().all(|c| c.file == "units/zzb.yml"));
}

#[test]
fn renaming_a_ledger_from_yml_to_yaml_moves_no_entry() {
    let repo = GitRepo::new("");
    repo.write("ledger.toml", "")
        .write("plan/plan.yaml", PLAN_A)
        .write("units/zzb.yml", ZZB_A);
    let a = repo.commit("2019-01-20");
    repo.git(&["mv", "units/zzb.yml", "units/zzb.yaml"]);
    let b = repo.commit("2019-01-21");
    let files = |d: &Diff| -> Vec<(String, String)> {
        d.files
            .iter()
            .map(|f| (f.file.clone(), f.status.clone()))
            .collect()
    };
    let renamed = vec![
        ("units/zzb.yaml".to_owned(), "added".to_owned()),
        ("units/zzb.yml".to_owned(), "removed".to_owned()),
    ];
    let d = repo.ledger(&["diff", &a, &b, "--format", "json"]).diff();
    assert_eq!(files(&d), renamed);
    assert!(d.changes.is_empty(), "{:?}", d.changes);
    // Renamed in the working tree, with one entry voided on the way: that is
    // the one change, under the new name.
    repo.git(&["mv", "units/zzb.yaml", "units/zzb.yml"]);
    repo.commit("2019-01-22");
    repo.git(&["mv", "units/zzb.yml", "units/zzb.yaml"]);
    repo.write(
        "units/zzb.yaml",
        &ZZB_A.replace(
            "title: 错录}",
            "title: 错录, void: {date: 2019-01-25, reason: 录入错误}}",
        ),
    );
    let d = repo.ledger(&["diff", "--format", "json"]).diff();
    assert_eq!(files(&d), renamed);
    assert_eq!(
        changes(&d),
        [("record".to_owned(), "z2".to_owned(), "voided".to_owned())]
    );
    assert_eq!(d.changes[0].file, "units/zzb.yaml");
    assert_eq!(d.changes[0].unit.as_deref(), Some("zzb"));
}
