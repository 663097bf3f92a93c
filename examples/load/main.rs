//! The load test: 1,000 mixed add, update and remove requests per second
//! for 60 s through the real proxy to the real simulator, both on loopback,
//! then a check that nothing was lost or doubled.
//!
//! Run it with `cargo xtask bench` (release build; `--seconds 10 --rate 200`
//! for a shorter run). It starts `participant-manager simulator` on a fresh
//! SQLite file and `participant-manager serve` in front of it, creates the
//! sessions through the simulator's `POST /session/{userId}`, and sends
//! changes open-loop: request i leaves at start + i / rate whether or not
//! earlier ones have been answered (at most `--max-in-flight` at once), and
//! its latency counts from that moment. Afterwards:
//!
//! - zero errors (every answer a 200 or 204);
//! - every acknowledged change is in the simulator, nothing twice
//!   ([`ledger`]), and the proxy wrote one `ok` audit line per change;
//! - the achieved rate is within 1 % of the target.
//!
//! It prints p50/p90/p99/max latency, the achieved rate, the proxy's and
//! the simulator's peak memory (VmHWM) and CPU time, and exits non-zero if
//! any check failed.

mod ledger;
mod percentile;
mod processes;

use percentile::percentile;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Parser;
use ledger::{Change, Kind, Ledger};
use participant_manager::proxy::{EmbedClaims, Scope, SessionRef, mint_token};
use participant_manager::simulator::seed::DEMO_HOST_USER_ID;
use rand::SeedableRng;
use rand::rngs::StdRng;
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

/// Mixed participant changes at a fixed rate through the proxy.
#[derive(Parser, Debug)]
struct Args {
    /// How long to send, in seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Changes per second.
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    /// Sessions the changes are spread over.
    #[arg(long, default_value_t = 10)]
    sessions: usize,
    /// Requests allowed in flight at once.
    #[arg(long, default_value_t = 2000)]
    max_in_flight: usize,
    /// The participant-manager binary [default: next to this example's].
    #[arg(long)]
    bin: Option<PathBuf>,
}

/// What the run saw.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    by_kind: [u64; 3],
    errors: Vec<String>,
    error_count: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.seconds == 0 || args.rate == 0 || args.sessions == 0 || args.seconds > 3000 {
        bail!("--seconds (1..=3000), --rate and --sessions must be positive");
    }
    let binary = match &args.bin {
        Some(bin) => bin.clone(),
        None => processes::default_binary()?,
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?
        .block_on(run(args, binary))
}

