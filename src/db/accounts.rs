//! Users, their council roles and their sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{account_districts, council_roles, councils, sessions, users};
use crate::domain::account::{CouncilRole, EmailAddress, SignInMethod};
use crate::domain::id::{CouncilId, UserId};
use crate::domain::permission::{HeldRole, SessionPowers, session_powers};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub created_at: NaiveDateTime,
    /// When the owner confirmed the address through the mailed link.
    pub email_verified_at: Option<NaiveDateTime>,
    /// When two-factor authentication was turned on; `None` when it is off.
    pub totp_enabled_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub email: &'a str,
    pub email_key: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub created_at: NaiveDateTime,
}

/// Creates a user; `Ok(None)` when the address is taken.
pub fn insert_user(
    conn: &mut DbConn,
    email: &EmailAddress,
    display_name: &str,
    password_hash: &str,
    is_admin: bool,
    now: NaiveDateTime,
) -> QueryResult<Option<UserId>> {
    let id = UserId::new();
    // In a savepoint: on PostgreSQL a refused insert would end the whole transaction.
    let result = conn.transaction(|conn| {
        diesel::insert_into(users::table)
            .values(NewUser {
                id: &id,
                email: email.as_str(),
                email_key: email.key(),
                display_name,
                password_hash,
                is_admin,
                created_at: now,
            })
            .execute(conn)
    });
    match result {
        Ok(_) => Ok(Some(id)),
        Err(e) if super::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

pub fn find_user_by_email(conn: &mut DbConn, email: &EmailAddress) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email_key.eq(email.key()))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Records that the owner opened the mailed link; a second time changes nothing.
pub fn set_email_verified(
    conn: &mut DbConn,
    user_id: &UserId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

/// The wijk this account signed from before in this council.
pub fn district_of(
    conn: &mut DbConn,
    user_id: &UserId,
    council_id: &CouncilId,
) -> QueryResult<Option<String>> {
    account_districts::table
        .find((user_id, council_id))
        .select(account_districts::district)
        .first(conn)
        .optional()
}

pub fn set_district(
    conn: &mut DbConn,
    user_id: &UserId,
    council_id: &CouncilId,
    district: &str,
) -> QueryResult<()> {
    diesel::delete(account_districts::table.find((user_id, council_id))).execute(conn)?;
    diesel::insert_into(account_districts::table)
        .values((
            account_districts::user_id.eq(user_id),
            account_districts::council_id.eq(council_id),
            account_districts::district.eq(district),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find_user(conn: &mut DbConn, id: &UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn set_password_hash(conn: &mut DbConn, user_id: &UserId, hash: &str) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::password_hash.eq(hash))
        .execute(conn)
        .map(|_| ())
}

/// Replaces the password hash only if it is still `old`: of two uses of one reset link,
/// or a reset and a change at once, one wins and the other changes nothing.
pub fn replace_password_hash(
    conn: &mut DbConn,
    user_id: &UserId,
    old: &str,
    new: &str,
) -> QueryResult<bool> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::password_hash.eq(old)),
    )
    .set(users::password_hash.eq(new))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn set_admin(conn: &mut DbConn, user_id: &UserId, is_admin: bool) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::is_admin.eq(is_admin))
        .execute(conn)
        .map(|_| ())
}

/// Users whose address or name contains `needle`, for the admin's role screen.
pub fn search_users(conn: &mut DbConn, needle: &str, limit: i64) -> QueryResult<Vec<User>> {
    let pattern = format!("%{}%", needle.trim().to_lowercase().replace(['%', '_'], ""));
    users::table
        .filter(users::deleted_at.is_null())
        .filter(
            users::email_key
                .like(pattern.clone())
                .or(users::display_name.like(pattern)),
        )
        .order(users::email_key.asc())
        .limit(limit)
        .select(User::as_select())
        .load(conn)
}

pub fn roles_of(conn: &mut DbConn, user_id: &UserId) -> QueryResult<Vec<(CouncilId, CouncilRole)>> {
    council_roles::table
        .filter(council_roles::user_id.eq(user_id))
        .select((council_roles::council_id, council_roles::role))
        .load(conn)
}

/// Gives a role; giving it twice changes nothing (also two at once: decided by the key).
pub fn grant_role(
    conn: &mut DbConn,
    user_id: &UserId,
    council_id: &CouncilId,
    role: CouncilRole,
    now: NaiveDateTime,
) -> QueryResult<()> {
    insert_role(conn, user_id, council_id, role, false, now)
}

