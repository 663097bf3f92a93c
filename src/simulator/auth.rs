//! HTTP Basic authentication, as SecureVideo does it: the API identifier is
//! the user name and the secret the password. Every route requires it,
//! `/outbox` included (whoever may read the API may read what it sent).
//!
//! Both parts are compared in constant time (`subtle`). Neither the secret nor the
//! `Authorization` header is ever logged.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use super::SimulatorState;
use super::error::SimulatorError;

/// Middleware: passes the request on when its credentials are the
/// configured ones, else answers 401.
pub async fn require_basic_auth(
    State(state): State<SimulatorState>,
    request: Request,
    next: Next,
) -> Response {
    if is_authorized(request.headers(), &state) {
        next.run(request).await
    } else {
        SimulatorError::Unauthorized.into_response()
    }
}

fn is_authorized(headers: &HeaderMap, state: &SimulatorState) -> bool {
    let Some((user, password)) = basic_credentials(headers) else {
        return false;
    };
    let (key, secret) = state.credentials();
    // `&` on `Choice`, not `&&`: both comparisons always run.
    let matches = user.as_bytes().ct_eq(key.as_bytes())
        & password.as_bytes().ct_eq(secret.expose_secret().as_bytes());
    matches.into()
}

/// The user name and password of an `Authorization: Basic ...` header.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
        a.ct_eq(b).into()
    }

    #[test]
    fn equal_strings_compare_equal_and_others_do_not() {
        assert!(constant_time_eq(b"demo-secret", b"demo-secret"));
        assert!(!constant_time_eq(b"demo-secret", b"demo-secreT"));
        assert!(!constant_time_eq(b"demo-secret", b"demo-secret2"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    #[test]
    fn basic_credentials_are_read_and_other_schemes_are_not() {
        let mut headers = HeaderMap::new();
        let encoded = STANDARD.encode("key:pa:ss");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {encoded}")).unwrap(),
        );
        assert_eq!(
            basic_credentials(&headers),
            Some(("key".to_owned(), "pa:ss".to_owned()))
        );
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {encoded}")).unwrap(),
        );
        assert_eq!(basic_credentials(&headers), None);
    }
}
