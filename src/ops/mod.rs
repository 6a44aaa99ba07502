//! Every write a person can do, one synchronous function each: it takes the connection
//! of one transaction (the caller's `Db::write`), a typed request and the moment, then
//! checks, writes and queues its mail, so that either all of it happens or none.
//! Handlers in `web` parse, authorise, call one of these and render what it returns.
//!
//! Layers: `ops` uses `domain`, `db` and `mail`; it never sees HTTP or pages.

pub mod accounts;
pub mod answers;
pub mod griffie;
pub mod moderation;
pub mod organisations;
pub mod reactions;
pub mod signatures;
pub mod single_sign_on;
pub mod speaking;
pub mod threads;
pub mod two_factor;

use crate::db::DbError;

/// Why an operation wrote nothing. Outcomes a person must be told about (a limit
/// reached, a link expired) are part of each operation's own result instead.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Reaction(#[from] crate::domain::reaction::ReactionError),
    #[error(transparent)]
    Thread(#[from] crate::domain::thread::ThreadError),
    #[error(transparent)]
    Answer(#[from] crate::domain::answer::AnswerError),
    #[error(transparent)]
    Database(#[from] DbError),
}

impl From<diesel::result::Error> for OpError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Database(DbError::Query(error))
    }
}
