//! Logging in, registering, sessions, passwords and confirming an address.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::DbConn;
use crate::db::accounts::{self, User};
use crate::db::address_changes::{self, FormerAddress, PendingChange};
use crate::db::throttle::{self, LoginSubjects};
use crate::db::{erasure, organisations, reactions};
use crate::domain::account::{
    AccountLink, DeletionBlocker, EmailAddress, Registration, SignInMethod, deletion_blockers,
    email_change_binding, unlocked_account,
};
use crate::domain::id::UserId;
use crate::domain::reaction::anonymous_filer;
use crate::domain::security::sign;
use crate::domain::signature::normalise_for_signing;
use crate::domain::throttle::{
    EMAIL_CHANGES_PER_ACCOUNT, LOGIN_UNLOCK_MAILS, LoginVerdict, PASSWORD_CHECKS_PER_ACCOUNT,
    PASSWORD_RESETS_PER_ADDRESS, PASSWORD_RESETS_PER_IP, REGISTER_PER_IP, VERIFICATION_MAILS,
    login_verdict,
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
    pub signed_in_with: SignInMethod,
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
        request.signed_in_with,
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

/// A new address asked for on the account page, after the current password proved right.
pub struct EmailChangeRequest {
    pub user: User,
    pub new_email: EmailAddress,
    /// [`EMAIL_CHANGES_PER_ACCOUNT`]'s key for the account.
    pub limit_key: String,
}

/// Records the request (in place of an earlier one) and mails the new address its link;
/// when the address belongs to another account, its owner hears that someone tried and
/// no link is sent, while the page answers the same. False past
/// [`EMAIL_CHANGES_PER_ACCOUNT`]: nothing was written.
pub fn request_email_change(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &EmailChangeRequest,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    if !throttle::take(conn, EMAIL_CHANGES_PER_ACCOUNT, &request.limit_key, now)? {
        return Ok(false);
    }
    let user_id = &request.user.id;
    address_changes::replace_pending(conn, user_id, &request.new_email, now)?;
    match accounts::find_user_by_email(conn, &request.new_email)? {
        Some(owner) => notify::email_in_use(conn, mail, &owner, now)?,
        None => notify::email_change_link(conn, mail, &request.user, &request.new_email, now)?,
    }
    Ok(true)
}

/// Withdraws the waiting request: its link no longer works.
pub fn cancel_email_change(conn: &mut DbConn, user_id: &UserId) -> Result<(), OpError> {
    address_changes::cancel_pending(conn, user_id)?;
    Ok(())
}

/// What became of a link to confirm a new address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailChangeOutcome {
    /// The account has the new address now; the old one was told.
    Changed,
    /// Another account took the address since it was asked for: nothing changed.
    Taken,
    /// The link was used, replaced by a newer request, withdrawn or is too old.
    Gone,
}

/// The request a confirmation link is for, while it still fits.
pub fn pending_email_change(
    conn: &mut DbConn,
    key: &[u8],
    link: &AccountLink,
) -> Result<Option<PendingChange>, OpError> {
    let id = UserId::from(link.user_id.as_str());
    let Some(pending) = address_changes::pending(conn, &id)? else {
        return Ok(None);
    };
    let fits = EmailAddress::parse(&pending.new_email)
        .is_ok_and(|new| link.fits(key, &email_change_binding(&new, pending.requested_at)));
    Ok(fits.then_some(pending))
}

/// Gives the account its new address if the link still fits the waiting request (taken
/// in the write, so of two uses at once one changes it), counted as confirmed; keeps the
/// old address a week and mails it the link that puts it back.
pub fn confirm_email_change(
    conn: &mut DbConn,
    mail: &MailContext,
    link: &AccountLink,
    now: NaiveDateTime,
) -> Result<EmailChangeOutcome, OpError> {
    let Some(pending) = pending_email_change(conn, &mail.secret_key, link)? else {
        return Ok(EmailChangeOutcome::Gone);
    };
    let id = UserId::from(link.user_id.as_str());
    let Some(user) = accounts::find_user(conn, &id)? else {
        return Ok(EmailChangeOutcome::Gone);
    };
    if !address_changes::take_pending(conn, &id, pending.requested_at)? {
        return Ok(EmailChangeOutcome::Gone);
    }
    let (Ok(new_email), Ok(old_email)) = (
        EmailAddress::parse(&pending.new_email),
        EmailAddress::parse(&user.email),
    ) else {
        return Ok(EmailChangeOutcome::Gone);
    };
    if !address_changes::set_email(conn, &id, &new_email, now)? {
        return Ok(EmailChangeOutcome::Taken);
    }
    address_changes::remember_former(conn, &id, &user.email, now)?;
    notify::email_changed(conn, mail, &user, &old_email, &new_email, now)?;
    Ok(EmailChangeOutcome::Changed)
}

