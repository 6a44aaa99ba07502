//! Downloads of a consultation: the public version for everyone, the full version for
//! the council's clerks and members, and the clerk's handling per reaction for the list
//! of incoming documents. During the round an export is a snapshot ("tussenstand",
//! cached for a minute); after closing it is made once, stored and served as it is.

use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::csrf::Form;
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations::{self, ConsultationListing};
use crate::db::exports::{self, Request};
use crate::domain::export::{Edition, HandlingInput, Level, attachment_header, download_name};
use crate::domain::id::{ConsultationId, ReactionId};
use crate::domain::permission::can_view_consultation;
use crate::domain::validation::FieldErrors;
use crate::export::csv::Separator;
use crate::export::produce::{FileRequest, ProduceError, produce};
use crate::export::{File, json};
use crate::paths::{self, Notice};
use crate::views;
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/consultaties/{id}/downloads", web::get().to(downloads))
        .route("/consultaties/{id}/overzicht", web::get().to(overview))
        .route(
            "/consultaties/{id}/export/{file}",
            web::get().to(public_file),
        )
        .route(
            "/consultaties/{id}/export/volledig/{file}",
            web::get().to(full_file),
        )
        .route(json::SCHEMA_PATH, web::get().to(schema))
        .route(
            "/griffie/consultaties/{id}/ingekomen-stukken",
            web::get().to(handling_form),
        )
        .route(
            "/griffie/consultaties/{id}/ingekomen-stukken",
            web::post().to(save_handling),
        );
}

/// How long a snapshot during the round is served again before it is made anew.
pub const SNAPSHOT_SECONDS: u64 = 60;

/// A consultation the viewer may see, and whether they read the full version.
async fn visible(
    ctx: &Ctx,
    state: &AppState,
    id: ConsultationId,
) -> Result<(ConsultationListing, bool), AppError> {
    let listing = state
        .db
        .read(move |conn| consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    let actor = ctx.viewer.actor();
    let council = &listing.council.id;
    if !can_view_consultation(actor, council, listing.consultation.state_at(ctx.now)) {
        return Err(AppError::NotFound);
    }
    let full = actor.is_some_and(|a| a.reads_full_submissions(council));
    Ok((listing, full))
}

pub async fn downloads(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let (listing, full) = visible(&ctx, &state, path.into_inner()).await?;
    let edition = edition_of(&listing, ctx.now);
    Ok(html(views::exports::downloads(
        &ctx.chrome(),
        &listing,
        edition,
        full,
    )))
}

/// The council member's overview: the export drawn as a page. Council members and
/// clerks of the council read the full version, with the speakers and their written
/// contributions; everyone else the public one, kept for ten seconds, so that a busy
/// round is read from the database a few times a minute.
pub async fn overview(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let (listing, full) = visible(&ctx, &state, path.into_inner()).await?;
    let id = listing.consultation.id.clone();
    let level = if full { Level::Full } else { Level::Public };
    let cached = if full { None } else { state.overviews.get(&id) };
    let export = match cached {
        Some(export) => export,
        None => {
            let url = state.config.url(&paths::consultation(&id));
            let edition = edition_of(&listing, ctx.now);
            let key = id.clone();
            let export = state
                .db
                .read(move |conn| {
                    let request = Request {
                        consultation_id: &key,
                        level,
                        edition,
                        url: &url,
                        now: ctx.now,
                    };
                    exports::consultation_export(conn, &request)?.ok_or(AppError::NotFound)
                })
                .await?;
            let export = Arc::new(export);
            if !full {
                state.overviews.insert(id.clone(), export.clone());
            }
            export
        }
    };
    Ok(html(views::overview::overview(&ctx.chrome(), &export, &id)))
}

#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    /// `puntkomma` for CSV with semicolons, as Dutch Excel expects.
    #[serde(default)]
    scheiding: String,
}

impl FileQuery {
    fn separator(&self) -> Separator {
        if self.scheiding == "puntkomma" {
            Separator::Semicolon
        } else {
            Separator::Comma
        }
    }
}

pub async fn public_file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, String)>,
    query: web::Query<FileQuery>,
) -> Result<HttpResponse, AppError> {
    let (id, name) = path.into_inner();
    let file = File::from_name(&name).ok_or(AppError::NotFound)?;
    let (listing, _) = visible(&ctx, &state, id).await?;
    serve(&state, listing, file, Level::Public, query.separator()).await
}

pub async fn full_file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, String)>,
    query: web::Query<FileQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require_user()?;
    let (id, name) = path.into_inner();
    let file = File::from_name(&name).ok_or(AppError::NotFound)?;
    let (listing, full) = visible(&ctx, &state, id).await?;
    if !full {
        return Err(AppError::Forbidden);
    }
    serve(&state, listing, file, Level::Full, query.separator()).await
}

pub async fn schema() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/schema+json")
        .body(json::SCHEMA)
}

