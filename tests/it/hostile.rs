//! Hostile input: whatever the bytes, `ledger check` ends in diagnostics — never
//! a panic, a hang or running out of memory (spec §1, §7).
//!
//! Each test builds a small repository in a temporary folder, breaks one thing,
//! runs the built binary (`check --repo DIR --as-of 2019-01-15 --format json`),
//! and asserts the exit status, that stdout is JSON, and the exact code, file
//! and line of every diagnostic. Every run is repeated with the human format,
//! which must not panic either and must exit the same way. Messages are asked
//! for in English (`LEDGER_LANG=en`) so they can be matched.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{self, Repo};

const CONFIG: &str = "[check]\ndue_soon_days = 14\n";

const PLAN: &str = "\
plan:
  id: p
  issued: 2018-04-19
units:
  - {id: jw, name: 区纪委}
  - {id: zzb, name: 区委组织部}
points:
  - {id: WP01, title: 全面履行党内监督职责, lead: [jw]}
  - {id: WP02, title: 加强干部监督, lead: [zzb]}
";

const JW: &str = "\
unit: jw
records:
  - {id: a1, date: 2018-05-01, ref: WP01, kind: meeting, title: 专题会议}
";

/// zzb has an item due 2019-02-05: 21 days after the evaluation date, so it is
/// `due-soon` with the default of 30 days but not with the configured 14.
const ZZB: &str = "\
unit: zzb
records:
  - {id: z1, date: 2018-06-01, ref: WP02, kind: ledger, title: 领导干部管理监督台账}
items:
  - {id: T-1, kind: task, ref: WP02, title: 交办事项, opened: 2018-12-01, due: 2019-02-05}
";

/// Generous: debug builds are slow, and tests run side by side. A hang or a
/// runaway allocation is what this catches, not a slow second.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A valid repository with no diagnostics and no findings.
fn valid() -> Repo {
    let repo = Repo::bare();
    repo.write("ledger.toml", CONFIG)
        .write("plan/plan.yaml", PLAN)
        .write("units/jw.yaml", JW)
        .write("units/zzb.yaml", ZZB);
    repo
}

fn check(repo: &Repo) -> Outcome {
    run(repo.path(), TIMEOUT)
}

/// For inputs that are merely big: a debug build takes seconds per 10 MB.
fn check_within(repo: &Repo, timeout: Duration) -> Outcome {
    run(repo.path(), timeout)
}

/// `ledger check` in one format: exit status, stdout. Panics on a hang, a
/// signal or a panic.
fn run_format(root: &Path, format: &str, timeout: Duration) -> (i32, Vec<u8>) {
    let started = Instant::now();
    let output = common::ledger(root)
        .args(["check", "--repo"])
        .arg(root)
        .args(["--as-of", "2019-01-15", "--format", format])
        .env("LEDGER_LANG", "en")
        .timeout(timeout)
        .output()
        .expect("the ledger binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let Some(status) = output.status.code() else {
        panic!(
            "ledger --format {format} did not finish (killed after {:?}: hang, or a signal): {}\n{stderr}",
            started.elapsed(),
            output.status
        );
    };
    assert!(
        !stderr.contains("panicked") && status != 101,
        "ledger --format {format} panicked (exit {status}):\n{stderr}"
    );
    (status, output.stdout)
}

fn run(root: &Path, timeout: Duration) -> Outcome {
    let (status, stdout) = run_format(root, "json", timeout);
    let (human_status, human) = run_format(root, "human", timeout);
    assert_eq!(
        human_status,
        status,
        "the human format exits like JSON:\n{}",
        String::from_utf8_lossy(&human)
    );
    let json: Value = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}), exit {status}:\n{}",
            String::from_utf8_lossy(&stdout)
        )
    });
    Outcome { status, json }
}

struct Outcome {
    status: i32,
    json: Value,
}

impl Outcome {
    fn diagnostics(&self) -> &[Value] {
        self.json["diagnostics"].as_array().expect("diagnostics")
    }

