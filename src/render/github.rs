//! `--format github`: GitHub Actions workflow commands, one line a problem, so
//! each shows as an annotation on the file and line it is about:
//!
//! ```text
//! ::error file=ledgers/units/zzb.yaml,line=12,col=11,title=unknown-ref::… message …
//! ::warning file=ledgers/plan/plan.yaml,line=40,col=9,title=gap/no-records::… message …
//! ```
//!
//! Error diagnostics and `overdue` findings are `::error`; warnings, `due-soon`,
//! `late` and gaps are `::warning`. Findings point at the line that defines
//! what they are about ([`crate::eval::Finding::at`]). The last line is a
//! plain summary (not a command). Paths are relative to the checkout (see
//! [`super::locate::PathBase`]). With `GITHUB_STEP_SUMMARY` set, the caller
//! also appends [`step_summary`] — Markdown tables — to that file.
//!
//! Escaping follows the runner's rules: in the message `%`, CR and LF become
//! `%25`, `%0D`, `%0A`; property values additionally escape `:` and `,`
//! (`%3A`, `%2C`).

use std::io::{self, Write};

use super::locate;
use super::{RenderOptions, Report};
use crate::dates::iso;
use crate::diag::Severity;
use crate::eval::{Category, Finding, FindingType};
use crate::messages::render::{self as text, Word};
use crate::messages::{Label, Lang, gap_text};
use crate::validate::Repository;

pub fn render(report: &Report<'_>, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    render_limited(report, opts, super::Limits::default(), out)
}

/// [`render`] with at most `limits.diagnostics_per_file` annotations per file;
/// a notice counts the rest (GitHub shows only the first few anyway).
pub fn render_limited(
    report: &Report<'_>,
    opts: &RenderOptions,
    limits: super::Limits,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut guarded = super::escape::Guard::new(out, false);
    let out: &mut dyn Write = &mut guarded;
    let paths = &opts.paths;
    let (shown, hidden) = super::shown_diagnostics(report.diagnostics, limits.diagnostics_per_file);
    for d in shown {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props: Vec<(&str, String)> = Vec::new();
        if let Some(file) = &d.file {
            props.push(("file", paths.join(file)));
            if let Some(line) = d.line {
                props.push(("line", line.to_string()));
            }
            if let Some(col) = d.column {
                props.push(("col", col.to_string()));
            }
        }
        props.push(("title", d.code.as_str().to_owned()));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(text::help_prefix(opts.lang));
            message.push_str(help);
        }
        command(out, level, &props, &message)?;
    }
    for (file, n) in hidden {
        let mut props: Vec<(&str, String)> = Vec::new();
        if let Some(file) = file {
            props.push(("file", paths.join(file)));
        }
        let shown_file = file.unwrap_or("-");
        command(
            out,
            "notice",
            &props,
            &text::more_diagnostics(shown_file, n, opts.lang),
        )?;
    }
    if let Some(repo) = report.repo {
        for f in report.findings {
            let level = match f.category {
                Category::Overdue => "error",
                _ => "warning",
            };
            let mut props: Vec<(&str, String)> = Vec::new();
            if let Some(place) = report.place(f) {
                props.push(("file", paths.join(place.path)));
                props.push(("line", place.line.to_string()));
                props.push(("col", place.column.to_string()));
            }
            props.push(("title", locate::rule_id(f.category, f.kind)));
            command(out, level, &props, &locate::describe(repo, f, opts.lang))?;
        }
    }
    writeln!(out, "{}", summary_text(report, opts.lang))
}

/// `::level k=v,k=v::message`, escaped.
fn command(
    out: &mut dyn Write,
    level: &str,
    props: &[(&str, String)],
    message: &str,
) -> io::Result<()> {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    let sep = if props.is_empty() { "" } else { " " };
    writeln!(
        out,
        "::{level}{sep}{}::{}",
        props.join(","),
        escape_data(message)
    )
}

