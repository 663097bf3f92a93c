pub mod common;
#[cfg(not(target_arch = "wasm32"))]
pub mod simulator;
#[cfg(not(target_arch = "wasm32"))]
pub mod proxy;
