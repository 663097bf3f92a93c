//! Nothing lost, nothing doubled, under concurrency and a crash:
//!
//! - two staff add the same name to the same session at the same moment,
//!   through the proxy: exactly one succeeds, the other gets the
//!   duplicate-name error;
//! - the real `participant-manager simulator` process is killed with SIGKILL
//!   in the middle of a burst of concurrent writes: after a restart every
//!   change that had been acknowledged is there, nothing is there twice,
//!   and the database passes `PRAGMA integrity_check`.
//!
//! The load test (`cargo xtask bench`, `examples/load/`) checks the same
//! ledger at 1,000 changes per second.

use crate::support::proxy_stack as stack;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use participant_manager::common::rules::session::DUPLICATE_NAME_MESSAGE;
use participant_manager::common::{field, name_key};
use participant_manager::proxy::{EmbedClaims, Scope, SessionRef};
use reqwest::Method;
use serde_json::{Value, json};
use stack::*;
use tokio::sync::Barrier;

const ROUNDS: usize = 12;

/// What one of the two racing requests got back.
struct Outcome {
    status: u16,
    body: Value,
}

async fn add_at_the_barrier(
    url: String,
    token: String,
    name: String,
    barrier: Arc<Barrier>,
) -> Outcome {
    let http = reqwest::Client::new();
    let body = json!({"ParticipantFullName": name, "ShouldAutoDeliverCode": "N"});
    // Connect first, so both requests leave together.
    let _ = http
        .get(url.replace("/api/participant/", "/healthz?"))
        .send()
        .await;
    barrier.wait().await;
    let response = send(&http, Method::POST, &url, Some(&token), Some(&body)).await;
    Outcome {
        status: response.status().as_u16(),
        body: response.json().await.unwrap_or(Value::Null),
    }
}

/// Two staff, each with a write token of their own for the same session,
/// add the same name at the same moment, a dozen times over. The loser sees
/// the same field error staff see when the name is already listed: the
/// proxy's own check catches it when the winner's change is already in the
/// session it reads; otherwise the simulator's check (in the same write
/// transaction as the insert) refuses it, and the proxy maps SecureVideo's
/// `Field: message` answer back to that field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_staff_adding_the_same_name_at_once_one_succeeds_and_the_other_gets_the_duplicate_name_error()
 {
    let stack = Stack::start().await;
    let staff = |actor: &str| {
        sign(&EmbedClaims::new(
            actor,
            SessionRef::Id(DEMO_SESSION_ID),
            Scope::Write,
            Duration::from_secs(600),
        ))
    };
    let (nurse, doctor) = (staff("nurse-7"), staff("doctor-3"));
    let url = stack.url(&format!("/api/participant/{DEMO_SESSION_ID}"));
    let (mut by_proxy, mut by_simulator) = (0, 0);
    for round in 0..ROUNDS {
        let name = format!("Race Guest {}", char::from(b'A' + round as u8));
        let (calls_before, reads_before) = (stack.upstream_calls(), stack.upstream_reads());
        let barrier = Arc::new(Barrier::new(2));
        let first = tokio::spawn(add_at_the_barrier(
            url.clone(),
            nurse.clone(),
            name.clone(),
            barrier.clone(),
        ));
        let second = tokio::spawn(add_at_the_barrier(
            url.clone(),
            doctor.clone(),
            name.clone(),
            barrier,
        ));
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        let (won, lost) = match (first.status, second.status) {
            (200, _) => (first, second),
            (_, 200) => (second, first),
            (a, b) => panic!("round {round}: neither add succeeded: {a} {b}"),
        };
        assert!(
            participant(&won.body, &name).is_some(),
            "round {round}: {}",
            won.body
        );
        assert_eq!(lost.status, 400, "round {round}: {}", lost.body);
        // Whichever check refused it, the loser gets the same body.
        assert_eq!(
            lost.body["Errors"],
            json!({ field::FULL_NAME: DUPLICATE_NAME_MESSAGE }),
            "round {round}: {}",
            lost.body
        );
        assert_eq!(
            lost.body["Message"], DUPLICATE_NAME_MESSAGE,
            "round {round}"
        );
        // The two adds share at most one read of the session (none while
        // the last round's answer is fresh); the winner then writes. A
        // loser refused by the simulator made a write attempt too.
        let reads = stack.upstream_reads() - reads_before;
        let writes = stack.upstream_calls() - calls_before - reads;
        assert!(reads <= 1, "round {round}: {reads} session reads");
        assert!(
            matches!(writes, 1 | 2),
            "round {round}: {writes} upstream writes"
        );
        if writes == 1 {
            by_proxy += 1;
        } else {
            by_simulator += 1;
        }
        let session = stack.demo_session().await;
        let listed = session["Participants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["ParticipantFullName"] == name.as_str())
            .count();
        assert_eq!(listed, 1, "round {round}: {session}");
    }
    eprintln!(
        "the loser was refused by the proxy's check {by_proxy} times, by the simulator's {by_simulator} times"
    );
    stack.shutdown().await;
}

// ----- kill -9 in the middle of a burst -----

const KEY: &str = "burst-key";
const SECRET: &str = "burst-secret";
const WRITERS: usize = 6;
/// Acknowledged changes before the kill.
const ACKED_BEFORE_KILL: usize = 200;

/// The real simulator binary on `db`, and its base URL.
async fn spawn_simulator(db: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_participant-manager"))
        .args(["simulator", "--listen", "127.0.0.1:0", "--api-key", KEY])
        .arg("--db")
        .arg(db)
        .env("SIMULATOR_API_SECRET", SECRET)
        .env("LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator binary starts");
    let stdout = child.stdout.take().unwrap();
    let ready = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let url = lines.find_map(|line| {
            let entry: Value = serde_json::from_str(&line).ok()?;
            entry["fields"]["url"].as_str().map(str::to_owned)
        });
        // Keep reading so the pipe never fills.
        std::thread::spawn(move || lines.for_each(drop));
        url
    });
    let url = tokio::time::timeout(Duration::from_secs(60), ready)
        .await
        .expect("the simulator starts in time")
        .unwrap()
        .expect("the simulator logs where it listens");
    (child, url)
}

