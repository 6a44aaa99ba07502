//! Rules for outgoing mail: when to try again, when to give up, when a digest is due.

use super::id::{CommitteeMemberId, ConsultationId};
use chrono::{Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// Days that a sent or failed mail keeps its recipient and text (for the admin to look
/// into a complaint or retry it); after that only its kind, subject and times remain.
/// Shorter than any council's retention period (at least 30 days), so no address
/// outlives its consultation's retention in the outbox either.
pub const MAIL_KEPT_DAYS: i64 = 7;

/// An address as the admin's mail list shows it: enough to recognise, not to read off
/// (`a…@example.nl`).
pub fn masked_address(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}…@{domain}")
        }
        None if address.is_empty() => String::new(),
        None => "…".to_owned(),
    }
}

/// After this many failed attempts a mail is marked failed for the admin to look at.
pub const MAX_ATTEMPTS: i32 = 8;

/// How long a worker may hold a claimed mail before another worker may take it over.
pub fn lease() -> Duration {
    Duration::minutes(5)
}

/// What happened when a mail was handed to the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent,
    /// Worth trying again later (a 4xx answer, a lost connection).
    Transient(String),
    /// Trying again will not help (a 5xx answer such as "no such user").
    Permanent(String),
}

/// What to write down after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    MarkSent,
    RetryAt(NaiveDateTime),
    GiveUp(String),
}

/// Exponential backoff: one minute after the first failure, doubling up to a day.
pub fn retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 11)).unwrap_or(0);
    Duration::minutes((1_i64 << exponent).min(24 * 60))
}

/// Decides what follows an attempt; `attempts` counts this attempt too.
pub fn next_step(outcome: DeliveryOutcome, attempts: i32, now: NaiveDateTime) -> NextStep {
    match outcome {
        DeliveryOutcome::Sent => NextStep::MarkSent,
        DeliveryOutcome::Permanent(reason) => NextStep::GiveUp(reason),
        DeliveryOutcome::Transient(reason) if attempts >= MAX_ATTEMPTS => NextStep::GiveUp(reason),
        DeliveryOutcome::Transient(_) => NextStep::RetryAt(now + retry_delay(attempts)),
    }
}

/// The Amsterdam calendar day of a UTC moment, as `2026-11-25`; digests are counted per day.
pub fn amsterdam_day(utc: NaiveDateTime) -> String {
    let local = Utc.from_utc_datetime(&utc).with_timezone(&Amsterdam);
    format!(
        "{:04}-{:02}-{:02}",
        local.year(),
        local.month(),
        local.day()
    )
}

/// The key that makes a member's digest for one consultation unique per day.
pub fn digest_key(
    member_id: &CommitteeMemberId,
    consultation_id: &ConsultationId,
    now: NaiveDateTime,
) -> String {
    format!(
        "digest:{member_id}:{consultation_id}:{}",
        amsterdam_day(now)
    )
}

/// A moderator hears about waiting posts at most this often.
pub fn moderation_alert_gap() -> Duration {
    Duration::hours(1)
}

/// Who sent a reaction, as a council member's digest names it: the organisation, or the
/// resident's name only where they chose to publish it.
pub fn digest_sender(organisation: Option<&str>, name: &str, publish_name: bool) -> String {
    match organisation {
        Some(organisation) => organisation.to_owned(),
        None if publish_name => name.to_owned(),
        None => "een inwoner".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_sees_addresses_masked() {
        assert_eq!(
            masked_address("Anna.Jansen+steun@Example.nl"),
            "A…@Example.nl"
        );
        assert_eq!(masked_address(""), "");
        assert_eq!(masked_address("geen-adres"), "…");
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn retries_back_off_exponentially_up_to_a_day() {
        assert_eq!(retry_delay(1), Duration::minutes(1));
        assert_eq!(retry_delay(2), Duration::minutes(2));
        assert_eq!(retry_delay(5), Duration::minutes(16));
        assert_eq!(retry_delay(30), Duration::minutes(24 * 60));
    }

    #[test]
    fn permanent_failures_are_not_retried_and_transient_ones_stop_at_the_limit() {
        let now = at("2026-11-25 10:00");
        assert_eq!(next_step(DeliveryOutcome::Sent, 1, now), NextStep::MarkSent);
        assert_eq!(
            next_step(DeliveryOutcome::Permanent("550".into()), 1, now),
            NextStep::GiveUp("550".into())
        );
        assert_eq!(
            next_step(DeliveryOutcome::Transient("451".into()), 1, now),
            NextStep::RetryAt(at("2026-11-25 10:01"))
        );
        assert_eq!(
            next_step(DeliveryOutcome::Transient("451".into()), MAX_ATTEMPTS, now),
            NextStep::GiveUp("451".into())
        );
    }

    #[test]
    fn digest_days_follow_amsterdam_midnight() {
        // 23:30 UTC on the 24th is already the 25th in Amsterdam (winter time).
        assert_eq!(amsterdam_day(at("2026-11-24 23:30")), "2026-11-25");
        assert_eq!(amsterdam_day(at("2026-11-24 22:59")), "2026-11-24");
        assert_eq!(
            digest_key(&"m".into(), &"c".into(), at("2026-11-24 23:30")),
            "digest:m:c:2026-11-25"
        );
    }

    #[test]
    fn digests_name_organisations_and_only_published_residents() {
        assert_eq!(digest_sender(Some("De Horst"), "Anna", false), "De Horst");
        assert_eq!(digest_sender(None, "Anna Jansen", true), "Anna Jansen");
        assert_eq!(digest_sender(None, "Anna Jansen", false), "een inwoner");
    }
}
