//! Two-factor authentication: setting it up with a QR code (drawn here as SVG, no
//! script, no outside service), the recovery codes shown once, and the code at log-in.

use maud::{Markup, html};

use super::form::{Field, Kind, csrf_field, error_summary};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::domain::validation::FieldErrors;
use crate::paths;

/// Where the account stands.
pub enum Settings<'a> {
    Off,
    /// A secret waits for its first code: how to add it to the app.
    Pending {
        secret_text: &'a str,
        otpauth_url: &'a str,
    },
    On {
        since: chrono::NaiveDateTime,
        codes_left: i64,
        /// The person's roles ask for it, so it cannot be turned off here.
        required: bool,
    },
}

/// The QR code of `data` as an SVG of one path, each dark module a unit square, with a
/// quiet zone of four modules.
pub fn qr_code(data: &str, label: &str) -> Markup {
    let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else {
        return html! {};
    };
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (index, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (index % width + 4, index / width + 4);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let size = width + 8;
    let view_box = format!("0 0 {size} {size}");
    html! {
        svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) width="240" height="240" role="img" aria-label=(label) shape-rendering="crispEdges" {
            rect width=(size) height=(size) fill="#fff" {}
            path d=(path) fill="#000" {}
        }
    }
}

pub fn settings(
    chrome: &Chrome,
    settings: Settings<'_>,
    message: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    // Two password forms on one page: each shows only its own error.
    let only = |field: &str| {
        errors
            .get(field)
            .map_or_else(FieldErrors::default, |message| {
                FieldErrors::single(field, message)
            })
    };
    let (renew_errors, off_errors) = (only("renew_password"), only("off_password"));
    layout(
        chrome,
        "Tweestapsverificatie",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Mijn account", paths::ACCOUNT), ("Tweestapsverificatie", paths::TWO_FACTOR)]))
            h1 { "Tweestapsverificatie" }
            (notice(message))
            @match settings {
                Settings::Off => {
                    p { "Met tweestapsverificatie vragen wij na uw wachtwoord ook een code van zes cijfers. Die code maakt een app op uw telefoon, bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP. Zo komt niemand in uw account met alleen uw wachtwoord." }
                    form method="post" action=(paths::TWO_FACTOR_START) {
                        (csrf_field(&chrome.csrf))
                        div class="button-row" { button type="submit" class="button" { "Tweestapsverificatie instellen" } }
                    }
                }
                Settings::Pending { secret_text, otpauth_url } => {
                    ol class="steps" {
                        li { "Open de app op uw telefoon en kies \"account toevoegen\"." }
                        li {
                            "Scan deze QR-code met de app."
                            div { (qr_code(otpauth_url, "QR-code om uw Inspraak-account aan de app toe te voegen")) }
                            "Lukt scannen niet? Typ dan deze sleutel over: "
                            code class="secret" { (secret_text) }
                        }
                        li { "Vul hieronder de code van zes cijfers in die de app nu laat zien, en uw wachtwoord." }
                    }
                    (error_summary(errors))
                    form method="post" action=(paths::TWO_FACTOR) novalidate {
                        (csrf_field(&chrome.csrf))
                        (Field::new("code", "Code uit de app", "").autocomplete("one-time-code").hint("Zes cijfers, bijvoorbeeld 123456.").render(errors))
                        (Field::new("totp_password", "Uw wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(errors))
                        div class="button-row" { button type="submit" class="button" { "Zet tweestapsverificatie aan" } }
                    }
                }
                Settings::On { since, codes_left, required } => {
                    p { "Tweestapsverificatie staat aan sinds " (super::consultations::moment(since)) ". Na uw wachtwoord vragen wij een code uit uw app." }
                    p { "U heeft nog " (crate::domain::words::plural(codes_left, "herstelcode", "herstelcodes")) " over. Met een herstelcode logt u in als u uw telefoon niet bij de hand heeft." }
                    h2 { "Nieuwe herstelcodes" }
                    p { "Bijna op, of kwijt? Maak tien nieuwe herstelcodes. De oude werken dan niet meer." }
                    (error_summary(&renew_errors))
                    form method="post" action=(paths::RECOVERY_CODES) novalidate {
                        (csrf_field(&chrome.csrf))
                        (Field::new("renew_password", "Uw wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(&renew_errors))
                        div class="button-row" { button type="submit" class="button button--secondary" { "Maak nieuwe herstelcodes" } }
                    }
                    h2 { "Tweestapsverificatie uitzetten" }
                    @if required {
                        p { "Voor uw werk voor de gemeente of als beheerder blijft tweestapsverificatie aan. Telefoon en herstelcodes kwijt? Vraag de beheerder het uit te zetten. Die gaat eerst na wie u bent." }
                    } @else {
                        p { "Zet u het uit, dan logt u weer alleen met uw wachtwoord in. Uw herstelcodes werken dan niet meer." }
                        (error_summary(&off_errors))
                        form method="post" action=(paths::TWO_FACTOR_OFF) novalidate {
                            (csrf_field(&chrome.csrf))
                            (Field::new("off_password", "Uw wachtwoord", "").kind(Kind::Password).autocomplete("current-password").render(&off_errors))
                            div class="button-row" { button type="submit" class="button button--secondary" { "Zet tweestapsverificatie uit" } }
                        }
                    }
                }
            }
            p { a href=(paths::ACCOUNT) { "Terug naar mijn account" } }
        },
    )
}

/// Right after turning it on (or making new ones): the recovery codes, shown this once.
pub fn recovery_codes(chrome: &Chrome, codes: &[String], new: bool) -> Markup {
    layout(
        chrome,
        "Bewaar uw herstelcodes",
        None,
        html! {
            h1 { "Bewaar uw herstelcodes" }
            div class="notice" role="status" tabindex="-1" autofocus {
                p { @if new { "Uw nieuwe herstelcodes zijn gemaakt. De oude werken niet meer." } @else { "Tweestapsverificatie staat aan." } }
            }
            p { "Heeft u uw telefoon niet bij de hand, of bent u hem kwijt? Dan logt u in met één van deze codes. Elke code werkt één keer." }
            p { strong { "U ziet deze codes maar één keer." } " Print ze of schrijf ze op, en bewaar ze op een veilige plek." }
            ul class="recovery-codes" {
                @for code in codes { li { code { (code) } } }
            }
            p { a href=(paths::ACCOUNT) { "Ik heb ze bewaard: naar mijn account" } }
        },
    )
}

/// The second step of logging in.
pub fn login_code(chrome: &Chrome, next: &str, errors: &FieldErrors) -> Markup {
    layout(
        chrome,
        "Code invullen",
        None,
        html! {
            h1 { "Code invullen" }
            p { "Open de app op uw telefoon en vul de code van zes cijfers in. Telefoon niet bij de hand? Vul dan één van uw herstelcodes in." }
            (error_summary(errors))
            form method="post" action=(paths::with_next(paths::LOGIN_CODE, next)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("code", "Code", "").autocomplete("one-time-code").hint("Zes cijfers uit de app, of een herstelcode.").render(errors))
                div class="button-row" { button type="submit" class="button" { "Inloggen" } }
            }
            p { a href=(paths::LOG_IN) { "Opnieuw beginnen met inloggen" } }
        },
    )
}
