//! Configuration from environment variables, checked once at start.

use std::path::PathBuf;

use lettre::message::Mailbox;

use crate::db::DatabaseUrl;
use crate::mail::{MailSettings, MailTransport};

pub const MIN_SECRET_KEY_LEN: usize = 32;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    /// Address to listen on, such as `127.0.0.1:8080`.
    pub bind: String,
    /// The public address people use, without a trailing slash; used in links and to
    /// decide whether cookies are marked Secure.
    pub base_url: String,
    /// Key for CSRF tokens and signed links; at least [`MIN_SECRET_KEY_LEN`] bytes.
    pub secret_key: Vec<u8>,
    /// Whether a reverse proxy in front sets `X-Forwarded-For` that we may believe.
    pub trust_proxy: bool,
    pub mail: MailSettings,
    /// The bearer token `GET /metrics` asks for; without one the metrics are not served.
    pub metrics_token: Option<String>,
    pub log_format: LogFormat,
}

/// How log lines are written (`INSPRAAK_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Lines for people, coloured on a terminal.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("DATABASE_URL: {0}")]
    DatabaseUrl(String),
    #[error(
        "INSPRAAK_SECRET_KEY is not set; set it to a random string of at least {MIN_SECRET_KEY_LEN} characters (or use `serve --demo`)"
    )]
    MissingSecretKey,
    #[error("INSPRAAK_SECRET_KEY is too short: use at least {MIN_SECRET_KEY_LEN} characters")]
    ShortSecretKey,
    #[error("INSPRAAK_BASE_URL must start with http:// or https://, got {0:?}")]
    BaseUrl(String),
    #[error(
        "{0} is not a valid mail address (use \"Name <address@example.nl>\" or address@example.nl)"
    )]
    Mailbox(&'static str),
    #[error("INSPRAAK_LOG_FORMAT must be text or json, got {0:?}")]
    LogFormat(String),
}