    /// `(code, file, line)` of every diagnostic, in output order.
    fn located(&self) -> Vec<(String, String, u64)> {
        self.diagnostics()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().expect("code").to_owned(),
                    d["file"].as_str().unwrap_or("<none>").to_owned(),
                    d["line"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    }

    /// Exactly these diagnostics, and the exit status that goes with them.
    #[track_caller]
    fn assert_diagnostics(&self, expected: &[(&str, &str, u64)]) {
        let expected: Vec<(String, String, u64)> = expected
            .iter()
            .map(|&(c, f, l)| (c.to_owned(), f.to_owned(), l))
            .collect();
        assert_eq!(self.located(), expected, "{:#}", self.json["diagnostics"]);
        let errors = self
            .diagnostics()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count();
        assert_eq!(self.json["summary"]["errors"], errors);
        if errors > 0 {
            assert_eq!(self.status, 2, "errors mean exit 2");
        }
    }

    /// The one diagnostic with this code.
    #[track_caller]
    fn the(&self, code: &str) -> &Value {
        let found: Vec<&Value> = self
            .diagnostics()
            .iter()
            .filter(|d| d["code"] == code)
            .collect();
        assert_eq!(found.len(), 1, "one {code}: {:#}", self.json["diagnostics"]);
        found[0]
    }

    fn findings(&self) -> &[Value] {
        self.json["findings"].as_array().expect("findings")
    }
}

/// Message and help together, for "the message says …" checks.
fn words(d: &Value) -> String {
    format!(
        "{} {}",
        d["message"].as_str().unwrap_or(""),
        d["help"].as_str().unwrap_or("")
    )
}

/// Deterministic bytes (an LCG), so a failure reproduces.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 56) as u8
        })
        .collect()
}

#[test]
fn baseline_repository_is_clean() {
    let out = check(&valid());
    out.assert_diagnostics(&[]);
    assert_eq!(out.status, 0);
    assert_eq!(out.findings(), &[] as &[Value]);
}

// ---- encodings and line ends ------------------------------------------------

#[test]
fn gbk_encoded_unit_file_is_an_encoding_error_at_the_first_bad_byte() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(JW);
    assert!(!unmappable);
    let repo = valid();
    repo.write("units/jw.yaml", &gbk);
    let out = check(&repo);
    out.assert_diagnostics(&[("encoding", "units/jw.yaml", 3)]);
    let d = out.the("encoding");
    // Line 3 is `  - {id: a1, …, title: 专题会议}`. 专 is GBK D7 A8, which happens
    // to be valid UTF-8 (one character, U+05E8); 题 (CC E2) is not: the 66th character.
    assert_eq!(d["column"], 66);
    let text = words(d);
    assert!(text.contains("GB18030") && text.contains("GBK"), "{text}");
    assert!(text.contains("iconv"), "{text}");
    // A ledger with an error gets no findings; the other ledger is still checked.
    assert!(out.findings().iter().all(|f| f["unit"] != "jw"));
}

#[test]
fn utf8_bom_is_accepted() {
    let repo = valid();
    repo.write("units/jw.yaml", format!("\u{FEFF}{JW}"))
        .write("plan/plan.yaml", format!("\u{FEFF}{PLAN}"))
        .write("ledger.toml", format!("\u{FEFF}{CONFIG}"));
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    assert_eq!(out.status, 0);
}

#[test]
fn utf8_bom_does_not_shift_columns() {
    let repo = valid();
    repo.write("units/jw.yaml", "\u{FEFF}unit: jwx\nrecords: []\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("unit-mismatch", "units/jw.yaml", 1)]);
    assert_eq!(out.the("unit-mismatch")["column"], 7);
}

#[test]
fn crlf_line_ends_are_accepted() {
    let repo = valid();
    repo.write("units/jw.yaml", JW.replace('\n', "\r\n"))
        .write("units/zzb.yaml", ZZB.replace('\n', "\r\n"))
        .write("plan/plan.yaml", PLAN.replace('\n', "\r\n"))
        .write("ledger.toml", CONFIG.replace('\n', "\r\n"));
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    assert_eq!(out.status, 0);
}

#[test]
fn crlf_line_ends_keep_diagnostics_on_the_right_line() {
    let repo = valid();
    let broken = JW.replace("meeting", "meetting").replace('\n', "\r\n");
    repo.write("units/jw.yaml", broken);
    let out = check(&repo);
    out.assert_diagnostics(&[("unknown-kind", "units/jw.yaml", 3)]);
    assert_eq!(out.the("unknown-kind")["column"], 49);
}

/// Regression: the YAML parser treats a lone CR (classic Mac line ends) as a line
/// break, and locations were computed as if the file had one line.
#[test]
fn lone_cr_line_ends_keep_diagnostics_on_the_right_line() {
    let repo = valid();
    let broken = JW.replace("meeting", "meetting").replace('\n', "\r");
    repo.write("units/jw.yaml", broken);
    let out = check(&repo);
    out.assert_diagnostics(&[("unknown-kind", "units/jw.yaml", 3)]);
    assert_eq!(out.the("unknown-kind")["column"], 49);
}

#[test]
fn utf16_file_is_an_encoding_error() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(JW.encode_utf16().flat_map(u16::to_le_bytes));
    let repo = valid();
    repo.write("units/jw.yaml", utf16);
    let out = check(&repo);
    out.assert_diagnostics(&[("encoding", "units/jw.yaml", 1)]);
    assert_eq!(out.the("encoding")["column"], 1);
}

