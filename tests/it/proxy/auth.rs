//! Embed tokens at the proxy: who gets in (401), what they may touch (403),
//! and that a refusal is decided before SecureVideo is asked anything
//! wherever it can be. The simulator's request counter is read before and
//! after each refusal.

use crate::support::proxy_stack as stack;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use participant_manager::proxy::{EmbedClaims, Scope, SessionRef};
use reqwest::Method;
use serde_json::{Value, json};
use stack::*;

fn claims(session: SessionRef, scope: Scope) -> EmbedClaims {
    EmbedClaims::new("staff-1", session, scope, Duration::from_secs(600))
}

/// Sends a read of the demo session with this bearer token; returns the
/// status, the body and how many upstream calls it caused.
async fn read_demo_with(stack: &Stack, token: Option<&str>) -> (u16, Value, u64) {
    let before = stack.upstream_calls();
    let response = stack
        .send(
            Method::GET,
            &format!("/api/session/{DEMO_SESSION_ID}"),
            token,
            None,
        )
        .await;
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body, stack.upstream_calls() - before)
}

fn guest() -> Value {
    json!({"ParticipantFullName": "Quinn Harper", "ShouldAutoDeliverCode": "N"})
}

#[tokio::test]
async fn a_request_without_a_token_is_refused_with_401_and_no_upstream_call() {
    let stack = Stack::start().await;
    let (status, body, calls) = read_demo_with(&stack, None).await;
    assert_eq!((status, calls), (401, 0));
    assert_eq!(body["Message"], "A valid embed token is required.");
    let before = stack.upstream_calls();
    let response = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            None,
            Some(&guest()),
        )
        .await;
    assert_eq!(response.status(), 401);
    let response = stack
        .send(Method::GET, "/api/user?q=dr", Some("not-a-jwt"), None)
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn an_expired_token_is_refused_with_401_saying_it_expired() {
    let stack = Stack::start().await;
    let mut expired = claims(SessionRef::Id(DEMO_SESSION_ID), Scope::Write);
    expired.iat -= 1200;
    expired.exp = expired.iat + 600;
    let (status, body, calls) = read_demo_with(&stack, Some(&sign(&expired))).await;
    assert_eq!((status, calls), (401, 0));
    assert!(
        body["Message"].as_str().unwrap().contains("expired"),
        "{body}"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let stack = Stack::start().await;
    let forged = participant_manager::proxy::mint_token(
        &secrecy::SecretString::from("another-secret-that-is-long-enough-000"),
        &claims(SessionRef::Id(DEMO_SESSION_ID), Scope::Write),
    );
    assert_eq!(read_demo_with(&stack, Some(&forged)).await.0, 401);
    assert_eq!(read_demo_with(&stack, Some(&forged)).await.2, 0);
    stack.shutdown().await;
}

#[tokio::test]
async fn an_unsigned_token_with_alg_none_is_refused() {
    let stack = Stack::start().await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(
        serde_json::to_vec(&claims(SessionRef::Id(DEMO_SESSION_ID), Scope::Write)).unwrap(),
    );
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        let (status, _, calls) = read_demo_with(&stack, Some(&token)).await;
        assert_eq!((status, calls), (401, 0), "{token}");
    }
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_signed_with_another_algorithm_is_refused_even_with_the_right_secret() {
    let stack = Stack::start().await;
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS512),
        &claims(SessionRef::Id(DEMO_SESSION_ID), Scope::Write),
        &EncodingKey::from_secret(TOKEN_SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(read_demo_with(&stack, Some(&token)).await.0, 401);
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_whose_claims_were_tampered_with_is_refused() {
    let stack = Stack::start().await;
    // Signed for the second session, then edited to name the demo session.
    let genuine = sign(&claims(SessionRef::Id(SECOND_SESSION_ID), Scope::Write));
    let parts: Vec<&str> = genuine.split('.').collect();
    let mut edited = claims(SessionRef::Id(DEMO_SESSION_ID), Scope::Write);
    edited.iat = serde_json::from_slice::<EmbedClaims>(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap())
        .unwrap()
        .iat;
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&edited).unwrap()),
        parts[2]
    );
    let (status, _, calls) = read_demo_with(&stack, Some(&tampered)).await;
    assert_eq!((status, calls), (401, 0));
    stack.shutdown().await;
}

