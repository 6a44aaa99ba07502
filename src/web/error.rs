//! The one mapping from what went wrong to an HTTP response with a Dutch page.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;
use crate::views;

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
            Self::BadRequest => StatusCode::BAD_REQUEST,
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
        let page = match self {
            Self::LoginRequired { next } => {
                let target = format!("/account/inloggen?terug={}", views::url_encode(next));
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish();
            }
            Self::NotFound => views::errors::not_found(),
            Self::Forbidden => views::errors::forbidden(),
            Self::CsrfRejected => views::errors::csrf_rejected(),
            Self::BadRequest => views::errors::bad_request(),
            Self::Reaction(error) => views::errors::not_now(error.message()),
            Self::Thread(error) => views::errors::not_now(error.message()),
            Self::Answer(error) => views::errors::not_now(&error.message()),
            Self::Export(error) => {
                tracing::error!(%error, "export failed");
                views::errors::internal()
            }
            Self::Database(error) if crate::db::is_constraint_violation(error) => {
                tracing::warn!(%error, "a database rule refused a write");
                views::errors::refused_write()
            }
            Self::Database(error) => {
                // The error text names tables and constraints, never submitted values.
                tracing::error!(%error, "request failed");
                views::errors::internal()
            }
        };
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(page.into_string())
    }
}
