//! The circuit breaker: after `threshold` consecutive failed calls it opens,
//! and calls are refused at once (503, no network) for `cooldown`. Then it
//! half-opens: exactly one call, the probe, goes through while every other
//! call is still refused. A good probe closes the breaker; a bad one opens
//! it for another cool-down.
//!
//! Each attempt asks [`CircuitBreaker::admit`] for a [`Pass`] and reports
//! its outcome on it. Outcomes of calls admitted under an earlier state
//! (before the breaker last changed) are ignored, so a slow call that
//! started while all was well cannot close or re-open it. A probe dropped
//! without an outcome (the caller went away, or no slot was free) hands the
//! probe to the next call.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::error::{Health, UpstreamError};

/// What a refused caller is told to wait while a probe is in flight.
const PROBE_RETRY_AFTER_SECS: u64 = 1;

#[derive(Debug)]
pub struct CircuitBreaker {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    state: State,
    /// Bumped on every change of state; a [`Pass`] remembers the one it
    /// was issued under.
    generation: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { probing: bool },
}

/// The breaker's state, as the logs and tests see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

/// Leave to make one call; report its outcome with [`Pass::record`].
#[must_use = "report the call's outcome with Pass::record"]
pub struct Pass<'a> {
    breaker: &'a CircuitBreaker,
    generation: u64,
    probe: bool,
    recorded: bool,
}

impl CircuitBreaker {
    /// `threshold` is at least 1 (0 is read as 1).
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(Inner {
                state: State::Closed { failures: 0 },
                generation: 0,
            }),
        }
    }

    pub fn state(&self) -> BreakerState {
        match self.lock().state {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// A pass for one call, or [`UpstreamError::CircuitOpen`] with the
    /// seconds until a call may be tried again. Never waits.
    pub fn admit(&self) -> Result<Pass<'_>, UpstreamError> {
        self.admit_at(Instant::now())
    }

    fn admit_at(&self, now: Instant) -> Result<Pass<'_>, UpstreamError> {
        let mut inner = self.lock();
        let probe = match inner.state {
            State::Closed { .. } => false,
            State::Open { until } if now < until => {
                return Err(UpstreamError::CircuitOpen {
                    retry_after_secs: whole_seconds(until - now),
                });
            }
            State::Open { .. } => {
                inner.change(State::HalfOpen { probing: true });
                true
            }
            State::HalfOpen { probing: true } => {
                return Err(UpstreamError::CircuitOpen {
                    retry_after_secs: PROBE_RETRY_AFTER_SECS,
                });
            }
            State::HalfOpen { probing: false } => {
                inner.state = State::HalfOpen { probing: true };
                true
            }
        };
        if probe {
            tracing::info!("SecureVideo circuit breaker half-open: one probe call goes through");
        }
        Ok(Pass {
            breaker: self,
            generation: inner.generation,
            probe,
            recorded: false,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The state is a few plain values, valid at every point.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(&self, generation: u64, probe: bool, healthy: bool) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        match (inner.state, probe, healthy) {
            (State::Closed { .. }, false, true) => inner.state = State::Closed { failures: 0 },
            (State::Closed { failures }, false, false) => {
                let failures = failures + 1;
                if failures >= self.threshold {
                    inner.change(State::Open {
                        until: Instant::now() + self.cooldown,
                    });
                    tracing::error!(
                        alert = "upstream_circuit_open",
                        consecutive_failures = failures,
                        cooldown_ms = self.cooldown.as_millis() as u64,
                        "SecureVideo calls keep failing: circuit breaker open, calls are refused until the cool-down has passed"
                    );
                } else {
                    inner.state = State::Closed { failures };
                }
            }
            (State::HalfOpen { .. }, true, true) => {
                inner.change(State::Closed { failures: 0 });
                tracing::info!("SecureVideo answered the probe: circuit breaker closed");
            }
            (State::HalfOpen { .. }, true, false) => {
                inner.change(State::Open {
                    until: Instant::now() + self.cooldown,
                });
                tracing::warn!(
                    alert = "upstream_circuit_open",
                    cooldown_ms = self.cooldown.as_millis() as u64,
                    "SecureVideo failed the probe: circuit breaker open again"
                );
            }
            _ => {}
        }
    }

    /// A probe that ended without an outcome: the next call may probe.
    fn release_probe(&self, generation: u64) {
        let mut inner = self.lock();
        if inner.generation == generation && inner.state == (State::HalfOpen { probing: true }) {
            inner.state = State::HalfOpen { probing: false };
        }
    }
}

impl Inner {
    fn change(&mut self, state: State) {
        self.state = state;
        self.generation += 1;
    }
}

impl Pass<'_> {
    /// Reports the call's outcome; an outcome that says nothing about
    /// SecureVideo ([`Health::Unknown`]) is not counted.
    pub fn record(mut self, health: Health) {
        match health {
            Health::Good => self.finish(true),
            Health::Bad => self.finish(false),
            Health::Unknown => {}
        }
    }

    pub fn is_probe(&self) -> bool {
        self.probe
    }

    fn finish(&mut self, healthy: bool) {
        self.recorded = true;
        self.breaker.record(self.generation, self.probe, healthy);
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        if self.probe && !self.recorded {
            self.breaker.release_probe(self.generation);
        }
    }
}

