//! How the proxy finds a request's session (`src/proxy/sessions`), end to
//! end over real HTTP on loopback against the real simulator: what each
//! request costs SecureVideo, and what it sees after changes made
//! elsewhere (straight at the simulator).
//!
//! - Concurrent reads of one session cost one upstream read; polling, and
//!   requests for sessions that do not exist, at most one per max age.
//! - A change made elsewhere shows within the max age.
//! - A stale index (participant removed, session re-created under the
//!   same ExternalSessionId) answers 404 or reaches the new session; never
//!   500, never a change to the old one.
//! - An account whose `GET /session` is over 8 MiB is still served, and a
//!   known host's session is read through that host's list.

use crate::support::proxy_stack as stack;
use crate::support::sessions_stack;

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use participant_manager::proxy::{EmbedClaims, Scope, SessionRef};
use participant_manager::simulator::BenchSeed;
use participant_manager::simulator::seed::{DEMO_GUEST_NAME, DEMO_HOST_USER_ID};
use reqwest::Method;
use serde_json::{Value, json};
use sessions_stack::*;
use stack::*;

/// The simulator's route template for one user's list.
const HOST_LIST: &str = "GET /session/{id}";
const ACCOUNT_LIST: &str = "GET /session";

// ---------------------------------------------------------------------
// 2. One read per max age, however many requests.
// ---------------------------------------------------------------------

async fn get_status(stack: &Stack, path: &str, token: &str) -> u16 {
    stack.get(path, token).await.status().as_u16()
}

