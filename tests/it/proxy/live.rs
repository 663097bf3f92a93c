//! A roster that stays live (issue 10, the proxy's half), over real HTTP on
//! loopback against the real simulator:
//!
//! - the session read carries a strong `ETag`; the same tag in
//!   `If-None-Match` gets `304 Not Modified` with no body (still
//!   `no-store`, with the tag and a request id), a change (through the
//!   proxy, or made elsewhere: a participant connecting) a 200 with a new
//!   tag; a 304 costs SecureVideo no more reads than a 200;
//! - a portal's widget may send `If-None-Match` and read `ETag` (CORS);
//! - `GET /api/session/{id}/status` answers SecureVideo's status of the
//!   session the token covers, by either addressing, with a read token,
//!   and refuses what the session read refuses; polling it costs one
//!   status read per session per max age; the upstream client reads the
//!   status by SessionId and by ExternalSessionId.

use crate::support::proxy_stack as stack;
use crate::support::sessions_stack;

use std::time::Duration;

use futures_util::future::join_all;
use participant_manager::proxy::{self, EmbedClaims, Scope, SessionRef};
use participant_manager::simulator::seed::DEMO_GUEST_NAME;
use reqwest::header::{ETAG, IF_NONE_MATCH};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sessions_stack::*;
use stack::*;

const PORTAL: &str = "https://ehr.example.com";

fn session_path() -> String {
    format!("/api/session/{DEMO_SESSION_ID}")
}

fn status_path() -> String {
    format!("/api/session/{DEMO_SESSION_ID}/status")
}

fn read_token() -> String {
    token(SessionRef::Id(DEMO_SESSION_ID), Scope::Read)
}

/// A GET with an embed token and, when given, `If-None-Match`.
async fn get_if(stack: &Stack, path: &str, token: &str, tag: Option<&str>) -> reqwest::Response {
    let mut request = stack.http.get(stack.url(path)).bearer_auth(token);
    if let Some(tag) = tag {
        request = request.header(IF_NONE_MATCH, tag);
    }
    request.send().await.unwrap()
}

