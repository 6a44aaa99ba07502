//! Building and running the HTTP server; used by `serve` and by the tests alike.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};

use crate::config::Config;
use crate::db::{Db, DbError};
use crate::mail::{MailSettings, MailTransport, Mailer};
use crate::web::{AppState, app};

const BLOCKING_THREADS_PER_WORKER: usize = 8;

/// What stops the program before it runs: the setting's fault, so exit code 2 and one
/// line that names the variable (and never a password).
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("DATABASE_URL: {0}")]
    Database(String),
    #[error("INSPRAAK_BIND {address}: {reason}")]
    Bind { address: String, reason: String },
    #[error("INSPRAAK_SMTP_URL: {0}")]
    SmtpUrl(String),
    #[error("INSPRAAK_MAIL_DIR {folder}: {reason}")]
    MailDir { folder: String, reason: String },
}

/// An error's text on one line: libpq's, for one, spans several.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Opens the database (running migrations); a database that cannot be reached is the
/// configuration's fault, any other failure is not.
pub fn connect(url: &crate::db::DatabaseUrl) -> anyhow::Result<Db> {
    match Db::connect(url) {
        Ok(db) => Ok(db),
        Err(DbError::Connect(error)) => Err(StartupError::Database(format!(
            "cannot connect to the database: {}",
            one_line(&error.to_string())
        ))
        .into()),
        Err(error) => Err(error.into()),
    }
}

/// Checks at start what the mail worker will need: an SMTP URL that lettre can read,
/// or a mail folder this process can write into.
pub fn check_mail(settings: &MailSettings) -> Result<(), StartupError> {
    match &settings.transport {
        MailTransport::Smtp(_) => Mailer::new(settings.clone())
            .map(|_| ())
            .map_err(|error| StartupError::SmtpUrl(one_line(&smtp_reason(&error)))),
        MailTransport::Files(folder) => {
            let fail = |error: std::io::Error| StartupError::MailDir {
                folder: folder.display().to_string(),
                reason: one_line(&error.to_string()),
            };
            std::fs::create_dir_all(folder).map_err(fail)?;
            // Root may write into a folder whose mode forbids it, so try it.
            let probe = folder.join(format!(".write-test-{}", uuid::Uuid::new_v4()));
            std::fs::write(&probe, b"").map_err(fail)?;
            std::fs::remove_file(&probe).map_err(fail)
        }
    }
}

/// lettre's own words, without the variable name the mail error puts before them.
fn smtp_reason(error: &crate::mail::MailError) -> String {
    match error {
        crate::mail::MailError::Smtp(error) => format!("cannot be used: {error}"),
        error => error.to_string(),
    }
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds the configured address and prepares the server.
    pub fn build(config: Config, db: Db) -> Result<Self, StartupError> {
        let address = config.bind.clone();
        let fail = |error: std::io::Error| StartupError::Bind {
            address: address.clone(),
            reason: match error.kind() {
                std::io::ErrorKind::AddrInUse => "address in use".to_owned(),
                _ => one_line(&error.to_string()),
            },
        };
        let listener = TcpListener::bind(&config.bind).map_err(fail)?;
        Self::build_with_listener(listener, config, db).map_err(fail)
    }

    /// Prepares the server on a socket bound already (tests bind port 0 first, so they
    /// know the base URL before the configuration is made).
    pub fn build_with_listener(
        listener: TcpListener,
        config: Config,
        db: Db,
    ) -> std::io::Result<Self> {
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState::new(db, config));
        let server = HttpServer::new(move || app(state.clone()))
            // Blocking work (queries, password hashes, PDFs) runs on a few threads per
            // worker: database reads wait for one of the pool's connections anyway, and
            // every extra thread kept its own malloc arena alive (tokio's default is
            // hundreds).
            .worker_max_blocking_threads(BLOCKING_THREADS_PER_WORKER)
            .listen(listener)?
            .run();
        Ok(Self { port, server })
    }

    /// Stops the server from outside, as a test does when it ends: actix's workers run on
    /// threads of their own and would otherwise keep the database pool open.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
