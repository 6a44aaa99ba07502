//! Rows the benchmark loads in bulk, written directly: tens of thousands of signatures
//! and posts through the application's own paths would take minutes per run.

use chrono::Duration as Age;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::DbConn;
use crate::domain::id::{ConsultationId, PostId, SignatureId, SubjectId, TargetId, UserId};
use crate::domain::security::sha256_hex;
use crate::domain::signature::SignatureState;

/// One wijk's confirmed count for a position, in shard 0.
pub fn insert_support_count(
    conn: &mut DbConn,
    target: &TargetId,
    district: &str,
    confirmed: i32,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO support_counts (target_id, district, shard, confirmed) VALUES ($1, $2, 0, $3)",
    )
    .bind::<Text, _>(target)
    .bind::<Text, _>(district)
    .bind::<diesel::sql_types::Integer, _>(confirmed)
    .execute(conn)
    .map(|_| ())
}

/// Resident `n` (who cannot log in with a password) with a session of 14 days whose
/// token hashes to `token_hash`; returns the user's id.
pub fn insert_resident_with_session(
    conn: &mut DbConn,
    n: usize,
    token_hash: &str,
    now: chrono::NaiveDateTime,
) -> QueryResult<UserId> {
    let id = UserId::new();
    diesel::sql_query(
        "INSERT INTO users (id, email, email_key, display_name, password_hash, is_admin, created_at) VALUES ($1, $2, $2, $3, 'no-login', FALSE, $4)",
    )
    .bind::<Text, _>(&id)
    .bind::<Text, _>(format!("bewoner{n}@benchdorp.example"))
    .bind::<Text, _>(format!("Bewoner {n}"))
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    diesel::sql_query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind::<Text, _>(token_hash)
    .bind::<Text, _>(&id)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(now + Age::days(14))
    .execute(conn)?;
    Ok(id)
}

/// A visible post of the benchmark's discussion.
pub struct BenchPost<'a> {
    pub consultation: &'a ConsultationId,
    pub kind: &'a str,
    pub subject: &'a SubjectId,
    pub parent: Option<&'a PostId>,
    pub author: &'a UserId,
    pub author_name: &'a str,
    pub body: &'a str,
    pub at: chrono::NaiveDateTime,
}

/// Inserts `post` and returns its id.
pub fn insert_visible_post(conn: &mut DbConn, post: &BenchPost<'_>) -> QueryResult<PostId> {
    let id = PostId::new();
    diesel::sql_query(
        "INSERT INTO posts (id, consultation_id, subject_kind, subject_id, parent_id, author_id, author_name, body, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'visible', $9)",
    )
    .bind::<Text, _>(&id)
    .bind::<Text, _>(post.consultation)
    .bind::<Text, _>(post.kind)
    .bind::<Text, _>(post.subject)
    .bind::<Nullable<Text>, _>(post.parent)
    .bind::<Text, _>(post.author)
    .bind::<Text, _>(post.author_name)
    .bind::<Text, _>(post.body)
    .bind::<Timestamp, _>(post.at)
    .execute(conn)?;
    Ok(id)
}

/// A co-signature as a burst leaves it, confirmed or waiting for its link.
pub fn insert_signature(
    conn: &mut DbConn,
    consultation: &ConsultationId,
    target: &TargetId,
    district: &str,
    n: usize,
    pending: bool,
    now: chrono::NaiveDateTime,
) -> QueryResult<SignatureId> {
    let id = SignatureId::new();
    let state = if pending {
        SignatureState::Pending
    } else {
        SignatureState::Confirmed
    };
    diesel::sql_query(
        "INSERT INTO signatures (id, consultation_id, target_kind, target_id, display_name, email_normalized, email, email_domain, \
         district, state, code_hash, source_hash, created_at, expires_at, confirmed_at) \
         VALUES ($1, $2, 'position', $3, $4, $5, $5, 'example.org', $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind::<Text, _>(&id)
    .bind::<Text, _>(consultation)
    .bind::<Text, _>(target)
    .bind::<diesel::sql_types::Nullable<Text>, _>(n.is_multiple_of(4).then(|| format!("Inwoner {n}")))
    .bind::<Text, _>(format!("signer{n}@example.org"))
    .bind::<Text, _>(district)
    .bind::<Text, _>(state)
    .bind::<diesel::sql_types::Nullable<Text>, _>(pending.then(|| sha256_hex(&format!("code-{id}"))))
    .bind::<Text, _>(format!("source-{}", n % 5_000))
    .bind::<Timestamp, _>(now - Age::hours(2))
    .bind::<Timestamp, _>(now + Age::days(7))
    .bind::<diesel::sql_types::Nullable<Timestamp>, _>((!pending).then_some(now - Age::hours(1)))
    .execute(conn)?;
    Ok(id)
}

/// Removes the rows the bare insert loop wrote (numbered from 10,000,000).
pub fn delete_baseline_signatures(conn: &mut DbConn) -> QueryResult<()> {
    conn.batch_execute(
        "DELETE FROM signatures WHERE email_normalized LIKE 'signer1_______@example.org'",
    )
}

/// Copies SQLite's write-ahead log back into the database file, so its size is honest.
pub fn checkpoint_sqlite(conn: &mut DbConn) -> QueryResult<()> {
    conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
}
