//! What an IT department checks: HEAD and OPTIONS on every route, the readiness check,
//! the metrics behind their token, and an access log without paths or queries.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::Duration as Age;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::outbox::{NewMail, enqueue};
use inspraak::db::schema::worker_heartbeats;
use inspraak::domain::time::now_utc;
use inspraak::startup::Application;

use crate::helpers::{METRICS_TOKEN, TestApp};
use crate::{assert_status, both_backends};

/// The bytes a server sends for one raw HTTP/1.1 request, headers and all.
async fn raw_exchange(app: &TestApp, request: String) -> String {
    let address = app.address.trim_start_matches("http://").to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap()
}

async fn options(app: &TestApp, path: &str) -> (u16, String) {
    let response = app
        .client
        .request(reqwest::Method::OPTIONS, app.url(path))
        .send()
        .await
        .unwrap();
    let allow = response
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), allow)
}

async fn readiness(app: &TestApp) -> (u16, String) {
    app.get_text("/gezondheid/klaar").await
}

async fn set_heartbeats(app: &TestApp, age: Age) {
    app.db
        .write(move |conn| {
            diesel::update(worker_heartbeats::table)
                .set(worker_heartbeats::beat_at.eq(now_utc() - age))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
}

async fn metrics(app: &TestApp, token: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

both_backends!(
    head_answers_like_get_without_a_body,
    options_names_the_methods_of_every_route_and_unknown_paths_stay_404,
    readiness_needs_a_fresh_heartbeat_and_no_old_due_mail,
    metrics_need_the_token_and_count_route_templates_never_ids
);

async fn head_answers_like_get_without_a_body(app: TestApp) {
    let w = crate::fixtures::world(&app).await;
    let page = format!("/consultaties/{}", w.consultation);
    for path in ["/", page.as_str(), "/gezondheid", "/privacy"] {
        let get = app.get(path).await;
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status().as_u16(), 200, "{path}");
        assert_eq!(get.status().as_u16(), 200, "{path}");
        for name in [
            "content-type",
            "content-length",
            "content-security-policy",
            "cache-control",
        ] {
            assert_eq!(
                head.headers().get(name),
                get.headers().get(name),
                "{path}: {name}"
            );
        }
    }
    // On the wire: the headers promise the page's length, and no byte of it follows.
    let answer = raw_exchange(
        &app,
        format!("HEAD {page} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
    .await;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(length > 1000, "the page's own length: {head}");
    assert_eq!(body, "", "no body after a HEAD");
    // A path that does not exist is still not found, also for HEAD.
    assert_eq!(
        app.client
            .head(app.url("/bestaat/niet"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
}

async fn options_names_the_methods_of_every_route_and_unknown_paths_stay_404(app: TestApp) {
    assert_eq!(
        options(&app, "/consultaties").await,
        (204, "GET, HEAD, OPTIONS".into())
    );
    assert_eq!(
        options(&app, "/account/inloggen").await,
        (204, "GET, POST, HEAD, OPTIONS".into())
    );
    assert_eq!(
        options(&app, "/account/uitloggen").await,
        (204, "POST, OPTIONS".into())
    );
    // A route with a parameter, for any value of it.
    assert_eq!(
        options(&app, "/consultaties/wat-dan-ook").await,
        (204, "GET, HEAD, OPTIONS".into())
    );
    assert_eq!(options(&app, "/gezondheid/klaar").await.0, 204);
    let (status, allow) = options(&app, "/bestaat/niet").await;
    assert_eq!((status, allow.as_str()), (404, ""));
    // A method the path does not take: 405 with what it does take.
    let response = app.get("/account/uitloggen").await;
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "POST, OPTIONS");
    let body = assert_status!(app.get("/bestaat/niet").await, 404);
    assert!(
        body.contains("Pagina niet gevonden"),
        "still the Dutch 404 page"
    );
}

async fn readiness_needs_a_fresh_heartbeat_and_no_old_due_mail(app: TestApp) {
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503, "no worker has run yet: {body}");
    assert!(
        body.contains("database: ok\n") && body.contains("worker: failed (no worker"),
        "{body}"
    );
    assert_eq!(
        app.get_text("/gezondheid").await.0,
        200,
        "liveness does not depend on the worker"
    );

    app.deliver_mail().await;
    assert_eq!(
        readiness(&app).await,
        (200, "database: ok\noutbox: ok\nworker: ok\n".into())
    );

    set_heartbeats(&app, Age::minutes(10)).await;
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503);
    assert!(
        body.contains("outbox: ok\n")
            && body.contains("worker: failed (the last heartbeat was 600 s ago"),
        "{body}"
    );

    set_heartbeats(&app, Age::seconds(1)).await;
    assert_eq!(readiness(&app).await.0, 200);
    // A mail due for an hour that no worker sent.
    app.db
        .write(|conn| {
            let mail = NewMail {
                kind: "test",
                recipient: "bewoner.geheim@example.nl".into(),
                subject: "Onderwerp".into(),
                body_text: "Tekst".into(),
                body_html: "<p>Tekst</p>".into(),
                list_unsubscribe: None,
                dedupe_key: None,
                template: None,
            };
            enqueue(conn, &mail, "test.example", now_utc() - Age::hours(1)).map_err(DbError::from)
        })
        .await
        .unwrap();
    let (status, body) = readiness(&app).await;
    assert_eq!(status, 503);
    assert!(
        body.contains("outbox: failed (the oldest unsent mail has been due for 3600 s")
            && body.contains("worker: ok"),
        "{body}"
    );
    assert!(
        !body.contains("bewoner") && !body.contains("Onderwerp"),
        "nothing personal: {body}"
    );
}

async fn metrics_need_the_token_and_count_route_templates_never_ids(app: TestApp) {
    let w = crate::fixtures::world(&app).await;
    let visitor = app.second_browser();
    assert_status!(
        visitor
            .get(&format!("/consultaties/{}?zoek=geheim", w.consultation))
            .await,
        200
    );
    assert_status!(
        visitor
            .get(&format!("/consultaties/{}", w.consultation))
            .await,
        200
    );
    visitor.get("/account/bevestigen/een-geheim-token").await;
    assert_status!(visitor.get("/bestaat/niet").await, 404);

    assert_eq!(metrics(&visitor, None).await.0, 401);
    assert_eq!(metrics(&visitor, Some("a wrong token")).await.0, 401);
    assert_eq!(metrics(&visitor, Some(&METRICS_TOKEN[1..])).await.0, 401);
    let (status, text) = metrics(&visitor, Some(METRICS_TOKEN)).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(r#"inspraak_http_requests_total{method="GET",route="/consultaties/{id}",status="200"} 2"#), "{text}");
    assert!(text.contains(r#"inspraak_http_request_duration_seconds_count{method="GET",route="/consultaties/{id}"} 2"#), "{text}");
    assert!(
        text.contains(r#"route="/account/bevestigen/{token}""#),
        "{text}"
    );
    assert!(
        text.contains(
            r#"inspraak_http_requests_total{method="GET",route="unmatched",status="404"} 1"#
        ),
        "{text}"
    );
    for secret in [w.consultation.as_str(), "geheim", "/bestaat/niet"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // The database's figures, as they are now.
    let queued = app
        .db
        .read(|conn| inspraak::db::outbox::counts(conn).map_err(DbError::from))
        .await
        .unwrap()
        .0;
    assert!(queued > 0, "opening the round queued mail");
    assert!(
        text.contains(&format!(
            "inspraak_outbox_mails{{state=\"queued\"}} {queued}\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("inspraak_outbox_mails{state=\"failed\"} 0\n"),
        "{text}"
    );
    assert!(text.contains("inspraak_signatures_held 0\n"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("inspraak_worker_lag_seconds")),
        "no worker yet: {text}"
    );
    app.deliver_mail().await;
    let (_, text) = metrics(&visitor, Some(METRICS_TOKEN)).await;
    assert!(
        text.contains("inspraak_outbox_mails{state=\"queued\"} 0\n"),
        "{text}"
    );
    let lag: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("inspraak_worker_lag_seconds "))
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.0..60.0).contains(&lag), "{lag}");

    // Without a configured token there are no metrics at all.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let other = format!("http://{}", listener.local_addr().unwrap());
    let mut config = app.config.clone();
    config.metrics_token = None;
    let server = Application::build_with_listener(listener, config, app.db.clone()).unwrap();
    app.servers.lock().unwrap().push(server.handle());
    tokio::spawn(server.run_until_stopped());
    let without = app.on(&other);
    assert_eq!(metrics(&without, Some(METRICS_TOKEN)).await.0, 404);
    assert_eq!(metrics(&without, None).await.0, 404);
}

/// The access log of a real `inspraak serve`: one JSON line per request with the route
/// template, never the path's values or the query; and no colour codes in a pipe.
#[test]
fn the_access_log_names_route_templates_and_never_paths_or_queries() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_inspraak"))
        .args(["serve", "--no-worker"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("log.db").display()),
        )
        .env("INSPRAAK_SECRET_KEY", "k".repeat(40))
        .env("INSPRAAK_BIND", &address)
        .env("INSPRAAK_MAIL_DIR", dir.path().join("mail"))
        .env("INSPRAAK_LOG_FORMAT", "json")
        .env("RUST_LOG", "inspraak::access=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(&address).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        Some(answer)
    };
    let mut up = false;
    for _ in 0..300 {
        if get("/gezondheid").is_some_and(|a| a.starts_with("HTTP/1.1 200")) {
            up = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if up {
        get("/consultaties/geheim-id-123?zoek=mijn+adres");
        get("/account/bevestigen/geheim-token-456");
    }
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(up, "the server did not come up: {log}");
    assert!(!log.contains('\u{1b}'), "no colour codes in a pipe: {log}");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("JSON: {line}")))
        .filter(|line: &serde_json::Value| line["target"] == "inspraak::access")
        .collect();
    let routes: Vec<&str> = lines
        .iter()
        .filter_map(|line| line["fields"]["route"].as_str())
        .collect();
    assert!(routes.contains(&"/consultaties/{id}"), "{log}");
    assert!(routes.contains(&"/account/bevestigen/{token}"), "{log}");
    let confirm = lines
        .iter()
        .find(|line| line["fields"]["route"] == "/account/bevestigen/{token}")
        .unwrap();
    assert_eq!(confirm["fields"]["method"], "GET");
    assert!(confirm["fields"]["status"].is_u64());
    assert!(confirm["fields"]["duration_ms"].is_f64());
    for secret in ["geheim", "zoek", "adres", "127.0.0.1"] {
        assert!(!log.contains(secret), "{secret} in the log: {log}");
    }
}
