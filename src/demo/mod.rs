//! Demo data: a fictional council with its griffie, a committee, three consultations,
//! reactions from organisations and residents, and a nota van beantwoording on the closed
//! round, so that a newcomer sees at once what Inspraak does. Loading twice changes nothing.

mod answers;
mod reactions;
mod threads;

use chrono::{Duration, NaiveDateTime, Timelike};

use crate::db::answers::NoteError;
use crate::db::{Db, DbConn, DbError, accounts, consultations, councils, exports};
use crate::domain::account::{CouncilRole, EmailAddress, hash_password};
use crate::domain::consultation::{ConsultationDraft, DecisionPointDraft};
use crate::domain::council::{CommitteeDraft, CommitteeMemberDraft, CouncilSettings};
use crate::domain::export::Handling;
use crate::domain::id::{CommitteeId, UserId};
use crate::domain::time::now_utc;
use crate::mail::notify::{self, MailContext};

/// A demo account, printed at start so people can log in.
pub struct DemoAccount {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    /// Staff who need two-factor authentication log in with a code for [`TOTP_SECRET`].
    pub two_factor: bool,
}

/// The demo staff's TOTP secret, printed at start (in base32) for an authenticator app.
pub const TOTP_SECRET: &[u8; 20] = b"Lindeveld-demo-2026!";

/// Recovery codes of the demo staff, stored again at every load, so each works once per
/// start.
pub const RECOVERY_CODES: [&str; 10] = [
    "demo1-herst",
    "demo2-herst",
    "demo3-herst",
    "demo4-herst",
    "demo5-herst",
    "demo6-herst",
    "demo7-herst",
    "demo8-herst",
    "demo9-herst",
    "demox-herst",
];

pub const ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        role: "beheerder",
        email: "beheer@inspraak.example",
        password: "demo-beheer-2026",
        two_factor: true,
    },
    DemoAccount {
        role: "griffie",
        email: "griffie@lindeveld.example",
        password: "demo-griffie-2026",
        two_factor: true,
    },
    DemoAccount {
        role: "moderator",
        email: "moderator@lindeveld.example",
        password: "demo-moderator-2026",
        two_factor: false,
    },
    DemoAccount {
        role: "raadslid",
        email: "raadslid@lindeveld.example",
        password: "demo-raadslid-2026",
        two_factor: false,
    },
    DemoAccount {
        role: "inwoner",
        email: "inwoner@lindeveld.example",
        password: "demo-inwoner-2026",
        two_factor: false,
    },
];

const COUNCIL_SLUG: &str = "lindeveld";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Note(#[from] NoteError),
    #[error(transparent)]
    Op(#[from] crate::ops::OpError),
}

impl From<diesel::result::Error> for DemoError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}

/// Loads the demo data unless the demo council exists already. Returns whether it loaded.
pub fn load(db: &Db, mail: &MailContext) -> Result<bool, DemoError> {
    let hashes: Vec<String> = ACCOUNTS.iter().map(|a| hash_password(a.password)).collect();
    let mail = mail.clone();
    db.write_blocking(move |conn| {
        let loaded = councils::find_council_by_slug(conn, COUNCIL_SLUG)?.is_none();
        if loaded {
            insert_all(conn, &hashes, &mail)?;
        }
        enrol_staff(conn, &mail.secret_key)?;
        Ok(loaded)
    })
}

/// Turns two-factor authentication on for the demo staff with the printed secret: again
/// at every load, because `serve --demo` seals it with a new random key each start.
fn enrol_staff(conn: &mut DbConn, key: &[u8]) -> Result<(), DemoError> {
    let now = now_utc();
    for account in ACCOUNTS.iter().filter(|account| account.two_factor) {
        let email = EmailAddress::parse(account.email).expect("demo addresses are valid");
        if let Some(user) = accounts::find_user_by_email(conn, &email)? {
            crate::ops::two_factor::enrol_known(
                conn,
                key,
                &user.id,
                TOTP_SECRET,
                &RECOVERY_CODES,
                now,
            )?;
        }
    }
    Ok(())
}

fn user(
    conn: &mut DbConn,
    index: usize,
    name: &str,
    hash: &str,
    now: NaiveDateTime,
) -> Result<UserId, DemoError> {
    let account = &ACCOUNTS[index];
    let email = EmailAddress::parse(account.email).expect("demo addresses are valid");
    if let Some(existing) = accounts::find_user_by_email(conn, &email)? {
        return Ok(existing.id);
    }
    let id = accounts::insert_user(conn, &email, name, hash, index == 0, now)?
        .expect("address checked just above");
    // The demo accounts' addresses count as confirmed, so one-click signing shows at once.
    accounts::set_email_verified(conn, &id, now)?;
    Ok(id)
}

