//! [`SecureVideoClient`]: SecureVideo's endpoints as methods, and how ids
//! become URLs. Ids go into paths only as integers; external ids only as
//! percent-encoded query values.
//!
//! Every endpoint goes through one operation ([`SecureVideoClient::call`]):
//! a deadline of [`UpstreamConfig::timeout`] for all its attempts, and for
//! each attempt a pass from the circuit breaker, a slot from the in-flight
//! limit, one exchange, and the outcome reported to the breaker.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use base64::Engine;
use reqwest::header::HeaderValue;
use reqwest::{Method, redirect};
use secrecy::ExposeSecret;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::breaker::CircuitBreaker;
use super::error::{Health, UpstreamError};
use super::health::LastOutcome;
use super::limit::InFlightLimit;
use super::send::{self, Exchange};
use super::{ParticipantRef, SessionRef, UpstreamConfig, UpstreamPolicy, retry, stream};
use crate::common::{Session, SessionState, SessionStatusBody, User};

/// The SecureVideo API client. Cheap to clone; clones share the circuit
/// breaker and the in-flight limit.
#[derive(Clone)]
pub struct SecureVideoClient {
    http: reqwest::Client,
    base_url: Url,
    authorization: HeaderValue,
    timeout: std::time::Duration,
    policy: UpstreamPolicy,
    breaker: Arc<CircuitBreaker>,
    limit: Arc<InFlightLimit>,
    last_outcome: Arc<LastOutcome>,
}

