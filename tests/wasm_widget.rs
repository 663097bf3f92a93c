//! Component tests of the widget in headless Chromium (wasm-bindgen-test).
//!
//! Each test mounts the whole widget with a session already loaded and an
//! API base nobody listens on, then acts as staff would: finds controls by
//! their label or name, types, clicks, and reads what the page says. Run
//! with `cargo xtask test`, or
//! `cargo test --target wasm32-unknown-unknown --test wasm_widget`.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use participant_manager::common::view::SessionView;
use participant_manager::widget::api::{Api, Client};
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
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.root.remove();
    }
}

async fn mount_widget() -> Widget {
    mount_widget_with(None).await
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

async fn mount_widget_with(token: Option<String>) -> Widget {
    mount_widget_full(token, Settings::default()).await
}

/// The widget with `mount()`'s timing options.
async fn mount_widget_full(token: Option<String>, settings: Settings) -> Widget {
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
        .with_settings(settings);
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
            .contains("(required)")
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

#[wasm_bindgen_test]
async fn the_list_shows_every_participant_with_masked_contacts() {
    let widget = mount_widget().await;
    settle().await;
    let text = widget.text();
    assert!(text.contains("Jamie Rivera"), "{text}");
    assert!(text.contains("j•••••••••••@example.com"), "{text}");
    assert!(
        !text.contains("jamie.rivera@example.com"),
        "contacts are masked"
    );
    assert!(text.contains("Host") && text.contains("Guest"));
    assert!(text.contains("802546666"));
    assert!(text.contains("Dr. Dana Whitfield"), "the host is named");
    // The host cannot be edited or removed here.
    assert!(
        widget
            .all("button")
            .iter()
            .all(|b| b.get_attribute("aria-label").as_deref() != Some("Remove Dr. Dana Whitfield"))
    );
}

#[wasm_bindgen_test]
async fn validation_messages_appear_as_you_type_and_clear() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    let name = widget.input("Full name");
    type_into(&name, "T").await;
    assert_eq!(
        widget.message("Full name"),
        "Full name is required and must be at least 2 characters."
    );
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&name, "Trevor").await;
    assert_eq!(widget.message("Full name"), "");
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("false"));

    // The same name as someone in the session: common's duplicate rule.
    type_into(&name, "jamie rivera").await;
    assert_eq!(
        widget.message("Full name"),
        "A participant with this name is already in this session."
    );

    let email = widget.input("E-mail address");
    type_into(&email, "trevor@").await;
    assert_eq!(
        widget.message("E-mail address"),
        "Enter an e-mail address like name@example.com."
    );
    type_into(&email, "trevor@example.com").await;
    assert_eq!(widget.message("E-mail address"), "");
}

#[wasm_bindgen_test]
async fn the_delivery_method_switches_the_required_fields() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    assert!(widget.is_required("E-mail address"));
    assert!(!widget.is_required("Mobile number"));

    click(&widget.input("Text message").unchecked_into()).await;
    assert!(!widget.is_required("E-mail address"));
    assert!(widget.is_required("Mobile number"));

    click(&widget.input("No invitations").unchecked_into()).await;
    assert!(!widget.is_required("E-mail address"));
    assert!(!widget.is_required("Mobile number"));

    // Submitting with text delivery and no number says so by the field.
    click(&widget.input("Text message").unchecked_into()).await;
    type_into(&widget.input("Full name"), "Trevor").await;
    click(&widget.button("Add guest")).await;
    assert_eq!(
        widget.message("Mobile number"),
        "Mobile number is required when invitations go by text message."
    );
}

