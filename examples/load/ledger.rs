//! What the load generator believes the simulator holds: every session's
//! participants as acknowledged by the proxy, which change to send next,
//! and the check of the belief against the simulator afterwards.
//!
//! Each participant has at most one change in flight, and every name is
//! new, so the only conflicts are the ones the proxy and the simulator must
//! resolve themselves; the ledger is then exact: after the run, every
//! acknowledged add is present (unless later removed), every acknowledged
//! update is applied, every acknowledged remove is gone, and nothing else is
//! there (no participant twice).

use std::collections::{HashMap, HashSet};

use participant_manager::common::name_key;
use rand::{Rng, RngExt};
use serde_json::Value;

/// Each session is kept between these sizes (participants besides the
/// host), so the session list the proxy reads per change stays bounded.
pub const FEWEST: usize = 3;
pub const MOST: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Add,
    Update,
    Remove,
}

/// A guest as acknowledged.
#[derive(Clone, Debug)]
pub struct Guest {
    pub name: String,
    pub external_id: String,
    pub id: i64,
    pub email: String,
    pub busy: bool,
}

pub struct Session {
    pub id: i64,
    pub external_id: String,
    pub token: String,
    pub guests: Vec<Guest>,
    /// Adds in flight (counted towards the size).
    pub adding: usize,
    pub removed: Vec<Guest>,
    /// Guests whose change failed: their state is unknown.
    pub unknown: Vec<String>,
}

/// The next change: what to send, and for whom.
#[derive(Clone, Debug)]
pub struct Change {
    pub kind: Kind,
    pub session: usize,
    pub name: String,
    pub external_id: String,
    /// The ParticipationId, for update and remove.
    pub id: i64,
    /// The e-mail address an add or update sets.
    pub email: String,
    /// Address the participant by external ids instead of ids.
    pub by_external_id: bool,
}

pub struct Ledger {
    pub sessions: Vec<Session>,
    next: u64,
}

impl Ledger {
    pub fn new(sessions: Vec<Session>) -> Self {
        Self { sessions, next: 0 }
    }

    /// Picks the next change: in a random session, an add while it is
    /// small, otherwise add 40 %, update 30 %, remove 30 % of an idle guest.
    /// When that session cannot take the change (no idle guest, or full),
    /// the next session that can takes it, so sessions stay between
    /// [`FEWEST`] and [`MOST`] even while answers are slow. `None` when no
    /// session can take any change (every guest has one in flight): a
    /// backlog must not grow the sessions, or every later change would read
    /// a longer session list.
    pub fn next_change(&mut self, rng: &mut impl Rng) -> Option<Change> {
        self.next += 1;
        let n = self.next;
        let first = rng.random_range(0..self.sessions.len());
        let roll = rng.random_range(0..100);
        let by_external_id = rng.random_bool(0.5);
        let count = self.sessions.len();
        let wanted = |session: &Session| {
            let size = session.guests.len() + session.adding;
            if size < FEWEST {
                Kind::Add
            } else if size >= MOST {
                if roll < 50 {
                    Kind::Update
                } else {
                    Kind::Remove
                }
            } else if roll < 40 {
                Kind::Add
            } else if roll < 70 {
                Kind::Update
            } else {
                Kind::Remove
            }
        };
        let possible = |session: &Session, kind: Kind| match kind {
            Kind::Add => session.guests.len() + session.adding < MOST,
            _ => session.guests.iter().any(|g| !g.busy),
        };
        let (index, kind) = (0..count)
            .map(|i| (first + i) % count)
            .map(|i| (i, wanted(&self.sessions[i])))
            .find(|&(i, kind)| possible(&self.sessions[i], kind))
            .or_else(|| {
                // The wanted kind nowhere possible: any possible change.
                (0..count).map(|i| (first + i) % count).find_map(|i| {
                    [Kind::Add, Kind::Update]
                        .into_iter()
                        .find(|&kind| possible(&self.sessions[i], kind))
                        .map(|kind| (i, kind))
                })
            })?;
        let session = &mut self.sessions[index];
        if kind != Kind::Add {
            let idle: Vec<usize> = (0..session.guests.len())
                .filter(|&i| !session.guests[i].busy)
                .collect();
            let guest = &mut session.guests[idle[rng.random_range(0..idle.len())]];
            guest.busy = true;
            return Some(Change {
                kind,
                session: index,
                name: guest.name.clone(),
                external_id: guest.external_id.clone(),
                id: guest.id,
                email: format!("load.{n}@example.com"),
                by_external_id,
            });
        }
        session.adding += 1;
        Some(Change {
            kind: Kind::Add,
            session: index,
            name: format!("Load Guest {n}"),
            external_id: format!("LOAD-{n}"),
            id: 0,
            email: format!("load.{n}@example.org"),
            by_external_id,
        })
    }

