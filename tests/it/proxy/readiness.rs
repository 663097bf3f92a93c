//! What `/readyz` costs SecureVideo, over real HTTP against a scripted
//! stand-in: it is unauthenticated, so however often it is hit it may
//! cost at most one upstream call per probe interval (5 s), and none
//! while a request's answer says how SecureVideo is doing.

use crate::support::proxy_stack as stack;
use crate::support::upstream as fake;

use std::time::Duration;

use fake::{Reply, Upstream, one_session};
use futures_util::future::join_all;
use participant_manager::proxy::{Scope, SessionRef};
use reqwest::Method;
use serde_json::json;
use stack::*;

/// 100 concurrent hits, then 100 one after another over about a second;
/// every status.
async fn hammer_readyz(base: &str) -> Vec<u16> {
    let http = reqwest::Client::new();
    let url = format!("{base}/readyz");
    let hit = || async { http.get(&url).send().await.unwrap().status().as_u16() };
    let mut statuses = join_all((0..100).map(|_| hit())).await;
    for _ in 0..100 {
        statuses.push(hit().await);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    statuses
}

fn calls_to_user(fake: &Upstream) -> usize {
    fake.requests().iter().filter(|r| r.path == "/user").count()
}

#[tokio::test]
async fn two_hundred_readyz_hits_cost_at_most_one_upstream_call() {
    let fake = Upstream::answering(|_| Reply::json(200, json!([]))).await;
    let proxy = proxy_for(&fake.base_url, "k", "s", Duration::from_secs(5)).await;
    let statuses = hammer_readyz(&proxy.base_url()).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert!(fake.requests().len() <= 1, "{:?}", fake.requests());
    assert_eq!(calls_to_user(&fake), 1);
    proxy.shutdown().await;
}

#[tokio::test]
async fn readyz_after_a_good_upstream_answer_calls_nothing() {
    let fake = Upstream::answering(|request| match request.path.as_str() {
        "/session" => Reply::json(200, one_session(55, "APPT-55", "PAT-55")),
        _ => Reply::json(200, json!([])),
    })
    .await;
    let proxy = proxy_for(&fake.base_url, "k", "s", Duration::from_secs(5)).await;
    let http = reqwest::Client::new();
    let read = send(
        &http,
        Method::GET,
        &format!("{}/api/session/55", proxy.base_url()),
        Some(&token(SessionRef::Id(55), Scope::Read)),
        None,
    )
    .await;
    assert_eq!(read.status(), 200);
    let calls = fake.requests().len();
    let statuses = hammer_readyz(&proxy.base_url()).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(fake.requests().len(), calls, "{:?}", fake.requests());
    assert_eq!(calls_to_user(&fake), 0);
    proxy.shutdown().await;
}

#[tokio::test]
async fn readyz_with_a_failing_upstream_answers_503_and_calls_it_at_most_once() {
    let fake = Upstream::answering(|_| Reply::json(503, json!({"Message": "down"}))).await;
    let proxy = proxy_for(&fake.base_url, "k", "s", Duration::from_secs(5)).await;
    let statuses = hammer_readyz(&proxy.base_url()).await;
    assert!(statuses.iter().all(|s| *s == 503), "{statuses:?}");
    // One probe per 5 s: one HTTP request reaching SecureVideo, not one
    // per attempt of a retried read.
    let sent: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(sent.len() <= 1, "{sent:?}");
    proxy.shutdown().await;
}
