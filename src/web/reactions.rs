//! Reactions: start, write (with revisions and conflict detection), submit with a receipt,
//! withdraw, read, verify, and the public submission log.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::csrf::Form;
use super::respond::{html, html_bytes, html_status, see_other, see_other_with};
use super::session::Ctx;
use super::upload;
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations::{self, ConsultationListing, DecisionPoint};
use crate::db::organisations::{self, Organisation};
use crate::db::reactions::{self, Reaction};
use crate::db::{DbConn, accounts};
use crate::domain::consultation::ConsultationState;
use crate::domain::id::{
    AttachmentId, ConsultationId, DecisionPointId, OrganisationId, ReactionId, SubjectId, TargetId,
    UserId,
};
use crate::domain::permission::{Actor, ReactionAccess, can_view_consultation, reaction_access};
use crate::domain::reaction::{
    AttachmentError, ContentCheck, ExtraRow, LogEvent, MAX_ATTACHMENT_BYTES, ReactionContent,
    ReactionError, ReactionInput, ReactionState, WithdrawInput, check_pdf, check_save,
    check_submit, check_withdraw, clean_filename, content_check, filed_name, log_entry_hash,
};
use crate::domain::revision::{changed_fields, text_fields};
use crate::domain::validation::{FieldErrors, required_text};
use crate::mail::notify;
use crate::ops;
use crate::ops::reactions::{Attach, Restore, Save, Saved, Start, Submit, Theirs, Withdraw};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::reactions::{
    Conflict, EditPage, LogLine, ReactionBody, ReceiptPage, RevisionsPage, ShowPage, StartPage,
    SubmitPage,
};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/consultaties/{id}/reageren", web::get().to(start_form))
        .route("/consultaties/{id}/reageren", web::post().to(start))
        .route("/consultaties/{id}/logboek", web::get().to(log))
        .route(
            "/consultaties/{id}/beslispunten/{number}",
            web::get().to(decision_point),
        )
        .route("/reacties/{id}", web::get().to(show))
        .route("/reacties/{id}/bewerken", web::get().to(edit_form))
        .route("/reacties/{id}/bewerken", web::post().to(update))
        .route("/reacties/{id}/versies", web::get().to(revisions))
        .route(
            "/reacties/{id}/versies/{version}/terugzetten",
            web::post().to(restore),
        )
        .route("/reacties/{id}/indienen", web::get().to(submit_form))
        .route("/reacties/{id}/indienen", web::post().to(submit))
        .route(
            "/reacties/{id}/ontvangstbevestiging",
            web::get().to(receipt),
        )
        .route("/reacties/{id}/intrekken", web::get().to(withdraw_form))
        .route("/reacties/{id}/intrekken", web::post().to(withdraw))
        .route("/reacties/{id}/controle", web::get().to(verify))
        .route("/reacties/{id}/bijlagen", web::post().to(upload))
        .route(
            "/reacties/{id}/bijlagen/{attachment}/verwijderen",
            web::post().to(remove_attachment),
        )
        .route("/bijlagen/{id}", web::get().to(download));
}

/// A public consultation, or 404 (concepts exist only for their griffie).
async fn public_consultation(
    state: &AppState,
    ctx: &Ctx,
    id: ConsultationId,
) -> Result<(ConsultationListing, Vec<DecisionPoint>), AppError> {
    let found = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let points = consultations::decision_points_of(conn, &id)?;
            Ok::<_, AppError>((listing, points))
        })
        .await?;
    let listing = &found.0;
    if !can_view_consultation(
        ctx.viewer.actor(),
        &listing.council.id,
        listing.consultation.state_at(ctx.now),
    ) {
        return Err(AppError::NotFound);
    }
    Ok(found)
}

/// A reaction with everything around it, and how the viewer relates to it.
struct Loaded {
    reaction: Reaction,
    listing: ConsultationListing,
    organisation: Option<Organisation>,
    points: Vec<DecisionPoint>,
    positions: Vec<reactions::Position>,
    scenarios: Vec<reactions::Scenario>,
    attachments: Vec<reactions::Attachment>,
    speaking_requests: Vec<crate::db::speaking::SpeakingRequest>,
    support: Vec<(TargetId, i64)>,
    /// Visible posts per thread: the reaction's and each scenario's.
    discussion: Vec<(SubjectId, i64)>,
    author_name: String,
    access: ReactionAccess,
    /// The number of its answer in the published nota van beantwoording.
    answer: Option<i32>,
}

impl Loaded {
    fn consultation_state(&self, now: NaiveDateTime) -> ConsultationState {
        self.listing.consultation.state_at(now)
    }

