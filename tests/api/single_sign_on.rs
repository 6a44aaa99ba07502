//! Staff sign in through their council's own OpenID Provider: a real one (oidc-provider
//! on loopback), set up by the admin on the council's page. The rules give roles by group
//! or e-mail domain; a wrong state, a token for another client, an expired token and a
//! person the rules give no role are all refused.

use reqwest::redirect::Policy;

use crate::helpers::{TestApp, location};
use crate::oidc_provider::OidcProvider;
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    staff_sign_in_through_the_councils_provider_with_the_roles_its_rules_give,
    roles_follow_the_rules_at_each_sign_in_and_the_session_lasts_a_working_day,
    wrong_state_foreign_audience_expired_token_and_no_role_are_refused,
    only_admins_set_it_up_and_bad_settings_are_explained,
    sign_ins_started_from_one_network_are_limited
);

const CLIENT_ID: &str = "inspraak-lindeveld";
const CLIENT_SECRET: &str = "een geheim van de gemeente voor inspraak";
const RULES: &str =
    "griffie: groep griffie\nmoderator: groep inspraak-moderatie\nraadslid: @raad.lindeveld.nl";

/// Council `lindeveld` with its provider started and set up by an admin; the provider.
async fn council_with_provider(app: &TestApp) -> (String, OidcProvider) {
    let (council, _) = app.create_council("lindeveld").await;
    let provider = OidcProvider::start(
        CLIENT_ID,
        CLIENT_SECRET,
        &app.url("/account/inloggen/gemeente/terug"),
    );
    app.create_user("beheer@example.nl", true, None).await;
    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    let page = format!("/beheer/gemeenten/{council}/inloggen");
    let saved = admin
        .post_form(
            &page,
            &page,
            &[
                ("issuer_url", provider.issuer.as_str()),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("role_rules", RULES),
            ],
        )
        .await;
    assert_redirect!(saved);
    (council, provider)
}

/// The browser goes to the provider, where `account` signs in (named as `login_hint`, as
/// the test provider skips its login screen); the address the provider sends it back to.
async fn at_provider(browser: &TestApp, account: &str) -> String {
    let mut url = format!(
        "{}&login_hint={account}",
        assert_redirect!(browser.get("/account/inloggen/gemeente/lindeveld").await)
    );
    let provider = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    for _ in 0..10 {
        let response = provider.get(&url).send().await.unwrap();
        let next = location(&response);
        if next.starts_with(&browser.address) {
            return next[browser.address.len()..].to_owned();
        }
        url = reqwest::Url::parse(&url)
            .unwrap()
            .join(&next)
            .unwrap()
            .to_string();
    }
    panic!("the provider did not send the browser back");
}

/// The whole sign-in of `account` in `browser`; the app's last answer.
async fn sign_in(browser: &TestApp, account: &str) -> reqwest::Response {
    let back = at_provider(browser, account).await;
    browser.get(&back).await
}

