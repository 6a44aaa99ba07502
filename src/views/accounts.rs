//! Registering, logging in, and the account page.

use maud::{Markup, html};

use super::form::{Field, Kind, csrf_field, error_summary};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::accounts::SessionLine;
use crate::domain::account::{
    CouncilRole, DELETED_ACCOUNT_NAME, DeletionBlocker, MIN_PASSWORD_CHARS, RegistrationInput,
};
use crate::domain::id::OrganisationId;
use crate::domain::mail::MAIL_KEPT_DAYS;
use crate::domain::organisation::MemberRole;
use crate::domain::validation::FieldErrors;
use crate::paths;

/// The log-in form; `sign_ins` are the councils (slug, name) whose staff sign in through
/// their own identity provider.
pub fn login(
    chrome: &Chrome,
    email: &str,
    next: &str,
    errors: &FieldErrors,
    notice: Option<&str>,
    sign_ins: &[(String, String)],
) -> Markup {
    layout(
        chrome,
        "Inloggen",
        None,
        html! {
            h1 { "Inloggen" }
            @if let Some(notice) = notice {
                p class="notice" role="status" tabindex="-1" autofocus { (notice) }
            }
            (error_summary(errors))
            form method="post" action=(paths::LOG_IN) novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="next" value=(next);
                (Field::new("email", "E-mailadres", email).kind(Kind::Email).autocomplete("username").render(errors))
                (Field::new("password", "Wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Inloggen" }
                }
            }
            p { a href=(paths::FORGOT_PASSWORD) { "Wachtwoord vergeten?" } }
            p { "Nog geen account? " a href=(paths::with_next(paths::REGISTER, next)) { "Maak een account" } "." }
            (super::single_sign_on::council_choices(sign_ins, next))
        },
    )
}

pub fn register(
    chrome: &Chrome,
    input: &RegistrationInput,
    next: &str,
    errors: &FieldErrors,
) -> Markup {
    let (display_name, email) = (input.display_name.as_str(), input.email.as_str());
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
            form method="post" action=(paths::REGISTER) novalidate {
                (csrf_field(&chrome.csrf))
                @if next != "/" { input type="hidden" name="next" value=(next); }
                (Field::new("display_name", "Uw naam", display_name).autocomplete("name").render(errors))
                (Field::new("email", "E-mailadres", email).kind(Kind::Email).autocomplete("email")
                    .hint("Wij gebruiken dit om in te loggen en om u berichten te sturen. Het is nooit openbaar.").render(errors))
                (Field::new("password", "Wachtwoord", "").kind(Kind::Password).autocomplete("new-password").hint(&password_hint).render(errors))
                (Field::new("password_confirmation", "Herhaal het wachtwoord", "").kind(Kind::Password).autocomplete("new-password").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Account maken" }
                }
            }
            p { "Heeft u al een account? " a href=(paths::with_next(paths::LOG_IN, next)) { "Log in" } "." }
        },
    )
}

/// A council role as shown on the account page: council name and role.
pub struct RoleLine {
    pub council: String,
    pub role: CouncilRole,
}

/// An organisation the user belongs to, as shown on the account page.
pub struct OrganisationLine {
    pub id: OrganisationId,
    pub name: String,
    pub role: MemberRole,
}

/// Everything the account page shows.
pub struct AccountPage<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub email_verified: bool,
    pub is_admin: bool,
    pub roles: &'a [RoleLine],
    pub organisations: &'a [OrganisationLine],
    pub reactions: &'a [crate::db::reactions::ReactionListing],
    /// Where the account is logged in, and which of those is this browser.
    pub sessions: &'a [SessionLine],
    pub this_session: &'a str,
    pub message: Option<&'a str>,
    /// The name form's errors and what was typed in it.
    pub name: NameForm<'a>,
    /// The password form's errors.
    pub errors: &'a FieldErrors,
    /// The new address waiting for its link to be opened, and until when the link works.
    pub pending_email: Option<(&'a str, chrono::NaiveDateTime)>,
    /// The address form's errors and what was typed in it.
    pub email_form: EmailForm<'a>,
    pub two_factor_on: bool,
}

/// The address form as typed, with its errors.
#[derive(Default)]
pub struct EmailForm<'a> {
    pub typed: &'a str,
    pub errors: FieldErrors,
}

