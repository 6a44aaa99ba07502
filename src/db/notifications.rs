//! What committee members and the griffie hear about: consultation events, digest marks,
//! and who is subscribed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::consultations::Consultation;
use super::councils::CommitteeMember;
use super::schema::{committee_members, consultation_events, consultations, digest_marks};
use super::{DbConn, new_id};
use crate::domain::consultation::ConsultationState;

pub fn record_event(
    conn: &mut DbConn,
    consultation_id: &str,
    kind: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(consultation_events::table)
        .values((
            consultation_events::id.eq(new_id()),
            consultation_events::consultation_id.eq(consultation_id),
            consultation_events::kind.eq(kind),
            consultation_events::occurred_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Open consultations whose deadline has passed and that nobody has closed yet.
pub fn due_for_closing(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    consultations::table
        .filter(consultations::state.eq(ConsultationState::Open.as_str()))
        .filter(consultations::deadline_at.le(now))
        .select(consultations::id)
        .load(conn)
}

/// Marks an open consultation closed; false if another process did so first.
pub fn close_if_open(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        consultations::table
            .filter(consultations::id.eq(id))
            .filter(consultations::state.eq(ConsultationState::Open.as_str())),
    )
    .set((
        consultations::state.eq(ConsultationState::Closed.as_str()),
        consultations::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Members of a committee who still want its mail.
pub fn subscribed_members(
    conn: &mut DbConn,
    committee_id: &str,
) -> QueryResult<Vec<CommitteeMember>> {
    committee_members::table
        .filter(committee_members::committee_id.eq(committee_id))
        .filter(committee_members::unsubscribed_at.is_null())
        .order(committee_members::id.asc())
        .select(CommitteeMember::as_select())
        .load(conn)
}

pub fn find_member(conn: &mut DbConn, id: &str) -> QueryResult<Option<CommitteeMember>> {
    committee_members::table
        .find(id)
        .select(CommitteeMember::as_select())
        .first(conn)
        .optional()
}

pub fn unsubscribe(conn: &mut DbConn, member_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        committee_members::table
            .filter(committee_members::id.eq(member_id))
            .filter(committee_members::unsubscribed_at.is_null()),
    )
    .set(committee_members::unsubscribed_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// Consultations with events that may still have to go into a digest: not a concept,
/// and with an event after `since`.
pub fn consultations_with_events_since(
    conn: &mut DbConn,
    since: NaiveDateTime,
) -> QueryResult<Vec<Consultation>> {
    let ids = consultation_events::table
        .filter(consultation_events::occurred_at.gt(since))
        .select(consultation_events::consultation_id)
        .distinct();
    consultations::table
        .filter(consultations::id.eq_any(ids))
        .filter(consultations::state.ne(ConsultationState::Concept.as_str()))
        .select(Consultation::as_select())
        .load(conn)
}

/// Events of a consultation after `after` (all of them when `None`), oldest first.
pub fn events_after(
    conn: &mut DbConn,
    consultation_id: &str,
    after: Option<NaiveDateTime>,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    let mut query = consultation_events::table
        .filter(consultation_events::consultation_id.eq(consultation_id))
        .select((consultation_events::kind, consultation_events::occurred_at))
        .order(consultation_events::occurred_at.asc())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(consultation_events::occurred_at.gt(after));
    }
    query.load(conn)
}

pub fn digest_mark(
    conn: &mut DbConn,
    member_id: &str,
    consultation_id: &str,
) -> QueryResult<Option<NaiveDateTime>> {
    digest_marks::table
        .find((member_id, consultation_id))
        .select(digest_marks::mailed_until)
        .first(conn)
        .optional()
}

pub fn set_digest_mark(
    conn: &mut DbConn,
    member_id: &str,
    consultation_id: &str,
    mailed_until: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(digest_marks::table.find((member_id, consultation_id)))
        .set(digest_marks::mailed_until.eq(mailed_until))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(digest_marks::table)
            .values((
                digest_marks::member_id.eq(member_id),
                digest_marks::consultation_id.eq(consultation_id),
                digest_marks::mailed_until.eq(mailed_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// When a consultation was opened for reactions.
pub fn opened_at(conn: &mut DbConn, consultation_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    consultation_events::table
        .filter(consultation_events::consultation_id.eq(consultation_id))
        .filter(consultation_events::kind.eq("opened"))
        .order(consultation_events::occurred_at.asc())
        .select(consultation_events::occurred_at)
        .first(conn)
        .optional()
}
