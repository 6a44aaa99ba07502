//! Discussion threads under a consultation, a published reaction or a scenario: reading,
//! posting (with an account, or as a guest confirmed by mail), replying, editing,
//! deleting and flagging.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery, client_address};
use crate::db::DbConn;
use crate::db::consultations;
use crate::db::reactions::{self, Reaction};
use crate::db::threads::{self, HouseRule, Post};
use crate::domain::id::{ConsultationId, PostId, ReactionId, ScenarioId, SubjectId, UserId};
use crate::domain::permission::can_view_consultation;
use crate::domain::reaction::ReactionState;
use crate::domain::security::{sha256_hex, sign};
use crate::domain::thread::{
    FlagInput, PostInput, PostState, SubjectKind, ThreadError, accepts_posts, may_delete, may_edit,
    may_flag, may_reply, page_count,
};
use crate::domain::throttle::{
    GUEST_POSTS_PER_ADDRESS, GUEST_POSTS_PER_IP, Limit, POSTS_PER_ACCOUNT,
};
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::threads::{NewPostRequest, Published, Thread, Writer};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::threads::{Compose, ComposeMode, PostActions, Subject, ThreadView};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    const THREAD: &str = "/{kind:consultaties|reacties|scenarios}/{id}/discussie";
    cfg.route(THREAD, web::get().to(show))
        .route(THREAD, web::post().to(create))
        .route("/berichten/bevestigen/{token}", web::get().to(confirm_form))
        .route("/berichten/bevestigen/{token}", web::post().to(confirm))
        .route("/berichten/{id}", web::get().to(locate))
        .route("/berichten/{id}/reageren", web::get().to(reply_form))
        .route("/berichten/{id}/reageren", web::post().to(reply))
        .route("/berichten/{id}/wijzigen", web::get().to(edit_form))
        .route("/berichten/{id}/wijzigen", web::post().to(edit))
        .route("/berichten/{id}/verwijderen", web::get().to(delete_form))
        .route("/berichten/{id}/verwijderen", web::post().to(delete))
        .route("/berichten/{id}/melden", web::get().to(flag_form))
        .route("/berichten/{id}/melden", web::post().to(flag));
}

/// Loads what a thread hangs under; drafts and concepts have no thread.
pub fn load_subject(
    conn: &mut DbConn,
    kind: SubjectKind,
    id: &SubjectId,
    now: NaiveDateTime,
) -> Result<Subject, AppError> {
    let (title, url, consultation_id, reaction) = subject_parts(conn, kind, id)?;
    let listing =
        consultations::find_consultation(conn, &consultation_id)?.ok_or(AppError::NotFound)?;
    let consultation_state = listing.consultation.state_at(now);
    let reaction_state = reaction.as_ref().map(|r| r.state());
    if !can_view_consultation(None, &listing.council.id, consultation_state)
        || reaction_state == Some(ReactionState::Draft)
    {
        return Err(AppError::NotFound);
    }
    let title = title.unwrap_or_else(|| listing.consultation.title.clone());
    Ok(Subject {
        kind,
        id: id.clone(),
        title,
        url,
        accepts_posts: accepts_posts(consultation_state, reaction_state),
        reaction: reaction.map(|r| (r.id, r.title)),
        listing,
    })
}

/// A subject's own title (a consultation's is its listing's), page, consultation and
/// reaction.
type SubjectParts = (Option<String>, String, ConsultationId, Option<Reaction>);

fn subject_parts(
    conn: &mut DbConn,
    kind: SubjectKind,
    id: &SubjectId,
) -> Result<SubjectParts, AppError> {
    Ok(match kind {
        SubjectKind::Consultation => {
            let consultation_id = ConsultationId::from(id.as_str());
            (
                None,
                paths::consultation(&consultation_id),
                consultation_id,
                None,
            )
        }
        SubjectKind::Reaction => {
            let reaction = reactions::find_reaction(conn, &ReactionId::from(id.as_str()))?
                .ok_or(AppError::NotFound)?;
            (
                Some(reaction.title.clone()),
                paths::reaction(&reaction.id),
                reaction.consultation_id.clone(),
                Some(reaction),
            )
        }
        SubjectKind::Scenario => {
            let scenario = reactions::find_scenario(conn, &ScenarioId::from(id.as_str()))?
                .ok_or(AppError::NotFound)?;
            let reaction =
                reactions::find_reaction(conn, &scenario.reaction_id)?.ok_or(AppError::NotFound)?;
            (
                Some(format!("Scenario: {}", scenario.title)),
                paths::reaction_part(&reaction.id, "scenario", scenario.number),
                reaction.consultation_id.clone(),
                Some(reaction),
            )
        }
    })
}

