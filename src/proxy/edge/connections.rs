//! The connection cap: at most `max_connections` open at once, so idle
//! sockets cannot use up the process's file descriptors (each may sit for
//! the header timeout) and lock everyone else out.
//!
//! A connection is *busy* while one of its requests is being answered (its
//! response body included) and *idle* otherwise: waiting for its first
//! request, between kept-alive requests, or trickling headers. At the cap,
//! a new connection takes the place of the longest-idle one, which is
//! closed (it has nothing in flight, so nothing is lost; a client with a
//! request half-sent sees what the header timeout would have done). Only
//! when every connection is busy is the new one refused, with a 503 that
//! says so, `Retry-After: 1` and `Connection: close`.
//!
//! Busy and idle are decided under one lock per connection, so a request
//! never starts on a connection chosen for closing: such a request is
//! answered 503 without reaching the routes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// Default cap: half the usual soft limit of 1,024 descriptors, leaving
/// room for upstream connections, the simulator's files and the listener.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// How long the refusal may take to write before the socket is dropped.
const REFUSAL_WRITE_TIMEOUT: Duration = Duration::from_secs(1);
/// The most of a refused connection's request read before closing it.
const REFUSAL_DRAIN_BYTES: usize = 64 * 1024;

/// The open connections of one server.
pub struct Connections {
    max: usize,
    open: Mutex<HashMap<u64, Open>>,
    next_id: AtomicU64,
}

struct Open {
    state: Arc<Mutex<State>>,
    close: oneshot::Sender<()>,
}

#[derive(Debug)]
struct State {
    /// Requests being answered.
    busy: usize,
    /// When the last request finished (or the connection was accepted).
    idle_since: Instant,
    /// Chosen to make room: no request may start any more.
    closing: bool,
}

/// What [`Connections::admit`] decided for a new connection.
pub enum Admission {
    /// Serve it; close it when `closed` fires.
    Admitted(Slot),
    /// Every connection is busy: answer [`refuse`] and close.
    Full,
}

/// One admitted connection. Dropping it frees its place.
pub struct Slot {
    id: u64,
    state: Arc<Mutex<State>>,
    connections: Arc<Connections>,
    /// Fires when the connection was chosen to make room.
    pub closed: oneshot::Receiver<()>,
}

/// Held while a request is answered; dropping it makes the connection idle.
pub struct Busy {
    state: Arc<Mutex<State>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Connections {
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(Self {
            max: max.max(1),
            open: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
        })
    }

    /// Makes room for a new connection, closing the longest-idle one if the
    /// cap is reached.
    pub fn admit(self: &Arc<Self>) -> Admission {
        let mut open = lock(&self.open);
        if open.len() >= self.max {
            let longest_idle = open
                .iter()
                .filter_map(|(id, entry)| {
                    let state = lock(&entry.state);
                    (state.busy == 0 && !state.closing).then_some((state.idle_since, *id))
                })
                .min();
            let Some((_, id)) = longest_idle else {
                return Admission::Full;
            };
            let entry = open.remove(&id).expect("just found");
            let mut state = lock(&entry.state);
            if state.busy > 0 {
                // A request started between the scan and here: keep it.
                drop(state);
                open.insert(id, entry);
                return Admission::Full;
            }
            state.closing = true;
            drop(state);
            let _ = entry.close.send(());
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(Mutex::new(State {
            busy: 0,
            idle_since: Instant::now(),
            closing: false,
        }));
        let (close, closed) = oneshot::channel();
        open.insert(
            id,
            Open {
                state: state.clone(),
                close,
            },
        );
        Admission::Admitted(Slot {
            id,
            state,
            connections: self.clone(),
            closed,
        })
    }
}

impl Slot {
    /// A handle for the connection's requests to mark themselves busy.
    pub fn requests(&self) -> Requests {
        Requests {
            state: self.state.clone(),
        }
    }
}

/// What a connection's service keeps to mark its requests busy.
#[derive(Clone)]
pub struct Requests {
    state: Arc<Mutex<State>>,
}

impl Requests {
    /// Marks a request as started; `None` when the connection is being
    /// closed to make room (the request must not reach the routes).
    pub fn begin(&self) -> Option<Busy> {
        let mut state = lock(&self.state);
        if state.closing {
            return None;
        }
        state.busy += 1;
        Some(Busy {
            state: self.state.clone(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        lock(&self.connections.open).remove(&self.id);
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut state = lock(&self.state);
        state.busy -= 1;
        state.idle_since = Instant::now();
    }
}

/// The body of the refusal: the one error shape.
pub fn refusal_body() -> String {
    serde_json::json!({
        "Message": "The server is at its connection limit; try again shortly.",
        "RequestId": uuid::Uuid::new_v4().to_string(),
    })
    .to_string()
}

/// Answers a connection refused at the cap with a 503 and closes it.
pub async fn refuse(mut stream: TcpStream) {
    let body = refusal_body();
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\n\
         content-type: application/json\r\n\
         content-length: {}\r\n\
         retry-after: 1\r\n\
         cache-control: no-store\r\n\
         x-content-type-options: nosniff\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(REFUSAL_WRITE_TIMEOUT, async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
        // Read what the client sent before closing: closing with its
        // request unread makes the kernel reset the connection, and the
        // client may then see "connection reset" instead of the 503.
        let mut unread = [0u8; 4096];
        let mut drained = 0;
        while drained < REFUSAL_DRAIN_BYTES {
            match stream.read(&mut unread).await {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admitted(admission: Admission) -> Slot {
        match admission {
            Admission::Admitted(slot) => slot,
            Admission::Full => panic!("refused"),
        }
    }

    #[test]
    fn at_the_cap_the_longest_idle_connection_makes_room_and_busy_ones_never_do() {
        let connections = Connections::new(2);
        let mut first = admitted(connections.admit());
        let second = admitted(connections.admit());
        let busy = second.requests().begin().unwrap();
        let _third = admitted(connections.admit());
        // The first was idle longest: it is told to close and may not start
        // a request any more.
        assert!(first.closed.try_recv().is_ok());
        assert!(first.requests().begin().is_none());
        drop(first);
        // Now the second is busy and the third idle: the third makes room.
        let _fourth = admitted(connections.admit());
        drop(busy);
        assert_eq!(lock(&connections.open).len(), 2);
    }

    #[test]
    fn when_every_connection_is_busy_a_new_one_is_refused() {
        let connections = Connections::new(1);
        let only = admitted(connections.admit());
        let busy = only.requests().begin().unwrap();
        assert!(matches!(connections.admit(), Admission::Full));
        drop(busy);
        assert!(matches!(connections.admit(), Admission::Admitted(_)));
    }
}
