//! Reactions (zienswijzen): their content, life cycle and the hashes that
//! let anyone check that what the committee received is what was submitted.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::consultation::ConsultationState;
use super::id::{ConsultationId, DecisionPointId, OrganisationId, ReactionId};
use super::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReactionState {
    Draft,
    Submitted,
    Withdrawn,
}

impl ReactionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Draft, Self::Submitted, Self::Withdrawn]
            .into_iter()
            .find(|state| state.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Concept",
            Self::Submitted => "Ingediend",
            Self::Withdrawn => "Ingetrokken",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supports,
    Opposes,
    Amends,
}

impl Stance {
    pub const ALL: [Self; 3] = [Self::Supports, Self::Opposes, Self::Amends];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Opposes => "opposes",
            Self::Amends => "amends",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Supports => "Voor",
            Self::Opposes => "Tegen",
            Self::Amends => "Voor, met een wijziging",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operator {
    Bewonersbeheer,
    Gemeente,
    Welzijnsorganisatie,
    Cooperatie,
    Other,
}

impl Operator {
    pub const ALL: [Self; 5] = [
        Self::Bewonersbeheer,
        Self::Gemeente,
        Self::Welzijnsorganisatie,
        Self::Cooperatie,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bewonersbeheer => "bewonersbeheer",
            Self::Gemeente => "gemeente",
            Self::Welzijnsorganisatie => "welzijnsorganisatie",
            Self::Cooperatie => "cooperatie",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Bewonersbeheer => "Bewoners (bewonersbeheer)",
            Self::Gemeente => "De gemeente",
            Self::Welzijnsorganisatie => "Een welzijnsorganisatie",
            Self::Cooperatie => "Een coöperatie",
            Self::Other => "Anders",
        }
    }
}

/// One co-signable statement, optionally about a beslispunt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionContent {
    pub decision_point_id: Option<DecisionPointId>,
    pub stance: Stance,
    pub body: String,
}

/// A structured alternative to (usually) one beslispunt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioContent {
    pub decision_point_id: Option<DecisionPointId>,
    pub title: String,
    pub operator: Operator,
    pub request: String,
    pub yearly_cost_euros: Option<i64>,
    pub cost_bearer: String,
    pub conditions: String,
    pub body: String,
}

/// An empty row the edit page adds after saving: a position or a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraRow {
    Position,
    Scenario,
}

impl ExtraRow {
    /// As in the edit page's address (`?extra=standpunt`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Position => "standpunt",
            Self::Scenario => "scenario",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Position, Self::Scenario]
            .into_iter()
            .find(|row| row.as_str() == value)
    }

    /// The anchor of the `number`-th row of this kind on the edit page.
    pub fn anchor(self, number: usize) -> String {
        format!("{}-{number}", self.as_str())
    }
}

/// Everything a draft holds; a revision stores this as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionContent {
    pub title: String,
    pub introduction: String,
    pub body_markdown: String,
    pub publish_name: bool,
    pub positions: Vec<PositionContent>,
    pub scenarios: Vec<ScenarioContent>,
}

/// Reactions listed per page of a consultation.
pub const REACTIONS_PER_PAGE: usize = 25;

pub const MAX_POSITIONS: usize = 30;
pub const MAX_SCENARIOS: usize = 10;

/// The reaction form as typed. Positions and scenarios come as repeated fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReactionInput {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub body_markdown: String,
    #[serde(default)]
    pub publish_name: Option<String>,
    /// The version the writer started from, to detect a save by someone else meanwhile.
    #[serde(default)]
    pub version: String,
    /// After a conflict: the version the writer first started from, while `version` is
    /// the other writer's, so that saving again deliberately saves over theirs.
    #[serde(default)]
    pub based_on: String,
    #[serde(default)]
    pub position_point: Vec<String>,
    #[serde(default)]
    pub position_stance: Vec<String>,
    #[serde(default)]
    pub position_body: Vec<String>,
    #[serde(default)]
    pub scenario_point: Vec<String>,
    #[serde(default)]
    pub scenario_title: Vec<String>,
    #[serde(default)]
    pub scenario_operator: Vec<String>,
    #[serde(default)]
    pub scenario_request: Vec<String>,
    #[serde(default)]
    pub scenario_cost: Vec<String>,
    #[serde(default)]
    pub scenario_cost_bearer: Vec<String>,
    #[serde(default)]
    pub scenario_conditions: Vec<String>,
    #[serde(default)]
    pub scenario_body: Vec<String>,
    /// `add_position` or `add_scenario` ask for an empty row instead of saving.
    #[serde(default)]
    pub action: String,
}

