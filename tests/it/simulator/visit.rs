//! A visit as it happens, over HTTP: the simulator-only routes that make a
//! participant connect, leave and answer the invitation, and end the
//! session (`/simulator/...`), and SecureVideo's `GET /status/{id}` that
//! reports where the session is.
//!
//! - Connecting sets `ConnectionTs` (UTC without an offset, now) and makes
//!   the session STARTED; leaving clears it and the session stays STARTED;
//!   ending makes it ENDED, disconnects everyone and refuses new
//!   connections.
//! - RSVP takes Confirmed, Declined or Unknown; anything else is a 400
//!   naming `RSVP`.
//! - Both addressings work, unknown ids are 404, and every route needs the
//!   Basic credentials.

use chrono::{NaiveDateTime, Utc};
use participant_manager::simulator::seed::*;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::sim_harness::*;

const DEMO: i64 = DEMO_SESSION_ID;

fn connect(id: i64) -> String {
    format!("/simulator/participant/{id}/connect")
}

fn disconnect(id: i64) -> String {
    format!("/simulator/participant/{id}/disconnect")
}

fn rsvp(id: i64) -> String {
    format!("/simulator/participant/{id}/rsvp")
}

async fn status(sim: &Sim, session_id: i64) -> Value {
    let reply = sim.get(&format!("/status/{session_id}")).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    reply.json()
}

async fn demo_guest(sim: &Sim) -> i64 {
    participation_id(&sim.session(DEMO).await, DEMO_GUEST_NAME)
}

