use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::DbError;
use inspraak::db::schema::{consultations, posts, scenarios};
use inspraak::db::threads::{self, Author, NewPost};
use inspraak::domain::account::CouncilRole;
use inspraak::domain::id::{ConsultationId, SubjectId, UserId};
use inspraak::domain::thread::{PostState, SubjectKind};
use inspraak::domain::time::now_utc;

use crate::fixtures::{World, close, resident, submitted, world};
use crate::helpers::{TestApp, extract_csrf, location, new_client};
use crate::{assert_redirect, assert_status, both_backends};

/// An open consultation with a moderator and three signed-in residents besides the
/// world's clerk (`app`), secretary and editor.
struct Discussion {
    w: World,
    committee: String,
    thread: String,
    moderator: TestApp,
    residents: Vec<TestApp>,
}

async fn discussion(app: &TestApp) -> Discussion {
    let w = world(app).await;
    let id = w.consultation.clone();
    let (council, committee) = app
        .db
        .read(move |conn| {
            consultations::table
                .find(&id)
                .select((consultations::council_id, consultations::committee_id))
                .first::<(String, String)>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    app.create_user(
        "moderator@lindeveld.nl",
        false,
        Some((&council, CouncilRole::Moderator)),
    )
    .await;
    let moderator = app.second_browser();
    moderator.login("moderator@lindeveld.nl").await;
    let mut residents = Vec::new();
    for n in 1..=3 {
        let email = format!("inwoner{n}@example.nl");
        let browser = resident(app, &email).await;
        residents.push(browser);
    }
    Discussion {
        thread: format!("/consultaties/{}/discussie", w.consultation),
        w,
        committee,
        moderator,
        residents,
    }
}

async fn write(browser: &TestApp, thread: &str, body: &str) -> reqwest::Response {
    browser.post_form(thread, thread, &[("body", body)]).await
}

/// The id in a `/berichten/{id}?melding=...` redirect.
fn post_id(response: &reqwest::Response) -> String {
    let target = location(response);
    assert!(target.starts_with("/berichten/"), "{target}");
    target["/berichten/".len()..]
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

async fn body_of(app: &TestApp, id: &str) -> (String, String) {
    let id = id.to_owned();
    app.db
        .read(move |conn| {
            posts::table
                .find(&id)
                .select((posts::body, posts::state))
                .first::<(String, String)>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

async fn set_consultation(app: &TestApp, id: &str, pre_moderation: bool, guests: bool) {
    let id = id.to_owned();
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&id))
                .set((
                    consultations::pre_moderation.eq(pre_moderation),
                    consultations::allow_guest_posts.eq(guests),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
}

async fn decide(moderator: &TestApp, post: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let page = format!("/moderatie/berichten/{post}");
    moderator.post_form(&page, &page, fields).await
}

both_backends!(
    residents_post_reply_edit_and_delete,
    bad_input_comes_back_with_a_dutch_message_and_markup_stays_text,
    three_flags_hold_a_post_and_moderators_decide_in_public,
    a_moderator_of_another_council_cannot_moderate_here,
    moderators_never_judge_their_own_posts,
    pre_moderated_posts_wait_for_a_moderator,
    guests_post_only_where_allowed_and_after_confirming,
    reactions_and_scenarios_have_threads_and_drafts_do_not,
    long_threads_are_paged,
    posting_is_throttled_per_account,
    the_committee_digest_counts_new_posts,
    the_admin_edits_the_house_rules
);

async fn residents_post_reply_edit_and_delete(app: TestApp) {
    let d = discussion(&app).await;
    let (one, two) = (&d.residents[0], &d.residents[1]);
    let response = write(
        one,
        &d.thread,
        "Het buurthuis De Schakel moet open blijven.",
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
    let first = post_id(&response);
    let to_thread = one.get(&location(&response)).await;
    assert_eq!(
        location(&to_thread),
        format!("{}?melding=bericht-geplaatst#bericht-{first}", d.thread)
    );

    // Everyone reads it; without an account there is no form but a way to log in.
    let (status, public) = new_client()
        .get(app.url(&d.thread))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    let public = public.text().await.unwrap();
    assert!(public.contains("Het buurthuis De Schakel moet open blijven."));
    assert!(public.contains("om mee te praten"));
    assert!(!public.contains("Plaats bericht"));
    assert!(
        public.contains("Blijf bij het onderwerp"),
        "house rules beside the thread"
    );

    // A reply, one level deep.
    let reply_page = format!("/berichten/{first}/reageren");
    let response = two
        .post_form(
            &reply_page,
            &reply_page,
            &[("body", "Mee eens, wij gebruiken het elke week.")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let reply = post_id(&response);
    let (_, page) = one.get_text(&d.thread).await;
    let replies = page
        .split("thread__replies")
        .nth(1)
        .expect("a list of replies");
    assert!(replies.contains("Mee eens, wij gebruiken het elke week."));
    assert_status!(one.get(&format!("/berichten/{reply}/reageren")).await, 409);

    // The author edits within 15 minutes; others cannot.
    let edit = format!("/berichten/{first}/wijzigen");
    let response = one
        .post_form(
            &edit,
            &edit,
            &[(
                "body",
                "Het buurthuis De Schakel moet open blijven, ook in de zomer.",
            )],
        )
        .await;
    assert_status!(response, 303);
    let (_, page) = app.get_text(&d.thread).await;
    assert!(page.contains("ook in de zomer."));
    assert!(page.contains("bewerkt"));
    assert_status!(two.get(&edit).await, 403);
    let token = extract_csrf(&two.get_text(&d.thread).await.1).unwrap();
    let response = two
        .post_raw(&edit, &[("csrf_token", &token), ("body", "Gekaapt")])
        .await;
    assert_status!(response, 403);
    assert!(body_of(&app, &first).await.0.ends_with("ook in de zomer."));

    // After 15 minutes the text is fixed.
    app.advance_clock(Duration::minutes(16));
    let token = extract_csrf(&one.get_text(&d.thread).await.1).unwrap();
    let response = one
        .post_raw(&edit, &[("csrf_token", &token), ("body", "Te laat")])
        .await;
    let response = assert_status!(response, 409);
    assert!(response.contains("15 minuten"));
    assert!(body_of(&app, &first).await.0.ends_with("ook in de zomer."));

    // Deleting leaves a note, keeps the reply, and removes the text.
    let delete = format!("/berichten/{first}/verwijderen");
    assert_status!(two.get(&delete).await, 403);
    let response = one.post_form(&delete, &delete, &[]).await;
    assert_status!(response, 303);
    let (_, page) = app.get_text(&d.thread).await;
    assert!(page.contains("Verwijderd door auteur."));
    assert!(!page.contains("ook in de zomer."));
    assert!(page.contains("Mee eens, wij gebruiken het elke week."));
    assert_eq!(
        body_of(&app, &first).await,
        (String::new(), "deleted".to_owned())
    );
}

async fn bad_input_comes_back_with_a_dutch_message_and_markup_stays_text(app: TestApp) {
    let d = discussion(&app).await;
    let one = &d.residents[0];
    let response = write(one, &d.thread, "   ").await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Schrijf eerst uw bericht."));

    let long = format!("Begin van mijn verhaal. {}", "x".repeat(5_000));
    let response = write(one, &d.thread, &long).await;
    let page = assert_status!(response, 422);
    assert!(
        page.contains("Uw bericht is 5.024 tekens lang."),
        "the length is named"
    );
    assert!(
        page.contains("Begin van mijn verhaal."),
        "what was typed is kept"
    );
    assert_eq!(app.count("posts").await, 0);

    let response = write(
        one,
        &d.thread,
        "<script>alert('x')</script> <b>vet</b>\n\nZie https://lindeveld.example/plan?a=1&b=2.",
    )
    .await;
    assert_status!(response, 303);
    let (_, page) = app.get_text(&d.thread).await;
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt; &lt;b&gt;vet&lt;/b&gt;"));
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<b>vet"));
    assert!(
        page.contains(
            r#"<a href="https://lindeveld.example/plan?a=1&amp;b=2" rel="nofollow ugc noopener">"#
        ),
        "{page}"
    );
}

async fn three_flags_hold_a_post_and_moderators_decide_in_public(app: TestApp) {
    let d = discussion(&app).await;
    let (one, two, three) = (&d.residents[0], &d.residents[1], &d.residents[2]);
    let post = post_id(
        &write(
            one,
            &d.thread,
            "De wethouder is een sukkel die niets snapt.",
        )
        .await,
    );
    let flag = format!("/berichten/{post}/melden");
    assert_status!(one.get(&flag).await, 403, "nobody flags their own post");
    for (browser, reason) in [
        (two, "Persoonlijke aanval"),
        (two, "Nog eens"),
        (three, "Scheldwoord"),
    ] {
        assert_status!(
            browser.post_form(&flag, &flag, &[("reason", reason)]).await,
            303
        );
    }
    assert_eq!(
        body_of(&app, &post).await.1,
        "visible",
        "two distinct flags do not hold it"
    );
    assert_status!(
        d.w.editor
            .post_form(&flag, &flag, &[("reason", "Onbeleefd")])
            .await,
        303
    );
    assert_eq!(body_of(&app, &post).await.1, "held");
    let (_, page) = app.get_text(&d.thread).await;
    assert!(page.contains("Tijdelijk verborgen"));
    assert!(!page.contains("sukkel"));

    // Residents cannot moderate; nothing changes when they try.
    assert_status!(two.get("/moderatie").await, 403);
    assert_status!(two.get(&format!("/moderatie/berichten/{post}")).await, 403);
    let token = extract_csrf(&two.get_text(&d.thread).await.1).unwrap();
    let response = two
        .post_raw(
            &format!("/moderatie/berichten/{post}"),
            &[("csrf_token", &token), ("action", "approve")],
        )
        .await;
    assert_status!(response, 403);
    assert_eq!(body_of(&app, &post).await.1, "held");

    // The moderator sees it in the queue, with the reasons, and cannot edit its text.
    let queue = assert_status!(d.moderator.get("/moderatie").await, 200);
    assert!(queue.contains("sukkel"));
    assert!(queue.contains("Persoonlijke aanval"));
    assert!(queue.contains("Scheldwoord"));
    let edit = format!("/berichten/{post}/wijzigen");
    assert_status!(d.moderator.get(&edit).await, 403);
    let token = extract_csrf(&d.moderator.get_text("/moderatie").await.1).unwrap();
    assert_status!(
        d.moderator
            .post_raw(&edit, &[("csrf_token", &token), ("body", "Netjes gemaakt")])
            .await,
        403
    );
    assert!(body_of(&app, &post).await.0.contains("sukkel"));

    // Hiding needs a house rule.
    let response = decide(
        &d.moderator,
        &post,
        &[("action", "hide"), ("rule", ""), ("reason", "")],
    )
    .await;
    let response = assert_status!(response, 422);
    assert!(response.contains("Kies de huisregel"));

    assert_status!(
        decide(
            &d.moderator,
            &post,
            &[("action", "approve"), ("rule", ""), ("reason", "")]
        )
        .await,
        303
    );
    assert_eq!(body_of(&app, &post).await.1, "visible");
    assert!(
        !d.moderator
            .get_text("/moderatie")
            .await
            .1
            .contains("sukkel"),
        "the queue is empty again"
    );

    assert_status!(
        decide(
            &d.moderator,
            &post,
            &[
                ("action", "hide"),
                ("rule", "2"),
                ("reason", "Scheldt een wethouder uit.")
            ]
        )
        .await,
        303
    );
    let (_, page) = app.get_text(&d.thread).await;
    assert!(page.contains("Verborgen door de moderator"));
    assert!(page.contains("huisregel 2. Wees beleefd."));
    assert!(page.contains("Scheldt een wethouder uit."));
    assert!(!page.contains("sukkel"));
    let (_, review) = d
        .moderator
        .get_text(&format!("/moderatie/berichten/{post}"))
        .await;
    assert!(review.contains("sukkel"), "moderators see the hidden text");
    assert!(review.contains("afgehandeld"), "the flags' history is kept");

    // The public log: who, when, which rule, why; never the text.
    let log = format!("/consultaties/{}/moderatielogboek", d.w.consultation);
    let (status, public_log) = new_client()
        .get(app.url(&log))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    let public_log = public_log.text().await.unwrap();
    for expected in [
        "Tijdelijk verborgen na meldingen",
        "Goedgekeurd",
        "Verborgen",
        "2. Wees beleefd",
        "Scheldt een wethouder uit.",
        "Test Persoon",
    ] {
        assert!(public_log.contains(expected), "{expected}");
    }
    assert!(!public_log.contains("sukkel"));
    assert!(
        public_log.contains(r#"<td data-label="Uitleg">Scheldt een wethouder uit.</td>"#),
        "the log stacks as cards on narrow screens"
    );

    assert_status!(
        decide(
            &d.moderator,
            &post,
            &[
                ("action", "restore"),
                ("rule", ""),
                (
                    "reason",
                    "Na bezwaar: kritiek op beleid, net binnen de regels."
                )
            ]
        )
        .await,
        303
    );
    assert!(app.get_text(&d.thread).await.1.contains("sukkel"));
    assert_status!(
        decide(
            &d.moderator,
            &post,
            &[("action", "restore"), ("rule", ""), ("reason", "Nog eens")]
        )
        .await,
        409
    );

    // The author hears each decision, with the reason and a link that works.
    let mails: Vec<_> = app
        .deliver_mail()
        .await
        .into_iter()
        .filter(|m| m.to == "inwoner1@example.nl")
        .collect();
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    for expected in [
        "Uw bericht is goedgekeurd",
        "Uw bericht is verborgen",
        "Uw bericht is teruggezet",
    ] {
        assert!(subjects.contains(&expected), "{subjects:?}");
    }
    let hidden = mails
        .iter()
        .find(|m| m.subject == "Uw bericht is verborgen")
        .unwrap();
    assert!(hidden.text.contains("Huisregel: 2. Wees beleefd"));
    assert!(hidden.text.contains("Scheldt een wethouder uit."));
    let link = format!("{}/berichten/{post}", app.address);
    assert!(hidden.text.contains(&link));
    let followed = new_client().get(&link).send().await.unwrap();
    let redirect = assert_redirect!(followed);
    assert!(redirect.ends_with(&format!("#bericht-{post}")));
}

async fn a_moderator_of_another_council_cannot_moderate_here(app: TestApp) {
    let d = discussion(&app).await;
    let post = post_id(&write(&d.residents[0], &d.thread, "Een bericht in Lindeveld.").await);
    let (elsewhere, _) = app.create_council("buurdorp").await;
    app.create_user(
        "moderator@buurdorp.nl",
        false,
        Some((&elsewhere, CouncilRole::Moderator)),
    )
    .await;
    let stranger = app.second_browser();
    stranger.login("moderator@buurdorp.nl").await;
    let flag = format!("/berichten/{post}/melden");
    d.residents[1]
        .post_form(&flag, &flag, &[("reason", "Twijfel")])
        .await;
    let queue = assert_status!(
        stranger.get("/moderatie").await,
        200,
        "a moderator has a queue"
    );
    assert!(
        !queue.contains("Een bericht in Lindeveld."),
        "but not of other councils"
    );
    assert_status!(
        stranger.get(&format!("/moderatie/berichten/{post}")).await,
        403
    );
    let token = extract_csrf(&queue).unwrap();
    let response = stranger
        .post_raw(
            &format!("/moderatie/berichten/{post}"),
            &[
                ("csrf_token", &token),
                ("action", "hide"),
                ("rule", "2"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_status!(response, 403);
    assert_eq!(body_of(&app, &post).await.1, "visible");
    assert_eq!(app.count("moderation_decisions").await, 0);
}

async fn moderators_never_judge_their_own_posts(app: TestApp) {
    let d = discussion(&app).await;
    let own = post_id(&write(&d.moderator, &d.thread, "Ik modereer en praat ook mee.").await);
    let response = decide(
        &d.moderator,
        &own,
        &[("action", "hide"), ("rule", "1"), ("reason", "Test")],
    )
    .await;
    assert_status!(response, 403);
    assert_eq!(body_of(&app, &own).await.1, "visible");
    assert_eq!(app.count("moderation_decisions").await, 0);
}

async fn pre_moderated_posts_wait_for_a_moderator(app: TestApp) {
    let d = discussion(&app).await;
    set_consultation(&app, &d.w.consultation, true, false).await;
    let one = &d.residents[0];
    let response = write(one, &d.thread, "Graag langere openingstijden in de avond.").await;
    assert!(location(&response).ends_with("?melding=bericht-wacht"));
    let post = post_id(&response);
    let (_, public) = app.get_text(&d.thread).await;
    assert!(!public.contains("langere openingstijden"));
    assert_eq!(
        new_client()
            .get(app.url(&format!("/berichten/{post}")))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    let (_, own) = one.get_text(&d.thread).await;
    assert!(own.contains("Uw berichten die op een moderator wachten"));
    assert!(own.contains("langere openingstijden"));

    assert!(
        d.moderator
            .get_text("/moderatie")
            .await
            .1
            .contains("langere openingstijden")
    );
    assert_status!(
        decide(
            &d.moderator,
            &post,
            &[("action", "approve"), ("rule", ""), ("reason", "")]
        )
        .await,
        303
    );
    assert!(
        app.get_text(&d.thread)
            .await
            .1
            .contains("langere openingstijden")
    );

    // An edit is read again before it shows.
    let edit = format!("/berichten/{post}/wijzigen");
    let response = one
        .post_form(
            &edit,
            &edit,
            &[("body", "Graag langere openingstijden, ook in het weekend.")],
        )
        .await;
    assert!(location(&response).ends_with("?melding=bericht-wacht"));
    assert_eq!(body_of(&app, &post).await.1, "pending");
    assert!(
        app.deliver_mail()
            .await
            .iter()
            .any(|m| m.to == "inwoner1@example.nl" && m.subject == "Uw bericht is goedgekeurd")
    );
}

async fn guests_post_only_where_allowed_and_after_confirming(app: TestApp) {
    let d = discussion(&app).await;
    let guest = app.second_browser();
    let fields = [
        (
            "body",
            "Ik woon sinds 1975 in De Horst en kom graag in De Schakel.",
        ),
        ("name", "Mevrouw Jansen"),
        ("email", "jansen@example.nl"),
        ("consent", "1"),
    ];
    // Not allowed here: to the login page, nothing stored.
    let token = guest.csrf_token("/account/inloggen").await;
    let mut with_token = vec![("csrf_token", token.as_str())];
    with_token.extend_from_slice(&fields);
    let response = guest.post_raw(&d.thread, &with_token).await;
    assert!(location(&response).starts_with("/account/inloggen"));
    assert_eq!(app.count("posts").await, 0);

    set_consultation(&app, &d.w.consultation, false, true).await;
    let response = guest.post_form(&d.thread, &d.thread, &fields[..3]).await;
    let response = assert_status!(response, 422, "consent is needed");
    assert!(response.contains("sinds 1975"));
    let mut robot = fields.to_vec();
    robot.push(("website", "http://spam.example"));
    assert_eq!(
        location(&guest.post_form(&d.thread, &d.thread, &robot).await),
        format!("{}?melding=bericht-bevestigen", d.thread)
    );
    assert_eq!(app.count("posts").await, 0, "the honeypot stores nothing");

    let response = guest.post_form(&d.thread, &d.thread, &fields).await;
    assert_eq!(
        location(&response),
        format!("{}?melding=bericht-bevestigen", d.thread)
    );
    assert!(!app.get_text(&d.thread).await.1.contains("sinds 1975"));
    let mails = app.deliver_mail().await;
    let mail = mails
        .iter()
        .find(|m| m.to == "jansen@example.nl")
        .expect("a confirmation mail");
    assert_eq!(mail.subject, "Bevestig uw bericht");
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.contains("/berichten/bevestigen/"))
        .unwrap();
    let path = link.trim_start_matches(&app.address);

    // Opening the link (as a mail scanner does) publishes nothing.
    let (status, page) = new_client()
        .get(link)
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    assert!(page.text().await.unwrap().contains("Plaats mijn bericht"));
    assert!(!app.get_text(&d.thread).await.1.contains("sinds 1975"));

    let response = guest.post_form(path, path, &[]).await;
    assert_status!(response, 303);
    let (_, page) = app.get_text(&d.thread).await;
    assert!(page.contains("sinds 1975"));
    assert!(page.contains("Mevrouw Jansen"));
    assert!(!page.contains("jansen@example.nl"));
    assert_status!(guest.get(path).await, 404, "the link works once");

    // An unconfirmed post goes when its link expires; the guest's address when the
    // retention period after archiving has passed.
    guest
        .post_form(
            &d.thread,
            &d.thread,
            &[
                ("body", "Nooit bevestigd."),
                ("name", "Iemand"),
                ("email", "iemand@example.nl"),
                ("consent", "1"),
            ],
        )
        .await;
    let consultation = d.w.consultation.clone();
    let archived_at = app.now() - Duration::days(400);
    app.db
        .write(move |conn| {
            diesel::update(posts::table.filter(posts::state.eq("unconfirmed")))
                .set(posts::confirm_expires_at.eq(now_utc() - Duration::minutes(1)))
                .execute(conn)?;
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
    assert_eq!((removed.unconfirmed_posts, removed.guest_addresses), (1, 1));
    let kept: Vec<Option<String>> = app
        .db
        .read(|conn| {
            posts::table
                .select(posts::guest_email)
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(
        kept,
        vec![None],
        "the confirmed post stays, without the address"
    );
}

async fn reactions_and_scenarios_have_threads_and_drafts_do_not(app: TestApp) {
    let d = discussion(&app).await;
    let reaction = submitted(&d.w, "Houd De Schakel open").await;
    let id = reaction.clone();
    let scenario: String = app
        .db
        .read(move |conn| {
            scenarios::table
                .filter(scenarios::reaction_id.eq(&id))
                .select(scenarios::id)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    for thread in [
        format!("/reacties/{reaction}/discussie"),
        format!("/scenarios/{scenario}/discussie"),
    ] {
        let response = write(
            &d.residents[0],
            &thread,
            "Goed plan, ik doe mee als vrijwilliger.",
        )
        .await;
        assert_status!(response, 303, "{thread}");
        assert!(
            app.get_text(&thread)
                .await
                .1
                .contains("ik doe mee als vrijwilliger")
        );
    }
    let (_, page) = app.get_text(&format!("/reacties/{reaction}")).await;
    assert!(page.contains(&format!("/reacties/{reaction}/discussie")));
    assert!(page.contains(&format!("/scenarios/{scenario}/discussie")));

    let draft = crate::fixtures::start_draft(
        &d.w.secretary,
        &d.w.consultation,
        Some(&d.w.organisation),
        "Nog niet klaar",
    )
    .await;
    assert_status!(
        d.w.secretary
            .get(&format!("/reacties/{draft}/discussie"))
            .await,
        404
    );

    // After the deadline the threads close; reading goes on.
    close(&app, &d.w.consultation).await;
    let before = app.count("posts").await;
    let token = extract_csrf(&d.residents[0].get_text(&d.thread).await.1).unwrap();
    let response = d.residents[0]
        .post_raw(&d.thread, &[("csrf_token", &token), ("body", "Te laat")])
        .await;
    assert_status!(response, 409);
    assert_eq!(app.count("posts").await, before);
}

async fn long_threads_are_paged(app: TestApp) {
    let d = discussion(&app).await;
    let consultation = ConsultationId::from(d.w.consultation.clone());
    let subject = SubjectId::from(&consultation);
    let author = UserId::from(
        app.create_user("veelschrijver@example.nl", false, None)
            .await,
    );
    let ids = app
        .db
        .write(move |conn| {
            let start = now_utc() - Duration::hours(2);
            (0..60)
                .map(|n| {
                    threads::insert_post(
                        conn,
                        &NewPost {
                            consultation_id: &consultation,
                            subject_kind: SubjectKind::Consultation,
                            subject_id: &subject,
                            parent_id: None,
                            author: Author::User {
                                id: &author,
                                name: "Inwoner",
                            },
                            body: &format!("Bericht nummer {n}."),
                            state: PostState::Visible,
                        },
                        start + Duration::seconds(n),
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let (_, first) = app.get_text(&d.thread).await;
    assert_eq!(first.matches("class=\"post\"").count(), 25);
    assert!(first.contains("Pagina 1 van 3"));
    assert!(first.contains("Bericht nummer 0."));
    assert!(!first.contains("Bericht nummer 25."));
    let (_, last) = app.get_text(&format!("{}?pagina=3", d.thread)).await;
    assert_eq!(last.matches("class=\"post\"").count(), 10);
    assert!(last.contains("Bericht nummer 59."));
    assert_status!(app.get(&format!("{}?pagina=4", d.thread)).await, 404);
    let found = app.get(&format!("/berichten/{}", ids[59])).await;
    assert_eq!(
        location(&found),
        format!("{}?pagina=3#bericht-{}", d.thread, ids[59])
    );
}

async fn posting_is_throttled_per_account(app: TestApp) {
    let d = discussion(&app).await;
    for n in 0..10 {
        assert_status!(
            write(&d.residents[0], &d.thread, &format!("Punt {n}")).await,
            303
        );
    }
    let response = write(&d.residents[0], &d.thread, "Nog één punt dat ik kwijt wil.").await;
    let page = assert_status!(response, 429);
    assert!(page.contains("Wacht even"));
    assert!(page.contains("Nog één punt dat ik kwijt wil."));
    assert_eq!(app.count("posts").await, 10);
    assert_status!(
        write(&d.residents[1], &d.thread, "Ik mag nog wel.").await,
        303
    );
}

async fn the_committee_digest_counts_new_posts(app: TestApp) {
    let d = discussion(&app).await;
    write(&d.residents[0], &d.thread, "Eerste bericht.").await;
    write(&d.residents[1], &d.thread, "Tweede bericht.").await;
    let page = format!("/griffie/commissies/{}", d.committee);
    let response = app
        .post_form(
            &page,
            &format!("{page}/leden"),
            &[("name", "Raadslid Oost"), ("email", "oost@lindeveld.nl")],
        )
        .await;
    assert_status!(response, 303);
    let mails = app.deliver_mail().await;
    let digest = mails
        .iter()
        .find(|m| m.to == "oost@lindeveld.nl")
        .expect("a digest");
    assert!(
        digest
            .text
            .contains("Er zijn 2 nieuwe berichten in de discussie."),
        "{}",
        digest.text
    );
}

async fn the_admin_edits_the_house_rules(app: TestApp) {
    let d = discussion(&app).await;
    let (_, rules) = app.get_text("/huisregels").await;
    assert!(rules.contains("Wees beleefd"));
    assert_status!(d.moderator.get("/beheer/huisregels").await, 403);
    app.create_user("beheer@inspraak.nl", true, None).await;
    let admin = app.second_browser();
    admin.login("beheer@inspraak.nl").await;
    let response = admin
        .post_form(
            "/beheer/huisregels",
            "/beheer/huisregels",
            &[
                ("title", "Praat over het plan"),
                ("body", "Niet over personen."),
                ("title", ""),
                ("body", ""),
                ("title", "Geen reclame"),
                ("body", "Ook niet voor goede doelen."),
            ],
        )
        .await;
    assert_status!(response, 303);
    let (_, rules) = app.get_text("/huisregels").await;
    assert!(rules.contains("Praat over het plan"));
    assert!(!rules.contains("Wees beleefd"));
    assert!(app.get_text(&d.thread).await.1.contains("Geen reclame"));
    let response = admin
        .post_form(
            "/beheer/huisregels",
            "/beheer/huisregels",
            &[("title", ""), ("body", "")],
        )
        .await;
    assert_status!(response, 422);
}
