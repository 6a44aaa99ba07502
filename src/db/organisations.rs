//! Organisations, their members and invitations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::accounts::User;
use super::schema::{organisation_invitations, organisation_members, organisations, users};
use crate::domain::id::{CouncilId, InvitationId, OrganisationId, UserId};
use crate::domain::organisation::{MemberRole, OrganisationDraft, OrganisationKind};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub district: String,
    pub website: Option<String>,
    pub description: String,
    pub verified_at: Option<NaiveDateTime>,
    pub verified_by: Option<UserId>,
    pub created_at: NaiveDateTime,
    /// The council whose griffie verified it.
    pub verified_council_id: Option<CouncilId>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisation_invitations)]
pub struct Invitation {
    pub id: InvitationId,
    pub organisation_id: OrganisationId,
    pub email: String,
    pub role: MemberRole,
    pub invited_by: UserId,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
}

/// Creates an organisation with `secretary` as its first member.
pub fn insert_organisation(
    conn: &mut DbConn,
    draft: &OrganisationDraft,
    secretary: &UserId,
    now: NaiveDateTime,
) -> QueryResult<OrganisationId> {
    let id = OrganisationId::new();
    diesel::insert_into(organisations::table)
        .values((
            organisations::id.eq(&id),
            organisations::name.eq(&draft.name),
            organisations::kind.eq(draft.kind),
            organisations::district.eq(&draft.district),
            organisations::website.eq(draft.website.as_deref()),
            organisations::description.eq(&draft.description),
            organisations::created_at.eq(now),
        ))
        .execute(conn)?;
    add_member(conn, &id, secretary, MemberRole::Secretary, now)?;
    Ok(id)
}

pub fn update_organisation(
    conn: &mut DbConn,
    id: &OrganisationId,
    draft: &OrganisationDraft,
) -> QueryResult<()> {
    diesel::update(organisations::table.find(id))
        .set((
            organisations::name.eq(&draft.name),
            organisations::kind.eq(draft.kind),
            organisations::district.eq(&draft.district),
            organisations::website.eq(draft.website.as_deref()),
            organisations::description.eq(&draft.description),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find_organisation(
    conn: &mut DbConn,
    id: &OrganisationId,
) -> QueryResult<Option<Organisation>> {
    organisations::table
        .find(id)
        .select(Organisation::as_select())
        .first(conn)
        .optional()
}

pub fn all_organisations(conn: &mut DbConn) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .order(organisations::name.asc())
        .select(Organisation::as_select())
        .load(conn)
}

/// Councils the organisation works with: those of the consultations it wrote
/// reactions for (drafts too).
pub fn councils_worked_with(conn: &mut DbConn, id: &OrganisationId) -> QueryResult<Vec<CouncilId>> {
    use super::schema::{consultations, reactions};
    reactions::table
        .inner_join(consultations::table)
        .filter(reactions::organisation_id.eq(id))
        .select(consultations::council_id)
        .distinct()
        .load(conn)
}

/// Marks the organisation verified by `by` for `council_id`, or (`by` is `None`) not.
pub fn set_verified(
    conn: &mut DbConn,
    id: &OrganisationId,
    by: Option<(&UserId, Option<&CouncilId>)>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(organisations::table.find(id))
        .set((
            organisations::verified_at.eq(by.map(|_| now)),
            organisations::verified_by.eq(by.map(|(user, _)| user)),
            organisations::verified_council_id.eq(by.and_then(|(_, council)| council)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The role of `user_id` in the organisation, if a member.
pub fn member_role(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    user_id: &UserId,
) -> QueryResult<Option<MemberRole>> {
    organisation_members::table
        .find((organisation_id, user_id))
        .select(organisation_members::role)
        .first(conn)
        .optional()
}

/// Members with their roles, the secretary first.
pub fn members(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
) -> QueryResult<Vec<(User, MemberRole)>> {
    let mut members: Vec<(User, MemberRole)> = organisation_members::table
        .inner_join(users::table)
        .filter(organisation_members::organisation_id.eq(organisation_id))
        .order(users::display_name.asc())
        .select((User::as_select(), organisation_members::role))
        .load(conn)?;
    members.sort_by_key(|(_, role)| *role != MemberRole::Secretary);
    Ok(members)
}

/// Organisations `user_id` belongs to, with the role there.
pub fn organisations_of(
    conn: &mut DbConn,
    user_id: &UserId,
) -> QueryResult<Vec<(Organisation, MemberRole)>> {
    organisation_members::table
        .inner_join(organisations::table)
        .filter(organisation_members::user_id.eq(user_id))
        .order(organisations::name.asc())
        .select((Organisation::as_select(), organisation_members::role))
        .load(conn)
}

/// Adds a member, or changes the role of one who is a member already.
pub fn add_member(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    user_id: &UserId,
    role: MemberRole,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if member_role(conn, organisation_id, user_id)?.is_some() {
        return set_role(conn, organisation_id, user_id, role);
    }
    diesel::insert_into(organisation_members::table)
        .values((
            organisation_members::organisation_id.eq(organisation_id),
            organisation_members::user_id.eq(user_id),
            organisation_members::role.eq(role),
            organisation_members::joined_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_role(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    user_id: &UserId,
    role: MemberRole,
) -> QueryResult<()> {
    diesel::update(organisation_members::table.find((organisation_id, user_id)))
        .set(organisation_members::role.eq(role))
        .execute(conn)
        .map(|_| ())
}

pub fn remove_member(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    user_id: &UserId,
) -> QueryResult<bool> {
    diesel::delete(organisation_members::table.find((organisation_id, user_id)))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn insert_invitation(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    email: &str,
    role: MemberRole,
    invited_by: &UserId,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<InvitationId> {
    let id = InvitationId::new();
    diesel::insert_into(organisation_invitations::table)
        .values((
            organisation_invitations::id.eq(&id),
            organisation_invitations::organisation_id.eq(organisation_id),
            organisation_invitations::email.eq(email),
            organisation_invitations::role.eq(role),
            organisation_invitations::invited_by.eq(invited_by),
            organisation_invitations::created_at.eq(now),
            organisation_invitations::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn find_invitation(conn: &mut DbConn, id: &InvitationId) -> QueryResult<Option<Invitation>> {
    organisation_invitations::table
        .find(id)
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// Invitations that are neither used nor expired.
pub fn open_invitations(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    now: NaiveDateTime,
) -> QueryResult<Vec<Invitation>> {
    organisation_invitations::table
        .filter(organisation_invitations::organisation_id.eq(organisation_id))
        .filter(organisation_invitations::accepted_at.is_null())
        .filter(organisation_invitations::expires_at.gt(now))
        .order(organisation_invitations::created_at.desc())
        .select(Invitation::as_select())
        .load(conn)
}

/// Marks an invitation used; false if it was used meanwhile (a second click).
pub fn accept_invitation(
    conn: &mut DbConn,
    id: &InvitationId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        organisation_invitations::table
            .filter(organisation_invitations::id.eq(id))
            .filter(organisation_invitations::accepted_at.is_null()),
    )
    .set(organisation_invitations::accepted_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}
