//! Open data: the Atom feed and JSON list per council, and the iCalendar file per
//! committee meeting; only public rounds, only the council's own.

use inspraak::domain::id::{ConsultationId, UserId};

use crate::fixtures::{
    consultation_fields, council_with_clerk_logged_in, create_consultation_from, open_consultation,
};
use crate::helpers::TestApp;
use crate::{assert_status, both_backends};

/// Creates a concept as the logged-in clerk, with its own title and meeting moment
/// (Amsterdam time), and returns its id.
async fn concept(app: &TestApp, committee: &str, title: &str, meeting: (&str, &str)) -> String {
    let mut fields = consultation_fields(committee);
    for (name, value) in &mut fields {
        match *name {
            "title" => *value = title.to_owned(),
            "meeting_date" => *value = meeting.0.to_owned(),
            "meeting_time" => *value = meeting.1.to_owned(),
            _ => {}
        }
    }
    create_consultation_from(app, "lindeveld", &fields).await
}

/// Another council with an open round of its own, made by its own clerk.
async fn elsewhere(app: &TestApp) -> String {
    let (_, committee) = app.create_council_with_clerk("elders").await;
    let clerk = app.second_browser();
    clerk.login("griffie@elders.nl").await;
    let mut fields = consultation_fields(&committee);
    fields[0].1 = "Plan van elders".into();
    let id = create_consultation_from(&clerk, "elders", &fields).await;
    open_consultation(&clerk, &id, "ELD").await;
    committee
}

