//! Issue 10, forgiving input: every file found, every slip a clerk makes named
//! at its own line in their language, nothing dropped without a word. Each test
//! is named after the defect it guards.

use crate::common::{Repo, Run, UNITS, run_in};

const PLAN: &str = "plan: {id: p, issued: 2018-04-19}
points:
  - id: WP01
    title: 要点一
    lead: [jw, zzb]
";

fn repo() -> Repo {
    Repo::new()
        .file("plan/plan.yaml", PLAN)
        .file("plan/units.yaml", UNITS)
        .file("units/jw.yaml", "unit: jw\n")
}

/// The human output in `lang`, for the snapshots of messages.
fn human(r: &Repo, lang: &str) -> Run {
    let args: Vec<String> = [
        "check",
        "--repo",
        &r.path().display().to_string(),
        "--as-of",
        "2019-01-15",
        "--lang",
        lang,
        "--color",
        "never",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    run_in(r.path(), &args)
}

/// (severity, code, file) of each diagnostic.
fn sev_code_file(run: &Run) -> Vec<(String, String, String)> {
    run.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or_default().to_owned(),
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn triple(s: &str, c: &str, f: &str) -> (String, String, String) {
    (s.into(), c.into(), f.into())
}

#[test]
fn yml_and_upper_case_extensions_were_silently_ignored() {
    for name in ["units/zzb.yml", "units/zzb.YAML", "units/zzb.Yml"] {
        let r = repo().file(name, "unit: zzb\nrecords:\n  - {id: a, date: 2018-05-02, ref: WP99, kind: rules, title: 细则}\n");
        let run = r.check("2019-01-15", &[]);
        // The file is read: its unknown ref is reported, and zzb has no
        // "no ledger" gap.
        assert_eq!(
            sev_code_file(&run),
            vec![triple("error", "unknown-ref", name)],
            "{name}"
        );
        let no_ledger = run
            .findings()
            .iter()
            .filter(|f| f["unit"] == "zzb" && f["file"] != name)
            .count();
        assert_eq!(no_ledger, 0, "{name}: {}", run.stdout);
    }
    let plan = Repo::new()
        .file("plan/plan.YML", PLAN)
        .file("plan/units.yaml", UNITS)
        .file("units/jw.yaml", "unit: jw\n")
        .file("units/zzb.yaml", "unit: zzb\n");
    assert_eq!(sev_code_file(&plan.check("2019-01-15", &[])), vec![]);
}

/// `units/zzb.yml` beside `units/zzb.yaml` was read as zzb's ledger and the
/// other file's records dropped without a word (found while making audit
/// read `.yml`).
#[test]
fn two_ledger_files_for_one_unit_were_read_as_one() {
    let r = repo()
        .file("units/zzb.yaml", "unit: zzb\nrecords:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: rules, title: 细则}\n")
        .file("units/zzb.yml", "unit: zzb\nrecords:\n  - {id: b, date: 2018-06-02, ref: WP01, kind: ledger, title: 台账}\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        sev_code_file(&run),
        vec![triple("error", "duplicate-id", "units/zzb.yml")]
    );
    let v = run.json();
    assert_eq!(v["summary"]["units_not_evaluated"], 1);
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("units/zzb.yaml"),
        "{:#}",
        v["diagnostics"][0]
    );
}

#[test]
fn notepad_txt_extension_and_subfolders_were_silently_ignored() {
    let r = repo()
        .file("units/zzb.yaml.txt", "unit: zzb\n")
        .file("units/2019/jd-a.yaml", "unit: jd-a\n")
        .file("units/notes.txt", "not a ledger\n")
        .file("units/scans/a.pdf", "%PDF")
        .file("plan/extra.yml.txt", "points: []\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        sev_code_file(&run),
        vec![
            triple("warning", "yaml-syntax", "plan/extra.yml.txt"),
            triple("warning", "unknown-unit", "units/2019/jd-a.yaml"),
            triple("warning", "unknown-unit", "units/zzb.yaml.txt"),
        ]
    );
    insta::assert_snapshot!("look_alikes_en", human(&r, "en").stdout);
    insta::assert_snapshot!("look_alikes_zh", human(&r, "zh").stdout);
}

fn utf16le(text: &str) -> Vec<u8> {
    "\u{feff}"
        .encode_utf16()
        .chain(text.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[test]
fn notepad_unicode_file_was_called_binary() {
    let r = repo().bytes("units/zzb.yaml", &utf16le("unit: zzb\n"));
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        sev_code_file(&run),
        vec![triple("error", "encoding", "units/zzb.yaml")]
    );
    insta::assert_snapshot!("utf16_en", human(&r, "en").stdout);
    insta::assert_snapshot!("utf16_zh", human(&r, "zh").stdout);
}

#[test]
fn gbk_excerpt_was_mojibake_and_the_fix_only_iconv() {
    let (gbk, _, _) = encoding_rs::GBK.encode("unit: zzb\nclerk: 王某\n");
    let r = repo().bytes("units/zzb.yaml", &gbk);
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![("encoding".into(), "units/zzb.yaml".into(), 2, 8)]
    );
    insta::assert_snapshot!("gbk_en", human(&r, "en").stdout);
    insta::assert_snapshot!("gbk_zh", human(&r, "zh").stdout);
}

/// Each slip in a ledger, alone: the diagnostic's line and column, then the
/// human output in both languages.
fn slip(name: &str, body: &str, line: u64, col: u64) {
    slip_then(name, body, line, col, &[]);
}

/// [`slip`], with the diagnostics that rightly follow from it.
fn slip_then(name: &str, body: &str, line: u64, col: u64, then: &[(&str, u64, u64)]) {
    let r = repo().file("units/zzb.yaml", &format!("unit: zzb\nrecords:\n{body}"));
    let run = r.check("2019-01-15", &[]);
    let mut want: Vec<(String, String, u64, u64)> =
        vec![("yaml-syntax".into(), "units/zzb.yaml".into(), line, col)];
    want.extend(
        then.iter()
            .map(|(c, l, k)| ((*c).into(), "units/zzb.yaml".into(), *l, *k)),
    );
    want.sort_by_key(|d| (d.2, d.3));
    assert_eq!(run.diagnostics(), want, "{name}");
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!(name, both);
}

#[test]
fn tab_indentation_was_the_parsers_english_on_the_line_above() {
    slip(
        "slip_tab",
        "  - id: a\n    date: 2018-05-02\n\tref: WP01\n",
        5,
        1,
    );
}

#[test]
fn full_width_colon_was_simple_key_expect_colon_on_the_next_line() {
    slip(
        "slip_full_width_colon",
        "  - id: a\n    title：会议\n    date: 2018-05-02\n",
        4,
        10,
    );
}

#[test]
fn missing_space_after_colon_was_not_named() {
    slip(
        "slip_no_space",
        "  - id: a\n    date:2018-05-02\n    ref: WP01\n",
        4,
        9,
    );
}

#[test]
fn full_width_space_indentation_was_not_named() {
    // The record lacks its date for real (the key is `　　date`).
    slip_then(
        "slip_full_width_space",
        "  - id: a\n    ref: WP01\n    kind: rules\n    title: 细则\n\u{3000}\u{3000}date: 2018-05-02\n",
        7,
        1,
        &[("missing-field", 3, 5)],
    );
}

#[test]
fn chinese_kind_label_was_a_malformed_id() {
    let plan = "plan: {id: p, issued: 2018-04-19, requires: [台账]}
points:
  - id: WP01
    title: 要点一
    lead: [jw, zzb]
";
    let r = repo()
        .file("plan/plan.yaml", plan)
        .file("units/zzb.yaml", "unit: zzb\nrecords:\n  - {id: a, date: 2018-05-02, ref: WP01, kind: 会议, title: 会议记录}\n  - {id: b, date: 2018-05-03, ref: WP01, kind: meting, title: 会议记录}\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![
            ("unknown-kind".into(), "plan/plan.yaml".into(), 1, 46),
            ("unknown-kind".into(), "units/zzb.yaml".into(), 3, 48),
            ("unknown-kind".into(), "units/zzb.yaml".into(), 4, 48),
        ]
    );
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("kind_label", both);
}

