//! Public consultation pages, readable without an account.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{HttpResponse, web};

use super::respond::{html, html_bytes};
use super::session::Ctx;
use super::{AppError, AppState};
use crate::db::answers;
use crate::db::consultations::ConsultationListing;
use crate::db::{consultations, reactions, threads};
use crate::domain::answer::check_answerable;
use crate::domain::consultation::ConsultationState;
use crate::domain::id::{ConsultationId, ReactionId, SubjectId, TargetId};
use crate::domain::permission::{Actor, can_view_consultation};
use crate::domain::reaction::{REACTIONS_PER_PAGE, ReactionState};
use crate::paths::Notice;
use crate::views;
use crate::views::consultations::Sections;
use crate::views::reactions::ReactionSection;

pub async fn index(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let listings = state
        .db
        .read(|conn| consultations::public_consultations(conn).map_err(AppError::from))
        .await?;
    Ok(html(views::consultations::list(
        &ctx.chrome(),
        &listings,
        ctx.now,
    )))
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    #[serde(default, deserialize_with = "Notice::deserialize_code")]
    melding: Option<Notice>,
    /// `steun` lists the reactions with the most support first; otherwise newest first.
    #[serde(default)]
    volgorde: String,
    #[serde(default)]
    pagina: String,
}

/// What a consultation's page shows to everyone. Kept for a second: a consultation in the
/// news is then read from the database once a second, not once a request. Submitting or
/// withdrawing in this process drops it at once; support counts on it may be a second old.
pub struct ConsultationPage {
    /// The pages as anonymous visitors get them (nothing personal, no forms), by order
    /// and page number: made once, then sent as they are while this entry lives.
    shared: std::sync::Mutex<HashMap<(bool, i64), web::Bytes>>,
    listing: crate::db::consultations::ConsultationListing,
    points: Vec<crate::db::consultations::DecisionPoint>,
    /// Newest first.
    reactions: Vec<reactions::ReactionListing>,
    positions: Vec<reactions::Position>,
    /// Confirmed co-signatures per reaction id.
    support: HashMap<ReactionId, i64>,
    posts: i64,
    /// When the newest version of the nota van beantwoording was published.
    answered_at: Option<chrono::NaiveDateTime>,
    outcomes: Vec<crate::domain::answer::PointOutcome>,
    deadline_moves: Vec<consultations::DeadlineMove>,
}

async fn consultation_page(
    state: &AppState,
    id: ConsultationId,
) -> Result<Arc<ConsultationPage>, AppError> {
    if let Some(page) = state.consultation_pages.get(&id) {
        return Ok(page);
    }
    let key = id.clone();
    let page = state
        .db
        .read(move |conn| {
            let posts = threads::visible_counts(conn, &[SubjectId::from(&id)])?
                .first()
                .map_or(0, |(_, n)| *n);
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let points = consultations::decision_points_of(conn, &id)?;
            let reactions = reactions::public_reactions(conn, &id)?;
            let positions = reactions::public_positions(conn, &id)?;
            let ids: Vec<TargetId> = positions.iter().map(|p| TargetId::from(&p.id)).collect();
            let totals: HashMap<TargetId, i64> = crate::db::signatures::totals(conn, &ids)?
                .into_iter()
                .collect();
            // Support per reaction: the sum over its positions.
            let mut support: HashMap<ReactionId, i64> = HashMap::new();
            for position in &positions {
                *support.entry(position.reaction_id.clone()).or_default() += totals
                    .get(&TargetId::from(&position.id))
                    .copied()
                    .unwrap_or(0);
            }
            let answered_at = answers::versions(conn, &id)?
                .into_iter()
                .find_map(|v| v.published_at);
            let outcomes = answers::outcomes(conn, &id)?;
            let deadline_moves = consultations::deadline_moves_of(conn, &id)?;
            Ok::<_, AppError>(Arc::new(ConsultationPage {
                shared: std::sync::Mutex::default(),
                listing,
                points,
                reactions,
                positions,
                support,
                posts,
                answered_at,
                outcomes,
                deadline_moves,
            }))
        })
        .await?;
    state.consultation_pages.insert(key, page.clone());
    Ok(page)
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let data = consultation_page(&state, path.into_inner()).await?;
    let actor = ctx.viewer.actor();
    let consultation = &data.listing.consultation;
    let state_now = consultation.state_at(ctx.now);
    if !can_view_consultation(actor, &consultation.council_id, state_now) {
        // A concept does not exist for anyone outside its griffie.
        return Err(AppError::NotFound);
    }
    let by_support = query.volgorde == "steun";
    let pages = reaction_pages(data.reactions.len());
    let page = query.pagina.parse::<i64>().unwrap_or(1);
    if !(1..=pages).contains(&page) {
        return Err(AppError::NotFound);
    }
    let notice = query.melding.map(views::notices::text);
    let shared = actor.is_none() && notice.is_none();
    if shared && let Some(bytes) = data.kept(by_support, page) {
        return Ok(html_bytes(bytes));
    }
    let manage = actor.is_some_and(|a| a.can_manage_council(&consultation.council_id));
    let writes_answers = writes_answers(&state, actor, &data.listing, state_now, manage).await?;
    let section = reaction_section(&data, state_now, by_support, page);
    let rendered = views::consultations::detail(
        &ctx.chrome(),
        &data.listing,
        &data.points,
        ctx.now,
        notice,
        &Sections {
            manage,
            writes_answers,
            answered_at: data.answered_at,
            outcomes: &data.outcomes,
            deadline_moves: &data.deadline_moves,
            reactions: section,
        },
    );
    if !shared {
        return Ok(html(rendered));
    }
    Ok(html_bytes(data.keep(by_support, page, rendered)))
}

