//! YAML text to a small span-keeping tree.
//!
//! We build our own tree from `saphyr-parser` events instead of deserialising
//! with serde because (1) serde stops at the first error in a file while the
//! clerk wants every problem at once, (2) every value a diagnostic can point at
//! needs its own span, and (3) the limits against hostile input (nesting depth,
//! alias expansion, file size) must be ours to set and to name in the message.
//!
//! Scalars keep their text and whether they were plain: typing (`2018` as a
//! year, `2018-05-10` as a date, `~` as nothing) is the decoder's business,
//! because it knows what each key expects.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::source::{Source, Span};

/// Nesting deeper than this is refused (the format needs about six levels).
pub const MAX_DEPTH: usize = 100;
/// Aliases may add at most this many nodes to a file (billion-laughs guard).
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;
/// Anchors (each keeps a copy of its node) and aliases together may copy at most
/// this many bytes: text, plus each node's own size. The node count alone lets
/// 100,000 aliases of one long scalar, or anchors nested inside anchors, take
/// gigabytes.
pub const MAX_COPY_BYTES: usize = MAX_FILE_BYTES;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

impl Node {
    /// Give this node and everything under it the span `at`.
    fn respan(&mut self, at: Span) {
        let mut todo: Vec<&mut Node> = vec![self];
        while let Some(n) = todo.pop() {
            n.span = at;
            match &mut n.kind {
                Kind::Scalar(_) => {}
                Kind::Seq(items) => todo.extend(items.iter_mut()),
                Kind::Map(pairs) => {
                    for (k, v) in pairs {
                        todo.push(k);
                        todo.push(v);
                    }
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    /// Unquoted: the only scalars YAML would resolve to null, numbers or booleans.
    pub plain: bool,
}

impl Node {
    pub fn scalar(span: Span, text: impl Into<String>, plain: bool) -> Node {
        Node {
            span,
            kind: Kind::Scalar(Scalar {
                text: text.into(),
                plain,
            }),
        }
    }

    /// `~`, `null` or nothing at all, unquoted.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar(s) if s.plain && matches!(s.text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            Kind::Scalar(s) if !self.is_null() => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// What the value is, for "expected X, found Y" messages.
    pub fn shape(&self) -> Shape {
        match &self.kind {
            _ if self.is_null() => Shape::Nothing,
            Kind::Scalar(_) => Shape::Text,
            Kind::Seq(_) => Shape::List,
            Kind::Map(_) => Shape::Mapping,
        }
    }

    /// The JSON view of the tree, with YAML 1.2 core-schema typing of plain
    /// scalars (what an editor's schema validator sees).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            _ if self.is_null() => Value::Null,
            Kind::Scalar(s) if s.plain => match s.text.as_str() {
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                t => t
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| t.parse::<f64>().map(Value::from))
                    .unwrap_or_else(|_| Value::String(t.to_owned())),
            },
            Kind::Scalar(s) => Value::String(s.text.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = k.as_scalar().map_or_else(String::new, |s| s.text.clone());
                        (key, v.to_json())
                    })
                    .collect(),
            ),
        }
    }

    /// What a copy costs: (nodes, bytes of text and nodes).
    fn size(&self) -> (usize, usize) {
        let add = |(n, b): (usize, usize), (m, c): (usize, usize)| {
            (n.saturating_add(m), b.saturating_add(c))
        };
        let own = (1, std::mem::size_of::<Node>());
        match &self.kind {
            Kind::Scalar(s) => add(own, (0, s.text.len())),
            Kind::Seq(items) => items.iter().map(Node::size).fold(own, add),
            Kind::Map(entries) => entries
                .iter()
                .flat_map(|(k, v)| [k, v])
                .map(Node::size)
                .fold(own, add),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    Nothing,
    Text,
    List,
    Mapping,
}

/// Why a file could not be turned into a tree at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fatal {
    Syntax(String),
    TooDeep,
    AliasBudget,
    TooLarge(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FatalError {
    /// Byte offset where parsing stopped.
    pub offset: usize,
    pub kind: Fatal,
}

/// Problems that leave the tree usable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The second occurrence of a key in one mapping (the first one is kept).
    DuplicateKey(String),
    /// A second `---` document; it is ignored.
    ExtraDocument,
}

#[derive(Debug, Default)]
pub struct Parsed {
    /// `None` for an empty file (or one holding only comments).
    pub root: Option<Node>,
    pub warnings: Vec<(Span, Warning)>,
}

/// Turns saphyr's markers into byte offsets, cheaply. A marker's `index` counts
/// characters from the start of the text, and events arrive mostly in file
/// order, so we walk from the last answer by the difference: a run of ASCII
/// (most of a ledger, even a Chinese one: keys, ids, dates) is skipped in one
/// step, and only the multi-byte characters are walked one by one. Walking
/// from each line's start by (line, column) instead, as before, cost 6% of a
/// check.
struct Offsets<'a> {
    text: &'a str,
    /// Characters before `byte`.
    chars: usize,
    byte: usize,
}

