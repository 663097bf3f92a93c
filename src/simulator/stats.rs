//! Traffic counters for benchmarks, and `GET /stats` to read them (a
//! simulator-only route, behind the same Basic credentials as the rest):
//!
//! ```json
//! {"Routes": {"GET /session": {"Requests": 3, "ResponseBytes": 99000},
//!             "POST /participant/{id}": {"Requests": 12, "ResponseBytes": 31000}}}
//! ```
//!
//! Every request but `GET /stats` itself is counted under its method and
//! route template (axum's `MatchedPath`; `(no route)` for a path no route
//! matches), refused ones too. `ResponseBytes` are the body bytes handed to
//! the connection, counted frame by frame as they are sent, so an answer
//! cut short counts only what went out. Counters only grow: a benchmark
//! reads them before and after and takes the difference.

use std::collections::{BTreeMap, HashMap};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use serde::{Deserialize, Serialize};

use super::SimulatorState;
use super::error::json;

/// The route template of `GET /stats`, which is not counted.
pub const STATS_PATH: &str = "/stats";

/// The counters of every route seen so far. The map is locked once per
/// request, to find the route's counters; the counting itself is atomic.
#[derive(Default)]
pub struct Stats {
    routes: Mutex<HashMap<String, Arc<Counters>>>,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    response_bytes: AtomicU64,
}

/// What `GET /stats` answers: the counters per `"METHOD /template"`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct Traffic {
    pub routes: BTreeMap<String, RouteTraffic>,
}

/// One route's counters.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTraffic {
    pub requests: u64,
    pub response_bytes: u64,
}

impl Stats {
    fn counters(&self, route: String) -> Arc<Counters> {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        routes.entry(route).or_default().clone()
    }

    /// The counters as they stand.
    pub fn snapshot(&self) -> Traffic {
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        Traffic {
            routes: routes
                .iter()
                .map(|(route, counters)| {
                    let traffic = RouteTraffic {
                        requests: counters.requests.load(Ordering::Relaxed),
                        response_bytes: counters.response_bytes.load(Ordering::Relaxed),
                    };
                    (route.clone(), traffic)
                })
                .collect(),
        }
    }
}

/// Middleware: counts the request under its route and the bytes of its
/// answer as they are sent.
pub async fn count_traffic(
    State(state): State<SimulatorState>,
    request: Request,
    next: Next,
) -> Response {
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    if template == Some(STATS_PATH) {
        return next.run(request).await;
    }
    let route = format!("{} {}", request.method(), template.unwrap_or("(no route)"));
    let counters = state.stats().counters(route);
    counters.requests.fetch_add(1, Ordering::Relaxed);
    next.run(request).await.map(|body| {
        Body::new(CountingBody {
            inner: body,
            counters,
        })
    })
}

/// `GET /stats`.
pub async fn show(State(state): State<SimulatorState>) -> Response {
    json(StatusCode::OK, &state.stats().snapshot())
}

/// A response body that adds the length of each data frame to its route's
/// counter as the connection takes it.
struct CountingBody {
    inner: Body,
    counters: Arc<Counters>,
}

impl http_body::Body for CountingBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled
            && let Some(data) = frame.data_ref()
        {
            self.counters
                .response_bytes
                .fetch_add(data.len() as u64, Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
