//! Consultations (inspraakronden): their life cycle and what a clerk may type.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::id::CommitteeId;
use super::time::{LocalTimeError, parse_amsterdam};
use super::validation::{FieldErrors, optional_text, required_text};

/// The stored state of a consultation. `Open` turns into `Closed` by itself at the
/// deadline: see [`ConsultationState::at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationState {
    Concept,
    Open,
    Closed,
    Archived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("only a concept can be opened")]
    NotConcept,
    #[error("the deadline has already passed")]
    DeadlinePassed,
    #[error("only a closed consultation can be archived")]
    NotClosed,
    #[error("the consultation can no longer be changed")]
    NotEditable,
}

impl TransitionError {
    pub fn message(self) -> &'static str {
        match self {
            Self::NotConcept => "Alleen een concept kan worden opengezet.",
            Self::DeadlinePassed => {
                "De sluitingsdatum is al voorbij. Kies eerst een nieuwe sluitingsdatum."
            }
            Self::NotClosed => "Alleen een gesloten inspraakronde kan worden gearchiveerd.",
            Self::NotEditable => {
                "Deze inspraakronde is gesloten en kan niet meer worden gewijzigd."
            }
        }
    }
}

/// What happened in a consultation, recorded for the committee members' digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Opened,
    /// The griffie changed the round's details.
    Updated,
    Closed,
    ReactionSubmitted,
    ReactionWithdrawn,
    /// A post appeared in one of the round's threads.
    PostPublished,
}

impl EventKind {
    const ALL: [Self; 6] = [
        Self::Opened,
        Self::Updated,
        Self::Closed,
        Self::ReactionSubmitted,
        Self::ReactionWithdrawn,
        Self::PostPublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Updated => "updated",
            Self::Closed => "closed",
            Self::ReactionSubmitted => "reaction_submitted",
            Self::ReactionWithdrawn => "reaction_withdrawn",
            Self::PostPublished => "post_published",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

impl ConsultationState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Concept => "concept",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Concept, Self::Open, Self::Closed, Self::Archived]
            .into_iter()
            .find(|state| state.as_str() == value)
    }

    /// The state as it is at `now`: an open consultation is closed from its deadline on,
    /// judged by the server clock at the moment of asking, whether or not a job has
    /// written that down yet.
    pub fn at(self, deadline: NaiveDateTime, now: NaiveDateTime) -> Self {
        match self {
            Self::Open if now >= deadline => Self::Closed,
            other => other,
        }
    }

    /// Dutch name for badges and lists.
    pub fn label(self) -> &'static str {
        match self {
            Self::Concept => "Concept",
            Self::Open => "Open voor reacties",
            Self::Closed => "Gesloten",
            Self::Archived => "Gearchiveerd",
        }
    }

    /// Whether the public may see it at all.
    pub fn is_public(self) -> bool {
        self != Self::Concept
    }

    /// Opening makes a concept public; it must still have time left.
    pub fn open(
        self,
        deadline: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<Self, TransitionError> {
        match self {
            Self::Concept if deadline > now => Ok(Self::Open),
            Self::Concept => Err(TransitionError::DeadlinePassed),
            _ => Err(TransitionError::NotConcept),
        }
    }

    /// Archiving is for rounds that are over (`self` is the state at `now`).
    pub fn archive(self) -> Result<Self, TransitionError> {
        match self {
            Self::Closed => Ok(Self::Archived),
            _ => Err(TransitionError::NotClosed),
        }
    }

    /// Details may change until the deadline (`self` is the state at `now`).
    pub fn check_editable(self) -> Result<(), TransitionError> {
        match self {
            Self::Concept | Self::Open => Ok(()),
            Self::Closed | Self::Archived => Err(TransitionError::NotEditable),
        }
    }

    /// Beslispunten are fixed once the round is open, because reactions refer to them.
    pub fn decision_points_editable(self) -> bool {
        self == Self::Concept
    }
}

