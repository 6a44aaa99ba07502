//! Councils, committees and committee members.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{committee_members, committees, councils};
use crate::domain::council::{CommitteeDraft, CommitteeMemberDraft, CouncilSettings};
use crate::domain::id::{CommitteeId, CommitteeMemberId, CouncilId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = councils)]
pub struct Council {
    pub id: CouncilId,
    pub slug: String,
    pub name: String,
    pub logo_text: String,
    pub speaking_deadline_hours: i32,
    pub minutes_per_speaker: i32,
    pub total_speaking_minutes: i32,
    pub retention_days: i32,
    pub created_at: NaiveDateTime,
    /// Starts every receipt number of the council's rounds.
    pub code: String,
    /// Moderators and council members need a second factor too (clerks always do).
    pub two_factor_for_all_staff: bool,
}

impl Council {
    /// The council's rules for speaking at committee meetings.
    pub fn speaking_rules(&self) -> crate::domain::speaking::SpeakingRules {
        crate::domain::speaking::SpeakingRules {
            deadline_hours: self.speaking_deadline_hours,
            minutes_per_speaker: self.minutes_per_speaker,
            total_minutes: self.total_speaking_minutes,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = committees)]
pub struct Committee {
    pub id: CommitteeId,
    pub council_id: CouncilId,
    pub name: String,
    pub clerk_email: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = committee_members)]
pub struct CommitteeMember {
    pub id: CommitteeMemberId,
    pub committee_id: CommitteeId,
    pub name: String,
    pub email: String,
    pub created_at: NaiveDateTime,
    /// Set when the member clicked the unsubscribe link; they get no more mail.
    pub unsubscribed_at: Option<NaiveDateTime>,
}

#[derive(AsChangeset, Insertable)]
#[diesel(table_name = councils)]
struct CouncilChanges<'a> {
    slug: &'a str,
    code: &'a str,
    name: &'a str,
    logo_text: &'a str,
    speaking_deadline_hours: i32,
    minutes_per_speaker: i32,
    total_speaking_minutes: i32,
    retention_days: i32,
    two_factor_for_all_staff: bool,
}

#[derive(Insertable)]
#[diesel(table_name = councils)]
struct NewCouncil<'a> {
    id: &'a CouncilId,
    #[diesel(embed)]
    settings: CouncilChanges<'a>,
    created_at: NaiveDateTime,
}

impl<'a> From<&'a CouncilSettings> for CouncilChanges<'a> {
    fn from(s: &'a CouncilSettings) -> Self {
        Self {
            slug: &s.slug,
            code: &s.code,
            name: &s.name,
            logo_text: &s.logo_text,
            speaking_deadline_hours: s.speaking_deadline_hours,
            minutes_per_speaker: s.minutes_per_speaker,
            total_speaking_minutes: s.total_speaking_minutes,
            retention_days: s.retention_days,
            two_factor_for_all_staff: s.two_factor_for_all_staff,
        }
    }
}

/// Which of a council's unique settings another council has already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouncilTaken {
    Slug,
    Code,
}

/// Told apart by the constraint the database names, so that two admins at once still get
/// the right message.
fn council_taken(error: diesel::result::Error) -> QueryResult<CouncilTaken> {
    if super::is_unique_violation_on(&error, "councils", "code") {
        Ok(CouncilTaken::Code)
    } else if super::is_unique_violation(&error) {
        Ok(CouncilTaken::Slug)
    } else {
        Err(error)
    }
}

/// Creates a council and returns its id, or what is taken.
pub fn insert_council(
    conn: &mut DbConn,
    settings: &CouncilSettings,
    now: NaiveDateTime,
) -> QueryResult<Result<CouncilId, CouncilTaken>> {
    let id = CouncilId::new();
    let result = diesel::insert_into(councils::table)
        .values(NewCouncil {
            id: &id,
            settings: CouncilChanges::from(settings),
            created_at: now,
        })
        .execute(conn);
    match result {
        Ok(_) => Ok(Ok(id)),
        Err(e) => council_taken(e).map(Err),
    }
}

