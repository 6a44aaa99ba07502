//! The griffie's work: consultations and committees of the councils a clerk works for.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::consultations::{self, ConsultationListing, DecisionPoint};
use crate::db::councils::{self, Committee, Council};
use crate::domain::consultation::{
    ConsultationInput, DEADLINE_IN_THE_PAST, TransitionError, deadline_ahead,
};
use crate::domain::council::{CommitteeInput, CommitteeMemberInput};
use crate::domain::id::{CommitteeId, CommitteeMemberId, ConsultationId, CouncilId};
use crate::domain::permission::Actor;
use crate::domain::receipt;
use crate::domain::time::{input_date, input_time};
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::griffie::{Archived, DetailsEdit, DetailsSaved, Opened};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::griffie::{CommitteePage, FormMode, Shortening};

/// The griffie's pages: consultations from concept to archive, and committees.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/griffie", web::get().to(dashboard))
        .route("/griffie/consultaties/{id}", web::get().to(manage))
        .route(
            "/griffie/consultaties/{id}/bewerken",
            web::get().to(edit_form),
        )
        .route(
            "/griffie/consultaties/{id}/bewerken",
            web::post().to(update),
        )
        .route(
            "/griffie/consultaties/{id}/openen",
            web::get().to(open_form),
        )
        .route("/griffie/consultaties/{id}/openen", web::post().to(open))
        .route(
            "/griffie/consultaties/{id}/archiveren",
            web::get().to(archive_form),
        )
        .route(
            "/griffie/consultaties/{id}/archiveren",
            web::post().to(archive),
        )
        .route("/griffie/commissies/{id}", web::get().to(committee))
        .route("/griffie/commissies/{id}", web::post().to(update_committee))
        .route("/griffie/commissies/{id}/leden", web::post().to(add_member))
        .route(
            "/griffie/commissies/{id}/leden/{member}/verwijderen",
            web::post().to(remove_member),
        )
        .route(
            "/griffie/{council}/consultaties/nieuw",
            web::get().to(new_form),
        )
        .route("/griffie/{council}/consultaties", web::post().to(create))
        .route("/griffie/{council}/commissies", web::get().to(committees))
        .route(
            "/griffie/{council}/commissies",
            web::post().to(create_committee),
        );
}

pub async fn dashboard(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?.clone();
    if !actor.works_for_griffie() {
        return Err(AppError::Forbidden);
    }
    let (councils, listings) = state
        .db
        .read(move |conn| {
            let councils: Vec<Council> = councils::all_councils(conn)?
                .into_iter()
                .filter(|c| actor.can_manage_council(&c.id))
                .collect();
            let ids: Vec<CouncilId> = councils.iter().map(|c| c.id.clone()).collect();
            let listings = consultations::consultations_of_councils(conn, &ids)?;
            Ok::<_, AppError>((councils, listings))
        })
        .await?;
    Ok(html(views::griffie::dashboard(
        &ctx.chrome(),
        &councils,
        &listings,
        ctx.now,
        query.text(),
    )))
}

/// A council by slug with its committees, if `actor` may manage it.
async fn council_for(
    state: &AppState,
    slug: String,
    actor: &Actor,
) -> Result<(Council, Vec<Committee>), AppError> {
    let (council, committees) = state
        .db
        .read(move |conn| {
            let council = councils::find_council_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            let committees = councils::committees_of(conn, &council.id)?;
            Ok::<_, AppError>((council, committees))
        })
        .await?;
    if !actor.can_manage_council(&council.id) {
        return Err(AppError::Forbidden);
    }
    Ok((council, committees))
}

/// A consultation with its beslispunten and its council's committees, if `actor` may manage it.
async fn consultation_for(
    state: &AppState,
    id: ConsultationId,
    actor: &Actor,
) -> Result<(ConsultationListing, Vec<DecisionPoint>, Vec<Committee>), AppError> {
    let found = state
        .db
        .read(move |conn| {
            let listing = consultations::find_consultation(conn, &id)?.ok_or(AppError::NotFound)?;
            let points = consultations::decision_points_of(conn, &id)?;
            let committees = councils::committees_of(conn, &listing.council.id)?;
            Ok::<_, AppError>((listing, points, committees))
        })
        .await?;
    if !actor.can_manage_council(&found.0.council.id) {
        return Err(AppError::Forbidden);
    }
    Ok(found)
}

