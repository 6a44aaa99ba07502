//! The griffie's screens: consultations of their councils, the consultation form,
//! and committees with their members.

use chrono::NaiveDateTime;
use maud::{Markup, html};

use super::consultations::{decision_points, decision_points_without_headings, state_badge};
use super::form::{Field, Kind, csrf_field, error_summary, select};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::consultations::{ConsultationListing, DecisionPoint};
use crate::db::councils::{Committee, CommitteeMember, Council};
use crate::domain::consultation::{ConsultationInput, ConsultationState};
use crate::domain::id::ConsultationId;
use crate::domain::receipt;
use crate::domain::time::long_date_time;
use crate::domain::validation::FieldErrors;
use crate::domain::words::plural;
use crate::paths;

pub fn dashboard(
    chrome: &Chrome,
    councils: &[Council],
    listings: &[ConsultationListing],
    now: NaiveDateTime,
    message: Option<&str>,
) -> Markup {
    layout(
        chrome,
        "Griffie",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE)]))
            h1 { "Griffie" }
            (notice(message))
            @if councils.is_empty() {
                p { "U werkt nog niet voor de griffie van een gemeente. Vraag de beheerder om u die rol te geven." }
            }
            @for council in councils {
                section aria-labelledby={ "council-" (council.slug) } {
                    h2 id={ "council-" (council.slug) } { (council.name) }
                    p class="actions" {
                        a class="button" href=(paths::new_consultation(&council.slug)) { "Nieuwe inspraakronde" }
                        a class="button button--secondary" href=(paths::committees(&council.slug)) { "Commissies" }
                        a class="button button--secondary" href=(paths::districts(&council.slug)) { "Wijken en postcodes" }
                    }
                    @let own: Vec<_> = listings.iter().filter(|l| l.council.id == council.id).collect();
                    @if own.is_empty() {
                        p { "Nog geen inspraakronden." }
                    } @else {
                        div class="table-wrapper" {
                            table class="data-table data-table--stack" {
                                caption { "Inspraakronden van " (council.name) }
                                thead { tr { th scope="col" { "Titel" } th scope="col" { "Status" } th scope="col" { "Commissie" } th scope="col" { "Sluitingsdatum" } } }
                                tbody {
                                    @for listing in own {
                                        tr {
                                            td { a href=(paths::manage_consultation(&listing.consultation.id)) { (listing.consultation.title) } }
                                            td data-label="Status" { (state_badge(listing.consultation.state_at(now))) }
                                            td data-label="Commissie" { (listing.committee.name) }
                                            td data-label="Sluitingsdatum" { (long_date_time(listing.consultation.deadline_at)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Whether the form creates a consultation or edits one.
pub enum FormMode<'a> {
    New,
    Edit {
        id: &'a ConsultationId,
        points: Option<&'a [DecisionPoint]>,
        /// Set when the clerk typed an earlier deadline for an open round: asked to confirm.
        shortening: Option<Shortening>,
    },
}

/// An open round's deadline moved forward, as the clerk is asked to confirm it.
pub struct Shortening {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    /// Drafts whose writers will be mailed.
    pub drafts: i64,
}

pub fn consultation_form(
    chrome: &Chrome,
    council: &Council,
    committees: &[Committee],
    input: &ConsultationInput,
    errors: &FieldErrors,
    mode: FormMode<'_>,
) -> Markup {
    let (title, action) = match &mode {
        FormMode::New => (
            "Nieuwe inspraakronde".to_owned(),
            paths::council_consultations(&council.slug),
        ),
        FormMode::Edit { id, .. } => (
            "Inspraakronde bewerken".to_owned(),
            paths::manage_consultation_edit(id),
        ),
    };
    let fixed_points = match &mode {
        FormMode::Edit {
            points: Some(points),
            ..
        } => Some(*points),
        _ => None,
    };
    let committee_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Kies een commissie".to_owned()))
            .chain(
                committees
                    .iter()
                    .map(|c| (c.id.to_string(), c.name.clone())),
            )
            .collect();
    let rows = input.point_title.len().max(input.point_body.len()).max(1);
    layout(
        chrome,
        &title,
        Some(&council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), (&title, "")]))
            h1 { (title) }
            p class="lead" { "Een inspraakronde gaat over één beleidsnotitie. Inwoners en organisaties kunnen reageren tot de sluitingsdatum." }
            (error_summary(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(&chrome.csrf))
                @if let FormMode::Edit { shortening: Some(shortening), .. } = &mode {
                    div class="warning-text" id="vervroegen" tabindex="-1" autofocus {
                        h2 { "Sluitingsdatum vervroegen?" }
                        p { "U vervroegt de sluitingsdatum van " (long_date_time(shortening.from)) " naar " strong { (long_date_time(shortening.to)) } "." }
                        ul {
                            li { "Na de nieuwe sluitingsdatum kan niemand meer reageren of een concept indienen." }
                            @if shortening.drafts == 0 {
                                li { "Er zijn nu geen concepten van reacties." }
                            } @else {
                                li { "De schrijvers van " (plural(shortening.drafts, "concept", "concepten")) " krijgen meteen een e-mail met de nieuwe sluitingsdatum." }
                            }
                        }
                        div class="button-row" {
                            button type="submit" name="action" value="shorten" class="button" { "Ja, vervroeg de sluitingsdatum" }
                        }
                        p { "Wilt u dit niet? Pas hieronder de sluitingsdatum aan en kies Wijzigingen opslaan." }
                    }
                }
                fieldset class="fieldset" {
                    legend { "De beleidsnotitie" }
                    (Field::new("title", "Titel", &input.title).hint("Bijvoorbeeld: Beleidsnotitie Ontmoetingsplekken.").render(errors))
                    (Field::new("summary", "Korte samenvatting", &input.summary).kind(Kind::TextArea { rows: 3 })
                        .hint("Twee of drie zinnen in gewone taal. Deze tekst staat in de lijst van inspraakronden.").render(errors))
                    (Field::new("body_markdown", "Tekst van de beleidsnotitie", &input.body_markdown).kind(Kind::TextArea { rows: 12 })
                        .hint("U kunt Markdown gebruiken: **vet**, *schuin*, een lege regel voor een nieuwe alinea, # voor een kop en - voor een opsomming.").render(errors))
                    (Field::new("document_url", "Link naar het officiële document", &input.document_url).kind(Kind::Url).optional()
                        .hint("Bijvoorbeeld de pagina in het raadsinformatiesysteem, beginnend met https://.").render(errors))
                    (Field::new("policy_version", "Versie", &input.policy_version).hint("Bijvoorbeeld 1.0 of: raadsvoorstel 12 november.").render(errors))
                }
                fieldset class="fieldset" {
                    legend { "Vergadering en sluitingsdatum" }
                    (select("committee_id", "committee_id", "Commissie", &committee_options, &input.committee_id, errors))
                    (Field::new("meeting_date", "Datum van de vergadering", &input.meeting_date).kind(Kind::Date).hint("Bijvoorbeeld 10-12-2026.").render(errors))
                    (Field::new("meeting_time", "Begintijd van de vergadering", &input.meeting_time).kind(Kind::Time).hint("Bijvoorbeeld 19:30.").render(errors))
                    (Field::new("deadline_date", "Sluitingsdatum voor reacties", &input.deadline_date).kind(Kind::Date).hint("Na deze dag en tijd kan niemand meer reageren.").render(errors))
                    (Field::new("deadline_time", "Tijd van sluiting", &input.deadline_time).kind(Kind::Time).hint("Bijvoorbeeld 12:00.").render(errors))
                }
                fieldset class="fieldset" {
                    legend { "Steunbetuigingen" }
                    div class="form-field form-choice" {
                        input type="checkbox" id="allow_anonymous" name="allow_anonymous" value="1" checked[input.allow_anonymous.as_deref() == Some("1")];
                        label for="allow_anonymous" { "Inwoners mogen standpunten anoniem steunen (zonder naam)" }
                    }
                }
                fieldset class="fieldset" {
                    legend { "Discussie" }
                    div class="form-field form-choice" {
                        input type="checkbox" id="pre_moderation" name="pre_moderation" value="1" checked[input.pre_moderation.as_deref() == Some("1")];
                        label for="pre_moderation" { "Een moderator keurt elk bericht goed voordat het verschijnt (voormoderatie)" }
                    }
                    div class="form-field form-choice" {
                        input type="checkbox" id="guest_posts" name="guest_posts" value="1" checked[input.guest_posts.as_deref() == Some("1")];
                        label for="guest_posts" { "Inwoners zonder account mogen meepraten nadat zij hun e-mailadres hebben bevestigd" }
                    }
                }
                fieldset class="fieldset" {
                    legend { "Beslispunten" }
                    @if let Some(points) = fixed_points {
                        p { "De inspraakronde is open. De beslispunten liggen daarom vast." }
                        (decision_points_without_headings(points))
                    } @else {
                        p class="form-hint" { "Vul minstens één beslispunt in. Elk beslispunt krijgt een nummer. Laat een rij leeg om hem weg te laten." }
                        @for index in 0..rows {
                            @let number = index + 1;
                            @let title_id = format!("point_title_{number}");
                            @let body_id = format!("point_body_{number}");
                            @let title_label = format!("Titel van beslispunt {number}");
                            @let body_label = format!("Tekst van beslispunt {number}");
                            @let title_field = Field::new(&title_id, &title_label, input.point_title.get(index).map_or("", String::as_str)).name("point_title");
                            @let body_field = Field::new(&body_id, &body_label, input.point_body.get(index).map_or("", String::as_str)).name("point_body").kind(Kind::TextArea { rows: 3 });
                            // At least one beslispunt is needed: the first row is not optional.
                            div class="fieldset__row" {
                                @if number == 1 {
                                    (title_field.render(errors))
                                    (body_field.render(errors))
                                } @else {
                                    (title_field.optional().render(errors))
                                    (body_field.optional().render(errors))
                                }
                            }
                        }
                        div class="button-row" {
                            button type="submit" name="action" value="add_point" class="button button--secondary" { "Nog een beslispunt toevoegen" }
                        }
                    }
                }
                div class="button-row" {
                    button type="submit" name="action" value="save" class="button" {
                        @match mode { FormMode::New => "Opslaan als concept", FormMode::Edit { .. } => "Wijzigingen opslaan" }
                    }
                    a href=(paths::GRIFFIE) { "Annuleren" }
                }
            }
        },
    )
}

/// The griffie's page of one consultation: its state and what can be done next.
pub fn manage(
    chrome: &Chrome,
    listing: &ConsultationListing,
    points: &[DecisionPoint],
    now: NaiveDateTime,
    message: Option<&str>,
    problem: Option<&str>,
) -> Markup {
    let consultation = &listing.consultation;
    let state = consultation.state_at(now);
    layout(
        chrome,
        &consultation.title,
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), (&consultation.title, "")]))
            (notice(message))
            @if let Some(problem) = problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus {
                    h2 class="error-summary__title" { "Dit kan niet" }
                    p { (problem) }
                }
            }
            h1 { (consultation.title) }
            p { (state_badge(state)) }
            dl class="summary-list" {
                dt { "Commissie" } dd { (listing.committee.name) }
                dt { "Vergadering" } dd { (long_date_time(consultation.meeting_at)) }
                dt { "Sluitingsdatum" } dd { (long_date_time(consultation.deadline_at)) }
                dt { "Versie" } dd { (consultation.policy_version) }
                @if let Some(prefix) = &consultation.receipt_prefix {
                    dt { "Ontvangstnummers" } dd { (receipt::number(prefix, 1)) ", " (receipt::number(prefix, 2)) " enzovoort" }
                }
            }
            div class="actions" {
                @if state.check_editable().is_ok() {
                    a class="button button--secondary" href=(paths::manage_consultation_edit(&consultation.id)) { "Bewerken" }
                }
                @if state == ConsultationState::Concept {
                    a class="button" href=(paths::manage_consultation_open(&consultation.id)) { "Openzetten voor reacties" }
                }
                @if state == ConsultationState::Closed {
                    a class="button button--secondary" href=(paths::manage_consultation_archive(&consultation.id)) { "Archiveren" }
                }
                @if state.is_public() {
                    a href=(paths::consultation(&consultation.id)) { "Bekijk de openbare pagina" }
                }
                @if state.is_public() {
                    a href=(paths::speakers(&consultation.id)) { "Sprekerslijst" }
                    a href=(paths::support_review(&consultation.id)) { "Steunbetuigingen" }
                    a href=(paths::incoming_documents(&consultation.id)) { "Lijst ingekomen stukken" }
                    a href=(paths::consultation_downloads(&consultation.id)) { "Downloads en agendabundel" }
                }
                @if matches!(state, ConsultationState::Closed | ConsultationState::Archived) {
                    a href=(paths::answer_desk(&consultation.id)) { "Nota van beantwoording" }
                    a href=(paths::council_decision(&consultation.id)) { "Besluit van de raad" }
                }
            }
            @match state {
                ConsultationState::Concept => p { "Alleen de griffie ziet dit concept. Na het openzetten kan iedereen het lezen en reageren tot de sluitingsdatum." },
                ConsultationState::Open => p { "Iedereen kan reageren tot de sluitingsdatum. Daarna sluit de inspraakronde vanzelf." },
                ConsultationState::Closed => p { "De sluitingsdatum is voorbij. Schrijf nu de nota van beantwoording. Na de vergadering legt u het besluit vast en kunt u de inspraakronde archiveren." },
                ConsultationState::Archived => p { "Deze inspraakronde is gearchiveerd." },
            }
            h2 { "Beslispunten" }
            (decision_points(points))
        },
    )
}

