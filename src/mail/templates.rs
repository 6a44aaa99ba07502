//! The words of every mail, in Dutch, as plain text and as HTML (maud escapes all values).

use maud::{DOCTYPE, Markup, html};

use crate::domain::time::long_date_time;
use crate::domain::words::plural;

/// A mail's subject and its two bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailContent {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What a mail about a consultation needs to say which one it is.
pub struct ConsultationRef<'a> {
    pub title: &'a str,
    pub committee: &'a str,
    pub council: &'a str,
    pub url: &'a str,
    pub deadline_at: chrono::NaiveDateTime,
    pub meeting_at: chrono::NaiveDateTime,
}

/// The footer's sentence about answering, for a sender without Reply-To; the mailer
/// puts [`CAN_REPLY`] in its place when replies have somewhere to go.
pub const NO_REPLY: &str = "U kunt niet op dit bericht antwoorden.";
/// The footer's sentence when a Reply-To is set.
pub const CAN_REPLY: &str = "Heeft u een vraag? Antwoord dan op dit bericht.";

fn document(title: &str, body: Markup, unsubscribe_url: Option<&str>) -> String {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head { meta charset="utf-8"; title { (title) } }
            body {
                (body)
                hr;
                p { small { "Dit bericht komt van Inspraak. " (NO_REPLY) } }
                @if let Some(url) = unsubscribe_url {
                    p { small { "Wilt u deze berichten niet meer krijgen? " a href=(url) { "Meld u af" } "." } }
                }
            }
        }
    }
    .into_string()
}

fn text_footer(unsubscribe_url: Option<&str>) -> String {
    let mut footer = format!("\n--\nDit bericht komt van Inspraak. {NO_REPLY}\n");
    if let Some(url) = unsubscribe_url {
        footer.push_str(&format!(
            "Wilt u deze berichten niet meer krijgen? Meld u af: {url}\n"
        ));
    }
    footer
}

