//! Finding the session a request touches, at a cost per request that does
//! not grow with the account.
//!
//! SecureVideo documents no read of one session: `GET /session` lists
//! every active session of the account (thousands for a group practice),
//! `GET /session/{userId}` those of one user. So the proxy keeps, per
//! replica, an [`index`] of what it has learned from every Session it saw,
//! and:
//! - serves a read from the session's snapshot while it is no older than
//!   the max age (`SESSION_MAX_AGE`);
//! - refreshes a session through its host's list (`GET /session/{host}`),
//!   one read for all the concurrent requests on that host ([`flight`]),
//!   which also refreshes every other snapshot of that host;
//! - reads the account-wide list only to find a session the index does not
//!   know (and the token's host hint, when it has one, does not lead to),
//!   streamed, shared by concurrent requests, and at most once per max age;
//! - takes each change's answer as the new snapshot;
//! - keeps each session's status (`GET /status/{id}`) the same way: one
//!   read per session per max age, shared by concurrent requests
//!   ([`status`]).
//!
//! Everything kept here can be lost (a restart, another replica): it costs
//! one more read, never a wrong answer, because SecureVideo stays the
//! authority on every change.

pub mod flight;
pub mod index;
pub mod status;

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use flight::SingleFlight;
use index::Index;
use lru::LruCache;

use super::access::{self, NO_PARTICIPANT};
use super::auth::{Caller, SessionGrant};
use super::error::ProxyError;
use super::upstream::{ParticipantRef, SecureVideoClient, SessionRef, UpstreamError};
use crate::common::{Participation, Session, SessionState};
use status::Statuses;

/// How the index and its snapshots behave. `Default` holds the `serve`
/// options' defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSettings {
    /// The oldest a snapshot may be to serve a request; zero: always read.
    pub max_age: Duration,
    /// The most sessions whose keys are kept.
    pub index_capacity: NonZeroUsize,
    /// The most whole sessions kept to serve reads from.
    pub snapshot_capacity: NonZeroUsize,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(2),
            index_capacity: NonZeroUsize::new(50_000).expect("non-zero"),
            snapshot_capacity: NonZeroUsize::new(5_000).expect("non-zero"),
        }
    }
}

/// One host's list as one read returned it.
#[derive(Debug)]
struct HostList {
    started: Instant,
    sessions: Vec<Arc<Session>>,
}

/// The sessions service. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Sessions {
    inner: Arc<Inner>,
}

struct Inner {
    upstream: SecureVideoClient,
    settings: SessionSettings,
    index: Mutex<Index>,
    host_reads: SingleFlight<i64, Arc<HostList>>,
    /// Sessions a token's host hint led to a host's list without, with
    /// when that read started: not looked for in that list again within
    /// the max age, however often they are asked for.
    host_misses: Mutex<LruCache<HostMiss, Instant>>,
    /// When the latest complete read of each host's list started. That
    /// read put every session it listed in the index, so a session the
    /// index does not know was not in it.
    host_read_at: Mutex<LruCache<i64, Instant>>,
    scans: SingleFlight<(), Instant>,
    /// When the latest complete account-wide read started, if every
    /// session it listed fitted in the index (only then does it say which
    /// sessions are not active).
    last_scan: Mutex<Option<Instant>>,
    /// What the requests waiting on an account-wide read look for: the
    /// read keeps those sessions whole (the others only in the index).
    wanted: Mutex<Vec<Wanted>>,
    /// The statuses read, as many as the snapshots kept.
    statuses: Statuses,
}

impl Sessions {
    pub fn new(upstream: SecureVideoClient, settings: SessionSettings) -> Self {
        let index_capacity = settings.index_capacity;
        let index = Index::new(index_capacity, settings.snapshot_capacity);
        let statuses = Statuses::new(settings.snapshot_capacity);
        Self {
            inner: Arc::new(Inner {
                upstream,
                settings,
                index: Mutex::new(index),
                host_reads: SingleFlight::default(),
                host_misses: Mutex::new(LruCache::new(index_capacity)),
                host_read_at: Mutex::new(LruCache::new(index_capacity)),
                scans: SingleFlight::default(),
                last_scan: Mutex::new(None),
                wanted: Mutex::new(Vec::new()),
                statuses,
            }),
        }
    }

