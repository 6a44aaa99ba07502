//! Deleting what is no longer needed: expired sessions, old throttling counters, signers'
//! and guests' addresses after the retention period, signatures and posts never
//! confirmed, the recipients and texts of mail sent more than a week ago, and the
//! addresses of an address change once its links have expired.

use std::time::Duration;

use chrono::{Duration as Age, NaiveDateTime};

use crate::db::{Db, DbError, accounts, address_changes, outbox, signatures, threads, throttle};
use crate::domain::account::{EMAIL_CHANGE_HOURS, EMAIL_REVERT_DAYS};
use crate::domain::mail::MAIL_KEPT_DAYS;
use crate::domain::throttle::LONGEST_WINDOW_MINUTES;
use crate::domain::time::Clock;

const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one round removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    pub sessions: usize,
    pub throttle_events: usize,
    /// Signers' addresses removed after their consultation's retention period.
    pub signer_addresses: usize,
    /// Unconfirmed signatures whose links expired.
    pub unconfirmed_signatures: usize,
    /// Addresses of guests who posted, after their consultation's retention period.
    pub guest_addresses: usize,
    /// Guests' posts never confirmed before their links expired.
    pub unconfirmed_posts: usize,
    /// Sent and failed mails that lost their recipient and text.
    pub mail_contents: usize,
    /// Address changes never confirmed within a day, and old addresses kept a week after
    /// a change (for the link that puts them back).
    pub address_changes: usize,
}

/// `now` is the clock's moment: the retention periods are counted back from it.
pub async fn run_once(db: &Db, now: NaiveDateTime) -> Result<Removed, DbError> {
    db.write(move |conn| {
        let (signer_addresses, unconfirmed_signatures) = signatures::purge(conn, now)?;
        // Unconfirmed posts first: they go entirely, and are not counted as addresses.
        let unconfirmed_posts = threads::purge_unconfirmed(conn, now)?;
        Ok::<_, DbError>(Removed {
            sessions: accounts::delete_expired_sessions(conn, now)?,
            throttle_events: throttle::purge(conn, now - Age::minutes(LONGEST_WINDOW_MINUTES))?,
            signer_addresses,
            unconfirmed_signatures,
            guest_addresses: threads::forget_guest_addresses(conn, now)?,
            unconfirmed_posts,
            mail_contents: outbox::forget_delivered(conn, now - Age::days(MAIL_KEPT_DAYS))?,
            address_changes: address_changes::purge(
                conn,
                now - Age::hours(EMAIL_CHANGE_HOURS),
                now - Age::days(EMAIL_REVERT_DAYS),
            )?,
        })
    })
    .await
}

/// Runs [`run_once`] now and then every hour, for as long as the server runs. Every
/// process may do this; the deletes are idempotent.
pub async fn run_forever(db: Db, clock: Clock) {
    let mut ticker = tokio::time::interval(INTERVAL);
    loop {
        ticker.tick().await;
        match run_once(&db, clock.now()).await {
            Ok(removed) => tracing::debug!(?removed, "housekeeping done"),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
    }
}
