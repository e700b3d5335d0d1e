//! The integration tests, as modules of one test binary: each file under
//! `tests/` used to link its own binary against the library and every
//! dev-dependency, which was most of the build time of `cargo test`.

mod common;

mod audit;
mod audit_trail;
mod big_runs;
mod ci_formats;
mod clerk;
mod codeowners;
mod codeowners_broken_registry;
mod conformance;
mod diagnostics;
mod diff;
mod export;
mod findings;
mod forgiving;
mod format11;
mod handon;
mod hardening;
mod hostile;
mod json_contract;
mod office;
mod properties;
mod rollup;
mod sampling;
mod schema;
mod seed_plans;
mod summary;
mod surface;
mod tables;
