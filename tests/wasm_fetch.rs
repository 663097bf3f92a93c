//! The widget on a page whose own `fetch` misbehaves, in headless Chromium.
//!
//! Portals wrap `window.fetch` (monitoring, auth refresh). gloo-net panics
//! when fetch rejects with something that is not an `Error`, and the
//! widget's `panic = "abort"` would then kill it; `widget::fetch_shim`
//! normalises what the page's fetch does. Each test installs its own
//! `window.fetch`, mounts the widget on a session so it loads at once, and
//! reads what staff would see. Run with `cargo xtask test`, or
//! `cargo test --target wasm32-unknown-unknown --test wasm_fetch`.
#![cfg(target_arch = "wasm32")]

#[macro_use]
mod wasm_support;

use leptos::mount::mount_to;
use leptos::prelude::*;
use participant_manager::widget::api::{Api, Client};
use participant_manager::widget::i18n::Locale;
use participant_manager::widget::target::SessionRef;
use participant_manager::widget::ui::{App, Ctx, Settings};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces the page's `fetch` with `body` (a JavaScript function body
/// taking `request`) until dropped, when the browser's own comes back.
struct PageFetch {
    original: JsValue,
    installed: JsValue,
}

impl PageFetch {
    fn new(body: &str) -> Self {
        let global = js_sys::global();
        let original = js_sys::Reflect::get(&global, &"fetch".into()).unwrap();
        let installed: JsValue = js_sys::Function::new_with_args("request", body).into();
        js_sys::Reflect::set(&global, &"fetch".into(), &installed).unwrap();
        Self {
            original,
            installed,
        }
    }

    fn is_still_in_place(&self) -> bool {
        js_sys::Reflect::get(&js_sys::global(), &"fetch".into()).unwrap() == self.installed
    }
}

impl Drop for PageFetch {
    fn drop(&mut self) {
        js_sys::Reflect::set(&js_sys::global(), &"fetch".into(), &self.original).unwrap();
    }
}

struct Widget {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// The widget, asked to load session 36201 from `/api`.
fn mount_loading_widget(l: Locale) -> Widget {
    mount_on(SessionRef::Id(36201), l).0
}

/// The widget, asked to load `session`, and its shared handles.
fn mount_on(session: SessionRef, l: Locale) -> (Widget, Ctx) {
    mount_with(session, Settings::default(), l)
}

/// The same, with `mount()`'s timing options.
fn mount_with(session: SessionRef, settings: Settings, l: Locale) -> (Widget, Ctx) {
    mount_full(session, settings, false, l)
}

/// The same; with `events`, the widget's events go to its root element
/// (as they go to the custom element on a portal).
fn mount_full(session: SessionRef, settings: Settings, events: bool, l: Locale) -> (Widget, Ctx) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let started = std::rc::Rc::new(std::cell::Cell::new(None));
    let started_in = started.clone();
    let target: Option<web_sys::EventTarget> = events.then(|| root.clone().into());
    let handle = mount_to(root.clone(), move || {
        let ctx = Ctx::new(
            Api::new(Client::new("/api", Some("token".into()), None)),
            Some(session),
            target.clone(),
        )
        .with_settings(settings)
        .with_locale(l);
        started_in.set(Some(ctx));
        view! { <App ctx=ctx/> }
    });
    let widget = Widget {
        root,
        _handle: Box::new(handle),
    };
    (widget, started.take().unwrap())
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

async fn settle() {
    for _ in 0..5 {
        sleep(10).await;
    }
}

impl Widget {
    fn alert(&self) -> String {
        self.root
            .query_selector("[role=alert]")
            .unwrap()
            .map(|a| a.text_content().unwrap_or_default())
            .unwrap_or_default()
    }

    /// The button named `name`; inside the open dialog when there is one.
    fn button(&self, name: &str) -> HtmlElement {
        let scope = if self.root.query_selector("dialog[open]").unwrap().is_some() {
            "dialog[open] button"
        } else {
            "button"
        };
        let list = self.root.query_selector_all(scope).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .find(|b| b.text_content().is_some_and(|t| t.trim() == name))
            .unwrap_or_else(|| panic!("no button {name:?}"))
            .unchecked_into()
    }

