//! The nota van beantwoording: the public pages and PDF, the writers' desk (clerks and
//! the civil servants they name), and the clerk's record of what the raad decided.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::answers;
use crate::db::consultations::{self, ConsultationListing, DecisionPoint};
use crate::db::notifications;
use crate::domain::account::EmailAddress;
use crate::domain::answer::{
    AnswerDocument, AnswerError, AnswerNote, GroupInput, NoteInput, NoteState, OutcomeInput,
    PointOutcome, ProcedureFacts, check_answerable, check_decision_recordable, default_procedure,
    writable_draft,
};
use crate::domain::id::{AnswerGroupId, ConsultationId, DecisionPointId, UserId};
use crate::domain::permission::can_view_consultation;
use crate::domain::time::long_date;
use crate::domain::validation::FieldErrors;
use crate::mail::notify;
use crate::ops;
use crate::ops::answers::{Granted, GroupSaved, NoteEdit, Published, Saved};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::answers::Desk;

pub fn routes(cfg: &mut web::ServiceConfig) {
    const DESK: &str = "/griffie/consultaties/{id}/beantwoording";
    cfg.route(
        "/consultaties/{id}/beantwoording",
        web::get().to(public_note),
    )
    .route(
        "/consultaties/{id}/beantwoording/versie/{version}",
        web::get().to(public_version),
    )
    .route(
        "/consultaties/{id}/beantwoording/versie/{version}/nota-van-beantwoording.pdf",
        web::get().to(pdf),
    )
    .route(DESK, web::get().to(desk_page))
    .route(DESK, web::post().to(save_note))
    .route(
        "/griffie/consultaties/{id}/beantwoording/nieuwe-versie",
        web::post().to(start_version),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/publiceren",
        web::get().to(publish_form),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/publiceren",
        web::post().to(publish),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/antwoorden/nieuw",
        web::get().to(new_group_form),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/antwoorden",
        web::post().to(create_group),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/antwoorden/{group}",
        web::get().to(edit_group_form),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/antwoorden/{group}",
        web::post().to(update_group),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/antwoorden/{group}/verwijderen",
        web::post().to(delete_group),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/schrijvers",
        web::post().to(grant_writer),
    )
    .route(
        "/griffie/consultaties/{id}/beantwoording/schrijvers/{user}/verwijderen",
        web::post().to(revoke_writer),
    )
    .route(
        "/griffie/consultaties/{id}/besluit",
        web::get().to(outcome_form),
    )
    .route(
        "/griffie/consultaties/{id}/besluit",
        web::post().to(save_outcome),
    );
}

/// A published version for everyone who may see the consultation.
async fn published_document(
    ctx: &Ctx,
    state: &AppState,
    id: ConsultationId,
    version: Option<i32>,
) -> Result<
    (
        ConsultationListing,
        AnswerDocument,
        Vec<answers::VersionListing>,
    ),
    AppError,
> {
    let url = state.config.url(&paths::consultation(&id));
    let (listing, note, outcomes, versions, opened_at) = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let note = answers::published(conn, &id, version)?.ok_or(AppError::NotFound)?;
            let outcomes = answers::outcomes(conn, &id)?;
            let versions = answers::versions(conn, &id)?;
            let opened_at = notifications::opened_at(conn, &id)?;
            Ok::<_, AppError>((listing, note, outcomes, versions, opened_at))
        })
        .await?;
    let actor = ctx.viewer.actor();
    let consultation = &listing.consultation;
    if !can_view_consultation(actor, &listing.council.id, consultation.state_at(ctx.now)) {
        return Err(AppError::NotFound);
    }
    let document = AnswerDocument {
        council: listing.council.name.clone(),
        committee: listing.committee.name.clone(),
        consultation_title: consultation.title.clone(),
        policy_version: consultation.policy_version.clone(),
        url,
        opened_at: opened_at.unwrap_or(consultation.created_at),
        deadline_at: consultation.deadline_at,
        note,
        outcomes,
    };
    let versions = versions
        .into_iter()
        .filter(|v| v.state == NoteState::Published)
        .collect();
    Ok((listing, document, versions))
}

