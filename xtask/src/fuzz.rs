//! `cargo xtask fuzz [--seconds N] [TARGET ...]`: runs each cargo-fuzz
//! target in `fuzz/` for a bounded time (default 60 s each), with nightly
//! Rust and cargo-fuzz (installed here if missing).
//!
//! Targets: `body` (a raw body through every parser and session check) and
//! `router` (a raw request through the whole proxy router). Each input is
//! checked for no panic, no request to SecureVideo outside the allow-list,
//! and no canary in any response (`tests/it/support/hostile/`).
//!
//! The working corpus grows in `fuzz/corpus/` (not kept); the kept corpus,
//! `fuzz/corpus-regressions/`, seeds every run, and
//! `fuzz/dictionaries/<target>.dict` gives libFuzzer the API's words. An input that fails is
//! copied there, so the stable test `hostile::fuzz_corpus` (in
//! `tests/it`, part of `cargo xtask test`) replays it from then on.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::steps::{cmd, output_of};

const TARGETS: [&str; 2] = ["body", "router"];
const DEFAULT_SECONDS: u64 = 60;
/// Large enough for a body over the proxy's 16 KiB limit.
const MAX_INPUT_BYTES: u32 = 20_000;

pub fn run(args: &[String]) -> Result<()> {
    let (seconds, targets) = parse(args)?;
    if output_of("cargo", &["+nightly", "--version"]).is_err() {
        bail!("cargo fuzz needs the nightly toolchain: rustup toolchain install nightly");
    }
    if output_of("cargo", &["fuzz", "--version"]).is_err() {
        eprintln!("xtask: installing cargo-fuzz");
        cmd("cargo", &["install", "cargo-fuzz", "--locked"])?;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf();
    // Build first, so each target's time is its own.
    let status = Command::new("cargo")
        .current_dir(&root)
        .args(["+nightly", "fuzz", "build", "--sanitizer", "none"])
        .arg("--debug-assertions")
        .status()
        .context("starting cargo fuzz build")?;
    if !status.success() {
        bail!("cargo fuzz build failed ({status})");
    }
    let mut summary = Vec::new();
    for target in targets {
        summary.push(fuzz_target(&root, &target, seconds)?);
    }
    println!(
        "{:<8} {:>8} {:>12} {:>10} {:>8} {:>8}",
        "target", "seconds", "runs", "execs/s", "corpus", "rss MB"
    );
    for line in &summary {
        println!("{line}");
    }
    Ok(())
}

fn parse(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|&s| s > 0)
                    .context("--seconds needs a positive number")?;
            }
            target if TARGETS.contains(&target) => targets.push(target.to_owned()),
            other => bail!("unknown fuzz option or target {other:?} (targets: {TARGETS:?})"),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| (*t).to_owned()).collect();
    }
    Ok((seconds, targets))
}

/// Runs one target; returns its summary line, or fails (after keeping the
/// failing input) if it found something.
fn fuzz_target(root: &Path, target: &str, seconds: u64) -> Result<String> {
    let working = root.join("fuzz/corpus").join(target);
    let kept = root.join("fuzz/corpus-regressions").join(target);
    let artifacts = root.join("fuzz/artifacts").join(target);
    std::fs::create_dir_all(&working)?;
    std::fs::create_dir_all(&artifacts)?;
    let before = files_in(&artifacts);
    eprintln!("xtask: == fuzz {target} for {seconds} s");
    let started = Instant::now();
    // Rust code needs no sanitizer to find what these targets check
    // (panics and the asserted properties); without one it runs faster.
    let mut child = Command::new("cargo")
        .current_dir(root)
        .args(["+nightly", "fuzz", "run", "--sanitizer", "none"])
        .args(["--debug-assertions", target])
        .arg(&working)
        .arg(&kept)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-max_len={MAX_INPUT_BYTES}"))
        .args(["-timeout=20", "-rss_limit_mb=2048", "-print_final_stats=1"])
        .arg(format!(
            "-dict={}",
            root.join("fuzz/dictionaries")
                .join(format!("{target}.dict"))
                .display()
        ))
        .stderr(Stdio::piped())
        .spawn()
        .context("starting cargo fuzz")?;
    let mut stats = Vec::new();
    for line in BufReader::new(child.stderr.take().expect("piped")).lines() {
        let line = line?;
        // Keep the progress readable: the periodic and final lines, the
        // build, and anything about a failure; not every new input.
        let quiet = (line.starts_with('#') && !line.contains("pulse") && !line.contains("DONE"))
            || line.contains("# Uses: ")
            || line.contains("ecommended dictionary");
        if line.starts_with("stat::") {
            stats.push(line.clone());
        }
        if !quiet && !line.starts_with('\t') {
            eprintln!("{line}");
        }
    }
    let status = child.wait()?;
    let found: Vec<PathBuf> = files_in(&artifacts)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    if !status.success() || !found.is_empty() {
        std::fs::create_dir_all(&kept)?;
        for file in &found {
            let name = file.file_name().expect("a file name");
            std::fs::copy(file, kept.join(name))?;
            eprintln!(
                "xtask: kept {} as fuzz/corpus-regressions/{target}/{}",
                file.display(),
                name.to_string_lossy()
            );
        }
        bail!(
            "fuzz target {target} failed ({status}). The failing input is kept in \
             fuzz/corpus-regressions/{target}/, so `cargo test --test it hostile::fuzz_corpus` \
             replays it; fix the cause (`cargo +nightly fuzz tmin {target} <file>` shrinks it)."
        );
    }
    let stat = |name: &str| {
        stats
            .iter()
            .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .map_or("?".to_owned(), |v| v.trim().to_owned())
    };
    Ok(format!(
        "{target:<8} {:>8.0} {:>12} {:>10} {:>8} {:>8}",
        started.elapsed().as_secs_f64(),
        stat("number_of_executed_units"),
        stat("average_exec_per_sec"),
        files_in(&working).len(),
        stat("peak_rss_mb"),
    ))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}
