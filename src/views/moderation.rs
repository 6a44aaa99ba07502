//! Moderation: the queue, one post's review, the public log and the house rules.

use maud::{Markup, html};

use super::consultations::moment;
use super::form::{Field, Kind, csrf_field, error_summary, select};
use super::threads::Subject;
use super::threads::post_text;
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::consultations::ConsultationListing;
use crate::db::threads::{Flag, HouseRule, LoggedDecision, Post, QueueItem};
use crate::domain::thread::{DecisionInput, HouseRulesInput, ModerationAction, PostState};
use crate::domain::validation::FieldErrors;
use crate::paths;

fn state_label(state: PostState) -> &'static str {
    match state {
        PostState::Unconfirmed => "Nog niet bevestigd",
        PostState::Pending => "Wacht op goedkeuring",
        PostState::Visible => "Zichtbaar, gemeld",
        PostState::Held => "Tijdelijk verborgen na meldingen",
        PostState::Hidden => "Verborgen door een moderator",
        PostState::Deleted => "Verwijderd door auteur",
    }
}

fn flag_list(flags: &[Flag]) -> Markup {
    html! {
        ul {
            @for flag in flags {
                li {
                    (flag.reason) " (" (moment(flag.created_at)) ")"
                    @if flag.resolved_at.is_some() { " · afgehandeld" }
                }
            }
        }
    }
}

pub fn queue(chrome: &Chrome, items: &[QueueItem], message: Option<&str>) -> Markup {
    layout(
        chrome,
        "Moderatie",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Moderatie", "")]))
            h1 { "Berichten om te beoordelen" }
            (notice(message))
            p class="lead" { "Berichten die wachten op goedkeuring of die bezoekers hebben gemeld. Het oudste bericht staat bovenaan." }
            @if items.is_empty() {
                p { "Er zijn geen berichten om te beoordelen." }
            } @else {
                ol class="card-list card-list--single" {
                    @for item in items {
                        li class="card" {
                            h2 class="card__title" {
                                a href=(paths::post_review(&item.post.id)) { "Bericht van " (item.post.author_name) }
                            }
                            p class="card__meta" { (state_label(item.post.state())) " · " (moment(item.post.created_at)) " · " (item.consultation_title) }
                            blockquote class="post post--quoted" { (post_text(&item.post.body)) }
                            @if !item.open_flags.is_empty() {
                                p { "Meldingen (" (item.open_flags.len()) "):" }
                                (flag_list(&item.open_flags))
                            }
                            p { a href=(paths::post_review(&item.post.id)) { "Beoordeel dit bericht" span class="visually-hidden" { " van " (item.post.author_name) } } }
                        }
                    }
                }
            }
        },
    )
}

pub struct ReviewPage<'a> {
    pub post: &'a Post,
    pub subject: &'a Subject,
    pub rules: &'a [HouseRule],
    pub flags: &'a [Flag],
    pub history: &'a [LoggedDecision],
    /// The moderator wrote this post: someone else must decide.
    pub own: bool,
    pub input: &'a DecisionInput,
    pub errors: &'a FieldErrors,
}

/// The decisions that fit a post now, as `(value, label)`.
fn choices(post: &Post, open_flags: usize) -> Vec<(String, String)> {
    let state = post.state();
    [
        (
            ModerationAction::Approve,
            "Goedkeuren: het bericht past binnen de huisregels",
        ),
        (
            ModerationAction::Hide,
            "Verbergen: het bericht gaat in tegen een huisregel",
        ),
        (
            ModerationAction::Restore,
            "Terugzetten: het bericht weer tonen",
        ),
    ]
    .into_iter()
    .filter(|(action, _)| {
        action
            .apply(state, i64::try_from(open_flags).unwrap_or(i64::MAX))
            .is_ok()
    })
    .map(|(action, label)| (action.as_str().to_owned(), label.to_owned()))
    .collect()
}

