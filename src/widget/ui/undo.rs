//! Removal with undo. Remove hides the row at once and offers "Undo" for
//! `undoSeconds`; the DELETE (and so SecureVideo's cancellation notice) is
//! sent only when that window ends, when staff make another change, or
//! when the page is hidden or unloaded (then as a `keepalive` request, which
//! the browser finishes after the page is gone). Undo within the window
//! sends nothing. If the DELETE fails, the row comes back with the reason;
//! the host page's `participant-removed` fires only once it succeeded.

use leptos::prelude::*;

use super::Ctx;
use super::remove::cancellation_key;
use super::use_ctx;
use crate::common::view::ParticipantView;
use crate::widget::api_error::Doing;
use crate::widget::browser;

/// A removal that is not final yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub participation_id: i64,
    pub name: String,
    external_id: Option<String>,
    /// What the bar says will happen (a cancellation notice or not).
    consequence: &'static str,
    /// The DELETE is on its way: no undo any more.
    sent: bool,
}

impl Ctx {
    /// Whether this participant's row is hidden by a removal.
    pub fn removing(self, participation_id: i64) -> bool {
        self.removals
            .with(|r| r.iter().any(|p| p.participation_id == participation_id))
    }

    /// Remove: hides the row and offers Undo; the DELETE waits for the
    /// window to end. With `undoSeconds` 0 the confirmation dialog asks
    /// first instead and the DELETE goes at once.
    pub fn remove_with_undo(self, participant: &ParticipantView) {
        if self.settings.undo_seconds == 0 {
            self.open
                .set(Some(super::Open::Remove(participant.participation_id)));
            return;
        }
        // One undo at a time: an earlier removal is final now.
        self.send_removals(false);
        let id = participant.participation_id;
        let name = participant.name().to_owned();
        self.removal_failed.set(None);
        self.removals.update(|r| {
            r.push(Pending {
                participation_id: id,
                name: name.clone(),
                external_id: participant.participant_external_id.clone(),
                consequence: self.locale.t(cancellation_key(participant.delivery())),
                sent: false,
            });
        });
        self.announce(self.locale.count(
            "undo.offered",
            self.settings.undo_seconds as usize,
            &[("name", &name)],
        ));
        let window_ms =
            i32::try_from(self.settings.undo_seconds.saturating_mul(1000)).unwrap_or(i32::MAX);
        leptos::task::spawn_local(async move {
            browser::sleep(window_ms).await;
            self.send_removal(id, false);
        });
    }

    /// A DELETE succeeded (after the undo window, or confirmed in the
    /// dialog when there is none): the row goes, screen readers hear it, and
    /// the host page gets `participant-removed`.
    pub fn removed(self, participation_id: i64, name: &str, external_id: Option<&str>) {
        self.update_session(|s| {
            s.participants
                .retain(|p| p.participation_id != participation_id);
        });
        self.announce(self.locale.tf("undo.removed", &[("name", name)]));
        self.notify("participant-removed", participation_id, external_id);
    }

    /// Undo: the row comes back and nothing is sent.
    pub fn undo_removal(self, participation_id: i64) {
        let mut kept = None;
        let _ = self.removals.try_update(|r| {
            if let Some(at) = r
                .iter()
                .position(|p| p.participation_id == participation_id && !p.sent)
            {
                kept = Some(r.remove(at));
            }
        });
        if let Some(kept) = kept {
            self.announce(self.locale.tf("undo.kept", &[("name", &kept.name)]));
        }
    }

    /// Makes every removal still undoable final: another change, or the page
    /// going away (`keepalive`).
    pub fn send_removals(self, keepalive: bool) {
        let waiting: Vec<i64> = self
            .removals
            .try_with_untracked(|r| {
                r.iter()
                    .filter(|p| !p.sent)
                    .map(|p| p.participation_id)
                    .collect()
            })
            .unwrap_or_default();
        for id in waiting {
            self.send_removal(id, keepalive);
        }
    }