    fn body(&self) -> ReactionBody<'_> {
        ReactionBody {
            reaction: &self.reaction,
            positions: &self.positions,
            scenarios: &self.scenarios,
            attachments: &self.attachments,
            points: &self.points,
            support: &self.support,
            discussion: &self.discussion,
        }
    }

    /// The sender as this viewer may see it.
    fn sender(&self) -> String {
        let name = (self.access.sees_everything() || self.reaction.publish_name)
            .then_some(self.author_name.as_str());
        views::reactions::sender(&self.reaction, self.organisation.as_ref(), name)
    }

    /// As the receipt and the griffie's mail say it.
    fn submitted_for(&self) -> String {
        notify::submitted_for(
            self.organisation.as_ref().map(|o| o.name.as_str()),
            self.reaction
                .submitted_by_name
                .as_deref()
                .unwrap_or(&self.author_name),
        )
    }

    fn require_writer(&self) -> Result<(), AppError> {
        if self.access.is_writer() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Loads a reaction; drafts exist only for their writers.
async fn load(state: &AppState, ctx: &Ctx, id: ReactionId) -> Result<Loaded, AppError> {
    let actor = ctx.viewer.actor().cloned();
    let loaded = state
        .db
        .read(move |conn| read_loaded(conn, &id, actor.as_ref()))
        .await?;
    if loaded.reaction.state() == ReactionState::Draft && !loaded.access.is_writer() {
        return Err(AppError::NotFound);
    }
    Ok(loaded)
}

/// A reaction with everything around it, and how `actor` relates to it.
fn read_loaded(
    conn: &mut DbConn,
    id: &ReactionId,
    actor: Option<&Actor>,
) -> Result<Loaded, AppError> {
    let reaction = reactions::find_reaction(conn, id)?.ok_or(AppError::NotFound)?;
    let listing = consultations::find_consultation(conn, &reaction.consultation_id)?
        .ok_or(AppError::NotFound)?;
    let (organisation, role) = match (&reaction.organisation_id, actor) {
        (Some(org), Some(actor)) => (
            organisations::find_organisation(conn, org)?,
            organisations::member_role(conn, org, &actor.user_id)?,
        ),
        (Some(org), None) => (organisations::find_organisation(conn, org)?, None),
        (None, _) => (None, None),
    };
    let is_author = reaction.organisation_id.is_none()
        && actor.is_some_and(|actor| actor.user_id == reaction.author_id);
    let access = reaction_access(actor, &listing.council.id, role, is_author);
    let account_name = accounts::find_user(conn, &reaction.author_id)?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let author_name = filed_name(reaction.submitted_by_name.as_deref(), &account_name).to_owned();
    let (points, positions, scenarios, attachments) = contents_of(conn, &reaction)?;
    let (speaking_requests, support, discussion, answer) =
        around(conn, id, &positions, &scenarios)?;
    Ok(Loaded {
        reaction,
        listing,
        organisation,
        points,
        positions,
        scenarios,
        attachments,
        speaking_requests,
        support,
        discussion,
        author_name,
        access,
        answer,
    })
}

type Contents = (
    Vec<DecisionPoint>,
    Vec<reactions::Position>,
    Vec<reactions::Scenario>,
    Vec<reactions::Attachment>,
);

/// The beslispunten it answers, and its positions, scenarios and files.
fn contents_of(conn: &mut DbConn, reaction: &Reaction) -> Result<Contents, AppError> {
    let id = &reaction.id;
    Ok((
        consultations::decision_points_of(conn, &reaction.consultation_id)?,
        reactions::positions_of(conn, id)?,
        reactions::scenarios_of(conn, id)?,
        reactions::attachments_of(conn, id)?,
    ))
}

type Around = (
    Vec<crate::db::speaking::SpeakingRequest>,
    Vec<(TargetId, i64)>,
    Vec<(SubjectId, i64)>,
    Option<i32>,
);

/// Its speaking requests, the support of each position and scenario, the visible posts
/// of its threads and the number of its answer.
fn around(
    conn: &mut DbConn,
    id: &ReactionId,
    positions: &[reactions::Position],
    scenarios: &[reactions::Scenario],
) -> Result<Around, AppError> {
    let target_ids: Vec<TargetId> = positions
        .iter()
        .map(|p| TargetId::from(&p.id))
        .chain(scenarios.iter().map(|s| TargetId::from(&s.id)))
        .collect();
    let thread_ids: Vec<SubjectId> = std::iter::once(SubjectId::from(id))
        .chain(scenarios.iter().map(|s| SubjectId::from(&s.id)))
        .collect();
    Ok((
        crate::db::speaking::requests_of_reaction(conn, id)?,
        crate::db::signatures::totals(conn, &target_ids)?,
        crate::db::threads::visible_counts(conn, &thread_ids)?,
        crate::db::answers::answer_number_of(conn, id)?,
    ))
}

#[derive(Deserialize, Default)]
pub struct StartInput {
    #[serde(default)]
    title: String,
    #[serde(default)]
    on_behalf: String,
}

type MyOrganisations = Vec<(Organisation, crate::domain::organisation::MemberRole)>;

async fn my_organisations(state: &AppState, user_id: UserId) -> Result<MyOrganisations, AppError> {
    state
        .db
        .read(move |conn| organisations::organisations_of(conn, &user_id).map_err(AppError::from))
        .await
}

fn closed_page(ctx: &Ctx, listing: &ConsultationListing) -> HttpResponse {
    html_status(
        StatusCode::CONFLICT,
        views::errors::closed(
            &ctx.chrome(),
            &listing.consultation.title,
            &listing.consultation.id,
        ),
    )
}

/// A consultation that takes reactions, and the organisations the user may write for;
/// `Err` is the page that says the round is closed.
async fn startable(
    state: &AppState,
    ctx: &Ctx,
    id: ConsultationId,
) -> Result<Result<(ConsultationListing, MyOrganisations), HttpResponse>, AppError> {
    let user = ctx.require_user()?;
    let (listing, _) = public_consultation(state, ctx, id).await?;
    if listing.consultation.state_at(ctx.now) != ConsultationState::Open {
        return Ok(Err(closed_page(ctx, &listing)));
    }
    let organisations = my_organisations(state, user.user.id.clone()).await?;
    Ok(Ok((listing, organisations)))
}

fn start_page(
    ctx: &Ctx,
    listing: &ConsultationListing,
    organisations: &MyOrganisations,
    input: &StartInput,
    errors: &FieldErrors,
) -> maud::Markup {
    views::reactions::start(
        &ctx.chrome(),
        StartPage {
            listing,
            organisations,
            title: &input.title,
            on_behalf: &input.on_behalf,
            errors,
        },
    )
}

pub async fn start_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let (listing, organisations) = match startable(&state, &ctx, path.into_inner()).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let (input, errors) = (StartInput::default(), FieldErrors::default());
    Ok(html(start_page(
        &ctx,
        &listing,
        &organisations,
        &input,
        &errors,
    )))
}

