use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{positions, reactions as reactions_table};
use inspraak::domain::time::now_utc;

use crate::fixtures::{reaction_fields, resident, saved_draft, start_draft, submitted, world};
use crate::helpers::{TestApp, location};
use crate::{assert_status, both_backends};

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"))
        + start.len();
    let to = body[from..].find(end).unwrap() + from;
    &body[from..to]
}

both_backends!(
    the_whole_life_of_an_organisations_reaction,
    tampering_with_a_stored_submission_is_detected,
    a_resident_reacts_alone_and_decides_whether_the_name_is_public,
    drafts_belong_to_their_writers,
    bad_input_gets_clear_messages_and_changes_nothing,
    nothing_can_be_submitted_changed_or_withdrawn_after_the_deadline,
    every_reaction_form_checks_the_csrf_token
);

async fn the_whole_life_of_an_organisations_reaction(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(
        &w.editor,
        &w.consultation,
        Some(&w.organisation),
        "Houd De Schakel open",
    )
    .await;
    let edit = format!("/reacties/{id}/bewerken");

    // The editor writes; every save is a revision.
    let response = w
        .editor
        .post_form(
            &edit,
            &edit,
            &reaction_fields("1", &w.points, "Houd De Schakel open"),
        )
        .await;
    assert_status!(response, 303);
    // The secretary opens version 2; the editor saves version 3 meanwhile.
    let (_, secretary_form) = w.secretary.get_text(&edit).await;
    assert!(secretary_form.contains(r#"name="version" value="2""#));
    let response = w
        .editor
        .post_form(
            &edit,
            &edit,
            &reaction_fields("2", &w.points, "Houd De Schakel open!"),
        )
        .await;
    assert_status!(response, 303);
    let response = w
        .secretary
        .post_form(
            &edit,
            &edit,
            &reaction_fields("2", &w.points, "Versie van de secretaris"),
        )
        .await;
    let body = assert_status!(response, 409, "no silent overwrite");
    assert!(body.contains("Iemand anders heeft deze reactie net opgeslagen"));
    assert!(
        body.contains(r#"value="Versie van de secretaris""#),
        "what was typed is kept"
    );
    let (_, versions) = w
        .secretary
        .get_text(&format!("/reacties/{id}/versies"))
        .await;
    assert!(versions.contains("begonnen") && versions.contains("titel"));
    assert_eq!(app.count("reaction_revisions").await, 3);

    // Only the board submits, and only with consent.
    let submit = format!("/reacties/{id}/indienen");
    let response = w
        .editor
        .post_form(&submit, &submit, &[("version", "3"), ("consent", "1")])
        .await;
    assert_status!(response, 403);
    let response = w
        .secretary
        .post_form(&submit, &submit, &[("version", "3")])
        .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Geef toestemming"));
    let token = w.secretary.csrf_token(&submit).await;
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", "3"),
        ("consent", "1"),
    ];
    let (first, second) = tokio::join!(
        w.secretary.post_raw(&submit, &fields),
        w.secretary.post_raw(&submit, &fields)
    );
    for response in [&first, &second] {
        assert_eq!(response.status().as_u16(), 303);
        assert!(location(response).starts_with(&format!("/reacties/{id}/ontvangstbevestiging")));
    }
    assert_eq!(
        app.count("submission_log").await,
        1,
        "a double click submits once"
    );

    let receipt = assert_status!(
        w.secretary
            .get(&format!("/reacties/{id}/ontvangstbevestiging"))
            .await,
        200
    );
    let year = now_utc().format("%Y").to_string();
    let number = format!("LINDEVELD-{year}-ONT-0001");
    assert!(receipt.contains(&number));
    assert!(receipt.contains("Bewonersplatform De Horst (namens het bestuur: Test Persoon)"));
    let hash = between(&receipt, r#"<code class="hash">"#, "</code>").to_owned();
    assert_eq!(hash.len(), 64);

    // Receipts to both members, one mail to the griffie.
    let mails = app.deliver_mail().await;
    let receipts: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Ontvangstbevestiging"))
        .collect();
    let mut to: Vec<&str> = receipts.iter().map(|m| m.to.as_str()).collect();
    to.sort();
    assert_eq!(to, ["schrijver@horst.nl", "secretaris@horst.nl"]);
    assert!(receipts[0].subject.contains(&number) && receipts[0].text.contains(&hash));
    let griffie = mails
        .iter()
        .find(|m| m.to == "griffie@example.nl" && m.subject.starts_with("Nieuwe reactie"))
        .expect("griffie mail");
    assert!(griffie.subject.contains(&number));
    let verify_link = format!("{}/reacties/{id}/controle", app.address);
    assert!(receipts[0].text.contains(&verify_link));

    // Public: the organisation and its positions, not who submitted.
    let public = app.second_browser();
    let page = assert_status!(public.get(&format!("/reacties/{id}")).await, 200);
    assert!(
        page.contains("Bewonersplatform De Horst")
            && page.contains("Geef bewonersbeheer een eerlijke kans")
    );
    assert!(page.contains("Bewonersbeheer De Schakel") && page.contains("€ 45.000"));
    assert!(!page.contains("Namens het bestuur ingediend door"));
    let (_, clerk_view) = app.get_text(&format!("/reacties/{id}")).await;
    assert!(clerk_view.contains("Namens het bestuur ingediend door"));
    let (_, consultation_page) = public
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(
        consultation_page.contains("Houd De Schakel open!")
            && consultation_page.contains("1 ingediende reactie")
    );
    assert_status!(
        public
            .get(&format!("/reacties/{id}/ontvangstbevestiging"))
            .await,
        403
    );
    let point = assert_status!(
        public
            .get(&format!("/consultaties/{}/beslispunten/2", w.consultation))
            .await,
        200
    );
    assert!(
        point.contains("Geef bewonersbeheer een eerlijke kans")
            && point.contains("Bewonersplatform De Horst")
    );
    assert!(point.contains("Voor, met een wijziging (1)"));
    assert_status!(
        public
            .get(&format!("/consultaties/{}/beslispunten/9", w.consultation))
            .await,
        404
    );

    // Anyone can verify; the link from the mail works.
    let check = assert_status!(public.get(&format!("/reacties/{id}/controle")).await, 200);
    assert!(check.contains("<h2>Klopt</h2>") && check.contains(&hash));
    let (_, log) = public
        .get_text(&format!("/consultaties/{}/logboek", w.consultation))
        .await;
    assert!(log.contains("Het logboek is compleet"));

    // Submitted means frozen.
    let response = w
        .secretary
        .post_form(
            &format!("/reacties/{id}"),
            &edit,
            &reaction_fields("3", &w.points, "Later gewijzigd"),
        )
        .await;
    assert_status!(response, 409);

    // Withdraw: only the board; it stays visible as withdrawn and the log grows (at
    // once, though anonymous visitors share a page kept for a second).
    let (_, before) = public.get_text(&format!("/reacties/{id}")).await;
    assert!(!before.contains("Deze reactie is ingetrokken"));
    let withdraw = format!("/reacties/{id}/intrekken");
    assert_status!(w.editor.get(&withdraw).await, 403);
    assert_status!(
        w.editor
            .post_form(&format!("/reacties/{id}"), &withdraw, &[])
            .await,
        403
    );
    // Asked first: the page says what happens, and nothing happened yet.
    let confirm = assert_status!(w.secretary.get(&withdraw).await, 200);
    assert!(
        confirm.contains("Reactie intrekken?") && confirm.contains("kunt u niet ongedaan maken")
    );
    assert!(
        !public
            .get_text(&format!("/reacties/{id}"))
            .await
            .1
            .contains("Deze reactie is ingetrokken")
    );
    let long = "lang ".repeat(201);
    let response = w
        .secretary
        .post_form(&withdraw, &withdraw, &[("reason", &long)])
        .await;
    let response = assert_status!(response, 422);
    assert!(response.contains("hoogstens 1000 tekens"));
    let reason = "Wij sluiten ons aan bij de reactie van de wijkraad.";
    let response = w
        .secretary
        .post_form(&withdraw, &withdraw, &[("reason", reason)])
        .await;
    assert_status!(response, 303);
    let (_, page) = public.get_text(&format!("/reacties/{id}")).await;
    assert!(page.contains("Deze reactie is ingetrokken"));
    assert!(
        page.contains(&format!("Reden van de indiener: {reason}")),
        "the reason is public"
    );
    let (_, consultation_page) = public
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(
        consultation_page.contains("0 ingediende reacties"),
        "withdrawn reactions drop out of counts"
    );
    assert_eq!(app.count("submission_log").await, 2);
    let (_, log) = public
        .get_text(&format!("/consultaties/{}/logboek", w.consultation))
        .await;
    assert!(log.contains("Het logboek is compleet") && log.contains("Ingetrokken"));
    let response = w
        .secretary
        .post_form(
            &format!("/reacties/{id}"),
            &edit,
            &reaction_fields("3", &w.points, "Na intrekken"),
        )
        .await;
    assert_status!(response, 409, "a withdrawn reaction cannot be edited");
}

async fn tampering_with_a_stored_submission_is_detected(app: TestApp) {
    let w = world(&app).await;
    let id = submitted(&w, "Houd De Schakel open").await;

    let target = id.clone();
    app.db
        .write(move |conn| {
            diesel::update(
                positions::table
                    .filter(positions::reaction_id.eq(&target))
                    .filter(positions::number.eq(2)),
            )
            .set(positions::body.eq("Wij zijn tegen elke vorm van bewonersbeheer."))
            .execute(conn)
            .map_err(DbError::from)
        })
        .await
        .unwrap();
    let (_, check) = app.get_text(&format!("/reacties/{id}/controle")).await;
    assert!(check.contains("Klopt niet"));
    let (_, log) = app
        .get_text(&format!("/consultaties/{}/logboek", w.consultation))
        .await;
    assert!(log.contains("Het logboek klopt niet"));
}

async fn a_resident_reacts_alone_and_decides_whether_the_name_is_public(app: TestApp) {
    let w = world(&app).await;
    let resident = resident(&app, "bewoner@example.nl").await;
    let id = start_draft(&resident, &w.consultation, None, "Meer open uren").await;
    let edit = format!("/reacties/{id}/bewerken");
    let mut fields = reaction_fields("1", &w.points, "Meer open uren");
    fields.truncate(10);
    fields.push(("action", "save"));
    assert_status!(resident.post_form(&edit, &edit, &fields).await, 303);
    let submit = format!("/reacties/{id}/indienen");
    assert_status!(
        resident
            .post_form(&submit, &submit, &[("version", "2"), ("consent", "1")])
            .await,
        303
    );
    let (_, public) = app
        .second_browser()
        .get_text(&format!("/reacties/{id}"))
        .await;
    assert!(public.contains("Een inwoner") && !public.contains("Test Persoon"));
    let (_, clerk) = app.get_text(&format!("/reacties/{id}")).await;
    assert!(clerk.contains("Test Persoon (naam niet openbaar)"));
    let mails = app.deliver_mail().await;
    assert!(
        mails
            .iter()
            .any(|m| m.to == "bewoner@example.nl" && m.subject.starts_with("Ontvangstbevestiging"))
    );

    let second = start_draft(&resident, &w.consultation, None, "Met mijn naam").await;
    let edit = format!("/reacties/{second}/bewerken");
    let mut fields = reaction_fields("1", &w.points, "Met mijn naam");
    fields.push(("publish_name", "1"));
    assert_status!(resident.post_form(&edit, &edit, &fields).await, 303);
    let submit = format!("/reacties/{second}/indienen");
    assert_status!(
        resident
            .post_form(&submit, &submit, &[("version", "2"), ("consent", "1")])
            .await,
        303
    );
    let (_, public) = app
        .second_browser()
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(
        public.contains("Test Persoon"),
        "a published name shows in the list"
    );
}

async fn drafts_belong_to_their_writers(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(&w.editor, &w.consultation, Some(&w.organisation), "Concept").await;
    let outsider = resident(&app, "buiten@example.nl").await;
    for path in [
        format!("/reacties/{id}"),
        format!("/reacties/{id}/bewerken"),
        format!("/reacties/{id}/indienen"),
        format!("/reacties/{id}/versies"),
    ] {
        assert_status!(outsider.get(&path).await, 404, "{path}");
        assert_status!(
            app.get(&path).await,
            404,
            "a clerk does not see drafts either: {path}"
        );
    }
    let edit = format!("/reacties/{id}/bewerken");
    let response = outsider
        .post_form(
            "/account",
            &edit,
            &reaction_fields("1", &w.points, "Gekaapt"),
        )
        .await;
    assert_status!(response, 404);
    let submit = format!("/reacties/{id}/indienen");
    assert_status!(
        outsider
            .post_form("/account", &submit, &[("version", "1"), ("consent", "1")])
            .await,
        404
    );
    // Reacting on behalf of an organisation one is not a member of.
    let start = format!("/consultaties/{}/reageren", w.consultation);
    let response = outsider
        .post_form(
            &start,
            &start,
            &[("title", "Namens anderen"), ("on_behalf", &w.organisation)],
        )
        .await;
    assert_status!(response, 403);
    let anonymous = app.second_browser();
    assert!(location(&anonymous.get(&start).await).starts_with("/account/inloggen"));
    let (_, title) = w.editor.get_text(&format!("/reacties/{id}")).await;
    assert!(title.contains("Concept"));
    assert_eq!(app.count("reactions").await, 1);
}

async fn bad_input_gets_clear_messages_and_changes_nothing(app: TestApp) {
    let w = world(&app).await;
    let start = format!("/consultaties/{}/reageren", w.consultation);
    let response = w
        .editor
        .post_form(&start, &start, &[("title", ""), ("on_behalf", "")])
        .await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Vul een titel in."));
    let id = start_draft(&w.editor, &w.consultation, Some(&w.organisation), "Concept").await;
    let edit = format!("/reacties/{id}/bewerken");
    let long = "x".repeat(1_001);
    let mut fields = reaction_fields("1", &w.points, "");
    fields[6].1 = &long;
    fields[7].1 = "bestaat-niet";
    let response = w.editor.post_form(&edit, &edit, &fields).await;
    let body = assert_status!(response, 422);
    assert!(
        body.contains(r##"href="#title""##)
            && body.contains(r##"href="#position_body_1""##)
            && body.contains(r##"href="#position_point_2""##)
    );
    assert!(
        body.contains("Wij zijn 140 huishoudens"),
        "typed text is kept"
    );
    // Submitting an unfinished draft.
    let submit = format!("/reacties/{id}/indienen");
    let response = w
        .secretary
        .post_form(&submit, &submit, &[("version", "1"), ("consent", "1")])
        .await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Vul een inleiding in"));
    let state: String = app
        .db
        .read(move |conn| {
            reactions_table::table
                .find(&id)
                .select(reactions_table::state)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(state, "draft");
    assert_eq!(app.count("reaction_revisions").await, 1);
}

async fn nothing_can_be_submitted_changed_or_withdrawn_after_the_deadline(app: TestApp) {
    let w = world(&app).await;
    let id = saved_draft(&w, "Op het nippertje").await;
    let edit = format!("/reacties/{id}/bewerken");
    let submitted = saved_draft(&w, "Al ingediend").await;
    let submit_submitted = format!("/reacties/{submitted}/indienen");
    assert_status!(
        w.secretary
            .post_form(
                &submit_submitted,
                &submit_submitted,
                &[("version", "2"), ("consent", "1")]
            )
            .await,
        303
    );

    let submit = format!("/reacties/{id}/indienen");
    // One second after the deadline, long after the session of the morning has ended.
    let deadline = crate::fixtures::deadline_of(&app, &w.consultation).await;
    app.advance_clock_and_log_in_again(deadline - app.now() + Duration::seconds(1))
        .await;
    let token = w.secretary.csrf_token("/account").await;
    let response = w
        .secretary
        .post_raw(
            &submit,
            &[("csrf_token", &token), ("version", "2"), ("consent", "1")],
        )
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("De inspraakronde is gesloten"));
    let response = w
        .secretary
        .post_raw(
            &edit,
            &[
                ("csrf_token", &token),
                ("version", "2"),
                ("title", "Te laat"),
            ],
        )
        .await;
    assert_status!(response, 409);
    let response = w
        .secretary
        .post_raw(
            &format!("/reacties/{submitted}/intrekken"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_status!(response, 409);
    let start = format!("/consultaties/{}/reageren", w.consultation);
    assert_status!(w.secretary.get(&start).await, 409);
    let response = w
        .secretary
        .post_raw(&start, &[("csrf_token", &token), ("title", "Te laat")])
        .await;
    assert_status!(response, 409);
    assert_eq!(app.count("submission_log").await, 1);
    assert_eq!(app.count("reactions").await, 2);
    let state: String = app
        .db
        .read(move |conn| {
            reactions_table::table
                .find(&submitted)
                .select(reactions_table::state)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(state, "submitted");
}

async fn every_reaction_form_checks_the_csrf_token(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(
        &w.secretary,
        &w.consultation,
        Some(&w.organisation),
        "Concept",
    )
    .await;
    for route in [
        format!("/consultaties/{}/reageren", w.consultation),
        format!("/reacties/{id}/bewerken"),
        format!("/reacties/{id}/indienen"),
        format!("/reacties/{id}/intrekken"),
    ] {
        assert_status!(
            w.secretary
                .post_raw(&route, &[("title", "x"), ("version", "1")])
                .await,
            403,
            "{route}"
        );
    }
    assert_eq!(app.count("reaction_revisions").await, 1);
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    browser: &TestApp,
    reaction: &str,
    filename: &str,
    content: Vec<u8>,
    with_token: bool,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    if with_token {
        form = form.text(
            "csrf_token",
            browser.csrf_token(&format!("/reacties/{reaction}")).await,
        );
    }
    let part = reqwest::multipart::Part::bytes(content)
        .file_name(filename.to_owned())
        .mime_str("application/pdf")
        .unwrap();
    form = form.part("file", part);
    browser
        .client
        .post(browser.url(&format!("/reacties/{reaction}/bijlagen")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

both_backends!(pdf_attachments_are_checked_by_content_limited_and_part_of_the_hash);

async fn pdf_attachments_are_checked_by_content_limited_and_part_of_the_hash(app: TestApp) {
    let w = world(&app).await;
    let id = saved_draft(&w, "Met bijlage").await;
    let edit = format!("/reacties/{id}/bewerken");

    assert_status!(
        upload(&w.secretary, &id, "brief.pdf", PDF.to_vec(), false).await,
        403
    );
    let fake = upload(
        &w.secretary,
        &id,
        "virus.pdf",
        b"MZ\x90\x00 this is an executable".to_vec(),
        true,
    )
    .await;
    let fake = assert_status!(fake, 422);
    assert!(fake.contains("Dit bestand is geen PDF"));
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let too_big = upload(&w.secretary, &id, "groot.pdf", big, true).await;
    let too_big = assert_status!(too_big, 422);
    assert!(too_big.contains("groter dan 10 MB"));
    assert_eq!(app.count("attachments").await, 0);

    let response = upload(
        &w.editor,
        &id,
        "../Brief aan de raad.pdf",
        PDF.to_vec(),
        true,
    )
    .await;
    assert_status!(response, 303);
    let (_, page) = w.secretary.get_text(&edit).await;
    assert!(page.contains("Brief aan de raad.pdf"));
    let link = between(&page, r#"<a href="/bijlagen/"#, "\"").to_owned();
    let download = w.secretary.get(&format!("/bijlagen/{link}")).await;
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    assert_status!(
        app.second_browser().get(&format!("/bijlagen/{link}")).await,
        404,
        "a draft's file is private"
    );

    for n in 2..=5 {
        let response = upload(
            &w.secretary,
            &id,
            &format!("bijlage-{n}.pdf"),
            PDF.to_vec(),
            true,
        )
        .await;
        assert_status!(response, 303);
    }
    // Someone outside the organisation can neither add nor remove files.
    let outsider = resident(&app, "buiten@example.nl").await;
    let remove = format!("/reacties/{id}/bijlagen/{link}/verwijderen");
    assert_status!(outsider.post_form("/account", &remove, &[]).await, 404);
    let token = outsider.csrf_token("/account").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("x.pdf"),
        );
    let sneaked = outsider
        .client
        .post(outsider.url(&format!("/reacties/{id}/bijlagen")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_status!(sneaked, 404);
    assert_eq!(app.count("attachments").await, 5);
    let sixth = upload(&w.secretary, &id, "zes.pdf", PDF.to_vec(), true).await;
    let sixth = assert_status!(sixth, 422);
    assert!(sixth.contains("hoogstens 5 bijlagen"));
    assert_eq!(app.count("attachments").await, 5);

    let submit = format!("/reacties/{id}/indienen");
    assert_status!(
        w.secretary
            .post_form(&submit, &submit, &[("version", "2"), ("consent", "1")])
            .await,
        303
    );
    let public = app.second_browser();
    assert_status!(
        public.get(&format!("/bijlagen/{link}")).await,
        200,
        "public after submission"
    );
    let (_, check) = public.get_text(&format!("/reacties/{id}/controle")).await;
    assert!(check.contains("<h2>Klopt</h2>"));
    // The files are part of what was submitted: no more uploads, and a changed file breaks the hash.
    assert_status!(
        upload(&w.secretary, &id, "laat.pdf", PDF.to_vec(), true).await,
        409
    );
    let target = link.clone();
    app.db
        .write(move |conn| {
            diesel::update(inspraak::db::schema::attachments::table.find(&target))
                .set(inspraak::db::schema::attachments::sha256.eq("0".repeat(64)))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let (_, check) = public.get_text(&format!("/reacties/{id}/controle")).await;
    assert!(check.contains("Klopt niet"));
}
