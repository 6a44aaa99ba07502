//! The second step: the laid-out pages drawn, now that page numbers are known, with the
//! running header and footer, the outline and the tag tree.

use std::num::NonZeroU64;

use krilla::color::rgb;
use krilla::configure::Configuration;
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{Path, PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::{Document, SerializeSettings};

use super::attachments::{Appendix, Status};
use super::fonts::{Fonts, Weight};
use super::geometry::{
    CHROME, CONTENT_WIDTH, FOOTER_BASELINE, GREY, HEADER_BASELINE, MARGIN, PAGE_HEIGHT, PAGE_WIDTH,
};
use super::layout::{Layout, Mark, Op, Position};
use super::printable;
use super::text::Line;

/// The second step, shared by every document made here: draws the pages, now that
/// page numbers are known, and adds the outline and the tag tree.
pub(super) fn write(
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

/// An entry of the outline (the bookmarks pane), pointing at an anchor of the layout.
pub(super) struct Bookmark {
    pub(super) title: String,
    anchor: usize,
    pub(super) children: Vec<Bookmark>,
}

impl Bookmark {
    pub(super) fn leaf(title: &str, anchor: usize) -> Self {
        Self {
            title: printable(title),
            anchor,
            children: Vec::new(),
        }
    }
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

/// The running header and footer of every page.
pub(super) struct Chrome {
    title: Line,
    labels: Line,
    footer: Line,
}

impl Chrome {
    /// `title` on the left of the header, `labels` on its right, `footer` next to the
    /// page number.
    pub(super) fn new(fonts: &Fonts, title: &str, labels: &str, footer: &str) -> Self {
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
