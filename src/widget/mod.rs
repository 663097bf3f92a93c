//! The participant manager widget: Leptos (CSR) on WebAssembly.
//!
//! The pure parts compile on every target so plain `cargo test` covers
//! them: [`format`] (masked contacts, labels), [`form`] (form state → the
//! body `common` validates), [`target`] (which session, which proxy path),
//! [`api_error`] and [`theme`] (the stylesheet and its contrast checks).
//! What the proxy answers is `common::view`, the one contract both sides
//! compile.
//!
//! The browser parts are wasm32 only: [`api`] (the proxy client), the
//! components under [`ui`], and [`embed`] (the standalone page, `mount()`,
//! the `<participant-manager>` custom element and its DOM events).

pub mod api_error;
pub mod bulk;
pub mod form;
pub mod format;
pub mod i18n;
pub mod target;
pub mod theme;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod fetch_shim;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use embed::{MountHandle, Options, define_custom_element, mount, start_standalone};
