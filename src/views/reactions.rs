//! Reactions: starting, writing, submitting, the receipt, the public page, verification
//! and the submission log.

use maud::{Markup, html};

use super::consultations::moment;
use super::form::{Field, Kind, csrf_field, error_summary, select};
use super::{Chrome, breadcrumbs, layout, markdown, notice, threads};
use crate::db::consultations::{ConsultationListing, DecisionPoint};
use crate::db::organisations::Organisation;
use crate::db::reactions::{
    Attachment, LogEntry, Position, Reaction, ReactionListing, Revision, Scenario,
};
use crate::domain::id::{ConsultationId, DecisionPointId, ReactionId, SubjectId, TargetId};
use crate::domain::organisation::MemberRole;
use crate::domain::reaction::{
    LogEvent, Operator, ReactionInput, ReactionState, Stance, WithdrawInput,
};
use crate::domain::revision::{FieldChange, Piece, TextField, changed_fields, text_fields};
use crate::domain::thread::SubjectKind;
use crate::domain::validation::{FieldErrors, thousands};
use crate::paths;

/// Who a reaction is from. `author_name` is given only when this reader may see it: the
/// resident chose to publish it, or the reader is a writer, clerk or council member.
pub fn sender(
    reaction: &Reaction,
    organisation: Option<&Organisation>,
    author_name: Option<&str>,
) -> String {
    if let Some(organisation) = organisation {
        return organisation.name.clone();
    }
    match author_name {
        Some(name) if reaction.publish_name => name.to_owned(),
        Some(name) => format!("{name} (naam niet openbaar)"),
        None => "Een inwoner".to_owned(),
    }
}

pub fn state_badge(state: ReactionState) -> Markup {
    let class = match state {
        ReactionState::Draft => "concept",
        ReactionState::Submitted => "open",
        ReactionState::Withdrawn => "archived",
    };
    html! { span class={ "badge badge--" (class) } { (state.label()) } }
}

fn point_label(points: &[DecisionPoint], id: Option<&DecisionPointId>) -> Option<String> {
    id.and_then(|id| points.iter().find(|p| &p.id == id))
        .map(|p| format!("Beslispunt {}: {}", p.number, p.title))
}

fn point_options(points: &[DecisionPoint]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Geen bepaald beslispunt".to_owned()))
        .chain(
            points
                .iter()
                .map(|p| (p.id.to_string(), format!("{}. {}", p.number, p.title))),
        )
        .collect()
}

/// The box that says plainly what becomes public, next to every reaction form.
fn privacy_box(organisation: Option<&str>) -> Markup {
    html! {
        div class="notice" {
            h2 { "Wat wordt openbaar?" }
            @match organisation {
                Some(name) => p { "Na het indienen kan iedereen de reactie lezen, met de naam " strong { (name) } ". Uw eigen naam en die van andere leden worden niet openbaar; de griffie en de raadsleden zien wie namens het bestuur indiende." },
                None => p { "Na het indienen kan iedereen uw reactie lezen. Uw naam is alleen openbaar als u dat hieronder kiest. De griffie en de raadsleden zien altijd uw naam. Uw e-mailadres is nooit openbaar." },
            }
            p { strong { "Zet geen persoonlijke of medische gegevens in de tekst" } ", niet van uzelf en niet van anderen." }
        }
    }
}

pub struct StartPage<'a> {
    pub listing: &'a ConsultationListing,
    pub organisations: &'a [(Organisation, MemberRole)],
    pub title: &'a str,
    pub on_behalf: &'a str,
    pub errors: &'a FieldErrors,
}

pub fn start(chrome: &Chrome, page: StartPage<'_>) -> Markup {
    let consultation = &page.listing.consultation;
    let back = paths::consultation(&consultation.id);
    layout(
        chrome,
        "Reactie schrijven",
        Some(&page.listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Inspraakronden", paths::CONSULTATIONS), (&consultation.title, &back), ("Reactie schrijven", "")]))
            h1 { "Reactie schrijven" }
            p class="lead" { "U schrijft een reactie op " strong { (consultation.title) } ". Eerst bewaart u een concept. Indienen doet u later, tot " (moment(consultation.deadline_at)) "." }
            (error_summary(page.errors))
            form method="post" action=(paths::consultation_react(&consultation.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("title", "Titel van uw reactie", page.title).hint("Bijvoorbeeld: Houd het buurthuis open in De Horst.").render(page.errors))
                fieldset class="fieldset" {
                    legend { "Namens wie reageert u?" }
                    @if let Some(message) = page.errors.get("on_behalf") {
                        p class="form-error" id="on_behalf-error" { span class="visually-hidden" { "Fout: " } (message) }
                    }
                    div class="form-choice" {
                        input type="radio" id="on_behalf" name="on_behalf" value="" checked[page.on_behalf.is_empty()];
                        label for="on_behalf" { "Voor mijzelf, als inwoner" }
                    }
                    @for (index, (organisation, role)) in page.organisations.iter().enumerate() {
                        @let id = format!("on_behalf_{}", index + 1);
                        div class="form-choice" {
                            input type="radio" id=(id) name="on_behalf" value=(organisation.id) checked[page.on_behalf == organisation.id.as_str()];
                            label for=(id) { "Namens " (organisation.name) " (u bent " (role.label().to_lowercase()) ")" }
                        }
                    }
                    @if page.organisations.is_empty() {
                        p class="form-hint" { "Wilt u namens een organisatie reageren? Vraag de secretaris om een uitnodiging, of " a href=(paths::NEW_ORGANISATION) { "meld uw organisatie aan" } "." }
                    }
                }
                div class="button-row" { button type="submit" class="button" { "Concept maken" } a href=(back) { "Annuleren" } }
            }
        },
    )
}

