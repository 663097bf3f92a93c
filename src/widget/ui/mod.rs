//! The components. Each stays thin: state lives in signals, rules in
//! `common` (through `widget::form`), formatting in `widget::format`, and
//! every proxy call in `widget::api`.

mod bulk;
mod combobox;
mod dialog;
mod fields;
mod guest_form;
mod participants;
mod remove;
mod save;
mod session;
mod undo;
mod user_form;

use super::api::{Api, Fresh};
use super::api_error::{Doing, WidgetError};
use super::browser;
use super::i18n::Locale;
use super::target::SessionRef;
use crate::common::view::{SessionState, SessionView};
use leptos::prelude::*;

pub use guest_form::GuestForm;
pub use remove::RemoveDialog;
pub use user_form::UserForm;

/// Which dialog is open, if any.
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    AddGuest,
    /// "Add several": guests pasted or typed, one per line.
    AddSeveral,
    AddUser,
    EditGuest(i64),
    EditUser(i64),
    Remove(i64),
}

/// How often the roster is read again, and how long a removal can be
/// undone (`mount()`'s `refreshSeconds` and `undoSeconds`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// 0: never (the roster changes only with staff's own changes).
    pub refresh_seconds: u32,
    pub undo_seconds: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            refresh_seconds: 10,
            undo_seconds: 8,
        }
    }
}

/// What every component of one widget shares. `Copy`: only handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub api: Api,
    /// The session being managed, as named by the page or the opener form.
    pub session_ref: RwSignal<Option<SessionRef>>,
    /// The session's load, keyed on `session_ref` (`None`: no session is
    /// named). Only its latest run is kept: when staff open another session
    /// while a load is in flight, the older answer, however late, never
    /// replaces the newer one; and a change's answer written with
    /// [`Ctx::show`] wins over a load that started before it.
    pub load: LocalResource<Option<Result<SessionView, WidgetError>>>,
    /// The session as last read from the proxy (every change returns it).
    pub session: Memo<Option<SessionView>>,
    /// The sentence in the aria-live status region.
    pub status: RwSignal<String>,
    pub open: RwSignal<Option<Open>>,
    /// The open dialog's way of asking before it closes (see
    /// [`Ctx::request_close`]).
    closer: StoredValue<Option<Callback<()>>>,
    /// Where DOM events for the host page are dispatched.
    events: StoredValue<Option<web_sys::EventTarget>, LocalStorage>,
    pub settings: Settings,
    /// The language staff read: every text comes from its catalog.
    pub locale: Locale,
    /// Whether the visit has started (`GET .../status`), once read.
    pub visit: RwSignal<Option<SessionState>>,
    /// When the session shown was last read from the proxy (`Date.now()`).
    pub updated: RwSignal<Option<f64>>,
    /// Why the last refresh failed, if it did: the roster shown may be
    /// out of date.
    pub stale: RwSignal<Option<String>>,
    /// Removals staff can still undo, or whose DELETE is on its way: their
    /// rows are hidden (see [`undo`]).
    pub removals: RwSignal<Vec<undo::Pending>>,
    /// Why the last removal failed; its row is back.
    pub removal_failed: RwSignal<Option<String>>,
    /// Counts the refreshes that brought a changed session (others'
    /// changes; never this widget's own).
    pub refreshes: RwSignal<u64>,
    /// The `ETag` of the session shown, for the next refresh.
    etag: StoredValue<Option<String>>,
    /// Bumped by every change's answer: a refresh that started before it is
    /// older than what is shown and is dropped.
    generation: StoredValue<u64>,
}

impl Ctx {
    pub fn new(
        api: Api,
        session_ref: Option<SessionRef>,
        events: Option<web_sys::EventTarget>,
    ) -> Self {
        let session_ref = RwSignal::new(session_ref);
        let updated = RwSignal::new(None);
        let stale = RwSignal::new(None::<String>);
        let etag = StoredValue::new(None::<String>);
        let load = LocalResource::new(move || {
            let named = session_ref.get();
            async move {
                let named = named?;
                Some(api.session(&named).await.map(|(view, tag)| {
                    let _ = etag.try_set_value(tag);
                    let _ = updated.try_set(Some(js_sys::Date::now()));
                    let _ = stale.try_set(None);
                    view
                }))
            }
        });
        let session = Memo::new(move |_| match load.get() {
            Some(Some(Ok(view))) => Some(view),
            _ => None,
        });
        Self {
            api,
            session_ref,
            load,
            session,
            status: RwSignal::new(String::new()),
            open: RwSignal::new(None),
            closer: StoredValue::new(None),
            events: StoredValue::new_local(events),
            settings: Settings::default(),
            locale: Locale::default(),
            updated,
            stale,
            refreshes: RwSignal::new(0),
            visit: RwSignal::new(None),
            removals: RwSignal::new(Vec::new()),
            removal_failed: RwSignal::new(None),
            etag,
            generation: StoredValue::new(0),
        }
    }

