use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, councils};
use inspraak::domain::account::CouncilRole;
use inspraak::domain::time::now_utc;

use crate::both_backends;
use crate::helpers::{TestApp, location};
use crate::reactions::{World, reaction_fields, start_draft, world};

/// A submitted reaction of the organisation in `w`; returns its id.
pub async fn submitted(w: &World, title: &str) -> String {
    let id = start_draft(&w.secretary, &w.consultation, Some(&w.organisation), title).await;
    let edit = format!("/reacties/{id}/bewerken");
    w.secretary
        .post_form(&edit, &edit, &reaction_fields("1", &w.points, title))
        .await;
    let submit = format!("/reacties/{id}/indienen");
    assert_eq!(
        w.secretary
            .post_form(&submit, &submit, &[("version", "2"), ("consent", "1")])
            .await
            .status()
            .as_u16(),
        303
    );
    id
}

async fn ask(browser: &TestApp, reaction: &str, name: &str, email: &str) -> reqwest::Response {
    let path = format!("/reacties/{reaction}/inspreken");
    browser
        .post_form(
            &format!("/reacties/{reaction}"),
            &path,
            &[
                ("speaker_name", name),
                ("on_behalf", "Bewonersplatform De Horst"),
                ("contact_email", email),
                ("decision_point", ""),
                ("written_text", "Voorzitter, leden van de commissie ..."),
            ],
        )
        .await
}

async fn decide(
    app: &TestApp,
    consultation: &str,
    nth: usize,
    decision: &str,
    reason: &str,
) -> reqwest::Response {
    let list = format!("/griffie/consultaties/{consultation}/sprekers");
    let (_, page) = app.get_text(&list).await;
    let action = page
        .match_indices("/griffie/inspreekverzoeken/")
        .nth(nth)
        .map(|(at, _)| page[at..].split('"').next().unwrap().to_owned())
        .expect("a decision form");
    let row = (nth + 1).to_string();
    app.post_form(
        &list,
        &action,
        &[("decision", decision), ("reason", reason), ("row", &row)],
    )
    .await
}

