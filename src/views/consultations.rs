//! Public pages of consultations: the list and one consultation with its beslispunten.

use chrono::NaiveDateTime;
use maud::{Markup, html};

use super::{Chrome, breadcrumbs, layout, markdown, notice};
use crate::db::consultations::{ConsultationListing, DecisionPoint};
use crate::domain::consultation::ConsultationState;
use crate::domain::time::{iso, long_date_time};

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

pub fn list(chrome: &Chrome, listings: &[ConsultationListing], now: NaiveDateTime) -> Markup {
    let (open, other): (Vec<_>, Vec<_>) = listings
        .iter()
        .partition(|l| l.consultation.state_at(now) == ConsultationState::Open);
    layout(
        chrome,
        "Inspraakronden",
        None,
        html! {
            h1 { "Inspraakronden" }
            p class="lead" { "Hier ziet u over welke plannen de gemeenteraad uw mening wil horen, en tot wanneer u kunt reageren." }
            h2 { "Open voor reacties" }
            @if open.is_empty() {
                p { "Er is nu geen inspraakronde open." }
            } @else {
                ul class="card-list" {
                    @for listing in &open { (card(listing, now, &format!("/consultaties/{}", listing.consultation.id))) }
                }
            }
            h2 { "Gesloten inspraakronden" }
            @if other.is_empty() {
                p { "Er zijn nog geen gesloten inspraakronden." }
            } @else {
                ul class="card-list" {
                    @for listing in &other { (card(listing, now, &format!("/consultaties/{}", listing.consultation.id))) }
                }
            }
        },
    )
}

/// One consultation. `manage` shows the griffie's link to edit it.
pub fn detail(
    chrome: &Chrome,
    listing: &ConsultationListing,
    points: &[DecisionPoint],
    now: NaiveDateTime,
    manage: bool,
    message: Option<&str>,
    reactions: Markup,
) -> Markup {
    let consultation = &listing.consultation;
    let state = consultation.state_at(now);
    layout(
        chrome,
        &consultation.title,
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", "/"), ("Inspraakronden", "/consultaties"), (&consultation.title, "")]))
            (notice(message))
            h1 { (consultation.title) }
            p { (state_badge(state)) }
            @if manage {
                p class="actions" {
                    a class="button button--secondary" href={ "/griffie/consultaties/" (consultation.id) } { "Beheren als griffie" }
                }
            }
            p class="lead" { (consultation.summary) }
            dl class="summary-list" {
                dt { "Gemeente" } dd { (listing.council.name) }
                dt { "Commissie" } dd { (listing.committee.name) }
                dt { "Vergadering" } dd { (moment(consultation.meeting_at)) }
                dt { @if state == ConsultationState::Open { "Reageren kan tot" } @else { "Sluitingsdatum" } }
                dd { (moment(consultation.deadline_at)) }
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
            h2 { "Beslispunten" }
            p { "Hierover neemt de commissie een besluit." }
            (decision_points(points))
            h2 { "De beleidsnotitie" }
            div class="prose" { (markdown::render(&consultation.body_markdown)) }
            (reactions)
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
