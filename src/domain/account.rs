//! Accounts: e-mail addresses, passwords and the roles a user can hold in a council.

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use serde::Deserialize;

use super::validation::{FieldErrors, required_text};

pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 256;

/// An e-mail address, checked by the one parser every address field uses (lettre's,
/// so that whatever is accepted can be mailed). It keeps the address as typed, for
/// mailing; [`EmailAddress::key`] is the form that is compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress {
    typed: String,
    key: String,
}

/// What is said about an address that cannot be one.
pub const EMAIL_INVALID: &str = "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.";

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let typed = raw.trim();
        if typed.is_empty() {
            return Err("Vul een e-mailadres in.");
        }
        // lettre accepts dotless domains and IP literals, which no resident's address has.
        let valid = typed.len() <= 254
            && typed.parse::<lettre::Address>().is_ok_and(|address| {
                let domain = address.domain();
                domain.contains('.') && !domain.starts_with(['.', '[']) && !domain.ends_with('.')
            });
        if valid {
            Ok(Self {
                typed: typed.to_owned(),
                key: typed.to_lowercase(),
            })
        } else {
            Err(EMAIL_INVALID)
        }
    }

    /// As typed (trimmed): where mail goes.
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    /// Lower-case: what is compared and kept unique.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Whether two stored addresses are the same mailbox as far as accounts go (the
/// comparison [`EmailAddress::key`] makes).
pub fn same_address(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Checks the name an account goes by (registering and changing it); errors go to
/// `display_name`.
pub fn check_display_name(errors: &mut FieldErrors, raw: &str) -> String {
    required_text(errors, "display_name", raw, "uw naam", 100)
}

/// How a session was signed in. Staff powers that ask for a second factor (see
/// [`super::permission::session_powers`]) need one of the last two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMethod {
    Password,
    PasswordAndCode,
    /// Through the council's own identity provider, which does its own second factor.
    SingleSignOn,
}

impl SignInMethod {
    pub const ALL: [SignInMethod; 3] = [Self::Password, Self::PasswordAndCode, Self::SingleSignOn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::PasswordAndCode => "password_and_code",
            Self::SingleSignOn => "single_sign_on",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|method| method.as_str() == value)
    }

    /// How the session list says it was signed in.
    pub fn label(self) -> &'static str {
        match self {
            Self::Password => "met wachtwoord",
            Self::PasswordAndCode => "met wachtwoord en code",
            Self::SingleSignOn => "via de gemeente",
        }
    }

    /// How long a session lasts: two weeks, but a working day for one through the council's
    /// provider, so that someone the council signs off there loses access here that day too.
    pub fn session_lifetime(self) -> chrono::Duration {
        match self {
            Self::SingleSignOn => chrono::Duration::hours(12),
            _ => chrono::Duration::days(14),
        }
    }

    /// Whether more than a password proved who this is.
    pub fn has_second_factor(self) -> bool {
        self != Self::Password
    }
}

const UNKNOWN_DEVICE: &str = "Een browser";

/// How a stored device hint reads: sessions from before hints were kept have none.
pub fn device_label(stored: &str) -> &str {
    if stored.is_empty() {
        UNKNOWN_DEVICE
    } else {
        stored
    }
}

/// A short, readable hint of the device a session was started on ("Firefox op
/// Windows"), from its User-Agent: only this hint is stored, not the header itself.
pub fn device_hint(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("SamsungBrowser/") {
        "Samsung Internet"
    } else if ua.contains("Firefox/") || ua.contains("FxiOS/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        UNKNOWN_DEVICE
    };
    let system = if ua.contains("iPhone") {
        "iPhone"
    } else if ua.contains("iPad") {
        "iPad"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "Mac"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        return browser.to_owned();
    };
    format!("{browser} op {system}")
}

/// What a resident types to create an account.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegistrationInput {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirmation: String,
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub display_name: String,
    pub email: EmailAddress,
    pub password: String,
}

impl RegistrationInput {
    pub fn parse(&self) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let display_name = check_display_name(&mut errors, &self.display_name);
        let email = EmailAddress::parse(&self.email).map_err(|m| errors.add("email", m));
        check_new_password(
            &mut errors,
            "password",
            &self.password,
            &self.password_confirmation,
        );
        match email {
            Ok(email) => errors.into_result(Registration {
                display_name,
                email,
                password: self.password.clone(),
            }),
            Err(()) => Err(errors),
        }
    }
}

