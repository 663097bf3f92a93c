//! Component tests of the widget in headless Chromium (wasm-bindgen-test).
//!
//! Each test mounts the whole widget with a session already loaded and an
//! API base nobody listens on, then acts as staff would: finds controls by
//! their label or name, types, clicks, and reads what the page says. Run
//! with `cargo xtask test`, or
//! `cargo test --target wasm32-unknown-unknown --test wasm_widget`.
#![cfg(target_arch = "wasm32")]

#[macro_use]
mod wasm_support;

use leptos::mount::mount_to;
use leptos::prelude::*;
use participant_manager::common::view::SessionView;
use participant_manager::widget::api::{Api, Client};
use participant_manager::widget::i18n::Locale;
use participant_manager::widget::target::SessionRef;
use participant_manager::widget::ui::{App, Ctx, Settings};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Nothing listens on port 9 (discard): every request fails like a network
/// outage.
const UNREACHABLE_API: &str = "http://127.0.0.1:9/api";

fn demo_session() -> SessionView {
    serde_json::from_str::<SessionView>(
        r#"{"SessionId": 36201, "ScheduleTs": "2026-11-29T15:00:00", "ExternalSessionId": "APPT-1001",
            "Topic": "Follow-up visit", "UserId": 12281, "Participants": [
            {"ParticipationId": 71000, "ParticipantFullName": "Dr. Dana Whitfield", "SecureVideoUserId": 12281,
             "ShouldAutoDeliverCode": "E", "ParticipantEmailAddress": "dana.whitfield@example.com", "ConnectCode": 592856316},
            {"ParticipationId": 71001, "ParticipantFullName": "Jamie Rivera", "ShouldAutoDeliverCode": "E",
             "ParticipantEmailAddress": "jamie.rivera@example.com", "ConnectCode": 802546666, "RSVP": "Unknown"},
            {"ParticipationId": 71003, "ParticipantFullName": "Robin Quiet", "ShouldAutoDeliverCode": "N",
             "ConnectCode": 111222333}
        ]}"#,
    )
    .unwrap()
    .normalized()
}

/// A mounted widget; dropping it unmounts.
struct Widget {
    root: HtmlElement,
    /// The language it was mounted in: what staff read is looked up in
    /// its catalog, so every test runs in English and in Spanish.
    l: Locale,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.root.remove();
    }
}

async fn mount_widget(l: Locale) -> Widget {
    mount_widget_with(None, l).await
}

