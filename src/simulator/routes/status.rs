//! SecureVideo's session status: `GET /status/{sessionId}` or
//! `GET /status/0?externalSessionId=Y` → 200
//! `{"SessionId": 36201, "Status": "NOT_STARTED" | "STARTED" | "ENDED"}`,
//! 404 `{"Message": "Session not found"}` for an unknown session.
//!
//! The body's shape is assumed (SecureVideo's page names the method and
//! the three values, not the body; see [`SessionStatusBody`]). What the
//! simulator derives the status from: ENDED once the session was ended
//! (`POST /simulator/session/{id}/end`), STARTED once any participant has
//! connected (`POST /simulator/participant/{id}/connect`), even if all have
//! left since, else NOT_STARTED (see `queries/visit.rs`).

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::address::{QueryParams, SESSION_NOT_FOUND, SessionAddress};
use crate::common::SessionStatusBody;
use crate::simulator::error::{SimulatorError, json};
use crate::simulator::{SimulatorState, queries};

pub fn routes() -> Router<SimulatorState> {
    Router::new().route("/status/{id}", get(show))
}

async fn show(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let address = SessionAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let body = state
        .read(move |tx| {
            let session_id = address.resolve_id(tx)?;
            let status = queries::session_state(tx, session_id)?
                .ok_or(SimulatorError::NotFound(SESSION_NOT_FOUND))?;
            Ok(SessionStatusBody { session_id, status })
        })
        .await?;
    Ok(json(StatusCode::OK, &body))
}