pub async fn start(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(input): Form<StartInput>,
) -> Result<HttpResponse, AppError> {
    let (listing, organisations) = match startable(&state, &ctx, path.into_inner()).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let on_behalf =
        (!input.on_behalf.is_empty()).then(|| OrganisationId::from(input.on_behalf.as_str()));
    if let Some(org) = &on_behalf
        && !organisations.iter().any(|(o, _)| &o.id == org)
    {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let title = required_text(&mut errors, "title", &input.title, "een titel", 200);
    if !errors.is_empty() {
        let page = start_page(&ctx, &listing, &organisations, &input, &errors);
        return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let request = Start {
        consultation_id: listing.consultation.id.clone(),
        organisation_id: on_behalf,
        author_id: ctx.require_user()?.user.id.clone(),
        content: ReactionContent {
            title,
            ..ReactionContent::default()
        },
    };
    let now = ctx.now;
    let id = state
        .db
        .write(move |conn| ops::reactions::start(conn, &request, now).map_err(AppError::from))
        .await?;
    Ok(see_other_with(
        paths::reaction_edit(&id),
        Notice::DraftCreated,
    ))
}

fn edit_page(
    ctx: &Ctx,
    loaded: &Loaded,
    input: &ReactionInput,
    errors: &FieldErrors,
    problem: Option<&str>,
    message: Option<&str>,
) -> maud::Markup {
    edit_page_with(ctx, loaded, input, errors, problem, message, None)
}

fn edit_page_with(
    ctx: &Ctx,
    loaded: &Loaded,
    input: &ReactionInput,
    errors: &FieldErrors,
    problem: Option<&str>,
    message: Option<&str>,
    conflict: Option<&Conflict>,
) -> maud::Markup {
    views::reactions::edit(
        &ctx.chrome(),
        EditPage {
            listing: &loaded.listing,
            reaction: &loaded.reaction,
            organisation: loaded.organisation.as_ref().map(|o| o.name.as_str()),
            points: &loaded.points,
            attachments: &loaded.attachments,
            input,
            errors,
            problem,
            message,
            conflict,
        },
    )
}

/// The writer's page for anything that can no longer be done to this reaction.
fn refused(ctx: &Ctx, loaded: &Loaded, error: ReactionError) -> HttpResponse {
    let status = match error {
        ReactionError::NotBoard => StatusCode::FORBIDDEN,
        ReactionError::NoConsent => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::CONFLICT,
    };
    html_status(status, show_page(ctx, loaded, None, Some(error.message())))
}

#[derive(Deserialize)]
pub struct EditQuery {
    #[serde(default, deserialize_with = "Notice::deserialize_code")]
    melding: Option<Notice>,
    /// `standpunt` or `scenario`: one more empty row, after a save that asked for it.
    #[serde(default)]
    extra: String,
}

/// A draft its writer may still change; `Err` is the page that says why not.
async fn load_editable(
    state: &AppState,
    ctx: &Ctx,
    id: ReactionId,
) -> Result<Result<Loaded, HttpResponse>, AppError> {
    let loaded = load(state, ctx, id).await?;
    loaded.require_writer()?;
    let (reaction, round) = (loaded.reaction.state(), loaded.consultation_state(ctx.now));
    Ok(match check_save(reaction, round, 0, 0) {
        Ok(()) => Ok(loaded),
        Err(error) => Err(refused(ctx, &loaded, error)),
    })
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    query: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let loaded = match load_editable(&state, &ctx, path.into_inner()).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    let mut input = current_input(&state, &loaded).await?;
    if let Some(row) = ExtraRow::parse(&query.extra) {
        input.add_row(row);
    }
    Ok(html(edit_page(
        &ctx,
        &loaded,
        &input,
        &FieldErrors::default(),
        None,
        query.melding.map(views::notices::text),
    )))
}

pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    Form(input): Form<ReactionInput>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &ctx, path.into_inner()).await?;
    loaded.require_writer()?;
    let row = input.requested_row();
    let saved = match save_typed(&ctx, &state, &loaded, input).await? {
        Ok(saved) => saved,
        Err(page) => return Ok(page),
    };
    let id = &loaded.reaction.id;
    Ok(match row {
        // The draft is saved first, so that the new row never costs what was typed.
        Some(row) => {
            let stored = match row {
                ExtraRow::Position => saved.positions.len(),
                ExtraRow::Scenario => saved.scenarios.len(),
            };
            see_other(&format!(
                "{}?extra={}#{}",
                paths::reaction_edit(id),
                row.as_str(),
                row.anchor(stored + 1)
            ))
        }
        None => see_other_with(paths::reaction_edit(id), Notice::Saved),
    })
}

