//! The words of every mail, in Dutch, written once as a [`MailBody`]: the renderer in
//! [`super::body`] makes the plain text and the HTML (maud escapes all values) of it and
//! adds the footer, so the two bodies say the same.

use super::body::{MailBody, code, link, name, quoted, strong, text};
use crate::domain::consultation::EventKind;
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

const VIEW_CONSULTATION: &str = "Bekijk de inspraakronde";

/// To the committee's griffie address when a consultation opens.
pub fn consultation_opened(c: &ConsultationRef<'_>) -> MailContent {
    MailBody::new()
        .says("Beste griffie,")
        .paragraph([
            text("De inspraakronde "),
            name(c.title),
            text(format!(
                " van de {} ({}) is geopend.",
                c.committee, c.council
            )),
        ])
        .list([
            vec![text(format!(
                "Reageren kan tot {}.",
                long_date_time(c.deadline_at)
            ))],
            vec![text(format!(
                "De commissie vergadert op {}.",
                long_date_time(c.meeting_at)
            ))],
        ])
        .links([(VIEW_CONSULTATION, c.url)])
        .render(format!("Inspraakronde geopend: {}", c.title))
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
    MailBody::new()
        .paragraph([
            text("De inspraakronde "),
            name(c.title),
            text(format!(
                " van de {} is gesloten op {}.",
                c.committee,
                long_date_time(c.deadline_at)
            )),
        ])
        .facts([
            (
                "Beslispunten",
                vec![text(counts.decision_points.to_string())],
            ),
            ("Reacties", vec![text(counts.reactions.to_string())]),
        ])
        .says(format!(
            "De commissie vergadert op {}.",
            long_date_time(c.meeting_at)
        ))
        .links([(VIEW_CONSULTATION, c.url)])
        .unsubscribe(unsubscribe_url)
        .render(format!("Inspraakronde gesloten: {}", c.title))
}

/// To everyone writing a draft when the griffie moves an open round's deadline forward.
pub fn deadline_shortened(
    c: &ConsultationRef<'_>,
    previous: chrono::NaiveDateTime,
    draft_title: &str,
    edit_url: &str,
) -> MailContent {
    let deadline = long_date_time(c.deadline_at);
    MailBody::new()
        .says("Beste schrijver,")
        .paragraph([
            text("De griffie heeft de sluitingsdatum van de inspraakronde "),
            name(c.title),
            text(" vervroegd."),
        ])
        .paragraph([
            text("Reageren kan nu tot "),
            strong(&deadline),
            text(format!(" (eerst: tot {}).", long_date_time(previous))),
        ])
        .paragraph([
            text("U schrijft aan de reactie "),
            quoted(draft_title),
            text(format!(
                ". Die is nog niet ingediend. Dien de reactie in vóór {deadline}, anders telt die niet mee."
            )),
        ])
        .links([("Verder schrijven", edit_url), ("De inspraakronde", c.url)])
        .render(format!("Eerder sluiten: {}", c.title))
}

/// The sentence for an event that is not about one reaction (or was recorded before
/// events named theirs).
pub fn event_sentence(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Opened => "De inspraakronde is geopend.",
        EventKind::Updated => "De griffie heeft de gegevens van de inspraakronde gewijzigd.",
        EventKind::ReactionSubmitted => "Er is een reactie ingediend.",
        EventKind::ReactionWithdrawn => "Er is een reactie ingetrokken.",
        EventKind::Closed | EventKind::PostPublished => "Er is iets veranderd in de inspraakronde.",
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
    pub kind: EventKind,
    pub at: chrono::NaiveDateTime,
    pub reaction: Option<DigestReaction>,
}

