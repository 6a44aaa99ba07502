//! What the bench compares the application with: the same database doing nothing but
//! inserting signature rows, one commit each, and the server in its own process, so
//! that its memory is measured without the load generator's.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{DISTRICTS, Data};
use crate::db::bench_data::insert_signature;
use crate::db::{DatabaseUrl, DbError};
use crate::domain::time::now_utc;

/// Inserts signature rows into the loaded database, each in its own transaction, from
/// one connection with the application's settings, for `duration`; returns rows per
/// second. The rows are deleted afterwards so the scenarios see the loaded data only.
pub fn insert_loop(url: &DatabaseUrl, data: &Data, duration: Duration) -> anyhow::Result<f64> {
    let mut conn = url.connect()?;
    let now = now_utc();
    let started = Instant::now();
    let mut rows = 0usize;
    while started.elapsed() < duration {
        let position = &data.positions[rows % data.positions.len()];
        let district = DISTRICTS[rows % DISTRICTS.len()];
        // Numbers far above the loaded ones keep the addresses unique.
        insert_signature(
            &mut conn,
            &data.consultation,
            position,
            district,
            10_000_000 + rows,
            true,
            now,
        )
        .map_err(DbError::from)?;
        rows += 1;
    }
    let per_second = rows as f64 / started.elapsed().as_secs_f64();
    crate::db::bench_data::delete_baseline_signatures(&mut conn).map_err(DbError::from)?;
    Ok(per_second)
}

/// `inspraak serve --no-worker` on the loaded database, as its own process.
pub struct Server {
    child: Child,
}

impl Server {
    pub fn spawn(
        url: &DatabaseUrl,
        address: &str,
        secret: &str,
        mail_dir: &std::path::Path,
    ) -> anyhow::Result<Self> {
        let child = Command::new(std::env::current_exe()?)
            .args(["serve", "--no-worker"])
            .env("DATABASE_URL", url.connection_string())
            .env("INSPRAAK_BIND", address)
            .env("INSPRAAK_BASE_URL", format!("http://{address}"))
            .env("INSPRAAK_SECRET_KEY", secret)
            // Signatures come from many networks, as in a real news burst, through
            // X-Forwarded-For rather than all from 127.0.0.1.
            .env("INSPRAAK_TRUSTED_PROXIES", "127.0.0.1")
            .env("INSPRAAK_MAIL_DIR", mail_dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?;
        Ok(Self { child })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Peak resident memory so far (`VmHWM`), in MB.
    pub fn peak_memory_mb(&self) -> u64 {
        status_kb(self.pid(), "VmHWM:") / 1024
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A field of `/proc/{pid}/status` in kB (0 when it cannot be read).
pub fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