fn at(values: &[String], index: usize) -> &str {
    values.get(index).map_or("", String::as_str)
}

impl ReactionInput {
    /// The stored content as the form shows it.
    pub fn from_content(content: &ReactionContent, version: i32) -> Self {
        let p = &content.positions;
        let s = &content.scenarios;
        Self {
            title: content.title.clone(),
            introduction: content.introduction.clone(),
            body_markdown: content.body_markdown.clone(),
            publish_name: content.publish_name.then(|| "1".to_owned()),
            version: version.to_string(),
            based_on: String::new(),
            position_point: p
                .iter()
                .map(|x| {
                    x.decision_point_id
                        .as_ref()
                        .map_or_else(String::new, |id| id.to_string())
                })
                .collect(),
            position_stance: p.iter().map(|x| x.stance.as_str().to_owned()).collect(),
            position_body: p.iter().map(|x| x.body.clone()).collect(),
            scenario_point: s
                .iter()
                .map(|x| {
                    x.decision_point_id
                        .as_ref()
                        .map_or_else(String::new, |id| id.to_string())
                })
                .collect(),
            scenario_title: s.iter().map(|x| x.title.clone()).collect(),
            scenario_operator: s.iter().map(|x| x.operator.as_str().to_owned()).collect(),
            scenario_request: s.iter().map(|x| x.request.clone()).collect(),
            scenario_cost: s
                .iter()
                .map(|x| {
                    x.yearly_cost_euros
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                })
                .collect(),
            scenario_cost_bearer: s.iter().map(|x| x.cost_bearer.clone()).collect(),
            scenario_conditions: s.iter().map(|x| x.conditions.clone()).collect(),
            scenario_body: s.iter().map(|x| x.body.clone()).collect(),
            action: String::new(),
        }
    }

    pub fn position_rows(&self) -> usize {
        self.position_body
            .len()
            .max(self.position_stance.len())
            .max(self.position_point.len())
    }

