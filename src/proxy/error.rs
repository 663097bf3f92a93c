//! The one error type of the proxy's HTTP boundary.
//!
//! Every answer to the widget that is not a success has one shape:
//! `{"Message": ..., "Errors": {field: message}, "RequestId": ...}`, where
//! `Errors` is present only when there are field errors. A handler or an
//! extractor returns an [`ProxyError`]; its response carries the report as an
//! extension, and the request-id middleware ([`super::request_id`]) writes
//! the final body with the request id in it.
//!
//! Upstream detail never reaches the widget except SecureVideo's own 400
//! message (it is what staff need to read); failures are logged by kind,
//! never with upstream text, URLs or credentials.

use std::collections::BTreeMap;

use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::upstream::UpstreamError;
use crate::common::{FieldErrors, Violation};

/// What the widget sees when a request does not succeed.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// 400: the body breaks the participant rules (or is not a JSON object);
    /// `Errors` names every field with its message.
    #[error("the request breaks the participant rules")]
    Invalid(FieldErrors),
    /// 400: a path or query parameter is not what the route needs; `Errors`
    /// names the parameter.
    #[error("bad parameter {name}")]
    BadParameter { name: &'static str, message: String },
    /// 400: SecureVideo refused the change; its message is passed on.
    #[error("SecureVideo rejected the request")]
    UpstreamRejected(String),
    /// 401: no embed token, or one that is expired, malformed or forged.
    #[error("unauthenticated")]
    Unauthenticated { expired: bool },
    /// 403: the token does not allow this (another session, or a write with
    /// a read token).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// 404: no such session, participant or route.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// 405: the route exists, the method does not.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 408: the body did not arrive in time; the connection is closed.
    #[error("request timeout")]
    RequestTimeout,
    /// 413: the body is larger than any participant body can be.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415: the body is not sent as JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 429: this token or address sent too many requests; the edge adds
    /// `Retry-After`.
    #[error("too many requests")]
    TooManyRequests,
    /// 500: a handler panicked. Nothing about it is returned.
    #[error("internal error")]
    Internal,
    /// 502: SecureVideo failed, answered something unreadable, or refused
    /// this server's credentials. The cause is logged, not returned.
    #[error("bad gateway")]
    BadGateway,
    /// 503: SecureVideo cannot be reached right now (readiness).
    #[error("service unavailable")]
    Unavailable,
    /// 504: SecureVideo did not answer in time.
    #[error("gateway timeout")]
    GatewayTimeout,
    /// 503 with `Retry-After` (seconds): SecureVideo asked us to slow down
    /// (429), or no call was made because the circuit breaker is open or
    /// too many calls are in flight.
    #[error("SecureVideo unavailable; retry after {retry_after_secs} s")]
    RetryLater { retry_after_secs: u64 },
}

impl ProxyError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid(_) | Self::BadParameter { .. } | Self::UpstreamRejected(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::BadGateway => StatusCode::BAD_GATEWAY,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::GatewayTimeout => StatusCode::GATEWAY_TIMEOUT,
            Self::RetryLater { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// A 400 naming one path or query parameter.
    pub fn bad_parameter(name: &'static str, message: impl Into<String>) -> Self {
        Self::BadParameter {
            name,
            message: message.into(),
        }
    }

    /// The report the widget reads (without the request id, which the
    /// middleware adds).
    pub fn report(&self) -> ErrorReport {
        match self {
            Self::Invalid(errors) => ErrorReport::from_field_errors(errors),
            Self::BadParameter { name, message } => ErrorReport {
                message: message.clone(),
                errors: Some(FieldErrors::single(
                    name,
                    Violation::untranslated(message.clone()),
                )),
                error_keys: None,
            },
            Self::UpstreamRejected(message) => match FieldErrors::from_summary(message) {
                Some(errors) => ErrorReport::from_field_errors(&errors),
                None => ErrorReport::message(message.clone()),
            },
            Self::Unauthenticated { expired: true } => {
                ErrorReport::message("The embed token has expired.")
            }
            Self::Unauthenticated { expired: false } => {
                ErrorReport::message("A valid embed token is required.")
            }
            Self::Forbidden(why) | Self::NotFound(why) => ErrorReport::message(*why),
            Self::MethodNotAllowed => ErrorReport::message("This method is not allowed here."),
            Self::RequestTimeout => ErrorReport::message("The request was not received in time."),
            Self::TooManyRequests => {
                ErrorReport::message("Too many requests. Wait a moment and try again.")
            }
            Self::Internal => ErrorReport::message("Something went wrong on our side."),
            Self::PayloadTooLarge => ErrorReport::message("The body is too large."),
            Self::UnsupportedMediaType => {
                ErrorReport::message("Send the body as JSON (Content-Type: application/json).")
            }
            Self::BadGateway => {
                ErrorReport::message("SecureVideo could not complete the request. Try again later.")
            }
            Self::Unavailable => ErrorReport::message("SecureVideo cannot be reached right now."),
            Self::GatewayTimeout => {
                ErrorReport::message("SecureVideo did not answer in time. Try again later.")
            }
            Self::RetryLater { retry_after_secs } => ErrorReport::message(format!(
                "SecureVideo is not taking requests right now. Try again in {retry_after_secs} s."
            )),
        }
    }
}

/// The body of every non-2xx answer, before the request id is added.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorReport {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
    /// Field → the key of the rule its message is from (`common`'s rules),
    /// so the widget can say it in its own language. Fields whose message
    /// is not one of ours (SecureVideo's wording) have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_keys: Option<BTreeMap<String, String>>,
}