pub struct EditPage<'a> {
    pub listing: &'a ConsultationListing,
    pub reaction: &'a Reaction,
    pub organisation: Option<&'a str>,
    pub points: &'a [DecisionPoint],
    pub attachments: &'a [Attachment],
    pub input: &'a ReactionInput,
    pub errors: &'a FieldErrors,
    pub problem: Option<&'a str>,
    pub message: Option<&'a str>,
    /// After a refused save: the other writer's version beside the typed one.
    pub conflict: Option<&'a Conflict>,
}

/// A save refused because someone else saved first: what differs, field by field.
pub struct Conflict {
    /// Who saved the version now stored, and which one it is.
    pub saved_by: String,
    pub version: i32,
    pub changes: Vec<FieldChange>,
}

/// Their version and the typed one side by side, per field that differs.
fn conflict_comparison(conflict: &Conflict) -> Markup {
    html! {
        section class="conflict" aria-labelledby="verschillen" {
            h2 id="verschillen" { "Wat verschilt" }
            p { "Links staat wat " (conflict.saved_by) " opsloeg (versie " (conflict.version) "), rechts wat u typte. Kies daarna Concept opslaan om uw tekst over die van " (conflict.saved_by) " heen op te slaan, of neem eerst over wat u van hen wilt houden. Beide versies blijven bij Versies bewaard." }
            @for change in &conflict.changes {
                h3 { (change.label) }
                div class="two-columns" {
                    div { p class="meta" { "Opgeslagen door " (conflict.saved_by) } p class="diff" { @if change.old.is_empty() { "(leeg)" } @else { (change.old) } } }
                    div { p class="meta" { "Uw tekst, met wat anders is" } p class="diff" { (diff_pieces(&change.diff)) } }
                }
            }
        }
    }
}

