//! "Wachtwoord vergeten": asking for a link by mail, and choosing a new password with it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::accounts::{BUSY, subject, unlock_cookie};
use super::csrf::Form;
use super::passwords::Busy;
use super::respond::{html, html_status, see_other};
use super::session::Ctx;
use super::{AppError, AppState, client_address};
use crate::db::accounts;
use crate::domain::account::{
    self, AccountLink, AccountLinkKind, EmailAddress, check_new_password,
};
use crate::domain::id::UserId;
use crate::domain::throttle::{PASSWORD_RESETS_PER_ADDRESS, PASSWORD_RESETS_PER_IP};
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::accounts::{ResetPassword, ResetRequest};
use crate::paths::{self, Notice};
use crate::views;

pub async fn forgot_form(ctx: Ctx) -> HttpResponse {
    html(views::accounts::forgot_password(
        &ctx.chrome(),
        "",
        &FieldErrors::default(),
    ))
}

#[derive(Deserialize)]
pub struct ForgotInput {
    #[serde(default)]
    email: String,
}

/// Answers the same for every well-formed address, with or without an account: the
/// mail is queued in the write, so no answer waits for it.
pub async fn forgot(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(input): Form<ForgotInput>,
) -> Result<HttpResponse, AppError> {
    let refuse = |message: &str, status| {
        let errors = FieldErrors::single("email", message);
        html_status(
            status,
            views::accounts::forgot_password(&ctx.chrome(), &input.email, &errors),
        )
    };
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => email,
        Err(message) => return Ok(refuse(message, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let network = client_address(&req, &state.config.trusted_proxies);
    let request = ResetRequest {
        address_key: subject(&state, PASSWORD_RESETS_PER_ADDRESS, email.key()),
        network_key: subject(&state, PASSWORD_RESETS_PER_IP, &network),
        email,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let allowed = state
        .db
        .write(move |conn| {
            ops::accounts::request_password_reset(conn, &mail, &request, now)
                .map_err(AppError::from)
        })
        .await?;
    if !allowed {
        return Ok(refuse(
            "Er is vanaf uw internetadres te vaak een nieuw wachtwoord gevraagd. Probeer het over een uur opnieuw.",
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    Ok(see_other(paths::FORGOT_PASSWORD_SENT))
}

pub async fn forgot_sent(ctx: Ctx) -> HttpResponse {
    html(views::accounts::forgot_password_sent(&ctx.chrome()))
}

#[derive(Deserialize)]
pub struct ResetPath {
    token: String,
}

/// The page behind the mailed link: a form, so that a mail scanner opening the link
/// changes nothing.
pub async fn reset_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ResetPath>,
) -> Result<HttpResponse, AppError> {
    let reset = AccountLink::read(
        &state.config.secret_key,
        AccountLinkKind::PasswordReset,
        &path.token,
        ctx.now,
    );
    let works = match reset {
        Some(reset) => {
            let key = state.config.secret_key.clone();
            state
                .db
                .read(move |conn| {
                    let user = accounts::find_user(conn, &UserId::from(reset.user_id.as_str()))?;
                    Ok::<_, AppError>(
                        user.is_some_and(|user| reset.fits(&key, &user.password_hash)),
                    )
                })
                .await?
        }
        None => false,
    };
    let status = if works {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok(reset_page(
        &ctx,
        &path.token,
        status,
        &FieldErrors::default(),
    ))
}

#[derive(Deserialize)]
pub struct NewPasswordInput {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

/// Sets the new password, ends every session of the account and sends the browser to
/// log in, past the log-in limits of this account (it proved it reads the account's mail).
pub async fn reset(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ResetPath>,
    Form(input): Form<NewPasswordInput>,
) -> Result<HttpResponse, AppError> {
    let Some(reset) = AccountLink::read(
        &state.config.secret_key,
        AccountLinkKind::PasswordReset,
        &path.token,
        ctx.now,
    ) else {
        return Ok(reset_page(
            &ctx,
            &path.token,
            StatusCode::NOT_FOUND,
            &FieldErrors::default(),
        ));
    };
    let mut errors = FieldErrors::default();
    check_new_password(
        &mut errors,
        "password",
        &input.password,
        &input.password_confirmation,
    );
    if !errors.is_empty() {
        return Ok(reset_page(
            &ctx,
            &path.token,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errors,
        ));
    }
    let password = input.password;
    let password_hash = match state
        .passwords
        .run(move |memory| account::hash_password_in(memory, &password))
        .await
    {
        Ok(hash) => hash,
        Err(Busy) => {
            let errors = FieldErrors::single("password", BUSY);
            return Ok(reset_page(
                &ctx,
                &path.token,
                StatusCode::SERVICE_UNAVAILABLE,
                &errors,
            ));
        }
    };
    let request = ResetPassword {
        reset,
        password_hash,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let changed = state
        .db
        .write(move |conn| {
            ops::accounts::reset_password(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    let Some(user) = changed else {
        return Ok(reset_page(
            &ctx,
            &path.token,
            StatusCode::NOT_FOUND,
            &FieldErrors::default(),
        ));
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            actix_web::http::header::LOCATION,
            paths::with_notice(paths::LOG_IN, Notice::PasswordReset),
        ))
        .cookie(unlock_cookie(&state, user.id.as_str(), now))
        .finish())
}

/// The new-password form with `status`, or for 404 the page of a link that no longer works.
fn reset_page(ctx: &Ctx, token: &str, status: StatusCode, errors: &FieldErrors) -> HttpResponse {
    let works = status != StatusCode::NOT_FOUND;
    html_status(
        status,
        views::accounts::new_password(&ctx.chrome(), token, works, errors),
    )
}
