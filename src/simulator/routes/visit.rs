//! Simulator-only routes for demos and tests: what happens during a visit,
//! which SecureVideo's API shows (a participant's `ConnectionTs` and
//! `RSVP`, `GET /status`) but gives a client no way to do. Under
//! `/simulator/`, so no one mistakes them for SecureVideo's paths; behind
//! the same Basic credentials as the rest, like `/outbox` and `/stats`.
//!
//! - `POST /simulator/participant/{participationId}/connect`: the
//!   participant connects now (`ConnectionTs`, UTC without an offset); the
//!   session's status becomes STARTED. 200 + the updated Session; 400 once
//!   the session has ended.
//! - `POST /simulator/participant/{participationId}/disconnect`: the
//!   participant leaves (`ConnectionTs` null; the session stays STARTED).
//!   200 + Session.
//! - `POST /simulator/participant/{participationId}/rsvp`, body
//!   `{"RSVP": "Confirmed" | "Declined" | "Unknown"}`: the participant's
//!   answer to the invitation. 200 + Session; any other body is a 400
//!   naming `RSVP`.
//! - `POST /simulator/session/{sessionId}/end`: the session ends (status
//!   ENDED, for good) and everyone still connected is disconnected. 200 +
//!   `{"SessionId": .., "Status": "ENDED"}`.
//!
//! Each also takes SecureVideo's other addressing:
//! `/simulator/participant/0/...?externalSessionId=Y&externalId=X` and
//! `/simulator/session/0/end?externalSessionId=Y`. Unknown ids are 404 as
//! in the Participant API.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use serde_json::Value;

use super::address::{ParticipantAddress, QueryParams, SessionAddress, reload};
use crate::common::{SessionState, SessionStatusBody};
use crate::simulator::error::{SimulatorError, json};
use crate::simulator::{SimulatorState, queries};

/// The RSVP values a participant can give (SecureVideo's, as its Session
/// answers carry them; new participations start at "Unknown").
pub const RSVP_VALUES: [&str; 3] = ["Confirmed", "Declined", "Unknown"];

/// The field `/rsvp` reads.
const RSVP_FIELD: &str = "RSVP";

const ENDED: &str = "The session has ended: nobody can connect to it any more.";

pub fn routes() -> Router<SimulatorState> {
    Router::new()
        .route("/simulator/participant/{id}/connect", post(connect))
        .route("/simulator/participant/{id}/disconnect", post(disconnect))
        .route("/simulator/participant/{id}/rsvp", post(rsvp))
        .route("/simulator/session/{id}/end", post(end))
}

/// What happens to one participant.
#[derive(Clone, Copy, Debug)]
enum Change {
    Connect,
    Disconnect,
    Rsvp(&'static str),
}

impl Change {
    fn logged(self) -> &'static str {
        match self {
            Self::Connect => "participant connected",
            Self::Disconnect => "participant disconnected",
            Self::Rsvp(_) => "participant answered the invitation",
        }
    }
}

async fn change(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    change: Change,
) -> Result<Response, SimulatorError> {
    let address = ParticipantAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let (session, participation_id) = state
        .write(move |tx| {
            let (session, target) = address.resolve(tx)?;
            let (session_id, participation_id) = (session.session_id, target.participation_id);
            match change {
                Change::Connect => {
                    if queries::session_state(tx, session_id)? == Some(SessionState::Ended) {
                        return Err(SimulatorError::BadRequest(ENDED.to_owned()));
                    }
                    queries::connect(tx, session_id, participation_id)?
                }
                Change::Disconnect => queries::disconnect(tx, participation_id)?,
                Change::Rsvp(rsvp) => queries::set_rsvp(tx, participation_id, rsvp)?,
            }
            Ok((reload(tx, session_id)?, participation_id))
        })
        .await?;
    // Ids and the action only: never a name or an address.
    tracing::info!(
        session_id = session.session_id,
        participation_id,
        "{}",
        change.logged()
    );
    Ok(json(StatusCode::OK, &session))
}

async fn connect(
    state: State<SimulatorState>,
    id: Path<String>,
    query: RawQuery,
) -> Result<Response, SimulatorError> {
    change(state, id, query, Change::Connect).await
}

async fn disconnect(
    state: State<SimulatorState>,
    id: Path<String>,
    query: RawQuery,
) -> Result<Response, SimulatorError> {
    change(state, id, query, Change::Disconnect).await
}

async fn rsvp(
    state: State<SimulatorState>,
    id: Path<String>,
    query: RawQuery,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let rsvp = parse_rsvp(&body)?;
    change(state, id, query, Change::Rsvp(rsvp)).await
}

/// `{"RSVP": "Confirmed"}` → "Confirmed"; anything else is a 400 naming
/// the field (other fields are ignored, as in SecureVideo's bodies).
fn parse_rsvp(body: &[u8]) -> Result<&'static str, SimulatorError> {
    let wrong = || {
        SimulatorError::field(
            RSVP_FIELD,
            "Must be one of Confirmed, Declined or Unknown, e.g. {\"RSVP\": \"Confirmed\"}.",
        )
    };
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(SimulatorError::field(
            RSVP_FIELD,
            "The body must be a JSON object such as {\"RSVP\": \"Confirmed\"}.",
        ));
    };
    let given = fields
        .get(RSVP_FIELD)
        .and_then(Value::as_str)
        .ok_or_else(wrong)?;
    RSVP_VALUES
        .into_iter()
        .find(|value| *value == given)
        .ok_or_else(wrong)
}

async fn end(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let address = SessionAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let session_id = state
        .write(move |tx| {
            let session_id = address.resolve(tx)?.session_id;
            queries::end_session(tx, session_id)?;
            Ok(session_id)
        })
        .await?;
    tracing::info!(session_id, "session ended");
    Ok(json(
        StatusCode::OK,
        &SessionStatusBody {
            session_id,
            status: SessionState::Ended,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rsvp_value_is_read_and_anything_else_names_the_field() {
        for value in RSVP_VALUES {
            let body = format!(r#"{{"RSVP": "{value}", "Other": 1}}"#);
            assert_eq!(parse_rsvp(body.as_bytes()).unwrap(), value);
        }
        for body in [
            "",
            "not json",
            "[]",
            r#"{}"#,
            r#"{"RSVP": null}"#,
            r#"{"RSVP": 1}"#,
            r#"{"RSVP": "Maybe"}"#,
            r#"{"RSVP": "confirmed"}"#,
            r#"{"rsvp": "Confirmed"}"#,
        ] {
            let error = parse_rsvp(body.as_bytes()).unwrap_err();
            assert_eq!(error.status(), StatusCode::BAD_REQUEST, "{body}");
            assert!(error.to_string().starts_with("RSVP: "), "{body}: {error}");
        }
    }
}