fn reaction_pages(reactions: usize) -> i64 {
    reactions.div_ceil(REACTIONS_PER_PAGE).max(1) as i64
}

impl ConsultationPage {
    /// The anonymous page for this order and page number, when it was made already.
    fn kept(&self, by_support: bool, page: i64) -> Option<web::Bytes> {
        let shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.get(&(by_support, page)).cloned()
    }

    /// Keeps an anonymous page for the next visitors and gives it back as bytes.
    fn keep(&self, by_support: bool, page: i64, rendered: maud::Markup) -> web::Bytes {
        let bytes = web::Bytes::from(rendered.into_string());
        self.shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((by_support, page), bytes.clone());
        bytes
    }
}

/// The reactions part of the page: one page of them, newest or most supported first,
/// followed by the round's discussion.
fn reaction_section(
    data: &ConsultationPage,
    state_now: ConsultationState,
    by_support: bool,
    page: i64,
) -> maud::Markup {
    let mut order: Vec<&reactions::ReactionListing> = data.reactions.iter().collect();
    if by_support {
        order.sort_by_key(|listing| {
            std::cmp::Reverse(data.support.get(&listing.reaction.id).copied().unwrap_or(0))
        });
    }
    let shown: Vec<reactions::ReactionListing> = order
        .into_iter()
        .skip((page as usize - 1) * REACTIONS_PER_PAGE)
        .take(REACTIONS_PER_PAGE)
        .cloned()
        .collect();
    let submitted = data
        .reactions
        .iter()
        .filter(|r| r.reaction.state() == ReactionState::Submitted)
        .count();
    let consultation_id = &data.listing.consultation.id;
    let section = views::reactions::consultation_section(&ReactionSection {
        consultation_id,
        points: &data.points,
        reactions: &shown,
        submitted,
        positions: &data.positions,
        can_react: state_now == ConsultationState::Open,
        support: &data.support,
        by_support,
        page,
        pages: reaction_pages(data.reactions.len()),
    });
    views::threads::with_consultation_discussion(section, consultation_id, data.posts)
}

/// Whether the viewer may write the nota van beantwoording: only a signed-in visitor of
/// a closed round who is not a clerk costs a query.
async fn writes_answers(
    state: &AppState,
    actor: Option<&Actor>,
    listing: &ConsultationListing,
    state_now: ConsultationState,
    manage: bool,
) -> Result<bool, AppError> {
    Ok(match actor {
        _ if check_answerable(state_now).is_err() => false,
        Some(_) if manage => true,
        Some(actor) => {
            let (id, user) = (listing.consultation.id.clone(), actor.user_id.clone());
            let named = state
                .db
                .read(move |conn| Ok::<_, AppError>(answers::is_writer(conn, &id, &user)?))
                .await?;
            actor.writes_answers(&listing.consultation.council_id, named)
        }
        None => false,
    })
}
