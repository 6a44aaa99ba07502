//! The admin's outbox view, and unsubscribing committee members.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::admin::require_admin;
use super::csrf::{Form, NoFields};
use super::respond::{html, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState};
use crate::db::{councils, notifications, outbox};
use crate::domain::id::{CommitteeMemberId, OutboxId};
use crate::mail::notify::verify_unsubscribe;
use crate::paths::{self, Notice};
use crate::views;

#[derive(Deserialize)]
pub struct OutboxQuery {
    #[serde(default)]
    status: String,
    #[serde(default, deserialize_with = "Notice::deserialize_code")]
    melding: Option<Notice>,
}

pub async fn outbox(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let status = match query.status.as_str() {
        "sent" => "sent",
        "failed" => "failed",
        _ => "pending",
    };
    let (counts, mails) = state
        .db
        .read(move |conn| {
            Ok::<_, AppError>((outbox::counts(conn)?, outbox::list(conn, status, 200)?))
        })
        .await?;
    let notice = query.melding.map(views::notices::text);
    Ok(html(views::mail::outbox(
        &ctx.chrome(),
        status,
        counts,
        &mails,
        notice,
    )))
}

pub async fn retry(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OutboxId>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let id = path.into_inner();
    let retried = state
        .db
        .write(move |conn| outbox::retry_failed(conn, &id, ctx.now).map_err(AppError::from))
        .await?;
    if !retried {
        return Err(AppError::NotFound);
    }
    Ok(see_other_with(
        paths::admin_mail("pending"),
        Notice::MailRequeued,
    ))
}

/// The committee's name for a valid unsubscribe link; anything else is not found.
async fn committee_of_link(
    state: &AppState,
    member_id: &CommitteeMemberId,
    signature: &str,
) -> Result<String, AppError> {
    if !verify_unsubscribe(&state.config.secret_key, member_id, signature) {
        return Err(AppError::NotFound);
    }
    let member_id = member_id.clone();
    state
        .db
        .read(move |conn| {
            let member = notifications::find_member(conn, &member_id)?.ok_or(AppError::NotFound)?;
            let committee =
                councils::find_committee(conn, &member.committee_id)?.ok_or(AppError::NotFound)?;
            Ok(committee.name)
        })
        .await
}

pub async fn unsubscribe_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(CommitteeMemberId, String)>,
) -> Result<HttpResponse, AppError> {
    let (member_id, signature) = path.into_inner();
    let committee = committee_of_link(&state, &member_id, &signature).await?;
    Ok(html(views::mail::unsubscribe(
        &ctx.chrome(),
        &committee,
        &ctx.path,
        false,
    )))
}

/// One-click unsubscribe (RFC 8058). Mail programs POST here without cookies, so the
/// signed link, not a CSRF token, shows that the request is genuine; the worst a forged
/// request can do is unsubscribe the member the link was made for.
pub async fn unsubscribe(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(CommitteeMemberId, String)>,
) -> Result<HttpResponse, AppError> {
    let (member_id, signature) = path.into_inner();
    let committee = committee_of_link(&state, &member_id, &signature).await?;
    state
        .db
        .write(move |conn| {
            notifications::unsubscribe(conn, &member_id, ctx.now).map_err(AppError::from)
        })
        .await?;
    Ok(html(views::mail::unsubscribe(
        &ctx.chrome(),
        &committee,
        &ctx.path,
        true,
    )))
}