pub async fn public_note(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let (listing, document, versions) =
        published_document(&ctx, &state, path.into_inner(), None).await?;
    Ok(html(views::answers::public_note(
        &ctx.chrome(),
        &listing,
        &document,
        &versions,
    )))
}

pub async fn public_version(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, version) = path.into_inner();
    let (listing, document, versions) = published_document(&ctx, &state, id, Some(version)).await?;
    Ok(html(views::answers::public_note(
        &ctx.chrome(),
        &listing,
        &document,
        &versions,
    )))
}

/// The PDF/A of a published version, made on a blocking thread (a long nota takes a
/// moment of CPU). A published version never changes, so browsers may keep it.
pub async fn pdf(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, version) = path.into_inner();
    let (listing, document, _) = published_document(&ctx, &state, id, Some(version)).await?;
    let bytes = tokio::task::spawn_blocking(move || crate::export::pdf::answer_note(&document))
        .await
        .map_err(|_| AppError::Database(crate::db::DbError::Cancelled))?
        .map_err(|error| AppError::Export(error.into()))?;
    let filename = format!(
        "{}-nota-van-beantwoording-versie-{version}.pdf",
        crate::domain::export::file_stem(&listing.consultation.title)
    );
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            crate::domain::export::attachment_header(&filename),
        ))
        .body(bytes))
}

async fn desk(ctx: &Ctx, state: &AppState, id: ConsultationId) -> Result<Desk, AppError> {
    let actor = ctx.require_actor()?.clone();
    let user_id = actor.user_id.clone();
    let (listing, named, points, note, reactions, revisions, writers, opened_at) = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let named = answers::is_writer(conn, &id, &user_id)?;
            let points = consultations::decision_points_of(conn, &id)?;
            let note = answers::latest(conn, &id)?;
            let reactions = answers::answerable(conn, &id)?;
            let revisions = match &note {
                Some(note) => answers::revisions(conn, &note.id)?,
                None => Vec::new(),
            };
            let writers = answers::writers(conn, &id)?;
            let opened_at = notifications::opened_at(conn, &id)?;
            Ok::<_, AppError>((
                listing, named, points, note, reactions, revisions, writers, opened_at,
            ))
        })
        .await?;
    let council = &listing.council.id;
    if !actor.writes_answers(council, named) {
        return Err(AppError::Forbidden);
    }
    check_answerable(listing.consultation.state_at(ctx.now))?;
    Ok(Desk {
        is_clerk: actor.can_manage_council(council),
        opened_at: opened_at.unwrap_or(listing.consultation.created_at),
        listing,
        points,
        note,
        reactions,
        revisions,
        writers,
        user_id: actor.user_id,
    })
}

/// Back to the desk, telling the clerk what happened.
fn back_to_desk(desk: &Desk, notice: Notice) -> HttpResponse {
    see_other_with(paths::answer_desk(&desk.listing.consultation.id), notice)
}

/// The draft being written, or a 409 page when there is none (published, or not begun).
fn draft(desk: &Desk) -> Result<&AnswerNote, AppError> {
    Ok(writable_draft(desk.note.as_ref())?)
}

pub async fn desk_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    let input = desk.note.as_ref().map(note_input).unwrap_or_default();
    Ok(html(views::answers::desk(
        &ctx.chrome(),
        &desk,
        &input,
        &FieldErrors::default(),
        "",
        query.text(),
    )))
}

fn note_input(note: &AnswerNote) -> NoteInput {
    NoteInput {
        procedure: note.procedure.clone(),
        change: note.changes.iter().map(|c| c.change.clone()).collect(),
        revision: note.revision,
    }
}

