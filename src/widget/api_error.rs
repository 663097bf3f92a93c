//! What can go wrong talking to the proxy, one variant per thing staff see.

use serde::Deserialize;

use crate::common::FieldErrors;

/// The proxy's error body: `{"Message", "Errors"?, "RequestId"}`.
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProxyErrorBody {
    pub message: String,
    pub errors: Option<FieldErrors>,
    pub request_id: Option<String>,
}

/// A failed call to the proxy.
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetError {
    /// No answer at all (offline, refused, timed out): the form is kept and
    /// a retry offered.
    Network(String),
    /// 401: the embed token is missing or expired, and renewing it did not
    /// help.
    Unauthorized(String),
    /// 403: the token does not allow this session or action.
    Forbidden(String),
    /// 404: no such session or participant.
    NotFound(String),
    /// 400: the proxy or SecureVideo refused the body; `errors` go next to
    /// their fields.
    Rejected {
        message: String,
        errors: FieldErrors,
    },
    /// 5xx: SecureVideo or the proxy is in trouble; a retry may work.
    Upstream(String),
    /// An answer the widget cannot read.
    Unexpected(String),
}

/// What a form or dialog shows after a failed call: the sentence, and
/// whether "Try again" is offered.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub message: String,
    pub retryable: bool,
}

impl From<&WidgetError> for Failure {
    fn from(error: &WidgetError) -> Self {
        Self {
            message: error.message(),
            retryable: error.retryable(),
        }
    }
}

impl WidgetError {
    /// An error answer from its status and its body (`None`: not the
    /// proxy's error shape at all). An unreadable body still gets the
    /// status's own sentence.
    pub fn from_body(status: u16, body: Option<ProxyErrorBody>) -> Self {
        let parsed = body.unwrap_or_default();
        let message = if parsed.message.trim().is_empty() {
            default_message(status).to_owned()
        } else {
            parsed.message.clone()
        };
        match status {
            400 | 409 | 422 => Self::Rejected {
                message,
                errors: parsed.errors.unwrap_or_default(),
            },
            401 => Self::Unauthorized(message),
            403 => Self::Forbidden(message),
            404 => Self::NotFound(message),
            500..=599 => Self::Upstream(message),
            _ => Self::Unexpected(message),
        }
    }

    /// The sentence shown to staff.
    pub fn message(&self) -> String {
        match self {
            Self::Network(_) => {
                "Could not reach the server. Check the connection; your entries are kept — try again."
                    .to_owned()
            }
            Self::Unauthorized(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::Upstream(m)
            | Self::Unexpected(m) => m.clone(),
            Self::Rejected { message, .. } => message.clone(),
        }
    }

    /// Field messages to show next to inputs.
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            Self::Rejected { errors, .. } => errors.clone(),
            _ => FieldErrors::new(),
        }
    }

    /// Whether trying the same request again may work.
    pub fn retryable(&self) -> bool {
        matches!(self, Self::Network(_) | Self::Upstream(_))
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        400 => "The server refused these details.",
        401 => "Your sign-in has expired. Reload the page to continue.",
        403 => "You are not allowed to change this session.",
        404 => "The session or participant was not found.",
        502 | 504 => "SecureVideo did not answer. Try again in a moment.",
        _ => "Something went wrong on the server. Try again in a moment.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_response(status: u16, body: &str) -> WidgetError {
        WidgetError::from_body(status, serde_json::from_str(body).ok())
    }

    #[test]
    fn a_400_carries_its_field_errors() {
        let error = from_response(
            400,
            r#"{"Message":"Rejected","Errors":{"ParticipantFullName":"Taken"},"RequestId":"r1"}"#,
        );
        assert_eq!(
            error.field_errors().get("ParticipantFullName"),
            Some("Taken")
        );
        assert_eq!(error.message(), "Rejected");
    }

    #[test]
    fn an_unreadable_body_still_gets_a_sentence() {
        let error = from_response(502, "<html>");
        assert!(error.retryable());
        assert!(error.message().contains("SecureVideo"));
    }
}
