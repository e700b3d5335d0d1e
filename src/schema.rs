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
    // A point's `no` is format 1's key and 1.1's deprecated alias of
    // `number` (one model field, two spellings): editors should still accept
    // it in version 1 plans, and offer `number`.
    if let Some(point) = schema
        .get_mut("$defs")
        .and_then(|d| d.get_mut("Point"))
        .and_then(|p| p.get_mut("properties"))
        .and_then(serde_json::Value::as_object_mut)
    {
        point.insert(
            "no".to_owned(),
            serde_json::json!({
                "description": "序号（格式 1 的写法；1.1 请写 number：YAML 1.1 工具会把 no 读成 false）/ display number (format 1's key; write `number` in 1.1: YAML 1.1 tools read `no` as false)",
                "type": ["integer", "null"],
                "format": "uint32",
                "minimum": 0,
                "deprecated": true
            }),
        );
    }
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
