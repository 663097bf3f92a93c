//! What the `simulator` tests drives the simulator with: a simulator on a
//! loopback port with its own temporary database file, an HTTP client that
//! sends the right Basic credentials, and readers for its answers.

use std::path::PathBuf;

use participant_manager::simulator::{self, RunningSimulator, SimulatorConfig};
use reqwest::Method;
use serde_json::{Value, json};

pub const KEY: &str = "test-key";
pub const SECRET: &str = "test-secret";

pub fn config(db: &str) -> SimulatorConfig {
    SimulatorConfig::new(db, KEY, SECRET.to_owned().into())
}

/// A running simulator and a client for it.
pub struct Sim {
    pub server: RunningSimulator,
    pub client: reqwest::Client,
    pub db: PathBuf,
    /// What it was started with (the `db` field aside); a restart reuses it.
    pub config: SimulatorConfig,
    _dir: tempfile::TempDir,
}

/// One HTTP answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    /// The `Message` of an error body.
    pub fn message(&self) -> String {
        self.json()["Message"]
            .as_str()
            .unwrap_or_else(|| panic!("no Message in {:?}", self.text))
            .to_owned()
    }

    /// Asserts a 400 whose message names `field` and, when given, says
    /// `says`.
    pub fn assert_bad_request(&self, field: &str, says: Option<&str>, case: &str) {
        assert_eq!(self.status, 400, "{case}: expected 400, got {self:?}");
        let message = self.message();
        assert!(
            message.contains(field),
            "{case}: {message:?} does not name {field}"
        );
        if let Some(says) = says {
            assert!(
                message.contains(says),
                "{case}: {message:?} does not say {says:?}"
            );
        }
    }
}

impl Sim {
    /// A simulator on a new database file (seeded on this first start).
    pub async fn start() -> Sim {
        Self::start_with(|_| {}).await
    }

    /// Like [`Sim::start`], with the configuration changed by `configure`
    /// (the latency, bench data).
    pub async fn start_with(configure: impl FnOnce(&mut SimulatorConfig)) -> Sim {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("simulator.db");
        let mut config = config(db.to_str().expect("utf-8 path"));
        configure(&mut config);
        Self::start_in(dir, db, config).await
    }

    async fn start_in(dir: tempfile::TempDir, db: PathBuf, config: SimulatorConfig) -> Sim {
        let server = simulator::start(config.clone(), "127.0.0.1:0".parse().expect("address"))
            .await
            .expect("simulator starts");
        Sim {
            server,
            client: reqwest::Client::new(),
            db,
            config,
            _dir: dir,
        }
    }

    /// Shuts down cleanly and starts again on the same database file, with
    /// the same configuration.
    pub async fn restart(self) -> Sim {
        let Sim {
            server,
            db,
            config,
            _dir,
            ..
        } = self;
        server.shutdown().await;
        Self::start_in(_dir, db, config).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    /// Sends a request with the right credentials.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self
            .client
            .request(method, self.url(path))
            .basic_auth(KEY, Some(SECRET));
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }

    /// Every session, from `GET /session`.
    pub async fn sessions(&self) -> Vec<Value> {
        let reply = self.get("/session").await;
        assert_eq!(reply.status, 200, "{reply:?}");
        reply.json().as_array().expect("an array").clone()
    }

    /// One session by id, from `GET /session` (SecureVideo has no GET of
    /// one session).
    pub async fn session(&self, session_id: i64) -> Value {
        self.sessions()
            .await
            .into_iter()
            .find(|s| s["SessionId"] == session_id)
            .unwrap_or_else(|| panic!("session {session_id} not listed"))
    }

    pub async fn outbox(&self) -> Vec<Value> {
        let reply = self.get("/outbox").await;
        assert_eq!(reply.status, 200, "{reply:?}");
        reply.json().as_array().expect("an array").clone()
    }

    /// The outbox messages about one participation.
    pub async fn outbox_for(&self, participation_id: i64) -> Vec<Value> {
        self.outbox()
            .await
            .into_iter()
            .filter(|m| m["ParticipationId"] == participation_id)
            .collect()
    }

    /// Adds a guest to a session by id and returns their ParticipationId.
    pub async fn add_guest(&self, session_id: i64, body: Value) -> i64 {
        let name = body["ParticipantFullName"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let reply = self.post(&format!("/participant/{session_id}"), body).await;
        assert_eq!(reply.status, 200, "{reply:?}");
        participation_id(&reply.json(), &name)
    }
}

pub async fn start_at(db: &str) -> RunningSimulator {
    simulator::start(config(db), "127.0.0.1:0".parse().expect("address"))
        .await
        .expect("simulator starts")
}

pub async fn read(response: reqwest::Response) -> Reply {
    let header = |name: reqwest::header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let cache_control = header(reqwest::header::CACHE_CONTROL);
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    Reply {
        status,
        content_type,
        cache_control,
        text,
    }
}

/// A valid guest body that sends nothing (delivery "N").
pub fn guest(name: &str) -> Value {
    json!({
        "ParticipantFullName": name,
        "ParticipantDefaultResolution": "high",
        "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
        "ShouldAutoDeliverCode": "N",
    })
}

/// The spec's example guest body, with example.com data.
pub fn full_guest(name: &str) -> Value {
    json!({
        "ParticipantFullName": name,
        "ParticipantEmailAddress": "trevor@example.com",
        "ParticipantSmsNumber": "15555550166",
        "ParticipantDefaultResolution": "high",
        "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
        "ParticipantExternalId": "EMR123456",
        "ShouldAutoDeliverCode": "S",
        "PacketId": 1215,
        "SvcId": 1037,
        "DepositRequired": 20.00
    })
}

/// Sets (or with `Value::Null`, nulls) one field of a JSON object.
pub fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

/// Removes one field of a JSON object.
pub fn without(mut body: Value, field: &str) -> Value {
    body.as_object_mut().expect("an object").remove(field);
    body
}

/// The participant named `name` in a Session.
pub fn participant<'a>(session: &'a Value, name: &str) -> &'a Value {
    session["Participants"]
        .as_array()
        .expect("Participants")
        .iter()
        .find(|p| p["ParticipantFullName"] == name)
        .unwrap_or_else(|| panic!("{name} is not in {session}"))
}

pub fn participation_id(session: &Value, name: &str) -> i64 {
    participant(session, name)["ParticipationId"]
        .as_i64()
        .expect("ParticipationId")
}

pub fn names(session: &Value) -> Vec<String> {
    session["Participants"]
        .as_array()
        .expect("Participants")
        .iter()
        .map(|p| {
            p["ParticipantFullName"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}