#[wasm_bindgen_test]
async fn packet_and_deposit_follow_the_rules() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    type_into(&widget.input("Full name"), "Trevor").await;
    click(&widget.input("No invitations").unchecked_into()).await;

    click(&widget.input("Packet #").unchecked_into()).await;
    let packet = widget.input("Packet number");
    click(&widget.button("Add guest")).await;
    assert_eq!(
        widget.message("Packet number"),
        "Enter the packet number, or choose all or no documents."
    );
    type_into(&packet, "-5").await;
    assert!(
        widget
            .message("Packet number")
            .starts_with("Packet must be")
    );
    type_into(&packet, "1215").await;
    assert_eq!(widget.message("Packet number"), "");

    click(&widget.input("Require a deposit").unchecked_into()).await;
    type_into(&widget.input("Service ID"), "1037").await;
    assert_eq!(
        widget.message("Deposit (US dollars)"),
        "Enter the deposit amount for this service, or clear the service."
    );
    type_into(&widget.input("Deposit (US dollars)"), "20.005").await;
    assert!(
        widget
            .message("Deposit (US dollars)")
            .contains("at most 2 decimals")
    );
    type_into(&widget.input("Deposit (US dollars)"), "20.00").await;
    assert_eq!(widget.message("Deposit (US dollars)"), "");
    assert_eq!(widget.message("Service ID"), "");
}

/// With `undoSeconds` 0 there is no undo, so Remove asks first.
#[wasm_bindgen_test]
async fn without_undo_removing_asks_first_and_says_whether_a_cancellation_goes_out() {
    let widget = mount_widget_full(
        None,
        Settings {
            undo_seconds: 0,
            ..Settings::default()
        },
    )
    .await;
    settle().await;
    let remove = widget.button("Remove Jamie Rivera");
    remove.focus().unwrap();
    click(&remove).await;
    let text = widget.dialog_text().expect("a confirmation dialog opens");
    assert!(text.contains("Remove Jamie Rivera?"), "{text}");
    assert!(
        text.contains("SecureVideo will send them a cancellation notice"),
        "{text}"
    );

    click(&widget.button("Cancel")).await;
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
        Some("Remove Jamie Rivera"),
        "focus returns to the button that opened the dialog"
    );

    click(&widget.button("Remove Robin Quiet")).await;
    let text = widget.dialog_text().unwrap();
    assert!(
        text.contains("no cancellation notice will be sent, unless they were invited before"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn escape_closes_a_dialog() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    assert!(widget.dialog_text().is_some());
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    widget.input("Full name").dispatch_event(&event).unwrap();
    settle().await;
    assert!(widget.dialog_text().is_none());
}

// Regression (issue 13, defect 6): the edit dialog opened on the read-only
// name field. It starts on the first field staff can change, and closing it
// gives the focus back to that row's Edit control.
#[wasm_bindgen_test]
async fn an_edit_dialog_starts_on_a_field_staff_can_change_and_returns_focus_to_edit() {
    let widget = mount_widget().await;
    settle().await;
    let edit = widget.button("Edit Jamie Rivera");
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
    click(&widget.button("Cancel")).await;
    settle().await;
    assert!(widget.dialog_text().is_none());
    assert_eq!(
        active().get_attribute("aria-label").as_deref(),
        Some("Edit Jamie Rivera")
    );
}

// Regression (issue 13, defect 5): Escape or Cancel threw away a
// half-typed form without asking.
#[wasm_bindgen_test]
async fn escape_or_cancel_on_a_changed_form_asks_before_discarding() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    type_into(&widget.input("Full name"), "Trevor Noah").await;
    let escape = || {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Escape");
        init.set_bubbles(true);
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    widget.input("Full name").dispatch_event(&escape()).unwrap();
    settle().await;
    let text = widget.dialog_text().expect("the dialog stays open");
    assert!(text.contains("Discard what you typed?"), "{text}");
    // Keep editing: the form is as typed.
    click(&widget.button("Keep editing")).await;
    settle().await;
    assert!(!widget.dialog_text().unwrap().contains("Discard what"));
    assert_eq!(widget.input("Full name").value(), "Trevor Noah");
    // Cancel asks too; Discard closes.
    click(&widget.button("Cancel")).await;
    settle().await;
    assert!(
        widget
            .dialog_text()
            .unwrap()
            .contains("Discard what you typed?")
    );
    click(&widget.button("Discard")).await;
    settle().await;
    assert!(widget.dialog_text().is_none());
}

#[wasm_bindgen_test]
async fn a_network_error_keeps_the_form_as_typed_and_offers_a_retry() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    type_into(&widget.input("Full name"), "Trevor Noah").await;
    type_into(&widget.input("E-mail address"), "trevor@example.com").await;
    type_into(&widget.input("External ID"), "EMR123456").await;
    click(&widget.button("Add guest")).await;
    // The request fails without an answer; wait for it.
    for _ in 0..50 {
        if widget.has_button("Try again") {
            break;
        }
        settle().await;
    }
    let alert = widget.all("dialog[open] [role=alert]");
    let alert = alert.first().expect("the dialog stays open with an alert");
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("Could not reach the server"), "{text}");
    assert!(widget.has_button("Try again"));
    assert_eq!(widget.input("Full name").value(), "Trevor Noah");
    assert_eq!(widget.input("E-mail address").value(), "trevor@example.com");
    assert_eq!(widget.input("External ID").value(), "EMR123456");
}

