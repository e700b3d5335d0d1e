//! `ledger.toml` parsed into the span-keeping node tree of [`crate::yaml`], so one
//! decoder reads both syntaxes and diagnostics point at the same byte ranges.

use crate::source::{Source, Span};
use crate::yaml::{Kind, Node};

/// The parsed document, or the parser's message and where it points.
pub(crate) fn parse(source: &Source) -> Result<Node, (Span, String)> {
    match ::toml::de::DeTable::parse(&source.text) {
        Ok(table) => {
            let span = table.span();
            Ok(to_node(&::toml::Spanned::new(
                span,
                ::toml::de::DeValue::Table(table.into_inner()),
            )))
        }
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            Err((span, e.message().trim().to_owned()))
        }
    }
}

/// The TOML tree as our YAML node tree, so one decoder reads both.
pub fn to_node(value: &::toml::Spanned<::toml::de::DeValue<'_>>) -> Node {
    let r = value.span();
    let span = Span::new(r.start, r.end);
    let kind = match value.get_ref() {
        ::toml::de::DeValue::String(s) => return Node::scalar(span, s.to_string(), false),
        ::toml::de::DeValue::Integer(i) => return Node::scalar(span, i.as_str(), true),
        ::toml::de::DeValue::Float(f) => return Node::scalar(span, f.as_str(), true),
        ::toml::de::DeValue::Boolean(b) => return Node::scalar(span, b.to_string(), true),
        ::toml::de::DeValue::Datetime(d) => return Node::scalar(span, d.to_string(), true),
        ::toml::de::DeValue::Array(a) => Kind::Seq(a.iter().map(to_node).collect()),
        ::toml::de::DeValue::Table(t) => Kind::Map(
            t.iter()
                .map(|(k, v)| {
                    let ks = k.span();
                    (
                        Node::scalar(Span::new(ks.start, ks.end), k.get_ref().to_string(), true),
                        to_node(v),
                    )
                })
                .collect(),
        ),
    };
    Node { span, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::from_text("ledger.toml".into(), text.into())
    }

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = "title = \"区纪委\"\n[term]\nstart = 2018-01-01\n";
        let root = parse(&source(text)).expect("valid TOML");
        let at = |span: Span| &text[span.start as usize..span.end as usize];
        let get = |node: &Node, key: &str| -> (Node, Node) {
            node.as_map()
                .expect("a table")
                .iter()
                .find(|(k, _)| at(k.span) == key)
                .cloned()
                .expect("the key")
        };
        let (_, v) = get(&root, "title");
        assert_eq!(v.as_scalar().map(|s| s.text.as_str()), Some("区纪委"));
        let (_, term) = get(&root, "term");
        let (start, date) = get(&term, "start");
        assert_eq!(at(start.span), "start");
        assert_eq!(at(date.span), "2018-01-01");
    }

    #[test]
    fn a_syntax_error_points_into_the_text() {
        let text = "title = \n";
        let (span, detail) = parse(&source(text)).expect_err("invalid TOML");
        assert!(span.start as usize <= text.len() && !detail.is_empty());
    }
}
