//! The test harness: a real server on a free port over a fresh database, SQLite (a file
//! in a temporary folder) or PostgreSQL (a database in a throwaway cluster that this
//! test process starts from the installed server binaries and removes when it ends).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use inspraak::config::Config;
use inspraak::db::{DatabaseUrl, Db};
use inspraak::mail::{MailSettings, MailTransport, Mailer};
use inspraak::startup::Application;
use inspraak::worker::Worker;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "een lang test wachtwoord";

/// The TOTP secret of the staff accounts the fixtures make: admins and clerks need a
/// second factor for their staff powers.
pub const STAFF_TOTP_SECRET: &[u8] = b"inspraak-test-totp-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named test function, `async fn name(app: TestApp)`, once per backend, as the
/// tests `name::sqlite` and `name::postgres`. The functions are written outside the macro so
/// that rustfmt formats them.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run_on($crate::helpers::Backend::Sqlite, super::$name).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run_on($crate::helpers::Backend::Postgres, super::$name).await;
            }
        }
    )+};
}

/// Runs one test on a fresh server over `backend`, then stops the servers it started.
pub async fn run_on<F: std::future::Future<Output = ()>>(
    backend: Backend,
    test: impl FnOnce(TestApp) -> F,
) {
    if backend == Backend::Postgres && skip_postgres() {
        eprintln!("skipped: INSPRAAK_SKIP_POSTGRES=1");
        return;
    }
    let app = TestApp::spawn(backend).await;
    let servers = app.servers.clone();
    test(app).await;
    stop(&servers).await;
}

/// Asserts a response's status and evaluates to its body, which a failure shows with the
/// URL (a raw status comparison said only "left: 422, right: 303"). A macro rather than a
/// function so that the failure points at the test's line.
#[macro_export]
macro_rules! assert_status {
    ($response:expr, $status:expr $(,)?) => {{
        let (url, status, body) = $crate::helpers::status_and_body($response).await;
        assert_eq!(status, $status, "{url}\n{body}");
        body
    }};
    ($response:expr, $status:expr, $($message:tt)+) => {{
        let (url, status, body) = $crate::helpers::status_and_body($response).await;
        assert_eq!(status, $status, "{}: {url}\n{body}", format!($($message)+));
        body
    }};
}

/// Asserts that a response is a 303 See Other and evaluates to its `Location`; a failure
/// shows the body, as [`assert_status!`] does.
#[macro_export]
macro_rules! assert_redirect {
    ($response:expr $(, $($message:tt)+)?) => {{
        let response = $response;
        let target = $crate::helpers::location(&response);
        $crate::assert_status!(response, 303 $(, $($message)+)?);
        target
    }};
}

/// What [`assert_status!`] reports: the URL, the status and the body as text.
pub async fn status_and_body(response: reqwest::Response) -> (String, u16, String) {
    let url = response.url().to_string();
    let status = response.status().as_u16();
    (url, status, response.text().await.expect("a readable body"))
}

/// The servers a test started, shared by all its browsers.
pub type Servers = std::sync::Arc<std::sync::Mutex<Vec<actix_web::dev::ServerHandle>>>;

/// Stops a test's servers, so that their worker threads end and close their database
/// connections (a leaked pool per test ran PostgreSQL out of connections).
pub async fn stop(servers: &Servers) {
    let handles: Vec<_> = servers.lock().unwrap().drain(..).collect();
    for handle in handles {
        handle.stop(false).await;
    }
}