fn insert_all(conn: &mut DbConn, hashes: &[String], mail: &MailContext) -> Result<(), DemoError> {
    let now = now_utc();
    let council_id = councils::insert_council(
        conn,
        &CouncilSettings {
            name: "Gemeente Lindeveld".into(),
            slug: COUNCIL_SLUG.into(),
            code: "LDV".into(),
            logo_text: "Lindeveld".into(),
            speaking_deadline_hours: 24,
            minutes_per_speaker: 5,
            total_speaking_minutes: 30,
            retention_days: 90,
            two_factor_for_all_staff: false,
        },
        now,
    )?
    .expect("the demo council did not exist");

    let _admin = user(conn, 0, "Beheer Inspraak", &hashes[0], now)?;
    let clerk = user(conn, 1, "Griffie Lindeveld", &hashes[1], now)?;
    let moderator = user(conn, 2, "Moderator Lindeveld", &hashes[2], now)?;
    let member = user(conn, 3, "Raadslid Demo", &hashes[3], now)?;
    let resident = user(conn, 4, "Inwoner Demo", &hashes[4], now)?;
    accounts::grant_role(conn, &clerk, &council_id, CouncilRole::Clerk, now)?;
    accounts::grant_role(conn, &moderator, &council_id, CouncilRole::Moderator, now)?;
    accounts::grant_role(conn, &member, &council_id, CouncilRole::CouncilMember, now)?;

    let committee = councils::insert_committee(
        conn,
        &council_id,
        &CommitteeDraft {
            name: "Commissie Samenleving".into(),
            clerk_email: EmailAddress::parse("commissie.samenleving@lindeveld.example")
                .expect("valid"),
        },
        now,
    )?
    .expect("new council has no committees");
    councils::insert_committee(
        conn,
        &council_id,
        &CommitteeDraft {
            name: "Commissie Ruimte".into(),
            clerk_email: EmailAddress::parse("commissie.ruimte@lindeveld.example").expect("valid"),
        },
        now,
    )?;
    for (name, email) in [
        ("Raadslid Demo", "raadslid@lindeveld.example"),
        ("Commissielid Oost", "commissielid.oost@lindeveld.example"),
        ("Commissielid West", "commissielid.west@lindeveld.example"),
    ] {
        councils::insert_member(
            conn,
            &committee,
            &CommitteeMemberDraft {
                name: name.into(),
                email: EmailAddress::parse(email).expect("valid"),
            },
            now,
        )?;
    }

    // Whole hours, so the times read naturally.
    let today = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    let open = consultations::insert_consultation(
        conn,
        &council_id,
        &meeting_places(&committee, today),
        &clerk,
        now,
    )?;
    // The speelruimteplan lay open for six weeks, up to its deadline three weeks ago.
    let playgrounds = playgrounds(&committee, today);
    let playgrounds_opened = playgrounds.deadline_at - Duration::weeks(6);
    let closed = consultations::insert_consultation(
        conn,
        &council_id,
        &playgrounds,
        &clerk,
        playgrounds_opened,
    )?;
    // Opened as the griffie would: the griffie is mailed and members get a digest.
    for (id, opened_at, code) in [(&open, now, "ONT"), (&closed, playgrounds_opened, "SPE")] {
        let prefix = crate::domain::receipt::prefix("LDV", opened_at, code);
        consultations::open(conn, id, &prefix, opened_at)?;
        let listing = consultations::find_consultation(conn, id)?.expect("just inserted");
        notify::consultation_opened(conn, mail, &listing, opened_at)?;
    }
    // The griffie gave the ontmoetingsplekken a week more, as the public page records.
    let deadline = consultations::find_consultation(conn, &open)?
        .expect("just inserted")
        .consultation
        .deadline_at;
    consultations::record_deadline_move(
        conn,
        &open,
        deadline - Duration::weeks(1),
        deadline,
        &clerk,
        now,
    )?;
    let horst_reaction = reactions::insert(conn, mail, &open, &resident, now)?;
    threads::insert(conn, &open, &horst_reaction, &moderator, &resident, now)?;
    // The griffie already put the bewonersplatform's reaction on the agenda.
    exports::set_handling(
        conn,
        &horst_reaction,
        Some(Handling::PutOnTheAgenda),
        Some("RIS-2026-1187, agendapunt 4"),
        &clerk,
        now,
    )?;
    answers::insert(conn, mail, &closed, &clerk, &resident, now)?;
    consultations::insert_consultation(
        conn,
        &council_id,
        &library_concept(&committee, today),
        &clerk,
        now,
    )?;
    Ok(())
}

