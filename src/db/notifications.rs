//! What committee members and the griffie hear about: consultation events, digest marks,
//! and who is subscribed.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::consultations::Consultation;
use super::councils::CommitteeMember;
use super::schema::{
    alert_marks, committee_members, consultation_events, consultations, council_roles,
    digest_marks, organisation_members, organisations, reactions, signatures, users,
};
use super::{DbConn, new_id};
use crate::domain::account::CouncilRole;
use crate::domain::consultation::{ConsultationState, EventKind};
use crate::domain::id::{
    CommitteeId, CommitteeMemberId, ConsultationId, CouncilId, OrganisationId, ReactionId, UserId,
};
use crate::domain::organisation::MemberRole;
use crate::domain::signature::SignatureState;

pub fn record_event(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    kind: EventKind,
    now: NaiveDateTime,
) -> QueryResult<()> {
    record_event_about(conn, consultation_id, kind, None, now)
}

/// An event about one thing in the consultation (`subject_id`: a reaction), so that
/// the digest can name it.
pub fn record_event_about(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    kind: EventKind,
    subject_id: Option<&ReactionId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(consultation_events::table)
        .values((
            consultation_events::id.eq(new_id()),
            consultation_events::consultation_id.eq(consultation_id),
            consultation_events::kind.eq(kind),
            consultation_events::occurred_at.eq(now),
            consultation_events::subject_id.eq(subject_id),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Reserves the alert `key` unless it was marked less than `gap` ago; true when this
/// write may send it. A parallel write on PostgreSQL waits for this row and then finds
/// it marked; SQLite runs writes one at a time. So at most one of them sends.
pub fn reserve_alert(
    conn: &mut DbConn,
    key: &str,
    now: NaiveDateTime,
    gap: Duration,
) -> QueryResult<bool> {
    let values = (alert_marks::key.eq(key), alert_marks::marked_at.eq(now));
    if super::insert_unless_present!(conn, alert_marks::table, values)? == 1 {
        return Ok(true);
    }
    diesel::update(
        alert_marks::table
            .filter(alert_marks::key.eq(key))
            .filter(alert_marks::marked_at.le(now - gap)),
    )
    .set(alert_marks::marked_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

/// Holds the alert row `key` until the write ends, so that writes deciding about the
/// same alert run one after the other and each sees what the one before wrote.
pub fn lock_alert(conn: &mut DbConn, key: &str, now: NaiveDateTime) -> QueryResult<()> {
    let values = (alert_marks::key.eq(key), alert_marks::marked_at.eq(now));
    super::insert_unless_present!(conn, alert_marks::table, values)?;
    diesel::update(alert_marks::table.find(key))
        .set(alert_marks::marked_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// A moderator of a council, with every council they moderate.
pub struct Moderator {
    pub user_id: UserId,
    pub email: String,
    pub councils: Vec<CouncilId>,
}

pub fn moderators_of(conn: &mut DbConn, council_id: &CouncilId) -> QueryResult<Vec<Moderator>> {
    let moderator = CouncilRole::Moderator;
    let ids: Vec<UserId> = council_roles::table
        .filter(council_roles::council_id.eq(council_id))
        .filter(council_roles::role.eq(moderator))
        .select(council_roles::user_id)
        .load(conn)?;
    let rows: Vec<(UserId, String, CouncilId)> = council_roles::table
        .inner_join(users::table)
        .filter(council_roles::user_id.eq_any(&ids))
        .filter(council_roles::role.eq(moderator))
        .order((users::id, council_roles::council_id))
        .select((users::id, users::email, council_roles::council_id))
        .load(conn)?;
    let mut moderators: Vec<Moderator> = Vec::new();
    for (user_id, email, council) in rows {
        match moderators.last_mut() {
            Some(last) if last.user_id == user_id => last.councils.push(council),
            _ => moderators.push(Moderator {
                user_id,
                email,
                councils: vec![council],
            }),
        }
    }
    Ok(moderators)
}

/// Signatures of a consultation held for the griffie's review.
pub fn held_signatures(conn: &mut DbConn, consultation_id: &ConsultationId) -> QueryResult<i64> {
    signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .filter(signatures::state.eq(SignatureState::Held))
        .count()
        .get_result(conn)
}

/// The secretary of an organisation: `(name, address)`.
pub fn secretary_of(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
) -> QueryResult<Option<(String, String)>> {
    organisation_members::table
        .inner_join(users::table)
        .filter(organisation_members::organisation_id.eq(organisation_id))
        .filter(organisation_members::role.eq(MemberRole::Secretary))
        .select((users::display_name, users::email))
        .first(conn)
        .optional()
}

/// What a digest line says of a reaction.
pub struct DigestReaction {
    pub number: String,
    pub title: String,
    pub organisation: Option<String>,
    pub author: String,
    pub publish_name: bool,
}

type DigestRow = (
    ReactionId,
    Option<String>,
    String,
    Option<String>,
    String,
    bool,
);

/// The reactions `ids` (those that exist), by id.
pub fn digest_reactions(
    conn: &mut DbConn,
    ids: &[&ReactionId],
) -> QueryResult<HashMap<ReactionId, DigestReaction>> {
    let rows: Vec<DigestRow> = reactions::table
        .left_join(organisations::table)
        .inner_join(users::table.on(users::id.eq(reactions::author_id)))
        .filter(reactions::id.eq_any(ids))
        .select((
            reactions::id,
            reactions::submission_number,
            reactions::title,
            organisations::name.nullable(),
            users::display_name,
            reactions::publish_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, number, title, organisation, author, publish_name)| {
            let reaction = DigestReaction {
                number: number.unwrap_or_default(),
                title,
                organisation,
                author,
                publish_name,
            };
            (id, reaction)
        })
        .collect())
}

/// Open consultations whose deadline has passed and that nobody has closed yet.
pub fn due_for_closing(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<ConsultationId>> {
    consultations::table
        .filter(consultations::state.eq(ConsultationState::Open))
        .filter(consultations::deadline_at.le(now))
        .select(consultations::id)
        .load(conn)
}

/// Marks an open consultation closed; false if another process did so first.
pub fn close_if_open(
    conn: &mut DbConn,
    id: &ConsultationId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        consultations::table
            .filter(consultations::id.eq(id))
            .filter(consultations::state.eq(ConsultationState::Open)),
    )
    .set((
        consultations::state.eq(ConsultationState::Closed),
        consultations::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Members of a committee who still want its mail.
pub fn subscribed_members(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
) -> QueryResult<Vec<CommitteeMember>> {
    committee_members::table
        .filter(committee_members::committee_id.eq(committee_id))
        .filter(committee_members::unsubscribed_at.is_null())
        .order(committee_members::id.asc())
        .select(CommitteeMember::as_select())
        .load(conn)
}

pub fn find_member(
    conn: &mut DbConn,
    id: &CommitteeMemberId,
) -> QueryResult<Option<CommitteeMember>> {
    committee_members::table
        .find(id)
        .select(CommitteeMember::as_select())
        .first(conn)
        .optional()
}

pub fn unsubscribe(
    conn: &mut DbConn,
    member_id: &CommitteeMemberId,
    now: NaiveDateTime,
) -> QueryResult<()> {
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
        .filter(consultations::state.ne(ConsultationState::Concept))
        .select(Consultation::as_select())
        .load(conn)
}

/// A recorded event: its kind, when, and what it is about.
#[derive(Debug, Clone, Queryable)]
pub struct Event {
    pub kind: EventKind,
    pub occurred_at: NaiveDateTime,
    pub subject_id: Option<ReactionId>,
}

/// Events of a consultation after `after` (all of them when `None`), oldest first.
pub fn events_after(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    after: Option<NaiveDateTime>,
) -> QueryResult<Vec<Event>> {
    let mut query = consultation_events::table
        .filter(consultation_events::consultation_id.eq(consultation_id))
        .select((
            consultation_events::kind,
            consultation_events::occurred_at,
            consultation_events::subject_id,
        ))
        .order(consultation_events::occurred_at.asc())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(consultation_events::occurred_at.gt(after));
    }
    query.load(conn)
}

pub fn digest_mark(
    conn: &mut DbConn,
    member_id: &CommitteeMemberId,
    consultation_id: &ConsultationId,
) -> QueryResult<Option<NaiveDateTime>> {
    digest_marks::table
        .find((member_id, consultation_id))
        .select(digest_marks::mailed_until)
        .first(conn)
        .optional()
}

pub fn set_digest_mark(
    conn: &mut DbConn,
    member_id: &CommitteeMemberId,
    consultation_id: &ConsultationId,
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
pub fn opened_at(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Option<NaiveDateTime>> {
    consultation_events::table
        .filter(consultation_events::consultation_id.eq(consultation_id))
        .filter(consultation_events::kind.eq(EventKind::Opened))
        .order(consultation_events::occurred_at.asc())
        .select(consultation_events::occurred_at)
        .first(conn)
        .optional()
}
