//! A mail body as blocks, written once by a template and rendered here both as plain
//! text and as HTML, with the shared footer, so that the two can't drift apart.

use maud::{DOCTYPE, Markup, html};

use super::templates::{MailContent, NO_REPLY};

/// A piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// Bold in HTML, plain in text (a date, a code, an outcome).
    Strong(String),
    /// The name of a round, thread or organisation the mail is about: bold in HTML,
    /// in double quotes in text.
    Name(String),
    /// Someone's words inside a sentence: curly quotes in HTML, straight ones in text.
    Quoted(String),
    /// A value to copy exactly, such as a hash.
    Code(String),
    /// `label: url` in text, so the address can be read and copied.
    Link {
        label: String,
        url: String,
    },
}

pub fn text(value: impl Into<String>) -> Inline {
    Inline::Text(value.into())
}

pub fn strong(value: impl Into<String>) -> Inline {
    Inline::Strong(value.into())
}

pub fn name(value: impl Into<String>) -> Inline {
    Inline::Name(value.into())
}

pub fn quoted(value: impl Into<String>) -> Inline {
    Inline::Quoted(value.into())
}

pub fn code(value: impl Into<String>) -> Inline {
    Inline::Code(value.into())
}

pub fn link(label: impl Into<String>, url: impl Into<String>) -> Inline {
    Inline::Link {
        label: label.into(),
        url: url.into(),
    }
}

/// One part of a mail, separated from the next by a blank line in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// The link the mail is for: in text the bare address on its own line, after a
    /// paragraph that ends by saying what it does.
    Button {
        label: String,
        url: String,
    },
    /// Where to go from here: one line joined by " · " in HTML, `label: url` lines in text.
    Links(Vec<(String, String)>),
    List(Vec<Vec<Inline>>),
    /// Labelled values: a table in HTML, `label: value` lines in text.
    Facts(Vec<(String, Vec<Inline>)>),
    /// Text someone wrote, kept apart from ours: a blockquote, or lines after "> ".
    Quote(String),
}

/// What a template writes; [`MailBody::render`] makes the mail of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailBody {
    blocks: Vec<Block>,
    unsubscribe_url: Option<String>,
}

impl MailBody {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn paragraph(mut self, pieces: impl IntoIterator<Item = Inline>) -> Self {
        self.blocks
            .push(Block::Paragraph(pieces.into_iter().collect()));
        self
    }

    /// A paragraph of plain text only.
    pub fn says(self, sentence: impl Into<String>) -> Self {
        self.paragraph([text(sentence)])
    }

    pub fn button(mut self, label: impl Into<String>, url: impl Into<String>) -> Self {
        self.blocks.push(Block::Button {
            label: label.into(),
            url: url.into(),
        });
        self
    }

    pub fn links<'a>(mut self, links: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let links = links
            .into_iter()
            .map(|(label, url)| (label.to_owned(), url.to_owned()))
            .collect();
        self.blocks.push(Block::Links(links));
        self
    }

    pub fn list(mut self, items: impl IntoIterator<Item = Vec<Inline>>) -> Self {
        self.blocks.push(Block::List(items.into_iter().collect()));
        self
    }

    pub fn facts<'a>(mut self, rows: impl IntoIterator<Item = (&'a str, Vec<Inline>)>) -> Self {
        let rows = rows
            .into_iter()
            .map(|(label, value)| (label.to_owned(), value))
            .collect();
        self.blocks.push(Block::Facts(rows));
        self
    }

    pub fn quote(mut self, written: impl Into<String>) -> Self {
        self.blocks.push(Block::Quote(written.into()));
        self
    }

    /// Adds the footer's unsubscribe line, for mails someone subscribed to.
    pub fn unsubscribe(mut self, url: Option<&str>) -> Self {
        self.unsubscribe_url = url.map(str::to_owned);
        self
    }

    /// Both bodies of the mail, each ending with the same footer.
    pub fn render(self, subject: String) -> MailContent {
        let text = self.text();
        let html = self.html(&subject);
        MailContent {
            subject,
            text,
            html,
        }
    }

    /// Lines are not wrapped: mail programs reflow them, and a hard break could split
    /// a link or a code that someone copies.
    fn text(&self) -> String {
        let blocks: Vec<String> = self.blocks.iter().map(block_text).collect();
        let mut text = format!(
            "{}\n\n--\nDit bericht komt van Inspraak. {NO_REPLY}\n",
            blocks.join("\n\n")
        );
        if let Some(url) = &self.unsubscribe_url {
            text.push_str(&format!(
                "Wilt u deze berichten niet meer krijgen? Meld u af: {url}\n"
            ));
        }
        text
    }

    fn html(&self, subject: &str) -> String {
        html! {
            (DOCTYPE)
            html lang="nl" {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    @for block in &self.blocks { (block_html(block)) }
                    hr;
                    p { small { "Dit bericht komt van Inspraak. " (NO_REPLY) } }
                    @if let Some(url) = &self.unsubscribe_url {
                        p { small { "Wilt u deze berichten niet meer krijgen? " a href=(url) { "Meld u af" } "." } }
                    }
                }
            }
        }
        .into_string()
    }
}

