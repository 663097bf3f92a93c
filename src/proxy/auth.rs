//! Embed tokens: the short-lived JWTs that the EHR portal's backend signs
//! (HS256, with `EMBED_TOKEN_SECRET`) so its page may manage one session.
//!
//! Claims: `sub` (the staff user, for the audit log), exactly one of `sid`
//! (SessionId) or `esid` (ExternalSessionId), `scope` (`read` | `write`),
//! `iat`, `exp` (at most an hour after `iat`), `aud` (`participant-manager`)
//! and optionally `nbf` (not valid before). Anything else about a token (a
//! missing claim, an `iat` older than the longest lifetime, an `nbf` still to
//! come, another algorithm, `alg: none`, a bad signature) is a 401. The
//! time arithmetic is checked: signed claims are still hostile input.
//!
//! In local development only (loopback and the embedded simulator, checked
//! by [`super::config`]) the proxy may run without a secret; then every
//! request is the `dev` actor with write access to every session.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::ProxyError;
use super::upstream::SessionRef;
use crate::common::rules::values::{ExternalId, MAX_ID};
pub use crate::common::scope::Scope;

/// The `aud` every embed token must carry.
pub const AUDIENCE: &str = "participant-manager";
/// The longest a token may live (`exp - iat`).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// Clock skew tolerated on `exp`, `iat` and `nbf`.
pub const LEEWAY_SECS: u64 = 5;
/// The shortest signing secret accepted (HS256 wants 256 bits).
pub const MIN_SECRET_BYTES: usize = 32;
/// The longest `sub` accepted; staff ids are short.
const MAX_ACTOR_CHARS: usize = 128;
/// The longest bearer token read at all.
const MAX_TOKEN_BYTES: usize = 4096;

/// An embed token's claims, as signed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmbedClaims {
    /// The actor: the staff user's id in the EHR.
    pub sub: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esid: Option<String>,
    pub scope: Scope,
    pub iat: i64,
    pub exp: i64,
    /// Not valid before (seconds since the epoch); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    pub aud: String,
    /// Optional: the SecureVideo UserId of the session's host. Only a hint
    /// of where to look: the proxy then reads that host's sessions even for
    /// the first request, instead of the account's whole list. A wrong hint
    /// costs that one read, never access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<i64>,
}

impl EmbedClaims {
    /// Claims issued now, for one session, living `ttl`.
    pub fn new(actor: impl Into<String>, session: SessionRef, scope: Scope, ttl: Duration) -> Self {
        let iat = chrono::Utc::now().timestamp();
        let (sid, esid) = match session {
            SessionRef::Id(id) => (Some(id), None),
            SessionRef::External(esid) => (None, Some(esid)),
        };
        Self {
            sub: actor.into(),
            sid,
            esid,
            scope,
            iat,
            exp: iat + ttl.as_secs() as i64,
            nbf: None,
            aud: AUDIENCE.to_owned(),
            host: None,
        }
    }
}

/// Signs claims with HS256.
pub fn mint_token(secret: &SecretString, claims: &EmbedClaims) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.expose_secret().as_bytes())
            .expect("the token secret is checked to be non-empty"),
    )
    .expect("HS256 signing of plain claims cannot fail")
}

/// Which sessions a caller may touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionGrant {
    /// The one session named in the token.
    One(SessionRef),
    /// Every session: development without a token secret only.
    Any,
}

/// Who is calling and what they may do: the result of authentication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub actor: String,
    pub scope: Scope,
    pub grant: SessionGrant,
    /// The token's `host` claim: where to look for its session first.
    pub host_hint: Option<i64>,
}

/// Why a token was refused. Logged by kind; the widget only learns 401.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("no bearer token")]
    Missing,
    #[error("the token has expired")]
    Expired,
    #[error("the token is malformed, forged or not for this audience")]
    Invalid,
    #[error("the token lives longer than an hour")]
    TooLongLived,
    #[error("the token is issued in the future")]
    IssuedInFuture,
    #[error("the token was issued longer ago than a token may live")]
    IssuedTooLongAgo,
    #[error("the token is not valid yet (nbf)")]
    NotYetValid,
    #[error("the token must name exactly one session (sid or esid)")]
    Session,
    #[error("the token's actor (sub) is empty or too long")]
    Actor,
}

/// Checks embed tokens against the shared secret.
pub struct TokenVerifier {
    key: DecodingKey,
    validation: Validation,
}

impl TokenVerifier {
    pub fn new(secret: &SecretString) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        Self {
            key: DecodingKey::from_secret(secret.expose_secret().as_bytes())
                .expect("the token secret is checked to be non-empty"),
            validation,
        }
    }

    /// The caller a token names, or why it is refused.
    pub fn verify(&self, token: &str) -> Result<Caller, TokenError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(TokenError::Invalid);
        }
        let claims = jsonwebtoken::decode::<EmbedClaims>(token, &self.key, &self.validation)
            .map_err(|error| match error.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?
            .claims;
        check_times(&claims, chrono::Utc::now().timestamp())?;
        let actor = claims.sub.trim();
        if actor.is_empty()
            || actor.chars().count() > MAX_ACTOR_CHARS
            || actor.chars().any(char::is_control)
        {
            return Err(TokenError::Actor);
        }
        let session = match (claims.sid, claims.esid) {
            (Some(id), None) if (1..=MAX_ID).contains(&id) => SessionRef::Id(id),
            (None, Some(esid)) => SessionRef::External(
                ExternalId::parse(&serde_json::Value::String(esid))
                    .map_err(|_| TokenError::Session)?
                    .as_str()
                    .to_owned(),
            ),
            _ => return Err(TokenError::Session),
        };
        if matches!(&session, SessionRef::External(esid) if esid.is_empty()) {
            return Err(TokenError::Session);
        }
        Ok(Caller {
            actor: actor.to_owned(),
            scope: claims.scope,
            grant: SessionGrant::One(session),
            host_hint: claims.host.filter(|id| (1..=MAX_ID).contains(id)),
        })
    }
}

