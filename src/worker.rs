//! The worker process: closes consultations at their deadline (`jobs`), queues digests,
//! and delivers the outbox. Several workers may run against one database: rows are claimed with a
//! lease, so a row is never sent by two workers at the same time, and a row whose worker
//! died is picked up again when its lease ends (at-least-once, same Message-ID).

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;

use crate::db::outbox::{self, OutboxMail};
use crate::db::{Db, DbError};
use crate::domain::health::HEARTBEAT_EVERY;
use crate::domain::mail::{DeliveryOutcome, lease, next_step};
use crate::domain::time::Clock;
use crate::mail::Mailer;
use crate::mail::notify::{self, MailContext};

const BATCH: i64 = 50;
const PARALLEL_SENDS: usize = 8;
const IDLE_PAUSE: Duration = Duration::from_secs(2);
const JOBS_EVERY: Duration = Duration::from_secs(60);

pub struct Worker {
    db: Db,
    mailer: Arc<Mailer>,
    ctx: MailContext,
    id: String,
    clock: Clock,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub closed: usize,
    pub digests: usize,
    pub attempted: usize,
}

impl Worker {
    pub fn new(db: Db, mailer: Mailer, ctx: MailContext, clock: Clock) -> Self {
        Self {
            db,
            mailer: Arc::new(mailer),
            ctx,
            id: uuid::Uuid::new_v4().to_string(),
            clock,
        }
    }

    /// Renews this worker's heartbeat row, which the readiness check and the metrics read.
    pub async fn beat(&self) -> Result<(), DbError> {
        let (worker, now) = (self.id.clone(), self.clock.now());
        self.db
            .write(move |conn| crate::db::health::beat(conn, &worker, now).map_err(DbError::from))
            .await
    }

    /// Closes consultations past their deadline and queues digests.
    pub async fn run_jobs(&self) -> Result<Round, DbError> {
        let (ctx, now) = (self.ctx.clone(), self.clock.now());
        let closed = self
            .db
            .write(move |conn| {
                crate::jobs::close_due_consultations(conn, &ctx, now).map_err(DbError::from)
            })
            .await?;
        let ctx = self.ctx.clone();
        let digests = self
            .db
            .write(move |conn| notify::queue_digests(conn, &ctx, now).map_err(DbError::from))
            .await?;
        Ok(Round {
            closed,
            digests,
            attempted: 0,
        })
    }

    /// Claims one batch of due mails and tries each once; returns how many it tried.
    pub async fn deliver_batch(&self) -> Result<usize, DbError> {
        let (worker, now) = (self.id.clone(), self.clock.now());
        let claimed: Vec<OutboxMail> = self
            .db
            .write(move |conn| {
                outbox::claim(conn, &worker, now, lease(), BATCH).map_err(DbError::from)
            })
            .await?;
        let count = claimed.len();
        let results: Vec<Result<(), DbError>> = futures_util::stream::iter(claimed)
            .map(|mail| self.deliver_one(mail))
            .buffer_unordered(PARALLEL_SENDS)
            .collect()
            .await;
        results.into_iter().collect::<Result<(), DbError>>()?;
        Ok(count)
    }

    async fn deliver_one(&self, mail: OutboxMail) -> Result<(), DbError> {
        let (id, kind, attempts) = (mail.id.clone(), mail.kind.clone(), mail.attempts);
        // A mail queued with a template is written now, from what the database holds now.
        let ctx = self.ctx.clone();
        let rendered = self
            .db
            .read(move |conn| notify::render_deferred(conn, &ctx, mail).map_err(DbError::from))
            .await?;
        let outcome = match &rendered {
            Some(mail) => self.mailer.deliver(mail).await,
            None => DeliveryOutcome::Permanent("what the mail was about no longer exists".into()),
        };
        let reason = match &outcome {
            DeliveryOutcome::Sent => None,
            DeliveryOutcome::Transient(reason) | DeliveryOutcome::Permanent(reason) => {
                Some(reason.clone())
            }
        };
        match &outcome {
            DeliveryOutcome::Sent => {
                tracing::info!(mail = %id, kind = %kind, "mail sent")
            }
            DeliveryOutcome::Transient(_) => {
                tracing::warn!(mail = %id, kind = %kind, attempts, "mail delivery failed, will retry")
            }
            DeliveryOutcome::Permanent(_) => {
                tracing::warn!(mail = %id, kind = %kind, "mail refused permanently")
            }
        }
        let now = self.clock.now();
        let step = next_step(outcome, attempts, now);
        let worker = self.id.clone();
        self.db
            .write(move |conn| {
                outbox::finish(conn, &id, &worker, &step, reason.as_deref(), now)
                    .map_err(DbError::from)
            })
            .await?;
        Ok(())
    }

    /// Runs the jobs once, then delivers until nothing is due any more.
    pub async fn drain(&self) -> Result<Round, DbError> {
        self.beat().await?;
        let mut round = self.run_jobs().await?;
        loop {
            let attempted = self.deliver_batch().await?;
            round.attempted += attempted;
            let now = self.clock.now();
            let due = self
                .db
                .read(move |conn| outbox::has_due(conn, now).map_err(DbError::from))
                .await?;
            if attempted == 0 && !due {
                return Ok(round);
            }
            if attempted == 0 {
                // Due rows are claimed by another worker; wait for them.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    /// Works until the process ends; errors are logged and the loop goes on.
    pub async fn run_forever(self) {
        let mut last_jobs: Option<tokio::time::Instant> = None;
        let mut last_beat: Option<tokio::time::Instant> = None;
        loop {
            // Every round, but at most every few seconds: a busy round takes milliseconds.
            if last_beat.is_none_or(|at| at.elapsed() >= HEARTBEAT_EVERY) {
                match self.beat().await {
                    Ok(()) => last_beat = Some(tokio::time::Instant::now()),
                    Err(error) => tracing::warn!(%error, "worker heartbeat failed"),
                }
            }
            if last_jobs.is_none_or(|at| at.elapsed() >= JOBS_EVERY) {
                if let Err(error) = self.run_jobs().await {
                    tracing::warn!(%error, "mail jobs failed");
                }
                last_jobs = Some(tokio::time::Instant::now());
            }
            match self.deliver_batch().await {
                Ok(0) => tokio::time::sleep(IDLE_PAUSE).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "mail delivery round failed");
                    tokio::time::sleep(IDLE_PAUSE).await;
                }
            }
        }
    }
}
