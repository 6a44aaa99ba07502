//! The deployment admin: councils and roles.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::csrf::Form;
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::{accounts, councils};
use crate::domain::account::CouncilRole;
use crate::domain::council::CouncilInput;
use crate::domain::id::{CouncilId, UserId};
use crate::domain::permission::Actor;
use crate::domain::validation::FieldErrors;
use crate::paths::{self, Notice};
use crate::views;

pub fn require_admin(ctx: &Ctx) -> Result<&Actor, AppError> {
    let actor = ctx.require_actor()?;
    if actor.can_administer() {
        Ok(actor)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn overview(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let councils = state
        .db
        .read(|conn| councils::all_councils(conn).map_err(AppError::from))
        .await?;
    Ok(html(views::admin::overview(
        &ctx.chrome(),
        &councils,
        query.text(),
    )))
}

pub async fn new_council_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let input = CouncilInput {
        speaking_deadline_hours: "24".into(),
        minutes_per_speaker: "5".into(),
        total_speaking_minutes: "30".into(),
        retention_days: "90".into(),
        ..CouncilInput::default()
    };
    Ok(html(views::admin::council_form(
        &ctx.chrome(),
        &input,
        &FieldErrors::default(),
        None,
    )))
}

/// The message on the field another council has already.
fn taken(what: councils::CouncilTaken) -> FieldErrors {
    match what {
        councils::CouncilTaken::Slug => {
            FieldErrors::single("slug", "Deze korte naam is al in gebruik. Kies een andere.")
        }
        councils::CouncilTaken::Code => FieldErrors::single(
            "code",
            "Een andere gemeente heeft deze code al. Kies een andere.",
        ),
    }
}

pub async fn create_council(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<CouncilInput>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let render = |errors: &FieldErrors| {
        html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::admin::council_form(&ctx.chrome(), &input, errors, None),
        )
    };
    let settings = match input.parse() {
        Ok(settings) => settings,
        Err(errors) => return Ok(render(&errors)),
    };
    let created = state
        .db
        .write(move |conn| {
            councils::insert_council(conn, &settings, ctx.now).map_err(AppError::from)
        })
        .await?;
    match created {
        Ok(_) => Ok(see_other_with(paths::ADMIN, Notice::Saved)),
        Err(what) => Ok(render(&taken(what))),
    }
}

pub async fn edit_council_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CouncilId>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let id = path.into_inner();
    let council = {
        let id = id.clone();
        state
            .db
            .read(move |conn| councils::find_council(conn, &id)?.ok_or(AppError::NotFound))
            .await?
    };
    let input = CouncilInput {
        name: council.name,
        slug: council.slug,
        code: council.code,
        logo_text: council.logo_text,
        speaking_deadline_hours: council.speaking_deadline_hours.to_string(),
        minutes_per_speaker: council.minutes_per_speaker.to_string(),
        total_speaking_minutes: council.total_speaking_minutes.to_string(),
        retention_days: council.retention_days.to_string(),
        two_factor_for_all_staff: council.two_factor_for_all_staff.then(|| "1".to_owned()),
    };
    Ok(html(views::admin::council_form(
        &ctx.chrome(),
        &input,
        &FieldErrors::default(),
        Some(&id),
    )))
}

pub async fn update_council(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CouncilId>,
    Form(input): Form<CouncilInput>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let id = path.into_inner();
    let render = |errors: &FieldErrors| {
        html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::admin::council_form(&ctx.chrome(), &input, errors, Some(&id)),
        )
    };
    let settings = match input.parse() {
        Ok(settings) => settings,
        Err(errors) => return Ok(render(&errors)),
    };
    let council_id = id.clone();
    let saved = state
        .db
        .write(move |conn| {
            councils::find_council(conn, &council_id)?.ok_or(AppError::NotFound)?;
            councils::update_council(conn, &council_id, &settings).map_err(AppError::from)
        })
        .await?;
    if let Err(what) = saved {
        return Ok(render(&taken(what)));
    }
    Ok(see_other_with(paths::ADMIN, Notice::Saved))
}

