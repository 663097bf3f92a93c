//! How a request names what it acts on: an id in the path, or `0` plus the
//! EHR's own ids in the query (`externalSessionId`, `externalId`), as the
//! Participant and User APIs allow. Resolving an address reads the database, so it
//! runs inside the request's transaction.

use rusqlite::Connection;

use crate::common::{Participation, Session, User};
use crate::simulator::error::SimulatorError;
use crate::simulator::queries;

pub const SESSION_NOT_FOUND: &str = "Session not found";
pub const PARTICIPANT_NOT_FOUND: &str = "Participant not found";
pub const USER_NOT_FOUND: &str = "User not found";

/// Reads the id in a path. SecureVideo's ids are integers; anything else is
/// an invalid request (400), as in ASP.NET Web API. Negative or unknown ids
/// are left to the lookup (404).
pub fn path_id(raw: &str) -> Result<i64, SimulatorError> {
    raw.trim().parse().map_err(|_| {
        SimulatorError::BadRequest(
            "The request is invalid: the id in the address must be a whole number.".to_owned(),
        )
    })
}

/// The query string's parameters. Names are matched case-insensitively,
/// as ASP.NET binds them; blank values count as missing.
#[derive(Debug, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(raw: Option<&str>) -> Self {
        Self(
            raw.map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default(),
        )
    }

    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(key, value)| key.eq_ignore_ascii_case(name) && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_owned())
    }
}

/// A session, by SessionId or by the EHR's ExternalSessionId.
#[derive(Clone, Debug)]
pub enum SessionAddress {
    Id(i64),
    External(String),
}

impl SessionAddress {
    /// `/{sessionId}`, or `/0?externalSessionId=Y`.
    pub fn from_request(path: &str, query: &QueryParams) -> Result<Self, SimulatorError> {
        match path_id(path)? {
            0 => query
                .get("externalSessionId")
                .map(Self::External)
                .ok_or_else(|| {
                    SimulatorError::BadRequest(
                        "externalSessionId is required in the query when the session id is 0."
                            .to_owned(),
                    )
                }),
            id => Ok(Self::Id(id)),
        }
    }

    pub fn resolve(&self, conn: &Connection) -> Result<Session, SimulatorError> {
        let id = self.resolve_id(conn)?;
        queries::session(conn, id)?.ok_or(SimulatorError::NotFound(SESSION_NOT_FOUND))
    }

    /// The SessionId, without reading the session; an unknown external id
    /// is a 404 (an unknown SessionId is left to the caller's read).
    pub fn resolve_id(&self, conn: &Connection) -> Result<i64, SimulatorError> {
        match self {
            Self::Id(id) => Ok(*id),
            Self::External(external) => queries::session_id_by_external_id(conn, external)?
                .ok_or(SimulatorError::NotFound(SESSION_NOT_FOUND)),
        }
    }
}

/// A participation, by ParticipationId or by the session's
/// ExternalSessionId and the participant's ParticipantExternalId.
#[derive(Clone, Debug)]
pub enum ParticipantAddress {
    Id(i64),
    External {
        session: String,
        participant: String,
    },
}

impl ParticipantAddress {
    /// `/{participationId}`, or `/0?externalSessionId=Y&externalId=X`.
    pub fn from_request(path: &str, query: &QueryParams) -> Result<Self, SimulatorError> {
        match path_id(path)? {
            0 => match (query.get("externalSessionId"), query.get("externalId")) {
                (Some(session), Some(participant)) => Ok(Self::External {
                    session,
                    participant,
                }),
                _ => Err(SimulatorError::BadRequest(
                    "externalSessionId and externalId are required in the query when the \
                     participation id is 0."
                        .to_owned(),
                )),
            },
            id => Ok(Self::Id(id)),
        }
    }

    /// The session and the participation in it.
    pub fn resolve(&self, conn: &Connection) -> Result<(Session, Participation), SimulatorError> {
        let not_found = || SimulatorError::NotFound(PARTICIPANT_NOT_FOUND);
        match self {
            Self::Id(id) => {
                let session_id =
                    queries::session_id_of_participation(conn, *id)?.ok_or_else(not_found)?;
                let session = SessionAddress::Id(session_id).resolve(conn)?;
                let target = session.participation(*id).cloned().ok_or_else(not_found)?;
                Ok((session, target))
            }
            Self::External {
                session,
                participant,
            } => {
                let session = SessionAddress::External(session.clone()).resolve(conn)?;
                let target = session
                    .participation_by_external_id(participant)
                    .cloned()
                    .ok_or_else(not_found)?;
                Ok((session, target))
            }
        }
    }
}

/// A user account, by SystemUserId or by the EHR's ExternalId.
#[derive(Clone, Debug)]
pub enum UserAddress {
    Id(i64),
    External(String),
}

impl UserAddress {
    /// `/{userId}`, or `/0?externalId=X`.
    pub fn from_request(path: &str, query: &QueryParams) -> Result<Self, SimulatorError> {
        match path_id(path)? {
            0 => query.get("externalId").map(Self::External).ok_or_else(|| {
                SimulatorError::BadRequest(
                    "externalId is required in the query when the user id is 0.".to_owned(),
                )
            }),
            id => Ok(Self::Id(id)),
        }
    }

    /// The user, unless unknown or deleted (404 "User not found").
    pub fn resolve(&self, conn: &Connection) -> Result<User, SimulatorError> {
        let user = match self {
            Self::Id(id) => queries::user(conn, *id)?,
            Self::External(external) => queries::user_by_external_id(conn, external)?,
        };
        user.ok_or(SimulatorError::NotFound(USER_NOT_FOUND))
    }
}

/// The session as it is now, inside the request's transaction.
pub fn reload(conn: &Connection, session_id: i64) -> Result<Session, SimulatorError> {
    queries::session(conn, session_id)?.ok_or_else(|| {
        SimulatorError::Internal(format!("session {session_id} vanished mid-request"))
    })
}
