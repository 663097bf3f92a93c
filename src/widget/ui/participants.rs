//! The participant list: one row per participant with every column staff
//! need, and the row's actions.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Open, use_ctx};
use crate::common::view::{ParticipantKind as Kind, ParticipantView};
use crate::widget::browser::copy_text;
use crate::widget::format::{
    delivery_label, deposit_label, kind_label, mask_email, mask_phone, packet_label, rsvp_label,
    time_zone_label,
};

/// The table of participants. Rows are keyed by their content, so a
/// participant that changed is drawn again and the others are left alone.
#[component]
pub fn ParticipantTable() -> impl IntoView {
    let ctx = use_ctx();
    let rows = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| s.participants.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="pm-table-wrap">
            <table class="pm-table">
                <caption class="pm-visually-hidden">"Participants in this session"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Delivery"</th>
                        <th scope="col">"Contact"</th>
                        <th scope="col">"Time zone"</th>
                        <th scope="col">"RSVP"</th>
                        <th scope="col">"Access"</th>
                        <th scope="col">"Packet"</th>
                        <th scope="col">"Deposit"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=ParticipantView::fingerprint let:p>
                        <Row p=p/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One participant.
#[component]
fn Row(
    /// The participant shown.
    p: ParticipantView,
) -> impl IntoView {
    let ctx = use_ctx();
    let kind = p.kind;
    let id = p.participation_id;
    let name = p.name().to_owned();
    let contact = [
        p.participant_email_address
            .as_deref()
            .filter(|e| !e.is_empty())
            .map(mask_email),
        p.participant_sms_number
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(mask_phone),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let contact = if contact.is_empty() {
        "—".to_owned()
    } else {
        contact
    };
    let access = p.connect_code.map(|code| {
        let link = p.join_url.clone();
        view! {
            <span class="pm-code">{code.to_string()}</span>
            " "
            <CopyButton text=code.to_string() what="access code" short="Copy code"
                label=format!("Copy access code for {name}")/>
            {link.map(|link| view! {
                " "
                <a class="pm-link" href=link.clone() target="_blank" rel="noopener">"Join link"</a>
                " "
                <CopyButton text=link what="join link" short="Copy link"
                    label=format!("Copy join link for {name}")/>
            })}
        }
    });
    // The host is SecureVideo's to change; a read token changes nothing.
    let editable = kind != Kind::Host && !ctx.api.read_only();
    let edit_label = format!("Edit {name}");
    let remove_label = format!("Remove {name}");
    view! {
        <tr data-participation-id=id.to_string()>
            <th scope="row" class="pm-name">{name.clone()}</th>
            <td>{kind_label(kind)}</td>
            <td>{delivery_label(p.delivery())}</td>
            <td class="pm-contact">{contact}</td>
            <td>{time_zone_label(p.participant_time_zone_windows_id.as_deref())}</td>
            <td>{rsvp_label(p.rsvp.as_deref())}</td>
            <td>{access}</td>
            <td>{packet_label(p.packet_id)}</td>
            <td>{deposit_label(p.svc_id, p.deposit_required)}</td>
            <td class="pm-row-actions">
                {editable.then(|| view! {
                    <button type="button" class="pm-button pm-small" aria-label=edit_label data-action="edit"
                        on:click=move |_| ctx.open.set(Some(if kind == Kind::Guest { Open::EditGuest(id) } else { Open::EditUser(id) }))>
                        "Edit"
                    </button>
                    <button type="button" class="pm-button pm-small pm-danger" aria-label=remove_label
                        on:click=move |_| ctx.open.set(Some(Open::Remove(id)))>
                        "Remove"
                    </button>
                })}
            </td>
        </tr>
    }
}

/// A button that copies `text` to the clipboard and says so (on itself and
/// in the live region).
#[component]
fn CopyButton(
    text: String,
    /// What is copied, for the messages: "access code", "join link".
    what: &'static str,
    /// The button's visible text.
    short: &'static str,
    /// The accessible name, with the participant's name.
    label: String,
) -> impl IntoView {
    let ctx = use_ctx();
    // None before the first click; then whether the copy worked, shown on
    // the button itself (the announcement is for screen readers only).
    let copied = RwSignal::new(None::<bool>);
    view! {
        <button type="button" class="pm-button pm-small" aria-label=label
            on:click=move |_| {
                let text = text.clone();
                spawn_local(async move {
                    let ok = copy_text(&text).await;
                    let _ = copied.try_set(Some(ok));
                    ctx.announce(if ok {
                        format!("The {what} is copied.")
                    } else {
                        format!("Could not copy the {what}; select it instead.")
                    });
                });
            }>
            {move || match copied.get() {
                Some(true) => "Copied",
                Some(false) => "Not copied: select it",
                None => short,
            }}
        </button>
    }
}