/// Regression (found by the fuzzer): the encoding diagnostic spanned one byte,
/// inside the U+FFFD that replaces the bad byte in the text, and the human
/// renderer panicked slicing there: every non-UTF-8 file crashed `ledger check`.
#[test]
fn non_utf8_file_renders_in_the_human_format() {
    let repo = valid();
    repo.write("units/jw.yaml", b"unit: jw\nclerk: \xed \nrecords: []\n");
    let (status, out) = run_format(repo.path(), "human", TIMEOUT);
    assert_eq!(status, 2);
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains("units/jw.yaml:2:8: error[encoding]"), "{out}");
}

#[test]
fn binary_garbage_is_an_encoding_error() {
    // An ELF header (NUL bytes included), then noise.
    let mut garbage = b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe".to_vec();
    garbage.extend(noise(4096, 7));
    let repo = valid();
    repo.write("units/jw.yaml", &garbage)
        .write("plan/extra.yaml", noise(1000, 8));
    let out = check(&repo);
    let extra_bad = std::str::from_utf8(&noise(1000, 8))
        .expect_err("noise is not UTF-8")
        .valid_up_to();
    assert_eq!(extra_bad, 0, "the noise starts with a bad byte");
    out.assert_diagnostics(&[
        ("encoding", "plan/extra.yaml", 1),
        ("encoding", "units/jw.yaml", 1),
    ]);
    let d = &out.diagnostics()[1];
    // `\x7fELF\x02\x01\x01\x00\x00\x00` is valid UTF-8; `\xff` is the 11th byte.
    assert_eq!(d["column"], 11);
    assert!(words(d).contains("binary"), "{d:#}");
    // A plan file that cannot be read stops findings altogether.
    assert_eq!(out.findings(), &[] as &[Value]);
}

#[test]
fn nul_byte_in_utf8_text_is_a_yaml_syntax_error() {
    let repo = valid();
    repo.write("units/jw.yaml", "unit: jw\nclerk: 王\0某\nrecords: []\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 2)]);
    assert_eq!(out.the("yaml-syntax")["column"], 9);
}

// ---- YAML syntax ------------------------------------------------------------

#[test]
fn tabs_in_indentation_are_a_yaml_syntax_error_with_a_hint() {
    let repo = valid();
    repo.write("units/jw.yaml", JW.replace("  - {", "\t- {"));
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 3)]);
    let help = out.the("yaml-syntax")["help"].as_str().unwrap_or("");
    assert!(help.contains("tabs"), "{help}");
}

#[test]
fn duplicate_keys_are_a_yaml_syntax_error_at_the_second_key() {
    let repo = valid();
    repo.write("units/jw.yaml", format!("{JW}unit: zzb\n"));
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 4)]);
    let d = out.the("yaml-syntax");
    assert_eq!(d["column"], 1);
    assert!(words(d).contains("`unit`"), "{d:#}");
}

/// Regression: each key was compared with every earlier key of its mapping, so a
/// mapping with 100,000 keys (a 1 MB file) took minutes.
#[test]
fn many_keys_in_one_mapping_are_checked_in_linear_time() {
    let mut text = String::from("unit: jw\nrecords: []\nclerk:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  k{i}: 1\n"));
    }
    text.push_str("  k7: 2\n");
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let out = check(&repo);
    out.assert_diagnostics(&[
        ("invalid-value", "units/jw.yaml", 4),
        ("yaml-syntax", "units/jw.yaml", 100_004),
    ]);
}

