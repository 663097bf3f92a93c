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
use super::i18n::Locale;
use super::target::SessionRef;
use super::theme::STYLE;
use super::ui::{App, Ctx, Settings};

/// The custom element's tag.
pub const ELEMENT_NAME: &str = "participant-manager";

/// What the host page passes to `mount()`, and what the custom element
/// reads from its attributes (`api-base`, `session-id`,
/// `external-session-id`, and the token): one serde struct, read with
/// serde-wasm-bindgen from the options object.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Where the proxy's `/api` is; defaults to `/api` on this origin.
    pub api_base: Option<String>,
    /// SecureVideo's SessionId (a whole number or a numeric string).
    pub session_id: Option<i64>,
    /// The EHR's own id for the session.
    pub external_session_id: Option<String>,
    /// The embed token the portal's backend signed.
    pub token: Option<String>,
    /// Returns a fresh token, or a promise of one, when the proxy says 401.
    pub on_token_expired: Option<js_sys::Function>,
    /// How often the roster is read again while the page is visible, in
    /// seconds (0: never); 10 when not given.
    pub refresh_seconds: Option<u32>,
    /// How long "Removed … · Undo" is offered before the removal is sent,
    /// in seconds (0: removed at once); 8 when not given.
    pub undo_seconds: Option<u32>,
    /// The language of the staff interface, a BCP 47 tag (`es`, `es-MX`);
    /// when not given, the host page's `lang`, else the browser's.
    pub locale: Option<String>,
}

/// An option that could not be read: its name as the host page wrote it
/// (`sessionId`), and why.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionError {
    pub option: String,
    pub message: String,
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.option, self.message)
    }
}

/// The options' names, as `mount()` takes them.
const OPTION_NAMES: &[&str] = &[
    "apiBase",
    "sessionId",
    "externalSessionId",
    "token",
    "onTokenExpired",
    "refreshSeconds",
    "undoSeconds",
    "locale",
];

/// The longest `refreshSeconds` or `undoSeconds` taken: an hour.
const MAX_SECONDS: i64 = 3_600;

/// A `refreshSeconds` or `undoSeconds` value: a whole number from 0 to
/// [`MAX_SECONDS`]; `None` for anything else.
fn seconds(n: Option<i64>) -> Option<u32> {
    n.filter(|n| (0..=MAX_SECONDS).contains(n))
        .and_then(|n| u32::try_from(n).ok())
}

/// What a wrong `refreshSeconds` or `undoSeconds` is told.
fn seconds_message() -> String {
    format!("must be a whole number of seconds from 0 to {MAX_SECONDS}")
}

impl Options {
    /// Reads `mount()`'s options object. A missing or null option is
    /// `None`; one of the wrong type is an error that names it.
    pub fn from_js(options: &JsValue) -> Result<Self, OptionError> {
        if options.is_undefined() || options.is_null() {
            return Ok(Self::default());
        }
        if !options.is_object() {
            return Err(OptionError {
                option: "options".to_owned(),
                message: "must be an object".to_owned(),
            });
        }
        serde_wasm_bindgen::from_value::<Self>(options.clone()).map_err(|e| {
            // A JavaScript Error's text ("Error: ..."); the visitor below
            // puts the option's name first.
            let text = e.to_string();
            let text = text.strip_prefix("Error: ").unwrap_or(&text);
            match text.split_once(": ") {
                Some((option, message)) if OPTION_NAMES.contains(&option) => OptionError {
                    option: option.to_owned(),
                    message: message.to_owned(),
                },
                _ => OptionError {
                    option: "options".to_owned(),
                    message: text.to_owned(),
                },
            }
        })
    }

    fn settings(&self) -> Settings {
        let default = Settings::default();
        Settings {
            refresh_seconds: self.refresh_seconds.unwrap_or(default.refresh_seconds),
            undo_seconds: self.undo_seconds.unwrap_or(default.undo_seconds),
        }
    }

    fn session_ref(&self) -> Option<SessionRef> {
        SessionRef::from_parts(
            self.session_id.map(|id| id.to_string()).as_deref(),
            self.external_session_id.as_deref(),
        )
    }
}

