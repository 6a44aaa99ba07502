//! Co-signing pages: a position or scenario with its support, the sign form, and the
//! pages behind the links in the confirmation mail.

use maud::{Markup, html};

use super::form::{Field, Kind, consent, csrf_field, error_summary, honeypot};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::organisations::Organisation;
use crate::db::signatures::Target;
use crate::domain::signature::{DistrictCount, SignInput, TargetKind};
use crate::domain::validation::FieldErrors;
use crate::paths::{self, Notice};

/// What a signature means, said plainly wherever support is shown.
pub fn meaning() -> Markup {
    html! {
        p class="meta" { "Een steunbetuiging betekent: iemand heeft dit e-mailadres bevestigd. Het is geen bewijs van wie iemand is." }
    }
}

pub struct TargetPage<'a> {
    pub target: &'a Target,
    pub sender: &'a str,
    /// Confirmed signatures per wijk; small counts are shown as "fewer than 5".
    pub districts: &'a [(String, i64)],
    pub organisations: &'a [Organisation],
    pub names: &'a [String],
    /// Why signing is not possible now, if it is not.
    pub closed: Option<&'a str>,
    /// Organisations the viewer may sign for, and whether each already did.
    pub board_of: &'a [(Organisation, bool)],
    /// What a signed-in visitor can do with their account.
    pub account: &'a AccountSupport,
    pub input: &'a SignInput,
    pub errors: &'a FieldErrors,
    pub message: Option<&'a str>,
}

/// Signing with an account: possible in one click once its address is confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountSupport {
    /// Not signed in.
    None,
    /// Signed in; the address is not confirmed yet.
    Unverified,
    /// One click; the first time in a council it asks for the postcode.
    CanSign { needs_postcode: bool },
    /// This account's address supports it already; `withdraw` is the form's action.
    Signed { withdraw: String },
}

fn kind_label(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Position => "standpunt",
        TargetKind::Scenario => "scenario",
    }
}

/// Where a position or scenario stands on its reaction's page.
pub fn place_in_reaction(target: &Target) -> String {
    paths::reaction_part(&target.reaction.id, kind_label(target.kind), target.number)
}

/// The support page of a position or scenario.
pub fn support_path(target: &Target) -> String {
    paths::support(target.kind.slug(), &target.id)
}

fn count_label(total: i64) -> &'static str {
    if total == 1 {
        " bevestigde steunbetuiging"
    } else {
        " bevestigde steunbetuigingen"
    }
}

/// What is supported: the position or scenario, and the reaction it is part of.
pub struct Supported<'a> {
    pub target: &'a Target,
    /// Who wrote the reaction, as the public may see it.
    pub sender: &'a str,
}

/// The quoted position or scenario with its reaction, so nobody supports blindly.
fn quote(supported: &Supported<'_>) -> Markup {
    let target = supported.target;
    html! {
        blockquote class="position-quote" {
            @if let Some(stance) = target.stance { p { strong { (stance.label()) } } }
            p { (target.text) }
            p class="meta" {
                "Uit de reactie " a href=(place_in_reaction(target)) { (target.reaction.title) } " van " (supported.sender)
                " (inspraakronde " (target.listing.consultation.title) ")"
            }
        }
    }
}

