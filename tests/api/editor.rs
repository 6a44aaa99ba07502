//! Nothing typed on the edit page is ever lost: adding an attachment, removing one, or
//! asking for another position or scenario saves the text first.

use crate::fixtures::{reaction_fields, start_draft, world};
use crate::helpers::{TestApp, location};
use crate::{assert_redirect, assert_status, both_backends};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Sends the edit page's fields with a file, as its "Bijlage toevoegen" button does.
async fn attach_with_text(
    browser: &TestApp,
    reaction: &str,
    fields: &[(&str, &str)],
    file: Vec<u8>,
) -> reqwest::Response {
    let edit = format!("/reacties/{reaction}/bewerken");
    let mut form =
        reqwest::multipart::Form::new().text("csrf_token", browser.csrf_token(&edit).await);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    let part = reqwest::multipart::Part::bytes(file)
        .file_name("brief van het bestuur.pdf")
        .mime_str("application/pdf")
        .unwrap();
    browser
        .client
        .post(browser.url(&format!("/reacties/{reaction}/bijlagen")))
        .multipart(form.part("file", part))
        .send()
        .await
        .unwrap()
}

both_backends!(
    typed_text_is_saved_before_an_attachment_is_added_or_removed,
    another_position_or_scenario_saves_the_draft_first,
    a_conflict_shows_both_versions_and_can_be_saved_over_deliberately
);

