//! The nota van beantwoording: the public page, the writers' desk, one answer's form,
//! and the clerk's form for the raad's decisions.

use maud::{Markup, html};

use super::consultations::moment;
use super::form::{Field, Kind, csrf_field, error_summary};
use super::threads::post_text;
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::answers::{RevisionListing, VersionListing};
use crate::db::consultations::{ConsultationListing, DecisionPoint};
use crate::domain::answer::{
    AnswerDocument, AnswerGroup, AnswerNote, AnsweredReaction, Conclusion, GroupInput, NoteInput,
    NoteState, Outcome, OutcomeDraft, OutcomeInput, PointOutcome, reaction_numbers,
};
use crate::domain::id::{ConsultationId, ReactionId, UserId};
use crate::domain::time::long_date_time;
use crate::domain::validation::FieldErrors;
use crate::domain::words::plural;
use crate::paths;

/// Everything the writers' desk shows, for someone who may write the nota.
pub struct Desk {
    pub listing: ConsultationListing,
    pub points: Vec<DecisionPoint>,
    pub note: Option<AnswerNote>,
    pub reactions: Vec<AnsweredReaction>,
    pub revisions: Vec<RevisionListing>,
    /// Named writers `(user_id, name)`; only clerks manage them.
    pub writers: Vec<(UserId, String)>,
    pub is_clerk: bool,
    pub user_id: UserId,
    /// When the round opened, for the procedure section.
    pub opened_at: chrono::NaiveDateTime,
}

pub fn public_path(consultation_id: &ConsultationId) -> String {
    paths::answer_note(consultation_id)
}

fn conclusion_badge(conclusion: Conclusion) -> Markup {
    let class = match conclusion {
        Conclusion::LeadsToChange => "badge badge--open",
        Conclusion::NoChange => "badge badge--concept",
        Conclusion::OutOfScope => "badge badge--archived",
    };
    html! { span class=(class) { (conclusion.label()) } }
}

/// The decisions per beslispunt, as the consultation page and the nota show them.
pub fn outcomes_list(outcomes: &[PointOutcome]) -> Markup {
    html! {
        ul class="outcome-list" {
            @for o in outcomes {
                li {
                    strong { "Beslispunt " (o.number) ". " (o.title) ": " (o.outcome.label()) }
                    @if !o.explanation.is_empty() { " " (o.explanation) }
                    @if let Some(url) = &o.decision_url {
                        " " a href=(url) rel="noopener" { "Lees het besluit" span class="visually-hidden" { " over beslispunt " (o.number) } }
                    }
                }
            }
        }
    }
}

/// One answer with the reactions it answers; `link_reactions` links them to their pages.
fn answer(group: &AnswerGroup, heading_level: u8, link_reactions: bool) -> Markup {
    let heading = format!("Antwoord {}: {}", group.number, group.heading());
    html! {
        section class="answer" id={ "antwoord-" (group.number) } aria-labelledby={ "antwoord-" (group.number) "-titel" } {
            @if heading_level == 2 {
                h2 id={ "antwoord-" (group.number) "-titel" } { (heading) }
            } @else {
                h3 id={ "antwoord-" (group.number) "-titel" } { (heading) }
            }
            p { "Conclusie: " (conclusion_badge(group.conclusion)) }
            ul class="answer__reactions" {
                @for r in &group.reactions {
                    li {
                        @if link_reactions {
                            a href=(paths::reaction(&r.reaction_id)) { (r.label()) }
                        } @else {
                            (r.label())
                        }
                        ", reactie " (r.number) ": " (r.title)
                        @if r.withdrawn { " " span class="badge badge--archived" { "Ingetrokken" } }
                    }
                }
            }
            h4 { "Wat de indieners schreven" }
            (post_text(&group.summary))
            h4 { "Antwoord van de gemeente" }
            (post_text(&group.reply))
        }
    }
}