    /// The input the label starting with `label` names.
    fn input(&self, label: &str) -> web_sys::HtmlInputElement {
        let list = self.root.query_selector_all("label").unwrap();
        let label = (0..list.length())
            .filter_map(|i| list.item(i))
            .find(|l| {
                l.text_content()
                    .is_some_and(|t| t.trim().starts_with(label))
            })
            .unwrap_or_else(|| panic!("no label {label:?}"));
        let id = label
            .unchecked_ref::<web_sys::Element>()
            .get_attribute("for")
            .unwrap();
        self.root
            .query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    }

    fn has_button(&self, name: &str) -> bool {
        let list = self.root.query_selector_all("button").unwrap();
        (0..list.length()).any(|i| {
            list.item(i)
                .and_then(|b| b.text_content())
                .is_some_and(|t| t.trim() == name)
        })
    }
}

/// Regression for the gloo-net switch: a rejection with a plain string hit
/// gloo-net's `unreachable!` and aborted the widget.
async fn a_page_fetch_that_rejects_with_a_string_shows_a_network_error_with_a_retry(l: Locale) {
    let page_fetch = PageFetch::new("return Promise.reject('offline');");
    let widget = mount_loading_widget(l);
    settle().await;
    assert!(
        widget.alert().contains(l.t("error.network.loading")),
        "alert: {:?}",
        widget.alert()
    );
    assert!(widget.has_button(l.t("action.try_again")));
    assert!(
        page_fetch.is_still_in_place(),
        "the page's fetch was replaced"
    );
}

async fn a_page_fetch_that_throws_or_answers_nonsense_shows_a_network_error(l: Locale) {
    for body in [
        "throw 'no network';",
        "return Promise.resolve(42);",
        "return Promise.reject(undefined);",
    ] {
        let page_fetch = PageFetch::new(body);
        let widget = mount_loading_widget(l);
        settle().await;
        assert!(
            widget.alert().contains(l.t("error.network.loading")),
            "{body}: alert {:?}",
            widget.alert()
        );
        assert!(widget.has_button(l.t("action.try_again")), "{body}");
        assert!(page_fetch.is_still_in_place(), "{body}");
    }
}

/// After the failure, "Try again" goes through the page's fetch again and
/// shows the session it answers.
async fn try_again_after_a_string_rejection_loads_the_session(l: Locale) {
    let first = PageFetch::new("return Promise.reject('offline');");
    let widget = mount_loading_widget(l);
    settle().await;
    assert!(widget.has_button(l.t("action.try_again")));
    drop(first);
    let _answering = PageFetch::new(
        r#"return Promise.resolve(new Response(JSON.stringify({
            SessionId: 36201, UserId: 12281, Topic: "Follow-up visit", Participants: [
              {ParticipationId: 71001, ParticipantFullName: "Jamie Rivera", Kind: "guest",
               ConnectCode: 802546666}]}),
            {status: 200, headers: {"Content-Type": "application/json"}}));"#,
    );
    let retry: HtmlElement = {
        let list = widget.root.query_selector_all("button").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .find(|b| {
                b.text_content()
                    .is_some_and(|t| t.trim() == l.t("action.try_again"))
            })
            .unwrap()
            .unchecked_into()
    };
    retry.click();
    settle().await;
    let text = widget.root.text_content().unwrap_or_default();
    assert!(text.contains("Jamie Rivera"), "{text}");
    assert!(widget.alert().is_empty(), "alert: {:?}", widget.alert());
}

