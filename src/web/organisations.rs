//! Organisations: registering one, its public profile, its members and their roles,
//! invitations by signed link, and verification by the griffie.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery};
use crate::db::accounts::User;
use crate::db::organisations::{self, Invitation, Organisation};
use crate::domain::id::{InvitationId, OrganisationId, UserId};
use crate::domain::organisation::{
    InvitationInput, InvitationProblem, MemberRole, OrganisationInput, check_invitation,
};
use crate::domain::validation::FieldErrors;
use crate::mail::notify;
use crate::ops;
use crate::ops::organisations::{Acceptance, Accepted, Invite, Invited, MemberChange};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::organisations::{
    FormMode, InvitationState, MembersPage, OpenInvitation, ProfileViewer,
};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // `/organisaties/nieuw` before `/organisaties/{id}`: routes match in this order.
    cfg.route("/organisaties", web::get().to(list))
        .route("/organisaties/nieuw", web::get().to(new_form))
        .route("/organisaties/nieuw", web::post().to(create))
        .route("/organisaties/{id}", web::get().to(profile))
        .route("/organisaties/{id}/bewerken", web::get().to(edit_form))
        .route("/organisaties/{id}/bewerken", web::post().to(update))
        .route("/organisaties/{id}/verificatie", web::post().to(verify))
        .route("/organisaties/{id}/leden", web::get().to(members))
        .route("/organisaties/{id}/uitnodigingen", web::post().to(invite))
        .route(
            "/organisaties/{id}/leden/{user}/rol",
            web::post().to(change_role),
        )
        .route(
            "/organisaties/{id}/leden/{user}/verwijderen",
            web::post().to(remove_member),
        )
        .route("/organisaties/{id}/secretaris", web::post().to(hand_over))
        .route("/organisaties/{id}/verlaten", web::post().to(leave))
        .route("/uitnodigingen/{id}/{signature}", web::get().to(invitation))
        .route(
            "/uitnodigingen/{id}/{signature}",
            web::post().to(accept_invitation),
        );
}

pub async fn list(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let all = state
        .db
        .read(|conn| organisations::all_organisations(conn).map_err(AppError::from))
        .await?;
    Ok(html(views::organisations::list(
        &ctx.chrome(),
        &all,
        ctx.viewer.signed_in().is_some(),
    )))
}

pub async fn new_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require_user()?;
    Ok(html(views::organisations::form(
        &ctx.chrome(),
        &OrganisationInput::default(),
        &FieldErrors::default(),
        FormMode::New,
    )))
}

pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<OrganisationInput>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    let draft = match input.parse() {
        Ok(draft) => draft,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::organisations::form(&ctx.chrome(), &input, &errors, FormMode::New),
            ));
        }
    };
    let now = ctx.now;
    let id = state
        .db
        .write(move |conn| {
            ops::organisations::create(conn, &user_id, &draft, now).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::organisation(&id),
        Notice::OrganisationRegistered,
    ))
}

/// The organisation and the role of `user_id` in it (`None`: not a member).
async fn organisation_and_role(
    state: &AppState,
    id: OrganisationId,
    user_id: Option<UserId>,
) -> Result<(Organisation, Option<MemberRole>), AppError> {
    state
        .db
        .read(move |conn| {
            let organisation =
                organisations::find_organisation(conn, &id)?.ok_or(AppError::NotFound)?;
            let role = match user_id {
                Some(user_id) => organisations::member_role(conn, &id, &user_id)?,
                None => None,
            };
            Ok::<_, AppError>((organisation, role))
        })
        .await
}

pub async fn profile(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.viewer.signed_in();
    let user_id = signed_in.map(|s| s.user.id.clone());
    let (organisation, role) = organisation_and_role(&state, path.into_inner(), user_id).await?;
    let organisation_id = organisation.id.clone();
    let (submitted, worked_with) = state
        .db
        .read(move |conn| {
            Ok::<_, AppError>((
                crate::db::reactions::reactions_of_organisation(conn, &organisation_id)?,
                organisations::councils_worked_with(conn, &organisation_id)?,
            ))
        })
        .await?;
    let may_verify = signed_in.is_some_and(|s| match organisation.verified_at {
        Some(_) => s
            .powers
            .actor
            .may_unverify(organisation.verified_council_id.as_ref(), &worked_with),
        None => s.powers.actor.verifies_for(&worked_with).is_some(),
    });
    let viewer = ProfileViewer { role, may_verify };
    let reactions = views::reactions::organisation_reactions(&submitted);
    Ok(html(views::organisations::profile(
        &ctx.chrome(),
        &organisation,
        &viewer,
        reactions,
        query.text(),
    )))
}

