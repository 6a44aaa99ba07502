//! Everything held about one account, for "download my data" (AVG art. 15 and 20).
//! Each query here is scoped to the account's id or address; `export::personal_data`
//! writes the file.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::accounts::{self, SessionLine, User};
use super::address_changes::{self, FormerAddress, PendingChange};
use super::reactions::{self, Attachment, Position, Reaction, Scenario};
use super::schema::{
    account_districts, consultations, councils, organisation_members, organisation_signatures,
    organisations, outbox, post_flags, posts, reactions as reaction_rows, signatures,
};
use super::signatures::Signature;
use super::speaking::SpeakingRequest;
use super::threads::Post;
use crate::domain::account::{CouncilRole, EmailAddress};
use crate::domain::id::{OrganisationId, PostId, TargetId, UserId};
use crate::domain::organisation::MemberRole;
use crate::domain::signature::normalise_for_signing;

/// A reaction the account wrote or submitted, with what it contains.
pub struct HeldReaction {
    pub reaction: Reaction,
    pub consultation: String,
    pub organisation: Option<String>,
    pub positions: Vec<Position>,
    pub scenarios: Vec<Scenario>,
    pub attachments: Vec<Attachment>,
}

/// A mail sent or waiting for the account's address: what it was, not its text.
#[derive(Queryable)]
pub struct HeldMail {
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub struct PersonalData {
    pub user: User,
    pub pending_email: Option<PendingChange>,
    pub former_addresses: Vec<FormerAddress>,
    /// Council name and role.
    pub roles: Vec<(String, CouncilRole)>,
    /// Council name and the wijk the account signs from there.
    pub districts: Vec<(String, String)>,
    /// Organisation id, name, role and when the account joined.
    pub organisations: Vec<(OrganisationId, String, MemberRole, NaiveDateTime)>,
    pub reactions: Vec<HeldReaction>,
    pub signatures: Vec<Signature>,
    /// Positions and scenarios supported for an organisation: organisation name, target.
    pub organisation_signatures: Vec<(String, TargetId, NaiveDateTime)>,
    pub posts: Vec<Post>,
    /// Posts the account reported, with the reason given.
    pub flags: Vec<(PostId, String)>,
    pub speaking_requests: Vec<SpeakingRequest>,
    pub sessions: Vec<SessionLine>,
    pub mail: Vec<HeldMail>,
    /// Unused recovery codes (their number only; the codes are stored keyed).
    pub recovery_codes_left: i64,
}

pub fn collect(
    conn: &mut DbConn,
    user_id: &UserId,
    now: NaiveDateTime,
) -> QueryResult<Option<PersonalData>> {
    let Some(user) = accounts::find_user(conn, user_id)? else {
        return Ok(None);
    };
    let roles = accounts::roles_of(conn, user_id)?;
    let council_names: Vec<(crate::domain::id::CouncilId, String)> = councils::table
        .select((councils::id, councils::name))
        .load(conn)?;
    let council_name = |id: &crate::domain::id::CouncilId| {
        council_names
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };
    let roles = roles
        .iter()
        .map(|(council, role)| (council_name(council), *role))
        .collect();
    let districts = account_districts::table
        .filter(account_districts::user_id.eq(user_id))
        .select((account_districts::council_id, account_districts::district))
        .load::<(crate::domain::id::CouncilId, String)>(conn)?
        .iter()
        .map(|(council, district)| (council_name(council), district.clone()))
        .collect();
    let organisations = organisation_members::table
        .inner_join(organisations::table)
        .filter(organisation_members::user_id.eq(user_id))
        .order(organisations::name.asc())
        .select((
            organisations::id,
            organisations::name,
            organisation_members::role,
            organisation_members::joined_at,
        ))
        .load(conn)?;
    let own: Vec<Reaction> = reaction_rows::table
        .filter(
            reaction_rows::author_id
                .eq(user_id)
                .or(reaction_rows::submitted_by.eq(user_id)),
        )
        .order(reaction_rows::created_at.asc())
        .select(Reaction::as_select())
        .load(conn)?;
    let mut held = Vec::with_capacity(own.len());
    for reaction in own {
        let consultation = consultations::table
            .find(&reaction.consultation_id)
            .select(consultations::title)
            .first(conn)?;
        let organisation = match &reaction.organisation_id {
            Some(id) => Some(
                organisations::table
                    .find(id)
                    .select(organisations::name)
                    .first(conn)?,
            ),
            None => None,
        };
        held.push(HeldReaction {
            consultation,
            organisation,
            positions: reactions::positions_of(conn, &reaction.id)?,
            scenarios: reactions::scenarios_of(conn, &reaction.id)?,
            attachments: reactions::attachments_of(conn, &reaction.id)?,
            reaction,
        });
    }
    let signatures = match EmailAddress::parse(&user.email) {
        Ok(email) => signatures::table
            .filter(signatures::email_normalized.eq(normalise_for_signing(&email)))
            .order(signatures::created_at.asc())
            .select(Signature::as_select())
            .load(conn)?,
        Err(_) => Vec::new(),
    };
    let organisation_signatures = organisation_signatures::table
        .inner_join(organisations::table)
        .filter(organisation_signatures::signed_by.eq(user_id))
        .select((
            organisations::name,
            organisation_signatures::target_id,
            organisation_signatures::created_at,
        ))
        .load(conn)?;
    let posts = posts::table
        .filter(posts::author_id.eq(user_id))
        .order(posts::created_at.asc())
        .select(Post::as_select())
        .load(conn)?;
    let flags = post_flags::table
        .filter(post_flags::user_id.eq(user_id))
        .select((post_flags::post_id, post_flags::reason))
        .load(conn)?;
    let speaking_requests = super::schema::speaking_requests::table
        .filter(super::schema::speaking_requests::requested_by.eq(user_id))
        .order(super::schema::speaking_requests::created_at.asc())
        .select(SpeakingRequest::as_select())
        .load(conn)?;
    let mail = outbox::table
        .filter(outbox::recipient.eq(&user.email))
        .order(outbox::created_at.asc())
        .select((
            outbox::kind,
            outbox::subject,
            outbox::status,
            outbox::created_at,
            outbox::sent_at,
        ))
        .load(conn)?;
    Ok(Some(PersonalData {
        pending_email: address_changes::pending(conn, user_id)?,
        former_addresses: address_changes::formers(conn, user_id)?,
        roles,
        districts,
        organisations,
        reactions: held,
        signatures,
        organisation_signatures,
        posts,
        flags,
        speaking_requests,
        sessions: accounts::sessions_of(conn, user_id, now)?,
        mail,
        recovery_codes_left: super::two_factor::recovery_codes_left(conn, user_id)?,
        user,
    }))
}
