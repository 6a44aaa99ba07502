//! Who may do what. Every handler asks one of these before it acts.

use super::account::CouncilRole;
use super::consultation::ConsultationState;
use super::id::{CouncilId, UserId};
use super::organisation::MemberRole;

/// A signed-in user with the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub is_admin: bool,
    /// `(council_id, role)` pairs.
    pub roles: Vec<(CouncilId, CouncilRole)>,
}

impl Actor {
    pub fn has_role(&self, council_id: &CouncilId, role: CouncilRole) -> bool {
        self.roles
            .iter()
            .any(|(c, r)| c == council_id && *r == role)
    }

    /// Councils in which this user works as a clerk (all of them for an admin is decided
    /// by the caller, who knows the list of councils).
    pub fn clerk_councils(&self) -> impl Iterator<Item = &CouncilId> {
        self.roles
            .iter()
            .filter(|(_, role)| *role == CouncilRole::Clerk)
            .map(|(council, _)| council)
    }

    /// Deployment admins manage councils, users and roles.
    pub fn can_administer(&self) -> bool {
        self.is_admin
    }

    /// Clerks run their own council's consultations and committees; admins any council's.
    pub fn can_manage_council(&self, council_id: &CouncilId) -> bool {
        self.is_admin || self.has_role(council_id, CouncilRole::Clerk)
    }

    /// Clerks and council members of a council read full, unredacted submissions.
    pub fn reads_full_submissions(&self, council_id: &CouncilId) -> bool {
        self.is_admin
            || self.has_role(council_id, CouncilRole::Clerk)
            || self.has_role(council_id, CouncilRole::CouncilMember)
    }

    /// Clerks write the nota van beantwoording; so do the civil servants a clerk named
    /// for one consultation (`named`).
    pub fn writes_answers(&self, council_id: &CouncilId, named: bool) -> bool {
        named || self.can_manage_council(council_id)
    }

    /// Moderators of a council keep its threads within the house rules; admins anywhere.
    pub fn moderates(&self, council_id: &CouncilId) -> bool {
        self.is_admin || self.has_role(council_id, CouncilRole::Moderator)
    }

    /// Whether this user moderates anywhere (shows the moderation menu).
    pub fn moderates_anywhere(&self) -> bool {
        self.is_admin
            || self
                .roles
                .iter()
                .any(|(_, role)| *role == CouncilRole::Moderator)
    }

    /// Whether this user works for the griffie anywhere (shows the griffie menu).
    /// The council for which this user may verify an organisation that works with
    /// `worked_with` councils: the first of them where they are a clerk. An admin may
    /// verify any (`Some(None)` when no council of theirs applies).
    pub fn verifies_for<'a>(&self, worked_with: &'a [CouncilId]) -> Option<Option<&'a CouncilId>> {
        let council = worked_with
            .iter()
            .find(|council| self.has_role(council, CouncilRole::Clerk));
        match council {
            Some(council) => Some(Some(council)),
            None if self.is_admin => Some(worked_with.first()),
            None => None,
        }
    }

    /// Whether this user may take back a verification made for `verified_council` (none
    /// recorded: by the griffie of a council the organisation works with).
    pub fn may_unverify(
        &self,
        verified_council: Option<&CouncilId>,
        worked_with: &[CouncilId],
    ) -> bool {
        match verified_council {
            _ if self.is_admin => true,
            Some(council) => self.has_role(council, CouncilRole::Clerk),
            None => self.verifies_for(worked_with).is_some(),
        }
    }

    pub fn works_for_griffie(&self) -> bool {
        self.is_admin || self.clerk_councils().next().is_some()
    }
}

/// A council role as a session sees it: with whether its council asks a second factor of
/// all its staff (moderators and council members too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRole {
    pub council_id: CouncilId,
    pub role: CouncilRole,
    pub council_asks_all_staff: bool,
}

impl HeldRole {
    /// Clerks always need a second factor; other staff where their council asks it.
    fn needs_second_factor(&self) -> bool {
        self.role == CouncilRole::Clerk || self.council_asks_all_staff
    }
}

/// Whether this person holds powers that need a second factor: admins, clerks, and staff
/// of a council that asks it of all (OWASP ASVS level 2 for staff accounts).
pub fn needs_second_factor(is_admin: bool, roles: &[HeldRole]) -> bool {
    is_admin || roles.iter().any(HeldRole::needs_second_factor)
}

