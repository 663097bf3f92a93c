//! SecureVideo's Participant API: add, update and remove a session's
//! participants, each addressable by SecureVideo's id or by the EHR's ids.
//!
//! - `POST /participant/{sessionId}` or `/participant/0?externalSessionId=Y`:
//!   a body with SecureVideoUserId adds that SecureVideo user, any other body
//!   adds a guest. 200 + the updated Session.
//! - `PUT /participant/{participationId}` or
//!   `/participant/0?externalSessionId=Y&externalId=X` (X is the
//!   participant's ParticipantExternalId): the body replaces the guest's
//!   properties (its name may only repeat the current one), or a user's
//!   session-specific ones (PacketId, SvcId, DepositRequired); a property
//!   left out is cleared, as with any PUT. 200 + the updated Session.
//! - `DELETE` on the same two addresses: 204, empty body.
//!
//! Each request parses its body with `common`, then checks it against the
//! stored session and writes, all in one `BEGIN IMMEDIATE` transaction.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;

use super::address::{ParticipantAddress, QueryParams, SessionAddress, reload};
use crate::common::{
    AddRequest, ParticipantForm, Session, UpdateRequest, check_guest_add, check_remove,
    check_update, check_user_add, field, parse_add, parse_update,
};
use crate::simulator::error::{SimulatorError, json, no_content};
use crate::simulator::{SimulatorState, outbox, queries};

/// The message when a body names a SecureVideo user that does not exist.
pub const UNKNOWN_USER_MESSAGE: &str = "There is no SecureVideo user with this id.";

pub fn routes() -> Router<SimulatorState> {
    Router::new().route("/participant/{id}", post(add).put(update).delete(remove))
}

/// Reads a participant body; a body that is not a JSON object is a 400.
fn form(body: &[u8]) -> Result<ParticipantForm, SimulatorError> {
    Ok(ParticipantForm::from_json(body)?)
}

async fn add(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let address = SessionAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let request = parse_add(&form(&body)?)?;
    let (session, participation_id) = state
        .write(move |tx| {
            let session = address.resolve(tx)?;
            let participation_id = add_to_session(tx, &session, &request)?;
            Ok((reload(tx, session.session_id)?, participation_id))
        })
        .await?;
    // Logged once committed: a line here is a change that happened.
    tracing::info!(
        session_id = session.session_id,
        participation_id,
        "participant added"
    );
    Ok(json(StatusCode::OK, &session))
}

async fn update(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let address = ParticipantAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let form = form(&body)?;
    let session = state
        .write(move |tx| {
            let (session, target) = address.resolve(tx)?;
            // Which body applies depends on who the target is, not on the body.
            let update = parse_update(&form, target.is_user())?;
            check_update(&session, &target, &update)?;
            let participation_id = target.participation_id;
            match &update {
                UpdateRequest::Guest(guest) => queries::update_guest(tx, participation_id, guest)?,
                UpdateRequest::User(user) => queries::update_user_participation(
                    tx,
                    participation_id,
                    user.packet(),
                    user.deposit(),
                )?,
            }
            outbox::invite_if_changed(tx, session.session_id, participation_id)?;
            Ok((reload(tx, session.session_id)?, participation_id))
        })
        .await?;
    let (session, participation_id) = session;
    tracing::info!(
        session_id = session.session_id,
        participation_id,
        "participant updated"
    );
    Ok(json(StatusCode::OK, &session))
}

async fn remove(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let address = ParticipantAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let (session_id, participation_id) = state
        .write(move |tx| {
            let (session, target) = address.resolve(tx)?;
            check_remove(&session, &target)?;
            let participation_id = target.participation_id;
            outbox::cancel(tx, session.session_id, participation_id)?;
            queries::delete_participation(tx, participation_id)?;
            Ok((session.session_id, participation_id))
        })
        .await?;
    tracing::info!(session_id, participation_id, "participant removed");
    Ok(no_content())
}

/// Adds a validated participant to a session after checking it against the
/// session as stored; returns the new ParticipationId. Shared with session
/// creation, whose participants follow the same rules.
pub fn add_to_session(
    tx: &rusqlite::Connection,
    session: &Session,
    request: &AddRequest,
) -> Result<i64, SimulatorError> {
    let session_id = session.session_id;
    let participation_id = match request {
        AddRequest::Guest(guest) => {
            check_guest_add(session, guest)?;
            queries::insert_guest(tx, session_id, guest)?
        }
        AddRequest::User(wanted) => {
            check_user_add(session, wanted)?;
            // spec: the user must be one of SecureVideo's; the participation
            // takes their details from the account.
            let user = wanted
                .user_id()
                .map(|id| queries::user(tx, id))
                .transpose()?
                .flatten()
                .ok_or_else(|| SimulatorError::field(field::USER_ID, UNKNOWN_USER_MESSAGE))?;
            queries::insert_user_participation(
                tx,
                session_id,
                &user,
                wanted.packet(),
                wanted.deposit(),
            )?
        }
    };
    outbox::invite_new(tx, session_id, participation_id)?;
    Ok(participation_id)
}
