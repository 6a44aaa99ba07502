//! Counting recent events per subject, in the database so that every `serve` process
//! sees the same counts.

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::schema::throttle_events;
use super::{DbConn, new_id};
use crate::domain::throttle::{
    LOGIN_PER_ACCOUNT, LOGIN_PER_IP, LOGIN_PER_PAIR, Limit, LoginFailures,
};

/// Makes parallel writes about one subject take their turn until the transaction ends,
/// so that counting and recording are one step. SQLite's writer already runs one write
/// at a time; PostgreSQL takes a transaction-scoped advisory lock on the subject.
fn lock(conn: &mut DbConn, bucket: &str, subject_hash: &str) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(pg) => {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind::<Text, _>(format!("{bucket}:{subject_hash}"))
                .execute(pg)
                .map(|_| ())
        }
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Takes room for one event of `limit`: true and recorded when there was room, false
/// (and nothing recorded) when the limit is reached. Parallel requests cannot all pass
/// the same count.
pub fn take(
    conn: &mut DbConn,
    limit: Limit,
    subject_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    take_all(conn, &[(limit, subject_hash)], now)
}

/// Takes room for one event under every limit at once: recorded under all of them when
/// each had room, under none when any is reached.
pub fn take_all(
    conn: &mut DbConn,
    limits: &[(Limit, &str)],
    now: NaiveDateTime,
) -> QueryResult<bool> {
    for (limit, subject_hash) in limits {
        if !has_room(conn, *limit, subject_hash, now)? {
            return Ok(false);
        }
    }
    for (limit, subject_hash) in limits {
        record(conn, limit.bucket, subject_hash, now)?;
    }
    Ok(true)
}

/// Whether one more event of `limit` fits, with the subject locked until the transaction
/// ends: for limits on failures, recorded with [`record`] only when the attempt failed.
pub fn has_room(
    conn: &mut DbConn,
    limit: Limit,
    subject_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    lock(conn, limit.bucket, subject_hash)?;
    let recent = recent_count(conn, limit.bucket, subject_hash, now, limit.window())?;
    Ok(!limit.is_reached(recent))
}

/// The keyed subjects of one log-in attempt.
pub struct LoginSubjects {
    pub pair: String,
    pub account: String,
    pub address: String,
}

/// The failures that bear on one log-in, with the attempt's subjects locked until the
/// transaction ends (address first, then account, in every request: no deadlock).
pub fn login_failures(
    conn: &mut DbConn,
    subjects: &LoginSubjects,
    now: NaiveDateTime,
) -> QueryResult<LoginFailures> {
    lock(conn, LOGIN_PER_IP.bucket, &subjects.address)?;
    lock(conn, LOGIN_PER_ACCOUNT.bucket, &subjects.account)?;
    let (pair, pair_last) = throttle_events::table
        .filter(throttle_events::bucket.eq(LOGIN_PER_PAIR.bucket))
        .filter(throttle_events::subject_hash.eq(&subjects.pair))
        .filter(throttle_events::occurred_at.gt(now - LOGIN_PER_PAIR.window()))
        .select((diesel::dsl::count_star(), max(throttle_events::occurred_at)))
        .get_result::<(i64, Option<NaiveDateTime>)>(conn)?;
    Ok(LoginFailures {
        pair,
        pair_last,
        account: recent_count(
            conn,
            LOGIN_PER_ACCOUNT.bucket,
            &subjects.account,
            now,
            LOGIN_PER_ACCOUNT.window(),
        )?,
        address: recent_count(
            conn,
            LOGIN_PER_IP.bucket,
            &subjects.address,
            now,
            LOGIN_PER_IP.window(),
        )?,
    })
}

/// Counts a log-in attempt as failed before its password is checked (so parallel guesses
/// see it); [`forget_login_attempt`] takes it back when the password was right.
pub fn record_login_attempt(
    conn: &mut DbConn,
    subjects: &LoginSubjects,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let attempt = new_id();
    for (bucket, subject) in [
        (LOGIN_PER_PAIR.bucket, &subjects.pair),
        (LOGIN_PER_ACCOUNT.bucket, &subjects.account),
        (LOGIN_PER_IP.bucket, &subjects.address),
    ] {
        diesel::insert_into(throttle_events::table)
            .values((
                throttle_events::id.eq(format!("{attempt}-{bucket}")),
                throttle_events::bucket.eq(bucket),
                throttle_events::subject_hash.eq(subject),
                throttle_events::occurred_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(attempt)
}

/// A successful log-in: its own attempt no longer counts, nor do the account's earlier
/// failures (from this address and from anywhere).
pub fn forget_login_attempt(
    conn: &mut DbConn,
    subjects: &LoginSubjects,
    attempt: &str,
) -> QueryResult<()> {
    let own = format!("{attempt}-{}", LOGIN_PER_IP.bucket);
    diesel::delete(throttle_events::table.filter(throttle_events::id.eq(own))).execute(conn)?;
    clear(conn, LOGIN_PER_PAIR.bucket, &subjects.pair)?;
    clear(conn, LOGIN_PER_ACCOUNT.bucket, &subjects.account)
}

/// Events of `bucket` for `subject_hash` since `now - window`.
pub fn recent_count(
    conn: &mut DbConn,
    bucket: &str,
    subject_hash: &str,
    now: NaiveDateTime,
    window: Duration,
) -> QueryResult<i64> {
    throttle_events::table
        .filter(throttle_events::bucket.eq(bucket))
        .filter(throttle_events::subject_hash.eq(subject_hash))
        .filter(throttle_events::occurred_at.gt(now - window))
        .count()
        .get_result(conn)
}

pub fn record(
    conn: &mut DbConn,
    bucket: &str,
    subject_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(throttle_events::table)
        .values((
            throttle_events::id.eq(new_id()),
            throttle_events::bucket.eq(bucket),
            throttle_events::subject_hash.eq(subject_hash),
            throttle_events::occurred_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets the events of one subject (a successful login clears its failures).
pub fn clear(conn: &mut DbConn, bucket: &str, subject_hash: &str) -> QueryResult<()> {
    diesel::delete(
        throttle_events::table
            .filter(throttle_events::bucket.eq(bucket))
            .filter(throttle_events::subject_hash.eq(subject_hash)),
    )
    .execute(conn)
    .map(|_| ())
}

/// Removes events older than `before`; no window is longer than a day.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(throttle_events::table.filter(throttle_events::occurred_at.lt(before)))
        .execute(conn)
}
