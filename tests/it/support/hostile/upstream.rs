//! A stand-in for SecureVideo on a loopback port that answers from a
//! [`Script`] and records every request it receives, and the allow-list of
//! requests the proxy may send it.
//!
//! The script names one session (its SessionId, ExternalSessionId, a
//! guest's and a user's participation) so a test can make any id it
//! generates "exist"; [`Answer`] makes reads or changes fail in one way.

use std::sync::{Arc, Mutex};

use std::time::Duration;

use participant_manager::common::ParticipantForm;
use participant_manager::common::rules::values::MAX_ID;
use serde_json::{Value, json};

use super::canary;

/// The session's host (a SecureVideo user).
pub const HOST_USER_ID: i64 = 500;
pub const HOST_NAME: &str = "Host Person";
pub const GUEST_NAME: &str = "Guest Person";
/// A SecureVideo user who is a participant (not the host).
pub const USER_ID: i64 = 501;
pub const USER_NAME: &str = "User Person";

pub use crate::support::upstream::Recorded;
use crate::support::upstream::{Options, Reply, Upstream};

/// How the fake answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// As SecureVideo does when all is well.
    Normal,
    /// 400 `{"Message": "... <upstream canary>"}`: passed on to staff.
    Rejected,
    /// 500 with the canary in an error body.
    ServerError,
    /// 200 with an HTML page holding the canary.
    Html,
    /// 401: SecureVideo refuses our key.
    Unauthorized,
    /// 404 with the canary.
    NotFound,
    /// 429 with Retry-After and the canary.
    TooMany,
    /// 302 elsewhere, the canary in the Location.
    Redirect,
    /// Answers normally after 3 s (not in [`Answer::ALL`]: too slow to
    /// fuzz with).
    Stall,
}

impl Answer {
    pub const ALL: [Answer; 8] = [
        Answer::Normal,
        Answer::Rejected,
        Answer::ServerError,
        Answer::Html,
        Answer::Unauthorized,
        Answer::NotFound,
        Answer::TooMany,
        Answer::Redirect,
    ];
}

/// What the fake's one session looks like, and how it answers.
#[derive(Clone, Debug)]
pub struct Script {
    pub session_id: i64,
    pub external_session_id: String,
    pub guest_id: i64,
    pub guest_external_id: String,
    pub user_participation_id: i64,
    /// How `GET /session`, `GET /session/{userId}`, `GET /status/{sessionId}`
    /// and `GET /user` are answered.
    pub reads: Answer,
    /// How `POST`, `PUT` and `DELETE` are answered.
    pub changes: Answer,
}

impl Default for Script {
    fn default() -> Self {
        Self {
            session_id: 36201,
            external_session_id: "APPT-1001".to_owned(),
            guest_id: 71001,
            guest_external_id: "PAT-0001".to_owned(),
            user_participation_id: 71002,
            reads: Answer::Normal,
            changes: Answer::Normal,
        }
    }
}

impl Script {
    /// The session as SecureVideo writes it, with a Passkey canary in every
    /// participation.
    pub fn session(&self) -> Value {
        json!({
            "SessionId": self.session_id,
            "ScheduleTs": "2030-01-01T15:00:00",
            "ScheduleType": "Scheduled",
            "UserId": HOST_USER_ID,
            "ExternalSessionId": self.external_session_id,
            "Topic": "Hostile input",
            "Participants": [
                {"ParticipationId": self.guest_id.max(self.user_participation_id) + 1,
                 "ParticipantFullName": HOST_NAME, "SecureVideoUserId": HOST_USER_ID,
                 "ConnectCode": 111111111, "Passkey": canary::PASSKEY},
                {"ParticipationId": self.guest_id, "ParticipantFullName": GUEST_NAME,
                 "SecureVideoUserId": null, "ParticipantExternalId": self.guest_external_id,
                 "ParticipantEmailAddress": "guest@example.com",
                 "ShouldAutoDeliverCode": "N", "ConnectCode": 222222222,
                 "Passkey": canary::PASSKEY},
                {"ParticipationId": self.user_participation_id,
                 "ParticipantFullName": USER_NAME, "SecureVideoUserId": USER_ID,
                 "ConnectCode": 333333333, "Passkey": canary::PASSKEY}
            ]
        })
    }

    fn users() -> Value {
        json!([
            {"SystemUserId": HOST_USER_ID.to_string(), "FullName": HOST_NAME,
             "EmailAddress": "host@example.com"},
            {"SystemUserId": USER_ID.to_string(), "FullName": USER_NAME,
             "EmailAddress": "user@example.com"}
        ])
    }

