//! The `inspraak` binary itself: configuration errors, migrate, demo and admin commands.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::fixtures::turn_on;
use crate::helpers::{PASSWORD, TestApp, postgres_cluster, skip_postgres};
use crate::{assert_redirect, assert_status, both_backends};

fn inspraak(vars: &[(&str, &str)], args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inspraak"));
    command
        .args(args)
        .env_remove("INSPRAAK_SECRET_KEY")
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// `inspraak demo` with the test servers' database and key.
fn load_demo(app: &TestApp) -> Output {
    let url = app.database_url.connection_string();
    let key = String::from_utf8(app.config.secret_key.clone()).unwrap();
    inspraak(
        &[("DATABASE_URL", &url), ("INSPRAAK_SECRET_KEY", &key)],
        &["demo"],
        None,
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bad_configuration_stops_with_one_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("DATABASE_URL", &db)], "INSPRAAK_SECRET_KEY is not set"),
        (
            &[("DATABASE_URL", &db), ("INSPRAAK_SECRET_KEY", "te kort")],
            "INSPRAAK_SECRET_KEY is too short",
        ),
        (
            &[
                ("DATABASE_URL", "mysql://localhost/x"),
                ("INSPRAAK_SECRET_KEY", &"k".repeat(40)),
            ],
            "DATABASE_URL",
        ),
        (
            &[
                ("DATABASE_URL", &db),
                ("INSPRAAK_SECRET_KEY", &"k".repeat(40)),
                ("INSPRAAK_BASE_URL", "inspraak.nl"),
            ],
            "INSPRAAK_BASE_URL",
        ),
    ];
    for (vars, expected) in cases {
        let output = inspraak(vars, &["serve"], None);
        assert_eq!(output.status.code(), Some(2), "{expected}");
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{stderr}"
        );
    }
}

/// Environment variables for one run.
type Vars = Vec<(&'static str, String)>;

/// Runs `inspraak` that is expected to stop by itself; kills it after a minute.
fn inspraak_stopping(vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inspraak"));
    command
        .args(args)
        .env_remove("INSPRAAK_SMTP_URL")
        .env_remove("INSPRAAK_MAIL_DIR")
        .env_remove("INSPRAAK_BIND")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("{args:?} with {vars:?} did not stop");
}

#[test]
fn unusable_settings_at_start_stop_with_one_line_naming_them_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let key = "k".repeat(40);
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = holder.local_addr().unwrap().to_string();
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unreachable =
        format!("postgres://inspraak:wachtwoord-geheim@127.0.0.1:{closed_port}/inspraak");
    let a_file = dir.path().join("een-bestand");
    std::fs::write(&a_file, "").unwrap();
    let under_a_file = a_file.join("mail").display().to_string();
    let site = [
        ("DATABASE_URL", db.as_str()),
        ("INSPRAAK_SECRET_KEY", key.as_str()),
    ];
    let with = |extra: (&'static str, &str)| {
        let mut vars: Vec<(&str, String)> = site.iter().map(|(k, v)| (*k, v.to_string())).collect();
        vars.retain(|(k, _)| *k != extra.0);
        vars.push((extra.0, extra.1.to_owned()));
        vars
    };
    let cases: Vec<(Vars, &[&str], String)> = vec![
        (
            with(("DATABASE_URL", &unreachable)),
            &["serve"],
            "error: DATABASE_URL: cannot connect to the database".into(),
        ),
        (
            with(("DATABASE_URL", &unreachable)),
            &["worker", "--drain"],
            "error: DATABASE_URL: ".into(),
        ),
        (
            with(("INSPRAAK_BIND", &taken)),
            &["serve"],
            format!("error: INSPRAAK_BIND {taken}: address in use"),
        ),
        (
            with(("INSPRAAK_SMTP_URL", "ftp://mail.example.nl")),
            &["serve"],
            "error: INSPRAAK_SMTP_URL: ".into(),
        ),
        (
            with(("INSPRAAK_SMTP_URL", "ftp://mail.example.nl")),
            &["worker"],
            "error: INSPRAAK_SMTP_URL: ".into(),
        ),
        (
            with(("INSPRAAK_MAIL_DIR", &under_a_file)),
            &["serve"],
            format!("error: INSPRAAK_MAIL_DIR {under_a_file}: "),
        ),
        (
            with(("INSPRAAK_MAIL_DIR", &under_a_file)),
            &["worker", "--drain"],
            "error: INSPRAAK_MAIL_DIR ".into(),
        ),
        (
            with(("INSPRAAK_LOG_FORMAT", "xml")),
            &["serve"],
            "error: INSPRAAK_LOG_FORMAT must be text or json".into(),
        ),
    ];
    for (vars, args, expected) in cases {
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let output = inspraak_stopping(&vars, args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?} {vars:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with(&expected), "{expected:?} in {stderr}");
        assert!(
            !stderr.contains("wachtwoord-geheim"),
            "no password: {stderr}"
        );
    }
    // The port was not taken over, and the mail folder's parent is still a file.
    assert!(std::net::TcpStream::connect(&taken).is_ok());
    assert!(a_file.is_file());
}

