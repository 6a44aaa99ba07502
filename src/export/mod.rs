//! Writing a [`ConsultationExport`] as a file: the agenda bundle (PDF/A), spreadsheets
//! (XLSX and ODS), CSV and JSON.

pub mod csv;
pub mod feeds;
pub mod json;
pub mod ods;
pub mod pdf;
pub mod personal_data;
pub mod produce;
pub mod sample;
pub mod table;
pub mod xlsx;

use crate::domain::export::ConsultationExport;

/// The files of an export, by the name they have in their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    AgendaBundle,
    AgendaBundleWithAttachments,
    Workbook,
    Spreadsheet,
    ReactionsCsv,
    PositionsCsv,
    IncomingList,
    IncomingListCsv,
    Json,
}

impl File {
    pub const ALL: [Self; 9] = [
        Self::AgendaBundle,
        Self::AgendaBundleWithAttachments,
        Self::Workbook,
        Self::Spreadsheet,
        Self::ReactionsCsv,
        Self::PositionsCsv,
        Self::IncomingList,
        Self::IncomingListCsv,
        Self::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::AgendaBundle => "agendabundel.pdf",
            Self::AgendaBundleWithAttachments => "agendabundel-met-bijlagen.pdf",
            Self::Workbook => "inspraak.xlsx",
            Self::Spreadsheet => "inspraak.ods",
            Self::ReactionsCsv => "reacties.csv",
            Self::PositionsCsv => "standpunten.csv",
            Self::IncomingList => "ingekomen-stukken.xlsx",
            Self::IncomingListCsv => "ingekomen-stukken.csv",
            Self::Json => "inspraak.json",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|file| file.name() == name)
    }

    /// What the download list says of it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AgendaBundle => {
                "Agendabundel (PDF/A, om te archiveren; bijlagen met hun controlegetal genoemd)"
            }
            Self::AgendaBundleWithAttachments => {
                "Agendabundel met de bijlagen erin (PDF, om te lezen en te printen)"
            }
            Self::Workbook => "Spreadsheet voor Excel (XLSX)",
            Self::Spreadsheet => "Spreadsheet in open standaard (ODS, LibreOffice)",
            Self::ReactionsCsv => "Reacties (CSV)",
            Self::PositionsCsv => "Standpunten (CSV)",
            Self::IncomingList => "Lijst ingekomen stukken (XLSX)",
            Self::IncomingListCsv => "Lijst ingekomen stukken (CSV)",
            Self::Json => "Alle gegevens (JSON, voor andere systemen)",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::AgendaBundle | Self::AgendaBundleWithAttachments => "application/pdf",
            Self::Workbook | Self::IncomingList => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            Self::Spreadsheet => "application/vnd.oasis.opendocument.spreadsheet",
            Self::ReactionsCsv | Self::PositionsCsv | Self::IncomingListCsv => {
                "text/csv; charset=utf-8"
            }
            Self::Json => "application/json",
        }
    }

    /// Only the agenda bundles take the attachments in.
    pub fn needs_attachments(self) -> bool {
        matches!(self, Self::AgendaBundle | Self::AgendaBundleWithAttachments)
    }

    pub fn is_csv(self) -> bool {
        matches!(
            self,
            Self::ReactionsCsv | Self::PositionsCsv | Self::IncomingListCsv
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Sheet(#[from] table::SheetError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// Writes `file`; `attachments` are `(sha256, content)` of the reactions' PDFs.
pub fn write(
    file: File,
    export: &ConsultationExport,
    attachments: &[(String, Vec<u8>)],
    separator: csv::Separator,
) -> Result<Vec<u8>, ExportError> {
    let files = || -> Vec<pdf::AttachmentFile<'_>> {
        attachments
            .iter()
            .map(|(sha256, bytes)| pdf::AttachmentFile { sha256, bytes })
            .collect()
    };
    Ok(match file {
        // PDF/A may not contain other PDFs: the archive lists them with their hashes.
        File::AgendaBundle => pdf::agenda_bundle(export, &files())?,
        File::AgendaBundleWithAttachments => pdf::agenda_bundle_with_attachments(export, &files())?,
        File::Workbook => xlsx::workbook(export)?,
        File::Spreadsheet => ods::spreadsheet(export)?,
        File::ReactionsCsv => csv::reactions(export, separator),
        File::PositionsCsv => csv::positions(export, separator),
        File::IncomingList => xlsx::incoming_list(export)?,
        File::IncomingListCsv => csv::incoming_list(export, separator),
        File::Json => json::pretty(export),
    })
}

/// XML 1.0 cannot carry most control characters at all, not even escaped.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text as XML character data or attribute value (ODS, Atom): the five special
/// characters escaped, and what XML 1.0 cannot carry at all left out.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_its_own_name() {
        for file in File::ALL {
            assert_eq!(File::from_name(file.name()), Some(file));
        }
        assert_eq!(File::from_name("../geheim"), None);
    }
}