fn inline_text(pieces: &[Inline]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Inline::Text(value) | Inline::Strong(value) | Inline::Code(value) => value.clone(),
            Inline::Name(value) | Inline::Quoted(value) => format!("\"{value}\""),
            Inline::Link { label, url } => format!("{label}: {url}"),
        })
        .collect()
}

fn block_text(block: &Block) -> String {
    let lines: Vec<String> = match block {
        Block::Paragraph(pieces) => vec![inline_text(pieces)],
        Block::Button { url, .. } => vec![url.clone()],
        Block::Links(links) => links
            .iter()
            .map(|(label, url)| format!("{label}: {url}"))
            .collect(),
        Block::List(items) => items
            .iter()
            .map(|item| format!("- {}", inline_text(item)))
            .collect(),
        Block::Facts(rows) => rows
            .iter()
            .map(|(label, value)| format!("{label}: {}", inline_text(value)))
            .collect(),
        Block::Quote(written) => written.lines().map(|line| format!("> {line}")).collect(),
    };
    lines.join("\n")
}

fn inline_html(pieces: &[Inline]) -> Markup {
    html! {
        @for piece in pieces {
            @match piece {
                Inline::Text(value) => { (value) }
                Inline::Strong(value) | Inline::Name(value) => { strong { (value) } }
                Inline::Quoted(value) => { "“" (value) "”" }
                Inline::Code(value) => { code { (value) } }
                Inline::Link { label, url } => { a href=(url) { (label) } }
            }
        }
    }
}

fn block_html(block: &Block) -> Markup {
    html! {
        @match block {
            Block::Paragraph(pieces) => p { (inline_html(pieces)) },
            Block::Button { label, url } => p { a href=(url) { (label) } },
            Block::Links(links) => p {
                @for (i, (label, url)) in links.iter().enumerate() {
                    @if i > 0 { " · " }
                    a href=(url) { (label) }
                }
            },
            Block::List(items) => ul {
                @for item in items { li { (inline_html(item)) } }
            },
            Block::Facts(rows) => table {
                @for (label, value) in rows {
                    tr { th scope="row" { (label) } td { (inline_html(value)) } }
                }
            },
            Block::Quote(written) => blockquote { (written) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped_in_html_and_left_alone_in_text() {
        let mail = MailBody::new()
            .paragraph([
                text("a <b> "),
                strong("<s>"),
                name("<n>"),
                quoted("<q>"),
                code("<c>"),
            ])
            .quote("<script>")
            .facts([("<k>", vec![text("<v>")])])
            .render("<t>".to_owned());
        assert!(
            mail.text
                .starts_with("a <b> <s>\"<n>\"\"<q>\"<c>\n\n> <script>\n\n<k>: <v>")
        );
        for raw in [
            "<b>", "<s>", "<n>", "<q>", "<c>", "<script>", "<k>", "<v>", "<t>",
        ] {
            assert!(!mail.html.contains(raw), "{raw} in {}", mail.html);
        }
        assert!(mail.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn links_show_their_address_in_text() {
        let mail = MailBody::new()
            .says("Open deze link:")
            .button("Bevestig", "https://x/b")
            .links([("Verder", "https://x/v"), ("Terug", "https://x/t")])
            .paragraph([text("Of "), link("hier", "https://x/h")])
            .render("s".to_owned());
        assert!(mail.text.starts_with(
            "Open deze link:\n\nhttps://x/b\n\nVerder: https://x/v\nTerug: https://x/t\n\nOf hier: https://x/h\n"
        ));
        assert!(
            mail.html
                .contains(r#"<p><a href="https://x/b">Bevestig</a></p>"#)
        );
        assert!(
            mail.html
                .contains(r#"<a href="https://x/v">Verder</a> · <a href="https://x/t">Terug</a>"#)
        );
    }

    #[test]
    fn the_footer_is_in_both_bodies_and_unsubscribing_only_when_asked() {
        let plain = MailBody::new().says("Hallo.").render("s".to_owned());
        for body in [&plain.text, &plain.html] {
            assert!(body.contains(NO_REPLY));
            assert!(!body.contains("Meld u af"));
        }
        let subscribed = MailBody::new()
            .says("Hallo.")
            .unsubscribe(Some("https://x/af"))
            .render("s".to_owned());
        assert!(subscribed.text.ends_with("Meld u af: https://x/af\n"));
        assert!(
            subscribed
                .html
                .contains(r#"<a href="https://x/af">Meld u af</a>"#)
        );
    }

    #[test]
    fn quoted_user_text_keeps_its_lines_in_text() {
        let mail = MailBody::new().quote("een\ntwee").render("s".to_owned());
        assert!(mail.text.starts_with("> een\n> twee\n"));
    }
}
