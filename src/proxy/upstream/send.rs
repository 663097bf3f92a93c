//! One HTTP exchange with SecureVideo: the request with HTTP Basic, the
//! answer's status mapped to an [`UpstreamError`], and the body of a
//! success read with a cap, within the operation's deadline.
//!
//! Redirects are never followed (the client is built without a redirect
//! policy): a 3xx is a failure, and nothing goes to the other host.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use url::Url;

use super::breaker::whole_seconds;
use super::error::UpstreamError;
use crate::common::ErrorBody;

/// The most an answer from SecureVideo may weigh; anything larger is not a
/// session list this proxy can use. Larger answers are cut off unread.
pub const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// The longest SecureVideo message passed on to staff.
const MAX_MESSAGE_CHARS: usize = 300;
/// A 429 without a readable `Retry-After`: wait this long.
pub const DEFAULT_RETRY_AFTER_SECS: u64 = 10;
/// The longest `Retry-After` passed on: beyond it, staff are better served
/// by trying again than by a page that says "come back tomorrow".
pub const MAX_RETRY_AFTER_SECS: u64 = 120;

/// One request to send.
pub struct Exchange<'a> {
    pub http: &'a reqwest::Client,
    pub authorization: &'a HeaderValue,
    pub method: &'a Method,
    pub url: &'a Url,
    pub body: Option<&'a [u8]>,
    /// For the logs: the endpoint's template, never the URL.
    pub endpoint: &'static str,
    pub deadline: Instant,
}

impl Exchange<'_> {
    /// Sends the request once; the body of a 2xx answer, read whole (up
    /// to [`MAX_RESPONSE_BYTES`]).
    pub async fn send(&self) -> Result<Vec<u8>, UpstreamError> {
        self.exchange(|mut response| async move { read_capped(&mut response).await })
            .await
    }

    /// Sends the request once; a 2xx answer is handed to `read_body`
    /// (which may stream it), within the same deadline.
    pub async fn exchange<T, F, Fut>(&self, read_body: F) -> Result<T, UpstreamError>
    where
        F: FnOnce(reqwest::Response) -> Fut,
        Fut: Future<Output = Result<T, UpstreamError>>,
    {
        let started = Instant::now();
        let remaining = self.deadline.saturating_duration_since(started);
        if remaining.is_zero() {
            return Err(UpstreamError::Timeout);
        }
        let mut request = self
            .http
            .request(self.method.clone(), self.url.clone())
            .timeout(remaining)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, "application/json");
        if let Some(body) = self.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_vec());
        }
        let answer = async {
            let response = self.receive(request).await?;
            read_body(response).await
        };
        let result = tokio::time::timeout(remaining, answer)
            .await
            .unwrap_or(Err(UpstreamError::Timeout));
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(endpoint = self.endpoint, elapsed_ms, "SecureVideo answered"),
            Err(error) => tracing::debug!(
                endpoint = self.endpoint,
                error = %error,
                elapsed_ms,
                "SecureVideo call failed"
            ),
        }
        result
    }

    /// The answer of a 2xx; any other status as its [`UpstreamError`].
    async fn receive(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, UpstreamError> {
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let endpoint = self.endpoint;
        let code = status.as_u16();
        // Only a 400's body is read (for its message); the others are
        // dropped unread.
        Err(match status {
            StatusCode::BAD_REQUEST => UpstreamError::Rejected {
                message: read_capped(&mut response)
                    .await
                    .ok()
                    .and_then(|bytes| message_from(&bytes)),
            },
            StatusCode::NOT_FOUND => UpstreamError::NotFound,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                tracing::error!(
                    alert = "upstream_credentials_rejected",
                    endpoint,
                    status = code,
                    "SecureVideo refused the API key and secret: check SECUREVIDEO_API_KEY and SECUREVIDEO_API_SECRET"
                );
                UpstreamError::Unauthorized { status: code }
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let retry_after_secs = retry_after_secs(response.headers(), SystemTime::now());
                tracing::warn!(
                    endpoint,
                    retry_after_secs,
                    "SecureVideo is throttling (429)"
                );
                UpstreamError::Throttled { retry_after_secs }
            }
            _ if status.is_redirection() => {
                tracing::warn!(
                    endpoint,
                    status = code,
                    "SecureVideo answered a redirect; not followed"
                );
                UpstreamError::Status { status: code }
            }
            _ => UpstreamError::Status { status: code },
        })
    }
}

/// The body, read chunk by chunk and given up past [`MAX_RESPONSE_BYTES`]
/// (or at once when the declared length is over it).
pub async fn read_capped(response: &mut reqwest::Response) -> Result<Vec<u8>, UpstreamError> {
    let too_large = || {
        tracing::warn!(
            max_bytes = MAX_RESPONSE_BYTES,
            "SecureVideo's answer is over the size cap"
        );
        UpstreamError::BadResponse
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Sorts a transport failure without keeping its text (which holds the URL).
pub fn classify(error: reqwest::Error) -> UpstreamError {
    if error.is_connect() {
        UpstreamError::Unreachable
    } else if error.is_timeout() {
        UpstreamError::Timeout
    } else {
        UpstreamError::Interrupted
    }
}

/// A 429's `Retry-After` (seconds or an HTTP date) in whole seconds, within
/// 1..=[`MAX_RETRY_AFTER_SECS`]; [`DEFAULT_RETRY_AFTER_SECS`] when absent
/// or unreadable.
pub fn retry_after_secs(headers: &HeaderMap, now: SystemTime) -> u64 {
    let value = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .map(str::trim);
    let seconds = value.and_then(|value| {
        value.parse::<u64>().ok().or_else(|| {
            let at = httpdate::parse_http_date(value).ok()?;
            Some(
                at.duration_since(now)
                    .map(whole_seconds)
                    .unwrap_or_default(),
            )
        })
    });
    seconds
        .unwrap_or(DEFAULT_RETRY_AFTER_SECS)
        .clamp(1, MAX_RETRY_AFTER_SECS)
}

/// SecureVideo's `{"Message": "..."}`, trimmed to one short printable line.
pub fn message_from(bytes: &[u8]) -> Option<String> {
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

/// How long is left before `deadline`.
pub fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_messages_are_cleaned_and_capped() {
        let long = format!("{{\"Message\": \"bad\\nthing {}\"}}", "x".repeat(1000));
        let message = message_from(long.as_bytes()).unwrap();
        assert!(message.starts_with("bad thing"));
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS);
        assert_eq!(message_from(b"<html>"), None);
    }

    fn retry_after(value: Option<&str>, now: SystemTime) -> u64 {
        let mut headers = HeaderMap::new();
        if let Some(value) = value {
            headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        }
        retry_after_secs(&headers, now)
    }

    #[test]
    fn retry_after_is_read_in_seconds_or_as_a_date_and_capped() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_450);
        assert_eq!(retry_after(Some("7"), now), 7);
        assert_eq!(retry_after(Some(" 0 "), now), 1);
        assert_eq!(retry_after(Some("86400"), now), MAX_RETRY_AFTER_SECS);
        // 2015-10-21 07:28:00 UTC is 1445412480: 30 s after `now`.
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT"), now), 30);
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:00:00 GMT"), now), 1);
        assert_eq!(retry_after(Some("soon"), now), DEFAULT_RETRY_AFTER_SECS);
        assert_eq!(retry_after(None, now), DEFAULT_RETRY_AFTER_SECS);
        assert_eq!(retry_after(Some("-5"), now), DEFAULT_RETRY_AFTER_SECS);
    }
}
