//! The griffie's writes: a consultation's details, opening and archiving its round, and
//! the council's committees with their members.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::consultations::{self, ConsultationListing};
use crate::db::{DbConn, councils, reactions};
use crate::domain::consultation::{
    ConsultationDraft, ConsultationState, DeadlineChange, TransitionError, deadline_change,
};
use crate::domain::council::{CommitteeDraft, CommitteeMemberDraft};
use crate::domain::id::{CommitteeId, CommitteeMemberId, ConsultationId, CouncilId, UserId};
use crate::domain::receipt;
use crate::mail::notify::{self, MailContext};

fn listing(conn: &mut DbConn, id: &ConsultationId) -> Result<ConsultationListing, OpError> {
    consultations::find_consultation(conn, id)?.ok_or(OpError::NotFound)
}

/// Stores a new consultation as a draft; returns its id.
pub fn create_consultation(
    conn: &mut DbConn,
    council_id: &CouncilId,
    draft: &ConsultationDraft,
    clerk_id: &UserId,
    now: NaiveDateTime,
) -> Result<ConsultationId, OpError> {
    Ok(consultations::insert_consultation(
        conn, council_id, draft, clerk_id, now,
    )?)
}

pub struct DetailsEdit {
    pub consultation_id: ConsultationId,
    pub draft: ConsultationDraft,
    /// The clerk confirmed moving the deadline forward.
    pub confirms_shortening: bool,
    pub clerk_id: UserId,
}

/// What saving a consultation's details came to.
pub enum DetailsSaved {
    Done,
    /// The round closed meanwhile.
    NotEditable,
    /// The typed deadline is not ahead (any more).
    DeadlineInThePast,
    /// The deadline moves forward and the clerk has not confirmed that (yet); `drafts`
    /// reactions are being written that would get less time.
    ConfirmShortening {
        from: NaiveDateTime,
        to: NaiveDateTime,
        drafts: i64,
    },
}

/// Saves the details. A moved deadline is recorded; moved forward, it needs the clerk's
/// confirmation and everyone writing a draft hears of it at once.
pub fn save_details(
    conn: &mut DbConn,
    mail: &MailContext,
    edit: &DetailsEdit,
    now: NaiveDateTime,
) -> Result<DetailsSaved, OpError> {
    let id = &edit.consultation_id;
    let draft = &edit.draft;
    // Checked again inside the write: the deadline may have passed meanwhile, or a
    // colleague may have moved it.
    let current = listing(conn, id)?;
    let current_state = current.consultation.state_at(now);
    if current_state.check_editable().is_err() {
        return Ok(DetailsSaved::NotEditable);
    }
    let previous = current.consultation.deadline_at;
    let Ok(change) = deadline_change(current_state, previous, draft.deadline_at, now) else {
        return Ok(DetailsSaved::DeadlineInThePast);
    };
    if change == DeadlineChange::Shortened && !edit.confirms_shortening {
        let drafts = i64::try_from(reactions::drafts_of(conn, id)?.len()).unwrap_or(i64::MAX);
        return Ok(DetailsSaved::ConfirmShortening {
            from: previous,
            to: draft.deadline_at,
            drafts,
        });
    }
    consultations::update_consultation(
        conn,
        id,
        draft,
        current_state.decision_points_editable(),
        now,
    )?;
    if change != DeadlineChange::Quiet {
        let moved = consultations::record_deadline_move(
            conn,
            id,
            previous,
            draft.deadline_at,
            &edit.clerk_id,
            now,
        )?;
        if change == DeadlineChange::Shortened {
            notify::deadline_shortened(conn, mail, id, &moved, previous, now)?;
        }
    }
    if current_state == ConsultationState::Open {
        notify::consultation_updated(conn, id, now)?;
    }
    Ok(DetailsSaved::Done)
}

/// What opening a round gave.
pub enum Opened {
    Done,
    Refused(TransitionError),
    /// Another round's receipt numbers begin with this prefix.
    PrefixTaken {
        prefix: String,
        by: String,
    },
}

/// Opens the round with receipt numbers that begin with the council's code, the year
/// and the clerk's `code`; subscribers hear of it.
pub fn open(
    conn: &mut DbConn,
    mail: &MailContext,
    consultation_id: &ConsultationId,
    code: &str,
    now: NaiveDateTime,
) -> Result<Opened, OpError> {
    let current = listing(conn, consultation_id)?;
    let c = &current.consultation;
    if let Err(problem) = c.state_at(now).open(c.deadline_at, now) {
        return Ok(Opened::Refused(problem));
    }
    let prefix = receipt::prefix(&current.council.code, now, code);
    if let Some(by) = consultations::receipt_prefix_owner(conn, &prefix)? {
        return Ok(Opened::PrefixTaken { prefix, by });
    }
    if !consultations::open(conn, consultation_id, &prefix, now)? {
        // Another round took the prefix in the same instant.
        return Ok(Opened::PrefixTaken {
            prefix,
            by: "een andere inspraakronde".into(),
        });
    }
    notify::consultation_opened(conn, mail, &current, now)?;
    Ok(Opened::Done)
}

pub enum Archived {
    Done,
    Refused(TransitionError),
}

/// Archives a closed round.
pub fn archive(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
    now: NaiveDateTime,
) -> Result<Archived, OpError> {
    let current = listing(conn, consultation_id)?;
    match current.consultation.state_at(now).archive() {
        Ok(next) => {
            consultations::set_state(conn, consultation_id, next, now)?;
            Ok(Archived::Done)
        }
        Err(problem) => Ok(Archived::Refused(problem)),
    }
}

/// Adds a committee; `None` when the council has one of that name.
pub fn create_committee(
    conn: &mut DbConn,
    council_id: &CouncilId,
    draft: &CommitteeDraft,
    now: NaiveDateTime,
) -> Result<Option<CommitteeId>, OpError> {
    Ok(councils::insert_committee(conn, council_id, draft, now)?)
}

/// Renames a committee or changes its clerk; `false` when the name is taken.
pub fn update_committee(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
    draft: &CommitteeDraft,
) -> Result<bool, OpError> {
    Ok(councils::update_committee(conn, committee_id, draft)?)
}

/// Adds a member; `false` when the address is a member already.
pub fn add_member(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
    draft: &CommitteeMemberDraft,
    now: NaiveDateTime,
) -> Result<bool, OpError> {
    Ok(councils::insert_member(conn, committee_id, draft, now)?)
}

/// Removes a member; `NotFound` when they are not one of this committee.
pub fn remove_member(
    conn: &mut DbConn,
    committee_id: &CommitteeId,
    member_id: &CommitteeMemberId,
) -> Result<(), OpError> {
    if councils::delete_member(conn, committee_id, member_id)? {
        Ok(())
    } else {
        Err(OpError::NotFound)
    }
}
