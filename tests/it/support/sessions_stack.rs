//! The proxy in front of the real in-process simulator with session
//! settings of the test's choosing (a short max age, a big seeded
//! account), and the calls a test makes straight to the simulator: changes
//! made "elsewhere", which the proxy learns of only by reading.

use std::time::Duration;

use participant_manager::proxy::{self, AppState, Authenticator, SessionSettings};
use participant_manager::proxy::{SecureVideoClient, UpstreamConfig};
use participant_manager::simulator::{self, BenchSeed, SimulatorConfig};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;

use crate::support::proxy_stack::{Stack, loopback, secret};

/// A fresh in-memory simulator (seeded with `bench` sessions besides the
/// demo ones) and a proxy in front of it whose snapshots live `max_age`.
pub async fn stack_with(max_age: Duration, bench: Option<BenchSeed>) -> Stack {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let (api_key, api_secret) = (format!("key-{suffix}"), format!("secret-{suffix}"));
    let mut config =
        SimulatorConfig::new(":memory:", &api_key, SecretString::from(api_secret.clone()));
    config.bench = bench;
    let simulator = simulator::start(config, loopback()).await.unwrap();
    let client = SecureVideoClient::new(&UpstreamConfig {
        base_url: Url::parse(&simulator.base_url()).unwrap(),
        api_key: SecretString::from(api_key.clone()),
        api_secret: SecretString::from(api_secret.clone()),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(30),
    })
    .unwrap();
    let settings = SessionSettings {
        max_age,
        ..SessionSettings::default()
    };
    let state = AppState::with_sessions(client, Authenticator::tokens(&secret()), vec![], settings);
    let proxy = proxy::start(state, loopback()).await.unwrap();
    Stack {
        simulator,
        proxy,
        http: reqwest::Client::new(),
        api_key,
        api_secret,
    }
}

/// One call straight to the simulator (HTTP Basic, as SecureVideo takes
/// it): the status and the JSON body (`Null` when there is none).
pub async fn at_simulator(
    stack: &Stack,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = stack
        .http
        .request(method, format!("{}{path}", stack.simulator.base_url()))
        .basic_auth(&stack.api_key, Some(&stack.api_secret));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    (status, body)
}

/// The session as the simulator holds it now (`None`: not active).
pub async fn simulator_session(stack: &Stack, session_id: i64) -> Option<Value> {
    let (status, sessions) = at_simulator(stack, Method::GET, "/session", None).await;
    assert_eq!(status, 200);
    sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["SessionId"] == session_id)
        .cloned()
}

/// A valid guest body that sends nothing (delivery "N").
pub fn guest(name: &str) -> Value {
    json!({
        "ParticipantFullName": name,
        "ParticipantDefaultResolution": "high",
        "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
        "ShouldAutoDeliverCode": "N",
    })
}

/// The names of a session's participants, in order.
pub fn names(session: &Value) -> Vec<String> {
    session["Participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ParticipantFullName"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// A proxy on a loopback port in front of any upstream, with these
/// session settings.
pub async fn proxy_with(base_url: &str, settings: SessionSettings) -> proxy::RunningProxy {
    let client = SecureVideoClient::new(&UpstreamConfig {
        base_url: Url::parse(base_url).unwrap(),
        api_key: SecretString::from("k"),
        api_secret: SecretString::from("s"),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
    })
    .unwrap();
    let state = AppState::with_sessions(client, Authenticator::tokens(&secret()), vec![], settings);
    proxy::start(state, loopback()).await.unwrap()
}

/// A session as a stand-in for SecureVideo lists it: the host
/// (ParticipationId `id * 10`) and the guests `(ParticipationId, name, external id)`.
pub fn session_json(id: i64, host: i64, esid: &str, guests: &[(i64, &str, &str)]) -> Value {
    let mut participants = vec![json!({
        "ParticipationId": id * 10, "ParticipantFullName": "Host Person",
        "SecureVideoUserId": host
    })];
    participants.extend(guests.iter().map(|(pid, name, external)| {
        json!({
            "ParticipationId": pid, "ParticipantFullName": name,
            "SecureVideoUserId": null, "ParticipantExternalId": external,
            "ShouldAutoDeliverCode": "N", "ConnectCode": 100_000_000 + pid
        })
    }));
    json!({
        "SessionId": id, "ScheduleTs": "2030-01-01T15:00:00", "UserId": host,
        "ExternalSessionId": esid, "Participants": participants
    })
}
