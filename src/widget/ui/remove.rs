//! Removing a participant, after a confirmation that says whether a
//! cancellation notice will go out.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::use_ctx;
use crate::common::Delivery;
use crate::widget::api_error::{Doing, Failure};

/// spec: "The system will also send a cancellation notice to the
/// participant, if s/he had already received an invite." Invitations go
/// out when delivery is e-mail or text. Whether someone now set to "no
/// invitations" was invited earlier (before an edit) is not in the session
/// SecureVideo returns, so that case says both possibilities.
/// (The sentence's catalog key.)
pub fn cancellation_key(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Email => "remove.cancel_email",
        Delivery::Sms => "remove.cancel_sms",
        Delivery::None => "remove.cancel_none",
    }
}

#[component]
pub fn RemoveDialog(
    /// The ParticipationId to remove.
    participation_id: i64,
) -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let target = ctx
        .session
        .with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.participant(participation_id).cloned())
        })
        .unwrap_or_default();
    let name = target.name().to_owned();
    let external = target.participant_external_id.clone();
    let title = l.tf("remove.title", &[("name", &name)]);
    let text = l.tf(
        "remove.text",
        &[
            ("name", &name),
            ("consequence", l.t(cancellation_key(target.delivery()))),
        ],
    );
    let failure = RwSignal::new(None::<Failure>);
    let removal = Action::new_local(move |id: &i64| ctx.api.remove(*id, false));
    Effect::new(move |_| {
        let Some(result) = removal.value().get() else {
            return;
        };
        untrack(|| match result {
            Ok(()) => {
                ctx.removed(participation_id, &name, external.as_deref());
                ctx.close_dialog();
            }
            Err(error) => {
                let _ = failure.try_set(Some(Failure::new(&error, Doing::Removing, l)));
                ctx.announce(error.message(Doing::Removing, l));
            }
        });
    });
    let pending = removal.pending();
    let remove = move || {
        if !pending.get_untracked() {
            failure.set(None);
            removal.dispatch_local(participation_id);
        }
    };
    view! {
        <Dialog title=title>
            <p class="pm-confirm-text">{text}</p>
            {move || failure.get().map(|f| view! {
                <div class="pm-alert" role="alert"><p>{f.message}</p></div>
            })}
            <div class="pm-form-actions">
                <button type="button" class="pm-button pm-danger" disabled=move || pending.get()
                    on:click=move |_| remove()>
                    {move || l.t(if pending.get() { "remove.removing" } else { "row.remove" })}
                </button>
                <button type="button" class="pm-button" autofocus on:click=move |_| ctx.request_close()>{l.t("action.cancel")}</button>
            </div>
        </Dialog>
    }
}