/// Saves what the writer typed as a new revision (nothing when nothing changed). Every
/// step on the edit page goes through here first, adding a row or an attachment too, so
/// that no step ever throws typed text away. `Err` is the page to show instead: the
/// typed text with what is wrong, or with the conflict.
async fn save_typed(
    ctx: &Ctx,
    state: &AppState,
    loaded: &Loaded,
    mut input: ReactionInput,
) -> Result<Result<ReactionContent, HttpResponse>, AppError> {
    let (started_from, content) = match parse_typed(ctx, loaded, &mut input)? {
        Ok(parsed) => parsed,
        Err(page) => return Ok(Err(page)),
    };
    let request = Save {
        reaction_id: loaded.reaction.id.clone(),
        consultation_id: loaded.listing.consultation.id.clone(),
        started_from,
        based_on: input.based_on.clone(),
        content: content.clone(),
        saved_by: ctx.require_user()?.user.id.clone(),
    };
    let now = ctx.now;
    let saved = state
        .db
        .write(move |conn| ops::reactions::save(conn, &request, now).map_err(AppError::from))
        .await?;
    Ok(match saved {
        Saved::Done => Ok(content),
        Saved::Conflict(theirs) => Err(conflict_page(
            ctx,
            loaded,
            input,
            started_from,
            &theirs,
            &content,
        )),
        Saved::Refused(error) => Err(refused(ctx, loaded, error)),
    })
}

/// The version the writer began at and what they typed, parsed; `Err` is the page that
/// says why it cannot be saved.
fn parse_typed(
    ctx: &Ctx,
    loaded: &Loaded,
    input: &mut ReactionInput,
) -> Result<Result<(i32, ReactionContent), HttpResponse>, AppError> {
    let started_from = match seen_version(ctx, loaded, &input.version)? {
        Ok(version) => version,
        Err(page) => return Ok(Err(page)),
    };
    let point_ids: Vec<DecisionPointId> = loaded.points.iter().map(|p| p.id.clone()).collect();
    Ok(match input.parse(&point_ids) {
        Ok(content) => Ok((started_from, content)),
        Err(errors) => {
            input.add_requested_row();
            let page = edit_page(ctx, loaded, input, &errors, None, None);
            Err(html_status(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
    })
}

/// The edit page after another writer saved first: what differs, and below it the text
/// this writer typed, now based on the other version so that saving again saves over it
/// deliberately.
fn conflict_page(
    ctx: &Ctx,
    loaded: &Loaded,
    mut input: ReactionInput,
    started_from: i32,
    theirs: &Theirs,
    typed: &ReactionContent,
) -> HttpResponse {
    let number =
        |id: &DecisionPointId| loaded.points.iter().find(|p| &p.id == id).map(|p| p.number);
    let conflict = Conflict {
        changes: changed_fields(
            &text_fields(&theirs.content, number),
            &text_fields(typed, number),
        ),
        saved_by: theirs.saved_by.clone(),
        version: theirs.version,
    };
    if input.based_on.is_empty() {
        input.based_on = started_from.to_string();
    }
    input.version = theirs.version.to_string();
    let problem = "Iemand anders heeft deze reactie net opgeslagen. Hieronder ziet u wat verschilt; daaronder staat uw tekst nog. Sla op om uw tekst over de andere heen op te slaan.";
    let errors = FieldErrors::default();
    let page = edit_page_with(
        ctx,
        loaded,
        &input,
        &errors,
        Some(problem),
        None,
        Some(&conflict),
    );
    html_status(StatusCode::CONFLICT, page)
}

/// The version a form says its writer saw, once it is checked that the draft may still
/// change; `Err` is the page that says why not.
fn seen_version(
    ctx: &Ctx,
    loaded: &Loaded,
    typed: &str,
) -> Result<Result<i32, HttpResponse>, AppError> {
    let seen: i32 = typed.trim().parse().map_err(|_| AppError::BadRequest)?;
    Ok(check_save(
        loaded.reaction.state(),
        loaded.consultation_state(ctx.now),
        seen,
        seen,
    )
    .map(|()| seen)
    .map_err(|error| refused(ctx, loaded, error)))
}

pub async fn revisions(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &ctx, path.into_inner()).await?;
    loaded.require_writer()?;
    revisions_page(&ctx, &state, &loaded, StatusCode::OK, None).await
}

async fn revisions_page(
    ctx: &Ctx,
    state: &AppState,
    loaded: &Loaded,
    status: StatusCode,
    problem: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let id = loaded.reaction.id.clone();
    let revisions = state
        .db
        .read(move |conn| reactions::revisions_of(conn, &id).map_err(AppError::from))
        .await?;
    let restorable = check_save(
        loaded.reaction.state(),
        loaded.consultation_state(ctx.now),
        0,
        0,
    )
    .is_ok();
    Ok(html_status(
        status,
        views::reactions::revisions(
            &ctx.chrome(),
            RevisionsPage {
                listing: &loaded.listing,
                reaction: &loaded.reaction,
                points: &loaded.points,
                revisions: &revisions,
                restorable,
                problem,
            },
        ),
    ))
}

/// What "Deze versie terugzetten" sends: the version the writer saw as the newest.
#[derive(Deserialize)]
pub struct RestoreInput {
    #[serde(default)]
    version: String,
}

/// Restores an earlier revision as a new one: history is never rewritten.
pub async fn restore(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ReactionId, i32)>,
    Form(input): Form<RestoreInput>,
) -> Result<HttpResponse, AppError> {
    let (id, restored) = path.into_inner();
    let loaded = load(&state, &ctx, id).await?;
    loaded.require_writer()?;
    let seen = match seen_version(&ctx, &loaded, &input.version)? {
        Ok(version) => version,
        Err(page) => return Ok(page),
    };
    let request = Restore {
        reaction_id: loaded.reaction.id.clone(),
        consultation_id: loaded.listing.consultation.id.clone(),
        restored,
        seen,
        saved_by: ctx.require_user()?.user.id.clone(),
    };
    let now = ctx.now;
    let outcome = state
        .db
        .write(move |conn| ops::reactions::restore(conn, &request, now).map_err(AppError::from))
        .await?;
    match outcome {
        Ok(()) => Ok(see_other_with(
            paths::reaction_edit(&loaded.reaction.id),
            Notice::VersionRestored,
        )),
        Err(ReactionError::Conflict) => {
            let problem = "Iemand anders heeft het concept intussen opgeslagen. Bekijk de nieuwste versie hieronder en kies dan opnieuw welke u wilt terugzetten.";
            let loaded = load(&state, &ctx, loaded.reaction.id.clone()).await?;
            revisions_page(&ctx, &state, &loaded, StatusCode::CONFLICT, Some(problem)).await
        }
        Err(error) => Ok(refused(&ctx, &loaded, error)),
    }
}

fn submit_page(
    ctx: &Ctx,
    loaded: &Loaded,
    errors: &FieldErrors,
    problem: Option<&str>,
) -> maud::Markup {
    let signer = ctx
        .viewer
        .signed_in()
        .map(|s| s.user.display_name.clone())
        .unwrap_or_default();
    views::reactions::submit(
        &ctx.chrome(),
        SubmitPage {
            listing: &loaded.listing,
            content: loaded.body(),
            organisation: loaded.organisation.as_ref().map(|o| o.name.as_str()),
            signer: &signer,
            speaks_for_board: loaded.access.speaks_for_board(),
            errors,
            problem,
        },
    )
}

pub async fn submit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &ctx, path.into_inner()).await?;
    loaded.require_writer()?;
    if loaded.reaction.state() != ReactionState::Draft {
        return Ok(see_other(&paths::reaction_receipt(&loaded.reaction.id)));
    }
    if loaded.consultation_state(ctx.now) != ConsultationState::Open {
        return Ok(refused(&ctx, &loaded, ReactionError::ConsultationClosed));
    }
    Ok(html(submit_page(
        &ctx,
        &loaded,
        &FieldErrors::default(),
        None,
    )))
}

