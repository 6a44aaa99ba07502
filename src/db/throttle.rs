//! Counting recent events per subject, in the database so that every `serve` process
//! sees the same counts.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::schema::throttle_events;
use super::{DbConn, new_id};

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
