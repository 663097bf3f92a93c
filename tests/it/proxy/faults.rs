//! The upstream fault table: how the proxy behaves when SecureVideo
//! misbehaves. Each row drives a real proxy in front of a fault-injecting
//! server on loopback (`support/upstream.rs`) and checks three things:
//! what the widget receives (status, headers, body), how many requests
//! reached the upstream (counted by method and path), and that the error
//! body is the fixed shape `{"Message", "RequestId"}` with no upstream text.
//!
//! A change is preceded by one `GET /session` read (to find the session and
//! run the session checks): the read may be retried; the change itself is
//! sent again only when its connection was refused (nothing was sent).
//!
//! Timed bounds are the issue's own (deadline + 100 ms); the rest are loose
//! enough for a loaded machine. The circuit breaker and the in-flight limit
//! are in `proxy::breaker`.

use crate::support::fault_harness as harness;

use std::sync::Arc;
use std::time::Duration;

use crate::support::upstream::{Fault, Options, Reply, Upstream};
use harness::*;
use participant_manager::proxy::UpstreamPolicy;
use serde_json::Value;
use tokio::sync::Notify;

// ------------------------------------------------- 200s that are not answers

#[tokio::test]
async fn a_200_with_invalid_json_or_html_is_a_502_after_one_attempt() {
    let _serial = serial().await;
    let bodies = [
        (
            "application/json",
            format!("[{{\"SessionId\": 55, \"{CANARY}\""),
        ),
        (
            "text/html",
            format!("<html><body>{CANARY} maintenance</body></html>"),
        ),
    ];
    for (content_type, body) in bodies {
        let upstream = Upstream::start(move |_, _| {
            Fault::Reply(Reply::raw(200, content_type, body.clone().into_bytes()))
        })
        .await;
        let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
        let answer = read_session(&reqwest::Client::new(), &proxy).await;
        assert_fixed_error(&answer, 502);
        assert_eq!(upstream.reads(), 1, "{content_type}");
        assert_eq!(upstream.requests().len(), 1);
        proxy.shutdown().await;
    }
}

#[tokio::test]
async fn a_session_list_over_the_change_answer_cap_is_streamed_and_served() {
    let _serial = serial().await;
    // 9 MiB of sessions (a big group practice's account), over the 8 MiB
    // that a change's answer may have: the list is parsed as it arrives,
    // so its size never turns into a 502. The session asked for is last.
    let mut big = String::from("[");
    let mut id = 100_000;
    while big.len() < 9 * 1024 * 1024 {
        id += 1;
        big.push_str(&format!(
            "{{\"SessionId\":{id},\"ScheduleTs\":\"2030-01-01T15:00:00\",\"UserId\":{},\
             \"Notes\":\"{CANARY}\",\"Participants\":[]}},",
            1000 + id % 50
        ));
    }
    let wanted = sessions()[0].to_string();
    big.push_str(&wanted);
    big.push(']');
    let big = big.into_bytes();
    let upstream =
        Upstream::start(move |_, _| Fault::Reply(Reply::raw(200, "application/json", big.clone())))
            .await;
    let proxy = proxy(&upstream.base_url, Duration::from_secs(10), policy()).await;
    let answer = read_session(&reqwest::Client::new(), &proxy).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["SessionId"], SESSION_ID);
    assert!(!answer.text.contains(CANARY));
    assert_eq!(upstream.reads(), 1);
    proxy.shutdown().await;
}

#[tokio::test]
async fn an_endless_answer_to_a_change_is_cut_off_at_the_cap_with_a_502_long_before_the_deadline() {
    let _serial = serial().await;
    let upstream = Upstream::start(|seen, _| match seen.method.as_str() {
        "GET" => Fault::Reply(Reply::json(200, sessions())),
        _ => Fault::EndlessBody,
    })
    .await;
    let deadline = Duration::from_secs(20);
    let proxy = proxy(&upstream.base_url, deadline, policy()).await;
    let answer = change(&reqwest::Client::new(), &proxy, "POST").await;
    // A 504 would mean it kept reading until the deadline.
    assert_fixed_error(&answer, 502);
    assert!(answer.elapsed < deadline / 2, "{:?}", answer.elapsed);
    assert_eq!(upstream.reads(), 1);
    assert_eq!(upstream.count("POST", "/participant/55"), 1);
    // The proxy hung up: the stream ended, after about the cap (plus what
    // the socket buffers hold), not the 1 GiB safety stop.
    assert!(upstream.stream_ended_within(Duration::from_secs(5)).await);
    let streamed = upstream.streamed_bytes();
    assert!(
        (8 << 20..64 << 20).contains(&streamed),
        "{streamed} bytes streamed"
    );
    proxy.shutdown().await;
}

