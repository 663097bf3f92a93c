//! The steps behind each xtask command, and the helpers that run programs.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::install;

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
    step(
        "clippy (wasm32, common)",
        &[
            "clippy",
            "--lib",
            "--locked",
            "--target",
            install::WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ],
    )?;
    step("tests", &["test", "--workspace", "--locked"])?;
    eprintln!("xtask: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

/// `cargo xtask run`: the server with the embedded simulator. A token secret
/// is made up for this run so the printed embed token works at once.
pub fn run(extra: &[String]) -> Result<()> {
    install::wasm_target()?;
    let mut command = Command::new(cargo());
    command.args([
        "run",
        "--locked",
        "--bin",
        "participant-manager",
        "--",
        "serve",
    ]);
    // `cargo xtask run -- --listen ...`: the `--` is ours, not serve's.
    command.args(extra.strip_prefix(&["--".to_owned()][..]).unwrap_or(extra));
    if std::env::var_os("EMBED_TOKEN_SECRET").is_none() {
        command.env("EMBED_TOKEN_SECRET", random_secret()?);
    }
    let status = command.status().context("starting the server")?;
    if !status.success() {
        bail!("the server exited with {status}");
    }
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

/// 32 random bytes from the OS, hex-encoded.
fn random_secret() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