/// Checks a new password and its repetition; errors go to `field` and `field_confirmation`.
pub fn check_new_password(
    errors: &mut FieldErrors,
    field: &str,
    password: &str,
    confirmation: &str,
) {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        errors.add(
            field,
            format!("Kies een wachtwoord van minstens {MIN_PASSWORD_CHARS} tekens."),
        );
    } else if length > MAX_PASSWORD_CHARS {
        errors.add(
            field,
            format!("Kies een wachtwoord van hoogstens {MAX_PASSWORD_CHARS} tekens."),
        );
    } else if password != confirmation {
        errors.add(
            format!("{field}_confirmation"),
            "Het herhaalde wachtwoord is anders. Typ het nog een keer.",
        );
    }
}

/// The argon2id parameters OWASP recommends (19 MiB, 2 passes, 1 lane).
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
}

/// The working memory of one password hash (19 MiB), made once and used again, so that
/// a burst of log-ins never asks the allocator for more than the pool holds.
pub struct HashMemory(Vec<Block>);

impl HashMemory {
    pub fn new() -> Self {
        Self(vec![Block::default(); params().block_count()])
    }
}

impl Default for HashMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// Hashes a password with a fresh salt into a PHC string. Slow on purpose: call it
/// from a blocking thread.
pub fn hash_password(password: &str) -> String {
    hash_password_in(&mut HashMemory::new(), password)
}

/// [`hash_password`] in memory that the caller keeps.
pub fn hash_password_in(memory: &mut HashMemory, password: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .expect("a generated salt decodes");
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    hasher()
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, &mut memory.0)
        .expect("argon2 hashing with valid parameters cannot fail");
    PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: (&params()).try_into().expect("valid argon2 parameters"),
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).expect("valid output length")),
    }
    .to_string()
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    verify_password_in(&mut HashMemory::new(), password, phc)
}

/// [`verify_password`] in memory that the caller keeps. A hash made with more memory
/// than ours (other parameters) is checked with memory of its own.
pub fn verify_password_in(memory: &mut HashMemory, password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    let (Ok(algorithm), Ok(stored_params)) =
        (Algorithm::try_from(hash.algorithm), Params::try_from(&hash))
    else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = stored_params.block_count();
    let argon2 = Argon2::new(algorithm, version, stored_params);
    let mut out = vec![0u8; expected.len()];
    let computed = if blocks <= memory.0.len() {
        argon2.hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            &mut out,
            &mut memory.0[..blocks],
        )
    } else {
        argon2.hash_password_into(password.as_bytes(), salt_bytes, &mut out)
    };
    // `Output`'s equality is constant-time.
    computed.is_ok() && Output::new(&out).is_ok_and(|out| out == expected)
}

/// Spends the same time as checking a real password, so that an unknown e-mail address
/// cannot be told apart from a wrong password by timing.
pub fn verify_against_dummy_in(memory: &mut HashMemory, password: &str) {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("not a real password"));
    verify_password_in(memory, password, &DUMMY);
}

/// What a user holds in one council, besides being a resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CouncilRole {
    Clerk,
    Moderator,
    CouncilMember,
}

impl CouncilRole {
    pub const ALL: [CouncilRole; 3] = [Self::Clerk, Self::Moderator, Self::CouncilMember];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clerk => "clerk",
            Self::Moderator => "moderator",
            Self::CouncilMember => "council_member",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// The Dutch name shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Self::Clerk => "Griffiemedewerker",
            Self::Moderator => "Moderator",
            Self::CouncilMember => "Raadslid",
        }
    }
}

/// What the unlock cookie's value is signed for: the "was this you?" link sets it, and
/// it lets that browser past the per-account log-in limits of that one account.
const UNLOCK_COOKIE_PURPOSE: &str = "login-unlock-cookie";
pub const UNLOCK_COOKIE_DAYS: i64 = 30;

/// The value of the unlock cookie for `user_id`, valid for [`UNLOCK_COOKIE_DAYS`].
pub fn unlock_cookie_value(key: &[u8], user_id: &str, now: chrono::NaiveDateTime) -> String {
    super::security::expiring_link(
        key,
        UNLOCK_COOKIE_PURPOSE,
        user_id,
        now + chrono::Duration::days(UNLOCK_COOKIE_DAYS),
    )
}

/// The account an unlock cookie is for, if it is signed right and not expired.
pub fn unlocked_account<'a>(
    key: &[u8],
    cookie: &'a str,
    now: chrono::NaiveDateTime,
) -> Option<&'a str> {
    super::security::expiring_link_id(key, UNLOCK_COOKIE_PURPOSE, cookie, now)
}