/// The participant's ConnectionTs in the session an answer carries.
fn connection_ts(session: &Value, participation_id: i64) -> Value {
    session["Participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["ParticipationId"] == participation_id)
        .unwrap_or_else(|| panic!("{participation_id} not in {session}"))["ConnectionTs"]
        .clone()
}

#[tokio::test]
async fn connecting_sets_connection_ts_to_now_in_utc_and_disconnecting_clears_it() {
    let sim = Sim::start().await;
    let guest = demo_guest(&sim).await;
    assert_eq!(connection_ts(&sim.session(DEMO).await, guest), Value::Null);

    let before = Utc::now().naive_utc() - chrono::Duration::seconds(1);
    let connected = sim.post(&connect(guest), json!({})).await;
    assert_eq!(connected.status, 200, "{connected:?}");
    // The answer is the updated Session, like the Participant API's.
    assert_eq!(connected.json()["SessionId"], DEMO);
    let ts = connection_ts(&connected.json(), guest);
    let ts = ts.as_str().expect("ConnectionTs is set");
    let parsed = NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%S")
        .unwrap_or_else(|e| panic!("{ts:?} is not UTC without an offset: {e}"));
    let after = Utc::now().naive_utc() + chrono::Duration::seconds(1);
    assert!(before <= parsed && parsed <= after, "{ts} is not now");
    // And every later read shows it.
    assert_eq!(connection_ts(&sim.session(DEMO).await, guest), json!(ts));

    let left = sim.post(&disconnect(guest), json!({})).await;
    assert_eq!(left.status, 200, "{left:?}");
    assert_eq!(connection_ts(&left.json(), guest), Value::Null);
    assert_eq!(connection_ts(&sim.session(DEMO).await, guest), Value::Null);
}

#[tokio::test]
async fn the_status_goes_from_not_started_to_started_and_stays_started_until_the_session_ends() {
    let sim = Sim::start().await;
    let guest = demo_guest(&sim).await;
    assert_eq!(
        status(&sim, DEMO).await,
        json!({"SessionId": DEMO, "Status": "NOT_STARTED"})
    );
    assert_eq!(sim.post(&connect(guest), json!({})).await.status, 200);
    assert_eq!(status(&sim, DEMO).await["Status"], "STARTED");
    // The other session is untouched.
    assert_eq!(
        status(&sim, DEMO_SECOND_SESSION_ID).await["Status"],
        "NOT_STARTED"
    );
    assert_eq!(sim.post(&disconnect(guest), json!({})).await.status, 200);
    assert_eq!(status(&sim, DEMO).await["Status"], "STARTED");

    assert_eq!(sim.post(&connect(guest), json!({})).await.status, 200);
    let ended = sim
        .post(&format!("/simulator/session/{DEMO}/end"), json!({}))
        .await;
    assert_eq!(ended.status, 200, "{ended:?}");
    assert_eq!(ended.json(), json!({"SessionId": DEMO, "Status": "ENDED"}));
    assert_eq!(status(&sim, DEMO).await["Status"], "ENDED");
    // Everyone still there was disconnected, and nobody can connect again.
    let session = sim.session(DEMO).await;
    for p in session["Participants"].as_array().unwrap() {
        assert_eq!(p["ConnectionTs"], Value::Null, "{p}");
    }
    let late = sim.post(&connect(guest), json!({})).await;
    assert_eq!(late.status, 400, "{late:?}");
    assert!(late.message().contains("ended"), "{late:?}");
    // Ending again changes nothing.
    let again = sim
        .post(&format!("/simulator/session/{DEMO}/end"), json!({}))
        .await;
    assert_eq!(again.json()["Status"], "ENDED");
}

#[tokio::test]
async fn the_status_and_the_visit_routes_take_the_external_ids_too() {
    let sim = Sim::start().await;
    let by_external = format!("/status/0?externalSessionId={DEMO_EXTERNAL_SESSION_ID}");
    let reply = sim.get(&by_external).await;
    assert_eq!(
        reply.json(),
        json!({"SessionId": DEMO, "Status": "NOT_STARTED"})
    );
    let connected = sim
        .post(
            &format!(
                "/simulator/participant/0/connect?externalSessionId={DEMO_EXTERNAL_SESSION_ID}&externalId={DEMO_GUEST_EXTERNAL_ID}"
            ),
            json!({}),
        )
        .await;
    assert_eq!(connected.status, 200, "{connected:?}");
    assert!(connection_ts(&connected.json(), demo_guest(&sim).await).is_string());
    assert_eq!(sim.get(&by_external).await.json()["Status"], "STARTED");
    let ended = sim
        .post(
            &format!("/simulator/session/0/end?externalSessionId={DEMO_EXTERNAL_SESSION_ID}"),
            json!({}),
        )
        .await;
    assert_eq!(ended.json(), json!({"SessionId": DEMO, "Status": "ENDED"}));
}

#[tokio::test]
async fn each_rsvp_value_is_kept_and_anything_else_is_a_400_naming_rsvp() {
    let sim = Sim::start().await;
    let guest = demo_guest(&sim).await;
    for value in ["Confirmed", "Declined", "Unknown", "Confirmed"] {
        let reply = sim.post(&rsvp(guest), json!({"RSVP": value})).await;
        assert_eq!(reply.status, 200, "{value}: {reply:?}");
        let session = sim.session(DEMO).await;
        assert_eq!(participant(&session, DEMO_GUEST_NAME)["RSVP"], value);
    }
    for (case, body) in [
        ("another value", json!({"RSVP": "Maybe"})),
        ("another case", json!({"RSVP": "declined"})),
        ("a number", json!({"RSVP": 1})),
        ("missing", json!({"Answer": "Confirmed"})),
    ] {
        let reply = sim.post(&rsvp(guest), body).await;
        reply.assert_bad_request("RSVP", Some("Confirmed, Declined or Unknown"), case);
    }
    let array = sim.post(&rsvp(guest), json!(["Confirmed"])).await;
    array.assert_bad_request("RSVP", Some("JSON object"), "not an object");
    let not_json = read(
        sim.client
            .post(sim.url(&rsvp(guest)))
            .basic_auth(KEY, Some(SECRET))
            .header("content-type", "application/json")
            .body("Confirmed")
            .send()
            .await
            .unwrap(),
    )
    .await;
    not_json.assert_bad_request("RSVP", Some("JSON object"), "not JSON");
    // The refused answers changed nothing.
    let session = sim.session(DEMO).await;
    assert_eq!(participant(&session, DEMO_GUEST_NAME)["RSVP"], "Confirmed");
}

#[tokio::test]
async fn unknown_ids_are_404_and_bad_ids_400() {
    let sim = Sim::start().await;
    for (method, path) in [
        (Method::GET, "/status/999999".to_owned()),
        (
            Method::GET,
            "/status/0?externalSessionId=NO-SUCH".to_owned(),
        ),
        (Method::POST, connect(999_999)),
        (Method::POST, disconnect(999_999)),
        (Method::POST, "/simulator/session/999999/end".to_owned()),
    ] {
        let reply = sim.send(method, &path, Some(json!({}))).await;
        assert_eq!(reply.status, 404, "{path}: {reply:?}");
    }
    let reply = sim.post(&rsvp(999_999), json!({"RSVP": "Confirmed"})).await;
    assert_eq!(reply.status, 404, "{reply:?}");
    for (method, path) in [
        (Method::GET, "/status/abc"),
        (Method::GET, "/status/0"),
        (Method::POST, "/simulator/participant/x/connect"),
        (Method::POST, "/simulator/session/0/end"),
    ] {
        let reply = sim.send(method, path, None).await;
        assert_eq!(reply.status, 400, "{path}: {reply:?}");
    }
}

#[tokio::test]
async fn the_status_and_the_visit_routes_need_the_credentials() {
    let sim = Sim::start().await;
    let guest = demo_guest(&sim).await;
    for (method, path) in [
        (Method::GET, format!("/status/{DEMO}")),
        (Method::POST, connect(guest)),
        (Method::POST, disconnect(guest)),
        (Method::POST, rsvp(guest)),
        (Method::POST, format!("/simulator/session/{DEMO}/end")),
    ] {
        let reply = read(
            sim.client
                .request(method, sim.url(&path))
                .json(&json!({"RSVP": "Declined"}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status, 401, "{path}: {reply:?}");
    }
    // Nothing happened.
    assert_eq!(status(&sim, DEMO).await["Status"], "NOT_STARTED");
    let session = sim.session(DEMO).await;
    assert_eq!(participant(&session, DEMO_GUEST_NAME)["RSVP"], "Unknown");
}
