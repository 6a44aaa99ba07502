//! Who is asking: sessions kept in the database (so they survive restarts and work
//! across several `serve` processes), and the page context every handler starts from.

use std::sync::Arc;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::AppState;
use super::csrf::CsrfToken;
use super::error::AppError;
use crate::db::accounts::{self, User};
use crate::domain::navigation::return_path;
use crate::domain::permission::{Actor, SessionPowers};
use crate::domain::security::sha256_hex;
use crate::domain::time::now_utc;
use crate::views::{Chrome, StaffPowersWait};

pub const SESSION_COOKIE: &str = "inspraak_session";
/// How long the session cookie is kept: the longest a session lasts (see
/// [`crate::domain::account::SignInMethod::session_lifetime`]).
pub const SESSION_DAYS: i64 = 14;

/// A signed-in user. The cookie holds a random token; the database only its hash.
pub struct SignedIn {
    pub user: User,
    /// What this session may do: staff powers that need a second factor only with one.
    pub powers: SessionPowers,
    pub token_hash: String,
}

/// The signed-in user, if any; looked up once per request.
#[derive(Clone)]
pub struct Viewer(Option<Arc<SignedIn>>);

impl Viewer {
    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.0.as_deref()
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.signed_in().map(|s| &s.powers.actor)
    }
}

impl FromRequest for Viewer {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(viewer) = req.extensions().get::<Viewer>() {
                return Ok(viewer.clone());
            }
            let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
            let viewer = match token {
                Some(token) if !token.is_empty() => {
                    let state = req
                        .app_data::<web::Data<AppState>>()
                        .expect("AppState is registered on the app");
                    let token_hash = sha256_hex(&token);
                    let now = state.now();
                    let found = {
                        let token_hash = token_hash.clone();
                        state
                            .db
                            .read(move |conn| {
                                accounts::session_actor(conn, &token_hash, now)
                                    .map_err(AppError::from)
                            })
                            .await?
                    };
                    Viewer(found.map(|session| {
                        if now - session.last_seen_at
                            >= chrono::Duration::minutes(SEEN_EVERY_MINUTES)
                            && state.sessions_seen.claim(&token_hash, now)
                        {
                            note_seen(state, token_hash.clone(), now);
                        }
                        Arc::new(SignedIn {
                            user: session.user,
                            powers: session.powers,
                            token_hash,
                        })
                    }))
                }
                _ => Viewer(None),
            };
            req.extensions_mut().insert(viewer.clone());
            Ok(viewer)
        })
    }
}

/// How stale a session's "last used" may get: renewing it on every request would make
/// every signed-in page a write.
const SEEN_EVERY_MINUTES: i64 = 5;

/// Which sessions this process renewed lately, so that the requests of one page (its
/// form posts, a burst of tabs) that all find "last used" stale write it once, not once
/// each. By the app's clock, as the staleness itself.
#[derive(Default)]
pub struct SeenClaims(std::sync::Mutex<std::collections::HashMap<String, chrono::NaiveDateTime>>);

/// More sessions than this renewed within the interval and the list starts afresh.
const MAX_SEEN_CLAIMS: usize = 10_000;

impl SeenClaims {
    /// True for the first request that wants to renew `token_hash` in an interval.
    pub fn claim(&self, token_hash: &str, now: chrono::NaiveDateTime) -> bool {
        let mut claims = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = chrono::Duration::minutes(SEEN_EVERY_MINUTES);
        if claims
            .get(token_hash)
            .is_some_and(|claimed| now - *claimed < fresh)
        {
            return false;
        }
        if claims.len() >= MAX_SEEN_CLAIMS {
            claims.clear();
        }
        claims.insert(token_hash.to_owned(), now);
        true
    }
}

/// Renews a session's "last used" without making the request wait for the write.
fn note_seen(state: &AppState, token_hash: String, now: chrono::NaiveDateTime) {
    let db = state.db.clone();
    actix_web::rt::spawn(async move {
        let written = db
            .write(move |conn| {
                let stale_before = now - chrono::Duration::minutes(SEEN_EVERY_MINUTES);
                accounts::touch_session(conn, &token_hash, stale_before, now)
                    .map_err(crate::db::DbError::from)
            })
            .await;
        if let Err(error) = written {
            tracing::warn!(%error, "could not record when a session was last used");
        }
    });
}

