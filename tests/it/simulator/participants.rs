//! The Participant API over HTTP: add, update, remove with both addressings,
//! every rule's 400, ConnectCodes and concurrency.

use participant_manager::common::field;
use participant_manager::common::rules::session::{
    DUPLICATE_NAME_MESSAGE, DUPLICATE_USER_MESSAGE, HOST_EDIT_MESSAGE, HOST_MESSAGE,
    NAME_CHANGE_MESSAGE, USER_CHANGE_MESSAGE,
};
use participant_manager::simulator::seed::*;
use serde_json::{Value, json};

use crate::support::sim_harness::*;

const DEMO: i64 = DEMO_SESSION_ID;

// ----- add -----

#[tokio::test]
async fn adding_a_guest_by_session_id_returns_the_updated_session() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/participant/{DEMO}"),
            full_guest("Trevor Example"),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let session = reply.json();
    assert_eq!(session["SessionId"], DEMO);
    let guest = participant(&session, "Trevor Example");
    assert!(guest["ParticipationId"].as_i64().unwrap() >= FIRST_PARTICIPATION_ID);
    assert_eq!(guest["SecureVideoUserId"], Value::Null);
    assert_eq!(guest["ParticipantEmailAddress"], "trevor@example.com");
    assert_eq!(guest["ParticipantSmsNumber"], "15555550166");
    assert_eq!(guest["ParticipantDefaultResolution"], "high");
    assert_eq!(
        guest["ParticipantTimeZoneWindowsId"],
        "Eastern Standard Time"
    );
    assert_eq!(guest["ParticipantExternalId"], "EMR123456");
    assert_eq!(guest["ShouldAutoDeliverCode"], "S");
    assert_eq!(guest["PacketId"], 1215);
    assert_eq!(guest["SvcId"], 1037);
    assert_eq!(guest["DepositRequired"].as_f64(), Some(20.0));
    assert_eq!(guest["RSVP"], "Unknown");
    assert_eq!(guest["ConnectionTs"], Value::Null);
    assert_eq!(guest["ExpiresTs"], Value::Null);
    let passkey = guest["Passkey"].as_str().expect("a guest has a Passkey");
    let parsed = uuid::Uuid::parse_str(passkey).expect("Passkey is a UUID");
    assert_eq!(parsed.get_version_num(), 4);
    // The answer is what is stored.
    assert_eq!(sim.session(DEMO).await, session);
}

#[tokio::test]
async fn adding_a_guest_by_external_session_id_adds_to_that_session() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            guest("Pat Example"),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["ExternalSessionId"], DEMO_EXTERNAL_SESSION_ID);
    assert!(names(&sim.session(DEMO).await).contains(&"Pat Example".to_owned()));
}

#[tokio::test]
async fn adding_to_participant_0_without_external_session_id_is_a_400() {
    let sim = Sim::start().await;
    let reply = sim.post("/participant/0", guest("Pat Example")).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    assert!(reply.message().contains("externalSessionId"));
}

#[tokio::test]
async fn adding_to_an_unknown_session_is_a_404() {
    let sim = Sim::start().await;
    for path in [
        "/participant/999999",
        "/participant/0?externalSessionId=NOPE-1",
        "/participant/-5",
    ] {
        let reply = sim.post(path, guest("Pat Example")).await;
        assert_eq!(reply.status, 404, "{path}: {reply:?}");
        assert_eq!(
            reply.json(),
            json!({"Message": "Session not found"}),
            "{path}"
        );
    }
}

#[tokio::test]
async fn adding_a_securevideo_user_takes_their_details_from_the_user_record() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/participant/{DEMO}"),
            // The spec's example sends the id as a string.
            json!({"SecureVideoUserId": DEMO_COLLEAGUE_USER_ID.to_string(), "PacketId": -1, "SvcId": null, "DepositRequired": null}),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let session = reply.json();
    let user = participant(&session, "Dr. Sam Okafor");
    assert_eq!(user["SecureVideoUserId"], DEMO_COLLEAGUE_USER_ID);
    assert_eq!(user["ParticipantEmailAddress"], "sam.okafor@example.com");
    assert_eq!(user["ParticipantSmsNumber"], "15555550142");
    assert_eq!(
        user["ParticipantTimeZoneWindowsId"],
        "Eastern Standard Time"
    );
    assert_eq!(user["ParticipantExternalId"], DEMO_COLLEAGUE_EXTERNAL_ID);
    assert_eq!(user["PacketId"], -1);
    assert_eq!(user["Passkey"], "", "only guests get a Passkey");
}

