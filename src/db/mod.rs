//! Database access: one diesel schema over SQLite and PostgreSQL, chosen at run time.
//!
//! Every difference between the two backends lives in this module tree: connection set-up,
//! migrations, the write transaction and (later) row locking. Queries elsewhere in `db`
//! are written once against [`DbConn`].

/// Runs `$body` with `$inner` bound to the backend's own connection; `$body` is written
/// once and compiled for each backend. For the statements of the hottest paths: through
/// [`DbConn`] diesel writes a query's SQL text out again on every execution (that is how
/// its multi-backend connection collects the binds), while on the backend's own
/// connection a prepared statement is found by the query's type and nothing is rebuilt.
macro_rules! on_backend {
    ($conn:expr, $inner:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($inner) => $body,
            $crate::db::DbConn::Postgres($inner) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Inserts `$values` into `$table` unless a unique constraint holds such a row already;
/// gives the rows written (0 or 1). The two-backend connection cannot express this. On
/// PostgreSQL it is `ON CONFLICT DO NOTHING`, which keeps a duplicate from aborting the
/// surrounding transaction. On SQLite it is `INSERT OR IGNORE`: to diesel a plain
/// insert, prepared once and found by its type, where an insert with ON CONFLICT is
/// written out again on every execution (signing runs two of these on the one writer).
/// OR IGNORE would also skip a row that breaks NOT NULL or CHECK; none written through
/// it can: NOT NULL columns get values that are not `Option`s, and checked columns
/// (states, kinds, levels) get the code's own enums.
macro_rules! insert_unless_present {
    ($conn:expr, $table:expr, $values:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(inner) => diesel::RunQueryDsl::execute(
                diesel::insert_or_ignore_into($table).values($values),
                inner,
            ),
            $crate::db::DbConn::Postgres(inner) => diesel::RunQueryDsl::execute(
                diesel::insert_into($table)
                    .values($values)
                    .on_conflict_do_nothing(),
                inner,
            ),
        }
    };
}
pub(crate) use insert_unless_present;

pub mod accounts;
pub mod address_changes;
pub mod answers;
pub mod bench_data;
pub mod consultations;
pub mod copy;
pub mod councils;
pub mod erasure;
pub mod exports;
pub mod health;
mod id;
pub mod notifications;
pub mod open_data;
pub mod organisations;
pub mod outbox;
pub mod personal_data;
pub mod reactions;
pub mod schema;
pub mod signatures;
pub mod single_sign_on;
pub mod speaking;
mod sqlite_setup;
mod text_enum;
pub mod threads;
pub mod throttle;
pub mod two_factor;
mod writer;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Key of the PostgreSQL advisory lock held while migrating, so that two processes
/// starting at once do not both try to create the same tables.
const MIGRATION_LOCK_KEY: i64 = 0x1A5_9AA4;

/// A connection to either backend; diesel generates the `Connection` impl over both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {}", query_error_text(.0))]
    Query(#[from] diesel::result::Error),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("could not connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("database task was cancelled")]
    Cancelled,
    /// The batch a write belonged to could not be committed (its own work had succeeded).
    #[error("the write could not be committed: {0}")]
    Commit(String),
    #[error("{0}")]
    Unsupported(&'static str),
}

/// The text of a failed query. For a row that could not be read diesel's own text names
/// the field only; the log needs the cause too (an unknown stored state, say).
fn query_error_text(error: &diesel::result::Error) -> String {
    match error {
        diesel::result::Error::DeserializationError(field) => {
            match std::error::Error::source(field.as_ref()) {
                Some(cause) => format!("{field}: {cause}"),
                None => field.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// Where the data lives, decided from the `DATABASE_URL` scheme (never by trial and error:
/// SQLite would accept any string as a file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| {
                format!("DATABASE_URL must start with sqlite:// or postgres://, got {url:?}")
            })?;
        if path.is_empty() {
            return Err("DATABASE_URL names no SQLite file".to_owned());
        }
        Ok(Self::Sqlite(path.to_owned()))
    }

    /// The URL again, as `DATABASE_URL` takes it (contains the password, if any: never log it).
    pub fn connection_string(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{path}"),
            Self::Postgres(url) => url.clone(),
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, Self::Sqlite(_))
    }

    /// One connection with this backend's settings, outside the pools: for migrations
    /// and for the bench's baseline.
    pub fn connect(&self) -> Result<DbConn, diesel::ConnectionError> {
        match self {
            Self::Postgres(url) => Ok(DbConn::Postgres(diesel::PgConnection::establish(url)?)),
            Self::Sqlite(path) => {
                sqlite_setup::configure();
                let mut conn = diesel::SqliteConnection::establish(path)?;
                // Separate statements: SQLite applies pragmas one at a time.
                for pragma in SQLITE_PRAGMAS {
                    conn.batch_execute(pragma).map_err(|e| {
                        diesel::ConnectionError::BadConnection(format!("{pragma}: {e}"))
                    })?;
                }
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

/// Every SQLite connection runs these first (and so does the bench's bare insert loop,
/// to compare like with like).
pub const SQLITE_PRAGMAS: [&str; 8] = [
    // First, so that the pragmas after it wait for another connection's lock too.
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    // No memory map: mapped per connection, the hot pages of the file counted in the
    // server's memory once per connection (660 MB in the bench against 184 MB without),
    // while the kernel's page cache keeps them anyway; the bench measured no loss. Each
    // connection keeps its own 4 MB of pages.
    "PRAGMA mmap_size = 0",
    "PRAGMA cache_size = -4000",
    // The writer runs every write of a batch in its own savepoint; the pages a savepoint
    // could roll back are kept in memory instead of a temporary file (a seventh of the
    // writer's time went to writing that file).
    "PRAGMA temp_store = MEMORY",
    // After a burst the WAL shrinks back to this size once checkpointed.
    "PRAGMA journal_size_limit = 67108864",
];

/// Tells r2d2 how to open a connection for the configured backend, so that a refused
/// PostgreSQL connection reaches the user as such.
struct ConnectionManager {
    url: DatabaseUrl,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = diesel::ConnectionError;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        self.url.connect()
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

type Pool = r2d2::Pool<ConnectionManager>;

/// The application's database: a pool for reads, and a way to write.
///
/// On SQLite writes go to one writer thread that owns the only write connection and
/// commits queued writes together ([`writer`]): SQLite serialises writers anyway. On
/// PostgreSQL writes use the same pool as reads, each in its own transaction.
#[derive(Clone)]
pub struct Db {
    read: Pool,
    /// One permit per pooled connection: a query waits here, on the async side, rather
    /// than on a blocking thread of its own that waits for a connection. Under a burst
    /// that kept 68 threads alive for 8 connections, each with its own malloc arena
    /// (55 MB of the server's memory).
    read_slots: std::sync::Arc<tokio::sync::Semaphore>,
    write: Writes,
    url: DatabaseUrl,
}

#[derive(Clone)]
enum Writes {
    Sqlite(std::sync::Arc<writer::Writer>),
    Postgres(Pool),
}

impl Db {
    /// Runs pending migrations, then opens the pools.
    pub fn connect(url: &DatabaseUrl) -> Result<Self, DbError> {
        let mut conn = url.connect()?;
        run_migrations(&mut conn)?;
        drop(conn);
        let manager = || ConnectionManager { url: url.clone() };
        let build = |size: u32| {
            r2d2::Pool::builder()
                .max_size(size)
                .min_idle(Some(1))
                .connection_timeout(Duration::from_secs(10))
                // A broken connection shows as a query error; checking each one out costs a
                // query per request.
                .test_on_check_out(false)
                .build(manager())
        };
        let (read, write) = match url {
            DatabaseUrl::Sqlite(_) => (
                build(8)?,
                Writes::Sqlite(std::sync::Arc::new(writer::Writer::start(url)?)),
            ),
            DatabaseUrl::Postgres(_) => {
                let pool = build(16)?;
                (pool.clone(), Writes::Postgres(pool))
            }
        };
        let read_slots = std::sync::Arc::new(tokio::sync::Semaphore::new(read.max_size() as usize));
        Ok(Self {
            read,
            read_slots,
            write,
            url: url.clone(),
        })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Runs `query` on a blocking thread with a read connection.
    pub async fn read<T, E, F>(&self, query: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let slot = self
            .read_slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| DbError::Cancelled)?;
        let pool = self.read.clone();
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            let mut conn = pool.get().map_err(DbError::from)?;
            query(&mut conn)
        })
        .await
        .map_err(|_| DbError::Cancelled)?
    }

    /// Runs `work` inside one short write transaction; an `Err` rolls back everything it
    /// wrote. Never runs on the async executor's threads.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        match &self.write {
            Writes::Sqlite(writer) => {
                let (sender, receiver) = tokio::sync::oneshot::channel();
                writer.submit(writer::job(work, move |result| {
                    let _ = sender.send(result);
                }))?;
                receiver.await.map_err(|_| DbError::Cancelled)?
            }
            Writes::Postgres(pool) => {
                let pool = pool.clone();
                tokio::task::spawn_blocking(move || {
                    let mut pooled = pool.get().map_err(DbError::from)?;
                    let conn: &mut DbConn = &mut pooled;
                    conn.transaction(work)
                })
                .await
                .map_err(|_| DbError::Cancelled)?
            }
        }
    }

    /// The synchronous form of [`Db::write`], for the command line.
    pub fn write_blocking<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        match &self.write {
            Writes::Sqlite(writer) => {
                let (sender, receiver) = std::sync::mpsc::channel();
                writer.submit(writer::job(work, move |result| {
                    let _ = sender.send(result);
                }))?;
                receiver.recv().map_err(|_| DbError::Cancelled)?
            }
            Writes::Postgres(pool) => {
                let mut pooled = pool.get().map_err(DbError::from)?;
                let conn: &mut DbConn = &mut pooled;
                conn.transaction(work)
            }
        }
    }

    /// Writes a consistent copy of a live SQLite database to `path`, which must not exist
    /// yet. `VACUUM INTO` reads in one transaction, so writers go on meanwhile, and the copy
    /// is compact. PostgreSQL has `pg_dump` for this.
    pub fn backup(&self, path: &std::path::Path) -> Result<(), DbError> {
        let target = path.to_string_lossy().into_owned();
        self.read_blocking(move |conn| match conn {
            DbConn::Sqlite(inner) => diesel::sql_query("VACUUM INTO ?")
                .bind::<diesel::sql_types::Text, _>(target)
                .execute(inner)
                .map(|_| ())
                .map_err(DbError::from),
            DbConn::Postgres(_) => Err(DbError::Unsupported(
                "backup is for SQLite; on PostgreSQL use pg_dump",
            )),
        })
    }

    /// The synchronous form of [`Db::read`], for the command line.
    pub fn read_blocking<T, E, F>(&self, query: F) -> Result<T, E>
    where
        E: From<DbError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let mut conn = self.read.get().map_err(DbError::from)?;
        query(&mut conn)
    }
}