/// The form that signs with any address; the mail's link confirms it.
fn address_form(
    chrome: &Chrome,
    action: &str,
    target: &Target,
    input: &SignInput,
    errors: &FieldErrors,
) -> Markup {
    let kind_label = kind_label(target.kind);
    let anonymous_allowed = target.listing.consultation.allow_anonymous_support;
    let name = Field::new(
        "display_name",
        "Naam die bij uw steun staat",
        &input.display_name,
    )
    .autocomplete("name");
    let name = if anonymous_allowed {
        name.optional()
            .hint("Deze naam is openbaar. Laat het veld leeg als u zonder naam wilt steunen.")
    } else {
        name.hint("Verplicht bij deze inspraakronde: bij elke steun staat een naam. Deze naam is openbaar.")
    };
    html! {
        p { "U krijgt een e-mail met een link. Pas als u daarop klikt en bevestigt, telt uw steun mee." }
        form method="post" action=(action) novalidate {
            (csrf_field(&chrome.csrf))
            (name.render(errors))
            (Field::new("email", "E-mailadres", &input.email).kind(Kind::Email).autocomplete("email")
                .hint("Hier sturen wij de link om te bevestigen. Uw e-mailadres is nooit openbaar.").render(errors))
            (Field::new("postcode", "Postcode", &input.postcode).autocomplete("postal-code")
                .hint("4 cijfers zijn genoeg, bijvoorbeeld 1234 of 1234 AB. Alleen om te tellen in welke wijk de steun vandaan komt. Wij bewaren uw postcode niet.").render(errors))
            div class="form-field form-choice" {
                input type="checkbox" id="wants_updates" name="wants_updates" value="1" checked[input.wants_updates.as_deref() == Some("1")];
                label for="wants_updates" { "Stuur mij één e-mail als de gemeente op deze reactie antwoordt, en één als de raad besluit (niet verplicht)" }
            }
            (honeypot())
            (consent(input.consent.as_deref() == Some("1"), errors, html! { "Ik geef toestemming om mijn steun voor dit " (kind_label) " te bewaren. Mijn mening is een bijzonder persoonsgegeven; mijn e-mailadres wordt gewist na de bewaartermijn." }))
            div class="button-row" { button type="submit" class="button" { "Steun dit " (kind_label) } }
        }
    }
}

/// The one-click form for an account with a confirmed address.
fn account_form(
    chrome: &Chrome,
    action: &str,
    needs_postcode: bool,
    anonymous_allowed: bool,
    postcode: &str,
    errors: &FieldErrors,
) -> Markup {
    html! {
        form method="post" action=(action) novalidate {
            (csrf_field(&chrome.csrf))
            @if needs_postcode {
                (Field::new("account-postcode", "Uw postcode", postcode).name("postcode").autocomplete("postal-code")
                    .hint("4 cijfers zijn genoeg, bijvoorbeeld 1234 of 1234 AB. Alleen om te tellen uit welke wijk de steun komt. Wij bewaren alleen de wijk bij uw account, niet de postcode.").render(errors))
            }
            @if anonymous_allowed {
                div class="form-field form-choice" {
                    input type="checkbox" id="account-anonymous" name="anonymous" value="1";
                    label for="account-anonymous" { "Steun zonder naam (er staat dan geen naam bij uw steun)" }
                }
            }
            p class="form-hint" { "Met deze knop geeft u toestemming om uw steun te bewaren. Uw mening is een bijzonder persoonsgegeven; zie de " a href=(paths::PRIVACY) { "privacyverklaring" } "." }
            div class="button-row" { button type="submit" class="button" { "Steun dit met mijn account" } }
        }
    }
}

/// The fields of the address form, whose errors open the part it is folded in.
const ADDRESS_FIELDS: [&str; 4] = ["display_name", "email", "postcode", "consent"];

/// How to sign: one way first (the account, or the address form for visitors and for
/// accounts whose address is not confirmed), another address folded away below it and
/// never filled in with the account's own.
fn sign_part(chrome: &Chrome, action: &str, page: &TargetPage<'_>) -> Markup {
    let TargetPage {
        target,
        account,
        input,
        errors,
        ..
    } = page;
    let other_address = |open: bool| {
        html! {
            details class="disclosure" open[open] {
                summary { "Met een ander e-mailadres steunen" }
                (address_form(chrome, action, target, input, errors))
            }
        }
    };
    let typed_here = ADDRESS_FIELDS.iter().any(|f| errors.get(f).is_some());
    html! {
        h2 id="ondertekenen" { "Ook steunen?" }
        (error_summary(errors))
        @match account {
            AccountSupport::None => { (address_form(chrome, action, target, input, errors)) }
            AccountSupport::Unverified => {
                p { "Uw e-mailadres is nog niet bevestigd. Steun hieronder en bevestig met de link uit de e-mail die wij u sturen. Bevestigt u eerst uw account (zie " a href=(paths::ACCOUNT) { "Mijn account" } "), dan steunt u voortaan met één klik." }
                (address_form(chrome, action, target, input, errors))
            }
            AccountSupport::Signed { withdraw } => {
                p { strong { "U steunt dit met uw account." } }
                form method="post" action=(withdraw) {
                    (csrf_field(&chrome.csrf))
                    div class="button-row" { button type="submit" class="button button--secondary" { "Mijn steun intrekken" } }
                }
                (other_address(typed_here))
            }
            AccountSupport::CanSign { needs_postcode } => {
                (account_form(chrome, &paths::support_with_account(target.kind.slug(), &target.id), *needs_postcode, target.listing.consultation.allow_anonymous_support, &input.postcode, errors))
                (other_address(typed_here))
            }
        }
    }
}

