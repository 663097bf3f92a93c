//! The participant list: one row per participant with what staff need to
//! see, and the row's actions.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Open, use_ctx};
use crate::common::view::{ParticipantKind as Kind, ParticipantView};
use crate::widget::browser::{clock, copy_text, unique_id};
use crate::widget::format::{
    delivery_key, deposit_label, kind_key, mask_email, mask_phone, packet_label, rsvp_key,
    time_zone_label, utc_iso,
};

/// The participants, drawn by the widget's own width (container queries in
/// the stylesheet, not the viewport): a table when there is room; at 480 px
/// and below (an EHR side panel) one compact row each, with its actions
/// behind a menu. Rows are keyed by their content, so a participant that
/// changed is drawn again and the others are left alone.
#[component]
pub fn ParticipantTable() -> impl IntoView {
    let ctx = use_ctx();
    // A removal staff can still undo hides its row.
    let rows = move || {
        ctx.session.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.participants
                        .iter()
                        .filter(|p| !ctx.removing(p.participation_id))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    // A read token has no Edit or Remove: the wide table has no Actions
    // column then (the copy buttons are in Access).
    let read_only = ctx.api.read_only();
    let l = ctx.locale;
    view! {
        <div class="pm-table-wrap">
            <table class="pm-table">
                <caption class="pm-visually-hidden">{l.t("table.caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{l.t("table.name")}</th>
                        <th scope="col">{l.t("table.invitations")}</th>
                        <th scope="col" class="pm-col-tz">{l.t("table.time_zone")}</th>
                        <th scope="col">{l.t("table.status")}</th>
                        <th scope="col" class="pm-col-access">{l.t("table.access")}</th>
                        <th scope="col" class="pm-col-extras">{l.t("table.extras")}</th>
                        {(!read_only).then(|| view! { <th scope="col" class="pm-col-actions">{l.t("table.actions")}</th> })}
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
    let l = ctx.locale;
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
    let code = p.connect_code.map(|code| code.to_string());
    let link = p.join_url.clone();
    let copies = |place: &'static str| {
        let code = code.clone().map(|code| {
            view! {
                <CopyButton text=code what=CopyWhat::Code place=place who=name.clone()/>
            }
        });
        let link = link.clone().map(|link| {
            view! {
                <CopyButton text=link what=CopyWhat::Link place=place who=name.clone()/>
            }
        });
        (code, link)
    };
    let access = code.clone().map(|code| {
        view! {
            <span class="pm-code">{code}</span>
            {link.clone().map(|link| view! {
                <a class="pm-link" href=link target="_blank" rel="noopener">{l.t("row.join_link")}</a>
            })}
            <span class="pm-copies">{copies("access")}</span>
        }
    });
    // The host is SecureVideo's to change; a read token changes nothing.
    let editable = kind != Kind::Host && !ctx.api.read_only();
    let has_menu = editable || code.is_some();
    let menu_open = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    let menu_id = unique_id("row-menu");
    let close_menu = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            ev.stop_propagation();
            menu_open.set(false);
            if let Some(toggle) = toggle.get_untracked() {
                let _ = toggle.focus();
            }
        }
    };
    let removed = p.clone();
    // SecureVideo's ConnectionTs: set while they are connected.
    let joined = p
        .connection_ts
        .as_deref()
        .filter(|ts| !ts.trim().is_empty())
        .and_then(|ts| clock(&js_sys::Date::new(&utc_iso(ts).into()), l));
    let who = [("name", name.as_str())];
    let edit_label = l.tf("row.edit_label", &who);
    let remove_label = l.tf("row.remove_label", &who);
    let menu_label = l.tf("row.menu_label", &who);
    let rsvp = rsvp_key(p.rsvp.as_deref());
    let actions_class = if ctx.api.read_only() {
        "pm-row-actions pm-narrow-only"
    } else {
        "pm-row-actions"
    };
    view! {
        <tr data-participation-id=id.to_string()>
            <th scope="row" class="pm-name">
                {name.clone()}
                <span class="pm-kind">{l.t(kind_key(kind))}</span>
            </th>
            <td class="pm-invites">
                <span class="pm-delivery">{l.t(delivery_key(p.delivery()))}</span>
                {(!contact.is_empty()).then(|| view! { " " <span class="pm-contact">{contact}</span> })}
            </td>
            <td class="pm-col-tz">{time_zone_label(p.participant_time_zone_windows_id.as_deref())}</td>
            <td class="pm-status-cell">
                {joined.map(|at| view! { <span class="pm-chip pm-joined">{l.tf("row.joined", &[("at", &at)])}</span> })}
                <span class="pm-chip" data-rsvp=rsvp.strip_prefix("rsvp.")>
                    {l.tf("row.rsvp", &[("answer", l.t(rsvp))])}
                </span>
            </td>
            <td class="pm-col-access">{access}</td>
            <td class="pm-col-extras">
                {packet_label(p.packet_id, l)}
                <br/>
                {l.tf("row.deposit", &[("deposit", &deposit_label(p.svc_id, p.deposit_required, l))])}
            </td>
            <td class=actions_class on:keydown=close_menu>
                {has_menu.then(|| view! {
                    <button type="button" class="pm-button pm-small pm-menu-toggle" node_ref=toggle
                        data-action="menu" aria-label=menu_label aria-controls=menu_id.clone()
                        aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                        on:click=move |_| menu_open.update(|open| *open = !*open)>
                        {l.t("table.actions")}
                    </button>
                })}
                <div class="pm-menu" id=menu_id data-open=move || menu_open.get().then_some("")>
                    {editable.then(|| view! {
                        <button type="button" class="pm-button pm-small" aria-label=edit_label data-action="edit"
                            on:click=move |_| {
                                menu_open.set(false);
                                ctx.open.set(Some(if kind == Kind::Guest { Open::EditGuest(id) } else { Open::EditUser(id) }));
                            }>
                            {l.t("row.edit")}
                        </button>
                        <button type="button" class="pm-button pm-small pm-danger" aria-label=remove_label
                            data-action="remove"
                            on:click=move |_| {
                                menu_open.set(false);
                                ctx.remove_with_undo(&removed);
                            }>
                            {l.t("row.remove")}
                        </button>
                    })}
                    <span class="pm-menu-copies">{copies("menu")}</span>
                </div>
            </td>
        </tr>
    }
}

/// What a copy button copies.
#[derive(Clone, Copy)]
enum CopyWhat {
    Code,
    Link,
}

impl CopyWhat {
    /// Its catalog keys: the button's text, what it copies, and the
    /// announcements when the copy worked and when it did not.
    fn keys(self) -> [&'static str; 4] {
        match self {
            Self::Code => [
                "copy.code.button",
                "copy.code.what",
                "copy.code.copied",
                "copy.code.failed",
            ],
            Self::Link => [
                "copy.link.button",
                "copy.link.what",
                "copy.link.copied",
                "copy.link.failed",
            ],
        }
    }
}

/// A button that copies `text` to the clipboard and says so (on itself and
/// in the live region).
#[component]
fn CopyButton(
    text: String,
    /// What is copied, for its words.
    what: CopyWhat,
    /// Whose code or link it is, for the accessible name.
    who: String,
    /// Where it sits: "access" (the wide table's Access column) or "menu"
    /// (the compact row's menu); the stylesheet shows one of the two.
    place: &'static str,
) -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    // None before the first click; then whether the copy worked, shown on
    // the button itself (the announcement is for screen readers only).
    let copied = RwSignal::new(None::<bool>);
    let shown = move || match copied.get() {
        Some(true) => l.t("copy.copied"),
        Some(false) => l.t("copy.not_copied"),
        None => l.t(what.keys()[0]),
    };
    // The accessible name starts with the visible text (WCAG 2.5.3, label
    // in name): "Copy code for Jamie Rivera", "Copied: access code for …".
    let label = move || {
        let key = match copied.get() {
            None => "copy.label",
            Some(_) => "copy.label_after",
        };
        let what = l.t(what.keys()[1]);
        l.tf(key, &[("shown", shown()), ("what", what), ("name", &who)])
    };
    view! {
        <button type="button" class="pm-button pm-small" aria-label=label data-copy=place
            on:click=move |_| {
                let text = text.clone();
                spawn_local(async move {
                    let ok = copy_text(&text).await;
                    let _ = copied.try_set(Some(ok));
                    ctx.announce(l.t(what.keys()[if ok { 2 } else { 3 }]));
                });
            }>
            {shown}
        </button>
    }
}
