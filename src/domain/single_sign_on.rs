//! Single sign-on for a council's staff through the council's own OpenID Provider: the
//! settings the admin types, and which roles a person's e-mail domain or groups give.

use serde::Deserialize;

use super::account::CouncilRole;
use super::validation::FieldErrors;

/// A council's sign-in settings as typed on the admin's form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SignInInput {
    #[serde(default)]
    pub issuer_url: String,
    #[serde(default)]
    pub client_id: String,
    /// Empty keeps the secret stored before.
    #[serde(default)]
    pub client_secret: String,
    #[serde(default)]
    pub role_rules: String,
}

/// The settings once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInSettings {
    pub issuer_url: String,
    pub client_id: String,
    /// `None`: keep the stored one.
    pub client_secret: Option<String>,
    /// The rules as typed (each line checked), kept as text for the form.
    pub role_rules: String,
}

/// What a rule looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The part of the e-mail address after `@`, exactly (lower case).
    Domain(String),
    /// A value of the token's `groups` claim, exactly.
    Group(String),
}

/// One line of the rules: who gets `role`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRule {
    pub role: CouncilRole,
    pub condition: Condition,
}

/// The role names admins type in the rules.
fn role_named(name: &str) -> Option<CouncilRole> {
    match name.trim().to_lowercase().as_str() {
        "griffie" | "griffiemedewerker" => Some(CouncilRole::Clerk),
        "moderator" => Some(CouncilRole::Moderator),
        "raadslid" => Some(CouncilRole::CouncilMember),
        _ => None,
    }
}

/// The rules, one per line: `griffie: groep griffie` or `raadslid: @raad.lindeveld.nl`.
/// Empty lines and lines starting with `#` are skipped. The error names the line.
pub fn parse_rules(text: &str) -> Result<Vec<RoleRule>, String> {
    let mut rules = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let wrong = || {
            format!(
                "Regel {} klopt niet: schrijf bijvoorbeeld \"griffie: groep griffie\" of \"raadslid: @raad.lindeveld.nl\".",
                number + 1
            )
        };
        let (role, condition) = line.split_once(':').ok_or_else(wrong)?;
        let role = role_named(role).ok_or_else(|| {
            format!(
                "Regel {}: kies als rol griffie, moderator of raadslid.",
                number + 1
            )
        })?;
        let condition = condition.trim();
        let condition = if let Some(domain) = condition.strip_prefix('@') {
            let domain = domain.trim().to_lowercase();
            if domain.is_empty() || !domain.contains('.') || domain.contains(char::is_whitespace) {
                return Err(wrong());
            }
            Condition::Domain(domain)
        } else if let Some(group) = condition
            .strip_prefix("groep ")
            .or_else(|| condition.strip_prefix("group "))
        {
            let group = group.trim();
            if group.is_empty() {
                return Err(wrong());
            }
            Condition::Group(group.to_owned())
        } else {
            return Err(wrong());
        };
        rules.push(RoleRule { role, condition });
    }
    Ok(rules)
}

/// The roles the rules give someone with `email` and `groups`, each once.
pub fn roles_for(rules: &[RoleRule], email: &str, groups: &[String]) -> Vec<CouncilRole> {
    let domain = email
        .rsplit_once('@')
        .map(|(_, domain)| domain.to_lowercase())
        .unwrap_or_default();
    let mut roles = Vec::new();
    for rule in rules {
        let matches = match &rule.condition {
            Condition::Domain(wanted) => *wanted == domain,
            Condition::Group(wanted) => groups.iter().any(|group| group == wanted),
        };
        if matches && !roles.contains(&rule.role) {
            roles.push(rule.role);
        }
    }
    roles
}

