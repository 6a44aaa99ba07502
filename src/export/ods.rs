//! The export as an OpenDocument spreadsheet (LibreOffice, and what many councils must
//! accept as an open standard): the same tables as the XLSX, written as a package of
//! our own because no ODS writer covers dates, frozen rows and filters. Text is written
//! as string cells, which never run as formulas, so exactly as typed; in the full version
//! every sheet starts with the personal-data notice, above the header.

use super::{escape_xml as escape, is_xml_char};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::table::{self, Cell, Layout, Sheet, SheetError};
use crate::domain::export::ConsultationExport;
use crate::domain::reaction::canonical_time;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// ODF 1.2: every feature used here is in it, and more programs read it than 1.3.
const VERSION: &str = "1.2";

/// The same sheets as [`super::xlsx::workbook`].
pub fn spreadsheet(export: &ConsultationExport) -> Result<Vec<u8>, SheetError> {
    let sheets = table::sheets(export);
    let mut package = ZipWriter::new(Cursor::new(Vec::new()));
    // Readers recognise the format by an uncompressed `mimetype` at the very start.
    package.start_file(
        "mimetype",
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
    )?;
    package.write_all(MIMETYPE.as_bytes())?;
    let parts = [
        ("META-INF/manifest.xml", manifest()),
        ("content.xml", content(&sheets)),
        ("styles.xml", STYLES.to_owned()),
        ("settings.xml", settings(&sheets)),
        ("meta.xml", meta(export)),
    ];
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, xml) in parts {
        package.start_file(name, deflated)?;
        package.write_all(xml.as_bytes())?;
    }
    Ok(package.finish()?.into_inner())
}

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

const NS_OFFICE: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#;
const NS_STYLE: &str = r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#;
const NS_TEXT: &str = r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#;
const NS_TABLE: &str = r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#;
const NS_FO: &str = r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0""#;
const NS_NUMBER: &str = r#"xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0""#;

fn manifest() -> String {
    let mut xml = format!(
        r#"{XML_DECLARATION}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="{VERSION}"><manifest:file-entry manifest:full-path="/" manifest:version="{VERSION}" manifest:media-type="{MIMETYPE}"/>"#
    );
    for part in ["content.xml", "styles.xml", "settings.xml", "meta.xml"] {
        let _ = write!(
            xml,
            r#"<manifest:file-entry manifest:full-path="{part}" manifest:media-type="text/xml"/>"#
        );
    }
    xml.push_str("</manifest:manifest>");
    xml
}

/// Named styles a reader can see and reuse: bold headers and the Dutch date-time format.
const STYLES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2">"#,
    "<office:styles>",
    r#"<number:date-style style:name="DatumTijd" number:automatic-order="false">"#,
    r#"<number:day number:style="long"/><number:text>-</number:text>"#,
    r#"<number:month number:style="long"/><number:text>-</number:text>"#,
    r#"<number:year number:style="long"/><number:text> </number:text>"#,
    r#"<number:hours number:style="long"/><number:text>:</number:text>"#,
    r#"<number:minutes number:style="long"/>"#,
    "</number:date-style>",
    r#"<style:style style:name="Default" style:family="table-cell"/>"#,
    r#"<style:style style:name="Kop" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold"/></style:style>"#,
    r#"<style:style style:name="Datum" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="DatumTijd"/>"#,
    r##"<style:style style:name="Waarschuwing" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-weight="bold" fo:color="#b00020"/></style:style>"##,
    "</office:styles>",
    "</office:document-styles>",
);

