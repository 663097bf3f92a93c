//! The proxy in front of the real simulator, both on loopback ports, with a
//! client and embed tokens: what the proxy's integration tests drive.

use std::net::SocketAddr;
use std::time::Duration;

use participant_manager::proxy::{
    self, AppState, Authenticator, EmbedClaims, RunningProxy, Scope, SecureVideoClient, SessionRef,
    SessionSettings, UpstreamConfig, mint_token,
};
use participant_manager::simulator::{self, RunningSimulator, SimulatorConfig};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::Value;
use url::Url;

pub const TOKEN_SECRET: &str = "test-embed-token-secret-0123456789abcdef";
pub const DEMO_SESSION_ID: i64 = simulator::seed::DEMO_SESSION_ID;
pub const DEMO_EXTERNAL_SESSION_ID: &str = simulator::seed::DEMO_EXTERNAL_SESSION_ID;
pub const SECOND_SESSION_ID: i64 = simulator::seed::DEMO_SECOND_SESSION_ID;

pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

pub fn secret() -> SecretString {
    SecretString::from(TOKEN_SECRET)
}

/// A token signed with the test secret.
pub fn token(session: SessionRef, scope: Scope) -> String {
    sign(&EmbedClaims::new(
        "staff-1",
        session,
        scope,
        Duration::from_secs(600),
    ))
}

/// A token that also names the session's host (the `host` claim).
pub fn token_with_host(session: SessionRef, scope: Scope, host: i64) -> String {
    let mut claims = EmbedClaims::new("staff-1", session, scope, Duration::from_secs(600));
    claims.host = Some(host);
    sign(&claims)
}

pub fn sign(claims: &EmbedClaims) -> String {
    mint_token(&secret(), claims)
}

pub fn demo_write_token() -> String {
    token(SessionRef::Id(DEMO_SESSION_ID), Scope::Write)
}

/// The proxy's state for an upstream at `base_url`.
pub fn state_for(
    base_url: &str,
    key: &str,
    secret: &str,
    timeout: Duration,
    origins: &[&str],
) -> AppState {
    let client = SecureVideoClient::new(&UpstreamConfig {
        base_url: Url::parse(base_url).unwrap(),
        api_key: SecretString::from(key),
        api_secret: SecretString::from(secret),
        connect_timeout: Duration::from_secs(2),
        timeout,
    })
    .unwrap();
    let origins = origins.iter().map(|o| o.parse().unwrap()).collect();
    AppState::new(client, Authenticator::tokens(&self::secret()), origins)
}

/// Session settings under which every request reads SecureVideo: for
/// tests of what each request sends or meets upstream.
pub fn always_read() -> SessionSettings {
    SessionSettings {
        max_age: Duration::ZERO,
        ..SessionSettings::default()
    }
}

/// A proxy on a loopback port in front of any upstream.
pub async fn proxy_for(base_url: &str, key: &str, secret: &str, timeout: Duration) -> RunningProxy {
    proxy::start(state_for(base_url, key, secret, timeout, &[]), loopback())
        .await
        .unwrap()
}

pub struct Stack {
    pub simulator: RunningSimulator,
    pub proxy: RunningProxy,
    pub http: reqwest::Client,
    pub api_key: String,
    pub api_secret: String,
}

impl Stack {
    pub async fn start() -> Self {
        let suffix = uuid::Uuid::new_v4().simple().to_string();
        Self::start_with(&format!("key-{suffix}"), &format!("secret-{suffix}")).await
    }

    /// A fresh in-memory simulator accepting these credentials, and a proxy
    /// using them.
    pub async fn start_with(api_key: &str, api_secret: &str) -> Self {
        let simulator = simulator::start(
            SimulatorConfig::new(":memory:", api_key, SecretString::from(api_secret)),
            loopback(),
        )
        .await
        .unwrap();
        let proxy = proxy_for(
            &simulator.base_url(),
            api_key,
            api_secret,
            Duration::from_secs(10),
        )
        .await;
        Self {
            simulator,
            proxy,
            http: reqwest::Client::new(),
            api_key: api_key.to_owned(),
            api_secret: api_secret.to_owned(),
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.proxy.base_url())
    }

    /// Every request the simulator has received so far.
    pub fn upstream_calls(&self) -> u64 {
        self.simulator.request_count()
    }

    /// Requests the simulator has received so far for one route template
    /// (e.g. `"GET /session/{userId}"`, as its `/stats` names them).
    pub fn upstream_calls_to(&self, route: &str) -> u64 {
        self.simulator
            .traffic()
            .routes
            .get(route)
            .map_or(0, |r| r.requests)
    }

    /// Session reads the simulator has received so far: the account-wide
    /// list and the per-user lists.
    pub fn upstream_reads(&self) -> u64 {
        self.simulator
            .traffic()
            .routes
            .iter()
            .filter(|(route, _)| route.starts_with("GET /session"))
            .map(|(_, r)| r.requests)
            .sum()
    }

    /// Every request the simulator has received so far that was not a
    /// session read: the changes (and user searches).
    pub fn upstream_writes(&self) -> u64 {
        self.upstream_calls() - self.upstream_reads()
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        send(&self.http, method, &self.url(path), token, body).await
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.send(Method::GET, path, Some(token), None).await
    }

    /// The demo session as the widget sees it.
    pub async fn demo_session(&self) -> Value {
        let response = self
            .get(
                &format!("/api/session/{DEMO_SESSION_ID}"),
                &demo_write_token(),
            )
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn shutdown(self) {
        self.proxy.shutdown().await;
        self.simulator.shutdown().await;
    }
}

pub async fn send(
    http: &reqwest::Client,
    method: Method,
    url: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = http.request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// The participant of a session view with this name.
pub fn participant<'a>(session: &'a Value, name: &str) -> Option<&'a Value> {
    session["Participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["ParticipantFullName"] == name)
}

pub fn participation_id(session: &Value, name: &str) -> i64 {
    participant(session, name)
        .unwrap_or_else(|| panic!("{name} is not in {session}"))["ParticipationId"]
        .as_i64()
        .unwrap()
}

/// A port nothing listens on.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}
