//! The hostile-input harness: a recording stand-in for SecureVideo, the
//! canary values nothing may leak, and the checks every hostile input is
//! put through. Shared by `tests/hostile_*.rs` (stable, `cargo test`) and
//! the cargo-fuzz targets in `fuzz/` (nightly), so a fuzz run and the replay
//! of its kept corpus check exactly the same things.
//!
//! - [`upstream`]: a loopback server that answers like SecureVideo from a
//!   script, records every request, and knows the allow-list of the
//!   requests the proxy may make.
//! - [`body`]: a raw body through every parser and session check.
//! - [`router`]: a raw request through the whole proxy router.
//! - [`canary`]: the credential, patient and upstream-text canaries.
#![allow(dead_code)]

pub mod body;
pub mod canary;
pub mod router;
pub mod upstream;