/// What a save does to a round's deadline, and so who must hear of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineChange {
    /// Not moved, or moved while the round is still a concept: nobody has relied on it.
    Quiet,
    /// An open round gets more time: shown publicly ("Sluitingsdatum verlengd").
    Extended,
    /// An open round gets less time: asked to confirm, and writers of drafts are mailed.
    Shortened,
}

/// The message when a new deadline is not after `now`.
pub const DEADLINE_IN_THE_PAST: &str =
    "Deze sluitingsdatum is al voorbij. Kies een moment dat nog moet komen.";

/// A deadline must lie ahead when it is set.
pub fn deadline_ahead(deadline: NaiveDateTime, now: NaiveDateTime) -> Result<(), &'static str> {
    if deadline > now {
        Ok(())
    } else {
        Err(DEADLINE_IN_THE_PAST)
    }
}

/// Checks a deadline a clerk typed against the stored one. A new deadline must lie ahead:
/// a round moved into the past would close at once and lock drafts out unannounced, and
/// its record would say it closed before reactions it accepted.
pub fn deadline_change(
    state: ConsultationState,
    stored: NaiveDateTime,
    typed: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<DeadlineChange, &'static str> {
    if typed == stored {
        return Ok(DeadlineChange::Quiet);
    }
    deadline_ahead(typed, now)?;
    Ok(match state {
        ConsultationState::Open if typed > stored => DeadlineChange::Extended,
        ConsultationState::Open => DeadlineChange::Shortened,
        _ => DeadlineChange::Quiet,
    })
}

/// "Sluitingsdatum verlengd van … naar …": the public record of a moved deadline, on the
/// consultation page and in the agenda bundle.
pub fn deadline_move_sentence(
    previous: NaiveDateTime,
    new: NaiveDateTime,
    changed_at: NaiveDateTime,
) -> String {
    let verb = if new > previous {
        "verlengd"
    } else {
        "vervroegd"
    };
    format!(
        "Sluitingsdatum {verb} van {} naar {} (gewijzigd op {}).",
        super::time::long_date_time(previous),
        super::time::long_date_time(new),
        super::time::long_date_time(changed_at),
    )
}

pub const MAX_DECISION_POINTS: usize = 20;

/// The consultation form as typed. Beslispunten come as repeated fields, in order.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ConsultationInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body_markdown: String,
    #[serde(default)]
    pub document_url: String,
    #[serde(default)]
    pub policy_version: String,
    #[serde(default)]
    pub committee_id: String,
    #[serde(default)]
    pub meeting_date: String,
    #[serde(default)]
    pub meeting_time: String,
    #[serde(default)]
    pub deadline_date: String,
    #[serde(default)]
    pub deadline_time: String,
    #[serde(default)]
    pub point_title: Vec<String>,
    #[serde(default)]
    pub point_body: Vec<String>,
    /// "1" when residents may co-sign anonymously.
    #[serde(default)]
    pub allow_anonymous: Option<String>,
    /// "1" when a moderator approves every post before it appears.
    #[serde(default)]
    pub pre_moderation: Option<String>,
    /// "1" when residents without an account may post after confirming by e-mail.
    #[serde(default)]
    pub guest_posts: Option<String>,
    /// The button that was pressed: `add_point` asks for one more empty beslispunt row
    /// instead of saving; `shorten` confirms an earlier deadline of an open round.
    #[serde(default)]
    pub action: String,
}

impl ConsultationInput {
    /// Whether the form was sent to get another beslispunt row rather than to save.
    pub fn wants_extra_point(&self) -> bool {
        self.action == "add_point"
    }

    /// Whether the clerk confirmed moving an open round's deadline forward.
    pub fn confirms_shortening(&self) -> bool {
        self.action == "shorten"
    }

