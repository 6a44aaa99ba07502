//! The worlds the API tests start from, each one call: people and councils, consultation
//! rounds, an organisation with members, reactions (draft and submitted), a position to
//! sign and signatures. The harness itself (servers, HTTP, reading mail) is in `helpers`.

use chrono::Duration;
use diesel::prelude::*;
use inspraak::db::schema::{
    consultations, councils as council_rows, decision_points, district_postcodes, positions,
    signatures,
};
use inspraak::db::{DbError, accounts, councils, organisations};
use inspraak::domain::account::{CouncilRole, EmailAddress, hash_password};
use inspraak::domain::council::{CommitteeDraft, CouncilSettings};
use inspraak::domain::id::{CouncilId, OrganisationId};
use inspraak::domain::organisation::{MemberRole, OrganisationDraft, OrganisationKind};
use inspraak::domain::time::now_utc;
use inspraak::domain::two_factor::code_at;

use crate::helpers::{PASSWORD, TestApp, confirmation_for, link};
use crate::{assert_redirect, assert_status};

// People and councils.

impl TestApp {
    /// Creates a user straight in the database (faster than the form) and returns its id.
    /// Admins and clerks get two-factor authentication with [`STAFF_TOTP_SECRET`], which
    /// their staff powers need.
    ///
    /// [`STAFF_TOTP_SECRET`]: crate::helpers::STAFF_TOTP_SECRET
    pub async fn create_user(
        &self,
        email: &str,
        admin: bool,
        role: Option<(&str, CouncilRole)>,
    ) -> String {
        let email = EmailAddress::parse(email).unwrap();
        let role = role.map(|(council, role)| (CouncilId::from(council), role));
        let staff = admin || role.as_ref().is_some_and(|(_, r)| *r == CouncilRole::Clerk);
        let id = self
            .db
            .write(move |conn| {
                let now = now_utc();
                let id = accounts::insert_user(
                    conn,
                    &email,
                    "Test Persoon",
                    &hash_password(PASSWORD),
                    admin,
                    now,
                )?
                .expect("new address");
                if let Some((council_id, role)) = role {
                    accounts::grant_role(conn, &id, &council_id, role, now)?;
                }
                Ok::<_, inspraak::db::DbError>(id.into_string())
            })
            .await
            .unwrap();
        if staff {
            self.enrol_two_factor(&id).await;
        }
        id
    }

    /// [`TestApp::create_council`] with its clerk, `griffie@{slug}.nl` (not logged in).
    pub async fn create_council_with_clerk(&self, slug: &str) -> (String, String) {
        let (council, committee) = self.create_council(slug).await;
        self.create_user(
            &format!("griffie@{slug}.nl"),
            false,
            Some((&council, CouncilRole::Clerk)),
        )
        .await;
        (council, committee)
    }

    /// Creates a council with one committee; returns `(council_id, committee_id)`.
    pub async fn create_council(&self, slug: &str) -> (String, String) {
        let settings = CouncilSettings {
            name: format!("Gemeente {slug}"),
            slug: slug.to_owned(),
            code: slug.replace('-', "").to_ascii_uppercase(),
            logo_text: slug.to_owned(),
            speaking_deadline_hours: 24,
            minutes_per_speaker: 5,
            total_speaking_minutes: 30,
            retention_days: 365,
            two_factor_for_all_staff: false,
        };
        self.db
            .write(move |conn| {
                let now = now_utc();
                let council =
                    councils::insert_council(conn, &settings, now)?.expect("new slug and code");
                let committee = councils::insert_committee(
                    conn,
                    &council,
                    &CommitteeDraft {
                        name: "Commissie Samenleving".into(),
                        clerk_email: EmailAddress::parse("griffie@example.nl").unwrap(),
                    },
                    now,
                )?
                .expect("new committee");
                Ok::<_, inspraak::db::DbError>((council.into_string(), committee.into_string()))
            })
            .await
            .unwrap()
    }
}

