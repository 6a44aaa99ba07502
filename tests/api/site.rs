use chrono::{DateTime, Duration, Utc};

use crate::fixtures::open_round;
use crate::helpers::{TestApp, location};
use crate::{assert_status, both_backends};

fn content_type(response: &reqwest::Response) -> String {
    response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned()
}

/// The value of `<meta property="{property}" content="...">` in a page.
fn meta(body: &str, property: &str) -> Option<String> {
    let marker = format!(r#"<meta property="{property}" content=""#);
    let start = body.find(&marker)? + marker.len();
    Some(body[start..start + body[start..].find('"')?].to_owned())
}

both_backends!(
    robots_txt_keeps_crawlers_out_of_private_areas_and_mailed_links,
    security_txt_exists_only_with_a_configured_contact,
    the_favicon_is_served_and_linked_from_every_page,
    a_consultation_page_describes_itself_for_link_previews,
    the_accessibility_statement_lists_what_the_browser_suite_checks,
    the_accessibility_statement_names_the_configured_contact
);

async fn robots_txt_keeps_crawlers_out_of_private_areas_and_mailed_links(app: TestApp) {
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(content_type(&response), "text/plain; charset=utf-8");
    let body = response.text().await.unwrap();
    assert!(body.starts_with("User-agent: *\n"), "{body}");
    let disallowed: Vec<&str> = body
        .lines()
        .filter_map(|l| l.strip_prefix("Disallow: "))
        .collect();
    for private in [
        "/account",
        "/griffie",
        "/beheer",
        "/moderatie",
        "/steun/",
        "/berichten/",
        "/afmelden/",
        "/uitnodigingen/",
        "/consultaties/*/export/",
    ] {
        assert!(disallowed.contains(&private), "{private} is disallowed");
    }
    for public in [
        "/",
        "/consultaties",
        "/consultaties/abc",
        "/organisaties",
        "/privacy",
        "/toegankelijkheid",
        "/bijlagen/abc",
    ] {
        assert!(
            !disallowed
                .iter()
                .any(|rule| !rule.contains('*') && public.starts_with(rule)),
            "{public} stays open to crawlers"
        );
    }
}

async fn security_txt_exists_only_with_a_configured_contact(app: TestApp) {
    assert_status!(app.get("/.well-known/security.txt").await, 404);

    let configured =
        app.with_config(|c| c.security_contact = Some("mailto:security@lindeveld.nl".into()));
    let response = configured.get("/.well-known/security.txt").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(content_type(&response), "text/plain; charset=utf-8");
    let body = response.text().await.unwrap();
    let field = |name: &str| {
        body.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name} in {body}"))
            .to_owned()
    };
    assert_eq!(field("Contact"), "mailto:security@lindeveld.nl");
    assert_eq!(field("Preferred-Languages"), "nl, en");
    assert_eq!(
        field("Canonical"),
        configured.url("/.well-known/security.txt")
    );
    let expires: DateTime<Utc> = field("Expires").parse().expect("an RFC 3339 moment");
    let ahead = expires - Utc::now();
    assert!(
        ahead > Duration::days(364) && ahead <= Duration::days(365),
        "{ahead}"
    );
}

async fn the_favicon_is_served_and_linked_from_every_page(app: TestApp) {
    let response = app.get("/favicon.svg").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(content_type(&response), "image/svg+xml");
    assert!(response.text().await.unwrap().starts_with("<svg "));
    let ico = app.get("/favicon.ico").await;
    assert_eq!(ico.status().as_u16(), 301);
    assert_eq!(location(&ico), "/favicon.svg");
    for path in ["/", "/privacy", "/bestaat/niet"] {
        let (_, body) = app.get_text(path).await;
        assert!(
            body.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#),
            "{path}"
        );
    }
}

