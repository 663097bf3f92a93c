//! Adding a guest, or editing one: every field of the spec, checked by
//! `common` as the user types, sent through the proxy on submit.

use leptos::html;
use leptos::prelude::*;

use super::dialog::Dialog;
use super::fields::{
    ChangedElsewhere, Errors, FormAlert, SessionFieldsSection, TextField, ZoneList,
};
use super::save::Save;
use super::use_ctx;
use crate::common::Delivery;
use crate::common::errors::field;
use crate::common::view::ParticipantView;
use crate::widget::browser::{browser_windows_zone, unique_id};
use crate::widget::form::{GuestFields, required_contact, validate_guest};

/// The fields this form has an input for; messages for any other field
/// show at the top of the form.
const INPUTS: &[&str] = &[
    field::FULL_NAME,
    field::EMAIL,
    field::SMS,
    field::TIME_ZONE,
    field::EXTERNAL_ID,
    field::DELIVERY,
    field::PACKET_ID,
    field::SVC_ID,
    field::DEPOSIT,
];

/// The guest dialog: a new guest when `editing` is `None`, else the guest
/// with that ParticipationId.
#[component]
pub fn GuestForm(
    /// The ParticipationId of the guest to edit; `None` adds a guest.
    editing: Option<i64>,
) -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let target: Option<ParticipantView> = editing.and_then(|id| {
        ctx.session
            .with_untracked(|s| s.as_ref()?.participant(id).cloned())
    });
    let initial = match &target {
        Some(p) => GuestFields::from_participant(p),
        None => GuestFields::new(browser_windows_zone()),
    };
    let session_fields = RwSignal::new(initial.session.clone());
    let unchanged = initial.clone();
    let fields = RwSignal::new(initial);
    let current = move || {
        let mut f = fields.get();
        f.session = session_fields.get();
        f
    };
    let check_target = target.clone();
    let local = Memo::new(move |_| {
        let f = current();
        ctx.session
            .with(|s| validate_guest(&f, s.as_ref(), check_target.as_ref()))
            .err()
            .unwrap_or_default()
    });
    let errors = Errors::new(local, l);
    let save = Save::new(ctx, editing, errors, "save.added_guest");
    let form_ref = NodeRef::<html::Form>::new();

    let submit_target = target.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending() {
            return;
        }
        errors.submitted.set(true);
        let mut f = fields.get_untracked();
        f.session = session_fields.get_untracked();
        let checked = ctx
            .session
            .with_untracked(|s| validate_guest(&f, s.as_ref(), submit_target.as_ref()));
        match checked {
            Ok(body) => save.send(body),
            Err(_) => {
                save.failure.set(None);
                focus_first_invalid(form_ref);
            }
        }
    };
    let on_retry = Callback::new(move |()| save.retry());

    let delivery = Memo::new(move |_| fields.with(GuestFields::delivery));
    let required = move |name: &'static str| {
        Signal::derive(move || required_contact(delivery.get()) == Some(name))
    };
    let set = move |apply: fn(&mut GuestFields, String)| {
        Callback::new(move |v: String| fields.update(|f| apply(f, v)))
    };
    let get = move |read: fn(&GuestFields) -> String| Signal::derive(move || fields.with(read));
    let zones_id = unique_id("zones");
    let is_edit = editing.is_some();
    let title = match &target {
        Some(p) => l.tf("row.edit_label", &[("name", p.name())]),
        None => l.t("guest.title_add").to_owned(),
    };
    // `common`'s rule, in staff's language.
    let name_hint = is_edit.then(|| l.t("session.name_change"));

    view! {
        <Dialog title=title changed=Signal::derive(move || current() != unchanged)>
            <form node_ref=form_ref class="pm-form" novalidate on:submit=on_submit
                aria-busy=move || save.pending().to_string()>
                <FormAlert errors=errors inputs=INPUTS failure=save.failure on_retry=on_retry/>
                <ChangedElsewhere editing=editing/>
                <TextField label=l.t("guest.name") name=field::FULL_NAME value=get(|f| f.name.clone())
                    on_input=set(|f, v| f.name = v) errors=errors required=!is_edit
                    readonly=is_edit hint=name_hint autocomplete="name"/>
                <DeliveryChoice fields=fields errors=errors/>
                <TextField label=l.t("guest.email") name=field::EMAIL input_type="email"
                    value=get(|f| f.email.clone()) on_input=set(|f, v| f.email = v)
                    errors=errors required=required(field::EMAIL) autocomplete="email"/>
                <TextField label=l.t("guest.sms") name=field::SMS input_type="tel"
                    value=get(|f| f.sms.clone()) on_input=set(|f, v| f.sms = v)
                    errors=errors required=required(field::SMS) autocomplete="tel"
                    hint=Some(l.t("guest.sms_hint"))/>
                <TextField label=l.t("guest.time_zone") name=field::TIME_ZONE list=zones_id.clone()
                    value=get(|f| f.time_zone.clone()) on_input=set(|f, v| f.time_zone = v)
                    errors=errors hint=Some(l.t("guest.time_zone_hint"))/>
                <ZoneList id=zones_id/>
                <TextField label=l.t("guest.external_id") name=field::EXTERNAL_ID
                    value=get(|f| f.external_id.clone()) on_input=set(|f, v| f.external_id = v)
                    errors=errors/>
                <SessionFieldsSection fields=session_fields errors=errors/>
                <div class="pm-form-actions">
                    <button type="submit" class="pm-button pm-primary" disabled=move || save.pending()>
                        {move || l.t(match (save.pending(), is_edit) {
                            (true, _) => "save.saving",
                            (false, true) => "save.save_changes",
                            (false, false) => "action.add_guest",
                        })}
                    </button>
                    <button type="button" class="pm-button" on:click=move |_| ctx.request_close()>{l.t("action.cancel")}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// E-mail, text message, or no invitations.
#[component]
fn DeliveryChoice(fields: RwSignal<GuestFields>, errors: Errors) -> impl IntoView {
    let l = errors.locale;
    let group = unique_id("delivery");
    let options = [
        (Delivery::Email, "guest.by_email"),
        (Delivery::Sms, "guest.by_sms"),
        (Delivery::None, "guest.by_none"),
    ]
    .into_iter()
    .map(|(delivery, label)| {
        let id = unique_id("delivery-choice");
        let label_for = id.clone();
        let group = group.clone();
        view! {
            <label class="pm-choice" for=label_for>
                <input type="radio" id=id name=group value=delivery.code()
                    prop:checked=move || fields.with(|f| f.delivery() == delivery)
                    on:change=move |_| {
                        errors.touch(field::DELIVERY);
                        fields.update(|f| f.delivery = delivery);
                    }/>
                {l.t(label)}
            </label>
        }
    })
    .collect_view();
    view! {
        <fieldset class="pm-fieldset" data-field=field::DELIVERY>
            <legend>{l.t("guest.send_by")}</legend>
            {options}
            <p class="pm-error">{move || errors.message(field::DELIVERY)}</p>
        </fieldset>
    }
}

/// Moves focus to the first input with a message, after the DOM shows it.
pub(super) fn focus_first_invalid(form: NodeRef<html::Form>) {
    request_animation_frame(move || {
        let Some(form) = form.get_untracked() else {
            return;
        };
        if let Ok(Some(el)) = form.query_selector("[aria-invalid=true]")
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}
