//! The proxy: the widget's API under `/api/`, and the only holder of the
//! SecureVideo credentials.
//!
//! Every `/api` request is authenticated with an embed token ([`auth`]),
//! addressed and parsed before anything goes upstream ([`routes::params`]),
//! authorized against the session it touches ([`access`]), checked with
//! `common`'s rules, and only then forwarded by the SecureVideo client
//! ([`upstream`]). Errors have one shape ([`error`]), every response has a
//! request id ([`request_id`]), and every change an audit line ([`audit`]).
//!
//! [`edge`] is everything between a connection and the routes: timeouts,
//! limits, security headers, CORS, panics, graceful shutdown.
//!
//! [`app`] builds the router (test it with `tower::ServiceExt::oneshot`);
//! [`start`] serves it on a port in a task; [`serve`] is the CLI's `serve`,
//! with the embedded simulator when no credentials are configured.

pub mod access;
pub mod audit;
pub mod auth;
pub mod config;
pub mod edge;
pub mod error;
pub mod logging;
pub mod readiness;
pub mod request_id;
pub mod routes;
pub mod sessions;
pub mod upstream;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::HeaderValue;
use rand::RngExt;
use secrecy::SecretString;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

pub use auth::{Authenticator, Caller, EmbedClaims, Scope, mint_token};
pub use config::{ProxySettings, ServeArgs, TokenArgs, UpstreamChoice};
pub use edge::EdgeSettings;
pub use error::ProxyError;
pub use readiness::Readiness;
pub use sessions::{SessionSettings, Sessions};
pub use upstream::{ParticipantRef, SecureVideoClient, SessionRef, UpstreamConfig, UpstreamPolicy};

use crate::simulator::{self, SimulatorConfig};

/// No participant body comes near this; larger bodies get a 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// How long [`RunningProxy::shutdown`] waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How long the demo token printed in simulator mode lives.
const DEMO_TOKEN_TTL: Duration = Duration::from_secs(60 * 60);

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<StateInner>,
}

struct StateInner {
    upstream: SecureVideoClient,
    sessions: Sessions,
    readiness: Readiness,
    authenticator: Authenticator,
    allowed_origins: Vec<HeaderValue>,
}

impl AppState {
    /// With the default [`SessionSettings`].
    pub fn new(
        upstream: SecureVideoClient,
        authenticator: Authenticator,
        allowed_origins: Vec<HeaderValue>,
    ) -> Self {
        Self::with_sessions(
            upstream,
            authenticator,
            allowed_origins,
            SessionSettings::default(),
        )
    }

    pub fn with_sessions(
        upstream: SecureVideoClient,
        authenticator: Authenticator,
        allowed_origins: Vec<HeaderValue>,
        sessions: SessionSettings,
    ) -> Self {
        Self {
            inner: Arc::new(StateInner {
                sessions: Sessions::new(upstream.clone(), sessions),
                readiness: Readiness::new(upstream.clone()),
                upstream,
                authenticator,
                allowed_origins,
            }),
        }
    }

    pub fn upstream(&self) -> &SecureVideoClient {
        &self.inner.upstream
    }

    /// The sessions this replica knows, and how requests find theirs.
    pub fn sessions(&self) -> &Sessions {
        &self.inner.sessions
    }

    /// What `/readyz` answers from.
    pub fn readiness(&self) -> &Readiness {
        &self.inner.readiness
    }

    pub fn authenticator(&self) -> &Authenticator {
        &self.inner.authenticator
    }

    /// The browser origins allowed by CORS (and to frame the page).
    pub fn allowed_origins(&self) -> &[HeaderValue] {
        &self.inner.allowed_origins
    }
}

/// The proxy's router with the [`edge`]'s default layers (no rate limit:
/// see [`EdgeSettings`]).
pub fn app(state: AppState) -> Router {
    app_with(state, &EdgeSettings::default())
}

/// The proxy's router with the [`edge`]'s layers: body limit and deadline,
/// rate limit, request ids and error bodies, CORS for exactly the allowed
/// origins, security headers, and the standalone page when configured.
pub fn app_with(state: AppState, edge: &EdgeSettings) -> Router {
    edge::wrap(routes::router(), state, edge)
}

/// A proxy serving on a bound port, in a spawned task.
pub struct RunningProxy {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Binds `listen` (port 0 picks a free port) and serves [`app`] in a task.
pub async fn start(state: AppState, listen: SocketAddr) -> std::io::Result<RunningProxy> {
    start_with(state, listen, &EdgeSettings::default()).await
}

/// [`start`] with these edge settings.
pub async fn start_with(
    state: AppState,
    listen: SocketAddr,
    edge: &EdgeSettings,
) -> std::io::Result<RunningProxy> {
    start_app(app_with(state, edge), listen, edge).await
}

/// Serves any router (normally [`app_with`]'s) on `listen` in a task, with
/// the edge's server settings (connection cap, header timeout, peer
/// addresses, graceful shutdown).
pub async fn start_app(
    app: Router,
    listen: SocketAddr,
    edge: &EdgeSettings,
) -> std::io::Result<RunningProxy> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(edge::server::serve(
        listener,
        app,
        edge.header_read_timeout,
        edge.max_connections,
        async {
            let _ = stopped.await;
        },
    ));
    Ok(RunningProxy {
        addr,
        stop: Some(stop),
        task: Some(task),
    })
}

impl RunningProxy {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and lets requests in flight finish (for
    /// up to 10 s).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(error))) => tracing::warn!(%error, "proxy server stopped with an error"),
                Ok(Err(error)) => tracing::warn!(%error, "proxy server task failed"),
                Err(_) => {
                    tracing::warn!(
                        "proxy requests still running after the grace period; stopping them"
                    );
                    task.abort();
                }
            }
        }
    }
}

