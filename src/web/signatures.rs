//! Co-signing: residents sign a published position or scenario and confirm by mail;
//! board members sign for their organisation; the griffie reviews held signatures.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery, client_address};
use crate::db::accounts::User;
use crate::db::organisations::Organisation;
use crate::db::signatures::{self, Target};
use crate::db::{DbConn, accounts, organisations};
use crate::domain::account::EmailAddress;
use crate::domain::id::{CouncilId, OrganisationId, SignatureId, TargetId};
use crate::domain::security::{sha256_hex, sign, signed_link, signed_link_id};
use crate::domain::signature::{
    SignDraft, SignInput, SignatureState, TargetKind, confirmable, network_of, new_code,
    normalise_for_signing, parse_postcode, shown_code, signing_refusal,
};
use crate::domain::validation::FieldErrors;
use crate::mail::notify::{self, CONFIRM_LINK, SignatureTokens, WITHDRAW_LINK};
use crate::ops;
use crate::ops::signatures::{AccountSignature, AccountSigned, CodeOutcome, Confirmed, SignUp};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::signatures::{AccountSupport, ConfirmPage, LinkPage, Supported, TargetPage};
use chrono::NaiveDateTime;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/steun/code", web::get().to(code_form))
        .route("/steun/code", web::post().to(confirm_code))
        .route("/steun/bevestigen/{token}", web::get().to(confirm_form))
        .route("/steun/bevestigen/{token}", web::post().to(confirm))
        .route("/steun/intrekken/{token}", web::get().to(withdraw_form))
        .route("/steun/intrekken/{token}", web::post().to(withdraw))
        .route("/steun/{kind}/{id}", web::get().to(show))
        .route("/steun/{kind}/{id}", web::post().to(sign_up))
        .route(
            "/steun/{kind}/{id}/organisatie",
            web::post().to(sign_for_organisation),
        )
        .route(
            "/steun/{kind}/{id}/account",
            web::post().to(sign_with_account),
        );
}

/// What a target's support page shows to everyone. Kept for a second in
/// [`AppState::support_pages`]: a popular position is then read once a second, not once
/// a request. Counts changed in this process drop the entry at once.
pub struct PublicSupport {
    pub target: Target,
    /// Who wrote the reaction, as the public may see it.
    pub sender: String,
    pub districts: Vec<(String, i64)>,
    pub organisations: Vec<crate::db::organisations::Organisation>,
    pub names: Vec<String>,
}

impl PublicSupport {
    /// What a confirmation page says was supported.
    fn supported(&self) -> Supported<'_> {
        Supported {
            target: &self.target,
            sender: &self.sender,
        }
    }
}

async fn public_support(
    state: &AppState,
    kind: TargetKind,
    id: TargetId,
) -> Result<Arc<PublicSupport>, AppError> {
    if let Some(page) = state
        .support_pages
        .get(&id)
        .filter(|p| p.target.kind == kind)
    {
        return Ok(page);
    }
    let key = id.clone();
    let page = state
        .db
        .read(move |conn| {
            let target = signatures::find_target(conn, kind, &id)?.ok_or(AppError::NotFound)?;
            let districts = signatures::district_counts(conn, &target.id)?;
            let organisations = signatures::organisations_supporting(conn, &target.id)?;
            let names = signatures::public_names(conn, &target.id, 50)?;
            let reaction = &target.reaction;
            let sender = match &reaction.organisation_id {
                Some(org) => organisations::find_organisation(conn, org)?.map(|o| o.name),
                None if reaction.publish_name => {
                    accounts::find_user(conn, &reaction.author_id)?.map(|u| u.display_name)
                }
                None => None,
            }
            .unwrap_or_else(|| "een inwoner".to_owned());
            Ok::<_, AppError>(Arc::new(PublicSupport {
                target,
                sender,
                districts,
                organisations,
                names,
            }))
        })
        .await?;
    state.support_pages.insert(key, page.clone());
    Ok(page)
}

async fn target(
    state: &AppState,
    kind: &str,
    id: TargetId,
) -> Result<Arc<PublicSupport>, AppError> {
    let kind = TargetKind::from_slug(kind).ok_or(AppError::NotFound)?;
    public_support(state, kind, id).await
}

