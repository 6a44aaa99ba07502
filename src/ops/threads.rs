//! Writing in a discussion thread.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::threads::{self, Author, NewPost};
use crate::db::{DbConn, notifications, throttle};
use crate::domain::consultation::EventKind;
use crate::domain::id::{ConsultationId, CouncilId, PostId, SubjectId, UserId};
use crate::domain::security::{random_token, sha256_hex};
use crate::domain::signature::confirmation_lifetime;
use crate::domain::thread::{
    Decision, ModerationAction, PostState, SubjectKind, may_delete, may_edit, may_flag,
    state_after_edit, state_after_flag, state_of_new_post,
};
use crate::domain::throttle::{GUEST_POSTS_PER_ADDRESS, GUEST_POSTS_PER_IP, POSTS_PER_ACCOUNT};
use crate::mail::notify::{self, GuestLink, MailContext};

/// The thread a post goes into.
pub struct Thread {
    pub consultation_id: ConsultationId,
    pub council_id: CouncilId,
    pub kind: SubjectKind,
    pub id: SubjectId,
    pub title: String,
    /// Posts wait for a moderator before they are shown.
    pub pre_moderation: bool,
}

/// Who writes, with the keyed subjects their limits are counted under.
pub enum Writer {
    User {
        id: UserId,
        name: String,
        /// `POSTS_PER_ACCOUNT`'s key for this account.
        account_key: String,
    },
    Guest {
        name: String,
        email: String,
        /// `GUEST_POSTS_PER_IP`'s key for the network.
        network_key: String,
        /// `GUEST_POSTS_PER_ADDRESS`'s key for the address.
        address_key: String,
    },
}

pub struct NewPostRequest {
    pub thread: Thread,
    pub parent_id: Option<PostId>,
    pub writer: Writer,
    pub body: String,
}

pub enum Published {
    /// Stored, visible at once or waiting for a moderator.
    Post { id: PostId, state: PostState },
    /// A guest's post waits for the link mailed to confirm it.
    CheckMail,
    /// The writer posted too often; nothing was stored.
    Throttled,
}

/// Stores a post under its writer's limits: an account's post is shown (or waits for a
/// moderator, who is told); a guest's post waits for the mailed confirmation link.
pub fn publish(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &NewPostRequest,
    now: NaiveDateTime,
) -> Result<Published, OpError> {
    let thread = &request.thread;
    let (limits, state) = match &request.writer {
        Writer::User { account_key, .. } => (
            vec![(POSTS_PER_ACCOUNT, account_key.as_str())],
            state_of_new_post(thread.pre_moderation),
        ),
        Writer::Guest {
            network_key,
            address_key,
            ..
        } => (
            vec![
                (GUEST_POSTS_PER_IP, network_key.as_str()),
                (GUEST_POSTS_PER_ADDRESS, address_key.as_str()),
            ],
            PostState::Unconfirmed,
        ),
    };
    if !throttle::take_all(conn, &limits, now)? {
        return Ok(Published::Throttled);
    }
    let expires_at = now + confirmation_lifetime();
    let token = matches!(request.writer, Writer::Guest { .. }).then(random_token);
    let token_hash = token.as_deref().map(sha256_hex).unwrap_or_default();
    let author = match &request.writer {
        Writer::User { id, name, .. } => Author::User { id, name },
        Writer::Guest { name, email, .. } => Author::Guest {
            name,
            email,
            token_hash: &token_hash,
            expires_at,
        },
    };
    let id = threads::insert_post(
        conn,
        &NewPost {
            consultation_id: &thread.consultation_id,
            subject_kind: thread.kind,
            subject_id: &thread.id,
            parent_id: request.parent_id.as_ref(),
            author,
            body: &request.body,
            state,
        },
        now,
    )?;
    match (&request.writer, token) {
        (Writer::Guest { email, .. }, Some(token)) => {
            let link = GuestLink {
                post_id: &id,
                token: &token,
                expires_at,
            };
            notify::guest_post_confirmation(conn, mail, email, &thread.title, &link, now)?;
            Ok(Published::CheckMail)
        }
        _ => {
            announce(conn, mail, thread, state, now)?;
            Ok(Published::Post { id, state })
        }
    }
}

/// Tells who needs to know that a post was published: the consultation's followers (its
/// digest) when it is visible, the council's moderators when it waits for them.
fn announce(
    conn: &mut DbConn,
    mail: &MailContext,
    thread: &Thread,
    state: PostState,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    if state == PostState::Visible {
        notifications::record_event(conn, &thread.consultation_id, EventKind::PostPublished, now)?;
    } else {
        notify::posts_waiting(conn, mail, &thread.council_id, now)?;
    }
    Ok(())
}

/// Publishes a guest's post by its mailed link: shown, or waiting for a moderator where
/// the round is pre-moderated. `None` when the link was used meanwhile.
pub fn confirm_guest_post(
    conn: &mut DbConn,
    mail: &MailContext,
    post_id: &PostId,
    thread: &Thread,
    now: NaiveDateTime,
) -> Result<Option<PostState>, OpError> {
    let state = state_of_new_post(thread.pre_moderation);
    if !threads::confirm_guest_post(conn, post_id, state, now)? {
        return Ok(None);
    }
    announce(conn, mail, thread, state, now)?;
    Ok(Some(state))
}

/// A flag by a signed-in reader. Enough open flags hold the post until a moderator has
/// looked (logged as the moderation decision it is); the moderators are told either way.
pub fn flag(
    conn: &mut DbConn,
    mail: &MailContext,
    post_id: &PostId,
    user_id: &UserId,
    reason: &str,
    council_id: &CouncilId,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let post = threads::find_post(conn, post_id)?.ok_or(OpError::NotFound)?;
    may_flag(post.is_by(user_id), post.state())?;
    let open = threads::flag(conn, post_id, user_id, reason, now)?;
    if state_after_flag(post.state(), open) == PostState::Held {
        threads::record_decision(
            conn,
            &post,
            None,
            &Decision {
                action: ModerationAction::Held,
                rule: None,
                reason: format!(
                    "{open} bezoekers hebben het bericht gemeld. Een moderator beoordeelt het."
                ),
            },
            None,
            PostState::Held,
            now,
        )?;
    }
    notify::posts_waiting(conn, mail, council_id, now)?;
    Ok(())
}

/// The writer changes their post within the edit window (checked again here: it may have
/// closed since the form was opened). A changed post in a pre-moderated round waits for a
/// moderator again, who is told.
pub fn edit(
    conn: &mut DbConn,
    mail: &MailContext,
    post_id: &PostId,
    user_id: &UserId,
    body: &str,
    thread: &Thread,
    now: NaiveDateTime,
) -> Result<PostState, OpError> {
    let post = threads::find_post(conn, post_id)?.ok_or(OpError::NotFound)?;
    may_edit(post.is_by(user_id), post.state(), post.created_at, now)?;
    let state = state_after_edit(post.state(), thread.pre_moderation);
    threads::update_body(conn, post_id, body, state, now)?;
    if state == PostState::Pending {
        notify::posts_waiting(conn, mail, &thread.council_id, now)?;
    }
    Ok(state)
}

/// The writer deletes their own post: its text goes, a placeholder stays in the thread.
pub fn delete(conn: &mut DbConn, post_id: &PostId, user_id: &UserId) -> Result<(), OpError> {
    let post = threads::find_post(conn, post_id)?.ok_or(OpError::NotFound)?;
    may_delete(post.is_by(user_id), post.state())?;
    threads::delete_by_author(conn, post_id)?;
    Ok(())
}
