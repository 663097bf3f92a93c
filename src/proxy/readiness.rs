//! What `/readyz` answers: whether SecureVideo is usable, from the latest
//! outcome of any call, and from a probe of our own at most once per
//! [`PROBE_INTERVAL`] when no call has said anything lately.
//!
//! `/readyz` is unauthenticated, so a probe per hit would let anyone spend
//! the API key's calls and trip the circuit breaker: however often it is
//! hit, it costs at most one upstream call per interval.

use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::upstream::{Health, SecureVideoClient};

/// How long one outcome (a request's or a probe's) answers `/readyz`.
pub const PROBE_INTERVAL: Duration = Duration::from_secs(5);

pub struct Readiness {
    upstream: SecureVideoClient,
    /// The latest probe of our own and whether it succeeded; held while a
    /// probe is under way, so concurrent hits wait for that one.
    probe: Mutex<Option<(Instant, bool)>>,
}

impl Readiness {
    pub fn new(upstream: SecureVideoClient) -> Self {
        Self {
            upstream,
            probe: Mutex::new(None),
        }
    }

    /// Whether requests can be served now.
    pub async fn ready(&self) -> bool {
        if let Some(ready) = self.recent_call() {
            return ready;
        }
        let mut probe = self.probe.lock().await;
        if let Some((at, ready)) = *probe
            && at.elapsed() < PROBE_INTERVAL
        {
            return ready;
        }
        // A request may have answered while this one waited for the lock.
        if let Some(ready) = self.recent_call() {
            return ready;
        }
        let outcome = self.upstream.ping().await;
        if let Err(error) = &outcome {
            tracing::warn!(upstream_error = %error, "not ready: SecureVideo is not usable");
        }
        *probe = Some((Instant::now(), outcome.is_ok()));
        outcome.is_ok()
    }

    /// What the latest upstream call said, if it came within the interval.
    /// (While the breaker is open, calls fail without reaching SecureVideo,
    /// so a probe then answers not ready at no cost.)
    fn recent_call(&self) -> Option<bool> {
        let (at, health) = self.upstream.last_outcome().get()?;
        (at.elapsed() < PROBE_INTERVAL).then_some(health == Health::Good)
    }
}
