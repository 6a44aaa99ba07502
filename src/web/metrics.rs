//! Metrics in the Prometheus (OpenMetrics) text format at `GET /metrics`, behind the
//! bearer token `INSPRAAK_METRICS_TOKEN`, and the access log line per request.
//!
//! Requests are counted by route template (`/consultaties/{id}`), never by the path
//! itself: a path can hold a token (`/account/bevestigen/{token}`) and would make a
//! series per id. The database figures are read when Prometheus asks, not kept.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tracing::Instrument;

use super::{AppError, AppState};
use crate::db::DbError;
use crate::db::health::Scraped;
use chrono::NaiveDateTime;

/// Seconds; from a cached page (under a millisecond) to a large export.
const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The route label of a request that matched no route.
const UNMATCHED: &str = "unmatched";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

/// A series without labels, in a family so that it can be left out.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NoLabels {}

/// The registry and its metrics; one per server, so that tests in one process do not
/// count each other's requests.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    outbox: Family<StateLabels, Gauge>,
    held_signatures: Gauge,
    /// Empty until a worker has beaten: no value is better than a made-up one.
    worker_lag: Family<NoLabels, Gauge<f64, std::sync::atomic::AtomicU64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("inspraak");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS));
        registry.register_with_unit(
            "http_request_duration",
            "Time until the response head, by method and route template",
            Unit::Seconds,
            latency.clone(),
        );
        let outbox = Family::<StateLabels, Gauge>::default();
        registry.register(
            "outbox_mails",
            "Mails in the outbox by state (queued: not sent yet)",
            outbox.clone(),
        );
        let held_signatures = Gauge::default();
        registry.register(
            "signatures_held",
            "Signatures held for the griffie's review",
            held_signatures.clone(),
        );
        let worker_lag = Family::<NoLabels, Gauge<f64, std::sync::atomic::AtomicU64>>::default();
        registry.register_with_unit(
            "worker_lag",
            "Time since the newest mail worker heartbeat (absent: none yet)",
            Unit::Seconds,
            worker_lag.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            outbox,
            held_signatures,
            worker_lag,
        }
    }
}

