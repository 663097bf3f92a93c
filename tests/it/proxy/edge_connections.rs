//! The connection cap: idle sockets cannot starve everyone else.
//!
//! Each connection may sit idle for the header timeout (10 s by default),
//! so without a cap a few hundred silent sockets use up the process's file
//! descriptors and nobody else is even accepted. With the cap, a new client
//! takes the place of the longest-idle connection; only when every
//! connection is busy with a request is a new one refused, with a 503 that
//! says why.

use crate::support::proxy_stack as stack;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use participant_manager::proxy::{self, EdgeSettings};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_participant-manager");

/// `serve` with the embedded simulator, in a process allowed only
/// `open_files` file descriptors; returns it and its address.
fn serve_with_few_files(open_files: u32, env: &[(&str, &str)]) -> (Child, String) {
    let mut command = Command::new("prlimit");
    command
        .arg(format!("--nofile={open_files}"))
        .arg("--")
        .arg(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_clear()
        .env(
            "EMBED_TOKEN_SECRET",
            "connections-test-secret-0123456789abcdef",
        )
        .env("SIMULATOR_DB", ":memory:")
        .env("LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(url) = line.strip_prefix("participant-manager proxy listening on ") {
                let _ = sender.send(url.to_owned());
            }
        }
    });
    let url = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("serve did not start");
    (child, url)
}

#[tokio::test]
async fn more_idle_connections_than_the_cap_do_not_keep_a_new_client_from_healthz() {
    // 256 descriptors, a cap of 100, and 400 sockets that never send a byte:
    // uncapped, the server runs out of descriptors and the new client waits
    // in the backlog until the idle ones time out (10 s).
    let (mut child, url) = serve_with_few_files(256, &[("MAX_CONNECTIONS", "100")]);
    let addr = url.trim_start_matches("http://").to_owned();
    // Each silent socket is held for 15 s, longer than the header timeout.
    let mut idle = Vec::new();
    for _ in 0..400 {
        let addr = addr.clone();
        idle.push(tokio::spawn(async move {
            if let Ok(stream) = TcpStream::connect(&addr).await {
                tokio::time::sleep(Duration::from_secs(15)).await;
                drop(stream);
            }
        }));
    }
    // Give the server a moment to accept what it can.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let response = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap()
        .get(format!("{url}/healthz"))
        .send()
        .await;
    let status = response.map(|r| r.status().as_u16());
    assert_eq!(
        status.ok(),
        Some(200),
        "a new client got no answer from /healthz"
    );
    for socket in idle {
        socket.abort();
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn when_every_connection_is_busy_a_new_one_gets_a_503_saying_why() {
    let edge = EdgeSettings {
        max_connections: 4,
        ..EdgeSettings::default()
    };
    let state = stack::state_for(
        &stack::closed_port_url(),
        "k",
        "s",
        Duration::from_secs(2),
        &[],
    );
    let proxy = proxy::start_with(state, stack::loopback(), &edge)
        .await
        .unwrap();
    // Four requests whose bodies never arrive: each holds its connection
    // busy until the body deadline (10 s).
    let mut busy = Vec::new();
    for _ in 0..4 {
        let mut stream = TcpStream::connect(proxy.addr()).await.unwrap();
        let head = format!(
            "POST /api/participant/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
            stack::DEMO_SESSION_ID,
            stack::demo_write_token(),
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        busy.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    let mut stream = TcpStream::connect(proxy.addr()).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut received))
        .await
        .expect("the refused connection was not closed")
        .unwrap();
    let received = String::from_utf8_lossy(&received).to_ascii_lowercase();
    assert!(received.starts_with("http/1.1 503"), "{received}");
    assert!(received.contains("connection: close"), "{received}");
    assert!(received.contains("retry-after: 1"), "{received}");
    assert!(received.contains("connection limit"), "{received}");
    assert!(
        received.contains("\"requestid\""),
        "not the error shape: {received}"
    );

    // Once one busy connection is gone, a new client is served again.
    drop(busy.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let response = reqwest::get(format!("{}/healthz", proxy.base_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    drop(busy);
    proxy.shutdown().await;
}
