//! `/healthz`: the process is up (no upstream call). `/readyz`: SecureVideo
//! answers authenticated calls, so requests can be served (200 or 503),
//! from the latest outcome (see [`crate::proxy::readiness`]).

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::proxy::AppState;
use crate::proxy::error::ProxyError;

pub async fn live() -> Json<Value> {
    Json(json!({ "Status": "ok" }))
}

pub async fn ready(State(state): State<AppState>) -> Result<Json<Value>, ProxyError> {
    if state.readiness().ready().await {
        Ok(Json(json!({ "Status": "ready" })))
    } else {
        Err(ProxyError::Unavailable)
    }
}