/// The published nota for everyone: procedure, answers, changes and decisions.
pub fn public_note(
    chrome: &Chrome,
    listing: &ConsultationListing,
    document: &AnswerDocument,
    versions: &[VersionListing],
) -> Markup {
    let consultation = &listing.consultation;
    let note = &document.note;
    let newest = versions.first().map(|v| v.version);
    let pdf = format!(
        "{}/versie/{}/nota-van-beantwoording.pdf",
        paths::answer_note(&consultation.id),
        note.version
    );
    layout(
        chrome,
        &format!("Nota van beantwoording – {}", consultation.title),
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Inspraakronden", paths::CONSULTATIONS), (&consultation.title, &paths::consultation(&consultation.id)), ("Nota van beantwoording", "")]))
            h1 { "Nota van beantwoording" }
            p class="lead" { (consultation.title) }
            p {
                "Versie " (note.version)
                @if let Some(at) = note.published_at { ", gepubliceerd op " (moment(at)) }
                "."
            }
            @if newest.is_some_and(|v| v > note.version) {
                div class="notice" role="status" {
                    p { "Dit is een oudere versie. " a href=(paths::answer_note(&consultation.id)) { "Lees de nieuwste versie" } "." }
                }
            }
            p { a class="button button--secondary" href=(pdf) download { "Download als PDF" } }
            (note_body(&consultation.id, document, versions))
        },
    )
}

/// What the public page of a nota says below its title, also shown in the preview before
/// publishing.
fn note_body(
    consultation_id: &ConsultationId,
    document: &AnswerDocument,
    versions: &[VersionListing],
) -> Markup {
    let note = &document.note;
    html! {
        @if !document.outcomes.is_empty() {
            h2 { "Besluit van de raad" }
            (outcomes_list(&document.outcomes))
        }
        h2 { "Procedure" }
        (post_text(&note.procedure))
        h2 { "In het kort" }
        ul {
            @for (conclusion, count) in note.conclusion_counts() {
                li { (conclusion.label()) ": " (plural(count, "reactie", "reacties")) }
            }
        }
        p { "Organisaties noemen we bij naam. Inwoners noemen we niet bij naam, maar met een nummer." }
        h2 { "Reacties en antwoorden" }
        @for group in &note.groups {
            (answer(group, 3, true))
        }
        h2 { "Wijzigingen in de beleidsnotitie" }
        @for change in &note.changes {
            h3 { "Beslispunt " (change.number) ". " (change.title) }
            @if change.change.is_empty() {
                p { "Geen wijziging." }
            } @else {
                (post_text(&change.change))
            }
        }
        @if versions.len() > 1 {
            h2 { "Alle versies" }
            ul {
                @for v in versions {
                    li {
                        @if v.version == note.version {
                            "Versie " (v.version) " (deze pagina)"
                        } @else {
                            a href=(paths::answer_note_version(consultation_id, v.version)) { "Versie " (v.version) }
                        }
                        @if let Some(at) = v.published_at { ", gepubliceerd op " (moment(at)) }
                    }
                }
            }
        }
    }
}

/// What publishing sends, for the preview: how many mails, and one of them as it reads.
pub struct PublishMails {
    pub count: usize,
    /// The subject and text of the first one.
    pub sample: Option<(String, String)>,
}

