//! Councils' sign-in settings for their staff, and which account belongs to whom at a
//! provider (a keyed hash of issuer and subject).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::accounts::User;
use super::schema::{council_roles, council_sign_ins, councils, users};
use crate::domain::account::CouncilRole;
use crate::domain::id::{CouncilId, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = council_sign_ins)]
pub struct StoredSignIn {
    pub council_id: CouncilId,
    pub issuer_url: String,
    pub client_id: String,
    /// Sealed with the server's key and [`StoredSignIn::secret_nonce`].
    pub client_secret: String,
    pub secret_nonce: String,
    pub role_rules: String,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, council_id: &CouncilId) -> QueryResult<Option<StoredSignIn>> {
    council_sign_ins::table
        .find(council_id)
        .select(StoredSignIn::as_select())
        .first(conn)
        .optional()
}

/// The councils whose staff may sign in through their provider, as `(slug, name)`, by name.
pub fn councils_with_sign_in(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    council_sign_ins::table
        .inner_join(councils::table)
        .select((councils::slug, councils::name))
        .order(councils::name.asc())
        .load(conn)
}

/// The settings to store; `secret` is the sealed secret with its nonce, `None` to keep the
/// stored one.
pub struct SignInChanges<'a> {
    pub issuer_url: &'a str,
    pub client_id: &'a str,
    pub secret: Option<(&'a str, &'a str)>,
    pub role_rules: &'a str,
}

/// Stores a council's settings (a new secret is required the first time: false when none
/// is given and none was stored).
pub fn save(
    conn: &mut DbConn,
    council_id: &CouncilId,
    changes: &SignInChanges<'_>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(council_sign_ins::table.find(council_id))
        .set((
            council_sign_ins::issuer_url.eq(changes.issuer_url),
            council_sign_ins::client_id.eq(changes.client_id),
            council_sign_ins::role_rules.eq(changes.role_rules),
            council_sign_ins::updated_at.eq(now),
        ))
        .execute(conn)?;
    match (updated, changes.secret) {
        (1, Some((sealed, nonce))) => diesel::update(council_sign_ins::table.find(council_id))
            .set((
                council_sign_ins::client_secret.eq(sealed),
                council_sign_ins::secret_nonce.eq(nonce),
            ))
            .execute(conn)
            .map(|_| true),
        (1, None) => Ok(true),
        (_, Some((sealed, nonce))) => diesel::insert_into(council_sign_ins::table)
            .values((
                council_sign_ins::council_id.eq(council_id),
                council_sign_ins::issuer_url.eq(changes.issuer_url),
                council_sign_ins::client_id.eq(changes.client_id),
                council_sign_ins::client_secret.eq(sealed),
                council_sign_ins::secret_nonce.eq(nonce),
                council_sign_ins::role_rules.eq(changes.role_rules),
                council_sign_ins::updated_at.eq(now),
            ))
            .execute(conn)
            .map(|_| true),
        (_, None) => Ok(false),
    }
}

pub fn remove(conn: &mut DbConn, council_id: &CouncilId) -> QueryResult<()> {
    diesel::delete(council_sign_ins::table.find(council_id))
        .execute(conn)
        .map(|_| ())
}

/// The account that signed in before as `subject` (see [`link_subject`]).
pub fn user_by_subject(conn: &mut DbConn, subject: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::sign_in_subject.eq(subject))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Remembers that `user_id` is `subject` at a provider, and that the provider vouched for
/// the address.
pub fn link_subject(
    conn: &mut DbConn,
    user_id: &UserId,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::sign_in_subject.eq(subject))
        .execute(conn)?;
    super::accounts::set_email_verified(conn, user_id, now).map(|_| ())
}

/// Makes the roles single sign-on gave `user_id` in `council_id` exactly `roles`: new ones
/// are added (marked as given by sign-in), ones the rules no longer give are taken away.
/// Roles an admin gave are left as they are.
pub fn sync_roles(
    conn: &mut DbConn,
    user_id: &UserId,
    council_id: &CouncilId,
    roles: &[CouncilRole],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let kept: Vec<&'static str> = roles.iter().map(|role| role.as_str()).collect();
    diesel::delete(
        council_roles::table
            .filter(council_roles::user_id.eq(user_id))
            .filter(council_roles::council_id.eq(council_id))
            .filter(council_roles::from_sign_in.eq(true))
            .filter(council_roles::role.ne_all(kept)),
    )
    .execute(conn)?;
    for role in roles {
        super::accounts::insert_role(conn, user_id, council_id, *role, true, now)?;
    }
    Ok(())
}
