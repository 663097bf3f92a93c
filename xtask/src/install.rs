//! Installs the tools the project needs, skipping any already present.

use anyhow::{Context, Result};

use crate::steps::{cmd, output_of};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The wasm32 target, which `common` must compile for.
pub fn wasm_target() -> Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"])
        .context("rustup is needed to add the wasm32 target")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    eprintln!("xtask: installing the {WASM_TARGET} target");
    cmd("rustup", &["target", "add", WASM_TARGET])
}

/// rustfmt and clippy, which the checks run.
pub fn rust_components() -> Result<()> {
    for (probe, component) in [("fmt", "rustfmt"), ("clippy", "clippy")] {
        if output_of("cargo", &[probe, "--version"]).is_err() {
            eprintln!("xtask: installing {component}");
            cmd("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

/// cargo-deny, pinned; 0.20.2 builds with rustc 1.95 (its MSRV is 1.88).
pub const CARGO_DENY_VERSION: &str = "0.20.2";

/// cargo-deny at [`CARGO_DENY_VERSION`], which `cargo xtask test` runs
/// offline against the advisory snapshot.
pub fn cargo_deny() -> Result<()> {
    let want = format!("cargo-deny {CARGO_DENY_VERSION}");
    if output_of("cargo", &["deny", "--version"]).is_ok_and(|v| v.trim() == want) {
        return Ok(());
    }
    eprintln!("xtask: installing cargo-deny {CARGO_DENY_VERSION} (several minutes on 2 cores)");
    cmd(
        "cargo",
        &[
            "install",
            "--locked",
            "cargo-deny",
            "--version",
            &format!("={CARGO_DENY_VERSION}"),
        ],
    )
}

/// twiggy, the wasm size profiler `cargo xtask bench bundle` runs.
pub const TWIGGY_VERSION: &str = "0.8.0";

/// twiggy at [`TWIGGY_VERSION`] (from crates.io).
pub fn twiggy() -> Result<()> {
    let want = format!("twiggy-opt {TWIGGY_VERSION}");
    if output_of("twiggy", &["--version"]).is_ok_and(|v| v.trim() == want) {
        return Ok(());
    }
    eprintln!("xtask: installing twiggy {TWIGGY_VERSION} (about a minute)");
    cmd(
        "cargo",
        &[
            "install",
            "--locked",
            "twiggy",
            "--version",
            &format!("={TWIGGY_VERSION}"),
        ],
    )
}
