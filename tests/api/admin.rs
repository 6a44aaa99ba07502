use inspraak::domain::account::CouncilRole;

use crate::fixtures::{as_refs, turn_on};
use crate::helpers::TestApp;
use crate::{assert_redirect, assert_status, both_backends};

fn council_fields(slug: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", format!("Gemeente {slug}")),
        ("slug", slug.to_owned()),
        ("logo_text", slug.to_owned()),
        ("speaking_deadline_hours", "24".into()),
        ("minutes_per_speaker", "5".into()),
        ("total_speaking_minutes", "30".into()),
        ("retention_days", "365".into()),
        ("code", slug.to_ascii_uppercase()),
    ]
}

both_backends!(
    an_admin_creates_a_council_and_makes_someone_its_clerk,
    only_admins_reach_the_admin_screens,
    council_settings_can_be_changed_with_errors_shown
);

async fn an_admin_creates_a_council_and_makes_someone_its_clerk(app: TestApp) {
    app.create_user("beheer@example.nl", true, None).await;
    let clerk_id = app.create_user("nieuw@example.nl", false, None).await;
    app.login("beheer@example.nl").await;
    let fields = council_fields("drechtstad");
    let refs = as_refs(&fields);
    let response = app
        .post_form("/beheer/gemeenten/nieuw", "/beheer/gemeenten", &refs)
        .await;
    assert_status!(response, 303);
    let again = app
        .post_form("/beheer/gemeenten/nieuw", "/beheer/gemeenten", &refs)
        .await;
    assert_status!(again, 422, "the short name is taken");
    assert_eq!(app.count("councils").await, 1);

    let (_, body) = app.get_text("/beheer/gebruikers?q=nieuw").await;
    assert!(body.contains("nieuw@example.nl"));
    let council_id = app
        .db
        .read(|conn| {
            inspraak::db::councils::find_council_by_slug(conn, "drechtstad")
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap()
        .unwrap()
        .id
        .into_string();
    let response = app
        .post_form(
            "/beheer/gebruikers",
            &format!("/beheer/gebruikers/{clerk_id}/rollen"),
            &[("council_id", &council_id), ("role", "clerk")],
        )
        .await;
    let redirect = assert_redirect!(response);
    assert!(redirect.contains(&clerk_id) && !redirect.contains('@'));

    // A clerk's powers wait for two-factor authentication: the log-in lands on the page
    // to turn it on, every page says so, and the griffie's pages refuse until it is on.
    let clerk = app.second_browser();
    assert_eq!(
        clerk.login_to("nieuw@example.nl", "/griffie").await,
        "/account/tweestapsverificatie?melding=tweestapsverificatie-nodig"
    );
    let home = assert_status!(clerk.get("/").await, 200);
    assert!(home.contains("vraagt een tweede stap") && !home.contains(r#"href="/griffie""#));
    assert_status!(
        clerk.get("/griffie/drechtstad/consultaties/nieuw").await,
        403
    );
    turn_on(&clerk).await;
    assert_status!(
        clerk.get("/griffie/drechtstad/consultaties/nieuw").await,
        200
    );
    let home = assert_status!(clerk.get("/").await, 200);
    assert!(!home.contains("vraagt een tweede stap") && home.contains(r#"href="/griffie""#));

    let response = app
        .post_form(
            "/beheer/gebruikers",
            &format!("/beheer/gebruikers/{clerk_id}/rollen/intrekken"),
            &[("council_id", &council_id), ("role", "clerk")],
        )
        .await;
    assert_status!(response, 303);
    assert_status!(
        clerk.get("/griffie/drechtstad/consultaties/nieuw").await,
        403
    );
}

async fn only_admins_reach_the_admin_screens(app: TestApp) {
    let (council, _) = app.create_council("lindeveld").await;
    let target = app.create_user("doel@example.nl", false, None).await;
    app.create_user(
        "griffie@lindeveld.nl",
        false,
        Some((&council, CouncilRole::Clerk)),
    )
    .await;
    app.login("griffie@lindeveld.nl").await;
    for path in [
        "/beheer",
        "/beheer/gemeenten/nieuw",
        "/beheer/gebruikers",
        &format!("/beheer/gemeenten/{council}"),
    ] {
        assert_status!(app.get(path).await, 403, "{path}");
    }
    let response = app
        .post_form(
            "/griffie",
            &format!("/beheer/gebruikers/{target}/rollen"),
            &[("council_id", &council), ("role", "clerk")],
        )
        .await;
    assert_status!(response, 403);
    let fields = council_fields("kaping");
    let refs = as_refs(&fields);
    assert_status!(
        app.post_form("/griffie", "/beheer/gemeenten", &refs).await,
        403
    );
    assert_status!(
        app.post_form("/griffie", &format!("/beheer/gemeenten/{council}"), &refs)
            .await,
        403
    );
    assert_eq!(app.count("councils").await, 1);
    assert_eq!(app.count("council_roles").await, 1);
}

async fn council_settings_can_be_changed_with_errors_shown(app: TestApp) {
    let (council, _) = app.create_council("lindeveld").await;
    app.create_user("beheer@example.nl", true, None).await;
    app.login("beheer@example.nl").await;
    let path = format!("/beheer/gemeenten/{council}");
    let mut fields = council_fields("lindeveld");
    fields[4].1 = "nul".into();
    let refs = as_refs(&fields);
    let response = app.post_form(&path, &path, &refs).await;
    let body = assert_status!(response, 422);
    assert!(body.contains(r#"value="nul""#) && body.contains("Vul een heel getal in"));
    fields[4].1 = "7".into();
    let refs = as_refs(&fields);
    assert_status!(app.post_form(&path, &path, &refs).await, 303);
    let (_, body) = app.get_text("/beheer").await;
    assert!(body.contains("7 minuten per spreker"));
}
