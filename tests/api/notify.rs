//! Who hears what needs them: moderators about waiting posts, the griffie about speaking
//! requests and held support, speakers about their request, members in their digest.

use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::consultations;
use inspraak::domain::account::CouncilRole;

use crate::fixtures::{World, individual_reaction_by, resident, sign, signable, submitted, world};
use crate::helpers::{SentMail, TestApp, location};
use crate::{assert_status, both_backends};

async fn council_of(app: &TestApp, consultation: &str) -> String {
    let id = consultation.to_owned();
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
}

fn to<'a>(mails: &'a [SentMail], address: &str, subject_starts: &str) -> Vec<&'a SentMail> {
    mails
        .iter()
        .filter(|m| m.to == address && m.subject.starts_with(subject_starts))
        .collect()
}

/// The id in a `/berichten/{id}?melding=...` redirect.
fn post_id(response: &reqwest::Response) -> String {
    location(response)
        .trim_start_matches("/berichten/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn post(browser: &TestApp, w: &World, body: &str) -> String {
    let thread = format!("/consultaties/{}/discussie", w.consultation);
    let response = browser.post_form(&thread, &thread, &[("body", body)]).await;
    assert_eq!(response.status().as_u16(), 303);
    post_id(&response)
}

async fn set_pre_moderation(app: &TestApp, consultation: &str) {
    let id = consultation.to_owned();
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&id))
                .set(consultations::pre_moderation.eq(true))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
}

const MODERATOR: &str = "moderator@lindeveld.nl";
const WAITING: &str = "Er wacht";

both_backends!(
    moderators_hear_at_most_once_an_hour_what_waits_even_when_flags_come_at_once,
    the_griffie_hears_of_every_speaking_request_and_the_speaker_gets_a_confirmation,
    the_griffie_hears_once_per_episode_of_held_support,
    digest_lines_name_the_number_title_and_sender_with_a_link
);

async fn moderators_hear_at_most_once_an_hour_what_waits_even_when_flags_come_at_once(
    app: TestApp,
) {
    let w = world(&app).await;
    let council = council_of(&app, &w.consultation).await;
    app.create_user(MODERATOR, false, Some((&council, CouncilRole::Moderator)))
        .await;
    let (elders, _) = app.create_council("elders").await;
    app.create_user(
        "moderator@elders.nl",
        false,
        Some((&elders, CouncilRole::Moderator)),
    )
    .await;
    let flagged = post(
        &w.secretary,
        &w,
        "Het buurthuis is van ons allemaal, niet van de gemeente.",
    )
    .await;
    assert!(
        to(&app.deliver_mail().await, MODERATOR, WAITING).is_empty(),
        "a visible post waits for nobody"
    );

    let mut flaggers = Vec::new();
    for n in 0..3 {
        flaggers.push(resident(&app, &format!("melder{n}@example.nl")).await);
    }
    let flag = format!("/berichten/{flagged}/melden");
    let token_pages: Vec<_> = flaggers.iter().map(|b| b.csrf_token(&flag)).collect();
    let tokens = futures_util::future::join_all(token_pages).await;
    let flags = flaggers.iter().zip(&tokens).map(|(browser, token)| {
        let flag = flag.clone();
        async move {
            browser
                .post_raw(&flag, &[("csrf_token", token), ("reason", "Onbeleefd")])
                .await
        }
    });
    for response in futures_util::future::join_all(flags).await {
        assert_status!(response, 303);
    }
    let mails = app.deliver_mail().await;
    let alerts = to(&mails, MODERATOR, WAITING);
    assert_eq!(alerts.len(), 1, "three flags at once, one mail");
    assert_eq!(alerts[0].subject, "Er wacht 1 bericht op een moderator");
    assert!(
        alerts[0].text.contains("Het buurthuis is van ons allemaal"),
        "{}",
        alerts[0].text
    );
    assert!(alerts[0].text.contains("hoogstens één bericht per uur"));
    let review = format!("{}/moderatie/berichten/{flagged}", app.address);
    assert!(alerts[0].text.contains(&review));
    assert!(
        mails.iter().all(|m| m.to != "moderator@elders.nl"),
        "another council's moderator hears nothing"
    );
    let moderator = app.second_browser();
    moderator.login(MODERATOR).await;
    assert_status!(
        moderator.get(review.trim_start_matches(&app.address)).await,
        200,
        "the link works"
    );

    // Within the hour a post that waits for approval sends nothing more.
    set_pre_moderation(&app, &w.consultation).await;
    let pending = post(&w.editor, &w, "Graag een avondopenstelling.").await;
    let mails = app.deliver_mail().await;
    assert_eq!(to(&mails, MODERATOR, WAITING).len(), 1);

    // An hour later the next one does, listing everything that waits.
    app.advance_clock(Duration::minutes(61));
    let later = post(&w.editor, &w, "En een speelhoek voor kinderen.").await;
    let mails = app.deliver_mail().await;
    let alerts = to(&mails, MODERATOR, WAITING);
    assert_eq!(alerts.len(), 2);
    let second = alerts
        .iter()
        .find(|m| m.subject.contains("3 berichten"))
        .expect("a second mail listing three posts");
    for id in [&flagged, &pending, &later] {
        assert!(
            second.text.contains(&format!("/moderatie/berichten/{id}")),
            "{}",
            second.text
        );
    }
    assert!(second.text.contains("Wacht op goedkeuring"));
}

