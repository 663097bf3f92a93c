//! The fuzz targets' checks: the very files `cargo test` replays the kept
//! corpus with (`tests/it/support/hostile/`), so a fuzz run and the stable
//! replay check the same properties.

#[path = "../../tests/it/support/hostile/mod.rs"]
#[allow(dead_code)]
pub mod hostile;
#[path = "../../tests/it/support/upstream.rs"]
#[allow(dead_code)]
mod upstream;
/// The harness's `crate::support::upstream` (the scriptable SecureVideo
/// stand-in), as in the test crate.
pub mod support {
    pub use super::upstream;
}