    /// Adds an empty beslispunt row (up to the maximum).
    pub fn add_empty_point(&mut self) {
        let rows = self.point_title.len().max(self.point_body.len());
        if rows < MAX_DECISION_POINTS {
            self.point_title.resize(rows + 1, String::new());
            self.point_body.resize(rows + 1, String::new());
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionPointDraft {
    pub number: i32,
    pub title: String,
    pub body: String,
}

/// A consultation that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationDraft {
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    pub document_url: Option<String>,
    pub policy_version: String,
    pub committee_id: CommitteeId,
    pub meeting_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub allow_anonymous_support: bool,
    pub pre_moderation: bool,
    pub allow_guest_posts: bool,
    pub decision_points: Vec<DecisionPointDraft>,
}

impl ConsultationInput {
    /// Checks everything; `committee_ids` are the committees this council has.
    pub fn parse(&self, committee_ids: &[CommitteeId]) -> Result<ConsultationDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = required_text(&mut errors, "title", &self.title, "een titel", 200);
        let summary = required_text(
            &mut errors,
            "summary",
            &self.summary,
            "een korte samenvatting",
            1_000,
        );
        let body_markdown = required_text(
            &mut errors,
            "body_markdown",
            &self.body_markdown,
            "de tekst van de beleidsnotitie",
            100_000,
        );
        let document_url = optional_text(
            &mut errors,
            "document_url",
            &self.document_url,
            "de link",
            500,
        );
        if let Some(url) = &document_url
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace))
        {
            errors.add(
                "document_url",
                "Vul een volledige link in die begint met https://, of laat het veld leeg.",
            );
        }
        let policy_version = required_text(
            &mut errors,
            "policy_version",
            &self.policy_version,
            "de versie van de beleidsnotitie",
            50,
        );
        if !committee_ids
            .iter()
            .any(|id| id.as_str() == self.committee_id)
        {
            errors.add(
                "committee_id",
                "Kies de commissie die de notitie bespreekt.",
            );
        }
        let meeting = parse_moment(
            &mut errors,
            &MEETING,
            &self.meeting_date,
            &self.meeting_time,
        );
        let deadline = parse_moment(
            &mut errors,
            &DEADLINE,
            &self.deadline_date,
            &self.deadline_time,
        );
        if let (Some(meeting), Some(deadline)) = (meeting, deadline)
            && deadline > meeting
        {
            errors.add(
                "deadline_date",
                "De sluitingsdatum moet vóór de vergadering liggen.",
            );
        }
        let decision_points = self.decision_points(&mut errors);
        match (meeting, deadline) {
            (Some(meeting_at), Some(deadline_at)) => errors.into_result(ConsultationDraft {
                title,
                summary,
                body_markdown,
                document_url,
                policy_version,
                committee_id: CommitteeId::from(self.committee_id.clone()),
                meeting_at,
                deadline_at,
                allow_anonymous_support: self.allow_anonymous.as_deref() == Some("1"),
                pre_moderation: self.pre_moderation.as_deref() == Some("1"),
                allow_guest_posts: self.guest_posts.as_deref() == Some("1"),
                decision_points,
            }),
            _ => Err(errors),
        }
    }

    /// Numbered 1, 2, 3 in the order typed; rows left fully empty are skipped.
    fn decision_points(&self, errors: &mut FieldErrors) -> Vec<DecisionPointDraft> {
        let rows = self.point_title.len().max(self.point_body.len());
        let mut points = Vec::new();
        for index in 0..rows {
            let title = self.point_title.get(index).map_or("", String::as_str);
            let body = self.point_body.get(index).map_or("", String::as_str);
            if title.trim().is_empty() && body.trim().is_empty() {
                continue;
            }
            let row = index + 1;
            let title = required_text(
                errors,
                &format!("point_title_{row}"),
                title,
                "de titel van het beslispunt",
                200,
            );
            let body = required_text(
                errors,
                &format!("point_body_{row}"),
                body,
                "de tekst van het beslispunt",
                5_000,
            );
            points.push(DecisionPointDraft {
                number: i32::try_from(points.len() + 1).unwrap_or(i32::MAX),
                title,
                body,
            });
        }
        if points.is_empty() {
            errors.add("point_title_1", "Vul minstens één beslispunt in.");
        } else if points.len() > MAX_DECISION_POINTS {
            errors.add(
                "point_title_1",
                format!("Een inspraakronde heeft hoogstens {MAX_DECISION_POINTS} beslispunten."),
            );
        }
        points
    }
}

