//! The Participant API through the proxy, end to end over real HTTP: the
//! proxy on a loopback port in front of the real simulator. Each of the
//! four operations is driven with both of SecureVideo's addressings, and
//! the reads the widget needs (one session, user search) are checked for
//! what they return and what they leave out.

use crate::support::proxy_stack as stack;

use std::collections::BTreeSet;

use participant_manager::proxy::{Scope, SessionRef};
use reqwest::Method;
use serde_json::{Value, json};
use stack::*;

fn keys(object: &Value) -> BTreeSet<String> {
    object.as_object().unwrap().keys().cloned().collect()
}

fn esid_token() -> String {
    token(
        SessionRef::External(DEMO_EXTERNAL_SESSION_ID.into()),
        Scope::Write,
    )
}

#[tokio::test]
async fn a_guest_added_by_session_id_is_in_the_returned_session_with_a_join_url() {
    let stack = Stack::start().await;
    let body = json!({
        "ParticipantFullName": "  Avery Stone ",
        "ParticipantEmailAddress": "avery.stone@example.com",
        "ParticipantTimeZoneWindowsId": "Eastern Standard Time",
        "ShouldAutoDeliverCode": "E"
    });
    let response = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(&demo_write_token()),
            Some(&body),
        )
        .await;
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["SessionId"], DEMO_SESSION_ID);
    let avery = participant(&session, "Avery Stone").expect("the trimmed name is stored");
    assert_eq!(avery["Kind"], "guest");
    assert_eq!(avery["ParticipantEmailAddress"], "avery.stone@example.com");
    let code = avery["ConnectCode"].as_i64().unwrap();
    assert_eq!(
        avery["JoinUrl"],
        format!("https://hub.securevideo.com/Pass/Join/{code}")
    );
    // The next read agrees.
    assert!(participant(&stack.demo_session().await, "Avery Stone").is_some());
    stack.shutdown().await;
}

#[tokio::test]
async fn a_guest_added_by_external_session_id_lands_in_that_session() {
    let stack = Stack::start().await;
    let body = json!({"ParticipantFullName": "Blake Moss", "ParticipantSmsNumber": "(333) 444-6666", "ShouldAutoDeliverCode": "S"});
    let response = stack
        .send(
            Method::POST,
            &format!("/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            Some(&esid_token()),
            Some(&body),
        )
        .await;
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["ExternalSessionId"], DEMO_EXTERNAL_SESSION_ID);
    let blake = participant(&session, "Blake Moss").unwrap();
    assert_eq!(blake["ParticipantSmsNumber"], "3334446666");
    assert_eq!(blake["ShouldAutoDeliverCode"], "S");
    stack.shutdown().await;
}