fn closed_reason(target: &Target, now: NaiveDateTime) -> Option<&'static str> {
    signing_refusal(
        target.reaction.state(),
        target.listing.consultation.state_at(now),
    )
}

/// The support page of a target; everything it shows is read in one go. `typed` is what
/// was posted; without it the form starts empty, or with the account's own name and
/// address when that address still has to be confirmed by mail.
async fn render(
    ctx: &Ctx,
    state: &AppState,
    kind: TargetKind,
    id: TargetId,
    typed: Option<&SignInput>,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let page = public_support(state, kind, id).await?;
    let (board_of, account) = match ctx.viewer.signed_in() {
        Some(signed_in) => viewer_support(state, &page, signed_in.user.clone()).await?,
        None => (Vec::new(), AccountSupport::None),
    };
    let prefilled = match (&account, ctx.viewer.signed_in()) {
        (AccountSupport::Unverified, Some(signed_in)) => SignInput {
            display_name: signed_in.user.display_name.clone(),
            email: signed_in.user.email.clone(),
            ..SignInput::default()
        },
        _ => SignInput::default(),
    };
    Ok(views::signatures::target(
        &ctx.chrome(),
        TargetPage {
            target: &page.target,
            sender: &page.sender,
            districts: &page.districts,
            organisations: &page.organisations,
            names: &page.names,
            closed: closed_reason(&page.target, ctx.now),
            board_of: &board_of,
            account: &account,
            input: typed.unwrap_or(&prefilled),
            errors,
            message,
        },
    ))
}

/// The organisations a signed-in viewer may sign for (and whether each did), and what
/// they can do with their own account.
async fn viewer_support(
    state: &AppState,
    page: &PublicSupport,
    user: User,
) -> Result<(Vec<(Organisation, bool)>, AccountSupport), AppError> {
    let supporting: Vec<OrganisationId> = page.organisations.iter().map(|o| o.id.clone()).collect();
    let target = page.target.id.clone();
    let council = page.target.listing.council.id.clone();
    let secret = state.config.secret_key.clone();
    state
        .db
        .read(move |conn| {
            let board_of = organisations::organisations_of(conn, &user.id)?
                .into_iter()
                .filter(|(_, role)| role.speaks_for_board())
                .map(|(organisation, _)| {
                    let signed = supporting.contains(&organisation.id);
                    (organisation, signed)
                })
                .collect();
            let account = account_support(conn, &user, &target, &council, &secret)?;
            Ok::<_, AppError>((board_of, account))
        })
        .await
}

/// Whether the account's confirmed address supports the target already.
fn account_support(
    conn: &mut DbConn,
    user: &User,
    target: &TargetId,
    council: &CouncilId,
    secret: &[u8],
) -> Result<AccountSupport, AppError> {
    let (Some(_), Some(email)) = (&user.email_verified_at, account_address(user)) else {
        return Ok(AccountSupport::Unverified);
    };
    Ok(match signatures::find_by_email(conn, target, &email)? {
        Some(signature)
            if signature.state == SignatureState::Confirmed
                || signature.state == SignatureState::Held =>
        {
            AccountSupport::Signed {
                withdraw: paths::signature_withdraw(&signed_link(
                    secret,
                    WITHDRAW_LINK,
                    signature.id.as_str(),
                )),
            }
        }
        _ => AccountSupport::CanSign {
            needs_postcode: accounts::district_of(conn, &user.id, council)?.is_none(),
        },
    })
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, TargetId)>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    let kind = TargetKind::from_slug(&kind).ok_or(AppError::NotFound)?;
    Ok(html(
        render(
            &ctx,
            &state,
            kind,
            id,
            None,
            &FieldErrors::default(),
            query.text(),
        )
        .await?,
    ))
}

/// How an account's address is stored on its signatures.
fn account_address(user: &crate::db::accounts::User) -> Option<String> {
    EmailAddress::parse(&user.email)
        .ok()
        .map(|email| normalise_for_signing(&email))
}

/// The one-click form: postcode (the first time in a council) and "anoniem".
#[derive(Debug, Default, Deserialize)]
pub struct AccountSignInput {
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    anonymous: Option<String>,
}

