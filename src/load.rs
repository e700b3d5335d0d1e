//! Discover → read → parse → decode → validate: from a folder to a [`Repository`].
//!
//! Files are independent until references are resolved, so parsing runs in
//! parallel ([`decode::parse_file`], one file at a time). The plans are read
//! and validated first; each ledger is then read, decoded and checked against
//! them on a worker thread, and only cross-ledger checks run at the end.
//! [`analyze`] takes bytes, not paths, so tests and the fuzz target drive the
//! same code as the CLI.

use rayon::prelude::*;

use crate::dates::Date;
use crate::decode::{self, FileKind, Parsed, Words};
use crate::diag::{Diagnostic, Severity};
use crate::messages::{Format, Msg};
use crate::model::FormatVersion;
use crate::source::{FileId, Source, SourceMap, Span};
use crate::validate::{self, LedgerInput, PlanInput, Repository};

pub use crate::decode::{encoding_diagnostic, parse_yaml};
pub use crate::discover::{CONFIG_FILE, Content, InputFile, discover, read_repo};

/// Everything one run knows.
#[derive(Debug)]
pub struct Analysis {
    pub sources: SourceMap,
    pub repo: Repository,
    pub diagnostics: Vec<Diagnostic>,
    pub as_of: Date,
}

/// Parse and validate a repository's files. `as_of`: the `--as-of` option, if any;
/// else `check.as_of`; else `today`.
pub fn analyze(files: Vec<InputFile>, as_of: Option<Date>, today: Date) -> Analysis {
    analyze_with_progress(files, as_of, today, &|_, _| {})
}

/// [`analyze`], calling `progress(done, total)` as each file is parsed (from
/// the worker threads, in no particular order), so that a caller can show a
/// bar on a long run. The library itself never prints.
pub fn analyze_with_progress(
    files: Vec<InputFile>,
    as_of: Option<Date>,
    today: Date,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Analysis {
    analyze_keeping(files, as_of, today, progress, Keep::All)
}

/// What an [`Analysis`] keeps of the files beyond what their findings and
/// diagnostics need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Everything: commands that show or edit entries.
    All,
    /// What a report of findings and diagnostics needs (`check`, `summary`,
    /// the exports): the text of the plans and of every file with a
    /// diagnostic (or that may get one after all ledgers are read: a unit's
    /// second ledger file, a ledger with sample draws), and of the other
    /// ledgers only where their items' `id`s are (findings point there). See
    /// [`Source::keep_positions`].
    Reported,
    /// [`Keep::Reported`], and records without their title, evidence and
    /// note ([`decode::Words::Dropped`]): what `ledger check` prints.
    Findings,
}

