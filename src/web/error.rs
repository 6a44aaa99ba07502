//! The one mapping from what went wrong to an HTTP response with a Dutch page.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpResponse, ResponseError};

use super::csrf::CsrfToken;
use super::session::{SESSION_COOKIE, Viewer, chrome_for};
use crate::db::DbError;
use crate::views::{self, Chrome};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("CSRF token missing or wrong")]
    CsrfRejected,
    #[error("login required")]
    LoginRequired { next: String },
    #[error("bad request")]
    BadRequest,
    /// A form field held bytes that are not UTF-8.
    #[error("form text is not UTF-8")]
    InvalidText,
    /// A reaction cannot be changed this way now (found inside a write transaction).
    #[error(transparent)]
    Reaction(#[from] crate::domain::reaction::ReactionError),
    /// A post cannot be written, changed or moderated this way (now).
    #[error(transparent)]
    Thread(#[from] crate::domain::thread::ThreadError),
    /// The nota van beantwoording cannot be changed this way now.
    #[error(transparent)]
    Answer(#[from] crate::domain::answer::AnswerError),
    /// A file could not be written (a bug, not the user's doing).
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    Database(#[from] DbError),
}

impl From<crate::db::answers::NoteError> for AppError {
    fn from(error: crate::db::answers::NoteError) -> Self {
        match error {
            crate::db::answers::NoteError::Rule(error) => Self::Answer(error),
            crate::db::answers::NoteError::Database(error) => Self::Database(error),
        }
    }
}

impl From<crate::ops::OpError> for AppError {
    fn from(error: crate::ops::OpError) -> Self {
        use crate::ops::OpError;
        match error {
            OpError::NotFound => Self::NotFound,
            OpError::Forbidden => Self::Forbidden,
            OpError::Reaction(error) => Self::Reaction(error),
            OpError::Thread(error) => Self::Thread(error),
            OpError::Answer(error) => Self::Answer(error),
            OpError::Database(error) => Self::Database(error),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Database(DbError::Query(error))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::CsrfRejected => StatusCode::FORBIDDEN,
            Self::LoginRequired { .. } => StatusCode::SEE_OTHER,
            Self::BadRequest | Self::InvalidText => StatusCode::BAD_REQUEST,
            Self::Reaction(crate::domain::reaction::ReactionError::NotBoard) => {
                StatusCode::FORBIDDEN
            }
            Self::Reaction(_) => StatusCode::CONFLICT,
            Self::Thread(error) if error.is_forbidden() => StatusCode::FORBIDDEN,
            Self::Thread(_) | Self::Answer(_) => StatusCode::CONFLICT,
            Self::Database(error) if crate::db::is_constraint_violation(error) => {
                StatusCode::CONFLICT
            }
            Self::Database(_) | Self::Export(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::LoginRequired { next } = self {
            let target = crate::paths::log_in_then(next);
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, target))
                .finish();
        }
        // Without the request there is no session here; [`keep_chrome`] puts the
        // person's own header back on.
        self.page_response(&Chrome::default())
    }
}

impl AppError {
    fn page_response(&self, chrome: &Chrome) -> HttpResponse {
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(self.page(chrome).into_string())
    }

    fn page(&self, chrome: &Chrome) -> maud::Markup {
        match self {
            // A login redirect never gets this far; the arm only keeps the match whole.
            Self::LoginRequired { .. } | Self::NotFound => views::errors::not_found(chrome),
            Self::Forbidden => views::errors::forbidden(chrome),
            Self::CsrfRejected => views::errors::csrf_rejected(chrome),
            Self::BadRequest => views::errors::bad_request(chrome),
            Self::InvalidText => views::errors::invalid_text(chrome),
            Self::Reaction(error) => views::errors::not_now(chrome, error.message()),
            Self::Thread(error) => views::errors::not_now(chrome, error.message()),
            Self::Answer(error) => views::errors::not_now(chrome, &error.message()),
            Self::Export(error) => {
                tracing::error!(%error, "export failed");
                views::errors::internal(chrome)
            }
            Self::Database(error) if crate::db::is_constraint_violation(error) => {
                tracing::warn!(%error, "a database rule refused a write");
                views::errors::refused_write(chrome)
            }
            Self::Database(error) => {
                // The error text names tables and constraints, never submitted values.
                tracing::error!(%error, "request failed");
                views::errors::internal(chrome)
            }
        }
    }
}

/// Middleware: an error page for a signed-in person is drawn again with their own
/// header (menu, "Uitloggen"), which [`AppError::error_response`] cannot know.
pub async fn keep_chrome(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let has_session = req.cookie(SESSION_COOKIE).is_some();
    let response = next.call(req).await?;
    let is_page = response
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .is_some_and(|e| !matches!(e, AppError::LoginRequired { .. }));
    if !has_session || !is_page {
        return Ok(response.map_into_left_body());
    }
    let request = response.request().clone();
    let Ok(viewer) = Viewer::from_request(&request, &mut Payload::None).await else {
        return Ok(response.map_into_left_body());
    };
    if viewer.signed_in().is_none() {
        return Ok(response.map_into_left_body());
    }
    let csrf = CsrfToken::from_request(&request, &mut Payload::None).await?;
    let chrome = chrome_for(&viewer, csrf.0);
    let page = match response
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    {
        Some(error) => error.page_response(&chrome),
        None => return Ok(response.map_into_left_body()),
    };
    Ok(response.into_response(page).map_into_right_body())
}
