//! Registering an organisation, its verification by the griffie, and its members:
//! invitations, roles, hand-over, leaving.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::organisations::{self, Organisation};
use crate::db::{DbConn, accounts};
use crate::domain::account::{EmailAddress, same_address};
use crate::domain::id::{InvitationId, OrganisationId, UserId};
use crate::domain::organisation::{
    AlreadyMember, InvitationProblem, MemberRole, MembershipProblem, OrganisationDraft,
    already_member, check_invitation, check_leaving, check_removal, check_role_change,
    invitation_lifetime,
};
use crate::domain::permission::Actor;
use crate::mail::notify::{self, InvitationMail, MailContext};

/// Registers the organisation with `user_id` as its secretary; returns its id.
pub fn create(
    conn: &mut DbConn,
    user_id: &UserId,
    draft: &OrganisationDraft,
    now: NaiveDateTime,
) -> Result<OrganisationId, OpError> {
    Ok(organisations::insert_organisation(
        conn, draft, user_id, now,
    )?)
}

/// Fails with `Forbidden`, rolling back the write, unless `user_id` is the secretary.
fn require_secretary(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    user_id: &UserId,
) -> Result<(), OpError> {
    match organisations::member_role(conn, organisation_id, user_id)? {
        Some(MemberRole::Secretary) => Ok(()),
        _ => Err(OpError::Forbidden),
    }
}

fn find(conn: &mut DbConn, organisation_id: &OrganisationId) -> Result<Organisation, OpError> {
    organisations::find_organisation(conn, organisation_id)?.ok_or(OpError::NotFound)
}

/// The secretary changes the organisation's profile.
pub fn update(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    secretary_id: &UserId,
    draft: &OrganisationDraft,
) -> Result<(), OpError> {
    require_secretary(conn, organisation_id, secretary_id)?;
    Ok(organisations::update_organisation(
        conn,
        organisation_id,
        draft,
    )?)
}

/// Marks the organisation verified (for a council the actor is clerk of and it worked
/// with) or takes that back; `Forbidden` when the actor may not.
pub fn set_verified(
    conn: &mut DbConn,
    actor: &Actor,
    organisation_id: &OrganisationId,
    verified: bool,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let organisation = find(conn, organisation_id)?;
    let worked_with = organisations::councils_worked_with(conn, organisation_id)?;
    let by = if verified {
        let council = actor.verifies_for(&worked_with).ok_or(OpError::Forbidden)?;
        Some((&actor.user_id, council))
    } else if actor.may_unverify(organisation.verified_council_id.as_ref(), &worked_with) {
        None
    } else {
        return Err(OpError::Forbidden);
    };
    Ok(organisations::set_verified(conn, organisation_id, by, now)?)
}

pub struct Invite {
    pub organisation_id: OrganisationId,
    pub secretary_id: UserId,
    /// The secretary's name as the mail shows it.
    pub invited_by: String,
    pub email: EmailAddress,
    pub role: MemberRole,
}

pub enum Invited {
    /// Stored and mailed.
    Sent,
    /// The address belongs to a member already; nothing was stored.
    AlreadyMember,
    /// The address has an invitation that still works; nothing was stored.
    AlreadyInvited,
}

/// The secretary invites an address by a mailed link that works for
/// [`invitation_lifetime`].
pub fn invite(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &Invite,
    now: NaiveDateTime,
) -> Result<Invited, OpError> {
    let organisation_id = &request.organisation_id;
    require_secretary(conn, organisation_id, &request.secretary_id)?;
    let organisation = find(conn, organisation_id)?;
    if let Some(user) = accounts::find_user_by_email(conn, &request.email)?
        && organisations::member_role(conn, organisation_id, &user.id)?.is_some()
    {
        return Ok(Invited::AlreadyMember);
    }
    let open = organisations::open_invitations(conn, organisation_id, now)?;
    if open
        .iter()
        .any(|i| same_address(&i.email, request.email.as_str()))
    {
        return Ok(Invited::AlreadyInvited);
    }
    let expires_at = now + invitation_lifetime();
    let invitation_id = organisations::insert_invitation(
        conn,
        organisation_id,
        request.email.as_str(),
        request.role,
        &request.secretary_id,
        now,
        expires_at,
    )?;
    notify::organisation_invitation(
        conn,
        mail,
        &InvitationMail {
            invitation_id: &invitation_id,
            email: request.email.as_str(),
            organisation: &organisation.name,
            invited_by: &request.invited_by,
            role_label: request.role.label(),
            expires_at,
        },
        now,
    )?;
    Ok(Invited::Sent)
}

/// What a secretary's change to the members, or a member's leaving, gave.
pub enum MemberChange {
    Done,
    /// Not allowed; nothing changed.
    Refused(MembershipProblem),
    /// The role asked for cannot be given directly (a bad request).
    RoleNotAssignable,
}

