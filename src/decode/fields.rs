//! What every file kind's decoder shares: the diagnostics collector, a mapping's
//! keys checked against the known ones, and the readers of values (text, ids,
//! dates, numbers, enums, lists, selectors) that push a diagnostic when a value
//! has the wrong shape.

use super::{Defined, Space};
use crate::dates::{self, Cadence, Date};
use crate::diag::Diagnostic;
use crate::messages::{Expect, Msg, What};
use crate::model::*;
use crate::source::{FileId, Span};
use crate::suggest::closest;
use crate::yaml::{Kind, Node};

/// Collects one file's diagnostics.
pub struct Cx<'a> {
    pub file: FileId,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
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
}

impl<'n> Fields<'n> {
    pub(super) fn open(
        cx: &mut Cx<'_>,
        node: &'n Node,
        key: &str,
        within: What,
        known: &[&'static str],
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
        for (k, _) in entries {
            match k.as_scalar() {
                Some(s) if known.contains(&s.text.as_str()) => {}
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
                        suggestion: closest(&s.text, known.iter().copied()),
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
        })
    }

    pub(super) fn entry(&self, key: &str) -> Option<&'n (Node, Node)> {
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
    match node.as_scalar() {
        Some(s) => Some(Spanned::new(s.text.clone(), node.span)),
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
    let ok = |s: &str| is_id(s).then(|| Id(s.to_owned()));
    parsed(cx, node, key, ok, |value| Msg::BadId {
        value,
        unit_id: false,
    })
}

/// A record kind: any text, so that one outside the vocabulary (a Chinese
/// label such as `会议`) is reported as `unknown-kind` with its key suggested,
/// not as a malformed id.
pub(super) fn kind(cx: &mut Cx<'_>, node: &Node, key: &str) -> Option<Spanned<Id>> {
    let ok = |s: &str| (!s.trim().is_empty()).then(|| Id(s.to_owned()));
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
    let t = text(cx, node, key)?;
    match dates::parse_iso_date(&t.value) {
        Some(d) if dates::in_range(d) => Some(Spanned::new(d, t.span)),
        Some(_) => {
            cx.push(t.span, Msg::DateOutOfRange { value: t.value });
            None
        }
        None => {
            cx.push(
                t.span,
                Msg::InvalidDate {
                    suggestion: dates::suggest_iso(&t.value),
                    value: t.value,
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
    let t = text(cx, node, key)?;
    let plain = node.as_scalar().is_some_and(|s| s.plain);
    match t.value.parse::<u32>() {
        Ok(n) if n >= min && plain => Some(Spanned::new(n, t.span)),
        _ => {
            cx.push(
                t.span,
                Msg::BadInteger {
                    key,
                    value: t.value,
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
    let t = text(cx, node, key)?;
    match parse(&t.value) {
        Some(v) => Some(Spanned::new(v, t.span)),
        None => {
            cx.push(t.span, msg(t.value));
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

pub(super) fn cadence(cx: &mut Cx<'_>, node: &Node) -> Option<Spanned<Cadence>> {
    one_of(cx, node, "every", CADENCES, Cadence::parse)
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
        Some(items) => items.iter().filter_map(|n| each(cx, n)).collect(),
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

pub(super) fn ids(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<Id>> {
    list(cx, node, key, |cx, n| id(cx, n, key))
}

pub(super) fn unit_ids(cx: &mut Cx<'_>, node: Option<&Node>, key: &str) -> Vec<Spanned<UnitId>> {
    list(cx, node, key, |cx, n| unit_id(cx, n, key))
}

/// Where a selector sits decides which words it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SelectorPlace {
    Point,
    PlanWide,
    Elsewhere,
}

pub(super) fn selector(
    cx: &mut Cx<'_>,
    node: &Node,
    key: &'static str,
    place: SelectorPlace,
) -> Option<Spanned<Selector>> {
    if let Some(s) = node.as_scalar() {
        let sel = match s.text.as_str() {
            "lead" => Selector::Lead,
            "support" => Selector::Support,
            "duties" => Selector::Duties,
            "all" => Selector::All,
            "leads" => Selector::Leads,
            other => {
                let words = ["lead", "support", "duties", "all", "leads"];
                cx.push(
                    node.span,
                    Msg::BadEnum {
                        key,
                        value: other.to_owned(),
                        allowed: &[
                            "lead",
                            "support",
                            "duties",
                            "all",
                            "leads",
                            "{units: […]}",
                            "{tags: […]}",
                        ],
                        suggestion: closest(other, words),
                    },
                );
                return None;
            }
        };
        let allowed = match sel {
            Selector::Leads => place == SelectorPlace::PlanWide,
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
        Some(other) => {
            cx.push(
                k.span,
                Msg::UnknownField {
                    key: other.to_owned(),
                    within: What::Selector,
                    suggestion: closest(other, ["units", "tags"]),
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

pub(super) fn define(defined: &mut Vec<Defined>, space: Space, id: &Spanned<Id>) {
    defined.push(Defined {
        space,
        id: Spanned::new(id.value.0.clone(), id.span),
    });
}

pub(super) fn define_unit(defined: &mut Vec<Defined>, id: &Spanned<UnitId>) {
    defined.push(Defined {
        space: Space::Unit,
        id: Spanned::new(id.value.0.clone(), id.span),
    });
}
