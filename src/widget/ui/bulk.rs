//! "Add several": staff paste or type guests, one per line (or CSV), see
//! each row checked by `common`'s rules, fix or drop rows in place, choose
//! a delivery method and a time zone for all, then add them one by one with
//! progress they can cancel between rows. Each row ends added or refused
//! with the reason; failed rows can be sent again, after the session is read
//! again so a row that went through is never sent twice (`bulk::reconcile`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialog::Dialog;
use super::fields::ZoneList;
use super::use_ctx;
use crate::common::Delivery;
use crate::common::errors::field;
use crate::widget::api_error::Doing;
use crate::widget::browser::{browser_windows_zone, unique_id};
use crate::widget::bulk::{BatchRow, RowCheck, RowState, check_all, reconcile, rows_from};
use crate::widget::form::validate_guest;

#[component]
pub fn BulkDialog() -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let text = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<BatchRow>::new());
    let delivery = RwSignal::new(Delivery::Email);
    let time_zone = RwSignal::new(browser_windows_zone().unwrap_or_default().to_owned());
    let running = RwSignal::new(false);
    let cancel = RwSignal::new(false);
    // Each row's state and check, indexed by its key (keys are the rows'
    // first positions), so each of 500 rows finds its own in one lookup.
    let by_key = Memo::new(move |_| {
        rows.with(|r| {
            let checks = ctx.session.with(|s| check_all(r, s.as_ref()));
            let mut by_key = vec![None; r.iter().map(|row| row.key + 1).max().unwrap_or(0)];
            for (row, check) in r.iter().zip(checks) {
                by_key[row.key] = Some((row.state.clone(), check));
            }
            by_key
        })
    });
    let ready = move || {
        by_key.with(|m| {
            m.iter()
                .flatten()
                .filter(|(state, check)| {
                    check.ok() && matches!(state, RowState::Waiting | RowState::Failed(_))
                })
                .count()
        })
    };
    let counts = move || {
        rows.with(|r| {
            let added = r.iter().filter(|row| row.state == RowState::Added).count();
            let failed = r
                .iter()
                .filter(|row| matches!(row.state, RowState::Failed(_)))
                .count();
            (added, failed, r.len())
        })
    };
    let changed = Signal::derive(move || {
        !text.with(String::is_empty)
            && !rows.with(|r| !r.is_empty() && r.iter().all(|row| row.state == RowState::Added))
    });

    let preview = move |_| {
        let pasted = crate::common::bulk::parse(&text.get_untracked());
        rows.set(rows_from(
            pasted,
            delivery.get_untracked(),
            &time_zone.get_untracked(),
        ));
    };
    // A delivery method or time zone for all: applied to every row not yet
    // added.
    let apply_to_all = move || {
        let (d, tz) = (delivery.get_untracked(), time_zone.get_untracked());
        rows.update(|r| {
            for row in r.iter_mut().filter(|row| row.state != RowState::Added) {
                row.fields.delivery = d;
                row.fields.time_zone = tz.clone();
            }
        });
    };

    // Sends the ready rows one at a time; Cancel stops before the next.
    let add_all = move || {
        if running.get_untracked() {
            return;
        }
        let Some(session_ref) = ctx.session_ref.get_untracked() else {
            return;
        };
        running.set(true);
        cancel.set(false);
        // A removal staff could still undo is final before other changes.
        ctx.send_removals(false);
        spawn_local(async move {
            let had_failures = rows
                .with_untracked(|r| r.iter().any(|row| matches!(row.state, RowState::Failed(_))));
            // Failed rows may have gone through with their answer lost:
            // read the session first, and mark those added.
            if had_failures && let Ok((view, _)) = ctx.api.session(&session_ref).await {
                ctx.show(view.clone());
                let _ = rows.try_update(|r| reconcile(r, &view));
            }
            loop {
                if cancel.try_get_untracked() != Some(false) {
                    break;
                }
                // The next row to send, checked against the session as it is now.
                let next = rows.try_with_untracked(|r| {
                    ctx.session.with_untracked(|s| {
                        let checks = check_all(r, s.as_ref());
                        r.iter().zip(&checks).find_map(|(row, check)| {
                            let sendable = matches!(row.state, RowState::Waiting)
                                || matches!(row.state, RowState::Failed(_)) && had_failures;
                            (sendable && check.ok())
                                .then(|| validate_guest(&row.fields, s.as_ref(), None).ok())
                                .flatten()
                                .map(|body| (row.key, body))
                        })
                    })
                });
                let Some(Some((key, body))) = next else { break };
                set_state(rows, key, RowState::Adding);
                let before = ctx.session.get_untracked().unwrap_or_default();
                match ctx.api.add(&session_ref, &body).await {
                    Ok(view) => {
                        if let Some(p) = view.added_since(&before) {
                            ctx.notify(
                                "participant-added",
                                p.participation_id,
                                p.participant_external_id.as_deref(),
                            );
                        }
                        ctx.show(view);
                        set_state(rows, key, RowState::Added);
                    }
                    Err(error) => {
                        let reason = error
                            .field_errors()
                            .violations()
                            .map(|(f, v)| l.violation(f, v))
                            .collect::<Vec<_>>()
                            .join(" ");
                        let reason = if reason.is_empty() {
                            error.message(Doing::Saving, l)
                        } else {
                            reason
                        };
                        set_state(rows, key, RowState::Failed(reason));
                    }
                }
            }
            let _ = running.try_set(false);
            let (added, failed, _) = rows
                .try_with_untracked(|r| {
                    (
                        r.iter().filter(|row| row.state == RowState::Added).count(),
                        r.iter()
                            .filter(|row| matches!(row.state, RowState::Failed(_)))
                            .count(),
                    )
                })
                .map_or((0, 0, 0), |(a, f)| (a, f, 0));
            ctx.announce(l.tf(
                "bulk.done",
                &[
                    ("added", &l.number(added as f64)),
                    ("failed", &l.number(failed as f64)),
                ],
            ));
        });
    };

    let text_id = unique_id("bulk-text");
    let delivery_id = unique_id("bulk-delivery");
    let zone_id = unique_id("bulk-zone");
    let zones_id = unique_id("bulk-zones");
    view! {
        <Dialog title=l.t("bulk.title").to_owned() changed=changed wide=true>
            <div class="pm-bulk-all">
                <div class="pm-field">
                    <label for=delivery_id.clone()>{l.t("bulk.send_by")}</label>
                    <select id=delivery_id on:change=move |ev| {
                        delivery.set(Delivery::from_code(&event_target_value(&ev)).unwrap_or(Delivery::Email));
                        apply_to_all();
                    }>
                        <option value="E" selected=true>{l.t("guest.by_email")}</option>
                        <option value="S">{l.t("guest.by_sms")}</option>
                        <option value="N">{l.t("bulk.by_none")}</option>
                    </select>
                </div>
                <div class="pm-field">
                    <label for=zone_id.clone()>{l.t("bulk.time_zone")}</label>
                    <input id=zone_id type="text" list=zones_id.clone() prop:value=move || time_zone.get()
                        on:change=move |ev| { time_zone.set(event_target_value(&ev)); apply_to_all(); }/>
                    <ZoneList id=zones_id/>
                </div>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <div class="pm-field">
                    <label for=text_id.clone()>{l.t("bulk.guests")}</label>
                    <textarea id=text_id.clone() rows="8" class="pm-bulk-text" aria-describedby=format!("{text_id}-hint")
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <p class="pm-hint" id=format!("{text_id}-hint")>{l.t("bulk.hint")}</p>
                </div>
                <div class="pm-form-actions">
                    <button type="button" class="pm-button pm-primary" data-action="preview" on:click=preview>{l.t("bulk.preview")}</button>
                    <button type="button" class="pm-button" on:click=move |_| ctx.request_close()>{l.t("action.cancel")}</button>
                </div>
            </Show>
            <Show when=move || !rows.with(Vec::is_empty)>
                <p class="pm-bulk-summary">{move || {
                    let (added, failed, total) = counts();
                    let n = |n: usize| l.number(n as f64);
                    l.count("bulk.summary", total, &[
                        ("ready", &n(ready())), ("added", &n(added)), ("failed", &n(failed)),
                    ])
                }}</p>
                <Show when=move || running.get()>
                    <div class="pm-bulk-progress">
                        <progress max=move || counts().2.to_string() value=move || (counts().0 + counts().1).to_string()
                            aria-label=l.t("bulk.adding")></progress>
                        <span>{move || {
                            let (a, f, t) = counts();
                            l.tf("bulk.progress", &[("done", &l.number((a + f) as f64)), ("total", &l.number(t as f64))])
                        }}</span>
                        <button type="button" class="pm-button pm-small" data-action="cancel-batch"
                            on:click=move |_| cancel.set(true)>{l.t("action.cancel")}</button>
                    </div>
                </Show>
                // One `disabled` for every input and button of the rows while
                // the batch runs (one binding, not four a row).
                <fieldset class="pm-bulk-lock" disabled=move || running.get()>
                <div class="pm-table-wrap pm-bulk-wrap">
                    <table class="pm-table pm-bulk">
                        <caption class="pm-visually-hidden">{l.t("bulk.caption")}</caption>
                        <thead><tr>
                            <th scope="col">{l.t("bulk.line")}</th>
                            <th scope="col">{l.t("table.name")}</th>
                            <th scope="col">{l.t("guest.email")}</th>
                            <th scope="col">{l.t("guest.sms")}</th>
                            <th scope="col">{l.t("bulk.check")}</th>
                            <th scope="col"><span class="pm-visually-hidden">{l.t("bulk.drop")}</span></th>
                        </tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|row| row.key let:row>
                                <BulkRowView row=row rows=rows by_key=by_key/>
                            </For>
                        </tbody>
                    </table>
                </div>
                </fieldset>
                <div class="pm-form-actions">
                    <button type="button" class="pm-button pm-primary" data-action="add-batch"
                        disabled=move || running.get() || ready() == 0
                        on:click=move |_| add_all()>
                        {move || {
                            let n = ready();
                            let retry = rows.with(|r| r.iter().any(|row| matches!(row.state, RowState::Failed(_))));
                            if retry {
                                l.tf("bulk.try_again", &[("n", &l.number(n as f64))])
                            } else {
                                l.count("bulk.add", n, &[])
                            }
                        }}
                    </button>
                    <button type="button" class="pm-button" disabled=move || running.get()
                        on:click=move |_| rows.set(Vec::new())>{l.t("bulk.back")}</button>
                    <button type="button" class="pm-button" on:click=move |_| ctx.request_close()>{l.t("action.close")}</button>
                </div>
            </Show>
        </Dialog>
    }
}