/// Staff open session 2 while session 1 is still loading, and session 1's
/// answer arrives last: session 2 stays on the screen. (Before the load was
/// a LocalResource keyed on the session reference, the late answer won.)
async fn an_older_session_answering_late_does_not_replace_the_newer_one(l: Locale) {
    let page_fetch = PageFetch::new(
        r#"const older = request.url.endsWith("/session/1");
        (globalThis.pmSeen = globalThis.pmSeen || []).push(request.url);
        const body = JSON.stringify({SessionId: older ? 1 : 2,
            Topic: older ? "Older session" : "Newer session", Participants: []});
        return new Promise((resolve) => setTimeout(
            () => resolve(new Response(body, {status: 200})), older ? 300 : 10));"#,
    );
    let (widget, ctx) = mount_on(SessionRef::Id(1), l);
    settle().await;
    ctx.session_ref.set(Some(SessionRef::Id(2)));
    sleep(600).await;
    let seen = js_sys::Reflect::get(&js_sys::global(), &"pmSeen".into()).unwrap();
    let seen: Vec<String> = js_sys::Array::from(&seen)
        .iter()
        .filter_map(|url| url.as_string())
        .collect();
    assert!(
        seen.iter().any(|url| url.ends_with("/session/1"))
            && seen.iter().any(|url| url.ends_with("/session/2")),
        "both sessions were asked for: {seen:?}"
    );
    let text = widget.root.text_content().unwrap_or_default();
    assert!(text.contains("Newer session"), "{text}");
    assert!(!text.contains("Older session"), "{text}");
    assert_eq!(ctx.session.get_untracked().map(|s| s.session_id), Some(2));
    drop(page_fetch);
}

async fn type_into(input: &web_sys::HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

/// The save is an action: the first POST fails (the page's fetch rejects
/// with a string), the form stays with "Try again", and the retry sends it
/// again; its answer is shown, the dialog closes, and the status says so.
async fn a_failed_add_is_sent_again_by_try_again_and_its_answer_shown(l: Locale) {
    // The page's count of POSTs starts again for each run (both languages).
    js_sys::Reflect::set(&js_sys::global(), &"pmPosts".into(), &JsValue::from(0)).unwrap();
    let _page_fetch = PageFetch::new(
        r#"const session = {SessionId: 36201, UserId: 12281, Participants: [
              {ParticipationId: 71001, ParticipantFullName: "Jamie Rivera", ConnectCode: 802546666}]};
        if (request.method === "POST") {
            globalThis.pmPosts = (globalThis.pmPosts || 0) + 1;
            if (globalThis.pmPosts === 1) return Promise.reject("offline");
            session.Participants.push({ParticipationId: 71009, ParticipantFullName: "Trevor Noah",
                ParticipantEmailAddress: "trevor@example.com", ShouldAutoDeliverCode: "E",
                ConnectCode: 111222333});
        }
        return Promise.resolve(new Response(JSON.stringify(session), {status: 200}));"#,
    );
    let widget = mount_loading_widget(l);
    settle().await;
    widget.button(l.t("action.add_guest")).click();
    settle().await;
    type_into(&widget.input(l.t("guest.name")), "Trevor Noah").await;
    type_into(&widget.input(l.t("guest.email")), "trevor@example.com").await;
    widget.button(l.t("action.add_guest")).click();
    settle().await;
    assert!(
        widget.alert().contains(l.t("error.network.saving")),
        "{}",
        widget.alert()
    );
    widget.button(l.t("action.try_again")).click();
    settle().await;
    let posts = js_sys::Reflect::get(&js_sys::global(), &"pmPosts".into()).unwrap();
    assert_eq!(posts.as_f64(), Some(2.0));
    assert!(
        widget
            .root
            .query_selector("dialog[open]")
            .unwrap()
            .is_none(),
        "the dialog closed"
    );
    let text = widget.root.text_content().unwrap_or_default();
    assert!(text.contains("Trevor Noah"), "{text}");
    assert!(
        text.contains(&l.tf("save.added_guest", &[("name", "Trevor Noah")])),
        "{text}"
    );
}

