//! The User API (SecureVideo KB "API - Users"), each user addressable by
//! SystemUserId or, with `0`, by the EHR's ExternalId (`?externalId=X`):
//!
//! - `GET /user`: every active (not deleted) user of the account;
//! - `GET /user/{id}` or `/user/0?externalId=X`: one user;
//! - `POST /user`: creates a user; 201 + the User;
//! - `PUT /user/{id}` (or `/user/0?externalId=X`): replaces the user's
//!   writable properties (a property left out is cleared, as with any PUT);
//!   the user's participations show the new details, so a new name must not
//!   be another participant's in one of the user's sessions. 200 + the User;
//! - `DELETE /user/{id}` (or `/user/0?externalId=X`): 204; from then on the
//!   user is 404 everywhere.
//!
//! A user is written exactly as SecureVideo does, SystemUserId as a string;
//! an unknown one is 404 `{"Message": "User not found"}`. Bodies are parsed
//! with `common`'s [`parse_user_account`]; read-only (SystemUserId, VideoId),
//! write-only (NewPassword, never stored) and unknown fields are ignored.
//!
//! Deleting a user is not described by SecureVideo beyond "active
//! (non-deleted) users", so the simulator takes the safe way: it refuses
//! (400) while the user hosts, or takes part in, a session scheduled from
//! now on, naming those sessions: delete the session, or remove the user
//! from it, first. Nothing is cancelled behind the caller's back. Past
//! sessions keep the user's participation as it was (the row is marked
//! deleted, not removed), and the user's ExternalId is freed for a new user.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::address::{QueryParams, UserAddress};
use crate::common::{
    UserAccountForm, UserAccountRequest, name_key, parse_user_account, user_field,
};
use crate::simulator::SimulatorState;
use crate::simulator::error::{SimulatorError, json, no_content};
use crate::simulator::queries::{self, SessionFilter};

pub const DUPLICATE_EXTERNAL_ID_MESSAGE: &str = "Another user already has this ExternalId.";

pub fn routes() -> Router<SimulatorState> {
    Router::new()
        .route("/user", get(list).post(create))
        .route("/user/{id}", get(one).put(update).delete(delete))
}

async fn list(State(state): State<SimulatorState>) -> Result<Response, SimulatorError> {
    let users = state.read(|tx| Ok(queries::list_users(tx)?)).await?;
    Ok(json(StatusCode::OK, &users))
}

async fn one(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let address = UserAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let user = state.read(move |tx| address.resolve(tx)).await?;
    Ok(json(StatusCode::OK, &user))
}

/// Reads and validates a User body.
fn account(body: &[u8]) -> Result<UserAccountRequest, SimulatorError> {
    Ok(parse_user_account(&UserAccountForm::from_json(body)?)?)
}

/// The ExternalId names one user: `/user/0?externalId=X` must find one.
fn check_external_id(
    tx: &rusqlite::Connection,
    account: &UserAccountRequest,
    except: Option<i64>,
) -> Result<(), SimulatorError> {
    match account.external_id() {
        Some(external) if queries::user_external_id_taken(tx, external, except)? => Err(
            SimulatorError::field(user_field::EXTERNAL_ID, DUPLICATE_EXTERNAL_ID_MESSAGE),
        ),
        _ => Ok(()),
    }
}

/// A renamed user keeps every session's rule that names are unique: the
/// new name must not be another participant's in a session the user is in.
fn check_name_in_sessions(
    tx: &rusqlite::Connection,
    user_id: i64,
    name: &str,
) -> Result<(), SimulatorError> {
    let key = name_key(name);
    let sessions = queries::sessions(tx, SessionFilter::WithUser(user_id))?;
    let clash = sessions.iter().find(|session| {
        session.participants.iter().any(|p| {
            p.secure_video_user_id != Some(user_id)
                && p.participant_full_name.as_deref().map(name_key).as_deref() == Some(&key)
        })
    });
    match clash {
        Some(session) => Err(SimulatorError::field(
            user_field::FULL_NAME,
            &format!(
                "A participant with this name is already in session {}, which this user is in.",
                session.session_id
            ),
        )),
        None => Ok(()),
    }
}

async fn create(
    State(state): State<SimulatorState>,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let account = account(&body)?;
    let user = state
        .write(move |tx| {
            check_external_id(tx, &account, None)?;
            let id = queries::create_user(tx, &account)?;
            UserAddress::Id(id).resolve(tx)
        })
        .await?;
    // Logged once committed, with the id only.
    tracing::info!(system_user_id = user.system_user_id, "user created");
    Ok(json(StatusCode::CREATED, &user))
}

async fn update(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let address = UserAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let account = account(&body)?;
    let user = state
        .write(move |tx| {
            let user_id = address.resolve(tx)?.system_user_id.unwrap_or_default();
            check_external_id(tx, &account, Some(user_id))?;
            check_name_in_sessions(tx, user_id, account.name())?;
            queries::update_user(tx, user_id, &account)?;
            UserAddress::Id(user_id).resolve(tx)
        })
        .await?;
    tracing::info!(system_user_id = user.system_user_id, "user updated");
    Ok(json(StatusCode::OK, &user))
}

async fn delete(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let address = UserAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let user_id = state
        .write(move |tx| {
            let user_id = address.resolve(tx)?.system_user_id.unwrap_or_default();
            let (hosted, joined) =
                queries::upcoming_sessions_of_user(tx, user_id, &queries::now_ts())?;
            if let Some(refusal) = still_needed(&hosted, &joined) {
                return Err(SimulatorError::BadRequest(refusal));
            }
            queries::delete_user(tx, user_id)?;
            Ok(user_id)
        })
        .await?;
    tracing::info!(system_user_id = user_id, "user deleted");
    Ok(no_content())
}

/// Why a user cannot be deleted yet, if they are still in upcoming
/// sessions.
fn still_needed(hosted: &[i64], joined: &[i64]) -> Option<String> {
    let list = |ids: &[i64]| {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (hosted.is_empty(), joined.is_empty()) {
        (true, true) => None,
        (false, _) => Some(format!(
            "The user hosts upcoming sessions ({}); delete those sessions first.",
            list(hosted)
        )),
        (true, false) => Some(format!(
            "The user takes part in upcoming sessions ({}); remove them from those sessions \
             first.",
            list(joined)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::still_needed;

    #[test]
    fn a_user_still_in_upcoming_sessions_is_not_deleted_and_is_told_why() {
        assert_eq!(still_needed(&[], &[]), None);
        let hosted = still_needed(&[36201, 36202], &[36300]).unwrap();
        assert!(
            hosted.contains("hosts upcoming sessions (36201, 36202)"),
            "{hosted}"
        );
        let joined = still_needed(&[], &[36300]).unwrap();
        assert!(
            joined.contains("takes part in upcoming sessions (36300)"),
            "{joined}"
        );
    }
}