#[tokio::test]
async fn tokens_that_break_the_claim_rules_are_refused() {
    let stack = Stack::start().await;
    let base = || claims(SessionRef::Id(DEMO_SESSION_ID), Scope::Write);
    let mut too_long = base();
    too_long.exp = too_long.iat + 3601;
    let mut other_audience = base();
    other_audience.aud = "someone-else".into();
    let mut both_sessions = base();
    both_sessions.esid = Some(DEMO_EXTERNAL_SESSION_ID.into());
    let mut no_session = base();
    no_session.sid = None;
    let mut no_actor = base();
    no_actor.sub = " ".into();
    let mut from_the_future = base();
    from_the_future.iat += 600;
    from_the_future.exp += 600;
    for (what, claims) in [
        ("lives over an hour", too_long),
        ("another audience", other_audience),
        ("both sid and esid", both_sessions),
        ("no session", no_session),
        ("no actor", no_actor),
        ("issued in the future", from_the_future),
    ] {
        let (status, _, calls) = read_demo_with(&stack, Some(&sign(&claims))).await;
        assert_eq!((status, calls), (401, 0), "{what}");
    }
    // And a valid one gets in, so the refusals above are the claims' doing.
    assert_eq!(read_demo_with(&stack, Some(&sign(&base()))).await.0, 200);
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_for_another_session_gets_403_without_any_upstream_call() {
    let stack = Stack::start().await;
    let other = token(SessionRef::Id(SECOND_SESSION_ID), Scope::Write);
    let other_external = token(SessionRef::External("APPT-9999".into()), Scope::Write);
    let before = stack.upstream_calls();
    let attempts = [
        (
            Method::GET,
            format!("/api/session/{DEMO_SESSION_ID}"),
            &other,
            None,
        ),
        (
            Method::POST,
            format!("/api/participant/{DEMO_SESSION_ID}"),
            &other,
            Some(guest()),
        ),
        (
            Method::GET,
            format!("/api/session/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            &other_external,
            None,
        ),
        (
            Method::POST,
            format!("/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            &other_external,
            Some(guest()),
        ),
        (
            Method::DELETE,
            format!(
                "/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId=PAT-0001"
            ),
            &other_external,
            None,
        ),
    ];
    for (method, path, token, body) in attempts {
        let response = stack
            .send(method.clone(), &path, Some(token), body.as_ref())
            .await;
        assert_eq!(response.status(), 403, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["Message"]
                .as_str()
                .unwrap()
                .contains("another session"),
            "{body}"
        );
    }
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn a_read_token_cannot_add_update_or_remove_and_nothing_goes_upstream() {
    let stack = Stack::start().await;
    let id = participation_id(&stack.demo_session().await, "Jamie Rivera");
    let read = token(SessionRef::Id(DEMO_SESSION_ID), Scope::Read);
    let before = stack.upstream_calls();
    let update = json!({"ShouldAutoDeliverCode": "N"});
    for (method, path, body) in [
        (
            Method::POST,
            format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(guest()),
        ),
        (Method::PUT, format!("/api/participant/{id}"), Some(update)),
        (Method::DELETE, format!("/api/participant/{id}"), None),
    ] {
        let response = stack
            .send(method.clone(), &path, Some(&read), body.as_ref())
            .await;
        assert_eq!(response.status(), 403, "{method}");
    }
    assert_eq!(stack.upstream_calls(), before);
    // It still reads its session.
    assert_eq!(read_demo_with(&stack, Some(&read)).await.0, 200);
    assert!(participant(&stack.demo_session().await, "Jamie Rivera").is_some());
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_by_session_id_reaches_the_same_session_by_its_external_id_and_back() {
    let stack = Stack::start().await;
    let by_id = token(SessionRef::Id(DEMO_SESSION_ID), Scope::Write);
    let response = stack
        .get(
            &format!("/api/session/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            &by_id,
        )
        .await;
    assert_eq!(response.status(), 200);
    let by_external = token(
        SessionRef::External(DEMO_EXTERNAL_SESSION_ID.into()),
        Scope::Write,
    );
    let response = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(&by_external),
            Some(&guest()),
        )
        .await;
    assert_eq!(response.status(), 200);
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_for_another_session_cannot_reach_it_through_the_other_addressing() {
    let stack = Stack::start().await;
    let other = token(SessionRef::Id(SECOND_SESSION_ID), Scope::Write);
    let before = stack.upstream_calls();
    let response = stack
        .get(
            &format!("/api/session/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            &other,
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        stack.upstream_calls(),
        before + 1,
        "only the account's session list was read"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_for_another_session_cannot_change_a_participant_by_participation_id() {
    let stack = Stack::start().await;
    let id = participation_id(&stack.demo_session().await, "Jamie Rivera");
    let other = token(SessionRef::Id(SECOND_SESSION_ID), Scope::Write);
    for (method, body) in [
        (Method::PUT, Some(json!({"ShouldAutoDeliverCode": "N"}))),
        (Method::DELETE, None),
    ] {
        let before = stack.upstream_writes();
        let response = stack
            .send(
                method.clone(),
                &format!("/api/participant/{id}"),
                Some(&other),
                body.as_ref(),
            )
            .await;
        // A ParticipationId is looked for only in the token's session, so
        // one from another session is a participant that does not exist
        // there: the answer says nothing about other sessions.
        assert_eq!(response.status(), 404, "{method}");
        assert_eq!(
            stack.upstream_writes(),
            before,
            "{method}: nothing but reads reached SecureVideo"
        );
    }
    let jamie = stack.demo_session().await;
    assert_eq!(
        participant(&jamie, "Jamie Rivera").unwrap()["ShouldAutoDeliverCode"],
        "E"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_participation_id_that_exists_nowhere_is_404() {
    let stack = Stack::start().await;
    let response = stack
        .send(
            Method::DELETE,
            "/api/participant/999999",
            Some(&demo_write_token()),
            None,
        )
        .await;
    assert_eq!(response.status(), 404);
    stack.shutdown().await;
}

/// Signs any claims object, so a test can send values `EmbedClaims::new`
/// would never produce.
fn sign_raw(claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(TOKEN_SECRET.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// Regression: `exp - iat` was unchecked. With `iat = i64::MIN` it panicked in
// debug (outside the catch-panic layer, so the connection dropped) and in
// release it wrapped, so a signed token passed the one-hour rule.
#[tokio::test]
async fn a_token_whose_lifetime_overflows_is_refused_with_401() {
    let stack = Stack::start().await;
    for iat in [i64::MIN, i64::MIN + 1, -(1 << 62)] {
        let token = sign_raw(&json!({
            "sub": "staff-1", "sid": DEMO_SESSION_ID, "scope": "write",
            "iat": iat, "exp": now() + 600, "aud": "participant-manager",
        }));
        let (status, _, calls) = read_demo_with(&stack, Some(&token)).await;
        assert_eq!((status, calls), (401, 0), "iat = {iat}");
    }
    stack.shutdown().await;
}

#[tokio::test]
async fn a_token_not_valid_before_a_future_moment_is_refused_until_then() {
    let stack = Stack::start().await;
    let claims = |nbf: i64| {
        sign_raw(&json!({
            "sub": "staff-1", "sid": DEMO_SESSION_ID, "scope": "write",
            "iat": now(), "exp": now() + 600, "nbf": nbf, "aud": "participant-manager",
        }))
    };
    let (status, _, calls) = read_demo_with(&stack, Some(&claims(now() + 300))).await;
    assert_eq!((status, calls), (401, 0), "nbf in five minutes");
    // A malformed nbf is no better than a future one.
    let malformed = sign_raw(&json!({
        "sub": "staff-1", "sid": DEMO_SESSION_ID, "scope": "write",
        "iat": now(), "exp": now() + 600, "nbf": "soon", "aud": "participant-manager",
    }));
    assert_eq!(read_demo_with(&stack, Some(&malformed)).await.0, 401);
    // An nbf that has passed is fine.
    assert_eq!(
        read_demo_with(&stack, Some(&claims(now() - 1))).await.0,
        200
    );
    stack.shutdown().await;
}

// Regression: the user search answered a `read` token of any session, so
// anyone given a view of one visit could list the staff directory. Only a
// token that may add participants needs the picker.
#[tokio::test]
async fn a_read_token_cannot_search_the_staff_directory_and_nothing_goes_upstream() {
    let stack = Stack::start().await;
    let read = token(SessionRef::Id(DEMO_SESSION_ID), Scope::Read);
    let before = stack.upstream_calls();
    let response = stack.get("/api/user?q=okafor", &read).await;
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["Message"].as_str().unwrap().contains("only read"),
        "{body}"
    );
    assert_eq!(stack.upstream_calls(), before);
    // A write token still finds users.
    let response = stack.get("/api/user?q=okafor", &demo_write_token()).await;
    assert_eq!(response.status(), 200);
    stack.shutdown().await;
}
