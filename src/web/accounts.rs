//! Registering, logging in and out, the account page and changing the password.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::csrf::{self, Form, NoFields};
use super::passwords::Busy;
use super::respond::{html, html_status, see_other, see_other_with};
use super::session::{Ctx, SESSION_COOKIE, expired_session_cookie, session_cookie};
use super::{AppError, AppState, NoticeQuery, client_address};
use crate::db::accounts::{self, SessionLine, User};
use crate::db::address_changes::{self, PendingChange};
use crate::db::reactions::{self, ReactionListing};
use crate::db::throttle::LoginSubjects;
use crate::db::{DbConn, councils, organisations};
use crate::domain::account::{
    self, AccountLinkKind, CouncilRole, EmailAddress, RegistrationInput, SignInMethod,
    check_new_password,
};
use crate::domain::id::{CouncilId, OrganisationId, UserId};
use crate::domain::navigation::{self, return_path};
use crate::domain::security::{expiring_link_id, random_token, sha256_hex, sign};
use crate::domain::throttle::{
    LOGIN_PER_ACCOUNT, LOGIN_PER_IP, LOGIN_PER_PAIR, Limit, LoginVerdict,
    PASSWORD_CHECKS_PER_ACCOUNT, REGISTER_PER_IP, VERIFICATION_MAILS,
};
use crate::domain::validation::FieldErrors;
use crate::mail::notify::{ACCOUNT_EMAIL_LINK, LOGIN_UNLOCK_LINK};
use crate::ops;
use crate::ops::accounts::{LoginAttempt, LoginGate, NewSession, Register};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::accounts::{EmailForm, NameForm, OrganisationLine, RoleLine};
use actix_web::http::StatusCode;
use chrono::NaiveDateTime;

/// Registering, logging in and out, the account page and its forms, and the ways back in
/// by a mailed link.
pub fn routes(cfg: &mut web::ServiceConfig) {
    use super::address_change;
    use super::password_reset::{forgot, forgot_form, forgot_sent, reset, reset_form};
    cfg.route("/account", web::get().to(show))
        .route("/account/inloggen", web::get().to(login_form))
        .route("/account/inloggen", web::post().to(login))
        .route("/account/uitloggen", web::post().to(logout))
        .route(
            "/account/registreren/verstuurd",
            web::get().to(registration_sent),
        )
        .route("/account/ontgrendelen/{token}", web::get().to(unlock_form))
        .route("/account/ontgrendelen/{token}", web::post().to(unlock))
        .route(
            "/account/bevestigen/{token}",
            web::get().to(verify_email_form),
        )
        .route("/account/bevestigen/{token}", web::post().to(verify_email))
        .route(
            "/account/bevestigingsmail",
            web::post().to(resend_verification),
        )
        .route("/account/registreren", web::get().to(register_form))
        .route("/account/registreren", web::post().to(register))
        .route("/account/wachtwoord", web::post().to(change_password))
        .route(paths::ACCOUNT_NAME, web::post().to(change_name))
        .route(paths::END_SESSIONS, web::post().to(end_sessions))
        .route(paths::EMAIL_CHANGE, web::post().to(address_change::request))
        .route(
            paths::DELETE_ACCOUNT,
            web::get().to(super::account_deletion::form),
        )
        .route(
            paths::TWO_FACTOR,
            web::get().to(super::two_factor::settings),
        )
        .route(
            paths::TWO_FACTOR,
            web::post().to(super::two_factor::confirm),
        )
        .route(
            paths::TWO_FACTOR_START,
            web::post().to(super::two_factor::start),
        )
        .route(
            paths::TWO_FACTOR_OFF,
            web::post().to(super::two_factor::disable),
        )
        .route(
            paths::RECOVERY_CODES,
            web::post().to(super::two_factor::renew),
        )
        .route(
            paths::LOGIN_CODE,
            web::get().to(super::two_factor::login_code_form),
        )
        .route(
            paths::LOGIN_CODE,
            web::post().to(super::two_factor::login_code),
        )
        .route(
            paths::PERSONAL_DATA,
            web::get().to(super::account_deletion::personal_data),
        )
        .route(
            paths::DELETE_ACCOUNT,
            web::post().to(super::account_deletion::delete),
        )
        .route(
            paths::EMAIL_CHANGE_CANCEL,
            web::post().to(address_change::cancel),
        )
        .route(
            "/account/e-mailadres/bevestigen/{token}",
            web::get().to(address_change::confirm_form),
        )
        .route(
            "/account/e-mailadres/bevestigen/{token}",
            web::post().to(address_change::confirm),
        )
        .route(
            "/account/e-mailadres/terugzetten/{token}",
            web::get().to(address_change::revert_form),
        )
        .route(
            "/account/e-mailadres/terugzetten/{token}",
            web::post().to(address_change::revert),
        )
        .route(paths::FORGOT_PASSWORD, web::get().to(forgot_form))
        .route(paths::FORGOT_PASSWORD, web::post().to(forgot))
        .route(paths::FORGOT_PASSWORD_SENT, web::get().to(forgot_sent))
        .route(
            "/account/nieuw-wachtwoord/{token}",
            web::get().to(reset_form),
        )
        .route("/account/nieuw-wachtwoord/{token}", web::post().to(reset));
}

