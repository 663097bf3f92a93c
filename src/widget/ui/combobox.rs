//! The user search: an editable combobox with a list popup, following the
//! WAI-ARIA combobox pattern (list autocomplete, `aria-activedescendant`).
//! Arrow keys move through the matches, Enter picks one, Escape closes the
//! list (and only the list).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::use_ctx;
use crate::common::field;
use crate::common::rules::session::user_unavailable;
use crate::common::view::UserMatch;
use crate::widget::api_error::Doing;
use crate::widget::browser::{sleep, unique_id};

/// How long typing must pause before the search is sent.
const DEBOUNCE_MS: i32 = 250;

#[component]
pub fn UserCombobox(
    /// The picked user, or `None`.
    picked: RwSignal<Option<UserMatch>>,
    /// The message next to the input (from `common` or the server).
    #[prop(into)]
    message: Signal<Option<String>>,
    /// Called when the user edits the text (the field was touched).
    on_touch: Callback<()>,
) -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let input_id = unique_id("user");
    let list_id = unique_id("user-list");
    let error_id = unique_id("user-error");
    let text = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<UserMatch>::new());
    let expanded = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let searching = RwSignal::new(false);
    let search_error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u32);

    let search = move |query: String| {
        let ticket = generation.get_value() + 1;
        generation.set_value(ticket);
        if query.trim().chars().count() < 2 {
            matches.set(Vec::new());
            expanded.set(false);
            return;
        }
        spawn_local(async move {
            sleep(DEBOUNCE_MS).await;
            if generation.try_get_value() != Some(ticket) {
                return;
            }
            let _ = searching.try_set(true);
            let result = ctx.api.search_users(&query).await;
            if generation.try_get_value() != Some(ticket) {
                return;
            }
            let _ = searching.try_set(false);
            match result {
                Ok(found) => {
                    let count = found.len();
                    let _ = search_error.try_set(None);
                    let _ = matches.try_set(found);
                    let _ = active.try_set(None);
                    let _ = expanded.try_set(true);
                    ctx.announce(match count {
                        0 => l.t("user.none_match").to_owned(),
                        n => l.count("user.found", n, &[]),
                    });
                }
                Err(error) => {
                    let _ = search_error.try_set(Some(error.message(Doing::Searching, l)));
                    let _ = expanded.try_set(false);
                }
            }
        });
    };
    // The host and the users already in the session cannot be added
    // (`common`'s rule): they are listed, marked, and not picked.
    let unavailable = move |user_id: i64| {
        ctx.session.with(|s| {
            s.as_ref()
                .and_then(|s| user_unavailable(&s.to_session(), user_id))
        })
    };
    let choose = move |index: usize| {
        if let Some(user) = matches.with_untracked(|m| m.get(index).cloned()) {
            if let Some(reason) = unavailable(user.secure_video_user_id) {
                ctx.announce(l.violation(field::USER_ID, &reason));
                return;
            }
            text.set(user.full_name.clone());
            picked.set(Some(user));
            expanded.set(false);
            active.set(None);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                expanded.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                expanded.set(true);
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if expanded.get_untracked() => {
                if let Some(index) = active.get_untracked() {
                    ev.prevent_default();
                    choose(index);
                }
            }
            "Escape" if expanded.get_untracked() => {
                // Close the list, not the dialog around it.
                ev.prevent_default();
                ev.stop_propagation();
                expanded.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = {
        let list_id = list_id.clone();
        move |index: usize| format!("{list_id}-{index}")
    };
    let active_descendant = {
        let option_id = option_id.clone();
        move || {
            if expanded.get() {
                active.get().map(&option_id)
            } else {
                None
            }
        }
    };
    let shown_message = move || message.get().or_else(|| search_error.get());
    let list_options = {
        let option_id = option_id.clone();
        move || {
            matches
                .get()
                .into_iter()
                .enumerate()
                .map(|(index, user)| {
                    let id = option_id(index);
                    let taken = unavailable(user.secure_video_user_id).is_some();
                    view! {
                        <li id=id role="option" class="pm-option"
                            class:pm-active=move || active.get() == Some(index)
                            class:pm-unavailable=taken
                            aria-disabled=taken.then_some("true")
                            aria-selected=move || (active.get() == Some(index)).to_string()
                            on:mousedown=move |ev| ev.prevent_default()
                            on:click=move |_| choose(index)>
                            {user.full_name.clone()}
                            {user.masked_email.clone().map(|email| view! {
                                <span class="pm-option-note">" · "{email}</span>
                            })}
                            {taken.then(|| view! {
                                <span class="pm-option-note">" · "{l.t("user.already_in")}</span>
                            })}
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div class="pm-field pm-combobox" class:pm-invalid=move || shown_message().is_some() data-field="SecureVideoUserId">
            <label for=input_id.clone()>{l.t("user.label")}<span class="pm-required">" "{l.t("form.required")}</span></label>
            <input id=input_id type="text" role="combobox" autocomplete="off"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || expanded.get().to_string()
                aria-activedescendant=active_descendant
                aria-required="true"
                aria-invalid=move || shown_message().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || text.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    text.set(value.clone());
                    picked.set(None);
                    search(value);
                }
                on:keydown=on_keydown
                on:blur=move |_| {
                    expanded.set(false);
                    // "Choose a user" only once staff leave the field without
                    // one, never while they are still typing a name.
                    if picked.with_untracked(Option::is_none) {
                        on_touch.run(());
                    }
                }/>
            <ul id=list_id role="listbox" aria-label=l.t("user.list_label") class="pm-listbox"
                hidden=move || !expanded.get() || matches.with(Vec::is_empty)>
                {list_options}
            </ul>
            <Show when=move || searching.get()>
                <p class="pm-hint">{l.t("user.searching")}</p>
            </Show>
            <Show when=move || expanded.get() && matches.with(Vec::is_empty)>
                <p class="pm-hint">{l.t("user.none_match")}</p>
            </Show>
            <p class="pm-error" id=error_id>{shown_message}</p>
        </div>
    }
}
