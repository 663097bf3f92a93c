//! `mount()`'s options and the custom element's attributes, read by one
//! serde struct (`widget::Options`, serde-wasm-bindgen): what is accepted,
//! and that a wrong option gets a message naming it. Headless Chromium.
#![cfg(target_arch = "wasm32")]

use participant_manager::widget::{Options, define_custom_element, mount};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn options(js: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!("return ({js});"))
        .call0(&JsValue::NULL)
        .unwrap()
}

#[wasm_bindgen_test]
fn every_option_is_read_and_a_sessionid_may_be_a_numeric_string() {
    let read = Options::from_js(&options(
        r#"{apiBase: "https://pm.example/api", sessionId: "36201", externalSessionId: "APPT-1",
            token: "t", onTokenExpired: () => "fresh", somethingElse: () => 1}"#,
    ))
    .unwrap();
    assert_eq!(read.api_base.as_deref(), Some("https://pm.example/api"));
    assert_eq!(read.session_id, Some(36201));
    assert_eq!(read.external_session_id.as_deref(), Some("APPT-1"));
    assert_eq!(read.token.as_deref(), Some("t"));
    let renewed = read
        .on_token_expired
        .unwrap()
        .call0(&JsValue::NULL)
        .unwrap();
    assert_eq!(renewed.as_string().as_deref(), Some("fresh"));
    let read = Options::from_js(&options(
        "{sessionId: 36201, token: null, refreshSeconds: 30, undoSeconds: '0'}",
    ))
    .unwrap();
    assert_eq!(read.refresh_seconds, Some(30));
    assert_eq!(read.undo_seconds, Some(0));
    assert_eq!(read.session_id, Some(36201));
    assert_eq!(read.token, None);
    let read = Options::from_js(&options("{locale: 'es-MX'}")).unwrap();
    assert_eq!(read.locale.as_deref(), Some("es-MX"));
    assert!(
        Options::from_js(&JsValue::UNDEFINED)
            .unwrap()
            .session_id
            .is_none()
    );
}

#[wasm_bindgen_test]
fn a_wrong_option_is_named_in_the_error() {
    for (js, option) in [
        ("{sessionId: 1.5}", "sessionId"),
        ("{sessionId: 'abc'}", "sessionId"),
        ("{sessionId: true}", "sessionId"),
        ("{apiBase: 3}", "apiBase"),
        ("{externalSessionId: {}}", "externalSessionId"),
        ("{token: 7}", "token"),
        ("{onTokenExpired: 'not a function'}", "onTokenExpired"),
        ("{refreshSeconds: -1}", "refreshSeconds"),
        ("{refreshSeconds: 2.5}", "refreshSeconds"),
        ("{undoSeconds: 'soon'}", "undoSeconds"),
        ("{undoSeconds: 86400}", "undoSeconds"),
        ("{locale: 5}", "locale"),
        ("3", "options"),
    ] {
        let error = Options::from_js(&options(js)).unwrap_err();
        assert_eq!(error.option, option, "{js}: {error}");
    }
}

/// Collects what the widget writes with `console.error` (or another
/// console method) until dropped.
struct ConsoleErrors {
    original: JsValue,
    method: &'static str,
}

impl ConsoleErrors {
    fn capture() -> Self {
        Self::capture_of("error")
    }

    fn capture_of(method: &'static str) -> Self {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        let original = js_sys::Reflect::get(&console, &method.into()).unwrap();
        let capture = js_sys::Function::new_with_args(
            "...args",
            "(globalThis.pmErrors = globalThis.pmErrors || []).push(args.map(String).join(' '));",
        );
        js_sys::Reflect::set(&console, &method.into(), &capture).unwrap();
        js_sys::Reflect::set(&js_sys::global(), &"pmErrors".into(), &js_sys::Array::new()).unwrap();
        Self { original, method }
    }

    fn messages(&self) -> Vec<String> {
        let seen = js_sys::Reflect::get(&js_sys::global(), &"pmErrors".into()).unwrap();
        js_sys::Array::from(&seen)
            .iter()
            .filter_map(|m| m.as_string())
            .collect()
    }
}

impl Drop for ConsoleErrors {
    fn drop(&mut self) {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        js_sys::Reflect::set(&console, &self.method.into(), &self.original).unwrap();
    }
}

#[wasm_bindgen_test]
fn mount_with_a_wrong_option_says_which_on_the_console_and_throws() {
    let console = ConsoleErrors::capture();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    let error = mount(host, options("{sessionId: 'APPT-1'}"))
        .err()
        .expect("mount refuses");
    assert!(error.as_string().unwrap().contains("sessionId"));
    assert!(
        console.messages().iter().any(|m| m.contains("sessionId")),
        "{:?}",
        console.messages()
    );
}

#[wasm_bindgen_test]
fn the_custom_element_names_a_wrong_attribute_on_the_console() {
    define_custom_element();
    let console = ConsoleErrors::capture();
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("participant-manager").unwrap();
    element.set_attribute("session-id", "twelve").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    let messages = console.messages();
    element.remove();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("session-id") && m.contains("whole number")),
        "{messages:?}"
    );
}

/// Mounts the widget with `js` as its options into a host inside a `<div>`
/// with `page_lang` (if any); the language its root says and its title.
fn mounted_language(js: &str, page_lang: Option<&str>) -> (String, String) {
    let document = web_sys::window().unwrap().document().unwrap();
    let page = document.create_element("div").unwrap();
    if let Some(lang) = page_lang {
        page.set_attribute("lang", lang).unwrap();
    }
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    page.append_child(&host).unwrap();
    document.body().unwrap().append_child(&page).unwrap();
    let handle = mount(host.clone(), options(js)).unwrap();
    let root = host
        .shadow_root()
        .unwrap()
        .query_selector(".pm")
        .unwrap()
        .unwrap();
    let lang = root.get_attribute("lang").unwrap_or_default();
    let title = root
        .query_selector(".pm-title")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    handle.unmount();
    page.remove();
    (lang, title)
}

// Issue 11: the locale option, else the host page's lang, else the
// browser's language (headless Chromium: English).
#[wasm_bindgen_test]
fn the_language_comes_from_the_option_then_the_page_then_the_browser() {
    assert_eq!(
        mounted_language("{locale: 'es'}", None),
        ("es".to_owned(), "Participantes".to_owned())
    );
    assert_eq!(
        mounted_language("{locale: 'en-US'}", Some("es")),
        ("en".to_owned(), "Participants".to_owned())
    );
    assert_eq!(
        mounted_language("{}", Some("es-419")),
        ("es".to_owned(), "Participantes".to_owned())
    );
    assert_eq!(mounted_language("{}", Some("fr")).0, "en");
    assert_eq!(mounted_language("{}", None).0, "en");

    // A language the widget does not speak is named, and the next source used.
    let console = ConsoleErrors::capture_of("warn");
    assert_eq!(mounted_language("{locale: 'fr-CA'}", Some("es")).0, "es");
    let messages = console.messages();
    drop(console);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("locale") && m.contains("fr-CA")),
        "{messages:?}"
    );
}

#[wasm_bindgen_test]
fn the_custom_element_takes_a_locale_attribute() {
    define_custom_element();
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("participant-manager").unwrap();
    element.set_attribute("locale", "es").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    let lang = element
        .shadow_root()
        .and_then(|root| root.query_selector(".pm").unwrap())
        .and_then(|root| root.get_attribute("lang"));
    element.remove();
    assert_eq!(lang.as_deref(), Some("es"));
}
