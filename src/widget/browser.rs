//! The few browser facts the widget needs, behind plain functions: the
//! viewer's time zone and local time, the clipboard, focus, and DOM events
//! to the host page.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::format::utc_iso;
use super::i18n::Locale;
use crate::common::timezones::windows_zone_for_iana;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("the widget runs in a browser window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("a window has a document")
}

/// The browser's IANA time zone (`America/New_York`).
pub fn iana_time_zone() -> Option<String> {
    let options =
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into()).ok()?.as_string()
}

/// The viewer's time zone as a Windows id, through `common`'s mapping.
pub fn browser_windows_zone() -> Option<&'static str> {
    windows_zone_for_iana(&iana_time_zone()?)
}

/// The tag dates and times are written in: the browser's own (`en-GB`
/// writes 24-hour times) when it is of `l`'s language, else `l`'s.
fn date_tag(l: Locale) -> String {
    window()
        .navigator()
        .language()
        .filter(|tag| Locale::from_tag(tag) == Some(l))
        .unwrap_or_else(|| l.tag().to_owned())
}

/// A SecureVideo UTC timestamp in the viewer's local time, e.g.
/// "Sunday, November 29, 2026 at 10:00 AM EST".
pub fn local_time(ts: &str, l: Locale) -> Option<String> {
    let date = js_sys::Date::new(&JsValue::from_str(&utc_iso(ts)));
    if date.get_time().is_nan() {
        return None;
    }
    let options = Object::new();
    for (key, value) in [("dateStyle", "full"), ("timeStyle", "short")] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let tag = date_tag(l);
    let formatted = date.to_locale_string(&tag, &options).as_string()?;
    // timeStyle "short" has no zone name; add the short one.
    let zone = Object::new();
    Reflect::set(&zone, &"timeZoneName".into(), &"short".into()).ok()?;
    let with_zone = date.to_locale_time_string_with_options(&tag, &zone);
    let zone_name = with_zone
        .as_string()
        .and_then(|s| s.rsplit(' ').next().map(str::to_owned))
        .unwrap_or_default();
    Some(format!("{formatted} {zone_name}").trim().to_owned())
}

/// A moment (`Date.now()` milliseconds, or a SecureVideo UTC timestamp
/// through [`utc_iso`]) as the viewer's clock reads it: "3:02 PM".
pub fn clock(date: &js_sys::Date, l: Locale) -> Option<String> {
    if date.get_time().is_nan() {
        return None;
    }
    let options = Object::new();
    for (key, value) in [("hour", "numeric"), ("minute", "2-digit")] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    date.to_locale_time_string_with_options(&date_tag(l), &options)
        .as_string()
}

/// Whether staff can see the page (`document.visibilityState`): a hidden
/// tab is not refreshed.
pub fn page_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Whether `el` is laid out (not `display: none`, itself or an ancestor),
/// so it can take the focus.
pub fn shown(el: &web_sys::HtmlElement) -> bool {
    el.get_client_rects().length() > 0
}

/// The selector of a participant row's control: `action` is its
/// `data-action` (edit, remove, menu).
pub fn row_action(participation_id: &str, action: &str) -> String {
    format!("tr[data-participation-id=\"{participation_id}\"] [data-action={action}]")
}

/// Focuses the first of `selectors` under `root` that is laid out; whether
/// one was.
pub fn focus_first_shown(root: &web_sys::Element, selectors: &[String]) -> bool {
    let found = selectors.iter().find_map(|selector| {
        root.query_selector(selector)
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(shown)
    });
    found.is_some_and(|el| el.focus().is_ok())
}

/// Copies text to the clipboard; `false` when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let navigator = window().navigator();
    let Ok(clipboard) = Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Ok(write) = Reflect::get(&clipboard, &"writeText".into()) else {
        return false;
    };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .is_ok(),
        Err(_) => false,
    }
}

/// The focused element, looking inside shadow roots (where
/// `document.activeElement` only names the host).
pub fn deep_active_element() -> Option<web_sys::HtmlElement> {
    let mut active = document().active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|root| root.active_element()) {
        active = inner;
    }
    active.dyn_into().ok()
}

/// Sends a DOM event to the host page. It bubbles and crosses the shadow
/// boundary; `detail` carries ids only, never names or contacts.
pub fn dispatch(
    target: &web_sys::EventTarget,
    name: &str,
    participation_id: i64,
    external_id: Option<&str>,
) {
    let detail = Object::new();
    let _ = Reflect::set(
        &detail,
        &"ParticipationId".into(),
        &JsValue::from_f64(participation_id as f64),
    );
    let _ = Reflect::set(
        &detail,
        &"ParticipantExternalId".into(),
        &external_id.map_or(JsValue::NULL, JsValue::from_str),
    );
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Waits `ms` milliseconds (for debouncing the user search).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// An element id unique in this page, so two widgets (or a widget mounted
/// twice in a test) never share label targets.
pub fn unique_id(prefix: &str) -> String {
    let n = NEXT_ID.with(|next| {
        let n = next.get();
        next.set(n + 1);
        n
    });
    format!("pm-{prefix}-{n}")
}
