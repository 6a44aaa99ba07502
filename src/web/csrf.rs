//! CSRF protection: every form carries a token that is a keyed signature of a random
//! value in an HttpOnly cookie. A request from another site cannot read the cookie, so
//! cannot produce the token. [`Form`] is the only way handlers read a form, and it
//! checks the token before anything else happens.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponseBuilder, web};
use futures_util::future::{LocalBoxFuture, Ready, ready};
use serde::de::DeserializeOwned;

use super::AppState;
use super::error::AppError;
use crate::domain::security;

pub const CSRF_COOKIE: &str = "inspraak_csrf";
const PURPOSE: &str = "csrf";

/// A cookie value chosen during this request, to be set on the response.
#[derive(Clone)]
struct IssuedSeed(String);

/// A form whose only field is the CSRF token (a button that does one thing).
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoFields {}

/// The token to put in the forms of the page being rendered.
pub struct CsrfToken(pub String);

fn valid_seed(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn seed_of(req: &HttpRequest) -> String {
    if let Some(cookie) = req.cookie(CSRF_COOKIE).filter(|c| valid_seed(c.value())) {
        return cookie.value().to_owned();
    }
    if let Some(IssuedSeed(seed)) = req.extensions().get::<IssuedSeed>() {
        return seed.clone();
    }
    let seed = security::random_token();
    req.extensions_mut().insert(IssuedSeed(seed.clone()));
    seed
}

fn state(req: &HttpRequest) -> &web::Data<AppState> {
    req.app_data::<web::Data<AppState>>()
        .expect("AppState is registered on the app")
}

impl FromRequest for CsrfToken {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let seed = seed_of(req);
        ready(Ok(Self(security::sign(
            &state(req).config.secret_key,
            PURPOSE,
            &seed,
        ))))
    }
}

fn seed_cookie(seed: String, secure: bool) -> Cookie<'static> {
    Cookie::build(CSRF_COOKIE, seed)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish()
}

/// Middleware: sets the cookie whose value a page's tokens were derived from.
pub async fn set_seed_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.config.secure_cookies());
    let mut response = next.call(req).await?;
    let issued = response.request().extensions().get::<IssuedSeed>().cloned();
    if let Some(IssuedSeed(seed)) = issued {
        response
            .response_mut()
            .add_cookie(&seed_cookie(seed, secure))?;
    }
    Ok(response)
}

/// Gives the browser a fresh seed (at log in and log out), so tokens do not outlive
/// the session they were shown in.
pub fn rotate(response: &mut HttpResponseBuilder, secure: bool) {
    response.cookie(seed_cookie(security::random_token(), secure));
}

/// Checks a form's token against this browser's cookie (also for multipart uploads).
pub fn check_token(req: &HttpRequest, token: Option<&str>) -> Result<(), AppError> {
    let seed = req.cookie(CSRF_COOKIE);
    let key = &state(req).config.secret_key;
    match (token, seed) {
        (Some(token), Some(seed)) if security::verify(key, PURPOSE, seed.value(), token) => Ok(()),
        _ => Err(AppError::CsrfRejected),
    }
}

/// A form body, parsed only after its CSRF token checked out. Repeated fields may be
/// read into `Vec`s.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|_| AppError::BadRequest)?;
            if !crate::domain::validation::form_is_utf8(&body) {
                return Err(AppError::InvalidText);
            }
            let pairs: Vec<(String, String)> =
                serde_html_form::from_bytes(&body).map_err(|_| AppError::BadRequest)?;
            let token = pairs
                .iter()
                .find(|(name, _)| name == "csrf_token")
                .map(|(_, value)| value.as_str());
            let seed = req.cookie(CSRF_COOKIE);
            let key = &state(&req).config.secret_key;
            match (token, seed) {
                (Some(token), Some(seed))
                    if security::verify(key, PURPOSE, seed.value(), token) => {}
                _ => return Err(AppError::CsrfRejected),
            }
            serde_html_form::from_bytes(&body)
                .map(Form)
                .map_err(|_| AppError::BadRequest)
        })
    }
}
