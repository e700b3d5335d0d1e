//! `ledger audit` output: the §9 JSON envelope, or a list grouped by commit.

use std::io::{self, Write};

use anstyle::Style;
use serde::Serialize;

use super::style;
use crate::dates::iso;
use crate::diag::Severity;
use crate::history::AuditReport;
use crate::history::audit::{Note, Violation, ViolationType};
use crate::messages::Lang;
use crate::messages::history::{self as text, Text};
use crate::messages::trail;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    since: Option<&'a str>,
    commits: usize,
    violations: Vec<Wire<'a>>,
}

/// One violation on the wire. Fields a type does not have are left out; `old`
/// and `new` are written (possibly `null`) whenever there is a `field`.
#[derive(Serialize)]
struct Wire<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    severity: &'static str,
    /// Left out for violations of a commit as a whole.
    #[serde(skip_serializing_if = "str::is_empty")]
    file: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<Option<&'a str>>,
    commit: &'a str,
    author: &'a str,
    /// `null` only with a `malformed-commit` of code `bad-timestamp`.
    committed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    committed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_committed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rev: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owners: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

fn wire(v: &Violation, lang: Lang) -> Wire<'_> {
    let has_field = v.field.is_some();
    Wire {
        kind: v.kind.as_str(),
        severity: v.severity().as_str(),
        file: &v.file,
        unit: &v.unit,
        entry: v.entry.as_deref(),
        entry_kind: v.entry_kind.map(|k| k.as_str()),
        field: v.field.as_deref(),
        old: has_field.then_some(v.old.as_deref()),
        new: has_field.then_some(v.new.as_deref()),
        commit: &v.commit.sha,
        author: &v.commit.author,
        committed: v.commit.committed.map(iso),
        committed_at: v.parent.as_ref().map(|(_, _, own)| trail::timestamp(*own)),
        parent: v.parent.as_ref().map(|(p, _, _)| p.as_str()),
        parent_committed_at: v.parent.as_ref().map(|(_, t, _)| trail::timestamp(*t)),
        rev: v.rev.as_ref().map(|(r, _)| r.as_str()),
        source: v.rev.as_ref().map(|(_, s)| *s),
        owners: (v.kind == ViolationType::AuthorNotOwner).then_some(&v.owners[..]),
        date: v.date.map(iso),
        days: v.days,
        code: v
            .problem
            .as_ref()
            .map(|p| p.code.as_str())
            .or_else(|| v.note.as_ref().map(Note::code)),
        line: v.problem.as_ref().map(|p| p.line),
        column: v.problem.as_ref().map(|p| p.column),
        message: v
            .problem
            .as_ref()
            .map(|p| p.msg.text(lang).0)
            .or_else(|| v.note.as_ref().map(|n| trail::note(n, lang))),
    }
}

pub fn json(report: &AuditReport, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let env = Envelope {
        version: VERSION,
        since: report.since.as_deref(),
        commits: report.commits,
        violations: report.violations.iter().map(|v| wire(v, lang)).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &env).map_err(io::Error::other)?;
    writeln!(out)
}

pub fn human(report: &AuditReport, lang: Lang, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut guarded = super::escape::Guard::new(out, color);
    let out: &mut dyn Write = &mut guarded;
    let paint = |style: Style, s: &str| style::paint(style, s, color);
    writeln!(
        out,
        "{}",
        text::audit_header(report.commits, report.since.as_deref(), lang)
    )?;
    if report.before_baseline > 0 {
        writeln!(
            out,
            "{}",
            trail::before_baseline(report.before_baseline, lang)
        )?;
    }
    let mut current: Option<&str> = None;
    for (i, v) in report.violations.iter().enumerate() {
        if current != Some(v.commit.sha.as_str()) {
            current = Some(&v.commit.sha);
            let short = v.commit.sha.get(..10).unwrap_or(&v.commit.sha);
            let head = format!(
                "{} {short}  {}  {}",
                text::line(Text::Commit, lang),
                trail::committed(v, lang),
                v.commit.author
            );
            writeln!(out)?;
            writeln!(out, "{}", paint(style::STRONG, &head))?;
        }
        let sev = v.severity();
        let label = text::severity(sev, lang);
        let style = if sev == Severity::Error {
            style::ERROR
        } else {
            style::WARNING
        };
        let sentence = if v.kind == ViolationType::Backfilled {
            // Adopting the tool on an old history backfills hundreds of
            // records at once: one line per file and commit, not per record.
            let same = |w: &Violation| {
                w.kind == ViolationType::Backfilled
                    && w.commit.sha == v.commit.sha
                    && w.file == v.file
            };
            if report.violations[..i].iter().rev().any(same) {
                continue;
            }
            let group: Vec<(&str, String, i64)> = report.violations[i..]
                .iter()
                .filter(|w| same(w))
                .map(|w| {
                    (
                        w.entry.as_deref().unwrap_or_default(),
                        w.date.map(iso).unwrap_or_default(),
                        w.days.unwrap_or_default(),
                    )
                })
                .collect();
            if group.len() > 1 {
                trail::backfilled_group(
                    &group,
                    &trail::committed(v, lang),
                    report.backfill_days,
                    lang,
                )
            } else {
                text::violation(v, report.backfill_days, lang)
            }
        } else {
            text::violation(v, report.backfill_days, lang)
        };
        let file = if v.file.is_empty() {
            String::new()
        } else {
            format!("{}  ", v.file)
        };
        writeln!(out, "  {}  {file}{sentence}", paint(style, label))?;
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    writeln!(out)?;
    writeln!(out, "{}", text::audit_summary(errors, warnings, lang))?;
    if errors > 0 {
        writeln!(out, "{}", text::line(Text::AuditHelp, lang))?;
    }
    Ok(())
}
