//! The terminal styles of every human renderer (check, summary, audit, diff),
//! through `anstyle`, so a colour is named once and never written as raw ANSI.

use anstyle::{AnsiColor, Color, Style};

const fn bold(c: AnsiColor) -> Style {
    Style::new().bold().fg_color(Some(Color::Ansi(c)))
}

const fn plain(c: AnsiColor) -> Style {
    Style::new().fg_color(Some(Color::Ansi(c)))
}

/// Errors, overdue findings.
pub const ERROR: Style = bold(AnsiColor::Red);
/// Warnings, due-soon findings.
pub const WARNING: Style = bold(AnsiColor::Yellow);
/// Late findings.
pub const NOTE: Style = bold(AnsiColor::Cyan);
/// Headings: gaps, commits, file names.
pub const STRONG: Style = Style::new().bold();
/// Diff marks.
pub const ADDED: Style = plain(AnsiColor::Green);
pub const REMOVED: Style = plain(AnsiColor::Red);
pub const CHANGED: Style = plain(AnsiColor::Yellow);

/// `text` in `style` when colour is on, else as it is.
pub fn paint(style: Style, text: &str, color: bool) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(paint(ERROR, "x", false), "x");
        let on = paint(ERROR, "x", true);
        assert!(on.starts_with('\x1b') && on.ends_with("\x1b[0m") && on.contains('x'));
    }
}
