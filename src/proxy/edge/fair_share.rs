//! One embed token's share of the SecureVideo calls in flight.
//!
//! The upstream client holds at most `UPSTREAM_MAX_IN_FLIGHT` calls at once
//! for the whole replica. A request makes its calls one after another, so
//! capping the requests one token (its actor and session, as the rate
//! limiter counts them) has in flight caps the slots it can hold: a stuck
//! or runaway page gets 429 with `Retry-After: 1` once it holds its share,
//! and every other page still finds free slots. The share is a quarter of
//! the slots, at least one.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::proxy::auth::{Authenticator, SessionGrant};
use crate::proxy::error::ProxyError;

/// The requests in flight per token.
pub struct FairShare {
    share: usize,
    authenticator: Authenticator,
    hasher: RandomState,
    in_flight: Arc<Mutex<HashMap<u64, usize>>>,
}

impl FairShare {
    /// A share of `max_in_flight / 4` (at least 1) per token.
    pub fn new(max_in_flight: usize, authenticator: Authenticator) -> Self {
        Self {
            share: (max_in_flight / 4).max(1),
            authenticator,
            hasher: RandomState::new(),
            in_flight: Arc::default(),
        }
    }

    /// The most requests one token may have in flight.
    pub fn share(&self) -> usize {
        self.share
    }

    /// A place for this request, or `None` when its token holds its share.
    /// A request without a valid token takes none (it is refused before
    /// any upstream call).
    fn enter(&self, request: &Request) -> Result<Option<Place>, ()> {
        let Ok(caller) = self.authenticator.authenticate(request.headers()) else {
            return Ok(None);
        };
        let session = match &caller.grant {
            SessionGrant::One(session) => format!("{session:?}"),
            // Development: every request is the same caller; no share.
            SessionGrant::Any => return Ok(None),
        };
        let key = self
            .hasher
            .hash_one((caller.actor.as_str(), session.as_str()));
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        let count = in_flight.entry(key).or_insert(0);
        if *count >= self.share {
            return Err(());
        }
        *count += 1;
        Ok(Some(Place {
            key,
            in_flight: Arc::clone(&self.in_flight),
        }))
    }
}

/// A request's place in its token's share, given back when it ends.
struct Place {
    key: u64,
    in_flight: Arc<Mutex<HashMap<u64, usize>>>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = in_flight.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                in_flight.remove(&self.key);
            }
        }
    }
}

pub async fn middleware(
    State(fair): State<Arc<FairShare>>,
    request: Request,
    next: Next,
) -> Response {
    match fair.enter(&request) {
        Ok(place) => {
            let response = next.run(request).await;
            drop(place);
            response
        }
        Err(()) => {
            tracing::info!(share = fair.share, "token over its share of upstream calls");
            let mut response = ProxyError::TooManyRequests.into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(1u32));
            response
        }
    }
}
