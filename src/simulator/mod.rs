//! A SecureVideo-compatible API server on SQLite, built from SecureVideo's
//! published API documentation and the recorded bodies in
//! `tests/fixtures/securevideo/`.
//!
//! Any SecureVideo client can use it in place of api.securevideo.com
//! (`tests/it/simulator/recorded_replay.rs` replays what a real client sent, and
//! `tests/it/simulator/client_suite.rs` runs a client's test suite).
//!
//! It is the proxy's embedded default upstream: with no SecureVideo
//! credentials configured, the proxy calls [`start`] on a loopback port and
//! talks to it over real HTTP, with the same client it uses for
//! api.securevideo.com. The CLI runs it on its own with [`run`].
//!
//! What it serves (bare JSON bodies, HTTP Basic auth on every route):
//! - the Participant API: `POST`/`PUT`/`DELETE /participant/{id}` and
//!   `/participant/0?externalSessionId=..[&externalId=..]`;
//! - sessions: `GET /session`, `GET|POST|PUT|DELETE /session/{id}`;
//! - the User API: `GET|POST /user`, `GET|PUT|DELETE /user/{id}` and
//!   `/user/0?externalId=..` (see `routes/user.rs`);
//! - the session status: `GET /status/{id}` and `/status/0?externalSessionId=..`
//!   (see `routes/status.rs`);
//! - `GET /outbox`: the invitations and cancellations SecureVideo would have
//!   sent (simulator only; see [`outbox`]);
//! - `POST /simulator/participant/{id}/connect|disconnect|rsvp` and
//!   `POST /simulator/session/{id}/end`: what happens during a visit, which
//!   SecureVideo's API shows but does not let a client do (simulator only;
//!   see `routes/visit.rs`);
//! - `GET /stats`: requests and response bytes per route, for benchmarks
//!   (simulator only; see [`stats`]).
//!
//! For benchmarks it can also hold every answer back (`--latency`, see
//! `latency.rs`) and start with a large account ([`seed::bench`]).
//!
//! Every rule is `common`'s: bodies are parsed with
//! [`crate::common::parse_add`] / [`crate::common::parse_update`] and checked
//! against the stored session with `check_*`, inside one transaction.

mod auth;
mod config;
mod error;
mod latency;
pub mod outbox;
mod queries;
mod routes;
pub mod seed;
pub mod stats;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use rusqlite::Connection;
use secrecy::SecretString;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{BenchSeed, SimulatorArgs, SimulatorConfig};
pub use store::{SCHEMA_VERSION, StoreError};

use error::SimulatorError;
use seed::BenchData;
use stats::{Stats, Traffic};
use store::Store;

/// How long [`RunningSimulator::shutdown`] waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// What every request handler shares: the database, the credential, the
/// latency and the counters. Cheap to clone.
#[derive(Clone)]
pub struct SimulatorState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    api_key: String,
    api_secret: SecretString,
    latency: Duration,
    requests: AtomicU64,
    stats: Stats,
}

impl SimulatorState {
    /// Opens the database (creating the schema and seeding the demo data
    /// when it is new), and seeds the configured bench data unless it is
    /// there already. Blocks on SQLite: call it from a blocking context
    /// (not from async code when `config.bench` is set).
    pub fn open(config: &SimulatorConfig) -> Result<Self, StoreError> {
        let store = Store::open(&config.db)?;
        if let Some(wanted) = config.bench {
            seed_bench(&store, wanted)?;
        }
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                api_key: config.api_key.clone(),
                api_secret: config.api_secret.clone(),
                latency: config.latency,
                requests: AtomicU64::new(0),
                stats: Stats::default(),
            }),
        })
    }

    /// How long every answer is held back.
    pub fn latency(&self) -> Duration {
        self.inner.latency
    }

    /// The traffic counters `GET /stats` answers with.
    pub fn traffic(&self) -> Traffic {
        self.inner.stats.snapshot()
    }

    fn stats(&self) -> &Stats {
        &self.inner.stats
    }

    /// Every HTTP request received so far, answered or refused.
    pub fn request_count(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    fn count_request(&self) {
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
    }

    fn credentials(&self) -> (&str, &SecretString) {
        (&self.inner.api_key, &self.inner.api_secret)
    }

    /// Runs `work` as one atomic write; answers once it is durable.
    async fn write<T, F>(&self, work: F) -> Result<T, SimulatorError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, SimulatorError> + Send + 'static,
    {
        // A dropped answer means the writer stopped: the database closed.
        self.inner
            .store
            .write(work)
            .await
            .unwrap_or(Err(SimulatorError::Unavailable))
    }

    /// Runs `work` in a read transaction on the blocking pool.
    async fn read<T, F>(&self, work: F) -> Result<T, SimulatorError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, SimulatorError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.inner.store.read(work))
            .await
            .map_err(|e| SimulatorError::Internal(e.to_string()))?
    }
}

