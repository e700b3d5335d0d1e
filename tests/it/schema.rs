//! The committed JSON Schemas: equal to what the types generate, and accepted /
//! rejected by a real JSON Schema validator on real files.

use crate::common;
use std::path::{Path, PathBuf};

use ledger::decode::toml_to_node;
use ledger::source::Source;
use serde_json::Value;

fn committed(name: &str) -> Value {
    let text =
        std::fs::read_to_string(common::root().join("schema").join(name)).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

#[test]
fn committed_schemas_match_the_types() {
    for (name, generated) in ledger::schema::all() {
        let path = common::root().join("schema").join(name);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "{} drifted from src/model.rs; run `cargo run -- schema --out schema` and commit",
            path.display()
        );
    }
}

fn yaml_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read");
    let src = Source::from_text(path.display().to_string(), text);
    ledger::yaml::parse(&src)
        .expect("parses")
        .root
        .map_or(Value::Null, |n| n.to_json())
}

fn toml_json(text: &str) -> Value {
    let table = toml::de::DeTable::parse(text).expect("toml");
    let span = table.span();
    toml_to_node(&toml::Spanned::new(
        span,
        toml::de::DeValue::Table(table.into_inner()),
    ))
    .to_json()
}

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&committed(name))
        .expect("valid schema")
}

