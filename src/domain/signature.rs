//! Co-signing (mede-ondertekening): who may sign what, how addresses and postcodes are
//! read, how long links work, and how support is shown without singling anyone out.

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::account::EmailAddress;
use super::consultation::ConsultationState;
use super::reaction::ReactionState;
use super::validation::{FieldErrors, optional_text};

/// What can be signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Position,
    Scenario,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Position => "position",
            Self::Scenario => "scenario",
        }
    }

    /// The Dutch word used in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Position => "standpunt",
            Self::Scenario => "scenario",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Position, Self::Scenario]
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "standpunt" => Some(Self::Position),
            "scenario" => Some(Self::Scenario),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureState {
    /// Waiting for the signer to confirm through the mail.
    Pending,
    /// Over a limit: waiting for the griffie, no mail sent yet.
    Held,
    Confirmed,
    Withdrawn,
    /// Struck by the griffie after review.
    Voided,
}

impl SignatureState {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Held,
        Self::Confirmed,
        Self::Withdrawn,
        Self::Voided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Held => "held",
            Self::Confirmed => "confirmed",
            Self::Withdrawn => "withdrawn",
            Self::Voided => "voided",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }
}

/// Confirmation links and codes work this long.
pub fn confirmation_lifetime() -> Duration {
    Duration::days(7)
}

/// At most one confirmation mail per address and target in this time.
pub fn mail_interval() -> Duration {
    Duration::hours(1)
}

/// Wijken with fewer confirmed signatures than this are shown as "minder dan 5".
pub const SMALL_COUNT: i64 = 5;

/// The district of signers whose postcode is not in the council's table.
pub const OTHER_DISTRICT: &str = "Overig of buiten de gemeente";

/// One district's support as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistrictCount {
    Exact(i64),
    FewerThanFive,
}

impl DistrictCount {
    pub fn of(count: i64) -> Self {
        if count < SMALL_COUNT {
            Self::FewerThanFive
        } else {
            Self::Exact(count)
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::Exact(n) => n.to_string(),
            Self::FewerThanFive => "minder dan 5".to_owned(),
        }
    }
}

/// The one form of an address that is compared: trimmed and lower-case, without a
/// `+tag` (a common alias of the same mailbox); for Gmail also without dots, since Gmail
/// ignores them. Other dots are kept: for most providers they make a different mailbox.
pub fn normalise_for_signing(email: &EmailAddress) -> String {
    let (local, domain) = email
        .key()
        .split_once('@')
        .expect("a parsed address has an @");
    let local = local.split('+').next().unwrap_or(local);
    let (local, domain) = match domain {
        "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com"),
        _ => (local.to_owned(), domain),
    };
    format!("{local}@{domain}")
}

/// What is said when a postcode is missing.
pub const POSTCODE_MISSING: &str = "Vul uw postcode in, bijvoorbeeld 1234 of 1234 AB.";
/// What is said when a postcode is typed but is not one.
pub const POSTCODE_INVALID: &str =
    "Een postcode heeft 4 cijfers, eventueel gevolgd door 2 letters, zoals 1234 of 1234 AB.";
/// What is said when a postcode starts with a 0, which no Dutch postcode does.
pub const POSTCODE_ZERO: &str = "Een postcode begint niet met een 0. Vul 4 cijfers in, eventueel gevolgd door 2 letters, zoals 1234 of 1234 AB.";

/// A Dutch postcode, a whole area (PC4, `1234`) or one street side (PC6, `1234AB`), with
/// spaces and lower case allowed; returned in capitals without spaces. Only its wijk is
/// ever stored, so the four digits are enough.
pub fn parse_postcode(raw: &str) -> Result<String, &'static str> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.is_empty() {
        return Err(POSTCODE_MISSING);
    }
    let bytes = compact.as_bytes();
    let shaped = (bytes.len() == 4 || bytes.len() == 6)
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4..].iter().all(u8::is_ascii_uppercase);
    match (shaped, bytes[0]) {
        (false, _) => Err(POSTCODE_INVALID),
        (true, b'0') => Err(POSTCODE_ZERO),
        (true, _) => Ok(compact),
    }
}

