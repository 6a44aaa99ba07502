//! Co-signing: residents sign a published position or scenario and confirm by mail;
//! board members sign for their organisation; the griffie reviews held signatures.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rand::Rng;
use serde::Deserialize;

use super::csrf::{Form, NoFields};
use super::respond::{html, html_status, see_other};
use super::session::Ctx;
use super::{AppError, AppState, NoticeQuery, client_address};
use crate::db::signatures::{self, NewSignature, Target};
use crate::db::{accounts, organisations, reactions};
use crate::domain::account::EmailAddress;
use crate::domain::consultation::ConsultationState;
use crate::domain::reaction::ReactionState;
use crate::domain::security::{sha256_hex, sign, signed_link, signed_link_id};
use crate::domain::signature::{
    DistrictCount, SignInput, SignatureState, TargetKind, confirmable, confirmation_lifetime,
    mail_interval, network_of, normalise_for_signing, parse_postcode, should_hold, signing_refusal,
};
use crate::domain::time::now_utc;
use crate::domain::validation::FieldErrors;
use crate::mail::notify::{self, CONFIRM_LINK, SignatureTokens, WITHDRAW_LINK};
use crate::views;
use crate::views::signatures::{AccountSupport, ConfirmPage, LinkPage, Supported, TargetPage};

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

async fn public_support(
    state: &AppState,
    kind: TargetKind,
    id: String,
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

async fn target(state: &AppState, kind: &str, id: String) -> Result<Arc<PublicSupport>, AppError> {
    let kind = TargetKind::from_slug(kind).ok_or(AppError::NotFound)?;
    public_support(state, kind, id).await
}

fn closed_reason(target: &Target) -> Option<&'static str> {
    signing_refusal(
        target.reaction.state(),
        target.listing.consultation.state_at(now_utc()),
    )
}

/// The support page of a target; everything it shows is read in one go. `typed` is what
/// was posted; without it the form starts empty, or with the account's own name and
/// address when that address still has to be confirmed by mail.
async fn render(
    ctx: &Ctx,
    state: &AppState,
    kind: TargetKind,
    id: String,
    typed: Option<&SignInput>,
    errors: &FieldErrors,
    message: Option<&str>,
) -> Result<maud::Markup, AppError> {
    let page = public_support(state, kind, id).await?;
    let (board_of, account) = match ctx.viewer.signed_in() {
        Some(signed_in) => {
            let user = signed_in.user.clone();
            let supporting: Vec<String> = page.organisations.iter().map(|o| o.id.clone()).collect();
            let (target, council) = (
                page.target.id.clone(),
                page.target.listing.council.id.clone(),
            );
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
                    let account = match (&user.email_verified_at, account_address(&user)) {
                        (Some(_), Some(email)) => {
                            match signatures::find_by_email(conn, &target, &email)? {
                                Some(signature)
                                    if signature.state == SignatureState::Confirmed
                                        || signature.state == SignatureState::Held =>
                                {
                                    AccountSupport::Signed {
                                        withdraw: format!(
                                            "/steun/intrekken/{}",
                                            signed_link(&secret, WITHDRAW_LINK, &signature.id)
                                        ),
                                    }
                                }
                                _ => AccountSupport::CanSign {
                                    needs_postcode: accounts::district_of(
                                        conn, &user.id, &council,
                                    )?
                                    .is_none(),
                                },
                            }
                        }
                        _ => AccountSupport::Unverified,
                    };
                    Ok::<_, AppError>((board_of, account))
                })
                .await?
        }
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
    let input = typed.unwrap_or(&prefilled);
    let districts = &page.districts;
    let total = districts.iter().map(|(_, n)| n).sum();
    let districts: Vec<(String, DistrictCount)> = districts
        .iter()
        .map(|(d, n)| (d.clone(), DistrictCount::of(*n)))
        .collect();
    let target = &page.target;
    Ok(views::signatures::target(
        &ctx.chrome(),
        TargetPage {
            target,
            sender: &page.sender,
            total,
            districts: &districts,
            organisations: &page.organisations,
            names: &page.names,
            closed: closed_reason(target),
            board_of: &board_of,
            account: &account,
            input,
            errors,
            message,
        },
    ))
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
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

/// Inside a signature's write: the support page may be a second old, so whether the
/// reaction still stands and the round is still open is read again.
fn still_signable(
    conn: &mut crate::db::DbConn,
    target: &Target,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    if reactions::state_of(conn, &target.reaction.id)? != Some(ReactionState::Submitted) {
        return Err(crate::domain::reaction::ReactionError::Withdrawn.into());
    }
    if crate::db::consultations::state_at(conn, &target.listing.consultation.id, now)?
        != Some(ConsultationState::Open)
    {
        return Err(crate::domain::reaction::ReactionError::ConsultationClosed.into());
    }
    Ok(())
}