/// The name form as typed, with its errors.
#[derive(Default)]
pub struct NameForm<'a> {
    pub typed: Option<&'a str>,
    pub errors: FieldErrors,
}

pub fn account(chrome: &Chrome, page: AccountPage<'_>) -> Markup {
    let AccountPage {
        display_name,
        email,
        email_verified,
        is_admin,
        roles,
        organisations,
        reactions,
        sessions,
        this_session,
        message,
        name,
        errors,
        pending_email,
        email_form,
        two_factor_on,
    } = page;
    let password_hint = format!("Minstens {MIN_PASSWORD_CHARS} tekens.");
    layout(
        chrome,
        "Mijn account",
        None,
        html! {
                   (breadcrumbs(&[("Home", paths::HOME), ("Mijn account", paths::ACCOUNT)]))
                   h1 { "Mijn account" }
                   (notice(message))
                   dl class="summary-list" {
                       dt { "Naam" } dd { (display_name) }
                       dt { "E-mailadres" }
                       dd {
                           (email)
                           @if email_verified {
                               " (bevestigd)"
                           } @else {
                               p { "Nog niet bevestigd. Bevestig uw e-mailadres met de link in de e-mail die we stuurden; daarna steunt u een reactie met één klik." }
                               form method="post" action=(paths::CONFIRMATION_MAIL) {
                                   (csrf_field(&chrome.csrf))
                                   button type="submit" class="button button--secondary" { "Stuur de e-mail opnieuw" }
                               }
                           }
                       }
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
                   h2 id="organisaties" { "Mijn organisaties" }
                   @if organisations.is_empty() {
                       p { "U bent nog geen lid van een organisatie. Bent u secretaris van een wijkorganisatie, bewonersplatform of vereniging? Meld die dan aan. Andere leden krijgen een uitnodiging van de secretaris." }
                   } @else {
                       ul {
                           @for line in organisations {
                               li {
                                   a href=(paths::organisation(&line.id)) { (line.name) }
                                   " (" (line.role.label().to_lowercase()) ") · "
                                   a href=(paths::organisation_members(&line.id)) { "Leden" span class="visually-hidden" { " van " (line.name) } }
                               }
                           }
                       }
                   }
                   p { a href=(paths::NEW_ORGANISATION) { "Organisatie aanmelden" } }
                   h2 id="reacties" { "Mijn reacties" }
                   p { "Uw eigen reacties en die van uw organisaties, ook concepten." }
                   (super::reactions::my_reactions(reactions))
                   h2 id="naam" { "Naam wijzigen" }
                   p { "Uw naam staat bij wat u schrijft, als u dat kiest. Wat u al indiende, houdt de naam die erbij stond." }
                   (error_summary(&name.errors))
                   form method="post" action=(paths::ACCOUNT_NAME) novalidate {
                       (csrf_field(&chrome.csrf))
                       (Field::new("display_name", "Uw naam", name.typed.unwrap_or(display_name)).autocomplete("name").render(&name.errors))
                       div class="button-row" {
                           button type="submit" class="button button--secondary" { "Naam opslaan" }
                       }
                   }
                   (email_change(chrome, pending_email, &email_form))
                   h2 id="wachtwoord" { "Wachtwoord wijzigen" }
                   p { "Na het wijzigen wordt u op al uw andere apparaten uitgelogd." }
                   (error_summary(errors))
                   form method="post" action=(paths::PASSWORD) novalidate {
                       (csrf_field(&chrome.csrf))
                       (Field::new("current_password", "Huidig wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(errors))
                       (Field::new("password", "Nieuw wachtwoord", "").kind(Kind::Password).autocomplete("new-password").hint(&password_hint).render(errors))
                       (Field::new("password_confirmation", "Herhaal het nieuwe wachtwoord", "").kind(Kind::Password).autocomplete("new-password").render(errors))
                       div class="button-row" {
                           button type="submit" class="button" { "Wachtwoord wijzigen" }
                       }
                   }
        (session_list(chrome, sessions, this_session))
                   h2 id="tweestapsverificatie" { "Tweestapsverificatie" }
                   @if two_factor_on {
                       p { "Staat aan: na uw wachtwoord vragen wij een code uit de app op uw telefoon." }
                       p { a href=(paths::TWO_FACTOR) { "Tweestapsverificatie beheren" } }
                   } @else {
                       p { "Staat uit. Met tweestapsverificatie komt niemand in uw account met alleen uw wachtwoord: u vult ook een code in uit een app op uw telefoon." }
                       p { a href=(paths::TWO_FACTOR) { "Tweestapsverificatie instellen" } }
                   }
                   h2 id="gegevens" { "Mijn gegevens" }
                   p { "Download alles wat wij over uw account bewaren in één bestand (JSON). In het bestand staat bij elk onderdeel wat het is." }
                   p { a href=(paths::PERSONAL_DATA) download { "Download mijn gegevens" } }
                   h2 id="verwijderen" { "Account verwijderen" }
                   p { "Wilt u Inspraak niet meer gebruiken? Dan kunt u uw account verwijderen. Eerst leest u wat er dan gebeurt." }
                   p { a href=(paths::DELETE_ACCOUNT) { "Mijn account verwijderen" } }
               },
    )
}

/// "Account verwijderen": what happens, what stands in the way, and the form.
pub fn delete_account(
    chrome: &Chrome,
    blockers: &[DeletionBlocker],
    errors: &FieldErrors,
) -> Markup {
    layout(
        chrome,
        "Account verwijderen",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Mijn account", paths::ACCOUNT), ("Account verwijderen", paths::DELETE_ACCOUNT)]))
            h1 { "Account verwijderen" }
            @if !blockers.is_empty() {
                div class="error-summary" role="alert" tabindex="-1" {
                    h2 class="error-summary__title" { "Dit kan nog niet" }
                    ul {
                        @for blocker in blockers {
                            @match blocker {
                                DeletionBlocker::Secretary { id, organisation } => {
                                    li {
                                        "U bent secretaris van " (organisation) ". Maak eerst een ander lid secretaris, op de pagina "
                                        a href=(paths::organisation_members(id)) { "Leden van " (organisation) }
                                        "."
                                    }
                                }
                                DeletionBlocker::LastAdmin => {
                                    li { "U bent de enige beheerder van Inspraak. Maak eerst iemand anders beheerder." }
                                }
                            }
                        }
                    }
                    p { a href=(paths::ACCOUNT) { "Terug naar mijn account" } }
                }
            }
            p { "Wilt u eerst een kopie van wat wij over u bewaren? " a href=(paths::PERSONAL_DATA) download { "Download mijn gegevens" } "." }
            p { "Dit gebeurt als u uw account verwijdert:" }
            ul {
                li { "Uw naam, e-mailadres en wachtwoord worden gewist. U bent meteen op alle apparaten uitgelogd. Dit kunt u niet ongedaan maken." }
                li { "Reacties die u als inwoner indiende, blijven bewaard zoals u ze indiende. De gemeente moet ze bewaren. In plaats van uw naam staat er een nummer, bijvoorbeeld \"Indiener 12\". In het openbare logboek staat dat de naam is verwijderd." }
                li { "Reacties die u namens een organisatie indiende, blijven van die organisatie." }
                li { "Uw concepten worden verwijderd." }
                li { "Uw berichten in discussies blijven staan, met de naam \"" (DELETED_ACCOUNT_NAME) "\"." }
                li { "Uw steun voor reacties blijft meetellen, zonder uw naam en e-mailadres." }
                li { "Verzoeken om in te spreken houden geen naam en e-mailadres meer. De griffie kan u dan niet meer bereiken." }
                li { "U krijgt nog één e-mail dat uw account is verwijderd. Ook die bewaren wij niet langer dan " (MAIL_KEPT_DAYS) " dagen." }
            }
            @if blockers.is_empty() {
                (error_summary(errors))
                form method="post" action=(paths::DELETE_ACCOUNT) novalidate {
                    (csrf_field(&chrome.csrf))
                    (Field::new("delete_password", "Uw wachtwoord", "").kind(Kind::Password).autocomplete("current-password").hint("Zo weten we zeker dat u het zelf bent.").render(errors))
                    div class="button-row" {
                        button type="submit" class="button button--danger" { "Verwijder mijn account" }
                        a href=(paths::ACCOUNT) { "Niet verwijderen" }
                    }
                }
            }
        },
    )
}

/// The address form, and the change waiting for its link if there is one.
fn email_change(
    chrome: &Chrome,
    pending: Option<(&str, chrono::NaiveDateTime)>,
    form: &EmailForm<'_>,
) -> Markup {
    html! {
        h2 id="e-mailadres" { "E-mailadres wijzigen" }
        @if let Some((new_email, until)) = pending {
            div class="notice" {
                p { "U vroeg om " strong { (new_email) } " als nieuw e-mailadres. Open de link in de e-mail die we naar dat adres stuurden. De link werkt tot " (super::consultations::moment(until)) "." }
                form method="post" action=(paths::EMAIL_CHANGE_CANCEL) {
                    (csrf_field(&chrome.csrf))
                    button type="submit" class="button button--secondary" { "Verzoek intrekken" }
                }
            }
        }
        p { "We sturen een link naar het nieuwe adres. Pas als u die link opent, wordt het uw adres. Daarna krijgt uw oude adres een bericht." }
        (error_summary(&form.errors))
        form method="post" action=(paths::EMAIL_CHANGE) novalidate {
            (csrf_field(&chrome.csrf))
            (Field::new("new_email", "Nieuw e-mailadres", form.typed).kind(Kind::Email).autocomplete("email").render(&form.errors))
            (Field::new("email_password", "Uw wachtwoord", "").kind(Kind::Password).autocomplete("current-password").hint("Zo weten we zeker dat u het zelf bent.").render(&form.errors))
            div class="button-row" {
                button type="submit" class="button button--secondary" { "Stuur de link" }
            }
        }
    }
}

/// What a link about an address change found.
pub enum AddressLink<'a> {
    /// It works: the address it is about, and a button to act.
    Ready(&'a str),
    /// Another account has the address by now.
    Taken,
    /// Used, replaced, withdrawn or expired.
    Gone,
}

/// Behind the link mailed to a new address: a button (mail scanners open links too).
pub fn email_change_confirm(chrome: &Chrome, token: &str, link: AddressLink<'_>) -> Markup {
    layout(
        chrome,
        "Nieuw e-mailadres bevestigen",
        None,
        html! {
            h1 { "Nieuw e-mailadres bevestigen" }
            @match link {
                AddressLink::Ready(new_email) => {
                    p { "Klik op de knop. Daarna is " strong { (new_email) } " het e-mailadres van uw account, en logt u ermee in." }
                    form method="post" action=(paths::email_change_confirm(token)) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button" { "Maak dit mijn e-mailadres" } }
                    }
                }
                AddressLink::Taken => {
                    div class="error-summary" role="alert" {
                        h2 class="error-summary__title" { "Dit adres hoort al bij een ander account" }
                        p { "Uw e-mailadres is niet gewijzigd. Wilt u toch dit adres gebruiken? Log dan in met dit adres in dat andere account." }
                    }
                    p { a href=(paths::ACCOUNT) { "Naar mijn account" } }
                }
                AddressLink::Gone => {
                    div class="error-summary" role="alert" {
                        h2 class="error-summary__title" { "Deze link werkt niet (meer)" }
                        p { "De link werkt 24 uur en maar één keer. Hij werkt ook niet meer als u daarna een ander adres vroeg of het verzoek introk. Of de link is niet helemaal gekopieerd." }
                    }
                    p { a href=(paths::EMAIL_SECTION) { "Vraag op Mijn account een nieuwe link aan" } }
                }
            }
        },
    )
}

/// Behind the link mailed to the old address after a change: a button that puts it back.
pub fn email_revert(chrome: &Chrome, token: &str, link: AddressLink<'_>) -> Markup {
    layout(
        chrome,
        "Oud e-mailadres terugzetten",
        None,
        html! {
            h1 { "Oud e-mailadres terugzetten" }
            @match link {
                AddressLink::Ready(old_email) => {
                    p { "Heeft u uw e-mailadres niet zelf gewijzigd? Klik dan op de knop. Dan gebeurt dit:" }
                    ul {
                        li { strong { (old_email) } " wordt weer het e-mailadres van uw account." }
                        li { "Iedereen die nu op uw account is ingelogd, wordt uitgelogd." }
                        li { "U krijgt op dit adres een e-mail om een nieuw wachtwoord te kiezen." }
                    }
                    form method="post" action=(paths::email_revert(token)) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button" { "Zet mijn oude e-mailadres terug" } }
                    }
                    p { "Heeft u het adres wel zelf gewijzigd? Dan hoeft u niets te doen." }
                }
                AddressLink::Taken => {
                    div class="error-summary" role="alert" {
                        h2 class="error-summary__title" { "Dit adres hoort nu bij een ander account" }
                        p { "Daarom kunnen we het niet terugzetten. Neem contact op met de griffie van uw gemeente; zij helpen u verder." }
                    }
                }
                AddressLink::Gone => {
                    div class="error-summary" role="alert" {
                        h2 class="error-summary__title" { "Deze link werkt niet (meer)" }
                        p { "De link werkt 7 dagen en maar één keer. Of de link is niet helemaal gekopieerd." }
                    }
                    p { a href=(paths::FORGOT_PASSWORD) { "Wachtwoord vergeten?" } }
                }
            }
        },
    )
}

