//! The SecureVideo client: the only code that talks to SecureVideo (or to
//! the simulator, which speaks the same wire), with the API key and secret.
//!
//! - [`client`]: the endpoints, and how ids become URLs (ids in paths only
//!   as integers; external ids only as percent-encoded query values).
//! - [`send`]: one HTTP exchange: HTTP Basic (a header built once, marked
//!   sensitive, never logged), no redirects (a redirect would carry the
//!   credentials somewhere else), a capped body read, the status mapped to
//!   an [`UpstreamError`].
//! - [`retry`]: one operation within one deadline; what may be sent again
//!   (a read after a 5xx or a broken connection; anything when the
//!   connection was refused, since nothing was sent) and the jittered
//!   backoff. A change that reached SecureVideo is never sent twice.
//! - [`breaker`]: after N consecutive failures, calls are refused at once
//!   until a cool-down has passed; then one probe decides.
//! - [`limit`]: a cap on calls in flight, with a bounded wait for a slot,
//!   and fair shares of it per embed token.
//! - [`stream`]: session lists parsed element by element as they arrive.
//! - [`health`]: the latest call's outcome, which `/readyz` answers from.
//!
//! Logs name the endpoint, status and duration: never a URL (it may hold
//! external ids), a body, or the Authorization header.

pub mod breaker;
pub mod client;
pub mod error;
pub mod health;
pub mod limit;
pub mod retry;
pub mod send;
pub mod stream;

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

pub use client::SecureVideoClient;
pub use error::{Health, UpstreamError};

/// A session, by SessionId or ExternalSessionId: the one type the widget,
/// the embed token and the upstream lookup share.
pub use crate::common::SessionRef;

/// A participant, by ParticipationId or by the EHR's ids of the session and
/// of the participant (`externalSessionId` + `externalId`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParticipantRef {
    Id(i64),
    External {
        session: String,
        participant: String,
    },
}

/// Where SecureVideo is and how to sign in.
pub struct UpstreamConfig {
    pub base_url: Url,
    pub api_key: SecretString,
    pub api_secret: SecretString,
    /// Time allowed to open a connection (one attempt).
    pub connect_timeout: Duration,
    /// The deadline of one operation (a read or a change), retries and
    /// backoff included.
    pub timeout: Duration,
}

/// How the client copes with a failing SecureVideo: the backoff between
/// retries, the circuit breaker and the in-flight limit. `Default` holds
/// the production defaults (the `serve` options' defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpstreamPolicy {
    /// The wait before the first retry of a read; the second waits twice as
    /// long. Each wait is stretched by a random factor in [1, 2).
    pub retry_backoff: Duration,
    /// Consecutive failed calls after which the breaker opens (at least 1).
    pub breaker_threshold: u32,
    /// How long the open breaker refuses calls before one probe may go.
    pub breaker_cooldown: Duration,
    /// The most calls to SecureVideo in flight at once (at least 1).
    pub max_in_flight: usize,
    /// How long a call waits for a free slot before it is refused (503).
    pub queue_wait: Duration,
}

impl Default for UpstreamPolicy {
    fn default() -> Self {
        Self {
            retry_backoff: Duration::from_millis(100),
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(10),
            max_in_flight: 32,
            queue_wait: Duration::from_secs(1),
        }
    }
}
