//! The Participant API, as SecureVideo has it, for the widget:
//! `POST /api/participant/{sessionId}` (or `0?externalSessionId=`) adds a
//! guest or a SecureVideo user, `PUT /api/participant/{participationId}`
//! (or `0?externalSessionId=&externalId=`) updates one, `DELETE` on the same
//! addresses removes one.
//!
//! Each handler, in order: reads the address (400), checks the token's
//! scope and, where it can, its session (403), parses the body with
//! `common` (400) — all with no upstream call —, then finds the session
//! ([`crate::proxy::sessions`]: its snapshot, else a narrow read), resolves
//! and authorizes the target (404/403), runs `common`'s session checks on
//! it (400), and only then forwards the canonical body, addressed by the
//! SessionId / ParticipationId it resolved to: never by the client's
//! external-id strings, which SecureVideo might match to another session.
//! The answer becomes the session's snapshot. Every attempt ends with one
//! audit line.

use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::params::{self, PathParam, QueryParam};
use crate::common::rules::values::is_absent;
use crate::common::view::SessionView;
use crate::common::{
    AddRequest, ParticipantForm, Participation, Session, check_guest_add, check_remove,
    check_update, check_user_add, parse_add, parse_update,
};
use crate::proxy::AppState;
use crate::proxy::access;
use crate::proxy::audit::{Action, Audit};
use crate::proxy::auth::Caller;
use crate::proxy::error::ProxyError;
use crate::proxy::request_id::RequestId;
use crate::proxy::upstream::{ParticipantRef, SessionRef, UpstreamError};

/// `POST`: adds a guest, or a SecureVideo user when the body names one.
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    request_id: RequestId,
    path: PathParam,
    query: QueryParam,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SessionView>, ProxyError> {
    let mut audit = Audit::begin(&caller, Action::Add, &request_id);
    let result = add_participant(&state, &caller, path, query, &headers, body, &mut audit).await;
    audit.finish(&result);
    result
}

async fn add_participant(
    state: &AppState,
    caller: &Caller,
    path: PathParam,
    query: QueryParam,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    audit: &mut Audit,
) -> Result<Json<SessionView>, ProxyError> {
    let target = params::session_target("sessionId", path, query)?;
    access::require_write(caller)?;
    access::precheck(caller, &target)?;
    let form = params::participant_form(headers, body)?;
    audit.action = if form.names_user() {
        Action::AddUser
    } else {
        Action::AddGuest
    };
    let request = parse_add(&form).map_err(ProxyError::Invalid)?;

    let mut refused: Option<Refused> = None;
    loop {
        let session = match &refused {
            None => state.sessions().session(caller, &target).await?,
            Some(refused) => {
                let session = state
                    .sessions()
                    .session_read_after(caller, &target, refused.at)
                    .await?;
                refused.unless_moved((session.session_id, 0))?;
                session
            }
        };
        audit.session_id = Some(session.session_id);
        match &request {
            AddRequest::Guest(guest) => check_guest_add(&session, guest),
            AddRequest::User(user) => check_user_add(&session, user),
        }
        .map_err(ProxyError::Invalid)?;

        let resolved = SessionRef::Id(session.session_id);
        let sent = Instant::now();
        let outcome = match &request {
            AddRequest::Guest(guest) => {
                state
                    .upstream()
                    .add_participant(&resolved, &guest.to_body())
                    .await
            }
            AddRequest::User(user) => {
                state
                    .upstream()
                    .add_participant(&resolved, &user.to_body())
                    .await
            }
        };
        if refused.is_none() && Refused::resolves_again(&outcome) {
            state.sessions().refused(session.session_id);
            refused = Some(Refused::new((session.session_id, 0), sent));
            continue;
        }
        let updated = answered(state, session.session_id, outcome, sent)?;
        audit.participation_id = newcomer(&session, &updated);
        return Ok(Json(SessionView::from(&updated)));
    }
}

/// SecureVideo answered 404 for the ids a request was resolved to: the
/// index may have been behind (the session cancelled and re-created under
/// the same ExternalSessionId, the participant removed and added again
/// under the same external id). The request is resolved once more, from
/// reads made after the refusal, and sent again only if that names other
/// ids: a 404 means nothing was changed, so the second send is safe.
struct Refused {
    /// (SessionId, ParticipationId or 0) the refused change went to.
    ids: (i64, i64),
    at: Instant,
}

impl Refused {
    fn new(ids: (i64, i64), at: Instant) -> Self {
        Self { ids, at }
    }

    fn resolves_again<T>(outcome: &Result<T, UpstreamError>) -> bool {
        matches!(outcome, Err(UpstreamError::NotFound))
    }

    /// The first 404 again when resolving anew found the same ids.
    fn unless_moved(&self, ids: (i64, i64)) -> Result<(), ProxyError> {
        if ids == self.ids {
            Err(UpstreamError::NotFound.into())
        } else {
            Ok(())
        }
    }
}

/// Takes a change's answer as the session's snapshot.
fn answered(
    state: &AppState,
    session_id: i64,
    outcome: Result<Session, UpstreamError>,
    sent: Instant,
) -> Result<Session, ProxyError> {
    match outcome {
        Ok(updated) => {
            state.sessions().changed(&updated, sent);
            Ok(updated)
        }
        Err(error) => Err(refused_change(state, session_id, error)),
    }
}

