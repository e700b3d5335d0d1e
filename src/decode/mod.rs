//! Structure: one file's span-keeping tree to the model types, a file kind a
//! module ([`config`], [`plan`], [`ledger`]) over the shared readers of
//! [`fields`].
//!
//! Each file is decoded on its own (in parallel with the others), and every
//! problem of shape is pushed as a diagnostic without stopping: an unknown key,
//! a missing key, a bad date, a misused obligation key. An entry whose required
//! keys are missing or broken is left out of the model, but its id is still
//! reported in `defined` so that later stages neither flag it as unknown nor
//! forget a duplicate. Meaning across files (does this `ref` exist?) is
//! [`crate::validate`]'s business.

mod config;
mod fields;
mod ledger;
mod plan;
mod slips;

use self::config::config;
pub use self::fields::Cx;
pub use self::ledger::{DecodedLedger, Words, ledger_file};
pub use self::plan::{DecodedPlan, plan_file};
pub use crate::toml::to_node as toml_to_node;

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::discover::{CONFIG_FILE, look_alike, yaml_stem};
use crate::messages::Msg;
use crate::model::{Config, FormatVersion, Spanned};
use crate::source::{EncodingProblem, FileId, Source, Span};
use crate::yaml::{self, Fatal};

/// What a path in the repository holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Plan,
    /// A unit ledger, with its file stem.
    Ledger(String),
    /// Looks like a ledger but is not read as one: the path it should have.
    LookAlike(String),
    Other,
}

impl FileKind {
    /// `ledger.toml`, `plan/<name>.yaml`, `units/<stem>.yaml` (or `.yml`, in any
    /// case; not a hidden `.name`); a look-alike ([`look_alike`]) is named,
    /// anything else ignored. `check` (listing folders), `audit` and `diff`
    /// (listing git trees and changes) all decide here which paths they read,
    /// so no command reads a file another ignores.
    pub fn of(path: &str) -> FileKind {
        let top = |dir: &str| {
            path.strip_prefix(dir)
                .filter(|n| !n.contains('/'))
                .and_then(yaml_stem)
        };
        if path == CONFIG_FILE {
            FileKind::Config
        } else if top("plan/").is_some() {
            FileKind::Plan
        } else if let Some(stem) = top("units/") {
            FileKind::Ledger(stem.to_owned())
        } else if let Some(to) = look_alike(path) {
            FileKind::LookAlike(to)
        } else {
            FileKind::Other
        }
    }
}

/// One file, decoded on its own. `None` inside: the file could not be read or
/// parsed at all (which stops findings, spec §7).
#[derive(Debug)]
pub enum Parsed {
    Config(Option<Config>),
    Plan(Option<DecodedPlan>),
    Ledger(String, Option<DecodedLedger>),
    Ignored,
}

impl Parsed {
    /// A file of `kind` that could not be read or parsed.
    pub fn unparsed(kind: FileKind) -> Parsed {
        match kind {
            FileKind::Config => Parsed::Config(None),
            FileKind::Plan => Parsed::Plan(None),
            FileKind::Ledger(stem) => Parsed::Ledger(stem, None),
            FileKind::LookAlike(_) | FileKind::Other => Parsed::Ignored,
        }
    }
}

/// One file from bytes to model types, with every diagnostic that needs only
/// this file: encoding, syntax, shape, and entry ids written twice in a ledger.
/// `check` and the history tools both read files through here.
pub fn parse_file(
    file: FileId,
    kind: FileKind,
    path: String,
    bytes: Vec<u8>,
    format: FormatVersion,
) -> (Source, Parsed, Vec<Diagnostic>) {
    parse_file_keeping(file, kind, path, bytes, format, Words::Kept)
}

