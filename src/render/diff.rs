//! `ledger diff` output: JSON, or changes listed file by file.

use std::collections::BTreeSet;
use std::io::{self, Write};

use anstyle::Style;
use serde::Serialize;

use super::style;
use crate::history::diff::{Change, ChangeKind, FileNote};
use crate::history::{DiffReport, Revision};
use crate::messages::Lang;
use crate::messages::history::{self as text, Text};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    from: Rev<'a>,
    to: Rev<'a>,
    files: Vec<FileWire<'a>>,
    changes: Vec<ChangeWire<'a>>,
}

/// A revision; both `null` for the working tree.
#[derive(Serialize)]
struct Rev<'a> {
    rev: Option<&'a str>,
    commit: Option<&'a str>,
}

#[derive(Serialize)]
struct FileWire<'a> {
    file: &'a str,
    /// added | removed | unreadable
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    side: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Serialize)]
struct ChangeWire<'a> {
    file: &'a str,
    subject: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    fields: Vec<FieldWire<'a>>,
}

#[derive(Serialize)]
struct FieldWire<'a> {
    field: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

fn rev(r: &Revision) -> Rev<'_> {
    match r {
        Revision::WorkingTree => Rev {
            rev: None,
            commit: None,
        },
        Revision::Commit { rev, sha } => Rev {
            rev: Some(rev),
            commit: Some(sha),
        },
    }
}

pub fn json(report: &DiffReport, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let env = Envelope {
        version: VERSION,
        from: rev(&report.from),
        to: rev(&report.to),
        files: report
            .diff
            .files
            .iter()
            .map(|(file, note)| {
                let mut w = FileWire {
                    file,
                    status: "",
                    side: None,
                    code: None,
                    line: None,
                    column: None,
                    message: None,
                };
                match note {
                    FileNote::Added => w.status = "added",
                    FileNote::Removed => w.status = "removed",
                    FileNote::Unreadable(which, p) => {
                        w.status = "unreadable";
                        w.side = Some(which.as_str());
                        w.code = Some(p.code.as_str());
                        w.line = Some(p.line);
                        w.column = Some(p.column);
                        w.message = Some(p.msg.text(lang).0);
                    }
                }
                w
            })
            .collect(),
        changes: report
            .diff
            .changes
            .iter()
            .map(|c| ChangeWire {
                file: &c.file,
                subject: c.subject.as_str(),
                parent: c.parent.as_deref(),
                id: &c.id,
                unit: c.unit.as_deref(),
                change: c.kind.as_str(),
                title: c.title.as_deref(),
                fields: c
                    .fields
                    .iter()
                    .map(|f| FieldWire {
                        field: &f.field,
                        old: f.old.as_deref(),
                        new: f.new.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &env).map_err(io::Error::other)?;
    writeln!(out)
}

fn label(r: &Revision, lang: Lang) -> String {
    match r {
        Revision::WorkingTree => text::line(Text::WorkingTree, lang).to_owned(),
        Revision::Commit { rev, sha } => {
            format!("{rev} ({})", sha.get(..10).unwrap_or(sha))
        }
    }
}

fn mark(kind: ChangeKind) -> (&'static str, Style) {
    match kind {
        ChangeKind::Added => ("+", style::ADDED),
        ChangeKind::Removed => ("-", style::REMOVED),
        ChangeKind::Voided => ("x", style::CHANGED),
        ChangeKind::Closed => ("v", style::ADDED),
        ChangeKind::Reopened => ("^", style::CHANGED),
        ChangeKind::Extended => (">", style::CHANGED),
        ChangeKind::Changed => ("~", style::CHANGED),
    }
}

pub fn human(report: &DiffReport, lang: Lang, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut guarded = super::escape::Guard::new(out, color);
    let out: &mut dyn Write = &mut guarded;
    let paint = |style: Style, s: &str| style::paint(style, s, color);
    let d = &report.diff;
    writeln!(
        out,
        "{}",
        text::diff_header(&label(&report.from, lang), &label(&report.to, lang), lang)
    )?;
    let files: BTreeSet<&str> = d
        .files
        .iter()
        .map(|(f, _)| f.as_str())
        .chain(d.changes.iter().map(|c| c.file.as_str()))
        .collect();
    for file in &files {
        writeln!(out)?;
        writeln!(out, "{}", paint(style::STRONG, file))?;
        for (_, note) in d.files.iter().filter(|(f, _)| f == file) {
            let line = match note {
                FileNote::Added => text::line(Text::FileAdded, lang).to_owned(),
                FileNote::Removed => text::line(Text::FileRemoved, lang).to_owned(),
                FileNote::Unreadable(which, p) => text::unreadable_file(
                    *which,
                    p.code.as_str(),
                    p.line,
                    p.column,
                    &p.msg.text(lang).0,
                    lang,
                ),
            };
            writeln!(out, "  ! {line}")?;
        }
        for c in d.changes.iter().filter(|c| c.file == *file) {
            change(c, lang, &paint, out)?;
        }
    }
    let changed_files: BTreeSet<&str> = d.changes.iter().map(|c| c.file.as_str()).collect();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        text::diff_summary(d.changes.len(), changed_files.len(), lang)
    )
}

fn change(
    c: &Change,
    lang: Lang,
    paint: &dyn Fn(Style, &str) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (sign, style) = mark(c.kind);
    let name = match &c.parent {
        Some(p) => format!("{p}/{}", c.id),
        None => c.id.clone(),
    };
    let title = c
        .title
        .as_deref()
        .map(|t| format!("  {t}"))
        .unwrap_or_default();
    writeln!(
        out,
        "  {} {} {} {name}{title}",
        paint(style, sign),
        text::change_kind(c.kind, lang),
        text::subject(c.subject, lang),
    )?;
    if matches!(c.kind, ChangeKind::Added | ChangeKind::Removed) {
        return Ok(());
    }
    for f in &c.fields {
        let removed = text::line(Text::Removed, lang);
        let field = text::field(&f.field, lang);
        match (&f.old, &f.new) {
            (None, Some(n)) => writeln!(out, "      {field}: {n}")?,
            (Some(o), None) => writeln!(out, "      {field}: {o} → {removed}")?,
            (Some(o), Some(n)) => writeln!(out, "      {field}: {o} → {n}")?,
            (None, None) => {}
        }
    }
    Ok(())
}