impl Drop for RunningProxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Why [`serve`] stopped early.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot start the embedded SecureVideo simulator: {0}")]
    Simulator(String),
    #[error("cannot set up the SecureVideo client: {0}")]
    Upstream(#[from] upstream::UpstreamError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// The CLI's `serve`: starts the embedded simulator when there are no
/// SecureVideo credentials, serves until `shutdown` completes, then stops
/// gracefully. Prints where it listens (and in simulator mode on loopback a
/// demo token) on stderr.
pub async fn serve(
    settings: ProxySettings,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let (upstream_config, simulator) = match &settings.upstream {
        UpstreamChoice::SecureVideo {
            base_url,
            api_key,
            api_secret,
        } => (
            UpstreamConfig {
                base_url: base_url.clone(),
                api_key: api_key.clone(),
                api_secret: api_secret.clone(),
                connect_timeout: settings.connect_timeout,
                timeout: settings.timeout,
            },
            None,
        ),
        UpstreamChoice::Simulator { db } => {
            let api_key = format!("sim-{}", uuid::Uuid::new_v4().simple());
            let api_secret = SecretString::from(random_secret());
            let running = simulator::start(
                SimulatorConfig {
                    db: db.clone(),
                    api_key: api_key.clone(),
                    api_secret: api_secret.clone(),
                    // In-process and on loopback: no delay, and only the
                    // demo data.
                    latency: Duration::ZERO,
                    bench: None,
                },
                SocketAddr::from(([127, 0, 0, 1], 0)),
            )
            .await
            .map_err(|error| ServeError::Simulator(format!("{error:#}")))?;
            let base_url = Url::parse(&running.base_url())
                .map_err(|error| ServeError::Simulator(error.to_string()))?;
            tracing::info!(
                upstream = %base_url,
                "no SecureVideo credentials configured: using the embedded simulator as upstream"
            );
            (
                UpstreamConfig {
                    base_url,
                    api_key: SecretString::from(api_key),
                    api_secret,
                    connect_timeout: settings.connect_timeout,
                    timeout: settings.timeout,
                },
                Some(running),
            )
        }
    };
    let client =
        SecureVideoClient::with_policy(&upstream_config, settings.upstream_policy.clone())?;
    let authenticator = match &settings.token_secret {
        Some(secret) => Authenticator::tokens(secret),
        None => Authenticator::dev_open(),
    };
    let state = AppState::with_sessions(
        client,
        authenticator,
        settings.allowed_origins.clone(),
        settings.sessions.clone(),
    );
    let running = match start_with(state, settings.listen, &settings.edge).await {
        Ok(running) => running,
        Err(source) => {
            if let Some(simulator) = simulator {
                simulator.shutdown().await;
            }
            return Err(ServeError::Bind {
                addr: settings.listen,
                source,
            });
        }
    };
    announce(
        &settings,
        &running,
        simulator.as_ref().map(|s| s.base_url()),
    );

    shutdown.await;
    tracing::info!("shutting down");
    running.shutdown().await;
    if let Some(simulator) = simulator {
        simulator.shutdown().await;
    }
    Ok(())
}

/// The start-up lines for a person (stderr) and for the logs.
fn announce(settings: &ProxySettings, running: &RunningProxy, simulator_url: Option<String>) {
    let url = running.base_url();
    tracing::info!(url = %url, origins = settings.allowed_origins.len(), "participant-manager proxy listening");
    eprintln!("participant-manager proxy listening on {url}");
    match &simulator_url {
        Some(simulator_url) => {
            eprintln!("upstream: embedded SecureVideo simulator at {simulator_url}")
        }
        None => {
            if let UpstreamChoice::SecureVideo { base_url, .. } = &settings.upstream {
                eprintln!("upstream: {base_url}");
            }
        }
    }
    match &settings.token_secret {
        None => {
            tracing::warn!(
                "DEVELOPMENT MODE: no EMBED_TOKEN_SECRET; /api accepts requests without a token (actor \"dev\", write access to every session)"
            );
            let bar = "!".repeat(78);
            eprintln!("{bar}");
            eprintln!("!! DEVELOPMENT MODE: EMBED_TOKEN_SECRET is not set.");
            eprintln!(
                "!! /api accepts requests WITHOUT a token, as actor \"dev\" with write access"
            );
            eprintln!("!! to every session. Allowed only on loopback with the embedded simulator.");
            eprintln!("!! Set EMBED_TOKEN_SECRET (32+ bytes) to require embed tokens.");
            eprintln!("{bar}");
        }
        // Only on loopback: a server others can reach must not put a working
        // write token in its logs.
        Some(_) if simulator_url.is_some() && !settings.listen.ip().is_loopback() => {
            eprintln!(
                "no demo token printed: {} is not a loopback address; mint one with `participant-manager token`",
                settings.listen.ip()
            );
        }
        Some(secret) if simulator_url.is_some() => {
            let claims = EmbedClaims::new(
                "demo",
                SessionRef::External(simulator::seed::DEMO_EXTERNAL_SESSION_ID.to_owned()),
                Scope::Write,
                DEMO_TOKEN_TTL,
            );
            eprintln!(
                "demo write token for session {} (actor \"demo\", valid 1 hour):",
                simulator::seed::DEMO_EXTERNAL_SESSION_ID
            );
            eprintln!("{}", mint_token(secret, &claims));
        }
        Some(_) => {}
    }
}

/// 40 random alphanumerics: the embedded simulator's secret for this run.
fn random_secret() -> String {
    rand::rng()
        .sample_iter(&rand::distr::Alphanumeric)
        .take(40)
        .map(char::from)
        .collect()
}
