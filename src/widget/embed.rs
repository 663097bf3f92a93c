//! The ways into the widget: the standalone page, `mount(element, options)`
//! for an EHR portal's own script, and the `<participant-manager>` custom
//! element. All three render the same [`App`](super::ui::App) inside a
//! shadow root with the widget's stylesheet, so the host page's CSS does not
//! reach in and ours does not leak out.

use std::any::Any;
use std::cell::RefCell;

use js_sys::Reflect;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::api::{Api, Client};
use super::browser::document;
use super::target::SessionRef;
use super::theme::STYLE;
use super::ui::{App, Ctx};

/// The custom element's tag.
pub const ELEMENT_NAME: &str = "participant-manager";

/// What the host page passes to `mount()`; the custom element reads the
/// same from its attributes (`api-base`, `session-id`,
/// `external-session-id`, `token`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Where the proxy's `/api` is; defaults to `/api` on this origin.
    pub api_base: Option<String>,
    /// SecureVideo's SessionId (a number or a numeric string).
    pub session_id: Option<i64>,
    /// The EHR's own id for the session.
    pub external_session_id: Option<String>,
    /// The embed token the portal's backend signed.
    pub token: Option<String>,
}

impl Options {
    /// Reads `mount()`'s options object: `apiBase`, `sessionId` (a whole
    /// number or a numeric string), `externalSessionId` and `token`. A
    /// missing or null property is `None`; a property of the wrong type is
    /// an error that names it. Read by hand rather than through serde: a
    /// serde deserializer for four properties costs the bundle the float
    /// formatting its error messages need.
    pub fn from_js(options: &JsValue) -> Result<Self, String> {
        if options.is_undefined() || options.is_null() {
            return Ok(Self::default());
        }
        if !options.is_object() {
            return Err("the options must be an object".to_owned());
        }
        let get = |key: &str| {
            Reflect::get(options, &JsValue::from_str(key))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let text = |key: &str| match get(key) {
            None => Ok(None),
            Some(value) => value
                .as_string()
                .map(Some)
                .ok_or_else(|| format!("{key} must be a string")),
        };
        let session_id = match get("sessionId") {
            None => None,
            Some(value) => {
                let invalid = || "sessionId must be a whole number".to_owned();
                match (value.as_f64(), value.as_string()) {
                    // JavaScript numbers are exact integers up to 2^53.
                    (Some(n), _) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => {
                        Some(n as i64)
                    }
                    (_, Some(s)) if s.trim().is_empty() => None,
                    (_, Some(s)) => Some(s.trim().parse().map_err(|_| invalid())?),
                    _ => return Err(invalid()),
                }
            }
        };
        Ok(Self {
            api_base: text("apiBase")?,
            session_id,
            external_session_id: text("externalSessionId")?,
            token: text("token")?,
        })
    }

    fn session_ref(&self) -> Option<SessionRef> {
        SessionRef::from_parts(
            self.session_id.map(|id| id.to_string()).as_deref(),
            self.external_session_id.as_deref(),
        )
    }
}

/// Returned by `mount()`: call `unmount()` to take the widget off the page.
#[wasm_bindgen]
pub struct MountHandle {
    view: RefCell<Option<Box<dyn Any>>>,
    container: web_sys::Element,
    api: Api,
}

#[wasm_bindgen]
impl MountHandle {
    /// Removes the widget and stops everything it was doing.
    pub fn unmount(&self) {
        drop(self.view.borrow_mut().take());
        self.container.remove();
    }

    /// Gives the widget a fresh token (the host page may also answer
    /// `onTokenExpired`).
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) {
        self.api.set_token(token);
    }
}

/// `mount(element, options)`: renders the participant manager into
/// `element` (in a shadow root). `options.onTokenExpired`, if given, is a
/// function returning a fresh token or a promise of one.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<MountHandle, JsValue> {
    let parsed = Options::from_js(&options)
        .map_err(|e| JsValue::from_str(&format!("participant-manager options: {e}")))?;
    let renew = Reflect::get(&options, &"onTokenExpired".into())
        .ok()
        .and_then(super::api::as_function);
    mount_with(element, &parsed, renew, false)
}

