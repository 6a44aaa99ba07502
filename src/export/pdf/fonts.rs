//! The two faces of DejaVu Sans the documents are set in, and what measuring and
//! drawing need of them: which characters they have and how wide their glyphs are.

use krilla::Data;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::PdfError;
use super::geometry::line_height;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Shown for characters the font lacks (emoji, private use), so no `.notdef` glyph is
/// drawn: PDF/A forbids it.
pub(super) const REPLACEMENT: char = '\u{fffd}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

/// A face for krilla to embed, and what measuring needs of it, read with skrifa (as
/// krilla reads it too): the character map and the advance widths.
pub(super) struct Face {
    pub(super) font: Font,
    charmap: Charmap<'static>,
    advances: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascender and descender in em, rounded to a thousandth: DejaVu's 1901 and 483
    /// units of 2048 as the 0.928 and 0.236 the layout was set with, so that lines
    /// keep their place.
    ascent: f32,
    descent: f32,
}

impl Face {
    fn load(data: &'static [u8], name: &'static str) -> Result<Self, PdfError> {
        let tables = FontRef::new(data).map_err(|_| PdfError::Font(name))?;
        let metrics = tables.metrics(Size::unscaled(), LocationRef::default());
        if metrics.units_per_em == 0 {
            return Err(PdfError::Font(name));
        }
        let units_per_em = f32::from(metrics.units_per_em);
        let em = |units: f32| (units / units_per_em * 1000.0).round() / 1000.0;
        Ok(Self {
            font: Font::new(Data::from(data), 0).ok_or(PdfError::Font(name))?,
            charmap: tables.charmap(),
            advances: tables.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            ascent: em(metrics.ascent),
            descent: em(-metrics.descent),
        })
    }

    /// `None` where the font would draw `.notdef`.
    fn glyph(&self, c: char) -> Option<skrifa::GlyphId> {
        self.charmap.map(c)
    }

    /// In em.
    fn advance(&self, glyph: skrifa::GlyphId) -> f32 {
        self.advances.advance_width(glyph).unwrap_or_default() / self.units_per_em
    }
}

pub(super) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub(super) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Face::load(REGULAR_TTF, "DejaVuSans.ttf")?,
            bold: Face::load(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
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
        if private || self.face(weight).glyph(c).is_none() {
            Some(REPLACEMENT)
        } else {
            Some(c)
        }
    }

    pub(super) fn width(&self, weight: Weight, c: char, size: f32) -> f32 {
        let face = self.face(weight);
        face.glyph(c)
            .map_or(0.0, |glyph| face.advance(glyph) * size)
    }

    /// From the top of a line to its baseline, centring the glyphs in the line. Both
    /// weights have the same ascender and descender.
    pub(super) fn baseline(&self, size: f32) -> f32 {
        let face = &self.regular;
        (line_height(size) + size * (face.ascent - face.descent)) / 2.0
    }

    /// One glyph per character: the text is cleaned already, and no shaping beyond
    /// that is needed for Dutch. Measuring and drawing thus always agree.
    pub(super) fn glyphs(&self, weight: Weight, text: &str) -> Vec<KrillaGlyph> {
        let face = self.face(weight);
        text.char_indices()
            .filter_map(|(at, c)| {
                let glyph = face.glyph(c)?;
                Some(KrillaGlyph::new(
                    GlyphId::new(glyph.to_u32()),
                    face.advance(glyph),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs and advances (in 2048ths of an em) as DejaVu Sans's own cmap and hmtx
    /// tables give them, read without skrifa.
    #[test]
    fn metrics_are_those_in_the_font_tables() {
        let fonts = Fonts::load().unwrap();
        let expected = [
            (
                Weight::Regular,
                [
                    (' ', 3, 651),
                    ('a', 68, 1255),
                    ('W', 58, 2025),
                    ('é', 171, 1260),
                    ('€', 2948, 1303),
                    ('…', 2825, 2048),
                    (REPLACEMENT, 5372, 2100),
                ],
            ),
            (
                Weight::Bold,
                [
                    (' ', 3, 713),
                    ('a', 68, 1382),
                    ('W', 58, 2259),
                    ('é', 171, 1389),
                    ('€', 2948, 1425),
                    ('…', 2825, 2048),
                    (REPLACEMENT, 5368, 2280),
                ],
            ),
        ];
        for (weight, glyphs) in expected {
            for (c, glyph, advance) in glyphs {
                let drawn = fonts.glyphs(weight, &c.to_string());
                assert_eq!(drawn.len(), 1, "{c:?}");
                assert_eq!(drawn[0].glyph_id.to_u32(), glyph, "{weight:?} {c:?}");
                assert_eq!(
                    drawn[0].x_advance,
                    advance as f32 / 2048.0,
                    "{weight:?} {c:?}"
                );
                assert_eq!(
                    fonts.width(weight, c, 2048.0),
                    advance as f32,
                    "{weight:?} {c:?}"
                );
            }
            assert_eq!(fonts.clean(weight, '🎉'), Some(REPLACEMENT));
            assert_eq!(fonts.width(weight, '🎉', 10.5), 0.0);
            let face = fonts.face(weight);
            assert_eq!((face.ascent, face.descent), (0.928, 0.236));
        }
    }
}
