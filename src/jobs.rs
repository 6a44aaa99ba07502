//! What the worker does on a schedule besides sending mail: closing consultations at
//! their deadline (the mails about it come from `mail::notify`).

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::{DbConn, consultations, notifications, reactions};
use crate::domain::consultation::EventKind;
use crate::mail::notify::{self, MailContext};
use crate::mail::templates::ClosingCounts;

/// Closes every open consultation past its deadline, records the event and mails the
/// griffie and the members; safe to run in several processes at once (the close is
/// conditional on the round being open). Returns how many it closed.
pub fn close_due_consultations(
    conn: &mut DbConn,
    ctx: &MailContext,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut closed = 0;
    for id in notifications::due_for_closing(conn, now)? {
        if !notifications::close_if_open(conn, &id, now)? {
            continue;
        }
        let Some(listing) = consultations::find_consultation(conn, &id)? else {
            continue;
        };
        notifications::record_event(conn, &id, EventKind::Closed, now)?;
        let counts = ClosingCounts {
            decision_points: i64::try_from(consultations::decision_points_of(conn, &id)?.len())
                .unwrap_or(i64::MAX),
            reactions: reactions::count_submitted(conn, &id)?,
        };
        notify::consultation_closed(conn, ctx, &listing, counts, now)?;
        closed += 1;
    }
    Ok(closed)
}
