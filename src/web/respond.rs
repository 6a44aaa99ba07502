//! The responses every handler builds: a page, a kept page, a page with a status, and
//! the redirect after a successful POST.

use actix_web::HttpResponse;
use actix_web::http::header;

pub fn html(page: maud::Markup) -> HttpResponse {
    html_status(actix_web::http::StatusCode::OK, page)
}

/// A page rendered earlier and kept.
pub fn html_bytes(page: actix_web::web::Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page)
}

pub fn html_status(status: actix_web::http::StatusCode, page: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

/// A redirect after a successful POST, so that reloading does not post again.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// [`see_other`] to `path`, telling the person on arrival what happened.
pub fn see_other_with(path: impl AsRef<str>, notice: crate::paths::Notice) -> HttpResponse {
    see_other(&crate::paths::with_notice(path.as_ref(), notice))
}
