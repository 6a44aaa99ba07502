//! Discussion threads: the thread page, the forms to write, edit, delete and flag.

use chrono::NaiveDateTime;
use maud::{Markup, html};

use super::consultations::moment;
use super::form::{Field, Kind, consent, csrf_field, error_summary, honeypot};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::consultations::ConsultationListing;
use crate::db::threads::{HouseRule, Post, ThreadPage};
use crate::domain::id::{ConsultationId, ReactionId, SubjectId, UserId};
use crate::domain::thread::{
    EDIT_MINUTES, FlagInput, MAX_POST_CHARS, PostInput, PostState, Segment, SubjectKind,
    may_delete, may_edit, page_count, paragraphs,
};
use crate::domain::validation::{FieldErrors, thousands};
use crate::domain::words::plural;
use crate::paths;

/// What a thread hangs under, as its pages need it.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: SubjectId,
    pub title: String,
    /// The page of the consultation, reaction or scenario itself.
    pub url: String,
    pub listing: ConsultationListing,
    /// The reaction a reaction's or scenario's thread belongs to: `(id, title)`.
    pub reaction: Option<(ReactionId, String)>,
    pub accepts_posts: bool,
}

impl Subject {
    pub fn thread_url(&self) -> String {
        paths::thread(self.kind, &self.id)
    }
}

/// What the viewer may do with the posts of one thread.
pub struct PostActions {
    pub user_id: Option<UserId>,
    pub moderates: bool,
    /// The thread takes posts and the viewer may write (signed in, or as a guest).
    pub can_post: bool,
    pub now: NaiveDateTime,
}

impl PostActions {
    fn is_author(&self, post: &Post) -> bool {
        self.user_id.as_ref().is_some_and(|user| post.is_by(user))
    }

    fn may_edit(&self, post: &Post) -> bool {
        may_edit(
            self.is_author(post),
            post.state(),
            post.created_at,
            self.now,
        )
        .is_ok()
    }

    fn may_delete(&self, post: &Post) -> bool {
        may_delete(self.is_author(post), post.state()).is_ok()
    }
}

/// The link from a consultation, reaction or scenario to its thread, with its size.
pub fn discussion_link(kind: SubjectKind, id: &SubjectId, posts: i64, heading: bool) -> Markup {
    let label = match kind {
        SubjectKind::Consultation => "Praat mee over deze inspraakronde",
        SubjectKind::Reaction => "Praat mee over deze reactie",
        SubjectKind::Scenario => "Praat mee over dit scenario",
    };
    html! {
        @if heading { h2 { "Discussie" } }
        p class="discussion-link" {
            a href=(paths::thread(kind, id)) { (label) }
            " · " (plural(posts, "bericht", "berichten"))
        }
    }
}

/// The consultation page's reactions, then its discussion and moderation log.
pub fn with_consultation_discussion(
    reactions: Markup,
    consultation_id: &ConsultationId,
    posts: i64,
) -> Markup {
    html! {
        (reactions)
        (discussion_link(SubjectKind::Consultation, &consultation_id.into(), posts, true))
        p { a href=(paths::moderation_log(consultation_id)) { "Moderatielogboek: alle besluiten van moderatoren" } }
    }
}

pub struct ThreadView<'a> {
    pub subject: &'a Subject,
    pub thread: &'a ThreadPage,
    pub page: i64,
    pub rules: &'a [HouseRule],
    /// The viewer's own posts that wait for a moderator.
    pub waiting: &'a [Post],
    pub actions: &'a PostActions,
    pub notice: Option<&'a str>,
    pub signed_in: bool,
}

fn trail<'a>(subject: &'a Subject, last: &'a str) -> Vec<(&'a str, String)> {
    let mut items: Vec<(&str, String)> = vec![
        ("Home", "/".to_owned()),
        (
            &subject.listing.consultation.title,
            paths::consultation(&subject.listing.consultation.id),
        ),
    ];
    if let Some((id, title)) = &subject.reaction {
        items.push((title, paths::reaction(id)));
    }
    items.push(("Discussie", subject.thread_url()));
    if !last.is_empty() {
        items.push((last, String::new()));
    }
    items
}

fn crumbs(subject: &Subject, last: &str) -> Markup {
    let items = trail(subject, last);
    let borrowed: Vec<(&str, &str)> = items.iter().map(|(l, h)| (*l, h.as_str())).collect();
    breadcrumbs(&borrowed)
}

/// The house rules in short, shown beside every thread and form.
fn rules_box(rules: &[HouseRule]) -> Markup {
    html! {
        aside class="card house-rules" aria-labelledby="huisregels-kort" {
            h2 id="huisregels-kort" class="card__title" { "Huisregels" }
            ol {
                @for rule in rules { li { (rule.title) } }
            }
            p { a href=(paths::HOUSE_RULES) { "Lees de huisregels helemaal" } }
        }
    }
}