fn committee_ids(committees: &[Committee]) -> Vec<CommitteeId> {
    committees.iter().map(|c| c.id.clone()).collect()
}

pub async fn new_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (council, committees) = council_for(&state, path.into_inner(), actor).await?;
    let input = ConsultationInput {
        point_title: vec![String::new(); 2],
        point_body: vec![String::new(); 2],
        policy_version: "1.0".into(),
        allow_anonymous: Some("1".into()),
        ..ConsultationInput::default()
    };
    Ok(html(views::griffie::consultation_form(
        &ctx.chrome(),
        &council,
        &committees,
        &input,
        &FieldErrors::default(),
        FormMode::New,
    )))
}

pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    Form(mut input): Form<ConsultationInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (council, committees) = council_for(&state, path.into_inner(), actor).await?;
    let render = |input: &ConsultationInput, errors: &FieldErrors, status| {
        html_status(
            status,
            views::griffie::consultation_form(
                &ctx.chrome(),
                &council,
                &committees,
                input,
                errors,
                FormMode::New,
            ),
        )
    };
    if input.wants_extra_point() {
        input.add_empty_point();
        return Ok(render(&input, &FieldErrors::default(), StatusCode::OK));
    }
    let draft = match input.parse(&committee_ids(&committees)) {
        Ok(draft) => draft,
        Err(errors) => return Ok(render(&input, &errors, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    if let Err(message) = deadline_ahead(draft.deadline_at, ctx.now) {
        let errors = FieldErrors::single("deadline_date", message);
        return Ok(render(&input, &errors, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let (council_id, user_id, now) = (council.id.clone(), actor.user_id.clone(), ctx.now);
    let id = state
        .db
        .write(move |conn| {
            ops::griffie::create_consultation(conn, &council_id, &draft, &user_id, now)
                .map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::manage_consultation(&id),
        Notice::ConsultationDraftSaved,
    ))
}

pub async fn manage(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, _) = consultation_for(&state, path.into_inner(), actor).await?;
    Ok(html(views::griffie::manage(
        &ctx.chrome(),
        &listing,
        &points,
        ctx.now,
        query.text(),
        None,
    )))
}

/// The stored consultation as the form shows it.
fn input_from(listing: &ConsultationListing, points: &[DecisionPoint]) -> ConsultationInput {
    let c = &listing.consultation;
    ConsultationInput {
        title: c.title.clone(),
        summary: c.summary.clone(),
        body_markdown: c.body_markdown.clone(),
        document_url: c.document_url.clone().unwrap_or_default(),
        policy_version: c.policy_version.clone(),
        committee_id: c.committee_id.to_string(),
        meeting_date: input_date(c.meeting_at),
        meeting_time: input_time(c.meeting_at),
        deadline_date: input_date(c.deadline_at),
        deadline_time: input_time(c.deadline_at),
        point_title: points.iter().map(|p| p.title.clone()).collect(),
        point_body: points.iter().map(|p| p.body.clone()).collect(),
        allow_anonymous: c.allow_anonymous_support.then(|| "1".to_owned()),
        pre_moderation: c.pre_moderation.then(|| "1".to_owned()),
        guest_posts: c.allow_guest_posts.then(|| "1".to_owned()),
        action: String::new(),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, committees) = consultation_for(&state, path.into_inner(), actor).await?;
    let now_state = listing.consultation.state_at(ctx.now);
    if let Err(problem) = now_state.check_editable() {
        return Ok(html_status(
            StatusCode::CONFLICT,
            views::griffie::manage(
                &ctx.chrome(),
                &listing,
                &points,
                ctx.now,
                None,
                Some(problem.message()),
            ),
        ));
    }
    let input = input_from(&listing, &points);
    let fixed = (!now_state.decision_points_editable()).then_some(points.as_slice());
    Ok(html(views::griffie::consultation_form(
        &ctx.chrome(),
        &listing.council,
        &committees,
        &input,
        &FieldErrors::default(),
        FormMode::Edit {
            id: &listing.consultation.id,
            points: fixed,
            shortening: None,
        },
    )))
}

/// The edit form of a consultation as it stands, to show again with what was typed.
struct EditForm<'a> {
    ctx: &'a Ctx,
    listing: &'a ConsultationListing,
    committees: &'a [Committee],
    /// The stored beslispunten, when they can no longer change.
    fixed: Option<&'a [DecisionPoint]>,
}

impl EditForm<'_> {
    fn render(
        &self,
        input: &ConsultationInput,
        errors: &FieldErrors,
        status: StatusCode,
        shortening: Option<Shortening>,
    ) -> HttpResponse {
        html_status(
            status,
            views::griffie::consultation_form(
                &self.ctx.chrome(),
                &self.listing.council,
                self.committees,
                input,
                errors,
                FormMode::Edit {
                    id: &self.listing.consultation.id,
                    points: self.fixed,
                    shortening,
                },
            ),
        )
    }
}

pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(mut input): Form<ConsultationInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, committees) = consultation_for(&state, path.into_inner(), actor).await?;
    let now_state = listing.consultation.state_at(ctx.now);
    if let Err(problem) = now_state.check_editable() {
        return Ok(refused(&ctx, &listing, &points, problem));
    }
    let points_editable = now_state.decision_points_editable();
    if !points_editable {
        // Fixed beslispunten are checked and kept as they are stored.
        input.point_title = points.iter().map(|p| p.title.clone()).collect();
        input.point_body = points.iter().map(|p| p.body.clone()).collect();
    }
    let form = EditForm {
        ctx: &ctx,
        listing: &listing,
        committees: &committees,
        fixed: (!points_editable).then_some(points.as_slice()),
    };
    if input.wants_extra_point() && points_editable {
        input.add_empty_point();
        return Ok(form.render(&input, &FieldErrors::default(), StatusCode::OK, None));
    }
    let draft = match input.parse(&committee_ids(&committees)) {
        Ok(draft) => draft,
        Err(errors) => {
            return Ok(form.render(&input, &errors, StatusCode::UNPROCESSABLE_ENTITY, None));
        }
    };
    let edit = DetailsEdit {
        consultation_id: listing.consultation.id.clone(),
        confirms_shortening: input.confirms_shortening(),
        draft,
        clerk_id: actor.user_id.clone(),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let saved = state
        .db
        .write(move |conn| {
            ops::griffie::save_details(conn, &mail, &edit, now).map_err(AppError::from)
        })
        .await?;
    if let DetailsSaved::Done = saved {
        forget_pages(&state);
    }
    Ok(details_answer(&form, &points, &input, saved))
}

/// The page after saving a round's details: back to it, or the form again with why not
/// (or with the shortened deadline to confirm).
fn details_answer(
    form: &EditForm<'_>,
    points: &[DecisionPoint],
    input: &ConsultationInput,
    saved: DetailsSaved,
) -> HttpResponse {
    let (status, errors, shortening) = match saved {
        DetailsSaved::Done => {
            let id = &form.listing.consultation.id;
            return see_other_with(paths::manage_consultation(id), Notice::Saved);
        }
        DetailsSaved::NotEditable => {
            return refused(form.ctx, form.listing, points, TransitionError::NotEditable);
        }
        DetailsSaved::DeadlineInThePast => (
            StatusCode::UNPROCESSABLE_ENTITY,
            FieldErrors::single("deadline_date", DEADLINE_IN_THE_PAST),
            None,
        ),
        DetailsSaved::ConfirmShortening { from, to, drafts } => (
            StatusCode::OK,
            FieldErrors::default(),
            Some(Shortening { from, to, drafts }),
        ),
    };
    form.render(input, &errors, status, shortening)
}

/// Support, reaction and consultation pages show the consultation's settings and state:
/// whatever changes those drops the pages this process keeps.
fn forget_pages(state: &AppState) {
    state.support_pages.clear();
    state.consultation_pages.clear();
    state.reaction_pages.clear();
}

/// What the clerk confirms when opening a round: the code in its receipt numbers.
#[derive(Debug, Default, serde::Deserialize)]
pub struct OpenInput {
    #[serde(default)]
    code: String,
}

/// "Check before you act": what opening does, and the code of the receipt numbers.
pub async fn open_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, _) = consultation_for(&state, path.into_inner(), actor).await?;
    if let Err(problem) = opening_allowed(&listing, ctx.now) {
        return Ok(refused(&ctx, &listing, &points, problem));
    }
    let code = receipt::suggested_code(&listing.consultation.title);
    Ok(html(views::griffie::confirm_open(
        &ctx.chrome(),
        &listing,
        &code,
        &FieldErrors::default(),
        ctx.now,
    )))
}