/// Seeds the bench data through the writer (one transaction, one commit)
/// and logs what it found or made: counts and time, nothing else.
fn seed_bench(store: &Store, wanted: BenchSeed) -> Result<(), StoreError> {
    let started = Instant::now();
    let BenchSeed { sessions, hosts } = wanted;
    // The job fails as a whole (its savepoint undone) when the seed does.
    let outcome = store
        .write(move |conn| {
            seed::bench(conn, sessions, hosts).map_err(|error| match error {
                StoreError::BenchSeed(cause) => SimulatorError::Internal(cause),
                other => SimulatorError::Internal(other.to_string()),
            })
        })
        .blocking_recv()
        .unwrap_or(Err(SimulatorError::Unavailable))
        .map_err(|error| match error {
            SimulatorError::Internal(cause) => StoreError::BenchSeed(cause),
            other => StoreError::BenchSeed(other.to_string()),
        })?;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match outcome {
        BenchData::Created { sessions, hosts } => {
            tracing::info!(sessions, hosts, elapsed_ms, "bench sessions seeded")
        }
        BenchData::Found {
            sessions: found_sessions,
            hosts: found_hosts,
        } if (found_sessions, found_hosts) == (sessions, hosts) => {
            tracing::info!(sessions, hosts, "bench sessions already seeded")
        }
        BenchData::Found {
            sessions: found_sessions,
            hosts: found_hosts,
        } => tracing::warn!(
            found_sessions,
            found_hosts,
            wanted_sessions = sessions,
            wanted_hosts = hosts,
            "the database already has other bench sessions; kept them, added none"
        ),
    }
    Ok(())
}

/// The simulator's routes, ready to serve or to test with
/// `tower::ServiceExt::oneshot`.
pub fn router(state: SimulatorState) -> axum::Router {
    routes::build(state)
}

/// A simulator serving on a bound port, in a spawned task.
pub struct RunningSimulator {
    addr: SocketAddr,
    state: SimulatorState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Opens (or creates and seeds) the database, binds `listen` (port 0 picks
/// a free port) and serves in a spawned task.
pub async fn start(
    config: SimulatorConfig,
    listen: SocketAddr,
) -> anyhow::Result<RunningSimulator> {
    let db = config.db.clone();
    let state = tokio::task::spawn_blocking(move || SimulatorState::open(&config))
        .await
        .context("opening the simulator database panicked")?
        .with_context(|| format!("cannot open the simulator database {db:?}"))?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(state.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                // A dropped sender also stops the server.
                let _ = stopped.await;
            })
            .await
    });
    tracing::debug!(%addr, "simulator started");
    Ok(RunningSimulator {
        addr,
        state,
        stop: Some(stop),
        task: Some(task),
    })
}

impl RunningSimulator {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: what to use as the upstream base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every HTTP request received so far, answered or refused.
    pub fn request_count(&self) -> u64 {
        self.state.request_count()
    }

    /// Requests and response bytes per route so far (what `GET /stats`
    /// answers).
    pub fn traffic(&self) -> Traffic {
        self.state.traffic()
    }

    /// Stops accepting connections, lets requests in flight finish (for up
    /// to 10 s), then checkpoints and closes the database.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(error))) => {
                    tracing::warn!(%error, "simulator server stopped with an error")
                }
                Ok(Err(error)) => tracing::warn!(%error, "simulator server task failed"),
                Err(_) => {
                    tracing::warn!(
                        "simulator requests still running after the grace period; stopping them"
                    );
                    task.abort();
                }
            }
        }
        let state = self.state.clone();
        let _ = tokio::task::spawn_blocking(move || state.inner.store.close()).await;
        tracing::debug!(addr = %self.addr, "simulator stopped");
    }
}

impl Drop for RunningSimulator {
    /// Dropped without [`RunningSimulator::shutdown`]: the server stops
    /// gracefully in the background; the database closes when the last
    /// request is done.
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The CLI's `simulator` subcommand (with its checked configuration):
/// start, log the URL, serve until Ctrl-C or SIGTERM, shut down.
pub async fn run(config: SimulatorConfig, listen: SocketAddr) -> anyhow::Result<()> {
    let db = config.db.clone();
    let latency_ms = config.latency.as_millis() as u64;
    let simulator = start(config, listen).await?;
    tracing::info!(url = %simulator.base_url(), %db, latency_ms, "SecureVideo simulator listening");
    crate::shutdown::signal().await;
    tracing::info!("SecureVideo simulator shutting down");
    simulator.shutdown().await;
    Ok(())
}
