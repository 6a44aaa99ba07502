use crate::helpers::{PASSWORD, TestApp};
use crate::{assert_status, both_backends};
use inspraak::domain::account::CouncilRole;

both_backends!(
    a_form_without_a_valid_token_is_refused_and_nothing_is_written,
    every_form_route_checks_the_token
);

async fn a_form_without_a_valid_token_is_refused_and_nothing_is_written(app: TestApp) {
    let fields = [
        ("display_name", "Zonder Token"),
        ("email", "zonder@example.nl"),
        ("password", PASSWORD),
        ("password_confirmation", PASSWORD),
    ];
    let missing = app.post_raw("/account/registreren", &fields).await;
    let missing = assert_status!(missing, 403);
    assert!(missing.contains("Het formulier is verlopen"));

    let mut wrong = vec![("csrf_token", "00ff")];
    wrong.extend_from_slice(&fields);
    assert_status!(app.post_raw("/account/registreren", &wrong).await, 403);

    // A token from another browser does not fit this browser's cookie.
    let other = app.second_browser();
    let foreign = other.csrf_token("/account/registreren").await;
    let mut borrowed = vec![("csrf_token", foreign.as_str())];
    borrowed.extend_from_slice(&fields);
    assert_status!(app.post_raw("/account/registreren", &borrowed).await, 403);

    assert_eq!(app.count("users").await, 0);
}

async fn every_form_route_checks_the_token(app: TestApp) {
    let (council, _) = app.create_council("noord").await;
    app.create_user(
        "admin@example.nl",
        true,
        Some((&council, CouncilRole::Clerk)),
    )
    .await;
    app.login("admin@example.nl").await;
    let routes = [
        "/account/inloggen",
        "/account/uitloggen",
        "/account/registreren",
        "/account/wachtwoord",
        "/account/naam",
        "/account/sessies/beeindigen",
        "/account/e-mailadres",
        "/account/verwijderen",
        "/account/tweestapsverificatie",
        "/account/tweestapsverificatie/instellen",
        "/account/tweestapsverificatie/uitzetten",
        "/account/tweestapsverificatie/herstelcodes",
        "/account/inloggen/code",
        "/account/e-mailadres/intrekken",
        "/account/e-mailadres/bevestigen/x",
        "/account/e-mailadres/terugzetten/x",
        "/account/wachtwoord-vergeten",
        "/griffie/noord/consultaties",
        "/griffie/noord/commissies",
        "/griffie/consultaties/x/bewerken",
        "/griffie/consultaties/x/openen",
        "/griffie/consultaties/x/archiveren",
        "/griffie/commissies/x",
        "/griffie/commissies/x/leden",
        "/griffie/commissies/x/leden/y/verwijderen",
        "/beheer/gemeenten",
        "/beheer/gemeenten/x",
        "/beheer/gebruikers/x/rollen",
        "/beheer/gebruikers/x/rollen/intrekken",
        "/beheer/gebruikers/x/tweestapsverificatie-uitzetten",
        "/beheer/mail/x/opnieuw",
    ];
    // The one POST without a token is one-click unsubscribe (RFC 8058): mail programs
    // send it without cookies, and its signed link does the token's job (tests/api/mail.rs).
    for route in routes {
        let response = app.post_raw(route, &[("name", "x")]).await;
        assert_status!(response, 403, "{route} must refuse a form without token");
    }
    // Still logged in: the refused logout did nothing.
    assert_status!(app.get("/account").await, 200);
}