/// A participant's state as acknowledged, and the change in flight (whose
/// fate is unknown if the process died before answering).
#[derive(Clone, Debug, PartialEq)]
enum State {
    Absent,
    Present { id: i64, email: String },
}

#[derive(Debug)]
struct Entry {
    session_id: i64,
    acked: State,
    in_flight: Option<State>,
}

type Ledger = Arc<Mutex<HashMap<String, Entry>>>;

/// One writer: adds guests of its own, updates and removes some of them,
/// one change at a time, recording each before it is sent and when it is
/// acknowledged, until the simulator stops answering.
async fn writer(
    w: usize,
    base: String,
    ledger: Ledger,
    acked: Arc<AtomicUsize>,
    killed: Arc<AtomicBool>,
) -> usize {
    let http = reqwest::Client::new();
    let mut mine: Vec<String> = Vec::new();
    let mut failures_after_kill = 0;
    for n in 0.. {
        if killed.load(Ordering::SeqCst) && failures_after_kill > 0 {
            break;
        }
        let present =
            |name: &String| matches!(ledger.lock().unwrap()[name].acked, State::Present { .. });
        let existing = mine.iter().rev().find(|name| present(name)).cloned();
        let (name, request, next) = match (n % 4, existing) {
            (2, Some(name)) => {
                let State::Present { id, .. } = ledger.lock().unwrap()[&name].acked.clone() else {
                    unreachable!()
                };
                let email = format!("w{w}.n{n}@example.com");
                let body = json!({"ParticipantEmailAddress": email, "ShouldAutoDeliverCode": "N"});
                let request = http.put(format!("{base}/participant/{id}")).json(&body);
                (name, request, State::Present { id, email })
            }
            (3, Some(name)) => {
                let State::Present { id, .. } = ledger.lock().unwrap()[&name].acked.clone() else {
                    unreachable!()
                };
                let request = http.delete(format!("{base}/participant/{id}"));
                (name, request, State::Absent)
            }
            _ => {
                let name = format!("Burst Writer {w} Guest {n}");
                let session_id = if n % 2 == 0 {
                    DEMO_SESSION_ID
                } else {
                    SECOND_SESSION_ID
                };
                let email = format!("w{w}.n{n}.first@example.com");
                ledger.lock().unwrap().insert(
                    name.clone(),
                    Entry {
                        session_id,
                        acked: State::Absent,
                        in_flight: None,
                    },
                );
                mine.push(name.clone());
                let body = json!({
                    "ParticipantFullName": name,
                    "ParticipantEmailAddress": email,
                    "ShouldAutoDeliverCode": "N"
                });
                let request = http
                    .post(format!("{base}/participant/{session_id}"))
                    .json(&body);
                // The id is known once acknowledged.
                (name, request, State::Present { id: 0, email })
            }
        };
        ledger.lock().unwrap().get_mut(&name).unwrap().in_flight = Some(next.clone());
        let response = request
            .basic_auth(KEY, Some(SECRET))
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        let response = match response {
            Ok(response) if response.status().is_success() => response,
            Ok(response) => panic!(
                "writer {w}: {} {:?}",
                response.status(),
                response.text().await
            ),
            Err(_) if killed.load(Ordering::SeqCst) => {
                failures_after_kill += 1;
                continue;
            }
            Err(error) => panic!("writer {w}: {error}"),
        };
        let next = match next {
            State::Present { id: 0, email } => {
                let session: Value = match response.json().await {
                    Ok(session) => session,
                    // Answered, but cut off: its fate is unknown.
                    Err(_) if killed.load(Ordering::SeqCst) => {
                        failures_after_kill += 1;
                        continue;
                    }
                    Err(error) => panic!("writer {w}: {error}"),
                };
                let id = session["Participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["ParticipantFullName"] == name.as_str())
                    .and_then(|p| p["ParticipationId"].as_i64())
                    .expect("the new participant is in the answer");
                State::Present { id, email }
            }
            other => other,
        };
        let mut ledger = ledger.lock().unwrap();
        let entry = ledger.get_mut(&name).unwrap();
        entry.acked = next;
        entry.in_flight = None;
        acked.fetch_add(1, Ordering::SeqCst);
    }
    failures_after_kill
}

/// Six writers add, update and remove guests as fast as the simulator
/// answers; after 200 acknowledged changes the process is killed with
/// SIGKILL while they are still writing. The file it leaves passes
/// `PRAGMA integrity_check`, and a simulator started on it holds every
/// acknowledged change; a change in flight at the kill may have landed or
/// not, but nothing is there twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_changes_of_a_concurrent_write_burst_survive_kill_9_in_the_middle_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("burst.db");
    let (mut child, base) = spawn_simulator(&db).await;

    let ledger: Ledger = Arc::default();
    let acked = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            tokio::spawn(writer(
                w,
                base.clone(),
                ledger.clone(),
                acked.clone(),
                killed.clone(),
            ))
        })
        .collect();
    let started = Instant::now();
    while acked.load(Ordering::SeqCst) < ACKED_BEFORE_KILL {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the burst is too slow"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    killed.store(true, Ordering::SeqCst);
    child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
    child.wait().unwrap();
    let mut failures_after_kill = 0;
    for writer in writers {
        failures_after_kill += writer.await.unwrap();
    }
    assert!(
        failures_after_kill >= WRITERS,
        "every writer was cut off mid-burst"
    );
    let in_flight = ledger
        .lock()
        .unwrap()
        .values()
        .filter(|e| e.in_flight.is_some())
        .count();
    eprintln!(
        "{} changes acknowledged; {in_flight} in flight at the kill",
        acked.load(Ordering::SeqCst)
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);

    let (mut child, base) = spawn_simulator(&db).await;
    let sessions: Vec<Value> = reqwest::Client::new()
        .get(format!("{base}/session"))
        .basic_auth(KEY, Some(SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    let mut found: HashMap<String, (i64, State)> = HashMap::new();
    for session in &sessions {
        let mut keys = Vec::new();
        for p in session["Participants"].as_array().unwrap() {
            let name = p["ParticipantFullName"].as_str().unwrap().to_owned();
            keys.push(name_key(&name));
            let state = State::Present {
                id: p["ParticipationId"].as_i64().unwrap(),
                email: p["ParticipantEmailAddress"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            };
            found.insert(name, (session["SessionId"].as_i64().unwrap(), state));
        }
        let total = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), total, "a name twice in a session: {session}");
    }
    for (name, entry) in ledger.lock().unwrap().iter() {
        let actual = match found.get(name) {
            Some((session_id, state)) => {
                assert_eq!(*session_id, entry.session_id, "{name}");
                state.clone()
            }
            None => State::Absent,
        };
        let matches = |expected: &State| match (expected, &actual) {
            // An add in flight: its id was never learned.
            (State::Present { id: 0, email: a }, State::Present { email: b, .. }) => a == b,
            (expected, actual) => expected == actual,
        };
        assert!(
            matches(&entry.acked) || entry.in_flight.as_ref().is_some_and(matches),
            "{name}: acknowledged {:?} (in flight {:?}), found {actual:?}",
            entry.acked,
            entry.in_flight
        );
    }
}