/// [`analyze_with_progress`], keeping `texts`.
///
/// The configuration is read first (its `format` says which keys the other
/// files may use), then the plans, which are validated on their own; then
/// each ledger is read, decoded and checked against the plans on a worker
/// thread, and (unless [`Keep::All`]) its text let go there unless it is
/// needed: nothing of a clean ledger but its model outlives its worker.
pub fn analyze_keeping(
    files: Vec<InputFile>,
    as_of: Option<Date>,
    today: Date,
    progress: &(dyn Fn(u64, u64) + Sync),
    keep: Keep,
) -> Analysis {
    let words = match keep {
        Keep::Findings => Words::Dropped,
        Keep::All | Keep::Reported => Words::Kept,
    };
    let total = files.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let tick = || {
        progress(
            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
            total,
        );
    };
    // A folder that cannot be listed hides files, so nothing can be judged.
    let dir_unreadable = files
        .iter()
        .any(|f| matches!(f.content, Content::UnreadableDir(_)));
    let kinds: Vec<FileKind> = files.iter().map(|f| FileKind::of(&f.path)).collect();
    let ledger_files: Vec<(String, String)> = files
        .iter()
        .zip(&kinds)
        .filter_map(|(f, k)| match k {
            FileKind::Ledger(stem) => Some((stem.clone(), f.path.clone())),
            _ => None,
        })
        .collect();
    let second_files =
        validate::second_ledger_files(kinds.iter().enumerate().filter_map(|(i, k)| match k {
            FileKind::Ledger(stem) => Some((stem.as_str(), file_id(i))),
            _ => None,
        }));
    let mut files: Vec<Option<InputFile>> = files.into_iter().map(Some).collect();
    let mut slots: Vec<Option<OneFile>> =
        std::iter::repeat_with(|| None).take(files.len()).collect();
    // `ledger.toml` first: its `format` says which keys the other files may use.
    let config = files
        .iter()
        .position(|f| f.as_ref().is_some_and(|f| f.path == CONFIG_FILE))
        .and_then(|i| {
            let f = files.get_mut(i)?.take()?;
            tick();
            Some((i, read_one(file_id(i), f, FormatVersion::V1, words)))
        });
    let format = match &config {
        Some((_, (_, Parsed::Config(Some(c)), _))) => {
            c.format.as_ref().map_or(FormatVersion::V1, |f| f.value)
        }
        _ => FormatVersion::V1,
    };
    if let Some((i, one)) = config
        && let Some(slot) = slots.get_mut(i)
    {
        *slot = Some(one);
    }
    // Everything but the ledgers: the plans, and files read only to be named.
    let is_ledger = |i: usize| matches!(kinds.get(i), Some(FileKind::Ledger(_)));
    let others: Vec<(usize, OneFile)> = files
        .iter_mut()
        .enumerate()
        .filter(|(i, f)| f.is_some() && !is_ledger(*i))
        .filter_map(|(i, f)| Some((i, f.take()?)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, f)| {
            let one = read_one(file_id(i), f, format, words);
            tick();
            (i, one)
        })
        .collect();
    for (i, one) in others {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(one);
        }
    }

    let mut diagnostics = Vec::new();
    let mut config_in = None;
    let mut config_ok = true;
    let mut plans = Vec::new();
    let mut sources = Vec::with_capacity(slots.len());
    for (i, slot) in slots.into_iter().enumerate() {
        let (source, decoded, diags) = slot.unwrap_or_else(empty_slot);
        let file = file_id(i);
        sources.push(source);
        diagnostics.extend(diags);
        match decoded {
            Parsed::Config(Some(c)) => config_in = Some((file, c)),
            Parsed::Config(None) => config_ok = false,
            Parsed::Plan(decoded) => plans.push(PlanInput { file, decoded }),
            Parsed::Ledger(..) | Parsed::Ignored => {}
        }
    }
    let mut sources = SourceMap::from_files(sources);
    let as_of = as_of
        .or_else(|| {
            config_in
                .as_ref()
                .and_then(|(_, c): &(FileId, crate::model::Config)| {
                    c.check.as_of.as_ref().map(|d| d.value)
                })
        })
        .unwrap_or(today);
    let checked_plans = validate::validate_plans(
        config_in,
        config_ok,
        plans,
        &ledger_files,
        &sources,
        as_of,
        &mut diagnostics,
    );

    // The ledgers, each read, decoded and checked on a worker thread.
    let ledgers: Vec<(usize, Source, LedgerInput, Vec<Diagnostic>)> = files
        .into_iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, f?)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, f)| {
            let file = file_id(i);
            let (mut source, parsed, mut diags) = read_one(file, f, format, words);
            let (stem, decoded) = match parsed {
                Parsed::Ledger(stem, decoded) => (stem, decoded),
                // Not a ledger after all (kinds come from the same paths).
                _ => (String::new(), None),
            };
            let mut has_error = diags.iter().any(|d| d.severity() == Severity::Error);
            if let Some(d) = &decoded {
                has_error |= checked_plans.check_ledger(file, &source, &stem, d, &mut diags);
                if keep != Keep::All
                    && diags.is_empty()
                    && d.samples.is_empty()
                    && !second_files.contains(&file)
                {
                    source.keep_positions(d.items.iter().map(|it| it.id.span.start as usize));
                }
            }
            tick();
            let input = LedgerInput {
                file,
                stem,
                decoded,
                has_error,
            };
            (i, source, input, diags)
        })
        .collect();
    let mut ledger_inputs = Vec::with_capacity(ledgers.len());
    for (i, source, input, diags) in ledgers {
        sources.set(file_id(i), source);
        diagnostics.extend(diags);
        ledger_inputs.push(input);
    }
    let mut repo = checked_plans.finish(ledger_inputs, &sources, &mut diagnostics);
    repo.findings_blocked |= dir_unreadable;
    Analysis {
        sources,
        repo,
        diagnostics,
        as_of,
    }
}

/// One file as read: its text, what it decoded to, its diagnostics.
type OneFile = (Source, Parsed, Vec<Diagnostic>);

fn file_id(i: usize) -> FileId {
    FileId(u32::try_from(i).unwrap_or(u32::MAX))
}

fn empty_slot() -> (Source, Parsed, Vec<Diagnostic>) {
    (
        Source::from_text(String::new(), String::new()),
        Parsed::Ignored,
        Vec::new(),
    )
}

