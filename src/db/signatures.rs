//! Co-signatures, their sharded counters, organisation signatures and postcode districts.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};

use super::consultations::{self, ConsultationListing};
use super::organisations::Organisation;
use super::reactions::Reaction;
use super::schema::{
    district_postcodes, organisation_signatures, organisations, positions, reactions, scenarios,
    signature_reviews, signatures, support_counts,
};
use super::{DbConn, new_id};
use crate::domain::id::{
    ConsultationId, CouncilId, DecisionPointId, OrganisationId, SignatureId, TargetId, UserId,
};
use crate::domain::reaction::{ReactionState, Stance};
use crate::domain::signature::{OTHER_DISTRICT, SignatureState, TargetKind};

/// Confirmations spread over this many counter rows per target and district.
const SHARDS: i32 = 8;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signatures)]
pub struct Signature {
    pub id: SignatureId,
    pub consultation_id: ConsultationId,
    pub target_kind: TargetKind,
    pub target_id: TargetId,
    pub display_name: Option<String>,
    pub email_normalized: Option<String>,
    /// As typed, for mail.
    pub email: Option<String>,
    pub email_domain: String,
    pub district: String,
    pub state: SignatureState,
    pub code_hash: Option<String>,
    pub source_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_mail_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
}

/// A signable position or scenario with its reaction and consultation.
#[derive(Debug, Clone)]
pub struct Target {
    pub kind: TargetKind,
    pub id: TargetId,
    /// The position's text or the scenario's title.
    pub text: String,
    /// Its number within the reaction (its place on the reaction's page).
    pub number: i32,
    pub decision_point_id: Option<DecisionPointId>,
    pub stance: Option<Stance>,
    pub reaction: Reaction,
    pub listing: ConsultationListing,
}

/// A target's own columns: text, number, decision point, stance, and its reaction.
type TargetRow = (
    String,
    i32,
    Option<DecisionPointId>,
    Option<Stance>,
    Reaction,
);

pub fn find_target(
    conn: &mut DbConn,
    kind: TargetKind,
    id: &TargetId,
) -> QueryResult<Option<Target>> {
    let found: Option<TargetRow> = match kind {
        TargetKind::Position => positions::table
            .inner_join(reactions::table)
            .filter(positions::id.eq(id))
            .select((
                positions::body,
                positions::number,
                positions::decision_point_id,
                positions::stance.nullable(),
                Reaction::as_select(),
            ))
            .first(conn)
            .optional()?,
        TargetKind::Scenario => scenarios::table
            .inner_join(reactions::table)
            .filter(scenarios::id.eq(id))
            .select((
                scenarios::title,
                scenarios::number,
                scenarios::decision_point_id,
                None::<String>.into_sql::<Nullable<Text>>(),
                Reaction::as_select(),
            ))
            .first(conn)
            .optional()?,
    };
    let Some((text, number, decision_point_id, stance, reaction)) = found else {
        return Ok(None);
    };
    if reaction.state() == ReactionState::Draft {
        return Ok(None);
    }
    let Some(listing) = consultations::find_consultation(conn, &reaction.consultation_id)? else {
        return Ok(None);
    };
    Ok(Some(Target {
        kind,
        id: id.clone(),
        text,
        number,
        decision_point_id,
        stance,
        reaction,
        listing,
    }))
}

/// The wijk of a postcode in a council's table: the full postcode wins over its digits.
/// Two point lookups rather than one `IN`: diesel keeps these prepared, and signing runs
/// this on every request.
pub fn district_for(
    conn: &mut DbConn,
    council_id: &CouncilId,
    postcode: &str,
) -> QueryResult<String> {
    let digits: String = postcode.chars().take(4).collect();
    for code in [postcode, digits.as_str()] {
        let query = district_postcodes::table
            .filter(district_postcodes::council_id.eq(council_id))
            .filter(district_postcodes::postcode.eq(code))
            .select(district_postcodes::district);
        let found: Option<String> =
            super::on_backend!(&mut *conn, inner => query.first(inner).optional())?;
        if let Some(district) = found {
            return Ok(district);
        }
    }
    Ok(OTHER_DISTRICT.to_owned())
}

