//! Labelled inputs with their messages, the packet and deposit section both
//! forms share, and the error state of a form: messages from `common` as
//! the user types, and the server's when it disagrees.

use leptos::prelude::*;

use crate::common::errors::field;
use crate::common::{FieldErrors, Violation};
use crate::widget::api_error::Failure;
use crate::widget::browser::unique_id;
use crate::widget::form::{PacketChoice, SessionFields};
use crate::widget::i18n::Locale;

/// Which messages a form shows. A field's message from `common` shows once
/// the field was changed or a submit was tried; the server's shows until
/// the field is changed again.
#[derive(Clone, Copy)]
pub struct Errors {
    local: Memo<FieldErrors>,
    server: RwSignal<Vec<(String, Violation)>>,
    touched: RwSignal<Vec<&'static str>>,
    pub submitted: RwSignal<bool>,
    /// The language messages are shown in.
    pub locale: Locale,
}

impl Errors {
    pub fn new(local: Memo<FieldErrors>, locale: Locale) -> Self {
        Self {
            locale,
            local,
            server: RwSignal::new(Vec::new()),
            touched: RwSignal::new(Vec::new()),
            submitted: RwSignal::new(false),
        }
    }

    /// The message shown next to `name`, if any.
    pub fn message(self, name: &'static str) -> Option<String> {
        let l = self.locale;
        let server = self.server.with(|s| {
            s.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| l.violation(name, v))
        });
        if server.is_some() {
            return server;
        }
        let shown = self.submitted.get() || self.touched.with(|t| t.contains(&name));
        shown
            .then(|| {
                self.local
                    .with(|e| e.violation(name).map(|v| l.violation(name, v)))
            })
            .flatten()
    }

    /// The field was edited: its own message may show, the server's goes.
    pub fn touch(self, name: &'static str) {
        if !self.touched.with_untracked(|t| t.contains(&name)) {
            self.touched.update(|t| t.push(name));
        }
        if self
            .server
            .with_untracked(|s| s.iter().any(|(k, _)| k == name))
        {
            self.server.update(|s| s.retain(|(k, _)| k != name));
        }
    }

    pub fn set_server(self, errors: &FieldErrors) {
        let _ = self.server.try_set(
            errors
                .violations()
                .map(|(k, v)| (k.to_owned(), v.clone()))
                .collect(),
        );
    }

    /// Messages for fields this form has no input for (shown at the top).
    pub fn other_messages(self, inputs: &'static [&'static str]) -> Vec<String> {
        let l = self.locale;
        let mut out: Vec<String> = self.server.with(|s| {
            s.iter()
                .filter(|(k, _)| !inputs.contains(&k.as_str()))
                .map(|(k, v)| l.violation(k, v))
                .collect()
        });
        if self.submitted.get() {
            self.local.with(|e| {
                out.extend(
                    e.violations()
                        .filter(|(k, _)| !inputs.contains(k))
                        .map(|(k, v)| l.violation(k, v)),
                )
            });
        }
        out.dedup();
        out
    }
}

/// A labelled text input with its hint and message.
#[component]
pub fn TextField(
    /// The visible label.
    label: &'static str,
    /// The wire name of the field: its messages are keyed by it.
    name: &'static str,
    /// The current text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    on_input: Callback<String>,
    errors: Errors,
    /// Marks the input required (the rule itself is in `common`).
    #[prop(optional, into)]
    required: Signal<bool>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] readonly: bool,
    /// A line under the input saying what to enter, or why it is read-only.
    #[prop(default = None)]
    hint: Option<&'static str>,
    /// The id of a `<datalist>` offering values.
    #[prop(optional, into)]
    list: Option<String>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = unique_id(name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let message = move || errors.message(name);
    view! {
        <div class="pm-field" class:pm-invalid=move || message().is_some() data-field=name>
            <label for=id.clone()>
                {label}
                <Show when=move || required.get()>
                    <span class="pm-required">" "{errors.locale.t("form.required")}</span>
                </Show>
            </label>
            <input id=id type=input_type.unwrap_or("text") name=name
                prop:value=move || value.get()
                readonly=readonly
                list=list
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                aria-required=move || required.get().to_string()
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=described
                on:input=move |ev| {
                    errors.touch(name);
                    on_input.run(event_target_value(&ev));
                }/>
            {hint.map(|hint| view! { <p class="pm-hint" id=hint_id>{hint}</p> })}
            <p class="pm-error" id=error_id>{message}</p>
        </div>
    }
}