/// A token whose payload says `scope` (unsigned: the widget only reads it).
fn token_with_scope(scope: &str) -> String {
    let payload = web_sys::window()
        .unwrap()
        .btoa(&format!(r#"{{"sub":"staff","scope":"{scope}"}}"#))
        .unwrap();
    format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
        payload.trim_end_matches('=')
    )
}

async fn mount_widget_with(token: Option<String>, l: Locale) -> Widget {
    mount_widget_full(token, Settings::default(), l).await
}

/// The widget with `mount()`'s timing options.
async fn mount_widget_full(token: Option<String>, settings: Settings, l: Locale) -> Widget {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let started = std::rc::Rc::new(std::cell::Cell::new(None));
    let started_in = started.clone();
    let handle = mount_to(root.clone(), move || {
        let ctx = Ctx::new(
            Api::new(Client::new(UNREACHABLE_API, token.clone(), None)),
            Some(SessionRef::Id(36201)),
            None,
        )
        .with_settings(settings)
        .with_locale(l);
        started_in.set(Some(ctx));
        view! { <App ctx=ctx/> }
    });
    // Once the load has started, the session is shown as a change's answer
    // would be: the load is older, so its network error never replaces it.
    settle().await;
    started.take().unwrap().show(demo_session());
    settle().await;
    Widget {
        root,
        l,
        _handle: Box::new(handle),
    }
}

/// Lets the reactive system and the browser catch up.
async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

impl Widget {
    /// The catalog's text for `key` in the widget's language.
    fn t(&self, key: &'static str) -> &'static str {
        self.l.t(key)
    }

    fn tf(&self, key: &'static str, args: &[(&str, &str)]) -> String {
        self.l.tf(key, args)
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    /// The button whose text or aria-label is `name`. While a modal dialog
    /// is open only its buttons can be pressed, so only those are searched.
    fn button(&self, name: &str) -> HtmlElement {
        let scope = if self.dialog_text().is_some() {
            "dialog[open] button"
        } else {
            "button"
        };
        self.all(scope)
            .into_iter()
            .find(|b| {
                b.text_content().unwrap_or_default().trim() == name
                    || b.get_attribute("aria-label").as_deref() == Some(name)
            })
            .unwrap_or_else(|| panic!("no button named {name:?}"))
            .unchecked_into()
    }

    fn has_button(&self, name: &str) -> bool {
        self.all("button")
            .iter()
            .any(|b| b.text_content().unwrap_or_default().trim() == name)
    }

    fn label(&self, text: &str) -> Element {
        self.all("label")
            .into_iter()
            .find(|l| {
                l.text_content()
                    .unwrap_or_default()
                    .trim()
                    .starts_with(text)
            })
            .unwrap_or_else(|| panic!("no label {text:?}"))
    }

    /// The input a label names, as a person finds it.
    fn input(&self, label: &str) -> HtmlInputElement {
        let label = self.label(label);
        let id = label.get_attribute("for").expect("labels name their input");
        self.root
            .query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap_or_else(|| panic!("no input #{id}"))
            .unchecked_into()
    }

    fn is_required(&self, label: &str) -> bool {
        self.label(label)
            .text_content()
            .unwrap_or_default()
            .contains(self.t("form.required"))
            && self.input(label).get_attribute("aria-required").as_deref() == Some("true")
    }

    /// The message shown next to the input a label names.
    fn message(&self, label: &str) -> String {
        let input = self.input(label);
        let described = input.get_attribute("aria-describedby").unwrap_or_default();
        described
            .split_whitespace()
            .filter_map(|id| self.root.query_selector(&format!("#{id}")).ok().flatten())
            .filter(|el| el.class_name().contains("pm-error"))
            .map(|el| el.text_content().unwrap_or_default())
            .collect::<String>()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    fn dialog_text(&self) -> Option<String> {
        self.root
            .query_selector("dialog[open]")
            .unwrap()
            .map(|d| d.text_content().unwrap_or_default())
    }
}

async fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

async fn click(element: &HtmlElement) {
    element.click();
    settle().await;
}

async fn the_list_shows_every_participant_with_masked_contacts(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    let text = widget.text();
    assert!(text.contains("Jamie Rivera"), "{text}");
    assert!(text.contains("j•••••••••••@example.com"), "{text}");
    assert!(
        !text.contains("jamie.rivera@example.com"),
        "contacts are masked"
    );
    assert!(text.contains(widget.t("kind.host")) && text.contains(widget.t("kind.guest")));
    // The widget says which language it speaks (axe, screen readers).
    assert_eq!(
        widget.all(".pm[lang]")[0].get_attribute("lang").as_deref(),
        Some(l.tag())
    );
    assert!(text.contains("802546666"));
    assert!(text.contains("Dr. Dana Whitfield"), "the host is named");
    // The host cannot be edited or removed here.
    assert!(
        widget
            .all("button")
            .iter()
            .all(|b| b.get_attribute("aria-label")
                != Some(widget.tf("row.remove_label", &[("name", "Dr. Dana Whitfield")])))
    );
}

async fn validation_messages_appear_as_you_type_and_clear(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    let name = widget.input(widget.t("guest.name"));
    type_into(&name, "T").await;
    assert_eq!(
        widget.message(widget.t("guest.name")),
        widget.tf("name.required", &[("min", "2")])
    );
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&name, "Trevor").await;
    assert_eq!(widget.message(widget.t("guest.name")), "");
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("false"));

    // The same name as someone in the session: common's duplicate rule.
    type_into(&name, "jamie rivera").await;
    assert_eq!(
        widget.message(widget.t("guest.name")),
        widget.t("session.duplicate_name")
    );

    let email = widget.input(widget.t("guest.email"));
    type_into(&email, "trevor@").await;
    assert_eq!(
        widget.message(widget.t("guest.email")),
        widget.t("email.invalid")
    );
    type_into(&email, "trevor@example.com").await;
    assert_eq!(widget.message(widget.t("guest.email")), "");
}

async fn the_delivery_method_switches_the_required_fields(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    assert!(widget.is_required(widget.t("guest.email")));
    assert!(!widget.is_required(widget.t("guest.sms")));

    click(&widget.input(widget.t("guest.by_sms")).unchecked_into()).await;
    assert!(!widget.is_required(widget.t("guest.email")));
    assert!(widget.is_required(widget.t("guest.sms")));

    click(&widget.input(widget.t("guest.by_none")).unchecked_into()).await;
    assert!(!widget.is_required(widget.t("guest.email")));
    assert!(!widget.is_required(widget.t("guest.sms")));

    // Submitting with text delivery and no number says so by the field.
    click(&widget.input(widget.t("guest.by_sms")).unchecked_into()).await;
    type_into(&widget.input(widget.t("guest.name")), "Trevor").await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    assert_eq!(
        widget.message(widget.t("guest.sms")),
        widget.t("sms.required")
    );
}

async fn packet_and_deposit_follow_the_rules(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    type_into(&widget.input(widget.t("guest.name")), "Trevor").await;
    click(&widget.input(widget.t("guest.by_none")).unchecked_into()).await;

    click(&widget.input(widget.t("packet.choice")).unchecked_into()).await;
    let packet = widget.input(widget.t("form.packet_number"));
    click(&widget.button(widget.t("action.add_guest"))).await;
    assert_eq!(
        widget.message(widget.t("form.packet_number")),
        widget.t("form.packet_missing")
    );
    type_into(&packet, "-5").await;
    assert!(
        widget
            .message(widget.t("form.packet_number"))
            .starts_with(widget.t("packet.invalid"))
    );
    type_into(&packet, "1215").await;
    assert_eq!(widget.message(widget.t("form.packet_number")), "");

    click(
        &widget
            .input(widget.t("form.deposit_require"))
            .unchecked_into(),
    )
    .await;
    type_into(&widget.input(widget.t("form.service_id")), "1037").await;
    assert_eq!(
        widget.message(widget.t("form.deposit_amount")),
        widget.t("deposit.needs_amount")
    );
    type_into(&widget.input(widget.t("form.deposit_amount")), "20.005").await;
    assert!(
        widget
            .message(widget.t("form.deposit_amount"))
            .contains(widget.t("deposit.invalid"))
    );
    type_into(&widget.input(widget.t("form.deposit_amount")), "20.00").await;
    assert_eq!(widget.message(widget.t("form.deposit_amount")), "");
    assert_eq!(widget.message(widget.t("form.service_id")), "");
}

/// With `undoSeconds` 0 there is no undo, so Remove asks first.
async fn without_undo_removing_asks_first_and_says_whether_a_cancellation_goes_out(l: Locale) {
    let widget = mount_widget_full(
        None,
        Settings {
            undo_seconds: 0,
            ..Settings::default()
        },
        l,
    )
    .await;
    settle().await;
    let jamie = [("name", "Jamie Rivera")];
    let remove = widget.button(&widget.tf("row.remove_label", &jamie));
    remove.focus().unwrap();
    click(&remove).await;
    let text = widget.dialog_text().expect("a confirmation dialog opens");
    assert!(text.contains(&widget.tf("remove.title", &jamie)), "{text}");
    assert!(text.contains(widget.t("remove.cancel_email")), "{text}");

    click(&widget.button(widget.t("action.cancel"))).await;
    assert!(widget.dialog_text().is_none(), "Cancel closes the dialog");
    assert!(
        widget.text().contains("Jamie Rivera"),
        "nothing was removed"
    );
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        focused.get_attribute("aria-label").as_deref(),
        Some(widget.tf("row.remove_label", &jamie).as_str()),
        "focus returns to the button that opened the dialog"
    );

    click(&widget.button(&widget.tf("row.remove_label", &[("name", "Robin Quiet")]))).await;
    let text = widget.dialog_text().unwrap();
    assert!(text.contains(widget.t("remove.cancel_none")), "{text}");
}

async fn escape_closes_a_dialog(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    assert!(widget.dialog_text().is_some());
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    widget
        .input(widget.t("guest.name"))
        .dispatch_event(&event)
        .unwrap();
    settle().await;
    assert!(widget.dialog_text().is_none());
}

// Regression (issue 13, defect 6): the edit dialog opened on the read-only
// name field. It starts on the first field staff can change, and closing it
// gives the focus back to that row's Edit control.
async fn an_edit_dialog_starts_on_a_field_staff_can_change_and_returns_focus_to_edit(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    let edit_label = widget.tf("row.edit_label", &[("name", "Jamie Rivera")]);
    let edit = widget.button(&edit_label);
    // As from the keyboard: the control has the focus when it is pressed.
    edit.focus().unwrap();
    click(&edit).await;
    settle().await;
    assert!(widget.dialog_text().is_some());
    let active = || -> HtmlElement {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .unwrap()
            .unchecked_into()
    };
    let focused = active();
    assert_eq!(focused.tag_name(), "INPUT");
    assert!(
        !focused.has_attribute("readonly"),
        "focus on {}",
        focused.outer_html()
    );
    assert_eq!(focused.get_attribute("type").as_deref(), Some("radio"));
    click(&widget.button(widget.t("action.cancel"))).await;
    settle().await;
    assert!(widget.dialog_text().is_none());
    assert_eq!(
        active().get_attribute("aria-label").as_deref(),
        Some(edit_label.as_str())
    );
}

// Regression (issue 13, defect 5): Escape or Cancel threw away a
// half-typed form without asking.
async fn escape_or_cancel_on_a_changed_form_asks_before_discarding(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    type_into(&widget.input(widget.t("guest.name")), "Trevor Noah").await;
    let escape = || {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Escape");
        init.set_bubbles(true);
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    widget
        .input(widget.t("guest.name"))
        .dispatch_event(&escape())
        .unwrap();
    settle().await;
    let text = widget.dialog_text().expect("the dialog stays open");
    assert!(text.contains(widget.t("dialog.discard_question")), "{text}");
    // Keep editing: the form is as typed.
    click(&widget.button(widget.t("dialog.keep"))).await;
    settle().await;
    assert!(
        !widget
            .dialog_text()
            .unwrap()
            .contains(widget.t("dialog.discard_question"))
    );
    assert_eq!(widget.input(widget.t("guest.name")).value(), "Trevor Noah");
    // Cancel asks too; Discard closes.
    click(&widget.button(widget.t("action.cancel"))).await;
    settle().await;
    assert!(
        widget
            .dialog_text()
            .unwrap()
            .contains(widget.t("dialog.discard_question"))
    );
    click(&widget.button(widget.t("dialog.discard"))).await;
    settle().await;
    assert!(widget.dialog_text().is_none());
}

async fn a_network_error_keeps_the_form_as_typed_and_offers_a_retry(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    type_into(&widget.input(widget.t("guest.name")), "Trevor Noah").await;
    type_into(&widget.input(widget.t("guest.email")), "trevor@example.com").await;
    type_into(&widget.input(widget.t("guest.external_id")), "EMR123456").await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    // The request fails without an answer; wait for it.
    for _ in 0..50 {
        if widget.has_button(widget.t("action.try_again")) {
            break;
        }
        settle().await;
    }
    let alert = widget.all("dialog[open] [role=alert]");
    let alert = alert.first().expect("the dialog stays open with an alert");
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains(widget.t("error.network.saving")), "{text}");
    assert!(widget.has_button(widget.t("action.try_again")));
    assert_eq!(widget.input(widget.t("guest.name")).value(), "Trevor Noah");
    assert_eq!(
        widget.input(widget.t("guest.email")).value(),
        "trevor@example.com"
    );
    assert_eq!(
        widget.input(widget.t("guest.external_id")).value(),
        "EMR123456"
    );
}

async fn the_time_zone_is_preselected_from_the_browser(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    let expected = participant_manager::widget::browser::browser_windows_zone()
        .expect("the browser's IANA zone maps to a Windows zone");
    assert_eq!(widget.input(widget.t("guest.time_zone")).value(), expected);
    assert_eq!(widget.message(widget.t("guest.time_zone")), "");
}

/// Replaces `navigator.clipboard` with one that records what it is given
/// in `window.__copied`, or refuses when `accept` is false.
fn stub_clipboard(accept: bool) {
    let body = if accept {
        "window.__copied = text; return Promise.resolve();"
    } else {
        "return Promise.reject(new Error('denied'));"
    };
    let write = js_sys::Function::new_with_args("text", body);
    let clipboard = js_sys::Object::new();
    js_sys::Reflect::set(&clipboard, &"writeText".into(), &write).unwrap();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &clipboard).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
    let navigator = web_sys::window().unwrap().navigator();
    js_sys::Object::define_property(&navigator, &"clipboard".into(), &descriptor);
}

