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

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::num::{NonZeroU16, NonZeroU64};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use chrono::{Datelike, NaiveDateTime, Timelike};
use krilla::color::rgb;
use krilla::configure::{Archival, Configuration, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{Path, PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::pdf::{Pdf, PdfDocument};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document, SerializeSettings};
use pulldown_cmark::{Event, Options, Parser, Tag as Markdown, TagEnd};
use sha2::{Digest, Sha256};

use crate::domain::answer::{
    AnswerDocument, AnswerGroup, AnswerNote, AnsweredReaction, PointChange, PointOutcome,
};
use crate::domain::export::{ConsultationExport, ReactionExport, SpeakingExport, SupportExport};
use crate::domain::reaction::Stance;
use crate::domain::time::long_date_time;
use crate::domain::words::plural;

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
    bundle(export, attachments, Mode::Archive)
}

/// The agenda bundle with the pages of the supplied PDF attachments appended, for reading
/// and printing: tagged PDF 1.7, not PDF/A. A file that is not a readable PDF, or whose
/// SHA-256 does not match its bytes, is listed as "niet opgenomen" instead.
pub fn agenda_bundle_with_attachments(
    export: &ConsultationExport,
    attachments: &[AttachmentFile<'_>],
) -> Result<Vec<u8>, PdfError> {
    bundle(export, attachments, Mode::Reading)
}

/// The published nota van beantwoording as PDF/A-2a.
pub fn answer_note(document: &AnswerDocument) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let configuration = configuration(Mode::Archive)?;
    let note = &document.note;
    let (layout, bookmarks) = compose_note(document, &fonts);
    let metadata = metadata(
        &format!("Nota van beantwoording – {}", document.consultation_title),
        &format!(
            "De antwoorden van {} op de inspraakreacties, versie {}",
            document.council, note.version
        ),
        &document.council,
        note.published_at.unwrap_or(note.updated_at),
    );
    let chrome = Chrome::new(
        &fonts,
        &document.consultation_title,
        &format!("Nota van beantwoording · versie {}", note.version),
        &format!("{} · {}", document.council, document.committee),
    );
    write(configuration, metadata, &chrome, layout, &bookmarks, &[])
        .map_err(|error| PdfError::Write(describe(&error)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Archive,
    Reading,
}

fn bundle(
    export: &ConsultationExport,
    files: &[AttachmentFile<'_>],
    mode: Mode,
) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let configuration = configuration(mode)?;
    let mut appendices = plan(export, files, mode);
    loop {
        // Uploaded PDFs are untrusted input to hayro; a panic while reading one must cost
        // that attachment, not the bundle.
        let attempt = panic::catch_unwind(AssertUnwindSafe(|| {
            render(export, &appendices, configuration, &fonts)
        }));
        let failed = match attempt {
            Ok(Ok(bytes)) => return Ok(bytes),
            Ok(Err(KrillaError::Pdf(_, _, location))) => culprits(&appendices, location),
            Ok(Err(error)) => return Err(PdfError::Write(describe(&error))),
            Err(_) if appended(&appendices).next().is_some() => appended(&appendices).collect(),
            Err(panic) => panic::resume_unwind(panic),
        };
        if failed.is_empty() {
            return Err(PdfError::Write("an embedded PDF failed".to_owned()));
        }
        for index in failed {
            appendices[index].status = Status::Left(Reason::Failed);
        }
    }
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

/// The attachments whose pages made krilla fail: the one drawn at `location` (its index
/// plus one), or all of them when krilla could not say.
fn culprits(appendices: &[Appendix<'_>], location: Option<NonZeroU64>) -> Vec<usize> {
    let named = location
        .and_then(|location| usize::try_from(location.get() - 1).ok())
        .filter(|&index| {
            appendices
                .get(index)
                .is_some_and(|appendix| matches!(appendix.status, Status::Appended(_)))
        });
    match named {
        Some(index) => vec![index],
        None => appended(appendices).collect(),
    }
}

fn appended<'a>(appendices: &'a [Appendix<'_>]) -> impl Iterator<Item = usize> + 'a {
    appendices
        .iter()
        .enumerate()
        .filter(|(_, appendix)| matches!(appendix.status, Status::Appended(_)))
        .map(|(index, _)| index)
}

fn render(
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    configuration: Configuration,
    fonts: &Fonts,
) -> Result<Vec<u8>, KrillaError> {
    let (layout, bookmarks) = compose(export, appendices, fonts);
    let metadata = metadata(
        &format!("Agendabundel: {}", export.title),
        &format!(
            "Inspraakreacties voor de {}, vergadering van {}",
            export.committee.to_lowercase(),
            long_date_time(export.meeting_at)
        ),
        &export.council,
        export.generated_at,
    );
    let chrome = Chrome::new(
        fonts,
        &export.title,
        &format!("{} · {}", export.edition.label(), export.level.label()),
        &format!("{} · {}", export.council, export.committee),
    );
    write(
        configuration,
        metadata,
        &chrome,
        layout,
        &bookmarks,
        appendices,
    )
}

/// The second step, shared by every document made here: draws the pages, now that
/// page numbers are known, and adds the outline and the tag tree.
fn write(
    configuration: Configuration,
    metadata: Metadata,
    chrome: &Chrome,
    layout: Layout<'_>,
    bookmarks: &[Bookmark],
    appendices: &[Appendix<'_>],
) -> Result<Vec<u8>, KrillaError> {
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    document.set_metadata(metadata);
    let identifiers = draw(&mut document, &layout, chrome, appendices);
    document.set_outline(outline_of(bookmarks, &layout.anchors));
    document.set_tag_tree(layout.tags.into_tree(&identifiers));
    document.finish()
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

// ----------------------------------------------------------------------------------------
// Attachments

/// One attachment of the export (the same file attached twice appears once).
struct Appendix<'e> {
    filename: &'e str,
    sha256: &'e str,
    size_bytes: i64,
    /// Sequence and receipt number of the reactions it is attached to.
    reactions: Vec<(i32, &'e str)>,
    status: Status,
}

enum Status {
    Appended(Source),
    Left(Reason),
}

/// A readable PDF and the size of each of its pages, in points.
struct Source {
    document: PdfDocument,
    pages: Vec<(f32, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Archive,
    NotSupplied,
    Mismatch,
    Unreadable,
    Failed,
}

impl Reason {
    fn text(self) -> &'static str {
        match self {
            Self::Archive => {
                "Niet opgenomen: in een PDF/A-archiefbestand mogen geen andere PDF-bestanden \
                 zitten. De griffie bewaart het originele bestand apart."
            }
            Self::NotSupplied => "Niet opgenomen: het bestand is niet meegeleverd.",
            Self::Mismatch => {
                "Niet opgenomen: het meegeleverde bestand past niet bij deze SHA-256. \
                 Het is dus een ander bestand."
            }
            Self::Unreadable => "Niet opgenomen: het bestand is geen leesbare PDF.",
            Self::Failed => "Niet opgenomen: het bestand kon niet in deze bundel worden gezet.",
        }
    }
}

/// Every attachment of the export in submission order, with what happens to it. Files
/// that match no attachment of the export are ignored: they may belong to a level the
/// export does not show.
fn plan<'e>(
    export: &'e ConsultationExport,
    files: &[AttachmentFile<'_>],
    mode: Mode,
) -> Vec<Appendix<'e>> {
    let supplied: HashMap<String, &AttachmentFile<'_>> = files
        .iter()
        .map(|file| (file.sha256.to_ascii_lowercase(), file))
        .collect();
    let mut appendices: Vec<Appendix<'e>> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for reaction in &export.reactions {
        for attachment in &reaction.attachments {
            let owner = (reaction.sequence, reaction.number.as_str());
            match seen.entry(attachment.sha256.as_str()) {
                Entry::Occupied(entry) => appendices[*entry.get()].reactions.push(owner),
                Entry::Vacant(entry) => {
                    entry.insert(appendices.len());
                    let file = supplied.get(&attachment.sha256.to_ascii_lowercase());
                    appendices.push(Appendix {
                        filename: &attachment.filename,
                        sha256: &attachment.sha256,
                        size_bytes: attachment.size_bytes,
                        reactions: vec![owner],
                        status: status(file.copied(), &attachment.sha256, mode),
                    });
                }
            }
        }
    }
    appendices
}

fn status(file: Option<&AttachmentFile<'_>>, sha256: &str, mode: Mode) -> Status {
    match (file, mode) {
        (Some(file), _)
            if !hex::encode(Sha256::digest(file.bytes)).eq_ignore_ascii_case(sha256) =>
        {
            Status::Left(Reason::Mismatch)
        }
        (_, Mode::Archive) => Status::Left(Reason::Archive),
        (None, Mode::Reading) => Status::Left(Reason::NotSupplied),
        (Some(file), Mode::Reading) => open(file.bytes),
    }
}

fn open(bytes: &[u8]) -> Status {
    let read = panic::catch_unwind(|| {
        let pdf = Pdf::new(bytes.to_vec()).ok()?;
        let pages: Vec<(f32, f32)> = pdf
            .pages()
            .iter()
            .map(|page| page.render_dimensions())
            .collect();
        let usable = |&(width, height): &(f32, f32)| {
            width.is_finite() && height.is_finite() && width > 1.0 && height > 1.0
        };
        (!pages.is_empty() && pages.iter().all(usable)).then_some((pdf, pages))
    });
    match read {
        Ok(Some((pdf, pages))) => Status::Appended(Source {
            document: PdfDocument::new(Arc::new(pdf)),
            pages,
        }),
        _ => Status::Left(Reason::Unreadable),
    }
}

// ----------------------------------------------------------------------------------------
// Fonts and measuring

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// DejaVu Sans's ascender and descender, in em, to put the baseline inside a line.
const ASCENT: f32 = 0.928;
const DESCENT: f32 = 0.236;
/// Shown for characters the font lacks (emoji, private use), so no `.notdef` glyph is
/// drawn: PDF/A forbids it.
const REPLACEMENT: char = '\u{fffd}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

struct Face {
    font: Font,
    metrics: Metrics,
}

/// What measuring needs from a TrueType font: its character map and advance widths.
/// krilla does not expose them, and the crates it reads fonts with are not ours to use.
struct Metrics {
    /// cmap format 12 groups: first character, last character, first glyph.
    groups: Vec<[u32; 3]>,
    advances: Vec<u16>,
    units_per_em: f32,
}

impl Metrics {
    fn parse(data: &[u8]) -> Option<Self> {
        let head = font_table(data, b"head")?;
        let hhea = font_table(data, b"hhea")?;
        let hmtx = font_table(data, b"hmtx")?;
        let cmap = font_table(data, b"cmap")?;
        let units_per_em = f32::from(u16_at(head, 18)?);
        let advances = (0..usize::from(u16_at(hhea, 34)?))
            .map(|glyph| u16_at(hmtx, 4 * glyph))
            .collect::<Option<Vec<_>>>()?;
        let subtable = (0..usize::from(u16_at(cmap, 2)?)).find_map(|index| {
            let record = 4 + 8 * index;
            let encoding = (u16_at(cmap, record)?, u16_at(cmap, record + 2)?);
            let offset = usize::try_from(u32_at(cmap, record + 4)?).ok()?;
            let full_unicode = encoding == (3, 10) || encoding == (0, 4);
            (full_unicode && u16_at(cmap, offset)? == 12).then_some(offset)
        })?;
        let count = usize::try_from(u32_at(cmap, subtable + 12)?).ok()?;
        let groups = (0..count)
            .map(|group| {
                let at = subtable + 16 + 12 * group;
                Some([
                    u32_at(cmap, at)?,
                    u32_at(cmap, at + 4)?,
                    u32_at(cmap, at + 8)?,
                ])
            })
            .collect::<Option<Vec<_>>>()?;
        (units_per_em > 0.0 && !advances.is_empty()).then_some(Self {
            groups,
            advances,
            units_per_em,
        })
    }

    fn glyph(&self, c: char) -> Option<u32> {
        let c = u32::from(c);
        let index = self
            .groups
            .partition_point(|group| group[0] <= c)
            .checked_sub(1)?;
        let [first, last, glyph] = self.groups[index];
        if c > last {
            return None;
        }
        glyph.checked_add(c - first).filter(|&glyph| glyph != 0)
    }

    /// In em.
    fn advance(&self, glyph: u32) -> f32 {
        let index = usize::try_from(glyph).map_or(usize::MAX, |glyph| glyph);
        let advance = self.advances[index.min(self.advances.len() - 1)];
        f32::from(advance) / self.units_per_em
    }
}

fn font_table<'d>(data: &'d [u8], tag: &[u8; 4]) -> Option<&'d [u8]> {
    let record = (0..usize::from(u16_at(data, 4)?))
        .map(|index| 12 + 16 * index)
        .find(|&record| data.get(record..record + 4) == Some(tag.as_slice()))?;
    let offset = usize::try_from(u32_at(data, record + 8)?).ok()?;
    let length = usize::try_from(u32_at(data, record + 12)?).ok()?;
    data.get(offset..offset.checked_add(length)?)
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    fn load() -> Result<Self, PdfError> {
        let face = |data: &'static [u8], name: &'static str| {
            let metrics = Metrics::parse(data).ok_or(PdfError::Font(name))?;
            let font = Font::new(Data::from(data), 0).ok_or(PdfError::Font(name))?;
            Ok(Face { font, metrics })
        };
        Ok(Self {
            regular: face(REGULAR_TTF, "DejaVuSans.ttf")?,
            bold: face(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The character to draw for `c`: `None` for invisible format characters, the
    /// replacement character for anything the font cannot show.
    fn clean(&self, weight: Weight, c: char) -> Option<char> {
        let invisible = c.is_control()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
            || matches!(
                c,
                '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            );
        if invisible {
            return None;
        }
        let private = matches!(c, '\u{e000}'..='\u{f8ff}') || c >= '\u{f0000}';
        if private || self.face(weight).metrics.glyph(c).is_none() {
            Some(REPLACEMENT)
        } else {
            Some(c)
        }
    }

    fn width(&self, weight: Weight, c: char, size: f32) -> f32 {
        let metrics = &self.face(weight).metrics;
        metrics
            .glyph(c)
            .map_or(0.0, |glyph| metrics.advance(glyph) * size)
    }

    /// `text` on one line, however long.
    fn line(&self, weight: Weight, text: &str, size: f32) -> Line {
        let mut line = Line::default();
        for c in text.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if let Some(c) = self.clean(weight, c) {
                line.push(weight, c, self.width(weight, c, size));
            }
        }
        line
    }

    /// `text` on one line, cut short with an ellipsis where it is wider than `max_width`.
    fn fit(&self, weight: Weight, text: &str, size: f32, max_width: f32) -> Line {
        let full = self.line(weight, text, size);
        if full.width <= max_width {
            return full;
        }
        let ellipsis = self.width(weight, '…', size);
        let mut line = Line::default();
        for c in full.pieces.iter().flat_map(|piece| piece.text.chars()) {
            let width = self.width(weight, c, size);
            if line.width + width + ellipsis > max_width {
                break;
            }
            line.push(weight, c, width);
        }
        line.push(weight, '…', ellipsis);
        line
    }

    /// Greedy line breaking at spaces; `\n` forces a break, and a word wider than a line
    /// (a hash, a long address) is broken between characters.
    fn wrap(&self, runs: &[Run], size: f32, max_width: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        for token in self.tokens(runs, size) {
            let word = match token {
                Token::Break => {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                Token::Word(word) => word,
            };
            let space = line
                .pieces
                .last()
                .map_or(0.0, |piece| self.width(piece.weight, ' ', size));
            if !line.is_empty() && line.width + space + word.width > max_width {
                lines.push(line.wrapped());
                line = Line::default();
            }
            if word.width > max_width {
                let mut chunks = self.split(word, size, max_width);
                line = chunks.pop().unwrap_or_default();
                lines.extend(chunks);
            } else {
                let space = if line.is_empty() { 0.0 } else { space };
                line.extend(word, space);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn tokens(&self, runs: &[Run], size: f32) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut word = Line::default();
        for run in runs {
            for c in run.text.chars() {
                if c == '\n' || is_breaking_space(c) {
                    if !word.is_empty() {
                        tokens.push(Token::Word(std::mem::take(&mut word)));
                    }
                    if c == '\n' {
                        tokens.push(Token::Break);
                    }
                } else if let Some(c) = self.clean(run.weight, c) {
                    word.push(run.weight, c, self.width(run.weight, c, size));
                }
            }
        }
        if !word.is_empty() {
            tokens.push(Token::Word(word));
        }
        tokens
    }

    fn split(&self, word: Line, size: f32, max_width: f32) -> Vec<Line> {
        let mut chunks = Vec::new();
        let mut chunk = Line::default();
        for piece in word.pieces {
            for c in piece.text.chars() {
                let width = self.width(piece.weight, c, size);
                if !chunk.is_empty() && chunk.width + width > max_width {
                    chunks.push(std::mem::take(&mut chunk));
                }
                chunk.push(piece.weight, c, width);
            }
        }
        chunks.push(chunk);
        chunks
    }

    /// Column widths from the content, as browsers do it: each column at least as wide
    /// as its longest word, so Dutch compounds are not broken where that fits, and the
    /// rest of the content width shared by how much wider each column would like to be.
    fn column_widths(&self, rows: &[&Vec<Vec<Run>>], size: f32) -> Vec<f32> {
        let columns = rows.iter().map(|row| row.len()).max().unwrap_or(0);
        let space = self.width(Weight::Regular, ' ', size);
        let padding = 2.0 * CELL_PADDING;
        let mut least = vec![padding; columns];
        let mut most = vec![padding; columns];
        for row in rows {
            for (column, runs) in row.iter().enumerate() {
                let mut line = 0.0_f32;
                for token in self.tokens(runs, size) {
                    match token {
                        Token::Word(word) => {
                            least[column] = least[column].max(word.width + padding);
                            line += word.width + space;
                        }
                        Token::Break => line = 0.0,
                    }
                    most[column] = most[column].max(line - space + padding);
                }
            }
        }
        let sum = |widths: &[f32]| widths.iter().sum::<f32>();
        let (least_total, most_total) = (sum(&least), sum(&most));
        if least_total >= CONTENT_WIDTH {
            return least
                .iter()
                .map(|width| width * CONTENT_WIDTH / least_total)
                .collect();
        }
        if most_total <= CONTENT_WIDTH {
            return most
                .iter()
                .map(|width| width * CONTENT_WIDTH / most_total)
                .collect();
        }
        let share = (CONTENT_WIDTH - least_total) / (most_total - least_total);
        least
            .iter()
            .zip(&most)
            .map(|(least, most)| least + (most - least) * share)
            .collect()
    }

    /// One glyph per character: the text is cleaned already, and no shaping beyond
    /// that is needed for Dutch. Measuring and drawing thus always agree.
    fn glyphs(&self, weight: Weight, text: &str) -> Vec<KrillaGlyph> {
        let metrics = &self.face(weight).metrics;
        text.char_indices()
            .filter_map(|(at, c)| {
                let glyph = metrics.glyph(c)?;
                Some(KrillaGlyph::new(
                    GlyphId::new(glyph),
                    metrics.advance(glyph),
                    0.0,
                    0.0,
                    0.0,
                    at..at + c.len_utf8(),
                    None,
                ))
            })
            .collect()
    }
}

/// No-break spaces keep "€ 45.000" together.
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

enum Token {
    Word(Line),
    Break,
}

/// Text in one weight, before line breaking.
#[derive(Debug, Clone)]
struct Run {
    weight: Weight,
    text: String,
}

fn plain(text: impl Into<String>) -> Vec<Run> {
    vec![Run {
        weight: Weight::Regular,
        text: text.into(),
    }]
}

fn strong(text: impl Into<String>) -> Vec<Run> {
    vec![Run {
        weight: Weight::Bold,
        text: text.into(),
    }]
}

/// One laid-out line; `width` in points at the size it was measured for.
#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<Piece>,
    width: f32,
}

#[derive(Debug, Clone)]
struct Piece {
    weight: Weight,
    text: String,
    width: f32,
}

impl Line {
    fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    fn push(&mut self, weight: Weight, c: char, width: f32) {
        match self.pieces.last_mut() {
            Some(piece) if piece.weight == weight => {
                piece.text.push(c);
                piece.width += width;
            }
            _ => self.pieces.push(Piece {
                weight,
                text: c.to_string(),
                width,
            }),
        }
        self.width += width;
    }

    fn extend(&mut self, word: Line, space: f32) {
        if let Some(last) = self.pieces.last_mut().filter(|_| space > 0.0) {
            last.text.push(' ');
            last.width += space;
            self.width += space;
        }
        for piece in word.pieces {
            match self.pieces.last_mut() {
                Some(last) if last.weight == piece.weight => {
                    last.text.push_str(&piece.text);
                    last.width += piece.width;
                }
                _ => self.pieces.push(piece),
            }
        }
        self.width += word.width;
    }

    /// A line that ends where the text goes on keeps its space (with no width), so that
    /// copied or read-aloud text has a word boundary there, as PDF/A-2a asks.
    fn wrapped(mut self) -> Self {
        if let Some(last) = self.pieces.last_mut() {
            last.text.push(' ');
        }
        self
    }

    #[cfg(test)]
    fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| piece.text.as_str())
            .collect()
    }
}

// ----------------------------------------------------------------------------------------
// Markdown and plain text

/// A block of a reaction's body: markdown reduced to paragraphs and list items.
#[derive(Debug)]
enum Block {
    Paragraph {
        indent: usize,
        runs: Vec<Run>,
    },
    Item {
        /// Which top-level list it belongs to, so one list stays one list.
        list: usize,
        depth: usize,
        label: String,
        runs: Vec<Run>,
    },
}

fn markdown(source: &str) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut reader = MarkdownReader::default();
    for event in Parser::new_ext(source, options) {
        reader.event(event);
    }
    reader.flush();
    reader.blocks
}

#[derive(Default)]
struct MarkdownReader {
    blocks: Vec<Block>,
    runs: Vec<Run>,
    strong: usize,
    quotes: usize,
    /// Open lists: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    list_count: usize,
    item: Option<String>,
    /// Open links: the address and where the link text starts.
    links: Vec<(String, usize)>,
}

impl MarkdownReader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.text(&text),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => self.flush(),
            // Raw HTML, footnotes and task markers carry no text for the reader.
            _ => {}
        }
    }

    fn start(&mut self, tag: Markdown<'_>) {
        match tag {
            Markdown::Paragraph
            | Markdown::CodeBlock(_)
            | Markdown::HtmlBlock
            | Markdown::TableHead
            | Markdown::TableRow => self.flush(),
            Markdown::Heading { .. } => {
                self.flush();
                self.strong += 1;
            }
            Markdown::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
            }
            Markdown::List(first) => {
                self.flush();
                if self.lists.is_empty() {
                    self.list_count += 1;
                }
                self.lists.push(first);
            }
            Markdown::Item => {
                self.flush();
                let label = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let label = format!("{number}.");
                        *number += 1;
                        label
                    }
                    _ => "•".to_owned(),
                };
                self.item = Some(label);
            }
            Markdown::Strong => self.strong += 1,
            Markdown::TableCell if !self.runs.is_empty() => self.text(" · "),
            Markdown::Link { dest_url, .. } => {
                let start = self.runs.iter().map(|run| run.text.len()).sum();
                self.links.push((dest_url.into_string(), start));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::TableHead
            | TagEnd::TableRow => self.flush(),
            TagEnd::Heading(_) => {
                self.strong = self.strong.saturating_sub(1);
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.item = None;
            }
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    /// On paper a link is only useful with its address.
    fn end_link(&mut self) {
        let Some((url, start)) = self.links.pop() else {
            return;
        };
        let text: String = self.runs.iter().map(|run| run.text.as_str()).collect();
        let label = text.get(start..).unwrap_or_default().trim();
        if !url.is_empty() && label != url {
            self.text(&format!(" ({url})"));
        }
    }

    fn text(&mut self, text: &str) {
        let weight = if self.strong > 0 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        match self.runs.last_mut() {
            Some(run) if run.weight == weight => run.text.push_str(text),
            _ => self.runs.push(Run {
                weight,
                text: text.to_owned(),
            }),
        }
    }

    fn flush(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        if runs.iter().all(|run| run.text.trim().is_empty()) {
            return;
        }
        let depth = self.lists.len();
        let block = match self.item.take() {
            Some(label) => Block::Item {
                list: self.list_count,
                depth: depth.saturating_sub(1),
                label,
                runs,
            },
            None => Block::Paragraph {
                indent: depth + self.quotes,
                runs,
            },
        };
        self.blocks.push(block);
    }
}

/// Plain text as typed: a blank line starts a new paragraph, a single newline stays a
/// line break.
fn paragraphs(text: &str) -> Vec<Vec<Run>> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(plain(std::mem::take(&mut current)));
            }
        } else {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line.trim_end());
        }
    }
    if !current.is_empty() {
        paragraphs.push(plain(current));
    }
    paragraphs
}

