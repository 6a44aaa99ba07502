//! Inspreekverzoeken: writers of a submitted reaction ask to speak; the griffie decides.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::csrf::Form;
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations::{self, ConsultationListing, DecisionPoint};
use crate::db::{organisations, reactions, speaking};
use crate::domain::id::{ConsultationId, DecisionPointId, ReactionId, SpeakingRequestId};
use crate::domain::permission::reaction_access;
use crate::domain::reaction::ReactionState;
use crate::domain::speaking::{DecisionInput, SpeakingInput, row_suffix};
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::speaking::{Decision, SpeakingRequest};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::speaking::{RequestPage, SpeakersPage};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/reacties/{id}/inspreken", web::get().to(request_form))
        .route("/reacties/{id}/inspreken", web::post().to(request))
        .route(
            "/griffie/consultaties/{id}/sprekers",
            web::get().to(speakers),
        )
        .route(
            "/griffie/inspreekverzoeken/{id}/besluit",
            web::post().to(decide),
        );
}

/// A submitted reaction whose writer the viewer is, with its consultation.
async fn writable_reaction(
    state: &AppState,
    ctx: &Ctx,
    id: ReactionId,
) -> Result<
    (
        reactions::Reaction,
        ConsultationListing,
        Vec<DecisionPoint>,
        Option<String>,
    ),
    AppError,
> {
    let user = ctx.require_user()?.user.id.clone();
    let (reaction, listing, points, role, organisation) = state
        .db
        .read(move |conn| {
            let reaction = reactions::find_reaction(conn, &id)?.ok_or(AppError::NotFound)?;
            let listing = consultations::find_consultation(conn, &reaction.consultation_id)?
                .ok_or(AppError::NotFound)?;
            let points = consultations::decision_points_of(conn, &reaction.consultation_id)?;
            let (role, organisation) = match &reaction.organisation_id {
                Some(org) => (
                    organisations::member_role(conn, org, &user)?,
                    organisations::find_organisation(conn, org)?.map(|o| o.name),
                ),
                None => (None, None),
            };
            Ok::<_, AppError>((reaction, listing, points, role, organisation))
        })
        .await?;
    let is_author = reaction.organisation_id.is_none()
        && ctx
            .viewer
            .signed_in()
            .is_some_and(|s| s.user.id == reaction.author_id);
    let access = reaction_access(ctx.viewer.actor(), &listing.council.id, role, is_author);
    if !access.is_writer() {
        return Err(if reaction.state() == ReactionState::Draft {
            AppError::NotFound
        } else {
            AppError::Forbidden
        });
    }
    Ok((reaction, listing, points, organisation))
}

/// Why a request cannot be made now, if it cannot.
fn refusal(
    reaction: &reactions::Reaction,
    listing: &ConsultationListing,
    now: NaiveDateTime,
) -> Option<&'static str> {
    listing
        .council
        .speaking_rules()
        .refusal(reaction.state(), listing.consultation.meeting_at, now)
}

pub async fn request_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
) -> Result<HttpResponse, AppError> {
    let (reaction, listing, points, organisation) =
        writable_reaction(&state, &ctx, path.into_inner()).await?;
    if let Some(message) = refusal(&reaction, &listing, ctx.now) {
        return Ok(html_status(
            StatusCode::CONFLICT,
            views::errors::not_now(&ctx.chrome(), message),
        ));
    }
    let user = ctx.require_user()?;
    let input = SpeakingInput {
        speaker_name: user.user.display_name.clone(),
        on_behalf: organisation.unwrap_or_else(|| "Mijzelf".to_owned()),
        contact_email: user.user.email.clone(),
        ..SpeakingInput::default()
    };
    Ok(html(views::speaking::request_form(
        &ctx.chrome(),
        RequestPage {
            listing: &listing,
            reaction: &reaction,
            points: &points,
            rules: listing.council.speaking_rules(),
            input: &input,
            errors: &FieldErrors::default(),
        },
    )))
}

