//! The closed "Speelruimteplan 2027" from start to finish: five reactions, the round
//! closing at its deadline, a published nota van beantwoording (version 1), the raad's
//! decision per beslispunt, and a draft version 2 on the griffie's desk. Each step goes
//! through the same queries and mails as the web handlers in `web::answers`, at times in
//! the past, so the mail folder holds the real mails.

use chrono::{Datelike, Duration, NaiveDateTime};

use super::DemoError;
use super::reactions::{person, reaction};
use crate::db::answers;
use crate::db::consultations::{self, ConsultationListing};
use crate::db::{DbConn, notifications, organisations};
use crate::domain::answer::{
    AnswerNote, Conclusion, GroupInput, Outcome, OutcomeDraft, ProcedureFacts, default_procedure,
};
use crate::domain::id::{
    AnswerGroupId, ConsultationId, DecisionPointId, OrganisationId, ReactionId, UserId,
};
use crate::domain::reaction::{PositionContent, ReactionContent, Stance};
use crate::domain::time::long_date;
use crate::mail::notify::{self, MailContext};

/// The reply to indieners 1, 3 and 4, around when their speelplekken get new equipment:
/// version 1 got a year wrong, version 2 corrects it.
fn route_reply(replacement: &str) -> String {
    format!("{ROUTE_REPLY} {replacement} Beslispunt 1 passen we hierop aan.")
}

const ROUTE_REPLY: &str = "De indieners hebben gelijk: een kind van vijf steekt de Dorpsweg of de Ringweg niet alleen over. \
We meten de 300 meter daarom voortaan langs de looproute over de stoep, en een speelplek aan de overkant van een doorgaande weg zonder veilige oversteek telt niet mee. \
Met deze maat blijven de speelplekken aan de Vlierstraat, de Horsterhof en het Kastanjeplein bestaan.";
const REPLACEMENT_V1: &str = "Hun toestellen worden in 2027 vervangen.";
const REPLACEMENT_V2: &str = "De toestellen aan de Vlierstraat en het Kastanjeplein worden in 2027 vervangen, die aan de Horsterhof in 2028. \
(In versie 1 stond hier ten onrechte 2027 voor alle drie.)";

/// Runs the whole story on `consultation`, which must be open with its deadline past.
pub fn insert(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation: &ConsultationId,
    clerk: &UserId,
    resident: &UserId,
    now: NaiveDateTime,
) -> Result<(), DemoError> {
    let reactions = submit_reactions(conn, mail, consultation, resident)?;
    let listing = close_at_deadline(conn, mail, consultation)?;
    publish_first_version(conn, mail, &listing, clerk, &reactions)?;
    record_decisions(conn, mail, &listing, clerk)?;
    draft_second_version(conn, &listing, clerk, now)
}