fn copied() -> Option<String> {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"__copied".into())
        .unwrap()
        .as_string()
}

fn status(widget: &Widget) -> String {
    widget.all(".pm-status")[0]
        .text_content()
        .unwrap_or_default()
}

async fn copy_buttons_copy_the_access_code_and_the_join_link(l: Locale) {
    stub_clipboard(true);
    let widget = mount_widget(l).await;
    settle().await;
    let copy = |what: &'static str, name: &str| {
        widget.tf("copy.label", &[("shown", widget.t(what)), ("name", name)])
    };
    click(&widget.button(&copy("copy.code.button", "Jamie Rivera"))).await;
    settle().await;
    assert_eq!(copied().as_deref(), Some("802546666"));
    assert_eq!(status(&widget), widget.t("copy.code.copied"));

    click(&widget.button(&copy("copy.link.button", "Jamie Rivera"))).await;
    settle().await;
    let link = copied().unwrap();
    assert!(
        link.starts_with("https://") && link.contains("802546666"),
        "{link}"
    );
    assert_eq!(status(&widget), widget.t("copy.link.copied"));

    stub_clipboard(false);
    click(&widget.button(&copy("copy.code.button", "Robin Quiet"))).await;
    settle().await;
    assert_eq!(status(&widget), widget.t("copy.code.failed"));
}

