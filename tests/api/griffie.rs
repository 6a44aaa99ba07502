use crate::fixtures::{
    as_refs, consultation_fields, council_with_clerk_logged_in, create_consultation,
};
use crate::helpers::TestApp;
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    a_clerk_creates_and_opens_a_consultation,
    validation_errors_keep_what_was_typed,
    another_beslispunt_row_can_be_added_without_javascript,
    a_resident_cannot_run_consultations,
    anonymous_visitors_are_sent_to_log_in,
    a_clerk_of_one_council_cannot_touch_another,
    committees_and_members_are_managed_by_their_own_clerk
);

async fn a_clerk_creates_and_opens_a_consultation(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;

    let fields = consultation_fields(&committee);
    let response = app
        .post_form(
            "/griffie/lindeveld/consultaties/nieuw",
            "/griffie/lindeveld/consultaties",
            &as_refs(&fields),
        )
        .await;
    let created = assert_redirect!(response);
    assert!(
        created.ends_with("?melding=concept-opgeslagen"),
        "{created}"
    );
    let id = created
        .trim_start_matches("/griffie/consultaties/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let body = assert_status!(app.get(&created).await, 200);
    assert!(
        body.contains("Het concept is opgeslagen. Alleen de griffie ziet het."),
        "its own notice after creating"
    );
    assert!(!body.contains("De wijzigingen zijn opgeslagen."));
    assert!(body.contains("Concept") && body.contains("Wijkprogrammering"));
    assert!(
        body.contains("donderdag 10 december 2099 om 19:30 uur"),
        "meeting shown in Amsterdam time"
    );

    let response = app
        .post_form(
            &format!("/griffie/consultaties/{id}"),
            &format!("/griffie/consultaties/{id}/openen"),
            &[("code", "ONT")],
        )
        .await;
    assert_status!(response, 303);
    let public = app.second_browser();
    let body = assert_status!(public.get(&format!("/consultaties/{id}")).await, 200);
    assert!(body.contains("Open voor reacties"));
    assert!(body.contains("<h3>Inleiding</h3>") && body.contains("<strong>ontmoeting</strong>"));
    assert!(body.contains("Beslispunt 2: Beheer en exploitatie van wijkaccommodaties"));
    let (_, list) = public.get_text("/consultaties").await;
    assert!(list.contains("Beleidsnotitie Ontmoetingsplekken"));
    assert_eq!(app.count("decision_points").await, 2);
}

async fn validation_errors_keep_what_was_typed(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let mut fields = consultation_fields(&committee);
    fields[0].1 = String::new();
    fields[1].1 = "Een samenvatting met <tekens> & meer".into();
    fields[8].1 = "2099-12-31".into();
    let response = app
        .post_form(
            "/griffie/lindeveld/consultaties/nieuw",
            "/griffie/lindeveld/consultaties",
            &as_refs(&fields),
        )
        .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Controleer het formulier"));
    assert!(body.contains(r##"href="#title""##) && body.contains("Vul een titel in."));
    assert!(body.contains(r##"href="#deadline_date""##));
    assert!(
        body.contains("Een samenvatting met &lt;tekens&gt; &amp; meer"),
        "typed text is kept, escaped"
    );
    assert!(body.contains(r#"value="2099-12-31""#));
    assert!(body.contains("Per gebouw kiezen wie beheert."));
    assert_eq!(app.count("consultations").await, 0);
}

async fn another_beslispunt_row_can_be_added_without_javascript(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let mut fields = consultation_fields(&committee);
    fields.last_mut().unwrap().1 = "add_point".into();
    let response = app
        .post_form(
            "/griffie/lindeveld/consultaties/nieuw",
            "/griffie/lindeveld/consultaties",
            &as_refs(&fields),
        )
        .await;
    let body = assert_status!(response, 200);
    assert!(body.contains(r#"id="point_title_3""#));
    assert!(body.contains("Wijkprogrammering"));
    assert_eq!(app.count("consultations").await, 0);
}

async fn a_resident_cannot_run_consultations(app: TestApp) {
    let (_, committee) = app.create_council("lindeveld").await;
    app.create_user("inwoner@example.nl", false, None).await;
    app.login("inwoner@example.nl").await;
    assert_status!(app.get("/griffie").await, 403);
    assert_status!(app.get("/griffie/lindeveld/consultaties/nieuw").await, 403);
    let fields = consultation_fields(&committee);
    let response = app
        .post_form(
            "/account",
            "/griffie/lindeveld/consultaties",
            &as_refs(&fields),
        )
        .await;
    let response = assert_status!(response, 403);
    assert!(response.contains("Geen toegang"));
    assert_eq!(app.count("consultations").await, 0);
}

async fn anonymous_visitors_are_sent_to_log_in(app: TestApp) {
    app.create_council("lindeveld").await;
    for path in [
        "/griffie",
        "/griffie/lindeveld/consultaties/nieuw",
        "/griffie/lindeveld/commissies",
        "/beheer",
        "/account",
    ] {
        let response = app.get(path).await;
        let redirect = assert_redirect!(response, "{path}");
        assert!(redirect.starts_with("/account/inloggen?terug="), "{path}");
    }
}

async fn a_clerk_of_one_council_cannot_touch_another(app: TestApp) {
    let (_, committee_a) = app.create_council_with_clerk("noord").await;
    app.create_council_with_clerk("zuid").await;
    app.login("griffie@noord.nl").await;
    let id = create_consultation(&app, "noord", &committee_a).await;

    let intruder = app.second_browser();
    intruder.login("griffie@zuid.nl").await;
    assert_status!(
        intruder.get(&format!("/griffie/consultaties/{id}")).await,
        403
    );
    assert_status!(
        intruder
            .get(&format!("/griffie/consultaties/{id}/bewerken"))
            .await,
        403
    );
    let mut fields = consultation_fields(&committee_a);
    fields[0].1 = "Overgenomen".into();
    let response = intruder
        .post_form(
            "/griffie",
            &format!("/griffie/consultaties/{id}/bewerken"),
            &as_refs(&fields),
        )
        .await;
    assert_status!(response, 403);
    let response = intruder
        .post_form(
            "/griffie",
            &format!("/griffie/consultaties/{id}/openen"),
            &[("code", "ONT")],
        )
        .await;
    assert_status!(response, 403);
    // The confirmation pages are the council's griffie's too.
    for page in [
        "openen",
        "archiveren",
        "beantwoording/publiceren",
        "besluit",
    ] {
        assert_status!(
            intruder
                .get(&format!("/griffie/consultaties/{id}/{page}"))
                .await,
            403,
            "{page}"
        );
    }
    assert_status!(intruder.get("/griffie/noord/consultaties/nieuw").await, 403);
    assert_status!(intruder.get("/griffie/noord/commissies").await, 403);

    let (_, body) = app.get_text(&format!("/griffie/consultaties/{id}")).await;
    assert!(body.contains("Beleidsnotitie Ontmoetingsplekken") && body.contains("Concept"));
    // And an edit by the own clerk works.
    let response = app
        .post_form(
            &format!("/griffie/consultaties/{id}/bewerken"),
            &format!("/griffie/consultaties/{id}/bewerken"),
            &as_refs(&fields),
        )
        .await;
    assert_status!(response, 303);
    let (_, body) = app.get_text(&format!("/griffie/consultaties/{id}")).await;
    assert!(body.contains("Overgenomen"));
}

async fn committees_and_members_are_managed_by_their_own_clerk(app: TestApp) {
    app.create_council_with_clerk("lindeveld").await;
    app.create_council_with_clerk("elders").await;
    app.login("griffie@lindeveld.nl").await;

    let bad = app
        .post_form(
            "/griffie/lindeveld/commissies",
            "/griffie/lindeveld/commissies",
            &[("name", "Commissie Ruimte"), ("clerk_email", "geen adres")],
        )
        .await;
    let bad = assert_status!(bad, 422);
    assert!(bad.contains(r#"value="Commissie Ruimte""#));
    let response = app
        .post_form(
            "/griffie/lindeveld/commissies",
            "/griffie/lindeveld/commissies",
            &[
                ("name", "Commissie Ruimte"),
                ("clerk_email", "ruimte@lindeveld.nl"),
            ],
        )
        .await;
    assert_status!(response, 303);
    let (_, body) = app.get_text("/griffie/lindeveld/commissies").await;
    let start = body
        .find("/griffie/commissies/")
        .expect("link to a committee");
    let committee_path = body[start..].split('"').next().unwrap().to_owned();

    let response = app
        .post_form(
            &committee_path,
            &format!("{committee_path}/leden"),
            &[("name", "Raadslid Oost"), ("email", "oost@lindeveld.nl")],
        )
        .await;
    assert_status!(response, 303);
    let (_, body) = app.get_text(&committee_path).await;
    assert!(body.contains("Raadslid Oost") && body.contains("oost@lindeveld.nl"));
    assert_eq!(app.count("committee_members").await, 1);

    let intruder = app.second_browser();
    intruder.login("griffie@elders.nl").await;
    assert_status!(intruder.get(&committee_path).await, 403);
    let response = intruder
        .post_form(
            "/griffie",
            &format!("{committee_path}/leden"),
            &[("name", "Indringer"), ("email", "x@example.nl")],
        )
        .await;
    assert_status!(response, 403);
    assert_eq!(app.count("committee_members").await, 1);

    let remove_start = body.find("/leden/").expect("remove form");
    let member_id = body[remove_start + 7..]
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let remove = format!("{committee_path}/leden/{member_id}/verwijderen");
    assert_status!(intruder.post_form("/griffie", &remove, &[]).await, 403);
    assert_status!(app.post_form(&committee_path, &remove, &[]).await, 303);
    assert_eq!(app.count("committee_members").await, 0);
}