pub async fn save_note(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(input): Form<NoteInput>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    let note = draft(&desk)?;
    let (procedure, changes) = match input.parse(desk.points.len()) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return Ok(desk_again(
                &ctx,
                &desk,
                &input,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let changes: Vec<(DecisionPointId, String)> = desk
        .points
        .iter()
        .map(|p| p.id.clone())
        .zip(changes)
        .collect();
    let edit = NoteEdit {
        note_id: note.id.clone(),
        revision: input.revision,
        procedure,
        changes,
        writer_id: desk.user_id.clone(),
    };
    let now = ctx.now;
    let saved = state
        .db
        .write(move |conn| ops::answers::save_note(conn, &edit, now).map_err(AppError::from))
        .await?;
    match saved {
        Saved::Done => Ok(back_to_desk(&desk, Notice::Saved)),
        Saved::Stale => {
            let errors = FieldErrors::single("procedure", AnswerError::Conflict.message());
            let input = NoteInput {
                revision: note.revision,
                ..input
            };
            Ok(desk_again(
                &ctx,
                &desk,
                &input,
                &errors,
                StatusCode::CONFLICT,
            ))
        }
    }
}

/// The desk with the typed text and what is wrong with it; 422, or 409 for a conflict.
fn desk_again(
    ctx: &Ctx,
    desk: &Desk,
    input: &NoteInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> HttpResponse {
    html_status(
        status,
        views::answers::desk(&ctx.chrome(), desk, input, errors, "", None),
    )
}

/// Begins the first version, or a new version as a copy of the published one.
pub async fn start_version(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    _form: Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    let listing = &desk.listing;
    let opened_on = long_date(desk.opened_at);
    let procedure = default_procedure(&ProcedureFacts {
        council: &listing.council.name,
        committee: &listing.committee.name,
        opened_on: &opened_on,
        closed_on: &long_date(listing.consultation.deadline_at),
        reactions: &desk.reactions,
    });
    let (id, writer, now) = (
        listing.consultation.id.clone(),
        desk.user_id.clone(),
        ctx.now,
    );
    state
        .db
        .write(move |conn| {
            ops::answers::start_version(conn, &id, &procedure, &writer, now).map_err(AppError::from)
        })
        .await?;
    Ok(back_to_desk(&desk, Notice::AnswerNoteDrafted))
}

#[derive(Debug, Deserialize)]
pub struct RevisionForm {
    #[serde(default)]
    revision: i32,
}

/// Publishes the draft: from now on it cannot change, and every indiener (and every
/// co-signer who asked) is mailed once, in the same transaction.
/// "Check before you act": the public page as it will be, and the mails publishing sends.
pub async fn publish_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    let note = draft(&desk)?.clone();
    let (listing, mail_context) = (desk.listing.clone(), state.mail.clone());
    let (outcomes, pending) = {
        let note = note.clone();
        state
            .db
            .read(move |conn| {
                let outcomes = answers::outcomes(conn, &listing.consultation.id)?;
                let pending = notify::pending_answer_mails(conn, &mail_context, &listing, &note)?;
                Ok::<_, AppError>((outcomes, pending))
            })
            .await?
    };
    let consultation = &desk.listing.consultation;
    let document = AnswerDocument {
        council: desk.listing.council.name.clone(),
        committee: desk.listing.committee.name.clone(),
        consultation_title: consultation.title.clone(),
        policy_version: consultation.policy_version.clone(),
        url: state.config.url(&paths::consultation(&consultation.id)),
        opened_at: desk.opened_at,
        deadline_at: consultation.deadline_at,
        note,
        outcomes,
    };
    let mails = views::answers::PublishMails {
        count: pending.len(),
        sample: pending
            .first()
            .map(|m| (m.subject.clone(), m.body_text.clone())),
    };
    Ok(html(views::answers::confirm_publish(
        &ctx.chrome(),
        &desk,
        &document,
        &mails,
    )))
}

pub async fn publish(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(form): Form<RevisionForm>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    let note_id = draft(&desk)?.id.clone();
    let (listing, mail, writer) = (
        desk.listing.clone(),
        state.mail.clone(),
        desk.user_id.clone(),
    );
    let now = ctx.now;
    let published = state
        .db
        .write(move |conn| {
            ops::answers::publish(conn, &mail, &listing, &note_id, form.revision, &writer, now)
                .map_err(AppError::from)
        })
        .await?;
    match published {
        Published::Mailed(queued) => {
            let id = &desk.listing.consultation.id;
            state.consultation_pages.remove(id);
            state.overviews.remove(id);
            // Every answered reaction now says "Beantwoord".
            state.reaction_pages.clear();
            // A later version mails no one who heard of an earlier one: say so, as the
            // preview did.
            let notice = if queued == 0 {
                Notice::AnswerNotePublishedWithoutMail
            } else {
                Notice::AnswerNotePublished
            };
            Ok(back_to_desk(&desk, notice))
        }
        Published::Refused(error) => {
            let input = desk.note.as_ref().map(note_input).unwrap_or_default();
            let errors = FieldErrors::single("publish", error.message());
            Ok(html_status(
                StatusCode::CONFLICT,
                views::answers::desk(&ctx.chrome(), &desk, &input, &errors, "", None),
            ))
        }
    }
}

pub async fn new_group_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    let note = draft(&desk)?;
    let input = GroupInput {
        revision: note.revision,
        ..GroupInput::default()
    };
    Ok(html(views::answers::group_form(
        &ctx.chrome(),
        &desk,
        None,
        &input,
        &FieldErrors::default(),
    )))
}

pub async fn edit_group_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, AnswerGroupId)>,
) -> Result<HttpResponse, AppError> {
    let (id, group_id) = path.into_inner();
    let desk = desk(&ctx, &state, id).await?;
    let note = draft(&desk)?;
    let group = note
        .groups
        .iter()
        .find(|g| g.id == group_id)
        .ok_or(AppError::NotFound)?;
    let input = GroupInput::of(group, note.revision);
    Ok(html(views::answers::group_form(
        &ctx.chrome(),
        &desk,
        Some(group),
        &input,
        &FieldErrors::default(),
    )))
}

