//! The session index: what this replica has learned of the account's
//! sessions from every Session it has seen (lists, and the Session every
//! write returns), and the snapshots it serves reads from.
//!
//! - SessionId → its host's UserId, its ExternalSessionId and its
//!   ParticipationIds; ExternalSessionId → SessionId; ParticipationId →
//!   SessionId. Bounded (least recently used first out); a forgotten entry
//!   costs one extra read.
//! - Snapshots: the whole Session, for the sessions that requests asked
//!   for, with the moment the read that produced it started. Bounded
//!   separately (a Session weighs far more than its keys).
//! - A floor per session: when this replica changes a session, reads that
//!   started before the change ended may not reflect it, so they no longer
//!   replace the snapshot the change's answer left.
//!
//! Nothing here is needed for correctness: SecureVideo is the authority,
//! and every entry can be learned again.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Instant;

use lru::LruCache;

use crate::common::Session;
use crate::proxy::upstream::SessionRef;

/// One session's keys.
#[derive(Debug)]
struct Entry {
    host: Option<i64>,
    external: Option<String>,
    participations: Vec<i64>,
    /// Reads that started before this may not show this replica's latest
    /// change.
    floor: Option<Instant>,
}

/// A whole Session as of the start of the read (or change) that returned it.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub session: Arc<Session>,
    pub as_of: Instant,
}

#[derive(Debug)]
pub struct Index {
    entries: LruCache<i64, Entry>,
    by_external: HashMap<String, i64>,
    by_participation: HashMap<i64, i64>,
    snapshots: LruCache<i64, Snapshot>,
}

/// The form an ExternalSessionId is matched in: SecureVideo hands some out
/// with surrounding spaces.
fn external_key(external: &str) -> &str {
    external.trim()
}

impl Index {
    pub fn new(capacity: NonZeroUsize, snapshot_capacity: NonZeroUsize) -> Self {
        Self {
            entries: LruCache::new(capacity),
            by_external: HashMap::new(),
            by_participation: HashMap::new(),
            snapshots: LruCache::new(snapshot_capacity),
        }
    }

    /// Sessions whose keys are known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sessions with a snapshot.
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    /// Learns (or relearns) a session's keys; its snapshot is untouched.
    pub fn learn(&mut self, session: &Session) {
        let id = session.session_id;
        let external = session
            .external_session_id
            .as_deref()
            .map(external_key)
            .filter(|e| !e.is_empty())
            .map(str::to_owned);
        let participations: Vec<i64> = session
            .participants
            .iter()
            .map(|p| p.participation_id)
            .collect();
        let floor = self.entries.peek(&id).and_then(|e| e.floor);
        if let Some(old) = self.entries.pop(&id) {
            self.drop_aliases(id, &old, Some(&participations));
        }
        if let Some(external) = &external {
            self.by_external.insert(external.clone(), id);
        }
        for participation in &participations {
            self.by_participation.insert(*participation, id);
        }
        let entry = Entry {
            host: session.user_id,
            external,
            participations,
            floor,
        };
        if let Some((evicted_id, evicted)) = self.entries.push(id, entry)
            && evicted_id != id
        {
            self.drop_aliases(evicted_id, &evicted, None);
            self.snapshots.pop(&evicted_id);
        }
    }

    /// Removes the aliases that point at `id` from `old`, except the
    /// participations about to be learned again.
    fn drop_aliases(&mut self, id: i64, old: &Entry, keep: Option<&[i64]>) {
        if let Some(external) = &old.external
            && self.by_external.get(external) == Some(&id)
        {
            self.by_external.remove(external);
        }
        for participation in &old.participations {
            let kept = keep.is_some_and(|keep| keep.contains(participation));
            if !kept && self.by_participation.get(participation) == Some(&id) {
                self.by_participation.remove(participation);
            }
        }
    }

    /// Forgets a session that is gone (cancelled, ended, or re-created).
    pub fn forget(&mut self, id: i64) {
        if let Some(old) = self.entries.pop(&id) {
            self.drop_aliases(id, &old, None);
        }
        self.snapshots.pop(&id);
    }

