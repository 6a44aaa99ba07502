//! Moving a round's deadline: never into the past, earlier only after confirming (and the
//! writers of drafts are told), later with a public line on the consultation page.

use crate::fixtures::{as_refs, consultation_fields, resident, start_draft, world};
use crate::helpers::TestApp;
use crate::{assert_status, both_backends};

/// The consultation form of `world` with another deadline, as `(name, value)` pairs.
fn with_deadline(committee: &str, date: &str, time: &str) -> Vec<(&'static str, String)> {
    let mut fields = consultation_fields(committee);
    for (name, value) in fields.iter_mut() {
        match *name {
            "deadline_date" => *value = date.to_owned(),
            "deadline_time" => *value = time.to_owned(),
            _ => {}
        }
    }
    fields
}

async fn committee_of(app: &TestApp, consultation: &str) -> String {
    let (_, form) = app
        .get_text(&format!("/griffie/consultaties/{consultation}/bewerken"))
        .await;
    let marker = r#"<option value=""#;
    let mut rest = &form[..];
    while let Some(start) = rest.find(marker) {
        rest = &rest[start + marker.len()..];
        let value = &rest[..rest.find('"').unwrap()];
        if !value.is_empty() {
            return value.to_owned();
        }
    }
    panic!("no committee on the form");
}

both_backends!(
    a_deadline_in_the_past_is_refused_with_the_form_kept,
    shortening_asks_first_and_then_mails_everyone_with_a_draft,
    extending_shows_a_public_line_and_mails_no_one
);

async fn a_deadline_in_the_past_is_refused_with_the_form_kept(app: TestApp) {
    let w = world(&app).await;
    let committee = committee_of(&app, &w.consultation).await;
    let past = with_deadline(&committee, "2020-01-06", "12:00");
    let response = app
        .post_form(
            "/griffie/lindeveld/consultaties/nieuw",
            "/griffie/lindeveld/consultaties",
            &as_refs(&past),
        )
        .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Deze sluitingsdatum is al voorbij"));
    assert!(
        body.contains("Beleidsnotitie Ontmoetingsplekken")
            && body.contains(r#"value="2020-01-06""#),
        "what was typed is kept"
    );
    assert_eq!(
        app.count("consultations").await,
        1,
        "no concept with a past deadline"
    );

    let edit = format!("/griffie/consultaties/{}/bewerken", w.consultation);
    let response = app.post_form(&edit, &edit, &as_refs(&past)).await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Deze sluitingsdatum is al voorbij"));
    let (_, public) = app
        .second_browser()
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(
        public.contains("Open voor reacties"),
        "the round stays open"
    );
    assert_eq!(app.count("deadline_changes").await, 0);
}

async fn shortening_asks_first_and_then_mails_everyone_with_a_draft(app: TestApp) {
    let w = world(&app).await;
    let draft = start_draft(
        &w.editor,
        &w.consultation,
        Some(&w.organisation),
        "Houd De Schakel open",
    )
    .await;
    let resident = resident(&app, "bewoner@example.nl").await;
    start_draft(&resident, &w.consultation, None, "Mijn eigen reactie").await;

    let edit = format!("/griffie/consultaties/{}/bewerken", w.consultation);
    let committee = committee_of(&app, &w.consultation).await;
    let sooner = with_deadline(&committee, "2099-11-20", "17:00");
    let asked = app.post_form(&edit, &edit, &as_refs(&sooner)).await;
    let body = assert_status!(asked, 200);
    assert!(body.contains("Sluitingsdatum vervroegen?"));
    assert!(
        body.contains("donderdag 3 december 2099 om 12:00 uur")
            && body.contains("vrijdag 20 november 2099 om 17:00 uur")
    );
    assert!(body.contains("De schrijvers van 2 concepten krijgen meteen een e-mail"));
    assert!(
        body.contains(r#"value="2099-11-20""#),
        "the form keeps what was typed"
    );
    assert_eq!(
        app.count("deadline_changes").await,
        0,
        "nothing changed before confirming"
    );
    assert!(
        app.deliver_mail()
            .await
            .iter()
            .all(|m| !m.subject.starts_with("Eerder sluiten"))
    );

    let mut confirmed = sooner.clone();
    confirmed.retain(|(name, _)| *name != "action");
    confirmed.push(("action", "shorten".into()));
    let response = app.post_form(&edit, &edit, &as_refs(&confirmed)).await;
    assert_status!(response, 303);
    assert_eq!(app.count("deadline_changes").await, 1);

    let mails: Vec<_> = app
        .deliver_mail()
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Eerder sluiten"))
        .collect();
    let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "bewoner@example.nl",
            "schrijver@horst.nl",
            "secretaris@horst.nl"
        ]
    );
    let editor_mail = mails.iter().find(|m| m.to == "schrijver@horst.nl").unwrap();
    assert!(
        editor_mail
            .text
            .contains("vrijdag 20 november 2099 om 17:00 uur")
            && editor_mail.text.contains("Houd De Schakel open")
    );
    assert!(
        editor_mail
            .text
            .contains(&format!("{}/reacties/{draft}/bewerken", app.address))
    );

    let (_, public) = app
        .second_browser()
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(public.contains("Sluitingsdatum vervroegd van donderdag 3 december 2099 om 12:00 uur naar vrijdag 20 november 2099 om 17:00 uur"));
}

async fn extending_shows_a_public_line_and_mails_no_one(app: TestApp) {
    let w = world(&app).await;
    start_draft(
        &w.editor,
        &w.consultation,
        Some(&w.organisation),
        "Houd De Schakel open",
    )
    .await;
    let edit = format!("/griffie/consultaties/{}/bewerken", w.consultation);
    let committee = committee_of(&app, &w.consultation).await;
    let later = with_deadline(&committee, "2099-12-07", "09:00");
    let response = app.post_form(&edit, &edit, &as_refs(&later)).await;
    assert_status!(response, 303, "extending needs no confirmation");
    assert!(
        app.deliver_mail()
            .await
            .iter()
            .all(|m| !m.subject.starts_with("Eerder sluiten"))
    );
    let (_, public) = app
        .second_browser()
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(public.contains("Sluitingsdatum verlengd van donderdag 3 december 2099 om 12:00 uur naar maandag 7 december 2099 om 09:00 uur"));
    // Saving again without moving it adds nothing to the record.
    assert_status!(app.post_form(&edit, &edit, &as_refs(&later)).await, 303);
    assert_eq!(app.count("deadline_changes").await, 1);
}
