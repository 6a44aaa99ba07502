//! What the open-data feeds publish: a council's public consultations (never concepts),
//! with what the feeds show beside each one, read in a few batched queries.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::consultations::{Consultation, DecisionPoint};
use super::councils::{Committee, Council};
use super::schema::{committees, consultation_events, consultations, councils, decision_points};
use crate::domain::consultation::ConsultationState;
use crate::domain::consultation::EventKind;
use crate::domain::id::{CommitteeId, ConsultationId};
use crate::domain::reaction::ReactionState;

/// As many rounds as the public list shows at most.
const MAX_ROUNDS: i64 = 500;

/// A public consultation with what the feeds show beside it.
#[derive(Debug, Clone)]
pub struct PublicRound {
    pub consultation: Consultation,
    pub committee: Committee,
    /// When it was opened for reactions (its first "opened" event).
    pub opened_at: Option<NaiveDateTime>,
    /// In their order.
    pub decision_points: Vec<DecisionPoint>,
    /// Submitted reactions that were not withdrawn.
    pub submitted_reactions: i64,
}

/// A council's public rounds, newest opened first.
pub fn council_rounds(
    conn: &mut DbConn,
    slug: &str,
) -> QueryResult<Option<(Council, Vec<PublicRound>)>> {
    let Some(council) = super::councils::find_council_by_slug(conn, slug)? else {
        return Ok(None);
    };
    let rows = consultations::table
        .inner_join(committees::table)
        .filter(consultations::council_id.eq(&council.id))
        .filter(consultations::state.ne(ConsultationState::Concept))
        .order(consultations::created_at.desc())
        .limit(MAX_ROUNDS)
        .select((Consultation::as_select(), Committee::as_select()))
        .load::<(Consultation, Committee)>(conn)?;
    let mut rounds = with_details(conn, rows)?;
    rounds.sort_by_key(|r| std::cmp::Reverse(r.opened_at.unwrap_or(r.consultation.created_at)));
    Ok(Some((council, rounds)))
}

/// The public rounds a committee of the council discusses in `[from, until)`, in their
/// order on the agenda; `None` when the council or the committee is unknown or nothing
/// public is discussed then.
pub fn meeting_rounds(
    conn: &mut DbConn,
    slug: &str,
    committee_id: &CommitteeId,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Option<(Council, Committee, Vec<PublicRound>)>> {
    let found = committees::table
        .inner_join(councils::table)
        .filter(councils::slug.eq(slug))
        .filter(committees::id.eq(committee_id))
        .select((Council::as_select(), Committee::as_select()))
        .first::<(Council, Committee)>(conn)
        .optional()?;
    let Some((council, committee)) = found else {
        return Ok(None);
    };
    let rows = consultations::table
        .inner_join(committees::table)
        .filter(consultations::committee_id.eq(&committee.id))
        .filter(consultations::state.ne(ConsultationState::Concept))
        .filter(consultations::meeting_at.ge(from))
        .filter(consultations::meeting_at.lt(until))
        .order((consultations::meeting_at.asc(), consultations::title.asc()))
        .limit(MAX_ROUNDS)
        .select((Consultation::as_select(), Committee::as_select()))
        .load::<(Consultation, Committee)>(conn)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let rounds = with_details(conn, rows)?;
    Ok(Some((council, committee, rounds)))
}

/// Adds opening moments, beslispunten and reaction counts, three queries for all rounds.
fn with_details(
    conn: &mut DbConn,
    rows: Vec<(Consultation, Committee)>,
) -> QueryResult<Vec<PublicRound>> {
    let ids: Vec<&ConsultationId> = rows.iter().map(|(c, _)| &c.id).collect();
    let opened: HashMap<ConsultationId, NaiveDateTime> = consultation_events::table
        .filter(consultation_events::consultation_id.eq_any(&ids))
        .filter(consultation_events::kind.eq(EventKind::Opened))
        .group_by(consultation_events::consultation_id)
        .select((
            consultation_events::consultation_id,
            diesel::dsl::min(consultation_events::occurred_at),
        ))
        .load::<(ConsultationId, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .filter_map(|(id, at)| Some((id, at?)))
        .collect();
    let mut points: HashMap<ConsultationId, Vec<DecisionPoint>> = HashMap::new();
    for point in decision_points::table
        .filter(decision_points::consultation_id.eq_any(&ids))
        .order(decision_points::number.asc())
        .select(DecisionPoint::as_select())
        .load(conn)?
    {
        points
            .entry(point.consultation_id.clone())
            .or_default()
            .push(point);
    }
    let submitted: HashMap<ConsultationId, i64> = {
        use super::schema::reactions;
        reactions::table
            .filter(reactions::consultation_id.eq_any(&ids))
            .filter(reactions::state.eq(ReactionState::Submitted))
            .group_by(reactions::consultation_id)
            .select((reactions::consultation_id, diesel::dsl::count_star()))
            .load::<(ConsultationId, i64)>(conn)?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|(consultation, committee)| PublicRound {
            opened_at: opened.get(&consultation.id).copied(),
            decision_points: points.remove(&consultation.id).unwrap_or_default(),
            submitted_reactions: submitted.get(&consultation.id).copied().unwrap_or(0),
            consultation,
            committee,
        })
        .collect())
}
