//! Placeholder while the griffie's co-signing pages are being built.

use actix_web::web;

pub fn routes(_cfg: &mut web::ServiceConfig) {}
