//! Which session a request addresses, and whether the caller's token covers
//! it. A token names its session by SessionId or by ExternalSessionId; a
//! request may address it either way, or by a ParticipationId. What can be
//! decided without SecureVideo is decided first ([`require_write`],
//! [`precheck`]); the rest on the session that [`super::sessions`] finds,
//! before anything is changed ([`authorize_session`]).

use super::auth::{Caller, Scope, SessionGrant};
use super::error::ProxyError;
use super::upstream::{ParticipantRef, SessionRef};
use crate::common::Session;

const OTHER_SESSION: &str = "This embed token is for another session.";
const READ_ONLY: &str =
    "This embed token may only read; ask for a token that may change participants.";
const NO_SESSION: &str = "No active session matches.";
pub const NO_PARTICIPANT: &str = "No participant matches in this session.";

/// A change needs a write token.
pub fn require_write(caller: &Caller) -> Result<(), ProxyError> {
    match caller.scope {
        Scope::Write => Ok(()),
        Scope::Read => Err(ProxyError::Forbidden(READ_ONLY)),
    }
}

/// Refuses, without asking SecureVideo, a request whose session is named
/// the same way as the token's but differently.
pub fn precheck(caller: &Caller, target: &SessionRef) -> Result<(), ProxyError> {
    let SessionGrant::One(granted) = &caller.grant else {
        return Ok(());
    };
    let differs = match (granted, target) {
        (SessionRef::Id(a), SessionRef::Id(b)) => a != b,
        (SessionRef::External(a), SessionRef::External(b)) => a != b,
        _ => false,
    };
    if differs {
        Err(ProxyError::Forbidden(OTHER_SESSION))
    } else {
        Ok(())
    }
}

/// The session of a participant address, when the address names one.
pub fn session_of(target: &ParticipantRef) -> Option<SessionRef> {
    match target {
        ParticipantRef::Id(_) => None,
        ParticipantRef::External { session, .. } => Some(SessionRef::External(session.clone())),
    }
}

/// Does `session` match the reference? An ExternalSessionId matches
/// without its surrounding spaces.
pub fn matches(session: &Session, reference: &SessionRef) -> bool {
    match reference {
        SessionRef::Id(id) => session.session_id == *id,
        SessionRef::External(esid) => {
            session.external_session_id.as_deref().map(str::trim) == Some(esid.as_str())
        }
    }
}

/// May the caller touch this session?
fn covers(caller: &Caller, session: &Session) -> bool {
    match &caller.grant {
        SessionGrant::Any => true,
        SessionGrant::One(granted) => matches(session, granted),
    }
}

/// Would the caller be allowed the session named by `target`, if it
/// existed? (Then a missing session is a 404, else a 403.)
pub fn names_own_session(caller: &Caller, target: &SessionRef) -> bool {
    match &caller.grant {
        SessionGrant::Any => true,
        SessionGrant::One(granted) => granted == target,
    }
}

/// The session found for `target` (`None`: no active session matches),
/// checked against the caller's token.
pub fn authorize_session<S: std::ops::Deref<Target = Session>>(
    caller: &Caller,
    target: &SessionRef,
    found: Option<S>,
) -> Result<S, ProxyError> {
    match found {
        Some(session) if covers(caller, &session) => Ok(session),
        Some(_) => Err(ProxyError::Forbidden(OTHER_SESSION)),
        None if names_own_session(caller, target) => Err(ProxyError::NotFound(NO_SESSION)),
        None => Err(ProxyError::Forbidden(OTHER_SESSION)),
    }
}
