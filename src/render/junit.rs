//! `--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins,
//! Azure…), shaped to the Apache Ant JUnit schema (`tests/data/ci/JUnit.xsd`):
//!
//! - one `<testsuite>` per unit (`name` and `package` = the unit id, its
//!   Chinese name in the `unit.name` property), with one `<testcase>` per
//!   finding of that unit, or one passing testcase when it has none, so every
//!   unit shows up even when clean; a unit whose ledger has errors (or every
//!   unit, when a plan file cannot be parsed) gets a skipped "not evaluated"
//!   testcase instead, since its state is unknown, not clean;
//! - a testsuite `ledger diagnostics` (a unit id cannot contain a space, so
//!   it never collides with a unit) with one testcase per diagnostic, or one
//!   passing testcase when the files are valid;
//! - `overdue` findings and error diagnostics are `<failure>`s; `due-soon`,
//!   `late`, gaps and warnings are `<skipped>` with the message (the schema
//!   allows no per-testcase output, and "skipped" is what CI views show as
//!   "look at this, not failing"). With `--strict` they are failures too,
//!   matching the exit status.
//!
//! The schema wants `timestamp`, `hostname` and `time`: they are the evaluation
//! date at midnight, `localhost` and `0`, so the same files give the same XML.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::locate;
use super::{RenderOptions, Report};
use crate::dates::iso;
use crate::diag::Severity;
use crate::eval::{Category, Finding, FindingType};
use crate::messages::Label;
use crate::messages::render::{self as text, Word};

/// What the JUnit view needs besides the report.
pub struct Options<'a> {
    /// `--strict`: due-soon, late, gaps and warnings fail too.
    pub strict: bool,
    /// `--unit` filter: only these units get a testsuite. Empty: every unit.
    pub units: &'a [String],
    pub render: &'a RenderOptions,
}

/// The name of the testsuite holding the diagnostics.
pub const DIAGNOSTICS_SUITE: &str = "ledger diagnostics";

enum Outcome {
    Pass,
    Skipped {
        message: String,
    },
    Failure {
        kind: String,
        message: String,
        detail: String,
    },
}

struct Case {
    name: String,
    classname: String,
    outcome: Outcome,
}

struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

pub fn render(report: &Report<'_>, opts: &Options<'_>, out: &mut dyn Write) -> io::Result<()> {
    let lang = opts.render.lang;
    let mut suites = vec![diagnostics_suite(report, opts)];
    if let Some(repo) = report.repo {
        let mut by_unit: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        if opts.units.is_empty() {
            for id in repo.units.keys() {
                by_unit.entry(id.as_str()).or_default();
            }
        } else {
            for id in opts.units {
                by_unit.entry(id.as_str()).or_default();
            }
        }
        for f in report.findings {
            by_unit.entry(f.unit.as_str()).or_default().push(f);
        }
        for (unit, findings) in by_unit {
            let mut cases = Vec::new();
            for f in &findings {
                let message = locate::describe(repo, f, lang);
                let place = report
                    .place(f)
                    .map(|p| format!("{}:{}:{}", opts.render.paths.join(p.path), p.line, p.column));
                let detail = match place {
                    Some(p) => format!("{p}: {message}"),
                    None => message.clone(),
                };
                let kind = locate::rule_id(f.category, f.kind);
                let fails = f.category == Category::Overdue || opts.strict;
                cases.push(Case {
                    name: case_name(f),
                    classname: unit.to_owned(),
                    outcome: if fails {
                        Outcome::Failure {
                            kind,
                            message,
                            detail,
                        }
                    } else {
                        Outcome::Skipped { message: detail }
                    },
                });
            }
            let flawed = repo.findings_blocked || repo.ledgers.get(unit).is_some_and(|l| l.flawed);
            if flawed {
                let message = text::not_evaluated(unit, repo.findings_blocked, lang);
                cases.push(Case {
                    name: Word::NotEvaluated.text(lang).to_owned(),
                    classname: unit.to_owned(),
                    outcome: Outcome::Skipped { message },
                });
            } else if cases.is_empty() {
                cases.push(Case {
                    name: Label::AllClear.text(lang).to_owned(),
                    classname: unit.to_owned(),
                    outcome: Outcome::Pass,
                });
            }
            let mut properties = vec![("unit", unit.to_owned())];
            if let Some(u) = repo.unit(unit) {
                properties.push(("unit.name", u.name.value.clone()));
            }
            properties.push(("as_of", iso(report.as_of)));
            suites.push(Suite {
                name: unit.to_owned(),
                properties,
                cases,
            });
        }
    }
    write_xml(report, &suites, out)
}

