//! A modal dialog on the native `<dialog>`: `showModal()` makes the rest of
//! the page inert, so focus stays inside; Escape closes it; on close, focus
//! goes back to the control that opened it (or to the list's first action
//! when that control is gone). Tab and Shift+Tab wrap around inside it
//! (the browser alone would step out to its own toolbar). It carries its own live region, since the
//! page's is inert while the dialog is open.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::use_ctx;
use crate::widget::browser::{
    deep_active_element, focus_first_shown, row_action, shown, unique_id,
};

#[component]
pub fn Dialog(
    /// The dialog's heading, which also names it.
    title: String,
    /// Whether the form holds changes: closing it then asks first.
    #[prop(optional, into)]
    changed: Signal<bool>,
    /// A wider dialog ("Add several" and its preview table).
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    // "Discard what you typed?" is showing.
    let confirming = RwSignal::new(false);
    let keep_ref = NodeRef::<html::Button>::new();
    ctx.set_closer(Some(Callback::new(move |()| {
        if confirming.get_untracked() {
            // Escape again, or Cancel: keep editing.
            confirming.set(false);
        } else if changed.get_untracked() {
            confirming.set(true);
        } else {
            ctx.close_dialog();
        }
    })));
    Effect::new(move |_| {
        if let Some(keep) = keep_ref.get() {
            let _ = keep.focus();
        }
    });
    let node = NodeRef::<html::Dialog>::new();
    let title_id = unique_id("dialog-title");
    let labelled_by = title_id.clone();
    let opener = StoredValue::new_local(deep_active_element());
    let root = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |_| {
        if let Some(dialog) = node.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
                // showModal focuses the first focusable control, which in an
                // edit form is the read-only name: start on the first one
                // staff can change.
                if let Some(first) = dialog
                    .query_selector(FIRST_CHANGEABLE)
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = first.focus();
                }
            }
            root.set_value(dialog.closest(".pm").ok().flatten());
        }
    });
    on_cleanup(move || {
        ctx.set_closer(None);
        // While the modal dialog is open the rest of the page is inert and
        // cannot take focus: close it first.
        if let Some(dialog) = node.get_untracked() {
            dialog.close();
        }
        let opener = opener.try_get_value().flatten();
        let root = root.try_get_value().flatten();
        // A saved edit redraws its row, so the Edit button that opened the
        // dialog is gone: its row's new one takes the focus, once drawn; in
        // a compact row the Edit control is inside the closed menu, so the
        // row's menu button takes it.
        let row = opener.as_ref().and_then(|el| {
            (el.get_attribute("data-action").as_deref() == Some("edit"))
                .then(|| el.closest("tr[data-participation-id]").ok().flatten())
                .flatten()
                .and_then(|row| row.get_attribute("data-participation-id"))
        });
        // After the redraw (a task later; animation frames pause while the
        // page is hidden).
        set_timeout(
            move || {
                if let Some(el) = opener.filter(|el| el.is_connected() && shown(el)) {
                    let _ = el.focus();
                    return;
                }
                let mut fallbacks: Vec<String> = row
                    .iter()
                    .flat_map(|id| [row_action(id, "edit"), row_action(id, "menu")])
                    .collect();
                fallbacks.push("[data-action=add-guest]".to_owned());
                if let Some(root) = root {
                    focus_first_shown(&root, &fallbacks);
                }
            },
            std::time::Duration::ZERO,
        );
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Tab" {
            if let Some(dialog) = node.get_untracked() {
                keep_tab_inside(&dialog, &ev);
            }
            return;
        }
        if ev.key() == "Escape" {
            // The native dialog would close itself; the widget closes it so
            // its state and the focus return stay in step.
            ev.prevent_default();
            ctx.request_close();
        }
    };
    view! {
        <dialog node_ref=node class="pm-dialog" class:pm-dialog-wide=wide aria-labelledby=labelled_by on:keydown=on_keydown
            on:cancel=move |ev: web_sys::Event| {
                // Escape while the focus is not on a control inside (e.g. a
                // disabled button lost it): the browser's own close would
                // skip the question.
                ev.prevent_default();
                ctx.request_close();
            }>
            <h3 class="pm-dialog-title" id=title_id>{title}</h3>
            // While the dialog is modal the page's own live region is inert,
            // so announcements made now ("3 users found.") are read from here.
            <div class="pm-visually-hidden" role="status" aria-live="polite" data-dialog-status="">
                {move || ctx.status.get()}
            </div>
            <Show when=move || confirming.get()>
                <div class="pm-alert" role="alert" data-discard="">
                    <p>{l.t("dialog.discard_question")}</p>
                    <div class="pm-form-actions">
                        <button type="button" class="pm-button" node_ref=keep_ref
                            on:click=move |_| confirming.set(false)>{l.t("dialog.keep")}</button>
                        <button type="button" class="pm-button pm-danger"
                            on:click=move |_| ctx.close_dialog()>{l.t("dialog.discard")}</button>
                    </div>
                </div>
            </Show>
            {children()}
        </dialog>
    }
}

/// Where an opened dialog puts the focus: the first control that is not
/// read-only (the chosen radio of a group).
const FIRST_CHANGEABLE: &str = "input:not([readonly]):not([type=radio]):not([type=hidden]), \
     input[type=radio]:checked, select, textarea";

/// What Tab can land on.
const TABBABLE: &str = "a[href], button, input, select, textarea, [tabindex]";

/// Tab on the dialog's last control goes to its first, Shift+Tab on the
/// first to the last, so focus never leaves the open dialog.
fn keep_tab_inside(dialog: &web_sys::HtmlDialogElement, ev: &leptos::ev::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(TABBABLE) else {
        return;
    };
    let tabbable: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| {
            el.tab_index() >= 0
                && !el.matches(":disabled").unwrap_or(true)
                && el.offset_width() > 0
                // Of a radio group only the checked one takes Tab.
                && el
                    .dyn_ref::<web_sys::HtmlInputElement>()
                    .is_none_or(|input| input.type_() != "radio" || input.checked())
        })
        .collect();
    let (Some(first), Some(last)) = (tabbable.first(), tabbable.last()) else {
        return;
    };
    let active = deep_active_element();
    let inside = active.as_ref().is_some_and(|el| dialog.contains(Some(el)));
    let target = match (ev.shift_key(), active) {
        (_, _) if !inside => first,
        (false, Some(el)) if &el == last => first,
        (true, Some(el)) if &el == first => last,
        _ => return,
    };
    ev.prevent_default();
    let _ = target.focus();
}
