//! Discover → read → parse → decode → validate: from a folder to a [`Repository`].
//!
//! Files are independent until references are resolved, so reading and
//! parsing run in parallel (a city's 2,000 ledgers are not read one by one);
//! validation then makes one pass over all of them. [`analyze`] takes bytes,
//! not paths, so tests and the fuzz target drive the same code as the CLI.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::dates::Date;
use crate::decode::{self, Cx, DecodedLedger, DecodedPlan};
use crate::diag::Diagnostic;
use crate::messages::{Format, Msg};
use crate::model::Config;
use crate::source::{FileId, Source, SourceMap, Span};
use crate::validate::{self, Inputs, LedgerInput, PlanInput, Repository};
use crate::yaml::{self, Fatal};

pub const CONFIG_FILE: &str = "ledger.toml";

/// The repository root: `--repo` if given; else the nearest ancestor of `cwd`
/// holding `ledger.toml`; else `./ledgers` if it holds one.
pub fn discover(cwd: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return dir.join(CONFIG_FILE).is_file().then(|| dir.to_path_buf());
    }
    for dir in cwd.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Some(dir.to_path_buf());
        }
    }
    let fallback = cwd.join("ledgers");
    fallback.join(CONFIG_FILE).is_file().then_some(fallback)
}

/// A file as read from disk (or handed in by a test).
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub content: Content,
}

#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    TooLarge(u64),
    Unreadable(String),
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        InputFile {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        }
    }
}