/// Changes a council's settings, or says what is taken.
pub fn update_council(
    conn: &mut DbConn,
    id: &CouncilId,
    settings: &CouncilSettings,
) -> QueryResult<Result<(), CouncilTaken>> {
    match diesel::update(councils::table.find(id))
        .set(CouncilChanges::from(settings))
        .execute(conn)
    {
        Ok(_) => Ok(Ok(())),
        Err(e) => council_taken(e).map(Err),
    }
}

pub fn all_councils(conn: &mut DbConn) -> QueryResult<Vec<Council>> {
    councils::table
        .order(councils::name.asc())
        .select(Council::as_select())
        .load(conn)
}

pub fn find_council(conn: &mut DbConn, id: &CouncilId) -> QueryResult<Option<Council>> {
    councils::table
        .find(id)
        .select(Council::as_select())
        .first(conn)
        .optional()
}

pub fn find_council_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Council>> {
    councils::table
        .filter(councils::slug.eq(slug))
        .select(Council::as_select())
        .first(conn)
        .optional()
}

pub fn committees_of(conn: &mut DbConn, council_id: &CouncilId) -> QueryResult<Vec<Committee>> {
    committees::table
        .filter(committees::council_id.eq(council_id))
        .order(committees::name.asc())
        .select(Committee::as_select())
        .load(conn)
}

pub fn find_committee(conn: &mut DbConn, id: &CommitteeId) -> QueryResult<Option<Committee>> {
    committees::table
        .find(id)
        .select(Committee::as_select())
        .first(conn)
        .optional()
}

/// Creates a committee; `Ok(None)` when the council already has one by that name.
pub fn insert_committee(
    conn: &mut DbConn,
    council_id: &CouncilId,
    draft: &CommitteeDraft,
    now: NaiveDateTime,
) -> QueryResult<Option<CommitteeId>> {
    let id = CommitteeId::new();
    let result = diesel::insert_into(committees::table)
        .values((
            committees::id.eq(&id),
            committees::council_id.eq(council_id),
            committees::name.eq(&draft.name),
            committees::clerk_email.eq(draft.clerk_email.as_str()),
            committees::created_at.eq(now),
        ))
        .execute(conn);
    match result {
        Ok(_) => Ok(Some(id)),
        Err(e) if super::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Renames a committee or changes its griffie address; `Ok(false)` when the name is taken.
pub fn update_committee(
    conn: &mut DbConn,
    id: &CommitteeId,
    draft: &CommitteeDraft,
) -> QueryResult<bool> {
    match diesel::update(committees::table.find(id))
        .set((
            committees::name.eq(&draft.name),
            committees::clerk_email.eq(draft.clerk_email.as_str()),
        ))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn members_of(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
) -> QueryResult<Vec<CommitteeMember>> {
    committee_members::table
        .filter(committee_members::committee_id.eq(committee_id))
        .order(committee_members::name.asc())
        .select(CommitteeMember::as_select())
        .load(conn)
}

/// Adds a member; `Ok(false)` when that address is already a member.
pub fn insert_member(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
    draft: &CommitteeMemberDraft,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let result = diesel::insert_into(committee_members::table)
        .values((
            committee_members::id.eq(CommitteeMemberId::new()),
            committee_members::committee_id.eq(committee_id),
            committee_members::name.eq(&draft.name),
            committee_members::email.eq(draft.email.as_str()),
            committee_members::created_at.eq(now),
        ))
        .execute(conn);
    match result {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes a member of the given committee; `Ok(false)` when there was none.
pub fn delete_member(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
    member_id: &CommitteeMemberId,
) -> QueryResult<bool> {
    diesel::delete(
        committee_members::table
            .filter(committee_members::id.eq(member_id))
            .filter(committee_members::committee_id.eq(committee_id)),
    )
    .execute(conn)
    .map(|n| n > 0)
}
