//! Registering, logging in and out, the account page and changing the password.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use serde::Deserialize;

use super::csrf::{self, Form, NoFields};
use super::passwords::Busy;
use super::respond::{html, html_status, see_other};
use super::session::{Ctx, SESSION_COOKIE, SESSION_DAYS, expired_session_cookie, session_cookie};
use super::{AppError, AppState, NoticeQuery, client_address};
use crate::db::throttle::LoginSubjects;
use crate::db::{accounts, councils, organisations, reactions, throttle};
use crate::domain::account::{self, EmailAddress, RegistrationInput, check_new_password};
use crate::domain::id::{OrganisationId, UserId};
use crate::domain::navigation::{self, return_path};
use crate::domain::security::{expiring_link, expiring_link_id, random_token, sha256_hex, sign};
use crate::domain::throttle::{
    LOGIN_PER_ACCOUNT, LOGIN_PER_IP, LOGIN_PER_PAIR, LOGIN_UNLOCK_MAILS, Limit, LoginVerdict,
    REGISTER_PER_IP, VERIFICATION_MAILS, login_verdict,
};
use crate::domain::validation::FieldErrors;
use crate::mail::notify::{self, ACCOUNT_EMAIL_LINK, LOGIN_UNLOCK_LINK};
use crate::views;
use actix_web::http::StatusCode;

const WRONG_CREDENTIALS: &str = "Het e-mailadres of het wachtwoord klopt niet.";
const TOO_MANY_ATTEMPTS: &str = "Er is te vaak een verkeerd wachtwoord ingevuld. Wacht een paar minuten en probeer het dan opnieuw. Is dit uw account? Dan krijgt u een e-mail met een link waarmee u meteen verder kunt.";
const ACCOUNT_GUARDED: &str = "Er is vanaf veel plaatsen geprobeerd in te loggen op dit account. Daarom is het even beveiligd. Is dit uw account? Dan krijgt u een e-mail met een link waarmee u op dit apparaat weer kunt inloggen.";
const BUSY: &str = "Het is nu erg druk. Probeer het over een minuut opnieuw.";

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    terug: String,
}

/// The page to come back to, as the forms carry it ("/" for none).
fn safe_next(next: &str) -> &str {
    return_path(next).unwrap_or("/")
}