    pub fn scenario_rows(&self) -> usize {
        [
            self.scenario_title.len(),
            self.scenario_request.len(),
            self.scenario_body.len(),
            self.scenario_operator.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }

    /// The row the writer asked for with "Nog een standpunt toevoegen" or "Scenario
    /// toevoegen", if any.
    pub fn requested_row(&self) -> Option<ExtraRow> {
        match self.action.as_str() {
            "add_position" => Some(ExtraRow::Position),
            "add_scenario" => Some(ExtraRow::Scenario),
            _ => None,
        }
    }

    /// Adds the row the form asked for (up to the maximum).
    pub fn add_requested_row(&mut self) {
        if let Some(row) = self.requested_row() {
            self.add_row(row);
        }
    }

    /// Adds an empty row of `kind` (up to the maximum).
    pub fn add_row(&mut self, kind: ExtraRow) {
        match kind {
            ExtraRow::Position if self.position_rows() < MAX_POSITIONS => {
                let rows = self.position_rows() + 1;
                for list in [
                    &mut self.position_point,
                    &mut self.position_stance,
                    &mut self.position_body,
                ] {
                    list.resize(rows, String::new());
                }
            }
            ExtraRow::Scenario if self.scenario_rows() < MAX_SCENARIOS => {
                let rows = self.scenario_rows() + 1;
                for list in [
                    &mut self.scenario_point,
                    &mut self.scenario_title,
                    &mut self.scenario_operator,
                    &mut self.scenario_request,
                    &mut self.scenario_cost,
                    &mut self.scenario_cost_bearer,
                    &mut self.scenario_conditions,
                    &mut self.scenario_body,
                ] {
                    list.resize(rows, String::new());
                }
            }
            ExtraRow::Position | ExtraRow::Scenario => {}
        }
    }

    /// Checks a save. A draft may be unfinished, but what is there must be valid;
    /// `decision_points` are the ids of the consultation's beslispunten.
    pub fn parse(
        &self,
        decision_points: &[DecisionPointId],
    ) -> Result<ReactionContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = required_text(&mut errors, "title", &self.title, "een titel", 200);
        let introduction = optional_text(
            &mut errors,
            "introduction",
            &self.introduction,
            "de inleiding",
            2_000,
        )
        .unwrap_or_default();
        let body_markdown = optional_text(
            &mut errors,
            "body_markdown",
            &self.body_markdown,
            "de tekst",
            50_000,
        )
        .unwrap_or_default();
        let point = |errors: &mut FieldErrors, field: String, value: &str| {
            if value.is_empty() {
                None
            } else if let Some(id) = decision_points.iter().find(|id| id.as_str() == value) {
                Some(id.clone())
            } else {
                errors.add(field, "Kies een beslispunt uit de lijst.");
                None
            }
        };
        let mut positions = Vec::new();
        for index in 0..self.position_rows() {
            let row = index + 1;
            let body = at(&self.position_body, index);
            if body.trim().is_empty() && at(&self.position_point, index).is_empty() {
                continue;
            }
            let decision_point_id = point(
                &mut errors,
                format!("position_point_{row}"),
                at(&self.position_point, index),
            );
            let stance = Stance::parse(at(&self.position_stance, index));
            if stance.is_none() {
                errors.add(
                    format!("position_stance_{row}"),
                    "Kies of u voor of tegen bent, of iets wilt wijzigen.",
                );
            }
            let body = required_text(
                &mut errors,
                &format!("position_body_{row}"),
                body,
                "het standpunt",
                1_000,
            );
            if let Some(stance) = stance {
                positions.push(PositionContent {
                    decision_point_id,
                    stance,
                    body,
                });
            }
        }
        let mut scenarios = Vec::new();
        for index in 0..self.scenario_rows() {
            let row = index + 1;
            let title = at(&self.scenario_title, index);
            let request = at(&self.scenario_request, index);
            let body = at(&self.scenario_body, index);
            if [
                title,
                request,
                body,
                at(&self.scenario_cost_bearer, index),
                at(&self.scenario_conditions, index),
            ]
            .iter()
            .all(|v| v.trim().is_empty())
            {
                continue;
            }
            let decision_point_id = point(
                &mut errors,
                format!("scenario_point_{row}"),
                at(&self.scenario_point, index),
            );
            let title = required_text(
                &mut errors,
                &format!("scenario_title_{row}"),
                title,
                "de titel van het scenario",
                200,
            );
            let operator = Operator::parse(at(&self.scenario_operator, index));
            if operator.is_none() {
                errors.add(
                    format!("scenario_operator_{row}"),
                    "Kies wie het scenario uitvoert.",
                );
            }
            let request = required_text(
                &mut errors,
                &format!("scenario_request_{row}"),
                request,
                "wat u van de raad vraagt",
                2_000,
            );
            let cost = at(&self.scenario_cost, index)
                .trim()
                .replace(['.', ' ', '€'], "");
            let yearly_cost_euros = if cost.is_empty() {
                None
            } else {
                match cost.parse::<i64>() {
                    Ok(euros) if (0..=100_000_000).contains(&euros) => Some(euros),
                    _ => {
                        errors.add(
                            format!("scenario_cost_{row}"),
                            "Vul de kosten in hele euro's in, bijvoorbeeld 45000.",
                        );
                        None
                    }
                }
            };
            let cost_bearer = optional_text(
                &mut errors,
                &format!("scenario_cost_bearer_{row}"),
                at(&self.scenario_cost_bearer, index),
                "wie betaalt",
                300,
            )
            .unwrap_or_default();
            let conditions = optional_text(
                &mut errors,
                &format!("scenario_conditions_{row}"),
                at(&self.scenario_conditions, index),
                "de voorwaarden",
                2_000,
            )
            .unwrap_or_default();
            let body = optional_text(
                &mut errors,
                &format!("scenario_body_{row}"),
                body,
                "de toelichting",
                10_000,
            )
            .unwrap_or_default();
            if let Some(operator) = operator {
                scenarios.push(ScenarioContent {
                    decision_point_id,
                    title,
                    operator,
                    request,
                    yearly_cost_euros,
                    cost_bearer,
                    conditions,
                    body,
                });
            }
        }
        if positions.len() > MAX_POSITIONS {
            errors.add(
                "position_body_1",
                format!("Een reactie heeft hoogstens {MAX_POSITIONS} standpunten."),
            );
        }
        if scenarios.len() > MAX_SCENARIOS {
            errors.add(
                "scenario_title_1",
                format!("Een reactie heeft hoogstens {MAX_SCENARIOS} scenario's."),
            );
        }
        errors.into_result(ReactionContent {
            title,
            introduction,
            body_markdown,
            publish_name: self.publish_name.as_deref() == Some("1"),
            positions,
            scenarios,
        })
    }
}

