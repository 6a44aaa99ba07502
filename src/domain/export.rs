//! What an export of a consultation contains, free of any file format: only submitted
//! content as it was frozen, at one publication level. `src/db/exports.rs` fills it;
//! `src/export` writes it as PDF, XLSX, ODS, CSV or JSON.

use std::borrow::Cow;

use chrono::NaiveDateTime;

use super::answer::{AnswerGroup, AnswerNote, PointOutcome};
use super::consultation::ConsultationState;
use super::id::ReactionId;
use super::reaction::{Operator, Stance};
use super::signature::DistrictCount;
use super::validation::{FieldErrors, optional_text};

/// The version of the JSON document and of its JSON Schema.
pub const SCHEMA_VERSION: &str = "inspraak-export-v1";

/// Who an export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// What the web shows: private individuals as "indiener N" unless they chose to
    /// show their name.
    Public,
    /// For clerks and council members: every sender's name.
    Full,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Full => "full",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Public, Self::Full]
            .into_iter()
            .find(|level| level.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "Openbare versie",
            Self::Full => "Volledige versie (niet openbaar)",
        }
    }

    /// The last word of a downloaded file's name, so the two versions never share one.
    pub fn file_marker(self) -> &'static str {
        match self {
            Self::Public => "openbaar",
            Self::Full => "volledig",
        }
    }

    /// What a file of this level must say first: only the full version carries personal data.
    pub fn notice(self) -> Option<&'static str> {
        match self {
            Self::Public => None,
            Self::Full => Some(PERSONAL_DATA_NOTICE),
        }
    }
}

/// On the first page, row or field of every full file, so that nobody publishes it by
/// mistake. Without commas, semicolons or quotes, so that CSV needs no quotes around it and
/// it reads the same in a text editor.
pub const PERSONAL_DATA_NOTICE: &str = "Let op: dit bestand bevat persoonsgegevens (de namen van alle indieners en insprekers). Alleen voor intern gebruik door de griffie en de raad. Niet publiceren en niet doorsturen.";

/// The start of a downloaded file's name: the consultation's title in plain lower-case
/// letters, digits and hyphens, at most 60 of them. Accents are dropped (é becomes e), so
/// the name is ASCII and fits a header and every file system as it is.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let plain = fold_accent(c);
        if !plain.is_empty() {
            stem.push_str(plain);
        } else if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else {
            stem.push('-');
        }
    }
    let parts: Vec<&str> = stem.split('-').filter(|part| !part.is_empty()).collect();
    let stem: String = parts.join("-").chars().take(60).collect();
    stem.trim_end_matches('-').to_owned()
}

/// The ASCII letters of an accented Latin letter as Dutch titles use them; empty for
/// anything else.
fn fold_accent(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ĳ' => "ij",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        _ => "",
    }
}

