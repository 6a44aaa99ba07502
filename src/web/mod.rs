//! HTTP: routes and thin handlers (parse, authorise, call the domain and db, render).

pub mod account_deletion;
pub mod accounts;
pub mod address_change;
pub mod admin;
pub mod answers;
pub mod cache;
pub mod consultations;
pub mod csrf;
pub mod error;
pub mod exports;
pub mod griffie;
pub mod health;
pub mod mail;
pub mod methods;
pub mod metrics;
pub mod moderation;
pub mod open_data;
pub mod organisations;
pub mod pages;
pub mod password_reset;
pub mod passwords;
pub mod reactions;
pub mod respond;
pub mod session;
pub mod signatures;
pub mod single_sign_on;
pub mod site;
pub mod speaking;
pub mod support_review;
pub mod threads;
pub mod two_factor;
pub mod upload;

use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpRequest, web};
use serde::Deserialize;

use crate::config::Config;
use crate::db::Db;
use crate::domain::id::{ConsultationId, ReactionId, TargetId};
use crate::paths::Notice;
use crate::views;

pub use error::AppError;

/// Shared by every request; holds nothing that another process would need.
pub struct AppState {
    pub db: Db,
    pub config: Config,
    /// Password hashing, one per core at a time.
    pub passwords: passwords::PasswordPool,
    pub mail: crate::mail::notify::MailContext,
    /// Support pages by target id, kept for a second (see `signatures::PublicSupport`).
    pub support_pages: cache::Expiring<TargetId, std::sync::Arc<signatures::PublicSupport>>,
    /// Export snapshots of open rounds, kept for a minute (see `exports`).
    pub exports: cache::Expiring<String, actix_web::web::Bytes>,
    /// What a consultation's page shows, kept for a second (see `consultations::show`).
    pub consultation_pages:
        cache::Expiring<ConsultationId, std::sync::Arc<consultations::ConsultationPage>>,
    /// A reaction's page as anonymous visitors see it (no forms, nothing personal), by
    /// reaction id, kept for a second (see `reactions::show`).
    pub reaction_pages: cache::Expiring<ReactionId, actix_web::web::Bytes>,
    /// The council member's overview per consultation, kept for ten seconds.
    pub overviews:
        cache::Expiring<ConsultationId, std::sync::Arc<crate::domain::export::ConsultationExport>>,
    /// Request counts and latencies for `/metrics`.
    pub metrics: metrics::Metrics,
    /// Sessions whose "last used" this process renewed lately.
    pub sessions_seen: session::SeenClaims,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        let mail = config.mail_context();
        Self {
            db,
            config,
            passwords: passwords::PasswordPool::new(),
            mail,
            support_pages: cache::Expiring::new(std::time::Duration::from_secs(1)),
            exports: cache::Expiring::new(std::time::Duration::from_secs(
                exports::SNAPSHOT_SECONDS,
            )),
            overviews: cache::Expiring::new(std::time::Duration::from_secs(10)),
            consultation_pages: cache::Expiring::new(std::time::Duration::from_secs(1)),
            reaction_pages: cache::Expiring::new(std::time::Duration::from_secs(1)),
            metrics: metrics::Metrics::default(),
            sessions_seen: session::SeenClaims::default(),
        }
    }

    /// The current moment by the configured clock.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.config.clock.now()
    }
}

/// Largest form body accepted (a policy text of 100,000 characters fits).
const MAX_FORM_BYTES: usize = 1024 * 1024;

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole application, ready for `HttpServer::new`.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(MAX_FORM_BYTES))
        .wrap(from_fn(error::keep_chrome))
        .wrap(from_fn(csrf::set_seed_cookie))
        .wrap(from_fn(methods::head_as_get))
        .wrap(
            DefaultHeaders::new()
                .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::X_FRAME_OPTIONS, "DENY"))
                .add((header::REFERRER_POLICY, "same-origin"))
                .add((
                    "Permissions-Policy",
                    "camera=(), microphone=(), geolocation=()",
                ))
                .add((header::CACHE_CONTROL, "no-store")),
        )
        // Outermost, so that it times and counts the answer as it leaves.
        .wrap(from_fn(metrics::record))
        // The co-signing routes come first: they take the news-burst traffic, and actix
        // tries routes in the order they were added.
        .configure(signatures::routes)
        .configure(routes)
        .configure(griffie::routes)
        .configure(accounts::routes)
        .configure(single_sign_on::routes)
        .configure(organisations::routes)
        .configure(reactions::routes)
        .configure(speaking::routes)
        .configure(threads::routes)
        .configure(moderation::routes)
        .configure(exports::routes)
        .configure(answers::routes)
        .configure(support_review::routes)
        .configure(open_data::routes)
        .configure(site::routes)
        .configure(health::routes)
        .configure(metrics::routes)
        // Last: takes every request no route above took (404, 405, OPTIONS).
        .service(methods::fallback())
}

fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(consultations::index))
        .route("/consultaties", web::get().to(consultations::index))
        .route("/consultaties/{id}", web::get().to(consultations::show))
        .route("/beheer", web::get().to(admin::overview))
        .route(
            "/beheer/gemeenten/nieuw",
            web::get().to(admin::new_council_form),
        )
        .route("/beheer/gemeenten", web::post().to(admin::create_council))
        .route(
            "/beheer/gemeenten/{id}",
            web::get().to(admin::edit_council_form),
        )
        .route(
            "/beheer/gemeenten/{id}",
            web::post().to(admin::update_council),
        )
        .route("/beheer/gebruikers", web::get().to(admin::users))
        .route(
            "/beheer/gebruikers/{id}/rollen",
            web::post().to(admin::grant_role),
        )
        .route(
            "/beheer/gebruikers/{id}/rollen/intrekken",
            web::post().to(admin::revoke_role),
        )
        .route(
            "/beheer/gebruikers/{id}/tweestapsverificatie-uitzetten",
            web::post().to(admin::turn_off_two_factor),
        )
        .route("/beheer/mail", web::get().to(mail::outbox))
        .route("/beheer/mail/{id}/opnieuw", web::post().to(mail::retry))
        .route(
            "/afmelden/{member}/{signature}",
            web::get().to(mail::unsubscribe_form),
        )
        .route(
            "/afmelden/{member}/{signature}",
            web::post().to(mail::unsubscribe),
        )
        .route("/privacy", web::get().to(pages::privacy))
        .route("/toegankelijkheid", web::get().to(pages::accessibility))
        .route("/static/{file}", web::get().to(pages::asset))
        .route("/gezondheid", web::get().to(pages::health));
}

/// The `?melding=` a redirect carries (see [`Notice`]).
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    #[serde(default, deserialize_with = "Notice::deserialize_code")]
    melding: Option<Notice>,
}

impl NoticeQuery {
    /// The notice, to pass on in a further redirect.
    pub fn notice(&self) -> Option<Notice> {
        self.melding
    }

    pub fn text(&self) -> Option<&'static str> {
        self.melding.map(views::notices::text)
    }
}

/// The client address used for throttling: the peer, or behind trusted reverse proxies
/// the first address from the right of the forwarded chain that is not one of them.
pub fn client_address(req: &HttpRequest, proxies: &crate::domain::proxy::TrustedProxies) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".to_owned();
    };
    let values = |name| {
        req.headers()
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
    };
    let (x_forwarded_for, forwarded) = (
        values("x-forwarded-for"),
        values(header::FORWARDED.as_str()),
    );
    let chain = crate::domain::proxy::forwarded_chain(&x_forwarded_for, &forwarded);
    proxies.client(peer, &chain).to_string()
}
