//! Adding an existing SecureVideo user (picked through the search), or
//! editing a user's session-specific fields: packet and deposit only.

use leptos::html;
use leptos::prelude::*;

use super::combobox::UserCombobox;
use super::dialog::Dialog;
use super::fields::{ChangedElsewhere, Errors, FormAlert, SessionFieldsSection};
use super::guest_form::focus_first_invalid;
use super::save::Save;
use super::use_ctx;
use crate::common::errors::field;
use crate::common::view::{ParticipantView, UserMatch};
use crate::widget::form::{SessionFields, UserFields, validate_user};

const INPUTS: &[&str] = &[
    field::USER_ID,
    field::PACKET_ID,
    field::SVC_ID,
    field::DEPOSIT,
];

#[component]
pub fn UserForm(
    /// The ParticipationId of the user to edit; `None` adds a user.
    editing: Option<i64>,
) -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let target: Option<ParticipantView> = editing.and_then(|id| {
        ctx.session
            .with_untracked(|s| s.as_ref()?.participant(id).cloned())
    });
    let session_fields = RwSignal::new(
        target
            .as_ref()
            .map(SessionFields::from_participant)
            .unwrap_or_default(),
    );
    let unchanged = session_fields.get_untracked();
    let picked = RwSignal::new(None::<UserMatch>);
    let changed = Signal::derive(move || {
        picked.with(Option::is_some) || session_fields.with(|f| *f != unchanged)
    });
    let current = {
        let target = target.clone();
        move || UserFields {
            user_id: match &target {
                Some(t) => t.secure_video_user_id,
                None => picked.with(|p| p.as_ref().map(|u| u.secure_video_user_id)),
            },
            session: session_fields.get(),
        }
    };
    let local = {
        let current = current.clone();
        let target = target.clone();
        Memo::new(move |_| {
            let f = current();
            ctx.session
                .with(|s| validate_user(&f, s.as_ref(), target.as_ref()))
                .err()
                .unwrap_or_default()
        })
    };
    let errors = Errors::new(local, l);
    let save = Save::new(ctx, editing, errors, "save.added_user");
    let form_ref = NodeRef::<html::Form>::new();
    let on_submit = {
        let target = target.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if save.pending() {
                return;
            }
            errors.submitted.set(true);
            let f = untrack(&current);
            match ctx
                .session
                .with_untracked(|s| validate_user(&f, s.as_ref(), target.as_ref()))
            {
                Ok(body) => save.send(body),
                Err(_) => {
                    save.failure.set(None);
                    focus_first_invalid(form_ref);
                }
            }
        }
    };
    let on_retry = Callback::new(move |()| save.retry());
    let is_edit = editing.is_some();
    let title = match &target {
        Some(p) => l.tf("row.edit_label", &[("name", p.name())]),
        None => l.t("user.title_add").to_owned(),
    };
    let who = target.as_ref().map(|p| p.name().to_owned());
    view! {
        <Dialog title=title changed=changed>
            <form node_ref=form_ref class="pm-form" novalidate on:submit=on_submit
                aria-busy=move || save.pending().to_string()>
                <FormAlert errors=errors inputs=INPUTS failure=save.failure on_retry=on_retry/>
                <ChangedElsewhere editing=editing/>
                {match who {
                    Some(name) => view! {
                        <p class="pm-hint">{l.tf("user.edit_hint", &[("name", &name)])}</p>
                    }.into_any(),
                    None => view! {
                        <UserCombobox picked=picked
                            message=Signal::derive(move || errors.message(field::USER_ID))
                            on_touch=Callback::new(move |()| errors.touch(field::USER_ID))/>
                    }.into_any(),
                }}
                <SessionFieldsSection fields=session_fields errors=errors/>
                <div class="pm-form-actions">
                    <button type="submit" class="pm-button pm-primary" disabled=move || save.pending()>
                        {move || l.t(match (save.pending(), is_edit) {
                            (true, _) => "save.saving",
                            (false, true) => "save.save_changes",
                            (false, false) => "user.add",
                        })}
                    </button>
                    <button type="button" class="pm-button" on:click=move |_| ctx.request_close()>{l.t("action.cancel")}</button>
                </div>
            </form>
        </Dialog>
    }
}
