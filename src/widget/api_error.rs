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

/// What staff were doing when a call failed: each failure gets its own
/// sentence, so a failed first load never claims entries were kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Loading the session (nothing typed yet).
    Loading,
    /// Saving a form: what was typed stays in it.
    Saving,
    /// Removing a participant.
    Removing,
    /// Searching SecureVideo users.
    Searching,
}

/// What a form or dialog shows after a failed call: the sentence, and
/// whether "Try again" is offered.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub message: String,
    pub retryable: bool,
}

impl Failure {
    pub fn new(error: &WidgetError, doing: Doing) -> Self {
        Self {
            message: error.message(doing),
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

    /// The sentence shown to staff, for what they were doing.
    pub fn message(&self, doing: Doing) -> String {
        match self {
            Self::Network(_) => match doing {
                Doing::Loading => {
                    "Could not reach the server to load the session. Check the connection and try again."
                }
                Doing::Saving => {
                    "Could not reach the server. Your entries are kept: check the connection and try again."
                }
                Doing::Removing => {
                    "Could not reach the server; the participant was not removed. Check the connection and try again."
                }
                Doing::Searching => {
                    "Could not reach the server to search for users. Check the connection and keep typing to try again."
                }
            }
            .to_owned(),
            // A reload reuses the same expired link: only a new one helps.
            Self::Unauthorized(_) => match doing {
                Doing::Saving => EXPIRED_WHILE_SAVING,
                _ => EXPIRED,
            }
            .to_owned(),
            Self::Forbidden(m) | Self::NotFound(m) | Self::Upstream(m) | Self::Unexpected(m) => {
                m.clone()
            }
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

/// A 401 after the token renewal (when the host page has one) did not help.
pub const EXPIRED: &str =
    "Your access to this page has expired. Open the participant list again from your EHR.";
pub const EXPIRED_WHILE_SAVING: &str = "Your access to this page has expired, so this was not saved. \
     Your entries are kept here: open the participant list again from your EHR in a new tab, \
     then enter them there.";

fn default_message(status: u16) -> &'static str {
    match status {
        400 => "The server refused these details.",
        401 => EXPIRED,
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
        assert_eq!(error.message(Doing::Saving), "Rejected");
    }

    #[test]
    fn an_unreadable_body_still_gets_a_sentence() {
        let error = from_response(502, "<html>");
        assert!(error.retryable());
        assert!(error.message(Doing::Saving).contains("SecureVideo"));
    }
}

#[cfg(test)]
mod sentences {
    use super::*;

    const ALL: [Doing; 4] = [
        Doing::Loading,
        Doing::Saving,
        Doing::Removing,
        Doing::Searching,
    ];

    // Regression (issue 13, defect 3): a failed first load said "your
    // entries are kept" when nothing had been typed.
    #[test]
    fn only_a_failed_save_says_the_entries_are_kept() {
        let offline = WidgetError::Network("TypeError: Failed to fetch".into());
        for doing in ALL {
            let sentence = offline.message(doing);
            assert_eq!(
                sentence.contains("entries are kept"),
                doing == Doing::Saving,
                "{doing:?}: {sentence}"
            );
        }
        let sentences: std::collections::HashSet<_> =
            ALL.iter().map(|&doing| offline.message(doing)).collect();
        assert_eq!(sentences.len(), ALL.len(), "each failure its own sentence");
    }

    // Regression (defect 2): an expired token told staff to reload, which
    // reuses the same expired link.
    #[test]
    fn an_expired_token_never_promises_that_a_reload_helps() {
        let expired = WidgetError::from_body(401, None);
        for doing in ALL {
            let sentence = expired.message(doing);
            assert!(!sentence.to_lowercase().contains("reload"), "{sentence}");
            assert!(sentence.contains("from your EHR"), "{sentence}");
        }
        assert!(expired.message(Doing::Saving).contains("entries are kept"));
    }
}
