//! `ledger sample` (docs/format.md §1.1.11): draws against golden values,
//! lossless and idempotent writes, `besides` order, refusals that leave every
//! byte as it was, and `check` reading the draws back.
//!
//! The golden draws were computed apart from this code, with Python's hashlib
//! following the documented text:
//!
//! ```python
//! import hashlib, math
//! from fractions import Fraction
//! def draw(P, R, I, L, U, population, share):  # share in percent, e.g. "12.5"
//!     key = lambda x: hashlib.sha256("\n".join(
//!         ["ledger-sample/1", P, R, I, L, U, x]).encode()).digest()
//!     order = sorted(population, key=lambda x: (key(x), x))
//!     return order[:math.ceil(Fraction(share) * len(population) / 100)]
//! ```

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::git::GitRepo;
use crate::common::{self, Repo, Run};

const TOML: &str = "format = \"1.1\"\n[check]\nas_of = 2021-12-20\n";

/// Names for c01…c10; c11…c20 are registered by id only (for privacy).
const NAMES: [&str; 10] = [
    "赵某", "钱某", "孙某", "李某", "周某", "吴某", "郑某", "王某", "冯某", "陈某",
];

/// docs/format.md's example: plan `p`, point M20 led by zzb, 20 city cadres
/// c01…c20 (each also a principal); `cadre-check` samples them at
/// `cadre_share`, and `principal-check` — listed first, so that the order of
/// the draws cannot come from the plan's order — samples 10% of the
/// principals besides it.
fn m20_plan(cadre_share: &str, lead: &str) -> String {
    let mut people = String::new();
    for i in 1..=20 {
        let name = NAMES
            .get(i - 1)
            .map_or(String::new(), |n| format!(", name: {n}"));
        people.push_str(&format!(
            "  - {{id: c{i:02}, unit: b{}, roles: [city-cadre, principal]{name}}}\n",
            (i - 1) % 5 + 1
        ));
    }
    format!(
        "plan: {{id: p, issued: 2021-01-01}}

units:
  - {{id: zzb, name: 市委组织部}}
  - {{id: jw, name: 市纪委}}
  - {{id: b1, name: 市属局1}}
  - {{id: b2, name: 市属局2}}
  - {{id: b3, name: 市属局3}}
  - {{id: b4, name: 市属局4}}
  - {{id: b5, name: 市属局5}}

people:
{people}
points:
  - id: M20
    title: 推进对下级领导班子监督工作规范化
    lead: {lead}
    obligations:
      - id: principal-check
        title: 再抽查10%的“一把手”
        kind: inspection
        cover: {{roles: [principal]}}
        within: year
        share: 10%
        sample: true
        besides: cadre-check
      - id: cadre-check
        title: 每年按比例抽查市管干部个人有关事项报告
        kind: inspection
        cover: {{roles: [city-cadre]}}
        within: year
        share: {cadre_share}
        sample: true
"
    )
}

/// zzb's ledger: a modeline, comments, flow records, an empty items list.
const ZZB: &str = "# yaml-language-server: $schema=../schema/ledger.schema.json
# 市委组织部
unit: zzb
records:
  - {id: z1, date: 2021-10-12, ref: M20, obligation: cadre-check, kind: inspection, title: 抽查个人有关事项报告, person: c07}   # 已抽查
items: []
";

fn m20(cadre_share: &str) -> Repo {
    Repo::bare()
        .file("ledger.toml", TOML)
        .file("plan/plan.yaml", &m20_plan(cadre_share, "[zzb]"))
        .file("units/zzb.yaml", ZZB)
}

/// `ledger sample ARGS…` run in the repository's folder.
fn sample(root: &Path, args: &[&str]) -> Run {
    let mut all = vec!["sample"];
    all.extend_from_slice(args);
    common::run_env(root, &all, &[])
}

