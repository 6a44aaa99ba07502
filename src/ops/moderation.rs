//! Moderators' decisions on posts, and the house rules they decide by.

use chrono::NaiveDateTime;

use super::OpError;
use crate::db::threads;
use crate::db::{DbConn, notifications};
use crate::domain::consultation::EventKind;
use crate::domain::id::{PostId, UserId};
use crate::domain::thread::{Decision, HouseRuleDraft, first_shown};
use crate::mail::notify::{self, MailContext, ModerationNotice};

pub struct ModerationRequest {
    pub post_id: PostId,
    pub moderator_id: UserId,
    pub decision: Decision,
    /// The house rule the decision cites, as the log and the mail show it.
    pub rule: Option<String>,
    /// The thread's title, for the writer's mail.
    pub thread: String,
}

/// Records the decision and the post's new state, and mails its writer. The post is
/// read again inside the write: another moderator may have decided meanwhile, and a
/// decision that no longer fits its state is refused.
pub fn decide(
    conn: &mut DbConn,
    mail: &MailContext,
    request: &ModerationRequest,
    now: NaiveDateTime,
) -> Result<(), OpError> {
    let decision = &request.decision;
    let post = threads::find_post(conn, &request.post_id)?.ok_or(OpError::NotFound)?;
    let open_flags = threads::open_flag_count(conn, &post.id)?;
    let before = post.state();
    let after = decision.action.apply(before, open_flags)?;
    let decision_id = threads::record_decision(
        conn,
        &post,
        Some(&request.moderator_id),
        decision,
        request.rule.as_deref(),
        after,
        now,
    )?;
    if first_shown(before, after) {
        notifications::record_event(conn, &post.consultation_id, EventKind::PostPublished, now)?;
    }
    notify::moderation_decision(
        conn,
        mail,
        &ModerationNotice {
            decision_id: &decision_id,
            post_id: &post.id,
            thread: &request.thread,
            action: decision.action,
            rule: request.rule.as_deref(),
            reason: &decision.reason,
        },
        now,
    )?;
    Ok(())
}

/// Replaces all house rules at once: their numbers are what decisions cite.
pub fn save_house_rules(
    conn: &mut DbConn,
    rules: &[HouseRuleDraft],
    now: NaiveDateTime,
) -> Result<(), OpError> {
    Ok(threads::replace_house_rules(conn, rules, now)?)
}
