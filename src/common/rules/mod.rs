//! The participant rules, written once for the widget, the proxy and the
//! simulator: field values ([`values`]), the participant bodies
//! ([`participant`]), the checks against a session ([`session`]) and the
//! User API's account body ([`user`]).

pub mod participant;
pub mod session;
pub mod user;
pub mod values;

pub use participant::{
    AddRequest, Deposit, GuestRequest, Mode, ParticipantForm, UpdateRequest, UserRequest,
    parse_add, parse_guest, parse_update, parse_user,
};
pub use session::{check_guest_add, check_remove, check_update, check_user_add};
pub use user::{UserAccountForm, UserAccountRequest, parse_user_account};
pub use values::{Delivery, Packet, UsdCents, name_key};