pub fn review(chrome: &Chrome, page: &ReviewPage<'_>) -> Markup {
    let ReviewPage {
        post,
        subject,
        rules,
        flags,
        history,
        own,
        input,
        errors,
    } = page;
    let open_flags = flags.iter().filter(|f| f.resolved_at.is_none()).count();
    let choices = choices(post, open_flags);
    let rule_options: Vec<(String, String)> = std::iter::once((
        String::new(),
        "Kies een huisregel (bij verbergen)".to_owned(),
    ))
    .chain(
        rules
            .iter()
            .map(|rule| (rule.number.to_string(), rule.label())),
    )
    .collect();
    layout(
        chrome,
        "Bericht beoordelen",
        Some(&subject.listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Moderatie", paths::MODERATION), ("Bericht beoordelen", "")]))
            h1 { "Bericht van " (post.author_name) }
            p class="meta" {
                (state_label(post.state())) " · geplaatst " (moment(post.created_at))
                @if post.edited_at.is_some() { " · bewerkt" }
                " · in de discussie over " a href=(paths::post(&post.id)) { (subject.title) }
            }
            h2 { "Tekst" }
            @if post.state() == PostState::Deleted {
                p { "De schrijver heeft dit bericht verwijderd; de tekst is weg." }
            } @else {
                blockquote class="post post--quoted" { (post_text(&post.body)) }
                p class="form-hint" { "Moderatoren zien de tekst ook als het bericht verborgen is. Een moderator kan de tekst niet wijzigen." }
            }
            @if !flags.is_empty() {
                h2 { "Meldingen" }
                (flag_list(flags))
            }
            @if !history.is_empty() {
                h2 { "Eerdere besluiten" }
                (decision_list(history))
            }
            h2 { "Besluit" }
            @if *own {
                p { "Dit is uw eigen bericht. Een andere moderator beoordeelt het." }
            } @else if choices.is_empty() {
                p { "Bij dit bericht past nu geen besluit." }
            } @else {
                (error_summary(errors))
                form method="post" action=(paths::post_review(&post.id)) novalidate {
                    (csrf_field(&chrome.csrf))
                    fieldset class={ "fieldset" @if errors.get("action").is_some() { " form-field--invalid" } } {
                        legend { "Wat doet u met het bericht?" }
                        @if let Some(message) = errors.get("action") {
                            p class="form-error" id="action-error" { span class="visually-hidden" { "Fout: " } (message) }
                        }
                        @for (index, (value, label)) in choices.iter().enumerate() {
                            div class="form-field form-choice" {
                                input type="radio" id={ "action-" (value) } name="action" value=(value)
                                    checked[input.action == *value || (input.action.is_empty() && index == 0)];
                                label for={ "action-" (value) } { (label) }
                            }
                        }
                    }
                    (select("rule", "rule", "Huisregel", &rule_options, &input.rule, errors))
                    (Field::new("reason", "Uitleg (openbaar)", &input.reason).kind(Kind::TextArea { rows: 3 })
                        .hint("Deze uitleg staat in het moderatielogboek en in de e-mail aan de schrijver. Bij goedkeuren mag u dit leeg laten.").render(errors))
                    div class="button-row" { button type="submit" class="button" { "Besluit opslaan" } }
                }
            }
        },
    )
}

fn decision_list(decisions: &[LoggedDecision]) -> Markup {
    html! {
        ol class="moderation-log" {
            @for decision in decisions {
                li {
                    strong { (decision.action().label()) } " · " (moment(decision.decided_at))
                    " · " (decision.moderator_name.as_deref().unwrap_or("automatisch, na meldingen"))
                    @if let Some(rule) = &decision.rule { br; "Huisregel " (rule) }
                    br; (decision.reason)
                }
            }
        }
    }
}

