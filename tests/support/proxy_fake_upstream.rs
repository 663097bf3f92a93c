//! A scripted stand-in for SecureVideo that records every request it gets:
//! for what the simulator cannot be made to do (fail, stall, redirect) and
//! for looking at the exact URL and body the proxy sends.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;

#[path = "recorded.rs"]
mod recorded;
pub use recorded::Recorded;

/// What the fake answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
    pub location: Option<String>,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self {
            status,
            body: body.to_string(),
            delay: Duration::ZERO,
            location: None,
        }
    }
}

pub struct FakeUpstream {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeUpstream {
    pub async fn start(respond: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let respond = Arc::new(respond);
        let recorded = requests.clone();
        let app = Router::new().fallback(move |request: Request| {
            let recorded = recorded.clone();
            let respond = respond.clone();
            async move {
                let request = Recorded::read(request).await;
                let reply = respond(&request);
                recorded.lock().unwrap().push(request);
                tokio::time::sleep(reply.delay).await;
                let mut response = Response::builder()
                    .status(reply.status)
                    .header("content-type", "application/json");
                if let Some(location) = reply.location {
                    response = response.header("location", location);
                }
                response.body(Body::from(reply.body)).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { base_url, requests }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// The requests that were not the session-list read.
    pub fn changes(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| !(r.method == "GET" && r.path == "/session"))
            .collect()
    }
}

/// A session list with one session (host 500, one guest) for the fake.
pub fn one_session(
    session_id: i64,
    external_session_id: &str,
    guest_external_id: &str,
) -> serde_json::Value {
    serde_json::json!([{
        "SessionId": session_id,
        "ScheduleTs": "2030-01-01T15:00:00",
        "UserId": 500,
        "ExternalSessionId": external_session_id,
        "Passkey": "should-not-leak",
        "Participants": [
            {"ParticipationId": 900, "ParticipantFullName": "Host Person", "SecureVideoUserId": 500},
            {"ParticipationId": 901, "ParticipantFullName": "Guest Person", "SecureVideoUserId": null,
             "ParticipantExternalId": guest_external_id, "ShouldAutoDeliverCode": "N", "ConnectCode": 123456789}
        ]
    }])
}
