//! "Download mijn gegevens": one JSON file of everything held about the account, and
//! nothing about anyone else.

use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::users;

use crate::fixtures::{individual_reaction_by, signable, world};
use crate::helpers::TestApp;
use crate::{assert_redirect, assert_status, both_backends};

both_backends!(the_file_holds_the_account_and_what_it_did_and_nobody_else);

async fn the_file_holds_the_account_and_what_it_did_and_nobody_else(app: TestApp) {
    let w = world(&app).await;
    individual_reaction_by(&app, &w, "anna@example.nl", "Speeltuin open").await;
    let anna = app.second_browser();
    anna.login("anna@example.nl").await;
    let thread = format!("/consultaties/{}/discussie", w.consultation);
    anna.post_form(&thread, &thread, &[("body", "Graag een bankje erbij.")])
        .await;
    app.deliver_mail().await;

    let account = assert_status!(anna.get("/account").await, 200);
    assert!(account.contains(r#"href="/account/mijn-gegevens.json""#));
    let response = anna.get("/account/mijn-gegevens.json").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("inspraak-mijn-gegevens-"),
        "{disposition}"
    );
    assert_eq!(headers["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();

    assert_eq!(file["format"], "inspraak-mijn-gegevens-v1");
    assert_eq!(file["account"]["email"], "anna@example.nl");
    assert_eq!(file["account"]["display_name"], "Test Persoon");
    let reactions = file["reactions"].as_array().unwrap();
    assert_eq!(reactions.len(), 1);
    assert_eq!(reactions[0]["title"], "Speeltuin open");
    assert_eq!(reactions[0]["state"], "submitted");
    assert!(!reactions[0]["positions"].as_array().unwrap().is_empty());
    let posts = file["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0]["body"], "Graag een bankje erbij.");
    assert!(!file["sessions"].as_array().unwrap().is_empty());
    assert_eq!(file["sessions"][0]["signed_in_with"], "password");
    let mail = file["mail"].as_array().unwrap();
    assert!(!mail.is_empty(), "the receipt mail is listed");
    assert!(
        mail.iter().all(|m| m.get("body_text").is_none()),
        "subjects, not texts"
    );
    // Every part is explained in the file itself.
    let about = file["about"].as_object().unwrap();
    for (key, value) in file.as_object().unwrap() {
        if !matches!(key.as_str(), "format" | "generated_at" | "about") {
            assert!(about.contains_key(key), "{key} is explained");
            assert!(value.is_object() || value.is_array());
        }
    }
    assert!(
        !text.contains("$argon2") && !text.contains("password_hash"),
        "no password hash"
    );
    for other in [
        "secretaris@horst.nl",
        "schrijver@horst.nl",
        "griffie@lindeveld.nl",
    ] {
        assert!(!text.contains(other), "nothing about {other}");
    }

    // The secretary's file holds the organisation, a one-click signature with its wijk,
    // and the post reported with the reason given.
    app.db
        .write(|conn| {
            diesel::update(users::table.filter(users::email_key.eq("secretaris@horst.nl")))
                .set(users::email_verified_at.eq(Some(inspraak::domain::time::now_utc())))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let position = signable(&app, &w).await;
    let support = format!("/steun/standpunt/{position}");
    assert_redirect!(
        w.secretary
            .post_form(
                &support,
                &format!("{support}/account"),
                &[("postcode", "1234 AB")]
            )
            .await
    );
    let post = posts[0]["id"].as_str().unwrap();
    let flag = format!("/berichten/{post}/melden");
    assert_redirect!(
        w.secretary
            .post_form(&flag, &flag, &[("reason", "Hoort niet bij het onderwerp")])
            .await
    );
    let response = w.secretary.get("/account/mijn-gegevens.json").await;
    let theirs: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(
        theirs["organisations"][0]["name"],
        "Bewonersplatform De Horst"
    );
    assert_eq!(theirs["organisations"][0]["role"], "secretary");
    assert_eq!(theirs["signatures"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["signatures"][0]["state"], "confirmed");
    assert!(
        !theirs["districts"].as_array().unwrap().is_empty(),
        "the wijk, not the postcode"
    );
    assert!(!theirs.to_string().contains("1234 AB"), "no postcode");
    assert_eq!(theirs["flags"][0]["reason"], "Hoort niet bij het onderwerp");
    assert!(!theirs.to_string().contains("anna@example.nl"));

    // Logged out: sent to log in.
    assert_status!(
        app.second_browser()
            .get("/account/mijn-gegevens.json")
            .await,
        303
    );
}
