//! The standalone page: the built widget (`dist/`: `index.html` and its
//! assets) served from a directory at `/`, for the paths no route claims.
//!
//! Its answers carry `Content-Security-Policy: connect-src 'self';
//! frame-ancestors 'self' <allowed origins>`:
//!
//! - `connect-src 'self'`: the page may fetch only from this origin, which
//!   is where its API is (`/api` of this proxy). Even if a crafted link got
//!   past the page's own same-origin check on `?apiBase=`, the browser
//!   would not send the widget's requests (and Bearer token) elsewhere.
//! - `frame-ancestors`: only the configured EHR portals (and this site) may
//!   frame the page; a page elsewhere cannot embed it to trick staff into
//!   clicks.

use std::path::Path;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower::util::MapResponse;
use tower_http::services::ServeDir;

/// The page's policy: `connect-src 'self'`, then `frame-ancestors 'self'`
/// followed by each allowed origin.
pub fn page_policy(origins: &[HeaderValue]) -> HeaderValue {
    let mut policy = String::from("connect-src 'self'; frame-ancestors 'self'");
    for origin in origins.iter().filter_map(|o| o.to_str().ok()) {
        policy.push(' ');
        policy.push_str(origin);
    }
    // Origins were checked to be plain ASCII header values by the config.
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(
        "connect-src 'self'; frame-ancestors 'self'",
    ))
}

type ServeDirResponse = axum::http::Response<tower_http::services::fs::ServeFileSystemResponseBody>;

/// The files of `dir`, `index.html` for a directory, each answer with the
/// page's policy.
pub fn service(
    dir: &Path,
    origins: &[HeaderValue],
) -> MapResponse<ServeDir, impl Fn(ServeDirResponse) -> Response + Clone + Send + Sync + 'static> {
    let policy = page_policy(origins);
    // Declared apart from `map_response` so that it is inferred as `Fn`.
    let add_policy = move |response: ServeDirResponse| {
        let mut response = response.into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        response
    };
    let files = ServeDir::new(dir).append_index_html_on_directories(true);
    ServiceExt::<axum::extract::Request>::map_response(files, add_policy)
}