pub fn edit(chrome: &Chrome, page: EditPage<'_>) -> Markup {
    let EditPage {
        listing,
        reaction,
        organisation,
        points,
        attachments,
        input,
        errors,
        problem,
        message,
        conflict,
    } = page;
    let consultation = &listing.consultation;
    let back = paths::consultation(&consultation.id);
    let options = point_options(points);
    let stances: Vec<(String, String)> = std::iter::once((String::new(), "Kies".to_owned()))
        .chain(
            Stance::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned())),
        )
        .collect();
    let operators: Vec<(String, String)> = std::iter::once((String::new(), "Kies".to_owned()))
        .chain(
            Operator::ALL
                .iter()
                .map(|o| (o.as_str().to_owned(), o.label().to_owned())),
        )
        .collect();
    let positions = input.position_rows().max(1);
    let scenarios = input.scenario_rows();
    let value = |list: &[String], index: usize| list.get(index).cloned().unwrap_or_default();
    layout(
        chrome,
        "Reactie bewerken",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Inspraakronden", paths::CONSULTATIONS), (&consultation.title, &back), ("Reactie bewerken", "")]))
            h1 { "Reactie bewerken" }
            p { (state_badge(ReactionState::Draft)) " "
                @match organisation { Some(name) => { "Namens " (name) }, None => "Als inwoner" }
                " · versie " (reaction.version) " · " a href=(paths::reaction_versions(&reaction.id)) { "Versies bekijken" } }
            (notice(message))
            @if let Some(problem) = problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus {
                    h2 class="error-summary__title" { "Niet opgeslagen" }
                    p { (problem) }
                }
            }
            @if let Some(conflict) = conflict { (conflict_comparison(conflict)) }
            (error_summary(errors))
            (privacy_box(organisation))
            form method="post" action=(paths::reaction_edit(&reaction.id)) novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="version" value=(input.version);
                @if !input.based_on.is_empty() { input type="hidden" name="based_on" value=(input.based_on); }
                div class="button-row button-row--top" {
                    button type="submit" name="action" value="save" class="button" { "Concept opslaan" }
                }
                (Field::new("title", "Titel", &input.title).render(errors))
                (Field::new("introduction", "Inleiding", &input.introduction).kind(Kind::TextArea { rows: 4 }).optional()
                    .hint("Wie bent u, en waarom reageert u? Nodig om in te dienen.").render(errors))
                (Field::new("body_markdown", "Uw reactie", &input.body_markdown).kind(Kind::TextArea { rows: 10 }).optional()
                    .hint("U kunt Markdown gebruiken: **vet**, *schuin*, een lege regel voor een nieuwe alinea, - voor een opsomming.").render(errors))
                @if organisation.is_none() {
                    div class="form-field form-choice" {
                        input type="checkbox" id="publish_name" name="publish_name" value="1" checked[input.publish_name.as_deref() == Some("1")];
                        label for="publish_name" { "Publiceer mijn naam bij deze reactie" }
                        p class="form-hint" { "Zonder vinkje staat er “Een inwoner”." }
                    }
                }
                fieldset class="fieldset" {
                    legend { "Standpunten" }
                    p class="form-hint" { "Een standpunt is een korte uitspraak waar anderen zich later achter kunnen scharen. Laat een rij leeg om hem weg te laten." }
                    @for index in 0..positions {
                        @let n = index + 1;
                        div class="fieldset__row" {
                            h3 id={ "standpunt-" (n) } tabindex="-1" { "Standpunt " (n) }
                            (select(&format!("position_point_{n}"), "position_point", &format!("Over beslispunt (standpunt {n})"), &options, &value(&input.position_point, index), errors))
                            (select(&format!("position_stance_{n}"), "position_stance", &format!("Uw keuze (standpunt {n})"), &stances, &value(&input.position_stance, index), errors))
                            (Field::new(&format!("position_body_{n}"), &format!("Uw standpunt {n}"), &value(&input.position_body, index)).name("position_body").kind(Kind::TextArea { rows: 3 }).optional().render(errors))
                        }
                    }
                    div class="button-row" { button type="submit" name="action" value="add_position" class="button button--secondary" { "Nog een standpunt toevoegen" } }
                }
                fieldset class="fieldset" {
                    legend { "Alternatieve scenario's" }
                    p class="form-hint" { "Een scenario is een uitgewerkt ander voorstel, bijvoorbeeld dat bewoners het buurthuis zelf beheren." }
                    @for index in 0..scenarios {
                        @let n = index + 1;
                        div class="fieldset__row" {
                            h3 id={ "scenario-" (n) } tabindex="-1" { "Scenario " (n) }
                            (select(&format!("scenario_point_{n}"), "scenario_point", &format!("Alternatief voor beslispunt (scenario {n})"), &options, &value(&input.scenario_point, index), errors))
                            (Field::new(&format!("scenario_title_{n}"), &format!("Titel van scenario {n}"), &value(&input.scenario_title, index)).name("scenario_title").optional().render(errors))
                            (select(&format!("scenario_operator_{n}"), "scenario_operator", &format!("Wie voert het uit (scenario {n})"), &operators, &value(&input.scenario_operator, index), errors))
                            (Field::new(&format!("scenario_request_{n}"), &format!("Wat vraagt u van de raad (scenario {n})"), &value(&input.scenario_request, index)).name("scenario_request").kind(Kind::TextArea { rows: 3 }).optional().render(errors))
                            (Field::new(&format!("scenario_cost_{n}"), &format!("Geschatte kosten per jaar in euro's (scenario {n})"), &value(&input.scenario_cost, index)).name("scenario_cost").kind(Kind::Text).optional().hint("Hele euro's, bijvoorbeeld 45000.").render(errors))
                            (Field::new(&format!("scenario_cost_bearer_{n}"), &format!("Wie betaalt (scenario {n})"), &value(&input.scenario_cost_bearer, index)).name("scenario_cost_bearer").optional().render(errors))
                            (Field::new(&format!("scenario_conditions_{n}"), &format!("Voorwaarden (scenario {n})"), &value(&input.scenario_conditions, index)).name("scenario_conditions").kind(Kind::TextArea { rows: 3 }).optional().render(errors))
                            (Field::new(&format!("scenario_body_{n}"), &format!("Toelichting (scenario {n})"), &value(&input.scenario_body, index)).name("scenario_body").kind(Kind::TextArea { rows: 5 }).optional().render(errors))
                        }
                    }
                    div class="button-row" { button type="submit" name="action" value="add_scenario" class="button button--secondary" { "Scenario toevoegen" } }
                }
                // In the same form as the text, so adding or removing a file saves what
                // was typed first (the buttons send the whole form elsewhere).
                section aria-labelledby="bijlagen" {
                    h2 id="bijlagen" tabindex="-1" { "Bijlagen" }
                    p { "U kunt tot 5 PDF-bestanden meesturen, bijvoorbeeld een brief of een ledenlijst, elk hoogstens 10 MB. Ook bijlagen worden openbaar na het indienen. Bij toevoegen of verwijderen slaan wij eerst uw tekst op." }
                    @if !attachments.is_empty() {
                        ul class="attachments" {
                            @for attachment in attachments {
                                li {
                                    a href=(paths::attachment(&attachment.id)) { (attachment.filename) } " (PDF, " (file_size(attachment.size)) ") "
                                    button type="submit" class="button button--secondary" formnovalidate
                                        formaction=(paths::reaction_attachment_remove(&reaction.id, &attachment.id)) {
                                        "Verwijderen" span class="visually-hidden" { ": " (attachment.filename) }
                                    }
                                }
                            }
                        }
                    }
                    div class={ "form-field" @if errors.get("file").is_some() { " form-field--invalid" } } {
                        label class="form-label" for="file" { "PDF-bestand" }
                        p class="form-hint" id="file-hint" { "Alleen PDF, hoogstens 10 MB." }
                        @if let Some(message) = errors.get("file") {
                            p class="form-error" id="file-error" { span class="visually-hidden" { "Fout: " } (message) }
                        }
                        input class="form-input" type="file" id="file" name="file" accept="application/pdf,.pdf"
                            aria-describedby={ "file-hint" @if errors.get("file").is_some() { " file-error" } };
                    }
                    div class="button-row" {
                        button type="submit" class="button button--secondary" formnovalidate
                            formaction=(paths::reaction_attachments(&reaction.id)) formenctype="multipart/form-data" { "Bijlage toevoegen" }
                    }
                }
                div class="button-row" {
                    button type="submit" name="action" value="save" class="button" { "Concept opslaan" }
                    a href=(paths::reaction_submit(&reaction.id)) { "Naar indienen" }
                }
            }
        },
    )
}

/// "Versies": every revision with what changed word by word, its whole text, and a way to
/// restore it as a new revision.
pub struct RevisionsPage<'a> {
    pub listing: &'a ConsultationListing,
    pub reaction: &'a Reaction,
    pub points: &'a [DecisionPoint],
    /// Newest first.
    pub revisions: &'a [Revision],
    /// Whether the draft may still change (so a revision can be restored).
    pub restorable: bool,
    pub problem: Option<&'a str>,
}