/// Signs with a signed-in account whose address was confirmed: it counts at once.
pub async fn sign_with_account(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    Form(input): Form<AccountSignInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    let email = match (&user.email_verified_at, account_address(&user)) {
        (Some(_), Some(email)) => email,
        _ => return Err(AppError::Forbidden),
    };
    let (kind, id) = path.into_inner();
    let page = target(&state, &kind, id).await?;
    let target = page.target.clone();
    if let Some(reason) = closed_reason(&target) {
        return Ok(html_status(
            StatusCode::CONFLICT,
            views::errors::not_now(&ctx.chrome(), reason),
        ));
    }
    let back = format!("/steun/{}/{}", target.kind.slug(), target.id);
    let network = network_of(&client_address(&req, &state.config.trusted_proxies));
    let source_hash = sign(&state.config.secret_key, "signature-source", &network)[..32].to_owned();
    let anonymous = target.listing.consultation.allow_anonymous_support
        && input.anonymous.as_deref() == Some("1");
    let postcode = parse_postcode(&input.postcode);
    let signature_id = crate::db::new_id();
    let outcome = state
        .db
        .write(move |conn| {
            let now = now_utc();
            let council = &target.listing.council.id;
            still_signable(conn, &target, now)?;
            let district = match (accounts::district_of(conn, &user.id, council)?, postcode) {
                (Some(district), _) => district,
                (None, Ok(postcode)) => {
                    let district = signatures::district_for(conn, council, &postcode)?;
                    accounts::set_district(conn, &user.id, council, &district)?;
                    district
                }
                (None, Err(message)) => return Ok::<_, AppError>(Err(message)),
            };
            let domain = email
                .split_once('@')
                .map(|(_, d)| d.to_owned())
                .unwrap_or_default();
            let inserted = signatures::insert_confirmed(
                conn,
                &NewSignature {
                    id: &signature_id,
                    consultation_id: &target.listing.consultation.id,
                    kind: target.kind,
                    target_id: &target.id,
                    display_name: (!anonymous).then_some(user.display_name.as_str()),
                    email: &email,
                    mail_to: &user.email,
                    email_domain: &domain,
                    district: &district,
                    state: SignatureState::Confirmed,
                    code_hash: None,
                    source_hash: &source_hash,
                    expires_at: now,
                    mailed: false,
                    wants_updates: false,
                },
                now,
            )?;
            if inserted {
                return Ok(Ok(true));
            }
            // Signed before with this address through the form and not yet confirmed: the
            // confirmed account is proof enough.
            let pending = signatures::find_by_email(conn, &target.id, &email)?
                .filter(|s| s.state == SignatureState::Pending);
            Ok(Ok(match pending {
                Some(signature) => signatures::confirm(conn, &signature.id, now)?.is_some(),
                None => false,
            }))
        })
        .await?;
    match outcome {
        Ok(inserted) => {
            state.support_pages.remove(&page.target.id);
            let notice = if inserted {
                "steun-account"
            } else {
                "al-gesteund"
            };
            Ok(see_other(&format!("{back}?melding={notice}")))
        }
        Err(message) => {
            let errors = FieldErrors::single("account-postcode", message);
            let typed = SignInput {
                postcode: input.postcode.clone(),
                ..SignInput::default()
            };
            let page = render(
                &ctx,
                &state,
                page.target.kind,
                page.target.id.clone(),
                Some(&typed),
                &errors,
                None,
            )
            .await?;
            Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
    }
}

/// An 8-character code from an alphabet without look-alikes (no 0/O, 1/I/L).
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..8)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The code as typed, without spaces or dashes, in capitals.
fn clean_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase()
}

fn shown_code(code: &str) -> String {
    format!("{}-{}", &code[..4], &code[4..])
}

