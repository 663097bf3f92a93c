//! What real SecureVideo clients sent, replayed. Every request in
//! `tests/fixtures/securevideo/` was sent to api.securevideo.com by a real
//! client (recorded in 2015) and accepted; the recorded answer is what the
//! real server said. Here:
//!
//! - the simulator answers each recorded request as the recorded answer
//!   did: the same status, and every recorded field present with the same
//!   JSON type (values SecureVideo echoed from the request are echoed too);
//! - `common`'s rules accept every participant body in them, so neither the
//!   simulator nor the proxy can refuse what SecureVideo accepted;
//! - the proxy accepts the same participant bodies (as an add, and again
//!   as an update) and passes them on as sent.
//!
//! A new recording is replayed once it is added to [`EXCHANGES`]; a
//! recorded request or answer left out of it fails
//! `every_recording_is_replayed`.
//!
//! Run: `cargo test --test it simulator::recorded_replay`.

use crate::support::proxy_stack;
use crate::support::sim_harness;

use std::path::{Path, PathBuf};

use participant_manager::common::{ParticipantForm, field, parse_add};
use reqwest::Method;
use serde_json::Value;

use sim_harness::Sim;

/// One recorded exchange: what was sent, and the answer's fixture and
/// status. The recordings hold bodies only; the addresses are those of the
/// recorded client's calls (user 12281 was its host, 12283 a user it read).
struct Exchange {
    method: Method,
    path: &'static str,
    request: Option<&'static str>,
    answer: &'static str,
    status: u16,
}

const EXCHANGES: &[Exchange] = &[
    Exchange {
        method: Method::POST,
        path: "/session/12281",
        request: Some("session-create-request.json"),
        answer: "session-create-201.json",
        status: 201,
    },
    Exchange {
        method: Method::GET,
        path: "/session",
        request: None,
        answer: "session-list-200.json",
        status: 200,
    },
    Exchange {
        method: Method::GET,
        path: "/user",
        request: None,
        answer: "user-list-200.json",
        status: 200,
    },
    Exchange {
        method: Method::GET,
        path: "/user/12283",
        request: None,
        answer: "user-get-200.json",
        status: 200,
    },
    Exchange {
        method: Method::GET,
        path: "/user/99999",
        request: None,
        answer: "user-get-404.json",
        status: 404,
    },
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/securevideo")
}

fn fixture(name: &str) -> Value {
    let path = fixture_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The recorded requests and answers among the fixtures: `*-request.json`,
/// and `*-NNN.json` (an answer with its status).
fn recordings() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("the fixture directory")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let stem = name.strip_suffix(".json").unwrap_or_default();
            let status = stem.rsplit('-').next().unwrap_or_default();
            stem.ends_with("-request")
                || (status.len() == 3 && status.chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    names.sort();
    names
}

/// The JSON type of a value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Where `ours` lacks a field of `recorded` or has it with another JSON
/// type. An array matches when each recorded element matches some element
/// of ours (the data differ; the shapes must not).
fn shape_mismatches(recorded: &Value, ours: &Value, at: &str) -> Vec<String> {
    match (recorded, ours) {
        (Value::Object(recorded), Value::Object(ours)) => recorded
            .iter()
            .flat_map(|(key, value)| match ours.get(key) {
                None => vec![format!("{at}.{key}: missing")],
                Some(our) => shape_mismatches(value, our, &format!("{at}.{key}")),
            })
            .collect(),
        (Value::Array(recorded), Value::Array(ours)) => recorded
            .iter()
            .enumerate()
            .flat_map(|(i, element)| {
                let at = format!("{at}[{i}]");
                let attempts: Vec<Vec<String>> = ours
                    .iter()
                    .map(|our| shape_mismatches(element, our, &at))
                    .collect();
                if attempts.iter().any(Vec::is_empty) {
                    Vec::new()
                } else {
                    attempts
                        .into_iter()
                        .min_by_key(Vec::len)
                        .unwrap_or_else(|| vec![format!("{at}: no element to compare")])
                }
            })
            .collect(),
        _ if kind(recorded) == kind(ours) => Vec::new(),
        _ => vec![format!(
            "{at}: {} instead of {}",
            kind(ours),
            kind(recorded)
        )],
    }
}

/// The participant with this name in a session.
fn named<'a>(session: &'a Value, name: &Value) -> Option<&'a Value> {
    session["Participants"]
        .as_array()?
        .iter()
        .find(|p| &p["ParticipantFullName"] == name)
}

