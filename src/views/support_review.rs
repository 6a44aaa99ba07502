//! The griffie's co-signing pages: the table of postcodes and wijken, and the review of
//! held signatures.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use maud::{Markup, html};

use super::consultations::moment;
use super::form::{Field, Kind, csrf_field, error_summary};
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::consultations::ConsultationListing;
use crate::db::councils::Council;
use crate::db::signatures::{Burst, HeldGroup, SignatureReview};
use crate::domain::signature::{OTHER_DISTRICT, is_common_provider};
use crate::domain::validation::FieldErrors;
use crate::domain::words::plural;
use crate::paths;

pub struct DistrictsPage<'a> {
    pub council: &'a Council,
    /// Postcodes in the table now.
    pub count: i64,
    /// Each wijk with its number of postcodes.
    pub summary: &'a [(String, i64)],
    pub errors: &'a FieldErrors,
    /// What is wrong with the first bad lines of a refused file.
    pub details: &'a [String],
    pub message: Option<&'a str>,
}

pub fn districts(chrome: &Chrome, page: DistrictsPage<'_>) -> Markup {
    let DistrictsPage {
        council,
        count,
        summary,
        errors,
        details,
        message,
    } = page;
    let error = errors.get("file");
    let described_by = if error.is_some() {
        "file-hint file-error"
    } else {
        "file-hint"
    };
    layout(
        chrome,
        "Wijken en postcodes",
        Some(&council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), ("Wijken en postcodes", "")]))
            h1 { "Wijken en postcodes" }
            (notice(message))
            (error_summary(errors))
            p class="lead" { "Wie steun geeft aan een reactie, vult een postcode in. Met deze tabel zoekt Inspraak de wijk daarbij. Zo ziet iedereen uit welke wijken de steun komt. De postcode zelf bewaren wij niet." }
            @if count == 0 {
                p { "Er staan nog geen postcodes in de tabel van " (council.name) ". Alle steun telt nu mee bij “" (OTHER_DISTRICT) "”." }
            } @else {
                p { "In de tabel van " (council.name) " staan nu " strong { (plural(count, "postcode", "postcodes")) } " in " (summary.len()) @if summary.len() == 1 { " wijk." } @else { " wijken." } }
                details {
                    summary { "Bekijk de wijken" }
                    div class="table-wrapper" {
                        table class="data-table data-table--stack" {
                            caption { "Wijken met hun aantal postcodes" }
                            thead { tr { th scope="col" { "Wijk" } th scope="col" { "Aantal postcodes" } } }
                            tbody {
                                @for (district, n) in summary {
                                    tr { td { (district) } td data-label="Aantal postcodes" { (n) } }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Een nieuwe tabel uploaden" }
            p { "Een nieuw bestand vervangt de hele tabel. Zo moet het bestand eruitzien:" }
            ul {
                li { "Op elke regel eerst de postcode, dan de naam van de wijk." }
                li { "Tussen postcode en wijk staat een komma of een puntkomma. Excel doet dat vanzelf als u het blad opslaat als ‘CSV UTF-8’." }
                li { "Een postcode is 4 cijfers (1234) voor een heel gebied, of 4 cijfers en 2 letters (1234 AB) voor één straatkant. Staat een postcode er allebei in, dan telt de volledige postcode." }
                li { "De eerste regel mag een kopregel zijn, zoals: postcode;wijk." }
                li { "De naam van een wijk is hoogstens 80 tekens." }
            }
            p { "Voorbeeld:" }
            pre { code { "postcode;wijk\n1234;De Horst\n1235 AB;Molenkwartier\n1235 AC;Molenkwartier" } }
            form method="post" action=(paths::districts(&council.slug)) enctype="multipart/form-data" novalidate {
                (csrf_field(&chrome.csrf))
                div class={ "form-field" @if error.is_some() { " form-field--invalid" } } {
                    label class="form-label" for="file" { "CSV-bestand met postcodes en wijken" }
                    p class="form-hint" id="file-hint" { "Hoogstens 2 MB." }
                    @if let Some(message) = error {
                        div class="form-error" id="file-error" {
                            p { span class="visually-hidden" { "Fout: " } (message) }
                            @if !details.is_empty() {
                                ul {
                                    @for detail in details { li { (detail) } }
                                }
                            }
                        }
                    }
                    input class="form-input" type="file" id="file" name="file" accept=".csv,text/csv" required
                        aria-describedby=(described_by)
                        aria-invalid=[error.map(|_| "true")];
                }
                div class="button-row" { button type="submit" class="button" { "Tabel vervangen" } }
            }
        },
    )
}

/// Short labels for networks ("Netwerk 1"), numbered by when they first signed in this
/// consultation, so a label stays the same while new networks come in. The network
/// itself (a keyed hash of its addresses) is never shown.
#[derive(Debug, Default)]
pub struct NetworkLabels(HashMap<String, String>);

impl NetworkLabels {
    pub fn new(
        first_seen: &[(String, NaiveDateTime)],
        reviews: &[(SignatureReview, Option<String>)],
    ) -> Self {
        let mut labels = HashMap::new();
        let mut next = 1;
        let mut add = |hash: &str| {
            if !labels.contains_key(hash) {
                labels.insert(hash.to_owned(), format!("Netwerk {next}"));
                next += 1;
            }
        };
        for (hash, _) in first_seen {
            add(hash);
        }
        // Networks whose signatures are gone (expired) keep a label for the log.
        for (review, _) in reviews.iter().rev() {
            add(&review.source_hash);
        }
        Self(labels)
    }

    pub fn of(&self, source_hash: &str) -> &str {
        self.0
            .get(source_hash)
            .map_or("Onbekend netwerk", String::as_str)
    }
}

pub struct ReviewPage<'a> {
    pub listing: &'a ConsultationListing,
    pub groups: &'a [HeldGroup],
    pub network_bursts: &'a [Burst],
    pub domain_bursts: &'a [Burst],
    pub burst_at_least: i64,
    /// Past decisions, newest first, with the name of who decided.
    pub reviews: &'a [(SignatureReview, Option<String>)],
    pub labels: &'a NetworkLabels,
    /// Whether approving is still possible (only while the round is open).
    pub approvable: bool,
    pub errors: &'a FieldErrors,
    /// The row of the group whose form came back, with the reason as typed.
    pub typed: Option<(usize, &'a str)>,
    pub message: Option<&'a str>,
    pub problem: Option<&'a str>,
}

fn decision_label(decision: &str) -> &'static str {
    match decision {
        "approved" => "Goedgekeurd",
        "voided" => "Ongeldig verklaard",
        _ => "Onbekend",
    }
}

pub fn review(chrome: &Chrome, page: ReviewPage<'_>) -> Markup {
    let ReviewPage {
        listing,
        groups,
        network_bursts,
        domain_bursts,
        burst_at_least,
        reviews,
        labels,
        approvable,
        errors,
        typed,
        message,
        problem,
    } = page;
    let consultation = &listing.consultation;
    let manage = paths::manage_consultation(&consultation.id);
    let action = format!("{manage}/steun");
    layout(
        chrome,
        "Steunbetuigingen controleren",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Griffie", paths::GRIFFIE), (&consultation.title, &manage), ("Steunbetuigingen", "")]))
            h1 { "Steunbetuigingen controleren" }
            (notice(message))
            @if let Some(problem) = problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus {
                    h2 class="error-summary__title" { "Dit kan niet" }
                    p { (problem) }
                }
            }
            (error_summary(errors))
            p class="lead" { "Geven veel mensen in korte tijd steun vanaf hetzelfde netwerk of met hetzelfde soort e-mailadres, dan houdt Inspraak die steun vast. De ondertekenaars krijgen dan nog geen e-mail. U beslist hier of die steun mag meetellen." }
            p { "Een netwerk is bijvoorbeeld het wifi van een buurthuis, een school of een bedrijf. Wij tonen het alleen met een nummer, niet met het adres." }

            h2 { "Vastgehouden steun" }
            @if groups.is_empty() {
                p { "Er wordt nu geen steun vastgehouden." }
            }
            @for (index, group) in groups.iter().enumerate() {
                @let row = index + 1;
                @let label = labels.of(&group.source_hash);
                @let field_id = format!("reason_{row}");
                @let heading_id = format!("groep-{row}");
                @let field_label = format!("Reden van uw besluit over {label}, {}", group.domain);
                @let value = match typed { Some((typed_row, reason)) if typed_row == row => reason, _ => "" };
                section class="card" aria-labelledby=(heading_id) {
                    h3 id=(heading_id) { (label) ", e-mailadressen van " (group.domain) }
                    dl class="summary-list" {
                        dt { "Vastgehouden" } dd { (plural(group.count, "steunbetuiging", "steunbetuigingen")) }
                        dt { "Eerste" } dd { (moment(group.first)) }
                        dt { "Laatste" } dd { (moment(group.last)) }
                    }
                    form method="post" action=(action) novalidate {
                        (csrf_field(&chrome.csrf))
                        input type="hidden" name="source_hash" value=(group.source_hash);
                        input type="hidden" name="domain" value=(group.domain);
                        (Field::new(&field_id, &field_label, value).name("reason").kind(Kind::TextArea { rows: 3 })
                            .hint("Bijvoorbeeld: een bewonersavond in het buurthuis, of: veel nepadressen. De reden komt in de lijst van besluiten op deze pagina.")
                            .render(errors))
                        @if approvable {
                            p class="form-hint" { "Goedkeuren: iedere ondertekenaar krijgt een e-mail en telt pas mee na bevestigen. Ongeldig verklaren: de steun telt niet mee en er gaat geen e-mail." }
                        } @else {
                            p class="form-hint" { "De inspraakronde is gesloten. Goedkeuren kan niet meer; ongeldig verklaren wel." }
                        }
                        div class="button-row" {
                            @if approvable {
                                button type="submit" name="decision" value="approve" class="button" { "Goedkeuren" span class="visually-hidden" { ": " (label) ", " (group.domain) } }
                            }
                            button type="submit" name="decision" value="void" class="button button--danger" { "Ongeldig verklaren" span class="visually-hidden" { ": " (label) ", " (group.domain) } }
                        }
                    }
                }
            }

            h2 { "Verdachte pieken in het afgelopen uur" }
            p { "Netwerken en e-maildomeinen met " (burst_at_least) " of meer steunbetuigingen in het afgelopen uur. Deze steun is niet vastgehouden. Kijk of het klopt, bijvoorbeeld of er een bijeenkomst was." }
            @if network_bursts.is_empty() && domain_bursts.is_empty() {
                p { "Geen pieken in het afgelopen uur." }
            }
            @if !network_bursts.is_empty() {
                (burst_table("Netwerken met veel steun in het afgelopen uur", "Netwerk", network_bursts, |b| labels.of(&b.key).to_owned()))
            }
            @if !domain_bursts.is_empty() {
                (burst_table("E-maildomeinen met veel steun in het afgelopen uur", "E-maildomein", domain_bursts, |b| {
                    if is_common_provider(&b.key) {
                        format!("{} (grote aanbieder: veel steun is hier normaal)", b.key)
                    } else {
                        b.key.clone()
                    }
                }))
            }

            h2 { "Eerdere besluiten" }
            @if reviews.is_empty() {
                p { "Nog geen besluiten." }
            } @else {
                div class="table-wrapper" {
                    table class="data-table data-table--stack" {
                        caption { "Besluiten over vastgehouden steun, nieuwste eerst" }
                        thead { tr {
                            th scope="col" { "Datum" } th scope="col" { "Besluit" } th scope="col" { "Netwerk" }
                            th scope="col" { "E-maildomein" } th scope="col" { "Aantal" } th scope="col" { "Reden" } th scope="col" { "Door" }
                        } }
                        tbody {
                            @for (decision, by) in reviews {
                                tr {
                                    td { (moment(decision.decided_at)) }
                                    td data-label="Besluit" { (decision_label(&decision.decision)) }
                                    td data-label="Netwerk" { (labels.of(&decision.source_hash)) }
                                    td data-label="E-maildomein" { (decision.email_domain) }
                                    td data-label="Aantal" { (decision.signatures) }
                                    td data-label="Reden" { (decision.reason) }
                                    td data-label="Door" { (by.as_deref().unwrap_or("onbekend")) }
                                }
                            }
                        }
                    }
                }
            }
            p { a href=(manage) { "Terug naar de inspraakronde" } }
        },
    )
}

fn burst_table(
    caption: &str,
    heading: &str,
    bursts: &[Burst],
    name: impl Fn(&Burst) -> String,
) -> Markup {
    html! {
        div class="table-wrapper" {
            table class="data-table data-table--stack" {
                caption { (caption) }
                thead { tr {
                    th scope="col" { (heading) } th scope="col" { "Steunbetuigingen" } th scope="col" { "Eerste" } th scope="col" { "Laatste" }
                } }
                tbody {
                    @for burst in bursts {
                        tr {
                            td { (name(burst)) }
                            td data-label="Steunbetuigingen" { (burst.count) }
                            td data-label="Eerste" { (moment(burst.first)) }
                            td data-label="Laatste" { (moment(burst.last)) }
                        }
                    }
                }
            }
        }
    }
}
