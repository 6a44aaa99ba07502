//! Logging in, registering, sessions, passwords and confirming an address.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::DbConn;
use crate::db::accounts::{self, User};
use crate::db::throttle::{self, LoginSubjects};
use crate::domain::account::{AccountLink, EmailAddress, Registration, unlocked_account};
use crate::domain::id::UserId;
use crate::domain::security::sign;
use crate::domain::throttle::{
    LOGIN_UNLOCK_MAILS, LoginVerdict, PASSWORD_RESETS_PER_ADDRESS, PASSWORD_RESETS_PER_IP,
    REGISTER_PER_IP, VERIFICATION_MAILS, login_verdict,
};
use crate::mail::notify::{self, MailContext};
use crate::paths;

/// One log-in, before its password is checked.
pub struct LoginAttempt {
    pub email: EmailAddress,
    pub subjects: LoginSubjects,
    /// The browser's unlock cookie, if it has one.
    pub unlock_cookie: Option<String>,
}

pub enum LoginGate {
    /// Counted as failed until the password proves right; `user` is `None` for an
    /// unknown address (its password is checked against a dummy all the same).
    Try { attempt: String, user: Option<User> },
    /// Too many failures: not tried. The account's owner was mailed an unlock link (at
    /// most [`LOGIN_UNLOCK_MAILS`] an hour).
    Refused(LoginVerdict),
}

/// Decides whether a log-in may be tried and counts it as failed in the same write, so
/// parallel attempts cannot all pass one count.
pub fn begin_login(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &LoginAttempt,
    now: NaiveDateTime,
) -> Result<LoginGate, OpError> {
    let subjects = &request.subjects;
    let failures = throttle::login_failures(conn, subjects, now)?;
    let user = accounts::find_user_by_email(conn, &request.email)?;
    let unlocked = match (&user, &request.unlock_cookie) {
        (Some(user), Some(cookie)) => {
            unlocked_account(&mail.secret_key, cookie, now) == Some(user.id.as_str())
        }
        _ => false,
    };
    match login_verdict(failures, now, unlocked) {
        LoginVerdict::Try => {
            let attempt = throttle::record_login_attempt(conn, subjects, now)?;
            Ok(LoginGate::Try { attempt, user })
        }
        refused => {
            if let Some(user) = &user
                && throttle::take(conn, LOGIN_UNLOCK_MAILS, &subjects.account, now)?
            {
                notify::login_unlock(conn, mail, user, now)?;
            }
            Ok(LoginGate::Refused(refused))
        }
    }
}

/// A session to store for a user who just proved who they are.
pub struct NewSession {
    pub user_id: UserId,
    pub token_hash: String,
    /// The session the browser had, ended so that the id rotates.
    pub old_session: Option<String>,
    /// The log-in that proved right, no longer counted as failed.
    pub login_attempt: Option<(LoginSubjects, String)>,
    /// What the account's session list says about the device ([`device_hint`]).
    ///
    /// [`device_hint`]: crate::domain::account::device_hint
    pub device: String,
    pub expires_at: NaiveDateTime,
}

pub fn start_session(
    conn: &mut DbConn,
    request: &NewSession,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    if let Some(old) = &request.old_session {
        accounts::delete_session(conn, old)?;
    }
    if let Some((subjects, attempt)) = &request.login_attempt {
        throttle::forget_login_attempt(conn, subjects, attempt)?;
    }
    accounts::insert_session(
        conn,
        &request.token_hash,
        &request.user_id,
        &request.device,
        now,
        request.expires_at,
    )?;
    Ok(())
}

/// A registration with its password hashed before the write.
pub struct Register {
    pub registration: Registration,
    pub password_hash: String,
    /// `REGISTER_PER_IP`'s key for the address it came from.
    pub ip_key: String,
    /// Where the mailed link goes on to.
    pub next: String,
}

/// Creates the account and mails the link to confirm it; for an address that has an
/// account, mails its owner that someone tried (at most [`VERIFICATION_MAILS`] an hour).
/// False when the address registered too many accounts lately: nothing was written.
pub fn register(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &Register,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    if !throttle::take(conn, REGISTER_PER_IP, &request.ip_key, now)? {
        return Ok(false);
    }
    let Registration {
        email,
        display_name: name,
        ..
    } = &request.registration;
    let back = &request.next;
    if let Some(id) = accounts::insert_user(conn, email, name, &request.password_hash, false, now)?
    {
        notify::account_verification(conn, mail, &id, email.as_str(), name, back, now)?;
        return Ok(true);
    }
    let Some(known) = accounts::find_user_by_email(conn, email)? else {
        return Ok(true);
    };
    let mails = sign(
        &mail.secret_key,
        VERIFICATION_MAILS.bucket,
        known.id.as_str(),
    );
    if throttle::take(conn, VERIFICATION_MAILS, &mails, now)? {
        notify::registration_attempt(conn, mail, &known, back, now)?;
    }
    Ok(true)
}

