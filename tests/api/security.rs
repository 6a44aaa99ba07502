//! What a council's security and privacy officers check first: log-in limits that hold
//! under parallel requests and cannot lock the owner out, addresses behind trusted
//! proxies, registration that tells nobody which addresses have an account, one address
//! parser, mail to the address as typed, no addresses kept in the outbox, and form text
//! that is not UTF-8.

use chrono::Duration;
use diesel::prelude::*;
use futures_util::future::join_all;
use inspraak::db::DbError;
use inspraak::db::schema::{outbox, users};
use inspraak::domain::time::now_utc;

use crate::fixtures::register;
use crate::helpers::{PASSWORD, TestApp, extract_csrf, location, mailed_path};
use crate::{assert_redirect, assert_status, both_backends};

/// A wrong-password log-in for `email` from `forwarded` (the address our trusted proxy,
/// loopback, says the client has), with a token fetched once.
async fn log_in_from(
    app: &TestApp,
    token: &str,
    forwarded: &str,
    email: &str,
    password: &str,
) -> u16 {
    app.client
        .post(app.url("/account/inloggen"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded)
        .body(format!(
            "csrf_token={token}&email={}&password={}",
            inspraak::views::url_encode(email),
            inspraak::views::url_encode(password)
        ))
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

async fn token(app: &TestApp) -> String {
    app.csrf_token("/account/inloggen").await
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

both_backends!(
    parallel_wrong_passwords_for_one_account_are_all_counted,
    parallel_wrong_passwords_from_one_address_are_all_counted,
    a_client_cannot_choose_its_address_behind_the_trusted_proxy,
    wrong_passwords_from_elsewhere_do_not_lock_the_owner_out,
    the_owner_gets_a_mail_that_lets_their_browser_in_again,
    guesses_spread_over_many_addresses_guard_the_account,
    registering_says_the_same_for_new_and_known_addresses,
    a_confirmation_link_logs_in_once_even_when_clicked_in_parallel,
    a_registration_link_expires_and_cannot_be_stretched,
    addresses_that_cannot_be_mailed_are_refused_everywhere,
    mail_goes_to_the_address_as_typed,
    the_outbox_forgets_recipients_and_texts_after_a_week,
    form_text_that_is_not_utf8_is_refused_with_a_message,
    unchecked_next_paths_never_reach_a_header_or_leave_half_a_registration
);

async fn parallel_wrong_passwords_for_one_account_are_all_counted(app: TestApp) {
    app.create_user("doelwit@example.nl", false, None).await;
    let token = token(&app).await;
    let attempts = (0..40).map(|_| {
        log_in_from(
            &app,
            &token,
            "203.0.113.10",
            "doelwit@example.nl",
            "fout fout fout",
        )
    });
    let statuses = join_all(attempts).await;
    assert_eq!(
        count(&statuses, 422),
        5,
        "only five were checked: {statuses:?}"
    );
    assert_eq!(count(&statuses, 429), 35);
}

async fn parallel_wrong_passwords_from_one_address_are_all_counted(app: TestApp) {
    let token = token(&app).await;
    let attempts = (0..60).map(|n| {
        let (app, token) = (&app, &token);
        async move {
            log_in_from(
                app,
                token,
                "203.0.113.11",
                &format!("iemand{n}@example.nl"),
                "fout fout fout",
            )
            .await
        }
    });
    let statuses = join_all(attempts).await;
    assert_eq!(
        count(&statuses, 422),
        30,
        "only thirty were checked: {statuses:?}"
    );
    assert_eq!(count(&statuses, 429), 30);
}

async fn a_client_cannot_choose_its_address_behind_the_trusted_proxy(app: TestApp) {
    // Loopback is the trusted proxy here; whatever the client wrote before the
    // proxy's own entry is not believed, so every try counts for 203.0.113.12.
    let token = token(&app).await;
    for n in 0..30 {
        let chain = format!("198.51.100.{n}, 203.0.113.12");
        assert_eq!(
            log_in_from(
                &app,
                &token,
                &chain,
                &format!("a{n}@example.nl"),
                "fout fout fout"
            )
            .await,
            422
        );
    }
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "198.51.100.99, 203.0.113.12",
            "b@example.nl",
            "fout fout fout"
        )
        .await,
        429
    );
    // Someone else in town, on another address, is not affected.
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "203.0.113.13",
            "b@example.nl",
            "fout fout fout"
        )
        .await,
        422
    );
}

