//! Signing staff in through their council's provider, and the admin's settings for it.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::accounts::{self, User};
use crate::db::{DbConn, single_sign_on};
use crate::domain::account::EmailAddress;
use crate::domain::id::CouncilId;
use crate::domain::security::{random_token, seal, sign};
use crate::domain::single_sign_on::{
    Condition, SignInSettings, display_name, parse_rules, roles_for,
};
use crate::oidc::Verified;

/// The password hash of an account made by single sign-on: no password matches it (it is
/// no PHC string), so until its owner sets one through "wachtwoord vergeten", only the
/// provider signs it in.
const NO_PASSWORD: &str = "!single-sign-on";

const SECRET_PURPOSE: &str = "sign-in-client-secret";

/// What came of a sign-in the provider vouched for.
#[derive(Debug)]
pub enum StaffSignIn {
    SignedIn(User),
    /// The rules give this person no role in the council.
    NoRole,
    /// The token had no usable e-mail address, or the address belongs to another account
    /// and the provider did not say it checked it.
    NoAddress,
}

/// The keyed hash a provider's subject is stored as: the subject itself never is.
fn subject_key(key: &[u8], verified: &Verified) -> String {
    sign(
        key,
        "sign-in-subject",
        &format!("{}|{}", verified.issuer, verified.subject),
    )
}

/// Finds (or makes) the account of the person `verified` and makes the roles the council's
/// `rules` gave them there the ones the rules give now, in one transaction. Roles from an e-mail domain count only for
/// an address the provider checked (an unchecked `email` claim can be anything); an
/// existing account is taken over by address only then too.
pub fn sign_in(
    conn: &mut DbConn,
    key: &[u8],
    council_id: &CouncilId,
    rules: &str,
    verified: &Verified,
    now: NaiveDateTime,
) -> Result<StaffSignIn, OpError> {
    let Some(email) = verified
        .email
        .as_deref()
        .and_then(|email| EmailAddress::parse(email).ok())
    else {
        return Ok(StaffSignIn::NoAddress);
    };
    let rules: Vec<_> = parse_rules(rules)
        .unwrap_or_default()
        .into_iter()
        .filter(|rule| verified.email_verified || matches!(rule.condition, Condition::Group(_)))
        .collect();
    let roles = roles_for(&rules, email.as_str(), &verified.groups);
    let subject = subject_key(key, verified);
    if roles.is_empty() {
        // Someone who had roles through the rules and no longer has: they go.
        if let Some(user) = single_sign_on::user_by_subject(conn, &subject)? {
            single_sign_on::sync_roles(conn, &user.id, council_id, &[], now)?;
        }
        return Ok(StaffSignIn::NoRole);
    }
    let user_id = match single_sign_on::user_by_subject(conn, &subject)? {
        Some(user) => user.id,
        None => match accounts::find_user_by_email(conn, &email)? {
            Some(user) if verified.email_verified => user.id,
            Some(_) => return Ok(StaffSignIn::NoAddress),
            None => {
                let name = display_name(verified.name.as_deref(), email.as_str());
                match accounts::insert_user(conn, &email, &name, NO_PASSWORD, false, now)? {
                    Some(id) => id,
                    None => return Ok(StaffSignIn::NoAddress),
                }
            }
        },
    };
    single_sign_on::link_subject(conn, &user_id, &subject, now)?;
    single_sign_on::sync_roles(conn, &user_id, council_id, &roles, now)?;
    let user = accounts::find_user(conn, &user_id)?.ok_or(OpError::NotFound)?;
    Ok(StaffSignIn::SignedIn(user))
}

/// Stores a council's settings, the client secret sealed; false when no secret was given
/// and none was stored.
pub fn save_settings(
    conn: &mut DbConn,
    key: &[u8],
    council_id: &CouncilId,
    settings: &SignInSettings,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    let nonce = random_token();
    let sealed = settings.client_secret.as_ref().map(|secret| {
        seal(
            key,
            SECRET_PURPOSE,
            &format!("{council_id}|{nonce}"),
            secret.as_bytes(),
        )
    });
    let changes = single_sign_on::SignInChanges {
        issuer_url: &settings.issuer_url,
        client_id: &settings.client_id,
        secret: sealed.as_deref().map(|sealed| (sealed, nonce.as_str())),
        role_rules: &settings.role_rules,
    };
    Ok(single_sign_on::save(conn, council_id, &changes, now)?)
}

/// The council's provider with its secret opened, if it has one set.
pub fn provider_of(
    conn: &mut DbConn,
    key: &[u8],
    council_id: &CouncilId,
) -> Result<Option<(crate::oidc::Provider, String)>, OpError> {
    let Some(stored) = single_sign_on::find(conn, council_id)? else {
        return Ok(None);
    };
    let context = format!("{council_id}|{}", stored.secret_nonce);
    let secret =
        crate::domain::security::open(key, SECRET_PURPOSE, &context, &stored.client_secret)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default();
    Ok(Some((
        crate::oidc::Provider {
            issuer_url: stored.issuer_url,
            client_id: stored.client_id,
            client_secret: secret,
        },
        stored.role_rules,
    )))
}
