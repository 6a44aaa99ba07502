//! The download list of a consultation and the clerk's list of incoming documents.

use maud::{Markup, html};

use super::consultations::moment;
use super::form::{csrf_field, error_summary};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::consultations::ConsultationListing;
use crate::db::exports::HandlingListing;
use crate::domain::export::{
    Edition, Handling, HandlingInput, Level, PERSONAL_DATA_NOTICE, download_name,
};
use crate::domain::validation::FieldErrors;
use crate::export::{File, json};
use crate::paths;

fn file_list(base: &str) -> Markup {
    html! {
        ul class="downloads" {
            @for file in File::ALL {
                li {
                    a href={ (base) (file.name()) } download { (file.label()) }
                    @if file.is_csv() {
                        " · " a href={ (base) (file.name()) "?scheiding=puntkomma" } download { "met puntkomma's (Nederlandse Excel)" span class="visually-hidden" { ": " (file.label()) } }
                    }
                }
            }
        }
    }
}

pub fn downloads(
    chrome: &Chrome,
    listing: &ConsultationListing,
    edition: Edition,
    full: bool,
) -> Markup {
    let consultation = &listing.consultation;
    let back = paths::consultation(&consultation.id);
    layout(
        chrome,
        "Downloads",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&consultation.title, &back), ("Downloads", "")]))
            h1 { "Downloads" }
            p class="lead" { "Alles wat inwoners en organisaties bij deze inspraakronde hebben ingediend, precies zoals het is ontvangen, met dezelfde controlegetallen (SHA-256) als op de ontvangstbevestigingen." }
            @match edition {
                Edition::Interim => p class="notice" { "De inspraakronde loopt nog. De bestanden zijn een tussenstand: wat er nu is ingediend." },
                Edition::Final => p class="notice" { "De inspraakronde is gesloten. De bestanden zijn definitief en veranderen niet meer." },
            }
            h2 { "Openbare versie" }
            p { "Namen van inwoners staan er alleen in als zij daarvoor kozen; anders staat er \u{201c}indiener\u{201d} met een nummer. E-mailadressen en postcodes staan er nooit in. Een steunbetuiging betekent dat iemand een e-mailadres heeft bevestigd; het is geen bewijs van identiteit." }
            p { "De naam van elk bestand eindigt op " strong { "-openbaar" } ", bijvoorbeeld " code { (download_name(&consultation.title, File::Workbook.name(), Level::Public, edition)) } "." }
            (file_list(&paths::consultation_export_base(&consultation.id, false)))
            @if full {
                h2 { "Volledige versie (niet openbaar)" }
                p { "Voor de griffie en de raadsleden: met de namen van alle indieners en insprekers. Deel deze bestanden niet buiten de raad en publiceer ze niet." }
                p { "Zo herkent u een bestand van de volledige versie:" }
                ul {
                    li { "De naam eindigt op " strong { "-volledig" } ", bijvoorbeeld " code { (download_name(&consultation.title, File::Workbook.name(), Level::Full, edition)) } "." }
                    li { "Bovenaan staat: \u{201c}" (PERSONAL_DATA_NOTICE) "\u{201d} In de PDF staat dat op het voorblad, in een spreadsheet in de eerste rij van elk blad, in JSON in het veld " code { "notice" } "." }
                    li { "In een CSV-bestand is die waarschuwing de eerste regel. De kolomnamen staan op de tweede regel. Leest een ander programma het bestand in, laat het dan de eerste regel overslaan." }
                }
                (file_list(&paths::consultation_export_base(&consultation.id, true)))
            }
            h2 { "Voor andere systemen" }
            p { "Het JSON-bestand volgt een vast, genummerd schema: " a href=(json::SCHEMA_PATH) { "JSON Schema versie 1" } "." }
        },
    )
}

fn handling_options(selected: &str) -> Markup {
    html! {
        option value="" selected[selected.is_empty()] { "Nog niet gekozen" }
        @for handling in Handling::ALL {
            option value=(handling.as_str()) selected[selected == handling.as_str()] { (handling.label()) }
        }
    }
}

pub fn handling_form(
    chrome: &Chrome,
    listing: &ConsultationListing,
    rows: &[HandlingListing],
    input: &HandlingInput,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Markup {
    let consultation = &listing.consultation;
    let manage = paths::manage_consultation(&consultation.id);
    let value = |list: &[String], index: usize| list.get(index).cloned().unwrap_or_default();
    layout(
        chrome,
        "Lijst ingekomen stukken",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Griffie", paths::GRIFFIE), (&consultation.title, &manage), ("Lijst ingekomen stukken", "")]))
            h1 { "Lijst ingekomen stukken" }
            (notice(message))
            p { "Kies per reactie de voorgestelde afhandeling en vul het agendapunt uit het raadsinformatiesysteem in. Dat komt in de lijst ingekomen stukken en in de downloads." }
            p { a href=(paths::consultation_downloads(&consultation.id)) { "Naar de downloads" } }
            (error_summary(errors))
            @if rows.is_empty() {
                p { "Er zijn nog geen reacties ingediend." }
            } @else {
                form method="post" action=(paths::incoming_documents(&consultation.id)) novalidate {
                    (csrf_field(&chrome.csrf))
                    div class="table-wrapper" {
                        table class="data-table data-table--stack" {
                            caption class="visually-hidden" { "Ingediende reacties met hun afhandeling" }
                            thead { tr { th scope="col" { "Nr." } th scope="col" { "Ontvangen" } th scope="col" { "Afzender" } th scope="col" { "Onderwerp" } th scope="col" { "Afhandeling" } th scope="col" { "Agendapunt" } } }
                            tbody {
                                @for (index, row) in rows.iter().enumerate() {
                                    @let n = index + 1;
                                    @let handling_error = errors.get(&format!("handling_{n}"));
                                    @let item_error = errors.get(&format!("agenda_item_{n}"));
                                    tr {
                                        td { (row.number) input type="hidden" name="reaction" value=(row.reaction_id); }
                                        td data-label="Ontvangen" { @if let Some(at) = row.submitted_at { (moment(at)) } }
                                        td data-label="Afzender" { (row.sender) }
                                        td data-label="Onderwerp" { (row.title) @if row.withdrawn { " " span class="badge badge--archived" { "Ingetrokken" } } }
                                        td data-label="Afhandeling" {
                                            label class="visually-hidden" for={ "handling_" (n) } { "Afhandeling van " (row.number) }
                                            @if let Some(message) = handling_error { p class="form-error" id={ "handling_" (n) "-error" } { (message) } }
                                            select class="form-input form-input--select" id={ "handling_" (n) } name="handling"
                                                aria-invalid=[handling_error.map(|_| "true")]
                                                aria-describedby=[handling_error.map(|_| format!("handling_{n}-error"))] {
                                                (handling_options(&value(&input.handling, index)))
                                            }
                                        }
                                        td data-label="Agendapunt" {
                                            label class="visually-hidden" for={ "agenda_item_" (n) } { "Agendapunt van " (row.number) }
                                            @if let Some(message) = item_error { p class="form-error" id={ "agenda_item_" (n) "-error" } { (message) } }
                                            input class="form-input" type="text" id={ "agenda_item_" (n) } name="agenda_item" value=(value(&input.agenda_item, index))
                                                aria-invalid=[item_error.map(|_| "true")]
                                                aria-describedby=[item_error.map(|_| format!("agenda_item_{n}-error"))];
                                        }
                                    }
                                }
                            }
                        }
                    }
                    div class="button-row" { button type="submit" class="button" { "Opslaan" } }
                }
            }
        },
    )
}
