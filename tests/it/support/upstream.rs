//! The one scriptable stand-in for SecureVideo (besides the real
//! simulator): a real HTTP/1.1 server on a loopback port, on raw TCP so
//! that it can do what a well-behaved server will not. A script decides
//! each answer from the request and how many requests with the same method
//! and path came before it: an ordinary [`Reply`] (any status, headers and
//! body, after a delay), or a [`Fault`]: hang after reading the request,
//! reset the connection, stream an endless body, stop listening and listen
//! again on the same port.
//!
//! Every request that reached it is recorded ([`Recorded`]: method, path,
//! query, Authorization, body, arrival time). By default each answer
//! closes its connection (`Connection: close`), so each request the proxy
//! makes is one connection and [`Upstream::connections`] counts them;
//! [`Options::keep_alive`] serves many requests per connection instead, for
//! tests that send thousands of them (the hostile properties).
//!
//! - [`Upstream::start`]: a fault script, one request per connection.
//! - [`Upstream::answering`]: keep-alive, every request gets a [`Reply`].
//! - [`Upstream::start_with`]: [`Options`] (keep-alive, a port that stays
//!   closed until notified) and a fault script.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Notify, mpsc, oneshot};

/// The largest request head or body read.
const MAX_REQUEST_BYTES: usize = 1 << 20;
/// An endless body stops by itself after this much, so that a proxy that
/// reads without a cap still ends (with a timeout, and a failed test).
const ENDLESS_SAFETY_STOP: u64 = 1 << 30;

/// One request as it reached the stand-in.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    /// A session read: the account's list (`GET /session`) or one user's
    /// (`GET /session/{userId}`), with no query.
    pub fn is_session_read(&self) -> bool {
        self.method == "GET" && self.query.is_none() && is_session_read(&self.path)
    }
}

/// An ordinary answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long (the request read) before answering.
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: impl serde::Serialize) -> Self {
        Self::raw(
            status,
            "application/json",
            serde_json::to_vec(&body).unwrap(),
        )
    }

    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// What the stand-in does with one request (read in full first).
#[derive(Clone, Debug)]
pub enum Fault {
    Reply(Reply),
    /// Never answers; the connection stays open.
    Hang,
    /// Resets the connection (RST) without answering.
    Reset,
    /// A 200 whose chunked body never ends.
    EndlessBody,
    /// Stops listening, then answers with `reply`; listens again on the
    /// same port once `reopen` is notified. Connections in between are
    /// refused.
    ReplyThenRefuse {
        reply: Reply,
        reopen: Arc<Notify>,
    },
}

impl From<Reply> for Fault {
    fn from(reply: Reply) -> Self {
        Fault::Reply(reply)
    }
}

/// How the stand-in listens.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Serve many requests per connection (otherwise every answer closes
    /// its connection).
    pub keep_alive: bool,
    /// A port that refuses connections until this is notified, then
    /// listens.
    pub closed_until: Option<Arc<Notify>>,
}

type Script = dyn Fn(&Recorded, usize) -> Fault + Send + Sync;

struct Shared {
    script: Box<Script>,
    keep_alive: bool,
    seen: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
    streamed: AtomicU64,
    stream_ended: AtomicBool,
    pause: mpsc::UnboundedSender<(Arc<Notify>, oneshot::Sender<()>)>,
}

/// The stand-in, serving in tasks on the current runtime.
pub struct Upstream {
    pub base_url: String,
    shared: Arc<Shared>,
}

impl Upstream {
    /// Listening now, one request per connection; `script(request,
    /// earlier)` decides each answer, where `earlier` counts the earlier
    /// requests with the same method and path.
    pub async fn start(script: impl Fn(&Recorded, usize) -> Fault + Send + Sync + 'static) -> Self {
        Self::start_with(Options::default(), script).await
    }

    /// Listening now, keep-alive; every request gets `respond(request)`.
    pub async fn answering(respond: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let options = Options {
            keep_alive: true,
            ..Options::default()
        };
        Self::start_with(options, move |request, _| Fault::Reply(respond(request))).await
    }

    pub async fn start_with(
        options: Options,
        script: impl Fn(&Recorded, usize) -> Fault + Send + Sync + 'static,
    ) -> Self {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
        let addr = listener.local_addr().unwrap();
        let (pause, paused) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            script: Box::new(script),
            keep_alive: options.keep_alive,
            seen: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            streamed: AtomicU64::new(0),
            stream_ended: AtomicBool::new(false),
            pause,
        });
        let listener = match options.closed_until {
            None => Listening::Now(listener),
            Some(open) => {
                drop(listener);
                Listening::When(open)
            }
        };
        tokio::spawn(accept_loop(addr, listener, shared.clone(), paused));
        Self {
            base_url: format!("http://{addr}"),
            shared,
        }
    }

    /// Every request that reached the stand-in, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// The requests recorded since the last call, oldest first.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.shared.seen.lock().unwrap())
    }

    /// The requests that were not the account's session list.
    pub fn changes(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| !(r.method == "GET" && r.path == "/session"))
            .collect()
    }

    /// The requests with this method and path.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    /// The session reads: the account's list (`GET /session`) and one
    /// user's (`GET /session/{userId}`).
    pub fn reads(&self) -> usize {
        self.read_arrivals().len()
    }

    /// Arrival times of the session reads.
    pub fn read_arrivals(&self) -> Vec<Instant> {
        self.requests()
            .iter()
            .filter(|r| r.method == "GET" && is_session_read(&r.path))
            .map(|r| r.at)
            .collect()
    }

    /// TCP connections accepted, whether or not a request followed.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Bytes of endless body written so far.
    pub fn streamed_bytes(&self) -> u64 {
        self.shared.streamed.load(Ordering::SeqCst)
    }

    /// Waits until an endless body has stopped (the reader went away).
    pub async fn stream_ended_within(&self, within: Duration) -> bool {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if self.shared.stream_ended.load(Ordering::SeqCst) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }

    /// Waits until `n` requests have arrived.
    pub async fn requests_within(&self, n: usize, within: Duration) -> bool {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if self.requests().len() >= n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        false
    }
}