/// The former address a revert link is for, while it is kept. Each change keeps its
/// own, so a second change cannot end the first one's link.
pub fn former_address(
    conn: &mut DbConn,
    key: &[u8],
    link: &AccountLink,
) -> Result<Option<FormerAddress>, OpError> {
    let id = UserId::from(link.user_id.as_str());
    Ok(address_changes::formers(conn, &id)?
        .into_iter()
        .find(|former| {
            EmailAddress::parse(&former.old_email)
                .is_ok_and(|old| link.fits(key, &email_change_binding(&old, former.changed_at)))
        }))
}

/// What became of a link to put the old address back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailRevertOutcome {
    /// The old address is back, every session ended, a new-password link mailed to it.
    Restored,
    /// Another account has the old address now: nothing changed.
    Taken,
    /// The link was used or is too old.
    Gone,
}

/// Puts the old address back (whoever changed it may know the password, so every
/// session ends and the old address gets a link to choose a new password).
pub fn revert_email_change(
    conn: &mut DbConn,
    mail: &MailContext,
    link: &AccountLink,
    now: NaiveDateTime,
) -> Result<EmailRevertOutcome, OpError> {
    let Some(former) = former_address(conn, &mail.secret_key, link)? else {
        return Ok(EmailRevertOutcome::Gone);
    };
    let id = UserId::from(link.user_id.as_str());
    let Ok(old_email) = EmailAddress::parse(&former.old_email) else {
        return Ok(EmailRevertOutcome::Gone);
    };
    if !address_changes::take_former(conn, &id, former.changed_at)? {
        return Ok(EmailRevertOutcome::Gone);
    }
    if !address_changes::set_email(conn, &id, &old_email, now)? {
        return Ok(EmailRevertOutcome::Taken);
    }
    address_changes::forget_formers(conn, &id)?;
    address_changes::cancel_pending(conn, &id)?;
    accounts::delete_sessions(conn, &id)?;
    let user = accounts::find_user(conn, &id)?.ok_or(OpError::NotFound)?;
    notify::email_restored(conn, mail, &user, now)?;
    Ok(EmailRevertOutcome::Restored)
}

/// Counts one check of the current password on the account page; false past
/// [`PASSWORD_CHECKS_PER_ACCOUNT`] (then the password is not checked at all).
pub fn take_password_check(
    conn: &mut DbConn,
    limit_key: &str,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    Ok(throttle::take(
        conn,
        PASSWORD_CHECKS_PER_ACCOUNT,
        limit_key,
        now,
    )?)
}

/// What stands in the way of deleting the account now (see [`deletion_blockers`]).
pub fn deletion_blockers_of(
    conn: &mut DbConn,
    user_id: &UserId,
) -> Result<Vec<DeletionBlocker>, OpError> {
    let memberships: Vec<_> = organisations::organisations_of(conn, user_id)?
        .into_iter()
        .map(|(organisation, role)| (organisation.id, organisation.name, role))
        .collect();
    Ok(deletion_blockers(
        &memberships,
        erasure::is_last_admin(conn, user_id)?,
    ))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeletionOutcome {
    Deleted,
    /// Nothing was deleted: these come first.
    Blocked(Vec<DeletionBlocker>),
}

/// Deletes the account (AVG art. 17): what it filed as an individual stays filed under
/// "Indiener N" (logged, so the check still holds), its drafts go, its posts and requests
/// to speak lose its name, its signatures stay counted without address, mail to it is
/// forgotten, and the row is emptied. Decided in the write, so a role given meanwhile
/// still blocks it. The address gets one last mail saying so.
pub fn delete_account(
    conn: &mut DbConn,
    mail: &MailContext,
    user_id: &UserId,
    now: NaiveDateTime,
) -> Result<DeletionOutcome, OpError> {
    let Some(user) = accounts::find_user(conn, user_id)? else {
        return Err(OpError::NotFound);
    };
    let blockers = deletion_blockers_of(conn, user_id)?;
    if !blockers.is_empty() {
        return Ok(DeletionOutcome::Blocked(blockers));
    }
    for reaction in reactions::filed_individually_by(conn, user_id)? {
        let name = anonymous_filer(reaction.sequence.unwrap_or_default());
        reactions::anonymise_filer(conn, &reaction, &name, now)?;
    }
    reactions::delete_individual_drafts(conn, user_id)?;
    erasure::rename_posts(conn, user_id)?;
    erasure::forget_speaker(conn, user_id)?;
    if let Ok(email) = EmailAddress::parse(&user.email) {
        erasure::forget_signer(conn, &normalise_for_signing(&email))?;
    }
    erasure::forget_invitations(conn, &user.email)?;
    erasure::forget_recipient(conn, &user.email)?;
    erasure::erase_account(conn, user_id, now)?;
    notify::account_deleted(conn, mail, &user, now)?;
    Ok(DeletionOutcome::Deleted)
}

/// The password of a log-in proved right, and a second step follows: the attempt no
/// longer counts as failed (the code step has limits of its own).
pub fn password_proved(
    conn: &mut DbConn,
    subjects: &LoginSubjects,
    attempt: &str,
) -> Result<(), OpError> {
    throttle::forget_login_attempt(conn, subjects, attempt)?;
    Ok(())
}
