//! Demo organisations and reactions on the open consultation: published reactions from
//! a bewonersplatform, a stichting and a resident, a bewonersbeheer scenario, one
//! withdrawn reaction and one draft.

use chrono::{Duration, NaiveDateTime};

use super::DemoError;
use crate::db::reactions::{self, Submission};
use crate::db::signatures::{self, NewSignature};
use crate::db::{DbConn, accounts, consultations, organisations, speaking};
use crate::domain::account::EmailAddress;
use crate::domain::id::{
    ConsultationId, OrganisationId, ReactionId, SignatureId, TargetId, UserId,
};
use crate::domain::organisation::{MemberRole, OrganisationDraft, OrganisationKind};
use crate::domain::reaction::{
    Operator, PositionContent, ReactionContent, ScenarioContent, Stance,
};
use crate::domain::security::sha256_hex;
use crate::domain::signature::{SignatureState, TargetKind};
use crate::domain::speaking::{RequestState, SpeakingDraft, topic_label};
use crate::mail::notify::{self, MailContext};
use crate::mail::templates::SpeakingRequestMail;

/// A demo person who cannot log in (their password hash is not a hash).
pub(super) fn person(
    conn: &mut DbConn,
    email: &str,
    name: &str,
    now: NaiveDateTime,
) -> Result<UserId, DemoError> {
    let email = EmailAddress::parse(email).expect("demo addresses are valid");
    if let Some(existing) = accounts::find_user_by_email(conn, &email)? {
        return Ok(existing.id);
    }
    Ok(
        accounts::insert_user(conn, &email, name, "no-login", false, now)?
            .expect("checked just above"),
    )
}

fn organisation(
    conn: &mut DbConn,
    draft: OrganisationDraft,
    secretary: &UserId,
    verified_by: Option<&UserId>,
    now: NaiveDateTime,
) -> Result<OrganisationId, DemoError> {
    let id = organisations::insert_organisation(conn, &draft, secretary, now)?;
    if verified_by.is_some() {
        organisations::set_verified(conn, &id, verified_by.map(|by| (by, None)), now)?;
    }
    Ok(id)
}

/// Saves a draft, and submits it (as `board` with `board_name`) unless `submit` is false.
#[allow(clippy::too_many_arguments)]
pub(super) fn reaction(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation: &ConsultationId,
    organisation: Option<&OrganisationId>,
    author: &UserId,
    board_name: &str,
    content: ReactionContent,
    submit: bool,
    at: NaiveDateTime,
) -> Result<ReactionId, DemoError> {
    let id = reactions::insert_draft(conn, consultation, organisation, author, &content, at)?;
    if !submit {
        return Ok(id);
    }
    let listing =
        consultations::find_consultation(conn, consultation)?.expect("demo consultation exists");
    let draft = reactions::find_reaction(conn, &id)?.expect("inserted just now");
    let submission = Submission {
        submitted_by: author,
        submitted_by_name: board_name,
    };
    let stored = reactions::submit(conn, &draft, draft.version, &submission, at)?
        .expect("a fresh draft submits");
    let organisation_name = match organisation {
        Some(id) => organisations::find_organisation(conn, id)?.map(|o| o.name),
        None => None,
    };
    let recipients = match accounts::find_user(conn, author)? {
        Some(user) => vec![(user.id, user.email)],
        None => Vec::new(),
    };
    notify::reaction_submitted(
        conn,
        mail,
        &listing,
        &stored,
        organisation_name.as_deref(),
        &recipients,
        at,
    )?;
    Ok(id)
}

