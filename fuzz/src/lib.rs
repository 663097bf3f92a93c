//! The fuzz targets' checks: the very files `cargo test` replays the kept
//! corpus with (`tests/support/hostile/`), so a fuzz run and the stable
//! replay check the same properties.

#[path = "../../tests/support/hostile/mod.rs"]
pub mod hostile;
