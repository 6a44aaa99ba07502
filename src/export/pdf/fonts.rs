//! The two faces of DejaVu Sans the documents are set in, and what measuring and
//! drawing need of them: which characters they have and how wide their glyphs are.

use krilla::Data;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::PdfError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// DejaVu Sans's ascender and descender, in em, to put the baseline inside a line.
pub(super) const ASCENT: f32 = 0.928;
pub(super) const DESCENT: f32 = 0.236;
/// Shown for characters the font lacks (emoji, private use), so no `.notdef` glyph is
/// drawn: PDF/A forbids it.
pub(super) const REPLACEMENT: char = '\u{fffd}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

pub(super) struct Face {
    pub(super) font: Font,
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

pub(super) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub(super) fn load() -> Result<Self, PdfError> {
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

    pub(super) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The character to draw for `c`: `None` for invisible format characters, the
    /// replacement character for anything the font cannot show.
    pub(super) fn clean(&self, weight: Weight, c: char) -> Option<char> {
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

    pub(super) fn width(&self, weight: Weight, c: char, size: f32) -> f32 {
        let metrics = &self.face(weight).metrics;
        metrics
            .glyph(c)
            .map_or(0.0, |glyph| metrics.advance(glyph) * size)
    }

    /// One glyph per character: the text is cleaned already, and no shaping beyond
    /// that is needed for Dutch. Measuring and drawing thus always agree.
    pub(super) fn glyphs(&self, weight: Weight, text: &str) -> Vec<KrillaGlyph> {
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
