//! Every protected route refuses those who may not use it: anonymous visitors are sent to
//! log in, signed-in users without the right role get 403, and nothing is written.

use inspraak::domain::account::CouncilRole;

use crate::fixtures::create_consultation;
use crate::helpers::TestApp;
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    every_protected_route_refuses_the_wrong_people,
    login_is_throttled_per_address
);

async fn every_protected_route_refuses_the_wrong_people(app: TestApp) {
    let (council, committee) = app.create_council("noord").await;
    let (other_council, _) = app.create_council("zuid").await;
    let member_user = app.create_user("doel@example.nl", false, None).await;
    app.create_user(
        "griffie@noord.nl",
        false,
        Some((&council, CouncilRole::Clerk)),
    )
    .await;
    app.create_user(
        "griffie@zuid.nl",
        false,
        Some((&other_council, CouncilRole::Clerk)),
    )
    .await;
    app.create_user(
        "moderator@noord.nl",
        false,
        Some((&council, CouncilRole::Moderator)),
    )
    .await;
    app.create_user(
        "raadslid@noord.nl",
        false,
        Some((&council, CouncilRole::CouncilMember)),
    )
    .await;
    app.login("griffie@noord.nl").await;
    let consultation = create_consultation(&app, "noord", &committee).await;
    let page = format!("/griffie/commissies/{committee}");
    app.post_form(
        &page,
        &format!("{page}/leden"),
        &[("name", "Lid"), ("email", "lid@noord.nl")],
    )
    .await;
    let before = (
        app.count("consultations").await,
        app.count("committees").await,
        app.count("committee_members").await,
        app.count("council_roles").await,
    );

    let gets = [
        "/griffie".to_owned(),
        format!("/griffie/consultaties/{consultation}"),
        format!("/griffie/consultaties/{consultation}/bewerken"),
        "/griffie/noord/consultaties/nieuw".to_owned(),
        "/griffie/noord/commissies".to_owned(),
        format!("/griffie/commissies/{committee}"),
        "/beheer".to_owned(),
        "/beheer/gemeenten/nieuw".to_owned(),
        format!("/beheer/gemeenten/{council}"),
        "/beheer/gebruikers".to_owned(),
        "/beheer/mail".to_owned(),
    ];
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/griffie/consultaties/{consultation}/bewerken"),
            vec![("title", "x")],
        ),
        (
            format!("/griffie/consultaties/{consultation}/openen"),
            vec![],
        ),
        (
            format!("/griffie/consultaties/{consultation}/archiveren"),
            vec![],
        ),
        (
            "/griffie/noord/consultaties".to_owned(),
            vec![("title", "x")],
        ),
        (
            "/griffie/noord/commissies".to_owned(),
            vec![("name", "Commissie X"), ("clerk_email", "x@noord.nl")],
        ),
        (
            format!("/griffie/commissies/{committee}"),
            vec![("name", "Hernoemd"), ("clerk_email", "x@noord.nl")],
        ),
        (
            format!("/griffie/commissies/{committee}/leden"),
            vec![("name", "X"), ("email", "x@noord.nl")],
        ),
        ("/beheer/gemeenten".to_owned(), vec![("name", "x")]),
        (format!("/beheer/gemeenten/{council}"), vec![("name", "x")]),
        (
            format!("/beheer/gebruikers/{member_user}/rollen"),
            vec![("council_id", &council), ("role", "clerk")],
        ),
        (
            format!("/beheer/gebruikers/{member_user}/rollen/intrekken"),
            vec![("council_id", &council), ("role", "clerk")],
        ),
        ("/beheer/mail/onbekend/opnieuw".to_owned(), vec![]),
    ];

    let anonymous = app.second_browser();
    for path in &gets {
        let response = anonymous.get(path).await;
        let redirect = assert_redirect!(response, "anonymous GET {path}");
        assert!(
            redirect.starts_with("/account/inloggen"),
            "anonymous GET {path}"
        );
    }
    for (path, fields) in &posts {
        let response = anonymous.post_form("/account/inloggen", path, fields).await;
        assert_status!(response, 303, "anonymous POST {path}");
    }

    // Griffie-only routes: every other role, and the clerk of another council.
    let admin_only = |path: &str| path.starts_with("/beheer");
    for email in [
        "doel@example.nl",
        "moderator@noord.nl",
        "raadslid@noord.nl",
        "griffie@zuid.nl",
    ] {
        let browser = app.second_browser();
        browser.login(email).await;
        for path in &gets {
            if path == "/griffie" && email == "griffie@zuid.nl" {
                continue; // their own griffie dashboard
            }
            assert_status!(browser.get(path).await, 403, "{email} GET {path}");
        }
        for (path, fields) in &posts {
            assert_status!(
                browser.post_form("/account", path, fields).await,
                403,
                "{email} POST {path}"
            );
        }
    }
    // The council's own clerk is no admin.
    for path in gets.iter().filter(|p| admin_only(p)) {
        assert_status!(app.get(path).await, 403, "clerk GET {path}");
    }
    let after = (
        app.count("consultations").await,
        app.count("committees").await,
        app.count("committee_members").await,
        app.count("council_roles").await,
    );
    assert_eq!(before, after, "nothing was written");
}

async fn login_is_throttled_per_address(app: TestApp) {
    // 30 failures from one address over many accounts; the 31st attempt waits.
    for n in 0..30 {
        let email = format!("raden{n}@example.nl");
        let response = app
            .post_form(
                "/account/inloggen",
                "/account/inloggen",
                &[("email", &email), ("password", "geraden wachtwoord")],
            )
            .await;
        assert_status!(response, 422);
    }
    app.create_user("echt@example.nl", false, None).await;
    let response = app
        .post_form(
            "/account/inloggen",
            "/account/inloggen",
            &[
                ("email", "echt@example.nl"),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_status!(response, 429);
}
