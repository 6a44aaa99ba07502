//! The domain's id types as TEXT columns, on both backends and through [`super::DbConn`].
//!
//! The same approach as [`super::text_enum`]: impls generic over the backend, so one set
//! serves SQLite, PostgreSQL and the two-backend connection, and bound values are diesel's
//! own expressions for text (`&str` for a borrowed id, `String` for an owned one), so a
//! query with an id prepares and caches as one with a string did. Any stored text reads
//! back as an id: ids are only compared and looked up, never parsed.

use crate::domain::id::{
    AnswerGroupId, AnswerNoteId, AttachmentId, CommitteeId, CommitteeMemberId, ConsultationId,
    CouncilId, DecisionPointId, InvitationId, OrganisationId, OutboxId, PositionId, PostId,
    ReactionId, ScenarioId, SignatureId, SpeakingRequestId, SubjectId, TargetId, UserId,
};

/// Maps each id type, which has `as_str`, `into_string` and `From<String>`, to `Text` (and
/// `Nullable<Text>`) for every backend.
macro_rules! text_id {
    ($($id:ident),+ $(,)?) => {$(
        impl diesel::expression::AsExpression<diesel::sql_types::Text> for $id {
            type Expression = <String as diesel::expression::AsExpression<
                diesel::sql_types::Text,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<diesel::sql_types::Text>::as_expression(
                    self.into_string(),
                )
            }
        }

        impl<'a> diesel::expression::AsExpression<diesel::sql_types::Text> for &'a $id {
            type Expression = <&'a str as diesel::expression::AsExpression<
                diesel::sql_types::Text,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<diesel::sql_types::Text>::as_expression(
                    self.as_str(),
                )
            }
        }

        impl diesel::expression::AsExpression<diesel::sql_types::Nullable<diesel::sql_types::Text>>
            for $id
        {
            type Expression = <String as diesel::expression::AsExpression<
                diesel::sql_types::Nullable<diesel::sql_types::Text>,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<
                    diesel::sql_types::Nullable<diesel::sql_types::Text>,
                >::as_expression(self.into_string())
            }
        }

        impl<'a> diesel::expression::AsExpression<
            diesel::sql_types::Nullable<diesel::sql_types::Text>,
        > for &'a $id
        {
            type Expression = <&'a str as diesel::expression::AsExpression<
                diesel::sql_types::Nullable<diesel::sql_types::Text>,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<
                    diesel::sql_types::Nullable<diesel::sql_types::Text>,
                >::as_expression(self.as_str())
            }
        }

        /// What a reference field of an `Insertable` or `AsChangeset` struct is bound as.
        impl<'a, 'b> diesel::expression::AsExpression<diesel::sql_types::Text> for &'b &'a $id {
            type Expression = <&'a str as diesel::expression::AsExpression<
                diesel::sql_types::Text,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<diesel::sql_types::Text>::as_expression(
                    (*self).as_str(),
                )
            }
        }

        impl<'a, 'b> diesel::expression::AsExpression<
            diesel::sql_types::Nullable<diesel::sql_types::Text>,
        > for &'b &'a $id
        {
            type Expression = <&'a str as diesel::expression::AsExpression<
                diesel::sql_types::Nullable<diesel::sql_types::Text>,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<
                    diesel::sql_types::Nullable<diesel::sql_types::Text>,
                >::as_expression((*self).as_str())
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $id
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                diesel::serialize::ToSql::<diesel::sql_types::Text, DB>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        /// For `eq_any` on a nullable column.
        impl<DB> diesel::serialize::ToSql<
            diesel::sql_types::Nullable<diesel::sql_types::Text>,
            DB,
        > for $id
        where
            DB: diesel::backend::Backend,
            Self: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                diesel::serialize::ToSql::<diesel::sql_types::Text, DB>::to_sql(self, out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $id
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(value: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(
                    value,
                )
                .map(Self::from)
            }
        }

        /// A column of its own in a select, as `#[derive(FromSqlRow)]` would give.
        impl<DB, ST> diesel::deserialize::Queryable<ST, DB> for $id
        where
            DB: diesel::backend::Backend,
            ST: diesel::sql_types::SingleValue,
            Self: diesel::deserialize::FromSql<ST, DB>,
        {
            type Row = Self;

            fn build(row: Self) -> diesel::deserialize::Result<Self> {
                Ok(row)
            }
        }
    )+};
}

text_id!(
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
    TargetId,
    SubjectId,
);

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::{Nullable, Text};

    use super::*;
    use crate::db::DbConn;

    fn memory() -> DbConn {
        DbConn::Sqlite(SqliteConnection::establish(":memory:").expect("in-memory SQLite"))
    }

    #[test]
    fn an_id_bound_and_read_back_is_the_same_id() {
        let mut conn = memory();
        let id = ReactionId::new();
        let read: ReactionId = diesel::select((&id).into_sql::<Text>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(read, id);
        let owned: Option<UserId> =
            diesel::select(UserId::from("u-1").into_sql::<Nullable<Text>>())
                .get_result(&mut conn)
                .unwrap();
        assert_eq!(owned, Some(UserId::from("u-1")));
        let none: Option<UserId> = diesel::select(None::<String>.into_sql::<Nullable<Text>>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(none, None);
    }
}
