//! The proxy's configuration: the CLI arguments of `serve` and `token`
//! (every option also read from an environment variable), and the checks
//! that turn them into [`ProxySettings`] before any port is opened.
//!
//! Secrets are [`SecretString`]s: their `Debug` is redacted and `--help`
//! never shows their environment values.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use axum::http::HeaderValue;
use clap::{ArgGroup, Args};
use secrecy::{ExposeSecret, SecretString};
use url::{Host, Url};

use super::auth::{EmbedClaims, MAX_TOKEN_LIFETIME, MIN_SECRET_BYTES, Scope, mint_token};
use super::edge::{self, EdgeSettings, RateLimitSettings};
use super::sessions::SessionSettings;
use super::upstream::{SessionRef, UpstreamPolicy};
use crate::common::rules::values::MAX_ID;

pub const DEFAULT_BASE_URL: &str = "https://api.securevideo.com";
/// The longest upstream timeout accepted.
const MAX_TIMEOUT: Duration = Duration::from_secs(300);

/// Run the proxy: the widget's API, holding the SecureVideo credentials.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// SecureVideo API identifier (the HTTP Basic user name). Set it together
    /// with the secret; with neither set, an embedded simulator is used.
    #[arg(
        long,
        env = "SECUREVIDEO_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<SecretString>,

    /// SecureVideo API secret (the HTTP Basic password). Prefer the
    /// environment variable to the command line.
    #[arg(
        long,
        env = "SECUREVIDEO_API_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub api_secret: Option<SecretString>,

    /// SecureVideo API base URL, https (http only for a loopback host); used
    /// with the credentials [default: https://api.securevideo.com].
    #[arg(long, env = "SECUREVIDEO_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,

    /// Secret (at least 32 bytes) shared with the EHR portal's backend, which
    /// signs the embed tokens (HS256). May be left out only for local
    /// development: listening on loopback with the embedded simulator, where
    /// /api then accepts requests without a token.
    #[arg(
        long,
        env = "EMBED_TOKEN_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub token_secret: Option<SecretString>,

    /// Browser origins allowed to call the API cross-origin, comma-separated
    /// and matched exactly (e.g. https://ehr.example.com). Empty: none.
    #[arg(
        long,
        env = "ALLOWED_ORIGINS",
        value_name = "ORIGINS",
        default_value = ""
    )]
    pub allowed_origins: String,

    /// SQLite file of the embedded simulator (used only without SecureVideo
    /// credentials); ":memory:" keeps it in memory.
    #[arg(
        long,
        env = "SIMULATOR_DB",
        default_value = "simulator.db",
        value_name = "PATH"
    )]
    pub simulator_db: String,

    /// Total time allowed for one SecureVideo call, its retries included
    /// (e.g. 15s, 500ms, 1m).
    #[arg(long, env = "UPSTREAM_TIMEOUT", default_value = "15s", value_parser = parse_duration)]
    pub upstream_timeout: Duration,

    /// Time allowed to connect to SecureVideo.
    #[arg(long, env = "UPSTREAM_CONNECT_TIMEOUT", default_value = "5s", value_parser = parse_duration)]
    pub upstream_connect_timeout: Duration,

    /// Wait before retrying a failed SecureVideo read; the second retry
    /// waits twice as long, each stretched by a random factor up to 2.
    #[arg(long, env = "UPSTREAM_RETRY_BACKOFF", default_value = "100ms", value_parser = parse_duration)]
    pub upstream_retry_backoff: Duration,

    /// Consecutive failed SecureVideo calls after which the circuit breaker
    /// opens: calls are then answered 503 at once, without contacting
    /// SecureVideo, until the cool-down has passed.
    #[arg(long, env = "UPSTREAM_BREAKER_THRESHOLD", default_value_t = 5, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub upstream_breaker_threshold: u32,

    /// How long the open circuit breaker refuses calls before it lets one
    /// probe call through.
    #[arg(long, env = "UPSTREAM_BREAKER_COOLDOWN", default_value = "10s", value_parser = parse_duration)]
    pub upstream_breaker_cooldown: Duration,

    /// The most SecureVideo calls in flight at once.
    #[arg(long, env = "UPSTREAM_MAX_IN_FLIGHT", default_value_t = 32, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub upstream_max_in_flight: u32,

    /// The oldest a session's snapshot (or status) may be to answer a
    /// request from it (e.g. 2s, 500ms); a change made elsewhere
    /// (SecureVideo's dashboard) shows within it. 0: every request reads
    /// SecureVideo.
    #[arg(long, env = "SESSION_MAX_AGE", default_value = "2s", value_parser = parse_duration)]
    pub session_max_age: Duration,

    /// The most sessions whose ids (SessionId, ExternalSessionId, host,
    /// ParticipationIds) this replica keeps, least recently used first out;
    /// about 200 bytes each. Losing one costs a read, never a wrong answer.
    #[arg(long, env = "SESSION_INDEX_CAPACITY", default_value_t = 50_000, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub session_index_capacity: u32,

    /// How long a call waits for a free slot when UPSTREAM_MAX_IN_FLIGHT
    /// calls are in flight, before it is answered 503.
    #[arg(long, env = "UPSTREAM_QUEUE_WAIT", default_value = "1s", value_parser = parse_duration)]
    pub upstream_queue_wait: Duration,

    /// Time a client has to send a request's headers; the connection is
    /// closed after it (also the longest a kept-alive connection may idle).
    #[arg(long, env = "HEADER_READ_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_read_timeout: Duration,

    /// The most client connections open at once. At the cap a new
    /// connection replaces the longest-idle one; when every one is busy
    /// with a request, the new one gets 503 with Retry-After. Keep it well
    /// under the process's file-descriptor limit (`ulimit -n`).
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = edge::connections::DEFAULT_MAX_CONNECTIONS, value_name = "N")]
    pub max_connections: usize,

    /// Time a client has to send a request's body once its headers are in;
    /// 408 after it.
    #[arg(long, env = "BODY_READ_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub body_read_timeout: Duration,

    /// Requests per second allowed per embed token (its actor and session),
    /// with bursts of twice that; 0 turns the limit off. The default is a
    /// backstop far above what a page sends.
    #[arg(long, env = "RATE_LIMIT_PER_TOKEN", default_value_t = edge::rate_limit::DEFAULT_PER_TOKEN, value_name = "N")]
    pub rate_limit_per_token: u32,

    /// Requests per second allowed per client address (the TCP peer, never a
    /// forwarding header; IPv6 per /64), with bursts of twice that; 0 turns
    /// the limit off.
    #[arg(long, env = "RATE_LIMIT_PER_ADDRESS", default_value_t = edge::rate_limit::DEFAULT_PER_ADDRESS, value_name = "N")]
    pub rate_limit_per_address: u32,

    /// Also apply the per-address limit to loopback peers. Off by default:
    /// behind a reverse proxy on the same host every client would share the
    /// proxy's address (the per-token limit still applies).
    #[arg(long, env = "RATE_LIMIT_LOOPBACK")]
    pub rate_limit_loopback: bool,

    /// Directory of the built widget (dist/) to serve at / as the
    /// standalone page, framable only by ALLOWED_ORIGINS. Unset: no page.
    #[arg(long, env = "STATIC_DIR", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
}

