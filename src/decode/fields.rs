//! What every file kind's decoder shares: the diagnostics collector, a mapping's
//! keys checked against the known ones, and the readers of values (text, ids,
//! dates, numbers, enums, lists, selectors) that push a diagnostic when a value
//! has the wrong shape.

use super::{Defined, Space};
use crate::dates::{self, Cadence, Date};
use crate::diag::Diagnostic;
use crate::messages::F11;
use crate::messages::{Expect, Msg, What};
use crate::model::*;
use crate::name::Name;
use crate::source::{FileId, Span};
use crate::suggest::closest;
use crate::yaml::{Kind, Node};

/// Collects one file's diagnostics.
pub struct Cx<'a> {
    pub file: FileId,
    pub diags: &'a mut Vec<Diagnostic>,
    /// The repository declares `format = "1.1"`: its keys and values are known.
    pub v11: bool,
}

impl Cx<'_> {
    /// A format 1.1 value (`within: quarter`, `every: regularly`, a people
    /// selector…) in a format 1 repository: reported, and read as absent.
    pub(super) fn needs_v11(&mut self, span: Span, key: &str, value: &str) -> bool {
        if !self.v11 {
            self.push(
                span,
                Msg::F11(F11::Value {
                    key: key.to_owned(),
                    value: value.to_owned(),
                }),
            );
        }
        self.v11
    }

    pub fn push(&mut self, span: Span, msg: Msg) {
        self.diags.push(Diagnostic::new(self.file, span, msg));
    }

    pub(super) fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity() == crate::diag::Severity::Error)
            .count()
    }
}

/// The mapping of one entry, with its keys checked against the known ones.
pub(super) struct Fields<'n> {
    pub(super) node: &'n Node,
    entries: &'n [(Node, Node)],
    within: What,
    /// 1.1 keys of a format 1 file: reported once as unknown, never read.
    hidden: &'static [&'static str],
    /// The keys looked up, `known` then `known11`, and for each the index of
    /// its entry plus one (0: absent). Scanning the entries for each key a
    /// decoder asks for was 4% of a check; the keys are found once, in
    /// [`Fields::open11`]'s own pass.
    keys: (&'static [&'static str], &'static [&'static str]),
    at: [u8; MAX_INDEXED],
    /// Where the next search of `keys` starts ([`Fields::entry`]).
    cursor: std::cell::Cell<usize>,
}

/// Known keys (and entries) up to this many are indexed; a mapping with more
/// entries is scanned, as it is unusual (a record has about ten).
const MAX_INDEXED: usize = 32;

impl<'n> Fields<'n> {
    pub(super) fn open(
        cx: &mut Cx<'_>,
        node: &'n Node,
        key: &str,
        within: What,
        known: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        Self::open11(cx, node, key, within, known, &[])
    }

