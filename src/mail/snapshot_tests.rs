//! One snapshot per kind of mail (subject, text and HTML) from fixed inputs, stored in
//! `snapshots/`: a change of wording fails here until the new snapshot is accepted, so
//! it is seen in review.

use chrono::NaiveDateTime;

use super::templates::*;
use crate::domain::consultation::EventKind;

fn at(moment: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(moment, "%Y-%m-%d %H:%M").unwrap()
}

/// The consultation every fixture is about; the `&` shows the HTML escaping.
fn round() -> ConsultationRef<'static> {
    ConsultationRef {
        title: "Ontmoetingsplekken & buurthuizen",
        committee: "Commissie Samenleving",
        council: "Gemeente Lindeveld",
        url: "https://inspraak.example/consultaties/1",
        deadline_at: at("2026-12-03 11:00"),
        meeting_at: at("2026-12-10 18:30"),
    }
}

/// The mail as one text: one HTML block element a line, so a diff shows the sentence.
fn shown(mail: &MailContent) -> String {
    let mut html = mail.html.clone();
    for tag in [
        "<p>",
        "<ul>",
        "<li>",
        "<table>",
        "<tr>",
        "<blockquote>",
        "<hr>",
    ] {
        html = html.replace(tag, &format!("\n{tag}"));
    }
    format!(
        "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}\n",
        mail.subject, mail.text, html
    )
}

fn speaking_request(written_text: &'static str) -> SpeakingRequestMail<'static> {
    SpeakingRequestMail {
        speaker: "Anna Jansen",
        on_behalf: "Bewonersplatform De Horst",
        about: "Beslispunt 2: Buurthuis De Schakel",
        reaction_number: "LDV-2026-ONT-0001",
        reaction_title: "Houd De Schakel open",
        written_text,
    }
}

fn receipt_ref() -> ReceiptRef<'static> {
    ReceiptRef {
        number: "LDV-2026-ONT-0001",
        title: "Houd De Schakel open",
        consultation: "Ontmoetingsplekken & buurthuizen",
        submitted_for: "Bewonersplatform De Horst (namens het bestuur: Anna Jansen)",
        submitted_at: at("2026-11-20 09:15"),
        hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        receipt_url: "https://inspraak.example/reacties/r1/ontvangstbevestiging",
        verify_url: "https://inspraak.example/controleren?nummer=LDV-2026-ONT-0001",
    }
}

#[test]
fn consultation_opened_mail() {
    insta::assert_snapshot!(shown(&consultation_opened(&round())));
}

#[test]
fn consultation_closed_mail_to_the_griffie() {
    let counts = ClosingCounts {
        decision_points: 3,
        reactions: 12,
    };
    insta::assert_snapshot!(shown(&consultation_closed(&round(), counts, None)));
}

