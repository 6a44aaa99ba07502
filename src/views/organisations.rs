//! Pages of organisations: the public list and profile, the form to register or edit one,
//! the members page and the page behind an invitation link.

use chrono::{NaiveDateTime, Timelike};
use maud::{Markup, html};

use super::form::{Field, Kind, csrf_field, error_summary, select};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::accounts::User;
use crate::db::organisations::{Invitation, Organisation};
use crate::domain::id::UserId;
use crate::domain::organisation::{
    InvitationInput, MemberRole, OrganisationInput, OrganisationKind,
};
use crate::domain::time::{iso, long_date, long_date_time};
use crate::domain::validation::FieldErrors;
use crate::paths;

/// A `datetime` attribute for a stored moment; whole seconds, as HTML allows at most three
/// decimals and stored moments carry nanoseconds.
fn datetime(utc: NaiveDateTime) -> String {
    iso(utc.with_nanosecond(0).unwrap_or(utc))
}

fn verified_badge() -> Markup {
    html! { span class="badge badge--open" { "Geverifieerd door de griffie" } }
}

/// A box that says why something could not be done.
fn problem_box(problem: Option<&str>) -> Markup {
    html! {
        @if let Some(problem) = problem {
            div class="error-summary" role="alert" tabindex="-1" autofocus {
                h2 class="error-summary__title" { "Dit kan niet" }
                p { (problem) }
            }
        }
    }
}

/// Text the organisation wrote itself, with its own line breaks as paragraphs.
fn paragraphs(text: &str) -> Markup {
    html! {
        @for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            p { (line) }
        }
    }
}

fn role_explanation() -> Markup {
    html! {
        dl class="summary-list" {
            dt { (MemberRole::Secretary.label()) }
            dd { "Beheert de leden: nodigt mensen uit, verandert hun rol en kan ze verwijderen. Is ook bestuurslid." }
            dt { (MemberRole::Board.label()) }
            dd { "Mag reacties namens het bestuur insturen en intrekken." }
            dt { (MemberRole::Editor.label()) }
            dd { "Mag meeschrijven aan concepten van reacties." }
        }
    }
}

pub fn list(chrome: &Chrome, organisations: &[Organisation], signed_in: bool) -> Markup {
    layout(
        chrome,
        "Organisaties",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Organisaties", "")]))
            h1 { "Organisaties" }
            p class="lead" { "Wijkorganisaties, bewonersplatforms, stichtingen en verenigingen kunnen samen reageren op plannen van de gemeente." }
            p class="actions" {
                a class="button button--secondary" href=(paths::NEW_ORGANISATION) { "Organisatie aanmelden" }
                @if !signed_in { " " span class="meta" { "U heeft daarvoor een account nodig." } }
            }
            @if organisations.is_empty() {
                p { "Er zijn nog geen organisaties aangemeld." }
            } @else {
                ul class="card-list" {
                    @for organisation in organisations {
                        li class="card" {
                            h2 class="card__title" { a href=(paths::organisation(&organisation.id)) { (organisation.name) } }
                            p class="card__meta" { (organisation.kind.label()) " · " (organisation.district) }
                            @if organisation.verified_at.is_some() { p class="card__meta" { (verified_badge()) } }
                        }
                    }
                }
            }
        },
    )
}

/// What the person looking at a profile may do there.
pub struct ProfileViewer {
    /// Their role, when they are a member.
    pub role: Option<MemberRole>,
    /// A griffie clerk (or admin) may mark the organisation verified.
    pub may_verify: bool,
}