/// Automatic styles: `ce1` dates, `ce2` headers, `ce3` the notice, `co<n>` a column `n`
/// characters wide.
fn content(sheets: &[Sheet]) -> String {
    let cells: usize = sheets.iter().map(|s| s.rows.len() * s.columns.len()).sum();
    let mut xml = String::with_capacity(4096 + cells * 80);
    let _ = write!(
        xml,
        r#"{XML_DECLARATION}<office:document-content {NS_OFFICE} {NS_STYLE} {NS_TEXT} {NS_TABLE} {NS_FO} {NS_NUMBER} office:version="{VERSION}"><office:automatic-styles>"#
    );
    let widths: BTreeSet<u8> = sheets
        .iter()
        .flat_map(|s| s.columns.iter().map(|c| c.width))
        .collect();
    for width in widths {
        // About the width of a character in the default 10 pt font, plus padding.
        let cm = f64::from(width) * 0.19 + 0.2;
        let _ = write!(
            xml,
            r#"<style:style style:name="co{width}" style:family="table-column"><style:table-column-properties fo:break-before="auto" style:column-width="{cm:.2}cm"/></style:style>"#
        );
    }
    xml.push_str(concat!(
        r#"<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Datum"/>"#,
        r#"<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Kop"/>"#,
        r#"<style:style style:name="ce3" style:family="table-cell" style:parent-style-name="Waarschuwing"/>"#,
        "</office:automatic-styles><office:body><office:spreadsheet>",
    ));
    for sheet in sheets {
        let _ = write!(xml, r#"<table:table table:name="{}">"#, escape(sheet.name));
        for column in &sheet.columns {
            let _ = write!(
                xml,
                r#"<table:table-column table:style-name="co{}" table:default-cell-style-name="Default"/>"#,
                column.width
            );
        }
        if let Some(notice) = sheet.notice {
            // One cell; the text runs on over the empty cells to its right.
            xml.push_str(
                r#"<table:table-row><table:table-cell table:style-name="ce3" office:value-type="string">"#,
            );
            paragraphs(&mut xml, notice);
            xml.push_str("</table:table-cell></table:table-row>");
        }
        if sheet.layout == Layout::Table {
            xml.push_str("<table:table-row>");
            for column in &sheet.columns {
                xml.push_str(
                    r#"<table:table-cell table:style-name="ce2" office:value-type="string">"#,
                );
                paragraphs(&mut xml, column.title);
                xml.push_str("</table:table-cell>");
            }
            xml.push_str("</table:table-row>");
        }
        for row in &sheet.rows {
            xml.push_str("<table:table-row>");
            for cell in row {
                write_cell(&mut xml, cell);
            }
            xml.push_str("</table:table-row>");
        }
        xml.push_str("</table:table>");
    }
    // A filter per data sheet. LibreOffice keeps an unnamed range per sheet under this
    // prefix; the number only has to be unique.
    xml.push_str("<table:database-ranges>");
    for (index, sheet) in sheets.iter().enumerate() {
        if sheet.layout == Layout::Table {
            let _ = write!(
                xml,
                r#"<table:database-range table:name="__Anonymous_Sheet_DB__{index}" table:target-range-address="{}" table:display-filter-buttons="true"/>"#,
                escape(&range(sheet))
            );
        }
    }
    xml.push_str(
        "</table:database-ranges></office:spreadsheet></office:body></office:document-content>",
    );
    xml
}

fn write_cell(xml: &mut String, cell: &Cell) {
    match cell {
        Cell::Text(text) => {
            xml.push_str(r#"<table:table-cell office:value-type="string">"#);
            paragraphs(xml, text);
            xml.push_str("</table:table-cell>");
        }
        Cell::Number(number) => {
            let _ = write!(
                xml,
                r#"<table:table-cell office:value-type="float" office:value="{number}"><text:p>{number}</text:p></table:table-cell>"#
            );
        }
        Cell::Date(local) => {
            let _ = write!(
                xml,
                r#"<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="{}"><text:p>{}</text:p></table:table-cell>"#,
                local.format("%Y-%m-%dT%H:%M:%S"),
                table::date_text(*local)
            );
        }
        Cell::Empty => xml.push_str("<table:table-cell/>"),
    }
}

/// The header and data of a sheet as a range address, below a notice if there is one:
/// `'Scenario''s'.A1:'Scenario''s'.M11`.
fn range(sheet: &Sheet) -> String {
    let name = format!("'{}'", sheet.name.replace('\'', "''"));
    let header = sheet.notice_rows() + 1;
    format!(
        "{name}.A{header}:{name}.{}{}",
        column_name(sheet.columns.len().saturating_sub(1)),
        sheet.rows.len() + header
    )
}

/// 0 is A, 25 is Z, 26 is AA.
fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        rest -= 1;
        name.push(b'A' + (rest % 26) as u8);
        rest /= 26;
    }
    name.iter().rev().map(|&b| char::from(b)).collect()
}

/// Text as ODF paragraphs: one per line, and tabs and runs of spaces as elements,
/// because a reader collapses plain white space.
fn paragraphs(xml: &mut String, text: &str) {
    for line in text.split('\n') {
        xml.push_str("<text:p>");
        let mut spaces = 0;
        let mut after_text = false;
        for c in line.chars() {
            if c == ' ' {
                spaces += 1;
                continue;
            }
            if c == '\r' || !is_xml_char(c) {
                continue;
            }
            write_spaces(xml, &mut spaces, after_text);
            after_text = c != '\t';
            match c {
                '\t' => xml.push_str("<text:tab/>"),
                '&' => xml.push_str("&amp;"),
                '<' => xml.push_str("&lt;"),
                '>' => xml.push_str("&gt;"),
                c => xml.push(c),
            }
        }
        write_spaces(xml, &mut spaces, false);
        xml.push_str("</text:p>");
    }
}

