//! Source files: bytes on disk turned into text we can point into.
//!
//! Every diagnostic carries a byte range into a [`Source`]; line and column are
//! derived here, only when something is rendered. Decoding never fails: a file
//! that is not UTF-8 still becomes a `Source` (with a lossy text, so its valid
//! prefix can be shown) plus the offset of its first bad byte.

use std::ops::Range;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range into a source's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// One file of the repository, already decoded.
#[derive(Debug)]
pub struct Source {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// The text without a leading BOM. Lossy when the file is not UTF-8.
    pub text: String,
    /// Byte offsets of the first byte of each line.
    line_starts: Vec<u32>,
    /// Characters before each [`CHAR_BLOCK`]-byte block: a column on a
    /// 40 KB line is found without counting the line from its start, which
    /// made thousands of diagnostics on one line quadratic.
    char_marks: Vec<u32>,
    /// Set once the text was let go ([`Source::keep_positions`]): the
    /// (offset, line, column) of the only positions still asked for.
    kept: Option<Box<[(u32, u32, u32)]>>,
}

/// Bytes per entry of [`Source::char_marks`].
const CHAR_BLOCK: usize = 4096;

/// What went wrong turning bytes into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingProblem {
    /// Offset (into `text`) of the first byte that is not UTF-8.
    pub offset: usize,
    /// The file decodes cleanly as GB18030 (a superset of GBK and GB2312).
    pub looks_like_gb18030: bool,
    /// The file holds NUL bytes or other control bytes: binary, not text.
    pub looks_binary: bool,
    /// The file starts with a UTF-16 byte order mark (Notepad's "Unicode").
    pub utf16: bool,
    /// Bytes (in `text`) of the character at `offset`, to underline it.
    pub width: usize,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Source {
    /// Decode raw bytes. A BOM is dropped; CRLF is kept (the YAML parser accepts it and
    /// offsets stay true to the file).
    pub fn decode(path: String, bytes: &[u8]) -> (Source, Option<EncodingProblem>) {
        let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
        // Notepad's "Unicode" is UTF-16 with a BOM: NUL bytes everywhere, so it
        // would be called binary; say what it is and show it decoded.
        let utf16 = match body {
            [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
            [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
            _ => None,
        };
        if let Some(enc) = utf16 {
            let (text, _) = enc.decode_with_bom_removal(body);
            let width = text.chars().next().map_or(0, char::len_utf8);
            let problem = EncodingProblem {
                offset: 0,
                looks_like_gb18030: false,
                looks_binary: false,
                utf16: true,
                width,
            };
            return (Source::from_text(path, text.into_owned()), Some(problem));
        }
        match std::str::from_utf8(body) {
            Ok(text) => (Source::from_text(path, text.to_owned()), None),
            Err(e) => {
                let offset = e.valid_up_to();
                let (_, _, had_errors) = encoding_rs::GB18030.decode(body);
                let looks_binary = body
                    .iter()
                    .take(8192)
                    .any(|&b| b == 0 || (b < 0x09) || (0x0E..0x1A).contains(&b));
                let looks_like_gb18030 = !had_errors && !looks_binary;
                // A GBK file is shown decoded, so the excerpt reads as the clerk
                // wrote it rather than as replacement marks; the valid prefix is
                // the same text either way, so offsets before the bad byte hold.
                let text = if looks_like_gb18030 {
                    let (rest, _) =
                        encoding_rs::GB18030.decode_without_bom_handling(&body[offset..]);
                    let prefix = std::str::from_utf8(&body[..offset]).unwrap_or_default();
                    format!("{prefix}{rest}")
                } else {
                    String::from_utf8_lossy(body).into_owned()
                };
                let width = text[offset.min(text.len())..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                (
                    Source::from_text(path, text),
                    Some(EncodingProblem {
                        offset,
                        looks_like_gb18030,
                        looks_binary,
                        utf16: false,
                        width,
                    }),
                )
            }
        }
    }

    pub fn from_text(path: String, text: String) -> Source {
        // A line ends at LF, CRLF or a lone CR: the YAML parser's line numbers, and
        // an editor's, count a lone CR (old Mac line ends) as a break too.
        // memchr jumps between line ends: a byte-by-byte loop here was 4% of a check.
        let mut line_starts = vec![0u32];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(clamp_u32(i + 1));
            }
        }
        let mut char_marks = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
        let mut chars = 0u32;
        for block in bytes.chunks(CHAR_BLOCK) {
            char_marks.push(chars);
            chars = chars.saturating_add(clamp_u32(count_chars(block)));
        }
        Source {
            path,
            text,
            line_starts,
            char_marks,
            kept: None,
        }
    }

    /// Let the text go, keeping the line and column of `offsets` only. A
    /// clean ledger's text is wanted only to place its findings (an item's
    /// `id`); it is as large as the file, and a city's million records kept
    /// it all until the end of a run. Excerpts are shown for diagnostics
    /// only, so a file with one keeps its text.
    pub fn keep_positions(&mut self, offsets: impl IntoIterator<Item = usize>) {
        let mut kept: Vec<(u32, u32, u32)> = offsets
            .into_iter()
            .map(|o| {
                let (line, col) = self.line_col(o);
                (clamp_u32(o), clamp_u32(line), clamp_u32(col))
            })
            .collect();
        kept.sort_unstable();
        kept.dedup();
        self.text = String::new();
        self.line_starts = Vec::new();
        self.char_marks = Vec::new();
        self.kept = Some(kept.into_boxed_slice());
    }

    /// The text was let go ([`Source::keep_positions`]).
    pub fn is_slim(&self) -> bool {
        self.kept.is_some()
    }

    /// The position kept for `offset` when the text was let go.
    fn kept_at(&self, offset: usize) -> Option<(usize, usize)> {
        let kept = self.kept.as_deref()?;
        let at = kept.binary_search_by_key(&clamp_u32(offset), |k| k.0);
        // Every position a slim source is asked for was kept: findings point
        // at item ids, and a file with diagnostics keeps its text.
        debug_assert!(at.is_ok(), "{}: offset {offset} was not kept", self.path);
        Some(at.map_or((1, 1), |i| (kept[i].1 as usize, kept[i].2 as usize)))
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        if let Some((line, _)) = self.kept_at(offset) {
            return line;
        }
        let off = clamp_u32(offset.min(self.text.len()));
        match self.line_starts.binary_search(&off) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = self.line_start(line + 1);
        let raw = self.text.get(start..end).unwrap_or("");
        raw.trim_end_matches(['\n', '\r'])
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some(at) = self.kept_at(offset) {
            return at;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()).max(start));
        let col = self.chars_before(offset) - self.chars_before(start);
        (line, col + 1)
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let mark = self.char_marks.get(block).map_or(0, |&m| m as usize);
        let from = block * CHAR_BLOCK;
        mark + self
            .text
            .as_bytes()
            .get(from..offset)
            .map_or(0, count_chars)
    }

    /// Byte offset of a 1-based line and 0-based character column.
    pub fn offset_of(&self, line: usize, col0: usize) -> usize {
        let start = self.line_start(line);
        let text = self.line_text(line);
        let within = text.char_indices().nth(col0).map_or(text.len(), |(i, _)| i);
        start + within
    }
}