    /// The same, with `mount()`'s timing options.
    pub fn with_settings(self, settings: Settings) -> Self {
        Self { settings, ..self }
    }

    /// The same, in `locale`.
    pub fn with_locale(self, locale: Locale) -> Self {
        Self { locale, ..self }
    }

    /// Reads the session again every `refresh_seconds` while the page is
    /// visible, for as long as the widget is mounted: an unchanged session
    /// is a 304 (`If-None-Match`); a changed one replaces the roster, and
    /// what others added or removed is announced. Open forms copied their
    /// values when they opened, so a refresh never touches what staff are
    /// typing. A failed refresh keeps the roster and marks it stale.
    pub fn keep_fresh(self) {
        // The visit's status once the session is shown, then with every
        // refresh.
        Effect::new(move |before: Option<Option<i64>>| {
            let shown = self.session.with(|s| s.as_ref().map(|s| s.session_id));
            if shown != before.flatten() {
                let _ = self.visit.try_set(None);
                if let (Some(_), Some(named)) = (shown, self.session_ref.get_untracked()) {
                    leptos::task::spawn_local(async move { self.read_visit(&named).await });
                }
            }
            shown
        });
        let every = self.settings.refresh_seconds;
        if every == 0 {
            return;
        }
        leptos::task::spawn_local(async move {
            loop {
                browser::sleep(i32::try_from(every.saturating_mul(1000)).unwrap_or(i32::MAX)).await;
                // The widget was unmounted: its signals are gone.
                let Some(named) = self.session_ref.try_get_untracked() else {
                    return;
                };
                if !browser::page_visible() || self.loading() {
                    continue;
                }
                let Some(named) = named else { continue };
                if self.session.with_untracked(Option::is_none) {
                    continue;
                }
                self.refresh_once(&named).await;
            }
        });
    }

    /// Reads whether the visit has started; a failure keeps what was shown
    /// (the roster's own refresh says when the server cannot be reached).
    async fn read_visit(self, named: &SessionRef) {
        if let Ok(state) = self.api.status(named).await {
            let _ = self.visit.try_set(Some(state));
        }
    }

    async fn refresh_once(self, named: &SessionRef) {
        self.read_visit(named).await;
        let started = self.generation.get_value();
        let etag = self.etag.get_value();
        let answer = self.api.refresh(named, etag.as_deref()).await;
        let still_current = self.generation.try_get_value() == Some(started)
            && self.session_ref.try_get_untracked().flatten().as_ref() == Some(named);
        if !still_current {
            return;
        }
        match answer {
            Ok(Fresh::Unchanged) => {}
            Ok(Fresh::Changed(view, tag)) => {
                if let Some(news) = self.session.with_untracked(|before| {
                    before
                        .as_ref()
                        .and_then(|b| others_changes(b, &view, self.locale))
                }) {
                    self.announce(news);
                }
                self.etag.set_value(tag);
                let _ = self.load.try_set(Some(Some(Ok(view))));
                let _ = self.refreshes.try_update(|n| *n += 1);
            }
            Err(error) => {
                let was_fresh = self.stale.try_with_untracked(Option::is_none) == Some(true);
                // Why, in staff's words: no connection, or an expired link.
                let _ = self
                    .stale
                    .try_set(Some(error.message(Doing::Loading, self.locale)));
                if was_fresh {
                    self.announce(self.locale.t("session.not_updated"));
                }
                return;
            }
        }
        let _ = self.updated.try_set(Some(js_sys::Date::now()));
        let _ = self.stale.try_set(None);
    }

    /// Reads the named session again ("Try again", or the opener naming
    /// the session already open).
    pub fn reload(self) {
        self.load.refetch();
    }

    /// Whether the named session is still being read for the first time.
    pub fn loading(self) -> bool {
        self.session_ref.with(Option::is_some) && self.load.with(Option::is_none)
    }

    /// Why the named session could not be read, if it could not.
    pub fn load_error(self) -> Option<WidgetError> {
        match self.load.get() {
            Some(Some(Err(error))) => Some(error),
            _ => None,
        }
    }

    /// Shows `view`, the session a change answered with.
    pub fn show(self, view: SessionView) {
        self.changed_here();
        let _ = self.updated.try_set(Some(js_sys::Date::now()));
        let _ = self.load.try_set(Some(Some(Ok(view))));
    }

    /// A change of this widget's own: a refresh in flight is older, and
    /// the `ETag` no longer names what is shown.
    fn changed_here(self) {
        let _ = self.generation.try_update_value(|g| *g += 1);
        let _ = self.etag.try_set_value(None);
    }

    /// Changes the session shown (a removal the proxy answered 204).
    pub fn update_session(self, change: impl FnOnce(&mut SessionView)) {
        self.changed_here();
        let _ = self.load.try_update(|load| {
            if let Some(Some(Ok(view))) = load {
                change(view);
            }
        });
    }

    /// Tells the host page what changed: `participant-added`,
    /// `participant-updated` or `participant-removed`, ids only.
    pub fn notify(self, name: &str, participation_id: i64, external_id: Option<&str>) {
        let _ = self.events.try_with_value(|target| {
            if let Some(target) = target {
                browser::dispatch(target, name, participation_id, external_id);
            }
        });
    }

