//! Structure-aware: start from the valid repository under `fuzz/fixed/` and
//! apply a few edits that a clerk (or an attacker) could make to its YAML,
//! line by line, instead of flipping bytes. Most byte mutations die in the
//! YAML parser; these keep the files mostly well-formed, so decoding,
//! validation, evaluation and the renderers see deep, near-valid input.
//!
//! The input is read through `arbitrary::Unstructured`: each edit picks a
//! file, a line and an operation (replace a value, delete, duplicate, move,
//! re-indent a line, insert a line from the vocabulary, replace a date).

#![no_main]

use arbitrary::{Result, Unstructured};
use ledger::check::{CheckOptions, check_files};
use ledger::load::InputFile;
use ledger::messages::Lang;
use ledger::render::locate::PathBase;
use ledger::render::{self, Limits, RenderOptions};
use libfuzzer_sys::fuzz_target;

const FILES: [(&str, &str); 4] = [
    ("ledger.toml", include_str!("../fixed/ledger.toml")),
    ("plan/plan.yaml", include_str!("../fixed/plan.yaml")),
    ("units/jw.yaml", include_str!("../fixed/jw.yaml")),
    ("units/zzb.yaml", include_str!("../fixed/zzb.yaml")),
];

/// Values an edit may put in place of a value: the format's words, edge
/// dates, ids of the fixed repository, and hostile text.
const VALUES: &[&str] = &[
    "~", "''", "[]", "{}", "0", "-1", "4294967296", "2019-01-15", "2019-02-29", "2020-02-29",
    "1900-01-01", "2999-12-31", "3000-01-01", "0001-01-01", "9999-12-31", "2018", "2019-Q1",
    "2019-13", "month", "quarter", "year", "term", "week", "jw", "zzb", "WP01", "WP02", "meeting",
    "clue", "task", "closed", "lead", "support", "duties", "{tags: [street]}", "{units: [jw]}",
    "\"\\e]0;x\\a\"", "\"a@x.org\\n* @m\"", "'@org/team'", "3 months", "12-10", "02-29", "*a",
    "&a x", "!!binary aGk=", "区纪委", "\"\\u0085\"",
    // Format 1.1's words.
    "regularly", "half-year", "own-term", "supervised", "children", "self", "recorder",
    "{roles: [principal]}", "{roles: [leader], in: children}", "{people: [p1]}", "p1", "p3",
    "assigned", "true", "6个月", "\"1.1\"", "\"1\"", "2016-10-01/2021-09-30",
];

/// Whole lines an edit may insert.
const LINES: &[&str] = &[
    "records:",
    "items:",
    "  - {id: x1, date: 2019-03-01, ref: WP01, kind: meeting, title: t}",
    "  - {id: x1, kind: clue, ref: WP01, title: t, opened: 2019-01-01}",
    "  - {id: WP09, title: t, lead: [jw]}",
    "    obligations:",
    "      - {id: o, title: o, every: month}",
    "      - {id: c, title: c, cover: {units: [zzb]}, within: year}",
    "    extensions:",
    "      - {to: 2019-12-31, date: 2019-06-01, approved_by: x}",
    "---",
    "[check]",
    "as_of = 2019-06-30",
    "due_soon_days = 3000000000",
    "format = \"1.1\"",
    "people:",
    "  - {id: p9, unit: jw, roles: [principal]}",
    "      - {id: r, title: r, every: regularly, max_gap: 1天}",
    "      - {id: s, title: s, cover: {roles: [principal]}, within: year, share: 50%, sample: true, besides: cadre-sample}",
    "      - {id: e, title: e, after: {kind: appointment}, deadline: 1个月}",
    "samples:",
    "  - {ref: WP10, obligation: cadre-sample, period: \"2019\", date: 2019-01-01, population: 1, targets: [p3]}",
    "  - {id: x2, date: 2019-03-01, ref: WP10, kind: talk, title: t, person: p1, by: p9, obligation: nope}",
];

