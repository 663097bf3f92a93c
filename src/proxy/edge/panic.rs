//! A panic in a handler: the request gets a fixed 500 in the one error
//! shape (the request-id middleware adds `RequestId`), the connection and
//! the process carry on.
//!
//! The panic's message is not logged here (it could hold a value from the
//! request); the log line says that it happened, inside the request's span.

use std::any::Any;

use axum::response::{IntoResponse, Response};

use crate::proxy::error::ProxyError;

/// `CatchPanicLayer`'s answer to a panic.
pub fn respond(_panic: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked; answered 500");
    ProxyError::Internal.into_response()
}