/// "Check before you act" before publishing: the public page as it will be, and the mails.
pub fn confirm_publish(
    chrome: &Chrome,
    desk: &Desk,
    document: &AnswerDocument,
    mails: &PublishMails,
) -> Markup {
    let consultation = &desk.listing.consultation;
    let note = &document.note;
    layout(
        chrome,
        "Nota publiceren",
        Some(&desk.listing.council.name),
        html! {
            (breadcrumbs(&[("Griffie", paths::GRIFFIE), (&consultation.title, &paths::manage_consultation(&consultation.id)), ("Nota van beantwoording", &desk_path(desk)), ("Publiceren", "")]))
            h1 { "Nota publiceren?" }
            div class="warning-text" {
                h2 { "Wat er gebeurt" }
                ul {
                    li { "Versie " (note.version) " van de nota van beantwoording staat daarna openbaar op " a href=(paths::answer_note(&consultation.id)) { "de pagina van de nota" } ". Deze versie kan dan niet meer veranderen; een correctie wordt een nieuwe versie." }
                    @if mails.count == 0 {
                        li { "Er gaan geen e-mails uit: iedereen kreeg bij een eerdere versie al bericht." }
                    } @else {
                        li { (plural(mails.count, "indiener of steuner krijgt", "indieners en steuners krijgen")) " meteen een e-mail met een link naar het antwoord." }
                    }
                }
            }
            form method="post" action=(paths::answer_desk_publish(&desk.listing.consultation.id)) {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="revision" value=(note.revision);
                div class="button-row" {
                    button type="submit" class="button" { "Ja, publiceer de nota" }
                    a href=(desk_path(desk)) { "Nee, terug naar het concept" }
                }
            }
            @if let Some((subject, text)) = &mails.sample {
                section class="preview" aria-labelledby="voorbeeld-mail" {
                    h2 id="voorbeeld-mail" { "Zo leest de e-mail" }
                    p { strong { "Onderwerp: " } (subject) }
                    pre class="preview__mail" { (text) }
                }
            }
            section class="preview" aria-labelledby="voorbeeld-pagina" {
                h2 id="voorbeeld-pagina" { "Zo ziet de openbare pagina eruit" }
                (note_body(&consultation.id, document, &[]))
            }
        },
    )
}

fn desk_path(desk: &Desk) -> String {
    paths::answer_desk(&desk.listing.consultation.id)
}

/// The writers' desk: start, write or publish the nota; clerks also name writers.
/// `writer_email` is what was typed in the writers' form.
pub fn desk(
    chrome: &Chrome,
    desk: &Desk,
    input: &NoteInput,
    errors: &FieldErrors,
    writer_email: &str,
    message: Option<&str>,
) -> Markup {
    DeskPage {
        chrome,
        desk,
        input,
        errors,
        writer_email,
    }
    .render(message)
}

struct DeskPage<'a> {
    chrome: &'a Chrome,
    desk: &'a Desk,
    input: &'a NoteInput,
    errors: &'a FieldErrors,
    writer_email: &'a str,
}

