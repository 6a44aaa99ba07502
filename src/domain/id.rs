//! One type per table's id, so that a user's id cannot be passed where a reaction's
//! belongs. Every id is a UUID (v7) stored as text; `db::id` maps the types to TEXT
//! columns on both backends.
//!
//! An id read from a URL or a form becomes its type unchecked (`From<String>`): it is only
//! ever looked up, and one that names no row is simply not found.

use std::fmt;

/// A new random id as text, behind every id type's `new` and the ids of log rows
/// (`db::new_id`). Ids are made in the app so that no insert needs RETURNING. They are
/// UUIDv7: time-ordered, so new rows land at the end of every primary-key index instead of
/// on a random page (one page written per insert rather than one per index level touched
/// at random), with 74 random bits, so they stay unguessable.
pub fn new_uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Declares each id type with its constructors, accessors and text forms.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh id for a new row (a fresh id is not a default value, hence no `Default`).
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(new_uuid())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )+};
}

ids!(
    CouncilId,
    UserId,
    CommitteeId,
    CommitteeMemberId,
    ConsultationId,
    DecisionPointId,
    OutboxId,
    OrganisationId,
    InvitationId,
    ReactionId,
    PositionId,
    ScenarioId,
    AttachmentId,
    SpeakingRequestId,
    SignatureId,
    PostId,
    AnswerNoteId,
    AnswerGroupId,
    /// What a signature supports: a position's or a scenario's id. Stored next to its
    /// `TargetKind` wherever the kind matters; `support_counts` keeps the id alone (ids are
    /// unique across tables). Built from a typed id, or from the URL next to its kind.
    TargetId,
    /// What a discussion thread is about: a consultation's, reaction's or scenario's id,
    /// always next to its `SubjectKind`.
    SubjectId,
);

/// The polymorphic ids are made from the ids they stand for (owned or borrowed).
macro_rules! one_of {
    ($wide:ident: $($narrow:ident),+) => {$(
        impl From<$narrow> for $wide {
            fn from(id: $narrow) -> Self {
                Self(id.0)
            }
        }

        impl From<&$narrow> for $wide {
            fn from(id: &$narrow) -> Self {
                Self(id.0.clone())
            }
        }
    )+};
}

one_of!(TargetId: PositionId, ScenarioId);
one_of!(SubjectId: ConsultationId, ReactionId, ScenarioId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_id_is_a_uuid_and_reads_back_from_its_text() {
        let id = ReactionId::new();
        assert!(uuid::Uuid::parse_str(id.as_str()).is_ok(), "{id}");
        assert_ne!(id, ReactionId::new());
        assert_eq!(ReactionId::from(id.to_string()), id);
    }

    #[test]
    fn an_id_is_its_text_in_json_and_forms() {
        let id = UserId::from("0190-abc");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""0190-abc""#);
        let read: UserId = serde_json::from_str(r#""0190-abc""#).unwrap();
        assert_eq!(read, id);
    }

    #[test]
    fn a_target_keeps_the_text_of_the_id_it_was_made_from() {
        let position = PositionId::new();
        assert_eq!(TargetId::from(position.clone()).as_str(), position.as_str());
    }
}
