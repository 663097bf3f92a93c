//! The simulator at scale, over HTTP: `--latency` holds answers back, the
//! bench seed (N sessions over H hosts, once), each host's `GET
//! /session/{userId}` listing exactly its own sessions, and the `GET /stats`
//! traffic counters against what the client received.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use participant_manager::simulator::BenchSeed;
use participant_manager::simulator::seed::*;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::sim_harness::*;

/// Long enough to stand out from a debug build's answer on a busy machine.
const LATENCY: Duration = Duration::from_millis(300);

/// How long one request takes, answer body read.
async fn timed(request: reqwest::RequestBuilder) -> (Duration, u16) {
    let started = Instant::now();
    let reply = read(request.send().await.expect("request sent")).await;
    (started.elapsed(), reply.status)
}

#[tokio::test]
async fn the_latency_option_holds_every_answer_back_at_least_that_long() {
    let sim = Sim::start_with(|config| config.latency = LATENCY).await;
    let authorized = |method: Method, path: &str| {
        sim.client
            .request(method, sim.url(path))
            .basic_auth(KEY, Some(SECRET))
    };
    let requests = [
        (authorized(Method::GET, "/session"), 200),
        (
            authorized(Method::GET, &format!("/session/{DEMO_HOST_USER_ID}")),
            200,
        ),
        (
            authorized(Method::POST, &format!("/participant/{DEMO_SESSION_ID}"))
                .json(&guest("Latency Guest")),
            200,
        ),
        (authorized(Method::GET, "/no-such-path"), 404),
        // Refused requests wait too: the delay comes before everything.
        (sim.client.get(sim.url("/user")), 401),
    ];
    for (request, expected) in requests {
        let (elapsed, status) = timed(request).await;
        assert_eq!(status, expected);
        assert!(elapsed >= LATENCY, "{expected}: answered after {elapsed:?}");
    }
}

#[tokio::test]
async fn without_latency_answers_are_not_held_back() {
    let sim = Sim::start().await;
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let request = sim
            .client
            .get(sim.url("/session"))
            .basic_auth(KEY, Some(SECRET));
        let (elapsed, status) = timed(request).await;
        assert_eq!(status, 200);
        fastest = fastest.min(elapsed);
    }
    assert!(fastest < LATENCY, "fastest answer after {fastest:?}");
}

/// The bench sessions of a `GET /session` answer, by ExternalSessionId.
fn bench_sessions(sessions: &[Value]) -> BTreeMap<String, Value> {
    sessions
        .iter()
        .filter_map(|s| {
            let external = s["ExternalSessionId"].as_str()?;
            external
                .starts_with(BENCH_SESSION_PREFIX)
                .then(|| (external.to_owned(), s.clone()))
        })
        .collect()
}

/// N sessions over H hosts: exactly BENCH-1..BENCH-N, round-robin, each
/// with its host first and three guests who will not be sent anything, the
/// ConnectCodes unique; each host's own list is exactly its N/H sessions;
/// and a restart on the same file seeds nothing more.
#[tokio::test]
async fn bench_seeding_spreads_n_sessions_over_h_hosts_once() {
    const SESSIONS: u32 = 120;
    const HOSTS: u32 = 6;
    let sim = Sim::start_with(|config| {
        config.bench = Some(BenchSeed {
            sessions: SESSIONS,
            hosts: HOSTS,
        })
    })
    .await;

    let users = sim.get("/user").await.json();
    let hosts: Vec<&Value> = users
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["ExternalId"]
                .as_str()
                .is_some_and(|id| id.starts_with(BENCH_HOST_PREFIX))
        })
        .collect();
    assert_eq!(hosts.len(), HOSTS as usize);
    let host_ids: Vec<i64> = (1..=HOSTS)
        .map(|k| {
            let host = hosts
                .iter()
                .find(|u| u["ExternalId"] == format!("{BENCH_HOST_PREFIX}{k}"))
                .unwrap_or_else(|| panic!("no bench host {k}"));
            assert_eq!(host["FullName"], format!("Bench Host {k}"));
            // A string on the wire, as SecureVideo writes it.
            host["SystemUserId"]
                .as_str()
                .unwrap()
                .parse::<i64>()
                .unwrap()
        })
        .collect();

    let all = sim.sessions().await;
    assert_eq!(all.len(), SESSIONS as usize + 2, "the demo sessions stay");
    let bench = bench_sessions(&all);
    let expected: BTreeSet<String> = (1..=SESSIONS).map(|n| format!("BENCH-{n}")).collect();
    assert_eq!(bench.keys().cloned().collect::<BTreeSet<_>>(), expected);
    let mut codes = HashSet::new();
    for (n, host_id) in (1..=SESSIONS).zip(host_ids.iter().cycle()) {
        let session = &bench[&format!("BENCH-{n}")];
        assert_eq!(session["UserId"], *host_id, "BENCH-{n}: round-robin");
        let participants = session["Participants"].as_array().unwrap();
        assert_eq!(participants.len(), 4, "BENCH-{n}: host and 3 guests");
        assert_eq!(participants[0]["SecureVideoUserId"], *host_id, "host first");
        let names: HashSet<&str> = participants
            .iter()
            .map(|p| p["ParticipantFullName"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 4, "BENCH-{n}: no name twice");
        for guest in &participants[1..] {
            assert_eq!(guest["SecureVideoUserId"], Value::Null);
            assert_eq!(guest["ShouldAutoDeliverCode"], "N");
            assert!(guest["ParticipantTimeZoneWindowsId"].is_string());
            assert!(
                guest["ParticipantEmailAddress"]
                    .as_str()
                    .unwrap()
                    .ends_with("@example.com")
            );
        }
        assert!(codes.insert(session["ConnectCode"].as_i64().unwrap()));
        for p in participants {
            assert!(codes.insert(p["ConnectCode"].as_i64().unwrap()));
        }
    }
    // Nothing was sent for the bench guests.
    assert!(sim.outbox().await.iter().all(|m| {
        [DEMO_SESSION_ID, DEMO_SECOND_SESSION_ID].contains(&m["SessionId"].as_i64().unwrap())
    }));

    for host_id in &host_ids {
        let own = sim.get(&format!("/session/{host_id}")).await;
        assert_eq!(own.status, 200, "{own:?}");
        let own = own.json();
        let own = own.as_array().unwrap();
        assert_eq!(own.len(), (SESSIONS / HOSTS) as usize, "host {host_id}");
        let listed: Vec<&Value> = all.iter().filter(|s| s["UserId"] == *host_id).collect();
        assert_eq!(own.iter().collect::<Vec<_>>(), listed, "host {host_id}");
    }

    let sim = sim.restart().await;
    assert_eq!(sim.sessions().await.len(), SESSIONS as usize + 2);
    assert_eq!(sim.get("/user").await.json(), users, "no hosts added");
}

