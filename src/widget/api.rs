//! The proxy client: every `/api` call the widget makes, with the embed
//! token, one renewal through the host page's `onTokenExpired` on a 401, and
//! every failure turned into an [`WidgetError`]. gloo-net (its `http` feature)
//! makes the calls, through [`fetch_shim`](super::fetch_shim) so that a
//! portal's own `fetch` wrapper cannot make it panic; the rest of the widget
//! sees only this module.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use leptos::prelude::{GetValue, LocalStorage, StoredValue};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::api_error::WidgetError;
use super::fetch_shim;
use super::target::{SessionRef, join, participant_path, user_search_path};
use crate::common::scope::Scope;
use crate::common::view::{SessionState, SessionStatus, SessionView, UserMatch};

/// An HTTP method, as `fetch` spells it.
#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn as_http(self) -> gloo_net::http::Method {
        use gloo_net::http::Method as Http;
        match self {
            Self::Get => Http::GET,
            Self::Post => Http::POST,
            Self::Put => Http::PUT,
            Self::Delete => Http::DELETE,
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

/// Reads an answer the way the widget reads every answer: `JSON.parse`,
/// then `serde_wasm_bindgen::from_value` straight into the `common::view`
/// type (no JSON parser of our own in the bundle).
pub fn parse_answer<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| js_message(&e))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// An error answer: the proxy's error shape when it is one.
fn error_answer(status: u16, text: &str) -> WidgetError {
    WidgetError::from_body(status, parse_answer(text).ok())
}

/// One answer: its status, its body, and its `ETag` when it has one.
struct Reply {
    status: u16,
    text: String,
    etag: Option<String>,
}

/// A session read again ([`Api::refresh`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Fresh {
    /// The proxy answered 304: the session is as last read.
    Unchanged,
    /// The session as it is now, and its new `ETag`.
    Changed(SessionView, Option<String>),
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

    /// Whether the token only lets staff read (its `scope` claim is
    /// `read`). Read from the token's payload to decide what to show and
    /// trusted for nothing else: the proxy checks each change against the
    /// signed token.
    pub fn read_only(&self) -> bool {
        self.token.borrow().as_deref().and_then(token_scope) == Some(Scope::Read)
    }

    /// Sends one request; on a 401 asks the host page for a new token and
    /// sends it once more.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
    ) -> Result<(u16, String), WidgetError> {
        self.send_tagged(method, path, body, None, false)
            .await
            .map(|reply| (reply.status, reply.text))
    }

    /// [`send`](Self::send), with `If-None-Match` when `etag` is given
    /// (the answer keeps its `ETag`), and as a `keepalive` request, which
    /// the browser finishes even when the page is being unloaded.
    async fn send_tagged(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        etag: Option<&str>,
        keepalive: bool,
    ) -> Result<Reply, WidgetError> {
        let first = self.send_once(method, path, body, etag, keepalive).await?;
        if first.status != 401 || self.renew.is_none() {
            return Ok(first);
        }
        match self.renew_token().await {
            Some(token) => {
                self.set_token(Some(token));
                self.send_once(method, path, body, etag, keepalive).await
            }
            None => Ok(first),
        }
    }

    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        etag: Option<&str>,
        keepalive: bool,
    ) -> Result<Reply, WidgetError> {
        let url = join(&self.base, path);
        let mut builder = RequestBuilder::new(&url)
            .method(method.as_http())
            .header("Accept", "application/json");
        if let Some(token) = self.token.borrow().as_deref() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        if let Some(etag) = etag {
            builder = builder.header("If-None-Match", etag);
        }
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|e| WidgetError::Unexpected(e.to_string()))?;
        let request = if keepalive {
            keep_alive(request)?
        } else {
            request
        };
        let network = |e: gloo_net::Error| WidgetError::Network(e.to_string());
        let response = fetch_shim::send(request).await.map_err(network)?;
        let etag = response.headers().get("ETag");
        let text = response.text().await.map_err(network)?;
        Ok(Reply {
            status: response.status(),
            text,
            etag,
        })
    }

    async fn renew_token(&self) -> Option<String> {
        let renew = self.renew.as_ref()?;
        let answer = renew.call0(&JsValue::NULL).ok()?;
        let promise = js_sys::Promise::resolve(&answer);
        let token = JsFuture::from(promise).await.ok()?;
        token.as_string().filter(|t| !t.trim().is_empty())
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
    ) -> Result<T, WidgetError> {
        let (status, text) = self.send(method, path, body).await?;
        if !(200..300).contains(&status) {
            return Err(error_answer(status, &text));
        }
        parse_answer(&text).map_err(|e| WidgetError::Unexpected(format!("Unreadable answer: {e}")))
    }

    async fn session_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
    ) -> Result<SessionView, WidgetError> {
        self.json::<SessionView>(method, path, body)
            .await
            .map(SessionView::normalized)
    }
}

