//! Fixed pages: privacy statement, accessibility statement.

use std::sync::LazyLock;

use maud::{Markup, html};
use serde::Deserialize;

use super::{Chrome, layout};

pub fn privacy(chrome: &Chrome) -> Markup {
    layout(
        chrome,
        "Privacyverklaring",
        None,
        html! {
            h1 { "Privacyverklaring" }
            p class="lead" { "Wij gebruiken zo weinig persoonsgegevens als nodig is om inspraak mogelijk te maken." }
            h2 { "Welke gegevens bewaren wij?" }
            ul class="prose" {
                li { strong { "Uw account:" } " uw naam, e-mailadres en een versleutelde vorm van uw wachtwoord. Uw wachtwoord zelf kunnen wij niet lezen. Wijzigt u uw e-mailadres, dan bewaren wij het nieuwe adres tot u het bevestigt (hoogstens een dag), en het oude adres nog 7 dagen: zo kunt u de wijziging terugdraaien als u die niet zelf deed." }
                li { strong { "Tweestapsverificatie:" } " zet u die aan, dan bewaren wij de sleutel van uw app versleuteld, en uw herstelcodes alleen als onherkenbare code. Zet u het uit, dan wissen wij beide." }
                li { strong { "Inloggen via de gemeente (voor medewerkers):" } " wij bewaren uw naam, uw e-mailadres en uw rol, en een onherkenbare code van wie u bent bij de gemeente. Uw wachtwoord van het werk zien wij nooit." }
                li { strong { "Inloggen:" } " een code in een cookie zodat u ingelogd blijft, met het soort apparaat (bijvoorbeeld \"Firefox op Linux\") en wanneer u het laatst iets deed, zodat u op de pagina Mijn account ziet waar u bent ingelogd. Daarnaast een versleutelde aantekening van mislukte inlogpogingen om misbruik te stoppen. Die aantekening wissen wij na een dag." }
                li { strong { "Steunbetuigingen:" } " de naam die u zelf laat zien (of geen naam als u anoniem steunt), uw e-mailadres om te bevestigen, en de wijk die bij uw postcode hoort. Uw postcode zelf bewaren wij niet. Steunt u met een account waarvan u het e-mailadres heeft bevestigd, dan hoeft u niets te bevestigen; wij bewaren dan bij uw account de wijk waaruit u steunt (niet de postcode), zodat u de volgende keer met één klik steunt. Vraagt u om bericht, dan gebruiken wij uw e-mailadres ook voor één e-mail als de gemeente antwoordt in de nota van beantwoording, en één als de raad besluit. Uw e-mailadres wissen wij als de inspraakronde is afgesloten en de bewaartermijn van de gemeente voorbij is (standaard 90 dagen). Die termijn begint op het moment dat de inspraakronde wordt gearchiveerd of, als dat later is, als de nota van beantwoording verschijnt. De telling blijft daarna gewoon kloppen. Een steunbetuiging die u niet bevestigt, wissen wij na 7 dagen." }
                li { strong { "Berichten in een discussie:" } " uw bericht en de naam die erboven staat. Schrijft u zonder account, dan bewaren wij ook uw e-mailadres: voor de bevestiging en om u te laten weten wat een moderator besluit. Dat adres wissen wij na dezelfde bewaartermijn als bij steunbetuigingen. Een bericht dat u niet bevestigt, wissen wij na 7 dagen. Verwijdert u zelf een bericht, dan wissen wij de tekst meteen. Als u een bericht meldt, ziet alleen de moderator uw reden; de schrijver ziet niet wie meldde." }
                li { strong { "Commissieleden en griffie:" } " naam en e-mailadres, om berichten over inspraakronden te sturen." }
            }
            h2 { "Wat is openbaar?" }
            p { "Uw e-mailadres en postcode zijn nooit openbaar. Uw naam is alleen openbaar als u daar zelf voor kiest." }
            h2 { "Cookies" }
            p { "Wij gebruiken alleen cookies die nodig zijn: één om u ingelogd te houden en één om formulieren te beveiligen. Wij gebruiken geen cookies om u te volgen en geen advertenties." }
            h2 { "Hoe lang bewaren wij gegevens?" }
            p { "Elke gemeente stelt een bewaartermijn in. Daarna wissen wij e-mailadressen en postcodes. Een ingelogde sessie verloopt na 14 dagen." }
            h2 { "Uw rechten" }
            p { "U mag uw gegevens inzien, laten verbeteren of laten wissen. Op de pagina Mijn account wijzigt u zelf uw naam en e-mailadres, en verwijdert u uw account. Reacties die u als inwoner indiende, blijven dan bij de gemeente bewaard zoals u ze indiende, met een nummer in plaats van uw naam; de gemeente moet ze bewaren. Voor vragen kunt u terecht bij de griffie van uw gemeente." }
        },
    )
}

