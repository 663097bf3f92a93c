//! Hostile input at the edge, through the proxy in front of the simulator:
//! a body from the widget with a field no participant has is refused (400,
//! naming it) while SecureVideo's answers with fields we do not know are
//! still read; a query parameter given twice, or one the address does not
//! take, is a 400. None of these refusals costs an upstream call.

use crate::support::proxy_stack as stack;
use crate::support::upstream as fake;

use std::time::Duration;

use participant_manager::proxy::{Scope, SessionRef};
use reqwest::Method;
use serde_json::{Value, json};
use stack::*;

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_widget_body_with_an_unknown_field_is_refused_naming_it_and_nothing_goes_upstream() {
    let stack = Stack::start().await;
    let guest = json!({
        "ParticipantFullName": "Avery Stone",
        "ParticipantEmailAddress": "avery.stone@example.com",
    });
    let mut hostile = guest.clone();
    hostile["IsHost"] = json!(true);
    let path = format!("/api/participant/{DEMO_SESSION_ID}");

    let before = stack.upstream_calls();
    let (status, body) = answer(
        stack
            .send(
                Method::POST,
                &path,
                Some(&demo_write_token()),
                Some(&hostile),
            )
            .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["Errors"]["IsHost"].is_string(), "{body}");
    assert!(body["RequestId"].is_string(), "{body}");
    assert_eq!(stack.upstream_calls(), before);

    let session = stack.demo_session().await;
    let id = participation_id(&session, "Casey Rivera");
    let before = stack.upstream_calls();
    let (status, body) = answer(
        stack
            .send(
                Method::PUT,
                &format!("/api/participant/{id}"),
                Some(&demo_write_token()),
                Some(&json!({"ParticipantFullName": "Casey Rivera", "Passkey": "1234"})),
            )
            .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["Errors"]["Passkey"].is_string(), "{body}");
    assert_eq!(stack.upstream_calls(), before);

    // Without the unknown field the same body goes through.
    let response = stack
        .send(Method::POST, &path, Some(&demo_write_token()), Some(&guest))
        .await;
    assert_eq!(response.status(), 200);
    stack.shutdown().await;
}

#[tokio::test]
async fn securevideo_answers_with_fields_we_do_not_know_are_still_read() {
    let mut sessions = fake::one_session(36201, "APPT-9", "guest-1");
    sessions[0]["SomeNewSessionField"] = json!({"nested": [1, 2]});
    sessions[0]["Participants"][1]["SomeNewParticipantField"] = json!("x");
    let upstream =
        fake::Upstream::answering(move |_| fake::Reply::json(200, sessions.clone())).await;
    let proxy = proxy_for(&upstream.base_url, "k", "s", Duration::from_secs(2)).await;
    let response = reqwest::Client::new()
        .get(format!("{}/api/session/36201", proxy.base_url()))
        .bearer_auth(token(SessionRef::Id(36201), Scope::Read))
        .send()
        .await
        .unwrap();
    let (status, body) = answer(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Participants"].as_array().unwrap().len(), 2, "{body}");
    proxy.shutdown().await;
}

/// Each refused with 400 naming `parameter` (or "query"), and no upstream
/// call.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/api/session/0?externalSessionId=APPT-1001&externalSessionId=APPT-1002",
        "externalSessionId",
    ),
    (
        "GET",
        "/api/session/0?externalSessionId=APPT-1001&externalSessionId=APPT-1001",
        "externalSessionId",
    ),
    (
        "GET",
        "/api/session/0?externalSessionId=APPT-1001&external%53essionId=APPT-1002",
        "externalSessionId",
    ),
    ("GET", "/api/user?q=okafor&q=rivera", "q"),
    ("GET", "/api/user?q=okafor&q=", "q"),
    (
        "POST",
        "/api/participant/0?externalSessionId=APPT-1001&externalSessionId=APPT-1002",
        "externalSessionId",
    ),
    (
        "PUT",
        "/api/participant/0?externalSessionId=APPT-1001&externalId=A&externalId=B",
        "externalId",
    ),
    (
        "DELETE",
        "/api/participant/0?externalSessionId=APPT-1001&externalSessionId=APPT-1001&externalId=A",
        "externalSessionId",
    ),
    ("GET", "/api/session/1?x=1&x=2", "query"),
    // Parameters the address does not take.
    (
        "GET",
        "/api/session/0?externalSessionId=APPT-1001&sessionId=1",
        "query",
    ),
    (
        "GET",
        "/api/session/0?externalSessionId=APPT-1001&externalsessionid=APPT-1002",
        "query",
    ),
    ("GET", "/api/user?q=okafor&userId=1", "query"),
    (
        "DELETE",
        "/api/participant/0?externalSessionId=APPT-1001&externalId=A&force=true",
        "query",
    ),
];

#[tokio::test]
async fn a_repeated_or_unknown_query_parameter_is_400_with_no_upstream_call() {
    let stack = Stack::start().await;
    let body = json!({"ParticipantFullName": "Avery Stone", "ParticipantEmailAddress": "avery.stone@example.com"});
    for (method, path, parameter) in REFUSED {
        let method: Method = method.parse().unwrap();
        let with_body = (method == Method::POST || method == Method::PUT).then_some(&body);
        let before = stack.upstream_calls();
        let (status, answer) = answer(
            stack
                .send(method.clone(), path, Some(&demo_write_token()), with_body)
                .await,
        )
        .await;
        assert_eq!(status, 400, "{method} {path}: {answer}");
        assert!(
            answer["Errors"][parameter].is_string(),
            "{method} {path} does not name {parameter}: {answer}"
        );
        assert!(answer["RequestId"].is_string(), "{answer}");
        assert_eq!(
            stack.upstream_calls(),
            before,
            "{method} {path} went upstream"
        );
    }
    stack.shutdown().await;
}

#[tokio::test]
async fn the_same_addresses_with_each_parameter_once_are_answered() {
    let stack = Stack::start().await;
    for path in [
        "/api/session/0?externalSessionId=APPT-1001",
        "/api/user?q=okafor",
    ] {
        let response = stack.get(path, &demo_write_token()).await;
        assert_eq!(response.status(), 200, "{path}");
    }
    stack.shutdown().await;
}
