//! The nota van beantwoording: after a round closes, the council answers every reaction
//! (alone or in a group of similar ones), says what it changes in the beleidsnotitie,
//! and later records what the committee or the raad decided per beslispunt.
//!
//! Private individuals are never named in the nota, whatever they chose for their
//! reaction: the nota stays public for years, a reaction's page can be withdrawn from.
//! Organisations are named.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::consultation::ConsultationState;
use super::id::{AnswerGroupId, AnswerNoteId, ConsultationId, DecisionPointId, ReactionId};
use super::validation::{FieldErrors, optional_text, required_text};

pub const MAX_PROCEDURE: usize = 20_000;
pub const MAX_SUMMARY: usize = 5_000;
pub const MAX_REPLY: usize = 10_000;
pub const MAX_CHANGE: usize = 5_000;
pub const MAX_EXPLANATION: usize = 2_000;

/// What an answer concludes about the reactions it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conclusion {
    LeadsToChange,
    NoChange,
    OutOfScope,
}

impl Conclusion {
    pub const ALL: [Self; 3] = [Self::LeadsToChange, Self::NoChange, Self::OutOfScope];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LeadsToChange => "change",
            Self::NoChange => "no_change",
            Self::OutOfScope => "out_of_scope",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::LeadsToChange => "Leidt tot aanpassing",
            Self::NoChange => "Leidt niet tot aanpassing",
            Self::OutOfScope => "Valt buiten dit besluit",
        }
    }
}

/// What the committee or the raad decided about a beslispunt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Adopted,
    Rejected,
    Amended,
    Deferred,
}

impl Outcome {
    pub const ALL: [Self; 4] = [Self::Adopted, Self::Rejected, Self::Amended, Self::Deferred];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Adopted => "adopted",
            Self::Rejected => "rejected",
            Self::Amended => "amended",
            Self::Deferred => "deferred",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Adopted => "Aangenomen",
            Self::Rejected => "Verworpen",
            Self::Amended => "Geamendeerd",
            Self::Deferred => "Aangehouden",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteState {
    Draft,
    Published,
}

impl NoteState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Draft, Self::Published]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// Why the nota cannot be changed or published now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the consultation is still open")]
    StillOpen,
    #[error("this version is published")]
    Published,
    #[error("someone else saved the draft in between")]
    Conflict,
    #[error("reactions without an answer: {0:?}")]
    Unanswered(Vec<i32>),
    #[error("there is already a draft")]
    DraftExists,
    #[error("there is nothing to publish")]
    NoDraft,
    #[error("the meeting has not taken place yet")]
    BeforeMeeting(NaiveDateTime),
}

impl AnswerError {
    pub fn message(&self) -> String {
        match self {
            Self::StillOpen => "De nota van beantwoording kan pas worden geschreven als de inspraakronde gesloten is.".into(),
            Self::Published => "Deze versie is gepubliceerd en kan niet meer worden gewijzigd. Maak een nieuwe versie als er iets moet worden verbeterd.".into(),
            Self::Conflict => "Iemand anders heeft de nota intussen opgeslagen. Uw tekst staat hieronder nog; bekijk de nieuwe versie en sla daarna opnieuw op.".into(),
            Self::Unanswered(numbers) => format!(
                "Nog niet elke reactie heeft een antwoord. Zonder antwoord: {}.",
                reaction_numbers(numbers)
            ),
            Self::DraftExists => "Er is al een concept van een nieuwe versie.".into(),
            Self::NoDraft => "Er is geen concept om te publiceren.".into(),
            Self::BeforeMeeting(meeting) => format!(
                "De commissie vergadert pas op {}. Een besluit van de raad kunt u vanaf die dag vastleggen.",
                super::time::long_date(*meeting)
            ),
        }
    }
}

/// The nota may be written once the round is closed (`state` as it is now).
pub fn check_answerable(state: ConsultationState) -> Result<(), AnswerError> {
    match state {
        ConsultationState::Closed | ConsultationState::Archived => Ok(()),
        ConsultationState::Concept | ConsultationState::Open => Err(AnswerError::StillOpen),
    }
}

