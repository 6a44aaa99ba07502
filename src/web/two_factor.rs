//! Two-factor authentication: the settings page (turn on with a QR code and the first
//! code, turn off with the password) and the second step of logging in.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::accounts::{NextQuery, confirm_password, safe_next, subject};
use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::accounts::User;
use crate::domain::id::UserId;
use crate::domain::security::{expiring_link, expiring_link_id};
use crate::domain::throttle::TOTP_CODES_PER_ACCOUNT;
use crate::domain::two_factor::{SECOND_STEP_MINUTES, otpauth_url, secret_text};
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::two_factor::CodeCheck;
use crate::paths::{self, Notice};
use crate::views;
use crate::views::two_factor::Settings;

/// The cookie between the password and the code: the account, signed, for a few minutes.
pub(super) const SECOND_STEP_COOKIE: &str = "inspraak_tweede_stap";
const SECOND_STEP: &str = "login-second-step";

const WRONG_CODE: &str =
    "Deze code klopt niet. Vul de code in die de app nu laat zien; hij verandert elke 30 seconden.";
const TOO_MANY_CODES: &str =
    "U heeft te vaak een verkeerde code ingevuld. Probeer het over een kwartier opnieuw.";

/// The cookie that lets this browser on to the code page for `user_id`.
pub(super) fn second_step_cookie(
    state: &AppState,
    user_id: &UserId,
    now: NaiveDateTime,
) -> actix_web::cookie::Cookie<'static> {
    let value = expiring_link(
        &state.config.secret_key,
        SECOND_STEP,
        user_id.as_str(),
        now + chrono::Duration::minutes(SECOND_STEP_MINUTES),
    );
    actix_web::cookie::Cookie::build(SECOND_STEP_COOKIE, value)
        .path(paths::LOG_IN)
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(actix_web::cookie::SameSite::Lax)
        .finish()
}

/// The account whose password this browser just gave, while the step lasts.
fn second_step_user(state: &AppState, req: &HttpRequest, now: NaiveDateTime) -> Option<UserId> {
    let cookie = req.cookie(SECOND_STEP_COOKIE)?;
    expiring_link_id(&state.config.secret_key, SECOND_STEP, cookie.value(), now).map(UserId::from)
}

pub async fn settings(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    settings_page(&ctx, &state, &user, query.text(), &FieldErrors::default())
        .await
        .map(|page| html_status(StatusCode::OK, page))
}

async fn settings_page(
    ctx: &Ctx,
    state: &AppState,
    user: &User,
    message: Option<&str>,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let required = ctx.require_user()?.powers.needs_second_factor;
    let (key, user_id) = (state.config.secret_key.clone(), user.id.clone());
    let (pending, codes_left) = state
        .db
        .read(move |conn| {
            let pending = ops::two_factor::pending_secret(conn, &key, &user_id)?;
            let left = crate::db::two_factor::recovery_codes_left(conn, &user_id)?;
            Ok::<_, AppError>((pending, left))
        })
        .await?;
    let (text, url) = match &pending {
        Some(secret) => (
            secret_text(secret),
            otpauth_url(secret, "Inspraak", &user.email),
        ),
        None => (String::new(), String::new()),
    };
    let settings = match (user.totp_enabled_at, &pending) {
        (Some(since), _) => Settings::On {
            since,
            codes_left,
            required,
        },
        (None, Some(_)) => Settings::Pending {
            secret_text: &text,
            otpauth_url: &url,
        },
        (None, None) => Settings::Off,
    };
    Ok(views::two_factor::settings(
        &ctx.chrome(),
        settings,
        message,
        errors,
    ))
}

/// "Instellen": a new secret that waits for its first code.
pub async fn start(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    let key = state.config.secret_key.clone();
    state
        .db
        .write(move |conn| ops::two_factor::start(conn, &key, &user_id).map_err(AppError::from))
        .await?;
    Ok(see_other(paths::TWO_FACTOR))
}

#[derive(Deserialize)]
pub struct ConfirmInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    totp_password: String,
}

