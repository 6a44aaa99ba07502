//! Organisations: registering one, its public profile, members and roles, invitations by
//! signed link (mail → link → accept), and verification by the griffie.

use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::schema::organisation_invitations;
use inspraak::db::{DbError, organisations};
use inspraak::domain::account::CouncilRole;
use inspraak::domain::id::{OrganisationId, UserId};
use inspraak::domain::organisation::MemberRole;
use inspraak::domain::time::now_utc;

use crate::fixtures::{member, resident};
use crate::helpers::{PASSWORD, TestApp, location};
use crate::{assert_redirect, assert_status, both_backends};

const SECRETARY: &str = "secretaris@dehorst.nl";

fn organisation_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Bewonersplatform De Horst"),
        ("kind", "bewonersplatform"),
        ("district", "De Horst"),
        ("website", "https://dehorst.example.nl"),
        (
            "description",
            "Wij zijn de bewoners van De Horst.\nWe praten mee over groen en spelen.",
        ),
    ]
}

/// Logs in a new secretary, registers an organisation through the form; returns its id.
async fn organisation_with_secretary(app: &TestApp) -> (String, String) {
    let secretary = app.create_user(SECRETARY, false, None).await;
    app.login(SECRETARY).await;
    let response = app
        .post_form(
            "/organisaties/nieuw",
            "/organisaties/nieuw",
            &organisation_fields(),
        )
        .await;
    let target = assert_redirect!(response, "organisation is created");
    assert!(
        target.ends_with("?melding=organisatie-aangemaakt"),
        "{target}"
    );
    let id = target
        .trim_start_matches("/organisaties/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    (id, secretary)
}

/// The logged-in user of `app` invites `email` as `role` (a form token from the account page,
/// so that those who may not see the members page can try too).
async fn invite(app: &TestApp, organisation: &str, email: &str, role: &str) -> reqwest::Response {
    app.post_form(
        "/account",
        &format!("/organisaties/{organisation}/uitnodigingen"),
        &[("email", email), ("role", role)],
    )
    .await
}

/// Delivers the mail and returns the path of the invitation link mailed to `to`.
async fn mailed_link(app: &TestApp, to: &str) -> String {
    let mails = app.deliver_mail().await;
    let mail = mails
        .iter()
        .rfind(|m| m.to == to)
        .unwrap_or_else(|| panic!("an invitation mail to {to}"));
    let prefix = format!("{}/uitnodigingen/", app.address);
    let start = mail.text.find(&prefix).expect("the mail has the link");
    let url: String = mail.text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    url.trim_start_matches(&app.address).to_owned()
}

async fn role_of(app: &TestApp, organisation: &str, user: &str) -> Option<MemberRole> {
    let (organisation, user) = (OrganisationId::from(organisation), UserId::from(user));
    app.db
        .read(move |conn| {
            organisations::member_role(conn, &organisation, &user).map_err(DbError::from)
        })
        .await
        .unwrap()
}

both_backends!(
    a_resident_registers_an_organisation_and_everyone_sees_its_profile,
    an_invitee_follows_the_mailed_link_registers_and_joins_once,
    used_expired_foreign_and_tampered_invitations_are_refused,
    only_the_secretary_manages_members_and_nothing_changes_for_others,
    the_secretary_changes_roles_removes_members_and_hands_over,
    the_members_page_is_for_members_only,
    only_the_griffies_an_organisation_works_with_verify_it,
    forms_with_mistakes_keep_what_was_typed,
    every_organisation_form_checks_the_token
);

async fn a_resident_registers_an_organisation_and_everyone_sees_its_profile(app: TestApp) {
    // Anonymous visitors are sent to log in first.
    let response = app.get("/organisaties/nieuw").await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, "/account/inloggen?terug=/organisaties/nieuw");

    let (id, secretary) = organisation_with_secretary(&app).await;
    assert_eq!(
        role_of(&app, &id, &secretary).await,
        Some(MemberRole::Secretary)
    );
    let body = assert_status!(
        app.get(&format!(
            "/organisaties/{id}?melding=organisatie-aangemaakt"
        ))
        .await,
        200
    );
    assert!(body.contains("U bent de secretaris"));
    assert!(body.contains(&format!("/organisaties/{id}/leden")));
    assert!(body.contains(&format!("/organisaties/{id}/bewerken")));

    let public = app.second_browser();
    let body = assert_status!(public.get(&format!("/organisaties/{id}")).await, 200);
    assert!(body.contains("<h1>Bewonersplatform De Horst</h1>"));
    assert!(body.contains("Bewonersplatform") && body.contains("De Horst"));
    assert!(
        body.contains(r#"<a href="https://dehorst.example.nl" rel="nofollow noopener">"#),
        "{body}"
    );
    assert!(body.contains("<p>We praten mee over groen en spelen.</p>"));
    assert!(!body.contains("Geverifieerd door de griffie"));
    assert!(
        !body.contains(SECRETARY),
        "no e-mail addresses on the public profile"
    );
    assert!(
        !body.contains("/verificatie"),
        "only clerks see the verification button"
    );
    assert!(
        !body.contains("/leden"),
        "only members see the link to the members"
    );

    let list = assert_status!(public.get("/organisaties").await, 200);
    assert!(list.contains(&format!(r#"href="/organisaties/{id}""#)));
    assert!(list.contains("Bewonersplatform · De Horst"));
    assert!(!list.contains(SECRETARY));
    let (_, home) = public.get_text("/").await;
    assert!(
        home.contains(r#"href="/organisaties""#),
        "the menu links to the organisations"
    );

    // The account page lists the organisation with the role.
    let (_, account) = app.get_text("/account").await;
    assert!(account.contains("Mijn organisaties"));
    assert!(
        account.contains(&format!(
            r#"<a href="/organisaties/{id}">Bewonersplatform De Horst</a> (secretaris)"#
        )),
        "{account}"
    );
    assert!(account.contains(r#"href="/organisaties/nieuw""#));
    assert_status!(public.get(&format!("/organisaties/{}x", &id)).await, 404);
}

async fn an_invitee_follows_the_mailed_link_registers_and_joins_once(app: TestApp) {
    let (id, _) = organisation_with_secretary(&app).await;
    let response = invite(&app, &id, "Nieuw.Lid@Example.nl", "board").await;
    let response_to = assert_redirect!(response);
    assert_eq!(
        response_to,
        format!("/organisaties/{id}/leden?melding=uitgenodigd")
    );
    assert_eq!(app.count("organisation_invitations").await, 1);

    let mails = app.deliver_mail().await;
    let mail = mails
        .iter()
        .find(|m| m.to == "Nieuw.Lid@Example.nl")
        .expect("invitation mail, to the address as typed");
    assert_eq!(
        mail.subject,
        "Uitnodiging: word lid van Bewonersplatform De Horst op Inspraak"
    );
    assert!(
        mail.text
            .contains("Test Persoon nodigt u uit om als bestuurslid"),
        "{}",
        mail.text
    );
    let link = mailed_link(&app, "Nieuw.Lid@Example.nl").await;
    assert!(mail.html.contains(&format!("{}{link}", app.address)));

    // The secretary sees the open invitation and its link.
    let (_, page) = app.get_text(&format!("/organisaties/{id}/leden")).await;
    assert!(page.contains("Nieuw.Lid@Example.nl") && page.contains(&format!(r#"href="{link}""#)));

    // Not logged in: the page explains and comes back here after registering.
    let invitee = app.second_browser();
    let body = assert_status!(invitee.get(&link).await, 200);
    assert!(body.contains("Bewonersplatform De Horst") && body.contains("als bestuurslid"));
    let back = inspraak::views::url_encode(&link);
    assert!(
        body.contains(&format!("/account/inloggen?terug={back}")),
        "{body}"
    );
    let register = format!("/account/registreren?terug={back}");
    assert!(body.contains(&register));
    let form = assert_status!(invitee.get(&register).await, 200);
    assert!(form.contains(&format!(r#"name="next" value="{link}""#)));
    let response = invitee
        .post_form(
            &register,
            "/account/registreren",
            &[
                ("display_name", "Nieuw Lid"),
                ("email", "nieuw.lid@example.nl"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
                ("next", &link),
            ],
        )
        .await;
    let response_to = assert_redirect!(response);
    assert_eq!(response_to, "/account/registreren/verstuurd");
    let confirm =
        crate::helpers::mailed_path(&app, "nieuw.lid@example.nl", "/account/bevestigen/").await;
    let response = invitee.post_form(&confirm, &confirm, &[]).await;
    let response_to = assert_redirect!(response);
    assert_eq!(response_to, link, "back to the invitation after confirming");

    let body = assert_status!(invitee.get(&link).await, 200);
    assert!(body.contains("Uitnodiging aannemen"));
    assert_eq!(
        app.count("organisation_members").await,
        1,
        "looking changes nothing"
    );

    let response = invitee.post_form(&link, &link, &[]).await;
    let redirect = assert_redirect!(response);
    assert_eq!(
        redirect,
        format!("/organisaties/{id}/leden?melding=uitnodiging-aangenomen")
    );
    assert_eq!(app.count("organisation_members").await, 2);
    let user: String = {
        let id = id.clone();
        app.db
            .read(move |conn| {
                organisations::members(conn, &id.into())
                    .map(|m| {
                        m.into_iter()
                            .find(|(u, _)| u.email == "nieuw.lid@example.nl")
                            .unwrap()
                            .0
                            .id
                            .into_string()
                    })
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    assert_eq!(role_of(&app, &id, &user).await, Some(MemberRole::Board));

    // A second click (or the back button) adds nobody and changes nothing.
    let response = invitee.post_form(&link, &link, &[]).await;
    assert_status!(response, 303);
    assert_eq!(app.count("organisation_members").await, 2);
    assert_eq!(role_of(&app, &id, &user).await, Some(MemberRole::Board));
    let body = assert_status!(invitee.get(&link).await, 200);
    assert!(body.contains("U bent al lid"));

    // The secretary hears once who joined, with a link to the members.
    let told: Vec<_> = app
        .deliver_mail()
        .await
        .into_iter()
        .filter(|m| m.to == SECRETARY)
        .collect();
    assert_eq!(
        told.len(),
        1,
        "one mail to the secretary, whatever the clicks"
    );
    assert_eq!(
        told[0].subject,
        "Nieuw Lid is lid van Bewonersplatform De Horst"
    );
    assert!(
        told[0]
            .text
            .contains("Nieuw Lid heeft de uitnodiging aangenomen en is nu bestuurslid"),
        "{}",
        told[0].text
    );
    let members = format!("{}/organisaties/{id}/leden", app.address);
    assert!(told[0].text.contains(&members));
    assert!(
        !told[0].text.contains("nieuw.lid@example.nl"),
        "no addresses in the mail"
    );
    assert_status!(app.get(members.trim_start_matches(&app.address)).await, 200);

    // Members see each other's names; only the secretary sees addresses.
    let body = assert_status!(invitee.get(&format!("/organisaties/{id}/leden")).await, 200);
    assert!(
        body.contains("Nieuw Lid") && body.contains("Test Persoon") && body.contains("Bestuurslid")
    );
    assert!(
        !body.contains(SECRETARY) && !body.contains("nieuw.lid@example.nl"),
        "no addresses for non-secretaries"
    );
    assert!(
        !body.contains("/uitnodigingen"),
        "no invitations for non-secretaries"
    );
    let (_, body) = app.get_text(&format!("/organisaties/{id}/leden")).await;
    assert!(body.contains("nieuw.lid@example.nl") && body.contains(SECRETARY));
    assert!(body.contains("Er staan geen uitnodigingen open."));

    // The invitation mail goes out once (besides the new account's address check).
    let mails = app.deliver_mail().await;
    let to_invitee: Vec<&str> = mails
        .iter()
        .filter(|m| m.to.eq_ignore_ascii_case("nieuw.lid@example.nl"))
        .map(|m| m.subject.as_str())
        .collect();
    assert_eq!(
        to_invitee
            .iter()
            .filter(|s| **s != "Bevestig uw e-mailadres")
            .count(),
        1,
        "{to_invitee:?}"
    );
    assert!(to_invitee.contains(&"Bevestig uw e-mailadres"));
}

async fn used_expired_foreign_and_tampered_invitations_are_refused(app: TestApp) {
    let (id, _) = organisation_with_secretary(&app).await;
    assert_status!(
        invite(&app, &id, "verlopen@example.nl", "editor").await,
        303
    );
    let expired = mailed_link(&app, "verlopen@example.nl").await;
    assert_status!(invite(&app, &id, "ander@example.nl", "editor").await, 303);
    let foreign = mailed_link(&app, "ander@example.nl").await;
    app.db
        .write(|conn| {
            diesel::update(
                organisation_invitations::table
                    .filter(organisation_invitations::email.eq("verlopen@example.nl")),
            )
            .set(organisation_invitations::expires_at.eq(now_utc() - Duration::hours(1)))
            .execute(conn)
            .map_err(DbError::from)
        })
        .await
        .unwrap();

    let visitor = app.second_browser();
    app.create_user("verlopen@example.nl", false, None).await;
    app.create_user("iemand.anders@example.nl", false, None)
        .await;

    // Expired: explained to anyone, refused when posted.
    let body = assert_status!(visitor.get(&expired).await, 409);
    assert!(body.contains("Deze uitnodiging is verlopen"));
    visitor.login("verlopen@example.nl").await;
    let body = assert_status!(visitor.get(&expired).await, 409);
    assert!(!body.contains("Uitnodiging aannemen"));
    let response = visitor.post_form("/account", &expired, &[]).await;
    let response = assert_status!(response, 409);
    assert!(response.contains("Deze uitnodiging is verlopen"));

    // For another address: refused, and the invitation stays usable for its owner.
    let body = assert_status!(visitor.get(&foreign).await, 403);
    assert!(body.contains("Deze uitnodiging is voor een ander e-mailadres"));
    let response = visitor.post_form("/account", &foreign, &[]).await;
    assert_status!(response, 403);
    let other = app.second_browser();
    other.login("iemand.anders@example.nl").await;
    assert_status!(other.post_form("/account", &foreign, &[]).await, 403);
    assert_eq!(app.count("organisation_members").await, 1);

    // A wrong signature or id: as if there were no such page.
    let tampered = format!("{}x", &foreign[..foreign.len() - 1]);
    assert_status!(visitor.get(&tampered).await, 404);
    assert_status!(visitor.post_form("/account", &tampered, &[]).await, 404);
    let expired_parts: Vec<&str> = expired.split('/').collect();
    let foreign_id = foreign.split('/').nth(2).unwrap();
    let swapped = format!("/uitnodigingen/{foreign_id}/{}", expired_parts[3]);
    assert_status!(
        visitor.get(&swapped).await,
        404,
        "a signature belongs to one invitation"
    );
    assert_status!(
        visitor
            .get(&format!("/uitnodigingen/{}", expired_parts[2]))
            .await,
        404
    );

    // Once used it cannot be used again, also not by another account.
    let owner = app.second_browser();
    app.create_user("ander@example.nl", false, None).await;
    owner.login("ander@example.nl").await;
    assert_status!(owner.post_form("/account", &foreign, &[]).await, 303);
    assert_eq!(app.count("organisation_members").await, 2);
    let body = assert_status!(other.get(&foreign).await, 409);
    assert!(body.contains("Deze uitnodiging is al gebruikt."));
    assert_status!(other.post_form("/account", &foreign, &[]).await, 409);
    assert_eq!(app.count("organisation_members").await, 2);
}

async fn only_the_secretary_manages_members_and_nothing_changes_for_others(app: TestApp) {
    let (id, secretary) = organisation_with_secretary(&app).await;
    let (board, board_id) = member(&app, &id, "bestuur@example.nl", MemberRole::Board).await;
    let (editor, editor_id) = member(&app, &id, "schrijver@example.nl", MemberRole::Editor).await;
    let before = (
        app.count("organisation_members").await,
        app.count("organisation_invitations").await,
        app.count("outbox").await,
    );
    assert_eq!(before.0, 3);

    let page = format!("/organisaties/{id}/leden");
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("/organisaties/{id}/uitnodigingen"),
            vec![("email", "x@example.nl"), ("role", "board")],
        ),
        (
            format!("/organisaties/{id}/uitnodigingen"),
            vec![("email", "geen adres"), ("role", "")],
        ),
        (
            format!("/organisaties/{id}/leden/{editor_id}/rol"),
            vec![("role", "board")],
        ),
        (
            format!("/organisaties/{id}/leden/{secretary}/rol"),
            vec![("role", "editor")],
        ),
        (
            format!("/organisaties/{id}/leden/{editor_id}/verwijderen"),
            vec![],
        ),
        (
            format!("/organisaties/{id}/leden/{secretary}/verwijderen"),
            vec![],
        ),
        (
            format!("/organisaties/{id}/secretaris"),
            vec![("user_id", &board_id)],
        ),
        (
            format!("/organisaties/{id}/secretaris"),
            vec![("user_id", &editor_id)],
        ),
        (
            format!("/organisaties/{id}/bewerken"),
            vec![
                ("name", "Overgenomen"),
                ("kind", "stichting"),
                ("district", "X"),
                ("description", "X"),
            ],
        ),
    ];
    for browser in [&board, &editor] {
        assert_status!(
            browser.get(&page).await,
            200,
            "members see the members page"
        );
        assert_status!(
            browser.get(&format!("/organisaties/{id}/bewerken")).await,
            403
        );
        for (path, fields) in &posts {
            let response = browser.post_form(&page, path, fields).await;
            assert_status!(response, 403, "a non-secretary posts {path}");
        }
    }
    let after = (
        app.count("organisation_members").await,
        app.count("organisation_invitations").await,
        app.count("outbox").await,
    );
    assert_eq!(before, after, "nothing was written");
    assert_eq!(
        role_of(&app, &id, &secretary).await,
        Some(MemberRole::Secretary)
    );
    assert_eq!(role_of(&app, &id, &board_id).await, Some(MemberRole::Board));
    assert_eq!(
        role_of(&app, &id, &editor_id).await,
        Some(MemberRole::Editor)
    );
    let (_, profile) = app
        .second_browser()
        .get_text(&format!("/organisaties/{id}"))
        .await;
    assert!(profile.contains("Bewonersplatform De Horst"));

    // The page of a non-secretary offers none of the secretary's forms.
    let (_, body) = board.get_text(&page).await;
    assert!(
        !body.contains("/verwijderen")
            && !body.contains("/secretaris")
            && !body.contains("Iemand uitnodigen")
    );
    assert!(body.contains(&format!("/organisaties/{id}/verlaten")));
}

async fn the_secretary_changes_roles_removes_members_and_hands_over(app: TestApp) {
    let (id, secretary) = organisation_with_secretary(&app).await;
    let (board, board_id) = member(&app, &id, "bestuur@example.nl", MemberRole::Board).await;
    let (editor, editor_id) = member(&app, &id, "schrijver@example.nl", MemberRole::Editor).await;
    let (_, gone_id) = member(&app, &id, "weg@example.nl", MemberRole::Editor).await;
    let page = format!("/organisaties/{id}/leden");

    let response = app
        .post_form(
            &page,
            &format!("/organisaties/{id}/leden/{editor_id}/rol"),
            &[("role", "board")],
        )
        .await;
    let response_to = assert_redirect!(response);
    assert_eq!(response_to, format!("{page}?melding=rol-gewijzigd"));
    assert_eq!(
        role_of(&app, &id, &editor_id).await,
        Some(MemberRole::Board)
    );
    let response = app
        .post_form(
            &page,
            &format!("/organisaties/{id}/leden/{editor_id}/rol"),
            &[("role", "secretary")],
        )
        .await;
    assert_status!(
        response,
        400,
        "the secretary role is handed over, not given"
    );
    assert_eq!(
        role_of(&app, &id, &editor_id).await,
        Some(MemberRole::Board)
    );

    let response = app
        .post_form(
            &page,
            &format!("/organisaties/{id}/leden/{gone_id}/verwijderen"),
            &[],
        )
        .await;
    assert_status!(response, 303);
    assert_eq!(role_of(&app, &id, &gone_id).await, None);
    let response = app
        .post_form(
            &page,
            &format!("/organisaties/{id}/leden/{secretary}/verwijderen"),
            &[],
        )
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("U kunt uzelf niet verwijderen"));
    let response = app
        .post_form(&page, &format!("/organisaties/{id}/verlaten"), &[])
        .await;
    assert_status!(response, 409, "the secretary cannot leave");
    assert_eq!(app.count("organisation_members").await, 3);

    // Handing over needs a choice, and keeps what was chosen on error.
    let response = app
        .post_form(
            &page,
            &format!("/organisaties/{id}/secretaris"),
            &[("user_id", "")],
        )
        .await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Kies het lid dat de nieuwe secretaris wordt."));
    let response = app
        .post_form(
            &page,
            &format!("/organisaties/{id}/secretaris"),
            &[("user_id", &board_id)],
        )
        .await;
    let response_to = assert_redirect!(response);
    assert_eq!(
        response_to,
        format!("{page}?melding=secretaris-overgedragen")
    );
    assert_eq!(
        role_of(&app, &id, &board_id).await,
        Some(MemberRole::Secretary)
    );
    assert_eq!(
        role_of(&app, &id, &secretary).await,
        Some(MemberRole::Board)
    );
    let (_, body) = app
        .get_text(&format!("{page}?melding=secretaris-overgedragen"))
        .await;
    assert!(body.contains("U bent nu bestuurslid"));

    // The old secretary manages nothing any more; the new one does.
    assert_status!(invite(&app, &id, "x@example.nl", "editor").await, 403);
    assert_status!(invite(&board, &id, "x@example.nl", "editor").await, 303);
    let (_, body) = board.get_text(&page).await;
    assert!(body.contains(SECRETARY), "the new secretary sees addresses");

    // A member leaves.
    let response = editor
        .post_form(&page, &format!("/organisaties/{id}/verlaten"), &[])
        .await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, "/account?melding=organisatie-verlaten");
    assert_eq!(role_of(&app, &id, &editor_id).await, None);
    assert_status!(editor.get(&page).await, 403);
    assert_eq!(app.count("organisation_members").await, 2);
}

async fn the_members_page_is_for_members_only(app: TestApp) {
    let (id, _) = organisation_with_secretary(&app).await;
    let page = format!("/organisaties/{id}/leden");
    assert_status!(app.get(&page).await, 200);

    let anonymous = app.second_browser();
    let response = anonymous.get(&page).await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, format!("/account/inloggen?terug={page}"));

    let outsider = resident(&app, "buur@example.nl").await;
    assert_status!(outsider.get(&page).await, 403);
    let response = outsider
        .post_form("/account", &format!("/organisaties/{id}/verlaten"), &[])
        .await;
    assert_status!(response, 403);
    assert_status!(invite(&outsider, &id, "x@example.nl", "board").await, 403);
    assert_status!(
        outsider.get(&format!("/organisaties/{id}/bewerken")).await,
        403
    );
    assert_eq!(app.count("organisation_members").await, 1);
    assert_eq!(app.count("organisation_invitations").await, 0);
    assert_status!(outsider.get("/organisaties/onbekend/leden").await, 404);
}

async fn only_the_griffies_an_organisation_works_with_verify_it(app: TestApp) {
    // `world` logs `app` in as the clerk of Lindeveld; the organisation drafts a
    // reaction there, so it works with Lindeveld.
    let world = crate::fixtures::world(&app).await;
    let id = world.organisation.clone();
    let profile = format!("/organisaties/{id}");
    let action = format!("{profile}/verificatie");
    let clerk = &app;

    // Before it works with any council, not even Lindeveld's clerk may.
    assert_status!(
        clerk
            .post_form(&profile, &action, &[("action", "verify")])
            .await,
        403
    );
    crate::fixtures::start_draft(
        &world.secretary,
        &world.consultation,
        Some(&id),
        "Onze reactie",
    )
    .await;

    // Residents, the organisation's own secretary included, may not.
    let response = world
        .secretary
        .post_form(&profile, &action, &[("action", "verify")])
        .await;
    assert_status!(response, 403);
    let council: String = app
        .db
        .read(|conn| {
            inspraak::db::schema::councils::table
                .filter(inspraak::db::schema::councils::slug.eq("lindeveld"))
                .select(inspraak::db::schema::councils::id)
                .first(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();
    app.create_user(
        "raadslid@lindeveld.nl",
        false,
        Some((&council, CouncilRole::CouncilMember)),
    )
    .await;
    let member = app.second_browser();
    member.login("raadslid@lindeveld.nl").await;
    assert_status!(
        member
            .post_form(&profile, &action, &[("action", "verify")])
            .await,
        403
    );
    assert!(
        !member
            .get_text(&profile)
            .await
            .1
            .contains("Markeren als geverifieerd")
    );
    let anonymous = app.second_browser();
    let response = anonymous
        .post_form("/account/inloggen", &action, &[("action", "verify")])
        .await;
    let response_to = assert_redirect!(response);
    assert!(response_to.starts_with("/account/inloggen"));

    // The clerk of a council the organisation does not work with may not.
    app.create_council_with_clerk("elders").await;
    let other_clerk = app.second_browser();
    other_clerk.login("griffie@elders.nl").await;
    assert!(
        !other_clerk
            .get_text(&profile)
            .await
            .1
            .contains("Markeren als geverifieerd")
    );
    assert_status!(
        other_clerk
            .post_form(&profile, &action, &[("action", "verify")])
            .await,
        403
    );
    assert!(
        !anonymous
            .get_text(&profile)
            .await
            .1
            .contains("Geverifieerd door de griffie")
    );

    // Lindeveld's clerk may.
    let (_, body) = clerk.get_text(&profile).await;
    assert!(body.contains("Markeren als geverifieerd"));
    let response = clerk
        .post_form(&profile, &action, &[("action", "verify")])
        .await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, format!("{profile}?melding=geverifieerd"));
    let (_, body) = anonymous.get_text(&profile).await;
    assert!(body.contains("Geverifieerd door de griffie"));
    assert!(!body.contains("Verificatie intrekken"));
    let (_, list) = anonymous.get_text("/organisaties").await;
    assert!(list.contains("Geverifieerd door de griffie"));
    assert!(
        clerk
            .get_text(&profile)
            .await
            .1
            .contains("Verificatie intrekken")
    );

    // Another council's clerk cannot take Lindeveld's verification back.
    assert!(
        !other_clerk
            .get_text(&profile)
            .await
            .1
            .contains("Verificatie intrekken")
    );
    assert_status!(
        other_clerk
            .post_form(&profile, &action, &[("action", "unverify")])
            .await,
        403
    );
    assert!(
        anonymous
            .get_text(&profile)
            .await
            .1
            .contains("Geverifieerd door de griffie")
    );

    let response = clerk
        .post_form(&profile, &action, &[("action", "unverify")])
        .await;
    assert_status!(response, 303);
    assert!(
        !anonymous
            .get_text(&profile)
            .await
            .1
            .contains("Geverifieerd door de griffie")
    );
    assert_status!(
        clerk
            .post_form(
                &profile,
                "/organisaties/onbekend/verificatie",
                &[("action", "verify")]
            )
            .await,
        404
    );

    // An admin may too.
    app.create_user("beheer@example.nl", true, None).await;
    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    assert_status!(
        admin
            .post_form(&profile, &action, &[("action", "verify")])
            .await,
        303
    );
}

async fn forms_with_mistakes_keep_what_was_typed(app: TestApp) {
    app.create_user(SECRETARY, false, None).await;
    app.login(SECRETARY).await;
    let response = app
        .post_form(
            "/organisaties/nieuw",
            "/organisaties/nieuw",
            &[
                ("name", "Vereniging <Groen> & Co"),
                ("kind", ""),
                ("district", "Oud-Lindeveld"),
                ("website", "www.zonder-https.nl"),
                ("description", "Wij planten bomen.\nElke zaterdag."),
            ],
        )
        .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Controleer het formulier"));
    assert!(body.contains(r##"href="#kind""##) && body.contains(r##"href="#website""##));
    assert!(
        body.contains(r#"value="Vereniging &lt;Groen&gt; &amp; Co""#),
        "{body}"
    );
    assert!(body.contains(r#"value="Oud-Lindeveld""#));
    assert!(body.contains(r#"value="www.zonder-https.nl""#));
    assert!(body.contains("Wij planten bomen.\nElke zaterdag.</textarea>"));
    assert_eq!(app.count("organisations").await, 0);

    // A chosen kind stays chosen.
    let response = app
        .post_form(
            "/organisaties/nieuw",
            "/organisaties/nieuw",
            &[("kind", "stichting")],
        )
        .await;
    let response = assert_status!(response, 422);
    assert!(response.contains(r#"<option value="stichting" selected>"#));

    // Editing: the same, and a valid edit is saved.
    let response = app
        .post_form(
            "/organisaties/nieuw",
            "/organisaties/nieuw",
            &organisation_fields(),
        )
        .await;
    let id = location(&response)
        .trim_start_matches("/organisaties/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let edit = format!("/organisaties/{id}/bewerken");
    let body = assert_status!(app.get(&edit).await, 200);
    assert!(body.contains(r#"value="Bewonersplatform De Horst""#));
    let response = app
        .post_form(
            &edit,
            &edit,
            &[
                ("name", ""),
                ("kind", "stichting"),
                ("district", "Noord"),
                ("description", "Nieuw"),
            ],
        )
        .await;
    let body = assert_status!(response, 422);
    assert!(
        body.contains(r#"value="Noord""#)
            && body.contains(r#"<option value="stichting" selected>"#)
    );
    let response = app
        .post_form(
            &edit,
            &edit,
            &[
                ("name", "Stichting De Horst"),
                ("kind", "stichting"),
                ("district", "Noord"),
                ("website", ""),
                ("description", "Nieuw"),
            ],
        )
        .await;
    assert_status!(response, 303);
    let (_, body) = app.get_text(&format!("/organisaties/{id}")).await;
    assert!(body.contains("<h1>Stichting De Horst</h1>") && !body.contains("dehorst.example.nl"));

    // Invitation form: the typed address and role come back with the message.
    let response = invite(&app, &id, "geen-adres", "editor").await;
    let body = assert_status!(response, 422);
    assert!(
        body.contains(r#"value="geen-adres""#)
            && body.contains(r#"<option value="editor" selected>"#)
    );
    assert!(body.contains(r##"href="#invite_email""##));
    let response = invite(&app, &id, "lid@example.nl", "").await;
    let response = assert_status!(response, 422);
    assert!(response.contains(r##"href="#invite_role""##));
    // Members and open invitations are not invited again.
    let response = invite(&app, &id, SECRETARY, "board").await;
    let response = assert_status!(response, 422);
    assert!(response.contains("al lid"));
    assert_status!(invite(&app, &id, "lid@example.nl", "board").await, 303);
    let response = invite(&app, &id, "LID@example.nl", "editor").await;
    let response = assert_status!(response, 422);
    assert!(response.contains("al een uitnodiging"));
    assert_eq!(app.count("organisation_invitations").await, 1);
}

async fn every_organisation_form_checks_the_token(app: TestApp) {
    let (id, secretary) = organisation_with_secretary(&app).await;
    let (_, board_id) = member(&app, &id, "bestuur@example.nl", MemberRole::Board).await;
    assert_status!(invite(&app, &id, "lid@example.nl", "board").await, 303);
    let link = mailed_link(&app, "lid@example.nl").await;
    let before = (
        app.count("organisations").await,
        app.count("organisation_members").await,
        app.count("organisation_invitations").await,
    );
    let routes = [
        "/organisaties/nieuw".to_owned(),
        format!("/organisaties/{id}/bewerken"),
        format!("/organisaties/{id}/verificatie"),
        format!("/organisaties/{id}/uitnodigingen"),
        format!("/organisaties/{id}/leden/{board_id}/rol"),
        format!("/organisaties/{id}/leden/{board_id}/verwijderen"),
        format!("/organisaties/{id}/secretaris"),
        format!("/organisaties/{id}/verlaten"),
        link.clone(),
    ];
    let fields = [
        ("name", "x"),
        ("kind", "stichting"),
        ("district", "x"),
        ("description", "x"),
        ("email", "x@example.nl"),
        ("role", "editor"),
        ("user_id", board_id.as_str()),
        ("action", "verify"),
    ];
    for route in &routes {
        let response = app.post_raw(route, &fields).await;
        assert_status!(response, 403, "{route} must refuse a form without token");
        let mut wrong = vec![("csrf_token", "00ff")];
        wrong.extend_from_slice(&fields);
        assert_status!(
            app.post_raw(route, &wrong).await,
            403,
            "{route} with a wrong token"
        );
    }
    let after = (
        app.count("organisations").await,
        app.count("organisation_members").await,
        app.count("organisation_invitations").await,
    );
    assert_eq!(before, after);
    assert_eq!(
        role_of(&app, &id, &secretary).await,
        Some(MemberRole::Secretary)
    );
}