/// The name an export file is saved under, by the web download and by `inspraak export`
/// alike: `{title}-[tussenstand-]{file}-{openbaar|volledig}.{ext}`, for instance
/// `ontmoetingsplekken-tussenstand-inspraak-volledig.xlsx`. `file` is the file's name in
/// its address (`inspraak.xlsx`).
pub fn download_name(title: &str, file: &str, level: Level, edition: Edition) -> String {
    let (base, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    let stem = file_stem(title);
    let interim = match edition {
        Edition::Interim => "tussenstand",
        Edition::Final => "",
    };
    let name = [stem.as_str(), interim, base, level.file_marker()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if extension.is_empty() {
        name
    } else {
        format!("{name}.{extension}")
    }
}

/// A Content-Disposition value that downloads the file as `name`. Names come from
/// [`download_name`] and are plain ASCII already; anything else a header could be tricked
/// with (quotes, backslashes, line breaks, other bytes) becomes `-` all the same.
pub fn attachment_header(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("attachment; filename=\"{safe}\"")
}

/// During the consultation an export is a snapshot; after closing it is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Interim,
    Final,
}

impl Edition {
    /// Final once the round has closed; a snapshot before.
    pub fn of(state: ConsultationState) -> Self {
        match state {
            ConsultationState::Closed | ConsultationState::Archived => Self::Final,
            ConsultationState::Concept | ConsultationState::Open => Self::Interim,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Interim => "interim",
            Self::Final => "final",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Interim => "Tussenstand",
            Self::Final => "Definitief",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationExport {
    pub level: Level,
    pub edition: Edition,
    /// UTC, like every time in this struct; formats show Amsterdam time.
    pub generated_at: NaiveDateTime,
    pub council: String,
    pub committee: String,
    pub title: String,
    pub summary: String,
    pub policy_version: String,
    pub document_url: Option<String>,
    pub meeting_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    /// Every move of the deadline while the round was open, as public sentences.
    pub deadline_moves: Vec<String>,
    /// The consultation's public page.
    pub url: String,
    pub decision_points: Vec<DecisionPointExport>,
    /// In submission order; withdrawn ones included, marked.
    pub reactions: Vec<ReactionExport>,
    pub speaking_requests: Vec<SpeakingExport>,
    /// Posts hidden by a moderator: only that they were hidden, and why.
    pub hidden_posts: Vec<HiddenPostExport>,
    /// Confirmed co-signatures of all positions and scenarios together, per wijk, with
    /// the small-count rule applied to these totals.
    pub support_by_district: Vec<(String, DistrictCount)>,
    /// The newest published nota van beantwoording and the decisions, once there are any.
    pub answers: Option<AnswersExport>,
}

/// The council's answers: the newest published version of the nota, and what the
/// committee or the raad decided per beslispunt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersExport {
    pub note: AnswerNote,
    pub outcomes: Vec<PointOutcome>,
}

/// Names which answers a file contains (the nota's version, the time of the decisions),
/// part of the fingerprint that makes a stored final file again when they change.
pub fn answers_stamp(version: Option<i32>, decided_at: Option<NaiveDateTime>) -> String {
    match (version, decided_at) {
        (None, None) => String::new(),
        (version, decided_at) => format!(
            "#nota-{}-besluit-{}",
            version.unwrap_or(0),
            decided_at.map_or(0, |t| t.and_utc().timestamp())
        ),
    }
}

/// The key a final file is stored under: the file, its CSV separator, the layout of the
/// files and the fingerprint of what it shows, so that a change after closing makes it
/// again.
pub fn stored_key(file: &str, semicolon: bool, fingerprint: &str) -> String {
    format!(
        "{file}{}#{FILE_LAYOUT}-{fingerprint}",
        if semicolon { ";" } else { "" }
    )
}

/// Raised whenever the same data makes a different file, so that a final file stored by
/// an older release is made again instead of served. 2: the full version's notice, and
/// text in XLSX and ODS as typed.
const FILE_LAYOUT: &str = "opmaak2";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionPointExport {
    pub number: i32,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    Organisation {
        name: String,
    },
    /// A private individual: `name` only where they chose to show it (or in the full
    /// version); `index` numbers them in submission order ("indiener 12").
    Resident {
        name: Option<String>,
        index: i32,
    },
}

impl Sender {
    /// Who sent a reaction, as `level` may show it: a private individual's name only in
    /// the full version or where they chose to publish it; `index` numbers them otherwise.
    pub fn of(
        organisation: Option<String>,
        author: &str,
        publish_name: bool,
        level: Level,
        index: i32,
    ) -> Self {
        match organisation {
            Some(name) => Self::Organisation { name },
            None => Self::Resident {
                name: (publish_name || level == Level::Full).then(|| author.to_owned()),
                index,
            },
        }
    }

    /// Who speaks for this sender at the meeting, as `level` may show it: the speaker's
    /// own name in the full version or for a resident who published theirs; otherwise the
    /// sender as the list shows it (the organisation, or "indiener N").
    pub fn speaker(&self, level: Level, speaker_name: String) -> String {
        match (level, self) {
            (Level::Full, _) | (_, Self::Resident { name: Some(_), .. }) => speaker_name,
            _ => self.label(),
        }
    }

    /// On whose behalf someone speaks, as `level` may show it: typed by the speaker, so a
    /// private individual may have typed their own name; by the same rule as the speaker.
    pub fn on_behalf(&self, level: Level, on_behalf: String) -> String {
        self.speaker(level, on_behalf)
    }

    /// The board member who submitted for an organisation, named only in the full
    /// version (a private individual's name is the sender itself).
    pub fn submitted_by(&self, level: Level, name: Option<String>) -> Option<String> {
        match (level, self) {
            (Level::Full, Self::Organisation { .. }) => name.filter(|n| !n.is_empty()),
            _ => None,
        }
    }

    /// As a list or heading shows the sender.
    pub fn label(&self) -> String {
        match self {
            Self::Organisation { name } => name.clone(),
            Self::Resident {
                name: Some(name), ..
            } => name.clone(),
            Self::Resident { name: None, index } => format!("indiener {index}"),
        }
    }

    /// The sender column of the griffie's list of incoming documents.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Organisation { .. } => "organisatie",
            Self::Resident { .. } => "inwoner",
        }
    }
}

/// What the clerk proposes to do with a reaction (lijst ingekomen stukken).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    ForInformation,
    ToTheExecutive,
    PutOnTheAgenda,
    Other,
}

