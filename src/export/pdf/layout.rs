//! The first step: every page laid out as a list of drawing operations, with the tag
//! tree built on the way. Paragraphs, headings, lists, tables and page breaks.

use std::num::NonZeroU16;

use krilla::geom::Rect;
use krilla::tagging::{ArtifactType, ListNumbering, TableHeaderScope, Tag, TagKind};

use super::fonts::{Fonts, Weight};
use super::geometry::{
    BODY, BOTTOM, CELL_PADDING, CONTENT_WIDTH, INDENT, KEY_WIDTH, MARGIN, PAGE_WIDTH, TOP,
    heading_size, line_height,
};
use super::markdown::{Block, paragraphs};
use super::printable;
use super::tags::{ROOT, Tags};
use super::text::{Line, Run, Token, plain, strong};

/// How drawn content belongs to the structure: as a leaf of the tag tree, or as an
/// artifact (running header, repeated table header, rules) that readers skip.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mark {
    Tagged(usize),
    Artifact(ArtifactType),
}

/// Where a table cell's lines go.
#[derive(Debug, Clone, Copy)]
enum Target {
    Group(usize),
    Artifact,
}

pub(super) enum Op {
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
pub(super) struct Position {
    pub(super) page: usize,
    pub(super) y: f32,
}

pub(super) struct Layout<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) cursor: f32,
    pub(super) tags: Tags,
    pub(super) anchors: Vec<Option<Position>>,
}

/// A table: column widths adding up to the content width (`None`: from the content),
/// optional column headers, and whether the first column names the row (a key/value list).
pub(super) struct Table<'t> {
    pub(super) widths: Option<&'t [f32]>,
    pub(super) header: &'t [&'t str],
    pub(super) keyed: bool,
    pub(super) size: f32,
}

impl<'f> Layout<'f> {
    pub(super) fn new(fonts: &'f Fonts) -> Self {
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

    pub(super) fn new_page(&mut self) {
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

    pub(super) fn anchor(&mut self) -> usize {
        self.anchors.push(None);
        self.anchors.len() - 1
    }

    pub(super) fn set_anchor(&mut self, anchor: usize) {
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
                    baseline: self.cursor + self.fonts.baseline(size),
                    size,
                    line,
                    mark: Mark::Tagged(slot),
                });
            }
            self.cursor += height;
        }
    }

    pub(super) fn paragraph(&mut self, parent: usize, runs: &[Run], size: f32, indent: f32) {
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
    pub(super) fn text(&mut self, parent: usize, text: &str) {
        for runs in paragraphs(text) {
            self.paragraph(parent, &runs, BODY, 0.0);
        }
    }

    /// A top-level section with its heading; returns the section.
    pub(super) fn chapter(&mut self, title: &str, anchor: usize) -> usize {
        let section = self.tags.open(ROOT, Tag::Section);
        self.heading(section, 1, title, Some(anchor));
        section
    }

    /// The top of a title page: who wrote it, for whom, what kind of document and the
    /// title as the first heading.
    pub(super) fn masthead(
        &mut self,
        parent: usize,
        council: &str,
        committee: &str,
        kind: &str,
        title: &str,
    ) {
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

    pub(super) fn heading(&mut self, parent: usize, level: u16, text: &str, anchor: Option<usize>) {
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
    pub(super) fn separator(&mut self) {
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
    pub(super) fn notice(&mut self, parent: usize, paragraphs: &[Vec<Run>]) {
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
    pub(super) fn page_ref(&mut self, parent: usize, prefix: &'static str, anchor: usize) {
        let group = self.tags.open(parent, Tag::P);
        self.need(line_height(BODY));
        let slot = self.tags.slot(group);
        self.push(Op::PageRef {
            x: MARGIN,
            baseline: self.cursor + self.fonts.baseline(BODY),
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

    pub(super) fn blocks(&mut self, parent: usize, blocks: Vec<Block>) {
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
            baseline: self.cursor + self.fonts.baseline(BODY),
            size: BODY,
            line: label,
            mark: Mark::Tagged(slot),
        });
        self.place_lines(lines, MARGIN + indent, BODY, body);
        self.cursor += BODY * 0.25;
    }

    /// Key/value lines in two columns.
    pub(super) fn pairs<K: AsRef<str>>(&mut self, parent: usize, rows: Vec<(K, Vec<Run>)>) {
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

    pub(super) fn table(&mut self, parent: usize, spec: &Table<'_>, rows: Vec<Vec<Vec<Run>>>) {
        let widths = match spec.widths {
            Some(widths) => widths.to_vec(),
            None => {
                let header = spec.header.iter().map(|text| strong(*text)).collect();
                let all: Vec<&Vec<Vec<Run>>> = std::iter::once(&header).chain(&rows).collect();
                self.column_widths(&all, spec.size)
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

    /// Column widths from the content, as browsers do it: each column at least as wide
    /// as its longest word, so Dutch compounds are not broken where that fits, and the
    /// rest of the content width shared by how much wider each column would like to be.
    fn column_widths(&self, rows: &[&Vec<Vec<Run>>], size: f32) -> Vec<f32> {
        let columns = rows.iter().map(|row| row.len()).max().unwrap_or(0);
        let space = self.fonts.width(Weight::Regular, ' ', size);
        let padding = 2.0 * CELL_PADDING;
        let mut least = vec![padding; columns];
        let mut most = vec![padding; columns];
        for row in rows {
            for (column, runs) in row.iter().enumerate() {
                let mut line = 0.0_f32;
                for token in self.fonts.tokens(runs, size) {
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
                        baseline: self.cursor
                            + index as f32 * height
                            + self.fonts.baseline(spec.size),
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

    pub(super) fn toc_entry(&mut self, toc: usize, text: &str, level: u8, anchor: usize) {
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
            baseline: last + self.fonts.baseline(BODY),
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
    pub(super) fn attachment_page(
        &mut self,
        parent: usize,
        appendix: usize,
        page: usize,
        size: (f32, f32),
    ) {
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