impl DeskPage<'_> {
    fn render(&self, message: Option<&str>) -> Markup {
        let desk = self.desk;
        let consultation = &desk.listing.consultation;
        let manage = paths::manage_consultation(&consultation.id);
        layout(
            self.chrome,
            "Nota van beantwoording schrijven",
            Some(&desk.listing.council.name),
            html! {
                (breadcrumbs(&[("Griffie", paths::GRIFFIE), (&consultation.title, &manage), ("Nota van beantwoording", "")]))
                h1 { "Nota van beantwoording" }
                p class="lead" { (consultation.title) }
                (notice(message))
                (error_summary(self.errors))
                @match &desk.note {
                    None => {
                        p { "Er is nog geen nota. Begin met schrijven: Inspraak vult de procedure alvast in met de gegevens van deze inspraakronde." }
                        form method="post" action=(paths::answer_desk_new_version(&desk.listing.consultation.id)) {
                            (csrf_field(&self.chrome.csrf))
                            button type="submit" class="button" { "Begin met schrijven" }
                        }
                    }
                    Some(note) if note.state == NoteState::Published => {
                        p {
                            "Versie " (note.version) " is gepubliceerd"
                            @if let Some(at) = note.published_at { " op " (moment(at)) }
                            ". Een gepubliceerde versie kan niet meer veranderen. "
                            a href=(paths::answer_note(&consultation.id)) { "Bekijk de nota" } "."
                        }
                        p { "Moet er iets worden verbeterd? Maak dan een nieuwe versie. De oude versie blijft te lezen." }
                        form method="post" action=(paths::answer_desk_new_version(&desk.listing.consultation.id)) {
                            (csrf_field(&self.chrome.csrf))
                            button type="submit" class="button button--secondary" { "Nieuwe versie maken" }
                        }
                    }
                    Some(note) => {
                        p { "Versie " (note.version) ", concept. Laatst opgeslagen op " (moment(note.updated_at)) "." }
                        (self.draft_forms(note))
                    }
                }
                @if desk.is_clerk {
                    (self.writers())
                    h2 { "Besluit van de raad" }
                    p { a href=(paths::council_decision(&consultation.id)) { "Leg vast wat de commissie of de raad besloot" } }
                }
            },
        )
    }

    fn draft_forms(&self, note: &crate::domain::answer::AnswerNote) -> Markup {
        let desk = self.desk;
        let answered = |id: &ReactionId| note.group_of(id).is_some();
        let unanswered: Vec<i32> = desk
            .reactions
            .iter()
            .filter(|r| !r.withdrawn && !answered(&r.reaction_id))
            .map(|r| r.sequence)
            .collect();
        html! {
            h2 { "Antwoorden" }
            @if note.groups.is_empty() {
                p { "Er zijn nog geen antwoorden." }
            }
            @for group in &note.groups {
                div class="answer-summary" {
                    h3 { "Antwoord " (group.number) ": " (group.heading()) }
                    p { (conclusion_badge(group.conclusion)) }
                    div class="button-row" {
                        a class="button button--secondary" href=(paths::answer_desk_answer(&desk.listing.consultation.id, &group.id)) { "Wijzigen" span class="visually-hidden" { " antwoord " (group.number) } }
                        form method="post" action=(paths::answer_desk_answer_delete(&desk.listing.consultation.id, &group.id)) {
                            (csrf_field(&self.chrome.csrf))
                            input type="hidden" name="revision" value=(note.revision);
                            button type="submit" class="button button--secondary" { "Verwijderen" span class="visually-hidden" { " antwoord " (group.number) } }
                        }
                    }
                }
            }
            p { a class="button" href=(paths::answer_desk_new_answer(&desk.listing.consultation.id)) { "Antwoord toevoegen" } }
            @if unanswered.is_empty() {
                p { "Elke reactie heeft een antwoord." }
            } @else {
                p { "Nog zonder antwoord: " (reaction_numbers(&unanswered)) "." }
            }
            h2 { "Procedure en wijzigingen" }
            form method="post" action=(desk_path(desk)) novalidate {
                (csrf_field(&self.chrome.csrf))
                input type="hidden" name="revision" value=(self.input.revision);
                (Field::new("procedure", "Procedure", &self.input.procedure)
                    .kind(Kind::TextArea { rows: 12 })
                    .hint("Waar en wanneer de notitie ter inzage lag, hoeveel reacties er kwamen en hoe ze zijn geanonimiseerd. Laat een lege regel tussen alinea's.")
                    .render(self.errors))
                @for (index, point) in desk.points.iter().enumerate() {
                    @let id = format!("change-{}", index + 1);
                    @let label = format!("Wijziging in beslispunt {}. {}", point.number, point.title);
                    @let value = self.input.change.get(index).map(String::as_str).unwrap_or("");
                    (Field::new(&id, &label, value).name("change")
                        .kind(Kind::TextArea { rows: 4 })
                        .hint("Laat leeg als er niets verandert.")
                        .optional()
                        .render(self.errors))
                }
                div class="button-row" { button type="submit" class="button" { "Opslaan" } }
            }
            h2 { "Publiceren" }
            @if let Some(message) = self.errors.get("publish") {
                p class="form-error" id="publish" { (message) }
            }
            p { "Na het publiceren kan deze versie niet meer veranderen. Iedere indiener krijgt één e-mail met een link naar het antwoord, en ook wie steunde en om bericht vroeg. U ziet eerst hoe de pagina en de e-mail eruitzien." }
            p { a class="button" href=(paths::answer_desk_publish(&desk.listing.consultation.id)) { "Nota publiceren" } }
            @if !desk.revisions.is_empty() {
                details {
                    summary { "Geschiedenis van dit concept (" (desk.revisions.len()) ")" }
                    ul {
                        @for r in &desk.revisions {
                            li { (moment(r.saved_at)) ": " (r.changed) " door " (r.saved_by) }
                        }
                    }
                }
            }
        }
    }

    fn writers(&self) -> Markup {
        let desk = self.desk;
        html! {
            h2 { "Schrijvers" }
            p { "Griffiemedewerkers schrijven altijd mee. U kunt ook een ambtenaar laten meeschrijven aan deze nota. Die heeft een account nodig." }
            @if !desk.writers.is_empty() {
                ul {
                    @for (user_id, name) in &desk.writers {
                        li class="inline-form" {
                            (name) " "
                            form method="post" action=(paths::answer_desk_writer_remove(&desk.listing.consultation.id, user_id)) {
                                (csrf_field(&self.chrome.csrf))
                                button type="submit" class="button button--link" { "Verwijderen" span class="visually-hidden" { " " (name) } }
                            }
                        }
                    }
                }
            }
            form method="post" action=(paths::answer_desk_writers(&desk.listing.consultation.id)) novalidate {
                (csrf_field(&self.chrome.csrf))
                (Field::new("writer-email", "E-mailadres van de ambtenaar", self.writer_email)
                    .name("email").kind(Kind::Email).autocomplete("off")
                    .render(self.errors))
                div class="button-row" { button type="submit" class="button button--secondary" { "Laten meeschrijven" } }
            }
        }
    }
}

