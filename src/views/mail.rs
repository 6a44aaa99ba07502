//! Pages about mail: the admin's outbox and the committee member's unsubscribe page.

use maud::{Markup, html};

use super::form::csrf_field;
use super::{Chrome, breadcrumbs, layout, notice};
use crate::db::outbox::OutboxMail;
use crate::domain::mail::{MAIL_KEPT_DAYS, masked_address};
use crate::domain::time::long_date_time;
use crate::paths;

fn status_label(status: &str) -> &'static str {
    match status {
        "pending" => "In de wachtrij",
        "sent" => "Verstuurd",
        _ => "Mislukt",
    }
}

pub fn outbox(
    chrome: &Chrome,
    status: &str,
    counts: (i64, i64, i64),
    mails: &[OutboxMail],
    message: Option<&str>,
) -> Markup {
    let (pending, sent, failed) = counts;
    layout(
        chrome,
        "Uitgaande mail",
        None,
        html! {
            (breadcrumbs(&[("Home", paths::HOME), ("Beheer", paths::ADMIN), ("Uitgaande mail", "")]))
            h1 { "Uitgaande mail" }
            (notice(message))
            p { "Elke mail staat eerst in de wachtrij. De verzender probeert het opnieuw als het niet lukt, steeds met een langere pauze. Na 8 pogingen, of als de ontvangende server de mail weigert, staat de mail bij Mislukt." }
            nav aria-label="Soort mail" {
                ul class="actions" {
                    @for (value, count) in [("pending", pending), ("sent", sent), ("failed", failed)] {
                        li {
                            @if value == status {
                                span aria-current="page" { strong { (status_label(value)) " (" (count) ")" } }
                            } @else {
                                a href=(paths::admin_mail(value)) { (status_label(value)) " (" (count) ")" }
                            }
                        }
                    }
                }
            }
            h2 { (status_label(status)) }
            @if mails.is_empty() {
                p { "Geen mail." }
            } @else {
                div class="table-wrapper" {
                    table class="data-table data-table--stack" {
                        caption { (status_label(status)) ", nieuwste eerst (hoogstens 200)" }
                        thead {
                            tr {
                                th scope="col" { "Gemaakt" }
                                th scope="col" { "Onderwerp" }
                                th scope="col" { "Aan" }
                                th scope="col" { "Pogingen" }
                                th scope="col" { @if status == "sent" { "Verstuurd" } @else { "Volgende poging of fout" } }
                                @if status == "failed" { th scope="col" { span class="visually-hidden" { "Acties" } } }
                            }
                        }
                        tbody {
                            @for mail in mails {
                                tr {
                                    td data-label="Gemaakt" { (long_date_time(mail.created_at)) }
                                    td data-label="Onderwerp" { (mail.subject) }
                                    td data-label="Aan" {
                                        @if mail.recipient.is_empty() { span class="meta" { "verwijderd na " (MAIL_KEPT_DAYS) " dagen" } }
                                        @else { (masked_address(&mail.recipient)) }
                                    }
                                    td data-label="Pogingen" { (mail.attempts) }
                                    td data-label=(if status == "sent" { "Verstuurd" } else { "Volgende poging of fout" }) {
                                        @if let Some(sent) = mail.sent_at { (long_date_time(sent)) }
                                        @else if status == "pending" { (long_date_time(mail.next_attempt_at)) }
                                        @if let Some(error) = &mail.last_error { br; span class="meta" { (error) } }
                                    }
                                    @if status == "failed" && !mail.recipient.is_empty() {
                                        td {
                                            form class="inline-form" method="post" action=(paths::admin_mail_retry(&mail.id)) {
                                                (csrf_field(&chrome.csrf))
                                                button type="submit" class="button button--secondary" { "Opnieuw proberen" span class="visually-hidden" { ": " (mail.subject) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn unsubscribe(chrome: &Chrome, committee: &str, action: &str, done: bool) -> Markup {
    layout(
        chrome,
        "Afmelden",
        None,
        html! {
            h1 { "Afmelden" }
            @if done {
                div class="notice" role="status" {
                    p { "U bent afgemeld. U krijgt geen berichten meer over inspraakronden van de " (committee) "." }
                }
                p { "Was dit een vergissing? Vraag de griffie om u weer aan te melden." }
            } @else {
                p { "Wilt u geen berichten meer krijgen over inspraakronden van de " (committee) "?" }
                form method="post" action=(action) {
                    (csrf_field(&chrome.csrf))
                    div class="button-row" { button type="submit" class="button" { "Ja, meld mij af" } }
                }
            }
        },
    )
}
