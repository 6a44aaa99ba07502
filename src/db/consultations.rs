//! Consultations and their beslispunten.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::councils::{Committee, Council};
use super::schema::{committees, consultations, councils, deadline_changes, decision_points};
use super::{DbConn, new_id};
use crate::domain::consultation::{ConsultationDraft, ConsultationState};
use crate::domain::id::{CommitteeId, ConsultationId, CouncilId, DecisionPointId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consultations)]
pub struct Consultation {
    pub id: ConsultationId,
    pub council_id: CouncilId,
    pub committee_id: CommitteeId,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    pub document_url: Option<String>,
    pub policy_version: String,
    pub meeting_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    pub state: ConsultationState,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Whether residents may co-sign without showing a name.
    pub allow_anonymous_support: bool,
    /// Whether a moderator approves every post before it appears.
    pub pre_moderation: bool,
    /// Whether residents without an account may post after confirming by e-mail.
    pub allow_guest_posts: bool,
    /// Fixed when the round opens; starts each of its receipt numbers.
    pub receipt_prefix: Option<String>,
}

impl Consultation {
    /// The state at `now` (an open round past its deadline is closed).
    pub fn state_at(&self, now: NaiveDateTime) -> ConsultationState {
        self.state.at(self.deadline_at, now)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = decision_points)]
pub struct DecisionPoint {
    pub id: DecisionPointId,
    pub consultation_id: ConsultationId,
    pub number: i32,
    pub title: String,
    pub body: String,
}

/// A consultation with what a list or page shows beside it.
#[derive(Debug, Clone)]
pub struct ConsultationListing {
    pub consultation: Consultation,
    pub council: Council,
    pub committee: Committee,
}

#[derive(AsChangeset)]
#[diesel(table_name = consultations, treat_none_as_null = true)]
struct ConsultationChanges<'a> {
    committee_id: &'a CommitteeId,
    title: &'a str,
    summary: &'a str,
    body_markdown: &'a str,
    document_url: Option<&'a str>,
    policy_version: &'a str,
    meeting_at: NaiveDateTime,
    deadline_at: NaiveDateTime,
    allow_anonymous_support: bool,
    pre_moderation: bool,
    allow_guest_posts: bool,
    updated_at: NaiveDateTime,
}

impl<'a> ConsultationChanges<'a> {
    fn new(draft: &'a ConsultationDraft, now: NaiveDateTime) -> Self {
        Self {
            committee_id: &draft.committee_id,
            title: &draft.title,
            summary: &draft.summary,
            body_markdown: &draft.body_markdown,
            document_url: draft.document_url.as_deref(),
            policy_version: &draft.policy_version,
            meeting_at: draft.meeting_at,
            deadline_at: draft.deadline_at,
            allow_anonymous_support: draft.allow_anonymous_support,
            pre_moderation: draft.pre_moderation,
            allow_guest_posts: draft.allow_guest_posts,
            updated_at: now,
        }
    }
}