impl<'a> Offsets<'a> {
    fn new(source: &'a Source) -> Self {
        Offsets {
            text: &source.text,
            chars: 0,
            byte: 0,
        }
    }

    /// The byte offset of the character at index `index` (the text's length
    /// past its end).
    fn at(&mut self, index: usize) -> usize {
        let bytes = self.text.as_bytes();
        if index >= self.chars {
            let want = index - self.chars;
            let ascii_end = self.byte.saturating_add(want).min(bytes.len());
            if bytes[self.byte..ascii_end].is_ascii() && ascii_end - self.byte == want {
                self.byte = ascii_end;
                self.chars = index;
                return self.byte;
            }
            // By lead bytes: the text is UTF-8, so each gives its length.
            while self.chars < index && self.byte < bytes.len() {
                self.byte += utf8_len(bytes[self.byte]);
                self.chars += 1;
            }
            self.byte = self.byte.min(bytes.len());
        } else {
            let want = self.chars - index;
            let start = self.byte.saturating_sub(want);
            if self.byte - start == want && bytes[start..self.byte].is_ascii() {
                self.byte = start;
                self.chars = index;
                return self.byte;
            }
            for c in self.text[..self.byte].chars().rev() {
                if self.chars == index {
                    break;
                }
                self.byte -= c.len_utf8();
                self.chars -= 1;
            }
        }
        self.byte
    }

    fn span(&mut self, s: &saphyr_parser::Span) -> Span {
        let a = self.at(s.start.index());
        let b = self.at(s.end.index());
        Span::new(a, b.max(a))
    }
}

/// The length of the UTF-8 character whose first byte is `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

enum Frame {
    Seq {
        start: Span,
        anchor: usize,
        items: Vec<Node>,
        /// Elements go to the [`Stream`]'s sink (its key's index), not into `items`.
        stream: Option<usize>,
    },
    Map {
        start: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        pending_key: Option<Node>,
        /// The texts of `entries`' scalar keys, once there are more than
        /// [`SCAN_KEYS`] of them, to find a duplicate without a scan.
        keys: Option<HashSet<String>>,
    },
}

/// Where the elements of some top-level lists go as soon as each is parsed,
/// instead of into the tree: `check` decodes a ledger's records one at a time
/// while the rest of the file is read, so that no tree of a whole file is built
/// (a record's small tree is decoded while its memory is still in the cache,
/// and freed before the next). The tree of everything else is built as usual.
pub struct Stream<'a> {
    /// Keys of the top-level mapping whose sequence values are streamed.
    pub keys: &'a [&'a str],
    /// Called with the index in `keys` and each element, in file order.
    pub sink: &'a mut dyn FnMut(usize, Node),
}

/// Parse the first YAML document of a source.
pub fn parse(source: &Source) -> Result<Parsed, FatalError> {
    parse_streaming(source, None)
}

