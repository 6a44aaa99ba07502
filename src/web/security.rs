//! Tokens, hashes and signatures used by sessions, CSRF protection and throttling.

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