/// The two fields of one moment and how messages name them.
struct MomentFields {
    date_field: &'static str,
    time_field: &'static str,
    date_name: &'static str,
    time_name: &'static str,
}

const MEETING: MomentFields = MomentFields {
    date_field: "meeting_date",
    time_field: "meeting_time",
    date_name: "de datum van de vergadering",
    time_name: "de begintijd van de vergadering",
};

const DEADLINE: MomentFields = MomentFields {
    date_field: "deadline_date",
    time_field: "deadline_time",
    date_name: "de sluitingsdatum",
    time_name: "de tijd van sluiting",
};

fn parse_moment(
    errors: &mut FieldErrors,
    fields: &MomentFields,
    date: &str,
    time: &str,
) -> Option<NaiveDateTime> {
    match parse_amsterdam(date, time) {
        Ok(moment) => Some(moment),
        Err(error) => {
            let field = match error {
                LocalTimeError::BadTime | LocalTimeError::Skipped => fields.time_field,
                LocalTimeError::MissingDate | LocalTimeError::BadDate => fields.date_field,
            };
            errors.add(field, error.message(fields.date_name, fields.time_name));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_read_back_from_what_is_stored() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse("exploded"), None);
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn valid_input() -> ConsultationInput {
        ConsultationInput {
            title: "Ontmoetingsplekken".into(),
            summary: "Samenvatting".into(),
            body_markdown: "Tekst".into(),
            document_url: "".into(),
            policy_version: "1.0".into(),
            committee_id: "c1".into(),
            meeting_date: "2026-12-10".into(),
            meeting_time: "19:30".into(),
            deadline_date: "2026-12-03".into(),
            deadline_time: "12:00".into(),
            point_title: vec!["Wijkprogrammering".into(), "".into()],
            point_body: vec!["Tekst 1".into(), "".into()],
            allow_anonymous: Some("1".into()),
            pre_moderation: Some("1".into()),
            guest_posts: None,
            action: "save".into(),
        }
    }

    #[test]
    fn open_turns_into_closed_at_the_deadline() {
        let deadline = at("2026-12-03 11:00");
        assert_eq!(
            ConsultationState::Open.at(deadline, at("2026-12-03 10:59")),
            ConsultationState::Open
        );
        assert_eq!(
            ConsultationState::Open.at(deadline, deadline),
            ConsultationState::Closed
        );
        assert_eq!(
            ConsultationState::Concept.at(deadline, at("2027-01-01 00:00")),
            ConsultationState::Concept
        );
    }

    #[test]
    fn transitions_follow_the_life_cycle() {
        let deadline = at("2026-12-03 11:00");
        let before = at("2026-12-01 09:00");
        assert_eq!(
            ConsultationState::Concept.open(deadline, before),
            Ok(ConsultationState::Open)
        );
        assert_eq!(
            ConsultationState::Concept.open(deadline, deadline),
            Err(TransitionError::DeadlinePassed)
        );
        assert_eq!(
            ConsultationState::Open.open(deadline, before),
            Err(TransitionError::NotConcept)
        );
        assert_eq!(
            ConsultationState::Closed.archive(),
            Ok(ConsultationState::Archived)
        );
        assert_eq!(
            ConsultationState::Open.archive(),
            Err(TransitionError::NotClosed)
        );
        assert!(ConsultationState::Open.check_editable().is_ok());
        assert_eq!(
            ConsultationState::Closed.check_editable(),
            Err(TransitionError::NotEditable)
        );
        assert!(ConsultationState::Concept.decision_points_editable());
        assert!(!ConsultationState::Open.decision_points_editable());
        assert!(!ConsultationState::Concept.is_public());
        assert!(ConsultationState::Archived.is_public());
    }

    #[test]
    fn a_deadline_moves_only_forward_in_time_and_open_rounds_say_how() {
        let now = at("2026-12-01 12:00");
        let stored = at("2026-12-10 12:00");
        let later = at("2026-12-17 12:00");
        let sooner = at("2026-12-05 12:00");
        let open = ConsultationState::Open;
        assert_eq!(
            deadline_change(open, stored, stored, now),
            Ok(DeadlineChange::Quiet)
        );
        assert_eq!(
            deadline_change(open, stored, later, now),
            Ok(DeadlineChange::Extended)
        );
        assert_eq!(
            deadline_change(open, stored, sooner, now),
            Ok(DeadlineChange::Shortened)
        );
        assert_eq!(
            deadline_change(open, stored, now, now),
            Err(DEADLINE_IN_THE_PAST)
        );
        assert_eq!(
            deadline_change(open, stored, at("2026-12-01 11:00"), now),
            Err(DEADLINE_IN_THE_PAST)
        );
        let concept = ConsultationState::Concept;
        assert_eq!(
            deadline_change(concept, stored, sooner, now),
            Ok(DeadlineChange::Quiet)
        );
        assert_eq!(
            deadline_change(concept, stored, at("2026-11-30 12:00"), now),
            Err(DEADLINE_IN_THE_PAST)
        );
    }

    #[test]
    fn a_moved_deadline_reads_as_extended_or_brought_forward() {
        let sentence = deadline_move_sentence(
            at("2026-12-03 11:00"),
            at("2026-12-10 11:00"),
            at("2026-12-01 09:00"),
        );
        assert_eq!(
            sentence,
            "Sluitingsdatum verlengd van donderdag 3 december 2026 om 12:00 uur naar donderdag 10 december 2026 om 12:00 uur (gewijzigd op dinsdag 1 december 2026 om 10:00 uur)."
        );
        assert!(
            deadline_move_sentence(
                at("2026-12-10 11:00"),
                at("2026-12-03 11:00"),
                at("2026-12-01 09:00")
            )
            .starts_with("Sluitingsdatum vervroegd van")
        );
    }

    #[test]
    fn a_valid_form_becomes_a_draft_with_numbered_points() {
        let draft = valid_input().parse(&["c1".into()]).unwrap();
        assert_eq!(draft.meeting_at, at("2026-12-10 18:30"));
        assert_eq!(draft.decision_points.len(), 1);
        assert_eq!(draft.decision_points[0].number, 1);
        assert_eq!(draft.document_url, None);
        assert!(draft.pre_moderation);
        assert!(!draft.allow_guest_posts);
    }

    #[test]
    fn every_problem_is_reported_on_its_field() {
        let input = ConsultationInput {
            title: "".into(),
            committee_id: "andere".into(),
            deadline_date: "2026-12-20".into(),
            document_url: "javascript:alert(1)".into(),
            point_title: vec!["".into(), "Zonder tekst".into()],
            point_body: vec!["".into(), "".into()],
            ..valid_input()
        };
        let errors = input.parse(&[CommitteeId::from("c1")]).unwrap_err();
        for field in [
            "title",
            "committee_id",
            "deadline_date",
            "document_url",
            "point_body_2",
        ] {
            assert!(errors.get(field).is_some(), "expected an error on {field}");
        }
    }

    #[test]
    fn at_least_one_decision_point_is_needed() {
        let input = ConsultationInput {
            point_title: vec![],
            point_body: vec![],
            ..valid_input()
        };
        let errors = input.parse(&[CommitteeId::from("c1")]).unwrap_err();
        assert_eq!(
            errors.get("point_title_1"),
            Some("Vul minstens één beslispunt in.")
        );
    }
}
