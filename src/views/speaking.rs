//! Inspreekverzoeken: the request form and the griffie's list of speakers.

use maud::{Markup, html};

use super::consultations::moment;
use super::form::{Field, Kind, csrf_field, error_summary, select};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::consultations::{ConsultationListing, DecisionPoint};
use crate::db::reactions::Reaction;
use crate::db::speaking::SpeakingRequest;
use crate::domain::speaking::{RequestState, SpeakingInput, SpeakingRules};
use crate::domain::validation::FieldErrors;
use crate::domain::words::plural;
use crate::paths;

fn point_options(points: &[DecisionPoint]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Over de hele notitie".to_owned()))
        .chain(
            points
                .iter()
                .map(|p| (p.id.to_string(), format!("{}. {}", p.number, p.title))),
        )
        .collect()
}

pub struct RequestPage<'a> {
    pub listing: &'a ConsultationListing,
    pub reaction: &'a Reaction,
    pub points: &'a [DecisionPoint],
    pub rules: SpeakingRules,
    pub input: &'a SpeakingInput,
    pub errors: &'a FieldErrors,
}

pub fn request_form(chrome: &Chrome, page: RequestPage<'_>) -> Markup {
    let RequestPage {
        listing,
        reaction,
        points,
        rules,
        input,
        errors,
    } = page;
    let back = paths::reaction(&reaction.id);
    let closes = rules.registration_closes(listing.consultation.meeting_at);
    layout(
        chrome,
        "Aanmelden om in te spreken",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&reaction.title, &back), ("Inspreken", "")]))
            h1 { "Aanmelden om in te spreken" }
            p class="lead" { "U mag in de vergadering van de " (listing.committee.name) " vertellen wat u van de notitie vindt. De vergadering is op " (moment(listing.consultation.meeting_at)) "." }
            ul {
                li { "Aanmelden kan tot " (moment(closes)) "." }
                li { "Iedere spreker krijgt " (plural(rules.minutes_per_speaker, "minuut", "minuten")) ". Melden zich veel mensen aan, dan verdeelt de griffie samen " (plural(rules.total_minutes, "minuut", "minuten")) " eerlijk." }
                li { "De griffie laat u per e-mail weten of u mag inspreken en hoeveel tijd u krijgt." }
            }
            (error_summary(errors))
            form method="post" action=(paths::reaction_speaking(&reaction.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("speaker_name", "Naam van wie inspreekt", &input.speaker_name).autocomplete("name").render(errors))
                (Field::new("on_behalf", "Namens wie spreekt u", &input.on_behalf).hint("Bijvoorbeeld de naam van uw organisatie, of: mijzelf.").render(errors))
                (Field::new("contact_email", "E-mailadres voor het antwoord van de griffie", &input.contact_email).kind(Kind::Email).autocomplete("email")
                    .hint("Dit adres is niet openbaar.").render(errors))
                (select("decision_point", "decision_point", "Over welk beslispunt wilt u spreken", &point_options(points), &input.decision_point, errors))
                (Field::new("written_text", "Wat u gaat zeggen", &input.written_text).kind(Kind::TextArea { rows: 8 }).optional()
                    .hint("Als u dat wilt: de tekst van uw inspreekbijdrage. De raadsleden krijgen die vooraf.").render(errors))
                div class="button-row" { button type="submit" class="button" { "Aanmelden" } a href=(back) { "Annuleren" } }
            }
        },
    )
}

/// The requests of a reaction, for its writers.
pub fn my_requests(requests: &[SpeakingRequest]) -> Markup {
    html! {
        @if !requests.is_empty() {
            h2 { "Inspreken" }
            ul {
                @for request in requests {
                    li {
                        (request.speaker_name) ": " strong { (request.state().label()) }
                        @if let Some(minutes) = request.announced_minutes { ", " (plural(minutes, "minuut", "minuten")) " spreektijd" }
                        @if let Some(reason) = &request.decision_reason { ". Reden: " (reason) }
                    }
                }
            }
        }
    }
}

pub struct SpeakersPage<'a> {
    pub listing: &'a ConsultationListing,
    pub points: &'a [DecisionPoint],
    pub rules: SpeakingRules,
    /// Each request with the submission number of its reaction.
    pub requests: &'a [(SpeakingRequest, String)],
    pub errors: &'a FieldErrors,
    pub message: Option<&'a str>,
}

pub fn speakers(chrome: &Chrome, page: SpeakersPage<'_>) -> Markup {
    let SpeakersPage {
        listing,
        points,
        rules,
        requests,
        errors,
        message,
    } = page;
    let manage = paths::manage_consultation(&listing.consultation.id);
    let accepted = requests
        .iter()
        .filter(|(r, _)| r.state() == RequestState::Accepted)
        .count();
    layout(
        chrome,
        "Sprekerslijst",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), (&listing.consultation.title, &manage), ("Sprekerslijst", "")]))
            h1 { "Sprekerslijst" }
            (notice(message))
            (error_summary(errors))
            p { "Vergadering: " (moment(listing.consultation.meeting_at)) ". Aanmelden kan tot " (moment(rules.registration_closes(listing.consultation.meeting_at))) "." }
            p { (plural(accepted, "geaccepteerde spreker", "geaccepteerde sprekers")) ", elk " (plural(rules.minutes_each(accepted), "minuut", "minuten")) " (regel: " (plural(rules.minutes_per_speaker, "minuut", "minuten")) " per spreker, samen hoogstens " (plural(rules.total_minutes, "minuut", "minuten")) ")." }
            @if requests.is_empty() {
                p { "Nog geen aanmeldingen." }
            }
            ol class="decision-points" {
                @for (index, (request, number)) in requests.iter().enumerate() {
                    @let n = index + 1;
                    li {
                        h2 { (request.speaker_name) " namens " (request.on_behalf) }
                        dl class="summary-list" {
                            dt { "Status" } dd { (request.state().label()) @if let Some(minutes) = request.announced_minutes { ", " (plural(minutes, "minuut", "minuten")) } }
                            dt { "Bij reactie" } dd { a href=(paths::reaction(&request.reaction_id)) { (number) } }
                            dt { "Beslispunt" } dd { (request.decision_point_id.as_ref().and_then(|id| points.iter().find(|p| &p.id == id)).map_or("De hele notitie".to_owned(), |p| format!("{}. {}", p.number, p.title))) }
                            dt { "Contact" } dd { (request.contact_email) }
                            dt { "Aangemeld op" } dd { (moment(request.created_at)) }
                            @if let Some(reason) = &request.decision_reason { dt { "Reden" } dd { (reason) } }
                        }
                        @if !request.written_text.is_empty() {
                            details { summary { "Tekst van de bijdrage" } p { (request.written_text) } }
                        }
                        form method="post" action=(paths::speaking_decision(&request.id)) novalidate {
                            (csrf_field(&chrome.csrf))
                            input type="hidden" name="row" value=(n);
                            (Field::new(&format!("reason_{n}"), &format!("Reden (nodig bij afwijzen) voor {}", request.speaker_name), "").name("reason").optional().render(errors))
                            div class="button-row" {
                                @if request.state() != RequestState::Accepted {
                                    button type="submit" name="decision" value="accept" class="button" { "Accepteren" span class="visually-hidden" { ": " (request.speaker_name) } }
                                }
                                @if request.state() != RequestState::Declined {
                                    button type="submit" name="decision" value="decline" class="button button--secondary" { "Afwijzen" span class="visually-hidden" { ": " (request.speaker_name) } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