/// Where the account is logged in, with the way to end every session.
fn session_list(chrome: &Chrome, sessions: &[SessionLine], this_session: &str) -> Markup {
    html! {
        h2 id="sessies" { "Waar u bent ingelogd" }
        p { "Ziet u een apparaat dat u niet kent? Log dan uit op alle apparaten en kies een nieuw wachtwoord." }
        ul class="session-list" {
            @for session in sessions {
                li {
                    strong { (crate::domain::account::device_label(&session.device)) }
                    @if session.token_hash == this_session { " (dit apparaat)" }
                    br;
                    "Ingelogd: " (super::consultations::moment(session.created_at)) ", " (session.signed_in_with.label())
                    br;
                    "Laatst gebruikt: " (super::consultations::moment(session.last_used_at))
                }
            }
        }
        form method="post" action=(paths::END_SESSIONS) {
            (csrf_field(&chrome.csrf))
            div class="button-row" {
                button type="submit" class="button button--secondary" { "Log uit op alle apparaten" }
            }
        }
    }
}

/// After registering, for a new and a known address alike.
pub fn registration_sent(chrome: &Chrome) -> Markup {
    layout(
        chrome,
        "Kijk in uw mailbox",
        None,
        html! {
            h1 { "Kijk in uw mailbox" }
            p class="notice" role="status" tabindex="-1" autofocus { "We hebben een e-mail gestuurd naar het adres dat u invulde." }
            p { "Klik op de link in die e-mail. Daarmee bevestigt u uw e-mailadres en logt u meteen in. De link werkt 24 uur." }
            p { "Geen e-mail gekregen? Kijk ook bij uw ongewenste e-mail (spam). Had u al een account met dit adres? Dan staat in de e-mail hoe u inlogt." }
            p { a href=(paths::LOG_IN) { "Naar inloggen" } }
        },
    )
}