/// "Check before you act" before a round opens: what happens, and the code of its
/// receipt numbers (proposed from the title, confirmed by the clerk).
pub fn confirm_open(
    chrome: &Chrome,
    listing: &ConsultationListing,
    code: &str,
    errors: &FieldErrors,
    now: NaiveDateTime,
) -> Markup {
    let consultation = &listing.consultation;
    let manage = paths::manage_consultation(&consultation.id);
    let example = receipt::number(
        &receipt::prefix(
            &listing.council.code,
            now,
            &code.trim().to_ascii_uppercase(),
        ),
        1,
    );
    let hint = format!(
        "2 tot 12 letters of cijfers. Het eerste ontvangstnummer wordt dan {example}. Na het openzetten ligt de code vast."
    );
    layout(
        chrome,
        "Inspraakronde openzetten",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), (&consultation.title, &manage), ("Openzetten", "")]))
            (error_summary(errors))
            h1 { "Inspraakronde openzetten?" }
            dl class="summary-list" {
                dt { "Inspraakronde" } dd { (consultation.title) }
                dt { "Commissie" } dd { (listing.committee.name) }
                dt { "Sluitingsdatum" } dd { (long_date_time(consultation.deadline_at)) }
                dt { "Vergadering" } dd { (long_date_time(consultation.meeting_at)) }
            }
            div class="warning-text" {
                h2 { "Wat er gebeurt" }
                ul {
                    li { "Iedereen kan de inspraakronde lezen en reageren tot de sluitingsdatum." }
                    li { "De griffie krijgt een e-mail op " (listing.committee.clerk_email) "." }
                    li { "De leden van " (listing.committee.name) " lezen het in hun dagelijkse overzicht." }
                    li { "De beslispunten liggen daarna vast. Een concept kunt u nog helemaal wijzigen." }
                }
            }
            form method="post" action=(paths::manage_consultation_open(&consultation.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("code", "Code in de ontvangstnummers", code).hint(&hint).autocomplete("off").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Ja, zet de inspraakronde open" }
                    a href=(manage) { "Nee, terug" }
                }
            }
        },
    )
}