/// A new user without roles, logged in on a browser of their own.
/// Fills in the registration form as `browser`, with the test password twice and
/// `extra` fields (such as `next`); the response is the form's answer.
pub async fn register(
    browser: &TestApp,
    display_name: &str,
    email: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![
        ("display_name", display_name),
        ("email", email),
        ("password", PASSWORD),
        ("password_confirmation", PASSWORD),
    ];
    fields.extend_from_slice(extra);
    browser
        .post_form("/account/registreren", "/account/registreren", &fields)
        .await
}

pub async fn resident(app: &TestApp, email: &str) -> TestApp {
    app.create_user(email, false, None).await;
    let browser = app.second_browser();
    browser.login(email).await;
    browser
}

/// Council `slug` with its clerk logged in on `app`; returns the committee's id.
pub async fn council_with_clerk_logged_in(app: &TestApp, slug: &str) -> String {
    let (_, committee) = app.create_council_with_clerk(slug).await;
    app.login(&format!("griffie@{slug}.nl")).await;
    committee
}

// Two-factor authentication through its pages.

const SETTINGS: &str = "/account/tweestapsverificatie";

/// The secret shown on the settings page, as bytes.
pub fn shown_secret(page: &str) -> Vec<u8> {
    let marker = r#"<code class="secret">"#;
    let start = page.find(marker).expect("the secret is shown") + marker.len();
    let text: String = page[start..]
        .split("</code>")
        .next()
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    data_encoding::BASE32_NOPAD.decode(text.as_bytes()).unwrap()
}

pub fn code_now(app: &TestApp, secret: &[u8]) -> String {
    code_at(
        secret,
        u64::try_from(app.now().and_utc().timestamp()).unwrap(),
    )
}