#[tokio::test]
async fn an_existing_securevideo_user_found_by_search_is_added_as_a_user() {
    let stack = Stack::start().await;
    let hits: Value = stack
        .get("/api/user?q=okafor", &demo_write_token())
        .await
        .json()
        .await
        .unwrap();
    let user_id = hits[0]["SecureVideoUserId"]
        .as_i64()
        .expect("the search finds Dr. Sam Okafor");
    let body = json!({"SecureVideoUserId": user_id.to_string(), "PacketId": -1, "SvcId": null, "DepositRequired": null});
    let response = stack
        .send(
            Method::POST,
            &format!("/api/participant/{DEMO_SESSION_ID}"),
            Some(&demo_write_token()),
            Some(&body),
        )
        .await;
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    let added = session["Participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["SecureVideoUserId"] == user_id)
        .expect("the user is in the session");
    assert_eq!(added["Kind"], "user");
    assert_eq!(added["PacketId"], -1);
    assert_eq!(
        added["JoinUrl"],
        Value::Null,
        "users join from their dashboard"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_guest_updated_by_participation_id_keeps_their_name_and_gets_the_new_details() {
    let stack = Stack::start().await;
    let id = participation_id(&stack.demo_session().await, "Jamie Rivera");
    let body = json!({"ShouldAutoDeliverCode": "S", "ParticipantSmsNumber": "13334446666"});
    let response = stack
        .send(
            Method::PUT,
            &format!("/api/participant/{id}"),
            Some(&demo_write_token()),
            Some(&body),
        )
        .await;
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    let jamie = participant(&session, "Jamie Rivera").expect("the name did not change");
    assert_eq!(jamie["ParticipationId"], id);
    assert_eq!(jamie["ShouldAutoDeliverCode"], "S");
    assert_eq!(jamie["ParticipantSmsNumber"], "13334446666");
    stack.shutdown().await;
}

#[tokio::test]
async fn a_guest_updated_by_external_ids_gets_the_new_email() {
    let stack = Stack::start().await;
    let body = json!({
        "ParticipantFullName": "Jamie Rivera",
        "ParticipantEmailAddress": "jamie.new@example.com",
        "ShouldAutoDeliverCode": "E"
    });
    let path = format!(
        "/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId=PAT-0001"
    );
    let response = stack
        .send(Method::PUT, &path, Some(&esid_token()), Some(&body))
        .await;
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.unwrap();
    assert_eq!(
        participant(&session, "Jamie Rivera").unwrap()["ParticipantEmailAddress"],
        "jamie.new@example.com"
    );
    stack.shutdown().await;
}

#[tokio::test]
async fn a_guest_removed_by_participation_id_answers_204_and_is_gone() {
    let stack = Stack::start().await;
    let id = participation_id(&stack.demo_session().await, "Casey Rivera");
    let response = stack
        .send(
            Method::DELETE,
            &format!("/api/participant/{id}"),
            Some(&demo_write_token()),
            None,
        )
        .await;
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());
    assert!(participant(&stack.demo_session().await, "Casey Rivera").is_none());
    stack.shutdown().await;
}

#[tokio::test]
async fn a_guest_removed_by_external_ids_answers_204_and_is_gone() {
    let stack = Stack::start().await;
    let path = format!(
        "/api/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId=PAT-0001"
    );
    let response = stack
        .send(Method::DELETE, &path, Some(&esid_token()), None)
        .await;
    assert_eq!(response.status(), 204);
    assert!(participant(&stack.demo_session().await, "Jamie Rivera").is_none());
    stack.shutdown().await;
}

#[tokio::test]
async fn a_session_reads_the_same_by_id_and_by_external_id() {
    let stack = Stack::start().await;
    let by_id = stack.demo_session().await;
    let by_external: Value = stack
        .get(
            &format!("/api/session/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            &esid_token(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_id, by_external);
    assert_eq!(
        by_id["HostName"],
        participant_manager::simulator::seed::DEMO_HOST_NAME
    );
    assert_eq!(by_id["Participants"][0]["Kind"], "host");
    stack.shutdown().await;
}

#[tokio::test]
async fn the_session_view_carries_only_the_fields_the_widget_shows() {
    let stack = Stack::start().await;
    let session = stack.demo_session().await;
    let expected_session: BTreeSet<String> = [
        "SessionId",
        "ScheduleTs",
        "ExternalSessionId",
        "Topic",
        "UserId",
        "HostName",
        "Participants",
    ]
    .map(String::from)
    .into();
    assert_eq!(keys(&session), expected_session);
    let expected_participant: BTreeSet<String> = [
        "ParticipationId",
        "ParticipantFullName",
        "SecureVideoUserId",
        "Kind",
        "ParticipantEmailAddress",
        "ParticipantSmsNumber",
        "ParticipantTimeZoneWindowsId",
        "ParticipantExternalId",
        "ShouldAutoDeliverCode",
        "ConnectCode",
        "JoinUrl",
        "RSVP",
        "PacketId",
        "SvcId",
        "DepositRequired",
        "ConnectionTs",
    ]
    .map(String::from)
    .into();
    for p in session["Participants"].as_array().unwrap() {
        assert_eq!(
            keys(p),
            expected_participant,
            "no Passkey, ZoomMeetingId or billing fields"
        );
    }
    stack.shutdown().await;
}

#[tokio::test]
async fn user_search_matches_names_case_insensitively_and_returns_only_id_name_and_masked_email() {
    let stack = Stack::start().await;
    let response = stack
        .get("/api/user?q=RIVERA%20", &demo_write_token())
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!([]),
        "guests are not users"
    );
    let hits: Value = stack
        .get("/api/user?q=dr.", &demo_write_token())
        .await
        .json()
        .await
        .unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    for hit in hits {
        let expected: BTreeSet<String> = ["SecureVideoUserId", "FullName", "MaskedEmail"]
            .map(String::from)
            .into();
        assert_eq!(keys(hit), expected);
        assert!(hit["FullName"].as_str().unwrap().starts_with("Dr. "));
        // The address itself never leaves the proxy: its first letter and
        // domain only.
        let masked = hit["MaskedEmail"].as_str().unwrap();
        assert!(masked.contains("••") && masked.contains('@'), "{masked}");
    }
    stack.shutdown().await;
}

#[tokio::test]
async fn a_user_search_needs_two_to_a_hundred_characters_and_asks_nothing_upstream() {
    let stack = Stack::start().await;
    let before = stack.upstream_calls();
    for q in [
        "",
        "q=",
        "q=a",
        "q=%20a%20",
        &format!("q={}", "x".repeat(101)),
    ] {
        let response = stack
            .get(&format!("/api/user?{q}"), &demo_write_token())
            .await;
        assert_eq!(response.status(), 400, "{q}");
        let body: Value = response.json().await.unwrap();
        assert!(body["Errors"]["q"].is_string(), "{body}");
    }
    assert_eq!(stack.upstream_calls(), before);
    stack.shutdown().await;
}

#[tokio::test]
async fn every_response_has_a_fresh_request_id_that_error_bodies_repeat() {
    let stack = Stack::start().await;
    let ok = stack
        .get(
            &format!("/api/session/{DEMO_SESSION_ID}"),
            &demo_write_token(),
        )
        .await;
    let ok_id = ok.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&ok_id).is_ok());
    let refused = stack.send(Method::GET, "/api/session/1", None, None).await;
    let refused_id = refused.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(ok_id, refused_id);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["RequestId"], refused_id.as_str());
    assert!(body["Message"].is_string());
    stack.shutdown().await;
}

#[tokio::test]
async fn liveness_asks_nothing_upstream_and_readiness_asks_once() {
    let stack = Stack::start().await;
    let before = stack.upstream_calls();
    let live = stack.send(Method::GET, "/healthz", None, None).await;
    assert_eq!(live.status(), 200);
    assert_eq!(stack.upstream_calls(), before);
    let ready = stack.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status(), 200);
    assert_eq!(stack.upstream_calls(), before + 1);
    stack.shutdown().await;
}

#[tokio::test]
async fn readiness_is_503_when_securevideo_is_down() {
    let proxy = proxy_for(
        &closed_port_url(),
        "k",
        "s",
        std::time::Duration::from_secs(2),
    )
    .await;
    let response = reqwest::get(format!("{}/readyz", proxy.base_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert!(body["RequestId"].is_string());
    proxy.shutdown().await;
}
