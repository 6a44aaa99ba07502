//! The deployment admin's screens: councils and who holds which role.

use maud::{Markup, html};

use super::form::{Field, Kind, csrf_field, error_summary, select};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::accounts::User;
use crate::db::councils::Council;
use crate::domain::account::CouncilRole;
use crate::domain::council::CouncilInput;
use crate::domain::id::CouncilId;
use crate::domain::validation::FieldErrors;
use crate::domain::words::plural;
use crate::paths;

pub fn overview(chrome: &Chrome, councils: &[Council], message: Option<&str>) -> Markup {
    layout(
        chrome,
        "Beheer",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Beheer", "")]))
            h1 { "Beheer" }
            (notice(message))
            h2 { "Gemeenten" }
            @if councils.is_empty() {
                p { "Er is nog geen gemeente." }
            } @else {
                ul class="card-list" {
                    @for council in councils {
                        li class="card" {
                            h3 class="card__title" { a href=(paths::admin_council(&council.id)) { (council.name) } }
                            p class="card__meta" { "Inspreken: " (plural(council.minutes_per_speaker, "minuut", "minuten")) " per spreker, " (plural(council.total_speaking_minutes, "minuut", "minuten")) " totaal. Bewaartermijn: " (plural(council.retention_days, "dag", "dagen")) "." @if council.two_factor_for_all_staff { " Tweestapsverificatie voor alle medewerkers." } }
                            p { a href=(paths::admin_council_sign_in(&council.id)) { "Inloggen via de gemeente" span class="visually-hidden" { " (" (council.name) ")" } } }
                        }
                    }
                }
            }
            p class="actions" {
                a class="button" href=(paths::NEW_COUNCIL) { "Nieuwe gemeente" }
                a class="button button--secondary" href=(paths::ADMIN_USERS) { "Gebruikers en rollen" }
            a class="button button--secondary" href=(paths::ADMIN_MAIL) { "Uitgaande mail" }
            a class="button button--secondary" href=(paths::ADMIN_HOUSE_RULES) { "Huisregels" }
            }
        },
    )
}

pub fn council_form(
    chrome: &Chrome,
    input: &CouncilInput,
    errors: &FieldErrors,
    id: Option<&CouncilId>,
) -> Markup {
    let (title, action) = match id {
        None => (
            "Nieuwe gemeente".to_owned(),
            paths::ADMIN_COUNCILS.to_owned(),
        ),
        Some(id) => ("Gemeente bewerken".to_owned(), paths::admin_council(id)),
    };
    layout(
        chrome,
        &title,
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Beheer", paths::ADMIN), (&title, "")]))
            h1 { (title) }
            (error_summary(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("name", "Naam", &input.name).hint("Bijvoorbeeld: Gemeente Lindeveld.").render(errors))
                (Field::new("slug", "Korte naam in links", &input.slug).hint("Kleine letters, cijfers en streepjes, bijvoorbeeld lindeveld.").render(errors))
                (Field::new("code", "Code voor ontvangstnummers", &input.code)
                    .hint("2 tot 12 letters of cijfers, bijvoorbeeld LDV. Elk ontvangstnummer begint ermee, zoals LDV-2026-ONT-0001. Elke gemeente heeft een eigen code.").render(errors))
                (Field::new("logo_text", "Tekst in het logo", &input.logo_text).render(errors))
                fieldset class="fieldset" {
                    legend { "Regels voor inspreken" }
                    (Field::new("speaking_deadline_hours", "Aanmelden voor inspreken kan tot zoveel uur voor de vergadering", &input.speaking_deadline_hours).kind(Kind::Number).render(errors))
                    (Field::new("minutes_per_speaker", "Minuten per spreker", &input.minutes_per_speaker).kind(Kind::Number).render(errors))
                    (Field::new("total_speaking_minutes", "Totale spreektijd per agendapunt in minuten", &input.total_speaking_minutes).kind(Kind::Number).render(errors))
                }
                (Field::new("retention_days", "Bewaartermijn van e-mailadressen in dagen", &input.retention_days).kind(Kind::Number)
                    .hint("Zoveel dagen na het archiveren van een inspraakronde wissen wij de e-mailadressen van wie steunde. Standaard 90.").render(errors))
                fieldset class="fieldset" {
                    legend { "Tweestapsverificatie" }
                    p class="form-hint" { "Griffiemedewerkers en beheerders gebruiken altijd tweestapsverificatie." }
                    div class="form-field form-choice" {
                        input type="checkbox" id="two_factor_for_all_staff" name="two_factor_for_all_staff" value="1" checked[input.two_factor_for_all_staff.as_deref() == Some("1")];
                        label for="two_factor_for_all_staff" { "Ook moderatoren en raadsleden van deze gemeente gebruiken tweestapsverificatie" }
                    }
                }
                div class="button-row" { button type="submit" class="button" { "Opslaan" } a href=(paths::ADMIN) { "Annuleren" } }
            }
        },
    )
}