// ------------------------------------------------------ 401/403: our key

#[tokio::test]
async fn securevideo_refusing_our_credentials_is_a_502_and_an_operator_alert() {
    let _serial = serial().await;
    for status in [401, 403] {
        let logs = Logs::default();
        let _scope = logs.capture();

        let upstream = Upstream::start(move |_, _| Fault::Reply(failing(status))).await;
        let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
        let answer = read_session(&reqwest::Client::new(), &proxy).await;
        assert_fixed_error(&answer, 502);
        // Not retried: a wrong key stays wrong.
        assert_eq!(upstream.reads(), 1);
        proxy.shutdown().await;

        let lines = logs.lines();
        let alerts: Vec<&Value> = lines
            .iter()
            .filter(|line| line["fields"]["alert"] == "upstream_credentials_rejected")
            .collect();
        assert_eq!(alerts.len(), 1, "{lines:#?}");
        assert_eq!(alerts[0]["level"], "ERROR");
        assert_eq!(alerts[0]["fields"]["status"], status);
        let all = format!("{lines:?}");
        assert!(!all.contains(CANARY), "upstream text logged: {all}");
    }
}

// ------------------------------------------------------------ 429: slow down

#[tokio::test]
async fn a_429_is_a_503_with_the_retry_after_passed_on_and_capped() {
    let _serial = serial().await;
    for (sent, passed_on) in [("7", "7"), ("86400", "120"), ("soon", "10")] {
        let upstream =
            Upstream::start(move |_, _| Fault::Reply(failing(429).header("retry-after", sent)))
                .await;
        let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
        let answer = read_session(&reqwest::Client::new(), &proxy).await;
        assert_fixed_error(&answer, 503);
        assert_eq!(answer.header("retry-after"), Some(passed_on), "{sent}");
        assert_eq!(upstream.reads(), 1);
        proxy.shutdown().await;
    }
}

// ----------------------------------------------------------------- 5xx

#[tokio::test]
async fn a_5xx_to_a_read_is_tried_three_times_with_growing_backoff_within_the_deadline() {
    let _serial = serial().await;
    let upstream = Upstream::start(|_, _| Fault::Reply(failing(503))).await;
    let base = Duration::from_millis(60);
    let deadline = Duration::from_secs(10);
    let proxy = proxy(
        &upstream.base_url,
        deadline,
        UpstreamPolicy {
            retry_backoff: base,
            ..policy()
        },
    )
    .await;
    let answer = read_session(&reqwest::Client::new(), &proxy).await;
    assert_fixed_error(&answer, 502);
    let arrivals = upstream.read_arrivals();
    assert_eq!(arrivals.len(), 3);
    // Backoffs: [base, 2 base) then [2 base, 4 base), jittered.
    let first = arrivals[1] - arrivals[0];
    let second = arrivals[2] - arrivals[1];
    assert!(first >= base, "{first:?}");
    assert!(second >= base * 2, "{second:?}");
    assert!(answer.elapsed < deadline, "{:?}", answer.elapsed);
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_read_that_fails_twice_and_then_succeeds_is_a_200() {
    let _serial = serial().await;
    let upstream = Upstream::start(|_, earlier| {
        if earlier < 2 {
            Fault::Reply(failing(500))
        } else {
            Fault::Reply(sessions_reply())
        }
    })
    .await;
    let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
    let answer = read_session(&reqwest::Client::new(), &proxy).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["SessionId"], SESSION_ID);
    assert_eq!(upstream.reads(), 3);
    proxy.shutdown().await;
}