/// One file as read: parsed, or the reason it could not be.
fn read_one(
    file: FileId,
    input: InputFile,
    format: FormatVersion,
    words: Words,
) -> (Source, Parsed, Vec<Diagnostic>) {
    let kind = FileKind::of(&input.path);
    match bytes_of(&kind, input.content) {
        Ok(bytes) => decode::parse_file_keeping(file, kind, input.path, bytes, format, words),
        Err(msg) => {
            let source = Source::from_text(input.path, String::new());
            let diag = Diagnostic::new(file, Span::default(), msg);
            (source, Parsed::unparsed(kind), vec![diag])
        }
    }
}

/// A file's bytes, or why it has none: too large, or unreadable, in the words
/// (and so under the code) of its syntax.
pub fn bytes_of(kind: &FileKind, content: Content) -> Result<Vec<u8>, Msg> {
    let format = match kind {
        FileKind::Config => Format::Toml,
        _ => Format::Yaml,
    };
    match content {
        Content::Bytes(b) => Ok(b),
        Content::TooLarge(n) => {
            let bytes = usize::try_from(n).unwrap_or(usize::MAX);
            Err(match format {
                Format::Toml => Msg::TomlTooLarge { bytes },
                Format::Yaml => Msg::YamlTooLarge { bytes },
            })
        }
        Content::Unreadable(detail) => Err(Msg::Unreadable { detail, format }),
        Content::NotRegular(what) => Err(Msg::NotRegularFile { what, format }),
        Content::UnreadableDir(detail) => Err(Msg::UnreadableDir { detail }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn today() -> Date {
        crate::dates::parse_iso_date("2026-01-01").expect("date")
    }

    /// `ledger.toml` over the size limit was reported as `toml-syntax` with the
    /// YAML message, whose advice (split the file by year or unit) fits no config.
    #[test]
    fn oversized_config_gets_the_toml_message() {
        let files = vec![
            InputFile {
                path: CONFIG_FILE.to_owned(),
                content: Content::TooLarge(300 << 20),
            },
            InputFile {
                path: "units/zzb.yaml".to_owned(),
                content: Content::TooLarge(300 << 20),
            },
        ];
        let a = analyze(files, None, today());
        let got: Vec<(Code, &Msg)> = a.diagnostics.iter().map(|d| (d.code(), &d.msg)).collect();
        assert_eq!(
            got,
            [
                (Code::TomlSyntax, &Msg::TomlTooLarge { bytes: 300 << 20 }),
                (Code::YamlSyntax, &Msg::YamlTooLarge { bytes: 300 << 20 }),
            ]
        );
    }

    #[test]
    fn unreadable_files_keep_their_syntax_code() {
        let files = vec![
            InputFile {
                path: CONFIG_FILE.to_owned(),
                content: Content::Unreadable("loop".into()),
            },
            InputFile {
                path: "plan/plan.yaml".to_owned(),
                content: Content::Unreadable("loop".into()),
            },
        ];
        let a = analyze(files, None, today());
        let codes: Vec<Code> = a.diagnostics.iter().map(Diagnostic::code).collect();
        assert_eq!(codes, [Code::TomlSyntax, Code::YamlSyntax]);
    }

    /// The in-file duplicate check moved from validation into `parse_file`
    /// (shared with history): a ledger's repeated id is reported once, at the
    /// second definition, naming the first's line.
    #[test]
    fn ledger_duplicate_ids_are_reported_once() {
        let rec = "  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: t}\n";
        let files = vec![
            InputFile::new(
                CONFIG_FILE,
                "[term]\nstart = 2018-01-01\nend = 2022-12-31\n",
            ),
            InputFile::new(
                "plan/plan.yaml",
                "plan: {id: P, start: 2019-01-01}\nunits:\n  - {id: zzb, name: 组织部}\npoints:\n  - {id: WP01, title: t, lead: [zzb]}\n",
            ),
            InputFile::new("units/zzb.yaml", format!("unit: zzb\nrecords:\n{rec}{rec}")),
        ];
        let a = analyze(files, None, today());
        let dups: Vec<&Msg> = a
            .diagnostics
            .iter()
            .filter(|d| d.code() == Code::DuplicateId)
            .map(|d| &d.msg)
            .collect();
        assert_eq!(
            dups,
            [&Msg::DuplicateId {
                id: "z1".into(),
                first_line: 3,
                first_file: None,
            }]
        );
        assert!(a.repo.ledgers["zzb"].flawed);
    }
}