impl Handling {
    pub const ALL: [Self; 4] = [
        Self::ForInformation,
        Self::ToTheExecutive,
        Self::PutOnTheAgenda,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForInformation => "for_information",
            Self::ToTheExecutive => "to_the_executive",
            Self::PutOnTheAgenda => "agenda",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ForInformation => "Ter kennisname",
            Self::ToTheExecutive => "In handen van het college stellen",
            Self::PutOnTheAgenda => "Agenderen",
            Self::Other => "Anders",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionExport {
    /// The reaction's id, for links to its page (not written into files).
    pub id: ReactionId,
    /// 1, 2, 3 in submission order.
    pub sequence: i32,
    /// The receipt number, e.g. `2026-ONT-0001`.
    pub number: String,
    pub submitted_at: NaiveDateTime,
    pub sender: Sender,
    /// Who submitted namens het bestuur; only in the full version.
    pub submitted_by: Option<String>,
    pub title: String,
    pub introduction: String,
    pub body_markdown: String,
    /// The SHA-256 on the receipt.
    pub content_hash: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub positions: Vec<PositionExport>,
    pub scenarios: Vec<ScenarioExport>,
    pub attachments: Vec<AttachmentExport>,
    pub handling: Option<Handling>,
    /// The agenda item in the council's raadsinformatiesysteem, typed by the clerk.
    pub agenda_item: Option<String>,
}

impl ReactionExport {
    /// Confirmed co-signatures of all its positions and scenarios.
    pub fn co_signatures(&self) -> i64 {
        self.positions.iter().map(|p| p.support.total).sum::<i64>()
            + self.scenarios.iter().map(|s| s.support.total).sum::<i64>()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionExport {
    pub number: i32,
    /// The beslispunt's number; `None` for the note as a whole.
    pub decision_point: Option<i32>,
    pub stance: Stance,
    pub body: String,
    pub support: SupportExport,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioExport {
    pub number: i32,
    pub decision_point: Option<i32>,
    pub title: String,
    pub operator: Operator,
    pub request: String,
    pub yearly_cost_euros: Option<i64>,
    pub cost_bearer: String,
    pub conditions: String,
    pub body: String,
    pub support: SupportExport,
}

/// Confirmed co-signatures of one position or scenario.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupportExport {
    pub total: i64,
    /// Per wijk, small counts already hidden as "minder dan 5".
    pub by_district: Vec<(String, DistrictCount)>,
    /// Organisations that co-signed, by name.
    pub organisations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentExport {
    pub filename: String,
    pub size_bytes: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakingExport {
    /// The receipt number of the reaction it is about.
    pub reaction_number: String,
    /// Shown by the same rule as senders.
    pub speaker: String,
    pub on_behalf: String,
    pub decision_point: Option<i32>,
    /// "Aangevraagd", "Toegekend", "Afgewezen".
    pub state: String,
    pub minutes: Option<i32>,
    /// The written inspreekbijdrage the council members get beforehand; only in the full
    /// version.
    pub written_contribution: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenPostExport {
    pub hidden_at: NaiveDateTime,
    /// The house rule, e.g. "2. Wees beleefd".
    pub rule: Option<String>,
    pub reason: String,
}

/// Per beslispunt: how many positions are for, against or amend it, the scenarios
/// proposed for it, and their confirmed co-signatures. Withdrawn reactions do not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointSummary {
    /// `None`: positions about the note as a whole.
    pub decision_point: Option<i32>,
    pub supports: i64,
    pub opposes: i64,
    pub amends: i64,
    pub scenarios: i64,
    pub co_signatures: i64,
}

impl ConsultationExport {
    pub fn point_summaries(&self) -> Vec<PointSummary> {
        let points = self
            .decision_points
            .iter()
            .map(|p| Some(p.number))
            .chain(std::iter::once(None));
        points
            .map(|point| {
                let mut summary = PointSummary {
                    decision_point: point,
                    supports: 0,
                    opposes: 0,
                    amends: 0,
                    scenarios: 0,
                    co_signatures: 0,
                };
                for reaction in self.reactions.iter().filter(|r| r.withdrawn_at.is_none()) {
                    for position in reaction
                        .positions
                        .iter()
                        .filter(|p| p.decision_point == point)
                    {
                        match position.stance {
                            Stance::Supports => summary.supports += 1,
                            Stance::Opposes => summary.opposes += 1,
                            Stance::Amends => summary.amends += 1,
                        }
                        summary.co_signatures += position.support.total;
                    }
                    for scenario in reaction
                        .scenarios
                        .iter()
                        .filter(|s| s.decision_point == point)
                    {
                        summary.scenarios += 1;
                        summary.co_signatures += scenario.support.total;
                    }
                }
                summary
            })
            .collect()
    }

    /// The positions with the most confirmed co-signatures (withdrawn reactions left out),
    /// most first.
    pub fn most_supported(&self, count: usize) -> Vec<(&ReactionExport, &PositionExport)> {
        let mut all: Vec<(&ReactionExport, &PositionExport)> = self
            .reactions
            .iter()
            .filter(|r| r.withdrawn_at.is_none())
            .flat_map(|r| r.positions.iter().map(move |p| (r, p)))
            .filter(|(_, p)| p.support.total > 0)
            .collect();
        all.sort_by_key(|(r, p)| (std::cmp::Reverse(p.support.total), r.sequence, p.number));
        all.truncate(count);
        all
    }

    /// Reactions that count (not withdrawn).
    pub fn active_reactions(&self) -> usize {
        self.reactions
            .iter()
            .filter(|r| r.withdrawn_at.is_none())
            .count()
    }

    /// For council members, per beslispunt (`None`: the note as a whole): every position
    /// taken on it next to the answer its reaction got, in submission order. Withdrawn
    /// reactions are left out; the answer is `None` until the nota is published.
    pub fn answered_positions(
        &self,
        point: Option<i32>,
    ) -> Vec<(&ReactionExport, &PositionExport, Option<&AnswerGroup>)> {
        let note = self.answers.as_ref().map(|a| &a.note);
        self.reactions
            .iter()
            .filter(|r| r.withdrawn_at.is_none())
            .flat_map(|r| {
                let answer = note.and_then(|n| n.group_of(&r.id));
                r.positions
                    .iter()
                    .filter(move |p| p.decision_point == point)
                    .map(move |p| (r, p, answer))
            })
            .collect()
    }

    /// What the raad decided about beslispunt `number`, once recorded.
    pub fn outcome_of(&self, number: i32) -> Option<&PointOutcome> {
        self.answers
            .as_ref()
            .and_then(|a| a.outcomes.iter().find(|o| o.number == number))
    }

    /// The change the nota makes to beslispunt `number` (empty: none).
    pub fn change_to(&self, number: i32) -> Option<&str> {
        self.answers
            .as_ref()
            .and_then(|a| a.note.changes.iter().find(|c| c.number == number))
            .map(|c| c.change.as_str())
    }
}

/// The griffie's form for the list of incoming documents: per submitted reaction the
/// proposed handling and the agenda item, in rows.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HandlingInput {
    #[serde(default)]
    pub reaction: Vec<ReactionId>,
    #[serde(default)]
    pub handling: Vec<String>,
    #[serde(default)]
    pub agenda_item: Vec<String>,
}

/// One row of that form, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlingRow {
    pub reaction_id: ReactionId,
    pub handling: Option<Handling>,
    pub agenda_item: Option<String>,
}

impl HandlingInput {
    /// `known` are the consultation's submitted reactions; rows for others are refused.
    pub fn parse(&self, known: &[ReactionId]) -> Result<Vec<HandlingRow>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut rows = Vec::new();
        for (index, reaction_id) in self.reaction.iter().enumerate() {
            if !known.contains(reaction_id) {
                return Err(FieldErrors::single(
                    "reaction",
                    "Deze reactie hoort niet bij deze inspraakronde.",
                ));
            }
            let row = index + 1;
            let raw = self.handling.get(index).map_or("", String::as_str);
            let handling = Handling::parse(raw);
            if handling.is_none() && !raw.is_empty() {
                errors.add(
                    format!("handling_{row}"),
                    "Kies een afhandeling uit de lijst.",
                );
            }
            let agenda_item = optional_text(
                &mut errors,
                &format!("agenda_item_{row}"),
                self.agenda_item.get(index).map_or("", String::as_str),
                "het agendapunt",
                100,
            );
            rows.push(HandlingRow {
                reaction_id: reaction_id.clone(),
                handling,
                agenda_item,
            });
        }
        errors.into_result(rows)
    }
}

/// A CSV field that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) would be
/// run as a formula when Excel or LibreOffice opens the file; a leading apostrophe keeps it
/// text. Only CSV needs this: XLSX and ODS write typed text cells, which never run.
pub fn neutralise_formula(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip_through_their_stored_names() {
        for level in [Level::Public, Level::Full] {
            assert_eq!(Level::parse(level.as_str()), Some(level));
        }
        assert_eq!(Level::parse("openbaar"), None);
    }

    #[test]
    fn positions_stand_next_to_their_answer_and_the_decision() {
        let export = crate::export::sample::sample(6, Level::Public);
        let rows = export.answered_positions(Some(2));
        assert!(!rows.is_empty());
        for (reaction, position, answer) in &rows {
            assert!(reaction.withdrawn_at.is_none());
            assert_eq!(position.decision_point, Some(2));
            let answer = answer.expect("the sample answers every reaction");
            assert!(
                answer
                    .reactions
                    .iter()
                    .any(|r| r.reaction_id == reaction.id)
            );
        }
        assert_eq!(
            export.outcome_of(2).map(|o| o.outcome),
            Some(super::super::answer::Outcome::Amended)
        );
        assert!(export.outcome_of(1).is_none());
        assert!(
            export
                .change_to(2)
                .is_some_and(|c| c.contains("Bewonersbeheer"))
        );
        let unanswered = ConsultationExport {
            answers: None,
            ..export
        };
        assert!(
            unanswered
                .answered_positions(Some(2))
                .iter()
                .all(|(_, _, a)| a.is_none())
        );
    }

    #[test]
    fn stored_files_are_keyed_by_separator_and_fingerprint() {
        assert_eq!(
            stored_key("reacties.csv", false, "ab12"),
            "reacties.csv#opmaak2-ab12"
        );
        assert_eq!(
            stored_key("reacties.csv", true, "ab12"),
            "reacties.csv;#opmaak2-ab12"
        );
        assert_ne!(
            stored_key("inspraak.json", false, "ab12"),
            stored_key("inspraak.json", false, "cd34")
        );
    }

    #[test]
    fn the_two_versions_download_under_different_names() {
        let title = "Beleidsnotitie Ontmoetingsplekken";
        assert_eq!(
            download_name(title, "inspraak.xlsx", Level::Public, Edition::Final),
            "beleidsnotitie-ontmoetingsplekken-inspraak-openbaar.xlsx"
        );
        assert_eq!(
            download_name(title, "inspraak.xlsx", Level::Full, Edition::Final),
            "beleidsnotitie-ontmoetingsplekken-inspraak-volledig.xlsx"
        );
        assert_eq!(
            download_name(
                title,
                "agendabundel-met-bijlagen.pdf",
                Level::Full,
                Edition::Interim
            ),
            "beleidsnotitie-ontmoetingsplekken-tussenstand-agendabundel-met-bijlagen-volledig.pdf"
        );
        assert_eq!(
            download_name("!!!", "reacties.csv", Level::Public, Edition::Interim),
            "tussenstand-reacties-openbaar.csv"
        );
    }

    #[test]
    fn file_stems_are_plain_ascii_without_loose_hyphens() {
        assert_eq!(
            file_stem("Café \"De Reünie\" & coördinatie\r\n2026"),
            "cafe-de-reunie-coordinatie-2026"
        );
        assert_eq!(file_stem("Buurthuis 🎉 open"), "buurthuis-open");
        let long = file_stem(&format!("{} b", "a".repeat(59)));
        assert_eq!(long, "a".repeat(59));
        assert!(file_stem(&"ö ".repeat(80)).len() <= 60);
    }

    #[test]
    fn the_header_never_carries_quotes_or_line_breaks() {
        assert_eq!(
            attachment_header("ontmoeting-inspraak-openbaar.pdf"),
            "attachment; filename=\"ontmoeting-inspraak-openbaar.pdf\""
        );
        let header = attachment_header("a\"b\r\nSet-Cookie: x\\é.pdf");
        assert_eq!(header, "attachment; filename=\"a-b--Set-Cookie--x--.pdf\"");
        assert!(header.is_ascii());
    }

    #[test]
    fn only_the_full_version_carries_the_notice() {
        assert_eq!(Level::Public.notice(), None);
        let notice = Level::Full.notice().unwrap();
        assert!(notice.starts_with("Let op") && notice.contains("persoonsgegevens"));
        assert!(notice.contains("Niet publiceren"));
        assert!(!notice.contains([',', ';', '"']), "plain in CSV");
    }

    #[test]
    fn formulas_are_neutralised_and_other_text_is_left_alone() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("+31 6"), "'+31 6");
        assert_eq!(neutralise_formula("-1"), "'-1");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("Bewonersbeheer"), "Bewonersbeheer");
        assert!(matches!(neutralise_formula("a=b"), Cow::Borrowed(_)));
    }

