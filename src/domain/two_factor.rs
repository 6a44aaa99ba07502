//! Two-factor authentication with TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps,
//! one step of clock drift either way) and single-use recovery codes.
//!
//! The secret is stored sealed: XORed with a pad derived from the server's key, the
//! account and a nonce of its own, so a copy of the database alone does not give the
//! codes. Each code's time step is remembered, so a code that worked once is refused
//! after (RFC 6238 section 5.2).

use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECONDS: u64 = 30;
pub const DIGITS: usize = 6;
/// Bytes of a secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// How long the step between the password and the code may take.
pub const SECOND_STEP_MINUTES: i64 = 5;

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    use rand::RngCore;
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// The secret as people type it into an app: base32, in groups of four.
pub fn secret_text(secret: &[u8]) -> String {
    let encoded = data_encoding::BASE32_NOPAD.encode(secret);
    encoded
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` address the QR code holds (the de facto format authenticator apps read).
pub fn otpauth_url(secret: &[u8], issuer: &str, account: &str) -> String {
    let encode = |s: &str| super::navigation::url_encode(s);
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        encode(issuer),
        encode(account),
        data_encoding::BASE32_NOPAD.encode(secret),
        encode(issuer),
    )
}

fn totp(secret: &[u8]) -> Option<TOTP> {
    TOTP::new(Algorithm::SHA1, DIGITS, 1, STEP_SECONDS, secret.to_vec()).ok()
}

/// The code for the step `unix_seconds` falls in.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    totp(secret)
        .map(|t| t.generate(unix_seconds))
        .unwrap_or_default()
}

/// What a typed code becomes before it is compared: digits only (people type spaces).
pub fn clean_code(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The time step whose code `typed` is, within one step of drift either way of
/// `unix_seconds`; `None` for a wrong code.
pub fn matching_step(secret: &[u8], typed: &str, unix_seconds: u64) -> Option<u64> {
    let code = clean_code(typed);
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret)?;
    let now = unix_seconds / STEP_SECONDS;
    (now.saturating_sub(1)..=now + 1).find(|step| {
        let expected = totp.generate(step * STEP_SECONDS);
        bool::from(expected.as_bytes().ct_eq(code.as_bytes()))
    })
}

/// Whether a code of `step` may be used after the last step a code worked for: only a
/// later one (a code is never accepted twice).
pub fn fresh(step: u64, last_used: Option<i64>) -> bool {
    last_used.is_none_or(|last| i64::try_from(step).is_ok_and(|step| step > last))
}

/// The secret as stored, with the nonce its pad was made with.
pub fn seal(key: &[u8], user_id: &str, nonce: &str, secret: &[u8]) -> String {
    super::security::seal(key, "totp-secret", &format!("{user_id}|{nonce}"), secret)
}

/// The secret back from what [`seal`] stored.
pub fn open(key: &[u8], user_id: &str, nonce: &str, sealed: &str) -> Option<Vec<u8>> {
    super::security::open(key, "totp-secret", &format!("{user_id}|{nonce}"), sealed)
}

const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Ten new recovery codes as shown once ("abcde-fghjk": 10 characters from 31, about
/// 49 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A typed recovery code as it is compared: lower case, without spaces and dashes.
pub fn clean_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `typed` looks like a recovery code rather than a six-digit code.
pub fn is_recovery_code(typed: &str) -> bool {
    clean_recovery_code(typed).len() == 10
}

/// How a recovery code is stored: keyed, so a copy of the database cannot test guesses.
pub fn recovery_code_hash(key: &[u8], typed: &str) -> String {
    super::security::sign(key, "totp-recovery", &clean_recovery_code(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, with the last six digits of its eight.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, time), code);
        }
    }

    #[test]
    fn a_code_works_one_step_either_way_and_only_once() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        let step = now / STEP_SECONDS;
        assert_eq!(matching_step(&secret, &code, now), Some(step));
        assert_eq!(
            matching_step(&secret, &format!("{} {}", &code[..3], &code[3..]), now + 30),
            Some(step),
            "typed with a space, half a minute late"
        );
        assert_eq!(matching_step(&secret, &code, now + 90), None, "too late");
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
        assert!(fresh(step, None));
        assert!(fresh(step, Some(i64::try_from(step).unwrap() - 1)));
        assert!(!fresh(step, Some(i64::try_from(step).unwrap())), "replay");
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_account_and_nonce() {
        let secret = new_secret();
        let sealed = seal(b"k", "user-1", "n1", &secret);
        assert_ne!(sealed, hex::encode(&secret));
        assert_eq!(open(b"k", "user-1", "n1", &sealed), Some(secret.clone()));
        assert_ne!(open(b"k", "user-2", "n1", &sealed), Some(secret.clone()));
        assert_ne!(open(b"k", "user-1", "n2", &sealed), Some(secret.clone()));
        assert_ne!(open(b"other", "user-1", "n1", &sealed), Some(secret));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_compared_as_typed_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert!(is_recovery_code(code) && !is_recovery_code("123456"));
        assert_eq!(
            recovery_code_hash(b"k", code),
            recovery_code_hash(
                b"k",
                &format!(" {} ", code.to_uppercase().replace('-', " "))
            )
        );
        assert_ne!(
            recovery_code_hash(b"k", code),
            recovery_code_hash(b"k", &codes[1])
        );
    }

    #[test]
    fn the_secret_reads_in_groups_and_the_url_names_the_account() {
        let secret = b"12345678901234567890";
        assert_eq!(
            secret_text(secret),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        let url = otpauth_url(secret, "Inspraak", "anna@example.nl");
        assert!(url.starts_with("otpauth://totp/Inspraak:anna%40example.nl?secret=GEZDGNBV"));
        assert!(url.contains("&digits=6&period=30"));
    }
}
