//! Registering, logging in, and the account page.

use maud::{Markup, html};

use super::form::{Field, Kind, csrf_field, error_summary};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::domain::account::{CouncilRole, MIN_PASSWORD_CHARS};
use crate::domain::validation::FieldErrors;

pub fn login(chrome: &Chrome, email: &str, next: &str, errors: &FieldErrors) -> Markup {
    layout(
        chrome,
        "Inloggen",
        None,
        html! {
            h1 { "Inloggen" }
            (error_summary(errors))
            form method="post" action="/account/inloggen" novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="next" value=(next);
                (Field::new("email", "E-mailadres", email).kind(Kind::Email).autocomplete("username").render(errors))
                (Field::new("password", "Wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Inloggen" }
                }
            }
            p { "Nog geen account? " a href="/account/registreren" { "Maak een account" } "." }
        },
    )
}

pub fn register(chrome: &Chrome, display_name: &str, email: &str, errors: &FieldErrors) -> Markup {
    let password_hint = format!(
        "Minstens {MIN_PASSWORD_CHARS} tekens. Een zin van een paar woorden is makkelijk te onthouden."
    );
    layout(
        chrome,
        "Account maken",
        None,
        html! {
            h1 { "Account maken" }
            p class="lead" { "Met een account kunt u reageren op plannen van de gemeente. Alleen uw naam kan openbaar worden, en alleen als u dat zelf kiest." }
            (error_summary(errors))
            form method="post" action="/account/registreren" novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("display_name", "Uw naam", display_name).autocomplete("name").render(errors))
                (Field::new("email", "E-mailadres", email).kind(Kind::Email).autocomplete("email")
                    .hint("Wij gebruiken dit om in te loggen en om u berichten te sturen. Het is nooit openbaar.").render(errors))
                (Field::new("password", "Wachtwoord", "").kind(Kind::Password).autocomplete("new-password").hint(&password_hint).render(errors))
                (Field::new("password_confirmation", "Herhaal het wachtwoord", "").kind(Kind::Password).autocomplete("new-password").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Account maken" }
                }
            }
            p { "Heeft u al een account? " a href="/account/inloggen" { "Log in" } "." }
        },
    )
}

/// A council role as shown on the account page: council name and role.
pub struct RoleLine {
    pub council: String,
    pub role: CouncilRole,
}

pub fn account(
    chrome: &Chrome,
    display_name: &str,
    email: &str,
    is_admin: bool,
    roles: &[RoleLine],
    message: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    let password_hint = format!("Minstens {MIN_PASSWORD_CHARS} tekens.");
    layout(
        chrome,
        "Mijn account",
        None,
        html! {
            (breadcrumbs(&[("Home", "/"), ("Mijn account", "/account")]))
            h1 { "Mijn account" }
            (notice(message))
            dl class="summary-list" {
                dt { "Naam" } dd { (display_name) }
                dt { "E-mailadres" } dd { (email) }
                dt { "Rollen" }
                dd {
                    @if roles.is_empty() && !is_admin {
                        "Inwoner"
                    } @else {
                        ul {
                            @if is_admin { li { "Beheerder van Inspraak" } }
                            @for line in roles { li { (line.role.label()) " bij " (line.council) } }
                        }
                    }
                }
            }
            h2 id="wachtwoord" { "Wachtwoord wijzigen" }
            p { "Na het wijzigen wordt u op al uw andere apparaten uitgelogd." }
            (error_summary(errors))
            form method="post" action="/account/wachtwoord" novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("current_password", "Huidig wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(errors))
                (Field::new("password", "Nieuw wachtwoord", "").kind(Kind::Password).autocomplete("new-password").hint(&password_hint).render(errors))
                (Field::new("password_confirmation", "Herhaal het nieuwe wachtwoord", "").kind(Kind::Password).autocomplete("new-password").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Wachtwoord wijzigen" }
                }
            }
        },
    )
}
