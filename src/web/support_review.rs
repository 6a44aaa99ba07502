//! The griffie's co-signing pages: a council's table of postcodes and wijken (uploaded as
//! a CSV file), and the review of signatures that were held back after a burst.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::csrf::Form;
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::upload;
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations::{self, ConsultationListing};
use crate::db::councils::{self, Council};
use crate::db::signatures::{self, Burst, HeldGroup, SignatureReview};
use crate::domain::district_file::{
    DistrictFileError, MAX_DISTRICT_FILE_BYTES, parse_district_file,
};
use crate::domain::id::ConsultationId;
use crate::domain::signature::ReviewDecision;
use crate::domain::validation::{FieldErrors, required_text};
use crate::ops;
use crate::ops::signatures::{HeldDecision, HeldOutcome};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::support_review::{DistrictsPage, NetworkLabels, ReviewPage};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/griffie/{council}/wijken", web::get().to(districts))
        .route(
            "/griffie/{council}/wijken",
            web::post().to(upload_districts),
        )
        .route("/griffie/consultaties/{id}/steun", web::get().to(review))
        .route("/griffie/consultaties/{id}/steun", web::post().to(decide));
}

/// A network or mail domain with this many signatures in the last hour is shown as a burst.
pub const BURST_AT_LEAST: i64 = 20;

/// Longest reason for a review decision, in characters.
const MAX_REASON_CHARS: usize = 1000;

// ---------------------------------------------------------------------------------------
// Wijken en postcodes

/// A council by slug, if the viewer may manage it (anonymous viewers are sent to log in).
async fn managed_council(state: &AppState, ctx: &Ctx, slug: String) -> Result<Council, AppError> {
    let actor = ctx.require_actor()?.clone();
    let council = state
        .db
        .read(move |conn| councils::find_council_by_slug(conn, &slug)?.ok_or(AppError::NotFound))
        .await?;
    if !actor.can_manage_council(&council.id) {
        return Err(AppError::Forbidden);
    }
    Ok(council)
}

async fn districts_page(
    state: &AppState,
    ctx: &Ctx,
    council: &Council,
    error: Option<&DistrictFileError>,
    message: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let council_id = council.id.clone();
    let (count, summary) = state
        .db
        .read(move |conn| {
            let count = signatures::district_count(conn, &council_id)?;
            let summary = signatures::district_summary(conn, &council_id)?;
            Ok::<_, AppError>((count, summary))
        })
        .await?;
    let errors = error.map_or_else(FieldErrors::default, |e| {
        FieldErrors::single("file", e.message())
    });
    let details = error.map(DistrictFileError::details).unwrap_or_default();
    Ok(views::support_review::districts(
        &ctx.chrome(),
        DistrictsPage {
            council,
            count,
            summary: &summary,
            errors: &errors,
            details: &details,
            message,
        },
    ))
}

pub async fn districts(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let council = managed_council(&state, &ctx, path.into_inner()).await?;
    Ok(html(
        districts_page(&state, &ctx, &council, None, query.text()).await?,
    ))
}

