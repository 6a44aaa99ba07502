//! Changing an account's e-mail address: the new address waiting for its link, the
//! change itself, and the old address kept a week so that it can be put back.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{email_changes, email_reverts, users};
use crate::domain::account::EmailAddress;
use crate::domain::id::UserId;

/// A new address waiting for its owner to open the link mailed to it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_changes)]
pub struct PendingChange {
    pub new_email: String,
    pub requested_at: NaiveDateTime,
}

/// An address an account had before a change, and when it changed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_reverts)]
pub struct FormerAddress {
    pub old_email: String,
    pub changed_at: NaiveDateTime,
}

/// Records the new address asked for, in place of any earlier request (whose link then
/// no longer fits).
pub fn replace_pending(
    conn: &mut DbConn,
    user_id: &UserId,
    new_email: &EmailAddress,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(email_changes::table.find(user_id)).execute(conn)?;
    diesel::insert_into(email_changes::table)
        .values((
            email_changes::user_id.eq(user_id),
            email_changes::new_email.eq(new_email.as_str()),
            email_changes::requested_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn pending(conn: &mut DbConn, user_id: &UserId) -> QueryResult<Option<PendingChange>> {
    email_changes::table
        .find(user_id)
        .select(PendingChange::as_select())
        .first(conn)
        .optional()
}

/// Removes the request asked at `requested_at`; false when it was taken or replaced
/// already, so of two uses of one link at once only one goes on.
pub fn take_pending(
    conn: &mut DbConn,
    user_id: &UserId,
    requested_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::delete(
        email_changes::table
            .find(user_id)
            .filter(email_changes::requested_at.eq(requested_at)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

/// Withdraws the waiting request, if any.
pub fn cancel_pending(conn: &mut DbConn, user_id: &UserId) -> QueryResult<()> {
    diesel::delete(email_changes::table.find(user_id))
        .execute(conn)
        .map(|_| ())
}

/// Gives the account `email`, counted as confirmed now (its owner opened a link mailed
/// to it). False when another account has that address: nothing changed.
pub fn set_email(
    conn: &mut DbConn,
    user_id: &UserId,
    email: &EmailAddress,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    // In a savepoint: on PostgreSQL a refused update would end the whole transaction.
    let result = conn.transaction(|conn| {
        diesel::update(users::table.find(user_id))
            .set((
                users::email.eq(email.as_str()),
                users::email_key.eq(email.key()),
                users::email_verified_at.eq(now),
            ))
            .execute(conn)
    });
    match result {
        Ok(n) => Ok(n == 1),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Keeps the address the account had before the change made `now`.
pub fn remember_former(
    conn: &mut DbConn,
    user_id: &UserId,
    old_email: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(email_reverts::table)
        .values((
            email_reverts::user_id.eq(user_id),
            email_reverts::old_email.eq(old_email),
            email_reverts::changed_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The addresses the account had before its recent changes, newest change first.
pub fn formers(conn: &mut DbConn, user_id: &UserId) -> QueryResult<Vec<FormerAddress>> {
    email_reverts::table
        .filter(email_reverts::user_id.eq(user_id))
        .order(email_reverts::changed_at.desc())
        .select(FormerAddress::as_select())
        .load(conn)
}

/// Removes the former address of the change made at `changed_at`; false when it was
/// used already, so of two uses of one link at once only one goes on.
pub fn take_former(
    conn: &mut DbConn,
    user_id: &UserId,
    changed_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::delete(email_reverts::table.find((user_id, changed_at)))
        .execute(conn)
        .map(|n| n == 1)
}

/// Forgets every former address of the account (once one of them is back).
pub fn forget_formers(conn: &mut DbConn, user_id: &UserId) -> QueryResult<()> {
    diesel::delete(email_reverts::table.filter(email_reverts::user_id.eq(user_id)))
        .execute(conn)
        .map(|_| ())
}

/// Forgets requests asked before `requested_before` and former addresses of changes
/// made before `changed_before`; returns how many rows went.
pub fn purge(
    conn: &mut DbConn,
    requested_before: NaiveDateTime,
    changed_before: NaiveDateTime,
) -> QueryResult<usize> {
    let requests = diesel::delete(
        email_changes::table.filter(email_changes::requested_at.lt(requested_before)),
    )
    .execute(conn)?;
    let former =
        diesel::delete(email_reverts::table.filter(email_reverts::changed_at.lt(changed_before)))
            .execute(conn)?;
    Ok(requests + former)
}
