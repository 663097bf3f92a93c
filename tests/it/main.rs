//! The native integration tests, one binary (`cargo test --test it`; one
//! module or test by path: `cargo test --test it proxy::faults`). The
//! browser component tests are `tests/wasm_*.rs`, built for wasm32 by
//! `cargo xtask test`.
//!
//! - [`common`]: the rules and wire readers, by example, by property, and
//!   against SecureVideo's recorded bodies.
//! - [`simulator`]: the SecureVideo simulator over HTTP, and the recorded
//!   requests replayed against it.
//! - [`proxy`]: the proxy in front of the simulator or of the scriptable
//!   stand-in: auth, routes, sessions, the edge, upstream faults, replicas,
//!   the CLI, concurrency and crash safety.
//! - [`hostile`]: hostile input by property and from the kept fuzz corpus,
//!   and the leak checks (no credential, patient data or upstream text in
//!   logs or answers).
//! - [`e2e`]: the built widget in headless Chromium against the real
//!   server and simulator.
//! - [`support`]: the harnesses; no tests.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod e2e;
mod hostile;
mod proxy;
mod simulator;
mod support;
