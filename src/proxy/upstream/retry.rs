//! One operation, within one deadline: up to [`MAX_ATTEMPTS`] attempts, with
//! a jittered, doubling backoff between them.
//!
//! What is sent again ([`UpstreamError::is_retryable`]): a read after a 5xx
//! or a broken connection, and any request whose connection was refused
//! (nothing was sent). A change that may have reached SecureVideo is never
//! sent twice. A retry starts only if, after its backoff, the deadline
//! leaves it at least as long as the failed attempt took (and at least
//! [`MIN_ATTEMPT_TIME`]): a retry that cannot finish would only turn the
//! failure into a timeout.

use std::future::Future;
use std::time::{Duration, Instant};

use rand::RngExt;

use super::error::UpstreamError;

/// One attempt and at most two retries.
pub const MAX_ATTEMPTS: u32 = 3;
/// The least time left for an attempt that a retry must have.
pub const MIN_ATTEMPT_TIME: Duration = Duration::from_millis(50);

/// The wait before retry number `retry` (1 for the first): `base` doubled
/// for each earlier retry, stretched by a random factor in [1, 2) so that
/// callers failing together do not retry together.
pub fn backoff(base: Duration, retry: u32) -> Duration {
    let doubled = base.saturating_mul(1 << retry.clamp(1, 16).saturating_sub(1));
    doubled.mul_f64(rand::rng().random_range(1.0..2.0))
}

/// Runs `attempt` (given the attempt number, from 1) until it succeeds, its
/// error may not be retried, the attempts are used up, or there is no time
/// left before `deadline` for a backoff and another attempt. `idempotent`:
/// the request is a read.
///
/// When a retry is refused here (breaker open, no free slot), the caller
/// gets the error SecureVideo caused, not the refusal.
pub async fn run<T, F, Fut>(
    endpoint: &'static str,
    idempotent: bool,
    deadline: Instant,
    base_backoff: Duration,
    mut attempt: F,
) -> Result<T, UpstreamError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, UpstreamError>>,
{
    let mut number = 1;
    let mut previous: Option<UpstreamError> = None;
    loop {
        let started = Instant::now();
        let error = match attempt(number).await {
            Ok(value) => return Ok(value),
            Err(error) => match previous.take() {
                Some(previous) if error.is_local_refusal() => return Err(previous),
                _ => error,
            },
        };
        if number >= MAX_ATTEMPTS || !error.is_retryable(idempotent) {
            return Err(error);
        }
        let delay = backoff(base_backoff, number);
        let attempt_time = started.elapsed().max(MIN_ATTEMPT_TIME);
        if Instant::now() + delay + attempt_time > deadline {
            tracing::debug!(
                endpoint,
                attempt = number,
                "no time left to retry the SecureVideo call"
            );
            return Err(error);
        }
        tracing::info!(
            endpoint,
            attempt = number,
            upstream_error = %error,
            delay_ms = delay.as_millis() as u64,
            "SecureVideo call failed; retrying"
        );
        tokio::time::sleep(delay).await;
        previous = Some(error);
        number += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    const BASE: Duration = Duration::from_millis(2);

    /// Runs an operation whose attempts fail with `errors` in turn (then
    /// succeed); the number of attempts and the result.
    async fn attempts(
        idempotent: bool,
        deadline: Duration,
        errors: impl Fn(u32) -> Option<UpstreamError>,
    ) -> (u32, Result<(), UpstreamError>) {
        let count = Cell::new(0);
        let result = run("test", idempotent, Instant::now() + deadline, BASE, |n| {
            count.set(n);
            let outcome = errors(n).map_or(Ok(()), Err);
            async move { outcome }
        })
        .await;
        (count.get(), result)
    }

    fn server_error(_: u32) -> Option<UpstreamError> {
        Some(UpstreamError::Status { status: 503 })
    }

    #[tokio::test]
    async fn a_read_is_tried_three_times_at_most() {
        let (count, result) = attempts(true, Duration::from_secs(5), server_error).await;
        assert_eq!(count, 3);
        assert!(matches!(result, Err(UpstreamError::Status { status: 503 })));
        let (count, result) = attempts(true, Duration::from_secs(5), |n| {
            (n < 3).then_some(UpstreamError::Interrupted)
        })
        .await;
        assert_eq!((count, result.is_ok()), (3, true));
    }

    #[tokio::test]
    async fn a_change_that_failed_upstream_is_tried_once() {
        let (count, _) = attempts(false, Duration::from_secs(5), server_error).await;
        assert_eq!(count, 1);
        let (count, _) = attempts(false, Duration::from_secs(5), |_| {
            Some(UpstreamError::Interrupted)
        })
        .await;
        assert_eq!(count, 1);
    }

    #[tokio::test]
    async fn a_refused_connection_is_retried_for_a_change_too() {
        let (count, result) = attempts(false, Duration::from_secs(5), |n| {
            (n == 1).then_some(UpstreamError::Unreachable)
        })
        .await;
        assert_eq!((count, result.is_ok()), (2, true));
    }

    #[tokio::test]
    async fn no_retry_starts_that_would_end_past_the_deadline() {
        // The first backoff is at least BASE: longer than the deadline.
        let (count, _) = attempts(true, BASE / 2, server_error).await;
        assert_eq!(count, 1);
        // Time for the backoff, not for another attempt after it.
        let (count, _) = attempts(true, MIN_ATTEMPT_TIME, server_error).await;
        assert_eq!(count, 1);
    }

    #[tokio::test]
    async fn a_retry_refused_by_the_breaker_reports_what_securevideo_did() {
        let (count, result) = attempts(true, Duration::from_secs(5), |n| {
            Some(match n {
                1 => UpstreamError::Status { status: 500 },
                _ => UpstreamError::CircuitOpen {
                    retry_after_secs: 9,
                },
            })
        })
        .await;
        assert_eq!(count, 2);
        assert!(matches!(result, Err(UpstreamError::Status { status: 500 })));
    }

    #[test]
    fn the_backoff_doubles_and_is_jittered_within_its_bounds() {
        let base = Duration::from_millis(100);
        let first: Vec<Duration> = (0..200).map(|_| backoff(base, 1)).collect();
        let second: Vec<Duration> = (0..200).map(|_| backoff(base, 2)).collect();
        assert!(first.iter().all(|d| *d >= base && *d < base * 2));
        assert!(second.iter().all(|d| *d >= base * 2 && *d < base * 4));
        let distinct: std::collections::BTreeSet<_> = first.iter().collect();
        assert!(distinct.len() > 100, "not jittered: {distinct:?}");
    }
}
