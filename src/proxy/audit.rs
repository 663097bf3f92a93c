//! The audit log: one line per attempted change (target `audit`), with who
//! (the token's actor), what (add_guest, add_user, update, remove), where
//! (session and participation ids), how it ended, and the request id.
//!
//! Only ids go in: never a name, e-mail, phone number, external id, token
//! or credential.

use super::auth::Caller;
use super::error::ProxyError;
use super::request_id::RequestId;

/// The change attempted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// An add whose body could not be read, so its kind is unknown.
    Add,
    AddGuest,
    AddUser,
    Update,
    Remove,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::AddGuest => "add_guest",
            Self::AddUser => "add_user",
            Self::Update => "update",
            Self::Remove => "remove",
        }
    }
}

/// One change being attempted; filled in as the handler learns more, and
/// written once by [`Audit::finish`].
#[derive(Debug)]
pub struct Audit {
    actor: String,
    request_id: String,
    pub action: Action,
    pub session_id: Option<i64>,
    pub participation_id: Option<i64>,
}

impl Audit {
    pub fn begin(caller: &Caller, action: Action, request_id: &RequestId) -> Self {
        Self {
            actor: caller.actor.clone(),
            request_id: request_id.as_str().to_owned(),
            action,
            session_id: None,
            participation_id: None,
        }
    }

    /// Writes the audit line for the result of the change.
    pub fn finish<T>(&self, result: &Result<T, ProxyError>) {
        let outcome = match result {
            Ok(_) => "ok",
            Err(ProxyError::Invalid(_) | ProxyError::BadParameter { .. }) => "invalid",
            Err(ProxyError::Forbidden(_)) => "forbidden",
            Err(ProxyError::NotFound(_)) => "not_found",
            Err(ProxyError::UpstreamRejected(_)) => "rejected_by_securevideo",
            Err(_) => "failed",
        };
        tracing::info!(
            target: "audit",
            actor = %self.actor,
            action = self.action.as_str(),
            session_id = self.session_id,
            participation_id = self.participation_id,
            outcome,
            request_id = %self.request_id,
            "participant change"
        );
    }
}