/// Values the request sent and the recorded answer echoed unchanged must be
/// echoed by ours too: the session's own fields, and each participant's
/// (matched by name).
fn echo_mismatches(request: &Value, recorded: &Value, ours: &Value) -> Vec<String> {
    let compare = |at: &str, sent: &Value, recorded: &Value, ours: &Value| -> Vec<String> {
        sent.as_object()
            .into_iter()
            .flatten()
            .filter(|(key, value)| {
                !value.is_array()
                    && recorded.get(*key) == Some(*value)
                    && ours.get(*key) != Some(*value)
            })
            .map(|(key, value)| {
                format!(
                    "{at}.{key}: sent and echoed {value}, ours {:?}",
                    ours.get(key)
                )
            })
            .collect()
    };
    let mut mismatches = compare("", request, recorded, ours);
    for sent in request["Participants"].as_array().into_iter().flatten() {
        let name = &sent["ParticipantFullName"];
        match (named(recorded, name), named(ours, name)) {
            (Some(recorded), Some(ours)) => mismatches.extend(compare(
                &format!("Participants[{name}]"),
                sent,
                recorded,
                ours,
            )),
            _ => mismatches.push(format!("Participants: {name} not in both answers")),
        }
    }
    mismatches
}

#[test]
fn every_recording_is_replayed() {
    let replayed: Vec<&str> = EXCHANGES
        .iter()
        .flat_map(|e| e.request.into_iter().chain([e.answer]))
        .collect();
    let recordings = recordings();
    assert!(
        recordings.len() >= 6,
        "the recordings were not found: {recordings:?}"
    );
    for name in &recordings {
        assert!(
            replayed.contains(&name.as_str()),
            "{name} is recorded but not replayed: add it to EXCHANGES"
        );
    }
    for exchange in EXCHANGES {
        let suffix = format!("-{}.json", exchange.status);
        assert!(exchange.answer.ends_with(&suffix), "{}", exchange.answer);
    }
}

#[tokio::test]
async fn the_simulator_answers_every_recorded_request_as_securevideo_did() {
    let sim = Sim::start().await;
    for exchange in EXCHANGES {
        let case = format!("{} {}", exchange.method, exchange.path);
        let request = exchange.request.map(fixture);
        let reply = sim
            .send(exchange.method.clone(), exchange.path, request.clone())
            .await;
        assert_eq!(reply.status, exchange.status, "{case}: {reply:?}");
        let recorded = fixture(exchange.answer);
        let ours = reply.json();
        let mismatches = shape_mismatches(&recorded, &ours, exchange.answer);
        assert!(
            mismatches.is_empty(),
            "{case}: not shaped like {}:\n{}",
            exchange.answer,
            mismatches.join("\n")
        );
        if exchange.status >= 400 {
            assert_eq!(
                ours, recorded,
                "{case}: the error says what SecureVideo said"
            );
        }
        if let Some(request) = &request {
            let mismatches = echo_mismatches(request, &recorded, &ours);
            assert!(
                mismatches.is_empty(),
                "{case}: not echoed as SecureVideo did:\n{}",
                mismatches.join("\n")
            );
        }
    }
}

/// Every participant body in a recorded request.
fn recorded_participant_bodies() -> Vec<(String, Value)> {
    let bodies: Vec<(String, Value)> = EXCHANGES
        .iter()
        .filter_map(|e| e.request)
        .flat_map(|name| {
            let request = fixture(name);
            request["Participants"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(move |(i, body)| (format!("{name} Participants[{i}]"), body))
        })
        .collect();
    assert!(!bodies.is_empty(), "no recorded participant bodies");
    bodies
}

#[test]
fn common_accepts_every_participant_body_securevideo_accepted() {
    for (case, body) in recorded_participant_bodies() {
        let form = ParticipantForm::from_json(body.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        let add = parse_add(&form).unwrap_or_else(|e| {
            panic!("{case}: a rule in common refuses what SecureVideo accepted: {e}")
        });
        // What goes upstream carries the legacy values as sent.
        let canonical = serde_json::to_value(&add).unwrap();
        if let Some(sent) = body.get(field::RESOLUTION) {
            assert_eq!(&canonical[field::RESOLUTION], sent, "{case}");
        }
    }
}

#[tokio::test]
async fn the_proxy_accepts_every_participant_body_securevideo_accepted() {
    let stack = proxy_stack::Stack::start().await;
    let token = proxy_stack::demo_write_token();
    let http = reqwest::Client::new();
    for (case, body) in recorded_participant_bodies() {
        let response = stack
            .send(
                Method::POST,
                &format!("/api/participant/{}", proxy_stack::DEMO_SESSION_ID),
                Some(&token),
                Some(&body),
            )
            .await;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{case}: {answer}");
        let name = body["ParticipantFullName"].as_str().unwrap();
        // And the same body again as an update of that participant.
        let id = proxy_stack::participation_id(&answer, name);
        let response = stack
            .send(
                Method::PUT,
                &format!("/api/participant/{id}"),
                Some(&token),
                Some(&body),
            )
            .await;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{case}, as an update: {answer}");
        // Upstream, the participant is stored as sent.
        let sessions: Value = http
            .get(format!("{}/session", stack.simulator.base_url()))
            .basic_auth(&stack.api_key, Some(&stack.api_secret))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let demo = sessions
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["SessionId"] == proxy_stack::DEMO_SESSION_ID)
            .unwrap();
        let stored = named(demo, &body["ParticipantFullName"]).expect("stored upstream");
        for (key, sent) in body.as_object().unwrap() {
            assert_eq!(&stored[key], sent, "{case}: {key}");
        }
    }
    stack.shutdown().await;
}
