//! The second half of `hostile::secrets`: every route of the proxy in
//! front of a SecureVideo stand-in that fails in every way it can, each
//! answer checked for SecureVideo's error text.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::hostile::canary::UPSTREAM_TEXT;
use crate::support::hostile::upstream::{Answer, RecordingUpstream, Script};
use participant_manager::proxy::{self, AppState, Authenticator, RunningProxy};
use participant_manager::proxy::{SecureVideoClient, UpstreamConfig};
use secrecy::SecretString;

use crate::support::hostile::router::every_call_reaches_upstream;
use crate::support::proxy_stack::{always_read, demo_write_token, loopback, secret, send};

/// Every route against a SecureVideo stand-in that fails in every way it
/// can: error statuses with the upstream-text canary in the body, an HTML
/// page, a redirect (canary in the Location), each on the changes and then
/// on the reads, and a stall past the proxy's timeout. Each answer is
/// checked for the upstream text (allowed in a 400 only); returns how many
/// 400s passed SecureVideo's message on.
pub async fn drive_upstream_failures(
    api_key: &str,
    api_secret: &str,
    guest: &Value,
    email: &str,
    name: &str,
    seen: &mut String,
) -> usize {
    let fake = RecordingUpstream::start().await;
    let http = reqwest::Client::new();
    let write = demo_write_token();
    let script = Script::default();
    let by_external = format!(
        "externalSessionId={}&externalId={}",
        script.external_session_id, script.guest_external_id
    );
    let update = json!({"ParticipantEmailAddress": email, "ShouldAutoDeliverCode": "E"});
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            format!("/api/participant/{}", script.session_id),
            Some(guest.clone()),
        ),
        (
            Method::POST,
            format!(
                "/api/participant/0?externalSessionId={}",
                script.external_session_id
            ),
            Some(guest.clone()),
        ),
        (
            Method::POST,
            format!("/api/participant/{}", script.session_id),
            Some(json!({"SecureVideoUserId": 12284})),
        ),
        (
            Method::PUT,
            format!("/api/participant/{}", script.guest_id),
            Some(update.clone()),
        ),
        (
            Method::PUT,
            format!("/api/participant/0?{by_external}"),
            Some(update),
        ),
        (
            Method::DELETE,
            format!("/api/participant/{}", script.guest_id),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/participant/0?{by_external}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/session/{}", script.session_id),
            None,
        ),
        (
            Method::GET,
            format!(
                "/api/session/0?externalSessionId={}",
                script.external_session_id
            ),
            None,
        ),
        (
            Method::GET,
            format!("/api/session/{}/status", script.session_id),
            None,
        ),
        (Method::GET, format!("/api/user?q={}", &name[7..]), None),
        (Method::GET, "/readyz".to_owned(), None),
    ];
    let mut passed_on = 0;
    let mut check = |what: &str, status: u16, shown: String, seen: &mut String| {
        if shown.contains(UPSTREAM_TEXT) {
            assert_eq!(
                status, 400,
                "{what}: upstream text in a {status} answer: {shown}"
            );
            passed_on += 1;
        }
        seen.push_str(&shown);
    };

    let proxy =
        proxy_in_front_of(&fake.base_url, api_key, api_secret, Duration::from_secs(5)).await;
    let failing = Answer::ALL.into_iter().filter(|a| *a != Answer::Normal);
    for (answer, on_reads) in failing.flat_map(|a| [(a, false), (a, true)]) {
        fake.set_script(Script {
            changes: answer,
            reads: if on_reads { answer } else { Answer::Normal },
            ..Script::default()
        });
        for (method, path, body) in &routes {
            let url = format!("{}{path}", proxy.base_url());
            let response = send(&http, method.clone(), &url, Some(&write), body.as_ref()).await;
            let (status, shown) = show(response).await;
            let what = format!("{answer:?} (reads too: {on_reads}) {method} {path}");
            check(&what, status, shown, seen);
        }
        let sent = fake.take();
        assert!(
            on_reads || sent.iter().any(|r| r.method != "GET"),
            "{answer:?}: the changes reached the stand-in"
        );
    }
    proxy.shutdown().await;

    // Past the deadline: a 504, and nothing of what came late.
    let proxy = proxy_in_front_of(
        &fake.base_url,
        api_key,
        api_secret,
        Duration::from_millis(300),
    )
    .await;
    fake.set_script(Script {
        changes: Answer::Stall,
        reads: Answer::Stall,
        ..Script::default()
    });
    for (method, path, body) in &routes[..2] {
        let url = format!("{}{path}", proxy.base_url());
        let response = send(&http, method.clone(), &url, Some(&write), body.as_ref()).await;
        let (status, shown) = show(response).await;
        assert_eq!(status, 504, "{shown}");
        check(&format!("stall {method} {path}"), status, shown, seen);
    }
    proxy.shutdown().await;
    passed_on
}

/// A proxy in front of `base_url` whose every call reaches it: no circuit
/// breaker opening after the first failures, so each failure class is seen.
async fn proxy_in_front_of(
    base_url: &str,
    key: &str,
    api_secret: &str,
    timeout: Duration,
) -> RunningProxy {
    let client = SecureVideoClient::with_policy(
        &UpstreamConfig {
            base_url: base_url.parse().unwrap(),
            api_key: SecretString::from(key),
            api_secret: SecretString::from(api_secret),
            connect_timeout: Duration::from_secs(2),
            timeout,
        },
        every_call_reaches_upstream(),
    )
    .unwrap();
    // Every request meets the scripted answer itself, not a snapshot.
    let state = AppState::with_sessions(
        client,
        Authenticator::tokens(&secret()),
        vec![],
        always_read(),
    );
    proxy::start(state, loopback()).await.unwrap()
}

/// A response's status, and everything it shows as text.
async fn show(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let mut shown = format!("{status} {:?}\n", response.headers());
    shown.push_str(&response.text().await.unwrap());
    shown.push('\n');
    (status, shown)
}
