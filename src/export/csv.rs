//! The export as CSV, for tools that take nothing else: the same tables as the
//! spreadsheets, UTF-8 with a byte order mark so Excel reads "é" and "€" correctly.
//!
//! The first line of the public version is the header. The full version starts with one
//! line more, above the header: the personal-data notice in the first field and the other
//! fields empty, so every line has as many fields and a spreadsheet shows the notice first.
//! A program reading the full version skips that line.
//!
//! A CSV file opened in Excel or LibreOffice runs a field that looks like a formula, so
//! text fields are neutralised here, and only here (the other formats keep text as typed).

use super::table::{self, Cell, Sheet};
use crate::domain::export::{ConsultationExport, neutralise_formula};

/// Dutch Excel expects semicolons (the comma is the decimal separator); most other
/// tools expect commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
}

impl Separator {
    fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
        }
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The "Reacties" sheet.
pub fn reactions(export: &ConsultationExport, separator: Separator) -> Vec<u8> {
    write(&table::reactions(export), separator)
}

/// The "Standpunten" sheet.
pub fn positions(export: &ConsultationExport, separator: Separator) -> Vec<u8> {
    write(&table::positions(export), separator)
}

/// The griffie's "Lijst ingekomen stukken".
pub fn incoming_list(export: &ConsultationExport, separator: Separator) -> Vec<u8> {
    write(&table::incoming_list(export), separator)
}

fn write(sheet: &Sheet, separator: Separator) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator.byte())
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let mut record: Vec<String> = Vec::with_capacity(sheet.columns.len());
    if let Some(notice) = sheet.notice {
        record.push(notice.to_owned());
        record.resize(sheet.columns.len(), String::new());
        writer
            .write_record(&record)
            .expect("writing to memory cannot fail");
        record.clear();
    }
    record.extend(sheet.columns.iter().map(|c| c.title.to_owned()));
    writer
        .write_record(&record)
        .expect("writing to memory cannot fail");
    for row in &sheet.rows {
        record.clear();
        record.extend(row.iter().map(|cell| match cell {
            Cell::Text(text) => neutralise_formula(text).into_owned(),
            Cell::Number(number) => number.to_string(),
            Cell::Date(local) => table::date_text(*local),
            Cell::Empty => String::new(),
        }));
        writer
            .write_record(&record)
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::{Level, PERSONAL_DATA_NOTICE};
    use crate::export::sample::sample;

    fn records(bytes: &[u8], separator: u8) -> Vec<Vec<String>> {
        let text = bytes.strip_prefix(BOM).expect("a byte order mark");
        csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .from_reader(text)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn files_start_with_a_bom_and_use_the_chosen_separator() {
        let export = sample(3, Level::Public);
        let semicolon = reactions(&export, Separator::Semicolon);
        assert!(semicolon.starts_with(b"\xEF\xBB\xBFvolgnummer;ontvangstnummer;ontvangen op;"));
        assert!(semicolon.ends_with(b"\r\n"));
        let comma = reactions(&export, Separator::Comma);
        assert!(comma.starts_with(b"\xEF\xBB\xBFvolgnummer,ontvangstnummer,ontvangen op,"));
        let rows = records(&semicolon, b';');
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][0], "1");
        assert_eq!(rows[1][2], "10-11-2026 10:07");
        assert!(rows[1][5].contains('\u{2018}'), "UTF-8 kept");
    }

    #[test]
    fn text_is_quoted_and_formulas_are_neutralised() {
        let mut export = sample(2, Level::Public);
        export.reactions[0].positions[0].body = "Ja; maar \"niet\" zo,\nzegt @iemand".into();
        export.reactions[1].positions[0].body = "@SUM(A1)".into();
        for (separator, byte) in [(Separator::Semicolon, b';'), (Separator::Comma, b',')] {
            let bytes = positions(&export, separator);
            let rows = records(&bytes, byte);
            assert_eq!(rows[0][4], "tekst");
            assert_eq!(rows[1][4], "Ja; maar \"niet\" zo,\nzegt @iemand");
            assert_eq!(
                rows[2][4],
                "'=Geef bewonersbeheer een eerlijke kans met een vast budget."
            );
            assert_eq!(rows[3][4], "'@SUM(A1)");
            assert!(
                rows.iter()
                    .flatten()
                    .all(|f| !f.starts_with(['=', '+', '-', '@']))
            );
        }
    }

    #[test]
    fn the_full_version_starts_with_the_notice_above_the_header() {
        let full = sample(3, Level::Full);
        for bytes in [
            reactions(&full, Separator::Comma),
            positions(&full, Separator::Comma),
            incoming_list(&full, Separator::Comma),
        ] {
            let rows = records(&bytes, b',');
            assert_eq!(rows[0][0], PERSONAL_DATA_NOTICE);
            assert_eq!(rows[0].len(), rows[1].len(), "as many fields as the header");
            assert!(rows[0][1..].iter().all(String::is_empty));
        }
        let public = sample(3, Level::Public);
        for bytes in [
            reactions(&public, Separator::Comma),
            positions(&public, Separator::Comma),
            incoming_list(&public, Separator::Comma),
        ] {
            assert!(!text_of(&bytes).contains("persoonsgegevens"));
        }
        assert!(reactions(&public, Separator::Comma).starts_with(b"\xEF\xBB\xBFvolgnummer,"));
    }

    fn text_of(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn the_incoming_list_marks_withdrawn_reactions_and_hides_individuals() {
        let rows = records(
            &incoming_list(&sample(10, Level::Full), Separator::Semicolon),
            b';',
        );
        assert_eq!(rows[0][0], PERSONAL_DATA_NOTICE);
        let rows = &rows[1..];
        assert_eq!(
            rows[0],
            [
                "volgnummer",
                "datum ontvangst",
                "afzender",
                "onderwerp",
                "agendapunt",
                "aantal medeondertekenaars",
                "voorgestelde afhandeling",
                "status"
            ]
        );
        assert_eq!(rows[3][2], "inwoner");
        assert_eq!(rows[10][7], "ingetrokken");
        assert_eq!(rows[9][7], "ingediend");
        assert_eq!(rows[1][6], "In handen van het college stellen");
    }

    /// The full version: the notice line, the header and one line per row.
    #[test]
    fn five_hundred_reactions_make_every_file() {
        let export = sample(500, Level::Full);
        assert_eq!(
            records(&reactions(&export, Separator::Comma), b',').len(),
            502
        );
        assert_eq!(
            records(&positions(&export, Separator::Comma), b',').len(),
            1002
        );
        assert_eq!(
            records(&incoming_list(&export, Separator::Comma), b',').len(),
            502
        );
    }
}
