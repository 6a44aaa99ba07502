//! Posts, flags, moderation decisions and the house rules.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::schema::{consultations, house_rules, moderation_decisions, post_flags, posts, users};
use super::{DbConn, new_id};
use crate::domain::id::{ConsultationId, CouncilId, PostId, SubjectId, UserId};
use crate::domain::thread::{
    Decision, HouseRuleDraft, ModerationAction, POSTS_PER_PAGE, PostState, SubjectKind,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = posts)]
pub struct Post {
    pub id: PostId,
    pub consultation_id: ConsultationId,
    pub subject_kind: SubjectKind,
    pub subject_id: SubjectId,
    pub parent_id: Option<PostId>,
    pub author_id: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub state: PostState,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub moderated_at: Option<NaiveDateTime>,
    pub moderation_rule: Option<String>,
    pub moderation_reason: Option<String>,
}

impl Post {
    pub fn state(&self) -> PostState {
        self.state
    }

    pub fn subject_kind(&self) -> SubjectKind {
        self.subject_kind
    }

    pub fn is_by(&self, user_id: &UserId) -> bool {
        self.author_id.as_ref() == Some(user_id)
    }
}

/// Who writes a new post.
pub enum Author<'a> {
    User {
        id: &'a UserId,
        name: &'a str,
    },
    /// A resident without an account, who confirms by the mailed link.
    Guest {
        name: &'a str,
        email: &'a str,
        token_hash: &'a str,
        expires_at: NaiveDateTime,
    },
}

pub struct NewPost<'a> {
    pub consultation_id: &'a ConsultationId,
    pub subject_kind: SubjectKind,
    pub subject_id: &'a SubjectId,
    pub parent_id: Option<&'a PostId>,
    pub author: Author<'a>,
    pub body: &'a str,
    pub state: PostState,
}

