//! The circuit breaker and the in-flight limit, against a real proxy in
//! front of a fault-injecting upstream on loopback.
//!
//! - After N consecutive failures the proxy answers 503 (with Retry-After)
//!   in under 10 ms, with no upstream call; after the cool-down exactly one
//!   probe goes through while other requests still get 503; its success
//!   closes the breaker, its failure opens it again.
//! - With every in-flight slot held by a hanging upstream, a call waits a
//!   bounded time and gets 503 without a call, and `/healthz` stays fast.

use crate::support::fault_harness as harness;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use crate::support::upstream::{Fault, Upstream};
use harness::*;
use participant_manager::proxy::{Scope, SessionRef, UpstreamPolicy};

// ------------------------------------------------------- circuit breaker

fn breaker_policy(threshold: u32, cooldown: Duration) -> UpstreamPolicy {
    UpstreamPolicy {
        breaker_threshold: threshold,
        breaker_cooldown: cooldown,
        ..policy()
    }
}

#[tokio::test]
async fn after_n_consecutive_failures_the_breaker_answers_503_at_once_without_a_call() {
    let _serial = serial().await;
    // SecureVideo hangs for an hour; each call gives up at the 300 ms
    // deadline (a timeout leaves no time for a retry).
    let upstream = Upstream::start(|_, _| Fault::Hang).await;
    let proxy = proxy(
        &upstream.base_url,
        Duration::from_millis(300),
        breaker_policy(3, Duration::from_secs(30)),
    )
    .await;
    let http = reqwest::Client::new();
    for _ in 0..3 {
        assert_fixed_error(&read_session(&http, &proxy).await, 504);
    }
    assert_eq!(upstream.reads(), 3);

    let mut fastest = Duration::MAX;
    for _ in 0..5 {
        let answer = read_session(&http, &proxy).await;
        assert_fixed_error(&answer, 503);
        let retry_after: u64 = answer.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=30).contains(&retry_after), "{retry_after}");
        // Far below the deadline, let alone the hang: no network wait.
        assert!(
            answer.elapsed < Duration::from_millis(100),
            "{:?}",
            answer.elapsed
        );
        fastest = fastest.min(answer.elapsed);
    }
    assert!(fastest < Duration::from_millis(10), "{fastest:?}");
    // A change is refused at its read the same way.
    assert_fixed_error(&change(&http, &proxy, "POST").await, 503);
    assert_eq!(upstream.requests().len(), 3, "a call went upstream");
    drop(proxy);
}

/// 0: answer 500 at once; 1: answer the sessions after 1 s (a slow probe);
/// 2: answer the sessions at once.
async fn switchable_upstream(mode: Arc<AtomicU8>) -> Upstream {
    Upstream::start(move |_, _| match mode.load(Ordering::SeqCst) {
        0 => Fault::Reply(failing(500)),
        1 => Fault::Reply(sessions_reply().after(Duration::from_secs(1))),
        _ => Fault::Reply(sessions_reply()),
    })
    .await
}