/// The raad's decision can be recorded from the day of the committee's meeting on: before
/// it, nothing can have been decided, and every indiener would be mailed a decision that
/// was not taken.
pub fn check_decision_recordable(
    meeting_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), AnswerError> {
    if super::time::amsterdam_date(now) < super::time::amsterdam_date(meeting_at) {
        Err(AnswerError::BeforeMeeting(meeting_at))
    } else {
        Ok(())
    }
}

/// A draft may be saved only by someone who saw its latest revision.
pub fn check_draft(
    state: NoteState,
    stored_revision: i32,
    seen_revision: i32,
) -> Result<(), AnswerError> {
    match state {
        NoteState::Published => Err(AnswerError::Published),
        NoteState::Draft if stored_revision != seen_revision => Err(AnswerError::Conflict),
        NoteState::Draft => Ok(()),
    }
}

/// The draft the desk writes in: the latest version, while it is a draft (`None`: no
/// version begun).
pub fn writable_draft(latest: Option<&AnswerNote>) -> Result<&AnswerNote, AnswerError> {
    match latest {
        Some(note) if note.state == NoteState::Draft => Ok(note),
        Some(_) => Err(AnswerError::Published),
        None => Err(AnswerError::NoDraft),
    }
}

/// Every reaction still standing needs an answer before publication. `reactions` are
/// `(sequence, withdrawn, answered)`; returns the sequence numbers still unanswered.
pub fn check_complete(reactions: &[(i32, bool, bool)]) -> Result<(), AnswerError> {
    let missing: Vec<i32> = reactions
        .iter()
        .filter(|(_, withdrawn, answered)| !withdrawn && !answered)
        .map(|(sequence, _, _)| *sequence)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AnswerError::Unanswered(missing))
    }
}

/// "indiener 3" or "indieners 1, 2, 4 en 5", in ascending order.
pub fn reaction_numbers(numbers: &[i32]) -> String {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    let words: Vec<String> = sorted.iter().map(i32::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => format!("indiener {one}"),
        [rest @ .., last] => format!("indieners {} en {last}", rest.join(", ")),
    }
}

/// A reaction as the nota names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnsweredReaction {
    /// For links to the reaction's page; not written into files.
    #[serde(skip)]
    pub reaction_id: ReactionId,
    /// The indiener's number: the reaction's place in submission order.
    pub sequence: i32,
    /// The receipt number, e.g. `2026-SPE-0003`.
    pub number: String,
    pub title: String,
    /// Organisations by name; private individuals stay "indiener N".
    pub organisation: Option<String>,
    pub withdrawn: bool,
}

impl AnsweredReaction {
    pub fn label(&self) -> String {
        match &self.organisation {
            Some(name) => format!("Indiener {} ({name})", self.sequence),
            None => format!("Indiener {}", self.sequence),
        }
    }
}

/// One answer, to one reaction or a group of similar ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerGroup {
    #[serde(skip)]
    pub id: AnswerGroupId,
    /// 1, 2, 3 in the nota; the anchor `antwoord-N`.
    pub number: i32,
    pub reactions: Vec<AnsweredReaction>,
    pub summary: String,
    pub reply: String,
    #[serde(serialize_with = "conclusion_str")]
    pub conclusion: Conclusion,
}