/// The name a deleted account goes by where its row is still referred to (posts,
/// versions saved, staff decisions).
pub const DELETED_ACCOUNT_NAME: &str = "Verwijderd account";

/// Why an account cannot be deleted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeletionBlocker {
    /// The secretary of this organisation hands over first (members may leave; the
    /// secretary may not, see [`check_leaving`]).
    ///
    /// [`check_leaving`]: super::organisation::check_leaving
    Secretary {
        id: super::id::OrganisationId,
        organisation: String,
    },
    /// The only administrator: nobody could manage the site after.
    LastAdmin,
}

/// What stands in the way of deleting an account with these memberships.
pub fn deletion_blockers(
    memberships: &[(
        super::id::OrganisationId,
        String,
        super::organisation::MemberRole,
    )],
    last_admin: bool,
) -> Vec<DeletionBlocker> {
    let mut blockers: Vec<DeletionBlocker> = memberships
        .iter()
        .filter(|(_, _, role)| super::organisation::check_leaving(*role).is_err())
        .map(|(id, organisation, _)| DeletionBlocker::Secretary {
            id: id.clone(),
            organisation: organisation.clone(),
        })
        .collect();
    if last_admin {
        blockers.push(DeletionBlocker::LastAdmin);
    }
    blockers
}

/// A mailed link that acts on an account, bound to the state it was made for (so it
/// works once: acting on it changes that state) and working for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountLinkKind {
    /// "Wachtwoord vergeten": bound to the password hash, so it dies when the password
    /// changes.
    PasswordReset,
    /// Confirming a new address: bound to the pending change (address and moment), so a
    /// newer request or the change itself ends it.
    EmailChange,
    /// Putting the old address back, from the mail sent to it after a change: bound to
    /// that change (old address and moment).
    EmailRevert,
}

pub const PASSWORD_RESET_MINUTES: i64 = 60;
pub const EMAIL_CHANGE_HOURS: i64 = 24;
/// How long the old address is kept after a change, for the link that puts it back.
pub const EMAIL_REVERT_DAYS: i64 = 7;

impl AccountLinkKind {
    fn purpose(self) -> &'static str {
        match self {
            Self::PasswordReset => "password-reset",
            Self::EmailChange => "email-change",
            Self::EmailRevert => "email-revert",
        }
    }

    /// What the fingerprint of the bound state is keyed for.
    fn fingerprint_purpose(self) -> &'static str {
        match self {
            Self::PasswordReset => "password-reset-hash",
            Self::EmailChange => "email-change-request",
            Self::EmailRevert => "email-revert-change",
        }
    }

    pub fn lifetime(self) -> chrono::Duration {
        match self {
            Self::PasswordReset => chrono::Duration::minutes(PASSWORD_RESET_MINUTES),
            Self::EmailChange => chrono::Duration::hours(EMAIL_CHANGE_HOURS),
            Self::EmailRevert => chrono::Duration::days(EMAIL_REVERT_DAYS),
        }
    }

    fn fingerprint(self, key: &[u8], bound_to: &str) -> String {
        let mut fingerprint = super::security::sign(key, self.fingerprint_purpose(), bound_to);
        fingerprint.truncate(32);
        fingerprint
    }

    /// The token of a link for `user_id` bound to `bound_to`, working for
    /// [`Self::lifetime`] from `now`.
    pub fn token(
        self,
        key: &[u8],
        user_id: &str,
        bound_to: &str,
        now: chrono::NaiveDateTime,
    ) -> String {
        super::security::expiring_link(
            key,
            self.purpose(),
            &format!("{user_id}.{}", self.fingerprint(key, bound_to)),
            now + self.lifetime(),
        )
    }
}

/// What an address change's links are bound to: an address and a moment (the new
/// address and when it was asked, or the old one and when it changed), in whole
/// microseconds as both databases store moments.
pub fn email_change_binding(email: &EmailAddress, at: chrono::NaiveDateTime) -> String {
    format!("{}|{}", email.key(), at.and_utc().timestamp_micros())
}

/// An account link read back: the account it is for and the fingerprint of the state it
/// was made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountLink {
    kind: AccountLinkKind,
    pub user_id: String,
    fingerprint: String,
}

impl AccountLink {
    /// The link's account and fingerprint, if it is signed right for `kind` and not
    /// expired.
    pub fn read(
        key: &[u8],
        kind: AccountLinkKind,
        token: &str,
        now: chrono::NaiveDateTime,
    ) -> Option<Self> {
        let id = super::security::expiring_link_id(key, kind.purpose(), token, now)?;
        let (user_id, fingerprint) = id.split_once('.')?;
        Some(Self {
            kind,
            user_id: user_id.to_owned(),
            fingerprint: fingerprint.to_owned(),
        })
    }

