//! Single sign-on for staff: the admin's settings per council, the choice on the log-in
//! page, and what a person reads when signing in through the council did not work.

use maud::{Markup, html};

use super::form::{Field, Kind, csrf_field, error_summary};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::councils::Council;
use crate::domain::single_sign_on::SignInInput;
use crate::domain::validation::FieldErrors;
use crate::paths;

/// The councils whose staff sign in through their own provider, on the log-in page.
pub fn council_choices(councils: &[(String, String)], next: &str) -> Markup {
    html! {
        @if !councils.is_empty() {
            h2 { "Medewerker van een gemeente?" }
            p { "Log dan in via uw gemeente, met het account waarmee u ook op het werk inlogt." }
            ul {
                @for (slug, name) in councils {
                    li { a href=(paths::with_next(&paths::council_sign_in(slug), next)) { "Inloggen via " (name) } }
                }
            }
        }
    }
}

/// The admin's form for a council's single sign-on; `stored` when settings exist.
pub fn settings(
    chrome: &Chrome,
    council: &Council,
    input: &SignInInput,
    stored: bool,
    redirect_uri: &str,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Markup {
    let title = format!("Inloggen via {}", council.name);
    layout(
        chrome,
        &title,
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Beheer", paths::ADMIN), (&title, "")]))
            h1 { (title) }
            (notice(message))
            p { "Medewerkers van de gemeente kunnen inloggen met het account van hun werk, via de identity provider van de gemeente (bijvoorbeeld Microsoft Entra ID, Keycloak of ADFS). Die vraagt zelf om een tweede stap; Inspraak vraagt dan geen wachtwoord en geen code." }
            p { "Maak bij de identity provider een client aan voor Inspraak (OpenID Connect, authorization code flow) met dit adres om naar terug te keren:" }
            p { code class="secret" { (redirect_uri) } }
            (error_summary(errors))
            form method="post" action=(paths::admin_council_sign_in(&council.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("issuer_url", "Adres van de identity provider (issuer)", &input.issuer_url).kind(Kind::Url)
                    .hint("Het adres waar de provider zijn instellingen publiceert, zonder /.well-known/openid-configuration.").render(errors))
                (Field::new("client_id", "Client-ID", &input.client_id).render(errors))
                (Field::new("client_secret", "Clientgeheim", "").kind(Kind::Password).autocomplete("off")
                    .hint(if stored { "Laat leeg om het opgeslagen geheim te houden." } else { "Wij bewaren het versleuteld." }).render(errors))
                (Field::new("role_rules", "Wie krijgt welke rol", &input.role_rules).kind(Kind::TextArea { rows: 5 })
                    .hint("Eén regel per rol: \"griffie: groep griffie\" geeft wie in de groep griffie zit de rol griffiemedewerker; \"raadslid: @raad.lindeveld.nl\" geeft iedereen met een bevestigd adres op dat domein de rol raadslid. Rollen: griffie, moderator, raadslid.").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Opslaan" }
                    a href=(paths::ADMIN) { "Annuleren" }
                }
            }
            @if stored {
                h2 { "Inloggen via de gemeente uitzetten" }
                p { "Medewerkers loggen dan weer in met een wachtwoord en een code." }
                form method="post" action=(paths::admin_council_sign_in_remove(&council.id)) {
                    (csrf_field(&chrome.csrf))
                    div class="button-row" { button type="submit" class="button button--secondary" { "Zet inloggen via " (council.name) " uit" } }
                }
            }
        },
    )
}

/// Why signing in through the council did not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The round trip's cookie is missing, expired or does not match what came back.
    Expired,
    /// The person stopped at the provider (or the provider refused).
    Cancelled,
    /// The provider could not be reached, or its answer did not pass the checks.
    NotVerified,
    /// The person's account at the council gives no role here.
    NoRole,
    /// No usable, checked e-mail address came with the sign-in.
    NoAddress,
    /// Too many sign-ins were started from this network lately.
    TooMany,
}

pub fn failed(chrome: &Chrome, failure: Failure) -> Markup {
    let (title, text) = match failure {
        Failure::Expired => (
            "Inloggen duurde te lang",
            "Het inloggen via de gemeente is verlopen of niet in deze browser begonnen. Probeer het opnieuw.",
        ),
        Failure::Cancelled => (
            "Inloggen is afgebroken",
            "U bent niet ingelogd. Wilt u toch inloggen? Probeer het opnieuw.",
        ),
        Failure::NotVerified => (
            "Inloggen via de gemeente lukte niet",
            "Wij konden niet nagaan wie u bent bij de inlogdienst van de gemeente. Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met de ICT-afdeling van uw gemeente.",
        ),
        Failure::NoRole => (
            "Uw account geeft geen toegang",
            "U bent ingelogd bij de gemeente, maar uw account daar geeft u geen rol in Inspraak. Vraag de ICT-afdeling of de griffie om toegang. Wilt u als inwoner reageren? Log dan in met een gewoon account.",
        ),
        Failure::TooMany => (
            "Even geduld",
            "Vanaf uw netwerk is het de laatste tijd vaak geprobeerd. Probeer het over een kwartier opnieuw.",
        ),
        Failure::NoAddress => (
            "Wij missen een bevestigd e-mailadres",
            "De inlogdienst van de gemeente gaf geen e-mailadres dat wij kunnen gebruiken. Vraag de ICT-afdeling van uw gemeente om hulp.",
        ),
    };
    layout(
        chrome,
        title,
        None,
        html! {
            h1 { (title) }
            div class="error-summary" role="alert" tabindex="-1" autofocus {
                p { (text) }
            }
            p { a href=(paths::LOG_IN) { "Terug naar inloggen" } }
        },
    )
}