fn conclusion_str<S: serde::Serializer>(c: &Conclusion, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

impl AnswerGroup {
    /// "Indieners 1, 2, 4 en 5" for the heading.
    pub fn heading(&self) -> String {
        let numbers: Vec<i32> = self.reactions.iter().map(|r| r.sequence).collect();
        let text = reaction_numbers(&numbers);
        let mut chars = text.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// A beslispunt with the change the nota makes to it (empty: no change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointChange {
    #[serde(skip)]
    pub decision_point_id: DecisionPointId,
    pub number: i32,
    pub title: String,
    pub change: String,
}

/// One version of the nota with everything in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerNote {
    pub id: AnswerNoteId,
    pub consultation_id: ConsultationId,
    pub version: i32,
    pub state: NoteState,
    pub revision: i32,
    pub procedure: String,
    pub groups: Vec<AnswerGroup>,
    pub changes: Vec<PointChange>,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl AnswerNote {
    /// The answer to one reaction, if it has one.
    pub fn group_of(&self, reaction_id: &ReactionId) -> Option<&AnswerGroup> {
        self.groups
            .iter()
            .find(|g| g.reactions.iter().any(|r| &r.reaction_id == reaction_id))
    }

    /// Counts per conclusion, in the order of [`Conclusion::ALL`] (reactions, not groups).
    pub fn conclusion_counts(&self) -> [(Conclusion, usize); 3] {
        Conclusion::ALL.map(|c| {
            let n = self
                .groups
                .iter()
                .filter(|g| g.conclusion == c)
                .map(|g| g.reactions.len())
                .sum();
            (c, n)
        })
    }
}

/// The decision on one beslispunt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointOutcome {
    pub decision_point_id: DecisionPointId,
    pub number: i32,
    pub title: String,
    pub outcome: Outcome,
    pub decision_url: Option<String>,
    pub explanation: String,
    pub recorded_at: NaiveDateTime,
}

/// The published nota as a document: the public page, the PDF/A and the JSON export
/// are made from this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerDocument {
    pub council: String,
    pub committee: String,
    pub consultation_title: String,
    pub policy_version: String,
    /// The consultation's public page (absolute).
    pub url: String,
    pub opened_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub note: AnswerNote,
    pub outcomes: Vec<PointOutcome>,
}

/// The facts the procedure section starts from, so that the writer edits rather than
/// types it all.
pub struct ProcedureFacts<'a> {
    pub council: &'a str,
    pub committee: &'a str,
    pub opened_on: &'a str,
    pub closed_on: &'a str,
    /// Every submitted reaction, withdrawn ones too.
    pub reactions: &'a [AnsweredReaction],
}

pub fn default_procedure(facts: &ProcedureFacts<'_>) -> String {
    let total = facts.reactions.len();
    let organisations = facts
        .reactions
        .iter()
        .filter(|r| r.organisation.is_some())
        .count();
    let residents = total - organisations;
    let withdrawn = match facts.reactions.iter().filter(|r| r.withdrawn).count() {
        0 => String::new(),
        1 => " Eén reactie is later ingetrokken; die beantwoorden we niet.".to_owned(),
        n => format!(" {n} reacties zijn later ingetrokken; die beantwoorden we niet."),
    };
    let received = match total {
        1 => "Er is 1 reactie binnengekomen".to_owned(),
        n => format!("Er zijn {n} reacties binnengekomen"),
    };
    format!(
        "De beleidsnotitie lag van {opened} tot en met {closed} ter inzage op de website van {council} en in Inspraak. \
Iedereen kon in die periode een reactie geven.\n\n\
{received}: {orgs} van organisaties en {residents} van inwoners.{withdrawn}\n\n\
In deze nota noemen we organisaties bij naam. Inwoners noemen we niet bij naam maar met een nummer (indiener 1, indiener 2, enzovoort), in de volgorde waarin hun reacties binnenkwamen. \
Reacties die over hetzelfde gaan, beantwoorden we samen.\n\n\
De {committee} bespreekt deze nota samen met de beleidsnotitie.",
        opened = facts.opened_on,
        closed = facts.closed_on,
        council = facts.council,
        orgs = organisations,
        committee = facts.committee,
    )
}

/// The procedure section and the changes per beslispunt, as typed. `change` comes once
/// per beslispunt, in order; `revision` is the draft's revision the writer saw.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoteInput {
    #[serde(default)]
    pub procedure: String,
    #[serde(default)]
    pub change: Vec<String>,
    #[serde(default)]
    pub revision: i32,
}

impl NoteInput {
    /// The procedure text and one (possibly empty) change per beslispunt.
    pub fn parse(&self, points: usize) -> Result<(String, Vec<String>), FieldErrors> {
        let mut errors = FieldErrors::default();
        let procedure = required_text(
            &mut errors,
            "procedure",
            &self.procedure,
            "de procedure",
            MAX_PROCEDURE,
        );
        let changes = (0..points)
            .map(|i| {
                let typed = self.change.get(i).map(String::as_str).unwrap_or("");
                optional_text(
                    &mut errors,
                    &format!("change-{}", i + 1),
                    typed,
                    "de wijziging",
                    MAX_CHANGE,
                )
                .unwrap_or_default()
            })
            .collect();
        errors.into_result((procedure, changes))
    }
}

