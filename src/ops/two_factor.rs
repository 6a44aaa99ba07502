//! Turning two-factor authentication on and off, and checking a code at log-in.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::accounts::{self, User};
use crate::db::throttle;
use crate::db::{DbConn, two_factor};
use crate::domain::id::UserId;
use crate::domain::throttle::TOTP_CODES_PER_ACCOUNT;
use crate::domain::two_factor::{
    is_recovery_code, matching_step, new_recovery_codes, new_secret, open, recovery_code_hash, seal,
};
use crate::mail::notify::{self, MailContext};

/// Makes a new secret that waits for its first code; false when it is on already.
pub fn start(conn: &mut DbConn, key: &[u8], user_id: &UserId) -> Result<bool, OpError> {
    let nonce = crate::domain::security::random_token();
    let sealed = seal(key, user_id.as_str(), &nonce, &new_secret());
    Ok(two_factor::store_pending(conn, user_id, &sealed, &nonce)?)
}

/// The secret waiting for its first code, to show; `None` when none waits (or it is on).
pub fn pending_secret(
    conn: &mut DbConn,
    key: &[u8],
    user_id: &UserId,
) -> Result<Option<Vec<u8>>, OpError> {
    Ok(two_factor::secret_of(conn, user_id)?
        .filter(|stored| !stored.enabled)
        .and_then(|stored| open(key, user_id.as_str(), &stored.nonce, &stored.sealed)))
}

/// What a typed code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    Right,
    Wrong,
    /// Past [`TOTP_CODES_PER_ACCOUNT`] wrong codes: not checked.
    TooMany,
}

/// A code from the app for the secret that is on (`on`, at log-in, where a recovery code
/// also works) or waits for its first code, used up in the same write. Wrong codes count
/// against [`TOTP_CODES_PER_ACCOUNT`] (`limit_key`, locked for the write, so parallel
/// guesses cannot all pass one count); right ones do not.
fn check(
    conn: &mut DbConn,
    key: &[u8],
    user_id: &UserId,
    typed: &str,
    limit_key: &str,
    on: bool,
    now: NaiveDateTime,
) -> Result<CodeCheck, OpError> {
    if !throttle::has_room(conn, TOTP_CODES_PER_ACCOUNT, limit_key, now)? {
        return Ok(CodeCheck::TooMany);
    }
    let right = code_is_right(conn, key, user_id, typed, on, now)?;
    if !right {
        throttle::record(conn, TOTP_CODES_PER_ACCOUNT.bucket, limit_key, now)?;
    }
    Ok(if right {
        CodeCheck::Right
    } else {
        CodeCheck::Wrong
    })
}

/// Whether `typed` is a code not used before (and uses it).
fn code_is_right(
    conn: &mut DbConn,
    key: &[u8],
    user_id: &UserId,
    typed: &str,
    on: bool,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    let Some(stored) = two_factor::secret_of(conn, user_id)?.filter(|s| s.enabled == on) else {
        return Ok(false);
    };
    if on && is_recovery_code(typed) {
        let hash = recovery_code_hash(key, typed);
        return Ok(two_factor::use_recovery_code(conn, user_id, &hash, now)?);
    }
    let Some(secret) = open(key, user_id.as_str(), &stored.nonce, &stored.sealed) else {
        return Ok(false);
    };
    let unix = u64::try_from(now.and_utc().timestamp()).unwrap_or_default();
    Ok(
        match matching_step(&secret, typed, unix).and_then(|s| i64::try_from(s).ok()) {
            Some(step) => two_factor::use_step(conn, user_id, step)?,
            None => false,
        },
    )
}

/// The second step of a log-in: a code from the app or an unused recovery code.
pub fn verify_login(
    conn: &mut DbConn,
    key: &[u8],
    user_id: &UserId,
    typed: &str,
    limit_key: &str,
    now: NaiveDateTime,
) -> Result<CodeCheck, OpError> {
    check(conn, key, user_id, typed, limit_key, true, now)
}

/// Turns it on with the first code from the app; the recovery codes to show once, or
/// the check's outcome when the code was not right. The session it was turned on in
/// (`session`, its token's hash) proved the second factor, so staff powers count in it
/// at once.
pub fn confirm(
    conn: &mut DbConn,
    mail: &MailContext,
    user: &User,
    session: &str,
    typed: &str,
    limit_key: &str,
    now: NaiveDateTime,
) -> Result<Result<Vec<String>, CodeCheck>, OpError> {
    let key = &mail.secret_key;
    match check(conn, key, &user.id, typed, limit_key, false, now)? {
        CodeCheck::Right => {}
        other => return Ok(Err(other)),
    }
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_code_hash(key, c)).collect();
    if !two_factor::enable(conn, &user.id, &hashes, now)? {
        return Ok(Err(CodeCheck::Wrong));
    }
    accounts::mark_second_factor(conn, session)?;
    notify::two_factor_changed(conn, mail, user, true, now)?;
    Ok(Ok(codes))
}

/// Ten new recovery codes (after the password proved right), the old ones void; `None`
/// when two-factor authentication is off.
pub fn renew_recovery_codes(
    conn: &mut DbConn,
    key: &[u8],
    user_id: &UserId,
) -> Result<Option<Vec<String>>, OpError> {
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_code_hash(key, c)).collect();
    Ok(two_factor::replace_recovery_codes(conn, user_id, &hashes)?.then_some(codes))
}

/// Turns it on with a secret and recovery codes chosen beforehand, without mail: for the
/// demo's staff accounts, whose secret and codes are printed for whoever runs the demo.
/// Anything that was on before is replaced.
pub fn enrol_known(
    conn: &mut DbConn,
    key: &[u8],
    user_id: &UserId,
    secret: &[u8],
    recovery_codes: &[&str],
    now: NaiveDateTime,
) -> Result<(), OpError> {
    two_factor::disable(conn, user_id)?;
    let nonce = crate::domain::security::random_token();
    let sealed = seal(key, user_id.as_str(), &nonce, secret);
    two_factor::store_pending(conn, user_id, &sealed, &nonce)?;
    let hashes: Vec<String> = recovery_codes
        .iter()
        .map(|code| recovery_code_hash(key, code))
        .collect();
    two_factor::enable(conn, user_id, &hashes, now)?;
    Ok(())
}

/// An admin turns it off for someone who lost both phone and codes (after checking who
/// it is): also every session of the account ends, as whoever has the phone may be in one.
pub fn reset_by_admin(
    conn: &mut DbConn,
    mail: &MailContext,
    user: &User,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    disable(conn, mail, user, now)?;
    accounts::delete_sessions(conn, &user.id)?;
    Ok(())
}

/// Turns it off (after the password proved right) and tells the owner.
pub fn disable(
    conn: &mut DbConn,
    mail: &MailContext,
    user: &User,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    two_factor::disable(conn, &user.id)?;
    notify::two_factor_changed(conn, mail, user, false, now)?;
    Ok(())
}
