//! The rate limit: per client address and per embed token, each a bucket
//! that holds `2 s × rate` requests and refills at `rate` per second
//! (GCRA). A request over either gets 429 with `Retry-After`.
//!
//! - The address is the TCP peer (`ConnectInfo`), never a header:
//!   `X-Forwarded-For`, `Forwarded` and `X-Real-IP` are whatever the client
//!   wrote. IPv6 peers are counted per /64, which one host usually holds
//!   whole. Loopback peers are not address-limited unless configured: on
//!   loopback the peer is a reverse proxy on the same host (all of its
//!   clients would share one bucket) or a local test or load test.
//! - The token bucket is keyed on the verified token's actor and session
//!   (so a page that fetches fresh tokens stays one caller), through a
//!   keyed hash: the map holds neither tokens nor actor ids, and nothing
//!   here logs them. Requests without a valid token are refused by the
//!   routes anyway and count against their address only.
//!
//! Buckets that have refilled are dropped as the map grows; the map never
//! holds more than [`MAX_TRACKED`] keys (past that, new keys get 429 until
//! a tracked bucket refills: a full map is always pruned again).

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::proxy::auth::{Authenticator, SessionGrant};
use crate::proxy::error::ProxyError;

/// A bucket holds this many seconds' worth of requests.
pub const BURST_SECONDS: u32 = 2;
/// The most keys tracked at once.
pub const MAX_TRACKED: usize = 100_000;
/// Default per-token rate: far above what a person's page sends (a few
/// requests a minute) and above the project's load test (1,000 requests/s
/// spread over a few tokens); a backstop against a runaway page or a
/// stolen token, not a quota.
pub const DEFAULT_PER_TOKEN: u32 = 500;
/// Default per-address rate: room for a clinic's staff behind one NAT.
pub const DEFAULT_PER_ADDRESS: u32 = 100;

/// Requests per second allowed; 0 turns a limit off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitSettings {
    pub per_token: u32,
    pub per_address: u32,
    /// Also limit loopback peers by address.
    pub limit_loopback: bool,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            per_token: DEFAULT_PER_TOKEN,
            per_address: DEFAULT_PER_ADDRESS,
            limit_loopback: false,
        }
    }
}

impl RateLimitSettings {
    /// No limits at all.
    pub fn off() -> Self {
        Self {
            per_token: 0,
            per_address: 0,
            limit_loopback: false,
        }
    }
}

/// What a bucket is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Token(u64),
}

/// One rate: the time between requests, and the most that may be saved up.
#[derive(Clone, Copy, Debug)]
struct Rate {
    interval: Duration,
    burst: Duration,
}

impl Rate {
    fn per_second(rate: u32) -> Option<Self> {
        (rate > 0).then(|| {
            let interval = Duration::from_secs(1) / rate;
            Self {
                interval,
                burst: interval * rate * BURST_SECONDS,
            }
        })
    }
}

/// The buckets, shared by every request of one router.
pub struct RateLimiter {
    per_token: Option<Rate>,
    per_address: Option<Rate>,
    limit_loopback: bool,
    authenticator: Authenticator,
    hasher: RandomState,
    buckets: Mutex<Buckets>,
}

struct Buckets {
    /// Each key's theoretical arrival time: when its bucket is full again.
    full_at: HashMap<Key, Instant>,
    /// Refilled buckets are dropped when the map reaches this size.
    prune_at: usize,
    /// The most keys held ([`MAX_TRACKED`]; smaller in tests).
    capacity: usize,
    /// The first `prune_at`, and its floor.
    first_prune: usize,
    /// Set when a prune left the map full of live buckets: the earliest one
    /// refills then, and pruning before that would find nothing to drop.
    no_prune_before: Option<Instant>,
}

const FIRST_PRUNE: usize = 1024;

impl RateLimiter {
    pub fn new(settings: &RateLimitSettings, authenticator: Authenticator) -> Self {
        Self {
            per_token: Rate::per_second(settings.per_token),
            per_address: Rate::per_second(settings.per_address),
            limit_loopback: settings.limit_loopback,
            authenticator,
            hasher: RandomState::new(),
            buckets: Mutex::new(Buckets::new(MAX_TRACKED, FIRST_PRUNE)),
        }
    }

    /// Takes one request from each bucket that applies; `Err(retry_after)`
    /// when one is empty (then nothing is taken from the others).
    fn check(&self, request: &Request) -> Result<(), Duration> {
        let mut keys = Vec::with_capacity(2);
        if let Some(rate) = self.per_address
            && let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>()
            && (self.limit_loopback || !peer.ip().to_canonical().is_loopback())
        {
            keys.push((Key::Address(address_key(peer.ip())), rate));
        }
        if let Some(rate) = self.per_token
            && let Ok(caller) = self.authenticator.authenticate(request.headers())
        {
            let session = match &caller.grant {
                SessionGrant::One(session) => format!("{session:?}"),
                SessionGrant::Any => String::new(),
            };
            let hash = self
                .hasher
                .hash_one((caller.actor.as_str(), session.as_str()));
            keys.push((Key::Token(hash), rate));
        }
        if keys.is_empty() {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        buckets.take(&keys, Instant::now())
    }
}

impl Buckets {
    fn new(capacity: usize, first_prune: usize) -> Self {
        Self {
            full_at: HashMap::new(),
            prune_at: first_prune,
            capacity,
            first_prune,
            no_prune_before: None,
        }
    }