pub async fn sign_up(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    Form(input): Form<SignInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, id) = path.into_inner();
    let page = target(&state, &kind, id).await?;
    let target = &page.target;
    let back = format!("/steun/{kind}/{}", target.id);
    if let Some(reason) = closed_reason(target) {
        return Ok(html_status(
            StatusCode::CONFLICT,
            views::errors::not_now(&ctx.chrome(), reason),
        ));
    }
    if input.is_robot() {
        return Ok(html(views::signatures::check_mailbox(&ctx.chrome(), &back)));
    }
    let draft = match input.parse(target.listing.consultation.allow_anonymous_support) {
        Ok(draft) => draft,
        Err(errors) => {
            let page = render(
                &ctx,
                &state,
                target.kind,
                target.id.clone(),
                Some(&input),
                &errors,
                None,
            )
            .await?;
            return Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
    };
    let network = network_of(&client_address(&req, &state.config.trusted_proxies));
    let source_hash = sign(&state.config.secret_key, "signature-source", &network)[..32].to_owned();
    // Everything that needs no database is prepared before the write, which SQLite runs
    // one at a time.
    let code = new_code();
    let code_hash = sha256_hex(&code);
    let signature_id = crate::db::new_id();
    let mail_for = {
        let (email, code) = (draft.mail_to.clone(), shown_code(&code));
        move |signature_id: &str| {
            notify::signature_confirmation_mail(
                &email,
                &SignatureTokens {
                    signature_id,
                    code: &code,
                },
            )
        }
    };
    let confirmation = mail_for(&signature_id);
    let mail = state.mail.clone();
    let page = page.clone();
    state
        .db
        .write(move |conn| {
            let now = now_utc();
            let target = &page.target;
            let listing = &target.listing;
            still_signable(conn, target, now)?;
            let district = signatures::district_for(conn, &listing.council.id, &draft.postcode)?;
            let since = now - chrono::Duration::minutes(10);
            let (from_source, from_domain) =
                signatures::recent_counts(conn, &source_hash, &draft.email_domain, since)?;
            let hold = should_hold(from_source, from_domain, &draft.email_domain);
            let inserted = signatures::insert_signature(
                conn,
                &NewSignature {
                    id: &signature_id,
                    consultation_id: &listing.consultation.id,
                    kind: target.kind,
                    target_id: &target.id,
                    display_name: draft.display_name.as_deref(),
                    email: &draft.email,
                    mail_to: &draft.mail_to,
                    email_domain: &draft.email_domain,
                    district: &district,
                    state: if hold {
                        SignatureState::Held
                    } else {
                        SignatureState::Pending
                    },
                    code_hash: Some(&code_hash),
                    source_hash: &source_hash,
                    expires_at: now + confirmation_lifetime(),
                    mailed: !hold,
                    wants_updates: draft.wants_updates,
                },
                now,
            )?;
            if inserted && hold {
                notify::support_held(conn, &mail, listing, &signature_id, now)?;
            }
            let send = if inserted {
                (!hold).then_some(confirmation)
            } else {
                // Signed before: the links again with a new code for an unconfirmed one,
                // at most hourly.
                match signatures::find_by_email(conn, &target.id, &draft.email)? {
                    Some(existing)
                        if existing.state == SignatureState::Pending
                            && existing
                                .last_mail_at
                                .is_none_or(|at| at + mail_interval() <= now) =>
                    {
                        signatures::renew(
                            conn,
                            &existing.id,
                            &code_hash,
                            now + confirmation_lifetime(),
                            now,
                        )?;
                        Some(mail_for(&existing.id))
                    }
                    _ => None,
                }
            };
            if let Some(confirmation) = send {
                notify::queue(conn, &mail, &confirmation, now)?;
            }
            Ok::<_, AppError>(())
        })
        .await?;
    Ok(html(views::signatures::check_mailbox(&ctx.chrome(), &back)))
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
    let id = id.to_owned();
    state
        .db
        .read(move |conn| signatures::find(conn, &id).map_err(AppError::from))
        .await
}

/// A confirmation as the signer sees it: the target it supports and its count.
struct Confirmed {
    target_kind: TargetKind,
    target_id: String,
    total: i64,
}

/// Confirms inside one write and reads the count that write left, so the thank-you
/// page shows the count with this signature in it.
fn confirm_and_count(
    conn: &mut crate::db::DbConn,
    signature: Option<signatures::Signature>,
) -> Result<Option<Confirmed>, AppError> {
    let Some(signature) = signature else {
        return Ok(None);
    };
    let total = signatures::totals(conn, std::slice::from_ref(&signature.target_id))?
        .into_iter()
        .map(|(_, n)| n)
        .sum();
    Ok(Some(Confirmed {
        target_kind: signature.target_kind,
        target_id: signature.target_id,
        total,
    }))
}