fn edit(u: &mut Unstructured<'_>, lines: &mut Vec<String>) -> Result<()> {
    if lines.is_empty() {
        lines.push(String::new());
    }
    let at = u.choose_index(lines.len())?;
    match u.int_in_range(0..=7u8)? {
        // Replace the value after `key:` (or the whole flow entry's value).
        0 => {
            let value = u.choose(VALUES)?;
            let line = &lines[at];
            let cut = line.rfind(": ").map_or(line.len(), |i| i + 2);
            let end = line[cut..]
                .find([',', '}', ']'])
                .map_or(line.len(), |i| cut + i);
            let new = format!("{}{value}{}", &line[..cut], &line[end..]);
            lines[at] = new;
        }
        1 => {
            lines.remove(at);
        }
        2 => {
            let copy = lines[at].clone();
            lines.insert(at, copy);
        }
        3 => {
            let to = u.choose_index(lines.len())?;
            lines.swap(at, to);
        }
        4 => {
            let n = u.int_in_range(0..=6usize)?;
            let body = lines[at].trim_start().to_owned();
            lines[at] = format!("{}{body}", " ".repeat(n));
        }
        5 => lines.insert(at, (*u.choose(LINES)?).to_owned()),
        // Any date on the line becomes another one.
        6 => {
            let date = u.choose(&VALUES[7..15])?;
            let line = &lines[at];
            if let Some(i) = line.find("20") {
                if line.len() >= i + 10 && line.is_char_boundary(i + 10) {
                    lines[at] = format!("{}{date}{}", &line[..i], &line[i + 10..]);
                }
            }
        }
        // Raw bytes from the input, as text.
        _ => {
            let len = u.int_in_range(0..=40usize)?;
            let bytes = u.bytes(len.min(u.len()))?;
            lines[at] = String::from_utf8_lossy(bytes).into_owned();
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut files: Vec<Vec<String>> = FILES
        .iter()
        .map(|(_, text)| text.lines().map(str::to_owned).collect())
        .collect();
    let edits = u.int_in_range(1..=8u8).unwrap_or(1);
    for _ in 0..edits {
        let Ok(which) = u.choose_index(files.len()) else {
            break;
        };
        if edit(&mut u, &mut files[which]).is_err() {
            break;
        }
    }
    let inputs = FILES
        .iter()
        .zip(&files)
        .map(|((path, _), lines)| InputFile::new(*path, lines.join("\n") + "\n"))
        .collect();
    let lang = if data.first().is_some_and(|b| b & 1 == 1) {
        Lang::Zh
    } else {
        Lang::En
    };
    let today = ledger::dates::parse_iso_date("2019-06-30").expect("a date");
    let opts = CheckOptions {
        as_of: None,
        today,
        units: Vec::new(),
        lang,
    };
    let run = check_files(inputs, &opts).expect("no --unit filter");
    let report = run.report();
    let render_opts = RenderOptions {
        lang,
        color: false,
        paths: PathBase::default(),
        width: None,
    };
    let mut json = Vec::new();
    render::json::render(&report, &mut json).expect("JSON into a Vec");
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON output parses");
    for limits in [Limits::default(), Limits::NONE] {
        let mut human = Vec::new();
        render::human::render_limited(&report, &render_opts, limits, &mut human)
            .expect("text into a Vec");
        let text = String::from_utf8(human).expect("human output is UTF-8");
        // No control character but line breaks and tabs reaches a terminal.
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{text}"
        );
        let mut gh = Vec::new();
        render::github::render_limited(&report, &render_opts, limits, &mut gh)
            .expect("annotations into a Vec");
    }
    for d in &run.analysis.diagnostics {
        if let (Some(file), Some(span)) = (d.file, d.span) {
            let text = &run.analysis.sources.get(file).text;
            assert!(text.get(span.range()).is_some(), "{d:?}");
        }
    }
});
