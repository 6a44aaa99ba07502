//! What the readiness check and the metrics read: worker heartbeats, the outbox's
//! oldest due mail, and the signatures held for review.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{outbox, signatures, worker_heartbeats};
use crate::domain::health::Facts;
use crate::domain::signature::SignatureState;

/// Rows of workers silent this long are removed (each process start is a new worker).
const FORGET_WORKERS_AFTER: Duration = Duration::days(1);

/// Records that `worker` is alive at `now`, and forgets workers long gone.
pub fn beat(conn: &mut DbConn, worker: &str, now: NaiveDateTime) -> QueryResult<()> {
    let renewed = diesel::update(worker_heartbeats::table.find(worker))
        .set(worker_heartbeats::beat_at.eq(now))
        .execute(conn)?;
    if renewed == 0 {
        // The id is this process's own, so no other writer inserts it meanwhile.
        diesel::insert_into(worker_heartbeats::table)
            .values((
                worker_heartbeats::worker_id.eq(worker),
                worker_heartbeats::beat_at.eq(now),
            ))
            .execute(conn)?;
        diesel::delete(
            worker_heartbeats::table
                .filter(worker_heartbeats::beat_at.lt(now - FORGET_WORKERS_AFTER)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// The newest heartbeat of any worker.
pub fn last_beat(conn: &mut DbConn) -> QueryResult<Option<NaiveDateTime>> {
    worker_heartbeats::table
        .select(diesel::dsl::max(worker_heartbeats::beat_at))
        .get_result(conn)
}

/// When the longest-waiting unsent mail became due (uses the outbox's due index).
pub fn oldest_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Option<NaiveDateTime>> {
    outbox::table
        .filter(outbox::status.eq("pending"))
        .filter(outbox::next_attempt_at.le(now))
        .select(diesel::dsl::min(outbox::next_attempt_at))
        .get_result(conn)
}

/// Everything the readiness check judges.
pub fn facts(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Facts> {
    Ok(Facts {
        oldest_due: oldest_due(conn, now)?,
        last_beat: last_beat(conn)?,
    })
}

/// What the metrics show from the database, read when Prometheus asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scraped {
    /// Not sent yet (due or waiting for a retry).
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub held_signatures: i64,
    pub last_beat: Option<NaiveDateTime>,
}

pub fn scrape(conn: &mut DbConn) -> QueryResult<Scraped> {
    let (queued, sent, failed) = super::outbox::counts(conn)?;
    Ok(Scraped {
        queued,
        sent,
        failed,
        held_signatures: held_signatures(conn)?,
        last_beat: last_beat(conn)?,
    })
}

/// Signatures held for the griffie's review, in every council.
pub fn held_signatures(conn: &mut DbConn) -> QueryResult<i64> {
    signatures::table
        .filter(signatures::state.eq(SignatureState::Held))
        .count()
        .get_result(conn)
}
