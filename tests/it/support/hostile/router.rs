//! A raw request through the whole proxy router (`proxy::app`, driven with
//! `tower::ServiceExt::oneshot`), in front of the recording SecureVideo
//! stand-in, as the fuzz target `router` and its corpus replay drive it.
//!
//! Checked for every input: no panic, and no 500 (a handler that failed in
//! a way nobody wrote down); no request upstream outside the allow-list
//! ([`violation`]) and at most one change; no canary in the response
//! ([`leaked_in_response`]).
//!
//! # Input format
//!
//! Readable, so seeds can be written by hand and failures read:
//!
//! ```text
//! <auth><upstream>METHOD TARGET
//! Header-Name: value
//! ...
//!
//! body bytes
//! ```
//!
//! - `<auth>`, one byte, `(byte - b'0') % 5`: `0` no token (only the
//!   headers given), `1` a write token for session 36201, `2` a write token
//!   for ExternalSessionId APPT-1001, `3` a read token for session 36201,
//!   `4` the development mode (no token needed, every session).
//! - `<upstream>`, one byte, `(byte - b'0') % 16`: bits 0–2 pick how
//!   SecureVideo answers changes ([`Answer::ALL`]: `0` normal, `1` 400,
//!   `2` 500, `3` HTML, `4` 401, `5` 404, `6` 429, `7` redirect); bit 3
//!   makes reads answer the same way.
//! - The request line, headers and body as in HTTP/1 (lines end in `\n`).
//!   The stand-in's session and guest take the external ids the query
//!   names, so a request by external id finds them.
//!   An input that is not a request (bad method or target) is skipped, as
//!   the HTTP server would refuse it before the router; a bad header line
//!   is left out.

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderName, HeaderValue, Method, Request, Uri, header};
use participant_manager::proxy::{
    self, AppState, Authenticator, EmbedClaims, Scope, SecureVideoClient, SessionRef,
    SessionSettings, UpstreamConfig, UpstreamPolicy, mint_token,
};
use secrecy::SecretString;
use tower::ServiceExt;

use super::canary::{self, leaked_in_response};
use super::upstream::{Answer, Recorded, RecordingUpstream, Script, violation};

/// Which router, and which token, a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The token-checking router; only the headers in the input.
    NoToken,
    WriteById,
    WriteByExternalId,
    ReadById,
    /// The development-mode router: no token, every session.
    DevOpen,
}

/// What one request did.
#[derive(Debug)]
pub struct Exchange {
    pub status: u16,
    /// Status, headers and body, as text.
    pub shown: String,
    /// What reached the SecureVideo stand-in, in order.
    pub sent: Vec<Recorded>,
}

/// A runtime, the SecureVideo stand-in, and the proxy's two routers.
pub struct RouterHarness {
    runtime: tokio::runtime::Runtime,
    pub upstream: RecordingUpstream,
    client: SecureVideoClient,
    /// One exchange at a time: the stand-in's record is shared.
    turn: Mutex<u64>,
}

/// The client's policy for hostile input: retries without waiting, and a
/// circuit breaker that never opens. Each input is then judged on its own
/// (a breaker opened by earlier inputs would answer later ones itself, and
/// a failure would depend on what ran before it).
pub fn every_call_reaches_upstream() -> UpstreamPolicy {
    UpstreamPolicy {
        retry_backoff: Duration::from_millis(1),
        breaker_threshold: u32::MAX,
        ..UpstreamPolicy::default()
    }
}

/// The process's harness (the fuzz target's; tests make their own).
#[allow(
    dead_code,
    reason = "fuzz/fuzz_targets/router.rs calls it; the tests do not"
)]
pub fn harness() -> &'static RouterHarness {
    static HARNESS: OnceLock<RouterHarness> = OnceLock::new();
    HARNESS.get_or_init(RouterHarness::new)
}

/// Runs one fuzz input; panics on a broken property.
#[allow(
    dead_code,
    reason = "fuzz/fuzz_targets/router.rs calls it; the tests do not"
)]
pub fn check_router(data: &[u8]) {
    harness().check(data);
}

impl Default for RouterHarness {
    fn default() -> Self {
        Self::new()
    }
}

impl RouterHarness {
    pub fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let upstream = runtime.block_on(RecordingUpstream::start());
        let client = SecureVideoClient::with_policy(
            &UpstreamConfig {
                base_url: upstream.base_url.parse().unwrap(),
                api_key: SecretString::from(canary::API_KEY),
                api_secret: SecretString::from(canary::API_SECRET),
                connect_timeout: Duration::from_secs(2),
                timeout: Duration::from_secs(5),
            },
            every_call_reaches_upstream(),
        )
        .unwrap();

