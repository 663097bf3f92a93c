//! One session, as the widget shows it, and its status:
//!
//! - `GET /api/session/{sessionId}` and `GET /api/session/0?externalSessionId=`:
//!   the [`SessionView`], with an `ETag`; `If-None-Match` with that tag is
//!   answered `304 Not Modified`, no body ([`super::etag`]). SecureVideo
//!   documents no read of one session; [`crate::proxy::sessions`] finds it
//!   and keeps it fresh.
//! - `GET /api/session/{sessionId}/status` (and `/api/session/0/status?externalSessionId=`):
//!   `{"SessionId": 36201, "Status": "NOT_STARTED" | "STARTED" | "ENDED" | "UNKNOWN"}`
//!   ([`SessionStatus`]), from SecureVideo's `GET /status/{sessionId}`.
//!
//! Both take any token for the session (read scope suffices) and check it
//! the same way: the address, the token's session, then the session found.
//! The status is asked for by the SessionId that was found and authorized,
//! never by the request's external id, and kept like the session's snapshot
//! (one read per session per max age, see `sessions/status.rs`).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::etag;
use super::params::{self, PathParam, QueryParam};
use crate::common::view::{SessionStatus, SessionView};
use crate::proxy::AppState;
use crate::proxy::access;
use crate::proxy::auth::Caller;
use crate::proxy::error::ProxyError;

pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParam,
    query: QueryParam,
    headers: HeaderMap,
) -> Result<Response, ProxyError> {
    let target = params::session_target("sessionId", path, query)?;
    access::precheck(&caller, &target)?;
    let session = state.sessions().session(&caller, &target).await?;
    etag::json_or_not_modified(&headers, &SessionView::from(&*session))
}

pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParam,
    query: QueryParam,
) -> Result<axum::Json<SessionStatus>, ProxyError> {
    let target = params::session_target("sessionId", path, query)?;
    access::precheck(&caller, &target)?;
    let session = state.sessions().session(&caller, &target).await?;
    let status = state.sessions().status(&session).await?;
    Ok(axum::Json(SessionStatus {
        session_id: session.session_id,
        status,
    }))
}
