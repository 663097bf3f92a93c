//! The harness of the upstream fault tests (`proxy::faults`,
//! `proxy::breaker`): a proxy in front of the stand-in
//! ([`Upstream`](super::upstream::Upstream)) with
//! a chosen deadline and [`UpstreamPolicy`], the widget's requests timed,
//! the fixed error shape checked, and logs captured per test.

pub use super::proxy_stack as stack;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::upstream::Reply;
use participant_manager::proxy::{
    self, AppState, Authenticator, RunningProxy, Scope, SecureVideoClient, SessionRef,
    SessionSettings, UpstreamConfig, UpstreamPolicy,
};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};
use tracing_subscriber::fmt::MakeWriter;

/// In every body and header the fake sends on failure: it must never reach
/// the widget.
pub const CANARY: &str = "upstream-canary-Zq81";
pub const SESSION_ID: i64 = 55;
pub const GUEST_ID: i64 = 901;
pub const API_KEY: &str = "fault-key";
pub const API_SECRET: &str = "fault-secret";

/// The tests of a binary run one at a time: their timings are the
/// behaviour under test, and one test streaming megabytes must not stall
/// another's clock on a small machine.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    SERIAL.lock().await
}

/// Fast retries; a breaker that stays out of the way unless a test is
/// about it.
pub fn policy() -> UpstreamPolicy {
    UpstreamPolicy {
        retry_backoff: Duration::from_millis(20),
        breaker_threshold: 1000,
        ..UpstreamPolicy::default()
    }
}

/// A proxy in front of `upstream` with this deadline and policy.
pub async fn proxy(upstream: &str, deadline: Duration, policy: UpstreamPolicy) -> RunningProxy {
    let client = SecureVideoClient::with_policy(
        &UpstreamConfig {
            base_url: upstream.parse().unwrap(),
            api_key: SecretString::from(API_KEY),
            api_secret: SecretString::from(API_SECRET),
            connect_timeout: Duration::from_secs(2),
            timeout: deadline,
        },
        policy,
    )
    .unwrap();
    // Every request reads SecureVideo (no snapshot is fresh enough), so
    // each one meets the fault scripted for it.
    let sessions = SessionSettings {
        max_age: Duration::ZERO,
        ..SessionSettings::default()
    };
    let state = AppState::with_sessions(
        client,
        Authenticator::tokens(&stack::secret()),
        vec![],
        sessions,
    );
    proxy::start(state, stack::loopback()).await.unwrap()
}

/// The account's sessions: 55, with its host and guest 901.
pub fn sessions() -> Value {
    json!([{
        "SessionId": SESSION_ID,
        "ScheduleTs": "2030-01-01T15:00:00",
        "UserId": 500,
        "ExternalSessionId": "E-55",
        "Participants": [
            {"ParticipationId": 900, "ParticipantFullName": "Host Person", "SecureVideoUserId": 500},
            {"ParticipationId": GUEST_ID, "ParticipantFullName": "Guest Person",
             "SecureVideoUserId": null, "ParticipantExternalId": "G-1", "ShouldAutoDeliverCode": "N"}
        ]
    }])
}

pub fn sessions_reply() -> Reply {
    Reply::json(200, sessions())
}

/// A failure carrying the canary in its body and a header.
pub fn failing(status: u16) -> Reply {
    Reply::json(
        status,
        json!({"Message": format!("System.Exception {CANARY} at Db.Query")}),
    )
    .header("x-upstream-detail", CANARY)
}

/// The answer to a change as SecureVideo gives it: the session for POST
/// and PUT, 204 for DELETE.
pub fn change_success(method: &str) -> Reply {
    if method == "DELETE" {
        Reply::empty(204)
    } else {
        Reply::json(200, &sessions()[0])
    }
}

/// The three changes: the widget's request and the upstream path it becomes.
pub const CHANGES: [(&str, &str); 3] = [
    ("POST", "/participant/55"),
    ("PUT", "/participant/901"),
    ("DELETE", "/participant/901"),
];

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
    pub elapsed: Duration,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

pub async fn send(
    http: &reqwest::Client,
    proxy: &RunningProxy,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let method: Method = method.parse().unwrap();
    let mut request = http
        .request(method, format!("{}{path}", proxy.base_url()))
        .bearer_auth(stack::token(SessionRef::Id(SESSION_ID), Scope::Write));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let elapsed = started.elapsed();
    Answer {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
        elapsed,
    }
}

/// `GET /api/session/55`: one `GET /session` upstream.
pub async fn read_session(http: &reqwest::Client, proxy: &RunningProxy) -> Answer {
    send(
        http,
        proxy,
        "GET",
        &format!("/api/session/{SESSION_ID}"),
        None,
    )
    .await
}

/// The widget's change for this method: add a guest to 55, update or
/// remove guest 901.
pub async fn change(http: &reqwest::Client, proxy: &RunningProxy, method: &str) -> Answer {
    match method {
        "POST" => {
            let body = json!({"ParticipantFullName": "Trevor Example"});
            send(http, proxy, "POST", "/api/participant/55", Some(body)).await
        }
        "PUT" => {
            let body =
                json!({"ParticipantSmsNumber": "(333) 444-6666", "ShouldAutoDeliverCode": "S"});
            send(http, proxy, "PUT", "/api/participant/901", Some(body)).await
        }
        _ => send(http, proxy, "DELETE", "/api/participant/901", None).await,
    }
}

/// The fixed error shape: exactly `Message` and `RequestId`, our words, no
/// upstream text or address anywhere in the answer.
pub fn assert_fixed_error(answer: &Answer, status: u16) {
    assert_eq!(answer.status, status, "{}", answer.text);
    let object = answer.body.as_object().expect(&answer.text);
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["Message", "RequestId"], "{}", answer.text);
    assert!(!answer.body["Message"].as_str().unwrap().is_empty());
    assert!(!answer.body["RequestId"].as_str().unwrap().is_empty());
    let everything = format!("{:?} {}", answer.headers, answer.text);
    for leak in [CANARY, "System.Exception", "127.0.0.1", "<html", API_SECRET] {
        assert!(!everything.contains(leak), "{leak} in {everything}");
    }
}

/// A log sink for a tracing subscriber scoped to one test.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = Logs;
    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

impl Logs {
    /// Captures the logs of this thread (the test's runtime runs on it
    /// alone, proxy and fake included) until the guard is dropped.
    pub fn capture(&self) -> tracing::subscriber::DefaultGuard {
        let subscriber =
            participant_manager::proxy::logging::json_subscriber("info", self.clone()).unwrap();
        tracing::subscriber::set_default(subscriber)
    }

    /// Waits (up to 10 s) for a line that matches.
    pub async fn wait_for(&self, matches: impl Fn(&Value) -> bool) -> bool {
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if self.lines().iter().any(&matches) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        false
    }

    pub fn lines(&self) -> Vec<Value> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}
