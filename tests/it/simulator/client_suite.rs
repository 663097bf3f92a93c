//! A SecureVideo client's own test suite, pointed at the simulator: the
//! user, session and participant calls in the order such a suite makes
//! them, with the habits of the recorded client that the real server
//! tolerated: `Accept: application/json` and `Content-Type:
//! application/json` on every request (GET and DELETE included), DELETE
//! with a body of `{}`, and `?UserId=` repeated on `GET /session/{userId}`.

use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use serde_json::{Value, json};

use crate::support::sim_harness::*;

/// A client that sends what the recorded client sent on every request.
struct Client<'a> {
    sim: &'a Sim,
    http: reqwest::Client,
}

impl<'a> Client<'a> {
    fn new(sim: &'a Sim) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap();
        Self { sim, http }
    }

    /// Sends `body` as it is written (`{}` on a DELETE), or an empty body.
    async fn call(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
        let request = self
            .http
            .request(method, self.sim.url(path))
            .basic_auth(KEY, Some(SECRET))
            .body(body.unwrap_or_default().to_owned());
        read(request.send().await.unwrap()).await
    }

    async fn expect(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> Reply {
        let text = body.map(|b| b.to_string());
        let reply = self.call(method.clone(), path, text.as_deref()).await;
        assert_eq!(reply.status, status, "{method} {path}: {reply:?}");
        reply
    }
}

#[tokio::test]
async fn a_securevideo_clients_test_suite_runs_against_the_simulator() {
    let sim = Sim::start().await;
    let client = Client::new(&sim);

    // Users.
    let users = client.expect(Method::GET, "/user", None, 200).await.json();
    assert!(!users.as_array().unwrap().is_empty());
    let user = client
        .expect(
            Method::POST,
            "/user",
            Some(json!({
                "FullName": "Suite Host",
                "EmailAddress": "suite.host@example.com",
                "SmsNumber": "",
                "DefaultResolution": "high",
                "TimeZoneWindowsId": "Pacific Standard Time",
                "HelpNumber": "4085550100",
                "ExternalId": "SUITE-1",
            })),
            201,
        )
        .await
        .json();
    let user_id = user["SystemUserId"].as_str().unwrap().to_owned();
    assert_eq!(
        client
            .expect(Method::GET, &format!("/user/{user_id}"), None, 200)
            .await
            .json(),
        user
    );
    let found = client
        .expect(Method::GET, "/user/0?externalId=SUITE-1", None, 200)
        .await;
    assert_eq!(found.json(), user);
    let mut changed = user.clone();
    changed["HelpNumber"] = json!("408-555-0101");
    let updated = client
        .expect(Method::PUT, &format!("/user/{user_id}"), Some(changed), 200)
        .await
        .json();
    assert_eq!(updated["HelpNumber"], "408-555-0101");

    // Sessions: create one hosted by the new user, as the 2015 client did.
    let created = client
        .expect(
            Method::POST,
            &format!("/session/{user_id}"),
            Some(json!({
                "UserId": user_id.parse::<i64>().unwrap(),
                "ScheduleTs": "2031-04-16T15:00:00",
                "Participants": [{
                    "ParticipantFullName": "Trevor",
                    "ParticipantEmailAddress": "trevor@example.com",
                    "ParticipantSmsNumber": "3125550166",
                    "ParticipantDefaultResolution": "default",
                    "ParticipantTimeZoneWindowsId": "Hawaiian Standard Time",
                    "ShouldAutoDeliverCode": "S"
                }]
            })),
            201,
        )
        .await
        .json();
    let session_id = created["SessionId"].as_i64().unwrap();
    let mine = client
        .expect(
            Method::GET,
            &format!("/session/{user_id}?UserId={user_id}"),
            None,
            200,
        )
        .await
        .json();
    assert_eq!(mine, json!([created.clone()]));
    client.expect(Method::GET, "/session", None, 200).await;

    // Participants: add, update, remove (DELETE with {}).
    let session = client
        .expect(
            Method::POST,
            &format!("/participant/{session_id}"),
            Some(json!({
                "ParticipantFullName": "Robin Example",
                "ParticipantDefaultResolution": "DEFAULT",
                "ShouldAutoDeliverCode": "N"
            })),
            200,
        )
        .await
        .json();
    let robin = participation_id(&session, "Robin Example");
    assert_eq!(
        participant(&session, "Robin Example")["ParticipantDefaultResolution"],
        "DEFAULT"
    );
    client
        .expect(
            Method::PUT,
            &format!("/participant/{robin}"),
            Some(json!({
                "ParticipantFullName": "Robin Example",
                "ParticipantEmailAddress": "robin@example.com",
                "ParticipantDefaultResolution": "default",
                "ShouldAutoDeliverCode": "E"
            })),
            200,
        )
        .await;
    let removed = client
        .expect(
            Method::DELETE,
            &format!("/participant/{robin}"),
            Some(json!({})),
            204,
        )
        .await;
    assert_eq!(removed.text, "");

    // Tidy up: the session, then the user (both DELETE with {}).
    client
        .expect(
            Method::DELETE,
            &format!("/session/{session_id}"),
            Some(json!({})),
            204,
        )
        .await;
    client
        .expect(
            Method::DELETE,
            &format!("/user/{user_id}"),
            Some(json!({})),
            204,
        )
        .await;
    let gone = client
        .expect(Method::GET, &format!("/user/{user_id}"), None, 404)
        .await;
    assert_eq!(gone.json(), json!({"Message": "User not found"}));
}

#[tokio::test]
async fn a_user_id_in_the_query_that_contradicts_the_address_is_refused() {
    let sim = Sim::start().await;
    let client = Client::new(&sim);
    let path = "/session/12281?UserId=12282";
    let reply = client.expect(Method::GET, path, None, 400).await;
    assert!(reply.message().contains("UserId"), "{reply:?}");
    client
        .expect(Method::GET, "/session/12281?userid=12281", None, 200)
        .await;
}