/// Behind the "was this you?" link: a button that lets this browser log in again.
pub fn unlock(chrome: &Chrome, token: &str, valid: bool) -> Markup {
    layout(
        chrome,
        "Weer inloggen op dit apparaat",
        None,
        html! {
            h1 { "Weer inloggen op dit apparaat" }
            @if valid {
                p { "Er is vaak met een verkeerd wachtwoord geprobeerd in te loggen op uw account. Was u dat zelf? Klik dan op de knop. Daarna kunt u op dit apparaat meteen weer inloggen." }
                form method="post" action=(paths::unlock(token)) {
                    (csrf_field(&chrome.csrf))
                    div class="button-row" { button type="submit" class="button" { "Laat mij weer inloggen" } }
                }
                p { "Was u het niet? Dan hoeft u niets te doen. Zonder uw wachtwoord komt niemand in uw account." }
            } @else {
                p { "Deze link werkt niet meer. Hij werkt een uur. Probeer opnieuw in te loggen: als het weer niet lukt, krijgt u een nieuwe e-mail." }
                p { a href=(paths::LOG_IN) { "Naar inloggen" } }
            }
        },
    )
}

/// The page behind the address confirmation link: a button that POSTs (`done` None),
/// then the outcome.
pub fn verify_email(chrome: &Chrome, action: &str, done: Option<bool>) -> Markup {
    layout(
        chrome,
        "E-mailadres bevestigen",
        None,
        html! {
            h1 { "E-mailadres bevestigen" }
            @match done {
                None => {
                    p { "Klik op de knop om te bevestigen dat dit e-mailadres van u is." }
                    form method="post" action=(action) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button" { "Bevestig mijn e-mailadres" } }
                    }
                }
                Some(true) => {
                    p class="notice" role="status" { "Uw e-mailadres is bevestigd. U kunt nu met één klik een reactie steunen." }
                    p { a href=(paths::CONSULTATIONS) { "Naar de inspraakronden" } }
                }
                Some(false) => {
                    p { "Deze link klopt niet. Kopieer de hele link uit de e-mail, of vraag op de pagina Mijn account een nieuwe e-mail aan." }
                }
            }
        },
    )
}