/// Turns it on with the first code and the password; shows the recovery codes once.
pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<ConfirmInput>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    let (user, session) = (signed_in.user.clone(), signed_in.token_hash.clone());
    let refuse = |status, field: &str, message: &str| {
        let errors = FieldErrors::single(field, message);
        let (ctx, state, user) = (&ctx, &state, &user);
        async move {
            let page = settings_page(ctx, state, user, None, &errors).await?;
            Ok::<_, AppError>(html_status(status, page))
        }
    };
    if let Err((status, message)) =
        confirm_password(&state, &user, &input.totp_password, ctx.now).await?
    {
        return refuse(status, "totp_password", message).await;
    }
    let limit_key = subject(&state, TOTP_CODES_PER_ACCOUNT, user.id.as_str());
    let (mail, now, code, account) = (
        state.mail.clone(),
        ctx.now,
        input.code.clone(),
        user.clone(),
    );
    let outcome = state
        .db
        .write(move |conn| {
            ops::two_factor::confirm(conn, &mail, &account, &session, &code, &limit_key, now)
                .map_err(AppError::from)
        })
        .await?;
    match outcome {
        Ok(codes) => Ok(html(views::two_factor::recovery_codes(
            &ctx.chrome(),
            &codes,
            false,
        ))),
        Err(CodeCheck::TooMany) => {
            refuse(StatusCode::TOO_MANY_REQUESTS, "code", TOO_MANY_CODES).await
        }
        Err(_) => refuse(StatusCode::UNPROCESSABLE_ENTITY, "code", WRONG_CODE).await,
    }
}

#[derive(Deserialize)]
pub struct RenewInput {
    #[serde(default)]
    renew_password: String,
}

/// Ten new recovery codes once the password proved right, shown this once.
pub async fn renew(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<RenewInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    if let Err((status, message)) =
        confirm_password(&state, &user, &input.renew_password, ctx.now).await?
    {
        let errors = FieldErrors::single("renew_password", message);
        let page = settings_page(&ctx, &state, &user, None, &errors).await?;
        return Ok(html_status(status, page));
    }
    let (key, user_id) = (state.config.secret_key.clone(), user.id.clone());
    let codes = state
        .db
        .write(move |conn| {
            ops::two_factor::renew_recovery_codes(conn, &key, &user_id).map_err(AppError::from)
        })
        .await?;
    Ok(match codes {
        Some(codes) => html(views::two_factor::recovery_codes(
            &ctx.chrome(),
            &codes,
            true,
        )),
        None => see_other(paths::TWO_FACTOR),
    })
}

#[derive(Deserialize)]
pub struct OffInput {
    #[serde(default)]
    off_password: String,
}

pub async fn disable(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<OffInput>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    if signed_in.powers.needs_second_factor {
        return Err(AppError::Forbidden);
    }
    let user = signed_in.user.clone();
    if let Err((status, message)) =
        confirm_password(&state, &user, &input.off_password, ctx.now).await?
    {
        let errors = FieldErrors::single("off_password", message);
        let page = settings_page(&ctx, &state, &user, None, &errors).await?;
        return Ok(html_status(status, page));
    }
    let (mail, now) = (state.mail.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::two_factor::disable(conn, &mail, &user, now).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(paths::TWO_FACTOR, Notice::TwoFactorOff))
}

/// The code page of a log-in whose password proved right; without that, back to log in.
pub async fn login_code_form(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> HttpResponse {
    if second_step_user(&state, &req, ctx.now).is_none() {
        return see_other(paths::LOG_IN);
    }
    html(views::two_factor::login_code(
        &ctx.chrome(),
        safe_next(&query.terug),
        &FieldErrors::default(),
    ))
}

#[derive(Deserialize)]
pub struct CodeInput {
    #[serde(default)]
    code: String,
}

/// Logs in once the code (or a recovery code) is right.
pub async fn login_code(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
    Form(input): Form<CodeInput>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(&query.terug).to_owned();
    let Some(user_id) = second_step_user(&state, &req, ctx.now) else {
        return Ok(see_other(paths::LOG_IN));
    };
    let refuse = |status, message: &str| {
        let errors = FieldErrors::single("code", message);
        html_status(
            status,
            views::two_factor::login_code(&ctx.chrome(), &next, &errors),
        )
    };
    let limit_key = subject(&state, TOTP_CODES_PER_ACCOUNT, user_id.as_str());
    let (key, now, id) = (state.config.secret_key.clone(), ctx.now, user_id.clone());
    let checked = state
        .db
        .write(move |conn| {
            ops::two_factor::verify_login(conn, &key, &id, &input.code, &limit_key, now)
                .map_err(AppError::from)
        })
        .await?;
    match checked {
        CodeCheck::Right => super::accounts::finish_login(&state, &req, user_id, &next).await,
        CodeCheck::Wrong => Ok(refuse(StatusCode::UNPROCESSABLE_ENTITY, WRONG_CODE)),
        CodeCheck::TooMany => Ok(refuse(StatusCode::TOO_MANY_REQUESTS, TOO_MANY_CODES)),
    }
}