/// Inserts a role unless the person has it (an existing role keeps where it came from).
pub(super) fn insert_role(
    conn: &mut DbConn,
    user_id: &UserId,
    council_id: &CouncilId,
    role: CouncilRole,
    from_sign_in: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    // In a savepoint: on PostgreSQL a refused insert would end the whole transaction.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(council_roles::table)
            .values((
                council_roles::user_id.eq(user_id),
                council_roles::council_id.eq(council_id),
                council_roles::role.eq(role),
                council_roles::created_at.eq(now),
                council_roles::from_sign_in.eq(from_sign_in),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(()),
        Err(error) if super::is_unique_violation(&error) => Ok(()),
        Err(error) => Err(error),
    }
}

pub fn revoke_role(
    conn: &mut DbConn,
    user_id: &UserId,
    council_id: &CouncilId,
    role: CouncilRole,
) -> QueryResult<()> {
    diesel::delete(council_roles::table.find((user_id, council_id, role)))
        .execute(conn)
        .map(|_| ())
}

/// Everyone who holds a role in a council, with that role.
pub fn council_staff(
    conn: &mut DbConn,
    council_id: &CouncilId,
) -> QueryResult<Vec<(User, CouncilRole)>> {
    council_roles::table
        .inner_join(users::table)
        .filter(council_roles::council_id.eq(council_id))
        .order((users::display_name.asc(), council_roles::role.asc()))
        .select((User::as_select(), council_roles::role))
        .load(conn)
}

pub fn insert_session(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: &UserId,
    device: &str,
    signed_in_with: SignInMethod,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::device.eq(device),
            sessions::signed_in_with.eq(signed_in_with),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A valid session as its request sees it: who, what they may do, and when the session
/// was last used before.
pub struct ActiveSession {
    pub user: User,
    pub powers: SessionPowers,
    pub last_seen_at: NaiveDateTime,
}

/// The user behind a session token (hashed), with roles, if the session is still valid.
pub fn session_actor(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ActiveSession>> {
    let found: Option<(User, NaiveDateTime, Option<NaiveDateTime>, SignInMethod)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .select((
            User::as_select(),
            sessions::created_at,
            sessions::last_seen_at,
            sessions::signed_in_with,
        ))
        .first(conn)
        .optional()?;
    let Some((user, created_at, last_seen_at, method)) = found else {
        return Ok(None);
    };
    let powers = powers_of(conn, &user, method)?;
    Ok(Some(ActiveSession {
        user,
        powers,
        last_seen_at: last_seen_at.unwrap_or(created_at),
    }))
}

/// The roles of a user, with whether their council asks a second factor of all staff.
pub fn held_roles(conn: &mut DbConn, user_id: &UserId) -> QueryResult<Vec<HeldRole>> {
    let rows: Vec<(CouncilId, CouncilRole, bool)> = council_roles::table
        .inner_join(councils::table)
        .filter(council_roles::user_id.eq(user_id))
        .select((
            council_roles::council_id,
            council_roles::role,
            councils::two_factor_for_all_staff,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(council_id, role, council_asks_all_staff)| HeldRole {
            council_id,
            role,
            council_asks_all_staff,
        })
        .collect())
}

/// What a session of `user` signed in with `method` may do.
pub fn powers_of(
    conn: &mut DbConn,
    user: &User,
    method: SignInMethod,
) -> QueryResult<SessionPowers> {
    let roles = held_roles(conn, &user.id)?;
    Ok(session_powers(
        user.id.clone(),
        user.is_admin,
        roles,
        method.has_second_factor(),
    ))
}

/// Records that a session proved a second factor (turning two-factor authentication on
/// in it), so its staff powers count from now on.
pub fn mark_second_factor(conn: &mut DbConn, token_hash: &str) -> QueryResult<()> {
    diesel::update(sessions::table.find(token_hash))
        .set(sessions::signed_in_with.eq(SignInMethod::PasswordAndCode))
        .execute(conn)
        .map(|_| ())
}

/// Records that a session was used now, unless that was recorded after `stale_before`
/// already (decided in the write, so requests at once renew it once).
pub fn touch_session(
    conn: &mut DbConn,
    token_hash: &str,
    stale_before: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        sessions::table.find(token_hash).filter(
            sessions::last_seen_at
                .is_null()
                .or(sessions::last_seen_at.lt(stale_before)),
        ),
    )
    .set(sessions::last_seen_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// One place an account is logged in, for its owner's list.
#[derive(Debug, Clone)]
pub struct SessionLine {
    pub token_hash: String,
    pub device: String,
    pub created_at: NaiveDateTime,
    /// When it was last used (its start, for sessions from before this was recorded).
    pub last_used_at: NaiveDateTime,
    pub signed_in_with: SignInMethod,
}

/// The account's sessions that still work, last started first.
pub fn sessions_of(
    conn: &mut DbConn,
    user_id: &UserId,
    now: NaiveDateTime,
) -> QueryResult<Vec<SessionLine>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::expires_at.gt(now))
        .order(sessions::created_at.desc())
        .select((
            sessions::token_hash,
            sessions::device,
            sessions::created_at,
            sessions::last_seen_at,
            sessions::signed_in_with,
        ))
        .load::<(
            String,
            String,
            NaiveDateTime,
            Option<NaiveDateTime>,
            SignInMethod,
        )>(conn)
        .map(|rows| {
            rows.into_iter()
                .map(
                    |(token_hash, device, created_at, last_seen_at, signed_in_with)| SessionLine {
                        token_hash,
                        device,
                        created_at,
                        last_used_at: last_seen_at.unwrap_or(created_at),
                        signed_in_with,
                    },
                )
                .collect()
        })
}

pub fn set_display_name(conn: &mut DbConn, user_id: &UserId, name: &str) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::display_name.eq(name))
        .execute(conn)
        .map(|_| ())
}

pub fn delete_session(conn: &mut DbConn, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(token_hash))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of a user except `keep` (after a password change).
pub fn delete_other_sessions(conn: &mut DbConn, user_id: &UserId, keep: &str) -> QueryResult<()> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::token_hash.ne(keep)),
    )
    .execute(conn)
    .map(|_| ())
}

/// Ends every session of a user (after a password reset, or "log uit op alle apparaten").
pub fn delete_sessions(conn: &mut DbConn, user_id: &UserId) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id)))
        .execute(conn)
        .map(|_| ())
}

pub fn delete_expired_sessions(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}
