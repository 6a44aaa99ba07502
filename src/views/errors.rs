//! Error pages: say what happened and what to do, and nothing about the inside.

use maud::{Markup, html};

use super::{Chrome, layout};
use crate::domain::id::ConsultationId;
use crate::paths;

/// An error page inside the person's own header, so nobody thinks they were logged out.
fn page(chrome: &Chrome, title: &str, body: Markup) -> Markup {
    layout(
        chrome,
        title,
        None,
        html! {
            h1 { (title) }
            (body)
            p { a href="/" { "Naar de startpagina" } }
        },
    )
}

pub fn not_found(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Pagina niet gevonden",
        html! {
            p { "Deze pagina bestaat niet (meer). Misschien is de link verkeerd overgenomen." }
        },
    )
}

pub fn forbidden(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Geen toegang",
        html! {
            p { "U mag deze pagina niet bekijken of dit niet doen met uw account." }
            p { "Denkt u dat dit niet klopt? Neem dan contact op met de griffie van uw gemeente." }
        },
    )
}

pub fn csrf_rejected(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Het formulier is verlopen",
        html! {
            p { "Wij konden niet controleren dat dit formulier van deze website kwam. Er is niets opgeslagen." }
            p { "Ga terug, laad de pagina opnieuw en probeer het nog een keer." }
        },
    )
}

pub fn invalid_text(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Wij konden uw tekst niet lezen",
        html! {
            p { "In wat u stuurde, staan tekens die wij niet kunnen lezen. Er is niets opgeslagen." }
            p { "Dat gebeurt soms als tekst uit een ander programma is geplakt. Ga terug met de knop Vorige van uw browser, typ de tekst opnieuw of plak hem als platte tekst, en probeer het nog eens." }
        },
    )
}

pub fn bad_request(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Dit verzoek klopt niet",
        html! {
            p { "De gegevens die wij kregen, konden wij niet lezen. Er is niets opgeslagen." }
        },
    )
}

/// Something that was allowed a moment ago and is not any more (such as the deadline).
pub fn not_now(chrome: &Chrome, message: &str) -> Markup {
    page(
        chrome,
        "Dit kan niet (meer)",
        html! {
            p { (message) }
            p { "Er is niets opgeslagen." }
        },
    )
}

/// A consultation that no longer takes reactions.
pub fn closed(chrome: &Chrome, title: &str, id: &ConsultationId) -> Markup {
    layout(
        chrome,
        "Reageren is gesloten",
        None,
        html! {
            h1 { "Reageren is gesloten" }
            p { "De inspraakronde “" (title) "” is gesloten. U kunt niet meer reageren." }
            p { a href=(paths::consultation(id)) { "Terug naar de inspraakronde" } }
        },
    )
}

/// A write that a database rule refused (a unique key or a reference), where no form of
/// its own explains it: nothing was written, and the browser's Back keeps what was typed.
pub fn refused_write(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Dit kon niet worden opgeslagen",
        html! {
            p { "Iets wat u wilde opslaan, bestaat al of past niet meer bij wat er nu is opgeslagen. Meestal heeft iemand anders net hetzelfde gedaan. Er is niets opgeslagen." }
            p { "Ga terug met de knop Vorige van uw browser: wat u typte staat daar nog. Laad de pagina daarna opnieuw en probeer het nog eens." }
        },
    )
}

pub fn internal(chrome: &Chrome) -> Markup {
    page(
        chrome,
        "Er ging iets mis",
        html! {
            p { "Door een fout bij ons kon dit nu niet. Er is niets half opgeslagen. Probeer het over een paar minuten opnieuw." }
        },
    )
}
