//! File uploads: a multipart form whose first field is the CSRF token, then one file
//! (read no further than a size limit) and any text fields of the same form.

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

/// The text a form may send beside its file: a whole reaction, well within this.
const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// A multipart form as sent: its text fields in order, and its file. Reading stops at a
/// file over the limit; the text fields before it (all of them, on our forms) are kept.
pub struct UploadedForm {
    pub fields: Vec<(String, String)>,
    pub file: Result<UploadedFile, TooLarge>,
}

/// Reads the form's `csrf_token` (refused unless it comes first and is right), its `file`
/// field and its text fields, wherever they stand.
pub async fn read_form(
    req: &HttpRequest,
    mut multipart: Multipart,
    max_bytes: usize,
) -> Result<UploadedForm, AppError> {
    let mut token_checked = false;
    let mut fields = Vec::new();
    let mut text_bytes = 0;
    let mut file = UploadedFile {
        filename: String::new(),
        content: Vec::new(),
    };
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
                        return Ok(UploadedForm {
                            fields,
                            file: Err(TooLarge),
                        });
                    }
                }
                file = UploadedFile { filename, content };
            }
            Some(name) if token_checked => {
                let name = name.to_owned();
                let mut value = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(|_| AppError::BadRequest)?;
                    text_bytes += chunk.len();
                    if text_bytes > MAX_TEXT_BYTES {
                        return Err(AppError::BadRequest);
                    }
                    value.extend_from_slice(&chunk);
                }
                let value = String::from_utf8(value).map_err(|_| AppError::InvalidText)?;
                fields.push((name, value));
            }
            _ => return Err(AppError::CsrfRejected),
        }
    }
    if token_checked {
        Ok(UploadedForm {
            fields,
            file: Ok(file),
        })
    } else {
        Err(AppError::CsrfRejected)
    }
}