impl DigestEvent {
    /// "Reactie 2026-ONT-0001 ingediend: "Titel" van De Horst." where the reaction is
    /// known, the general sentence otherwise.
    fn sentence(&self) -> String {
        let verb = match self.kind {
            EventKind::ReactionSubmitted => "ingediend",
            EventKind::ReactionWithdrawn => "ingetrokken",
            _ => return event_sentence(self.kind).to_owned(),
        };
        match &self.reaction {
            Some(r) => format!(
                "Reactie {} {verb}: \"{}\" van {}.",
                r.number, r.title, r.sender
            ),
            None => event_sentence(self.kind).to_owned(),
        }
    }
}

/// To a committee member: what happened since the last digest (at most one a day).
pub fn digest(
    c: &ConsultationRef<'_>,
    events: &[DigestEvent],
    unsubscribe_url: &str,
) -> MailContent {
    // Posts are counted, not listed: a lively discussion would bury the other news.
    let new_posts = events
        .iter()
        .filter(|e| e.kind == EventKind::PostPublished)
        .count();
    let posts_line = match new_posts {
        0 => None,
        1 => Some("Er is 1 nieuw bericht in de discussie.".to_owned()),
        n => Some(format!("Er zijn {n} nieuwe berichten in de discussie.")),
    };
    let lines = events
        .iter()
        .filter(|e| e.kind != EventKind::PostPublished)
        .map(|e| {
            let mut line = vec![text(format!("{} ({})", e.sentence(), long_date_time(e.at)))];
            if let Some(r) = &e.reaction {
                line.extend([text(" "), link("Lees de reactie", &r.url)]);
            }
            line
        })
        .chain(posts_line.map(|line| vec![text(line)]));
    MailBody::new()
        .says("Beste commissielid,")
        .paragraph([
            text("Nieuws over de inspraakronde "),
            name(c.title),
            text(format!(" van de {}:", c.committee)),
        ])
        .list(lines)
        .says(format!(
            "Reageren kan tot {}.",
            long_date_time(c.deadline_at)
        ))
        .links([(VIEW_CONSULTATION, c.url)])
        .unsubscribe(Some(unsubscribe_url))
        .render(format!("Nieuws over de inspraakronde: {}", c.title))
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
    MailBody::new()
        .says("Beste moderator,")
        .says("Deze berichten wachten op uw beoordeling:")
        .list(posts.iter().map(|p| {
            vec![
                text(format!("{}: ", p.consultation)),
                quoted(&p.excerpt),
                text(" · "),
                link(&p.why, &p.url),
            ]
        }))
        .links([("Bekijk alles wat wacht", queue_url)])
        .says("U krijgt hierover hoogstens één bericht per uur.")
        .render(subject)
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

/// What was asked and the written contribution, introduced by `written_intro`.
fn with_speaking_request(
    body: MailBody,
    r: &SpeakingRequestMail<'_>,
    written_intro: &str,
) -> MailBody {
    let body = body.facts([
        ("Spreker", vec![text(r.speaker)]),
        ("Namens", vec![text(r.on_behalf)]),
        ("Over", vec![text(r.about)]),
        (
            "Bij reactie",
            vec![
                text(format!("{} ", r.reaction_number)),
                quoted(r.reaction_title),
            ],
        ),
    ]);
    if r.written_text.is_empty() {
        body.says("Er is geen schriftelijke bijdrage meegestuurd.")
    } else {
        body.says(format!(
            "{written_intro} (de raadsleden krijgen die vooraf):"
        ))
        .quote(r.written_text)
    }
}

/// To the griffie for every inspreekverzoek.
pub fn speaking_requested(
    c: &ConsultationRef<'_>,
    r: &SpeakingRequestMail<'_>,
    speakers_url: &str,
) -> MailContent {
    let body = MailBody::new().says("Beste griffie,").paragraph([
        text(format!(
            "Er is een verzoek om in te spreken bij de {} op {} over ",
            c.committee,
            long_date_time(c.meeting_at)
        )),
        name(c.title),
        text("."),
    ]);
    with_speaking_request(body, r, "Schriftelijke bijdrage")
        .links([("Beslis over het verzoek", speakers_url)])
        .render(format!("Nieuw inspreekverzoek: {}", c.title))
}

/// To whoever asked to speak: what they asked, for which meeting, and what comes next.
pub fn speaking_confirmation(c: &ConsultationRef<'_>, r: &SpeakingRequestMail<'_>) -> MailContent {
    let body = MailBody::new()
        .says(format!("Beste {},", r.speaker))
        .paragraph([
            text(format!(
                "We hebben uw verzoek ontvangen om in te spreken bij de {} ({}). De commissie vergadert op {} over ",
                c.committee,
                c.council,
                long_date_time(c.meeting_at)
            )),
            name(c.title),
            text("."),
        ]);
    with_speaking_request(body, r, "Uw schriftelijke bijdrage")
        .says(
            "De griffie beslist over uw verzoek. U krijgt daarover een bericht, met uw spreektijd.",
        )
        .links([(VIEW_CONSULTATION, c.url)])
        .render(format!(
            "Ontvangen: uw verzoek om in te spreken bij de {}",
            c.committee
        ))
}

/// To the griffie once per episode of held support: the burst rules held signatures.
pub fn support_held(c: &ConsultationRef<'_>, review_url: &str) -> MailContent {
    MailBody::new()
        .says("Beste griffie,")
        .paragraph([
            text("Bij de inspraakronde "),
            name(c.title),
            text(" komen veel steunbetuigingen tegelijk binnen van één netwerk of één maildomein. Inspraak houdt die vast: ze tellen pas mee als u ze goedkeurt."),
        ])
        .links([("Beoordeel de vastgehouden steun", review_url)])
        .says("U krijgt pas weer zo'n bericht als er na uw beoordeling opnieuw steun wordt vastgehouden.")
        .render(format!("Steun vastgehouden: {}", c.title))
}

/// To the secretary of an organisation when someone accepts an invitation.
pub fn invitation_accepted(
    secretary: &str,
    member: &str,
    organisation: &str,
    role: &str,
    members_url: &str,
) -> MailContent {
    MailBody::new()
        .says(format!("Beste {secretary},"))
        .paragraph([
            text(format!(
                "{member} heeft de uitnodiging aangenomen en is nu {role} van "
            )),
            strong(organisation),
            text(" op Inspraak."),
        ])
        .links([("Bekijk de leden", members_url)])
        .render(format!("{member} is lid van {organisation}"))
}

/// To someone invited to join an organisation on Inspraak.
pub fn organisation_invitation(
    organisation: &str,
    invited_by: &str,
    role: &str,
    url: &str,
    expires_at: chrono::NaiveDateTime,
) -> MailContent {
    MailBody::new()
        .says("Beste lezer,")
        .paragraph([
            text(format!(
                "{invited_by} nodigt u uit om als {role} mee te schrijven aan reacties van "
            )),
            strong(organisation),
            text(" op Inspraak."),
        ])
        .says("Neem de uitnodiging aan via deze link (u logt in of maakt een account met dit e-mailadres):")
        .button("Neem de uitnodiging aan", url)
        .says(format!(
            "De link werkt tot {}. Kent u deze organisatie niet? Dan kunt u dit bericht negeren.",
            long_date_time(expires_at)
        ))
        .render(format!(
            "Uitnodiging: word lid van {organisation} op Inspraak"
        ))
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
    MailBody::new()
        .says("Uw reactie is ontvangen.")
        .facts([
            ("Nummer", vec![text(r.number)]),
            ("Inspraakronde", vec![text(r.consultation)]),
            ("Titel", vec![text(r.title)]),
            ("Ingediend door", vec![text(r.submitted_for)]),
            ("Ontvangen op", vec![text(long_date_time(r.submitted_at))]),
            ("Controlegetal (SHA-256)", vec![code(r.hash)]),
        ])
        .says("Met het controlegetal kan iedereen nagaan dat de commissie precies deze reactie krijgt.")
        .links([
            ("Bekijk de ontvangstbevestiging", r.receipt_url),
            ("Controleer de reactie", r.verify_url),
        ])
        .render(format!("Ontvangstbevestiging {}: {}", r.number, r.title))
}

/// To the committee's griffie address for every submission.
pub fn reaction_submitted(r: &ReceiptRef<'_>, reaction_url: &str) -> MailContent {
    MailBody::new()
        .paragraph([
            text("Er is een reactie ingediend op "),
            name(r.consultation),
            text("."),
        ])
        .facts([
            ("Nummer", vec![text(r.number)]),
            ("Titel", vec![text(r.title)]),
            ("Van", vec![text(r.submitted_for)]),
            ("Ontvangen op", vec![text(long_date_time(r.submitted_at))]),
            ("Controlegetal (SHA-256)", vec![code(r.hash)]),
        ])
        .links([("Lees de reactie", reaction_url)])
        .render(format!("Nieuwe reactie {} op {}", r.number, r.consultation))
}

/// To the griffie when a reaction is withdrawn.
pub fn reaction_withdrawn(
    number: &str,
    title: &str,
    consultation: &str,
    reaction_url: &str,
) -> MailContent {
    MailBody::new()
        .paragraph([
            text("De reactie "),
            strong(number),
            text(" ("),
            quoted(title),
            text(format!(
                ") op {consultation} is ingetrokken door de indiener."
            )),
        ])
        .says("Zij blijft zichtbaar als ingetrokken en telt niet meer mee.")
        .links([("Bekijk de reactie", reaction_url)])
        .render(format!("Reactie {number} ingetrokken"))
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
    let body = MailBody::new().says(format!("Beste {speaker},"));
    let (subject, body) = match news {
        SpeakingNews::Accepted {
            minutes,
            changed: false,
        } => (
            format!("U mag inspreken bij de {}", c.committee),
            body.paragraph([
                text("De griffie heeft uw verzoek om in te spreken over "),
                name(c.title),
                text(" geaccepteerd."),
            ])
            .says(format!(
                "De commissie vergadert op {meeting}. U krijgt {} spreektijd.",
                plural(*minutes, "minuut", "minuten")
            ))
            .says("Kom op tijd en meld u bij de griffie in de zaal."),
        ),
        SpeakingNews::Accepted {
            minutes,
            changed: true,
        } => (
            format!("Uw spreektijd bij de {} is gewijzigd", c.committee),
            body.paragraph([
                text("Er hebben zich meer mensen aangemeld om in te spreken over "),
                name(c.title),
                text(". De spreektijd wordt eerlijk verdeeld."),
            ])
            .says(format!(
                "U krijgt nu {} spreektijd. De commissie vergadert op {meeting}.",
                plural(*minutes, "minuut", "minuten")
            )),
        ),
        SpeakingNews::Declined { reason } => (
            format!("Uw verzoek om in te spreken bij de {}", c.committee),
            body.paragraph([
                text("De griffie heeft uw verzoek om in te spreken over "),
                name(c.title),
                text(" afgewezen."),
            ])
            .says(format!("De reden: {reason}"))
            .says("Uw schriftelijke reactie blijft gewoon meetellen."),
        ),
    };
    body.links([(VIEW_CONSULTATION, c.url)]).render(subject)
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
    MailBody::new()
        .says("U heeft op Inspraak aangegeven dat u dit steunt:")
        .quote(m.what)
        .says(format!("Inspraakronde: {}", m.consultation))
        .paragraph([
            text("Uw steun telt pas mee als u hem bevestigt. Open deze link en klik op "),
            quoted("Bevestig mijn steun"),
            text(":"),
        ])
        .button("Bevestig mijn steun", m.confirm_url)
        .paragraph([
            text(format!(
                "Klikt u liever niet op links in e-mail? Ga dan naar {} en typ deze code: ",
                m.code_url
            )),
            strong(m.code),
        ])
        .says("De link en de code werken 7 dagen. Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen.")
        .paragraph([
            text("Wilt u uw steun later intrekken? "),
            link("Steun intrekken", m.withdraw_url),
        ])
        .says("Let op: een bevestiging laat zien dat dit e-mailadres bestaat en werkt. Het is geen bewijs van wie u bent.")
        .render(SIGNATURE_CONFIRMATION_SUBJECT.to_owned())
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
    let mut body = MailBody::new().says("Beste schrijver,").paragraph([
        text("Een moderator heeft uw bericht in de discussie "),
        name(m.thread),
        text(format!(" {}.", m.outcome)),
    ]);
    if let Some(rule) = m.rule {
        body = body.says(format!("Huisregel: {rule}"));
    }
    body.says(format!("Uitleg van de moderator: {}", m.reason))
        .links([
            ("Bekijk uw bericht", m.post_url),
            ("Lees de huisregels", m.rules_url),
        ])
        .says("Elke beslissing van een moderator staat in het openbare moderatielogboek van de inspraakronde.")
        .render(format!("Uw bericht is {}", m.outcome))
}

/// To a resident without an account who wrote a post: confirm the address first.
pub fn guest_post_confirmation(
    thread: &str,
    confirm_url: &str,
    expires_at: chrono::NaiveDateTime,
) -> MailContent {
    MailBody::new()
        .says("Beste lezer,")
        .paragraph([
            text("U heeft op Inspraak een bericht geschreven in de discussie "),
            name(thread),
            text("."),
        ])
        .paragraph([
            text("Uw bericht verschijnt pas als u het bevestigt. Open deze link en klik op "),
            quoted("Plaats mijn bericht"),
            text(":"),
        ])
        .button("Bevestig mijn bericht", confirm_url)
        .says(format!(
            "De link werkt tot {}. Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen: het bericht verschijnt dan niet.",
            long_date_time(expires_at)
        ))
        .render("Bevestig uw bericht".to_owned())
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
    let opening = if m.co_signer {
        "U steunde een standpunt uit reactie"
    } else {
        "U stuurde reactie"
    };
    MailBody::new()
        .says("Beste lezer,")
        .paragraph([
            text(format!("{opening} {} (", m.reaction_number)),
            quoted(m.reaction_title),
            text(format!(") op {}.", m.consultation)),
        ])
        .says(format!(
            "{} heeft de nota van beantwoording gepubliceerd. Daarin staat wat de gemeente met de reactie doet.",
            m.council
        ))
        .paragraph([text("Conclusie: "), strong(m.conclusion)])
        .links([("Lees het antwoord", m.answer_url)])
        .says("U krijgt hierover geen andere berichten meer, behalve één bericht als de raad een besluit neemt.")
        .render(format!("Antwoord op reactie {}", m.reaction_number))
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
    let lines = lines.iter().map(|l| {
        let mut line = vec![
            text(format!("Beslispunt {}. {}: ", l.number, l.title)),
            strong(l.outcome),
        ];
        if let Some(url) = l.decision_url {
            line.extend([text(" ("), link("besluit", url), text(")")]);
        }
        line
    });
    MailBody::new()
        .says("Beste lezer,")
        .paragraph([
            text("U gaf een reactie of steunde een reactie op "),
            name(consultation),
            text(". De raad heeft hierover besloten:"),
        ])
        .list(lines)
        .links([(
            "Meer over het besluit en de nota van beantwoording",
            consultation_url,
        )])
        .render(format!("Besluit over {consultation}"))
}

/// To a new account: confirm the address, so that co-signing takes one click.
pub fn account_verification(display_name: &str, url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("U heeft een account gemaakt bij Inspraak. Bevestig uw e-mailadres met deze link. Daarmee logt u ook meteen in:")
        .button("Bevestig mijn e-mailadres", url)
        .says("De link werkt 24 uur en één keer.")
        .says("Daarna kunt u met één klik een reactie steunen, zonder dat u elke keer een e-mail moet bevestigen.")
        .says("Heeft u geen account gemaakt? Dan kunt u dit bericht negeren.")
        .render("Bevestig uw e-mailadres".to_owned())
}

/// To an account's owner when its log-in is being slowed down or guarded: a link that
/// lets their own browser in again.
pub fn login_unlock(display_name: &str, url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("Er is een paar keer geprobeerd in te loggen op uw account bij Inspraak, met een verkeerd wachtwoord. Daarom moet u nu even wachten voordat u het opnieuw kunt proberen.")
        .says("Was u dit zelf? Open dan deze link op het apparaat waarmee u wilt inloggen. Daarna kunt u daar meteen verder:")
        .button("Ik was het zelf: laat mij weer inloggen", url)
        .says("De link werkt een uur.")
        .says("Was u dit niet? Dan hoeft u niets te doen: zonder uw wachtwoord komt niemand in uw account. Is uw wachtwoord kort of gebruikt u het ook ergens anders? Kies dan een nieuw wachtwoord op uw accountpagina.")
        .render("Was u dit? Er is vaak geprobeerd in te loggen".to_owned())
}

/// To the owner of an address when someone tries to register a new account with it:
/// the registration page says the same for new and known addresses.
pub fn registration_attempt(display_name: &str, login_url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("Iemand wilde een nieuw account maken bij Inspraak met uw e-mailadres. U heeft al een account met dit adres, dus er is geen nieuw account gemaakt.")
        .says("Was u dit zelf? Log dan in met uw bestaande account:")
        .button("Inloggen", login_url)
        .says("Was u dit niet? Dan hoeft u niets te doen. Er is niets veranderd aan uw account.")
        .render("Iemand wilde een account maken met uw e-mailadres".to_owned())
}

/// The "wachtwoord vergeten" mail: a link to choose a new password.
pub fn password_reset(display_name: &str, url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("U vroeg om een nieuw wachtwoord voor uw account bij Inspraak. Via deze link kiest u een nieuw wachtwoord:")
        .button("Kies een nieuw wachtwoord", url)
        .says("De link werkt een uur en maar één keer.")
        .says("Vroeg u dit niet? Dan hoeft u niets te doen. Uw wachtwoord blijft zoals het was.")
        .render("Kies een nieuw wachtwoord".to_owned())
}

/// After every change of the password, so that its owner hears of one they did not make.
pub fn password_changed(display_name: &str, forgot_url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("Het wachtwoord van uw account bij Inspraak is zojuist gewijzigd. Op andere apparaten bent u uitgelogd.")
        .says("Deed u dit zelf? Dan hoeft u niets te doen.")
        .says("Deed u dit niet? Kies dan meteen een nieuw wachtwoord via deze link. Daarmee wordt iedereen die nu is ingelogd weer uitgelogd:")
        .button("Kies een nieuw wachtwoord", forgot_url)
        .render("Uw wachtwoord is gewijzigd".to_owned())
}

/// To a new address: the link that makes it the account's address.
pub fn email_change_link(display_name: &str, new_email: &str, url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says(format!(
            "U wilt voortaan {new_email} gebruiken voor uw account bij Inspraak. Via deze link bevestigt u dat dit adres van u is:"
        ))
        .button("Bevestig uw nieuwe e-mailadres", url)
        .says("De link werkt 24 uur. Tot u de link opent, blijft uw oude adres in gebruik.")
        .says("Vroeg u dit niet? Dan hoeft u niets te doen. Er verandert niets.")
        .render("Bevestig uw nieuwe e-mailadres".to_owned())
}

/// To the owner of an address someone asked for as the new address of another account:
/// no link (the address stays theirs), and the answer on the page was the same.
pub fn email_in_use(display_name: &str, login_url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("Iemand wilde dit e-mailadres gebruiken voor een ander account bij Inspraak. Dat kan niet: het adres hoort bij uw account. Er is niets veranderd.")
        .says("Wilde u zelf twee accounts samenvoegen? Log dan in met dit adres en gebruik dit account.")
        .button("Inloggen", login_url)
        .render("Uw e-mailadres is niet gewijzigd".to_owned())
}

/// To the old address after a change, with a link that puts it back if the change was
/// not the owner's.
pub fn email_changed(display_name: &str, new_email: &str, revert_url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says(format!(
            "Het e-mailadres van uw account bij Inspraak is gewijzigd in {new_email}. Mail van Inspraak gaat voortaan naar dat adres, en u logt ermee in."
        ))
        .says("Deed u dit zelf? Dan hoeft u niets te doen.")
        .says("Deed u dit niet? Zet dan uw oude adres terug. Iedereen die nu is ingelogd, wordt uitgelogd, en u kiest een nieuw wachtwoord:")
        .button("Zet mijn oude e-mailadres terug", revert_url)
        .says("Deze link werkt 7 dagen.")
        .render("Uw e-mailadres is gewijzigd".to_owned())
}

/// After the old address was put back: a link to choose a new password, since whoever
/// changed the address may know the old one.
pub fn email_restored(display_name: &str, reset_url: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("Uw oude e-mailadres is teruggezet. Op alle apparaten bent u uitgelogd.")
        .says("Kies nu een nieuw wachtwoord. Wie uw adres wijzigde, kende misschien uw wachtwoord:")
        .button("Kies een nieuw wachtwoord", reset_url)
        .says("De link werkt een uur en maar één keer. Is hij verlopen? Vraag dan een nieuwe aan via \"Wachtwoord vergeten\" op de pagina om in te loggen.")
        .render("Uw oude e-mailadres is terug".to_owned())
}

/// The last mail to a deleted account's address: what happened, and what stays.
pub fn account_deleted(display_name: &str) -> MailContent {
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says("Uw account bij Inspraak is verwijderd. Uw naam, e-mailadres en wachtwoord zijn weg. U bent op alle apparaten uitgelogd.")
        .says("Reacties die u als inwoner indiende, blijven bij de gemeente bewaard zoals u ze indiende, maar nu met een nummer (\"Indiener 12\") in plaats van uw naam. Uw steunbetuigingen blijven meetellen, zonder uw e-mailadres.")
        .says("Deed u dit niet zelf? Neem dan contact op met de griffie van uw gemeente.")
        .render("Uw account is verwijderd".to_owned())
}

/// After two-factor authentication was turned on or off, so that its owner hears of a
/// change they did not make.
pub fn two_factor_changed(display_name: &str, on: bool, account_url: &str) -> MailContent {
    let (what, subject) = if on {
        (
            "aangezet. Na uw wachtwoord vragen wij voortaan ook een code uit uw app.",
            "Tweestapsverificatie staat aan",
        )
    } else {
        (
            "uitgezet. U logt voortaan alleen met uw wachtwoord in.",
            "Tweestapsverificatie staat uit",
        )
    };
    MailBody::new()
        .says(format!("Beste {display_name},"))
        .says(format!("Voor uw account bij Inspraak is tweestapsverificatie zojuist {what}"))
        .says("Deed u dit niet? Kies dan meteen een nieuw wachtwoord en kijk op uw account waar u bent ingelogd:")
        .button("Naar mijn account", account_url)
        .render(subject.to_owned())
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
        kind: EventKind,
        at: chrono::NaiveDateTime,
        reaction: Option<DigestReaction>,
    ) -> DigestEvent {
        DigestEvent { kind, at, reaction }
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
            &[event(EventKind::ReactionSubmitted, at, Some(reaction))],
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
            &[event(EventKind::Opened, at, None)],
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
                event(EventKind::ReactionSubmitted, at, None),
                event(EventKind::PostPublished, at, None),
                event(EventKind::PostPublished, at, None),
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
