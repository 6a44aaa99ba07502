use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, councils, users};
use inspraak::domain::account::CouncilRole;
use inspraak::domain::time::now_utc;

use crate::fixtures::{individual_reaction_by, resident, start_draft, submitted, world};
use crate::helpers::{TestApp, location};
use crate::{assert_status, both_backends};

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

both_backends!(
    speakers_ask_the_griffie_decides_and_time_is_shared_out,
    only_writers_of_a_submitted_reaction_ask_and_only_its_griffie_decides,
    registration_closes_the_set_number_of_hours_before_the_meeting
);

async fn speakers_ask_the_griffie_decides_and_time_is_shared_out(app: TestApp) {
    let w = world(&app).await;
    let reaction = submitted(&w, "Houd De Schakel open").await;
    // 5 minutes each, 8 minutes in all: two speakers get 4 each.
    app.db
        .write(|conn| {
            diesel::update(councils::table)
                .set((
                    councils::minutes_per_speaker.eq(5),
                    councils::total_speaking_minutes.eq(8),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();

    let form = assert_status!(
        w.secretary
            .get(&format!("/reacties/{reaction}/inspreken"))
            .await,
        200
    );
    assert!(form.contains("Iedere spreker krijgt 5 minuten"));
    assert_status!(
        ask(
            &w.secretary,
            &reaction,
            "Anna de Secretaris",
            "anna@horst.nl"
        )
        .await,
        303
    );
    assert_status!(
        ask(&w.editor, &reaction, "Bram de Schrijver", "bram@horst.nl").await,
        303
    );
    assert_status!(
        ask(&w.editor, &reaction, "Cor Derde", "cor@horst.nl").await,
        303
    );
    let bad = ask(&w.editor, &reaction, "", "geen adres").await;
    let bad = assert_status!(bad, 422);
    assert!(
        bad.contains("Voorzitter, leden van de commissie"),
        "typed text kept"
    );

    let list = assert_status!(
        app.get(&format!(
            "/griffie/consultaties/{}/sprekers",
            w.consultation
        ))
        .await,
        200
    );
    let (anna, bram, cor) = (
        list.find("Anna de Secretaris").unwrap(),
        list.find("Bram de Schrijver").unwrap(),
        list.find("Cor Derde").unwrap(),
    );
    assert!(anna < bram && bram < cor, "in the order they came in");

    assert_status!(decide(&app, &w.consultation, 0, "accept", "").await, 303);
    assert_status!(decide(&app, &w.consultation, 1, "accept", "").await, 303);
    let refused = decide(&app, &w.consultation, 2, "decline", "").await;
    let refused = assert_status!(refused, 422);
    assert!(refused.contains("Schrijf op waarom"));
    assert_status!(
        decide(
            &app,
            &w.consultation,
            2,
            "decline",
            "De sprekerslijst is vol; uw schriftelijke reactie telt mee."
        )
        .await,
        303
    );

    let mails = app.deliver_mail().await;
    // The decisions, apart from the confirmation each speaker got of their request.
    let to = |address: &str| {
        mails
            .iter()
            .filter(|m| m.to == address && !m.subject.starts_with("Ontvangen: uw verzoek"))
            .map(|m| m.text.clone())
            .collect::<Vec<_>>()
    };
    let anna_mails = to("anna@horst.nl");
    assert_eq!(
        anna_mails.len(),
        2,
        "accepted with 5 minutes, then told it became 4"
    );
    assert!(
        anna_mails
            .iter()
            .any(|t| t.contains("U krijgt 5 minuten spreektijd"))
    );
    assert!(
        anna_mails
            .iter()
            .any(|t| t.contains("U krijgt nu 4 minuten spreektijd"))
    );
    assert_eq!(to("bram@horst.nl").len(), 1);
    assert!(to("bram@horst.nl")[0].contains("U krijgt 4 minuten spreektijd"));
    assert!(to("cor@horst.nl")[0].contains("De sprekerslijst is vol"));

    let (_, page) = w.secretary.get_text(&format!("/reacties/{reaction}")).await;
    assert!(page.contains("Geaccepteerd") && page.contains("4 minuten spreektijd"));
}

async fn only_writers_of_a_submitted_reaction_ask_and_only_its_griffie_decides(app: TestApp) {
    let w = world(&app).await;
    let reaction = submitted(&w, "Houd De Schakel open").await;
    let draft = start_draft(
        &w.secretary,
        &w.consultation,
        Some(&w.organisation),
        "Nog een concept",
    )
    .await;
    let outsider = resident(&app, "buiten@example.nl").await;
    assert_status!(
        outsider
            .get(&format!("/reacties/{reaction}/inspreken"))
            .await,
        403
    );
    assert_status!(
        ask(&outsider, &reaction, "Indringer", "x@example.nl").await,
        403
    );
    assert_status!(
        w.secretary
            .get(&format!("/reacties/{draft}/inspreken"))
            .await,
        409
    );
    let anonymous = app.second_browser();
    assert!(
        location(
            &anonymous
                .get(&format!("/reacties/{reaction}/inspreken"))
                .await
        )
        .starts_with("/account/inloggen")
    );
    assert_status!(
        ask(&w.secretary, &reaction, "Anna", "anna@horst.nl").await,
        303
    );
    assert_eq!(app.count("speaking_requests").await, 1);

    let list = format!("/griffie/consultaties/{}/sprekers", w.consultation);
    app.create_council_with_clerk("elders").await;
    let other_clerk = app.second_browser();
    other_clerk.login("griffie@elders.nl").await;
    assert_status!(other_clerk.get(&list).await, 403);
    assert_status!(w.secretary.get(&list).await, 403);
    let (_, page) = app.get_text(&list).await;
    let action = page
        .match_indices("/griffie/inspreekverzoeken/")
        .next()
        .map(|(at, _)| page[at..].split('"').next().unwrap().to_owned())
        .unwrap();
    assert_status!(
        other_clerk
            .post_form("/griffie", &action, &[("decision", "accept"), ("row", "1")])
            .await,
        403
    );
    assert_status!(
        app.post_raw(&action, &[("decision", "accept"), ("row", "1")])
            .await,
        403,
        "no CSRF token"
    );
    assert_status!(
        w.secretary
            .post_raw(
                &format!("/reacties/{reaction}/inspreken"),
                &[("speaker_name", "x")]
            )
            .await,
        403
    );
    let (_, page) = app.get_text(&list).await;
    assert!(page.contains("Wacht op de griffie"));
    let to_anna: Vec<String> = app
        .deliver_mail()
        .await
        .into_iter()
        .filter(|m| m.to == "anna@horst.nl")
        .map(|m| m.subject)
        .collect();
    assert_eq!(
        to_anna,
        ["Ontvangen: uw verzoek om in te spreken bij de Commissie Samenleving"],
        "a confirmation, no decision yet"
    );
}

async fn registration_closes_the_set_number_of_hours_before_the_meeting(app: TestApp) {
    let w = world(&app).await;
    let reaction = submitted(&w, "Houd De Schakel open").await;
    // The meeting is in 23 hours; the council closes registration 24 hours before.
    let (consultation, meeting) = (w.consultation.clone(), now_utc() + Duration::hours(23));
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&consultation))
                .set(consultations::meeting_at.eq(meeting))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let body = assert_status!(
        w.secretary
            .get(&format!("/reacties/{reaction}/inspreken"))
            .await,
        409
    );
    assert!(body.contains("de termijn voor deze vergadering is voorbij"));
    assert_status!(
        ask(&w.secretary, &reaction, "Anna", "anna@horst.nl").await,
        409
    );
    assert_eq!(app.count("speaking_requests").await, 0);
}

/// Renames a user, so that a name in a page can only come from them.
async fn rename(app: &TestApp, email: &'static str, name: &'static str) {
    app.db
        .write(move |conn| {
            diesel::update(users::table.filter(users::email.eq(email)))
                .set(users::display_name.eq(name))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
}

async fn ask_with(browser: &TestApp, reaction: &str, fields: &[(&str, &str)]) {
    let path = format!("/reacties/{reaction}/inspreken");
    let response = browser.post_form(&path, &path, fields).await;
    assert_status!(response, 303);
}

both_backends!(council_members_see_speakers_and_written_contributions_and_the_public_does_not);

async fn council_members_see_speakers_and_written_contributions_and_the_public_does_not(
    app: TestApp,
) {
    let w = world(&app).await;
    rename(&app, "secretaris@horst.nl", "Anna de Secretaris").await;
    let organisation = submitted(&w, "Houd De Schakel open").await;
    let individual =
        individual_reaction_by(&app, &w, "stil@example.nl", "Koffieochtend op dinsdag").await;
    rename(&app, "stil@example.nl", "Mevrouw Stil").await;
    let resident = app.second_browser();
    resident.login("stil@example.nl").await;
    ask_with(
        &w.secretary,
        &organisation,
        &[
            ("speaker_name", "Anna de Secretaris"),
            ("on_behalf", "Bewonersplatform De Horst"),
            ("contact_email", "anna@horst.nl"),
            ("decision_point", &w.points[1]),
            (
                "written_text",
                "Voorzitter, De Schakel is het hart van de wijk.",
            ),
        ],
    )
    .await;
    ask_with(
        &resident,
        &individual,
        &[
            ("speaker_name", "Mevrouw Stil"),
            ("on_behalf", "Mevrouw Stil"),
            ("contact_email", "stil@example.nl"),
            ("decision_point", ""),
            ("written_text", "Ik kom elke dinsdag voor de koffie."),
        ],
    )
    .await;
    assert_status!(decide(&app, &w.consultation, 0, "accept", "").await, 303);

    let council = {
        let id = w.consultation.clone();
        app.db
            .read(move |conn| {
                consultations::table
                    .find(&id)
                    .select(consultations::council_id)
                    .first::<String>(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    app.create_user(
        "raadslid@lindeveld.nl",
        false,
        Some((&council, CouncilRole::CouncilMember)),
    )
    .await;
    let member = app.second_browser();
    member.login("raadslid@lindeveld.nl").await;
    let overview = format!("/consultaties/{}/overzicht", w.consultation);
    let page = assert_status!(member.get(&overview).await, 200);
    for expected in [
        "<caption>Insprekers in de vergadering</caption>",
        "Anna de Secretaris",
        "Bewonersplatform De Horst",
        "Beslispunt 2:",
        "Mevrouw Stil",
        "De notitie als geheel",
        "Schriftelijke inspreekbijdragen",
        "De Schakel is het hart van de wijk.",
        "Ik kom elke dinsdag voor de koffie.",
    ] {
        assert!(
            page.contains(expected),
            "{expected} on the member's overview"
        );
    }
    assert!(page.contains(&format!("href=\"/reacties/{organisation}\"")));
    assert!(
        !page.contains("anna@horst.nl") && !page.contains("stil@example.nl"),
        "no addresses"
    );
    assert_eq!(
        app.get_text(&overview).await.0,
        200,
        "the clerk sees it too"
    );
    assert!(
        app.get_text(&overview)
            .await
            .1
            .contains("Ik kom elke dinsdag voor de koffie.")
    );

    // A resident, a visitor and another council's member see the public overview.
    let (elders, _) = app.create_council("elders").await;
    app.create_user(
        "raadslid@elders.nl",
        false,
        Some((&elders, CouncilRole::CouncilMember)),
    )
    .await;
    let stranger = app.second_browser();
    stranger.login("raadslid@elders.nl").await;
    let neighbour = app.second_browser();
    neighbour.login("schrijver@horst.nl").await;
    for browser in [&stranger, &neighbour, &app.second_browser()] {
        let page = assert_status!(browser.get(&overview).await, 200);
        for secret in [
            "Insprekers in de vergadering",
            "Mevrouw Stil",
            "De Schakel is het hart van de wijk.",
            "Ik kom elke dinsdag",
            "Anna de Secretaris",
        ] {
            assert!(!page.contains(secret), "{secret} on the public overview");
        }
        assert!(
            page.contains("indiener 2"),
            "the private speaker as the list names her"
        );
        let full = format!(
            "/consultaties/{}/export/volledig/inspraak.json",
            w.consultation
        );
        let response = browser.get(&full).await;
        assert!(
            matches!(response.status().as_u16(), 303 | 403),
            "no full export"
        );
    }

    // The full exports carry them, and the board member who submitted; the public ones never.
    let (_, schema) = app.get_text("/export/schema/v1.json").await;
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let full = member
        .get(&format!(
            "/consultaties/{}/export/volledig/inspraak.json",
            w.consultation
        ))
        .await
        .text()
        .await
        .unwrap();
    let document: serde_json::Value = serde_json::from_str(&full).unwrap();
    assert!(
        jsonschema::is_valid(&schema, &document),
        "the full export follows the schema"
    );
    let with_text = document["speaking_requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["speaker"] == "Anna de Secretaris")
        .unwrap();
    assert_eq!(
        with_text["written_contribution"],
        "Voorzitter, De Schakel is het hart van de wijk."
    );
    let reaction = document["reactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Houd De Schakel open")
        .unwrap();
    assert_eq!(reaction["submitted_by"], "Anna de Secretaris");
    let public = app
        .second_browser()
        .get(&format!(
            "/consultaties/{}/export/inspraak.json",
            w.consultation
        ))
        .await
        .text()
        .await
        .unwrap();
    let document: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert!(jsonschema::is_valid(&schema, &document));
    for secret in [
        "Anna de Secretaris",
        "Mevrouw Stil",
        "written_contribution",
        "submitted_by",
        "dinsdag voor de koffie",
    ] {
        assert!(!public.contains(secret), "{secret} in the public JSON");
    }
    let csv = member
        .get(&format!(
            "/consultaties/{}/export/volledig/reacties.csv",
            w.consultation
        ))
        .await
        .text()
        .await
        .unwrap();
    // The full version's first line is the personal-data notice; the header follows.
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains("ingediend namens het bestuur door")
    );
    assert!(csv.contains("Anna de Secretaris"));
    let public_csv = app
        .second_browser()
        .get(&format!(
            "/consultaties/{}/export/reacties.csv",
            w.consultation
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !public_csv.contains("ingediend namens het bestuur door")
            && !public_csv.contains("Anna de Secretaris")
    );
    let workbook = member
        .get(&format!(
            "/consultaties/{}/export/volledig/inspraak.xlsx",
            w.consultation
        ))
        .await
        .bytes()
        .await
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook.to_vec())).unwrap();
    let mut all = String::new();
    for index in 0..archive.len() {
        std::io::Read::read_to_string(&mut archive.by_index(index).unwrap(), &mut all).ok();
    }
    assert!(
        all.contains("schriftelijke bijdrage")
            && all.contains("Ik kom elke dinsdag voor de koffie.")
    );
    let bundle = member
        .get(&format!(
            "/consultaties/{}/export/volledig/agendabundel.pdf",
            w.consultation
        ))
        .await;
    assert_eq!(bundle.status().as_u16(), 200);
    assert!(bundle.bytes().await.unwrap().starts_with(b"%PDF-"));
}