    /// Sends the DELETE of one pending removal, unless it was undone or
    /// already sent.
    fn send_removal(self, participation_id: i64, keepalive: bool) {
        let mut sending = None;
        let _ = self.removals.try_update(|r| {
            if let Some(p) = r
                .iter_mut()
                .find(|p| p.participation_id == participation_id && !p.sent)
            {
                p.sent = true;
                sending = Some(p.clone());
            }
        });
        let Some(pending) = sending else { return };
        // Made now (it takes the client now), not when the task first runs:
        // by then an unmounted widget's state is gone.
        let request = self.api.remove(participation_id, keepalive);
        leptos::task::spawn_local(async move {
            let result = request.await;
            let _ = self.removals.try_update(|r| {
                r.retain(|p| p.participation_id != participation_id);
            });
            match result {
                Ok(()) => self.removed(
                    participation_id,
                    &pending.name,
                    pending.external_id.as_deref(),
                ),
                Err(error) => {
                    let message = self.locale.tf(
                        "undo.failed",
                        &[
                            ("name", &pending.name),
                            ("why", &error.message(Doing::Removing, self.locale)),
                        ],
                    );
                    let _ = self.removal_failed.try_set(Some(message.clone()));
                    self.announce(message);
                }
            }
        });
    }
}

/// While a removal can be undone, the page being hidden (another tab, the
/// EHR navigating away) or unloaded sends it, as a `keepalive` request; so
/// does the widget being taken off the page.
pub fn send_removals_when_the_page_goes(ctx: Ctx) {
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if !browser::page_visible() {
            ctx.send_removals(true);
        }
    });
    let unloaded = window_event_listener_untyped("pagehide", move |_| ctx.send_removals(true));
    on_cleanup(move || {
        hidden.remove();
        unloaded.remove();
        ctx.send_removals(true);
    });
}

/// Once the row is drawn again, its Remove control (or, in a compact row,
/// its menu) takes the focus the Undo button had.
fn focus_row(participation_id: i64) {
    let root = browser::deep_active_element().and_then(|el| el.closest(".pm").ok().flatten());
    set_timeout(
        move || {
            let id = participation_id.to_string();
            if let Some(root) = root {
                browser::focus_first_shown(
                    &root,
                    &[
                        browser::row_action(&id, "remove"),
                        browser::row_action(&id, "menu"),
                    ],
                );
            }
        },
        std::time::Duration::ZERO,
    );
}

/// "Removed Jamie Rivera · Undo" while a removal can be undone; its reason
/// when one failed.
#[component]
pub fn UndoBar() -> impl IntoView {
    let ctx = use_ctx();
    let l = ctx.locale;
    let undoable = move || {
        ctx.removals
            .with(|r| r.iter().rev().find(|p| !p.sent).cloned())
    };
    let undo_ref = NodeRef::<leptos::html::Button>::new();
    // The row staff removed is gone, and the focus with it: Undo takes it.
    Effect::new(move |_| {
        if let Some(button) = undo_ref.get() {
            let _ = button.focus();
        }
    });
    view! {
        {move || undoable().map(|p| {
            let id = p.participation_id;
            view! {
                <div class="pm-undo" data-undo=id.to_string()>
                    <p>{l.tf("undo.bar", &[("name", &p.name), ("consequence", p.consequence)])}</p>
                    <button type="button" class="pm-button pm-small" node_ref=undo_ref data-action="undo"
                        aria-label=l.tf("undo.label", &[("name", &p.name)])
                        on:click=move |_| {
                            ctx.undo_removal(id);
                            focus_row(id);
                        }>
                        {l.t("undo.undo")}
                    </button>
                </div>
            }
        })}
        {move || ctx.removal_failed.get().map(|message| view! {
            <div class="pm-alert" role="alert">
                <p>{message}</p>
                <button type="button" class="pm-button pm-small" on:click=move |_| ctx.removal_failed.set(None)>
                    {l.t("action.dismiss")}
                </button>
            </div>
        })}
    }
}