async fn a_consultation_page_describes_itself_for_link_previews(app: TestApp) {
    let id = open_round(&app).await;
    let visitor = app.second_browser();
    let path = format!("/consultaties/{id}");
    // Twice: the second answer comes from the cache anonymous visitors share.
    for query in ["", "?volgorde=steun"] {
        let body = assert_status!(visitor.get(&format!("{path}{query}")).await, 200);
        assert_eq!(
            meta(&body, "og:title").as_deref(),
            Some("Beleidsnotitie Ontmoetingsplekken")
        );
        assert_eq!(
            meta(&body, "og:description").as_deref(),
            Some("Hoe organiseren we de buurthuizen?")
        );
        assert_eq!(
            meta(&body, "og:url"),
            Some(app.url(&path)),
            "the address without its query"
        );
        assert_eq!(meta(&body, "og:type").as_deref(), Some("website"));
        assert_eq!(meta(&body, "og:site_name").as_deref(), Some("Inspraak"));
        assert!(
            body.contains(
                r#"<meta name="description" content="Hoe organiseren we de buurthuizen?">"#
            )
        );
    }
    let (_, list) = visitor.get_text("/consultaties").await;
    assert_eq!(meta(&list, "og:title").as_deref(), Some("Inspraakronden"));
    assert_eq!(
        meta(&list, "og:description"),
        None,
        "no description where a page has none"
    );
}

async fn the_accessibility_statement_lists_what_the_browser_suite_checks(app: TestApp) {
    let body = assert_status!(app.get("/toegankelijkheid").await, 200);
    for part in [
        "C: eerste maatregelen genomen",
        "Datum van deze verklaring",
        "WCAG-EM",
        "Wat nog niet goed is of niet is getest",
        "Nationale ombudsman",
    ] {
        assert!(body.contains(part), "{part}");
    }
    assert!(
        body.contains(&format!("<dd>{}</dd>", app.address)),
        "the scope names the site"
    );
    let checked: serde_json::Value =
        serde_json::from_str(include_str!("../../src/static/checked-pages.json")).unwrap();
    let groups = checked["groups"].as_array().unwrap();
    let mut total = 0;
    for group in groups {
        let pages = group["pages"].as_array().unwrap();
        total += pages.len();
        let title = group["title"].as_str().unwrap();
        assert!(
            body.contains(&format!("<summary>{title} ({})</summary>", pages.len())),
            "{title}"
        );
        for page in pages {
            let label = page["label"].as_str().unwrap();
            assert!(body.contains(&format!("<li>{label}</li>")), "{label}");
        }
    }
    assert!(
        body.contains(&format!("De test bekijkt {total} soorten")),
        "{total}"
    );
    assert!(
        body.contains(r#"<a href="/toegankelijkheid">Toegankelijkheidsverklaring</a>"#),
        "linked from the footer"
    );
    assert!(
        body.contains("Laat het de griffie van uw gemeente weten"),
        "no contact configured"
    );
}

async fn the_accessibility_statement_names_the_configured_contact(app: TestApp) {
    let security =
        app.with_config(|c| c.security_contact = Some("https://lindeveld.nl/melden".into()));
    let (_, body) = security.get_text("/toegankelijkheid").await;
    assert!(
        body.contains(r#"<a href="https://lindeveld.nl/melden">https://lindeveld.nl/melden</a>"#)
    );
    assert!(!body.contains("Laat het de griffie van uw gemeente weten"));

    let griffie = app.with_config(|c| {
        c.security_contact = Some("mailto:security@lindeveld.nl?subject=Melding".into());
        c.mail.reply_to = Some("Griffie Lindeveld <griffie@lindeveld.nl>".parse().unwrap());
    });
    let (_, body) = griffie.get_text("/toegankelijkheid").await;
    assert!(
        body.contains(r#"<a href="mailto:griffie@lindeveld.nl">griffie@lindeveld.nl</a>"#),
        "the griffie first"
    );

    let mailto = app.with_config(|c| {
        c.security_contact = Some("mailto:security@lindeveld.nl?subject=Melding".into())
    });
    let (_, body) = mailto.get_text("/toegankelijkheid").await;
    assert!(body.contains(r#"<a href="mailto:security@lindeveld.nl">security@lindeveld.nl</a>"#));
}
