//! One file at one revision, read on its own into the model types.
//!
//! History tools compare entries, so a file is only useful when every entry in
//! it was read: a file with any error of its own (encoding, YAML syntax,
//! unknown or missing key, bad value, an entry id written twice) is
//! [`FileState::Unreadable`] as a whole. Comparing a half-read file would
//! report the entries it failed to read as deleted. Cross-file meaning (does
//! this `ref` exist?) does not matter here and is not checked.

use crate::decode::{self, FileKind, Parsed};
use crate::diag::{Code, Severity};
use crate::messages::Msg;
use crate::model::{Config, LedgerFile, PlanFile};
use crate::source::FileId;

/// A file at one revision.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FileState<T> {
    /// Not in that revision.
    Absent,
    Unreadable(Problem),
    Readable(T),
}

impl<T> FileState<T> {
    pub(crate) fn readable(&self) -> Option<&T> {
        match self {
            FileState::Readable(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn problem(&self) -> Option<&Problem> {
        match self {
            FileState::Unreadable(p) => Some(p),
            _ => None,
        }
    }
}

/// Why a file could not be read: its first error.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: Code,
    /// 1-based.
    pub line: usize,
    /// 1-based.
    pub column: usize,
    pub msg: Msg,
}

impl Problem {
    /// The code is the message's.
    pub fn new(line: usize, column: usize, msg: Msg) -> Problem {
        Problem {
            code: msg.code(),
            line,
            column,
            msg,
        }
    }
}

/// Decode `bytes` as `check` does (same diagnostics, same limits) and return
/// the value, or the file's first error.
fn read<T>(
    kind: FileKind,
    path: &str,
    bytes: &[u8],
    pick: impl FnOnce(Parsed) -> Option<T>,
) -> FileState<T> {
    let (source, parsed, diags) = decode::parse_file(
        FileId(0),
        kind,
        path.to_owned(),
        bytes.to_vec(),
        crate::model::FormatVersion::V1_1,
    );
    let value = pick(parsed);
    let first = diags
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .min_by_key(|d| d.span.map(|s| s.start));
    match (first, value) {
        (None, Some(v)) => FileState::Readable(v),
        (first, _) => {
            let (line, column) = first
                .and_then(|d| d.span)
                .map_or((1, 1), |s| source.line_col(s.start as usize));
            FileState::Unreadable(Problem::new(
                line,
                column,
                first.map_or(
                    Msg::YamlSyntax {
                        detail: String::new(),
                        tab: false,
                    },
                    |d| d.msg.clone(),
                ),
            ))
        }
    }
}

/// A unit ledger (`units/<id>.yaml`, or any name [`FileKind::of`] reads as one).
pub(crate) fn ledger(path: &str, bytes: &[u8]) -> FileState<LedgerFile> {
    let kind = FileKind::Ledger(unit_of(path).unwrap_or_default());
    read(kind, path, bytes, |parsed| match parsed {
        Parsed::Ledger(_, Some(d)) => Some(LedgerFile {
            unit: d.unit?,
            clerk: d.clerk,
            records: d.records,
            items: d.items,
            samples: d.samples,
        }),
        _ => None,
    })
}

/// A plan file (`plan/*.yaml`).
pub(crate) fn plan(path: &str, bytes: &[u8]) -> FileState<PlanFile> {
    read(FileKind::Plan, path, bytes, |parsed| match parsed {
        Parsed::Plan(Some(d)) => Some(d.plan),
        _ => None,
    })
}

/// `ledger.toml`.
pub(crate) fn config(path: &str, bytes: &[u8]) -> FileState<Config> {
    read(FileKind::Config, path, bytes, |parsed| match parsed {
        Parsed::Config(c) => c,
        _ => None,
    })
}

/// The unit a path (relative to the ledger root) is the ledger of, if it is
/// a unit ledger at all: its file stem, as `check` reads it
/// (`units/zzb.yml` → `zzb`). `None` for any other path.
pub(crate) fn unit_of(path: &str) -> Option<String> {
    match FileKind::of(path) {
        FileKind::Ledger(stem) => Some(stem),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_ledger() {
        let s = ledger(
            "units/zzb.yaml",
            "unit: zzb\nrecords:\n  - {id: z1, date: 2019-01-05, ref: WP01, kind: meeting, title: 会}\n"
                .as_bytes(),
        );
        let l = s.readable().expect("readable");
        assert_eq!(l.records.len(), 1);
    }

    #[test]
    fn any_error_makes_a_file_unreadable() {
        let cases: &[(&str, Code)] = &[
            ("unit: zzb\nrecords: [\n", Code::YamlSyntax),
            (
                "unit: zzb\nrecords:\n  - {id: z1, date: 2019/1/5, ref: A, kind: meeting, title: t}\n",
                Code::InvalidDate,
            ),
            ("unit: zzb\nremark: x\n", Code::UnknownField),
            (
                "unit: zzb\nrecords:\n  - {id: z1, date: 2019-01-05, ref: A, kind: meeting, title: t}\n  - {id: z1, date: 2019-01-05, ref: A, kind: meeting, title: t}\n",
                Code::DuplicateId,
            ),
            ("", Code::MissingField),
        ];
        for (text, code) in cases {
            let s = ledger("units/zzb.yaml", text.as_bytes());
            assert_eq!(s.problem().map(|p| p.code), Some(*code), "{text}");
        }
        let s = ledger("units/zzb.yaml", b"unit: \xff\n");
        assert_eq!(s.problem().map(|p| p.code), Some(Code::Encoding));
    }

    #[test]
    fn units_of_paths_are_read_as_check_reads_them() {
        assert_eq!(unit_of("units/zzb.yaml").as_deref(), Some("zzb"));
        assert_eq!(unit_of("units/zzb.yml").as_deref(), Some("zzb"));
        assert_eq!(unit_of("units/zzb.YAML").as_deref(), Some("zzb"));
        assert_eq!(unit_of("units/sub/zzb.yaml"), None);
        assert_eq!(unit_of("units/.zzb.yaml"), None);
        assert_eq!(unit_of("units/zzb.yaml.txt"), None);
        assert_eq!(unit_of("plan/plan.yaml"), None);
        assert_eq!(unit_of("evidence/a.pdf"), None);
    }
}