impl ReactionContent {
    /// What a submission needs beyond a valid draft.
    pub fn check_complete(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.introduction.trim().is_empty() {
            errors.add(
                "introduction",
                "Vul een inleiding in: wie bent u en waarom reageert u?",
            );
        }
        if self.positions.is_empty() && self.body_markdown.trim().is_empty() {
            errors.add(
                "position_body_1",
                "Neem minstens één standpunt in, of schrijf uw reactie in de tekst.",
            );
        }
        errors.into_result(())
    }

    /// The parts that differ from `before`, in Dutch, for the revision list.
    pub fn changes_since(&self, before: &ReactionContent) -> String {
        let mut parts = Vec::new();
        if self.title != before.title {
            parts.push("titel");
        }
        if self.introduction != before.introduction {
            parts.push("inleiding");
        }
        if self.body_markdown != before.body_markdown {
            parts.push("tekst");
        }
        if self.publish_name != before.publish_name {
            parts.push("naam openbaar");
        }
        if self.positions != before.positions {
            parts.push("standpunten");
        }
        if self.scenarios != before.scenarios {
            parts.push("scenario's");
        }
        if parts.is_empty() {
            "niets".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// Why an action on a reaction is not allowed now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReactionError {
    #[error("the consultation is not open")]
    ConsultationClosed,
    #[error("the reaction is no longer a draft")]
    NotDraft,
    #[error("only a submitted reaction can be withdrawn")]
    NotSubmitted,
    #[error("a withdrawn reaction cannot be supported")]
    Withdrawn,
    #[error("someone else saved first")]
    Conflict,
    #[error("only the board may do this")]
    NotBoard,
    #[error("consent is missing")]
    NoConsent,
}

impl ReactionError {
    pub fn message(self) -> &'static str {
        match self {
            Self::ConsultationClosed => {
                "De inspraakronde is gesloten. Reageren, wijzigen en intrekken kan niet meer."
            }
            Self::NotDraft => {
                "Deze reactie is al ingediend of ingetrokken en kan niet meer worden gewijzigd."
            }
            Self::NotSubmitted => "Alleen een ingediende reactie kan worden ingetrokken.",
            Self::Withdrawn => "Deze reactie is ingetrokken. Steunen kan niet meer.",
            Self::Conflict => {
                "Iemand anders heeft deze reactie net opgeslagen. Uw tekst staat hieronder nog; kijk bij Versies wat er veranderd is en sla daarna opnieuw op."
            }
            Self::NotBoard => {
                "Alleen een bestuurslid kan namens de organisatie indienen of intrekken."
            }
            Self::NoConsent => {
                "Geef toestemming voor wat openbaar wordt. Zonder toestemming kunnen wij uw reactie niet indienen."
            }
        }
    }
}

/// A save must start from the stored version, while the draft is a draft and the round is open.
pub fn check_save(
    state: ReactionState,
    consultation: ConsultationState,
    stored_version: i32,
    started_from: i32,
) -> Result<(), ReactionError> {
    if consultation != ConsultationState::Open {
        Err(ReactionError::ConsultationClosed)
    } else if state != ReactionState::Draft {
        Err(ReactionError::NotDraft)
    } else if stored_version != started_from {
        Err(ReactionError::Conflict)
    } else {
        Ok(())
    }
}

/// Submitting: a draft, an open round, a board member (or the individual), consent given.
pub fn check_submit(
    state: ReactionState,
    consultation: ConsultationState,
    speaks_for_board: bool,
    consent: bool,
) -> Result<(), ReactionError> {
    if consultation != ConsultationState::Open {
        Err(ReactionError::ConsultationClosed)
    } else if state != ReactionState::Draft {
        Err(ReactionError::NotDraft)
    } else if !speaks_for_board {
        Err(ReactionError::NotBoard)
    } else if !consent {
        Err(ReactionError::NoConsent)
    } else {
        Ok(())
    }
}

/// Withdrawing: a submitted reaction, before the deadline, by the board or the individual.
/// What the withdrawal form sends: an optional public reason.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WithdrawInput {
    #[serde(default)]
    pub reason: String,
}

