//! The annual report as Markdown (CommonMark with GFM tables): the text a
//! clerk pastes into a mail or a wiki, and what the snapshot test reads.

use std::io::{self, Write};

use super::layout::Block;

pub(crate) fn write(blocks: &[Block], out: &mut dyn Write) -> io::Result<()> {
    let mut first = true;
    for b in blocks {
        if !first {
            writeln!(out)?;
        }
        first = false;
        match b {
            Block::Title(t) => writeln!(out, "# {}", inline(t))?,
            Block::Meta(lines) => {
                for (k, v) in lines {
                    // Two trailing spaces: a line break inside one paragraph.
                    // The colon stays outside the emphasis: `**依据**：` closes
                    // in CommonMark, `**依据：**测` does not (punctuation before
                    // the closing `**` and a letter after it).
                    let bold = k.trim_end().trim_end_matches(['：', ':']);
                    let tail = &k[bold.len()..];
                    writeln!(out, "**{}**{tail}{}  ", inline(bold), inline(v))?;
                }
            }
            Block::Heading(level, t) => {
                let hashes = "#".repeat(usize::from(*level) + 1);
                writeln!(out, "{hashes} {}", inline(t))?;
            }
            Block::Para(t) => writeln!(out, "{}", inline(t))?,
            Block::Table { header, rows } => {
                writeln!(out, "| {} |", cells(header))?;
                let rule: Vec<&str> = header.iter().map(|_| "---").collect();
                writeln!(out, "| {} |", rule.join(" | "))?;
                for row in rows {
                    writeln!(out, "| {} |", cells(row))?;
                }
            }
        }
    }
    Ok(())
}

fn cells(row: &[String]) -> String {
    row.iter()
        .map(|c| inline(c))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// User text as literal Markdown: one line, and every character that could
/// start markup (emphasis, links, HTML, table cells, headings) escaped.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_make_markup() {
        assert_eq!(inline("a|b"), "a\\|b");
        assert_eq!(inline("<script>"), "\\<script\\>");
        assert_eq!(inline("**x** [l](u)"), "\\*\\*x\\*\\* \\[l\\](u)");
        assert_eq!(inline("一\n二"), "一 二");
        assert_eq!(inline("&lt;"), "&amp;lt;");
    }
}
