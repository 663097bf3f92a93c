//! `cargo xtask bench`: the numbers the issues ask for.
//!
//! - `bench load [--seconds N] [--rate R] [--sessions S]`: the load test
//!   (`examples/load/`), release build: 1,000 mixed add, update and remove
//!   requests per second for 60 s through the real proxy to the real
//!   simulator on loopback, then checks that nothing was lost or doubled.
//!   Prints latency percentiles, the achieved rate and peak memory.
//! - `bench bundle`: the widget's release bundle against its size budget.
//! - `bench` alone runs both (load options may follow).

use anyhow::Result;

use crate::steps::cmd;

/// `bench [load|bundle] [load options]`.
pub fn run(args: &[String], bundle: impl FnOnce() -> Result<()>) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("bundle") => bundle(),
        Some("load") => load(&args[1..]),
        _ => {
            let load = load(args);
            let bundle = bundle();
            load.and(bundle)
        }
    }
}

/// Builds the server and the load generator in release, and runs it.
pub fn load(args: &[String]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    cmd(
        &cargo,
        &[
            "build",
            "--release",
            "--locked",
            "--bin",
            "participant-manager",
            "--example",
            "load",
        ],
    )?;
    let mut run = vec![
        "run",
        "--quiet",
        "--release",
        "--locked",
        "--example",
        "load",
        "--",
    ];
    run.extend(args.iter().map(String::as_str));
    cmd(&cargo, &run)
}