impl WithdrawInput {
    pub fn parse(&self) -> Result<Option<String>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = optional_text(&mut errors, "reason", &self.reason, "de reden", 1_000);
        errors.into_result(reason)
    }
}

pub fn check_withdraw(
    state: ReactionState,
    consultation: ConsultationState,
    speaks_for_board: bool,
) -> Result<(), ReactionError> {
    if consultation != ConsultationState::Open {
        Err(ReactionError::ConsultationClosed)
    } else if state != ReactionState::Submitted {
        Err(ReactionError::NotSubmitted)
    } else if !speaks_for_board {
        Err(ReactionError::NotBoard)
    } else {
        Ok(())
    }
}

pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_ATTACHMENTS: usize = 5;

/// Why an uploaded file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    #[error("no file")]
    Missing,
    #[error("not a PDF")]
    NotPdf,
    #[error("too large")]
    TooLarge,
    #[error("too many attachments")]
    TooMany,
}

impl AttachmentError {
    pub fn message(self) -> String {
        match self {
            Self::Missing => "Kies een PDF-bestand.".to_owned(),
            Self::NotPdf => {
                "Dit bestand is geen PDF. Alleen PDF-bestanden kunnen als bijlage mee.".to_owned()
            }
            Self::TooLarge => format!(
                "Dit bestand is groter dan {} MB. Maak het kleiner en probeer het opnieuw.",
                MAX_ATTACHMENT_BYTES / (1024 * 1024)
            ),
            Self::TooMany => format!(
                "Een reactie heeft hoogstens {MAX_ATTACHMENTS} bijlagen. Verwijder er eerst een."
            ),
        }
    }
}

/// Checks a file by its content, not its name: a PDF starts with `%PDF-`.
pub fn check_pdf(content: &[u8]) -> Result<(), AttachmentError> {
    if content.is_empty() {
        Err(AttachmentError::Missing)
    } else if content.len() > MAX_ATTACHMENT_BYTES {
        Err(AttachmentError::TooLarge)
    } else if !content.starts_with(b"%PDF-") {
        Err(AttachmentError::NotPdf)
    } else {
        Ok(())
    }
}

/// A file name safe to store and to offer for download: no folders, no control
/// characters, at most 120 characters, ending in `.pdf`.
pub fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    let stem = if cleaned.is_empty() {
        "bijlage".to_owned()
    } else {
        cleaned
    };
    if stem.to_lowercase().ends_with(".pdf") {
        stem
    } else {
        format!("{stem}.pdf")
    }
}

/// A position as it is fixed in the hash: the beslispunt by its number.
#[derive(Debug, Clone, Serialize)]
pub struct CanonicalPosition<'a> {
    pub decision_point: Option<i32>,
    pub stance: Stance,
    pub body: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CanonicalScenario<'a> {
    pub decision_point: Option<i32>,
    pub title: &'a str,
    pub operator: Operator,
    pub request: &'a str,
    pub yearly_cost_euros: Option<i64>,
    pub cost_bearer: &'a str,
    pub conditions: &'a str,
    pub body: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CanonicalAttachment<'a> {
    pub filename: &'a str,
    pub size: i64,
    pub sha256: &'a str,
}

/// What a receipt's SHA-256 covers. Serialised as compact JSON with the fields in exactly
/// this order (serde keeps struct order), UTF-8, no trailing newline. Times are UTC in
/// RFC 3339 with seconds. The format name changes if this layout ever changes.
#[derive(Debug, Clone, Serialize)]
pub struct CanonicalReaction<'a> {
    pub format: &'static str,
    pub consultation_id: &'a ConsultationId,
    pub reaction_id: &'a ReactionId,
    pub submission_number: &'a str,
    pub submitted_at: String,
    pub organisation_id: Option<&'a OrganisationId>,
    pub submitted_by_name: &'a str,
    pub publish_name: bool,
    pub title: &'a str,
    pub introduction: &'a str,
    pub body_markdown: &'a str,
    pub positions: Vec<CanonicalPosition<'a>>,
    pub scenarios: Vec<CanonicalScenario<'a>>,
    pub attachments: Vec<CanonicalAttachment<'a>>,
}