/// One plain space between words survives; every other space needs `<text:s/>`.
fn write_spaces(xml: &mut String, spaces: &mut usize, between_words: bool) {
    let mut count = *spaces;
    if count > 0 && between_words {
        xml.push(' ');
        count -= 1;
    }
    if count > 0 {
        let _ = write!(xml, r#"<text:s text:c="{count}"/>"#);
    }
    *spaces = 0;
}

/// Freezes each data sheet below its header row (and the notice above it) and opens on
/// the first sheet.
fn settings(sheets: &[Sheet]) -> String {
    let mut xml = format!(
        r#"{XML_DECLARATION}<office:document-settings {NS_OFFICE} xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="{VERSION}"><office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry><config:config-item config:name="ViewId" config:type="string">view1</config:config-item><config:config-item-map-named config:name="Tables">"#
    );
    for sheet in sheets.iter().filter(|s| s.layout == Layout::Table) {
        let _ = write!(
            xml,
            r#"<config:config-item-map-entry config:name="{}">"#,
            escape(sheet.name)
        );
        let below_header = sheet.notice_rows() + 1;
        for (name, kind, value) in [
            ("HorizontalSplitMode", "short", 0),
            ("VerticalSplitMode", "short", 2),
            ("HorizontalSplitPosition", "int", 0),
            ("VerticalSplitPosition", "int", below_header),
            ("ActiveSplitRange", "short", 2),
            ("PositionLeft", "int", 0),
            ("PositionRight", "int", 0),
            ("PositionTop", "int", 0),
            ("PositionBottom", "int", below_header),
        ] {
            let _ = write!(
                xml,
                r#"<config:config-item config:name="{name}" config:type="{kind}">{value}</config:config-item>"#
            );
        }
        xml.push_str("</config:config-item-map-entry>");
    }
    let _ = write!(
        xml,
        r#"</config:config-item-map-named><config:config-item config:name="ActiveTable" config:type="string">{}</config:config-item></config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>"#,
        sheets.first().map(|s| escape(s.name)).unwrap_or_default()
    );
    xml
}

fn meta(export: &ConsultationExport) -> String {
    let generated = canonical_time(export.generated_at);
    format!(
        r#"{XML_DECLARATION}<office:document-meta {NS_OFFICE} xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="{VERSION}"><office:meta><meta:generator>Inspraak</meta:generator><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:language>nl-NL</dc:language><meta:creation-date>{generated}</meta:creation-date><dc:date>{generated}</dc:date></office:meta></office:document-meta>"#,
        escape(&export.title),
        escape(&format!(
            "{}, {}, {}",
            export.council,
            export.edition.label(),
            export.level.label()
        )),
    )
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use roxmltree::{Document, Node};

    use super::*;
    use crate::domain::export::{Level, PERSONAL_DATA_NOTICE};
    use crate::export::sample::sample;
    use crate::export::xlsx::tests::unzip;

    const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    fn tables<'a>(doc: &'a Document<'a>) -> Vec<Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.has_tag_name((TABLE, "table")))
            .collect()
    }

    fn table<'a>(doc: &'a Document<'a>, name: &str) -> Node<'a, 'a> {
        tables(doc)
            .into_iter()
            .find(|t| t.attribute((TABLE, "name")) == Some(name))
            .unwrap_or_else(|| panic!("{name}"))
    }

    /// The cell in `row` (0 is the header) and `col` of a table written without repeats.
    fn cell<'a>(table: Node<'a, 'a>, row: usize, col: usize) -> Node<'a, 'a> {
        table
            .children()
            .filter(|n| n.has_tag_name((TABLE, "table-row")))
            .nth(row)
            .and_then(|r| {
                r.children()
                    .filter(|n| n.has_tag_name((TABLE, "table-cell")))
                    .nth(col)
            })
            .unwrap_or_else(|| panic!("row {row} col {col}"))
    }

    fn kind<'a>(cell: Node<'a, 'a>) -> Option<&'a str> {
        cell.attribute((OFFICE, "value-type"))
    }

    fn paragraphs_of(cell: Node) -> Vec<String> {
        cell.children()
            .filter(|n| n.has_tag_name((TEXT, "p")))
            .map(|p| {
                p.children()
                    .map(|n| {
                        if n.is_text() {
                            n.text().unwrap_or_default().to_owned()
                        } else if n.has_tag_name((TEXT, "s")) {
                            " ".repeat(n.attribute((TEXT, "c")).map_or(1, |c| c.parse().unwrap()))
                        } else if n.has_tag_name((TEXT, "tab")) {
                            "\t".to_owned()
                        } else {
                            String::new()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_mimetype_comes_first_uncompressed_without_extra_field() {
        let bytes = spreadsheet(&sample(5, Level::Public)).unwrap();
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "stored");
        assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8, "name length");
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.expect("a name").into_owned())
            .collect();
        for part in [
            "mimetype",
            "META-INF/manifest.xml",
            "content.xml",
            "styles.xml",
            "settings.xml",
            "meta.xml",
        ] {
            assert!(names.iter().any(|n| n == part), "{part}");
        }
        assert_eq!(
            archive.by_index(0).unwrap().compression(),
            CompressionMethod::Stored
        );
    }

    #[test]
    fn every_part_is_well_formed_xml() {
        let mut export = sample(12, Level::Full);
        export.title = "Ontmoeting & \"verbinding\" <concept> 'a'\u{1}".into();
        let bytes = spreadsheet(&export).unwrap();
        for part in [
            "META-INF/manifest.xml",
            "content.xml",
            "styles.xml",
            "settings.xml",
            "meta.xml",
        ] {
            let xml = unzip(&bytes, part);
            if let Err(error) = Document::parse(&xml) {
                panic!("{part}: {error}");
            }
        }
        let meta = unzip(&bytes, "meta.xml");
        let doc = Document::parse(&meta).unwrap();
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(
            title.text(),
            Some("Ontmoeting & \"verbinding\" <concept> 'a'")
        );
    }

    #[test]
    fn sheets_match_the_workbook() {
        let bytes = spreadsheet(&sample(20, Level::Public)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        let names: Vec<&str> = tables(&doc)
            .iter()
            .filter_map(|t| t.attribute((TABLE, "name")))
            .collect();
        let expected: Vec<&str> = table::sheets(&sample(1, Level::Public))
            .iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn cells_have_their_types_and_dates_their_style() {
        let bytes = spreadsheet(&sample(20, Level::Public)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        let reactions = table(&doc, "Reacties");
        let received = cell(reactions, 1, 2);
        assert_eq!(kind(received), Some("date"));
        assert_eq!(
            received.attribute((OFFICE, "date-value")),
            Some("2026-11-10T10:07:00")
        );
        assert_eq!(paragraphs_of(received), ["10-11-2026 10:07"]);
        let style = received.attribute((TABLE, "style-name")).unwrap();
        let automatic = doc
            .descendants()
            .find(|n| {
                n.has_tag_name((STYLE, "style")) && n.attribute((STYLE, "name")) == Some(style)
            })
            .unwrap();
        let parent = automatic.attribute((STYLE, "parent-style-name")).unwrap();
        let styles = unzip(&bytes, "styles.xml");
        let styles = Document::parse(&styles).unwrap();
        let named = styles
            .descendants()
            .find(|n| n.attribute((STYLE, "name")) == Some(parent))
            .unwrap();
        let data_style = named.attribute((STYLE, "data-style-name")).unwrap();
        assert!(
            styles
                .descendants()
                .any(|n| n.tag_name().name() == "date-style"
                    && n.attribute((STYLE, "name")) == Some(data_style))
        );
        let number = cell(reactions, 1, 0);
        assert_eq!(kind(number), Some("float"));
        assert_eq!(number.attribute((OFFICE, "value")), Some("1"));
        assert_eq!(kind(cell(reactions, 1, 1)), Some("string"));
        let about = table(&doc, "Over dit bestand");
        assert!(
            about
                .descendants()
                .any(|n| paragraphs_of(n) == [table::SIGNATURE_NOTE])
        );
    }

    #[test]
    fn text_is_kept_exactly_in_string_cells_and_small_counts_are_text() {
        let bytes = spreadsheet(&sample(4, Level::Public)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        assert!(!xml.contains("table:formula"));
        assert!(!xml.contains("<text:p>'"), "no apostrophe added");
        let doc = Document::parse(&xml).unwrap();
        let body = cell(table(&doc, "Standpunten"), 2, 4);
        assert_eq!(kind(body), Some("string"));
        assert_eq!(
            paragraphs_of(body),
            ["=Geef bewonersbeheer een eerlijke kans met een vast budget."]
        );
        let districts = table(&doc, "Steun per wijk");
        let small: Vec<Node> = districts
            .descendants()
            .filter(|n| paragraphs_of(*n) == ["minder dan 5"])
            .collect();
        assert!(!small.is_empty());
        assert!(small.iter().all(|n| kind(*n) == Some("string")));
    }

    #[test]
    fn the_full_version_warns_on_every_sheet_above_a_frozen_header() {
        let bytes = spreadsheet(&sample(20, Level::Full)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        for sheet in tables(&doc) {
            let notice = cell(sheet, 0, 0);
            assert_eq!(kind(notice), Some("string"));
            assert_eq!(paragraphs_of(notice), [PERSONAL_DATA_NOTICE]);
        }
        let reactions = table(&doc, "Reacties");
        assert_eq!(paragraphs_of(cell(reactions, 1, 0)), ["volgnummer"]);
        assert_eq!(kind(cell(reactions, 2, 0)), Some("float"));
        assert!(
            doc.descendants()
                .any(|n| n.attribute((TABLE, "target-range-address"))
                    == Some("'Reacties'.A2:'Reacties'.M22"))
        );
        let settings = unzip(&bytes, "settings.xml");
        assert!(settings.contains(
            r#"<config:config-item config:name="VerticalSplitPosition" config:type="int">2</config:config-item>"#
        ));
        let public = spreadsheet(&sample(20, Level::Public)).unwrap();
        assert!(!unzip(&public, "content.xml").contains("persoonsgegevens"));
        assert!(unzip(&public, "settings.xml").contains(
            r#"<config:config-item config:name="VerticalSplitPosition" config:type="int">1</config:config-item>"#
        ));
    }

    #[test]
    fn text_keeps_lines_spaces_and_markup_characters() {
        let mut export = sample(1, Level::Public);
        export.reactions[0].introduction = "  Wij & <zij>\tsamen\nregel  twee ".into();
        let bytes = spreadsheet(&export).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        assert_eq!(
            paragraphs_of(cell(table(&doc, "Reacties"), 1, 6)),
            ["  Wij & <zij>\tsamen", "regel  twee "]
        );
    }

    #[test]
    fn data_sheets_have_a_frozen_header_and_a_filter() {
        let bytes = spreadsheet(&sample(20, Level::Public)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        let ranges: Vec<(&str, Option<&str>)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TABLE, "database-range")))
            .map(|n| {
                (
                    n.attribute((TABLE, "target-range-address")).unwrap(),
                    n.attribute((TABLE, "display-filter-buttons")),
                )
            })
            .collect();
        assert_eq!(ranges.len(), 5);
        assert!(ranges.iter().all(|r| r.1 == Some("true")));
        assert_eq!(ranges[0].0, "'Reacties'.A1:'Reacties'.L21");
        assert!(ranges[2].0.starts_with("'Scenario''s'.A1:'Scenario''s'.M"));
        let settings = unzip(&bytes, "settings.xml");
        let settings = Document::parse(&settings).unwrap();
        let frozen: Vec<&str> = settings
            .descendants()
            .filter(|n| n.tag_name().name() == "config-item-map-entry")
            .filter(|entry| {
                entry.children().any(|item| {
                    item.attributes()
                        .any(|a| a.name() == "name" && a.value() == "VerticalSplitMode")
                        && item.text() == Some("2")
                })
            })
            .filter_map(|entry| {
                entry
                    .attributes()
                    .find(|a| a.name() == "name")
                    .map(|a| a.value())
            })
            .collect();
        assert_eq!(
            frozen,
            [
                "Reacties",
                "Standpunten",
                "Scenario's",
                "Steun per wijk",
                "Inspreekverzoeken"
            ]
        );
    }

    #[test]
    fn withdrawn_reactions_are_marked() {
        let bytes = spreadsheet(&sample(10, Level::Public)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        let reactions = table(&doc, "Reacties");
        assert_eq!(paragraphs_of(cell(reactions, 10, 7)), ["ingetrokken"]);
        assert_eq!(kind(cell(reactions, 10, 8)), Some("date"));
        assert_eq!(kind(cell(reactions, 9, 8)), None);
    }

    #[test]
    fn column_names_go_past_z() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn five_hundred_reactions_make_a_spreadsheet() {
        let bytes = spreadsheet(&sample(500, Level::Full)).unwrap();
        let xml = unzip(&bytes, "content.xml");
        let doc = Document::parse(&xml).unwrap();
        assert!(
            doc.descendants()
                .any(|n| n.attribute((TABLE, "target-range-address"))
                    == Some("'Reacties'.A2:'Reacties'.M502"))
        );
    }
}