#[tokio::test]
async fn adding_an_unknown_securevideo_user_is_a_400_naming_secure_video_user_id() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/participant/{DEMO}"),
            json!({"SecureVideoUserId": 99999}),
        )
        .await;
    reply.assert_bad_request(field::USER_ID, None, "unknown user");
}

#[tokio::test]
async fn adding_the_host_is_rejected() {
    let sim = Sim::start().await;
    let path = format!("/participant/{DEMO}");
    let as_user = sim
        .post(&path, json!({"SecureVideoUserId": DEMO_HOST_USER_ID}))
        .await;
    as_user.assert_bad_request(field::USER_ID, Some(HOST_MESSAGE), "host as user");
    let as_guest = sim.post(&path, guest(DEMO_HOST_NAME)).await;
    as_guest.assert_bad_request(field::FULL_NAME, Some(HOST_MESSAGE), "host as guest");
    let shouted = sim.post(&path, guest(&DEMO_HOST_NAME.to_uppercase())).await;
    shouted.assert_bad_request(field::FULL_NAME, Some(HOST_MESSAGE), "host in capitals");
    assert_eq!(
        sim.session(DEMO).await["Participants"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn a_duplicate_name_is_rejected_ignoring_case_and_spaces() {
    let sim = Sim::start().await;
    let path = format!("/participant/{DEMO}");
    for name in [DEMO_GUEST_NAME, "  jamie   RIVERA "] {
        let reply = sim.post(&path, guest(name)).await;
        reply.assert_bad_request(field::FULL_NAME, Some(DUPLICATE_NAME_MESSAGE), name);
    }
}

#[tokio::test]
async fn the_same_securevideo_user_cannot_be_added_twice() {
    let sim = Sim::start().await;
    let path = format!("/participant/{DEMO}");
    let body = json!({"SecureVideoUserId": 12283});
    assert_eq!(sim.post(&path, body.clone()).await.status, 200);
    sim.post(&path, body).await.assert_bad_request(
        field::USER_ID,
        Some(DUPLICATE_USER_MESSAGE),
        "second add",
    );
}

/// Each rule of the Participant API page has its own 400, whose message
/// names the field; nothing is stored.
#[tokio::test]
async fn each_participant_rule_has_its_own_400_naming_the_field() {
    let sim = Sim::start().await;
    let base = full_guest("Robin Example");
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "name missing",
            without(base.clone(), field::FULL_NAME),
            field::FULL_NAME,
        ),
        (
            "name of 1 character",
            with(base.clone(), field::FULL_NAME, json!("R")),
            field::FULL_NAME,
        ),
        (
            "blank name",
            with(base.clone(), field::FULL_NAME, json!("   ")),
            field::FULL_NAME,
        ),
        (
            "E without e-mail",
            with(
                without(base.clone(), field::EMAIL),
                field::DELIVERY,
                json!("E"),
            ),
            field::EMAIL,
        ),
        (
            "S without SMS",
            without(base.clone(), field::SMS),
            field::SMS,
        ),
        (
            "unknown delivery code",
            with(base.clone(), field::DELIVERY, json!("X")),
            field::DELIVERY,
        ),
        (
            "resolution not a legacy value",
            with(base.clone(), field::RESOLUTION, json!("low")),
            field::RESOLUTION,
        ),
        (
            "unknown time zone",
            with(base.clone(), field::TIME_ZONE, json!("Mars Standard Time")),
            field::TIME_ZONE,
        ),
        (
            "PacketId -2",
            with(base.clone(), field::PACKET_ID, json!(-2)),
            field::PACKET_ID,
        ),
        (
            "SvcId without deposit",
            without(base.clone(), field::DEPOSIT),
            field::DEPOSIT,
        ),
        (
            "deposit without SvcId",
            without(base.clone(), field::SVC_ID),
            field::SVC_ID,
        ),
        (
            "deposit with 3 decimals",
            with(base.clone(), field::DEPOSIT, json!(20.001)),
            field::DEPOSIT,
        ),
        (
            "negative deposit",
            with(base.clone(), field::DEPOSIT, json!(-5)),
            field::DEPOSIT,
        ),
        (
            "bad e-mail",
            with(base.clone(), field::EMAIL, json!("not-an-address")),
            field::EMAIL,
        ),
        (
            "unknown field",
            with(base.clone(), "Nickname", json!("Rob")),
            "Nickname",
        ),
        (
            "user body with guest fields",
            json!({"SecureVideoUserId": 12283, "ParticipantEmailAddress": "x@example.com"}),
            field::EMAIL,
        ),
        (
            "user id not a number",
            json!({"SecureVideoUserId": "abc"}),
            field::USER_ID,
        ),
    ];
    for (case, body, named) in cases {
        let reply = sim.post(&format!("/participant/{DEMO}"), body).await;
        reply.assert_bad_request(named, None, case);
    }
    // The valid base body is accepted, so each refusal was the one change.
    assert_eq!(
        sim.post(&format!("/participant/{DEMO}"), base).await.status,
        200
    );
    assert_eq!(
        sim.session(DEMO).await["Participants"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_a_400() {
    let sim = Sim::start().await;
    let url = sim.url(&format!("/participant/{DEMO}"));
    for body in ["not json", "[1, 2]", ""] {
        let response = sim
            .client
            .post(&url)
            .basic_auth(KEY, Some(SECRET))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let reply = read(response).await;
        assert_eq!(reply.status, 400, "{body:?}: {reply:?}");
        assert!(!reply.message().is_empty());
    }
}

#[tokio::test]
async fn connect_codes_are_nine_digits_and_unique() {
    let sim = Sim::start().await;
    for i in 0..25 {
        sim.add_guest(DEMO, guest(&format!("Guest Number {i}")))
            .await;
    }
    let mut codes: Vec<i64> = sim
        .sessions()
        .await
        .iter()
        .flat_map(|s| s["Participants"].as_array().unwrap().clone())
        .map(|p| p["ConnectCode"].as_i64().expect("ConnectCode is a number"))
        .collect();
    assert!(codes.len() >= 30);
    assert!(
        codes
            .iter()
            .all(|c| (100_000_000..=999_999_999).contains(c)),
        "{codes:?}"
    );
    let count = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), count, "ConnectCodes repeat");
}

/// Two simultaneous adds of one name: the check and the insert are one
/// transaction, so exactly one gets in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_of_the_same_name_let_exactly_one_through() {
    let sim = std::sync::Arc::new(Sim::start().await);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let sim = sim.clone();
        tasks.spawn(async move {
            sim.post(&format!("/participant/{DEMO}"), guest("Sam Twin"))
                .await
        });
    }
    let replies = tasks.join_all().await;
    let ok = replies.iter().filter(|r| r.status == 200).count();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(ok, 1, "statuses: {statuses:?}");
    for reply in replies.iter().filter(|r| r.status != 200) {
        reply.assert_bad_request(field::FULL_NAME, Some(DUPLICATE_NAME_MESSAGE), "loser");
    }
    let session = sim.session(DEMO).await;
    assert_eq!(
        names(&session).iter().filter(|n| *n == "Sam Twin").count(),
        1
    );
}

