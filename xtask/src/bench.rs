//! `cargo xtask bench`: the numbers the issues ask for.
//!
//! - `bench load [--seconds N] [--rate R] [--sessions S]`: the load test
//!   (`examples/load/`), release build: 1,000 mixed add, update and remove
//!   requests per second for 60 s through the real proxy to the real
//!   simulator on loopback, then checks that nothing was lost or doubled.
//!   Prints latency percentiles, the achieved rate and peak memory.
//! - `bench scale [options]`: per widget action cost as the account grows
//!   (`examples/scale/`), release build: 10, 1,000 and 10,000 active
//!   sessions with 40 ms simulated latency and 200 widgets polling; checks
//!   the targets at 10,000 sessions.
//! - `bench page`: first roster visible on the standalone page in headless
//!   Chromium throttled to a clinic's network, cold and warm cache.
//! - `bench bundle`: the widget's release bundle against its size budget.
//! - `bench` alone runs load and bundle (load options may follow).

use anyhow::Result;

use crate::steps::cmd;

/// `bench [load|scale|page|bundle] [options]`; `widget` builds the release
/// widget into `dist/` (the page bench serves it).
pub fn run(
    args: &[String],
    bundle: impl FnOnce() -> Result<()>,
    widget: impl FnOnce() -> Result<()>,
) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("bundle") => bundle(),
        Some("page") => {
            widget()?;
            example("page", &args[1..])
        }
        Some("load") => example("load", &args[1..]),
        Some("scale") => example("scale", &args[1..]),
        _ => {
            let load = example("load", args);
            let bundle = bundle();
            load.and(bundle)
        }
    }
}

/// Builds the server and the example `name` in release, and runs it.
fn example(name: &str, args: &[String]) -> Result<()> {
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
            name,
        ],
    )?;
    let mut run = vec![
        "run",
        "--quiet",
        "--release",
        "--locked",
        "--example",
        name,
        "--",
    ];
    run.extend(args.iter().map(String::as_str));
    cmd(&cargo, &run)
}