/// Turns it on for the logged-in `browser`; the secret and the recovery codes.
pub async fn turn_on(browser: &TestApp) -> (Vec<u8>, Vec<String>) {
    assert_redirect!(
        browser
            .post_form(SETTINGS, "/account/tweestapsverificatie/instellen", &[])
            .await
    );
    let page = assert_status!(browser.get(SETTINGS).await, 200);
    assert!(page.contains(r#"<svg class="qr-code""#), "a QR code");
    let secret = shown_secret(&page);
    let code = code_now(browser, &secret);
    let done = browser
        .post_form(
            SETTINGS,
            SETTINGS,
            &[("code", code.as_str()), ("totp_password", PASSWORD)],
        )
        .await;
    let done = assert_status!(done, 200);
    assert!(done.contains("Bewaar uw herstelcodes"));
    let codes: Vec<String> = done
        .split("<li><code>")
        .skip(1)
        .map(|rest| rest.split("</code>").next().unwrap().to_owned())
        .collect();
    (secret, codes)
}

// Consultation rounds.

/// A complete, valid consultation form for `committee`.
pub fn consultation_fields(committee: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Beleidsnotitie Ontmoetingsplekken".into()),
        ("summary", "Hoe organiseren we de buurthuizen?".into()),
        (
            "body_markdown",
            "# Inleiding\n\nDe gemeente wil **ontmoeting** in elke wijk.".into(),
        ),
        ("document_url", "https://example.nl/notitie".into()),
        ("policy_version", "1.0".into()),
        ("committee_id", committee.to_owned()),
        ("meeting_date", "2099-12-10".into()),
        ("meeting_time", "19:30".into()),
        ("deadline_date", "2099-12-03".into()),
        ("deadline_time", "12:00".into()),
        ("point_title", "Wijkprogrammering".into()),
        ("point_body", "Per wijk één programma.".into()),
        (
            "point_title",
            "Beheer en exploitatie van wijkaccommodaties".into(),
        ),
        ("point_body", "Per gebouw kiezen wie beheert.".into()),
        ("action", "save".into()),
    ]
}

/// Form fields as the `&str` pairs that `post_form` takes.
pub fn as_refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Creates a concept from [`consultation_fields`] as the logged-in clerk; returns its id.
pub async fn create_consultation(app: &TestApp, slug: &str, committee: &str) -> String {
    create_consultation_from(app, slug, &consultation_fields(committee)).await
}

/// Creates a concept from `fields` in `slug` as the logged-in clerk; returns its id.
pub async fn create_consultation_from(
    app: &TestApp,
    slug: &str,
    fields: &[(&'static str, String)],
) -> String {
    let form = format!("/griffie/{slug}/consultaties/nieuw");
    let response = app
        .post_form(
            &form,
            &format!("/griffie/{slug}/consultaties"),
            &as_refs(fields),
        )
        .await;
    let redirect = assert_redirect!(response, "consultation is created");
    redirect
        .trim_start_matches("/griffie/consultaties/")
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

/// Opens a concept with receipt prefix `code`, as the logged-in clerk.
pub async fn open_consultation(app: &TestApp, id: &str, code: &str) {
    let manage = format!("/griffie/consultaties/{id}");
    let response = app
        .post_form(&manage, &format!("{manage}/openen"), &[("code", code)])
        .await;
    assert_status!(response, 303, "{id} opens");
}

/// An open round in a new council, Lindeveld, made by its clerk, who stays logged in on
/// `app`; returns the round's id.
pub async fn open_round(app: &TestApp) -> String {
    let committee = council_with_clerk_logged_in(app, "lindeveld").await;
    let id = create_consultation(app, "lindeveld", &committee).await;
    open_consultation(app, &id, "ONT").await;
    id
}

/// The ids of a round's beslispunten, in order.
pub async fn decision_points(app: &TestApp, consultation: &str) -> Vec<String> {
    let id = consultation.to_owned();
    app.db
        .read(move |conn| {
            decision_points::table
                .filter(decision_points::consultation_id.eq(&id))
                .order(decision_points::number.asc())
                .select(decision_points::id)
                .load(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Moves a round's deadline, as if time had passed.
pub async fn set_deadline(app: &TestApp, consultation: &str, deadline: chrono::NaiveDateTime) {
    let id = consultation.to_owned();
    app.db
        .write(move |conn| {
            diesel::update(consultations::table.find(&id))
                .set(consultations::deadline_at.eq(deadline))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
}

/// A round's deadline as stored.
pub async fn deadline_of(app: &TestApp, consultation: &str) -> chrono::NaiveDateTime {
    let id = consultation.to_owned();
    app.db
        .read(move |conn| {
            consultations::table
                .find(&id)
                .select(consultations::deadline_at)
                .first(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Closes a round: the clock runs to a minute past its deadline. The fixtures' rounds close
/// in 2099, long after every session has ended, so whoever was logged in logs in again.
pub async fn close(app: &TestApp, consultation: &str) {
    let deadline = deadline_of(app, consultation).await;
    app.advance_clock_and_log_in_again(deadline - app.now() + Duration::minutes(1))
        .await;
}

// Organisations.

/// An open round (Lindeveld, its clerk logged in on `app`) with two beslispunten, and an
/// organisation with a secretary (secretaris@horst.nl) and an editor (schrijver@horst.nl),
/// each logged in on a browser of their own.
pub struct World {
    pub consultation: String,
    pub points: Vec<String>,
    pub organisation: String,
    pub secretary: TestApp,
    pub editor: TestApp,
}

pub async fn world(app: &TestApp) -> World {
    let consultation = open_round(app).await;
    let secretary_id = app.create_user("secretaris@horst.nl", false, None).await;
    let organisation = app
        .db
        .write(move |conn| {
            let draft = OrganisationDraft {
                name: "Bewonersplatform De Horst".into(),
                kind: OrganisationKind::Bewonersplatform,
                district: "De Horst".into(),
                website: None,
                description: "Bewoners van De Horst.".into(),
            };
            organisations::insert_organisation(conn, &draft, &secretary_id.into(), now_utc())
                .map(OrganisationId::into_string)
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let secretary = app.second_browser();
    secretary.login("secretaris@horst.nl").await;
    let (editor, _) = member(app, &organisation, "schrijver@horst.nl", MemberRole::Editor).await;
    World {
        points: decision_points(app, &consultation).await,
        consultation,
        organisation,
        secretary,
        editor,
    }
}

/// A new user added to `organisation` straight in the database, logged in on a browser of
/// their own; returns the browser and the user's id.
pub async fn member(
    app: &TestApp,
    organisation: &str,
    email: &str,
    role: MemberRole,
) -> (TestApp, String) {
    let id = app.create_user(email, false, None).await;
    let (organisation, user) = (organisation.to_owned(), id.clone());
    app.db
        .write(move |conn| {
            organisations::add_member(conn, &organisation.into(), &user.into(), role, now_utc())
                .map_err(DbError::from)
        })
        .await
        .unwrap();
    let browser = app.second_browser();
    browser.login(email).await;
    (browser, id)
}

// Reactions.

/// Starts a draft as `browser`, for the organisation when given; returns its id.
pub async fn start_draft(
    browser: &TestApp,
    consultation: &str,
    organisation: Option<&str>,
    title: &str,
) -> String {
    let start = format!("/consultaties/{consultation}/reageren");
    let response = browser
        .post_form(
            &start,
            &start,
            &[("title", title), ("on_behalf", organisation.unwrap_or(""))],
        )
        .await;
    let redirect = assert_redirect!(response, "draft started");
    redirect
        .trim_start_matches("/reacties/")
        .split('/')
        .next()
        .unwrap()
        .to_owned()
}

/// The fields of a complete reaction with two positions and one scenario.
pub fn reaction_fields<'a>(
    version: &'a str,
    points: &'a [String],
    title: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("version", version),
        ("title", title),
        (
            "introduction",
            "Wij zijn 140 huishoudens in De Horst en gebruiken De Schakel elke week.",
        ),
        (
            "body_markdown",
            "Wij willen **zelf** het buurthuis beheren.",
        ),
        ("position_point", &points[0]),
        ("position_stance", "supports"),
        (
            "position_body",
            "Eén wijkprogramma per wijk is een goed idee.",
        ),
        ("position_point", &points[1]),
        ("position_stance", "amends"),
        (
            "position_body",
            "Geef bewonersbeheer een eerlijke kans met een vast budget.",
        ),
        ("scenario_point", &points[1]),
        ("scenario_title", "Bewonersbeheer De Schakel"),
        ("scenario_operator", "bewonersbeheer"),
        (
            "scenario_request",
            "Een vast bedrag van € 45.000 per jaar voor vijf jaar.",
        ),
        ("scenario_cost", "45000"),
        ("scenario_cost_bearer", "Gemeente, aangevuld met verhuur"),
        ("scenario_conditions", "Open op werkdagen van 9 tot 22 uur."),
        ("scenario_body", "Vrijwilligers beheren het gebouw."),
        ("action", "save"),
    ]
}

/// Submits version 2 of a draft (one save after starting it), with consent.
pub async fn submit(browser: &TestApp, reaction: &str) -> reqwest::Response {
    let submit = format!("/reacties/{reaction}/indienen");
    browser
        .post_form(&submit, &submit, &[("version", "2"), ("consent", "1")])
        .await
}

/// A complete draft of the organisation in `w` (started, then saved once as version 2) by
/// its secretary; returns its id.
pub async fn saved_draft(w: &World, title: &str) -> String {
    let id = start_draft(&w.secretary, &w.consultation, Some(&w.organisation), title).await;
    let edit = format!("/reacties/{id}/bewerken");
    w.secretary
        .post_form(&edit, &edit, &reaction_fields("1", &w.points, title))
        .await;
    id
}

/// A submitted reaction of the organisation in `w`, by its secretary; returns its id.
pub async fn submitted(w: &World, title: &str) -> String {
    let id = saved_draft(w, title).await;
    assert_status!(submit(&w.secretary, &id).await, 303);
    id
}

/// A new resident (`email`) writes a complete draft without scenario, with `position`, when
/// given, as the text of its first position; returns their browser and the draft's id.
pub async fn resident_draft(
    app: &TestApp,
    consultation: &str,
    email: &str,
    title: &str,
    position: Option<&str>,
) -> (TestApp, String) {
    let points = decision_points(app, consultation).await;
    let resident = resident(app, email).await;
    let id = start_draft(&resident, consultation, None, title).await;
    let edit = format!("/reacties/{id}/bewerken");
    let mut fields = reaction_fields("1", &points, title);
    fields.retain(|(name, _)| !name.starts_with("scenario_"));
    if let Some(position) = position {
        for (name, value) in fields.iter_mut() {
            if *name == "position_body" {
                *value = position;
                break;
            }
        }
    }
    assert_status!(resident.post_form(&edit, &edit, &fields).await, 303);
    (resident, id)
}

/// A submitted reaction by a new resident (`email`) who did not publish their name, with
/// `=HYPERLINK(...)` as its first position; returns its id.
pub async fn individual_reaction_by(app: &TestApp, w: &World, email: &str, title: &str) -> String {
    individual_reaction_saying(
        app,
        w,
        email,
        title,
        "=HYPERLINK(\"https://kwaad.example\")",
    )
    .await
}

/// Like [`individual_reaction_by`], with `position` as the text of its first position.
pub async fn individual_reaction_saying(
    app: &TestApp,
    w: &World,
    email: &str,
    title: &str,
    position: &str,
) -> String {
    let (resident, id) = resident_draft(app, &w.consultation, email, title, Some(position)).await;
    assert_status!(submit(&resident, &id).await, 303);
    id
}

// Signatures.

/// The organisation's submitted reaction "Houd De Schakel open"; returns the id of its first
/// position.
pub async fn signable(app: &TestApp, w: &World) -> String {
    let id = submitted(w, "Houd De Schakel open").await;
    app.db
        .read(move |conn| {
            positions::table
                .filter(positions::reaction_id.eq(&id))
                .filter(positions::number.eq(1))
                .select(positions::id)
                .first::<String>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Signs a position through its public form (unconfirmed until the mailed link is used).
pub async fn sign(
    browser: &TestApp,
    position: &str,
    name: &str,
    email: &str,
    postcode: &str,
) -> reqwest::Response {
    let path = format!("/steun/standpunt/{position}");
    browser
        .post_form(
            &path,
            &path,
            &[
                ("display_name", name),
                ("email", email),
                ("postcode", postcode),
                ("consent", "1"),
                ("website", ""),
            ],
        )
        .await
}

/// Confirms through the link in the one confirmation mail to `to`; returns the status.
pub async fn confirm_signature(app: &TestApp, browser: &TestApp, to: &str) -> u16 {
    let mails = app.deliver_mail().await;
    let mine = confirmation_for(&mails, to);
    assert_eq!(mine.len(), 1, "one confirmation mail to {to}");
    let path = link(mine[0], &format!("{}/steun/bevestigen/", app.address))
        .trim_start_matches(&app.address)
        .to_owned();
    browser.post_form(&path, &path, &[]).await.status().as_u16()
}

/// The states of the signatures of a normalised address.
pub async fn signature_states(app: &TestApp, email: &'static str) -> Vec<String> {
    app.db
        .read(move |conn| {
            signatures::table
                .filter(signatures::email_normalized.eq(email))
                .select(signatures::state)
                .load::<String>(conn)
                .map_err(DbError::from)
        })
        .await
        .unwrap()
}

/// Gives the one council a postcode table of two wijken: 1234 is De Horst, 5678AB is
/// Molenkwartier.
pub async fn district_table(app: &TestApp) {
    app.db
        .write(|conn| {
            let council: String = council_rows::table.select(council_rows::id).first(conn)?;
            for (postcode, district) in [("1234", "De Horst"), ("5678AB", "Molenkwartier")] {
                diesel::insert_into(district_postcodes::table)
                    .values((
                        district_postcodes::council_id.eq(&council),
                        district_postcodes::postcode.eq(postcode),
                        district_postcodes::district.eq(district),
                    ))
                    .execute(conn)?;
            }
            Ok::<_, DbError>(())
        })
        .await
        .unwrap();
}
