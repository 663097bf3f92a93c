//! `/healthz`: the process is up (no upstream call). `/readyz`: SecureVideo
//! answers an authenticated call, so requests can be served (200 or 503).

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::proxy::AppState;
use crate::proxy::error::ApiError;

pub async fn live() -> Json<Value> {
    Json(json!({ "Status": "ok" }))
}

pub async fn ready(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match state.upstream().ping().await {
        Ok(()) => Ok(Json(json!({ "Status": "ready" }))),
        Err(error) => {
            tracing::warn!(upstream_error = %error, "not ready: SecureVideo is not usable");
            Err(ApiError::Unavailable)
        }
    }
}
