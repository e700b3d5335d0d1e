//! `--format sarif`: SARIF 2.1.0, for code-scanning views (GitHub code
//! scanning, Azure DevOps, IDE viewers). One run of the tool `ledger`:
//!
//! - `tool.driver.rules`: every diagnostic code (`unknown-ref`…) and every kind
//!   of finding (`overdue/obligation`, `gap/no-ledger`…, see
//!   [`locate::FINDING_KINDS`]), each with a short description and its
//!   default level; results refer to them by `ruleId` and `ruleIndex`;
//! - one result per diagnostic and per finding. Levels: error diagnostics and
//!   `overdue` are `error`; warnings, `due-soon` and `late` are `warning`;
//!   gaps are `note` (something missing, nothing yet late);
//! - locations: `artifactLocation.uri` relative to the checkout (see
//!   [`super::locate::PathBase`]; with `uriBaseId` `%SRCROOT%`), `region.startLine` and
//!   `startColumn` (columns count Unicode code points: `columnKind`).
//!   Findings point at the line defining what they are about
//!   ([`crate::eval::Finding::at`]);
//! - a finding result carries the §8.1 JSON finding in `properties.finding`
//!   and a stable `partialFingerprints` entry so viewers can track it across runs.
//!
//! The wire types live here alone; `tests/it/ci_formats.rs` validates the output
//! against the OASIS schema in `tests/data/ci/`.

use std::io::{self, Write};

use serde::Serialize;

use super::locate;
use super::{RenderOptions, Report, Summary};
use crate::dates::iso;
use crate::diag::{Code, Severity};
use crate::eval::{Category, Finding, FindingType};
use crate::messages::Lang;
use crate::messages::render::{self as words, code_description};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties,
}

#[derive(Serialize)]
struct RunProperties {
    as_of: String,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_fingerprints: Option<Fingerprints>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "ledgerFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    finding: &'a Finding,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

fn severity_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn category_level(c: Category) -> &'static str {
    match c {
        Category::Overdue => "error",
        Category::DueSoon | Category::Late => "warning",
        Category::Gap => "note",
    }
}

/// The rules in `tool.driver.rules` order: diagnostic codes, then finding kinds.
fn rules(lang: Lang) -> Vec<Rule> {
    let codes = Code::ALL.iter().map(|&c| Rule {
        id: c.as_str().to_owned(),
        short_description: Text {
            text: code_description(c, lang).to_owned(),
        },
        default_configuration: Configuration {
            level: severity_level(c.severity()),
        },
    });
    let kinds = locate::FINDING_KINDS.iter().map(|&(cat, kind)| Rule {
        id: locate::rule_id(cat, kind),
        short_description: Text {
            text: words::rule_text(cat, kind, lang).to_owned(),
        },
        default_configuration: Configuration {
            level: category_level(cat),
        },
    });
    codes.chain(kinds).collect()
}

fn code_index(code: Code) -> usize {
    Code::ALL.iter().position(|&c| c == code).unwrap_or(0)
}

fn kind_index(cat: Category, kind: FindingType) -> usize {
    Code::ALL.len()
        + locate::FINDING_KINDS
            .iter()
            .position(|&k| k == (cat, kind))
            .unwrap_or(0)
}

pub fn render(report: &Report<'_>, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let (lang, paths) = (opts.lang, &opts.paths);
    let mut results = Vec::new();
    for d in report.diagnostics {
        let mut text = d.message.clone();
        if let Some(help) = &d.help {
            text.push('\n');
            text.push_str(words::help_prefix(lang));
            text.push_str(help);
        }
        let locations = d
            .file
            .as_deref()
            .map(|file| Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: uri(&paths.join(file)),
                        uri_base_id: SRCROOT,
                    },
                    region: d.line.zip(d.column).map(|(line, column)| Region {
                        start_line: line,
                        start_column: column,
                    }),
                },
            })
            .into_iter()
            .collect();
        results.push(SarifResult {
            rule_id: d.code.as_str().to_owned(),
            rule_index: code_index(d.code),
            level: severity_level(d.severity),
            message: Text { text },
            locations,
            partial_fingerprints: None,
            properties: None,
        });
    }
    if let Some(repo) = report.repo {
        for f in report.findings {
            let locations = report
                .place(f)
                .map(|p| Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(&paths.join(p.path)),
                            uri_base_id: SRCROOT,
                        },
                        region: Some(Region {
                            start_line: p.line,
                            start_column: p.column,
                        }),
                    },
                })
                .into_iter()
                .collect();
            results.push(SarifResult {
                rule_id: locate::rule_id(f.category, f.kind),
                rule_index: kind_index(f.category, f.kind),
                level: category_level(f.category),
                message: Text {
                    text: locate::describe(repo, f, lang),
                },
                locations,
                partial_fingerprints: Some(Fingerprints {
                    finding: fingerprint(f),
                }),
                properties: Some(ResultProperties { finding: f }),
            });
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "ledger",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: rules(lang),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
            properties: RunProperties {
                as_of: iso(report.as_of),
                summary: report.summary,
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

/// What makes a finding the same finding in the next run: its kind and ids,
/// not its day counts.
fn fingerprint(f: &Finding) -> String {
    [
        f.category.as_str(),
        f.kind.as_str(),
        &f.unit,
        f.ref_.as_deref().unwrap_or(""),
        f.obligation.as_deref().unwrap_or(""),
        f.item.as_deref().unwrap_or(""),
        f.period.as_deref().unwrap_or(""),
    ]
    .join("|")
}

/// A relative path as a URI reference: characters outside the unreserved and
/// path sets are percent-encoded (UTF-8), so `units/区纪委.yaml` stays valid.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_what_is_not_a_plain_path() {
        assert_eq!(uri("ledgers/units/zzb.yaml"), "ledgers/units/zzb.yaml");
        assert_eq!(uri("a b/区.yaml"), "a%20b/%E5%8C%BA.yaml");
    }

    #[test]
    fn every_rule_index_points_at_its_rule() {
        let rules = rules(Lang::En);
        for c in Code::ALL {
            assert_eq!(rules[code_index(c)].id, c.as_str());
        }
        for (cat, kind) in locate::FINDING_KINDS {
            assert_eq!(rules[kind_index(cat, kind)].id, locate::rule_id(cat, kind));
            assert!(
                !rules[kind_index(cat, kind)]
                    .short_description
                    .text
                    .is_empty()
            );
        }
    }
}