pub fn revisions(chrome: &Chrome, page: RevisionsPage<'_>) -> Markup {
    let RevisionsPage {
        listing,
        reaction,
        points,
        revisions,
        restorable,
        problem,
    } = page;
    let back = paths::reaction(&reaction.id);
    let number = |id: &DecisionPointId| points.iter().find(|p| &p.id == id).map(|p| p.number);
    let fields: Vec<Vec<TextField>> = revisions
        .iter()
        .map(|r| text_fields(&r.content, number))
        .collect();
    layout(
        chrome,
        "Versies",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&reaction.title, &back), ("Versies", "")]))
            @if let Some(problem) = problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus { h2 class="error-summary__title" { "Niet teruggezet" } p { (problem) } }
            }
            h1 { "Versies van “" (reaction.title) "”" }
            p { "Elke keer dat iemand het concept opslaat, komt er een versie bij. Per versie ziet u wat er veranderde: " ins { "toegevoegd" } " en " del { "weggehaald" } "." }
            @for (index, revision) in revisions.iter().enumerate() {
                @let older = fields.get(index + 1).map_or(&[][..], Vec::as_slice);
                @let changes = changed_fields(older, &fields[index]);
                section class="revision" aria-labelledby={ "versie-" (revision.version) } {
                    h2 id={ "versie-" (revision.version) } tabindex="-1" {
                        "Versie " (revision.version)
                        @if revision.version == reaction.version { " (nu)" }
                    }
                    p class="meta" { "Opgeslagen door " (revision.saved_by) " op " (moment(revision.saved_at)) ". Veranderd: " (revision.changed) "." }
                    @if changes.is_empty() {
                        p { "Geen verschil met de versie ervoor." }
                    }
                    @for change in &changes {
                        h3 { (change.label) }
                        p class="diff" { (diff_pieces(&change.diff)) }
                    }
                    details {
                        summary { "Hele tekst van versie " (revision.version) }
                        dl class="summary-list" {
                            @for field in &fields[index] {
                                dt { (field.label) }
                                dd class="diff" { @if field.text.is_empty() { "(leeg)" } @else { (field.text) } }
                            }
                        }
                    }
                    @if restorable && revision.version != reaction.version {
                        form method="post" action=(paths::reaction_restore(&reaction.id, revision.version)) {
                            (csrf_field(&chrome.csrf))
                            input type="hidden" name="version" value=(reaction.version);
                            button type="submit" class="button button--secondary" { "Versie " (revision.version) " terugzetten" }
                        }
                    }
                }
            }
        },
    )
}

/// A word-level difference, with the kind of change said for screen readers too.
pub fn diff_pieces(pieces: &[Piece]) -> Markup {
    html! {
        @for piece in pieces {
            @match piece {
                Piece::Same(text) => (text),
                Piece::Added(text) => ins { span class="visually-hidden" { "[toegevoegd: " } (text) span class="visually-hidden" { "]" } },
                Piece::Removed(text) => del { span class="visually-hidden" { "[weggehaald: " } (text) span class="visually-hidden" { "]" } },
            }
        }
    }
}

/// The content of a reaction as read on its page, the receipt and the submit page.
pub struct ReactionBody<'a> {
    pub reaction: &'a Reaction,
    pub positions: &'a [Position],
    pub scenarios: &'a [Scenario],
    pub attachments: &'a [Attachment],
    pub points: &'a [DecisionPoint],
    /// Confirmed support per position or scenario id; empty for drafts.
    pub support: &'a [(TargetId, i64)],
    /// Visible posts in the reaction's and each scenario's thread; empty for drafts.
    pub discussion: &'a [(SubjectId, i64)],
}

impl ReactionBody<'_> {
    fn posts_in(&self, subject_id: &SubjectId) -> i64 {
        self.discussion
            .iter()
            .find(|(id, _)| id == subject_id)
            .map_or(0, |(_, n)| *n)
    }
}

/// The link to a target's support page, with its count, for a submitted reaction.
fn support_link(content: &ReactionBody<'_>, kind: &str, id: &TargetId, label: &str) -> Markup {
    let count = content
        .support
        .iter()
        .find(|(target, _)| target == id)
        .map_or(0, |(_, n)| *n);
    html! {
        @if content.reaction.state() != ReactionState::Draft {
            p class="support-link" {
                a href=(paths::support(kind, id)) { (label) }
                " · " (count) @if count == 1 { " steunbetuiging" } @else { " steunbetuigingen" }
            }
        }
    }
}

/// `2_345_678` bytes as `2,2 MB`.
pub fn file_size(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} kB", (bytes + 1023) / 1024)
    } else {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

fn attachment_list(attachments: &[Attachment]) -> Markup {
    html! {
        ul class="attachments" {
            @for attachment in attachments {
                li {
                    a href=(paths::attachment(&attachment.id)) { (attachment.filename) }
                    " (PDF, " (file_size(attachment.size)) ")"
                    br;
                    span class="meta" { "SHA-256: " code class="hash" { (attachment.sha256) } }
                }
            }
        }
    }
}

pub fn body(content: &ReactionBody<'_>) -> Markup {
    let ReactionBody {
        reaction,
        positions,
        scenarios,
        attachments,
        points,
        ..
    } = content;
    html! {
        @if !reaction.introduction.is_empty() { p class="lead" { (reaction.introduction) } }
        @if !reaction.body_markdown.is_empty() { div class="prose" { (markdown::render(&reaction.body_markdown)) } }
        @if !positions.is_empty() {
            h2 { "Standpunten" }
            ol class="decision-points" {
                @for position in positions.iter() {
                    li id={ "standpunt-" (position.number) } {
                        h3 {
                            (position.stance.label())
                            @if let Some(label) = point_label(points, position.decision_point_id.as_ref()) { ": " (label) }
                        }
                        p { (position.body) }
                        (support_link(content, "standpunt", &(&position.id).into(), "Steun dit standpunt"))
                    }
                }
            }
        }
        @if !scenarios.is_empty() {
            h2 { "Alternatieve scenario's" }
            @for scenario in scenarios.iter() {
                section class="card" aria-labelledby={ "scenario-" (scenario.number) } {
                    h3 class="card__title" id={ "scenario-" (scenario.number) } { (scenario.title) }
                    dl class="summary-list" {
                        @if let Some(label) = point_label(points, scenario.decision_point_id.as_ref()) { dt { "Alternatief voor" } dd { (label) } }
                        dt { "Wie voert het uit" } dd { (scenario.operator.label()) }
                        dt { "Wat vraagt het van de raad" } dd { (scenario.request) }
                        @if let Some(cost) = scenario.yearly_cost_euros { dt { "Kosten per jaar" } dd { (euros(cost)) } }
                        @if !scenario.cost_bearer.is_empty() { dt { "Wie betaalt" } dd { (scenario.cost_bearer) } }
                        @if !scenario.conditions.is_empty() { dt { "Voorwaarden" } dd { (scenario.conditions) } }
                    }
                    @if !scenario.body.is_empty() { p { (scenario.body) } }
                    (support_link(content, "scenario", &(&scenario.id).into(), "Steun dit scenario"))
                    @if reaction.state() != ReactionState::Draft {
                        @let subject = SubjectId::from(&scenario.id);
                        (threads::discussion_link(SubjectKind::Scenario, &subject, content.posts_in(&subject), false))
                    }
                }
            }
        }
        @if !attachments.is_empty() {
            h2 { "Bijlagen" }
            (attachment_list(attachments))
        }
        @if reaction.state() != ReactionState::Draft {
            @let subject = SubjectId::from(&reaction.id);
            (threads::discussion_link(SubjectKind::Reaction, &subject, content.posts_in(&subject), true))
        }
    }
}

/// `45000` as `€ 45.000`.
pub fn euros(amount: i64) -> String {
    format!(
        "€ {}{}",
        if amount < 0 { "-" } else { "" },
        thousands(amount.unsigned_abs())
    )
}

pub struct SubmitPage<'a> {
    pub listing: &'a ConsultationListing,
    pub content: ReactionBody<'a>,
    pub organisation: Option<&'a str>,
    pub signer: &'a str,
    pub speaks_for_board: bool,
    pub errors: &'a FieldErrors,
    pub problem: Option<&'a str>,
}

