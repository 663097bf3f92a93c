//! The User API over HTTP (SecureVideo KB "API - Users"): create, read,
//! replace and delete a user account, by SystemUserId or by ExternalId.

use participant_manager::common::{field, user_field};
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

/// The documented create body, with example.com data, a write-only
/// password and a read-only id a client might send back.
fn new_user(name: &str, external_id: &str) -> Value {
    json!({
        "FullName": name,
        "EmailAddress": "a.macguffin@example.com",
        "SmsNumber": "3121234567",
        "DefaultResolution": "high",
        "TimeZoneWindowsId": "Eastern Standard Time",
        "HelpNumber": "111-334-8512",
        "ExternalId": external_id,
        "SystemRoles": "H,P",
        "NewPassword": "Tmp#Passw0rd",
        "VideoId": "ignored",
    })
}

/// Creates a user and returns its SystemUserId.
async fn create(sim: &Sim, body: Value) -> i64 {
    let reply = sim.post("/user", body).await;
    assert_eq!(reply.status, 201, "{reply:?}");
    reply.json()["SystemUserId"]
        .as_str()
        .expect("a string id")
        .parse()
        .unwrap()
}

fn user_ids(users: &Value) -> Vec<String> {
    users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["SystemUserId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn creating_a_user_answers_201_with_the_user_as_securevideo_writes_it() {
    let sim = Sim::start().await;
    let reply = sim
        .post("/user", new_user("A. MacGuffin", "PROV-2001"))
        .await;
    assert_eq!(reply.status, 201, "{reply:?}");
    let user = reply.json();
    // Ids count on from the seeded 12281..12285, as a string in a User.
    assert_eq!(user["SystemUserId"], "12286");
    for key in ["SystemUserId", "FullName", "VideoId", "HelpNumber"] {
        assert!(user[key].is_string(), "{key}: {user}");
    }
    assert_eq!(user["FullName"], "A. MacGuffin");
    assert_eq!(user["EmailAddress"], "a.macguffin@example.com");
    assert_eq!(user["SmsNumber"], "3121234567");
    assert_eq!(user["DefaultResolution"], "high");
    assert_eq!(user["TimeZoneWindowsId"], "Eastern Standard Time");
    assert_eq!(user["HelpNumber"], "111-334-8512");
    assert_eq!(user["ExternalId"], "PROV-2001");
    assert_eq!(user["SystemRoles"], "H,P");
    assert_eq!(user["NewPassword"], Value::Null, "write-only");
    // VideoId: the id zero-padded to 10 digits, then more digits, like the
    // recorded securevideo+sv000001228327978610.
    let video_id = user["VideoId"].as_str().unwrap();
    let recorded = fixture("user-get-200.json")["VideoId"].clone();
    assert_eq!(
        video_id.len(),
        recorded.as_str().unwrap().len(),
        "{video_id}"
    );
    assert!(
        video_id.starts_with("securevideo+sv0000012286"),
        "{video_id}"
    );
    // Every recorded field, with the recorded type.
    for (key, value) in fixture("user-get-200.json").as_object().unwrap() {
        assert_eq!(
            std::mem::discriminant(&user[key]),
            std::mem::discriminant(value),
            "{key}"
        );
    }
    // It reads back the same every way, and is listed.
    assert_eq!(sim.get("/user/12286").await.json(), user);
    assert_eq!(sim.get("/user/0?externalId=PROV-2001").await.json(), user);
    assert!(user_ids(&sim.get("/user").await.json()).contains(&"12286".to_owned()));
    // The password was not kept anywhere.
    let conn = rusqlite::Connection::open(&sim.db).unwrap();
    let dump: String = conn
        .query_row(
            "SELECT group_concat(full_name || email_address || video_id || system_roles) FROM users",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!dump.contains("Tmp#Passw0rd"));
}

#[tokio::test]
async fn a_user_body_is_checked_with_commons_rules_and_a_refusal_creates_nothing() {
    let sim = Sim::start().await;
    let before = sim.get("/user").await.json();
    let base = new_user("A. MacGuffin", "PROV-2001");
    let cases = [
        (
            "no name",
            without(base.clone(), "FullName"),
            user_field::FULL_NAME,
        ),
        (
            "one letter",
            with(base.clone(), "FullName", json!("A")),
            user_field::FULL_NAME,
        ),
        (
            "bad e-mail",
            with(base.clone(), "EmailAddress", json!("a@b")),
            user_field::EMAIL,
        ),
        (
            "bad SMS",
            with(base.clone(), "SmsNumber", json!("12")),
            user_field::SMS,
        ),
        (
            "not a legacy resolution",
            with(base.clone(), "DefaultResolution", json!("low")),
            user_field::RESOLUTION,
        ),
        (
            "unknown time zone",
            with(
                base.clone(),
                "TimeZoneWindowsId",
                json!("Mars Standard Time"),
            ),
            user_field::TIME_ZONE,
        ),
        (
            "bad help number",
            with(base.clone(), "HelpNumber", json!("call us")),
            user_field::HELP_NUMBER,
        ),
        (
            "bad roles",
            with(base.clone(), "SystemRoles", json!("Host")),
            user_field::SYSTEM_ROLES,
        ),
        (
            "another user's ExternalId",
            with(
                base.clone(),
                "ExternalId",
                json!(DEMO_COLLEAGUE_EXTERNAL_ID),
            ),
            user_field::EXTERNAL_ID,
        ),
    ];
    for (case, body, field) in cases {
        sim.post("/user", body)
            .await
            .assert_bad_request(field, None, case);
    }
    let not_json = sim
        .client
        .post(sim.url("/user"))
        .basic_auth(KEY, Some(SECRET))
        .body("FullName=A")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(sim.get("/user").await.json(), before, "nothing was created");
    // The legacy "default" and a minimal body are accepted.
    let minimal = create(
        &sim,
        json!({"FullName": "Min Imal", "DefaultResolution": "Default"}),
    )
    .await;
    let user = sim.get(&format!("/user/{minimal}")).await.json();
    assert_eq!(user["DefaultResolution"], "Default");
    assert_eq!(
        (&user["EmailAddress"], &user["ExternalId"]),
        (&json!(""), &json!(""))
    );
}

#[tokio::test]
async fn updating_a_user_replaces_its_properties_and_its_sessions_show_them() {
    let sim = Sim::start().await;
    let id = DEMO_COLLEAGUE_USER_ID;
    let added = sim
        .post(
            &format!("/participant/{DEMO_SESSION_ID}"),
            json!({"SecureVideoUserId": id}),
        )
        .await;
    assert_eq!(added.status, 200, "{added:?}");
    let before = sim.get(&format!("/user/{id}")).await.json();

    let mut body = new_user("Dr. Sam Okafor-Reid", DEMO_COLLEAGUE_EXTERNAL_ID);
    body["SystemUserId"] = json!("99999"); // read-only: ignored
    body["DefaultResolution"] = json!("default");
    let reply = sim.put(&format!("/user/{id}"), body).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let user = reply.json();
    assert_eq!(user["SystemUserId"], id.to_string());
    assert_eq!(user["VideoId"], before["VideoId"], "read-only");
    assert_eq!(user["FullName"], "Dr. Sam Okafor-Reid");
    assert_eq!(user["EmailAddress"], "a.macguffin@example.com");
    assert_eq!(user["DefaultResolution"], "default");
    assert_eq!(sim.get(&format!("/user/{id}")).await.json(), user);
    let listed = participant(&sim.session(DEMO_SESSION_ID).await, "Dr. Sam Okafor-Reid").clone();
    assert_eq!(listed["SecureVideoUserId"], id);
    assert_eq!(listed["ParticipantEmailAddress"], "a.macguffin@example.com");
    assert_eq!(listed[field::RESOLUTION], "default");

    // A property left out is cleared; addressed by ExternalId too.
    let reply = sim
        .put(
            &format!("/user/0?externalId={DEMO_COLLEAGUE_EXTERNAL_ID}"),
            json!({"FullName": "Sam Okafor", "ExternalId": DEMO_COLLEAGUE_EXTERNAL_ID}),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let user = reply.json();
    assert_eq!(
        (&user["EmailAddress"], &user["DefaultResolution"]),
        (&json!(""), &json!("high"))
    );

    // Refusals change nothing.
    sim.put(
        &format!("/user/{id}"),
        json!({"FullName": "Sam", "ExternalId": "PROV-1001"}),
    )
    .await
    .assert_bad_request(user_field::EXTERNAL_ID, None, "another user's ExternalId");
    sim.put(
        &format!("/user/{id}"),
        json!({"EmailAddress": "x@example.com"}),
    )
    .await
    .assert_bad_request(user_field::FULL_NAME, None, "a PUT without the name");
    // A name another participant already has in one of the user's sessions.
    sim.put(
        &format!("/user/{id}"),
        json!({"FullName": " jamie  RIVERA "}),
    )
    .await
    .assert_bad_request(
        user_field::FULL_NAME,
        Some("36201"),
        "a name taken in a session",
    );
    assert_eq!(sim.get(&format!("/user/{id}")).await.json(), user);
    let missing = sim.put("/user/99999", json!({"FullName": "No Body"})).await;
    assert_eq!(
        (missing.status, missing.json()),
        (404, fixture("user-get-404.json"))
    );
}

#[tokio::test]
async fn a_deleted_user_is_not_found_anywhere_and_its_external_id_is_free_again() {
    let sim = Sim::start().await;
    let id = create(&sim, new_user("A. MacGuffin", "PROV-2001")).await;
    // SecureVideo clients send DELETE with a body of {}.
    let reply = sim
        .send(
            reqwest::Method::DELETE,
            &format!("/user/{id}"),
            Some(json!({})),
        )
        .await;
    assert_eq!((reply.status, reply.text.as_str()), (204, ""), "{reply:?}");

    for path in [
        format!("/user/{id}"),
        "/user/0?externalId=PROV-2001".to_owned(),
    ] {
        let reply = sim.get(&path).await;
        assert_eq!(
            (reply.status, reply.json()),
            (404, fixture("user-get-404.json")),
            "{path}"
        );
    }
    assert!(!user_ids(&sim.get("/user").await.json()).contains(&id.to_string()));
    assert_eq!(sim.get(&format!("/session/{id}")).await.status, 404);
    sim.post(
        &format!("/participant/{DEMO_SESSION_ID}"),
        json!({"SecureVideoUserId": id}),
    )
    .await
    .assert_bad_request(field::USER_ID, None, "adding a deleted user");
    assert_eq!(
        sim.put(&format!("/user/{id}"), json!({"FullName": "Back Again"}))
            .await
            .status,
        404
    );
    assert_eq!(
        sim.delete(&format!("/user/{id}")).await.status,
        404,
        "deleted once"
    );

    // A new user may take the ExternalId, and gets a new id.
    let again = create(&sim, new_user("A. MacGuffin", "PROV-2001")).await;
    assert!(again > id);
}

/// SecureVideo does not say what deleting a user does to their sessions;
/// the simulator refuses while they are needed in an upcoming one, and
/// keeps past sessions as they were.
#[tokio::test]
async fn a_user_still_in_an_upcoming_session_is_not_deleted() {
    let sim = Sim::start().await;
    let hosts = sim.delete(&format!("/user/{DEMO_HOST_USER_ID}")).await;
    hosts.assert_bad_request(
        &DEMO_SESSION_ID.to_string(),
        Some("delete those sessions first"),
        "host",
    );
    assert_eq!(
        sim.get(&format!("/user/{DEMO_HOST_USER_ID}")).await.status,
        200
    );

    let member = 12283;
    let session = sim
        .post(
            &format!("/participant/{DEMO_SESSION_ID}"),
            json!({"SecureVideoUserId": member}),
        )
        .await
        .json();
    let joined = sim.delete(&format!("/user/{member}")).await;
    joined.assert_bad_request(
        &DEMO_SESSION_ID.to_string(),
        Some("remove them from those sessions"),
        "member",
    );
    let participation = session["Participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["SecureVideoUserId"] == member)
        .unwrap()["ParticipationId"]
        .as_i64()
        .unwrap();
    assert_eq!(
        sim.delete(&format!("/participant/{participation}"))
            .await
            .status,
        204
    );
    assert_eq!(sim.delete(&format!("/user/{member}")).await.status, 204);

    // A user who only hosted a past session can go; the session stays as it was.
    let past_host = create(&sim, new_user("Past Host", "PROV-2002")).await;
    let past = sim
        .post(
            &format!("/session/{past_host}"),
            json!({"ScheduleTs": "2016-04-16T15:00:00", "Participants": []}),
        )
        .await;
    assert_eq!(past.status, 201, "{past:?}");
    let past = past.json();
    assert_eq!(sim.delete(&format!("/user/{past_host}")).await.status, 204);
    assert_eq!(sim.session(past["SessionId"].as_i64().unwrap()).await, past);
}