// ----------------------------------------------------------------------------------------
// Page geometry

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 62.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = 80.0;
const BOTTOM: f32 = PAGE_HEIGHT - 72.0;
const HEADER_BASELINE: f32 = 44.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 38.0;

const BODY: f32 = 10.5;
const SMALL: f32 = 9.0;
const CHROME: f32 = 8.0;
const LEADING: f32 = 1.4;
const INDENT: f32 = 18.0;
const KEY_WIDTH: f32 = 150.0;
const CELL_PADDING: f32 = 4.0;
const GREY: (u8, u8, u8) = (110, 110, 110);

fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// From the top of a line to its baseline, centring the glyphs in the line.
fn baseline(size: f32) -> f32 {
    (line_height(size) + size * (ASCENT - DESCENT)) / 2.0
}

fn heading_size(level: u16) -> f32 {
    match level {
        1 => 17.0,
        2 => 13.5,
        3 => 11.5,
        _ => BODY,
    }
}

// ----------------------------------------------------------------------------------------
// Tag tree

/// The structure tree is built during layout, before the drawing that hands out the
/// marked-content identifiers; a slot stands for such an identifier until then.
struct Tags {
    nodes: Vec<TagNode>,
    slots: usize,
}

struct TagNode {
    kind: Option<TagKind>,
    children: Vec<Child>,
}