pub fn submit(chrome: &Chrome, page: SubmitPage<'_>) -> Markup {
    let reaction = page.content.reaction;
    let consultation = &page.listing.consultation;
    layout(
        chrome,
        "Reactie indienen",
        Some(&page.listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&consultation.title, &paths::consultation(&consultation.id)), ("Reactie indienen", "")]))
            h1 { "Reactie indienen" }
            @if let Some(problem) = page.problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus {
                    h2 class="error-summary__title" { "Nog niet ingediend" }
                    p { (problem) }
                }
            }
            (error_summary(page.errors))
            p { "Controleer uw reactie. Na het indienen kan niemand haar meer wijzigen. U krijgt een ontvangstbevestiging met een nummer en een controlegetal. Indienen kan tot " (moment(consultation.deadline_at)) "." }
            (privacy_box(page.organisation))
            section class="card" aria-labelledby="preview-title" {
                h2 id="preview-title" { (reaction.title) }
                @if page.organisation.is_none() {
                    p class="meta" { @if reaction.publish_name { "Uw naam wordt gepubliceerd." } @else { "Uw naam wordt niet gepubliceerd: er staat “Een inwoner”." } }
                }
                (body(&page.content))
            }
            @if page.speaks_for_board {
                form method="post" action=(paths::reaction_submit(&reaction.id)) novalidate {
                    (csrf_field(&chrome.csrf))
                    input type="hidden" name="version" value=(reaction.version);
                    div class={ "form-field form-choice" @if page.errors.get("consent").is_some() { " form-field--invalid" } } {
                        @if let Some(message) = page.errors.get("consent") {
                            p class="form-error" id="consent-error" { span class="visually-hidden" { "Fout: " } (message) }
                        }
                        input type="checkbox" id="consent" name="consent" value="1" aria-describedby=[page.errors.get("consent").map(|_| "consent-error")];
                        label for="consent" {
                            @match page.organisation {
                                Some(name) => { "Ik dien deze reactie in namens het bestuur van " (name) " en ik weet wat er openbaar wordt." },
                                None => { "Ik geef toestemming om deze reactie, met mijn mening, te bewaren en te publiceren zoals hierboven staat." },
                            }
                        }
                    }
                    p class="form-hint" { "U dient in als " (page.signer) ". Dat staat op de ontvangstbevestiging." }
                    div class="button-row" {
                        button type="submit" class="button" { "Reactie definitief indienen" }
                        a href=(paths::reaction_edit(&reaction.id)) { "Terug naar bewerken" }
                    }
                }
            } @else {
                p class="notice" { "Alleen een bestuurslid van de organisatie kan de reactie indienen. Laat een bestuurslid weten dat het concept klaar is." }
            }
        },
    )
}

pub struct ReceiptPage<'a> {
    pub listing: &'a ConsultationListing,
    pub reaction: &'a Reaction,
    pub submitted_for: &'a str,
    pub message: Option<&'a str>,
}

pub fn receipt(chrome: &Chrome, page: ReceiptPage<'_>) -> Markup {
    let reaction = page.reaction;
    let number = reaction.submission_number.as_deref().unwrap_or_default();
    layout(
        chrome,
        &format!("Ontvangstbevestiging {number}"),
        Some(&page.listing.council.name),
        html! {
            (notice(page.message))
            h1 { "Ontvangstbevestiging" }
            p class="lead" { "De griffie van " (page.listing.council.name) " heeft deze reactie ontvangen." }
            dl class="summary-list" {
                dt { "Nummer" } dd { strong { (number) } }
                dt { "Inspraakronde" } dd { (page.listing.consultation.title) }
                dt { "Commissie" } dd { (page.listing.committee.name) }
                dt { "Titel" } dd { (reaction.title) }
                dt { "Ingediend door" } dd { (page.submitted_for) }
                @if let Some(at) = reaction.submitted_at { dt { "Ontvangen op" } dd { (moment(at)) } }
                dt { "Controlegetal (SHA-256)" } dd { code class="hash" { (reaction.content_hash.as_deref().unwrap_or_default()) } }
                @if let Some(at) = reaction.withdrawn_at { dt { "Ingetrokken op" } dd { (moment(at)) } }
            }
            p { "Met het controlegetal kan iedereen nagaan dat de commissie precies deze reactie krijgt: " a href=(paths::reaction_check(&reaction.id)) { "controleer de reactie" } "." }
            p class="actions" {
                a href=(paths::reaction(&reaction.id)) { "Bekijk de reactie" }
                a href=(paths::consultation_log(&page.listing.consultation.id)) { "Bekijk het logboek van ontvangen reacties" }
            }
        },
    )
}

