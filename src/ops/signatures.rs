//! Signing a position or scenario, and confirming a signature.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::outbox::NewMail;
use crate::db::signatures::{self, NewSignature, Target};
use crate::db::{DbConn, accounts, consultations, organisations, reactions, throttle};
use crate::domain::consultation::ConsultationState;
use crate::domain::id::{ConsultationId, CouncilId, OrganisationId, SignatureId, TargetId, UserId};
use crate::domain::reaction::{ReactionError, ReactionState};
use crate::domain::security::sha256_hex;
use crate::domain::signature::{
    ReviewDecision, SignDraft, SignatureState, TargetKind, confirmation_lifetime, hold_window,
    mail_interval, new_code, should_hold, shown_code,
};
use crate::domain::throttle::CODE_PER_IP;
use crate::mail::notify::{self, MailContext, SignatureTokens};

/// Refuses a signature when the reaction was withdrawn or the round closed after the
/// page was read: checked inside the write, so no signature slips past the deadline.
pub fn still_signable(
    conn: &mut DbConn,
    target: &Target,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    if reactions::state_of(conn, &target.reaction.id)? != Some(ReactionState::Submitted) {
        return Err(ReactionError::Withdrawn.into());
    }
    if consultations::state_at(conn, &target.listing.consultation.id, now)?
        != Some(ConsultationState::Open)
    {
        return Err(ReactionError::ConsultationClosed.into());
    }
    Ok(())
}

/// A signature by mail, with everything that needs no database prepared before the
/// write (SQLite runs writes one at a time).
pub struct SignUp {
    pub draft: SignDraft,
    pub signature_id: SignatureId,
    /// The keyed network the request came from.
    pub source_hash: String,
    pub code_hash: String,
    /// The code as the mail shows it (`ABCD-EFGH`).
    pub shown_code: String,
    /// The confirmation mail for `signature_id`.
    pub confirmation: NewMail,
}

/// Stores a pending signature (held for the griffie when many come from one network or
/// domain at once) and queues its confirmation mail. Signing again while unconfirmed
/// mails the links again with a new code, at most once per [`mail_interval`].
pub fn sign_up(
    conn: &mut DbConn,
    mail: &MailContext,
    target: &Target,
    request: SignUp,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let listing = &target.listing;
    let draft = &request.draft;
    still_signable(conn, target, now)?;
    let district = signatures::district_for(conn, &listing.council.id, &draft.postcode)?;
    let (from_source, from_domain) = signatures::recent_counts(
        conn,
        &request.source_hash,
        &draft.email_domain,
        now - hold_window(),
    )?;
    let hold = should_hold(from_source, from_domain, &draft.email_domain);
    let inserted = signatures::insert_signature(
        conn,
        &NewSignature {
            id: &request.signature_id,
            consultation_id: &listing.consultation.id,
            kind: target.kind,
            target_id: &target.id,
            display_name: draft.display_name.as_deref(),
            email: &draft.email,
            mail_to: &draft.mail_to,
            email_domain: &draft.email_domain,
            district: &district,
            state: if hold {
                SignatureState::Held
            } else {
                SignatureState::Pending
            },
            code_hash: Some(&request.code_hash),
            source_hash: &request.source_hash,
            expires_at: now + confirmation_lifetime(),
            mailed: !hold,
            wants_updates: draft.wants_updates,
        },
        now,
    )?;
    if inserted && hold {
        notify::support_held(conn, mail, listing, &request.signature_id, now)?;
    }
    let send = if inserted {
        (!hold).then_some(request.confirmation)
    } else {
        match signatures::find_by_email(conn, &target.id, &draft.email)? {
            Some(existing)
                if existing.state == SignatureState::Pending
                    && existing
                        .last_mail_at
                        .is_none_or(|at| at + mail_interval() <= now) =>
            {
                signatures::renew(
                    conn,
                    &existing.id,
                    &request.code_hash,
                    now + confirmation_lifetime(),
                    now,
                )?;
                Some(notify::signature_confirmation_mail(
                    &draft.mail_to,
                    &SignatureTokens {
                        signature_id: &existing.id,
                        code: &request.shown_code,
                    },
                ))
            }
            _ => None,
        }
    };
    if let Some(confirmation) = send {
        notify::queue(conn, mail, &confirmation, now)?;
    }
    Ok(())
}

/// A confirmed signature: its target and the count with it.
pub struct Confirmed {
    pub target_kind: TargetKind,
    pub target_id: TargetId,
    pub total: i64,
}

