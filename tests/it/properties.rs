//! Algebraic properties of evaluation, on generated ledgers (in memory, through
//! through [`ledger::check::check_files`], the pipeline the CLI runs).

use ledger::check::{CheckOptions, check_files};
use ledger::dates::{Date, parse_iso_date};
use ledger::eval::{Category, Finding};
use ledger::load::InputFile;
use ledger::messages::Lang;
use proptest::prelude::*;

const PLAN: &str = "plan: {id: p, issued: 2018-01-01}
units:
  - {id: jw, name: 区纪委, tags: [discipline]}
  - {id: jd-a, name: 甲街, tags: [street]}
  - {id: jd-b, name: 乙街, tags: [street]}
  - {id: jd-c, name: 丙街, tags: [street]}
points:
  - id: WP01
    title: x
    lead: [jw]
    obligations:
      - {id: m, title: 每月, every: month, min: 2}
      - {id: q, title: 每季度, every: quarter, window: last-month}
      - {id: y, title: 每年, every: year, due: 12-10}
      - {id: c, title: 覆盖, cover: {tags: [street]}, within: year, share: 50%}
";

fn day(offset: u16) -> Date {
    parse_iso_date("2018-01-01").expect("date") + chrono::Days::new(u64::from(offset))
}

fn ledger(records: &[(u16, u8)]) -> String {
    let mut s = String::from("unit: jw\nrecords:\n");
    for (i, (d, t)) in records.iter().enumerate() {
        let target = ["jd-a", "jd-b", "jd-c"][usize::from(*t) % 3];
        s.push_str(&format!(
            "  - {{id: r{i}, date: {}, ref: WP01, kind: meeting, title: x, target: {target}}}\n",
            day(*d)
        ));
    }
    s
}

fn run(records: &[(u16, u8)], as_of: Date) -> Vec<Finding> {
    let files = vec![
        InputFile::new("ledger.toml", "[check]\ndue_soon_days = 20\n"),
        InputFile::new("plan/plan.yaml", PLAN),
        InputFile::new("units/jw.yaml", ledger(records)),
    ];
    let opts = CheckOptions {
        as_of: Some(as_of),
        today: as_of,
        units: Vec::new(),
        lang: Lang::En,
    };
    let run = check_files(files, &opts).expect("no --unit filter");
    // Records after as_of only warn (future-date); nothing here may be an error.
    assert_eq!(run.summary.errors, 0);
    assert_eq!(run.settings.due_soon_days, 20);
    run.findings
}

fn count(f: &[Finding], c: Category) -> usize {
    f.iter().filter(|x| x.category == c).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_extra_record_never_adds_overdue_or_gaps(
        records in prop::collection::vec((0u16..730, 0u8..3), 0..40),
        extra in (0u16..730, 0u8..3),
        as_of in 0u16..800,
    ) {
        let as_of = day(as_of);
        let before = run(&records, as_of);
        let mut more = records.clone();
        more.push(extra);
        let after = run(&more, as_of);
        prop_assert!(count(&after, Category::Overdue) <= count(&before, Category::Overdue));
        // A missing period can become late (have ≥ min, too late), never the reverse
        // into overdue; and every overdue or late (obligation, period) after was there before.
        for f in after.iter().filter(|f| f.category == Category::Overdue) {
            prop_assert!(before.iter().any(|b| b.category == Category::Overdue
                && b.obligation == f.obligation && b.period == f.period));
        }
        prop_assert!(count(&after, Category::Gap) <= count(&before, Category::Gap));
    }

    #[test]
    fn findings_are_sorted_unique_and_consistent(
        records in prop::collection::vec((0u16..730, 0u8..3), 0..40),
        as_of in 0u16..800,
    ) {
        let as_of = day(as_of);
        let f = run(&records, as_of);
        for w in f.windows(2) {
            prop_assert!(w[0].category <= w[1].category);
            prop_assert!(w[0] != w[1]);
        }
        for x in &f {
            if let Some(due) = x.due {
                match x.category {
                    Category::Overdue => prop_assert!(due < as_of && x.days_overdue.unwrap_or(0) >= 1),
                    Category::DueSoon => prop_assert!(due >= as_of && x.days_left.unwrap_or(-1) <= 20),
                    _ => {}
                }
            }
            if let (Some(h), Some(n)) = (x.have, x.need) {
                if x.category == Category::Late { prop_assert!(h >= n); }
                if x.category == Category::Overdue { prop_assert!(h < n || x.kind.as_str() == "coverage"); }
            }
        }
    }
}
