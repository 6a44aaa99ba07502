//! Reactions with their positions, scenarios, revisions, and the submission log.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::organisations::Organisation;
use super::schema::{
    attachments, decision_points, organisation_members, organisations, positions,
    reaction_revisions, reactions, scenarios, submission_log, users,
};
use super::{DbConn, new_id};
use crate::domain::id::{
    AttachmentId, ConsultationId, DecisionPointId, OrganisationId, PositionId, ReactionId,
    ScenarioId, UserId,
};
use crate::domain::reaction::{
    CANONICAL_FORMAT, CanonicalAttachment, CanonicalPosition, CanonicalReaction, CanonicalScenario,
    GENESIS_HASH, LogEvent, Operator, PositionContent, ReactionContent, ReactionState,
    ScenarioContent, Stance, canonical_time, filed_name, log_entry_hash,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reactions)]
pub struct Reaction {
    pub id: ReactionId,
    pub consultation_id: ConsultationId,
    pub organisation_id: Option<OrganisationId>,
    pub author_id: UserId,
    pub title: String,
    pub introduction: String,
    pub body_markdown: String,
    pub publish_name: bool,
    pub state: ReactionState,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_by: Option<UserId>,
    pub submitted_by_name: Option<String>,
    pub consent_at: Option<NaiveDateTime>,
    pub submission_number: Option<String>,
    pub sequence: Option<i32>,
    pub content_hash: Option<String>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<UserId>,
    /// Shown publicly with the withdrawal, when the organisation gave one.
    pub withdrawal_reason: Option<String>,
}

impl Reaction {
    pub fn state(&self) -> ReactionState {
        self.state
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = positions)]
pub struct Position {
    pub id: PositionId,
    pub reaction_id: ReactionId,
    pub number: i32,
    pub decision_point_id: Option<DecisionPointId>,
    pub stance: Stance,
    pub body: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scenarios)]
pub struct Scenario {
    pub id: ScenarioId,
    pub reaction_id: ReactionId,
    pub number: i32,
    pub decision_point_id: Option<DecisionPointId>,
    pub title: String,
    pub operator: Operator,
    pub request: String,
    pub yearly_cost_euros: Option<i64>,
    pub cost_bearer: String,
    pub conditions: String,
    pub body: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submission_log)]
pub struct LogEntry {
    pub id: String,
    pub consultation_id: ConsultationId,
    pub sequence: i32,
    pub reaction_id: ReactionId,
    pub event: LogEvent,
    pub content_hash: String,
    pub previous_hash: String,
    pub entry_hash: String,
    pub recorded_at: NaiveDateTime,
}

/// An attachment without its content.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    pub id: AttachmentId,
    pub reaction_id: ReactionId,
    pub filename: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: UserId,
    pub created_at: NaiveDateTime,
}

/// Stores a PDF for a draft; `None` when the reaction has its maximum already.
pub fn insert_attachment(
    conn: &mut DbConn,
    reaction_id: &ReactionId,
    filename: &str,
    content: &[u8],
    uploaded_by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<Option<AttachmentId>> {
    let existing: i64 = attachments::table
        .filter(attachments::reaction_id.eq(reaction_id))
        .count()
        .get_result(conn)?;
    if existing >= i64::try_from(crate::domain::reaction::MAX_ATTACHMENTS).unwrap_or(i64::MAX) {
        return Ok(None);
    }
    let id = AttachmentId::new();
    use sha2::Digest;
    diesel::insert_into(attachments::table)
        .values((
            attachments::id.eq(&id),
            attachments::reaction_id.eq(reaction_id),
            attachments::filename.eq(filename),
            attachments::size.eq(i64::try_from(content.len()).unwrap_or(i64::MAX)),
            attachments::sha256.eq(hex::encode(sha2::Sha256::digest(content))),
            attachments::content.eq(content),
            attachments::uploaded_by.eq(uploaded_by),
            attachments::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Some(id))
}

pub fn attachments_of(conn: &mut DbConn, reaction_id: &ReactionId) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::reaction_id.eq(reaction_id))
        .order((attachments::created_at.asc(), attachments::id.asc()))
        .select(Attachment::as_select())
        .load(conn)
}

/// An attachment with its bytes, for download.
pub fn attachment_content(
    conn: &mut DbConn,
    id: &AttachmentId,
) -> QueryResult<Option<(Attachment, Vec<u8>)>> {
    attachments::table
        .find(id)
        .select((Attachment::as_select(), attachments::content))
        .first(conn)
        .optional()
}

