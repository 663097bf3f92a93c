//! The SecureVideo simulator over real HTTP on loopback: auth, the seed,
//! users, the wire format, routing, and durability (restart and kill -9).
//! The Participant API, the outbox, sessions, the User API's writes and
//! the simulator at scale (latency, bench data, traffic counters) are in
//! the sibling modules `participants`, `outbox`, `sessions`, `users` and
//! `scale`; a SecureVideo client's own test suite (with its quirks) in
//! `client_suite`.
//!
//! Each test starts its own simulator on a fresh temporary database file.

use crate::support::sim_harness;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};
use base64::Engine;
use participant_manager::simulator::seed::*;
use participant_manager::simulator::{self, SCHEMA_VERSION, SimulatorState};
use reqwest::Method;
use serde_json::{Value, json};
use tower::ServiceExt;

use sim_harness::*;

const DENIED: &str = "Authorization has been denied for this request.";

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/securevideo/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

// ----- auth -----

#[tokio::test]
async fn requests_without_credentials_are_refused_with_401() {
    let sim = Sim::start().await;
    for path in [
        "/session",
        "/user",
        "/outbox",
        "/participant/36201",
        "/no-such-path",
    ] {
        let reply = read(sim.client.get(sim.url(path)).send().await.unwrap()).await;
        assert_eq!(reply.status, 401, "{path}: {reply:?}");
        assert_eq!(reply.json(), json!({"Message": DENIED}), "{path}");
    }
    let post = sim
        .client
        .post(sim.url(&format!("/participant/{DEMO_SESSION_ID}")))
        .json(&guest("Robin Example"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 401);
    assert_eq!(
        sim.session(DEMO_SESSION_ID).await["Participants"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn a_wrong_secret_or_key_is_refused_with_401() {
    let sim = Sim::start().await;
    let attempts = [
        (KEY, Some("wrong-secret")),
        (KEY, Some("test-secre")),
        (KEY, None),
        ("wrong-key", Some(SECRET)),
        ("", Some(SECRET)),
    ];
    for (user, password) in attempts {
        let response = sim
            .client
            .get(sim.url("/session"))
            .basic_auth(user, password)
            .send()
            .await
            .unwrap();
        let reply = read(response).await;
        assert_eq!(reply.status, 401, "{user}/{password:?}");
        assert_eq!(reply.message(), DENIED);
    }
    let bearer = sim
        .client
        .get(sim.url("/session"))
        .bearer_auth(SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 401);
    assert_eq!(
        sim.get("/session").await.status,
        200,
        "the right pair works"
    );
}

#[tokio::test]
async fn every_request_is_counted_refused_ones_too() {
    let sim = Sim::start().await;
    assert_eq!(sim.server.request_count(), 0);
    sim.get("/session").await;
    sim.client.get(sim.url("/session")).send().await.unwrap();
    sim.get("/no-such-path").await;
    sim.post("/participant/0", guest("Robin Example")).await;
    assert_eq!(sim.server.request_count(), 4);
}

// ----- seed -----

#[tokio::test]
async fn a_new_database_is_seeded_with_demo_users_and_upcoming_sessions() {
    let sim = Sim::start().await;
    let sessions = sim.sessions().await;
    assert_eq!(sessions.len(), 2);
    let now = chrono::Utc::now().naive_utc();
    for session in &sessions {
        let at = chrono::NaiveDateTime::parse_from_str(
            session["ScheduleTs"].as_str().unwrap(),
            "%Y-%m-%dT%H:%M:%S",
        )
        .expect("UTC without offset");
        assert!(at > now, "{at} is in the past");
        assert_eq!(session["UserId"], DEMO_HOST_USER_ID);
        let host = &session["Participants"][0];
        assert_eq!(
            host["SecureVideoUserId"], DEMO_HOST_USER_ID,
            "the host comes first"
        );
        assert_eq!(host["ParticipantFullName"], DEMO_HOST_NAME);
        assert!(session["Participants"].as_array().unwrap().len() >= 2);
    }
    let demo = sim.session(DEMO_SESSION_ID).await;
    assert_eq!(demo["ExternalSessionId"], DEMO_EXTERNAL_SESSION_ID);
    assert_eq!(demo["Topic"], DEMO_TOPIC);
    assert_eq!(
        participant(&demo, DEMO_GUEST_NAME)["ParticipantExternalId"],
        DEMO_GUEST_EXTERNAL_ID
    );
    assert_eq!(
        demo["Participants"][0]["ParticipationId"],
        FIRST_PARTICIPATION_ID
    );

    let users = sim.get("/user").await.json();
    let ids: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["SystemUserId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["12281", "12282", "12283", "12284", "12285"]);
    for user in users.as_array().unwrap() {
        let email = user["EmailAddress"].as_str().unwrap();
        assert!(
            email.is_empty() || email.ends_with("@example.com"),
            "{email}"
        );
    }
}

// ----- wire format -----

#[tokio::test]
async fn responses_are_json_in_utf_8_and_not_cached() {
    let sim = Sim::start().await;
    let replies = [
        sim.get("/session").await,
        sim.get("/user/99999").await,
        sim.post("/participant/0", json!({})).await,
        sim.client
            .get(sim.url("/user"))
            .send()
            .await
            .map(read)
            .unwrap()
            .await,
    ];
    for reply in replies {
        assert_eq!(
            reply.content_type.as_deref(),
            Some("application/json; charset=utf-8"),
            "{reply:?}"
        );
        assert_eq!(
            reply.cache_control.as_deref(),
            Some("no-cache"),
            "{reply:?}"
        );
    }
}

#[tokio::test]
async fn a_session_has_every_field_of_the_documented_shape() {
    let sim = Sim::start().await;
    let session = sim.session(DEMO_SESSION_ID).await;
    let documented = fixture("session-documented-shape.json");
    let ours = keys(&session);
    for key in keys(&documented) {
        assert!(ours.contains(&key), "Session lacks {key}");
    }
    let ours = keys(participant(&session, DEMO_GUEST_NAME));
    for key in keys(&documented["Participants"][1]) {
        assert!(ours.contains(&key), "Participation lacks {key}");
    }
    assert_eq!(
        session["UserId"].as_i64(),
        Some(DEMO_HOST_USER_ID),
        "a number in a Session"
    );
}

// ----- users -----

#[tokio::test]
async fn a_user_is_written_like_the_recorded_one() {
    let sim = Sim::start().await;
    let reply = sim.get(&format!("/user/{DEMO_HOST_USER_ID}")).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let user = reply.json();
    for key in keys(&fixture("user-get-200.json")) {
        assert!(user.get(&key).is_some(), "User lacks {key}");
    }
    assert_eq!(
        user["SystemUserId"],
        json!(DEMO_HOST_USER_ID.to_string()),
        "a string in a User"
    );
    assert_eq!(user["FullName"], DEMO_HOST_NAME);
    assert_eq!(user["TimeZoneWindowsId"], "Pacific Standard Time");
}

#[tokio::test]
async fn an_unknown_user_is_a_404_with_user_not_found() {
    let sim = Sim::start().await;
    for path in ["/user/99999", "/user/0?externalId=NOBODY"] {
        let reply = sim.get(path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.json(), fixture("user-get-404.json"), "{path}");
    }
    assert_eq!(
        sim.get("/user/0").await.status,
        400,
        "user 0 needs an externalId"
    );
}

#[tokio::test]
async fn a_user_can_be_found_by_external_id() {
    let sim = Sim::start().await;
    let reply = sim
        .get(&format!("/user/0?externalId={DEMO_COLLEAGUE_EXTERNAL_ID}"))
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.json()["SystemUserId"],
        DEMO_COLLEAGUE_USER_ID.to_string()
    );
    // ASP.NET binds query names case-insensitively.
    let reply = sim
        .get(&format!("/user/0?EXTERNALID={DEMO_COLLEAGUE_EXTERNAL_ID}"))
        .await;
    assert_eq!(reply.status, 200);
}

// ----- routing -----

#[tokio::test]
async fn non_numeric_ids_in_the_path_are_a_400_never_a_500() {
    let sim = Sim::start().await;
    let body = Some(guest("Robin Example"));
    let requests = [
        (Method::POST, "/participant/abc"),
        (Method::PUT, "/participant/abc"),
        (Method::DELETE, "/participant/1.5"),
        (Method::POST, "/participant/99999999999999999999"),
        (Method::GET, "/session/abc"),
        (Method::POST, "/session/abc"),
        (Method::PUT, "/session/abc"),
        (Method::DELETE, "/session/abc"),
        (Method::GET, "/user/abc"),
    ];
    for (method, path) in requests {
        let reply = sim.send(method.clone(), path, body.clone()).await;
        assert_eq!(reply.status, 400, "{method} {path}: {reply:?}");
        assert!(reply.message().contains("whole number"), "{method} {path}");
    }
}

#[tokio::test]
async fn unknown_paths_are_a_404_and_unknown_methods_a_405_both_in_json() {
    let sim = Sim::start().await;
    let missing = sim.get("/sessions").await;
    assert_eq!(missing.status, 404);
    assert!(missing.message().contains("No HTTP resource"));
    let patch = sim
        .send(Method::PATCH, "/participant/71001", Some(json!({})))
        .await;
    assert_eq!(patch.status, 405);
    assert!(patch.message().contains("PATCH"));
}

#[tokio::test]
async fn the_router_answers_without_a_network() {
    let state = tokio::task::spawn_blocking(|| SimulatorState::open(&config(":memory:")))
        .await
        .unwrap()
        .expect("in-memory database opens");
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:{SECRET}"));
    let request = Request::builder()
        .uri(format!("/user/{DEMO_HOST_USER_ID}"))
        .header(header::AUTHORIZATION, format!("Basic {credentials}"))
        .body(Body::empty())
        .unwrap();
    let response = simulator::router(state.clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let user: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(user["FullName"], DEMO_HOST_NAME);
    assert_eq!(state.request_count(), 1);
}

// ----- durability -----

#[tokio::test]
async fn an_in_memory_database_is_seeded_and_writable() {
    let server = start_at(":memory:").await;
    let client = reqwest::Client::new();
    let url = format!("{}/participant/{DEMO_SESSION_ID}", server.base_url());
    let response = client
        .post(url)
        .basic_auth(KEY, Some(SECRET))
        .json(&guest("Robin Example"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    server.shutdown().await;
}

#[tokio::test]
async fn data_survives_a_restart_and_is_not_seeded_again() {
    let sim = Sim::start().await;
    let added = sim.add_guest(DEMO_SESSION_ID, guest("Robin Example")).await;
    let removed = sim.session(DEMO_SECOND_SESSION_ID).await["Participants"][1]["ParticipationId"]
        .as_i64()
        .unwrap();
    assert_eq!(
        sim.delete(&format!("/participant/{removed}")).await.status,
        204
    );
    let before = (
        sim.sessions().await,
        sim.get("/user").await.json(),
        sim.outbox().await,
    );

    let sim = sim.restart().await;
    let after = (
        sim.sessions().await,
        sim.get("/user").await.json(),
        sim.outbox().await,
    );
    assert_eq!(after, before, "the same data, nothing seeded twice");
    assert_eq!(
        participation_id(&sim.session(DEMO_SESSION_ID).await, "Robin Example"),
        added
    );
    // Ids keep counting up after a restart.
    let next = sim.add_guest(DEMO_SESSION_ID, guest("Sky Example")).await;
    assert!(next > added);
}

/// A write that was answered is on disk: the real `participant-manager
/// simulator` process is killed with SIGKILL right after its answers, and the
/// file it leaves is intact and holds the writes.
#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_participant-manager"))
        .args(["simulator", "--listen", "127.0.0.1:0", "--api-key", KEY])
        .arg("--db")
        .arg(&db)
        .env("SIMULATOR_API_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator binary starts");
    let stdout = child.stdout.take().unwrap();
    let ready = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            // The JSON log line that says where it listens.
            .find_map(|line| {
                let entry: Value = serde_json::from_str(&line).ok()?;
                entry["fields"]["url"].as_str().map(str::to_owned)
            })
    });
    let base_url = tokio::time::timeout(Duration::from_secs(60), ready)
        .await
        .expect("the simulator starts in time")
        .unwrap()
        .expect("the simulator logs where it listens");

    let client = reqwest::Client::new();
    let add = client
        .post(format!("{base_url}/participant/{DEMO_SESSION_ID}"))
        .basic_auth(KEY, Some(SECRET))
        .json(&guest("Kill Test Guest"))
        .send()
        .await
        .unwrap();
    assert_eq!(add.status(), 200);
    let remove = client
        .delete(format!(
            "{base_url}/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId={DEMO_GUEST_EXTERNAL_ID}"
        ))
        .basic_auth(KEY, Some(SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(remove.status(), 204);

    child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
    child.wait().unwrap();

    // What is on disk, read directly.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT COUNT(*) FROM participations WHERE full_name = 'Kill Test Guest'"),
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM participations WHERE external_id = 'PAT-0001'"),
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE kind = 'cancellation'"),
        1
    );
    drop(conn);

    // And a simulator started on it serves the same data, unseeded.
    let server = start_at(db.to_str().unwrap()).await;
    let sessions: Value = client
        .get(format!("{}/session", server.base_url()))
        .basic_auth(KEY, Some(SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sessions.as_array().unwrap().len(), 2);
    let demo = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["SessionId"] == DEMO_SESSION_ID)
        .unwrap();
    assert!(names(demo).contains(&"Kill Test Guest".to_owned()));
    assert!(!names(demo).contains(&DEMO_GUEST_NAME.to_owned()));
    server.shutdown().await;
}
