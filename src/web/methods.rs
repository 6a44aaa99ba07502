//! `HEAD` and `OPTIONS` on every route, as monitors and proxies expect.
//!
//! HEAD is answered as GET: the request is routed as a GET, and actix's HTTP/1 encoder,
//! which remembers that the request was a HEAD, writes the headers (Content-Length
//! included) without the body.
//!
//! For the methods a path takes, the last route is a catch-all resource without routes
//! ([`fallback`]): while routing, actix's method guards note the method of every route
//! whose path matched, and a resource that has no route for the request answers 405 with
//! those methods in `Allow`. A 405 without `Allow` therefore means no route has this
//! path: that stays the 404 page.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpResponse, web};

use super::AppError;

/// The catch-all pattern of [`fallback`], registered after every other route.
const FALLBACK_PATTERN: &str = "/{unrouted:.*}";

/// [`FALLBACK_PATTERN`] as a request's route template shows it.
pub const FALLBACK_TEMPLATE: &str = "/{unrouted}";

/// Middleware on the whole app: a HEAD request is routed as GET.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// The resource that gets every request no route took (see the module's comment).
pub fn fallback() -> actix_web::Resource<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(FALLBACK_PATTERN).wrap(from_fn(unrouted))
}

async fn unrouted(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse, actix_web::Error> {
    let options = req.method() == Method::OPTIONS;
    let response = next.call(req).await?;
    let registered = response
        .headers()
        .get(header::ALLOW)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let Some(registered) =
        registered.filter(|_| response.status() == StatusCode::METHOD_NOT_ALLOWED)
    else {
        // As a handler's error, so that the 404 page gets the person's menu.
        return Ok(response.into_response(HttpResponse::from_error(AppError::NotFound)));
    };
    let allow = HeaderValue::from_str(&allowed(&registered))
        .map_err(actix_web::error::ErrorInternalServerError)?;
    let mut answer = if options {
        HttpResponse::NoContent()
    } else {
        HttpResponse::MethodNotAllowed()
    };
    let answer = answer.insert_header((header::ALLOW, allow)).finish();
    Ok(response.into_response(answer))
}

/// The methods a path takes, from the ones its routes registered (`GET, POST`): HEAD
/// wherever GET is, and OPTIONS always.
fn allowed(registered: &str) -> String {
    let mut methods: Vec<&str> = registered
        .split(',')
        .map(str::trim)
        .filter(|method| !method.is_empty())
        .collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.push("OPTIONS");
    let mut unique: Vec<&str> = Vec::with_capacity(methods.len());
    for method in methods {
        if !unique.contains(&method) {
            unique.push(method);
        }
    }
    unique.join(", ")
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn head_goes_with_get_and_options_with_everything() {
        assert_eq!(allowed("GET, POST"), "GET, POST, HEAD, OPTIONS");
        assert_eq!(allowed("POST"), "POST, OPTIONS");
        assert_eq!(allowed("GET, GET"), "GET, HEAD, OPTIONS");
    }
}