fn subject_name(kind: SubjectKind) -> &'static str {
    match kind {
        SubjectKind::Consultation => "de inspraakronde",
        SubjectKind::Reaction => "de reactie",
        SubjectKind::Scenario => "het scenario",
    }
}

fn mode_text(subject: &Subject) -> &'static str {
    if subject.listing.consultation.pre_moderation {
        "In deze discussie leest een moderator elk bericht voordat het verschijnt."
    } else {
        "Berichten verschijnen meteen. Past een bericht niet bij de huisregels? Meld het. Melden drie mensen hetzelfde bericht, dan verbergen wij het tot een moderator het heeft bekeken."
    }
}

/// A post's text with links that search engines do not follow.
pub fn post_text(body: &str) -> Markup {
    html! {
        @for paragraph in paragraphs(body) {
            p {
                @for (index, line) in paragraph.iter().enumerate() {
                    @if index > 0 { br; }
                    @for segment in line {
                        @match segment {
                            Segment::Text(text) => (text),
                            Segment::Link(href) => a href=(href) rel="nofollow ugc noopener" { (href) },
                        }
                    }
                }
            }
        }
    }
}

/// What stands in the thread for a post, by its state.
fn post_content(post: &Post) -> Markup {
    html! {
        @match post.state() {
            PostState::Visible | PostState::Pending => (post_text(&post.body)),
            PostState::Held => p class="post__note" { "Tijdelijk verborgen: meerdere bezoekers hebben dit bericht gemeld. Een moderator bekijkt het." },
            PostState::Hidden => p class="post__note" {
                "Verborgen door de moderator"
                @if let Some(at) = post.moderated_at { " op " (moment(at)) }
                ": "
                @if let Some(rule) = &post.moderation_rule { "huisregel " (rule) ". " }
                (post.moderation_reason.as_deref().unwrap_or(""))
            },
            PostState::Deleted => p class="post__note" { "Verwijderd door auteur." },
            PostState::Unconfirmed => p class="post__note" { "Nog niet bevestigd." },
        }
    }
}

fn post_header(post: &Post) -> Markup {
    html! {
        p class="post__meta" {
            @if post.state() == PostState::Deleted {
                "Verwijderd bericht"
            } @else {
                strong { (post.author_name) }
            }
            " · " (moment(post.created_at))
            @if post.edited_at.is_some() && post.state() != PostState::Deleted { " · bewerkt" }
        }
    }
}

fn post_links(post: &Post, actions: &PostActions, top_level: bool) -> Markup {
    let visible = post.state() == PostState::Visible;
    let author = actions.is_author(post);
    html! {
        ul class="post__actions" {
            @if top_level && visible && actions.can_post {
                li { a href=(paths::post_reply(&post.id)) { "Reageren" span class="visually-hidden" { " op " (post.author_name) } } }
            }
            @if actions.may_edit(post) {
                li { a href=(paths::post_edit(&post.id)) { "Wijzigen" } }
            }
            @if actions.may_delete(post) {
                li { a href=(paths::post_delete(&post.id)) { "Verwijderen" } }
            }
            @if visible && !author && actions.user_id.is_some() {
                li { a href=(paths::post_flag(&post.id)) { "Melden" span class="visually-hidden" { " (bericht van " (post.author_name) ")" } } }
            }
            @if actions.moderates && !author && post.state() != PostState::Deleted {
                li { a href=(paths::post_review(&post.id)) { "Beoordelen" } }
            }
        }
    }
}

fn post_article(post: &Post, actions: &PostActions, top_level: bool) -> Markup {
    html! {
        article class="post" id={ "bericht-" (post.id) } {
            (post_header(post))
            (post_content(post))
            (post_links(post, actions, top_level))
        }
    }
}

fn pagination(subject: &Subject, page: i64, total: i64) -> Markup {
    super::pagination("Pagina's van de discussie", page, page_count(total), |n| {
        paths::thread_page(subject.kind, &subject.id, n)
    })
}