/// Two organisations and three residents, in submission order (indieners 1 to 5).
/// Indiener 4 publishes his name on his reaction; the nota still calls him "indiener 4".
fn submit_reactions(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation: &ConsultationId,
    resident: &UserId,
) -> Result<[ReactionId; 5], DemoError> {
    let listing =
        consultations::find_consultation(conn, consultation)?.expect("demo consultation exists");
    let (opened, deadline) = (
        listing.consultation.created_at,
        listing.consultation.deadline_at,
    );
    let points = consultations::decision_points_of(conn, consultation)?;
    let (spread, replacement) = (&points[0].id, &points[1].id);
    let position = |point: &DecisionPointId, stance, body: &str| PositionContent {
        decision_point_id: Some(point.clone()),
        stance,
        body: body.into(),
    };
    let molen_secretary = person(
        conn,
        "secretaris@molenkwartier.example",
        "Secretaris Molenkwartier",
        opened,
    )?;
    let (molen, horst) = (
        organisation_of(conn, &molen_secretary)?,
        organisation_of(conn, resident)?,
    );
    let jansen = person(conn, "m.jansen@voorbeeld.example", "Marieke Jansen", opened)?;
    let amrani = person(conn, "y.amrani@voorbeeld.example", "Youssef Amrani", opened)?;
    let van_dijk = person(
        conn,
        "els.vandijk@voorbeeld.example",
        "Els van Dijk",
        opened,
    )?;

    let first = reaction(conn, mail, consultation, None, &jansen, "Marieke Jansen", ReactionContent {
        title: "Houd het speelveldje aan de Vlierstraat".into(),
        introduction: "Ik woon met mijn twee kinderen van 4 en 7 aan de Vlierstraat.".into(),
        body_markdown: "Volgens de kaart bij het plan verdwijnt het speelveldje aan de Vlierstraat, omdat er 250 meter verderop een nieuwe speelplek komt. \
Maar die ligt aan de overkant van de Dorpsweg, waar bussen en vrachtauto's rijden en geen zebrapad is. Mijn kinderen mogen daar niet alleen naartoe, en zo gaat het bij de meeste gezinnen in de straat.\n\n\
Hemelsbreed is het 250 meter. Lopend, via het verkeerslicht bij de Kerkstraat, is het bijna 600 meter.".into(),
        publish_name: false,
        positions: vec![
            position(spread, Stance::Amends, "Meet de 300 meter als looproute over de stoep, niet hemelsbreed."),
            position(replacement, Stance::Opposes, "Vervang de toestellen aan de Vlierstraat in plaats van de speelplek op te heffen."),
        ],
        scenarios: Vec::new(),
    }, true, deadline - Duration::days(33) - Duration::hours(6))?;

    let second = reaction(conn, mail, consultation, Some(&molen), &molen_secretary, "Secretaris Molenkwartier", ReactionContent {
        title: "Natuurlijk spelen in het Molenpark".into(),
        introduction: "Wijkvereniging Molenkwartier heeft 210 leden. In onze wijk wonen veel jonge gezinnen.".into(),
        body_markdown: "Wij zijn blij dat de oude toestellen in het Molenpark worden vervangen. Wij vragen de gemeente daarbij te kiezen voor **natuurlijk spelen**: \
boomstammen, zand, water en struiken om je in te verstoppen. Dat kost minder onderhoud en kinderen spelen er langer.\n\n\
Laat de kinderen van basisschool De Wieken meedenken over het ontwerp. Zij weten het best wat ze missen.".into(),
        publish_name: false,
        positions: vec![
            position(spread, Stance::Supports, "Een speelplek binnen 300 meter van elke woning is een goede maat."),
            position(replacement, Stance::Amends, "Kies bij vervanging voor natuurlijk spelen, en ontwerp de speelplek samen met kinderen uit de buurt."),
        ],
        scenarios: Vec::new(),
    }, true, deadline - Duration::days(26) + Duration::hours(3))?;

    let third = reaction(conn, mail, consultation, Some(&horst), resident, "Inwoner Demo", ReactionContent {
        title: "Een speelplek aan de overkant van de Dorpsweg telt niet".into(),
        introduction: "Bewonersplatform De Horst spreekt namens ongeveer 1.400 huishoudens. Wij bespraken het plan op onze bewonersavond met zestig bewoners.".into(),
        body_markdown: "De maat van 300 meter is goed, maar het plan meet hemelsbreed. De Dorpsweg loopt dwars door De Horst; voor een kind van zes is een speelplek aan de overkant onbereikbaar.\n\n\
Zo verdwijnen volgens de kaart twee speelplekken die voor de helft van de wijk de enige zijn die een kind alleen kan bereiken: het speeltuintje aan de Horsterhof en het veldje aan de Vlierstraat.".into(),
        publish_name: false,
        positions: vec![
            position(spread, Stance::Amends, "Meet de afstand langs een veilige looproute; een speelplek aan de overkant van een doorgaande weg telt niet mee."),
            position(replacement, Stance::Opposes, "Hef geen speelplek op zolang er geen veilig bereikbaar alternatief is."),
        ],
        scenarios: Vec::new(),
    }, true, deadline - Duration::days(15) - Duration::hours(2))?;

    let fourth = reaction(conn, mail, consultation, None, &amrani, "Youssef Amrani", ReactionContent {
        title: "Kinderen kunnen de Ringweg niet over".into(),
        introduction: "Ik ben vader van drie kinderen en woon aan het Kastanjeplein.".into(),
        body_markdown: "Het plan haalt de toestellen op het Kastanjeplein weg, omdat het nieuwe speelterrein bij de sporthal dichtbij is. \
Maar daarvoor moet je de Ringweg over, waar auto's 70 rijden. Er is een fietstunnel, maar die is donker en ligt een eind om.\n\n\
Kijk alstublieft hoe kinderen echt lopen, niet alleen naar de kaart.".into(),
        publish_name: true,
        positions: vec![position(spread, Stance::Amends, "Reken met de afstand die een kind echt moet lopen, langs een veilige oversteek.")],
        scenarios: Vec::new(),
    }, true, deadline - Duration::days(8) + Duration::hours(4))?;

    let fifth = reaction(conn, mail, consultation, None, &van_dijk, "Els van Dijk", ReactionContent {
        title: "Verlichting en toezicht bij het trapveld in Het Broek".into(),
        introduction: "Ik woon naast het trapveld in Het Broek.".into(),
        body_markdown: "Overdag is het trapveld een fijne plek. Maar 's avonds komen er groepjes jongeren, er ligt glas en er wordt harde muziek gedraaid. \
Het is er donker, want de lantaarnpaal bij de ingang is al maanden kapot.\n\n\
Ik vraag om betere verlichting en om vaker toezicht van de wijkagent of de boa's.".into(),
        publish_name: false,
        positions: vec![position(spread, Stance::Supports, "Goed dat het trapveld blijft.")],
        scenarios: Vec::new(),
    }, true, deadline - Duration::days(2) - Duration::hours(5))?;

    Ok([first, second, third, fourth, fifth])
}

