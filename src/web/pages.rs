//! Fixed pages, the stylesheet and the health check.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::respond::html;
use super::session::Ctx;
use super::{AppError, AppState};
use crate::config::Config;
use crate::views;
use crate::views::pages::Contact;

pub async fn privacy(ctx: Ctx) -> HttpResponse {
    html(views::pages::privacy(&ctx.chrome()))
}

pub async fn accessibility(ctx: Ctx, state: web::Data<AppState>) -> HttpResponse {
    html(views::pages::accessibility(
        &ctx.chrome(),
        &state.config.base_url,
        &accessibility_contact(&state.config),
    ))
}

/// Accessibility problems go to the griffie's address when mail names one, else to the
/// security contact, else to the council in general words.
fn accessibility_contact(config: &Config) -> Contact {
    if let Some(reply_to) = &config.mail.reply_to {
        return Contact::Mail(reply_to.email.to_string());
    }
    match config.security_contact.as_deref() {
        Some(uri) => match uri.strip_prefix("mailto:") {
            Some(address) => Contact::Mail(address.split('?').next().unwrap_or(address).to_owned()),
            None => Contact::Page(uri.to_owned()),
        },
        None => Contact::Council,
    }
}

/// The stylesheet under its content hash; any other name is not found.
pub async fn asset(path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let requested = crate::paths::static_file(&path.into_inner());
    if requested != views::assets::stylesheet_path() {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(views::assets::STYLESHEET))
}

/// For load balancers: answers when the database answers.
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db
        .read(|conn| crate::db::ping(conn).map_err(AppError::from))
        .await?;
    Ok(HttpResponse::Ok().content_type("text/plain").body("ok"))
}