/// `iat`, `exp` and `nbf` against the clock `now`, in checked arithmetic
/// (a signed `iat` of `i64::MIN` must not wrap into a short lifetime).
fn check_times(claims: &EmbedClaims, now: i64) -> Result<(), TokenError> {
    let leeway = LEEWAY_SECS as i64;
    let max_lifetime = MAX_TOKEN_LIFETIME.as_secs() as i64;
    if claims.iat > now + leeway {
        return Err(TokenError::IssuedInFuture);
    }
    if claims.iat < now - max_lifetime - leeway {
        return Err(TokenError::IssuedTooLongAgo);
    }
    match claims.exp.checked_sub(claims.iat) {
        Some(lifetime) if lifetime <= max_lifetime => {}
        _ => return Err(TokenError::TooLongLived),
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + leeway) {
        return Err(TokenError::NotYetValid);
    }
    Ok(())
}

/// How `/api` requests are authenticated.
#[derive(Clone)]
pub enum Authenticator {
    /// Every request needs a valid embed token.
    Tokens(Arc<TokenVerifier>),
    /// No token needed: development on loopback with the simulator only.
    DevOpen,
}

impl Authenticator {
    pub fn tokens(secret: &SecretString) -> Self {
        Self::Tokens(Arc::new(TokenVerifier::new(secret)))
    }

    pub fn dev_open() -> Self {
        Self::DevOpen
    }

    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Caller, TokenError> {
        match self {
            Self::DevOpen => Ok(Caller {
                actor: "dev".to_owned(),
                scope: Scope::Write,
                grant: SessionGrant::Any,
                host_hint: None,
            }),
            Self::Tokens(verifier) => verifier.verify(bearer(headers)?),
        }
    }
}

/// The token of the one `Authorization: Bearer ...` header.
fn bearer(headers: &HeaderMap) -> Result<&str, TokenError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(TokenError::Missing);
    };
    let value = value.to_str().map_err(|_| TokenError::Invalid)?;
    let (scheme, token) = value.split_once(' ').ok_or(TokenError::Invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(TokenError::Invalid);
    }
    Ok(token.trim())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ProxyError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ProxyError> {
        state
            .authenticator()
            .authenticate(&parts.headers)
            .map_err(|error| {
                tracing::info!(reason = %error, "embed token refused");
                ProxyError::Unauthenticated {
                    expired: error == TokenError::Expired,
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> SecretString {
        SecretString::from("0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn a_minted_token_verifies_to_its_caller() {
        let claims = EmbedClaims::new(
            "staff-7",
            SessionRef::Id(12),
            Scope::Read,
            Duration::from_secs(60),
        );
        let caller = TokenVerifier::new(&secret())
            .verify(&mint_token(&secret(), &claims))
            .unwrap();
        assert_eq!(
            caller,
            Caller {
                actor: "staff-7".into(),
                scope: Scope::Read,
                grant: SessionGrant::One(SessionRef::Id(12)),
                host_hint: None,
            }
        );
    }

    #[test]
    fn a_token_with_both_session_claims_is_refused() {
        let mut claims = EmbedClaims::new(
            "a",
            SessionRef::Id(12),
            Scope::Read,
            Duration::from_secs(60),
        );
        claims.esid = Some("X".into());
        let result = TokenVerifier::new(&secret()).verify(&mint_token(&secret(), &claims));
        assert_eq!(result, Err(TokenError::Session));
    }

    #[test]
    fn a_token_living_over_an_hour_is_refused() {
        let claims = EmbedClaims::new(
            "a",
            SessionRef::Id(12),
            Scope::Read,
            Duration::from_secs(3601),
        );
        let result = TokenVerifier::new(&secret()).verify(&mint_token(&secret(), &claims));
        assert_eq!(result, Err(TokenError::TooLongLived));
    }

    #[test]
    fn time_claims_are_checked_without_overflow() {
        let now = 1_800_000_000;
        let mut claims = EmbedClaims::new(
            "a",
            SessionRef::Id(12),
            Scope::Read,
            Duration::from_secs(60),
        );
        claims.iat = i64::MIN;
        claims.exp = i64::MAX;
        assert_eq!(check_times(&claims, now), Err(TokenError::IssuedTooLongAgo));
        claims.iat = now;
        assert_eq!(check_times(&claims, now), Err(TokenError::TooLongLived));
        claims.exp = now + 60;
        claims.nbf = Some(i64::MAX);
        assert_eq!(check_times(&claims, now), Err(TokenError::NotYetValid));
        claims.nbf = Some(i64::MIN);
        assert_eq!(check_times(&claims, now), Ok(()));
    }

    #[test]
    fn the_bearer_scheme_is_required() {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&headers), Err(TokenError::Invalid));
        assert_eq!(bearer(&HeaderMap::new()), Err(TokenError::Missing));
    }
}