    #[test]
    fn handling_rows_are_checked_and_strangers_refused() {
        let known = vec![ReactionId::from("r1"), ReactionId::from("r2")];
        let input = HandlingInput {
            reaction: known.clone(),
            handling: vec!["agenda".into(), "".into()],
            agenda_item: vec![" RIS-12 ".into(), "".into()],
        };
        let rows = input.parse(&known).unwrap();
        assert_eq!(rows[0].handling, Some(Handling::PutOnTheAgenda));
        assert_eq!(rows[0].agenda_item.as_deref(), Some("RIS-12"));
        assert_eq!(rows[1].handling, None);
        let wrong = HandlingInput {
            reaction: vec!["r1".into()],
            handling: vec!["weggooien".into()],
            agenda_item: vec!["".into()],
        };
        assert!(wrong.parse(&known).unwrap_err().get("handling_1").is_some());
        let stranger = HandlingInput {
            reaction: vec!["r9".into()],
            ..HandlingInput::default()
        };
        assert!(stranger.parse(&known).is_err());
    }

    #[test]
    fn names_and_speakers_show_only_where_the_level_allows() {
        let hidden = Sender::of(None, "Jan Jansen", false, Level::Public, 4);
        assert_eq!(hidden.label(), "indiener 4");
        assert_eq!(
            hidden.speaker(Level::Public, "Jan Jansen".into()),
            "indiener 4"
        );
        let full = Sender::of(None, "Jan Jansen", false, Level::Full, 4);
        assert_eq!(full.label(), "Jan Jansen");
        let published = Sender::of(None, "Jan Jansen", true, Level::Public, 4);
        assert_eq!(
            published.speaker(Level::Public, "Jan Jansen".into()),
            "Jan Jansen"
        );
        let organisation = Sender::of(
            Some("De Horst".into()),
            "Jan Jansen",
            false,
            Level::Public,
            1,
        );
        assert_eq!(
            organisation.speaker(Level::Public, "Piet".into()),
            "De Horst"
        );
        assert_eq!(organisation.speaker(Level::Full, "Piet".into()), "Piet");
        assert_eq!(
            hidden.on_behalf(Level::Public, "Jan Jansen".into()),
            "indiener 4"
        );
        assert_eq!(
            organisation.on_behalf(Level::Public, "De Horst".into()),
            "De Horst"
        );
    }

    #[test]
    fn the_board_member_who_submitted_is_named_only_in_the_full_version() {
        let public = Sender::of(Some("De Horst".into()), "Jan", false, Level::Public, 1);
        assert_eq!(
            public.submitted_by(Level::Public, Some("Anna".into())),
            None
        );
        let full = Sender::of(Some("De Horst".into()), "Jan", false, Level::Full, 1);
        assert_eq!(
            full.submitted_by(Level::Full, Some("Anna".into())),
            Some("Anna".into())
        );
        let resident = Sender::of(None, "Jan", true, Level::Full, 1);
        assert_eq!(resident.submitted_by(Level::Full, Some("Jan".into())), None);
    }

    #[test]
    fn private_individuals_are_numbered_unless_they_chose_to_show_their_name() {
        assert_eq!(
            Sender::Resident {
                name: None,
                index: 12
            }
            .label(),
            "indiener 12"
        );
        assert_eq!(
            Sender::Resident {
                name: Some("Mevrouw Jansen".into()),
                index: 3
            }
            .label(),
            "Mevrouw Jansen"
        );
        assert_eq!(
            Sender::Organisation {
                name: "Bewonersplatform De Horst".into()
            }
            .kind_label(),
            "organisatie"
        );
    }
}
