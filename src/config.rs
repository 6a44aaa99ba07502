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
    /// The reverse proxies in front whose `X-Forwarded-For` we believe.
    pub trusted_proxies: crate::domain::proxy::TrustedProxies,
    pub mail: MailSettings,
    /// Where to report a vulnerability (a `mailto:` or `https:` URI), for
    /// `/.well-known/security.txt`; without it that file does not exist.
    pub security_contact: Option<String>,
    /// The bearer token `GET /metrics` asks for; without one the metrics are not served.
    pub metrics_token: Option<String>,
    pub log_format: LogFormat,
    /// The time every request and job reads; moved forward only by tests.
    pub clock: crate::domain::time::Clock,
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
        "INSPRAAK_TRUSTED_PROXIES: {0:?} is not an address or CIDR range (use e.g. 127.0.0.1, 10.0.0.0/8)"
    )]
    TrustedProxies(String),
    #[error(
        "INSPRAAK_TRUST_PROXY is no longer read: list the proxies' addresses in INSPRAAK_TRUSTED_PROXIES (e.g. 127.0.0.1)"
    )]
    TrustProxyReplaced,
    #[error(
        "{0} is not a valid mail address (use \"Name <address@example.nl>\" or address@example.nl)"
    )]
    Mailbox(&'static str),
    #[error("INSPRAAK_LOG_FORMAT must be text or json, got {0:?}")]
    LogFormat(String),
    #[error("INSPRAAK_SECURITY_CONTACT must be a mailto: or https:// address, got {0:?}")]
    SecurityContact(String),
}

/// The host of an http(s) URL: `inspraak.lindeveld.nl` of `https://inspraak.lindeveld.nl:8443/x`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or(rest);
    match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.split(':').next().unwrap_or(authority),
    }
}

impl Config {
    /// `path` on this site, absolute, for what leaves it (a QR code, a PDF).
    pub fn url(&self, path: &str) -> String {
        crate::paths::absolute(&self.base_url, path)
    }

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
        if var("INSPRAAK_TRUST_PROXY").is_some() {
            return Err(ConfigError::TrustProxyReplaced);
        }
        let trusted_proxies = crate::domain::proxy::TrustedProxies::parse(
            &var("INSPRAAK_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(ConfigError::TrustedProxies)?;
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
        let helo_name = var("INSPRAAK_MAIL_HELO").unwrap_or_else(|| host_of(&base_url).to_owned());
        let security_contact = var("INSPRAAK_SECURITY_CONTACT")
            .map(|value| parse_security_contact(&value))
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
            trusted_proxies,
            mail: MailSettings {
                transport,
                from,
                reply_to,
                helo_name,
            },
            security_contact,
            metrics_token,
            log_format,
            clock: crate::domain::time::Clock::default(),
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

/// A contact URI as RFC 9116 wants it: something a reporter can write to, without
/// spaces or line breaks that would break the file's lines.
fn parse_security_contact(value: &str) -> Result<String, ConfigError> {
    let value = value.trim();
    let rest = value
        .strip_prefix("mailto:")
        .or_else(|| value.strip_prefix("https://"));
    match rest {
        Some(rest)
            if !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(value.to_owned())
        }
        _ => Err(ConfigError::SecurityContact(value.to_owned())),
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
    fn trusted_proxies_are_a_list_and_the_old_switch_is_refused() {
        let c = config(
            &[("INSPRAAK_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")],
            true,
        )
        .unwrap();
        assert_eq!(
            c.trusted_proxies,
            crate::domain::proxy::TrustedProxies::parse("127.0.0.1,10.0.0.0/8").unwrap()
        );
        assert_eq!(
            config(&[("INSPRAAK_TRUSTED_PROXIES", "ja")], true).unwrap_err(),
            ConfigError::TrustedProxies("ja".into())
        );
        for value in ["1", "yes"] {
            assert_eq!(
                config(&[("INSPRAAK_TRUST_PROXY", value)], true).unwrap_err(),
                ConfigError::TrustProxyReplaced
            );
        }
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
        assert_eq!(
            c.mail.helo_name, "127.0.0.1",
            "the base URL's host by default"
        );
        assert_eq!(
            host_of("https://inspraak.lindeveld.nl:8443/x"),
            "inspraak.lindeveld.nl"
        );
        assert_eq!(host_of("http://[::1]:8080"), "::1");
        let named = config(&[("INSPRAAK_MAIL_HELO", "mail.lindeveld.nl")], true).unwrap();
        assert_eq!(named.mail.helo_name, "mail.lindeveld.nl");
        assert!(c.mail.reply_to.is_some());
        assert_eq!(
            config(&[("INSPRAAK_MAIL_FROM", "geen adres")], true).unwrap_err(),
            ConfigError::Mailbox("INSPRAAK_MAIL_FROM")
        );
    }

    #[test]
    fn the_security_contact_is_a_mailto_or_https_uri() {
        assert_eq!(config(&[], true).unwrap().security_contact, None);
        for good in [
            "mailto:security@lindeveld.nl",
            "https://lindeveld.nl/melden",
        ] {
            let c = config(&[("INSPRAAK_SECURITY_CONTACT", good)], true).unwrap();
            assert_eq!(c.security_contact.as_deref(), Some(good));
        }
        for bad in [
            "security@lindeveld.nl",
            "http://lindeveld.nl",
            "mailto:",
            "mailto:a b@x.nl",
        ] {
            assert_eq!(
                config(&[("INSPRAAK_SECURITY_CONTACT", bad)], true).unwrap_err(),
                ConfigError::SecurityContact(bad.to_owned()),
                "{bad}"
            );
        }
    }
}