pub async fn login_form(
    ctx: Ctx,
    query: web::Query<NextQuery>,
    notice: web::Query<NoticeQuery>,
) -> HttpResponse {
    html(views::accounts::login(
        &ctx.chrome(),
        "",
        safe_next(&query.terug),
        &FieldErrors::default(),
        notice.text(),
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
            views::accounts::login(&ctx.chrome(), &input.email, &next, &errors, None),
        )
    };
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => email,
        Err(_) => return Ok(refuse(WRONG_CREDENTIALS, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let address = client_address(&req, &state.config.trusted_proxies);
    let subjects = LoginSubjects {
        pair: subject(
            &state,
            LOGIN_PER_PAIR,
            &format!("{}|{address}", email.key()),
        ),
        account: subject(&state, LOGIN_PER_ACCOUNT, email.key()),
        address: subject(&state, LOGIN_PER_IP, &address),
    };
    let unlock = req.cookie(UNLOCK_COOKIE).map(|c| c.value().to_owned());
    let (subjects, attempt) = {
        let mail = state.mail.clone();
        state
            .db
            .write(move |conn| {
                let now = ctx.now;
                let failures = throttle::login_failures(conn, &subjects, now)?;
                let user = accounts::find_user_by_email(conn, &email)?;
                let unlocked = match (&user, &unlock) {
                    (Some(user), Some(cookie)) => {
                        unlocked_for(&mail.secret_key, cookie, now) == Some(user.id.as_str())
                    }
                    _ => false,
                };
                match login_verdict(failures, now, unlocked) {
                    LoginVerdict::Try => {
                        let attempt = throttle::record_login_attempt(conn, &subjects, now)?;
                        Ok::<_, AppError>((subjects, Ok((attempt, user))))
                    }
                    refused => {
                        if let Some(user) = &user
                            && throttle::take(conn, LOGIN_UNLOCK_MAILS, &subjects.account, now)?
                        {
                            notify::login_unlock(conn, &mail, user, now)?;
                        }
                        Ok((subjects, Err(refused)))
                    }
                }
            })
            .await?
    };
    let (attempt, user) = match attempt {
        Ok(attempt) => attempt,
        Err(LoginVerdict::AccountGuarded) => {
            return Ok(refuse(ACCOUNT_GUARDED, StatusCode::TOO_MANY_REQUESTS));
        }
        Err(_) => return Ok(refuse(TOO_MANY_ATTEMPTS, StatusCode::TOO_MANY_REQUESTS)),
    };
    let password = input.password.clone();
    let verified = state
        .passwords
        .run(move |memory| match user {
            Some(user) if account::verify_password_in(memory, &password, &user.password_hash) => {
                Some(user)
            }
            Some(_) => None,
            None => {
                account::verify_against_dummy_in(memory, &password);
                None
            }
        })
        .await;
    let verified = match verified {
        Ok(verified) => verified,
        Err(Busy) => return Ok(refuse(BUSY, StatusCode::SERVICE_UNAVAILABLE)),
    };
    let Some(user) = verified else {
        return Ok(refuse(WRONG_CREDENTIALS, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let old_session = req.cookie(SESSION_COOKIE).map(|c| sha256_hex(c.value()));
    let actor = {
        let user = user.clone();
        state
            .db
            .read(move |conn| accounts::actor_of(conn, &user).map_err(AppError::from))
            .await?
    };
    let token = start_session(&state, user.id, old_session, Some((subjects, attempt))).await?;
    Ok(signed_in_redirect(
        &state,
        token,
        navigation::landing(&next, &actor),
    ))
}

/// The cookie a browser gets from the "was this you?" link: it lets that browser past
/// the per-account log-in limits of that one account.
const UNLOCK_COOKIE: &str = "inspraak_ontgrendeld";
const UNLOCK_COOKIE_PURPOSE: &str = "login-unlock-cookie";
const UNLOCK_COOKIE_DAYS: i64 = 30;

/// The account an unlock cookie is for, if it is signed right and not expired.
fn unlocked_for<'a>(key: &[u8], cookie: &'a str, now: chrono::NaiveDateTime) -> Option<&'a str> {
    expiring_link_id(key, UNLOCK_COOKIE_PURPOSE, cookie, now)
}

#[derive(Deserialize)]
pub struct UnlockPath {
    token: String,
}

/// The page behind the "was this you?" link: a button, so that a mail scanner that
/// opens links does not use it.
pub async fn unlock_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<UnlockPath>,
) -> HttpResponse {
    let valid = expiring_link_id(
        &state.config.secret_key,
        LOGIN_UNLOCK_LINK,
        &path.token,
        ctx.now,
    )
    .is_some();
    html(views::accounts::unlock(&ctx.chrome(), &path.token, valid))
}

pub async fn unlock(
    state: web::Data<AppState>,
    path: web::Path<UnlockPath>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let user_id = expiring_link_id(
        &state.config.secret_key,
        LOGIN_UNLOCK_LINK,
        &path.token,
        now,
    )
    .ok_or(AppError::NotFound)?;
    let value = expiring_link(
        &state.config.secret_key,
        UNLOCK_COOKIE_PURPOSE,
        user_id,
        now + Duration::days(UNLOCK_COOKIE_DAYS),
    );
    let cookie = actix_web::cookie::Cookie::build(UNLOCK_COOKIE, value)
        .path("/account/inloggen")
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(actix_web::cookie::SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(UNLOCK_COOKIE_DAYS))
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((
            actix_web::http::header::LOCATION,
            "/account/inloggen?melding=ontgrendeld",
        ))
        .cookie(cookie)
        .finish())
}

/// Stores a new session (ending the one the browser had, so the id rotates) and
/// returns the token for the cookie.
async fn start_session(
    state: &AppState,
    user_id: UserId,
    old_session: Option<String>,
    login_attempt: Option<(LoginSubjects, String)>,
) -> Result<String, AppError> {
    let token = random_token();
    let token_hash = sha256_hex(&token);
    let now = state.now();
    state
        .db
        .write(move |conn| {
            if let Some(old) = old_session {
                accounts::delete_session(conn, &old)?;
            }
            if let Some((subjects, attempt)) = &login_attempt {
                throttle::forget_login_attempt(conn, subjects, attempt)?;
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

/// Registering answers the same for a new and a known address (nothing tells which
/// addresses have an account): both get a mail, the new one to confirm and log in, the
/// known one to say someone tried.
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
        Err(errors) => return Ok(refuse(&errors, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let ip_key = subject(
        &state,
        REGISTER_PER_IP,
        &client_address(&req, &state.config.trusted_proxies),
    );
    let password = registration.password.clone();
    // Hashed for known addresses too, so that the answer takes as long.
    let hash = match state
        .passwords
        .run(move |memory| account::hash_password_in(memory, &password))
        .await
    {
        Ok(hash) => hash,
        Err(Busy) => {
            return Ok(refuse(
                &FieldErrors::single("email", BUSY),
                StatusCode::SERVICE_UNAVAILABLE,
            ));
        }
    };
    let mail = state.mail.clone();
    let (secret, back) = (state.config.secret_key.clone(), next.clone());
    let allowed = state
        .db
        .write(move |conn| {
            let now = ctx.now;
            if !throttle::take(conn, REGISTER_PER_IP, &ip_key, now)? {
                return Ok::<_, AppError>(false);
            }
            let email = &registration.email;
            let name = &registration.display_name;
            if let Some(id) = accounts::insert_user(conn, email, name, &hash, false, now)? {
                notify::account_verification(conn, &mail, &id, email.as_str(), name, &back, now)?;
                return Ok(true);
            }
            let Some(known) = accounts::find_user_by_email(conn, email)? else {
                return Ok(true);
            };
            let mails = sign(&secret, VERIFICATION_MAILS.bucket, known.id.as_str());
            if throttle::take(conn, VERIFICATION_MAILS, &mails, now)? {
                notify::registration_attempt(conn, &mail, &known, &back, now)?;
            }
            Ok(true)
        })
        .await?;
    if !allowed {
        return Ok(refuse(
            &FieldErrors::single(
                "email",
                "Er zijn vanaf uw internetadres te veel accounts gemaakt. Probeer het over een uur opnieuw.",
            ),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    Ok(see_other("/account/registreren/verstuurd"))
}

/// After registering: look in the mailbox.
pub async fn registration_sent(ctx: Ctx) -> HttpResponse {
    html(views::accounts::registration_sent(&ctx.chrome()))
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
            let organisation_ids: Vec<OrganisationId> =
                memberships.iter().map(|m| m.id.clone()).collect();
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
    let checked = state
        .passwords
        .run(move |memory| {
            let ok = account::verify_password_in(memory, &current, &current_hash);
            (ok, ok.then(|| account::hash_password_in(memory, &new)))
        })
        .await;
    let Ok((current_ok, new_hash)) = checked else {
        errors.add("current_password", BUSY);
        let page = account_page(&ctx, &state, signed_in, None, &errors).await?;
        return Ok(html_status(StatusCode::SERVICE_UNAVAILABLE, page));
    };
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

/// The mailed link: confirms the address and, the first time, logs in and goes on to
/// where the person was registering from.
pub async fn verify_email(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<NextQuery>,
    _form: Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = ctx.now;
    let Some(user_id) = expiring_link_id(&state.config.secret_key, ACCOUNT_EMAIL_LINK, &token, now)
    else {
        return Ok(html_status(
            StatusCode::NOT_FOUND,
            views::accounts::verify_email(&ctx.chrome(), &ctx.path, Some(false)),
        ));
    };
    let user_id = UserId::from(user_id);
    let first = {
        let user_id = user_id.clone();
        state
            .db
            .write(move |conn| {
                Ok::<_, AppError>(accounts::set_email_verified(conn, &user_id, now)?)
            })
            .await?
    };
    if !first {
        return Ok(html(views::accounts::verify_email(
            &ctx.chrome(),
            &ctx.path,
            Some(true),
        )));
    }
    let old_session = req.cookie(SESSION_COOKIE).map(|c| sha256_hex(c.value()));
    let token = start_session(&state, user_id, old_session, None).await?;
    let target = match safe_next(&query.terug) {
        "/" => "/account?melding=welkom",
        next => next,
    };
    Ok(signed_in_redirect(&state, token, target))
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
    let key = subject(&state, VERIFICATION_MAILS, user.id.as_str());
    let mail = state.mail.clone();
    let sent = state
        .db
        .write(move |conn| {
            let now = ctx.now;
            if !throttle::take(conn, VERIFICATION_MAILS, &key, now)? {
                return Ok::<_, AppError>(false);
            }
            notify::account_verification(
                conn,
                &mail,
                &user.id,
                &user.email,
                &user.display_name,
                "/",
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
