//! Two-factor authentication with TOTP: turned on with a QR code and the first code, then
//! a code (or a recovery code, once) after the password at every log-in; a code works
//! once, guesses are limited, and turning it off takes the password.

use inspraak::domain::two_factor::code_at;

use crate::fixtures::{code_now, shown_secret, turn_on};
use crate::helpers::{PASSWORD, TestApp, location};
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    turned_on_it_asks_a_code_at_every_log_in_and_each_code_works_once,
    parallel_uses_of_one_code_log_in_once,
    codes_are_limited_and_turning_it_off_takes_the_password,
    an_admin_turns_it_off_for_someone_who_lost_the_phone,
    staff_powers_wait_for_a_second_factor_and_a_council_may_ask_it_of_all_staff
);

const SETTINGS: &str = "/account/tweestapsverificatie";
const CODE: &str = "/account/inloggen/code";

/// The password step from a new browser: on to the code page.
async fn password_step(app: &TestApp, email: &str) -> TestApp {
    let browser = app.second_browser();
    let response = browser
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(assert_redirect!(response), CODE);
    browser
}

async fn send_code(browser: &TestApp, code: &str) -> reqwest::Response {
    browser.post_form(CODE, CODE, &[("code", code)]).await
}

async fn turned_on_it_asks_a_code_at_every_log_in_and_each_code_works_once(app: TestApp) {
    app.create_user("twee@example.nl", false, None).await;
    app.login("twee@example.nl").await;
    let account = assert_status!(app.get("/account").await, 200);
    assert!(account.contains("Tweestapsverificatie instellen"));

    // Started, not yet on: a wrong code or password turns nothing on.
    assert_redirect!(
        app.post_form(SETTINGS, "/account/tweestapsverificatie/instellen", &[])
            .await
    );
    let page = assert_status!(app.get(SETTINGS).await, 200);
    let secret = shown_secret(&page);
    let wrong = app
        .post_form(
            SETTINGS,
            SETTINGS,
            &[("code", "000000"), ("totp_password", PASSWORD)],
        )
        .await;
    let wrong = assert_status!(wrong, 422);
    assert!(wrong.contains("Deze code klopt niet."));
    let code = code_now(&app, &secret);
    let no_password = app
        .post_form(
            SETTINGS,
            SETTINGS,
            &[
                ("code", code.as_str()),
                ("totp_password", "niet mijn wachtwoord"),
            ],
        )
        .await;
    assert!(assert_status!(no_password, 422).contains("Uw huidige wachtwoord klopt niet."));
    // Logging in still takes the password only.
    let plain = app.second_browser();
    plain.login("twee@example.nl").await;

    let (secret, codes) = turn_on(&app).await;
    assert_eq!(codes.len(), 10);
    let account = assert_status!(app.get("/account").await, 200);
    assert!(account.contains("Staat aan"));
    let mails = app.deliver_mail().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == "twee@example.nl" && m.subject == "Tweestapsverificatie staat aan")
    );

    // The password alone no longer logs in; the code of the step just used is refused.
    let browser = password_step(&app, "twee@example.nl").await;
    assert_status!(browser.get("/account").await, 303, "not logged in yet");
    let form = assert_status!(browser.get(CODE).await, 200);
    assert!(form.contains("Code invullen"));
    let replay = assert_status!(send_code(&browser, &code_now(&app, &secret)).await, 422);
    assert!(
        replay.contains("Deze code klopt niet."),
        "a used code is refused"
    );
    app.advance_clock(chrono::Duration::seconds(30));
    let fresh = code_now(&app, &secret);
    let done = send_code(&browser, &fresh).await;
    assert!(
        !location(&done).starts_with("/account/inloggen"),
        "logged in"
    );
    assert_status!(browser.get("/account").await, 200);
    // Another browser with the same code: refused.
    let other = password_step(&app, "twee@example.nl").await;
    assert_status!(send_code(&other, &fresh).await, 422);

    // A recovery code works once, typed loosely.
    let typed = codes[0].to_uppercase().replace('-', " ");
    let recovered = send_code(&other, &typed).await;
    assert!(!location(&recovered).starts_with("/account/inloggen"));
    let again = password_step(&app, "twee@example.nl").await;
    assert_status!(send_code(&again, &codes[0]).await, 422);
    let settings = assert_status!(app.get(SETTINGS).await, 200);
    assert!(settings.contains("U heeft nog 9 herstelcodes over."));

    // New recovery codes: the password first; then the old ones stop working.
    let renew = "/account/tweestapsverificatie/herstelcodes";
    let wrong = app
        .post_form(
            SETTINGS,
            renew,
            &[("renew_password", "niet mijn wachtwoord")],
        )
        .await;
    assert!(assert_status!(wrong, 422).contains("Uw huidige wachtwoord klopt niet."));
    let renewed = assert_status!(
        app.post_form(SETTINGS, renew, &[("renew_password", PASSWORD)])
            .await,
        200
    );
    assert!(renewed.contains("Uw nieuwe herstelcodes zijn gemaakt."));
    let new_codes: Vec<String> = renewed
        .split("<li><code>")
        .skip(1)
        .map(|rest| rest.split("</code>").next().unwrap().to_owned())
        .collect();
    assert_eq!(new_codes.len(), 10);
    let old = password_step(&app, "twee@example.nl").await;
    assert_status!(send_code(&old, &codes[2]).await, 422, "an old code is void");
    let new = send_code(&old, &new_codes[0]).await;
    assert!(!location(&new).starts_with("/account/inloggen"));

    // Without the password step, the code page sends the browser to log in.
    let stranger = app.second_browser();
    assert_eq!(
        assert_redirect!(stranger.get(CODE).await),
        "/account/inloggen"
    );
    let token = stranger.csrf_token("/account/inloggen").await;
    let response = stranger
        .post_raw(CODE, &[("csrf_token", &token), ("code", &codes[1])])
        .await;
    assert_eq!(assert_redirect!(response), "/account/inloggen");
    assert_status!(stranger.get("/account").await, 303);
    // Nor can someone logged out set it up.
    assert!(assert_redirect!(stranger.get(SETTINGS).await).starts_with("/account/inloggen"));
}