impl From<Result<(), MembershipProblem>> for MemberChange {
    fn from(checked: Result<(), MembershipProblem>) -> Self {
        match checked {
            Ok(()) => Self::Done,
            Err(problem) => Self::Refused(problem),
        }
    }
}

/// The organisation exists (`NotFound`) and `secretary_id` is its secretary (`Forbidden`).
fn as_secretary(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    secretary_id: &UserId,
) -> Result<(), OpError> {
    find(conn, organisation_id)?;
    require_secretary(conn, organisation_id, secretary_id)
}

/// The secretary makes a member board member or editor.
pub fn change_role(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    secretary_id: &UserId,
    member_id: &UserId,
    role: Option<MemberRole>,
) -> Result<MemberChange, OpError> {
    as_secretary(conn, organisation_id, secretary_id)?;
    let Some(role) = role.filter(|role| role.assignable()) else {
        return Ok(MemberChange::RoleNotAssignable);
    };
    let current =
        organisations::member_role(conn, organisation_id, member_id)?.ok_or(OpError::NotFound)?;
    if let Err(problem) = check_role_change(current) {
        return Ok(MemberChange::Refused(problem));
    }
    organisations::set_role(conn, organisation_id, member_id, role)?;
    Ok(MemberChange::Done)
}

/// The secretary removes another member; `NotFound` when they are not one.
pub fn remove_member(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    secretary_id: &UserId,
    member_id: &UserId,
) -> Result<MemberChange, OpError> {
    as_secretary(conn, organisation_id, secretary_id)?;
    if let Err(problem) = check_removal(secretary_id, member_id) {
        return Ok(MemberChange::Refused(problem));
    }
    if organisations::remove_member(conn, organisation_id, member_id)? {
        Ok(MemberChange::Done)
    } else {
        Err(OpError::NotFound)
    }
}

/// The secretary makes another member secretary and becomes a board member.
pub fn hand_over(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    secretary_id: &UserId,
    chosen_id: &UserId,
) -> Result<MemberChange, OpError> {
    as_secretary(conn, organisation_id, secretary_id)?;
    // Checked again inside the write: the member may have left meanwhile.
    if organisations::member_role(conn, organisation_id, chosen_id)?.is_none() {
        return Ok(MemberChange::Refused(MembershipProblem::NoLongerMember));
    }
    organisations::set_role(conn, organisation_id, chosen_id, MemberRole::Secretary)?;
    organisations::set_role(conn, organisation_id, secretary_id, MemberRole::Board)?;
    Ok(MemberChange::Done)
}

/// A member leaves; `Forbidden` for someone who is not one.
pub fn leave(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    user_id: &UserId,
) -> Result<MemberChange, OpError> {
    find(conn, organisation_id)?;
    let role =
        organisations::member_role(conn, organisation_id, user_id)?.ok_or(OpError::Forbidden)?;
    if let Err(problem) = check_leaving(role) {
        return Ok(MemberChange::Refused(problem));
    }
    organisations::remove_member(conn, organisation_id, user_id)?;
    Ok(MemberChange::Done)
}

/// Who accepts an invitation.
pub struct Acceptance {
    pub invitation_id: InvitationId,
    /// The organisation the signed link was checked against, for the secretary's mail.
    pub organisation: Organisation,
    pub user_id: UserId,
    pub email: String,
    pub name: String,
}

pub enum Accepted {
    /// Now a member, or had accepted this invitation before.
    Joined,
    /// A member already; at most their own invitation was marked used.
    AlreadyMember,
    Refused(InvitationProblem),
}

/// Accepts an invitation for the signed-in user's address; the secretary is told.
pub fn accept_invitation(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &Acceptance,
    now: NaiveDateTime,
) -> Result<Accepted, OpError> {
    let id = &request.invitation_id;
    let organisation_id = &request.organisation.id;
    let invitation = organisations::find_invitation(conn, id)?.ok_or(OpError::NotFound)?;
    let role = invitation.role;
    if organisations::member_role(conn, organisation_id, &request.user_id)?.is_some() {
        return Ok(
            match already_member(&invitation.email, invitation.accepted_at, &request.email) {
                AlreadyMember::MarkUsed => {
                    organisations::accept_invitation(conn, id, now)?;
                    Accepted::AlreadyMember
                }
                AlreadyMember::Accepted => Accepted::Joined,
                AlreadyMember::Member => Accepted::AlreadyMember,
            },
        );
    }
    if let Err(problem) = check_invitation(
        &invitation.email,
        invitation.accepted_at,
        invitation.expires_at,
        &request.email,
        now,
    ) {
        return Ok(Accepted::Refused(problem));
    }
    // Marked used first: a click at the same moment finds it used and adds nobody;
    // the one that marked it adds the member, so the result is the same.
    if organisations::accept_invitation(conn, id, now)? {
        organisations::add_member(conn, organisation_id, &request.user_id, role, now)?;
        notify::invitation_accepted(
            conn,
            mail,
            id,
            &request.organisation,
            &request.name,
            role.label(),
            now,
        )?;
    }
    Ok(Accepted::Joined)
}
