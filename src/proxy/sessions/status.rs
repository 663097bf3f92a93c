//! The sessions' statuses (`GET /status/{sessionId}`), kept like the
//! snapshots: a request is answered from a read that started at most the
//! max age before it arrived, and concurrent requests for one session share
//! one read ([`SingleFlight`]). So a roster of widgets polling a session's
//! status costs SecureVideo at most one status read per session per max
//! age, like its session read.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use lru::LruCache;

use super::flight::SingleFlight;
use crate::common::SessionState;
use crate::proxy::upstream::{SecureVideoClient, SessionRef, UpstreamError};

/// A status as one read returned it, with when that read started.
type Read = (SessionState, Instant);

pub struct Statuses {
    kept: Arc<Mutex<LruCache<i64, Read>>>,
    reads: SingleFlight<i64, Read>,
}

impl Statuses {
    pub fn new(capacity: NonZeroUsize) -> Self {
        Self {
            kept: Arc::new(Mutex::new(LruCache::new(capacity))),
            reads: SingleFlight::default(),
        }
    }

    /// Session `session_id`'s status from a read started at or after
    /// `oldest`: the one kept, the one under way, or a new one.
    pub async fn status(
        &self,
        upstream: &SecureVideoClient,
        session_id: i64,
        oldest: Instant,
    ) -> Result<SessionState, UpstreamError> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&session_id)
            .copied();
        if let Some((state, started)) = kept
            && started >= oldest
        {
            return Ok(state);
        }
        let (upstream, kept) = (upstream.clone(), Arc::clone(&self.kept));
        let (state, _) = self
            .reads
            .join(session_id, move || async move {
                let started = Instant::now();
                let state = upstream.session_status(&SessionRef::Id(session_id)).await?;
                kept.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .put(session_id, (state, started));
                Ok((state, started))
            })
            .await?;
        Ok(state)
    }
}