#[test]
fn second_yaml_document_is_reported_and_ignored() {
    let repo = valid();
    repo.write("units/jw.yaml", format!("{JW}---\nunit: zzb\nrubbish: [\n"));
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 4)]);
    assert!(words(out.the("yaml-syntax")).contains("second YAML document"));
}

#[test]
fn unknown_alias_is_a_yaml_syntax_error() {
    let repo = valid();
    repo.write("units/jw.yaml", "unit: jw\nrecords: *nothing\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 2)]);
}

// ---- shapes -----------------------------------------------------------------

#[test]
fn empty_unit_file_lacks_its_unit_key() {
    let repo = valid();
    repo.write("units/jw.yaml", "");
    let out = check(&repo);
    out.assert_diagnostics(&[("missing-field", "units/jw.yaml", 1)]);
    assert_eq!(out.the("missing-field")["column"], 1);
}

#[test]
fn comment_only_unit_file_lacks_its_unit_key() {
    let repo = valid();
    repo.write("units/jw.yaml", "# 待补\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("missing-field", "units/jw.yaml", 1)]);
}

#[test]
fn empty_plan_file_is_accepted() {
    let repo = valid();
    repo.write("plan/empty.yaml", "");
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    assert_eq!(out.status, 0);
}

#[test]
fn unit_file_that_is_a_list_is_an_invalid_value() {
    let repo = valid();
    repo.write("units/jw.yaml", "- unit: jw\n- records: []\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("invalid-value", "units/jw.yaml", 1)]);
    assert!(words(out.the("invalid-value")).contains("list"));
}

#[test]
fn scalar_only_unit_file_is_an_invalid_value() {
    let repo = valid();
    repo.write("units/jw.yaml", "jw\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("invalid-value", "units/jw.yaml", 1)]);
}

/// A plan file whose top level is not a mapping defines nothing that can be
/// known: like a plan that cannot be parsed, it stops findings, and the ledgers'
/// refs and units are not reported against it (§7).
#[test]
fn plan_file_that_is_a_list_stops_findings_without_cascading() {
    let repo = valid();
    repo.write(
        "plan/plan.yaml",
        format!("- {}", PLAN.replace('\n', "\n  ")),
    );
    let out = check(&repo);
    out.assert_diagnostics(&[("invalid-value", "plan/plan.yaml", 1)]);
    assert_eq!(out.findings(), &[] as &[Value]);
}

#[test]
fn scalar_only_plan_file_stops_findings_without_cascading() {
    let repo = valid();
    repo.write("plan/plan.yaml", "越党廉〔2018〕3号\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("invalid-value", "plan/plan.yaml", 1)]);
    assert_eq!(out.findings(), &[] as &[Value]);
}

#[test]
fn unparsable_plan_file_stops_findings_without_cascading() {
    let repo = valid();
    repo.write(
        "plan/plan.yaml",
        PLAN.replace("  - {id: WP01", "\t- {id: WP01"),
    );
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "plan/plan.yaml", 8)]);
    assert_eq!(out.findings(), &[] as &[Value]);
}

// ---- limits -----------------------------------------------------------------

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut text =
        String::from("unit: jw\nrecords: []\nclerk:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let row = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("  a{i}: &a{i} [{row}]\n"));
    }
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let started = Instant::now();
    let out = check(&repo);
    // Lines 5-7 add 12,330 nodes; each *a3 adds 11,111: the 8th on line 8 passes 100,000.
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 8)]);
    assert!(words(out.the("yaml-syntax")).contains("100000"));
    assert!(started.elapsed() < TIMEOUT);
}

/// Regression: the alias budget counted nodes only, so aliases of one long
/// scalar copied it without limit (300 aliases of 1 MB: 300 MB; 100,000: 100 GB).
#[test]
fn aliases_copying_a_long_scalar_are_refused() {
    let long = "x".repeat(1 << 20);
    let aliases = vec!["*x"; 300].join(", ");
    let text = format!("unit: jw\nclerk: &x {long}\nrecords: []\nnote: [{aliases}]\n");
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 4)]);
    assert!(words(out.the("yaml-syntax")).contains("256 MB"));
}

