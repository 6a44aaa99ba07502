//! Changing the account's e-mail address: asking on the account page, confirming by the
//! link mailed to the new address, and putting the old one back by the link mailed to it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::accounts::{AccountForms, account_page, confirm_password, logged_out_redirect, subject};
use super::csrf::{Form, NoFields};
use super::respond::{html_status, see_other, see_other_with};
use super::session::Ctx;
use super::{AppError, AppState};
use crate::domain::account::{AccountLink, AccountLinkKind, EmailAddress};
use crate::domain::throttle::EMAIL_CHANGES_PER_ACCOUNT;
use crate::domain::validation::FieldErrors;
use crate::ops;
use crate::ops::accounts::{EmailChangeOutcome, EmailChangeRequest, EmailRevertOutcome};
use crate::paths::{self, Notice};
use crate::views;
use crate::views::accounts::{AddressLink, EmailForm};

#[derive(Deserialize)]
pub struct NewEmailInput {
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    email_password: String,
}

/// Mails a link to the new address once the password proved right; the answer is the
/// same whether or not the address has an account of its own.
pub async fn request(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(input): Form<NewEmailInput>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require_user()?.user.clone();
    let checked = checked_address(&state, &user, &input, ctx.now).await?;
    let new_email = match checked {
        Ok(new_email) => new_email,
        Err(refusal) => return refused(&ctx, &state, &input, refusal).await,
    };
    let request = EmailChangeRequest {
        limit_key: subject(&state, EMAIL_CHANGES_PER_ACCOUNT, user.id.as_str()),
        user,
        new_email,
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let sent = state
        .db
        .write(move |conn| {
            ops::accounts::request_email_change(conn, &mail, &request, now).map_err(AppError::from)
        })
        .await?;
    if !sent {
        let errors = FieldErrors::single(
            "new_email",
            "U heeft al drie keer een nieuw adres gevraagd. Probeer het over een uur opnieuw.",
        );
        return refused(
            &ctx,
            &state,
            &input,
            (StatusCode::TOO_MANY_REQUESTS, errors),
        )
        .await;
    }
    Ok(see_other_with(
        paths::EMAIL_SECTION,
        Notice::EmailChangeSent,
    ))
}

/// The account page with the address form as typed and why it was refused.
async fn refused(
    ctx: &Ctx,
    state: &AppState,
    input: &NewEmailInput,
    (status, errors): (StatusCode, FieldErrors),
) -> Result<HttpResponse, AppError> {
    let forms = AccountForms {
        email: EmailForm {
            typed: &input.new_email,
            errors,
        },
        ..AccountForms::default()
    };
    let page = account_page(ctx, state, ctx.require_user()?, forms).await?;
    Ok(html_status(status, page))
}

/// The new address, if it is well-formed, not the current one, and the password is right
/// (checked at most a few times an hour per account).
async fn checked_address(
    state: &AppState,
    user: &crate::db::accounts::User,
    input: &NewEmailInput,
    now: chrono::NaiveDateTime,
) -> Result<Result<EmailAddress, (StatusCode, FieldErrors)>, AppError> {
    let mut errors = FieldErrors::default();
    let new_email = match EmailAddress::parse(&input.new_email) {
        Ok(email) if email.key() == user.email.to_lowercase() => {
            errors.add(
                "new_email",
                "Dit is al uw e-mailadres. Vul een ander adres in.",
            );
            None
        }
        Ok(email) => Some(email),
        Err(message) => {
            errors.add("new_email", message);
            None
        }
    };
    let Some(new_email) = new_email else {
        if input.email_password.is_empty() {
            errors.add("email_password", "Vul uw wachtwoord in.");
        }
        return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors)));
    };
    if let Err((status, message)) =
        confirm_password(state, user, &input.email_password, now).await?
    {
        errors.add("email_password", message);
        return Ok(Err((status, errors)));
    }
    Ok(Ok(new_email))
}

/// "Verzoek intrekken": the waiting link stops working.
pub async fn cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let user_id = ctx.require_user()?.user.id.clone();
    state
        .db
        .write(move |conn| {
            ops::accounts::cancel_email_change(conn, &user_id).map_err(AppError::from)
        })
        .await?;
    Ok(see_other_with(
        paths::EMAIL_SECTION,
        Notice::EmailChangeCancelled,
    ))
}

#[derive(Deserialize)]
pub struct LinkPath {
    token: String,
}