// ----- update -----

#[tokio::test]
async fn updating_a_guest_by_participation_id_replaces_their_details() {
    let sim = Sim::start().await;
    let id = sim.add_guest(DEMO, guest("Robin Example")).await;
    let body = json!({
        "ParticipantFullName": "Robin Example",
        "ParticipantEmailAddress": "robin@example.com",
        "ParticipantTimeZoneWindowsId": "Pacific Standard Time",
        "ShouldAutoDeliverCode": "E",
        "PacketId": 0
    });
    let reply = sim.put(&format!("/participant/{id}"), body).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let session = reply.json();
    let robin = participant(&session, "Robin Example");
    assert_eq!(robin["ParticipationId"], id, "the id stays");
    assert_eq!(robin["ParticipantEmailAddress"], "robin@example.com");
    assert_eq!(
        robin["ParticipantTimeZoneWindowsId"],
        "Pacific Standard Time"
    );
    assert_eq!(robin["ShouldAutoDeliverCode"], "E");
    assert_eq!(robin["PacketId"], 0);
}

#[tokio::test]
async fn updating_a_guest_by_external_ids_finds_them_by_participant_external_id() {
    let sim = Sim::start().await;
    let path = format!(
        "/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId={DEMO_GUEST_EXTERNAL_ID}"
    );
    let body = json!({
        "ParticipantEmailAddress": "jamie.new@example.com",
        "ParticipantExternalId": DEMO_GUEST_EXTERNAL_ID,
        "ShouldAutoDeliverCode": "E"
    });
    let reply = sim.put(&path, body).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let jamie = participant(&reply.json(), DEMO_GUEST_NAME).clone();
    assert_eq!(jamie["ParticipantEmailAddress"], "jamie.new@example.com");
}