impl Config {
    /// Reads the configuration through `var` (the process environment in production).
    /// In demo mode a missing secret key is replaced by a random one.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        demo: bool,
    ) -> Result<Self, ConfigError> {
        let database_url = DatabaseUrl::parse(
            &var("DATABASE_URL").unwrap_or_else(|| "sqlite://inspraak.db".to_owned()),
        )
        .map_err(ConfigError::DatabaseUrl)?;
        let bind = var("INSPRAAK_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let base_url = var("INSPRAAK_BASE_URL")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::BaseUrl(base_url));
        }
        let secret_key = match var("INSPRAAK_SECRET_KEY") {
            Some(key) if key.len() >= MIN_SECRET_KEY_LEN => key.into_bytes(),
            Some(_) => return Err(ConfigError::ShortSecretKey),
            None if demo => crate::domain::security::random_token().into_bytes(),
            None => return Err(ConfigError::MissingSecretKey),
        };
        let trust_proxy = var("INSPRAAK_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true");
        let transport = match var("INSPRAAK_SMTP_URL") {
            Some(url) => MailTransport::Smtp(url),
            None => MailTransport::Files(PathBuf::from(
                var("INSPRAAK_MAIL_DIR").unwrap_or_else(|| "mail-out".to_owned()),
            )),
        };
        let from = var("INSPRAAK_MAIL_FROM")
            .unwrap_or_else(|| "Inspraak <inspraak@localhost>".to_owned())
            .parse::<Mailbox>()
            .map_err(|_| ConfigError::Mailbox("INSPRAAK_MAIL_FROM"))?;
        let reply_to = var("INSPRAAK_MAIL_REPLY_TO")
            .map(|value| {
                value
                    .parse::<Mailbox>()
                    .map_err(|_| ConfigError::Mailbox("INSPRAAK_MAIL_REPLY_TO"))
            })
            .transpose()?;
        let metrics_token = var("INSPRAAK_METRICS_TOKEN");
        let log_format = match var("INSPRAAK_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(ConfigError::LogFormat(other.to_owned())),
        };
        Ok(Self {
            database_url,
            bind,
            base_url,
            secret_key,
            trust_proxy,
            mail: MailSettings {
                transport,
                from,
                reply_to,
            },
            metrics_token,
            log_format,
        })
    }

    pub fn from_env(demo: bool) -> Result<Self, ConfigError> {
        Self::from_vars(
            |name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            demo,
        )
    }

    /// Cookies get the Secure flag when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// What mail templates and notifications need.
    pub fn mail_context(&self) -> crate::mail::notify::MailContext {
        crate::mail::notify::MailContext {
            base_url: self.base_url.clone(),
            secret_key: self.secret_key.clone(),
            message_domain: self.mail.message_domain(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)], demo: bool) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|name| vars.get(name).cloned(), demo)
    }

    #[test]
    fn defaults_apply_in_demo_mode() {
        let c = config(&[], true).unwrap();
        assert_eq!(c.database_url, DatabaseUrl::Sqlite("inspraak.db".into()));
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert!(c.secret_key.len() >= MIN_SECRET_KEY_LEN);
        assert!(!c.secure_cookies());
        assert_eq!(
            c.mail.transport,
            MailTransport::Files(PathBuf::from("mail-out"))
        );
        assert_eq!(c.mail.message_domain(), "localhost");
        assert_eq!(c.metrics_token, None);
        assert_eq!(c.log_format, LogFormat::Text);
    }

    #[test]
    fn log_format_is_text_or_json_and_nothing_else() {
        let json = config(&[("INSPRAAK_LOG_FORMAT", "json")], true).unwrap();
        assert_eq!(json.log_format, LogFormat::Json);
        assert_eq!(
            config(&[("INSPRAAK_LOG_FORMAT", "JSON ")], true).unwrap_err(),
            ConfigError::LogFormat("JSON ".into())
        );
    }

    #[test]
    fn the_secret_key_is_required_and_long_outside_demo_mode() {
        assert_eq!(
            config(&[], false).unwrap_err(),
            ConfigError::MissingSecretKey
        );
        assert_eq!(
            config(&[("INSPRAAK_SECRET_KEY", "kort")], false).unwrap_err(),
            ConfigError::ShortSecretKey
        );
        let key = "k".repeat(MIN_SECRET_KEY_LEN);
        assert!(config(&[("INSPRAAK_SECRET_KEY", &key)], false).is_ok());
    }

    #[test]
    fn postgres_urls_select_postgres_and_https_makes_cookies_secure() {
        let key = "k".repeat(MIN_SECRET_KEY_LEN);
        let c = config(
            &[
                ("INSPRAAK_SECRET_KEY", &key),
                ("DATABASE_URL", "postgres://inspraak@localhost/inspraak"),
                ("INSPRAAK_BASE_URL", "https://inspraak.example.nl/"),
            ],
            false,
        )
        .unwrap();
        assert!(!c.database_url.is_sqlite());
        assert_eq!(c.base_url, "https://inspraak.example.nl");
        assert!(c.secure_cookies());
        assert!(matches!(
            config(&[("DATABASE_URL", "mysql://x")], true),
            Err(ConfigError::DatabaseUrl(_))
        ));
    }

    #[test]
    fn mail_settings_come_from_the_environment() {
        let c = config(
            &[
                ("INSPRAAK_SMTP_URL", "smtps://user:pw@smtp.example.nl"),
                (
                    "INSPRAAK_MAIL_FROM",
                    "Griffie Lindeveld <inspraak@lindeveld.nl>",
                ),
                ("INSPRAAK_MAIL_REPLY_TO", "griffie@lindeveld.nl"),
            ],
            true,
        )
        .unwrap();
        assert_eq!(
            c.mail.transport,
            MailTransport::Smtp("smtps://user:pw@smtp.example.nl".into())
        );
        assert_eq!(c.mail.message_domain(), "lindeveld.nl");
        assert!(c.mail.reply_to.is_some());
        assert_eq!(
            config(&[("INSPRAAK_MAIL_FROM", "geen adres")], true).unwrap_err(),
            ConfigError::Mailbox("INSPRAAK_MAIL_FROM")
        );
    }
}