/// Confirms by the mailed link; `None` when the link's signature is gone or expired.
/// The count is read in the same write, so the thank-you page includes this signature.
pub fn confirm_by_link(
    conn: &mut DbConn,
    signature_id: &SignatureId,
    now: NaiveDateTime,
) -> Result<Option<Confirmed>, OpError> {
    let signature = signatures::confirm(conn, signature_id, now)?;
    counted(conn, signature)
}

/// What typing a code gave.
pub enum CodeOutcome {
    Confirmed(Confirmed),
    /// Not this address's code, used or expired; counted against the network.
    Wrong,
    /// Too many wrong codes from this network lately; nothing was checked.
    Throttled,
}

/// Confirms by the typed code. Wrong codes count against the network (`network_key`,
/// keyed for [`CODE_PER_IP`]), decided under the subject's lock, so parallel guesses
/// cannot all pass one count.
pub fn confirm_by_code(
    conn: &mut DbConn,
    email: &str,
    code_hash: &str,
    network_key: &str,
    now: NaiveDateTime,
) -> Result<CodeOutcome, OpError> {
    if !throttle::has_room(conn, CODE_PER_IP, network_key, now)? {
        return Ok(CodeOutcome::Throttled);
    }
    let signature = signatures::confirm_by_code(conn, email, code_hash, now)?;
    match counted(conn, signature)? {
        Some(confirmed) => Ok(CodeOutcome::Confirmed(confirmed)),
        None => {
            throttle::record(conn, CODE_PER_IP.bucket, network_key, now)?;
            Ok(CodeOutcome::Wrong)
        }
    }
}

fn counted(
    conn: &mut DbConn,
    signature: Option<signatures::Signature>,
) -> Result<Option<Confirmed>, OpError> {
    let Some(signature) = signature else {
        return Ok(None);
    };
    let total = signatures::totals(conn, std::slice::from_ref(&signature.target_id))?
        .into_iter()
        .map(|(_, n)| n)
        .sum();
    Ok(Some(Confirmed {
        target_kind: signature.target_kind,
        target_id: signature.target_id,
        total,
    }))
}

/// The griffie's decision about one group of held signatures (one network and domain).
pub struct HeldDecision {
    pub consultation_id: ConsultationId,
    pub source_hash: String,
    pub domain: String,
    pub decision: ReviewDecision,
    pub reason: String,
    pub by: UserId,
}

pub enum HeldOutcome {
    Done,
    /// Nothing was held in the group any more (decided by someone else, or expired).
    Gone,
    /// The round closed: approving would change the fixed counts.
    Closed,
}

/// Releases every signature still held in the group, logs the decision with its reason,
/// and mails each approved signer a new code with a full week to confirm (they never got
/// the links).
pub fn decide_held(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &HeldDecision,
    now: NaiveDateTime,
) -> Result<HeldOutcome, OpError> {
    let listing = consultations::find_consultation(conn, &request.consultation_id)?
        .ok_or(OpError::NotFound)?;
    if !request
        .decision
        .allowed_in(listing.consultation.state_at(now))
    {
        return Ok(HeldOutcome::Closed);
    }
    let held = signatures::held_in_group(
        conn,
        &request.consultation_id,
        &request.source_hash,
        &request.domain,
    )?;
    let mut decided = 0;
    for signature in held {
        let state = request.decision.released_state();
        if !signatures::release_held(conn, &signature.id, state, now)? {
            continue;
        }
        decided += 1;
        if request.decision == ReviewDecision::Void {
            continue;
        }
        let code = new_code();
        signatures::renew(
            conn,
            &signature.id,
            &sha256_hex(&code),
            now + confirmation_lifetime(),
            now,
        )?;
        let Some(email) = &signature.email else {
            continue;
        };
        notify::signature_confirmation(
            conn,
            mail,
            email,
            &SignatureTokens {
                signature_id: &signature.id,
                code: &shown_code(&code),
            },
            now,
        )?;
    }
    if decided == 0 {
        return Ok(HeldOutcome::Gone);
    }
    signatures::log_review(
        conn,
        &request.consultation_id,
        &request.source_hash,
        &request.domain,
        request.decision.as_str(),
        decided,
        &request.reason,
        &request.by,
        now,
    )?;
    Ok(HeldOutcome::Done)
}

/// A signature by a signed-in account whose address was confirmed: it counts at once.
pub struct AccountSignature {
    pub signature_id: SignatureId,
    pub user_id: UserId,
    /// The name shown with it; `None` for an anonymous signature.
    pub display_name: Option<String>,
    /// The account's address as signatures store it (see `normalise_for_signing`).
    pub email: String,
    /// The account's address as typed, to write to.
    pub mail_to: String,
    /// The postcode typed in the one-click form, needed the first time in a council.
    pub postcode: Result<String, &'static str>,
    /// The keyed network the request came from.
    pub source_hash: String,
}

