//! Outgoing mail: templates, the outbox notifications, and the worker that delivers
//! them through lettre (files in a folder by default, SMTP in production).

mod body;
pub mod notify;
#[cfg(test)]
mod snapshot_tests;
pub mod templates;

use std::path::PathBuf;

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::outbox::OutboxMail;
use crate::domain::mail::DeliveryOutcome;

/// How mail leaves the building.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTransport {
    /// Each mail becomes an `.eml` file in this folder.
    Files(PathBuf),
    /// An SMTP URL as lettre reads it, e.g. `smtps://user:pass@smtp.example.nl` or
    /// `smtp://smtp.example.nl:587?tls=required` for STARTTLS.
    Smtp(String),
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// The name this host gives in SMTP's EHLO (`INSPRAAK_MAIL_HELO`, else the base
    /// URL's host): receiving servers check it against the sending address.
    pub helo_name: String,
}

impl MailSettings {
    /// The domain after the @ of the sender, used in Message-IDs.
    pub fn message_domain(&self) -> String {
        self.from.email.domain().to_owned()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail folder cannot be created: {0}")]
    Folder(#[from] std::io::Error),
    #[error("INSPRAAK_SMTP_URL is not usable: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

enum Transport {
    Files(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Hands outbox rows to the configured transport.
pub struct Mailer {
    transport: Transport,
    settings: MailSettings,
}

impl Mailer {
    pub fn new(settings: MailSettings) -> Result<Self, MailError> {
        let transport = match &settings.transport {
            MailTransport::Files(dir) => {
                std::fs::create_dir_all(dir)?;
                Transport::Files(AsyncFileTransport::new(dir))
            }
            MailTransport::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .hello_name(lettre::transport::smtp::extension::ClientId::Domain(
                        settings.helo_name.clone(),
                    ))
                    .timeout(Some(std::time::Duration::from_secs(30)))
                    .build(),
            ),
        };
        Ok(Self {
            transport,
            settings,
        })
    }

    /// Tries to deliver one mail once; never panics, never logs addresses.
    pub async fn deliver(&self, mail: &OutboxMail) -> DeliveryOutcome {
        let message = match self.message(mail) {
            Ok(message) => message,
            Err(reason) => return DeliveryOutcome::Permanent(reason),
        };
        match &self.transport {
            Transport::Files(files) => match files.send(message).await {
                Ok(_) => DeliveryOutcome::Sent,
                Err(error) => DeliveryOutcome::Transient(error.to_string()),
            },
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => DeliveryOutcome::Sent,
                Err(error) if error.is_permanent() => DeliveryOutcome::Permanent(error.to_string()),
                Err(error) => DeliveryOutcome::Transient(error.to_string()),
            },
        }
    }

    fn message(&self, mail: &OutboxMail) -> Result<Message, String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|_| "het adres van de ontvanger is ongeldig".to_owned())?;
        let mut builder = Message::builder()
            .from(self.settings.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(mail.message_id.clone()))
            .header(AutoSubmitted);
        let (mut text, mut html) = (mail.body_text.clone(), mail.body_html.clone());
        if let Some(reply_to) = &self.settings.reply_to {
            builder = builder.reply_to(reply_to.clone());
            text = text.replace(templates::NO_REPLY, templates::CAN_REPLY);
            html = html.replace(templates::NO_REPLY, templates::CAN_REPLY);
        }
        if let Some(url) = &mail.list_unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| e.to_string())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): out-of-office replies and other
/// automatic answers are not sent back to a machine.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// `List-Unsubscribe` (RFC 2369): where a mail program's "unsubscribe" button goes.
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(value.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post` (RFC 8058): the button may unsubscribe with one POST.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}