/// What a resident types to sign.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignInput {
    /// Empty means anonymous, where the round allows it.
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub consent: Option<String>,
    /// "1": one mail when the council answers and one when the raad decides.
    #[serde(default)]
    pub wants_updates: Option<String>,
    /// Hidden from people; only robots fill it in.
    #[serde(default)]
    pub website: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignDraft {
    pub display_name: Option<String>,
    /// Normalised ([`normalise_for_signing`]): one signature per mailbox.
    pub email: String,
    /// As typed: where the mail goes.
    pub mail_to: String,
    pub email_domain: String,
    pub postcode: String,
    pub wants_updates: bool,
}

impl SignInput {
    pub fn is_robot(&self) -> bool {
        !self.website.trim().is_empty()
    }

    /// `anonymous_allowed` says whether the consultation lets people sign without a name;
    /// there an empty name is the choice to sign anonymously, elsewhere the name is needed.
    pub fn parse(&self, anonymous_allowed: bool) -> Result<SignDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = optional_text(
            &mut errors,
            "display_name",
            &self.display_name,
            "uw naam",
            100,
        );
        if name.is_none() && !anonymous_allowed {
            errors.add("display_name", NAME_REQUIRED);
        }
        let email = EmailAddress::parse(&self.email)
            .map_err(|m| errors.add("email", m))
            .ok();
        let postcode = parse_postcode(&self.postcode)
            .map_err(|m| errors.add("postcode", m))
            .ok();
        if self.consent.as_deref() != Some("1") {
            errors.add(
                "consent",
                "Geef toestemming, anders kunnen wij uw steun niet bewaren.",
            );
        }
        match (email, postcode) {
            (Some(email), Some(postcode)) => {
                let normalised = normalise_for_signing(&email);
                let email_domain = normalised
                    .split_once('@')
                    .map(|(_, d)| d.to_owned())
                    .unwrap_or_default();
                errors.into_result(SignDraft {
                    display_name: name,
                    email: normalised,
                    mail_to: email.as_str().to_owned(),
                    email_domain,
                    postcode,
                    wants_updates: self.wants_updates.as_deref() == Some("1"),
                })
            }
            _ => Err(errors),
        }
    }
}

/// What is said when a round needs a name with every signature and none was typed.
pub const NAME_REQUIRED: &str =
    "Vul de naam in die bij uw steun staat. Bij deze inspraakronde staat bij elke steun een naam.";

/// Generous limits: 50 honest neighbours behind one shared address must get through.
/// Signatures over a limit are held for the griffie, not refused.
pub const PER_SOURCE_PER_10_MINUTES: i64 = 60;
pub const PER_DOMAIN_PER_10_MINUTES: i64 = 300;

/// A confirmation code: eight characters without look-alikes (no 0/O, 1/I/L).
pub fn new_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..8)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A code as the mail shows it, in two halves: `ABCD-EFGH`.
pub fn shown_code(code: &str) -> String {
    let middle = code.len() / 2;
    format!("{}-{}", &code[..middle], &code[middle..])
}

/// What the griffie decides about a group of held signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision {
    /// They count once confirmed: each signer gets the links.
    Approve,
    /// They never count.
    Void,
}

impl ReviewDecision {
    /// As the review form sends it.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "approve" => Some(Self::Approve),
            "void" => Some(Self::Void),
            _ => None,
        }
    }

    /// As stored in the review log.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Void => "voided",
        }
    }

    /// The state a released signature takes.
    pub fn released_state(self) -> SignatureState {
        match self {
            Self::Approve => SignatureState::Pending,
            Self::Void => SignatureState::Voided,
        }
    }

    /// Approving is possible only while the round is open, since the counts are fixed
    /// from the deadline on; voiding is always possible.
    pub fn allowed_in(self, round: crate::domain::consultation::ConsultationState) -> bool {
        self == Self::Void || round == crate::domain::consultation::ConsultationState::Open
    }
}

/// The time [`PER_SOURCE_PER_10_MINUTES`] and [`PER_DOMAIN_PER_10_MINUTES`] count over.
pub fn hold_window() -> Duration {
    Duration::minutes(10)
}

