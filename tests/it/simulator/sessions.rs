//! Sessions over HTTP: list, list by user, create, reschedule, delete.

use participant_manager::common::field;
use participant_manager::common::rules::session::DUPLICATE_NAME_MESSAGE;
use participant_manager::simulator::seed::*;
use serde_json::{Value, json};

use crate::support::sim_harness::*;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/securevideo/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

/// The recorded 2015 create request (its guest sends the legacy
/// resolution "default"), with an unknown field besides.
fn create_request() -> Value {
    let mut body = fixture("session-create-request.json");
    body["ParticipantsNote"] = json!("unknown fields are ignored");
    body
}

#[tokio::test]
async fn creating_a_session_answers_201_with_the_host_as_first_participant() {
    let sim = Sim::start().await;
    let mut body = create_request();
    body["ExternalSessionId"] = json!("APPT-2001");
    body["Topic"] = json!("Therapy session");
    let reply = sim
        .post(&format!("/session/{DEMO_HOST_USER_ID}"), body)
        .await;
    assert_eq!(reply.status, 201, "{reply:?}");
    let session = reply.json();
    assert_eq!(session["UserId"], DEMO_HOST_USER_ID);
    assert_eq!(session["ScheduleTs"], "2016-04-16T15:00:00");
    assert_eq!(session["ExternalSessionId"], "APPT-2001");
    assert_eq!(session["Topic"], "Therapy session");
    assert_eq!(session["IsRecorded"], false);
    assert_eq!(names(&session), [DEMO_HOST_NAME, "Trevor"]);
    let host = &session["Participants"][0];
    assert_eq!(host["SecureVideoUserId"], session["UserId"]);
    let trevor = participant(&session, "Trevor");
    assert_eq!(trevor["ParticipantSmsNumber"], "3124455566");
    assert_eq!(
        trevor["ParticipantTimeZoneWindowsId"],
        "Hawaiian Standard Time"
    );
    // It is listed, and the SMS guest was invited.
    let id = session["SessionId"].as_i64().unwrap();
    assert_eq!(sim.session(id).await, session);
    let invited = sim
        .outbox_for(trevor["ParticipationId"].as_i64().unwrap())
        .await;
    assert_eq!(invited.len(), 1);
}

/// Regression: the 2015 recording's guest sends "default", which the real
/// server accepted and echoed; the simulator once refused it with
/// `Participants[0]: ParticipantDefaultResolution: ...must be "high"`.
#[tokio::test]
async fn the_recorded_2015_create_request_keeps_its_legacy_resolution() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/session/{DEMO_HOST_USER_ID}"),
            fixture("session-create-request.json"),
        )
        .await;
    assert_eq!(reply.status, 201, "{reply:?}");
    let session = reply.json();
    assert_eq!(
        participant(&session, "Trevor")[field::RESOLUTION],
        "default"
    );
    // Stored so: the list says the same.
    let id = session["SessionId"].as_i64().unwrap();
    assert_eq!(
        participant(&sim.session(id).await, "Trevor")[field::RESOLUTION],
        "default"
    );
}

#[tokio::test]
async fn creating_a_session_checks_every_participant_and_stores_nothing_on_a_refusal() {
    let sim = Sim::start().await;
    let before = sim.sessions().await.len();
    let mut body = create_request();
    body["Participants"] = json!([guest("Robin Example"), guest(" robin example ")]);
    let reply = sim
        .post(&format!("/session/{DEMO_HOST_USER_ID}"), body.clone())
        .await;
    reply.assert_bad_request(
        "Participants[1]",
        Some(DUPLICATE_NAME_MESSAGE),
        "duplicate in request",
    );
    body["Participants"] =
        json!([guest("Robin Example"), {"SecureVideoUserId": DEMO_HOST_USER_ID}]);
    let reply = sim
        .post(&format!("/session/{DEMO_HOST_USER_ID}"), body)
        .await;
    reply.assert_bad_request(
        field::USER_ID,
        Some("Participants[1]"),
        "host as participant",
    );
    assert_eq!(sim.sessions().await.len(), before, "nothing was stored");
}