async fn run(args: Args, binary: PathBuf) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let api_secret = format!("bench-secret-{}", uuid::Uuid::new_v4().simple());
    let token_secret = SecretString::from(format!("bench-token-{}", uuid::Uuid::new_v4().simple()));
    let simulator = processes::simulator(&binary, &dir.path().join("bench.db"), &api_secret)?;
    let http = reqwest::Client::new();
    let sessions = create_sessions(
        &http,
        &simulator.base_url,
        &api_secret,
        &args,
        &token_secret,
    )
    .await?;
    let proxy_log = dir.path().join("proxy.log");
    let proxy = processes::proxy(
        &binary,
        &simulator.base_url,
        &api_secret,
        secrecy::ExposeSecret::expose_secret(&token_secret),
        &proxy_log,
    )?;
    println!(
        "load: {} s at {} changes/s over {} sessions, proxy {} -> simulator {} (pids {} and {})",
        args.seconds,
        args.rate,
        args.sessions,
        proxy.base_url,
        simulator.base_url,
        proxy.pid(),
        simulator.pid()
    );

    let ledger = Arc::new(Mutex::new(Ledger::new(sessions)));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let cpu_before = [proxy.cpu_seconds(), simulator.cpu_seconds()];
    let self_cpu_before = processes::cpu_seconds("/proc/self/stat");
    let (elapsed, saturated) = send_all(&args, &http, &proxy.base_url, &ledger, &tally).await;
    let cpu = [proxy.cpu_seconds(), simulator.cpu_seconds()];
    let self_cpu = processes::cpu_seconds("/proc/self/stat");

    let listed: Vec<Value> = http
        .get(format!("{}/session", simulator.base_url))
        .basic_auth(processes::API_KEY, Some(&api_secret))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let list_bytes = serde_json::to_vec(&listed)?.len();
    let memory = [proxy.peak_memory_kib(), simulator.peak_memory_kib()];
    proxy.stop();
    simulator.stop();

    let ledger = ledger.lock().unwrap();
    let (problems, checked) = ledger.verify(&listed);
    let audited = std::fs::read_to_string(&proxy_log)?
        .lines()
        .filter(|l| l.contains(r#""target":"audit""#) && l.contains(r#""outcome":"ok""#))
        .count() as u64;
    let mut tally = tally.lock().unwrap();
    let sent: u64 = args.seconds * args.rate;
    let acknowledged = tally.latencies_us.len() as u64;
    let rate = acknowledged as f64 / elapsed.as_secs_f64();
    tally.latencies_us.sort_unstable();
    let pct = |p: f64| percentile(&tally.latencies_us, p);

    println!(
        "sent {sent} changes: {} adds, {} updates, {} removes",
        tally.by_kind[0], tally.by_kind[1], tally.by_kind[2]
    );
    println!("errors: {}", tally.error_count);
    for error in &tally.errors {
        println!("  {error}");
    }
    println!(
        "achieved: {rate:.1} changes/s ({acknowledged} acknowledged in {:.1} s; {saturated} sends had to wait for a free slot)",
        elapsed.as_secs_f64()
    );
    println!(
        "latency (from the scheduled send): p50 {}, p90 {}, p99 {}, max {}",
        ms(pct(50.0)),
        ms(pct(90.0)),
        ms(pct(99.0)),
        ms(pct(100.0))
    );
    let mib =
        |kib: Option<u64>| kib.map_or("?".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    println!(
        "peak memory (VmHWM): proxy {}, simulator {}",
        mib(memory[0]),
        mib(memory[1])
    );
    let used = |i: usize| match (cpu_before[i], cpu[i]) {
        (Some(a), Some(b)) => format!(
            "{:.1} s ({:.0} % of one core)",
            b - a,
            100.0 * (b - a) / elapsed.as_secs_f64()
        ),
        _ => "?".to_owned(),
    };
    let generator = match (self_cpu_before, self_cpu) {
        (Some(a), Some(b)) => format!("{:.1} s", b - a),
        _ => "?".to_owned(),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "CPU during the run: proxy {}, simulator {}, load generator {generator} ({cores} cores)",
        used(0),
        used(1),
    );
    // What one change costs, whatever else the machine was doing.
    let per_change = |seconds: Option<f64>| seconds.map(|s| 1000.0 * s / sent as f64);
    let costs = [
        per_change(cpu[0].zip(cpu_before[0]).map(|(b, a)| b - a)),
        per_change(cpu[1].zip(cpu_before[1]).map(|(b, a)| b - a)),
        per_change(self_cpu.zip(self_cpu_before).map(|(b, a)| b - a)),
    ];
    if let [Some(proxy_ms), Some(simulator_ms), Some(generator_ms)] = costs {
        let total = proxy_ms + simulator_ms + generator_ms;
        println!(
            "CPU per change: proxy {proxy_ms:.2} ms, simulator {simulator_ms:.2} ms, load generator {generator_ms:.2} ms: \
             {cores} idle cores fit at most {:.0} changes/s",
            1000.0 * cores as f64 / total
        );
    }
    println!(
        "GET /session at the end: {} sessions, {} KiB (the proxy reads it only for a session its index does not know)",
        listed.len(),
        list_bytes / 1024
    );
    println!(
        "verified: {} guests present ({} with an update applied), {} removed and gone; audit lines ok: {audited}",
        checked.present, checked.updated, checked.removed
    );

    let mut failures = Vec::new();
    if tally.error_count > 0 {
        failures.push(format!("{} requests failed", tally.error_count));
    }
    if !problems.is_empty() {
        failures.push(format!(
            "{} differences from the ledger: {:#?}",
            problems.len(),
            &problems[..problems.len().min(10)]
        ));
    }
    if audited != acknowledged {
        failures.push(format!(
            "{audited} ok audit lines for {acknowledged} acknowledged changes"
        ));
    }
    if rate < 0.99 * args.rate as f64 {
        failures.push(format!("the rate reached {rate:.1}/s, not {}/s", args.rate));
    }
    if failures.is_empty() {
        println!("load: PASS");
        Ok(())
    } else {
        bail!("load: FAIL\n  {}", failures.join("\n  "))
    }
}

/// Creates the sessions through the simulator (`POST /session/{userId}`),
/// each with a write token of its own.
async fn create_sessions(
    http: &reqwest::Client,
    simulator: &str,
    api_secret: &str,
    args: &Args,
    token_secret: &SecretString,
) -> Result<Vec<ledger::Session>> {
    let ttl = Duration::from_secs((args.seconds + 600).min(3600));
    let mut sessions = Vec::new();
    for i in 0..args.sessions {
        let external_id = format!("LOAD-SESSION-{i}");
        let created: Value = http
            .post(format!("{simulator}/session/{DEMO_HOST_USER_ID}"))
            .basic_auth(processes::API_KEY, Some(api_secret))
            .json(&json!({
                "ScheduleTs": "2031-01-01T15:00:00",
                "ExternalSessionId": external_id,
                "Topic": format!("Load test {i}"),
            }))
            .send()
            .await?
            .error_for_status()
            .context("creating a session in the simulator")?
            .json()
            .await?;
        let id = created["SessionId"].as_i64().context("a SessionId")?;
        let claims = EmbedClaims::new(
            format!("load-staff-{i}"),
            SessionRef::Id(id),
            Scope::Write,
            ttl,
        );
        sessions.push(ledger::Session {
            id,
            external_id,
            token: mint_token(token_secret, &claims),
            guests: Vec::new(),
            adding: 0,
            removed: Vec::new(),
            unknown: Vec::new(),
        });
    }
    Ok(sessions)
}

/// Sends `seconds * rate` changes open-loop; returns the time from the
/// first scheduled send to the last answer, and how many sends had to wait
/// (for the in-flight cap, or for a guest without a change in flight).
async fn send_all(
    args: &Args,
    http: &reqwest::Client,
    proxy: &str,
    ledger: &Arc<Mutex<Ledger>>,
    tally: &Arc<Mutex<Tally>>,
) -> (Duration, u64) {
    let total = args.seconds * args.rate;
    let cap = Arc::new(Semaphore::new(args.max_in_flight));
    let mut rng = StdRng::seed_from_u64(20_240_401);
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    let (mut saturated, mut waited) = (0, 0);
    for i in 0..total {
        let at = start + Duration::from_secs_f64(i as f64 / args.rate as f64);
        tokio::time::sleep_until(at).await;
        let permit = match cap.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                saturated += 1;
                cap.clone().acquire_owned().await.expect("never closed")
            }
        };
        let mut first_try = true;
        let change = loop {
            if let Some(change) = ledger.lock().unwrap().next_change(&mut rng) {
                break change;
            }
            waited += u64::from(first_try);
            first_try = false;
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        let (http, proxy, ledger, tally) = (
            http.clone(),
            proxy.to_owned(),
            ledger.clone(),
            tally.clone(),
        );
        tokio::spawn(async move {
            let _permit = permit;
            let token = ledger.lock().unwrap().sessions[change.session]
                .token
                .clone();
            let external = ledger.lock().unwrap().sessions[change.session]
                .external_id
                .clone();
            let session_id = ledger.lock().unwrap().sessions[change.session].id;
            let result = send(&http, &proxy, &change, &token, session_id, &external).await;
            let latency = at.elapsed();
            let mut tally = tally.lock().unwrap();
            tally.by_kind[change.kind as usize] += 1;
            match result {
                Ok(added_id) => {
                    ledger.lock().unwrap().acknowledged(&change, added_id);
                    tally.latencies_us.push(latency.as_micros() as u64);
                }
                Err(error) => {
                    ledger.lock().unwrap().failed(&change);
                    tally.error_count += 1;
                    if tally.errors.len() < 10 {
                        tally
                            .errors
                            .push(format!("{:?} {}: {error:#}", change.kind, change.name));
                    }
                }
            }
        });
    }
    let _all = cap
        .acquire_many(args.max_in_flight as u32)
        .await
        .expect("never closed");
    (start.elapsed(), saturated + waited)
}

/// Sends one change through the proxy; the new ParticipationId for an add.
async fn send(
    http: &reqwest::Client,
    proxy: &str,
    change: &Change,
    token: &str,
    session_id: i64,
    session_external_id: &str,
) -> Result<Option<i64>> {
    let by_external = format!(
        "{proxy}/api/participant/0?externalSessionId={session_external_id}&externalId={}",
        change.external_id
    );
    let request = match change.kind {
        Kind::Add => {
            let url = if change.by_external_id {
                format!("{proxy}/api/participant/0?externalSessionId={session_external_id}")
            } else {
                format!("{proxy}/api/participant/{session_id}")
            };
            http.post(url).json(&json!({
                "ParticipantFullName": change.name,
                "ParticipantEmailAddress": change.email,
                "ParticipantExternalId": change.external_id,
                "ShouldAutoDeliverCode": "E",
            }))
        }
        Kind::Update => {
            let url = if change.by_external_id {
                by_external
            } else {
                format!("{proxy}/api/participant/{}", change.id)
            };
            // The whole body, as the widget sends it: a PUT replaces the
            // participant's details (a field left out is cleared).
            http.put(url).json(&json!({
                "ParticipantFullName": change.name,
                "ParticipantEmailAddress": change.email,
                "ParticipantExternalId": change.external_id,
                "ShouldAutoDeliverCode": "E",
            }))
        }
        Kind::Remove => {
            let url = if change.by_external_id {
                by_external
            } else {
                format!("{proxy}/api/participant/{}", change.id)
            };
            http.delete(url)
        }
    };
    let response = request
        .bearer_auth(token)
        .timeout(Duration::from_secs(30))
        .send()
        .await?;
    let status = response.status();
    if !(status == 200 || status == 204) {
        bail!("{status}: {}", response.text().await.unwrap_or_default());
    }
    if change.kind != Kind::Add {
        return Ok(None);
    }
    let session: Value = response.json().await?;
    let id = session["Participants"]
        .as_array()
        .and_then(|ps| {
            ps.iter()
                .find(|p| p["ParticipantFullName"] == change.name.as_str())
        })
        .and_then(|p| p["ParticipationId"].as_i64())
        .context("the new guest is not in the answer")?;
    Ok(Some(id))
}

fn ms(us: u64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}
