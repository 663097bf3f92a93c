//! Limits at the edge, over real HTTP on loopback: bodies over 16 KiB get
//! 413 whether their length is declared or chunked; the rate limit answers
//! 429 with Retry-After per token (its actor and session) and per client
//! address, forged forwarding headers do not get around it, and the
//! defaults let the load test's rate through.

use crate::support::proxy_stack as stack;
use crate::support::upstream as fake;

use std::time::Duration;

use participant_manager::proxy::edge::RateLimitSettings;
use participant_manager::proxy::{
    self, AppState, EdgeSettings, MAX_BODY_BYTES, RunningProxy, Scope, SessionRef,
};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SESSION_ID: i64 = 36201;

async fn proxy_with(base_url: &str, rate_limit: RateLimitSettings) -> RunningProxy {
    let state = stack::state_for(base_url, "k", "s", Duration::from_secs(2), &[]);
    // Every request that gets through reads SecureVideo, so a limited one
    // that did would be counted.
    let state = AppState::with_sessions(
        state.upstream().clone(),
        state.authenticator().clone(),
        vec![],
        stack::always_read(),
    );
    let edge = EdgeSettings {
        rate_limit,
        ..EdgeSettings::default()
    };
    proxy::start_with(state, stack::loopback(), &edge)
        .await
        .unwrap()
}

/// A proxy in front of a fake SecureVideo holding one session.
async fn proxy_and_upstream(rate_limit: RateLimitSettings) -> (RunningProxy, fake::Upstream) {
    let upstream = fake::Upstream::answering(|_| {
        fake::Reply::json(200, fake::one_session(SESSION_ID, "APPT-9", "guest-1"))
    })
    .await;
    (proxy_with(&upstream.base_url, rate_limit).await, upstream)
}

fn token_for(actor: &str, ttl_secs: u64) -> String {
    stack::sign(&participant_manager::proxy::EmbedClaims::new(
        actor,
        SessionRef::Id(SESSION_ID),
        Scope::Read,
        Duration::from_secs(ttl_secs),
    ))
}