#[tokio::test]
async fn no_retry_of_a_read_starts_that_would_end_past_the_deadline() {
    let _serial = serial().await;
    let upstream = Upstream::start(|_, _| Fault::Reply(failing(500))).await;
    let deadline = Duration::from_millis(400);
    // First backoff 300..600 ms, second 600..1200 ms: at most one fits.
    let proxy = proxy(
        &upstream.base_url,
        deadline,
        UpstreamPolicy {
            retry_backoff: Duration::from_millis(300),
            ..policy()
        },
    )
    .await;
    let answer = read_session(&reqwest::Client::new(), &proxy).await;
    assert_fixed_error(&answer, 502);
    let attempts = upstream.reads();
    assert!((1..=2).contains(&attempts), "{attempts} attempts");
    assert!(
        answer.elapsed < deadline + Duration::from_millis(100),
        "{:?}",
        answer.elapsed
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_5xx_to_a_change_is_never_sent_again_while_the_read_before_it_may_be() {
    let _serial = serial().await;
    for (method, path) in CHANGES {
        // The read fails once and is retried; the change fails and is not.
        let upstream = Upstream::start(|request, earlier| {
            if request.method == "GET" && earlier == 0 {
                Fault::Reply(failing(500))
            } else if request.method == "GET" {
                Fault::Reply(sessions_reply())
            } else {
                Fault::Reply(failing(500))
            }
        })
        .await;
        let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
        let answer = change(&reqwest::Client::new(), &proxy, method).await;
        assert_fixed_error(&answer, 502);
        assert_eq!(upstream.reads(), 2, "{method}");
        assert_eq!(upstream.count(method, path), 1, "{method}");
        assert_eq!(upstream.requests().len(), 3, "{method}");
        proxy.shutdown().await;
    }
}

// ------------------------------------------------- refused, reset, silent

/// The proxy's own account of an attempt whose connection was refused:
/// the retry loop's line for `endpoint`.
fn refused_attempt(endpoint: &'static str) -> impl Fn(&Value) -> bool {
    move |line| {
        line["fields"]["message"] == "SecureVideo call failed; retrying"
            && line["fields"]["endpoint"] == endpoint
            && line["fields"]["upstream_error"] == "SecureVideo could not be reached"
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_a_read() {
    let _serial = serial().await;
    let logs = Logs::default();
    let _scope = logs.capture();
    // The port refuses connections until the proxy has logged a refused
    // attempt; then it listens, and the retry (200..400 ms later) gets in.
    let open = Arc::new(Notify::new());
    let upstream = Upstream::start_with(
        Options {
            closed_until: Some(open.clone()),
            ..Options::default()
        },
        |_, _| Fault::Reply(sessions_reply()),
    )
    .await;
    let proxy = proxy(
        &upstream.base_url,
        Duration::from_secs(5),
        UpstreamPolicy {
            retry_backoff: Duration::from_millis(200),
            ..policy()
        },
    )
    .await;
    let opener = async {
        let refused = logs.wait_for(refused_attempt("GET /session")).await;
        open.notify_one();
        refused
    };
    let http = reqwest::Client::new();
    let (answer, refused) = tokio::join!(read_session(&http, &proxy), opener);
    assert!(refused, "no refused attempt logged: {:#?}", logs.lines());
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(upstream.reads(), 1);
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_a_change_since_nothing_was_sent() {
    let _serial = serial().await;
    for (method, path) in CHANGES {
        let logs = Logs::default();
        let _scope = logs.capture();
        // The session read is answered after the listener has closed, so
        // the change's first connection is refused; the port listens again
        // once the proxy has logged that refusal.
        let reopen = Arc::new(Notify::new());
        let upstream = {
            let reopen = reopen.clone();
            Upstream::start(move |request, _| {
                if request.method == "GET" {
                    Fault::ReplyThenRefuse {
                        reply: sessions_reply(),
                        reopen: reopen.clone(),
                    }
                } else {
                    Fault::Reply(change_success(method))
                }
            })
            .await
        };
        let proxy = proxy(
            &upstream.base_url,
            Duration::from_secs(5),
            UpstreamPolicy {
                retry_backoff: Duration::from_millis(200),
                ..policy()
            },
        )
        .await;
        let endpoint = match method {
            "POST" => "POST /participant/{id}",
            "PUT" => "PUT /participant/{id}",
            _ => "DELETE /participant/{id}",
        };
        let opener = async {
            let refused = logs.wait_for(refused_attempt(endpoint)).await;
            reopen.notify_one();
            refused
        };
        let http = reqwest::Client::new();
        let (answer, refused) = tokio::join!(change(&http, &proxy, method), opener);
        assert!(refused, "{method}: no refused attempt logged");
        assert!(
            answer.status == 200 || answer.status == 204,
            "{method}: {} {}",
            answer.status,
            answer.text
        );
        assert_eq!(upstream.reads(), 1, "{method}");
        assert_eq!(upstream.count(method, path), 1, "{method}");
        proxy.shutdown().await;
    }
}

#[tokio::test]
async fn a_connection_reset_after_a_change_was_sent_is_a_502_after_one_attempt() {
    let _serial = serial().await;
    for (method, path) in CHANGES {
        let upstream = Upstream::start(|request, _| {
            if request.method == "GET" {
                Fault::Reply(sessions_reply())
            } else {
                Fault::Reset
            }
        })
        .await;
        let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
        let answer = change(&reqwest::Client::new(), &proxy, method).await;
        assert_fixed_error(&answer, 502);
        // The fake read the whole change before resetting: it arrived once.
        let changes: Vec<_> = upstream
            .requests()
            .into_iter()
            .filter(|r| r.method == method)
            .collect();
        assert_eq!(changes.len(), 1, "{method}");
        assert_eq!(changes[0].path, path);
        assert_eq!(upstream.reads(), 1, "{method}");
        proxy.shutdown().await;
    }
}

#[tokio::test]
async fn a_reset_read_is_retried() {
    let _serial = serial().await;
    let upstream = Upstream::start(|_, earlier| {
        if earlier == 0 {
            Fault::Reset
        } else {
            Fault::Reply(sessions_reply())
        }
    })
    .await;
    let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
    let answer = read_session(&reqwest::Client::new(), &proxy).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(upstream.reads(), 2);
    proxy.shutdown().await;
}

#[tokio::test]
async fn an_upstream_that_accepts_and_never_answers_is_a_504_within_the_deadline() {
    let _serial = serial().await;
    let deadline = Duration::from_millis(500);
    let slack = Duration::from_millis(100);
    let http = reqwest::Client::new();

    let upstream = Upstream::start(|_, _| Fault::Hang).await;
    let silent = proxy(&upstream.base_url, deadline, policy()).await;
    let answer = read_session(&http, &silent).await;
    assert_fixed_error(&answer, 504);
    assert!(answer.elapsed >= deadline, "{:?}", answer.elapsed);
    assert!(answer.elapsed < deadline + slack, "{:?}", answer.elapsed);
    assert_eq!(upstream.reads(), 1);
    // Not shut down gracefully: that would wait for the hanging calls.
    drop(silent);

    // A change that is never answered: 504, sent once.
    let upstream = Upstream::start(|request, _| {
        if request.method == "GET" {
            Fault::Reply(sessions_reply())
        } else {
            Fault::Hang
        }
    })
    .await;
    let proxy = proxy(&upstream.base_url, deadline, policy()).await;
    let answer = change(&http, &proxy, "POST").await;
    assert_fixed_error(&answer, 504);
    assert!(answer.elapsed < deadline + slack, "{:?}", answer.elapsed);
    assert_eq!(upstream.count("POST", "/participant/55"), 1);
}

#[tokio::test]
async fn a_redirect_to_another_host_is_a_502_and_nothing_reaches_that_host() {
    let _serial = serial().await;
    let elsewhere = Upstream::start(|_, _| Fault::Reply(sessions_reply())).await;
    let target = elsewhere.base_url.clone();
    let upstream = Upstream::start(move |request, earlier| {
        let moved = |status| {
            Fault::Reply(
                Reply::empty(status).header("location", &format!("{target}{}", request.path)),
            )
        };
        match (request.method.as_str(), request.path.as_str()) {
            // The first read is redirected; then a read is answered and
            // the change redirected (307 keeps the method and body).
            ("GET", _) if earlier == 0 => moved(302),
            ("GET", _) => Fault::Reply(sessions_reply()),
            _ => moved(307),
        }
    })
    .await;
    let proxy = proxy(&upstream.base_url, Duration::from_secs(5), policy()).await;
    let http = reqwest::Client::new();

    let answer = read_session(&http, &proxy).await;
    assert_fixed_error(&answer, 502);
    assert_eq!(upstream.reads(), 1);

    let answer = change(&http, &proxy, "POST").await;
    assert_fixed_error(&answer, 502);
    assert_eq!(upstream.count("POST", "/participant/55"), 1);

    // Nothing reached the other host: no connection, no request, so no
    // credentials either.
    assert_eq!(elsewhere.connections(), 0);
    assert!(elsewhere.requests().is_empty());
    assert!(upstream.requests().iter().all(|r| {
        r.authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Basic "))
    }));
    proxy.shutdown().await;
}
