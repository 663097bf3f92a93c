//! What every answer carries, over real HTTP on loopback: the security
//! headers (on successes, errors, 404s and CORS preflights alike), CORS
//! access for exactly the allowed origins and none for look-alikes, a
//! request id of our own whatever the client sends, and the standalone
//! page framable only by the configured portals.

use crate::support::proxy_stack as stack;

use std::time::Duration;

use participant_manager::proxy::{self, EdgeSettings, RunningProxy};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;

const ALLOWED: &str = "https://ehr.example.com";
const ALLOWED_WITH_PORT: &str = "http://localhost:8080";

async fn proxy_with(edge: EdgeSettings) -> RunningProxy {
    let state = stack::state_for(
        &stack::closed_port_url(),
        "k",
        "s",
        Duration::from_secs(2),
        &[ALLOWED, ALLOWED_WITH_PORT],
    );
    proxy::start_with(state, stack::loopback(), &edge)
        .await
        .unwrap()
}

async fn proxy() -> RunningProxy {
    proxy_with(EdgeSettings::default()).await
}

/// A file of the standalone page: the security headers, except that it may
/// be cached with revalidation (it holds no patient data).
fn assert_page_headers(headers: &HeaderMap, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-cache"),
        ("referrer-policy", "no-referrer"),
        ("vary", "accept-encoding"),
    ] {
        assert_eq!(
            headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{what}: {name} in {headers:?}"
        );
    }
    assert!(headers.contains_key("last-modified"), "{what}: {headers:?}");
}

fn assert_security_headers(headers: &HeaderMap, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
    ] {
        let all: Vec<_> = headers.get_all(name).iter().collect();
        assert_eq!(all.len(), 1, "{what}: {name} is {all:?}");
        assert_eq!(all[0], value, "{what}: {name}");
    }
}

fn preflight(http: &reqwest::Client, url: &str, origin: &str) -> reqwest::RequestBuilder {
    http.request(Method::OPTIONS, url)
        .header("origin", origin)
        .header("access-control-request-method", "PUT")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
}

#[tokio::test]
async fn every_answer_carries_nosniff_no_store_and_no_referrer() {
    let proxy = proxy().await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", proxy.base_url());
    let token = stack::demo_write_token();
    let cases: Vec<(&str, reqwest::RequestBuilder, u16)> = vec![
        ("health", http.get(url("/healthz")), 200),
        ("no route", http.get(url("/nothing/here")), 404),
        ("no token", http.get(url("/api/session/1")), 401),
        ("no such method", http.patch(url("/api/participant/1")), 405),
        (
            "repeated parameter",
            http.get(url(
                "/api/session/0?externalSessionId=A&externalSessionId=B",
            ))
            .bearer_auth(&token),
            400,
        ),
        (
            "too large",
            http.post(url(&format!("/api/participant/{}", stack::DEMO_SESSION_ID)))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body(vec![b' '; 20 * 1024]),
            413,
        ),
        (
            "upstream down",
            http.get(url(&format!("/api/session/{}", stack::DEMO_SESSION_ID)))
                .bearer_auth(&token),
            502,
        ),
        (
            "allowed preflight",
            preflight(&http, &url("/api/participant/1"), ALLOWED),
            200,
        ),
        (
            "hostile preflight",
            preflight(&http, &url("/api/participant/1"), "https://evil.example"),
            200,
        ),
    ];
    for (what, request, status) in cases {
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{what}");
        assert_security_headers(response.headers(), what);
    }
    proxy.shutdown().await;
}

/// Origins that must get no CORS access when only `ALLOWED` and
/// `ALLOWED_WITH_PORT` are configured.
const HOSTILE_ORIGINS: &[&str] = &[
    "null",
    "https://ehr.example.com.evil.com",
    "https://ehr.example.com.",
    "https://evil-ehr.example.com",
    "https://evilehr.example.com",
    "https://sub.ehr.example.com",
    "https://example.com",
    "http://ehr.example.com",
    "wss://ehr.example.com",
    "https://ehr.example.com:8443",
    "https://ehr.example.com:443",
    "http://localhost:8081",
    "http://localhost",
    "https://localhost:8080",
    "http://127.0.0.1:8080",
    "HTTPS://EHR.EXAMPLE.COM",
    "https://EHR.example.com",
    "https://ehr.example.com/",
    "https://ehr.example.com/portal",
    "https://ehr.example.com, https://evil.com",
    "*",
    "",
];

