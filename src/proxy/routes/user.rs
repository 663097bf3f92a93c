//! `GET /api/user?q=...`: finds SecureVideo users by name for the "add an
//! existing user" picker. Only a `write` token may search (the picker is
//! for adding a participant, which a `read` token may not do; otherwise any
//! view of one visit could list the staff directory), and only the id and
//! the full name of each match are returned, at most [`MAX_MATCHES`] of
//! them.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::common::name_key;
use crate::common::view::UserMatch;
use crate::proxy::AppState;
use crate::proxy::access::require_write;
use crate::proxy::auth::Caller;
use crate::proxy::error::ProxyError;

/// The most matches returned: a picker, not a directory export.
pub const MAX_MATCHES: usize = 20;
/// Fewer characters match too much of the account to be useful.
pub const MIN_QUERY_CHARS: usize = 2;
/// Longer than any name.
pub const MAX_QUERY_CHARS: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    q: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<UserQuery>, QueryRejection>,
) -> Result<Json<Vec<UserMatch>>, ProxyError> {
    require_write(&caller)?;
    let Query(query) = query?;
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    let length = q.chars().count();
    if !(MIN_QUERY_CHARS..=MAX_QUERY_CHARS).contains(&length) || q.chars().any(char::is_control) {
        return Err(ProxyError::bad_parameter(
            "q",
            format!("Type {MIN_QUERY_CHARS} to {MAX_QUERY_CHARS} characters of the name."),
        ));
    }
    let needle = name_key(q);
    let users = state.upstream().list_users().await?;
    let matches = users
        .iter()
        .filter(|user| {
            user.full_name
                .as_deref()
                .is_some_and(|name| name_key(name).contains(&needle))
        })
        .filter_map(UserMatch::from_user)
        .take(MAX_MATCHES)
        .collect();
    Ok(Json(matches))
}
