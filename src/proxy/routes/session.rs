//! `GET /api/session/{sessionId}` and `GET /api/session/0?externalSessionId=`:
//! one session, as the widget shows it. SecureVideo documents no read of
//! one session; [`crate::proxy::sessions`] finds it and keeps it fresh.

use axum::Json;
use axum::extract::State;

use super::params::{self, PathParam, QueryParam};
use crate::common::view::SessionView;
use crate::proxy::AppState;
use crate::proxy::access;
use crate::proxy::auth::Caller;
use crate::proxy::error::ProxyError;

pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParam,
    query: QueryParam,
) -> Result<Json<SessionView>, ProxyError> {
    let target = params::session_target("sessionId", path, query)?;
    access::precheck(&caller, &target)?;
    let session = state.sessions().session(&caller, &target).await?;
    Ok(Json(SessionView::from(&*session)))
}
