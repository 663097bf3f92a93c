//! Which session a request addresses, and whether the caller's token covers
//! it. A token names its session by SessionId or by ExternalSessionId; a
//! request may address it either way, or by a ParticipationId. What can be
//! decided without SecureVideo is decided first ([`require_write`],
//! [`precheck`]); the rest is decided on the session list that
//! `GET /session` returns, before anything is changed.

use super::auth::{Caller, Scope, SessionGrant};
use super::error::ApiError;
use super::upstream::{ParticipantRef, SessionRef};
use crate::common::{Participation, Session};

const OTHER_SESSION: &str = "This embed token is for another session.";
const READ_ONLY: &str =
    "This embed token may only read; ask for a token that may change participants.";
const NO_SESSION: &str = "No active session matches.";
const NO_PARTICIPANT: &str = "No participant matches in this session.";

/// A change needs a write token.
pub fn require_write(caller: &Caller) -> Result<(), ApiError> {
    match caller.scope {
        Scope::Write => Ok(()),
        Scope::Read => Err(ApiError::Forbidden(READ_ONLY)),
    }
}

/// Refuses, without asking SecureVideo, a request whose session is named
/// the same way as the token's but differently.
pub fn precheck(caller: &Caller, target: &SessionRef) -> Result<(), ApiError> {
    let SessionGrant::One(granted) = &caller.grant else {
        return Ok(());
    };
    let differs = match (granted, target) {
        (SessionRef::Id(a), SessionRef::Id(b)) => a != b,
        (SessionRef::External(a), SessionRef::External(b)) => a != b,
        _ => false,
    };
    if differs {
        Err(ApiError::Forbidden(OTHER_SESSION))
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

/// Does `session` match the reference?
fn matches(session: &Session, reference: &SessionRef) -> bool {
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
fn names_own_session(caller: &Caller, target: &SessionRef) -> bool {
    match &caller.grant {
        SessionGrant::Any => true,
        SessionGrant::One(granted) => granted == target,
    }
}

/// Finds the addressed session in the list and checks the token covers it.
pub fn resolve_session<'a>(
    caller: &Caller,
    sessions: &'a [Session],
    target: &SessionRef,
) -> Result<&'a Session, ApiError> {
    match sessions.iter().find(|s| matches(s, target)) {
        Some(session) if covers(caller, session) => Ok(session),
        Some(_) => Err(ApiError::Forbidden(OTHER_SESSION)),
        None if names_own_session(caller, target) => Err(ApiError::NotFound(NO_SESSION)),
        None => Err(ApiError::Forbidden(OTHER_SESSION)),
    }
}

/// Finds the addressed participant and its session, and checks the token
/// covers that session.
pub fn resolve_participation<'a>(
    caller: &Caller,
    sessions: &'a [Session],
    target: &ParticipantRef,
) -> Result<(&'a Session, &'a Participation), ApiError> {
    match target {
        ParticipantRef::Id(id) => {
            let found = sessions
                .iter()
                .find_map(|s| s.participation(*id).map(|p| (s, p)));
            match found {
                Some((session, participation)) if covers(caller, session) => {
                    Ok((session, participation))
                }
                Some(_) => Err(ApiError::Forbidden(OTHER_SESSION)),
                None => Err(ApiError::NotFound(NO_PARTICIPANT)),
            }
        }
        ParticipantRef::External {
            session,
            participant,
        } => {
            let session =
                resolve_session(caller, sessions, &SessionRef::External(session.clone()))?;
            let participation = session
                .participation_by_external_id(participant)
                .ok_or(ApiError::NotFound(NO_PARTICIPANT))?;
            Ok((session, participation))
        }
    }
}