fn opening_allowed(
    listing: &ConsultationListing,
    now: chrono::NaiveDateTime,
) -> Result<(), TransitionError> {
    let c = &listing.consultation;
    c.state_at(now).open(c.deadline_at, now).map(|_| ())
}

fn refused(
    ctx: &Ctx,
    listing: &ConsultationListing,
    points: &[DecisionPoint],
    problem: TransitionError,
) -> HttpResponse {
    html_status(
        StatusCode::CONFLICT,
        views::griffie::manage(
            &ctx.chrome(),
            listing,
            points,
            ctx.now,
            None,
            Some(problem.message()),
        ),
    )
}

pub async fn open(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(input): Form<OpenInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, _) = consultation_for(&state, path.into_inner(), actor).await?;
    let render = |errors: &FieldErrors| {
        html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::griffie::confirm_open(&ctx.chrome(), &listing, &input.code, errors, ctx.now),
        )
    };
    let code = match receipt::parse_code(&input.code, "de code van de inspraakronde") {
        Ok(code) => code,
        Err(message) => return Ok(render(&FieldErrors::single("code", message))),
    };
    let (id, mail, now) = (listing.consultation.id.clone(), state.mail.clone(), ctx.now);
    let opened = state
        .db
        .write(move |conn| ops::griffie::open(conn, &mail, &id, &code, now).map_err(AppError::from))
        .await?;
    match opened {
        Opened::Done => {
            forget_pages(&state);
            Ok(see_other_with(
                paths::manage_consultation(&listing.consultation.id),
                Notice::ConsultationOpened,
            ))
        }
        Opened::Refused(problem) => Ok(refused(&ctx, &listing, &points, problem)),
        Opened::PrefixTaken { prefix, by } => Ok(render(&FieldErrors::single(
            "code",
            format!(
                "Ontvangstnummers die beginnen met {prefix} zijn al van «{by}». Kies een andere code, bijvoorbeeld {}2.",
                input.code.trim().to_ascii_uppercase()
            ),
        ))),
    }
}