/// The organisation a demo secretary runs (made in `reactions.rs`).
fn organisation_of(conn: &mut DbConn, secretary: &UserId) -> Result<OrganisationId, DemoError> {
    let (organisation, _) = organisations::organisations_of(conn, secretary)?
        .into_iter()
        .next()
        .expect("every demo secretary runs an organisation");
    Ok(organisation.id)
}

/// Closes the round at its deadline, as the mail worker would have then, so the closing
/// mails come before the nota's.
fn close_at_deadline(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation: &ConsultationId,
) -> Result<ConsultationListing, DemoError> {
    let listing =
        consultations::find_consultation(conn, consultation)?.expect("demo consultation exists");
    crate::jobs::close_due_consultations(conn, mail, listing.consultation.deadline_at)?;
    Ok(consultations::find_consultation(conn, consultation)?.expect("demo consultation exists"))
}

/// The clerk writes version 1 in the week after the deadline (the default procedure
/// text, three answers, a change to beslispunt 1) and publishes it before the committee
/// meets: every indiener is mailed, as `web::answers::publish` does.
fn publish_first_version(
    conn: &mut DbConn,
    mail: &MailContext,
    listing: &ConsultationListing,
    clerk: &UserId,
    reactions: &[ReactionId; 5],
) -> Result<(), DemoError> {
    let id = &listing.consultation.id;
    let day = |n| listing.consultation.deadline_at + Duration::days(n);
    let procedure = procedure(conn, listing)?;
    answers::create_draft(conn, id, &procedure, clerk, day(2))?;

    let [first, second, third, fourth, fifth] = reactions;
    let answers_typed = [
        answer(
            &[first, third, fourth],
            Conclusion::LeadsToChange,
            "Drie indieners, onder wie Bewonersplatform De Horst, schrijven dat 300 meter hemelsbreed niet zegt hoe ver een kind echt moet lopen. \
Een speelplek aan de overkant van de Dorpsweg of de Ringweg kunnen jonge kinderen niet alleen bereiken. Zij vragen de speelplekken aan de Vlierstraat, de Horsterhof en het Kastanjeplein te houden.",
            &route_reply(REPLACEMENT_V1),
        ),
        answer(
            &[second],
            Conclusion::NoChange,
            "Wijkvereniging Molenkwartier vraagt bij de vervanging in het Molenpark te kiezen voor natuurlijk spelen, met boomstammen, zand en water, en kinderen uit de buurt mee te laten ontwerpen.",
            "Die wens delen we. Het speelruimteplan schrijft al voor dat we bij elke vervanging eerst kijken of natuurlijk spelen kan (paragraaf 4.2), \
en dat de buurt en de kinderen van de dichtstbijzijnde basisschool meedenken over het ontwerp. \
Het ontwerp voor het Molenpark maken we in 2027; de wijkvereniging en basisschool De Wieken krijgen daarvoor een uitnodiging. Het beslispunt hoeft daarom niet te veranderen.",
        ),
        answer(
            &[fifth],
            Conclusion::OutOfScope,
            "Indiener 5 maakt zich zorgen over groepjes jongeren die 's avonds op het trapveld in Het Broek samenkomen, en vraagt om betere verlichting en meer toezicht.",
            "Verlichting en toezicht horen niet bij het speelruimteplan: de verlichting valt onder het beleidsplan Openbare verlichting, toezicht is een taak van de wijkagent en de boa's. \
We hebben de kapotte lantaarnpaal gemeld en de reactie doorgestuurd naar het wijkteam Het Broek, dat contact opneemt met de indiener. Het trapveld zelf blijft bestaan.",
        ),
    ];
    for (n, typed) in (3..).zip(answers_typed) {
        save_answer(conn, id, None, typed, clerk, day(n))?;
    }

    let note = draft(conn, id)?;
    let points = consultations::decision_points_of(conn, id)?;
    let changes = vec![
        (points[0].id.clone(), "Elke woning ligt op ten hoogste 300 meter lopen van een speelplek voor jonge kinderen. \
Een speelplek aan de overkant van een doorgaande weg zonder veilige oversteek telt niet mee.".to_owned()),
        (points[1].id.clone(), String::new()),
    ];
    answers::save_note(
        conn,
        &note.id,
        note.revision,
        &note.procedure,
        &changes,
        clerk,
        day(6),
    )?;

    let note = draft(conn, id)?;
    let published = answers::publish(conn, &note.id, note.revision, clerk, day(10))?;
    notify::reactions_answered(conn, mail, listing, &published, day(10))?;
    Ok(())
}