/// "Check before you act" before archiving: the retention clock starts.
pub fn confirm_archive(chrome: &Chrome, listing: &ConsultationListing) -> Markup {
    let consultation = &listing.consultation;
    let manage = paths::manage_consultation(&consultation.id);
    layout(
        chrome,
        "Inspraakronde archiveren",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), (&consultation.title, &manage), ("Archiveren", "")]))
            h1 { "Inspraakronde archiveren?" }
            p { "U archiveert «" (consultation.title) "»." }
            div class="warning-text" {
                h2 { "Wat er gebeurt" }
                ul {
                    li { "De inspraakronde en alle reacties blijven openbaar te lezen." }
                    li { "De e-mailadressen van wie steunde, wissen wij " (plural(listing.council.retention_days, "dag", "dagen")) " na het archiveren, of na het publiceren van de nota van beantwoording als dat later is." }
                    li { "Archiveren kunt u niet ongedaan maken." }
                }
            }
            form method="post" action=(paths::manage_consultation_archive(&consultation.id)) {
                (csrf_field(&chrome.csrf))
                div class="button-row" {
                    button type="submit" class="button" { "Ja, archiveer de inspraakronde" }
                    a href=(manage) { "Nee, terug" }
                }
            }
        },
    )
}

pub fn committees(
    chrome: &Chrome,
    council: &Council,
    committees: &[Committee],
    input: &crate::domain::council::CommitteeInput,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Markup {
    layout(
        chrome,
        "Commissies",
        Some(&council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), ("Commissies", "")]))
            h1 { "Commissies van " (council.name) }
            (notice(message))
            @if committees.is_empty() {
                p { "Er zijn nog geen commissies." }
            } @else {
                ul class="card-list" {
                    @for committee in committees {
                        li class="card" {
                            h2 class="card__title" { a href=(paths::committee(&committee.id)) { (committee.name) } }
                            p class="card__meta" { "Griffie: " (committee.clerk_email) }
                        }
                    }
                }
            }
            h2 { "Nieuwe commissie" }
            (error_summary(errors))
            form method="post" action=(paths::committees(&council.slug)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("name", "Naam van de commissie", &input.name).hint("Bijvoorbeeld: Commissie Samenleving.").render(errors))
                (Field::new("clerk_email", "E-mailadres van de griffie", &input.clerk_email).kind(Kind::Email)
                    .hint("Hier komen de berichten over nieuwe reacties binnen.").render(errors))
                div class="button-row" { button type="submit" class="button" { "Commissie toevoegen" } }
            }
        },
    )
}