pub async fn request(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    Form(input): Form<SpeakingInput>,
) -> Result<HttpResponse, AppError> {
    let (reaction, listing, points, _) = writable_reaction(&state, &ctx, path.into_inner()).await?;
    if let Some(message) = refusal(&reaction, &listing, ctx.now) {
        return Ok(html_status(
            StatusCode::CONFLICT,
            views::errors::not_now(&ctx.chrome(), message),
        ));
    }
    let point_ids: Vec<DecisionPointId> = points.iter().map(|p| p.id.clone()).collect();
    let draft = match input.parse(&point_ids) {
        Ok(draft) => draft,
        Err(errors) => {
            let page = RequestPage {
                listing: &listing,
                reaction: &reaction,
                points: &points,
                rules: listing.council.speaking_rules(),
                input: &input,
                errors: &errors,
            };
            let again = views::speaking::request_form(&ctx.chrome(), page);
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, again));
        }
    };
    let request = SpeakingRequest {
        consultation_id: listing.consultation.id.clone(),
        reaction_id: reaction.id.clone(),
        user_id: ctx.require_user()?.user.id.clone(),
        draft,
        points,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::speaking::request(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::reaction(&reaction.id),
        Notice::SpeakingRequested,
    ))
}

/// A consultation, its beslispunten and its speaking requests with their reaction's
/// number.
type Speakers = (
    ConsultationListing,
    Vec<DecisionPoint>,
    Vec<(speaking::SpeakingRequest, String)>,
);

/// A consultation with its speaking requests, if the viewer is its griffie.
async fn speakers_of(
    state: &AppState,
    ctx: &Ctx,
    consultation_id: ConsultationId,
) -> Result<Speakers, AppError> {
    let actor = ctx.require_actor()?.clone();
    let found = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &consultation_id)?
                .ok_or(AppError::NotFound)?;
            if !actor.can_manage_council(&listing.council.id) {
                return Err(AppError::Forbidden);
            }
            let points = consultations::decision_points_of(conn, &consultation_id)?;
            let mut requests = Vec::new();
            for request in speaking::requests_of_consultation(conn, &consultation_id)? {
                let number = reactions::find_reaction(conn, &request.reaction_id)?
                    .and_then(|r| r.submission_number)
                    .unwrap_or_default();
                requests.push((request, number));
            }
            Ok((listing, points, requests))
        })
        .await?;
    Ok(found)
}

pub async fn speakers(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let found = speakers_of(&state, &ctx, path.into_inner()).await?;
    Ok(html(speakers_page(
        &ctx,
        &found,
        &FieldErrors::default(),
        query.text(),
    )))
}

fn speakers_page(
    ctx: &Ctx,
    (listing, points, requests): &Speakers,
    errors: &FieldErrors,
    message: Option<&str>,
) -> maud::Markup {
    views::speaking::speakers(
        &ctx.chrome(),
        SpeakersPage {
            listing,
            points,
            rules: listing.council.speaking_rules(),
            requests,
            errors,
            message,
        },
    )
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    row: String,
}

impl From<DecisionForm> for DecisionInput {
    fn from(form: DecisionForm) -> Self {
        Self {
            decision: form.decision,
            reason: form.reason,
        }
    }
}

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<SpeakingRequestId>,
    Form(form): Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let key = id.clone();
    let request = state
        .db
        .read(move |conn| speaking::find_request(conn, &key)?.ok_or(AppError::NotFound))
        .await?;
    let found = speakers_of(&state, &ctx, request.consultation_id.clone()).await?;
    let listing = &found.0;
    let row = row_suffix(&form.row);
    let (decision, reason) = match DecisionInput::from(form).parse(&row) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                speakers_page(&ctx, &found, &errors, None),
            ));
        }
    };
    let decision = Decision {
        request_id: id,
        consultation_id: listing.consultation.id.clone(),
        state: decision,
        reason,
        clerk_id: ctx.require_user()?.user.id.clone(),
        rules: listing.council.speaking_rules(),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::speaking::decide(conn, &mail, &decision, now).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::speakers(&listing.consultation.id),
        Notice::SpeakingDecided,
    ))
}
