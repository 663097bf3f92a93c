//! The HTTP edge: everything between a TCP connection and the route table.
//!
//! From the outside in, a request meets:
//!
//! 1. the server ([`server`]): HTTP/1.1 only, at most `max_connections`
//!    open ([`connections`]: the longest-idle one makes room, 503 when all
//!    are busy), headers within `header_read_timeout` (also the keep-alive
//!    idle limit), the peer address recorded as `ConnectInfo`, graceful
//!    shutdown;
//! 2. security headers on every answer ([`headers`]), preflights and errors
//!    included;
//! 3. CORS for exactly the allowed origins;
//! 4. the request id and the one error shape ([`super::request_id`]);
//! 5. the rate limit per client address and per token ([`rate_limit`]);
//! 6. no query parameter twice ([`query`]);
//! 7. the body deadline ([`timeouts`]) and the 16 KiB body limit;
//! 8. panics turned into a fixed 500 ([`panic`]);
//! 9. one token's fair share of the upstream calls in flight
//!    ([`fair_share`]: a quarter of `UPSTREAM_MAX_IN_FLIGHT`, then 429);
//!
//! and then the routes, or the standalone page ([`static_files`]) when a
//! directory is configured.

pub mod connections;
pub mod fair_share;
pub mod headers;
pub mod panic;
pub mod query;
pub mod rate_limit;
pub mod server;
pub mod static_files;
pub mod timeouts;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, header};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::{AppState, MAX_BODY_BYTES, request_id};
pub use rate_limit::RateLimitSettings;

/// Default time a client has to send a request's headers (and the longest a
/// kept-alive connection may sit idle).
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time a client has to send a request's body once its headers are
/// in: no participant body (at most 16 KiB) needs longer.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How the edge treats clients. `serve` takes them from its configuration
/// (whose defaults are these, with [`RateLimitSettings::default`]).
/// [`Default`], used by [`super::app`] and [`super::start`], has the rate
/// limit off: in-process tests, property tests and fuzzing send thousands of
/// requests a second as one caller.
#[derive(Clone, Debug)]
pub struct EdgeSettings {
    /// Time allowed for a request's headers; the connection is closed after.
    pub header_read_timeout: Duration,
    /// Time allowed for a request's body after its headers; 408 after.
    pub body_read_timeout: Duration,
    /// The most connections open at once.
    pub max_connections: usize,
    pub rate_limit: RateLimitSettings,
    /// The built widget (`dist/`), served at `/` when set.
    pub static_dir: Option<PathBuf>,
}

impl Default for EdgeSettings {
    fn default() -> Self {
        Self {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: connections::DEFAULT_MAX_CONNECTIONS,
            rate_limit: RateLimitSettings::off(),
            static_dir: None,
        }
    }
}

/// Puts the edge's layers around a route table (normally
/// [`super::routes::router`]); tests may pass one with extra routes.
pub fn wrap(routes: Router<AppState>, state: AppState, settings: &EdgeSettings) -> Router {
    let origins = state.allowed_origins().to_vec();
    let routes = match &settings.static_dir {
        Some(dir) => routes.fallback_service(static_files::service(dir, &origins)),
        None => routes,
    };
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        // If-None-Match and ETag: a portal's widget revalidates the session
        // it polls (`routes/etag.rs`), so it must send the one and read the other.
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([
            request_id::REQUEST_ID_HEADER.clone(),
            header::RETRY_AFTER,
            header::ETAG,
        ])
        .max_age(Duration::from_secs(600));
    let limiter = Arc::new(rate_limit::RateLimiter::new(
        &settings.rate_limit,
        state.authenticator().clone(),
    ));
    let fair_share = Arc::new(fair_share::FairShare::new(
        state.upstream().policy().max_in_flight,
        state.authenticator().clone(),
    ));
    // `layer` wraps what is already there: the last one added is outermost.
    routes
        .layer(axum::middleware::from_fn_with_state(
            fair_share,
            fair_share::middleware,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(panic::respond))
        .layer(axum::middleware::from_fn_with_state(
            settings.body_read_timeout,
            timeouts::body_deadline,
        ))
        .layer(axum::middleware::from_fn(query::reject_repeated_parameters))
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            rate_limit::middleware,
        ))
        .layer(axum::middleware::from_fn(request_id::middleware))
        .layer(cors)
        .layer(axum::middleware::map_response(headers::security_headers))
        .with_state(state)
}