pub fn skip_postgres() -> bool {
    std::env::var("INSPRAAK_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub database_url: DatabaseUrl,
    pub client: reqwest::Client,
    pub config: Config,
    /// Keeps the SQLite file and the mail folder alive as long as the test runs.
    _dir: Option<std::sync::Arc<tempfile::TempDir>>,
    pub servers: Servers,
    /// This browser, as the logins it made are recorded.
    browser: u64,
    /// Who logged in on which browser of this test, so that a long jump of the clock can
    /// log them in again.
    logins: Logins,
}

/// A login made on one browser of a test.
#[derive(Clone)]
struct Login {
    browser: u64,
    client: reqwest::Client,
    address: String,
    email: String,
}

type Logins = std::sync::Arc<std::sync::Mutex<Vec<Login>>>;

/// A new number for a new browser.
fn new_browser() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

pub fn test_config(database_url: DatabaseUrl, base_url: String, mail_dir: PathBuf) -> Config {
    Config {
        database_url,
        bind: "127.0.0.1:0".into(),
        base_url,
        secret_key: b"a test key that is long enough for hmac use".to_vec(),
        trusted_proxies: inspraak::domain::proxy::TrustedProxies::parse("127.0.0.1, ::1").unwrap(),
        mail: MailSettings {
            transport: MailTransport::Files(mail_dir),
            from: "Inspraak <inspraak@test.example>".parse().unwrap(),
            reply_to: None,
            helo_name: "inspraak.test.example".into(),
        },
        security_contact: None,
        metrics_token: Some(METRICS_TOKEN.into()),
        log_format: inspraak::config::LogFormat::Text,
        clock: inspraak::domain::time::Clock::default(),
    }
}

/// The bearer token every test server asks for at `/metrics`.
pub const METRICS_TOKEN: &str = "a metrics token for the tests";

/// A mail as the file transport wrote it, read back from disk.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub list_unsubscribe: Option<String>,
}