pub async fn load_house_rules(state: &AppState) -> Result<Vec<HouseRule>, AppError> {
    state
        .db
        .read(|conn| Ok::<_, AppError>(threads::house_rules(conn)?))
        .await
}

/// A post with its thread's subject.
async fn load_post(state: &AppState, id: PostId) -> Result<(Post, Subject), AppError> {
    let now = state.now();
    state
        .db
        .read(move |conn| {
            let post = threads::find_post(conn, &id)?.ok_or(AppError::NotFound)?;
            if post.state() == PostState::Unconfirmed {
                return Err(AppError::NotFound);
            }
            let subject = load_subject(conn, post.subject_kind(), &post.subject_id, now)?;
            Ok((post, subject))
        })
        .await
}

fn subject_kind(path: &str) -> Result<SubjectKind, AppError> {
    [
        SubjectKind::Consultation,
        SubjectKind::Reaction,
        SubjectKind::Scenario,
    ]
    .into_iter()
    .find(|kind| kind.path() == path)
    .ok_or(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
pub struct ThreadQuery {
    #[serde(default)]
    pagina: String,
    #[serde(default, deserialize_with = "Notice::deserialize_code")]
    melding: Option<Notice>,
}

/// What the viewer may do with posts in this thread.
fn actions(ctx: &Ctx, subject: &Subject) -> PostActions {
    let signed_in = ctx.viewer.signed_in();
    PostActions {
        user_id: signed_in.map(|s| s.user.id.clone()),
        moderates: signed_in.is_some_and(|s| s.powers.actor.moderates(&subject.listing.council.id)),
        can_post: subject.accepts_posts
            && (signed_in.is_some() || subject.listing.consultation.allow_guest_posts),
        now: ctx.now,
    }
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, SubjectId)>,
    query: web::Query<ThreadQuery>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    let kind = subject_kind(&kind)?;
    let page = query.pagina.parse::<i64>().unwrap_or(1);
    if page < 1 {
        return Err(AppError::NotFound);
    }
    let viewer = ctx.viewer.signed_in().map(|s| s.user.id.clone());
    let (subject, thread, rules, waiting) = state
        .db
        .read(move |conn| {
            let subject = load_subject(conn, kind, &id, ctx.now)?;
            let thread = threads::thread_page(conn, &id, page)?;
            let rules = threads::house_rules(conn)?;
            let waiting = match &viewer {
                Some(user) => threads::waiting_posts_of(conn, &id, user)?,
                None => Vec::new(),
            };
            Ok::<_, AppError>((subject, thread, rules, waiting))
        })
        .await?;
    if page > page_count(thread.total) {
        return Err(AppError::NotFound);
    }
    let actions = actions(&ctx, &subject);
    Ok(html(views::threads::thread(
        &ctx.chrome(),
        &ThreadView {
            subject: &subject,
            thread: &thread,
            page,
            rules: &rules,
            waiting: &waiting,
            actions: &actions,
            notice: query.melding.map(views::notices::text),
            signed_in: ctx.viewer.signed_in().is_some(),
        },
    )))
}

pub async fn create(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, SubjectId)>,
    Form(input): Form<PostInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    let kind = subject_kind(&kind)?;
    let subject = state
        .db
        .read(move |conn| load_subject(conn, kind, &id, ctx.now))
        .await?;
    publish(ctx, req, &state, subject, None, input).await
}