async fn typed_text_is_saved_before_an_attachment_is_added_or_removed(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(
        &w.editor,
        &w.consultation,
        Some(&w.organisation),
        "Houd De Schakel open",
    )
    .await;
    let edit = format!("/reacties/{id}/bewerken");
    let (_, page) = w.editor.get_text(&edit).await;
    assert!(
        page.contains(r#"formaction="/reacties/"#)
            && page.contains(r#"formenctype="multipart/form-data""#),
        "the upload button sends the whole form"
    );

    // Typed, never saved, then attached: the text is there afterwards.
    let mut fields = reaction_fields("1", &w.points, "Houd De Schakel open");
    fields.retain(|(name, _)| *name != "action");
    let response = attach_with_text(&w.editor, &id, &fields, PDF.to_vec()).await;
    let redirect = assert_redirect!(response);
    assert!(redirect.ends_with("#bijlagen"));
    let (_, page) = w.editor.get_text(&edit).await;
    assert!(
        page.contains("Wij willen **zelf** het buurthuis beheren."),
        "the text was saved"
    );
    assert!(page.contains("brief van het bestuur.pdf"));
    assert_eq!(app.count("attachments").await, 1);
    assert_eq!(
        app.count("reaction_revisions").await,
        2,
        "the text is a revision of its own"
    );

    // A file that is not a PDF is refused, but the text typed with it is kept.
    let mut changed = reaction_fields("2", &w.points, "Houd De Schakel open!");
    changed.retain(|(name, _)| *name != "action");
    let refused = attach_with_text(&w.editor, &id, &changed, b"MZ not a pdf".to_vec()).await;
    let refused = assert_status!(refused, 422);
    assert!(refused.contains("Dit bestand is geen PDF"));
    let (_, page) = w.editor.get_text(&edit).await;
    assert!(
        page.contains(r#"value="Houd De Schakel open!""#),
        "saved before the file was checked"
    );

    // Removing the file through the same form saves a change typed just before.
    let attachment = page
        .split("/bijlagen/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let mut retitled = reaction_fields("3", &w.points, "De Schakel in bewonershanden");
    retitled.retain(|(name, _)| *name != "action");
    let remove = format!("/reacties/{id}/bijlagen/{attachment}/verwijderen");
    assert_status!(w.editor.post_form(&edit, &remove, &retitled).await, 303);
    let (_, page) = w.editor.get_text(&edit).await;
    assert!(page.contains(r#"value="De Schakel in bewonershanden""#));
    assert_eq!(app.count("attachments").await, 0);
}

async fn another_position_or_scenario_saves_the_draft_first(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(
        &w.editor,
        &w.consultation,
        Some(&w.organisation),
        "Houd De Schakel open",
    )
    .await;
    let edit = format!("/reacties/{id}/bewerken");
    let mut fields = reaction_fields("1", &w.points, "Houd De Schakel open");
    fields.retain(|(name, _)| *name != "action");
    fields.push(("action", "add_position"));
    let response = w.editor.post_form(&edit, &edit, &fields).await;
    let redirect = assert_redirect!(response);
    assert_eq!(
        redirect,
        format!("/reacties/{id}/bewerken?extra=standpunt#standpunt-3"),
        "back at the new row"
    );
    let (_, page) = w.editor.get_text(&redirect).await;
    assert!(
        page.contains("Geef bewonersbeheer een eerlijke kans met een vast budget."),
        "the typed positions were saved"
    );
    assert!(
        page.contains(r#"id="standpunt-3""#) && page.contains(r#"id="position_body_3""#),
        "with an empty third row"
    );

    let mut fields = reaction_fields("2", &w.points, "Houd De Schakel open");
    fields.retain(|(name, _)| *name != "action" && *name != "scenario_body");
    fields.push((
        "scenario_body",
        "Vrijwilligers uit de buurt beheren het gebouw.",
    ));
    fields.push(("action", "add_scenario"));
    let response = w.editor.post_form(&edit, &edit, &fields).await;
    assert_eq!(
        location(&response),
        format!("/reacties/{id}/bewerken?extra=scenario#scenario-2")
    );
    let (_, page) = w.editor.get_text(&location(&response)).await;
    assert!(page.contains("Vrijwilligers uit de buurt beheren het gebouw."));
    assert!(page.contains(r#"id="scenario_title_2""#));
    // Asking for a row without typing anything new adds no revision.
    let before = app.count("reaction_revisions").await;
    let mut same = reaction_fields("3", &w.points, "Houd De Schakel open");
    same.retain(|(name, _)| *name != "action" && *name != "scenario_body");
    same.push((
        "scenario_body",
        "Vrijwilligers uit de buurt beheren het gebouw.",
    ));
    same.push(("action", "add_position"));
    assert_status!(w.editor.post_form(&edit, &edit, &same).await, 303);
    assert_eq!(app.count("reaction_revisions").await, before);
}

async fn a_conflict_shows_both_versions_and_can_be_saved_over_deliberately(app: TestApp) {
    let w = world(&app).await;
    let id = start_draft(
        &w.editor,
        &w.consultation,
        Some(&w.organisation),
        "Houd De Schakel open",
    )
    .await;
    let edit = format!("/reacties/{id}/bewerken");
    let save = |version: &'static str, title: &'static str| {
        let mut fields = reaction_fields(version, &w.points, title);
        fields.retain(|(name, _)| *name != "action");
        fields
    };
    assert_status!(
        w.editor
            .post_form(&edit, &edit, &save("1", "Houd De Schakel open"))
            .await,
        303
    );
    // Both start from version 2; the editor saves first.
    assert_status!(
        w.editor
            .post_form(&edit, &edit, &save("2", "Houd De Schakel altijd open"))
            .await,
        303
    );
    let refused = w
        .secretary
        .post_form(&edit, &edit, &save("2", "De Schakel blijft open"))
        .await;
    let page = assert_status!(refused, 409);
    assert!(
        page.contains("Wat verschilt") && page.contains("Houd De Schakel altijd open"),
        "their version is shown"
    );
    assert!(
        page.contains(r#"value="De Schakel blijft open""#),
        "what was typed is kept"
    );
    assert!(
        page.contains("<ins>") || page.contains("<del>"),
        "the difference is marked"
    );
    assert!(
        page.contains(r#"name="version" value="3""#)
            && page.contains(r#"name="based_on" value="2""#),
        "saving again saves over version 3"
    );

    // Saving again, deliberately, works and records both bases.
    let mut again = save("3", "De Schakel blijft open");
    again.push(("based_on", "2"));
    assert_status!(w.secretary.post_form(&edit, &edit, &again).await, 303);
    let (_, versions) = w
        .secretary
        .get_text(&format!("/reacties/{id}/versies"))
        .await;
    assert!(versions.contains("bewust over versie 3 heen opgeslagen (begonnen bij versie 2)"));
    assert!(versions.contains("Versie 4 (nu)"));
    // "Versies" shows each revision's text and what changed word by word.
    assert!(versions.contains("Hele tekst van versie 2"));
    assert!(
        versions.contains("[toegevoegd: </span>altijd "),
        "{versions}"
    );

    // Restoring version 2 makes a new version 5 with its text; history stays.
    let restore = format!("/reacties/{id}/versies/2/terugzetten");
    let stale = w
        .editor
        .post_form(
            &format!("/reacties/{id}/versies"),
            &restore,
            &[("version", "3")],
        )
        .await;
    assert_status!(stale, 409, "restoring needs the newest version in view");
    let response = w
        .editor
        .post_form(
            &format!("/reacties/{id}/versies"),
            &restore,
            &[("version", "4")],
        )
        .await;
    assert_status!(response, 303);
    let (_, page) = w.editor.get_text(&edit).await;
    assert!(
        page.contains(r#"value="Houd De Schakel open""#)
            && page.contains(r#"name="version" value="5""#)
    );
    assert_eq!(app.count("reaction_revisions").await, 5);
    let (_, versions) = w.editor.get_text(&format!("/reacties/{id}/versies")).await;
    assert!(versions.contains("versie 2 teruggezet"));
    // Others cannot restore: to them a draft does not exist.
    let outsider = app.second_browser();
    app.create_user("buiten@example.nl", false, None).await;
    outsider.login("buiten@example.nl").await;
    let token = outsider.csrf_token("/").await;
    assert_status!(
        outsider
            .post_raw(&restore, &[("csrf_token", &token), ("version", "5")])
            .await,
        404
    );
    assert_eq!(app.count("reaction_revisions").await, 5);
}
