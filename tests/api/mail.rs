use diesel::prelude::*;
use inspraak::db::schema::{committee_members, consultations, outbox as outbox_table};
use inspraak::db::{DbError, outbox};
use inspraak::domain::time::now_utc;
use inspraak::mail::{MailSettings, MailTransport};

use crate::fixtures::{
    as_refs, close, consultation_fields, council_with_clerk_logged_in, create_consultation,
    open_consultation, resident,
};
use crate::helpers::{TestApp, new_client, parse_mail, read_mail_dir, skip_postgres};
use crate::smtp_sink::SmtpSink;
use crate::{assert_status, both_backends};

fn new_mail(recipient: &str) -> outbox::NewMail {
    outbox::NewMail {
        kind: "test",
        recipient: recipient.to_owned(),
        subject: "Proefbericht".into(),
        body_text: format!("Tekst\n{}", inspraak::mail::templates::NO_REPLY),
        body_html: "<p>Tekst</p>".into(),
        list_unsubscribe: None,
        dedupe_key: None,
        template: None,
    }
}

async fn enqueue(app: &TestApp, count: usize) {
    app.db
        .write(move |conn| {
            for n in 0..count {
                outbox::enqueue(
                    conn,
                    &new_mail(&format!("ontvanger{n}@example.nl")),
                    "test.example",
                    now_utc(),
                )?;
            }
            Ok::<_, DbError>(())
        })
        .await
        .unwrap();
}