    /// Whether the link was made for this state, so it has not changed since.
    pub fn fits(&self, key: &[u8], bound_to: &str) -> bool {
        let expected = self.kind.fingerprint(key, bound_to);
        bool::from(subtle::ConstantTimeEq::ct_eq(
            expected.as_bytes(),
            self.fingerprint.as_bytes(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_kept_as_typed_compared_in_lower_case_and_checked() {
        let address = EmailAddress::parse("  Plus.Tag+Steun@Example.NL ").unwrap();
        assert_eq!(address.as_str(), "Plus.Tag+Steun@Example.NL");
        assert_eq!(address.key(), "plus.tag+steun@example.nl");
        for bad in [
            "",
            "geen-at",
            "a@b",
            "a b@c.nl",
            "@c.nl",
            "a@.nl",
            "a@b@c.nl",
            "a@c.",
            "\"><svg/onload=alert(1)>@evil.example",
            "a<b>@c.nl",
            "a@[127.0.0.1]",
            "naam@voorbeeld.nl\r\nBcc: x@y.nl",
            "a@c.nl,b@c.nl",
        ] {
            assert!(
                EmailAddress::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn registration_reports_every_problem_at_once() {
        let input = RegistrationInput {
            display_name: " ".into(),
            email: "niet goed".into(),
            password: "kort".into(),
            password_confirmation: "kort".into(),
        };
        let errors = input.parse().unwrap_err();
        assert!(errors.get("display_name").is_some());
        assert!(errors.get("email").is_some());
        assert!(errors.get("password").unwrap().contains("minstens 12"));
    }

    #[test]
    fn registration_requires_matching_confirmation() {
        let input = RegistrationInput {
            display_name: "Anna de Vries".into(),
            email: "anna@example.nl".into(),
            password: "lang genoeg wachtwoord".into(),
            password_confirmation: "ander wachtwoord hier".into(),
        };
        let errors = input.parse().unwrap_err();
        assert!(errors.get("password_confirmation").is_some());
        let ok = RegistrationInput {
            password_confirmation: input.password.clone(),
            ..input
        };
        assert_eq!(ok.parse().unwrap().email.as_str(), "anna@example.nl");
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct paard batterij niet");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct paard batterij niet", &hash));
        assert!(!verify_password("verkeerd wachtwoord", &hash));
        assert!(!verify_password("x", "geen phc-string"));
    }

    #[test]
    fn hashes_stored_by_the_argon2_crate_itself_still_verify_in_reused_memory() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let mut memory = HashMemory::new();
        let ours = hasher()
            .hash_password(b"oud wachtwoord 123", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password_in(&mut memory, "oud wachtwoord 123", &ours));
        assert!(!verify_password_in(
            &mut memory,
            "oud wachtwoord 124",
            &ours
        ));
        // Made with more memory than the pool's buffer holds.
        let bigger = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(32 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"oud wachtwoord 123", &salt)
        .unwrap()
        .to_string();
        assert!(verify_password_in(
            &mut memory,
            "oud wachtwoord 123",
            &bigger
        ));
        // Our own hashes read back with the crate's verifier, as before.
        use argon2::password_hash::PasswordVerifier;
        let again = hash_password_in(&mut memory, "nieuw wachtwoord 123");
        let parsed = PasswordHash::new(&again).unwrap();
        assert!(
            hasher()
                .verify_password(b"nieuw wachtwoord 123", &parsed)
                .is_ok()
        );
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in CouncilRole::ALL {
            assert_eq!(CouncilRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(CouncilRole::parse("admin"), None);
    }

    #[test]
    fn an_unlock_cookie_names_its_account_for_thirty_days() {
        let key = b"0123456789abcdef0123456789abcdef";
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let value = unlock_cookie_value(key, "user-1", now);
        let later = |days| now + chrono::Duration::days(days);
        assert_eq!(unlocked_account(key, &value, later(29)), Some("user-1"));
        assert_eq!(unlocked_account(key, &value, later(31)), None);
        assert_eq!(
            unlocked_account(b"another key entirely, 32 bytes!!", &value, now),
            None
        );
        let link = super::super::security::expiring_link(key, "login-unlock", "user-1", later(1));
        assert_eq!(
            unlocked_account(key, &link, now),
            None,
            "a link is no cookie"
        );
    }

    #[test]
    fn a_reset_link_works_for_an_hour_and_only_for_the_password_it_was_made_for() {
        let kind = AccountLinkKind::PasswordReset;
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let token = kind.token(b"k", "0192-abc", "$argon2id$oud", now);
        let reset = AccountLink::read(b"k", kind, &token, now).expect("a good link");
        assert_eq!(reset.user_id, "0192-abc");
        assert!(reset.fits(b"k", "$argon2id$oud"));
        assert!(
            !reset.fits(b"k", "$argon2id$nieuw"),
            "dies when the password changes"
        );
        let later = now + chrono::Duration::minutes(PASSWORD_RESET_MINUTES);
        assert_eq!(AccountLink::read(b"k", kind, &token, later), None);
        assert_eq!(AccountLink::read(b"other key", kind, &token, now), None);
        let other_account = token.replacen("0192-abc", "0192-abd", 1);
        assert_eq!(AccountLink::read(b"k", kind, &other_account, now), None);
        assert_eq!(
            super::super::security::expiring_link_id(b"k", "login-unlock", &token, now),
            None,
            "not an unlock link"
        );
        assert_eq!(
            AccountLink::read(b"k", AccountLinkKind::EmailChange, &token, now),
            None,
            "not an address link"
        );
    }

    #[test]
    fn an_address_link_works_a_day_and_only_for_the_newest_request() {
        let kind = AccountLinkKind::EmailChange;
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let new = EmailAddress::parse("Nieuw@Example.nl").unwrap();
        let binding = email_change_binding(&new, now);
        let token = kind.token(b"k", "0192-abc", &binding, now);
        let link = AccountLink::read(b"k", kind, &token, now).expect("a good link");
        assert!(link.fits(
            b"k",
            &email_change_binding(&EmailAddress::parse("nieuw@example.NL").unwrap(), now)
        ));
        let newer = now + chrono::Duration::seconds(1);
        assert!(
            !link.fits(b"k", &email_change_binding(&new, newer)),
            "a newer request ends it"
        );
        let other = EmailAddress::parse("ander@example.nl").unwrap();
        assert!(!link.fits(b"k", &email_change_binding(&other, now)));
        let almost =
            now + chrono::Duration::hours(EMAIL_CHANGE_HOURS) - chrono::Duration::seconds(1);
        assert!(AccountLink::read(b"k", kind, &token, almost).is_some());
        let after = now + chrono::Duration::hours(EMAIL_CHANGE_HOURS);
        assert_eq!(AccountLink::read(b"k", kind, &token, after), None);
    }

    #[test]
    fn a_secretary_or_the_last_admin_cannot_delete_the_account_yet() {
        use super::super::id::OrganisationId;
        use super::super::organisation::MemberRole;
        let (raad, huis) = (OrganisationId::from("o1"), OrganisationId::from("o2"));
        assert!(
            deletion_blockers(
                &[(raad.clone(), "Wijkraad".into(), MemberRole::Editor)],
                false
            )
            .is_empty()
        );
        assert_eq!(
            deletion_blockers(
                &[
                    (raad, "Wijkraad".into(), MemberRole::Editor),
                    (huis.clone(), "Buurthuis".into(), MemberRole::Secretary)
                ],
                true
            ),
            vec![
                DeletionBlocker::Secretary {
                    id: huis,
                    organisation: "Buurthuis".into()
                },
                DeletionBlocker::LastAdmin
            ]
        );
    }

    #[test]
    fn a_revert_link_works_a_week_and_is_no_change_link() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let old = EmailAddress::parse("oud@example.nl").unwrap();
        let binding = email_change_binding(&old, now);
        let kind = AccountLinkKind::EmailRevert;
        let token = kind.token(b"k", "0192-abc", &binding, now);
        let week = chrono::Duration::days(EMAIL_REVERT_DAYS);
        let link = AccountLink::read(
            b"k",
            kind,
            &token,
            now + week - chrono::Duration::seconds(1),
        )
        .expect("works until a week has passed");
        assert!(link.fits(b"k", &binding));
        assert_eq!(AccountLink::read(b"k", kind, &token, now + week), None);
        assert_eq!(
            AccountLink::read(b"k", AccountLinkKind::EmailChange, &token, now),
            None,
            "a revert link cannot confirm a change"
        );
    }

    #[test]
    fn a_device_hint_names_the_browser_and_the_system_only() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge op Windows",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Safari op iPhone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
                "Samsung Internet op Android",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox op Linux",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome op Mac",
            ),
            ("curl/8.5.0", "Een browser"),
            ("", "Een browser"),
        ];
        for (agent, hint) in cases {
            assert_eq!(device_hint(agent), hint, "{agent}");
        }
    }
}
