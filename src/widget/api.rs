//! The proxy client: every `/api` call the widget makes, with the embed
//! token, one renewal through the host page's `onTokenExpired` on a 401, and
//! every failure turned into an [`ApiError`]. gloo-net does the fetching; the
//! rest of the widget sees only this module.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::{GetValue, LocalStorage, StoredValue};
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::api_error::ApiError;
use super::model::{SessionView, UserMatch};
use super::target::{SessionRef, join, participant_path, user_search_path};

/// How to reach the proxy and prove who is asking.
#[derive(Clone)]
pub struct Client {
    base: String,
    token: Rc<RefCell<Option<String>>>,
    /// The host page's `onTokenExpired`: returns a fresh token or a promise
    /// of one.
    renew: Option<js_sys::Function>,
}

impl Client {
    pub fn new(base: &str, token: Option<String>, renew: Option<js_sys::Function>) -> Self {
        Self {
            base: base.to_owned(),
            token: Rc::new(RefCell::new(token.filter(|t| !t.trim().is_empty()))),
            renew,
        }
    }

    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token.filter(|t| !t.trim().is_empty());
    }

    /// Sends one request; on a 401 asks the host page for a new token and
    /// sends it once more.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, String), ApiError> {
        let first = self.send_once(method.clone(), path, body).await?;
        if first.0 != 401 || self.renew.is_none() {
            return Ok(first);
        }
        match self.renew_token().await {
            Some(token) => {
                self.set_token(Some(token));
                self.send_once(method, path, body).await
            }
            None => Ok(first),
        }
    }

    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, String), ApiError> {
        let url = join(&self.base, path);
        let mut request = RequestBuilder::new(&url)
            .method(method)
            .header("Accept", "application/json");
        if let Some(token) = self.token.borrow().as_deref() {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request.json(body),
            None => request.build(),
        }
        .map_err(|e| ApiError::Unexpected(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        Ok((status, text))
    }

    async fn renew_token(&self) -> Option<String> {
        let renew = self.renew.as_ref()?;
        let answer = renew.call0(&wasm_bindgen::JsValue::NULL).ok()?;
        let promise = js_sys::Promise::resolve(&answer);
        let token = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        token.as_string().filter(|t| !t.trim().is_empty())
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, ApiError> {
        let (status, text) = self.send(method, path, body).await?;
        if !(200..300).contains(&status) {
            return Err(ApiError::from_response(status, &text));
        }
        serde_json::from_str(&text)
            .map_err(|e| ApiError::Unexpected(format!("Unreadable answer: {e}")))
    }

    async fn session_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<SessionView, ApiError> {
        self.json::<SessionView>(method, path, body)
            .await
            .map(SessionView::normalized)
    }
}

/// A `Copy` handle on the client, for closures the reactive system may keep.
#[derive(Clone, Copy)]
pub struct Api(StoredValue<Client, LocalStorage>);

impl Api {
    pub fn new(client: Client) -> Self {
        Self(StoredValue::new_local(client))
    }

    fn client(self) -> Client {
        self.0.get_value()
    }

    pub fn set_token(self, token: Option<String>) {
        self.client().set_token(token);
    }

    /// `GET /api/session/{id}` or `/api/session/0?externalSessionId=`.
    pub async fn session(self, session: &SessionRef) -> Result<SessionView, ApiError> {
        self.client()
            .session_json(Method::GET, &session.session_path(), None)
            .await
    }

    /// `POST /api/participant/...` with a guest or user body.
    pub async fn add(self, session: &SessionRef, body: &Value) -> Result<SessionView, ApiError> {
        self.client()
            .session_json(Method::POST, &session.add_path(), Some(body))
            .await
    }

    /// `PUT /api/participant/{participationId}`.
    pub async fn update(
        self,
        participation_id: i64,
        body: &Value,
    ) -> Result<SessionView, ApiError> {
        self.client()
            .session_json(Method::PUT, &participant_path(participation_id), Some(body))
            .await
    }

    /// `DELETE /api/participant/{participationId}` (204).
    pub async fn remove(self, participation_id: i64) -> Result<(), ApiError> {
        let (status, text) = self
            .client()
            .send(Method::DELETE, &participant_path(participation_id), None)
            .await?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(ApiError::from_response(status, &text))
        }
    }

    /// `GET /api/user?q=`.
    pub async fn search_users(self, query: &str) -> Result<Vec<UserMatch>, ApiError> {
        self.client()
            .json(Method::GET, &user_search_path(query), None)
            .await
    }
}

/// Keeps `JsCast` in use for callers that turn a `JsValue` into a function.
pub fn as_function(value: wasm_bindgen::JsValue) -> Option<js_sys::Function> {
    value.dyn_into().ok()
}
