//! The proxy's router without a network (`tower::ServiceExt::oneshot`):
//! CORS for exactly the allowed origins, the one error shape for routes and
//! methods that do not exist, and the development mode's open door. The
//! upstream is a closed port, so any request that reached it would be a 502.

use crate::support::proxy_stack as stack;

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use participant_manager::proxy::{
    self, AppState, Authenticator, SecureVideoClient, UpstreamConfig,
};
use secrecy::SecretString;
use serde_json::Value;
use tower::ServiceExt;

const ALLOWED: &str = "https://ehr.example.com";

fn app() -> axum::Router {
    proxy::app(stack::state_for(
        &stack::closed_port_url(),
        "k",
        "s",
        Duration::from_secs(2),
        &[ALLOWED],
    ))
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri("/api/participant/1")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap()
}

async fn json(response: axum::response::Response) -> Value {
    serde_json::from_slice(&to_bytes(response.into_body(), 1 << 20).await.unwrap()).unwrap()
}

#[tokio::test]
async fn an_allowed_origin_passes_the_cors_preflight_for_the_api_methods_and_headers() {
    let response = app().oneshot(preflight(ALLOWED)).await.unwrap();
    let headers = response.headers();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], ALLOWED);
    let methods = headers[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap();
    for method in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(method), "{methods}");
    }
    let allowed = headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );
}

#[tokio::test]
async fn another_origin_gets_no_cors_permission() {
    for origin in [
        "https://evil.example.com",
        "https://ehr.example.com.evil.test",
        "null",
    ] {
        let response = app().oneshot(preflight(origin)).await.unwrap();
        assert!(
            !response
                .headers()
                .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "{origin} was allowed"
        );
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_one_error_shape() {
    for (method, uri, status) in [
        ("GET", "/api/nothing", StatusCode::NOT_FOUND),
        (
            "PATCH",
            "/api/participant/1",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), status);
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = json(response).await;
        assert_eq!(body["RequestId"], id.as_str());
        assert!(body["Message"].is_string());
    }
}

#[tokio::test]
async fn liveness_answers_without_upstream() {
    let request = Request::builder()
        .uri("/healthz")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app().oneshot(request).await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn without_a_token_secret_the_api_lets_requests_through_as_the_dev_actor() {
    let client = SecureVideoClient::new(&UpstreamConfig {
        base_url: stack::closed_port_url().parse().unwrap(),
        api_key: SecretString::from("k"),
        api_secret: SecretString::from("s"),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
    })
    .unwrap();
    let open = proxy::app(AppState::new(client, Authenticator::dev_open(), vec![]));
    let request = Request::builder()
        .uri("/api/session/1")
        .body(Body::empty())
        .unwrap();
    // Past authentication: it went upstream, which is down.
    assert_eq!(
        open.oneshot(request).await.unwrap().status(),
        StatusCode::BAD_GATEWAY
    );
    // With a secret, the same request stops at the door.
    let request = Request::builder()
        .uri("/api/session/1")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        app().oneshot(request).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}