fn edition_of(listing: &ConsultationListing, now: NaiveDateTime) -> Edition {
    Edition::of(listing.consultation.state_at(now))
}

async fn serve(
    state: &AppState,
    listing: ConsultationListing,
    file: File,
    level: Level,
    separator: Separator,
) -> Result<HttpResponse, AppError> {
    let id = listing.consultation.id.clone();
    let now = state.now();
    let edition = edition_of(&listing, now);
    let separator_mark = if separator == Separator::Semicolon {
        ";"
    } else {
        ""
    };
    let cache_key = format!("{id}/{}{separator_mark}/{}", file.name(), level.as_str());
    let cached = match edition {
        Edition::Interim => state.exports.get(&cache_key),
        Edition::Final => None,
    };
    let (bytes, edition) = match cached {
        Some(bytes) => (bytes, edition),
        None => {
            let (bytes, edition) = produce_file(state, id, file, level, separator, now).await?;
            if edition == Edition::Interim {
                state.exports.insert(cache_key, bytes.clone());
            }
            (bytes, edition)
        }
    };
    let filename = download_name(&listing.consultation.title, file.name(), level, edition);
    Ok(HttpResponse::Ok()
        .content_type(file.content_type())
        .insert_header((header::CONTENT_DISPOSITION, attachment_header(&filename)))
        .body(bytes))
}

/// Makes one file off the executor (a PDF of a large round takes a while).
async fn produce_file(
    state: &AppState,
    consultation_id: ConsultationId,
    file: File,
    level: Level,
    separator: Separator,
    now: chrono::NaiveDateTime,
) -> Result<(web::Bytes, Edition), AppError> {
    let (db, base_url) = (state.db.clone(), state.config.base_url.clone());
    let produced = tokio::task::spawn_blocking(move || {
        produce(
            &db,
            &FileRequest {
                consultation_id: &consultation_id,
                file,
                level,
                separator,
                base_url: Some(&base_url),
                now,
            },
        )
    })
    .await
    .map_err(|_| AppError::Database(crate::db::DbError::Cancelled))?
    .map_err(|error| match error {
        ProduceError::NotFound => AppError::NotFound,
        ProduceError::Database(error) => AppError::Database(error),
        ProduceError::Export(error) => AppError::Export(error),
        ProduceError::NoBaseUrl => {
            unreachable!("the web always passes its base URL")
        }
    })?;
    Ok((web::Bytes::from(produced.bytes), produced.edition))
}

/// The clerk's page: the submitted reactions with their handling and agenda item.
async fn clerk_listing(
    ctx: &Ctx,
    state: &AppState,
    id: ConsultationId,
) -> Result<
    (
        ConsultationListing,
        Vec<crate::db::exports::HandlingListing>,
    ),
    AppError,
> {
    let actor = ctx.require_actor()?.clone();
    let (listing, rows) = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let rows = exports::handling_of(conn, &id)?;
            Ok::<_, AppError>((listing, rows))
        })
        .await?;
    if !actor.can_manage_council(&listing.council.id) {
        return Err(AppError::Forbidden);
    }
    Ok((listing, rows))
}

pub async fn handling_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let (listing, rows) = clerk_listing(&ctx, &state, path.into_inner()).await?;
    let input = HandlingInput {
        reaction: rows.iter().map(|r| r.reaction_id.clone()).collect(),
        handling: rows
            .iter()
            .map(|r| {
                r.handling
                    .map(|h| h.as_str().to_owned())
                    .unwrap_or_default()
            })
            .collect(),
        agenda_item: rows
            .iter()
            .map(|r| r.agenda_item.clone().unwrap_or_default())
            .collect(),
    };
    Ok(html(views::exports::handling_form(
        &ctx.chrome(),
        &listing,
        &rows,
        &input,
        &FieldErrors::default(),
        query.text(),
    )))
}

pub async fn save_handling(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(input): Form<HandlingInput>,
) -> Result<HttpResponse, AppError> {
    let (listing, rows) = clerk_listing(&ctx, &state, path.into_inner()).await?;
    let known: Vec<ReactionId> = rows.iter().map(|r| r.reaction_id.clone()).collect();
    let parsed = match input.parse(&known) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::exports::handling_form(
                    &ctx.chrome(),
                    &listing,
                    &rows,
                    &input,
                    &errors,
                    None,
                ),
            ));
        }
    };
    let clerk = ctx.require_user()?.user.id.clone();
    state
        .db
        .write(move |conn| {
            let now = ctx.now;
            for row in &parsed {
                exports::set_handling(
                    conn,
                    &row.reaction_id,
                    row.handling,
                    row.agenda_item.as_deref(),
                    &clerk,
                    now,
                )?;
            }
            Ok::<_, AppError>(())
        })
        .await?;
    // Snapshots made before this change would show the old handling.
    state.exports.clear();
    Ok(see_other_with(
        paths::incoming_documents(&listing.consultation.id),
        Notice::Saved,
    ))
}
