//! Inspreekverzoeken: asking to speak at the committee meeting about a submitted reaction,
//! under the council's rules for registration and speaking time.

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::account::EmailAddress;
use super::id::DecisionPointId;
use super::reaction::ReactionState;
use super::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    Pending,
    Accepted,
    Declined,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Declined]
            .into_iter()
            .find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Wacht op de griffie",
            Self::Accepted => "Geaccepteerd",
            Self::Declined => "Afgewezen",
        }
    }
}

/// A council's rules for speaking at a committee meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakingRules {
    /// Registration closes this many hours before the meeting starts.
    pub deadline_hours: i32,
    pub minutes_per_speaker: i32,
    /// All speakers together get at most this much time.
    pub total_minutes: i32,
}

impl SpeakingRules {
    /// The last moment to ask to speak.
    pub fn registration_closes(self, meeting_at: NaiveDateTime) -> NaiveDateTime {
        meeting_at - Duration::hours(i64::from(self.deadline_hours))
    }

    pub fn registration_open(self, meeting_at: NaiveDateTime, now: NaiveDateTime) -> bool {
        now < self.registration_closes(meeting_at)
    }

    /// Why the writer of a reaction in `reaction` state cannot ask to speak now, if not.
    pub fn refusal(
        self,
        reaction: ReactionState,
        meeting_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Option<&'static str> {
        if reaction != ReactionState::Submitted {
            Some(
                "Alleen wie een reactie heeft ingediend (en niet ingetrokken), kan zich aanmelden om in te spreken.",
            )
        } else if !self.registration_open(meeting_at, now) {
            Some(
                "Aanmelden om in te spreken kan niet meer: de termijn voor deze vergadering is voorbij.",
            )
        } else {
            None
        }
    }

    /// Minutes each accepted speaker gets: the council's minutes per speaker, unless the
    /// total cap shared by `accepted` speakers gives less (at least one minute).
    pub fn minutes_each(self, accepted: usize) -> i32 {
        let accepted = i32::try_from(accepted.max(1)).unwrap_or(i32::MAX);
        self.minutes_per_speaker
            .min(self.total_minutes / accepted)
            .max(1)
    }
}

/// The form a requester fills in.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SpeakingInput {
    #[serde(default)]
    pub speaker_name: String,
    #[serde(default)]
    pub on_behalf: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub decision_point: String,
    #[serde(default)]
    pub written_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakingDraft {
    pub speaker_name: String,
    pub on_behalf: String,
    pub contact_email: EmailAddress,
    pub decision_point_id: Option<DecisionPointId>,
    pub written_text: String,
}

impl SpeakingInput {
    pub fn parse(&self, decision_points: &[DecisionPointId]) -> Result<SpeakingDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let speaker_name = required_text(
            &mut errors,
            "speaker_name",
            &self.speaker_name,
            "de naam van wie inspreekt",
            120,
        );
        let on_behalf = required_text(
            &mut errors,
            "on_behalf",
            &self.on_behalf,
            "namens wie u inspreekt",
            200,
        );
        let email = EmailAddress::parse(&self.contact_email)
            .map_err(|m| errors.add("contact_email", m))
            .ok();
        let decision_point_id = if self.decision_point.is_empty() {
            None
        } else if let Some(point) = decision_points
            .iter()
            .find(|id| id.as_str() == self.decision_point)
        {
            Some(point.clone())
        } else {
            errors.add("decision_point", "Kies een beslispunt uit de lijst.");
            None
        };
        let written_text = optional_text(
            &mut errors,
            "written_text",
            &self.written_text,
            "de tekst",
            10_000,
        )
        .unwrap_or_default();
        match email {
            Some(contact_email) => errors.into_result(SpeakingDraft {
                speaker_name,
                on_behalf,
                contact_email,
                decision_point_id,
                written_text,
            }),
            None => Err(errors),
        }
    }
}

/// The clerk's decision on a request.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DecisionInput {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

impl DecisionInput {
    /// Accepting needs no reason; declining does, because the requester is told why.
    pub fn parse(&self, field_suffix: &str) -> Result<(RequestState, Option<String>), FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = optional_text(
            &mut errors,
            &format!("reason_{field_suffix}"),
            &self.reason,
            "de reden",
            1_000,
        );
        let decision = match self.decision.as_str() {
            "accept" => RequestState::Accepted,
            "decline" => {
                if reason.is_none() {
                    errors.add(format!("reason_{field_suffix}"), "Schrijf op waarom u het verzoek afwijst. De indiener krijgt deze reden te lezen.");
                }
                RequestState::Declined
            }
            _ => {
                errors.add(
                    format!("reason_{field_suffix}"),
                    "Kies accepteren of afwijzen.",
                );
                RequestState::Pending
            }
        };
        errors.into_result((decision, reason))
    }
}

