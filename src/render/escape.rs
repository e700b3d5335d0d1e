//! User text on its way to a terminal or a CI log: control characters in a
//! title, a note or a file name (`\e]0;…\a` sets the window title, `\e[2J`
//! clears the screen, a line break forges a GitHub workflow command) are shown
//! as visible symbols, never written raw. JSON, SARIF and JUnit escape them by
//! their own syntax and keep the value.

use std::borrow::Cow;
use std::io::{self, Write};

/// The visible stand-in of a control character: its Unicode control picture
/// (`␛` for ESC, `␇` for BEL, `␡` for DEL), one character wide so columns stay
/// true; C1 controls become `�`. Tab stays (it moves the cursor only forward).
fn picture(c: char) -> Option<char> {
    match c {
        '\t' => None,
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `s` with every control character but tab replaced (line breaks too: a
/// value is shown on one line).
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| picture(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| picture(c).unwrap_or(c)).collect())
}

/// Like [`clean`], but line breaks stay: for a whole text made of lines.
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && picture(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if c == '\n' {
                    c
                } else {
                    picture(c).unwrap_or(c)
                }
            })
            .collect(),
    )
}

/// A writer that lets through what a renderer writes but no control
/// character: line breaks and tabs pass; with `colour`, so do SGR sequences
/// (`ESC [ digits ; … m`, all our styles ever write), while every other escape
/// (OSC titles, cursor moves, screen clearing) is shown as `␛…`. The last line
/// of defence under every human and CI renderer; the renderers also clean
/// user text themselves ([`clean`]), so a title cannot carry even a colour.
pub struct Guard<'a> {
    inner: &'a mut dyn Write,
    colour: bool,
    /// A UTF-8 lead byte 0xC2 at the end of the last write, whose follower
    /// decides whether it is a C1 control.
    pending_c2: bool,
}

impl<'a> Guard<'a> {
    pub fn new(inner: &'a mut dyn Write, colour: bool) -> Guard<'a> {
        Guard {
            inner,
            colour,
            pending_c2: false,
        }
    }
}

/// Length of an SGR sequence at the start of `b` (which starts with ESC).
fn sgr_len(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"\x1b[")?;
    let params = rest
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b';')
        .count();
    (rest.get(params) == Some(&b'm')).then_some(params + 3)
}

impl Write for Guard<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        let mut i = 0;
        if self.pending_c2 {
            self.pending_c2 = false;
            match buf.first() {
                Some(0x80..=0x9f) => {
                    out.extend_from_slice("\u{fffd}".as_bytes());
                    i = 1;
                }
                _ => out.push(0xc2),
            }
        }
        while i < buf.len() {
            let b = buf[i];
            match b {
                b'\n' | b'\t' => out.push(b),
                0x1b if self.colour => match sgr_len(&buf[i..]) {
                    Some(n) => {
                        out.extend_from_slice(&buf[i..i + n]);
                        i += n;
                        continue;
                    }
                    None => out.extend_from_slice("\u{241b}".as_bytes()),
                },
                0x00..=0x1f => {
                    let pic = char::from_u32(0x2400 + u32::from(b)).unwrap_or('\u{fffd}');
                    out.extend_from_slice(pic.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0x7f => out.extend_from_slice("\u{2421}".as_bytes()),
                0xc2 if i + 1 == buf.len() => self.pending_c2 = true,
                0xc2 if (0x80..=0x9f).contains(&buf[i + 1]) => {
                    out.extend_from_slice("\u{fffd}".as_bytes());
                    i += 2;
                    continue;
                }
                _ => out.push(b),
            }
            i += 1;
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        if self.pending_c2 {
            let _ = self.inner.write_all(&[0xc2]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_pictures_one_character_each() {
        assert_eq!(clean("a\x1b]0;x\x07b"), "a\u{241b}]0;x\u{2407}b");
        assert_eq!(clean("t\u{9b}2J\n"), "t\u{fffd}2J\u{240a}");
        assert!(matches!(clean("区纪委\tok"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_guard_passes_our_colours_only() {
        let mut v = Vec::new();
        {
            let mut g = Guard::new(&mut v, true);
            g.write_all(b"\x1b[1;31merror\x1b[0m \x1b[2J\x1b]0;t\x07\n")
                .unwrap();
            // A C1 control split across two writes.
            g.write_all(b"x\xc2").unwrap();
            g.write_all(b"\x9by\xc2\xa0").unwrap();
            g.flush().unwrap();
        }
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "\x1b[1;31merror\x1b[0m \u{241b}[2J\u{241b}]0;t\u{2407}\nx\u{fffd}y\u{a0}"
        );
        let mut v = Vec::new();
        Guard::new(&mut v, false).write_all(b"\x1b[31mx").unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "\u{241b}[31mx");
    }
}
