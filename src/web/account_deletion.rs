//! The AVG rights on the account page: "Account verwijderen" (art. 17), a page that says
//! what happens and then the deletion once the password proved right, and "Download mijn
//! gegevens" (art. 15 and 20).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::accounts::{confirm_password, logged_out_redirect};
use super::csrf::Form;
use super::respond::{html, html_status};
use super::session::Ctx;
use super::{AppError, AppState};
use crate::domain::account::DeletionBlocker;
use crate::domain::id::UserId;
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::accounts::DeletionOutcome;
use crate::paths::{self, Notice};
use crate::views;

async fn blockers(state: &AppState, user_id: &UserId) -> Result<Vec<DeletionBlocker>, AppError> {
    let user_id = user_id.clone();
    state
        .db
        .read(move |conn| {
            ops::accounts::deletion_blockers_of(conn, &user_id).map_err(AppError::from)
        })
        .await
}

pub async fn form(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    let blockers = blockers(&state, &user_id).await?;
    Ok(html(views::accounts::delete_account(
        &ctx.chrome(),
        &blockers,
        &FieldErrors::default(),
    )))
}

#[derive(Deserialize)]
pub struct DeleteInput {
    #[serde(default)]
    delete_password: String,
}

pub async fn delete(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<DeleteInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    let refuse = |status, message: &str, blockers: &[DeletionBlocker]| {
        let errors = FieldErrors::single("delete_password", message);
        html_status(
            status,
            views::accounts::delete_account(&ctx.chrome(), blockers, &errors),
        )
    };
    if let Err((status, message)) =
        confirm_password(&state, &user, &input.delete_password, ctx.now).await?
    {
        return Ok(refuse(status, message, &[]));
    }
    let (mail, now, user_id) = (state.mail.clone(), ctx.now, user.id.clone());
    let outcome = state
        .db
        .write(move |conn| {
            ops::accounts::delete_account(conn, &mail, &user_id, now).map_err(AppError::from)
        })
        .await?;
    Ok(match outcome {
        DeletionOutcome::Deleted => logged_out_redirect(
            &state,
            &paths::with_notice(paths::LOG_IN, Notice::AccountDeleted),
        ),
        DeletionOutcome::Blocked(blockers) => html_status(
            StatusCode::CONFLICT,
            views::accounts::delete_account(&ctx.chrome(), &blockers, &FieldErrors::default()),
        ),
    })
}

/// "Download mijn gegevens": everything held about the account as one JSON file.
pub async fn personal_data(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    let now = ctx.now;
    let data = state
        .db
        .read(move |conn| {
            crate::db::personal_data::collect(conn, &user_id, now).map_err(AppError::from)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let document = crate::export::personal_data::document(&data, now);
    let filename = format!(
        "inspraak-mijn-gegevens-{}.json",
        crate::domain::time::amsterdam_date(now)
    );
    Ok(HttpResponse::Ok()
        .content_type("application/json; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            crate::domain::export::attachment_header(&filename),
        ))
        .body(serde_json::to_vec_pretty(&document).unwrap_or_default()))
}