    /// The SessionId a reference names, as far as this replica knows.
    pub fn session_id(&mut self, reference: &SessionRef) -> Option<i64> {
        match reference {
            SessionRef::Id(id) => self.entries.get(id).map(|_| *id),
            SessionRef::External(external) => {
                let id = *self.by_external.get(external_key(external))?;
                self.entries.get(&id).map(|_| id)
            }
        }
    }

    /// The session a participation belongs to, as far as this replica knows.
    pub fn session_of_participation(&mut self, participation_id: i64) -> Option<i64> {
        let id = *self.by_participation.get(&participation_id)?;
        self.entries.get(&id).map(|_| id)
    }

    /// The host's SecureVideo UserId.
    pub fn host(&mut self, id: i64) -> Option<i64> {
        self.entries.get(&id).and_then(|e| e.host)
    }

    pub fn snapshot(&mut self, id: i64) -> Option<Snapshot> {
        self.snapshots.get(&id).cloned()
    }

    pub fn has_snapshot(&self, id: i64) -> bool {
        self.snapshots.contains(&id)
    }

    /// A read's Session, which started at `started`: its keys are learned,
    /// and it becomes the snapshot unless a change this replica made ended
    /// after the read started, or a newer snapshot is already there.
    pub fn install_read(&mut self, session: Arc<Session>, started: Instant) {
        self.learn(&session);
        let id = session.session_id;
        let floor = self.entries.peek(&id).and_then(|e| e.floor);
        let stale_read = floor.is_some_and(|floor| started < floor);
        let newer_there = self
            .snapshots
            .peek(&id)
            .is_some_and(|current| current.as_of > started);
        if !stale_read && !newer_there {
            self.put_snapshot(session, started);
        }
    }

    /// A change's answer (the Session after it): it becomes the snapshot,
    /// as of when the change was sent; reads that started before the
    /// change ended no longer replace it.
    pub fn install_change(&mut self, session: Arc<Session>, sent: Instant, ended: Instant) {
        self.learn(&session);
        let id = session.session_id;
        self.raise_floor(id, ended);
        self.put_snapshot(session, sent);
    }

    /// A participation this replica removed (SecureVideo answers 204, no
    /// Session): taken out of the snapshot and the index.
    pub fn remove_participation(
        &mut self,
        id: i64,
        participation_id: i64,
        sent: Instant,
        ended: Instant,
    ) {
        self.raise_floor(id, ended);
        if let Some(snapshot) = self.snapshots.peek(&id) {
            let mut session = Session::clone(&snapshot.session);
            session
                .participants
                .retain(|p| p.participation_id != participation_id);
            self.learn(&session);
            self.put_snapshot(Arc::new(session), sent);
        } else if self.by_participation.get(&participation_id) == Some(&id) {
            self.by_participation.remove(&participation_id);
        }
    }

    /// Makes the next read of this session go to SecureVideo (after a
    /// refusal that says the snapshot is behind).
    pub fn mark_stale(&mut self, id: i64) {
        self.snapshots.pop(&id);
    }

    fn raise_floor(&mut self, id: i64, at: Instant) {
        if let Some(entry) = self.entries.get_mut(&id) {
            entry.floor = Some(entry.floor.map_or(at, |floor| floor.max(at)));
        }
    }