/// The page of this site a form was sent from (its Referer, when that is one of ours),
/// else the home page.
fn form_page(req: &HttpRequest, base_url: &str) -> String {
    req.headers()
        .get(actix_web::http::header::REFERER)
        .and_then(|value| value.to_str().ok())
        .filter(|_| !base_url.is_empty())
        .and_then(|referer| referer.strip_prefix(base_url))
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or("/")
        .to_owned()
}

/// What every page handler needs: the viewer, a CSRF token for the page's forms, and
/// where the request went (to come back after logging in).
pub struct Ctx {
    pub viewer: Viewer,
    pub csrf: String,
    pub path: String,
    /// Where to come back after logging in: the page itself, or for a form sent after
    /// the session ended, the page the form was on (the form's own address has no page).
    pub login_return: String,
    /// The page's public address without its query, for link previews.
    pub page_url: String,
    /// The moment this request is handled, by the configured clock: one moment for all
    /// the rules and writes of one request.
    pub now: chrono::NaiveDateTime,
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let viewer = Viewer::from_request(req, payload);
        let csrf = CsrfToken::from_request(req, payload).into_inner();
        let path = req
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let (page_url, now, base_url) = match req.app_data::<web::Data<AppState>>() {
            Some(state) => (
                format!("{}{}", state.config.base_url, req.path()),
                state.now(),
                state.config.base_url.as_str(),
            ),
            None => (req.path().to_owned(), now_utc(), ""),
        };
        let login_return = if req.method() == actix_web::http::Method::POST {
            form_page(req, base_url)
        } else {
            path.clone()
        };
        Box::pin(async move {
            Ok(Ctx {
                viewer: viewer.await?,
                csrf: csrf?.0,
                path,
                login_return,
                page_url,
                now,
            })
        })
    }
}

impl Ctx {
    /// The signed-in user, or a redirect to the login page that comes back here.
    pub fn require_user(&self) -> Result<&SignedIn, AppError> {
        self.viewer
            .signed_in()
            .ok_or_else(|| AppError::LoginRequired {
                next: self.login_return.clone(),
            })
    }

    /// The signed-in user's permissions, or a redirect to log in.
    pub fn require_actor(&self) -> Result<&Actor, AppError> {
        self.require_user().map(|s| &s.powers.actor)
    }

    /// What the layout shows around every page.
    pub fn chrome(&self) -> Chrome {
        Chrome {
            return_to: return_path(&self.path).map(str::to_owned),
            page_url: Some(self.page_url.clone()),
            ..chrome_for(&self.viewer, self.csrf.clone())
        }
    }
}

/// The header and menu for `viewer`, with `csrf` for the log-out button.
pub fn chrome_for(viewer: &Viewer, csrf: String) -> Chrome {
    let signed_in = viewer.signed_in();
    Chrome {
        csrf,
        user_name: signed_in.map(|s| s.user.display_name.clone()),
        show_griffie: signed_in.is_some_and(|s| s.powers.actor.works_for_griffie()),
        show_moderation: signed_in.is_some_and(|s| s.powers.actor.moderates_anywhere()),
        show_admin: signed_in.is_some_and(|s| s.powers.actor.can_administer()),
        return_to: None,
        page_url: None,
        description: None,
        staff_powers_wait: signed_in.filter(|s| s.powers.withheld()).map(|s| {
            match s.user.totp_enabled_at {
                Some(_) => StaffPowersWait::LogInWithCode,
                None => StaffPowersWait::TurnOnTwoFactor,
            }
        }),
    }
}

pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(SESSION_DAYS))
        .finish()
}

pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_request_per_interval_renews_a_session() {
        let claims = super::SeenClaims::default();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert!(claims.claim("a", now));
        assert!(!claims.claim("a", now + chrono::Duration::minutes(1)));
        assert!(claims.claim("b", now));
        assert!(claims.claim("a", now + chrono::Duration::minutes(5)));
    }
}