pub async fn upload_districts(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    // Who may upload is checked before the file is read; the CSRF token comes first in it.
    let council = managed_council(&state, &ctx, path.into_inner()).await?;
    let parsed = match upload::read_form(&req, multipart, MAX_DISTRICT_FILE_BYTES)
        .await?
        .file
    {
        Err(upload::TooLarge) => Err(DistrictFileError::TooLarge),
        Ok(file) if file.content.is_empty() && file.filename.is_empty() => {
            Err(DistrictFileError::NoFile)
        }
        Ok(file) => parse_district_file(&file.content),
    };
    let rows = match parsed {
        Ok(rows) => rows,
        Err(error) => {
            let page = districts_page(&state, &ctx, &council, Some(&error), None).await?;
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let council_id = council.id.clone();
    state
        .db
        .write(move |conn| {
            ops::signatures::replace_districts(conn, &council_id, &rows).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::districts(&council.slug),
        Notice::DistrictsReplaced,
    ))
}

// ---------------------------------------------------------------------------------------
// Held signatures

/// Everything on the review page of one consultation.
struct Review {
    listing: ConsultationListing,
    groups: Vec<HeldGroup>,
    network_bursts: Vec<Burst>,
    domain_bursts: Vec<Burst>,
    reviews: Vec<(SignatureReview, Option<String>)>,
    labels: NetworkLabels,
}

/// The consultation, if the viewer may manage its council.
async fn managed_consultation(
    state: &AppState,
    ctx: &Ctx,
    id: ConsultationId,
) -> Result<ConsultationListing, AppError> {
    let actor = ctx.require_actor()?.clone();
    let listing = state
        .db
        .read(move |conn| consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    if !actor.can_manage_council(&listing.council.id) {
        return Err(AppError::Forbidden);
    }
    Ok(listing)
}

async fn load_review(state: &AppState, listing: ConsultationListing) -> Result<Review, AppError> {
    let id = listing.consultation.id.clone();
    let since = state.now() - chrono::Duration::hours(1);
    let (groups, network_bursts, domain_bursts, reviews, first_seen) = state
        .db
        .read(move |conn| {
            Ok::<_, AppError>((
                signatures::held_groups(conn, &id)?,
                signatures::network_bursts(conn, &id, since, BURST_AT_LEAST)?,
                signatures::domain_bursts(conn, &id, since, BURST_AT_LEAST)?,
                signatures::reviews_of(conn, &id)?,
                signatures::networks_first_seen(conn, &id)?,
            ))
        })
        .await?;
    let labels = NetworkLabels::new(&first_seen, &reviews);
    Ok(Review {
        listing,
        groups,
        network_bursts,
        domain_bursts,
        reviews,
        labels,
    })
}

/// Whether held signatures may still be approved: only while the round is open, since
/// the counts are fixed from the deadline on.
fn approvable(listing: &ConsultationListing, now: NaiveDateTime) -> bool {
    ReviewDecision::Approve.allowed_in(listing.consultation.state_at(now))
}

/// What the page shows besides the state: the `?melding=` of a redirect, or why a
/// decision could not be carried out, or the form that came back with an error.
#[derive(Default)]
struct Shown<'a> {
    message: Option<&'a str>,
    problem: Option<&'a str>,
    errors: FieldErrors,
    /// The group's row and the reason as typed.
    typed: Option<(usize, &'a str)>,
}

fn review_page(ctx: &Ctx, review: &Review, shown: Shown<'_>) -> maud::Markup {
    views::support_review::review(
        &ctx.chrome(),
        ReviewPage {
            listing: &review.listing,
            groups: &review.groups,
            network_bursts: &review.network_bursts,
            domain_bursts: &review.domain_bursts,
            burst_at_least: BURST_AT_LEAST,
            reviews: &review.reviews,
            labels: &review.labels,
            approvable: approvable(&review.listing, ctx.now),
            errors: &shown.errors,
            typed: shown.typed,
            message: shown.message,
            problem: shown.problem,
        },
    )
}

pub async fn review(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let listing = managed_consultation(&state, &ctx, path.into_inner()).await?;
    let review = load_review(&state, listing).await?;
    Ok(html(review_page(
        &ctx,
        &review,
        Shown {
            message: query.text(),
            ..Shown::default()
        },
    )))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    source_hash: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

const GONE: &str = "Deze steunbetuigingen worden niet meer vastgehouden. Misschien heeft een collega er al over beslist. Er is niets veranderd.";
const CLOSED: &str = "De inspraakronde is gesloten. Goedkeuren kan niet meer, want de telling staat vast. U kunt de steun nog wel ongeldig verklaren.";

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(form): Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    let listing = managed_consultation(&state, &ctx, path.into_inner()).await?;
    let decision = ReviewDecision::parse(&form.decision).ok_or(AppError::BadRequest)?;
    let review = load_review(&state, listing).await?;
    let request = match decision_request(&ctx, &review, &form, decision)? {
        Ok(request) => request,
        Err(page) => return Ok(page),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let outcome = state
        .db
        .write(move |conn| {
            ops::signatures::decide_held(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    let problem = match outcome {
        HeldOutcome::Done => {
            let notice = match decision {
                ReviewDecision::Approve => Notice::SupportApproved,
                ReviewDecision::Void => Notice::SupportRejected,
            };
            return Ok(see_other_with(
                paths::support_review(&review.listing.consultation.id),
                notice,
            ));
        }
        HeldOutcome::Gone => GONE,
        HeldOutcome::Closed => CLOSED,
    };
    // Show the page as it is now, with what went wrong on top.
    let fresh = load_review(&state, review.listing).await?;
    Ok(conflict(&ctx, &fresh, problem))
}

/// The review page with why a decision could not be carried out.
fn conflict(ctx: &Ctx, review: &Review, problem: &str) -> HttpResponse {
    let shown = Shown {
        problem: Some(problem),
        ..Shown::default()
    };
    html_status(StatusCode::CONFLICT, review_page(ctx, review, shown))
}

/// The decision about the group the form names, with its reason; `Err` is the page that
/// says the group is no longer held, or that the reason is missing.
fn decision_request(
    ctx: &Ctx,
    review: &Review,
    form: &DecisionForm,
    decision: ReviewDecision,
) -> Result<Result<HeldDecision, HttpResponse>, AppError> {
    let Some(row) = review
        .groups
        .iter()
        .position(|g| g.source_hash == form.source_hash && g.domain == form.domain)
        .map(|index| index + 1)
    else {
        return Ok(Err(conflict(ctx, review, GONE)));
    };
    let mut errors = FieldErrors::default();
    let reason = required_text(
        &mut errors,
        &format!("reason_{row}"),
        &form.reason,
        "de reden van uw besluit",
        MAX_REASON_CHARS,
    );
    if !errors.is_empty() {
        let typed = Some((row, form.reason.as_str()));
        let shown = Shown {
            errors,
            typed,
            ..Shown::default()
        };
        let page = review_page(ctx, review, shown);
        return Ok(Err(html_status(StatusCode::UNPROCESSABLE_ENTITY, page)));
    }
    Ok(Ok(HeldDecision {
        consultation_id: review.listing.consultation.id.clone(),
        source_hash: form.source_hash.clone(),
        domain: form.domain.clone(),
        decision,
        reason,
        by: ctx.require_user()?.user.id.clone(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_get_stable_numbers_by_first_signature() {
        let at = |m: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                .unwrap()
                .and_hms_opt(12, m, 0)
                .unwrap()
        };
        let labels = NetworkLabels::new(&[("bbbb".into(), at(1)), ("aaaa".into(), at(5))], &[]);
        assert_eq!(labels.of("bbbb"), "Netwerk 1");
        assert_eq!(labels.of("aaaa"), "Netwerk 2");
        assert_eq!(labels.of("cccc"), "Onbekend netwerk");
    }
}
