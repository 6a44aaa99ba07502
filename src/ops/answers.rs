//! Writing and publishing the nota van beantwoording, naming its writers, and recording
//! what the raad decided.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::answers::{self, NoteError};
use crate::db::consultations::ConsultationListing;
use crate::db::{DbConn, accounts};
use crate::domain::account::EmailAddress;
use crate::domain::answer::{AnswerError, GroupInput, OutcomeDraft};
use crate::domain::id::{AnswerGroupId, AnswerNoteId, ConsultationId, DecisionPointId, UserId};
use crate::domain::validation::FieldErrors;
use crate::mail::notify::{self, MailContext};

impl From<NoteError> for OpError {
    fn from(error: NoteError) -> Self {
        match error {
            NoteError::Rule(error) => Self::Answer(error),
            NoteError::Database(error) => Self::Database(error),
        }
    }
}

/// A draft saved against the revision the writer saw.
pub enum Saved {
    Done,
    /// Someone else saved the draft in between; nothing was stored.
    Stale,
}

/// Turns a stale revision into [`Saved::Stale`]; every other refusal stays an error.
fn saved(result: Result<(), NoteError>) -> Result<Saved, OpError> {
    match result {
        Ok(()) => Ok(Saved::Done),
        Err(NoteError::Rule(AnswerError::Conflict)) => Ok(Saved::Stale),
        Err(error) => Err(error.into()),
    }
}

/// The procedure and the change per beslispunt, as typed.
pub struct NoteEdit {
    pub note_id: AnswerNoteId,
    /// The revision the writer's page showed.
    pub revision: i32,
    pub procedure: String,
    /// `(decision_point_id, text)`.
    pub changes: Vec<(DecisionPointId, String)>,
    pub writer_id: UserId,
}

pub fn save_note(conn: &mut DbConn, edit: &NoteEdit, now: NaiveDateTime) -> Result<Saved, OpError> {
    saved(answers::save_note(
        conn,
        &edit.note_id,
        edit.revision,
        &edit.procedure,
        &edit.changes,
        &edit.writer_id,
        now,
    ))
}

/// Begins the first version, or a new version as a copy of the published one.
pub fn start_version(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    procedure: &str,
    writer_id: &UserId,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    answers::create_draft(conn, consultation_id, procedure, writer_id, now)?;
    Ok(())
}

pub enum Published {
    /// Published; this many mails were queued (none when everyone heard of an
    /// earlier version).
    Mailed(usize),
    /// A reaction has no answer yet, or someone saved in between; nothing changed.
    Refused(AnswerError),
}

/// Publishes the draft: from then on it cannot change, and every indiener (and every
/// co-signer who asked) is mailed once.
pub fn publish(
    conn: &mut DbConn,
    mail: &MailContext,
    listing: &ConsultationListing,
    note_id: &AnswerNoteId,
    revision: i32,
    writer_id: &UserId,
    now: NaiveDateTime,
) -> Result<Published, OpError> {
    let note = match answers::publish(conn, note_id, revision, writer_id, now) {
        Ok(note) => note,
        Err(NoteError::Rule(error @ (AnswerError::Unanswered(_) | AnswerError::Conflict))) => {
            return Ok(Published::Refused(error));
        }
        Err(error) => return Err(error.into()),
    };
    let queued = notify::reactions_answered(conn, mail, listing, &note, now)?;
    Ok(Published::Mailed(queued))
}

pub enum GroupSaved {
    Done,
    /// The typed answer has mistakes; nothing was stored.
    Invalid(FieldErrors),
    /// Someone else saved the draft in between; nothing was stored.
    Stale,
}

/// Adds an answer to a group of reactions (`group_id` is `None`) or changes one.
pub fn save_group(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    group_id: Option<&AnswerGroupId>,
    input: &GroupInput,
    writer_id: &UserId,
    now: NaiveDateTime,
) -> Result<GroupSaved, OpError> {
    let result = answers::save_group(
        conn,
        note_id,
        group_id,
        input.revision,
        |answerable, taken| input.parse(answerable, taken),
        writer_id,
        now,
    );
    match result {
        Ok(Ok(_)) => Ok(GroupSaved::Done),
        Ok(Err(errors)) => Ok(GroupSaved::Invalid(errors)),
        Err(NoteError::Rule(AnswerError::Conflict)) => Ok(GroupSaved::Stale),
        Err(error) => Err(error.into()),
    }
}

pub fn delete_group(
    conn: &mut DbConn,
    note_id: &AnswerNoteId,
    group_id: &AnswerGroupId,
    revision: i32,
    writer_id: &UserId,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    Ok(answers::delete_group(
        conn, note_id, group_id, revision, writer_id, now,
    )?)
}

pub enum Granted {
    Named,
    /// No account has this address; nothing changed.
    NoAccount,
}

/// A clerk names a civil servant (who has an account) as a writer of this nota.
pub fn grant_writer(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    email: &EmailAddress,
    clerk_id: &UserId,
    now: NaiveDateTime,
) -> Result<Granted, OpError> {
    let Some(user) = accounts::find_user_by_email(conn, email)? else {
        return Ok(Granted::NoAccount);
    };
    answers::grant_writer(conn, consultation_id, &user.id, clerk_id, now)?;
    Ok(Granted::Named)
}

pub fn revoke_writer(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    user_id: &UserId,
) -> Result<(), OpError> {
    Ok(answers::revoke_writer(conn, consultation_id, user_id)?)
}

/// Records the decisions per beslispunt (`points`, in the order of `drafts`); the first
/// time, indieners and co-signers who asked hear of it.
pub fn record_outcomes(
    conn: &mut DbConn,
    mail: &MailContext,
    listing: &ConsultationListing,
    points: &[DecisionPointId],
    drafts: &[OutcomeDraft],
    clerk_id: &UserId,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let id = &listing.consultation.id;
    if answers::record_outcomes(conn, id, points, drafts, clerk_id, now)? {
        notify::outcome_recorded(conn, mail, listing, now)?;
    }
    Ok(())
}