    pub fn settings(&self) -> &SessionSettings {
        &self.inner.settings
    }

    /// Sessions whose keys this replica knows, and whole sessions it keeps.
    pub fn known(&self) -> (usize, usize) {
        let index = self.index();
        (index.len(), index.snapshot_count())
    }

    fn index(&self) -> MutexGuard<'_, Index> {
        self.inner.index.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The oldest a read may be to serve a request that arrived at
    /// `arrived`: the max age before it.
    fn oldest_for(&self, arrived: Instant) -> Instant {
        arrived
            .checked_sub(self.inner.settings.max_age)
            .unwrap_or(arrived)
    }

    /// Runs an account-wide read (or waits for the one under way, or for
    /// none if one started at or after `oldest`) while `wanted` is looked
    /// for.
    async fn scan_for(&self, wanted: Wanted, oldest: Instant) -> Result<(), UpstreamError> {
        let lock = || self.inner.wanted.lock().unwrap_or_else(|e| e.into_inner());
        lock().push(wanted.clone());
        let scanned = self.scan_since(oldest).await;
        let mut waiting = lock();
        if let Some(at) = waiting.iter().position(|w| *w == wanted) {
            waiting.swap_remove(at);
        }
        scanned
    }

    /// The session `target` names, no older than the max age, once the
    /// caller's token is checked to cover it: 403 for another session,
    /// 404 for one that is not active.
    pub async fn session(
        &self,
        caller: &Caller,
        target: &SessionRef,
    ) -> Result<Arc<Session>, ProxyError> {
        let oldest = self.oldest_for(Instant::now());
        let found = self.find(caller, target, oldest).await?;
        access::authorize_session(caller, target, found)
    }

    /// Like [`Self::session`], from what SecureVideo says after `after`
    /// (no snapshot or list read before it): to resolve `target` again once
    /// SecureVideo refused a change to the session it was resolved to.
    pub async fn session_read_after(
        &self,
        caller: &Caller,
        target: &SessionRef,
        after: Instant,
    ) -> Result<Arc<Session>, ProxyError> {
        let found = self.find(caller, target, after).await?;
        access::authorize_session(caller, target, found)
    }

    /// The status of `session` (one [`Self::session`] found, so already
    /// authorized), from a read no older than the max age.
    pub async fn status(&self, session: &Session) -> Result<SessionState, UpstreamError> {
        let oldest = self.oldest_for(Instant::now());
        self.inner
            .statuses
            .status(&self.inner.upstream, session.session_id, oldest)
            .await
    }

    /// The participation `target` names and its session, once the caller's
    /// token is checked to cover it. A participation outside the sessions
    /// the token covers is answered like one that does not exist (404), so
    /// the answer tells nothing about other sessions.
    pub async fn participation(
        &self,
        caller: &Caller,
        target: &ParticipantRef,
    ) -> Result<(Arc<Session>, Participation), ProxyError> {
        self.participation_read_after(caller, target, None).await
    }

