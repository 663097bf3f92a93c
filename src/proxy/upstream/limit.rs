//! The in-flight limit: at most `max` calls to SecureVideo at once. A call
//! that finds every slot taken waits a bounded time for one, then is
//! refused (503) without contacting SecureVideo. A stalled SecureVideo thus
//! ties up at most `max` connections and tasks, and the rest of the server
//! (`/healthz` among it) keeps answering.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use super::error::UpstreamError;

/// What a refused caller is told to wait.
const BUSY_RETRY_AFTER_SECS: u64 = 1;

#[derive(Debug)]
pub struct InFlightLimit {
    slots: Semaphore,
    max: usize,
}

/// One slot, given back when dropped.
pub type Slot<'a> = SemaphorePermit<'a>;

impl InFlightLimit {
    /// `max` is at least 1 (0 is read as 1).
    pub fn new(max: usize) -> Self {
        let max = max.clamp(1, Semaphore::MAX_PERMITS);
        Self {
            slots: Semaphore::new(max),
            max,
        }
    }

    /// A slot, waiting at most `wait` for one; [`UpstreamError::Busy`] if
    /// none came free.
    pub async fn acquire(&self, wait: Duration) -> Result<Slot<'_>, UpstreamError> {
        let busy = || {
            tracing::warn!(
                max_in_flight = self.max,
                waited_ms = wait.as_millis() as u64,
                "too many SecureVideo calls in flight: call refused"
            );
            UpstreamError::Busy {
                retry_after_secs: BUSY_RETRY_AFTER_SECS,
            }
        };
        if let Ok(slot) = self.slots.try_acquire() {
            return Ok(slot);
        }
        match tokio::time::timeout(wait, self.slots.acquire()).await {
            Ok(Ok(slot)) => Ok(slot),
            // Err(_) inside: the semaphore is never closed.
            Ok(Err(_)) | Err(_) => Err(busy()),
        }
    }

    /// Calls in flight now.
    pub fn in_flight(&self) -> usize {
        self.max - self.slots.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_limit_refuses_after_the_wait_and_a_freed_slot_is_taken() {
        let limit = InFlightLimit::new(1);
        let held = limit.acquire(Duration::ZERO).await.unwrap();
        assert_eq!(limit.in_flight(), 1);
        let refused = limit.acquire(Duration::from_millis(20)).await;
        assert!(matches!(refused, Err(UpstreamError::Busy { .. })));

        let waiting = async { limit.acquire(Duration::from_secs(5)).await.map(drop) };
        let release = async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            drop(held);
        };
        let (waited, ()) = tokio::join!(waiting, release);
        assert!(waited.is_ok());
        assert_eq!(limit.in_flight(), 0);
    }
}