#[tokio::test]
async fn hostile_origins_get_no_cors_access_and_an_allowed_one_gets_exactly_itself() {
    let proxy = proxy().await;
    let http = reqwest::Client::new();
    let api = format!("{}/api/session/1", proxy.base_url());
    for origin in HOSTILE_ORIGINS {
        let answer = preflight(&http, &api, origin).send().await.unwrap();
        assert!(
            answer
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "preflight from {origin:?} got {:?}",
            answer.headers()
        );
        let simple = http
            .get(&api)
            .header("origin", *origin)
            .send()
            .await
            .unwrap();
        assert_eq!(simple.status(), 401);
        assert!(
            simple
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "GET from {origin:?} got {:?}",
            simple.headers()
        );
    }
    for origin in [ALLOWED, ALLOWED_WITH_PORT] {
        let answer = preflight(&http, &api, origin).send().await.unwrap();
        let allowed: Vec<_> = answer
            .headers()
            .get_all("access-control-allow-origin")
            .iter()
            .collect();
        assert_eq!(allowed, [origin], "preflight from {origin}");
        assert!(
            answer
                .headers()
                .get("access-control-allow-credentials")
                .is_none()
        );
        let simple = http
            .get(&api)
            .header("origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(simple.headers()["access-control-allow-origin"], origin);
        let exposed = simple.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            exposed.contains("x-request-id") && exposed.contains("retry-after"),
            "{exposed}"
        );
    }
    proxy.shutdown().await;
}

#[tokio::test]
async fn a_client_sent_request_id_is_replaced_by_one_of_ours() {
    let proxy = proxy().await;
    let http = reqwest::Client::new();
    for path in ["/healthz", "/api/session/1"] {
        let response = http
            .get(format!("{}{path}", proxy.base_url()))
            .header("x-request-id", "client-chosen-id")
            .send()
            .await
            .unwrap();
        let ids: Vec<_> = response.headers().get_all("x-request-id").iter().collect();
        assert_eq!(ids.len(), 1, "{path}: {ids:?}");
        let id = ids[0].to_str().unwrap().to_owned();
        assert_ne!(id, "client-chosen-id", "{path}");
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{path}: {id}");
        if !response.status().is_success() {
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["RequestId"], id.as_str(), "{path}");
        }
    }
    proxy.shutdown().await;
}