/// One answer: which reactions it answers, their summary, the reply, the conclusion.
pub fn group_form(
    chrome: &Chrome,
    desk: &Desk,
    group: Option<&AnswerGroup>,
    input: &GroupInput,
    errors: &FieldErrors,
) -> Markup {
    let consultation = &desk.listing.consultation;
    let title = match group {
        Some(g) => format!("Antwoord {} wijzigen", g.number),
        None => "Antwoord toevoegen".to_owned(),
    };
    let action = match group {
        Some(g) => paths::answer_desk_answer(&desk.listing.consultation.id, &g.id),
        None => paths::answer_desk_answers(&desk.listing.consultation.id),
    };
    let other_group = |reaction_id: &ReactionId| {
        desk.note
            .as_ref()
            .and_then(|n| n.group_of(reaction_id))
            .filter(|g| group.is_none_or(|own| own.id != g.id))
            .map(|g| g.number)
    };
    let reactions_error = errors.get("reactions");
    let conclusion_error = errors.get("conclusion");
    layout(
        chrome,
        &title,
        Some(&desk.listing.council.name),
        html! {
            (breadcrumbs(&[("Griffie", paths::GRIFFIE), (&consultation.title, &paths::manage_consultation(&consultation.id)), ("Nota van beantwoording", &desk_path(desk)), (&title, "")]))
            h1 { (title) }
            (error_summary(errors))
            form method="post" action=(action) novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="revision" value=(input.revision);
                fieldset class={ "form-field" @if reactions_error.is_some() { " form-field--invalid" } } id="reactions"
                    aria-describedby=[reactions_error.map(|_| "reactions-error")] {
                    legend class="form-label" { "Welke reacties beantwoordt dit antwoord?" }
                    p class="form-hint" { "Kies één reactie, of meer reacties die over hetzelfde gaan." }
                    @if let Some(message) = reactions_error {
                        p class="form-error" id="reactions-error" { span class="visually-hidden" { "Fout: " } (message) }
                    }
                    @for r in &desk.reactions {
                        @let id = format!("reaction-{}", r.sequence);
                        div class="form-choice" {
                            input type="checkbox" id=(id) name="reaction" value=(r.reaction_id)
                                checked[input.reaction.contains(&r.reaction_id)];
                            label for=(id) {
                                (r.label()) ", " (r.number) ": " (r.title)
                                @if r.withdrawn { " (ingetrokken)" }
                                @if let Some(n) = other_group(&r.reaction_id) { " — heeft al antwoord " (n) }
                            }
                        }
                    }
                }
                (Field::new("summary", "Wat schreven de indieners?", &input.summary)
                    .kind(Kind::TextArea { rows: 6 })
                    .hint("Een korte, eerlijke samenvatting van de reactie of reacties.")
                    .render(errors))
                (Field::new("reply", "Antwoord van de gemeente", &input.reply)
                    .kind(Kind::TextArea { rows: 10 })
                    .render(errors))
                fieldset class={ "form-field" @if conclusion_error.is_some() { " form-field--invalid" } } id="conclusion"
                    aria-describedby=[conclusion_error.map(|_| "conclusion-error")] {
                    legend class="form-label" { "Conclusie" }
                    @if let Some(message) = conclusion_error {
                        p class="form-error" id="conclusion-error" { span class="visually-hidden" { "Fout: " } (message) }
                    }
                    @for c in Conclusion::ALL {
                        div class="form-choice" {
                            input type="radio" id={ "conclusion-" (c.as_str()) } name="conclusion" value=(c.as_str())
                                checked[input.conclusion == c.as_str()];
                            label for={ "conclusion-" (c.as_str()) } { (c.label()) }
                        }
                    }
                }
                div class="button-row" {
                    button type="submit" class="button" { "Antwoord opslaan" }
                    a class="button button--secondary" href=(desk_path(desk)) { "Terug zonder opslaan" }
                }
            }
        },
    )
}