/// Replaces a council's postcode table; returns the number of rows.
pub fn replace_districts(
    conn: &mut DbConn,
    council_id: &CouncilId,
    rows: &[(String, String)],
) -> QueryResult<usize> {
    diesel::delete(district_postcodes::table.filter(district_postcodes::council_id.eq(council_id)))
        .execute(conn)?;
    for (postcode, district) in rows {
        diesel::sql_query(
            "INSERT INTO district_postcodes (council_id, postcode, district) VALUES ($1, $2, $3) \
             ON CONFLICT (council_id, postcode) DO UPDATE SET district = excluded.district",
        )
        .bind::<Text, _>(council_id)
        .bind::<Text, _>(postcode)
        .bind::<Text, _>(district)
        .execute(conn)?;
    }
    Ok(rows.len())
}

pub fn district_count(conn: &mut DbConn, council_id: &CouncilId) -> QueryResult<i64> {
    district_postcodes::table
        .filter(district_postcodes::council_id.eq(council_id))
        .count()
        .get_result(conn)
}

/// Signatures since `since` from one network, and from one mail domain unless it is a big
/// provider (whose limit does not apply, and whose count would grow with every burst).
pub fn recent_counts(
    conn: &mut DbConn,
    source_hash: &str,
    domain: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    let from_source = signatures::table
        .filter(signatures::source_hash.eq(source_hash))
        .filter(signatures::created_at.gt(since))
        .count();
    let from_source = super::on_backend!(&mut *conn, inner => from_source.get_result(inner))?;
    if crate::domain::signature::is_common_provider(domain) {
        return Ok((from_source, 0));
    }
    let from_domain = signatures::table
        .filter(signatures::email_domain.eq(domain))
        .filter(signatures::created_at.gt(since))
        .count();
    let from_domain = super::on_backend!(conn, inner => from_domain.get_result(inner))?;
    Ok((from_source, from_domain))
}

/// A new signature; the tokens are hashes. Returns false when this address already
/// signed this target (the unique constraint decides, so parallel attempts leave one row).
pub struct NewSignature<'a> {
    pub id: &'a SignatureId,
    pub consultation_id: &'a ConsultationId,
    pub kind: TargetKind,
    pub target_id: &'a TargetId,
    pub display_name: Option<&'a str>,
    /// Normalised: one signature per mailbox.
    pub email: &'a str,
    /// As typed: where mail goes.
    pub mail_to: &'a str,
    pub email_domain: &'a str,
    pub district: &'a str,
    pub state: SignatureState,
    /// The short code's hash; `None` when no mail is sent (an account's signature).
    pub code_hash: Option<&'a str>,
    pub source_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub mailed: bool,
    /// Asked for a mail when the council answers and when the raad decides.
    pub wants_updates: bool,
}

pub fn insert_signature(
    conn: &mut DbConn,
    new: &NewSignature<'_>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let values = (
        signatures::id.eq(new.id),
        signatures::consultation_id.eq(new.consultation_id),
        signatures::target_kind.eq(new.kind),
        signatures::target_id.eq(new.target_id),
        signatures::display_name.eq(new.display_name),
        signatures::email_normalized.eq(new.email),
        signatures::email.eq(new.mail_to),
        signatures::email_domain.eq(new.email_domain),
        signatures::district.eq(new.district),
        signatures::state.eq(new.state),
        signatures::code_hash.eq(new.code_hash),
        signatures::source_hash.eq(new.source_hash),
        signatures::created_at.eq(now),
        signatures::expires_at.eq(new.expires_at),
        signatures::last_mail_at.eq(new.mailed.then_some(now)),
        signatures::wants_updates.eq(new.wants_updates),
    );
    // Skipped when this address signed this target already.
    let inserted = super::insert_unless_present!(conn, signatures::table, values)?;
    Ok(inserted == 1)
}

