//! Building and running the HTTP server; used by `serve` and by the tests alike.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};

use crate::config::Config;
use crate::db::Db;
use crate::web::{AppState, app};

const BLOCKING_THREADS_PER_WORKER: usize = 8;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds the configured address and prepares the server.
    pub fn build(config: Config, db: Db) -> std::io::Result<Self> {
        let listener = TcpListener::bind(&config.bind)?;
        Self::build_with_listener(listener, config, db)
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
