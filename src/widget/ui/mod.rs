//! The components. Each stays thin: state lives in signals, rules in
//! `common` (through `widget::form`), formatting in `widget::format`, and
//! every proxy call in `widget::api`.

mod combobox;
mod dialog;
mod fields;
mod guest_form;
mod participants;
mod remove;
mod session;
mod user_form;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::Api;
use super::browser;
use super::target::SessionRef;
use crate::common::view::SessionView;

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
    /// The session as last read from the proxy (every change returns it).
    pub session: RwSignal<Option<SessionView>>,
    pub loading: RwSignal<bool>,
    pub load_error: RwSignal<Option<String>>,
    /// The sentence in the aria-live status region.
    pub status: RwSignal<String>,
    pub open: RwSignal<Option<Open>>,
    /// Where DOM events for the host page are dispatched.
    events: StoredValue<Option<web_sys::EventTarget>, LocalStorage>,
}

impl Ctx {
    pub fn new(
        api: Api,
        session_ref: Option<SessionRef>,
        events: Option<web_sys::EventTarget>,
    ) -> Self {
        Self {
            api,
            session_ref: RwSignal::new(session_ref),
            session: RwSignal::new(None),
            loading: RwSignal::new(false),
            load_error: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            open: RwSignal::new(None),
            events: StoredValue::new_local(events),
        }
    }

    /// Reads the named session from the proxy.
    pub fn load(self) {
        let Some(session_ref) = self.session_ref.get_untracked() else {
            return;
        };
        self.loading.set(true);
        self.load_error.set(None);
        spawn_local(async move {
            let result = self.api.session(&session_ref).await;
            match result {
                Ok(view) => {
                    let _ = self.session.try_set(Some(view));
                    let _ = self.load_error.try_set(None);
                }
                Err(error) => {
                    let _ = self.load_error.try_set(Some(error.message()));
                }
            }
            let _ = self.loading.try_set(false);
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

    pub fn announce(self, message: impl Into<String>) {
        let _ = self.status.try_set(message.into());
    }

    pub fn close_dialog(self) {
        let _ = self.open.try_set(None);
    }
}

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
    if ctx.session_ref.get_untracked().is_some() {
        ctx.load();
    }
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
                <div class="pm-actions">
                    <button type="button" class="pm-button pm-primary" data-action="add-guest"
                        on:click=move |_| ctx.open.set(Some(Open::AddGuest))>"Add guest"</button>
                    <button type="button" class="pm-button" data-action="add-user"
                        on:click=move |_| ctx.open.set(Some(Open::AddUser))>"Add SecureVideo user"</button>
                </div>
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
