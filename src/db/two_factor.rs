//! Two-factor authentication's rows: the sealed secret on the user, its last used time
//! step, and the recovery codes. Every use is decided in its UPDATE, so a code used twice
//! at once works once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{recovery_codes, users};
use crate::domain::id::UserId;

/// The sealed secret, its nonce, and whether it is on.
pub struct StoredSecret {
    pub sealed: String,
    pub nonce: String,
    pub enabled: bool,
    pub last_step: Option<i64>,
}

/// The secret's columns as stored: sealed secret, nonce, when it was turned on, last step.
type SecretRow = (
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
    Option<i64>,
);

pub fn secret_of(conn: &mut DbConn, user_id: &UserId) -> QueryResult<Option<StoredSecret>> {
    let row: Option<SecretRow> = users::table
        .find(user_id)
        .select((
            users::totp_secret,
            users::totp_nonce,
            users::totp_enabled_at,
            users::totp_last_step,
        ))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(sealed, nonce, enabled_at, last_step)| {
        Some(StoredSecret {
            sealed: sealed?,
            nonce: nonce?,
            enabled: enabled_at.is_some(),
            last_step,
        })
    }))
}

/// Stores a new secret waiting for its first code (in place of any that waited); one
/// that is on already is left alone. False when it was on.
pub fn store_pending(
    conn: &mut DbConn,
    user_id: &UserId,
    sealed: &str,
    nonce: &str,
) -> QueryResult<bool> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::totp_enabled_at.is_null()),
    )
    .set((
        users::totp_secret.eq(sealed),
        users::totp_nonce.eq(nonce),
        users::totp_last_step.eq(None::<i64>),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Records that a code of `step` was used, only if it is later than the last one:
/// false for a replay (or two uses at once of one code, of which one wins).
pub fn use_step(conn: &mut DbConn, user_id: &UserId, step: i64) -> QueryResult<bool> {
    diesel::update(
        users::table.find(user_id).filter(
            users::totp_last_step
                .is_null()
                .or(users::totp_last_step.lt(step)),
        ),
    )
    .set(users::totp_last_step.eq(step))
    .execute(conn)
    .map(|n| n == 1)
}

/// Turns the waiting secret on, with the recovery codes' hashes (replacing older codes).
pub fn enable(
    conn: &mut DbConn,
    user_id: &UserId,
    code_hashes: &[String],
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let turned_on = diesel::update(
        users::table
            .find(user_id)
            .filter(users::totp_enabled_at.is_null())
            .filter(users::totp_secret.is_not_null()),
    )
    .set(users::totp_enabled_at.eq(now))
    .execute(conn)?;
    if turned_on == 0 {
        return Ok(false);
    }
    replace_recovery_codes(conn, user_id, code_hashes)?;
    Ok(true)
}

/// New recovery codes in place of the old ones (used or not), for an account that has
/// two-factor authentication on; false when it is off.
pub fn replace_recovery_codes(
    conn: &mut DbConn,
    user_id: &UserId,
    code_hashes: &[String],
) -> QueryResult<bool> {
    let on: Option<NaiveDateTime> = users::table
        .find(user_id)
        .select(users::totp_enabled_at)
        .first(conn)?;
    if on.is_none() {
        return Ok(false);
    }
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    for hash in code_hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(hash),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// Uses a recovery code; false when it is not one of the account's or was used.
pub fn use_recovery_code(
    conn: &mut DbConn,
    user_id: &UserId,
    code_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        recovery_codes::table
            .find((user_id, code_hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

/// How many recovery codes are left unused.
pub fn recovery_codes_left(conn: &mut DbConn, user_id: &UserId) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// Turns two-factor authentication off: the secret and the codes go.
pub fn disable(conn: &mut DbConn, user_id: &UserId) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    diesel::update(users::table.find(user_id))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_nonce.eq(None::<String>),
            users::totp_enabled_at.eq(None::<NaiveDateTime>),
            users::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)
        .map(|_| ())
}