fn ok(run: &Run) {
    assert_eq!(
        run.status, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

fn read(repo: &Repo, rel: &str) -> String {
    std::fs::read_to_string(repo.join(rel)).expect("read")
}

/// Every file under `root` with its bytes (but the lock file, which holds
/// nothing), in path order.
fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if !p.ends_with(".ledger.lock") {
                let bytes = std::fs::read(&p).expect("read");
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The drawn entry as `ledger sample` writes it, block style at the usual indent.
fn entry(r: &str, i: &str, period: &str, population: usize, targets: &[&str]) -> String {
    format!(
        "  - ref: {r}\n    obligation: {i}\n    period: \"{period}\"\n    date: 2021-09-10\n    \
         population: {population}\n    targets: [{}]\n",
        targets.join(", ")
    )
}

/// docs/format.md §1.1.11's example: P = p, R = M20, I = cadre-check,
/// L = 2021, U = zzb, c01…c20 at 10% → c07, c09.
#[test]
fn the_documented_example_draws_c07_and_c09() {
    let repo = m20("10%");
    let run = sample(repo.path(), &["M20/cadre-check", "--date", "2021-09-10"]);
    ok(&run);
    assert_eq!(
        run.stdout,
        "units/zzb.yaml:8: drew M20/cadre-check 2021: 2 of 20 people — c07 (郑某), c09 (冯某)\n"
    );
    assert_eq!(
        read(&repo, "units/zzb.yaml"),
        format!(
            "{ZZB}samples:\n{}",
            entry("M20", "cadre-check", "2021", 20, &["c07", "c09"])
        )
    );
}

/// A larger draw: 200 units at 12.5% is 25, in a half-year window, for a
/// party that is not itself a target.
#[test]
fn two_hundred_units_at_twelve_and_a_half_percent() {
    let mut units = String::from("  - {id: jw, name: 区纪委}\n");
    for i in 1..=200 {
        units.push_str(&format!(
            "  - {{id: u{i:03}, name: 单位{i:03}, tags: [bureau]}}\n"
        ));
    }
    let plan = format!(
        "plan: {{id: yx-2021-5, issued: 2021-01-01}}
units:
{units}points:
  - id: WP05
    title: 抽查
    lead: [jw]
    obligations:
      - {{id: spot-check, title: 每半年抽查12.5%, cover: {{tags: [bureau]}}, within: half-year, share: 12.5%, sample: true}}
"
    );
    let repo = Repo::bare()
        .file("ledger.toml", TOML)
        .file("plan/plan.yaml", &plan)
        .file("units/jw.yaml", "unit: jw\n");
    let run = sample(repo.path(), &["spot-check", "--date", "2021-09-10"]);
    ok(&run);
    // Python: draw("yx-2021-5", "WP05", "spot-check", "2021-H2", "jw",
    //              ["u%03d" % i for i in range(1, 201)], "12.5")
    let golden = [
        "u006", "u190", "u111", "u009", "u079", "u179", "u109", "u131", "u054", "u070", "u182",
        "u155", "u112", "u049", "u172", "u062", "u195", "u027", "u036", "u180", "u016", "u095",
        "u161", "u028", "u188",
    ];
    assert_eq!(
        read(&repo, "units/jw.yaml"),
        format!(
            "unit: jw\nsamples:\n{}",
            entry("WP05", "spot-check", "2021-H2", 200, &golden)
        )
    );
    assert!(
        run.stdout.starts_with(
            "units/jw.yaml:3: drew WP05/spot-check 2021-H2: 25 of 200 units — u006 (单位006), u190 (单位190),"
        ),
        "{}",
        run.stdout
    );
}

/// The draw of the 3-samples fixture, written there by hand from a separate
/// Python computation, is what the command writes.
#[test]
fn the_fixtures_draw_is_what_the_command_writes() {
    let fixture = common::root().join("tests/fixtures/format11/3-samples");
    let mut repo = Repo::bare();
    for rel in ["ledger.toml", "plan/plan.yaml", "units/zzb.yaml"] {
        repo = repo.bytes(rel, &std::fs::read(fixture.join(rel)).expect("fixture"));
    }
    let written = read(&repo, "units/zzb.yaml");
    let (records, _) = written.split_once("samples:").expect("samples");
    repo.write("units/zzb.yaml", records);
    ok(&sample(
        repo.path(),
        &["cadre-check", "--date", "2021-09-10"],
    ));
    let without_comments: String = written
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(read(&repo, "units/zzb.yaml"), without_comments);
}

/// The sample ledgers' way: a committed repository, `git diff` after.
fn m20_in_git(cadre_share: &str) -> GitRepo {
    let repo = GitRepo::new("ledgers");
    repo.write("ledger.toml", TOML)
        .write("plan/plan.yaml", &m20_plan(cadre_share, "[zzb]"))
        .write("units/zzb.yaml", ZZB)
        .write("../.gitignore", ".ledger.lock\n");
    repo.commit("2021-09-01");
    repo
}

/// The lines `git diff` shows as added or removed.
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

#[test]
fn a_second_run_draws_nothing_and_leaves_the_bytes() {
    let repo = m20_in_git("10%");
    let args = [
        "sample",
        "--repo",
        "ledgers",
        "cadre-check",
        "--date",
        "2021-09-10",
        "--lang",
        "en",
    ];
    ok(&repo.ledger(&args));
    assert_eq!(
        repo.git(&["diff", "--numstat"]),
        "7\t0\tledgers/units/zzb.yaml"
    );
    assert_eq!(
        changed_lines(&repo),
        [
            "+samples:",
            "+  - ref: M20",
            "+    obligation: cadre-check",
            "+    period: \"2021\"",
            "+    date: 2021-09-10",
            "+    population: 20",
            "+    targets: [c07, c09]",
        ]
    );
    let before = files(&repo.root());
    // A later day, the same window: found, not drawn again.
    let mut again = args;
    again[5] = "2021-11-30";
    let second = repo.ledger(&again);
    ok(&second);
    assert_eq!(
        second.stdout,
        "units/zzb.yaml:8: M20/cadre-check 2021 was drawn on 2021-09-10, not drawn again: \
         2 of 20 people — c07 (郑某), c09 (冯某)\n"
    );
    assert_eq!(files(&repo.root()), before);
}

/// `principal-check` excludes what `cadre-check` drew: with `--all` it is
/// drawn second, from the 14 principals cadre-check left, although the plan
/// lists it first.
#[test]
fn besides_is_drawn_after_the_draw_it_excludes() {
    let repo = m20("30%");
    let run = sample(repo.path(), &["--all", "--date", "2021-09-10"]);
    ok(&run);
    // Python: cadre = draw("p", "M20", "cadre-check", "2021", "zzb", c01…c20, "30")
    //         draw("p", "M20", "principal-check", "2021", "zzb", c01…c20 - cadre, "10")
    // (without the exclusion, principal-check would draw c01 and c12).
    let cadre = ["c07", "c09", "c05", "c20", "c06", "c01"];
    let principal = ["c12", "c08"];
    assert_eq!(
        read(&repo, "units/zzb.yaml"),
        format!(
            "{ZZB}samples:\n{}{}",
            entry("M20", "cadre-check", "2021", 20, &cadre),
            entry("M20", "principal-check", "2021", 14, &principal)
        )
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("units/zzb.yaml:8: drew M20/cadre-check 2021: 6 of 20"));
    assert!(lines[1].starts_with("units/zzb.yaml:14: drew M20/principal-check 2021: 2 of 14"));
    let v = repo.check("2021-12-20", &[]).json();
    assert_eq!(v["diagnostics"], json!([]), "{:#}", v["diagnostics"]);
}

/// A plan-wide obligation is its own owner; its `besides` draw is the other
/// obligation's (ref = that obligation).
#[test]
fn plan_wide_besides() {
    let repo = Repo::bare()
        .file("ledger.toml", TOML)
        .file(
            "plan/plan.yaml",
            "plan: {id: pw, issued: 2021-01-01}
units:
  - {id: zzb, name: 组织部}
  - {id: b1, name: 局1, tags: [bureau]}
  - {id: b2, name: 局2, tags: [bureau]}
  - {id: b3, name: 局3, tags: [bureau]}
  - {id: b4, name: 局4, tags: [bureau]}
obligations:
  - {id: b-check, title: 再抽查, who: {units: [zzb]}, cover: {tags: [bureau]}, within: year, share: 50%, sample: true, besides: a-check}
  - {id: a-check, title: 抽查, who: {units: [zzb]}, cover: {tags: [bureau]}, within: year, share: 50%, sample: true}
",
        )
        .file("units/zzb.yaml", "unit: zzb\n");
    let run = sample(repo.path(), &["--all", "--date", "2021-09-10"]);
    ok(&run);
    // Python: draw("pw", "a-check", "a-check", "2021", "zzb", [b1…b4], "50") = b3, b1;
    //         draw("pw", "b-check", "b-check", "2021", "zzb", [b2, b4], "50") = b2.
    assert_eq!(
        read(&repo, "units/zzb.yaml"),
        format!(
            "unit: zzb\nsamples:\n{}{}",
            entry("a-check", "a-check", "2021", 4, &["b3", "b1"]),
            entry("b-check", "b-check", "2021", 2, &["b2"])
        )
    );
    assert_eq!(
        run.stdout,
        "units/zzb.yaml:3: drew a-check 2021: 2 of 4 units — b3 (局3), b1 (局1)\n\
         units/zzb.yaml:9: drew b-check 2021: 1 of 2 units — b2 (局2)\n"
    );
    let v = repo.check("2021-12-20", &[]).json();
    assert_eq!(v["diagnostics"], json!([]), "{:#}", v["diagnostics"]);
}

/// What a case changes in the repository before the run.
type Setup = Box<dyn Fn(&Repo)>;

/// Every refusal exits 2, says why on stderr, prints nothing on stdout and
/// leaves every file byte for byte.
#[test]
fn refusals_leave_every_file_as_it_was() {
    let with_error = ZZB.replace("items: []", "items: []\nclerk: [not, text]");
    let cases: Vec<(&str, &[&str], Setup, &str)> = vec![
        (
            "besides not drawn",
            &["M20/principal-check", "--date", "2021-09-10"],
            Box::new(|_| {}),
            "M20/cadre-check is not drawn for that window yet; draw it first, or both at once: \
             ledger sample M20/cadre-check M20/principal-check",
        ),
        (
            "period not a window",
            &["cadre-check", "--period", "2021-H2", "--date", "2021-09-10"],
            Box::new(|_| {}),
            "--period 2021-H2 is not a window of M20/cadre-check, whose windows are by within: \
             year, such as 2021",
        ),
        (
            "the ledger has errors",
            &["cadre-check"],
            Box::new(move |r: &Repo| {
                r.write("units/zzb.yaml", &with_error);
            }),
            "units/zzb.yaml already has errors (shown above)",
        ),
        (
            "no ledger",
            &["cadre-check"],
            Box::new(|r: &Repo| {
                r.remove("units/zzb.yaml");
            }),
            "units/zzb.yaml does not exist; create it with `ledger new unit zzb`",
        ),
        (
            "unknown obligation",
            &["cadre-chek"],
            Box::new(|_| {}),
            "no sample obligation (sample: true) is named `cadre-chek`; did you mean `cadre-check`?",
        ),
        (
            "not a party",
            &["cadre-check", "--unit", "jw"],
            Box::new(|_| {}),
            "`jw` is not bound by M20/cadre-check",
        ),
        (
            "no obligation and no --all",
            &[],
            Box::new(|_| {}),
            "the following required arguments were not provided",
        ),
        (
            "both",
            &["cadre-check", "--all"],
            Box::new(|_| {}),
            "cannot be used with",
        ),
        (
            "a date that is not one",
            &["cadre-check", "--date", "2021/9/10"],
            Box::new(|_| {}),
            "did you mean 2021-09-10?",
        ),
        // Two parties; jw's ledger has an error: zzb's draws are not written either.
        (
            "one of two ledgers has errors",
            &["--all", "--date", "2021-09-10"],
            Box::new(|r: &Repo| {
                r.write("plan/plan.yaml", m20_plan("10%", "[zzb, jw]"));
                r.write("units/jw.yaml", "unit: jw\nrecords: [{id: j1}]\n");
            }),
            "units/jw.yaml already has errors (shown above)",
        ),
    ];
    for (what, args, setup, says) in cases {
        let repo = m20("10%");
        setup(&repo);
        let before = files(repo.path());
        let mut all = args.to_vec();
        all.extend(["--lang", "en"]);
        let run = sample(repo.path(), &all);
        assert_eq!(run.status, 2, "{what}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{what}");
        assert!(run.stderr.contains(says), "{what}:\n{}", run.stderr);
        assert_eq!(files(repo.path()), before, "{what}");
    }
    // Usage errors are in the user's language too.
    let repo = m20("10%");
    let run = sample(repo.path(), &["--lang", "zh"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .starts_with("错误：缺少必需的参数 <OBLIGATION|--all>"),
        "{}",
        run.stderr
    );
    let run = sample(
        repo.path(),
        &[
            "cadre-check",
            "--period",
            "2021-Q3",
            "--date",
            "2021-09-10",
            "--lang",
            "zh",
        ],
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "ledger: --period 2021-Q3 不是 M20/cadre-check 的期间：它按 within: year 划分，如 2021\n"
    );
}

/// `--unit` draws for that party only; a clerk's `LEDGER_UNIT` stands for
/// it, as in every clerk command.
#[test]
fn unit_limits_the_parties() {
    let by_option: &[&str] = &["--all", "--unit", "jw", "--date", "2021-09-10"];
    let by_env: &[&str] = &["--all", "--date", "2021-09-10"];
    for (args, env) in [(by_option, &[][..]), (by_env, &[("LEDGER_UNIT", "jw")][..])] {
        let repo = m20("10%")
            .file("plan/plan.yaml", &m20_plan("10%", "[zzb, jw]"))
            .file("units/jw.yaml", "unit: jw\n");
        let mut all = vec!["sample"];
        all.extend_from_slice(args);
        let run = common::run_env(repo.path(), &all, env);
        ok(&run);
        assert_eq!(read(&repo, "units/zzb.yaml"), ZZB);
        assert!(
            run.stdout.lines().all(|l| l.starts_with("units/jw.yaml:")),
            "{}",
            run.stdout
        );
        assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    }
}

/// A `.yml` ledger with a BOM and CRLF line ends keeps all three.
#[test]
fn crlf_bom_and_yml_are_kept() {
    let crlf = ZZB.replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    let repo = Repo::bare()
        .file("ledger.toml", TOML)
        .file("plan/plan.yaml", &m20_plan("10%", "[zzb]"))
        .bytes("units/zzb.yml", &bytes);
    let run = sample(repo.path(), &["cadre-check", "--date", "2021-09-10"]);
    ok(&run);
    assert!(
        run.stdout.starts_with("units/zzb.yml:8: "),
        "{}",
        run.stdout
    );
    let mut want = bytes.clone();
    want.extend_from_slice(
        format!(
            "samples:\n{}",
            entry("M20", "cadre-check", "2021", 20, &["c07", "c09"])
        )
        .replace('\n', "\r\n")
        .as_bytes(),
    );
    assert_eq!(
        std::fs::read(repo.join("units/zzb.yml")).expect("read"),
        want
    );
}

/// After the draws, `check` is clean and scores the drawn targets:
/// cadre-check's c07 is covered by z1, c09 is missing; principal-check drew
/// c01 and c12 of the 18 left (Python, as above, at 10%).
#[test]
fn check_reads_the_draws_back() {
    let repo = m20("10%");
    ok(&sample(repo.path(), &["--all", "--date", "2021-09-10"]));
    let v = repo.check("2021-12-20", &[]).json();
    assert_eq!(v["diagnostics"], json!([]), "{:#}", v["diagnostics"]);
    let gaps: Vec<Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["category"] == "gap")
        .map(|f| {
            json!({"obligation": f["obligation"], "have": f["have"], "need": f["need"],
                   "missing": f["missing"], "drawn": f["drawn"]})
        })
        .collect();
    assert_eq!(
        gaps,
        [
            json!({"obligation": "cadre-check", "have": 1, "need": 2, "missing": ["c09"], "drawn": true}),
            json!({"obligation": "principal-check", "have": 0, "need": 2, "missing": ["c01", "c12"], "drawn": true}),
        ]
    );
}

/// What the clerk sees, in both languages: a draw written, then a run that
/// finds it and draws the one besides it.
#[test]
fn output_in_chinese_and_english() {
    for lang in ["zh", "en"] {
        let repo = m20("10%");
        let first = sample(
            repo.path(),
            &["cadre-check", "--date", "2021-09-10", "--lang", lang],
        );
        ok(&first);
        let second = sample(
            repo.path(),
            &["--all", "--date", "2021-09-12", "--lang", lang],
        );
        ok(&second);
        insta::assert_snapshot!(
            format!("output_{lang}"),
            format!(
                "$ ledger sample cadre-check --date 2021-09-10\n{}\
                 $ ledger sample --all --date 2021-09-12\n{}",
                first.stdout, second.stdout
            )
        );
    }
}