    /// [`Fields::open`] with the keys format 1.1 adds: known when the
    /// repository declares 1.1, else `unknown-field` saying how to declare it.
    /// Either way their values are decoded only under 1.1 ([`Fields::get`]
    /// hides them otherwise), so a format 1 repository reads as the spec says.
    pub(super) fn open11(
        cx: &mut Cx<'_>,
        node: &'n Node,
        key: &str,
        within: What,
        known: &'static [&'static str],
        known11: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            cx.push(
                node.span,
                Msg::Expected {
                    key: key.to_owned(),
                    expected: Expect::Mapping,
                    found: node.shape(),
                },
            );
            return None;
        };
        let mut at = [0u8; MAX_INDEXED];
        let indexed = known.len() + known11.len() <= MAX_INDEXED && entries.len() < 255;
        let mut index = |key: usize, entry: usize| {
            if indexed && let Some(slot) = at.get_mut(key) {
                *slot = u8::try_from(entry + 1).unwrap_or(0);
            }
        };
        for (e, (k, _)) in entries.iter().enumerate() {
            let known_at = k
                .as_scalar()
                .and_then(|s| known.iter().position(|w| *w == s.text));
            let known11_at = k
                .as_scalar()
                .and_then(|s| known11.iter().position(|w| *w == s.text));
            if let Some(i) = known_at {
                index(i, e);
            } else if let Some(i) = known11_at {
                index(known.len() + i, e);
            }
            match k.as_scalar() {
                Some(_) if known_at.is_some() => {}
                Some(s) if known11_at.is_some() => {
                    if !cx.v11 {
                        cx.push(
                            k.span,
                            Msg::F11(F11::Key {
                                key: s.text.clone(),
                                within,
                            }),
                        );
                    }
                }
                // Full-width spaces as indentation make a key of their own (the
                // parser takes U+3000 for text): name the slip, not the key.
                Some(s) if s.text.starts_with('\u{3000}') => cx.push(
                    crate::source::Span::new(k.span.start as usize, k.span.start as usize + 3),
                    Msg::YamlSlip {
                        slip: crate::messages::Slip::FullWidthSpace,
                    },
                ),
                Some(s) => cx.push(
                    k.span,
                    Msg::UnknownField {
                        key: s.text.clone(),
                        within,
                        suggestion: closest(
                            &s.text,
                            known
                                .iter()
                                .chain(known11.iter().filter(|_| cx.v11))
                                .copied(),
                        ),
                    },
                ),
                None => cx.push(
                    k.span,
                    Msg::Expected {
                        key: "key".into(),
                        expected: Expect::Text,
                        found: k.shape(),
                    },
                ),
            }
        }
        Some(Fields {
            node,
            entries,
            within,
            hidden: if cx.v11 { &[] } else { known11 },
            keys: if indexed {
                (known, known11)
            } else {
                (&[], &[])
            },
            at,
            cursor: std::cell::Cell::new(0),
        })
    }

    pub(super) fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
        // Decoders ask with the literals their known lists hold, which the
        // compiler keeps once: found by address first, by text otherwise.
        // Decoders mostly ask in the order of the list, so the search starts
        // after the key found last.
        let (known, known11) = self.keys;
        let n = known.len() + known11.len();
        let nth = |i: usize| known.get(i).or_else(|| known11.get(i - known.len()));
        let from = self.cursor.get();
        let slot = (0..n)
            .map(|k| (from + k) % n)
            .find(|&i| nth(i).is_some_and(|w| w.as_ptr() == key.as_ptr() && w.len() == key.len()))
            .or_else(|| (0..n).find(|&i| nth(i).is_some_and(|w| *w == key)));
        if let Some(i) = slot {
            self.cursor.set(i + 1);
        }
        if let Some(i) = slot {
            if i >= known.len() && !self.hidden.is_empty() {
                return None;
            }
            let e = usize::from(self.at.get(i).copied().unwrap_or(0));
            return e.checked_sub(1).and_then(|e| self.entries.get(e));
        }
        if self.hidden.contains(&key) {
            return None;
        }
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
    }

    /// The value of `key`, unless it is absent or null.
    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    pub(super) fn key_span(&self, key: &str) -> Option<Span> {
        self.entry(key).map(|(k, _)| k.span)
    }

    /// Where "missing key" points: the first key of the mapping, or the mapping.
    pub(super) fn first_key_span(&self) -> Span {
        self.entries.first().map_or(self.node.span, |(k, _)| k.span)
    }

    pub(super) fn required(&self, cx: &mut Cx<'_>, key: &'static str) -> Option<&'n Node> {
        match self.entry(key) {
            None => {
                cx.push(
                    self.first_key_span(),
                    Msg::MissingField {
                        key,
                        within: self.within,
                    },
                );
                None
            }
            Some((k, v)) if v.is_null() => {
                cx.push(k.span, Msg::EmptyValue { key });
                None
            }
            Some((_, v)) => Some(v),
        }
    }
}

// ---------------------------------------------------------------- values

