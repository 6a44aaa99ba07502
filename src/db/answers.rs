//! The nota van beantwoording and the committee's outcome: versions, answers, the
//! reactions they answer, changes per beslispunt, revisions, writers, and who hears of it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    answer_groups, answer_note_revisions, answer_notes, answer_writers, answered_reactions,
    decision_outcomes, decision_points, organisation_members, organisations, positions, reactions,
    scenarios, signatures, users,
};
use super::{DbConn, new_id};
use crate::domain::answer::{
    AnswerError, AnswerGroup, AnswerNote, AnsweredReaction, Conclusion, GroupDraft, NoteSnapshot,
    NoteState, Outcome, OutcomeDraft, PointChange, PointOutcome,
};
use crate::domain::export::answers_stamp;
use crate::domain::id::{
    AnswerGroupId, AnswerNoteId, ConsultationId, DecisionPointId, ReactionId, UserId,
};
use crate::domain::reaction::ReactionState;
use crate::domain::signature::{SignatureState, TargetKind};

/// Why a change to the nota did not happen.
#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    #[error(transparent)]
    Rule(#[from] AnswerError),
    #[error(transparent)]
    Database(#[from] super::DbError),
}

impl From<diesel::result::Error> for NoteError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Database(error.into())
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = answer_notes)]
struct NoteRow {
    id: AnswerNoteId,
    consultation_id: ConsultationId,
    version: i32,
    state: NoteState,
    revision: i32,
    procedure_text: String,
    updated_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
}

/// A version of the nota as listed: number, state and publication time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionListing {
    pub version: i32,
    pub state: NoteState,
    pub published_at: Option<NaiveDateTime>,
}

