//! Demo discussions on the open consultation: a lively thread with replies, an edited
//! reply, a guest's post, a post a moderator hid (with its reply still there), one held
//! after three flags and one with two flags waiting in the moderator's queue; and short
//! threads under a reaction and its bewonersbeheer scenario.

use chrono::{Duration, NaiveDateTime};

use super::DemoError;
use super::reactions::person;
use crate::db::threads::{self, Author, NewPost};
use crate::db::{DbConn, notifications, reactions};
use crate::domain::consultation::EventKind;
use crate::domain::id::{ConsultationId, PostId, ReactionId, SubjectId, UserId};
use crate::domain::security::{random_token, sha256_hex};
use crate::domain::signature::confirmation_lifetime;
use crate::domain::thread::{Decision, ModerationAction, PostState, SubjectKind};

/// A demo person's user id and display name.
type Person = (UserId, &'static str);

/// Where a demo post goes.
struct Thread<'a> {
    consultation: &'a ConsultationId,
    kind: SubjectKind,
    subject: SubjectId,
}

impl Thread<'_> {
    /// A visible post by a demo person, written at `at`.
    fn post(
        &self,
        conn: &mut DbConn,
        parent: Option<&PostId>,
        (author, name): &Person,
        body: &str,
        at: NaiveDateTime,
    ) -> Result<PostId, DemoError> {
        let id = threads::insert_post(
            conn,
            &NewPost {
                consultation_id: self.consultation,
                subject_kind: self.kind,
                subject_id: &self.subject,
                parent_id: parent,
                author: Author::User { id: author, name },
                body,
                state: PostState::Visible,
            },
            at,
        )?;
        notifications::record_event(conn, self.consultation, EventKind::PostPublished, at)?;
        Ok(id)
    }
}

