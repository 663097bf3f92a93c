//! The session index against scripted stand-ins for SecureVideo, over
//! real HTTP on loopback: what SecureVideo might list or match otherwise
//! than the simulator does.
//!
//! - A SecureVideo that matches external ids differently from us (case,
//!   spaces) never receives a change it could apply to another session:
//!   every change goes out by the SessionId / ParticipationId the proxy
//!   resolved.
//! - A session listed without a UserId, or early in an account list longer
//!   than the index holds, is still found.

use crate::support::proxy_stack as stack;
use crate::support::sessions_stack;
use crate::support::upstream as fake;

use std::time::Duration;

use fake::{Reply, Upstream};
use participant_manager::proxy::{Scope, SessionRef, SessionSettings};
use reqwest::Method;
use serde_json::{Value, json};
use sessions_stack::*;
use stack::*;

/// Session A is the token's ("APPT-7", guest "PAT-7"); session B is
/// another host's, "appt-7 " with guest "pat-7". The stand-in matches
/// external ids trimmed and case-insensitively, B first, as a SecureVideo
/// could: anything addressed to it by external id lands on B.
fn mismatching_stand_in(request: &fake::Recorded) -> Reply {
    let a = |extra: &[(i64, &str, &str)]| {
        let mut guests = vec![(1001, "Guest A", "PAT-7")];
        guests.extend_from_slice(extra);
        session_json(100, 500, "APPT-7", &guests)
    };
    let b = || session_json(200, 501, "appt-7 ", &[(2001, "Guest B", "pat-7")]);
    let by_external = request.path.ends_with("/0");
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/session") => Reply::json(200, json!([b(), a(&[])])),
        ("GET", "/session/500") => Reply::json(200, json!([a(&[])])),
        ("GET", "/session/501") => Reply::json(200, json!([b()])),
        ("GET", _) => Reply::json(200, json!([])),
        ("POST", _) if by_external => Reply::json(200, b()),
        ("POST", "/participant/100") => Reply::json(200, a(&[(1002, "Avery Stone", "PAT-8")])),
        ("PUT", _) if by_external => Reply::json(200, b()),
        ("PUT", "/participant/1001") => Reply::json(200, a(&[])),
        ("DELETE", _) => Reply::raw(204, "application/json", Vec::new()),
        _ => Reply::json(404, json!({"Message": "not found"})),
    }
}

#[tokio::test]
async fn changes_addressed_by_external_ids_reach_only_the_tokens_session_when_securevideo_matches_them_differently()
 {
    let fake = Upstream::answering(mismatching_stand_in).await;
    let proxy = proxy_for(&fake.base_url, "k", "s", Duration::from_secs(5)).await;
    let token = token(SessionRef::External("APPT-7".into()), Scope::Write);
    let http = reqwest::Client::new();
    let base = proxy.base_url();
    let participant = format!("{base}/api/participant/0?externalSessionId=APPT-7&externalId=PAT-7");

    let added = send(
        &http,
        Method::POST,
        &format!("{base}/api/participant/0?externalSessionId=APPT-7"),
        Some(&token),
        Some(&json!({"ParticipantFullName": "Avery Stone"})),
    )
    .await;
    assert_eq!(added.status(), 200);
    assert_eq!(added.json::<Value>().await.unwrap()["SessionId"], 100);
    let updated = send(
        &http,
        Method::PUT,
        &participant,
        Some(&token),
        Some(&json!({"ParticipantSmsNumber": "(333) 444-6666", "ShouldAutoDeliverCode": "S"})),
    )
    .await;
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.json::<Value>().await.unwrap()["SessionId"], 100);
    let removed = send(&http, Method::DELETE, &participant, Some(&token), None).await;
    assert_eq!(removed.status(), 204);

    let changes: Vec<_> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect();
    let sent: Vec<String> = changes
        .iter()
        .map(|r| {
            format!(
                "{} {}?{}",
                r.method,
                r.path,
                r.query.as_deref().unwrap_or("")
            )
        })
        .collect();
    // Each change went out addressed by A's own ids: nothing the stand-in
    // could match to B.
    assert_eq!(
        sent,
        [
            "POST /participant/100?",
            "PUT /participant/1001?",
            "DELETE /participant/1001?"
        ],
        "{sent:?}"
    );
    proxy.shutdown().await;
}

