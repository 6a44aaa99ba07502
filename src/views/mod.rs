//! HTML pages (maud): one layout, small components, Dutch copy at B1 level.

pub mod accounts;
pub mod admin;
pub mod answers;
pub mod assets;
pub mod consultations;
pub mod errors;
pub mod exports;
pub mod form;
pub mod griffie;
pub mod mail;
pub mod markdown;
pub mod moderation;
pub mod notices;
pub mod organisations;
pub mod overview;
pub mod pages;
pub mod reactions;
pub mod signatures;
pub mod single_sign_on;
pub mod site;
pub mod speaking;
pub mod support_review;
pub mod threads;
pub mod two_factor;

pub use crate::domain::navigation::url_encode;
use crate::paths;
use maud::{DOCTYPE, Markup, html};

/// The name shown in the header of every page.
pub const SITE_NAME: &str = "Inspraak";

/// What the layout needs to know about the person looking.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub csrf: String,
    pub user_name: Option<String>,
    pub show_griffie: bool,
    pub show_moderation: bool,
    pub show_admin: bool,
    /// The page the header's log-in link comes back to, if it is worth coming back to.
    pub return_to: Option<String>,
    /// The page's public address, for link previews (`og:url`).
    pub page_url: Option<String>,
    /// A sentence about the page for search results and link previews, where it has one.
    pub description: Option<String>,
    /// Set when staff powers wait for a second factor: what the person should do.
    pub staff_powers_wait: Option<StaffPowersWait>,
}

/// Why a staff member's session holds back the staff powers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffPowersWait {
    /// Two-factor authentication is off: turn it on.
    TurnOnTwoFactor,
    /// It is on, but this session began with the password alone: log in again.
    LogInWithCode,
}

/// The page around every screen: skip link, header with navigation, main, footer.
/// `council` names the council the page is about, when there is one.
pub fn layout(chrome: &Chrome, title: &str, council: Option<&str>, content: Markup) -> Markup {
    layout_with_head(chrome, title, council, html! {}, content)
}

/// [`layout`] with more in the head, such as the `<link rel="alternate">` of a feed.
pub fn layout_with_head(
    chrome: &Chrome,
    title: &str,
    council: Option<&str>,
    head: Markup,
    content: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " | " (council.unwrap_or(SITE_NAME)) }
                @if let Some(description) = &chrome.description {
                    meta name="description" content=(description);
                }
                meta property="og:type" content="website";
                meta property="og:site_name" content=(SITE_NAME);
                meta property="og:title" content=(title);
                @if let Some(description) = &chrome.description {
                    meta property="og:description" content=(description);
                }
                @if let Some(url) = &chrome.page_url {
                    meta property="og:url" content=(url);
                }
                link rel="icon" href=(site::FAVICON_PATH) type="image/svg+xml";
                link rel="stylesheet" href=(assets::stylesheet_path());
                (head)
            }
            body {
                a class="skip-link" href="#inhoud" { "Direct naar de inhoud" }
                header class="site-header" {
                    div class="container site-header__inner" {
                        a class="site-logo" href="/" {
                            span class="site-logo__name" { (SITE_NAME) }
                            @if let Some(council) = council {
                                span class="site-logo__council" { (council) }
                            }
                        }
                        nav class="site-nav" aria-label="Hoofdmenu" {
                            ul {
                                li { a href=(paths::CONSULTATIONS) { "Inspraakronden" } }
                                li { a href=(paths::ORGANISATIONS) { "Organisaties" } }
                                @if chrome.show_griffie {
                                    li { a href=(paths::GRIFFIE) { "Griffie" } }
                                }
                                @if chrome.show_moderation {
                                    li { a href=(paths::MODERATION) { "Moderatie" } }
                                }
                                @if chrome.show_admin {
                                    li { a href=(paths::ADMIN) { "Beheer" } }
                                }
                                @if let Some(name) = &chrome.user_name {
                                    li { a href=(paths::ACCOUNT) { "Mijn account" span class="visually-hidden" { " (" (name) ")" } } }
                                    li {
                                        form method="post" action=(paths::LOG_OUT) class="inline-form" {
                                            (form::csrf_field(&chrome.csrf))
                                            button type="submit" class="link-button" { "Uitloggen" }
                                        }
                                    }
                                } @else {
                                    @let back = chrome.return_to.as_deref().unwrap_or("/");
                                    li { a href=(paths::with_next(paths::LOG_IN, back)) { "Inloggen" } }
                                    li { a href=(paths::with_next(paths::REGISTER, back)) { "Account maken" } }
                                }
                            }
                        }
                    }
                }
                main id="inhoud" class="container" tabindex="-1" {
                    @if let Some(wait) = chrome.staff_powers_wait {
                        (staff_powers_notice(wait))
                    }
                    (content)
                }
                footer class="site-footer" {
                    div class="container" {
                        ul class="footer-links" {
                            li { a href=(paths::HOUSE_RULES) { "Huisregels" } }
                            li { a href=(paths::PRIVACY) { "Privacyverklaring" } }
                            li { a href=(paths::ACCESSIBILITY) { "Toegankelijkheidsverklaring" } }
                        }
                        p { "Inspraak is een dienst voor inwoners, organisaties en gemeenteraden." }
                    }
                }
            }
        }
    }
}

