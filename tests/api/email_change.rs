//! Changing the account's e-mail address: a link to the new address makes the change,
//! the old address is told and can put itself back for a week, and nothing about other
//! accounts' addresses shows.

use crate::helpers::{PASSWORD, TestApp, mailed_path};
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    a_new_address_counts_once_its_link_is_opened_and_the_old_one_is_told,
    a_taken_address_gets_the_same_answer_and_its_owner_is_told,
    bad_input_is_refused_with_what_was_typed_kept,
    parallel_uses_of_one_link_change_the_address_once,
    a_newer_request_withdrawing_or_a_day_ends_the_link,
    the_old_address_can_put_itself_back_and_everyone_is_logged_out,
    the_current_password_is_checked_a_limited_number_of_times
);

const CHANGE: &str = "/account/e-mailadres";
const CONFIRM: &str = "/account/e-mailadres/bevestigen/";
const REVERT: &str = "/account/e-mailadres/terugzetten/";

/// Asks for `new_email` from the account page of `browser`, with `password`.
async fn ask(browser: &TestApp, new_email: &str, password: &str) -> reqwest::Response {
    browser
        .post_form(
            "/account",
            CHANGE,
            &[("new_email", new_email), ("email_password", password)],
        )
        .await
}

/// Asks for `new_email` and returns the link mailed to it.
async fn ask_for_link(browser: &TestApp, new_email: &str) -> String {
    let response = ask(browser, new_email, PASSWORD).await;
    assert_eq!(
        assert_redirect!(response),
        "/account?melding=e-mailadres-link#e-mailadres"
    );
    mailed_path(browser, new_email, CONFIRM).await
}

/// Posts the button of a mailed link's page from `browser` (its form token comes from
/// another page, as the link's own page may be gone).
async fn press(browser: &TestApp, link: &str) -> reqwest::Response {
    browser
        .post_form("/account/wachtwoord-vergeten", link, &[])
        .await
}