// Regression (issue 13, defect 8): "The access code is copied." and the
// like stayed on the page and pushed the layout down. They are read to
// screen readers from a visually hidden region, then cleared; what staff
// see is the button's own text.
async fn announcements_are_never_visible_text_and_do_not_linger(l: Locale) {
    stub_clipboard(false);
    let widget = mount_widget(l).await;
    settle().await;
    // The stylesheet every mount gets (the other tests need none).
    let style = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("style")
        .unwrap();
    style.set_text_content(Some(participant_manager::widget::theme::STYLE));
    widget.root.append_child(&style).unwrap();
    let region = widget.all(".pm-status")[0].clone();
    let height = || region.client_height();
    let label = widget.tf(
        "copy.label",
        &[
            ("shown", widget.t("copy.code.button")),
            ("name", "Robin Quiet"),
        ],
    );
    let button = widget.button(&label);
    click(&button).await;
    settle().await;
    assert_eq!(status(&widget), widget.t("copy.code.failed"));
    assert!(height() <= 1, "the live region takes {} px", height());
    assert_eq!(
        button.text_content().unwrap_or_default(),
        widget.t("copy.not_copied")
    );
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                participant_manager::widget::ui::STATUS_CLEAR_MS + 300,
            )
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    assert_eq!(status(&widget), "", "the announcement is cleared");
}