/// The session-specific fields: packet and deposit.
#[component]
pub fn SessionFieldsSection(
    /// The form's packet and deposit inputs.
    fields: RwSignal<SessionFields>,
    errors: Errors,
) -> impl IntoView {
    let l = errors.locale;
    let group = unique_id("packet");
    let packet = move || fields.with(|f| f.packet);
    let choices = PacketChoice::ALL
        .into_iter()
        .map(|choice| {
            let id = unique_id("packet-choice");
            let label_for = id.clone();
            let group = group.clone();
            view! {
                <label class="pm-choice" for=label_for>
                    <input type="radio" id=id name=group value=choice.value()
                        prop:checked=move || packet() == choice
                        on:change=move |_| {
                            errors.touch(field::PACKET_ID);
                            fields.update(|f| f.packet = choice);
                        }/>
                    {l.t(choice.label_key())}
                </label>
            }
        })
        .collect_view();
    let deposit_id = unique_id("deposit");
    let deposit_for = deposit_id.clone();
    let packet_error_id = unique_id("packet-error");
    let packet_described = packet_error_id.clone();
    let packet_message = move || errors.message(field::PACKET_ID);
    view! {
        <fieldset class="pm-fieldset" data-field=field::PACKET_ID aria-describedby=packet_described>
            <legend>{l.t("form.documents")}</legend>
            {choices}
            <Show when=move || packet() == PacketChoice::Packet>
                <TextField label=l.t("form.packet_number") name=field::PACKET_ID inputmode="numeric"
                    value=Signal::derive(move || fields.with(|f| f.packet_id.clone()))
                    on_input=Callback::new(move |v: String| fields.update(|f| f.packet_id = v))
                    errors=errors required=true/>
            </Show>
            <Show when=move || packet() != PacketChoice::Packet>
                <p class="pm-error" id=packet_error_id.clone()>{packet_message}</p>
            </Show>
        </fieldset>
        <fieldset class="pm-fieldset">
            <legend>{l.t("form.deposit")}</legend>
            <label class="pm-choice" for=deposit_for>
                <input type="checkbox" id=deposit_id
                    prop:checked=move || fields.with(|f| f.deposit)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        errors.touch(field::SVC_ID);
                        errors.touch(field::DEPOSIT);
                        fields.update(|f| f.deposit = on);
                    }/>
                {l.t("form.deposit_require")}
            </label>
            <Show when=move || fields.with(|f| f.deposit)>
                <p class="pm-hint">{l.t("form.deposit_hint")}</p>
                <TextField label=l.t("form.service_id") name=field::SVC_ID inputmode="numeric" required=true
                    value=Signal::derive(move || fields.with(|f| f.svc_id.clone()))
                    on_input=Callback::new(move |v: String| fields.update(|f| f.svc_id = v))
                    errors=errors/>
                <TextField label=l.t("form.deposit_amount") name=field::DEPOSIT inputmode="decimal" required=true
                    value=Signal::derive(move || fields.with(|f| f.amount.clone()))
                    on_input=Callback::new(move |v: String| fields.update(|f| f.amount = v))
                    errors=errors/>
            </Show>
        </fieldset>
    }
}

/// Messages for fields without an input, and the server's general answer.
#[component]
pub fn FormAlert(
    errors: Errors,
    /// The fields the form has inputs for.
    inputs: &'static [&'static str],
    /// The server's general message, and whether a retry makes sense.
    failure: RwSignal<Option<Failure>>,
    /// Sends the last request again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        {move || {
            let others = errors.other_messages(inputs);
            let failure = failure.get();
            (failure.is_some() || !others.is_empty()).then(|| {
                let retry = failure.as_ref().is_some_and(|f| f.retryable);
                view! {
                    <div class="pm-alert" role="alert">
                        {failure.map(|f| view! { <p>{f.message}</p> })}
                        {others.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                        {retry.then(|| view! {
                            <button type="button" class="pm-button" data-action="retry"
                                on:click=move |_| on_retry.run(())>{errors.locale.t("action.try_again")}</button>
                        })}
                    </div>
                }
            })
        }}
    }
}

/// In an edit form: says so when the roster, read again while the form is
/// open, shows the participant changed or removed by someone else (only a
/// refresh counts: the form's own save changes the row too). What staff
/// typed is left as it is; they decide.
#[component]
pub fn ChangedElsewhere(
    /// The ParticipationId being edited (nothing is shown for an add).
    editing: Option<i64>,
) -> impl IntoView {
    let ctx = super::use_ctx();
    let l = ctx.locale;
    let fingerprint = move || {
        ctx.refreshes.track();
        editing.map(|id| {
            ctx.session.with_untracked(|s| {
                s.as_ref()
                    .and_then(|s| s.participant(id))
                    .map(crate::common::view::ParticipantView::fingerprint)
            })
        })
    };
    let opened = untrack(fingerprint);
    view! {
        {move || match (opened, fingerprint()) {
            (Some(Some(before)), Some(Some(now))) if before != now => Some(view! {
                <p class="pm-alert pm-elsewhere" role="status">{l.t("form.changed_elsewhere")}</p>
            }.into_any()),
            (Some(Some(_)), Some(None)) => Some(view! {
                <p class="pm-alert pm-elsewhere" role="status">{l.t("form.removed_elsewhere")}</p>
            }.into_any()),
            _ => None,
        }}
    }
}

/// The time zones a time-zone input offers (`<datalist id=id>`), Windows
/// ids with their labels; one component for every form that has one.
#[component]
pub fn ZoneList(id: String) -> impl IntoView {
    view! {
        <datalist id=id>
            {crate::common::timezones::windows_zones().filter(|z| !z.legacy).map(|z| view! {
                <option value=z.id label=z.label>{z.label}</option>
            }).collect_view()}
        </datalist>
    }
}
