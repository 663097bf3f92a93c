//! The simulator's router: SecureVideo's paths, one file per resource, with
//! Basic auth, request counting, traffic counters, logging and the
//! configured latency around every route.
//!
//! Logs carry the method, the route template, the status and ids; never a
//! query string (it holds external ids), a body, or a credential.

mod address;
mod participant;
mod session;
mod status;
mod user;
mod visit;

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;

use super::error::json;
use super::{SimulatorState, auth, latency, outbox, stats};
use crate::common::ErrorBody;

pub fn build(state: SimulatorState) -> Router {
    let latency = state.latency();
    let router = Router::new()
        .merge(participant::routes())
        .merge(session::routes())
        .merge(user::routes())
        .merge(status::routes())
        // Simulator only, behind the same credentials as the rest.
        .route("/outbox", get(outbox::list))
        .route(stats::STATS_PATH, get(stats::show))
        .merge(visit::routes())
        .fallback(no_such_resource)
        .method_not_allowed_fallback(method_not_allowed)
        // The last layer added runs first: the latency, the traffic
        // counters, count and log, then auth.
        .layer(from_fn_with_state(state.clone(), auth::require_basic_auth))
        .layer(from_fn_with_state(state.clone(), count_and_log))
        .layer(from_fn_with_state(state.clone(), stats::count_traffic));
    let router = if latency.is_zero() {
        router
    } else {
        router.layer(from_fn_with_state(latency, latency::delay))
    };
    router.with_state(state)
}

/// Counts every request (tests use it to count upstream calls) and logs
/// its outcome.
async fn count_and_log(
    State(state): State<SimulatorState>,
    request: Request,
    next: Next,
) -> Response {
    state.count_request();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |path| path.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "simulator request"
    );
    response
}

/// ASP.NET Web API's answer for a path it has no route for.
async fn no_such_resource() -> Response {
    json(
        StatusCode::NOT_FOUND,
        &ErrorBody {
            message: "No HTTP resource was found that matches the request URI.".to_owned(),
        },
    )
}

/// ASP.NET Web API's answer for a known path with another method.
async fn method_not_allowed(method: Method) -> Response {
    json(
        StatusCode::METHOD_NOT_ALLOWED,
        &ErrorBody {
            message: format!("The requested resource does not support http method '{method}'."),
        },
    )
}
