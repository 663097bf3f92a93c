//! The session read's validator, so a widget that polls pays for an answer
//! only when the session changed: every `GET /api/session/..` answer
//! carries a strong `ETag` made from the exact bytes of its body, and a
//! request whose `If-None-Match` names it is answered `304 Not Modified`
//! with no body.
//!
//! The tag is the first 128 bits of the body's SHA-256, in hex (`sha2`,
//! RustCrypto's): the same body gives the same tag on every replica and
//! across restarts (std's `DefaultHasher` promises neither), and no two
//! bodies a session could have share one. The session is found exactly as
//! for a 200 (`sessions`), so a 304 costs SecureVideo no more than a 200
//! would; it saves the body on the wire and the widget's redraw.
//! `Cache-Control: no-store` stays on both (the edge sets it): the widget
//! keeps the last answer itself and sends its tag; no browser or shared
//! cache stores patient data.

use axum::http::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::proxy::error::ProxyError;

/// The strong entity tag of a body: `"` + 32 hex digits + `"`.
pub fn entity_tag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Does `If-None-Match` name `tag`? `*` matches any current answer; the
/// comparison is the weak one (RFC 9110 §13.1.2), so a `W/` prefix a cache
/// may have added does not matter. A header that cannot be read matches
/// nothing: the full answer goes out.
pub fn none_match(request: &HeaderMap, tag: &str) -> bool {
    request
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
}

/// `value` as JSON with its `ETag`, or `304 Not Modified` with only the
/// tag when the request already has this answer.
pub fn json_or_not_modified<T: Serialize>(
    request: &HeaderMap,
    value: &T,
) -> Result<Response, ProxyError> {
    let body = serde_json::to_vec(value).map_err(|_| ProxyError::Internal)?;
    let tag = entity_tag(&body);
    let etag = HeaderValue::from_str(&tag).map_err(|_| ProxyError::Internal)?;
    if none_match(request, &tag) {
        return Ok((StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response());
    }
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (ETAG, etag),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn the_tag_is_strong_quoted_and_follows_the_bytes() {
        let tag = entity_tag(b"{\"SessionId\":1}");
        assert_eq!(tag.len(), 34);
        assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
        assert_eq!(tag, entity_tag(b"{\"SessionId\":1}"));
        assert_ne!(tag, entity_tag(b"{\"SessionId\":2}"));
        // SHA-256 of the empty string starts e3b0c442...: the tag is the
        // same on every build and replica.
        assert_eq!(entity_tag(b""), "\"e3b0c44298fc1c149afbf4c8996fb924\"");
    }

    #[test]
    fn if_none_match_matches_the_tag_in_a_list_weakly_or_as_a_star() {
        let tag = entity_tag(b"x");
        for matching in [
            vec![tag.as_str()],
            vec!["*"],
            vec![&format!("\"other\", {tag}")],
            vec!["\"other\"", &tag],
            vec![&format!("W/{tag}")],
        ] {
            assert!(none_match(&headers(&matching), &tag), "{matching:?}");
        }
        for other in [
            vec![],
            vec!["\"other\""],
            vec![tag.trim_matches('"')],
            vec![""],
        ] {
            assert!(!none_match(&headers(&other), &tag), "{other:?}");
        }
    }
}