/// Seconds for a `Retry-After`, rounded up, at least 1.
pub fn whole_seconds(duration: Duration) -> u64 {
    let secs = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(breaker: &CircuitBreaker) {
        breaker.admit().unwrap().record(Health::Bad);
    }

    fn open_secs(breaker: &CircuitBreaker, at: Instant) -> u64 {
        match breaker.admit_at(at) {
            Err(UpstreamError::CircuitOpen { retry_after_secs }) => retry_after_secs,
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("admitted while open"),
        }
    }

    #[test]
    fn it_opens_after_n_consecutive_failures_only() {
        let breaker = CircuitBreaker::new(3, Duration::from_secs(10));
        fail(&breaker);
        fail(&breaker);
        breaker.admit().unwrap().record(Health::Good);
        fail(&breaker);
        fail(&breaker);
        assert_eq!(breaker.state(), BreakerState::Closed);
        fail(&breaker);
        assert_eq!(breaker.state(), BreakerState::Open);
        assert_eq!(open_secs(&breaker, Instant::now()), 10);
    }

    #[test]
    fn after_the_cooldown_exactly_one_probe_goes_and_its_success_closes_it() {
        let breaker = CircuitBreaker::new(1, Duration::from_millis(1500));
        fail(&breaker);
        let opened = Instant::now();
        assert_eq!(open_secs(&breaker, opened + Duration::from_millis(600)), 1);
        let later = opened + Duration::from_millis(1500);
        let probe = breaker.admit_at(later).unwrap();
        assert!(probe.is_probe());
        assert_eq!(breaker.state(), BreakerState::HalfOpen);
        assert_eq!(open_secs(&breaker, later), PROBE_RETRY_AFTER_SECS);
        assert_eq!(open_secs(&breaker, later), PROBE_RETRY_AFTER_SECS);
        probe.record(Health::Good);
        assert_eq!(breaker.state(), BreakerState::Closed);
        assert!(!breaker.admit_at(later).unwrap().is_probe());
    }

    #[test]
    fn a_failed_probe_opens_it_for_another_cooldown() {
        let breaker = CircuitBreaker::new(1, Duration::from_secs(5));
        fail(&breaker);
        let probe_at = Instant::now() + Duration::from_secs(5);
        breaker.admit_at(probe_at).unwrap().record(Health::Bad);
        assert_eq!(breaker.state(), BreakerState::Open);
        assert_eq!(open_secs(&breaker, Instant::now()), 5);
    }

    #[test]
    fn an_abandoned_probe_lets_the_next_call_probe() {
        let breaker = CircuitBreaker::new(1, Duration::from_secs(1));
        fail(&breaker);
        let later = Instant::now() + Duration::from_secs(1);
        drop(breaker.admit_at(later).unwrap());
        let probe = breaker.admit_at(later).unwrap();
        assert!(probe.is_probe());
        probe.record(Health::Unknown);
        assert!(breaker.admit_at(later).unwrap().is_probe());
    }

    #[test]
    fn an_outcome_from_before_the_breaker_changed_is_ignored() {
        let breaker = CircuitBreaker::new(1, Duration::from_secs(1));
        let slow = breaker.admit().unwrap();
        fail(&breaker);
        slow.record(Health::Good);
        assert_eq!(breaker.state(), BreakerState::Open);
    }

    #[test]
    fn retry_after_is_rounded_up_to_whole_seconds() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::ZERO), 1);
        assert_eq!(whole_seconds(Duration::from_millis(2001)), 3);
        assert_eq!(whole_seconds(Duration::from_secs(2)), 2);
    }
}