/// Regression (issue 13, defect 7): the search offered the host and users
/// already in the session and refused them only on submit, and said
/// "choose a user" while staff were still typing a name.
async fn the_user_search_marks_who_is_already_in_the_session_and_waits_for_a_choice(l: Locale) {
    let _page_fetch = PageFetch::new(
        r#"const url = typeof request === "string" ? request : request.url;
        if (url.includes("/user?")) {
            return Promise.resolve(new Response(JSON.stringify([
                {SecureVideoUserId: 12281, FullName: "Dr. Dana Whitfield"},
                {SecureVideoUserId: 12290, FullName: "Nurse Priya Raman", MaskedEmail: "p••••@clinic.example"}]), {status: 200}));
        }
        const session = {SessionId: 36201, UserId: 12281, Participants: [
            {ParticipationId: 71000, ParticipantFullName: "Dr. Dana Whitfield",
             SecureVideoUserId: 12281, ConnectCode: 802546660}]};
        return Promise.resolve(new Response(JSON.stringify(session), {status: 200}));"#,
    );
    let widget = mount_loading_widget(l);
    settle().await;
    widget.button(l.t("action.add_user")).click();
    settle().await;
    let input = widget.input(l.t("user.label"));
    type_into(&input, "Dr").await;
    let field = |widget: &Widget| {
        widget
            .root
            .query_selector("dialog[open] [data-field=SecureVideoUserId] .pm-error")
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    // The debounce, then the answer.
    sleep(400).await;
    settle().await;
    assert_eq!(field(&widget), "", "no message while typing");
    let options = widget.root.query_selector_all("[role=option]").unwrap();
    assert_eq!(options.length(), 2);
    let host: web_sys::Element = options.item(0).unwrap().unchecked_into();
    let nurse: web_sys::Element = options.item(1).unwrap().unchecked_into();
    assert_eq!(host.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(
        host.text_content()
            .unwrap()
            .contains(l.t("user.already_in"))
    );
    assert_eq!(nurse.get_attribute("aria-disabled"), None);
    // Two people of the same name can be told apart.
    assert!(
        nurse
            .text_content()
            .unwrap()
            .contains("p••••@clinic.example")
    );
    // The host cannot be picked; the nurse can.
    host.unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(input.value(), "Dr");
    nurse.unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(input.value(), "Nurse Priya Raman");
    assert_eq!(field(&widget), "");
}

/// Polls `done` every 50 ms for up to `ms`; whether it came true.
async fn eventually(ms: i32, done: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 50 {
        if done() {
            return true;
        }
        sleep(50).await;
    }
    done()
}

fn page_flag(name: &str, value: &str) {
    js_sys::Reflect::set(&js_sys::global(), &name.into(), &value.into()).unwrap();
}

/// What the page's fetch saw in `If-None-Match`, one entry per read.
fn tags_sent() -> Vec<String> {
    let sent = js_sys::Reflect::get(&js_sys::global(), &"pmTagsSent".into()).unwrap();
    js_sys::Array::from(&sent)
        .iter()
        .map(|t| t.as_string().unwrap_or_else(|| "none".to_owned()))
        .collect()
}

/// Issue 10, item 2: while the page is visible the roster is read again
/// every `refreshSeconds`. An unchanged session costs a 304 (the widget
/// sends the last ETag); a changed one shows who someone else added and
/// says so politely; an open edit form keeps what staff typed and says the
/// row changed; a failed refresh keeps the roster and marks it stale, until
/// a refresh works again.
async fn the_roster_refreshes_cheaply_tells_others_changes_and_never_touches_an_open_form(
    l: Locale,
) {
    page_flag("pmPhase", "v1");
    js_sys::Reflect::set(
        &js_sys::global(),
        &"pmTagsSent".into(),
        &js_sys::Array::new(),
    )
    .unwrap();
    let _page_fetch = PageFetch::new(
        r#"if (request.url.endsWith("/status")) {
            return Promise.resolve(new Response(JSON.stringify({SessionId: 36201, Status: "STARTED"}), {status: 200}));
        }
        const tag = request.headers.get("If-None-Match");
        window.pmTagsSent.push(tag);
        const phase = window.pmPhase;
        if (phase === "down") return Promise.reject(new TypeError("Failed to fetch"));
        if (tag === phase) return Promise.resolve(new Response(null, {status: 304, headers: {ETag: phase}}));
        const people = [
            {ParticipationId: 71000, ParticipantFullName: "Dr. Dana Whitfield", SecureVideoUserId: 12281, ConnectCode: 802546660},
            {ParticipationId: 71001, ParticipantFullName: "Jamie Rivera", ShouldAutoDeliverCode: "E",
             ParticipantEmailAddress: phase === "v1" ? "jamie@example.com" : "jamie.rivera@example.com", ConnectCode: 802546661}];
        if (phase !== "v1") people.push({ParticipationId: 71009, ParticipantFullName: "Pat Lee", ShouldAutoDeliverCode: "N", ConnectCode: 802546669});
        return Promise.resolve(new Response(JSON.stringify({SessionId: 36201, UserId: 12281, Participants: people}),
            {status: 200, headers: {ETag: phase}}));"#,
    );
    let (widget, _ctx) = mount_with(
        SessionRef::Id(36201),
        Settings {
            refresh_seconds: 1,
            ..Settings::default()
        },
        l,
    );
    let text = |widget: &Widget| widget.root.text_content().unwrap_or_default();
    assert!(eventually(2_000, || text(&widget).contains("Jamie Rivera")).await);
    assert!(
        text(&widget).contains(&l.tf("session.updated", &[("at", "")])),
        "{}",
        text(&widget)
    );
    assert!(
        eventually(1_000, || text(&widget).contains(l.t("visit.started"))).await,
        "the visit's status: {}",
        text(&widget)
    );
    assert_eq!(tags_sent(), ["none"], "the first read has no If-None-Match");

    // Staff start editing Jamie and type an external id.
    widget.button(l.t("row.edit")).click();
    settle().await;
    let external = widget.input(l.t("guest.external_id"));
    type_into(&external, "EHR-9").await;

    // Unchanged: the next reads send the ETag and get a 304.
    assert!(eventually(2_500, || tags_sent().len() >= 2).await);
    assert_eq!(tags_sent()[1], "v1");

    // Someone else adds Pat Lee and changes Jamie's address.
    page_flag("pmPhase", "v2");
    assert!(eventually(2_500, || text(&widget).contains("Pat Lee")).await);
    settle().await;
    assert!(
        text(&widget).contains(&l.tf("news.added", &[("names", "Pat Lee")])),
        "{}",
        text(&widget)
    );
    let dialog = widget
        .root
        .query_selector("dialog[open]")
        .unwrap()
        .expect("the edit form is still open");
    assert!(
        dialog
            .text_content()
            .unwrap()
            .contains(l.t("form.changed_elsewhere")),
        "{}",
        dialog.text_content().unwrap()
    );
    assert_eq!(external.value(), "EHR-9", "what staff typed is kept");
    assert_eq!(
        widget.input(l.t("guest.email")).value(),
        "jamie@example.com"
    );

    // The proxy cannot be reached: the roster stays, marked stale.
    page_flag("pmPhase", "down");
    let stale = |widget: &Widget| {
        widget
            .root
            .query_selector("[data-stale]")
            .unwrap()
            .is_some()
    };
    assert!(eventually(2_500, || stale(&widget)).await);
    assert!(text(&widget).contains("Pat Lee"));
    assert!(
        text(&widget).contains(l.t("session.stale").split("{at}").next().unwrap()),
        "{}",
        text(&widget)
    );
    assert!(
        text(&widget).contains(l.t("error.network.loading")),
        "the stale line says why: {}",
        text(&widget)
    );

    // Back: the next refresh (a 304 for v2) clears the mark.
    page_flag("pmPhase", "v2");
    assert!(eventually(2_500, || !stale(&widget)).await);
    assert_eq!(tags_sent().last().map(String::as_str), Some("v2"));
}

/// The page's fetch for the removal tests: the session (a host and two
/// guests, invited by e-mail and by text) for a GET; for a DELETE, what it
/// was sent (`window.pmDeletes`: "id keepalive") and a 204, or a 500 while
/// `window.pmDeleteFails` is set.
const REMOVALS_FETCH: &str = r#"
    if (request.method === "DELETE") {
        window.pmDeletes.push(request.url.split("/").pop() + " " + request.keepalive);
        return Promise.resolve(window.pmDeleteFails
            ? new Response(JSON.stringify({Message: "SecureVideo is unavailable."}), {status: 502})
            : new Response(null, {status: 204}));
    }
    return Promise.resolve(new Response(JSON.stringify({SessionId: 36201, UserId: 12281, Participants: [
        {ParticipationId: 71000, ParticipantFullName: "Dr. Dana Whitfield", SecureVideoUserId: 12281, ConnectCode: 802546660},
        {ParticipationId: 71001, ParticipantFullName: "Jamie Rivera", ShouldAutoDeliverCode: "E",
         ParticipantEmailAddress: "jamie@example.com", ParticipantExternalId: "EMR-1", ConnectCode: 802546661},
        {ParticipationId: 71002, ParticipantFullName: "Casey Rivera", ShouldAutoDeliverCode: "S",
         ParticipantSmsNumber: "13334440123", ConnectCode: 802546662}]}), {status: 200}));"#;

fn deletes() -> Vec<String> {
    let sent = js_sys::Reflect::get(&js_sys::global(), &"pmDeletes".into()).unwrap();
    js_sys::Array::from(&sent)
        .iter()
        .map(|t| t.as_string().unwrap())
        .collect()
}

fn start_removals_fetch() -> PageFetch {
    js_sys::Reflect::set(
        &js_sys::global(),
        &"pmDeletes".into(),
        &js_sys::Array::new(),
    )
    .unwrap();
    js_sys::Reflect::set(&js_sys::global(), &"pmDeleteFails".into(), &JsValue::FALSE).unwrap();
    PageFetch::new(REMOVALS_FETCH)
}

impl Widget {
    fn by_label(&self, label: &str) -> HtmlElement {
        self.root
            .query_selector(&format!("button[aria-label=\"{label}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no button labelled {label:?}"))
            .unchecked_into()
    }

    fn lists(&self, name: &str) -> bool {
        let rows = self.root.query_selector_all("tbody th").unwrap();
        (0..rows.length()).any(|i| {
            rows.item(i)
                .and_then(|th| th.first_child())
                .and_then(|t| t.text_content())
                .is_some_and(|t| t.trim() == name)
        })
    }
}

/// Issue 10, item 4: Remove hides the row and offers Undo; Undo within the
/// window sends nothing; otherwise the DELETE goes when the window ends,
/// and `participant-removed` fires only once it succeeded. A failed DELETE
/// brings the row back with the reason. Hiding the page sends a waiting
/// removal at once, as a keepalive request.
async fn a_removal_can_be_undone_until_its_window_ends_and_is_sent_only_then(l: Locale) {
    let _page_fetch = start_removals_fetch();
    let (widget, _ctx) = mount_full(
        SessionRef::Id(36201),
        Settings {
            refresh_seconds: 0,
            undo_seconds: 1,
        },
        true,
        l,
    );
    let removed_events = js_sys::Array::new();
    let heard = removed_events.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
        move |event: web_sys::CustomEvent| {
            let id = js_sys::Reflect::get(&event.detail(), &"ParticipationId".into()).unwrap();
            heard.push(&id);
        },
    );
    widget
        .root
        .add_event_listener_with_callback("participant-removed", listener.as_ref().unchecked_ref())
        .unwrap();
    assert!(eventually(2_000, || widget.lists("Jamie Rivera")).await);

    // Remove, then Undo: the row is back and nothing was sent.
    widget
        .by_label(&l.tf("row.remove_label", &[("name", "Jamie Rivera")]))
        .click();
    settle().await;
    assert!(!widget.lists("Jamie Rivera"), "the row is hidden at once");
    let bar = widget.root.text_content().unwrap();
    let removed = l.tf(
        "undo.bar",
        &[
            ("name", "Jamie Rivera"),
            ("consequence", l.t("remove.cancel_email")),
        ],
    );
    assert!(bar.contains(&removed), "{bar}");
    let undo = widget.by_label(&l.tf("undo.label", &[("name", "Jamie Rivera")]));
    assert_eq!(
        participant_manager::widget::browser::deep_active_element().as_ref(),
        Some(&undo),
        "Undo takes the focus the removed row had"
    );
    undo.click();
    settle().await;
    assert!(widget.lists("Jamie Rivera"));
    sleep(1_500).await;
    assert_eq!(
        deletes(),
        Vec::<String>::new(),
        "an undone removal sends nothing"
    );
    assert!(widget.lists("Jamie Rivera"));

    // Remove and wait: one DELETE when the window ends, then the event.
    widget
        .by_label(&l.tf("row.remove_label", &[("name", "Jamie Rivera")]))
        .click();
    settle().await;
    assert_eq!(
        deletes(),
        Vec::<String>::new(),
        "nothing is sent inside the window"
    );
    assert_eq!(
        removed_events.length(),
        0,
        "no event before the DELETE succeeded"
    );
    assert!(eventually(2_500, || deletes().len() == 1).await);
    settle().await;
    assert_eq!(deletes(), ["71001 false"]);
    assert_eq!(removed_events.to_vec(), [JsValue::from_f64(71001.0)]);
    assert!(!widget.lists("Jamie Rivera"));
    assert!(
        !widget
            .root
            .text_content()
            .unwrap()
            .contains(l.t("undo.undo"))
    );

    // A DELETE that fails: the row comes back with the reason.
    js_sys::Reflect::set(&js_sys::global(), &"pmDeleteFails".into(), &JsValue::TRUE).unwrap();
    widget
        .by_label(&l.tf("row.remove_label", &[("name", "Casey Rivera")]))
        .click();
    settle().await;
    assert!(!widget.lists("Casey Rivera"));
    assert!(eventually(2_500, || widget.lists("Casey Rivera")).await);
    let alert = widget.alert();
    let not_removed = l.tf("undo.failed", &[("name", "Casey Rivera"), ("why", "")]);
    assert!(alert.contains(not_removed.trim()), "{alert}");
    assert_eq!(removed_events.length(), 1, "no event for a failed removal");

    // Hiding the page sends a waiting removal at once, with keepalive.
    js_sys::Reflect::set(&js_sys::global(), &"pmDeleteFails".into(), &JsValue::FALSE).unwrap();
    widget
        .by_label(&l.tf("row.remove_label", &[("name", "Casey Rivera")]))
        .click();
    settle().await;
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(deletes().last().map(String::as_str), Some("71002 true"));
    assert!(eventually(1_000, || removed_events.length() == 2).await);
    drop(listener);
}