async fn wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(app: TestApp) {
    app.create_user("eigenaar@example.nl", false, None).await;
    let token = token(&app).await;
    for _ in 0..5 {
        assert_eq!(
            log_in_from(
                &app,
                &token,
                "203.0.113.20",
                "eigenaar@example.nl",
                "geraden wachtwoord"
            )
            .await,
            422
        );
    }
    // The guesser waits, and waits longer with every round…
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "203.0.113.20",
            "eigenaar@example.nl",
            PASSWORD
        )
        .await,
        429
    );
    // …while the owner at home logs in at once.
    assert_eq!(
        log_in_from(&app, &token, "192.0.2.44", "eigenaar@example.nl", PASSWORD).await,
        303
    );
}

async fn the_owner_gets_a_mail_that_lets_their_browser_in_again(app: TestApp) {
    app.create_user("eigenaar@example.nl", false, None).await;
    let token = token(&app).await;
    for _ in 0..5 {
        log_in_from(
            &app,
            &token,
            "203.0.113.21",
            "eigenaar@example.nl",
            "verkeerd getypt",
        )
        .await;
    }
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "203.0.113.21",
            "eigenaar@example.nl",
            PASSWORD
        )
        .await,
        429
    );
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "203.0.113.21",
            "eigenaar@example.nl",
            PASSWORD
        )
        .await,
        429
    );
    let link = mailed_path(&app, "eigenaar@example.nl", "/account/ontgrendelen/").await;
    let mails = app.deliver_mail().await;
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.to == "eigenaar@example.nl")
            .count(),
        1,
        "one mail, not one per try"
    );

    // The link opens a page with a button (a mail scanner does not unlock).
    let page = assert_status!(app.get(&link).await, 200);
    assert!(page.contains("Laat mij weer inloggen"));
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "203.0.113.21",
            "eigenaar@example.nl",
            PASSWORD
        )
        .await,
        429
    );
    let response = app.post_form(&link, &link, &[]).await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, "/account/inloggen?melding=ontgrendeld");
    let token = crate::security::token(&app).await;
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "203.0.113.21",
            "eigenaar@example.nl",
            PASSWORD
        )
        .await,
        303
    );

    // A forged or changed link does nothing.
    let forged = format!("{}0", link);
    assert_status!(
        app.second_browser()
            .post_form("/account/inloggen", &forged, &[])
            .await,
        404
    );
}

async fn guesses_spread_over_many_addresses_guard_the_account(app: TestApp) {
    app.create_user("doelwit@example.nl", false, None).await;
    let token = token(&app).await;
    for n in 0..20 {
        assert_eq!(
            log_in_from(
                &app,
                &token,
                &format!("198.51.100.{n}"),
                "doelwit@example.nl",
                "fout fout fout"
            )
            .await,
            422
        );
    }
    assert_eq!(
        log_in_from(
            &app,
            &token,
            "198.51.100.200",
            "doelwit@example.nl",
            PASSWORD
        )
        .await,
        429
    );
    let link = mailed_path(&app, "doelwit@example.nl", "/account/ontgrendelen/").await;
    assert_status!(app.post_form(&link, &link, &[]).await, 303);
    let token = crate::security::token(&app).await;
    assert_eq!(
        log_in_from(&app, &token, "192.0.2.1", "doelwit@example.nl", PASSWORD).await,
        303
    );
}

async fn registering_says_the_same_for_new_and_known_addresses(app: TestApp) {
    app.create_user("bestaat@example.nl", false, None).await;
    app.db
        .write(|conn| {
            diesel::update(users::table)
                .set(users::email_verified_at.eq(now_utc()))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let answer_to = |email: &'static str| {
        let browser = app.second_browser();
        async move {
            let response = register(&browser, "Iemand", email, &[]).await;
            let (status, target) = (response.status().as_u16(), location(&response));
            let signed_in = response.cookies().any(|c| c.name() == "inspraak_session");
            let (_, page) = browser.get_text(&target).await;
            (
                status,
                target,
                signed_in,
                page.replace(extract_csrf(&page).unwrap_or_default().as_str(), ""),
            )
        }
    };
    let known = answer_to("Bestaat@Example.nl").await;
    let new = answer_to("Nieuw@Example.nl").await;
    assert_eq!(known, new, "nothing tells the addresses apart");
    assert_eq!(known.0, 303);
    assert!(
        !known.2,
        "nobody is logged in before the address is confirmed"
    );
    assert!(known.3.contains("Kijk in uw mailbox"));
    assert_eq!(app.count("users").await, 2);

    let mails = app.deliver_mail().await;
    let to_known = mails
        .iter()
        .find(|m| m.to == "bestaat@example.nl")
        .expect("the owner hears of it");
    assert!(
        to_known
            .subject
            .contains("account maken met uw e-mailadres"),
        "{}",
        to_known.subject
    );
    let to_new = mails
        .iter()
        .find(|m| m.to == "Nieuw@Example.nl")
        .expect("mailed as typed");
    assert_eq!(to_new.subject, "Bevestig uw e-mailadres");

    // The confirmation link logs in, once.
    let link = mailed_path(&app, "Nieuw@Example.nl", "/account/bevestigen/").await;
    let browser = app.second_browser();
    let response = browser.post_form(&link, &link, &[]).await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, "/account?melding=welkom");
    let (_, account) = browser.get_text("/account").await;
    assert!(account.contains("Nieuw@Example.nl"), "the address as typed");
    let again = app.second_browser();
    let response = again.post_form(&link, &link, &[]).await;
    assert_status!(
        response,
        200,
        "a second use confirms nothing new and logs nobody in"
    );
    assert_status!(again.get("/account").await, 303);
    // The address is compared in lower case: logging in works in any case.
    app.second_browser().login("nieuw@example.nl").await;
}

