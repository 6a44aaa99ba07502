//! Deleting an account (AVG art. 17): the person goes, what they formally filed stays as
//! filed under a number, and the public log still checks out.

use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, outbox, posts, reactions, signatures, users};
use inspraak::domain::account::CouncilRole;

use crate::fixtures::{signable, start_draft, world};
use crate::helpers::{PASSWORD, TestApp, location};
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    deleting_keeps_what_was_filed_under_a_number_and_forgets_the_person,
    a_secretary_hands_over_first_and_a_wrong_password_deletes_nothing,
    the_last_admin_cannot_go_and_nobody_else_can_delete_an_account
);

const DELETE: &str = "/account/verwijderen";

async fn delete(browser: &TestApp, password: &str) -> reqwest::Response {
    browser
        .post_form(DELETE, DELETE, &[("delete_password", password)])
        .await
}

/// Whether the reaction page, as the griffie sees it, names `name` as the sender.
fn names(page: &str, name: &str) -> bool {
    page.contains(&format!("{name} (naam niet openbaar)"))
}

async fn deleting_keeps_what_was_filed_under_a_number_and_forgets_the_person(app: TestApp) {
    let w = world(&app).await;
    let filed =
        crate::fixtures::individual_reaction_by(&app, &w, "anna@example.nl", "Speeltuin open")
            .await;
    let anna = app.second_browser();
    anna.login("anna@example.nl").await;
    let draft = start_draft(&anna, &w.consultation, None, "Nog niet af").await;
    let thread = format!("/consultaties/{}/discussie", w.consultation);
    let posted = anna
        .post_form(
            &thread,
            &thread,
            &[("body", "Ik woon hier al veertig jaar.")],
        )
        .await;
    assert!(location(&posted).starts_with("/berichten/"));
    // Anna's address was confirmed, so she supports a position in one click.
    app.db
        .write(|conn| {
            diesel::update(users::table.filter(users::email_key.eq("anna@example.nl")))
                .set(users::email_verified_at.eq(Some(inspraak::domain::time::now_utc())))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let position = signable(&app, &w).await;
    let support = format!("/steun/standpunt/{position}");
    assert_redirect!(
        anna.post_form(
            &support,
            &format!("{support}/account"),
            &[("postcode", "1234 AB")]
        )
        .await
    );
    let reaction_page = format!("/reacties/{filed}");
    let before = assert_status!(app.get(&reaction_page).await, 200);
    assert!(
        before.contains("Test Persoon"),
        "the griffie sees the filed name"
    );

    let page = assert_status!(anna.get(DELETE).await, 200);
    assert!(page.contains("Indiener 12") && page.contains("Verwijder mijn account"));
    let done = assert_redirect!(delete(&anna, PASSWORD).await);
    assert_eq!(done, "/account/inloggen?melding=account-verwijderd");
    let login = assert_status!(anna.get(&done).await, 200);
    assert!(login.contains("Uw account is verwijderd."));
    assert_status!(anna.get("/account").await, 303, "logged out");
    assert_eq!(
        app.second_browser()
            .log_in_status("anna@example.nl", PASSWORD)
            .await,
        422
    );

    // What was filed stays, under its number; the griffie no longer sees the name.
    let after = assert_status!(app.get(&reaction_page).await, 200);
    assert!(after.contains("Speeltuin open"));
    assert!(!names(&after, "Test Persoon"), "the name is gone");
    let (name, sequence) = {
        let id = filed.clone();
        app.db
            .read(move |conn| {
                reactions::table
                    .find(&id)
                    .select((reactions::submitted_by_name, reactions::sequence))
                    .first::<(Option<String>, Option<i32>)>(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    assert_eq!(name, Some(format!("Indiener {}", sequence.unwrap())));
    assert!(names(&after, &format!("Indiener {}", sequence.unwrap())));
    // The public log says what happened, and every entry still checks out.
    let log = assert_status!(
        app.get(&format!("/consultaties/{}/logboek", w.consultation))
            .await,
        200
    );
    assert!(log.contains("Naam verwijderd (account opgeheven)"));
    assert!(!log.contains("Klopt niet"), "the chain still holds:\n{log}");
    let check = assert_status!(app.get(&format!("{reaction_page}/controle")).await, 200);
    assert!(check.contains("De indiener heeft het account opgeheven."));
    assert!(!check.contains("Klopt niet"));

    // The draft is gone; the post stays without the name; the support still counts.
    assert_status!(app.get(&format!("/reacties/{draft}")).await, 404);
    let discussion = assert_status!(app.get(&thread).await, 200);
    assert!(discussion.contains("Ik woon hier al veertig jaar."));
    assert!(discussion.contains("Verwijderd account"));
    let (addresses, confirmed, post_names, account) = app
        .db
        .read(|conn| {
            let addresses: i64 = signatures::table
                .filter(signatures::email_normalized.eq("anna@example.nl"))
                .count()
                .get_result(conn)?;
            let confirmed: i64 = signatures::table
                .filter(signatures::state.eq("confirmed"))
                .filter(signatures::email_normalized.is_null())
                .count()
                .get_result(conn)?;
            let post_names: Vec<String> = posts::table.select(posts::author_name).load(conn)?;
            let account: (String, String, Option<chrono::NaiveDateTime>) = users::table
                .filter(users::display_name.eq("Verwijderd account"))
                .select((users::email, users::password_hash, users::deleted_at))
                .first(conn)?;
            Ok::<_, DbError>((addresses, confirmed, post_names, account))
        })
        .await
        .unwrap();
    assert_eq!(addresses, 0, "no signature keeps the address");
    assert_eq!(confirmed, 1, "the support still counts");
    assert!(post_names.iter().all(|n| n != "Test Persoon"));
    assert!(!account.0.contains('@'), "no address: {}", account.0);
    assert_eq!(account.1, "");
    assert!(account.2.is_some());

    // One last mail says so; nothing else waits for the address.
    let mails = app.deliver_mail().await;
    let last: Vec<_> = mails
        .iter()
        .filter(|m| m.to == "anna@example.nl" && m.subject == "Uw account is verwijderd")
        .collect();
    assert_eq!(last.len(), 1);
    let waiting: i64 = app
        .db
        .read(|conn| {
            outbox::table
                .filter(outbox::recipient.eq("anna@example.nl"))
                .filter(outbox::kind.ne("account_deleted"))
                .count()
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(waiting, 0, "earlier mail to the address keeps no recipient");

    // A moderator's decision about the post would tell its author: with no address
    // left, no mail is written.
    let post = location(&posted)["/berichten/".len()..]
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let consultation = w.consultation.clone();
    let council: String = app
        .db
        .read(move |conn| {
            consultations::table
                .find(&consultation)
                .select(consultations::council_id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    app.create_user(
        "moderator@lindeveld.nl",
        false,
        Some((&council, CouncilRole::Moderator)),
    )
    .await;
    let moderator = app.second_browser();
    moderator.login("moderator@lindeveld.nl").await;
    let decision = format!("/moderatie/berichten/{post}");
    assert_redirect!(
        moderator
            .post_form(
                &decision,
                &decision,
                &[
                    ("action", "hide"),
                    ("rule", "2"),
                    ("reason", "Buiten het onderwerp")
                ],
            )
            .await
    );
    let unaddressed: i64 = app
        .db
        .read(|conn| {
            outbox::table
                .filter(outbox::recipient.not_like("%@%"))
                .filter(outbox::status.eq("pending"))
                .count()
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(unaddressed, 0, "nothing is queued without an address");

    // The address is free for a new account.
    let again =
        crate::fixtures::register(&app.second_browser(), "Anna", "anna@example.nl", &[]).await;
    assert_status!(again, 303);
    let accounts: i64 = app
        .db
        .read(|conn| {
            users::table
                .filter(users::email_key.eq("anna@example.nl"))
                .count()
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(accounts, 1, "a new account with the freed address");
}

async fn a_secretary_hands_over_first_and_a_wrong_password_deletes_nothing(app: TestApp) {
    let w = world(&app).await;
    let page = assert_status!(w.secretary.get(DELETE).await, 200);
    assert!(page.contains("Dit kan nog niet"));
    assert!(page.contains("U bent secretaris van Bewonersplatform De Horst."));
    assert!(
        !page.contains("Verwijder mijn account"),
        "no form while blocked"
    );
    let refused = assert_status!(delete(&w.secretary, PASSWORD).await, 409);
    assert!(refused.contains("U bent secretaris van Bewonersplatform De Horst."));
    assert_status!(w.secretary.get("/account").await, 200, "still there");

    // An editor may go; a wrong or empty password first deletes nothing.
    let wrong = assert_status!(delete(&w.editor, "niet mijn wachtwoord").await, 422);
    assert!(wrong.contains("Uw huidige wachtwoord klopt niet."));
    let empty = assert_status!(delete(&w.editor, "").await, 422);
    assert!(empty.contains("Vul uw wachtwoord in."));
    assert_status!(w.editor.get("/account").await, 200);
    assert_redirect!(delete(&w.editor, PASSWORD).await);
    let members = assert_status!(
        w.secretary
            .get(&format!("/organisaties/{}/leden", w.organisation))
            .await,
        200
    );
    assert!(
        !members.contains("schrijver@horst.nl"),
        "no longer a member"
    );
}

async fn the_last_admin_cannot_go_and_nobody_else_can_delete_an_account(app: TestApp) {
    app.create_user("beheer@example.nl", true, None).await;
    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    let page = assert_status!(admin.get(DELETE).await, 200);
    assert!(page.contains("U bent de enige beheerder van Inspraak."));
    assert_status!(delete(&admin, PASSWORD).await, 409);

    // Two residents delete their accounts one after the other (the emptied rows must not
    // collide).
    for email in ["een@example.nl", "twee@example.nl"] {
        app.create_user(email, false, None).await;
        let resident = app.second_browser();
        resident.login(email).await;
        assert_eq!(
            assert_redirect!(delete(&resident, PASSWORD).await),
            "/account/inloggen?melding=account-verwijderd"
        );
    }

    // Logged out: sent to log in, nothing deleted.
    let stranger = app.second_browser();
    assert_status!(stranger.get(DELETE).await, 303);
    let response = stranger
        .post_form(
            "/account/wachtwoord-vergeten",
            DELETE,
            &[("delete_password", PASSWORD)],
        )
        .await;
    assert!(assert_redirect!(response).starts_with("/account/inloggen"));
    let deleted: i64 = app
        .db
        .read(|conn| {
            users::table
                .filter(users::deleted_at.is_not_null())
                .count()
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(deleted, 2, "only the two who asked");
}