/// The organisation, if the signed-in user is its secretary.
async fn as_secretary(
    ctx: &Ctx,
    state: &AppState,
    id: OrganisationId,
) -> Result<Organisation, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    match organisation_and_role(state, id, Some(user_id)).await? {
        (organisation, Some(MemberRole::Secretary)) => Ok(organisation),
        _ => Err(AppError::Forbidden),
    }
}

fn input_from(organisation: &Organisation) -> OrganisationInput {
    OrganisationInput {
        name: organisation.name.clone(),
        kind: organisation.kind.as_str().to_owned(),
        district: organisation.district.clone(),
        website: organisation.website.clone().unwrap_or_default(),
        description: organisation.description.clone(),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
) -> Result<HttpResponse, AppError> {
    let organisation = as_secretary(&ctx, &state, path.into_inner()).await?;
    Ok(html(views::organisations::form(
        &ctx.chrome(),
        &input_from(&organisation),
        &FieldErrors::default(),
        FormMode::Edit {
            organisation: &organisation,
        },
    )))
}

pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    Form(input): Form<OrganisationInput>,
) -> Result<HttpResponse, AppError> {
    let organisation = as_secretary(&ctx, &state, path.into_inner()).await?;
    let draft = match input.parse() {
        Ok(draft) => draft,
        Err(errors) => {
            return Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::organisations::form(
                    &ctx.chrome(),
                    &input,
                    &errors,
                    FormMode::Edit {
                        organisation: &organisation,
                    },
                ),
            ));
        }
    };
    let (id, user_id) = (organisation.id.clone(), ctx.require_user()?.user.id.clone());
    state
        .db
        .write(move |conn| {
            ops::organisations::update(conn, &id, &user_id, &draft).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::organisation(&organisation.id),
        Notice::Saved,
    ))
}

#[derive(Deserialize)]
pub struct VerifyInput {
    #[serde(default)]
    action: String,
}

pub async fn verify(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    Form(input): Form<VerifyInput>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require_actor()?.clone();
    let verified = match input.action.as_str() {
        "verify" => true,
        "unverify" => false,
        _ => return Err(AppError::BadRequest),
    };
    let id = path.into_inner();
    let (target, now) = (id.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::organisations::set_verified(conn, &actor, &target, verified, now)
                .map_err(AppError::from)
        })
        .await?;
    let notice = if verified {
        Notice::OrganisationVerified
    } else {
        Notice::VerificationRevoked
    };
    Ok(see_other_with(paths::organisation(&id), notice))
}

/// Everything the members page shows.
struct MembersData {
    organisation: Organisation,
    members: Vec<(User, MemberRole)>,
    invitations: Vec<Invitation>,
    viewer_role: MemberRole,
}

/// The members page's data, for members only: others get 403.
async fn members_data(
    state: &AppState,
    id: OrganisationId,
    user_id: UserId,
    now: NaiveDateTime,
) -> Result<MembersData, AppError> {
    state
        .db
        .read(move |conn| {
            let organisation =
                organisations::find_organisation(conn, &id)?.ok_or(AppError::NotFound)?;
            let viewer_role =
                organisations::member_role(conn, &id, &user_id)?.ok_or(AppError::Forbidden)?;
            let members = organisations::members(conn, &id)?;
            // Only the secretary sees invitations.
            let invitations = if viewer_role.manages_members() {
                organisations::open_invitations(conn, &id, now)?
            } else {
                Vec::new()
            };
            Ok::<_, AppError>(MembersData {
                organisation,
                members,
                invitations,
                viewer_role,
            })
        })
        .await
}

/// What a members page shows besides the stored data: typed values, errors, messages.
#[derive(Default)]
struct MembersForm<'a> {
    invite: Option<&'a InvitationInput>,
    new_secretary: &'a str,
    errors: FieldErrors,
    message: Option<&'a str>,
    problem: Option<&'a str>,
}

/// Loads and renders the members page for the signed-in user.
async fn render_members(
    ctx: &Ctx,
    state: &AppState,
    id: OrganisationId,
    status: StatusCode,
    form: MembersForm<'_>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    let data = members_data(state, id, user_id.clone(), ctx.now).await?;
    let invitations: Vec<OpenInvitation<'_>> = data
        .invitations
        .iter()
        .map(|invitation| OpenInvitation {
            invitation,
            link: notify::invitation_path(&state.config.secret_key, &invitation.id),
        })
        .collect();
    let empty = InvitationInput::default();
    Ok(html_status(
        status,
        views::organisations::members(
            &ctx.chrome(),
            MembersPage {
                organisation: &data.organisation,
                members: &data.members,
                viewer_id: &user_id,
                viewer_role: data.viewer_role,
                invitations: &invitations,
                invite: form.invite.unwrap_or(&empty),
                new_secretary: form.new_secretary,
                errors: &form.errors,
                message: form.message,
                problem: form.problem,
            },
        ),
    ))
}