/// "Wachtwoord vergeten": the address to send the link to.
pub fn forgot_password(chrome: &Chrome, email: &str, errors: &FieldErrors) -> Markup {
    layout(
        chrome,
        "Wachtwoord vergeten",
        None,
        html! {
            h1 { "Wachtwoord vergeten" }
            p class="lead" { "Vul het e-mailadres van uw account in. U krijgt een e-mail met een link om een nieuw wachtwoord te kiezen." }
            (error_summary(errors))
            form method="post" action=(paths::FORGOT_PASSWORD) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("email", "E-mailadres", email).kind(Kind::Email).autocomplete("username").render(errors))
                div class="button-row" {
                    button type="submit" class="button" { "Stuur mij de link" }
                }
            }
            p { a href=(paths::LOG_IN) { "Terug naar inloggen" } }
        },
    )
}

/// After asking for a link: the same for every address, with or without an account.
pub fn forgot_password_sent(chrome: &Chrome) -> Markup {
    layout(
        chrome,
        "Kijk in uw mailbox",
        None,
        html! {
            h1 { "Kijk in uw mailbox" }
            p class="notice" role="status" tabindex="-1" autofocus { "Als er een account is met dit e-mailadres, krijgt u binnen een paar minuten een e-mail." }
            p { "Klik op de link in die e-mail en kies een nieuw wachtwoord. De link werkt een uur en maar één keer." }
            p { "Geen e-mail gekregen? Kijk ook bij uw ongewenste e-mail (spam). Heeft u misschien een ander e-mailadres gebruikt? Vraag de link dan voor dat adres." }
            p { a href=(paths::FORGOT_PASSWORD) { "Nog een keer vragen" } " · " a href=(paths::LOG_IN) { "Naar inloggen" } }
        },
    )
}