/// Signs with a signed-in account whose address was confirmed: it counts at once.
pub async fn sign_with_account(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, TargetId)>,
    Form(input): Form<AccountSignInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    let email = match (&user.email_verified_at, account_address(&user)) {
        (Some(_), Some(email)) => email,
        _ => return Err(AppError::Forbidden),
    };
    let (kind, id) = path.into_inner();
    let page = match signable(&ctx, &state, &kind, id).await? {
        Ok(page) => page,
        Err(refused) => return Ok(refused),
    };
    let request = account_signature(user, email, &input, &page.target, source_hash(&state, &req));
    let (target, now) = (page.target.clone(), ctx.now);
    let outcome = state
        .db
        .write(move |conn| {
            ops::signatures::sign_with_account(conn, &target, &request, now).map_err(AppError::from)
        })
        .await?;
    let back = paths::support(page.target.kind.slug(), &page.target.id);
    let notice = match outcome {
        AccountSigned::Counted => Notice::SupportCounted,
        AccountSigned::AlreadySigned => Notice::AlreadySupported,
        AccountSigned::Postcode(message) => {
            return wrong_postcode(&ctx, &state, &page.target, &input, message).await;
        }
    };
    state.support_pages.remove(&page.target.id);
    Ok(see_other_with(back, notice))
}

/// The one-click form as the operation takes it; the name is left off when the round
/// allows anonymous support and the box was ticked.
fn account_signature(
    user: User,
    email: String,
    input: &AccountSignInput,
    target: &Target,
    source_hash: String,
) -> AccountSignature {
    let anonymous = target.listing.consultation.allow_anonymous_support
        && input.anonymous.as_deref() == Some("1");
    AccountSignature {
        signature_id: SignatureId::new(),
        display_name: (!anonymous).then(|| user.display_name.clone()),
        user_id: user.id,
        email,
        mail_to: user.email,
        postcode: parse_postcode(&input.postcode),
        source_hash,
    }
}

/// The support page again with the one-click form's postcode and why it is not one.
async fn wrong_postcode(
    ctx: &Ctx,
    state: &AppState,
    target: &Target,
    input: &AccountSignInput,
    message: &str,
) -> Result<HttpResponse, AppError> {
    let errors = FieldErrors::single("account-postcode", message);
    let typed = SignInput {
        postcode: input.postcode.clone(),
        ..SignInput::default()
    };
    let (kind, id) = (target.kind, target.id.clone());
    let page = render(ctx, state, kind, id, Some(&typed), &errors, None).await?;
    Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page))
}

/// A target that may be signed now; `Err` is the page that says why not.
async fn signable(
    ctx: &Ctx,
    state: &AppState,
    kind: &str,
    id: TargetId,
) -> Result<Result<Arc<PublicSupport>, HttpResponse>, AppError> {
    let page = target(state, kind, id).await?;
    Ok(match closed_reason(&page.target, ctx.now) {
        Some(reason) => Err(html_status(
            StatusCode::CONFLICT,
            views::errors::not_now(&ctx.chrome(), reason),
        )),
        None => Ok(page),
    })
}

/// The keyed network a signature comes from, for the burst check.
fn source_hash(state: &AppState, req: &HttpRequest) -> String {
    let network = network_of(&client_address(req, &state.config.trusted_proxies));
    sign(&state.config.secret_key, "signature-source", &network)[..32].to_owned()
}

/// The code as typed, without spaces or dashes, in capitals.
fn clean_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}

pub async fn sign_up(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, TargetId)>,
    Form(input): Form<SignInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    let page = match signable(&ctx, &state, &kind, id).await? {
        Ok(page) => page,
        Err(refused) => return Ok(refused),
    };
    let target = &page.target;
    let back = paths::support(&kind, &target.id);
    if input.is_robot() {
        return Ok(html(views::signatures::check_mailbox(&ctx.chrome(), &back)));
    }
    let draft = match input.parse(target.listing.consultation.allow_anonymous_support) {
        Ok(draft) => draft,
        Err(errors) => {
            let (kind, id) = (target.kind, target.id.clone());
            let page = render(&ctx, &state, kind, id, Some(&input), &errors, None).await?;
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let request = sign_up_request(draft, source_hash(&state, &req));
    let (mail, page, now) = (state.mail.clone(), page.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            ops::signatures::sign_up(conn, &mail, &page.target, request, now)
                .map_err(AppError::from)
        })
        .await?;
    Ok(html(views::signatures::check_mailbox(&ctx.chrome(), &back)))
}

