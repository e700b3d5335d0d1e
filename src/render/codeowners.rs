//! `ledger codeowners` output: the CODEOWNERS file.

use std::io::{self, Write};

use crate::codeowners::Rule;
use crate::messages::Lang;
use crate::messages::history::{Text, line};

/// Write the CODEOWNERS file: a header comment, then one rule a line.
pub fn write(rules: &[Rule], lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}", line(Text::CodeownersHeader, lang))?;
    writeln!(out, "# {}", line(Text::CodeownersHowTo, lang))?;
    for r in rules {
        writeln!(out, "{} {}", r.pattern, r.owners.join(" "))?;
    }
    Ok(())
}