pub async fn create_group(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(input): Form<GroupInput>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    save_group(&ctx, &state, &desk, None, input).await
}

pub async fn update_group(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, AnswerGroupId)>,
    Form(input): Form<GroupInput>,
) -> Result<HttpResponse, AppError> {
    let (id, group_id) = path.into_inner();
    let desk = desk(&ctx, &state, id).await?;
    save_group(&ctx, &state, &desk, Some(group_id), input).await
}

async fn save_group(
    ctx: &Ctx,
    state: &AppState,
    desk: &Desk,
    group_id: Option<AnswerGroupId>,
    input: GroupInput,
) -> Result<HttpResponse, AppError> {
    let note = draft(desk)?;
    let group = match &group_id {
        Some(id) => Some(
            note.groups
                .iter()
                .find(|g| &g.id == id)
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let (note_id, writer, typed) = (note.id.clone(), desk.user_id.clone(), input.clone());
    let now = ctx.now;
    let saved = state
        .db
        .write(move |conn| {
            ops::answers::save_group(conn, &note_id, group_id.as_ref(), &typed, &writer, now)
                .map_err(AppError::from)
        })
        .await?;
    let (status, errors, input) = match saved {
        GroupSaved::Done => return Ok(back_to_desk(desk, Notice::AnswerSaved)),
        GroupSaved::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, input),
        GroupSaved::Stale => (
            StatusCode::CONFLICT,
            FieldErrors::single("summary", AnswerError::Conflict.message()),
            GroupInput {
                revision: note.revision,
                ..input
            },
        ),
    };
    Ok(html_status(
        status,
        views::answers::group_form(&ctx.chrome(), desk, group, &input, &errors),
    ))
}

pub async fn delete_group(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, AnswerGroupId)>,
    Form(form): Form<RevisionForm>,
) -> Result<HttpResponse, AppError> {
    let (id, group_id) = path.into_inner();
    let desk = desk(&ctx, &state, id).await?;
    let (note_id, writer, now) = (draft(&desk)?.id.clone(), desk.user_id.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::answers::delete_group(conn, &note_id, &group_id, form.revision, &writer, now)
                .map_err(AppError::from)
        })
        .await?;
    Ok(back_to_desk(&desk, Notice::AnswerDeleted))
}

