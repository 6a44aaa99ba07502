//! The safe Markdown subset used for policy texts: rendered by pulldown-cmark, then
//! cleaned by ammonia so that no script, style or raw HTML from the author survives.

use std::collections::HashSet;
use std::sync::LazyLock;

use maud::Markup;

static AMMONIA_SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow ugc noopener noreferrer"));
    builder
});

/// Markdown to sanitised HTML. The text sits under a level-2 heading on the page, so `#`
/// becomes `h3`.
pub fn render(source: &str) -> Markup {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let events = pulldown_cmark::Parser::new_ext(source, options).map(|event| match event {
        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(demote(level)))
        }
        other => other,
    });
    let mut unsafe_html = String::new();
    pulldown_cmark::html::push_html(&mut unsafe_html, events);
    // The only place user text is not escaped by maud, and only after ammonia's allow-list
    // sanitiser has removed every tag, attribute and URL scheme it does not know.
    maud::PreEscaped(AMMONIA_SANITISER.clean(&unsafe_html).to_string())
}

fn demote(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => H3,
        H2 => H4,
        _ => H5,
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered_and_scripts_are_removed() {
        let html = render("# Kop\n\n**vet** <script>alert(1)</script> [link](javascript:alert(1)) [ok](https://example.nl)").into_string();
        assert!(html.contains("<h3>Kop</h3>"));
        assert!(html.contains("<strong>vet</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains(r#"href="https://example.nl""#));
        assert!(html.contains("nofollow ugc"));
    }

    #[test]
    fn raw_html_attributes_do_not_survive() {
        let html = render("<p onclick=\"x()\" style=\"color:red\">tekst</p><img src=x onerror=y>")
            .into_string();
        assert!(!html.contains("onclick") && !html.contains("onerror") && !html.contains("style="));
    }
}
