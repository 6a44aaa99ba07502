use crate::fixtures::register;
use crate::helpers::{PASSWORD, TestApp, mailed_path, new_client};
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    register_then_log_out_and_in_again,
    wrong_password_and_unknown_address_get_the_same_answer,
    login_slows_down_after_five_wrong_passwords,
    sessions_survive_a_restart_and_work_on_another_server,
    login_rotates_the_session_and_cookies_are_safe,
    changing_the_password_checks_the_old_one_and_ends_other_sessions,
    after_log_in_people_land_where_they_work_or_where_they_came_from
);

async fn register_then_log_out_and_in_again(app: TestApp) {
    let response = register(&app, "Anna Jansen", "Anna@Example.nl", &[]).await;
    let response_to = assert_redirect!(response);
    assert_eq!(response_to, "/account/registreren/verstuurd");
    // The mailed link confirms the address and logs in.
    let link = mailed_path(&app, "Anna@Example.nl", "/account/bevestigen/").await;
    let response = app.post_form(&link, &link, &[]).await;
    let response_to = assert_redirect!(response);
    assert_eq!(response_to, "/account?melding=welkom");
    let body = assert_status!(app.get("/account?melding=welkom").await, 200);
    assert!(body.contains("Anna Jansen") && body.contains("Anna@Example.nl"));
    assert!(body.contains("Uw account is gemaakt"));

    let response = app.post_form("/account", "/account/uitloggen", &[]).await;
    assert_status!(response, 303);
    let response = app.get("/account").await;
    let redirect = assert_redirect!(response, "logged out users are sent to log in");
    assert_eq!(redirect, "/account/inloggen?terug=/account");

    app.login("anna@example.nl").await;
    let body = assert_status!(app.get("/account").await, 200);
    assert!(body.contains("Anna Jansen"));
}

async fn wrong_password_and_unknown_address_get_the_same_answer(app: TestApp) {
    app.create_user("bekend@example.nl", false, None).await;
    let wrong = app
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[
                ("email", "bekend@example.nl"),
                ("password", "verkeerd wachtwoord"),
            ],
        )
        .await;
    let wrong = assert_status!(wrong, 422);
    let unknown = app
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[
                ("email", "onbekend@example.nl"),
                ("password", "verkeerd wachtwoord"),
            ],
        )
        .await;
    let unknown = assert_status!(unknown, 422);
    let message = "Het e-mailadres of het wachtwoord klopt niet.";
    assert!(wrong.contains(message) && unknown.contains(message));
    assert!(
        app.get("/account").await.status().is_redirection(),
        "not logged in"
    );
}