    /// Records an acknowledged change; `added_id` is the new guest's id.
    pub fn acknowledged(&mut self, change: &Change, added_id: Option<i64>) {
        let session = &mut self.sessions[change.session];
        match change.kind {
            Kind::Add => {
                session.adding -= 1;
                session.guests.push(Guest {
                    name: change.name.clone(),
                    external_id: change.external_id.clone(),
                    id: added_id.unwrap_or_default(),
                    email: change.email.clone(),
                    busy: false,
                });
            }
            Kind::Update => {
                let guest = session.guest_mut(&change.name);
                guest.email = change.email.clone();
                guest.busy = false;
            }
            Kind::Remove => {
                let at = session
                    .guests
                    .iter()
                    .position(|g| g.name == change.name)
                    .unwrap();
                session.removed.push(session.guests.swap_remove(at));
            }
        }
    }

    /// Records a change that failed: whatever it touched is now unknown.
    pub fn failed(&mut self, change: &Change) {
        let session = &mut self.sessions[change.session];
        if change.kind == Kind::Add {
            session.adding -= 1;
        } else if let Some(at) = session.guests.iter().position(|g| g.name == change.name) {
            session.guests.swap_remove(at);
        }
        session.unknown.push(change.name.clone());
    }

    /// Compares the ledger with the simulator's `GET /session`; returns
    /// every difference, and counts of what was checked.
    pub fn verify(&self, listed: &[Value]) -> (Vec<String>, Checked) {
        let mut problems = Vec::new();
        let mut checked = Checked::default();
        for session in &self.sessions {
            let Some(found) = listed.iter().find(|s| s["SessionId"] == session.id) else {
                problems.push(format!("session {} is gone", session.id));
                continue;
            };
            let participants = found["Participants"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut names = HashSet::new();
            let mut by_id: HashMap<i64, &Value> = HashMap::new();
            for p in &participants {
                let name = p["ParticipantFullName"].as_str().unwrap_or_default();
                if !names.insert(name_key(name)) {
                    problems.push(format!("session {}: {name:?} twice", session.id));
                }
                by_id.insert(p["ParticipationId"].as_i64().unwrap_or_default(), p);
            }
            for guest in &session.guests {
                match by_id.get(&guest.id) {
                    Some(p)
                        if p["ParticipantFullName"] == guest.name.as_str()
                            && p["ParticipantExternalId"] == guest.external_id.as_str()
                            && p["ParticipantEmailAddress"] == guest.email.as_str() =>
                    {
                        checked.present += 1;
                        // Adds set example.org addresses, updates example.com.
                        if guest.email.ends_with("@example.com") {
                            checked.updated += 1;
                        }
                    }
                    Some(p) => {
                        problems.push(format!("{}: expected {guest:?}, found {p}", session.id))
                    }
                    None => problems.push(format!("{}: {} is missing", session.id, guest.name)),
                }
            }
            for guest in &session.removed {
                if by_id.contains_key(&guest.id) {
                    problems.push(format!(
                        "{}: {} was removed but is there",
                        session.id, guest.name
                    ));
                }
                checked.removed += 1;
            }
            // The host, the guests believed present, and any whose change
            // failed: nothing else.
            let extra = participants.len().saturating_sub(1 + session.guests.len());
            if extra > session.unknown.len() {
                problems.push(format!(
                    "session {}: {extra} participants the ledger does not know",
                    session.id
                ));
            }
        }
        (problems, checked)
    }
}

impl Session {
    fn guest_mut(&mut self, name: &str) -> &mut Guest {
        self.guests
            .iter_mut()
            .find(|g| g.name == name)
            .expect("a guest of the ledger")
    }
}

#[derive(Debug, Default)]
pub struct Checked {
    pub present: usize,
    /// Present guests whose e-mail is the one the last update set.
    pub updated: usize,
    pub removed: usize,
}