/// What a session may do: the powers that need a second factor count only in a session
/// that has one, so a stolen password alone never reaches the griffie's desk or the admin
/// pages.
#[derive(Debug, Clone)]
pub struct SessionPowers {
    pub actor: Actor,
    /// Whether the person's roles ask for a second factor at all.
    pub needs_second_factor: bool,
    /// Whether this session has one.
    pub has_second_factor: bool,
}

impl SessionPowers {
    /// Staff powers held back until the session has a second factor.
    pub fn withheld(&self) -> bool {
        self.needs_second_factor && !self.has_second_factor
    }
}

pub fn session_powers(
    user_id: UserId,
    is_admin: bool,
    roles: Vec<HeldRole>,
    has_second_factor: bool,
) -> SessionPowers {
    let needs_second_factor = needs_second_factor(is_admin, &roles);
    let roles = roles
        .into_iter()
        .filter(|held| has_second_factor || !held.needs_second_factor())
        .map(|held| (held.council_id, held.role))
        .collect();
    SessionPowers {
        actor: Actor {
            user_id,
            is_admin: is_admin && has_second_factor,
            roles,
        },
        needs_second_factor,
        has_second_factor,
    }
}

/// Whether a consultation in `state` of council `council_id` may be shown to `viewer`.
/// Concepts are for the council's clerks only; for everyone else they do not exist.
pub fn can_view_consultation(
    viewer: Option<&Actor>,
    council_id: &CouncilId,
    state: ConsultationState,
) -> bool {
    state.is_public() || viewer.is_some_and(|actor| actor.can_manage_council(council_id))
}

/// How a person relates to one reaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReactionAccess {
    /// A member of its organisation, or the resident who wrote it. Board members (and
    /// the resident) also submit and withdraw.
    Writer { speaks_for_board: bool },
    /// A clerk or council member of the consultation's council: sees everything.
    FullReader,
    /// Everyone else: sees the public, redacted version of what was submitted.
    Public,
}

/// `member_role` is the person's role in the reaction's organisation; `is_author` whether
/// they wrote a reaction made as a private individual.
pub fn reaction_access(
    actor: Option<&Actor>,
    council_id: &CouncilId,
    member_role: Option<MemberRole>,
    is_individual_author: bool,
) -> ReactionAccess {
    if is_individual_author {
        return ReactionAccess::Writer {
            speaks_for_board: true,
        };
    }
    if let Some(role) = member_role {
        return ReactionAccess::Writer {
            speaks_for_board: role.speaks_for_board(),
        };
    }
    match actor {
        Some(actor) if actor.reads_full_submissions(council_id) => ReactionAccess::FullReader,
        _ => ReactionAccess::Public,
    }
}

impl ReactionAccess {
    pub fn is_writer(self) -> bool {
        matches!(self, Self::Writer { .. })
    }

    pub fn speaks_for_board(self) -> bool {
        matches!(
            self,
            Self::Writer {
                speaks_for_board: true
            }
        )
    }

    /// Writers and full readers see names that the public does not.
    pub fn sees_everything(self) -> bool {
        self != Self::Public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str) -> CouncilId {
        CouncilId::from(id)
    }

    fn actor(is_admin: bool, roles: &[(&str, CouncilRole)]) -> Actor {
        Actor {
            user_id: "u".into(),
            is_admin,
            roles: roles.iter().map(|(id, r)| (c(id), *r)).collect(),
        }
    }

    fn held(council: &str, role: CouncilRole, asks_all: bool) -> HeldRole {
        HeldRole {
            council_id: c(council),
            role,
            council_asks_all_staff: asks_all,
        }
    }

    #[test]
    fn staff_powers_that_need_a_second_factor_wait_for_one() {
        let roles = vec![
            held("a", CouncilRole::Clerk, false),
            held("a", CouncilRole::Moderator, false),
            held("b", CouncilRole::CouncilMember, true),
        ];
        let waiting = session_powers("u".into(), false, roles.clone(), false);
        assert!(waiting.withheld());
        assert_eq!(waiting.actor.roles, vec![(c("a"), CouncilRole::Moderator)]);
        let full = session_powers("u".into(), false, roles, true);
        assert!(!full.withheld() && full.needs_second_factor);
        assert_eq!(full.actor.roles.len(), 3);

        let admin = session_powers("u".into(), true, vec![], false);
        assert!(admin.withheld() && !admin.actor.can_administer());
        let admin = session_powers("u".into(), true, vec![], true);
        assert!(admin.actor.can_administer());

        let moderator = vec![held("a", CouncilRole::Moderator, false)];
        assert!(!needs_second_factor(false, &moderator));
        let powers = session_powers("u".into(), false, moderator, false);
        assert!(!powers.withheld() && powers.actor.moderates(&c("a")));
        assert!(needs_second_factor(
            false,
            &[held("a", CouncilRole::Moderator, true)]
        ));
        assert!(!needs_second_factor(false, &[]));
    }

