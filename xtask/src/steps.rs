//! The steps behind each xtask command, and the helpers that run programs.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{deny, install, wasm};

/// `cargo xtask test`: every check the project makes, stopping at the first
/// failure.
pub fn test() -> Result<()> {
    install::rust_components()?;
    install::wasm_target()?;
    let started = Instant::now();
    step("rustfmt", &["fmt", "--all", "--", "--check"])?;
    step(
        "clippy (native)",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // Advisories, bans, licenses and sources, offline (deny.toml).
    deny::check()?;
    // The tools, and the release bundle the end-to-end tests load.
    wasm::prepare_widget()?;
    step("tests", &["test", "--workspace", "--locked"])?;
    // clippy for wasm32 (common, the widget, the browser tests), then the
    // component tests in headless Chromium.
    wasm::browser_checks()?;
    eprintln!("xtask: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

fn step(name: &str, args: &[&str]) -> Result<()> {
    eprintln!("xtask: == {name}: cargo {}", args.join(" "));
    let started = Instant::now();
    cmd(&cargo(), args).with_context(|| format!("{name} failed"))?;
    eprintln!("xtask: == {name} ok ({:.0?})", started.elapsed());
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs a program, inheriting the terminal; fails on a non-zero exit.
pub fn cmd(program: &str, args: &[&str]) -> Result<()> {
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("could not start {program}"))?;
    if !status.success() {
        bail!("`{program} {}` exited with {status}", args.join(" "));
    }
    Ok(())
}

/// Runs a program and returns what it printed on stdout.
pub fn output_of(program: &str, args: &[&str]) -> Result<String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("could not start {program}"))?;
    if !output.status.success() {
        bail!(
            "`{program} {}` exited with {}",
            args.join(" "),
            output.status
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