/// Where the proxy sends its calls.
#[derive(Debug)]
pub enum UpstreamChoice {
    /// The embedded simulator, started in-process on a loopback port with
    /// fresh random credentials.
    Simulator { db: String },
    /// SecureVideo (or anything speaking its API) at `base_url`.
    SecureVideo {
        base_url: Url,
        api_key: SecretString,
        api_secret: SecretString,
    },
}

/// A checked configuration for [`super::serve`].
#[derive(Debug)]
pub struct ProxySettings {
    pub listen: SocketAddr,
    pub upstream: UpstreamChoice,
    /// `None` only in local development (loopback and the simulator).
    pub token_secret: Option<SecretString>,
    pub allowed_origins: Vec<HeaderValue>,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// Retries, circuit breaker and in-flight limit for SecureVideo calls.
    pub upstream_policy: UpstreamPolicy,
    /// Timeouts, rate limits and the standalone page.
    pub edge: EdgeSettings,
    /// The session index and its snapshots' max age.
    pub sessions: SessionSettings,
}

/// A configuration that cannot run; each message says what to change.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "SECUREVIDEO_API_KEY (--api-key) and SECUREVIDEO_API_SECRET (--api-secret) must be set together; only {0} is set"
    )]
    HalfCredentials(&'static str),
    #[error(
        "SECUREVIDEO_BASE_URL (--base-url) is set but SECUREVIDEO_API_KEY and SECUREVIDEO_API_SECRET are not; set them too, or unset the base URL to use the embedded simulator"
    )]
    BaseUrlWithoutCredentials,
    #[error("SECUREVIDEO_BASE_URL (--base-url) {0}")]
    BaseUrl(String),
    #[error("ALLOWED_ORIGINS (--allowed-origins): {origin:?} {reason}")]
    Origin {
        origin: String,
        reason: &'static str,
    },
    #[error(
        "EMBED_TOKEN_SECRET (--token-secret) is not set; it may be left out only for local development, listening on loopback (not {listen}) with the embedded simulator (no SecureVideo credentials)"
    )]
    NoTokenSecret { listen: SocketAddr },
    #[error(
        "EMBED_TOKEN_SECRET (--token-secret) must be at least {MIN_SECRET_BYTES} bytes; it is {0} (generate one with `openssl rand -base64 48`)"
    )]
    ShortTokenSecret(usize),
    #[error("{name} must be between 1ms and {}s", MAX_TIMEOUT.as_secs())]
    Timeout { name: &'static str },
    #[error("SESSION_MAX_AGE (--session-max-age) must be between 0 and {}s", MAX_TIMEOUT.as_secs())]
    SessionMaxAge,
    #[error("MAX_CONNECTIONS (--max-connections) must be at least 1")]
    MaxConnections,
    #[error("STATIC_DIR (--static-dir) {0} is not a directory")]
    StaticDir(String),
    #[error("--ttl must be between 1s and {} minutes", MAX_TOKEN_LIFETIME.as_secs() / 60)]
    TokenTtl,
    #[error("--external-session-id must not be empty")]
    EmptyExternalSessionId,
    #[error("--actor must not be empty")]
    EmptyActor,
}

