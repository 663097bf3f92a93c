//! The checks that need the session: who is the host, who is already in it.
//! spec: "The participant to be added should not be the Session host, or
//! have the same name as a participant already part of the Session [...] or
//! have the same SecureVideoUserId as a participant already part of the
//! Session, otherwise a 400 error will be thrown."
//!
//! The simulator enforces these on its data, the proxy checks them against
//! the session it reads before forwarding, and the widget against the
//! session it shows.

use super::participant::{GuestRequest, UpdateRequest, UserRequest};
use super::values::name_key;
use crate::common::errors::{FieldErrors, Violation, field};
use crate::common::wire::{Participation, Session};

pub const HOST_MESSAGE: &str = "This is the session's host, who is already in the session.";
pub const DUPLICATE_NAME_MESSAGE: &str = "A participant with this name is already in this session.";
pub const DUPLICATE_USER_MESSAGE: &str = "This SecureVideo user is already in this session.";
pub const NAME_CHANGE_MESSAGE: &str =
    "A guest's name cannot change; remove the guest and add them again with the new name.";
pub const USER_CHANGE_MESSAGE: &str =
    "A participant's SecureVideo user cannot change; remove them and add the other user.";
pub const DUPLICATE_EXTERNAL_ID_MESSAGE: &str =
    "Another participant in this session already has this external id.";
pub const HOST_EDIT_MESSAGE: &str = "The session's host cannot be changed or removed here.";

// Each message above as a violation, under its rule's key.
pub fn host_taken() -> Violation {
    Violation::new("session.host", HOST_MESSAGE)
}

pub fn duplicate_name() -> Violation {
    Violation::new("session.duplicate_name", DUPLICATE_NAME_MESSAGE)
}

fn duplicate_user() -> Violation {
    Violation::new("session.duplicate_user", DUPLICATE_USER_MESSAGE)
}

pub fn name_change() -> Violation {
    Violation::new("session.name_change", NAME_CHANGE_MESSAGE)
}

fn user_change() -> Violation {
    Violation::new("session.user_change", USER_CHANGE_MESSAGE)
}

fn duplicate_external_id() -> Violation {
    Violation::new(
        "session.duplicate_external_id",
        DUPLICATE_EXTERNAL_ID_MESSAGE,
    )
}

fn host_edit() -> Violation {
    Violation::new("session.host_edit", HOST_EDIT_MESSAGE)
}

fn is_host(session: &Session, participation: &Participation) -> bool {
    session.user_id.is_some() && participation.secure_video_user_id == session.user_id
}

/// Is `name` the name of someone in the session other than `except`?
fn name_taken(session: &Session, name: &str, except: Option<i64>) -> bool {
    let key = name_key(name);
    session.participants.iter().any(|p| {
        Some(p.participation_id) != except
            && p.participant_full_name.as_deref().map(name_key).as_deref() == Some(key.as_str())
    })
}

/// Checks a guest to be added against the session.
pub fn check_guest_add(session: &Session, guest: &GuestRequest) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = guest.name().unwrap_or_default();
    if let Some(host) = session.host() {
        let same_name = host.participant_full_name.as_deref().map(name_key) == Some(name_key(name));
        let same_email = match (guest.email(), host.participant_email_address.as_deref()) {
            (Some(a), Some(b)) => !b.is_empty() && a.eq_ignore_ascii_case(b),
            _ => false,
        };
        if same_name {
            errors.add(field::FULL_NAME, host_taken());
        } else if same_email {
            errors.add(field::EMAIL, host_taken());
        }
    }
    if name_taken(session, name, None) {
        errors.add(field::FULL_NAME, duplicate_name());
    }
    if guest
        .external_id()
        .is_some_and(|id| external_id_taken(session, id, None))
    {
        errors.add(field::EXTERNAL_ID, duplicate_external_id());
    }
    errors.into_result(|| ())
}

/// Is `external_id` the ParticipantExternalId of someone in the session other
/// than `except`? Participants are addressed by it
/// (`/participant/0?externalSessionId=Y&externalId=X`), so it must name one.
fn external_id_taken(session: &Session, external_id: &str, except: Option<i64>) -> bool {
    session.participants.iter().any(|p| {
        Some(p.participation_id) != except
            && p.participant_external_id.as_deref() == Some(external_id)
    })
}

/// Checks a SecureVideo user to be added against the session.
pub fn check_user_add(session: &Session, user: &UserRequest) -> Result<(), FieldErrors> {
    let Some(user_id) = user.user_id() else {
        return Err(FieldErrors::single(
            field::USER_ID,
            super::participant::choose_user(),
        ));
    };
    match user_unavailable(session, user_id) {
        Some(violation) => Err(FieldErrors::single(field::USER_ID, violation)),
        None => Ok(()),
    }
}

/// Why the SecureVideo user `user_id` cannot be added to `session`: they
/// host it, or they are in it already. The widget's user search marks such
/// matches with the same rule.
pub fn user_unavailable(session: &Session, user_id: i64) -> Option<Violation> {
    if session.user_id == Some(user_id) {
        return Some(host_taken());
    }
    session
        .participants
        .iter()
        .any(|p| p.secure_video_user_id == Some(user_id))
        .then(duplicate_user)
}

/// Checks an update against the participant it targets. spec: "You cannot
/// change the ParticipantFullName (for non-SecureVideo users) or
/// SecureVideoUserId (for SecureVideo users)".
pub fn check_update(
    session: &Session,
    target: &Participation,
    update: &UpdateRequest,
) -> Result<(), FieldErrors> {
    if is_host(session, target) {
        return Err(FieldErrors::single("", host_edit()));
    }
    match update {
        UpdateRequest::Guest(guest) => {
            if target.is_user() {
                return Err(FieldErrors::single(
                    field::USER_ID,
                    Violation::new(
                        "session.target_is_user",
                        "This participant is a SecureVideo user: only PacketId, SvcId and DepositRequired can be set.",
                    ),
                ));
            }
            let mut errors = FieldErrors::new();
            let current_name = target.participant_full_name.as_deref().map(str::trim);
            if guest
                .name()
                .is_some_and(|name| Some(name.trim()) != current_name)
            {
                errors.add(field::FULL_NAME, name_change());
            }
            if guest
                .external_id()
                .is_some_and(|id| external_id_taken(session, id, Some(target.participation_id)))
            {
                errors.add(field::EXTERNAL_ID, duplicate_external_id());
            }
            errors.into_result(|| ())
        }
        UpdateRequest::User(user) => {
            if !target.is_user() {
                return Err(FieldErrors::single(
                    field::USER_ID,
                    Violation::new(
                        "session.target_is_guest",
                        "This participant is a guest, not a SecureVideo user.",
                    ),
                ));
            }
            match user.user_id() {
                Some(id) if Some(id) != target.secure_video_user_id => {
                    Err(FieldErrors::single(field::USER_ID, user_change()))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Checks a removal: the host stays in their own session.
pub fn check_remove(session: &Session, target: &Participation) -> Result<(), FieldErrors> {
    if is_host(session, target) {
        Err(FieldErrors::single("", host_edit()))
    } else {
        Ok(())
    }
}
