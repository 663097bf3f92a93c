//! `--latency`: every answer held back by the same delay before its
//! handler runs, so the simulator on loopback behaves like SecureVideo over
//! the internet. One layer around the whole router, refused requests and
//! unknown paths included; with zero the layer is not added at all.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Middleware: sleeps for `latency`, then runs the request.
pub async fn delay(State(latency): State<Duration>, request: Request, next: Next) -> Response {
    tokio::time::sleep(latency).await;
    next.run(request).await
}