#[test]
fn empty_units_registry_gave_a_cascade_of_unknown_unit() {
    let r = repo()
        .file("plan/units.yaml", "")
        .file("units/zzb.yaml", "unit: zzb\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![("missing-field".into(), "plan/units.yaml".into(), 1, 1)]
    );
    assert_eq!(run.status, 2);
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("empty_registry", both);
    // The shipped example with its registry emptied: one error, not 115.
    let dir = tempfile::tempdir().expect("temp");
    let copy = dir.path().join("ledgers");
    copy_dir(&crate::common::root().join("ledgers"), &copy);
    std::fs::write(copy.join("plan/units.yaml"), "").expect("empty the registry");
    let args: Vec<String> = [
        "check",
        "--repo",
        "ledgers",
        "--format",
        "json",
        "--as-of",
        "2019-06-01",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let j = run_in(dir.path(), &args).json();
    assert_eq!(j["summary"]["errors"], 1, "{:#}", j["diagnostics"]);
    assert_eq!(j["summary"]["warnings"], 0, "{:#}", j["diagnostics"]);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
}

#[test]
fn february_30_did_not_say_the_month_has_28_days_and_missing_field_mixed_languages() {
    let r = repo().file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: a, date: 2019-02-30, ref: WP01, kind: rules, title: 细则}\n  - {id: b, ref: WP01, kind: rules, title: 细则}\n",
    );
    let run = r.check("2019-06-01", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![
            ("invalid-date".into(), "units/zzb.yaml".into(), 3, 19),
            ("missing-field".into(), "units/zzb.yaml".into(), 4, 6),
        ]
    );
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("feb_30_and_missing_field", both);
}