#[tokio::test]
async fn a_hundred_concurrent_reads_cost_one_session_read_and_polling_one_per_max_age() {
    let max_age = Duration::from_secs(1);
    let stack = stack_with(max_age, None).await;
    let token = demo_write_token();
    let path = format!("/api/session/{DEMO_SESSION_ID}");

    // A hundred staff (one token each: one token alone may have only its
    // fair share of requests in flight) open the session at once.
    let tokens: Vec<String> = (0..100)
        .map(|n| {
            sign(&EmbedClaims::new(
                format!("staff-{n}"),
                SessionRef::Id(DEMO_SESSION_ID),
                Scope::Read,
                Duration::from_secs(600),
            ))
        })
        .collect();
    let statuses = join_all(tokens.iter().map(|token| get_status(&stack, &path, token))).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(stack.upstream_reads(), 1, "{:?}", stack.simulator.traffic());

    // Five pollers, one request each per 20 ms, for four max ages.
    let window = max_age * 4;
    let before = stack.upstream_reads();
    let started = Instant::now();
    let poller = || async {
        let mut polled = 0;
        while started.elapsed() < window {
            assert_eq!(get_status(&stack, &path, &token).await, 200);
            polled += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        polled
    };
    let polled: usize = join_all((0..5).map(|_| poller())).await.into_iter().sum();
    let elapsed = started.elapsed();
    let reads = stack.upstream_reads() - before;
    let allowed = elapsed.as_secs_f64() / max_age.as_secs_f64();
    assert!(
        reads as f64 <= allowed.ceil() + 1.0,
        "{reads} reads for {polled} requests in {elapsed:?}"
    );
    // The snapshots were refreshed, through the host's list only.
    assert!(reads >= 3, "{reads} reads in {elapsed:?}");
    assert_eq!(stack.upstream_calls_to(ACCOUNT_LIST), 1);
    stack.shutdown().await;
}

/// Five pollers for 3 s, each for a session of its own that does not
/// exist (its token naming `host`, if any); every answer is 404. The
/// session reads it cost, per route, and how long it took.
async fn poll_missing_sessions(stack: &Stack, host: Option<i64>) -> (u64, u64, Duration) {
    let window = Duration::from_secs(3);
    let started = Instant::now();
    let poller = |n: usize| async move {
        let esid = format!("NO-SUCH-{n}");
        let session = SessionRef::External(esid.clone());
        let token = match host {
            Some(host) => token_with_host(session, Scope::Read, host),
            None => token(session, Scope::Read),
        };
        while started.elapsed() < window {
            assert_eq!(get_status(stack, &esid_path(&esid), &token).await, 404);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    join_all((0..5).map(poller)).await;
    (
        stack.upstream_calls_to(ACCOUNT_LIST),
        stack.upstream_calls_to(HOST_LIST),
        started.elapsed(),
    )
}

/// At most one read per max age over `elapsed`, and one more.
fn per_max_age(elapsed: Duration, max_age: Duration) -> u64 {
    (elapsed.as_secs_f64() / max_age.as_secs_f64()).ceil() as u64 + 1
}

#[tokio::test]
async fn requests_for_sessions_nobody_has_cost_one_account_read_per_max_age() {
    let max_age = Duration::from_secs(1);
    let stack = stack_with(max_age, None).await;
    let (account, host, elapsed) = poll_missing_sessions(&stack, None).await;
    assert!(
        account <= per_max_age(elapsed, max_age),
        "{account} in {elapsed:?}"
    );
    assert_eq!(host, 0);
    stack.shutdown().await;
}

/// A widget left open on a cancelled session polls with a token that
/// still names the host: five of them, each on another missing session,
/// cost one read of that host's list per max age between them (a read for
/// one of them answers the others, whose sessions it did not list either).
#[tokio::test]
async fn requests_for_sessions_nobody_has_with_a_host_hint_cost_one_host_read_per_max_age() {
    let max_age = Duration::from_secs(1);
    let stack = stack_with(max_age, None).await;
    let (account, host, elapsed) = poll_missing_sessions(&stack, Some(DEMO_HOST_USER_ID)).await;
    let allowed = per_max_age(elapsed, max_age);
    assert!(account <= allowed, "{account} account reads in {elapsed:?}");
    assert!(host <= allowed, "{host} host reads in {elapsed:?}");
    stack.shutdown().await;
}

/// The EHR creates a session and opens the widget on it at once, with a
/// token naming the host: the host's list is read again for it (not the
/// account's), although that list was read a moment ago for another
/// session and the snapshots are far from their max age.
#[tokio::test]
async fn a_session_created_elsewhere_is_found_at_once_through_the_host_named_by_its_token() {
    let stack = stack_with(Duration::from_secs(30), None).await;
    let hinted = |esid: &str| {
        token_with_host(
            SessionRef::External(esid.into()),
            Scope::Read,
            DEMO_HOST_USER_ID,
        )
    };
    let demo = stack
        .get(
            &esid_path(DEMO_EXTERNAL_SESSION_ID),
            &hinted(DEMO_EXTERNAL_SESSION_ID),
        )
        .await;
    assert_eq!(demo.status(), 200);
    // Asked for before it exists: not there (and remembered as such).
    let early = stack.get(&esid_path("APPT-NEW"), &hinted("APPT-NEW")).await;
    assert_eq!(early.status(), 404);

    let (status, created) = at_simulator(
        &stack,
        Method::POST,
        &format!("/session/{DEMO_HOST_USER_ID}"),
        Some(json!({
            "ScheduleTs": "2030-01-01T15:00:00",
            "ExternalSessionId": "APPT-2002",
            "Participants": [guest("Riley Newman")]
        })),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let host_reads = stack.upstream_calls_to(HOST_LIST);
    let account_reads = stack.upstream_calls_to(ACCOUNT_LIST);
    let found = stack
        .get(&esid_path("APPT-2002"), &hinted("APPT-2002"))
        .await;
    assert_eq!(found.status(), 200);
    assert_eq!(
        found.json::<Value>().await.unwrap()["SessionId"],
        created["SessionId"]
    );
    assert_eq!(stack.upstream_calls_to(HOST_LIST), host_reads + 1);
    assert_eq!(stack.upstream_calls_to(ACCOUNT_LIST), account_reads);
    stack.shutdown().await;
}

// ---------------------------------------------------------------------
// 3. Changes made elsewhere.
// ---------------------------------------------------------------------

#[tokio::test]
async fn a_guest_added_elsewhere_shows_through_the_proxy_within_the_max_age() {
    let max_age = Duration::from_secs(1);
    let stack = stack_with(max_age, None).await;
    let read_at = Instant::now();
    let before = stack.demo_session().await;
    assert!(participant(&before, "Morgan Hale").is_none());

    let (status, _) = at_simulator(
        &stack,
        Method::POST,
        &format!("/participant/{DEMO_SESSION_ID}"),
        Some(guest("Morgan Hale")),
    )
    .await;
    assert_eq!(status, 200);
    let changed_at = Instant::now();

    // Within the max age the snapshot may serve, at no upstream cost.
    let reads = stack.upstream_reads();
    let early = stack.demo_session().await;
    if read_at.elapsed() < max_age / 2 {
        assert!(participant(&early, "Morgan Hale").is_none());
        assert_eq!(stack.upstream_reads(), reads);
    }
    // No later than the max age after the change, it shows.
    loop {
        let session = stack.demo_session().await;
        if participant(&session, "Morgan Hale").is_some() {
            break;
        }
        assert!(
            changed_at.elapsed() < max_age + Duration::from_millis(500),
            "still not shown after {:?}",
            changed_at.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stack.shutdown().await;
}

// ---------------------------------------------------------------------
// 4. A stale index.
// ---------------------------------------------------------------------

#[tokio::test]
async fn a_participant_removed_elsewhere_is_404_for_an_update_or_removal_and_nothing_changes() {
    // A long max age: the proxy's snapshot still has the participant.
    let stack = stack_with(Duration::from_secs(30), None).await;
    let pid = participation_id(&stack.demo_session().await, DEMO_GUEST_NAME);
    let (status, _) =
        at_simulator(&stack, Method::DELETE, &format!("/participant/{pid}"), None).await;
    assert_eq!(status, 204);
    let upstream_before = simulator_session(&stack, DEMO_SESSION_ID).await.unwrap();

    let token = demo_write_token();
    let path = format!("/api/participant/{pid}");
    let update = json!({"ParticipantSmsNumber": "(333) 444-6666", "ShouldAutoDeliverCode": "N"});
    let updated = stack
        .send(Method::PUT, &path, Some(&token), Some(&update))
        .await;
    assert_eq!(updated.status(), 404, "{:?}", updated.text().await);
    let removed = stack.send(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(removed.status(), 404, "{:?}", removed.text().await);

    let upstream_after = simulator_session(&stack, DEMO_SESSION_ID).await.unwrap();
    assert_eq!(upstream_after, upstream_before);
    // And the proxy now shows the session without the participant.
    assert!(participant(&stack.demo_session().await, DEMO_GUEST_NAME).is_none());
    stack.shutdown().await;
}

fn esid_path(esid: &str) -> String {
    format!("/api/session/0?externalSessionId={esid}")
}

#[tokio::test]
async fn a_session_recreated_elsewhere_under_its_external_id_is_reached_by_that_id_and_the_old_id_is_404()
 {
    let max_age = Duration::from_secs(1);
    let stack = stack_with(max_age, None).await;
    let by_esid = token(
        SessionRef::External(DEMO_EXTERNAL_SESSION_ID.into()),
        Scope::Write,
    );
    let by_old_id = demo_write_token();
    let first = stack
        .get(&esid_path(DEMO_EXTERNAL_SESSION_ID), &by_esid)
        .await;
    assert_eq!(first.status(), 200);
    assert_eq!(
        first.json::<Value>().await.unwrap()["SessionId"],
        DEMO_SESSION_ID
    );

    let (status, _) = at_simulator(
        &stack,
        Method::DELETE,
        &format!("/session/{DEMO_SESSION_ID}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, created) = at_simulator(
        &stack,
        Method::POST,
        &format!("/session/{DEMO_HOST_USER_ID}"),
        Some(json!({
            "ScheduleTs": "2030-01-01T15:00:00",
            "ExternalSessionId": DEMO_EXTERNAL_SESSION_ID,
            "Participants": [guest("Riley Newman")]
        })),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let new_id = created["SessionId"].as_i64().unwrap();
    assert_ne!(new_id, DEMO_SESSION_ID);

    let add = format!("/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}");
    // Right away, the snapshot still names the old session: the write
    // may be refused (404, and the snapshot dropped), or land on the new
    // session; it cannot change the old one, which is gone.
    let early = stack
        .send(
            Method::POST,
            &add,
            Some(&by_esid),
            Some(&json!({"ParticipantFullName": "Early Bird"})),
        )
        .await;
    let early_status = early.status().as_u16();
    let early_body: Value = early.json().await.unwrap();
    assert!(
        early_status == 404 || (early_status == 200 && early_body["SessionId"] == new_id),
        "{early_status} {early_body}"
    );

    // After one refresh (at most a max age), the id leads to the new one.
    tokio::time::sleep(max_age + Duration::from_millis(100)).await;
    let now = stack
        .get(&esid_path(DEMO_EXTERNAL_SESSION_ID), &by_esid)
        .await;
    assert_eq!(now.status(), 200);
    assert_eq!(now.json::<Value>().await.unwrap()["SessionId"], new_id);
    let late = stack
        .send(
            Method::POST,
            &add,
            Some(&by_esid),
            Some(&json!({"ParticipantFullName": "Late Comer"})),
        )
        .await;
    assert_eq!(late.status(), 200);
    assert_eq!(late.json::<Value>().await.unwrap()["SessionId"], new_id);
    let upstream = simulator_session(&stack, new_id).await.unwrap();
    assert!(
        names(&upstream).contains(&"Late Comer".to_owned()),
        "{upstream}"
    );
    assert!(simulator_session(&stack, DEMO_SESSION_ID).await.is_none());

    // The old SessionId is gone: 404 for a read and for a change.
    let old = stack
        .get(&format!("/api/session/{DEMO_SESSION_ID}"), &by_old_id)
        .await;
    assert_eq!(old.status(), 404);
    let old_add = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(&by_old_id),
            Some(&json!({"ParticipantFullName": "Nobody Home"})),
        )
        .await;
    assert_eq!(old_add.status(), 404);
    stack.shutdown().await;
}

// ---------------------------------------------------------------------
// 5. A big account.
// ---------------------------------------------------------------------

#[tokio::test]
async fn an_account_list_over_8_mib_is_streamed_and_a_known_hosts_session_is_read_through_its_list()
{
    const HOSTS: u32 = 20;
    let stack = stack_with(
        Duration::from_secs(2),
        Some(BenchSeed {
            sessions: 6_000,
            hosts: HOSTS,
        }),
    )
    .await;
    let read = |esid: String, host: Option<i64>| {
        let session = SessionRef::External(esid.clone());
        let token = match host {
            Some(host) => token_with_host(session, Scope::Read, host),
            None => token(session, Scope::Read),
        };
        let stack = &stack;
        async move {
            let response = stack.get(&esid_path(&esid), &token).await;
            assert_eq!(response.status(), 200, "{esid}");
            let session: Value = response.json().await.unwrap();
            assert_eq!(session["ExternalSessionId"], esid.as_str());
        }
    };

    // A token naming the host: its list, not the account's.
    let host_5 = bench_host(&stack, 5).await;
    read("BENCH-5".to_owned(), Some(host_5)).await;
    assert_eq!(stack.upstream_calls_to(HOST_LIST), 1);
    assert_eq!(stack.upstream_calls_to(ACCOUNT_LIST), 0);

    // Without a hint: the account's list, streamed.
    read("BENCH-17".to_owned(), None).await;
    let traffic = stack.simulator.traffic();
    let account = &traffic.routes[ACCOUNT_LIST];
    assert_eq!(account.requests, 1);
    assert!(
        account.response_bytes > 8 << 20,
        "the list is only {} bytes",
        account.response_bytes
    );
    assert_eq!(stack.upstream_calls_to(HOST_LIST), 1);

    // Another session of the same host: the index knows it and its host.
    read(format!("BENCH-{}", 17 + HOSTS), None).await;
    assert_eq!(stack.upstream_calls_to(ACCOUNT_LIST), 1);
    assert_eq!(stack.upstream_calls_to(HOST_LIST), 2);
    stack.shutdown().await;
}

/// The UserId of bench host `k`, from the simulator's user list.
async fn bench_host(stack: &Stack, k: u32) -> i64 {
    let (status, users) = at_simulator(stack, Method::GET, "/user", None).await;
    assert_eq!(status, 200);
    let external = format!("BENCH-HOST-{k}");
    let user = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["ExternalId"] == external.as_str())
        .unwrap_or_else(|| panic!("no user {external}"));
    let id = &user["SystemUserId"];
    id.as_i64()
        .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
        .unwrap()
}
