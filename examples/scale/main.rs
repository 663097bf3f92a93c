//! The scale benchmark: what one widget action costs as the SecureVideo
//! account grows, with 200 widgets polling through the real proxy to the
//! real simulator (40 ms of simulated internet latency on every answer).
//!
//! Run it with `cargo xtask bench scale` (release build). For each account
//! size (10, 1,000 and 10,000 active sessions, 20 per host: an account
//! grows by providers, each with about two days of bookings) it seeds the
//! simulator (`--seed-sessions N --seed-hosts N/20`), and for each
//! workload starts a fresh `participant-manager serve` (default
//! `SESSION_MAX_AGE` of 2 s, cold index) and runs 200 widgets, one embed
//! token each (half of them with the host hint):
//!
//! - **shared**: the 200 widgets on 10 sessions of one host (20 staff per
//!   visit), the only workload a 10-session account can hold;
//! - **spread**: the 200 widgets on 200 sessions of 50 hosts, one widget
//!   per visit (accounts of 1,000 sessions and more).
//!
//! Every widget first opens its session (all at once: the cold start),
//! then for `--seconds` polls it every `--poll` seconds (the widget's live
//! roster) and, half-way between polls, makes a change: add a guest, update
//! it, remove it, in turn. Only that steady phase is measured: per action
//! p50 and p99 (from its scheduled moment), upstream requests and bytes per
//! action (the simulator's `/stats`), reads per host per max-age window,
//! and the proxy's peak memory over the whole run. The workload is the same
//! at every account size; only the account around it grows. The targets
//! at 10,000 sessions are checked against the same workload on the
//! smallest account that holds it (shared: 10 sessions, spread: 1,000).

#[path = "../load/percentile.rs"]
mod percentile;
// Shared with the load test, which uses all of it.
#[allow(dead_code)]
#[path = "../load/processes.rs"]
mod processes;
mod scenario;

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Parser;
use scenario::{Outcome, Workload};

/// Per-action cost through the proxy as the account grows.
#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// Account sizes (active sessions), comma separated.
    #[arg(long, value_delimiter = ',', default_value = "10,1000,10000")]
    pub sessions: Vec<u32>,
    /// Sessions per host: the simulator gets sessions / this many hosts.
    #[arg(long, default_value_t = 20)]
    pub per_host: u32,
    /// Seconds of steady polling and changes measured per run.
    #[arg(long, default_value_t = 30)]
    pub seconds: u64,
    /// Seconds between one widget's polls.
    #[arg(long, default_value_t = 10)]
    pub poll: u64,
    /// The simulator's latency on every answer.
    #[arg(long, default_value = "40ms")]
    pub latency: String,
    /// The workloads to run: shared, spread, or both.
    #[arg(long, value_delimiter = ',', default_value = "shared,spread")]
    pub workloads: Vec<Workload>,
    /// The participant-manager binary [default: next to this example's].
    #[arg(long)]
    pub bin: Option<PathBuf>,
}

/// Widgets per run.
pub const WIDGETS: usize = 200;
/// The targets at the largest account, against the smallest that holds
/// the same workload.
const LATENCY_RATIO: f64 = 1.5;
const MAX_BYTES_PER_ACTION: f64 = 64.0 * 1024.0;
const MAX_PEAK_MIB: f64 = 64.0;

fn main() -> Result<()> {
    let args = Args::parse();
    if args.sessions.is_empty() || args.sessions.contains(&0) || args.per_host == 0 {
        bail!("--sessions and --per-host must be positive");
    }
    if args.seconds == 0 || args.seconds > 3000 || args.poll == 0 {
        bail!("--seconds (1..=3000) and --poll must be positive");
    }
    let binary = match &args.bin {
        Some(bin) => bin.clone(),
        None => processes::default_binary()?,
    };
    let outcomes = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?
        .block_on(scenario::run_all(&args, &binary))?;
    report(&args, &outcomes)
}

/// Prints the table and checks the targets.
fn report(args: &Args, outcomes: &[Outcome]) -> Result<()> {
    println!();
    println!(
        "| workload | active sessions | hosts | actions | p50 | p99 | upstream calls / action | \
         KiB from SecureVideo / action | reads / host / max age | proxy peak memory | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for o in outcomes {
        println!(
            "| {} | {} | {} | {} | {:.1} ms | {:.1} ms | {:.2} | {:.1} | {:.2} | {:.1} MiB | {} |",
            o.workload,
            o.sessions,
            o.hosts,
            o.actions,
            o.p50_ms,
            o.p99_ms,
            o.calls_per_action,
            o.bytes_per_action / 1024.0,
            o.reads_per_host_window,
            o.peak_mib,
            o.errors
        );
    }
    println!();
    let largest = *args.sessions.iter().max().expect("not empty");
    let mut failures = Vec::new();
    for workload in &args.workloads {
        let runs: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| o.workload == *workload)
            .collect();
        let (Some(base), Some(top)) = (
            runs.iter().min_by_key(|o| o.sessions),
            runs.iter().find(|o| o.sessions == largest),
        ) else {
            continue;
        };
        let mut check = |ok: bool, what: String| {
            println!("{}: {what}", if ok { "PASS" } else { "FAIL" });
            if !ok {
                failures.push(format!("{workload}: {what}"));
            }
        };
        let vs = format!("{workload}, {} vs {} sessions", top.sessions, base.sessions);
        // Latency is compared across account sizes: with one size there
        // is nothing to compare.
        if base.sessions < top.sessions {
            check(
                top.p50_ms <= LATENCY_RATIO * base.p50_ms,
                format!(
                    "p50 {:.1} ms <= 1.5 x {:.1} ms ({vs})",
                    top.p50_ms, base.p50_ms
                ),
            );
            check(
                top.p99_ms <= LATENCY_RATIO * base.p99_ms,
                format!(
                    "p99 {:.1} ms <= 1.5 x {:.1} ms ({vs})",
                    top.p99_ms, base.p99_ms
                ),
            );
        }
        for o in &runs {
            let at = format!("{workload}, {} sessions", o.sessions);
            check(
                o.bytes_per_action <= MAX_BYTES_PER_ACTION,
                format!(
                    "{:.1} KiB from SecureVideo per action <= 64 KiB ({at})",
                    o.bytes_per_action / 1024.0
                ),
            );
            // Within a window a host's snapshots may be refreshed once; the
            // window the run starts in and the one it ends in may each add
            // one read per host.
            let allowed = 1.0 + 2.0 / o.windows;
            check(
                o.reads_per_host_window <= allowed,
                format!(
                    "{:.2} upstream reads per host per max-age window <= {allowed:.2} ({at})",
                    o.reads_per_host_window
                ),
            );
            check(
                o.peak_mib <= MAX_PEAK_MIB,
                format!("proxy peak memory {:.1} MiB <= 64 MiB ({at})", o.peak_mib),
            );
            check(o.errors == 0, format!("{} errors ({at})", o.errors));
        }
    }
    if failures.is_empty() {
        println!("scale: PASS");
        Ok(())
    } else {
        bail!("scale: FAIL\n  {}", failures.join("\n  "))
    }
}