#[test]
fn unit_with_a_file_error_was_dropped_without_a_word() {
    let r = repo().file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: a, date: 2018-13-01, ref: WP01, kind: rules, title: 细则}\n",
    );
    let run = r.check("2019-01-15", &[]);
    assert_eq!(run.json()["summary"]["units_not_evaluated"], 1);
    // Only zzb's gaps are missing: jw still has its gap.
    assert_eq!(run.json()["summary"]["gaps"], 1);
    let filtered = r.check("2019-01-15", &["--unit", "jw"]);
    assert_eq!(filtered.json()["summary"]["units_not_evaluated"], 0);
    let base = |format: &str| -> Vec<String> {
        [
            "check",
            "--repo",
            &r.path().display().to_string(),
            "--as-of",
            "2019-01-15",
            "--lang",
            "en",
            "--format",
            format,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let sarif = run_in(r.path(), &base("sarif")).json();
    assert_eq!(
        sarif["runs"][0]["properties"]["summary"]["units_not_evaluated"], 1,
        "{sarif:#}"
    );
    let github = run_in(r.path(), &base("github")).stdout;
    assert!(github.contains("; 1 unit not evaluated"), "{github}");
    let junit = run_in(r.path(), &base("junit")).stdout;
    assert!(
        junit.contains(r#"<property name="units_not_evaluated" value="1"/>"#),
        "{junit}"
    );
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("not_evaluated", both);
}

/// The `no-repo` message and help of `ledger check` run in `cwd` with `args`, in `lang`.
fn no_repo(cwd: &std::path::Path, repo: &str, lang: &str) -> (String, String) {
    let mut args: Vec<String> = ["check", "--format", "json", "--lang", lang]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if !repo.is_empty() {
        args.extend(["--repo".to_string(), repo.to_string()]);
    }
    let run = run_in(cwd, &args);
    assert_eq!(run.status, 2, "{}", run.stdout);
    let d = &run.json()["diagnostics"][0];
    assert_eq!(d["code"], "no-repo");
    let text = |k: &str| {
        let root = cwd.display().to_string();
        d[k].as_str().unwrap_or_default().replace(&root, "ROOT")
    };
    (text("message"), text("help"))
}

#[test]
fn no_repo_said_any_parent_when_repo_was_given_and_missing_when_it_was_a_folder() {
    let r = repo().file("units/.keep", "");
    let mut seen = Vec::new();
    for lang in ["en", "zh"] {
        seen.push(no_repo(r.path(), "units", lang));
        seen.push(no_repo(r.path(), "nowhere", lang));
        seen.push(no_repo(r.path(), "ledger.toml", lang));
    }
    let bare = Repo::bare().file("plan/x.yaml", "");
    std::fs::create_dir(bare.join("ledger.toml")).expect("a folder named ledger.toml");
    for lang in ["en", "zh"] {
        seen.push(no_repo(bare.path(), "", lang));
        seen.push(no_repo(bare.path(), ".", lang));
    }
    let fifo = Repo::bare();
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.join("ledger.toml"))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        for lang in ["en", "zh"] {
            seen.push(no_repo(fifo.path(), ".", lang));
        }
    }
    let text: String = seen.iter().map(|(m, h)| format!("{m}\n  {h}\n")).collect();
    insta::assert_snapshot!("no_repo", text);
}