async fn a_new_address_counts_once_its_link_is_opened_and_the_old_one_is_told(app: TestApp) {
    app.create_user("oud@example.nl", false, None).await;
    app.login("oud@example.nl").await;
    let page = assert_status!(app.get("/account").await, 200);
    assert!(page.contains(r#"id="e-mailadres""#) && page.contains("Stuur de link"));

    let link = ask_for_link(&app, "nieuw@example.nl").await;
    let page = assert_status!(app.get("/account?melding=e-mailadres-link").await, 200);
    assert!(page.contains("We hebben een link gestuurd naar het nieuwe adres."));
    assert!(page.contains("<strong>nieuw@example.nl</strong> als nieuw e-mailadres"));
    assert!(page.contains("Verzoek intrekken"));

    // Until the link is opened the old address is the account's.
    assert_eq!(
        app.second_browser()
            .log_in_status("oud@example.nl", PASSWORD)
            .await,
        303
    );
    assert_eq!(
        app.second_browser()
            .log_in_status("nieuw@example.nl", PASSWORD)
            .await,
        422
    );

    // Opening the link (as a mail scanner does) changes nothing.
    let form = assert_status!(app.second_browser().get(&link).await, 200);
    assert!(form.contains("Maak dit mijn e-mailadres") && form.contains("nieuw@example.nl"));
    assert_eq!(
        app.second_browser()
            .log_in_status("nieuw@example.nl", PASSWORD)
            .await,
        422
    );

    let done = assert_redirect!(press(&app, &link).await);
    assert_eq!(done, "/account?melding=e-mailadres-gewijzigd#e-mailadres");
    let page = assert_status!(app.get("/account?melding=e-mailadres-gewijzigd").await, 200);
    assert!(page.contains("Uw e-mailadres is gewijzigd."));
    assert!(page.contains("nieuw@example.nl (bevestigd)"));
    assert!(
        !page.contains("Verzoek intrekken"),
        "nothing waits any more"
    );

    let again = assert_status!(press(&app, &link).await, 404);
    assert!(again.contains("Deze link werkt niet (meer)"));
    assert_eq!(
        app.second_browser()
            .log_in_status("nieuw@example.nl", PASSWORD)
            .await,
        303
    );
    assert_eq!(
        app.second_browser()
            .log_in_status("oud@example.nl", PASSWORD)
            .await,
        422
    );

    let mails = app.deliver_mail().await;
    let told: Vec<_> = mails
        .iter()
        .filter(|m| m.to == "oud@example.nl" && m.subject == "Uw e-mailadres is gewijzigd")
        .collect();
    assert_eq!(told.len(), 1, "the old address is told once");
    assert!(told[0].text.contains("gewijzigd in nieuw@example.nl"));
    assert!(told[0].text.contains(&format!("{}{REVERT}", app.address)));
    assert_eq!(app.count("email_changes").await, 0);
    assert_eq!(app.count("email_reverts").await, 1);
}

async fn a_taken_address_gets_the_same_answer_and_its_owner_is_told(app: TestApp) {
    app.create_user("anna@example.nl", false, None).await;
    app.create_user("bezet@example.nl", false, None).await;
    app.login("anna@example.nl").await;
    let answer = assert_redirect!(ask(&app, "Bezet@Example.nl", PASSWORD).await);
    assert_eq!(answer, "/account?melding=e-mailadres-link#e-mailadres");

    let mails = app.deliver_mail().await;
    assert!(
        mails.iter().all(|m| !m.text.contains(CONFIRM)),
        "no link for a taken address: {mails:?}"
    );
    let told: Vec<_> = mails
        .iter()
        .filter(|m| m.to == "bezet@example.nl")
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].subject, "Uw e-mailadres is niet gewijzigd");
    assert!(
        !told[0].text.contains("anna@example.nl"),
        "the asker stays unnamed"
    );

    // An address free when asked but taken before the link is opened: a clear message.
    let link = ask_for_link(&app, "later@example.nl").await;
    app.create_user("later@example.nl", false, None).await;
    let taken = assert_status!(press(&app, &link).await, 409);
    assert!(taken.contains("Dit adres hoort al bij een ander account"));
    assert_eq!(
        app.second_browser()
            .log_in_status("anna@example.nl", PASSWORD)
            .await,
        303
    );
    assert_eq!(app.count("email_reverts").await, 0);
}