pub fn target(chrome: &Chrome, page: TargetPage<'_>) -> Markup {
    let TargetPage {
        target,
        sender,
        districts,
        organisations,
        names,
        closed,
        board_of,
        message,
        ..
    } = page;
    let title = format!("Steun dit {}", kind_label(target.kind));
    let reaction_path = paths::reaction(&target.reaction.id);
    let action = support_path(target);
    let total: i64 = districts.iter().map(|(_, n)| n).sum();
    layout(
        chrome,
        &title,
        Some(&target.listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&target.listing.consultation.title, &paths::consultation(&target.listing.consultation.id)), (&target.reaction.title, &reaction_path), (&title, "")]))
            (notice(message))
            h1 { (title) }
            (quote(&Supported { target, sender }))
            h2 { "Steun" }
            p class="lead" { strong { (total) } (count_label(total)) }
            (meaning())
            @if !districts.is_empty() {
                div class="table-wrapper" tabindex="0" role="region" aria-label="Steun per wijk" {
                    table class="data-table data-table--stack" {
                        caption { "Steun per wijk (wijken met minder dan 5 tonen wij niet precies)" }
                        thead { tr { th scope="col" { "Wijk" } th scope="col" { "Steunbetuigingen" } } }
                        tbody {
                            @for (district, count) in districts {
                                tr { td { (district) } td data-label="Steunbetuigingen" { (DistrictCount::of(*count).label()) } }
                            }
                        }
                    }
                }
            }
            @if !organisations.is_empty() {
                h3 { "Gesteund door organisaties" }
                ul { @for organisation in organisations { li { a href=(paths::organisation(&organisation.id)) { (organisation.name) } } } }
            }
            @if !names.is_empty() {
                h3 { "Inwoners die hun naam tonen" }
                p { (names.join(", ")) }
            }
            @if let Some(reason) = closed {
                p class="notice" { (reason) }
            } @else {
                (sign_part(chrome, &action, &page))
                @if !board_of.is_empty() {
                    h2 { "Steunen namens een organisatie" }
                    @for (organisation, signed) in board_of {
                        @if *signed {
                            p { (organisation.name) " steunt dit al." }
                        } @else {
                            form method="post" action=(paths::support_by_organisation(target.kind.slug(), &target.id)) {
                                (csrf_field(&chrome.csrf))
                                input type="hidden" name="organisation_id" value=(organisation.id);
                                div class="button-row" { button type="submit" class="button button--secondary" { "Steun namens " (organisation.name) } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The same answer for every signature, new or not, so nobody can test who signed.
pub fn check_mailbox(chrome: &Chrome, back: &str) -> Markup {
    layout(
        chrome,
        "Kijk in uw mailbox",
        None,
        html! {
            h1 { "Kijk in uw mailbox" }
            p class="lead" { "Als dit e-mailadres nog niet bevestigd heeft, sturen wij een e-mail met een link. Uw steun telt pas mee als u in die e-mail op de link klikt en op de knop “Bevestig mijn steun” drukt." }
            p { "Geen e-mail gekregen? Kijk ook bij ongewenste e-mail. Wij sturen hoogstens één e-mail per uur." }
            p { "Heeft u een code gekregen? " a href=(paths::SIGNATURE_CODE) { "Typ de code in" } "." }
            p { a href=(back) { "Terug" } }
        },
    )
}

/// The states of the withdrawal page behind the mail's link.
pub enum LinkPage {
    /// Shows the button that POSTs.
    Ask,
    Done,
    Invalid,
}

/// The states of the confirmation page behind the mail's link.
pub enum ConfirmPage<'a> {
    /// Says what is supported and shows the button that POSTs.
    Ask(Supported<'a>),
    /// Confirmed (now or before): what it was, the count, and the way back.
    Done(Supported<'a>, i64),
    Invalid,
}

/// The thank-you: what was supported, its count now, and the way back to it.
fn thanks(supported: &Supported<'_>, total: i64) -> Markup {
    let target = supported.target;
    let kind = kind_label(target.kind);
    html! {
        div class="notice" role="status" { p { "Dank u wel. Uw steun is bevestigd en telt mee." } }
        h2 { "U steunt" }
        (quote(supported))
        p class="lead" { "Dit " (kind) " heeft nu " strong { (total) } (count_label(total)) "." }
        ul {
            // The notice makes the reaction page fresh (not the one shared with everyone for a
            // second), so its count includes this support.
            li { a href=(paths::with_notice(&place_in_reaction(target), Notice::SupportCounted)) { "Terug naar dit " (kind) " in de reactie “" (target.reaction.title) "”" } }
            li { a href=(support_path(target)) { "Bekijk de steun voor dit " (kind) } }
        }
    }
}

fn invalid_link() -> Markup {
    html! {
        div class="error-summary" role="alert" {
            h2 class="error-summary__title" { "Deze link werkt niet (meer)" }
            p { "De link is al gebruikt, verlopen (na 7 dagen) of niet compleet. Was uw steun al bevestigd? Dan telt hij mee." }
        }
    }
}

pub fn confirm(chrome: &Chrome, action: &str, state: ConfirmPage<'_>) -> Markup {
    layout(
        chrome,
        "Steun bevestigen",
        None,
        html! {
            h1 { "Steun bevestigen" }
            @match state {
                ConfirmPage::Ask(supported) => {
                    p { "U gaat dit " (kind_label(supported.target.kind)) " steunen:" }
                    (quote(&supported))
                    p { "Druk op de knop om uw steun te bevestigen." }
                    form method="post" action=(action) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button" { "Bevestig mijn steun" } }
                    }
                },
                ConfirmPage::Done(supported, total) => (thanks(&supported, total)),
                ConfirmPage::Invalid => (invalid_link()),
            }
        },
    )
}

pub fn withdraw(chrome: &Chrome, action: &str, state: LinkPage) -> Markup {
    layout(
        chrome,
        "Steun intrekken",
        None,
        html! {
            h1 { "Steun intrekken" }
            @match state {
                LinkPage::Ask => {
                    p { "Wilt u uw steun intrekken? Hij telt dan niet meer mee." }
                    form method="post" action=(action) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button button--danger" { "Trek mijn steun in" } }
                    }
                },
                LinkPage::Done => div class="notice" role="status" { p { "Uw steun is ingetrokken." } },
                LinkPage::Invalid => div class="error-summary" role="alert" {
                    h2 class="error-summary__title" { "Deze link werkt niet (meer)" }
                    p { "Misschien is uw steun al ingetrokken." }
                },
            }
        },
    )
}

/// The page to type the mail's code; `done` once it confirmed.
pub fn code(
    chrome: &Chrome,
    email: &str,
    errors: &FieldErrors,
    done: Option<(Supported<'_>, i64)>,
) -> Markup {
    layout(
        chrome,
        "Code invoeren",
        None,
        html! {
            h1 { "Steun bevestigen met een code" }
            @if let Some((supported, total)) = done {
                (thanks(&supported, total))
            } @else {
                p { "Typ het e-mailadres waarmee u steunde en de code uit de e-mail. In de e-mail staat ook wat u steunt." }
                (error_summary(errors))
                form method="post" action=(paths::SIGNATURE_CODE) novalidate {
                    (csrf_field(&chrome.csrf))
                    (Field::new("email", "E-mailadres", email).kind(Kind::Email).autocomplete("email").render(errors))
                    (Field::new("code", "Code", "").autocomplete("one-time-code").hint("8 tekens, bijvoorbeeld K7P2-QX9M.").render(errors))
                    div class="button-row" { button type="submit" class="button" { "Bevestig mijn steun" } }
                }
            }
        },
    )
}
