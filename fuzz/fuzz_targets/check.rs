//! Everything `ledger check` runs on user input, from bytes to rendered output.
//!
//! The first byte of the input chooses what the rest is (`layout`, low two bits)
//! and how it is run (as-of source, language, colour); the rest is one or two
//! files, split at the first `\xFF\xFF` (never valid UTF-8, so it never occurs
//! inside a file that gets past the encoding check anyway). Files that are not
//! fuzzed are the fixed, valid repository under `fuzz/fixed/`, so a mutated
//! ledger or plan still meets real points, obligations and checklists.
//!
//! | layout | fuzzed                                 | fixed                               |
//! |--------|----------------------------------------|-------------------------------------|
//! | 0      | `units/jw.yaml`                        | `ledger.toml`, plan, `units/zzb.yaml` |
//! | 1      | `plan/extra.yaml` (merged with the plan) | `ledger.toml`, plan, both ledgers |
//! | 2      | `plan/plan.yaml`, then `units/jw.yaml` | `ledger.toml`                       |
//! | 3      | `ledger.toml`, then `units/jw.yaml`    | plan, `units/zzb.yaml`              |

#![no_main]

use ledger::check::{CheckOptions, check_files};
use ledger::load::InputFile;
use ledger::messages::Lang;
use ledger::render::locate::PathBase;
use ledger::render::{self, RenderOptions};
use libfuzzer_sys::fuzz_target;

const CONFIG: &[u8] = include_bytes!("../fixed/ledger.toml");
const PLAN: &[u8] = include_bytes!("../fixed/plan.yaml");
const JW: &[u8] = include_bytes!("../fixed/jw.yaml");
const ZZB: &[u8] = include_bytes!("../fixed/zzb.yaml");

fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(2).position(|w| w == b"\xFF\xFF") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[]),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (a, b) = split(rest);
    let f = InputFile::new;
    let files = match mode & 3 {
        0 => vec![
            f("ledger.toml", CONFIG),
            f("plan/plan.yaml", PLAN),
            f("units/jw.yaml", rest),
            f("units/zzb.yaml", ZZB),
        ],
        1 => vec![
            f("ledger.toml", CONFIG),
            f("plan/extra.yaml", rest),
            f("plan/plan.yaml", PLAN),
            f("units/jw.yaml", JW),
            f("units/zzb.yaml", ZZB),
        ],
        2 => vec![
            f("ledger.toml", CONFIG),
            f("plan/plan.yaml", a),
            f("units/jw.yaml", b),
        ],
        _ => vec![
            f("ledger.toml", a),
            f("plan/plan.yaml", PLAN),
            f("units/jw.yaml", b),
            f("units/zzb.yaml", ZZB),
        ],
    };
    // With no --as-of, check.as_of (layout 3 fuzzes it) or "today" applies.
    let today = ledger::dates::parse_iso_date("2019-06-30").expect("a date");
    let as_of = (mode & 4 != 0)
        .then(|| ledger::dates::parse_iso_date("2019-01-15"))
        .flatten();
    let lang = if mode & 8 != 0 { Lang::Zh } else { Lang::En };
    let color = mode & 16 != 0;
    // Tables fitted to a narrow terminal (wrapping, columns left out) or whole.
    let width = (mode & 32 != 0).then_some(40 + u16::from(mode >> 6) * 20);

    let opts = CheckOptions {
        as_of,
        today,
        units: Vec::new(),
        lang,
    };
    let run = check_files(files, &opts).expect("no --unit filter");
    let analysis = &run.analysis;
    let report = run.report();
    let render_opts = RenderOptions {
        lang,
        color,
        paths: PathBase::default(),
        width,
    };
    let mut json = Vec::new();
    render::json::render(&report, &mut json).expect("JSON into a Vec");
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON output parses");
    let mut human = Vec::new();
    render::human::render(&report, &render_opts, &mut human).expect("text into a Vec");
    // Every location is inside its file, on character boundaries (renderers
    // slice the text there).
    for d in &analysis.diagnostics {
        if let (Some(file), Some(span)) = (d.file, d.span) {
            let text = &analysis.sources.get(file).text;
            assert!(span.start <= span.end, "{d:?}");
            assert!(
                text.get(span.range()).is_some(),
                "{d:?}: not a slice of {} bytes",
                text.len()
            );
        }
    }
});
