//! Registering, logging in and out, the account page and changing the password.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use serde::Deserialize;

use super::csrf::{self, Form, NoFields};
use super::session::{Ctx, SESSION_COOKIE, SESSION_DAYS, expired_session_cookie, session_cookie};
use super::{AppError, AppState, NoticeQuery, client_address, see_other};
use crate::db::{accounts, councils, organisations, reactions, throttle};
use crate::domain::account::{self, EmailAddress, RegistrationInput, check_new_password};
use crate::domain::navigation::{self, return_path};
use crate::domain::security::{random_token, sha256_hex, sign, signed_link_id};
use crate::domain::throttle::{
    LOGIN_PER_ACCOUNT, LOGIN_PER_IP, Limit, REGISTER_PER_IP, VERIFICATION_MAILS,
};
use crate::domain::time::now_utc;
use crate::domain::validation::FieldErrors;
use crate::mail::notify::{self, ACCOUNT_EMAIL_LINK};
use crate::views;

const WRONG_CREDENTIALS: &str = "Het e-mailadres of het wachtwoord klopt niet.";
const TOO_MANY_ATTEMPTS: &str = "Er is te vaak een verkeerd wachtwoord ingevuld. Wacht een kwartier en probeer het dan opnieuw.";

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    terug: String,
}

/// The page to come back to, as the forms carry it ("/" for none).
fn safe_next(next: &str) -> &str {
    return_path(next).unwrap_or("/")
}

pub async fn login_form(ctx: Ctx, query: web::Query<NextQuery>) -> HttpResponse {
    html(views::accounts::login(
        &ctx.chrome(),
        "",
        safe_next(&query.terug),
        &FieldErrors::default(),
    ))
}

#[derive(Deserialize)]
pub struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// A throttling subject, keyed so that addresses are not stored in the clear.
fn subject(state: &AppState, limit: Limit, value: &str) -> String {
    sign(&state.config.secret_key, limit.bucket, value)
}

