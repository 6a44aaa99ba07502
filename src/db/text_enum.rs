//! The domain's enums as TEXT columns, on both backends and through [`super::DbConn`].
//!
//! A stored value is the enum's `as_str`, read back with its `parse`. A value that `parse`
//! does not know (a row written by a newer version, or by hand) fails the query with a
//! deserialization error, which reaches the person as a 500 and the log with the value:
//! a silent default would have shown, counted or exported a wrong state.
//!
//! The impls are generic over the backend, so that one set serves SQLite, PostgreSQL and
//! the backend of the two-backend connection. Bound values are the enum's `&'static str`
//! (diesel's own expression for text), so a query with an enum prepares and caches as one
//! with a string literal did.

use crate::domain::account::{CouncilRole, SignInMethod};
use crate::domain::answer::{Conclusion, NoteState, Outcome};
use crate::domain::consultation::{ConsultationState, EventKind};
use crate::domain::export::{Handling, Level};
use crate::domain::organisation::{MemberRole, OrganisationKind};
use crate::domain::reaction::{LogEvent, Operator, ReactionState, Stance};
use crate::domain::signature::{SignatureState, TargetKind};
use crate::domain::speaking::RequestState;
use crate::domain::thread::{ModerationAction, PostState, SubjectKind};

/// Maps each enum, which has `as_str(self) -> &'static str` and
/// `parse(&str) -> Option<Self>`, to `Text` (and `Nullable<Text>`) for every backend.
macro_rules! text_enum {
    ($($enum:ident),+ $(,)?) => {$(
        impl diesel::expression::AsExpression<diesel::sql_types::Text> for $enum {
            type Expression = <&'static str as diesel::expression::AsExpression<
                diesel::sql_types::Text,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<diesel::sql_types::Text>::as_expression(
                    self.as_str(),
                )
            }
        }

        impl diesel::expression::AsExpression<diesel::sql_types::Text> for &$enum {
            type Expression = <&'static str as diesel::expression::AsExpression<
                diesel::sql_types::Text,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<diesel::sql_types::Text>::as_expression(
                    self.as_str(),
                )
            }
        }

        impl diesel::expression::AsExpression<diesel::sql_types::Nullable<diesel::sql_types::Text>>
            for $enum
        {
            type Expression = <&'static str as diesel::expression::AsExpression<
                diesel::sql_types::Nullable<diesel::sql_types::Text>,
            >>::Expression;

            fn as_expression(self) -> Self::Expression {
                diesel::expression::AsExpression::<
                    diesel::sql_types::Nullable<diesel::sql_types::Text>,
                >::as_expression(self.as_str())
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $enum
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

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $enum
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(value: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    DB,
                >>::from_sql(value)?;
                Self::parse(&text).ok_or_else(|| {
                    format!("unknown {} {text:?}", stringify!($enum)).into()
                })
            }
        }

        /// A column of its own in a select, as `#[derive(FromSqlRow)]` would give.
        impl<DB, ST> diesel::deserialize::Queryable<ST, DB> for $enum
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

text_enum!(
    CouncilRole,
    SignInMethod,
    ConsultationState,
    EventKind,
    OrganisationKind,
    MemberRole,
    ReactionState,
    LogEvent,
    Stance,
    Operator,
    RequestState,
    TargetKind,
    SignatureState,
    SubjectKind,
    PostState,
    ModerationAction,
    Handling,
    Level,
    NoteState,
    Conclusion,
    Outcome,
);

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use super::*;
    use crate::db::DbConn;

    fn memory() -> DbConn {
        DbConn::Sqlite(SqliteConnection::establish(":memory:").expect("in-memory SQLite"))
    }

    #[test]
    fn a_stored_name_reads_back_as_its_variant() {
        let mut conn = memory();
        let state: ReactionState = diesel::select(ReactionState::Withdrawn.into_sql::<Text>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(state, ReactionState::Withdrawn);
        let handling: Option<Handling> =
            diesel::select(None::<String>.into_sql::<diesel::sql_types::Nullable<Text>>())
                .get_result(&mut conn)
                .unwrap();
        assert_eq!(handling, None);
    }

    #[test]
    fn an_unknown_stored_value_is_an_error_not_a_default() {
        let mut conn = memory();
        let error = diesel::select("bogus".into_sql::<Text>())
            .get_result::<ReactionState>(&mut conn)
            .unwrap_err();
        assert!(
            matches!(error, diesel::result::Error::DeserializationError(_)),
            "{error:?}"
        );
        // What the log of the failed request says.
        let logged = crate::db::DbError::from(error).to_string();
        assert!(
            logged.ends_with(r#"unknown ReactionState "bogus""#),
            "{logged}"
        );
        // The backend's own connection, as the hot paths use it, refuses it too.
        let DbConn::Sqlite(inner) = &mut conn else {
            unreachable!()
        };
        assert!(
            diesel::select("Draft".into_sql::<Text>())
                .get_result::<ReactionState>(inner)
                .is_err()
        );
    }
}
