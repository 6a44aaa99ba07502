//! Public pages of consultations: the list and one consultation with its beslispunten.

use chrono::NaiveDateTime;
use maud::{Markup, html};

use super::{Chrome, answers, breadcrumbs, layout, layout_with_head, markdown, notice};
use crate::db::consultations::{ConsultationListing, DeadlineMove, DecisionPoint};
use crate::domain::answer::PointOutcome;
use crate::domain::consultation::{ConsultationState, deadline_move_sentence};
use crate::domain::time::{iso, long_date_time};
use crate::export::feeds;
use crate::paths;

pub fn state_badge(state: ConsultationState) -> Markup {
    html! { span class={ "badge badge--" (state.as_str()) } { (state.label()) } }
}

pub fn moment(utc: NaiveDateTime) -> Markup {
    html! { time datetime=(iso(utc)) { (long_date_time(utc)) } }
}

/// One consultation in a list, with a heading of the given level.
pub fn card(listing: &ConsultationListing, now: NaiveDateTime, href: &str) -> Markup {
    let consultation = &listing.consultation;
    let state = consultation.state_at(now);
    html! {
        li class="card" {
            h3 class="card__title" { a href=(href) { (consultation.title) } }
            p class="card__meta" {
                (state_badge(state)) " "
                (listing.council.name) " · " (listing.committee.name)
            }
            p { (consultation.summary) }
            p class="card__meta" {
                @if state == ConsultationState::Open { "Reageren kan tot " } @else { "Sluitingsdatum: " }
                (moment(consultation.deadline_at))
            }
        }
    }
}

/// The councils among `listings` as (name, slug), by name, each once: their feeds are
/// offered on the list.
fn councils_of(listings: &[ConsultationListing]) -> Vec<(&str, &str)> {
    let mut councils: Vec<(&str, &str)> = listings
        .iter()
        .map(|l| (l.council.name.as_str(), l.council.slug.as_str()))
        .collect();
    councils.sort_unstable();
    councils.dedup();
    councils
}

pub fn list(chrome: &Chrome, listings: &[ConsultationListing], now: NaiveDateTime) -> Markup {
    let (open, other): (Vec<_>, Vec<_>) = listings
        .iter()
        .partition(|l| l.consultation.state_at(now) == ConsultationState::Open);
    let councils = councils_of(listings);
    layout_with_head(
        chrome,
        "Inspraakronden",
        None,
        html! {
            @for (name, slug) in &councils {
                link rel="alternate" type="application/atom+xml" title={ "Inspraakronden van " (name) } href=(paths::council_feed_atom(slug));
            }
        },
        html! {
            h1 { "Inspraakronden" }
            p class="lead" { "Hier ziet u over welke plannen de gemeenteraad uw mening wil horen, en tot wanneer u kunt reageren." }
            h2 { "Open voor reacties" }
            @if open.is_empty() {
                p { "Er is nu geen inspraakronde open." }
            } @else {
                ul class="card-list" {
                    @for listing in &open { (card(listing, now, &paths::consultation(&listing.consultation.id))) }
                }
            }
            h2 { "Gesloten inspraakronden" }
            @if other.is_empty() {
                p { "Er zijn nog geen gesloten inspraakronden." }
            } @else {
                ul class="card-list" {
                    @for listing in &other { (card(listing, now, &paths::consultation(&listing.consultation.id))) }
                }
            }
            @if !councils.is_empty() {
                h2 { "Volg de inspraakronden" }
                p { "Wilt u nieuwe inspraakronden vanzelf zien? Volg ze met een feedlezer. De lijst is ook open data, voor wie de gegevens wil gebruiken." }
                ul {
                    @for (name, slug) in &councils {
                        li {
                            (name) ": "
                            a href=(paths::council_feed_atom(slug)) type="application/atom+xml" { "feed (Atom)" }
                            " · "
                            a href=(paths::council_feed_json(slug)) type="application/json" { "open data (JSON)" }
                        }
                    }
                }
            }
        },
    )
}

/// What the consultation page shows besides the consultation itself.
pub struct Sections<'a> {
    /// The griffie's link to manage it.
    pub manage: bool,
    /// The link to write the nota van beantwoording.
    pub writes_answers: bool,
    /// When the newest nota was published, if there is one.
    pub answered_at: Option<NaiveDateTime>,
    pub outcomes: &'a [PointOutcome],
    /// Every move of the deadline while the round was open, oldest first.
    pub deadline_moves: &'a [DeadlineMove],
    pub reactions: Markup,
}