/// Behind the mailed link: the new password (`works`), or why the link no longer works.
pub fn new_password(chrome: &Chrome, token: &str, works: bool, errors: &FieldErrors) -> Markup {
    let password_hint = format!(
        "Minstens {MIN_PASSWORD_CHARS} tekens. Een zin van een paar woorden is makkelijk te onthouden."
    );
    layout(
        chrome,
        "Nieuw wachtwoord kiezen",
        None,
        html! {
            h1 { "Nieuw wachtwoord kiezen" }
            @if works {
                p { "Kies een nieuw wachtwoord voor uw account. Daarna wordt u op alle apparaten uitgelogd en logt u in met het nieuwe wachtwoord." }
                (error_summary(errors))
                form method="post" action=(paths::password_reset(token)) novalidate {
                    (csrf_field(&chrome.csrf))
                    (Field::new("password", "Nieuw wachtwoord", "").kind(Kind::Password).autocomplete("new-password").hint(&password_hint).render(errors))
                    (Field::new("password_confirmation", "Herhaal het nieuwe wachtwoord", "").kind(Kind::Password).autocomplete("new-password").render(errors))
                    div class="button-row" {
                        button type="submit" class="button" { "Wachtwoord opslaan" }
                    }
                }
            } @else {
                div class="error-summary" role="alert" {
                    h2 class="error-summary__title" { "Deze link werkt niet (meer)" }
                    p { "De link werkt een uur en maar één keer. Is uw wachtwoord daarna nog gewijzigd, dan werkt hij ook niet meer. Of de link is niet helemaal gekopieerd." }
                }
                p { a href=(paths::FORGOT_PASSWORD) { "Vraag een nieuwe link aan" } }
            }
        },
    )
}