pub enum AccountSigned {
    /// Counted now: a new signature, or the account's unconfirmed one confirmed.
    Counted,
    /// This address supports it already.
    AlreadySigned,
    /// The account has no wijk in this council yet and the postcode was not one.
    Postcode(&'static str),
}

/// Signs with the account, storing its wijk the first time in a council. An unconfirmed
/// signature with the same address through the form is confirmed instead: the confirmed
/// account is proof enough.
pub fn sign_with_account(
    conn: &mut DbConn,
    target: &Target,
    request: &AccountSignature,
    now: NaiveDateTime,
) -> Result<AccountSigned, OpError> {
    still_signable(conn, target, now)?;
    let district = match account_district(conn, target, request)? {
        Ok(district) => district,
        Err(message) => return Ok(AccountSigned::Postcode(message)),
    };
    let email = &request.email;
    let domain = email.split_once('@').map(|(_, d)| d).unwrap_or_default();
    let signature = NewSignature {
        id: &request.signature_id,
        consultation_id: &target.listing.consultation.id,
        kind: target.kind,
        target_id: &target.id,
        display_name: request.display_name.as_deref(),
        email,
        mail_to: &request.mail_to,
        email_domain: domain,
        district: &district,
        state: SignatureState::Confirmed,
        code_hash: None,
        source_hash: &request.source_hash,
        expires_at: now,
        mailed: false,
        wants_updates: false,
    };
    if signatures::insert_confirmed(conn, &signature, now)? {
        return Ok(AccountSigned::Counted);
    }
    let pending = signatures::find_by_email(conn, &target.id, email)?
        .filter(|s| s.state == SignatureState::Pending);
    let confirmed = match pending {
        Some(signature) => signatures::confirm(conn, &signature.id, now)?.is_some(),
        None => false,
    };
    Ok(if confirmed {
        AccountSigned::Counted
    } else {
        AccountSigned::AlreadySigned
    })
}

/// The account's wijk in the target's council; from the typed postcode the first time
/// (then stored with the account). `Err` says why the postcode is not one, when needed.
fn account_district(
    conn: &mut DbConn,
    target: &Target,
    request: &AccountSignature,
) -> Result<Result<String, &'static str>, OpError> {
    let council = &target.listing.council.id;
    match (
        accounts::district_of(conn, &request.user_id, council)?,
        &request.postcode,
    ) {
        (Some(district), _) => Ok(Ok(district)),
        (None, Ok(postcode)) => {
            let district = signatures::district_for(conn, council, postcode)?;
            accounts::set_district(conn, &request.user_id, council, &district)?;
            Ok(Ok(district))
        }
        (None, Err(message)) => Ok(Err(message)),
    }
}

/// Withdraws a signature by its mailed link; the target's id, or `None` when the
/// signature is gone or was withdrawn. After the deadline the counts are frozen.
pub fn withdraw(
    conn: &mut DbConn,
    signature_id: &SignatureId,
    now: NaiveDateTime,
) -> Result<Option<TargetId>, OpError> {
    let Some(signature) = signatures::find(conn, signature_id)? else {
        return Ok(None);
    };
    let listing = consultations::find_consultation(conn, &signature.consultation_id)?
        .ok_or(OpError::NotFound)?;
    if listing.consultation.state_at(now) != ConsultationState::Open {
        return Err(ReactionError::ConsultationClosed.into());
    }
    Ok(signatures::withdraw(conn, signature_id, now)?.map(|s| s.target_id))
}

/// A board member signs for their organisation (checked here, in the write).
pub fn sign_for_organisation(
    conn: &mut DbConn,
    organisation_id: &OrganisationId,
    target: &Target,
    user_id: &UserId,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let role = organisations::member_role(conn, organisation_id, user_id)?;
    if !role.is_some_and(|r| r.speaks_for_board()) {
        return Err(OpError::Forbidden);
    }
    signatures::sign_as_organisation(conn, organisation_id, target, user_id, now)?;
    Ok(())
}

/// Replaces a council's table of postcodes and wijken with an uploaded one, whole.
pub fn replace_districts(
    conn: &mut DbConn,
    council_id: &CouncilId,
    rows: &[(String, String)],
) -> Result<(), OpError> {
    signatures::replace_districts(conn, council_id, rows)?;
    Ok(())
}
