//! The standalone page's entry point: mounts the participant manager into
//! `<body>` (see `index.html`). Built for wasm32 by trunk; on other targets
//! it is an empty stub so `cargo build` of the whole package still works.

#[cfg(target_arch = "wasm32")]
fn main() {
    participant_manager::widget::start_standalone();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
