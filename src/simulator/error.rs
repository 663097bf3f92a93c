//! The one error type of the simulator's HTTP boundary. Every variant answers
//! as SecureVideo does: a status code and a `{"Message": "..."}` body with
//! `Content-Type: application/json; charset=utf-8`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::common::{ErrorBody, FieldErrors, Violation};

/// What went wrong with a request, as the caller sees it.
#[derive(Debug, thiserror::Error)]
pub enum SimulatorError {
    /// 400: the request breaks a rule; the message says which (and names the
    /// fields).
    #[error("{0}")]
    BadRequest(String),
    /// 401: no or wrong HTTP Basic credentials.
    #[error("Authorization has been denied for this request.")]
    Unauthorized,
    /// 404: the addressed session, participation or user does not exist.
    /// The payload is the message, e.g. "Session not found".
    #[error("{0}")]
    NotFound(&'static str),
    /// 500: a storage failure. Logged with its cause, never echoed.
    #[error("internal error: {0}")]
    Internal(String),
    /// 503: the simulator is shutting down and its database is closed.
    #[error("The service is shutting down.")]
    Unavailable,
}

impl SimulatorError {
    /// A 400 whose message is the rule violations' summary.
    pub fn fields(errors: FieldErrors) -> Self {
        Self::BadRequest(errors.summary())
    }

    /// A 400 about one field: `Field: message`, like a `FieldErrors`
    /// summary.
    pub fn field(field: &str, message: &str) -> Self {
        Self::fields(FieldErrors::single(field, Violation::untranslated(message)))
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<FieldErrors> for SimulatorError {
    fn from(errors: FieldErrors) -> Self {
        Self::fields(errors)
    }
}

impl From<rusqlite::Error> for SimulatorError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl IntoResponse for SimulatorError {
    fn into_response(self) -> Response {
        let message = match &self {
            Self::Internal(cause) => {
                // The cause is SQLite's text (table and column names, never
                // values); it stays in the log.
                tracing::error!(%cause, "simulator request failed");
                "An error has occurred.".to_owned()
            }
            other => other.to_string(),
        };
        let mut response = json(self.status(), &ErrorBody { message });
        if matches!(self, Self::Unauthorized) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"SecureVideo simulator\""),
            );
        }
        response
    }
}

/// A bare JSON body as SecureVideo sends it: `application/json;
/// charset=utf-8` and `Cache-Control: no-cache`.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => SimulatorError::Internal(error.to_string()).into_response(),
    }
}

/// 204 No Content with an empty body.
pub fn no_content() -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))],
    )
        .into_response()
}
