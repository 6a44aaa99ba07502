//! Public consultation pages, readable without an account.

use actix_web::{HttpResponse, web};

use super::accounts::html;
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::{consultations, reactions, threads};
use crate::domain::consultation::ConsultationState;
use crate::domain::permission::can_view_consultation;
use crate::domain::time::now_utc;
use crate::views;

pub async fn index(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let listings = state
        .db
        .read(|conn| consultations::public_consultations(conn).map_err(AppError::from))
        .await?;
    Ok(html(views::consultations::list(
        &ctx.chrome(),
        &listings,
        now_utc(),
    )))
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    melding: String,
    /// `steun` lists the reactions with the most support first; otherwise newest first.
    #[serde(default)]
    volgorde: String,
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (listing, points, mut reactions, positions, support, posts) = state
        .db
        .read(move |conn| {
            let posts = threads::visible_counts(conn, &[id.as_str()])?
                .first()
                .map_or(0, |(_, n)| *n);
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let points = consultations::decision_points_of(conn, &id)?;
            let reactions = reactions::public_reactions(conn, &id)?;
            let positions = reactions::public_positions(conn, &id)?;
            let ids: Vec<String> = positions.iter().map(|(p, _)| p.id.clone()).collect();
            let totals = crate::db::signatures::totals(conn, &ids)?;
            let mut support: Vec<(String, i64)> = Vec::new();
            for (position, reaction) in &positions {
                let count = totals
                    .iter()
                    .find(|(t, _)| *t == position.id)
                    .map_or(0, |(_, n)| *n);
                match support.iter_mut().find(|(r, _)| *r == reaction.id) {
                    Some((_, total)) => *total += count,
                    None => support.push((reaction.id.clone(), count)),
                }
            }
            Ok::<_, AppError>((listing, points, reactions, positions, support, posts))
        })
        .await?;
    let by_support = query.volgorde == "steun";
    if by_support {
        let total = |id: &str| support.iter().find(|(r, _)| r == id).map_or(0, |(_, n)| *n);
        reactions.sort_by_key(|listing| std::cmp::Reverse(total(&listing.reaction.id)));
    }
    let now = now_utc();
    let actor = ctx.viewer.actor();
    let council_id = &listing.consultation.council_id;
    let state_now = listing.consultation.state_at(now);
    if !can_view_consultation(actor, council_id, state_now) {
        // A concept does not exist for anyone outside its griffie.
        return Err(AppError::NotFound);
    }
    let manage = actor.is_some_and(|a| a.can_manage_council(council_id));
    let section = views::reactions::consultation_section(
        &listing.consultation.id,
        &points,
        &reactions,
        &positions,
        state_now == ConsultationState::Open,
        &support,
        by_support,
    );
    let section =
        views::threads::with_consultation_discussion(section, &listing.consultation.id, posts);
    Ok(html(views::consultations::detail(
        &ctx.chrome(),
        &listing,
        &points,
        now,
        manage,
        NoticeQuery::from_code(&query.melding).text(),
        section,
    )))
}
