//! Diagnostics: problems in the user's files, as data.
//!
//! A diagnostic knows its code, file and byte range, and a structured message
//! ([`Msg`]); it knows nothing of rendering. Line and column are computed by the
//! renderers from the [`SourceMap`], and the message text is chosen there too,
//! in the reader's language.

use serde::Serialize;

use crate::messages::{Lang, Msg};
use crate::source::{FileId, SourceMap, Span};

/// An enum whose variants are written on the wire as fixed strings: the list below
/// is the one place each string is spelled, and `as_str`, `ALL` and `Serialize`
/// are generated from it.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant,)+];

            /// The wire string.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    pub enum Severity {
        Error => "error",
        Warning => "warning",
    }
}

wire_enum! {
    /// The stable diagnostic codes of the format (spec §7). Renaming one breaks users'
    /// CI filters, so `all_codes_are_stable` pins the list.
    pub enum Code {
        NoRepo => "no-repo",
        Encoding => "encoding",
        YamlSyntax => "yaml-syntax",
        TomlSyntax => "toml-syntax",
        UnknownField => "unknown-field",
        MissingField => "missing-field",
        InvalidValue => "invalid-value",
        InvalidDate => "invalid-date",
        DuplicateId => "duplicate-id",
        UnknownRef => "unknown-ref",
        UnknownUnit => "unknown-unit",
        UnitMismatch => "unit-mismatch",
        UnknownKind => "unknown-kind",
        DateOrder => "date-order",
        NoDue => "no-due",
        NoTerm => "no-term",
        FutureDate => "future-date",
        EmptySelector => "empty-selector",
    }
}

impl Code {
    pub fn severity(self) -> Severity {
        match self {
            Code::FutureDate | Code::EmptySelector => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// A problem found in the user's files. Its code is its message's ([`Msg::code`]),
/// so no call site can pair a code with another code's message.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub file: Option<FileId>,
    pub span: Option<Span>,
    pub msg: Msg,
}

impl Diagnostic {
    pub fn new(file: FileId, span: Span, msg: Msg) -> Diagnostic {
        Diagnostic {
            file: Some(file),
            span: Some(span),
            msg,
        }
    }

    /// A diagnostic about no file in particular (`no-repo`).
    pub fn global(msg: Msg) -> Diagnostic {
        Diagnostic {
            file: None,
            span: None,
            msg,
        }
    }

    pub fn code(&self) -> Code {
        self.msg.code()
    }

    pub fn severity(&self) -> Severity {
        self.msg.severity()
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
                code: d.code(),
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