enum Child {
    Node(usize),
    Slot(usize),
}

const ROOT: usize = 0;

impl Tags {
    fn new() -> Self {
        Self {
            nodes: vec![TagNode {
                kind: None,
                children: Vec::new(),
            }],
            slots: 0,
        }
    }

    fn open(&mut self, parent: usize, kind: impl Into<TagKind>) -> usize {
        let id = self.nodes.len();
        self.nodes.push(TagNode {
            kind: Some(kind.into()),
            children: Vec::new(),
        });
        self.nodes[parent].children.push(Child::Node(id));
        id
    }

    fn slot(&mut self, parent: usize) -> usize {
        let slot = self.slots;
        self.slots += 1;
        self.nodes[parent].children.push(Child::Slot(slot));
        slot
    }

    fn into_tree(mut self, identifiers: &[Option<Identifier>]) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some("nl-NL".to_owned()));
        tree.children = self.build(ROOT, identifiers);
        tree
    }

    fn build(&mut self, id: usize, identifiers: &[Option<Identifier>]) -> Vec<Node> {
        let children = std::mem::take(&mut self.nodes[id].children);
        children
            .into_iter()
            .filter_map(|child| match child {
                Child::Slot(slot) => identifiers.get(slot).copied().flatten().map(Node::Leaf),
                Child::Node(node) => {
                    let grandchildren = self.build(node, identifiers);
                    let kind = self.nodes[node].kind.take()?;
                    (!grandchildren.is_empty())
                        .then(|| Node::Group(TagGroup::with_children(kind, grandchildren)))
                }
            })
            .collect()
    }
}

// ----------------------------------------------------------------------------------------
// Layout

/// How drawn content belongs to the structure: as a leaf of the tag tree, or as an
/// artifact (running header, repeated table header, rules) that readers skip.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Tagged(usize),
    Artifact(ArtifactType),
}

/// Where a table cell's lines go.
#[derive(Debug, Clone, Copy)]
enum Target {
    Group(usize),
    Artifact,
}

enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        line: Line,
        mark: Mark,
    },
    /// Text with the page number of an anchor, known only after layout.
    PageRef {
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        prefix: &'static str,
        anchor: usize,
        suffix: &'static str,
        right_aligned: bool,
        slot: usize,
    },
    Rule {
        y: f32,
        width: f32,
    },
    Frame {
        rect: Rect,
        width: f32,
    },
    Attachment {
        appendix: usize,
        page: usize,
        rect: Rect,
        slot: usize,
    },
}

#[derive(Debug, Clone, Copy)]
struct Position {
    page: usize,
    y: f32,
}

struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    cursor: f32,
    tags: Tags,
    anchors: Vec<Option<Position>>,
}

