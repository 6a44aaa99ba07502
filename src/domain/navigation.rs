//! Where people go: the page a log-in returns to, read from a link's `terug` parameter
//! that anyone can write, and where people land when they asked for no page.

use super::account::CouncilRole;
use super::permission::Actor;

/// Percent-encodes a value for a query string (paths keep their slashes readable).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A path of this site worth returning to after logging in, or `None`. It starts with
/// exactly one `/` (so `//host` and `/\host`, which browsers read as another site, are
/// refused), holds no control characters, spaces or backslashes (`/%09/evil.example`
/// arrives as a tab, and CR/LF would break the header), and is not the home page or the
/// log-in and registration pages themselves.
pub fn return_path(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix('/')?;
    let other_site = rest.starts_with('/') || rest.starts_with('\\');
    let unsafe_char = raw
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let no_destination = rest.is_empty()
        || ["account/inloggen", "account/registreren"]
            .iter()
            .any(|page| {
                rest.strip_prefix(page)
                    .is_some_and(|after| after.is_empty() || after.starts_with(['?', '/', '#']))
            });
    (!other_site && !unsafe_char && !no_destination).then_some(raw)
}

/// Where someone lands after logging in: the page they came from or asked for, else
/// where they work (clerks at the griffie, moderators at the moderation queue, admins at
/// the management pages), else the home page.
pub fn landing<'a>(asked: &'a str, actor: &Actor) -> &'a str {
    if let Some(path) = return_path(asked) {
        return path;
    }
    let has = |wanted: CouncilRole| actor.roles.iter().any(|(_, role)| *role == wanted);
    if has(CouncilRole::Clerk) {
        "/griffie"
    } else if has(CouncilRole::Moderator) {
        "/moderatie"
    } else if actor.is_admin {
        "/beheer"
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encode_keeps_paths_readable() {
        assert_eq!(
            url_encode("/griffie?x=1&y=é"),
            "/griffie%3Fx%3D1%26y%3D%C3%A9"
        );
    }

    fn actor(is_admin: bool, roles: &[CouncilRole]) -> Actor {
        Actor {
            user_id: "u".into(),
            is_admin,
            roles: roles.iter().map(|r| ("c".into(), *r)).collect(),
        }
    }

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        for good in [
            "/consultaties/1",
            "/steun/standpunt/x?melding=a",
            "/griffie/consultaties/1/bewerken",
            "/account",
            "/account/inloggenx",
        ] {
            assert_eq!(return_path(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example".replace("%09", "\t").as_str(),
            "/a\r\nSet-Cookie: x=1",
            "/a b",
            "/a\\b",
            "/a\u{7f}",
            "/a\u{85}",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil.example",
            "/account/inloggen",
            "/account/inloggen?terug=/x",
            "/account/registreren",
        ] {
            assert_eq!(return_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn people_land_where_they_asked_or_where_they_work() {
        let resident = actor(false, &[]);
        let clerk = actor(false, &[CouncilRole::Clerk]);
        let moderator = actor(false, &[CouncilRole::Moderator]);
        let both = actor(false, &[CouncilRole::Moderator, CouncilRole::Clerk]);
        let admin = actor(true, &[]);
        assert_eq!(landing("", &resident), "/");
        assert_eq!(landing("/", &resident), "/");
        assert_eq!(landing("/consultaties/1", &resident), "/consultaties/1");
        assert_eq!(landing("", &clerk), "/griffie");
        assert_eq!(landing("/", &clerk), "/griffie");
        assert_eq!(
            landing("/griffie/consultaties/1", &clerk),
            "/griffie/consultaties/1"
        );
        assert_eq!(landing("", &moderator), "/moderatie");
        assert_eq!(landing("", &both), "/griffie");
        assert_eq!(landing("", &admin), "/beheer");
        assert_eq!(landing("//evil.example", &clerk), "/griffie");
        assert_eq!(landing("//evil.example", &resident), "/");
    }
}