fn run_migrations(conn: &mut DbConn) -> Result<(), DbError> {
    let migration_error =
        |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(e.to_string());
    match conn {
        DbConn::Sqlite(inner) => {
            // BEGIN IMMEDIATE inside the harness is not available; the busy timeout set on
            // the connection makes a second process wait for the first one's migration.
            inner
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(migration_error)?;
        }
        DbConn::Postgres(inner) => {
            diesel::sql_query("SELECT pg_advisory_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK_KEY)
                .execute(inner)?;
            let result = inner
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|_| ());
            diesel::sql_query("SELECT pg_advisory_unlock($1)")
                .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK_KEY)
                .execute(inner)?;
            result.map_err(migration_error)?;
        }
    }
    Ok(())
}

/// Reverts every migration and applies them again; used by the migration test to prove
/// that each `down.sql` really undoes its `up.sql`.
pub fn redo_all_migrations(url: &DatabaseUrl) -> Result<(), DbError> {
    let migration_error =
        |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(e.to_string());
    let mut conn = url.connect()?;
    run_migrations(&mut conn)?;
    match &mut conn {
        DbConn::Sqlite(inner) => {
            inner
                .revert_all_migrations(SQLITE_MIGRATIONS)
                .map_err(migration_error)?;
        }
        DbConn::Postgres(inner) => {
            inner
                .revert_all_migrations(POSTGRES_MIGRATIONS)
                .map_err(migration_error)?;
        }
    }
    run_migrations(&mut conn)
}