/// Returns the bewonersplatform's reaction, which the demo discussions refer to.
pub fn insert(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation: &ConsultationId,
    resident: &UserId,
    now: NaiveDateTime,
) -> Result<ReactionId, DemoError> {
    let points = consultations::decision_points_of(conn, consultation)?;
    let (programme, management) = (Some(points[0].id.clone()), Some(points[1].id.clone()));
    let clerk = accounts::find_user_by_email(
        conn,
        &EmailAddress::parse(super::ACCOUNTS[1].email).expect("valid"),
    )?
    .map(|u| u.id);

    let horst = organisation(
        conn,
        OrganisationDraft {
            name: "Bewonersplatform De Horst".into(),
            kind: OrganisationKind::Bewonersplatform,
            district: "De Horst".into(),
            website: Some("https://dehorst.example".into()),
            description: "Wij zijn het platform van de bewoners van De Horst. Sinds 2011 organiseren wij de buurtmaaltijd, het repaircafé en de zomermarkt in buurthuis De Schakel.".into(),
        },
        resident,
        clerk.as_ref(),
        now,
    )?;
    let treasurer = person(
        conn,
        "penningmeester@dehorst.example",
        "Penningmeester De Horst",
        now,
    )?;
    organisations::add_member(conn, &horst, &treasurer, MemberRole::Board, now)?;

    let buurtkracht_secretary = person(
        conn,
        "secretaris@buurtkracht.example",
        "Secretaris Buurtkracht",
        now,
    )?;
    let buurtkracht = organisation(
        conn,
        OrganisationDraft {
            name: "Stichting Buurtkracht Lindeveld-Oost".into(),
            kind: OrganisationKind::Stichting,
            district: "Lindeveld-Oost".into(),
            website: None,
            description: "Vrijwilligers die ouderen en nieuwkomers in Lindeveld-Oost helpen meedoen: koffieochtenden, taalles en een klussendienst.".into(),
        },
        &buurtkracht_secretary,
        None,
        now,
    )?;
    let molen_secretary = person(
        conn,
        "secretaris@molenkwartier.example",
        "Secretaris Molenkwartier",
        now,
    )?;
    let molen = organisation(
        conn,
        OrganisationDraft {
            name: "Wijkvereniging Molenkwartier".into(),
            kind: OrganisationKind::Vereniging,
            district: "Molenkwartier".into(),
            website: None,
            description: "Vereniging van bewoners van het Molenkwartier, met 210 leden.".into(),
        },
        &molen_secretary,
        None,
        now,
    )?;
    let neighbour = person(
        conn,
        "bewoner.oost@voorbeeld.example",
        "Bewoner Lindeveld-Oost",
        now,
    )?;

    let horst_reaction = reaction(conn, mail, consultation, Some(&horst), resident, "Inwoner Demo", ReactionContent {
        title: "Laat bewoners De Schakel zelf beheren".into(),
        introduction: "Bewonersplatform De Horst vertegenwoordigt ongeveer 1.400 huishoudens. Buurthuis De Schakel is ons huis: elke week komen er meer dan 300 mensen.".into(),
        body_markdown: "Wij steunen het idee van **één wijkprogramma per wijk**. Maar wij vrezen dat beheer door een grote organisatie de drempel verhoogt.\n\nDaarom stellen wij voor dat bewoners De Schakel zelf beheren, met een vast budget en duidelijke afspraken. Zie ons scenario hieronder.".into(),
        publish_name: false,
        positions: vec![
            PositionContent { decision_point_id: programme.clone(), stance: Stance::Supports, body: "Eén wijkprogramma per wijk, gemaakt met bewoners, is een goede stap.".into() },
            PositionContent { decision_point_id: management.clone(), stance: Stance::Amends, body: "Geef bewonersbeheer een eerlijke kans: een vast bedrag voor vijf jaar, niet voor één jaar.".into() },
        ],
        scenarios: vec![ScenarioContent {
            decision_point_id: management.clone(),
            title: "Bewonersbeheer van buurthuis De Schakel".into(),
            operator: Operator::Bewonersbeheer,
            request: "Een vast bedrag van € 45.000 per jaar voor vijf jaar, en groot onderhoud blijft bij de gemeente.".into(),
            yearly_cost_euros: Some(45_000),
            cost_bearer: "Gemeente; wij vullen aan met verhuur van zalen (ongeveer € 12.000 per jaar)".into(),
            conditions: "Open op werkdagen van 9 tot 22 uur, toegankelijk voor rolstoelen, een jaarlijks openbaar verslag.".into(),
            body: "Een stichting van bewoners huurt het gebouw voor € 1 per jaar. Twintig vrijwilligers doen de dagelijkse gang van zaken; een betaalde beheerder werkt 16 uur per week.".into(),
        }],
    }, true, now - Duration::days(3))?;

    let buurtkracht_reaction = reaction(conn, mail, consultation, Some(&buurtkracht), &buurtkracht_secretary, "Secretaris Buurtkracht", ReactionContent {
        title: "Welzijnswerk hoort in elke wijk".into(),
        introduction: "Stichting Buurtkracht werkt met 45 vrijwilligers in Lindeveld-Oost.".into(),
        body_markdown: "Wij zien dat de ontmoetingsplekken vooral belangrijk zijn voor ouderen die alleen wonen. Een wijkprogramma mag niet betekenen dat kleine activiteiten verdwijnen.".into(),
        publish_name: false,
        positions: vec![
            PositionContent { decision_point_id: programme.clone(), stance: Stance::Amends, body: "Neem in elk wijkprogramma een vast deel op voor activiteiten voor ouderen.".into() },
            PositionContent { decision_point_id: management.clone(), stance: Stance::Supports, body: "Beheer door een welzijnsorganisatie is in Lindeveld-Oost de beste keuze.".into() },
        ],
        scenarios: Vec::new(),
    }, true, now - Duration::days(2))?;

    let withdrawn = reaction(
        conn,
        mail,
        consultation,
        Some(&molen),
        &molen_secretary,
        "Secretaris Molenkwartier",
        ReactionContent {
            title: "Molenhuis niet sluiten".into(),
            introduction:
                "Deze reactie schreven wij voordat duidelijk werd dat het Molenhuis open blijft."
                    .into(),
            body_markdown: String::new(),
            publish_name: false,
            positions: vec![PositionContent {
                decision_point_id: management.clone(),
                stance: Stance::Opposes,
                body: "Het Molenhuis moet open blijven.".into(),
            }],
            scenarios: Vec::new(),
        },
        true,
        now - Duration::days(2) + Duration::hours(4),
    )?;
    let stored = reactions::find_reaction(conn, &withdrawn)?.expect("inserted just now");
    reactions::withdraw(
        conn,
        &stored,
        &molen_secretary,
        Some("Wij hebben ons aangesloten bij de reactie van de Wijkraad Lindeveld-Oost."),
        now - Duration::hours(20),
    )?;

    reaction(conn, mail, consultation, None, &neighbour, "Bewoner Lindeveld-Oost", ReactionContent {
        title: "Denk aan wie geen auto heeft".into(),
        introduction: "Ik woon al 40 jaar in Lindeveld-Oost en kom twee keer per week in het wijkcentrum.".into(),
        body_markdown: "Als er minder gebouwen komen, moeten die wel met de bus of lopend te bereiken zijn.".into(),
        publish_name: false,
        positions: vec![PositionContent { decision_point_id: management, stance: Stance::Opposes, body: "Sluit geen wijkcentrum zonder goed alternatief op loopafstand.".into() }],
        scenarios: Vec::new(),
    }, true, now - Duration::days(1))?;
    // This resident moved away and deleted the account: the reaction stays filed under its
    // number, and the public log says that the name was removed.
    crate::ops::accounts::delete_account(conn, mail, &neighbour, now - Duration::hours(12))?;

    reaction(
        conn,
        mail,
        consultation,
        Some(&horst),
        resident,
        "Inwoner Demo",
        ReactionContent {
            title: "Aanvulling: openingstijden in de zomer".into(),
            introduction: "Een aanvulling op onze eerdere reactie (concept, nog niet ingediend)."
                .into(),
            body_markdown: "In juli en augustus willen wij De Schakel ook in het weekend openen."
                .into(),
            publish_name: false,
            positions: vec![PositionContent {
                decision_point_id: programme,
                stance: Stance::Amends,
                body: "Zomeractiviteiten horen in het wijkprogramma.".into(),
            }],
            scenarios: Vec::new(),
        },
        false,
        now,
    )?;
    speaking_requests(
        conn,
        mail,
        consultation,
        &horst_reaction,
        resident,
        &buurtkracht_reaction,
        &buurtkracht_secretary,
        now,
    )?;
    support(
        conn,
        consultation,
        &horst_reaction,
        &buurtkracht,
        &buurtkracht_secretary,
        now,
    )?;
    Ok(horst_reaction)
}

