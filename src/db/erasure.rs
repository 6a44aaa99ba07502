//! Deleting an account (AVG art. 17), table by table, in one place for whoever checks
//! what goes. The account's row stays as an empty tombstone, because what it filed and
//! what it did as staff still point at it; everything personal in it goes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    account_districts, answer_writers, council_roles, email_changes, email_reverts,
    organisation_invitations, organisation_members, outbox, posts, sessions, signatures,
    speaking_requests, users,
};
use crate::domain::account::DELETED_ACCOUNT_NAME;
use crate::domain::id::UserId;
use crate::domain::signature::SignatureState;

/// What a deleted account's address columns hold: unique per account, and no address.
fn deleted_address(user_id: &UserId) -> String {
    format!("deleted:{user_id}")
}

/// Whether `user_id` is the only administrator left (who may not go: nobody could
/// manage the site after).
pub fn is_last_admin(conn: &mut DbConn, user_id: &UserId) -> QueryResult<bool> {
    let is_admin: bool = users::table
        .find(user_id)
        .select(users::is_admin)
        .first(conn)?;
    if !is_admin {
        return Ok(false);
    }
    let others: i64 = users::table
        .filter(users::is_admin.eq(true))
        .filter(users::deleted_at.is_null())
        .filter(users::id.ne(user_id))
        .count()
        .get_result(conn)?;
    Ok(others == 0)
}

/// Empties the account's row (no address, name, password or two-factor secret; nobody
/// can log in to it) and removes its sessions, roles, memberships, remembered wijken,
/// address changes and recovery codes.
pub fn erase_account(conn: &mut DbConn, user_id: &UserId, now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(council_roles::table.filter(council_roles::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(organisation_members::table.filter(organisation_members::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(answer_writers::table.filter(answer_writers::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(account_districts::table.filter(account_districts::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(email_changes::table.filter(email_changes::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::delete(email_reverts::table.filter(email_reverts::user_id.eq(user_id)))
        .execute(conn)?;
    super::two_factor::disable(conn, user_id)?;
    diesel::update(users::table.find(user_id))
        .set((
            // Both unique, and never a real address (no @), so no mail is written to it.
            users::email.eq(deleted_address(user_id)),
            users::email_key.eq(deleted_address(user_id)),
            users::display_name.eq(DELETED_ACCOUNT_NAME),
            users::password_hash.eq(""),
            users::is_admin.eq(false),
            users::email_verified_at.eq(None::<NaiveDateTime>),
            users::deleted_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The account's posts stay in their threads (replies refer to them) under
/// [`DELETED_ACCOUNT_NAME`].
pub fn rename_posts(conn: &mut DbConn, user_id: &UserId) -> QueryResult<usize> {
    diesel::update(posts::table.filter(posts::author_id.eq(user_id)))
        .set(posts::author_name.eq(DELETED_ACCOUNT_NAME))
        .execute(conn)
}

/// Requests to speak keep what is to be said but lose the speaker's name and address.
pub fn forget_speaker(conn: &mut DbConn, user_id: &UserId) -> QueryResult<usize> {
    diesel::update(speaking_requests::table.filter(speaking_requests::requested_by.eq(user_id)))
        .set((
            speaking_requests::speaker_name.eq(DELETED_ACCOUNT_NAME),
            speaking_requests::contact_email.eq(""),
        ))
        .execute(conn)
}

/// Signatures with the account's address (`normalized`, as signatures store it): the
/// confirmed ones stay counted without address or name; unconfirmed ones go.
pub fn forget_signer(conn: &mut DbConn, normalized: &str) -> QueryResult<usize> {
    let unconfirmed = diesel::delete(
        signatures::table
            .filter(signatures::email_normalized.eq(normalized))
            .filter(signatures::state.eq_any([SignatureState::Pending, SignatureState::Held])),
    )
    .execute(conn)?;
    let kept =
        diesel::update(signatures::table.filter(signatures::email_normalized.eq(normalized)))
            .set((
                signatures::email_normalized.eq(None::<String>),
                signatures::email.eq(None::<String>),
                signatures::display_name.eq(None::<String>),
                signatures::code_hash.eq(None::<String>),
                signatures::wants_updates.eq(false),
            ))
            .execute(conn)?;
    Ok(unconfirmed + kept)
}

/// Mail to `address`: what waits is not sent, what went keeps no recipient or text.
pub fn forget_recipient(conn: &mut DbConn, address: &str) -> QueryResult<usize> {
    let waiting = diesel::delete(
        outbox::table
            .filter(outbox::recipient.eq(address))
            .filter(outbox::status.eq("pending")),
    )
    .execute(conn)?;
    let sent = diesel::update(outbox::table.filter(outbox::recipient.eq(address)))
        .set(super::outbox::forgotten())
        .execute(conn)?;
    Ok(waiting + sent)
}

/// Invitations to join an organisation sent to `address` and not accepted: they go.
pub fn forget_invitations(conn: &mut DbConn, address: &str) -> QueryResult<usize> {
    diesel::delete(
        organisation_invitations::table
            .filter(organisation_invitations::email.eq(address))
            .filter(organisation_invitations::accepted_at.is_null()),
    )
    .execute(conn)
}