/// Regression: every anchor kept its own copy of its node, so anchors nested 70
/// deep around a 4 MB scalar held 280 MB (100 deep around 200 MB: 20 GB).
#[test]
fn nested_anchors_copying_a_long_scalar_are_refused() {
    let depth = 70;
    let open: String = (0..depth).map(|i| format!("&a{i} [")).collect();
    let text = format!(
        "unit: jw\nrecords: []\nclerk: {open}{}{}\n",
        "x".repeat(4 << 20),
        "]".repeat(depth)
    );
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 3)]);
    assert!(words(out.the("yaml-syntax")).contains("256 MB"));
}

#[test]
fn small_aliases_are_accepted() {
    let repo = valid();
    repo.write(
        "plan/plan.yaml",
        PLAN.replace("lead: [jw]", "lead: &leads [jw]").replace(
            "lead: [zzb]}",
            "lead: [zzb]}\n  - {id: WP03, title: 第三点, lead: *leads}",
        ),
    );
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    // WP03's lead is jw, through the alias: jw has no record on it.
    let gaps: Vec<&Value> = out
        .findings()
        .iter()
        .filter(|f| f["ref"] == "WP03")
        .collect();
    assert_eq!(gaps.len(), 1, "{:#}", out.json["findings"]);
    assert_eq!(gaps[0]["unit"], "jw");
    assert_eq!(gaps[0]["type"], "no-records");
}

/// A record copied by an alias is a second record with the same id, where the
/// alias is written: before, the copy kept the anchor's place, the in-file
/// check took it for the first definition, and the one record counted twice.
#[test]
fn record_copied_by_an_alias_is_a_duplicate_id_at_the_alias() {
    let repo = valid();
    repo.write(
        "units/jw.yaml",
        JW.replace("  - {id: a1", "  - &a {id: a1") + "  - *a\n",
    );
    let out = check(&repo);
    out.assert_diagnostics(&[("duplicate-id", "units/jw.yaml", 4)]);
    assert_eq!(out.the("duplicate-id")["column"], 5);
    assert_eq!(out.status, 2);
}

/// A point copied by an alias is a duplicate point id, at the alias.
#[test]
fn point_copied_by_an_alias_is_a_duplicate_id_at_the_alias() {
    let repo = valid();
    repo.write(
        "plan/plan.yaml",
        PLAN.replace("  - {id: WP02", "  - &p {id: WP02") + "  - *p\n",
    );
    let out = check(&repo);
    out.assert_diagnostics(&[("duplicate-id", "plan/plan.yaml", 10)]);
}

/// `<<` is not a merge key in YAML 1.2: an unknown field, nothing worse.
#[test]
fn merge_key_is_an_unknown_field() {
    let repo = valid();
    repo.write(
        "units/jw.yaml",
        "unit: jw\nrecords:\n  - &r {id: a1, date: 2018-05-01, ref: WP01, kind: meeting, title: 专题会议}\n  - {<<: *r, id: a2}\n",
    );
    let out = check(&repo);
    // So the record lacks what the merge would have brought: date, kind, ref, title.
    let mut expected = vec![("missing-field", "units/jw.yaml", 4); 4];
    expected.push(("unknown-field", "units/jw.yaml", 4));
    out.assert_diagnostics(&expected);
}

#[test]
fn deep_flow_nesting_is_refused() {
    let depth = 100_000;
    let text = format!(
        "unit: jw\nrecords: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 2)]);
    assert!(words(out.the("yaml-syntax")).contains("100 levels"));
}

#[test]
fn deep_block_nesting_is_refused() {
    let mut text = String::from("unit: jw\nrecords: []\nclerk:\n");
    for i in 1..=1000 {
        text.push_str(&" ".repeat(i));
        text.push_str("k:\n");
    }
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let out = check(&repo);
    // The root mapping is level 1; the first `k:` (line 4) opens level 2, so
    // level 101 opens on line 103.
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 103)]);
    assert!(words(out.the("yaml-syntax")).contains("100 levels"));
}

#[test]
fn deep_block_sequence_nesting_is_refused() {
    let mut text = String::from("unit: jw\nrecords:\n");
    for i in 1..=1000 {
        text.push_str(&" ".repeat(i));
        text.push_str("-\n");
    }
    let repo = valid();
    repo.write("units/jw.yaml", text);
    let out = check(&repo);
    // The root mapping is level 1; the first `-` (line 3) opens level 2.
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 102)]);
}