#[tokio::test]
async fn creating_a_session_refuses_bad_session_fields() {
    let sim = Sim::start().await;
    let path = format!("/session/{DEMO_HOST_USER_ID}");
    let cases = [
        (
            "no ScheduleTs",
            with(create_request(), "ScheduleTs", Value::Null),
            "ScheduleTs",
        ),
        (
            "bad ScheduleTs",
            with(create_request(), "ScheduleTs", json!("soon")),
            "ScheduleTs",
        ),
        (
            "other UserId",
            with(create_request(), "UserId", json!(12282)),
            "UserId",
        ),
        (
            "taken ExternalSessionId",
            with(
                create_request(),
                "ExternalSessionId",
                json!(DEMO_EXTERNAL_SESSION_ID),
            ),
            "ExternalSessionId",
        ),
    ];
    for (case, body, named) in cases {
        sim.post(&path, body)
            .await
            .assert_bad_request(named, None, case);
    }
    let unknown = sim
        .post(
            "/session/99999",
            with(create_request(), "UserId", Value::Null),
        )
        .await;
    assert_eq!(unknown.status, 404, "{unknown:?}");
    assert_eq!(unknown.message(), "User not found");
}

#[tokio::test]
async fn sessions_of_a_user_are_those_they_take_part_in() {
    let sim = Sim::start().await;
    let hosts = sim.get(&format!("/session/{DEMO_HOST_USER_ID}")).await;
    assert_eq!(hosts.status, 200);
    assert_eq!(hosts.json().as_array().unwrap().len(), 2);
    let colleague = format!("/session/{DEMO_COLLEAGUE_USER_ID}");
    assert_eq!(sim.get(&colleague).await.json(), json!([]));
    sim.post(
        &format!("/participant/{DEMO_SESSION_ID}"),
        json!({"SecureVideoUserId": DEMO_COLLEAGUE_USER_ID}),
    )
    .await;
    let theirs = sim.get(&colleague).await.json();
    assert_eq!(theirs.as_array().unwrap().len(), 1);
    assert_eq!(theirs[0]["SessionId"], DEMO_SESSION_ID);
    let unknown = sim.get("/session/99999").await;
    assert_eq!(
        (unknown.status, unknown.message()),
        (404, "User not found".to_owned())
    );
}

#[tokio::test]
async fn rescheduling_a_session_changes_its_time_and_type() {
    let sim = Sim::start().await;
    let reply = sim
        .put(
            &format!("/session/{DEMO_SECOND_SESSION_ID}"),
            json!({"ScheduleTs": "2030-01-02T09:30:00"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let session = reply.json();
    assert_eq!(session["ScheduleTs"], "2030-01-02T09:30:00");
    assert_eq!(session["ScheduleType"], "Rescheduled");
    assert_eq!(sim.session(DEMO_SECOND_SESSION_ID).await, session);
    let missing = sim
        .put(
            "/session/999999",
            json!({"ScheduleTs": "2030-01-02T09:30:00"}),
        )
        .await;
    assert_eq!(missing.status, 404);
    sim.put(&format!("/session/{DEMO_SECOND_SESSION_ID}"), json!({}))
        .await
        .assert_bad_request("ScheduleTs", None, "no time");
}

#[tokio::test]
async fn deleting_a_session_answers_204_and_cancels_every_invitation() {
    let sim = Sim::start().await;
    let session = sim.session(DEMO_SESSION_ID).await;
    let invited: Vec<i64> = ["Jamie Rivera", "Casey Rivera"]
        .iter()
        .map(|name| participation_id(&session, name))
        .collect();
    let reply = sim.delete(&format!("/session/{DEMO_SESSION_ID}")).await;
    assert_eq!((reply.status, reply.text.as_str()), (204, ""));
    assert!(
        sim.sessions()
            .await
            .iter()
            .all(|s| s["SessionId"] != DEMO_SESSION_ID)
    );
    for &id in &invited {
        let kinds: Vec<_> = sim
            .outbox_for(id)
            .await
            .iter()
            .map(|m| m["Kind"].clone())
            .collect();
        assert_eq!(
            kinds,
            [json!("invitation"), json!("cancellation")],
            "participation {id}"
        );
    }
    assert_eq!(
        sim.delete(&format!("/session/{DEMO_SESSION_ID}"))
            .await
            .status,
        404
    );
    // Its participants went with it.
    assert_eq!(
        sim.delete(&format!("/participant/{}", invited[0]))
            .await
            .status,
        404
    );
}