fn set_state(rows: RwSignal<Vec<BatchRow>>, key: usize, state: RowState) {
    let _ = rows.try_update(|r| {
        if let Some(row) = r.iter_mut().find(|row| row.key == key) {
            row.state = state;
        }
    });
}

/// One row of the preview: its fields as inputs staff can fix, `common`'s
/// messages, its state, and Drop.
#[component]
fn BulkRowView(
    row: BatchRow,
    rows: RwSignal<Vec<BatchRow>>,
    by_key: Memo<Vec<Option<(RowState, RowCheck)>>>,
) -> impl IntoView {
    let l = use_ctx().locale;
    let key = row.key;
    let line = row.line;
    let mine = move || {
        by_key
            .with(|m| m.get(key).cloned().flatten())
            .unwrap_or_default()
    };
    let check = move || mine().1;
    let state = move || mine().0;
    let edit = move |apply: fn(&mut BatchRow, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            rows.update(|r| {
                // An added row is in the session: editing it here changes nothing.
                if let Some(row) = r
                    .iter_mut()
                    .find(|x| x.key == key && x.state != RowState::Added)
                {
                    apply(row, value);
                    row.refused = None;
                    if matches!(row.state, RowState::Failed(_)) {
                        row.state = RowState::Waiting;
                    }
                }
            });
        }
    };
    let line_text = line.to_string();
    let input = move |label: &'static str,
                      wire: &'static str,
                      value: String,
                      apply: fn(&mut BatchRow, String)| {
        let label = l.t(label);
        view! {
            <input type="text" aria-label=l.tf("bulk.input_label", &[("label", label), ("line", &line_text)])
                placeholder=label value=value
                aria-invalid=move || check().message(wire).is_some().to_string()
                on:change=edit(apply)/>
        }
    };
    // Rows that need fixing are inputs; the others are text (with Change
    // to make them inputs): three inputs a row made a 500-row preview
    // slow to draw.
    let fixing = RwSignal::new(!untrack(check).ok());
    let f = row.fields;
    let cells = move || {
        let f = f.clone();
        if fixing.get() {
            view! {
                <td>{input("table.name", field::FULL_NAME, f.name, |r, v| r.fields.name = v)}</td>
                <td>{input("guest.email", field::EMAIL, f.email, |r, v| r.fields.email = v)}</td>
                <td>{input("guest.sms", field::SMS, f.sms, |r, v| r.fields.sms = v)}</td>
            }
            .into_any()
        } else {
            view! { <td>{f.name}</td><td>{f.email}</td><td>{f.sms}</td> }.into_any()
        }
    };
    view! {
        <tr data-line=line data-state=move || match state() {
            RowState::Waiting => "waiting",
            RowState::Adding => "adding",
            RowState::Added => "added",
            RowState::Failed(_) => "failed",
        }>
            <td>{line}</td>
            {cells}
            <td class="pm-bulk-check">{move || match state() {
                RowState::Added => l.t("bulk.added").to_owned(),
                RowState::Adding => l.t("bulk.adding_row").to_owned(),
                RowState::Failed(reason) => l.tf("bulk.failed", &[("why", &reason)]),
                RowState::Waiting => {
                    let c = check();
                    if c.ok() { l.t("bulk.ready").to_owned() } else {
                        c.messages.iter().map(|(f, v)| l.violation(f, v)).collect::<Vec<_>>().join(" ")
                    }
                }
            }}</td>
            <td class="pm-bulk-row-actions">
                {move || match (fixing.get(), state() == RowState::Added) {
                    (false, false) => Some(view! {
                        <button type="button" class="pm-button pm-small" aria-label=l.tf("bulk.change_label", &[("line", &line.to_string())])
                            on:click=move |_| fixing.set(true)>{l.t("bulk.change")}</button>
                    }.into_any()),
                    (true, false) => Some(view! {
                        <button type="button" class="pm-button pm-small" aria-label=l.tf("bulk.drop_label", &[("line", &line.to_string())])
                            on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))>{l.t("bulk.drop")}</button>
                    }.into_any()),
                    _ => None,
                }}
            </td>
        </tr>
    }
}