#[derive(Deserialize)]
pub struct SubmitInput {
    #[serde(default)]
    version: String,
    #[serde(default)]
    consent: Option<String>,
}

pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    Form(input): Form<SubmitInput>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &ctx, path.into_inner()).await?;
    loaded.require_writer()?;
    if loaded.reaction.state() == ReactionState::Submitted {
        // A second click: the first one submitted it.
        return Ok(see_other(&paths::reaction_receipt(&loaded.reaction.id)));
    }
    let request = match submittable(&ctx, &state, &loaded, &input).await? {
        Ok(request) => request,
        Err(page) => return Ok(page),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let written = state
        .db
        .write(move |conn| {
            ops::reactions::submit(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await;
    let submitted = match written {
        Err(AppError::Database(error)) if crate::db::is_constraint_violation(&error) => {
            tracing::warn!(%error, "a submission was refused by a database rule");
            return Ok(not_submitted(&ctx, &loaded));
        }
        other => other?,
    };
    if !submitted {
        // Someone saved a newer version meanwhile: let the board member look again.
        return Ok(refused(&ctx, &loaded, ReactionError::Conflict));
    }
    state
        .consultation_pages
        .remove(&loaded.listing.consultation.id);
    Ok(see_other_with(
        paths::reaction_receipt(&loaded.reaction.id),
        Notice::ReactionSubmitted,
    ))
}

/// The submission, if the writer may submit the draft as it is stored with the consent
/// the form sent; `Err` is the page that says what is missing.
async fn submittable(
    ctx: &Ctx,
    state: &AppState,
    loaded: &Loaded,
    input: &SubmitInput,
) -> Result<Result<Submit, HttpResponse>, AppError> {
    let consent = input.consent.as_deref() == Some("1");
    if let Err(error) = check_submit(
        loaded.reaction.state(),
        loaded.consultation_state(ctx.now),
        loaded.access.speaks_for_board(),
        consent,
    ) {
        if error == ReactionError::NoConsent {
            let errors = FieldErrors::single("consent", error.message());
            let page = submit_page(ctx, loaded, &errors, None);
            return Ok(Err(html_status(StatusCode::UNPROCESSABLE_ENTITY, page)));
        }
        return Ok(Err(refused(ctx, loaded, error)));
    }
    if let Some(page) = incomplete(ctx, state, loaded).await? {
        return Ok(Err(page));
    }
    let version: i32 = input
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let user = &ctx.require_user()?.user;
    Ok(Ok(Submit {
        reaction: loaded.reaction.clone(),
        version,
        user_id: user.id.clone(),
        user_name: user.display_name.clone(),
        organisation: loaded.organisation.as_ref().map(|o| o.name.clone()),
    }))
}

/// The submit page with what is missing, if the stored draft is not complete.
async fn incomplete(
    ctx: &Ctx,
    state: &AppState,
    loaded: &Loaded,
) -> Result<Option<HttpResponse>, AppError> {
    let reaction = loaded.reaction.clone();
    let content = state
        .db
        .read(move |conn| reactions::content_of(conn, &reaction).map_err(AppError::from))
        .await?;
    let Err(errors) = content.check_complete() else {
        return Ok(None);
    };
    let problem = "De reactie is nog niet af. Vul in bewerken aan wat hieronder staat.";
    let page = submit_page(ctx, loaded, &errors, Some(problem));
    Ok(Some(html_status(StatusCode::UNPROCESSABLE_ENTITY, page)))
}

/// The submit page after a database rule refused the submission: nothing was submitted.
fn not_submitted(ctx: &Ctx, loaded: &Loaded) -> HttpResponse {
    let problem = "Het indienen is niet gelukt. Er is niets ingediend en uw reactie staat nog precies zo klaar. Probeer het nog eens; lukt het dan weer niet, neem contact op met de griffie.";
    let page = submit_page(ctx, loaded, &FieldErrors::default(), Some(problem));
    html_status(StatusCode::CONFLICT, page)
}

pub async fn receipt(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &ctx, path.into_inner()).await?;
    if !loaded.access.sees_everything() {
        return Err(AppError::Forbidden);
    }
    if loaded.reaction.state() == ReactionState::Draft {
        return Err(AppError::NotFound);
    }
    let submitted_for = loaded.submitted_for();
    Ok(html(views::reactions::receipt(
        &ctx.chrome(),
        ReceiptPage {
            listing: &loaded.listing,
            reaction: &loaded.reaction,
            submitted_for: &submitted_for,
            message: query.text(),
        },
    )))
}

fn show_page(
    ctx: &Ctx,
    loaded: &Loaded,
    message: Option<&str>,
    problem: Option<&str>,
) -> maud::Markup {
    let sender = loaded.sender();
    let submitted_by = if loaded.access.sees_everything() && loaded.organisation.is_some() {
        loaded.reaction.submitted_by_name.as_deref()
    } else {
        None
    };
    let can_withdraw = check_withdraw(
        loaded.reaction.state(),
        loaded.consultation_state(ctx.now),
        loaded.access.speaks_for_board(),
    )
    .is_ok();
    views::reactions::show(
        &ctx.chrome(),
        ShowPage {
            listing: &loaded.listing,
            content: loaded.body(),
            sender: &sender,
            submitted_by,
            writer: loaded.access.is_writer(),
            can_withdraw,
            speaking: speaking_part(loaded, ctx.now),
            answer: loaded.answer,
            message,
            problem,
        },
    )
}

/// For writers: their speaking requests, and the way to ask while registration is open.
fn speaking_part(loaded: &Loaded, now: NaiveDateTime) -> maud::Markup {
    if !loaded.access.is_writer() || loaded.reaction.state() != ReactionState::Submitted {
        return maud::html! {};
    }
    let rules = loaded.listing.council.speaking_rules();
    let open = rules.registration_open(loaded.listing.consultation.meeting_at, now);
    maud::html! {
        (views::speaking::my_requests(&loaded.speaking_requests))
        @if open {
            p class="actions" {
                a class="button button--secondary" href=(paths::reaction_speaking(&loaded.reaction.id)) { "Aanmelden om in te spreken" }
            }
        }
    }
}

/// A reaction's page. Anonymous visitors all get the same page, so when the news sends
/// thousands of them it is made once a second: support counts and discussion counts may
/// then be a second old; withdrawing and answering a reaction drop it at once.
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let shared = ctx.viewer.signed_in().is_none() && query.text().is_none();
    if shared && let Some(page) = state.reaction_pages.get(&id) {
        return Ok(html_bytes(page));
    }
    let loaded = load(&state, &ctx, id.clone()).await?;
    let page = show_page(&ctx, &loaded, query.text(), None);
    if !shared {
        return Ok(html(page));
    }
    let page = web::Bytes::from(page.into_string());
    state.reaction_pages.insert(id, page.clone());
    Ok(html_bytes(page))
}

#[derive(Deserialize)]
pub struct Empty {}

/// A submitted reaction its writer may withdraw; `Err` is the page that says why not.
async fn load_withdrawable(
    state: &AppState,
    ctx: &Ctx,
    id: ReactionId,
) -> Result<Result<Loaded, HttpResponse>, AppError> {
    let loaded = load(state, ctx, id).await?;
    loaded.require_writer()?;
    Ok(
        match check_withdraw(
            loaded.reaction.state(),
            loaded.consultation_state(ctx.now),
            loaded.access.speaks_for_board(),
        ) {
            Ok(()) => Ok(loaded),
            Err(error) => Err(refused(ctx, &loaded, error)),
        },
    )
}

/// "Check before you act": what withdrawing means, with room for a public reason.
pub async fn withdraw_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
) -> Result<HttpResponse, AppError> {
    let loaded = match load_withdrawable(&state, &ctx, path.into_inner()).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    Ok(html(withdraw_page(
        &ctx,
        &loaded,
        &WithdrawInput::default(),
        &FieldErrors::default(),
    )))
}