pub fn delete_attachment(
    conn: &mut DbConn,
    reaction_id: &ReactionId,
    id: &AttachmentId,
) -> QueryResult<bool> {
    diesel::delete(
        attachments::table
            .filter(attachments::id.eq(id))
            .filter(attachments::reaction_id.eq(reaction_id)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// A reaction with the organisation it speaks for (none for a private individual).
#[derive(Debug, Clone)]
pub struct ReactionListing {
    pub reaction: Reaction,
    pub organisation: Option<Organisation>,
    /// The resident's name, loaded only when they chose to publish it.
    pub published_author: Option<String>,
}

/// One saved version of a draft, with the saver's name.
#[derive(Debug, Clone)]
pub struct Revision {
    pub version: i32,
    pub saved_by: String,
    pub saved_at: NaiveDateTime,
    pub changed: String,
    /// The draft as it was saved then.
    pub content: ReactionContent,
}

/// Starts a draft (version 1) with its first revision; returns its id.
pub fn insert_draft(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    organisation_id: Option<&OrganisationId>,
    author_id: &UserId,
    content: &ReactionContent,
    now: NaiveDateTime,
) -> QueryResult<ReactionId> {
    let id = ReactionId::new();
    diesel::insert_into(reactions::table)
        .values((
            reactions::id.eq(&id),
            reactions::consultation_id.eq(consultation_id),
            reactions::organisation_id.eq(organisation_id),
            reactions::author_id.eq(author_id),
            reactions::title.eq(&content.title),
            reactions::introduction.eq(&content.introduction),
            reactions::body_markdown.eq(&content.body_markdown),
            reactions::publish_name.eq(content.publish_name),
            reactions::state.eq(ReactionState::Draft),
            reactions::version.eq(1),
            reactions::created_at.eq(now),
            reactions::updated_at.eq(now),
        ))
        .execute(conn)?;
    replace_parts(conn, &id, content)?;
    insert_revision(conn, &id, 1, author_id, "begonnen", content, now)?;
    Ok(id)
}

fn insert_revision(
    conn: &mut DbConn,
    reaction_id: &ReactionId,
    version: i32,
    saved_by: &UserId,
    changed: &str,
    content: &ReactionContent,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let snapshot = serde_json::to_string(content).expect("plain data serialises");
    diesel::insert_into(reaction_revisions::table)
        .values((
            reaction_revisions::id.eq(new_id()),
            reaction_revisions::reaction_id.eq(reaction_id),
            reaction_revisions::version.eq(version),
            reaction_revisions::saved_by.eq(saved_by),
            reaction_revisions::saved_at.eq(now),
            reaction_revisions::changed.eq(changed),
            reaction_revisions::snapshot.eq(snapshot),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Positions and scenarios row by row (a multi-row insert does not compile for both backends).
fn replace_parts(
    conn: &mut DbConn,
    reaction_id: &ReactionId,
    content: &ReactionContent,
) -> QueryResult<()> {
    diesel::delete(positions::table.filter(positions::reaction_id.eq(reaction_id)))
        .execute(conn)?;
    diesel::delete(scenarios::table.filter(scenarios::reaction_id.eq(reaction_id)))
        .execute(conn)?;
    for (index, position) in content.positions.iter().enumerate() {
        diesel::insert_into(positions::table)
            .values((
                positions::id.eq(PositionId::new()),
                positions::reaction_id.eq(reaction_id),
                positions::number.eq(i32::try_from(index + 1).unwrap_or(i32::MAX)),
                positions::decision_point_id.eq(position.decision_point_id.as_ref()),
                positions::stance.eq(position.stance),
                positions::body.eq(&position.body),
            ))
            .execute(conn)?;
    }
    for (index, scenario) in content.scenarios.iter().enumerate() {
        diesel::insert_into(scenarios::table)
            .values((
                scenarios::id.eq(ScenarioId::new()),
                scenarios::reaction_id.eq(reaction_id),
                scenarios::number.eq(i32::try_from(index + 1).unwrap_or(i32::MAX)),
                scenarios::decision_point_id.eq(scenario.decision_point_id.as_ref()),
                scenarios::title.eq(&scenario.title),
                scenarios::operator.eq(scenario.operator),
                scenarios::request.eq(&scenario.request),
                scenarios::yearly_cost_euros.eq(scenario.yearly_cost_euros),
                scenarios::cost_bearer.eq(&scenario.cost_bearer),
                scenarios::conditions.eq(&scenario.conditions),
                scenarios::body.eq(&scenario.body),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Saves a new version of a draft, if it is still at `expected_version`; returns the new
/// version, or `None` when someone else saved first (nothing is written then).
pub fn save_draft(
    conn: &mut DbConn,
    id: &ReactionId,
    expected_version: i32,
    content: &ReactionContent,
    saved_by: &UserId,
    changed: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let next = expected_version + 1;
    let updated = diesel::update(
        reactions::table
            .filter(reactions::id.eq(id))
            .filter(reactions::version.eq(expected_version))
            .filter(reactions::state.eq(ReactionState::Draft)),
    )
    .set((
        reactions::title.eq(&content.title),
        reactions::introduction.eq(&content.introduction),
        reactions::body_markdown.eq(&content.body_markdown),
        reactions::publish_name.eq(content.publish_name),
        reactions::version.eq(next),
        reactions::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    replace_parts(conn, id, content)?;
    insert_revision(conn, id, next, saved_by, changed, content, now)?;
    Ok(Some(next))
}

/// Who writes a reaction, as `(user id, address)`: every member of its organisation, or
/// the resident who wrote it alone. They get its receipt and hear what concerns it.
pub fn writers(conn: &mut DbConn, reaction: &Reaction) -> QueryResult<Vec<(UserId, String)>> {
    match &reaction.organisation_id {
        Some(organisation) => organisation_members::table
            .inner_join(users::table)
            .filter(organisation_members::organisation_id.eq(organisation))
            .select((users::id, users::email))
            .load(conn),
        None => users::table
            .find(&reaction.author_id)
            .select((users::id, users::email))
            .load(conn),
    }
}

/// The drafts of a round that are not submitted yet, for telling their writers.
pub fn drafts_of(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<Reaction>> {
    reactions::table
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.eq(ReactionState::Draft))
        .select(Reaction::as_select())
        .load(conn)
}

pub fn find_reaction(conn: &mut DbConn, id: &ReactionId) -> QueryResult<Option<Reaction>> {
    reactions::table
        .find(id)
        .select(Reaction::as_select())
        .first(conn)
        .optional()
}

pub fn positions_of(conn: &mut DbConn, reaction_id: &ReactionId) -> QueryResult<Vec<Position>> {
    positions::table
        .filter(positions::reaction_id.eq(reaction_id))
        .order(positions::number.asc())
        .select(Position::as_select())
        .load(conn)
}

pub fn scenarios_of(conn: &mut DbConn, reaction_id: &ReactionId) -> QueryResult<Vec<Scenario>> {
    scenarios::table
        .filter(scenarios::reaction_id.eq(reaction_id))
        .order(scenarios::number.asc())
        .select(Scenario::as_select())
        .load(conn)
}

/// Only the state, for the check inside every signature's write (hence on the backend's
/// own connection).
pub fn state_of(conn: &mut DbConn, id: &ReactionId) -> QueryResult<Option<ReactionState>> {
    let query = reactions::table.find(id).select(reactions::state);
    super::on_backend!(conn, inner => query.first(inner).optional())
}

pub fn find_scenario(conn: &mut DbConn, id: &ScenarioId) -> QueryResult<Option<Scenario>> {
    scenarios::table
        .find(id)
        .select(Scenario::as_select())
        .first(conn)
        .optional()
}

/// The editable content of a reaction as stored.
pub fn content_of(conn: &mut DbConn, reaction: &Reaction) -> QueryResult<ReactionContent> {
    let positions = positions_of(conn, &reaction.id)?
        .into_iter()
        .map(|p| PositionContent {
            decision_point_id: p.decision_point_id,
            stance: p.stance,
            body: p.body,
        })
        .collect();
    let scenarios = scenarios_of(conn, &reaction.id)?
        .into_iter()
        .map(|s| ScenarioContent {
            decision_point_id: s.decision_point_id,
            title: s.title,
            operator: s.operator,
            request: s.request,
            yearly_cost_euros: s.yearly_cost_euros,
            cost_bearer: s.cost_bearer,
            conditions: s.conditions,
            body: s.body,
        })
        .collect();
    Ok(ReactionContent {
        title: reaction.title.clone(),
        introduction: reaction.introduction.clone(),
        body_markdown: reaction.body_markdown.clone(),
        publish_name: reaction.publish_name,
        positions,
        scenarios,
    })
}

pub fn revisions_of(conn: &mut DbConn, reaction_id: &ReactionId) -> QueryResult<Vec<Revision>> {
    let rows: Vec<(i32, String, NaiveDateTime, String, String)> = reaction_revisions::table
        .inner_join(users::table.on(users::id.eq(reaction_revisions::saved_by)))
        .filter(reaction_revisions::reaction_id.eq(reaction_id))
        .order(reaction_revisions::version.desc())
        .select((
            reaction_revisions::version,
            users::display_name,
            reaction_revisions::saved_at,
            reaction_revisions::changed,
            reaction_revisions::snapshot,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(version, saved_by, saved_at, changed, snapshot)| Revision {
                version,
                saved_by,
                saved_at,
                changed,
                // Written by insert_revision from the same type; an unreadable one (never
                // seen) shows as empty rather than hiding the history.
                content: serde_json::from_str(&snapshot).unwrap_or_default(),
            },
        )
        .collect())
}

/// Holds back other submissions to the same consultation until this transaction ends, so
/// that sequence numbers and the log stay gap-free. SQLite's write lock does this already.
fn lock_consultation(conn: &mut DbConn, consultation_id: &ConsultationId) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        diesel::sql_query("SELECT id FROM consultations WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(consultation_id)
            .execute(pg)?;
    }
    Ok(())
}

/// The canonical form of a stored submitted reaction, from which its hash is computed.
pub fn canonical_hash(conn: &mut DbConn, reaction: &Reaction) -> QueryResult<String> {
    let numbers: Vec<(DecisionPointId, i32)> = decision_points::table
        .filter(decision_points::consultation_id.eq(&reaction.consultation_id))
        .select((decision_points::id, decision_points::number))
        .load(conn)?;
    let number_of = |id: &Option<DecisionPointId>| {
        id.as_ref().and_then(|id| {
            numbers
                .iter()
                .find(|(point, _)| point == id)
                .map(|(_, n)| *n)
        })
    };
    let positions = positions_of(conn, &reaction.id)?;
    let scenarios = scenarios_of(conn, &reaction.id)?;
    let attachments = attachments_of(conn, &reaction.id)?;
    let canonical = CanonicalReaction {
        format: CANONICAL_FORMAT,
        consultation_id: &reaction.consultation_id,
        reaction_id: &reaction.id,
        submission_number: reaction.submission_number.as_deref().unwrap_or_default(),
        submitted_at: reaction
            .submitted_at
            .map(canonical_time)
            .unwrap_or_default(),
        organisation_id: reaction.organisation_id.as_ref(),
        submitted_by_name: reaction.submitted_by_name.as_deref().unwrap_or_default(),
        publish_name: reaction.publish_name,
        title: &reaction.title,
        introduction: &reaction.introduction,
        body_markdown: &reaction.body_markdown,
        positions: positions
            .iter()
            .map(|p| CanonicalPosition {
                decision_point: number_of(&p.decision_point_id),
                stance: p.stance,
                body: &p.body,
            })
            .collect(),
        scenarios: scenarios
            .iter()
            .map(|s| CanonicalScenario {
                decision_point: number_of(&s.decision_point_id),
                title: &s.title,
                operator: s.operator,
                request: &s.request,
                yearly_cost_euros: s.yearly_cost_euros,
                cost_bearer: &s.cost_bearer,
                conditions: &s.conditions,
                body: &s.body,
            })
            .collect(),
        attachments: attachments
            .iter()
            .map(|a| CanonicalAttachment {
                filename: &a.filename,
                size: a.size,
                sha256: &a.sha256,
            })
            .collect(),
    };
    Ok(canonical.sha256())
}

/// Appends an entry to the consultation's submission log, chained to the one before.
fn append_log(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    reaction_id: &ReactionId,
    event: LogEvent,
    content_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let last: Option<(i32, String)> = submission_log::table
        .filter(submission_log::consultation_id.eq(consultation_id))
        .order(submission_log::sequence.desc())
        .select((submission_log::sequence, submission_log::entry_hash))
        .first(conn)
        .optional()?;
    let (sequence, previous_hash) = match last {
        Some((sequence, hash)) => (sequence + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let entry_hash = log_entry_hash(
        &previous_hash,
        sequence,
        event,
        reaction_id,
        content_hash,
        now,
    );
    diesel::insert_into(submission_log::table)
        .values((
            submission_log::id.eq(new_id()),
            submission_log::consultation_id.eq(consultation_id),
            submission_log::sequence.eq(sequence),
            submission_log::reaction_id.eq(reaction_id),
            submission_log::event.eq(event),
            submission_log::content_hash.eq(content_hash),
            submission_log::previous_hash.eq(&previous_hash),
            submission_log::entry_hash.eq(&entry_hash),
            submission_log::recorded_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What a submission records: who submitted and under which number.
pub struct Submission<'a> {
    pub submitted_by: &'a UserId,
    pub submitted_by_name: &'a str,
}

/// Freezes a draft: numbers it, hashes it and logs it. Returns the updated reaction, or
/// `None` if it was not a draft at `expected_version` any more (a second click).
pub fn submit(
    conn: &mut DbConn,
    reaction: &Reaction,
    expected_version: i32,
    submission: &Submission<'_>,
    now: NaiveDateTime,
) -> QueryResult<Option<Reaction>> {
    lock_consultation(conn, &reaction.consultation_id)?;
    let max: Option<i32> = reactions::table
        .filter(reactions::consultation_id.eq(&reaction.consultation_id))
        .select(diesel::dsl::max(reactions::sequence))
        .first(conn)?;
    let sequence = max.unwrap_or(0) + 1;
    let prefix = super::consultations::receipt_prefix(conn, &reaction.consultation_id)?;
    let number = crate::domain::receipt::number(&prefix, sequence);
    // Seconds precision: the canonical form and the stored time must agree exactly.
    let submitted_at = chrono::DateTime::from_timestamp(now.and_utc().timestamp(), 0)
        .map_or(now, |t| t.naive_utc());
    let updated = diesel::update(
        reactions::table
            .filter(reactions::id.eq(&reaction.id))
            .filter(reactions::version.eq(expected_version))
            .filter(reactions::state.eq(ReactionState::Draft)),
    )
    .set((
        reactions::state.eq(ReactionState::Submitted),
        reactions::submitted_at.eq(submitted_at),
        reactions::submitted_by.eq(submission.submitted_by),
        reactions::submitted_by_name.eq(submission.submitted_by_name),
        reactions::consent_at.eq(submitted_at),
        reactions::submission_number.eq(&number),
        reactions::sequence.eq(sequence),
        reactions::updated_at.eq(submitted_at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    let stored = find_reaction(conn, &reaction.id)?.expect("updated just now");
    let hash = canonical_hash(conn, &stored)?;
    diesel::update(reactions::table.find(&reaction.id))
        .set(reactions::content_hash.eq(&hash))
        .execute(conn)?;
    append_log(
        conn,
        &reaction.consultation_id,
        &reaction.id,
        LogEvent::Submitted,
        &hash,
        submitted_at,
    )?;
    find_reaction(conn, &reaction.id)
}

/// Marks a submitted reaction withdrawn and logs it; false if it was not submitted.
pub fn withdraw(
    conn: &mut DbConn,
    reaction: &Reaction,
    by: &UserId,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    lock_consultation(conn, &reaction.consultation_id)?;
    let updated = diesel::update(
        reactions::table
            .filter(reactions::id.eq(&reaction.id))
            .filter(reactions::state.eq(ReactionState::Submitted)),
    )
    .set((
        reactions::state.eq(ReactionState::Withdrawn),
        reactions::withdrawn_at.eq(now),
        reactions::withdrawn_by.eq(by),
        reactions::withdrawal_reason.eq(reason),
        reactions::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(false);
    }
    let hash = reaction.content_hash.clone().unwrap_or_default();
    append_log(
        conn,
        &reaction.consultation_id,
        &reaction.id,
        LogEvent::Withdrawn,
        &hash,
        now,
    )?;
    Ok(true)
}

/// Replaces the name an individual's submitted (or withdrawn) reaction was filed with by
/// `name`, stores the new hash and logs it as [`LogEvent::Anonymised`], so that the
/// public log shows what changed and the check still holds.
pub fn anonymise_filer(
    conn: &mut DbConn,
    reaction: &Reaction,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    lock_consultation(conn, &reaction.consultation_id)?;
    diesel::update(reactions::table.find(&reaction.id))
        .set(reactions::submitted_by_name.eq(name))
        .execute(conn)?;
    let stored = find_reaction(conn, &reaction.id)?.ok_or(diesel::result::Error::NotFound)?;
    let hash = canonical_hash(conn, &stored)?;
    diesel::update(reactions::table.find(&reaction.id))
        .set(reactions::content_hash.eq(&hash))
        .execute(conn)?;
    append_log(
        conn,
        &reaction.consultation_id,
        &reaction.id,
        LogEvent::Anonymised,
        &hash,
        now,
    )
}

/// The reactions `user_id` filed as an individual (not for an organisation).
pub fn filed_individually_by(conn: &mut DbConn, user_id: &UserId) -> QueryResult<Vec<Reaction>> {
    reactions::table
        .filter(reactions::submitted_by.eq(user_id))
        .filter(reactions::organisation_id.is_null())
        .filter(reactions::state.ne(ReactionState::Draft))
        .select(Reaction::as_select())
        .load(conn)
}

/// Deletes the drafts `user_id` wrote as an individual, with their versions and files.
pub fn delete_individual_drafts(conn: &mut DbConn, user_id: &UserId) -> QueryResult<usize> {
    diesel::delete(
        reactions::table
            .filter(reactions::author_id.eq(user_id))
            .filter(reactions::organisation_id.is_null())
            .filter(reactions::state.eq(ReactionState::Draft)),
    )
    .execute(conn)
}

pub fn log_of(conn: &mut DbConn, consultation_id: &ConsultationId) -> QueryResult<Vec<LogEntry>> {
    submission_log::table
        .filter(submission_log::consultation_id.eq(consultation_id))
        .order(submission_log::sequence.asc())
        .select(LogEntry::as_select())
        .load(conn)
}

fn with_organisations(conn: &mut DbConn, rows: Vec<Reaction>) -> QueryResult<Vec<ReactionListing>> {
    let ids: Vec<OrganisationId> = rows
        .iter()
        .filter_map(|r| r.organisation_id.clone())
        .collect();
    let organisations: Vec<Organisation> = organisations::table
        .filter(organisations::id.eq_any(&ids))
        .select(Organisation::as_select())
        .load(conn)?;
    let published: Vec<UserId> = rows
        .iter()
        .filter(|r| r.organisation_id.is_none() && r.publish_name)
        .map(|r| r.author_id.clone())
        .collect();
    let names: Vec<(UserId, String)> = users::table
        .filter(users::id.eq_any(&published))
        .select((users::id, users::display_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|reaction| {
            let organisation = reaction
                .organisation_id
                .as_ref()
                .and_then(|id| organisations.iter().find(|o| &o.id == id).cloned());
            let published_author = if reaction.organisation_id.is_none() && reaction.publish_name {
                names
                    .iter()
                    .find(|(id, _)| *id == reaction.author_id)
                    .map(|(_, n)| filed_name(reaction.submitted_by_name.as_deref(), n).to_owned())
            } else {
                None
            };
            ReactionListing {
                reaction,
                organisation,
                published_author,
            }
        })
        .collect())
}

/// Submitted and withdrawn reactions of a consultation, newest first.
pub fn public_reactions(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<ReactionListing>> {
    let rows = reactions::table
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.ne(ReactionState::Draft))
        .order((reactions::submitted_at.desc(), reactions::sequence.desc()))
        .select(Reaction::as_select())
        .load(conn)?;
    with_organisations(conn, rows)
}

/// Reactions `user_id` may work on: their own, and those of their organisations.
pub fn reactions_for_member(
    conn: &mut DbConn,
    user_id: &UserId,
    organisation_ids: &[OrganisationId],
) -> QueryResult<Vec<ReactionListing>> {
    let rows = reactions::table
        .filter(
            reactions::author_id
                .eq(user_id)
                .and(reactions::organisation_id.is_null())
                .or(reactions::organisation_id.eq_any(organisation_ids)),
        )
        .order(reactions::updated_at.desc())
        .select(Reaction::as_select())
        .load(conn)?;
    with_organisations(conn, rows)
}

/// Submitted reactions of an organisation, for its public page.
pub fn reactions_of_organisation(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
) -> QueryResult<Vec<Reaction>> {
    reactions::table
        .filter(reactions::organisation_id.eq(organisation_id))
        .filter(reactions::state.ne(ReactionState::Draft))
        .order(reactions::submitted_at.desc())
        .select(Reaction::as_select())
        .load(conn)
}

/// Submitted reactions that were not withdrawn.
pub fn count_submitted(conn: &mut DbConn, consultation_id: &ConsultationId) -> QueryResult<i64> {
    reactions::table
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.eq(ReactionState::Submitted))
        .count()
        .get_result(conn)
}

/// Positions of submitted (not withdrawn) reactions of a consultation, with the reaction.
pub fn public_positions(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<Position>> {
    positions::table
        .inner_join(reactions::table)
        .filter(reactions::consultation_id.eq(consultation_id))
        .filter(reactions::state.eq(ReactionState::Submitted))
        .order((reactions::submitted_at.desc(), positions::number.asc()))
        .select(Position::as_select())
        .load(conn)
}
