//! When an instance is ready for traffic: the rules behind `/gezondheid/klaar`.

use chrono::{Duration, NaiveDateTime};

/// A mail due longer than this means the worker does not keep up (or is stuck). A news
/// burst of a few thousand confirmation mails is sent well within it.
pub const OUTBOX_MAX_WAIT: Duration = Duration::minutes(15);

/// A worker beats every [`HEARTBEAT_EVERY`]; missing it for this long means none runs.
/// Generous, because one round may wait on a slow SMTP server.
pub const HEARTBEAT_MAX_AGE: Duration = Duration::minutes(2);

/// How often a worker renews its heartbeat row (at most once per round).
pub const HEARTBEAT_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// What the database said, read in one go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// When the longest-waiting unsent mail became due, if any is due.
    pub oldest_due: Option<NaiveDateTime>,
    /// The newest heartbeat of any worker.
    pub last_beat: Option<NaiveDateTime>,
}

/// The outcome of one check; the reason names no person, address or mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Ok,
    Failed(String),
}

/// The three checks, in the order the body lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub database: Check,
    pub outbox: Check,
    pub worker: Check,
}

impl Readiness {
    /// `facts` is `None` when the database did not answer.
    pub fn judge(facts: Option<Facts>, now: NaiveDateTime) -> Self {
        let Some(facts) = facts else {
            let unknown = || Check::Failed("unknown: the database did not answer".into());
            return Self {
                database: Check::Failed("does not answer".into()),
                outbox: unknown(),
                worker: unknown(),
            };
        };
        let outbox = match facts.oldest_due {
            Some(due) if now - due > OUTBOX_MAX_WAIT => Check::Failed(format!(
                "the oldest unsent mail has been due for {} s (limit {} s)",
                (now - due).num_seconds(),
                OUTBOX_MAX_WAIT.num_seconds()
            )),
            _ => Check::Ok,
        };
        let worker = match facts.last_beat {
            None => Check::Failed("no worker has reported a heartbeat".into()),
            Some(beat) if now - beat > HEARTBEAT_MAX_AGE => Check::Failed(format!(
                "the last heartbeat was {} s ago (limit {} s)",
                (now - beat).num_seconds(),
                HEARTBEAT_MAX_AGE.num_seconds()
            )),
            Some(_) => Check::Ok,
        };
        Self {
            database: Check::Ok,
            outbox,
            worker,
        }
    }

    pub fn is_ready(&self) -> bool {
        [&self.database, &self.outbox, &self.worker]
            .iter()
            .all(|check| **check == Check::Ok)
    }

    /// One line per check, such as `worker: failed (no worker has reported a heartbeat)`.
    pub fn report(&self) -> String {
        [
            ("database", &self.database),
            ("outbox", &self.outbox),
            ("worker", &self.worker),
        ]
        .iter()
        .map(|(name, check)| match check {
            Check::Ok => format!("{name}: ok\n"),
            Check::Failed(reason) => format!("{name}: failed ({reason})\n"),
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    fn facts(due_minutes_ago: Option<i64>, beat_seconds_ago: Option<i64>) -> Facts {
        Facts {
            oldest_due: due_minutes_ago.map(|m| now() - Duration::minutes(m)),
            last_beat: beat_seconds_ago.map(|s| now() - Duration::seconds(s)),
        }
    }

    #[test]
    fn ready_with_a_fresh_heartbeat_and_a_young_or_empty_outbox() {
        for due in [None, Some(0), Some(15)] {
            let readiness = Readiness::judge(Some(facts(due, Some(5))), now());
            assert!(readiness.is_ready(), "{due:?}: {}", readiness.report());
            assert_eq!(readiness.report(), "database: ok\noutbox: ok\nworker: ok\n");
        }
    }

    #[test]
    fn an_old_due_mail_fails_the_outbox_check_only() {
        let readiness = Readiness::judge(Some(facts(Some(16), Some(5))), now());
        assert!(!readiness.is_ready());
        assert!(matches!(readiness.outbox, Check::Failed(_)));
        assert_eq!(readiness.worker, Check::Ok);
        assert!(
            readiness
                .report()
                .contains("outbox: failed (the oldest unsent mail has been due for 960 s")
        );
    }

    #[test]
    fn a_missing_or_old_heartbeat_fails_the_worker_check() {
        let none = Readiness::judge(Some(facts(None, None)), now());
        assert!(!none.is_ready());
        assert!(none.report().contains("worker: failed (no worker"));
        let fresh_enough = Readiness::judge(Some(facts(None, Some(120))), now());
        assert!(fresh_enough.is_ready());
        let old = Readiness::judge(Some(facts(None, Some(121))), now());
        assert!(
            old.report()
                .contains("worker: failed (the last heartbeat was 121 s ago")
        );
    }

    #[test]
    fn no_database_fails_everything() {
        let readiness = Readiness::judge(None, now());
        assert!(!readiness.is_ready());
        assert!(readiness.report().starts_with("database: failed"));
    }
}