/// Everything a signature by mail needs that needs no database, prepared before the
/// write, which SQLite runs one at a time.
fn sign_up_request(draft: SignDraft, source_hash: String) -> SignUp {
    let code = new_code();
    let signature_id = SignatureId::new();
    let shown_code = shown_code(&code);
    let confirmation = notify::signature_confirmation_mail(
        &draft.mail_to,
        &SignatureTokens {
            signature_id: &signature_id,
            code: &shown_code,
        },
    );
    SignUp {
        draft,
        signature_id,
        source_hash,
        code_hash: sha256_hex(&code),
        shown_code,
        confirmation,
    }
}

/// The signature a confirmation link names, if the link is genuine and the signature
/// still exists.
async fn linked_signature(
    state: &AppState,
    token: &str,
) -> Result<Option<signatures::Signature>, AppError> {
    let Some(id) = signed_link_id(&state.config.secret_key, CONFIRM_LINK, token) else {
        return Ok(None);
    };
    let id = SignatureId::from(id);
    state
        .db
        .read(move |conn| signatures::find(conn, &id).map_err(AppError::from))
        .await
}

/// The support page of a target that just got a signature, read again.
async fn confirmed_support(
    state: &AppState,
    confirmed: &Confirmed,
) -> Result<Arc<PublicSupport>, AppError> {
    state.support_pages.remove(&confirmed.target_id);
    supported_by(state, confirmed.target_kind, &confirmed.target_id).await
}

/// The public support page of a signature's target (what it supports, and who wrote it).
async fn supported_by(
    state: &AppState,
    kind: TargetKind,
    target_id: &TargetId,
) -> Result<Arc<PublicSupport>, AppError> {
    public_support(state, kind, target_id.clone()).await
}

pub async fn confirm_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    // A GET never confirms: mail scanners open links too.
    let signature = linked_signature(&state, &path.into_inner()).await?;
    let Some(signature) = signature else {
        return Ok(html_status(
            StatusCode::NOT_FOUND,
            views::signatures::confirm(&ctx.chrome(), &ctx.path, ConfirmPage::Invalid),
        ));
    };
    let page = supported_by(&state, signature.target_kind, &signature.target_id).await?;
    let supported = page.supported();
    let shown = if signature.state == SignatureState::Confirmed {
        let total = page.districts.iter().map(|(_, n)| n).sum();
        ConfirmPage::Done(supported, total)
    } else if signature.state == SignatureState::Pending
        && confirmable(signature.expires_at, ctx.now)
    {
        ConfirmPage::Ask(supported)
    } else {
        ConfirmPage::Invalid
    };
    Ok(html(views::signatures::confirm(
        &ctx.chrome(),
        &ctx.path,
        shown,
    )))
}

pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let confirmed = match signed_link_id(&state.config.secret_key, CONFIRM_LINK, &token) {
        Some(id) => {
            let id = SignatureId::from(id);
            state
                .db
                .write(move |conn| {
                    ops::signatures::confirm_by_link(conn, &id, ctx.now).map_err(AppError::from)
                })
                .await?
        }
        None => None,
    };
    let Some(confirmed) = confirmed else {
        return Ok(html_status(
            StatusCode::NOT_FOUND,
            views::signatures::confirm(&ctx.chrome(), &ctx.path, ConfirmPage::Invalid),
        ));
    };
    let page = confirmed_support(&state, &confirmed).await?;
    let supported = page.supported();
    Ok(html(views::signatures::confirm(
        &ctx.chrome(),
        &ctx.path,
        ConfirmPage::Done(supported, confirmed.total),
    )))
}

pub async fn code_form(ctx: Ctx) -> HttpResponse {
    html(views::signatures::code(
        &ctx.chrome(),
        "",
        &FieldErrors::default(),
        None,
    ))
}