pub const CANONICAL_FORMAT: &str = "inspraak-reactie-v1";

/// The name an individual's reaction goes by: once submitted, the name it was submitted
/// with (part of what was filed and hashed), so renaming the account changes nothing filed.
pub fn filed_name<'a>(submitted_by_name: Option<&'a str>, account_name: &'a str) -> &'a str {
    submitted_by_name.unwrap_or(account_name)
}

/// The name an individual's submitted reaction goes by once its filer deleted the
/// account: its number in the round, nothing of the person.
pub fn anonymous_filer(sequence: i32) -> String {
    format!("Indiener {sequence}")
}

/// How a log entry's content hash is checked against the reaction as stored now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentCheck {
    /// Against the hash recomputed from the stored reaction.
    Recompute,
    /// Against the hash stored with the reaction (a withdrawal changes no content).
    StoredHash,
    /// Not at all: the name it covered was erased later (a later `Anonymised` entry says
    /// so); the chain of entry hashes still covers it.
    ChainOnly,
}

pub fn content_check(event: LogEvent, anonymised_later: bool) -> ContentCheck {
    match (event, anonymised_later) {
        (_, true) => ContentCheck::ChainOnly,
        (LogEvent::Submitted | LogEvent::Anonymised, false) => ContentCheck::Recompute,
        (LogEvent::Withdrawn, false) => ContentCheck::StoredHash,
    }
}

/// UTC, seconds precision, as in the canonical form.
pub fn canonical_time(utc: NaiveDateTime) -> String {
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl CanonicalReaction<'_> {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data serialises")
    }

    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.to_json().as_bytes()))
    }
}

/// What a submission log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogEvent {
    Submitted,
    Withdrawn,
    /// The filer's name was replaced when the individual deleted the account; the entry
    /// carries the hash of the reaction as it is from then on.
    Anonymised,
}

impl LogEvent {
    /// As stored, and as hashed into the chain: changing it would break every hash.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Withdrawn => "withdrawn",
            Self::Anonymised => "anonymised",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Submitted, Self::Withdrawn, Self::Anonymised]
            .into_iter()
            .find(|event| event.as_str() == value)
    }
}

/// The hash of the log entry before the first one.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one submission log entry: it covers the previous entry's hash, so an entry
/// changed or removed anywhere breaks every hash after it.
pub fn log_entry_hash(
    previous_hash: &str,
    sequence: i32,
    event: LogEvent,
    reaction_id: &ReactionId,
    content_hash: &str,
    recorded_at: NaiveDateTime,
) -> String {
    let event = event.as_str();
    let line = format!(
        "{previous_hash}\n{sequence}\n{event}\n{reaction_id}\n{content_hash}\n{}",
        canonical_time(recorded_at)
    );
    hex::encode(Sha256::digest(line.as_bytes()))
}

/// What a revision records as changed: the changed parts (see
/// [`ReactionContent::changes_since`]) and, for a deliberate save over another writer's
/// version, both versions it was based on. `based_on` is the edit form's field: the version
/// the writer began at, kept after a conflict; empty otherwise.
pub fn revision_note(changes: String, started_from: i32, based_on: &str) -> String {
    match based_on.trim().parse::<i32>() {
        Ok(base) if base != started_from => format!(
            "{changes}; bewust over versie {started_from} heen opgeslagen (begonnen bij versie {base})"
        ),
        _ => changes,
    }
}