/// To the committee's griffie address when a consultation opens.
pub fn consultation_opened(c: &ConsultationRef<'_>) -> MailContent {
    let subject = format!("Inspraakronde geopend: {}", c.title);
    let deadline = long_date_time(c.deadline_at);
    let meeting = long_date_time(c.meeting_at);
    let text = format!(
        "Beste griffie,\n\nDe inspraakronde \"{title}\" van de {committee} ({council}) is geopend.\n\n\
         Reageren kan tot {deadline}.\nDe commissie vergadert op {meeting}.\n\nBekijk de inspraakronde: {url}\n{footer}",
        title = c.title,
        committee = c.committee,
        council = c.council,
        url = c.url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste griffie," }
            p { "De inspraakronde " strong { (c.title) } " van de " (c.committee) " (" (c.council) ") is geopend." }
            ul {
                li { "Reageren kan tot " (deadline) "." }
                li { "De commissie vergadert op " (meeting) "." }
            }
            p { a href=(c.url) { "Bekijk de inspraakronde" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// What a consultation received, for the closing mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosingCounts {
    pub decision_points: i64,
    /// Submitted and not withdrawn.
    pub reactions: i64,
}

/// To the griffie and to every subscribed member when a consultation closes.
pub fn consultation_closed(
    c: &ConsultationRef<'_>,
    counts: ClosingCounts,
    unsubscribe_url: Option<&str>,
) -> MailContent {
    let subject = format!("Inspraakronde gesloten: {}", c.title);
    let deadline = long_date_time(c.deadline_at);
    let meeting = long_date_time(c.meeting_at);
    let text = format!(
        "De inspraakronde \"{title}\" van de {committee} is gesloten op {deadline}.\n\n\
         Beslispunten: {points}\nReacties: {reactions}\n\nDe commissie vergadert op {meeting}.\n\nBekijk de inspraakronde: {url}\n{footer}",
        title = c.title,
        committee = c.committee,
        points = counts.decision_points,
        reactions = counts.reactions,
        url = c.url,
        footer = text_footer(unsubscribe_url),
    );
    let html = document(
        &subject,
        html! {
            p { "De inspraakronde " strong { (c.title) } " van de " (c.committee) " is gesloten op " (deadline) "." }
            table {
                tr { th scope="row" { "Beslispunten" } td { (counts.decision_points) } }
            tr { th scope="row" { "Reacties" } td { (counts.reactions) } }
            }
            p { "De commissie vergadert op " (meeting) "." }
            p { a href=(c.url) { "Bekijk de inspraakronde" } }
        },
        unsubscribe_url,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To everyone writing a draft when the griffie moves an open round's deadline forward.
pub fn deadline_shortened(
    c: &ConsultationRef<'_>,
    previous: chrono::NaiveDateTime,
    draft_title: &str,
    edit_url: &str,
) -> MailContent {
    let subject = format!("Eerder sluiten: {}", c.title);
    let deadline = long_date_time(c.deadline_at);
    let previous = long_date_time(previous);
    let text = format!(
        "Beste schrijver,\n\nDe griffie heeft de sluitingsdatum van de inspraakronde \"{title}\" vervroegd.\n\n\
         Reageren kan nu tot {deadline} (eerst: tot {previous}).\n\n\
         U schrijft aan de reactie \"{draft}\". Die is nog niet ingediend. Dien de reactie in vóór {deadline}, anders telt die niet mee.\n\n\
         Verder schrijven: {edit_url}\nDe inspraakronde: {url}\n{footer}",
        title = c.title,
        draft = draft_title,
        url = c.url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste schrijver," }
            p { "De griffie heeft de sluitingsdatum van de inspraakronde " strong { (c.title) } " vervroegd." }
            p { "Reageren kan nu tot " strong { (deadline) } " (eerst: tot " (previous) ")." }
            p { "U schrijft aan de reactie “" (draft_title) "”. Die is nog niet ingediend. Dien de reactie in vóór " (deadline) ", anders telt die niet mee." }
            p { a href=(edit_url) { "Verder schrijven" } " · " a href=(c.url) { "De inspraakronde" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// The Dutch sentence for an event in a digest.
/// The consultation event recorded for every post that appears in a thread.
pub const POST_PUBLISHED: &str = "post_published";

/// The sentence for an event that is not about one reaction (or was recorded before
/// events named theirs).
pub fn event_sentence(kind: &str) -> &'static str {
    match kind {
        "opened" => "De inspraakronde is geopend.",
        "updated" => "De griffie heeft de gegevens van de inspraakronde gewijzigd.",
        "reaction_submitted" => "Er is een reactie ingediend.",
        "reaction_withdrawn" => "Er is een reactie ingetrokken.",
        _ => "Er is iets veranderd in de inspraakronde.",
    }
}

/// The reaction a digest line is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestReaction {
    pub number: String,
    pub title: String,
    /// The organisation, the resident's published name, or "een inwoner".
    pub sender: String,
    pub url: String,
}

/// One line of a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestEvent {
    pub kind: String,
    pub at: chrono::NaiveDateTime,
    pub reaction: Option<DigestReaction>,
}

impl DigestEvent {
    /// "Reactie 2026-ONT-0001 ingediend: "Titel" van De Horst." where the reaction is
    /// known, the general sentence otherwise.
    fn sentence(&self) -> String {
        let verb = match self.kind.as_str() {
            "reaction_submitted" => "ingediend",
            "reaction_withdrawn" => "ingetrokken",
            _ => return event_sentence(&self.kind).to_owned(),
        };
        match &self.reaction {
            Some(r) => format!(
                "Reactie {} {verb}: \"{}\" van {}.",
                r.number, r.title, r.sender
            ),
            None => event_sentence(&self.kind).to_owned(),
        }
    }
}

/// To a committee member: what happened since the last digest (at most one a day).
pub fn digest(
    c: &ConsultationRef<'_>,
    events: &[DigestEvent],
    unsubscribe_url: &str,
) -> MailContent {
    let subject = format!("Nieuws over de inspraakronde: {}", c.title);
    // Posts are counted, not listed: a lively discussion would bury the other news.
    let new_posts = events.iter().filter(|e| e.kind == POST_PUBLISHED).count();
    let events: Vec<&DigestEvent> = events.iter().filter(|e| e.kind != POST_PUBLISHED).collect();
    let posts_line = match new_posts {
        0 => None,
        1 => Some("Er is 1 nieuw bericht in de discussie.".to_owned()),
        n => Some(format!("Er zijn {n} nieuwe berichten in de discussie.")),
    };
    let lines: Vec<String> = events
        .iter()
        .map(|e| {
            let link = e
                .reaction
                .as_ref()
                .map(|r| format!("\n  Lees de reactie: {}", r.url))
                .unwrap_or_default();
            format!("- {} ({}){link}", e.sentence(), long_date_time(e.at))
        })
        .chain(posts_line.iter().map(|line| format!("- {line}")))
        .collect();
    let text = format!(
        "Beste commissielid,\n\nNieuws over de inspraakronde \"{title}\" van de {committee}:\n\n{lines}\n\n\
         Reageren kan tot {deadline}.\n\nBekijk de inspraakronde: {url}\n{footer}",
        title = c.title,
        committee = c.committee,
        lines = lines.join("\n"),
        deadline = long_date_time(c.deadline_at),
        url = c.url,
        footer = text_footer(Some(unsubscribe_url)),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste commissielid," }
            p { "Nieuws over de inspraakronde " strong { (c.title) } " van de " (c.committee) ":" }
            ul {
                @for e in &events {
                    li {
                        (e.sentence()) " (" (long_date_time(e.at)) ")"
                        @if let Some(r) = &e.reaction { " " a href=(r.url) { "Lees reactie " (r.number) } }
                    }
                }
                @if let Some(line) = &posts_line { li { (line) } }
            }
            p { "Reageren kan tot " (long_date_time(c.deadline_at)) "." }
            p { a href=(c.url) { "Bekijk de inspraakronde" } }
        },
        Some(unsubscribe_url),
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// A post that waits for a moderator, as their alert lists it.
pub struct WaitingPost {
    /// "Wacht op goedkeuring", "Vastgehouden na 3 meldingen", "Gemeld (1 melding)".
    pub why: String,
    pub consultation: String,
    pub excerpt: String,
    pub url: String,
}

/// To a moderator, at most once an hour: what waits for them now.
pub fn moderation_waiting(posts: &[WaitingPost], queue_url: &str) -> MailContent {
    let subject = if posts.len() == 1 {
        "Er wacht 1 bericht op een moderator".to_owned()
    } else {
        format!("Er wachten {} berichten op een moderator", posts.len())
    };
    let list: String = posts
        .iter()
        .map(|p| {
            format!(
                "- {} · {}: \"{}\"\n  {}\n",
                p.why, p.consultation, p.excerpt, p.url
            )
        })
        .collect();
    let text = format!(
        "Beste moderator,\n\nDeze berichten wachten op uw beoordeling:\n\n{list}\n\
         Alles wat wacht: {queue_url}\n\nU krijgt hierover hoogstens één bericht per uur.\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste moderator," }
            p { "Deze berichten wachten op uw beoordeling:" }
            ul {
                @for p in posts {
                    li { a href=(p.url) { (p.why) } " · " (p.consultation) ": “" (p.excerpt) "”" }
                }
            }
            p { a href=(queue_url) { "Bekijk alles wat wacht" } }
            p { "U krijgt hierover hoogstens één bericht per uur." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// What a speaking request asks, for the griffie's mail and the speaker's confirmation.
pub struct SpeakingRequestMail<'a> {
    pub speaker: &'a str,
    pub on_behalf: &'a str,
    /// "Beslispunt 2: Buurthuis De Schakel" or "De notitie als geheel".
    pub about: &'a str,
    pub reaction_number: &'a str,
    pub reaction_title: &'a str,
    pub written_text: &'a str,
}

fn speaking_rows(r: &SpeakingRequestMail<'_>) -> Vec<(&'static str, String)> {
    vec![
        ("Spreker", r.speaker.to_owned()),
        ("Namens", r.on_behalf.to_owned()),
        ("Over", r.about.to_owned()),
        (
            "Bij reactie",
            format!("{} \"{}\"", r.reaction_number, r.reaction_title),
        ),
    ]
}

fn written_part(written_text: &str) -> String {
    if written_text.is_empty() {
        "Er is geen schriftelijke bijdrage meegestuurd.".to_owned()
    } else {
        format!("Schriftelijke bijdrage (de raadsleden krijgen die vooraf):\n{written_text}")
    }
}

/// To the griffie for every inspreekverzoek.
pub fn speaking_requested(
    c: &ConsultationRef<'_>,
    r: &SpeakingRequestMail<'_>,
    speakers_url: &str,
) -> MailContent {
    let subject = format!("Nieuw inspreekverzoek: {}", c.title);
    let meeting = long_date_time(c.meeting_at);
    let rows: String = speaking_rows(r)
        .iter()
        .map(|(label, value)| format!("{label}: {value}\n"))
        .collect();
    let text = format!(
        "Beste griffie,\n\nEr is een verzoek om in te spreken bij de {committee} op {meeting} over \"{title}\".\n\n\
         {rows}\n{written}\n\nBeslis over het verzoek: {speakers_url}\n{footer}",
        committee = c.committee,
        title = c.title,
        written = written_part(r.written_text),
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste griffie," }
            p { "Er is een verzoek om in te spreken bij de " (c.committee) " op " (meeting) " over " strong { (c.title) } "." }
            table {
                @for (label, value) in speaking_rows(r) {
                    tr { th scope="row" { (label) } td { (value) } }
                }
            }
            @if r.written_text.is_empty() {
                p { "Er is geen schriftelijke bijdrage meegestuurd." }
            } @else {
                p { "Schriftelijke bijdrage (de raadsleden krijgen die vooraf):" }
                blockquote { (r.written_text) }
            }
            p { a href=(speakers_url) { "Beslis over het verzoek" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To whoever asked to speak: what they asked, for which meeting, and what comes next.
pub fn speaking_confirmation(c: &ConsultationRef<'_>, r: &SpeakingRequestMail<'_>) -> MailContent {
    let subject = format!(
        "Ontvangen: uw verzoek om in te spreken bij de {}",
        c.committee
    );
    let meeting = long_date_time(c.meeting_at);
    let rows: String = speaking_rows(r)
        .iter()
        .map(|(label, value)| format!("{label}: {value}\n"))
        .collect();
    let text = format!(
        "Beste {speaker},\n\nWe hebben uw verzoek ontvangen om in te spreken bij de {committee} ({council}). \
         De commissie vergadert op {meeting} over \"{title}\".\n\n{rows}\n{written}\n\n\
         De griffie beslist over uw verzoek. U krijgt daarover een bericht, met uw spreektijd.\n\n\
         Bekijk de inspraakronde: {url}\n{footer}",
        speaker = r.speaker,
        committee = c.committee,
        council = c.council,
        title = c.title,
        written = written_part(r.written_text),
        url = c.url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste " (r.speaker) "," }
            p { "We hebben uw verzoek ontvangen om in te spreken bij de " (c.committee) " (" (c.council) "). De commissie vergadert op " (meeting) " over " strong { (c.title) } "." }
            table {
                @for (label, value) in speaking_rows(r) {
                    tr { th scope="row" { (label) } td { (value) } }
                }
            }
            @if r.written_text.is_empty() {
                p { "Er is geen schriftelijke bijdrage meegestuurd." }
            } @else {
                p { "Uw schriftelijke bijdrage (de raadsleden krijgen die vooraf):" }
                blockquote { (r.written_text) }
            }
            p { "De griffie beslist over uw verzoek. U krijgt daarover een bericht, met uw spreektijd." }
            p { a href=(c.url) { "Bekijk de inspraakronde" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To the griffie once per episode of held support: the burst rules held signatures.
pub fn support_held(c: &ConsultationRef<'_>, review_url: &str) -> MailContent {
    let subject = format!("Steun vastgehouden: {}", c.title);
    let text = format!(
        "Beste griffie,\n\nBij de inspraakronde \"{title}\" komen veel steunbetuigingen tegelijk binnen van één netwerk \
         of één maildomein. Inspraak houdt die vast: ze tellen pas mee als u ze goedkeurt.\n\n\
         Beoordeel de vastgehouden steun: {review_url}\n\n\
         U krijgt pas weer zo'n bericht als er na uw beoordeling opnieuw steun wordt vastgehouden.\n{footer}",
        title = c.title,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste griffie," }
            p { "Bij de inspraakronde " strong { (c.title) } " komen veel steunbetuigingen tegelijk binnen van één netwerk of één maildomein. Inspraak houdt die vast: ze tellen pas mee als u ze goedkeurt." }
            p { a href=(review_url) { "Beoordeel de vastgehouden steun" } }
            p { "U krijgt pas weer zo'n bericht als er na uw beoordeling opnieuw steun wordt vastgehouden." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To the secretary of an organisation when someone accepts an invitation.
pub fn invitation_accepted(
    secretary: &str,
    member: &str,
    organisation: &str,
    role: &str,
    members_url: &str,
) -> MailContent {
    let subject = format!("{member} is lid van {organisation}");
    let text = format!(
        "Beste {secretary},\n\n{member} heeft de uitnodiging aangenomen en is nu {role} van {organisation} op Inspraak.\n\n\
         Bekijk de leden: {members_url}\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste " (secretary) "," }
            p { (member) " heeft de uitnodiging aangenomen en is nu " (role) " van " strong { (organisation) } " op Inspraak." }
            p { a href=(members_url) { "Bekijk de leden" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To someone invited to join an organisation on Inspraak.
pub fn organisation_invitation(
    organisation: &str,
    invited_by: &str,
    role: &str,
    url: &str,
    expires_at: chrono::NaiveDateTime,
) -> MailContent {
    let subject = format!("Uitnodiging: word lid van {organisation} op Inspraak");
    let expires = long_date_time(expires_at);
    let text = format!(
        "Beste lezer,\n\n{invited_by} nodigt u uit om als {role} mee te schrijven aan reacties van {organisation} op Inspraak.\n\n\
         Neem de uitnodiging aan via deze link (u logt in of maakt een account met dit e-mailadres):\n{url}\n\n\
         De link werkt tot {expires}. Kent u deze organisatie niet? Dan kunt u dit bericht negeren.\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste lezer," }
            p { (invited_by) " nodigt u uit om als " (role) " mee te schrijven aan reacties van " strong { (organisation) } " op Inspraak." }
            p { a href=(url) { "Neem de uitnodiging aan" } }
            p { "U logt in of maakt een account met dit e-mailadres. De link werkt tot " (expires) "." }
            p { "Kent u deze organisatie niet? Dan kunt u dit bericht negeren." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// What a receipt says about one submission.
pub struct ReceiptRef<'a> {
    pub number: &'a str,
    pub title: &'a str,
    pub consultation: &'a str,
    /// "Bewonersplatform De Horst (namens het bestuur: Anna Jansen)" or the resident's name.
    pub submitted_for: &'a str,
    pub submitted_at: chrono::NaiveDateTime,
    pub hash: &'a str,
    pub receipt_url: &'a str,
    pub verify_url: &'a str,
}

/// The ontvangstbevestiging, to every member of the organisation or to the resident.
pub fn receipt(r: &ReceiptRef<'_>) -> MailContent {
    let subject = format!("Ontvangstbevestiging {}: {}", r.number, r.title);
    let at = long_date_time(r.submitted_at);
    let text = format!(
        "Uw reactie is ontvangen.\n\nNummer: {number}\nInspraakronde: {consultation}\nTitel: {title}\n\
         Ingediend door: {by}\nOntvangen op: {at}\nControlegetal (SHA-256): {hash}\n\n\
         Met het controlegetal kan iedereen nagaan dat de commissie precies deze reactie krijgt.\n\
         Ontvangstbevestiging: {receipt}\nControleren: {verify}\n{footer}",
        number = r.number,
        consultation = r.consultation,
        title = r.title,
        by = r.submitted_for,
        hash = r.hash,
        receipt = r.receipt_url,
        verify = r.verify_url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Uw reactie is ontvangen." }
            table {
                tr { th scope="row" { "Nummer" } td { (r.number) } }
                tr { th scope="row" { "Inspraakronde" } td { (r.consultation) } }
                tr { th scope="row" { "Titel" } td { (r.title) } }
                tr { th scope="row" { "Ingediend door" } td { (r.submitted_for) } }
                tr { th scope="row" { "Ontvangen op" } td { (at) } }
                tr { th scope="row" { "Controlegetal (SHA-256)" } td { code { (r.hash) } } }
            }
            p { "Met het controlegetal kan iedereen nagaan dat de commissie precies deze reactie krijgt." }
            p { a href=(r.receipt_url) { "Bekijk de ontvangstbevestiging" } " · " a href=(r.verify_url) { "Controleer de reactie" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To the committee's griffie address for every submission.
pub fn reaction_submitted(r: &ReceiptRef<'_>, reaction_url: &str) -> MailContent {
    let subject = format!("Nieuwe reactie {} op {}", r.number, r.consultation);
    let text = format!(
        "Er is een reactie ingediend.\n\nNummer: {number}\nTitel: {title}\nVan: {by}\nOntvangen op: {at}\n\
         Controlegetal (SHA-256): {hash}\n\nLees de reactie: {reaction_url}\n{footer}",
        number = r.number,
        title = r.title,
        by = r.submitted_for,
        at = long_date_time(r.submitted_at),
        hash = r.hash,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Er is een reactie ingediend op " strong { (r.consultation) } "." }
            ul {
                li { "Nummer: " (r.number) }
                li { "Titel: " (r.title) }
                li { "Van: " (r.submitted_for) }
                li { "Ontvangen op: " (long_date_time(r.submitted_at)) }
            }
            p { a href=(reaction_url) { "Lees de reactie" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To the griffie when a reaction is withdrawn.
pub fn reaction_withdrawn(
    number: &str,
    title: &str,
    consultation: &str,
    reaction_url: &str,
) -> MailContent {
    let subject = format!("Reactie {number} ingetrokken");
    let text = format!(
        "De reactie {number} (\"{title}\") op {consultation} is ingetrokken door de indiener. \
         Zij blijft zichtbaar als ingetrokken en telt niet meer mee.\n\n{reaction_url}\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "De reactie " strong { (number) } " (“" (title) "”) op " (consultation) " is ingetrokken door de indiener." }
            p { "Zij blijft zichtbaar als ingetrokken en telt niet meer mee." }
            p { a href=(reaction_url) { "Bekijk de reactie" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// What the griffie decided about speaking at the meeting, or a change of speaking time.
pub enum SpeakingNews<'a> {
    Accepted { minutes: i32, changed: bool },
    Declined { reason: &'a str },
}

/// To whoever asked to speak: the decision, and the speaking time when accepted.
pub fn speaking_decision(
    c: &ConsultationRef<'_>,
    speaker: &str,
    news: &SpeakingNews<'_>,
) -> MailContent {
    let meeting = long_date_time(c.meeting_at);
    let (subject, lines): (String, Vec<String>) = match news {
        SpeakingNews::Accepted {
            minutes,
            changed: false,
        } => (
            format!("U mag inspreken bij de {}", c.committee),
            vec![
                format!("Beste {speaker},"),
                format!(
                    "De griffie heeft uw verzoek om in te spreken over \"{}\" geaccepteerd.",
                    c.title
                ),
                format!(
                    "De commissie vergadert op {meeting}. U krijgt {} spreektijd.",
                    plural(*minutes, "minuut", "minuten")
                ),
                "Kom op tijd en meld u bij de griffie in de zaal.".to_owned(),
            ],
        ),
        SpeakingNews::Accepted {
            minutes,
            changed: true,
        } => (
            format!("Uw spreektijd bij de {} is gewijzigd", c.committee),
            vec![
                format!("Beste {speaker},"),
                format!(
                    "Er hebben zich meer mensen aangemeld om in te spreken over \"{}\". De spreektijd wordt eerlijk verdeeld.",
                    c.title
                ),
                format!(
                    "U krijgt nu {} spreektijd. De commissie vergadert op {meeting}.",
                    plural(*minutes, "minuut", "minuten")
                ),
            ],
        ),
        SpeakingNews::Declined { reason } => (
            format!("Uw verzoek om in te spreken bij de {}", c.committee),
            vec![
                format!("Beste {speaker},"),
                format!(
                    "De griffie heeft uw verzoek om in te spreken over \"{}\" afgewezen.",
                    c.title
                ),
                format!("De reden: {reason}"),
                "Uw schriftelijke reactie blijft gewoon meetellen.".to_owned(),
            ],
        ),
    };
    let text = format!(
        "{}\n\nBekijk de inspraakronde: {}\n{}",
        lines.join("\n\n"),
        c.url,
        text_footer(None)
    );
    let html = document(
        &subject,
        html! {
            @for line in &lines { p { (line) } }
            p { a href=(c.url) { "Bekijk de inspraakronde" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// What the confirmation mail for a co-signature links to.
pub struct SignatureMail<'a> {
    pub what: &'a str,
    pub consultation: &'a str,
    pub confirm_url: &'a str,
    pub code: &'a str,
    pub code_url: &'a str,
    pub withdraw_url: &'a str,
}

/// To a resident who signed: confirm with the link (a button on the page) or the code.
/// Known when the mail is queued, so the griffie's mail page can show it before sending.
pub const SIGNATURE_CONFIRMATION_SUBJECT: &str = "Bevestig uw steun";

pub fn signature_confirmation(m: &SignatureMail<'_>) -> MailContent {
    let subject = SIGNATURE_CONFIRMATION_SUBJECT.to_owned();
    let text = format!(
        "U heeft op Inspraak aangegeven dat u dit steunt:\n\n\"{what}\"\n(inspraakronde: {consultation})\n\n\
         Uw steun telt pas mee als u hem bevestigt. Open deze link en klik op \"Bevestig mijn steun\":\n{confirm}\n\n\
         Klikt u liever niet op links in e-mail? Ga dan naar {code_url} en typ deze code: {code}\n\n\
         De link en de code werken 7 dagen. Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen.\n\n\
         Wilt u uw steun later intrekken? Dat kan via: {withdraw}\n\n\
         Let op: een bevestiging laat zien dat dit e-mailadres bestaat en werkt. Het is geen bewijs van wie u bent.\n{footer}",
        what = m.what,
        consultation = m.consultation,
        confirm = m.confirm_url,
        code_url = m.code_url,
        code = m.code,
        withdraw = m.withdraw_url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "U heeft op Inspraak aangegeven dat u dit steunt:" }
            blockquote { (m.what) }
            p { "Inspraakronde: " (m.consultation) }
            p { "Uw steun telt pas mee als u hem bevestigt." }
            p { a href=(m.confirm_url) { "Bevestig mijn steun" } }
            p { "Klikt u liever niet op links in e-mail? Ga dan naar " (m.code_url) " en typ deze code: " strong { (m.code) } }
            p { "De link en de code werken 7 dagen. Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen." }
            p { "Wilt u uw steun later intrekken? " a href=(m.withdraw_url) { "Steun intrekken" } }
            p { small { "Een bevestiging laat zien dat dit e-mailadres bestaat en werkt. Het is geen bewijs van wie u bent." } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To the author of a post: what a moderator decided, and why.
pub struct ModerationMail<'a> {
    pub thread: &'a str,
    /// "goedgekeurd", "verborgen", "teruggezet".
    pub outcome: &'a str,
    pub rule: Option<&'a str>,
    pub reason: &'a str,
    pub post_url: &'a str,
    pub rules_url: &'a str,
}

pub fn moderation_decision(m: &ModerationMail<'_>) -> MailContent {
    let subject = format!("Uw bericht is {}", m.outcome);
    let rule_line = m
        .rule
        .map(|rule| format!("Huisregel: {rule}\n"))
        .unwrap_or_default();
    let text = format!(
        "Beste schrijver,\n\nEen moderator heeft uw bericht in de discussie \"{thread}\" {outcome}.\n\n\
         {rule_line}Uitleg van de moderator: {reason}\n\nUw bericht: {post}\nDe huisregels: {rules}\n\n\
         Elke beslissing van een moderator staat in het openbare moderatielogboek van de inspraakronde.\n{footer}",
        thread = m.thread,
        outcome = m.outcome,
        reason = m.reason,
        post = m.post_url,
        rules = m.rules_url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste schrijver," }
            p { "Een moderator heeft uw bericht in de discussie " strong { (m.thread) } " " (m.outcome) "." }
            @if let Some(rule) = m.rule { p { "Huisregel: " (rule) } }
            p { "Uitleg van de moderator: " (m.reason) }
            p { a href=(m.post_url) { "Bekijk uw bericht" } " · " a href=(m.rules_url) { "Lees de huisregels" } }
            p { "Elke beslissing van een moderator staat in het openbare moderatielogboek van de inspraakronde." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To a resident without an account who wrote a post: confirm the address first.
pub fn guest_post_confirmation(
    thread: &str,
    confirm_url: &str,
    expires_at: chrono::NaiveDateTime,
) -> MailContent {
    let subject = "Bevestig uw bericht".to_owned();
    let expires = long_date_time(expires_at);
    let text = format!(
        "Beste lezer,\n\nU heeft op Inspraak een bericht geschreven in de discussie \"{thread}\".\n\n\
         Uw bericht verschijnt pas als u het bevestigt. Open deze link en klik op \"Plaats mijn bericht\":\n{confirm_url}\n\n\
         De link werkt tot {expires}. Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen: het bericht verschijnt dan niet.\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste lezer," }
            p { "U heeft op Inspraak een bericht geschreven in de discussie " strong { (thread) } "." }
            p { "Uw bericht verschijnt pas als u het bevestigt." }
            p { a href=(confirm_url) { "Bevestig mijn bericht" } }
            p { "De link werkt tot " (expires) ". Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen: het bericht verschijnt dan niet." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// What the answer mail says about one reaction and its answer.
pub struct AnswerMail<'a> {
    pub consultation: &'a str,
    pub council: &'a str,
    /// The receipt number and title of the reaction answered.
    pub reaction_number: &'a str,
    pub reaction_title: &'a str,
    /// Whether the recipient co-signed it rather than sent it.
    pub co_signer: bool,
    pub conclusion: &'a str,
    pub answer_url: &'a str,
}

/// To every indiener (and co-signers who asked) when the nota van beantwoording appears.
pub fn reaction_answered(m: &AnswerMail<'_>) -> MailContent {
    let subject = format!("Antwoord op reactie {}", m.reaction_number);
    let opening = if m.co_signer {
        format!(
            "U steunde een standpunt uit reactie {} (\"{}\") op {}.",
            m.reaction_number, m.reaction_title, m.consultation
        )
    } else {
        format!(
            "U stuurde reactie {} (\"{}\") op {}.",
            m.reaction_number, m.reaction_title, m.consultation
        )
    };
    let text = format!(
        "Beste lezer,\n\n{opening}\n\n{council} heeft de nota van beantwoording gepubliceerd. \
         Daarin staat wat de gemeente met de reactie doet.\n\nConclusie: {conclusion}\n\n\
         Lees het antwoord: {url}\n\nU krijgt hierover geen andere berichten meer, behalve één bericht als de raad een besluit neemt.\n{footer}",
        council = m.council,
        conclusion = m.conclusion,
        url = m.answer_url,
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste lezer," }
            p { (opening) }
            p { (m.council) " heeft de nota van beantwoording gepubliceerd. Daarin staat wat de gemeente met de reactie doet." }
            p { "Conclusie: " strong { (m.conclusion) } }
            p { a href=(m.answer_url) { "Lees het antwoord" } }
            p { "U krijgt hierover geen andere berichten meer, behalve één bericht als de raad een besluit neemt." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// One line of the outcome mail: "Beslispunt 1. Titel: Aangenomen".
pub struct OutcomeLine<'a> {
    pub number: i32,
    pub title: &'a str,
    pub outcome: &'a str,
    pub decision_url: Option<&'a str>,
}

/// To indieners and co-signers who asked, once, when the clerk records the decision.
pub fn outcome_recorded(
    consultation: &str,
    lines: &[OutcomeLine<'_>],
    consultation_url: &str,
) -> MailContent {
    let subject = format!("Besluit over {consultation}");
    let list: String = lines
        .iter()
        .map(|l| {
            let link = l
                .decision_url
                .map(|url| format!(" ({url})"))
                .unwrap_or_default();
            format!(
                "- Beslispunt {}. {}: {}{link}\n",
                l.number, l.title, l.outcome
            )
        })
        .collect();
    let text = format!(
        "Beste lezer,\n\nU gaf een reactie of steunde een reactie op {consultation}. \
         De raad heeft hierover besloten:\n\n{list}\nMeer over het besluit en de nota van beantwoording: {consultation_url}\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste lezer," }
            p { "U gaf een reactie of steunde een reactie op " strong { (consultation) } ". De raad heeft hierover besloten:" }
            ul {
                @for l in lines {
                    li {
                        "Beslispunt " (l.number) ". " (l.title) ": " strong { (l.outcome) }
                        @if let Some(url) = l.decision_url { " (" a href=(url) { "besluit" } ")" }
                    }
                }
            }
            p { a href=(consultation_url) { "Meer over het besluit en de nota van beantwoording" } }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To a new account: confirm the address, so that co-signing takes one click.
pub fn account_verification(display_name: &str, url: &str) -> MailContent {
    let subject = "Bevestig uw e-mailadres".to_owned();
    let text = format!(
        "Beste {display_name},\n\nU heeft een account gemaakt bij Inspraak. Bevestig uw e-mailadres met deze link. Daarmee logt u ook meteen in:\n{url}\n\
         De link werkt 24 uur en één keer.\n\n\
         Daarna kunt u met één klik een reactie steunen, zonder dat u elke keer een e-mail moet bevestigen.\n\n\
         Heeft u geen account gemaakt? Dan kunt u dit bericht negeren.\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste " (display_name) "," }
            p { "U heeft een account gemaakt bij Inspraak. Bevestig uw e-mailadres. Daarmee logt u ook meteen in:" }
            p { a href=(url) { "Bevestig mijn e-mailadres" } }
            p { "De link werkt 24 uur en één keer." }
            p { "Daarna kunt u met één klik een reactie steunen, zonder dat u elke keer een e-mail moet bevestigen." }
            p { "Heeft u geen account gemaakt? Dan kunt u dit bericht negeren." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To an account's owner when its log-in is being slowed down or guarded: a link that
/// lets their own browser in again.
pub fn login_unlock(display_name: &str, url: &str) -> MailContent {
    let subject = "Was u dit? Er is vaak geprobeerd in te loggen".to_owned();
    let text = format!(
        "Beste {display_name},\n\nEr is een paar keer geprobeerd in te loggen op uw account bij Inspraak, met een verkeerd wachtwoord. \
         Daarom moet u nu even wachten voordat u het opnieuw kunt proberen.\n\n\
         Was u dit zelf? Open dan deze link op het apparaat waarmee u wilt inloggen. Daarna kunt u daar meteen verder:\n{url}\n\
         De link werkt een uur.\n\n\
         Was u dit niet? Dan hoeft u niets te doen: zonder uw wachtwoord komt niemand in uw account. \
         Is uw wachtwoord kort of gebruikt u het ook ergens anders? Kies dan een nieuw wachtwoord op uw accountpagina.\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste " (display_name) "," }
            p { "Er is een paar keer geprobeerd in te loggen op uw account bij Inspraak, met een verkeerd wachtwoord. Daarom moet u nu even wachten voordat u het opnieuw kunt proberen." }
            p { "Was u dit zelf? Open dan deze link op het apparaat waarmee u wilt inloggen. Daarna kunt u daar meteen verder. De link werkt een uur." }
            p { a href=(url) { "Ik was het zelf: laat mij weer inloggen" } }
            p { "Was u dit niet? Dan hoeft u niets te doen: zonder uw wachtwoord komt niemand in uw account. Is uw wachtwoord kort of gebruikt u het ook ergens anders? Kies dan een nieuw wachtwoord op uw accountpagina." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

/// To the owner of an address when someone tries to register a new account with it:
/// the registration page says the same for new and known addresses.
pub fn registration_attempt(display_name: &str, login_url: &str) -> MailContent {
    let subject = "Iemand wilde een account maken met uw e-mailadres".to_owned();
    let text = format!(
        "Beste {display_name},\n\nIemand wilde een nieuw account maken bij Inspraak met uw e-mailadres. \
         U heeft al een account met dit adres, dus er is geen nieuw account gemaakt.\n\n\
         Was u dit zelf? Log dan in met uw bestaande account:\n{login_url}\n\n\
         Was u dit niet? Dan hoeft u niets te doen. Er is niets veranderd aan uw account.\n{footer}",
        footer = text_footer(None),
    );
    let html = document(
        &subject,
        html! {
            p { "Beste " (display_name) "," }
            p { "Iemand wilde een nieuw account maken bij Inspraak met uw e-mailadres. U heeft al een account met dit adres, dus er is geen nieuw account gemaakt." }
            p { "Was u dit zelf? Log dan in met uw bestaande account:" }
            p { a href=(login_url) { "Inloggen" } }
            p { "Was u dit niet? Dan hoeft u niets te doen. Er is niets veranderd aan uw account." }
        },
        None,
    );
    MailContent {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> ConsultationRef<'static> {
        ConsultationRef {
            title: "Ontmoetingsplekken <b>",
            committee: "Commissie Samenleving",
            council: "Gemeente Lindeveld",
            url: "https://inspraak.example/consultaties/1",
            deadline_at: chrono::NaiveDateTime::parse_from_str(
                "2026-12-03 11:00",
                "%Y-%m-%d %H:%M",
            )
            .unwrap(),
            meeting_at: chrono::NaiveDateTime::parse_from_str("2026-12-10 18:30", "%Y-%m-%d %H:%M")
                .unwrap(),
        }
    }

    fn event(
        kind: &str,
        at: chrono::NaiveDateTime,
        reaction: Option<DigestReaction>,
    ) -> DigestEvent {
        DigestEvent {
            kind: kind.to_owned(),
            at,
            reaction,
        }
    }

    #[test]
    fn digest_lines_name_the_reaction_its_sender_and_link_to_it() {
        let at = reference().deadline_at;
        let reaction = DigestReaction {
            number: "2026-ONT-0001".into(),
            title: "Houd <De Schakel> open".into(),
            sender: "een inwoner".into(),
            url: "https://x/reacties/r1".into(),
        };
        let mail = digest(
            &reference(),
            &[event("reaction_submitted", at, Some(reaction))],
            "https://x/afmelden/1/abc",
        );
        assert!(mail.text.contains(
            "Reactie 2026-ONT-0001 ingediend: \"Houd <De Schakel> open\" van een inwoner."
        ));
        assert!(mail.text.contains("Lees de reactie: https://x/reacties/r1"));
        assert!(!mail.text.contains("Er is een reactie ingediend."));
        assert!(mail.html.contains(r#"href="https://x/reacties/r1""#));
        assert!(mail.html.contains("Houd &lt;De Schakel&gt; open"));
    }

    #[test]
    fn moderators_read_what_waits_with_singular_and_plural_right() {
        let post = |why: &str| WaitingPost {
            why: why.into(),
            consultation: "Ontmoetingsplekken".into(),
            excerpt: "Dit is een bericht".into(),
            url: "https://x/moderatie/berichten/p1".into(),
        };
        let one = moderation_waiting(&[post("Gemeld (1 melding)")], "https://x/moderatie");
        assert_eq!(one.subject, "Er wacht 1 bericht op een moderator");
        assert!(one.text.contains("https://x/moderatie/berichten/p1"));
        let two = moderation_waiting(
            &[post("Gemeld (1 melding)"), post("Wacht op goedkeuring")],
            "https://x/moderatie",
        );
        assert_eq!(two.subject, "Er wachten 2 berichten op een moderator");
    }

    #[test]
    fn opened_mail_names_the_round_and_links_to_it_with_escaped_html() {
        let mail = consultation_opened(&reference());
        assert_eq!(
            mail.subject,
            "Inspraakronde geopend: Ontmoetingsplekken <b>"
        );
        assert!(
            mail.text
                .contains("https://inspraak.example/consultaties/1")
        );
        assert!(mail.text.contains("donderdag 3 december 2026 om 12:00 uur"));
        assert!(mail.html.contains("Ontmoetingsplekken &lt;b&gt;"));
    }

    #[test]
    fn digests_list_events_and_offer_unsubscribing() {
        let at = reference().deadline_at;
        let mail = digest(
            &reference(),
            &[event("opened", at, None)],
            "https://x/afmelden/1/abc",
        );
        assert!(mail.text.contains("De inspraakronde is geopend."));
        assert!(mail.text.contains("Meld u af: https://x/afmelden/1/abc"));
        assert!(mail.html.contains(r#"href="https://x/afmelden/1/abc""#));
    }

    #[test]
    fn digests_count_new_posts_in_one_line() {
        let at = reference().deadline_at;
        let mail = digest(
            &reference(),
            &[
                event("reaction_submitted", at, None),
                event(POST_PUBLISHED, at, None),
                event(POST_PUBLISHED, at, None),
            ],
            "https://x/afmelden/1/abc",
        );
        assert!(mail.text.contains("Er is een reactie ingediend."));
        assert!(
            mail.text
                .contains("Er zijn 2 nieuwe berichten in de discussie.")
        );
        assert!(!mail.text.contains("Er is iets veranderd"));
    }

    #[test]
    fn mails_after_the_nota_greet_every_recipient_alike() {
        let answered = reaction_answered(&AnswerMail {
            consultation: "Ontmoetingsplekken",
            council: "Gemeente Lindeveld",
            reaction_number: "LDV-2026-ONT-0001",
            reaction_title: "Houd De Schakel open",
            co_signer: false,
            conclusion: "Leidt tot aanpassing",
            answer_url: "https://x/nota#antwoord-1",
        });
        let outcome = outcome_recorded("Ontmoetingsplekken", &[], "https://x/consultaties/1");
        // Board members of organisations get these too, so no "Beste inwoner".
        for mail in [answered, outcome] {
            assert!(mail.text.starts_with("Beste lezer,"), "{}", mail.text);
            assert!(mail.html.contains("Beste lezer,"));
            assert!(!mail.text.contains("inwoner,"));
        }
    }

    #[test]
    fn one_minute_of_speaking_time_is_singular() {
        let news = SpeakingNews::Accepted {
            minutes: 1,
            changed: false,
        };
        let mail = speaking_decision(&reference(), "Anna", &news);
        assert!(
            mail.text.contains("U krijgt 1 minuut spreektijd."),
            "{}",
            mail.text
        );
        let news = SpeakingNews::Accepted {
            minutes: 4,
            changed: true,
        };
        let mail = speaking_decision(&reference(), "Anna", &news);
        assert!(mail.text.contains("U krijgt nu 4 minuten spreektijd."));
    }
}