impl ServeArgs {
    /// Checks the arguments; the error says what to change.
    pub fn settings(&self) -> Result<ProxySettings, ConfigError> {
        let key = present(&self.api_key);
        let secret = present(&self.api_secret);
        let base_url = self
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let upstream = match (key, secret) {
            (Some(api_key), Some(api_secret)) => UpstreamChoice::SecureVideo {
                base_url: parse_base_url(base_url.unwrap_or(DEFAULT_BASE_URL))?,
                api_key,
                api_secret,
            },
            (Some(_), None) => return Err(ConfigError::HalfCredentials("SECUREVIDEO_API_KEY")),
            (None, Some(_)) => return Err(ConfigError::HalfCredentials("SECUREVIDEO_API_SECRET")),
            (None, None) if base_url.is_some() => {
                return Err(ConfigError::BaseUrlWithoutCredentials);
            }
            (None, None) => UpstreamChoice::Simulator {
                db: self.simulator_db.clone(),
            },
        };
        let token_secret = match present(&self.token_secret) {
            Some(secret) => Some(check_token_secret(secret)?),
            None if self.listen.ip().is_loopback()
                && matches!(upstream, UpstreamChoice::Simulator { .. }) =>
            {
                None
            }
            None => {
                return Err(ConfigError::NoTokenSecret {
                    listen: self.listen,
                });
            }
        };
        Ok(ProxySettings {
            listen: self.listen,
            upstream,
            token_secret,
            allowed_origins: parse_allowed_origins(&self.allowed_origins)?,
            connect_timeout: check_timeout(
                self.upstream_connect_timeout,
                "UPSTREAM_CONNECT_TIMEOUT",
            )?,
            timeout: check_timeout(self.upstream_timeout, "UPSTREAM_TIMEOUT")?,
            upstream_policy: self.upstream_policy()?,
            edge: self.edge_settings()?,
            sessions: self.session_settings()?,
        })
    }

    fn session_settings(&self) -> Result<SessionSettings, ConfigError> {
        if self.session_max_age > MAX_TIMEOUT {
            return Err(ConfigError::SessionMaxAge);
        }
        let capacity = NonZeroUsize::new(self.session_index_capacity as usize)
            .expect("clap keeps the capacity at least 1");
        Ok(SessionSettings {
            max_age: self.session_max_age,
            index_capacity: capacity,
            // Whole sessions are kept for those being worked on; a tenth of
            // the index (at least one) holds every open widget of a clinic.
            snapshot_capacity: NonZeroUsize::new((capacity.get() / 10).max(1))
                .expect("at least one"),
        })
    }

    fn upstream_policy(&self) -> Result<UpstreamPolicy, ConfigError> {
        Ok(UpstreamPolicy {
            retry_backoff: check_timeout(self.upstream_retry_backoff, "UPSTREAM_RETRY_BACKOFF")?,
            breaker_threshold: self.upstream_breaker_threshold,
            breaker_cooldown: check_timeout(
                self.upstream_breaker_cooldown,
                "UPSTREAM_BREAKER_COOLDOWN",
            )?,
            max_in_flight: self.upstream_max_in_flight as usize,
            queue_wait: check_timeout(self.upstream_queue_wait, "UPSTREAM_QUEUE_WAIT")?,
        })
    }

