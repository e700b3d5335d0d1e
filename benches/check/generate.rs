//! A deterministic generator of large, valid ledger repositories (spec §1-§6).
//!
//! One plan file (35 points with lead/support/duties, recurring obligations of every
//! cadence, two coverage obligations over the streets, a point `deadline`, two
//! checklists and a plan-wide `who: leads` obligation), a units registry, and one
//! ledger per unit with `records` records spread over 2018-2020 and `items` items.
//! The same seed always writes the same bytes; files are written in parallel.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate};
use rayon::prelude::*;

/// The evaluation date the generated data is meant for (nothing is dated after it).
pub const AS_OF: &str = "2021-01-15";

#[derive(Clone, Copy, Debug)]
pub struct Params {
    pub units: usize,
    pub records: usize,
    pub items: usize,
    pub seed: u64,
}

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `pct`/100.
    fn pct(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cadence {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Cadence {
    fn word(self) -> &'static str {
        match self {
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
            Cadence::HalfYear => "half-year",
            Cadence::Year => "year",
        }
    }

    fn months(self) -> u32 {
        match self {
            Cadence::Month => 1,
            Cadence::Quarter => 3,
            Cadence::HalfYear => 6,
            Cadence::Year => 12,
        }
    }

    /// The label of the period holding `d` (§4.2); a year sometimes as a bare number.
    fn label(self, d: NaiveDate) -> String {
        let (y, m) = (d.year(), d.month());
        match self {
            Cadence::Month => format!("{y}-{m:02}"),
            Cadence::Quarter => format!("{y}-Q{}", (m - 1) / 3 + 1),
            Cadence::HalfYear => format!("{y}-H{}", if m <= 6 { 1 } else { 2 }),
            Cadence::Year => format!("{y}"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    Lead,
    Support,
    All,
}

enum Form {
    Every {
        cadence: Cadence,
        min: Option<u32>,
        due: Option<&'static str>,
        last_month: bool,
    },
    Cover,
}

struct Obligation {
    id: &'static str,
    title: &'static str,
    kind: &'static str,
    who: Who,
    form: Form,
}

struct Unit {
    id: String,
    name: String,
    tag: &'static str,
    member: bool,
    parent: Option<&'static str>,
}

struct Point {
    id: String,
    title: &'static str,
    lead: Vec<usize>,
    support: Vec<usize>,
    duties: Vec<(usize, &'static str)>,
    deadline: bool,
    obligations: Vec<Obligation>,
}

struct ChecklistItem {
    id: String,
    text: &'static str,
    every: Option<(Cadence, Option<u32>, bool)>,
}

struct Checklist {
    id: &'static str,
    title: &'static str,
    tag: &'static str,
    items: Vec<ChecklistItem>,
}

/// What a unit's records may `ref`, with a weight and what a matching record looks like.
struct RefChoice {
    id: String,
    weight: u32,
    /// The kind an obligation on this ref counts, if any.
    kind: Option<&'static str>,
    /// The cadence of a recurring obligation on this ref (for `period:`).
    cadence: Option<Cadence>,
    /// Records on this ref name streets as `target(s)`.
    covers: bool,
}

struct World {
    units: Vec<Unit>,
    points: Vec<Point>,
    checklists: Vec<Checklist>,
    streets: Vec<usize>,
}

const KINDS: &[&str] = &[
    "mechanism",
    "checklist",
    "rules",
    "ledger",
    "assessment",
    "meeting",
    "report",
    "talk",
    "inspection",
    "training",
    "review",
    "disclosure",
    "audit",
    "other",
];

const POINT_TITLES: &[&str] = &[
    "全面履行党内监督职责",
    "加强对党组织主要负责人和关键岗位领导干部的监督",
    "加强上级党组织对下级党组织的监督",
    "推进个人有关事项在党内一定范围内公开",
    "加强对领导干部的日常管理监督",
    "加强巡察工作",
    "严格党的组织生活制度",
    "坚持党内谈话制度",
    "严格执行干部考察考核制度",
    "加强述责述廉",
    "坚持和完善领导干部个人有关事项报告制度",
    "建立健全党的领导干部插手干预重大事项记录制度",
    "加强对同级党委的监督",
    "强化上级纪委对下级纪委的领导",
    "切实维护党的政治纪律和政治规矩",
    "加强派驻监督",
    "认真处理信访举报",
];

const RECORD_TITLES: &[&str] = &[
    "召开专题会议研究党风廉政建设工作",
    "报送党内监督工作情况报告",
    "制定党内监督工作实施细则",
    "建立领导干部管理监督台账",
    "开展廉政风险排查",
    "组织党员干部廉政教育专题培训",
    "对下级党组织主要负责人开展提醒谈话",
    "开展落实中央八项规定精神专项检查",
    "召开民主生活会并开展批评与自我批评",
    "通报典型问题并督促整改",
    "开展述责述廉评议",
    "组织年度党风廉政建设责任制考核",
    "审计发现问题移交处理",
    "梳理汇总问题线索并集体研究",
    "走访基层听取党员群众意见",
    "更新权力清单和责任清单",
];

const ITEM_TITLES: &[&str] = &[
    "巡察反馈：民主生活会质量不高",
    "巡察反馈：干部人事档案信息不一致",
    "检查反馈：三会一课记录不规范",
    "信访举报反映违规收受礼金问题",
    "上级交办：落实一把手监督十项措施情况核查",
    "审计反馈：公务接待超标准",
    "专项检查：廉政风险防控台账不完整",
];

const REASONS: &[&str] = &[
    "待区委常委会审议",
    "涉及多个部门需协调",
    "需待年度民主生活会召开后检验效果",
    "上级督导组要求补充材料",
];

const NOTES: &[&str] = &[
    "已制定整改方案",
    "已完成初步核实",
    "整改措施落实中",
    "已向上级报告进展",
];

const ASPECTS: &[&str] = &[
    "政治立场、落实意识形态工作责任制情况",
    "加强党的建设、从严治党、公道正派选人用人",
    "执行党的决议",
    "廉洁自律",
];

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a literal date")
}

fn ids(world: &World, xs: &[usize]) -> String {
    let v: Vec<&str> = xs.iter().map(|&i| world.units[i].id.as_str()).collect();
    format!("[{}]", v.join(", "))
}

fn build_world(p: &Params) -> World {
    let mut rng = Rng::new(p.seed, u64::MAX);
    let mut units: Vec<Unit> = Vec::new();
    let add = |units: &mut Vec<Unit>,
               id: String,
               name: String,
               tag: &'static str,
               parent: Option<&'static str>| {
        units.push(Unit {
            id,
            name,
            tag,
            member: false,
            parent,
        });
    };
    add(&mut units, "qw".into(), "区委".into(), "committee", None);
    add(
        &mut units,
        "dlxz".into(),
        "区党风廉政建设领导小组".into(),
        "leading-group",
        Some("qw"),
    );
    add(&mut units, "jw".into(), "区纪委".into(), "discipline", None);
    // Whatever the total, keep the proportions of a district: a few departments,
    // offices and government bodies, many streets and (mostly) grassroots bodies.
    let n = p.units.max(20);
    let depts = (n / 40).max(4);
    let offices = (n / 120).max(2);
    let gov = (n / 16).max(4);
    let streets = (n / 8).max(4);
    for i in 1..=depts {
        add(
            &mut units,
            format!("bm{i:02}"),
            format!("区委工作部门{i}"),
            "department",
            Some("qw"),
        );
    }
    for i in 1..=offices {
        add(
            &mut units,
            format!("bgs{i:02}"),
            format!("区委办事机构{i}"),
            "office",
            Some("qw"),
        );
    }
    for i in 1..=gov {
        add(
            &mut units,
            format!("zf{i:02}"),
            format!("区政府工作部门{i}"),
            "government",
            None,
        );
    }
    add(&mut units, "fy".into(), "区法院".into(), "court", None);
    add(
        &mut units,
        "jcy".into(),
        "区检察院".into(),
        "procuratorate",
        None,
    );
    let street_start = units.len();
    for i in 1..=streets {
        add(
            &mut units,
            format!("jd{i:02}"),
            format!("第{i}街道党工委"),
            "street",
            Some("qw"),
        );
    }
    let mut g = 1;
    while units.len() < n {
        add(
            &mut units,
            format!("jc{g:03}"),
            format!("基层党组织{g}"),
            "grassroots",
            None,
        );
        g += 1;
    }
    for (i, u) in units.iter_mut().enumerate() {
        u.member = u.tag == "grassroots" && i % 10 == 0;
    }
    let street_ids: Vec<usize> = (street_start..street_start + streets).collect();
    // Lead pool: the discipline commission, the leading group, departments, offices and
    // the first government bodies.
    let mut lead_pool: Vec<usize> = vec![1, 2];
    lead_pool.extend(3..3 + depts + offices + gov.min(10));
    let support_pool: Vec<usize> = (2..street_start + 4).collect();

    let mut points = Vec::new();
    for i in 1..=35usize {
        let mut lead = vec![*rng.pick(&lead_pool)];
        if rng.pct(10) {
            let other = *rng.pick(&lead_pool);
            if !lead.contains(&other) {
                lead.push(other);
            }
        }
        let mut support = Vec::new();
        for _ in 0..rng.below(6) {
            let s = *rng.pick(&support_pool);
            if !lead.contains(&s) && !support.contains(&s) {
                support.push(s);
            }
        }
        let mut duties = Vec::new();
        if i % 9 == 2 && !support.is_empty() {
            duties.push((lead[0], ASPECTS[1]));
            for (k, &s) in support.iter().take(2).enumerate() {
                duties.push((s, ASPECTS[(k + 2) % ASPECTS.len()]));
            }
        }
        let every = |cadence, min, due, last_month| Form::Every {
            cadence,
            min,
            due,
            last_month,
        };
        let ob = |id, title, kind, who, form| Obligation {
            id,
            title,
            kind,
            who,
            form,
        };
        let obligations = match i {
            3 => vec![ob(
                "monthly-meeting",
                "每月召开一次专题会议",
                "meeting",
                Who::Lead,
                every(Cadence::Month, None, None, false),
            )],
            5 => vec![ob(
                "quarterly-report",
                "每季度报送工作情况",
                "report",
                Who::Lead,
                every(Cadence::Quarter, Some(1), None, false),
            )],
            6 => vec![ob(
                "street-inspection",
                "每年对不少于10%的街道开展巡察",
                "inspection",
                Who::Lead,
                Form::Cover,
            )],
            10 => vec![ob(
                "annual-review",
                "每年组织述责述廉并接受评议",
                "review",
                Who::Lead,
                every(Cadence::Year, None, Some("12-20"), false),
            )],
            14 => vec![
                ob(
                    "half-year-report",
                    "至少每半年向上级纪委报告1次工作",
                    "report",
                    Who::Lead,
                    every(Cadence::HalfYear, Some(1), None, false),
                ),
                ob(
                    "annual-duty-report",
                    "每年向上级纪委进行述职",
                    "review",
                    Who::Lead,
                    every(Cadence::Year, None, None, false),
                ),
            ],
            16 => vec![ob(
                "half-year-study",
                "至少每半年专题研究2次党风廉政建设工作",
                "meeting",
                Who::All,
                every(Cadence::HalfYear, Some(2), None, false),
            )],
            18 => vec![ob(
                "street-talks",
                "每年对不少于10%的街道党工委主要负责人开展约谈",
                "talk",
                Who::Lead,
                Form::Cover,
            )],
            20 => vec![ob(
                "support-quarterly",
                "配合单位每季度报送配合工作情况",
                "report",
                Who::Support,
                every(Cadence::Quarter, None, None, false),
            )],
            25 => vec![ob(
                "year-end-assessment",
                "每年年底开展考核",
                "assessment",
                Who::Lead,
                every(Cadence::Year, None, None, true),
            )],
            _ => Vec::new(),
        };
        // Obligations on a point name `who: support`; give those points supporters.
        if obligations.iter().any(|o| o.who == Who::Support) && support.is_empty() {
            support.push(if lead[0] == 2 { 3 } else { 2 });
        }
        points.push(Point {
            id: format!("P{i:02}"),
            title: POINT_TITLES[(i - 1) % POINT_TITLES.len()],
            lead,
            support,
            duties,
            deadline: i == 32,
            obligations,
        });
    }

    let item = |id: String, text, every| ChecklistItem { id, text, every };
    let dept = Checklist {
        id: "dept",
        title: "党的工作部门监督责任清单",
        tag: "department",
        items: (1..=8)
            .map(|k| {
                let every = match k {
                    1 => Some((Cadence::Year, None, false)),
                    2 => Some((Cadence::HalfYear, Some(1), false)),
                    4 => Some((Cadence::Year, None, true)),
                    _ => None,
                };
                item(
                    format!("D{k:02}"),
                    "按照党风廉政建设责任制要求落实监督责任",
                    every,
                )
            })
            .collect(),
    };
    let grassroots = Checklist {
        id: "grassroots",
        title: "基层党组织监督责任清单",
        tag: "grassroots",
        items: (1..=10)
            .map(|k| {
                let every = match k {
                    1 => Some((Cadence::Year, None, false)),
                    2 => Some((Cadence::HalfYear, None, false)),
                    _ => None,
                };
                item(format!("G{k:02}"), "严格执行党的组织生活各项制度", every)
            })
            .collect(),
    };
    World {
        units,
        points,
        checklists: vec![dept, grassroots],
        streets: street_ids,
    }
}

fn ledger_toml() -> String {
    "# Generated by benches/check (a benchmark fixture, not real data).\n\
     title = \"基准测试台账（生成）\"\n\n\
     [term]\nstart = 2016-10-01\nend   = 2021-09-30\n\n\
     [check]\ndue_soon_days = 30\n"
        .to_owned()
}

fn units_yaml(w: &World) -> String {
    let mut s = String::from("# Generated units registry.\nunits:\n");
    for u in &w.units {
        let mut tags = vec![u.tag];
        if u.member {
            tags.push("member");
        }
        let _ = write!(
            s,
            "  - {{id: {}, name: {}, tags: [{}]",
            u.id,
            u.name,
            tags.join(", ")
        );
        if let Some(p) = u.parent {
            let _ = write!(s, ", parent: {p}");
        }
        s.push_str("}\n");
    }
    s
}

fn plan_yaml(w: &World) -> String {
    let mut s = String::new();
    s.push_str(
        "# Generated plan: 35 points, 2 checklists, 1 plan-wide obligation.\n\
         plan:\n  id: bench-2018-1\n  title: 基准测试用工作方案（生成）\n  doc_no: 越党廉〔2018〕1号\n\
         \x20 issued: 2018-01-15\n  start: 2018-01-15\n  requires: [rules, ledger]\n\npoints:\n",
    );
    for (i, p) in w.points.iter().enumerate() {
        let _ = writeln!(s, "  - id: {}", p.id);
        let _ = writeln!(s, "    no: {}", i + 1);
        let _ = writeln!(s, "    section: 三、工作要点和责任分工");
        let _ = writeln!(s, "    title: {}", p.title);
        let _ = writeln!(s, "    lead: {}", ids(w, &p.lead));
        if !p.support.is_empty() {
            let _ = writeln!(s, "    support: {}", ids(w, &p.support));
        }
        if !p.duties.is_empty() {
            s.push_str("    duties:\n");
            for (u, aspect) in &p.duties {
                let _ = writeln!(s, "      - {{aspect: {aspect}, unit: {}}}", w.units[*u].id);
            }
        }
        if p.deadline {
            s.push_str("    deadline: 3个月\n");
        }
        if p.obligations.is_empty() {
            continue;
        }
        s.push_str("    obligations:\n");
        for o in &p.obligations {
            let _ = writeln!(s, "      - id: {}", o.id);
            let _ = writeln!(s, "        title: {}", o.title);
            match o.who {
                Who::Lead => {}
                Who::Support => s.push_str("        who: support\n"),
                Who::All => s.push_str("        who: all\n"),
            }
            let _ = writeln!(s, "        kind: {}", o.kind);
            match &o.form {
                Form::Every {
                    cadence,
                    min,
                    due,
                    last_month,
                } => {
                    let _ = writeln!(s, "        every: {}", cadence.word());
                    if let Some(m) = min {
                        let _ = writeln!(s, "        min: {m}");
                    }
                    if let Some(d) = due {
                        let _ = writeln!(s, "        due: {d}");
                    }
                    if *last_month {
                        s.push_str("        window: last-month\n");
                    }
                }
                Form::Cover => {
                    s.push_str("        cover: {tags: [street]}\n        within: year\n        share: 10%\n");
                }
            }
        }
    }
    s.push_str("\nchecklists:\n");
    for c in &w.checklists {
        let _ = writeln!(s, "  - id: {}", c.id);
        let _ = writeln!(s, "    title: {}", c.title);
        let _ = writeln!(s, "    applies_to: {{tags: [{}]}}", c.tag);
        s.push_str("    items:\n");
        for it in &c.items {
            let _ = writeln!(s, "      - id: {}", it.id);
            let _ = writeln!(s, "        text: {}", it.text);
            if let Some((cadence, min, last_month)) = it.every {
                let _ = writeln!(s, "        every: {}", cadence.word());
                if let Some(m) = min {
                    let _ = writeln!(s, "        min: {m}");
                }
                if last_month {
                    s.push_str("        window: last-month\n");
                }
            }
        }
    }
    s.push_str(
        "\nobligations:\n  - id: annual-summary\n    title: 各牵头单位每年12月10日前报送贯彻落实本方案情况\n\
         \x20   who: leads\n    kind: report\n    every: year\n    due: 12-10\n",
    );
    s
}

fn ref_choices(w: &World, u: usize) -> Vec<RefChoice> {
    let unit = &w.units[u];
    let mut out = Vec::new();
    let mut leads_any = false;
    for p in &w.points {
        let lead = p.lead.contains(&u);
        let support = p.support.contains(&u) || p.duties.iter().any(|d| d.0 == u);
        leads_any |= lead;
        // A unit's own obligations on the point decide the kind and cadence it records.
        let own = p.obligations.iter().find(|o| match o.who {
            Who::Lead => lead,
            Who::Support => p.support.contains(&u),
            Who::All => lead || support,
        });
        let weight = if lead {
            60
        } else if support {
            30
        } else {
            2
        };
        out.push(RefChoice {
            id: p.id.clone(),
            weight,
            kind: own.map(|o| o.kind),
            cadence: own.and_then(|o| match o.form {
                Form::Every { cadence, .. } => Some(cadence),
                Form::Cover => None,
            }),
            covers: lead && own.is_some_and(|o| matches!(o.form, Form::Cover)),
        });
    }
    for c in &w.checklists {
        if c.tag != unit.tag {
            continue;
        }
        for it in &c.items {
            out.push(RefChoice {
                id: it.id.clone(),
                weight: if it.every.is_some() { 40 } else { 20 },
                kind: None,
                cadence: it.every.map(|e| e.0),
                covers: false,
            });
        }
    }
    if leads_any {
        out.push(RefChoice {
            id: "annual-summary".into(),
            weight: 10,
            kind: Some("report"),
            cadence: Some(Cadence::Year),
            covers: false,
        });
    }
    out
}

fn pick_ref<'a>(rng: &mut Rng, refs: &'a [RefChoice], total: u32) -> &'a RefChoice {
    let mut x = (rng.next() % u64::from(total)) as u32;
    for r in refs {
        if x < r.weight {
            return r;
        }
        x -= r.weight;
    }
    &refs[refs.len() - 1]
}

fn ledger_yaml(w: &World, p: &Params, u: usize) -> String {
    let unit = &w.units[u];
    let mut rng = Rng::new(p.seed, u as u64);
    let refs = ref_choices(w, u);
    let total: u32 = refs.iter().map(|r| r.weight).sum();
    let first = date("2018-01-01");
    let span_days = 1096; // 2018-01-01 ..= 2020-12-31
    let as_of = date(AS_OF);

    let mut days: Vec<u64> = (0..p.records)
        .map(|_| rng.below(span_days) as u64)
        .collect();
    days.sort_unstable();

    let mut s = String::with_capacity(p.records * 190 + p.items * 400 + 256);
    let _ = writeln!(s, "# {} — 工作记实（生成）", unit.name);
    let _ = writeln!(s, "unit: {}", unit.id);
    let _ = writeln!(s, "clerk: 王某");
    s.push_str("records:\n");
    for (n, &day) in days.iter().enumerate() {
        let d = first + Days::new(day);
        let r = pick_ref(&mut rng, &refs, total);
        let kind = match r.kind {
            Some(k) if rng.pct(70) => k,
            _ => *rng.pick(KINDS),
        };
        let title = *rng.pick(RECORD_TITLES);
        let mut fields: Vec<(&str, String)> = vec![
            ("id", format!("{}-{}-{:04}", unit.id, d.year(), n + 1)),
            (
                "date",
                if rng.pct(5) {
                    format!("'{d}'")
                } else {
                    d.to_string()
                },
            ),
            ("ref", r.id.clone()),
            ("kind", kind.to_owned()),
            ("title", title.to_owned()),
        ];
        if let Some(c) = r.cadence
            && rng.pct(10)
        {
            // Mostly the period of the date; sometimes the previous one (a late filing).
            let at = if rng.pct(30) {
                d.checked_sub_months(Months::new(c.months())).unwrap_or(d)
            } else {
                d
            };
            fields.push(("period", c.label(at)));
        }
        if r.covers && rng.pct(70) {
            let a = w.units[*rng.pick(&w.streets)].id.clone();
            if rng.pct(50) {
                fields.push(("target", a));
            } else {
                let b = &w.units[*rng.pick(&w.streets)].id;
                let c = &w.units[*rng.pick(&w.streets)].id;
                fields.push(("targets", format!("[{a}, {b}, {c}]")));
            }
        } else if kind == "talk" && rng.pct(20) {
            let t = &w.units[*rng.pick(&w.streets)].id;
            if *t != unit.id {
                fields.push(("target", t.clone()));
            }
        }
        if rng.pct(30) {
            fields.push((
                "evidence",
                format!(
                    "[越党廉〔{}〕{}号, evidence/{}/{d}.pdf]",
                    d.year(),
                    rng.below(90) + 1,
                    unit.id
                ),
            ));
        }
        if rng.pct(10) {
            fields.push(("note", (*rng.pick(NOTES)).to_owned()));
        }
        if rng.pct(2) {
            let v = (d + Days::new(rng.below(10) as u64)).min(as_of);
            fields.push(("void", format!("{{date: {v}, reason: 录入错误}}")));
        }
        write_entry(&mut s, &fields, rng.pct(50));
    }

    s.push_str("items:\n");
    let points: Vec<&Point> = w.points.iter().collect();
    let opened_span = 1080; // 2018-01-10 ..= 2020-12-24
    for n in 0..p.items {
        let opened = date("2018-01-10") + Days::new(rng.below(opened_span) as u64);
        let deadline_point = rng.pct(30);
        let point = if deadline_point {
            points
                .iter()
                .find(|p| p.deadline)
                .expect("a deadline point")
        } else {
            rng.pick(&points)
        };
        let kind = *rng.pick(&[
            "rectification",
            "rectification",
            "clue",
            "task",
            "task",
            "other",
        ]);
        let mut fields: Vec<(&str, String)> = vec![
            ("id", format!("{}-i{:03}", unit.id, n + 1)),
            ("kind", kind.to_owned()),
            ("ref", point.id.clone()),
            ("title", (*rng.pick(ITEM_TITLES)).to_owned()),
        ];
        if rng.pct(50) {
            fields.push(("source", "区委第一巡察组".to_owned()));
            fields.push(("owner", "干部监督科".to_owned()));
        }
        fields.push(("opened", opened.to_string()));
        let mut due = if deadline_point && rng.pct(70) {
            // No `due`: the point's `deadline: 3个月` applies.
            opened + Months::new(3)
        } else {
            let d = opened + Days::new(30 + rng.below(150) as u64);
            fields.push(("due", d.to_string()));
            d
        };
        if rng.pct(30) {
            let mut exts = Vec::new();
            let mut last = opened;
            for _ in 0..1 + rng.below(2) {
                let room = (due.min(as_of) - last).num_days().max(1) as usize;
                let on = (last + Days::new(rng.below(room) as u64 + 1)).min(as_of);
                if on < last {
                    break;
                }
                let new_due = due + Days::new(15 + rng.below(90) as u64);
                exts.push(format!(
                    "{{date: {on}, due: {new_due}, reason: {}}}",
                    rng.pick(REASONS)
                ));
                last = on;
                due = new_due;
            }
            fields.push(("extensions", format!("[{}]", exts.join(", "))));
        }
        let closed = if rng.pct(75) {
            let late = (due - opened).num_days().max(1) as usize + 40;
            let c = opened + Days::new(5 + rng.below(late) as u64);
            (c <= as_of).then_some(c)
        } else {
            None
        };
        if let Some(c) = closed {
            fields.push(("closed", c.to_string()));
        }
        if kind == "clue" && rng.pct(60) {
            fields.push((
                "disposal",
                (*rng.pick(&["谈话函询", "初步核实", "予以了结"])).to_owned(),
            ));
        }
        if rng.pct(30) {
            let end = closed.unwrap_or(as_of);
            let room = (end - opened).num_days().max(1) as usize;
            let on = opened + Days::new(rng.below(room) as u64);
            fields.push((
                "progress",
                format!("[{{date: {on}, note: {}}}]", rng.pick(NOTES)),
            ));
        }
        if rng.pct(3) {
            let v = (opened + Days::new(rng.below(20) as u64)).min(as_of);
            fields.push(("void", format!("{{date: {v}, reason: 与其他事项合并办理}}")));
        }
        write_entry(&mut s, &fields, rng.pct(30));
    }
    s
}

/// One list entry, either `- {k: v, ...}` or as a block mapping.
fn write_entry(s: &mut String, fields: &[(&str, String)], flow: bool) {
    if flow {
        s.push_str("  - {");
        for (i, (k, v)) in fields.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(k);
            s.push_str(": ");
            s.push_str(v);
        }
        s.push_str("}\n");
    } else {
        for (i, (k, v)) in fields.iter().enumerate() {
            s.push_str(if i == 0 { "  - " } else { "    " });
            s.push_str(k);
            s.push_str(": ");
            s.push_str(v);
            s.push('\n');
        }
    }
}

fn write(path: &Path, text: &str) -> std::io::Result<u64> {
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    f.write_all(text.as_bytes())?;
    f.flush()?;
    Ok(text.len() as u64)
}

/// Write a repository into `root` (created if needed; `plan/` and `units/` are
/// cleared first). Returns the number of bytes written.
pub fn generate(root: &Path, p: &Params) -> std::io::Result<u64> {
    let w = build_world(p);
    for dir in ["plan", "units"] {
        let d = root.join(dir);
        if d.exists() {
            std::fs::remove_dir_all(&d)?;
        }
        std::fs::create_dir_all(&d)?;
    }
    let mut bytes = write(&root.join("ledger.toml"), &ledger_toml())?;
    bytes += write(&root.join("plan/units.yaml"), &units_yaml(&w))?;
    bytes += write(&root.join("plan/plan.yaml"), &plan_yaml(&w))?;
    let ledgers: u64 = (0..w.units.len())
        .into_par_iter()
        .map(|u| {
            let text = ledger_yaml(&w, p, u);
            write(&root.join(format!("units/{}.yaml", w.units[u].id)), &text)
        })
        .collect::<std::io::Result<Vec<u64>>>()?
        .into_iter()
        .sum();
    Ok(bytes + ledgers)
}
