//! SQLite's single writer. One thread owns the write connection; writes queued while it
//! works are committed together in one transaction, each in its own savepoint, so one
//! failing write rolls back alone. Per commit SQLite then appends to the WAL once for
//! many writes, and no request thread waits on a connection pool for the write lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::{DatabaseUrl, DbConn, DbError};

/// Most writes committed together.
const MAX_BATCH: usize = 64;

/// Reports a write's outcome once the batch's commit is known.
pub(super) type Finish = Box<dyn FnOnce(Result<(), DbError>) + Send>;

/// A queued write: run with the connection (inside the batch transaction), or told why
/// it could not run.
pub(super) type Job = Box<dyn FnOnce(Result<&mut DbConn, DbError>) -> Finish + Send>;

/// How often the checkpointer copies committed pages from the WAL into the database.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

pub(super) struct Writer {
    sender: mpsc::Sender<Job>,
    /// Dropping it stops the checkpointer.
    _checkpointer: mpsc::Sender<()>,
}

impl Writer {
    pub(super) fn start(url: &DatabaseUrl) -> Result<Self, DbError> {
        let mut conn = url.connect()?;
        // Checkpoints run on their own thread (below), so that a commit never waits for
        // the WAL to be copied into the database file and synced.
        conn.batch_execute("PRAGMA wal_autocheckpoint = 0")?;
        let restart_wanted = Arc::new(AtomicBool::new(false));
        let _checkpointer = start_checkpointer(url, restart_wanted.clone())?;
        let (sender, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                while let Ok(first) = receiver.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match receiver.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    run_batch(&mut conn, batch);
                    // Only the writer can make the log start over under constant writes:
                    // between its batches nobody else writes.
                    if restart_wanted.swap(false, Ordering::Relaxed)
                        && let Err(error) = conn.batch_execute("PRAGMA wal_checkpoint(RESTART)")
                    {
                        tracing::warn!(%error, "WAL restart failed");
                    }
                }
            })
            .map_err(|_| DbError::Cancelled)?;
        Ok(Self {
            sender,
            _checkpointer,
        })
    }

    pub(super) fn submit(&self, job: Job) -> Result<(), DbError> {
        self.sender.send(job).map_err(|_| DbError::Cancelled)
    }
}

/// Above this many pages (256 MB) in the WAL the writer makes the log start over
/// (RESTART), so a long burst cannot grow the file without end. A restart waits for the
/// readers of the moment, and writes wait meanwhile: at 64 MB it came every second of a
/// signing burst and set signing's p99 at 70 ms, at 256 MB 40 ms.
const RESTART_ABOVE_PAGES: i64 = 64_000;

/// What `PRAGMA wal_checkpoint` reports: busy flag, pages in the log, pages copied.
#[derive(diesel::QueryableByName)]
struct CheckpointResult {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    busy: i32,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    log: i64,
}

/// A thread with its own connection that checkpoints the WAL every
/// [`CHECKPOINT_EVERY`] without blocking the writer or readers (PASSIVE), and asks the
/// writer to restart the log once it has grown large; it runs until the returned sender
/// is dropped.
fn start_checkpointer(
    url: &DatabaseUrl,
    restart_wanted: Arc<AtomicBool>,
) -> Result<mpsc::Sender<()>, DbError> {
    let mut conn = url.connect()?;
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY)
            {
                match checkpoint(&mut conn) {
                    Ok(large) => restart_wanted.store(large, Ordering::Relaxed),
                    Err(error) => tracing::warn!(%error, "WAL checkpoint failed"),
                }
            }
        })
        .map_err(|_| DbError::Cancelled)?;
    Ok(stop)
}

/// Copies what it can; true when the log has grown past [`RESTART_ABOVE_PAGES`].
fn checkpoint(conn: &mut DbConn) -> diesel::QueryResult<bool> {
    use diesel::RunQueryDsl;
    let passive: CheckpointResult =
        diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").get_result(conn)?;
    Ok(passive.busy == 0 && passive.log > RESTART_ABOVE_PAGES)
}

fn run_batch(conn: &mut DbConn, batch: Vec<Job>) {
    let DbConn::Sqlite(inner) = conn else {
        unreachable!("the writer thread is for SQLite")
    };
    // BEGIN IMMEDIATE takes the write lock up front, so busy_timeout applies when another
    // process holds it.
    if let Err(error) = AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE") {
        let message = error.to_string();
        for job in batch {
            job(Err(DbError::Query(
                diesel::result::Error::QueryBuilderError(message.clone().into()),
            )))(Ok(()));
        }
        return;
    }
    let finishes: Vec<Finish> = batch.into_iter().map(|job| job(Ok(&mut *conn))).collect();
    let DbConn::Sqlite(inner) = conn else {
        unreachable!("the writer thread is for SQLite")
    };
    let committed = AnsiTransactionManager::commit_transaction(inner).map_err(DbError::from);
    if committed.is_err() {
        // The original error matters more than a failed rollback.
        let _ = AnsiTransactionManager::rollback_transaction(inner);
    }
    for finish in finishes {
        finish(
            committed
                .as_ref()
                .map(|_| ())
                .map_err(|e| DbError::Commit(e.to_string())),
        );
    }
}

/// Wraps `work` as a job whose result goes to `reply` after the commit.
pub(super) fn job<T, E, F>(work: F, reply: impl FnOnce(Result<T, E>) + Send + 'static) -> Job
where
    T: Send + 'static,
    E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
{
    Box::new(move |conn: Result<&mut DbConn, DbError>| -> Finish {
        match conn {
            Err(error) => Box::new(move |_| reply(Err(E::from(error)))),
            Ok(conn) => {
                // A nested transaction: a savepoint inside the batch.
                let result = conn.transaction(work);
                Box::new(move |committed: Result<(), DbError>| {
                    reply(match (result, committed) {
                        (Ok(value), Ok(())) => Ok(value),
                        (Ok(_), Err(error)) => Err(E::from(error)),
                        (Err(error), _) => Err(error),
                    })
                })
            }
        }
    })
}