#[test]
fn scalar_of_50_mb_is_accepted() {
    let repo = valid();
    let long = "专".repeat((50 << 20) / 3);
    repo.write(
        "units/jw.yaml",
        format!("unit: jw\nclerk: {long}\nrecords:\n  - {{id: a1, date: 2018-05-01, ref: WP01, kind: meetting, title: 专题会议}}\n"),
    );
    let out = check_within(&repo, Duration::from_secs(120));
    // Accepted: the one diagnostic is the deliberate typo after it, in the right place.
    out.assert_diagnostics(&[("unknown-kind", "units/jw.yaml", 4)]);
    assert_eq!(out.the("unknown-kind")["column"], 49);
}

#[test]
fn file_over_256_mb_is_refused_unread() {
    let repo = valid();
    // Sparse: nothing is written, but the size says 300 MB.
    let file = std::fs::File::create(repo.join("units/jw.yaml")).expect("create");
    file.set_len(300 << 20).expect("set_len");
    drop(file);
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 1)]);
    assert!(words(out.the("yaml-syntax")).contains("256 MB"));
}

// ---- ledger.toml ------------------------------------------------------------

#[test]
fn ledger_toml_that_is_not_toml_keeps_defaults_and_checks_the_rest() {
    let repo = valid();
    repo.write("ledger.toml", "this is [not toml\ndue_soon_days = = 14\n")
        .write("units/jw.yaml", JW.replace("meeting", "meetting"));
    let out = check(&repo);
    out.assert_diagnostics(&[
        ("toml-syntax", "ledger.toml", 1),
        ("unknown-kind", "units/jw.yaml", 3),
    ]);
    // Defaults apply: due_soon_days is 30, not 14, so zzb's item due in 21 days
    // is due soon.
    let due_soon: Vec<&Value> = out
        .findings()
        .iter()
        .filter(|f| f["category"] == "due-soon")
        .collect();
    assert_eq!(due_soon.len(), 1, "{:#}", out.json["findings"]);
    assert_eq!(due_soon[0]["item"], "T-1");
    assert_eq!(due_soon[0]["days_left"], 21);
}

#[test]
fn ledger_toml_as_binary_garbage_is_an_encoding_error() {
    let repo = valid();
    repo.write("ledger.toml", noise(512, 11));
    let out = check(&repo);
    out.assert_diagnostics(&[("encoding", "ledger.toml", 1)]);
}

// ---- repository layout ------------------------------------------------------