impl Metrics {
    fn observe(&self, method: &'static str, route: String, status: u16, seconds: f64) {
        self.latency
            .get_or_create(&RouteLabels {
                method,
                route: route.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    fn encode(&self, scraped: &Scraped, now: NaiveDateTime) -> Result<String, std::fmt::Error> {
        for (state, count) in [
            ("queued", scraped.queued),
            ("sent", scraped.sent),
            ("failed", scraped.failed),
        ] {
            self.outbox.get_or_create(&StateLabels { state }).set(count);
        }
        self.held_signatures.set(scraped.held_signatures);
        match scraped.last_beat {
            Some(beat) => {
                let lag = (now - beat).num_milliseconds().max(0) as f64 / 1000.0;
                self.worker_lag.get_or_create(&NoLabels {}).set(lag);
            }
            None => self.worker_lag.clear(),
        }
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// A fixed label per method, so that made-up methods make no new series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The route template of an answered request, rebuilt from what routing left in it: the
/// path with each matched segment replaced by `{name}`. Asking actix
/// (`HttpRequest::match_pattern`) walks the route table again, with a regex per route:
/// 3 to 50 µs a request in a release build with our 137 routes, where this takes 20 to
/// 80 ns.
/// A request that was not routed to the end, and the fallback for unknown paths, have
/// none; so the label is never a path that no route declared.
fn route_template(req: &HttpRequest) -> Option<String> {
    let info = req.match_info();
    if !info.unprocessed().is_empty() {
        return None;
    }
    let path = info.as_str();
    let mut template = String::with_capacity(path.len() + 8);
    let mut at = 0;
    for (name, value) in info.iter() {
        // Each value is a slice of the path; find where.
        let start = (value.as_ptr() as usize).checked_sub(path.as_ptr() as usize)?;
        let end = start + value.len();
        template.push_str(path.get(at..start)?);
        template.push('{');
        template.push_str(name);
        template.push('}');
        at = end;
    }
    template.push_str(path.get(at..)?);
    (template != super::methods::FALLBACK_TEMPLATE).then_some(template)
}

/// Middleware: counts and times every request, and writes its access log line (method,
/// route template, status, milliseconds: no path, query, address or form value).
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = method_label(req.method());
    // Every event of the request (a failed query, a refused mail) carries its method and,
    // once routed, its route template and status; never its path, which can hold tokens.
    let span = tracing::info_span!(
        "request",
        method,
        route = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let response = next.call(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let (status, route) = match &response {
        Ok(response) => (response.status(), route_template(response.request())),
        Err(error) => (error.as_response_error().status_code(), None),
    };
    let status = status.as_u16();
    let route = route.unwrap_or_else(|| UNMATCHED.to_owned());
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    span.record("route", route.as_str());
    span.record("status", status);
    span.record("duration_ms", duration_ms);
    tracing::info!(
        target: "inspraak::access",
        method,
        route = %route,
        status,
        duration_ms,
        "request"
    );
    if let Some(state) = state {
        state
            .metrics
            .observe(method, route, status, elapsed.as_secs_f64());
    }
    response
}

/// Whether `given` is the configured token, in time that does not depend on where they
/// differ (both are hashed first, so not on their lengths either).
fn token_matches(given: &str, expected: &str) -> bool {
    let given = Sha256::digest(given.as_bytes());
    let expected = Sha256::digest(expected.as_bytes());
    given.ct_eq(&expected).into()
}

pub async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(expected) = &state.config.metrics_token else {
        return Err(AppError::NotFound);
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !given.is_some_and(|given| token_matches(given, expected)) {
        return Ok(HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .content_type("text/plain; charset=utf-8")
            .body("a valid bearer token is required\n"));
    }
    let scraped = state
        .db
        .read(|conn| crate::db::health::scrape(conn).map_err(DbError::from))
        .await?;
    // Writing into a String fails only if a metric's own encoding does, which none does.
    let Ok(text) = state.metrics.encode(&scraped, state.now()) else {
        tracing::error!("metrics could not be encoded");
        return Ok(HttpResponse::InternalServerError().finish());
    };
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(text))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/metrics", web::get().to(scrape));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::now_utc;

    /// What the subscriber writes, kept for the test to read.
    #[derive(Clone, Default)]
    struct Written(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[actix_web::test]
    async fn what_a_handler_logs_carries_the_request_span_without_the_path() {
        use actix_web::{App, middleware, test};
        async fn logs() -> HttpResponse {
            tracing::warn!("inside the handler");
            HttpResponse::Ok().finish()
        }
        let written = Written::default();
        let writer = written.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .wrap(middleware::from_fn(record))
                .route("/reacties/{id}", web::get().to(logs)),
        )
        .await;
        let req = test::TestRequest::get()
            .uri("/reacties/geheim-42")
            .to_request();
        assert_eq!(test::call_service(&app, req).await.status(), 200);
        let log = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        let inside: serde_json::Value = log
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
            .find(|line| line["fields"]["message"] == "inside the handler")
            .unwrap_or_else(|| panic!("{log}"));
        assert_eq!(inside["span"]["name"], "request", "{log}");
        assert_eq!(inside["span"]["method"], "GET", "{log}");
        assert!(!log.contains("geheim"), "no path in the log: {log}");
    }

    #[actix_web::test]
    async fn the_template_is_the_pattern_of_the_route_that_answered() {
        use actix_web::{App, test};
        async fn template(req: HttpRequest) -> HttpResponse {
            HttpResponse::Ok().body(format!("{:?}", route_template(&req)))
        }
        let app = test::init_service(
            App::new()
                .route("/consultaties/{id}", web::post().to(template))
                .route("/consultaties/{id}", web::get().to(template))
                .route("/steun/{kind}/{id}/account", web::get().to(template))
                .route("/gezondheid", web::get().to(template))
                .route("/bijlagen/{name}.pdf", web::get().to(template))
                .service(super::super::methods::fallback()),
        )
        .await;
        for (path, expected) in [
            ("/consultaties/abc-123", Some("/consultaties/{id}")),
            (
                "/consultaties/%2Fgeheim%20adres",
                Some("/consultaties/{id}"),
            ),
            (
                "/steun/standpunt/x/account",
                Some("/steun/{kind}/{id}/account"),
            ),
            ("/gezondheid", Some("/gezondheid")),
            ("/gezondheid?token=geheim", Some("/gezondheid")),
            ("/bijlagen/nota.pdf", Some("/bijlagen/{name}.pdf")),
        ] {
            let req = test::TestRequest::get().uri(path).to_request();
            let body = test::call_and_read_body(&app, req).await;
            assert_eq!(body, format!("{:?}", expected.map(str::to_owned)), "{path}");
        }
        let req = test::TestRequest::get().uri("/bestaat/niet").to_request();
        let response = test::call_service(&app, req).await;
        assert_eq!(route_template(response.request()), None, "unknown paths");
    }

    #[test]
    fn the_token_must_match_exactly() {
        assert!(token_matches("geheim-token", "geheim-token"));
        assert!(!token_matches("geheim-toke", "geheim-token"));
        assert!(!token_matches("geheim-token ", "geheim-token"));
        assert!(!token_matches("", "geheim-token"));
    }

    #[test]
    fn requests_are_counted_by_template_and_the_database_figures_shown() {
        let metrics = Metrics::default();
        metrics.observe("GET", "/consultaties/{id}".into(), 200, 0.003);
        metrics.observe("GET", "/consultaties/{id}".into(), 200, 0.02);
        let text = metrics
            .encode(
                &Scraped {
                    queued: 3,
                    sent: 10,
                    failed: 1,
                    held_signatures: 7,
                    last_beat: None,
                },
                now_utc(),
            )
            .unwrap();
        assert!(text.contains(
            r#"inspraak_http_requests_total{method="GET",route="/consultaties/{id}",status="200"} 2"#
        ), "{text}");
        assert!(text.contains(
            r#"inspraak_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/consultaties/{id}"} 1"#
        ), "{text}");
        assert!(
            text.contains(r#"inspraak_outbox_mails{state="queued"} 3"#),
            "{text}"
        );
        assert!(text.contains("inspraak_signatures_held 7"), "{text}");
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("inspraak_worker_lag_seconds")),
            "no worker yet: {text}"
        );
        assert!(text.ends_with("# EOF\n"));
        let beaten = Scraped {
            last_beat: Some(now_utc() - chrono::Duration::seconds(90)),
            ..Scraped::default()
        };
        let text = metrics.encode(&beaten, now_utc()).unwrap();
        let lag: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("inspraak_worker_lag_seconds "))
            .unwrap_or_else(|| panic!("{text}"))
            .parse()
            .unwrap();
        assert!((90.0..100.0).contains(&lag), "{text}");
    }
}
