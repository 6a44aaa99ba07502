//! Organisations (wijkorganisaties, bewonersplatforms, stichtingen ...) and their members.

use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::account::EmailAddress;
use super::id::UserId;
use super::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationKind {
    Wijkorganisatie,
    Bewonersplatform,
    Stichting,
    Vereniging,
    Other,
}

impl OrganisationKind {
    pub const ALL: [Self; 5] = [
        Self::Wijkorganisatie,
        Self::Bewonersplatform,
        Self::Stichting,
        Self::Vereniging,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wijkorganisatie => "wijkorganisatie",
            Self::Bewonersplatform => "bewonersplatform",
            Self::Stichting => "stichting",
            Self::Vereniging => "vereniging",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Wijkorganisatie => "Wijkorganisatie",
            Self::Bewonersplatform => "Bewonersplatform",
            Self::Stichting => "Stichting",
            Self::Vereniging => "Vereniging",
            Self::Other => "Andere organisatie",
        }
    }
}

/// What a member may do in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRole {
    /// Runs the membership; also a board member. Exactly one per organisation.
    Secretary,
    /// May submit and withdraw reactions "namens het bestuur".
    Board,
    /// May write drafts.
    Editor,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Secretary => "secretary",
            Self::Board => "board",
            Self::Editor => "editor",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Secretary, Self::Board, Self::Editor]
            .into_iter()
            .find(|role| role.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Secretary => "Secretaris",
            Self::Board => "Bestuurslid",
            Self::Editor => "Schrijver",
        }
    }

    /// Board members (the secretary included) submit and withdraw for the organisation.
    pub fn speaks_for_board(self) -> bool {
        matches!(self, Self::Secretary | Self::Board)
    }

    /// Only the secretary invites, removes and hands over.
    pub fn manages_members(self) -> bool {
        self == Self::Secretary
    }

    /// Roles given by invitation or by changing a role; the secretary's role only
    /// moves by handing it over, so there is always exactly one.
    pub fn assignable(self) -> bool {
        matches!(self, Self::Board | Self::Editor)
    }
}

/// Why the secretary's change to the members (or a member's leaving) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipProblem {
    /// The secretary's own role was to be changed directly.
    SecretaryRole,
    /// The secretary tried to remove themself.
    RemovingSelf,
    /// The chosen new secretary left meanwhile.
    NoLongerMember,
    /// The secretary tried to leave.
    SecretaryLeaving,
}

impl MembershipProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::SecretaryRole => {
                "De rol van de secretaris verandert u door de rol van secretaris over te dragen."
            }
            Self::RemovingSelf => {
                "U kunt uzelf niet verwijderen. Draag eerst de rol van secretaris over aan een ander lid."
            }
            Self::NoLongerMember => {
                "Dit lid is niet meer lid van de organisatie. Kies een ander lid."
            }
            Self::SecretaryLeaving => {
                "Als secretaris kunt u de organisatie niet verlaten. Draag eerst de rol van secretaris over aan een ander lid."
            }
        }
    }
}

/// A member's role changes directly unless they are the secretary.
pub fn check_role_change(current: MemberRole) -> Result<(), MembershipProblem> {
    match current {
        MemberRole::Secretary => Err(MembershipProblem::SecretaryRole),
        _ => Ok(()),
    }
}

/// The secretary removes others, never themself: the organisation would have none.
pub fn check_removal(secretary_id: &UserId, member_id: &UserId) -> Result<(), MembershipProblem> {
    if secretary_id == member_id {
        Err(MembershipProblem::RemovingSelf)
    } else {
        Ok(())
    }
}

/// Any member but the secretary may leave.
pub fn check_leaving(role: MemberRole) -> Result<(), MembershipProblem> {
    match role {
        MemberRole::Secretary => Err(MembershipProblem::SecretaryLeaving),
        _ => Ok(()),
    }
}

/// What accepting an invitation does for someone who is a member already (a second
/// click, say): nothing is added and no role changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlreadyMember {
    /// Their own invitation, not used yet: it is marked used.
    MarkUsed,
    /// Their own invitation, which they accepted before.
    Accepted,
    /// An invitation for another address: left as it is.
    Member,
}

pub fn already_member(
    invited: &str,
    accepted_at: Option<NaiveDateTime>,
    user_email: &str,
) -> AlreadyMember {
    match (
        super::account::same_address(invited, user_email),
        accepted_at,
    ) {
        (true, None) => AlreadyMember::MarkUsed,
        (true, Some(_)) => AlreadyMember::Accepted,
        (false, _) => AlreadyMember::Member,
    }
}

/// How long an invitation link works.
pub fn invitation_lifetime() -> Duration {
    Duration::days(14)
}

/// Why an invitation link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvitationProblem {
    #[error("the invitation was used already")]
    Used,
    #[error("the invitation has expired")]
    Expired,
    #[error("the invitation is for another address")]
    OtherAddress,
}

impl InvitationProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Used => "Deze uitnodiging is al gebruikt.",
            Self::Expired => "Deze uitnodiging is verlopen. Vraag de secretaris om een nieuwe.",
            Self::OtherAddress => {
                "Deze uitnodiging is voor een ander e-mailadres. Log in met het account van dat adres, of vraag de secretaris om een uitnodiging voor uw adres."
            }
        }
    }
}