#[test]
fn duplicate_id_in_another_file_disposal_on_a_task_and_quoted_number_were_misworded() {
    let other = "points:\n  - id: WP01\n    title: 重复\n    lead: [jw]\n";
    let r = repo()
        .file("ledger.toml", "[check]\ndue_soon_days = \"30\"\n")
        .file("plan/other.yaml", other)
        .file(
            "units/zzb.yaml",
            "unit: zzb\nitems:\n  - {id: i, kind: task, ref: WP01, title: 任务, opened: 2018-06-01, due: 2018-07-01, disposal: 谈话函询}\n",
        );
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![
            ("invalid-value".into(), "ledger.toml".into(), 2, 17),
            ("duplicate-id".into(), "plan/plan.yaml".into(), 3, 9),
            ("invalid-value".into(), "units/zzb.yaml".into(), 3, 94),
        ]
    );
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("issue13_messages", both);
}

#[test]
fn bad_date_hid_the_same_records_unknown_ref_and_target() {
    let r = repo().file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: a, date: 2018-13-01, ref: WP99, kind: 会议, title: 会议, target: jd-x}\nitems:\n  - {id: i, kind: task, ref: WP98, title: 任务, opened: 2018/6/1}\n",
    );
    let codes: Vec<String> = r
        .check("2019-01-15", &[])
        .diagnostics()
        .into_iter()
        .map(|d| format!("{}@{}:{}", d.0, d.2, d.3))
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-date@3:19",
            "unknown-ref@3:36",
            "unknown-kind@3:48",
            "unknown-unit@3:71",
            "unknown-ref@5:30",
            "invalid-date@5:55",
        ]
    );
}

#[test]
fn extension_without_reason_was_accepted_silently() {
    let r = repo().file(
        "units/zzb.yaml",
        "unit: zzb\nitems:\n  - id: i\n    kind: task\n    ref: WP01\n    title: 任务\n    opened: 2018-06-01\n    due: 2018-07-01\n    extensions:\n      - {date: 2018-06-20, due: 2018-08-01}\n",
    );
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        sev_code_file(&run),
        vec![triple("warning", "missing-field", "units/zzb.yaml")]
    );
    assert_eq!(run.diagnostics()[0].2, 10);
    // A warning: the unit is still evaluated (its item is overdue).
    assert_eq!(run.json()["summary"]["units_not_evaluated"], 0);
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("extension_no_reason", both);
}

#[test]
fn ref_suggestion_did_not_show_the_title_to_confirm() {
    let r = repo().file(
        "units/zzb.yaml",
        "unit: zzb\nrecords:\n  - {id: a, date: 2018-05-02, ref: WP02, kind: rules, title: 细则}\n",
    );
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("ref_title", both);
}