/// A table: column widths adding up to the content width (`None`: from the content),
/// optional column headers, and whether the first column names the row (a key/value list).
struct Table<'t> {
    widths: Option<&'t [f32]>,
    header: &'t [&'t str],
    keyed: bool,
    size: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            cursor: TOP,
            tags: Tags::new(),
            anchors: Vec::new(),
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor = TOP;
    }

    fn at_top(&self) -> bool {
        self.cursor <= TOP + 0.5
    }

    /// Starts a new page unless `height` still fits; says whether it did.
    fn need(&mut self, height: f32) -> bool {
        let breaks = self.cursor + height > BOTTOM && !self.at_top();
        if breaks {
            self.new_page();
        }
        breaks
    }

    fn anchor(&mut self) -> usize {
        self.anchors.push(None);
        self.anchors.len() - 1
    }

    fn set_anchor(&mut self, anchor: usize) {
        self.anchors[anchor] = Some(Position {
            page: self.pages.len() - 1,
            y: self.cursor,
        });
    }

    fn mark(&mut self, target: Target) -> Mark {
        match target {
            Target::Group(group) => Mark::Tagged(self.tags.slot(group)),
            Target::Artifact => Mark::Artifact(ArtifactType::PaginationOther),
        }
    }

    fn place_lines(&mut self, lines: Vec<Line>, x: f32, size: f32, group: usize) {
        let height = line_height(size);
        for line in lines {
            self.need(height);
            if !line.is_empty() {
                let slot = self.tags.slot(group);
                self.push(Op::Text {
                    x,
                    baseline: self.cursor + baseline(size),
                    size,
                    line,
                    mark: Mark::Tagged(slot),
                });
            }
            self.cursor += height;
        }
    }

    fn paragraph(&mut self, parent: usize, runs: &[Run], size: f32, indent: f32) {
        let lines = self.fonts.wrap(runs, size, CONTENT_WIDTH - indent);
        if lines.is_empty() {
            return;
        }
        let group = self.tags.open(parent, Tag::P);
        // No single line left behind at the bottom of a page.
        self.need(line_height(size) * lines.len().min(2) as f32);
        self.place_lines(lines, MARGIN + indent, size, group);
        self.cursor += size * 0.5;
    }

    /// Plain text as typed, in body size.
    fn text(&mut self, parent: usize, text: &str) {
        for runs in paragraphs(text) {
            self.paragraph(parent, &runs, BODY, 0.0);
        }
    }

    /// A top-level section with its heading; returns the section.
    fn chapter(&mut self, title: &str, anchor: usize) -> usize {
        let section = self.tags.open(ROOT, Tag::Section);
        self.heading(section, 1, title, Some(anchor));
        section
    }

    /// The top of a title page: who wrote it, for whom, what kind of document and the
    /// title as the first heading.
    fn masthead(&mut self, parent: usize, council: &str, committee: &str, kind: &str, title: &str) {
        self.cursor += 30.0;
        self.paragraph(parent, &strong(council), 14.0, 0.0);
        self.paragraph(parent, &plain(committee), 12.0, 0.0);
        self.cursor += 30.0;
        self.paragraph(parent, &plain(kind), 12.0, 0.0);
        let lines = self.fonts.wrap(&strong(title), 22.0, CONTENT_WIDTH);
        let group = self
            .tags
            .open(parent, Tag::Hn(NonZeroU16::MIN, Some(printable(title))));
        self.place_lines(lines, MARGIN, 22.0, group);
        self.cursor += 10.0;
    }

    fn heading(&mut self, parent: usize, level: u16, text: &str, anchor: Option<usize>) {
        let size = heading_size(level);
        let lines = self.fonts.wrap(&strong(text), size, CONTENT_WIDTH);
        let space = size * 0.8;
        let height = space + line_height(size) * lines.len() as f32 + line_height(BODY) * 3.0;
        self.need(height);
        if !self.at_top() {
            self.cursor += space;
        }
        if let Some(anchor) = anchor {
            self.set_anchor(anchor);
        }
        let level = NonZeroU16::MIN.saturating_add(level.saturating_sub(1));
        let group = self
            .tags
            .open(parent, Tag::Hn(level, Some(printable(text))));
        self.place_lines(lines, MARGIN, size, group);
        self.cursor += size * 0.3;
    }

    /// A horizontal rule above the next reaction; none at the top of a page, nor at the
    /// bottom of one where the reaction's heading would not fit below it.
    fn separator(&mut self) {
        let room = 10.0 + line_height(heading_size(2)) * 2.0 + line_height(BODY) * 3.0;
        if self.need(room) || self.at_top() {
            return;
        }
        self.cursor += 6.0;
        self.push(Op::Rule {
            y: self.cursor,
            width: 0.6,
        });
        self.cursor += 4.0;
    }

    /// Framed paragraphs that must not be missed, such as a withdrawal.
    fn notice(&mut self, parent: usize, paragraphs: &[Vec<Run>]) {
        let padding = 6.0;
        let wrapped: Vec<Vec<Line>> = paragraphs
            .iter()
            .map(|runs| self.fonts.wrap(runs, BODY, CONTENT_WIDTH - 2.0 * padding))
            .collect();
        let lines: usize = wrapped.iter().map(Vec::len).sum();
        let height = lines as f32 * line_height(BODY) + 2.0 * padding;
        self.need(height);
        if let Some(rect) = Rect::from_xywh(MARGIN, self.cursor, CONTENT_WIDTH, height) {
            self.push(Op::Frame { rect, width: 1.5 });
        }
        self.cursor += padding;
        for lines in wrapped {
            let group = self.tags.open(parent, Tag::P);
            self.place_lines(lines, MARGIN + padding, BODY, group);
        }
        self.cursor += padding + BODY * 0.6;
    }

    /// A line with a page number in it, such as "opgenomen op pagina 12".
    fn page_ref(&mut self, parent: usize, prefix: &'static str, anchor: usize) {
        let group = self.tags.open(parent, Tag::P);
        self.need(line_height(BODY));
        let slot = self.tags.slot(group);
        self.push(Op::PageRef {
            x: MARGIN,
            baseline: self.cursor + baseline(BODY),
            size: BODY,
            weight: Weight::Regular,
            prefix,
            anchor,
            suffix: ".",
            right_aligned: false,
            slot,
        });
        self.cursor += line_height(BODY) + BODY * 0.5;
    }

    fn blocks(&mut self, parent: usize, blocks: Vec<Block>) {
        let mut open_list: Option<(usize, usize)> = None;
        for block in blocks {
            match block {
                Block::Paragraph { indent, runs } => {
                    open_list = None;
                    self.paragraph(parent, &runs, BODY, indent as f32 * INDENT);
                }
                Block::Item {
                    list,
                    depth,
                    label,
                    runs,
                } => {
                    let group = match open_list {
                        Some((current, group)) if current == list => group,
                        _ => {
                            let numbering = if label == "•" {
                                ListNumbering::Disc
                            } else {
                                ListNumbering::Decimal
                            };
                            let group = self.tags.open(parent, Tag::L(numbering));
                            open_list = Some((list, group));
                            group
                        }
                    };
                    self.item(group, depth, &label, &runs);
                }
            }
        }
    }

    fn item(&mut self, list: usize, depth: usize, label: &str, runs: &[Run]) {
        let indent = INDENT * (depth + 1) as f32;
        let lines = self.fonts.wrap(runs, BODY, CONTENT_WIDTH - indent);
        if lines.is_empty() {
            return;
        }
        let item = self.tags.open(list, Tag::LI);
        let label_group = self.tags.open(item, Tag::Lbl);
        let body = self.tags.open(item, Tag::LBody);
        self.need(line_height(BODY) * lines.len().min(2) as f32);
        let label = self.fonts.line(Weight::Regular, label, BODY);
        let slot = self.tags.slot(label_group);
        self.push(Op::Text {
            x: MARGIN + indent - 6.0 - label.width,
            baseline: self.cursor + baseline(BODY),
            size: BODY,
            line: label,
            mark: Mark::Tagged(slot),
        });
        self.place_lines(lines, MARGIN + indent, BODY, body);
        self.cursor += BODY * 0.25;
    }

    /// Key/value lines in two columns.
    fn pairs<K: AsRef<str>>(&mut self, parent: usize, rows: Vec<(K, Vec<Run>)>) {
        let rows = rows
            .into_iter()
            .map(|(key, value)| vec![strong(key.as_ref()), value])
            .collect();
        let spec = Table {
            widths: Some(&[KEY_WIDTH, CONTENT_WIDTH - KEY_WIDTH]),
            header: &[],
            keyed: true,
            size: BODY,
        };
        self.table(parent, &spec, rows);
    }

    fn table(&mut self, parent: usize, spec: &Table<'_>, rows: Vec<Vec<Vec<Run>>>) {
        let widths = match spec.widths {
            Some(widths) => widths.to_vec(),
            None => {
                let header = spec.header.iter().map(|text| strong(*text)).collect();
                let all: Vec<&Vec<Vec<Run>>> = std::iter::once(&header).chain(&rows).collect();
                self.fonts.column_widths(&all, spec.size)
            }
        };
        let table = self.tags.open(parent, Tag::Table);
        let header: Vec<Vec<Line>> = spec
            .header
            .iter()
            .zip(&widths)
            .map(|(text, width)| {
                self.fonts
                    .wrap(&strong(*text), spec.size, width - 2.0 * CELL_PADDING)
            })
            .collect();
        let body = if header.is_empty() {
            table
        } else {
            let height = header.iter().map(Vec::len).max().unwrap_or(0) + 2;
            self.need(height as f32 * line_height(spec.size) + 12.0);
            let head = self.tags.open(table, Tag::THead);
            let row = self.tags.open(head, Tag::TR);
            let targets: Vec<Target> = header
                .iter()
                .map(|_| Target::Group(self.tags.open(row, Tag::TH(TableHeaderScope::Column))))
                .collect();
            self.row(header.clone(), &targets, spec, &widths, &[], 0.9);
            self.tags.open(table, Tag::TBody)
        };
        for cells in rows {
            let lines: Vec<Vec<Line>> = cells
                .iter()
                .zip(&widths)
                .map(|(runs, width)| self.fonts.wrap(runs, spec.size, width - 2.0 * CELL_PADDING))
                .collect();
            let row = self.tags.open(body, Tag::TR);
            let targets: Vec<Target> = (0..lines.len())
                .map(|column| {
                    let kind: TagKind = if spec.keyed && column == 0 {
                        Tag::TH(TableHeaderScope::Row).into()
                    } else {
                        Tag::TD.into()
                    };
                    Target::Group(self.tags.open(row, kind))
                })
                .collect();
            let rule = if header.is_empty() { 0.0 } else { 0.3 };
            self.row(lines, &targets, spec, &widths, &header, rule);
        }
        self.cursor += spec.size * 0.6;
    }

    /// One table row; a row taller than what is left of the page moves to the next page,
    /// a row taller than a page is split. `header` is repeated (as an artifact) after a
    /// page break; `rule` is the width of the line under the row, if any.
    fn row(
        &mut self,
        cells: Vec<Vec<Line>>,
        targets: &[Target],
        spec: &Table<'_>,
        widths: &[f32],
        header: &[Vec<Line>],
        rule: f32,
    ) {
        let height = line_height(spec.size);
        let padding = if spec.keyed { 1.5 } else { 3.0 };
        let mut remaining = cells.iter().map(Vec::len).max().unwrap_or(0);
        let total = remaining as f32 * height + 2.0 * padding;
        if total <= BOTTOM - TOP && self.need(total) {
            self.repeat_header(header, spec, widths);
        }
        let mut columns: Vec<_> = cells.into_iter().map(Vec::into_iter).collect();
        self.cursor += padding;
        loop {
            let room = ((BOTTOM - self.cursor) / height).floor().max(1.0) as usize;
            let take = room.min(remaining);
            let mut x = MARGIN;
            for ((column, target), width) in columns.iter_mut().zip(targets).zip(widths) {
                for (index, line) in column.by_ref().take(take).enumerate() {
                    if line.is_empty() {
                        continue;
                    }
                    let mark = self.mark(*target);
                    self.push(Op::Text {
                        x: x + CELL_PADDING,
                        baseline: self.cursor + index as f32 * height + baseline(spec.size),
                        size: spec.size,
                        line,
                        mark,
                    });
                }
                x += width;
            }
            self.cursor += take as f32 * height;
            remaining -= take;
            if remaining == 0 {
                break;
            }
            self.new_page();
            self.repeat_header(header, spec, widths);
            self.cursor += padding;
        }
        self.cursor += padding;
        if rule > 0.0 {
            self.push(Op::Rule {
                y: self.cursor,
                width: rule,
            });
        }
    }

    fn repeat_header(&mut self, header: &[Vec<Line>], spec: &Table<'_>, widths: &[f32]) {
        if !header.is_empty() {
            let targets = vec![Target::Artifact; header.len()];
            self.row(header.to_vec(), &targets, spec, widths, &[], 0.9);
        }
    }

    fn toc_entry(&mut self, toc: usize, text: &str, level: u8, anchor: usize) {
        let indent = f32::from(level) * INDENT;
        let weight = if level == 0 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let runs = [Run {
            weight,
            text: text.to_owned(),
        }];
        let lines = self.fonts.wrap(&runs, BODY, CONTENT_WIDTH - indent - 48.0);
        let item = self.tags.open(toc, Tag::TOCI);
        let group = self.tags.open(item, Tag::P);
        if level == 0 {
            self.cursor += 3.0;
        }
        self.need(line_height(BODY) * lines.len().max(1) as f32);
        let last = self.cursor + line_height(BODY) * lines.len().saturating_sub(1) as f32;
        self.place_lines(lines, MARGIN + indent, BODY, group);
        let slot = self.tags.slot(group);
        self.push(Op::PageRef {
            x: PAGE_WIDTH - MARGIN,
            baseline: last + baseline(BODY),
            size: BODY,
            weight,
            prefix: "",
            anchor,
            suffix: "",
            right_aligned: true,
            slot,
        });
    }

    /// One page of an attachment, scaled to fit below its caption.
    fn attachment_page(&mut self, parent: usize, appendix: usize, page: usize, size: (f32, f32)) {
        let (width, height) = size;
        let room = BOTTOM - self.cursor;
        let scale = (CONTENT_WIDTH / width).min(room / height);
        let (width, height) = (width * scale, height * scale);
        let x = MARGIN + (CONTENT_WIDTH - width) / 2.0;
        let Some(rect) = Rect::from_xywh(x, self.cursor, width, height) else {
            return;
        };
        self.push(Op::Frame { rect, width: 0.4 });
        let slot = self.tags.slot(parent);
        self.push(Op::Attachment {
            appendix,
            page,
            rect,
            slot,
        });
        self.cursor = BOTTOM;
    }
}

// ----------------------------------------------------------------------------------------
// Content

/// Anchors of everything the table of contents and the bookmarks point to.
struct Anchors {
    cover: usize,
    contents: usize,
    overview: usize,
    reactions: usize,
    reaction: Vec<usize>,
    speaking: usize,
    hidden: usize,
    appendices: usize,
    /// Per appendix, where its pages start if they are appended.
    appendix: Vec<Option<usize>>,
}

struct Bookmark {
    title: String,
    anchor: usize,
    children: Vec<Bookmark>,
}

impl Bookmark {
    fn leaf(title: &str, anchor: usize) -> Self {
        Self {
            title: printable(title),
            anchor,
            children: Vec::new(),
        }
    }
}

fn compose<'f>(
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    fonts: &'f Fonts,
) -> (Layout<'f>, Vec<Bookmark>) {
    let mut layout = Layout::new(fonts);
    let anchors = Anchors {
        cover: layout.anchor(),
        contents: layout.anchor(),
        overview: layout.anchor(),
        reactions: layout.anchor(),
        reaction: export.reactions.iter().map(|_| layout.anchor()).collect(),
        speaking: layout.anchor(),
        hidden: layout.anchor(),
        appendices: layout.anchor(),
        appendix: appendices
            .iter()
            .map(|appendix| matches!(appendix.status, Status::Appended(_)).then(|| layout.anchor()))
            .collect(),
    };
    let index: HashMap<&str, usize> = appendices
        .iter()
        .enumerate()
        .map(|(position, appendix)| (appendix.sha256, position))
        .collect();
    cover(&mut layout, export, &anchors);
    contents(&mut layout, export, appendices, &anchors);
    overview(&mut layout, export, &anchors);
    reactions(&mut layout, export, appendices, &index, &anchors);
    speaking(&mut layout, export, &anchors);
    hidden(&mut layout, export, &anchors);
    attachments(&mut layout, appendices, &anchors);
    let bookmarks = bookmarks(export, appendices, &anchors);
    (layout, bookmarks)
}

fn reaction_title(reaction: &ReactionExport) -> String {
    let withdrawn = if reaction.withdrawn_at.is_some() {
        " (ingetrokken)"
    } else {
        ""
    };
    format!("{}. {}{withdrawn}", reaction.sequence, reaction.title)
}

fn bookmarks(
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    anchors: &Anchors,
) -> Vec<Bookmark> {
    let mut reactions = Bookmark::leaf("Reacties", anchors.reactions);
    reactions.children = export
        .reactions
        .iter()
        .zip(&anchors.reaction)
        .map(|(reaction, &anchor)| Bookmark::leaf(&reaction_title(reaction), anchor))
        .collect();
    let mut files = Bookmark::leaf("Bijlagen", anchors.appendices);
    files.children = appendices
        .iter()
        .zip(&anchors.appendix)
        .filter_map(|(appendix, anchor)| Some(Bookmark::leaf(appendix.filename, (*anchor)?)))
        .collect();
    vec![
        Bookmark::leaf("Voorblad", anchors.cover),
        Bookmark::leaf("Inhoud", anchors.contents),
        Bookmark::leaf("Overzicht per beslispunt", anchors.overview),
        reactions,
        Bookmark::leaf("Inspreekverzoeken", anchors.speaking),
        Bookmark::leaf("Verborgen berichten", anchors.hidden),
        files,
    ]
}

fn outline_of(bookmarks: &[Bookmark], anchors: &[Option<Position>]) -> Outline {
    fn node(bookmark: &Bookmark, anchors: &[Option<Position>]) -> Option<OutlineNode> {
        let position = anchors.get(bookmark.anchor).copied().flatten()?;
        let target = Point::from_xy(0.0, (position.y - 12.0).max(0.0));
        let mut entry = OutlineNode::new(
            bookmark.title.clone(),
            XyzDestination::new(position.page, target),
        );
        for child in &bookmark.children {
            if let Some(child) = node(child, anchors) {
                entry.push_child(child);
            }
        }
        Some(entry)
    }
    let mut outline = Outline::new();
    for bookmark in bookmarks {
        if let Some(node) = node(bookmark, anchors) {
            outline.push_child(node);
        }
    }
    outline
}

