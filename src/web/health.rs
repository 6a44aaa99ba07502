//! The readiness check `/gezondheid/klaar`, for load balancers and monitoring: ready
//! when the database answers, no mail has waited too long and a mail worker is alive
//! (the rules are in [`crate::domain::health`]). `/gezondheid` stays the liveness check.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::AppState;
use crate::db::DbError;
use crate::domain::health::Readiness;

/// 200 when ready, otherwise 503; the body names each check, never a person or a mail.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let now = state.now();
    let facts = state
        .db
        .read(move |conn| crate::db::health::facts(conn, now).map_err(DbError::from))
        .await;
    if let Err(error) = &facts {
        tracing::warn!(%error, "readiness check: the database did not answer");
    }
    let readiness = Readiness::judge(facts.ok(), now);
    let status = if readiness.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    HttpResponse::build(status)
        .content_type("text/plain; charset=utf-8")
        .body(readiness.report())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/gezondheid/klaar", web::get().to(ready));
}