/// Big mail providers that many honest residents share; their domain limit does not apply.
pub fn is_common_provider(domain: &str) -> bool {
    matches!(
        domain,
        "gmail.com"
            | "hotmail.com"
            | "outlook.com"
            | "live.nl"
            | "live.com"
            | "hotmail.nl"
            | "ziggo.nl"
            | "kpnmail.nl"
            | "planet.nl"
            | "home.nl"
            | "icloud.com"
            | "yahoo.com"
            | "xs4all.nl"
            | "upcmail.nl"
    )
}

/// Whether a new signature is held for review.
pub fn should_hold(recent_from_source: i64, recent_from_domain: i64, domain: &str) -> bool {
    recent_from_source >= PER_SOURCE_PER_10_MINUTES
        || (!is_common_provider(domain) && recent_from_domain >= PER_DOMAIN_PER_10_MINUTES)
}

/// The network a request came from, coarse enough for many households: an IPv4 /24 or
/// an IPv6 /48.
pub fn network_of(address: &str) -> String {
    if let Ok(v4) = address.parse::<std::net::Ipv4Addr>() {
        let [a, b, c, _] = v4.octets();
        return format!("{a}.{b}.{c}.0/24");
    }
    if let Ok(v6) = address.parse::<std::net::Ipv6Addr>() {
        let s = v6.segments();
        return format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2]);
    }
    address.to_owned()
}

/// Whether a confirmation made at `now` still counts.
pub fn confirmable(expires_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < expires_at
}