pub async fn members(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    render_members(
        &ctx,
        &state,
        path.into_inner(),
        StatusCode::OK,
        MembersForm {
            message: query.text(),
            ..MembersForm::default()
        },
    )
    .await
}

/// Back to the members page, telling the member what happened.
fn back_to_members(id: &OrganisationId, notice: Notice) -> HttpResponse {
    see_other_with(paths::organisation_members(id), notice)
}

pub async fn invite(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    Form(input): Form<InvitationInput>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    let id = path.into_inner();
    // Members who are not the secretary get 403 even for a form with mistakes.
    let data = members_data(&state, id.clone(), signed_in.user.id.clone(), ctx.now).await?;
    if !data.viewer_role.manages_members() {
        return Err(AppError::Forbidden);
    }
    let refuse = |errors: FieldErrors| {
        render_members(
            &ctx,
            &state,
            id.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            MembersForm {
                invite: Some(&input),
                errors,
                ..MembersForm::default()
            },
        )
    };
    let (email, role) = match input.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return refuse(errors).await,
    };
    let request = Invite {
        organisation_id: id.clone(),
        secretary_id: signed_in.user.id.clone(),
        invited_by: signed_in.user.display_name.clone(),
        email,
        role,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let invited = state
        .db
        .write(move |conn| {
            ops::organisations::invite(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    let message = match invited {
        Invited::Sent => return Ok(back_to_members(&id, Notice::Invited)),
        Invited::AlreadyMember => "Deze persoon is al lid van de organisatie.",
        Invited::AlreadyInvited => {
            "Dit e-mailadres heeft al een uitnodiging die nog werkt. U vindt de link onder Open uitnodigingen."
        }
    };
    refuse(FieldErrors::single("invite_email", message)).await
}

/// Answers a change to the members: the members page with `notice`, or that page
/// again with why it was refused (409).
async fn answer_change(
    ctx: &Ctx,
    state: &AppState,
    id: OrganisationId,
    done: Notice,
    change: MemberChange,
) -> Result<HttpResponse, AppError> {
    match change {
        MemberChange::Done => Ok(back_to_members(&id, done)),
        MemberChange::RoleNotAssignable => Err(AppError::BadRequest),
        MemberChange::Refused(problem) => {
            render_members(
                ctx,
                state,
                id,
                StatusCode::CONFLICT,
                MembersForm {
                    problem: Some(problem.message()),
                    ..MembersForm::default()
                },
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleInput {
    #[serde(default)]
    role: String,
}

pub async fn change_role(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(OrganisationId, UserId)>,
    Form(input): Form<RoleInput>,
) -> Result<HttpResponse, AppError> {
    let secretary = ctx.require_user()?.user.id.clone();
    let (id, member) = path.into_inner();
    let role = MemberRole::parse(&input.role);
    let organisation_id = id.clone();
    let change = state
        .db
        .write(move |conn| {
            ops::organisations::change_role(conn, &organisation_id, &secretary, &member, role)
                .map_err(AppError::from)
        })
        .await?;
    answer_change(&ctx, &state, id, Notice::MemberRoleChanged, change).await
}

pub async fn remove_member(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(OrganisationId, UserId)>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let secretary = ctx.require_user()?.user.id.clone();
    let (id, member) = path.into_inner();
    let organisation_id = id.clone();
    let change = state
        .db
        .write(move |conn| {
            ops::organisations::remove_member(conn, &organisation_id, &secretary, &member)
                .map_err(AppError::from)
        })
        .await?;
    answer_change(&ctx, &state, id, Notice::MemberRemoved, change).await
}

#[derive(Deserialize)]
pub struct HandOverInput {
    #[serde(default)]
    user_id: String,
}

pub async fn hand_over(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    Form(input): Form<HandOverInput>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    let id = path.into_inner();
    let data = members_data(&state, id.clone(), signed_in.user.id.clone(), ctx.now).await?;
    if !data.viewer_role.manages_members() {
        return Err(AppError::Forbidden);
    }
    let chosen = UserId::from(input.user_id.trim());
    let is_other_member = data
        .members
        .iter()
        .any(|(user, _)| user.id == chosen && user.id != signed_in.user.id);
    if !is_other_member {
        return render_members(
            &ctx,
            &state,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            MembersForm {
                new_secretary: &input.user_id,
                errors: FieldErrors::single(
                    "new_secretary",
                    "Kies het lid dat de nieuwe secretaris wordt.",
                ),
                ..MembersForm::default()
            },
        )
        .await;
    }
    let (organisation_id, secretary) = (id.clone(), signed_in.user.id.clone());
    let change = state
        .db
        .write(move |conn| {
            ops::organisations::hand_over(conn, &organisation_id, &secretary, &chosen)
                .map_err(AppError::from)
        })
        .await?;
    answer_change(&ctx, &state, id, Notice::SecretaryHandedOver, change).await
}

pub async fn leave(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<OrganisationId>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    let id = path.into_inner();
    let organisation_id = id.clone();
    let change = state
        .db
        .write(move |conn| {
            ops::organisations::leave(conn, &organisation_id, &user_id).map_err(AppError::from)
        })
        .await?;
    match change {
        MemberChange::Done => Ok(see_other_with(paths::ACCOUNT, Notice::OrganisationLeft)),
        refused => answer_change(&ctx, &state, id, Notice::OrganisationLeft, refused).await,
    }
}

/// The invitation behind a signed link, with its organisation; 404 for a wrong signature.
async fn signed_invitation(
    state: &AppState,
    id: InvitationId,
    signature: &str,
) -> Result<(Invitation, Organisation), AppError> {
    if !notify::verify_invitation(&state.config.secret_key, &id, signature) {
        return Err(AppError::NotFound);
    }
    state
        .db
        .read(move |conn| {
            let invitation =
                organisations::find_invitation(conn, &id)?.ok_or(AppError::NotFound)?;
            let organisation = organisations::find_organisation(conn, &invitation.organisation_id)?
                .ok_or(AppError::NotFound)?;
            Ok::<_, AppError>((invitation, organisation))
        })
        .await
}

fn problem_status(problem: InvitationProblem) -> StatusCode {
    match problem {
        InvitationProblem::Used | InvitationProblem::Expired => StatusCode::CONFLICT,
        InvitationProblem::OtherAddress => StatusCode::FORBIDDEN,
    }
}

pub async fn invitation(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(InvitationId, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, signature) = path.into_inner();
    let (invitation, organisation) = signed_invitation(&state, id, &signature).await?;
    let (status, page_state) = invitation_state(&ctx, &state, &invitation, &organisation).await?;
    Ok(html_status(
        status,
        views::organisations::invitation(
            &ctx.chrome(),
            &organisation,
            invitation.role,
            invitation.expires_at,
            page_state,
        ),
    ))
}

/// What the invitation page says to this visitor.
async fn invitation_state(
    ctx: &Ctx,
    state: &AppState,
    invitation: &Invitation,
    organisation: &Organisation,
) -> Result<(StatusCode, InvitationState<'static>), AppError> {
    let problem = |address: &str| {
        let (accepted, expires) = (invitation.accepted_at, invitation.expires_at);
        check_invitation(&invitation.email, accepted, expires, address, ctx.now)
            .err()
            .map(|problem| {
                let status = problem_status(problem);
                (status, InvitationState::Problem(problem.message()))
            })
    };
    let Some(signed_in) = ctx.viewer.signed_in() else {
        // Checked against its own address: only "used" and "expired" can be said yet.
        return Ok(problem(&invitation.email).unwrap_or_else(|| {
            let (login, register) = (paths::LOG_IN, paths::REGISTER);
            let page_state = InvitationState::SignedOut {
                login: paths::with_next(login, &ctx.path),
                register: paths::with_next(register, &ctx.path),
            };
            (StatusCode::OK, page_state)
        }));
    };
    let (organisation_id, user_id) = (organisation.id.clone(), signed_in.user.id.clone());
    let member = state
        .db
        .read(move |conn| {
            organisations::member_role(conn, &organisation_id, &user_id).map_err(AppError::from)
        })
        .await?;
    if member.is_some() {
        let members = paths::organisation_members(&organisation.id);
        return Ok((StatusCode::OK, InvitationState::AlreadyMember { members }));
    }
    Ok(problem(&signed_in.user.email).unwrap_or_else(|| {
        let action = ctx.path.clone();
        (StatusCode::OK, InvitationState::Ready { action })
    }))
}

pub async fn accept_invitation(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(InvitationId, String)>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let signed_in = ctx.require_user()?;
    let (id, signature) = path.into_inner();
    let (invitation, organisation) = signed_invitation(&state, id.clone(), &signature).await?;
    let request = Acceptance {
        invitation_id: id,
        organisation: organisation.clone(),
        user_id: signed_in.user.id.clone(),
        email: signed_in.user.email.clone(),
        name: signed_in.user.display_name.clone(),
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let accepted = state
        .db
        .write(move |conn| {
            ops::organisations::accept_invitation(conn, &mail, &request, now)
                .map_err(AppError::from)
        })
        .await?;
    let notice = match accepted {
        Accepted::Joined => Notice::InvitationAccepted,
        Accepted::AlreadyMember => Notice::AlreadyMember,
        Accepted::Refused(problem) => {
            return Ok(html_status(
                problem_status(problem),
                views::organisations::invitation(
                    &ctx.chrome(),
                    &organisation,
                    invitation.role,
                    invitation.expires_at,
                    InvitationState::Problem(problem.message()),
                ),
            ));
        }
    };
    Ok(back_to_members(&organisation.id, notice))
}
