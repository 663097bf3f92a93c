//! The components. Each stays thin: state lives in signals, rules in
//! `common` (through `widget::form`), formatting in `widget::format`, and
//! every proxy call in `widget::api`.

mod combobox;
mod dialog;
mod fields;
mod guest_form;
mod participants;
mod remove;
mod save;
mod session;
mod user_form;

use super::api::Api;
use super::api_error::WidgetError;
use super::browser;
use super::target::SessionRef;
use crate::common::view::SessionView;
use leptos::prelude::*;

pub use guest_form::GuestForm;
pub use remove::RemoveDialog;
pub use user_form::UserForm;

/// Which dialog is open, if any.
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    AddGuest,
    AddUser,
    EditGuest(i64),
    EditUser(i64),
    Remove(i64),
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
}

impl Ctx {
    pub fn new(
        api: Api,
        session_ref: Option<SessionRef>,
        events: Option<web_sys::EventTarget>,
    ) -> Self {
        let session_ref = RwSignal::new(session_ref);
        let load = LocalResource::new(move || {
            let named = session_ref.get();
            async move {
                match named {
                    Some(named) => Some(api.session(&named).await),
                    None => None,
                }
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
        }
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
        let _ = self.load.try_set(Some(Some(Ok(view))));
    }

    /// Changes the session shown (a removal the proxy answered 204).
    pub fn update_session(self, change: impl FnOnce(&mut SessionView)) {
        let _ = self.load.try_update(|load| {
            if let Some(Some(Ok(view))) = load {
                change(view);
            }
        });
    }

    /// Tells the host page what changed: `participant-added`,
    /// `participant-updated` or `participant-removed`, ids only.
    pub fn notify(self, name: &str, participation_id: i64, external_id: Option<&str>) {
        self.events.with_value(|target| {
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
    let has_session = Memo::new(move |_| ctx.session.with(Option::is_some));
    view! {
        <section class="pm" aria-labelledby="pm-title">
            <h2 id="pm-title" class="pm-title">"Participants"</h2>
            {standalone.then(|| view! { <session::SessionOpener/> })}
            <div class="pm-status" role="status" aria-live="polite">{move || ctx.status.get()}</div>
            <session::LoadState/>
            <Show when=move || has_session.get()>
                <session::SessionHeader/>
                <participants::ParticipantTable/>
                <Show when=move || !ctx.api.read_only() fallback=|| view! {
                    <p class="pm-note" data-read-only="">
                        "View only: this link shows the participants but cannot change them."
                    </p>
                }>
                    <div class="pm-actions">
                        <button type="button" class="pm-button pm-primary" data-action="add-guest"
                            on:click=move |_| ctx.open.set(Some(Open::AddGuest))>"Add guest"</button>
                        <button type="button" class="pm-button" data-action="add-user"
                            on:click=move |_| ctx.open.set(Some(Open::AddUser))>"Add SecureVideo user"</button>
                    </div>
                </Show>
            </Show>
            {move || ctx.open.get().map(|open| match open {
                Open::AddGuest => view! { <GuestForm editing=None/> }.into_any(),
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