#[wasm_bindgen_test]
async fn the_time_zone_is_preselected_from_the_browser() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    let expected = participant_manager::widget::browser::browser_windows_zone()
        .expect("the browser's IANA zone maps to a Windows zone");
    assert_eq!(widget.input("Time zone").value(), expected);
    assert_eq!(widget.message("Time zone"), "");
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

#[wasm_bindgen_test]
async fn copy_buttons_copy_the_access_code_and_the_join_link() {
    stub_clipboard(true);
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Copy code for Jamie Rivera")).await;
    settle().await;
    assert_eq!(copied().as_deref(), Some("802546666"));
    assert_eq!(status(&widget), "The access code is copied.");

    click(&widget.button("Copy link for Jamie Rivera")).await;
    settle().await;
    let link = copied().unwrap();
    assert!(
        link.starts_with("https://") && link.contains("802546666"),
        "{link}"
    );
    assert_eq!(status(&widget), "The join link is copied.");

    stub_clipboard(false);
    click(&widget.button("Copy code for Robin Quiet")).await;
    settle().await;
    assert_eq!(
        status(&widget),
        "Could not copy the access code; select it instead."
    );
}

// Regression (issue 13, defect 8): "The access code is copied." and the
// like stayed on the page and pushed the layout down. They are read to
// screen readers from a visually hidden region, then cleared; what staff
// see is the button's own text.
#[wasm_bindgen_test]
async fn announcements_are_never_visible_text_and_do_not_linger() {
    stub_clipboard(false);
    let widget = mount_widget().await;
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
    let button = widget.button("Copy code for Robin Quiet");
    click(&button).await;
    settle().await;
    assert_eq!(
        status(&widget),
        "Could not copy the access code; select it instead."
    );
    assert!(height() <= 1, "the live region takes {} px", height());
    assert_eq!(
        button.text_content().unwrap_or_default(),
        "Not copied: select it"
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
#[wasm_bindgen_test]
async fn a_read_token_shows_the_roster_without_its_actions() {
    let buttons = |widget: &Widget| -> Vec<String> {
        widget
            .all("button")
            .iter()
            .filter_map(|b| b.text_content())
            .map(|t| t.trim().to_owned())
            .collect()
    };
    let read = mount_widget_with(Some(token_with_scope("read"))).await;
    settle().await;
    let shown = buttons(&read);
    for action in ["Add guest", "Add SecureVideo user", "Edit", "Remove"] {
        assert!(!shown.iter().any(|b| b == action), "{action} in {shown:?}");
    }
    assert!(shown.iter().any(|b| b == "Copy code"), "{shown:?}");
    assert_eq!(read.all("[data-read-only]").len(), 1);
    assert!(read.all("tr[data-participation-id]").len() >= 2);
    drop(read);

    let write = mount_widget_with(Some(token_with_scope("write"))).await;
    settle().await;
    let shown = buttons(&write);
    for action in ["Add guest", "Edit", "Remove"] {
        assert!(shown.iter().any(|b| b == action), "{action} in {shown:?}");
    }
    assert!(write.all("[data-read-only]").is_empty());
}

#[wasm_bindgen_test]
async fn an_open_dialog_has_its_own_live_region() {
    let widget = mount_widget().await;
    settle().await;
    click(&widget.button("Add guest")).await;
    let regions = widget.all("dialog[open] [role=status][aria-live=polite]");
    assert_eq!(
        regions.len(),
        1,
        "the page's region is inert behind the modal dialog"
    );
}