/// A signature by a signed-in account whose address was confirmed (`new.state` is
/// confirmed): it counts at once, without a mail. False when this address already signed.
pub fn insert_confirmed(
    conn: &mut DbConn,
    new: &NewSignature<'_>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if !insert_signature(conn, new, now)? {
        return Ok(false);
    }
    diesel::update(signatures::table.find(new.id))
        .set(signatures::confirmed_at.eq(now))
        .execute(conn)?;
    add_to_count(conn, new.target_id, new.district, 1)?;
    Ok(true)
}

pub fn find_by_email(
    conn: &mut DbConn,
    target_id: &TargetId,
    email: &str,
) -> QueryResult<Option<Signature>> {
    signatures::table
        .filter(signatures::target_id.eq(target_id))
        .filter(signatures::email_normalized.eq(email))
        .select(Signature::as_select())
        .first(conn)
        .optional()
}

/// A new code and expiry for an unconfirmed signature whose signer asked again (at most
/// hourly) or that the griffie approved; the links stay the same.
pub fn renew(
    conn: &mut DbConn,
    id: &SignatureId,
    code_hash: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(signatures::table.find(id))
        .set((
            signatures::code_hash.eq(code_hash),
            signatures::expires_at.eq(expires_at),
            signatures::last_mail_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Adds `delta` confirmed signatures to a random shard of the target's counter.
fn add_to_count(
    conn: &mut DbConn,
    target_id: &TargetId,
    district: &str,
    delta: i32,
) -> QueryResult<()> {
    let shard = rand::random_range(0..SHARDS);
    diesel::sql_query(
        "INSERT INTO support_counts (target_id, district, shard, confirmed) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (target_id, district, shard) DO UPDATE SET confirmed = support_counts.confirmed + excluded.confirmed",
    )
    .bind::<Text, _>(target_id)
    .bind::<Text, _>(district)
    .bind::<Integer, _>(shard)
    .bind::<Integer, _>(delta)
    .execute(conn)
    .map(|_| ())
}

/// Confirms a pending signature (its link was checked), once; returns it, or `None` if
/// it is unknown, no longer pending or expired. Twenty clicks at once confirm once: only
/// one update finds the row still pending.
pub fn confirm(
    conn: &mut DbConn,
    id: &SignatureId,
    now: NaiveDateTime,
) -> QueryResult<Option<Signature>> {
    let Some(signature) = find(conn, id)? else {
        return Ok(None);
    };
    confirm_row(conn, signature, now)
}

/// Confirms by the short code from the mail together with the address it was sent to.
pub fn confirm_by_code(
    conn: &mut DbConn,
    email: &str,
    code_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Signature>> {
    let found: Option<Signature> = signatures::table
        .filter(signatures::email_normalized.eq(email))
        .filter(signatures::code_hash.eq(code_hash))
        .select(Signature::as_select())
        .first(conn)
        .optional()?;
    let Some(signature) = found else {
        return Ok(None);
    };
    confirm_row(conn, signature, now)
}

fn confirm_row(
    conn: &mut DbConn,
    signature: Signature,
    now: NaiveDateTime,
) -> QueryResult<Option<Signature>> {
    let updated = diesel::update(
        signatures::table
            .filter(signatures::id.eq(&signature.id))
            .filter(signatures::state.eq(SignatureState::Pending))
            .filter(signatures::expires_at.gt(now)),
    )
    .set((
        signatures::state.eq(SignatureState::Confirmed),
        signatures::confirmed_at.eq(now),
        signatures::code_hash.eq(None::<String>),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    add_to_count(conn, &signature.target_id, &signature.district, 1)?;
    Ok(Some(signature))
}

pub fn find(conn: &mut DbConn, id: &SignatureId) -> QueryResult<Option<Signature>> {
    signatures::table
        .find(id)
        .select(Signature::as_select())
        .first(conn)
        .optional()
}

/// Withdraws a signature (its link was checked); a confirmed one leaves the count.
pub fn withdraw(
    conn: &mut DbConn,
    id: &SignatureId,
    now: NaiveDateTime,
) -> QueryResult<Option<Signature>> {
    let Some(signature) = find(conn, id)? else {
        return Ok(None);
    };
    let was_confirmed = signature.state == SignatureState::Confirmed;
    let updated = diesel::update(
        signatures::table
            .filter(signatures::id.eq(&signature.id))
            .filter(signatures::state.eq_any([
                SignatureState::Pending,
                SignatureState::Held,
                SignatureState::Confirmed,
            ])),
    )
    .set((
        signatures::state.eq(SignatureState::Withdrawn),
        signatures::withdrawn_at.eq(now),
        signatures::code_hash.eq(None::<String>),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    if was_confirmed {
        add_to_count(conn, &signature.target_id, &signature.district, -1)?;
    }
    Ok(Some(signature))
}

/// Confirmed signatures of one target per district.
pub fn district_counts(conn: &mut DbConn, target_id: &TargetId) -> QueryResult<Vec<(String, i64)>> {
    let rows: Vec<(String, Option<i64>)> = support_counts::table
        .filter(support_counts::target_id.eq(target_id))
        .group_by(support_counts::district)
        .select((
            support_counts::district,
            diesel::dsl::sum(support_counts::confirmed),
        ))
        .order(support_counts::district.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(d, n)| (d, n.unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect())
}

/// Confirmed signatures per target, for many targets at once.
pub fn totals(conn: &mut DbConn, target_ids: &[TargetId]) -> QueryResult<Vec<(TargetId, i64)>> {
    let rows: Vec<(TargetId, Option<i64>)> = support_counts::table
        .filter(support_counts::target_id.eq_any(target_ids))
        .group_by(support_counts::target_id)
        .select((
            support_counts::target_id,
            diesel::dsl::sum(support_counts::confirmed),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(t, n)| (t, n.unwrap_or(0))).collect())
}

/// Names that confirmed signers chose to show, newest first. The two `IS NOT NULL`
/// terms are the condition of the partial index `signatures_named_support`, written out
/// so that both backends' planners see the query fits it.
pub fn public_names(
    conn: &mut DbConn,
    target_id: &TargetId,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let names: Vec<Option<String>> = signatures::table
        .filter(signatures::target_id.eq(target_id))
        .filter(signatures::confirmed_at.is_not_null())
        .filter(signatures::display_name.is_not_null())
        .filter(signatures::state.eq(SignatureState::Confirmed))
        .order(signatures::confirmed_at.desc())
        .limit(limit)
        .select(signatures::display_name)
        .load(conn)?;
    Ok(names.into_iter().flatten().collect())
}

/// An organisation's co-signature; false if it had signed already.
pub fn sign_as_organisation(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    target: &Target,
    signed_by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let inserted = diesel::sql_query(
        "INSERT INTO organisation_signatures (organisation_id, target_kind, target_id, consultation_id, signed_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind::<Text, _>(organisation_id)
    .bind::<Text, _>(target.kind)
    .bind::<Text, _>(&target.id)
    .bind::<Text, _>(&target.listing.consultation.id)
    .bind::<Text, _>(signed_by)
    .bind::<Timestamp, _>(now)
    .execute(conn)?;
    Ok(inserted == 1)
}

pub fn organisations_supporting(
    conn: &mut DbConn,
    target_id: &TargetId,
) -> QueryResult<Vec<Organisation>> {
    organisation_signatures::table
        .inner_join(organisations::table)
        .filter(organisation_signatures::target_id.eq(target_id))
        .order(organisations::name.asc())
        .select(Organisation::as_select())
        .load(conn)
}

/// Removes addresses where the retention period after archiving has passed (counts stay),
/// and deletes unconfirmed signatures whose links expired (they never counted).
/// Returns `(addresses removed, unconfirmed deleted)`.
pub fn purge(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<(usize, usize)> {
    let mut removed = 0;
    for consultation_id in super::consultations::past_retention(conn, now)? {
        removed += diesel::update(
            signatures::table
                .filter(signatures::consultation_id.eq(&consultation_id))
                .filter(signatures::email_normalized.is_not_null()),
        )
        .set((
            signatures::email_normalized.eq(None::<String>),
            signatures::email.eq(None::<String>),
            signatures::code_hash.eq(None::<String>),
        ))
        .execute(conn)?;
    }
    let expired = diesel::delete(
        signatures::table
            .filter(signatures::state.eq_any([SignatureState::Pending, SignatureState::Held]))
            .filter(signatures::expires_at.le(now)),
    )
    .execute(conn)?;
    Ok((removed, expired))
}

/// Held signatures from one network and mail domain.
#[derive(Debug, Clone)]
pub struct HeldGroup {
    pub source_hash: String,
    pub domain: String,
    pub count: i64,
    pub first: NaiveDateTime,
    pub last: NaiveDateTime,
}

type HeldRow = (
    String,
    String,
    i64,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// Held signatures of a consultation grouped by network and mail domain, largest first.
pub fn held_groups(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<HeldGroup>> {
    let rows: Vec<HeldRow> = signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .filter(signatures::state.eq(SignatureState::Held))
        .group_by((signatures::source_hash, signatures::email_domain))
        .select((
            signatures::source_hash,
            signatures::email_domain,
            diesel::dsl::count_star(),
            diesel::dsl::min(signatures::created_at),
            diesel::dsl::max(signatures::created_at),
        ))
        .load(conn)?;
    let mut groups: Vec<HeldGroup> = rows
        .into_iter()
        .filter_map(|(source_hash, domain, count, first, last)| {
            Some(HeldGroup {
                source_hash,
                domain,
                count,
                first: first?,
                last: last?,
            })
        })
        .collect();
    groups.sort_by_key(|group| std::cmp::Reverse(group.count));
    Ok(groups)
}

/// Held signatures of one group, for approving (they then get their mail) or voiding.
pub fn held_in_group(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    source_hash: &str,
    domain: &str,
) -> QueryResult<Vec<Signature>> {
    signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .filter(signatures::state.eq(SignatureState::Held))
        .filter(signatures::source_hash.eq(source_hash))
        .filter(signatures::email_domain.eq(domain))
        .select(Signature::as_select())
        .load(conn)
}

pub fn set_state(
    conn: &mut DbConn,
    id: &SignatureId,
    state: SignatureState,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(signatures::table.find(id))
        .set((
            signatures::state.eq(state),
            signatures::last_mail_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

#[allow(clippy::too_many_arguments)]
pub fn log_review(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    source_hash: &str,
    domain: &str,
    decision: &str,
    count: i32,
    reason: &str,
    by: &UserId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(signature_reviews::table)
        .values((
            signature_reviews::id.eq(new_id()),
            signature_reviews::consultation_id.eq(consultation_id),
            signature_reviews::source_hash.eq(source_hash),
            signature_reviews::email_domain.eq(domain),
            signature_reviews::decision.eq(decision),
            signature_reviews::signatures.eq(count),
            signature_reviews::reason.eq(reason),
            signature_reviews::decided_by.eq(by),
            signature_reviews::decided_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Moves one held signature to `state` (pending after approval, voided after rejection);
/// false if it was no longer held, so two clerks deciding at once mail nobody twice.
pub fn release_held(
    conn: &mut DbConn,
    id: &SignatureId,
    state: SignatureState,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let held = signatures::table
        .filter(signatures::id.eq(id))
        .filter(signatures::state.eq(SignatureState::Held));
    let updated = if state == SignatureState::Voided {
        // Voided signatures can never be confirmed: only pending ones are, and the code
        // is dropped.
        diesel::update(held)
            .set((
                signatures::state.eq(state),
                signatures::code_hash.eq(None::<String>),
            ))
            .execute(conn)?
    } else {
        diesel::update(held)
            .set((
                signatures::state.eq(state),
                signatures::last_mail_at.eq(now),
            ))
            .execute(conn)?
    };
    Ok(updated == 1)
}

/// Many recent signatures of a consultation from one network or one mail domain.
#[derive(Debug, Clone)]
pub struct Burst {
    /// The network's `source_hash` or the mail domain.
    pub key: String,
    pub count: i64,
    pub first: NaiveDateTime,
    pub last: NaiveDateTime,
}

type BurstRow = (String, i64, Option<NaiveDateTime>, Option<NaiveDateTime>);

fn bursts_from(rows: Vec<BurstRow>, at_least: i64) -> Vec<Burst> {
    let mut bursts: Vec<Burst> = rows
        .into_iter()
        .filter(|(_, count, _, _)| *count >= at_least)
        .filter_map(|(key, count, first, last)| {
            Some(Burst {
                key,
                count,
                first: first?,
                last: last?,
            })
        })
        .collect();
    bursts.sort_by_key(|burst| std::cmp::Reverse(burst.count));
    bursts
}

/// Networks with at least `at_least` signatures on this consultation since `since`.
pub fn network_bursts(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    since: NaiveDateTime,
    at_least: i64,
) -> QueryResult<Vec<Burst>> {
    let rows: Vec<BurstRow> = signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .filter(signatures::created_at.gt(since))
        .group_by(signatures::source_hash)
        .select((
            signatures::source_hash,
            diesel::dsl::count_star(),
            diesel::dsl::min(signatures::created_at),
            diesel::dsl::max(signatures::created_at),
        ))
        .load(conn)?;
    Ok(bursts_from(rows, at_least))
}

/// Mail domains with at least `at_least` signatures on this consultation since `since`.
pub fn domain_bursts(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    since: NaiveDateTime,
    at_least: i64,
) -> QueryResult<Vec<Burst>> {
    let rows: Vec<BurstRow> = signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .filter(signatures::created_at.gt(since))
        .group_by(signatures::email_domain)
        .select((
            signatures::email_domain,
            diesel::dsl::count_star(),
            diesel::dsl::min(signatures::created_at),
            diesel::dsl::max(signatures::created_at),
        ))
        .load(conn)?;
    Ok(bursts_from(rows, at_least))
}

/// When each network first signed something in this consultation, oldest first; gives
/// networks short labels that stay the same while new networks are added.
pub fn networks_first_seen(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    let rows: Vec<(String, Option<NaiveDateTime>)> = signatures::table
        .filter(signatures::consultation_id.eq(consultation_id))
        .group_by(signatures::source_hash)
        .select((
            signatures::source_hash,
            diesel::dsl::min(signatures::created_at),
        ))
        .load(conn)?;
    let mut seen: Vec<(String, NaiveDateTime)> = rows
        .into_iter()
        .filter_map(|(hash, first)| Some((hash, first?)))
        .collect();
    seen.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    Ok(seen)
}

/// A decision of the griffie about held signatures.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signature_reviews)]
pub struct SignatureReview {
    pub id: String,
    pub consultation_id: ConsultationId,
    pub source_hash: String,
    pub email_domain: String,
    pub decision: String,
    pub signatures: i32,
    pub reason: String,
    pub decided_by: UserId,
    pub decided_at: NaiveDateTime,
}

/// The review decisions of a consultation, newest first, with the name of who decided.
pub fn reviews_of(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> QueryResult<Vec<(SignatureReview, Option<String>)>> {
    use super::schema::users;
    signature_reviews::table
        .left_join(users::table.on(users::id.eq(signature_reviews::decided_by)))
        .filter(signature_reviews::consultation_id.eq(consultation_id))
        .order((
            signature_reviews::decided_at.desc(),
            signature_reviews::id.desc(),
        ))
        .select((SignatureReview::as_select(), users::display_name.nullable()))
        .load(conn)
}

/// The wijken of a council's postcode table with their number of postcodes.
pub fn district_summary(
    conn: &mut DbConn,
    council_id: &CouncilId,
) -> QueryResult<Vec<(String, i64)>> {
    district_postcodes::table
        .filter(district_postcodes::council_id.eq(council_id))
        .group_by(district_postcodes::district)
        .select((district_postcodes::district, diesel::dsl::count_star()))
        .order(district_postcodes::district.asc())
        .load(conn)
}
