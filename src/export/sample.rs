//! A realistic export of any size, for the formats' tests and the benchmark.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::domain::answer::{
    AnswerGroup, AnswerNote, AnsweredReaction, Conclusion, NoteState, Outcome, PointChange,
    PointOutcome,
};
use crate::domain::consultation::deadline_move_sentence;
use crate::domain::export::{
    AnswersExport, AttachmentExport, ConsultationExport, DecisionPointExport, Edition, Handling,
    HiddenPostExport, Level, PositionExport, ReactionExport, ScenarioExport, Sender,
    SpeakingExport, SupportExport,
};
use crate::domain::reaction::{Operator, Stance};
use crate::domain::signature::DistrictCount;

const DISTRICTS: [&str; 5] = [
    "De Horst",
    "Molenkwartier",
    "Lindeveld-Oost",
    "Centrum",
    "Overig of buiten de gemeente",
];

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .expect("a valid date")
}

fn support(seed: usize) -> SupportExport {
    let by_district: Vec<(String, DistrictCount)> = DISTRICTS
        .iter()
        .enumerate()
        .map(|(n, name)| {
            (
                (*name).to_owned(),
                DistrictCount::of(((seed * 7 + n * 13) % 40) as i64),
            )
        })
        .collect();
    SupportExport {
        total: ((seed * 7) % 40 * 5 + 3) as i64,
        by_district,
        organisations: if seed.is_multiple_of(5) {
            vec!["Stichting Buurtkracht Lindeveld".to_owned()]
        } else {
            Vec::new()
        },
    }
}

/// `reactions` submitted reactions (every tenth withdrawn, every third from a private
/// individual) on a consultation with two beslispunten, at `level`.
pub fn sample(count: usize, level: Level) -> ConsultationExport {
    let reactions = (1..=count)
        .map(|n| {
            let organisation = n % 3 != 0;
            ReactionExport {
                id: format!("reactie-{n}").into(),
                sequence: n as i32,
                number: format!("2026-ONT-{n:04}"),
                submitted_at: at(10, 9) + Duration::minutes(n as i64 * 7),
                sender: if organisation {
                    Sender::Organisation {
                        name: format!("Bewonersplatform Wijk {n}"),
                    }
                } else {
                    Sender::Resident {
                        name: (level == Level::Full || n % 2 == 0)
                            .then(|| format!("Inwoner {n}")),
                        index: n as i32,
                    }
                },
                submitted_by: (organisation && level == Level::Full)
                    .then(|| format!("Bestuurslid {n}")),
                title: format!("Reactie {n}: houd het buurthuis open \u{2018}voor iedereen\u{2019}"),
                introduction: "Wij zijn 140 huishoudens en gebruiken het buurthuis elke week.".to_owned(),
                body_markdown: "Wij willen **zelf** het buurthuis beheren. De koffieochtend kost € 2,50 per week; café en crèche blijven.\n\n- Open op werkdagen\n- Ook in de zomer".to_owned(),
                content_hash: format!("{:064x}", n * 7919),
                withdrawn_at: (n % 10 == 0).then(|| at(12, 14)),
                positions: vec![
                    PositionExport {
                        number: 1,
                        decision_point: Some(1),
                        stance: Stance::Supports,
                        body: "Eén wijkprogramma per wijk is een goed idee.".to_owned(),
                        support: support(n),
                    },
                    PositionExport {
                        number: 2,
                        decision_point: Some(2),
                        stance: if n % 4 == 0 { Stance::Opposes } else { Stance::Amends },
                        body: "=Geef bewonersbeheer een eerlijke kans met een vast budget.".to_owned(),
                        support: support(n + 1),
                    },
                ],
                scenarios: if n % 2 == 0 {
                    vec![ScenarioExport {
                        number: 1,
                        decision_point: Some(2),
                        title: "Bewonersbeheer De Schakel".to_owned(),
                        operator: Operator::Bewonersbeheer,
                        request: "Een vast bedrag van € 45.000 per jaar voor vijf jaar.".to_owned(),
                        yearly_cost_euros: Some(45_000),
                        cost_bearer: "Gemeente, aangevuld met verhuur".to_owned(),
                        conditions: "Open op werkdagen van 9 tot 22 uur.".to_owned(),
                        body: "Vrijwilligers beheren het gebouw.".to_owned(),
                        support: support(n + 2),
                    }]
                } else {
                    Vec::new()
                },
                attachments: if n % 4 == 1 {
                    vec![AttachmentExport {
                        filename: "begroting-bewonersbeheer.pdf".to_owned(),
                        size_bytes: 48_213,
                        sha256: format!("{:064x}", n * 104_729),
                    }]
                } else {
                    Vec::new()
                },
                handling: Some(Handling::ALL[n % Handling::ALL.len()]),
                agenda_item: (n % 2 == 0).then(|| "RIS-2026-0412".to_owned()),
            }
        })
        .collect();
    ConsultationExport {
        level,
        edition: Edition::Final,
        generated_at: at(25, 12),
        council: "Gemeente Lindeveld".to_owned(),
        committee: "Commissie Samenleving".to_owned(),
        title: "Beleidsnotitie Ontmoetingsplekken".to_owned(),
        summary: "De gemeente wil de buurthuizen en wijkcentra anders organiseren.".to_owned(),
        policy_version: "1.0 (raadsvoorstel oktober)".to_owned(),
        document_url: Some("https://lindeveld.example/raad/ontmoetingsplekken".to_owned()),
        meeting_at: at(30, 18),
        deadline_at: at(24, 11),
        deadline_moves: vec![deadline_move_sentence(at(17, 11), at(24, 11), at(10, 9))],
        url: "https://inspraak.example/consultaties/1".to_owned(),
        decision_points: vec![
            DecisionPointExport {
                number: 1,
                title: "Wijkprogrammering".to_owned(),
                body: "Per wijk komt er één wijkprogramma.".to_owned(),
            },
            DecisionPointExport {
                number: 2,
                title: "Beheer en exploitatie van wijkaccommodaties".to_owned(),
                body: "Per gebouw wordt gekozen wie het beheert.".to_owned(),
            },
        ],
        reactions,
        speaking_requests: vec![SpeakingExport {
            reaction_number: "2026-ONT-0001".to_owned(),
            speaker: "Bewonersplatform Wijk 1".to_owned(),
            on_behalf: "Bewonersplatform Wijk 1".to_owned(),
            decision_point: Some(2),
            state: "Toegekend".to_owned(),
            minutes: Some(5),
            written_contribution: (level == Level::Full).then(|| {
                "Voorzitter, leden van de commissie: het buurthuis is het hart van de wijk."
                    .to_owned()
            }),
        }],
        support_by_district: DISTRICTS
            .iter()
            .enumerate()
            .map(|(n, name)| ((*name).to_owned(), DistrictCount::of((n as i64) * 40 + 3)))
            .collect(),
        answers: Some(answers(count)),
        hidden_posts: vec![HiddenPostExport {
            hidden_at: at(20, 15),
            rule: Some("2. Wees beleefd".to_owned()),
            reason: "Persoonlijke aanval op bestuurders.".to_owned(),
        }],
    }
}

