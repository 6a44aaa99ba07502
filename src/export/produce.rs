//! The one way to get an export file, for the web and for `inspraak export`: during the
//! round a snapshot made now; after closing the stored final file, made again whenever
//! the fingerprint of what it shows has changed.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use super::csv::Separator;
use super::{ExportError, File};
use crate::db::exports::{self, Request};
use crate::db::{Db, DbError, consultations};
use crate::domain::export::{Edition, Level, download_name, stored_key};
use crate::domain::id::ConsultationId;
use crate::paths;

/// One file of one consultation.
pub struct FileRequest<'a> {
    pub consultation_id: &'a ConsultationId,
    pub file: File,
    pub level: Level,
    pub separator: Separator,
    /// The public address of the site, printed into the file. A final file is stored
    /// for the archive, so it is only made with the address the deployment configured.
    pub base_url: Option<&'a str>,
    pub now: NaiveDateTime,
}

/// A file, the edition it is, and the name to save it under.
pub struct Produced {
    pub bytes: Vec<u8>,
    pub edition: Edition,
    /// From [`download_name`], as the web download names it.
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProduceError {
    #[error("no such consultation")]
    NotFound,
    #[error(
        "INSPRAAK_BASE_URL is not set: a final export is stored for the archive and must carry the site's public address"
    )]
    NoBaseUrl,
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Export(#[from] ExportError),
}

impl From<diesel::result::Error> for ProduceError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Database(error.into())
    }
}

/// Reads, writes and (after closing) stores the file. Blocking: the web calls it on a
/// blocking thread, a bundle of hundreds of reactions takes a moment of CPU.
pub fn produce(db: &Db, request: &FileRequest<'_>) -> Result<Produced, ProduceError> {
    let id = request.consultation_id;
    let listing = db
        .read_blocking(|conn| consultations::find_consultation(conn, id).map_err(DbError::from))?
        .ok_or(ProduceError::NotFound)?;
    let edition = Edition::of(listing.consultation.state_at(request.now));
    let name = download_name(
        &listing.consultation.title,
        request.file.name(),
        request.level,
        edition,
    );
    let url = match (request.base_url, edition) {
        (Some(base), _) => format!("{base}/consultaties/{id}"),
        (None, Edition::Interim) => paths::consultation(id),
        (None, Edition::Final) => return Err(ProduceError::NoBaseUrl),
    };
    let key = match edition {
        Edition::Final => {
            let semicolon = request.separator == Separator::Semicolon;
            let key = db.read_blocking(|conn| {
                exports::fingerprint(conn, id, &url).map_err(DbError::from)
            })?;
            let key = stored_key(request.file.name(), semicolon, &key);
            let stored = db.read_blocking(|conn| {
                exports::stored(conn, id, &key, request.level).map_err(DbError::from)
            })?;
            if let Some((bytes, _)) = stored {
                return Ok(Produced {
                    bytes,
                    edition,
                    name,
                });
            }
            Some(key)
        }
        Edition::Interim => None,
    };
    let (export, attachments) = db
        .read_blocking(|conn| {
            let read = Request {
                consultation_id: id,
                level: request.level,
                edition,
                url: &url,
                now: request.now,
            };
            exports::load_for_file(conn, &read, request.file.needs_attachments())
                .map_err(DbError::from)
        })?
        .ok_or(ProduceError::NotFound)?;
    let bytes = super::write(request.file, &export, &attachments, request.separator)?;
    if let Some(key) = key {
        let (id, level, content) = (id.to_owned(), request.level, bytes.clone());
        let now = request.now;
        db.write_blocking(move |conn| {
            let sha256 = hex::encode(Sha256::digest(&content));
            exports::store(conn, &id, &key, level, &content, &sha256, now).map_err(DbError::from)
        })?;
    }
    Ok(Produced {
        bytes,
        edition,
        name,
    })
}