/// Regression for a session listed without a UserId (the proxy reads
/// Sessions leniently): it cannot be refreshed through a host's list, so
/// only the account-wide list can serve it. Learned (without a snapshot)
/// by the read for another session, it was answered 404 while that read
/// was recent, although SecureVideo lists it.

#[tokio::test]
async fn a_session_listed_without_a_host_is_found_right_after_another_sessions_read() {
    let hostless = |id: i64| {
        let mut session = session_json(id, 0, &format!("APPT-{id}"), &[]);
        session.as_object_mut().unwrap().remove("UserId");
        session["Participants"][0]["SecureVideoUserId"] = Value::Null;
        session
    };
    let list = json!([hostless(100), hostless(200)]);
    let fake = Upstream::answering(move |request| match request.path.as_str() {
        "/session" => Reply::json(200, list.clone()),
        _ => Reply::json(404, json!({"Message": "not found"})),
    })
    .await;
    let proxy = proxy_for(&fake.base_url, "k", "s", Duration::from_secs(5)).await;
    let http = reqwest::Client::new();
    for id in [100, 200] {
        let response = send(
            &http,
            Method::GET,
            &format!("{}/api/session/{id}", proxy.base_url()),
            Some(&token(SessionRef::Id(id), Scope::Read)),
            None,
        )
        .await;
        assert_eq!(response.status(), 200, "session {id}");
    }
    proxy.shutdown().await;
}

/// Regression: an account with more sessions than the index holds. The
/// account-wide read learned every session in turn, so the ones listed
/// early, the requested one among them, were pushed out by the later ones
/// before the request looked, and it was answered 404.
#[tokio::test]
async fn a_session_early_in_an_account_list_longer_than_the_index_is_found() {
    let list = json!([
        session_json(100, 500, "APPT-100", &[]),
        session_json(200, 501, "APPT-200", &[]),
        session_json(300, 502, "APPT-300", &[]),
    ]);
    let fake = Upstream::answering(move |request| match request.path.as_str() {
        "/session" => Reply::json(200, list.clone()),
        _ => Reply::json(404, json!({"Message": "not found"})),
    })
    .await;
    let capacity = std::num::NonZeroUsize::new(2).unwrap();
    let settings = SessionSettings {
        index_capacity: capacity,
        snapshot_capacity: capacity,
        ..SessionSettings::default()
    };
    let proxy = proxy_with(&fake.base_url, settings).await;
    let response = send(
        &reqwest::Client::new(),
        Method::GET,
        &format!("{}/api/session/100", proxy.base_url()),
        Some(&token(SessionRef::Id(100), Scope::Read)),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    proxy.shutdown().await;
}

/// An account with more sessions than the index holds: right after the
/// account-wide read for one session, another that read listed (but the
/// index could not keep) is asked for. The recent read is taken to mean
/// "not active", so it is answered 404 for up to a max age although
/// SecureVideo lists it. Fails today: `scan_since` trusts a recent read
/// for every session, though a read of more sessions than the index
/// holds left some out.
#[tokio::test]
async fn a_session_the_full_index_let_go_of_is_found_right_after_the_account_read() {
    let list = json!([
        session_json(100, 500, "APPT-100", &[]),
        session_json(200, 501, "APPT-200", &[]),
        session_json(300, 502, "APPT-300", &[]),
    ]);
    let fake = Upstream::answering(move |request| match request.path.as_str() {
        "/session" => Reply::json(200, list.clone()),
        _ => Reply::json(404, json!({"Message": "not found"})),
    })
    .await;
    let capacity = std::num::NonZeroUsize::new(2).unwrap();
    let settings = SessionSettings {
        index_capacity: capacity,
        snapshot_capacity: capacity,
        ..SessionSettings::default()
    };
    let proxy = proxy_with(&fake.base_url, settings).await;
    let http = reqwest::Client::new();
    for id in [300, 100] {
        let response = send(
            &http,
            Method::GET,
            &format!("{}/api/session/{id}", proxy.base_url()),
            Some(&token(SessionRef::Id(id), Scope::Read)),
            None,
        )
        .await;
        assert_eq!(response.status(), 200, "session {id}");
    }
    proxy.shutdown().await;
}
