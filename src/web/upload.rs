//! File uploads: a multipart form whose first field is the CSRF token, then one file,
//! read no further than a size limit.

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use futures_util::StreamExt;

use super::AppError;
use super::csrf::check_token;

/// The file was larger than allowed; reading stopped there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// An uploaded file as sent; an empty `content` when no file was chosen.
pub struct UploadedFile {
    pub filename: String,
    pub content: Vec<u8>,
}

/// Reads the form's `csrf_token` (refused unless it comes first and is right), then its
/// `file` field.
pub async fn read_file(
    req: &HttpRequest,
    mut multipart: Multipart,
    max_bytes: usize,
) -> Result<Result<UploadedFile, TooLarge>, AppError> {
    let mut token_checked = false;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest)?;
        match field.name() {
            Some("csrf_token") => {
                let mut token = Vec::new();
                while let Some(chunk) = field.next().await {
                    token.extend_from_slice(&chunk.map_err(|_| AppError::BadRequest)?);
                    if token.len() > 200 {
                        return Err(AppError::CsrfRejected);
                    }
                }
                check_token(req, std::str::from_utf8(&token).ok())?;
                token_checked = true;
            }
            Some("file") if token_checked => {
                let filename = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .unwrap_or_default()
                    .to_owned();
                let mut content = Vec::new();
                while let Some(chunk) = field.next().await {
                    content.extend_from_slice(&chunk.map_err(|_| AppError::BadRequest)?);
                    if content.len() > max_bytes {
                        return Ok(Err(TooLarge));
                    }
                }
                return Ok(Ok(UploadedFile { filename, content }));
            }
            _ => return Err(AppError::CsrfRejected),
        }
    }
    if token_checked {
        Ok(Ok(UploadedFile {
            filename: String::new(),
            content: Vec::new(),
        }))
    } else {
        Err(AppError::CsrfRejected)
    }
}
