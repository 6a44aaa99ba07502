//! The site's small public files: robots.txt, security.txt and the favicon.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::{AppError, AppState};
use crate::views::site;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/robots.txt", web::get().to(robots))
        .route("/.well-known/security.txt", web::get().to(security_txt))
        .route(site::FAVICON_PATH, web::get().to(favicon))
        .route("/favicon.ico", web::get().to(favicon_ico));
}

/// A day: long enough to spare the server, short enough for a changed file to spread.
const PUBLIC_DAY: &str = "public, max-age=86400";

fn text(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, PUBLIC_DAY))
        .body(body)
}

async fn robots() -> HttpResponse {
    text(site::ROBOTS_TXT.to_owned())
}

/// Only a deployment that names a contact publishes the file: one without it would send
/// reports nowhere.
async fn security_txt(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let contact = state
        .config
        .security_contact
        .as_deref()
        .ok_or(AppError::NotFound)?;
    Ok(text(site::security_txt(
        contact,
        &state.config.base_url,
        state.now(),
    )))
}

async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, PUBLIC_DAY))
        .body(site::FAVICON_SVG)
}

/// Browsers and feed readers that ignore the page's icon link ask for this path; the
/// SVG is the only icon, and a redirect is cheaper than a full "not found" page.
async fn favicon_ico() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, site::FAVICON_PATH))
        .insert_header((header::CACHE_CONTROL, PUBLIC_DAY))
        .finish()
}
