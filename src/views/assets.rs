//! The stylesheet, compiled into the binary and served under a content hash so that
//! browsers may cache it for a year.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

pub const STYLESHEET: &str = include_str!("../static/app.css");

static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(STYLESHEET.as_bytes());
    crate::paths::static_file(&format!("app-{}.css", &hex::encode(digest)[..16]))
});

/// The versioned URL of the stylesheet, such as `/static/app-0123456789abcdef.css`.
pub fn stylesheet_path() -> &'static str {
    &STYLESHEET_PATH
}
