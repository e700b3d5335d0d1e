//! The annual report as a Word file (.docx): a zip of WordprocessingML parts
//! written by hand.
//!
//! Why by hand and not `docx-rs`: the report needs four paragraph styles and
//! one table style, which is a few hundred bytes of XML; the `zip` crate
//! (deflate only) is the one dependency, where docx-rs brings an image codec
//! stack and more build time than the rest of the tool. Office machines get
//! what they expect: the built-in style ids `Title`, `Heading1`–`Heading3`
//! (so Word's navigation pane and table of contents see them), East Asian
//! text in 宋体 (`SimSun`) and headings in 黑体 (`SimHei`), Latin text in
//! Times New Roman, A4 with 2 cm side margins, table header rows repeated on
//! every page and rows that do not split across pages.
//!
//! The output is byte-for-byte deterministic: fixed zip timestamps, no dates
//! in the document properties.

use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::layout::Block;

/// Text width of an A4 page with 2 cm (1134 twips) side margins.
const TEXT_WIDTH: u32 = 11906 - 2 * 1134;

pub(crate) fn write(blocks: &[Block], title: &str, out: &mut dyn Write) -> io::Result<()> {
    let bytes = package(blocks, title).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

/// The .docx bytes.
pub(crate) fn package(blocks: &[Block], title: &str) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELS.to_owned()),
        ("docProps/core.xml", core(title)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/footer1.xml", FOOTER.to_owned()),
        ("word/document.xml", document(blocks)),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

/// The page number, centred: `— 3 —`, as official documents number pages.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;

fn core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>ledger</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"#,
        xml(title)
    )
}

/// Fonts: `rFonts` names the East Asian font separately, which is what makes
/// Chinese text come out in 宋体 while digits and Latin stay Times New Roman.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:spacing w:before="240" w:after="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimHei"/><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimHei"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/><w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimHei"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Report Meta"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/><w:spacing w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"#;

fn document(blocks: &[Block]) -> String {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => para(&mut body, "Title", t, false),
            Block::Meta(lines) => {
                for (k, v) in lines {
                    body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Meta"/></w:pPr>"#);
                    run(&mut body, k, true);
                    run(&mut body, v, false);
                    body.push_str("</w:p>");
                }
            }
            Block::Heading(level, t) => {
                para(
                    &mut body,
                    &format!("Heading{}", level.clamp(&1, &3)),
                    t,
                    false,
                );
            }
            Block::Para(t) => para(&mut body, "Normal", t, false),
            Block::Table { header, rows } => table(&mut body, header, rows),
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

fn para(out: &mut String, style: &str, text: &str, bold: bool) {
    out.push_str(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#
    ));
    run(out, text, bold);
    out.push_str("</w:p>");
}

/// One run; line breaks in the text become `<w:br/>`.
fn run(out: &mut String, text: &str, bold: bool) {
    out.push_str("<w:r>");
    if bold {
        out.push_str("<w:rPr><w:b/></w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        out.push_str(r#"<w:t xml:space="preserve">"#);
        out.push_str(&xml(line));
        out.push_str("</w:t>");
    }
    out.push_str("</w:r>");
}

fn table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let widths = column_widths(header, rows);
    out.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#);
    for w in &widths {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    out.push_str("</w:tblGrid>");
    row(out, header, &widths, true);
    for r in rows {
        row(out, r, &widths, false);
    }
    out.push_str("</w:tbl>");
    // Word needs a paragraph between two tables, or it merges them.
    out.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>"#);
}

fn row(out: &mut String, cells: &[String], widths: &[u32], header: bool) {
    out.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if header {
        out.push_str("<w:tblHeader/>");
    }
    out.push_str("</w:trPr>");
    for (i, w) in widths.iter().enumerate() {
        let text = cells.get(i).map_or("", String::as_str);
        out.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>"#));
        if header {
            out.push_str(r#"<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>"#);
        }
        out.push_str(r#"</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>"#);
        run(out, text, header);
        out.push_str("</w:p></w:tc>");
    }
    out.push_str("</w:tr>");
}

/// Column widths in twips. At the table's 9 pt a Chinese character is
/// about 180 twips and a Latin one 90. Columns whose widest value fits in a
/// fair share of the page get what they need, so dates, unit names and states
/// do not wrap; repeated with what is left, until the remaining (long) columns
/// share the rest by their widths.
fn column_widths(header: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    const UNIT: u64 = 90;
    const PAD: u64 = 200;
    let need: Vec<u64> = (0..header.len())
        .map(|i| {
            let units = std::iter::once(&header[i])
                .chain(rows.iter().filter_map(|r| r.get(i)))
                .map(|s| display_width(s))
                .max()
                .unwrap_or(0)
                .clamp(2, 80);
            u64::from(units) * UNIT + PAD
        })
        .collect();
    let mut width = vec![0u64; need.len()];
    let mut open: Vec<usize> = (0..need.len()).collect();
    let mut rest = u64::from(TEXT_WIDTH);
    while !open.is_empty() {
        let share = rest / open.len() as u64;
        let (fit, wide): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&i| need[i] <= share);
        if fit.is_empty() {
            break;
        }
        for i in fit {
            width[i] = need[i];
            rest -= need[i];
        }
        open = wide;
    }
    // The long columns share what is left, each first getting a floor of
    // about four Chinese characters; when all fit, the slack goes to all.
    let share_out: Vec<usize> = if open.is_empty() {
        (0..need.len()).collect()
    } else {
        open
    };
    let floor = (rest / share_out.len().max(1) as u64).min(920);
    let mut extra: Vec<u64> = vec![0; need.len()];
    for &i in &share_out {
        let f = floor.min(need[i].saturating_sub(width[i]));
        width[i] += f;
        rest -= f;
        extra[i] = need[i].saturating_sub(width[i]).max(1);
    }
    let total: u64 = share_out.iter().map(|&i| extra[i]).sum::<u64>().max(1);
    let left = rest;
    for &i in &share_out {
        width[i] += left * extra[i] / total;
    }
    width.into_iter().map(|w| w as u32).collect()
}

/// The widest line of a cell, a Chinese character counting two.
fn display_width(s: &str) -> u32 {
    s.split('\n')
        .map(|l| l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum())
        .max()
        .unwrap_or(0)
}

/// Text as XML character data: markup escaped, and the control characters
/// XML 1.0 cannot carry dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