/// One answer as typed: the reactions it answers (their ids, as checkboxes), the summary
/// of what they said, the reply and the conclusion.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupInput {
    #[serde(default)]
    pub reaction: Vec<ReactionId>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub conclusion: String,
    #[serde(default)]
    pub revision: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDraft {
    pub reaction_ids: Vec<ReactionId>,
    pub summary: String,
    pub reply: String,
    pub conclusion: Conclusion,
}

impl From<&AnswerGroup> for GroupDraft {
    fn from(group: &AnswerGroup) -> Self {
        Self {
            reaction_ids: group
                .reactions
                .iter()
                .map(|r| r.reaction_id.clone())
                .collect(),
            summary: group.summary.clone(),
            reply: group.reply.clone(),
            conclusion: group.conclusion,
        }
    }
}

impl GroupInput {
    /// The form as a saved answer fills it, at the draft's `revision`.
    pub fn of(group: &AnswerGroup, revision: i32) -> Self {
        let draft = GroupDraft::from(group);
        Self {
            reaction: draft.reaction_ids,
            summary: draft.summary,
            reply: draft.reply,
            conclusion: draft.conclusion.as_str().to_owned(),
            revision,
        }
    }

    /// `answerable` are the ids of the consultation's submitted reactions; `taken` those
    /// another answer of this version already answers.
    pub fn parse(
        &self,
        answerable: &[ReactionId],
        taken: &[ReactionId],
    ) -> Result<GroupDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut reaction_ids: Vec<ReactionId> = Vec::new();
        for id in &self.reaction {
            if !reaction_ids.contains(id) {
                reaction_ids.push(id.clone());
            }
        }
        if reaction_ids.is_empty() {
            errors.add(
                "reactions",
                "Kies ten minste één reactie die dit antwoord beantwoordt.",
            );
        } else if reaction_ids.iter().any(|id| !answerable.contains(id)) {
            errors.add("reactions", "Kies alleen reacties uit de lijst.");
        } else if reaction_ids.iter().any(|id| taken.contains(id)) {
            errors.add(
                "reactions",
                "Een van de gekozen reacties heeft al een ander antwoord. Een reactie krijgt één antwoord.",
            );
        }
        let summary = required_text(
            &mut errors,
            "summary",
            &self.summary,
            "een samenvatting van de reacties",
            MAX_SUMMARY,
        );
        let reply = required_text(&mut errors, "reply", &self.reply, "het antwoord", MAX_REPLY);
        let conclusion = Conclusion::parse(&self.conclusion);
        if conclusion.is_none() {
            errors.add("conclusion", "Kies een conclusie.");
        }
        match conclusion {
            Some(conclusion) if errors.is_empty() => Ok(GroupDraft {
                reaction_ids,
                summary,
                reply,
                conclusion,
            }),
            _ => Err(errors),
        }
    }
}

/// The committee's outcome as typed: per beslispunt, in order, the outcome, a link to
/// the official decision and a short explanation.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutcomeInput {
    #[serde(default)]
    pub outcome: Vec<String>,
    #[serde(default)]
    pub decision_url: Vec<String>,
    #[serde(default)]
    pub explanation: Vec<String>,
    /// "1" once the clerk saw what the first recording will mail, and confirmed it.
    #[serde(default)]
    pub confirmed: String,
}

impl OutcomeInput {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed == "1"
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeDraft {
    pub outcome: Outcome,
    pub decision_url: Option<String>,
    pub explanation: String,
}

impl OutcomeInput {
    pub fn parse(&self, points: usize) -> Result<Vec<OutcomeDraft>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let field = |list: &Vec<String>, i: usize| list.get(i).cloned().unwrap_or_default();
        let drafts: Vec<Option<OutcomeDraft>> = (0..points)
            .map(|i| {
                let n = i + 1;
                let outcome = Outcome::parse(&field(&self.outcome, i));
                if outcome.is_none() {
                    errors.add(
                        format!("outcome-{n}"),
                        format!("Kies wat er over beslispunt {n} is besloten."),
                    );
                }
                let url = field(&self.decision_url, i);
                let url = url.trim();
                let decision_url = if url.is_empty() {
                    None
                } else if (url.starts_with("https://") || url.starts_with("http://"))
                    && !url.contains(char::is_whitespace)
                    && url.len() <= 500
                {
                    Some(url.to_owned())
                } else {
                    errors.add(
                        format!("decision-url-{n}"),
                        "Vul een volledig webadres in, dat begint met https://.",
                    );
                    None
                };
                let explanation = optional_text(
                    &mut errors,
                    &format!("explanation-{n}"),
                    &field(&self.explanation, i),
                    "de toelichting",
                    MAX_EXPLANATION,
                )
                .unwrap_or_default();
                outcome.map(|outcome| OutcomeDraft {
                    outcome,
                    decision_url,
                    explanation,
                })
            })
            .collect();
        if errors.is_empty() {
            Ok(drafts.into_iter().flatten().collect())
        } else {
            Err(errors)
        }
    }
}

