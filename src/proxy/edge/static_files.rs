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
//!
//! The files are sent as built: `widget_bg.wasm.br` or `.gz` when the
//! browser accepts that encoding and the build wrote one (`cargo xtask
//! compress`, run by trunk after every release build), with
//! `Content-Encoding` and `Vary: Accept-Encoding`. They are cached with
//! revalidation (`Cache-Control: no-cache` and `Last-Modified`): names stay
//! stable for portals that import `widget.js`, a repeat load costs a 304 per
//! file, and a new release reaches browsers at once. Every other answer of
//! the proxy keeps `no-store` ([`super::headers`]); these are the only ones
//! marked [`StaticFile`].

use std::path::Path;

use axum::http::{HeaderValue, StatusCode, header};
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

/// Marks an answer as one of the page's files, which may be cached (see
/// [`super::headers::security_headers`]).
#[derive(Clone, Copy, Debug)]
pub struct StaticFile;

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
        // A file (or its 304); a miss keeps `no-store` like any error.
        let status = response.status();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            response.extensions_mut().insert(StaticFile);
        }
        response
    };
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip();
    ServiceExt::<axum::extract::Request>::map_response(files, add_policy)
}
