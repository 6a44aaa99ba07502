//! Councils, their settings and their committees.

use serde::Deserialize;

use super::account::EmailAddress;
use super::validation::{FieldErrors, required_text};

/// A council's own rules, as typed by the deployment admin.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CouncilInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    /// Starts every receipt number of the council's rounds (`LDV-2026-ONT-0001`).
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub logo_text: String,
    #[serde(default)]
    pub speaking_deadline_hours: String,
    #[serde(default)]
    pub minutes_per_speaker: String,
    #[serde(default)]
    pub total_speaking_minutes: String,
    #[serde(default)]
    pub retention_days: String,
    /// "1" when moderators and council members need two-factor authentication too.
    #[serde(default)]
    pub two_factor_for_all_staff: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilSettings {
    pub name: String,
    pub slug: String,
    pub code: String,
    pub logo_text: String,
    pub speaking_deadline_hours: i32,
    pub minutes_per_speaker: i32,
    pub total_speaking_minutes: i32,
    pub retention_days: i32,
    /// Moderators and council members need a second factor too (clerks always do).
    pub two_factor_for_all_staff: bool,
}

impl CouncilInput {
    pub fn parse(&self) -> Result<CouncilSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = required_text(
            &mut errors,
            "name",
            &self.name,
            "de naam van de gemeente",
            100,
        );
        let slug = self.slug.trim().to_lowercase();
        if slug.is_empty()
            || slug.len() > 50
            || !slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.add(
                "slug",
                "Vul een korte naam voor in de link in: kleine letters, cijfers en streepjes, bijvoorbeeld lindeveld.",
            );
        }
        let code = super::receipt::parse_code(&self.code, "de code voor ontvangstnummers")
            .map_err(|message| errors.add("code", message))
            .unwrap_or_default();
        let logo_text = required_text(
            &mut errors,
            "logo_text",
            &self.logo_text,
            "de tekst van het logo",
            60,
        );
        let mut number = |field: &str, value: &str, min: i32, max: i32| -> i32 {
            match value.trim().parse::<i32>() {
                Ok(n) if (min..=max).contains(&n) => n,
                _ => {
                    errors.add(
                        field,
                        format!("Vul een heel getal in van {min} tot en met {max}."),
                    );
                    0
                }
            }
        };
        let speaking_deadline_hours = number(
            "speaking_deadline_hours",
            &self.speaking_deadline_hours,
            0,
            24 * 14,
        );
        let minutes_per_speaker = number("minutes_per_speaker", &self.minutes_per_speaker, 1, 60);
        let total_speaking_minutes = number(
            "total_speaking_minutes",
            &self.total_speaking_minutes,
            1,
            600,
        );
        let retention_days = number("retention_days", &self.retention_days, 30, 3_650);
        errors.into_result(CouncilSettings {
            name,
            slug,
            code,
            logo_text,
            speaking_deadline_hours,
            minutes_per_speaker,
            total_speaking_minutes,
            retention_days,
            two_factor_for_all_staff: self.two_factor_for_all_staff.as_deref() == Some("1"),
        })
    }
}

/// A committee as typed by a clerk.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommitteeInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub clerk_email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeDraft {
    pub name: String,
    pub clerk_email: EmailAddress,
}

impl CommitteeInput {
    pub fn parse(&self) -> Result<CommitteeDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = required_text(
            &mut errors,
            "name",
            &self.name,
            "de naam van de commissie",
            120,
        );
        let email = EmailAddress::parse(&self.clerk_email)
            .map_err(|m| errors.add("clerk_email", m))
            .ok();
        match email {
            Some(clerk_email) => errors.into_result(CommitteeDraft { name, clerk_email }),
            None => Err(errors),
        }
    }
}

/// A committee member who gets its notifications.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommitteeMemberInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeMemberDraft {
    pub name: String,
    pub email: EmailAddress,
}

impl CommitteeMemberInput {
    pub fn parse(&self) -> Result<CommitteeMemberDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = required_text(&mut errors, "member_name", &self.name, "de naam", 120);
        let email = EmailAddress::parse(&self.email)
            .map_err(|m| errors.add("member_email", m))
            .ok();
        match email {
            Some(email) => errors.into_result(CommitteeMemberDraft { name, email }),
            None => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_settings_are_checked_and_normalised() {
        let input = CouncilInput {
            name: "Gemeente Lindeveld".into(),
            slug: " Lindeveld ".into(),
            code: "ldv".into(),
            logo_text: "Lindeveld".into(),
            speaking_deadline_hours: "24".into(),
            minutes_per_speaker: "5".into(),
            total_speaking_minutes: "30".into(),
            retention_days: "365".into(),
            two_factor_for_all_staff: Some("1".into()),
        };
        let settings = input.parse().unwrap();
        assert_eq!(settings.slug, "lindeveld");
        assert_eq!(settings.code, "LDV");
        assert!(settings.two_factor_for_all_staff);
        let unticked = CouncilInput {
            two_factor_for_all_staff: None,
            ..input.clone()
        };
        assert!(!unticked.parse().unwrap().two_factor_for_all_staff);
        let bad = CouncilInput {
            slug: "met spatie".into(),
            code: "L-D".into(),
            minutes_per_speaker: "0".into(),
            retention_days: "veel".into(),
            ..input
        };
        let errors = bad.parse().unwrap_err();
        for field in ["slug", "code", "minutes_per_speaker", "retention_days"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn committees_need_a_name_and_a_valid_clerk_address() {
        let ok = CommitteeInput {
            name: "Commissie Samenleving".into(),
            clerk_email: "Griffie@Lindeveld.example".into(),
        };
        assert_eq!(
            ok.parse().unwrap().clerk_email.as_str(),
            "Griffie@Lindeveld.example",
            "mailed as typed"
        );
        let errors = CommitteeInput::default().parse().unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("clerk_email").is_some());
    }

    #[test]
    fn committee_members_need_name_and_address() {
        let errors = CommitteeMemberInput {
            name: "".into(),
            email: "x".into(),
        }
        .parse()
        .unwrap_err();
        assert!(errors.get("member_name").is_some() && errors.get("member_email").is_some());
    }
}
