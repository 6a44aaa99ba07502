//! The site's small public files: robots.txt, security.txt and the favicon.

use chrono::{Duration, NaiveDateTime};

/// The favicon, compiled into the binary; a small SVG in the site's colours.
pub const FAVICON_SVG: &str = include_str!("../static/favicon.svg");

/// Where the layout links the favicon.
pub const FAVICON_PATH: &str = "/favicon.svg";

/// Search engines may index the public pages; they keep out of the signed-in areas,
/// the forms, the exports (made on request, some of them heavy) and the links from
/// mails (one visit by a crawler must not be the visit that counts).
pub const ROBOTS_TXT: &str = "\
User-agent: *
Allow: /
Disallow: /account
Disallow: /griffie
Disallow: /beheer
Disallow: /moderatie
Disallow: /gezondheid
Disallow: /consultaties/*/export/
Disallow: /consultaties/*/reageren
Disallow: /reacties/*/
Allow: /reacties/*/controle
Disallow: /steun/
Disallow: /berichten/
Disallow: /afmelden/
Disallow: /uitnodigingen/
Disallow: /organisaties/nieuw
Disallow: /organisaties/*/
";

/// How long a security.txt stays valid; RFC 9116 asks for at most a year.
const SECURITY_TXT_DAYS: i64 = 365;

/// `/.well-known/security.txt` (RFC 9116) for a configured contact.
pub fn security_txt(contact: &str, base_url: &str, now: NaiveDateTime) -> String {
    let expires = (now + Duration::days(SECURITY_TXT_DAYS)).format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "Contact: {contact}\n\
         Expires: {expires}\n\
         Preferred-Languages: nl, en\n\
         Canonical: {base_url}/.well-known/security.txt\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_txt_expires_a_year_from_now_and_names_its_address() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(6, 0, 0)
            .unwrap();
        assert_eq!(
            security_txt(
                "mailto:security@lindeveld.nl",
                "https://inspraak.lindeveld.nl",
                now
            ),
            "Contact: mailto:security@lindeveld.nl\n\
             Expires: 2027-12-02T06:00:00Z\n\
             Preferred-Languages: nl, en\n\
             Canonical: https://inspraak.lindeveld.nl/.well-known/security.txt\n"
        );
    }

    #[test]
    fn the_favicon_is_an_svg_without_script() {
        assert!(FAVICON_SVG.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(!FAVICON_SVG.contains("<script"));
    }
}
