//! Deleting what is no longer needed: expired sessions and old throttling counters.

use std::time::Duration;

use chrono::Duration as Age;

use crate::db::{Db, DbError, accounts, throttle};
use crate::domain::throttle::LONGEST_WINDOW_MINUTES;
use crate::domain::time::now_utc;

const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one round removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    pub sessions: usize,
    pub throttle_events: usize,
}

pub async fn run_once(db: &Db) -> Result<Removed, DbError> {
    db.write(|conn| {
        let now = now_utc();
        Ok::<_, DbError>(Removed {
            sessions: accounts::delete_expired_sessions(conn, now)?,
            throttle_events: throttle::purge(conn, now - Age::minutes(LONGEST_WINDOW_MINUTES))?,
        })
    })
    .await
}

/// Runs [`run_once`] now and then every hour, for as long as the server runs. Every
/// process may do this; the deletes are idempotent.
pub async fn run_forever(db: Db) {
    let mut ticker = tokio::time::interval(INTERVAL);
    loop {
        ticker.tick().await;
        match run_once(&db).await {
            Ok(removed) => tracing::debug!(?removed, "housekeeping done"),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
    }
}