#[tokio::test]
async fn the_standalone_page_may_be_framed_only_by_this_site_and_the_allowed_portals() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Participants</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join("widget.js"), "export default 1;").unwrap();
    let proxy = proxy_with(EdgeSettings {
        static_dir: Some(dir.path().to_owned()),
        ..EdgeSettings::default()
    })
    .await;
    let http = reqwest::Client::new();
    let policy =
        format!("connect-src 'self'; frame-ancestors 'self' {ALLOWED} {ALLOWED_WITH_PORT}");
    for (path, content_type) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        ("/widget.js", "javascript"),
    ] {
        let response = http
            .get(format!("{}{path}", proxy.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .contains(content_type),
            "{path}: {headers:?}"
        );
        assert_eq!(
            headers["content-security-policy"],
            policy.as_str(),
            "{path}"
        );
        assert_page_headers(&headers, path);
        if content_type == "text/html" {
            assert!(response.text().await.unwrap().contains("Participants"));
        }
    }
    // The API and the error shape are untouched by the page.
    let response = http
        .get(format!("{}/healthz", proxy.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for path in ["/missing.js", "/../Cargo.toml", "/%2e%2e/Cargo.toml"] {
        let response = http
            .get(format!("{}{path}", proxy.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_security_headers(response.headers(), path);
        let body: Value = response.json().await.unwrap();
        assert!(body["RequestId"].is_string(), "{path}: {body}");
    }
    proxy.shutdown().await;
}

#[tokio::test]
async fn without_a_static_dir_there_is_no_page() {
    let proxy = proxy().await;
    let response = reqwest::get(format!("{}/", proxy.base_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.headers().get("content-security-policy").is_none());
    assert_security_headers(response.headers(), "/");
    proxy.shutdown().await;
}

// Regression: the standalone page took its API base from its address, so a
// crafted link could make it send the token to another host. Beside the
// page's own same-origin check, its CSP lets it connect only to the origin
// that served it (the proxy, whose /api it uses).
#[tokio::test]
async fn the_standalone_page_may_connect_only_to_its_own_origin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>P</title>",
    )
    .unwrap();
    let proxy = proxy_with(EdgeSettings {
        static_dir: Some(dir.path().to_owned()),
        ..EdgeSettings::default()
    })
    .await;
    let response = reqwest::get(format!("{}/", proxy.base_url()))
        .await
        .unwrap();
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
    assert!(directives.contains(&"connect-src 'self'"), "{policy}");
    assert!(
        directives
            .iter()
            .any(|d| d.starts_with("frame-ancestors 'self'")),
        "{policy}"
    );
    proxy.shutdown().await;
}

// The page's files are sent as built, precompressed (`cargo xtask compress`
// writes `.br` and `.gz` next to each file): brotli to a browser that takes
// it, gzip to one that takes only gzip, the file itself otherwise. The
// copies here have bodies of their own so the test sees which was sent.
#[tokio::test]
async fn the_page_files_are_sent_precompressed_in_the_encoding_the_browser_accepts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("widget_bg.wasm"), b"\0asm raw").unwrap();
    std::fs::write(dir.path().join("widget_bg.wasm.br"), b"brotli copy").unwrap();
    std::fs::write(dir.path().join("widget_bg.wasm.gz"), b"gzip copy").unwrap();
    std::fs::write(dir.path().join("widget.js"), "export default 1;").unwrap();
    let proxy = proxy_with(EdgeSettings {
        static_dir: Some(dir.path().to_owned()),
        ..EdgeSettings::default()
    })
    .await;
    let http = reqwest::Client::new();
    let url = format!("{}/widget_bg.wasm", proxy.base_url());
    for (accept, encoding, body) in [
        (
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            &b"brotli copy"[..],
        ),
        (Some("gzip"), Some("gzip"), &b"gzip copy"[..]),
        (None, None, &b"\0asm raw"[..]),
    ] {
        let mut request = http.get(&url);
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{accept:?}");
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}: {headers:?}"
        );
        assert_eq!(headers["content-type"], "application/wasm", "{accept:?}");
        assert_page_headers(&headers, &format!("wasm, {accept:?}"));
        assert_eq!(&response.bytes().await.unwrap()[..], body, "{accept:?}");
    }
    // A file the build did not compress is sent as it is, whatever is accepted.
    let response = http
        .get(format!("{}/widget.js", proxy.base_url()))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("content-encoding").is_none());
    assert_eq!(response.text().await.unwrap(), "export default 1;");
    proxy.shutdown().await;
}

// A repeat load revalidates: the page's files answer `If-Modified-Since`
// with 304 and no body while they are unchanged, and send the new file once
// a release replaces it; API answers are never stored.
#[tokio::test]
async fn a_repeat_load_revalidates_the_page_files_and_never_stores_api_answers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("widget.js");
    std::fs::write(&file, "export default 1;").unwrap();
    let proxy = proxy_with(EdgeSettings {
        static_dir: Some(dir.path().to_owned()),
        ..EdgeSettings::default()
    })
    .await;
    let http = reqwest::Client::new();
    let url = format!("{}/widget.js", proxy.base_url());
    let first = http.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let last_modified = first.headers()["last-modified"].clone();
    let again = http
        .get(&url)
        .header("if-modified-since", last_modified.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());

    // A new release: a later modification time than the browser's copy.
    let release = std::fs::File::options().write(true).open(&file).unwrap();
    std::fs::write(&file, "export default 2;").unwrap();
    release
        .set_modified(std::time::SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    let after_release = http
        .get(&url)
        .header("if-modified-since", last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(after_release.status(), 200);
    assert_eq!(after_release.text().await.unwrap(), "export default 2;");

    let api = http
        .get(format!("{}/healthz", proxy.base_url()))
        .send()
        .await
        .unwrap();
    assert_security_headers(api.headers(), "/healthz");
    proxy.shutdown().await;
}