#[derive(Deserialize)]
pub struct CodeInput {
    #[serde(default)]
    email: String,
    #[serde(default)]
    code: String,
}

const WRONG_CODE: &str = "Deze code klopt niet bij dit e-mailadres, is al gebruikt of is verlopen.";
const TOO_MANY_CODES: &str =
    "Er is te vaak een verkeerde code ingevuld. Probeer het over een kwartier opnieuw.";

pub async fn confirm_code(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(input): Form<CodeInput>,
) -> Result<HttpResponse, AppError> {
    use crate::domain::throttle::CODE_PER_IP;
    let wrong = |errors: FieldErrors| {
        html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::signatures::code(&ctx.chrome(), &input.email, &errors, None),
        )
    };
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => normalise_for_signing(&email),
        Err(message) => return Ok(wrong(FieldErrors::single("email", message))),
    };
    let code = clean_code(&input.code);
    let address = client_address(&req, &state.config.trusted_proxies);
    let ip_key = sign(&state.config.secret_key, CODE_PER_IP.bucket, &address);
    let (code_hash, now) = (sha256_hex(&code), ctx.now);
    let outcome = state
        .db
        .write(move |conn| {
            ops::signatures::confirm_by_code(conn, &email, &code_hash, &ip_key, now)
                .map_err(AppError::from)
        })
        .await?;
    let confirmed = match outcome {
        CodeOutcome::Confirmed(confirmed) => confirmed,
        CodeOutcome::Wrong => return Ok(wrong(FieldErrors::single("code", WRONG_CODE))),
        CodeOutcome::Throttled => return Ok(wrong(FieldErrors::single("code", TOO_MANY_CODES))),
    };
    let page = confirmed_support(&state, &confirmed).await?;
    let supported = page.supported();
    Ok(html(views::signatures::code(
        &ctx.chrome(),
        "",
        &FieldErrors::default(),
        Some((supported, confirmed.total)),
    )))
}

pub async fn withdraw_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let known = match signed_link_id(&state.config.secret_key, WITHDRAW_LINK, &token) {
        Some(id) => {
            let id = SignatureId::from(id);
            state
                .db
                .read(move |conn| signatures::find(conn, &id).map_err(AppError::from))
                .await?
        }
        None => None,
    };
    let page = match known {
        Some(signature) if signature.state != SignatureState::Withdrawn => LinkPage::Ask,
        _ => LinkPage::Invalid,
    };
    Ok(html(views::signatures::withdraw(
        &ctx.chrome(),
        &ctx.path,
        page,
    )))
}

pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let withdrawn = match signed_link_id(&state.config.secret_key, WITHDRAW_LINK, &token) {
        Some(id) => {
            let (id, now) = (SignatureId::from(id), ctx.now);
            state
                .db
                .write(move |conn| {
                    ops::signatures::withdraw(conn, &id, now).map_err(AppError::from)
                })
                .await?
        }
        None => None,
    };
    if let Some(target_id) = &withdrawn {
        state.support_pages.remove(target_id);
    }
    let page = if withdrawn.is_some() {
        LinkPage::Done
    } else {
        LinkPage::Invalid
    };
    Ok(html(views::signatures::withdraw(
        &ctx.chrome(),
        &ctx.path,
        page,
    )))
}

#[derive(Deserialize)]
pub struct OrganisationInput {
    #[serde(default)]
    organisation_id: String,
}

pub async fn sign_for_organisation(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, TargetId)>,
    Form(input): Form<OrganisationInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (kind, id) = path.into_inner();
    let page = match signable(&ctx, &state, &kind, id).await? {
        Ok(page) => page,
        Err(refused) => return Ok(refused),
    };
    let back = paths::support(&kind, &page.target.id);
    let (target, now) = (page.target.clone(), ctx.now);
    state
        .db
        .write(move |conn| {
            let organisation = OrganisationId::from(input.organisation_id);
            ops::signatures::sign_for_organisation(conn, &organisation, &target, &user, now)
                .map_err(AppError::from)
        })
        .await?;
    state.support_pages.remove(&page.target.id);
    Ok(see_other_with(back, Notice::OrganisationSupports))
}
