//! Two replicas of the proxy, as deployed: two `participant-manager serve`
//! processes with the same embed token secret, in front of one simulator
//! process. Each replica keeps its own session index and snapshots, so
//! what one changes the other learns only by reading SecureVideo: within
//! the max age (`SESSION_MAX_AGE`). A replica that is killed and started
//! again has lost its index and nothing else.

use crate::support::proxy_stack as stack;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use participant_manager::proxy::{Scope, SessionRef};
use reqwest::Method;
use serde_json::{Value, json};
use stack::{DEMO_EXTERNAL_SESSION_ID, TOKEN_SECRET, participant, participation_id, send, token};

const BIN: &str = env!("CARGO_BIN_EXE_participant-manager");
const KEY: &str = "replicas-key";
const SECRET: &str = "replicas-secret";
const MAX_AGE: Duration = Duration::from_secs(1);
/// What a process on a busy two-core machine may add to the max age.
const MARGIN: Duration = Duration::from_millis(1500);

/// A child process killed when dropped (a failing test leaves none).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads `pipe` on a thread, sending every line; the thread keeps the
/// pipe drained until the process ends.
fn lines_of(pipe: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    lines
}

/// The first line `find` accepts, within 60 s.
fn wait_for(lines: &mpsc::Receiver<String>, find: impl Fn(&str) -> Option<String>) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = lines
            .recv_timeout(left)
            .expect("the process said where it listens");
        if let Some(found) = find(&line) {
            return found;
        }
    }
}

/// `participant-manager simulator` on a loopback port with its database in
/// `db`; its base URL.
fn spawn_simulator(db: &std::path::Path) -> (Process, String) {
    let mut child = Command::new(BIN)
        .args(["simulator", "--listen", "127.0.0.1:0", "--api-key", KEY])
        .arg("--db")
        .arg(db)
        .env("SIMULATOR_API_SECRET", SECRET)
        .env("LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator starts");
    let lines = lines_of(child.stdout.take().unwrap());
    let process = Process(child);
    let url = wait_for(&lines, |line| {
        let entry: Value = serde_json::from_str(line).ok()?;
        entry["fields"]["url"].as_str().map(str::to_owned)
    });
    (process, url)
}

/// `participant-manager serve` in front of the simulator at `upstream`;
/// its base URL.
fn spawn_replica(upstream: &str) -> (Process, String) {
    let max_age = format!("{}ms", MAX_AGE.as_millis());
    let mut child = Command::new(BIN)
        .arg("serve")
        .env_clear()
        .env("LISTEN", "127.0.0.1:0")
        .env("SECUREVIDEO_API_KEY", KEY)
        .env("SECUREVIDEO_API_SECRET", SECRET)
        .env("SECUREVIDEO_BASE_URL", upstream)
        .env("EMBED_TOKEN_SECRET", TOKEN_SECRET)
        .env("SESSION_MAX_AGE", max_age)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let lines = lines_of(child.stderr.take().unwrap());
    let process = Process(child);
    let url = wait_for(&lines, |line| {
        line.strip_prefix("participant-manager proxy listening on ")
            .map(str::to_owned)
    });
    (process, url)
}

fn write_token() -> String {
    token(
        SessionRef::External(DEMO_EXTERNAL_SESSION_ID.into()),
        Scope::Write,
    )
}

/// The demo session through one replica.
async fn session_via(http: &reqwest::Client, replica: &str) -> Value {
    let url = format!("{replica}/api/session/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}");
    let response = send(http, Method::GET, &url, Some(&write_token()), None).await;
    assert_eq!(response.status(), 200, "{replica}");
    response.json().await.unwrap()
}

/// Polls `replica` until `shown` holds of the session; how long it took.
/// Fails after the max age and the margin.
async fn until_shown(
    http: &reqwest::Client,
    replica: &str,
    what: &str,
    shown: impl Fn(&Value) -> bool,
) -> Duration {
    let since = Instant::now();
    loop {
        let session = session_via(http, replica).await;
        if shown(&session) {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < MAX_AGE + MARGIN,
            "{what} not shown by {replica} after {:?}: {session}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_change_through_one_replica_shows_through_the_other_within_the_max_age_and_a_restart_loses_nothing()
 {
    let dir = tempfile::tempdir().unwrap();
    let (_simulator, upstream) = spawn_simulator(&dir.path().join("sim.db"));
    let (_one, one) = spawn_replica(&upstream);
    let (two_process, two) = spawn_replica(&upstream);
    let http = reqwest::Client::new();
    let add = format!("/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}");

    // Replica two holds a snapshot without the guest.
    assert!(participant(&session_via(&http, &two).await, "Casey Reed").is_none());
    let added = send(
        &http,
        Method::POST,
        &format!("{one}{add}"),
        Some(&write_token()),
        Some(&json!({"ParticipantFullName": "Casey Reed"})),
    )
    .await;
    assert_eq!(added.status(), 200);
    let took = until_shown(&http, &two, "the added guest", |s| {
        participant(s, "Casey Reed").is_some()
    })
    .await;
    eprintln!("the guest showed through replica two after {took:?}");

    // Replica two is killed and started again: an empty index, the same
    // answers.
    drop(two_process);
    let (_two_again, two) = spawn_replica(&upstream);
    let session = session_via(&http, &two).await;
    let casey = participation_id(&session, "Casey Reed");
    let updated = send(
        &http,
        Method::PUT,
        &format!("{two}/api/participant/{casey}"),
        Some(&write_token()),
        Some(&json!({"ParticipantSmsNumber": "(333) 444-6666", "ShouldAutoDeliverCode": "N"})),
    )
    .await;
    assert_eq!(updated.status(), 200);
    until_shown(&http, &one, "the update", |s| {
        participant(s, "Casey Reed").is_some_and(|p| p["ParticipantSmsNumber"] == "3334446666")
    })
    .await;

    // And a removal through replica one shows through the restarted two.
    let removed = send(
        &http,
        Method::DELETE,
        &format!("{one}/api/participant/{casey}"),
        Some(&write_token()),
        None,
    )
    .await;
    assert_eq!(removed.status(), 204);
    until_shown(&http, &two, "the removal", |s| {
        participant(s, "Casey Reed").is_none()
    })
    .await;
}