/// A session list with one session (host 500, one guest).
pub fn one_session(
    session_id: i64,
    external_session_id: &str,
    guest_external_id: &str,
) -> serde_json::Value {
    serde_json::json!([{
        "SessionId": session_id,
        "ScheduleTs": "2030-01-01T15:00:00",
        "UserId": 500,
        "ExternalSessionId": external_session_id,
        "Passkey": "should-not-leak",
        "Participants": [
            {"ParticipationId": 900, "ParticipantFullName": "Host Person", "SecureVideoUserId": 500},
            {"ParticipationId": 901, "ParticipantFullName": "Guest Person", "SecureVideoUserId": null,
             "ParticipantExternalId": guest_external_id, "ShouldAutoDeliverCode": "N", "ConnectCode": 123456789}
        ]
    }])
}

/// A listener on `addr` that may take the port over from a just-closed one.
fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(128)
}

enum Listening {
    Now(TcpListener),
    When(Arc<Notify>),
}

async fn accept_loop(
    addr: SocketAddr,
    listening: Listening,
    shared: Arc<Shared>,
    mut paused: mpsc::UnboundedReceiver<(Arc<Notify>, oneshot::Sender<()>)>,
) {
    let mut listener = match listening {
        Listening::Now(listener) => listener,
        Listening::When(open) => {
            open.notified().await;
            bind(addr).unwrap()
        }
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                // Answers are written whole; no waiting on Nagle and a
                // delayed ACK (40 ms per answer on a kept-alive connection).
                let _ = stream.set_nodelay(true);
                shared.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve_connection(stream, shared.clone()));
            }
            Some((reopen, closed)) = paused.recv() => {
                drop(listener);
                let _ = closed.send(());
                reopen.notified().await;
                listener = bind(addr).unwrap();
            }
        }
    }
}

async fn serve_connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buffer = Vec::new();
    loop {
        let Some(seen) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let earlier = {
            let mut all = shared.seen.lock().unwrap();
            let earlier = all
                .iter()
                .filter(|r| r.method == seen.method && r.path == seen.path)
                .count();
            all.push(seen.clone());
            earlier
        };
        match (shared.script)(&seen, earlier) {
            Fault::Reply(reply) => {
                if !answer(&mut stream, &reply, shared.keep_alive).await || !shared.keep_alive {
                    return;
                }
            }
            Fault::Hang => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Fault::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
            Fault::EndlessBody => return endless(&mut stream, &shared).await,
            Fault::ReplyThenRefuse { reply, reopen } => {
                let (closed, listener_closed) = oneshot::channel();
                if shared.pause.send((reopen, closed)).is_ok() {
                    let _ = listener_closed.await;
                }
                answer(&mut stream, &reply, false).await;
                return;
            }
        }
    }
}

/// The next request head and its `Content-Length` body (`buffer` keeps
/// what was read past it); `None` if the client went away or sent
/// something else.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > MAX_REQUEST_BYTES {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target, None),
    };
    let mut authorization = None;
    let mut length = 0usize;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "authorization" => authorization = Some(value.to_owned()),
            "content-length" => length = value.parse().ok()?,
            _ => {}
        }
    }
    if length > MAX_REQUEST_BYTES {
        return None;
    }
    buffer.drain(..head_end);
    while buffer.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer.drain(..length).collect();
    Some(Recorded {
        method,
        path,
        query,
        authorization,
        body,
        at,
    })
}

/// Writes the answer; whether the connection is still usable.
async fn answer(stream: &mut TcpStream, reply: &Reply, keep_alive: bool) -> bool {
    tokio::time::sleep(reply.delay).await;
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let mut head = format!(
        "HTTP/1.1 {} Stand-in\r\ncontent-length: {}\r\nconnection: {connection}\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&reply.body);
    let written = stream.write_all(&bytes).await.is_ok();
    if written && !keep_alive {
        let _ = stream.shutdown().await;
    }
    written
}

/// `[{"SessionId":1},{"SessionId":1},...` in 64 KiB chunks until the reader
/// goes away.
async fn endless(stream: &mut TcpStream, shared: &Shared) {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
    let piece = "{\"SessionId\":1},";
    let mut data = String::from("[");
    while data.len() < 64 * 1024 {
        data.push_str(piece);
    }
    let chunk = format!("{:x}\r\n{data}\r\n", data.len());
    if stream.write_all(head.as_bytes()).await.is_ok() {
        while shared.streamed.load(Ordering::SeqCst) < ENDLESS_SAFETY_STOP {
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            shared
                .streamed
                .fetch_add(data.len() as u64, Ordering::SeqCst);
        }
    }
    shared.stream_ended.store(true, Ordering::SeqCst);
}

/// `/session` or `/session/{userId}`.
pub fn is_session_read(path: &str) -> bool {
    match path.strip_prefix("/session") {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('/')
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}