// Regression (issue 13, defect 4): a read token showed Add, Edit and
// Remove, and the refusal came only after the form was filled in.
async fn a_read_token_shows_the_roster_without_its_actions(l: Locale) {
    let buttons = |widget: &Widget| -> Vec<String> {
        widget
            .all("button")
            .iter()
            .filter_map(|b| b.text_content())
            .map(|t| t.trim().to_owned())
            .collect()
    };
    let read = mount_widget_with(Some(token_with_scope("read")), l).await;
    settle().await;
    let shown = buttons(&read);
    for action in [
        "action.add_guest",
        "action.add_user",
        "row.edit",
        "row.remove",
    ] {
        let action = l.t(action);
        assert!(!shown.iter().any(|b| b == action), "{action} in {shown:?}");
    }
    assert!(
        shown.iter().any(|b| b == l.t("copy.code.button")),
        "{shown:?}"
    );
    assert_eq!(read.all("[data-read-only]").len(), 1);
    assert!(read.all("tr[data-participation-id]").len() >= 2);
    drop(read);

    let write = mount_widget_with(Some(token_with_scope("write")), l).await;
    settle().await;
    let shown = buttons(&write);
    for action in ["action.add_guest", "row.edit", "row.remove"] {
        let action = l.t(action);
        assert!(shown.iter().any(|b| b == action), "{action} in {shown:?}");
    }
    assert!(write.all("[data-read-only]").is_empty());
}

async fn an_open_dialog_has_its_own_live_region(l: Locale) {
    let widget = mount_widget(l).await;
    settle().await;
    click(&widget.button(widget.t("action.add_guest"))).await;
    let regions = widget.all("dialog[open] [role=status][aria-live=polite]");
    assert_eq!(
        regions.len(),
        1,
        "the page's region is inert behind the modal dialog"
    );
}

// Every test above, once in English and once in Spanish.
in_both_languages!(
    the_list_shows_every_participant_with_masked_contacts,
    validation_messages_appear_as_you_type_and_clear,
    the_delivery_method_switches_the_required_fields,
    packet_and_deposit_follow_the_rules,
    without_undo_removing_asks_first_and_says_whether_a_cancellation_goes_out,
    escape_closes_a_dialog,
    an_edit_dialog_starts_on_a_field_staff_can_change_and_returns_focus_to_edit,
    escape_or_cancel_on_a_changed_form_asks_before_discarding,
    a_network_error_keeps_the_form_as_typed_and_offers_a_retry,
    the_time_zone_is_preselected_from_the_browser,
    copy_buttons_copy_the_access_code_and_the_join_link,
    announcements_are_never_visible_text_and_do_not_linger,
    a_read_token_shows_the_roster_without_its_actions,
    an_open_dialog_has_its_own_live_region,
);