/// Two requests to speak: one the griffie accepted, one still waiting.
#[allow(clippy::too_many_arguments)]
fn speaking_requests(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation: &ConsultationId,
    horst_reaction: &ReactionId,
    resident: &UserId,
    buurtkracht_reaction: &ReactionId,
    buurtkracht_secretary: &UserId,
    now: NaiveDateTime,
) -> Result<(), DemoError> {
    let listing =
        consultations::find_consultation(conn, consultation)?.expect("demo consultation exists");
    let points = consultations::decision_points_of(conn, consultation)?;
    let draft = SpeakingDraft {
        speaker_name: "Inwoner Demo".into(),
        on_behalf: "Bewonersplatform De Horst".into(),
        contact_email: EmailAddress::parse(super::ACCOUNTS[4].email).expect("valid"),
        decision_point_id: Some(points[1].id.clone()),
        written_text: "Voorzitter, leden van de commissie. Wij vragen u bewoners De Schakel zelf te laten beheren. Wij laten graag zien hoe.".into(),
    };
    let asked_at = now - Duration::days(2);
    let accepted = speaking::insert_request(
        conn,
        consultation,
        horst_reaction,
        resident,
        &draft,
        asked_at,
    )?;
    // The griffie's mail and the speaker's confirmation, as a real request sends them.
    let reaction = reactions::find_reaction(conn, horst_reaction)?.expect("demo reaction exists");
    let requested = notify::SpeakingRequested {
        request_id: &accepted,
        contact_email: draft.contact_email.as_str(),
        request: SpeakingRequestMail {
            speaker: &draft.speaker_name,
            on_behalf: &draft.on_behalf,
            about: &topic_label(Some((points[1].number, &points[1].title))),
            reaction_number: reaction.submission_number.as_deref().unwrap_or_default(),
            reaction_title: &reaction.title,
            written_text: &draft.written_text,
        },
    };
    notify::speaking_requested(conn, mail, &listing, &requested, asked_at)?;
    let clerk = accounts::find_user_by_email(
        conn,
        &EmailAddress::parse(super::ACCOUNTS[1].email).expect("valid"),
    )?
    .map_or_else(|| UserId::from(""), |u| u.id);
    speaking::decide(
        conn,
        &accepted,
        RequestState::Accepted,
        None,
        &clerk,
        now - Duration::days(1),
    )?;
    let decided = speaking::find_request(conn, &accepted)?.expect("inserted just now");
    notify::speaking_decided(
        conn,
        mail,
        &listing,
        listing.council.speaking_rules(),
        &decided,
        now - Duration::days(1),
    )?;
    speaking::insert_request(
        conn,
        consultation,
        buurtkracht_reaction,
        buurtkracht_secretary,
        &SpeakingDraft {
            speaker_name: "Secretaris Buurtkracht".into(),
            on_behalf: "Stichting Buurtkracht Lindeveld-Oost".into(),
            contact_email: EmailAddress::parse("secretaris@buurtkracht.example").expect("valid"),
            decision_point_id: Some(points[0].id.clone()),
            written_text: String::new(),
        },
        now - Duration::hours(6),
    )?;
    Ok(())
}