async fn staff_sign_in_through_the_councils_provider_with_the_roles_its_rules_give(app: TestApp) {
    let (_, _provider) = council_with_provider(&app).await;
    let (_, login) = app.get_text("/account/inloggen").await;
    assert!(login.contains(r#"href="/account/inloggen/gemeente/lindeveld""#));
    assert!(login.contains("Inloggen via Gemeente lindeveld"));

    // The clerk lands on the griffie's desk with its powers, without password or code.
    let clerk = app.second_browser();
    assert_eq!(
        assert_redirect!(sign_in(&clerk, "griffier").await),
        "/griffie"
    );
    assert_status!(
        clerk.get("/griffie/lindeveld/consultaties/nieuw").await,
        200
    );
    let account = assert_status!(clerk.get("/account").await, 200);
    assert!(account.contains("Greet Griffier") && account.contains("griffier@lindeveld.nl"));
    let users = app.count("users").await;

    // Again, in another browser: the same account.
    let again = app.second_browser();
    assert_redirect!(sign_in(&again, "griffier").await);
    assert_eq!(app.count("users").await, users);
    // The provider's subject is stored only as a keyed hash.
    let subjects: i64 = app
        .db
        .read(|conn| {
            use diesel::prelude::*;
            use inspraak::db::schema::users;
            users::table
                .filter(users::sign_in_subject.eq("griffier"))
                .count()
                .get_result(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(subjects, 0);

    // A group gives the moderator's role; an e-mail domain the council member's.
    let moderator = app.second_browser();
    assert_eq!(
        assert_redirect!(sign_in(&moderator, "moderator").await),
        "/moderatie"
    );
    assert_status!(moderator.get("/moderatie").await, 200);
    let member = app.second_browser();
    assert_redirect!(sign_in(&member, "raadslid").await);
    assert_status!(member.get("/moderatie").await, 403);
    let page = assert_status!(member.get("/account").await, 200);
    assert!(page.contains("Raadslid"));
}

async fn wrong_state_foreign_audience_expired_token_and_no_role_are_refused(app: TestApp) {
    let (_, _provider) = council_with_provider(&app).await;
    let users = app.count("users").await;
    let sessions = app.count("sessions").await;

    // The provider's answer with another state than this browser's round trip.
    let browser = app.second_browser();
    let back = at_provider(&browser, "griffier").await;
    let (path, query) = back.split_once('?').unwrap();
    let tampered: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("state", _)) => "state=een-andere-state".to_owned(),
            _ => pair.to_owned(),
        })
        .collect();
    let refused = browser.get(&format!("{path}?{}", tampered.join("&"))).await;
    let page = assert_status!(refused, 400);
    assert!(page.contains("Inloggen duurde te lang"));
    // The right answer, but in a browser that did not start the round trip.
    let back = at_provider(&browser, "griffier").await;
    assert_status!(app.second_browser().get(&back).await, 400);

    // An ID token the provider signed for another client: its audience is not ours.
    let page = assert_status!(sign_in(&app.second_browser(), "andere-app").await, 403);
    assert!(page.contains("Inloggen via de gemeente lukte niet"));

    // Signed in at the council, but the rules give this person no role here.
    let page = assert_status!(sign_in(&app.second_browser(), "buiten").await, 403);
    assert!(page.contains("Uw account geeft geen toegang"));

    // An ID token that expired (it lasts a minute) before the browser came back.
    let late = app.second_browser();
    let back = at_provider(&late, "griffier").await;
    app.advance_clock(chrono::Duration::minutes(3));
    let page = assert_status!(late.get(&back).await, 403);
    assert!(page.contains("Inloggen via de gemeente lukte niet"));

    assert_eq!(app.count("users").await, users, "no account was made");
    assert_eq!(
        app.count("sessions").await,
        sessions,
        "nobody was signed in"
    );
}

async fn only_admins_set_it_up_and_bad_settings_are_explained(app: TestApp) {
    let (council, _) = app.create_council_with_clerk("lindeveld").await;
    let page = format!("/beheer/gemeenten/{council}/inloggen");
    // Without settings, and for a council that does not exist, there is nothing to start.
    assert_status!(app.get("/account/inloggen/gemeente/lindeveld").await, 404);
    assert_status!(app.get("/account/inloggen/gemeente/nergens").await, 404);
    app.login("griffie@lindeveld.nl").await;
    assert_status!(app.get(&page).await, 403);
    assert_status!(
        app.post_form("/account", &page, &[("client_id", "x")])
            .await,
        403
    );

    app.create_user("beheer@example.nl", true, None).await;
    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    let form = assert_status!(admin.get(&page).await, 200);
    assert!(form.contains(&app.url("/account/inloggen/gemeente/terug")));
    let refused = admin
        .post_form(
            &page,
            &page,
            &[
                ("issuer_url", "http://login.lindeveld.nl"),
                ("client_id", CLIENT_ID),
                ("client_secret", ""),
                ("role_rules", "wethouder: groep college"),
            ],
        )
        .await;
    let body = assert_status!(refused, 422);
    assert!(body.contains("Het begint met https://"));
    assert!(body.contains("Regel 1: kies als rol griffie, moderator of raadslid."));
    assert!(body.contains("Vul het clientgeheim in"));
    assert!(
        body.contains("wethouder: groep college"),
        "what was typed stays"
    );
    assert_eq!(app.count("council_sign_ins").await, 0);

    // Saved, the secret is kept when the field stays empty, and never shown.
    let fields = |secret: &'static str| {
        [
            ("issuer_url", "https://login.lindeveld.nl/realms/gemeente"),
            ("client_id", CLIENT_ID),
            ("client_secret", secret),
            ("role_rules", RULES),
        ]
    };
    assert_redirect!(admin.post_form(&page, &page, &fields(CLIENT_SECRET)).await);
    assert_redirect!(admin.post_form(&page, &page, &fields("")).await);
    let form = assert_status!(admin.get(&page).await, 200);
    assert!(!form.contains(CLIENT_SECRET));
    assert!(form.contains("https://login.lindeveld.nl/realms/gemeente"));
    let stored: String = app
        .db
        .read(|conn| {
            use diesel::prelude::*;
            use inspraak::db::schema::council_sign_ins;
            council_sign_ins::table
                .select(council_sign_ins::client_secret)
                .first(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();
    assert!(!stored.is_empty() && stored != CLIENT_SECRET, "sealed");

    let remove = format!("{page}/verwijderen");
    assert_redirect!(admin.post_form(&page, &remove, &[]).await);
    assert_eq!(app.count("council_sign_ins").await, 0);
    let (_, login) = app.get_text("/account/inloggen").await;
    assert!(!login.contains("/account/inloggen/gemeente/"));
}

async fn roles_follow_the_rules_at_each_sign_in_and_the_session_lasts_a_working_day(app: TestApp) {
    use inspraak::domain::account::CouncilRole;
    let (council, _provider) = council_with_provider(&app).await;
    let moderator = app.second_browser();
    assert_redirect!(sign_in(&moderator, "moderator").await);
    assert_status!(moderator.get("/moderatie").await, 200);
    // An admin also makes the person a council member by hand.
    let user_id: String = app
        .db
        .read(|conn| {
            use diesel::prelude::*;
            use inspraak::db::schema::users;
            users::table
                .filter(users::email_key.eq("moderator@lindeveld.nl"))
                .select(users::id)
                .first(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();
    let council_id = council.clone();
    let id = user_id.clone();
    app.db
        .write(move |conn| {
            inspraak::db::accounts::grant_role(
                conn,
                &inspraak::domain::id::UserId::from(id.as_str()),
                &inspraak::domain::id::CouncilId::from(council_id.as_str()),
                CouncilRole::CouncilMember,
                inspraak::domain::time::now_utc(),
            )
            .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();

    // The council drops the moderators' group from its rules: at the next sign-in the role
    // it gave goes (in every session at once), the one the admin gave stays.
    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    let page = format!("/beheer/gemeenten/{council}/inloggen");
    let rules = "griffie: groep griffie\nraadslid: @raad.lindeveld.nl";
    let saved = admin
        .post_form(
            &page,
            &page,
            &[
                ("issuer_url", _provider.issuer.as_str()),
                ("client_id", CLIENT_ID),
                ("client_secret", ""),
                ("role_rules", rules),
            ],
        )
        .await;
    assert_redirect!(saved);
    let page = assert_status!(sign_in(&app.second_browser(), "moderator").await, 403);
    assert!(page.contains("Uw account geeft geen toegang"));
    assert_status!(moderator.get("/moderatie").await, 403);
    let account = assert_status!(moderator.get("/account").await, 200);
    assert!(account.contains("Raadslid"), "the admin's role stays");

    // A session through the council lasts a working day, not two weeks.
    let clerk = app.second_browser();
    assert_redirect!(sign_in(&clerk, "griffier").await);
    assert_status!(clerk.get("/griffie").await, 200);
    app.advance_clock(chrono::Duration::hours(13));
    let again = clerk.get("/griffie").await;
    assert!(location(&again).starts_with("/account/inloggen"));
}

async fn sign_ins_started_from_one_network_are_limited(app: TestApp) {
    let (_, _provider) = council_with_provider(&app).await;
    let start = |network: &'static str| {
        let client = app.client.clone();
        let url = app.url("/account/inloggen/gemeente/lindeveld");
        async move {
            client
                .get(url)
                .header("x-forwarded-for", network)
                .send()
                .await
                .unwrap()
        }
    };
    // Thirty at once from one network: each goes to the provider, none more.
    let started = futures_util::future::join_all((0..30).map(|_| start("203.0.113.7"))).await;
    assert!(started.iter().all(|r| r.status().as_u16() == 303));
    let page = assert_status!(start("203.0.113.7").await, 429);
    assert!(page.contains("Probeer het over een kwartier opnieuw."));
    assert_status!(start("198.51.100.8").await, 303);
}
