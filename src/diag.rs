//! Diagnostics: problems in the user's files, as data.
//!
//! A diagnostic knows its code, file and byte range, and a structured message
//! ([`Msg`]); it knows nothing of rendering. Line and column are computed by the
//! renderers from the [`SourceMap`], and the message text is chosen there too,
//! in the reader's language.

use serde::Serialize;

use crate::messages::{Lang, Msg};
use crate::source::{FileId, SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable diagnostic codes of the format (spec §7). Renaming one breaks users'
/// CI filters, so `all_codes_are_stable` pins the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    NoRepo,
    Encoding,
    YamlSyntax,
    TomlSyntax,
    UnknownField,
    MissingField,
    InvalidValue,
    InvalidDate,
    DuplicateId,
    UnknownRef,
    UnknownUnit,
    UnitMismatch,
    UnknownKind,
    DateOrder,
    NoDue,
    NoTerm,
    FutureDate,
    EmptySelector,
}

impl Code {
    pub const ALL: [Code; 18] = [
        Code::NoRepo,
        Code::Encoding,
        Code::YamlSyntax,
        Code::TomlSyntax,
        Code::UnknownField,
        Code::MissingField,
        Code::InvalidValue,
        Code::InvalidDate,
        Code::DuplicateId,
        Code::UnknownRef,
        Code::UnknownUnit,
        Code::UnitMismatch,
        Code::UnknownKind,
        Code::DateOrder,
        Code::NoDue,
        Code::NoTerm,
        Code::FutureDate,
        Code::EmptySelector,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoRepo => "no-repo",
            Code::Encoding => "encoding",
            Code::YamlSyntax => "yaml-syntax",
            Code::TomlSyntax => "toml-syntax",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::InvalidValue => "invalid-value",
            Code::InvalidDate => "invalid-date",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownRef => "unknown-ref",
            Code::UnknownUnit => "unknown-unit",
            Code::UnitMismatch => "unit-mismatch",
            Code::UnknownKind => "unknown-kind",
            Code::DateOrder => "date-order",
            Code::NoDue => "no-due",
            Code::NoTerm => "no-term",
            Code::FutureDate => "future-date",
            Code::EmptySelector => "empty-selector",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::FutureDate | Code::EmptySelector => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub file: Option<FileId>,
    pub span: Option<Span>,
    pub msg: Msg,
}

impl Diagnostic {
    pub fn new(code: Code, file: FileId, span: Span, msg: Msg) -> Diagnostic {
        Diagnostic {
            code,
            file: Some(file),
            span: Some(span),
            msg,
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// A diagnostic with everything a renderer needs, resolved for one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub severity: Severity,
    pub code: Code,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The source span, for renderers that show the line.
    pub span: Option<(FileId, Span)>,
}

/// Resolve positions and messages, and sort as the spec says: by file (none first),
/// line, column, code, message.
pub fn locate(diags: &[Diagnostic], sources: &SourceMap, lang: Lang) -> Vec<Located> {
    let mut out: Vec<Located> = diags
        .iter()
        .map(|d| {
            let (message, help) = d.msg.text(lang);
            let file = d.file.map(|f| sources.get(f).path.clone());
            let (line, column) = match (d.file, d.span) {
                (Some(f), Some(s)) => {
                    let (l, c) = sources.get(f).line_col(s.start as usize);
                    (Some(l), Some(c))
                }
                _ => (None, None),
            };
            Located {
                severity: d.severity(),
                code: d.code,
                file,
                line,
                column,
                message,
                help,
                span: d.file.zip(d.span),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code.as_str(), &a.message).cmp(&(
            &b.file,
            b.line,
            b.column,
            b.code.as_str(),
            &b.message,
        ))
    });
    out.dedup_by(|a, b| a == b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_codes_are_stable() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "no-repo",
                "encoding",
                "yaml-syntax",
                "toml-syntax",
                "unknown-field",
                "missing-field",
                "invalid-value",
                "invalid-date",
                "duplicate-id",
                "unknown-ref",
                "unknown-unit",
                "unit-mismatch",
                "unknown-kind",
                "date-order",
                "no-due",
                "no-term",
                "future-date",
                "empty-selector"
            ]
        );
        let warnings: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.severity() == Severity::Warning)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(warnings, ["future-date", "empty-selector"]);
    }
}