/// What restoring an earlier revision records as changed.
pub fn restore_note(restored: i32) -> String {
    format!("versie {restored} teruggezet")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_before_an_anonymisation_are_covered_by_the_chain_only() {
        assert_eq!(
            content_check(LogEvent::Submitted, false),
            ContentCheck::Recompute
        );
        assert_eq!(
            content_check(LogEvent::Anonymised, false),
            ContentCheck::Recompute
        );
        assert_eq!(
            content_check(LogEvent::Withdrawn, false),
            ContentCheck::StoredHash
        );
        for event in [
            LogEvent::Submitted,
            LogEvent::Withdrawn,
            LogEvent::Anonymised,
        ] {
            assert_eq!(content_check(event, true), ContentCheck::ChainOnly);
        }
        assert_eq!(anonymous_filer(12), "Indiener 12");
        assert_eq!(LogEvent::parse("anonymised"), Some(LogEvent::Anonymised));
    }

    fn time(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn input() -> ReactionInput {
        ReactionInput {
            title: "Houd De Schakel open".into(),
            introduction: "Wij zijn de bewoners van De Horst.".into(),
            position_point: vec!["dp1".into(), "".into()],
            position_stance: vec!["opposes".into(), "".into()],
            position_body: vec!["Wij willen zelf beheren.".into(), "".into()],
            scenario_point: vec!["dp2".into()],
            scenario_title: vec!["Bewonersbeheer De Schakel".into()],
            scenario_operator: vec!["bewonersbeheer".into()],
            scenario_request: vec!["Een vast bedrag per jaar.".into()],
            scenario_cost: vec!["45.000".into()],
            scenario_cost_bearer: vec!["Gemeente".into()],
            scenario_conditions: vec!["".into()],
            scenario_body: vec!["".into()],
            ..ReactionInput::default()
        }
    }

    #[test]
    fn a_draft_form_becomes_content_and_back() {
        let points: Vec<DecisionPointId> = vec!["dp1".into(), "dp2".into()];
        let content = input().parse(&points).unwrap();
        assert_eq!(content.positions.len(), 1);
        assert_eq!(content.positions[0].stance, Stance::Opposes);
        assert_eq!(content.scenarios[0].yearly_cost_euros, Some(45_000));
        let again = ReactionInput::from_content(&content, 3)
            .parse(&points)
            .unwrap();
        assert_eq!(again, content);
    }

    #[test]
    fn bad_rows_are_reported_on_their_fields() {
        let mut bad = input();
        bad.position_point[0] = "elders".into();
        bad.position_stance[1] = "".into();
        bad.position_body[1] = "Zonder keuze".into();
        bad.scenario_cost[0] = "veel".into();
        bad.scenario_operator[0] = "".into();
        let errors = bad.parse(&["dp1".into()]).unwrap_err();
        for field in [
            "position_point_1",
            "position_stance_2",
            "scenario_cost_1",
            "scenario_operator_1",
            "scenario_point_1",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn submitting_needs_an_introduction_and_something_to_say() {
        let empty = ReactionContent {
            title: "x".into(),
            ..ReactionContent::default()
        };
        let errors = empty.check_complete().unwrap_err();
        assert!(errors.get("introduction").is_some() && errors.get("position_body_1").is_some());
    }

    #[test]
    fn life_cycle_rules() {
        use ConsultationState::{Closed, Open};
        use ReactionState::{Draft, Submitted, Withdrawn};
        assert_eq!(check_save(Draft, Open, 2, 2), Ok(()));
        assert_eq!(check_save(Draft, Open, 3, 2), Err(ReactionError::Conflict));
        assert_eq!(
            check_save(Submitted, Open, 2, 2),
            Err(ReactionError::NotDraft)
        );
        assert_eq!(
            check_save(Draft, Closed, 2, 2),
            Err(ReactionError::ConsultationClosed)
        );
        assert_eq!(check_submit(Draft, Open, true, true), Ok(()));
        assert_eq!(
            check_submit(Draft, Open, false, true),
            Err(ReactionError::NotBoard)
        );
        assert_eq!(
            check_submit(Draft, Open, true, false),
            Err(ReactionError::NoConsent)
        );
        assert_eq!(
            check_submit(Draft, Closed, true, true),
            Err(ReactionError::ConsultationClosed)
        );
        assert_eq!(
            check_submit(Submitted, Open, true, true),
            Err(ReactionError::NotDraft)
        );
        assert_eq!(check_withdraw(Submitted, Open, true), Ok(()));
        assert_eq!(
            check_withdraw(Withdrawn, Open, true),
            Err(ReactionError::NotSubmitted)
        );
        assert_eq!(
            check_withdraw(Submitted, Closed, true),
            Err(ReactionError::ConsultationClosed)
        );
        assert_eq!(
            check_withdraw(Submitted, Open, false),
            Err(ReactionError::NotBoard)
        );
    }

    #[test]
    fn the_canonical_form_is_stable_and_its_hash_changes_with_any_byte() {
        let canonical = CanonicalReaction {
            format: CANONICAL_FORMAT,
            consultation_id: &ConsultationId::from("c"),
            reaction_id: &ReactionId::from("r"),
            submission_number: "2026-ONT-0001",
            submitted_at: canonical_time(time("2026-11-25 10:00")),
            organisation_id: None,
            submitted_by_name: "Anna",
            publish_name: false,
            title: "Titel",
            introduction: "In",
            body_markdown: "",
            positions: vec![CanonicalPosition {
                decision_point: Some(1),
                stance: Stance::Supports,
                body: "Ja",
            }],
            scenarios: vec![],
            attachments: vec![],
        };
        assert_eq!(
            canonical.to_json(),
            r#"{"format":"inspraak-reactie-v1","consultation_id":"c","reaction_id":"r","submission_number":"2026-ONT-0001","submitted_at":"2026-11-25T10:00:00Z","organisation_id":null,"submitted_by_name":"Anna","publish_name":false,"title":"Titel","introduction":"In","body_markdown":"","positions":[{"decision_point":1,"stance":"supports","body":"Ja"}],"scenarios":[],"attachments":[]}"#
        );
        let hash = canonical.sha256();
        assert_eq!(hash.len(), 64);
        let changed = CanonicalReaction {
            title: "Titel.",
            ..canonical
        };
        assert_ne!(changed.sha256(), hash);
    }

    #[test]
    fn attachments_are_checked_by_content_and_named_safely() {
        assert_eq!(check_pdf(b"%PDF-1.7\n..."), Ok(()));
        assert_eq!(
            check_pdf(b"MZ\x90\x00 not a pdf"),
            Err(AttachmentError::NotPdf)
        );
        assert_eq!(check_pdf(b""), Err(AttachmentError::Missing));
        assert_eq!(
            check_pdf(&vec![b'%'; MAX_ATTACHMENT_BYTES + 1]),
            Err(AttachmentError::TooLarge)
        );
        assert_eq!(
            clean_filename("C:\\Users\\x\\Brief aan de raad.PDF"),
            "Brief aan de raad.PDF"
        );
        assert_eq!(clean_filename("../../etc/passwd"), "passwd.pdf");
        assert_eq!(clean_filename("\"quoted\"\n.pdf"), "quoted.pdf");
        assert_eq!(clean_filename(""), "bijlage.pdf");
    }

    #[test]
    fn log_hashes_chain() {
        let first = log_entry_hash(
            GENESIS_HASH,
            1,
            LogEvent::Submitted,
            &ReactionId::from("r1"),
            "aa",
            time("2026-11-25 10:00"),
        );
        let second = log_entry_hash(
            &first,
            2,
            LogEvent::Submitted,
            &ReactionId::from("r2"),
            "bb",
            time("2026-11-25 10:05"),
        );
        let forged_first = log_entry_hash(
            GENESIS_HASH,
            1,
            LogEvent::Submitted,
            &ReactionId::from("r1"),
            "ab",
            time("2026-11-25 10:00"),
        );
        assert_eq!(
            first,
            log_entry_hash(
                GENESIS_HASH,
                1,
                LogEvent::parse("submitted").unwrap(),
                &ReactionId::from("r1"),
                "aa",
                time("2026-11-25 10:00")
            ),
            "the stored word is what is hashed"
        );
        assert_ne!(
            log_entry_hash(
                &forged_first,
                2,
                LogEvent::Submitted,
                &ReactionId::from("r2"),
                "bb",
                time("2026-11-25 10:05")
            ),
            second
        );
    }

    #[test]
    fn a_save_over_another_writers_version_notes_both_bases() {
        assert_eq!(revision_note("titel".into(), 3, ""), "titel");
        assert_eq!(revision_note("titel".into(), 3, "3"), "titel");
        assert_eq!(revision_note("titel".into(), 3, "geen"), "titel");
        assert_eq!(
            revision_note("titel, tekst".into(), 4, " 2 "),
            "titel, tekst; bewust over versie 4 heen opgeslagen (begonnen bij versie 2)"
        );
        assert_eq!(restore_note(2), "versie 2 teruggezet");
    }
}
