//! What can go wrong talking to the proxy, one variant per thing staff see.

use serde::Deserialize;

use crate::common::FieldErrors;
use crate::widget::i18n::Locale;

/// The proxy's error body: `{"Message", "Errors"?, "RequestId"}`.
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProxyErrorBody {
    pub message: String,
    pub errors: Option<FieldErrors>,
    /// Field → the key of the rule its message is from.
    pub error_keys: Option<std::collections::BTreeMap<String, String>>,
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
    pub fn new(error: &WidgetError, doing: Doing, l: Locale) -> Self {
        Self {
            message: error.message(doing, l),
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
                errors: parsed
                    .errors
                    .unwrap_or_default()
                    .with_keys(parsed.error_keys.unwrap_or_default()),
            },
            401 => Self::Unauthorized(message),
            403 => Self::Forbidden(message),
            404 => Self::NotFound(message),
            500..=599 => Self::Upstream(message),
            _ => Self::Unexpected(message),
        }
    }

    /// The sentence shown to staff, for what they were doing, in `l`.
    /// The server's own sentences are English: in another language a
    /// refusal is told by its fields' messages, and any other failure by
    /// the widget's sentence for its kind.
    pub fn message(&self, doing: Doing, l: Locale) -> String {
        let english = l == Locale::En;
        match self {
            Self::Network(_) => l
                .t(match doing {
                    Doing::Loading => "error.network.loading",
                    Doing::Saving => "error.network.saving",
                    Doing::Removing => "error.network.removing",
                    Doing::Searching => "error.network.searching",
                })
                .to_owned(),
            // A reload reuses the same expired link: only a new one helps.
            Self::Unauthorized(_) => l
                .t(match doing {
                    Doing::Saving => "error.expired_saving",
                    _ => "error.expired",
                })
                .to_owned(),
            Self::Forbidden(m) | Self::NotFound(m) | Self::Upstream(m) | Self::Unexpected(m)
                if english =>
            {
                m.clone()
            }
            Self::Forbidden(_) => l.t("error.forbidden").to_owned(),
            Self::NotFound(_) => l.t("error.not_found").to_owned(),
            Self::Upstream(_) => l.t("error.upstream").to_owned(),
            Self::Unexpected(_) => l.t("error.server").to_owned(),
            Self::Rejected { message, .. } if english => message.clone(),
            Self::Rejected { errors, .. } => match errors.len() {
                0 => l.t("error.rejected").to_owned(),
                1 => errors
                    .violations()
                    .map(|(field, v)| l.violation(field, v))
                    .collect(),
                n => l.count("error.fields", n, &[]),
            },
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

/// The sentence for an error answer without one of its own (English: it
/// stands in for the server's).
fn default_message(status: u16) -> &'static str {
    Locale::En.t(match status {
        400 => "error.rejected",
        401 => "error.expired",
        403 => "error.forbidden",
        404 => "error.not_found",
        502 | 504 => "error.upstream",
        _ => "error.server",
    })
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
        assert_eq!(error.message(Doing::Saving, Locale::En), "Rejected");
    }

    #[test]
    fn in_spanish_a_refusal_is_told_by_its_keyed_field_message() {
        let error = from_response(
            400,
            r#"{"Message":"A participant with this name is already in this session.",
                "Errors":{"ParticipantFullName":"A participant with this name is already in this session."},
                "ErrorKeys":{"ParticipantFullName":"session.duplicate_name"},"RequestId":"r1"}"#,
        );
        let errors = error.field_errors();
        let v = errors.violation("ParticipantFullName").unwrap();
        assert_eq!(v.key, "session.duplicate_name");
        let spanish = Locale::Es.violation("ParticipantFullName", v);
        assert_eq!(spanish, Locale::Es.t("session.duplicate_name"));
        assert_ne!(spanish, v.text);
        assert_eq!(error.message(Doing::Saving, Locale::Es), spanish);
        assert_eq!(
            error.message(Doing::Saving, Locale::En),
            "A participant with this name is already in this session."
        );
    }

    #[test]
    fn a_message_with_no_key_falls_back_to_the_servers_text() {
        let error = from_response(
            400,
            r#"{"Message":"Bad","Errors":{"ParticipantFullName":"SecureVideo says no"}}"#,
        );
        let errors = error.field_errors();
        let v = errors.violation("ParticipantFullName").unwrap();
        assert_eq!(
            Locale::Es.violation("ParticipantFullName", v),
            "SecureVideo says no"
        );
    }

    #[test]
    fn an_unreadable_body_still_gets_a_sentence() {
        let error = from_response(502, "<html>");
        assert!(error.retryable());
        assert!(
            error
                .message(Doing::Saving, Locale::En)
                .contains("SecureVideo")
        );
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
            let sentence = offline.message(doing, Locale::En);
            assert_eq!(
                sentence.contains("entries are kept"),
                doing == Doing::Saving,
                "{doing:?}: {sentence}"
            );
        }
        for l in Locale::ALL {
            let sentences: std::collections::HashSet<_> =
                ALL.iter().map(|&doing| offline.message(doing, l)).collect();
            assert_eq!(
                sentences.len(),
                ALL.len(),
                "{l:?}: each failure its own sentence"
            );
        }
    }

    // Regression (defect 2): an expired token told staff to reload, which
    // reuses the same expired link.
    #[test]
    fn an_expired_token_never_promises_that_a_reload_helps() {
        let expired = WidgetError::from_body(401, None);
        for doing in ALL {
            let sentence = expired.message(doing, Locale::En);
            assert!(!sentence.to_lowercase().contains("reload"), "{sentence}");
            assert!(sentence.contains("from your EHR"), "{sentence}");
        }
        assert!(
            expired
                .message(Doing::Saving, Locale::En)
                .contains("entries are kept")
        );
    }
}