/// [`parse`], handing the elements of the top-level lists named in `stream`
/// to its sink. Such a list stays in the tree, empty. Not streamed: the value
/// of a repeated key (dropped as a duplicate), and an anchored list (an alias
/// may copy it whole). The caller drops what the sink built when the parse
/// fails, so that a file with a syntax error is reported as before.
pub fn parse_streaming(
    source: &Source,
    mut stream: Option<Stream<'_>>,
) -> Result<Parsed, FatalError> {
    if source.text.len() > MAX_FILE_BYTES {
        return Err(FatalError {
            offset: 0,
            kind: Fatal::TooLarge(source.text.len()),
        });
    }
    let mut offsets = Offsets::new(source);
    let mut parser = Parser::new_from_str(&source.text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, (usize, usize))> = HashMap::new();
    let mut alias_nodes = 0usize;
    let mut copied_bytes = 0usize;
    let copy_budget = |offset: usize| FatalError {
        offset,
        kind: Fatal::Syntax(format!(
            "anchors and aliases copy more than {} MB; parsing stopped",
            MAX_COPY_BYTES >> 20
        )),
    };
    let mut out = Parsed::default();
    let mut documents = 0usize;
    let mut last_end = 0usize;

    while let Some(next) = parser.next_event() {
        let (event, raw_span) = next.map_err(|e| scan_error(&mut offsets, &e))?;
        let span = offsets.span(&raw_span);
        last_end = span.end as usize;
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => None,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    out.warnings.push((span, Warning::ExtraDocument));
                    break;
                }
                None
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = matches!(style, ScalarStyle::Plain);
                Some((Node::scalar(span, text.into_owned(), plain), anchor))
            }
            Event::Alias(id) => {
                let Some((node, (size, bytes))) = anchors.get(&id) else {
                    return Err(FatalError {
                        offset: span.start as usize,
                        kind: Fatal::Syntax("unknown anchor".into()),
                    });
                };
                alias_nodes = alias_nodes.saturating_add(*size);
                if alias_nodes > MAX_ALIAS_NODES {
                    return Err(FatalError {
                        offset: span.start as usize,
                        kind: Fatal::AliasBudget,
                    });
                }
                copied_bytes = copied_bytes.saturating_add(*bytes);
                if copied_bytes > MAX_COPY_BYTES {
                    return Err(copy_budget(span.start as usize));
                }
                // The copy is placed where the alias is written: a record
                // copied by `- *r` is a second record there (a duplicate id
                // at the alias, not invisible at the anchor's place).
                let mut copy = node.clone();
                copy.respan(span);
                Some((copy, 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(FatalError {
                        offset: span.start as usize,
                        kind: Fatal::TooDeep,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    let streamed = match (&stream, stack.as_slice()) {
                        (
                            Some(st),
                            [
                                Frame::Map {
                                    entries,
                                    pending_key: Some(key),
                                    keys,
                                    ..
                                },
                            ],
                        ) if anchor == 0 => key.as_scalar().and_then(|k| {
                            let first = match keys {
                                Some(set) => !set.contains(&k.text),
                                None => !entries
                                    .iter()
                                    .any(|(e, _)| e.as_scalar().is_some_and(|e| e.text == k.text)),
                            };
                            st.keys.iter().position(|w| *w == k.text).filter(|_| first)
                        }),
                        _ => None,
                    };
                    Frame::Seq {
                        start: span,
                        anchor,
                        items: Vec::new(),
                        stream: streamed,
                    }
                } else {
                    Frame::Map {
                        start: span,
                        anchor,
                        entries: Vec::new(),
                        pending_key: None,
                        keys: None,
                    }
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                    ..
                }) => Some((
                    Node {
                        span: Span {
                            start: start.start,
                            end: span.end.max(start.start),
                        },
                        kind: Kind::Seq(items),
                    },
                    anchor,
                )),
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    start,
                    anchor,
                    entries,
                    ..
                }) => Some((
                    Node {
                        span: Span {
                            start: start.start,
                            end: span.end.max(start.start),
                        },
                        kind: Kind::Map(entries),
                    },
                    anchor,
                )),
                _ => None,
            },
        };
        let Some((node, anchor)) = finished else {
            continue;
        };
        if anchor != 0 {
            let size = node.size();
            copied_bytes = copied_bytes.saturating_add(size.1);
            if copied_bytes > MAX_COPY_BYTES {
                return Err(copy_budget(span.start as usize));
            }
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            None => {
                if out.root.is_none() {
                    out.root = Some(node);
                }
            }
            Some(Frame::Seq {
                stream: Some(key), ..
            }) => {
                if let Some(st) = stream.as_mut() {
                    (st.sink)(*key, node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                keys,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let dup = key
                        .as_scalar()
                        .filter(|k| seen_key(entries, keys, &k.text))
                        .map(|k| k.text.clone());
                    match dup {
                        Some(name) => out.warnings.push((key.span, Warning::DuplicateKey(name))),
                        None => entries.push((key, node)),
                    }
                }
            },
        }
    }
    let _ = last_end;
    Ok(out)
}