pub fn thread(chrome: &Chrome, view: &ThreadView<'_>) -> Markup {
    let ThreadView {
        subject,
        thread,
        page,
        rules,
        waiting,
        actions,
        notice: message,
        signed_in,
    } = view;
    let title = format!("Discussie: {}", subject.title);
    let last_page = *page == page_count(thread.total);
    layout(
        chrome,
        &title,
        Some(&subject.listing.council.name),
        html! {
            (crumbs(subject, ""))
            h1 { "Discussie over " (subject.title) }
            (notice(*message))
            p class="lead" { (mode_text(subject)) }
            p {
                a href=(subject.url) { "Terug naar " (subject_name(subject.kind)) }
                " · "
                a href=(paths::moderation_log(&subject.listing.consultation.id)) { "Moderatielogboek" }
            }
            (rules_box(rules))
            @if !waiting.is_empty() {
                section class="card" aria-labelledby="wacht" {
                    h2 id="wacht" class="card__title" { "Uw berichten die op een moderator wachten" }
                    @for post in waiting.iter() { (post_article(post, actions, false)) }
                }
            }
            h2 { "Berichten" }
            @if thread.total == 0 {
                p { "Er zijn nog geen berichten. Schrijf het eerste bericht." }
            } @else {
                (pagination(subject, *page, thread.total))
                ol class="thread" {
                    @for (post, replies) in &thread.posts {
                        li {
                            (post_article(post, actions, true))
                            @if !replies.is_empty() {
                                ol class="thread__replies" aria-label={ "Reacties op het bericht van " (post.author_name) } {
                                    @for reply in replies { li { (post_article(reply, actions, false)) } }
                                }
                            }
                        }
                    }
                }
                (pagination(subject, *page, thread.total))
            }
            @if last_page {
                @if actions.can_post {
                    h2 id="schrijven" { "Schrijf een bericht" }
                    (post_form(chrome, &subject.thread_url(), &PostInput::default(), &FieldErrors::default(), !signed_in, "Plaats bericht"))
                } @else if subject.accepts_posts {
                    p { a href=(paths::log_in_then(&subject.thread_url())) { "Log in" } " om mee te praten. Nog geen account? " a href=(paths::REGISTER) { "Maak een account" } "." }
                } @else {
                    p { "In deze discussie kunnen geen nieuwe berichten meer worden geplaatst." }
                }
            }
        },
    )
}

/// The form for a post's text, with a guest's name, address and consent where needed.
fn post_form(
    chrome: &Chrome,
    action: &str,
    input: &PostInput,
    errors: &FieldErrors,
    guest: bool,
    button: &str,
) -> Markup {
    let hint = format!(
        "Hoogstens {} tekens. Een internetadres (https://...) wordt een link. Opmaak (HTML) werkt niet.",
        thousands(MAX_POST_CHARS as u64)
    );
    html! {
        form method="post" action=(action) novalidate {
            (csrf_field(&chrome.csrf))
            (Field::new("body", "Uw bericht", &input.body).kind(Kind::TextArea { rows: 8 }).hint(&hint).render(errors))
            @if guest {
                p { "U heeft geen account nodig. Wij sturen u een e-mail met een link: uw bericht verschijnt als u die link opent en bevestigt. Of " a href=(paths::LOG_IN) { "log in" } "." }
                (Field::new("name", "Uw naam", &input.name).autocomplete("name").hint("Deze naam staat boven uw bericht.").render(errors))
                (Field::new("email", "Uw e-mailadres", &input.email).kind(Kind::Email).autocomplete("email").hint("Niet openbaar. Wij gebruiken het alleen voor de bevestiging en het besluit van een moderator.").render(errors))
                (honeypot())
                (consent(input.consent.as_deref() == Some("1"), errors, html! { "Ik geef toestemming om mijn bericht met mijn naam te tonen. Mijn e-mailadres wordt gewist na de bewaartermijn." }))
            }
            div class="button-row" { button type="submit" class="button" { (button) } }
        }
    }
}

/// What the compose page is for.
pub enum ComposeMode<'a> {
    New,
    Reply(&'a Post),
    Edit(&'a Post),
}

pub struct Compose<'a> {
    pub subject: &'a Subject,
    pub mode: ComposeMode<'a>,
    pub rules: &'a [HouseRule],
    pub input: &'a PostInput,
    pub errors: &'a FieldErrors,
    pub guest: bool,
}

/// A new post, a reply or an edit on a page of its own (also where errors come back).
pub fn compose(chrome: &Chrome, page: &Compose<'_>) -> Markup {
    let Compose {
        subject,
        mode,
        rules,
        input,
        errors,
        guest,
    } = page;
    let (title, action, button, guest) = match mode {
        ComposeMode::New => (
            "Schrijf een bericht".to_owned(),
            subject.thread_url(),
            "Plaats bericht",
            *guest,
        ),
        ComposeMode::Reply(parent) => (
            format!("Reageer op {}", parent.author_name),
            paths::post_reply(&parent.id),
            "Plaats reactie",
            *guest,
        ),
        ComposeMode::Edit(post) => (
            "Wijzig uw bericht".to_owned(),
            paths::post_edit(&post.id),
            "Wijziging opslaan",
            false,
        ),
    };
    layout(
        chrome,
        &title,
        Some(&subject.listing.council.name),
        html! {
            (crumbs(subject, &title))
            h1 { (title) }
            (error_summary(errors))
            @match mode {
                ComposeMode::Reply(parent) => {
                    p { "U reageert op dit bericht:" }
                    blockquote class="post post--quoted" { (post_header(parent)) (post_content(parent)) }
                }
                ComposeMode::Edit(_) => {
                    p { "U kunt een bericht wijzigen tot " (EDIT_MINUTES) " minuten na het plaatsen. Bij het bericht staat daarna \u{201c}bewerkt\u{201d}." }
                }
                ComposeMode::New => { p { (mode_text(subject)) } }
            }
            (post_form(chrome, &action, input, errors, guest, button))
            p { a href=(subject.thread_url()) { "Terug naar de discussie" } }
            (rules_box(rules))
        },
    )
}