/// The same request with `keepalive` set. gloo-net 0.6's builder has no
/// keepalive and neither has web-sys 0.3.107's `RequestInit` (its WebIDL
/// lacks the member), so the dictionary member is set with `Reflect` and
/// web-sys copies the built request with it.
fn keep_alive(request: gloo_net::http::Request) -> Result<gloo_net::http::Request, WidgetError> {
    let raw: web_sys::Request = request.into();
    let init = web_sys::RequestInit::new();
    js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE)
        .map_err(|e| WidgetError::Unexpected(js_message(&e)))?;
    web_sys::Request::new_with_request_and_init(&raw, &init)
        .map(gloo_net::http::Request::from)
        .map_err(|e| WidgetError::Unexpected(js_message(&e)))
}

/// The `scope` claim of a JWT's payload (base64url JSON), unverified. The
/// browser's `atob` decodes it once made standard base64; a base64 crate
/// would add to the bundle for these few lines.
fn token_scope(token: &str) -> Option<Scope> {
    #[derive(serde::Deserialize)]
    struct Claims {
        scope: Option<Scope>,
    }
    let payload = token.split('.').nth(1)?;
    let mut base64: String = payload
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !base64.len().is_multiple_of(4) {
        base64.push('=');
    }
    let json = web_sys::window()?.atob(&base64).ok()?;
    let claims = js_sys::JSON::parse(&json).ok()?;
    serde_wasm_bindgen::from_value::<Claims>(claims).ok()?.scope
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

    /// See [`Client::read_only`].
    pub fn read_only(self) -> bool {
        self.client().read_only()
    }

    /// `GET /api/session/{id}` or `/api/session/0?externalSessionId=`:
    /// the session and its `ETag` (for [`refresh`](Self::refresh)).
    pub async fn session(
        self,
        session: &SessionRef,
    ) -> Result<(SessionView, Option<String>), WidgetError> {
        match self.refresh(session, None).await? {
            Fresh::Changed(view, etag) => Ok((view, etag)),
            Fresh::Unchanged => Err(WidgetError::Unexpected(
                "304 to a read without If-None-Match".to_owned(),
            )),
        }
    }

    /// The session read again, with `If-None-Match: etag` when the last
    /// read had one: an unchanged session costs a 304 and no body.
    pub async fn refresh(
        self,
        session: &SessionRef,
        etag: Option<&str>,
    ) -> Result<Fresh, WidgetError> {
        let reply = self
            .client()
            .send_tagged(Method::Get, &session.session_path(), None, etag, false)
            .await?;
        match reply.status {
            304 if etag.is_some() => Ok(Fresh::Unchanged),
            200..300 => parse_answer::<SessionView>(&reply.text)
                .map(|view| Fresh::Changed(view.normalized(), reply.etag))
                .map_err(|e| WidgetError::Unexpected(format!("Unreadable answer: {e}"))),
            status => Err(error_answer(status, &reply.text)),
        }
    }

    /// `GET /api/session/{id}/status`: whether anyone has joined yet.
    pub async fn status(self, session: &SessionRef) -> Result<SessionState, WidgetError> {
        self.client()
            .json::<SessionStatus>(Method::Get, &session.status_path(), None)
            .await
            .map(|s| s.status)
    }

    /// `POST /api/participant/...` with a guest or user body.
    pub async fn add(self, session: &SessionRef, body: &str) -> Result<SessionView, WidgetError> {
        self.client()
            .session_json(Method::Post, &session.add_path(), Some(body))
            .await
    }

    /// `PUT /api/participant/{participationId}`.
    pub async fn update(
        self,
        participation_id: i64,
        body: &str,
    ) -> Result<SessionView, WidgetError> {
        self.client()
            .session_json(Method::Put, &participant_path(participation_id), Some(body))
            .await
    }

    /// `DELETE /api/participant/{participationId}` (204); `keepalive`
    /// while the page is being hidden or unloaded. The client is taken at
    /// once, so a removal sent as the widget is taken off the page still
    /// goes out after its reactive state is gone.
    pub fn remove(
        self,
        participation_id: i64,
        keepalive: bool,
    ) -> impl std::future::Future<Output = Result<(), WidgetError>> {
        let client = self.0.try_get_value();
        async move {
            let client =
                client.ok_or_else(|| WidgetError::Unexpected("The widget was closed.".into()))?;
            let reply = client
                .send_tagged(
                    Method::Delete,
                    &participant_path(participation_id),
                    None,
                    None,
                    keepalive,
                )
                .await?;
            if (200..300).contains(&reply.status) {
                Ok(())
            } else {
                Err(error_answer(reply.status, &reply.text))
            }
        }
    }

    /// `GET /api/user?q=`.
    pub async fn search_users(self, query: &str) -> Result<Vec<UserMatch>, WidgetError> {
        self.client()
            .json(Method::Get, &user_search_path(query), None)
            .await
    }
}