#[test]
fn consultation_closed_mail_to_a_member() {
    let counts = ClosingCounts {
        decision_points: 3,
        reactions: 12,
    };
    let mail = consultation_closed(
        &round(),
        counts,
        Some("https://inspraak.example/afmelden/1/abc"),
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn deadline_shortened_mail() {
    let mail = deadline_shortened(
        &round(),
        at("2026-12-17 11:00"),
        "Houd De Schakel open",
        "https://inspraak.example/reacties/r1/bewerken",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn digest_mail() {
    let event = |kind: EventKind, moment: &str, reaction: Option<DigestReaction>| DigestEvent {
        kind,
        at: at(moment),
        reaction,
    };
    let reaction = DigestReaction {
        number: "LDV-2026-ONT-0002".into(),
        title: "Koffieochtend op dinsdag".into(),
        sender: "een inwoner".into(),
        url: "https://inspraak.example/reacties/r2".into(),
    };
    let events = [
        event(EventKind::Opened, "2026-11-01 08:00", None),
        event(
            EventKind::ReactionSubmitted,
            "2026-11-02 10:00",
            Some(reaction),
        ),
        event(EventKind::ReactionWithdrawn, "2026-11-02 11:00", None),
        event(EventKind::PostPublished, "2026-11-02 12:00", None),
        event(EventKind::PostPublished, "2026-11-02 13:00", None),
    ];
    let mail = digest(&round(), &events, "https://inspraak.example/afmelden/1/abc");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn moderation_waiting_mail() {
    let posts = [
        WaitingPost {
            why: "Gemeld (1 melding)".into(),
            consultation: "Ontmoetingsplekken & buurthuizen".into(),
            excerpt: "Het buurthuis is van ons allemaal".into(),
            url: "https://inspraak.example/moderatie/berichten/p1".into(),
        },
        WaitingPost {
            why: "Wacht op goedkeuring".into(),
            consultation: "Ontmoetingsplekken & buurthuizen".into(),
            excerpt: "Wanneer gaat de koffie weer open?".into(),
            url: "https://inspraak.example/moderatie/berichten/p2".into(),
        },
    ];
    let mail = moderation_waiting(&posts, "https://inspraak.example/moderatie");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn speaking_requested_mail() {
    let mail = speaking_requested(
        &round(),
        &speaking_request("Voorzitter, De Schakel is het hart van de wijk."),
        "https://inspraak.example/beheer/consultaties/1/insprekers",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn speaking_requested_mail_without_written_text() {
    let mail = speaking_requested(
        &round(),
        &speaking_request(""),
        "https://inspraak.example/beheer/consultaties/1/insprekers",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn speaking_confirmation_mail() {
    let mail = speaking_confirmation(
        &round(),
        &speaking_request("Voorzitter, De Schakel is het hart van de wijk."),
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn speaking_confirmation_mail_without_written_text() {
    insta::assert_snapshot!(shown(&speaking_confirmation(
        &round(),
        &speaking_request("")
    )));
}

#[test]
fn speaking_accepted_mail() {
    let news = SpeakingNews::Accepted {
        minutes: 5,
        changed: false,
    };
    insta::assert_snapshot!(shown(&speaking_decision(&round(), "Anna Jansen", &news)));
}

#[test]
fn speaking_time_changed_mail() {
    let news = SpeakingNews::Accepted {
        minutes: 3,
        changed: true,
    };
    insta::assert_snapshot!(shown(&speaking_decision(&round(), "Anna Jansen", &news)));
}

#[test]
fn speaking_declined_mail() {
    let news = SpeakingNews::Declined {
        reason: "De agenda is vol.",
    };
    insta::assert_snapshot!(shown(&speaking_decision(&round(), "Anna Jansen", &news)));
}

#[test]
fn support_held_mail() {
    let mail = support_held(
        &round(),
        "https://inspraak.example/beheer/consultaties/1/steun",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn invitation_accepted_mail() {
    let mail = invitation_accepted(
        "Anna Jansen",
        "Kees de Vries",
        "Bewonersplatform De Horst",
        "bestuurslid",
        "https://inspraak.example/organisaties/de-horst/leden",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn organisation_invitation_mail() {
    let mail = organisation_invitation(
        "Bewonersplatform De Horst",
        "Anna Jansen",
        "bestuurslid",
        "https://inspraak.example/uitnodigingen/abc",
        at("2026-11-27 09:00"),
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn receipt_mail() {
    insta::assert_snapshot!(shown(&receipt(&receipt_ref())));
}

#[test]
fn reaction_submitted_mail() {
    let mail = reaction_submitted(&receipt_ref(), "https://inspraak.example/reacties/r1");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn reaction_withdrawn_mail() {
    let mail = reaction_withdrawn(
        "LDV-2026-ONT-0001",
        "Houd De Schakel open",
        "Ontmoetingsplekken & buurthuizen",
        "https://inspraak.example/reacties/r1",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn signature_confirmation_mail() {
    let mail = signature_confirmation(&SignatureMail {
        what: "Houd De Schakel open",
        consultation: "Ontmoetingsplekken & buurthuizen",
        confirm_url: "https://inspraak.example/steun/bevestigen/abc",
        code: "K7P-4QX",
        code_url: "https://inspraak.example/steun/code",
        withdraw_url: "https://inspraak.example/steun/intrekken/def",
    });
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn moderation_decision_mail() {
    let mail = moderation_decision(&ModerationMail {
        thread: "Wat doen we met De Schakel?",
        outcome: "verborgen",
        rule: Some("2. Wees beleefd"),
        reason: "Scheldt een wethouder uit.",
        post_url: "https://inspraak.example/berichten/p1",
        rules_url: "https://inspraak.example/huisregels",
    });
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn moderation_decision_mail_without_rule() {
    let mail = moderation_decision(&ModerationMail {
        thread: "Wat doen we met De Schakel?",
        outcome: "teruggezet",
        rule: None,
        reason: "Na bezwaar opnieuw bekeken.",
        post_url: "https://inspraak.example/berichten/p1",
        rules_url: "https://inspraak.example/huisregels",
    });
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn guest_post_confirmation_mail() {
    let mail = guest_post_confirmation(
        "Wat doen we met De Schakel?",
        "https://inspraak.example/berichten/bevestigen/abc",
        at("2026-11-21 09:00"),
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn reaction_answered_mail() {
    let answer = |co_signer| AnswerMail {
        consultation: "Ontmoetingsplekken & buurthuizen",
        council: "Gemeente Lindeveld",
        reaction_number: "LDV-2026-ONT-0001",
        reaction_title: "Houd De Schakel open",
        co_signer,
        conclusion: "Leidt tot aanpassing",
        answer_url: "https://inspraak.example/consultaties/1/nota#antwoord-1",
    };
    insta::assert_snapshot!(shown(&reaction_answered(&answer(false))));
    insta::assert_snapshot!(
        "reaction_answered_mail_to_a_co_signer",
        shown(&reaction_answered(&answer(true)))
    );
}

#[test]
fn outcome_recorded_mail() {
    let lines = [
        OutcomeLine {
            number: 1,
            title: "Buurthuis De Schakel",
            outcome: "Geamendeerd",
            decision_url: Some("https://lindeveld.example/raad/besluit-12"),
        },
        OutcomeLine {
            number: 2,
            title: "Koffieochtenden",
            outcome: "Aangenomen",
            decision_url: None,
        },
    ];
    let mail = outcome_recorded(
        "Ontmoetingsplekken & buurthuizen",
        &lines,
        "https://inspraak.example/consultaties/1",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn account_verification_mail() {
    let mail = account_verification(
        "Anna Jansen",
        "https://inspraak.example/account/bevestigen/abc",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn login_unlock_mail() {
    let mail = login_unlock(
        "Anna Jansen",
        "https://inspraak.example/account/ontgrendelen/abc",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn registration_attempt_mail() {
    let mail = registration_attempt("Anna Jansen", "https://inspraak.example/inloggen");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn password_reset_mail() {
    let mail = password_reset(
        "Anna Jansen",
        "https://inspraak.example/account/nieuw-wachtwoord/abc",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn password_changed_mail() {
    let mail = password_changed(
        "Anna Jansen",
        "https://inspraak.example/account/wachtwoord-vergeten",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn email_change_link_mail() {
    let mail = email_change_link(
        "Anna Jansen",
        "anna.nieuw@example.nl",
        "https://inspraak.example/account/e-mailadres/bevestigen/abc",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn email_in_use_mail() {
    let mail = email_in_use("Anna Jansen", "https://inspraak.example/account/inloggen");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn email_changed_mail() {
    let mail = email_changed(
        "Anna Jansen",
        "anna.nieuw@example.nl",
        "https://inspraak.example/account/e-mailadres/terugzetten/abc",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn email_restored_mail() {
    let mail = email_restored(
        "Anna Jansen",
        "https://inspraak.example/account/nieuw-wachtwoord/abc",
    );
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn account_deleted_mail() {
    let mail = account_deleted("Anna Jansen");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn two_factor_on_mail() {
    let mail = two_factor_changed("Anna Jansen", true, "https://inspraak.example/account");
    insta::assert_snapshot!(shown(&mail));
}

#[test]
fn two_factor_off_mail() {
    let mail = two_factor_changed("Anna Jansen", false, "https://inspraak.example/account");
    insta::assert_snapshot!(shown(&mail));
}
