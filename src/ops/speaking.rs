//! Inspreekverzoeken: asking to speak about a submitted reaction, and the griffie's
//! decision.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::consultations::{self, ConsultationListing, DecisionPoint};
use crate::db::{DbConn, reactions, speaking};
use crate::domain::id::{ConsultationId, ReactionId, SpeakingRequestId, UserId};
use crate::domain::speaking::{RequestState, SpeakingDraft, SpeakingRules, topic_label};
use crate::mail::notify::{self, MailContext, SpeakingRequested};
use crate::mail::templates::SpeakingRequestMail;

fn listing(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> Result<ConsultationListing, OpError> {
    consultations::find_consultation(conn, consultation_id)?.ok_or(OpError::NotFound)
}

pub struct SpeakingRequest {
    pub consultation_id: ConsultationId,
    pub reaction_id: ReactionId,
    pub user_id: UserId,
    pub draft: SpeakingDraft,
    /// The consultation's beslispunten, for the topic the griffie's mail names.
    pub points: Vec<DecisionPoint>,
}

/// Stores the request and tells the griffie. Checked again inside the write:
/// `Forbidden` when the reaction or the meeting no longer allows a request.
pub fn request(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &SpeakingRequest,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let listing = listing(conn, &request.consultation_id)?;
    let reaction =
        reactions::find_reaction(conn, &request.reaction_id)?.ok_or(OpError::NotFound)?;
    let refused = listing.council.speaking_rules().refusal(
        reaction.state(),
        listing.consultation.meeting_at,
        now,
    );
    if refused.is_some() {
        return Err(OpError::Forbidden);
    }
    let draft = &request.draft;
    let id = speaking::insert_request(
        conn,
        &request.consultation_id,
        &request.reaction_id,
        &request.user_id,
        draft,
        now,
    )?;
    let point = request
        .points
        .iter()
        .find(|p| Some(&p.id) == draft.decision_point_id.as_ref())
        .map(|p| (p.number, p.title.as_str()));
    let requested = SpeakingRequested {
        request_id: &id,
        contact_email: draft.contact_email.as_str(),
        request: SpeakingRequestMail {
            speaker: &draft.speaker_name,
            on_behalf: &draft.on_behalf,
            about: &topic_label(point),
            reaction_number: reaction.submission_number.as_deref().unwrap_or_default(),
            reaction_title: &reaction.title,
            written_text: &draft.written_text,
        },
    };
    notify::speaking_requested(conn, mail, &listing, &requested, now)?;
    Ok(())
}

pub struct Decision {
    pub request_id: SpeakingRequestId,
    pub consultation_id: ConsultationId,
    pub state: RequestState,
    pub reason: Option<String>,
    pub clerk_id: UserId,
    pub rules: SpeakingRules,
}

/// The griffie accepts or refuses a request; the speaker is mailed.
pub fn decide(
    conn: &mut DbConn,
    mail: &MailContext,
    decision: &Decision,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let id = &decision.request_id;
    speaking::decide(
        conn,
        id,
        decision.state,
        decision.reason.as_deref(),
        &decision.clerk_id,
        now,
    )?;
    let decided = speaking::find_request(conn, id)?.ok_or(OpError::NotFound)?;
    let listing = listing(conn, &decision.consultation_id)?;
    notify::speaking_decided(conn, mail, &listing, decision.rules, &decided, now)?;
    Ok(())
}