/// The clerk records what the committee or the raad decided per beslispunt.
/// What the decision form says above its fields.
pub struct OutcomeNotes<'a> {
    /// A decision was recorded before: saving corrects it and mails nobody.
    pub recorded_before: bool,
    pub message: Option<&'a str>,
    /// Why saving cannot be done now (before the meeting).
    pub problem: Option<&'a str>,
}

pub fn outcome_form(
    chrome: &Chrome,
    listing: &ConsultationListing,
    points: &[DecisionPoint],
    input: &OutcomeInput,
    errors: &FieldErrors,
    notes: OutcomeNotes<'_>,
) -> Markup {
    let OutcomeNotes {
        recorded_before,
        message,
        problem,
    } = notes;
    let consultation = &listing.consultation;
    let value = |list: &[String], index: usize| list.get(index).cloned().unwrap_or_default();
    layout(
        chrome,
        "Besluit van de raad",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Griffie", paths::GRIFFIE), (&consultation.title, &paths::manage_consultation(&consultation.id)), ("Besluit van de raad", "")]))
            h1 { "Besluit van de raad" }
            p class="lead" { (consultation.title) }
            (notice(message))
            @if recorded_before {
                p { "Het besluit is al vastgelegd. Een verbetering komt op de pagina van de inspraakronde; er gaat geen nieuwe e-mail uit." }
            } @else {
                p { "Leg per beslispunt vast wat de commissie of de raad besloot. Na het opslaan staat het op de pagina van de inspraakronde en krijgen de indieners, en wie steunde en om bericht vroeg, één e-mail." }
            }
            @if let Some(problem) = problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus {
                    h2 class="error-summary__title" { "Dit kan nog niet" }
                    p { (problem) }
                }
            }
            (error_summary(errors))
            form method="post" action=(paths::council_decision(&consultation.id)) novalidate {
                (csrf_field(&chrome.csrf))
                @for (index, point) in points.iter().enumerate() {
                    @let n = index + 1;
                    @let outcome_id = format!("outcome-{n}");
                    @let outcome_error = errors.get(&outcome_id);
                    @let selected = value(&input.outcome, index);
                    fieldset class="fieldset" {
                        legend { h2 { "Beslispunt " (point.number) ". " (point.title) } }
                        div class={ "form-field" @if outcome_error.is_some() { " form-field--invalid" } } {
                            label class="form-label" for=(outcome_id) { "Besluit" }
                            @if let Some(message) = outcome_error {
                                p class="form-error" id={ (outcome_id) "-error" } { span class="visually-hidden" { "Fout: " } (message) }
                            }
                            select class="form-input form-input--select" id=(outcome_id) name="outcome"
                                aria-invalid=[outcome_error.map(|_| "true")]
                                aria-describedby=[outcome_error.map(|_| format!("{outcome_id}-error"))] {
                                option value="" selected[selected.is_empty()] { "Kies" }
                                @for o in Outcome::ALL {
                                    option value=(o.as_str()) selected[selected == o.as_str()] { (o.label()) }
                                }
                            }
                        }
                        @let url_id = format!("decision-url-{n}");
                        @let url = value(&input.decision_url, index);
                        (Field::new(&url_id, "Link naar het besluit", &url).name("decision_url")
                            .kind(Kind::Url).optional()
                            .hint("Het besluit in het raadsinformatiesysteem, bijvoorbeeld https://lindeveld.example/raad/besluit-12")
                            .render(errors))
                        @let explanation_id = format!("explanation-{n}");
                        @let explanation = value(&input.explanation, index);
                        (Field::new(&explanation_id, "Toelichting", &explanation).name("explanation")
                            .kind(Kind::TextArea { rows: 3 }).optional()
                            .hint("Bijvoorbeeld welk amendement is aangenomen.")
                            .render(errors))
                    }
                }
                div class="button-row" { button type="submit" class="button" { "Besluit opslaan" } }
            }
        },
    )
}