/// The public support page of a signature's target (what it supports, and who wrote it).
async fn supported_by(
    state: &AppState,
    kind: TargetKind,
    target_id: &str,
) -> Result<Arc<PublicSupport>, AppError> {
    public_support(state, kind, target_id.to_owned()).await
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
    let supported = Supported {
        target: &page.target,
        sender: &page.sender,
    };
    let shown = if signature.state == SignatureState::Confirmed {
        let total = page.districts.iter().map(|(_, n)| n).sum();
        ConfirmPage::Done(supported, total)
    } else if signature.state == SignatureState::Pending
        && confirmable(signature.expires_at, now_utc())
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
            let id = id.to_owned();
            state
                .db
                .write(move |conn| {
                    let signature = signatures::confirm(conn, &id, now_utc())?;
                    confirm_and_count(conn, signature)
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
    state.support_pages.remove(&confirmed.target_id);
    let page = supported_by(&state, confirmed.target_kind, &confirmed.target_id).await?;
    let supported = Supported {
        target: &page.target,
        sender: &page.sender,
    };
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

pub async fn confirm_code(
    ctx: Ctx,
    req: HttpRequest,
    state: web::Data<AppState>,
    Form(input): Form<CodeInput>,
) -> Result<HttpResponse, AppError> {
    use crate::db::throttle;
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
    let ip_key = sign(
        &state.config.secret_key,
        CODE_PER_IP.bucket,
        &client_address(&req, &state.config.trusted_proxies),
    );
    let outcome = state
        .db
        .write(move |conn| {
            let now = now_utc();
            let recent = throttle::recent_count(conn, CODE_PER_IP.bucket, &ip_key, now, CODE_PER_IP.window())?;
            if CODE_PER_IP.is_reached(recent) {
                return Ok::<_, AppError>(Err("Er is te vaak een verkeerde code ingevuld. Probeer het over een kwartier opnieuw."));
            }
            let signature = signatures::confirm_by_code(conn, &email, &sha256_hex(&code), now)?;
            match confirm_and_count(conn, signature)? {
                Some(confirmed) => Ok(Ok(confirmed)),
                None => {
                    throttle::record(conn, CODE_PER_IP.bucket, &ip_key, now)?;
                    Ok(Err("Deze code klopt niet bij dit e-mailadres, is al gebruikt of is verlopen."))
                }
            }
        })
        .await?;
    let confirmed = match outcome {
        Ok(confirmed) => confirmed,
        Err(message) => return Ok(wrong(FieldErrors::single("code", message))),
    };
    state.support_pages.remove(&confirmed.target_id);
    let page = supported_by(&state, confirmed.target_kind, &confirmed.target_id).await?;
    let supported = Supported {
        target: &page.target,
        sender: &page.sender,
    };
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
            let id = id.to_owned();
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
    let Some(id) = signed_link_id(&state.config.secret_key, WITHDRAW_LINK, &token) else {
        return Ok(html(views::signatures::withdraw(
            &ctx.chrome(),
            &ctx.path,
            LinkPage::Invalid,
        )));
    };
    let id = id.to_owned();
    let withdrawn = state
        .db
        .write(move |conn| {
            let now = now_utc();
            let Some(signature) = signatures::find(conn, &id)? else {
                return Ok::<_, AppError>(None);
            };
            let listing =
                crate::db::consultations::find_consultation(conn, &signature.consultation_id)?
                    .ok_or(AppError::NotFound)?;
            if listing.consultation.state_at(now) != ConsultationState::Open {
                // After the deadline the counts are frozen.
                return Err(AppError::Reaction(
                    crate::domain::reaction::ReactionError::ConsultationClosed,
                ));
            }
            Ok(signatures::withdraw(conn, &id, now)?.map(|s| s.target_id))
        })
        .await?;
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
    path: web::Path<(String, String)>,
    Form(input): Form<OrganisationInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.id.clone();
    let (kind, id) = path.into_inner();
    let page = target(&state, &kind, id).await?;
    if let Some(reason) = closed_reason(&page.target) {
        return Ok(html_status(
            StatusCode::CONFLICT,
            views::errors::not_now(&ctx.chrome(), reason),
        ));
    }
    let back = format!("/steun/{kind}/{}", page.target.id);
    let target_id = page.target.id.clone();
    state
        .db
        .write(move |conn| {
            let target = &page.target;
            let role = organisations::member_role(conn, &input.organisation_id, &user)?;
            if !role.is_some_and(|r| r.speaks_for_board()) {
                return Err(AppError::Forbidden);
            }
            signatures::sign_as_organisation(
                conn,
                &input.organisation_id,
                target,
                &user,
                now_utc(),
            )?;
            Ok(())
        })
        .await?;
    state.support_pages.remove(&target_id);
    Ok(see_other(&format!("{back}?melding=organisatie-steunt")))
}
