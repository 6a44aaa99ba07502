//! Text before and after line breaking: runs in one weight, laid-out lines, greedy
//! line breaking (as methods of [`Fonts`], since it is all measuring), and the Dutch way
//! of writing numbers.

use super::fonts::{Fonts, Weight};

/// Text in one weight, before line breaking.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) weight: Weight,
    pub(super) text: String,
}

pub(super) fn plain(text: impl Into<String>) -> Vec<Run> {
    vec![Run {
        weight: Weight::Regular,
        text: text.into(),
    }]
}

pub(super) fn strong(text: impl Into<String>) -> Vec<Run> {
    vec![Run {
        weight: Weight::Bold,
        text: text.into(),
    }]
}

/// One laid-out line; `width` in points at the size it was measured for.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub(super) pieces: Vec<Piece>,
    pub(super) width: f32,
}

#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) weight: Weight,
    pub(super) text: String,
    pub(super) width: f32,
}

impl Line {
    pub(super) fn is_empty(&self) -> bool {
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
    pub(super) fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| piece.text.as_str())
            .collect()
    }
}

/// No-break spaces keep "€ 45.000" together.
fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// What line breaking works with: a measured word, or a forced break.
pub(super) enum Token {
    Word(Line),
    Break,
}

impl Fonts {
    /// `text` on one line, however long.
    pub(super) fn line(&self, weight: Weight, text: &str, size: f32) -> Line {
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
    pub(super) fn fit(&self, weight: Weight, text: &str, size: f32, max_width: f32) -> Line {
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
    pub(super) fn wrap(&self, runs: &[Run], size: f32, max_width: f32) -> Vec<Line> {
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

    pub(super) fn tokens(&self, runs: &[Run], size: f32) -> Vec<Token> {
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
}

pub(super) fn thousands(value: i64) -> String {
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
pub(super) fn euros(value: i64) -> String {
    format!("€\u{a0}{}", thousands(value))
}

pub(super) fn file_size(bytes: i64) -> String {
    let one_decimal = |value: f64| format!("{value:.1}").replace('.', ",");
    match bytes {
        ..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} kB", one_decimal(bytes as f64 / 1e3)),
        _ => format!("{} MB", one_decimal(bytes as f64 / 1e6)),
    }
}

pub(super) fn count(value: usize) -> String {
    thousands(i64::try_from(value).unwrap_or(i64::MAX))
}

pub(super) fn filled(text: &str) -> Vec<Run> {
    if text.trim().is_empty() {
        plain("Niet ingevuld")
    } else {
        plain(text.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::fonts::REPLACEMENT;
    use crate::export::pdf::geometry::BODY;

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
}
