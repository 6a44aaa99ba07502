//! Writing and submitting reactions.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::DbConn;
use crate::db::consultations::{self, ConsultationListing};
use crate::db::reactions::{self, Reaction, Submission};
use crate::domain::consultation::ConsultationState;
use crate::domain::id::{AttachmentId, ConsultationId, OrganisationId, ReactionId, UserId};
use crate::domain::reaction::{
    ReactionContent, ReactionError, ReactionState, check_save, restore_note, revision_note,
};
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

/// A new draft, with only its title.
pub struct Start {
    pub consultation_id: ConsultationId,
    /// The organisation it is written for; the caller checked that the author belongs.
    pub organisation_id: Option<OrganisationId>,
    pub author_id: UserId,
    pub content: ReactionContent,
}

/// Starts a draft while the round is open; its id.
pub fn start(
    conn: &mut DbConn,
    request: &Start,
    now: NaiveDateTime,
) -> Result<ReactionId, OpError> {
    open_consultation(conn, &request.consultation_id, now)?;
    Ok(reactions::insert_draft(
        conn,
        &request.consultation_id,
        request.organisation_id.as_ref(),
        &request.author_id,
        &request.content,
        now,
    )?)
}

/// What a writer typed on the edit page, parsed.
pub struct Save {
    pub reaction_id: ReactionId,
    pub consultation_id: ConsultationId,
    /// The version the writer saw when they began.
    pub started_from: i32,
    /// The edit form's `based_on` (see [`revision_note`]).
    pub based_on: String,
    pub content: ReactionContent,
    pub saved_by: UserId,
}

/// The newer version another writer saved: its content, number and who saved it.
pub struct Theirs {
    pub content: ReactionContent,
    pub version: i32,
    pub saved_by: String,
}

pub enum Saved {
    /// Stored as a new revision, or nothing changed.
    Done,
    /// Someone saved a newer version since the writer began; nothing was stored.
    Conflict(Box<Theirs>),
    /// The draft can no longer change (submitted meanwhile, say).
    Refused(ReactionError),
}

/// Saves the typed content as a new revision, unless it equals what is stored. The check
/// that no one saved meanwhile is made again by the write itself.
pub fn save(conn: &mut DbConn, request: &Save, now: NaiveDateTime) -> Result<Saved, OpError> {
    let id = &request.reaction_id;
    open_consultation(conn, &request.consultation_id, now)?;
    let stored = reactions::find_reaction(conn, id)?.ok_or(OpError::NotFound)?;
    let before = reactions::content_of(conn, &stored)?;
    let open = ConsultationState::Open;
    match check_save(stored.state(), open, stored.version, request.started_from) {
        Ok(()) => {}
        Err(ReactionError::Conflict) => {
            let saved_by = reactions::revisions_of(conn, id)?
                .into_iter()
                .next()
                .map(|r| r.saved_by)
                .unwrap_or_default();
            let (content, version) = (before, stored.version);
            return Ok(Saved::Conflict(Box::new(Theirs {
                content,
                version,
                saved_by,
            })));
        }
        Err(error) => return Ok(Saved::Refused(error)),
    }
    if request.content == before {
        return Ok(Saved::Done);
    }
    let changes = request.content.changes_since(&before);
    let changed = revision_note(changes, request.started_from, &request.based_on);
    let (from, content) = (request.started_from, &request.content);
    Ok(
        match reactions::save_draft(conn, id, from, content, &request.saved_by, &changed, now)? {
            Some(_) => Saved::Done,
            // Someone saved between the read and this write (PostgreSQL only).
            None => Saved::Refused(ReactionError::Conflict),
        },
    )
}

/// Restoring an earlier revision of a draft.
pub struct Restore {
    pub reaction_id: ReactionId,
    pub consultation_id: ConsultationId,
    /// The revision to restore.
    pub restored: i32,
    /// The version the writer saw as the newest.
    pub seen: i32,
    pub saved_by: UserId,
}

/// Saves an earlier revision's content as a new revision: history is never rewritten.
/// `Err(Conflict)` when someone saved after the writer looked.
pub fn restore(
    conn: &mut DbConn,
    request: &Restore,
    now: NaiveDateTime,
) -> Result<Result<(), ReactionError>, OpError> {
    let id = &request.reaction_id;
    open_consultation(conn, &request.consultation_id, now)?;
    let content = reactions::revisions_of(conn, id)?
        .into_iter()
        .find(|r| r.version == request.restored)
        .ok_or(OpError::NotFound)?
        .content;
    let stored = reactions::find_reaction(conn, id)?.ok_or(OpError::NotFound)?;
    let open = ConsultationState::Open;
    if let Err(error) = check_save(stored.state(), open, stored.version, request.seen) {
        return Ok(Err(error));
    }
    let changed = restore_note(request.restored);
    let saved_by = &request.saved_by;
    match reactions::save_draft(conn, id, request.seen, &content, saved_by, &changed, now)? {
        Some(_) => Ok(Ok(())),
        None => Ok(Err(ReactionError::Conflict)),
    }
}

/// The draft, which must still be one in an open round: checked inside the write.
fn editable_draft(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    reaction_id: &ReactionId,
    now: NaiveDateTime,
) -> Result<Reaction, OpError> {
    open_consultation(conn, consultation_id, now)?;
    let reaction = reactions::find_reaction(conn, reaction_id)?.ok_or(OpError::NotFound)?;
    if reaction.state() != ReactionState::Draft {
        return Err(ReactionError::NotDraft.into());
    }
    Ok(reaction)
}

/// A checked PDF for a draft.
pub struct Attach {
    pub reaction_id: ReactionId,
    pub consultation_id: ConsultationId,
    pub filename: String,
    pub content: Vec<u8>,
    pub uploaded_by: UserId,
}

/// Stores the file with the draft; false when the draft has as many files as it may.
pub fn attach(conn: &mut DbConn, request: &Attach, now: NaiveDateTime) -> Result<bool, OpError> {
    let id = &request.reaction_id;
    editable_draft(conn, &request.consultation_id, id, now)?;
    let stored = reactions::insert_attachment(
        conn,
        id,
        &request.filename,
        &request.content,
        &request.uploaded_by,
        now,
    )?;
    Ok(stored.is_some())
}

/// Removes a file from a draft; false when the draft has no such file.
pub fn remove_attachment(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    reaction_id: &ReactionId,
    attachment_id: &AttachmentId,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    editable_draft(conn, consultation_id, reaction_id, now)?;
    Ok(reactions::delete_attachment(
        conn,
        reaction_id,
        attachment_id,
    )?)
}

/// A writer withdraws a submitted reaction, with an optional public reason.
pub struct Withdraw {
    pub reaction: Reaction,
    pub by: UserId,
    pub reason: Option<String>,
}

/// Withdraws it while the round is open and tells who needs to know; false when it was
/// no longer submitted.
pub fn withdraw(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &Withdraw,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    let reaction = &request.reaction;
    let listing = open_consultation(conn, &reaction.consultation_id, now)?;
    let reason = request.reason.as_deref();
    if !reactions::withdraw(conn, reaction, &request.by, reason, now)? {
        return Ok(false);
    }
    notify::reaction_withdrawn(conn, mail, &listing, reaction, now)?;
    Ok(true)
}
