//! Receipt numbers: a prefix per round that the clerk confirms when opening it, so rounds
//! whose titles start alike, in one council or in two, all take submissions.

use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::reactions;
use inspraak::domain::account::CouncilRole;
use inspraak::domain::time::now_utc;

use crate::fixtures::{
    consultation_fields, council_with_clerk_logged_in, create_consultation_from, resident_draft,
    submit,
};
use crate::helpers::TestApp;
use crate::{assert_redirect, assert_status, both_backends};

async fn open_with(clerk: &TestApp, id: &str, code: &str) -> reqwest::Response {
    let confirm = format!("/griffie/consultaties/{id}/openen");
    clerk.post_form(&confirm, &confirm, &[("code", code)]).await
}

/// Creates a concept titled `title` in `slug` as the logged-in clerk; returns its id.
async fn concept(app: &TestApp, slug: &str, committee: &str, title: &str) -> String {
    let mut fields = consultation_fields(committee);
    fields[0].1 = title.to_owned();
    create_consultation_from(app, slug, &fields).await
}

/// A new resident writes and submits a reaction; returns the number on the receipt.
async fn submit_one(app: &TestApp, consultation: &str, email: &str) -> String {
    let (resident, reaction) = resident_draft(app, consultation, email, "Onze reactie", None).await;
    let response = submit(&resident, &reaction).await;
    let redirect = assert_redirect!(response, "submitted, not refused");
    let (_, receipt) = resident.get_text(&redirect).await;
    let marker = "<dt>Nummer</dt><dd><strong>";
    let start = receipt.find(marker).expect("a number on the receipt") + marker.len();
    receipt[start..start + receipt[start..].find('<').unwrap()].to_owned()
}

