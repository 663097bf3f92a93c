//! Shared by the widget (wasm32) and the server (native): SecureVideo's wire
//! types, the participant rules, the Windows time zones and the field
//! errors. No I/O and no web or server dependencies.

pub mod bulk;
pub mod errors;
pub mod mask;
pub mod rules;
pub mod scope;
pub mod session_ref;
pub mod timezones;
pub mod view;
pub mod wire;

pub use errors::{FieldErrors, Violation, field, user_field};
pub use rules::*;
pub use session_ref::SessionRef;
pub use wire::{
    ErrorBody, GuestBody, Participation, Session, SessionState, SessionStatusBody, User,
    UserParticipantBody,
};
