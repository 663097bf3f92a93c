//! Sessions: list, create, reschedule and delete.
//!
//! - `GET /session`: the account's sessions, soonest first.
//! - `GET /session/{userId}`: the sessions that user takes part in (as host
//!   or participant); 404 for an unknown user. A redundant `?UserId=` with
//!   the same id is tolerated, as SecureVideo did.
//! - `POST /session/{userId}`: creates a session hosted by that user; body
//!   `{UserId?, ScheduleTs, ExternalSessionId?, Topic?, Participants: [..]}`
//!   with each participant a guest or user body, checked with `common`'s
//!   rules like an add. The host is the first participant. 201 + Session.
//! - `PUT /session/{sessionId}`: reschedules (body `{ScheduleTs}`); the
//!   ScheduleType becomes "Rescheduled". 200 + Session.
//! - `DELETE /session/{sessionId}`: 204; a cancellation goes to every
//!   participant who had been invited.
//!
//! PUT and DELETE also take `/session/0?externalSessionId=Y`, like the
//! Participant API.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::address::{QueryParams, SessionAddress, USER_NOT_FOUND, path_id, reload};
use super::participant::add_to_session;
use crate::common::rules::values::EXTERNAL_ID_MAX_CHARS;
use crate::common::wire::id_from_number_or_string;
use crate::common::{AddRequest, Packet, ParticipantForm, parse_add};
use crate::simulator::error::{SimulatorError, json, no_content};
use crate::simulator::queries::{self, SessionFilter, TS_FORMAT};
use crate::simulator::{SimulatorState, outbox};

const TOPIC_MAX_CHARS: usize = 200;

pub fn routes() -> Router<SimulatorState> {
    Router::new().route("/session", get(list_all)).route(
        "/session/{id}",
        get(list_for_user)
            .post(create)
            .put(reschedule)
            .delete(delete),
    )
}

/// The body of `POST /session/{userId}`. Unknown fields are ignored.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NewSession {
    #[serde(default, deserialize_with = "id_from_number_or_string")]
    user_id: Option<i64>,
    #[serde(default)]
    schedule_ts: Option<String>,
    #[serde(default)]
    external_session_id: Option<String>,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default)]
    participants: Option<Vec<Value>>,
}

/// The body of `PUT /session/{sessionId}`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Reschedule {
    #[serde(default)]
    schedule_ts: Option<String>,
}

async fn list_all(State(state): State<SimulatorState>) -> Result<Response, SimulatorError> {
    let sessions = state
        .read(|tx| Ok(queries::sessions(tx, SessionFilter::All)?))
        .await?;
    Ok(json(StatusCode::OK, &sessions))
}

async fn list_for_user(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let user_id = path_id(&id)?;
    redundant_user_id(user_id, &QueryParams::parse(query.as_deref()))?;
    let sessions = state
        .read(move |tx| {
            queries::user(tx, user_id)?.ok_or(SimulatorError::NotFound(USER_NOT_FOUND))?;
            Ok(queries::sessions(tx, SessionFilter::WithUser(user_id))?)
        })
        .await?;
    Ok(json(StatusCode::OK, &sessions))
}

async fn create(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let host_id = path_id(&id)?;
    let new: NewSession = read_body(&body)?;
    if new.user_id.is_some_and(|body_id| body_id != host_id) {
        return Err(SimulatorError::field(
            "UserId",
            "The UserId in the body must be the user in the address.",
        ));
    }
    let schedule_ts = schedule_ts(new.schedule_ts.as_deref())?;
    let external = optional_text(
        new.external_session_id,
        "ExternalSessionId",
        EXTERNAL_ID_MAX_CHARS,
    )?;
    let topic = optional_text(new.topic, "Topic", TOPIC_MAX_CHARS)?;
    let participants = new
        .participants
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, body)| {
            ParticipantForm::from_json(body.to_string().as_bytes())
                .and_then(|form| parse_add(&form))
                .map_err(|errors| at_participant(i, errors.into()))
        })
        .collect::<Result<Vec<AddRequest>, SimulatorError>>()?;

    let session = state
        .write(move |tx| {
            let host =
                queries::user(tx, host_id)?.ok_or(SimulatorError::NotFound(USER_NOT_FOUND))?;
            if let Some(external) = &external
                && queries::session_id_by_external_id(tx, external)?.is_some()
            {
                return Err(SimulatorError::field(
                    "ExternalSessionId",
                    "A session with this ExternalSessionId already exists.",
                ));
            }
            let session_id = queries::insert_session(
                tx,
                host_id,
                &schedule_ts,
                external.as_deref(),
                topic.as_deref(),
            )?;
            queries::insert_user_participation(tx, session_id, &host, Packet::Unspecified, None)?;
            // Each participant is checked against the session as it stands,
            // so duplicates within the request are refused too; any refusal
            // rolls the whole session back.
            for (i, request) in participants.iter().enumerate() {
                let session = reload(tx, session_id)?;
                add_to_session(tx, &session, request).map_err(|e| at_participant(i, e))?;
            }
            reload(tx, session_id)
        })
        .await?;
    // Logged once committed: a line here is a change that happened.
    tracing::info!(
        session_id = session.session_id,
        host_user_id = session.user_id,
        "session created"
    );
    Ok(json(StatusCode::CREATED, &session))
}