/// Stores a new concept with its beslispunten and returns its id.
pub fn insert_consultation(
    conn: &mut DbConn,
    council_id: &CouncilId,
    draft: &ConsultationDraft,
    created_by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<ConsultationId> {
    let id = ConsultationId::new();
    diesel::insert_into(consultations::table)
        .values((
            consultations::id.eq(&id),
            consultations::council_id.eq(council_id),
            consultations::committee_id.eq(&draft.committee_id),
            consultations::title.eq(&draft.title),
            consultations::summary.eq(&draft.summary),
            consultations::body_markdown.eq(&draft.body_markdown),
            consultations::document_url.eq(draft.document_url.as_deref()),
            consultations::policy_version.eq(&draft.policy_version),
            consultations::meeting_at.eq(draft.meeting_at),
            consultations::deadline_at.eq(draft.deadline_at),
            consultations::allow_anonymous_support.eq(draft.allow_anonymous_support),
            consultations::pre_moderation.eq(draft.pre_moderation),
            consultations::allow_guest_posts.eq(draft.allow_guest_posts),
            consultations::state.eq(ConsultationState::Concept),
            consultations::created_by.eq(created_by),
            consultations::created_at.eq(now),
            consultations::updated_at.eq(now),
        ))
        .execute(conn)?;
    insert_decision_points(conn, &id, draft)?;
    Ok(id)
}

/// Row by row: a multi-row insert does not compile for the two-backend connection.
fn insert_decision_points(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    draft: &ConsultationDraft,
) -> QueryResult<()> {
    for point in &draft.decision_points {
        diesel::insert_into(decision_points::table)
            .values((
                decision_points::id.eq(DecisionPointId::new()),
                decision_points::consultation_id.eq(consultation_id),
                decision_points::number.eq(point.number),
                decision_points::title.eq(&point.title),
                decision_points::body.eq(&point.body),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Saves changed details; the beslispunten are replaced only when `replace_points`.
pub fn update_consultation(
    conn: &mut DbConn,
    id: &ConsultationId,
    draft: &ConsultationDraft,
    replace_points: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(consultations::table.find(id))
        .set(ConsultationChanges::new(draft, now))
        .execute(conn)?;
    if replace_points {
        diesel::delete(decision_points::table.filter(decision_points::consultation_id.eq(id)))
            .execute(conn)?;
        insert_decision_points(conn, id, draft)?;
    }
    Ok(())
}

/// The prefix of a round's receipt numbers: fixed when it opened (migration 0017 gave
/// rounds opened before that the start of their id).
pub fn receipt_prefix(conn: &mut DbConn, id: &ConsultationId) -> QueryResult<String> {
    let prefix: Option<String> = consultations::table
        .find(id)
        .select(consultations::receipt_prefix)
        .first(conn)?;
    Ok(prefix.unwrap_or_else(|| crate::domain::receipt::legacy_prefix(id)))
}

/// The round that has this receipt prefix already, by title.
pub fn receipt_prefix_owner(conn: &mut DbConn, prefix: &str) -> QueryResult<Option<String>> {
    consultations::table
        .filter(consultations::receipt_prefix.eq(prefix))
        .select(consultations::title)
        .first(conn)
        .optional()
}

/// Opens a concept with its receipt prefix. `Ok(false)` when another round has the
/// prefix: the unique index decides, so two clerks at once cannot both get it.
pub fn open(
    conn: &mut DbConn,
    id: &ConsultationId,
    receipt_prefix: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let result = diesel::update(consultations::table.find(id))
        .set((
            consultations::state.eq(ConsultationState::Open),
            consultations::receipt_prefix.eq(receipt_prefix),
            consultations::updated_at.eq(now),
        ))
        .execute(conn);
    match result {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn set_state(
    conn: &mut DbConn,
    id: &ConsultationId,
    state: ConsultationState,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(consultations::table.find(id))
        .set((
            consultations::state.eq(state),
            consultations::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A move of an open round's deadline, as the public record shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deadline_changes)]
pub struct DeadlineMove {
    pub previous_deadline_at: NaiveDateTime,
    pub new_deadline_at: NaiveDateTime,
    pub changed_at: NaiveDateTime,
}

pub fn record_deadline_move(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    previous: NaiveDateTime,
    new: NaiveDateTime,
    changed_by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = new_id();
    diesel::insert_into(deadline_changes::table)
        .values((
            deadline_changes::id.eq(&id),
            deadline_changes::consultation_id.eq(consultation_id),
            deadline_changes::previous_deadline_at.eq(previous),
            deadline_changes::new_deadline_at.eq(new),
            deadline_changes::changed_by.eq(changed_by),
            deadline_changes::changed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Every move of a round's deadline, oldest first.
pub fn deadline_moves_of(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<DeadlineMove>> {
    deadline_changes::table
        .filter(deadline_changes::consultation_id.eq(consultation_id))
        .order(deadline_changes::changed_at.asc())
        .select(DeadlineMove::as_select())
        .load(conn)
}

/// The state of a consultation at `now`, read with one small query (for hot write paths).
pub fn state_at(
    conn: &mut DbConn,
    id: &ConsultationId,
    now: NaiveDateTime,
) -> QueryResult<Option<ConsultationState>> {
    // Read inside every signature's write, hence on the backend's own connection.
    let query = consultations::table
        .find(id)
        .select((consultations::state, consultations::deadline_at));
    let row: Option<(ConsultationState, NaiveDateTime)> =
        super::on_backend!(conn, inner => query.first(inner).optional())?;
    Ok(row.map(|(state, deadline)| state.at(deadline, now)))
}

pub fn find_consultation(
    conn: &mut DbConn,
    id: &ConsultationId,
) -> QueryResult<Option<ConsultationListing>> {
    consultations::table
        .inner_join(councils::table)
        .inner_join(committees::table)
        .filter(consultations::id.eq(id))
        .select((
            Consultation::as_select(),
            Council::as_select(),
            Committee::as_select(),
        ))
        .first::<(Consultation, Council, Committee)>(conn)
        .optional()
        .map(|row| row.map(listing))
}

fn listing(
    (consultation, council, committee): (Consultation, Council, Committee),
) -> ConsultationListing {
    ConsultationListing {
        consultation,
        council,
        committee,
    }
}

pub fn decision_points_of(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<DecisionPoint>> {
    decision_points::table
        .filter(decision_points::consultation_id.eq(consultation_id))
        .order(decision_points::number.asc())
        .select(DecisionPoint::as_select())
        .load(conn)
}

/// Every consultation the public may see, latest deadline first (at most 500).
pub fn public_consultations(conn: &mut DbConn) -> QueryResult<Vec<ConsultationListing>> {
    consultations::table
        .inner_join(councils::table)
        .inner_join(committees::table)
        .filter(consultations::state.ne(ConsultationState::Concept))
        .order(consultations::deadline_at.desc())
        .limit(500)
        .select((
            Consultation::as_select(),
            Council::as_select(),
            Committee::as_select(),
        ))
        .load::<(Consultation, Council, Committee)>(conn)
        .map(|rows| rows.into_iter().map(listing).collect())
}

/// All consultations of the given councils, concepts included, for the griffie.
pub fn consultations_of_councils(
    conn: &mut DbConn,
    council_ids: &[CouncilId],
) -> QueryResult<Vec<ConsultationListing>> {
    consultations::table
        .inner_join(councils::table)
        .inner_join(committees::table)
        .filter(consultations::council_id.eq_any(council_ids))
        .order(consultations::updated_at.desc())
        .select((
            Consultation::as_select(),
            Council::as_select(),
            Committee::as_select(),
        ))
        .load::<(Consultation, Council, Committee)>(conn)
        .map(|rows| rows.into_iter().map(listing).collect())
}

/// Archived consultations whose council's retention period has passed: personal data
/// kept for them (signers' and guests' addresses) may go.
pub fn past_retention(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<ConsultationId>> {
    let archived: Vec<(ConsultationId, NaiveDateTime, i32)> = consultations::table
        .inner_join(councils::table)
        .filter(consultations::state.eq(ConsultationState::Archived))
        .select((
            consultations::id,
            consultations::updated_at,
            councils::retention_days,
        ))
        .load(conn)?;
    let answered: HashMap<ConsultationId, NaiveDateTime> =
        super::answers::first_publications(conn)?;
    Ok(archived
        .into_iter()
        .filter(|(id, archived_at, days)| {
            // Indieners and co-signers who asked hear of the nota first; the clock runs
            // from the later of archiving and that publication.
            let start = answered
                .get(id)
                .map_or(*archived_at, |published| (*published).max(*archived_at));
            start + chrono::Duration::days(i64::from(*days)) <= now
        })
        .map(|(id, _, _)| id)
        .collect())
}