fn thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    if value < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// "€ 45.000", with a no-break space so the sign never ends a line.
fn euros(value: i64) -> String {
    format!("€\u{a0}{}", thousands(value))
}

fn file_size(bytes: i64) -> String {
    let one_decimal = |value: f64| format!("{value:.1}").replace('.', ",");
    match bytes {
        ..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} kB", one_decimal(bytes as f64 / 1e3)),
        _ => format!("{} MB", one_decimal(bytes as f64 / 1e6)),
    }
}

fn count(value: usize) -> String {
    thousands(i64::try_from(value).unwrap_or(i64::MAX))
}

fn filled(text: &str) -> Vec<Run> {
    if text.trim().is_empty() {
        plain("Niet ingevuld")
    } else {
        plain(text.trim())
    }
}

fn point_label(export: &ConsultationExport, point: Option<i32>) -> String {
    match point {
        None => "De notitie als geheel".to_owned(),
        Some(number) => match export.decision_points.iter().find(|p| p.number == number) {
            Some(found) => format!("Beslispunt {number}: {}", found.title),
            None => format!("Beslispunt {number}"),
        },
    }
}

fn support_rows(support: &SupportExport) -> Vec<(&'static str, Vec<Run>)> {
    let mut rows = vec![(
        "Steunbetuigingen",
        plain(format!("{} bevestigd", thousands(support.total))),
    )];
    if !support.by_district.is_empty() {
        let districts: Vec<String> = support
            .by_district
            .iter()
            .map(|(district, count)| format!("{district}: {}", count.label()))
            .collect();
        rows.push(("Per wijk", plain(districts.join("; "))));
    }
    if !support.organisations.is_empty() {
        rows.push((
            "Organisaties die steunen",
            plain(support.organisations.join(", ")),
        ));
    }
    rows
}

fn cover(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    let section = layout.tags.open(ROOT, Tag::Section);
    layout.set_anchor(anchors.cover);
    layout.masthead(
        section,
        &export.council,
        &export.committee,
        "Agendabundel: de inspraakreacties voor de vergadering",
        &export.title,
    );
    if let Some(notice) = export.level.notice() {
        layout.notice(section, &[strong(notice)]);
    }
    layout.text(section, &export.summary);
    layout.cursor += 14.0;
    let active: Vec<&ReactionExport> = export
        .reactions
        .iter()
        .filter(|reaction| reaction.withdrawn_at.is_none())
        .collect();
    let support: i64 = active.iter().map(|reaction| reaction.co_signatures()).sum();
    let mut rows = vec![
        ("Vergadering", plain(long_date_time(export.meeting_at))),
        ("Sluitingsdatum", plain(long_date_time(export.deadline_at))),
    ];
    rows.extend(
        export
            .deadline_moves
            .iter()
            .map(|sentence| ("Sluitingsdatum gewijzigd", plain(sentence.as_str()))),
    );
    rows.extend([
        ("Versie beleidsstuk", filled(&export.policy_version)),
        ("Reacties ontvangen", plain(count(export.reactions.len()))),
        (
            "Ingetrokken",
            plain(count(export.reactions.len() - active.len())),
        ),
        (
            "Bevestigde steunbetuigingen",
            plain(format!(
                "{} (ingetrokken reacties tellen niet mee)",
                thousands(support)
            )),
        ),
        (
            "Inspreekverzoeken",
            plain(count(export.speaking_requests.len())),
        ),
        (
            "Uitgave",
            plain(format!(
                "{} · {}",
                export.edition.label(),
                export.level.label()
            )),
        ),
        ("Gemaakt op", plain(long_date_time(export.generated_at))),
        ("Webpagina", plain(&export.url)),
    ]);
    if let Some(url) = &export.document_url {
        rows.push(("Beleidsstuk", plain(url)));
    }
    layout.pairs(section, rows);
}

fn contents(
    layout: &mut Layout<'_>,
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    anchors: &Anchors,
) {
    layout.new_page();
    let section = layout.chapter("Inhoud", anchors.contents);
    let toc = layout.tags.open(section, Tag::TOC);
    layout.toc_entry(toc, "Overzicht per beslispunt", 0, anchors.overview);
    layout.toc_entry(toc, "Reacties", 0, anchors.reactions);
    for (reaction, &anchor) in export.reactions.iter().zip(&anchors.reaction) {
        layout.toc_entry(toc, &reaction_title(reaction), 1, anchor);
    }
    layout.toc_entry(toc, "Inspreekverzoeken", 0, anchors.speaking);
    layout.toc_entry(toc, "Verborgen berichten", 0, anchors.hidden);
    layout.toc_entry(toc, "Bijlagen", 0, anchors.appendices);
    for (appendix, anchor) in appendices.iter().zip(&anchors.appendix) {
        if let Some(anchor) = anchor {
            layout.toc_entry(toc, appendix.filename, 1, *anchor);
        }
    }
}

fn overview(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Overzicht per beslispunt", anchors.overview);
    layout.text(
        section,
        "Per beslispunt ziet u hoeveel standpunten voor of tegen zijn, of om een \
             wijziging vragen. En hoeveel scenario’s en bevestigde steunbetuigingen er zijn. \
             Ingetrokken reacties tellen niet mee.",
    );
    if !export.decision_points.is_empty() {
        layout.heading(section, 2, "De beslispunten", None);
        let rows = export
            .decision_points
            .iter()
            .map(|point| {
                let mut value = strong(&point.title);
                if !point.body.trim().is_empty() {
                    value.extend(plain(format!("\n{}", point.body.trim())));
                }
                (format!("Beslispunt {}", point.number), value)
            })
            .collect();
        layout.pairs(section, rows);
    }
    layout.heading(section, 2, "Telling", None);
    let supports = Stance::Supports.label();
    let opposes = Stance::Opposes.label();
    let amends = Stance::Amends.label();
    let spec = Table {
        widths: None,
        header: &[
            "Beslispunt",
            supports,
            opposes,
            amends,
            "Scenario’s",
            "Bevestigde steunbetuigingen",
        ],
        keyed: true,
        size: SMALL,
    };
    let rows = export
        .point_summaries()
        .into_iter()
        .map(|summary| {
            vec![
                plain(point_label(export, summary.decision_point)),
                plain(thousands(summary.supports)),
                plain(thousands(summary.opposes)),
                plain(thousands(summary.amends)),
                plain(thousands(summary.scenarios)),
                plain(thousands(summary.co_signatures)),
            ]
        })
        .collect();
    layout.table(section, &spec, rows);
}

fn reactions(
    layout: &mut Layout<'_>,
    export: &ConsultationExport,
    appendices: &[Appendix<'_>],
    index: &HashMap<&str, usize>,
    anchors: &Anchors,
) {
    layout.new_page();
    let section = layout.chapter("Reacties", anchors.reactions);
    layout.text(
        section,
        "Alle reacties, in de volgorde waarin ze binnenkwamen. Een reactie die is \
             ingetrokken, staat er ook in. Dat staat er dan duidelijk bij.",
    );
    if export.reactions.is_empty() {
        layout.text(section, "Er zijn geen reacties.");
    }
    for (reaction, &anchor) in export.reactions.iter().zip(&anchors.reaction) {
        layout.separator();
        let group = layout.tags.open(section, Tag::Section);
        one_reaction(layout, group, export, reaction, anchor);
        if !reaction.attachments.is_empty() {
            layout.heading(group, 3, "Bijlagen", None);
            for attachment in &reaction.attachments {
                layout.pairs(
                    group,
                    vec![
                        ("Bestand", plain(&attachment.filename)),
                        ("Grootte", plain(file_size(attachment.size_bytes))),
                        ("SHA-256", plain(&attachment.sha256)),
                    ],
                );
                if let Some(&position) = index.get(attachment.sha256.as_str()) {
                    inclusion(
                        layout,
                        group,
                        &appendices[position],
                        anchors.appendix[position],
                    );
                }
            }
        }
    }
}

fn inclusion(
    layout: &mut Layout<'_>,
    parent: usize,
    appendix: &Appendix<'_>,
    anchor: Option<usize>,
) {
    match (&appendix.status, anchor) {
        (Status::Appended(_), Some(anchor)) => {
            layout.page_ref(parent, "Bijlage achteraan opgenomen op pagina ", anchor);
        }
        (Status::Left(reason), _) => layout.text(parent, reason.text()),
        (Status::Appended(_), None) => {}
    }
}

fn one_reaction(
    layout: &mut Layout<'_>,
    section: usize,
    export: &ConsultationExport,
    reaction: &ReactionExport,
    anchor: usize,
) {
    let title = format!("{}. {}", reaction.sequence, reaction.title);
    layout.heading(section, 2, &title, Some(anchor));
    if let Some(withdrawn) = reaction.withdrawn_at {
        layout.notice(
            section,
            &[
                strong(format!("INGETROKKEN op {}", long_date_time(withdrawn))),
                plain(
                    "De indiener heeft deze reactie ingetrokken. Ze telt niet mee in de \
                     overzichten.",
                ),
            ],
        );
    }
    let mut rows = vec![
        ("Ontvangstnummer", plain(&reaction.number)),
        ("Ingediend op", plain(long_date_time(reaction.submitted_at))),
        (
            "Afzender",
            plain(format!(
                "{} ({})",
                reaction.sender.label(),
                reaction.sender.kind_label()
            )),
        ),
        ("SHA-256", plain(&reaction.content_hash)),
    ];
    if let Some(by) = &reaction.submitted_by {
        rows.insert(3, ("Ingediend namens het bestuur door", plain(by)));
    }
    if let Some(item) = &reaction.agenda_item {
        rows.push(("Agendapunt", plain(item)));
    }
    if let Some(handling) = reaction.handling {
        rows.push(("Voorstel afhandeling", plain(handling.label())));
    }
    layout.pairs(section, rows);
    layout.text(section, &reaction.introduction);
    layout.blocks(section, markdown(&reaction.body_markdown));
    if !reaction.positions.is_empty() {
        layout.heading(section, 3, "Standpunten", None);
    }
    for position in &reaction.positions {
        let title = format!(
            "Standpunt {} · {} · {}",
            position.number,
            position.stance.label(),
            point_label(export, position.decision_point)
        );
        layout.heading(section, 4, &title, None);
        layout.text(section, &position.body);
        layout.pairs(section, support_rows(&position.support));
    }
    if !reaction.scenarios.is_empty() {
        layout.heading(section, 3, "Scenario’s", None);
    }
    for scenario in &reaction.scenarios {
        let title = format!("Scenario {}: {}", scenario.number, scenario.title);
        layout.heading(section, 4, &title, None);
        let cost = scenario
            .yearly_cost_euros
            .map_or_else(|| plain("Niet ingevuld"), |value| plain(euros(value)));
        let mut rows = vec![
            ("Over", plain(point_label(export, scenario.decision_point))),
            ("Beheer door", plain(scenario.operator.label())),
            ("Vraag", filled(&scenario.request)),
            ("Kosten per jaar", cost),
            ("Wie betaalt", filled(&scenario.cost_bearer)),
            ("Voorwaarden", filled(&scenario.conditions)),
            ("Toelichting", filled(&scenario.body)),
        ];
        rows.extend(support_rows(&scenario.support));
        layout.pairs(section, rows);
    }
}

fn speaking(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Inspreekverzoeken", anchors.speaking);
    layout.text(
        section,
        "Wie in de vergadering wil inspreken, en over welke reactie.",
    );
    if export.speaking_requests.is_empty() {
        layout.text(section, "Er zijn geen inspreekverzoeken.");
        return;
    }
    let spec = Table {
        widths: None,
        header: &[
            "Reactie",
            "Spreker",
            "Namens",
            "Beslispunt",
            "Status",
            "Spreektijd",
        ],
        keyed: false,
        size: SMALL,
    };
    let rows = export
        .speaking_requests
        .iter()
        .map(|request| {
            let point = request.decision_point.map_or_else(
                || "De notitie als geheel".to_owned(),
                |n| format!("Beslispunt {n}"),
            );
            let minutes = match request.minutes {
                Some(minutes) => plural(minutes, "minuut", "minuten"),
                None => "Nog niet bekend".to_owned(),
            };
            vec![
                plain(&request.reaction_number),
                plain(&request.speaker),
                filled(&request.on_behalf),
                plain(point),
                plain(&request.state),
                plain(minutes),
            ]
        })
        .collect();
    layout.table(section, &spec, rows);
    let written: Vec<&SpeakingExport> = export
        .speaking_requests
        .iter()
        .filter(|r| r.written_contribution.is_some())
        .collect();
    if written.is_empty() {
        return;
    }
    layout.heading(section, 2, "Schriftelijke inspreekbijdragen", None);
    layout.text(
        section,
        "De tekst die insprekers vooraf meestuurden, voor de raadsleden.",
    );
    for request in written {
        layout.heading(
            section,
            3,
            &format!(
                "{} (namens {}, bij reactie {})",
                request.speaker, request.on_behalf, request.reaction_number
            ),
            None,
        );
        layout.text(
            section,
            request.written_contribution.as_deref().unwrap_or_default(),
        );
    }
}

fn hidden(layout: &mut Layout<'_>, export: &ConsultationExport, anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Verborgen berichten", anchors.hidden);
    layout.text(
        section,
        "Berichten in de discussie die een moderator heeft verborgen. De tekst van die \
             berichten staat niet in deze bundel. Alleen wanneer en waarom ze zijn verborgen.",
    );
    if export.hidden_posts.is_empty() {
        layout.text(section, "Er zijn geen berichten verborgen.");
        return;
    }
    let spec = Table {
        widths: None,
        header: &["Verborgen op", "Huisregel", "Reden"],
        keyed: false,
        size: SMALL,
    };
    let rows = export
        .hidden_posts
        .iter()
        .map(|post| {
            let rule = post
                .rule
                .as_deref()
                .map_or_else(|| plain("Geen huisregel genoemd"), plain);
            vec![
                plain(long_date_time(post.hidden_at)),
                rule,
                filled(&post.reason),
            ]
        })
        .collect();
    layout.table(section, &spec, rows);
}

/// "1 (2026-ONT-0001), 5 (2026-ONT-0005)".
fn owners(appendix: &Appendix<'_>) -> String {
    let owners: Vec<String> = appendix
        .reactions
        .iter()
        .map(|(sequence, number)| format!("{sequence} ({number})"))
        .collect();
    owners.join(", ")
}

fn attachments(layout: &mut Layout<'_>, appendices: &[Appendix<'_>], anchors: &Anchors) {
    layout.new_page();
    let section = layout.chapter("Bijlagen", anchors.appendices);
    let appending = anchors.appendix.iter().any(Option::is_some);
    let introduction = if appending {
        "Hieronder staan alle bijlagen van de reacties. De bijlagen die als PDF zijn \
         meegeleverd, staan daarna in deze bundel. Met de SHA-256-code kunt u controleren \
         of een bestand hetzelfde is als het bestand bij de reactie."
    } else {
        "Hieronder staan alle bijlagen van de reacties, met hun naam en SHA-256-code. Met die \
         code kunt u controleren of een bestand hetzelfde is als het bestand bij de reactie."
    };
    layout.text(section, introduction);
    if appendices.is_empty() {
        layout.text(section, "Bij de reacties zitten geen bijlagen.");
    }
    for (appendix, &anchor) in appendices.iter().zip(&anchors.appendix) {
        layout.heading(section, 3, appendix.filename, None);
        layout.pairs(
            section,
            vec![
                ("Bij reactie", plain(owners(appendix))),
                ("Grootte", plain(file_size(appendix.size_bytes))),
                ("SHA-256", plain(appendix.sha256)),
            ],
        );
        inclusion(layout, section, appendix, anchor);
    }
    for (position, (appendix, anchor)) in appendices.iter().zip(&anchors.appendix).enumerate() {
        let (Status::Appended(source), Some(anchor)) = (&appendix.status, anchor) else {
            continue;
        };
        let group = layout.tags.open(section, Tag::Section);
        let pages = source.pages.len();
        for (page, &size) in source.pages.iter().enumerate() {
            layout.new_page();
            if page == 0 {
                let title = format!("Bijlage: {}", appendix.filename);
                layout.heading(group, 2, &title, Some(*anchor));
            }
            let caption = format!(
                "{} · bij reactie {} · pagina {} van {}",
                appendix.filename,
                owners(appendix),
                page + 1,
                pages
            );
            layout.paragraph(group, &plain(&caption), SMALL, 0.0);
            let alt = format!(
                "Pagina {} van {} van de bijlage {}",
                page + 1,
                pages,
                appendix.filename
            );
            let figure = layout.tags.open(group, Tag::Figure(Some(alt)));
            layout.attachment_page(figure, position, page, size);
        }
    }
}