/// `overdue/obligation WP14/half-year-report 2018-H2`, `gap/no-ledger`…: the
/// kind, then the ids that make the finding unique within its unit.
fn case_name(f: &Finding) -> String {
    let mut name = locate::rule_id(f.category, f.kind);
    let r = f.ref_.as_deref().unwrap_or("");
    match (f.kind, &f.obligation, &f.item) {
        (FindingType::Item, _, Some(i)) => {
            name.push(' ');
            name.push_str(i);
        }
        (_, Some(o), _) if o != r => name.push_str(&format!(" {r}/{o}")),
        _ if !r.is_empty() => name.push_str(&format!(" {r}")),
        _ => {}
    }
    if let Some(p) = &f.period {
        name.push(' ');
        name.push_str(p);
    }
    name
}

fn diagnostics_suite(report: &Report<'_>, opts: &Options<'_>) -> Suite {
    let lang = opts.render.lang;
    let paths = &opts.render.paths;
    let mut cases = Vec::new();
    for d in report.diagnostics {
        let place = match (&d.file, d.line, d.column) {
            (Some(f), Some(l), Some(c)) => format!("{}:{l}:{c}", paths.join(f)),
            (Some(f), _, _) => paths.join(f),
            _ => String::new(),
        };
        let mut detail = if place.is_empty() {
            format!(
                "{}[{}]: {}",
                d.severity.as_str(),
                d.code.as_str(),
                d.message
            )
        } else {
            format!(
                "{place}: {}[{}]: {}",
                d.severity.as_str(),
                d.code.as_str(),
                d.message
            )
        };
        if let Some(help) = &d.help {
            detail.push('\n');
            detail.push_str(text::help_prefix(lang));
            detail.push_str(help);
        }
        let fails = d.severity == Severity::Error || opts.strict;
        let name = if place.is_empty() {
            d.code.as_str().to_owned()
        } else {
            format!("{} {place}", d.code.as_str())
        };
        cases.push(Case {
            name,
            classname: d
                .file
                .as_deref()
                .map_or_else(|| "ledger".to_owned(), |f| paths.join(f)),
            outcome: if fails {
                Outcome::Failure {
                    kind: d.code.as_str().to_owned(),
                    message: d.message.clone(),
                    detail,
                }
            } else {
                Outcome::Skipped { message: detail }
            },
        });
    }
    if cases.is_empty() {
        cases.push(Case {
            name: Word::AllFilesValid.text(lang).to_owned(),
            classname: "ledger".to_owned(),
            outcome: Outcome::Pass,
        });
    }
    Suite {
        name: DIAGNOSTICS_SUITE.to_owned(),
        properties: vec![
            ("as_of", iso(report.as_of)),
            (
                "units_not_evaluated",
                report.summary.units_not_evaluated.to_string(),
            ),
        ],
        cases,
    }
}

fn write_xml(report: &Report<'_>, suites: &[Suite], out: &mut dyn Write) -> io::Result<()> {
    let timestamp = format!("{}T00:00:00", iso(report.as_of));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites>")?;
    for (id, suite) in suites.iter().enumerate() {
        let failures = suite
            .cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Failure { .. }))
            .count();
        let skipped = suite
            .cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Skipped { .. }))
            .count();
        writeln!(
            out,
            r#"  <testsuite name="{name}" package="{name}" id="{id}" timestamp="{timestamp}" hostname="localhost" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}" time="0">"#,
            name = attr(&suite.name),
            tests = suite.cases.len(),
        )?;
        writeln!(out, "    <properties>")?;
        for (name, value) in &suite.properties {
            writeln!(
                out,
                r#"      <property name="{}" value="{}"/>"#,
                attr(name),
                attr(value)
            )?;
        }
        writeln!(out, "    </properties>")?;
        for case in &suite.cases {
            let head = format!(
                r#"    <testcase name="{}" classname="{}" time="0""#,
                attr(&case.name),
                attr(&case.classname)
            );
            match &case.outcome {
                Outcome::Pass => writeln!(out, "{head}/>")?,
                Outcome::Skipped { message } => {
                    writeln!(out, "{head}>")?;
                    writeln!(out, r#"      <skipped message="{}"/>"#, attr(message))?;
                    writeln!(out, "    </testcase>")?;
                }
                Outcome::Failure {
                    kind,
                    message,
                    detail,
                } => {
                    writeln!(out, "{head}>")?;
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{}</failure>"#,
                        attr(kind),
                        attr(message),
                        body(detail)
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
            }
        }
        writeln!(out, "    <system-out/>")?;
        writeln!(out, "    <system-err/>")?;
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Text as an XML attribute value (double-quoted). Line breaks and tabs are
/// written as character references so they survive attribute normalisation.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(xml_char(c)),
        }
    }
    out
}

/// Text as XML element content.
pub fn body(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(c),
            c => out.push(xml_char(c)),
        }
    }
    out
}

/// XML 1.0 has no way to write most control characters, even escaped: they
/// become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
            '\u{FFFD}'
        }
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            attr("a<b & \"c\" 'd'\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&#10;\u{FFFD}"
        );
        assert_eq!(body("x < y && z\n\u{7}"), "x &lt; y &amp;&amp; z\n\u{FFFD}");
    }
}