/// The procedure section as the desk starts it (`web::answers::start_version`).
fn procedure(conn: &mut DbConn, listing: &ConsultationListing) -> Result<String, DemoError> {
    let consultation = &listing.consultation;
    let reactions = answers::answerable(conn, &consultation.id)?;
    let opened_at =
        notifications::opened_at(conn, &consultation.id)?.unwrap_or(consultation.created_at);
    Ok(default_procedure(&ProcedureFacts {
        council: &listing.council.name,
        committee: &listing.committee.name,
        opened_on: &long_date(opened_at),
        closed_on: &long_date(consultation.deadline_at),
        reactions: &reactions,
    }))
}

/// An answer as the writer types it in the desk's form.
fn answer(
    reactions: &[&ReactionId],
    conclusion: Conclusion,
    summary: &str,
    reply: &str,
) -> GroupInput {
    GroupInput {
        reaction: reactions.iter().map(|id| (*id).clone()).collect(),
        summary: summary.into(),
        reply: reply.into(),
        conclusion: conclusion.as_str().into(),
        ..GroupInput::default()
    }
}

/// Saves a new answer (`group` None) or replaces one in the current draft, checked as
/// the desk checks it (`web::answers::save_group`).
fn save_answer(
    conn: &mut DbConn,
    consultation: &ConsultationId,
    group: Option<&AnswerGroupId>,
    typed: GroupInput,
    writer: &UserId,
    at: NaiveDateTime,
) -> Result<(), DemoError> {
    let note = draft(conn, consultation)?;
    answers::save_group(
        conn,
        &note.id,
        group,
        note.revision,
        |answerable, taken| typed.parse(answerable, taken),
        writer,
        at,
    )?
    .expect("the demo answers are complete");
    Ok(())
}

/// The newest version of the nota, which the demo has just started.
fn draft(conn: &mut DbConn, consultation: &ConsultationId) -> Result<AnswerNote, DemoError> {
    Ok(answers::latest(conn, consultation)?.expect("a version was started"))
}

/// Five days after the committee meeting the raad decided: beslispunt 1 amended, 2 as
/// proposed. The clerk records it and indieners hear of it, as in
/// `web::answers::save_outcome`.
fn record_decisions(
    conn: &mut DbConn,
    mail: &MailContext,
    listing: &ConsultationListing,
    clerk: &UserId,
) -> Result<(), DemoError> {
    let id = &listing.consultation.id;
    let decided_at = listing.consultation.meeting_at + Duration::days(5);
    let decision_url = Some(format!(
        "https://lindeveld.example/raad/besluiten/{}-112",
        decided_at.year()
    ));
    let drafts = [
        OutcomeDraft {
            outcome: Outcome::Amended,
            decision_url: decision_url.clone(),
            explanation: "Aangenomen zoals de nota van beantwoording het aanpaste, met amendement A1: ook de looproutes naar de speelplekken bij basisscholen tellen mee. Het amendement kreeg 23 stemmen voor en 6 tegen.".into(),
        },
        OutcomeDraft {
            outcome: Outcome::Adopted,
            decision_url,
            explanation: "Zonder stemming aangenomen.".into(),
        },
    ];
    let points: Vec<DecisionPointId> = consultations::decision_points_of(conn, id)?
        .into_iter()
        .map(|p| p.id)
        .collect();
    if answers::record_outcomes(conn, id, &points, &drafts, clerk, decided_at)? {
        notify::outcome_recorded(conn, mail, listing, decided_at)?;
    }
    Ok(())
}

/// Yesterday the clerk started version 2 to correct a year in answer 1, and has not
/// published it: the desk shows the draft, the public page still version 1.
fn draft_second_version(
    conn: &mut DbConn,
    listing: &ConsultationListing,
    clerk: &UserId,
    now: NaiveDateTime,
) -> Result<(), DemoError> {
    let id = &listing.consultation.id;
    let started = now - Duration::hours(20);
    // The procedure is copied from version 1, like the answers.
    answers::create_draft(conn, id, "", clerk, started)?;
    let note = draft(conn, id)?;
    let first = &note.groups[0];
    let reactions: Vec<&ReactionId> = first.reactions.iter().map(|r| &r.reaction_id).collect();
    let corrected = answer(
        &reactions,
        first.conclusion,
        &first.summary,
        &route_reply(REPLACEMENT_V2),
    );
    save_answer(
        conn,
        id,
        Some(&first.id),
        corrected,
        clerk,
        started + Duration::hours(1),
    )
}