/// Every request but `GET /stats` is counted under its method and route
/// template, refused ones too, and its bytes are the body bytes the client
/// received.
#[tokio::test]
async fn stats_count_requests_and_the_bytes_the_client_received() {
    let sim = Sim::start().await;
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut note = |route: &str, reply: &Reply| {
        let entry = expected.entry(route.to_owned()).or_default();
        entry.0 += 1;
        entry.1 += reply.text.len() as u64;
    };
    for _ in 0..3 {
        note("GET /session", &sim.get("/session").await);
    }
    let host = format!("/session/{DEMO_HOST_USER_ID}");
    for _ in 0..2 {
        note("GET /session/{id}", &sim.get(&host).await);
    }
    let added = sim
        .post(
            &format!("/participant/{DEMO_SESSION_ID}"),
            guest("Stats Guest"),
        )
        .await;
    assert_eq!(added.status, 200);
    let stats_guest = participation_id(&added.json(), "Stats Guest");
    note("POST /participant/{id}", &added);
    let removed = sim.delete(&format!("/participant/{stats_guest}")).await;
    assert_eq!(removed.status, 204);
    note("DELETE /participant/{id}", &removed);
    note("GET (no route)", &sim.get("/no-such-path").await);
    let refused = read(sim.client.get(sim.url("/user")).send().await.unwrap()).await;
    assert_eq!(refused.status, 401);
    note("GET /user", &refused);

    for _ in 0..2 {
        let reply = sim.get("/stats").await;
        assert_eq!(reply.status, 200, "{reply:?}");
        let stats = reply.json();
        let counted: BTreeMap<String, (u64, u64)> = stats["Routes"]
            .as_object()
            .unwrap_or_else(|| panic!("no Routes: {stats}"))
            .iter()
            .map(|(route, counts)| {
                let count = |name: &str| counts[name].as_u64().expect(name);
                (route.clone(), (count("Requests"), count("ResponseBytes")))
            })
            .collect();
        // Reading /stats changes nothing, so the second read is the same.
        assert_eq!(counted, expected);
    }
    assert!(expected["GET /session"].1 > 3_000, "{expected:?}");
    assert_eq!(sim.server.traffic().routes.len(), expected.len());

    let unauthenticated = read(sim.client.get(sim.url("/stats")).send().await.unwrap()).await;
    assert_eq!(
        unauthenticated.status, 401,
        "behind Basic auth like the rest"
    );
}

/// The real binary, configured by its options and environment variables:
/// `--latency` and SIMULATOR_SEED_SESSIONS / SIMULATOR_SEED_HOSTS.
#[tokio::test]
async fn the_simulator_command_seeds_bench_sessions_and_holds_answers_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_participant-manager"))
        .args(["simulator", "--listen", "127.0.0.1:0", "--api-key", KEY])
        .args(["--latency", "100ms"])
        .arg("--db")
        .arg(&db)
        .env("SIMULATOR_API_SECRET", SECRET)
        .env("SIMULATOR_SEED_SESSIONS", "30")
        .env("SIMULATOR_SEED_HOSTS", "3")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the simulator binary starts");
    let stdout = child.stdout.take().unwrap();
    let ready = tokio::task::spawn_blocking(move || {
        let mut seeded = None;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(entry) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if entry["fields"]["message"] == "bench sessions seeded" {
                seeded = Some(entry["fields"].clone());
            }
            if let Some(url) = entry["fields"]["url"].as_str() {
                return (url.to_owned(), seeded);
            }
        }
        panic!("the simulator never said where it listens");
    });
    let (base_url, seeded) = tokio::time::timeout(Duration::from_secs(60), ready)
        .await
        .expect("the simulator starts in time")
        .unwrap();
    let seeded = seeded.expect("a log line says what was seeded");
    assert_eq!(
        (seeded["sessions"].clone(), seeded["hosts"].clone()),
        (json!(30), json!(3))
    );

    let client = reqwest::Client::new();
    let started = Instant::now();
    let sessions: Value = client
        .get(format!("{base_url}/session"))
        .basic_auth(KEY, Some(SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(bench_sessions(sessions.as_array().unwrap()).len(), 30);
    let first_host = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ExternalSessionId"] == "BENCH-1")
        .unwrap()["UserId"]
        .clone();
    let own: Value = client
        .get(format!("{base_url}/session/{first_host}"))
        .basic_auth(KEY, Some(SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own.as_array().unwrap().len(), 10);
    child.kill().unwrap();
    child.wait().unwrap();
}
