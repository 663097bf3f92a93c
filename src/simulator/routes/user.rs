//! The User API's reads: `GET /user` (every user of the account),
//! `GET /user/{id}`, and `GET /user/0?externalId=X` (by the EHR's id).
//! A user is written exactly as SecureVideo does, SystemUserId as a string;
//! an unknown one is 404 `{"Message": "User not found"}`.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::address::{QueryParams, USER_NOT_FOUND, path_id};
use crate::simulator::error::{ApiError, json};
use crate::simulator::{SimulatorState, queries};

pub fn routes() -> Router<SimulatorState> {
    Router::new()
        .route("/user", get(list))
        .route("/user/{id}", get(one))
}

async fn list(State(state): State<SimulatorState>) -> Result<Response, ApiError> {
    let users = state.read(|tx| Ok(queries::list_users(tx)?)).await?;
    Ok(json(StatusCode::OK, &users))
}

async fn one(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let user_id = path_id(&id)?;
    let external_id = match user_id {
        0 => Some(
            QueryParams::parse(query.as_deref())
                .get("externalId")
                .ok_or_else(|| {
                    ApiError::BadRequest(
                        "externalId is required in the query when the user id is 0.".to_owned(),
                    )
                })?,
        ),
        _ => None,
    };
    let user = state
        .read(move |tx| {
            let user = match &external_id {
                Some(external_id) => queries::user_by_external_id(tx, external_id)?,
                None => queries::user(tx, user_id)?,
            };
            user.ok_or(ApiError::NotFound(USER_NOT_FOUND))
        })
        .await?;
    Ok(json(StatusCode::OK, &user))
}
