//! Hostile ids and query values, 10,000 generated cases per property,
//! through the proxy's whole router in-process (`tower::ServiceExt::oneshot`)
//! in front of a SecureVideo stand-in that records every request
//! (`support/hostile/`). The proxy runs in development mode (no token, every
//! session), so nothing but the address decides whether a request goes
//! upstream.
//!
//! - Any string in an id position or a query value makes no upstream call
//!   unless it is a valid id (and a valid one does make the call).
//! - A valid id becomes exactly one change upstream, at exactly that path,
//!   after the one session read that finds the session; nothing else is
//!   touched.
//! - A query value (with `&`, `=`, `#`, `%`, `+`, spaces, unicode) is read
//!   as exactly that value: it finds the session and participant that hold
//!   exactly it, and the change goes to their ids, with no query at all, so
//!   nothing can be injected and SecureVideo never matches the string
//!   itself.
//!
//! Run: `cargo test --test it hostile::properties` (`PROPTEST_CASES=N` to change
//! the number of cases).

use crate::support::hostile;

use axum::body::Body;
use axum::http::{Method, Request, header};
use hostile::router::{Auth, Exchange, RouterHarness};
use hostile::upstream::{Script, violation};
use participant_manager::common::rules::values::{EXTERNAL_ID_MAX_CHARS, MAX_ID};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// 10,000 cases, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    ProptestConfig::with_cases(cases)
}

const GUEST: &str = r#"{"ParticipantFullName":"Pat Example"}"#;
const GUEST_UPDATE: &str = r#"{"ParticipantEmailAddress":"pat@example.com"}"#;
const USER_UPDATE: &str = r#"{"PacketId":0}"#;

fn request(method: Method, uri: &str, body: Option<&str>) -> Request<Body> {
    let builder = Request::builder().method(method).uri(uri);
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned())),
        None => builder.body(Body::empty()),
    }
    .unwrap()
}

