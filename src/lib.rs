//! `ledger`: work ledgers (台账) of party-discipline offices as version-controlled YAML.
//!
//! The pipeline, one module a stage:
//! discover/read ([`load`]) → text ([`source`]) → YAML tree with spans ([`yaml`])
//! → model types ([`decode`] into [`model`]) → cross-file meaning ([`validate`])
//! → deadlines and coverage ([`eval`], on [`dates`]) → output ([`render`]).
//! [`check::check`] runs the whole sequence; the CLI, fuzz target, bench and
//! property tests all call it.
//! The library never prints: renderers write into a given writer.
#![warn(clippy::print_stdout, clippy::print_stderr, unreachable_pub)]

pub mod agenda;
pub mod check;
pub mod clerk;
pub mod cli;
pub(crate) mod codeowners;
pub mod dates;
pub mod decode;
pub mod diag;
pub(crate) mod discover;
pub mod eval;
pub(crate) mod export;
pub(crate) mod export_html;
pub(crate) mod export_ics;
pub(crate) mod history;
pub mod load;
pub mod messages;
pub mod model;
pub mod name;
pub mod render;
pub(crate) mod report;
pub(crate) mod sample;
pub mod schema;
pub mod scope;
pub(crate) mod select;
pub mod show;
pub mod source;
pub(crate) mod suggest;
pub(crate) mod summary;
pub(crate) mod toml;
pub mod validate;
pub mod yaml;