#[tokio::test]
async fn a_guests_name_cannot_change_on_update() {
    let sim = Sim::start().await;
    let id = sim.add_guest(DEMO, guest("Robin Example")).await;
    sim.put(&format!("/participant/{id}"), guest("Robyn Example"))
        .await
        .assert_bad_request(field::FULL_NAME, Some(NAME_CHANGE_MESSAGE), "rename");
    assert!(names(&sim.session(DEMO).await).contains(&"Robin Example".to_owned()));
}

#[tokio::test]
async fn a_users_securevideo_user_id_cannot_change_on_update() {
    let sim = Sim::start().await;
    let reply = sim
        .post(
            &format!("/participant/{DEMO}"),
            json!({"SecureVideoUserId": 12283}),
        )
        .await;
    let id = participation_id(&reply.json(), "Nurse Priya Raman");
    let path = format!("/participant/{id}");
    sim.put(&path, json!({"SecureVideoUserId": 12284}))
        .await
        .assert_bad_request(field::USER_ID, Some(USER_CHANGE_MESSAGE), "other user");
    // A user's own details belong to the User API.
    sim.put(
        &path,
        json!({"ParticipantEmailAddress": "priya@example.com"}),
    )
    .await
    .assert_bad_request(field::EMAIL, None, "user's e-mail");
    // Their session-specific properties can change.
    let reply = sim
        .put(
            &path,
            json!({"SecureVideoUserId": 12283, "SvcId": 7, "DepositRequired": "12.50"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let priya = participant(&reply.json(), "Nurse Priya Raman").clone();
    assert_eq!(
        (priya["SvcId"].as_i64(), priya["DepositRequired"].as_f64()),
        (Some(7), Some(12.5))
    );
}

#[tokio::test]
async fn an_update_is_checked_by_the_same_field_rules() {
    let sim = Sim::start().await;
    let id = sim.add_guest(DEMO, guest("Robin Example")).await;
    let body = json!({"ParticipantFullName": "Robin Example", "ShouldAutoDeliverCode": "S"});
    sim.put(&format!("/participant/{id}"), body)
        .await
        .assert_bad_request(field::SMS, None, "S without SMS on update");
}

#[tokio::test]
async fn the_host_cannot_be_updated_or_removed() {
    let sim = Sim::start().await;
    let host = sim.session(DEMO).await["Participants"][0]["ParticipationId"]
        .as_i64()
        .unwrap();
    let path = format!("/participant/{host}");
    let update = sim.put(&path, json!({"PacketId": 0})).await;
    assert_eq!(update.status, 400, "{update:?}");
    assert!(update.message().contains(HOST_EDIT_MESSAGE));
    let remove = sim.delete(&path).await;
    assert_eq!(remove.status, 400, "{remove:?}");
    assert!(remove.message().contains(HOST_EDIT_MESSAGE));
}

#[tokio::test]
async fn updating_an_unknown_participant_is_a_404_and_an_incomplete_address_a_400() {
    let sim = Sim::start().await;
    let cases = [
        ("/participant/999999", 404),
        (
            "/participant/0?externalSessionId=APPT-1001&externalId=NOBODY",
            404,
        ),
        (
            "/participant/0?externalSessionId=NOPE&externalId=PAT-0001",
            404,
        ),
        ("/participant/0?externalSessionId=APPT-1001", 400),
        ("/participant/0?externalId=PAT-0001", 400),
    ];
    for (path, status) in cases {
        let reply = sim.put(path, guest(DEMO_GUEST_NAME)).await;
        assert_eq!(reply.status, status, "{path}: {reply:?}");
        let reply = sim.delete(path).await;
        assert_eq!(reply.status, status, "DELETE {path}: {reply:?}");
    }
}

// ----- remove -----

#[tokio::test]
async fn removing_by_participation_id_answers_204_with_an_empty_body() {
    let sim = Sim::start().await;
    let id = sim.add_guest(DEMO, guest("Robin Example")).await;
    let reply = sim.delete(&format!("/participant/{id}")).await;
    assert_eq!(reply.status, 204, "{reply:?}");
    assert_eq!(reply.text, "");
    assert!(!names(&sim.session(DEMO).await).contains(&"Robin Example".to_owned()));
    assert_eq!(
        sim.delete(&format!("/participant/{id}")).await.status,
        404,
        "already gone"
    );
}

#[tokio::test]
async fn removing_by_external_ids_removes_that_participant() {
    let sim = Sim::start().await;
    let path = format!(
        "/participant/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId={DEMO_GUEST_EXTERNAL_ID}"
    );
    let reply = sim.delete(&path).await;
    assert_eq!(reply.status, 204, "{reply:?}");
    assert!(!names(&sim.session(DEMO).await).contains(&DEMO_GUEST_NAME.to_owned()));
}
