//! The one save, retry and field-error mechanism the guest and user forms
//! share: an `Action::new_local` that sends the body (an add, or an update
//! of `editing`), whose `pending` drives the submit button and whose
//! `value` is applied once per answer: the session shown, the host page
//! told and the dialog closed; or the server's field messages put next to
//! their inputs and its sentence, with "Try again" when a retry may work,
//! at the top of the form. The last body sent is kept for that retry.

use leptos::prelude::*;

use super::Ctx;
use super::fields::Errors;
use crate::common::view::SessionView;
use crate::widget::api_error::{Doing, Failure, WidgetError};

/// The session before the change (to find the participant an add created),
/// and the proxy's answer.
type Answer = (SessionView, Result<SessionView, WidgetError>);

/// A form's save. `Copy`: only handles.
#[derive(Clone, Copy)]
pub struct Save {
    action: Action<String, Answer>,
    /// The server's general message for the last attempt, if it failed.
    pub failure: RwSignal<Option<Failure>>,
    last_body: StoredValue<Option<String>>,
}

impl Save {
    /// `added` is the catalog key of the status line after an add
    /// ("Added guest {name}.").
    pub fn new(ctx: Ctx, editing: Option<i64>, errors: Errors, added: &'static str) -> Self {
        let action = Action::new_local(move |body: &String| {
            // Another change: a removal staff could still undo is final now.
            ctx.send_removals(false);
            let body = body.clone();
            let before = ctx.session.get_untracked().unwrap_or_default();
            async move {
                let result = match editing {
                    Some(id) => ctx.api.update(id, &body).await,
                    None => match ctx.session_ref.get_untracked() {
                        Some(session_ref) => ctx.api.add(&session_ref, &body).await,
                        None => Err(WidgetError::Unexpected(
                            ctx.locale.t("save.no_session").to_owned(),
                        )),
                    },
                };
                (before, result)
            }
        });
        let failure = RwSignal::new(None);
        Effect::new(move |_| {
            if let Some((before, result)) = action.value().get() {
                untrack(|| apply(ctx, editing, &before, result, errors, failure, added));
            }
        });
        Self {
            action,
            failure,
            last_body: StoredValue::new(None),
        }
    }

    /// A save is in flight: the button shows progress and cannot send twice.
    pub fn pending(self) -> bool {
        self.action.pending().get()
    }

    /// Sends `body` (already checked by `common`), unless a save is in flight.
    pub fn send(self, body: String) {
        if self.action.pending().get_untracked() {
            return;
        }
        self.failure.set(None);
        self.last_body.set_value(Some(body.clone()));
        self.action.dispatch_local(body);
    }

    /// Sends the last body again.
    pub fn retry(self) {
        if let Some(body) = self.last_body.get_value() {
            self.send(body);
        }
    }
}

/// Shows a changed session, tells the host page, and closes the dialog; or
/// puts the server's messages next to their fields and keeps the form.
fn apply(
    ctx: Ctx,
    editing: Option<i64>,
    before: &SessionView,
    result: Result<SessionView, WidgetError>,
    errors: Errors,
    failure: RwSignal<Option<Failure>>,
    added: &'static str,
) {
    let l = ctx.locale;
    match result {
        Ok(view) => {
            let changed = match editing {
                Some(id) => view.participant(id),
                None => view.added_since(before),
            };
            let (id, external, name) = changed
                .map(|p| {
                    (
                        p.participation_id,
                        p.participant_external_id.clone(),
                        p.name().to_owned(),
                    )
                })
                .unwrap_or_default();
            ctx.show(view);
            if editing.is_some() {
                ctx.announce(l.tf("save.saved", &[("name", &name)]));
                ctx.notify("participant-updated", id, external.as_deref());
            } else {
                ctx.announce(l.tf(added, &[("name", &name)]));
                ctx.notify("participant-added", id, external.as_deref());
            }
            ctx.close_dialog();
        }
        Err(error) => {
            errors.set_server(&error.field_errors());
            let _ = failure.try_set(Some(Failure::new(&error, Doing::Saving, l)));
            ctx.announce(error.message(Doing::Saving, l));
        }
    }
}
