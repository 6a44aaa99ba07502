//! A reaction's Markdown body and plain text as typed, reduced to the blocks the
//! layout knows: paragraphs and list items.

use pulldown_cmark::{Event, Options, Parser, Tag as Markdown, TagEnd};

use super::fonts::Weight;
use super::text::{Run, plain};

/// A block of a reaction's body: markdown reduced to paragraphs and list items.
#[derive(Debug)]
pub(super) enum Block {
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

pub(super) fn markdown(source: &str) -> Vec<Block> {
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
pub(super) fn paragraphs(text: &str) -> Vec<Vec<Run>> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