pub fn delete_form(chrome: &Chrome, subject: &Subject, post: &Post) -> Markup {
    layout(
        chrome,
        "Bericht verwijderen",
        Some(&subject.listing.council.name),
        html! {
            (crumbs(subject, "Bericht verwijderen"))
            h1 { "Wilt u dit bericht verwijderen?" }
            blockquote class="post post--quoted" { (post_header(post)) (post_content(post)) }
            p { "De tekst verdwijnt. In de discussie staat dan \u{201c}verwijderd door auteur\u{201d}, zodat reacties op uw bericht te volgen blijven. Dit kunt u niet ongedaan maken." }
            form method="post" action=(paths::post_delete(&post.id)) {
                (csrf_field(&chrome.csrf))
                div class="button-row" {
                    button type="submit" class="button button--danger" { "Ja, verwijder mijn bericht" }
                    a href=(paths::post(&post.id)) { "Nee, terug" }
                }
            }
        },
    )
}

pub fn flag_form(
    chrome: &Chrome,
    subject: &Subject,
    post: &Post,
    rules: &[HouseRule],
    already: bool,
    input: &FlagInput,
    errors: &FieldErrors,
) -> Markup {
    layout(
        chrome,
        "Bericht melden",
        Some(&subject.listing.council.name),
        html! {
            (crumbs(subject, "Bericht melden"))
            h1 { "Bericht melden" }
            blockquote class="post post--quoted" { (post_header(post)) (post_content(post)) }
            @if already {
                p { "U heeft dit bericht al gemeld. Een moderator bekijkt de meldingen." }
                p { a href=(paths::post(&post.id)) { "Terug naar de discussie" } }
            } @else {
                p { "Past dit bericht niet bij de huisregels? Vertel ons waarom. Een moderator leest uw melding. De schrijver ziet niet wie het bericht heeft gemeld." }
                (error_summary(errors))
                form method="post" action=(paths::post_flag(&post.id)) novalidate {
                    (csrf_field(&chrome.csrf))
                    (Field::new("reason", "Waarom past het bericht niet?", &input.reason).kind(Kind::TextArea { rows: 4 }).hint("Noem bijvoorbeeld de huisregel. Hoogstens 500 tekens.").render(errors))
                    div class="button-row" {
                        button type="submit" class="button" { "Melden" }
                        a href=(paths::post(&post.id)) { "Annuleren" }
                    }
                }
                (rules_box(rules))
            }
        },
    )
}

/// The page behind a guest's mailed link: one button, so that prefetching publishes nothing.
pub fn confirm_form(chrome: &Chrome, action: &str, post: &Post) -> Markup {
    layout(
        chrome,
        "Bevestig uw bericht",
        None,
        html! {
            h1 { "Bevestig uw bericht" }
            p { "Dit is uw bericht:" }
            blockquote class="post post--quoted" { (post_header(post)) (post_text(&post.body)) }
            form method="post" action=(action) {
                (csrf_field(&chrome.csrf))
                div class="button-row" { button type="submit" class="button" { "Plaats mijn bericht" } }
            }
        },
    )
}

pub fn link_expired(chrome: &Chrome) -> Markup {
    layout(
        chrome,
        "Deze link werkt niet meer",
        None,
        html! {
            h1 { "Deze link werkt niet meer" }
            p { "Het bericht is al geplaatst, of de link is ouder dan 7 dagen. Schrijf uw bericht zo nodig opnieuw." }
            p { a href=(paths::CONSULTATIONS) { "Naar de inspraakronden" } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_post_is_text_and_links_are_nofollow() {
        let html =
            post_text("<script>alert(1)</script>\n\nZie https://x.nl/a?b=1&c=<2>").into_string();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains(r#"rel="nofollow ugc noopener""#));
        assert!(html.contains(r#"href="https://x.nl/a?b=1&amp;c=&lt;2&gt;""#));
        assert!(!html.contains("<script>"));
    }
}