fn scan_error(offsets: &mut Offsets<'_>, e: &ScanError) -> FatalError {
    let m = e.marker();
    // The scanner reads ahead of the events and caps flow nesting at 255 itself;
    // that is our depth limit too, whoever notices first.
    let kind = if e.info() == "recursion limit exceeded" {
        Fatal::TooDeep
    } else {
        Fatal::Syntax(e.info().to_owned())
    };
    FatalError {
        offset: offsets.at(m.index()),
        kind,
    }
}

/// Mappings with at most this many keys are searched for a duplicate key by
/// a scan; a record has about ten. A set per mapping, as before, cost a hash
/// table and a copy of every key of every record (4% of a check); larger
/// mappings (hostile ones too) still get one, so the check stays linear.
const SCAN_KEYS: usize = 16;

/// Whether `key` is already a key of `entries`, remembering it if not.
fn seen_key(entries: &[(Node, Node)], keys: &mut Option<HashSet<String>>, key: &str) -> bool {
    fn text(k: &Node) -> Option<&str> {
        k.as_scalar().map(|s| s.text.as_str())
    }
    if let Some(set) = keys {
        return !set.insert(key.to_owned());
    }
    if entries.iter().any(|(k, _)| text(k) == Some(key)) {
        return true;
    }
    if entries.len() >= SCAN_KEYS {
        let mut set: HashSet<String> = entries
            .iter()
            .filter_map(|(k, _)| text(k).map(str::to_owned))
            .collect();
        set.insert(key.to_owned());
        *keys = Some(set);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::from_text("t.yaml".into(), text.into())
    }

    fn parse_str(text: &str) -> Result<Parsed, FatalError> {
        parse(&src(text))
    }

    #[test]
    fn spans_point_at_values() {
        let s = src("unit: jw\nrecords:\n  - {id: a1, date: 2018-05-10}\n");
        let p = parse(&s).unwrap();
        let root = p.root.unwrap();
        let m = root.as_map().unwrap();
        let rec = &m[1].1.as_seq().unwrap()[0];
        let date = &rec.as_map().unwrap()[1].1;
        assert_eq!(&s.text[date.span.range()], "2018-05-10");
        assert_eq!(s.line_col(date.span.start as usize), (3, 20));
    }

    #[test]
    fn spans_survive_wide_characters() {
        let s = src("title: 区纪委工作\nref: WP01\n");
        let root = parse(&s).unwrap().root.unwrap();
        let title = &root.as_map().unwrap()[0].1;
        assert_eq!(&s.text[title.span.range()], "区纪委工作");
        let r = &root.as_map().unwrap()[1].1;
        assert_eq!(&s.text[r.span.range()], "WP01");
    }

    #[test]
    fn empty_file_has_no_root() {
        assert!(parse_str("").unwrap().root.is_none());
        assert!(parse_str("# only a comment\n").unwrap().root.is_none());
    }

    #[test]
    fn quoted_null_is_text() {
        let root = parse_str("a: ~\nb: '~'\nc:\n").unwrap().root.unwrap();
        let m = root.as_map().unwrap();
        assert!(m[0].1.is_null());
        assert!(!m[1].1.is_null());
        assert!(m[2].1.is_null());
    }

    #[test]
    fn duplicate_keys_keep_the_first() {
        let p = parse_str("a: 1\na: 2\n").unwrap();
        assert_eq!(p.warnings.len(), 1);
        let m = p.root.unwrap();
        assert_eq!(m.as_map().unwrap().len(), 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse_str(&text).unwrap_err();
        assert_eq!(err.kind, Fatal::TooDeep);
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut text = String::new();
        for i in 0..1000 {
            text.push_str(&" ".repeat(i));
            text.push_str("k:\n");
        }
        let err = parse_str(&text).unwrap_err();
        assert_eq!(err.kind, Fatal::TooDeep);
        assert_eq!(src(&text).line_of(err.offset), MAX_DEPTH + 1);
    }

    #[test]
    fn nesting_at_the_limit_is_fine() {
        let text = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse_str(&text).is_ok());
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let row = vec![prev; 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{row}]\n"));
        }
        let err = parse_str(&text).unwrap_err();
        assert_eq!(err.kind, Fatal::AliasBudget);
    }

    #[test]
    fn small_aliases_are_expanded() {
        let root = parse_str("base: &b {x: 1}\nother: *b\n")
            .unwrap()
            .root
            .unwrap();
        let m = root.as_map().unwrap();
        assert_eq!(m[0].1.to_json(), m[1].1.to_json());
        // The copy, down to its scalars, is placed at `*b` (bytes 23..25).
        let copy = m[1].1.as_map().unwrap();
        assert_eq!((m[1].1.span.start, m[1].1.span.end), (23, 25));
        assert_eq!((copy[0].1.span.start, copy[0].1.span.end), (23, 25));
    }

    #[test]
    fn tabs_in_indentation_are_a_syntax_error() {
        let err = parse_str("a:\n\t- b\n").unwrap_err();
        assert!(matches!(err.kind, Fatal::Syntax(_)));
    }

    #[test]
    fn second_document_is_reported_and_ignored() {
        let p = parse_str("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(p.warnings[0].1, Warning::ExtraDocument);
        assert_eq!(p.root.unwrap().as_map().unwrap().len(), 1);
    }

    /// Offsets come from the parser's character index; its line and column
    /// must name the same byte, on every YAML file the repository holds
    /// (Chinese text, CRLF, comments, flow and block styles, broken files).
    #[test]
    fn character_index_agrees_with_line_and_column() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for d in ["tests", "ledgers", "examples"] {
            walk(&root.join(d), &mut files);
        }
        assert!(files.len() > 20, "{files:?}");
        let mut events = 0;
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let (s, _) = Source::decode(f.display().to_string(), &bytes);
            let mut offsets = Offsets::new(&s);
            for ev in Parser::new_from_str(&s.text) {
                let Ok((_, span)) = ev else { break };
                for m in [span.start, span.end] {
                    let want = s.offset_of(m.line(), m.col());
                    assert_eq!(offsets.at(m.index()), want, "{} {m:?}", f.display());
                    events += 1;
                }
            }
        }
        assert!(events > 1000);
    }

    #[test]
    fn crlf_is_accepted() {
        let s = src("unit: jw\r\nclerk: 王某\r\n");
        let root = parse(&s).unwrap().root.unwrap();
        let clerk = &root.as_map().unwrap()[1].1;
        assert_eq!(&s.text[clerk.span.range()], "王某");
    }
}