/// The row of the speakers list a decision came from, as the suffix of its field names:
/// only digits and short, so a crafted value cannot make odd field names.
pub fn row_suffix(row: &str) -> String {
    row.chars().filter(char::is_ascii_digit).take(4).collect()
}

/// What a speaker speaks about: "Beslispunt 2: Buurthuis De Schakel", or the note as a
/// whole when they chose no beslispunt.
pub fn topic_label(point: Option<(i32, &str)>) -> String {
    match point {
        Some((number, title)) => format!("Beslispunt {number}: {title}"),
        None => "De notitie als geheel".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_row_is_at_most_four_digits() {
        assert_eq!(row_suffix("12"), "12");
        assert_eq!(row_suffix("1\"><x>23456"), "1234");
        assert_eq!(row_suffix(""), "");
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    const RULES: SpeakingRules = SpeakingRules {
        deadline_hours: 24,
        minutes_per_speaker: 5,
        total_minutes: 30,
    };

    #[test]
    fn registration_closes_before_the_meeting() {
        let meeting = at("2026-12-10 18:30");
        assert_eq!(RULES.registration_closes(meeting), at("2026-12-09 18:30"));
        assert!(RULES.registration_open(meeting, at("2026-12-09 18:29")));
        assert!(!RULES.registration_open(meeting, at("2026-12-09 18:30")));
    }

    #[test]
    fn only_writers_of_a_submitted_reaction_ask_and_only_in_time() {
        let meeting = at("2026-12-10 18:30");
        let early = at("2026-12-01 10:00");
        assert_eq!(
            RULES.refusal(ReactionState::Submitted, meeting, early),
            None
        );
        assert!(
            RULES
                .refusal(ReactionState::Withdrawn, meeting, early)
                .is_some()
        );
        assert!(
            RULES
                .refusal(ReactionState::Draft, meeting, early)
                .is_some()
        );
        assert!(
            RULES
                .refusal(ReactionState::Submitted, meeting, at("2026-12-10 10:00"))
                .unwrap()
                .contains("termijn")
        );
    }

    #[test]
    fn the_total_cap_is_shared_out_when_many_register() {
        assert_eq!(RULES.minutes_each(0), 5);
        assert_eq!(RULES.minutes_each(6), 5);
        assert_eq!(RULES.minutes_each(7), 4);
        assert_eq!(RULES.minutes_each(10), 3);
        assert_eq!(RULES.minutes_each(100), 1);
    }

    #[test]
    fn requests_need_name_behalf_and_a_valid_address() {
        let errors = SpeakingInput::default().parse(&[]).unwrap_err();
        for field in ["speaker_name", "on_behalf", "contact_email"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let ok = SpeakingInput {
            speaker_name: "Anna".into(),
            on_behalf: "Bewonersplatform De Horst".into(),
            contact_email: "anna@example.nl".into(),
            decision_point: "dp2".into(),
            written_text: "".into(),
        };
        assert_eq!(
            ok.parse(&["dp2".into()]).unwrap().decision_point_id,
            Some(DecisionPointId::from("dp2"))
        );
        assert!(
            ok.parse(&["dp1".into()])
                .unwrap_err()
                .get("decision_point")
                .is_some()
        );
    }

    #[test]
    fn declining_needs_a_reason() {
        let decline = DecisionInput {
            decision: "decline".into(),
            reason: " ".into(),
        };
        assert!(decline.parse("1").unwrap_err().get("reason_1").is_some());
        let accept = DecisionInput {
            decision: "accept".into(),
            reason: "".into(),
        };
        assert_eq!(accept.parse("1").unwrap(), (RequestState::Accepted, None));
    }

    #[test]
    fn a_speaker_speaks_about_a_beslispunt_or_the_whole_note() {
        assert_eq!(
            topic_label(Some((2, "De Schakel"))),
            "Beslispunt 2: De Schakel"
        );
        assert_eq!(topic_label(None), "De notitie als geheel");
    }
}
