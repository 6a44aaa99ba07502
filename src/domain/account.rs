//! Accounts: e-mail addresses, passwords and the roles a user can hold in a council.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::Deserialize;

use super::validation::{FieldErrors, required_text};

pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 256;

/// An e-mail address in the one form we store and compare: trimmed and lower-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let address = raw.trim().to_lowercase();
        if address.is_empty() {
            return Err("Vul een e-mailadres in.");
        }
        let valid = address.len() <= 254
            && !address.chars().any(|c| c.is_whitespace() || c.is_control())
            && match address.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Self(address))
        } else {
            Err("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
        let display_name = required_text(
            &mut errors,
            "display_name",
            &self.display_name,
            "uw naam",
            100,
        );
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
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with a fresh salt into a PHC string. Slow on purpose: call it
/// from a blocking thread.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with valid parameters cannot fail")
        .to_string()
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| hasher().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// Spends the same time as checking a real password, so that an unknown e-mail address
/// cannot be told apart from a wrong password by timing.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("not a real password"));
    verify_password(password, &DUMMY);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_normalised_and_checked() {
        assert_eq!(
            EmailAddress::parse("  Secretaris@Wijkraad.NL ")
                .unwrap()
                .as_str(),
            "secretaris@wijkraad.nl"
        );
        for bad in [
            "", "geen-at", "a@b", "a b@c.nl", "@c.nl", "a@.nl", "a@b@c.nl", "a@c.",
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
    fn roles_round_trip_through_their_stored_names() {
        for role in CouncilRole::ALL {
            assert_eq!(CouncilRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(CouncilRole::parse("admin"), None);
    }
}
