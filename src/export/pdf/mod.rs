//! The griffie's agenda bundle: one PDF with everything a council committee needs about
//! a consultation. krilla only places glyphs, so the layout (line breaking, tables, page
//! breaks, page numbers) is done here, in two steps: first every page is laid out as a
//! list of drawing operations, then the pages are drawn, when "Pagina X van Y" and the
//! page numbers in the table of contents are known.
//!
//! There are two variants, because krilla 0.8 refuses pages of other PDF files under
//! every PDF/A profile (`ValidationError::EmbeddedPDF`: it cannot check them):
//! - [`agenda_bundle`] is PDF/A-2a (level A: tagged, with Unicode text and the language
//!   nl-NL) for the archive. Attachments are listed with their SHA-256 and marked
//!   "niet opgenomen".
//! - [`agenda_bundle_with_attachments`] is the same document as tagged PDF 1.7, not
//!   PDF/A, with the pages of every supplied PDF attachment appended, for reading.
//!
//! [`answer_note`] lays out the nota van beantwoording with the same machinery, as
//! PDF/A-2a.
//!
//! The machinery: `fonts` (the faces and their metrics), `text` (runs, lines and line
//! breaking), `markdown` (a reaction's body as blocks), `tags` (the structure tree),
//! `geometry` (the page), `layout` (the first step: paragraphs, tables, page breaks) and
//! `draw` (the second step). The documents: `agenda` with `attachments`, and
//! `answer_note`.

mod agenda;
mod answer_note;
mod attachments;
mod draw;
mod fonts;
mod geometry;
mod layout;
mod markdown;
mod tags;
mod text;

use chrono::{Datelike, NaiveDateTime, Timelike};
use krilla::configure::{Archival, Configuration, ConfigurationBuilder, PdfVersion};
use krilla::error::KrillaError;
use krilla::metadata::{DateTime, Metadata};

use crate::domain::answer::AnswerDocument;
use crate::domain::export::ConsultationExport;

/// A PDF attachment of a reaction: its SHA-256 (as in `AttachmentExport::sha256`) and bytes.
pub struct AttachmentFile<'a> {
    pub sha256: &'a str,
    pub bytes: &'a [u8],
}

/// Why no bundle came out. Bad attachments never cause one: they are listed instead.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The fonts are compiled in, so this means a broken build.
    #[error("the embedded font {0} cannot be read")]
    Font(&'static str),
    /// krilla refused the document, for instance because a PDF/A rule was broken.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The agenda bundle as PDF/A-2a, for the archive: level A, so every line of text is
/// tagged (headings, paragraphs, lists, tables, table of contents) and running headers,
/// footers and rules are artifacts. Attachments are not embedded (PDF/A as krilla checks
/// it forbids that); each is listed with its SHA-256, so the original file kept by the
/// griffie can be matched to it.
pub fn agenda_bundle(
    export: &ConsultationExport,
    attachments: &[AttachmentFile<'_>],
) -> Result<Vec<u8>, PdfError> {
    agenda::bundle(export, attachments, Mode::Archive)
}

/// The agenda bundle with the pages of the supplied PDF attachments appended, for reading
/// and printing: tagged PDF 1.7, not PDF/A. A file that is not a readable PDF, or whose
/// SHA-256 does not match its bytes, is listed as "niet opgenomen" instead.
pub fn agenda_bundle_with_attachments(
    export: &ConsultationExport,
    attachments: &[AttachmentFile<'_>],
) -> Result<Vec<u8>, PdfError> {
    agenda::bundle(export, attachments, Mode::Reading)
}

/// The published nota van beantwoording as PDF/A-2a.
pub fn answer_note(document: &AnswerDocument) -> Result<Vec<u8>, PdfError> {
    answer_note::note(document)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Archive,
    Reading,
}

fn configuration(mode: Mode) -> Result<Configuration, PdfError> {
    match mode {
        Mode::Archive => ConfigurationBuilder::new().with_archival_validator(Archival::A2_A),
        Mode::Reading => ConfigurationBuilder::new().with_version(PdfVersion::Pdf17),
    }
    .finish()
    .map_err(|error| PdfError::Write(format!("{error:?}")))
}

fn describe(error: &KrillaError) -> String {
    match error {
        KrillaError::Validation(errors) => {
            let kinds: Vec<_> = errors.iter().map(|(kind, _)| kind).collect();
            format!("{error}: {kinds:?}")
        }
        other => other.to_string(),
    }
}

fn metadata(title: &str, description: &str, author: &str, created: NaiveDateTime) -> Metadata {
    Metadata::new()
        .title(printable(title))
        .description(printable(description))
        .language("nl-NL".to_owned())
        .authors(vec![printable(author)])
        .creator("Inspraak".to_owned())
        .creation_date(pdf_date(created))
}

/// Text for metadata, bookmarks and heading titles: control characters would make the
/// XMP invalid XML.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

fn pdf_date(utc: NaiveDateTime) -> DateTime {
    let part = |value: u32| u8::try_from(value).unwrap_or(0);
    DateTime::new(u16::try_from(utc.year()).unwrap_or(0))
        .month(part(utc.month()))
        .day(part(utc.day()))
        .hour(part(utc.hour()))
        .minute(part(utc.minute()))
        .second(part(utc.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// What the tests of the documents look at.
#[cfg(test)]
mod testing {
    use krilla::pdf::Pdf;

    use super::layout::{Layout, Op};

    pub(super) fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    }

    pub(super) fn page_count(bytes: &[u8]) -> usize {
        Pdf::new(bytes.to_vec())
            .expect("a readable PDF")
            .pages()
            .len()
    }

    /// The drawn text per page; a wrapped line joins the next with its space.
    pub(super) fn page_texts(layout: &Layout<'_>) -> Vec<String> {
        layout
            .pages
            .iter()
            .map(|ops| {
                let lines: Vec<String> = ops
                    .iter()
                    .filter_map(|op| match op {
                        Op::Text { line, .. } => Some(line.text()),
                        _ => None,
                    })
                    .collect();
                lines.join("\n").replace(" \n", " ")
            })
            .collect()
    }
}
