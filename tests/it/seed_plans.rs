//! The seed plans as data: plan 000's 35 points carry exactly the lead and
//! supporting units of the seed's parentheses (compared with a table transcribed
//! by hand into tests/data), the checklists have all their items, and every
//! shipped repository checks without errors.

use crate::common;
use std::collections::HashMap;

use ledger::load::{analyze, read_repo};
use ledger::model::Origin;

fn load(rel: &str) -> ledger::load::Analysis {
    let root = common::root().join(rel);
    let today = ledger::dates::parse_iso_date("2019-01-15").expect("date");
    analyze(read_repo(&root), None, today)
}

fn tsv(rel: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(common::root().join(rel))
        .expect("tsv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn plan_000_points_have_the_seed_lead_and_support_units() {
    let a = load("ledgers");
    let names: HashMap<String, String> = tsv("tests/data/plan000-map.tsv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let ids = |cell: Option<&String>| -> Vec<String> {
        let mut v: Vec<String> = cell
            .map(|c| {
                c.split('、')
                    .filter(|s| !s.is_empty())
                    .map(|n| names[n].clone())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let expected = tsv("tests/data/plan000-units.tsv");
    assert_eq!(expected.len(), 35);
    let points: Vec<_> = a
        .repo
        .plans
        .iter()
        .flat_map(|p| p.plan.points.iter())
        .collect();
    assert_eq!(points.len(), 35);
    for row in &expected {
        let no: u32 = row[0].parse().expect("no");
        let p = points
            .iter()
            .find(|p| p.no.as_ref().map(|n| n.value) == Some(no))
            .unwrap_or_else(|| panic!("point {no} missing"));
        let mut lead: Vec<String> = p.lead.iter().map(|u| u.value.0.clone()).collect();
        let mut support: Vec<String> = p.support.iter().map(|u| u.value.0.clone()).collect();
        lead.sort();
        support.sort();
        assert_eq!(lead, ids(row.get(1)), "point {no} lead");
        assert_eq!(support, ids(row.get(2)), "point {no} support");
    }
}

#[test]
fn plan_000_point_2_splits_aspects_among_units() {
    let a = load("ledgers");
    let (_, p) = a.repo.point("WP02").expect("WP02");
    let mut units: Vec<&str> = p.duties.iter().map(|d| d.unit.value.0.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    assert_eq!(units, ["jw", "wb", "xcbu", "zzb"]);
}

#[test]
fn plan_000_checklists_have_every_item() {
    let a = load("ledgers");
    let sizes: Vec<usize> = a
        .repo
        .plans
        .iter()
        .flat_map(|p| p.plan.checklists.iter())
        .map(|c| c.items.len())
        .collect();
    assert_eq!(sizes, [22, 12, 8]);
}

#[test]
fn plan_000_cadences_are_obligations() {
    let a = load("ledgers");
    let ob = |point: &str| -> Vec<String> {
        let (_, p) = a.repo.point(point).expect("point");
        p.obligations
            .iter()
            .map(|o| {
                o.every
                    .as_ref()
                    .map(|e| e.value.as_str().to_owned())
                    .or(o.within.as_ref().map(|_| "cover".to_owned()))
                    .unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(ob("WP06"), ["cover"]);
    assert!(ob("WP10").contains(&"year".to_owned()));
    assert!(
        ob("WP14").contains(&"half-year".to_owned()) && ob("WP14").contains(&"year".to_owned())
    );
    // 16: 至少每半年会同被监督单位党组织专题研究1次 — each 派驻纪检组 covers the units it
    // supervises every half-year; 定期约谈, 定期汇报 are 定期.
    assert_eq!(ob("WP16"), ["cover", "regularly", "regularly"]);
    // 17: 定期听取, 定期分析研判; 24: 定期向上级党组织反映情况.
    assert_eq!(ob("WP17"), ["regularly", "regularly"]);
    assert_eq!(ob("WP24"), ["regularly"]);
    let regular_items: Vec<&str> = a
        .repo
        .plans
        .iter()
        .flat_map(|p| p.plan.checklists.iter())
        .flat_map(|c| c.items.iter())
        .filter(|i| {
            i.every
                .as_ref()
                .is_some_and(|e| e.value.as_str() == "regularly")
        })
        .map(|i| i.id.value.0.as_str())
        .collect();
    assert_eq!(regular_items, ["D13", "D16", "G05", "G06"]);
    // 32: the 3个月 is for clues handed down or transferred, on whatever point they are
    // filed — a deadline rule, not a deadline of WP32 (which would bind its rectifications).
    let (_, p32) = a.repo.point("WP32").expect("WP32");
    assert!(p32.deadline.is_none());
    let rules: Vec<_> = a
        .repo
        .plans
        .iter()
        .flat_map(|p| p.plan.deadlines.iter())
        .collect();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].deadline.value.to_string(), "3 months");
    assert_eq!(
        rules[0].ref_.as_ref().map(|r| r.value.0.as_str()),
        Some("WP32")
    );
    let origins: Vec<Origin> = rules[0].origin.iter().map(|o| o.value).collect();
    assert_eq!(origins, [Origin::Assigned, Origin::Transferred]);
    let plan_wide: Vec<&str> = a
        .repo
        .plans
        .iter()
        .flat_map(|p| p.plan.obligations.iter())
        .map(|o| o.id.value.0.as_str())
        .collect();
    assert!(plan_wide.contains(&"annual-summary"));
}

#[test]
fn every_shipped_repository_checks_without_errors() {
    let mut repos = vec!["ledgers".to_owned()];
    for e in std::fs::read_dir(common::root().join("examples"))
        .expect("examples")
        .flatten()
    {
        if e.path().join("ledger.toml").is_file() {
            repos.push(format!("examples/{}", e.file_name().to_string_lossy()));
        }
    }
    assert!(repos.len() >= 5, "{repos:?}");
    for r in repos {
        let args: Vec<String> = ["check", "--repo", &r, "--format", "json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let run = common::run_in(&common::root(), &args);
        let j = run.json();
        assert_eq!(j["summary"]["errors"], 0, "{r}: {}", run.stdout);
        assert_eq!(j["summary"]["warnings"], 0, "{r}: {}", run.stdout);
        assert!(run.status == 0 || run.status == 1, "{r}");
    }
}

#[test]
fn default_run_output() {
    // `ledgers/ledger.toml` pins as_of, so this is stable over time.
    let args: Vec<String> = [
        "check", "--repo", "ledgers", "--lang", "en", "--color", "never",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let run = common::run_in(&common::root(), &args);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("default_run_en", run.stdout);
    let args: Vec<String> = [
        "check", "--repo", "ledgers", "--lang", "zh", "--color", "never", "--format", "json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let run = common::run_in(&common::root(), &args);
    insta::assert_snapshot!("default_run_json", run.stdout);
}

#[test]
fn diagnostics_render_over_the_source_lines() {
    for lang in ["en", "zh"] {
        let args: Vec<String> = [
            "check",
            "--repo",
            "tests/fixtures/conformance/invalid/repo",
            "--as-of",
            "2019-01-15",
            "--lang",
            lang,
            "--color",
            "never",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let run = common::run_in(&common::root(), &args);
        assert_eq!(run.status, 2);
        insta::assert_snapshot!(format!("invalid_human_{lang}"), run.stdout);
    }
}
