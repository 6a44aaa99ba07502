//! The attachments of the reactions: which appear in the bundle, which are only listed
//! and why, and opening the PDFs that are appended.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::num::NonZeroU64;
use std::panic;
use std::sync::Arc;

use krilla::pdf::{Pdf, PdfDocument};
use sha2::{Digest, Sha256};

use super::{AttachmentFile, Mode};
use crate::domain::export::ConsultationExport;

/// One attachment of the export (the same file attached twice appears once).
pub(super) struct Appendix<'e> {
    pub(super) filename: &'e str,
    pub(super) sha256: &'e str,
    pub(super) size_bytes: i64,
    /// Sequence and receipt number of the reactions it is attached to.
    pub(super) reactions: Vec<(i32, &'e str)>,
    pub(super) status: Status,
}

pub(super) enum Status {
    Appended(Source),
    Left(Reason),
}

/// A readable PDF and the size of each of its pages, in points.
pub(super) struct Source {
    pub(super) document: PdfDocument,
    pub(super) pages: Vec<(f32, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    Archive,
    NotSupplied,
    Mismatch,
    Unreadable,
    Failed,
}

impl Reason {
    pub(super) fn text(self) -> &'static str {
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
pub(super) fn plan<'e>(
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

/// The attachments whose pages made krilla fail: the one drawn at `location` (its index
/// plus one), or all of them when krilla could not say.
pub(super) fn culprits(appendices: &[Appendix<'_>], location: Option<NonZeroU64>) -> Vec<usize> {
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

pub(super) fn appended<'a>(appendices: &'a [Appendix<'_>]) -> impl Iterator<Item = usize> + 'a {
    appendices
        .iter()
        .enumerate()
        .filter(|(_, appendix)| matches!(appendix.status, Status::Appended(_)))
        .map(|(index, _)| index)
}

#[cfg(test)]
mod tests {
    use krilla::configure::{ConfigurationBuilder, PdfVersion};
    use krilla::geom::{Point, Size};
    use krilla::page::PageSettings;
    use krilla::text::TextDirection;
    use krilla::{Document, SerializeSettings};

    use super::*;
    use crate::domain::export::Level;
    use crate::export::pdf::fonts::{Fonts, Weight};
    use crate::export::pdf::testing::{contains, page_count};
    use crate::export::pdf::{agenda_bundle, agenda_bundle_with_attachments};
    use crate::export::sample::sample;

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
                fonts.face(Weight::Regular).font.clone(),
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
}
