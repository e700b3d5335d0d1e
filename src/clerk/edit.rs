//! Lossless edits of a unit ledger's text.
//!
//! The file is never re-serialised: we parse it into the span-keeping tree of
//! [`crate::yaml`], find where the new text belongs, and splice it in, copying
//! the indentation and the block or flow style of its siblings. Everything else
//! — comments, key order, quoting, line ends — stays byte for byte.

use crate::source::Source;
use crate::yaml::{self, Kind, Node};

use super::scalar::{yaml_flow_scalar, yaml_scalar};

/// A value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// Written as is: dates and other values known to be plain-safe.
    Plain(String),
    /// Any text, quoted as YAML needs.
    Str(String),
    /// A list of texts, written `[a, b]`.
    List(Vec<String>),
    /// A small mapping, written `{k: v, …}`.
    Map(Vec<(&'static str, Val)>),
}

impl Val {
    fn render(&self, flow: bool) -> String {
        match self {
            Val::Plain(s) => s.clone(),
            Val::Str(s) if flow => yaml_flow_scalar(s),
            Val::Str(s) => yaml_scalar(s),
            Val::List(items) => {
                let inner: Vec<String> = items.iter().map(|s| yaml_flow_scalar(s)).collect();
                format!("[{}]", inner.join(", "))
            }
            Val::Map(fields) => flow_map(fields),
        }
    }
}

pub type Fields = Vec<(&'static str, Val)>;

fn flow_map(fields: &[(&'static str, Val)]) -> String {
    let inner: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}: {}", v.render(true)))
        .collect();
    format!("{{{}}}", inner.join(", "))
}

/// Why an edit cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The file does not parse, or its top level is not a mapping.
    NotALedger,
    /// `key` holds something other than a list.
    NotAList(String),
    /// No entry with this id in the list.
    NoEntry(String),
    /// The entry already has this key.
    AlreadySet(String),
    /// The entry is written in a way we do not edit (an alias, a scalar…).
    Unsupported(String),
}

/// The file as bytes on disk and as text to edit: a BOM and the line-end
/// convention are kept aside and put back on writing.
#[derive(Clone, Debug)]
pub struct FileText {
    pub text: String,
    bom: bool,
    eol: &'static str,
}

impl FileText {
    /// `None` when the bytes are not UTF-8 (such a file has an `encoding` error anyway).
    pub fn from_bytes(bytes: &[u8]) -> Option<FileText> {
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let body = if bom { &bytes[3..] } else { bytes };
        let text = std::str::from_utf8(body).ok()?.to_owned();
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Some(FileText { text, bom, eol })
    }

    pub fn new(text: String) -> FileText {
        FileText {
            text,
            bom: false,
            eol: "\n",
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.text.len() + 3);
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        out.extend_from_slice(self.text.as_bytes());
        out
    }

    /// Append `fields` as a new entry of the top-level list `list` (`records` or
    /// `items`). A missing list is created before the key `before`, if present,
    /// else at the end. Returns the 1-based line of the new entry.
    pub fn append_entry(
        &mut self,
        list: &str,
        fields: &[(&'static str, Val)],
        before: Option<&str>,
    ) -> Result<usize, EditError> {
        let (src, root) = self.parse()?;
        let map = root.as_map().ok_or(EditError::NotALedger)?;
        let (dash, key) = sibling_indent(&src, map).unwrap_or((2, 4));
        let edits = match find(map, list) {
            Some((k, v)) => self.append_to_list(&src, k, v, fields, (dash, key), false)?,
            None => {
                let block = self.block_list(list, 0, dash, key, fields, false);
                let at = before
                    .and_then(|b| find(map, b))
                    .map_or(self.text.len(), |(k, _)| {
                        above_comments(&src, src.line_of(k.span.start as usize))
                    });
                let prefix = self.newline_if_needed(at);
                let mark = prefix.len() + list.len() + 1 + self.eol.len();
                vec![Splice {
                    at,
                    to: at,
                    text: format!("{prefix}{block}"),
                    mark,
                }]
            }
        };
        let old = root.to_json();
        self.apply_checked(edits, &old, |new| {
            let list = new.get_mut(list)?.as_array_mut()?;
            list.pop()?;
            Some(())
        })
    }

    /// Add `key: value` to the entry `id` of the top-level list `list`.
    pub fn set_key(
        &mut self,
        list: &str,
        id: &str,
        key: &str,
        value: &Val,
    ) -> Result<usize, EditError> {
        let (src, root) = self.parse()?;
        let entry = entry(&root, list, id)?;
        let fields = entry
            .as_map()
            .ok_or(EditError::Unsupported(id.to_owned()))?;
        if find(fields, key).is_some() {
            return Err(EditError::AlreadySet(key.to_owned()));
        }
        let edit = if self.is_flow(entry) {
            let at = closing(&self.text, entry, '}')?;
            Splice {
                at,
                to: at,
                text: format!(", {key}: {}", value.render(true)),
                mark: 2,
            }
        } else {
            let indent = src.line_col(entry.span.start as usize).1 - 1;
            let at = block_end(&src, entry);
            let prefix = self.newline_if_needed(at);
            Splice {
                at,
                to: at,
                text: format!(
                    "{prefix}{}{key}: {}{}",
                    " ".repeat(indent),
                    value.render(false),
                    self.eol
                ),
                mark: prefix.len(),
            }
        };
        let old = root.to_json();
        self.apply_checked(vec![edit], &old, |new| {
            json_entry(new, list, id)?.remove(key)?;
            Some(())
        })
    }

    /// Append `fields` to the list `sub` (`extensions`, `progress`) of the entry
    /// `id` of the top-level list `list`, creating `sub` if absent.
    pub fn append_sub_entry(
        &mut self,
        list: &str,
        id: &str,
        sub: &str,
        fields: &[(&'static str, Val)],
    ) -> Result<usize, EditError> {
        let (src, root) = self.parse()?;
        let entry = entry(&root, list, id)?;
        let map = entry
            .as_map()
            .ok_or(EditError::Unsupported(id.to_owned()))?;
        let indent = src.line_col(entry.span.start as usize).1 - 1;
        let edits = match find(map, sub) {
            Some((k, v)) => {
                self.append_to_list(&src, k, v, fields, (indent + 2, indent + 4), true)?
            }
            None if self.is_flow(entry) => {
                let at = closing(&self.text, entry, '}')?;
                vec![Splice {
                    at,
                    to: at,
                    text: format!(", {sub}: [{}]", flow_map(fields)),
                    mark: 2,
                }]
            }
            None => {
                let at = block_end(&src, entry);
                let prefix = self.newline_if_needed(at);
                let block = self.block_list(sub, indent, indent + 2, indent + 4, fields, true);
                vec![Splice {
                    at,
                    to: at,
                    text: format!("{prefix}{block}"),
                    mark: prefix.len(),
                }]
            }
        };
        let old = root.to_json();
        let had = find(map, sub).is_some_and(|(_, v)| !v.is_null());
        self.apply_checked(edits, &old, |new| {
            let e = json_entry(new, list, id)?;
            let items = e.get_mut(sub)?.as_array_mut()?;
            items.pop()?;
            if items.is_empty() && !had {
                e.remove(sub);
            }
            Some(())
        })
    }

    fn parse(&self) -> Result<(Source, Node), EditError> {
        let src = Source::from_text(String::new(), self.text.clone());
        let root = yaml::parse(&src)
            .map_err(|_| EditError::NotALedger)?
            .root
            .ok_or(EditError::NotALedger)?;
        Ok((src, root))
    }

    fn is_flow(&self, node: &Node) -> bool {
        self.text[node.span.start as usize..].starts_with(['{', '['])
    }

    /// A line end first when `at` is the end of a last line without one.
    fn newline_if_needed(&self, at: usize) -> &'static str {
        if at > 0 && at == self.text.len() && !self.text.ends_with('\n') {
            self.eol
        } else {
            ""
        }
    }

    /// `name:` and one entry below it, at the given indentations.
    fn block_list(
        &self,
        name: &str,
        indent: usize,
        dash: usize,
        key: usize,
        fields: &[(&'static str, Val)],
        flow_entries: bool,
    ) -> String {
        format!(
            "{}{name}:{}{}",
            " ".repeat(indent),
            self.eol,
            self.entry_text(dash, key, fields, flow_entries)
        )
    }

    /// One `- …` entry, block or flow, ending with a line end.
    fn entry_text(
        &self,
        dash: usize,
        key: usize,
        fields: &[(&'static str, Val)],
        flow: bool,
    ) -> String {
        let gap = " ".repeat(key.saturating_sub(dash + 1).max(1));
        if flow {
            return format!("{}-{gap}{}{}", " ".repeat(dash), flow_map(fields), self.eol);
        }
        let mut out = String::new();
        for (i, (k, v)) in fields.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("{}-{gap}", " ".repeat(dash)));
            } else {
                out.push_str(&" ".repeat(key));
            }
            out.push_str(&format!("{k}: {}{}", v.render(false), self.eol));
        }
        out
    }

    /// Splices appending one entry to the list `value` of `key`.
    fn append_to_list(
        &self,
        src: &Source,
        key: &Node,
        value: &Node,
        fields: &[(&'static str, Val)],
        (dash, key_col): (usize, usize),
        flow_default: bool,
    ) -> Result<Vec<Splice>, EditError> {
        let name = key.as_scalar().map(|s| s.text.clone()).unwrap_or_default();
        let empty_flow = matches!(&value.kind, Kind::Seq(s) if s.is_empty()) && self.is_flow(value);
        if value.is_null() || empty_flow {
            // `records:`, `records: ~` or `records: []`: the entry goes below the key,
            // and a `~` or `[]` goes (a trailing comment stays).
            let line = src.line_of(key.span.start as usize);
            let own = src.line_col(key.span.start as usize).1 - 1;
            let (dash, key_col) = if dash > own {
                (dash, key_col)
            } else {
                (own + 2, own + 4)
            };
            let entry = self.entry_text(dash, key_col, fields, flow_default);
            let at = src.line_start(line + 1).min(self.text.len());
            let prefix = self.newline_if_needed(at);
            let mut edits = vec![Splice {
                at,
                to: at,
                text: format!("{prefix}{entry}"),
                mark: prefix.len(),
            }];
            let from = key.span.end as usize;
            let to = match &value.kind {
                _ if empty_flow => closing(&self.text, value, ']')? + 1,
                // `~` or `null`; an empty value has nothing to take away.
                Kind::Scalar(s) if !s.text.is_empty() => value.span.start as usize + s.text.len(),
                _ => from,
            };
            if to > from && self.text[from..to].trim() != ":" {
                edits.insert(
                    0,
                    Splice {
                        at: from,
                        to,
                        text: ":".into(),
                        mark: 0,
                    },
                );
            }
            return Ok(edits);
        }
        let items = value.as_seq().ok_or(EditError::NotAList(name))?;
        let Some(last) = items.last() else {
            return Err(EditError::Unsupported(
                key.as_scalar().map(|s| s.text.clone()).unwrap_or_default(),
            ));
        };
        if self.is_flow(value) {
            let at = last.span.end as usize;
            let entry = flow_map(fields);
            let same_line = src.line_of(value.span.start as usize) == src.line_of(at);
            let text = if same_line {
                format!(", {entry}")
            } else {
                let col = src.line_col(last.span.start as usize).1 - 1;
                format!(",{}{}{entry}", self.eol, " ".repeat(col))
            };
            let mark = text.len() - entry.len();
            return Ok(vec![Splice {
                at,
                to: at,
                text,
                mark,
            }]);
        }
        let start = last.span.start as usize;
        let line = src.line_of(start);
        let line_start = src.line_start(line);
        let dash = self.text[line_start..start]
            .rfind('-')
            .ok_or(EditError::Unsupported(String::new()))?;
        let key_col = start - line_start;
        let flow = self.is_flow(last);
        let at = block_end(src, last);
        let prefix = self.newline_if_needed(at);
        Ok(vec![Splice {
            at,
            to: at,
            text: format!("{prefix}{}", self.entry_text(dash, key_col, fields, flow)),
            mark: prefix.len(),
        }])
    }

    /// Apply the splices, then make sure nothing but the addition changed: the
    /// new tree, with `undo` taking the addition away, must be the old tree
    /// (empty lists and absent or null ones count alike). Else the file is left
    /// as it was — a layout this module misjudged (a block scalar with a blank
    /// line, say) is refused rather than written wrong.
    fn apply_checked(
        &mut self,
        edits: Vec<Splice>,
        old: &serde_json::Value,
        undo: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>) -> Option<()>,
    ) -> Result<usize, EditError> {
        let before = self.text.clone();
        let line = self.apply(edits);
        let same = self.parse().ok().is_some_and(|(_, root)| {
            let mut new = root.to_json();
            new.as_object_mut().and_then(undo).is_some()
                && normalized(new) == normalized(old.clone())
        });
        if same {
            Ok(line)
        } else {
            self.text = before;
            Err(EditError::Unsupported(String::new()))
        }
    }

    /// Apply splices (in file order, not overlapping); the line of the last one's mark.
    fn apply(&mut self, edits: Vec<Splice>) -> usize {
        let mut shift: isize = 0;
        let mut mark = 0usize;
        for e in edits {
            let at = e.at.saturating_add_signed(shift);
            let to = e.to.saturating_add_signed(shift);
            let text = if self.eol == "\n" {
                e.text
            } else {
                e.text.replace("\r\n", "\n").replace('\n', self.eol)
            };
            self.text.replace_range(at..to, &text);
            mark = at + e.mark.min(text.len());
            shift += text.len() as isize - (to - at) as isize;
        }
        self.text[..mark].matches('\n').count() + 1
    }
}

/// The JSON view of the entry `id` of the top-level list `list`.
fn json_entry<'a>(
    root: &'a mut serde_json::Map<String, serde_json::Value>,
    list: &str,
    id: &str,
) -> Option<&'a mut serde_json::Map<String, serde_json::Value>> {
    root.get_mut(list)?
        .as_array_mut()?
        .iter_mut()
        .filter_map(serde_json::Value::as_object_mut)
        .find(|e| e.get("id").and_then(serde_json::Value::as_str) == Some(id))
}

/// Empty lists, nulls and absent keys alike (`records: []` becomes a block list).
fn normalized(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| (k, normalized(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(normalized).collect()),
        other => other,
    }
}

struct Splice {
    at: usize,
    to: usize,
    text: String,
    /// Offset into `text` where the thing worth pointing at begins.
    mark: usize,
}

fn find<'a>(map: &'a [(Node, Node)], key: &str) -> Option<&'a (Node, Node)> {
    map.iter()
        .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
}

/// The entry `id` of the top-level list `list`.
fn entry<'a>(root: &'a Node, list: &str, id: &str) -> Result<&'a Node, EditError> {
    let map = root.as_map().ok_or(EditError::NotALedger)?;
    let (_, seq) = find(map, list).ok_or(EditError::NoEntry(id.to_owned()))?;
    let seq = seq.as_seq().ok_or(EditError::NotAList(list.to_owned()))?;
    seq.iter()
        .find(|e| {
            e.as_map()
                .and_then(|m| find(m, "id"))
                .and_then(|(_, v)| v.as_scalar())
                .is_some_and(|s| s.text == id)
        })
        .ok_or(EditError::NoEntry(id.to_owned()))
}

/// Indentation (dash column, key column) of the first block entry of any
/// top-level list, so a new list looks like the file's others.
fn sibling_indent(src: &Source, map: &[(Node, Node)]) -> Option<(usize, usize)> {
    map.iter().find_map(|(_, v)| {
        let first = v.as_seq()?.first()?;
        let start = first.span.start as usize;
        let line_start = src.line_start(src.line_of(start));
        let dash = src.text[line_start..start].rfind('-')?;
        (src.text[line_start..line_start + dash].trim().is_empty() && first.as_map().is_some())
            .then_some((dash, start - line_start))
    })
}

/// The byte offset just after a block entry: after its first line and every
/// following line indented deeper than the entry's own first column (its
/// continuation lines, nested lists and comments), up to a blank line.
fn block_end(src: &Source, node: &Node) -> usize {
    let start = node.span.start as usize;
    let first = src.line_of(start);
    let line_start = src.line_start(first);
    // The column that a following line must exceed: the entry's dash if it has
    // one on its line, else the entry's own start.
    let own = start - line_start;
    let limit = src.text[line_start..start].rfind('-').unwrap_or(own);
    let mut line = first;
    loop {
        let next = line + 1;
        if src.line_start(next) >= src.text.len() {
            break;
        }
        let text = src.line_text(next);
        let indent = text.len() - text.trim_start_matches(' ').len();
        let part_of_it = !text.trim().is_empty() && indent > limit;
        if !part_of_it {
            break;
        }
        line = next;
    }
    src.line_start(line + 1).min(src.text.len())
}

/// The start of `line`, or of the comment lines directly above it.
fn above_comments(src: &Source, mut line: usize) -> usize {
    while line > 1 && src.line_text(line - 1).trim_start().starts_with('#') {
        line -= 1;
    }
    src.line_start(line)
}

/// The offset of the closing bracket of a flow node.
fn closing(text: &str, node: &Node, bracket: char) -> Result<usize, EditError> {
    let end = node.span.end as usize;
    text[..end]
        .rfind(bracket)
        .filter(|&i| i >= node.span.start as usize)
        .ok_or(EditError::Unsupported(String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str) -> Fields {
        vec![
            ("id", Val::Plain(id.into())),
            ("date", Val::Plain("2019-01-15".into())),
            ("title", Val::Str("会议: 部署".into())),
        ]
    }

    fn appended(text: &str, list: &str, fields: &Fields) -> (String, usize) {
        let mut f = FileText::new(text.into());
        let line = f.append_entry(list, fields, Some("items")).expect("edit");
        (f.text, line)
    }

    #[test]
    fn block_entry_copies_sibling_indentation() {
        let text = "unit: jw\nrecords:\n  - id: a\n    date: 2018-01-01   # c\n    title: x\n\n# items next\nitems: []\n";
        let (out, line) = appended(text, "records", &rec("b"));
        assert_eq!(
            out,
            "unit: jw\nrecords:\n  - id: a\n    date: 2018-01-01   # c\n    title: x\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\n\n# items next\nitems: []\n"
        );
        assert_eq!(line, 6);
    }

    #[test]
    fn zero_indent_lists_and_nested_lines_are_followed() {
        let text =
            "unit: jw\nrecords:\n- id: a\n  evidence:\n    - x\n  # trailing\nitems:\n- id: i\n";
        let (out, _) = appended(text, "records", &rec("b"));
        assert!(
            out.contains(
                "  # trailing\n- id: b\n  date: 2019-01-15\n  title: '会议: 部署'\nitems:"
            ),
            "{out}"
        );
    }

    #[test]
    fn flow_lists_get_flow_entries() {
        let (out, _) = appended(
            "unit: jw\nrecords: [{id: a, title: x}]\n",
            "records",
            &rec("b"),
        );
        assert_eq!(
            out,
            "unit: jw\nrecords: [{id: a, title: x}, {id: b, date: 2019-01-15, title: '会议: 部署'}]\n"
        );
        let (out, line) = appended(
            "unit: jw\nrecords: [\n  {id: a},\n  {id: c}\n]\n",
            "records",
            &rec("b"),
        );
        assert_eq!(
            out,
            "unit: jw\nrecords: [\n  {id: a},\n  {id: c},\n  {id: b, date: 2019-01-15, title: '会议: 部署'}\n]\n"
        );
        assert_eq!(line, 5);
    }

    #[test]
    fn empty_and_missing_lists_become_block_lists() {
        let (out, line) = appended(
            "unit: jw\nrecords: []   # none yet\nitems: []\n",
            "records",
            &rec("b"),
        );
        assert_eq!(
            out,
            "unit: jw\nrecords:   # none yet\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\nitems: []\n"
        );
        assert_eq!(line, 3);
        let (out, _) = appended("unit: jw\nrecords: ~\nitems:\n", "records", &rec("b"));
        assert_eq!(
            out,
            "unit: jw\nrecords:\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\nitems:\n"
        );
        let (out, _) = appended("unit: jw\nrecords:\nitems:\n", "records", &rec("b"));
        assert_eq!(
            out,
            "unit: jw\nrecords:\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\nitems:\n"
        );
        let (out, _) = appended("unit: jw\nrecords:\n", "records", &rec("b"));
        assert_eq!(
            out,
            "unit: jw\nrecords:\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\n"
        );
        let (out, line) = appended(
            "unit: jw\n# the items\nitems:\n  - id: i\n",
            "records",
            &rec("b"),
        );
        assert_eq!(
            out,
            "unit: jw\nrecords:\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\n# the items\nitems:\n  - id: i\n"
        );
        assert_eq!(line, 3);
        let (out, _) = appended("unit: jw", "items", &rec("b"));
        assert_eq!(
            out,
            "unit: jw\nitems:\n  - id: b\n    date: 2019-01-15\n    title: '会议: 部署'\n"
        );
    }

    #[test]
    fn a_misjudged_layout_is_refused_not_written() {
        // The blank line inside the block scalar ends the entry as far as the
        // line scan can tell; the new key would land inside the note.
        let text = "items:\n  - id: A\n    note: |\n      first\n\n      second\n";
        let mut f = FileText::new(text.into());
        let r = f.set_key("items", "A", "closed", &Val::Plain("2019-01-10".into()));
        assert_eq!(r, Err(EditError::Unsupported(String::new())));
        assert_eq!(f.text, text);
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let mut f = FileText::from_bytes(
            b"\xEF\xBB\xBFunit: jw\r\nrecords:\r\n  - id: a\r\n    title: x\r\n",
        )
        .unwrap();
        f.append_entry("records", &rec("b"), None).unwrap();
        assert_eq!(
            f.to_bytes(),
            b"\xEF\xBB\xBFunit: jw\r\nrecords:\r\n  - id: a\r\n    title: x\r\n  - id: b\r\n    date: 2019-01-15\r\n    title: '\xE4\xBC\x9A\xE8\xAE\xAE: \xE9\x83\xA8\xE7\xBD\xB2'\r\n"
        );
    }

    #[test]
    fn keys_go_after_the_entrys_last_key() {
        let text = "unit: jw\nitems:\n  - id: A\n    title: x\n    progress:\n      - {date: 2018-01-01, note: y}\n  - id: B\n    title: z\n";
        let mut f = FileText::new(text.into());
        let line = f
            .set_key("items", "A", "closed", &Val::Plain("2019-01-10".into()))
            .unwrap();
        assert_eq!(
            f.text,
            "unit: jw\nitems:\n  - id: A\n    title: x\n    progress:\n      - {date: 2018-01-01, note: y}\n    closed: 2019-01-10\n  - id: B\n    title: z\n"
        );
        assert_eq!(line, 7);
        assert_eq!(
            f.set_key("items", "A", "closed", &Val::Plain("2019-01-11".into())),
            Err(EditError::AlreadySet("closed".into()))
        );
        assert_eq!(
            f.set_key("items", "C", "closed", &Val::Plain("2019-01-11".into())),
            Err(EditError::NoEntry("C".into()))
        );
        let mut f = FileText::new("items:\n  - {id: A, title: x}\n".into());
        f.set_key(
            "items",
            "A",
            "void",
            &Val::Map(vec![
                ("date", Val::Plain("2019-01-01".into())),
                ("reason", Val::Str("a, b".into())),
            ]),
        )
        .unwrap();
        assert_eq!(
            f.text,
            "items:\n  - {id: A, title: x, void: {date: 2019-01-01, reason: 'a, b'}}\n"
        );
    }

    #[test]
    fn sub_lists_are_appended_to_or_created() {
        let ext = vec![
            ("date", Val::Plain("2019-01-02".into())),
            ("note", Val::Str("进展".into())),
        ];
        let text = "items:\n  - id: A\n    progress:\n      - {date: 2018-01-01, note: y}\n  - id: B\n    title: z\n";
        let mut f = FileText::new(text.into());
        f.append_sub_entry("items", "A", "progress", &ext).unwrap();
        f.append_sub_entry("items", "B", "progress", &ext).unwrap();
        assert_eq!(
            f.text,
            "items:\n  - id: A\n    progress:\n      - {date: 2018-01-01, note: y}\n      - {date: 2019-01-02, note: 进展}\n  - id: B\n    title: z\n    progress:\n      - {date: 2019-01-02, note: 进展}\n"
        );
        let mut f = FileText::new("items:\n  - id: A\n    progress: []\n".into());
        f.append_sub_entry("items", "A", "progress", &ext).unwrap();
        assert_eq!(
            f.text,
            "items:\n  - id: A\n    progress:\n      - {date: 2019-01-02, note: 进展}\n"
        );
    }
}
