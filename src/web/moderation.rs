//! Moderation: the queue, decisions on posts, the public moderation log and the house rules.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::csrf::Form;
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::threads::{load_house_rules, load_subject};
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations;
use crate::db::threads::{self, DecisionsOf, HouseRule, Post};
use crate::domain::account::CouncilRole;
use crate::domain::id::{ConsultationId, CouncilId, PostId};
use crate::domain::permission::can_view_consultation;
use crate::domain::thread::{DecisionInput, HouseRulesInput, ThreadError};
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::moderation::ModerationRequest;
use crate::paths::{self, Notice};
use crate::views;
use crate::views::moderation::ReviewPage;
use crate::views::threads::Subject;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/moderatie", web::get().to(queue))
        .route("/moderatie/berichten/{id}", web::get().to(review))
        .route("/moderatie/berichten/{id}", web::post().to(decide))
        .route(
            "/consultaties/{id}/moderatielogboek",
            web::get().to(public_log),
        )
        .route("/huisregels", web::get().to(house_rules))
        .route("/beheer/huisregels", web::get().to(house_rules_form))
        .route("/beheer/huisregels", web::post().to(save_house_rules));
}

pub async fn queue(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    if !actor.moderates_anywhere() {
        return Err(AppError::Forbidden);
    }
    let councils: Option<Vec<CouncilId>> = (!actor.is_admin).then(|| {
        actor
            .roles
            .iter()
            .filter(|(_, role)| *role == CouncilRole::Moderator)
            .map(|(council, _)| council.clone())
            .collect()
    });
    let items = state
        .db
        .read(move |conn| Ok::<_, AppError>(threads::queue(conn, councils.as_deref())?))
        .await?;
    Ok(html(views::moderation::queue(
        &ctx.chrome(),
        &items,
        query.text(),
    )))
}

/// A post with its subject, for a moderator of its council.
async fn moderated_post(
    ctx: &Ctx,
    state: &AppState,
    id: PostId,
) -> Result<(Post, Subject, Vec<HouseRule>), AppError> {
    let actor = ctx.require_actor()?.clone();
    let now = ctx.now;
    let (post, subject, rules) = state
        .db
        .read(move |conn| {
            let post = threads::find_post(conn, &id)?.ok_or(AppError::NotFound)?;
            let subject = load_subject(conn, post.subject_kind(), &post.subject_id, now)?;
            let rules = threads::house_rules(conn)?;
            Ok::<_, AppError>((post, subject, rules))
        })
        .await?;
    if !actor.moderates(&subject.listing.council.id) {
        return Err(AppError::Forbidden);
    }
    Ok((post, subject, rules))
}

pub async fn review(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
) -> Result<HttpResponse, AppError> {
    let (post, subject, rules) = moderated_post(&ctx, &state, path.into_inner()).await?;
    render_review(
        &ctx,
        &state,
        post,
        subject,
        rules,
        &DecisionInput::default(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_review(
    ctx: &Ctx,
    state: &AppState,
    post: Post,
    subject: Subject,
    rules: Vec<HouseRule>,
    input: &DecisionInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let id = post.id.clone();
    let (flags, history) = state
        .db
        .read(move |conn| {
            Ok::<_, AppError>((
                threads::flags_of(conn, &id)?,
                threads::decisions(conn, DecisionsOf::Post(&id))?,
            ))
        })
        .await?;
    let own = ctx
        .viewer
        .signed_in()
        .is_some_and(|s| post.is_by(&s.user.id));
    Ok(html_status(
        status,
        views::moderation::review(
            &ctx.chrome(),
            &ReviewPage {
                post: &post,
                subject: &subject,
                rules: &rules,
                flags: &flags,
                history: &history,
                own,
                input,
                errors,
            },
        ),
    ))
}

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<PostId>,
    Form(input): Form<DecisionInput>,
) -> Result<HttpResponse, AppError> {
    let (post, subject, rules) = moderated_post(&ctx, &state, path.into_inner()).await?;
    let moderator = ctx.require_user()?.user.id.clone();
    if post.is_by(&moderator) {
        return Err(ThreadError::OwnPost.into());
    }
    let numbers: Vec<i32> = rules.iter().map(|rule| rule.number).collect();
    let decision = match input.parse(&numbers) {
        Ok(decision) => decision,
        Err(errors) => {
            return render_review(
                &ctx,
                &state,
                post,
                subject,
                rules,
                &input,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let rule = decision
        .rule
        .and_then(|n| rules.iter().find(|rule| rule.number == n))
        .map(HouseRule::label);
    let request = ModerationRequest {
        post_id: post.id.clone(),
        moderator_id: moderator,
        decision,
        rule,
        thread: subject.title.clone(),
    };
    let (mail, now) = (state.config.mail_context(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::moderation::decide(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(paths::MODERATION, Notice::ModerationDecided))
}

/// Every decision in a consultation's threads; hidden text stays out.
pub async fn public_log(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (listing, decisions) = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let decisions = threads::decisions(conn, DecisionsOf::Consultation(&id))?;
            Ok::<_, AppError>((listing, decisions))
        })
        .await?;
    if !can_view_consultation(
        ctx.viewer.actor(),
        &listing.council.id,
        listing.consultation.state_at(ctx.now),
    ) {
        return Err(AppError::NotFound);
    }
    let moderates = ctx
        .viewer
        .actor()
        .is_some_and(|actor| actor.moderates(&listing.council.id));
    Ok(html(views::moderation::public_log(
        &ctx.chrome(),
        &listing,
        &decisions,
        moderates,
    )))
}

pub async fn house_rules(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let rules = load_house_rules(&state).await?;
    Ok(html(views::moderation::house_rules_page(
        &ctx.chrome(),
        &rules,
    )))
}

fn require_admin(ctx: &Ctx) -> Result<(), AppError> {
    if ctx.require_actor()?.can_administer() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn house_rules_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let rules = load_house_rules(&state).await?;
    let input = HouseRulesInput {
        title: rules.iter().map(|r| r.title.clone()).collect(),
        body: rules.iter().map(|r| r.body.clone()).collect(),
    };
    Ok(html(views::moderation::house_rules_form(
        &ctx.chrome(),
        &input,
        &FieldErrors::default(),
        query.text(),
    )))
}

pub async fn save_house_rules(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<HouseRulesInput>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let rules = match input.parse() {
        Ok(rules) => rules,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::moderation::house_rules_form(&ctx.chrome(), &input, &errors, None),
            ));
        }
    };
    let now = ctx.now;
    state
        .db
        .write(move |conn| {
            ops::moderation::save_house_rules(conn, &rules, now).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::ADMIN_HOUSE_RULES,
        Notice::HouseRulesSaved,
    ))
}
