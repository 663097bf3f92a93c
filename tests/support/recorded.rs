//! One request as a stand-in for SecureVideo received it: what the fake
//! upstreams record, and what the tests look at.

use axum::body::to_bytes;
use axum::extract::Request;

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// Reads the whole request (a body over 1 MiB, or one that breaks off,
    /// is recorded as empty; a header that is not text, lossily).
    pub async fn read(request: Request) -> Self {
        let (parts, body) = request.into_parts();
        Self {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            authorization: parts
                .headers
                .get("authorization")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            body: to_bytes(body, 1 << 20).await.unwrap_or_default().to_vec(),
        }
    }

    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    /// A session read: the account's list (`GET /session`) or one user's
    /// (`GET /session/{userId}`).
    pub fn is_session_read(&self) -> bool {
        self.method == "GET"
            && self.query.is_none()
            && self.path.strip_prefix("/session").is_some_and(|rest| {
                rest.is_empty()
                    || rest
                        .strip_prefix('/')
                        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            })
    }
}