/// A JSON body of exactly `len` bytes.
fn body_of(len: usize) -> String {
    let frame = r#"{"ParticipantFullName": ""}"#;
    let mut body = String::from(r#"{"ParticipantFullName": ""#);
    body.push_str(&"x".repeat(len - frame.len()));
    body.push_str(r#""}"#);
    assert_eq!(body.len(), len);
    body
}

async fn post_with_length(proxy: &RunningProxy, body: String) -> StatusCode {
    reqwest::Client::new()
        .post(format!(
            "{}/api/participant/{}",
            proxy.base_url(),
            stack::DEMO_SESSION_ID
        ))
        .bearer_auth(stack::demo_write_token())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

/// Sends `body` with `Transfer-Encoding: chunked` in 1 KiB chunks over raw
/// TCP (no length declared up front) and returns the status line.
async fn post_chunked(proxy: &RunningProxy, body: String) -> String {
    let mut stream = tokio::net::TcpStream::connect(proxy.addr()).await.unwrap();
    let head = format!(
        "POST /api/participant/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        stack::DEMO_SESSION_ID,
        stack::demo_write_token()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.as_bytes().chunks(1024) {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(chunk);
        framed.extend_from_slice(b"\r\n");
        // The server may answer and stop reading before the end.
        if stream.write_all(&framed).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut received = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut received))
        .await
        .expect("no answer")
        .unwrap();
    let text = String::from_utf8_lossy(&received[..n]).into_owned();
    text.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_body_over_16_kib_with_a_content_length_gets_413() {
    let proxy = proxy_with(&stack::closed_port_url(), RateLimitSettings::off()).await;
    assert_eq!(MAX_BODY_BYTES, 16 * 1024);
    assert_eq!(
        post_with_length(&proxy, body_of(MAX_BODY_BYTES + 1)).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // Exactly 16 KiB is read and checked (the name is too long): 400.
    assert_eq!(
        post_with_length(&proxy, body_of(MAX_BODY_BYTES)).await,
        StatusCode::BAD_REQUEST
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_chunked_body_over_16_kib_gets_413() {
    let proxy = proxy_with(&stack::closed_port_url(), RateLimitSettings::off()).await;
    assert_eq!(
        post_chunked(&proxy, body_of(MAX_BODY_BYTES + 1)).await,
        "HTTP/1.1 413 Payload Too Large"
    );
    assert_eq!(
        post_chunked(&proxy, body_of(MAX_BODY_BYTES)).await,
        "HTTP/1.1 400 Bad Request"
    );
    proxy.shutdown().await;
}

async fn get_session(
    proxy: &RunningProxy,
    token: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .get(format!("{}/api/session/{SESSION_ID}", proxy.base_url()))
        .bearer_auth(token);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

async fn assert_limited(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "Retry-After: {retry_after}");
    let body: Value = response.json().await.unwrap();
    assert!(body["Message"].is_string(), "{body}");
    assert!(body["RequestId"].is_string(), "{body}");
}

#[tokio::test]
async fn a_token_over_its_rate_gets_429_with_retry_after_while_other_actors_pass() {
    // 2 requests/s, bursts of 4; no address limit.
    let (proxy, upstream) = proxy_and_upstream(RateLimitSettings {
        per_token: 2,
        per_address: 0,
        limit_loopback: true,
    })
    .await;
    let token = token_for("staff-1", 600);
    for _ in 0..4 {
        assert_eq!(get_session(&proxy, &token, &[]).await.status(), 200);
    }
    assert_limited(get_session(&proxy, &token, &[]).await).await;
    assert_eq!(
        upstream.requests().len(),
        4,
        "a limited request went upstream"
    );

    // A fresh token for the same actor and session is the same caller.
    let fresh = token_for("staff-1", 900);
    assert_ne!(fresh, token);
    assert_limited(get_session(&proxy, &fresh, &[]).await).await;
    // Another actor has a bucket of its own.
    let other = token_for("staff-2", 600);
    assert_eq!(get_session(&proxy, &other, &[]).await.status(), 200);

    // The bucket refills at the rate.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(get_session(&proxy, &token, &[]).await.status(), 200);
    proxy.shutdown().await;
}

#[tokio::test]
async fn an_address_over_its_rate_gets_429_whatever_forwarding_headers_it_forges() {
    // 2 requests/s per address, bursts of 4, loopback included; no token
    // limit, and every request with a token of another actor.
    let (proxy, _upstream) = proxy_and_upstream(RateLimitSettings {
        per_token: 0,
        per_address: 2,
        limit_loopback: true,
    })
    .await;
    let forged = [
        ("x-forwarded-for", "203.0.113.1"),
        ("forwarded", "for=203.0.113.2"),
        ("x-real-ip", "203.0.113.3"),
        ("x-forwarded-for", "203.0.113.4, 198.51.100.4"),
        ("forwarded", "for=\"[2001:db8::5]\""),
        ("x-real-ip", "198.51.100.6"),
    ];
    let mut statuses = Vec::new();
    for (n, (name, value)) in forged.iter().enumerate() {
        let token = token_for(&format!("staff-{n}"), 600);
        let response =
            get_session(&proxy, &token, &[(*name, *value), ("x-client-ip", *value)]).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert_limited(response).await;
            statuses.push(429);
        } else {
            statuses.push(response.status().as_u16());
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
    proxy.shutdown().await;
}

#[tokio::test]
async fn loopback_peers_are_not_limited_by_address_unless_configured() {
    let (proxy, _upstream) = proxy_and_upstream(RateLimitSettings {
        per_token: 0,
        per_address: 1,
        limit_loopback: false,
    })
    .await;
    let http = reqwest::Client::new();
    for _ in 0..10 {
        let response = http
            .get(format!("{}/healthz", proxy.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    proxy.shutdown().await;
}

#[tokio::test]
async fn the_default_limits_let_a_load_test_of_1000_requests_a_second_from_three_tokens_through() {
    // All at once: more than a second's worth of the load test, per token.
    let (proxy, _upstream) = proxy_and_upstream(RateLimitSettings::default()).await;
    let http = reqwest::Client::new();
    let tokens: Vec<String> = (0..3)
        .map(|n| token_for(&format!("load-{n}"), 600))
        .collect();
    // At most 256 at once: below the connection cap (512), which is
    // another limit, tested on its own; on a busy machine 1,500 connections
    // at once would meet it.
    let in_flight = std::sync::Arc::new(tokio::sync::Semaphore::new(256));
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..1500 {
        let http = http.clone();
        let url = format!("{}/healthz", proxy.base_url());
        let token = tokens[n % tokens.len()].clone();
        let in_flight = in_flight.clone();
        tasks.spawn(async move {
            let _slot = in_flight.acquire_owned().await.unwrap();
            http.get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut limited = 0;
    while let Some(status) = tasks.join_next().await {
        limited += usize::from(status.unwrap() == StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(limited, 0);
    proxy.shutdown().await;
}
