//! "Wachtwoord vergeten": the same answer for every address, a link that works once for
//! an hour and only for the password it was made for, every session ended after it.

use crate::helpers::{PASSWORD, TestApp, mailed_path};
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    known_and_unknown_addresses_get_the_same_answer,
    a_reset_link_works_once_and_ends_every_session,
    parallel_uses_of_one_link_change_the_password_once,
    a_link_dies_when_the_password_changes_or_after_an_hour,
    reset_requests_are_limited_per_address_and_per_network,
    a_reset_lets_a_locked_out_owner_log_in_again
);

const FORGOT: &str = "/account/wachtwoord-vergeten";
const NEW_PASSWORD: &str = "een zin die ik wel onthoud";

/// Asks for a reset link for `email` from the network `forwarded` (the test servers
/// trust the proxy header); the status of the answer.
async fn forgot_from(app: &TestApp, token: &str, forwarded: &str, email: &str) -> u16 {
    app.client
        .post(app.url(FORGOT))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", forwarded)
        .body(format!(
            "csrf_token={token}&email={}",
            inspraak::views::url_encode(email)
        ))
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

async fn ask_for_link(browser: &TestApp, email: &str) -> String {
    let response = browser.post_form(FORGOT, FORGOT, &[("email", email)]).await;
    assert_redirect!(response)
}

/// Posts a new password to a reset link (the form's token comes from another page, as
/// the link's own page is gone once it is used).
async fn choose(browser: &TestApp, link: &str, password: &str) -> reqwest::Response {
    browser
        .post_form(
            FORGOT,
            link,
            &[("password", password), ("password_confirmation", password)],
        )
        .await
}

async fn known_and_unknown_addresses_get_the_same_answer(app: TestApp) {
    app.create_user("bekend@example.nl", false, None).await;
    let login = assert_status!(app.get("/account/inloggen").await, 200);
    assert!(login.contains(r#"href="/account/wachtwoord-vergeten""#));

    let known = ask_for_link(&app, "Bekend@Example.nl").await;
    let unknown = ask_for_link(&app, "onbekend@example.nl").await;
    assert_eq!(known, "/account/wachtwoord-vergeten/verstuurd");
    assert_eq!(known, unknown);
    let page = assert_status!(app.get(&known).await, 200);
    assert!(page.contains("Als er een account is met dit e-mailadres"));

    let mails = app.deliver_mail().await;
    assert_eq!(mails.len(), 1, "one mail, to the account: {mails:?}");
    assert_eq!(mails[0].to, "bekend@example.nl");
    assert_eq!(mails[0].subject, "Kies een nieuw wachtwoord");
    assert!(
        mails[0]
            .text
            .contains(&format!("{}/account/nieuw-wachtwoord/", app.address))
    );

    // A mistyped address gets a message, with what was typed kept.
    let wrong = app.post_form(FORGOT, FORGOT, &[("email", "bekend@")]).await;
    let wrong = assert_status!(wrong, 422);
    assert!(wrong.contains("Vul een geldig e-mailadres in"));
    assert!(wrong.contains(r#"value="bekend@""#));
}

async fn a_reset_link_works_once_and_ends_every_session(app: TestApp) {
    app.create_user("vergeten@example.nl", false, None).await;
    app.login("vergeten@example.nl").await;
    let phone = app.second_browser();
    phone.login("vergeten@example.nl").await;
    let stranger = app.second_browser();
    ask_for_link(&stranger, "vergeten@example.nl").await;
    let link = mailed_path(&app, "vergeten@example.nl", "/account/nieuw-wachtwoord/").await;

    // Opening the link (as a mail scanner does) changes nothing.
    let form = assert_status!(stranger.get(&link).await, 200);
    assert!(form.contains("Nieuw wachtwoord kiezen") && form.contains("Wachtwoord opslaan"));
    assert_status!(app.get("/account").await, 200, "still logged in");

    // Too short: a message, nothing changed.
    let short = assert_status!(choose(&stranger, &link, "kort").await, 422);
    assert!(short.contains("Kies een wachtwoord van minstens 12 tekens."));
    let different = stranger
        .post_form(
            &link,
            &link,
            &[
                ("password", NEW_PASSWORD),
                ("password_confirmation", "iets anders getypt"),
            ],
        )
        .await;
    let different = assert_status!(different, 422);
    assert!(different.contains("Het herhaalde wachtwoord is anders."));
    assert_status!(app.get("/account").await, 200, "still logged in");

    let done = assert_redirect!(choose(&stranger, &link, NEW_PASSWORD).await);
    assert_eq!(done, "/account/inloggen?melding=nieuw-wachtwoord");
    let login = assert_status!(stranger.get(&done).await, 200);
    assert!(login.contains("Uw nieuwe wachtwoord is opgeslagen."));
    assert_status!(app.get("/account").await, 303, "the laptop's session ended");
    assert_status!(
        phone.get("/account").await,
        303,
        "the phone's session ended"
    );

    let mails = app.deliver_mail().await;
    let told = mails
        .iter()
        .filter(|m| m.to == "vergeten@example.nl" && m.subject == "Uw wachtwoord is gewijzigd")
        .count();
    assert_eq!(told, 1, "the owner is told");

    assert_eq!(
        app.log_in_status("vergeten@example.nl", PASSWORD).await,
        422
    );
    assert_eq!(
        app.log_in_status("vergeten@example.nl", NEW_PASSWORD).await,
        303
    );

    // The link worked once.
    let again = assert_status!(
        choose(&stranger, &link, "nog een ander wachtwoord").await,
        404
    );
    assert!(again.contains("Deze link werkt niet (meer)"));
    assert_status!(stranger.get(&link).await, 404);
    assert_eq!(
        phone
            .log_in_status("vergeten@example.nl", NEW_PASSWORD)
            .await,
        303
    );
}

async fn parallel_uses_of_one_link_change_the_password_once(app: TestApp) {
    app.create_user("dubbel@example.nl", false, None).await;
    ask_for_link(&app, "dubbel@example.nl").await;
    let link = mailed_path(&app, "dubbel@example.nl", "/account/nieuw-wachtwoord/").await;
    let passwords: Vec<String> = (0..6).map(|n| format!("wachtwoord nummer {n}!")).collect();
    let mut tokens = Vec::new();
    for _ in &passwords {
        let browser = app.second_browser();
        let token = browser.csrf_token(&link).await;
        tokens.push((browser, token));
    }
    let answers = futures_util::future::join_all(tokens.iter().zip(&passwords).map(
        |((browser, token), password)| {
            let link = link.clone();
            async move {
                browser
                    .post_raw(
                        &link,
                        &[
                            ("csrf_token", token),
                            ("password", password),
                            ("password_confirmation", password),
                        ],
                    )
                    .await
                    .status()
                    .as_u16()
            }
        },
    ))
    .await;
    let changed: Vec<&String> = answers
        .iter()
        .zip(&passwords)
        .filter(|(status, _)| **status == 303)
        .map(|(_, password)| password)
        .collect();
    assert_eq!(changed.len(), 1, "one use wins: {answers:?}");
    assert_eq!(answers.iter().filter(|s| **s == 404).count(), 5);
    // The winner first: five wrong passwords before it would lock the pair out.
    assert_eq!(
        app.second_browser()
            .log_in_status("dubbel@example.nl", changed[0])
            .await,
        303
    );
    for password in passwords.iter().filter(|p| *p != changed[0]) {
        assert_eq!(
            app.second_browser()
                .log_in_status("dubbel@example.nl", password)
                .await,
            422
        );
    }
    let told = app
        .deliver_mail()
        .await
        .iter()
        .filter(|m| m.subject == "Uw wachtwoord is gewijzigd")
        .count();
    assert_eq!(told, 1);
}

async fn a_link_dies_when_the_password_changes_or_after_an_hour(app: TestApp) {
    app.create_user("oud@example.nl", false, None).await;
    ask_for_link(&app, "oud@example.nl").await;
    let old_link = mailed_path(&app, "oud@example.nl", "/account/nieuw-wachtwoord/").await;

    // The owner remembers after all and changes the password on the account page.
    app.login("oud@example.nl").await;
    let changed = app
        .post_form(
            "/account",
            "/account/wachtwoord",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirmation", NEW_PASSWORD),
            ],
        )
        .await;
    assert_status!(changed, 303);
    let mails = app.deliver_mail().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == "oud@example.nl" && m.subject == "Uw wachtwoord is gewijzigd"),
        "a change on the account page is told too"
    );
    let browser = app.second_browser();
    assert_status!(browser.get(&old_link).await, 404);
    assert_status!(
        choose(&browser, &old_link, "wachtwoord van de vinder").await,
        404
    );
    assert_eq!(
        browser.log_in_status("oud@example.nl", NEW_PASSWORD).await,
        303
    );

    // A new link works for an hour.
    ask_for_link(&app, "oud@example.nl").await;
    let link = mailed_path(&app, "oud@example.nl", "/account/nieuw-wachtwoord/").await;
    assert_ne!(link, old_link);
    assert_status!(browser.get(&link).await, 200);
    app.advance_clock(chrono::Duration::minutes(61));
    assert_status!(browser.get(&link).await, 404);
    let forged = link.replacen('0', "1", 1);
    assert_status!(browser.get(&forged).await, 404);
}

async fn reset_requests_are_limited_per_address_and_per_network(app: TestApp) {
    app.create_user("vaak@example.nl", false, None).await;
    let token = app.csrf_token(FORGOT).await;
    for _ in 0..4 {
        assert_eq!(
            forgot_from(&app, &token, "192.0.2.10", "vaak@example.nl").await,
            303
        );
    }
    let mails = app.deliver_mail().await;
    assert_eq!(mails.len(), 3, "three mails an hour to one address");

    // One network asking for many addresses is stopped, with a message.
    for n in 0..20 {
        assert_eq!(
            forgot_from(&app, &token, "203.0.113.50", &format!("n{n}@example.nl")).await,
            303
        );
    }
    assert_eq!(
        forgot_from(&app, &token, "203.0.113.50", "vaak@example.nl").await,
        429
    );
    app.advance_clock(chrono::Duration::minutes(61));
    assert_eq!(
        forgot_from(&app, &token, "203.0.113.50", "vaak@example.nl").await,
        303
    );
    assert_eq!(
        app.deliver_mail().await.len(),
        4,
        "and the address again after an hour"
    );
}

async fn a_reset_lets_a_locked_out_owner_log_in_again(app: TestApp) {
    app.create_user("buitengesloten@example.nl", false, None)
        .await;
    for _ in 0..5 {
        app.log_in_status("buitengesloten@example.nl", "verkeerd geraden")
            .await;
    }
    assert_eq!(
        app.log_in_status("buitengesloten@example.nl", PASSWORD)
            .await,
        429
    );
    ask_for_link(&app, "buitengesloten@example.nl").await;
    let link = mailed_path(
        &app,
        "buitengesloten@example.nl",
        "/account/nieuw-wachtwoord/",
    )
    .await;
    assert_redirect!(choose(&app, &link, NEW_PASSWORD).await);
    assert_eq!(
        app.log_in_status("buitengesloten@example.nl", NEW_PASSWORD)
            .await,
        303,
        "this browser proved it reads the mail"
    );
}