fn read_link(
    state: &AppState,
    kind: AccountLinkKind,
    token: &str,
    ctx: &Ctx,
) -> Option<AccountLink> {
    AccountLink::read(&state.config.secret_key, kind, token, ctx.now)
}

fn link_status(link: &AddressLink<'_>) -> StatusCode {
    match link {
        AddressLink::Ready(_) => StatusCode::OK,
        AddressLink::Taken => StatusCode::CONFLICT,
        AddressLink::Gone => StatusCode::NOT_FOUND,
    }
}

/// The page behind the link mailed to the new address: a button, so that a mail scanner
/// opening the link changes nothing.
pub async fn confirm_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<LinkPath>,
) -> Result<HttpResponse, AppError> {
    let pending = match read_link(&state, AccountLinkKind::EmailChange, &path.token, &ctx) {
        Some(link) => {
            let key = state.config.secret_key.clone();
            state
                .db
                .read(move |conn| {
                    ops::accounts::pending_email_change(conn, &key, &link).map_err(AppError::from)
                })
                .await?
        }
        None => None,
    };
    let link = pending
        .as_ref()
        .map_or(AddressLink::Gone, |p| AddressLink::Ready(&p.new_email));
    Ok(confirm_page(&ctx, &path.token, link))
}

fn confirm_page(ctx: &Ctx, token: &str, link: AddressLink<'_>) -> HttpResponse {
    html_status(
        link_status(&link),
        views::accounts::email_change_confirm(&ctx.chrome(), token, link),
    )
}

/// Makes the new address the account's, wherever the link is opened (logged in or not).
pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<LinkPath>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let Some(link) = read_link(&state, AccountLinkKind::EmailChange, &path.token, &ctx) else {
        return Ok(confirm_page(&ctx, &path.token, AddressLink::Gone));
    };
    let own_account = ctx
        .viewer
        .signed_in()
        .is_some_and(|s| s.user.id.as_str() == link.user_id);
    let (mail, now) = (state.mail.clone(), ctx.now);
    let outcome = state
        .db
        .write(move |conn| {
            ops::accounts::confirm_email_change(conn, &mail, &link, now).map_err(AppError::from)
        })
        .await?;
    Ok(match outcome {
        EmailChangeOutcome::Changed if own_account => {
            see_other_with(paths::EMAIL_SECTION, Notice::EmailChanged)
        }
        EmailChangeOutcome::Changed => {
            see_other(&paths::with_notice(paths::LOG_IN, Notice::EmailChanged))
        }
        EmailChangeOutcome::Taken => confirm_page(&ctx, &path.token, AddressLink::Taken),
        EmailChangeOutcome::Gone => confirm_page(&ctx, &path.token, AddressLink::Gone),
    })
}

/// The page behind the link mailed to the old address: a button that puts it back.
pub async fn revert_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<LinkPath>,
) -> Result<HttpResponse, AppError> {
    let former = match read_link(&state, AccountLinkKind::EmailRevert, &path.token, &ctx) {
        Some(link) => {
            let key = state.config.secret_key.clone();
            state
                .db
                .read(move |conn| {
                    ops::accounts::former_address(conn, &key, &link).map_err(AppError::from)
                })
                .await?
        }
        None => None,
    };
    let link = former
        .as_ref()
        .map_or(AddressLink::Gone, |f| AddressLink::Ready(&f.old_email));
    Ok(revert_page(&ctx, &path.token, link))
}

fn revert_page(ctx: &Ctx, token: &str, link: AddressLink<'_>) -> HttpResponse {
    html_status(
        link_status(&link),
        views::accounts::email_revert(&ctx.chrome(), token, link),
    )
}

/// Puts the old address back and ends every session, this browser's too.
pub async fn revert(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<LinkPath>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let Some(link) = read_link(&state, AccountLinkKind::EmailRevert, &path.token, &ctx) else {
        return Ok(revert_page(&ctx, &path.token, AddressLink::Gone));
    };
    let (mail, now) = (state.mail.clone(), ctx.now);
    let outcome = state
        .db
        .write(move |conn| {
            ops::accounts::revert_email_change(conn, &mail, &link, now).map_err(AppError::from)
        })
        .await?;
    Ok(match outcome {
        EmailRevertOutcome::Restored => logged_out_redirect(
            &state,
            &paths::with_notice(paths::LOG_IN, Notice::EmailRestored),
        ),
        EmailRevertOutcome::Taken => revert_page(&ctx, &path.token, AddressLink::Taken),
        EmailRevertOutcome::Gone => revert_page(&ctx, &path.token, AddressLink::Gone),
    })
}
