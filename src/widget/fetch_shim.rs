//! gloo-net's `send`, made safe against a portal's own `fetch`.
//!
//! gloo-net calls the global `fetch` and panics (`unreachable!`) when its
//! promise rejects with anything that is not an `Error`, or resolves with
//! something that is not a `Response`. The widget is built with
//! `panic = "abort"`, so one portal that wraps `window.fetch` and rejects
//! with a plain string ("offline") would kill it. [`send`] puts a
//! normalising wrapper in front of whatever `fetch` the page has, for the
//! one synchronous moment in which gloo-net calls it (the first poll of its
//! future), and puts the page's own back at once: a rejection that is not an
//! `Error` becomes a `TypeError` with its text (what the browser's own fetch
//! rejects with on a network failure), an answer that is not a `Response`
//! becomes a `TypeError`, and a wrapper that throws synchronously becomes a
//! rejection. The page's `fetch` is never left replaced.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use gloo_net::http::{Request, Response};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function install_fetch_shim() {
  const inner = globalThis.fetch;
  globalThis.fetch = function (...args) {
    let answer;
    try {
      answer = inner.apply(globalThis, args);
    } catch (error) {
      answer = Promise.reject(error);
    }
    return Promise.resolve(answer).then(
      (response) => {
        if (response instanceof Response) return response;
        throw new TypeError("fetch answered with something that is not a Response");
      },
      (error) => {
        if (error instanceof Error) throw error;
        throw new TypeError(typeof error === "string" ? error : "fetch failed");
      });
  };
  return inner;
}
export function restore_fetch(inner) { globalThis.fetch = inner; }
"#)]
extern "C" {
    fn install_fetch_shim() -> JsValue;
    fn restore_fetch(inner: &JsValue);
}

/// Sends `request` with gloo-net, through the normalising wrapper.
pub async fn send(request: Request) -> Result<Response, gloo_net::Error> {
    Shimmed {
        future: Box::pin(request.send()),
        first: true,
    }
    .await
}

/// A future whose first poll runs with the shim in place.
struct Shimmed<F> {
    future: Pin<Box<F>>,
    first: bool,
}

impl<F: Future> Future for Shimmed<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        if !std::mem::take(&mut self.first) {
            return self.future.as_mut().poll(cx);
        }
        let inner = install_fetch_shim();
        let answer = self.future.as_mut().poll(cx);
        restore_fetch(&inner);
        answer
    }
}
