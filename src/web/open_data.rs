//! Open data for anyone, without an account: a council's public consultations as Atom
//! and JSON, and a committee meeting as iCalendar. Cached for five minutes by browsers
//! and proxies: they hold nothing personal and never set a cookie.

use actix_web::http::header;
use actix_web::{HttpResponse, HttpResponseBuilder, web};

use super::{AppError, AppState};
use crate::db::open_data;
use crate::domain::id::CommitteeId;
use crate::domain::time::amsterdam_day;
use crate::export::feeds;

/// Public files may be kept a little; every other response is `no-store`.
const CACHE_CONTROL: &str = "public, max-age=300";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/gemeenten/{slug}/consultaties.atom",
        web::get().to(atom_feed),
    )
    .route(
        "/gemeenten/{slug}/consultaties.json",
        web::get().to(json_list),
    )
    .route(
        "/gemeenten/{slug}/commissies/{committee}/vergaderingen/{date}.ics",
        web::get().to(meeting_calendar),
    )
    .route(feeds::SCHEMA_PATH, web::get().to(schema));
}

fn public_file(content_type: &str) -> HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    response
}

async fn council_feed(state: &AppState, slug: String) -> Result<feeds::Feed, AppError> {
    let (council, rounds) = state
        .db
        .read(move |conn| open_data::council_rounds(conn, &slug)?.ok_or(AppError::NotFound))
        .await?;
    Ok(feeds::council_feed(
        &council,
        &rounds,
        &state.config.base_url,
        state.now(),
    ))
}

pub async fn atom_feed(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let feed = council_feed(&state, path.into_inner()).await?;
    Ok(public_file("application/atom+xml; charset=utf-8").body(feeds::atom(&feed)))
}

pub async fn json_list(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let feed = council_feed(&state, path.into_inner()).await?;
    Ok(public_file("application/json").body(feeds::json_list(&feed).to_string()))
}

/// `date` is the meeting's day in Amsterdam, written as `2026-12-10` and nothing else, so
/// that one meeting has one address.
pub async fn meeting_calendar(
    state: web::Data<AppState>,
    path: web::Path<(String, CommitteeId, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, committee, date) = path.into_inner();
    let (day, from, until) = amsterdam_day(&date).ok_or(AppError::NotFound)?;
    let (council, _, rounds) = state
        .db
        .read(move |conn| {
            open_data::meeting_rounds(conn, &slug, &committee, from, until)?
                .ok_or(AppError::NotFound)
        })
        .await?;
    let meeting = feeds::meeting(&council, day, &rounds, &state.config.base_url, state.now())
        .ok_or(AppError::NotFound)?;
    Ok(public_file("text/calendar; charset=utf-8").body(feeds::icalendar(&meeting)))
}

pub async fn schema() -> HttpResponse {
    public_file("application/schema+json").body(feeds::SCHEMA)
}