pub(super) fn text(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<String>> {
    scalar(cx, node, key).map(|s| Spanned::new(s.to_owned(), node.span))
}

/// [`text`], or (not `keep`) the same checks and an empty text in its place.
pub(super) fn text_kept(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &str,
    keep: bool,
) -> Option<Spanned<String>> {
    if keep {
        return text(cx, node, key);
    }
    scalar(cx, node, key).map(|_| Spanned::new(String::new(), node.span))
}

/// The text of a scalar, borrowed: values parsed into something else (dates,
/// numbers, ids) need no copy of it, which was two allocations per id.
fn scalar<'n>(cx: &mut Cx<'_>, node: &'n Node, key: &str) -> Option<&'n str> {
    match node.as_scalar() {
        Some(s) => Some(&s.text),
        None => {
            cx.push(
                node.span,
                Msg::Expected {
                    key: key.to_owned(),
                    expected: Expect::Text,
                    found: node.shape(),
                },
            );
            None
        }
    }
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn is_unit_id(s: &str) -> bool {
    let mut chars = s.chars();
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    chars.next().is_some_and(ok) && chars.all(|c| ok(c) || c == '-')
}

pub(super) fn id(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<Id>> {
    let ok = |s: &str| is_id(s).then(|| Id(Name::new(s)));
    parsed(cx, node, key, ok, |value| Msg::BadId {
        value,
        unit_id: false,
    })
}

/// A record kind: any text, so that one outside the vocabulary (a Chinese
/// label such as `会议`) is reported as `unknown-kind` with its key suggested,
/// not as a malformed id.
pub(super) fn kind(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<Id>> {
    let ok = |s: &str| (!s.trim().is_empty()).then(|| Id(Name::new(s)));
    parsed(cx, node, key, ok, |value| Msg::BadId {
        value,
        unit_id: false,
    })
}

pub(super) fn kinds(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<Id>> {
    list(cx, node, key, |cx, n| kind(cx, n, key))
}

pub(super) fn unit_id(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<UnitId>> {
    let ok = |s: &str| is_unit_id(s).then(|| UnitId(s.to_owned()));
    parsed(cx, node, key, ok, |value| Msg::BadId {
        value,
        unit_id: true,
    })
}

pub(super) fn date(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<Date>> {
    let t = scalar(cx, node, key)?;
    match dates::parse_iso_date(t) {
        Some(d) if dates::in_range(d) => Some(Spanned::new(d, node.span)),
        Some(_) => {
            cx.push(
                node.span,
                Msg::DateOutOfRange {
                    value: t.to_owned(),
                },
            );
            None
        }
        None => {
            cx.push(
                node.span,
                Msg::InvalidDate {
                    suggestion: dates::suggest_iso(t),
                    value: t.to_owned(),
                },
            );
            None
        }
    }
}

pub(super) fn uint(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &'static str,
    min: u32,
) -> Option<Spanned<u32>> {
    let t = scalar(cx, node, key)?;
    let plain = node.as_scalar().is_some_and(|s| s.plain);
    match t.parse::<u32>() {
        Ok(n) if n >= min && plain => Some(Spanned::new(n, node.span)),
        _ => {
            cx.push(
                node.span,
                Msg::BadInteger {
                    key,
                    value: t.to_owned(),
                    min: u64::from(min),
                    quoted: !plain,
                },
            );
            None
        }
    }
}

pub(super) fn parsed<T>(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
    msg: impl Fn(String) -> Msg,
) -> Option<Spanned<T>> {
    let t = scalar(cx, node, key)?;
    match parse(t) {
        Some(v) => Some(Spanned::new(v, node.span)),
        None => {
            cx.push(node.span, msg(t.to_owned()));
            None
        }
    }
}

pub(super) fn one_of<T>(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &'static str,
    allowed: &'static [&'static str],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<Spanned<T>> {
    parsed(cx, node, key, parse, |value| Msg::BadEnum {
        key,
        suggestion: closest(&value, allowed.iter().copied()),
        value,
        allowed,
    })
}

const CADENCES: &[&str] = &["month", "quarter", "half-year", "year"];

/// `every`: a cadence, or (1.1) `regularly`.
pub(super) fn every(cx: &mut Cx<'_>, node: &Node) -> Option<Spanned<Every>> {
    if node.as_scalar().is_some_and(|s| s.text == "regularly") {
        return cx
            .needs_v11(node.span, "every", "regularly")
            .then(|| Spanned::new(Every::Regularly, node.span));
    }
    let allowed = if cx.v11 { Every::NAMES } else { CADENCES };
    one_of(cx, node, "every", allowed, Cadence::parse)
        .map(|c| Spanned::new(Every::Cal(c.value), c.span))
}

pub(super) fn list<T>(
    cx: &mut Cx<'_>,
    node: Option<&Node>,
    key: &str,
    mut each: impl FnMut(&mut Cx<'_>, &Node) -> Option<T>,
) -> Vec<T> {
    let Some(node) = node else {
        return Vec::new();
    };
    match node.as_seq() {
        // Sized up front: collected through `filter_map`, a one-element list
        // got room for four (evidence lists were 10% of a check's heap).
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            out.extend(items.iter().filter_map(|n| each(cx, n)));
            out
        }
        None => {
            cx.push(
                node.span,
                Msg::Expected {
                    key: key.to_owned(),
                    expected: Expect::List,
                    found: node.shape(),
                },
            );
            Vec::new()
        }
    }
}

pub(super) fn texts(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<String>> {
    list(cx, node, key, |cx, n| text(cx, n, key))
}

/// [`texts`], or (not `keep`) the same checks and no list.
pub(super) fn texts_kept(
    cx: &mut Cx<'_>,
    node: Option<&Node>,
    key: &str,
    keep: bool,
) -> Vec<Spanned<String>> {
    if keep {
        return texts(cx, node, key);
    }
    match node.and_then(Node::as_seq) {
        Some(items) => {
            for n in items {
                scalar(cx, n, key);
            }
        }
        // Not a list: the diagnostic `list` gives.
        None => {
            list(cx, node, key, |_, _| None::<()>);
        }
    }
    Vec::new()
}

pub(super) fn ids(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<Id>> {
    list(cx, node, key, |cx, n| id(cx, n, key))
}

pub(super) fn unit_ids(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<UnitId>> {
    list(cx, node, key, |cx, n| unit_id(cx, n, key))
}

/// Where a selector sits decides which words it may use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum SelectorPlace {
    /// `who` of an obligation on a point: the point words.
    Point,
    /// `who` of a plan-wide obligation: `leads`.
    PlanWide,
    /// `cover`: no point words; relative words (1.1).
    Cover,
    /// `applies_to` of a checklist.
    AppliesTo,
    /// The `in:` of a people selector inside `cover` (1.1): relative words and `self`.
    CoverIn,
    /// An entry of a unit list (1.1): `{units}` and `{tags}` only.
    UnitList,
}

const WORDS: &[&str] = &[
    "lead",
    "support",
    "duties",
    "all",
    "leads",
    "self",
    "children",
    "supervised",
    "recorder",
];

fn word_selector(s: &str) -> Option<Selector> {
    Some(match s {
        "lead" => Selector::Lead,
        "support" => Selector::Support,
        "duties" => Selector::Duties,
        "all" => Selector::All,
        "leads" => Selector::Leads,
        "self" => Selector::SelfUnit,
        "children" => Selector::Children,
        "supervised" => Selector::Supervised,
        "recorder" => Selector::Recorder,
        _ => return None,
    })
}

pub(super) fn selector(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &'static str,
    place: SelectorPlace,
) -> Option<Spanned<Selector>> {
    if let Some(s) = node.as_scalar() {
        let v1_words = ["lead", "support", "duties", "all", "leads"];
        let Some(sel) = word_selector(&s.text) else {
            let offered: &[&str] = if cx.v11 { WORDS } else { &v1_words };
            cx.push(
                node.span,
                Msg::BadEnum {
                    key,
                    value: s.text.clone(),
                    allowed: &[
                        "lead",
                        "support",
                        "duties",
                        "all",
                        "leads",
                        "{units: […]}",
                        "{tags: […]}",
                    ],
                    suggestion: closest(&s.text, offered.iter().copied()),
                },
            );
            return None;
        };
        let relative = matches!(
            sel,
            Selector::SelfUnit | Selector::Children | Selector::Supervised | Selector::Recorder
        );
        if relative && !cx.needs_v11(node.span, key, &s.text) {
            return None;
        }
        let allowed = match sel {
            Selector::Leads => place == SelectorPlace::PlanWide,
            Selector::SelfUnit => place == SelectorPlace::CoverIn,
            Selector::Children | Selector::Supervised => {
                matches!(place, SelectorPlace::Cover | SelectorPlace::CoverIn)
            }
            // Checked against the obligation's form by its decoder.
            Selector::Recorder => matches!(place, SelectorPlace::Point | SelectorPlace::PlanWide),
            _ => place == SelectorPlace::Point,
        };
        if !allowed {
            cx.push(
                node.span,
                Msg::SelectorWord {
                    word: s.text.clone(),
                    on_point: place == SelectorPlace::Point,
                },
            );
            return None;
        }
        return Some(Spanned::new(sel, node.span));
    }
    let Some(entries) = node.as_map() else {
        cx.push(node.span, Msg::SelectorShape);
        return None;
    };
    let text_of = |k: &Node| k.as_scalar().map(|s| s.text.clone());
    let keys: Vec<Option<String>> = entries.iter().map(|(k, _)| text_of(k)).collect();
    // `{roles: [...], in: ...}` is the one mapping selector with two keys.
    if keys.iter().any(|k| k.as_deref() == Some("roles")) {
        return roles_selector(cx, node, entries, key, place);
    }
    let [(k, v)] = entries else {
        cx.push(node.span, Msg::SelectorShape);
        return None;
    };
    match k.as_scalar().map(|s| s.text.as_str()) {
        Some("units") => Some(Spanned::new(
            Selector::Units(unit_ids(cx, Some(v), "units")),
            node.span,
        )),
        Some("tags") => Some(Spanned::new(
            Selector::Tags(texts(cx, Some(v), "tags")),
            node.span,
        )),
        Some("people") if place != SelectorPlace::UnitList && place != SelectorPlace::CoverIn => {
            if !cx.needs_v11(k.span, key, "people") {
                return None;
            }
            Some(Spanned::new(
                Selector::People(ids(cx, Some(v), "people")),
                node.span,
            ))
        }
        Some(other) => {
            let offered: &[&str] = if cx.v11 && place != SelectorPlace::UnitList {
                &["units", "tags", "people", "roles"]
            } else {
                &["units", "tags"]
            };
            cx.push(
                k.span,
                Msg::UnknownField {
                    key: other.to_owned(),
                    within: What::Selector,
                    suggestion: closest(other, offered.iter().copied()),
                },
            );
            None
        }
        None => {
            cx.push(node.span, Msg::SelectorShape);
            None
        }
    }
}

/// `{roles: [...], in: UNIT-SELECTOR}` (1.1).
fn roles_selector(
    cx: &mut Cx<'_>,
    node: &Node,
    entries: &[(Node, Node)],
    key: &'static str,
    place: SelectorPlace,
) -> Option<Spanned<Selector>> {
    let roles_key = entries
        .iter()
        .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "roles"))
        .map(|(k, _)| k.span)
        .unwrap_or(node.span);
    if !cx.needs_v11(roles_key, key, "roles") {
        return None;
    }
    if matches!(place, SelectorPlace::UnitList | SelectorPlace::CoverIn) {
        cx.push(
            node.span,
            Msg::F11(F11::PeopleSelectorHere {
                key: key.to_owned(),
            }),
        );
        return None;
    }
    let mut roles = None;
    let mut within = None;
    let mut ok = true;
    for (k, v) in entries {
        match k.as_scalar().map(|s| s.text.as_str()) {
            Some("roles") => {
                let list = ids(cx, Some(v), "roles");
                if list.is_empty() {
                    cx.push(v.span, Msg::EmptyValue { key: "roles" });
                    ok = false;
                }
                roles = Some(list);
            }
            Some("in") => {
                let in_place = match place {
                    SelectorPlace::Cover => SelectorPlace::CoverIn,
                    other => other,
                };
                match selector(cx, v, "in", in_place) {
                    Some(s) if s.value.is_people() => {
                        cx.push(
                            v.span,
                            Msg::F11(F11::PeopleSelectorHere { key: "in".into() }),
                        );
                        ok = false;
                    }
                    Some(s) => within = Some(Box::new(s)),
                    None => ok = false,
                }
            }
            Some(other) => {
                cx.push(
                    k.span,
                    Msg::UnknownField {
                        key: other.to_owned(),
                        within: What::Selector,
                        suggestion: closest(other, ["roles", "in"]),
                    },
                );
                ok = false;
            }
            None => {
                cx.push(node.span, Msg::SelectorShape);
                ok = false;
            }
        }
    }
    let roles = roles?;
    ok.then(|| Spanned::new(Selector::Roles { roles, within }, node.span))
}

/// A unit list (1.1): unit ids, and `{units}`/`{tags}` mappings (format 1.1
/// only), returned apart so that the ids keep their format 1 type.
pub(super) fn unit_list(
    cx: &mut Cx<'_>,
    node: Option<&Node>,
    key: &'static str,
) -> (Vec<Spanned<UnitId>>, Vec<Spanned<Selector>>) {
    let mut ids_out = Vec::new();
    let mut sets = Vec::new();
    let Some(node) = node else {
        return (ids_out, sets);
    };
    let Some(items) = node.as_seq() else {
        cx.push(
            node.span,
            Msg::Expected {
                key: key.to_owned(),
                expected: Expect::List,
                found: node.shape(),
            },
        );
        return (ids_out, sets);
    };
    for n in items {
        if n.as_map().is_some() && cx.v11 {
            if let Some(s) = selector(cx, n, key, SelectorPlace::UnitList) {
                sets.push(s);
            }
        } else if let Some(u) = unit_id(cx, n, key) {
            ids_out.push(u);
        }
    }
    (ids_out, sets)
}

/// A unit list kept whole (ids as `{units: [id]}` entries), for the 1.1 keys
/// that have no format 1 type to keep (`supervises`, `members`).
pub(super) fn unit_list_whole(
    cx: &mut Cx<'_>,
    node: Option<&Node>,
    key: &'static str,
) -> Vec<Spanned<Selector>> {
    let (ids_in, mut sets) = unit_list(cx, node, key);
    let mut out: Vec<Spanned<Selector>> = ids_in
        .into_iter()
        .map(|u| {
            let span = u.span;
            Spanned::new(Selector::Units(vec![u]), span)
        })
        .collect();
    out.append(&mut sets);
    out.sort_by_key(|s| s.span.start);
    out
}

/// `true`/`false`.
pub(super) fn boolean(cx: &mut Cx<'_>, node: &Node, key: &'static str) -> Option<Spanned<bool>> {
    one_of(cx, node, key, &["true", "false"], |s| match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    })
}

/// `{start, end}` of a term, `end` not before `start`.
pub(super) fn term(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Term> {
    let t = Fields::open(cx, node, key, What::Term, &["start", "end"])?;
    let start = t.required(cx, "start").and_then(|n| date(cx, n, "start"));
    let end = t.required(cx, "end").and_then(|n| date(cx, n, "end"));
    let (start, end) = (start?, end?);
    if end.value < start.value {
        cx.push(
            end.span,
            Msg::DateOrder(crate::messages::Order::TermEndBeforeStart),
        );
    }
    Some(Term { start, end })
}

pub(super) fn define(defined: &mut Vec<Defined>, space: Space, id: &Spanned<Id>) {
    defined.push(Defined {
        space,
        id: Spanned::new(id.value.0.as_str().to_owned(), id.span),
    });
}

pub(super) fn define_unit(defined: &mut Vec<Defined>, id: &Spanned<UnitId>) {
    defined.push(Defined {
        space: Space::Unit,
        id: Spanned::new(id.value.0.as_str().to_owned(), id.span),
    });
}