/// Checks an invitation for the signed-in user's address at `now`.
pub fn check_invitation(
    invited: &str,
    accepted_at: Option<NaiveDateTime>,
    expires_at: NaiveDateTime,
    user_email: &str,
    now: NaiveDateTime,
) -> Result<(), InvitationProblem> {
    if accepted_at.is_some() {
        Err(InvitationProblem::Used)
    } else if now >= expires_at {
        Err(InvitationProblem::Expired)
    } else if !super::account::same_address(invited, user_email) {
        Err(InvitationProblem::OtherAddress)
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrganisationInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationDraft {
    pub name: String,
    pub kind: OrganisationKind,
    pub district: String,
    pub website: Option<String>,
    pub description: String,
}

impl OrganisationInput {
    pub fn parse(&self) -> Result<OrganisationDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = required_text(
            &mut errors,
            "name",
            &self.name,
            "de naam van de organisatie",
            120,
        );
        let kind = OrganisationKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "Kies wat voor organisatie het is.");
        }
        let district = required_text(
            &mut errors,
            "district",
            &self.district,
            "de wijk of buurt",
            80,
        );
        let website = optional_text(
            &mut errors,
            "website",
            &self.website,
            "het adres van de website",
            200,
        );
        if let Some(url) = &website
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace))
        {
            errors.add(
                "website",
                "Vul een volledig webadres in dat begint met https://, of laat het veld leeg.",
            );
        }
        let description = required_text(
            &mut errors,
            "description",
            &self.description,
            "een korte beschrijving",
            1_000,
        );
        match kind {
            Some(kind) => errors.into_result(OrganisationDraft {
                name,
                kind,
                district,
                website,
                description,
            }),
            None => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct InvitationInput {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
}

impl InvitationInput {
    pub fn parse(&self) -> Result<(EmailAddress, MemberRole), FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = EmailAddress::parse(&self.email)
            .map_err(|m| errors.add("invite_email", m))
            .ok();
        let role = match MemberRole::parse(&self.role).filter(|role| role.assignable()) {
            Some(role) => Some(role),
            None => {
                errors.add(
                    "invite_role",
                    "Kies of het lid bestuurslid of schrijver wordt.",
                );
                None
            }
        };
        match (email, role) {
            (Some(email), Some(role)) => errors.into_result((email, role)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn organisations_need_name_kind_district_and_description() {
        let errors = OrganisationInput::default().parse().unwrap_err();
        for field in ["name", "kind", "district", "description"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let ok = OrganisationInput {
            name: "Bewonersplatform De Horst".into(),
            kind: "bewonersplatform".into(),
            district: "De Horst".into(),
            website: "".into(),
            description: "Wij zijn de bewoners van De Horst.".into(),
        };
        assert_eq!(ok.parse().unwrap().kind, OrganisationKind::Bewonersplatform);
        let bad_site = OrganisationInput {
            website: "javascript:x".into(),
            ..ok
        };
        assert!(bad_site.parse().unwrap_err().get("website").is_some());
    }

    #[test]
    fn only_the_secretary_manages_and_only_the_board_submits() {
        assert!(
            MemberRole::Secretary.manages_members() && MemberRole::Secretary.speaks_for_board()
        );
        assert!(!MemberRole::Board.manages_members() && MemberRole::Board.speaks_for_board());
        assert!(!MemberRole::Editor.manages_members() && !MemberRole::Editor.speaks_for_board());
    }

    #[test]
    fn invitations_are_single_use_personal_and_expire() {
        let expires = at("2026-12-01 12:00");
        let now = at("2026-11-25 12:00");
        assert_eq!(
            check_invitation("a@x.nl", None, expires, "a@x.nl", now),
            Ok(())
        );
        assert_eq!(
            check_invitation("a@x.nl", Some(now), expires, "a@x.nl", now),
            Err(InvitationProblem::Used)
        );
        assert_eq!(
            check_invitation("a@x.nl", None, expires, "a@x.nl", expires),
            Err(InvitationProblem::Expired)
        );
        assert_eq!(
            check_invitation("a@x.nl", None, expires, "b@x.nl", now),
            Err(InvitationProblem::OtherAddress)
        );
    }

    #[test]
    fn invitations_name_a_board_or_editor_role() {
        let input = InvitationInput {
            email: "Lid@X.nl".into(),
            role: "secretary".into(),
        };
        assert!(input.parse().unwrap_err().get("invite_role").is_some());
        let input = InvitationInput {
            role: "editor".into(),
            ..input
        };
        assert_eq!(input.parse().unwrap().1, MemberRole::Editor);
    }

    #[test]
    fn the_secretary_role_only_moves_by_hand_over() {
        assert!(!MemberRole::Secretary.assignable());
        assert!(MemberRole::Board.assignable() && MemberRole::Editor.assignable());
        assert_eq!(
            check_role_change(MemberRole::Secretary),
            Err(MembershipProblem::SecretaryRole)
        );
        assert_eq!(check_role_change(MemberRole::Editor), Ok(()));
        assert_eq!(
            check_removal(&"s".into(), &"s".into()),
            Err(MembershipProblem::RemovingSelf)
        );
        assert_eq!(check_removal(&"s".into(), &"m".into()), Ok(()));
        assert_eq!(
            check_leaving(MemberRole::Secretary),
            Err(MembershipProblem::SecretaryLeaving)
        );
        assert_eq!(check_leaving(MemberRole::Board), Ok(()));
    }

    #[test]
    fn a_member_accepting_again_only_marks_their_own_invitation_used() {
        let now = at("2026-11-25 12:00");
        assert_eq!(
            already_member("a@x.nl", None, "A@x.nl"),
            AlreadyMember::MarkUsed
        );
        assert_eq!(
            already_member("a@x.nl", Some(now), "a@x.nl"),
            AlreadyMember::Accepted
        );
        assert_eq!(
            already_member("a@x.nl", None, "b@x.nl"),
            AlreadyMember::Member
        );
    }
}