#[derive(Debug, Deserialize)]
pub struct WriterForm {
    #[serde(default)]
    email: String,
}

/// A clerk names a civil servant (who has an account) as a writer of this nota.
pub async fn grant_writer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(form): Form<WriterForm>,
) -> Result<HttpResponse, AppError> {
    let desk = desk(&ctx, &state, path.into_inner()).await?;
    if !desk.is_clerk {
        return Err(AppError::Forbidden);
    }
    let unknown = || {
        FieldErrors::single(
            "writer-email",
            "Er is geen account met dit e-mailadres. Vraag de ambtenaar eerst een account te maken.",
        )
    };
    let Ok(email) = EmailAddress::parse(&form.email) else {
        return Ok(writer_again(&ctx, &desk, &form, unknown()));
    };
    let (id, clerk, now) = (
        desk.listing.consultation.id.clone(),
        desk.user_id.clone(),
        ctx.now,
    );
    let granted = state
        .db
        .write(move |conn| {
            ops::answers::grant_writer(conn, &id, &email, &clerk, now).map_err(AppError::from)
        })
        .await?;
    match granted {
        Granted::Named => Ok(back_to_desk(&desk, Notice::WriterAdded)),
        Granted::NoAccount => Ok(writer_again(&ctx, &desk, &form, unknown())),
    }
}

fn writer_again(ctx: &Ctx, desk: &Desk, form: &WriterForm, errors: FieldErrors) -> HttpResponse {
    let input = desk.note.as_ref().map(note_input).unwrap_or_default();
    html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::answers::desk(&ctx.chrome(), desk, &input, &errors, &form.email, None),
    )
}

pub async fn revoke_writer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(ConsultationId, UserId)>,
    _form: Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (id, user) = path.into_inner();
    let desk = desk(&ctx, &state, id).await?;
    if !desk.is_clerk {
        return Err(AppError::Forbidden);
    }
    let id = desk.listing.consultation.id.clone();
    state
        .db
        .write(move |conn| ops::answers::revoke_writer(conn, &id, &user).map_err(AppError::from))
        .await?;
    Ok(back_to_desk(&desk, Notice::WriterRemoved))
}

/// The clerk's page for what the committee or the raad decided.
struct OutcomeDesk {
    listing: ConsultationListing,
    points: Vec<DecisionPoint>,
    outcomes: Vec<PointOutcome>,
}

impl OutcomeDesk {
    /// The decision form again, with what was typed and why it was not saved.
    fn form(
        &self,
        ctx: &Ctx,
        input: &OutcomeInput,
        errors: &FieldErrors,
        problem: Option<&str>,
    ) -> maud::Markup {
        views::answers::outcome_form(
            &ctx.chrome(),
            &self.listing,
            &self.points,
            input,
            errors,
            views::answers::OutcomeNotes {
                recorded_before: !self.outcomes.is_empty(),
                message: None,
                problem,
            },
        )
    }
}

async fn outcome_desk(
    ctx: &Ctx,
    state: &AppState,
    id: ConsultationId,
) -> Result<OutcomeDesk, AppError> {
    let actor = ctx.require_actor()?.clone();
    let (listing, points, outcomes) = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let points = consultations::decision_points_of(conn, &id)?;
            let outcomes = answers::outcomes(conn, &id)?;
            Ok::<_, AppError>((listing, points, outcomes))
        })
        .await?;
    if !actor.can_manage_council(&listing.council.id) {
        return Err(AppError::Forbidden);
    }
    check_answerable(listing.consultation.state_at(ctx.now))?;
    Ok(OutcomeDesk {
        listing,
        points,
        outcomes,
    })
}

