//! Staff sign in through their council's own identity provider (OpenID Connect), and the
//! admin sets it up per council.
//!
//! The round trip's `state`, `nonce` and PKCE verifier stay in a signed, short-lived,
//! HttpOnly cookie of this browser (so any `serve` process can finish it); the provider's
//! answer counts only when its `state` is the cookie's.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::accounts::{NextQuery, log_in, safe_next, signed_in, subject};
use super::admin::require_admin;
use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery, client_address};
use crate::db::{councils, throttle};
use crate::domain::account::SignInMethod;
use crate::domain::id::CouncilId;
use crate::domain::security::{expiring_link, expiring_link_id};
use crate::domain::single_sign_on::SignInInput;
use crate::domain::throttle::SIGN_IN_STARTS_PER_IP;
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::single_sign_on::StaffSignIn;
use crate::paths::{self, Notice};
use crate::views;
use crate::views::single_sign_on::Failure;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(paths::SIGN_IN_RETURN, web::get().to(finish))
        .route("/account/inloggen/gemeente/{slug}", web::get().to(start))
        .route(
            "/beheer/gemeenten/{id}/inloggen",
            web::get().to(settings_form),
        )
        .route(
            "/beheer/gemeenten/{id}/inloggen",
            web::post().to(save_settings),
        )
        .route(
            "/beheer/gemeenten/{id}/inloggen/verwijderen",
            web::post().to(remove_settings),
        );
}

const ROUND_TRIP_COOKIE: &str = "inspraak_gemeente_login";
const ROUND_TRIP: &str = "sign-in-round-trip";
/// How long a person may take at the provider.
const ROUND_TRIP_MINUTES: i64 = 10;

/// The address the provider sends the browser back to.
fn redirect_uri(state: &AppState) -> String {
    format!("{}{}", state.config.base_url, paths::SIGN_IN_RETURN)
}

/// What the browser keeps during the round trip.
struct RoundTrip {
    council_id: CouncilId,
    state: String,
    nonce: String,
    pkce_verifier: String,
    next: String,
}

impl RoundTrip {
    fn cookie_value(&self, key: &[u8], expires: chrono::NaiveDateTime) -> String {
        let value = format!(
            "{}:{}:{}:{}:{}",
            self.council_id,
            self.state,
            self.nonce,
            self.pkce_verifier,
            hex::encode(&self.next)
        );
        expiring_link(key, ROUND_TRIP, &value, expires)
    }

    fn from_cookie(key: &[u8], value: &str, now: chrono::NaiveDateTime) -> Option<Self> {
        let value = expiring_link_id(key, ROUND_TRIP, value, now)?;
        let mut parts = value.split(':');
        let mut next_part = || parts.next().map(str::to_owned);
        Some(Self {
            council_id: CouncilId::from(next_part()?),
            state: next_part()?,
            nonce: next_part()?,
            pkce_verifier: next_part()?,
            next: String::from_utf8(hex::decode(next_part()?).ok()?).ok()?,
        })
    }
}

fn round_trip_cookie(state: &AppState, value: String) -> actix_web::cookie::Cookie<'static> {
    actix_web::cookie::Cookie::build(ROUND_TRIP_COOKIE, value)
        .path("/account/inloggen/gemeente")
        .http_only(true)
        .secure(state.config.secure_cookies())
        // The provider sends the browser back with a top-level GET: Lax cookies go along.
        .same_site(actix_web::cookie::SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::minutes(
            ROUND_TRIP_MINUTES,
        ))
        .finish()
}

fn failed(ctx: &Ctx, status: StatusCode, failure: Failure) -> HttpResponse {
    html_status(
        status,
        views::single_sign_on::failed(&ctx.chrome(), failure),
    )
}

