//! Tokens, hashes and signatures (pure: no HTTP, no SQL), for sessions, CSRF protection,
//! throttling and the signed links in mail, which the web and the mail worker both need.

use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// 256 random bits as 64 hex characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn sha256_hex(value: &str) -> String {
    sha256_bytes_hex(value.as_bytes())
}

pub fn sha256_bytes_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn mac(key: &[u8], purpose: &str, value: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(value.as_bytes());
    mac
}

/// A keyed signature of `value` for one `purpose`, as hex.
pub fn sign(key: &[u8], purpose: &str, value: &str) -> String {
    hex::encode(mac(key, purpose, value).finalize().into_bytes())
}

/// A pad of `len` bytes for sealing under `purpose` and `context`: HMAC blocks of the
/// server's key, the first over `context`, the next over `context|1`, `context|2`, ...
fn pad(key: &[u8], purpose: &str, context: &str, len: usize) -> Vec<u8> {
    let mut pad = Vec::with_capacity(len + 32);
    let mut block = 0;
    while pad.len() < len {
        let input = match block {
            0 => context.to_owned(),
            n => format!("{context}|{n}"),
        };
        pad.extend_from_slice(&mac(key, purpose, &input).finalize().into_bytes());
        block += 1;
    }
    pad.truncate(len);
    pad
}

/// `secret` as stored (hex), XORed with a pad of the server's key for `purpose` and a
/// `context` of its own (an id and a nonce), so a copy of the database alone does not give
/// it. `context` must be new for every sealed value.
pub fn seal(key: &[u8], purpose: &str, context: &str, secret: &[u8]) -> String {
    let pad = pad(key, purpose, context, secret.len());
    hex::encode(
        secret
            .iter()
            .zip(pad)
            .map(|(s, p)| s ^ p)
            .collect::<Vec<_>>(),
    )
}

/// The secret back from what [`seal`] stored.
pub fn open(key: &[u8], purpose: &str, context: &str, sealed: &str) -> Option<Vec<u8>> {
    let sealed = hex::decode(sealed).ok()?;
    let pad = pad(key, purpose, context, sealed.len());
    Some(sealed.iter().zip(pad).map(|(s, p)| s ^ p).collect())
}

/// A link token for one record: its id and 128 bits of [`sign`], so the link needs no
/// stored secret and no index to be looked up, only the record's primary key.
pub fn signed_link(key: &[u8], purpose: &str, id: &str) -> String {
    format!("{id}.{}", &sign(key, purpose, id)[..32])
}

/// The id in a token from [`signed_link`], if its signature is right (constant time).
pub fn signed_link_id<'a>(key: &[u8], purpose: &str, token: &'a str) -> Option<&'a str> {
    let (id, signature) = token.rsplit_once('.')?;
    let bytes = hex::decode(signature).ok()?;
    (bytes.len() == 16 && mac(key, purpose, id).verify_truncated_left(&bytes).is_ok()).then_some(id)
}

/// A [`signed_link`] that stops working at `expires` (to the second).
pub fn expiring_link(key: &[u8], purpose: &str, id: &str, expires: NaiveDateTime) -> String {
    signed_link(
        key,
        purpose,
        &format!("{id}~{}", expires.and_utc().timestamp()),
    )
}

/// The id in a token from [`expiring_link`], if it is signed right and not expired.
pub fn expiring_link_id<'a>(
    key: &[u8],
    purpose: &str,
    token: &'a str,
    now: NaiveDateTime,
) -> Option<&'a str> {
    let (id, expires) = signed_link_id(key, purpose, token)?.rsplit_once('~')?;
    let expires = chrono::DateTime::from_timestamp(expires.parse().ok()?, 0)?.naive_utc();
    (now < expires).then_some(id)
}

/// Checks a signature from [`sign`] in constant time.
pub fn verify(key: &[u8], purpose: &str, value: &str, signature: &str) -> bool {
    match hex::decode(signature) {
        Ok(bytes) => mac(key, purpose, value).verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_of_any_length_open_only_with_their_key_and_context() {
        let secret: Vec<u8> = (0..100).collect();
        let sealed = seal(b"k", "purpose", "id|nonce", &secret);
        assert_eq!(sealed.len(), 200);
        assert_eq!(
            open(b"k", "purpose", "id|nonce", &sealed),
            Some(secret.clone())
        );
        assert_ne!(
            open(b"k", "purpose", "id|other", &sealed),
            Some(secret.clone())
        );
        assert_ne!(
            open(b"k", "other", "id|nonce", &sealed),
            Some(secret.clone())
        );
        assert_ne!(open(b"x", "purpose", "id|nonce", &sealed), Some(secret));
        // The first block is the signature of the context, as two-factor secrets were
        // sealed before longer values needed more blocks.
        let first = hex::decode(sign(b"k", "purpose", "id|nonce")).unwrap();
        assert_eq!(
            seal(b"k", "purpose", "id|nonce", &[0; 32]),
            hex::encode(first)
        );
    }

    #[test]
    fn signed_links_carry_their_id_and_refuse_changes() {
        let token = signed_link(b"sleutel", "signature-confirm", "0192-abc");
        assert_eq!(token.len(), "0192-abc".len() + 33);
        assert_eq!(
            signed_link_id(b"sleutel", "signature-confirm", &token),
            Some("0192-abc")
        );
        assert_eq!(
            signed_link_id(b"sleutel", "signature-withdraw", &token),
            None
        );
        assert_eq!(signed_link_id(b"andere", "signature-confirm", &token), None);
        let forged = token.replacen("0192-abc", "0192-abd", 1);
        assert_eq!(
            signed_link_id(b"sleutel", "signature-confirm", &forged),
            None
        );
        assert_eq!(
            signed_link_id(b"sleutel", "signature-confirm", "zonder-punt"),
            None
        );
    }

    #[test]
    fn expiring_links_stop_working_when_they_expire() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        let token = expiring_link(
            b"k",
            "login-unlock",
            "0192-abc",
            now + chrono::Duration::hours(1),
        );
        assert_eq!(
            expiring_link_id(b"k", "login-unlock", &token, now),
            Some("0192-abc")
        );
        let later = now + chrono::Duration::minutes(61);
        assert_eq!(expiring_link_id(b"k", "login-unlock", &token, later), None);
        assert_eq!(expiring_link_id(b"k", "other", &token, now), None);
        let stretched = token.replace("~1800003600", "~1900003600");
        assert_eq!(
            expiring_link_id(b"k", "login-unlock", &stretched, now),
            None
        );
    }

    #[test]
    fn tokens_are_long_and_different() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn signatures_verify_only_for_the_same_key_purpose_and_value() {
        let signature = sign(b"key", "csrf", "abc");
        assert!(verify(b"key", "csrf", "abc", &signature));
        assert!(!verify(b"other", "csrf", "abc", &signature));
        assert!(!verify(b"key", "unsubscribe", "abc", &signature));
        assert!(!verify(b"key", "csrf", "abd", &signature));
        assert!(!verify(b"key", "csrf", "abc", "zz"));
    }
}