/// One consultation.
pub fn detail(
    chrome: &Chrome,
    listing: &ConsultationListing,
    points: &[DecisionPoint],
    now: NaiveDateTime,
    message: Option<&str>,
    sections: &Sections<'_>,
) -> Markup {
    let consultation = &listing.consultation;
    let state = consultation.state_at(now);
    let chrome = Chrome {
        description: (!consultation.summary.trim().is_empty())
            .then(|| consultation.summary.clone()),
        ..chrome.clone()
    };
    layout(
        &chrome,
        &consultation.title,
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Inspraakronden", paths::CONSULTATIONS), (&consultation.title, "")]))
            (notice(message))
            h1 { (consultation.title) }
            p { (state_badge(state)) }
            @if sections.manage || sections.writes_answers {
                p class="actions" {
                    @if sections.manage {
                        a class="button button--secondary" href=(paths::manage_consultation(&consultation.id)) { "Beheren als griffie" }
                    }
                    @if sections.writes_answers {
                        " "
                        a class="button button--secondary" href=(paths::answer_desk(&consultation.id)) { "Nota van beantwoording schrijven" }
                    }
                }
            }
            p class="lead" { (consultation.summary) }
            dl class="summary-list" {
                dt { "Gemeente" } dd { (listing.council.name) }
                dt { "Commissie" } dd { (listing.committee.name) }
                dt { "Vergadering" }
                dd {
                    (moment(consultation.meeting_at))
                    @if state.is_public() {
                        " "
                        a href=(feeds::meeting_path(&listing.council.slug, &listing.committee.id, consultation.meeting_at)) type="text/calendar" { "Zet in uw agenda" }
                    }
                }
                dt { @if state == ConsultationState::Open { "Reageren kan tot" } @else { "Sluitingsdatum" } }
                dd {
                    (moment(consultation.deadline_at))
                    @for moved in sections.deadline_moves {
                        br;
                        span class="meta" { (deadline_move_sentence(moved.previous_deadline_at, moved.new_deadline_at, moved.changed_at)) }
                    }
                }
                dt { "Versie beleidsnotitie" } dd { (consultation.policy_version) }
                @if let Some(url) = &consultation.document_url {
                    dt { "Officieel document" }
                    dd { a href=(url) rel="noopener noreferrer" { "Lees de beleidsnotitie op de website van de gemeente" } }
                }
            }
            @match state {
                ConsultationState::Open => p class="notice" { "U kunt reageren tot " (moment(consultation.deadline_at)) "." },
                ConsultationState::Closed | ConsultationState::Archived => p class="notice" { "Deze inspraakronde is gesloten. U kunt niet meer reageren." },
                ConsultationState::Concept => p class="notice" { "Dit is een concept. Alleen de griffie kan het zien." },
            }
            @if sections.answered_at.is_some() || !sections.outcomes.is_empty() {
                section class="outcome" aria-labelledby="uitkomst" {
                    h2 id="uitkomst" { "Wat er met de reacties is gebeurd" }
                    @if let Some(at) = sections.answered_at {
                        p { "De gemeente heeft op elke reactie geantwoord in de nota van beantwoording." }
                        (answers::note_link(&consultation.id, at))
                    }
                    @if !sections.outcomes.is_empty() {
                        h3 { "Besluit van de raad" }
                        (answers::outcomes_list(sections.outcomes))
                    }
                }
            }
            h2 { "Beslispunten" }
            p { "Hierover neemt de commissie een besluit." }
            (decision_points(points))
            h2 { "De beleidsnotitie" }
            div class="prose" { (markdown::render(&consultation.body_markdown)) }
            (sections.reactions)
        },
    )
}

/// The beslispunten under an `h2`, each with its own `h3`.
pub fn decision_points(points: &[DecisionPoint]) -> Markup {
    html! {
        ol class="decision-points" {
            @for point in points {
                li {
                    h3 { "Beslispunt " (point.number) ": " (point.title) }
                    p { (point.body) }
                }
            }
        }
    }
}

/// The beslispunten where a heading would break the page outline (inside a form's
/// fieldset, which has a legend and no `h2`).
pub fn decision_points_without_headings(points: &[DecisionPoint]) -> Markup {
    html! {
        ol class="decision-points" {
            @for point in points {
                li {
                    p class="decision-points__title" { "Beslispunt " (point.number) ": " (point.title) }
                    p { (point.body) }
                }
            }
        }
    }
}
