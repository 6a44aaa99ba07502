use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, reactions};

use crate::fixtures::{World, close, individual_reaction_by, signable, world};
use crate::helpers::{SentMail, TestApp, confirmation_for, link, location};
use crate::{assert_redirect, assert_status, both_backends};

/// A closed round with three reactions (the bewonersplatform's, then two residents'),
/// and two confirmed co-signers of the platform's position: one asked for updates.
struct Answered {
    w: World,
    /// In submission order: indieners 1, 2 and 3.
    reactions: [String; 3],
    desk: String,
}

async fn closed_round(app: &TestApp) -> Answered {
    let w = world(app).await;
    let position = signable(app, &w).await;
    let second = individual_reaction_by(
        app,
        &w,
        "mevrouw.jansen@example.nl",
        "Koffieochtend op dinsdag",
    )
    .await;
    let third = individual_reaction_by(
        app,
        &w,
        "meneer.pietersen@example.nl",
        "Parkeren bij het buurthuis",
    )
    .await;
    let organisation = w.organisation.clone();
    let first: String = app
        .db
        .read(move |conn| {
            reactions::table
                .filter(reactions::organisation_id.eq(&organisation))
                .select(reactions::id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    for (email, updates) in [
        ("wil.bericht@example.nl", "1"),
        ("geen.bericht@example.nl", ""),
    ] {
        let signer = app.second_browser();
        let path = format!("/steun/standpunt/{position}");
        let mut fields = vec![
            ("display_name", "Buur"),
            ("email", email),
            ("postcode", "1234 AB"),
            ("consent", "1"),
            ("website", ""),
        ];
        if !updates.is_empty() {
            fields.push(("wants_updates", updates));
        }
        assert_status!(signer.post_form(&path, &path, &fields).await, 200);
        let mails = app.deliver_mail().await;
        let confirm = link(
            confirmation_for(&mails, email)[0],
            &format!("{}/steun/bevestigen/", app.address),
        );
        let confirm = confirm.trim_start_matches(&app.address).to_owned();
        assert_status!(signer.post_form(&confirm, &confirm, &[]).await, 200);
    }
    let desk = format!("/griffie/consultaties/{}/beantwoording", w.consultation);
    // Neither the nota nor the decision before the round has closed.
    assert_status!(app.get(&desk).await, 409);
    assert_status!(
        app.get(&format!("/griffie/consultaties/{}/besluit", w.consultation))
            .await,
        409
    );
    close(app, &w.consultation).await;
    app.deliver_mail().await;
    Answered {
        reactions: [first, second, third],
        desk,
        w,
    }
}

/// The draft's current revision, as the desk's forms carry it.
async fn revision(app: &TestApp, desk: &str) -> String {
    let (_, page) = app.get_text(desk).await;
    page.split("name=\"revision\" value=\"")
        .nth(1)
        .expect("a draft")
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

async fn add_answer(
    app: &TestApp,
    desk: &str,
    reactions: &[&str],
    reply: &str,
    conclusion: &str,
) -> reqwest::Response {
    let revision = revision(app, desk).await;
    let mut fields: Vec<(&str, &str)> = reactions.iter().map(|r| ("reaction", *r)).collect();
    fields.extend([
        ("summary", "Zorgen over het beheer van De Schakel."),
        ("reply", reply),
        ("conclusion", conclusion),
        ("revision", revision.as_str()),
    ]);
    app.post_form(
        &format!("{desk}/antwoorden/nieuw"),
        &format!("{desk}/antwoorden"),
        &fields,
    )
    .await
}

async fn publish(app: &TestApp, desk: &str) -> reqwest::Response {
    let revision = revision(app, desk).await;
    app.post_form(
        desk,
        &format!("{desk}/publiceren"),
        &[("revision", &revision)],
    )
    .await
}

fn answered_to<'a>(mails: &'a [SentMail], to: &str) -> Vec<&'a SentMail> {
    mails
        .iter()
        .filter(|m| m.to == to && m.subject.starts_with("Antwoord op reactie"))
        .collect()
}

both_backends!(
    the_clerk_answers_grouped_reactions_and_every_indiener_hears_once,
    a_published_version_never_changes_and_a_new_version_keeps_the_old_one,
    only_clerks_and_the_writers_they_name_write_and_record_decisions
);

async fn the_clerk_answers_grouped_reactions_and_every_indiener_hears_once(app: TestApp) {
    let a = closed_round(&app).await;
    let [first, second, third] = &a.reactions;
    let public = format!("/consultaties/{}/beantwoording", a.w.consultation);
    assert_status!(
        app.second_browser().get(&public).await,
        404,
        "nothing public before publication"
    );

    assert_status!(
        app.post_form(&a.desk, &format!("{}/nieuwe-versie", a.desk), &[])
            .await,
        303
    );
    let (_, page) = app.get_text(&a.desk).await;
    assert!(
        page.contains("Er zijn 3 reacties binnengekomen: 1 van organisaties en 2 van inwoners."),
        "the procedure starts from the round's facts"
    );

    // One answer for indieners 1 and 2 together.
    assert_status!(
        add_answer(
            &app,
            &a.desk,
            &[first, second],
            "Het college past het voorstel aan: bewonersbeheer wordt mogelijk.",
            "change"
        )
        .await,
        303
    );
    // A reaction gets one answer: the typed text comes back with the problem.
    let refused = add_answer(
        &app,
        &a.desk,
        &[second],
        "Dit mag niet dubbel.",
        "no_change",
    )
    .await;
    let refused = assert_status!(refused, 422);
    assert!(refused.contains("al een ander antwoord"));
    assert!(refused.contains("Dit mag niet dubbel."));

    // Publishing waits until indiener 3 has an answer too.
    let early = publish(&app, &a.desk).await;
    let early = assert_status!(early, 409);
    assert!(early.contains("Zonder antwoord: indiener 3."));
    assert_status!(
        add_answer(
            &app,
            &a.desk,
            &[third],
            "Parkeren valt onder het verkeersplan.",
            "out_of_scope"
        )
        .await,
        303
    );

    // A save against an old revision is a conflict that keeps the typed text.
    let stale = app
        .post_form(
            &a.desk,
            &a.desk,
            &[("procedure", "Mijn nieuwe procedure"), ("revision", "0")],
        )
        .await;
    let stale = assert_status!(stale, 409);
    assert!(stale.contains("Mijn nieuwe procedure"));

    // An anonymous visitor's view of a reaction is kept for a second; publishing drops it.
    let (_, before) = app
        .second_browser()
        .get_text(&format!("/reacties/{third}"))
        .await;
    assert!(!before.contains("Beantwoord"));
    // Publishing asks first: the public page as it will be, and the mails it sends.
    let preview = assert_status!(app.get(&format!("{}/publiceren", a.desk)).await, 200);
    assert!(preview.contains("Nota publiceren?") && preview.contains("Ja, publiceer de nota"));
    assert!(preview.contains("5 indieners en steuners krijgen meteen een e-mail"));
    assert!(preview.contains("Zo leest de e-mail") && preview.contains("Conclusie:"));
    assert!(
        preview.contains("Parkeren valt onder het verkeersplan."),
        "the answers as they will be public"
    );
    assert!(
        !preview.contains("@example.nl") && !preview.contains("@horst.nl"),
        "no addresses on the preview"
    );
    assert_status!(
        app.second_browser()
            .get(&format!("/consultaties/{}/beantwoording", a.w.consultation))
            .await,
        404,
        "the preview published nothing"
    );
    assert!(
        app.deliver_mail()
            .await
            .iter()
            .all(|m| !m.subject.starts_with("Antwoord op reactie")),
        "and sent nothing"
    );
    let published = publish(&app, &a.desk).await;
    let redirect = assert_redirect!(published);
    assert!(
        app.get_text(&redirect)
            .await
            .1
            .contains("Iedere indiener krijgt een e-mail met een link naar het antwoord.")
    );
    let mails = app.deliver_mail().await;
    for indiener in [
        "secretaris@horst.nl",
        "schrijver@horst.nl",
        "mevrouw.jansen@example.nl",
        "meneer.pietersen@example.nl",
        "wil.bericht@example.nl",
    ] {
        assert_eq!(
            answered_to(&mails, indiener).len(),
            1,
            "{indiener} hears once"
        );
    }
    assert!(
        answered_to(&mails, "geen.bericht@example.nl").is_empty(),
        "a co-signer who did not ask hears nothing"
    );
    let mail = answered_to(&mails, "mevrouw.jansen@example.nl")[0];
    assert!(mail.text.contains("Conclusie: Leidt tot aanpassing"));
    let url = link(mail, &format!("{}/consultaties/", app.address));
    assert!(url.ends_with("/beantwoording#antwoord-1"), "{url}");

    // The link works for anyone, and the page names organisations, never residents.
    let reader = app.second_browser();
    let page = assert_status!(reader.get(url.trim_start_matches(&app.address)).await, 200);
    assert!(page.contains("Antwoord 1: Indieners 1 en 2"));
    assert!(page.contains("Indiener 1 (Bewonersplatform De Horst)"));
    assert!(page.contains("Antwoord 2: Indiener 3"));
    assert!(page.contains("Valt buiten dit besluit"));
    assert!(
        !page.contains("Test Persoon"),
        "no private individual's name"
    );
    assert!(!page.contains("@example.nl"));

    // Each reaction says it was answered, with a link to its answer.
    let (_, reaction) = reader.get_text(&format!("/reacties/{third}")).await;
    assert!(reaction.contains("Beantwoord"));
    assert!(reaction.contains(&format!("{public}#antwoord-2")));
    let (_, consultation) = reader
        .get_text(&format!("/consultaties/{}", a.w.consultation))
        .await;
    assert!(consultation.contains("Lees de nota van beantwoording"));

    // Council members see each position next to its answer.
    let (_, overview) = reader
        .get_text(&format!("/consultaties/{}/overzicht", a.w.consultation))
        .await;
    assert!(overview.contains("Reacties, antwoorden en besluit"));
    assert!(overview.contains("Antwoord 1: Leidt tot aanpassing"));
    assert!(overview.contains(&format!("{public}#antwoord-1")));
    assert!(!overview.contains("Test Persoon"));

    // The retention clock of signers' addresses runs from the nota, not from archiving.
    let consultation = a.w.consultation.clone();
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
    assert_eq!(
        inspraak::housekeeping::run_once(&app.db, app.now())
            .await
            .unwrap()
            .signer_addresses,
        0,
        "kept: the nota is new"
    );
    app.advance_clock(Duration::days(390));
    assert_eq!(
        inspraak::housekeeping::run_once(&app.db, app.now())
            .await
            .unwrap()
            .signer_addresses,
        2
    );
}

async fn a_published_version_never_changes_and_a_new_version_keeps_the_old_one(app: TestApp) {
    let a = closed_round(&app).await;
    let [first, second, third] = &a.reactions;
    app.post_form(&a.desk, &format!("{}/nieuwe-versie", a.desk), &[])
        .await;
    add_answer(
        &app,
        &a.desk,
        &[first, second, third],
        "Eerste antwoord van het college.",
        "no_change",
    )
    .await;
    assert_status!(publish(&app, &a.desk).await, 303);
    let answer_mails = |mails: Vec<SentMail>| {
        mails
            .iter()
            .filter(|m| m.subject.starts_with("Antwoord op reactie"))
            .count()
    };
    let mailed = answer_mails(app.deliver_mail().await);
    assert_eq!(mailed, 5);

    // The published version takes no more changes.
    let (_, page) = app.get_text(&a.desk).await;
    assert!(page.contains("Nieuwe versie maken"));
    let group = page
        .split("/antwoorden/")
        .nth(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned());
    assert!(group.is_none(), "no edit links on a published version");
    let edit = app
        .post_form(
            &a.desk,
            &a.desk,
            &[("procedure", "Andere tekst"), ("revision", "99")],
        )
        .await;
    assert_status!(edit, 409);
    let sneaky = [
        ("reaction", first.as_str()),
        ("summary", "Stiekem"),
        ("reply", "Stiekem gewijzigd."),
        ("conclusion", "change"),
        ("revision", "1"),
    ];
    let new_answer = app
        .post_form(&a.desk, &format!("{}/antwoorden", a.desk), &sneaky)
        .await;
    assert_status!(new_answer, 409);

    // A second version starts as a copy; publishing it sends no second mail.
    assert_status!(
        app.post_form(&a.desk, &format!("{}/nieuwe-versie", a.desk), &[])
            .await,
        303
    );
    let (_, draft) = app.get_text(&a.desk).await;
    let group = draft
        .split(&format!("{}/antwoorden/", a.desk))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(group, "nieuw");
    let revision = revision(&app, &a.desk).await;
    let path = format!("{}/antwoorden/{group}", a.desk);
    let changed = app
        .post_form(
            &path,
            &path,
            &[
                ("reaction", first),
                ("reaction", second),
                ("reaction", third),
                ("summary", "Samen bekeken."),
                ("reply", "Verbeterd antwoord van het college."),
                ("conclusion", "change"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_status!(changed, 303);
    let (_, preview) = app.get_text(&format!("{}/publiceren", a.desk)).await;
    assert!(
        preview.contains("Er gaan geen e-mails uit"),
        "the preview knows who heard already"
    );
    let published = publish(&app, &a.desk).await;
    let redirect = assert_redirect!(published);
    let (_, desk) = app.get_text(&redirect).await;
    assert!(
        desk.contains(
            "Er gaan geen e-mails uit: iedereen kreeg bij een eerdere versie al bericht."
        ),
        "the notice says what happened, as the preview did"
    );
    assert!(!desk.contains("Iedere indiener krijgt een e-mail"));
    assert_eq!(
        answer_mails(app.deliver_mail().await),
        mailed,
        "one mail per indiener, not one per version"
    );

    let reader = app.second_browser();
    let public = format!("/consultaties/{}/beantwoording", a.w.consultation);
    let (_, newest) = reader.get_text(&public).await;
    assert!(newest.contains("Verbeterd antwoord van het college."));
    assert!(newest.contains("Versie 2"));
    let old = assert_status!(reader.get(&format!("{public}/versie/1")).await, 200);
    assert!(
        old.contains("Eerste antwoord van het college."),
        "the old version stays readable"
    );
    assert!(old.contains("Dit is een oudere versie."));
    assert_status!(reader.get(&format!("{public}/versie/3")).await, 404);

    // The PDF/A and the JSON export carry the newest version.
    let pdf = reader
        .get(&format!("{public}/versie/2/nota-van-beantwoording.pdf"))
        .await;
    assert_eq!(pdf.status().as_u16(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (_, json) = reader
        .get_text(&format!(
            "/consultaties/{}/export/inspraak.json",
            a.w.consultation
        ))
        .await;
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (_, schema) = reader.get_text("/export/schema/v1.json").await;
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert!(
        jsonschema::is_valid(&schema, &document),
        "the export follows its schema"
    );
    assert_eq!(document["answers"]["version"], 2);
    assert_eq!(
        document["answers"]["answers"][0]["reply"],
        "Verbeterd antwoord van het college."
    );
    assert_eq!(
        document["answers"]["answers"][0]["reactions"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert!(!json.contains("Test Persoon"));
}

async fn only_clerks_and_the_writers_they_name_write_and_record_decisions(app: TestApp) {
    let a = closed_round(&app).await;
    let resident = &a.w.secretary;
    let anonymous = app.second_browser();
    assert!(location(&anonymous.get(&a.desk).await).starts_with("/account/inloggen"));
    assert_status!(resident.get(&a.desk).await, 403);
    let token = resident.csrf_token("/account").await;
    for action in [
        "nieuwe-versie",
        "antwoorden",
        "antwoorden/iets/verwijderen",
        "publiceren",
        "schrijvers",
        "schrijvers/iemand/verwijderen",
    ] {
        let response = resident
            .post_raw(
                &format!("{}/{action}", a.desk),
                &[("csrf_token", &token), ("email", "secretaris@horst.nl")],
            )
            .await;
        assert_status!(response, 403, "{action}");
    }
    assert_eq!(app.count("answer_notes").await, 0, "nothing was written");

    // The clerk names a civil servant, who can then write but not name others.
    let servant_id = app.create_user("ambtenaar@lindeveld.nl", false, None).await;
    let unknown = app
        .post_form(
            &a.desk,
            &format!("{}/schrijvers", a.desk),
            &[("email", "niemand@lindeveld.nl")],
        )
        .await;
    let unknown = assert_status!(unknown, 422);
    assert!(
        unknown.contains("niemand@lindeveld.nl"),
        "the typed address is kept"
    );
    assert_status!(
        app.post_form(
            &a.desk,
            &format!("{}/schrijvers", a.desk),
            &[("email", "ambtenaar@lindeveld.nl")]
        )
        .await,
        303
    );
    let servant = app.second_browser();
    servant.login("ambtenaar@lindeveld.nl").await;
    assert_status!(servant.get(&a.desk).await, 200);
    assert_status!(
        servant
            .post_form(&a.desk, &format!("{}/nieuwe-versie", a.desk), &[])
            .await,
        303
    );
    assert_status!(
        servant
            .post_form(
                &a.desk,
                &format!("{}/schrijvers", a.desk),
                &[("email", "secretaris@horst.nl")]
            )
            .await,
        403
    );
    assert_status!(
        servant
            .post_form(
                &a.desk,
                &format!("{}/schrijvers/{servant_id}/verwijderen", a.desk),
                &[]
            )
            .await,
        403,
        "only clerks remove writers"
    );
    assert_status!(
        servant.get(&a.desk).await,
        200,
        "and the servant still writes"
    );
    let decision = format!("/griffie/consultaties/{}/besluit", a.w.consultation);
    assert_status!(
        servant.get(&decision).await,
        403,
        "decisions are the griffie's"
    );

    // The decision: not before the meeting; a bad link comes back with what was typed;
    // the first recording asks first, then one mail each.
    assert_status!(
        resident
            .post_raw(
                &decision,
                &[
                    ("csrf_token", &token),
                    ("outcome", "adopted"),
                    ("outcome", "adopted")
                ]
            )
            .await,
        403
    );
    let good = [
        ("outcome", "amended"),
        ("decision_url", "https://lindeveld.example/raad/besluit-12"),
        ("explanation", "Amendement A1 aangenomen."),
        ("outcome", "deferred"),
        ("decision_url", ""),
        ("explanation", ""),
    ];
    let (_, early_form) = app.get_text(&decision).await;
    assert!(early_form.contains("De commissie vergadert pas op donderdag 10 december 2099"));
    let early = app.post_form(&decision, &decision, &good).await;
    let early = assert_status!(early, 409, "no decision before the meeting");
    assert!(
        early.contains("Amendement A1 aangenomen."),
        "what was typed is kept"
    );
    let id = a.w.consultation.clone();
    let meeting: chrono::NaiveDateTime = app
        .db
        .read(move |conn| {
            consultations::table
                .find(&id)
                .select(consultations::meeting_at)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    app.advance_clock(meeting - app.now() + Duration::hours(2));
    let wrong = app
        .post_form(
            &decision,
            &decision,
            &[
                ("outcome", "amended"),
                ("decision_url", "javascript:alert(1)"),
                ("explanation", "Amendement A1"),
                ("outcome", ""),
                ("decision_url", ""),
                ("explanation", ""),
            ],
        )
        .await;
    let wrong = assert_status!(wrong, 422);
    assert!(wrong.contains("Amendement A1"));
    assert!(wrong.contains("Kies wat er over beslispunt 2 is besloten."));
    let asked = app.post_form(&decision, &decision, &good).await;
    let asked = assert_status!(asked, 200);
    assert!(
        asked.contains("Besluit vastleggen?")
            && asked.contains("5 indieners en steuners krijgen één e-mail")
    );
    assert!(asked.contains("Geamendeerd") && asked.contains("Amendement A1 aangenomen."));
    assert!(
        !app.second_browser()
            .get_text(&format!("/consultaties/{}", a.w.consultation))
            .await
            .1
            .contains("Geamendeerd"),
        "nothing recorded before confirming"
    );
    let mut confirmed = good.to_vec();
    confirmed.push(("confirmed", "1"));
    assert_status!(app.post_form(&decision, &decision, &confirmed).await, 303);
    let mails = app.deliver_mail().await;
    let decided: Vec<&SentMail> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Besluit over"))
        .collect();
    let mut to: Vec<&str> = decided.iter().map(|m| m.to.as_str()).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "meneer.pietersen@example.nl",
            "mevrouw.jansen@example.nl",
            "schrijver@horst.nl",
            "secretaris@horst.nl",
            "wil.bericht@example.nl"
        ]
    );
    assert!(decided[0].text.contains("Geamendeerd"));
    assert!(
        decided[0]
            .text
            .contains("https://lindeveld.example/raad/besluit-12")
    );
    let (_, page) = app
        .second_browser()
        .get_text(&format!("/consultaties/{}", a.w.consultation))
        .await;
    assert!(page.contains("Geamendeerd") && page.contains("Aangehouden"));
    // A correction shows, but mails nobody again.
    assert_status!(app.post_form(&decision, &decision, &good).await, 303);
    assert_eq!(app.deliver_mail().await.len(), mails.len());
}
