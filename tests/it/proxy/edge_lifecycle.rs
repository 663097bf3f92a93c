//! The proxy's life at the edge: the real binary drains requests in flight
//! on SIGTERM, refuses new connections meanwhile, and exits 0; a handler
//! that panics answers a fixed 500 in the one error shape and the server
//! keeps serving; the edge's options are documented and checked before a
//! port opens.

use crate::support::proxy_stack as stack;
use crate::support::upstream as fake;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use axum::routing::get;
use participant_manager::proxy::{self, EdgeSettings, EmbedClaims, Scope, SessionRef, routes};
use secrecy::SecretString;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_participant-manager");
const SECRET: &str = "edge-test-embed-token-secret-0123456789";
const SESSION_ID: i64 = 36201;
const UPSTREAM_DELAY: Duration = Duration::from_secs(2);

/// `participant-manager serve` with a clean environment and these
/// variables, listening on a free loopback port.
struct Served {
    child: Child,
    stderr: mpsc::Receiver<String>,
}

impl Served {
    fn start(env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(BIN);
        command.env_clear().envs(env.iter().copied());
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (lines, stderr) = mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        Self { child, stderr }
    }

    fn url(&self) -> String {
        loop {
            let line = self
                .stderr
                .recv_timeout(Duration::from_secs(30))
                .expect("serve did not say where it listens");
            if let Some(url) = line.strip_prefix("participant-manager proxy listening on ") {
                return url.to_owned();
            }
        }
    }

    fn sigterm(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit.
    fn wait(&mut self, limit: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("serve did not exit within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_refuses_new_connections_and_exits_0() {
    let upstream = fake::Upstream::answering(|_| fake::Reply {
        delay: UPSTREAM_DELAY,
        ..fake::Reply::json(200, fake::one_session(SESSION_ID, "APPT-9", "guest-1"))
    })
    .await;
    let mut served = Served::start(&[
        ("SECUREVIDEO_API_KEY", "edge-key"),
        ("SECUREVIDEO_API_SECRET", "edge-secret"),
        ("SECUREVIDEO_BASE_URL", &upstream.base_url),
        ("EMBED_TOKEN_SECRET", SECRET),
    ]);
    let url = served.url();
    let addr = url.strip_prefix("http://").unwrap().to_owned();
    let token = proxy::mint_token(
        &SecretString::from(SECRET),
        &EmbedClaims::new(
            "staff-1",
            SessionRef::Id(SESSION_ID),
            Scope::Read,
            Duration::from_secs(600),
        ),
    );
    let in_flight = tokio::spawn(
        reqwest::Client::new()
            .get(format!("{url}/api/session/{SESSION_ID}"))
            .bearer_auth(token)
            .send(),
    );
    // Signal only once the request is inside the proxy, waiting on upstream.
    let waited = Instant::now();
    while upstream.requests().is_empty() {
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the request never reached upstream"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let signalled = Instant::now();
    served.sigterm();

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !in_flight.is_finished(),
        "the request in flight was cut short"
    );
    assert!(
        tokio::net::TcpStream::connect(&addr).await.is_err(),
        "a new connection was accepted while draining"
    );

    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["SessionId"], SESSION_ID, "{body}");
    assert!(signalled.elapsed() >= UPSTREAM_DELAY - Duration::from_millis(500));

    let status = served.wait(Duration::from_secs(10));
    assert!(status.success(), "serve exited with {status}");
}

/// A handler with a bug, injected into the route table for this test only.
async fn panics() -> &'static str {
    let patient = "Avery Stone";
    panic!("handler bug while reading {patient}");
}

#[tokio::test]
async fn a_panicking_handler_answers_a_fixed_500_and_the_server_keeps_serving() {
    let edge = EdgeSettings::default();
    let state = stack::state_for(
        &stack::closed_port_url(),
        "k",
        "s",
        Duration::from_secs(2),
        &[],
    );
    let routes = routes::router().route("/test-only/panic", get(panics));
    let app = proxy::edge::wrap(routes, state, &edge);
    let proxy = proxy::start_app(app, stack::loopback(), &edge)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let response = http
            .get(format!("{}/test-only/panic", proxy.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let text = response.text().await.unwrap();
        assert!(!text.contains("Avery") && !text.contains("panic"), "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"Message": "Something went wrong on our side.", "RequestId": id})
        );
        let health = http
            .get(format!("{}/healthz", proxy.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status(), 200, "the server stopped serving");
    }
    proxy.shutdown().await;
}

#[test]
fn serve_help_documents_the_edge_options() {
    let output = Command::new(BIN)
        .env_clear()
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for variable in [
        "HEADER_READ_TIMEOUT",
        "BODY_READ_TIMEOUT",
        "RATE_LIMIT_PER_TOKEN",
        "RATE_LIMIT_PER_ADDRESS",
        "RATE_LIMIT_LOOPBACK",
        "STATIC_DIR",
    ] {
        assert!(
            help.contains(&format!("[env: {variable}")),
            "{variable}:\n{help}"
        );
    }
}

#[test]
fn serve_refuses_a_missing_static_dir_or_a_zero_timeout_before_opening_a_port() {
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = held.local_addr().unwrap().to_string();
    for (variable, value) in [
        ("STATIC_DIR", "/nonexistent/participant-manager-dist"),
        ("HEADER_READ_TIMEOUT", "0s"),
        ("BODY_READ_TIMEOUT", "0ms"),
        ("RATE_LIMIT_PER_TOKEN", "-1"),
        ("RATE_LIMIT_LOOPBACK", "maybe"),
    ] {
        let output = Command::new(BIN)
            .env_clear()
            .envs([
                ("EMBED_TOKEN_SECRET", SECRET),
                ("LISTEN", &listen),
                (variable, value),
            ])
            .arg("serve")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{variable}={value} started");
        assert!(
            !stderr.contains("cannot listen"),
            "it tried to open a port: {stderr}"
        );
        let flag = format!("--{}", variable.to_ascii_lowercase().replace('_', "-"));
        assert!(
            stderr.contains(variable) || stderr.contains(&flag),
            "{variable}={value}: {stderr}"
        );
    }
}