    fn respond(&self, request: &Recorded) -> Reply {
        let read = request.method == "GET";
        let answer = if read { self.reads } else { self.changes };
        let failure = |status: u16, body: String| {
            Reply::raw(status, "application/json; charset=utf-8", body)
                .header("retry-after", "1")
                // On this same fake: a followed redirect would be recorded,
                // and refused by the allow-list.
                .header(
                    "location",
                    &format!("/redirected/{}", canary::UPSTREAM_TEXT),
                )
        };
        let message = json!({"Message": format!("Refused: {}", canary::UPSTREAM_TEXT)}).to_string();
        match answer {
            Answer::Normal | Answer::Stall => {}
            Answer::Rejected => return failure(400, message),
            Answer::ServerError => return failure(500, message),
            Answer::Unauthorized => return failure(401, message),
            Answer::NotFound => return failure(404, message),
            Answer::TooMany => return failure(429, message),
            Answer::Redirect => return failure(302, message),
            Answer::Html => {
                return Reply::raw(
                    200,
                    "text/html",
                    format!("<html><body>{}</body></html>", canary::UPSTREAM_TEXT),
                );
            }
        }
        let ok =
            |value: Value| Reply::raw(200, "application/json; charset=utf-8", value.to_string());
        let user_list = request
            .path
            .strip_prefix("/session/")
            .and_then(|id| id.parse::<i64>().ok());
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/session") => ok(json!([self.session()])),
            // One user's sessions: the host's and the participating user's
            // hold the session; anyone else has none.
            ("GET", _) if user_list.is_some() => match user_list {
                Some(HOST_USER_ID | USER_ID) => ok(json!([self.session()])),
                _ => ok(json!([])),
            },
            ("GET", "/user") => ok(Self::users()),
            ("GET", path) if path == format!("/status/{}", self.session_id) => {
                ok(json!({"SessionId": self.session_id, "Status": "STARTED"}))
            }
            ("POST" | "PUT", path) if path.starts_with("/participant/") => ok(self.session()),
            ("DELETE", path) if path.starts_with("/participant/") => Reply::empty(204),
            _ => failure(404, message),
        }
    }
}

/// The fake SecureVideo: the one stand-in ([`Upstream`], keep-alive, so
/// thousands of generated requests reuse their connections) answering
/// from a [`Script`] that a test may swap between requests.
pub struct RecordingUpstream {
    pub base_url: String,
    upstream: Upstream,
    script: Arc<Mutex<Script>>,
}

impl RecordingUpstream {
    /// Binds a loopback port and serves on the current tokio runtime.
    pub async fn start() -> Self {
        let script = Arc::new(Mutex::new(Script::default()));
        let current = script.clone();
        let options = Options {
            keep_alive: true,
            ..Options::default()
        };
        let upstream = Upstream::start_with(options, move |request, _| {
            let script = current.lock().unwrap();
            let answer = if request.method == "GET" {
                script.reads
            } else {
                script.changes
            };
            let reply = script.respond(request);
            if answer == Answer::Stall {
                reply.after(Duration::from_secs(3)).into()
            } else {
                reply.into()
            }
        })
        .await;
        Self {
            base_url: upstream.base_url.clone(),
            upstream,
            script,
        }
    }

    pub fn set_script(&self, script: Script) {
        *self.script.lock().unwrap() = script;
    }

    /// The requests received since the last call, oldest first.
    pub fn take(&self) -> Vec<Recorded> {
        self.upstream.take()
    }
}

/// Why a request is not one the proxy may send SecureVideo, if it is not.
///
/// Allowed: `GET /session`, `GET /user`, `GET /session/{userId}`,
/// `GET /status/{sessionId}`,
/// `POST /participant/{sessionId}`, `PUT|DELETE /participant/{participationId}`
/// with a canonical id in 1..=2^31-1 and no query. Never the external-id
/// addressing (`/participant/0?...`): the proxy forwards by the ids it
/// resolved and authorized, so SecureVideo never matches a client's string
/// itself. Every request carries our Basic credentials; a POST or PUT
/// carries a JSON object of participant fields only.
pub fn violation(request: &Recorded) -> Option<String> {
    let shown = format!(
        "{} {}{}",
        request.method,
        request.path,
        request
            .query
            .as_deref()
            .map(|q| format!("?{q}"))
            .unwrap_or_default()
    );
    if request.authorization.as_deref() != Some(canary::basic_header().as_str()) {
        return Some(format!("{shown}: not our Basic credentials"));
    }
    let method = request.method.as_str();
    if method == "GET" {
        return match (request.path.as_str(), &request.query) {
            ("/session" | "/user", None) => None,
            (path, None) if path.strip_prefix("/session/").is_some_and(is_canonical_id) => None,
            (path, None) if path.strip_prefix("/status/").is_some_and(is_canonical_id) => None,
            _ => Some(format!("{shown}: not an allowed read")),
        };
    }
    if !matches!(method, "POST" | "PUT" | "DELETE") {
        return Some(format!("{shown}: method not allowed upstream"));
    }
    let Some(id) = request.path.strip_prefix("/participant/") else {
        return Some(format!("{shown}: not a participant path"));
    };
    if id == "0" {
        return Some(format!(
            "{shown}: addressed by external ids, not resolved ones"
        ));
    }
    if !is_canonical_id(id) {
        return Some(format!("{shown}: not a canonical id"));
    }
    if request.query.is_some() {
        return Some(format!("{shown}: a query on an id path"));
    }
    if method == "DELETE" {
        return (!request.body.is_empty()).then(|| format!("{shown}: a DELETE with a body"));
    }
    match ParticipantForm::from_json(&request.body) {
        Ok(form) if form.other.is_empty() => None,
        _ => Some(format!("{shown}: the body is not a participant form")),
    }
}

/// An id as the proxy writes one: digits, no leading zero, in 1..=2^31-1.
fn is_canonical_id(id: &str) -> bool {
    !id.starts_with('0')
        && id.len() <= 10
        && id.bytes().all(|b| b.is_ascii_digit())
        && id.parse::<i64>().is_ok_and(|n| (1..=MAX_ID).contains(&n))
}
