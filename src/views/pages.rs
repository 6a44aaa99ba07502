//! Fixed pages: privacy statement, accessibility statement.

use maud::{Markup, html};

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
                li { strong { "Uw account:" } " uw naam, e-mailadres en een versleutelde vorm van uw wachtwoord. Uw wachtwoord zelf kunnen wij niet lezen." }
                li { strong { "Inloggen:" } " een code in een cookie zodat u ingelogd blijft, en een versleutelde aantekening van mislukte inlogpogingen om misbruik te stoppen. Die aantekening wissen wij na een dag." }
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
            p { "U mag uw gegevens inzien, laten verbeteren of laten wissen. Neem daarvoor contact op met de griffie van uw gemeente." }
        },
    )
}

pub fn accessibility(chrome: &Chrome) -> Markup {
    layout(
        chrome,
        "Toegankelijkheidsverklaring",
        None,
        html! {
            h1 { "Toegankelijkheidsverklaring" }
            p class="lead" { "Iedereen moet mee kunnen doen met inspraak: ook met een schermlezer, alleen een toetsenbord, een vergroting of een kleine telefoon." }
            h2 { "Onze norm" }
            p { "Wij bouwen Inspraak volgens de WCAG 2.2 op niveau AA. Dat is strenger dan de wet nu vraagt (WCAG 2.1 AA, via EN 301 549)." }
            h2 { "Hoe wij dit testen" }
            p { "Wij testen Inspraak automatisch in een echte browser: Chromium, zonder beeldscherm. De test gebruikt voorbeeldgegevens en bekijkt elke soort pagina. Bijvoorbeeld de lijst met inspraakronden, inloggen, een account maken, de pagina's van de griffie en van de beheerder, en de foutpagina's. Ook formulieren met een foutmelding testen wij." }
            ul class="prose" {
                li { strong { "Toegankelijkheid:" } " het programma axe-core controleert elke soort pagina op de regels van WCAG 2.0, 2.1 en 2.2, niveau A en AA. Dat doen wij op een breed scherm van 1280 pixels en op een telefoonscherm van 375 pixels. Er mag geen enkele fout zijn." }
                li { strong { "Goede code:" } " de HTML van elke soort pagina, zoals de website hem verstuurt, gaat door de Nu Html Checker van W3C. Ook daar mag geen enkele fout in zitten." }
                li { strong { "Alleen met het toetsenbord:" } " de test logt in met alleen het toetsenbord. Hij begint bovenaan de pagina en gebruikt de link ‘Direct naar de inhoud’. Daarna maakt de griffie met alleen het toetsenbord een nieuwe inspraakronde, met datum en tijd. Bij elke stap controleert de test dat u kunt zien waar u bent." }
                li { strong { "Zonder JavaScript:" } " geen enkele pagina laadt JavaScript. Alles werkt zonder." }
                li { strong { "Kleine schermen en vergroting:" } " op een scherm van 320 pixels breed hoeft u nergens opzij te scrollen. Dat is ook zo als u een breed scherm 400% vergroot." }
            }
            h2 { "Wat een test niet vindt" }
            p { "Een automatische test vindt niet alle problemen. Hij kan bijvoorbeeld niet zeggen of een tekst duidelijk is. Daarom letten wij ook zelf op:" }
            ul class="prose" {
                li { "eenvoudige taal;" }
                li { "zichtbare labels en uitleg bij elk veld in een formulier;" }
                li { "een overzicht van fouten bovenaan een formulier, met een link naar elk veld." }
            }
            h2 { "Iets gevonden dat niet werkt?" }
            p { "Laat het de griffie van uw gemeente weten. Wij reageren binnen vijf werkdagen." }
        },
    )
}