    /// Tells screen readers what just happened ("Added guest …", "2 users
    /// found."), politely. The live region is visually hidden (what changed
    /// is on screen already: the new row, the list, the button's "Copied")
    /// and emptied after [`STATUS_CLEAR_MS`], so no stale sentence stays
    /// in the page or pushes the layout down.
    pub fn announce(self, message: impl Into<String>) {
        let message = message.into();
        let _ = self.status.try_set(message.clone());
        let status = self.status;
        leptos::task::spawn_local(async move {
            browser::sleep(STATUS_CLEAR_MS).await;
            if status.try_with_untracked(|now| *now == message) == Some(true) {
                let _ = status.try_set(String::new());
            }
        });
    }

    /// Closes the open dialog at once (a change was saved).
    pub fn close_dialog(self) {
        let _ = self.open.try_set(None);
    }

    /// Staff asked to close the open dialog (Escape, Cancel): the dialog
    /// asks first when its form holds changes.
    pub fn request_close(self) {
        match self.closer.try_get_value().flatten() {
            Some(closer) => closer.run(()),
            None => self.close_dialog(),
        }
    }

    /// Set by the open dialog: what [`Ctx::request_close`] does.
    pub fn set_closer(self, closer: Option<Callback<()>>) {
        let _ = self.closer.try_set_value(closer);
    }
}

/// What someone else changed between two reads of the session, as one
/// sentence for the live region: who was added and who was removed (by
/// ParticipationId; an edit of someone already listed is shown, not told).
fn others_changes(before: &SessionView, after: &SessionView, l: Locale) -> Option<String> {
    let names = |from: &SessionView, other: &SessionView| {
        from.participants
            .iter()
            .filter(|p| other.participant(p.participation_id).is_none())
            .map(|p| p.name().to_owned())
            .collect::<Vec<_>>()
    };
    let added = names(after, before);
    let removed = names(before, after);
    let mut news = Vec::new();
    if !added.is_empty() {
        news.push(l.tf("news.added", &[("names", &added.join(", "))]));
    }
    if !removed.is_empty() {
        news.push(l.tf("news.removed", &[("names", &removed.join(", "))]));
    }
    (!news.is_empty()).then(|| news.join(" "))
}

/// How long an announcement stays in the live region.
pub const STATUS_CLEAR_MS: i32 = 5_000;

/// The participant manager: an optional session opener (standalone page),
/// the session header, the participant list, and the dialogs.
#[component]
pub fn App(
    /// Shared handles; see [`Ctx`].
    ctx: Ctx,
    /// Show the form that opens a session by id (the standalone page).
    #[prop(optional)]
    standalone: bool,
) -> impl IntoView {
    provide_context(ctx);
    ctx.keep_fresh();
    undo::send_removals_when_the_page_goes(ctx);
    let has_session = Memo::new(move |_| ctx.session.with(Option::is_some));
    let l = ctx.locale;
    view! {
        <section class="pm" aria-labelledby="pm-title" lang=l.tag()>
            <h2 id="pm-title" class="pm-title">{l.t("app.title")}</h2>
            {standalone.then(|| view! { <session::SessionOpener/> })}
            <div class="pm-status" role="status" aria-live="polite">{move || ctx.status.get()}</div>
            <session::LoadState/>
            <Show when=move || has_session.get()>
                <session::SessionHeader/>
                <undo::UndoBar/>
                <participants::ParticipantTable/>
                <Show when=move || !ctx.api.read_only() fallback=move || view! {
                    <p class="pm-note" data-read-only="">{l.t("app.read_only")}</p>
                }>
                    <div class="pm-actions">
                        <button type="button" class="pm-button pm-primary" data-action="add-guest"
                            on:click=move |_| ctx.open.set(Some(Open::AddGuest))>{l.t("action.add_guest")}</button>
                        <button type="button" class="pm-button" data-action="add-several"
                            on:click=move |_| ctx.open.set(Some(Open::AddSeveral))>{l.t("action.add_several")}</button>
                        <button type="button" class="pm-button" data-action="add-user"
                            on:click=move |_| ctx.open.set(Some(Open::AddUser))>{l.t("action.add_user")}</button>
                    </div>
                </Show>
            </Show>
            {move || ctx.open.get().map(|open| match open {
                Open::AddGuest => view! { <GuestForm editing=None/> }.into_any(),
                Open::AddSeveral => view! { <bulk::BulkDialog/> }.into_any(),
                Open::EditGuest(id) => view! { <GuestForm editing=Some(id)/> }.into_any(),
                Open::AddUser => view! { <UserForm editing=None/> }.into_any(),
                Open::EditUser(id) => view! { <UserForm editing=Some(id)/> }.into_any(),
                Open::Remove(id) => view! { <RemoveDialog participation_id=id/> }.into_any(),
            })}
        </section>
    }
}

pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}