async fn login_slows_down_after_five_wrong_passwords(app: TestApp) {
    app.create_user("doelwit@example.nl", false, None).await;
    for _ in 0..5 {
        let response = app
            .post_form(
                "/account/inloggen",
                "/account/inloggen",
                &[
                    ("email", "doelwit@example.nl"),
                    ("password", "fout fout fout"),
                ],
            )
            .await;
        assert_status!(response, 422);
    }
    let blocked = app
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[("email", "doelwit@example.nl"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        blocked.status().as_u16(),
        429,
        "even the right password waits now"
    );
    assert!(
        blocked
            .text()
            .await
            .unwrap()
            .contains("Wacht een paar minuten")
    );
    // Another account from the same address is not blocked yet.
    app.create_user("ander@example.nl", false, None).await;
    app.login("ander@example.nl").await;
}

async fn sessions_survive_a_restart_and_work_on_another_server(app: TestApp) {
    app.create_user("vast@example.nl", false, None).await;
    app.login("vast@example.nl").await;
    let other = app.start_another_server();
    // The cookie jar sends the same session cookie to the other server (same host).
    let response = app
        .client
        .get(format!("{other}/account"))
        .send()
        .await
        .unwrap();
    let response = assert_status!(response, 200);
    assert!(response.contains("vast@example.nl"));
}

async fn login_rotates_the_session_and_cookies_are_safe(app: TestApp) {
    app.create_user("roteer@example.nl", false, None).await;
    let token = app.csrf_token("/account/inloggen").await;
    let first = app
        .post_raw(
            "/account/inloggen",
            &[
                ("csrf_token", &token),
                ("email", "roteer@example.nl"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("inspraak_session="))
        .expect("a session cookie is set");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let first_value = cookie.split(';').next().unwrap().to_owned();

    app.login("roteer@example.nl").await;
    // The first session ended when the second began in the same browser.
    let stale = new_client();
    let response = stale
        .get(app.url("/account"))
        .header("cookie", first_value)
        .send()
        .await
        .unwrap();
    assert_status!(response, 303);
    assert_eq!(app.count("sessions").await, 1);
}

async fn changing_the_password_checks_the_old_one_and_ends_other_sessions(app: TestApp) {
    app.create_user("wissel@example.nl", false, None).await;
    app.login("wissel@example.nl").await;
    let laptop = app.second_browser();
    laptop.login("wissel@example.nl").await;

    let wrong = app
        .post_form(
            "/account",
            "/account/wachtwoord",
            &[
                ("current_password", "niet mijn wachtwoord"),
                ("password", "een heel nieuw wachtwoord"),
                ("password_confirmation", "een heel nieuw wachtwoord"),
            ],
        )
        .await;
    let wrong = assert_status!(wrong, 422);
    assert!(wrong.contains("Uw huidige wachtwoord klopt niet."));

    let ok = app
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
    assert_status!(ok, 303);
    assert_status!(app.get("/account").await, 200, "this session stays");
    assert_status!(laptop.get("/account").await, 303, "the other one ended");
    let old = laptop
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[("email", "wissel@example.nl"), ("password", PASSWORD)],
        )
        .await;
    assert_status!(old, 422, "the old password no longer works");
}

async fn after_log_in_people_land_where_they_work_or_where_they_came_from(app: TestApp) {
    use inspraak::domain::account::CouncilRole;
    let (council, _) = app.create_council("lindeveld").await;
    app.create_user(
        "griffier@example.nl",
        false,
        Some((&council, CouncilRole::Clerk)),
    )
    .await;
    app.create_user(
        "moderator@example.nl",
        false,
        Some((&council, CouncilRole::Moderator)),
    )
    .await;
    app.create_user("inwoner@example.nl", false, None).await;
    let log_in = |email: &'static str, next: &'static str| {
        let browser = app.second_browser();
        async move { browser.login_to(email, next).await }
    };
    assert_eq!(log_in("griffier@example.nl", "").await, "/griffie");
    assert_eq!(log_in("griffier@example.nl", "/").await, "/griffie");
    assert_eq!(log_in("moderator@example.nl", "").await, "/moderatie");
    assert_eq!(log_in("inwoner@example.nl", "").await, "/");
    // Who asked for a page gets it, clerks too.
    assert_eq!(
        log_in("inwoner@example.nl", "/consultaties/abc?volgorde=steun").await,
        "/consultaties/abc?volgorde=steun"
    );
    assert_eq!(
        log_in("griffier@example.nl", "/griffie/consultaties/abc").await,
        "/griffie/consultaties/abc"
    );
    // Anything that is not a path of this site is ignored, and never a 500.
    for bad in [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "https://evil.example/",
        "/x\r\nSet-Cookie: a=b",
        "/account/inloggen",
    ] {
        assert_eq!(log_in("inwoner@example.nl", bad).await, "/", "{bad:?}");
        assert_eq!(
            log_in("griffier@example.nl", bad).await,
            "/griffie",
            "{bad:?}"
        );
    }

    // The login form carries `terug` through; the header's link carries the page.
    let (_, form) = app
        .second_browser()
        .get_text("/account/inloggen?terug=%2Fconsultaties%2Fabc")
        .await;
    assert!(form.contains(r#"name="next" value="/consultaties/abc""#));
    let (_, form) = app
        .second_browser()
        .get_text("/account/inloggen?terug=%2F%09%2Fevil.example")
        .await;
    assert!(form.contains(r#"name="next" value="/""#) && !form.contains("evil.example"));
    let (_, page) = app.second_browser().get_text("/consultaties?x=1").await;
    assert!(
        page.contains(r#"href="/account/inloggen?terug=/consultaties%3Fx%3D1""#),
        "the header's link comes back here"
    );
    assert!(page.contains(r#"href="/account/registreren?terug=/consultaties%3Fx%3D1""#));
    let (_, home) = app.second_browser().get_text("/").await;
    assert!(home.contains(r#"href="/account/inloggen""#));
    let (_, login) = app.second_browser().get_text("/account/inloggen").await;
    assert!(
        !login.contains("terug=/account"),
        "the log-in page does not return to itself"
    );
}
