//! The export as an Excel workbook: the tables of [`super::table`] with real dates and
//! numbers, text as text cells (which Excel never runs as formulas, so text is written
//! exactly as typed), a frozen header row and a filter on every data sheet. In the full
//! version every sheet starts with the personal-data notice in bold red, above the header.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, XlsxError};

use super::table::{self, Cell, Layout, Sheet, SheetError};
use crate::domain::export::ConsultationExport;

/// Excel refuses longer text in a cell (counted in UTF-16 units).
const MAX_CELL_TEXT: usize = 32_767;

/// All sheets: "Over dit bestand", "Reacties", "Standpunten", "Scenario's",
/// "Steun per wijk" and "Inspreekverzoeken".
pub fn workbook(export: &ConsultationExport) -> Result<Vec<u8>, SheetError> {
    write(&table::sheets(export))
}

/// The griffie's "Lijst ingekomen stukken" as a workbook of its own.
pub fn incoming_list(export: &ConsultationExport) -> Result<Vec<u8>, SheetError> {
    write(&[table::incoming_list(export)])
}

fn write(sheets: &[Sheet]) -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold();
    let warning = Format::new()
        .set_bold()
        .set_font_color(Color::RGB(0xB0_00_20));
    // Format codes are locale-neutral; Dutch Excel shows this as dd-mm-jjjj uu:mm.
    let date = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        for (col, column) in (0..).zip(&sheet.columns) {
            worksheet.set_column_width(col, column.width)?;
        }
        if let Some(notice) = sheet.notice {
            worksheet.write_string_with_format(0, 0, notice, &warning)?;
        }
        let header_row =
            u32::try_from(sheet.notice_rows()).map_err(|_| XlsxError::RowColumnLimitError)?;
        let first_row = match sheet.layout {
            Layout::Notes => header_row,
            Layout::Table => {
                for (col, column) in (0..).zip(&sheet.columns) {
                    worksheet.write_string_with_format(header_row, col, column.title, &header)?;
                }
                header_row + 1
            }
        };
        for (row, cells) in (first_row..).zip(&sheet.rows) {
            for (col, cell) in (0..).zip(cells) {
                match cell {
                    Cell::Text(text) => {
                        worksheet.write_string(row, col, fit(text))?;
                    }
                    Cell::Number(number) => {
                        worksheet.write_number(row, col, *number as f64)?;
                    }
                    Cell::Date(local) => {
                        worksheet.write_datetime_with_format(
                            row,
                            col,
                            excel_date(*local)?,
                            &date,
                        )?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        if sheet.layout == Layout::Table {
            let last_row = u32::try_from(sheet.rows.len())
                .ok()
                .and_then(|rows| rows.checked_add(header_row))
                .ok_or(XlsxError::RowColumnLimitError)?;
            let last_col = u16::try_from(sheet.columns.len().saturating_sub(1))
                .map_err(|_| XlsxError::RowColumnLimitError)?;
            // The notice scrolls away with the data; the header row stays in view.
            worksheet.set_freeze_panes(header_row + 1, 0)?;
            worksheet.autofilter(header_row, 0, last_row, last_col)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

fn excel_date(local: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(local.year())
        .map_err(|_| XlsxError::DateTimeRangeError(local.to_string()))?;
    ExcelDateTime::from_ymd(year, local.month() as u8, local.day() as u8)?.and_hms(
        local.hour() as u16,
        local.minute() as u8,
        local.second(),
    )
}

/// Cuts text Excel would refuse, marked with an ellipsis, rather than failing the export.
fn fit(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_TEXT || text.encode_utf16().count() <= MAX_CELL_TEXT {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let mut cut: String = text
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < MAX_CELL_TEXT
        })
        .collect();
    cut.push('…');
    Cow::Owned(cut)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Cursor, Read};

    use super::*;
    use crate::domain::export::{Level, PERSONAL_DATA_NOTICE};
    use crate::export::sample::sample;

    /// One file of a zip package as text.
    pub(crate) fn unzip(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the package"))
            .read_to_string(&mut text)
            .expect("UTF-8");
        text
    }

    /// The shared strings, by index.
    fn shared_strings(bytes: &[u8]) -> Vec<String> {
        let xml = unzip(bytes, "xl/sharedStrings.xml");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("si"))
            .map(|si| {
                si.descendants()
                    .filter(|n| n.has_tag_name("t"))
                    .filter_map(|t| t.text())
                    .collect()
            })
            .collect()
    }

    /// Cells of one worksheet: reference, type attribute, style index and value.
    fn cells(bytes: &[u8], sheet: usize) -> Vec<(String, String, String, String)> {
        let xml = unzip(bytes, &format!("xl/worksheets/sheet{sheet}.xml"));
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("c"))
            .map(|c| {
                let value = c
                    .children()
                    .find(|n| n.has_tag_name("v"))
                    .and_then(|v| v.text())
                    .unwrap_or_default();
                (
                    c.attribute("r").unwrap_or_default().to_owned(),
                    c.attribute("t").unwrap_or("n").to_owned(),
                    c.attribute("s").unwrap_or("0").to_owned(),
                    value.to_owned(),
                )
            })
            .collect()
    }

    fn cell(bytes: &[u8], sheet: usize, reference: &str) -> (String, String, String) {
        cells(bytes, sheet)
            .into_iter()
            .find(|c| c.0 == reference)
            .map(|(_, t, s, v)| (t, s, v))
            .unwrap_or_else(|| panic!("{reference}"))
    }

    /// The number format code of a cell style index.
    fn number_format(bytes: &[u8], style: &str) -> String {
        let xml = unzip(bytes, "xl/styles.xml");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let xf = doc
            .descendants()
            .find(|n| n.has_tag_name("cellXfs"))
            .and_then(|xfs| {
                xfs.children()
                    .filter(|n| n.has_tag_name("xf"))
                    .nth(style.parse().unwrap())
            })
            .expect("the cell style");
        let id = xf.attribute("numFmtId").unwrap_or("0");
        doc.descendants()
            .find(|n| n.has_tag_name("numFmt") && n.attribute("numFmtId") == Some(id))
            .and_then(|n| n.attribute("formatCode"))
            .unwrap_or("General")
            .to_owned()
    }

    #[test]
    fn all_sheets_are_there_in_order() {
        let bytes = workbook(&sample(20, Level::Public)).unwrap();
        let xml = unzip(&bytes, "xl/workbook.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("sheet"))
            .filter_map(|n| n.attribute("name"))
            .collect();
        assert_eq!(
            names,
            [
                "Over dit bestand",
                "Reacties",
                "Standpunten",
                "Scenario's",
                "Steun per wijk",
                "Inspreekverzoeken"
            ]
        );
    }

    #[test]
    fn dates_are_date_cells_and_numbers_are_numbers() {
        let bytes = workbook(&sample(20, Level::Public)).unwrap();
        // "ontvangen op" of the first reaction: 10-11-2026 10:07 Amsterdam time.
        let (kind, style, value) = cell(&bytes, 2, "C2");
        assert_eq!(kind, "n");
        assert_eq!(number_format(&bytes, &style), "dd-mm-yyyy hh:mm");
        let serial: f64 = value.parse().unwrap();
        let expected = ExcelDateTime::from_ymd(2026, 11, 10)
            .unwrap()
            .and_hms(10, 7, 0)
            .unwrap()
            .to_excel();
        assert!((serial - expected).abs() < 1e-9, "{serial} {expected}");
        // "volgnummer" and "kosten per jaar (euro)" are plain numbers.
        assert_eq!(cell(&bytes, 2, "A2"), ("n".into(), "0".into(), "1".into()));
        assert_eq!(cell(&bytes, 4, "G2").2, "45000");
    }

    #[test]
    fn text_is_kept_exactly_in_string_cells_and_small_counts_are_text() {
        let bytes = workbook(&sample(4, Level::Public)).unwrap();
        let strings = shared_strings(&bytes);
        let typed = "=Geef bewonersbeheer een eerlijke kans met een vast budget.";
        let index = strings.iter().position(|s| s == typed).expect("as typed");
        assert!(!strings.iter().any(|s| s.starts_with('\'')));
        // "Standpunten" row 3 is the second position; E is "tekst".
        assert_eq!(
            cell(&bytes, 3, "E3"),
            ("s".into(), "0".into(), index.to_string())
        );
        assert!(!cells(&bytes, 3).iter().any(|c| c.1 == "str" || c.1 == "e"));
        assert!(!unzip(&bytes, "xl/worksheets/sheet3.xml").contains("<f>"));
        let small = strings.iter().position(|s| s == "minder dan 5").unwrap();
        assert!(
            cells(&bytes, 5)
                .iter()
                .any(|c| c.1 == "s" && c.3 == small.to_string())
        );
    }

    #[test]
    fn the_full_version_warns_on_every_sheet_above_a_frozen_header() {
        let bytes = workbook(&sample(20, Level::Full)).unwrap();
        let strings = shared_strings(&bytes);
        let notice = strings
            .iter()
            .position(|s| s == PERSONAL_DATA_NOTICE)
            .expect("the notice");
        for sheet in 1..=6 {
            let (kind, _, value) = cell(&bytes, sheet, "A1");
            assert_eq!(
                (kind.as_str(), value),
                ("s", notice.to_string()),
                "sheet {sheet}"
            );
        }
        let reactions = unzip(&bytes, "xl/worksheets/sheet2.xml");
        assert!(
            reactions.contains(r#"<autoFilter ref="A2:M22"/>"#),
            "{reactions}"
        );
        assert!(reactions.contains(r#"topLeftCell="A3""#));
        assert_eq!(
            strings[cell(&bytes, 2, "A2").2.parse::<usize>().unwrap()],
            "volgnummer"
        );
        assert_eq!(cell(&bytes, 2, "A3").2, "1");
        let list = incoming_list(&sample(3, Level::Full)).unwrap();
        assert!(shared_strings(&list).contains(&PERSONAL_DATA_NOTICE.to_owned()));
        let public = workbook(&sample(20, Level::Public)).unwrap();
        assert!(
            !shared_strings(&public)
                .iter()
                .any(|s| s.contains("persoonsgegevens"))
        );
    }

    #[test]
    fn data_sheets_have_a_frozen_header_and_a_filter() {
        let bytes = workbook(&sample(20, Level::Public)).unwrap();
        let about = unzip(&bytes, "xl/worksheets/sheet1.xml");
        assert!(!about.contains("autoFilter") && !about.contains("frozen"));
        for sheet in 2..=6 {
            let xml = unzip(&bytes, &format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(xml.contains(r#"state="frozen""#), "sheet {sheet}");
            assert!(xml.contains("<autoFilter ref=\"A1:"), "sheet {sheet}");
        }
        assert!(
            unzip(&bytes, "xl/worksheets/sheet2.xml").contains(r#"<autoFilter ref="A1:L21"/>"#)
        );
    }

    #[test]
    fn withdrawn_reactions_are_marked() {
        let bytes = workbook(&sample(10, Level::Public)).unwrap();
        let strings = shared_strings(&bytes);
        let withdrawn = strings.iter().position(|s| s == "ingetrokken").unwrap();
        // Reaction 10 is row 11; H is "status", I "ingetrokken op".
        assert_eq!(cell(&bytes, 2, "H11").2, withdrawn.to_string());
        assert_eq!(cell(&bytes, 2, "I11").0, "n");
        assert!(!cells(&bytes, 2).iter().any(|c| c.0 == "I10"));
    }

    #[test]
    fn the_incoming_list_is_one_sheet_with_the_griffie_columns() {
        let bytes = incoming_list(&sample(3, Level::Full)).unwrap();
        let strings = shared_strings(&bytes);
        for title in [
            "volgnummer",
            "datum ontvangst",
            "afzender",
            "onderwerp",
            "agendapunt",
            "aantal medeondertekenaars",
            "voorgestelde afhandeling",
        ] {
            assert!(strings.contains(&title.to_owned()), "{title}");
        }
        assert!(strings.contains(&"inwoner".to_owned()));
        assert!(!strings.contains(&"Inwoner 3".to_owned()));
        // Row 1 is the full version's notice, row 2 the header.
        assert_eq!(cell(&bytes, 1, "B3").0, "n");
        assert!(
            zip::ZipArchive::new(Cursor::new(&bytes[..]))
                .unwrap()
                .by_name("xl/worksheets/sheet2.xml")
                .is_err()
        );
    }

    #[test]
    fn overlong_text_is_cut_to_what_excel_accepts() {
        let long = "é".repeat(MAX_CELL_TEXT + 10);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_TEXT);
        assert!(cut.ends_with('…'));
        assert!(matches!(fit("kort"), Cow::Borrowed("kort")));
    }

    #[test]
    fn five_hundred_reactions_make_a_workbook() {
        let bytes = workbook(&sample(500, Level::Full)).unwrap();
        assert!(
            unzip(&bytes, "xl/worksheets/sheet2.xml").contains(r#"<autoFilter ref="A2:M502"/>"#)
        );
    }
}