async fn reschedule(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, SimulatorError> {
    let address = SessionAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let change: Reschedule = read_body(&body)?;
    let schedule_ts = schedule_ts(change.schedule_ts.as_deref())?;
    let session = state
        .write(move |tx| {
            let session = address.resolve(tx)?;
            queries::reschedule_session(tx, session.session_id, &schedule_ts)?;
            reload(tx, session.session_id)
        })
        .await?;
    tracing::info!(session_id = session.session_id, "session rescheduled");
    Ok(json(StatusCode::OK, &session))
}

async fn delete(
    State(state): State<SimulatorState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, SimulatorError> {
    let address = SessionAddress::from_request(&id, &QueryParams::parse(query.as_deref()))?;
    let session_id = state
        .write(move |tx| {
            let session = address.resolve(tx)?;
            for participant in &session.participants {
                outbox::cancel(tx, session.session_id, participant.participation_id)?;
            }
            queries::delete_session(tx, session.session_id)?;
            Ok(session.session_id)
        })
        .await?;
    tracing::info!(session_id, "session deleted");
    Ok(no_content())
}

/// SecureVideo clients have been seen sending the user twice,
/// `GET /session/12281?UserId=12281`, and the real server answered as
/// without the query. The same id again is tolerated; another id is a
/// contradiction and refused rather than silently ignored.
fn redundant_user_id(user_id: i64, query: &QueryParams) -> Result<(), SimulatorError> {
    match query.get("UserId") {
        None => Ok(()),
        Some(repeated) if path_id(&repeated).ok() == Some(user_id) => Ok(()),
        Some(_) => Err(SimulatorError::BadRequest(
            "The UserId in the query must be the user in the address.".to_owned(),
        )),
    }
}

/// Prefixes a participant's errors with its place in `Participants`.
fn at_participant(index: usize, error: SimulatorError) -> SimulatorError {
    match error {
        SimulatorError::BadRequest(message) => {
            SimulatorError::BadRequest(format!("Participants[{index}]: {message}"))
        }
        other => other,
    }
}

/// Reads a JSON object body into `T`; anything else is a 400.
fn read_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, SimulatorError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| SimulatorError::BadRequest("The body is not valid JSON.".to_owned()))?;
    if !value.is_object() {
        return Err(SimulatorError::BadRequest(
            "The body must be a JSON object.".to_owned(),
        ));
    }
    serde_json::from_value(value).map_err(|error| {
        SimulatorError::BadRequest(format!("The body is not a valid session: {error}."))
    })
}

/// A schedule time, stored and returned as SecureVideo writes it: UTC,
/// without an offset. Accepts that form (optionally with fractional seconds
/// or a `Z`), or any RFC 3339 time with an offset, converted to UTC.
fn schedule_ts(raw: Option<&str>) -> Result<String, SimulatorError> {
    let invalid = || {
        SimulatorError::field(
            "ScheduleTs",
            "The schedule time is required, in UTC, like 2016-04-16T15:00:00.",
        )
    };
    let raw = raw
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(invalid)?;
    let parsed = DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .or_else(|_| {
            NaiveDateTime::parse_from_str(raw.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f")
        })
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M"))
        .map_err(|_| invalid())?;
    Ok(parsed.format(TS_FORMAT).to_string())
}

/// An optional text field: trimmed, blank is absent, at most `max` chars.
fn optional_text(
    value: Option<String>,
    name: &str,
    max: usize,
) -> Result<Option<String>, SimulatorError> {
    let Some(text) = value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(SimulatorError::field(
            name,
            &format!("{name} must be at most {max} characters, without control characters."),
        ));
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_times_are_normalised_to_utc_without_offset() {
        let ok = |raw: &str| schedule_ts(Some(raw)).unwrap();
        assert_eq!(ok("2016-04-16T15:00:00"), "2016-04-16T15:00:00");
        assert_eq!(ok("2016-04-16T15:00:00.250"), "2016-04-16T15:00:00");
        assert_eq!(ok("2016-04-16T15:00:00Z"), "2016-04-16T15:00:00");
        assert_eq!(ok("2016-04-16T10:00:00-05:00"), "2016-04-16T15:00:00");
        assert_eq!(ok("2016-04-16T15:00"), "2016-04-16T15:00:00");
        assert!(schedule_ts(Some("tomorrow")).is_err());
        assert!(schedule_ts(None).is_err());
    }
}
