//! Serving the router: HTTP/1.1 over TCP, built on hyper directly rather
//! than `axum::serve`, which sets no timer and so cannot cut off slow
//! clients.
//!
//! - Each connection has `header_read_timeout` to deliver a request's
//!   headers; hyper's clock starts whenever it waits for a request, so the
//!   same limit closes kept-alive connections left idle.
//! - At most `max_connections` are open at once ([`super::connections`]):
//!   at the cap a new connection replaces the longest-idle one, or gets a
//!   503 when all are busy.
//! - Each request carries its TCP peer as `ConnectInfo<SocketAddr>` (what
//!   the rate limit keys on).
//! - When `stop` completes, the listener closes (new connections are
//!   refused), idle connections close, and requests in flight finish before
//!   [`serve`] returns.
//!
//! HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a reverse
//! proxy in front of this server terminates.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::connections::{self, Admission, Busy, Connections};

/// How long to wait before accepting again after the process ran out of
/// file descriptors (or a similar resource error).
const ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// Serves `app` on `listener` until `stop` completes and every request in
/// flight has been answered.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    max_connections: usize,
    stop: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let graceful = GracefulShutdown::new();
    let open = Connections::new(max_connections);
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_connection_error(&error) => continue,
                Err(error) => {
                    tracing::warn!(%error, "cannot accept connections; retrying in 1 s");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let slot = match open.admit() {
            Admission::Admitted(slot) => slot,
            Admission::Full => {
                tracing::warn!("every connection is busy; refusing a new one");
                tokio::spawn(connections::refuse(stream));
                continue;
            }
        };
        let requests = slot.requests();
        let app = app.clone();
        let service = tower::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let busy = requests.begin();
            let app = app.clone();
            async move {
                let Some(busy) = busy else {
                    return Ok::<_, Infallible>(closing_response());
                };
                let response = app.oneshot(request.map(Body::new)).await?;
                Ok(response.map(|body| Body::new(BusyBody { body, _busy: busy })))
            }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let mut slot = slot;
            tokio::select! {
                result = connection => if let Err(error) = result {
                    tracing::debug!(%error, "connection closed with an error");
                },
                // Chosen to make room while idle: nothing is in flight.
                _ = &mut slot.closed => tracing::debug!("idle connection closed to make room"),
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The answer to a request that arrived on a connection just chosen to
/// make room (it never reaches the routes).
fn closing_response() -> Response<Body> {
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "application/json")],
        connections::refusal_body(),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    headers.insert(header::RETRY_AFTER, header::HeaderValue::from(1));
    response
}

/// A response body that keeps its connection busy until it is sent (or
/// dropped), so a download is never cut off to make room.
struct BusyBody {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for BusyBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Errors of one connection that came and went before it was accepted:
/// nothing to wait for.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
