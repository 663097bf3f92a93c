//! Headers every answer carries, whoever produced it (a handler, an error,
//! the CORS preflight, the standalone page):
//!
//! - `X-Content-Type-Options: nosniff`: a JSON error is never run as a
//!   script or rendered as HTML;
//! - `Cache-Control: no-store`: answers carry patient contact data, which no
//!   browser or shared cache may keep; the standalone page's files (marked
//!   [`StaticFile`]) keep their own `no-cache`, which lets browsers revalidate
//!   them; a `304 Not Modified` to the session read keeps its `ETag` and is
//!   `no-store` like the 200 it stands for (`routes/etag.rs`);
//! - `Referrer-Policy: no-referrer`: URLs (which may name an external
//!   session id) never travel on to another site.

use axum::http::{HeaderValue, header};
use axum::response::Response;

use super::static_files::StaticFile;

/// Sets the three headers, replacing whatever a handler set.
pub async fn security_headers(mut response: Response) -> Response {
    let cacheable = response.extensions().get::<StaticFile>().is_some();
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
