//! The human tables fitted to a terminal's width (issue 10) and drawn a chunk
//! of rows at a time (issue 13): `--width N` stands in for the terminal, so
//! the layout is tested without one.

use crate::common::{self, Repo, Run};

/// Columns a terminal gives a character: 2 for East Asian wide and
/// fullwidth ones (CJK ideographs, kana, hangul, fullwidth punctuation such
/// as `，` `：` `（`), 1 for the rest (box drawing, `…`, `“`). Written out
/// here from the Unicode ranges rather than taken from `unicode-width`,
/// which the renderer uses, so that each checks the other.
fn display_width(line: &str) -> usize {
    line.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// Every line at most `width` columns wide, and every line of a table (from
/// its top border to its bottom one) as wide as the others.
fn assert_fits(what: &str, text: &str, width: usize) {
    for (n, line) in text.lines().enumerate() {
        let w = display_width(line);
        assert!(w <= width, "{what}: line {} is {w} wide:\n{line}", n + 1);
    }
    let mut table: Option<usize> = None;
    for line in text.lines() {
        match (line.chars().next(), table) {
            (Some('┌'), _) => table = Some(display_width(line)),
            (Some(_), Some(w)) => {
                assert_eq!(display_width(line), w, "{what}: ragged table line\n{line}");
                if line.starts_with('└') {
                    table = None;
                }
            }
            _ => {}
        }
    }
}

fn ledger(args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    common::run_in(&common::root(), &args)
}

#[test]
fn check_fits_80_and_120_columns() {
    for lang in ["zh", "en"] {
        for width in [80, 120] {
            let w = width.to_string();
            let run = ledger(&[
                "check", "--repo", "ledgers", "--lang", lang, "--color", "never", "--width", &w,
            ]);
            assert_eq!(run.status, 1, "{}", run.stderr);
            assert_fits(&format!("check {lang} {width}"), &run.stdout, width);
            insta::assert_snapshot!(format!("check_{lang}_{width}"), run.stdout);
        }
    }
}

#[test]
fn summary_fits_80_and_120_columns() {
    for lang in ["zh", "en"] {
        for width in [80, 120] {
            let w = width.to_string();
            let run = ledger(&[
                "summary", "--repo", "ledgers", "--lang", lang, "--width", &w,
            ]);
            assert_eq!(run.status, 0, "{}", run.stderr);
            assert_fits(&format!("summary {lang} {width}"), &run.stdout, width);
            insta::assert_snapshot!(format!("summary_{lang}_{width}"), run.stdout);
        }
    }
}

/// The narrowest layouts still fit: every optional column left out, the
/// titles wrapped down to their floor.
#[test]
fn narrow_terminals_leave_out_columns_and_still_fit() {
    for lang in ["zh", "en"] {
        for width in [45, 50, 60, 66, 72] {
            let w = width.to_string();
            for cmd in ["check", "summary"] {
                let run = ledger(&[cmd, "--repo", "ledgers", "--lang", lang, "--width", &w]);
                assert_fits(&format!("{cmd} {lang} {width}"), &run.stdout, width);
            }
        }
    }
    let run = ledger(&[
        "check", "--repo", "ledgers", "--lang", "en", "--width", "60",
    ]);
    // The overdue table keeps the unit, the point, the item and the due date.
    let head = run.stdout.lines().nth(2).unwrap_or_default();
    assert!(head.contains("Unit") && head.contains("Due"), "{head}");
    assert!(
        !head.contains("Have/need") && !head.contains("Period"),
        "{head}"
    );
}

/// No width (a pipe, a file), `--width 0`, or a width the tables fit in:
/// the tables as they always were, whatever `COLUMNS` says when stdout is
/// not a terminal.
#[test]
fn without_a_terminal_the_tables_are_whole() {
    for cmd in ["check", "summary"] {
        let whole = ledger(&[cmd, "--repo", "ledgers", "--lang", "zh"]);
        for extra in [&["--width", "0"][..], &["--width", "1000"]] {
            let mut args = vec![cmd, "--repo", "ledgers", "--lang", "zh"];
            args.extend_from_slice(extra);
            assert_eq!(ledger(&args).stdout, whole.stdout, "{cmd} {extra:?}");
        }
        let with_columns = common::run_env(
            &common::root(),
            &[cmd, "--repo", "ledgers", "--lang", "zh"],
            &[("COLUMNS", "80")],
        );
        assert_eq!(with_columns.stdout, whole.stdout, "{cmd} with COLUMNS=80");
    }
    // A line of the full overdue table is 240 columns wide.
    let whole = ledger(&["check", "--repo", "ledgers", "--lang", "zh"]);
    assert!(whole.stdout.lines().any(|l| display_width(l) > 200));
}

#[test]
fn lists_of_units_not_covered_are_cut_at_a_terminal() {
    let run = ledger(&[
        "check", "--repo", "ledgers", "--lang", "zh", "--width", "100",
    ]);
    let cells: String = run
        .stdout
        .lines()
        .filter_map(|l| l.split('┆').nth(3))
        .map(|c| c.trim_end_matches(['│', ' ']).trim())
        .collect();
    assert!(
        cells.contains("区城市管理局、区府办、区法制办、区公安分局、区检察院等 11 个单位"),
        "{}",
        run.stdout
    );
    let whole = ledger(&["check", "--repo", "ledgers", "--lang", "zh"]);
    assert!(
        whole
            .stdout
            .contains("区委统战部、区卫生和计划生育局、区信访局、区委政法委 │")
    );
}

/// A repository with `n` units that lead one point and have no ledger: two
/// gap rows each.
fn many_gaps(n: usize) -> Repo {
    let mut units = String::from("units:\n");
    let mut ids = Vec::new();
    for i in 0..n {
        units.push_str(&format!("  - {{id: u{i:04}, name: 单位{i}}}\n"));
        ids.push(format!("u{i:04}"));
    }
    Repo::new().file(
        "plan/plan.yaml",
        &format!(
            "plan: {{id: p, issued: 2019-01-01}}\n{units}points:\n  - {{id: WP01, title: 加强对纪律检查机关的监督, lead: [{}]}}\n",
            ids.join(", ")
        ),
    )
}

/// `--all` draws a long table a chunk at a time: one header, one top and one
/// bottom border, every row once, every line as wide as the others.
#[test]
fn long_tables_are_drawn_in_chunks_as_one_table() {
    let r = many_gaps(700);
    let repo = r.path().display().to_string();
    for width in [None, Some("60")] {
        let mut args = vec![
            "check",
            "--repo",
            &repo,
            "--as-of",
            "2019-06-30",
            "--all",
            "--lang",
            "en",
        ];
        if let Some(w) = width {
            args.extend(["--width", w]);
        }
        let run = common::run_in(
            r.path(),
            &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        );
        let out = &run.stdout;
        assert!(out.contains("Gaps (1400)"), "{out}");
        assert_eq!(out.matches('┌').count(), 1);
        assert_eq!(out.matches('╞').count(), 1);
        assert_eq!(out.matches('└').count(), 1);
        assert_eq!(out.matches("│ 单位").count(), 1400, "{width:?}");
        for i in [0, 255, 256, 511, 512, 699] {
            assert_eq!(out.matches(&format!("(u{i:04})")).count(), 2, "u{i:04}");
        }
        assert_fits(
            "--all",
            out,
            width.map_or(usize::MAX, |w| w.parse().unwrap()),
        );
    }
}