/// "Inloggen via Gemeente X": off to the council's provider.
pub async fn start(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let (key, now) = (state.config.secret_key.clone(), ctx.now);
    let address = client_address(&req, &state.config.trusted_proxies);
    let limit_key = subject(&state, SIGN_IN_STARTS_PER_IP, &address);
    let found = state
        .db
        .write(move |conn| {
            let council = councils::find_council_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            let (provider, _) = ops::single_sign_on::provider_of(conn, &key, &council.id)?
                .ok_or(AppError::NotFound)?;
            if !throttle::take(conn, SIGN_IN_STARTS_PER_IP, &limit_key, now)? {
                return Ok(None);
            }
            Ok::<_, AppError>(Some((council.id, provider)))
        })
        .await?;
    let Some((council_id, provider)) = found else {
        return Ok(failed(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            Failure::TooMany,
        ));
    };
    let started = match crate::oidc::start(&provider, &redirect_uri(&state)).await {
        Ok(started) => started,
        Err(error) => {
            tracing::warn!(council = %council_id, %error, "could not start a sign-in at the council's provider");
            return Ok(failed(&ctx, StatusCode::BAD_GATEWAY, Failure::NotVerified));
        }
    };
    let round_trip = RoundTrip {
        council_id,
        state: started.state,
        nonce: started.nonce,
        pkce_verifier: started.pkce_verifier,
        next: safe_next(&query.terug).to_owned(),
    };
    let value = round_trip.cookie_value(
        &state.config.secret_key,
        ctx.now + Duration::minutes(ROUND_TRIP_MINUTES),
    );
    Ok(HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, started.authorize_url))
        .cookie(round_trip_cookie(&state, value))
        .finish())
}

#[derive(Deserialize)]
pub struct ProviderAnswer {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    error: Option<String>,
}

/// The provider's answer checked against this browser's round trip, the code exchanged
/// and the ID token verified: who it is, with the council's round trip and rules. A
/// refusal is the [`Failure`] to show, with its status.
async fn verified_answer(
    state: &AppState,
    req: &HttpRequest,
    answer: &ProviderAnswer,
    now: chrono::NaiveDateTime,
) -> Result<Result<(RoundTrip, String, crate::oidc::Verified), (StatusCode, Failure)>, AppError> {
    let key = state.config.secret_key.clone();
    let Some(round_trip) = req
        .cookie(ROUND_TRIP_COOKIE)
        .and_then(|cookie| RoundTrip::from_cookie(&key, cookie.value(), now))
    else {
        return Ok(Err((StatusCode::BAD_REQUEST, Failure::Expired)));
    };
    if answer.error.is_some() {
        return Ok(Err((StatusCode::FORBIDDEN, Failure::Cancelled)));
    }
    if !bool::from(round_trip.state.as_bytes().ct_eq(answer.state.as_bytes())) {
        return Ok(Err((StatusCode::BAD_REQUEST, Failure::Expired)));
    }
    let council_id = round_trip.council_id.clone();
    let Some((provider, rules)) = state
        .db
        .read(move |conn| {
            ops::single_sign_on::provider_of(conn, &key, &council_id).map_err(AppError::from)
        })
        .await?
    else {
        return Ok(Err((StatusCode::BAD_REQUEST, Failure::Expired)));
    };
    let verified = crate::oidc::finish(
        &provider,
        &redirect_uri(state),
        &answer.code,
        &round_trip.nonce,
        &round_trip.pkce_verifier,
        now.and_utc(),
    )
    .await;
    Ok(match verified {
        Ok(verified) => Ok((round_trip, rules, verified)),
        Err(error) => {
            tracing::warn!(council = %round_trip.council_id, %error, "a sign-in through the council's provider was refused");
            Err((StatusCode::FORBIDDEN, Failure::NotVerified))
        }
    })
}