pub fn insert_post(
    conn: &mut DbConn,
    post: &NewPost<'_>,
    now: NaiveDateTime,
) -> QueryResult<PostId> {
    let id = PostId::new();
    let (author_id, author_name, guest_email, token_hash, expires_at) = match post.author {
        Author::User { id, name } => (Some(id), name, None, None, None),
        Author::Guest {
            name,
            email,
            token_hash,
            expires_at,
        } => (None, name, Some(email), Some(token_hash), Some(expires_at)),
    };
    diesel::insert_into(posts::table)
        .values((
            posts::id.eq(&id),
            posts::consultation_id.eq(post.consultation_id),
            posts::subject_kind.eq(post.subject_kind),
            posts::subject_id.eq(post.subject_id),
            posts::parent_id.eq(post.parent_id),
            posts::author_id.eq(author_id),
            posts::author_name.eq(author_name),
            posts::guest_email.eq(guest_email),
            posts::confirm_token_hash.eq(token_hash),
            posts::confirm_expires_at.eq(expires_at),
            posts::body.eq(post.body),
            posts::state.eq(post.state),
            posts::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn find_post(conn: &mut DbConn, id: &PostId) -> QueryResult<Option<Post>> {
    posts::table
        .find(id)
        .select(Post::as_select())
        .first(conn)
        .optional()
}

/// One page of a thread: top-level posts with their replies, oldest first.
pub struct ThreadPage {
    pub posts: Vec<(Post, Vec<Post>)>,
    /// Top-level posts in the whole thread, for the page count.
    pub total: i64,
}

/// Two queries whatever the thread's size: one page of top-level posts (by the
/// `posts_thread` index) and the replies to just those.
pub fn thread_page(
    conn: &mut DbConn,
    subject_id: &SubjectId,
    page: i64,
) -> QueryResult<ThreadPage> {
    let top_level = || {
        posts::table
            .filter(posts::subject_id.eq(subject_id))
            .filter(posts::parent_id.is_null())
            .filter(posts::state.eq_any(PostState::LISTED))
    };
    let total = top_level().count().get_result(conn)?;
    let top: Vec<Post> = top_level()
        .order((posts::created_at, posts::id))
        .limit(POSTS_PER_PAGE)
        .offset((page - 1).max(0) * POSTS_PER_PAGE)
        .select(Post::as_select())
        .load(conn)?;
    let ids: Vec<&PostId> = top.iter().map(|post| &post.id).collect();
    let mut replies: HashMap<PostId, Vec<Post>> = HashMap::new();
    for reply in posts::table
        .filter(posts::parent_id.eq_any(&ids))
        .filter(posts::state.eq_any(PostState::LISTED))
        .order((posts::created_at, posts::id))
        .select(Post::as_select())
        .load::<Post>(conn)?
    {
        if let Some(parent) = reply.parent_id.clone() {
            replies.entry(parent).or_default().push(reply);
        }
    }
    let posts = top
        .into_iter()
        .map(|post| {
            let mine = replies.remove(&post.id).unwrap_or_default();
            (post, mine)
        })
        .collect();
    Ok(ThreadPage { posts, total })
}

/// The page of its thread on which a post (or, for a reply, its parent) stands.
pub fn page_of(conn: &mut DbConn, post: &Post) -> QueryResult<i64> {
    let anchor = match &post.parent_id {
        Some(parent) => find_post(conn, parent)?.unwrap_or_else(|| post.clone()),
        None => post.clone(),
    };
    let before: i64 = posts::table
        .filter(posts::subject_id.eq(&anchor.subject_id))
        .filter(posts::parent_id.is_null())
        .filter(posts::state.eq_any(PostState::LISTED))
        .filter(
            posts::created_at.lt(anchor.created_at).or(posts::created_at
                .eq(anchor.created_at)
                .and(posts::id.lt(&anchor.id))),
        )
        .count()
        .get_result(conn)?;
    Ok(before / POSTS_PER_PAGE + 1)
}

/// An author's own posts in a thread that wait for a moderator.
pub fn waiting_posts_of(
    conn: &mut DbConn,
    subject_id: &SubjectId,
    author_id: &UserId,
) -> QueryResult<Vec<Post>> {
    posts::table
        .filter(posts::subject_id.eq(subject_id))
        .filter(posts::author_id.eq(author_id))
        .filter(posts::state.eq(PostState::Pending))
        .order(posts::created_at)
        .select(Post::as_select())
        .load(conn)
}

/// Visible posts per subject, for the links to each thread.
pub fn visible_counts(
    conn: &mut DbConn,
    subject_ids: &[SubjectId],
) -> QueryResult<Vec<(SubjectId, i64)>> {
    posts::table
        .filter(posts::subject_id.eq_any(subject_ids))
        .filter(posts::state.eq(PostState::Visible))
        .group_by(posts::subject_id)
        .select((posts::subject_id, count_star()))
        .load(conn)
}

pub fn update_body(
    conn: &mut DbConn,
    id: &PostId,
    body: &str,
    state: PostState,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(posts::table.find(id))
        .set((
            posts::body.eq(body),
            posts::state.eq(state),
            posts::edited_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The author deleted the post: its text is removed, a note stays in the thread.
pub fn delete_by_author(conn: &mut DbConn, id: &PostId) -> QueryResult<()> {
    diesel::update(posts::table.find(id))
        .set((posts::body.eq(""), posts::state.eq(PostState::Deleted)))
        .execute(conn)
        .map(|_| ())
}

/// Records a flag once per user; returns the post's open flags afterwards.
pub fn flag(
    conn: &mut DbConn,
    post_id: &PostId,
    user_id: &UserId,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let values = (
        post_flags::post_id.eq(post_id),
        post_flags::user_id.eq(user_id),
        post_flags::reason.eq(reason),
        post_flags::created_at.eq(now),
    );
    super::insert_unless_present!(conn, post_flags::table, values)?;
    open_flag_count(conn, post_id)
}

pub fn open_flag_count(conn: &mut DbConn, post_id: &PostId) -> QueryResult<i64> {
    post_flags::table
        .filter(post_flags::post_id.eq(post_id))
        .filter(post_flags::resolved_at.is_null())
        .count()
        .get_result(conn)
}

#[derive(Debug, Clone, Queryable)]
pub struct Flag {
    pub reason: String,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

/// Every flag of a post, open and resolved, oldest first (for moderators only).
pub fn flags_of(conn: &mut DbConn, post_id: &PostId) -> QueryResult<Vec<Flag>> {
    post_flags::table
        .filter(post_flags::post_id.eq(post_id))
        .order(post_flags::created_at)
        .select((
            post_flags::reason,
            post_flags::created_at,
            post_flags::resolved_at,
        ))
        .load(conn)
}

pub fn has_flagged(conn: &mut DbConn, post_id: &PostId, user_id: &UserId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        post_flags::table
            .filter(post_flags::post_id.eq(post_id))
            .filter(post_flags::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// Moves a post to `state` and logs why, returning the decision's id; `moderator_id` is `None` when flags did it.
/// A moderator's decision settles the open flags (they stay, marked resolved).
pub fn record_decision(
    conn: &mut DbConn,
    post: &Post,
    moderator_id: Option<&UserId>,
    decision: &Decision,
    rule: Option<&str>,
    state: PostState,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let public_note =
        decision.action == ModerationAction::Hide || decision.action == ModerationAction::Held;
    diesel::update(posts::table.find(&post.id))
        .set((
            posts::state.eq(state),
            posts::moderated_at.eq(now),
            posts::moderation_rule.eq(if public_note { rule } else { None }),
            posts::moderation_reason.eq(public_note.then_some(decision.reason.as_str())),
        ))
        .execute(conn)?;
    if moderator_id.is_some() {
        diesel::update(
            post_flags::table
                .filter(post_flags::post_id.eq(&post.id))
                .filter(post_flags::resolved_at.is_null()),
        )
        .set(post_flags::resolved_at.eq(now))
        .execute(conn)?;
    }
    let id = new_id();
    diesel::insert_into(moderation_decisions::table)
        .values((
            moderation_decisions::id.eq(&id),
            moderation_decisions::consultation_id.eq(&post.consultation_id),
            moderation_decisions::post_id.eq(&post.id),
            moderation_decisions::moderator_id.eq(moderator_id),
            moderation_decisions::action.eq(decision.action),
            moderation_decisions::rule.eq(rule),
            moderation_decisions::reason.eq(&decision.reason),
            moderation_decisions::decided_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A post waiting for a moderator, with where it stands.
pub struct QueueItem {
    pub post: Post,
    pub consultation_title: String,
    pub open_flags: Vec<Flag>,
}

/// Pending, held and flagged posts in the councils a moderator works for (all councils
/// when `council_ids` is `None`), oldest first.
pub fn queue(conn: &mut DbConn, council_ids: Option<&[CouncilId]>) -> QueryResult<Vec<QueueItem>> {
    let flagged = post_flags::table
        .filter(post_flags::resolved_at.is_null())
        .select(post_flags::post_id);
    let mut query = posts::table
        .inner_join(consultations::table)
        .filter(
            posts::state
                .eq_any([PostState::Pending, PostState::Held])
                .or(posts::state
                    .eq(PostState::Visible)
                    .and(posts::id.eq_any(flagged))),
        )
        .order((posts::created_at, posts::id))
        .select((Post::as_select(), consultations::title))
        .into_boxed();
    if let Some(councils) = council_ids {
        query = query.filter(consultations::council_id.eq_any(councils));
    }
    let rows: Vec<(Post, String)> = query.load(conn)?;
    let ids: Vec<&PostId> = rows.iter().map(|(post, _)| &post.id).collect();
    let mut flags: HashMap<PostId, Vec<Flag>> = HashMap::new();
    for (post_id, flag) in post_flags::table
        .filter(post_flags::post_id.eq_any(&ids))
        .filter(post_flags::resolved_at.is_null())
        .order(post_flags::created_at)
        .select((
            post_flags::post_id,
            (
                post_flags::reason,
                post_flags::created_at,
                post_flags::resolved_at,
            ),
        ))
        .load::<(PostId, Flag)>(conn)?
    {
        flags.entry(post_id).or_default().push(flag);
    }
    Ok(rows
        .into_iter()
        .map(|(post, consultation_title)| QueueItem {
            open_flags: flags.remove(&post.id).unwrap_or_default(),
            post,
            consultation_title,
        })
        .collect())
}

#[derive(Debug, Clone, Queryable)]
pub struct LoggedDecision {
    pub post_id: PostId,
    pub action: ModerationAction,
    pub rule: Option<String>,
    pub reason: String,
    pub decided_at: NaiveDateTime,
    /// `None` when three flags held the post.
    pub moderator_name: Option<String>,
}

impl LoggedDecision {
    pub fn action(&self) -> ModerationAction {
        self.action
    }
}

/// Whose decisions to list.
pub enum DecisionsOf<'a> {
    /// The public log of a consultation, newest first.
    Consultation(&'a ConsultationId),
    /// One post's history, oldest first.
    Post(&'a PostId),
}

pub fn decisions(conn: &mut DbConn, of: DecisionsOf<'_>) -> QueryResult<Vec<LoggedDecision>> {
    let query = moderation_decisions::table
        .left_join(users::table.on(users::id.nullable().eq(moderation_decisions::moderator_id)))
        .select((
            moderation_decisions::post_id,
            moderation_decisions::action,
            moderation_decisions::rule,
            moderation_decisions::reason,
            moderation_decisions::decided_at,
            users::display_name.nullable(),
        ))
        .into_boxed();
    let query = match of {
        DecisionsOf::Consultation(id) => query
            .filter(moderation_decisions::consultation_id.eq(id))
            .order((
                moderation_decisions::decided_at.desc(),
                moderation_decisions::id.desc(),
            )),
        DecisionsOf::Post(id) => query
            .filter(moderation_decisions::post_id.eq(id))
            .order((moderation_decisions::decided_at, moderation_decisions::id)),
    };
    query.load(conn)
}

/// Where to send the moderator's decision: the account's or the guest's address.
pub fn author_email(conn: &mut DbConn, post_id: &PostId) -> QueryResult<Option<String>> {
    let row: Option<(Option<String>, Option<String>)> = posts::table
        .left_join(users::table.on(users::id.nullable().eq(posts::author_id)))
        .filter(posts::id.eq(post_id))
        .select((users::email.nullable(), posts::guest_email))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(account, guest)| account.or(guest)))
}

/// A guest's post whose mailed link has not been used and has not expired.
pub fn find_unconfirmed(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Post>> {
    posts::table
        .filter(posts::confirm_token_hash.eq(token_hash))
        .filter(posts::state.eq(PostState::Unconfirmed))
        .filter(posts::confirm_expires_at.gt(now))
        .select(Post::as_select())
        .first(conn)
        .optional()
}

/// The guest followed the link: the post enters the thread (or the queue) as if written
/// now. False when another click got there first.
pub fn confirm_guest_post(
    conn: &mut DbConn,
    id: &PostId,
    state: PostState,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        posts::table
            .find(id)
            .filter(posts::state.eq(PostState::Unconfirmed)),
    )
    .set((
        posts::state.eq(state),
        posts::confirm_token_hash.eq(None::<String>),
        posts::created_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Forgets unconfirmed guest posts past their link's expiry.
pub fn purge_unconfirmed(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        posts::table
            .filter(posts::state.eq(PostState::Unconfirmed))
            .filter(posts::confirm_expires_at.lt(now)),
    )
    .execute(conn)
}

/// Removes guests' addresses from the posts of consultations past their retention.
pub fn forget_guest_addresses(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let mut removed = 0;
    for consultation_id in super::consultations::past_retention(conn, now)? {
        removed += diesel::update(
            posts::table
                .filter(posts::consultation_id.eq(&consultation_id))
                .filter(posts::guest_email.is_not_null()),
        )
        .set(posts::guest_email.eq(None::<String>))
        .execute(conn)?;
    }
    Ok(removed)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = house_rules)]
pub struct HouseRule {
    pub number: i32,
    pub title: String,
    pub body: String,
    pub updated_at: NaiveDateTime,
}

impl HouseRule {
    /// How a decision names the rule, kept as text so the log survives later edits.
    pub fn label(&self) -> String {
        format!("{}. {}", self.number, self.title)
    }
}

pub fn house_rules(conn: &mut DbConn) -> QueryResult<Vec<HouseRule>> {
    house_rules::table
        .order(house_rules::number)
        .select(HouseRule::as_select())
        .load(conn)
}

pub fn replace_house_rules(
    conn: &mut DbConn,
    rules: &[HouseRuleDraft],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(house_rules::table).execute(conn)?;
    for rule in rules {
        diesel::insert_into(house_rules::table)
            .values((
                house_rules::number.eq(rule.number),
                house_rules::title.eq(&rule.title),
                house_rules::body.eq(&rule.body),
                house_rules::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
