//! The request id: generated for every request (uuid v4; an `x-request-id`
//! sent by the client is dropped, never trusted or echoed), put in the
//! request's tracing span, returned as `x-request-id`, and written into
//! every error body as `RequestId`, so a person reading an error can quote
//! it and we can find the matching log lines.
//!
//! The middleware also makes sure every non-2xx answer has the one error
//! shape, even those not produced by an [`ProxyError`].

use std::convert::Infallible;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{FromRequestParts, MatchedPath, Request};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::error::ErrorReport;

/// The response header that carries the request id.
pub static REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// This request's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId("unknown".to_owned())))
    }
}

/// Gives the request an id and a span, and finishes the response: the
/// `x-request-id` header and the error body with `RequestId`.
pub async fn middleware(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    request.headers_mut().remove(&REQUEST_ID_HEADER);
    request.extensions_mut().insert(RequestId(id.clone()));
    // The route template, not the path: a path may carry a typed-in value.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        route = %route,
    );
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;

    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        let report = response
            .extensions()
            .get::<ErrorReport>()
            .cloned()
            .unwrap_or_else(|| {
                ErrorReport::message(status.canonical_reason().unwrap_or("The request failed."))
            });
        let body = serde_json::to_vec(&report.to_body(&id)).unwrap_or_default();
        *response.body_mut() = Body::from(body);
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.remove(header::CONTENT_LENGTH);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(REQUEST_ID_HEADER.clone(), value);
    }
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            latency_ms = started.elapsed().as_millis() as u64,
            "request finished"
        );
    });
    response
}