/// A failed change: after a refusal (400 or 404) the snapshot may be
/// behind, so the next request on the session reads it again.
fn refused_change(state: &AppState, session_id: i64, error: UpstreamError) -> ProxyError {
    if matches!(
        error,
        UpstreamError::Rejected { .. } | UpstreamError::NotFound
    ) {
        state.sessions().refused(session_id);
    }
    error.into()
}

/// The participation in `after` that was not in `before`.
fn newcomer(before: &Session, after: &Session) -> Option<i64> {
    after
        .participants
        .iter()
        .find(|p| before.participation(p.participation_id).is_none())
        .map(|p| p.participation_id)
}

/// `PUT`: updates a guest's details, or a SecureVideo user's
/// session-specific properties.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    request_id: RequestId,
    path: PathParam,
    query: QueryParam,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SessionView>, ProxyError> {
    let mut audit = Audit::begin(&caller, Action::Update, &request_id);
    let result = update_participant(&state, &caller, path, query, &headers, body, &mut audit).await;
    audit.finish(&result);
    result
}

async fn update_participant(
    state: &AppState,
    caller: &Caller,
    path: PathParam,
    query: QueryParam,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    audit: &mut Audit,
) -> Result<Json<SessionView>, ProxyError> {
    let target = params::participant_target(path, query)?;
    access::require_write(caller)?;
    if let Some(session) = access::session_of(&target) {
        access::precheck(caller, &session)?;
    }
    let form = params::participant_form(headers, body)?;
    refuse_unacceptable(&form)?;

    let mut refused: Option<Refused> = None;
    loop {
        let (session, participation) = state
            .sessions()
            .participation_read_after(caller, &target, refused.as_ref().map(|r| r.at))
            .await?;
        let ids = (session.session_id, participation.participation_id);
        if let Some(refused) = &refused {
            refused.unless_moved(ids)?;
        }
        audit.session_id = Some(session.session_id);
        audit.participation_id = Some(participation.participation_id);
        let form = with_current_name(form.clone(), &participation);
        let update = parse_update(&form, participation.is_user()).map_err(ProxyError::Invalid)?;
        check_update(&session, &participation, &update).map_err(ProxyError::Invalid)?;

        let resolved = ParticipantRef::Id(participation.participation_id);
        let sent = Instant::now();
        let outcome = match &update {
            crate::common::UpdateRequest::Guest(guest) => {
                state
                    .upstream()
                    .update_participant(&resolved, &guest.to_body())
                    .await
            }
            crate::common::UpdateRequest::User(user) => {
                state
                    .upstream()
                    .update_participant(&resolved, &user.to_body())
                    .await
            }
        };
        if refused.is_none() && Refused::resolves_again(&outcome) {
            state.sessions().refused(session.session_id);
            refused = Some(Refused::new(ids, sent));
            continue;
        }
        let updated = answered(state, session.session_id, outcome, sent)?;
        return Ok(Json(SessionView::from(&updated)));
    }
}

/// Refuses, before the session is read, a body that no kind of participant
/// would accept; the errors are those of the kind the body looks like.
fn refuse_unacceptable(form: &ParticipantForm) -> Result<(), ProxyError> {
    match (parse_update(form, true), parse_update(form, false)) {
        (Err(as_user), Err(as_guest)) => Err(ProxyError::Invalid(if form.names_user() {
            as_user
        } else {
            as_guest
        })),
        _ => Ok(()),
    }
}

/// A guest's name cannot change, and an update may leave it out; the body
/// forwarded still carries it (the current one), as SecureVideo documents
/// the full body for PUT.
fn with_current_name(mut form: ParticipantForm, target: &Participation) -> ParticipantForm {
    if !target.is_user()
        && is_absent(form.participant_full_name.as_ref())
        && let Some(name) = &target.participant_full_name
    {
        form.participant_full_name = Some(Value::String(name.clone()));
    }
    form
}

/// `DELETE`: removes a participant; 204.
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    request_id: RequestId,
    path: PathParam,
    query: QueryParam,
) -> Result<StatusCode, ProxyError> {
    let mut audit = Audit::begin(&caller, Action::Remove, &request_id);
    let result = remove_participant(&state, &caller, path, query, &mut audit).await;
    audit.finish(&result);
    result
}

async fn remove_participant(
    state: &AppState,
    caller: &Caller,
    path: PathParam,
    query: QueryParam,
    audit: &mut Audit,
) -> Result<StatusCode, ProxyError> {
    let target = params::participant_target(path, query)?;
    access::require_write(caller)?;
    if let Some(session) = access::session_of(&target) {
        access::precheck(caller, &session)?;
    }
    let mut refused: Option<Refused> = None;
    loop {
        let (session, participation) = state
            .sessions()
            .participation_read_after(caller, &target, refused.as_ref().map(|r| r.at))
            .await?;
        let pid = participation.participation_id;
        let ids = (session.session_id, pid);
        if let Some(refused) = &refused {
            refused.unless_moved(ids)?;
        }
        audit.session_id = Some(session.session_id);
        audit.participation_id = Some(pid);
        check_remove(&session, &participation).map_err(ProxyError::Invalid)?;
        let sent = Instant::now();
        let outcome = state
            .upstream()
            .remove_participant(&ParticipantRef::Id(pid))
            .await;
        if refused.is_none() && Refused::resolves_again(&outcome) {
            state.sessions().refused(session.session_id);
            refused = Some(Refused::new(ids, sent));
            continue;
        }
        return match outcome {
            Ok(()) => {
                state.sessions().removed(session.session_id, pid, sent);
                Ok(StatusCode::NO_CONTENT)
            }
            Err(error) => Err(refused_change(state, session.session_id, error)),
        };
    }
}