/// A breadcrumb trail above a page heading; the last item is the current page.
pub fn breadcrumbs(items: &[(&str, &str)]) -> Markup {
    html! {
        nav class="breadcrumbs" aria-label="Kruimelpad" {
            ol {
                @for (index, (label, href)) in items.iter().enumerate() {
                    @if index + 1 == items.len() {
                        li { span aria-current="page" { (label) } }
                    } @else {
                        li { a href=(href) { (label) } }
                    }
                }
            }
        }
    }
}

/// "Vorige pagina · Pagina 2 van 5 · Volgende pagina" under a long list. `href` makes the
/// address of a page; `label` names the list for screen readers.
pub fn pagination(label: &str, page: i64, pages: i64, href: impl Fn(i64) -> String) -> Markup {
    html! {
        @if pages > 1 {
            nav class="pagination" aria-label=(label) {
                ul {
                    @if page > 1 {
                        li { a href=(href(page - 1)) rel="prev" { "Vorige pagina" } }
                    }
                    li { "Pagina " (page) " van " (pages) }
                    @if page < pages {
                        li { a href=(href(page + 1)) rel="next" { "Volgende pagina" } }
                    }
                }
            }
        }
    }
}

/// A short message after an action succeeded ("flash" without a session: from `?melding=`).
/// It takes the focus, so that a keyboard or screen reader user starts from what changed
/// rather than from the top of the page.
pub fn notice(message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message {
            div class="notice" role="status" tabindex="-1" autofocus { p { (message) } }
        }
    }
}

/// The notice on every page of a staff member whose staff powers wait for a second factor.
fn staff_powers_notice(wait: StaffPowersWait) -> Markup {
    html! {
        div class="notice notice--attention" {
            p {
                strong { "Uw werk voor de gemeente of als beheerder vraagt een tweede stap bij het inloggen." }
                " Dat is een code uit een app op uw telefoon. Tot die stap gedaan is, ziet u alleen wat iedere inwoner ziet."
            }
            @match wait {
                StaffPowersWait::TurnOnTwoFactor => {
                    p { a href=(paths::TWO_FACTOR) { "Tweestapsverificatie aanzetten" } }
                }
                StaffPowersWait::LogInWithCode => {
                    p { "Uw tweestapsverificatie staat aan, maar u logde hier in met alleen uw wachtwoord. Log uit en log opnieuw in met uw code." }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_whose_powers_wait_see_what_to_do() {
        let chrome = Chrome {
            user_name: Some("Griffie".into()),
            staff_powers_wait: Some(StaffPowersWait::TurnOnTwoFactor),
            ..Chrome::default()
        };
        let page = layout(&chrome, "Titel", None, html! {}).into_string();
        assert!(page.contains(r#"<a href="/account/tweestapsverificatie">"#));
        let again = Chrome {
            staff_powers_wait: Some(StaffPowersWait::LogInWithCode),
            ..chrome
        };
        let page = layout(&again, "Titel", None, html! {}).into_string();
        assert!(page.contains("Log uit en log opnieuw in met uw code"));
        let resident = layout(&Chrome::default(), "Titel", None, html! {}).into_string();
        assert!(!resident.contains("tweede stap"));
    }

    #[test]
    fn layout_escapes_the_user_name_and_has_a_skip_link() {
        let chrome = Chrome {
            csrf: "t".into(),
            user_name: Some("<script>x</script>".into()),
            ..Chrome::default()
        };
        let page = layout(
            &chrome,
            "Titel",
            Some("Gemeente Lindeveld"),
            html! { p { "x" } },
        )
        .into_string();
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(!page.contains("<script>x"));
        assert!(page.contains(r##"href="#inhoud""##));
        assert!(page.contains("<html lang=\"nl\">"));
    }

    #[test]
    fn layout_describes_the_page_for_link_previews() {
        let chrome = Chrome {
            page_url: Some("https://inspraak.example.nl/consultaties/1".into()),
            description: Some("Over \"speelplekken\" & groen".into()),
            ..Chrome::default()
        };
        let page = layout(&chrome, "Speelruimteplan", None, html! {}).into_string();
        assert!(page.contains(r#"<meta property="og:title" content="Speelruimteplan">"#));
        assert!(page.contains(
            r#"<meta property="og:url" content="https://inspraak.example.nl/consultaties/1">"#
        ));
        assert!(page.contains(r#"<meta property="og:description" content="Over &quot;speelplekken&quot; &amp; groen">"#));
        assert!(page.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#));
        let bare = layout(&Chrome::default(), "Titel", None, html! {}).into_string();
        assert!(!bare.contains("og:url") && !bare.contains("og:description"));
    }
}