/// Why signing is not possible now, if it is not: a withdrawn reaction, or a round that
/// is no longer open (counts are frozen from the deadline on).
pub fn signing_refusal(
    reaction: ReactionState,
    consultation: ConsultationState,
) -> Option<&'static str> {
    if reaction == ReactionState::Withdrawn {
        Some("Deze reactie is ingetrokken. Steunen kan niet meer.")
    } else if consultation != ConsultationState::Open {
        Some("De inspraakronde is gesloten. Steunen kan niet meer; de telling staat vast.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_unambiguous_characters_shown_in_halves() {
        let code = new_code();
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| !"01OIL".contains(c)), "{code}");
        assert_eq!(shown_code("ABCDEFGH"), "ABCD-EFGH");
    }

    #[test]
    fn held_support_is_approved_only_while_the_round_is_open() {
        use crate::domain::consultation::ConsultationState::{Closed, Open};
        assert!(ReviewDecision::Approve.allowed_in(Open));
        assert!(!ReviewDecision::Approve.allowed_in(Closed));
        assert!(ReviewDecision::Void.allowed_in(Closed));
        assert_eq!(
            ReviewDecision::parse("approve"),
            Some(ReviewDecision::Approve)
        );
        assert_eq!(ReviewDecision::parse("approved"), None);
        assert_eq!(
            ReviewDecision::Void.released_state(),
            SignatureState::Voided
        );
    }

    #[test]
    fn states_round_trip_through_their_stored_names() {
        for state in SignatureState::ALL {
            assert_eq!(SignatureState::parse(state.as_str()), Some(state));
        }
        assert_eq!(SignatureState::parse("Confirmed"), None);
    }

    #[test]
    fn signing_stops_at_withdrawal_and_at_the_deadline() {
        assert_eq!(
            signing_refusal(ReactionState::Submitted, ConsultationState::Open),
            None
        );
        assert!(
            signing_refusal(ReactionState::Withdrawn, ConsultationState::Open)
                .unwrap()
                .contains("ingetrokken")
        );
        assert!(
            signing_refusal(ReactionState::Submitted, ConsultationState::Closed)
                .unwrap()
                .contains("gesloten")
        );
    }

    #[test]
    fn addresses_are_normalised_so_aliases_sign_once() {
        let norm = |s: &str| normalise_for_signing(&EmailAddress::parse(s).unwrap());
        assert_eq!(
            norm(" Anna.Jansen+steun@Example.NL "),
            "anna.jansen@example.nl"
        );
        assert_eq!(norm("a.n.n.a+x@googlemail.com"), "anna@gmail.com");
        assert_eq!(norm("anna@gmail.com"), norm("A.nna@Gmail.com"));
        assert_ne!(norm("anna.j@example.nl"), norm("annaj@example.nl"));
    }

    #[test]
    fn postcodes_are_dutch_with_or_without_letters() {
        assert_eq!(parse_postcode(" 1234 ab "), Ok("1234AB".into()));
        assert_eq!(parse_postcode("1234AB"), Ok("1234AB".into()));
        assert_eq!(parse_postcode("1234"), Ok("1234".into()));
        assert_eq!(parse_postcode(" 9999 "), Ok("9999".into()));
        assert_eq!(parse_postcode(""), Err(POSTCODE_MISSING));
        assert_eq!(parse_postcode("  "), Err(POSTCODE_MISSING));
        assert_eq!(parse_postcode("0123AB"), Err(POSTCODE_ZERO));
        assert_eq!(parse_postcode("0123"), Err(POSTCODE_ZERO));
        for bad in [
            "123AB",
            "123",
            "1234 A",
            "ABCD12",
            "1234ABC",
            "12345",
            "1234-AB",
            "１２３４",
        ] {
            assert_eq!(parse_postcode(bad), Err(POSTCODE_INVALID), "{bad}");
        }
    }

    fn signing(name: &str, postcode: &str) -> SignInput {
        SignInput {
            display_name: name.into(),
            email: "x@example.nl".into(),
            postcode: postcode.into(),
            consent: Some("1".into()),
            ..SignInput::default()
        }
    }

    #[test]
    fn the_sign_form_needs_an_address_a_postcode_and_consent() {
        let errors = SignInput::default().parse(true).unwrap_err();
        for field in ["email", "postcode", "consent"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(errors.get("display_name").is_none(), "the name is optional");
        assert_eq!(signing("", "1234").parse(true).unwrap().postcode, "1234");
        assert_eq!(
            signing("", "12").parse(true).unwrap_err().get("postcode"),
            Some(POSTCODE_INVALID)
        );
        assert!(!signing("Buur", "1234AB").is_robot());
        assert!(
            SignInput {
                website: "spam".into(),
                ..signing("Bot", "1234AB")
            }
            .is_robot()
        );
    }

    #[test]
    fn an_empty_name_is_anonymous_where_allowed_and_a_given_name_is_kept() {
        assert_eq!(
            signing("", "1234AB").parse(true).unwrap().display_name,
            None
        );
        assert_eq!(
            signing("  ", "1234AB").parse(true).unwrap().display_name,
            None
        );
        assert_eq!(
            signing(" Els van Dam ", "1234AB")
                .parse(true)
                .unwrap()
                .display_name
                .as_deref(),
            Some("Els van Dam")
        );
        assert_eq!(
            signing("", "1234AB")
                .parse(false)
                .unwrap_err()
                .get("display_name"),
            Some(NAME_REQUIRED),
            "a round without anonymous support needs the name"
        );
        assert_eq!(
            signing("Els", "1234AB")
                .parse(false)
                .unwrap()
                .display_name
                .as_deref(),
            Some("Els")
        );
        assert!(
            signing(&"a".repeat(101), "1234AB")
                .parse(true)
                .unwrap_err()
                .get("display_name")
                .is_some()
        );
    }

    #[test]
    fn small_districts_are_not_shown_exactly() {
        assert_eq!(DistrictCount::of(4).label(), "minder dan 5");
        assert_eq!(DistrictCount::of(5).label(), "5");
    }

    #[test]
    fn bursts_are_held_but_shared_addresses_get_room() {
        assert!(!should_hold(49, 0, "example.nl"));
        assert!(should_hold(PER_SOURCE_PER_10_MINUTES, 0, "example.nl"));
        assert!(should_hold(
            0,
            PER_DOMAIN_PER_10_MINUTES,
            "wegwerpmail.example"
        ));
        assert!(!should_hold(0, 10_000, "gmail.com"));
    }

    #[test]
    fn networks_group_neighbours() {
        assert_eq!(network_of("192.168.12.77"), "192.168.12.0/24");
        assert_eq!(network_of("2001:db8:abcd:12::1"), "2001:db8:abcd::/48");
    }
}