/// `ledger.toml`, `plan/*.yaml`, `units/*.yaml`, in name order. Anything else is ignored.
pub fn read_repo(root: &Path) -> Vec<InputFile> {
    let mut paths = Vec::new();
    if root.join(CONFIG_FILE).exists() {
        paths.push(CONFIG_FILE.to_owned());
    }
    for dir in ["plan", "units"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
            .filter(|n| {
                // A folder named x.yaml is not a file; a dangling or looping link is
                // kept so that its read error is reported.
                std::fs::symlink_metadata(root.join(dir).join(n)).is_ok_and(|m| !m.is_dir())
                    && !root.join(dir).join(n).is_dir()
            })
            .collect();
        names.sort();
        paths.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    paths
        .into_par_iter()
        .map(|rel| {
            let full = root.join(&rel);
            let content = match std::fs::metadata(&full) {
                Ok(m) if m.len() > yaml::MAX_FILE_BYTES as u64 => Content::TooLarge(m.len()),
                Ok(_) => match std::fs::read(&full) {
                    Ok(b) => Content::Bytes(b),
                    Err(e) => Content::Unreadable(e.to_string()),
                },
                Err(e) => Content::Unreadable(e.to_string()),
            };
            InputFile { path: rel, content }
        })
        .collect()
}

/// Everything one run knows.
#[derive(Debug)]
pub struct Analysis {
    pub sources: SourceMap,
    pub repo: Repository,
    pub diagnostics: Vec<Diagnostic>,
    pub as_of: Date,
}

enum Decoded {
    Config(Option<Config>),
    Plan(Option<DecodedPlan>),
    Ledger(String, Option<DecodedLedger>),
    Ignored,
}

/// Parse and validate a repository's files. `as_of`: the `--as-of` option, if any;
/// else `check.as_of`; else `today`.
pub fn analyze(files: Vec<InputFile>, as_of: Option<Date>, today: Date) -> Analysis {
    let parsed: Vec<(Source, Decoded, Vec<Diagnostic>)> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| parse_one(FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
        .collect();

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
            Decoded::Config(Some(c)) => inputs.config = Some((file, c)),
            Decoded::Config(None) => inputs.config_ok = false,
            Decoded::Plan(decoded) => inputs.plans.push(PlanInput { file, decoded }),
            Decoded::Ledger(stem, decoded) => inputs.ledgers.push(LedgerInput {
                file,
                stem,
                decoded,
            }),
            Decoded::Ignored => {}
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
    let repo = validate::validate(inputs, &sources, as_of, &mut diagnostics);
    Analysis {
        sources,
        repo,
        diagnostics,
        as_of,
    }
}

fn parse_one(file: FileId, input: InputFile) -> (Source, Decoded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let kind = if input.path == CONFIG_FILE {
        FileKind::Config
    } else if input.path.starts_with("plan/") {
        FileKind::Plan
    } else if let Some(stem) = input
        .path
        .strip_prefix("units/")
        .and_then(|n| n.strip_suffix(".yaml"))
    {
        FileKind::Ledger(stem.to_owned())
    } else {
        FileKind::Other
    };
    let unparsed = |kind: &FileKind| match kind {
        FileKind::Config => Decoded::Config(None),
        FileKind::Plan => Decoded::Plan(None),
        FileKind::Ledger(stem) => Decoded::Ledger(stem.clone(), None),
        FileKind::Other => Decoded::Ignored,
    };
    let bytes = match input.content {
        Content::Bytes(b) => b,
        Content::TooLarge(n) => {
            let source = Source::from_text(input.path, String::new());
            diags.push(Diagnostic::new(
                file,
                Span::default(),
                too_large(&kind, usize::try_from(n).unwrap_or(usize::MAX)),
            ));
            return (source, unparsed(&kind), diags);
        }
        Content::Unreadable(e) => {
            let source = Source::from_text(input.path, String::new());
            diags.push(Diagnostic::new(
                file,
                Span::default(),
                Msg::Unreadable {
                    detail: e,
                    format: format_of(&kind),
                },
            ));
            return (source, unparsed(&kind), diags);
        }
    };
    let (source, problem) = Source::decode(input.path, &bytes);
    drop(bytes);
    if let Some(p) = problem {
        diags.push(encoding_diagnostic(file, &p));
        return (source, unparsed(&kind), diags);
    }
    let decoded = match &kind {
        FileKind::Config => Decoded::Config(parse_config(file, &source, &mut diags)),
        FileKind::Plan => Decoded::Plan(parse_yaml(file, &source, &mut diags).and_then(|root| {
            let mut cx = Cx {
                file,
                diags: &mut diags,
            };
            let decoded = decode::plan_file(&mut cx, root.as_ref());
            // A top level that is not a mapping defines nothing that can be known:
            // like a file that cannot be parsed, it stops findings, and no unknown-ref
            // or unknown-unit is reported against it (§7).
            root.as_ref()
                .is_none_or(|r| r.as_map().is_some())
                .then_some(decoded)
        })),
        FileKind::Ledger(stem) => Decoded::Ledger(
            stem.clone(),
            parse_yaml(file, &source, &mut diags).map(|root| {
                let mut cx = Cx {
                    file,
                    diags: &mut diags,
                };
                decode::ledger_file(&mut cx, root.as_ref())
            }),
        ),
        FileKind::Other => Decoded::Ignored,
    };
    (source, decoded, diags)
}

/// The `encoding` diagnostic of a file that is not UTF-8.
pub fn encoding_diagnostic(file: FileId, p: &crate::source::EncodingProblem) -> Diagnostic {
    Diagnostic::new(
        file,
        // The bad byte became U+FFFD in the text: span all of it, not a byte
        // inside it (renderers slice the text at span ends).
        Span::new(p.offset, p.offset + char::REPLACEMENT_CHARACTER.len_utf8()),
        Msg::Encoding {
            gb18030: p.looks_like_gb18030,
            binary: p.looks_binary,
        },
    )
}

/// A file over the size limit, in its own syntax's words.
fn too_large(kind: &FileKind, bytes: usize) -> Msg {
    match format_of(kind) {
        Format::Toml => Msg::TomlTooLarge { bytes },
        Format::Yaml => Msg::YamlTooLarge { bytes },
    }
}

enum FileKind {
    Config,
    Plan,
    Ledger(String),
    Other,
}

fn format_of(kind: &FileKind) -> Format {
    match kind {
        FileKind::Config => Format::Toml,
        _ => Format::Yaml,
    }
}

fn parse_config(file: FileId, source: &Source, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    match toml::de::DeTable::parse(&source.text) {
        Ok(table) => {
            let span = table.span();
            let root = decode::toml_to_node(&toml::Spanned::new(
                span,
                toml::de::DeValue::Table(table.into_inner()),
            ));
            let mut cx = Cx { file, diags };
            Some(decode::config(&mut cx, &root))
        }
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            diags.push(Diagnostic::new(
                file,
                span,
                Msg::TomlSyntax {
                    detail: e.message().trim().to_owned(),
                },
            ));
            None
        }
    }
}

/// `None` when the file cannot be parsed at all; `Some(None)` for an empty file.
pub fn parse_yaml(
    file: FileId,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<yaml::Node>> {
    match yaml::parse(source) {
        Ok(parsed) => {
            for (span, w) in parsed.warnings {
                let msg = match w {
                    yaml::Warning::DuplicateKey(key) => Msg::DuplicateKey { key },
                    yaml::Warning::ExtraDocument => Msg::ExtraDocument,
                };
                diags.push(Diagnostic::new(file, span, msg));
            }
            Some(parsed.root)
        }
        Err(e) => {
            let msg = match e.kind {
                Fatal::Syntax(detail) => {
                    let line = source.line_of(e.offset);
                    let tab = (1..=line).any(|l| {
                        source
                            .line_text(l)
                            .chars()
                            .take_while(|c| c.is_whitespace())
                            .any(|c| c == '\t')
                    });
                    Msg::YamlSyntax { detail, tab }
                }
                Fatal::TooDeep => Msg::YamlTooDeep,
                Fatal::AliasBudget => Msg::YamlAliasBudget,
                Fatal::TooLarge(bytes) => Msg::YamlTooLarge { bytes },
            };
            diags.push(Diagnostic::new(file, Span::new(e.offset, e.offset), msg));
            None
        }
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
}
