//! The proxy's route table: the Participant API and the widget's reads
//! under `/api/`, and the health probes.

pub mod etag;
pub mod health;
pub mod params;
pub mod participant;
pub mod session;
pub mod user;

use axum::Router;
use axum::routing::get;

use super::AppState;
use super::error::ProxyError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/participant/{id}",
            axum::routing::post(participant::add)
                .put(participant::update)
                .delete(participant::remove),
        )
        .route("/api/session/{id}", get(session::read))
        .route("/api/session/{id}/status", get(session::status))
        .route("/api/user", get(user::search))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ProxyError {
    ProxyError::NotFound("There is nothing at this address.")
}

async fn method_not_allowed() -> ProxyError {
    ProxyError::MethodNotAllowed
}
