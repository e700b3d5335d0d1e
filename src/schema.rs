//! JSON Schemas of the three file kinds, generated from [`crate::model`].
//!
//! The committed copies in `schema/` are what editors load through the
//! `# yaml-language-server: $schema=…` modeline; `tests/it/schema.rs` fails when
//! they drift from the types, and `ledger schema --out schema` refreshes them.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

use crate::model::{Config, LedgerFile, PlanFile};

fn generate<T: JsonSchema>(id: &str) -> String {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("$id".to_owned(), serde_json::Value::String(id.to_owned()));
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// (file name, schema text) for `ledger.toml`, `plan/*.yaml` and `units/*.yaml`.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("config.schema.json", generate::<Config>("ledger-config-v1")),
        ("plan.schema.json", generate::<PlanFile>("ledger-plan-v1")),
        (
            "ledger.schema.json",
            generate::<LedgerFile>("ledger-unit-ledger-v1"),
        ),
    ]
}