pub fn insert(
    conn: &mut DbConn,
    consultation: &ConsultationId,
    reaction: &ReactionId,
    moderator: &UserId,
    resident: &UserId,
    now: NaiveDateTime,
) -> Result<(), DemoError> {
    let ago = |minutes: i64| now - Duration::minutes(minutes);
    let mut demo_person = |email: &str, name: &'static str| -> Result<Person, DemoError> {
        Ok((person(conn, email, name, now)?, name))
    };
    let annelies = demo_person("annelies@voorbeeld.example", "Annelies de Vries")?;
    let karim = demo_person("karim@voorbeeld.example", "Karim El Amrani")?;
    let piet = demo_person("piet@voorbeeld.example", "Piet Verhoef")?;
    let gerrit = demo_person("gerrit@voorbeeld.example", "Gerrit Mulder")?;
    let seller = demo_person("verkoop@zonnigdeal.example", "Zonnig Deal")?;
    let fatma = demo_person("fatma@voorbeeld.example", "Fatma Yilmaz")?;
    let resident: Person = (resident.clone(), "Inwoner Demo");

    let main = Thread {
        consultation,
        kind: SubjectKind::Consultation,
        subject: consultation.into(),
    };
    let meal = main.post(
        conn,
        None,
        &annelies,
        "Ik kom al twintig jaar in De Schakel. Als vrijwilliger zie ik elke week hoeveel ouderen daar hun enige warme maaltijd van de week eten.\n\nWie gaat dat straks regelen als de gemeente het gebouw overdraagt?",
        ago(180),
    )?;
    let edited = main.post(
        conn,
        Some(&meal),
        &resident,
        "Goede vraag. In de reactie van Bewonersplatform De Horst staat dat de buurtmaaltijd gewoon doorgaat bij bewonersbeheer. Meer over de maaltijd: https://dehorst.example/buurtmaaltijd",
        ago(170),
    )?;
    let body = threads::find_post(conn, &edited)?
        .expect("just inserted")
        .body;
    threads::update_body(conn, &edited, &body, PostState::Visible, ago(160))?;
    main.post(
        conn,
        Some(&meal),
        &karim,
        "De maaltijd wordt nu al door vrijwilligers gekookt, niet door de gemeente. Het gaat bij bewonersbeheer om de sleutel, de schoonmaak en het onderhoud.",
        ago(150),
    )?;
    main.post(
        conn,
        None,
        &karim,
        "Wat ik mis in de notitie: hoe worden jongeren betrokken bij het wijkprogramma? In Lindeveld-Noord is er voor hen na 18.00 uur bijna niets te doen.",
        ago(140),
    )?;
    // A resident without an account, confirmed through the mailed link.
    let guest = threads::insert_post(
        conn,
        &NewPost {
            consultation_id: consultation,
            subject_kind: SubjectKind::Consultation,
            subject_id: &consultation.into(),
            parent_id: None,
            author: Author::Guest {
                name: "Mevrouw Jansen",
                email: "jansen@voorbeeld.example",
                token_hash: &sha256_hex(&random_token()),
                expires_at: now + confirmation_lifetime(),
            },
            body: "Ik heb geen computer thuis, mijn kleindochter helpt mij. Ik hoop dat de koffieochtend op dinsdag blijft. Daar zie ik mijn buren.",
            state: PostState::Unconfirmed,
        },
        ago(135),
    )?;
    threads::confirm_guest_post(conn, &guest, PostState::Visible, ago(130))?;
    notifications::record_event(conn, consultation, EventKind::PostPublished, ago(130))?;

    let rude = main.post(
        conn,
        None,
        &piet,
        "Die wethouder snapt er helemaal niets van. Het zijn allemaal zakkenvullers op het gemeentehuis.",
        ago(120),
    )?;
    main.post(
        conn,
        Some(&rude),
        &annelies,
        "Ik snap de boosheid, maar laten we het over het plan hebben. Daar kan de raad iets mee.",
        ago(110),
    )?;
    let rude_post = threads::find_post(conn, &rude)?.expect("just inserted");
    let rules = threads::house_rules(conn)?;
    let politeness = rules.iter().find(|r| r.number == 2).map(|r| r.label());
    threads::record_decision(
        conn,
        &rude_post,
        Some(moderator),
        &Decision {
            action: ModerationAction::Hide,
            rule: Some(2),
            reason: "Persoonlijke aanval op bestuurders. Kritiek op het plan is welkom, scheldwoorden niet.".into(),
        },
        politeness.as_deref(),
        PostState::Hidden,
        ago(100),
    )?;

    let advert = main.post(
        conn,
        None,
        &seller,
        "Koop nu goedkope zonnepanelen voor uw buurthuis! Actie alleen deze week, bel snel.",
        ago(90),
    )?;
    for (flagger, reason) in [
        (&annelies.0, "Reclame, heeft niets met de notitie te maken."),
        (&karim.0, "Spam."),
        (&fatma.0, "Reclame"),
    ] {
        threads::flag(conn, &advert, flagger, reason, ago(80))?;
    }
    let advert_post = threads::find_post(conn, &advert)?.expect("just inserted");
    threads::record_decision(
        conn,
        &advert_post,
        None,
        &Decision {
            action: ModerationAction::Held,
            rule: None,
            reason: "3 bezoekers hebben het bericht gemeld. Een moderator beoordeelt het.".into(),
        },
        None,
        PostState::Held,
        ago(80),
    )?;

    let sharp = main.post(
        conn,
        None,
        &gerrit,
        "Bewonersbeheer is een bezuiniging in vermomming. Straks staan de vrijwilligers er alleen voor en gaat het gebouw alsnog dicht.",
        ago(60),
    )?;
    for (flagger, reason) in [
        (
            &annelies.0,
            "Klopt niet: er komt een vast budget per gebouw.",
        ),
        (&karim.0, "Stemmingmakerij."),
    ] {
        threads::flag(conn, &sharp, flagger, reason, ago(50))?;
    }

    let on_reaction = Thread {
        consultation,
        kind: SubjectKind::Reaction,
        subject: reaction.into(),
    };
    on_reaction.post(
        conn,
        None,
        &fatma,
        "Namens de bewonerscommissie van de Populierenbuurt: wij steunen dit. Hoe regelen jullie de verzekering als vrijwilligers het gebouw openen en sluiten?",
        ago(45),
    )?;
    if let Some(scenario) = reactions::scenarios_of(conn, reaction)?.first() {
        let on_scenario = Thread {
            consultation,
            kind: SubjectKind::Scenario,
            subject: (&scenario.id).into(),
        };
        let question = on_scenario.post(
            conn,
            None,
            &karim,
            "Zit in de € 45.000 per jaar ook geld voor groot onderhoud, zoals een nieuw dak of een nieuwe cv-ketel?",
            ago(40),
        )?;
        on_scenario.post(
            conn,
            Some(&question),
            &resident,
            "Nee, groot onderhoud blijft bij de gemeente als eigenaar. Dat staat bij de voorwaarden van ons scenario.",
            ago(30),
        )?;
    }
    Ok(())
}