pub async fn outcome_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let desk = outcome_desk(&ctx, &state, path.into_inner()).await?;
    let of = |point: &DecisionPoint| {
        desk.outcomes
            .iter()
            .find(|o| o.decision_point_id == point.id)
    };
    let input = OutcomeInput {
        outcome: desk
            .points
            .iter()
            .map(|p| {
                of(p)
                    .map(|o| o.outcome.as_str().to_owned())
                    .unwrap_or_default()
            })
            .collect(),
        decision_url: desk
            .points
            .iter()
            .map(|p| {
                of(p)
                    .and_then(|o| o.decision_url.clone())
                    .unwrap_or_default()
            })
            .collect(),
        explanation: desk
            .points
            .iter()
            .map(|p| of(p).map(|o| o.explanation.clone()).unwrap_or_default())
            .collect(),
        confirmed: String::new(),
    };
    let early = check_decision_recordable(desk.listing.consultation.meeting_at, ctx.now)
        .err()
        .map(|e| e.message());
    Ok(html(views::answers::outcome_form(
        &ctx.chrome(),
        &desk.listing,
        &desk.points,
        &input,
        &FieldErrors::default(),
        views::answers::OutcomeNotes {
            recorded_before: !desk.outcomes.is_empty(),
            message: query.text(),
            problem: early.as_deref(),
        },
    )))
}

/// Records the decisions; the first time, indieners and co-signers who asked hear of it.
pub async fn save_outcome(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(input): Form<OutcomeInput>,
) -> Result<HttpResponse, AppError> {
    let desk = outcome_desk(&ctx, &state, path.into_inner()).await?;
    if let Err(early) = check_decision_recordable(desk.listing.consultation.meeting_at, ctx.now) {
        let (errors, message) = (FieldErrors::default(), early.message());
        let refused = desk.form(&ctx, &input, &errors, Some(&message));
        return Ok(html_status(StatusCode::CONFLICT, refused));
    }
    let drafts = match input.parse(desk.points.len()) {
        Ok(drafts) => drafts,
        Err(errors) => {
            let again = desk.form(&ctx, &input, &errors, None);
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, again));
        }
    };
    if desk.outcomes.is_empty() && !input.is_confirmed() {
        // The first recording mails everyone: the clerk sees it before it happens.
        return confirm_first_outcome(&ctx, &state, &desk, &input, &drafts).await;
    }
    let clerk = ctx.require_user()?.user.id.clone();
    let points: Vec<DecisionPointId> = desk.points.iter().map(|p| p.id.clone()).collect();
    let (listing, mail, now) = (desk.listing.clone(), state.mail.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::answers::record_outcomes(conn, &mail, &listing, &points, &drafts, &clerk, now)
                .map_err(AppError::from)
        })
        .await?;
    let id = &desk.listing.consultation.id;
    state.consultation_pages.remove(id);
    state.overviews.remove(id);
    Ok(see_other_with(
        paths::council_decision(id),
        Notice::DecisionSaved,
    ))
}

/// The confirmation page before the first recording, with how many people it mails.
async fn confirm_first_outcome(
    ctx: &Ctx,
    state: &AppState,
    desk: &OutcomeDesk,
    input: &OutcomeInput,
    drafts: &[crate::domain::answer::OutcomeDraft],
) -> Result<HttpResponse, AppError> {
    let id = desk.listing.consultation.id.clone();
    let recipients = state
        .db
        .read(move |conn| Ok::<_, AppError>(answers::outcome_recipients(conn, &id)?.len()))
        .await?;
    Ok(html(views::answers::confirm_outcome(
        &ctx.chrome(),
        &desk.listing,
        &desk.points,
        input,
        drafts,
        recipients,
    )))
}