/// The id of a log row that no other row refers to (revisions, the submission log,
/// events); rows that are referred to have a typed id from [`crate::domain::id`].
pub use crate::domain::id::new_uuid as new_id;

/// True when the error is a violated unique constraint on `table.column`: SQLite names
/// the column in its message, PostgreSQL the constraint (`table_column` for an index of
/// ours, `table_column_key` for an inline UNIQUE).
pub fn is_unique_violation_on(error: &diesel::result::Error, table: &str, column: &str) -> bool {
    let diesel::result::Error::DatabaseError(
        diesel::result::DatabaseErrorKind::UniqueViolation,
        info,
    ) = error
    else {
        return false;
    };
    let index = format!("{table}_{column}");
    info.message().contains(&format!("{table}.{column}"))
        || info
            .constraint_name()
            .is_some_and(|name| name == index || name == format!("{index}_key"))
}

/// The cheapest statement that proves the database answers (for the health check).
pub fn ping(conn: &mut DbConn) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1")
}

/// True when a database rule refused a write: a unique key, a reference or a check. Such a
/// refusal is the person's situation (someone else was first), not a fault of ours.
pub fn is_constraint_violation(error: &DbError) -> bool {
    use diesel::result::DatabaseErrorKind as Kind;
    matches!(
        error,
        DbError::Query(diesel::result::Error::DatabaseError(
            Kind::UniqueViolation
                | Kind::ForeignKeyViolation
                | Kind::CheckViolation
                | Kind::NotNullViolation,
            _
        ))
    )
}

/// True when the error is a violated unique constraint (the same on both backends).
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