/// Mounts the widget into `host`'s shadow root (made if missing).
pub fn mount_with(
    host: web_sys::HtmlElement,
    options: &Options,
    renew: Option<js_sys::Function>,
    standalone: bool,
) -> Result<MountHandle, JsValue> {
    let root: web_sys::Node = match host.shadow_root() {
        Some(root) => root.into(),
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?
            .into(),
    };
    let doc = document();
    let container = doc.create_element("div")?;
    container.set_class_name("pm-host");
    let style = doc.create_element("style")?;
    style.set_text_content(Some(STYLE));
    container.append_child(&style)?;
    let mount_point: web_sys::HtmlElement = doc.create_element("div")?.unchecked_into();
    container.append_child(&mount_point)?;
    root.append_child(&container)?;

    let base = options
        .api_base
        .clone()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| "/api".to_owned());
    let session_ref = options.session_ref();
    let token = options.token.clone();
    let events: web_sys::EventTarget = host.clone().into();
    // The client is made inside the widget's reactive owner; the handle
    // keeps a copy for `setToken`.
    let started = std::rc::Rc::new(std::cell::Cell::new(None));
    let started_in = started.clone();
    let handle = leptos::mount::mount_to(mount_point, move || {
        let api = Api::new(Client::new(&base, token, renew));
        started_in.set(Some(api));
        let ctx = Ctx::new(api, session_ref, Some(events));
        view! { <App ctx=ctx standalone=standalone/> }
    });
    let api = started
        .take()
        .ok_or_else(|| JsValue::from_str("the widget did not start"))?;
    Ok(MountHandle {
        view: RefCell::new(Some(Box::new(handle))),
        container,
        api,
    })
}

#[wasm_bindgen(inline_js = r#"
// The token never stays in the DOM: a `token` attribute is read and removed
// at once (session-replay tools record attributes), and the `token`
// property is write-only. Between the two it is kept here, out of reach of
// anything that reads the element.
const tokens = new WeakMap();
export function define_element(name, connect) {
  if (customElements.get(name)) return;
  customElements.define(name, class extends HTMLElement {
    static get observedAttributes() { return ["api-base", "session-id", "external-session-id", "token"]; }
    constructor() {
      super();
      // A `token` set on the element before it was defined shadows the
      // setter: take it, and route it through the setter.
      if (Object.prototype.hasOwnProperty.call(this, "token")) {
        const value = this.token;
        delete this.token;
        this.token = value;
      }
    }
    set token(value) {
      tokens.set(this, value == null ? null : String(value));
      if (this.__pm) this.__pm.setToken(tokens.get(this));
    }
    get token() { return undefined; }
    takeTokenAttribute() {
      if (!this.hasAttribute("token")) return;
      const value = this.getAttribute("token");
      this.removeAttribute("token");
      this.token = value;
    }
    renew() { return typeof this.onTokenExpired === "function" ? this.onTokenExpired() : null; }
    connectedCallback() {
      this.takeTokenAttribute();
      if (!this.__pm) this.__pm = connect(this, tokens.get(this) ?? null, () => this.renew());
    }
    disconnectedCallback() {
      if (this.__pm) { this.__pm.unmount(); this.__pm = null; }
    }
    attributeChangedCallback(attr, before, after) {
      if (attr === "token") {
        if (after !== null) this.takeTokenAttribute();
        return;
      }
      if (!this.__pm || before === after) return;
      this.__pm.unmount();
      this.__pm = connect(this, tokens.get(this) ?? null, () => this.renew());
    }
  });
}
"#)]
extern "C" {
    fn define_element(
        name: &str,
        connect: &Closure<dyn Fn(web_sys::HtmlElement, JsValue, js_sys::Function) -> JsValue>,
    );
}