/// A published nota answering the first reactions together and the rest one by one.
fn answers(reactions: usize) -> AnswersExport {
    let answered = |sequence: usize| AnsweredReaction {
        reaction_id: format!("reactie-{sequence}").into(),
        sequence: sequence as i32,
        number: format!("2026-ONT-{sequence:04}"),
        title: format!("Reactie {sequence}"),
        organisation: (sequence == 1).then(|| "Bewonersplatform Wijk 1".to_owned()),
        withdrawn: false,
    };
    let groups = (1..=reactions)
        .collect::<Vec<_>>()
        .chunks(3)
        .enumerate()
        .map(|(index, chunk)| AnswerGroup {
            id: format!("antwoord-{index}").into(),
            number: index as i32 + 1,
            reactions: chunk.iter().map(|&n| answered(n)).collect(),
            summary: "Indieners willen het buurthuis zelf beheren.".to_owned(),
            reply: "Het college neemt bewonersbeheer op als mogelijkheid per gebouw.".to_owned(),
            conclusion: Conclusion::ALL[index % 3],
        })
        .collect();
    AnswersExport {
        note: AnswerNote {
            id: "nota".into(),
            consultation_id: "ronde".into(),
            version: 1,
            state: NoteState::Published,
            revision: 4,
            procedure: "De notitie lag zes weken ter inzage.".to_owned(),
            groups,
            changes: vec![PointChange {
                decision_point_id: "punt-2".into(),
                number: 2,
                title: "Beheer en exploitatie van wijkaccommodaties".to_owned(),
                change: "Bewonersbeheer wordt per gebouw mogelijk.".to_owned(),
            }],
            updated_at: at(28, 10),
            published_at: Some(at(28, 10)),
        },
        outcomes: vec![PointOutcome {
            decision_point_id: "punt-2".into(),
            number: 2,
            title: "Beheer en exploitatie van wijkaccommodaties".to_owned(),
            outcome: Outcome::Amended,
            decision_url: Some("https://lindeveld.example/raad/besluit-12".to_owned()),
            explanation: "Amendement A1 aangenomen.".to_owned(),
            recorded_at: at(30, 22),
        }],
    }
}
