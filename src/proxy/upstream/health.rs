//! What the latest SecureVideo call said about its health, and when: what
//! `/readyz` answers from, so that probing the proxy does not spend the API
//! key's calls.

use std::sync::Mutex;
use std::time::Instant;

use super::error::Health;

/// The latest [`Health::Good`] or [`Health::Bad`] outcome of any call.
#[derive(Debug, Default)]
pub struct LastOutcome {
    latest: Mutex<Option<(Instant, Health)>>,
}

impl LastOutcome {
    /// Keeps `health` unless it says nothing ([`Health::Unknown`]: no call
    /// was made).
    pub fn record(&self, health: Health) {
        if health != Health::Unknown {
            *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), health));
        }
    }

    /// The latest outcome and when it came.
    pub fn get(&self) -> Option<(Instant, Health)> {
        *self.latest.lock().unwrap_or_else(|e| e.into_inner())
    }
}