pub fn profile(
    chrome: &Chrome,
    organisation: &Organisation,
    viewer: &ProfileViewer,
    reactions: Markup,
    message: Option<&str>,
) -> Markup {
    layout(
        chrome,
        &organisation.name,
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Organisaties", paths::ORGANISATIONS), (&organisation.name, "")]))
            (notice(message))
            h1 { (organisation.name) }
            @if let Some(at) = organisation.verified_at {
                p { (verified_badge()) " " span class="meta" { "sinds " time datetime=(datetime(at)) { (long_date(at)) } } }
            }
            @if let Some(role) = viewer.role {
                p class="notice" { "U bent lid van deze organisatie als " (role.label().to_lowercase()) "." }
                p class="actions" {
                    a class="button button--secondary" href=(paths::organisation_members(&organisation.id)) { "Leden bekijken" }
                    @if role.manages_members() {
                        a class="button button--secondary" href=(paths::organisation_edit(&organisation.id)) { "Gegevens bewerken" }
                    }
                }
            }
            dl class="summary-list" {
                dt { "Soort organisatie" } dd { (organisation.kind.label()) }
                dt { "Wijk of buurt" } dd { (organisation.district) }
                @if let Some(url) = &organisation.website {
                    dt { "Website" }
                    dd { a href=(url) rel="nofollow noopener" { (url) } }
                }
            }
            h2 { "Over de organisatie" }
            div class="prose" { (paragraphs(&organisation.description)) }
            // The organisation's submitted reactions (filled in by the reactions pages).
            (reactions)
            @if viewer.may_verify {
                section class="card" aria-labelledby="verificatie" {
                    h2 class="card__title" id="verificatie" { "Verificatie door de griffie" }
                    @if organisation.verified_at.is_some() {
                        p { "Deze organisatie is geverifieerd. Iedereen ziet dat op deze pagina." }
                        form method="post" action=(paths::organisation_verification(&organisation.id)) {
                            (csrf_field(&chrome.csrf))
                            input type="hidden" name="action" value="unverify";
                            div class="button-row" { button type="submit" class="button button--secondary" { "Verificatie intrekken" } }
                        }
                    } @else {
                        p { "Heeft de griffie gecontroleerd dat deze organisatie echt bestaat en wie haar vertegenwoordigt? Markeer haar dan als geverifieerd." }
                        form method="post" action=(paths::organisation_verification(&organisation.id)) {
                            (csrf_field(&chrome.csrf))
                            input type="hidden" name="action" value="verify";
                            div class="button-row" { button type="submit" class="button" { "Markeren als geverifieerd" } }
                        }
                    }
                }
            }
        },
    )
}

/// Whether the form registers a new organisation or edits one.
pub enum FormMode<'a> {
    New,
    Edit { organisation: &'a Organisation },
}

pub fn form(
    chrome: &Chrome,
    input: &OrganisationInput,
    errors: &FieldErrors,
    mode: FormMode<'_>,
) -> Markup {
    let kind_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Kies een soort".to_owned()))
            .chain(
                OrganisationKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_owned(), k.label().to_owned())),
            )
            .collect();
    let (title, action, cancel) = match &mode {
        FormMode::New => (
            "Organisatie aanmelden".to_owned(),
            paths::NEW_ORGANISATION.to_owned(),
            paths::ORGANISATIONS.to_owned(),
        ),
        FormMode::Edit { organisation } => (
            "Gegevens bewerken".to_owned(),
            paths::organisation_edit(&organisation.id),
            paths::organisation(&organisation.id),
        ),
    };
    let trail: Vec<(&str, &str)> = match &mode {
        FormMode::New => vec![
            ("Home", paths::HOME),
            ("Organisaties", paths::ORGANISATIONS),
            (&title, ""),
        ],
        FormMode::Edit { organisation } => vec![
            ("Home", paths::HOME),
            ("Organisaties", paths::ORGANISATIONS),
            (&organisation.name, &cancel),
            (&title, ""),
        ],
    };
    layout(
        chrome,
        &title,
        None,
        html! {
            (breadcrumbs(&trail))
            h1 { (title) }
            @if let FormMode::New = mode {
                p class="lead" { "Meld uw organisatie aan. U wordt dan de secretaris: u nodigt daarna zelf de andere leden uit." }
            }
            (error_summary(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("name", "Naam van de organisatie", &input.name).autocomplete("organization")
                    .hint("Bijvoorbeeld: Bewonersplatform De Horst.").render(errors))
                (select("kind", "kind", "Soort organisatie", &kind_options, &input.kind, errors))
                (Field::new("district", "Wijk of buurt", &input.district)
                    .hint("Waar is de organisatie actief? Bijvoorbeeld: De Horst.").render(errors))
                // Text, not url: a typed address without https:// comes back as it was, and a url
                // input with such a value is not valid HTML.
                (Field::new("website", "Website", &input.website).optional().autocomplete("url")
                    .hint("Het volledige adres, beginnend met https://.").render(errors))
                (Field::new("description", "Korte beschrijving", &input.description).kind(Kind::TextArea { rows: 5 })
                    .hint("Wie zijn jullie en waar zetten jullie je voor in? Iedereen kan dit lezen.").render(errors))
                div class="button-row" {
                    button type="submit" class="button" {
                        @match mode { FormMode::New => "Organisatie aanmelden", FormMode::Edit { .. } => "Wijzigingen opslaan" }
                    }
                    a href=(cancel) { "Annuleren" }
                }
            }
        },
    )
}

