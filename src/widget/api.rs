//! The proxy client: every `/api` call the widget makes, with the embed
//! token, one renewal through the host page's `onTokenExpired` on a 401, and
//! every failure turned into an [`ApiError`]. The browser's `fetch` does the
//! fetching (through web-sys: no HTTP client crate in the bundle); the rest
//! of the widget sees only this module.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::{GetValue, LocalStorage, StoredValue};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::api_error::ApiError;
use super::browser::window;
use super::model::{SessionView, UserMatch};
use super::read::{Json, Read};
use super::target::{SessionRef, join, participant_path, user_search_path};

/// An HTTP method, as `fetch` spells it.
#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// What a rejected JavaScript call said.
fn js_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default()
}

/// An error answer, read with `JSON.parse`.
fn error_answer(status: u16, text: &str) -> ApiError {
    ApiError::from_body(status, js_sys::JSON::parse(text).ok().as_ref())
}

/// What `JSON.parse` returns, for the answer readers.
impl Json for JsValue {
    fn is_json_object(&self) -> bool {
        self.is_object() && !js_sys::Array::is_array(self)
    }
    fn field(&self, key: &str) -> Option<Self> {
        if !self.is_json_object() {
            return None;
        }
        js_sys::Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }
    fn is_json_null(&self) -> bool {
        self.is_null()
    }
    fn as_text(&self) -> Option<String> {
        self.as_string()
    }
    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| js_sys::Array::from(self).to_vec())
    }
    fn entries(&self) -> Option<Vec<(String, Self)>> {
        if !self.is_json_object() {
            return None;
        }
        let entries = js_sys::Object::entries(self.unchecked_ref());
        Some(
            entries
                .iter()
                .map(|entry| {
                    let entry: js_sys::Array = entry.unchecked_into();
                    (entry.get(0).as_string().unwrap_or_default(), entry.get(1))
                })
                .collect(),
        )
    }
}

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
        body: Option<&str>,
    ) -> Result<(u16, String), ApiError> {
        let first = self.send_once(method, path, body).await?;
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
        body: Option<&str>,
    ) -> Result<(u16, String), ApiError> {
        let url = join(&self.base, path);
        let unexpected = |e: JsValue| ApiError::Unexpected(js_message(&e));
        let headers = web_sys::Headers::new().map_err(unexpected)?;
        headers
            .set("Accept", "application/json")
            .map_err(unexpected)?;
        if let Some(token) = self.token.borrow().as_deref() {
            headers
                .set("Authorization", &format!("Bearer {token}"))
                .map_err(unexpected)?;
        }
        let init = web_sys::RequestInit::new();
        init.set_method(method.as_str());
        if let Some(body) = body {
            headers
                .set("Content-Type", "application/json")
                .map_err(unexpected)?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let network = |e: JsValue| ApiError::Network(js_message(&e));
        let response: web_sys::Response =
            JsFuture::from(window().fetch_with_str_and_init(&url, &init))
                .await
                .map_err(network)?
                .unchecked_into();
        let status = response.status();
        let text = JsFuture::from(response.text().map_err(network)?)
            .await
            .map_err(network)?
            .as_string()
            .unwrap_or_default();
        Ok((status, text))
    }

    async fn renew_token(&self) -> Option<String> {
        let renew = self.renew.as_ref()?;
        let answer = renew.call0(&JsValue::NULL).ok()?;
        let promise = js_sys::Promise::resolve(&answer);
        let token = JsFuture::from(promise).await.ok()?;
        token.as_string().filter(|t| !t.trim().is_empty())
    }

    async fn json<T>(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        read: fn(&JsValue) -> Read<T>,
    ) -> Result<T, ApiError> {
        let (status, text) = self.send(method, path, body).await?;
        if !(200..300).contains(&status) {
            return Err(error_answer(status, &text));
        }
        let unreadable = |e: String| ApiError::Unexpected(format!("Unreadable answer: {e}"));
        let value = js_sys::JSON::parse(&text).map_err(|e| unreadable(js_message(&e)))?;
        read(&value).map_err(unreadable)
    }

    async fn session_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
    ) -> Result<SessionView, ApiError> {
        self.json(method, path, body, SessionView::read)
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
            .session_json(Method::Get, &session.session_path(), None)
            .await
    }

    /// `POST /api/participant/...` with a guest or user body.
    pub async fn add(self, session: &SessionRef, body: &str) -> Result<SessionView, ApiError> {
        self.client()
            .session_json(Method::Post, &session.add_path(), Some(body))
            .await
    }

    /// `PUT /api/participant/{participationId}`.
    pub async fn update(self, participation_id: i64, body: &str) -> Result<SessionView, ApiError> {
        self.client()
            .session_json(Method::Put, &participant_path(participation_id), Some(body))
            .await
    }

    /// `DELETE /api/participant/{participationId}` (204).
    pub async fn remove(self, participation_id: i64) -> Result<(), ApiError> {
        let (status, text) = self
            .client()
            .send(Method::Delete, &participant_path(participation_id), None)
            .await?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(error_answer(status, &text))
        }
    }

    /// `GET /api/user?q=`.
    pub async fn search_users(self, query: &str) -> Result<Vec<UserMatch>, ApiError> {
        self.client()
            .json(
                Method::Get,
                &user_search_path(query),
                None,
                UserMatch::read_list,
            )
            .await
    }
}

/// Keeps `JsCast` in use for callers that turn a `JsValue` into a function.
pub fn as_function(value: JsValue) -> Option<js_sys::Function> {
    value.dyn_into().ok()
}