async fn the_griffie_hears_of_every_speaking_request_and_the_speaker_gets_a_confirmation(
    app: TestApp,
) {
    let w = world(&app).await;
    let reaction = submitted(&w, "Houd De Schakel open").await;
    let path = format!("/reacties/{reaction}/inspreken");
    let response = w
        .secretary
        .post_form(
            &path,
            &path,
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
    assert_status!(response, 303);
    let mails = app.deliver_mail().await;

    let griffie = to(&mails, "griffie@example.nl", "Nieuw inspreekverzoek");
    assert_eq!(griffie.len(), 1);
    let text = &griffie[0].text;
    for expected in [
        "Spreker: Anna de Secretaris",
        "Namens: Bewonersplatform De Horst",
        "Over: Beslispunt 2",
        "Houd De Schakel open",
        "De Schakel is het hart van de wijk.",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(
        !text.contains("anna@horst.nl"),
        "the griffie's mail does not spread the address"
    );
    let speakers = format!(
        "{}/griffie/consultaties/{}/sprekers",
        app.address, w.consultation
    );
    assert!(text.contains(&speakers));
    let page = assert_status!(
        app.get(speakers.trim_start_matches(&app.address)).await,
        200
    );
    assert!(page.contains("Anna de Secretaris"));

    let confirmation = to(
        &mails,
        "anna@horst.nl",
        "Ontvangen: uw verzoek om in te spreken",
    );
    assert_eq!(confirmation.len(), 1);
    let text = &confirmation[0].text;
    assert!(text.contains("We hebben uw verzoek ontvangen"), "{text}");
    assert!(text.contains("De commissie vergadert op"));
    assert!(
        text.contains("Over: Beslispunt 2") && text.contains("De Schakel is het hart van de wijk.")
    );
    assert!(text.contains("De griffie beslist over uw verzoek"));
}

async fn the_griffie_hears_once_per_episode_of_held_support(app: TestApp) {
    let w = world(&app).await;
    let position = signable(&app, &w).await;
    let signer = app.second_browser();
    for n in 0..60 {
        assert_status!(
            sign(
                &signer,
                &position,
                "Buur",
                &format!("buur{n}@example.nl"),
                "1234AB"
            )
            .await,
            200
        );
    }
    assert!(
        to(
            &app.deliver_mail().await,
            "griffie@example.nl",
            "Steun vastgehouden"
        )
        .is_empty(),
        "nothing held yet"
    );

    // The burst goes on, several at once: they are held, and the griffie hears it once.
    let page = format!("/steun/standpunt/{position}");
    let tokens = futures_util::future::join_all((0..4).map(|_| signer.csrf_token(&page))).await;
    let emails: Vec<String> = (0..4).map(|n| format!("tegelijk{n}@example.nl")).collect();
    let attempts = tokens.iter().zip(&emails).map(|(token, email)| {
        let (page, signer) = (page.clone(), &signer);
        async move {
            signer
                .post_raw(
                    &page,
                    &[
                        ("csrf_token", token),
                        ("display_name", "Buur"),
                        ("email", email),
                        ("postcode", "1234AB"),
                        ("consent", "1"),
                        ("website", ""),
                    ],
                )
                .await
        }
    });
    for response in futures_util::future::join_all(attempts).await {
        assert_status!(response, 200);
    }
    sign(&signer, &position, "Buur", "later@example.nl", "1234AB").await;
    let mails = app.deliver_mail().await;
    let held = to(&mails, "griffie@example.nl", "Steun vastgehouden");
    assert_eq!(held.len(), 1, "one mail for the whole batch");
    let review = format!(
        "{}/griffie/consultaties/{}/steun",
        app.address, w.consultation
    );
    assert!(held[0].text.contains(&review), "{}", held[0].text);
    assert!(
        !held[0].text.contains("example.nl"),
        "no addresses or domains of signers"
    );
    let page = assert_status!(app.get(review.trim_start_matches(&app.address)).await, 200);
    assert!(page.contains("e-mailadressen van example.nl"));

    // The clerk decides; a new burst after that is a new episode.
    let source = page
        .split("name=\"source_hash\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let steun = review.trim_start_matches(&app.address).to_owned();
    let decided = app
        .post_form(
            &steun,
            &steun,
            &[
                ("source_hash", &source),
                ("domain", "example.nl"),
                ("decision", "void"),
                ("reason", "Eén afzender"),
            ],
        )
        .await;
    assert_status!(decided, 303);
    sign(&signer, &position, "Buur", "nieuw@example.nl", "1234AB").await;
    let mails = app.deliver_mail().await;
    assert_eq!(
        to(&mails, "griffie@example.nl", "Steun vastgehouden").len(),
        2
    );
}

async fn digest_lines_name_the_number_title_and_sender_with_a_link(app: TestApp) {
    let w = world(&app).await;
    let committee = {
        let id = w.consultation.clone();
        app.db
            .read(move |conn| {
                consultations::table
                    .find(&id)
                    .select(consultations::committee_id)
                    .first::<String>(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    let page = format!("/griffie/commissies/{committee}");
    assert_status!(
        app.post_form(
            &page,
            &format!("{page}/leden"),
            &[("name", "Raadslid Oost"), ("email", "oost@lindeveld.nl")]
        )
        .await,
        303
    );
    let organisation = submitted(&w, "Houd De Schakel open").await;
    let individual =
        individual_reaction_by(&app, &w, "stil@example.nl", "Koffieochtend op dinsdag").await;
    let mails = app.deliver_mail().await;
    let digests = to(&mails, "oost@lindeveld.nl", "Nieuws over de inspraakronde");
    assert_eq!(digests.len(), 1);
    let text = &digests[0].text;
    assert!(!text.contains("Er is een reactie ingediend."), "{text}");
    assert!(
        text.contains("ingediend: \"Houd De Schakel open\" van Bewonersplatform De Horst."),
        "{text}"
    );
    assert!(
        text.contains("ingediend: \"Koffieochtend op dinsdag\" van een inwoner."),
        "{text}"
    );
    assert!(
        !text.contains("Test Persoon"),
        "a resident who did not publish their name stays unnamed"
    );
    for id in [&organisation, &individual] {
        assert!(text.contains(&format!("Lees de reactie: {}/reacties/{id}", app.address)));
    }
    let number: String = {
        let id = organisation.clone();
        app.db
            .read(move |conn| {
                inspraak::db::schema::reactions::table
                    .find(&id)
                    .select(inspraak::db::schema::reactions::submission_number.assume_not_null())
                    .first(conn)
                    .map_err(DbError::from)
            })
            .await
            .unwrap()
    };
    assert!(text.contains(&format!("Reactie {number} ingediend")));
    let member = app.second_browser();
    assert_status!(
        member.get(&format!("/reacties/{organisation}")).await,
        200,
        "the link works"
    );
}