#[tokio::test]
async fn after_the_cooldown_a_single_probe_goes_through_and_its_success_closes_the_breaker() {
    let _serial = serial().await;
    let mode = Arc::new(AtomicU8::new(0));
    let upstream = switchable_upstream(mode.clone()).await;
    let cooldown = Duration::from_millis(300);
    let proxy = proxy(
        &upstream.base_url,
        Duration::from_secs(5),
        breaker_policy(1, cooldown),
    )
    .await;
    let http = reqwest::Client::new();

    // One failure opens it; the read's retry is refused by the breaker.
    assert_fixed_error(&read_session(&http, &proxy).await, 502);
    assert_eq!(upstream.reads(), 1);
    assert_fixed_error(&read_session(&http, &proxy).await, 503);
    assert_eq!(upstream.reads(), 1);

    // After the cool-down, one slow probe goes through...
    mode.store(1, Ordering::SeqCst);
    tokio::time::sleep(cooldown + Duration::from_millis(100)).await;
    let probe = {
        let (http, url) = (http.clone(), proxy.base_url());
        tokio::spawn(async move {
            http.get(format!("{url}/api/session/{SESSION_ID}"))
                .bearer_auth(stack::token(SessionRef::Id(SESSION_ID), Scope::Write))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    };
    assert!(upstream.requests_within(2, Duration::from_secs(2)).await);
    // ...while every other call during half-open gets 503 at once (here
    // reads of other hosts' sessions)...
    let other_host = |host: i64| {
        let (http, url) = (http.clone(), proxy.base_url());
        async move {
            let started = Instant::now();
            let response = http
                .get(format!("{url}/api/session/{SESSION_ID}"))
                .bearer_auth(stack::token_with_host(
                    SessionRef::Id(SESSION_ID),
                    Scope::Write,
                    host,
                ))
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), started.elapsed())
        }
    };
    let others = tokio::join!(other_host(701), other_host(702), other_host(703));
    for (status, elapsed) in [others.0, others.1, others.2] {
        assert_eq!(status, 503);
        assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    }
    // ...and requests that need the probe's own read share it.
    // (With a max age of 0, a read that began before they arrived is not
    // fresh enough for them: once it closed the breaker, they share one
    // more read of the session's host list, which the breaker now lets
    // through.)
    let sharing = tokio::join!(read_session(&http, &proxy), read_session(&http, &proxy));
    assert_eq!((sharing.0.status, sharing.1.status), (200, 200));
    assert_eq!(probe.await.unwrap(), 200);
    let reads = upstream.reads();
    assert!((3..=4).contains(&reads), "{reads} reads");

    // The probe's success closed it.
    mode.store(2, Ordering::SeqCst);
    assert_eq!(read_session(&http, &proxy).await.status, 200);
    assert_eq!(upstream.reads(), reads + 1);
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_failed_probe_opens_the_breaker_again() {
    let _serial = serial().await;
    let mode = Arc::new(AtomicU8::new(0));
    let upstream = switchable_upstream(mode.clone()).await;
    let cooldown = Duration::from_millis(300);
    let proxy = proxy(
        &upstream.base_url,
        Duration::from_secs(5),
        breaker_policy(1, cooldown),
    )
    .await;
    let http = reqwest::Client::new();

    assert_fixed_error(&read_session(&http, &proxy).await, 502);
    tokio::time::sleep(cooldown + Duration::from_millis(100)).await;
    // The probe fails: exactly one call, and the breaker is open again.
    assert_fixed_error(&read_session(&http, &proxy).await, 502);
    assert_eq!(upstream.reads(), 2);
    assert_fixed_error(&read_session(&http, &proxy).await, 503);
    assert_eq!(upstream.reads(), 2);

    mode.store(2, Ordering::SeqCst);
    tokio::time::sleep(cooldown + Duration::from_millis(100)).await;
    assert_eq!(read_session(&http, &proxy).await.status, 200);
    assert_eq!(read_session(&http, &proxy).await.status, 200);
    assert_eq!(upstream.reads(), 4);
    proxy.shutdown().await;
}

// ------------------------------------------------------- in-flight limit

#[tokio::test]
async fn with_every_slot_held_by_a_hanging_upstream_calls_wait_a_bounded_time_and_healthz_stays_fast()
 {
    let _serial = serial().await;
    let upstream = Upstream::start(|_, _| Fault::Hang).await;
    let queue_wait = Duration::from_millis(200);
    let proxy = proxy(
        &upstream.base_url,
        Duration::from_secs(30),
        UpstreamPolicy {
            max_in_flight: 2,
            queue_wait,
            ..policy()
        },
    )
    .await;
    let http = reqwest::Client::new();

    // Two pages' reads (of two hosts' lists: one read of a list is shared
    // by every request that needs it) take both slots and hang.
    let mut hanging = Vec::new();
    for (session, host) in [(SESSION_ID + 1, 501), (SESSION_ID + 2, 502)] {
        let (http, url) = (http.clone(), proxy.base_url());
        hanging.push(tokio::spawn(async move {
            let _ = http
                .get(format!("{url}/api/session/{session}"))
                .bearer_auth(stack::token_with_host(
                    SessionRef::Id(session),
                    Scope::Write,
                    host,
                ))
                .send()
                .await;
        }));
    }
    assert!(upstream.requests_within(2, Duration::from_secs(5)).await);

    // The process itself answers at once.
    for _ in 0..5 {
        let started = Instant::now();
        let response = http
            .get(format!("{}/healthz", proxy.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "{:?}",
            started.elapsed()
        );
    }

    // A third page's call waits for a slot, then gets 503 without a call.
    let answer = read_session(&http, &proxy).await;
    assert_fixed_error(&answer, 503);
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(answer.elapsed >= queue_wait, "{:?}", answer.elapsed);
    assert!(
        answer.elapsed < Duration::from_secs(2),
        "{:?}",
        answer.elapsed
    );
    assert_eq!(upstream.requests().len(), 2);

    for task in hanging {
        task.abort();
    }
    drop(proxy);
}

#[tokio::test]
async fn one_token_holds_at_most_a_quarter_of_the_upstream_slots_while_others_get_through() {
    let _serial = serial().await;
    let upstream = Upstream::start(|_, _| Fault::Hang).await;
    let proxy = proxy(
        &upstream.base_url,
        Duration::from_secs(30),
        UpstreamPolicy {
            max_in_flight: 8,
            ..policy()
        },
    )
    .await;
    let http = reqwest::Client::new();
    let read = |session: i64, host: i64| {
        let (http, url) = (http.clone(), proxy.base_url());
        async move {
            let started = Instant::now();
            let response = http
                .get(format!("{url}/api/session/{session}"))
                .bearer_auth(stack::token_with_host(
                    SessionRef::Id(session),
                    Scope::Write,
                    host,
                ))
                .send()
                .await
                .unwrap();
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            (response.status().as_u16(), retry_after, started.elapsed())
        }
    };
    // One page's token (its share is 8 / 4 = 2) has two calls hanging (two
    // hosts' lists, so two calls)...
    let hanging: Vec<_> = [501, 502]
        .into_iter()
        .map(|host| tokio::spawn(read(SESSION_ID, host)))
        .collect();
    assert!(upstream.requests_within(2, Duration::from_secs(5)).await);
    // ...so its third request is refused at once, without a call...
    let (status, retry_after, elapsed) = read(SESSION_ID, 503).await;
    assert_eq!(status, 429);
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert!(elapsed < Duration::from_millis(500), "{elapsed:?}");
    assert_eq!(upstream.requests().len(), 2);
    // ...while another page's token still reaches SecureVideo.
    let other = tokio::spawn(read(SESSION_ID + 1, 504));
    assert!(upstream.requests_within(3, Duration::from_secs(5)).await);
    other.abort();
    for task in hanging {
        task.abort();
    }
    drop(proxy);
}