/// "Check before you act": what archiving means for the addresses still kept.
pub async fn archive_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, _) = consultation_for(&state, path.into_inner(), actor).await?;
    if let Err(problem) = listing.consultation.state_at(ctx.now).archive() {
        return Ok(refused(&ctx, &listing, &points, problem));
    }
    Ok(html(views::griffie::confirm_archive(
        &ctx.chrome(),
        &listing,
    )))
}

pub async fn archive(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<ConsultationId>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (listing, points, _) = consultation_for(&state, path.into_inner(), actor).await?;
    let (id, now) = (listing.consultation.id.clone(), ctx.now);
    let archived = state
        .db
        .write(move |conn| ops::griffie::archive(conn, &id, now).map_err(AppError::from))
        .await?;
    match archived {
        Archived::Done => {
            forget_pages(&state);
            Ok(see_other_with(
                paths::manage_consultation(&listing.consultation.id),
                Notice::ConsultationArchived,
            ))
        }
        Archived::Refused(problem) => Ok(refused(&ctx, &listing, &points, problem)),
    }
}

pub async fn committees(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (council, committees) = council_for(&state, path.into_inner(), actor).await?;
    Ok(html(views::griffie::committees(
        &ctx.chrome(),
        &council,
        &committees,
        &CommitteeInput::default(),
        &FieldErrors::default(),
        query.text(),
    )))
}

pub async fn create_committee(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    Form(input): Form<CommitteeInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (council, committees) = council_for(&state, path.into_inner(), actor).await?;
    let render = |errors: &FieldErrors| {
        html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::griffie::committees(&ctx.chrome(), &council, &committees, &input, errors, None),
        )
    };
    let draft = match input.parse() {
        Ok(draft) => draft,
        Err(errors) => return Ok(render(&errors)),
    };
    let (council_id, now) = (council.id.clone(), ctx.now);
    let created = state
        .db
        .write(move |conn| {
            ops::griffie::create_committee(conn, &council_id, &draft, now).map_err(AppError::from)
        })
        .await?;
    match created {
        Some(_) => Ok(see_other_with(
            paths::committees(&council.slug),
            Notice::CommitteeAdded,
        )),
        None => Ok(render(&FieldErrors::single(
            "name",
            "Er is al een commissie met deze naam.",
        ))),
    }
}

