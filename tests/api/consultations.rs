use diesel::prelude::*;
use inspraak::db::schema::consultations;
use inspraak::domain::account::CouncilRole;

use crate::both_backends;
use crate::griffie::{consultation_fields, create_consultation};
use crate::helpers::{TestApp, location};

/// Moves a consultation's deadline, as if time had passed.
async fn set_deadline(app: &TestApp, id: &str, deadline: chrono::NaiveDateTime) {
    let id = id.to_owned();
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&id))
                .set(consultations::deadline_at.eq(deadline))
                .execute(conn)
                .map_err(inspraak::db::DbError::from)
        })
        .await
        .unwrap();
}

both_backends! {
    async fn concepts_are_invisible_to_the_public(app: TestApp) {
        let (council, committee) = app.create_council("lindeveld").await;
        app.create_user("griffie@lindeveld.nl", false, Some((&council, CouncilRole::Clerk))).await;
        app.login("griffie@lindeveld.nl").await;
        let id = create_consultation(&app, "lindeveld", &committee).await;
        let path = format!("/consultaties/{id}");

        assert_eq!(app.get(&path).await.status().as_u16(), 200, "the griffie sees its concept");
        let anonymous = app.second_browser();
        let (status, body) = anonymous.get_text(&path).await;
        assert_eq!(status, 404);
        assert!(body.contains("Pagina niet gevonden"));
        let (_, list) = anonymous.get_text("/consultaties").await;
        assert!(!list.contains("Beleidsnotitie Ontmoetingsplekken"));

        let resident = app.second_browser();
        app.create_user("inwoner@example.nl", false, None).await;
        resident.login("inwoner@example.nl").await;
        assert_eq!(resident.get(&path).await.status().as_u16(), 404);
        let (other_council, _) = app.create_council("elders").await;
        app.create_user("raad@example.nl", false, Some((&other_council, CouncilRole::Clerk))).await;
        let other_clerk = app.second_browser();
        other_clerk.login("raad@example.nl").await;
        assert_eq!(other_clerk.get(&path).await.status().as_u16(), 404);
    }

    async fn a_consultation_past_its_deadline_shows_closed_and_cannot_change(app: TestApp) {
        let (council, committee) = app.create_council("lindeveld").await;
        app.create_user("griffie@lindeveld.nl", false, Some((&council, CouncilRole::Clerk))).await;
        app.login("griffie@lindeveld.nl").await;
        let id = create_consultation(&app, "lindeveld", &committee).await;
        let manage = format!("/griffie/consultaties/{id}");
        assert_eq!(app.post_form(&manage, &format!("{manage}/openen"), &[]).await.status().as_u16(), 303);
        let (_, body) = app.get_text(&format!("/consultaties/{id}")).await;
        assert!(body.contains("Open voor reacties"));

        set_deadline(&app, &id, inspraak::domain::time::now_utc() - chrono::Duration::minutes(1)).await;
        let (status, body) = app.second_browser().get_text(&format!("/consultaties/{id}")).await;
        assert_eq!(status, 200);
        assert!(body.contains("badge--closed") && body.contains("Deze inspraakronde is gesloten"));

        let fields = consultation_fields(&committee);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = app.post_form(&manage, &format!("{manage}/bewerken"), &refs).await;
        assert_eq!(response.status().as_u16(), 409);
        assert!(response.text().await.unwrap().contains("kan niet meer worden gewijzigd"));

        let response = app.post_form(&manage, &format!("{manage}/archiveren"), &[]).await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(location(&response), format!("{manage}?melding=gearchiveerd"));
        let (_, body) = app.get_text(&format!("/consultaties/{id}")).await;
        assert!(body.contains("Gearchiveerd"));
    }

    async fn opening_needs_a_deadline_in_the_future(app: TestApp) {
        let (council, committee) = app.create_council("lindeveld").await;
        app.create_user("griffie@lindeveld.nl", false, Some((&council, CouncilRole::Clerk))).await;
        app.login("griffie@lindeveld.nl").await;
        let id = create_consultation(&app, "lindeveld", &committee).await;
        set_deadline(&app, &id, inspraak::domain::time::now_utc() - chrono::Duration::hours(1)).await;
        let manage = format!("/griffie/consultaties/{id}");
        let response = app.post_form(&manage, &format!("{manage}/openen"), &[]).await;
        assert_eq!(response.status().as_u16(), 409);
        assert!(response.text().await.unwrap().contains("De sluitingsdatum is al voorbij"));
        assert_eq!(app.second_browser().get(&format!("/consultaties/{id}")).await.status().as_u16(), 404);
    }

    async fn unknown_consultations_are_not_found(app: TestApp) {
        let (status, body) = app.get_text("/consultaties/bestaat-niet").await;
        assert_eq!(status, 404);
        assert!(body.contains("Pagina niet gevonden"));
    }
}
