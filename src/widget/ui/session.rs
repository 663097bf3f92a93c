//! Opening a session and showing what it is: when, who hosts it.

use leptos::prelude::*;

use super::use_ctx;
use crate::common::view::SessionState;
use crate::widget::api_error::Doing;
use crate::widget::browser::{clock, local_time, unique_id};
use crate::widget::i18n::Locale;
use crate::widget::target::SessionRef;

/// The standalone page's opener: a session named by SessionId or by the
/// EHR's ExternalSessionId.
#[component]
pub fn SessionOpener() -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let (by, value) = match ctx.session_ref.get_untracked() {
        Some(SessionRef::Id(id)) => ("id", id.to_string()),
        Some(SessionRef::External(ext)) => ("external", ext),
        None => ("external", String::new()),
    };
    let by = RwSignal::new(by.to_owned());
    let value = RwSignal::new(value);
    let by_id = unique_id("open-by");
    let value_id = unique_id("open-value");
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = value.get_untracked();
        let session_ref = if by.get_untracked() == "id" {
            SessionRef::from_parts(Some(&text), None)
        } else {
            SessionRef::from_parts(None, Some(&text))
        };
        match session_ref {
            Some(session_ref) => {
                problem.set(None);
                if ctx.session_ref.get_untracked().as_ref() == Some(&session_ref) {
                    ctx.reload();
                } else {
                    ctx.session_ref.set(Some(session_ref));
                }
            }
            None => problem.set(Some(if by.get_untracked() == "id" {
                l.t("opener.id_invalid").to_owned()
            } else {
                l.t("opener.external_invalid").to_owned()
            })),
        }
    };
    let error_id = unique_id("open-error");
    view! {
        <form class="pm-opener" on:submit=submit aria-label=l.t("opener.label")>
            <div class="pm-field">
                <label for=by_id.clone()>{l.t("opener.by")}</label>
                <select id=by_id prop:value=move || by.get()
                    on:change=move |ev| by.set(event_target_value(&ev))>
                    <option value="external">"ExternalSessionId"</option>
                    <option value="id">"SessionId"</option>
                </select>
            </div>
            <div class="pm-field">
                <label for=value_id.clone()>{move || if by.get() == "id" { "SessionId" } else { "ExternalSessionId" }}</label>
                <input id=value_id type="text" autocomplete="off"
                    prop:value=move || value.get()
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                <p class="pm-error" id=error_id>{move || problem.get()}</p>
            </div>
            <button type="submit" class="pm-button pm-primary">{l.t("opener.open")}</button>
        </form>
    }
}

/// Loading, and a failed load with a retry.
#[component]
pub fn LoadState() -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    view! {
        <Show when=move || ctx.loading()>
            <p class="pm-loading">{l.t("load.loading")}</p>
        </Show>
        {move || ctx.load_error().map(|error| view! {
            <div class="pm-alert" role="alert">
                <p>{error.message(Doing::Loading, l)}</p>
                <button type="button" class="pm-button" on:click=move |_| ctx.reload()>{l.t("action.try_again")}</button>
            </div>
        })}
    }
}

/// The session's topic, its time in the viewer's local time, and its host.
#[component]
pub fn SessionHeader() -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let field = move |f: fn(&crate::common::view::SessionView, Locale) -> Option<String>| {
        move || ctx.session.with(|s| s.as_ref().and_then(|s| f(s, l)))
    };
    let when = field(|s, l| {
        s.schedule_ts
            .as_deref()
            .map(|ts| local_time(ts, l).unwrap_or_else(|| ts.to_owned()))
    });
    let topic = field(|s, _| s.topic.clone().filter(|t| !t.trim().is_empty()));
    let host = field(|s, _| s.host_name.clone());
    let ids = field(|s, l| {
        let id = s.session_id.to_string();
        Some(match &s.external_session_id {
            Some(ext) if !ext.is_empty() => {
                l.tf("session.ids_external", &[("id", &id), ("external", ext)])
            }
            _ => l.tf("session.ids", &[("id", &id)]),
        })
    });
    view! {
        <header class="pm-session">
            <p class="pm-topic">{move || topic().unwrap_or_else(|| l.t("session.untitled").to_owned())}</p>
            <dl class="pm-facts">
                <div><dt>{l.t("session.when")}</dt><dd class="pm-when">{move || when().unwrap_or_else(|| l.t("session.not_scheduled").to_owned())}</dd></div>
                <div><dt>{l.t("header.host")}</dt><dd class="pm-host">{move || host().unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>{l.t("session.session")}</dt><dd>{ids}</dd></div>
                {move || ctx.visit.get().and_then(visit_key).map(|key| view! {
                    <div><dt>{l.t("session.visit")}</dt><dd class="pm-visit">{l.t(key)}</dd></div>
                })}
            </dl>
            <Freshness/>
        </header>
    }
}

/// The visit's status as staff read it (its catalog key); nothing when
/// SecureVideo's answer is not one it documents.
fn visit_key(state: SessionState) -> Option<&'static str> {
    match state {
        SessionState::NotStarted => Some("visit.not_started"),
        SessionState::Started => Some("visit.started"),
        SessionState::Ended => Some("visit.ended"),
        SessionState::Unknown => None,
    }
}

/// When the roster was last read ("Updated 3:02 PM"), or that it could not
/// be read again and may be out of date.
#[component]
fn Freshness() -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let at = move || {
        ctx.updated
            .get()
            .and_then(|ms| clock(&js_sys::Date::new(&ms.into()), l))
    };
    view! {
        {move || at().map(|at| match ctx.stale.get() {
            Some(why) => view! {
                <p class="pm-updated pm-stale" data-stale="">
                    {l.tf("session.stale", &[("at", &at), ("why", &why)])}
                </p>
            }.into_any(),
            None => view! { <p class="pm-updated">{l.tf("session.updated", &[("at", &at)])}</p> }.into_any(),
        })}
    }
}