async fn a_confirmation_link_logs_in_once_even_when_clicked_in_parallel(app: TestApp) {
    let response = register(&app, "Dubbel", "dubbel@example.nl", &[]).await;
    assert_status!(response, 303);
    let link = mailed_path(&app, "dubbel@example.nl", "/account/bevestigen/").await;
    let browsers: Vec<TestApp> = (0..10).map(|_| app.second_browser()).collect();
    let mut tokens = Vec::new();
    for browser in &browsers {
        tokens.push(browser.csrf_token(&link).await);
    }
    let clicks = browsers.iter().zip(&tokens).map(|(browser, token)| {
        let link = &link;
        async move {
            browser
                .post_raw(link, &[("csrf_token", token.as_str())])
                .await
        }
    });
    let statuses: Vec<u16> = join_all(clicks)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        count(&statuses, 303),
        1,
        "one browser is logged in: {statuses:?}"
    );
    assert_eq!(
        count(&statuses, 200),
        9,
        "the others are told it was confirmed: {statuses:?}"
    );
    assert_eq!(app.count("sessions").await, 1);
}

async fn a_registration_link_expires_and_cannot_be_stretched(app: TestApp) {
    let response = register(&app, "Laat", "laat@example.nl", &[]).await;
    assert_status!(response, 303);
    let link = mailed_path(&app, "laat@example.nl", "/account/bevestigen/").await;
    let (id, rest) = link
        .trim_start_matches("/account/bevestigen/")
        .split_once('~')
        .unwrap();
    let (expires, signature) = rest.split_once('.').unwrap();
    let later: i64 = expires.parse::<i64>().unwrap() + 3600 * 24 * 30;
    let stretched = format!("/account/bevestigen/{id}~{later}.{signature}");
    assert_status!(app.post_form(&link, &stretched, &[]).await, 404);
    let verified: Option<chrono::NaiveDateTime> = app
        .db
        .read(|conn| {
            users::table
                .filter(users::email_key.eq("laat@example.nl"))
                .select(users::email_verified_at)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert!(verified.is_none());
}

async fn addresses_that_cannot_be_mailed_are_refused_everywhere(app: TestApp) {
    let world = crate::fixtures::world(&app).await;
    let invite = format!("/organisaties/{}/uitnodigingen", world.organisation);
    let response = world
        .secretary
        .post_form(
            "/account",
            &invite,
            &[
                ("email", "\"><svg/onload=alert(1)>@evil.example"),
                ("role", "board"),
            ],
        )
        .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Vul een geldig e-mailadres in"), "{body}");
    assert!(
        !body.contains("<svg/onload"),
        "what was typed is kept, escaped"
    );
    assert_eq!(app.count("organisation_invitations").await, 0);
    let response = register(&app.second_browser(), "X", "a<b>@voorbeeld.nl", &[]).await;
    assert_status!(response, 422);
}

async fn mail_goes_to_the_address_as_typed(app: TestApp) {
    let world = crate::fixtures::world(&app).await;
    let position = crate::fixtures::signable(&app, &world).await;
    let signer = app.second_browser();
    let response = crate::fixtures::sign(
        &signer,
        &position,
        "Plus Tag",
        "Plus.Tag+Steun@Example.NL",
        "1234 AB",
    )
    .await;
    assert_status!(response, 200);
    let mails = app.deliver_mail().await;
    assert!(
        mails.iter().any(|m| m.to == "Plus.Tag+Steun@Example.NL"),
        "{:?}",
        mails.iter().map(|m| &m.to).collect::<Vec<_>>()
    );
    assert!(!mails.iter().any(|m| m.to == "plus.tag@example.nl"));
    // Normalised for uniqueness only: the same mailbox does not sign twice.
    crate::fixtures::sign(
        &app.second_browser(),
        &position,
        "Plus Tag",
        "plus.tag@example.nl",
        "1234 AB",
    )
    .await;
    assert_eq!(app.count("signatures").await, 1);
}

async fn the_outbox_forgets_recipients_and_texts_after_a_week(app: TestApp) {
    app.create_user("beheer@example.nl", true, None).await;
    let response = register(&app.second_browser(), "Oud", "oud.adres@example.nl", &[]).await;
    assert_status!(response, 303);
    app.deliver_mail().await;
    app.login("beheer@example.nl").await;
    let (_, list) = app.get_text("/beheer/mail?status=sent").await;
    assert!(list.contains("o…@example.nl"), "masked: {list}");
    assert!(
        !list.contains("oud.adres@example.nl"),
        "the admin sees no full address"
    );

    // Eight days later.
    app.advance_clock(Duration::days(8));
    inspraak::housekeeping::run_once(&app.db, app.now())
        .await
        .unwrap();
    let rows: Vec<(String, String, String, Option<String>)> = app
        .db
        .read(|conn| {
            outbox::table
                .select((
                    outbox::recipient,
                    outbox::body_text,
                    outbox::body_html,
                    outbox::template,
                ))
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|(to, text, html, template)| to.is_empty()
            && text.is_empty()
            && html.is_empty()
            && template.is_none()),
        "{rows:?}"
    );
    let (_, list) = app.get_text("/beheer/mail?status=sent").await;
    assert!(list.contains("verwijderd na 7 dagen") && list.contains("Bevestig uw e-mailadres"));
}

async fn form_text_that_is_not_utf8_is_refused_with_a_message(app: TestApp) {
    let token = token(&app).await;
    let response = app
        .client
        .post(app.url("/account/registreren"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&display_name=Caf%E9&email=cafe%40example.nl&password=een+lang+test+wachtwoord&password_confirmation=een+lang+test+wachtwoord"))
        .send()
        .await
        .unwrap();
    let response = assert_status!(response, 400);
    assert!(response.contains("tekens die wij niet kunnen lezen"));
    assert_eq!(app.count("users").await, 0);
}

async fn unchecked_next_paths_never_reach_a_header_or_leave_half_a_registration(app: TestApp) {
    for next in [
        "/\r\nSet-Cookie: x=1",
        "/%0d%0aLocation: //evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
    ] {
        let response = register(
            &app.second_browser(),
            "Terug",
            "terug@example.nl",
            &[("next", next)],
        )
        .await;
        let redirect = assert_redirect!(response, "{next:?}");
        assert_eq!(redirect, "/account/registreren/verstuurd");
    }
    let link = mailed_path(&app, "terug@example.nl", "/account/bevestigen/").await;
    assert!(
        !link.contains("terug="),
        "an unsafe path is not carried: {link}"
    );
    let response = app
        .second_browser()
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[
                ("email", "terug@example.nl"),
                ("password", PASSWORD),
                ("next", "/\r\nSet-Cookie: x=1"),
            ],
        )
        .await;
    let redirect = assert_redirect!(response);
    assert!(!redirect.contains('\r') && !redirect.contains("evil"));
    assert_eq!(app.count("users").await, 1);
}

both_backends!(parallel_wrong_signature_codes_from_one_network_are_all_counted);

/// Wrong codes count against the network under its lock: of forty parallel guesses from
/// one address exactly twenty are checked, the rest are told to wait.
async fn parallel_wrong_signature_codes_from_one_network_are_all_counted(app: TestApp) {
    let token = app.csrf_token("/steun/code").await;
    let guesses = (0..40).map(|n| {
        let (app, token) = (&app, &token);
        async move {
            let response = app
                .client
                .post(app.url("/steun/code"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-forwarded-for", "203.0.113.21")
                .body(format!(
                    "csrf_token={token}&email=raden%40example.nl&code=ABCD-{n:04}"
                ))
                .send()
                .await
                .expect("answered");
            assert_eq!(response.status().as_u16(), 422);
            response.text().await.expect("a page")
        }
    });
    let pages = join_all(guesses).await;
    let wrong = pages.iter().filter(|p| p.contains("klopt niet")).count();
    let waited = pages.iter().filter(|p| p.contains("te vaak")).count();
    assert_eq!(
        (wrong, waited),
        (20, 20),
        "twenty checked, twenty told to wait"
    );
}