/// Every ledger repository shipped with the project.
fn repositories() -> Vec<PathBuf> {
    let root = common::root();
    let mut out = vec![root.join("ledgers")];
    for dir in ["examples", "tests/fixtures/conformance"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            for candidate in [p.clone(), p.join("repo")] {
                if candidate.join("ledger.toml").is_file() && !p.ends_with("invalid") {
                    out.push(candidate);
                }
            }
        }
    }
    out.sort();
    out
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn schemas_accept_every_valid_repository() {
    let plan = validator("plan.schema.json");
    let ledger_schema = validator("ledger.schema.json");
    let config = validator("config.schema.json");
    let repos = repositories();
    assert!(repos.len() >= 5, "{repos:?}");
    let mut checked = 0;
    for repo in repos {
        let cfg = std::fs::read_to_string(repo.join("ledger.toml")).expect("ledger.toml");
        let errs: Vec<String> = config
            .iter_errors(&toml_json(&cfg))
            .map(|e| e.to_string())
            .collect();
        assert!(errs.is_empty(), "{}: {errs:?}", repo.display());
        for (dir, v) in [("plan", &plan), ("units", &ledger_schema)] {
            for f in yaml_files(&repo.join(dir)) {
                let errs: Vec<String> = v
                    .iter_errors(&yaml_json(&f))
                    .map(|e| e.to_string())
                    .collect();
                assert!(errs.is_empty(), "{}: {errs:?}", f.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "only {checked} files checked");
}

fn rejects(schema: &str, yaml: &str) {
    let v = validator(schema);
    let src = Source::from_text("t.yaml".into(), yaml.into());
    let json = ledger::yaml::parse(&src)
        .expect("parses")
        .root
        .expect("root")
        .to_json();
    assert!(!v.is_valid(&json), "schema {schema} accepted:\n{yaml}");
}

#[test]
fn schemas_reject_invalid_files() {
    rejects("ledger.schema.json", "records: []\n");
    rejects("ledger.schema.json", "unit: jw\nremark: x\n");
    rejects("ledger.schema.json", "unit: JW\n");
    rejects(
        "ledger.schema.json",
        "unit: jw\nrecords:\n  - {id: a, date: 2018/6/30, ref: WP01, kind: rules, title: x}\n",
    );
    rejects(
        "ledger.schema.json",
        "unit: jw\nrecords:\n  - {id: a, date: 2018-06-30, ref: WP01, kind: rules}\n",
    );
    rejects(
        "ledger.schema.json",
        "unit: jw\nrecords:\n  - {id: a, date: 2018-06-30, ref: WP01, kind: rules, title: x, period: 2018-Q5}\n",
    );
    rejects(
        "ledger.schema.json",
        "unit: jw\nitems:\n  - {id: a, kind: rectify, ref: WP01, title: x, opened: 2018-06-01}\n",
    );
    rejects("plan.schema.json", "points:\n  - {id: WP01, title: x}\n");
    rejects(
        "plan.schema.json",
        "points:\n  - {id: WP01, title: x, lead: [jw], remark: y}\n",
    );
    rejects(
        "plan.schema.json",
        "points:\n  - {id: WP01, title: x, lead: [jw], deadline: 三个月}\n",
    );
    rejects(
        "plan.schema.json",
        "checklists:\n  - {id: c, title: x, applies_to: {tags: [a], units: [b]}, items: []}\n",
    );
    rejects(
        "plan.schema.json",
        "obligations:\n  - {id: o, title: x, who: leads, cover: {tags: [a]}, within: decade}\n",
    );
    let config = validator("config.schema.json");
    assert!(!config.is_valid(&toml_json("[check]\ndue_soon = 3\n")));
    assert!(!config.is_valid(&toml_json("[term]\nstart = 2016-10-01\n")));
}

#[test]
fn sample_ledgers_carry_the_schema_modeline() {
    for repo in [common::root().join("ledgers")] {
        for f in yaml_files(&repo.join("units"))
            .into_iter()
            .chain(yaml_files(&repo.join("plan")))
        {
            let text = std::fs::read_to_string(&f).expect("read");
            assert!(
                text.lines()
                    .take(3)
                    .any(|l| l.starts_with("# yaml-language-server: $schema=")),
                "{} has no schema modeline",
                f.display()
            );
        }
    }
}

// ------------------------------------- the decoder's keys are the schema's
// Driven through the binary, since the decoder's key lists are private: a
// repository built from the schemas with every property must have no
// `unknown-field`, and one extra key in each object must each be one. (A key
// the decoder accepts but the schema lacks would still pass; the schemas are
// generated from the model types, which the decoder fills.)

/// A value for schema `s` with every property of every object in it. Values
/// need only be well-formed: this is about keys, and a wrong value is an
/// `invalid-value`, never an `unknown-field`.
fn instance(root: &Value, s: &Value) -> Value {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.strip_prefix("#/$defs/").expect("local $ref");
        return instance(root, &root["$defs"][name]);
    }
    for alt in ["anyOf", "oneOf"] {
        if let Some(first) = s[alt]
            .as_array()
            .and_then(|a| a.iter().find(|v| v["type"] != "null"))
        {
            return instance(root, first);
        }
    }
    if let Some(first) = s["enum"].as_array().and_then(|a| a.first()) {
        return first.clone();
    }
    let ty = match &s["type"] {
        Value::Array(tys) => tys.iter().find(|t| *t != "null").cloned(),
        t => Some(t.clone()),
    };
    match ty.as_ref().and_then(Value::as_str) {
        Some("object") => {
            let mut obj = serde_json::Map::new();
            if let Some(props) = s["properties"].as_object() {
                for (k, v) in props {
                    obj.insert(k.clone(), instance(root, v));
                }
            }
            if s["additionalProperties"].is_object() {
                // A map with keys of the user's choosing.
                obj.insert("k1".into(), instance(root, &s["additionalProperties"]));
            }
            Value::Object(obj)
        }
        Some("array") => Value::Array(vec![instance(root, &s["items"])]),
        Some("integer" | "number") => Value::from(1),
        Some("boolean") => Value::Bool(true),
        _ if s["format"] == "date" => Value::from("2019-01-01"),
        _ => Value::from("x"),
    }
}

/// Add a key `zz_extra_N` to every object of `v` that the schema gives fixed
/// properties (not to maps), returning the keys added.
fn add_extra_keys(v: &mut Value, added: &mut Vec<String>) {
    match v {
        Value::Object(obj) => {
            for child in obj.values_mut() {
                add_extra_keys(child, added);
            }
            if !obj.contains_key("k1") {
                let key = format!("zz_extra_{}", added.len());
                obj.insert(key.clone(), Value::from("x"));
                added.push(key);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| add_extra_keys(i, added)),
        _ => {}
    }
}

/// A repository whose three kinds of file hold the instances given (JSON is
/// YAML; the config is written as TOML).
fn write_repo(config: &Value, plan: &Value, unit: &Value) -> common::Repo {
    let unit_id = unit["unit"].as_str().expect("unit id").to_owned();
    common::Repo::bare()
        .file(
            "ledger.toml",
            &toml::to_string(config).expect("config as TOML"),
        )
        .file(
            "plan/plan.yaml",
            &serde_json::to_string_pretty(plan).unwrap(),
        )
        .file(
            &format!("units/{unit_id}.yaml"),
            &serde_json::to_string_pretty(unit).unwrap(),
        )
}

fn instances() -> [Value; 3] {
    [
        "config.schema.json",
        "plan.schema.json",
        "ledger.schema.json",
    ]
    .map(|name| {
        let schema = committed(name);
        instance(&schema, &schema)
    })
}

fn unknown_fields(repo: &common::Repo) -> Vec<String> {
    repo.check("2019-01-15", &[]).json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        // Errors only: a point's deprecated `no` (both spellings are in the
        // schema) is an `unknown-field` warning in format 1.1.
        .filter(|d| d["code"] == "unknown-field" && d["severity"] == "error")
        .map(|d| format!("{}:{} {}", d["file"], d["line"], d["message"]))
        .collect()
}

#[test]
fn every_schema_property_is_a_key_the_decoder_knows() {
    let [config, plan, unit] = instances();
    let repo = write_repo(&config, &plan, &unit);
    assert_eq!(unknown_fields(&repo), Vec::<String>::new());
}

#[test]
fn every_object_of_the_schema_rejects_a_key_it_does_not_define() {
    let [mut config, mut plan, mut unit] = instances();
    let mut added = Vec::new();
    for v in [&mut config, &mut plan, &mut unit] {
        add_extra_keys(v, &mut added);
    }
    let repo = write_repo(&config, &plan, &unit);
    let found = unknown_fields(&repo);
    let missed: Vec<&String> = added
        .iter()
        .filter(|k| !found.iter().any(|f| f.contains(&format!("`{k}`"))))
        .collect();
    assert!(
        missed.is_empty() && found.len() == added.len(),
        "keys not reported as unknown-field: {missed:?}\nreported: {found:#?}"
    );
}