/// Characters starting in `bytes`: every byte but UTF-8 continuation bytes
/// (`10xxxxxx`), counted eight at a time (a byte at a time, this was half of
/// reading a file's line table).
fn count_chars(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut continuations = 0;
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        // Bit 7 set and bit 6 clear, in each byte.
        continuations += (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
    }
    let rest = words.remainder();
    bytes.len() - rest.len() - continuations + rest.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All files read in one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<Source>,
}

impl SourceMap {
    /// The map of `files`, the n-th of which is `FileId(n)`.
    pub fn from_files(files: Vec<Source>) -> SourceMap {
        SourceMap { files }
    }

    /// Put `source` in the place of file `id` (a slot filled later).
    pub fn set(&mut self, id: FileId, source: Source) {
        if let Some(slot) = self.files.get_mut(id.0 as usize) {
            *slot = source;
        }
    }

    pub fn add(&mut self, source: Source) -> FileId {
        self.files.push(source);
        FileId(clamp_u32(self.files.len() - 1))
    }

    pub fn get(&self, id: FileId) -> &Source {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Source)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, s)| (FileId(clamp_u32(i)), s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_offsets_count_from_the_text() {
        let (s, p) = Source::decode("a.yaml".into(), b"\xEF\xBB\xBFunit: jw\n");
        assert!(p.is_none());
        assert_eq!(s.text, "unit: jw\n");
        assert_eq!(s.line_col(6), (1, 7));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let s = Source::from_text("a".into(), "title: 区纪委 x\nnext".into());
        let x = s.text.find('x').unwrap();
        // "title: " is 7 characters, 区纪委 3 more, then a space: x is the 12th.
        assert_eq!(s.line_col(x), (1, 12));
        assert_eq!(s.line_col(s.text.find("next").unwrap()), (2, 1));
        assert_eq!(s.offset_of(1, 11), x);
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        let line: String = "区a".repeat(5000);
        let s = Source::from_text("a".into(), format!("x\n{line}\n"));
        for (i, _) in line.char_indices().step_by(997) {
            let off = 2 + i;
            let want = line[..i].chars().count() + 1;
            assert_eq!(s.line_col(off), (2, want), "at {off}");
        }
    }

    #[test]
    fn characters_are_counted_eight_bytes_at_a_time() {
        for text in [
            "",
            "a",
            "区",
            "ab区纪委工作x\u{1F600}é!",
            &"区a\u{1F600}".repeat(37),
        ] {
            for start in 0..text.len().min(9) {
                let b = &text.as_bytes()[start..];
                let want = b.iter().filter(|&&c| (c as i8) >= -0x40).count();
                assert_eq!(count_chars(b), want, "{text:?} from {start}");
            }
        }
    }

    #[test]
    fn crlf_lines_render_without_carriage_return() {
        let s = Source::from_text("a".into(), "a: 1\r\nb: 2\r\n".into());
        assert_eq!(s.line_text(1), "a: 1");
        assert_eq!(s.line_text(2), "b: 2");
        assert_eq!(s.line_col(6), (2, 1));
    }

    #[test]
    fn gbk_text_is_recognised() {
        let (gbk, _, _) = encoding_rs::GBK.encode("unit: jw\ntitle: 区纪委\n");
        let (_, p) = Source::decode("a".into(), &gbk);
        let p = p.expect("not utf-8");
        assert!(p.looks_like_gb18030);
        assert_eq!(p.offset, "unit: jw\ntitle: ".len());
    }

    #[test]
    fn binary_garbage_is_not_called_gbk() {
        let (_, p) = Source::decode("a".into(), &[0x00, 0xFF, 0xFE, 0x01, 0x80]);
        let p = p.expect("not utf-8");
        assert!(p.looks_binary);
        assert!(!p.looks_like_gb18030);
    }

    #[test]
    fn notepad_unicode_utf16_was_called_binary() {
        for enc in [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
            let mut bytes: Vec<u8> = Vec::new();
            for u in "\u{feff}unit: jw\n".encode_utf16() {
                let pair = if enc == encoding_rs::UTF_16LE {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                };
                bytes.extend(pair);
            }
            let (s, p) = Source::decode("a".into(), &bytes);
            let p = p.expect("not utf-8");
            assert!(p.utf16 && !p.looks_binary, "{enc:?}");
            assert_eq!(s.text, "unit: jw\n");
        }
    }

    #[test]
    fn gbk_excerpt_was_mojibake() {
        let (gbk, _, _) = encoding_rs::GBK.encode("unit: jw\ntitle: 区纪委\n");
        let (s, p) = Source::decode("a".into(), &gbk);
        let p = p.expect("not utf-8");
        assert_eq!(s.text, "unit: jw\ntitle: 区纪委\n");
        assert_eq!(&s.text[p.offset..p.offset + p.width], "区");
    }
}