        Self {
            runtime,
            upstream,
            client,
            turn: Mutex::new(0),
        }
    }

    /// A proxy that knows nothing yet: each input meets a fresh session
    /// index, so what it sends upstream depends on that input alone (the
    /// scripts give one id a new session from input to input).
    fn router(&self, auth: Auth) -> Router {
        let small = NonZeroUsize::new(64).expect("non-zero");
        let sessions = SessionSettings {
            index_capacity: small,
            snapshot_capacity: small,
            ..SessionSettings::default()
        };
        let (authenticator, origins) = if auth == Auth::DevOpen {
            (Authenticator::dev_open(), vec![])
        } else {
            (
                Authenticator::tokens(&SecretString::from(canary::TOKEN_SECRET)),
                vec![HeaderValue::from_static("https://ehr.example.com")],
            )
        };
        proxy::app(AppState::with_sessions(
            self.client.clone(),
            authenticator,
            origins,
            sessions,
        ))
    }

    /// A token signed with the harness's secret.
    pub fn token(session: SessionRef, scope: Scope) -> String {
        let claims = EmbedClaims::new("fuzz-staff", session, scope, Duration::from_secs(600));
        mint_token(&SecretString::from(canary::TOKEN_SECRET), &claims)
    }

    /// Sends one request through a router, with SecureVideo answering by
    /// `script`; returns what came back and what went upstream.
    pub fn exchange(&self, auth: Auth, mut request: Request<Body>, script: Script) -> Exchange {
        let mut turn = self.turn.lock().unwrap_or_else(|e| e.into_inner());
        *turn += 1;
        // A client address of its own per request, for any per-address limit.
        let n = *turn;
        let peer = SocketAddr::from(([127, (n >> 16) as u8, (n >> 8) as u8, n as u8], 40000));
        request.extensions_mut().insert(ConnectInfo(peer));
        let token = match auth {
            Auth::NoToken | Auth::DevOpen => None,
            Auth::WriteById => Some(Self::token(SessionRef::Id(36201), Scope::Write)),
            Auth::WriteByExternalId => Some(Self::token(
                SessionRef::External("APPT-1001".to_owned()),
                Scope::Write,
            )),
            Auth::ReadById => Some(Self::token(SessionRef::Id(36201), Scope::Read)),
        };
        if let Some(token) = token
            && !request.headers().contains_key(header::AUTHORIZATION)
            && let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}"))
        {
            request.headers_mut().insert(header::AUTHORIZATION, value);
        }
        let app = self.router(auth);
        self.upstream.take();
        self.upstream.set_script(script);
        let (status, shown) = self.runtime.block_on(async move {
            let response = app.oneshot(request).await.unwrap_or_else(|e| match e {});
            let status = response.status().as_u16();
            let mut shown = format!("{status}\n");
            for (name, value) in response.headers() {
                shown.push_str(&format!(
                    "{name}: {}\n",
                    String::from_utf8_lossy(value.as_bytes())
                ));
            }
            let body = to_bytes(response.into_body(), 64 << 20)
                .await
                .expect("the response body can be read");
            shown.push_str(&String::from_utf8_lossy(&body));
            (status, shown)
        });
        Exchange {
            status,
            shown,
            sent: self.upstream.take(),
        }
    }

    /// Decodes a fuzz input, sends it, and checks the properties.
    pub fn check(&self, data: &[u8]) -> Option<Exchange> {
        let (auth, script, request) = decode(data)?;
        let exchange = self.exchange(auth, request, script);
        assert_ne!(
            exchange.status, 500,
            "an unexpected 500: {}",
            exchange.shown
        );
        if let Some(secret) = leaked_in_response(exchange.status, &exchange.shown) {
            panic!(
                "the canary {secret:?} is in the response: {}",
                exchange.shown
            );
        }
        for request in &exchange.sent {
            if let Some(why) = violation(request) {
                panic!("a request outside the allow-list reached SecureVideo: {why}");
            }
        }
        let changes = exchange.sent.iter().filter(|r| r.method != "GET").count();
        assert!(
            changes <= 1,
            "{changes} changes sent for one request: {:?}",
            exchange.sent
        );
        Some(exchange)
    }
}

/// Reads the input format above; `None` when it is not a request.
pub fn decode(data: &[u8]) -> Option<(Auth, Script, Request<Body>)> {
    let [auth, upstream, rest @ ..] = data else {
        return None;
    };
    let auth = match auth.wrapping_sub(b'0') % 5 {
        0 => Auth::NoToken,
        1 => Auth::WriteById,
        2 => Auth::WriteByExternalId,
        3 => Auth::ReadById,
        _ => Auth::DevOpen,
    };
    let upstream = upstream.wrapping_sub(b'0') % 16;
    let changes = Answer::ALL[usize::from(upstream % 8)];
    let mut script = Script {
        changes,
        reads: if upstream >= 8 {
            changes
        } else {
            Answer::Normal
        },
        ..Script::default()
    };

    let mut lines = rest.split(|&b| b == b'\n');
    let request_line = lines.next()?;
    let (method, target) = match request_line.iter().position(|&b| b == b' ') {
        Some(space) => (&request_line[..space], &request_line[space + 1..]),
        None => (request_line, &b"/"[..]),
    };
    let method = Method::from_bytes(method).ok()?;
    let uri = Uri::try_from(target.strip_suffix(b"\r").unwrap_or(target)).ok()?;
    // SecureVideo "has" the session and guest the query names, so requests
    // by external id get past the lookup and a value that broke out of its
    // parameter would show at the allow-list.
    for (name, value) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        let value = value.trim().to_owned();
        match name.as_ref() {
            "externalSessionId" => script.external_session_id = value,
            "externalId" => script.guest_external_id = value,
            _ => {}
        }
    }
    let mut builder = Request::builder().method(method).uri(uri);
    let mut consumed = request_line.len() + 1;
    for line in lines.by_ref() {
        consumed += line.len() + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let value = line[colon + 1..].trim_ascii();
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(value),
        ) {
            builder = builder.header(name, value);
        }
    }
    let body = rest.get(consumed..).unwrap_or_default().to_vec();
    let request = builder.body(Body::from(body)).ok()?;
    Some((auth, script, request))
}