    fn edge_settings(&self) -> Result<EdgeSettings, ConfigError> {
        if let Some(dir) = &self.static_dir
            && !dir.is_dir()
        {
            return Err(ConfigError::StaticDir(dir.display().to_string()));
        }
        Ok(EdgeSettings {
            header_read_timeout: check_timeout(self.header_read_timeout, "HEADER_READ_TIMEOUT")?,
            body_read_timeout: check_timeout(self.body_read_timeout, "BODY_READ_TIMEOUT")?,
            max_connections: check_max_connections(self.max_connections)?,
            rate_limit: RateLimitSettings {
                per_token: self.rate_limit_per_token,
                per_address: self.rate_limit_per_address,
                limit_loopback: self.rate_limit_loopback,
            },
            static_dir: self.static_dir.clone(),
        })
    }
}

/// A secret that is set and not blank.
fn present(secret: &Option<SecretString>) -> Option<SecretString> {
    secret
        .as_ref()
        .filter(|s| !s.expose_secret().trim().is_empty())
        .cloned()
}

pub fn check_token_secret(secret: SecretString) -> Result<SecretString, ConfigError> {
    let len = secret.expose_secret().len();
    if len < MIN_SECRET_BYTES {
        Err(ConfigError::ShortTokenSecret(len))
    } else {
        Ok(secret)
    }
}

fn check_timeout(timeout: Duration, name: &'static str) -> Result<Duration, ConfigError> {
    if timeout.is_zero() || timeout > MAX_TIMEOUT {
        Err(ConfigError::Timeout { name })
    } else {
        Ok(timeout)
    }
}

fn check_max_connections(max: usize) -> Result<usize, ConfigError> {
    if max == 0 {
        Err(ConfigError::MaxConnections)
    } else {
        Ok(max)
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

/// An http(s) base URL without credentials, query or fragment; plain http
/// only to a loopback host, since the API secret travels in every request.
pub fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let bad = |why: &str| ConfigError::BaseUrl(why.to_owned());
    let url = Url::parse(raw).map_err(|_| bad("is not a URL"))?;
    let host = url.host().ok_or_else(|| bad("has no host"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(bad(
                "must use https (plain http is allowed only for a loopback host)",
            ));
        }
        _ => return Err(bad("must be an http(s) URL")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "must not contain credentials; use SECUREVIDEO_API_KEY / SECUREVIDEO_API_SECRET",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or fragment"));
    }
    Ok(url)
}

/// Exact browser origins (`scheme://host[:port]`), never a wildcard.
pub fn parse_allowed_origins(raw: &str) -> Result<Vec<HeaderValue>, ConfigError> {
    let mut origins = Vec::new();
    for origin in raw.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let bad = |reason| ConfigError::Origin {
            origin: origin.to_owned(),
            reason,
        };
        if origin == "*" || origin.eq_ignore_ascii_case("null") {
            return Err(bad("is not allowed: list each origin exactly"));
        }
        let url =
            Url::parse(origin).map_err(|_| bad("is not an origin like https://ehr.example.com"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(bad(
                "must be an http(s) origin like https://ehr.example.com",
            ));
        }
        if url.path() != "/" || origin.trim_end_matches('/').matches('/').count() > 2 {
            return Err(bad("must be an origin only, without a path"));
        }
        if url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(bad(
                "must be an origin only, without credentials, query or fragment",
            ));
        }
        let serialized = url.origin().ascii_serialization();
        let value =
            HeaderValue::from_str(&serialized).map_err(|_| bad("is not a valid header value"))?;
        if !origins.contains(&value) {
            origins.push(value);
        }
    }
    Ok(origins)
}

/// Reads `250ms`, `15s`, `15m`, `1h`, or a plain number of seconds.
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let error = || format!("{raw:?} is not a duration like 500ms, 15s, 15m or 1h");
    let number: u64 = number.parse().map_err(|_| error())?;
    let seconds = |factor: u64| {
        number
            .checked_mul(factor)
            .map(Duration::from_secs)
            .ok_or_else(error)
    };
    match unit.trim() {
        "ms" => Ok(Duration::from_millis(number)),
        "" | "s" => seconds(1),
        "m" => seconds(60),
        "h" => seconds(3600),
        _ => Err(error()),
    }
}

/// Mint an embed token for development and print it on stdout.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("session").required(true).args(["session_id", "external_session_id"])))]
pub struct TokenArgs {
    /// The SessionId the token is for.
    #[arg(long, env = "TOKEN_SESSION_ID", value_parser = clap::value_parser!(i64).range(1..=MAX_ID))]
    pub session_id: Option<i64>,