/// The provider sends the browser back: check, exchange, verify, sign in.
pub async fn finish(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ProviderAnswer>,
) -> Result<HttpResponse, AppError> {
    let (round_trip, rules, verified) = match verified_answer(&state, &req, &query, ctx.now).await?
    {
        Ok(answer) => answer,
        Err((status, failure)) => return Ok(failed(&ctx, status, failure)),
    };
    let (key, council_id, now) = (
        state.config.secret_key.clone(),
        round_trip.council_id.clone(),
        ctx.now,
    );
    let outcome = state
        .db
        .write(move |conn| {
            ops::single_sign_on::sign_in(conn, &key, &council_id, &rules, &verified, now)
                .map_err(AppError::from)
        })
        .await?;
    let user = match outcome {
        StaffSignIn::SignedIn(user) => user,
        StaffSignIn::NoRole => return Ok(failed(&ctx, StatusCode::FORBIDDEN, Failure::NoRole)),
        StaffSignIn::NoAddress => {
            return Ok(failed(&ctx, StatusCode::FORBIDDEN, Failure::NoAddress));
        }
    };
    let method = SignInMethod::SingleSignOn;
    let (token, landing) = log_in(&state, &req, user, method, None, &round_trip.next).await?;
    let mut gone = round_trip_cookie(&state, String::new());
    gone.make_removal();
    Ok(signed_in(&state, token, &landing).cookie(gone).finish())
}

async fn settings_page(
    ctx: &Ctx,
    state: &AppState,
    council_id: CouncilId,
    input: Option<SignInInput>,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let (council, stored) = state
        .db
        .read(move |conn| {
            let council = councils::find_council(conn, &council_id)?.ok_or(AppError::NotFound)?;
            let stored = crate::db::single_sign_on::find(conn, &council.id)?;
            Ok::<_, AppError>((council, stored))
        })
        .await?;
    let input = input.unwrap_or_else(|| SignInInput {
        issuer_url: stored
            .as_ref()
            .map(|s| s.issuer_url.clone())
            .unwrap_or_default(),
        client_id: stored
            .as_ref()
            .map(|s| s.client_id.clone())
            .unwrap_or_default(),
        client_secret: String::new(),
        role_rules: stored
            .as_ref()
            .map(|s| s.role_rules.clone())
            .unwrap_or_default(),
    });
    Ok(views::single_sign_on::settings(
        &ctx.chrome(),
        &council,
        &input,
        stored.is_some(),
        &redirect_uri(state),
        errors,
        message,
    ))
}

pub async fn settings_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CouncilId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let page = settings_page(
        &ctx,
        &state,
        path.into_inner(),
        None,
        &FieldErrors::default(),
        query.text(),
    )
    .await?;
    Ok(html(page))
}

pub async fn save_settings(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CouncilId>,
    Form(input): Form<SignInInput>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let council_id = path.into_inner();
    let (id, key, now) = (council_id.clone(), state.config.secret_key.clone(), ctx.now);
    let has_secret = {
        let id = id.clone();
        state
            .db
            .read(move |conn| {
                crate::db::single_sign_on::find(conn, &id)
                    .map(|stored| stored.is_some())
                    .map_err(AppError::from)
            })
            .await?
    };
    let settings = match input.parse(has_secret) {
        Ok(settings) => settings,
        Err(errors) => {
            let page = settings_page(&ctx, &state, council_id, Some(input), &errors, None).await?;
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let saved = state
        .db
        .write(move |conn| {
            councils::find_council(conn, &id)?.ok_or(AppError::NotFound)?;
            ops::single_sign_on::save_settings(conn, &key, &id, &settings, now)
                .map_err(AppError::from)
        })
        .await?;
    if !saved {
        let errors = FieldErrors::single(
            "client_secret",
            "Vul het clientgeheim in dat bij de client-ID hoort.",
        );
        let page = settings_page(&ctx, &state, council_id, Some(input), &errors, None).await?;
        return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    Ok(see_other_with(
        paths::admin_council_sign_in(&council_id),
        Notice::Saved,
    ))
}

pub async fn remove_settings(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CouncilId>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    require_admin(&ctx)?;
    let council_id = path.into_inner();
    let id = council_id.clone();
    state
        .db
        .write(move |conn| crate::db::single_sign_on::remove(conn, &id).map_err(AppError::from))
        .await?;
    Ok(see_other_with(
        paths::admin_council_sign_in(&council_id),
        Notice::SignInRemoved,
    ))
}