// ----------------------------------------------------------------------------------------
// Nota van beantwoording

/// Unlike the bundle, nothing refers to a page ahead, so bookmarks are made on the way.
fn compose_note<'f>(document: &AnswerDocument, fonts: &'f Fonts) -> (Layout<'f>, Vec<Bookmark>) {
    let note = &document.note;
    let mut layout = Layout::new(fonts);
    let mut bookmarks = vec![note_cover(&mut layout, document)];
    layout.new_page();
    bookmarks.push(procedure(&mut layout, note));
    bookmarks.push(conclusions(&mut layout, note));
    layout.new_page();
    bookmarks.push(answers(&mut layout, &note.groups));
    layout.new_page();
    bookmarks.push(changes(&mut layout, &note.changes));
    if !document.outcomes.is_empty() {
        layout.new_page();
        bookmarks.push(decisions(&mut layout, &document.outcomes));
    }
    (layout, bookmarks)
}

/// A top-level section of the nota with a fresh anchor for its bookmark.
fn note_chapter(layout: &mut Layout<'_>, title: &str) -> (usize, Bookmark) {
    let anchor = layout.anchor();
    (layout.chapter(title, anchor), Bookmark::leaf(title, anchor))
}

fn note_cover(layout: &mut Layout<'_>, document: &AnswerDocument) -> Bookmark {
    let section = layout.tags.open(ROOT, Tag::Section);
    let anchor = layout.anchor();
    layout.set_anchor(anchor);
    layout.masthead(
        section,
        &document.council,
        &document.committee,
        "Nota van beantwoording",
        &document.consultation_title,
    );
    layout.text(section, &edition(&document.note));
    layout.cursor += 14.0;
    layout.pairs(
        section,
        vec![
            ("Versie beleidsstuk", filled(&document.policy_version)),
            ("Webpagina", plain(&document.url)),
        ],
    );
    Bookmark::leaf("Voorblad", anchor)
}

/// A draft says so, rather than claiming a publication date it does not have.
fn edition(note: &AnswerNote) -> String {
    match note.published_at {
        Some(at) => format!(
            "Versie {}, gepubliceerd op {}",
            note.version,
            long_date_time(at)
        ),
        None => format!(
            "Versie {}, concept van {}",
            note.version,
            long_date_time(note.updated_at)
        ),
    }
}

fn procedure(layout: &mut Layout<'_>, note: &AnswerNote) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Procedure");
    layout.text(section, &note.procedure);
    bookmark
}

fn conclusions(layout: &mut Layout<'_>, note: &AnswerNote) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Overzicht");
    layout.text(
        section,
        "Hieronder ziet u hoeveel reacties tot welke conclusie leiden.",
    );
    let spec = Table {
        widths: None,
        header: &["Conclusie", "Aantal reacties"],
        keyed: true,
        size: BODY,
    };
    let rows = note
        .conclusion_counts()
        .into_iter()
        .map(|(conclusion, reactions)| vec![plain(conclusion.label()), plain(count(reactions))])
        .collect();
    layout.table(section, &spec, rows);
    bookmark
}

fn answers(layout: &mut Layout<'_>, groups: &[AnswerGroup]) -> Bookmark {
    let (section, mut bookmark) = note_chapter(layout, "Reacties en antwoorden");
    layout.text(
        section,
        "Reacties die over hetzelfde gaan, beantwoorden we samen. Bij elk antwoord staat \
         over welke reacties het gaat.",
    );
    for group in groups {
        layout.separator();
        bookmark.children.push(answer(layout, section, group));
    }
    bookmark
}

fn answer(layout: &mut Layout<'_>, chapter: usize, group: &AnswerGroup) -> Bookmark {
    let section = layout.tags.open(chapter, Tag::Section);
    let anchor = layout.anchor();
    let title = format!("Antwoord {}: {}", group.number, group.heading());
    layout.heading(section, 2, &title, Some(anchor));
    layout.blocks(section, group.reactions.iter().map(answered).collect());
    layout.heading(section, 3, "Samenvatting van de reacties", None);
    layout.text(section, &group.summary);
    layout.heading(section, 3, "Antwoord", None);
    layout.text(section, &group.reply);
    let mut conclusion = strong("Conclusie: ");
    conclusion.extend(plain(group.conclusion.label()));
    layout.paragraph(section, &conclusion, BODY, 0.0);
    Bookmark::leaf(&title, anchor)
}

/// Only [`AnsweredReaction::label`] names the indiener: residents stay a number.
fn answered(reaction: &AnsweredReaction) -> Block {
    let withdrawn = if reaction.withdrawn {
        " (ingetrokken)"
    } else {
        ""
    };
    Block::Item {
        list: 1,
        depth: 0,
        label: "•".to_owned(),
        runs: plain(format!(
            "{}, reactie {}: {}{withdrawn}",
            reaction.label(),
            reaction.number,
            reaction.title
        )),
    }
}

fn changes(layout: &mut Layout<'_>, changes: &[PointChange]) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Wijzigingen in de beleidsnotitie");
    layout.text(
        section,
        "Per beslispunt staat hier wat we door de reacties veranderen in de beleidsnotitie.",
    );
    for change in changes {
        let title = format!("Beslispunt {}. {}", change.number, change.title);
        layout.heading(section, 2, &title, None);
        if change.change.trim().is_empty() {
            layout.text(section, "Geen wijziging.");
        } else {
            layout.text(section, &change.change);
        }
    }
    bookmark
}

fn decisions(layout: &mut Layout<'_>, outcomes: &[PointOutcome]) -> Bookmark {
    let (section, bookmark) = note_chapter(layout, "Besluit van de raad");
    layout.text(section, "Wat de raad over elk beslispunt heeft besloten.");
    for outcome in outcomes {
        let title = format!(
            "Beslispunt {}. {}: {}",
            outcome.number,
            outcome.title,
            outcome.outcome.label()
        );
        layout.heading(section, 2, &title, None);
        layout.text(section, &outcome.explanation);
        if let Some(url) = &outcome.decision_url {
            layout.text(section, &format!("Het besluit staat op {url}"));
        }
    }
    bookmark
}

// ----------------------------------------------------------------------------------------
// Drawing

/// The running header and footer of every page.
struct Chrome {
    title: Line,
    labels: Line,
    footer: Line,
}

impl Chrome {
    /// `title` on the left of the header, `labels` on its right, `footer` next to the
    /// page number.
    fn new(fonts: &Fonts, title: &str, labels: &str, footer: &str) -> Self {
        let labels = fonts.line(Weight::Regular, labels, CHROME);
        let title = fonts.fit(
            Weight::Bold,
            title,
            CHROME,
            CONTENT_WIDTH - labels.width - 16.0,
        );
        let footer = fonts.fit(Weight::Regular, footer, CHROME, CONTENT_WIDTH - 110.0);
        Self {
            title,
            labels,
            footer,
        }
    }