pub fn parse_mail(raw: &[u8]) -> SentMail {
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a parsable mail");
    let to = message
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_owned();
    SentMail {
        to,
        subject: message.subject().unwrap_or_default().to_owned(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
        text: message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        html: message
            .body_html(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        list_unsubscribe: message.header_raw("List-Unsubscribe").map(|v| {
            v.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        }),
    }
}

/// Every `.eml` file in a folder, oldest first (the order they were written).
pub fn read_mail_dir(dir: &Path) -> Vec<SentMail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| (e.metadata().unwrap().modified().unwrap(), e.path()))
        .collect();
    files.sort();
    files
        .iter()
        .map(|(_, path)| parse_mail(&std::fs::read(path).unwrap()))
        .collect()
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client builds")
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match backend {
            Backend::Sqlite => DatabaseUrl::Sqlite(
                dir.path()
                    .join("inspraak.db")
                    .to_string_lossy()
                    .into_owned(),
            ),
            Backend::Postgres => DatabaseUrl::Postgres(postgres_cluster().new_database()),
        };
        Self::spawn_on(database_url, dir).await
    }

    /// The server on an existing database; mail goes into `dir`.
    pub async fn spawn_on(database_url: DatabaseUrl, dir: tempfile::TempDir) -> Self {
        let db = {
            let url = database_url.clone();
            tokio::task::spawn_blocking(move || Db::connect(&url))
                .await
                .unwrap()
                .expect("database opens")
        };
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let config = test_config(
            database_url.clone(),
            address.clone(),
            dir.path().join("mail"),
        );
        let servers = Servers::default();
        start_server(listener, config.clone(), db.clone(), &servers);
        Self {
            address,
            db,
            database_url,
            client: new_client(),
            config,
            _dir: Some(std::sync::Arc::new(dir)),
            servers,
            browser: new_browser(),
            logins: Logins::default(),
        }
    }

    /// The folder the file transport writes mail into.
    pub fn mail_dir(&self) -> PathBuf {
        match &self.config.mail.transport {
            MailTransport::Files(dir) => dir.clone(),
            MailTransport::Smtp(_) => unreachable!("tests use the file transport"),
        }
    }

    /// A mail worker like the one `serve` runs, with the given transport settings.
    pub fn worker_with(&self, settings: MailSettings) -> Worker {
        let mailer = Mailer::new(settings).expect("mailer");
        Worker::new(
            self.db.clone(),
            mailer,
            self.config.mail_context(),
            self.config.clock.clone(),
        )
    }

    /// The moment by the test's clock, which every server and worker of the test shares.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.config.clock.now()
    }

    /// Lets time pass for every server and worker of this test: a deadline passes, a link
    /// expires, a retention period ends.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.config.clock.advance(by);
    }

    /// Runs the mail worker until nothing is due, then reads what it wrote to disk.
    pub async fn deliver_mail(&self) -> Vec<SentMail> {
        self.worker_with(self.config.mail.clone())
            .drain()
            .await
            .expect("worker drains");
        read_mail_dir(&self.mail_dir())
    }

    /// A second browser (its own cookies) on the same server.
    pub fn second_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            client: new_client(),
            config: self.config.clone(),
            _dir: self._dir.clone(),
            servers: self.servers.clone(),
            browser: new_browser(),
            logins: self.logins.clone(),
        }
    }

    /// The same browser (its cookies too) talking to another server over the same database.
    pub fn on(&self, address: &str) -> TestApp {
        TestApp {
            address: address.to_owned(),
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            client: self.client.clone(),
            config: self.config.clone(),
            _dir: self._dir.clone(),
            servers: self.servers.clone(),
            browser: self.browser,
            logins: self.logins.clone(),
        }
    }

    /// A browser for a server this test started as a separate `inspraak serve` process.
    pub fn for_process(address: String, db: Db, config: Config) -> TestApp {
        TestApp {
            address,
            db,
            database_url: config.database_url.clone(),
            client: new_client(),
            config,
            _dir: None,
            servers: Servers::default(),
            browser: new_browser(),
            logins: Logins::default(),
        }
    }

    /// Another server process over the same database, as in a deployment with several.
    pub fn start_another_server(&self) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        start_server(
            listener,
            self.config.clone(),
            self.db.clone(),
            &self.servers,
        );
        address
    }

    /// Another server over the same database with a configuration that `adjust` changed,
    /// and a browser for it: for settings that other tests leave unset.
    pub fn with_config(&self, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let mut config = Config {
            base_url: address.clone(),
            ..self.config.clone()
        };
        adjust(&mut config);
        start_server(listener, config.clone(), self.db.clone(), &self.servers);
        TestApp {
            address,
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            client: new_client(),
            config,
            _dir: self._dir.clone(),
            servers: self.servers.clone(),
            browser: new_browser(),
            logins: self.logins.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET is answered")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts a form as a browser would, with the CSRF token from `form_page`.
    pub async fn post_form(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token(form_page).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    /// Posts exactly the given fields, without adding a token.
    pub async fn post_raw(&self, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_html_form_body(fields);
        self.client
            .post(self.url(action))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST is answered")
    }

    pub async fn csrf_token(&self, page: &str) -> String {
        let body = assert_status!(self.get(page).await, 200, "{page} should render a form");
        extract_csrf(&body).unwrap_or_else(|| panic!("{page} has no csrf_token"))
    }

    /// The status of a log-in with `email` and `password` (303 logged in, 422 refused).
    pub async fn log_in_status(&self, email: &str, password: &str) -> u16 {
        self.post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[("email", email), ("password", password)],
        )
        .await
        .status()
        .as_u16()
    }

    pub async fn login(&self, email: &str) {
        self.login_to(email, "").await;
    }

    /// Logs in as [`TestApp::login`] does, with `next` as where the person was going;
    /// returns where they land.
    pub async fn login_to(&self, email: &str, next: &str) -> String {
        let response = self
            .post_form(
                "/account/inloggen",
                "/account/inloggen",
                &[("email", email), ("password", PASSWORD), ("next", next)],
            )
            .await;
        let mut landing = assert_redirect!(response, "login of {email} should succeed");
        if landing.starts_with("/account/inloggen/code") {
            let code = self.next_staff_code(email).await;
            let response = self.post_form(&landing, &landing, &[("code", &code)]).await;
            landing = assert_redirect!(response, "the code of {email} should be right");
        }
        let mut logins = self.logins.lock().unwrap();
        logins.retain(|login| login.browser != self.browser);
        logins.push(Login {
            browser: self.browser,
            client: self.client.clone(),
            address: self.address.clone(),
            email: email.to_owned(),
        });
        landing
    }

    /// The code from [`STAFF_TOTP_SECRET`] for the next log-in of `email`: the current time
    /// step's, or the next one's when that was used (a code works once); when both were,
    /// the clock moves on half a minute, as a person would wait for the next code.
    pub async fn next_staff_code(&self, email: &str) -> String {
        use diesel::prelude::*;
        use inspraak::db::schema::users;
        use inspraak::domain::two_factor::{STEP_SECONDS, code_at};
        let key = email.trim().to_lowercase();
        let last_step: Option<i64> = self
            .db
            .read(move |conn| {
                users::table
                    .filter(users::email_key.eq(key))
                    .select(users::totp_last_step)
                    .first(conn)
                    .map_err(inspraak::db::DbError::from)
            })
            .await
            .expect("the account exists");
        let step_now = |app: &TestApp| app.now().and_utc().timestamp() / STEP_SECONDS as i64;
        if last_step.is_some_and(|last| last > step_now(self)) {
            self.advance_clock(chrono::Duration::seconds(STEP_SECONDS as i64));
        }
        let now = step_now(self);
        let step = last_step.map_or(now, |last| (last + 1).max(now));
        code_at(STAFF_TOTP_SECRET, step as u64 * STEP_SECONDS)
    }

    /// Turns two-factor authentication on for `user_id` with [`STAFF_TOTP_SECRET`].
    pub async fn enrol_two_factor(&self, user_id: &str) {
        let (key, user_id) = (
            self.config.secret_key.clone(),
            inspraak::domain::id::UserId::from(user_id),
        );
        self.db
            .write(move |conn| {
                inspraak::ops::two_factor::enrol_known(
                    conn,
                    &key,
                    &user_id,
                    STAFF_TOTP_SECRET,
                    &[],
                    inspraak::domain::time::now_utc(),
                )
            })
            .await
            .unwrap()
    }

    /// Lets more time pass than a session lasts: moves the clock by `by`, then logs in
    /// again every browser of this test that was logged in before, as its person would.
    pub async fn advance_clock_and_log_in_again(&self, by: chrono::Duration) {
        let recorded: Vec<Login> = self.logins.lock().unwrap().clone();
        let mut logged_in = Vec::new();
        for login in recorded {
            let browser = self.browser_of(&login);
            let (_, page) = browser.get_text("/").await;
            if page.contains(r#"action="/account/uitloggen""#) {
                logged_in.push((browser, login.email));
            }
        }
        self.advance_clock(by);
        for (browser, email) in logged_in {
            browser.login(&email).await;
        }
    }

    /// The browser that made `login`.
    fn browser_of(&self, login: &Login) -> TestApp {
        TestApp {
            address: login.address.clone(),
            client: login.client.clone(),
            browser: login.browser,
            ..self.second_browser()
        }
    }

    /// Counts rows in a table, to prove that something was or was not written.
    pub async fn count(&self, table: &'static str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        self.db
            .read(move |conn| {
                diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
                    .get_result::<Count>(conn)
                    .map(|c| c.n)
                    .map_err(inspraak::db::DbError::from)
            })
            .await
            .unwrap()
    }
}

fn start_server(listener: std::net::TcpListener, config: Config, db: Db, servers: &Servers) {
    let application =
        Application::build_with_listener(listener, config, db).expect("server starts");
    servers.lock().unwrap().push(application.handle());
    tokio::spawn(application.run_until_stopped());
}

fn serde_html_form_body(fields: &[(&str, &str)]) -> String {
    serde_html_form::to_string(fields).expect("fields encode")
}

pub fn extract_csrf(body: &str) -> Option<String> {
    let marker = r#"name="csrf_token" value=""#;
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

/// The path of the link starting with `path_prefix` in the last mail to `to` (after
/// delivering the outbox).
pub async fn mailed_path(app: &TestApp, to: &str, path_prefix: &str) -> String {
    let mails = app.deliver_mail().await;
    let prefix = format!("{}{path_prefix}", app.address);
    let mail = mails
        .iter()
        .rfind(|m| m.to == to && m.text.contains(&prefix))
        .unwrap_or_else(|| panic!("a mail to {to} with {prefix}"));
    let start = mail.text.find(&prefix).unwrap();
    let link = mail.text[start..].split_whitespace().next().unwrap();
    link.trim_start_matches(&app.address).to_owned()
}

/// The whole link starting with `prefix` in a mail.
pub fn link(mail: &SentMail, prefix: &str) -> String {
    let start = mail
        .text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {}", mail.text));
    mail.text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// The mails to `to` that ask to confirm a signature.
pub fn confirmation_for<'a>(mails: &'a [SentMail], to: &str) -> Vec<&'a SentMail> {
    mails
        .iter()
        .filter(|m| m.to == to && m.subject == "Bevestig uw steun")
        .collect()
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// A PostgreSQL cluster for this test process.
pub struct PgCluster {
    port: u16,
}

pub fn postgres_cluster() -> &'static PgCluster {
    static CLUSTER: OnceLock<PgCluster> = OnceLock::new();
    CLUSTER.get_or_init(PgCluster::start)
}

fn find_pg_bindir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("INSPRAAK_PG_BINDIR") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop()
}