pub struct ShowPage<'a> {
    pub listing: &'a ConsultationListing,
    pub content: ReactionBody<'a>,
    pub sender: &'a str,
    pub submitted_by: Option<&'a str>,
    pub writer: bool,
    pub can_withdraw: bool,
    /// The writers' part about speaking at the meeting (empty for others).
    pub speaking: Markup,
    /// The number of its answer in the published nota van beantwoording.
    pub answer: Option<i32>,
    pub message: Option<&'a str>,
    pub problem: Option<&'a str>,
}

/// "Check before you act" before a formal reaction is withdrawn.
pub fn confirm_withdraw(
    chrome: &Chrome,
    listing: &ConsultationListing,
    reaction: &Reaction,
    sender: &str,
    input: &WithdrawInput,
    errors: &FieldErrors,
) -> Markup {
    let path = paths::reaction(&reaction.id);
    layout(
        chrome,
        "Reactie intrekken",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Inspraakronden", paths::CONSULTATIONS), (&reaction.title, &path), ("Intrekken", "")]))
            (error_summary(errors))
            h1 { "Reactie intrekken?" }
            dl class="summary-list" {
                dt { "Reactie" } dd { (reaction.title) }
                @if let Some(number) = &reaction.submission_number { dt { "Nummer" } dd { (number) } }
                dt { "Van" } dd { (sender) }
            }
            div class="warning-text" {
                h2 { "Wat er gebeurt" }
                ul {
                    li { "De reactie blijft openbaar, met de melding dat zij is ingetrokken. Zij telt niet meer mee voor de commissie." }
                    li { "Steun voor de standpunten telt niet meer mee. Niemand kan nog steunen." }
                    li { "De griffie krijgt een e-mail." }
                    li { "Intrekken kunt u niet ongedaan maken. Tot de sluitingsdatum kunt u wel een nieuwe reactie indienen." }
                }
            }
            form method="post" action=(paths::reaction_withdraw(&reaction.id)) novalidate {
                (csrf_field(&chrome.csrf))
                (Field::new("reason", "Reden", &input.reason).kind(Kind::TextArea { rows: 3 }).optional()
                    .hint("Deze reden staat openbaar bij de reactie. Bijvoorbeeld: wij hebben ons aangesloten bij een andere reactie.").render(errors))
                div class="button-row" {
                    button type="submit" class="button button--danger" { "Ja, trek de reactie in" }
                    a href=(path) { "Nee, terug" }
                }
            }
        },
    )
}

pub fn show(chrome: &Chrome, page: ShowPage<'_>) -> Markup {
    let reaction = page.content.reaction;
    let consultation = &page.listing.consultation;
    let state = reaction.state();
    let back = paths::consultation(&consultation.id);
    layout(
        chrome,
        &reaction.title,
        Some(&page.listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Inspraakronden", paths::CONSULTATIONS), (&consultation.title, &back), (&reaction.title, "")]))
            (notice(page.message))
            @if let Some(problem) = page.problem {
                div class="error-summary" role="alert" tabindex="-1" autofocus { h2 class="error-summary__title" { "Dit kan niet" } p { (problem) } }
            }
            h1 { (reaction.title) }
            p { (state_badge(state)) " " (page.sender) }
            @if let Some(number) = page.answer { (super::answers::answered_badge(&consultation.id, number)) }
            @if state == ReactionState::Withdrawn {
                div class="notice" {
                    p { "Deze reactie is ingetrokken" @if let Some(at) = reaction.withdrawn_at { " op " (moment(at)) } ". Zij telt niet meer mee." }
                    @if let Some(reason) = &reaction.withdrawal_reason { p { "Reden van de indiener: " (reason) } }
                }
            }
            dl class="summary-list" {
                @if let Some(number) = &reaction.submission_number { dt { "Nummer" } dd { (number) } }
                @if let Some(at) = reaction.submitted_at { dt { "Ingediend op" } dd { (moment(at)) } }
                @if let Some(by) = page.submitted_by { dt { "Namens het bestuur ingediend door" } dd { (by) } }
                @if let Some(hash) = &reaction.content_hash {
                    dt { "Controlegetal" } dd { code class="hash" { (hash) } " " a href=(paths::reaction_check(&reaction.id)) { "Controleer" } }
                }
            }
            @if page.writer {
                p class="actions" {
                    @if state == ReactionState::Draft {
                        a class="button" href=(paths::reaction_edit(&reaction.id)) { "Bewerken" }
                        a class="button button--secondary" href=(paths::reaction_submit(&reaction.id)) { "Indienen" }
                    } @else {
                        a href=(paths::reaction_receipt(&reaction.id)) { "Ontvangstbevestiging" }
                    }
                    a href=(paths::reaction_versions(&reaction.id)) { "Versies" }
                }
            }
            (page.speaking)
            (body(&page.content))
            @if page.can_withdraw {
                h2 { "Reactie intrekken" }
                p { "Intrekken kan tot de sluitingsdatum. De reactie blijft zichtbaar als ingetrokken en telt niet meer mee." }
                p { a class="button button--secondary" href=(paths::reaction_withdraw(&reaction.id)) { "Reactie intrekken" } }
            }
        },
    )
}

/// What the verification page found.
pub struct Verification<'a> {
    pub reaction: &'a Reaction,
    pub listing: &'a ConsultationListing,
    pub recomputed: &'a str,
    pub logged: Option<&'a str>,
    /// The filer deleted the account since: the name was replaced and logged.
    pub anonymised: bool,
}

/// What a log entry records, as the public log says it.
fn event_label(event: LogEvent) -> &'static str {
    match event {
        LogEvent::Submitted => "Ingediend",
        LogEvent::Withdrawn => "Ingetrokken",
        LogEvent::Anonymised => "Naam verwijderd (account opgeheven)",
    }
}