impl ErrorReport {
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            errors: None,
            error_keys: None,
        }
    }

    /// Field errors keyed `""` concern the whole body (it is not JSON, not
    /// an object, or touches the host): they become the message; the rest
    /// stay in `Errors`.
    fn from_field_errors(all: &FieldErrors) -> Self {
        let mut fields = FieldErrors::new();
        let mut general = Vec::new();
        for (field, violation) in all.violations() {
            if field.is_empty() {
                general.push(violation.text.clone());
            } else {
                fields.add(field, violation.clone());
            }
        }
        let message = if !general.is_empty() {
            general.join(" ")
        } else if fields.len() == 1 {
            fields.iter().map(|(_, m)| m.to_owned()).collect()
        } else {
            format!("{} fields need correcting.", fields.len())
        };
        let keys = fields.keys();
        Self {
            message,
            error_keys: (!keys.is_empty()).then_some(keys),
            errors: (!fields.is_empty()).then_some(fields),
        }
    }

    /// The final JSON body with the request id.
    pub fn to_body(&self, request_id: &str) -> serde_json::Value {
        let mut body = serde_json::to_value(self).unwrap_or_else(|_| serde_json::json!({}));
        body["RequestId"] = serde_json::Value::String(request_id.to_owned());
        body
    }
}

impl IntoResponse for ProxyError {
    fn into_response(self) -> Response {
        let report = self.report();
        let body = serde_json::to_vec(&report).unwrap_or_default();
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        if let Self::RetryLater { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, retry_after_secs.into());
        }
        response.extensions_mut().insert(report);
        response
    }
}

impl From<UpstreamError> for ProxyError {
    /// Logs the kind of failure (never upstream text) and maps it.
    fn from(error: UpstreamError) -> Self {
        match error {
            UpstreamError::Rejected { message } => {
                tracing::info!("SecureVideo rejected the request (400)");
                Self::UpstreamRejected(
                    message.unwrap_or_else(|| "SecureVideo rejected the request.".to_owned()),
                )
            }
            UpstreamError::NotFound => {
                tracing::info!("SecureVideo answered 404");
                Self::NotFound("SecureVideo did not find the session or participant.")
            }
            UpstreamError::Timeout => {
                tracing::warn!(upstream_error = %error, "SecureVideo call failed");
                Self::GatewayTimeout
            }
            UpstreamError::Throttled { retry_after_secs }
            | UpstreamError::CircuitOpen { retry_after_secs }
            | UpstreamError::Busy { retry_after_secs } => {
                tracing::warn!(upstream_error = %error, retry_after_secs, "SecureVideo call not made or throttled");
                Self::RetryLater { retry_after_secs }
            }
            other => {
                tracing::error!(upstream_error = %other, "SecureVideo call failed");
                Self::BadGateway
            }
        }
    }
}

impl From<BytesRejection> for ProxyError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::PayloadTooLarge
        } else {
            Self::Invalid(FieldErrors::single(
                "",
                Violation::untranslated("The body could not be read."),
            ))
        }
    }
}

impl From<QueryRejection> for ProxyError {
    fn from(_: QueryRejection) -> Self {
        Self::bad_parameter(
            "query",
            "The query string is malformed or has a parameter this address does not take.",
        )
    }
}