#[test]
fn unit_file_of_an_unregistered_unit_is_unknown_unit() {
    let repo = valid();
    repo.write("units/ghost.yaml", "unit: ghost\nrecords: []\n");
    let out = check(&repo);
    out.assert_diagnostics(&[("unknown-unit", "units/ghost.yaml", 1)]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_a_diagnostic() {
    let repo = valid();
    std::os::unix::fs::symlink("b.yaml", repo.join("units/a.yaml")).expect("symlink");
    std::os::unix::fs::symlink("a.yaml", repo.join("units/b.yaml")).expect("symlink");
    let out = check(&repo);
    out.assert_diagnostics(&[
        ("yaml-syntax", "units/a.yaml", 1),
        ("yaml-syntax", "units/b.yaml", 1),
    ]);
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_a_diagnostic() {
    let repo = valid();
    std::os::unix::fs::symlink("nowhere.yaml", repo.join("units/jw.yaml.tmp")).expect("symlink");
    repo.remove("units/jw.yaml");
    std::fs::rename(repo.join("units/jw.yaml.tmp"), repo.join("units/jw.yaml")).expect("rename");
    let out = check(&repo);
    out.assert_diagnostics(&[("yaml-syntax", "units/jw.yaml", 1)]);
}

#[cfg(unix)]
#[test]
fn symlinked_ledger_is_read() {
    let repo = valid();
    repo.write("elsewhere/jw.yaml", JW).remove("units/jw.yaml");
    std::os::unix::fs::symlink("../elsewhere/jw.yaml", repo.join("units/jw.yaml"))
        .expect("symlink");
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    assert_eq!(out.status, 0);
}

#[test]
fn directory_named_like_a_yaml_file_is_ignored() {
    let repo = valid();
    std::fs::create_dir_all(repo.join("units/x.yaml/inner")).expect("mkdir");
    std::fs::create_dir_all(repo.join("plan/y.yaml")).expect("mkdir");
    repo.write("units/x.yaml/inner/z.yaml", "rubbish: [");
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    assert_eq!(out.status, 0);
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let repo = valid();
    let (gbk, _, _) = encoding_rs::GBK.encode(ZZB);
    repo.write("units/jw.yaml", JW.replace("  - {", "\t- {"))
        .write("units/zzb.yaml", &gbk)
        .write("units/ghost.yaml", "unit: ghost\nrecords: []\n")
        .write(
            "plan/more.yaml",
            "points:\n  - {id: WP03, title: 第三点, lead: [nosuch]}\n",
        )
        .write("ledger.toml", "[check\n");
    let out = check(&repo);
    out.assert_diagnostics(&[
        ("toml-syntax", "ledger.toml", 1),
        ("unknown-unit", "plan/more.yaml", 2),
        ("unknown-unit", "units/ghost.yaml", 1),
        ("yaml-syntax", "units/jw.yaml", 3),
        ("encoding", "units/zzb.yaml", 3),
    ]);
}

// ---- fuzz regressions -------------------------------------------------------

const FUZZ_CONFIG: &str = include_str!("../../fuzz/fixed/ledger.toml");
const FUZZ_PLAN: &str = include_str!("../../fuzz/fixed/plan.yaml");
const FUZZ_JW: &str = include_str!("../../fuzz/fixed/jw.yaml");
const FUZZ_ZZB: &str = include_str!("../../fuzz/fixed/zzb.yaml");

/// The repository the fuzz target (`fuzz/fuzz_targets/check.rs`) builds from
/// one input: the first byte's low two bits choose the layout; the rest is one
/// file, or two split at the first `\xFF\xFF`.
fn fuzz_repo(data: &[u8]) -> Repo {
    let repo = Repo::bare();
    let Some((&mode, rest)) = data.split_first() else {
        return repo;
    };
    let (a, b) = match rest.windows(2).position(|w| w == b"\xFF\xFF") {
        Some(i) => (&rest[..i], &rest[i + 2..]),
        None => (rest, &[][..]),
    };
    match mode & 3 {
        0 => repo
            .write("ledger.toml", FUZZ_CONFIG)
            .write("plan/plan.yaml", FUZZ_PLAN)
            .write("units/jw.yaml", rest)
            .write("units/zzb.yaml", FUZZ_ZZB),
        1 => repo
            .write("ledger.toml", FUZZ_CONFIG)
            .write("plan/extra.yaml", rest)
            .write("plan/plan.yaml", FUZZ_PLAN)
            .write("units/jw.yaml", FUZZ_JW)
            .write("units/zzb.yaml", FUZZ_ZZB),
        2 => repo
            .write("ledger.toml", FUZZ_CONFIG)
            .write("plan/plan.yaml", a)
            .write("units/jw.yaml", b),
        _ => repo
            .write("ledger.toml", a)
            .write("plan/plan.yaml", FUZZ_PLAN)
            .write("units/jw.yaml", b)
            .write("units/zzb.yaml", FUZZ_ZZB),
    };
    repo
}

/// Every input the fuzzer ever crashed on, kept under
/// `tests/fixtures/fuzz-regressions/`, now ends in diagnostics.
#[test]
fn fuzz_regressions_end_in_diagnostics() {
    let dir = common::root().join("tests/fixtures/fuzz-regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz-regressions")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let data = std::fs::read(&input).expect("read");
        let out = check(&fuzz_repo(&data));
        let errors = out.json["summary"]["errors"].as_u64().expect("errors");
        assert!(
            errors > 0,
            "{}: every kept input is broken somehow",
            input.display()
        );
        assert_eq!(out.status, 2, "{}", input.display());
    }
}

/// The fixed files the fuzz target builds around its input are valid.
#[test]
fn fuzz_fixed_repository_is_valid() {
    let repo = fuzz_repo(b"\x00");
    repo.write("units/jw.yaml", FUZZ_JW);
    let out = check(&repo);
    out.assert_diagnostics(&[]);
    assert!(!out.findings().is_empty());
}
