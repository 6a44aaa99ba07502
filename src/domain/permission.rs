//! Who may do what. Every handler asks one of these before it acts.

use super::account::CouncilRole;
use super::consultation::ConsultationState;

/// A signed-in user with the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub is_admin: bool,
    /// `(council_id, role)` pairs.
    pub roles: Vec<(String, CouncilRole)>,
}

impl Actor {
    pub fn has_role(&self, council_id: &str, role: CouncilRole) -> bool {
        self.roles
            .iter()
            .any(|(c, r)| c == council_id && *r == role)
    }

    /// Councils in which this user works as a clerk (all of them for an admin is decided
    /// by the caller, who knows the list of councils).
    pub fn clerk_councils(&self) -> impl Iterator<Item = &str> {
        self.roles
            .iter()
            .filter(|(_, role)| *role == CouncilRole::Clerk)
            .map(|(council, _)| council.as_str())
    }

    /// Deployment admins manage councils, users and roles.
    pub fn can_administer(&self) -> bool {
        self.is_admin
    }

    /// Clerks run their own council's consultations and committees; admins any council's.
    pub fn can_manage_council(&self, council_id: &str) -> bool {
        self.is_admin || self.has_role(council_id, CouncilRole::Clerk)
    }

    /// Whether this user works for the griffie anywhere (shows the griffie menu).
    pub fn works_for_griffie(&self) -> bool {
        self.is_admin || self.clerk_councils().next().is_some()
    }
}

/// Whether a consultation in `state` of council `council_id` may be shown to `viewer`.
/// Concepts are for the council's clerks only; for everyone else they do not exist.
pub fn can_view_consultation(
    viewer: Option<&Actor>,
    council_id: &str,
    state: ConsultationState,
) -> bool {
    state.is_public() || viewer.is_some_and(|actor| actor.can_manage_council(council_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(is_admin: bool, roles: &[(&str, CouncilRole)]) -> Actor {
        Actor {
            user_id: "u".into(),
            is_admin,
            roles: roles.iter().map(|(c, r)| (c.to_string(), *r)).collect(),
        }
    }

    #[test]
    fn clerks_manage_only_their_own_council() {
        let clerk = actor(false, &[("a", CouncilRole::Clerk)]);
        assert!(clerk.can_manage_council("a"));
        assert!(!clerk.can_manage_council("b"));
        assert!(!clerk.can_administer());
        assert!(clerk.works_for_griffie());
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
        assert!(!member.can_manage_council("a"));
        assert!(!member.works_for_griffie());
        let admin = actor(true, &[]);
        assert!(admin.can_manage_council("a") && admin.can_administer());
    }

    #[test]
    fn concepts_are_visible_to_their_clerks_only() {
        let clerk = actor(false, &[("a", CouncilRole::Clerk)]);
        let resident = actor(false, &[]);
        assert!(can_view_consultation(
            Some(&clerk),
            "a",
            ConsultationState::Concept
        ));
        assert!(!can_view_consultation(
            Some(&clerk),
            "b",
            ConsultationState::Concept
        ));
        assert!(!can_view_consultation(
            Some(&resident),
            "a",
            ConsultationState::Concept
        ));
        assert!(!can_view_consultation(
            None,
            "a",
            ConsultationState::Concept
        ));
        assert!(can_view_consultation(None, "a", ConsultationState::Closed));
    }
}
