//! Writing and submitting reactions.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::DbConn;
use crate::db::consultations::{self, ConsultationListing};
use crate::db::reactions::{self, Reaction, Submission};
use crate::domain::consultation::ConsultationState;
use crate::domain::id::{ConsultationId, UserId};
use crate::domain::reaction::{ReactionError, ReactionState};
use crate::mail::notify::{self, MailContext};

/// The consultation, which must be open at `now`: checked inside the write, so that a
/// save or submission in the last second before the deadline is decided by one clock.
pub fn open_consultation(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    now: NaiveDateTime,
) -> Result<ConsultationListing, OpError> {
    let listing =
        consultations::find_consultation(conn, consultation_id)?.ok_or(OpError::NotFound)?;
    if listing.consultation.state_at(now) != ConsultationState::Open {
        return Err(ReactionError::ConsultationClosed.into());
    }
    Ok(listing)
}

/// A board member submits the version they read.
pub struct Submit {
    pub reaction: Reaction,
    /// The version the board member saw on the submit page.
    pub version: i32,
    pub user_id: UserId,
    pub user_name: String,
    /// The organisation it is submitted for, as the receipt names it.
    pub organisation: Option<String>,
}

/// Freezes the reaction with its receipt number and hash, and mails the receipt to every
/// writer and the griffie. False when the version is no longer the newest (someone saved
/// meanwhile); true too for a second click that finds it submitted.
pub fn submit(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &Submit,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    let reaction = &request.reaction;
    let listing = open_consultation(conn, &reaction.consultation_id, now)?;
    let submission = Submission {
        submitted_by: &request.user_id,
        submitted_by_name: &request.user_name,
    };
    let Some(stored) = reactions::submit(conn, reaction, request.version, &submission, now)? else {
        let current = reactions::find_reaction(conn, &reaction.id)?.ok_or(OpError::NotFound)?;
        return Ok(current.state() == ReactionState::Submitted);
    };
    let recipients = reactions::writers(conn, reaction)?;
    notify::reaction_submitted(
        conn,
        mail,
        &listing,
        &stored,
        request.organisation.as_deref(),
        &recipients,
        now,
    )?;
    Ok(true)
}
