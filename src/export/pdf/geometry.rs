//! The A4 page and the type sizes, in points.

pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
pub(super) const MARGIN: f32 = 62.0;
pub(super) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
pub(super) const TOP: f32 = 80.0;
pub(super) const BOTTOM: f32 = PAGE_HEIGHT - 72.0;
pub(super) const HEADER_BASELINE: f32 = 44.0;
pub(super) const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 38.0;

pub(super) const BODY: f32 = 10.5;
pub(super) const SMALL: f32 = 9.0;
pub(super) const CHROME: f32 = 8.0;
const LEADING: f32 = 1.4;
pub(super) const INDENT: f32 = 18.0;
pub(super) const KEY_WIDTH: f32 = 150.0;
pub(super) const CELL_PADDING: f32 = 4.0;
pub(super) const GREY: (u8, u8, u8) = (110, 110, 110);

pub(super) fn line_height(size: f32) -> f32 {
    size * LEADING
}

pub(super) fn heading_size(level: u16) -> f32 {
    match level {
        1 => 17.0,
        2 => 13.5,
        3 => 11.5,
        _ => BODY,
    }
}