    /// [`Self::participation`], from reads after `after` when given (see
    /// [`Self::session_read_after`]).
    pub async fn participation_read_after(
        &self,
        caller: &Caller,
        target: &ParticipantRef,
        after: Option<Instant>,
    ) -> Result<(Arc<Session>, Participation), ProxyError> {
        let arrived = Instant::now();
        let (reference, pick): (SessionRef, Pick) = match target {
            ParticipantRef::Id(id) => (self.session_of_participation(caller, *id).await?, {
                let id = *id;
                Box::new(move |s: &Session| s.participation(id).cloned())
            }),
            ParticipantRef::External {
                session,
                participant,
            } => (SessionRef::External(session.clone()), {
                let participant = participant.clone();
                Box::new(move |s: &Session| s.participation_by_external_id(&participant).cloned())
            }),
        };
        let session = match after {
            Some(after) => self.session_read_after(caller, &reference, after).await?,
            None => self.session(caller, &reference).await?,
        };
        if let Some(participation) = pick(&session) {
            return Ok((session, participation));
        }
        // Not in a snapshot older than this request: someone may just have
        // added it elsewhere. One refresh decides.
        let session = self.refreshed(session, arrived).await?;
        let session = access::authorize_session(caller, &reference, session)?;
        match pick(&session) {
            Some(participation) => Ok((session, participation)),
            None => Err(ProxyError::NotFound(NO_PARTICIPANT)),
        }
    }

    /// Which session to look for a ParticipationId in: the token's own; in
    /// development (a token for any session), the one the index (or the
    /// account-wide list) says.
    async fn session_of_participation(
        &self,
        caller: &Caller,
        participation_id: i64,
    ) -> Result<SessionRef, ProxyError> {
        match &caller.grant {
            SessionGrant::One(granted) => Ok(granted.clone()),
            SessionGrant::Any => {
                let known = self.index().session_of_participation(participation_id);
                let id = match known {
                    Some(id) => Some(id),
                    None => {
                        let oldest = self.oldest_for(Instant::now());
                        self.scan_for(Wanted::Participation(participation_id), oldest)
                            .await?;
                        self.index().session_of_participation(participation_id)
                    }
                };
                id.map(SessionRef::Id)
                    .ok_or(ProxyError::NotFound(NO_PARTICIPANT))
            }
        }
    }

    /// Finds the session, from nothing read before `oldest`: from the
    /// index, else through the token's host hint, else through the
    /// account-wide list. `None`: no active session matches.
    async fn find(
        &self,
        caller: &Caller,
        target: &SessionRef,
        oldest: Instant,
    ) -> Result<Option<Arc<Session>>, UpstreamError> {
        let known = self.index().session_id(target);
        if let Some(id) = known
            && let Some(session) = self.current(id, oldest).await?
            && access::matches(&session, target)
        {
            return Ok(Some(session));
        }
        if let Some(host) = caller.host_hint
            && access::names_own_session(caller, target)
            && !self.missed_since(host, target, oldest)
            && let Some(session) = self.in_host_list(host, target).await?
        {
            return Ok(Some(session));
        }
        self.scan_for(Wanted::Session(target.clone()), oldest)
            .await?;
        let found = self.index().session_id(target);
        match found {
            Some(id) => Ok(self
                .current(id, oldest)
                .await?
                .filter(|session| access::matches(session, target))),
            None => Ok(None),
        }
    }

    /// The session's snapshot if it was taken at or after `oldest`, else
    /// refreshed through its host's list. `None`: it is gone (or its host
    /// is unknown, so it must be found anew).
    async fn current(
        &self,
        id: i64,
        oldest: Instant,
    ) -> Result<Option<Arc<Session>>, UpstreamError> {
        let (snapshot, host) = {
            let mut index = self.index();
            (index.snapshot(id), index.host(id))
        };
        if let Some(snapshot) = snapshot
            && snapshot.as_of >= oldest
        {
            return Ok(Some(snapshot.session));
        }
        let Some(host) = host else {
            return Ok(None);
        };
        self.reread(host, id).await
    }

    /// A session whose snapshot is older than `arrived`, read again.
    async fn refreshed(
        &self,
        session: Arc<Session>,
        arrived: Instant,
    ) -> Result<Option<Arc<Session>>, UpstreamError> {
        let id = session.session_id;
        let as_of = self.index().snapshot(id).map(|s| s.as_of);
        if as_of.is_some_and(|as_of| as_of >= arrived) {
            return Ok(Some(session));
        }
        let Some(host) = session.user_id.or_else(|| self.index().host(id)) else {
            return Ok(Some(session));
        };
        self.reread(host, id).await
    }