pub async fn login(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(input): Form<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(&input.next).to_owned();
    let refuse = |message: &str, status| {
        let errors = FieldErrors::single("email", message);
        html_status(
            status,
            views::accounts::login(&ctx.chrome(), &input.email, &next, &errors),
        )
    };
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => email,
        Err(_) => {
            return Ok(refuse(
                WRONG_CREDENTIALS,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let account_key = subject(&state, LOGIN_PER_ACCOUNT, email.as_str());
    let ip_key = subject(
        &state,
        LOGIN_PER_IP,
        &client_address(&req, state.config.trust_proxy),
    );
    let user = {
        let (account_key, ip_key, email) = (account_key.clone(), ip_key.clone(), email.clone());
        state
            .db
            .read(move |conn| {
                let now = now_utc();
                let blocked = LOGIN_PER_ACCOUNT.is_reached(throttle::recent_count(
                    conn,
                    LOGIN_PER_ACCOUNT.bucket,
                    &account_key,
                    now,
                    LOGIN_PER_ACCOUNT.window(),
                )?) || LOGIN_PER_IP.is_reached(throttle::recent_count(
                    conn,
                    LOGIN_PER_IP.bucket,
                    &ip_key,
                    now,
                    LOGIN_PER_IP.window(),
                )?);
                Ok::<_, AppError>((blocked, accounts::find_user_by_email(conn, &email)?))
            })
            .await?
    };
    let (blocked, user) = user;
    if blocked {
        return Ok(refuse(
            TOO_MANY_ATTEMPTS,
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let password = input.password.clone();
    let verified = tokio::task::spawn_blocking(move || match user {
        Some(user) if account::verify_password(&password, &user.password_hash) => Some(user),
        Some(_) => None,
        None => {
            account::verify_against_dummy(&password);
            None
        }
    })
    .await
    .map_err(|_| AppError::Database(crate::db::DbError::Cancelled))?;

    let Some(user) = verified else {
        state
            .db
            .write(move |conn| {
                let now = now_utc();
                throttle::record(conn, LOGIN_PER_ACCOUNT.bucket, &account_key, now)?;
                throttle::record(conn, LOGIN_PER_IP.bucket, &ip_key, now)?;
                Ok::<_, AppError>(())
            })
            .await?;
        return Ok(refuse(
            WRONG_CREDENTIALS,
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let old_session = req.cookie(SESSION_COOKIE).map(|c| sha256_hex(c.value()));
    let actor = {
        let user = user.clone();
        state
            .db
            .read(move |conn| accounts::actor_of(conn, &user).map_err(AppError::from))
            .await?
    };
    let token = start_session(&state, user.id, old_session, Some(account_key)).await?;
    Ok(signed_in_redirect(
        &state,
        token,
        navigation::landing(&next, &actor),
    ))
}

/// Stores a new session (ending the one the browser had, so the id rotates) and
/// returns the token for the cookie.
async fn start_session(
    state: &AppState,
    user_id: String,
    old_session: Option<String>,
    clear_failures: Option<String>,
) -> Result<String, AppError> {
    let token = random_token();
    let token_hash = sha256_hex(&token);
    state
        .db
        .write(move |conn| {
            let now = now_utc();
            if let Some(old) = old_session {
                accounts::delete_session(conn, &old)?;
            }
            if let Some(key) = clear_failures {
                throttle::clear(conn, LOGIN_PER_ACCOUNT.bucket, &key)?;
            }
            accounts::insert_session(
                conn,
                &token_hash,
                &user_id,
                now,
                now + Duration::days(SESSION_DAYS),
            )?;
            Ok::<_, AppError>(())
        })
        .await?;
    Ok(token)
}

fn signed_in_redirect(state: &AppState, token: String, next: &str) -> HttpResponse {
    let secure = state.config.secure_cookies();
    let mut response = HttpResponse::SeeOther();
    response
        .insert_header((actix_web::http::header::LOCATION, next))
        .cookie(session_cookie(token, secure));
    csrf::rotate(&mut response, secure);
    response.finish()
}

pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let token_hash = sha256_hex(cookie.value());
        state
            .db
            .write(move |conn| accounts::delete_session(conn, &token_hash).map_err(AppError::from))
            .await?;
    }
    let secure = state.config.secure_cookies();
    let mut response = HttpResponse::SeeOther();
    response
        .insert_header((actix_web::http::header::LOCATION, "/"))
        .cookie(expired_session_cookie(secure));
    csrf::rotate(&mut response, secure);
    Ok(response.finish())
}

pub async fn register_form(ctx: Ctx, query: web::Query<NextQuery>) -> HttpResponse {
    html(views::accounts::register(
        &ctx.chrome(),
        &RegistrationInput::default(),
        safe_next(&query.terug),
        &FieldErrors::default(),
    ))
}

/// The registration form: the account's fields and where to go afterwards.
#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(flatten)]
    input: RegistrationInput,
    #[serde(default)]
    next: String,
}

pub async fn register(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(RegisterForm { input, next }): Form<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(&next).to_owned();
    let refuse = |errors: &FieldErrors, status| {
        html_status(
            status,
            views::accounts::register(&ctx.chrome(), &input, &next, errors),
        )
    };
    let registration = match input.parse() {
        Ok(registration) => registration,
        Err(errors) => {
            return Ok(refuse(
                &errors,
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let ip_key = subject(
        &state,
        REGISTER_PER_IP,
        &client_address(&req, state.config.trust_proxy),
    );
    let password = registration.password.clone();
    let mail = state.mail.clone();
    let hash = tokio::task::spawn_blocking(move || account::hash_password(&password))
        .await
        .map_err(|_| AppError::Database(crate::db::DbError::Cancelled))?;
    let outcome = state
        .db
        .write(move |conn| {
            let now = now_utc();
            let recent = throttle::recent_count(conn, REGISTER_PER_IP.bucket, &ip_key, now, REGISTER_PER_IP.window())?;
            if REGISTER_PER_IP.is_reached(recent) {
                return Ok::<_, AppError>(Err("Er zijn vanaf uw internetadres te veel accounts gemaakt. Probeer het over een uur opnieuw."));
            }
            throttle::record(conn, REGISTER_PER_IP.bucket, &ip_key, now)?;
            match accounts::insert_user(conn, &registration.email, &registration.display_name, &hash, false, now)? {
                Some(id) => {
                    notify::account_verification(conn, &mail, &id, registration.email.as_str(), &registration.display_name, now)?;
                    Ok(Ok(id))
                }
                None => Ok(Err("Er is al een account met dit e-mailadres. Log in, of kies een ander e-mailadres.")),
            }
        })
        .await?;
    match outcome {
        Ok(user_id) => {
            let old_session = req.cookie(SESSION_COOKIE).map(|c| sha256_hex(c.value()));
            let token = start_session(&state, user_id, old_session, None).await?;
            let target = if next == "/" {
                "/account?melding=welkom"
            } else {
                next.as_str()
            };
            Ok(signed_in_redirect(&state, token, target))
        }
        Err(message) => Ok(refuse(
            &FieldErrors::single("email", message),
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        )),
    }
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    Ok(html(
        account_page(
            &ctx,
            &state,
            signed_in,
            query.text(),
            &FieldErrors::default(),
        )
        .await?,
    ))
}

async fn account_page(
    ctx: &Ctx,
    state: &AppState,
    signed_in: &super::session::SignedIn,
    message: Option<&str>,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let roles = signed_in.actor.roles.clone();
    let user_id = signed_in.user.id.clone();
    let (lines, memberships, reactions) = state
        .db
        .read(move |conn| {
            let all = councils::all_councils(conn)?;
            let memberships = organisations::organisations_of(conn, &user_id)?
                .into_iter()
                .map(|(organisation, role)| views::accounts::OrganisationLine {
                    id: organisation.id,
                    name: organisation.name,
                    role,
                })
                .collect::<Vec<_>>();
            let organisation_ids: Vec<String> = memberships.iter().map(|m| m.id.clone()).collect();
            let reactions = reactions::reactions_for_member(conn, &user_id, &organisation_ids)?;
            Ok::<_, AppError>((
                roles
                    .into_iter()
                    .filter_map(|(council_id, role)| {
                        all.iter()
                            .find(|c| c.id == council_id)
                            .map(|c| views::accounts::RoleLine {
                                council: c.name.clone(),
                                role,
                            })
                    })
                    .collect::<Vec<_>>(),
                memberships,
                reactions,
            ))
        })
        .await?;
    Ok(views::accounts::account(
        &ctx.chrome(),
        views::accounts::AccountPage {
            display_name: &signed_in.user.display_name,
            email: &signed_in.user.email,
            email_verified: signed_in.user.email_verified_at.is_some(),
            is_admin: signed_in.user.is_admin,
            roles: &lines,
            organisations: &memberships,
            reactions: &reactions,
            message,
            errors,
        },
    ))
}

#[derive(Deserialize)]
pub struct PasswordChangeInput {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

pub async fn change_password(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<PasswordChangeInput>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    check_new_password(
        &mut errors,
        "password",
        &input.password,
        &input.password_confirmation,
    );
    let current_hash = signed_in.user.password_hash.clone();
    let (current, new) = (input.current_password.clone(), input.password.clone());
    let (current_ok, new_hash) = tokio::task::spawn_blocking(move || {
        let ok = account::verify_password(&current, &current_hash);
        (ok, ok.then(|| account::hash_password(&new)))
    })
    .await
    .map_err(|_| AppError::Database(crate::db::DbError::Cancelled))?;
    if !current_ok {
        errors.add("current_password", "Uw huidige wachtwoord klopt niet.");
    }
    let new_hash = match new_hash {
        Some(hash) if errors.is_empty() => hash,
        _ => {
            let page = account_page(&ctx, &state, signed_in, None, &errors).await?;
            return Ok(html_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                page,
            ));
        }
    };
    let (user_id, keep) = (signed_in.user.id.clone(), signed_in.token_hash.clone());
    state
        .db
        .write(move |conn| {
            accounts::set_password_hash(conn, &user_id, &new_hash)?;
            accounts::delete_other_sessions(conn, &user_id, &keep)?;
            Ok::<_, AppError>(())
        })
        .await?;
    Ok(see_other("/account?melding=wachtwoord-gewijzigd"))
}

/// The link in the address confirmation mail: a GET only shows a button, since mail
/// scanners open links too.
pub async fn verify_email_form(ctx: Ctx) -> HttpResponse {
    html(views::accounts::verify_email(
        &ctx.chrome(),
        &ctx.path,
        None,
    ))
}

pub async fn verify_email(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _form: Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let Some(user_id) = signed_link_id(&state.config.secret_key, ACCOUNT_EMAIL_LINK, &token) else {
        return Ok(html_status(
            actix_web::http::StatusCode::NOT_FOUND,
            views::accounts::verify_email(&ctx.chrome(), &ctx.path, Some(false)),
        ));
    };
    let user_id = user_id.to_owned();
    state
        .db
        .write(move |conn| {
            Ok::<_, AppError>(accounts::set_email_verified(conn, &user_id, now_utc())?)
        })
        .await?;
    Ok(html(views::accounts::verify_email(
        &ctx.chrome(),
        &ctx.path,
        Some(true),
    )))
}

/// Sends the confirmation mail again, at most [`VERIFICATION_MAILS`] times an hour.
pub async fn resend_verification(
    ctx: Ctx,
    state: web::Data<AppState>,
    _form: Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    if user.email_verified_at.is_some() {
        return Ok(see_other("/account"));
    }
    let key = subject(&state, VERIFICATION_MAILS, &user.id);
    let mail = state.mail.clone();
    let sent = state
        .db
        .write(move |conn| {
            let now = now_utc();
            let recent = throttle::recent_count(
                conn,
                VERIFICATION_MAILS.bucket,
                &key,
                now,
                VERIFICATION_MAILS.window(),
            )?;
            if VERIFICATION_MAILS.is_reached(recent) {
                return Ok::<_, AppError>(false);
            }
            throttle::record(conn, VERIFICATION_MAILS.bucket, &key, now)?;
            notify::account_verification(
                conn,
                &mail,
                &user.id,
                &user.email,
                &user.display_name,
                now,
            )?;
            Ok(true)
        })
        .await?;
    Ok(see_other(if sent {
        "/account?melding=bevestigingsmail"
    } else {
        "/account?melding=bevestigingsmail-later"
    }))
}

pub fn html(page: maud::Markup) -> HttpResponse {
    html_status(actix_web::http::StatusCode::OK, page)
}

/// A page rendered earlier and kept.
pub fn html_bytes(page: actix_web::web::Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page)
}

pub fn html_status(status: actix_web::http::StatusCode, page: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}