/// Every decision in a consultation's discussion; hidden texts stay out.
pub fn public_log(
    chrome: &Chrome,
    listing: &ConsultationListing,
    decisions: &[LoggedDecision],
    moderates: bool,
) -> Markup {
    let consultation = &listing.consultation;
    let back = paths::consultation(&consultation.id);
    layout(
        chrome,
        "Moderatielogboek",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&consultation.title, &back), ("Moderatielogboek", "")]))
            h1 { "Moderatielogboek" }
            p class="lead" { "Elk besluit van een moderator over een bericht in de discussies van deze inspraakronde: wie, wanneer, welke huisregel en waarom. De tekst van verborgen berichten staat hier niet." }
            @if decisions.is_empty() {
                p { "Er zijn nog geen besluiten genomen." }
            } @else {
                div class="table-wrapper" {
                    table class="data-table data-table--stack" {
                        caption class="visually-hidden" { "Besluiten van moderatoren, nieuwste eerst" }
                        thead { tr { th scope="col" { "Wanneer" } th scope="col" { "Besluit" } th scope="col" { "Huisregel" } th scope="col" { "Uitleg" } th scope="col" { "Door" } th scope="col" { "Bericht" } } }
                        tbody {
                            @for decision in decisions {
                                tr {
                                    td { (moment(decision.decided_at)) }
                                    td data-label="Besluit" { (decision.action().label()) }
                                    td data-label="Huisregel" { (decision.rule.as_deref().unwrap_or("–")) }
                                    td data-label="Uitleg" { (decision.reason) }
                                    td data-label="Door" { (decision.moderator_name.as_deref().unwrap_or("automatisch, na meldingen")) }
                                    td data-label="Bericht" {
                                        a href=(paths::post(&decision.post_id)) { "Naar het bericht" }
                                        @if moderates { br; a href=(paths::post_review(&decision.post_id)) { "Tekst (moderator)" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { a href=(paths::HOUSE_RULES) { "De huisregels" } }
        },
    )
}

pub fn house_rules_page(chrome: &Chrome, rules: &[HouseRule]) -> Markup {
    layout(
        chrome,
        "Huisregels",
        None,
        html! {
            h1 { "Huisregels" }
            p class="lead" { "Op Inspraak praten inwoners, organisaties en de gemeente met elkaar over plannen. Deze regels zorgen dat iedereen dat prettig en veilig kan doen." }
            ol class="prose" {
                @for rule in rules {
                    li id={ "regel-" (rule.number) } { strong { (rule.title) "." } " " (rule.body) }
                }
            }
            h2 { "Wat doet de moderator?" }
            p { "Een moderator kan een bericht verbergen als het tegen deze regels ingaat. Op de plek van het bericht staat dan wanneer en waarom het verborgen is; reacties op het bericht blijven staan. De schrijver krijgt een e-mail. Elke beslissing staat in het openbare moderatielogboek van de inspraakronde." }
            p { "Een moderator kan de tekst van een bericht niet veranderen, en beoordeelt nooit een eigen bericht." }
            h2 { "Melden" }
            p { "Ziet u een bericht dat niet past? Klik bij het bericht op \u{201c}Melden\u{201d}. Melden drie verschillende mensen hetzelfde bericht, dan verbergen wij het tot een moderator het heeft bekeken." }
        },
    )
}

pub fn house_rules_form(
    chrome: &Chrome,
    input: &HouseRulesInput,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Markup {
    let rows = input.title.len().max(input.body.len()) + 1;
    let value = |list: &[String], index: usize| list.get(index).cloned().unwrap_or_default();
    layout(
        chrome,
        "Huisregels bewerken",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Beheer", paths::ADMIN), ("Huisregels", "")]))
            h1 { "Huisregels bewerken" }
            (notice(message))
            p { "De regels staan naast elke discussie en op de pagina " a href=(paths::HOUSE_RULES) { "Huisregels" } ". Laat een regel helemaal leeg om hem weg te halen. De lege regel onderaan is voor een nieuwe regel. Eerdere besluiten van moderatoren houden de naam van de regel zoals die toen was." }
            (error_summary(errors))
            form method="post" action=(paths::ADMIN_HOUSE_RULES) novalidate {
                (csrf_field(&chrome.csrf))
                @for index in 0..rows {
                    @let n = index + 1;
                    fieldset class="fieldset" {
                        legend { "Regel " (n) }
                        (Field::new(&format!("title_{n}"), &format!("Naam van regel {n}"), &value(&input.title, index)).name("title").optional().render(errors))
                        (Field::new(&format!("body_{n}"), &format!("Uitleg van regel {n}"), &value(&input.body, index)).name("body").kind(Kind::TextArea { rows: 3 }).optional().render(errors))
                    }
                }
                div class="button-row" { button type="submit" class="button" { "Huisregels opslaan" } }
            }
        },
    )
}