#[test]
fn unit_option_listed_one_of_several_equally_close_units_in_english_only() {
    let units = format!("{UNITS}  - {{id: zxb, name: 区委宣传部}}\n");
    let r = repo().file("plan/units.yaml", &units);
    let mut text = String::new();
    for lang in ["en", "zh"] {
        let args: Vec<String> = [
            "check",
            "--repo",
            &r.path().display().to_string(),
            "--unit",
            "zbb",
            "--lang",
            lang,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let run = run_in(r.path(), &args);
        assert_eq!(run.status, 2);
        text.push_str(&run.stderr);
    }
    insta::assert_snapshot!("unit_option_candidates", text);
}

#[test]
fn misnamed_unit_file_was_told_to_write_an_unregistered_id() {
    let r = repo().file("units/区委组织部.yaml", "unit: zzb\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![("unit-mismatch".into(), "units/区委组织部.yaml".into(), 1, 7)]
    );
    let mut both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    // And when units/zzb.yaml exists too, the hint says to merge.
    r.write("units/zzb.yaml", "unit: zzb\n");
    let run = r.check("2019-01-15", &[]);
    let help = run.json()["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    both.push_str(&format!("\n{help}\n"));
    insta::assert_snapshot!("misnamed_unit_file", both);
}

#[test]
fn empty_unit_file_hint_did_not_name_the_id_from_the_file_name() {
    let r = repo().file("units/zzb.yaml", "");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        run.diagnostics(),
        vec![("missing-field".into(), "units/zzb.yaml".into(), 1, 1)]
    );
    let both = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    insta::assert_snapshot!("empty_unit_file", both);
}

#[test]
fn future_date_did_not_say_ledger_toml_pins_the_evaluation_date() {
    let r = repo()
        .file("ledger.toml", "[check]\nas_of = 2019-01-15\n")
        .file("units/zzb.yaml", "unit: zzb\nrecords:\n  - {id: a, date: 2019-03-01, ref: WP01, kind: rules, title: 细则}\n");
    let mut text = String::new();
    for lang in ["en", "zh"] {
        let args: Vec<String> = [
            "check",
            "--repo",
            &r.path().display().to_string(),
            "--format",
            "json",
            "--lang",
            lang,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let j = run_in(r.path(), &args).json();
        let d = &j["diagnostics"][0];
        assert_eq!(d["code"], "future-date");
        text.push_str(&format!(
            "{}\n  {}\n",
            d["message"].as_str().unwrap_or_default(),
            d["help"].as_str().unwrap_or_default()
        ));
    }
    insta::assert_snapshot!("future_date_pinned", text);
}

#[test]
fn ledger_lang_cn_fell_back_to_english_silently() {
    let r = repo();
    let args = ["check", "--repo", "nowhere", "--format", "json"];
    let cn = crate::common::run_env(r.path(), &args, &[("LEDGER_LANG", "cn")]);
    assert!(
        cn.json()["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("找不到台账仓库"),
        "{}",
        cn.stdout
    );
    assert_eq!(cn.stderr, "");
    let odd = crate::common::run_env(r.path(), &args, &[("LEDGER_LANG", "klingon")]);
    assert_eq!(
        odd.stderr,
        "ledger: warning: LEDGER_LANG=klingon is not a language we have (zh or en); using English\n"
    );
}

#[test]
fn close_but_unregistered_unit_file_did_not_say_which_file_to_rename_it_to() {
    // `units/zbb.yml`: a slip for zzb. Still the spec's `unknown-unit` error
    // (§7: v1 results do not change), now naming the file as it is, the unit
    // it is close to with its name, and what to rename and write.
    let r = repo().file("units/zbb.yml", "unit: zbb\n");
    let run = r.check("2019-01-15", &[]);
    assert_eq!(
        sev_code_file(&run),
        vec![triple("error", "unknown-unit", "units/zbb.yml")]
    );
    let mut text = format!("{}\n{}", human(&r, "en").stdout, human(&r, "zh").stdout);
    let help = |r: &Repo, lang: &str| {
        let run = r.check("2019-01-15", &["--lang", lang]);
        run.json()["diagnostics"][0]["help"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    // zzb has a ledger already: merge rather than rename.
    r.write("units/zzb.yaml", "unit: zzb\n");
    text.push_str(&format!("\n{}\n{}\n", help(&r, "en"), help(&r, "zh")));
    // Two registered ids as close: both, for the clerk to pick.
    r.remove("units/zzb.yaml").write(
        "plan/more-units.yaml",
        "units:\n  - {id: zxb, name: 区委宣传部}\n",
    );
    text.push_str(&format!("\n{}\n{}\n", help(&r, "en"), help(&r, "zh")));
    insta::assert_snapshot!("close_unregistered_unit_file", text);
}
