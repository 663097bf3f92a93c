//! What an embed token allows, one type for both sides: the proxy signs and
//! enforces it; the widget reads it from the token only to decide what to
//! show (it never trusts it for anything else).

use serde::{Deserialize, Serialize};

/// What a token allows (`"read"` or `"write"` in its claims).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Read the session and search users.
    Read,
    /// Also add, update and remove participants.
    Write,
}