    /// Session `id` from its host's list; `None` (and forgotten) when the
    /// list no longer holds it: a host's list has all its active sessions.
    async fn reread(&self, host: i64, id: i64) -> Result<Option<Arc<Session>>, UpstreamError> {
        let list = self.read_host(host).await?;
        let found = self.adopt(&list, |s| s.session_id == id);
        if found.is_none() {
            self.index().forget(id);
        }
        Ok(found)
    }

    /// Whether a read of `host`'s list that started at or after `oldest`
    /// did not have `target`.
    /// Once a read missed `target`, any later read of that host's list
    /// counts too (another request's, for another session of that host's):
    /// every session in the list went into the index, and the index still
    /// does not know `target`. So requests for different missing sessions
    /// of one host cost one read of its list per max age between them. A
    /// session never asked for is always looked for (it may be new).
    fn missed_since(&self, host: i64, target: &SessionRef, oldest: Instant) -> bool {
        let Some(missed) = self
            .host_misses()
            .get(&HostMiss::new(host, target))
            .copied()
        else {
            return false;
        };
        if missed >= oldest {
            return true;
        }
        let read = self
            .inner
            .host_read_at
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&host)
            .copied();
        read.is_some_and(|read| read >= oldest) && self.index().session_id(target).is_none()
    }

    fn host_misses(&self) -> MutexGuard<'_, LruCache<HostMiss, Instant>> {
        self.inner
            .host_misses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The session in one host's list that `target` names.
    async fn in_host_list(
        &self,
        host: i64,
        target: &SessionRef,
    ) -> Result<Option<Arc<Session>>, UpstreamError> {
        let list = self.read_host(host).await?;
        let found = self.adopt(&list, |s| access::matches(s, target));
        let miss = HostMiss::new(host, target);
        match &found {
            Some(_) => drop(self.host_misses().pop(&miss)),
            None => drop(self.host_misses().put(miss, list.started)),
        }
        Ok(found)
    }

    /// Takes the session `wanted` picks from a host's list as its snapshot
    /// (a change's newer answer stays there).
    fn adopt(&self, list: &HostList, wanted: impl Fn(&Session) -> bool) -> Option<Arc<Session>> {
        let mut index = self.index();
        match list.sessions.iter().find(|s| wanted(s)) {
            Some(session) => {
                index.install_read(Arc::clone(session), list.started);
                Some(
                    index
                        .snapshot(session.session_id)
                        .map_or_else(|| Arc::clone(session), |s| s.session),
                )
            }
            None => None,
        }
    }

    /// One host's list: the read under way for that host, or a new one.
    /// Every session in it is learned, and the snapshots kept of them are
    /// replaced. An unknown user (404) has no sessions.
    async fn read_host(&self, host: i64) -> Result<Arc<HostList>, UpstreamError> {
        let inner = Arc::clone(&self.inner);
        self.inner
            .host_reads
            .join(host, move || async move {
                let started = Instant::now();
                let sessions = match inner.upstream.sessions_of_user(host).await {
                    Ok(sessions) => sessions,
                    Err(UpstreamError::NotFound) => Vec::new(),
                    Err(error) => return Err(error),
                };
                let sessions: Vec<Arc<Session>> = sessions.into_iter().map(Arc::new).collect();
                let mut index = inner.index.lock().unwrap_or_else(|e| e.into_inner());
                for session in &sessions {
                    if index.has_snapshot(session.session_id) {
                        index.install_read(Arc::clone(session), started);
                    } else {
                        index.learn(session);
                    }
                }
                drop(index);
                inner
                    .host_read_at
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .put(host, started);
                Ok(Arc::new(HostList { started, sessions }))
            })
            .await
    }

    /// Makes sure an account-wide read that started at or after `oldest`
    /// has completed: its sessions are all in the index.
    async fn scan_since(&self, oldest: Instant) -> Result<(), UpstreamError> {
        let recent = self
            .inner
            .last_scan
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some_and(|at| at >= oldest);
        if recent {
            return Ok(());
        }
        let inner = Arc::clone(&self.inner);
        self.inner
            .scans
            .join((), move || async move {
                let started = Instant::now();
                let learner = Arc::clone(&inner);
                let scanned = inner
                    .upstream
                    .scan_sessions(Scanned::default, move |scanned, session| {
                        scanned.count += 1;
                        let wanted = learner
                            .wanted
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .iter()
                            .any(|wanted| wanted.is(&session));
                        // A session listed without its host cannot be
                        // refreshed through a host's list: only this read
                        // can serve it, so it is kept whole.
                        let hostless = session.user_id.is_none();
                        let mut index = learner.index.lock().unwrap_or_else(|e| e.into_inner());
                        if wanted {
                            let session = Arc::new(session);
                            index.install_read(Arc::clone(&session), started);
                            scanned.wanted.push(session);
                        } else if hostless || index.has_snapshot(session.session_id) {
                            index.install_read(Arc::new(session), started);
                        } else {
                            index.learn(&session);
                        }
                    })
                    .await?;
                // The sessions learned after a wanted one may have pushed it
                // out of a full index: installed again, they are the most
                // recently used when the requests look.
                let mut index = inner.index.lock().unwrap_or_else(|e| e.into_inner());
                for session in scanned.wanted {
                    index.install_read(session, started);
                }
                drop(index);
                let count = scanned.count;
                tracing::info!(sessions = count, "read the account's session list");
                let fitted = count <= inner.settings.index_capacity.get();
                if !fitted {
                    // Some listed sessions were let go of: the next request
                    // for one of them reads the list again.
                    tracing::warn!(
                        sessions = count,
                        capacity = inner.settings.index_capacity.get(),
                        "the account has more active sessions than SESSION_INDEX_CAPACITY; raise it"
                    );
                }
                *inner.last_scan.lock().unwrap_or_else(|e| e.into_inner()) =
                    fitted.then_some(started);
                Ok(started)
            })
            .await
            .map(drop)
    }

    /// A change's answer becomes the session's snapshot.
    pub fn changed(&self, session: &Session, sent: Instant) {
        self.index()
            .install_change(Arc::new(session.clone()), sent, Instant::now());
    }

    /// A removal SecureVideo confirmed.
    pub fn removed(&self, session_id: i64, participation_id: i64, sent: Instant) {
        self.index()
            .remove_participation(session_id, participation_id, sent, Instant::now());
    }

    /// SecureVideo refused a change in a way that says the snapshot is
    /// behind (a 400 or 404): the next request reads the session again.
    pub fn refused(&self, session_id: i64) {
        self.index().mark_stale(session_id);
    }
}

/// A session, as a request named it, that a host's list did not have.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum HostMiss {
    Id(i64, i64),
    External(i64, String),
}

impl HostMiss {
    fn new(host: i64, target: &SessionRef) -> Self {
        match target {
            SessionRef::Id(id) => Self::Id(host, *id),
            SessionRef::External(external) => Self::External(host, external.clone()),
        }
    }
}

/// What a request waiting on an account-wide read looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Wanted {
    Session(SessionRef),
    Participation(i64),
}

impl Wanted {
    fn is(&self, session: &Session) -> bool {
        match self {
            Self::Session(target) => access::matches(session, target),
            Self::Participation(id) => session.participation(*id).is_some(),
        }
    }
}

/// What an account-wide read has gone through so far.
#[derive(Default)]
struct Scanned {
    count: usize,
    /// The sessions requests were waiting for.
    wanted: Vec<Arc<Session>>,
}

/// Picks a participation out of a session.
type Pick = Box<dyn Fn(&Session) -> Option<Participation> + Send + Sync>;