/// An open invitation as the secretary sees it, with the address of its link.
pub struct OpenInvitation<'a> {
    pub invitation: &'a Invitation,
    pub link: String,
}

pub struct MembersPage<'a> {
    pub organisation: &'a Organisation,
    pub members: &'a [(User, MemberRole)],
    pub viewer_id: &'a UserId,
    pub viewer_role: MemberRole,
    pub invitations: &'a [OpenInvitation<'a>],
    pub invite: &'a InvitationInput,
    pub new_secretary: &'a str,
    pub errors: &'a FieldErrors,
    pub message: Option<&'a str>,
    pub problem: Option<&'a str>,
}

pub fn members(chrome: &Chrome, page: MembersPage<'_>) -> Markup {
    let MembersPage {
        organisation,
        members,
        viewer_id,
        viewer_role,
        invitations,
        invite,
        new_secretary,
        errors,
        message,
        problem,
    } = page;
    let base = paths::organisation(&organisation.id);
    let secretary = viewer_role.manages_members();
    let role_options: Vec<(String, String)> = [MemberRole::Board, MemberRole::Editor]
        .iter()
        .map(|r| (r.as_str().to_owned(), r.label().to_owned()))
        .collect();
    let invite_role_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Kies een rol".to_owned()))
            .chain(role_options.iter().cloned())
            .collect();
    let others: Vec<&(User, MemberRole)> =
        members.iter().filter(|(u, _)| &u.id != viewer_id).collect();
    let handover_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Kies een lid".to_owned()))
            .chain(others.iter().map(|(u, r)| {
                (
                    u.id.to_string(),
                    format!("{} ({})", u.display_name, r.label()),
                )
            }))
            .collect();
    layout(
        chrome,
        &format!("Leden van {}", organisation.name),
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Organisaties", paths::ORGANISATIONS), (&organisation.name, &base), ("Leden", "")]))
            (notice(message))
            (problem_box(problem))
            (error_summary(errors))
            h1 { "Leden van " (organisation.name) }
            p { "U bent " (viewer_role.label().to_lowercase()) " van deze organisatie." }
            details {
                summary { "Wat mag elke rol?" }
                (role_explanation())
            }
            h2 { "Leden" }
            ul class="card-list" {
                @for (index, (user, role)) in members.iter().enumerate() {
                    li class="card" {
                        h3 class="card__title" {
                            (user.display_name)
                            @if &user.id == viewer_id { " (u)" }
                        }
                        p class="card__meta" {
                            (role.label())
                            @if secretary { " · " (user.email) }
                        }
                        @if secretary && &user.id != viewer_id && *role != MemberRole::Secretary {
                            form class="role-form" method="post" action=(paths::organisation_member_role(&organisation.id, &user.id)) {
                                (csrf_field(&chrome.csrf))
                                (select(&format!("role_{index}"), "role", &format!("Rol van {}", user.display_name), &role_options, role.as_str(), &FieldErrors::default()))
                                div class="button-row" {
                                    button type="submit" class="button button--secondary" { "Rol wijzigen" span class="visually-hidden" { " van " (user.display_name) } }
                                }
                            }
                            div class="button-row" {
                                form class="inline-form" method="post" action=(paths::organisation_member_remove(&organisation.id, &user.id)) {
                                    (csrf_field(&chrome.csrf))
                                    button type="submit" class="button button--danger" { "Verwijderen uit de organisatie" span class="visually-hidden" { ": " (user.display_name) } }
                                }
                            }
                        }
                    }
                }
            }
            @if secretary {
                h2 { "Iemand uitnodigen" }
                p { "De persoon krijgt een mail met een persoonlijke link. Met die link wordt hij of zij lid. De link werkt 14 dagen en maar één keer." }
                form method="post" action=(paths::organisation_invitations(&organisation.id)) novalidate {
                    (csrf_field(&chrome.csrf))
                    (Field::new("invite_email", "E-mailadres", &invite.email).name("email").kind(Kind::Email).autocomplete("off")
                        .hint("De persoon logt in of maakt een account met dit e-mailadres.").render(errors))
                    (select("invite_role", "role", "Rol", &invite_role_options, &invite.role, errors))
                    div class="button-row" { button type="submit" class="button" { "Uitnodiging versturen" } }
                }
                h2 { "Open uitnodigingen" }
                @if invitations.is_empty() {
                    p { "Er staan geen uitnodigingen open." }
                } @else {
                    p { "Kwam de mail niet aan? Geef de link dan zelf door. De link werkt alleen voor het e-mailadres dat u heeft uitgenodigd." }
                    div class="table-wrapper" {
                        table class="data-table data-table--stack" {
                            caption { "Uitnodigingen die nog niet zijn gebruikt" }
                            thead { tr { th scope="col" { "E-mailadres" } th scope="col" { "Rol" } th scope="col" { "Werkt tot" } th scope="col" { "Link" } } }
                            tbody {
                                @for open in invitations {
                                    tr {
                                        td { (open.invitation.email) }
                                        td data-label="Rol" { (open.invitation.role.label()) }
                                        td data-label="Werkt tot" { time datetime=(datetime(open.invitation.expires_at)) { (long_date_time(open.invitation.expires_at)) } }
                                        td data-label="Link" { a href=(open.link) { "Uitnodigingslink" span class="visually-hidden" { " voor " (open.invitation.email) } } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !others.is_empty() {
                    h2 { "Secretaris overdragen" }
                    p { "Stopt u als secretaris? Kies dan wie het overneemt. Die persoon beheert daarna de leden. U blijft lid als bestuurslid." }
                    form method="post" action=(paths::organisation_secretary(&organisation.id)) novalidate {
                        (csrf_field(&chrome.csrf))
                        (select("new_secretary", "user_id", "Nieuwe secretaris", &handover_options, new_secretary, errors))
                        div class="button-row" { button type="submit" class="button" { "Rol van secretaris overdragen" } }
                    }
                }
            } @else {
                h2 { "Organisatie verlaten" }
                p { "Wilt u geen lid meer zijn? Dan kunt u de organisatie verlaten. De secretaris kan u later opnieuw uitnodigen." }
                form method="post" action=(paths::organisation_leave(&organisation.id)) {
                    (csrf_field(&chrome.csrf))
                    div class="button-row" { button type="submit" class="button button--danger" { "Organisatie verlaten" } }
                }
            }
            p { a href=(base) { "Terug naar de pagina van " (organisation.name) } }
        },
    )
}

/// What the page behind an invitation link offers the person looking.
pub enum InvitationState<'a> {
    /// Not logged in: log in or create an account first.
    SignedOut { login: String, register: String },
    /// Logged in with the invited address: one button to accept.
    Ready { action: String },
    /// Already a member of the organisation.
    AlreadyMember { members: String },
    /// Used, expired, or for another address.
    Problem(&'a str),
}

pub fn invitation(
    chrome: &Chrome,
    organisation: &Organisation,
    role: MemberRole,
    expires_at: NaiveDateTime,
    state: InvitationState<'_>,
) -> Markup {
    let title = "Uitnodiging";
    layout(
        chrome,
        title,
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Organisaties", paths::ORGANISATIONS), (title, "")]))
            @if let InvitationState::Problem(problem) = &state {
                (problem_box(Some(problem)))
            }
            h1 { "Uitnodiging van " (organisation.name) }
            p class="lead" {
                "U bent uitgenodigd om lid te worden van "
                a href=(paths::organisation(&organisation.id)) { (organisation.name) }
                " als " (role.label().to_lowercase()) "."
            }
            @match &state {
                InvitationState::SignedOut { login, register } => {
                    p { "Log eerst in met het e-mailadres waarop u de uitnodiging kreeg. Heeft u nog geen account? Maak dan een account met dat e-mailadres. Daarna komt u vanzelf terug op deze pagina." }
                    p class="actions" {
                        a class="button" href=(login) { "Inloggen" }
                        a class="button button--secondary" href=(register) { "Account maken" }
                    }
                    p class="meta" { "De uitnodiging werkt tot " (long_date_time(expires_at)) "." }
                }
                InvitationState::Ready { action } => {
                    p { "Als lid kunt u samen met de andere leden reageren op plannen van de gemeente. Uw naam is zichtbaar voor de andere leden." }
                    form method="post" action=(action) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button" { "Uitnodiging aannemen" } }
                    }
                    p class="meta" { "De uitnodiging werkt tot " (long_date_time(expires_at)) ". Wilt u geen lid worden? Dan hoeft u niets te doen." }
                }
                InvitationState::AlreadyMember { members } => {
                    p class="notice" { "U bent al lid van deze organisatie." }
                    p { a href=(members) { "Naar de leden van " (organisation.name) } }
                }
                InvitationState::Problem(_) => {
                    p { a href=(paths::organisation(&organisation.id)) { "Naar de pagina van " (organisation.name) } }
                }
            }
        },
    )
}