    fn put_snapshot(&mut self, session: Arc<Session>, as_of: Instant) {
        let id = session.session_id;
        self.snapshots.put(id, Snapshot { session, as_of });
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::common::Participation;

    fn session(id: i64, host: i64, external: Option<&str>, participations: &[i64]) -> Session {
        Session {
            session_id: id,
            user_id: Some(host),
            external_session_id: external.map(str::to_owned),
            participants: participations
                .iter()
                .map(|p| Participation {
                    participation_id: *p,
                    ..Participation::default()
                })
                .collect(),
            ..Session::default()
        }
    }

    fn index(capacity: usize) -> Index {
        Index::new(
            NonZeroUsize::new(capacity).unwrap(),
            NonZeroUsize::new(capacity).unwrap(),
        )
    }

    #[test]
    fn every_key_of_a_learned_session_leads_to_it() {
        let mut index = index(10);
        index.learn(&session(1, 50, Some(" APPT-1 "), &[10, 11]));
        assert_eq!(index.session_id(&SessionRef::Id(1)), Some(1));
        assert_eq!(
            index.session_id(&SessionRef::External("APPT-1".into())),
            Some(1)
        );
        assert_eq!(index.session_of_participation(11), Some(1));
        assert_eq!(index.host(1), Some(50));
        assert_eq!(index.session_id(&SessionRef::Id(2)), None);
    }

    #[test]
    fn relearning_drops_the_keys_a_session_no_longer_has() {
        let mut index = index(10);
        index.learn(&session(1, 50, Some("OLD"), &[10, 11]));
        index.learn(&session(1, 50, Some("NEW"), &[11, 12]));
        assert_eq!(index.session_id(&SessionRef::External("OLD".into())), None);
        assert_eq!(
            index.session_id(&SessionRef::External("NEW".into())),
            Some(1)
        );
        assert_eq!(index.session_of_participation(10), None);
        assert_eq!(index.session_of_participation(12), Some(1));
    }

    #[test]
    fn a_recreated_external_id_points_at_the_new_session_and_forgetting_the_old_keeps_it() {
        let mut index = index(10);
        index.learn(&session(1, 50, Some("APPT"), &[10]));
        index.learn(&session(2, 51, Some("APPT"), &[20]));
        index.forget(1);
        assert_eq!(
            index.session_id(&SessionRef::External("APPT".into())),
            Some(2)
        );
        assert_eq!(index.session_of_participation(10), None);
    }

    #[test]
    fn the_index_is_bounded_and_evicts_the_least_recently_used_with_its_keys() {
        let mut index = index(2);
        index.learn(&session(1, 50, Some("A"), &[10]));
        index.learn(&session(2, 50, Some("B"), &[20]));
        index.install_read(Arc::new(session(1, 50, Some("A"), &[10])), Instant::now());
        index.learn(&session(3, 50, Some("C"), &[30]));
        assert_eq!(index.len(), 2);
        assert_eq!(index.session_id(&SessionRef::External("B".into())), None);
        assert_eq!(index.session_of_participation(20), None);
        assert_eq!(index.session_id(&SessionRef::Id(1)), Some(1));
        assert_eq!(index.session_id(&SessionRef::Id(3)), Some(3));
    }

    #[test]
    fn a_read_that_started_before_a_change_ended_does_not_replace_its_answer() {
        let mut index = index(10);
        let t0 = Instant::now();
        let (t1, t2) = (
            t0 + Duration::from_millis(10),
            t0 + Duration::from_millis(20),
        );
        index.install_change(Arc::new(session(1, 50, None, &[10, 11])), t1, t2);
        // A read sent at t0, before the change, answers late.
        index.install_read(Arc::new(session(1, 50, None, &[10])), t0);
        assert_eq!(index.snapshot(1).unwrap().session.participants.len(), 2);
        // A read sent after the change ended replaces it.
        let t3 = t0 + Duration::from_millis(30);
        index.install_read(Arc::new(session(1, 50, None, &[10, 11, 12])), t3);
        assert_eq!(index.snapshot(1).unwrap().session.participants.len(), 3);
        assert_eq!(index.snapshot(1).unwrap().as_of, t3);
    }

    #[test]
    fn a_removal_leaves_the_snapshot_without_the_participant() {
        let mut index = index(10);
        let t0 = Instant::now();
        index.install_read(Arc::new(session(1, 50, None, &[10, 11])), t0);
        index.remove_participation(1, 11, t0, t0 + Duration::from_millis(5));
        let snapshot = index.snapshot(1).unwrap();
        assert_eq!(snapshot.session.participants.len(), 1);
        assert_eq!(index.session_of_participation(11), None);
        assert_eq!(index.session_of_participation(10), Some(1));
        // The read that was in flight during the removal is not installed.
        index.install_read(Arc::new(session(1, 50, None, &[10, 11])), t0);
        assert_eq!(index.snapshot(1).unwrap().session.participants.len(), 1);
    }

    #[test]
    fn an_older_read_does_not_replace_a_newer_snapshot() {
        let mut index = index(10);
        let t0 = Instant::now();
        index.install_read(
            Arc::new(session(1, 50, None, &[10, 11])),
            t0 + Duration::from_millis(5),
        );
        index.install_read(Arc::new(session(1, 50, None, &[10])), t0);
        assert_eq!(index.snapshot(1).unwrap().session.participants.len(), 2);
    }
}