/// A snapshot of a draft, stored with every save (`answer_note_revisions`).
#[derive(Debug, Serialize)]
pub struct NoteSnapshot<'a> {
    pub procedure: &'a str,
    pub groups: &'a [AnswerGroup],
    pub changes: &'a [PointChange],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_dutch_list() {
        assert_eq!(reaction_numbers(&[3]), "indiener 3");
        assert_eq!(reaction_numbers(&[5, 1, 4, 2]), "indieners 1, 2, 4 en 5");
        assert_eq!(reaction_numbers(&[7, 2]), "indieners 2 en 7");
        assert_eq!(reaction_numbers(&[]), "");
    }

    #[test]
    fn a_decision_is_recorded_from_the_day_of_the_meeting_on() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 19:30 in Amsterdam on 10 December is 18:30 UTC.
        let meeting = at("2026-12-10 18:30");
        assert_eq!(
            check_decision_recordable(meeting, at("2026-12-09 22:59")),
            Err(AnswerError::BeforeMeeting(meeting))
        );
        assert!(check_decision_recordable(meeting, at("2026-12-09 23:00")).is_ok());
        assert!(check_decision_recordable(meeting, at("2027-01-20 12:00")).is_ok());
    }

    #[test]
    fn only_closed_rounds_are_answered() {
        assert_eq!(
            check_answerable(ConsultationState::Open),
            Err(AnswerError::StillOpen)
        );
        assert!(check_answerable(ConsultationState::Closed).is_ok());
        assert!(check_answerable(ConsultationState::Archived).is_ok());
    }

    #[test]
    fn a_published_version_or_a_stale_revision_refuses_saves() {
        assert_eq!(
            check_draft(NoteState::Published, 1, 1),
            Err(AnswerError::Published)
        );
        assert_eq!(
            check_draft(NoteState::Draft, 3, 2),
            Err(AnswerError::Conflict)
        );
        assert!(check_draft(NoteState::Draft, 3, 3).is_ok());
    }

    #[test]
    fn the_desk_writes_only_in_a_begun_draft() {
        let mut note = AnswerNote {
            id: "n".into(),
            consultation_id: "c".into(),
            version: 1,
            state: NoteState::Draft,
            revision: 1,
            procedure: String::new(),
            groups: Vec::new(),
            changes: Vec::new(),
            updated_at: NaiveDateTime::default(),
            published_at: None,
        };
        assert!(writable_draft(Some(&note)).is_ok());
        note.state = NoteState::Published;
        assert_eq!(
            writable_draft(Some(&note)).err(),
            Some(AnswerError::Published)
        );
        assert_eq!(writable_draft(None).err(), Some(AnswerError::NoDraft));
    }

    #[test]
    fn publication_needs_an_answer_for_every_standing_reaction() {
        assert!(check_complete(&[(1, false, true), (2, true, false)]).is_ok());
        let error =
            check_complete(&[(1, false, false), (2, false, true), (4, false, false)]).unwrap_err();
        assert_eq!(error, AnswerError::Unanswered(vec![1, 4]));
        assert!(error.message().contains("indieners 1 en 4"));
    }

    #[test]
    fn a_group_needs_reactions_text_and_a_conclusion() {
        let answerable: Vec<ReactionId> = vec!["a".into(), "b".into(), "c".into()];
        let errors = GroupInput::default().parse(&answerable, &[]).unwrap_err();
        for field in ["reactions", "summary", "reply", "conclusion"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let input = GroupInput {
            reaction: vec!["a".into(), "b".into(), "a".into()],
            summary: " Zorgen over het beheer ".into(),
            reply: "We passen het voorstel aan.".into(),
            conclusion: "change".into(),
            revision: 1,
        };
        let draft = input.parse(&answerable, &[]).unwrap();
        assert_eq!(
            draft.reaction_ids,
            vec![ReactionId::from("a"), ReactionId::from("b")]
        );
        assert_eq!(draft.summary, "Zorgen over het beheer");
        assert_eq!(draft.conclusion, Conclusion::LeadsToChange);
        let taken = input.parse(&answerable, &["b".into()]).unwrap_err();
        assert!(
            taken
                .get("reactions")
                .unwrap()
                .contains("al een ander antwoord")
        );
        let foreign = GroupInput {
            reaction: vec!["x".into()],
            ..input
        };
        assert!(foreign.parse(&answerable, &[]).is_err());
    }

    #[test]
    fn outcomes_need_a_choice_per_point_and_a_real_link() {
        let input = OutcomeInput {
            outcome: vec!["adopted".into(), String::new()],
            decision_url: vec!["javascript:alert(1)".into(), String::new()],
            explanation: vec![String::new(), String::new()],
            confirmed: String::new(),
        };
        let errors = input.parse(2).unwrap_err();
        assert!(errors.get("decision-url-1").is_some());
        assert!(errors.get("outcome-2").is_some());
        let good = OutcomeInput {
            outcome: vec!["amended".into()],
            decision_url: vec![" https://lindeveld.example/besluit/12 ".into()],
            explanation: vec!["Amendement A1 aangenomen".into()],
            confirmed: String::new(),
        };
        let drafts = good.parse(1).unwrap();
        assert_eq!(drafts[0].outcome, Outcome::Amended);
        assert_eq!(
            drafts[0].decision_url.as_deref(),
            Some("https://lindeveld.example/besluit/12")
        );
    }

    #[test]
    fn the_procedure_counts_organisations_residents_and_withdrawals() {
        let reaction = |organisation: Option<&str>, withdrawn| AnsweredReaction {
            reaction_id: "r".into(),
            sequence: 1,
            number: "2026-SPE-0001".into(),
            title: "Reactie".into(),
            organisation: organisation.map(str::to_owned),
            withdrawn,
        };
        let reactions = [
            reaction(Some("Wijkraad Horst"), false),
            reaction(None, false),
            reaction(None, true),
        ];
        let text = default_procedure(&ProcedureFacts {
            council: "Gemeente Lindeveld",
            committee: "Commissie Samenleving",
            opened_on: "1 oktober 2026",
            closed_on: "12 november 2026",
            reactions: &reactions,
        });
        assert!(
            text.contains(
                "Er zijn 3 reacties binnengekomen: 1 van organisaties en 2 van inwoners."
            )
        );
        assert!(text.contains("Eén reactie is later ingetrokken"));
        assert!(text.contains("van 1 oktober 2026 tot en met 12 november 2026"));
    }

    #[test]
    fn headings_and_labels_never_name_residents() {
        let reaction = |sequence, organisation: Option<&str>| AnsweredReaction {
            reaction_id: format!("r{sequence}").into(),
            sequence,
            number: format!("2026-SPE-{sequence:04}"),
            title: "Reactie".into(),
            organisation: organisation.map(str::to_owned),
            withdrawn: false,
        };
        let group = AnswerGroup {
            id: "g".into(),
            number: 1,
            reactions: vec![reaction(4, None), reaction(1, Some("Wijkraad Horst"))],
            summary: String::new(),
            reply: String::new(),
            conclusion: Conclusion::NoChange,
        };
        assert_eq!(group.heading(), "Indieners 1 en 4");
        assert_eq!(group.reactions[1].label(), "Indiener 1 (Wijkraad Horst)");
        assert_eq!(group.reactions[0].label(), "Indiener 4");
    }

    #[test]
    fn conclusions_and_outcomes_round_trip() {
        for c in Conclusion::ALL {
            assert_eq!(Conclusion::parse(c.as_str()), Some(c));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Conclusion::parse("x"), None);
    }
}