    /// Takes one request at `now` from each key's bucket; `Err(retry_after)`
    /// when one is empty or the map is full (then nothing is taken).
    fn take(&mut self, keys: &[(Key, Rate)], now: Instant) -> Result<(), Duration> {
        self.make_room(now);
        let mut taken = Vec::with_capacity(keys.len());
        for &(key, rate) in keys {
            let known = self.full_at.get(&key).copied();
            if known.is_none() && self.full_at.len() >= self.capacity {
                tracing::warn!("rate limiter is tracking too many clients; refusing new ones");
                return Err(Duration::from_secs(1));
            }
            let full_at = known.map_or(now, |t| t.max(now)) + rate.interval;
            let waited = full_at - now;
            if waited > rate.burst {
                return Err(waited - rate.burst);
            }
            taken.push((key, full_at));
        }
        self.full_at.extend(taken);
        Ok(())
    }

    /// Drops the buckets that have refilled once the map has grown.
    ///
    /// The next prune point is twice what was kept (so pruning costs O(1)
    /// per request, amortised) but never beyond the capacity: otherwise a
    /// prune that kept over half the keys would leave a full map that never
    /// prunes again, and every new client would get 429 for good. When a
    /// prune keeps a full map, the next waits for the earliest bucket to
    /// refill, so a full map of live clients costs one scan, not one per
    /// request.
    fn make_room(&mut self, now: Instant) {
        if self.full_at.len() < self.prune_at || self.no_prune_before.is_some_and(|t| now < t) {
            return;
        }
        self.full_at.retain(|_, full_at| *full_at > now);
        let kept = self.full_at.len();
        self.prune_at = (kept * 2).clamp(self.first_prune, self.capacity);
        self.no_prune_before = if kept >= self.prune_at {
            self.full_at.values().min().copied()
        } else {
            None
        };
    }
}

/// IPv4 as is (also when written as IPv4-mapped IPv6); IPv6 by its /64.
fn address_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

/// Answers 429 with `Retry-After` (whole seconds, at least 1) when over a
/// limit.
pub async fn middleware(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    match limiter.check(&request) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            tracing::info!(retry_after_s = seconds.max(1), "rate limited");
            let mut response = ProxyError::TooManyRequests.into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_peers_share_a_bucket_per_64_and_mapped_ipv4_is_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn a_bucket_holds_two_seconds_of_requests() {
        let rate = Rate::per_second(5).unwrap();
        assert_eq!(rate.interval, Duration::from_millis(200));
        assert_eq!(rate.burst, Duration::from_secs(2));
        assert!(Rate::per_second(0).is_none());
    }

    /// One request of a pattern: which client, and how long after the
    /// previous request it arrives.
    #[derive(Clone, Debug)]
    struct Arrival {
        client: u32,
        after_ms: u64,
    }

    fn arrivals() -> impl Strategy<Value = Vec<Arrival>> {
        // Few enough clients that they often return, many enough to fill a
        // small map; gaps from a burst (0 ms) to longer than a bucket lives.
        let arrival = (0u32..64, prop_oneof![Just(0u64), 0u64..50, 0u64..3_000])
            .prop_map(|(client, after_ms)| Arrival { client, after_ms });
        proptest::collection::vec(arrival, 1..400)
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        // Regression: a prune that kept more than half the keys set the next
        // prune point beyond the cap, so a full map never pruned again and
        // every new client got 429 until a restart.
        #[test]
        fn a_new_client_is_admitted_once_old_keys_expire(pattern in arrivals()) {
            let rate = Rate::per_second(1).unwrap();
            let mut buckets = Buckets::new(16, 4);
            let start = Instant::now();
            let mut now = start;
            for arrival in &pattern {
                now += Duration::from_millis(arrival.after_ms);
                let key = Key::Token(u64::from(arrival.client));
                let refused = buckets.take(&[(key, rate)], now).is_err();
                // A refusal because the map is full is only right while
                // every key in it is still live.
                if refused && !buckets.full_at.contains_key(&key) {
                    prop_assert!(
                        buckets.full_at.values().all(|full_at| *full_at > now),
                        "a new client was refused while expired keys were kept"
                    );
                }
                prop_assert!(buckets.full_at.len() <= 16);
            }
            // Once every bucket has refilled, a client never seen is let in.
            let later = now + rate.burst + rate.interval;
            prop_assert_eq!(buckets.take(&[(Key::Token(u64::MAX), rate)], later), Ok(()));
        }
    }
}
