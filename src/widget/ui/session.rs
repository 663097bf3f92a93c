//! Opening a session and showing what it is: when, who hosts it.

use leptos::prelude::*;

use super::use_ctx;
use crate::common::view::SessionState;
use crate::widget::api_error::Doing;
use crate::widget::browser::{clock, local_time, unique_id};
use crate::widget::target::SessionRef;

/// The standalone page's opener: a session named by SessionId or by the
/// EHR's ExternalSessionId.
#[component]
pub fn SessionOpener() -> impl IntoView {
    let ctx = use_ctx();
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
                "Enter a SessionId: a positive whole number.".to_owned()
            } else {
                "Enter the ExternalSessionId your EHR gave the session.".to_owned()
            })),
        }
    };
    let error_id = unique_id("open-error");
    view! {
        <form class="pm-opener" on:submit=submit aria-label="Open a session">
            <div class="pm-field">
                <label for=by_id.clone()>"Find the session by"</label>
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
            <button type="submit" class="pm-button pm-primary">"Open session"</button>
        </form>
    }
}

/// Loading, and a failed load with a retry.
#[component]
pub fn LoadState() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <Show when=move || ctx.loading()>
            <p class="pm-loading">"Loading the session…"</p>
        </Show>
        {move || ctx.load_error().map(|error| view! {
            <div class="pm-alert" role="alert">
                <p>{error.message(Doing::Loading)}</p>
                <button type="button" class="pm-button" on:click=move |_| ctx.reload()>"Try again"</button>
            </div>
        })}
    }
}

/// The session's topic, its time in the viewer's local time, and its host.
#[component]
pub fn SessionHeader() -> impl IntoView {
    let ctx = use_ctx();
    let field = move |f: fn(&crate::common::view::SessionView) -> Option<String>| {
        move || ctx.session.with(|s| s.as_ref().and_then(f))
    };
    let when = field(|s| {
        s.schedule_ts
            .as_deref()
            .map(|ts| local_time(ts).unwrap_or_else(|| ts.to_owned()))
    });
    let topic = field(|s| s.topic.clone().filter(|t| !t.trim().is_empty()));
    let host = field(|s| s.host_name.clone());
    let ids = field(|s| {
        Some(match &s.external_session_id {
            Some(ext) if !ext.is_empty() => format!("Session {} · {}", s.session_id, ext),
            _ => format!("Session {}", s.session_id),
        })
    });
    view! {
        <header class="pm-session">
            <p class="pm-topic">{move || topic().unwrap_or_else(|| "Telehealth session".to_owned())}</p>
            <dl class="pm-facts">
                <div><dt>"When"</dt><dd class="pm-when">{move || when().unwrap_or_else(|| "Not scheduled".to_owned())}</dd></div>
                <div><dt>"Host"</dt><dd class="pm-host">{move || host().unwrap_or_else(|| "—".to_owned())}</dd></div>
                <div><dt>"Session"</dt><dd>{ids}</dd></div>
                {move || ctx.visit.get().and_then(visit_label).map(|label| view! {
                    <div><dt>"Visit"</dt><dd class="pm-visit">{label}</dd></div>
                })}
            </dl>
            <Freshness/>
        </header>
    }
}

/// The visit's status as staff read it; nothing when SecureVideo's answer
/// is not one it documents.
fn visit_label(state: SessionState) -> Option<&'static str> {
    match state {
        SessionState::NotStarted => Some("Not started"),
        SessionState::Started => Some("In session"),
        SessionState::Ended => Some("Ended"),
        SessionState::Unknown => None,
    }
}

/// When the roster was last read ("Updated 3:02 PM"), or that it could not
/// be read again and may be out of date.
#[component]
fn Freshness() -> impl IntoView {
    let ctx = use_ctx();
    let at = move || {
        ctx.updated
            .get()
            .and_then(|ms| clock(&js_sys::Date::new(&ms.into())))
    };
    view! {
        {move || at().map(|at| match ctx.stale.get() {
            Some(why) => view! {
                <p class="pm-updated pm-stale" data-stale="">
                    {format!("Not updated since {at}. {why}")}
                </p>
            }.into_any(),
            None => view! { <p class="pm-updated">{format!("Updated {at}")}</p> }.into_any(),
        })}
    }
}