pub fn verify(chrome: &Chrome, check: Verification<'_>) -> Markup {
    let stored = check.reaction.content_hash.as_deref().unwrap_or_default();
    let matches = stored == check.recomputed && check.logged == Some(stored);
    let number = check
        .reaction
        .submission_number
        .as_deref()
        .unwrap_or_default();
    layout(
        chrome,
        &format!("Controle van {number}"),
        Some(&check.listing.council.name),
        html! {
            h1 { "Controle van reactie " (number) }
            @if matches {
                div class="notice" role="status" {
                    h2 { "Klopt" }
                    @if check.anonymised {
                        p { "De indiener heeft het account opgeheven. Daarom staat er nu een nummer in plaats van de naam. Dat staat in het logboek, met het controlegetal van de reactie zoals zij sindsdien is. Verder is er niets aan veranderd." }
                    } @else {
                        p { "De reactie zoals wij haar nu bewaren, heeft hetzelfde controlegetal als bij het indienen. Er is niets aan veranderd." }
                    }
                }
            } @else {
                div class="error-summary" role="alert" {
                    h2 class="error-summary__title" { "Klopt niet" }
                    p { "De reactie zoals wij haar nu bewaren, past niet bij het controlegetal van het indienen. Meld dit bij de griffie." }
                }
            }
            dl class="summary-list" {
                dt { "Controlegetal bij indienen" } dd { code class="hash" { (stored) } }
                dt { "In het logboek" } dd { code class="hash" { (check.logged.unwrap_or("ontbreekt")) } }
                dt { "Nu berekend" } dd { code class="hash" { (check.recomputed) } }
            }
            p { "Hoe werkt dit? Bij het indienen maken wij van de reactie een vaste tekst (JSON, formaat “inspraak-reactie-v1”) en berekenen daarvan de SHA-256. Dat getal staat op de ontvangstbevestiging en in het openbare logboek. Deze pagina berekent het opnieuw uit wat nu bewaard is." }
            p class="actions" {
                a href=(paths::reaction(&check.reaction.id)) { "Bekijk de reactie" }
                a href=(paths::consultation_log(&check.listing.consultation.id)) { "Bekijk het logboek" }
            }
        },
    )
}

/// One log line with whether its hash and link still hold.
pub struct LogLine<'a> {
    pub entry: &'a LogEntry,
    pub number: &'a str,
    pub intact: bool,
}