both_backends! {
    async fn speakers_ask_the_griffie_decides_and_time_is_shared_out(app: TestApp) {
        let w = world(&app).await;
        let reaction = submitted(&w, "Houd De Schakel open").await;
        // 5 minutes each, 8 minutes in all: two speakers get 4 each.
        app.db.write(|conn| {
            diesel::update(councils::table).set((councils::minutes_per_speaker.eq(5), councils::total_speaking_minutes.eq(8))).execute(conn).map_err(DbError::from)
        }).await.unwrap();

        let (status, form) = w.secretary.get_text(&format!("/reacties/{reaction}/inspreken")).await;
        assert_eq!(status, 200);
        assert!(form.contains("Iedere spreker krijgt 5 minuten"));
        assert_eq!(ask(&w.secretary, &reaction, "Anna de Secretaris", "anna@horst.nl").await.status().as_u16(), 303);
        assert_eq!(ask(&w.editor, &reaction, "Bram de Schrijver", "bram@horst.nl").await.status().as_u16(), 303);
        assert_eq!(ask(&w.editor, &reaction, "Cor Derde", "cor@horst.nl").await.status().as_u16(), 303);
        let bad = ask(&w.editor, &reaction, "", "geen adres").await;
        assert_eq!(bad.status().as_u16(), 422);
        assert!(bad.text().await.unwrap().contains("Voorzitter, leden van de commissie"), "typed text kept");

        let (status, list) = app.get_text(&format!("/griffie/consultaties/{}/sprekers", w.consultation)).await;
        assert_eq!(status, 200);
        let (anna, bram, cor) = (list.find("Anna de Secretaris").unwrap(), list.find("Bram de Schrijver").unwrap(), list.find("Cor Derde").unwrap());
        assert!(anna < bram && bram < cor, "in the order they came in");

        assert_eq!(decide(&app, &w.consultation, 0, "accept", "").await.status().as_u16(), 303);
        assert_eq!(decide(&app, &w.consultation, 1, "accept", "").await.status().as_u16(), 303);
        let refused = decide(&app, &w.consultation, 2, "decline", "").await;
        assert_eq!(refused.status().as_u16(), 422);
        assert!(refused.text().await.unwrap().contains("Schrijf op waarom"));
        assert_eq!(decide(&app, &w.consultation, 2, "decline", "De sprekerslijst is vol; uw schriftelijke reactie telt mee.").await.status().as_u16(), 303);

        let mails = app.deliver_mail().await;
        // The decisions, apart from the confirmation each speaker got of their request.
        let to = |address: &str| mails.iter().filter(|m| m.to == address && !m.subject.starts_with("Ontvangen: uw verzoek")).map(|m| m.text.clone()).collect::<Vec<_>>();
        let anna_mails = to("anna@horst.nl");
        assert_eq!(anna_mails.len(), 2, "accepted with 5 minutes, then told it became 4");
        assert!(anna_mails.iter().any(|t| t.contains("U krijgt 5 minuten spreektijd")));
        assert!(anna_mails.iter().any(|t| t.contains("U krijgt nu 4 minuten spreektijd")));
        assert_eq!(to("bram@horst.nl").len(), 1);
        assert!(to("bram@horst.nl")[0].contains("U krijgt 4 minuten spreektijd"));
        assert!(to("cor@horst.nl")[0].contains("De sprekerslijst is vol"));

        let (_, page) = w.secretary.get_text(&format!("/reacties/{reaction}")).await;
        assert!(page.contains("Geaccepteerd") && page.contains("4 minuten spreektijd"));
    }

    async fn only_writers_of_a_submitted_reaction_ask_and_only_its_griffie_decides(app: TestApp) {
        let w = world(&app).await;
        let reaction = submitted(&w, "Houd De Schakel open").await;
        let draft = start_draft(&w.secretary, &w.consultation, Some(&w.organisation), "Nog een concept").await;
        app.create_user("buiten@example.nl", false, None).await;
        let outsider = app.second_browser();
        outsider.login("buiten@example.nl").await;
        assert_eq!(outsider.get(&format!("/reacties/{reaction}/inspreken")).await.status().as_u16(), 403);
        assert_eq!(ask(&outsider, &reaction, "Indringer", "x@example.nl").await.status().as_u16(), 403);
        assert_eq!(w.secretary.get(&format!("/reacties/{draft}/inspreken")).await.status().as_u16(), 409);
        let anonymous = app.second_browser();
        assert!(location(&anonymous.get(&format!("/reacties/{reaction}/inspreken")).await).starts_with("/account/inloggen"));
        assert_eq!(ask(&w.secretary, &reaction, "Anna", "anna@horst.nl").await.status().as_u16(), 303);
        assert_eq!(app.count("speaking_requests").await, 1);

        let list = format!("/griffie/consultaties/{}/sprekers", w.consultation);
        let (other_council, _) = app.create_council("elders").await;
        app.create_user("griffie@elders.nl", false, Some((&other_council, CouncilRole::Clerk))).await;
        let other_clerk = app.second_browser();
        other_clerk.login("griffie@elders.nl").await;
        assert_eq!(other_clerk.get(&list).await.status().as_u16(), 403);
        assert_eq!(w.secretary.get(&list).await.status().as_u16(), 403);
        let (_, page) = app.get_text(&list).await;
        let action = page.match_indices("/griffie/inspreekverzoeken/").next().map(|(at, _)| page[at..].split('"').next().unwrap().to_owned()).unwrap();
        assert_eq!(other_clerk.post_form("/griffie", &action, &[("decision", "accept"), ("row", "1")]).await.status().as_u16(), 403);
        assert_eq!(app.post_raw(&action, &[("decision", "accept"), ("row", "1")]).await.status().as_u16(), 403, "no CSRF token");
        assert_eq!(w.secretary.post_raw(&format!("/reacties/{reaction}/inspreken"), &[("speaker_name", "x")]).await.status().as_u16(), 403);
        let (_, page) = app.get_text(&list).await;
        assert!(page.contains("Wacht op de griffie"));
        let to_anna: Vec<String> = app.deliver_mail().await.into_iter().filter(|m| m.to == "anna@horst.nl").map(|m| m.subject).collect();
        assert_eq!(to_anna, ["Ontvangen: uw verzoek om in te spreken bij de Commissie Samenleving"], "a confirmation, no decision yet");
    }

    async fn registration_closes_the_set_number_of_hours_before_the_meeting(app: TestApp) {
        let w = world(&app).await;
        let reaction = submitted(&w, "Houd De Schakel open").await;
        // The meeting is in 23 hours; the council closes registration 24 hours before.
        let (consultation, meeting) = (w.consultation.clone(), now_utc() + Duration::hours(23));
        app.db.write(move |conn| {
            diesel::update(consultations::table.find(&consultation)).set(consultations::meeting_at.eq(meeting)).execute(conn).map_err(DbError::from)
        }).await.unwrap();
        let (status, body) = w.secretary.get_text(&format!("/reacties/{reaction}/inspreken")).await;
        assert_eq!(status, 409);
        assert!(body.contains("de termijn voor deze vergadering is voorbij"));
        assert_eq!(ask(&w.secretary, &reaction, "Anna", "anna@horst.nl").await.status().as_u16(), 409);
        assert_eq!(app.count("speaking_requests").await, 0);
    }
}
