//! The griffie's co-signing pages: the postcode table of a council and the review of
//! held signatures.

use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{district_postcodes, signatures};

use crate::fixtures::{confirm_signature, signable, signature_states, world};
use crate::helpers::{TestApp, confirmation_for};
use crate::{assert_redirect, assert_status, both_backends};

async fn sign(browser: &TestApp, position: &str, email: &str, postcode: &str) -> reqwest::Response {
    crate::fixtures::sign(browser, position, "Buur", email, postcode).await
}

/// Uploads a postcode file to `/griffie/{slug}/wijken`, with the CSRF token from
/// `token_page` when given.
async fn upload(
    browser: &TestApp,
    slug: &str,
    content: &str,
    token_page: Option<&str>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    if let Some(page) = token_page {
        form = form.text("csrf_token", browser.csrf_token(page).await);
    }
    let part = reqwest::multipart::Part::bytes(content.as_bytes().to_vec())
        .file_name("wijken.csv")
        .mime_str("text/csv")
        .unwrap();
    form = form.part("file", part);
    browser
        .client
        .post(browser.url(&format!("/griffie/{slug}/wijken")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The council's postcode table, sorted.
async fn table(app: &TestApp) -> Vec<(String, String)> {
    app.db
        .read(|conn| {
            district_postcodes::table
                .select((district_postcodes::postcode, district_postcodes::district))
                .order(district_postcodes::postcode.asc())
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

async fn source_of(app: &TestApp, email: &'static str) -> String {
    app.db
        .read(move |conn| {
            signatures::table
                .filter(signatures::email_normalized.eq(email))
                .select(signatures::source_hash)
                .first::<String>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

both_backends!(
    the_clerk_uploads_wijken_and_support_is_shown_per_wijk,
    only_the_councils_griffie_sees_wijken_and_held_support,
    held_signatures_are_approved_or_voided_with_a_reason
);

async fn the_clerk_uploads_wijken_and_support_is_shown_per_wijk(app: TestApp) {
    let w = world(&app).await;
    let page = "/griffie/lindeveld/wijken";
    let body = assert_status!(app.get(page).await, 200);
    assert!(body.contains("Er staan nog geen postcodes"), "{body}");
    assert!(body.contains(r#"enctype="multipart/form-data""#));
    let csrf_at = body.find(r#"name="csrf_token""#).unwrap();
    let file_at = body
        .find(r#"type="file" id="file" name="file" accept=".csv,text/csv""#)
        .expect("a file input");
    assert!(csrf_at < file_at, "the CSRF token comes before the file");
    let (_, dashboard) = app.get_text("/griffie").await;
    assert!(
        dashboard.contains(r#"href="/griffie/lindeveld/wijken""#),
        "linked from the dashboard"
    );

    // Dutch Excel: a byte order mark, semicolons, a header and Windows line ends.
    let response = upload(
        &app,
        "lindeveld",
        "\u{feff}Postcode;Wijk\r\n1234;De Horst\r\n5678 ab;Molenkwartier\r\n\r\n",
        Some(page),
    )
    .await;
    let redirect = assert_redirect!(response);
    assert_eq!(
        redirect,
        "/griffie/lindeveld/wijken?melding=wijken-vervangen"
    );
    let (_, body) = app.get_text(&redirect).await;
    assert!(body.contains("De tabel met postcodes en wijken is vervangen"));
    assert!(
        body.contains("<strong>2 postcodes</strong> in 2 wijken"),
        "{body}"
    );
    assert_eq!(
        table(&app).await,
        owned(&[("1234", "De Horst"), ("5678AB", "Molenkwartier")])
    );

    // A resident with a postcode in the table supports a position from De Horst.
    let position = signable(&app, &w).await;
    let resident = app.second_browser();
    assert_status!(
        sign(&resident, &position, "els@example.nl", "1234 xy").await,
        200
    );
    assert_eq!(
        confirm_signature(&app, &resident, "els@example.nl").await,
        200
    );
    let (_, support) = resident
        .get_text(&format!("/steun/standpunt/{position}"))
        .await;
    assert!(
        support.contains(r#"<td>De Horst</td><td data-label="Steunbetuigingen">minder dan 5</td>"#),
        "{support}"
    );

    // Bad lines: refused with their numbers, and the table stays as it was.
    let response = upload(
        &app,
        "lindeveld",
        "postcode,wijk\n1234,Noord\n12,Fout\n9999AB,\n",
        Some(page),
    )
    .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Regels 3 en 4 kloppen niet"), "{body}");
    assert!(body.contains("Regel 3: “12” is geen postcode"));
    assert!(body.contains("Regel 4: de naam van de wijk ontbreekt."));
    assert!(body.contains(r#"aria-invalid="true""#) && body.contains("error-summary"));
    assert_eq!(
        table(&app).await,
        owned(&[("1234", "De Horst"), ("5678AB", "Molenkwartier")])
    );

    // No file chosen, or no CSRF token: nothing changes either.
    let response = upload(&app, "lindeveld", "", Some(page)).await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Er staan geen postcodes in het bestand"));
    assert_status!(upload(&app, "lindeveld", "1111;Nieuw\n", None).await, 403);
    let huge = "1234;De Horst\n".repeat(2 * 1024 * 1024 / 14 + 1);
    let response = upload(&app, "lindeveld", &huge, Some(page)).await;
    let response = assert_status!(response, 422);
    assert!(response.contains("groter dan 2 MB"));
    assert_eq!(table(&app).await.len(), 2);

    // A good file replaces the whole table.
    let response = upload(&app, "lindeveld", "1234,\"Noord, oud\"\n", Some(page)).await;
    assert_status!(response, 303);
    assert_eq!(table(&app).await, owned(&[("1234", "Noord, oud")]));
}

async fn only_the_councils_griffie_sees_wijken_and_held_support(app: TestApp) {
    let w = world(&app).await;
    let steun = format!("/griffie/consultaties/{}/steun", w.consultation);
    app.create_council_with_clerk("anderdorp").await;
    app.create_user("inwoner@example.nl", false, None).await;
    app.create_user("beheer@example.nl", true, None).await;

    let manage = assert_status!(
        app.get(&format!("/griffie/consultaties/{}", w.consultation))
            .await,
        200
    );
    assert!(
        manage.contains(&format!(r#"href="{steun}""#)),
        "linked from the manage page"
    );
    assert_eq!(app.get_text(&steun).await.0, 200);

    for email in ["griffie@anderdorp.nl", "inwoner@example.nl"] {
        let other = app.second_browser();
        other.login(email).await;
        assert_eq!(
            other.get_text("/griffie/lindeveld/wijken").await.0,
            403,
            "{email}"
        );
        assert_status!(
            upload(&other, "lindeveld", "1234;Horst\n", Some("/account")).await,
            403,
            "{email}"
        );
        assert_eq!(other.get_text(&steun).await.0, 403, "{email}");
        let response = other
            .post_form(
                "/account",
                &steun,
                &[
                    ("source_hash", "x"),
                    ("domain", "example.nl"),
                    ("decision", "void"),
                    ("reason", "Nee"),
                ],
            )
            .await;
        assert_status!(response, 403, "{email}");
    }
    assert!(table(&app).await.is_empty());
    assert_eq!(app.count("signature_reviews").await, 0);

    let anonymous = app.second_browser();
    for path in ["/griffie/lindeveld/wijken", steun.as_str()] {
        let response = anonymous.get(path).await;
        let redirect = assert_redirect!(response);
        assert!(redirect.starts_with("/account/inloggen?terug="), "{path}");
    }

    let admin = app.second_browser();
    admin.login("beheer@example.nl").await;
    assert_eq!(admin.get_text("/griffie/lindeveld/wijken").await.0, 200);
    assert_eq!(admin.get_text(&steun).await.0, 200);
    assert_eq!(app.get_text("/griffie/bestaat-niet/wijken").await.0, 404);
}

async fn held_signatures_are_approved_or_voided_with_a_reason(app: TestApp) {
    let w = world(&app).await;
    let steun = format!("/griffie/consultaties/{}/steun", w.consultation);
    let position = signable(&app, &w).await;
    let resident = app.second_browser();
    for n in 0..61 {
        let response = sign(
            &resident,
            &position,
            &format!("buur{n}@example.nl"),
            "1234AB",
        )
        .await;
        assert_status!(response, 200);
    }
    sign(&resident, &position, "gast@andere.nl", "1234AB").await;
    sign(&resident, &position, "laat@derde.nl", "1234AB").await;
    assert_eq!(signature_states(&app, "buur60@example.nl").await, ["held"]);
    assert_eq!(signature_states(&app, "gast@andere.nl").await, ["held"]);
    let mails = app.deliver_mail().await;
    assert!(confirmation_for(&mails, "buur60@example.nl").is_empty());
    let source = source_of(&app, "buur60@example.nl").await;

    let page = assert_status!(app.get(&steun).await, 200);
    assert!(
        page.contains("Netwerk 1, e-mailadressen van example.nl"),
        "{page}"
    );
    assert!(page.contains("Netwerk 1, e-mailadressen van andere.nl"));
    assert!(page.contains("Netwerk 1, e-mailadressen van derde.nl"));
    assert!(page.contains("Verdachte pieken"));
    assert!(
        page.contains("<td>Netwerk 1</td><td data-label=\"Steunbetuigingen\">63</td>"),
        "the burst of the last hour"
    );
    assert!(page.contains("<td>example.nl</td><td data-label=\"Steunbetuigingen\">61</td>"));
    assert_eq!(
        page.matches(source.as_str()).count(),
        3,
        "the network only in the hidden fields"
    );
    assert!(!page.contains(&format!(">{source}")));
    assert!(page.contains("Nog geen besluiten."));

    // Without a reason nothing happens.
    let response = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "example.nl"),
                ("decision", "approve"),
                ("reason", "  "),
            ],
        )
        .await;
    let body = assert_status!(response, 422);
    assert!(body.contains("Vul de reden van uw besluit in."), "{body}");
    assert!(body.contains(r#"aria-invalid="true""#));
    assert_eq!(signature_states(&app, "buur60@example.nl").await, ["held"]);
    assert_eq!(app.count("signature_reviews").await, 0);

    // Without a CSRF token neither.
    let response = app
        .post_raw(
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "example.nl"),
                ("decision", "approve"),
                ("reason", "Buurtavond"),
            ],
        )
        .await;
    assert_status!(response, 403);
    assert_eq!(signature_states(&app, "buur60@example.nl").await, ["held"]);

    // Approved: the signer gets a mail and still has to confirm.
    let response = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "example.nl"),
                ("decision", "approve"),
                ("reason", "Bewonersavond in De Schakel"),
            ],
        )
        .await;
    let redirect = assert_redirect!(response);
    assert_eq!(redirect, format!("{steun}?melding=steun-goedgekeurd"));
    assert_eq!(
        signature_states(&app, "buur60@example.nl").await,
        ["pending"]
    );
    assert_eq!(
        confirm_signature(&app, &resident, "buur60@example.nl").await,
        200
    );
    assert_eq!(
        signature_states(&app, "buur60@example.nl").await,
        ["confirmed"]
    );

    // Deciding again about the same group changes nothing.
    let response = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "example.nl"),
                ("decision", "void"),
                ("reason", "Toch niet"),
            ],
        )
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("niet meer vastgehouden"));
    assert_eq!(
        signature_states(&app, "buur60@example.nl").await,
        ["confirmed"]
    );

    // Voided: no mail, never counted.
    let response = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "andere.nl"),
                ("decision", "void"),
                ("reason", "Nepadressen van één afzender"),
            ],
        )
        .await;
    assert_status!(response, 303);
    assert_eq!(signature_states(&app, "gast@andere.nl").await, ["voided"]);
    assert!(confirmation_for(&app.deliver_mail().await, "gast@andere.nl").is_empty());

    assert_eq!(app.count("signature_reviews").await, 2);
    let (_, page) = app
        .get_text(&format!("{steun}?melding=steun-ongeldig"))
        .await;
    assert!(page.contains("De steun is ongeldig verklaard"));
    assert!(
        !page.contains("e-mailadressen van andere.nl"),
        "decided groups leave the list"
    );
    let voided = page
        .find("Nepadressen van één afzender")
        .expect("the reason is listed");
    let approved = page
        .find("Bewonersavond in De Schakel")
        .expect("the reason is listed");
    assert!(voided < approved, "newest first");
    assert!(page.contains("Ongeldig verklaard") && page.contains("Goedgekeurd"));
    assert!(page.contains("<td data-label=\"Door\">Test Persoon</td>"));

    // After the deadline the counts are fixed: approving is refused, voiding is not.
    crate::fixtures::close(&app, &w.consultation).await;
    let (_, page) = app.get_text(&steun).await;
    assert!(!page.contains(r#"value="approve""#) && page.contains(r#"value="void""#));
    let response = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "derde.nl"),
                ("decision", "approve"),
                ("reason", "Te laat"),
            ],
        )
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("De inspraakronde is gesloten"));
    assert_eq!(signature_states(&app, "laat@derde.nl").await, ["held"]);
    let response = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "derde.nl"),
                ("decision", "void"),
                ("reason", "Te laat beoordeeld"),
            ],
        )
        .await;
    assert_status!(response, 303);
    assert_eq!(signature_states(&app, "laat@derde.nl").await, ["voided"]);
    assert!(
        app.get_text(&steun)
            .await
            .1
            .contains("Er wordt nu geen steun vastgehouden.")
    );
}