async fn set_number(app: &TestApp, from: &str, to: &str) {
    let (from, to) = (from.to_owned(), to.to_owned());
    app.db
        .write(move |conn| {
            diesel::update(reactions::table.filter(reactions::submission_number.eq(&from)))
                .set(reactions::submission_number.eq(&to))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
}

both_backends!(
    rounds_whose_titles_start_alike_in_two_councils_all_take_submissions,
    two_clerks_opening_with_one_code_at_once_get_one_round_each_or_a_message,
    a_council_code_is_unique_and_checked_on_the_admin_form,
    a_refused_submission_gives_the_form_back_and_loses_nothing
);

async fn rounds_whose_titles_start_alike_in_two_councils_all_take_submissions(app: TestApp) {
    let (_, north_committee) = app.create_council_with_clerk("lindeveld").await;
    let (south, south_committee) = app.create_council("horstdam").await;
    app.login("griffie@lindeveld.nl").await;
    let south_clerk = app.second_browser();
    app.create_user(
        "griffie@horstdam.nl",
        false,
        Some((&south, CouncilRole::Clerk)),
    )
    .await;
    south_clerk.login("griffie@horstdam.nl").await;

    let first = concept(&app, "lindeveld", &north_committee, "Ontmoetingsplekken").await;
    let second = concept(
        &app,
        "lindeveld",
        &north_committee,
        "Ontwikkelvisie Centrum",
    )
    .await;
    let elsewhere = concept(
        &south_clerk,
        "horstdam",
        &south_committee,
        "Ontmoetingsplekken Horstdam",
    )
    .await;

    // Opening asks first; the code is proposed from the title.
    let page = assert_status!(
        app.get(&format!("/griffie/consultaties/{second}/openen"))
            .await,
        200
    );
    assert!(page.contains("Inspraakronde openzetten?"));
    assert!(page.contains(r#"name="code""#) && page.contains(r#"value="ONT""#));
    assert!(page.contains("griffie@example.nl"), "says who is mailed");
    let (_, public) = app
        .second_browser()
        .get_text(&format!("/consultaties/{second}"))
        .await;
    assert!(
        !public.contains("Ontwikkelvisie"),
        "the confirmation page opened nothing"
    );

    assert_status!(open_with(&app, &first, "ont").await, 303);
    let year = now_utc().format("%Y").to_string();
    let taken = open_with(&app, &second, "ONT").await;
    let body = assert_status!(taken, 422);
    assert!(
        body.contains(&format!("LINDEVELD-{year}-ONT")) && body.contains("«Ontmoetingsplekken»"),
        "names the round that has it"
    );
    assert!(body.contains(r#"value="ONT""#), "what was typed is kept");
    let bad = open_with(&app, &second, "O-N").await;
    let bad = assert_status!(bad, 422);
    assert!(bad.contains("2 tot 12 letters of cijfers"));
    assert_status!(open_with(&app, &second, "ONT2").await, 303);
    // Another council may use the same round code: its own code comes first.
    assert_status!(open_with(&south_clerk, &elsewhere, "ONT").await, 303);

    let numbers = [
        submit_one(&app, &first, "a@example.nl").await,
        submit_one(&app, &second, "b@example.nl").await,
        submit_one(&app, &elsewhere, "c@example.nl").await,
        submit_one(&app, &first, "d@example.nl").await,
    ];
    assert_eq!(
        numbers,
        [
            format!("LINDEVELD-{year}-ONT-0001"),
            format!("LINDEVELD-{year}-ONT2-0001"),
            format!("HORSTDAM-{year}-ONT-0001"),
            format!("LINDEVELD-{year}-ONT-0002"),
        ]
    );
    let (_, manage) = app
        .get_text(&format!("/griffie/consultaties/{second}"))
        .await;
    assert!(
        manage.contains(&format!("LINDEVELD-{year}-ONT2-0001")),
        "the griffie sees the numbers to come"
    );
}

async fn two_clerks_opening_with_one_code_at_once_get_one_round_each_or_a_message(app: TestApp) {
    let (council, committee) = app.create_council_with_clerk("lindeveld").await;
    app.login("griffie@lindeveld.nl").await;
    let colleague = app.second_browser();
    app.create_user(
        "collega@lindeveld.nl",
        false,
        Some((&council, CouncilRole::Clerk)),
    )
    .await;
    colleague.login("collega@lindeveld.nl").await;
    let a = concept(&app, "lindeveld", &committee, "Ontmoetingsplekken").await;
    let b = concept(&app, "lindeveld", &committee, "Ontwikkelvisie").await;
    let (first, second) =
        tokio::join!(open_with(&app, &a, "ONT"), open_with(&colleague, &b, "ONT"));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(
        statuses,
        [303, 422],
        "one opens, the other is asked for another code"
    );
}

async fn a_council_code_is_unique_and_checked_on_the_admin_form(app: TestApp) {
    app.create_council("lindeveld").await;
    app.create_user("beheer@example.nl", true, None).await;
    app.login("beheer@example.nl").await;
    let fields = |code: &'static str| {
        vec![
            ("name", "Gemeente Horstdam"),
            ("slug", "horstdam"),
            ("code", code),
            ("logo_text", "Horstdam"),
            ("speaking_deadline_hours", "24"),
            ("minutes_per_speaker", "5"),
            ("total_speaking_minutes", "30"),
            ("retention_days", "90"),
        ]
    };
    let taken = app
        .post_form(
            "/beheer/gemeenten/nieuw",
            "/beheer/gemeenten",
            &fields("lindeveld"),
        )
        .await;
    let body = assert_status!(taken, 422);
    assert!(body.contains("Een andere gemeente heeft deze code al"));
    assert!(
        body.contains(r#"value="Gemeente Horstdam""#),
        "what was typed is kept"
    );
    let response = app
        .post_form(
            "/beheer/gemeenten/nieuw",
            "/beheer/gemeenten",
            &fields("hsd"),
        )
        .await;
    assert_status!(response, 303);
    assert_eq!(app.count("councils").await, 2);
}

async fn a_refused_submission_gives_the_form_back_and_loses_nothing(app: TestApp) {
    let committee = council_with_clerk_logged_in(&app, "lindeveld").await;
    let round = concept(&app, "lindeveld", &committee, "Ontmoetingsplekken").await;
    let other = concept(&app, "lindeveld", &committee, "Speelruimteplan").await;
    assert_status!(open_with(&app, &round, "ONT").await, 303);
    assert_status!(open_with(&app, &other, "SPE").await, 303);
    // A number from another round stands where this round's first number would go
    // (numbers stay unique across the installation): the database refuses the write.
    let year = now_utc().format("%Y").to_string();
    let planted = submit_one(&app, &other, "a@example.nl").await;
    let next = format!("LINDEVELD-{year}-ONT-0001");
    set_number(&app, &planted, &next).await;

    let (resident, reaction) =
        resident_draft(&app, &round, "b@example.nl", "Onze reactie", None).await;
    let refused = submit(&resident, &reaction).await;
    let body = assert_status!(refused, 409, "a message, not a 500");
    assert!(
        body.contains("Het indienen is niet gelukt")
            && body.contains("uw reactie staat nog precies zo klaar")
    );
    assert!(
        body.contains("Eén wijkprogramma per wijk is een goed idee."),
        "the reaction is shown as it will be submitted"
    );
    let (_, edit) = resident
        .get_text(&format!("/reacties/{reaction}/bewerken"))
        .await;
    assert!(
        edit.contains("Wij willen **zelf** het buurthuis beheren."),
        "the draft is intact"
    );
    assert_eq!(app.count("submission_log").await, 1, "nothing half-written");

    set_number(&app, &next, &planted).await;
    let response = submit(&resident, &reaction).await;
    assert_status!(response, 303);
    assert_eq!(app.count("submission_log").await, 2);
}