/// Registers `<participant-manager>`. Its attributes are the options of
/// `mount()`, but the token is best set as its write-only `token` property
/// (a `token` attribute is read and removed at once); its `onTokenExpired`
/// property is the renewal callback.
pub fn define_custom_element() {
    let connect =
        Closure::<dyn Fn(web_sys::HtmlElement, JsValue, js_sys::Function) -> JsValue>::new(
            |element: web_sys::HtmlElement, token: JsValue, renew: js_sys::Function| {
                let attr =
                    |name: &str| element.get_attribute(name).filter(|v| !v.trim().is_empty());
                let options =
                    Options {
                        api_base: attr("api-base"),
                        session_id: attr("session-id").and_then(|v| match v.trim().parse() {
                            Ok(id) => Some(id),
                            Err(_) => {
                                // For the integrator: the attribute is ignored, and why.
                                web_sys::console::error_1(
                            &format!("participant-manager: session-id {v:?} is not a whole number")
                                .into(),
                        );
                                None
                            }
                        }),
                        external_session_id: attr("external-session-id"),
                        token: token.as_string().filter(|t| !t.trim().is_empty()),
                    };
                match mount_with(element.clone(), &options, Some(renew), false) {
                    Ok(handle) => JsValue::from(handle),
                    Err(error) => {
                        web_sys::console::error_2(&"participant-manager:".into(), &error);
                        JsValue::NULL
                    }
                }
            },
        );
    define_element(ELEMENT_NAME, &connect);
    connect.forget();
}

/// The standalone page: registers the custom element, then, if the page
/// has `#participant-manager`, mounts the widget there with its session
/// opener. The session comes from `?sessionId=` or `?externalSessionId=`
/// and the token from `#token=` (a fragment never reaches server logs),
/// which is then removed from the address at once, so it stays out of the
/// history, bookmarks and anything that records the URL. `?apiBase=` is
/// honoured only on the page's own origin
/// ([`same_origin_api_base`](super::target::same_origin_api_base)): a link
/// must never send the widget, and its token, to another host.
pub fn start_standalone() {
    define_custom_element();
    let Some(host) = document().get_element_by_id("participant-manager") else {
        return;
    };
    let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let window = super::browser::window();
    let location = window.location();
    let query = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()).ok();
    let hash = location.hash().unwrap_or_default();
    let fragment = web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok();
    let get = |params: &Option<web_sys::UrlSearchParams>, key: &str| {
        params.as_ref().and_then(|p| p.get(key))
    };
    let token = get(&fragment, "token");
    if let (Some(_), Some(fragment)) = (&token, &fragment) {
        forget_token_in_address(&window, &location, fragment);
    }
    let origin = location.origin().unwrap_or_default();
    let api_base = get(&query, "apiBase").and_then(|base| {
        let accepted = super::target::same_origin_api_base(base.trim(), &origin);
        if accepted.is_none() {
            web_sys::console::error_1(
                &format!(
                    "participant-manager: apiBase {base:?} is not on this page's origin; using /api"
                )
                .into(),
            );
        }
        accepted
    });
    let options = Options {
        api_base,
        session_id: get(&query, "sessionId").and_then(|v| v.trim().parse().ok()),
        external_session_id: get(&query, "externalSessionId"),
        token: token.or_else(|| host.get_attribute("token")),
    };
    let _ = host.remove_attribute("token");
    match mount_with(host, &options, None, true) {
        Ok(handle) => std::mem::forget(handle),
        Err(error) => web_sys::console::error_2(&"participant-manager:".into(), &error),
    }
}

/// Replaces the address with the same one minus `token` in its fragment
/// (`history.replaceState`: no reload, no new history entry).
fn forget_token_in_address(
    window: &web_sys::Window,
    location: &web_sys::Location,
    fragment: &web_sys::UrlSearchParams,
) {
    fragment.delete("token");
    let rest = String::from(fragment.to_string());
    let address = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        if rest.is_empty() {
            String::new()
        } else {
            format!("#{rest}")
        }
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
}
