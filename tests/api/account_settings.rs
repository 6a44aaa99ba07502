//! What people keep up on their account page: their name and where they are logged in.

use crate::fixtures::{individual_reaction_by, world};
use crate::helpers::{PASSWORD, TestApp};
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    a_new_name_shows_from_now_on_and_what_was_filed_keeps_its_own,
    a_refused_name_keeps_what_was_typed,
    the_session_list_shows_each_device_and_when_it_was_used,
    logging_out_everywhere_ends_every_session
);

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// Logs `browser` in as `email` with `user_agent` as its User-Agent.
async fn log_in_on(browser: &TestApp, email: &str, user_agent: &str) {
    let token = browser.csrf_token("/account/inloggen").await;
    let response = browser
        .client
        .post(browser.url("/account/inloggen"))
        .header("user-agent", user_agent)
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("answered");
    assert_status!(response, 303);
}

async fn a_new_name_shows_from_now_on_and_what_was_filed_keeps_its_own(app: TestApp) {
    let w = world(&app).await;
    let filed = individual_reaction_by(&app, &w, "anna@example.nl", "Speeltuin open").await;
    let anna = app.second_browser();
    anna.login("anna@example.nl").await;

    let response = anna
        .post_form(
            "/account",
            "/account/naam",
            &[("display_name", "  Anna de Vries  ")],
        )
        .await;
    assert_eq!(
        assert_redirect!(response),
        "/account?melding=naam-gewijzigd#naam"
    );
    let page = assert_status!(anna.get("/account?melding=naam-gewijzigd").await, 200);
    assert!(page.contains("Uw naam is gewijzigd."));
    assert!(
        page.contains(r#"value="Anna de Vries""#),
        "trimmed and stored"
    );

    // The griffie (which sees names) still finds the name the reaction was filed with.
    let reaction = assert_status!(app.get(&format!("/reacties/{filed}")).await, 200);
    assert!(reaction.contains("Test Persoon"), "filed name kept");
    assert!(!reaction.contains("Anna de Vries"));
    let handling = assert_status!(
        app.get(&format!(
            "/griffie/consultaties/{}/ingekomen-stukken",
            w.consultation
        ))
        .await,
        200
    );
    assert!(handling.contains("Test Persoon") && !handling.contains("Anna de Vries"));

    // Someone logged out cannot change a name.
    let stranger = app.second_browser();
    let token = stranger.csrf_token("/account/inloggen").await;
    let response = stranger
        .client
        .post(stranger.url("/account/naam"))
        .header("referer", stranger.url("/account"))
        .form(&[("csrf_token", token.as_str()), ("display_name", "Inbreker")])
        .send()
        .await
        .expect("answered");
    // Back to the page the form was on after logging in, not to the form's address.
    assert_eq!(
        assert_redirect!(response),
        "/account/inloggen?terug=/account"
    );
    let page = assert_status!(anna.get("/account").await, 200);
    assert!(page.contains(r#"value="Anna de Vries""#));
}

async fn a_refused_name_keeps_what_was_typed(app: TestApp) {
    app.create_user("lang@example.nl", false, None).await;
    app.login("lang@example.nl").await;
    let too_long = "Bartholomeus ".repeat(9);
    let response = app
        .post_form("/account", "/account/naam", &[("display_name", &too_long)])
        .await;
    let page = assert_status!(response, 422);
    assert!(page.contains("Controleer het formulier"), "error summary");
    assert!(page.contains(too_long.trim_end()), "typed text kept");
    let response = app
        .post_form("/account", "/account/naam", &[("display_name", "   ")])
        .await;
    let page = assert_status!(response, 422);
    assert!(page.contains("Vul uw naam in"));
    let page = assert_status!(app.get("/account").await, 200);
    assert!(page.contains(r#"value="Test Persoon""#), "nothing changed");
}

async fn the_session_list_shows_each_device_and_when_it_was_used(app: TestApp) {
    app.create_user("twee@example.nl", false, None).await;
    let phone = app.second_browser();
    log_in_on(&phone, "twee@example.nl", IPHONE).await;
    let laptop = app.second_browser();
    log_in_on(&laptop, "twee@example.nl", FIREFOX).await;

    let page = assert_status!(laptop.get("/account").await, 200);
    assert!(page.contains("Safari op iPhone"), "{page}");
    assert!(page.contains("Firefox op Linux</strong> (dit apparaat)"));
    assert!(!page.contains("Safari op iPhone</strong> (dit apparaat)"));
    assert!(!page.contains("AppleWebKit"), "only the hint is kept");
    assert!(
        page.contains(", met wachtwoord<br>"),
        "how it was signed in"
    );

    // Used again after a while, the phone's session shows when.
    app.advance_clock(chrono::Duration::minutes(30));
    let before = app.now();
    assert_status!(phone.get("/account").await, 200);
    let mut renewed = false;
    for _ in 0..100 {
        let last_seen: Vec<Option<chrono::NaiveDateTime>> = app
            .db
            .read(|conn| {
                use diesel::prelude::*;
                use inspraak::db::schema::sessions;
                sessions::table
                    .filter(sessions::device.eq("Safari op iPhone"))
                    .select(sessions::last_seen_at)
                    .load(conn)
                    .map_err(inspraak::db::DbError::from)
            })
            .await
            .unwrap();
        if last_seen.len() == 1 && last_seen[0].is_some_and(|seen| seen >= before) {
            renewed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(renewed, "the phone's last use is recorded");
}

async fn logging_out_everywhere_ends_every_session(app: TestApp) {
    app.create_user("overal@example.nl", false, None).await;
    let phone = app.second_browser();
    log_in_on(&phone, "overal@example.nl", IPHONE).await;
    app.login("overal@example.nl").await;

    // Someone logged out ends nothing, and without the form's token nothing ends.
    let stranger = app.second_browser();
    let token = stranger.csrf_token("/account/inloggen").await;
    let response = stranger
        .post_raw("/account/sessies/beeindigen", &[("csrf_token", &token)])
        .await;
    assert!(assert_redirect!(response).starts_with("/account/inloggen?terug="));
    assert_eq!(app.count("sessions").await, 2, "both sessions stand");
    let response = app.post_raw("/account/sessies/beeindigen", &[]).await;
    assert_status!(response, 403);
    assert_status!(phone.get("/account").await, 200);

    let response = app
        .post_form("/account", "/account/sessies/beeindigen", &[])
        .await;
    assert_eq!(
        assert_redirect!(response),
        "/account/inloggen?melding=overal-uitgelogd"
    );
    let page = assert_status!(
        app.get("/account/inloggen?melding=overal-uitgelogd").await,
        200
    );
    assert!(page.contains("U bent op alle apparaten uitgelogd."));
    for browser in [&app, &phone] {
        let response = browser.get("/account").await;
        assert_status!(response, 303, "every session ended");
    }
    assert_eq!(app.count("sessions").await, 0);
}
