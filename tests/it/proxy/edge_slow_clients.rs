//! Slow clients at the edge, over raw TCP on loopback: a client that
//! trickles its headers is disconnected at the header timeout, one that
//! trickles its body gets 408 at the body deadline (even though each byte
//! comes well within it), and a kept-alive connection left idle is closed.
//! The upstream is a closed port: nothing here may reach it.

use crate::support::proxy_stack as stack;

use std::time::{Duration, Instant};

use participant_manager::proxy::{self, EdgeSettings, RunningProxy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedReadHalf;

const HEADER_TIMEOUT: Duration = Duration::from_millis(500);
const BODY_TIMEOUT: Duration = Duration::from_millis(500);
/// Far below both timeouts: an idle-read timeout would never fire.
const TRICKLE: Duration = Duration::from_millis(50);

async fn proxy() -> RunningProxy {
    let edge = EdgeSettings {
        header_read_timeout: HEADER_TIMEOUT,
        body_read_timeout: BODY_TIMEOUT,
        ..EdgeSettings::default()
    };
    let state = stack::state_for(
        &stack::closed_port_url(),
        "k",
        "s",
        Duration::from_secs(2),
        &[],
    );
    proxy::start_with(state, stack::loopback(), &edge)
        .await
        .unwrap()
}

/// Reads until the server closes the connection (or 10 s pass); returns
/// what it sent and when it closed.
fn read_until_closed(mut reader: OwnedReadHalf) -> tokio::task::JoinHandle<(String, Instant)> {
    tokio::spawn(async move {
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, reader.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
                Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            }
        }
        (
            String::from_utf8_lossy(&received).into_owned(),
            Instant::now(),
        )
    })
}

/// Writes `bytes` one at a time, [`TRICKLE`] apart, until the server has
/// closed the connection; returns how many were written.
async fn trickle(
    writer: &mut tokio::net::tcp::OwnedWriteHalf,
    bytes: &[u8],
    closed: &tokio::task::JoinHandle<(String, Instant)>,
) -> usize {
    for (sent, byte) in bytes.iter().enumerate() {
        if closed.is_finished() || writer.write_all(&[*byte]).await.is_err() {
            return sent;
        }
        tokio::time::sleep(TRICKLE).await;
    }
    bytes.len()
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_disconnected_at_the_header_timeout() {
    let proxy = proxy().await;
    let stream = TcpStream::connect(proxy.addr()).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let started = Instant::now();
    let closed = read_until_closed(reader);
    // About 5 s of headers at one byte every 50 ms.
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(60)
    );
    let sent = trickle(&mut writer, request.as_bytes(), &closed).await;
    let (received, closed_at) = closed.await.unwrap();

    assert!(
        sent < request.len(),
        "the whole request went through ({sent} bytes)"
    );
    assert!(!received.contains("200 OK"), "it was answered: {received}");
    let after = closed_at - started;
    assert!(
        after >= HEADER_TIMEOUT && after < HEADER_TIMEOUT + Duration::from_millis(1500),
        "closed after {after:?}"
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_client_trickling_its_body_gets_408_at_the_body_deadline_and_is_disconnected() {
    let proxy = proxy().await;
    let stream = TcpStream::connect(proxy.addr()).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    // About 10 s of body at one byte every 50 ms.
    let body = format!(r#"{{"ParticipantFullName": "{}"}}"#, "b".repeat(170));
    let head = format!(
        "POST /api/participant/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        stack::DEMO_SESSION_ID,
        stack::demo_write_token(),
        body.len()
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let closed = read_until_closed(reader);
    let sent = trickle(&mut writer, body.as_bytes(), &closed).await;
    let (received, closed_at) = closed.await.unwrap();

    assert!(sent < body.len(), "the whole body went through");
    assert!(
        received.starts_with("HTTP/1.1 408"),
        "not a 408: {received}"
    );
    let lower = received.to_ascii_lowercase();
    assert!(lower.contains("connection: close"), "{received}");
    assert!(
        lower.contains("\"requestid\""),
        "not the error shape: {received}"
    );
    let after = closed_at - started;
    assert!(
        after >= BODY_TIMEOUT && after < BODY_TIMEOUT + Duration::from_millis(1500),
        "answered after {after:?}"
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_kept_alive_connection_left_idle_is_closed_at_the_header_timeout() {
    let proxy = proxy().await;
    let stream = TcpStream::connect(proxy.addr()).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let closed = read_until_closed(reader);
    writer
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let answered = Instant::now();
    let (received, closed_at) = closed.await.unwrap();

    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        !received.to_ascii_lowercase().contains("connection: close"),
        "the connection was not kept alive: {received}"
    );
    assert!(
        closed_at - answered < HEADER_TIMEOUT + Duration::from_millis(1500),
        "an idle connection stayed open {:?}",
        closed_at - answered
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_prompt_client_has_its_body_read_in_full() {
    let proxy = proxy().await;
    let response = reqwest::Client::new()
        .post(format!(
            "{}/api/participant/{}",
            proxy.base_url(),
            stack::DEMO_SESSION_ID
        ))
        .bearer_auth(stack::demo_write_token())
        .header("content-type", "application/json")
        .body(r#"{"ParticipantFullName": "Avery Stone", "Unknown": 1}"#)
        .send()
        .await
        .unwrap();
    // Read and checked (it names an unknown field), not cut off: the rules
    // refuse it before any upstream call.
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["Errors"]["Unknown"].is_string(), "{body}");
    proxy.shutdown().await;
}