async fn statuses(app: &TestApp) -> Vec<(String, i32, Option<String>)> {
    app.db
        .read(|conn| {
            outbox_table::table
                .order(outbox_table::created_at.asc())
                .select((
                    outbox_table::status,
                    outbox_table::attempts,
                    outbox_table::last_error,
                ))
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

fn smtp(url: &str) -> MailSettings {
    MailSettings {
        transport: MailTransport::Smtp(url.to_owned()),
        from: "Inspraak <inspraak@test.example>".parse().unwrap(),
        reply_to: Some("griffie@test.example".parse().unwrap()),
        helo_name: "inspraak.test.example".into(),
    }
}

/// A council with a committee that has two members, a clerk logged in, and an opened
/// consultation; returns its id.
async fn opened_consultation(app: &TestApp) -> String {
    let committee = council_with_clerk_logged_in(app, "lindeveld").await;
    let page = format!("/griffie/commissies/{committee}");
    for (name, email) in [
        ("Raadslid Oost", "oost@lindeveld.nl"),
        ("Raadslid West", "west@lindeveld.nl"),
    ] {
        let response = app
            .post_form(
                &page,
                &format!("{page}/leden"),
                &[("name", name), ("email", email)],
            )
            .await;
        assert_status!(response, 303);
    }
    let id = create_consultation(app, "lindeveld", &committee).await;
    open_consultation(app, &id, "ONT").await;
    id
}

both_backends!(
    opening_mails_the_griffie_with_a_link_that_works,
    members_get_at_most_one_digest_a_day_and_can_unsubscribe,
    a_rolled_back_transaction_leaves_no_mail,
    smtp_delivery_retries_temporary_failures_and_gives_up_on_permanent_ones,
    the_admin_sees_the_outbox_and_retries_failed_mail
);

async fn opening_mails_the_griffie_with_a_link_that_works(app: TestApp) {
    let id = opened_consultation(&app).await;
    let mails = app.deliver_mail().await;
    let griffie: Vec<_> = mails
        .iter()
        .filter(|m| m.to == "griffie@example.nl")
        .collect();
    assert_eq!(griffie.len(), 1);
    let mail = griffie[0];
    assert_eq!(
        mail.subject,
        "Inspraakronde geopend: Beleidsnotitie Ontmoetingsplekken"
    );
    assert!(mail.message_id.ends_with("@test.example"));
    assert!(mail.html.contains("Beleidsnotitie Ontmoetingsplekken"));
    let link = format!("{}/consultaties/{id}", app.address);
    assert!(mail.text.contains(&link), "{}", mail.text);
    let response = new_client().get(&link).send().await.unwrap();
    let response = assert_status!(response, 200);
    assert!(response.contains("Beleidsnotitie Ontmoetingsplekken"));
    assert_eq!(
        statuses(&app)
            .await
            .iter()
            .filter(|(s, _, _)| s == "sent")
            .count(),
        mails.len()
    );
}

async fn members_get_at_most_one_digest_a_day_and_can_unsubscribe(app: TestApp) {
    let id = opened_consultation(&app).await;
    let mails = app.deliver_mail().await;
    let digests: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Nieuws over de inspraakronde"))
        .collect();
    assert_eq!(digests.len(), 2, "one per member");
    assert!(digests[0].text.contains("De inspraakronde is geopend."));

    // A change on the same day waits for tomorrow's digest.
    let fields = consultation_fields("");
    let mut fields: Vec<(&str, String)> = fields.into_iter().collect();
    let committee = app
        .db
        .read({
            let id = id.clone();
            move |conn| {
                consultations::table
                    .find(&id)
                    .select(consultations::committee_id)
                    .first::<String>(conn)
                    .map_err(DbError::from)
            }
        })
        .await
        .unwrap();
    fields
        .iter_mut()
        .find(|(k, _)| *k == "committee_id")
        .unwrap()
        .1 = committee;
    fields.iter_mut().find(|(k, _)| *k == "summary").unwrap().1 = "Nieuwe samenvatting".into();
    let refs = as_refs(&fields);
    let manage = format!("/griffie/consultaties/{id}");
    assert_status!(
        app.post_form(&manage, &format!("{manage}/bewerken"), &refs)
            .await,
        303
    );
    assert_eq!(
        app.deliver_mail().await.len(),
        mails.len(),
        "no second digest today"
    );

    let oost = digests
        .iter()
        .find(|m| m.to == "oost@lindeveld.nl")
        .unwrap();
    let unsubscribe = oost
        .list_unsubscribe
        .clone()
        .expect("List-Unsubscribe header");
    assert!(oost.text.contains(&unsubscribe));
    let last = if unsubscribe.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &unsubscribe[..unsubscribe.len() - 1]);
    assert_eq!(
        new_client()
            .post(&tampered)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    // One click from a mail program: a POST without cookies or token.
    let response = new_client()
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    let response = assert_status!(response, 200);
    assert!(response.contains("U bent afgemeld"));
    let unsubscribed: i64 = app
        .db
        .read(|conn| {
            committee_members::table
                .filter(committee_members::unsubscribed_at.is_not_null())
                .count()
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(unsubscribed, 1);

    // At closing the griffie and the remaining member hear it; the unsubscribed one does not.
    close(&app, &id).await;
    let after = app.deliver_mail().await;
    let closing: Vec<_> = after
        .iter()
        .filter(|m| m.subject.starts_with("Inspraakronde gesloten"))
        .collect();
    let mut recipients: Vec<&str> = closing.iter().map(|m| m.to.as_str()).collect();
    recipients.sort();
    assert_eq!(recipients, ["griffie@example.nl", "west@lindeveld.nl"]);
    assert!(closing[0].text.contains("Beslispunten: 2"));
    let state: String = app
        .db
        .read(move |conn| {
            consultations::table
                .find(&id)
                .select(consultations::state)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(state, "closed");
    assert_eq!(
        app.deliver_mail().await.len(),
        after.len(),
        "closing happens once"
    );
}

async fn a_rolled_back_transaction_leaves_no_mail(app: TestApp) {
    let result = app
        .db
        .write(|conn| {
            outbox::enqueue(
                conn,
                &new_mail("ontvanger@example.nl"),
                "test.example",
                now_utc(),
            )?;
            Err::<(), DbError>(DbError::Migration(
                "the event failed after the mail was queued".into(),
            ))
        })
        .await;
    assert!(result.is_err());
    assert_eq!(app.count("outbox").await, 0);
    enqueue(&app, 1).await;
    assert_eq!(app.count("outbox").await, 1);
}

async fn smtp_delivery_retries_temporary_failures_and_gives_up_on_permanent_ones(app: TestApp) {
    let (sink, url) = SmtpSink::start(&[450, 250, 550]).await;
    let worker = app.worker_with(smtp(&url));
    enqueue(&app, 1).await;
    assert_eq!(worker.deliver_batch().await.unwrap(), 1);
    let after_first = statuses(&app).await;
    assert_eq!(after_first[0].0, "pending");
    assert_eq!(after_first[0].1, 1);
    assert!(
        after_first[0]
            .2
            .as_deref()
            .unwrap_or_default()
            .contains("450")
    );
    assert_eq!(
        worker.deliver_batch().await.unwrap(),
        0,
        "not due before its backoff"
    );

    // Time passes: the retry is due.
    app.advance_clock(inspraak::domain::mail::retry_delay(1));
    assert_eq!(worker.deliver_batch().await.unwrap(), 1);
    assert_eq!(statuses(&app).await[0].0, "sent");
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let mail = parse_mail(received[0].as_bytes());
    assert_eq!(mail.to, "ontvanger0@example.nl");
    assert_eq!(mail.subject, "Proefbericht");
    assert!(
        received[0].contains("Auto-Submitted: auto-generated\r\n"),
        "{}",
        received[0]
    );
    assert!(
        mail.text.contains(inspraak::mail::templates::CAN_REPLY),
        "with a Reply-To, answering is possible: {}",
        mail.text
    );
    assert!(!mail.text.contains(inspraak::mail::templates::NO_REPLY));
    assert!(
        sink.greetings
            .lock()
            .unwrap()
            .iter()
            .all(|name| name == "inspraak.test.example")
    );

    enqueue(&app, 1).await;
    worker.drain().await.unwrap();
    let rows = statuses(&app).await;
    assert_eq!(
        (rows[1].0.as_str(), rows[1].1),
        ("failed", 1),
        "a 550 is not retried"
    );
    assert!(rows[1].2.as_deref().unwrap_or_default().contains("550"));
    assert_eq!(sink.received().len(), 1);
}

async fn the_admin_sees_the_outbox_and_retries_failed_mail(app: TestApp) {
    let (_sink, url) = SmtpSink::start(&[550]).await;
    enqueue(&app, 1).await;
    app.worker_with(smtp(&url)).drain().await.unwrap();
    app.create_user("beheer@example.nl", true, None).await;
    let resident = resident(&app, "inwoner@example.nl").await;
    app.login("beheer@example.nl").await;

    let body = assert_status!(app.get("/beheer/mail?status=failed").await, 200);
    assert!(body.contains("Mislukt (1)") && body.contains("Proefbericht") && body.contains("550"));
    let id: String = app
        .db
        .read(|conn| {
            outbox_table::table
                .select(outbox_table::id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let retry = format!("/beheer/mail/{id}/opnieuw");

    assert_status!(resident.get("/beheer/mail").await, 403);
    assert_status!(resident.post_form("/account", &retry, &[]).await, 403);
    assert_eq!(statuses(&app).await[0].0, "failed");

    assert_status!(app.post_form("/beheer/mail", &retry, &[]).await, 303);
    assert_eq!(statuses(&app).await[0], ("pending".to_owned(), 0, None));
    let mails = app.deliver_mail().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(statuses(&app).await[0].0, "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_processes_on_postgres_send_each_of_1000_mails_exactly_once() {
    if skip_postgres() {
        return;
    }
    let app = TestApp::spawn(crate::helpers::Backend::Postgres).await;
    enqueue(&app, 1000).await;
    let dir = app.mail_dir();
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_inspraak"))
            .args(["worker", "--drain"])
            .env("DATABASE_URL", app.database_url.connection_string())
            .env(
                "INSPRAAK_SECRET_KEY",
                String::from_utf8_lossy(&app.config.secret_key).into_owned(),
            )
            .env("INSPRAAK_MAIL_DIR", &dir)
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let mut attempted = Vec::new();
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let count: usize = stdout
            .split("attempted ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        attempted.push(count);
    }
    let mails = read_mail_dir(&dir);
    assert_eq!(mails.len(), 1000);
    let mut ids: Vec<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 1000, "every Message-ID once");
    assert_eq!(
        attempted.iter().sum::<usize>(),
        1000,
        "no row was tried twice: {attempted:?}"
    );
    assert!(
        statuses(&app)
            .await
            .iter()
            .all(|(s, n, _)| s == "sent" && *n == 1)
    );
}
