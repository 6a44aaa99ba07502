use inspraak::domain::account::CouncilRole;
use inspraak::domain::id::{ConsultationId, UserId};

use crate::fixtures::{
    as_refs, close, consultation_fields, council_with_clerk_logged_in, create_consultation,
    open_consultation, open_round,
};
use crate::helpers::TestApp;
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(
    a_busy_consultation_lists_its_reactions_in_pages,
    the_page_anonymous_visitors_share_never_carries_the_griffie_s_links,
    concepts_are_invisible_to_the_public,
    a_consultation_past_its_deadline_shows_closed_and_cannot_change,
    opening_needs_a_deadline_in_the_future,
    unknown_consultations_are_not_found
);

async fn a_busy_consultation_lists_its_reactions_in_pages(app: TestApp) {
    let w = crate::fixtures::world(&app).await;
    let author = UserId::from(app.create_user("veel@example.nl", false, None).await);
    let consultation = ConsultationId::from(w.consultation.clone());
    app.db
        .write(move |conn| {
            use inspraak::db::reactions::{self, Submission};
            use inspraak::domain::reaction::ReactionContent;
            let now = inspraak::domain::time::now_utc();
            for n in 0..30 {
                let content = ReactionContent {
                    title: format!("Reactie nummer {n:02}"),
                    ..ReactionContent::default()
                };
                let id = reactions::insert_draft(
                    conn,
                    &consultation,
                    None,
                    &author,
                    &content,
                    now + chrono::Duration::seconds(n),
                )?;
                let draft = reactions::find_reaction(conn, &id)?.expect("inserted");
                reactions::submit(
                    conn,
                    &draft,
                    1,
                    &Submission {
                        submitted_by: &author,
                        submitted_by_name: "Inwoner",
                    },
                    now + chrono::Duration::seconds(n),
                )?;
            }
            Ok::<_, inspraak::db::DbError>(())
        })
        .await
        .unwrap();
    let path = format!("/consultaties/{}", w.consultation);
    let (_, first) = app.get_text(&path).await;
    assert!(first.contains("30 ingediende reacties"));
    assert!(first.contains("Pagina 1 van 2"));
    assert_eq!(first.matches("Reactie nummer").count(), 25);
    assert!(first.contains("Reactie nummer 29"), "newest first");
    let second = assert_status!(app.get(&format!("{path}?pagina=2")).await, 200);
    assert_eq!(second.matches("Reactie nummer").count(), 5);
    assert!(second.contains("Reactie nummer 00"));
    assert!(second.contains(&format!(
        "/consultaties/{}?pagina=1#reacties",
        w.consultation
    )));
    assert_status!(
        app.get(&format!("{path}?volgorde=steun&pagina=2")).await,
        200
    );
    assert_status!(app.get(&format!("{path}?pagina=3")).await, 404);
}

async fn the_page_anonymous_visitors_share_never_carries_the_griffie_s_links(app: TestApp) {
    let id = open_round(&app).await;
    let path = format!("/consultaties/{id}");
    let anonymous = app.second_browser();
    // The clerk first, then anonymous visitors (the second one served from the cache),
    // then the clerk again: each gets the page meant for them.
    let (_, clerk) = app.get_text(&path).await;
    assert!(clerk.contains("Beheren als griffie"));
    for _ in 0..2 {
        let public = assert_status!(anonymous.get(&path).await, 200);
        assert!(public.contains("Open voor reacties"));
        assert!(
            !public.contains("Beheren als griffie"),
            "a clerk's page is never shared"
        );
    }
    let (_, clerk) = app.get_text(&path).await;
    assert!(
        clerk.contains("Beheren als griffie"),
        "the shared page is never a clerk's"
    );
}

async fn concepts_are_invisible_to_the_public(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let id = create_consultation(&app, "lindeveld", &committee).await;
    let path = format!("/consultaties/{id}");

    assert_status!(app.get(&path).await, 200, "the griffie sees its concept");
    let anonymous = app.second_browser();
    let body = assert_status!(anonymous.get(&path).await, 404);
    assert!(body.contains("Pagina niet gevonden"));
    let (_, list) = anonymous.get_text("/consultaties").await;
    assert!(!list.contains("Beleidsnotitie Ontmoetingsplekken"));

    let resident = app.second_browser();
    app.create_user("inwoner@example.nl", false, None).await;
    resident.login("inwoner@example.nl").await;
    assert_status!(resident.get(&path).await, 404);
    let (other_council, _) = app.create_council("elders").await;
    app.create_user(
        "raad@example.nl",
        false,
        Some((&other_council, CouncilRole::Clerk)),
    )
    .await;
    let other_clerk = app.second_browser();
    other_clerk.login("raad@example.nl").await;
    assert_status!(other_clerk.get(&path).await, 404);
}

async fn a_consultation_past_its_deadline_shows_closed_and_cannot_change(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let id = create_consultation(&app, "lindeveld", &committee).await;
    let manage = format!("/griffie/consultaties/{id}");
    open_consultation(&app, &id, "ONT").await;
    let (_, body) = app.get_text(&format!("/consultaties/{id}")).await;
    assert!(body.contains("Open voor reacties"));

    close(&app, &id).await;
    // Changed behind the server's back: its page is kept for a second.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let body = assert_status!(
        app.second_browser()
            .get(&format!("/consultaties/{id}"))
            .await,
        200
    );
    assert!(body.contains("badge--closed") && body.contains("Deze inspraakronde is gesloten"));

    let fields = consultation_fields(&committee);
    let refs = as_refs(&fields);
    let response = app
        .post_form(&manage, &format!("{manage}/bewerken"), &refs)
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("kan niet meer worden gewijzigd"));

    let response = app
        .post_form(&manage, &format!("{manage}/archiveren"), &[])
        .await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, format!("{manage}?melding=gearchiveerd"));
    let (_, body) = app.get_text(&format!("/consultaties/{id}")).await;
    assert!(body.contains("Gearchiveerd"));
}

async fn opening_needs_a_deadline_in_the_future(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let id = create_consultation(&app, "lindeveld", &committee).await;
    let deadline = crate::fixtures::deadline_of(&app, &id).await;
    app.advance_clock_and_log_in_again(deadline - app.now() + chrono::Duration::hours(1))
        .await;
    let manage = format!("/griffie/consultaties/{id}");
    let response = app
        .post_form(&manage, &format!("{manage}/openen"), &[("code", "ONT")])
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("De sluitingsdatum is al voorbij"));
    assert_status!(
        app.second_browser()
            .get(&format!("/consultaties/{id}"))
            .await,
        404
    );
}

async fn unknown_consultations_are_not_found(app: TestApp) {
    let body = assert_status!(app.get("/consultaties/bestaat-niet").await, 404);
    assert!(body.contains("Pagina niet gevonden"));
}