fn meeting_places(committee: &CommitteeId, today: NaiveDateTime) -> ConsultationDraft {
    ConsultationDraft {
        title: "Beleidsnotitie Ontmoetingsplekken".into(),
        summary: "De gemeente wil de buurthuizen en wijkcentra anders organiseren. Wie bepaalt wat er in de wijk gebeurt, en wie beheert de gebouwen? Laat weten wat u ervan vindt.".into(),
        body_markdown: "# Waarom deze notitie?\n\nLindeveld heeft negen ontmoetingsplekken: buurthuizen, wijkcentra en twee ruimtes in scholen. \
Ze worden heel verschillend gebruikt. In sommige wijken is het gebouw elke dag vol, in andere staat het vaak leeg. \
De kosten stijgen, vooral voor energie en onderhoud.\n\n\
# Wat stelt het college voor?\n\n\
- Per wijk één **wijkprogramma**, gemaakt samen met bewoners en welzijnsorganisaties.\n\
- Het **beheer** van de gebouwen anders regelen: per gebouw kiezen tussen beheer door de gemeente, door een welzijnsorganisatie of door bewoners zelf (*bewonersbeheer*).\n\
- Een vast bedrag per gebouw voor onderhoud, en een potje voor activiteiten per wijk.\n\n\
# Wat betekent dit voor u?\n\n\
Als u een activiteit organiseert in een buurthuis, verandert er misschien iets aan de huur of aan wie u moet bellen. \
Als bewonersgroep kunt u voorstellen om een gebouw zelf te beheren.\n\n\
> De commissie Samenleving bespreekt deze notitie. Daarna neemt de gemeenteraad een besluit.".into(),
        document_url: Some("https://lindeveld.example/raad/beleidsnotitie-ontmoetingsplekken".into()),
        policy_version: "1.0 (raadsvoorstel oktober)".into(),
        committee_id: committee.clone(),
        meeting_at: today + Duration::days(21) + hours_to(today, 18),
        deadline_at: today + Duration::days(14) + hours_to(today, 11),
        allow_anonymous_support: true,
        pre_moderation: false,
        allow_guest_posts: true,
        decision_points: vec![
            DecisionPointDraft {
                number: 1,
                title: "Wijkprogrammering".into(),
                body: "Per wijk komt er één wijkprogramma voor de ontmoetingsplekken. Bewoners, vrijwilligers en welzijnsorganisaties maken het samen, de gemeente stelt het elk jaar vast.".into(),
            },
            DecisionPointDraft {
                number: 2,
                title: "Beheer en exploitatie van wijkaccommodaties".into(),
                body: "Per gebouw wordt gekozen wie het beheert: de gemeente, een welzijnsorganisatie of een bewonersorganisatie. Bij bewonersbeheer krijgt de organisatie een vast bedrag per jaar en afspraken over openingstijden en toegankelijkheid.".into(),
            },
        ],
    }
}

fn playgrounds(committee: &CommitteeId, today: NaiveDateTime) -> ConsultationDraft {
    ConsultationDraft {
        title: "Speelruimteplan 2027".into(),
        summary: "Waar komen nieuwe speelplekken, en welke oude speeltoestellen verdwijnen? Deze inspraakronde is gesloten.".into(),
        body_markdown: "Het speelruimteplan geeft aan waar kinderen in Lindeveld kunnen spelen. \
Veel toestellen zijn ouder dan twintig jaar. Het plan kiest voor minder, maar betere speelplekken.".into(),
        document_url: None,
        policy_version: "2.1".into(),
        committee_id: committee.clone(),
        meeting_at: today - Duration::days(7) + hours_to(today, 18),
        deadline_at: today - Duration::days(21) + hours_to(today, 16),
        allow_anonymous_support: true,
        pre_moderation: false,
        allow_guest_posts: true,
        decision_points: vec![
            DecisionPointDraft {
                number: 1,
                title: "Spreiding van speelplekken".into(),
                body: "Elke woning ligt binnen 300 meter van een speelplek voor jonge kinderen.".into(),
            },
            DecisionPointDraft {
                number: 2,
                title: "Vervanging van oude speeltoestellen".into(),
                body: "Toestellen ouder dan twintig jaar worden tot en met 2030 vervangen. Een speelplek binnen 300 meter van een andere speelplek krijgt geen nieuwe toestellen en wordt grasveld.".into(),
            },
        ],
    }
}

fn library_concept(committee: &CommitteeId, today: NaiveDateTime) -> ConsultationDraft {
    ConsultationDraft {
        title: "Toekomst van de bibliotheekvestigingen".into(),
        summary: "Concept: de griffie werkt deze inspraakronde nog uit.".into(),
        body_markdown: "Deze tekst is nog niet klaar.".into(),
        document_url: None,
        policy_version: "0.3 (concept)".into(),
        committee_id: committee.clone(),
        meeting_at: today + Duration::days(60) + hours_to(today, 18),
        deadline_at: today + Duration::days(45) + hours_to(today, 11),
        allow_anonymous_support: true,
        pre_moderation: false,
        allow_guest_posts: true,
        decision_points: vec![DecisionPointDraft {
            number: 1,
            title: "Openingstijden".into(),
            body: "De vestigingen in de wijken gaan vier dagen per week open.".into(),
        }],
    }
}

/// The offset from `today` to `hour` o'clock UTC on the same day (roughly the local hour).
fn hours_to(today: NaiveDateTime, hour: u32) -> Duration {
    Duration::hours(i64::from(hour) - i64::from(today.hour()))
}