/// A user found by the admin, with their roles as `(council id, council name, role)`.
pub struct UserRoles {
    pub user: User,
    pub roles: Vec<(CouncilId, String, CouncilRole)>,
}

pub fn users(
    chrome: &Chrome,
    query: &str,
    found: &[UserRoles],
    councils: &[Council],
    message: Option<&str>,
) -> Markup {
    let council_options: Vec<(String, String)> = councils
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect();
    let role_options: Vec<(String, String)> = CouncilRole::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .collect();
    let no_errors = FieldErrors::default();
    layout(
        chrome,
        "Gebruikers en rollen",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Beheer", paths::ADMIN), ("Gebruikers en rollen", "")]))
            h1 { "Gebruikers en rollen" }
            (notice(message))
            form method="get" action=(paths::ADMIN_USERS) role="search" {
                (Field::new("q", "Zoek op naam of e-mailadres", query).kind(Kind::Search).optional().render(&no_errors))
                div class="button-row" { button type="submit" class="button" { "Zoeken" } }
            }
            @if !query.is_empty() && found.is_empty() {
                p { "Geen gebruikers gevonden." }
            }
            @for (index, entry) in found.iter().enumerate() {
                section class="card" aria-labelledby={ "user-" (index) } {
                    h2 class="card__title" id={ "user-" (index) } { (entry.user.display_name) }
                    p class="card__meta" { (entry.user.email) @if entry.user.is_admin { " · beheerder" } }
                    @if entry.roles.is_empty() {
                        p { "Geen rollen: inwoner." }
                    } @else {
                        ul {
                            @for (council_id, council_name, role) in &entry.roles {
                                li {
                                    (role.label()) " bij " (council_name) " "
                                    form class="inline-form" method="post" action=(paths::admin_user_role_revoke(&entry.user.id)) {
                                        (csrf_field(&chrome.csrf))
                                        input type="hidden" name="council_id" value=(council_id);
                                        input type="hidden" name="role" value=(role.as_str());
                                        button type="submit" class="button button--secondary" { "Intrekken" span class="visually-hidden" { ": " (role.label()) " bij " (council_name) } }
                                    }
                                }
                            }
                        }
                    }
                    @if entry.user.totp_enabled_at.is_some() {
                        p { "Tweestapsverificatie staat aan. Is deze persoon telefoon en herstelcodes kwijt? Ga eerst na dat u echt met deze persoon spreekt, en zet het dan uit; deze persoon krijgt daarover een e-mail en kan het daarna zelf weer aanzetten." }
                        form method="post" action=(paths::admin_user_two_factor_off(&entry.user.id)) {
                            (csrf_field(&chrome.csrf))
                            div class="button-row" { button type="submit" class="button button--secondary" { "Tweestapsverificatie uitzetten" span class="visually-hidden" { " voor " (entry.user.display_name) } } }
                        }
                    }
                    @if !councils.is_empty() {
                        form class="role-form" method="post" action=(paths::admin_user_roles(&entry.user.id)) {
                            (csrf_field(&chrome.csrf))
                            (select(&format!("council_id_{index}"), "council_id", "Gemeente", &council_options, "", &no_errors))
                            (select(&format!("role_{index}"), "role", "Rol", &role_options, "", &no_errors))
                            div class="button-row" { button type="submit" class="button" { "Rol geven aan " (entry.user.display_name) } }
                        }
                    }
                }
            }
        },
    )
}