/// The page types the browser suite checks, grouped for the statement. The same file
/// is read by `tests/browser/pages.js`, which refuses to run when the two differ.
#[derive(Debug, Deserialize)]
pub struct CheckedPages {
    pub groups: Vec<CheckedGroup>,
}

#[derive(Debug, Deserialize)]
pub struct CheckedGroup {
    pub title: String,
    pub pages: Vec<CheckedPage>,
}

#[derive(Debug, Deserialize)]
pub struct CheckedPage {
    /// The entry's name in `pages.js`.
    pub name: String,
    /// What the page is, in Dutch, as the statement lists it.
    pub label: String,
}

static CHECKED_PAGES: LazyLock<CheckedPages> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../static/checked-pages.json"))
        .expect("checked-pages.json is valid (unit tested)")
});

pub fn checked_pages() -> &'static CheckedPages {
    &CHECKED_PAGES
}

/// When the statement was last reviewed; change it with the statement's text.
pub const STATEMENT_DATE: &str = "2 december 2026";

/// Where people report an accessibility problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// An e-mail address (the griffie's, or the security contact's).
    Mail(String),
    /// A web page (the security contact's).
    Page(String),
    /// Nothing configured: the council's griffie, in general words.
    Council,
}

/// The accessibility statement in the structure of the Dutch government's model
/// (toegankelijkheidsverklaring.nl): status, date, scope, how it was checked, known
/// problems, contact and where to complain.
pub fn accessibility(chrome: &Chrome, site_url: &str, contact: &Contact) -> Markup {
    let checked = checked_pages();
    let total: usize = checked.groups.iter().map(|g| g.pages.len()).sum();
    layout(
        chrome,
        "Toegankelijkheidsverklaring",
        None,
        html! {
            h1 { "Toegankelijkheidsverklaring" }
            p class="lead" { "Iedereen moet mee kunnen doen met inspraak: ook met een schermlezer, alleen een toetsenbord, een vergroting of een kleine telefoon." }
            dl class="summary-list" {
                dt { "Website" } dd { (site_url) }
                dt { "Status" } dd { "C: eerste maatregelen genomen" }
                dt { "Norm" } dd { "WCAG 2.2, niveau AA" }
                dt { "Datum van deze verklaring" } dd { (STATEMENT_DATE) ", bij Inspraak versie " (env!("CARGO_PKG_VERSION")) }
            }
            h2 { "Status: eerste maatregelen genomen" }
            p { "De overheid geeft een website een status van A (voldoet volledig) tot E (voldoet niet). Status A of B mag alleen na een volledig onderzoek door een deskundige, volgens de methode WCAG-EM. Zo’n onderzoek is voor Inspraak nog niet gedaan." }
            p { "Wel testen wij elke versie van Inspraak automatisch. Hoe, dat leest u hieronder. Dat is een eerste maatregel, geen volledig onderzoek: een automatische test vindt maar een deel van de problemen. Daarom zeggen wij niet dat Inspraak al volledig of gedeeltelijk voldoet." }
            h2 { "Voor welke pagina’s geldt deze verklaring?" }
            p { "Voor alle pagina’s van Inspraak op " (site_url) ": de openbare pagina’s en de pagina’s achter het inloggen, voor inwoners, organisaties, raadsleden, de griffie, moderatoren en beheerders. Niet voor wat anderen maken, zoals de bijlagen die indieners uploaden." }
            h2 { "Onze norm" }
            p { "Wij bouwen Inspraak volgens de WCAG 2.2 op niveau AA. Dat is strenger dan de wet nu vraagt (WCAG 2.1 AA, via EN 301 549)." }
            h2 { "Hoe wij dit testen" }
            p { "Bij elke wijziging van Inspraak bekijkt een test elke soort pagina uit de lijst hieronder in een echte browser: Chromium, zonder beeldscherm. De test gebruikt voorbeeldgegevens. Ook formulieren met een foutmelding testen wij." }
            ul class="prose" {
                li { strong { "Toegankelijkheid:" } " het programma axe-core controleert elke soort pagina op de regels van WCAG 2.0, 2.1 en 2.2, niveau A en AA. Dat doen wij op een breed scherm van 1280 pixels en op een telefoonscherm van 375 pixels. Er mag geen enkele fout zijn." }
                li { strong { "Goede code:" } " de HTML van elke soort pagina, zoals de website hem verstuurt, gaat door de Nu Html Checker van W3C. Ook daar mag geen enkele fout in zitten." }
                li { strong { "Alleen met het toetsenbord:" } " de test logt in met alleen het toetsenbord. Hij begint bovenaan de pagina en gebruikt de link ‘Direct naar de inhoud’. Daarna maakt de griffie met alleen het toetsenbord een nieuwe inspraakronde, met datum en tijd. Bij elke stap controleert de test dat u kunt zien waar u bent." }
                li { strong { "Zonder JavaScript:" } " geen enkele pagina laadt JavaScript. Alles werkt zonder." }
                li { strong { "Kleine schermen en vergroting:" } " op een scherm van 320 pixels breed hoeft u nergens opzij te scrollen. Dat is ook zo als u een breed scherm 400% vergroot." }
            }
            h2 { "Welke pagina’s wij testen" }
            p { "De test bekijkt " (total) " soorten pagina’s. Deze lijst komt uit de test zelf: komt er een soort pagina bij in de test, dan staat die ook hier." }
            @for group in &checked.groups {
                details class="disclosure" {
                    summary { (group.title) " (" (group.pages.len()) ")" }
                    ul class="prose" {
                        @for page in &group.pages { li { (page.label) } }
                    }
                }
            }
            h2 { "Wat nog niet goed is of niet is getest" }
            ul class="prose" {
                li { "Een automatische test vindt niet alle problemen. Hij kan bijvoorbeeld niet zeggen of een tekst duidelijk is, of dat een foutmelding u echt verder helpt." }
                li { "Wij hebben Inspraak nog niet laten testen door mensen met een beperking, en nog niet met een schermlezer zoals NVDA, JAWS of VoiceOver." }
                li { "De bestanden om te downloaden (PDF, spreadsheet, CSV en JSON) testen wij niet automatisch op toegankelijkheid." }
                li { "Bijlagen van indieners en berichten in de discussie schrijven mensen zelf. Wij kunnen niet beloven dat die toegankelijk zijn." }
            }
            p { "Wat een test niet vindt, letten wij zelf op:" }
            ul class="prose" {
                li { "eenvoudige taal;" }
                li { "zichtbare labels en uitleg bij elk veld in een formulier;" }
                li { "een overzicht van fouten bovenaan een formulier, met een link naar elk veld." }
            }
            h2 { "Iets gevonden dat niet werkt?" }
            @match contact {
                Contact::Mail(address) => p { "Stuur een e-mail naar " a href={ "mailto:" (address) } { (address) } ". Schrijf erbij op welke pagina het was en wat niet werkte." },
                Contact::Page(url) => p { "Meld het op " a href=(url) { (url) } ". Schrijf erbij op welke pagina het was en wat niet werkte." },
                Contact::Council => p { "Laat het de griffie van uw gemeente weten. Schrijf erbij op welke pagina het was en wat niet werkte." },
            }
            p { "U krijgt binnen vijf werkdagen antwoord." }
            h2 { "Niet tevreden?" }
            p { "Bent u niet tevreden met het antwoord, of krijgt u geen antwoord? Dan kunt u een klacht indienen bij de " a href="https://www.nationaleombudsman.nl" { "Nationale ombudsman" } " of bij de ombudsman van uw gemeente." }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_pages_parse_and_name_each_page_type_once() {
        let names: Vec<&str> = checked_pages()
            .groups
            .iter()
            .flat_map(|g| g.pages.iter().map(|p| p.name.as_str()))
            .collect();
        let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
        assert!(names.len() > 50, "{}", names.len());
        assert_eq!(unique.len(), names.len());
        assert!(names.contains(&"toegankelijkheid"));
    }
}