#[derive(Deserialize)]
pub struct UserQuery {
    #[serde(default)]
    q: String,
    #[serde(default, deserialize_with = "Notice::deserialize_code")]
    melding: Option<Notice>,
    /// Shows one user by id (after a role change, so no address lands in a URL).
    #[serde(default)]
    gebruiker: String,
}

pub async fn users(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<UserQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let needle = query.q.trim().to_owned();
    let user_id = UserId::from(query.gebruiker.trim());
    let (found, all) = state
        .db
        .read(move |conn| {
            let all = councils::all_councils(conn)?;
            let users = if !user_id.as_str().is_empty() {
                accounts::find_user(conn, &user_id)?.into_iter().collect()
            } else if needle.is_empty() {
                Vec::new()
            } else {
                accounts::search_users(conn, &needle, 50)?
            };
            let mut found = Vec::with_capacity(users.len());
            for user in users {
                let roles = accounts::roles_of(conn, &user.id)?
                    .into_iter()
                    .filter_map(|(council_id, role)| {
                        all.iter()
                            .find(|c| c.id == council_id)
                            .map(|c| (c.id.clone(), c.name.clone(), role))
                    })
                    .collect();
                found.push(views::admin::UserRoles { user, roles });
            }
            Ok::<_, AppError>((found, all))
        })
        .await?;
    let notice = query.melding.map(views::notices::text);
    Ok(html(views::admin::users(
        &ctx.chrome(),
        query.q.trim(),
        &found,
        &all,
        notice,
    )))
}

#[derive(Deserialize)]
pub struct RoleInput {
    #[serde(default)]
    council_id: String,
    #[serde(default)]
    role: String,
}

async fn change_role(
    ctx: Ctx,
    state: web::Data<AppState>,
    user_id: UserId,
    input: RoleInput,
    grant: bool,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let role = CouncilRole::parse(&input.role).ok_or(AppError::BadRequest)?;
    let changed_user = state
        .db
        .write(move |conn| {
            let user = accounts::find_user(conn, &user_id)?.ok_or(AppError::NotFound)?;
            let council_id = CouncilId::from(input.council_id);
            councils::find_council(conn, &council_id)?.ok_or(AppError::BadRequest)?;
            if grant {
                accounts::grant_role(conn, &user.id, &council_id, role, ctx.now)?;
            } else {
                accounts::revoke_role(conn, &user.id, &council_id, role)?;
            }
            Ok::<_, AppError>(user.id)
        })
        .await?;
    let notice = if grant {
        Notice::RoleGranted
    } else {
        Notice::RoleRevoked
    };
    Ok(see_other_with(paths::admin_user(&changed_user), notice))
}

pub async fn grant_role(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<UserId>,
    Form(input): Form<RoleInput>,
) -> Result<HttpResponse, AppError> {
    change_role(ctx, state, path.into_inner(), input, true).await
}

pub async fn revoke_role(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<UserId>,
    Form(input): Form<RoleInput>,
) -> Result<HttpResponse, AppError> {
    change_role(ctx, state, path.into_inner(), input, false).await
}

/// An admin turns two-factor authentication off for someone who lost the phone and the
/// recovery codes (after checking who it is); the account's owner is mailed.
pub async fn turn_off_two_factor(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<UserId>,
    Form(_): Form<crate::web::csrf::NoFields>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let (mail, now, user_id) = (state.mail.clone(), ctx.now, path.into_inner());
    let user_id = state
        .db
        .write(move |conn| {
            let user = accounts::find_user(conn, &user_id)?.ok_or(AppError::NotFound)?;
            crate::ops::two_factor::reset_by_admin(conn, &mail, &user, now)?;
            Ok::<_, AppError>(user.id)
        })
        .await?;
    Ok(see_other_with(
        paths::admin_user(&user_id),
        Notice::TwoFactorReset,
    ))
}