/// [`parse_file`], records keeping their `words` or not ([`Words`]).
pub fn parse_file_keeping(
    file: FileId,
    kind: FileKind,
    path: String,
    bytes: Vec<u8>,
    format: FormatVersion,
    words: Words,
) -> (Source, Parsed, Vec<Diagnostic>) {
    let v11 = format >= FormatVersion::V1_1;
    let mut diags = Vec::new();
    if let FileKind::LookAlike(to) = &kind {
        let in_folder = path.matches('/').count() > 1;
        let msg = Msg::IgnoredLookAlike {
            rename_to: to.clone(),
            in_folder,
            unit: path.starts_with("units/"),
        };
        diags.push(Diagnostic::new(file, Span::default(), msg));
        return (
            Source::from_text(path, String::new()),
            Parsed::Ignored,
            diags,
        );
    }
    let (source, problem) = Source::decode(path, &bytes);
    // The text is a copy: the bytes need not outlive it while the tree is built.
    drop(bytes);
    if let Some(p) = problem {
        diags.push(encoding_diagnostic(file, &p));
        return (source, Parsed::unparsed(kind), diags);
    }
    let parsed = match kind {
        FileKind::Config => Parsed::Config(parse_config(file, &source, &mut diags)),
        FileKind::Plan => Parsed::Plan(parse_yaml(file, &source, &mut diags).and_then(|root| {
            let mut cx = Cx {
                file,
                diags: &mut diags,
                v11,
            };
            let decoded = plan_file(&mut cx, root.as_ref());
            // A top level that is not a mapping defines nothing that can be known:
            // like a file that cannot be parsed, it stops findings, and no unknown-ref
            // or unknown-unit is reported against it (§7).
            root.as_ref()
                .is_none_or(|r| r.as_map().is_some())
                .then_some(decoded)
        })),
        FileKind::Ledger(stem) => {
            // Records and items are decoded as the parser reaches each one
            // (see `yaml::Stream`); the rest of the file's tree after it.
            let mut streamed = ledger::Streamed::new(words);
            let root = {
                let mut sink = |key: usize, node: yaml::Node| streamed.sink(file, v11, key, &node);
                let stream = yaml::Stream {
                    keys: ledger::Streamed::KEYS,
                    sink: &mut sink,
                };
                parse_yaml_with(file, &source, &mut diags, Some(stream))
            };
            let decoded = root.map(|root| {
                let mut cx = Cx {
                    file,
                    diags: &mut diags,
                    v11,
                };
                let mut d = ledger::ledger_file_with(&mut cx, root.as_ref(), streamed);
                entry_duplicates(&mut cx, &source, &d.defined);
                if root.is_none() {
                    // An empty file: its name says which unit it is for.
                    for diag in cx.diags.iter_mut() {
                        if matches!(diag.msg, Msg::MissingField { key: "unit", .. }) {
                            diag.msg = Msg::EmptyLedger { stem: stem.clone() };
                        }
                    }
                }
                // A ledger's ids matter only for this in-file check (validation
                // reads the plans' tables): one string per record, 11% of the
                // peak heap on large ledgers, so not kept for the whole run.
                d.defined = Vec::new();
                d
            });
            Parsed::Ledger(stem, decoded)
        }
        FileKind::LookAlike(_) | FileKind::Other => Parsed::Ignored,
    };
    (source, parsed, diags)
}

/// Record and item ids are unique within their ledger file (§3): the later
/// definitions are duplicates of the first.
fn entry_duplicates(cx: &mut Cx<'_>, source: &Source, defined: &[Defined]) {
    let mut first: HashMap<&str, Span> = HashMap::new();
    for d in defined.iter().filter(|d| d.space == Space::Entry) {
        let at = *first.entry(d.id.value.as_str()).or_insert(d.id.span);
        if at != d.id.span {
            cx.push(
                d.id.span,
                Msg::DuplicateId {
                    id: d.id.value.clone(),
                    first_line: source.line_of(at.start as usize),
                    first_file: None,
                },
            );
        }
    }
}

/// The `encoding` diagnostic of a file that is not UTF-8.
pub fn encoding_diagnostic(file: FileId, p: &EncodingProblem) -> Diagnostic {
    Diagnostic::new(
        file,
        // Span the whole character at the bad byte (U+FFFD, or the decoded GBK
        // character), not a byte inside it: renderers slice the text at span ends.
        Span::new(p.offset, p.offset + p.width),
        Msg::Encoding {
            gb18030: p.looks_like_gb18030,
            binary: p.looks_binary,
            utf16: p.utf16,
        },
    )
}

