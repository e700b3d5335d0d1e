//! Discover → read → parse → decode → validate: from a folder to a [`Repository`].
//!
//! Files are independent until references are resolved, so parsing runs in
//! parallel ([`decode::parse_file`], one file at a time); validation then makes
//! one pass over all of them. [`analyze`] takes bytes, not paths, so tests and
//! the fuzz target drive the same code as the CLI.

use rayon::prelude::*;

use crate::dates::Date;
use crate::decode::{self, FileKind, Parsed};
use crate::diag::Diagnostic;
use crate::messages::{Format, Msg};
use crate::model::FormatVersion;
use crate::source::{FileId, Source, SourceMap, Span};
use crate::validate::{self, Inputs, LedgerInput, PlanInput, Repository};

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
    let total = files.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    // A folder that cannot be listed hides files, so nothing can be judged.
    let dir_unreadable = files
        .iter()
        .any(|f| matches!(f.content, Content::UnreadableDir(_)));
    // `ledger.toml` first: its `format` says which keys the other files may use.
    let mut files: Vec<Option<InputFile>> = files.into_iter().map(Some).collect();
    let config = files
        .iter()
        .position(|f| f.as_ref().is_some_and(|f| f.path == CONFIG_FILE))
        .and_then(|i| {
            let f = files.get_mut(i)?.take()?;
            Some((i, read_one(file_id(i), f, FormatVersion::V1)))
        });
    let format = match &config {
        Some((_, (_, Parsed::Config(Some(c)), _))) => {
            c.format.as_ref().map_or(FormatVersion::V1, |f| f.value)
        }
        _ => FormatVersion::V1,
    };
    let mut parsed: Vec<(Source, Parsed, Vec<Diagnostic>)> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| {
            // The config's slot is empty here; it is put back below.
            let one = f.map_or_else(empty_slot, |f| read_one(file_id(i), f, format));
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            one
        })
        .collect();
    if let Some((i, one)) = config
        && let Some(slot) = parsed.get_mut(i)
    {
        *slot = one;
    }

    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let mut inputs = Inputs {
        config: None,
        config_ok: true,
        plans: Vec::new(),
        ledgers: Vec::new(),
    };
    for (source, decoded, diags) in parsed {
        let file = sources.add(source);
        diagnostics.extend(diags);
        match decoded {
            Parsed::Config(Some(c)) => inputs.config = Some((file, c)),
            Parsed::Config(None) => inputs.config_ok = false,
            Parsed::Plan(decoded) => inputs.plans.push(PlanInput { file, decoded }),
            Parsed::Ledger(stem, decoded) => inputs.ledgers.push(LedgerInput {
                file,
                stem,
                decoded,
            }),
            Parsed::Ignored => {}
        }
    }
    let as_of = as_of
        .or_else(|| {
            inputs
                .config
                .as_ref()
                .and_then(|(_, c)| c.check.as_of.as_ref().map(|d| d.value))
        })
        .unwrap_or(today);
    let mut repo = validate::validate(inputs, &sources, as_of, &mut diagnostics);
    repo.findings_blocked |= dir_unreadable;
    Analysis {
        sources,
        repo,
        diagnostics,
        as_of,
    }
}

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
) -> (Source, Parsed, Vec<Diagnostic>) {
    let kind = FileKind::of(&input.path);
    match bytes_of(&kind, input.content) {
        Ok(bytes) => decode::parse_file(file, kind, input.path, bytes, format),
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
