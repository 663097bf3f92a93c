//! Participant Manager: manage who joins a SecureVideo telehealth visit.
//!
//! - [`common`]: wire types, participant rules, time zones; both targets.
//! - [`proxy`]: the credential-holding server the widget talks to; native.
//! - [`simulator`]: a SecureVideo-compatible server on SQLite; native.

pub mod common;
#[cfg(not(target_arch = "wasm32"))]
pub mod proxy;
#[cfg(not(target_arch = "wasm32"))]
pub mod shutdown;
#[cfg(not(target_arch = "wasm32"))]
pub mod simulator;
/// The browser widget; its pure logic compiles everywhere so host tests see it.
pub mod widget;