/// A removal still waiting when the widget is taken off the page is sent
/// then (keepalive), not lost.
async fn a_removal_waiting_when_the_widget_unmounts_is_sent(l: Locale) {
    let _page_fetch = start_removals_fetch();
    let (widget, _ctx) = mount_with(
        SessionRef::Id(36201),
        Settings {
            refresh_seconds: 0,
            undo_seconds: 30,
        },
        l,
    );
    assert!(eventually(2_000, || widget.lists("Jamie Rivera")).await);
    widget
        .by_label(&l.tf("row.remove_label", &[("name", "Jamie Rivera")]))
        .click();
    settle().await;
    assert_eq!(deletes(), Vec::<String>::new());
    drop(widget);
    settle().await;
    assert_eq!(deletes(), ["71001 true"]);
}

// Every test above, once in English and once in Spanish.
in_both_languages!(
    a_page_fetch_that_rejects_with_a_string_shows_a_network_error_with_a_retry,
    a_page_fetch_that_throws_or_answers_nonsense_shows_a_network_error,
    try_again_after_a_string_rejection_loads_the_session,
    an_older_session_answering_late_does_not_replace_the_newer_one,
    a_failed_add_is_sent_again_by_try_again_and_its_answer_shown,
    the_user_search_marks_who_is_already_in_the_session_and_waits_for_a_choice,
    the_roster_refreshes_cheaply_tells_others_changes_and_never_touches_an_open_form,
    a_removal_can_be_undone_until_its_window_ends_and_is_sent_only_then,
    a_removal_waiting_when_the_widget_unmounts_is_sent,
);
