//! Building and running the HTTP server; used by `serve` and by the tests alike.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};

use crate::config::Config;
use crate::db::Db;
use crate::web::{AppState, app};

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds the configured address (port 0 picks a free port) and prepares the server.
    pub fn build(config: Config, db: Db) -> std::io::Result<Self> {
        let listener = TcpListener::bind(&config.bind)?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState { db, config });
        let server = HttpServer::new(move || app(state.clone()))
            .listen(listener)?
            .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