async fn parallel_uses_of_one_code_log_in_once(app: TestApp) {
    app.create_user("snel@example.nl", false, None).await;
    app.login("snel@example.nl").await;
    let (secret, _) = turn_on(&app).await;
    app.advance_clock(chrono::Duration::seconds(30));
    let mut browsers = Vec::new();
    for _ in 0..4 {
        let browser = password_step(&app, "snel@example.nl").await;
        let token = browser.csrf_token(CODE).await;
        browsers.push((browser, token));
    }
    let code = code_now(&app, &secret);
    let answers = futures_util::future::join_all(browsers.iter().map(|(browser, token)| {
        let code = code.clone();
        async move {
            browser
                .post_raw(CODE, &[("csrf_token", token), ("code", &code)])
                .await
                .status()
                .as_u16()
        }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|s| **s == 303).count(),
        1,
        "one use of the code wins: {answers:?}"
    );
    assert_eq!(answers.iter().filter(|s| **s == 422).count(), 3);
}

async fn codes_are_limited_and_turning_it_off_takes_the_password(app: TestApp) {
    app.create_user("gok@example.nl", false, None).await;
    app.login("gok@example.nl").await;
    let (secret, _) = turn_on(&app).await;
    app.advance_clock(chrono::Duration::minutes(16));
    let browser = password_step(&app, "gok@example.nl").await;
    // Eight guesses at once: five are checked, the rest refused unchecked.
    let token = browser.csrf_token(CODE).await;
    let right = code_now(&app, &secret);
    let guesses: Vec<String> = (1..=9)
        .map(|n| format!("{n}{n}{n}{n}{n}{n}"))
        .filter(|guess| *guess != right)
        .take(8)
        .collect();
    let answers = futures_util::future::join_all(guesses.iter().map(|guess| {
        let (browser, token) = (&browser, &token);
        async move {
            browser
                .post_raw(CODE, &[("csrf_token", token), ("code", guess)])
                .await
                .status()
                .as_u16()
        }
    }))
    .await;
    assert_eq!(
        answers.iter().filter(|s| **s == 422).count(),
        5,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|s| **s == 429).count(),
        3,
        "{answers:?}"
    );
    let refused = assert_status!(send_code(&browser, &code_now(&app, &secret)).await, 429);
    assert!(refused.contains("U heeft te vaak een verkeerde code ingevuld."));

    // Turning it off: the password first.
    let wrong = app
        .post_form(
            SETTINGS,
            "/account/tweestapsverificatie/uitzetten",
            &[("off_password", "niet mijn wachtwoord")],
        )
        .await;
    assert!(assert_status!(wrong, 422).contains("Uw huidige wachtwoord klopt niet."));
    let off = app
        .post_form(
            SETTINGS,
            "/account/tweestapsverificatie/uitzetten",
            &[("off_password", PASSWORD)],
        )
        .await;
    assert_eq!(
        assert_redirect!(off),
        "/account/tweestapsverificatie?melding=tweestapsverificatie-uit"
    );
    assert_eq!(app.count("recovery_codes").await, 0);
    let plain = app
        .second_browser()
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[("email", "gok@example.nl"), ("password", PASSWORD)],
        )
        .await;
    assert_ne!(assert_redirect!(plain), CODE, "no code asked any more");
    let mails = app.deliver_mail().await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Tweestapsverificatie staat uit")
    );
}