    #[test]
    fn clerks_manage_only_their_own_council() {
        let clerk = actor(false, &[("a", CouncilRole::Clerk)]);
        assert!(clerk.can_manage_council(&c("a")));
        assert!(!clerk.can_manage_council(&c("b")));
        assert!(!clerk.can_administer());
        assert!(clerk.works_for_griffie());
    }

    #[test]
    fn organisations_are_verified_by_the_griffies_they_work_with() {
        let clerk_a = actor(
            false,
            &[("a", CouncilRole::Clerk), ("c", CouncilRole::Moderator)],
        );
        let worked_with = [c("c"), c("a")];
        assert_eq!(clerk_a.verifies_for(&worked_with), Some(Some(&c("a"))));
        assert_eq!(
            clerk_a.verifies_for(&[c("b")]),
            None,
            "another council's organisation"
        );
        assert_eq!(
            clerk_a.verifies_for(&[]),
            None,
            "an organisation that works with nobody yet"
        );
        assert!(clerk_a.may_unverify(Some(&c("a")), &[]));
        assert!(
            !clerk_a.may_unverify(Some(&c("b")), &worked_with),
            "b's verification is b's"
        );
        assert!(clerk_a.may_unverify(None, &worked_with));
        assert!(!clerk_a.may_unverify(None, &[c("b")]));
        let admin = actor(true, &[]);
        assert_eq!(admin.verifies_for(&[]), Some(None));
        assert!(admin.may_unverify(Some(&c("b")), &[]));
    }

    #[test]
    fn other_roles_do_not_manage_councils() {
        let member = actor(
            false,
            &[
                ("a", CouncilRole::CouncilMember),
                ("a", CouncilRole::Moderator),
            ],
        );
        assert!(!member.can_manage_council(&c("a")));
        assert!(!member.works_for_griffie());
        let admin = actor(true, &[]);
        assert!(admin.can_manage_council(&c("a")) && admin.can_administer());
    }

    #[test]
    fn concepts_are_visible_to_their_clerks_only() {
        let clerk = actor(false, &[("a", CouncilRole::Clerk)]);
        let resident = actor(false, &[]);
        assert!(can_view_consultation(
            Some(&clerk),
            &c("a"),
            ConsultationState::Concept
        ));
        assert!(!can_view_consultation(
            Some(&clerk),
            &c("b"),
            ConsultationState::Concept
        ));
        assert!(!can_view_consultation(
            Some(&resident),
            &c("a"),
            ConsultationState::Concept
        ));
        assert!(!can_view_consultation(
            None,
            &c("a"),
            ConsultationState::Concept
        ));
        assert!(can_view_consultation(
            None,
            &c("a"),
            ConsultationState::Closed
        ));
    }

    #[test]
    fn reaction_access_follows_membership_and_council_roles() {
        let member = actor(false, &[("a", CouncilRole::CouncilMember)]);
        let moderator = actor(false, &[("a", CouncilRole::Moderator)]);
        assert_eq!(
            reaction_access(None, &c("a"), None, true),
            ReactionAccess::Writer {
                speaks_for_board: true
            }
        );
        assert_eq!(
            reaction_access(None, &c("a"), Some(MemberRole::Editor), false),
            ReactionAccess::Writer {
                speaks_for_board: false
            }
        );
        assert!(reaction_access(None, &c("a"), Some(MemberRole::Board), false).speaks_for_board());
        assert_eq!(
            reaction_access(Some(&member), &c("a"), None, false),
            ReactionAccess::FullReader
        );
        assert_eq!(
            reaction_access(Some(&member), &c("b"), None, false),
            ReactionAccess::Public
        );
        assert_eq!(
            reaction_access(Some(&moderator), &c("a"), None, false),
            ReactionAccess::Public
        );
        assert_eq!(
            reaction_access(None, &c("a"), None, false),
            ReactionAccess::Public
        );
        assert!(
            !ReactionAccess::Public.sees_everything()
                && ReactionAccess::FullReader.sees_everything()
        );
    }
}