fn etag_of(response: &reqwest::Response) -> String {
    let tag = response
        .headers()
        .get(ETAG)
        .unwrap_or_else(|| panic!("no ETag in {:?}", response.headers()))
        .to_str()
        .unwrap()
        .to_owned();
    // Strong, quoted.
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "{tag}"
    );
    tag
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn the_same_etag_gets_304_with_no_body_and_a_change_a_200_with_a_new_one() {
    // Every request reads SecureVideo, so the reads can be counted.
    let stack = stack_with(Duration::ZERO, None).await;
    let token = demo_write_token();

    let before = stack.upstream_reads();
    let first = get_if(&stack, &session_path(), &token, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = etag_of(&first);
    assert_eq!(header(&first, "cache-control"), Some("no-store"));
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["SessionId"], DEMO_SESSION_ID);
    let reads_for_200 = stack.upstream_reads() - before;
    assert_eq!(reads_for_200, 1);

    let before = stack.upstream_reads();
    let again = get_if(&stack, &session_path(), &token, Some(&tag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(etag_of(&again), tag);
    // The edge's headers are on the 304 too.
    assert_eq!(header(&again, "cache-control"), Some("no-store"));
    assert_eq!(header(&again, "x-content-type-options"), Some("nosniff"));
    assert!(header(&again, "x-request-id").is_some());
    assert_eq!(again.bytes().await.unwrap().len(), 0);
    let reads_for_304 = stack.upstream_reads() - before;
    assert!(
        reads_for_304 <= reads_for_200,
        "a 304 cost {reads_for_304} reads, a 200 {reads_for_200}"
    );

    // The same session by its external id is the same answer: 304 too.
    let by_external = format!("/api/session/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}");
    let external_token = token_for_external();
    let same = get_if(&stack, &by_external, &external_token, Some(&tag)).await;
    assert_eq!(same.status(), StatusCode::NOT_MODIFIED);

    // A tag it is not, or a list without it: the whole answer.
    for other in ["\"0123\"", "*, nonsense", "W/\"0123\", \"4567\""] {
        let other_answer = get_if(&stack, &session_path(), &token, Some(other)).await;
        let expected = if other.starts_with('*') {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        };
        assert_eq!(other_answer.status(), expected, "{other}");
    }

    // A participant added through the proxy: a new body, a new tag.
    let added = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(&token),
            Some(&guest("Live Roster Guest")),
        )
        .await;
    assert_eq!(added.status(), StatusCode::OK);
    let changed = get_if(&stack, &session_path(), &token, Some(&tag)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let new_tag = etag_of(&changed);
    assert_ne!(new_tag, tag);
    let body: Value = changed.json().await.unwrap();
    assert!(participant(&body, "Live Roster Guest").is_some(), "{body}");
    // And the new tag is current.
    let current = get_if(&stack, &session_path(), &token, Some(&new_tag)).await;
    assert_eq!(current.status(), StatusCode::NOT_MODIFIED);
    stack.shutdown().await;
}

fn token_for_external() -> String {
    token(
        SessionRef::External(DEMO_EXTERNAL_SESSION_ID.to_owned()),
        Scope::Read,
    )
}

#[tokio::test]
async fn a_participant_connecting_elsewhere_changes_the_etag_and_shows_connection_ts() {
    let stack = stack_with(Duration::ZERO, None).await;
    let token = read_token();
    let first = get_if(&stack, &session_path(), &token, None).await;
    let tag = etag_of(&first);
    let body: Value = first.json().await.unwrap();
    let guest = participation_id(&body, DEMO_GUEST_NAME);
    assert_eq!(
        participant(&body, DEMO_GUEST_NAME).unwrap()["ConnectionTs"],
        Value::Null
    );

    let (status, _) = at_simulator(
        &stack,
        Method::POST,
        &format!("/simulator/participant/{guest}/connect"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let changed = get_if(&stack, &session_path(), &token, Some(&tag)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let connected_tag = etag_of(&changed);
    assert_ne!(connected_tag, tag);
    let body: Value = changed.json().await.unwrap();
    let ts = participant(&body, DEMO_GUEST_NAME).unwrap()["ConnectionTs"].clone();
    assert!(
        ts.as_str()
            .is_some_and(|ts| ts.len() == 19 && !ts.ends_with('Z')),
        "UTC without an offset: {ts}"
    );

    // Leaving changes it again.
    at_simulator(
        &stack,
        Method::POST,
        &format!("/simulator/participant/{guest}/disconnect"),
        None,
    )
    .await;
    let left = get_if(&stack, &session_path(), &token, Some(&connected_tag)).await;
    assert_eq!(left.status(), StatusCode::OK);
    let body: Value = left.json().await.unwrap();
    assert_eq!(
        participant(&body, DEMO_GUEST_NAME).unwrap()["ConnectionTs"],
        Value::Null
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_portal_page_may_send_if_none_match_and_read_the_etag() {
    let stack = stack_with(Duration::ZERO, None).await;
    let state = state_for(
        &stack.simulator.base_url(),
        &stack.api_key,
        &stack.api_secret,
        Duration::from_secs(10),
        &[PORTAL],
    );
    let portal_proxy = proxy::start(state, loopback()).await.unwrap();
    let url = format!("{}{}", portal_proxy.base_url(), session_path());
    let preflight = stack
        .http
        .request(Method::OPTIONS, &url)
        .header("origin", PORTAL)
        .header("access-control-request-method", "GET")
        .header(
            "access-control-request-headers",
            "authorization,if-none-match",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::OK);
    let allowed = header(&preflight, "access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("if-none-match"), "{allowed:?}");

    let answer = stack
        .http
        .get(&url)
        .header("origin", PORTAL)
        .bearer_auth(read_token())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let exposed = header(&answer, "access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(exposed.contains("etag"), "{exposed:?}");
    portal_proxy.shutdown().await;
    stack.shutdown().await;
}

async fn status_of(stack: &Stack, path: &str, token: &str) -> (u16, Value) {
    let response = stack.get(path, token).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_status_follows_the_visit_by_either_address_with_a_read_token() {
    // Every request reads SecureVideo: each change shows at once.
    let stack = stack_with(Duration::ZERO, None).await;
    let by_id = (status_path(), read_token());
    let by_external = (
        format!("/api/session/0/status?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
        token_for_external(),
    );
    let expect = |status: &str| json!({"SessionId": DEMO_SESSION_ID, "Status": status});
    for (path, token) in [&by_id, &by_external] {
        assert_eq!(
            status_of(&stack, path, token).await,
            (200, expect("NOT_STARTED"))
        );
    }
    let guest = participation_id(&stack.demo_session().await, DEMO_GUEST_NAME);
    let visit = |path: String| {
        let stack = &stack;
        async move { at_simulator(stack, Method::POST, &path, None).await.0 }
    };
    assert_eq!(
        visit(format!("/simulator/participant/{guest}/connect")).await,
        200
    );
    for (path, token) in [&by_id, &by_external] {
        assert_eq!(
            status_of(&stack, path, token).await,
            (200, expect("STARTED"))
        );
    }
    assert_eq!(
        visit(format!("/simulator/session/{DEMO_SESSION_ID}/end")).await,
        200
    );
    for (path, token) in [&by_id, &by_external] {
        assert_eq!(status_of(&stack, path, token).await, (200, expect("ENDED")));
    }
    stack.shutdown().await;
}

#[tokio::test]
async fn polling_the_status_costs_one_status_read_per_max_age_by_the_resolved_session_id() {
    let stack = stack_with(Duration::from_secs(60), None).await;
    let path = format!("/api/session/0/status?externalSessionId={DEMO_EXTERNAL_SESSION_ID}");
    // Twenty staff open the status at once (one token each), then one of
    // them polls.
    let tokens: Vec<String> = (0..20)
        .map(|n| {
            sign(&EmbedClaims::new(
                format!("staff-{n}"),
                SessionRef::External(DEMO_EXTERNAL_SESSION_ID.to_owned()),
                Scope::Read,
                Duration::from_secs(600),
            ))
        })
        .collect();
    let answers = join_all(tokens.iter().map(|token| status_of(&stack, &path, token))).await;
    for answer in &answers {
        assert_eq!(answer.0, 200, "{answer:?}");
        assert_eq!(answer.1["Status"], "NOT_STARTED");
    }
    for _ in 0..3 {
        assert_eq!(status_of(&stack, &path, &tokens[0]).await.0, 200);
    }
    // One status read, and one read to find the session. (That the status
    // is asked for by SessionId, never by the request's external id, the
    // hostile allow-list checks: fuzz seed `seed-read-status-external`.)
    assert_eq!(stack.upstream_calls_to("GET /status/{id}"), 1);
    assert_eq!(stack.upstream_reads(), 1);
    stack.shutdown().await;
}

#[tokio::test]
async fn the_status_route_refuses_what_the_session_read_refuses() {
    let stack = stack_with(Duration::ZERO, None).await;
    let other = token(SessionRef::Id(SECOND_SESSION_ID), Scope::Write);
    // Refused before anything is asked upstream.
    let calls = stack.upstream_calls();
    let cases: Vec<(String, Option<String>, u16)> = vec![
        (status_path(), None, 401),
        (status_path(), Some("not-a-token".to_owned()), 401),
        (status_path(), Some(other.clone()), 403),
        (
            "/api/session/abc/status".to_owned(),
            Some(read_token()),
            400,
        ),
        ("/api/session/0/status".to_owned(), Some(read_token()), 400),
        (
            format!("/api/session/0/status?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&x=1"),
            Some(token_for_external()),
            400,
        ),
    ];
    for (path, token, expected) in &cases {
        let response = stack.send(Method::GET, path, token.as_deref(), None).await;
        assert_eq!(response.status().as_u16(), *expected, "{path}");
        let body: Value = response.json().await.unwrap();
        assert!(body["RequestId"].is_string(), "{path}: {body}");
    }
    assert_eq!(stack.upstream_calls(), calls, "nothing went upstream");

    // A token for the demo session by external id, used on the second
    // session by id: found, then refused; its status never asked for.
    let (status, _) = status_of(
        &stack,
        &format!("/api/session/{SECOND_SESSION_ID}/status"),
        &token_for_external(),
    )
    .await;
    assert_eq!(status, 403);
    // A session that does not exist.
    let missing = token(SessionRef::Id(999_999), Scope::Read);
    let (status, _) = status_of(&stack, "/api/session/999999/status", &missing).await;
    assert_eq!(status, 404);
    assert_eq!(stack.upstream_calls_to("GET /status/{id}"), 0);
    // Only GET.
    let response = stack
        .send(Method::POST, &status_path(), Some(&read_token()), None)
        .await;
    assert_eq!(response.status().as_u16(), 405);
    stack.shutdown().await;
}

#[tokio::test]
async fn the_upstream_client_reads_the_status_by_either_addressing() {
    use participant_manager::common::SessionState;
    use participant_manager::proxy::upstream::UpstreamError;
    use participant_manager::proxy::{SecureVideoClient, UpstreamConfig};
    use secrecy::SecretString;

    let stack = stack_with(Duration::ZERO, None).await;
    let client = SecureVideoClient::new(&UpstreamConfig {
        base_url: stack.simulator.base_url().parse().unwrap(),
        api_key: SecretString::from(stack.api_key.clone()),
        api_secret: SecretString::from(stack.api_secret.clone()),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(10),
    })
    .unwrap();
    let by_id = SessionRef::Id(DEMO_SESSION_ID);
    let by_external = SessionRef::External(DEMO_EXTERNAL_SESSION_ID.to_owned());
    for reference in [&by_id, &by_external] {
        assert_eq!(
            client.session_status(reference).await.unwrap(),
            SessionState::NotStarted
        );
    }
    let (status, _) = at_simulator(
        &stack,
        Method::POST,
        &format!("/simulator/session/{DEMO_SESSION_ID}/end"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    for reference in [&by_id, &by_external] {
        assert_eq!(
            client.session_status(reference).await.unwrap(),
            SessionState::Ended
        );
    }
    // An external id with characters that mean something in a URL reaches
    // SecureVideo as one query value (none such session: 404).
    for reference in [
        SessionRef::Id(999_999),
        SessionRef::External("APPT-1001&externalSessionId=x #/".to_owned()),
    ] {
        assert!(
            matches!(
                client.session_status(&reference).await,
                Err(UpstreamError::NotFound)
            ),
            "{reference:?}"
        );
    }
    assert_eq!(stack.upstream_calls_to("GET /status/{id}"), 6);
    stack.shutdown().await;
}
