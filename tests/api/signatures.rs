use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, positions, signatures};
use inspraak::domain::time::now_utc;

use crate::fixtures::{
    close, district_table, set_deadline, sign, signable, signature_states, submitted, world,
};
use crate::helpers::{SentMail, TestApp, confirmation_for, link};
use crate::{assert_redirect, assert_status, both_backends};

async fn count_on_page(browser: &TestApp, position: &str) -> String {
    let (_, page) = browser
        .get_text(&format!("/steun/standpunt/{position}"))
        .await;
    let at = page.find("<p class=\"lead\"><strong>").expect("the count")
        + "<p class=\"lead\"><strong>".len();
    page[at..].split('<').next().unwrap().to_owned()
}

both_backends!(
    sign_confirm_by_post_count_once_and_withdraw,
    one_hundred_parallel_signs_with_one_address_leave_one_row,
    codes_expiry_and_closing,
    small_wijken_are_hidden_and_purge_keeps_counts,
    bursts_are_held_with_the_same_answer_and_robots_are_ignored,
    organisations_co_sign_by_a_board_member
);

async fn sign_confirm_by_post_count_once_and_withdraw(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let resident = app.second_browser();
    let response = sign(
        &resident,
        &position,
        "Els van Dam",
        "Els.vanDam+steun@Example.nl",
        "1234 ab",
    )
    .await;
    let first_page = assert_status!(response, 200);
    assert!(first_page.contains("Kijk in uw mailbox"));
    // The mail is written when it is sent; one about a signature gone by then is not.
    let gone = app.second_browser();
    assert_status!(
        sign(&gone, &position, "Weg", "weg@example.nl", "1234 AB").await,
        200
    );
    app.db
        .write(|conn| {
            diesel::delete(
                signatures::table.filter(signatures::email_normalized.eq("weg@example.nl")),
            )
            .execute(conn)
            .map_err(DbError::from)
        })
        .await
        .unwrap();
    let mails = app.deliver_mail().await;
    assert!(mails.iter().all(|m| m.to != "weg@example.nl"));
    let mine = confirmation_for(&mails, "Els.vanDam+steun@Example.nl");
    assert_eq!(mine.len(), 1, "one mail, to the address as typed");
    assert!(mine[0].text.contains("geen bewijs van wie u bent"));
    assert!(
        mine[0].html.contains("/steun/bevestigen/"),
        "the HTML part is written too"
    );
    let confirm = link(mine[0], &format!("{}/steun/bevestigen/", app.address));
    let withdraw = link(mine[0], &format!("{}/steun/intrekken/", app.address));

    // Opening the link (as a mail scanner does) confirms nothing.
    let opened = resident.client.get(&confirm).send().await.unwrap();
    let opened = assert_status!(opened, 200);
    assert!(opened.contains("Bevestig mijn steun"));
    assert_eq!(count_on_page(&resident, &position).await, "0");

    // Twenty clicks at once count once.
    let path = confirm.trim_start_matches(&app.address).to_owned();
    let token = resident.csrf_token(&path).await;
    let fields = [("csrf_token", token.as_str())];
    let clicks = (0..20).map(|_| resident.post_raw(&path, &fields));
    let statuses: Vec<u16> = futures_util::future::join_all(clicks)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(count_on_page(&resident, &position).await, "1");
    assert_eq!(
        signature_states(&app, "els.vandam@example.nl").await,
        ["confirmed"]
    );

    // Signing again with the same address: the same answer, no new row, no new mail.
    let again = sign(
        &resident,
        &position,
        "Els",
        "els.vandam@example.nl",
        "1234AB",
    )
    .await;
    assert_eq!(again.text().await.unwrap(), first_page);
    assert_eq!(app.count("signatures").await, 1);
    let mails = app.deliver_mail().await;
    assert_eq!(
        confirmation_for(&mails, "Els.vanDam+steun@Example.nl").len(),
        1
    );
    assert!(confirmation_for(&mails, "els.vandam@example.nl").is_empty());

    let (_, page) = app
        .second_browser()
        .get_text(&format!("/steun/standpunt/{position}"))
        .await;
    assert!(page.contains("Els van Dam"), "the chosen name is shown");
    assert!(
        !page.contains("vandam@example.nl")
            && !page.contains("1234 ab")
            && !page.contains("1234AB"),
        "no address or postcode in public"
    );
    let (_, reaction_page) = app
        .second_browser()
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(!reaction_page.contains("vandam@example.nl"));

    let withdraw_path = withdraw.trim_start_matches(&app.address).to_owned();
    assert!(
        resident
            .get_text(&withdraw_path)
            .await
            .1
            .contains("Trek mijn steun in")
    );
    assert_eq!(
        count_on_page(&resident, &position).await,
        "1",
        "a GET withdraws nothing"
    );
    // After the deadline the counts are frozen: withdrawing is refused too.
    let consultation = w.consultation.clone();
    let deadline: chrono::NaiveDateTime = app
        .db
        .read(move |conn| {
            consultations::table
                .find(&consultation)
                .select(consultations::deadline_at)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    set_deadline(&app, &w.consultation, now_utc() - Duration::seconds(1)).await;
    let frozen = resident
        .post_form(&withdraw_path, &withdraw_path, &[])
        .await;
    assert_status!(frozen, 409);
    assert_eq!(count_on_page(&resident, &position).await, "1");
    set_deadline(&app, &w.consultation, deadline).await;
    let response = resident
        .post_form(&withdraw_path, &withdraw_path, &[])
        .await;
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Uw steun is ingetrokken")
    );
    assert_eq!(count_on_page(&resident, &position).await, "0");
}

async fn one_hundred_parallel_signs_with_one_address_leave_one_row(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let resident = app.second_browser();
    let path = format!("/steun/standpunt/{position}");
    let token = resident.csrf_token(&path).await;
    let fields = [
        ("csrf_token", token.as_str()),
        ("display_name", "Piet"),
        ("email", "piet@example.nl"),
        ("postcode", "1234AB"),
        ("consent", "1"),
    ];
    let attempts = (0..100).map(|_| resident.post_raw(&path, &fields));
    let responses = futures_util::future::join_all(attempts).await;
    assert!(responses.iter().all(|r| r.status().as_u16() == 200));
    assert_eq!(app.count("signatures").await, 1);
    assert_eq!(
        confirmation_for(&app.deliver_mail().await, "piet@example.nl").len(),
        1,
        "at most one mail an hour"
    );
}

async fn codes_expiry_and_closing(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let resident = app.second_browser();
    sign(
        &resident,
        &position,
        "Fatima",
        "fatima@example.nl",
        "1234AB",
    )
    .await;
    sign(&resident, &position, "Kees", "kees@example.nl", "1234AB").await;
    let mails = app.deliver_mail().await;
    let fatima = confirmation_for(&mails, "fatima@example.nl")[0];
    let code = fatima
        .text
        .split("typ deze code: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(code.len(), 9);
    let wrong = resident
        .post_form(
            "/steun/code",
            "/steun/code",
            &[("email", "fatima@example.nl"), ("code", "AAAA-AAAA")],
        )
        .await;
    assert_status!(wrong, 422);
    let right = resident
        .post_form(
            "/steun/code",
            "/steun/code",
            &[
                ("email", "Fatima@example.nl"),
                ("code", &code.to_lowercase().replace('-', " ")),
            ],
        )
        .await;
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("Uw steun is bevestigd")
    );
    assert_eq!(count_on_page(&resident, &position).await, "1");

    // Kees waits too long.
    app.advance_clock(inspraak::domain::signature::confirmation_lifetime() + Duration::minutes(1));
    let kees = confirmation_for(&mails, "kees@example.nl")[0];
    let path = link(kees, &format!("{}/steun/bevestigen/", app.address))
        .trim_start_matches(&app.address)
        .to_owned();
    let (_, page) = resident.get_text(&path).await;
    assert!(
        page.contains("verlopen") && !page.contains("Bevestig mijn steun"),
        "an expired link offers no button"
    );
    let response = resident.post_form("/steun/code", &path, &[]).await;
    let response = assert_status!(response, 404);
    assert!(response.contains("verlopen"));
    assert_eq!(count_on_page(&resident, &position).await, "1");
    let removed = inspraak::housekeeping::run_once(&app.db, app.now())
        .await
        .unwrap();
    assert_eq!(
        removed.unconfirmed_signatures, 1,
        "expired unconfirmed signatures are deleted"
    );

    // After the deadline signing is refused and counts are frozen.
    close(&app, &w.consultation).await;
    let path = format!("/steun/standpunt/{position}");
    let late = resident
        .post_form(
            "/steun/code",
            &path,
            &[
                ("display_name", "Laat"),
                ("email", "laat@example.nl"),
                ("postcode", "1234AB"),
                ("consent", "1"),
            ],
        )
        .await;
    assert_status!(late, 409);
    assert_eq!(app.count("signatures").await, 1);
}

async fn small_wijken_are_hidden_and_purge_keeps_counts(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    district_table(&app).await;
    let resident = app.second_browser();
    for n in 0..6 {
        sign(
            &resident,
            &position,
            &format!("Horst {n}"),
            &format!("horst{n}@example.nl"),
            "1234 XY",
        )
        .await;
    }
    for n in 0..2 {
        sign(
            &resident,
            &position,
            &format!("Molen {n}"),
            &format!("molen{n}@example.nl"),
            "5678AB",
        )
        .await;
    }
    for mail in app
        .deliver_mail()
        .await
        .iter()
        .filter(|m| m.subject == "Bevestig uw steun")
    {
        let path = link(mail, &format!("{}/steun/bevestigen/", app.address))
            .trim_start_matches(&app.address)
            .to_owned();
        assert_status!(resident.post_form(&path, &path, &[]).await, 200);
    }
    let (_, page) = resident
        .get_text(&format!("/steun/standpunt/{position}"))
        .await;
    assert!(
        page.contains(r#"<td>De Horst</td><td data-label="Steunbetuigingen">6</td>"#),
        "{page}"
    );
    assert!(
        page.contains(
            r#"<td>Molenkwartier</td><td data-label="Steunbetuigingen">minder dan 5</td>"#
        )
    );
    assert_eq!(count_on_page(&resident, &position).await, "8");
    submitted(&w, "Later en zonder steun").await;
    let (_, newest) = resident
        .get_text(&format!("/consultaties/{}", w.consultation))
        .await;
    assert!(
        newest.find("Later en zonder steun").unwrap()
            < newest.find("Houd De Schakel open").unwrap()
    );
    let (_, most) = resident
        .get_text(&format!("/consultaties/{}?volgorde=steun", w.consultation))
        .await;
    assert!(
        most.find("Houd De Schakel open").unwrap() < most.find("Later en zonder steun").unwrap()
    );
    assert!(most.contains("8 steunbetuigingen"));

    // Archived long enough ago: addresses go, counts stay.
    let consultation = w.consultation.clone();
    let archived_at = app.now() - Duration::days(400);
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&consultation))
                .set((
                    consultations::state.eq("archived"),
                    consultations::updated_at.eq(archived_at),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let removed = inspraak::housekeeping::run_once(&app.db, app.now())
        .await
        .unwrap();
    assert_eq!(removed.signer_addresses, 8);
    let left: i64 = app
        .db
        .read(|conn| {
            signatures::table
                .filter(signatures::email_normalized.is_not_null())
                .count()
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(count_on_page(&resident, &position).await, "8");
}

async fn bursts_are_held_with_the_same_answer_and_robots_are_ignored(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let resident = app.second_browser();
    let mut answers = Vec::new();
    for n in 0..61 {
        let response = sign(
            &resident,
            &position,
            "Buur",
            &format!("buur{n}@example.nl"),
            "1234AB",
        )
        .await;
        let response = assert_status!(response, 200);
        answers.push(response);
    }
    assert_eq!(
        answers.first(),
        answers.last(),
        "the held signer sees the same page"
    );
    assert_eq!(signature_states(&app, "buur60@example.nl").await, ["held"]);
    assert_eq!(
        signature_states(&app, "buur59@example.nl").await,
        ["pending"]
    );
    let mails = app.deliver_mail().await;
    assert!(
        confirmation_for(&mails, "buur60@example.nl").is_empty(),
        "no mail until the griffie approves"
    );

    let path = format!("/steun/standpunt/{position}");
    let robot = resident
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Bot"),
                ("email", "bot@example.nl"),
                ("postcode", "1234AB"),
                ("consent", "1"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert!(robot.text().await.unwrap().contains("Kijk in uw mailbox"));
    assert!(signature_states(&app, "bot@example.nl").await.is_empty());
    let bad = resident
        .post_form(
            &path,
            &path,
            &[
                ("display_name", ""),
                ("email", "geen"),
                ("postcode", "12"),
                ("website", ""),
            ],
        )
        .await;
    assert_status!(bad, 422);
    assert_status!(
        resident
            .post_raw(
                &path,
                &[
                    ("display_name", "x"),
                    ("email", "x@example.nl"),
                    ("postcode", "1234AB"),
                    ("consent", "1")
                ]
            )
            .await,
        403,
        "no CSRF token"
    );
}

async fn organisations_co_sign_by_a_board_member(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let path = format!("/steun/standpunt/{position}");
    let organisation = w.organisation.clone();
    let response = w
        .editor
        .post_form(
            &path,
            &format!("{path}/organisatie"),
            &[("organisation_id", &organisation)],
        )
        .await;
    assert_status!(response, 403, "editors do not speak for the board");
    let response = w
        .secretary
        .post_form(
            &path,
            &format!("{path}/organisatie"),
            &[("organisation_id", &organisation)],
        )
        .await;
    assert_status!(response, 303);
    w.secretary
        .post_form(
            &path,
            &format!("{path}/organisatie"),
            &[("organisation_id", &organisation)],
        )
        .await;
    assert_eq!(app.count("organisation_signatures").await, 1);
    let (_, page) = app.second_browser().get_text(&path).await;
    assert!(
        page.contains("Gesteund door organisaties") && page.contains("Bewonersplatform De Horst")
    );
    assert_eq!(
        count_on_page(&app.second_browser(), &position).await,
        "0",
        "organisations are counted apart from residents"
    );
}

both_backends!(
    an_empty_name_is_anonymous_only_where_the_consultation_allows_it,
    four_digit_and_six_character_postcodes_count_in_their_wijk,
    the_confirm_page_says_what_is_supported_and_the_thanks_lead_back_with_the_count
);

async fn an_empty_name_is_anonymous_only_where_the_consultation_allows_it(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let path = format!("/steun/standpunt/{position}");
    let resident = app.second_browser();
    // The test form leaves the griffie's "anoniem toestaan" box unticked: the name is
    // needed, and the label says so instead of "niet verplicht".
    let (_, page) = resident.get_text(&path).await;
    let name_field = page
        .split(r#"for="display_name""#)
        .nth(1)
        .unwrap()
        .split("</div>")
        .next()
        .unwrap();
    assert!(
        !name_field.contains("niet verplicht")
            && name_field.contains("Verplicht bij deze inspraakronde"),
        "{name_field}"
    );
    assert!(
        !page.contains(r#"name="anonymous""#),
        "no box to tick: an empty name is the choice"
    );
    let refused = sign(&resident, &position, "", "stil@example.nl", "1234").await;
    let refused = assert_status!(refused, 422);
    assert!(refused.contains("Bij deze inspraakronde staat bij elke steun een naam."));
    assert!(
        refused.contains(r#"value="stil@example.nl""#) && refused.contains(r#"value="1234""#),
        "what was typed is kept"
    );
    assert_eq!(app.count("signatures").await, 0);

    let consultation = w.consultation.clone();
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&consultation))
                .set(consultations::allow_anonymous_support.eq(true))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    // Changed behind the server's back: its support page is kept for a second.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (_, page) = resident.get_text(&path).await;
    let name_field = page
        .split(r#"for="display_name""#)
        .nth(1)
        .unwrap()
        .split("</div>")
        .next()
        .unwrap();
    assert!(
        name_field.contains("(niet verplicht)") && name_field.contains("Laat het veld leeg"),
        "{name_field}"
    );
    assert!(!page.contains(r#"name="anonymous""#));
    assert_status!(
        sign(&resident, &position, "  ", "stil@example.nl", "1234").await,
        200
    );
    assert_status!(
        sign(
            &resident,
            &position,
            "Els van Dam",
            "els@example.nl",
            "1234"
        )
        .await,
        200
    );
    let names: Vec<(String, Option<String>)> = app
        .db
        .read(|conn| {
            signatures::table
                .order(signatures::email_normalized.asc())
                .select((
                    signatures::email_normalized.assume_not_null(),
                    signatures::display_name,
                ))
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(
        names,
        [
            ("els@example.nl".to_owned(), Some("Els van Dam".to_owned())),
            ("stil@example.nl".to_owned(), None)
        ],
        "a name is kept only if given"
    );
    let mails = app.deliver_mail().await;
    for mail in confirmation_for(&mails, "stil@example.nl")
        .into_iter()
        .chain(confirmation_for(&mails, "els@example.nl"))
    {
        let confirm = link(mail, &format!("{}/steun/bevestigen/", app.address))
            .trim_start_matches(&app.address)
            .to_owned();
        assert_status!(resident.post_form(&confirm, &confirm, &[]).await, 200);
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (_, page) = app.second_browser().get_text(&path).await;
    assert_eq!(count_on_page(&resident, &position).await, "2");
    let shown = page
        .split("Inwoners die hun naam tonen</h3><p>")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert_eq!(
        shown, "Els van Dam",
        "the anonymous signer is counted, not named"
    );
}

async fn four_digit_and_six_character_postcodes_count_in_their_wijk(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    district_table(&app).await;
    let resident = app.second_browser();
    for (email, postcode) in [
        ("pc4@example.nl", "1234"),
        ("pc6@example.nl", "1234 ab"),
        ("kort@example.nl", "5678ab"),
        ("ander@example.nl", "5678"),
    ] {
        let response = sign(&resident, &position, "Buur", email, postcode).await;
        let response = assert_status!(response, 200, "{postcode}");
        assert!(response.contains("Kijk in uw mailbox"), "{postcode}");
    }
    let districts: Vec<(String, String)> = app
        .db
        .read(|conn| {
            signatures::table
                .order(signatures::email_normalized.asc())
                .select((
                    signatures::email_normalized.assume_not_null(),
                    signatures::district,
                ))
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(
        districts,
        [
            (
                "ander@example.nl".to_owned(),
                "Overig of buiten de gemeente".to_owned()
            ),
            ("kort@example.nl".to_owned(), "Molenkwartier".to_owned()),
            ("pc4@example.nl".to_owned(), "De Horst".to_owned()),
            ("pc6@example.nl".to_owned(), "De Horst".to_owned()),
        ],
        "only the wijk is stored, from four digits or six characters"
    );

    for (postcode, message) in [
        ("", "Vul uw postcode in, bijvoorbeeld 1234 of 1234 AB."),
        (
            "12345",
            "Een postcode heeft 4 cijfers, eventueel gevolgd door 2 letters, zoals 1234 of 1234 AB.",
        ),
        (
            "1234 A",
            "Een postcode heeft 4 cijfers, eventueel gevolgd door 2 letters, zoals 1234 of 1234 AB.",
        ),
        ("0123", "Een postcode begint niet met een 0."),
    ] {
        let response = sign(&resident, &position, "Buur", "fout@example.nl", postcode).await;
        let page = assert_status!(response, 422, "{postcode:?}");
        assert!(page.contains(message), "{postcode:?}");
        assert!(
            page.contains(&format!(r#"name="postcode" value="{postcode}""#)),
            "the postcode as typed is kept"
        );
        assert!(page.contains(r#"value="fout@example.nl""#));
    }
    assert_eq!(app.count("signatures").await, 4);
}

async fn the_confirm_page_says_what_is_supported_and_the_thanks_lead_back_with_the_count(
    app: TestApp,
) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let reaction: String = {
        let position = position.clone();
        app.db
            .read(move |conn| {
                positions::table
                    .find(&position)
                    .select(positions::reaction_id)
                    .first(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    let resident = app.second_browser();
    sign(&resident, &position, "Els", "els@example.nl", "1234").await;
    sign(&resident, &position, "Kees", "kees@example.nl", "1234 AB").await;
    let mails = app.deliver_mail().await;
    let confirm = link(
        confirmation_for(&mails, "els@example.nl")[0],
        &format!("{}/steun/bevestigen/", app.address),
    )
    .trim_start_matches(&app.address)
    .to_owned();

    let ask = assert_status!(resident.get(&confirm).await, 200);
    for what in [
        "Eén wijkprogramma per wijk is een goed idee.",
        "Houd De Schakel open",
        "Bewonersplatform De Horst",
        "Bevestig mijn steun",
    ] {
        assert!(ask.contains(what), "the confirm page names {what}");
    }
    assert!(ask.contains(&format!(r##"href="/reacties/{reaction}#standpunt-1""##)));
    assert_eq!(
        count_on_page(&resident, &position).await,
        "0",
        "reading the page confirms nothing"
    );

    // A visitor's reaction page, shared with every visitor for a second.
    let before = assert_status!(resident.get(&format!("/reacties/{reaction}")).await, 200);
    assert!(before.contains("Steun dit standpunt</a> · 0 steunbetuigingen"));

    let done = resident.post_form(&confirm, &confirm, &[]).await;
    let done = assert_status!(done, 200);
    assert!(done.contains("Uw steun is bevestigd"));
    assert!(
        done.contains("Eén wijkprogramma per wijk is een goed idee.")
            && done.contains("Bewonersplatform De Horst")
    );
    assert!(
        done.contains("heeft nu <strong>1</strong> bevestigde steunbetuiging."),
        "the new count"
    );
    let back = format!("/reacties/{reaction}?melding=steun-telt#standpunt-1");
    assert!(
        done.contains(&format!(r#"href="{back}""#)),
        "back to the position at its place"
    );
    // Within that second the way back still shows this support counted.
    let after = assert_status!(resident.get(&back).await, 200);
    assert!(after.contains("Uw steun telt mee."));
    assert!(after.contains("Steun dit standpunt</a> · 1 steunbetuiging"));
    assert!(done.contains(&format!(r#"href="/steun/standpunt/{position}""#)));
    // Opening the link again says it counts, with the count.
    let again = assert_status!(resident.get(&confirm).await, 200);
    assert!(
        again.contains("Uw steun is bevestigd")
            && !again.contains("<form method=\"post\" action=\"/steun/bevestigen/")
    );

    // The code in the mail leads to the same thanks, with the count both make.
    let kees = confirmation_for(&mails, "kees@example.nl")[0];
    let code = kees
        .text
        .split("typ deze code: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let by_code = resident
        .post_form(
            "/steun/code",
            "/steun/code",
            &[("email", "kees@example.nl"), ("code", &code)],
        )
        .await;
    let by_code = assert_status!(by_code, 200);
    assert!(
        by_code.contains("Houd De Schakel open")
            && by_code.contains("Eén wijkprogramma per wijk is een goed idee.")
    );
    assert!(by_code.contains("heeft nu <strong>2</strong> bevestigde steunbetuigingen."));
    assert!(by_code.contains(&format!(r##"href="/reacties/{reaction}#standpunt-1""##)));

    // A link that is not ours shows nothing of any signature.
    let last = if confirm.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &confirm[..confirm.len() - 1]);
    let page = assert_status!(resident.get(&forged).await, 404);
    assert!(page.contains("Deze link werkt niet") && !page.contains("Houd De Schakel open"));
    assert_status!(
        resident.get("/steun/bevestigen/link-uit-de-mail").await,
        404
    );
    // A scenario's thanks lead to the scenario's place.
    let scenario: String = app
        .db
        .read(move |conn| {
            inspraak::db::schema::scenarios::table
                .filter(inspraak::db::schema::scenarios::reaction_id.eq(&reaction))
                .select(inspraak::db::schema::scenarios::id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let path = format!("/steun/scenario/{scenario}");
    resident
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Els"),
                ("email", "els@example.nl"),
                ("postcode", "1234"),
                ("consent", "1"),
            ],
        )
        .await;
    let mails = app.deliver_mail().await;
    let mail = mails
        .iter()
        .find(|m| m.to == "els@example.nl" && m.text.contains("Bewonersbeheer De Schakel"))
        .expect("the scenario's mail");
    let confirm = link(mail, &format!("{}/steun/bevestigen/", app.address))
        .trim_start_matches(&app.address)
        .to_owned();
    let done = resident
        .post_form(&confirm, &confirm, &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(done.contains("#scenario-1\"") && done.contains("Bewonersbeheer De Schakel"));
}

both_backends!(a_resident_with_a_confirmed_account_signs_in_one_click);

async fn a_resident_with_a_confirmed_account_signs_in_one_click(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let first = position.clone();
    let second: String = app
        .db
        .read(move |conn| {
            let reaction: String = positions::table
                .find(&first)
                .select(positions::reaction_id)
                .first(conn)?;
            positions::table
                .filter(positions::reaction_id.eq(&reaction))
                .filter(positions::id.ne(&first))
                .select(positions::id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let page = format!("/steun/standpunt/{position}");
    let one_click = format!("{page}/account");

    // Registering sends a confirmation mail; until it is used, signing takes the form
    // (for someone who logs in with the password before confirming).
    let ans = app.second_browser();
    let fields = [
        ("display_name", "Ans de Vries"),
        ("email", "Ans@Example.nl"),
        ("password", crate::helpers::PASSWORD),
        ("password_confirmation", crate::helpers::PASSWORD),
    ];
    assert_status!(
        ans.post_form("/account/registreren", "/account/registreren", &fields)
            .await,
        303
    );
    ans.login("ans@example.nl").await;
    let (_, before) = ans.get_text(&page).await;
    assert!(before.contains("Uw e-mailadres is nog niet bevestigd"));
    assert!(!before.contains("Steun dit met mijn account"));
    // One way to sign: the address form, with the account's own name and address.
    assert!(
        before.contains(r#"name="email" value="Ans@Example.nl""#)
            && before.contains(r#"value="Ans de Vries""#),
        "prefilled with the account"
    );
    assert!(!before.contains("Met een ander e-mailadres"));
    assert_status!(
        ans.post_form(&page, &one_click, &[("postcode", "1234 AB")])
            .await,
        403
    );

    // Asking for the mail again works three times an hour.
    for notice in [
        "bevestigingsmail",
        "bevestigingsmail",
        "bevestigingsmail",
        "bevestigingsmail-later",
    ] {
        let again = ans
            .post_form("/account", "/account/bevestigingsmail", &[])
            .await;
        assert!(crate::helpers::location(&again).ends_with(&format!("melding={notice}")));
    }
    let mails = app.deliver_mail().await;
    let asked: Vec<&SentMail> = mails
        .iter()
        .filter(|m| m.to == "Ans@Example.nl" && m.subject == "Bevestig uw e-mailadres")
        .collect();
    assert_eq!(asked.len(), 4, "at registration and three times on request");
    let mail = asked[0];
    let link = link(mail, &format!("{}/account/bevestigen/", app.address))
        .trim_start_matches(&app.address)
        .to_owned();
    // Opening the link (as a mail scanner does) confirms nothing.
    assert_status!(ans.get(&link).await, 200);
    assert!(
        ans.get_text("/account")
            .await
            .1
            .contains("Nog niet bevestigd")
    );
    let last = if link.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &link[..link.len() - 1]);
    assert_status!(ans.post_form(&link, &forged, &[]).await, 404);
    let done = assert_status!(ans.get(&link).await, 200);
    assert!(done.contains("Bevestig mijn e-mailadres"));
    assert_status!(
        ans.post_form(&link, &link, &[]).await,
        303,
        "confirmed, and logged in again"
    );
    assert!(ans.get_text("/account").await.1.contains("(bevestigd)"));

    // The first time in a council it asks the postcode, then it counts at once.
    let (_, ready) = ans.get_text(&page).await;
    assert!(ready.contains("Steun dit met mijn account") && ready.contains("account-postcode"));
    // One way first; another address is folded away and never filled with the account's.
    assert_eq!(
        ready.matches(&format!(r#"action="{one_click}""#)).count(),
        1
    );
    let folded = ready
        .split(r#"<details class="disclosure">"#)
        .nth(1)
        .expect("another address, folded");
    assert!(folded.starts_with("<summary>Met een ander e-mailadres steunen</summary>"));
    assert!(
        folded.contains(r#"name="email" value="""#)
            && folded.contains(r#"name="display_name" value="""#)
    );
    assert!(
        !ready.contains("ans@example.nl")
            && !ready.contains("Ans@Example.nl")
            && !ready.contains(r#"value="Ans de Vries""#),
        "the account's own address is not offered as another"
    );
    let mistyped = ans
        .post_form(
            &page,
            &page,
            &[
                ("display_name", "Bram"),
                ("email", "bram@example.nl"),
                ("postcode", "12"),
                ("consent", "1"),
            ],
        )
        .await;
    let mistyped = assert_status!(mistyped, 422);
    assert!(
        mistyped.contains(r#"<details class="disclosure" open>"#),
        "the folded form opens on its errors"
    );
    assert!(
        mistyped.contains(r#"value="bram@example.nl""#)
            && mistyped.contains("Een postcode heeft 4 cijfers")
    );
    assert_status!(
        ans.post_form(
            &page,
            &page,
            &[
                ("display_name", "Bram"),
                ("email", "bram@example.nl"),
                ("postcode", "1234"),
                ("consent", "1")
            ]
        )
        .await,
        200
    );
    assert_eq!(
        confirmation_for(&app.deliver_mail().await, "bram@example.nl").len(),
        1,
        "another address confirms by mail"
    );
    let missing = ans.post_form(&page, &one_click, &[("postcode", "")]).await;
    let missing = assert_status!(missing, 422);
    assert!(missing.contains("Vul uw postcode in"));
    let wrong = ans
        .post_form(&page, &one_click, &[("postcode", "99")])
        .await;
    let wrong = assert_status!(wrong, 422);
    assert!(
        wrong.contains("Een postcode heeft 4 cijfers, eventueel gevolgd door 2 letters")
            && wrong.contains(r#"value="99""#)
    );
    let signed = ans
        .post_form(&page, &one_click, &[("postcode", "1234 AB")])
        .await;
    let redirect = assert_redirect!(signed);
    assert!(redirect.ends_with("melding=steun-telt"));
    assert_eq!(count_on_page(&ans, &position).await, "1");
    let again = ans.post_form(&page, &one_click, &[]).await;
    assert!(crate::helpers::location(&again).ends_with("melding=al-gesteund"));
    assert_eq!(
        count_on_page(&ans, &position).await,
        "1",
        "one signature per address"
    );
    assert_eq!(
        signature_states(&app, "ans@example.nl").await,
        ["confirmed"]
    );
    let (_, signed_page) = ans.get_text(&page).await;
    assert!(signed_page.contains("U steunt dit met uw account."));
    assert!(
        signed_page.contains("Ans de Vries"),
        "the name shows with the support"
    );
    assert!(
        confirmation_for(&app.deliver_mail().await, "ans@example.nl").is_empty(),
        "no confirmation mail needed"
    );

    // The next position in the same council: one click, no postcode.
    let other = format!("/steun/standpunt/{second}");
    let (_, other_page) = ans.get_text(&other).await;
    assert!(
        other_page.contains("Steun dit met mijn account")
            && !other_page.contains("account-postcode")
    );
    assert_status!(
        ans.post_form(&other, &format!("{other}/account"), &[])
            .await,
        303
    );
    assert_eq!(count_on_page(&ans, &second).await, "1");

    // Withdrawing from the page takes the support away again.
    let withdraw = signed_page
        .split("action=\"/steun/intrekken/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let withdraw = format!("/steun/intrekken/{withdraw}");
    assert_status!(ans.post_form(&page, &withdraw, &[]).await, 200);
    assert_eq!(count_on_page(&ans, &position).await, "0");

    // After the deadline the counts are frozen, for accounts too. The closed page has no
    // form any more: the token comes from its log-out form.
    close(&app, &w.consultation).await;
    let token = crate::helpers::extract_csrf(&ans.get_text(&other).await.1).unwrap();
    assert_status!(
        ans.post_raw(&format!("{other}/account"), &[("csrf_token", &token)])
            .await,
        409
    );
    assert_eq!(count_on_page(&ans, &second).await, "1");

    // Without an account there is no one-click route.
    let anonymous = app.second_browser();
    let response = anonymous
        .post_form("/account/inloggen", &one_click, &[("postcode", "1234 AB")])
        .await;
    assert!(crate::helpers::location(&response).starts_with("/account/inloggen"));
}