    /// The ExternalSessionId the token is for.
    #[arg(long, env = "TOKEN_EXTERNAL_SESSION_ID")]
    pub external_session_id: Option<String>,

    /// The actor: the staff user's id, as it will appear in the audit log.
    #[arg(long, env = "TOKEN_ACTOR", value_name = "ID")]
    pub actor: String,

    /// What the token allows.
    #[arg(long, env = "TOKEN_SCOPE", value_enum, default_value = "read")]
    pub scope: Scope,

    /// The SecureVideo UserId of the session's host, if the EHR knows it:
    /// the proxy then finds the session through that host's sessions
    /// instead of reading the account's whole list first.
    #[arg(long, env = "TOKEN_HOST_USER_ID", value_parser = clap::value_parser!(i64).range(1..=MAX_ID))]
    pub host_user_id: Option<i64>,

    /// How long the token lives (e.g. 15m, 900s, 1h); at most 1h.
    #[arg(long, env = "TOKEN_TTL", default_value = "15m", value_parser = parse_duration)]
    pub ttl: Duration,

    /// The signing secret shared with the proxy (at least 32 bytes).
    #[arg(
        long,
        env = "EMBED_TOKEN_SECRET",
        hide_env_values = true,
        value_name = "SECRET",
        required = true
    )]
    pub token_secret: Option<SecretString>,
}

impl TokenArgs {
    /// The signed token these arguments describe.
    pub fn mint(&self) -> Result<String, ConfigError> {
        let secret = check_token_secret(
            present(&self.token_secret).ok_or(ConfigError::ShortTokenSecret(0))?,
        )?;
        if self.ttl < Duration::from_secs(1) || self.ttl > MAX_TOKEN_LIFETIME {
            return Err(ConfigError::TokenTtl);
        }
        if self.actor.trim().is_empty() {
            return Err(ConfigError::EmptyActor);
        }
        let session = match (&self.session_id, &self.external_session_id) {
            (Some(id), _) => SessionRef::Id(*id),
            (None, Some(esid)) if !esid.trim().is_empty() => {
                SessionRef::External(esid.trim().to_owned())
            }
            _ => return Err(ConfigError::EmptyExternalSessionId),
        };
        let mut claims = EmbedClaims::new(self.actor.trim(), session, self.scope, self.ttl);
        claims.host = self.host_user_id;
        Ok(mint_token(&secret, &claims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_their_units() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("900s"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert!(parse_duration("fifteen").is_err());
        assert!(parse_duration("15d").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn origins_are_exact_and_never_wildcards() {
        let origins =
            parse_allowed_origins(" https://ehr.example.com , http://localhost:8080/ ").unwrap();
        assert_eq!(
            origins,
            vec!["https://ehr.example.com", "http://localhost:8080"]
        );
        for bad in [
            "*",
            "null",
            "ehr.example.com",
            "https://ehr.example.com/portal",
            "ftp://x.example.com",
        ] {
            assert!(parse_allowed_origins(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_upstream_options_default_to_the_policy_defaults() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let cli = <Cli as clap::Parser>::try_parse_from(["serve"]).unwrap();
        assert_eq!(
            cli.serve.upstream_policy().unwrap(),
            UpstreamPolicy::default()
        );
    }

    #[test]
    fn the_session_options_default_to_the_settings_defaults_and_are_checked() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let parse = |args: &[&str]| {
            let argv = std::iter::once("serve").chain(args.iter().copied());
            <Cli as clap::Parser>::try_parse_from(argv).map(|cli| cli.serve.session_settings())
        };
        assert_eq!(parse(&[]).unwrap().unwrap(), SessionSettings::default());
        let always = parse(&["--session-max-age", "0"]).unwrap().unwrap();
        assert_eq!(always.max_age, Duration::ZERO);
        let small = parse(&["--session-index-capacity", "5"]).unwrap().unwrap();
        assert_eq!(
            (small.index_capacity.get(), small.snapshot_capacity.get()),
            (5, 1)
        );
        let too_old = parse(&["--session-max-age", "10m"]).unwrap().unwrap_err();
        assert!(too_old.to_string().contains("SESSION_MAX_AGE"), "{too_old}");
        assert!(parse(&["--session-index-capacity", "0"]).is_err());
    }

    #[test]
    fn plain_http_is_refused_for_a_remote_securevideo() {
        assert!(parse_base_url("http://api.securevideo.com").is_err());
        assert!(parse_base_url("http://127.0.0.1:8788").is_ok());
        assert!(parse_base_url("https://user:pw@api.securevideo.com").is_err());
        assert!(parse_base_url("file:///etc/passwd").is_err());
    }
}