/// The uid and gid of the `postgres` user, from /etc/passwd.
fn postgres_ids() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.first() == Some(&"postgres"))
            .then(|| Some((fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?)))?
    })
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl PgCluster {
    fn start() -> Self {
        let bindir = find_pg_bindir().unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. \
                 Install them (Debian: apt-get install postgresql), point INSPRAAK_PG_BINDIR at them, \
                 or set INSPRAAK_SKIP_POSTGRES=1 to run the SQLite tests only."
            )
        });
        let run_as = if is_root() {
            Some(
                postgres_ids()
                    .expect("running as root needs a `postgres` OS user to run PostgreSQL"),
            )
        } else {
            None
        };
        let base = tempfile::Builder::new()
            .prefix("inspraak-pg-")
            .tempdir()
            .unwrap()
            .keep();
        let data = base.join("data");
        if let Some((uid, gid)) = run_as {
            chown(&base, uid, gid);
        }
        let command = |program: &Path| {
            let mut command = Command::new(program);
            if let Some((uid, gid)) = run_as {
                use std::os::unix::process::CommandExt;
                command.uid(uid).gid(gid);
            }
            command
        };
        let status = command(&bindir.join("initdb"))
            .args([
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .expect("initdb runs");
        assert!(
            status.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let port = free_port();
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=400",
            base.display()
        );
        let started = command(&bindir.join("pg_ctl"))
            .args([
                "-D",
                data.to_str().unwrap(),
                "-l",
                base.join("log").to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "start",
            ])
            .output()
            .expect("pg_ctl runs");
        assert!(
            started.status.success(),
            "PostgreSQL did not start: {}",
            std::fs::read_to_string(base.join("log")).unwrap_or_default()
        );
        // A watchdog stops the cluster and removes its files once this test process is gone.
        let watchdog = format!(
            "while [ -d /proc/{pid} ]; do sleep 1; done; '{pg_ctl}' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{base}'",
            pid = std::process::id(),
            pg_ctl = bindir.join("pg_ctl").display(),
            data = data.display(),
            base = base.display(),
        );
        // Started in the background of a shell that exits at once, in its own process
        // group so that Ctrl+C on the tests does not stop the clean-up.
        use std::os::unix::process::CommandExt;
        let detached = command(Path::new("/bin/sh"))
            .arg("-c")
            .arg(format!("({watchdog}) </dev/null >/dev/null 2>&1 &"))
            .process_group(0)
            .status()
            .expect("watchdog starts");
        assert!(detached.success(), "watchdog could not be started");
        Self { port }
    }

    /// A new, empty database; returns its URL.
    pub fn new_database(&self) -> String {
        let name = format!("t_{}", uuid_simple());
        let mut admin = PgConnection::establish(&format!(
            "postgres://postgres@127.0.0.1:{}/postgres",
            self.port
        ))
        .expect("connects to the test cluster");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("database created");
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown of the cluster folder");
}

fn uuid_simple() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
