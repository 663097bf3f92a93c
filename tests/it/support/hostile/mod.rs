//! The hostile-input harness: a script for the SecureVideo stand-in
//! (`support::upstream`), the canary values nothing may leak, and the
//! checks every hostile input is put through. Shared by the `hostile`
//! tests (stable, `cargo test`) and
//! the cargo-fuzz targets in `fuzz/` (nightly), so a fuzz run and the replay
//! of its kept corpus check exactly the same things.
//!
//! - [`upstream`]: the stand-in answering like SecureVideo from a
//!   [`upstream::Script`], recording every request, and the allow-list of
//!   the requests the proxy may make.
//! - [`body`]: a raw body through every parser and session check.
//! - [`router`]: a raw request through the whole proxy router.
//! - [`canary`]: the credential, patient and upstream-text canaries.

pub mod body;
pub mod canary;
pub mod router;
pub mod upstream;
