//! Inspreekverzoeken.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::speaking_requests;
use crate::domain::id::{ConsultationId, DecisionPointId, ReactionId, SpeakingRequestId, UserId};
use crate::domain::speaking::{RequestState, SpeakingDraft};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = speaking_requests)]
pub struct SpeakingRequest {
    pub id: SpeakingRequestId,
    pub consultation_id: ConsultationId,
    pub reaction_id: ReactionId,
    pub requested_by: UserId,
    pub speaker_name: String,
    pub on_behalf: String,
    pub contact_email: String,
    pub decision_point_id: Option<DecisionPointId>,
    pub written_text: String,
    pub state: RequestState,
    pub decision_reason: Option<String>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<NaiveDateTime>,
    pub announced_minutes: Option<i32>,
    pub created_at: NaiveDateTime,
}

impl SpeakingRequest {
    pub fn state(&self) -> RequestState {
        self.state
    }
}

pub fn insert_request(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    reaction_id: &ReactionId,
    requested_by: &UserId,
    draft: &SpeakingDraft,
    now: NaiveDateTime,
) -> QueryResult<SpeakingRequestId> {
    let id = SpeakingRequestId::new();
    diesel::insert_into(speaking_requests::table)
        .values((
            speaking_requests::id.eq(&id),
            speaking_requests::consultation_id.eq(consultation_id),
            speaking_requests::reaction_id.eq(reaction_id),
            speaking_requests::requested_by.eq(requested_by),
            speaking_requests::speaker_name.eq(&draft.speaker_name),
            speaking_requests::on_behalf.eq(&draft.on_behalf),
            speaking_requests::contact_email.eq(draft.contact_email.as_str()),
            speaking_requests::decision_point_id.eq(draft.decision_point_id.as_ref()),
            speaking_requests::written_text.eq(&draft.written_text),
            speaking_requests::state.eq(RequestState::Pending),
            speaking_requests::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// All requests of a consultation in the order they came in.
pub fn requests_of_consultation(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<SpeakingRequest>> {
    speaking_requests::table
        .filter(speaking_requests::consultation_id.eq(consultation_id))
        .order((
            speaking_requests::created_at.asc(),
            speaking_requests::id.asc(),
        ))
        .select(SpeakingRequest::as_select())
        .load(conn)
}

pub fn requests_of_reaction(
    conn: &mut DbConn,
    reaction_id: &ReactionId,
) -> QueryResult<Vec<SpeakingRequest>> {
    speaking_requests::table
        .filter(speaking_requests::reaction_id.eq(reaction_id))
        .order(speaking_requests::created_at.asc())
        .select(SpeakingRequest::as_select())
        .load(conn)
}

pub fn find_request(
    conn: &mut DbConn,
    id: &SpeakingRequestId,
) -> QueryResult<Option<SpeakingRequest>> {
    speaking_requests::table
        .find(id)
        .select(SpeakingRequest::as_select())
        .first(conn)
        .optional()
}

pub fn decide(
    conn: &mut DbConn,
    id: &SpeakingRequestId,
    state: RequestState,
    reason: Option<&str>,
    by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(speaking_requests::table.find(id))
        .set((
            speaking_requests::state.eq(state),
            speaking_requests::decision_reason.eq(reason),
            speaking_requests::decided_by.eq(by),
            speaking_requests::decided_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Remembers the speaking time a speaker was told.
pub fn set_announced_minutes(
    conn: &mut DbConn,
    id: &SpeakingRequestId,
    minutes: i32,
) -> QueryResult<()> {
    diesel::update(speaking_requests::table.find(id))
        .set(speaking_requests::announced_minutes.eq(minutes))
        .execute(conn)
        .map(|_| ())
}