/// Every byte but ASCII letters and digits as `%XX`: a path segment or
/// query value that decodes to exactly `s`.
fn percent_encoded(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `application/x-www-form-urlencoded`, as a browser's URLSearchParams
/// writes it (space as `+`).
fn form_encoded(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What the API accepts as an id in a path: 1 to 10 ASCII digits naming a
/// number up to SecureVideo's largest id (a 32-bit int). Written here from
/// the API's description, not taken from the proxy.
fn is_valid_path_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 10
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<i64>().is_ok_and(|n| n <= MAX_ID)
}

/// What the API accepts as an external id: after trimming, 1 to 64
/// characters, none of them a control character.
fn is_valid_external_id(s: &str) -> bool {
    let s = s.trim();
    let chars = s.chars().count();
    (1..=EXTERNAL_ID_MAX_CHARS).contains(&chars) && !s.chars().any(char::is_control)
}

/// Strings a hostile or careless caller puts where an id goes.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,70}",
        "[0-9]{0,12}",
        "[-+ 0-9a-fA-FxX._eE]{0,12}",
        "[0-9]{1,10}[^0-9]{1,3}",
        "[ \t]{0,2}[0-9]{1,10}[ \t]{0,2}",
        "[&=#%+?/\\\\.;, ]{0,10}",
        "[0-9]{1,9}(%00|%2F|/|\\.\\.|\\u{0660}|\\u{FF11})",
        prop::sample::select(vec![
            "0",
            "00",
            "-0",
            "1",
            "2147483647",
            "2147483648",
            "4294967296",
            "99999999999",
            "0x1F",
            "1e3",
            "1.0",
            " 1",
            "1 ",
            "+1",
            "-1",
            "١٢٣",
            "１２３",
            "..",
            ".",
            "%2e%2e",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Where a hostile string goes.
#[derive(Clone, Copy, Debug)]
enum Position {
    /// `/api/participant/{s}` with POST, PUT or DELETE.
    ParticipantPath(u8),
    /// `/api/session/{s}`.
    SessionPath,
    /// `/api/session/{s}/status`.
    StatusPath,
    /// `externalSessionId={s}` (POST, GET session, or PUT/DELETE with a
    /// good externalId).
    ExternalSessionId(u8),
    /// `externalId={s}` with a good externalSessionId (PUT or DELETE).
    ExternalId(u8),
}

fn position() -> impl Strategy<Value = Position> {
    prop_oneof![
        (0u8..3).prop_map(Position::ParticipantPath),
        Just(Position::SessionPath),
        Just(Position::StatusPath),
        (0u8..4).prop_map(Position::ExternalSessionId),
        (0u8..2).prop_map(Position::ExternalId),
    ]
}

fn change(method: u8) -> (Method, Option<&'static str>) {
    match method % 3 {
        0 => (Method::POST, Some(GUEST)),
        1 => (Method::PUT, Some(GUEST_UPDATE)),
        _ => (Method::DELETE, None),
    }
}

/// The request that puts `s` in `position`, and whether the API would
/// accept that address.
fn hostile_request(position: Position, s: &str, form: bool) -> (Request<Body>, bool) {
    let query = |s: &str| {
        if form {
            form_encoded(s)
        } else {
            percent_encoded(s)
        }
    };
    let valid_path = is_valid_path_id(s) && s.bytes().any(|b| b != b'0');
    match position {
        Position::ParticipantPath(m) => {
            let (method, body) = change(m);
            let uri = format!("/api/participant/{}", percent_encoded(s));
            (request(method, &uri, body), valid_path)
        }
        Position::SessionPath => {
            let uri = format!("/api/session/{}", percent_encoded(s));
            (request(Method::GET, &uri, None), valid_path)
        }
        Position::StatusPath => {
            let uri = format!("/api/session/{}/status", percent_encoded(s));
            (request(Method::GET, &uri, None), valid_path)
        }
        Position::ExternalSessionId(m) => {
            let (method, body, uri) = match m {
                0 => (
                    Method::POST,
                    Some(GUEST),
                    format!("/api/participant/0?externalSessionId={}", query(s)),
                ),
                1 => (
                    Method::GET,
                    None,
                    format!("/api/session/0?externalSessionId={}", query(s)),
                ),
                m => {
                    let (method, body) = change(m - 1);
                    let uri = format!(
                        "/api/participant/0?externalSessionId={}&externalId=PAT-0001",
                        query(s)
                    );
                    (method, body, uri)
                }
            };
            (request(method, &uri, body), is_valid_external_id(s))
        }
        Position::ExternalId(m) => {
            let (method, body) = change(m + 1);
            let uri = format!(
                "/api/participant/0?externalSessionId=APPT-1001&externalId={}",
                query(s)
            );
            (request(method, &uri, body), is_valid_external_id(s))
        }
    }
}

/// Nothing outside the allow-list went upstream.
fn within_allow_list(exchange: &Exchange) -> Result<(), TestCaseError> {
    for sent in &exchange.sent {
        if let Some(why) = violation(sent) {
            return Err(TestCaseError::fail(why));
        }
    }
    Ok(())
}

#[test]
fn a_string_in_an_id_or_query_position_goes_upstream_only_when_it_is_a_valid_id() {
    let harness = RouterHarness::new();
    proptest!(config(), |(position in position(), s in hostile_string(), form in any::<bool>())| {
        let (request, valid) = hostile_request(position, &s, form);
        let exchange = harness.exchange(Auth::DevOpen, request, Script::default());
        within_allow_list(&exchange)?;
        if valid {
            prop_assert!(
                !exchange.sent.is_empty(),
                "a valid address made no upstream call: {position:?} {s:?} -> {}",
                exchange.shown
            );
        } else {
            prop_assert!(
                exchange.sent.is_empty(),
                "{position:?} {s:?} reached SecureVideo: {:?}",
                exchange.sent
            );
            prop_assert!(
                (400..500).contains(&exchange.status),
                "{position:?} {s:?} -> {}",
                exchange.shown
            );
        }
    });
}

/// What a valid id addresses.
#[derive(Clone, Copy, Debug)]
enum Target {
    AddToSession,
    ReadSession,
    UpdateGuest,
    UpdateUser,
    RemoveGuest,
    RemoveUser,
}

fn target() -> impl Strategy<Value = Target> {
    prop::sample::select(vec![
        Target::AddToSession,
        Target::ReadSession,
        Target::UpdateGuest,
        Target::UpdateUser,
        Target::RemoveGuest,
        Target::RemoveUser,
    ])
}

fn valid_id() -> impl Strategy<Value = i64> {
    prop_oneof![1..=MAX_ID, 1i64..1000, Just(MAX_ID), Just(1)]
}

#[test]
fn a_valid_id_becomes_exactly_one_upstream_request_at_exactly_that_path() {
    let harness = RouterHarness::new();
    proptest!(config(), |(id in valid_id(), target in target(), zeros in 0usize..3)| {
        // Leading zeros name the same id while the whole stays 10 digits.
        let digits = id.to_string();
        let written = format!("{}{digits}", "0".repeat(zeros.min(10 - digits.len())));
        let other = if id > 1 { id - 1 } else { 2 };
        let session_script = Script { session_id: id, ..Script::default() };
        let guest_script = Script { guest_id: id, user_participation_id: other, ..Script::default() };
        let user_script = Script { guest_id: other, user_participation_id: id, ..Script::default() };
        let participant = format!("/api/participant/{written}");
        let (request, script, change) = match target {
            Target::AddToSession => (request(Method::POST, &participant, Some(GUEST)), session_script, Some("POST")),
            Target::ReadSession => (request(Method::GET, &format!("/api/session/{written}"), None), session_script, None),
            Target::UpdateGuest => (request(Method::PUT, &participant, Some(GUEST_UPDATE)), guest_script, Some("PUT")),
            Target::UpdateUser => (request(Method::PUT, &participant, Some(USER_UPDATE)), user_script, Some("PUT")),
            Target::RemoveGuest => (request(Method::DELETE, &participant, None), guest_script, Some("DELETE")),
            Target::RemoveUser => (request(Method::DELETE, &participant, None), user_script, Some("DELETE")),
        };
        let exchange = harness.exchange(Auth::DevOpen, request, script);
        within_allow_list(&exchange)?;
        prop_assert!(
            matches!(exchange.status, 200 | 204),
            "{target:?} {written} -> {}",
            exchange.shown
        );
        let (reads, changes): (Vec<_>, Vec<_>) =
            exchange.sent.iter().partition(|r| r.is_session_read());
        prop_assert_eq!(reads.len(), 1, "one session read: {:?}", exchange.sent);
        match change {
            None => prop_assert!(changes.is_empty(), "{:?}", exchange.sent),
            Some(method) => {
                prop_assert_eq!(changes.len(), 1, "one change: {:?}", exchange.sent);
                prop_assert_eq!(changes[0].method.as_str(), method);
                prop_assert_eq!(&changes[0].path, &format!("/participant/{id}"));
                prop_assert_eq!(&changes[0].query, &None);
            }
        }
    });
}

/// A character a query value may carry: mostly the separators and escapes
/// of URLs and forms, hex digits (to spell `%26` and the like), letters and
/// a few characters beyond ASCII; sometimes any character at all.
fn query_char() -> impl Strategy<Value = char> {
    let alphabet: Vec<char> = "&=#%+?/;,:@$!'()*[]\"<>{}|\\^~` .-_0123456789ABCDEFabcdefxyz\
                               éü中😀\u{200B}\u{FEFF}\u{2028}\u{0301}\u{202E}"
        .chars()
        .collect();
    prop_oneof![7 => prop::sample::select(alphabet), 1 => any::<char>()]
}

/// A valid external id made of those characters.
fn external_value() -> impl Strategy<Value = String> {
    prop::collection::vec(query_char(), 1..=EXTERNAL_ID_MAX_CHARS)
        .prop_map(String::from_iter)
        .prop_filter("a valid external id, exactly as written", |s| {
            is_valid_external_id(s) && s.trim() == s
        })
}

#[test]
fn a_query_value_finds_exactly_the_session_and_participant_that_hold_it_and_goes_no_further() {
    let harness = RouterHarness::new();
    proptest!(config(), |(session in external_value(), participant in external_value(), route in 0u8..4, form in any::<bool>())| {
        let encode = |s: &str| if form { form_encoded(s) } else { percent_encoded(s) };
        let by_session = format!("/api/participant/0?externalSessionId={}", encode(&session));
        let by_participant = format!("{by_session}&externalId={}", encode(&participant));
        let script = Script {
            external_session_id: session.clone(),
            guest_external_id: participant.clone(),
            ..Script::default()
        };
        let (to_session, to_guest) = (
            format!("/participant/{}", script.session_id),
            format!("/participant/{}", script.guest_id),
        );
        let (request, expected) = match route {
            0 => (request(Method::POST, &by_session, Some(GUEST)), Some(("POST", to_session))),
            1 => (request(Method::PUT, &by_participant, Some(GUEST_UPDATE)), Some(("PUT", to_guest))),
            2 => (request(Method::DELETE, &by_participant, None), Some(("DELETE", to_guest))),
            _ => (request(Method::GET, &format!("/api/session/0?externalSessionId={}", encode(&session)), None), None),
        };
        let exchange = harness.exchange(Auth::DevOpen, request, script);
        within_allow_list(&exchange)?;
        prop_assert!(matches!(exchange.status, 200 | 204), "{}", exchange.shown);
        let (reads, changes): (Vec<_>, Vec<_>) =
            exchange.sent.iter().partition(|r| r.is_session_read());
        prop_assert_eq!(reads.len(), 1, "{:?}", exchange.sent);
        match expected {
            None => prop_assert!(changes.is_empty(), "{:?}", exchange.sent),
            Some((method, path)) => {
                prop_assert_eq!(changes.len(), 1, "{:?}", exchange.sent);
                let sent = changes[0];
                prop_assert_eq!(sent.method.as_str(), method);
                prop_assert_eq!(&sent.path, &path);
                prop_assert_eq!(&sent.query, &None);
            }
        }
    });
}