#[test]
fn help_is_in_english() {
    let output = inspraak(&[], &["--help"], None);
    assert!(output.status.success());
    let help = text(&output.stdout);
    for command in ["serve", "migrate", "demo", "admin"] {
        assert!(help.contains(command), "{help}");
    }
    assert!(help.contains("Run the web server"));
}

#[test]
fn two_processes_migrating_one_postgres_database_at_once_both_succeed() {
    if skip_postgres() {
        return;
    }
    let url = postgres_cluster().new_database();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_inspraak"))
            .arg("migrate")
            .env("DATABASE_URL", &url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
}

both_backends!(
    backup_copies_a_live_sqlite_database_and_points_postgres_to_pg_dump,
    copy_to_moves_a_sqlite_database_into_an_empty_postgres_one,
    export_writes_the_file_with_plain_lines_off_a_terminal,
    demo_data_loads_once_and_its_accounts_work,
    admin_create_user_gives_a_working_account_with_its_role
);

async fn backup_copies_a_live_sqlite_database_and_points_postgres_to_pg_dump(app: TestApp) {
    app.create_council("lindeveld").await;
    let url = app.database_url.connection_string();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kopie.db");
    // Writes go on while the copy is made.
    let writer = {
        let app = app.second_browser();
        tokio::spawn(async move {
            for n in 0..20 {
                app.create_user(&format!("tijdens{n}@example.nl"), false, None)
                    .await;
            }
        })
    };
    let output = inspraak(
        &[("DATABASE_URL", &url)],
        &["backup", copy.to_str().unwrap()],
        None,
    );
    writer.await.unwrap();
    if !app.database_url.is_sqlite() {
        assert!(!output.status.success());
        assert!(text(&output.stderr).contains("pg_dump"));
        return;
    }
    assert!(output.status.success(), "{}", text(&output.stderr));
    let copied = inspraak::db::Db::connect(&inspraak::db::DatabaseUrl::Sqlite(
        copy.to_string_lossy().into_owned(),
    ))
    .unwrap();
    let councils: i64 = copied
        .read_blocking(|conn| {
            use diesel::prelude::*;
            inspraak::db::schema::councils::table
                .count()
                .get_result(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .unwrap();
    assert_eq!(
        councils, 1,
        "the copy holds the data and opens as a database"
    );
    let again = inspraak(
        &[("DATABASE_URL", &url)],
        &["backup", copy.to_str().unwrap()],
        None,
    );
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("exists already"));
}

async fn copy_to_moves_a_sqlite_database_into_an_empty_postgres_one(app: TestApp) {
    let url = app.database_url.connection_string();
    if !app.database_url.is_sqlite() {
        let output = inspraak(&[("DATABASE_URL", &url)], &["copy-to", &url], None);
        assert!(!output.status.success());
        assert!(text(&output.stderr).contains("copies a SQLite database"));
        return;
    }
    if skip_postgres() {
        return;
    }
    assert!(load_demo(&app).status.success());
    let target = postgres_cluster().new_database();
    let output = inspraak(&[("DATABASE_URL", &url)], &["copy-to", &target], None);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    let moved = TestApp::spawn_on(
        inspraak::db::DatabaseUrl::Postgres(target.clone()),
        tempfile::tempdir().unwrap(),
    )
    .await;
    for table in [
        "users",
        "consultations",
        "reactions",
        "reaction_revisions",
        "submission_log",
        "attachments",
        "signatures",
        "support_counts",
        "posts",
        "house_rules",
        "answer_notes",
        "answered_reactions",
        "decision_outcomes",
        "outbox",
    ] {
        let (before, after) = (app.count(table).await, moved.count(table).await);
        assert_eq!(before, after, "{table}");
        assert!(
            report.contains(&format!("{table:<28} {before:>9} rows")),
            "{report}"
        );
    }
    assert!(moved.count("reactions").await > 0 && moved.count("signatures").await > 0);

    // The copy works as the original: the demo clerk logs in, and the public log's
    // hash chain and every reaction's hash still check out.
    let (_, list) = moved.get_text("/consultaties").await;
    let open = list
        .split("href=\"/consultaties/")
        .filter_map(|rest| rest.split('"').next())
        .find(|id| {
            list.contains(&format!(
                "href=\"/consultaties/{id}\">Beleidsnotitie Ontmoetingsplekken"
            ))
        })
        .unwrap()
        .to_owned();
    let log = assert_status!(
        moved.get(&format!("/consultaties/{open}/logboek")).await,
        200
    );
    assert!(
        log.contains("Klopt") && !log.contains("Klopt niet"),
        "{log}"
    );
    let login = moved
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[
                ("email", "griffie@lindeveld.example"),
                ("password", "demo-griffie-2026"),
            ],
        )
        .await;
    assert_status!(login, 303);

    let again = inspraak(&[("DATABASE_URL", &url)], &["copy-to", &target], None);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("not empty"));
}

async fn export_writes_the_file_with_plain_lines_off_a_terminal(app: TestApp) {
    let url = app.database_url.connection_string();
    assert!(load_demo(&app).status.success());
    let (_, list) = app.get_text("/consultaties").await;
    let closed = list
        .split("href=\"/consultaties/")
        .filter_map(|rest| rest.split('"').next())
        .find(|id| list.contains(&format!("href=\"/consultaties/{id}\">Speelruimteplan 2027")))
        .expect("the closed demo round")
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundel.json");
    // Without the site's address a final file is not made: the shell's default would be archived in it.
    let refused = inspraak(
        &[("DATABASE_URL", &url)],
        &[
            "export",
            &closed,
            "inspraak.json",
            "--output",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("INSPRAAK_BASE_URL is not set"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!out.exists());
    assert_eq!(app.count("stored_exports").await, 0);

    let site = [
        ("DATABASE_URL", url.as_str()),
        ("INSPRAAK_BASE_URL", app.address.as_str()),
    ];
    let output = inspraak(
        &site,
        &[
            "export",
            &closed,
            "inspraak.json",
            "--output",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("making the file"),
        "plain progress lines"
    );
    assert!(text(&output.stdout).contains("(definitief,"));
    let from_cli = std::fs::read(&out).unwrap();
    let document: serde_json::Value = serde_json::from_slice(&from_cli).unwrap();
    assert_eq!(document["schema"], "inspraak-export-v1");
    assert!(
        text(&from_cli).contains(&format!("{}/consultaties/{closed}", app.address)),
        "the site's address, not the shell's"
    );
    assert!(!text(&from_cli).contains("127.0.0.1:8080"));
    assert_eq!(
        app.count("stored_exports").await,
        1,
        "a final export is stored once"
    );

    // The web serves the very file the command stored (made anew, its time would differ).
    let from_web = app
        .get(&format!("/consultaties/{closed}/export/inspraak.json"))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(from_web.as_ref(), from_cli.as_slice());
    assert_eq!(app.count("stored_exports").await, 1);
    let again = dir.path().join("opnieuw.json");
    assert!(
        inspraak(
            &site,
            &[
                "export",
                &closed,
                "inspraak.json",
                "--output",
                again.to_str().unwrap()
            ],
            None
        )
        .status
        .success()
    );
    assert_eq!(std::fs::read(&again).unwrap(), from_cli);

    let unknown = inspraak(
        &[("DATABASE_URL", &url)],
        &["export", &closed, "geheim.txt"],
        None,
    );
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("unknown file geheim.txt"));
}

async fn demo_data_loads_once_and_its_accounts_work(app: TestApp) {
    let url = app.database_url.connection_string();
    let without_key = inspraak(&[("DATABASE_URL", &url)], &["demo"], None);
    assert!(
        text(&without_key.stderr).contains("INSPRAAK_SECRET_KEY"),
        "the demo seals the staff's two-factor secret with the server's key"
    );
    assert_eq!(app.count("councils").await, 0);
    let first = load_demo(&app);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("Demo data loaded"));
    let printed_secret = inspraak::domain::two_factor::secret_text(inspraak::demo::TOTP_SECRET);
    assert!(
        text(&first.stdout).contains(&printed_secret),
        "the demo staff's key is printed"
    );
    let second = load_demo(&app);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(text(&second.stdout).contains("already there"));
    assert_eq!(app.count("councils").await, 1);
    assert_eq!(app.count("consultations").await, 3);

    let (_, list) = app.get_text("/consultaties").await;
    assert!(
        list.contains("Beleidsnotitie Ontmoetingsplekken") && list.contains("Speelruimteplan 2027")
    );
    assert!(
        !list.contains("bibliotheekvestigingen"),
        "the concept stays hidden"
    );
    let response = app
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[
                ("email", "griffie@lindeveld.example"),
                ("password", "demo-griffie-2026"),
            ],
        )
        .await;
    let code_page = assert_redirect!(response);
    let code = inspraak::domain::two_factor::code_at(
        inspraak::demo::TOTP_SECRET,
        u64::try_from(app.now().and_utc().timestamp()).unwrap(),
    );
    assert_redirect!(
        app.post_form(&code_page, &code_page, &[("code", &code)])
            .await
    );
    let griffie = assert_status!(app.get("/griffie").await, 200);
    assert!(griffie.contains("bibliotheekvestigingen"));
}

async fn admin_create_user_gives_a_working_account_with_its_role(app: TestApp) {
    let (_, _) = app.create_council("lindeveld").await;
    let url = app.database_url.connection_string();
    let output = inspraak(
        &[("DATABASE_URL", &url)],
        &[
            "admin",
            "create-user",
            "--email",
            "Nieuwe.Griffier@Lindeveld.nl",
            "--role",
            "clerk",
            "--council",
            "lindeveld",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !text(&output.stdout).contains(PASSWORD),
        "a given password is not echoed"
    );
    let missing_council = inspraak(
        &[("DATABASE_URL", &url)],
        &[
            "admin",
            "create-user",
            "--email",
            "x@example.nl",
            "--role",
            "moderator",
        ],
        None,
    );
    assert!(!missing_council.status.success());
    let generated = inspraak(
        &[("DATABASE_URL", &url)],
        &[
            "admin",
            "create-user",
            "--email",
            "bewoner@example.nl",
            "--role",
            "resident",
        ],
        None,
    );
    assert!(text(&generated.stdout).contains("Password (shown once): "));

    app.login("nieuwe.griffier@lindeveld.nl").await;
    assert_status!(app.get("/griffie/lindeveld/consultaties/nieuw").await, 403);
    turn_on(&app).await;
    assert_status!(app.get("/griffie/lindeveld/consultaties/nieuw").await, 200);
}
