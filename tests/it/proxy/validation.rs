//! What the proxy refuses before it forwards, and how SecureVideo's own
//! refusals and failures reach the widget. Bodies and addresses are checked
//! with `common` at the edge: a bad one costs no upstream call. Where the
//! simulator cannot be made to misbehave, a scripted fake upstream stands in
//! and records the exact URL and body it received.

use crate::support::proxy_stack as stack;
use crate::support::upstream as fake;

use std::time::Duration;

use base64::Engine;
use fake::{Reply, Upstream, one_session};
use participant_manager::proxy::{Scope, SessionRef};
use reqwest::Method;
use serde_json::{Value, json};
use stack::*;

async fn post_demo(stack: &Stack, body: &Value) -> (u16, Value) {
    let response = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(&demo_write_token()),
            Some(body),
        )
        .await;
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn an_invalid_guest_is_refused_with_every_field_named_and_nothing_goes_upstream() {
    let stack = Stack::start().await;
    let before = stack.upstream_calls();
    let (status, body) = post_demo(
        &stack,
        &json!({"ParticipantFullName": "A", "ShouldAutoDeliverCode": "E", "ParticipantTimeZoneWindowsId": "Mars Time", "SvcId": 5}),
    )
    .await;
    assert_eq!(status, 400);
    let errors = body["Errors"].as_object().unwrap();
    for field in [
        "ParticipantFullName",
        "ParticipantEmailAddress",
        "ParticipantTimeZoneWindowsId",
        "DepositRequired",
    ] {
        assert!(errors.contains_key(field), "{field} missing in {body}");
    }
    assert!(body["RequestId"].is_string());
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

// Issue 11: the text stays English; beside it, each field's rule key, which
// the widget shows in its own language.
#[tokio::test]
async fn each_field_error_carries_the_key_of_its_rule() {
    let stack = Stack::start().await;
    let (status, body) = post_demo(
        &stack,
        &json!({"ParticipantFullName": "A", "ShouldAutoDeliverCode": "E", "ParticipantTimeZoneWindowsId": "Mars Time"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["Errors"]["ParticipantFullName"],
        "Full name is required and must be at least 2 characters."
    );
    assert_eq!(
        body["ErrorKeys"],
        json!({
            "ParticipantFullName": "name.required",
            "ParticipantEmailAddress": "email.required",
            "ParticipantTimeZoneWindowsId": "time_zone.unknown",
        }),
        "{body}"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_refused_before_upstream() {
    let stack = Stack::start().await;
    let before = stack.upstream_calls();
    let url = stack.url(&format!("/api/participant/{DEMO_SESSION_ID}"));
    for raw in ["{not json", "[1, 2]", "\"Trevor\""] {
        let response = stack
            .http
            .post(&url)
            .bearer_auth(demo_write_token())
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{raw}");
        let body: Value = response.json().await.unwrap();
        assert!(body["Message"].as_str().unwrap().contains("JSON"), "{body}");
        assert!(body.get("Errors").is_none(), "no field is to blame: {body}");
    }
    let response = stack
        .http
        .post(&url)
        .bearer_auth(demo_write_token())
        .header("content-type", "text/plain")
        .body(r#"{"ParticipantFullName": "Trevor"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let response = stack
        .http
        .post(&url)
        .bearer_auth(demo_write_token())
        .header("content-type", "application/json")
        .body(vec![b' '; 64 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn an_update_no_participant_could_accept_is_refused_before_the_session_is_read() {
    let stack = Stack::start().await;
    let id = participation_id(&stack.demo_session().await, "Jamie Rivera");
    let before = stack.upstream_calls();
    let response = stack
        .send(
            Method::PUT,
            &format!("/api/participant/{id}"),
            Some(&demo_write_token()),
            Some(&json!({"ShouldAutoDeliverCode": "X", "Shoe": 1})),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["Errors"]["ShouldAutoDeliverCode"].is_string(),
        "{body}"
    );
    assert!(body["Errors"]["Shoe"].is_string(), "{body}");
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn renaming_a_guest_is_refused_after_the_read_and_nothing_is_changed() {
    let stack = Stack::start().await;
    let id = participation_id(&stack.demo_session().await, "Jamie Rivera");
    let before = stack.upstream_writes();
    let response = stack
        .send(
            Method::PUT,
            &format!("/api/participant/{id}"),
            Some(&demo_write_token()),
            Some(&json!({"ParticipantFullName": "Jamie Other"})),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["Errors"]["ParticipantFullName"]
            .as_str()
            .unwrap()
            .contains("cannot change"),
        "{body}"
    );
    assert_eq!(stack.upstream_writes(), before, "nothing was changed");
    stack.shutdown().await;
}

#[tokio::test]
async fn ids_in_paths_must_be_positive_32_bit_whole_numbers() {
    let stack = Stack::start().await;
    let before = stack.upstream_calls();
    let token = demo_write_token();
    for bad in [
        "abc",
        "-1",
        "1.5",
        "1e3",
        "+5",
        "%2036201",
        "2147483648",
        "99999999999999999999",
        "36201%2F1",
    ] {
        let response = stack.get(&format!("/api/session/{bad}"), &token).await;
        assert_eq!(response.status(), 400, "session {bad}");
        let body: Value = response.json().await.unwrap();
        assert!(body["Errors"]["sessionId"].is_string(), "{bad}: {body}");

        let response = stack
            .send(
                Method::DELETE,
                &format!("/api/participant/{bad}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(response.status(), 400, "participant {bad}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["Errors"]["participationId"].is_string(),
            "{bad}: {body}"
        );
    }
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn address_zero_needs_its_external_ids_and_a_real_id_takes_none() {
    let stack = Stack::start().await;
    let before = stack.upstream_calls();
    let token = demo_write_token();
    for (method, path, field) in [
        (
            Method::GET,
            "/api/session/0".to_owned(),
            "externalSessionId",
        ),
        (
            Method::GET,
            "/api/session/0?externalSessionId=%20".to_owned(),
            "externalSessionId",
        ),
        (
            Method::DELETE,
            format!("/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            "externalId",
        ),
        (
            Method::GET,
            format!("/api/session/{DEMO_SESSION_ID}?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            "externalSessionId",
        ),
        (
            Method::GET,
            format!("/api/session/0?externalSessionId={}", "x".repeat(65)),
            "externalSessionId",
        ),
    ] {
        let response = stack.send(method, &path, Some(&token), None).await;
        assert_eq!(response.status(), 400, "{path}");
        let body: Value = response.json().await.unwrap();
        assert!(body["Errors"][field].is_string(), "{path}: {body}");
    }
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn a_duplicate_name_is_refused_after_reading_the_session_but_before_any_change() {
    let stack = Stack::start().await;
    let (before, reads_before) = (stack.upstream_writes(), stack.upstream_reads());
    let (status, body) =
        post_demo(&stack, &json!({"ParticipantFullName": "  jamie   RIVERA "})).await;
    assert_eq!(status, 400);
    assert!(
        body["Errors"]["ParticipantFullName"]
            .as_str()
            .unwrap()
            .contains("already in this session"),
        "{body}"
    );
    assert_eq!(stack.upstream_writes(), before, "nothing was changed");
    assert!(
        stack.upstream_reads() - reads_before <= 1,
        "at most the session was read"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn adding_the_host_as_a_user_is_refused() {
    let stack = Stack::start().await;
    let host = participant_manager::simulator::seed::DEMO_HOST_USER_ID;
    let (status, body) = post_demo(&stack, &json!({"SecureVideoUserId": host})).await;
    assert_eq!(status, 400);
    assert!(body["Errors"]["SecureVideoUserId"].is_string(), "{body}");
    stack.shutdown().await;
}

#[tokio::test]
async fn a_session_with_awkward_characters_in_its_external_id_is_found_and_changed() {
    let stack = Stack::start().await;
    let awkward = "A&B=C #1/2 ?x+y%";
    // Created directly at the simulator, as the EHR would at SecureVideo.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%dT%H:00:00")
        .to_string();
    let created = stack
        .http
        .post(format!(
            "{}/session/{}",
            stack.simulator.base_url(),
            participant_manager::simulator::seed::DEMO_HOST_USER_ID
        ))
        .basic_auth(&stack.api_key, Some(&stack.api_secret))
        .json(&json!({"ScheduleTs": tomorrow, "ExternalSessionId": awkward, "Participants": []}))
        .send()
        .await
        .unwrap();
    assert!(
        created.status().is_success(),
        "{}",
        created.text().await.unwrap()
    );

    let token = token(SessionRef::External(awkward.into()), Scope::Write);
    let mut url = url::Url::parse(&stack.url("/api/session/0")).unwrap();
    url.query_pairs_mut()
        .append_pair("externalSessionId", awkward);
    let response = stack
        .http
        .get(url.clone())
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["ExternalSessionId"], awkward);

    url.set_path("/api/participant/0");
    let response = stack
        .http
        .post(url)
        .bearer_auth(&token)
        .json(&json!({"ParticipantFullName": "Rowan Vale", "ParticipantExternalId": "P&1=2 #/"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(
        participant(&session, "Rowan Vale").unwrap()["ParticipantExternalId"],
        "P&1=2 #/"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn external_ids_are_resolved_by_the_proxy_and_the_change_goes_by_participation_id_with_the_canonical_body()
 {
    let esid = "E&x=1 #/?";
    let guest_external_id = "G/1&2=3 #";
    let list = one_session(55, esid, guest_external_id);
    let fake = Upstream::answering(move |request| match request.method.as_str() {
        "GET" => Reply::json(200, list.clone()),
        _ => Reply::json(200, list[0].clone()),
    })
    .await;
    let proxy = proxy_for(&fake.base_url, "k", "s", Duration::from_secs(5)).await;
    let mut url = url::Url::parse(&format!("{}/api/participant/0", proxy.base_url())).unwrap();
    url.query_pairs_mut()
        .append_pair("externalSessionId", esid)
        .append_pair("externalId", guest_external_id);
    let response = reqwest::Client::new()
        .put(url)
        .bearer_auth(token(SessionRef::External(esid.into()), Scope::Write))
        .json(&json!({"ParticipantSmsNumber": "(333) 444-6666", "ShouldAutoDeliverCode": "S"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap();
    assert!(view.get("Passkey").is_none());

    let changes = fake.changes();
    assert_eq!(changes.len(), 1);
    let put = &changes[0];
    // The awkward strings were read (decoded) by the proxy, matched to
    // participation 901, and never handed to SecureVideo to match again.
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", "/participant/901")
    );
    assert_eq!(put.query_pairs(), Vec::<(String, String)>::new());
    // The canonical body: every field, normalized, the current name kept.
    assert_eq!(
        put.json(),
        json!({
            "ParticipantFullName": "Guest Person",
            "ParticipantEmailAddress": null,
            "ParticipantSmsNumber": "3334446666",
            "ParticipantDefaultResolution": "high",
            "ParticipantTimeZoneWindowsId": null,
            "ParticipantExternalId": null,
            "ShouldAutoDeliverCode": "S",
            "PacketId": null,
            "SvcId": null,
            "DepositRequired": null
        })
    );
    let expected_basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("k:s")
    );
    assert_eq!(put.authorization.as_deref(), Some(expected_basic.as_str()));
    proxy.shutdown().await;
}

/// A proxy in front of a fake that lists one session (SessionId 55) and
/// answers every change with `reply`.
async fn proxy_with_change_reply(
    reply: impl Fn() -> Reply + Send + Sync + 'static,
    timeout: Duration,
) -> (Upstream, participant_manager::proxy::RunningProxy) {
    let list = one_session(55, "E-55", "G-1");
    let fake = Upstream::answering(move |request| {
        if request.method == "GET" && request.path == "/session" {
            Reply::json(200, list.clone())
        } else {
            reply()
        }
    })
    .await;
    let proxy = proxy_for(&fake.base_url, "k", "s", timeout).await;
    (fake, proxy)
}

async fn add_to_55(proxy: &participant_manager::proxy::RunningProxy) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/participant/55", proxy.base_url()))
        .bearer_auth(token(SessionRef::Id(55), Scope::Write))
        .json(&json!({"ParticipantFullName": "Trevor"}))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn a_securevideo_400_message_is_passed_on_to_staff() {
    let (_fake, proxy) = proxy_with_change_reply(
        || {
            Reply::json(
                400,
                json!({"Message": "A participant named Trevor is already part of this Session."}),
            )
        },
        Duration::from_secs(5),
    )
    .await;
    let (status, body) = add_to_55(&proxy).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["Message"],
        "A participant named Trevor is already part of this Session."
    );
    proxy.shutdown().await;
}

/// A 400 whose message is a rule summary (what the simulator, deciding a
/// race the proxy's read could not see, answers) lands on its fields, in
/// the same shape as the proxy's own check; anything that is not wholly
/// such a summary stays a plain message.
#[tokio::test]
async fn a_securevideo_400_naming_fields_is_mapped_back_to_them() {
    let cases = [
        (
            "ParticipantFullName: Another participant already has this name.",
            json!({"ParticipantFullName": "Another participant already has this name."}),
            "Another participant already has this name.",
        ),
        (
            "ParticipantEmailAddress: Enter an email address.; SvcId: Set both or neither.",
            json!({
                "ParticipantEmailAddress": "Enter an email address.",
                "SvcId": "Set both or neither.",
            }),
            "2 fields need correcting.",
        ),
    ];
    for (upstream, errors, message) in cases {
        let body = add_refused_with(upstream).await;
        assert_eq!(body["Errors"], errors, "{body}");
        assert_eq!(body["Message"], message, "{body}");
    }
    for upstream in [
        "Note: the session starts soon",
        "ParticipantFullName: taken; Password: wrong",
        "A participant named Trevor: already in this Session.",
        "Password: wrong",
    ] {
        let body = add_refused_with(upstream).await;
        assert_eq!(body["Message"], upstream, "{body}");
        assert!(body.get("Errors").is_none(), "{body}");
    }
}

/// What the widget gets when SecureVideo refuses an add with this message.
async fn add_refused_with(upstream: &'static str) -> Value {
    let (_fake, proxy) = proxy_with_change_reply(
        move || Reply::json(400, json!({ "Message": upstream })),
        Duration::from_secs(5),
    )
    .await;
    let (status, body) = add_to_55(&proxy).await;
    assert_eq!(status, 400, "{body}");
    proxy.shutdown().await;
    body
}

#[tokio::test]
async fn a_securevideo_404_is_a_404() {
    let (_fake, proxy) = proxy_with_change_reply(
        || Reply::json(404, json!({"Message": "Session not found"})),
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(add_to_55(&proxy).await.0, 404);
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_securevideo_server_error_is_a_502_without_its_text() {
    let (_fake, proxy) = proxy_with_change_reply(
        || {
            Reply::json(
                500,
                json!({"Message": "System.NullReferenceException at Internal.Db"}),
            )
        },
        Duration::from_secs(5),
    )
    .await;
    let (status, body) = add_to_55(&proxy).await;
    assert_eq!(status, 502);
    assert!(!body.to_string().contains("NullReference"), "{body}");
    assert!(body["RequestId"].is_string());
    proxy.shutdown().await;
}

#[tokio::test]
async fn securevideo_refusing_the_proxys_credentials_is_a_502_not_a_401() {
    let (_fake, proxy) = proxy_with_change_reply(
        || Reply::json(401, json!({"Message": "Authorization has been denied"})),
        Duration::from_secs(5),
    )
    .await;
    let (status, body) = add_to_55(&proxy).await;
    assert_eq!(status, 502);
    assert!(!body.to_string().contains("denied"), "{body}");
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_slow_securevideo_is_a_504() {
    let (_fake, proxy) = proxy_with_change_reply(
        || Reply {
            delay: Duration::from_secs(3),
            ..Reply::json(200, json!({}))
        },
        Duration::from_millis(300),
    )
    .await;
    let (status, body) = add_to_55(&proxy).await;
    assert_eq!(status, 504);
    assert!(
        body["Message"].as_str().unwrap().contains("in time"),
        "{body}"
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_redirect_from_securevideo_is_not_followed() {
    let (fake, proxy) = proxy_with_change_reply(
        || Reply::json(302, json!({})).header("location", "/elsewhere"),
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(add_to_55(&proxy).await.0, 502);
    assert!(
        fake.requests().iter().all(|r| r.path != "/elsewhere"),
        "{:?}",
        fake.requests()
    );
    proxy.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_securevideo_is_a_502_with_a_generic_message() {
    let base = closed_port_url();
    let proxy = proxy_for(&base, "k", "s", Duration::from_secs(5)).await;
    let (status, body) = add_to_55(&proxy).await;
    assert_eq!(status, 502);
    let message = body["Message"].as_str().unwrap();
    assert_eq!(
        message,
        "SecureVideo could not complete the request. Try again later."
    );
    assert!(!body.to_string().contains("127.0.0.1"), "{body}");
    proxy.shutdown().await;
}