impl fmt::Debug for SecureVideoClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecureVideoClient")
            .field("base_url", &self.base_url.as_str())
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl SecureVideoClient {
    /// A client with the default [`UpstreamPolicy`].
    pub fn new(config: &UpstreamConfig) -> Result<Self, UpstreamError> {
        Self::with_policy(config, UpstreamPolicy::default())
    }

    pub fn with_policy(
        config: &UpstreamConfig,
        policy: UpstreamPolicy,
    ) -> Result<Self, UpstreamError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(redirect::Policy::none())
            .user_agent(concat!("participant-manager/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|_| UpstreamError::Build)?;
        let credentials = format!(
            "{}:{}",
            config.api_key.expose_secret(),
            config.api_secret.expose_secret()
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        let mut authorization =
            HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| UpstreamError::Build)?;
        authorization.set_sensitive(true);
        Ok(Self {
            http,
            base_url: config.base_url.clone(),
            authorization,
            timeout: config.timeout,
            breaker: Arc::new(CircuitBreaker::new(
                policy.breaker_threshold,
                policy.breaker_cooldown,
            )),
            limit: Arc::new(InFlightLimit::new(policy.max_in_flight)),
            last_outcome: Arc::new(LastOutcome::default()),
            policy,
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// Retries, breaker and in-flight limit, as configured.
    pub fn policy(&self) -> &UpstreamPolicy {
        &self.policy
    }

    /// What the latest call said about SecureVideo's health, and when.
    pub fn last_outcome(&self) -> &LastOutcome {
        &self.last_outcome
    }

    /// `GET /session`: the account's active sessions, all kept. Only for
    /// small accounts and tests; the proxy itself folds the list with
    /// [`Self::scan_sessions`].
    pub async fn list_sessions(&self) -> Result<Vec<Session>, UpstreamError> {
        self.scan_sessions(Vec::new, |all, session| all.push(session))
            .await
    }

    /// `GET /session`, streamed: every active session of the account is
    /// folded into a fresh `init()` with `step` and dropped, so memory stays
    /// that of one session whatever the account's size.
    pub async fn scan_sessions<A, I, S>(&self, init: I, step: S) -> Result<A, UpstreamError>
    where
        A: Send + 'static,
        I: Fn() -> A,
        S: FnMut(&mut A, Session) + Send + Clone + 'static,
    {
        let url = self.url(&["session"]);
        self.call_streaming("GET /session", url, init, step).await
    }

    /// `GET /session/{userId}`: the active sessions of one user (those it
    /// hosts, and those it takes part in), streamed.
    pub async fn sessions_of_user(&self, user_id: i64) -> Result<Vec<Session>, UpstreamError> {
        let url = self.url(&["session", &user_id.to_string()]);
        self.call_streaming("GET /session/{userId}", url, Vec::new, |all, session| {
            all.push(session)
        })
        .await
    }

    /// `GET /status/{sessionId}` or `GET /status/0?externalSessionId=`: the
    /// session's status (NOT_STARTED, STARTED or ENDED). The proxy's route
    /// asks by the SessionId it resolved and authorized.
    pub async fn session_status(
        &self,
        session: &SessionRef,
    ) -> Result<SessionState, UpstreamError> {
        let (url, endpoint) = match session {
            SessionRef::Id(id) => (self.url(&["status", &id.to_string()]), "GET /status/{id}"),
            SessionRef::External(esid) => (
                self.with_query(self.url(&["status", "0"]), &[("externalSessionId", esid)]),
                "GET /status/0?externalSessionId",
            ),
        };
        self.call(Method::GET, endpoint, url, None, status).await
    }

    /// `GET /user`: the account's users.
    pub async fn list_users(&self) -> Result<Vec<User>, UpstreamError> {
        let url = self.url(&["user"]);
        self.call(Method::GET, "GET /user", url, None, json).await
    }

    /// A cheap authenticated call: succeeds when SecureVideo answers and
    /// accepts the credentials.
    pub async fn ping(&self) -> Result<(), UpstreamError> {
        let url = self.url(&["user"]);
        // Tried once, never resent after a 5xx: `/readyz` promises at most
        // one call per probe.
        self.call_resending(false, Method::GET, "GET /user", url, None, ignore)
            .await
    }

    /// `POST /participant/{sessionId}` or `POST /participant/0?externalSessionId=`.
    pub async fn add_participant(
        &self,
        session: &SessionRef,
        body: &impl Serialize,
    ) -> Result<Session, UpstreamError> {
        let (url, endpoint) = match session {
            SessionRef::Id(id) => (
                self.url(&["participant", &id.to_string()]),
                "POST /participant/{id}",
            ),
            SessionRef::External(esid) => (
                self.with_query(
                    self.url(&["participant", "0"]),
                    &[("externalSessionId", esid)],
                ),
                "POST /participant/0?externalSessionId",
            ),
        };
        let body = serde_json::to_vec(body).map_err(|_| UpstreamError::Build)?;
        self.call(Method::POST, endpoint, url, Some(body), json)
            .await
    }

    /// `PUT /participant/{participationId}` or
    /// `PUT /participant/0?externalSessionId=&externalId=`.
    pub async fn update_participant(
        &self,
        participant: &ParticipantRef,
        body: &impl Serialize,
    ) -> Result<Session, UpstreamError> {
        let (url, endpoint) = self.participant_url(participant, "PUT");
        let body = serde_json::to_vec(body).map_err(|_| UpstreamError::Build)?;
        self.call(Method::PUT, endpoint, url, Some(body), json)
            .await
    }

    /// `DELETE` on the same two addresses; SecureVideo answers 204.
    pub async fn remove_participant(
        &self,
        participant: &ParticipantRef,
    ) -> Result<(), UpstreamError> {
        let (url, endpoint) = self.participant_url(participant, "DELETE");
        self.call(Method::DELETE, endpoint, url, None, ignore).await
    }

    /// The URL of one participant and the endpoint's name for the logs.
    pub fn participant_url(
        &self,
        participant: &ParticipantRef,
        method: &str,
    ) -> (Url, &'static str) {
        match participant {
            ParticipantRef::Id(id) => (
                self.url(&["participant", &id.to_string()]),
                if method == "PUT" {
                    "PUT /participant/{id}"
                } else {
                    "DELETE /participant/{id}"
                },
            ),
            ParticipantRef::External {
                session,
                participant,
            } => (
                self.with_query(
                    self.url(&["participant", "0"]),
                    &[("externalSessionId", session), ("externalId", participant)],
                ),
                if method == "PUT" {
                    "PUT /participant/0?externalSessionId&externalId"
                } else {
                    "DELETE /participant/0?externalSessionId&externalId"
                },
            ),
        }
    }

    /// The base URL with these path segments appended, each encoded as one
    /// segment.
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base_url.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    fn with_query(&self, mut url: Url, pairs: &[(&str, &String)]) -> Url {
        {
            let mut query = url.query_pairs_mut();
            for (name, value) in pairs {
                query.append_pair(name, value);
            }
        }
        url
    }

    /// One operation: attempts (retried as [`retry::run`] allows) within
    /// one deadline; `decode` turns a 2xx body into the result, and a body
    /// it cannot read counts as a failed attempt.
    async fn call<T>(
        &self,
        method: Method,
        endpoint: &'static str,
        url: Url,
        body: Option<Vec<u8>>,
        decode: fn(&[u8]) -> Result<T, UpstreamError>,
    ) -> Result<T, UpstreamError> {
        let idempotent = method == Method::GET;
        self.call_resending(idempotent, method, endpoint, url, body, decode)
            .await
    }

    /// [`Self::call`]; `idempotent`: a failed attempt may be sent again
    /// as a read is (see [`retry::run`]).
    async fn call_resending<T>(
        &self,
        idempotent: bool,
        method: Method,
        endpoint: &'static str,
        url: Url,
        body: Option<Vec<u8>>,
        decode: fn(&[u8]) -> Result<T, UpstreamError>,
    ) -> Result<T, UpstreamError> {
        let deadline = Instant::now() + self.timeout;
        let exchange = Exchange {
            http: &self.http,
            authorization: &self.authorization,
            method: &method,
            url: &url,
            body: body.as_deref(),
            endpoint,
            deadline,
        };
        let exchange = &exchange;
        let result = retry::run(
            endpoint,
            idempotent,
            deadline,
            self.policy.retry_backoff,
            |_| {
                self.attempt(exchange, move |mut response| async move {
                    decode(&send::read_capped(&mut response).await?)
                })
            },
        )
        .await;
        if let Err(UpstreamError::BadResponse) = &result {
            tracing::warn!(endpoint, "SecureVideo's answer is not the expected JSON");
        }
        result
    }

    /// [`Self::call`] for a GET whose answer is a session list, folded as
    /// it streams in ([`stream::fold_sessions`]); each attempt folds into a
    /// fresh `init()`.
    async fn call_streaming<A, I, S>(
        &self,
        endpoint: &'static str,
        url: Url,
        init: I,
        step: S,
    ) -> Result<A, UpstreamError>
    where
        A: Send + 'static,
        I: Fn() -> A,
        S: FnMut(&mut A, Session) + Send + Clone + 'static,
    {
        let deadline = Instant::now() + self.timeout;
        let exchange = Exchange {
            http: &self.http,
            authorization: &self.authorization,
            method: &Method::GET,
            url: &url,
            body: None,
            endpoint,
            deadline,
        };
        let exchange = &exchange;
        let result = retry::run(endpoint, true, deadline, self.policy.retry_backoff, |_| {
            let (acc, step) = (init(), step.clone());
            self.attempt(exchange, move |response| {
                stream::fold_sessions(response, acc, step)
            })
        })
        .await;
        if let Err(UpstreamError::BadResponse) = &result {
            tracing::warn!(endpoint, "SecureVideo's session list could not be read");
        }
        result
    }

    /// One attempt: refused at once while the breaker is open, after a
    /// bounded wait when every slot is taken; otherwise one exchange, whose
    /// outcome the breaker (and the readiness probe) learns.
    async fn attempt<T, F, Fut>(
        &self,
        exchange: &Exchange<'_>,
        read_body: F,
    ) -> Result<T, UpstreamError>
    where
        F: FnOnce(reqwest::Response) -> Fut,
        Fut: Future<Output = Result<T, UpstreamError>>,
    {
        let pass = self.breaker.admit()?;
        let wait = self
            .policy
            .queue_wait
            .min(send::remaining(exchange.deadline));
        let slot = self.limit.acquire(wait).await?;
        let result = exchange.exchange(read_body).await;
        drop(slot);
        let health = match &result {
            Ok(_) => Health::Good,
            Err(error) => error.health(),
        };
        pass.record(health);
        self.last_outcome.record(health);
        result
    }
}

/// A 2xx body as the expected JSON.
fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, UpstreamError> {
    serde_json::from_slice(bytes).map_err(|_| UpstreamError::BadResponse)
}

/// A status answer: SecureVideo's object (`{"SessionId": .., "Status":
/// "STARTED"}`, the shape assumed in [`SessionStatusBody`]) or, should the
/// real server send only the value, a bare `"STARTED"`. A value this code
/// does not know is [`SessionState::Unknown`]; anything else is a bad
/// answer.
fn status(bytes: &[u8]) -> Result<SessionState, UpstreamError> {
    let bad = |_| UpstreamError::BadResponse;
    match json::<serde_json::Value>(bytes)? {
        object @ serde_json::Value::Object(_) => {
            serde_json::from_value::<SessionStatusBody>(object)
                .map(|body| body.status)
                .map_err(bad)
        }
        bare @ serde_json::Value::String(_) => serde_json::from_value(bare).map_err(bad),
        _ => Err(UpstreamError::BadResponse),
    }
}

/// A 2xx body whose content does not matter.
fn ignore(_: &[u8]) -> Result<(), UpstreamError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use secrecy::SecretString;

    use super::*;

    fn client(base: &str) -> SecureVideoClient {
        SecureVideoClient::new(&UpstreamConfig {
            base_url: Url::parse(base).unwrap(),
            api_key: SecretString::from("key"),
            api_secret: SecretString::from("secret"),
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
        })
        .unwrap()
    }

    #[test]
    fn external_ids_become_encoded_query_values_never_path_segments() {
        let client = client("https://api.example.test");
        let weird = "A&B=C #/ D?".to_owned();
        let (url, _) = client.participant_url(
            &ParticipantRef::External {
                session: weird.clone(),
                participant: "x/y".to_owned(),
            },
            "PUT",
        );
        assert_eq!(url.path(), "/participant/0");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            vec![
                ("externalSessionId".to_owned(), weird),
                ("externalId".to_owned(), "x/y".to_owned())
            ]
        );
    }

    #[test]
    fn a_base_url_with_a_path_keeps_it() {
        let client = client("http://127.0.0.1:9/securevideo/");
        let (url, _) = client.participant_url(&ParticipantRef::Id(42), "DELETE");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/securevideo/participant/42"
        );
    }

    #[test]
    fn a_status_is_read_from_the_object_or_a_bare_value() {
        for (body, state) in [
            (
                r#"{"SessionId": 5, "Status": "STARTED"}"#,
                SessionState::Started,
            ),
            (r#"{"Status": "ENDED"}"#, SessionState::Ended),
            (r#""NOT_STARTED""#, SessionState::NotStarted),
            (
                r#"{"SessionId": 5, "Status": "PAUSED"}"#,
                SessionState::Unknown,
            ),
        ] {
            assert_eq!(status(body.as_bytes()).unwrap(), state, "{body}");
        }
        for body in ["<html>", "[]", "3", r#"{"Status": 3}"#] {
            assert!(
                matches!(status(body.as_bytes()), Err(UpstreamError::BadResponse)),
                "{body}"
            );
        }
    }

    #[test]
    fn the_debug_form_shows_no_credentials() {
        let text = format!("{:?}", client("https://api.example.test"));
        assert!(!text.contains("Basic"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}