/// "Check before you act" before the first recording of the decision, which mails
/// everyone who heard of the answers. The typed decision travels along hidden.
pub fn confirm_outcome(
    chrome: &Chrome,
    listing: &ConsultationListing,
    points: &[DecisionPoint],
    input: &OutcomeInput,
    drafts: &[OutcomeDraft],
    recipients: usize,
) -> Markup {
    let consultation = &listing.consultation;
    let path = paths::council_decision(&consultation.id);
    layout(
        chrome,
        "Besluit vastleggen",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Griffie", paths::GRIFFIE), (&consultation.title, &paths::manage_consultation(&consultation.id)), ("Besluit van de raad", &path), ("Controleren", "")]))
            h1 { "Besluit vastleggen?" }
            p class="lead" { (consultation.title) }
            dl class="summary-list" {
                @for (point, draft) in points.iter().zip(drafts) {
                    dt { "Beslispunt " (point.number) ". " (point.title) }
                    dd {
                        strong { (draft.outcome.label()) }
                        @if !draft.explanation.is_empty() { br; (draft.explanation) }
                        @if let Some(url) = &draft.decision_url { br; a href=(url) rel="noopener noreferrer" { "Het besluit" } }
                    }
                }
            }
            div class="warning-text" {
                h2 { "Wat er gebeurt" }
                ul {
                    li { "Het besluit staat meteen op de pagina van de inspraakronde en in de nota van beantwoording." }
                    @if recipients == 0 {
                        li { "Er gaan geen e-mails uit: niemand vroeg om bericht." }
                    } @else {
                        li { (plural(recipients, "indiener of steuner krijgt", "indieners en steuners krijgen")) " één e-mail met het besluit. Dat gebeurt maar één keer; een latere verbetering mailt niemand." }
                    }
                }
            }
            form method="post" action=(path) {
                (csrf_field(&chrome.csrf))
                @for index in 0..points.len() {
                    input type="hidden" name="outcome" value=(input.outcome.get(index).map_or("", String::as_str));
                    input type="hidden" name="decision_url" value=(input.decision_url.get(index).map_or("", String::as_str));
                    input type="hidden" name="explanation" value=(input.explanation.get(index).map_or("", String::as_str));
                }
                input type="hidden" name="confirmed" value="1";
                div class="button-row" {
                    button type="submit" class="button" { "Ja, leg het besluit vast" }
                }
            }
            p { "Klopt er iets niet? Ga terug met de knop Vorige van uw browser: wat u koos staat daar nog." }
        },
    )
}

/// "Beantwoord" next to a reaction, with a link to its answer.
pub fn answered_badge(consultation_id: &ConsultationId, number: i32) -> Markup {
    html! {
        p class="answered" {
            span class="badge badge--open" { "Beantwoord" } " "
            a href=(paths::answer_in_note(consultation_id, number)) { "Lees het antwoord van de gemeente" }
        }
    }
}

/// For the consultation page: where the nota is, and when it was published.
pub fn note_link(consultation_id: &ConsultationId, published_at: chrono::NaiveDateTime) -> Markup {
    html! {
        p {
            a href=(paths::answer_note(consultation_id)) { "Lees de nota van beantwoording" }
            " (gepubliceerd op " (long_date_time(published_at)) ")"
        }
    }
}