pub struct CommitteePage<'a> {
    pub council: &'a Council,
    pub committee: &'a Committee,
    pub members: &'a [CommitteeMember],
    pub committee_input: &'a crate::domain::council::CommitteeInput,
    pub member_input: &'a crate::domain::council::CommitteeMemberInput,
    pub errors: &'a FieldErrors,
    pub message: Option<&'a str>,
}

pub fn committee(chrome: &Chrome, page: CommitteePage<'_>) -> Markup {
    let CommitteePage {
        council,
        committee,
        members,
        committee_input,
        member_input,
        errors,
        message,
    } = page;
    let back = paths::committees(&council.slug);
    layout(
        chrome,
        &committee.name,
        Some(&council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), ("Commissies", &back), (&committee.name, "")]))
            h1 { (committee.name) }
            (notice(message))
            (error_summary(errors))
            h2 { "Leden die berichten krijgen" }
            @if members.is_empty() {
                p { "Nog geen leden." }
            } @else {
                div class="table-wrapper" {
                    table class="data-table data-table--stack" {
                        caption { "Leden van " (committee.name) }
                        thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mailadres" } th scope="col" { span class="visually-hidden" { "Acties" } } } }
                        tbody {
                            @for member in members {
                                tr {
                                    td { (member.name) }
                                    td data-label="E-mailadres" { (member.email) }
                                    td {
                                        form class="inline-form" method="post" action=(paths::committee_member_remove(&committee.id, &member.id)) {
                                            (csrf_field(&chrome.csrf))
                                            button type="submit" class="button button--secondary" { "Verwijderen" span class="visually-hidden" { " " (member.name) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 { "Lid toevoegen" }
            form method="post" action=(paths::committee_members(&committee.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("member_name", "Naam", &member_input.name).name("name").autocomplete("off").render(errors))
                (Field::new("member_email", "E-mailadres", &member_input.email).name("email").kind(Kind::Email).autocomplete("off").render(errors))
                div class="button-row" { button type="submit" class="button" { "Lid toevoegen" } }
            }
            h2 { "Gegevens van de commissie" }
            form method="post" action=(paths::committee(&committee.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("name", "Naam van de commissie", &committee_input.name).render(errors))
                (Field::new("clerk_email", "E-mailadres van de griffie", &committee_input.clerk_email).kind(Kind::Email).render(errors))
                div class="button-row" { button type="submit" class="button" { "Opslaan" } }
            }
        },
    )
}
