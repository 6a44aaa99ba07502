//! The mail outbox: rows written inside the transaction that causes a mail, claimed by
//! workers with a lease, and marked sent, retried or failed.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::DbConn;
use super::schema::outbox;
use crate::domain::id::OutboxId;
use crate::domain::mail::NextStep;

/// A mail to be written to the outbox.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The one-click unsubscribe address, for the List-Unsubscribe header.
    pub list_unsubscribe: Option<String>,
    /// When set, a second mail with the same key is silently not written.
    pub dedupe_key: Option<String>,
    /// What a mail made at sending needs (JSON); its bodies are empty until then.
    pub template: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMail {
    pub id: OutboxId,
    pub message_id: String,
    pub dedupe_key: Option<String>,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub list_unsubscribe: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub template: Option<String>,
}

/// Writes a mail; returns false when its dedupe key was used before, or when its
/// recipient is no address (a deleted account keeps none, so whatever would tell it is
/// dropped).
pub fn enqueue(
    conn: &mut DbConn,
    mail: &NewMail,
    message_domain: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if !mail.recipient.contains('@') {
        return Ok(false);
    }
    let id = OutboxId::new();
    let message_id = format!("<{id}@{message_domain}>");
    let values = (
        outbox::id.eq(&id),
        outbox::message_id.eq(&message_id),
        outbox::dedupe_key.eq(mail.dedupe_key.as_deref()),
        outbox::kind.eq(mail.kind),
        outbox::recipient.eq(&mail.recipient),
        outbox::subject.eq(&mail.subject),
        outbox::body_text.eq(&mail.body_text),
        outbox::body_html.eq(&mail.body_html),
        outbox::list_unsubscribe.eq(mail.list_unsubscribe.as_deref()),
        outbox::template.eq(mail.template.as_deref()),
        outbox::status.eq("pending"),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
        outbox::created_at.eq(now),
    );
    let inserted = super::insert_unless_present!(conn, outbox::table, values)?;
    Ok(inserted == 1)
}

/// Whether a mail with this dedupe key was written already (so another would not be).
pub fn has_dedupe_key(conn: &mut DbConn, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outbox::table.filter(outbox::dedupe_key.eq(key)),
    ))
    .get_result(conn)
}

/// Sent and failed mail made before `before` keeps its kind, subject, status and times
/// (the admin's list, and the keys that stop a second mail for one event), and loses
/// who it went to and what it said. Returns how many mails lost them.
pub fn forget_delivered(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    let done = || {
        outbox::status
            .eq_any(["sent", "failed"])
            .and(outbox::created_at.lt(before))
            .and(outbox::recipient.ne(""))
    };
    // Keys written before addresses were kept out of them.
    diesel::update(
        outbox::table
            .filter(done())
            .filter(outbox::dedupe_key.like("%@%")),
    )
    .set(outbox::dedupe_key.eq(None::<String>))
    .execute(conn)?;
    diesel::update(outbox::table.filter(done()))
        .set(forgotten())
        .execute(conn)
}

/// The columns a forgotten mail loses: its recipient, its text and what would name them.
pub type Forgotten = (
    diesel::dsl::Eq<outbox::recipient, &'static str>,
    diesel::dsl::Eq<outbox::body_text, &'static str>,
    diesel::dsl::Eq<outbox::body_html, &'static str>,
    diesel::dsl::Eq<outbox::template, Option<String>>,
    diesel::dsl::Eq<outbox::list_unsubscribe, Option<String>>,
    diesel::dsl::Eq<outbox::last_error, Option<String>>,
);

/// The update that forgets a mail's recipient and text (after a week, or at once when
/// the account is deleted).
pub fn forgotten() -> Forgotten {
    (
        outbox::recipient.eq(""),
        outbox::body_text.eq(""),
        outbox::body_html.eq(""),
        outbox::template.eq(None),
        outbox::list_unsubscribe.eq(None),
        outbox::last_error.eq(None),
    )
}

/// Claims up to `limit` due mails for `worker` until `now + lease`. On PostgreSQL rows
/// another worker is claiming are skipped (`FOR UPDATE SKIP LOCKED`); on SQLite the
/// write transaction itself keeps workers apart. A claim whose lease ran out (a worker
/// died mid-send) can be taken again. Each claim counts as an attempt.
pub fn claim(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> QueryResult<Vec<OutboxMail>> {
    let lock = match conn {
        DbConn::Postgres(_) => " FOR UPDATE SKIP LOCKED",
        DbConn::Sqlite(_) => "",
    };
    let until = now + lease;
    diesel::sql_query(format!(
        "UPDATE outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $3 \
         AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY next_attempt_at, id LIMIT $4{lock})"
    ))
    .bind::<Text, _>(worker)
    .bind::<Timestamp, _>(until)
    .bind::<Timestamp, _>(now)
    .bind::<BigInt, _>(limit)
    .execute(conn)?;
    outbox::table
        .filter(outbox::status.eq("pending"))
        .filter(outbox::claimed_by.eq(worker))
        .filter(outbox::claimed_until.eq(until))
        .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
        .select(OutboxMail::as_select())
        .load(conn)
}

/// Records the result of an attempt, if `worker` still holds the claim; `reason` is the
/// transport's answer when the attempt failed.
pub fn finish(
    conn: &mut DbConn,
    id: &OutboxId,
    worker: &str,
    step: &NextStep,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let mine = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::claimed_by.eq(worker));
    let no_claim = (
        outbox::claimed_by.eq(None::<String>),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
    );
    let updated = match step {
        NextStep::MarkSent => diesel::update(mine)
            .set((
                outbox::status.eq("sent"),
                outbox::sent_at.eq(now),
                outbox::last_error.eq(None::<String>),
                no_claim,
            ))
            .execute(conn)?,
        NextStep::RetryAt(at) => diesel::update(mine)
            .set((
                outbox::next_attempt_at.eq(at),
                outbox::last_error.eq(reason.map(truncate)),
                no_claim,
            ))
            .execute(conn)?,
        NextStep::GiveUp(reason) => diesel::update(mine)
            .set((
                outbox::status.eq("failed"),
                outbox::last_error.eq(Some(truncate(reason))),
                no_claim,
            ))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

/// Keeps stored error texts short.
fn truncate(text: &str) -> String {
    text.chars().take(500).collect()
}

/// Puts a failed mail back in the queue (the admin's "try again").
pub fn retry_failed(conn: &mut DbConn, id: &OutboxId, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::status.eq("failed"))
            .filter(outbox::recipient.ne("")),
    )
    .set((
        outbox::status.eq("pending"),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
        outbox::last_error.eq(None::<String>),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Mails with `status`, newest first.
pub fn list(conn: &mut DbConn, status: &str, limit: i64) -> QueryResult<Vec<OutboxMail>> {
    outbox::table
        .filter(outbox::status.eq(status))
        .order(outbox::created_at.desc())
        .limit(limit)
        .select(OutboxMail::as_select())
        .load(conn)
}

/// How many mails are pending, sent and failed.
pub fn counts(conn: &mut DbConn) -> QueryResult<(i64, i64, i64)> {
    let rows: Vec<(String, i64)> = outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    let get = |status: &str| {
        rows.iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    Ok((get("pending"), get("sent"), get("failed")))
}

/// Whether a mail is still due or claimed; used to know when a drain is done.
pub fn has_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<bool> {
    outbox::table
        .filter(outbox::status.eq("pending"))
        .filter(outbox::next_attempt_at.le(now))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}