    fn draw(&self, surface: &mut Surface<'_>, fonts: &Fonts, page: usize, pages: usize) {
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Header,
        )));
        draw_line(surface, fonts, MARGIN, HEADER_BASELINE, CHROME, &self.title);
        let right = PAGE_WIDTH - MARGIN;
        draw_line(
            surface,
            fonts,
            right - self.labels.width,
            HEADER_BASELINE,
            CHROME,
            &self.labels,
        );
        stroke(surface, horizontal(HEADER_BASELINE + 7.0), 0.5, GREY);
        surface.end_tagged();

        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Footer,
        )));
        stroke(surface, horizontal(FOOTER_BASELINE - 12.0), 0.5, GREY);
        draw_line(
            surface,
            fonts,
            MARGIN,
            FOOTER_BASELINE,
            CHROME,
            &self.footer,
        );
        let number = fonts.line(
            Weight::Regular,
            &format!("Pagina {page} van {pages}"),
            CHROME,
        );
        draw_line(
            surface,
            fonts,
            right - number.width,
            FOOTER_BASELINE,
            CHROME,
            &number,
        );
        surface.end_tagged();
    }
}

fn draw(
    document: &mut Document,
    layout: &Layout<'_>,
    chrome: &Chrome,
    appendices: &[Appendix<'_>],
) -> Vec<Option<Identifier>> {
    let fonts = layout.fonts;
    let mut identifiers = vec![None; layout.tags.slots];
    let pages = layout.pages.len();
    let size = Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a valid page size");
    for (index, ops) in layout.pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        chrome.draw(&mut surface, fonts, index + 1, pages);
        for op in ops {
            match op {
                Op::Text {
                    x,
                    baseline,
                    size,
                    line,
                    mark,
                } => {
                    let id = begin(&mut surface, *mark);
                    draw_line(&mut surface, fonts, *x, *baseline, *size, line);
                    surface.end_tagged();
                    if let (Mark::Tagged(slot), Some(id)) = (mark, id) {
                        identifiers[*slot] = Some(id);
                    }
                }
                Op::PageRef {
                    x,
                    baseline,
                    size,
                    weight,
                    prefix,
                    anchor,
                    suffix,
                    right_aligned,
                    slot,
                } => {
                    let number = layout.anchors[*anchor].map_or(0, |position| position.page + 1);
                    let line = fonts.line(*weight, &format!("{prefix}{number}{suffix}"), *size);
                    let x = if *right_aligned { x - line.width } else { *x };
                    identifiers[*slot] = begin(&mut surface, Mark::Tagged(*slot));
                    draw_line(&mut surface, fonts, x, *baseline, *size, &line);
                    surface.end_tagged();
                }
                Op::Rule { y, width } => {
                    artifact(&mut surface, |surface| {
                        stroke(surface, horizontal(*y), *width, GREY);
                    });
                }
                Op::Frame { rect, width } => {
                    artifact(&mut surface, |surface| {
                        let mut builder = PathBuilder::new();
                        builder.push_rect(*rect);
                        stroke(surface, builder.finish(), *width, (0, 0, 0));
                    });
                }
                Op::Attachment {
                    appendix,
                    page,
                    rect,
                    slot,
                } => {
                    let Status::Appended(source) = &appendices[*appendix].status else {
                        continue;
                    };
                    let Some(size) = Size::from_wh(rect.width(), rect.height()) else {
                        continue;
                    };
                    identifiers[*slot] = Some(surface.start_tagged(ContentTag::Other));
                    // Lets a failing attachment be named in krilla's error.
                    let location = NonZeroU64::MIN.saturating_add(*appendix as u64);
                    surface.set_location(location);
                    surface.push_transform(&Transform::from_translate(rect.left(), rect.top()));
                    surface.draw_pdf_page(&source.document, size, *page);
                    surface.pop();
                    surface.reset_location();
                    surface.end_tagged();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    identifiers
}

fn begin(surface: &mut Surface<'_>, mark: Mark) -> Option<Identifier> {
    match mark {
        Mark::Tagged(_) => Some(surface.start_tagged(ContentTag::Span(SpanTag::empty()))),
        Mark::Artifact(kind) => {
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
            None
        }
    }
}

fn artifact(surface: &mut Surface<'_>, paint: impl FnOnce(&mut Surface<'_>)) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    paint(surface);
    surface.end_tagged();
}

fn draw_line(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    x: f32,
    baseline: f32,
    size: f32,
    line: &Line,
) {
    let mut x = x;
    for piece in &line.pieces {
        let glyphs = fonts.glyphs(piece.weight, &piece.text);
        let font = fonts.face(piece.weight).font.clone();
        surface.draw_glyphs(
            Point::from_xy(x, baseline),
            &glyphs,
            font,
            &piece.text,
            size,
            false,
        );
        x += piece.width;
    }
}

fn horizontal(y: f32) -> Option<Path> {
    let mut builder = PathBuilder::new();
    builder.move_to(MARGIN, y);
    builder.line_to(PAGE_WIDTH - MARGIN, y);
    builder.finish()
}

fn stroke(surface: &mut Surface<'_>, path: Option<Path>, width: f32, (r, g, b): (u8, u8, u8)) {
    let Some(path) = path else {
        return;
    };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(r, g, b).into(),
        width,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.set_fill(Some(Fill::default()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answer::{Conclusion, NoteState, Outcome};
    use crate::domain::export::{Level, PERSONAL_DATA_NOTICE};
    use crate::export::sample::sample;
    use chrono::NaiveDate;
    use krilla::text::TextDirection;

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    }

    fn page_count(bytes: &[u8]) -> usize {
        Pdf::new(bytes.to_vec())
            .expect("a readable PDF")
            .pages()
            .len()
    }

    /// A small PDF as a resident might attach it, made with krilla itself.
    fn small_pdf(pages: usize, version: PdfVersion) -> Vec<u8> {
        let fonts = Fonts::load().unwrap();
        let configuration = ConfigurationBuilder::new().with_version(version);
        let mut document = Document::new_with(SerializeSettings {
            configuration: configuration.finish().unwrap(),
            ..SerializeSettings::default()
        });
        for number in 1..=pages {
            let size = Size::from_wh(420.0, 595.0).unwrap();
            let mut page = document.start_page_with(PageSettings::new(size));
            let mut surface = page.surface();
            surface.draw_text(
                Point::from_xy(40.0, 60.0),
                fonts.regular.font.clone(),
                14.0,
                &format!("Begroting bewonersbeheer, blad {number}"),
                false,
                TextDirection::Auto,
            );
            surface.finish();
            page.finish();
        }
        document.finish().unwrap()
    }

    fn with_attachment_hash(hash: String) -> ConsultationExport {
        let mut export = sample(12, Level::Public);
        export.reactions[0].attachments[0].sha256 = hash;
        export
    }

    #[test]
    fn archive_bundle_is_pdfa_with_metadata_outline_and_plausible_pages() {
        let export = sample(12, Level::Public);
        let bytes = agenda_bundle(&export, &[]).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(contains(&bytes, "pdfaid:part>2<"));
        assert!(contains(&bytes, "pdfaid:conformance>A<"));
        assert!(contains(
            &bytes,
            "Agendabundel: Beleidsnotitie Ontmoetingsplekken"
        ));
        assert!(contains(&bytes, "nl-NL"));
        assert!(contains(&bytes, "/Outlines"));
        assert!(contains(&bytes, "/StructTreeRoot"));
        let pages = page_count(&bytes);
        assert!((10..=40).contains(&pages), "{pages} pages");
    }

    #[test]
    fn odd_text_long_fields_and_empty_sections_still_give_pdfa() {
        let mut export = sample(2, Level::Full);
        export.title = "Buurthuis 🎉 open\u{0}\u{200b} \u{e000}".to_owned();
        export.speaking_requests.clear();
        export.hidden_posts.clear();
        export.decision_points.clear();
        let long = "Een zin over het buurthuis die steeds terugkomt.\n".repeat(150);
        export.reactions[1].scenarios[0].body = long.clone();
        export.reactions[1].body_markdown = format!("> {long}\n\n```\n{long}```");
        let bytes = agenda_bundle(&export, &[]).unwrap();
        assert!(contains(&bytes, "pdfaid:part>2<"));
        assert!(contains(&bytes, "Agendabundel: Buurthuis 🎉 open"));
        assert!(!contains(&bytes, "open\u{0}"));
        assert!(page_count(&bytes) > 12);
        let mut empty = sample(0, Level::Public);
        empty.speaking_requests.clear();
        empty.hidden_posts.clear();
        let bytes = agenda_bundle(&empty, &[]).unwrap();
        assert_eq!(page_count(&bytes), 7);
    }

    #[test]
    fn a_real_pdf_attachment_is_appended_to_the_reading_bundle() {
        let attachment = small_pdf(2, PdfVersion::Pdf17);
        let hash = hex::encode(Sha256::digest(&attachment));
        let export = with_attachment_hash(hash.clone());
        let without = agenda_bundle_with_attachments(&export, &[]).unwrap();
        let files = [AttachmentFile {
            sha256: &hash,
            bytes: &attachment,
        }];
        let with = agenda_bundle_with_attachments(&export, &files).unwrap();
        assert!(with.starts_with(b"%PDF-"));
        assert!(page_count(&with) >= page_count(&without) + 2);
        assert!(contains(&with, "/Outlines"));
        // The price of appending: krilla cannot vouch for PDF/A any more.
        assert!(!contains(&with, "pdfaid:part"));
    }

    #[test]
    fn the_archive_bundle_lists_a_real_pdf_without_embedding_it() {
        let attachment = small_pdf(2, PdfVersion::Pdf17);
        let hash = hex::encode(Sha256::digest(&attachment));
        let export = with_attachment_hash(hash.clone());
        let files = [AttachmentFile {
            sha256: &hash,
            bytes: &attachment,
        }];
        let with = agenda_bundle(&export, &files).unwrap();
        let without = agenda_bundle(&export, &[]).unwrap();
        assert!(contains(&with, "pdfaid:part>2<"));
        assert_eq!(page_count(&with), page_count(&without));
        let plan = plan(&export, &files, Mode::Archive);
        assert!(matches!(plan[0].status, Status::Left(Reason::Archive)));
    }

    #[test]
    fn a_garbage_attachment_is_referenced_instead_of_failing() {
        let garbage = b"%PDF-1.7 dit is geen echte pdf".as_slice();
        let hash = hex::encode(Sha256::digest(garbage));
        let export = with_attachment_hash(hash.clone());
        let files = [AttachmentFile {
            sha256: &hash,
            bytes: garbage,
        }];
        let plan = plan(&export, &files, Mode::Reading);
        assert!(matches!(plan[0].status, Status::Left(Reason::Unreadable)));
        let with = agenda_bundle_with_attachments(&export, &files).unwrap();
        let without = agenda_bundle_with_attachments(&export, &[]).unwrap();
        assert_eq!(page_count(&with), page_count(&without));
        assert!(agenda_bundle(&export, &files).is_ok());
    }

    #[test]
    fn a_pdf_krilla_refuses_to_embed_is_referenced_on_a_second_try() {
        // krilla only finds out while writing that a PDF 2.0 file cannot go into PDF 1.7.
        let attachment = small_pdf(1, PdfVersion::Pdf20);
        let hash = hex::encode(Sha256::digest(&attachment));
        let export = with_attachment_hash(hash.clone());
        let files = [AttachmentFile {
            sha256: &hash,
            bytes: &attachment,
        }];
        let plan = plan(&export, &files, Mode::Reading);
        assert!(matches!(plan[0].status, Status::Appended(_)));
        let with = agenda_bundle_with_attachments(&export, &files).unwrap();
        let without = agenda_bundle_with_attachments(&export, &[]).unwrap();
        assert_eq!(page_count(&with), page_count(&without));
    }

    #[test]
    fn a_file_that_does_not_match_its_hash_is_not_appended() {
        let attachment = small_pdf(1, PdfVersion::Pdf17);
        let export = sample(12, Level::Public);
        let claimed = export.reactions[0].attachments[0].sha256.clone();
        let files = [AttachmentFile {
            sha256: &claimed,
            bytes: &attachment,
        }];
        let plan = plan(&export, &files, Mode::Reading);
        assert!(matches!(plan[0].status, Status::Left(Reason::Mismatch)));
        assert!(matches!(plan[1].status, Status::Left(Reason::NotSupplied)));
    }

    #[test]
    fn markdown_becomes_paragraphs_and_list_items_without_markers() {
        let blocks = markdown(
            "# Kop\n\nWij willen **zelf** het [buurthuis](https://lindeveld.example) \
             beheren.\n\n- Open op werkdagen\n- Ook in de *zomer*\n\n1. Eerst\n2. Dan\n\n\
             <script>alert(1)</script>",
        );
        let texts: Vec<String> = blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph { runs, .. } | Block::Item { runs, .. } => {
                    runs.iter().map(|run| run.text.as_str()).collect()
                }
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Kop",
                "Wij willen zelf het buurthuis (https://lindeveld.example) beheren.",
                "Open op werkdagen",
                "Ook in de zomer",
                "Eerst",
                "Dan",
            ]
        );
        let labels: Vec<(&str, usize)> = blocks
            .iter()
            .filter_map(|block| match block {
                Block::Item { label, list, .. } => Some((label.as_str(), *list)),
                Block::Paragraph { .. } => None,
            })
            .collect();
        assert_eq!(labels, [("•", 1), ("•", 1), ("1.", 2), ("2.", 2)]);
        let Block::Paragraph { runs, .. } = &blocks[1] else {
            panic!("a paragraph");
        };
        assert!(
            runs.iter()
                .any(|run| run.weight == Weight::Bold && run.text == "zelf")
        );
    }

    #[test]
    fn lines_stay_within_their_width_and_keep_dutch_characters() {
        let fonts = Fonts::load().unwrap();
        let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let text = format!(
            "Café, crèche en reünie: ‘voor iedereen’ en “ja” voor {} per jaar. {hash} 🎉",
            euros(45_000)
        );
        let lines = fonts.wrap(&plain(&text), BODY, 180.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|line| line.width <= 180.0));
        let joined: String = lines.iter().map(Line::text).collect();
        for expected in [
            "Café",
            "crèche",
            "reünie",
            "‘voor iedereen’",
            "“ja”",
            "€\u{a0}45.000",
        ] {
            assert!(joined.contains(expected), "{expected} in {joined}");
        }
        assert!(joined.replace(' ', "").contains(hash));
        assert!(joined.ends_with(REPLACEMENT));
        let sixty_four = fonts.line(Weight::Regular, hash, BODY);
        assert!(sixty_four.width > 180.0);
    }

    #[test]
    fn numbers_are_written_the_dutch_way() {
        assert_eq!(euros(45_000), "€\u{a0}45.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(thousands(-950), "-950");
        assert_eq!(file_size(48_213), "48,2 kB");
        assert_eq!(file_size(512), "512 bytes");
        assert_eq!(file_size(3_400_000), "3,4 MB");
    }

    /// In ids only, where a careless export would leak it: no field of the nota holds a
    /// resident's name, so it must not show up anywhere.
    const RESIDENT: &str = "Jansen";

    fn november(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|date| date.and_hms_opt(9, 30, 0))
            .unwrap()
    }

    fn answered_reaction(
        sequence: i32,
        organisation: Option<&str>,
        withdrawn: bool,
    ) -> AnsweredReaction {
        AnsweredReaction {
            reaction_id: format!("reactie-{RESIDENT}-{sequence}"),
            sequence,
            number: format!("2026-SPE-{sequence:04}"),
            title: format!("Buurthuis open houden ({sequence})"),
            organisation: organisation.map(str::to_owned),
            withdrawn,
        }
    }

    fn answer_group(
        number: i32,
        reactions: Vec<AnsweredReaction>,
        reply: String,
        conclusion: Conclusion,
    ) -> AnswerGroup {
        AnswerGroup {
            id: format!("groep-{RESIDENT}-{number}"),
            number,
            reactions,
            summary: "De indieners willen dat het buurthuis ook in het weekend open is.".into(),
            reply,
            conclusion,
        }
    }

    /// Three answers, the first to three reactions (one of an organisation) with a
    /// reply of nearly the maximum length, the second to a withdrawn reaction.
    fn answer_document() -> AnswerDocument {
        let long_reply = "We hebben goed gekeken naar de openingstijden van het buurthuis. \
                          Vrijwilligers kunnen op zaterdag de sleutel ophalen.\n\n"
            .repeat(70);
        AnswerDocument {
            council: "Gemeente Lindeveld".into(),
            committee: "Commissie Samenleving".into(),
            consultation_title: "Beleidsnotitie Ontmoetingsplekken".into(),
            policy_version: "2.1".into(),
            url: "https://inspraak.lindeveld.example/c/ontmoetingsplekken".into(),
            opened_at: november(1),
            deadline_at: november(20),
            note: AnswerNote {
                id: format!("nota-{RESIDENT}"),
                consultation_id: format!("consultatie-{RESIDENT}"),
                version: 2,
                state: NoteState::Published,
                revision: 7,
                procedure: "De beleidsnotitie lag vier weken ter inzage.\n\n\
                            Er zijn vijf reacties binnengekomen."
                    .into(),
                groups: vec![
                    answer_group(
                        1,
                        vec![
                            answered_reaction(1, None, false),
                            answered_reaction(2, Some("Wijkraad Horst"), false),
                            answered_reaction(4, None, false),
                        ],
                        long_reply,
                        Conclusion::LeadsToChange,
                    ),
                    answer_group(
                        2,
                        vec![answered_reaction(3, None, true)],
                        "Deze reactie is ingetrokken.".into(),
                        Conclusion::OutOfScope,
                    ),
                    answer_group(
                        3,
                        vec![answered_reaction(5, None, false)],
                        "We houden het voorstel zoals het is.".into(),
                        Conclusion::NoChange,
                    ),
                ],
                changes: vec![
                    PointChange {
                        decision_point_id: format!("punt-{RESIDENT}-1"),
                        number: 1,
                        title: "Openingstijden".into(),
                        change: "Het buurthuis gaat ook op zaterdag open.".into(),
                    },
                    PointChange {
                        decision_point_id: format!("punt-{RESIDENT}-2"),
                        number: 2,
                        title: "Beheer".into(),
                        change: " \n".into(),
                    },
                ],
                updated_at: november(24),
                published_at: Some(november(25)),
            },
            outcomes: vec![PointOutcome {
                decision_point_id: format!("punt-{RESIDENT}-1"),
                number: 1,
                title: "Openingstijden".into(),
                outcome: Outcome::Amended,
                decision_url: Some("https://lindeveld.example/besluit/12".into()),
                explanation: "Amendement A1 is aangenomen.".into(),
                recorded_at: november(26),
            }],
        }
    }

    /// The drawn text per page; a wrapped line joins the next with its space.
    fn page_texts(layout: &Layout<'_>) -> Vec<String> {
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

    fn bookmark_titles(bookmarks: &[Bookmark]) -> Vec<&str> {
        bookmarks
            .iter()
            .flat_map(|bookmark| {
                std::iter::once(bookmark.title.as_str()).chain(bookmark_titles(&bookmark.children))
            })
            .collect()
    }

    #[test]
    fn answer_note_is_pdfa_and_names_organisations_but_never_residents() {
        let document = answer_document();
        let bytes = answer_note(&document).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(contains(&bytes, "pdfaid:part>2<"));
        assert!(contains(&bytes, "pdfaid:conformance>A<"));
        assert!(contains(
            &bytes,
            "Nota van beantwoording – Beleidsnotitie Ontmoetingsplekken"
        ));
        assert!(contains(&bytes, "nl-NL"));
        assert!(contains(&bytes, "/Outlines"));
        assert!(!contains(&bytes, RESIDENT));
        assert!(page_count(&bytes) > 1);

        let fonts = Fonts::load().unwrap();
        let (layout, bookmarks) = compose_note(&document, &fonts);
        let pages = page_texts(&layout);
        let text = pages.join("\n");
        for expected in [
            "Gemeente Lindeveld\nCommissie Samenleving\nNota van beantwoording\n\
             Beleidsnotitie Ontmoetingsplekken",
            "Versie 2, gepubliceerd op woensdag 25 november 2026 om 10:30 uur",
            "Versie beleidsstuk\n2.1",
            "https://inspraak.lindeveld.example/c/ontmoetingsplekken",
            "Procedure\nDe beleidsnotitie lag vier weken ter inzage.\nEr zijn vijf",
            "Leidt tot aanpassing\n3",
            "Leidt niet tot aanpassing\n1",
            "Valt buiten dit besluit\n1",
            "Antwoord 1: Indieners 1, 2 en 4",
            "Indiener 1, reactie 2026-SPE-0001: Buurthuis open houden (1)",
            "Indiener 2 (Wijkraad Horst), reactie 2026-SPE-0002",
            "reactie 2026-SPE-0003: Buurthuis open houden (3) (ingetrokken)",
            "Samenvatting van de reacties\nDe indieners willen",
            "Antwoord\nWe hebben goed gekeken",
            "Conclusie: Leidt tot aanpassing",
            "Conclusie: Valt buiten dit besluit",
            "Beslispunt 1. Openingstijden\nHet buurthuis gaat ook op zaterdag open.",
            "Beslispunt 2. Beheer\nGeen wijziging.",
            "Besluit van de raad",
            "Beslispunt 1. Openingstijden: Geamendeerd\nAmendement A1 is aangenomen.",
            "Het besluit staat op https://lindeveld.example/besluit/12",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(!text.contains(RESIDENT));
        let reply_pages = pages
            .iter()
            .filter(|page| page.contains("sleutel ophalen"))
            .count();
        assert!(
            reply_pages > 1,
            "the long reply is on {reply_pages} page(s)"
        );
        assert_eq!(
            bookmark_titles(&bookmarks),
            [
                "Voorblad",
                "Procedure",
                "Overzicht",
                "Reacties en antwoorden",
                "Antwoord 1: Indieners 1, 2 en 4",
                "Antwoord 2: Indiener 3",
                "Antwoord 3: Indiener 5",
                "Wijzigingen in de beleidsnotitie",
                "Besluit van de raad",
            ]
        );
    }

    #[test]
    fn the_full_bundle_warns_on_its_cover_and_text_keeps_what_was_typed() {
        let fonts = Fonts::load().unwrap();
        let full = sample(4, Level::Full);
        let (layout, _) = compose(&full, &[], &fonts);
        let pages = page_texts(&layout);
        assert!(pages[0].contains(PERSONAL_DATA_NOTICE), "{}", pages[0]);
        assert!(
            layout.pages[0]
                .iter()
                .any(|op| matches!(op, Op::Frame { width, .. } if *width > 1.0)),
            "framed"
        );
        let public = sample(4, Level::Public);
        let (layout, _) = compose(&public, &[], &fonts);
        let text = page_texts(&layout).join("\n");
        assert!(!text.contains("persoonsgegevens"));
        assert!(text.contains("=Geef bewonersbeheer een eerlijke kans"));
        assert!(!text.contains("'=Geef"));
    }

    #[test]
    fn a_note_without_outcomes_has_no_decision_section() {
        let mut document = answer_document();
        document.outcomes.clear();
        document.note.published_at = None;
        assert!(contains(&answer_note(&document).unwrap(), "pdfaid:part>2<"));
        let fonts = Fonts::load().unwrap();
        let (layout, bookmarks) = compose_note(&document, &fonts);
        let text = page_texts(&layout).join("\n");
        assert!(!text.contains("Besluit van de raad"));
        assert!(text.contains("Versie 2, concept van dinsdag 24 november 2026 om 10:30 uur"));
        assert!(!bookmark_titles(&bookmarks).contains(&"Besluit van de raad"));
    }
}