async fn an_admin_turns_it_off_for_someone_who_lost_the_phone(app: TestApp) {
    let id = app.create_user("kwijt@example.nl", false, None).await;
    let owner = app.second_browser();
    owner.login("kwijt@example.nl").await;
    turn_on(&owner).await;
    let action = format!("/beheer/gebruikers/{id}/tweestapsverificatie-uitzetten");

    // Not the owner, nor anyone but an admin.
    let refused = owner.post_form(SETTINGS, &action, &[]).await;
    assert_status!(refused, 403);
    let (council, _) = app.create_council("noord").await;
    app.create_user(
        "griffie@noord.nl",
        false,
        Some((&council, inspraak::domain::account::CouncilRole::Clerk)),
    )
    .await;
    let clerk = app.second_browser();
    clerk.login("griffie@noord.nl").await;
    assert_status!(clerk.post_form(SETTINGS, &action, &[]).await, 403);
    password_step(&app, "kwijt@example.nl").await;

    app.create_user("beheer@example.nl", true, None).await;
    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    let page = assert_status!(
        admin
            .get(&format!("/beheer/gebruikers?gebruiker={id}"))
            .await,
        200
    );
    assert!(page.contains("Tweestapsverificatie staat aan."));
    let done = admin.post_form("/beheer/gebruikers", &action, &[]).await;
    assert_eq!(
        assert_redirect!(done),
        format!("/beheer/gebruikers?gebruiker={id}&melding=tweestapsverificatie-uitgezet")
    );
    assert_eq!(app.count("recovery_codes").await, 0);
    // Whoever has the phone may be logged in with it: every session of the account ended.
    let (_, home) = owner.get_text("/").await;
    assert!(!home.contains(r#"action="/account/uitloggen""#));
    // The password alone logs in again, and the owner was told.
    let again = app
        .second_browser()
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[("email", "kwijt@example.nl"), ("password", PASSWORD)],
        )
        .await;
    assert_ne!(assert_redirect!(again), CODE, "no code asked any more");
    let mails = app.deliver_mail().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == "kwijt@example.nl" && m.subject == "Tweestapsverificatie staat uit")
    );
}

async fn staff_powers_wait_for_a_second_factor_and_a_council_may_ask_it_of_all_staff(app: TestApp) {
    use inspraak::domain::account::CouncilRole;
    let (lindeveld, _) = app.create_council("lindeveld").await;
    let (rivierstad, _) = app.create_council("rivierstad").await;
    app.create_user("beheer@example.nl", true, None).await;
    for (email, council) in [
        ("moderator@example.nl", &lindeveld),
        ("elders@example.nl", &rivierstad),
    ] {
        app.create_user(email, false, Some((council, CouncilRole::Moderator)))
            .await;
    }
    // A moderator needs no second factor where the council does not ask it.
    let moderator = app.second_browser();
    moderator.login("moderator@example.nl").await;
    assert_status!(moderator.get("/moderatie").await, 200);

    // The admin asks it of all Lindeveld's staff, on the council's settings.
    app.login("beheer@example.nl").await;
    let form = format!("/beheer/gemeenten/{lindeveld}");
    let page = assert_status!(app.get(&form).await, 200);
    assert!(page.contains(r#"name="two_factor_for_all_staff""#));
    let fields = [
        ("name", "Gemeente lindeveld"),
        ("slug", "lindeveld"),
        ("code", "LINDEVELD"),
        ("logo_text", "lindeveld"),
        ("speaking_deadline_hours", "24"),
        ("minutes_per_speaker", "5"),
        ("total_speaking_minutes", "30"),
        ("retention_days", "365"),
        ("two_factor_for_all_staff", "1"),
    ];
    assert_redirect!(app.post_form(&form, &form, &fields).await);
    let page = assert_status!(app.get(&form).await, 200);
    assert!(page.contains(r#"value="1" checked"#), "the choice is kept");

    // From the next request on, the moderator's powers wait, and every page says why.
    assert_status!(moderator.get("/moderatie").await, 403);
    let home = assert_status!(moderator.get("/").await, 200);
    assert!(home.contains("Tweestapsverificatie aanzetten"));
    assert!(!home.contains(r#"href="/moderatie""#));
    // Rivierstad did not ask it.
    let elsewhere = app.second_browser();
    elsewhere.login("elders@example.nl").await;
    assert_status!(elsewhere.get("/moderatie").await, 200);

    // Turned on, the powers count at once in that session; a session begun earlier with
    // the password alone keeps waiting, and says to log in again with the code.
    let earlier = app.second_browser();
    earlier.login("moderator@example.nl").await;
    let (secret, _) = turn_on(&moderator).await;
    assert_status!(moderator.get("/moderatie").await, 200);
    assert_status!(earlier.get("/moderatie").await, 403);
    let home = assert_status!(earlier.get("/").await, 200);
    assert!(home.contains("Log uit en log opnieuw in met uw code"));
    let again = password_step(&app, "moderator@example.nl").await;
    let next_code = code_at(
        &secret,
        u64::try_from(app.now().and_utc().timestamp()).unwrap() + 30,
    );
    assert_redirect!(send_code(&again, &next_code).await);
    assert_status!(again.get("/moderatie").await, 200);

    // Its owner cannot turn it off while the role asks it: no form, and a post is refused.
    let settings = assert_status!(moderator.get(SETTINGS).await, 200);
    assert!(settings.contains("blijft tweestapsverificatie aan"));
    assert!(!settings.contains("/account/tweestapsverificatie/uitzetten"));
    assert_status!(
        moderator
            .post_form(
                SETTINGS,
                "/account/tweestapsverificatie/uitzetten",
                &[("off_password", PASSWORD)],
            )
            .await,
        403
    );
    let settings = assert_status!(moderator.get(SETTINGS).await, 200);
    assert!(settings.contains("staat aan sinds"));
}
