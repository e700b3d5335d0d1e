//! `--format json`: the §8.1 envelope. The wire types live here alone, so the
//! contract is visible in one place (and `tests/it/json_contract.rs` parses it back).

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Summary};
use crate::eval::Finding;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    version: u32,
    /// Added for format 1.1 repositories only (docs/format.md §1.1.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    as_of: String,
    summary: Summary,
    diagnostics: Vec<Diag<'a>>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Diag<'a> {
    severity: &'static str,
    code: &'static str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

pub fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let format = report
        .repo
        .map(|r| r.format)
        .filter(|f| *f >= crate::model::FormatVersion::V1_1)
        .map(crate::model::FormatVersion::as_str);
    let env = Envelope {
        version: VERSION,
        format,
        as_of: crate::dates::iso(report.as_of),
        summary: report.summary,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Diag {
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                file: d.file.as_deref(),
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        findings: report.findings,
    };
    serde_json::to_writer_pretty(&mut *out, &env).map_err(io::Error::other)?;
    writeln!(out)
}
