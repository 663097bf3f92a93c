//! The SecureVideo client: the only code that talks to SecureVideo (or to
//! the simulator, which speaks the same wire), with the API key and secret.
//!
//! - HTTP Basic with the key as user and the secret as password; the header
//!   is built once, marked sensitive, and never logged.
//! - Connect and total timeouts; redirects are not followed (a redirect
//!   would carry the credentials somewhere else).
//! - Ids go into paths only as integers; external ids only as
//!   percent-encoded query values.
//! - Logs name the endpoint, status and duration: never a URL (it may hold
//!   external ids), a body, or the Authorization header.

use std::fmt;
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use reqwest::{Method, StatusCode, redirect};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::common::{ErrorBody, Session, User};

/// The most an answer from SecureVideo may weigh; anything larger is not a
/// session list this proxy can use.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// The longest SecureVideo message passed on to staff.
const MAX_MESSAGE_CHARS: usize = 300;

/// A session, by SecureVideo's SessionId or by the EHR's ExternalSessionId.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionRef {
    Id(i64),
    External(String),
}

/// A participant, by ParticipationId or by the EHR's ids of the session and
/// of the participant (`externalSessionId` + `externalId`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParticipantRef {
    Id(i64),
    External {
        session: String,
        participant: String,
    },
}

/// Where SecureVideo is and how to sign in.
pub struct UpstreamConfig {
    pub base_url: Url,
    pub api_key: SecretString,
    pub api_secret: SecretString,
    pub connect_timeout: Duration,
    pub timeout: Duration,
}

/// Why a call to SecureVideo did not succeed. The messages are safe to log:
/// they hold no URL, body or credential.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// SecureVideo answered 400; `message` is its `Message`, cleaned.
    #[error("SecureVideo rejected the request (400)")]
    Rejected { message: Option<String> },
    #[error("SecureVideo answered 404")]
    NotFound,
    #[error("SecureVideo refused the API credentials ({status})")]
    Unauthorized { status: u16 },
    #[error("SecureVideo answered {status}")]
    Status { status: u16 },
    #[error("SecureVideo did not answer in time")]
    Timeout,
    #[error("SecureVideo could not be reached")]
    Unreachable,
    #[error("SecureVideo's answer could not be read")]
    BadResponse,
    #[error("the HTTP client could not be built")]
    Build,
}

/// The SecureVideo API client. Cheap to clone.
#[derive(Clone)]
pub struct SecureVideoClient {
    http: reqwest::Client,
    base_url: Url,
    authorization: HeaderValue,
}

impl fmt::Debug for SecureVideoClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecureVideoClient")
            .field("base_url", &self.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl SecureVideoClient {
    pub fn new(config: &UpstreamConfig) -> Result<Self, UpstreamError> {
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
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// `GET /session`: the account's active sessions.
    pub async fn list_sessions(&self) -> Result<Vec<Session>, UpstreamError> {
        let url = self.url(&["session"]);
        self.call_json(Method::GET, "GET /session", url, None).await
    }

    /// `GET /user`: the account's users.
    pub async fn list_users(&self) -> Result<Vec<User>, UpstreamError> {
        let url = self.url(&["user"]);
        self.call_json(Method::GET, "GET /user", url, None).await
    }

    /// A cheap authenticated call: succeeds when SecureVideo answers and
    /// accepts the credentials.
    pub async fn ping(&self) -> Result<(), UpstreamError> {
        let url = self.url(&["user"]);
        self.call(Method::GET, "GET /user", url, None)
            .await
            .map(drop)
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
        self.call_json(Method::POST, endpoint, url, Some(body))
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
        self.call_json(Method::PUT, endpoint, url, Some(body)).await
    }

    /// `DELETE` on the same two addresses; SecureVideo answers 204.
    pub async fn remove_participant(
        &self,
        participant: &ParticipantRef,
    ) -> Result<(), UpstreamError> {
        let (url, endpoint) = self.participant_url(participant, "DELETE");
        self.call(Method::DELETE, endpoint, url, None)
            .await
            .map(drop)
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

    async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        endpoint: &'static str,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<T, UpstreamError> {
        let bytes = self.call(method, endpoint, url, body).await?;
        serde_json::from_slice(&bytes).map_err(|_| {
            tracing::warn!(endpoint, "SecureVideo's answer is not the expected JSON");
            UpstreamError::BadResponse
        })
    }

    /// Sends one request and returns the body of a 2xx answer.
    async fn call(
        &self,
        method: Method,
        endpoint: &'static str,
        url: Url,
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, UpstreamError> {
        let started = Instant::now();
        let mut request = self
            .http
            .request(method, url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, "application/json");
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let result = self.send(request).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok((status, _)) => tracing::debug!(
                endpoint,
                status = status.as_u16(),
                elapsed_ms,
                "SecureVideo answered"
            ),
            Err(error) => {
                tracing::debug!(endpoint, error = %error, elapsed_ms, "SecureVideo call failed")
            }
        }
        let (status, bytes) = result?;
        if status.is_success() {
            return Ok(bytes);
        }
        Err(match status {
            StatusCode::BAD_REQUEST => UpstreamError::Rejected {
                message: message_from(&bytes),
            },
            StatusCode::NOT_FOUND => UpstreamError::NotFound,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => UpstreamError::Unauthorized {
                status: status.as_u16(),
            },
            other => UpstreamError::Status {
                status: other.as_u16(),
            },
        })
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<(StatusCode, Vec<u8>), UpstreamError> {
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(UpstreamError::BadResponse);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok((status, bytes))
    }
}

/// Sorts a transport failure without keeping its text (which holds the URL).
fn classify(error: reqwest::Error) -> UpstreamError {
    if error.is_timeout() {
        UpstreamError::Timeout
    } else if error.is_connect() || error.is_request() {
        UpstreamError::Unreachable
    } else {
        UpstreamError::BadResponse
    }
}

/// SecureVideo's `{"Message": "..."}`, trimmed to one short printable line.
fn message_from(bytes: &[u8]) -> Option<String> {
    let body: ErrorBody = serde_json::from_slice(bytes).ok()?;
    let cleaned: String = body
        .message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_MESSAGE_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

#[cfg(test)]
mod tests {
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
    fn the_debug_form_shows_no_credentials() {
        let text = format!("{:?}", client("https://api.example.test"));
        assert!(!text.contains("Basic"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn upstream_messages_are_cleaned_and_capped() {
        let long = format!("{{\"Message\": \"bad\\nthing {}\"}}", "x".repeat(1000));
        let message = message_from(long.as_bytes()).unwrap();
        assert!(message.starts_with("bad thing"));
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS);
        assert_eq!(message_from(b"<html>"), None);
    }
}