/// `onTokenExpired`, kept as the JavaScript function it is.
#[derive(serde::Deserialize)]
struct Renewal(#[serde(with = "serde_wasm_bindgen::preserve")] js_sys::Function);

/// A whole number (a SessionId, a number of seconds) as JavaScript holds
/// it exactly, or a numeric string; a blank string is none.
struct WholeNumber(Option<i64>);

impl<'de> serde::Deserialize<'de> for WholeNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = WholeNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(Some(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<WholeNumber, E> {
                i64::try_from(v)
                    .map(|v| WholeNumber(Some(v)))
                    .map_err(|_| E::custom("must be a whole number"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<WholeNumber, E> {
                // JavaScript numbers are exact integers up to 2^53.
                if v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_991.0 {
                    Ok(WholeNumber(Some(v as i64)))
                } else {
                    Err(E::custom("must be a whole number"))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<WholeNumber, E> {
                let v = v.trim();
                if v.is_empty() {
                    return Ok(WholeNumber(None));
                }
                v.parse()
                    .map(|v| WholeNumber(Some(v)))
                    .map_err(|_| E::custom("must be a whole number"))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<WholeNumber, E> {
                Ok(WholeNumber(None))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<WholeNumber, E> {
                Err(E::custom("must be a whole number"))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl<'de> serde::Deserialize<'de> for Options {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Options;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the options object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Options, M::Error> {
                use serde::de::Error;
                let mut options = Options::default();
                while let Some(key) = map.next_key::<String>()? {
                    // Every message starts with the option's name.
                    let text = |value: Result<Option<String>, M::Error>| {
                        value.map_err(|_| M::Error::custom(format_args!("{key}: must be a string")))
                    };
                    match key.as_str() {
                        "apiBase" => options.api_base = text(map.next_value())?,
                        "externalSessionId" => {
                            options.external_session_id = text(map.next_value())?
                        }
                        "token" => options.token = text(map.next_value())?,
                        "locale" => options.locale = text(map.next_value())?,
                        "sessionId" => {
                            options.session_id = map
                                .next_value::<WholeNumber>()
                                .map_err(|_| {
                                    M::Error::custom(format_args!("{key}: must be a whole number"))
                                })?
                                .0
                        }
                        "refreshSeconds" | "undoSeconds" => {
                            let seconds =
                                seconds(map.next_value::<WholeNumber>().ok().and_then(|n| n.0))
                                    .ok_or_else(|| {
                                        M::Error::custom(format_args!(
                                            "{key}: {}",
                                            seconds_message()
                                        ))
                                    })?;
                            if key == "refreshSeconds" {
                                options.refresh_seconds = Some(seconds);
                            } else {
                                options.undo_seconds = Some(seconds);
                            }
                        }
                        "onTokenExpired" => {
                            options.on_token_expired = map
                                .next_value::<Option<Renewal>>()
                                .map_err(|_| {
                                    M::Error::custom(format_args!("{key}: must be a function"))
                                })?
                                .map(|r| r.0)
                        }
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(options)
            }
        }
        d.deserialize_struct("Options", OPTION_NAMES, Visit)
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
    let parsed = Options::from_js(&options).map_err(|e| {
        let message = format!("participant-manager options: {e}");
        web_sys::console::error_1(&message.as_str().into());
        JsValue::from_str(&message)
    })?;
    mount_with(element, &parsed, false)
}

/// Mounts the widget into `host`'s shadow root (made if missing).
pub fn mount_with(
    host: web_sys::HtmlElement,
    options: &Options,
    standalone: bool,
) -> Result<MountHandle, JsValue> {
    let renew = options.on_token_expired.clone();
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
    let settings = options.settings();
    // The standalone page's own `lang` says nothing of the staff's.
    let locale = choose_locale(options.locale.as_deref(), (!standalone).then_some(&host));
    let token = options.token.clone();
    let events: web_sys::EventTarget = host.clone().into();
    // The client is made inside the widget's reactive owner; the handle
    // keeps a copy for `setToken`.
    let started = std::rc::Rc::new(std::cell::Cell::new(None));
    let started_in = started.clone();
    let handle = leptos::mount::mount_to(mount_point, move || {
        let api = Api::new(Client::new(&base, token, renew));
        started_in.set(Some(api));
        let ctx = Ctx::new(api, session_ref, Some(events))
            .with_settings(settings)
            .with_locale(locale);
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
    static get observedAttributes() { return ["api-base", "session-id", "external-session-id", "refresh-seconds", "undo-seconds", "locale", "token"]; }
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

/// The custom element's attributes, by the option each one is.
const ATTRIBUTES: &[(&str, &str)] = &[
    ("apiBase", "api-base"),
    ("sessionId", "session-id"),
    ("externalSessionId", "external-session-id"),
    ("refreshSeconds", "refresh-seconds"),
    ("undoSeconds", "undo-seconds"),
    ("locale", "locale"),
];

/// Registers `<participant-manager>`. Its attributes are the options of
/// `mount()`, but the token is best set as its write-only `token` property
/// (a `token` attribute is read and removed at once); its `onTokenExpired`
/// property is the renewal callback.
pub fn define_custom_element() {
    let connect =
        Closure::<dyn Fn(web_sys::HtmlElement, JsValue, js_sys::Function) -> JsValue>::new(
            |element: web_sys::HtmlElement, token: JsValue, renew: js_sys::Function| {
                // The attributes as the options object `mount()` takes, read
                // by the same struct; a message names the attribute.
                let object = js_sys::Object::new();
                for (option, attribute) in ATTRIBUTES {
                    if let Some(value) = element.get_attribute(attribute) {
                        let _ = Reflect::set(&object, &(*option).into(), &value.into());
                    }
                }
                let _ = Reflect::set(&object, &"token".into(), &token);
                let _ = Reflect::set(&object, &"onTokenExpired".into(), &renew);
                let options = match Options::from_js(&object) {
                    Ok(options) => options,
                    Err(error) => {
                        let attribute = ATTRIBUTES
                            .iter()
                            .find(|(option, _)| *option == error.option)
                            .map_or(error.option.as_str(), |(_, attribute)| attribute);
                        web_sys::console::error_1(
                            &format!(
                                "participant-manager: the {attribute} attribute {}; not mounted",
                                error.message
                            )
                            .into(),
                        );
                        return JsValue::NULL;
                    }
                };
                match mount_with(element.clone(), &options, false) {
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
        on_token_expired: None,
        refresh_seconds: seconds_in(&query, "refreshSeconds"),
        undo_seconds: seconds_in(&query, "undoSeconds"),
        // The page is ours (its `lang` is not the clinic's choice): the
        // address's `?locale=`, else the browser's language.
        locale: get(&query, "locale"),
    };
    let _ = host.remove_attribute("token");
    match mount_with(host, &options, true) {
        Ok(handle) => std::mem::forget(handle),
        Err(error) => web_sys::console::error_2(&"participant-manager:".into(), &error),
    }
}

/// The widget's language: the `locale` option; otherwise the `lang` of
/// the host element or its nearest ancestor that has one (the portal's
/// page); otherwise the first of the browser's languages the widget
/// speaks; otherwise English. A `locale` the widget does not speak is
/// named on the console and the next source used.
fn choose_locale(option: Option<&str>, host: Option<&web_sys::HtmlElement>) -> Locale {
    let option = option.map(str::trim).filter(|tag| !tag.is_empty());
    if let Some(tag) = option {
        match Locale::from_tag(tag) {
            Some(locale) => return locale,
            None => web_sys::console::warn_1(
                &format!(
                    "participant-manager: locale {tag:?} is not a language the widget speaks \
                     (en, es); using the page's or the browser's"
                )
                .into(),
            ),
        }
    }
    let page = host
        .and_then(|host| host.closest("[lang]").ok().flatten())
        .and_then(|el| el.get_attribute("lang"))
        .and_then(|tag| Locale::from_tag(&tag));
    page.or_else(|| {
        let navigator = super::browser::window().navigator();
        navigator
            .languages()
            .iter()
            .filter_map(|tag| tag.as_string())
            .chain(navigator.language())
            .find_map(|tag| Locale::from_tag(&tag))
    })
    .unwrap_or_default()
}

/// `?refreshSeconds=` or `?undoSeconds=` on the standalone page: a whole
/// number of seconds up to an hour; anything else is named on the console
/// and the default used.
fn seconds_in(query: &Option<web_sys::UrlSearchParams>, name: &str) -> Option<u32> {
    let text = query.as_ref()?.get(name)?;
    let read = seconds(text.trim().parse().ok());
    if read.is_none() {
        web_sys::console::error_1(
            &format!(
                "participant-manager: {name} {}; using the default",
                seconds_message()
            )
            .into(),
        );
    }
    read
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