/// Every version of a consultation's nota, newest first.
pub fn versions(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<VersionListing>> {
    let rows: Vec<(i32, NoteState, Option<NaiveDateTime>)> = answer_notes::table
        .filter(answer_notes::consultation_id.eq(consultation_id))
        .order(answer_notes::version.desc())
        .select((
            answer_notes::version,
            answer_notes::state,
            answer_notes::published_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(version, state, published_at)| VersionListing {
            version,
            state,
            published_at,
        })
        .collect())
}

/// The newest version, draft or published.
pub fn latest(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Option<AnswerNote>> {
    let row: Option<NoteRow> = answer_notes::table
        .filter(answer_notes::consultation_id.eq(consultation_id))
        .order(answer_notes::version.desc())
        .select(NoteRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| complete(conn, row)).transpose()
}

/// A published version: the given one, or the newest.
pub fn published(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    version: Option<i32>,
) -> QueryResult<Option<AnswerNote>> {
    let mut query = answer_notes::table
        .filter(answer_notes::consultation_id.eq(consultation_id))
        .filter(answer_notes::state.eq(NoteState::Published))
        .order(answer_notes::version.desc())
        .select(NoteRow::as_select())
        .into_boxed();
    if let Some(version) = version {
        query = query.filter(answer_notes::version.eq(version));
    }
    let row: Option<NoteRow> = query.first(conn).optional()?;
    row.map(|row| complete(conn, row)).transpose()
}

/// A note with its answers and changes, in three queries whatever its size.
fn complete(conn: &mut DbConn, row: NoteRow) -> QueryResult<AnswerNote> {
    let groups: Vec<(AnswerGroupId, i32, String, String, Conclusion)> = answer_groups::table
        .filter(answer_groups::note_id.eq(&row.id))
        .order(answer_groups::number.asc())
        .select((
            answer_groups::id,
            answer_groups::number,
            answer_groups::summary,
            answer_groups::reply,
            answer_groups::conclusion,
        ))
        .load(conn)?;
    let answered: Vec<(AnswerGroupId, AnsweredRow)> = answered_reactions::table
        .inner_join(reactions::table.left_join(organisations::table))
        .filter(answered_reactions::note_id.eq(&row.id))
        .order(reactions::sequence.asc())
        .select((answered_reactions::group_id, answered_columns()))
        .load(conn)?;
    let mut by_group: HashMap<AnswerGroupId, Vec<AnsweredReaction>> = HashMap::new();
    for (group_id, reaction) in answered {
        by_group
            .entry(group_id)
            .or_default()
            .push(reaction.into_answered());
    }
    let changes: Vec<(DecisionPointId, i32, String, Option<String>)> = decision_points::table
        .left_join(
            super::schema::policy_changes::table.on(
                super::schema::policy_changes::decision_point_id
                    .eq(decision_points::id)
                    .and(super::schema::policy_changes::note_id.eq(&row.id)),
            ),
        )
        .filter(decision_points::consultation_id.eq(&row.consultation_id))
        .order(decision_points::number.asc())
        .select((
            decision_points::id,
            decision_points::number,
            decision_points::title,
            super::schema::policy_changes::body.nullable(),
        ))
        .load(conn)?;
    Ok(AnswerNote {
        groups: groups
            .into_iter()
            .map(|(id, number, summary, reply, conclusion)| AnswerGroup {
                reactions: by_group.remove(&id).unwrap_or_default(),
                id,
                number,
                summary,
                reply,
                conclusion,
            })
            .collect(),
        changes: changes
            .into_iter()
            .map(|(decision_point_id, number, title, body)| PointChange {
                decision_point_id,
                number,
                title,
                change: body.unwrap_or_default(),
            })
            .collect(),
        id: row.id,
        consultation_id: row.consultation_id,
        version: row.version,
        state: row.state,
        revision: row.revision,
        procedure: row.procedure_text,
        updated_at: row.updated_at,
        published_at: row.published_at,
    })
}

type AnsweredRow = (
    ReactionId,
    Option<i32>,
    Option<String>,
    String,
    Option<String>,
    ReactionState,
);

type AnsweredColumns = (
    reactions::id,
    reactions::sequence,
    reactions::submission_number,
    reactions::title,
    diesel::dsl::Nullable<organisations::name>,
    reactions::state,
);

fn answered_columns() -> AnsweredColumns {
    (
        reactions::id,
        reactions::sequence,
        reactions::submission_number,
        reactions::title,
        organisations::name.nullable(),
        reactions::state,
    )
}

trait IntoAnswered {
    fn into_answered(self) -> AnsweredReaction;
}

impl IntoAnswered for AnsweredRow {
    fn into_answered(self) -> AnsweredReaction {
        let (reaction_id, sequence, number, title, organisation, state) = self;
        AnsweredReaction {
            reaction_id,
            sequence: sequence.unwrap_or_default(),
            number: number.unwrap_or_default(),
            title,
            organisation,
            withdrawn: state == ReactionState::Withdrawn,
        }
    }
}

/// The submitted reactions of a consultation (withdrawn ones too), in submission order:
/// what the nota answers.
pub fn answerable(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<AnsweredReaction>> {
    let rows: Vec<AnsweredRow> = reactions::table
        .left_join(organisations::table)
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.ne(ReactionState::Draft))
        .order(reactions::sequence.asc())
        .select(answered_columns())
        .load(conn)?;
    Ok(rows.into_iter().map(IntoAnswered::into_answered).collect())
}

/// Starts a new version: the first one with `procedure`, a later one as a copy of the
/// newest published version. Refused while a draft exists.
pub fn create_draft(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    procedure: &str,
    writer: &UserId,
    now: NaiveDateTime,
) -> Result<AnswerNoteId, NoteError> {
    let previous = latest(conn, consultation_id)?;
    if previous
        .as_ref()
        .is_some_and(|n| n.state == NoteState::Draft)
    {
        return Err(AnswerError::DraftExists.into());
    }
    let id = AnswerNoteId::new();
    let version = previous.as_ref().map_or(1, |n| n.version + 1);
    let procedure = previous
        .as_ref()
        .map_or(procedure, |n| n.procedure.as_str());
    let inserted = diesel::insert_into(answer_notes::table)
        .values((
            answer_notes::id.eq(&id),
            answer_notes::consultation_id.eq(consultation_id),
            answer_notes::version.eq(version),
            answer_notes::state.eq(NoteState::Draft),
            answer_notes::revision.eq(0),
            answer_notes::procedure_text.eq(procedure),
            answer_notes::created_by.eq(writer),
            answer_notes::created_at.eq(now),
            answer_notes::updated_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Err(error) if super::is_unique_violation(&error) => {
            // Two writers started the same version at once; the other one won.
            return Err(AnswerError::DraftExists.into());
        }
        other => other?,
    };
    if let Some(previous) = previous {
        for group in &previous.groups {
            insert_group(conn, &id, group.number, &GroupDraft::from(group))?;
        }
        let changes: Vec<(DecisionPointId, String)> = previous
            .changes
            .iter()
            .map(|c| (c.decision_point_id.clone(), c.change.clone()))
            .collect();
        replace_changes(conn, &id, &changes)?;
    }
    Ok(id)
}

/// The draft a writer is changing, checked against the revision they saw.
fn editable(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    seen_revision: i32,
) -> Result<AnswerNote, NoteError> {
    let row: NoteRow = answer_notes::table
        .find(note_id)
        .select(NoteRow::as_select())
        .first(conn)?;
    crate::domain::answer::check_draft(row.state, row.revision, seen_revision)?;
    Ok(complete(conn, row)?)
}

/// Saves the procedure and the changes per beslispunt (`(decision_point_id, text)`).
pub fn save_note(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    seen_revision: i32,
    procedure: &str,
    changes: &[(DecisionPointId, String)],
    writer: &UserId,
    now: NaiveDateTime,
) -> Result<(), NoteError> {
    editable(conn, note_id, seen_revision)?;
    diesel::update(answer_notes::table.find(note_id))
        .set(answer_notes::procedure_text.eq(procedure))
        .execute(conn)?;
    replace_changes(conn, note_id, changes)?;
    saved(conn, note_id, writer, now, "procedure en wijzigingen")
}

/// Adds an answer (`group_id` None) or replaces one. `parse` checks the typed answer
/// against the reactions still free, read inside this transaction.
pub fn save_group(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    group_id: Option<&AnswerGroupId>,
    seen_revision: i32,
    parse: impl FnOnce(
        &[ReactionId],
        &[ReactionId],
    ) -> Result<GroupDraft, crate::domain::validation::FieldErrors>,
    writer: &UserId,
    now: NaiveDateTime,
) -> Result<Result<AnswerGroupId, crate::domain::validation::FieldErrors>, NoteError> {
    let note = editable(conn, note_id, seen_revision)?;
    let answerable: Vec<ReactionId> = answerable(conn, &note.consultation_id)?
        .into_iter()
        .map(|r| r.reaction_id)
        .collect();
    let taken: Vec<ReactionId> = note
        .groups
        .iter()
        .filter(|g| Some(&g.id) != group_id)
        .flat_map(|g| g.reactions.iter().map(|r| r.reaction_id.clone()))
        .collect();
    let draft = match parse(&answerable, &taken) {
        Ok(draft) => draft,
        Err(errors) => return Ok(Err(errors)),
    };
    let id = match group_id {
        Some(id) => {
            let number = note
                .groups
                .iter()
                .find(|g| &g.id == id)
                .map(|g| g.number)
                .ok_or(diesel::result::Error::NotFound)?;
            delete_group_rows(conn, id)?;
            insert_group(conn, note_id, number, &draft)?
        }
        None => {
            let number = note.groups.iter().map(|g| g.number).max().unwrap_or(0) + 1;
            insert_group(conn, note_id, number, &draft)?
        }
    };
    saved(conn, note_id, writer, now, "antwoord")?;
    Ok(Ok(id))
}

/// Removes an answer; the ones after it move up a number.
pub fn delete_group(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    group_id: &AnswerGroupId,
    seen_revision: i32,
    writer: &UserId,
    now: NaiveDateTime,
) -> Result<(), NoteError> {
    let note = editable(conn, note_id, seen_revision)?;
    let number = note
        .groups
        .iter()
        .find(|g| &g.id == group_id)
        .map(|g| g.number)
        .ok_or(diesel::result::Error::NotFound)?;
    delete_group_rows(conn, group_id)?;
    for group in note.groups.iter().filter(|g| g.number > number) {
        diesel::update(answer_groups::table.find(&group.id))
            .set(answer_groups::number.eq(group.number - 1))
            .execute(conn)?;
    }
    saved(conn, note_id, writer, now, "antwoord verwijderd")
}

/// Publishes the draft if every standing reaction has an answer; returns the note.
pub fn publish(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    seen_revision: i32,
    publisher: &UserId,
    now: NaiveDateTime,
) -> Result<AnswerNote, NoteError> {
    let note = editable(conn, note_id, seen_revision)?;
    let standing: Vec<(i32, bool, bool)> = answerable(conn, &note.consultation_id)?
        .iter()
        .map(|r| {
            (
                r.sequence,
                r.withdrawn,
                note.group_of(&r.reaction_id).is_some(),
            )
        })
        .collect();
    crate::domain::answer::check_complete(&standing)?;
    diesel::update(answer_notes::table.find(note_id))
        .set((
            answer_notes::state.eq(NoteState::Published),
            answer_notes::published_at.eq(now),
            answer_notes::published_by.eq(publisher),
            answer_notes::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(AnswerNote {
        state: NoteState::Published,
        published_at: Some(now),
        ..note
    })
}

fn insert_group(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    number: i32,
    draft: &GroupDraft,
) -> QueryResult<AnswerGroupId> {
    let id = AnswerGroupId::new();
    diesel::insert_into(answer_groups::table)
        .values((
            answer_groups::id.eq(&id),
            answer_groups::note_id.eq(note_id),
            answer_groups::number.eq(number),
            answer_groups::summary.eq(&draft.summary),
            answer_groups::reply.eq(&draft.reply),
            answer_groups::conclusion.eq(draft.conclusion),
        ))
        .execute(conn)?;
    for reaction in &draft.reaction_ids {
        diesel::insert_into(answered_reactions::table)
            .values((
                answered_reactions::note_id.eq(note_id),
                answered_reactions::reaction_id.eq(reaction),
                answered_reactions::group_id.eq(&id),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

fn delete_group_rows(conn: &mut DbConn, group_id: &AnswerGroupId) -> QueryResult<()> {
    diesel::delete(answered_reactions::table.filter(answered_reactions::group_id.eq(group_id)))
        .execute(conn)?;
    diesel::delete(answer_groups::table.find(group_id)).execute(conn)?;
    Ok(())
}

fn replace_changes(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    changes: &[(DecisionPointId, String)],
) -> QueryResult<()> {
    use super::schema::policy_changes;
    diesel::delete(policy_changes::table.filter(policy_changes::note_id.eq(note_id)))
        .execute(conn)?;
    for (point, body) in changes.iter().filter(|(_, body)| !body.is_empty()) {
        diesel::insert_into(policy_changes::table)
            .values((
                policy_changes::note_id.eq(note_id),
                policy_changes::decision_point_id.eq(point),
                policy_changes::body.eq(body),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Bumps the draft's revision and keeps a snapshot of what it now says.
fn saved(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    writer: &UserId,
    now: NaiveDateTime,
    changed: &str,
) -> Result<(), NoteError> {
    let row: NoteRow = answer_notes::table
        .find(note_id)
        .select(NoteRow::as_select())
        .first(conn)?;
    let revision = row.revision + 1;
    let note = complete(conn, row)?;
    let snapshot = serde_json::to_string(&NoteSnapshot {
        procedure: &note.procedure,
        groups: &note.groups,
        changes: &note.changes,
    })
    .unwrap_or_default();
    diesel::update(answer_notes::table.find(note_id))
        .set((
            answer_notes::revision.eq(revision),
            answer_notes::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::insert_into(answer_note_revisions::table)
        .values((
            answer_note_revisions::id.eq(new_id()),
            answer_note_revisions::note_id.eq(note_id),
            answer_note_revisions::revision.eq(revision),
            answer_note_revisions::saved_by.eq(writer),
            answer_note_revisions::saved_at.eq(now),
            answer_note_revisions::changed.eq(changed),
            answer_note_revisions::snapshot.eq(snapshot),
        ))
        .execute(conn)?;
    Ok(())
}

/// A save of a draft, for its history: revision, who, when, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionListing {
    pub revision: i32,
    pub saved_by: String,
    pub saved_at: NaiveDateTime,
    pub changed: String,
}

pub fn revisions(conn: &mut DbConn, note_id: &AnswerNoteId) -> QueryResult<Vec<RevisionListing>> {
    let rows: Vec<(i32, String, NaiveDateTime, String)> = answer_note_revisions::table
        .inner_join(users::table.on(users::id.eq(answer_note_revisions::saved_by)))
        .filter(answer_note_revisions::note_id.eq(note_id))
        .order(answer_note_revisions::revision.desc())
        .select((
            answer_note_revisions::revision,
            users::display_name,
            answer_note_revisions::saved_at,
            answer_note_revisions::changed,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(revision, saved_by, saved_at, changed)| RevisionListing {
            revision,
            saved_by,
            saved_at,
            changed,
        })
        .collect())
}

/// Whether a clerk let this user write the nota of this consultation.
pub fn is_writer(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    user_id: &UserId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        answer_writers::table.find((consultation_id, user_id)),
    ))
    .get_result(conn)
}

/// Lets a civil servant write the nota; granting twice is harmless.
pub fn grant_writer(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    user_id: &UserId,
    granted_by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if is_writer(conn, consultation_id, user_id)? {
        return Ok(());
    }
    diesel::insert_into(answer_writers::table)
        .values((
            answer_writers::consultation_id.eq(consultation_id),
            answer_writers::user_id.eq(user_id),
            answer_writers::granted_by.eq(granted_by),
            answer_writers::granted_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn revoke_writer(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    user_id: &UserId,
) -> QueryResult<()> {
    diesel::delete(answer_writers::table.find((consultation_id, user_id)))
        .execute(conn)
        .map(|_| ())
}

/// The writers a clerk added: `(user_id, display name)`.
pub fn writers(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<(UserId, String)>> {
    answer_writers::table
        .inner_join(users::table.on(users::id.eq(answer_writers::user_id)))
        .filter(answer_writers::consultation_id.eq(consultation_id))
        .order(users::display_name.asc())
        .select((users::id, users::display_name))
        .load(conn)
}

/// The number of the published answer to a reaction, if there is one.
pub fn answer_number_of(conn: &mut DbConn, reaction_id: &ReactionId) -> QueryResult<Option<i32>> {
    answered_reactions::table
        .inner_join(answer_notes::table.on(answer_notes::id.eq(answered_reactions::note_id)))
        .inner_join(answer_groups::table)
        .filter(answered_reactions::reaction_id.eq(reaction_id))
        .filter(answer_notes::state.eq(NoteState::Published))
        .order(answer_notes::version.desc())
        .select(answer_groups::number)
        .first(conn)
        .optional()
}

/// The first publication of every consultation's nota: the retention clock of signers'
/// addresses runs from there.
pub fn first_publications(
    conn: &mut DbConn,
) -> QueryResult<HashMap<ConsultationId, NaiveDateTime>> {
    let rows: Vec<(ConsultationId, Option<NaiveDateTime>)> = answer_notes::table
        .filter(answer_notes::state.eq(NoteState::Published))
        .group_by(answer_notes::consultation_id)
        .select((
            answer_notes::consultation_id,
            diesel::dsl::min(answer_notes::published_at),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| Some((id, at?)))
        .collect())
}

type OutcomeRow = (
    DecisionPointId,
    i32,
    String,
    Outcome,
    Option<String>,
    String,
    NaiveDateTime,
);

/// The recorded outcome per beslispunt, in the beslispunten's order.
pub fn outcomes(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<PointOutcome>> {
    let rows: Vec<OutcomeRow> = decision_outcomes::table
        .inner_join(decision_points::table)
        .filter(decision_outcomes::consultation_id.eq(consultation_id))
        .order(decision_points::number.asc())
        .select((
            decision_points::id,
            decision_points::number,
            decision_points::title,
            decision_outcomes::outcome,
            decision_outcomes::decision_url,
            decision_outcomes::explanation,
            decision_outcomes::recorded_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, number, title, outcome, url, explanation, at)| PointOutcome {
                decision_point_id: id,
                number,
                title,
                outcome,
                decision_url: url,
                explanation,
                recorded_at: at,
            },
        )
        .collect())
}

/// Records the outcome of every beslispunt (`points` in order, one draft each). Returns
/// whether this was the first time, when subscribers are told.
pub fn record_outcomes(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    points: &[DecisionPointId],
    drafts: &[OutcomeDraft],
    clerk: &UserId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let first = outcomes(conn, consultation_id)?.is_empty();
    diesel::delete(
        decision_outcomes::table.filter(decision_outcomes::consultation_id.eq(consultation_id)),
    )
    .execute(conn)?;
    for (point, draft) in points.iter().zip(drafts) {
        diesel::insert_into(decision_outcomes::table)
            .values((
                decision_outcomes::decision_point_id.eq(point),
                decision_outcomes::consultation_id.eq(consultation_id),
                decision_outcomes::outcome.eq(draft.outcome),
                decision_outcomes::decision_url.eq(draft.decision_url.as_deref()),
                decision_outcomes::explanation.eq(&draft.explanation),
                decision_outcomes::recorded_by.eq(clerk),
                decision_outcomes::recorded_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(first)
}

/// Someone who hears that a reaction was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRecipient {
    pub reaction_id: ReactionId,
    pub email: String,
    /// Co-signed it rather than sent it.
    pub co_signer: bool,
}

/// Who hears of the raad's decision: everyone who heard of the answers, once each.
pub fn outcome_recipients(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<String>> {
    let mut addresses: Vec<String> = answer_recipients(conn, consultation_id)?
        .into_iter()
        .map(|r| r.email)
        .collect();
    addresses.sort();
    addresses.dedup();
    Ok(addresses)
}

/// Who hears that a reaction was answered: the resident who wrote it or every member of
/// its organisation, and every co-signer of its positions and scenarios who asked for
/// updates and whose address is still kept. Senders come first, so that someone who
/// both sent and co-signed a reaction is mailed as its sender.
pub fn answer_recipients(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<AnswerRecipient>> {
    let submitted = reactions::state.ne(ReactionState::Draft);
    let mut senders: Vec<(ReactionId, String)> = reactions::table
        .inner_join(users::table.on(users::id.eq(reactions::author_id)))
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::organisation_id.is_null())
        .filter(submitted)
        .select((reactions::id, users::email))
        .load(conn)?;
    senders.extend(
        reactions::table
            .inner_join(
                organisation_members::table.on(organisation_members::organisation_id
                    .nullable()
                    .eq(reactions::organisation_id)),
            )
            .inner_join(users::table.on(users::id.eq(organisation_members::user_id)))
            .filter(reactions::consultation_id.eq(consultation_id))
            .filter(reactions::state.ne(ReactionState::Draft))
            .select((reactions::id, users::email))
            .load::<(ReactionId, String)>(conn)?,
    );
    let wanting = signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .filter(signatures::wants_updates.eq(true))
        .filter(signatures::state.eq(SignatureState::Confirmed))
        .filter(signatures::email.is_not_null());
    let mut co_signers: Vec<(ReactionId, String)> = wanting
        .inner_join(positions::table.on(positions::id.eq(signatures::target_id)))
        .filter(signatures::target_kind.eq(TargetKind::Position))
        .select((positions::reaction_id, signatures::email.assume_not_null()))
        .load(conn)?;
    co_signers.extend(
        wanting
            .inner_join(scenarios::table.on(scenarios::id.eq(signatures::target_id)))
            .filter(signatures::target_kind.eq(TargetKind::Scenario))
            .select((scenarios::reaction_id, signatures::email.assume_not_null()))
            .load::<(ReactionId, String)>(conn)?,
    );
    let recipients = senders
        .into_iter()
        .map(|r| (r, false))
        .chain(co_signers.into_iter().map(|r| (r, true)))
        .map(|((reaction_id, email), co_signer)| AnswerRecipient {
            reaction_id,
            email,
            co_signer,
        });
    let mut seen = std::collections::HashSet::new();
    Ok(recipients
        .filter(|r| seen.insert((r.reaction_id.clone(), r.email.clone())))
        .collect())
}

/// [`answers_stamp`] of what an export made now would contain: decisions count only
/// next to a published nota, as in the export itself.
pub fn stamp(conn: &mut DbConn, consultation_id: &ConsultationId) -> QueryResult<String> {
    let version: Option<i32> = answer_notes::table
        .filter(answer_notes::consultation_id.eq(consultation_id))
        .filter(answer_notes::state.eq(NoteState::Published))
        .select(diesel::dsl::max(answer_notes::version))
        .first(conn)?;
    let decided_at: Option<NaiveDateTime> = match version {
        Some(_) => decision_outcomes::table
            .filter(decision_outcomes::consultation_id.eq(consultation_id))
            .select(diesel::dsl::max(decision_outcomes::recorded_at))
            .first(conn)?,
        None => None,
    };
    Ok(answers_stamp(version, decided_at))
}