fn withdraw_page(
    ctx: &Ctx,
    loaded: &Loaded,
    input: &WithdrawInput,
    errors: &FieldErrors,
) -> maud::Markup {
    views::reactions::confirm_withdraw(
        &ctx.chrome(),
        &loaded.listing,
        &loaded.reaction,
        &loaded.sender(),
        input,
        errors,
    )
}

pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    Form(input): Form<WithdrawInput>,
) -> Result<HttpResponse, AppError> {
    let loaded = match load_withdrawable(&state, &ctx, path.into_inner()).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    let reason = match input.parse() {
        Ok(reason) => reason,
        Err(errors) => {
            let page = withdraw_page(&ctx, &loaded, &input, &errors);
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let request = Withdraw {
        reaction: loaded.reaction.clone(),
        by: ctx.require_user()?.user.id.clone(),
        reason,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let withdrawn = state
        .db
        .write(move |conn| {
            ops::reactions::withdraw(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    if !withdrawn {
        return Ok(refused(&ctx, &loaded, ReactionError::NotSubmitted));
    }
    // Its positions' support pages now say it was withdrawn.
    state.support_pages.clear();
    state.reaction_pages.remove(&loaded.reaction.id);
    let consultation = &loaded.listing.consultation.id;
    state.consultation_pages.remove(consultation);
    Ok(see_other_with(
        paths::reaction(&loaded.reaction.id),
        Notice::ReactionWithdrawn,
    ))
}

pub async fn verify(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&state, &ctx, path.into_inner()).await?;
    if loaded.reaction.state() == ReactionState::Draft {
        return Err(AppError::NotFound);
    }
    let reaction = loaded.reaction.clone();
    let (recomputed, logged) = state
        .db
        .read(move |conn| {
            let recomputed = reactions::canonical_hash(conn, &reaction)?;
            let logged = reactions::log_of(conn, &reaction.consultation_id)?
                .into_iter()
                .rfind(|e| {
                    e.reaction_id == reaction.id
                        && matches!(e.event, LogEvent::Submitted | LogEvent::Anonymised)
                })
                .map(|e| (e.content_hash, e.event == LogEvent::Anonymised));
            Ok::<_, AppError>((recomputed, logged))
        })
        .await?;
    Ok(html(views::reactions::verify(
        &ctx.chrome(),
        views::reactions::Verification {
            reaction: &loaded.reaction,
            listing: &loaded.listing,
            recomputed: &recomputed,
            logged: logged.as_ref().map(|(hash, _)| hash.as_str()),
            anonymised: logged.as_ref().is_some_and(|(_, anonymised)| *anonymised),
        },
    )))
}

pub async fn log(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let (listing, _) = public_consultation(&state, &ctx, path.into_inner()).await?;
    let consultation_id = listing.consultation.id.clone();
    let (entries, checks) = state
        .db
        .read(move |conn| checked_log(conn, &consultation_id))
        .await?;
    let lines: Vec<LogLine<'_>> = entries
        .iter()
        .zip(&checks)
        .map(|(entry, (number, intact))| LogLine {
            entry,
            number,
            intact: *intact,
        })
        .collect();
    let intact = checks.iter().all(|(_, ok)| *ok);
    Ok(html(views::reactions::log(
        &ctx.chrome(),
        &listing,
        &lines,
        intact,
    )))
}

/// A log entry's reaction number, and whether the entry is intact.
type EntryCheck = (String, bool);

/// The submission log of a consultation, each entry with its reaction's number and
/// whether it is intact: its content still hashes to what it recorded, and it links
/// to the entry before it.
fn checked_log(
    conn: &mut DbConn,
    consultation_id: &ConsultationId,
) -> Result<(Vec<reactions::LogEntry>, Vec<EntryCheck>), AppError> {
    let entries = reactions::log_of(conn, consultation_id)?;
    let mut checks = Vec::with_capacity(entries.len());
    let mut previous = crate::domain::reaction::GENESIS_HASH.to_owned();
    for (index, entry) in entries.iter().enumerate() {
        let reaction = reactions::find_reaction(conn, &entry.reaction_id)?;
        let anonymised_later = entries[index + 1..]
            .iter()
            .any(|e| e.reaction_id == entry.reaction_id && e.event == LogEvent::Anonymised);
        let content_matches = match (&reaction, content_check(entry.event, anonymised_later)) {
            (Some(reaction), ContentCheck::Recompute) => {
                reactions::canonical_hash(conn, reaction)? == entry.content_hash
            }
            (Some(reaction), ContentCheck::StoredHash) => {
                reaction.content_hash.as_deref() == Some(entry.content_hash.as_str())
            }
            (Some(_), ContentCheck::ChainOnly) => true,
            (None, _) => false,
        };
        let recomputed = log_entry_hash(
            &entry.previous_hash,
            entry.sequence,
            entry.event,
            &entry.reaction_id,
            &entry.content_hash,
            entry.recorded_at,
        );
        let intact =
            content_matches && entry.previous_hash == previous && recomputed == entry.entry_hash;
        previous = entry.entry_hash.clone();
        let number = reaction
            .and_then(|r| r.submission_number)
            .unwrap_or_default();
        checks.push((number, intact));
    }
    Ok((entries, checks))
}

/// Reads the PDF of an upload form.
/// The text fields and the checked PDF of the edit form, as sent by "Bijlage toevoegen".
async fn read_pdf(
    req: &HttpRequest,
    multipart: Multipart,
) -> Result<
    (
        Vec<(String, String)>,
        Result<(String, Vec<u8>), AttachmentError>,
    ),
    AppError,
> {
    let form = upload::read_form(req, multipart, MAX_ATTACHMENT_BYTES).await?;
    let file = match form.file {
        Ok(file) => {
            check_pdf(&file.content).map(|()| (clean_filename(&file.filename), file.content))
        }
        Err(upload::TooLarge) => Err(AttachmentError::TooLarge),
    };
    Ok((form.fields, file))
}

async fn current_input(state: &AppState, loaded: &Loaded) -> Result<ReactionInput, AppError> {
    let reaction = loaded.reaction.clone();
    let content = state
        .db
        .read(move |conn| reactions::content_of(conn, &reaction).map_err(AppError::from))
        .await?;
    Ok(ReactionInput::from_content(
        &content,
        loaded.reaction.version,
    ))
}

/// The reaction as typed on the edit page that sent `fields`; `None` when they are not
/// the edit page's (a form with only the file).
fn typed(fields: &[(String, String)]) -> Result<Option<ReactionInput>, AppError> {
    if !fields.iter().any(|(name, _)| name == "version") {
        return Ok(None);
    }
    let encoded = serde_html_form::to_string(fields).map_err(|_| AppError::BadRequest)?;
    serde_html_form::from_str(&encoded)
        .map(Some)
        .map_err(|_| AppError::BadRequest)
}

/// Saves the text typed on the edit page (when it came along), then the state of the
/// reaction to show next: the typed text wins over the stored one only until it is saved.
async fn save_first(
    ctx: &Ctx,
    state: &AppState,
    loaded: Loaded,
    typed: Option<ReactionInput>,
) -> Result<Result<Loaded, HttpResponse>, AppError> {
    let Some(input) = typed else {
        return Ok(Ok(loaded));
    };
    if let Err(page) = save_typed(ctx, state, &loaded, input).await? {
        return Ok(Err(page));
    }
    // Reloaded, so that a refusal of the file shows the text as it is now stored.
    Ok(Ok(load(state, ctx, loaded.reaction.id.clone()).await?))
}

pub async fn upload(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<ReactionId>,
    multipart: Multipart,
) -> Result<HttpResponse, AppError> {
    let (fields, upload) = read_pdf(&req, multipart).await?;
    let loaded = match load_editable(&state, &ctx, path.into_inner()).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    let loaded = match save_first(&ctx, &state, loaded, typed(&fields)?).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    let (filename, content) = match upload {
        Ok(file) => file,
        Err(error) => return refused_file(&ctx, &state, &loaded, error).await,
    };
    let request = Attach {
        reaction_id: loaded.reaction.id.clone(),
        consultation_id: loaded.listing.consultation.id.clone(),
        filename,
        content,
        uploaded_by: ctx.require_user()?.user.id.clone(),
    };
    let now = ctx.now;
    let stored = state
        .db
        .write(move |conn| ops::reactions::attach(conn, &request, now).map_err(AppError::from))
        .await?;
    if !stored {
        return refused_file(&ctx, &state, &loaded, AttachmentError::TooMany).await;
    }
    Ok(see_other_with(
        format!("{}#bijlagen", paths::reaction_edit(&loaded.reaction.id)),
        Notice::AttachmentAdded,
    ))
}

/// The edit page with the stored text and why the file was not added.
async fn refused_file(
    ctx: &Ctx,
    state: &AppState,
    loaded: &Loaded,
    error: AttachmentError,
) -> Result<HttpResponse, AppError> {
    let input = current_input(state, loaded).await?;
    let errors = FieldErrors::single("file", error.message());
    let page = edit_page(ctx, loaded, &input, &errors, None, None);
    Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page))
}

pub async fn remove_attachment(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ReactionId, AttachmentId)>,
    Form(input): Form<ReactionInput>,
) -> Result<HttpResponse, AppError> {
    let (id, attachment) = path.into_inner();
    let loaded = match load_editable(&state, &ctx, id).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    // The button sends the whole edit page: what was typed is saved first.
    let typed = (!input.version.is_empty()).then_some(input);
    let loaded = match save_first(&ctx, &state, loaded, typed).await? {
        Ok(loaded) => loaded,
        Err(page) => return Ok(page),
    };
    let (id, consultation_id) = (
        loaded.reaction.id.clone(),
        loaded.listing.consultation.id.clone(),
    );
    let now = ctx.now;
    let removed = state
        .db
        .write(move |conn| {
            ops::reactions::remove_attachment(conn, &consultation_id, &id, &attachment, now)
                .map_err(AppError::from)
        })
        .await?;
    if !removed {
        return Err(AppError::NotFound);
    }
    Ok(see_other_with(
        format!("{}#bijlagen", paths::reaction_edit(&loaded.reaction.id)),
        Notice::AttachmentRemoved,
    ))
}

/// A PDF as an attachment download; a draft's files only for its writers.
pub async fn download(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<AttachmentId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (attachment, content) = state
        .db
        .read(move |conn| reactions::attachment_content(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    // Loading the reaction applies its visibility: a draft is not found for others.
    load(&state, &ctx, attachment.reaction_id.clone()).await?;
    let ascii: String = attachment
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        views::url_encode(&attachment.filename)
    );
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, disposition))
        .insert_header((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .body(content))
}

/// The public positions on one beslispunt.
pub async fn decision_point(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, number) = path.into_inner();
    let (listing, points) = public_consultation(&state, &ctx, id).await?;
    let point = points
        .into_iter()
        .find(|p| p.number == number)
        .ok_or(AppError::NotFound)?;
    let consultation_id = listing.consultation.id.clone();
    let (listings, positions) = state
        .db
        .read(move |conn| {
            Ok::<_, AppError>((
                reactions::public_reactions(conn, &consultation_id)?,
                reactions::public_positions(conn, &consultation_id)?,
            ))
        })
        .await?;
    let on_point: Vec<(reactions::Position, &reactions::ReactionListing)> = positions
        .into_iter()
        .filter(|position| position.decision_point_id.as_ref() == Some(&point.id))
        .filter_map(|position| {
            listings
                .iter()
                .find(|l| l.reaction.id == position.reaction_id)
                .map(|listing| (position, listing))
        })
        .collect();
    Ok(html(views::reactions::decision_point_page(
        &ctx.chrome(),
        &listing,
        &point,
        &on_point,
    )))
}