async fn bad_input_is_refused_with_what_was_typed_kept(app: TestApp) {
    app.create_user("kees@example.nl", false, None).await;
    app.login("kees@example.nl").await;

    let wrong = assert_status!(
        ask(&app, "kees.nieuw@example.nl", "niet mijn wachtwoord").await,
        422
    );
    assert!(wrong.contains("Uw huidige wachtwoord klopt niet."));
    assert!(wrong.contains(r#"value="kees.nieuw@example.nl""#));
    assert!(wrong.contains("Controleer het formulier"));

    let malformed = assert_status!(ask(&app, "kees@", PASSWORD).await, 422);
    assert!(malformed.contains("Vul een geldig e-mailadres in"));
    assert!(malformed.contains(r#"value="kees@""#));

    let same = assert_status!(ask(&app, "KEES@example.nl", PASSWORD).await, 422);
    assert!(same.contains("Dit is al uw e-mailadres."));

    let empty = assert_status!(ask(&app, "kees.nieuw@example.nl", "").await, 422);
    assert!(empty.contains("Vul uw wachtwoord in."));
    assert_eq!(app.count("email_changes").await, 0, "nothing was asked");

    // Someone logged out is sent to log in, and nothing is asked.
    let stranger = app.second_browser();
    let response = stranger
        .post_form(
            "/account/wachtwoord-vergeten",
            CHANGE,
            &[
                ("new_email", "inbreker@example.nl"),
                ("email_password", PASSWORD),
            ],
        )
        .await;
    assert!(assert_redirect!(response).starts_with("/account/inloggen"));
    let cancel = stranger
        .post_form(
            "/account/wachtwoord-vergeten",
            "/account/e-mailadres/intrekken",
            &[],
        )
        .await;
    assert!(assert_redirect!(cancel).starts_with("/account/inloggen"));
    assert_eq!(app.count("email_changes").await, 0);
}

async fn parallel_uses_of_one_link_change_the_address_once(app: TestApp) {
    app.create_user("snel@example.nl", false, None).await;
    app.login("snel@example.nl").await;
    let link = ask_for_link(&app, "sneller@example.nl").await;
    let mut browsers = Vec::new();
    for _ in 0..6 {
        let browser = app.second_browser();
        let token = browser.csrf_token("/account/wachtwoord-vergeten").await;
        browsers.push((browser, token));
    }
    let answers = futures_util::future::join_all(browsers.iter().map(|(browser, token)| {
        let link = link.clone();
        async move {
            let response = browser.post_raw(&link, &[("csrf_token", token)]).await;
            (
                response.status().as_u16(),
                crate::helpers::location(&response),
            )
        }
    }))
    .await;
    let changed: Vec<_> = answers
        .iter()
        .filter(|(status, _)| *status == 303)
        .collect();
    assert_eq!(changed.len(), 1, "one use wins: {answers:?}");
    // Opened where the account is not logged in: on to log in with the new address.
    assert_eq!(
        changed[0].1,
        "/account/inloggen?melding=e-mailadres-gewijzigd"
    );
    assert_eq!(answers.iter().filter(|(s, _)| *s == 404).count(), 5);
    assert_eq!(app.count("email_reverts").await, 1);
    let mails = app.deliver_mail().await;
    let told = mails
        .iter()
        .filter(|m| m.subject == "Uw e-mailadres is gewijzigd")
        .count();
    assert_eq!(told, 1);
}

async fn a_newer_request_withdrawing_or_a_day_ends_the_link(app: TestApp) {
    app.create_user("twijfel@example.nl", false, None).await;
    app.login("twijfel@example.nl").await;
    let first = ask_for_link(&app, "eerste@example.nl").await;
    let second = ask_for_link(&app, "tweede@example.nl").await;
    assert_status!(
        app.get(&first).await,
        404,
        "a newer request ends the first link"
    );
    assert_status!(app.get(&second).await, 200);

    let cancelled = app
        .post_form("/account", "/account/e-mailadres/intrekken", &[])
        .await;
    assert_eq!(
        assert_redirect!(cancelled),
        "/account?melding=e-mailadres-ingetrokken#e-mailadres"
    );
    assert_status!(app.get(&second).await, 404, "withdrawn");
    assert_status!(press(&app, &second).await, 404);
    assert_eq!(
        app.second_browser()
            .log_in_status("twijfel@example.nl", PASSWORD)
            .await,
        303
    );

    let third = ask_for_link(&app, "derde@example.nl").await;
    // Three links an hour: the fourth request is refused, with what was typed kept.
    let fourth = assert_status!(ask(&app, "vierde@example.nl", PASSWORD).await, 429);
    assert!(fourth.contains("U heeft al drie keer een nieuw adres gevraagd."));
    assert!(fourth.contains(r#"value="vierde@example.nl""#));

    app.advance_clock(chrono::Duration::hours(25));
    assert_status!(
        app.get(&third).await,
        404,
        "a day later the link has expired"
    );
    let page = assert_status!(app.get("/account").await, 200);
    assert!(
        !page.contains("Verzoek intrekken"),
        "an expired request is not shown"
    );
    let removed = inspraak::housekeeping::run_once(&app.db, app.now())
        .await
        .unwrap();
    assert_eq!(removed.address_changes, 1);
    assert_eq!(app.count("email_changes").await, 0);
}

async fn the_old_address_can_put_itself_back_and_everyone_is_logged_out(app: TestApp) {
    app.create_user("eigenaar@example.nl", false, None).await;
    app.login("eigenaar@example.nl").await;
    // Someone at the owner's screen changes the address twice, to stay ahead of the
    // owner's mailbox.
    let link = ask_for_link(&app, "inbreker@example.nl").await;
    assert_redirect!(press(&app, &link).await);
    let link = ask_for_link(&app, "inbreker2@example.nl").await;
    assert_redirect!(press(&app, &link).await);
    let owners = mailed_path(&app, "eigenaar@example.nl", REVERT).await;
    let intruders = mailed_path(&app, "inbreker@example.nl", REVERT).await;

    let owner = app.second_browser();
    let form = assert_status!(owner.get(&owners).await, 200);
    assert!(form.contains("Zet mijn oude e-mailadres terug"));
    assert!(form.contains("<strong>eigenaar@example.nl</strong> wordt weer"));
    let done = assert_redirect!(press(&owner, &owners).await);
    assert_eq!(done, "/account/inloggen?melding=e-mailadres-teruggezet");
    let login = assert_status!(owner.get(&done).await, 200);
    assert!(login.contains("Uw oude e-mailadres is teruggezet."));
    assert_status!(
        app.get("/account").await,
        303,
        "the intruder's session ended"
    );

    // The owner gets a link to choose a new password; the intruder's own link is dead.
    let reset = mailed_path(&app, "eigenaar@example.nl", "/account/nieuw-wachtwoord/").await;
    assert_status!(owner.get(&reset).await, 200);
    assert_status!(press(&owner, &owners).await, 404, "used once");
    assert_status!(app.get(&intruders).await, 404);
    assert_eq!(
        app.second_browser()
            .log_in_status("eigenaar@example.nl", PASSWORD)
            .await,
        303
    );
    assert_eq!(
        app.second_browser()
            .log_in_status("inbreker2@example.nl", PASSWORD)
            .await,
        422
    );
    assert_eq!(app.count("email_reverts").await, 0);

    // A week later the link to put an address back no longer works, and the old address
    // is gone from the database.
    app.login("eigenaar@example.nl").await;
    let link = ask_for_link(&app, "verhuisd@example.nl").await;
    assert_redirect!(press(&app, &link).await);
    let back = mailed_path(&app, "eigenaar@example.nl", REVERT).await;
    app.advance_clock(chrono::Duration::days(8));
    assert_status!(app.get(&back).await, 404);
    let removed = inspraak::housekeeping::run_once(&app.db, app.now())
        .await
        .unwrap();
    assert_eq!(removed.address_changes, 1);
    assert_eq!(app.count("email_reverts").await, 0);
}

async fn the_current_password_is_checked_a_limited_number_of_times(app: TestApp) {
    app.create_user("raden@example.nl", false, None).await;
    app.login("raden@example.nl").await;
    for n in 0..10 {
        let guess = format!("gok nummer {n}");
        assert_status!(ask(&app, "ander@example.nl", &guess).await, 422);
    }
    let refused = assert_status!(ask(&app, "ander@example.nl", PASSWORD).await, 429);
    assert!(refused.contains("U heeft uw wachtwoord te vaak verkeerd ingevuld."));
    // The password form counts the same checks.
    let password = app
        .post_form(
            "/account",
            "/account/wachtwoord",
            &[
                ("current_password", PASSWORD),
                ("password", "een heel nieuw wachtwoord"),
                ("password_confirmation", "een heel nieuw wachtwoord"),
            ],
        )
        .await;
    let password = assert_status!(password, 429);
    assert!(password.contains("U heeft uw wachtwoord te vaak verkeerd ingevuld."));
    assert_eq!(app.count("email_changes").await, 0);

    app.advance_clock(chrono::Duration::minutes(61));
    assert_redirect!(ask(&app, "ander@example.nl", PASSWORD).await);
}