pub async fn reply_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
) -> Result<HttpResponse, AppError> {
    let (parent, subject) = load_post(&state, path.into_inner()).await?;
    check_reply(&subject, &parent)?;
    compose_page(
        &ctx,
        &state,
        &subject,
        ComposeMode::Reply(&parent),
        &PostInput::default(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn reply(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
    Form(input): Form<PostInput>,
) -> Result<HttpResponse, AppError> {
    let (parent, subject) = load_post(&state, path.into_inner()).await?;
    check_reply(&subject, &parent)?;
    publish(ctx, req, &state, subject, Some(parent), input).await
}

fn check_reply(subject: &Subject, parent: &Post) -> Result<(), AppError> {
    Ok(may_reply(
        subject.accepts_posts,
        parent.parent_id.is_some(),
        parent.state(),
    )?)
}

/// The form page for a new post, a reply or an edit, with what was typed and what is wrong.
async fn compose_page(
    ctx: &Ctx,
    state: &AppState,
    subject: &Subject,
    mode: ComposeMode<'_>,
    input: &PostInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let rules = load_house_rules(state).await?;
    Ok(html_status(
        status,
        views::threads::compose(
            &ctx.chrome(),
            &Compose {
                subject,
                mode,
                rules: &rules,
                input,
                errors,
                guest: ctx.viewer.signed_in().is_none(),
            },
        ),
    ))
}

/// The thread of `subject`, as the operations know it.
fn thread_of(subject: &Subject) -> Thread {
    Thread {
        consultation_id: subject.listing.consultation.id.clone(),
        council_id: subject.listing.council.id.clone(),
        kind: subject.kind,
        id: subject.id.clone(),
        title: subject.title.clone(),
        pre_moderation: subject.listing.consultation.pre_moderation,
    }
}

fn check_mail(subject: &Subject) -> HttpResponse {
    see_other_with(subject.thread_url(), Notice::PostAwaitsConfirmation)
}

/// Stores a new post or reply by the signed-in user, or by a guest where allowed.
async fn publish(
    ctx: Ctx,
    req: HttpRequest,
    state: &AppState,
    subject: Subject,
    parent: Option<Post>,
    input: PostInput,
) -> Result<HttpResponse, AppError> {
    if !subject.accepts_posts {
        return Err(ThreadError::Closed.into());
    }
    if ctx.viewer.signed_in().is_none() && !subject.listing.consultation.allow_guest_posts {
        ctx.require_user()?;
    }
    let mode = match &parent {
        Some(parent) => ComposeMode::Reply(parent),
        None => ComposeMode::New,
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let (writer, body) = match typed_post(&ctx, &req, state, &input)? {
        Typed::Post(writer, body) => (writer, body),
        Typed::Robot => return Ok(check_mail(&subject)),
        Typed::Wrong(errors) => {
            return compose_page(&ctx, state, &subject, mode, &input, &errors, status).await;
        }
    };
    let request = NewPostRequest {
        thread: thread_of(&subject),
        parent_id: parent.as_ref().map(|p| p.id.clone()),
        writer,
        body,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let published = state
        .db
        .write(move |conn| {
            ops::threads::publish(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    published_page(&ctx, state, &subject, mode, &input, published).await
}

/// Where a published post is shown, or the form again when the writer posted too often.
async fn published_page(
    ctx: &Ctx,
    state: &AppState,
    subject: &Subject,
    mode: ComposeMode<'_>,
    input: &PostInput,
    published: Published,
) -> Result<HttpResponse, AppError> {
    match published {
        Published::Post { id, state } => {
            let notice = match state {
                PostState::Pending => Notice::PostAwaitsModeration,
                _ => Notice::PostPublished,
            };
            Ok(see_other_with(paths::post(&id), notice))
        }
        Published::CheckMail => Ok(check_mail(subject)),
        Published::Throttled => {
            let errors = FieldErrors::single("body", TOO_MANY_POSTS);
            let status = StatusCode::TOO_MANY_REQUESTS;
            compose_page(ctx, state, subject, mode, input, &errors, status).await
        }
    }
}

const TOO_MANY_POSTS: &str = "U heeft in korte tijd veel berichten geplaatst. Wacht even en probeer het dan opnieuw. Uw tekst staat hieronder nog.";

/// What a post form sent, as the operations take it.
enum Typed {
    Post(Writer, String),
    /// A guest form that a robot filled in: it is told to check its mail, and nothing is
    /// stored.
    Robot,
    Wrong(FieldErrors),
}

/// The writer (the signed-in user, or a guest with the keys of their limits) and the text.
fn typed_post(
    ctx: &Ctx,
    req: &HttpRequest,
    state: &AppState,
    input: &PostInput,
) -> Result<Typed, AppError> {
    let key = |limit: Limit, value: &str| sign(&state.config.secret_key, limit.bucket, value);
    let Some(signed_in) = ctx.viewer.signed_in() else {
        let (body, details) = match input.parse_guest() {
            Ok(parsed) => parsed,
            Err(errors) => return Ok(Typed::Wrong(errors)),
        };
        if input.is_robot() {
            return Ok(Typed::Robot);
        }
        let network = client_address(req, &state.config.trusted_proxies);
        let writer = Writer::Guest {
            name: details.name.clone(),
            email: details.email.as_str().to_owned(),
            network_key: key(GUEST_POSTS_PER_IP, &network),
            address_key: key(GUEST_POSTS_PER_ADDRESS, details.email.as_str()),
        };
        return Ok(Typed::Post(writer, body));
    };
    let body = match input.parse_body() {
        Ok(body) => body,
        Err(errors) => return Ok(Typed::Wrong(errors)),
    };
    let user = &signed_in.user;
    let writer = Writer::User {
        account_key: key(POSTS_PER_ACCOUNT, user.id.as_str()),
        id: user.id.clone(),
        name: user.display_name.clone(),
    };
    Ok(Typed::Post(writer, body))
}

/// `/berichten/{id}`: the thread page where the post stands, scrolled to it.
pub async fn locate(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let viewer = ctx.viewer.signed_in().map(|s| s.user.id.clone());
    let (post, subject, page) = state
        .db
        .read(move |conn| {
            let post = threads::find_post(conn, &id)?.ok_or(AppError::NotFound)?;
            let own = viewer.as_ref().is_some_and(|user| post.is_by(user));
            let listed = PostState::LISTED.contains(&post.state());
            if !listed && !own {
                return Err(AppError::NotFound);
            }
            let subject = load_subject(conn, post.subject_kind(), &post.subject_id, ctx.now)?;
            let page = threads::page_of(conn, &post)?;
            Ok((post, subject, page))
        })
        .await?;
    let mut target = subject.thread_url();
    if page > 1 {
        target.push_str(&format!("?pagina={page}"));
    }
    if let Some(notice) = query.notice() {
        target = paths::with_notice(&target, notice);
    }
    target.push_str(&format!("#bericht-{}", post.id));
    Ok(see_other(&target))
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (post, subject) = load_post(&state, path.into_inner()).await?;
    may_edit(post.is_by(&user), post.state(), post.created_at, ctx.now)?;
    let input = PostInput {
        body: post.body.clone(),
        ..PostInput::default()
    };
    compose_page(
        &ctx,
        &state,
        &subject,
        ComposeMode::Edit(&post),
        &input,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn edit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
    Form(input): Form<PostInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (post, subject) = load_post(&state, path.into_inner()).await?;
    may_edit(post.is_by(&user), post.state(), post.created_at, ctx.now)?;
    let body = match input.parse_body() {
        Ok(body) => body,
        Err(errors) => {
            return compose_page(
                &ctx,
                &state,
                &subject,
                ComposeMode::Edit(&post),
                &input,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (id, thread, mail, now) = (
        post.id.clone(),
        thread_of(&subject),
        state.mail.clone(),
        ctx.now,
    );
    let new_state = state
        .db
        .write(move |conn| {
            ops::threads::edit(conn, &mail, &id, &user, &body, &thread, now).map_err(AppError::from)
        })
        .await?;
    let notice = if new_state == PostState::Pending {
        Notice::PostAwaitsModeration
    } else {
        Notice::PostEdited
    };
    Ok(see_other_with(paths::post(&post.id), notice))
}

pub async fn delete_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (post, subject) = load_post(&state, path.into_inner()).await?;
    may_delete(post.is_by(&user), post.state())?;
    Ok(html(views::threads::delete_form(
        &ctx.chrome(),
        &subject,
        &post,
    )))
}

pub async fn delete(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (post, subject) = load_post(&state, path.into_inner()).await?;
    state
        .db
        .write(move |conn| ops::threads::delete(conn, &post.id, &user).map_err(AppError::from))
        .await?;
    Ok(see_other_with(subject.thread_url(), Notice::PostDeleted))
}

fn check_flag(user: &UserId, post: &Post) -> Result<(), AppError> {
    Ok(may_flag(post.is_by(user), post.state())?)
}

pub async fn flag_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (post, subject) = load_post(&state, path.into_inner()).await?;
    check_flag(&user, &post)?;
    let (rules, flagged) = {
        let id = post.id.clone();
        state
            .db
            .read(move |conn| {
                Ok::<_, AppError>((
                    threads::house_rules(conn)?,
                    threads::has_flagged(conn, &id, &user)?,
                ))
            })
            .await?
    };
    Ok(html(views::threads::flag_form(
        &ctx.chrome(),
        &subject,
        &post,
        &rules,
        flagged,
        &FlagInput::default(),
        &FieldErrors::default(),
    )))
}

pub async fn flag(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
    Form(input): Form<FlagInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (post, subject) = load_post(&state, path.into_inner()).await?;
    check_flag(&user, &post)?;
    let reason = match input.parse() {
        Ok(reason) => reason,
        Err(errors) => {
            let rules = load_house_rules(&state).await?;
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::threads::flag_form(
                    &ctx.chrome(),
                    &subject,
                    &post,
                    &rules,
                    false,
                    &input,
                    &errors,
                ),
            ));
        }
    };
    let (id, mail, now) = (post.id.clone(), state.mail.clone(), ctx.now);
    let council = subject.listing.council.id.clone();
    state
        .db
        .write(move |conn| {
            ops::threads::flag(conn, &mail, &id, &user, &reason, &council, now)
                .map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(paths::post(&post.id), Notice::PostFlagged))
}

pub async fn confirm_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token_hash = sha256_hex(&path.into_inner());
    let found = state
        .db
        .read(move |conn| Ok::<_, AppError>(threads::find_unconfirmed(conn, &token_hash, ctx.now)?))
        .await?;
    Ok(match found {
        Some(post) => html(views::threads::confirm_form(
            &ctx.chrome(),
            &ctx.path,
            &post,
        )),
        None => html_status(
            StatusCode::NOT_FOUND,
            views::threads::link_expired(&ctx.chrome()),
        ),
    })
}

/// The POST behind the mailed link: only this publishes a guest's post, so mail
/// scanners that open links publish nothing.
pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token_hash = sha256_hex(&path.into_inner());
    let mail = state.mail.clone();
    let confirmed = state
        .db
        .write(move |conn| {
            let now = ctx.now;
            let Some(post) = threads::find_unconfirmed(conn, &token_hash, now)? else {
                return Ok::<_, AppError>(None);
            };
            let subject = load_subject(conn, post.subject_kind(), &post.subject_id, now)?;
            if !subject.accepts_posts {
                return Err(ThreadError::Closed.into());
            }
            let confirmed =
                ops::threads::confirm_guest_post(conn, &mail, &post.id, &thread_of(&subject), now)?;
            Ok(confirmed.map(|new_state| (post.id, new_state, subject.thread_url())))
        })
        .await?;
    match confirmed {
        // A guest cannot see a waiting post, so they land on the thread itself.
        Some((_, PostState::Pending, thread)) => {
            Ok(see_other_with(thread, Notice::PostAwaitsModeration))
        }
        Some((id, _, _)) => Ok(see_other_with(paths::post(&id), Notice::PostPublished)),
        None => Ok(html_status(
            StatusCode::NOT_FOUND,
            views::threads::link_expired(&ctx.chrome()),
        )),
    }
}