/// One submitted reaction and one draft, written straight into the database.
async fn reactions(app: &TestApp, consultation: &str) {
    let author = UserId::from(app.create_user("inwoner@example.nl", false, None).await);
    let consultation = ConsultationId::from(consultation);
    app.db
        .write(move |conn| {
            use inspraak::db::reactions::{self, Submission};
            use inspraak::domain::reaction::ReactionContent;
            let now = inspraak::domain::time::now_utc();
            let content = ReactionContent {
                title: "Mijn reactie".into(),
                ..ReactionContent::default()
            };
            let id = reactions::insert_draft(conn, &consultation, None, &author, &content, now)?;
            let draft = reactions::find_reaction(conn, &id)?.expect("inserted");
            let submission = Submission {
                submitted_by: &author,
                submitted_by_name: "Inwoner",
            };
            reactions::submit(conn, &draft, 1, &submission, now)?;
            reactions::insert_draft(conn, &consultation, None, &author, &content, now)?;
            Ok::<_, inspraak::db::DbError>(())
        })
        .await
        .unwrap();
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// A public file: its type, five minutes in caches, and no cookie that a cache would share.
async fn public_file(app: &TestApp, path: &str, content_type: &str) -> String {
    let response = app.second_browser().get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(header(&response, "content-type"), content_type, "{path}");
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=300",
        "{path}"
    );
    assert!(response.headers().get("set-cookie").is_none(), "{path}");
    response.text().await.unwrap()
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

both_backends!(
    the_atom_feed_lists_the_council_s_public_rounds_only,
    the_json_list_documents_each_public_round,
    the_meeting_calendar_lists_its_public_rounds_in_folded_crlf_lines,
    the_list_page_points_to_each_council_s_feeds
);

async fn the_atom_feed_lists_the_council_s_public_rounds_only(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    elsewhere(&app).await;
    let older = concept(
        &app,
        &committee,
        "Speelplekken & <pleinen>",
        ("2099-12-10", "19:30"),
    )
    .await;
    open_consultation(&app, &older, "SPE").await;
    let newer = concept(
        &app,
        &committee,
        "Buurthuis, De Linde; plannen",
        ("2099-12-10", "20:30"),
    )
    .await;
    open_consultation(&app, &newer, "BUU").await;
    concept(&app, &committee, "Geheim concept", ("2099-12-10", "21:00")).await;

    let body = public_file(
        &app,
        "/gemeenten/lindeveld/consultaties.atom",
        "application/atom+xml; charset=utf-8",
    )
    .await;
    let document = roxmltree::Document::parse(&body).expect("the feed is well-formed XML");
    let feed = document.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .map(str::to_owned)
    };
    assert_eq!(
        child_text(feed, "title").as_deref(),
        Some("Inspraakronden van Gemeente lindeveld")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    let titles: Vec<String> = entries
        .iter()
        .map(|e| child_text(*e, "title").unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Buurthuis, De Linde; plannen", "Speelplekken & <pleinen>"],
        "newest opened first, no concept, no other council"
    );
    assert!(!body.contains("Geheim concept") && !body.contains("Plan van elders"));
    let first = entries[0];
    assert_eq!(child_text(first, "id"), Some(format!("urn:uuid:{newer}")));
    let link = first
        .children()
        .find(|c| c.has_tag_name((ATOM, "link")))
        .unwrap();
    assert_eq!(
        link.attribute("href"),
        Some(app.url(&format!("/consultaties/{newer}")).as_str())
    );
    assert_eq!(
        child_text(first, "summary").as_deref(),
        Some("Hoe organiseren we de buurthuizen?")
    );
    for name in ["published", "updated"] {
        let at = child_text(first, name).unwrap_or_else(|| panic!("an entry has {name}"));
        assert!(
            chrono::DateTime::parse_from_rfc3339(&at).is_ok(),
            "{name} {at} is RFC 3339"
        );
    }

    let response = app.get("/gemeenten/nergens/consultaties.atom").await;
    assert_status!(response, 404);
}

async fn the_json_list_documents_each_public_round(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    elsewhere(&app).await;
    let id = concept(
        &app,
        &committee,
        "Buurthuis, De Linde; plannen",
        ("2099-12-10", "19:30"),
    )
    .await;
    open_consultation(&app, &id, "BUU").await;
    concept(&app, &committee, "Geheim concept", ("2099-12-10", "21:00")).await;
    reactions(&app, &id).await;

    let body = public_file(
        &app,
        "/gemeenten/lindeveld/consultaties.json",
        "application/json",
    )
    .await;
    let document: serde_json::Value = serde_json::from_str(&body).expect("the list is JSON");
    let schema = public_file(&app, "/open-data/schema/v1.json", "application/schema+json").await;
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert!(
        jsonschema::is_valid(&schema, &document),
        "the list follows its schema: {document}"
    );
    assert_eq!(document["council"]["slug"], "lindeveld");
    let rounds = document["consultations"].as_array().unwrap();
    assert_eq!(rounds.len(), 1, "no concept, no other council: {document}");
    let round = &rounds[0];
    assert_eq!(round["id"], id.as_str());
    assert_eq!(round["title"], "Buurthuis, De Linde; plannen");
    assert_eq!(
        round["url"],
        app.url(&format!("/consultaties/{id}")).as_str()
    );
    assert_eq!(round["state"], "open");
    assert_eq!(round["committee"], "Commissie Samenleving");
    assert_eq!(
        round["meeting_at"], "2099-12-10T18:30:00Z",
        "19:30 in Amsterdam, in UTC"
    );
    assert_eq!(round["deadline_at"], "2099-12-03T11:00:00Z");
    assert!(round["opened_at"].is_string(), "opening was recorded");
    let points: Vec<&str> = round["decision_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        points,
        [
            "Wijkprogrammering",
            "Beheer en exploitatie van wijkaccommodaties"
        ]
    );
    assert_eq!(round["submitted_reactions"], 1, "drafts are not counted");
    let calendar = round["calendar_url"].as_str().unwrap();
    assert_eq!(
        calendar,
        app.url(&format!(
            "/gemeenten/lindeveld/commissies/{committee}/vergaderingen/2099-12-10.ics"
        ))
    );

    assert_status!(app.get("/gemeenten/nergens/consultaties.json").await, 404);
}

async fn the_meeting_calendar_lists_its_public_rounds_in_folded_crlf_lines(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let other_committee = elsewhere(&app).await;
    let linde = concept(
        &app,
        &committee,
        "Buurthuis, De Linde; plannen",
        ("2099-12-10", "20:15"),
    )
    .await;
    open_consultation(&app, &linde, "BUU").await;
    let long_title = "Herinrichting van de openbare ruimte rond het winkelcentrum en de aansluitende straten in Lindeveld-Noord";
    let long = concept(&app, &committee, long_title, ("2099-12-10", "19:30")).await;
    open_consultation(&app, &long, "HER").await;
    let hidden = concept(&app, &committee, "Geheim concept", ("2099-12-10", "21:00")).await;
    let later = concept(
        &app,
        &committee,
        "Andere vergadering",
        ("2099-12-17", "19:30"),
    )
    .await;
    open_consultation(&app, &later, "AND").await;
    concept(
        &app,
        &committee,
        "Alleen een concept",
        ("2099-12-24", "19:30"),
    )
    .await;

    // The link on the consultation page leads to the file.
    let (_, page) = app
        .second_browser()
        .get_text(&format!("/consultaties/{linde}"))
        .await;
    let path = format!("/gemeenten/lindeveld/commissies/{committee}/vergaderingen/2099-12-10.ics");
    assert!(
        page.contains(&format!(
            r#"<a href="{path}" type="text/calendar">Zet in uw agenda</a>"#
        )),
        "{page}"
    );

    let ics = public_file(&app, &path, "text/calendar; charset=utf-8").await;
    assert!(ics.ends_with("\r\n"));
    let lines: Vec<&str> = ics.trim_end_matches("\r\n").split("\r\n").collect();
    for line in &lines {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "only CRLF ends a line: {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "long lines are folded"
    );
    let unfolded = ics.replace("\r\n ", "");
    let properties: Vec<&str> = unfolded.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(properties.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(properties.last(), Some(&"END:VCALENDAR"));
    assert_eq!(
        properties.iter().filter(|p| **p == "BEGIN:VEVENT").count(),
        1
    );
    assert!(
        properties.contains(&"DTSTART:20991210T183000Z"),
        "the first round's start, in UTC: {unfolded}"
    );
    assert!(
        properties.contains(&"DTEND:20991210T201500Z"),
        "an hour past the last round's start: {unfolded}"
    );
    assert!(properties.contains(&"SUMMARY:Commissie Samenleving"));
    let uid = properties
        .iter()
        .find(|p| p.starts_with("UID:"))
        .expect("a UID")
        .to_string();
    let description = properties
        .iter()
        .find(|p| p.starts_with("DESCRIPTION:"))
        .expect("a description");
    assert!(
        description.contains(r"Buurthuis\, De Linde\; plannen"),
        "{description}"
    );
    assert!(description.contains(long_title));
    assert!(
        description.find(long_title) < description.find("Buurthuis"),
        "in agenda order"
    );
    assert!(description.contains(&app.url(&format!("/consultaties/{linde}"))));
    assert!(description.contains(&app.url(&format!("/consultaties/{long}"))));
    assert!(!unfolded.contains("Geheim concept") && !unfolded.contains(&hidden));
    assert!(
        !unfolded.contains("Andere vergadering"),
        "another day is another meeting"
    );
    assert!(
        properties.contains(&format!("URL:{}", app.url(&format!("/consultaties/{long}"))).as_str())
    );

    let again = public_file(&app, &path, "text/calendar; charset=utf-8").await;
    assert!(
        again.replace("\r\n ", "").contains(&uid),
        "the UID is stable"
    );
    let later_ics = public_file(
        &app,
        &format!("/gemeenten/lindeveld/commissies/{committee}/vergaderingen/2099-12-17.ics"),
        "text/calendar; charset=utf-8",
    )
    .await;
    assert!(
        !later_ics.replace("\r\n ", "").contains(&uid),
        "each meeting has its own UID"
    );

    for missing in [
        format!("/gemeenten/lindeveld/commissies/{committee}/vergaderingen/2099-12-24.ics"),
        format!("/gemeenten/lindeveld/commissies/{committee}/vergaderingen/2099-12-11.ics"),
        format!("/gemeenten/lindeveld/commissies/{committee}/vergaderingen/10-12-2099.ics"),
        format!("/gemeenten/lindeveld/commissies/{committee}/vergaderingen/2099-13-10.ics"),
        format!("/gemeenten/elders/commissies/{committee}/vergaderingen/2099-12-10.ics"),
        format!("/gemeenten/lindeveld/commissies/{other_committee}/vergaderingen/2099-12-10.ics"),
        format!("/gemeenten/nergens/commissies/{committee}/vergaderingen/2099-12-10.ics"),
    ] {
        assert_status!(app.get(&missing).await, 404, "{missing}");
    }
    let (_, concept_page) = app.get_text(&format!("/consultaties/{hidden}")).await;
    assert!(
        !concept_page.contains("Zet in uw agenda"),
        "no link to a file that leaves the concept out"
    );
}

async fn the_list_page_points_to_each_council_s_feeds(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    elsewhere(&app).await;
    let id = concept(&app, &committee, "Buurthuis", ("2099-12-10", "19:30")).await;
    open_consultation(&app, &id, "BUU").await;
    let page = assert_status!(app.second_browser().get("/consultaties").await, 200);
    let head = &page[..page.find("</head>").unwrap()];
    for slug in ["lindeveld", "elders"] {
        assert!(head.contains(&format!(r#"<link rel="alternate" type="application/atom+xml" title="Inspraakronden van Gemeente {slug}" href="/gemeenten/{slug}/consultaties.atom">"#)), "{head}");
        assert!(page.contains(&format!(r#"href="/gemeenten/{slug}/consultaties.json""#)));
    }
    let response = app.second_browser().get("/consultaties").await;
    assert_eq!(
        header(&response, "cache-control"),
        "no-store",
        "pages keep the default"
    );
}