const WRONG_CREDENTIALS: &str = "Het e-mailadres of het wachtwoord klopt niet.";
const TOO_MANY_ATTEMPTS: &str = "Er is te vaak een verkeerd wachtwoord ingevuld. Wacht een paar minuten en probeer het dan opnieuw. Is dit uw account? Dan krijgt u een e-mail met een link waarmee u meteen verder kunt.";
const ACCOUNT_GUARDED: &str = "Er is vanaf veel plaatsen geprobeerd in te loggen op dit account. Daarom is het even beveiligd. Is dit uw account? Dan krijgt u een e-mail met een link waarmee u op dit apparaat weer kunt inloggen.";
pub(super) const BUSY: &str = "Het is nu erg druk. Probeer het over een minuut opnieuw.";

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    pub(super) terug: String,
}

/// The page to come back to, as the forms carry it (the home page for none).
pub(super) fn safe_next(next: &str) -> &str {
    return_path(next).unwrap_or(paths::HOME)
}

pub async fn login_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
    notice: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let sign_ins = councils_with_sign_in(&state).await?;
    Ok(html(views::accounts::login(
        &ctx.chrome(),
        "",
        safe_next(&query.terug),
        &FieldErrors::default(),
        notice.text(),
        &sign_ins,
    )))
}

/// The councils whose staff may sign in through their own provider, for the log-in page.
async fn councils_with_sign_in(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    state
        .db
        .read(|conn| crate::db::single_sign_on::councils_with_sign_in(conn).map_err(AppError::from))
        .await
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
pub(super) fn subject(state: &AppState, limit: Limit, value: &str) -> String {
    sign(&state.config.secret_key, limit.bucket, value)
}

pub async fn login(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(input): Form<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(&input.next).to_owned();
    let sign_ins = councils_with_sign_in(&state).await?;
    let refuse = |message: &str, status| {
        let errors = FieldErrors::single("email", message);
        html_status(
            status,
            views::accounts::login(&ctx.chrome(), &input.email, &next, &errors, None, &sign_ins),
        )
    };
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => email,
        Err(_) => return Ok(refuse(WRONG_CREDENTIALS, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let request = LoginAttempt {
        subjects: login_subjects(&state, &req, &email),
        email,
        unlock_cookie: req.cookie(UNLOCK_COOKIE).map(|c| c.value().to_owned()),
    };
    let (subjects, gate) = begin_login(&state, request, ctx.now).await?;
    let (attempt, user) = match gate {
        LoginGate::Try { attempt, user } => (attempt, user),
        LoginGate::Refused(LoginVerdict::AccountGuarded) => {
            return Ok(refuse(ACCOUNT_GUARDED, StatusCode::TOO_MANY_REQUESTS));
        }
        LoginGate::Refused(_) => {
            return Ok(refuse(TOO_MANY_ATTEMPTS, StatusCode::TOO_MANY_REQUESTS));
        }
    };
    let user = match check_password(&state, user, input.password.clone()).await {
        Ok(Some(user)) => user,
        Ok(None) => return Ok(refuse(WRONG_CREDENTIALS, StatusCode::UNPROCESSABLE_ENTITY)),
        Err(Busy) => return Ok(refuse(BUSY, StatusCode::SERVICE_UNAVAILABLE)),
    };
    if user.totp_enabled_at.is_some() {
        state
            .db
            .write(move |conn| {
                ops::accounts::password_proved(conn, &subjects, &attempt).map_err(AppError::from)
            })
            .await?;
        return Ok(HttpResponse::SeeOther()
            .insert_header((
                actix_web::http::header::LOCATION,
                paths::with_next(paths::LOGIN_CODE, &next),
            ))
            .cookie(super::two_factor::second_step_cookie(
                &state, &user.id, ctx.now,
            ))
            .finish());
    }
    let (token, landing) = log_in(
        &state,
        &req,
        user,
        SignInMethod::Password,
        Some((subjects, attempt)),
        &next,
    )
    .await?;
    Ok(signed_in_redirect(&state, token, &landing))
}

/// After the second step: starts the session and goes on to where the person was going,
/// and the browser forgets the step between password and code.
pub(super) async fn finish_login(
    state: &AppState,
    req: &HttpRequest,
    user_id: UserId,
    next: &str,
) -> Result<HttpResponse, AppError> {
    let id = user_id.clone();
    let user = state
        .db
        .read(move |conn| accounts::find_user(conn, &id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    let (token, landing) =
        log_in(state, req, user, SignInMethod::PasswordAndCode, None, next).await?;
    let mut gone = actix_web::cookie::Cookie::build(super::two_factor::SECOND_STEP_COOKIE, "")
        .path(paths::LOG_IN)
        .finish();
    gone.make_removal();
    Ok(signed_in(state, token, &landing).cookie(gone).finish())
}

/// Whether the log-in may be tried, counted as failed until its password proves right.
async fn begin_login(
    state: &AppState,
    request: LoginAttempt,
    now: NaiveDateTime,
) -> Result<(LoginSubjects, LoginGate), AppError> {
    let mail = state.mail.clone();
    state
        .db
        .write(move |conn| {
            let gate = ops::accounts::begin_login(conn, &mail, &request, now)?;
            Ok::<_, AppError>((request.subjects, gate))
        })
        .await
}

/// Starts the session of a user whose password (and code, with `method`) proved right:
/// its token, and where the user lands: where they were going, or for staff whose powers
/// wait for a second factor, the page to turn it on.
pub(super) async fn log_in(
    state: &AppState,
    req: &HttpRequest,
    user: User,
    method: SignInMethod,
    attempt: Option<(LoginSubjects, String)>,
    next: &str,
) -> Result<(String, String), AppError> {
    let powers = {
        let user = user.clone();
        state
            .db
            .read(move |conn| accounts::powers_of(conn, &user, method).map_err(AppError::from))
            .await?
    };
    let token = start_session(state, req, user.id, method, attempt).await?;
    let landing = if powers.withheld() {
        paths::with_notice(paths::TWO_FACTOR, Notice::TwoFactorNeeded)
    } else {
        navigation::landing(next, &powers.actor).to_owned()
    };
    Ok((token, landing))
}

/// The keyed subjects a log-in for `email` from this request is counted under.
fn login_subjects(state: &AppState, req: &HttpRequest, email: &EmailAddress) -> LoginSubjects {
    let address = client_address(req, &state.config.trusted_proxies);
    LoginSubjects {
        pair: subject(state, LOGIN_PER_PAIR, &format!("{}|{address}", email.key())),
        account: subject(state, LOGIN_PER_ACCOUNT, email.key()),
        address: subject(state, LOGIN_PER_IP, &address),
    }
}

/// The user whose password this is; an unknown address is checked against a dummy
/// hash, so that the answer takes as long.
async fn check_password(
    state: &AppState,
    user: Option<User>,
    password: String,
) -> Result<Option<User>, Busy> {
    state
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
        .await
}

/// The cookie a browser gets from the "was this you?" link (see
/// [`account::unlock_cookie_value`]).
const UNLOCK_COOKIE: &str = "inspraak_ontgrendeld";

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
    Ok(HttpResponse::SeeOther()
        .insert_header((
            actix_web::http::header::LOCATION,
            paths::with_notice(paths::LOG_IN, Notice::Unlocked),
        ))
        .cookie(unlock_cookie(&state, user_id, now))
        .finish())
}

/// The cookie that lets this browser past the per-account log-in limits of `user_id`,
/// for a browser that proved it reads the account's mail.
pub(super) fn unlock_cookie(
    state: &AppState,
    user_id: &str,
    now: NaiveDateTime,
) -> actix_web::cookie::Cookie<'static> {
    let value = account::unlock_cookie_value(&state.config.secret_key, user_id, now);
    actix_web::cookie::Cookie::build(UNLOCK_COOKIE, value)
        .path(paths::LOG_IN)
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(actix_web::cookie::SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(
            account::UNLOCK_COOKIE_DAYS,
        ))
        .finish()
}

/// Stores a new session (ending the one the browser had, so the id rotates) and
/// returns the token for the cookie.
async fn start_session(
    state: &AppState,
    req: &HttpRequest,
    user_id: UserId,
    method: SignInMethod,
    login_attempt: Option<(LoginSubjects, String)>,
) -> Result<String, AppError> {
    let now = state.now();
    let (session, token) = new_session(req, user_id, method, login_attempt, now);
    state
        .db
        .write(move |conn| {
            ops::accounts::start_session(conn, &session, now).map_err(AppError::from)
        })
        .await?;
    Ok(token)
}

/// A session to store for the browser of `req` (ending the one it had, so the id
/// rotates), and the token for its cookie.
fn new_session(
    req: &HttpRequest,
    user_id: UserId,
    signed_in_with: SignInMethod,
    login_attempt: Option<(LoginSubjects, String)>,
    now: NaiveDateTime,
) -> (NewSession, String) {
    let token = random_token();
    let user_agent = req
        .headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let session = NewSession {
        user_id,
        token_hash: sha256_hex(&token),
        old_session: req.cookie(SESSION_COOKIE).map(|c| sha256_hex(c.value())),
        login_attempt,
        device: account::device_hint(user_agent),
        signed_in_with,
        expires_at: now + signed_in_with.session_lifetime(),
    };
    (session, token)
}

fn signed_in_redirect(state: &AppState, token: String, next: &str) -> HttpResponse {
    signed_in(state, token, next).finish()
}

/// The redirect that hands the browser its new session cookie (and a new form token).
pub(super) fn signed_in(
    state: &AppState,
    token: String,
    next: &str,
) -> actix_web::HttpResponseBuilder {
    let secure = state.config.secure_cookies();
    let mut response = HttpResponse::SeeOther();
    response
        .insert_header((actix_web::http::header::LOCATION, next))
        .cookie(session_cookie(token, secure));
    csrf::rotate(&mut response, secure);
    response
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
    Ok(logged_out_redirect(&state, paths::HOME))
}

/// To `location` with the session cookie gone and a new CSRF token.
pub(super) fn logged_out_redirect(state: &AppState, location: &str) -> HttpResponse {
    let secure = state.config.secure_cookies();
    let mut response = HttpResponse::SeeOther();
    response
        .insert_header((actix_web::http::header::LOCATION, location))
        .cookie(expired_session_cookie(secure));
    csrf::rotate(&mut response, secure);
    response.finish()
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
    let request = Register {
        registration,
        password_hash: hash,
        ip_key,
        next: next.clone(),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let allowed = state
        .db
        .write(move |conn| {
            ops::accounts::register(conn, &mail, &request, now).map_err(AppError::from)
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
    Ok(see_other(paths::REGISTRATION_SENT))
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
    let page = AccountForms {
        message: query.text(),
        ..AccountForms::default()
    };
    Ok(html(account_page(&ctx, &state, signed_in, page).await?))
}

/// What the account page's forms show besides the stored account: a notice, or what a
/// refused form had typed and why.
#[derive(Default)]
pub(super) struct AccountForms<'a> {
    pub message: Option<&'a str>,
    pub name: NameForm<'a>,
    pub password_errors: FieldErrors,
    pub email: EmailForm<'a>,
}

pub(super) async fn account_page(
    ctx: &Ctx,
    state: &AppState,
    signed_in: &super::session::SignedIn,
    forms: AccountForms<'_>,
) -> Result<maud::Markup, AppError> {
    let roles = signed_in.powers.actor.roles.clone();
    let (user_id, now) = (signed_in.user.id.clone(), ctx.now);
    let lines = state
        .db
        .read(move |conn| account_lines(conn, &user_id, roles, now))
        .await?;
    Ok(views::accounts::account(
        &ctx.chrome(),
        views::accounts::AccountPage {
            display_name: &signed_in.user.display_name,
            email: &signed_in.user.email,
            email_verified: signed_in.user.email_verified_at.is_some(),
            is_admin: signed_in.user.is_admin,
            roles: &lines.roles,
            organisations: &lines.organisations,
            reactions: &lines.reactions,
            sessions: &lines.sessions,
            this_session: &signed_in.token_hash,
            message: forms.message,
            name: forms.name,
            errors: &forms.password_errors,
            pending_email: lines.pending_email.as_ref().map(|pending| {
                (
                    pending.new_email.as_str(),
                    pending.requested_at + AccountLinkKind::EmailChange.lifetime(),
                )
            }),
            email_form: forms.email,
            two_factor_on: signed_in.user.totp_enabled_at.is_some(),
        },
    ))
}

/// The account page's lists.
struct AccountLines {
    roles: Vec<RoleLine>,
    organisations: Vec<OrganisationLine>,
    reactions: Vec<ReactionListing>,
    sessions: Vec<SessionLine>,
    pending_email: Option<PendingChange>,
}

/// The user's roles by council, organisations, reactions and sessions.
fn account_lines(
    conn: &mut DbConn,
    user_id: &UserId,
    roles: Vec<(CouncilId, CouncilRole)>,
    now: NaiveDateTime,
) -> Result<AccountLines, AppError> {
    let all = councils::all_councils(conn)?;
    let organisations = organisations::organisations_of(conn, user_id)?
        .into_iter()
        .map(|(organisation, role)| OrganisationLine {
            id: organisation.id,
            name: organisation.name,
            role,
        })
        .collect::<Vec<_>>();
    let organisation_ids: Vec<OrganisationId> =
        organisations.iter().map(|m| m.id.clone()).collect();
    let reactions = reactions::reactions_for_member(conn, user_id, &organisation_ids)?;
    let roles = roles
        .into_iter()
        .filter_map(|(council_id, role)| {
            all.iter().find(|c| c.id == council_id).map(|c| RoleLine {
                council: c.name.clone(),
                role,
            })
        })
        .collect();
    Ok(AccountLines {
        roles,
        organisations,
        reactions,
        sessions: accounts::sessions_of(conn, user_id, now)?,
        pending_email: address_changes::pending(conn, user_id)?
            .filter(|pending| pending.requested_at + AccountLinkKind::EmailChange.lifetime() > now),
    })
}

#[derive(Deserialize)]
pub struct NameInput {
    #[serde(default)]
    display_name: String,
}

pub async fn change_name(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<NameInput>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let name = account::check_display_name(&mut errors, &input.display_name);
    if !errors.is_empty() {
        let forms = AccountForms {
            name: NameForm {
                typed: Some(&input.display_name),
                errors,
            },
            ..AccountForms::default()
        };
        let page = account_page(&ctx, &state, signed_in, forms).await?;
        return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let user_id = signed_in.user.id.clone();
    state
        .db
        .write(move |conn| {
            ops::accounts::change_display_name(conn, &user_id, &name).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::ACCOUNT_NAME_SECTION,
        Notice::NameChanged,
    ))
}

/// "Log uit op alle apparaten": every session of the account ends, this one too.
pub async fn end_sessions(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    state
        .db
        .write(move |conn| ops::accounts::end_all_sessions(conn, &user_id).map_err(AppError::from))
        .await?;
    Ok(logged_out_redirect(
        &state,
        &paths::with_notice(paths::LOG_IN, Notice::SessionsEnded),
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
    let new_hash = match new_password_hash(&state, &signed_in.user, &input, ctx.now).await? {
        Ok(hash) => hash,
        Err((status, password_errors)) => {
            let forms = AccountForms {
                password_errors,
                ..AccountForms::default()
            };
            let page = account_page(&ctx, &state, signed_in, forms).await?;
            return Ok(html_status(status, page));
        }
    };
    let (user, keep) = (signed_in.user.clone(), signed_in.token_hash.clone());
    let (mail, now) = (state.mail.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::accounts::change_password(conn, &mail, &user, &new_hash, &keep, now)
                .map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(paths::ACCOUNT, Notice::PasswordChanged))
}

/// What a refused account-page form gets: its status and the errors to show.
pub(super) type Refused = (StatusCode, FieldErrors);

/// The hash of the new password, once the current one proved right and the new one is
/// good enough; otherwise the status and the errors of the account page.
async fn new_password_hash(
    state: &AppState,
    user: &User,
    input: &PasswordChangeInput,
    now: NaiveDateTime,
) -> Result<Result<String, Refused>, AppError> {
    let mut errors = FieldErrors::default();
    check_new_password(
        &mut errors,
        "password",
        &input.password,
        &input.password_confirmation,
    );
    if !take_password_check(state, user, now).await? {
        errors.add("current_password", TOO_MANY_PASSWORD_CHECKS);
        return Ok(Err((StatusCode::TOO_MANY_REQUESTS, errors)));
    }
    let checked = rehash(
        state,
        user.password_hash.clone(),
        input.current_password.clone(),
        input.password.clone(),
    )
    .await;
    let Ok((current_ok, new_hash)) = checked else {
        errors.add("current_password", BUSY);
        return Ok(Err((StatusCode::SERVICE_UNAVAILABLE, errors)));
    };
    if !current_ok {
        errors.add("current_password", WRONG_CURRENT_PASSWORD);
    }
    Ok(match new_hash {
        Some(hash) if errors.is_empty() => Ok(hash),
        _ => Err((StatusCode::UNPROCESSABLE_ENTITY, errors)),
    })
}

pub(super) const WRONG_CURRENT_PASSWORD: &str = "Uw huidige wachtwoord klopt niet.";
pub(super) const TOO_MANY_PASSWORD_CHECKS: &str =
    "U heeft uw wachtwoord te vaak verkeerd ingevuld. Probeer het over een uur opnieuw.";

/// Whether `password` is the account's, for a form that changes something that matters
/// (counted against the per-account limit first); otherwise the status and message for
/// the password field.
pub(super) async fn confirm_password(
    state: &AppState,
    user: &User,
    password: &str,
    now: NaiveDateTime,
) -> Result<Result<(), (StatusCode, &'static str)>, AppError> {
    if password.is_empty() {
        return Ok(Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            "Vul uw wachtwoord in.",
        )));
    }
    if !take_password_check(state, user, now).await? {
        return Ok(Err((
            StatusCode::TOO_MANY_REQUESTS,
            TOO_MANY_PASSWORD_CHECKS,
        )));
    }
    let (password, hash) = (password.to_owned(), user.password_hash.clone());
    let Ok(right) = state
        .passwords
        .run(move |memory| account::verify_password_in(memory, &password, &hash))
        .await
    else {
        return Ok(Err((StatusCode::SERVICE_UNAVAILABLE, BUSY)));
    };
    Ok(if right {
        Ok(())
    } else {
        Err((StatusCode::UNPROCESSABLE_ENTITY, WRONG_CURRENT_PASSWORD))
    })
}

/// Counts a check of the account's current password; false when there were too many
/// this hour (then it is not checked).
pub(super) async fn take_password_check(
    state: &AppState,
    user: &User,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let key = subject(state, PASSWORD_CHECKS_PER_ACCOUNT, user.id.as_str());
    state
        .db
        .write(move |conn| {
            ops::accounts::take_password_check(conn, &key, now).map_err(AppError::from)
        })
        .await
}

/// Whether `current` is the password of `current_hash`, and if so the hash of `new`.
async fn rehash(
    state: &AppState,
    current_hash: String,
    current: String,
    new: String,
) -> Result<(bool, Option<String>), Busy> {
    state
        .passwords
        .run(move |memory| {
            let ok = account::verify_password_in(memory, &current, &current_hash);
            (ok, ok.then(|| account::hash_password_in(memory, &new)))
        })
        .await
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
    let (session, token) = new_session(
        &req,
        UserId::from(user_id),
        SignInMethod::Password,
        None,
        now,
    );
    let first = state
        .db
        .write(move |conn| ops::accounts::verify_email(conn, &session, now).map_err(AppError::from))
        .await?;
    if !first {
        return Ok(html(views::accounts::verify_email(
            &ctx.chrome(),
            &ctx.path,
            Some(true),
        )));
    }
    let target = match safe_next(&query.terug) {
        paths::HOME => paths::with_notice(paths::ACCOUNT, Notice::Welcome),
        next => next.to_owned(),
    };
    Ok(signed_in_redirect(&state, token, &target))
}

/// Sends the confirmation mail again, at most [`VERIFICATION_MAILS`] times an hour.
pub async fn resend_verification(
    ctx: Ctx,
    state: web::Data<AppState>,
    _form: Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    if user.email_verified_at.is_some() {
        return Ok(see_other(paths::ACCOUNT));
    }
    let key = subject(&state, VERIFICATION_MAILS, user.id.as_str());
    let (mail, now) = (state.mail.clone(), ctx.now);
    let sent = state
        .db
        .write(move |conn| {
            ops::accounts::resend_verification(conn, &mail, &user, &key, now)
                .map_err(AppError::from)
        })
        .await?;
    let notice = if sent {
        Notice::ConfirmationMailSent
    } else {
        Notice::ConfirmationMailLater
    };
    Ok(see_other_with(paths::ACCOUNT, notice))
}