pub fn log(
    chrome: &Chrome,
    listing: &ConsultationListing,
    lines: &[LogLine<'_>],
    intact: bool,
) -> Markup {
    let back = paths::consultation(&listing.consultation.id);
    layout(
        chrome,
        "Logboek van ontvangen reacties",
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), (&listing.consultation.title, &back), ("Logboek", "")]))
            h1 { "Logboek van ontvangen reacties" }
            p class="lead" { "Elke ingediende en ingetrokken reactie komt in dit logboek. Elke regel bevat het controlegetal van de regel ervoor. Zo valt op als er een regel verandert of verdwijnt." }
            @if intact {
                div class="notice" role="status" { p { @if lines.len() == 1 { "Het logboek is compleet: de enige regel klopt." } @else { "Het logboek is compleet: alle " (lines.len()) " regels sluiten op elkaar aan." } } }
            } @else {
                div class="error-summary" role="alert" { h2 class="error-summary__title" { "Het logboek klopt niet" } p { "Een of meer regels sluiten niet aan. Zie de regels met “Klopt niet”." } }
            }
            @if lines.is_empty() {
                p { "Er zijn nog geen reacties ingediend." }
            } @else {
                div class="table-wrapper" tabindex="0" role="region" aria-label="Logboek" {
                    table class="data-table" {
                        caption { "Regels van het logboek, oudste eerst" }
                        thead { tr { th scope="col" { "Regel" } th scope="col" { "Reactie" } th scope="col" { "Wat" } th scope="col" { "Wanneer" } th scope="col" { "Controle" } } }
                        tbody {
                            @for line in lines {
                                tr {
                                    td { (line.entry.sequence) }
                                    td { a href=(paths::reaction(&line.entry.reaction_id)) { (line.number) } }
                                    td { (event_label(line.entry.event)) }
                                    td { (moment(line.entry.recorded_at)) }
                                    td { @if line.intact { "Klopt" } @else { strong { "Klopt niet" } } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The reactions part of a consultation page: an overview per beslispunt and the list.
/// The reactions part of a consultation's page: counts, the table per beslispunt and one
/// page of reactions.
pub struct ReactionSection<'a> {
    pub consultation_id: &'a ConsultationId,
    pub points: &'a [DecisionPoint],
    /// The reactions on this page only.
    pub reactions: &'a [ReactionListing],
    /// Submitted (not withdrawn) reactions in the whole consultation.
    pub submitted: usize,
    pub positions: &'a [Position],
    pub can_react: bool,
    /// Confirmed co-signatures per reaction id.
    pub support: &'a std::collections::HashMap<ReactionId, i64>,
    pub by_support: bool,
    pub page: i64,
    pub pages: i64,
}

pub fn consultation_section(section: &ReactionSection<'_>) -> Markup {
    let ReactionSection {
        consultation_id,
        points,
        reactions,
        submitted,
        positions,
        can_react,
        support,
        by_support,
        page,
        pages,
    } = *section;
    html! {
        h2 id="reacties" { "Reacties" }
        @if can_react {
            p class="actions" { a class="button" href=(paths::consultation_react(consultation_id)) { "Reactie schrijven" } }
        }
        p { (submitted) " ingediende " @if submitted == 1 { "reactie" } @else { "reacties" } ". "
            a href=(paths::consultation_log(consultation_id)) { "Logboek van ontvangen reacties" } " · "
            a href=(paths::consultation_downloads(consultation_id)) { "Downloads (PDF, spreadsheet, CSV, JSON)" } " · "
            a href=(paths::consultation_overview(consultation_id)) { "Overzicht per beslispunt voor raadsleden" } }
        @if !points.is_empty() && !positions.is_empty() {
            h3 { "Standpunten per beslispunt" }
            div class="table-wrapper" tabindex="0" role="region" aria-label="Aantal standpunten per beslispunt" {
                table class="data-table" {
                    caption { "Aantal standpunten per beslispunt" }
                    thead { tr { th scope="col" { "Beslispunt" } @for stance in Stance::ALL { th scope="col" { (stance.label()) } } } }
                    tbody {
                        @for point in points {
                            tr {
                                th scope="row" { a href=(paths::decision_point(consultation_id, point.number)) { (point.number) ". " (point.title) } }
                                @for stance in Stance::ALL {
                                    td { (positions.iter().filter(|p| p.decision_point_id.as_ref() == Some(&point.id) && p.stance == stance).count()) }
                                }
                            }
                        }
                    }
                }
            }
        }
        nav aria-label="Volgorde van de reacties" {
            p class="actions" {
                "Volgorde: "
                @if by_support {
                    a href=(paths::consultation_reactions(consultation_id, false)) { "Nieuwste eerst" }
                    span aria-current="true" { strong { "Meeste steun eerst" } }
                } @else {
                    span aria-current="true" { strong { "Nieuwste eerst" } }
                    a href=(paths::consultation_reactions(consultation_id, true)) { "Meeste steun eerst" }
                }
            }
        }
        @if reactions.is_empty() {
            p { "Nog geen reacties." }
        } @else {
            (super::pagination("Pagina's met reacties", page, pages, |n| paths::consultation_reactions_page(consultation_id, by_support, n)))
            ul class="card-list" {
                @for listing in reactions {
                    li class="card" {
                        h3 class="card__title" { a href=(paths::reaction(&listing.reaction.id)) { (listing.reaction.title) } }
                        p class="card__meta" {
                            (state_badge(listing.reaction.state())) " "
                            (sender(&listing.reaction, listing.organisation.as_ref(), listing.published_author.as_deref()))
                            @if let Some(number) = &listing.reaction.submission_number { " · " (number) }
                            @let count = support.get(&listing.reaction.id).copied().unwrap_or(0);
                            " · " (count) @if count == 1 { " steunbetuiging" } @else { " steunbetuigingen" }
                        }
                        @if !listing.reaction.introduction.is_empty() { p { (truncate(&listing.reaction.introduction, 240)) } }
                    }
                }
            }
            (super::pagination("Pagina's met reacties", page, pages, |n| paths::consultation_reactions_page(consultation_id, by_support, n)))
        }
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A member's list of reactions they may work on, for the account page.
pub fn my_reactions(reactions: &[ReactionListing]) -> Markup {
    html! {
        @if reactions.is_empty() {
            p { "U heeft nog geen reacties." }
        } @else {
            ul {
                @for listing in reactions {
                    li {
                        a href=(paths::reaction(&listing.reaction.id)) { (listing.reaction.title) }
                        " · " (listing.reaction.state().label())
                        @if let Some(organisation) = &listing.organisation { " · namens " (organisation.name) }
                    }
                }
            }
        }
    }
}

/// Every public position on one beslispunt, grouped by stance, newest first.
pub fn decision_point_page(
    chrome: &Chrome,
    listing: &ConsultationListing,
    point: &DecisionPoint,
    positions: &[(Position, &ReactionListing)],
) -> Markup {
    let back = paths::consultation(&listing.consultation.id);
    let title = format!("Beslispunt {}: {}", point.number, point.title);
    layout(
        chrome,
        &title,
        Some(&listing.council.name),
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Inspraakronden", paths::CONSULTATIONS), (&listing.consultation.title, &back), (&title, "")]))
            h1 { (title) }
            p class="lead" { (point.body) }
            p { "Hieronder staan alle standpunten over dit beslispunt uit ingediende reacties, de nieuwste eerst. Ingetrokken reacties tellen niet mee." }
            @for stance in Stance::ALL {
                @let group: Vec<_> = positions.iter().filter(|(p, _)| p.stance == stance).collect();
                h2 { (stance.label()) " (" (group.len()) ")" }
                @if group.is_empty() {
                    p { "Geen standpunten." }
                } @else {
                    ul class="card-list" {
                        @for (position, reaction) in group {
                            li class="card" {
                                p { (position.body) }
                                p class="card__meta" {
                                    (sender(&reaction.reaction, reaction.organisation.as_ref(), reaction.published_author.as_deref())) " · "
                                    a href=(paths::reaction_part(&reaction.reaction.id, "standpunt", position.number)) {
                                        (reaction.reaction.submission_number.as_deref().unwrap_or("reactie"))
                                        span class="visually-hidden" { ": " (reaction.reaction.title) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The submitted (and withdrawn) reactions of an organisation, for its public page.
pub fn organisation_reactions(reactions: &[Reaction]) -> Markup {
    html! {
        h2 { "Reacties" }
        @if reactions.is_empty() {
            p { "Deze organisatie heeft nog geen reacties ingediend." }
        } @else {
            ul {
                @for reaction in reactions {
                    li {
                        a href=(paths::reaction(&reaction.id)) { (reaction.title) }
                        " · " (reaction.state().label())
                        @if let Some(number) = &reaction.submission_number { " · " (number) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_read_naturally() {
        assert_eq!(file_size(1), "1 kB");
        assert_eq!(file_size(2_345_678), "2,2 MB");
    }

    #[test]
    fn euros_are_grouped_the_dutch_way() {
        assert_eq!(euros(45_000), "€ 45.000");
        assert_eq!(euros(1_234_567), "€ 1.234.567");
        assert_eq!(euros(999), "€ 999");
    }
}
