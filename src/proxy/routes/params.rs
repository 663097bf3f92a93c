//! Reading what a request addresses, before any URL is built: ids in paths
//! are whole numbers within SecureVideo's 32-bit range (0 meaning "by
//! external id"), external ids come from the query string, and bodies are
//! JSON read into `common`'s raw [`ParticipantForm`]. Anything else (an
//! unknown or repeated query parameter too) is a 400 naming the parameter,
//! with no upstream call.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::Value;

use crate::common::ParticipantForm;
use crate::common::rules::values::{ExternalId, MAX_ID};
use crate::proxy::error::ProxyError;
use crate::proxy::upstream::{ParticipantRef, SessionRef};

pub const EXTERNAL_SESSION_ID: &str = "externalSessionId";
pub const EXTERNAL_ID: &str = "externalId";

/// The id in `/participant/{id}` or `/session/{id}`, as extracted.
pub type PathParam = Result<Path<String>, PathRejection>;
/// The query string of an addressed request, as extracted.
pub type QueryParam = Result<Query<AddressQuery>, QueryRejection>;

/// The external ids a query string may carry, and nothing else: an unknown
/// parameter is a 400 (a repeated one is refused by the edge, and by serde).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressQuery {
    #[serde(rename = "externalSessionId")]
    pub external_session_id: Option<String>,
    #[serde(rename = "externalId")]
    pub external_id: Option<String>,
}

/// A path id: `0` (address by external ids) or a positive id up to
/// SecureVideo's largest.
fn path_id(path: PathParam, name: &'static str) -> Result<i64, ProxyError> {
    let message =
        || format!("{name} must be a positive whole number, or 0 with {EXTERNAL_SESSION_ID}.");
    let Path(raw) = path.map_err(|_| ProxyError::bad_parameter(name, message()))?;
    let digits_only = !raw.is_empty() && raw.len() <= 10 && raw.bytes().all(|b| b.is_ascii_digit());
    match raw.parse::<i64>() {
        Ok(id) if digits_only && (0..=MAX_ID).contains(&id) => Ok(id),
        _ => Err(ProxyError::bad_parameter(name, message())),
    }
}

/// An external id from the query: required, checked with `common`'s rule
/// for external ids (length, no control characters), trimmed.
fn external(value: Option<&String>, name: &'static str) -> Result<String, ProxyError> {
    let missing = || {
        ProxyError::bad_parameter(
            name,
            format!("{name} is required when the id in the path is 0."),
        )
    };
    let value = value.filter(|v| !v.trim().is_empty()).ok_or_else(missing)?;
    ExternalId::parse(&Value::String(value.clone()))
        .map(|id| id.as_str().to_owned())
        .map_err(|violation| ProxyError::bad_parameter(name, violation.text))
}

fn query(query: QueryParam) -> Result<AddressQuery, ProxyError> {
    query.map(|Query(q)| q).map_err(ProxyError::from)
}

/// `/{sessionId}` or `/0?externalSessionId=Y`.
pub fn session_target(
    name: &'static str,
    path: PathParam,
    q: QueryParam,
) -> Result<SessionRef, ProxyError> {
    let id = path_id(path, name)?;
    let q = query(q)?;
    if id == 0 {
        return external(q.external_session_id.as_ref(), EXTERNAL_SESSION_ID)
            .map(SessionRef::External);
    }
    if q.external_session_id.is_some() {
        return Err(ProxyError::bad_parameter(
            EXTERNAL_SESSION_ID,
            format!("Give either {name} in the path or 0 with {EXTERNAL_SESSION_ID}, not both."),
        ));
    }
    Ok(SessionRef::Id(id))
}

/// `/{participationId}` or `/0?externalSessionId=Y&externalId=X`.
pub fn participant_target(path: PathParam, q: QueryParam) -> Result<ParticipantRef, ProxyError> {
    const NAME: &str = "participationId";
    let id = path_id(path, NAME)?;
    let q = query(q)?;
    if id == 0 {
        return Ok(ParticipantRef::External {
            session: external(q.external_session_id.as_ref(), EXTERNAL_SESSION_ID)?,
            participant: external(q.external_id.as_ref(), EXTERNAL_ID)?,
        });
    }
    if q.external_session_id.is_some() || q.external_id.is_some() {
        return Err(ProxyError::bad_parameter(
            EXTERNAL_SESSION_ID,
            format!(
                "Give either {NAME} in the path or 0 with {EXTERNAL_SESSION_ID} and {EXTERNAL_ID}, not both."
            ),
        ));
    }
    Ok(ParticipantRef::Id(id))
}

/// The body as `common`'s raw form: JSON only, an object.
pub fn participant_form(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<ParticipantForm, ProxyError> {
    let body = body?;
    if !is_json(headers) {
        return Err(ProxyError::UnsupportedMediaType);
    }
    ParticipantForm::from_json(&body).map_err(ProxyError::Invalid)
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}
