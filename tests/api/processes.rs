//! Several `inspraak` processes on one PostgreSQL database, as a regional deployment runs
//! them: two `serve` processes started at the same moment and two workers.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use inspraak::db::{DatabaseUrl, Db};

use crate::assert_status;
use crate::fixtures::{sign, signable, world};
use crate::helpers::{
    TestApp, confirmation_for, link, postgres_cluster, read_mail_dir, skip_postgres, test_config,
};

const SECRET: &str = "a shared secret key for both serve processes, long enough";

/// Kills the server processes when the test ends, however it ends.
struct Servers(Vec<Child>);

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn inspraak(url: &str, mail: &std::path::Path, args: &[&str], port: Option<u16>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_inspraak"));
    command
        .args(args)
        .env("DATABASE_URL", url)
        .env("INSPRAAK_SECRET_KEY", SECRET)
        .env("INSPRAAK_MAIL_DIR", mail)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(port) = port {
        command
            .env("INSPRAAK_BIND", format!("127.0.0.1:{port}"))
            .env("INSPRAAK_BASE_URL", format!("http://127.0.0.1:{port}"));
    }
    command
}

async fn wait_until_up(address: &str) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("{address}/gezondheid"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{address} did not come up");
}

/// Two workers at once, until nothing is due.
fn drain_twice(url: &str, mail: &std::path::Path) {
    let workers: Vec<Child> = (0..2)
        .map(|_| {
            inspraak(url, mail, &["worker", "--drain"], None)
                .spawn()
                .unwrap()
        })
        .collect();
    for worker in workers {
        let output = worker.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_and_two_workers_share_one_postgres_database() {
    if skip_postgres() {
        return;
    }
    let url = postgres_cluster().new_database();
    let mail_dir = tempfile::tempdir().unwrap();
    let mail = mail_dir.path();
    let (port_one, port_two) = (free_port(), free_port());
    // Both start at the same moment on an empty database: the migrations run once.
    let servers = Servers(vec![
        inspraak(&url, mail, &["serve", "--no-worker"], Some(port_one))
            .spawn()
            .unwrap(),
        inspraak(&url, mail, &["serve", "--no-worker"], Some(port_two))
            .spawn()
            .unwrap(),
    ]);
    let (one, two) = (
        format!("http://127.0.0.1:{port_one}"),
        format!("http://127.0.0.1:{port_two}"),
    );
    wait_until_up(&one).await;
    wait_until_up(&two).await;

    let database_url = DatabaseUrl::Postgres(url.clone());
    let db = {
        let database_url = database_url.clone();
        tokio::task::spawn_blocking(move || Db::connect(&database_url))
            .await
            .unwrap()
            .unwrap()
    };
    let mut config = test_config(database_url, one.clone(), mail.to_path_buf());
    config.secret_key = SECRET.as_bytes().to_vec();
    let app = TestApp::for_process(one.clone(), db, config);

    // The griffie works on the first server, the secretary submits there and goes on, with
    // the same session, on the second.
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let secretary_two = w.secretary.on(&two);
    let account = assert_status!(
        secretary_two.get("/account").await,
        200,
        "the session from server one works on server two"
    );
    assert!(account.contains("secretaris@horst.nl"));

    // Residents sign through both servers; one confirms through the other.
    let first = app.second_browser();
    let second = app.second_browser().on(&two);
    assert_status!(
        sign(&first, &position, "Buur Een", "een@example.nl", "1234AB").await,
        200
    );
    assert_status!(
        sign(&second, &position, "Buur Twee", "twee@example.nl", "1234AB").await,
        200
    );
    drain_twice(&url, mail);
    let mails = read_mail_dir(mail);
    let confirm = link(
        confirmation_for(&mails, "twee@example.nl")[0],
        "http://127.0.0.1:",
    );
    let path = format!("/{}", confirm.splitn(4, '/').nth(3).unwrap());
    assert_status!(second.on(&one).post_form(&path, &path, &[]).await, 200);

    drain_twice(&url, mail);
    let mails = read_mail_dir(mail);
    let outbox = app.count("outbox").await;
    assert!(
        outbox >= 4,
        "receipts, the griffie's mails and two confirmations"
    );
    assert_eq!(
        mails.len() as i64,
        outbox,
        "every mail written, none twice, none lost"
    );
    let mut ids: Vec<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), mails.len(), "every Message-ID once");
    assert_eq!(confirmation_for(&mails, "een@example.nl").len(), 1);
    assert_eq!(confirmation_for(&mails, "twee@example.nl").len(), 1);
    let confirmed: Vec<String> = app
        .db
        .read(|conn| {
            use diesel::prelude::*;
            use inspraak::db::schema::signatures;
            signatures::table
                .filter(signatures::state.eq("confirmed"))
                .select(signatures::display_name.assume_not_null())
                .load(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(
        confirmed,
        vec!["Buur Twee".to_owned()],
        "confirmed through the other server"
    );

    let migrations = app.count("__diesel_schema_migrations").await;
    let expected = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"))
        .unwrap()
        .count() as i64;
    assert_eq!(migrations, expected, "each migration ran once");
    drop(servers);
}