/// Mails the link to confirm the address again; false when it was mailed
/// [`VERIFICATION_MAILS`] times this hour (`mail_key` is that limit's key for the user).
pub fn resend_verification(
    conn: &mut DbConn,
    mail: &MailContext,
    user: &User,
    mail_key: &str,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    if !throttle::take(conn, VERIFICATION_MAILS, mail_key, now)? {
        return Ok(false);
    }
    notify::account_verification(
        conn,
        mail,
        &user.id,
        &user.email,
        &user.display_name,
        paths::HOME,
        now,
    )?;
    Ok(true)
}

/// A new password; every other session of the account ends, the one in use stays, and
/// the owner is mailed that it happened.
pub fn change_password(
    conn: &mut DbConn,
    mail: &MailContext,
    user: &User,
    password_hash: &str,
    keep_session: &str,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    accounts::set_password_hash(conn, &user.id, password_hash)?;
    accounts::delete_other_sessions(conn, &user.id, keep_session)?;
    notify::password_changed(conn, mail, user, now)?;
    Ok(())
}

/// A "wachtwoord vergeten" request, keyed so that addresses are not stored in the clear.
pub struct ResetRequest {
    pub email: EmailAddress,
    /// [`PASSWORD_RESETS_PER_ADDRESS`]'s key for the address.
    pub address_key: String,
    /// [`PASSWORD_RESETS_PER_IP`]'s key for the network it came from.
    pub network_key: String,
}

/// Mails the account of the address, if there is one, a link to choose a new password.
/// Known and unknown addresses take the same steps up to that mail, so the answer tells
/// nothing; past [`PASSWORD_RESETS_PER_ADDRESS`] nothing is sent. False when the network
/// asked too often: nothing was recorded for the address.
pub fn request_password_reset(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &ResetRequest,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    if !throttle::take(conn, PASSWORD_RESETS_PER_IP, &request.network_key, now)? {
        return Ok(false);
    }
    if throttle::take(conn, PASSWORD_RESETS_PER_ADDRESS, &request.address_key, now)?
        && let Some(user) = accounts::find_user_by_email(conn, &request.email)?
    {
        notify::password_reset(conn, mail, &user, now)?;
    }
    Ok(true)
}

/// A new password by a reset link, with its hash made before the write.
pub struct ResetPassword {
    pub reset: AccountLink,
    pub password_hash: String,
}

/// Sets the new password if the link still fits the account's password (decided in the
/// write, so a link works once even when used twice at once), ends every session of the
/// account, counts the address as confirmed (the link reached it) and mails the owner.
/// The account, or `None` when the link no longer works.
pub fn reset_password(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &ResetPassword,
    now: NaiveDateTime,
) -> Result<Option<User>, OpError> {
    let id = UserId::from(request.reset.user_id.as_str());
    let Some(user) = accounts::find_user(conn, &id)? else {
        return Ok(None);
    };
    if !request.reset.fits(&mail.secret_key, &user.password_hash)
        || !accounts::replace_password_hash(
            conn,
            &user.id,
            &user.password_hash,
            &request.password_hash,
        )?
    {
        return Ok(None);
    }
    accounts::delete_sessions(conn, &user.id)?;
    accounts::set_email_verified(conn, &user.id, now)?;
    notify::password_changed(conn, mail, &user, now)?;
    Ok(Some(user))
}

/// Confirms the address by the mailed link. The first time it also logs in with
/// `session`; false when it was confirmed before (and no session is started).
pub fn verify_email(
    conn: &mut DbConn,
    session: &NewSession,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    if !accounts::set_email_verified(conn, &session.user_id, now)? {
        return Ok(false);
    }
    start_session(conn, session, now)?;
    Ok(true)
}

/// A new display name: what was submitted before keeps the name it was submitted with.
pub fn change_display_name(conn: &mut DbConn, user_id: &UserId, name: &str) -> Result<(), OpError> {
    accounts::set_display_name(conn, user_id, name)?;
    Ok(())
}

/// "Log uit op alle apparaten": ends every session of the account, this one too.
pub fn end_all_sessions(conn: &mut DbConn, user_id: &UserId) -> Result<(), OpError> {
    accounts::delete_sessions(conn, user_id)?;
    Ok(())
}