fn parse_config(file: FileId, source: &Source, diags: &mut Vec<Diagnostic>) -> Option<Config> {
    match crate::toml::parse(source) {
        Ok(root) => {
            // The file says its own format; `config` reads that first.
            let mut cx = Cx {
                file,
                diags,
                v11: false,
            };
            Some(config(&mut cx, &root))
        }
        Err((span, detail)) => {
            diags.push(Diagnostic::new(file, span, Msg::TomlSyntax { detail }));
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
    parse_yaml_with(file, source, diags, None)
}

/// [`parse_yaml`], streaming some lists' elements ([`yaml::parse_streaming`]).
fn parse_yaml_with(
    file: FileId,
    source: &Source,
    diags: &mut Vec<Diagnostic>,
    stream: Option<yaml::Stream<'_>>,
) -> Option<Option<yaml::Node>> {
    match yaml::parse_streaming(source, stream) {
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
                    if let Some((span, slip)) = slips::near(source, line) {
                        diags.push(Diagnostic::new(file, span, Msg::YamlSlip { slip }));
                        return None;
                    }
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

/// The id namespaces of spec §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Space {
    Unit,
    /// Points, checklist items and plan-wide obligations: what a record's `ref` names.
    Ref,
    Checklist,
    /// Obligation ids within one point, keyed by the point's id span.
    PointObligation(Span),
    /// Records and items of one ledger file.
    Entry,
    /// People (1.1), repository-wide.
    Person,
    /// Item deadline rules (1.1), repository-wide.
    DeadlineRule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defined {
    pub space: Space,
    pub id: Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger decoded from the whole tree, as before streaming: the
    /// decoded ledger, then the diagnostics.
    fn whole(text: &str, v11: bool) -> (String, String) {
        let source = Source::from_text("units/jw.yaml".into(), text.into());
        let mut diags = Vec::new();
        let decoded = parse_yaml(FileId(0), &source, &mut diags).map(|root| {
            let mut cx = Cx {
                file: FileId(0),
                diags: &mut diags,
                v11,
            };
            ledger_file(&mut cx, root.as_ref())
        });
        (format!("{decoded:#?}"), format!("{diags:#?}"))
    }

    /// The same ledger with records and items decoded as they are parsed.
    fn streamed(text: &str, v11: bool, words: Words) -> (String, String) {
        let source = Source::from_text("units/jw.yaml".into(), text.into());
        let mut diags = Vec::new();
        let mut streamed = ledger::Streamed::new(words);
        let root = {
            let mut sink = |k: usize, n: yaml::Node| streamed.sink(FileId(0), v11, k, &n);
            let stream = yaml::Stream {
                keys: ledger::Streamed::KEYS,
                sink: &mut sink,
            };
            parse_yaml_with(FileId(0), &source, &mut diags, Some(stream))
        };
        let decoded = root.map(|root| {
            let mut cx = Cx {
                file: FileId(0),
                diags: &mut diags,
                v11,
            };
            ledger::ledger_file_with(&mut cx, root.as_ref(), streamed)
        });
        (format!("{decoded:#?}"), format!("{diags:#?}"))
    }

    /// Streaming changes nothing a check reports: entries, ids, partial
    /// entries and diagnostics (in their order) are those of the whole tree,
    /// in the cases where the two could part.
    #[test]
    fn streamed_records_decode_as_the_whole_tree() {
        let rec = "{id: a1, date: 2019-01-05, ref: WP01, kind: meeting, title: t}";
        let item = "{id: a1, kind: task, ref: WP01, title: t, opened: 2019-01-05, bogus: 1}";
        let cases = [
            format!("unit: jw\nrecords:\n  - {rec}\n  - {{id: a2, date: 2019-13-01, x: 1}}\n"),
            // Items before records, sharing an id: records still come first.
            format!("unit: jw\nitems:\n  - {item}\nrecords:\n  - {rec}\n"),
            // A repeated key: its list is dropped, not decoded.
            format!("unit: jw\nrecords:\n  - {rec}\nrecords:\n  - {{id: b, x: 1}}\n"),
            // An anchored list, aliased as another key's value.
            format!("unit: jw\nrecords: &all\n  - {rec}\nitems: *all\n"),
            // An anchored record, aliased in the same list.
            format!("unit: jw\nrecords:\n  - &r {rec}\n  - *r\n"),
            // A syntax error after some records: nothing but the error.
            "unit: jw\nrecords:\n  - {id: a, date: 2019-01-05, q: 1}\n  - [x\n".into(),
            // Not lists, nulls, a second document, nested records keys.
            "unit: jw\nrecords: {a: 1}\nitems:\n".into(),
            format!("unit: jw\nrecords:\n  - {rec}\n---\nrecords:\n  - {{x: 1}}\n"),
            format!("unit: jw\nclerk:\n  records:\n    - {{x: 1}}\nrecords: [{rec}, 7, ~]\n"),
            format!("- unit: jw\n  records:\n    - {rec}\n"),
            format!("unit: jw\nsamples:\n  - {{x: 1}}\nrecords:\n  - {rec}\n"),
            // Words of every shape, for records that drop them.
            "unit: jw\nrecords:\n  - {id: a, date: 2019-01-05, ref: R, kind: k, title: [x], \
             evidence: [a, {b: 1}, [c]], note: {n: 1}}\n  - {id: b, evidence: x, note: ~, \
             title: ''}\n  - {id: c, evidence: ~, title: t, note: n}\n"
                .into(),
        ];
        for text in &cases {
            for v11 in [false, true] {
                let whole = whole(text, v11);
                assert_eq!(streamed(text, v11, Words::Kept), whole, "{text}");
                // Without their words, records give the same diagnostics.
                assert_eq!(streamed(text, v11, Words::Dropped).1, whole.1, "{text}");
            }
        }
    }
}