/// Escape a message (the text after `::`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value (`file=`, `title=`…).
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_data(s).chars() {
        match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// The counts in one line (also the summary's first line).
fn summary_text(report: &Report<'_>, lang: Lang) -> String {
    let counts = text::counts_line(&report.summary, report.as_of, lang);
    text::check_line(&counts, lang)
}

/// The job summary: a heading, the counts, then one Markdown table for the
/// problems in the files and one per finding category, with unit names and
/// titles (the annotations carry ids; a clerk reads names). The caller appends
/// it to the file `GITHUB_STEP_SUMMARY` names.
pub fn step_summary(
    report: &Report<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = step_summary_text(report, opts);
    out.write_all(super::escape::clean_lines(&text).as_bytes())
}

fn step_summary_text(report: &Report<'_>, opts: &RenderOptions) -> String {
    let (lang, paths) = (opts.lang, &opts.paths);
    let s = &report.summary;
    let mark = if s.errors > 0 || s.overdue > 0 {
        "❌"
    } else if s.warnings + s.due_soon + s.late + s.gaps > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let mut md = String::new();
    md.push_str(text::check_heading(lang));
    md.push_str(&format!("{mark} {}\n\n", cell(&summary_text(report, lang))));
    if !report.diagnostics.is_empty() {
        let heading = Word::ProblemsInFiles.text(lang);
        md.push_str(&format!("### {heading} ({})\n\n", report.diagnostics.len()));
        table_head(
            &mut md,
            &[
                Word::Location.text(lang),
                Word::Severity.text(lang),
                Word::Code.text(lang),
                Word::Message.text(lang),
            ],
        );
        for d in report.diagnostics {
            let place = match (&d.file, d.line, d.column) {
                (Some(f), Some(l), Some(c)) => format!("{}:{l}:{c}", paths.join(f)),
                (Some(f), _, _) => paths.join(f),
                _ => String::new(),
            };
            let severity = text::severity(d.severity, lang);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(" — ");
                message.push_str(help);
            }
            table_row(
                &mut md,
                &[
                    place,
                    severity.to_owned(),
                    d.code.as_str().to_owned(),
                    message,
                ],
            );
        }
        md.push('\n');
    }
    if let Some(repo) = report.repo {
        let sections = [
            (Category::Overdue, Label::Overdue, Label::DaysOverdue),
            (Category::DueSoon, Label::DueSoon, Label::DaysLeft),
            (Category::Late, Label::Late, Label::DaysLate),
            (Category::Gap, Label::Gaps, Label::Detail),
        ];
        for (cat, label, days) in sections {
            let rows: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.category == cat)
                .collect();
            if rows.is_empty() {
                continue;
            }
            md.push_str(&format!("### {} ({})\n\n", label.text(lang), rows.len()));
            let place = |f: &Finding| {
                report
                    .place(f)
                    .map(|p| format!("{}:{}", paths.join(p.path), p.line))
                    .unwrap_or_default()
            };
            if cat == Category::Gap {
                table_head(
                    &mut md,
                    &[
                        Label::Unit.text(lang),
                        Label::GapType.text(lang),
                        Label::Ref.text(lang),
                        Label::Detail.text(lang),
                        Word::Location.text(lang),
                    ],
                );
                for f in rows {
                    let c = Cells::of(repo, f, lang);
                    table_row(
                        &mut md,
                        &[
                            c.unit,
                            gap_text(f.kind.as_str(), lang),
                            c.reference,
                            gap_detail(repo, f, lang),
                            place(f),
                        ],
                    );
                }
            } else {
                table_head(
                    &mut md,
                    &[
                        Label::Unit.text(lang),
                        Label::Ref.text(lang),
                        Label::Obligation.text(lang),
                        Label::Period.text(lang),
                        Label::Due.text(lang),
                        days.text(lang),
                        Label::HaveNeed.text(lang),
                        Label::Missing.text(lang),
                        Word::Location.text(lang),
                    ],
                );
                for f in rows {
                    let c = Cells::of(repo, f, lang);
                    let have_need = match (f.have, f.need) {
                        (Some(h), Some(n)) => format!("{h}/{n}"),
                        _ => f
                            .closed
                            .map(|d| format!("{} {}", Label::Closed.text(lang), iso(d)))
                            .unwrap_or_default(),
                    };
                    table_row(
                        &mut md,
                        &[
                            c.unit,
                            c.reference,
                            c.what,
                            f.period.clone().unwrap_or_default(),
                            f.due.map(iso).unwrap_or_default(),
                            f.days_overdue
                                .or(f.days_left)
                                .or(f.days_late)
                                .map(|n| n.to_string())
                                .unwrap_or_default(),
                            have_need,
                            missing_names(repo, f, lang),
                            place(f),
                        ],
                    );
                }
            }
            md.push('\n');
        }
    }
    md
}

/// A finding's unit, ref and obligation-or-item, each as `id title`.
struct Cells {
    unit: String,
    reference: String,
    what: String,
}

impl Cells {
    fn of(repo: &Repository, f: &Finding, lang: Lang) -> Cells {
        let n = locate::names(repo, f);
        let unit = match n.unit {
            Some(name) => text::named_unit(name, &f.unit, lang),
            None => f.unit.clone(),
        };
        let titled = |id: &str, title: Option<&str>| match title {
            Some(t) if !t.is_empty() => format!("{id} {t}"),
            _ => id.to_owned(),
        };
        let r = f.ref_.as_deref().unwrap_or("");
        let reference = if r.is_empty() {
            String::new()
        } else {
            titled(r, n.reference)
        };
        let what = match (&f.obligation, &f.item) {
            (Some(o), _) if o != r => titled(o, n.what),
            (_, Some(i)) => titled(i, n.what),
            _ => String::new(),
        };
        Cells {
            unit,
            reference,
            what,
        }
    }
}

fn missing_names(repo: &Repository, f: &Finding, lang: Lang) -> String {
    locate::missing_names(repo, f).join(text::list_separator(lang))
}

fn gap_detail(repo: &Repository, f: &Finding, lang: Lang) -> String {
    match f.kind {
        FindingType::MissingKind => f.kinds.as_deref().unwrap_or(&[]).join(", "),
        FindingType::Coverage => {
            let period = f.period.as_deref().unwrap_or("");
            let have = format!("{}/{}", f.have.unwrap_or(0), f.need.unwrap_or(0));
            let days = f.days_left.unwrap_or(0);
            let missing = missing_names(repo, f, lang);
            text::coverage_detail(period, &have, days, &missing, lang)
        }
        _ => String::new(),
    }
}

fn table_head(md: &mut String, headers: &[&str]) {
    let cells: Vec<String> = headers.iter().map(|h| cell(h)).collect();
    md.push_str(&format!("| {} |\n", cells.join(" | ")));
    md.push_str(&format!("|{}\n", " --- |".repeat(headers.len())));
}

fn table_row(md: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    md.push_str(&format!("| {} |\n", cells.join(" | ")));
}

/// Text safe inside a Markdown table cell: no line breaks, no `|`, no HTML,
/// and Markdown's emphasis and link characters taken literally.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("C:\\x,y 50%\n"), "C%3A\\x%2Cy 50%25%0A");
    }

    #[test]
    fn cells_cannot_break_a_table() {
        assert_eq!(cell("a|b\nc <x> *y*"), "a\\|b c &lt;x&gt; \\*y\\*");
    }
}