/// Whether the provider may live at `url`: HTTPS, or plain HTTP on this machine only (a
/// provider for tests or a local Keycloak), so tokens never cross a network in the clear.
pub fn issuer_allowed(url: &str) -> bool {
    if let Some(rest) = url.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

impl SignInInput {
    /// Checks the form; `has_secret` says whether a secret is stored that an empty field
    /// keeps.
    pub fn parse(&self, has_secret: bool) -> Result<SignInSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let issuer_url = self.issuer_url.trim().trim_end_matches('/').to_owned();
        if !issuer_allowed(&issuer_url) || issuer_url.len() > 500 {
            errors.add(
                "issuer_url",
                "Vul het adres van de identity provider in. Het begint met https://, bijvoorbeeld https://login.microsoftonline.com/…/v2.0.",
            );
        }
        let client_id = self.client_id.trim().to_owned();
        if client_id.is_empty() || client_id.len() > 200 {
            errors.add(
                "client_id",
                "Vul de client-ID in die de gemeente voor Inspraak heeft aangemaakt.",
            );
        }
        let secret = self.client_secret.trim();
        let client_secret = match secret {
            "" if has_secret => None,
            "" => {
                errors.add(
                    "client_secret",
                    "Vul het clientgeheim in dat bij de client-ID hoort.",
                );
                None
            }
            _ if secret.len() > 500 => {
                errors.add("client_secret", "Dit clientgeheim is te lang.");
                None
            }
            _ => Some(secret.to_owned()),
        };
        match parse_rules(&self.role_rules) {
            Ok(rules) if rules.is_empty() => errors.add(
                "role_rules",
                "Vul minstens één regel in, zodat de medewerkers een rol krijgen.",
            ),
            Ok(_) => {}
            Err(message) => errors.add("role_rules", message),
        }
        errors.into_result(SignInSettings {
            issuer_url,
            client_id,
            client_secret,
            role_rules: self.role_rules.trim().to_owned(),
        })
    }
}

/// The name a new account gets: the provider's `name`, else the address before `@`.
pub fn display_name(name: Option<&str>, email: &str) -> String {
    name.map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email))
        .chars()
        .take(100)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_give_roles_by_exact_domain_or_group() {
        let rules = parse_rules(
            "# wie wat mag\ngriffie: groep griffie\nmoderator: group inspraak-moderatie\n\nRaadslid: @Raad.Lindeveld.nl\n",
        )
        .unwrap();
        assert_eq!(rules.len(), 3);
        let groups = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            roles_for(&rules, "g@lindeveld.nl", &groups(&["griffie", "griffie"])),
            vec![CouncilRole::Clerk]
        );
        assert_eq!(
            roles_for(&rules, "R.Lid@RAAD.lindeveld.nl", &[]),
            vec![CouncilRole::CouncilMember]
        );
        assert!(roles_for(&rules, "x@sub.raad.lindeveld.nl", &[]).is_empty());
        assert!(roles_for(&rules, "x@lindeveld.nl", &groups(&["Griffie"])).is_empty());
        assert_eq!(
            roles_for(
                &rules,
                "m@raad.lindeveld.nl",
                &groups(&["inspraak-moderatie"])
            ),
            vec![CouncilRole::Moderator, CouncilRole::CouncilMember]
        );
    }

    #[test]
    fn a_wrong_rule_names_its_line() {
        assert!(
            parse_rules("griffie groep griffie")
                .unwrap_err()
                .contains("Regel 1")
        );
        assert!(
            parse_rules("griffie: groep x\nwethouder: @a.nl")
                .unwrap_err()
                .contains("Regel 2: kies als rol")
        );
        assert!(parse_rules("griffie: @").is_err());
        assert!(parse_rules("griffie: groep ").is_err());
        assert!(parse_rules("griffie: iedereen").is_err());
    }

    #[test]
    fn providers_are_reached_over_https_or_on_this_machine() {
        assert!(issuer_allowed("https://login.example.nl/realms/lindeveld"));
        assert!(issuer_allowed("http://127.0.0.1:8081"));
        assert!(issuer_allowed("http://localhost/realms/x"));
        assert!(!issuer_allowed("http://login.example.nl"));
        assert!(!issuer_allowed("http://127.0.0.1.example.nl"));
        assert!(!issuer_allowed("https://"));
        assert!(!issuer_allowed("ftp://x"));
    }

    #[test]
    fn the_form_keeps_a_stored_secret_and_checks_every_field() {
        let input = SignInInput {
            issuer_url: "https://login.example.nl/ ".into(),
            client_id: " inspraak ".into(),
            client_secret: String::new(),
            role_rules: "griffie: groep griffie".into(),
        };
        let settings = input.parse(true).unwrap();
        assert_eq!(settings.issuer_url, "https://login.example.nl");
        assert_eq!(settings.client_id, "inspraak");
        assert_eq!(settings.client_secret, None);
        let errors = input.parse(false).unwrap_err();
        assert!(errors.get("client_secret").is_some());
        let errors = SignInInput::default().parse(false).unwrap_err();
        for field in ["issuer_url", "client_id", "client_secret", "role_rules"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn new_accounts_are_named_by_the_provider_or_the_address() {
        assert_eq!(display_name(Some(" Greet "), "g@x.nl"), "Greet");
        assert_eq!(display_name(Some(""), "greet@x.nl"), "greet");
        assert_eq!(display_name(None, "greet@x.nl"), "greet");
    }
}