/// Wijken for Lindeveld's postcodes, and confirmed support for De Horst's positions and
/// scenario from several wijken, with Stichting Buurtkracht co-signing the scenario.
fn support(
    conn: &mut DbConn,
    consultation: &ConsultationId,
    horst_reaction: &ReactionId,
    buurtkracht: &OrganisationId,
    buurtkracht_secretary: &UserId,
    now: NaiveDateTime,
) -> Result<(), DemoError> {
    let listing =
        consultations::find_consultation(conn, consultation)?.expect("demo consultation exists");
    let rows: Vec<(String, String)> = [
        ("7411", "De Horst"),
        ("7412", "De Horst"),
        ("7413", "Molenkwartier"),
        ("7414", "Lindeveld-Oost"),
        ("7415", "Lindeveld-Oost"),
        ("7416", "Centrum"),
        ("7417", "Het Broek"),
    ]
    .iter()
    .map(|(postcode, district)| (postcode.to_string(), district.to_string()))
    .collect();
    signatures::replace_districts(conn, &listing.council.id, &rows)?;
    let positions = reactions::positions_of(conn, horst_reaction)?;
    let scenario = reactions::scenarios_of(conn, horst_reaction)?
        .into_iter()
        .next();
    // (target kind, target id, how many, spread over these postcodes)
    let mut plan: Vec<(TargetKind, TargetId, usize)> = vec![
        (TargetKind::Position, (&positions[1].id).into(), 143),
        (TargetKind::Position, (&positions[0].id).into(), 37),
    ];
    if let Some(scenario) = &scenario {
        plan.push((TargetKind::Scenario, (&scenario.id).into(), 88));
    }
    let postcodes = [
        "7411AB", "7411CD", "7412EF", "7412GH", "7413AA", "7414BB", "7415CC", "7416DD", "7417EE",
        "9999ZZ",
    ];
    let names = [
        "Ans", "Bert", "Chantal", "Dirk", "Esra", "Frank", "Gerda", "Hamid", "Ilse", "Joost",
    ];
    for (kind, target, count) in plan {
        for n in 0..count {
            // Most support from De Horst itself, a little from elsewhere; one wijk stays under 5.
            let postcode = if n % 3 == 0 {
                postcodes[n % postcodes.len()]
            } else {
                postcodes[n % 4]
            };
            let postcode = if postcode == "7417EE" && n > 12 {
                "7411AB"
            } else {
                postcode
            };
            let district = signatures::district_for(conn, &listing.council.id, postcode)?;
            let id = SignatureId::new();
            let email = format!("steun{n}.{}@voorbeeld.example", &target.as_str()[..8]);
            let name = (n % 3 == 0).then(|| format!("{} uit {}", names[n % names.len()], district));
            signatures::insert_signature(
                conn,
                &NewSignature {
                    id: &id,
                    consultation_id: consultation,
                    kind,
                    target_id: &target,
                    display_name: name.as_deref(),
                    email: &email,
                    mail_to: &email,
                    email_domain: "voorbeeld.example",
                    district: &district,
                    state: SignatureState::Pending,
                    code_hash: Some(&sha256_hex(&format!("code-{id}"))),
                    source_hash: "demo",
                    expires_at: now + Duration::days(7),
                    mailed: true,
                    wants_updates: n % 2 == 0,
                },
                now - Duration::hours(30),
            )?;
            signatures::confirm(conn, &id, now - Duration::hours(29))?;
        }
    }
    if let Some(scenario) = scenario
        && let Some(target) =
            signatures::find_target(conn, TargetKind::Scenario, &(&scenario.id).into())?
    {
        signatures::sign_as_organisation(conn, buurtkracht, &target, buurtkracht_secretary, now)?;
    }
    Ok(())
}
