//! A small HTTP/1.1 load generator: keep-alive connections, each sending a request built
//! for its sequence number and waiting for the whole response before the next.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What one scenario measured.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: u64,
    pub errors: u64,
    /// Latencies in microseconds, sorted.
    pub latencies: Vec<u64>,
    pub elapsed: Duration,
}

impl Stats {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[index] as f64 / 1000.0
    }
}

/// Sends requests from `connections` connections for `duration`; `build(n)` makes the
/// n-th request (raw bytes). A response with status 400 or higher counts as an error.
pub async fn run<F>(address: &str, connections: usize, duration: Duration, build: F) -> Stats
where
    F: Fn(u64) -> Vec<u8> + Send + Sync + 'static,
{
    let build = Arc::new(build);
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let (build, counter, address) = (build.clone(), counter.clone(), address.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut stats = Stats::default();
            let Ok(mut stream) = TcpStream::connect(&address).await else {
                stats.errors += 1;
                return stats;
            };
            let _ = stream.set_nodelay(true);
            let mut buffer = Vec::with_capacity(64 * 1024);
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let request = build(n);
                let sent = Instant::now();
                let status = match exchange(&mut stream, &request, &mut buffer).await {
                    Some(status) => status,
                    None => {
                        stats.errors += 1;
                        match TcpStream::connect(&address).await {
                            Ok(fresh) => {
                                stream = fresh;
                                continue;
                            }
                            Err(_) => break,
                        }
                    }
                };
                stats.latencies.push(sent.elapsed().as_micros() as u64);
                stats.requests += 1;
                if status >= 400 {
                    stats.errors += 1;
                }
            }
            stats
        }));
    }
    let mut total = Stats::default();
    for task in tasks {
        if let Ok(stats) = task.await {
            total.requests += stats.requests;
            total.errors += stats.errors;
            total.latencies.extend(stats.latencies);
        }
    }
    total.elapsed = started.elapsed();
    total.latencies.sort_unstable();
    total
}

/// One request and its response; returns the status code.
async fn exchange(stream: &mut TcpStream, request: &[u8], buffer: &mut Vec<u8>) -> Option<u16> {
    stream.write_all(request).await.ok()?;
    buffer.clear();
    let mut chunk = [0u8; 16 * 1024];
    let header_end = loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(at) = find(buffer, b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = std::str::from_utf8(&buffer[..header_end]).ok()?;
    let status: u16 = head.split(' ').nth(1)?.parse().ok()?;
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(status)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A GET request with optional extra header lines.
pub fn get(host: &str, path: &str, headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n").into_bytes()
}

/// A form POST.
pub fn post(host: &str, path: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{headers}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Fetches one page with the real client code and returns (status, headers, body).
pub async fn fetch(address: &str, request: &[u8]) -> Option<(u16, String, String)> {
    let mut stream = TcpStream::connect(address).await.ok()?;
    let mut buffer = Vec::new();
    let status = exchange(&mut stream, request, &mut buffer).await?;
    let split = find(&buffer, b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buffer[..split]).into_owned();
    let body = String::from_utf8_lossy(&buffer[split..]).into_owned();
    Some((status, head, body))
}