/// A committee with its council and members, if `actor` may manage it.
async fn committee_for(
    state: &AppState,
    id: CommitteeId,
    actor: &Actor,
) -> Result<(Council, Committee, Vec<councils::CommitteeMember>), AppError> {
    let found = state
        .db
        .read(move |conn| {
            let committee = councils::find_committee(conn, &id)?.ok_or(AppError::NotFound)?;
            let council =
                councils::find_council(conn, &committee.council_id)?.ok_or(AppError::NotFound)?;
            let members = councils::members_of(conn, &id)?;
            Ok::<_, AppError>((council, committee, members))
        })
        .await?;
    if !actor.can_manage_council(&found.0.id) {
        return Err(AppError::Forbidden);
    }
    Ok(found)
}

fn committee_page(
    ctx: &Ctx,
    found: &(Council, Committee, Vec<councils::CommitteeMember>),
    committee_input: Option<&CommitteeInput>,
    member_input: Option<&CommitteeMemberInput>,
    errors: &FieldErrors,
    message: Option<&str>,
) -> maud::Markup {
    let (council, committee, members) = found;
    let stored = CommitteeInput {
        name: committee.name.clone(),
        clerk_email: committee.clerk_email.clone(),
    };
    views::griffie::committee(
        &ctx.chrome(),
        CommitteePage {
            council,
            committee,
            members,
            committee_input: committee_input.unwrap_or(&stored),
            member_input: member_input.unwrap_or(&CommitteeMemberInput::default()),
            errors,
            message,
        },
    )
}

pub async fn committee(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CommitteeId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let found = committee_for(&state, path.into_inner(), actor).await?;
    Ok(html(committee_page(
        &ctx,
        &found,
        None,
        None,
        &FieldErrors::default(),
        query.text(),
    )))
}

pub async fn update_committee(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CommitteeId>,
    Form(input): Form<CommitteeInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let found = committee_for(&state, path.into_inner(), actor).await?;
    let draft = match input.parse() {
        Ok(draft) => draft,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                committee_page(&ctx, &found, Some(&input), None, &errors, None),
            ));
        }
    };
    let id = found.1.id.clone();
    let saved = state
        .db
        .write(move |conn| {
            ops::griffie::update_committee(conn, &id, &draft).map_err(AppError::from)
        })
        .await?;
    if !saved {
        let errors = FieldErrors::single("name", "Er is al een commissie met deze naam.");
        return Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            committee_page(&ctx, &found, Some(&input), None, &errors, None),
        ));
    }
    Ok(see_other_with(paths::committee(&found.1.id), Notice::Saved))
}

pub async fn add_member(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<CommitteeId>,
    Form(input): Form<CommitteeMemberInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let found = committee_for(&state, path.into_inner(), actor).await?;
    let draft = match input.parse() {
        Ok(draft) => draft,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                committee_page(&ctx, &found, None, Some(&input), &errors, None),
            ));
        }
    };
    let (id, now) = (found.1.id.clone(), ctx.now);
    let added = state
        .db
        .write(move |conn| ops::griffie::add_member(conn, &id, &draft, now).map_err(AppError::from))
        .await?;
    if !added {
        let errors = FieldErrors::single(
            "member_email",
            "Dit e-mailadres is al lid van de commissie.",
        );
        return Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            committee_page(&ctx, &found, None, Some(&input), &errors, None),
        ));
    }
    Ok(see_other_with(
        paths::committee(&found.1.id),
        Notice::MemberAdded,
    ))
}

pub async fn remove_member(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(CommitteeId, CommitteeMemberId)>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?;
    let (committee_id, member_id) = path.into_inner();
    let found = committee_for(&state, committee_id, actor).await?;
    let id = found.1.id.clone();
    state
        .db
        .write(move |conn| {
            ops::griffie::remove_member(conn, &id, &member_id).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::committee(&found.1.id),
        Notice::MemberRemoved,
    ))
}
