//! One account size and workload: the simulator seeded with the account,
//! a fresh proxy, 200 widgets opening, polling and changing their
//! sessions, and what it cost.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use futures_util::future::join_all;
use participant_manager::proxy::{EmbedClaims, Scope, SessionRef, mint_token};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::processes::{self, API_KEY};
use crate::{Args, WIDGETS};

/// The proxy's `SESSION_MAX_AGE` (its default: the bench leaves it).
const SESSION_MAX_AGE_SECS: f64 = 2.0;

/// Which sessions the widgets are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Workload {
    /// 10 sessions of one host, 20 widgets on each.
    Shared,
    /// 200 sessions, 4 on each of 50 hosts, one widget on each.
    Spread,
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Workload::Shared => "shared",
            Workload::Spread => "spread",
        })
    }
}

impl Workload {
    /// (hosts, sessions per host) the widgets are spread over.
    fn shape(self) -> (u32, u32) {
        match self {
            Workload::Shared => (1, 10),
            Workload::Spread => (50, 4),
        }
    }

    /// The bench session numbers (`BENCH-<n>`) the widgets are on, if an
    /// account of `sessions` over `hosts` holds them: host h's k-th session
    /// is n = h + k * hosts (the seed deals sessions round-robin).
    fn sessions(self, sessions: u32, hosts: u32) -> Option<Vec<u32>> {
        let (used_hosts, per_host) = self.shape();
        if used_hosts > hosts || per_host > sessions / hosts {
            return None;
        }
        let picked = (1..=used_hosts)
            .flat_map(|h| (0..per_host).map(move |k| h + k * hosts))
            .collect();
        Some(picked)
    }
}

/// What one run measured (steady phase, peak memory over the whole run).
pub struct Outcome {
    pub workload: Workload,
    pub sessions: u32,
    pub hosts: u32,
    pub actions: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub calls_per_action: f64,
    pub bytes_per_action: f64,
    pub reads_per_host_window: f64,
    /// Max-age windows in the steady phase.
    pub windows: f64,
    pub peak_mib: f64,
    pub errors: usize,
}

/// One widget: its session and token.
struct Widget {
    session_id: i64,
    token: String,
}

/// Every action's kind and latency, and the errors.
#[derive(Default)]
struct Tally {
    latencies_us: HashMap<&'static str, Vec<u64>>,
    errors: Vec<String>,
}

impl Tally {
    fn record(&mut self, kind: &'static str, started: Instant, result: Result<()>) {
        match result {
            Ok(()) => self
                .latencies_us
                .entry(kind)
                .or_default()
                .push(started.elapsed().as_micros() as u64),
            Err(error) => self.errors.push(format!("{kind}: {error:#}")),
        }
    }
}

/// Runs every account size and workload.
pub async fn run_all(args: &Args, binary: &Path) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    for &sessions in &args.sessions {
        let hosts = (sessions / args.per_host).max(1);
        let runs: Vec<(Workload, Vec<u32>)> = args
            .workloads
            .iter()
            .filter_map(|w| Some((*w, w.sessions(sessions, hosts)?)))
            .collect();
        if runs.is_empty() {
            println!("scale: {sessions} sessions over {hosts} hosts hold none of the workloads");
            continue;
        }
        let dir = tempfile::tempdir()?;
        let api_secret = format!("scale-secret-{}", uuid::Uuid::new_v4().simple());
        let seeding = std::time::Instant::now();
        let options = [
            "--latency".to_owned(),
            args.latency.clone(),
            "--seed-sessions".to_owned(),
            sessions.to_string(),
            "--seed-hosts".to_owned(),
            hosts.to_string(),
        ];
        let simulator =
            processes::simulator_with(binary, &dir.path().join("scale.db"), &api_secret, &options)?;
        println!(
            "scale: {sessions} sessions over {hosts} hosts seeded in {:.1} s",
            seeding.elapsed().as_secs_f64()
        );
        let http = reqwest::Client::new();
        let ids = bench_sessions(&http, &simulator.base_url, &api_secret).await?;
        for (workload, picked) in runs {
            let picked = picked
                .iter()
                .map(|n| {
                    ids.get(n)
                        .copied()
                        .with_context(|| format!("BENCH-{n} is not listed"))
                })
                .collect::<Result<Vec<_>>>()?;
            let outcome = run_one(
                args,
                binary,
                dir.path(),
                &simulator.base_url,
                &api_secret,
                (workload, sessions, hosts),
                &picked,
            )
            .await?;
            outcomes.push(outcome);
        }
        simulator.stop();
    }
    Ok(outcomes)
}

/// `BENCH-<n>` -> (SessionId, host UserId), from the account's list.
async fn bench_sessions(
    http: &reqwest::Client,
    simulator: &str,
    secret: &str,
) -> Result<HashMap<u32, (i64, i64)>> {
    let listed = simulator_get(http, &format!("{simulator}/session"), secret).await?;
    let listed = listed.as_array().context("GET /session is not an array")?;
    Ok(listed
        .iter()
        .filter_map(|s| {
            let n = s["ExternalSessionId"].as_str()?.strip_prefix("BENCH-")?;
            Some((
                n.parse().ok()?,
                (s["SessionId"].as_i64()?, s["UserId"].as_i64()?),
            ))
        })
        .collect())
}

/// A GET straight to the simulator, with the API credentials.
async fn simulator_get(http: &reqwest::Client, url: &str, secret: &str) -> Result<Value> {
    let answer = http
        .get(url)
        .basic_auth(API_KEY, Some(secret))
        .send()
        .await?;
    Ok(answer.error_for_status()?.json().await?)
}

/// The simulator's counters: requests and response bytes per route.
async fn traffic(
    http: &reqwest::Client,
    simulator: &str,
    secret: &str,
) -> Result<HashMap<String, (u64, u64)>> {
    let stats = simulator_get(http, &format!("{simulator}/stats"), secret).await?;
    let routes = stats["Routes"]
        .as_object()
        .context("/stats without Routes")?;
    Ok(routes
        .iter()
        .map(|(route, t)| {
            let count = |field: &str| t[field].as_u64().unwrap_or(0);
            (route.clone(), (count("Requests"), count("ResponseBytes")))
        })
        .collect())
}

async fn run_one(
    args: &Args,
    binary: &Path,
    dir: &Path,
    simulator: &str,
    api_secret: &str,
    (workload, sessions, hosts): (Workload, u32, u32),
    picked: &[(i64, i64)],
) -> Result<Outcome> {
    let token_secret = SecretString::from(format!("scale-token-{}", uuid::Uuid::new_v4().simple()));
    let log = dir.join(format!("proxy-{workload}.log"));
    let proxy = processes::proxy(
        binary,
        simulator,
        api_secret,
        token_secret.expose_secret(),
        &log,
    )?;
    let base = proxy.base_url.clone();
    // Tokens live at most an hour.
    let ttl = Duration::from_secs((args.seconds + 600).min(3600));
    let widgets: Vec<Arc<Widget>> = (0..WIDGETS)
        .map(|w| {
            let (session_id, host) = picked[w % picked.len()];
            let mut claims = EmbedClaims::new(
                format!("scale-staff-{w}"),
                SessionRef::Id(session_id),
                Scope::Write,
                ttl,
            );
            claims.host = (w % 2 == 0).then_some(host);
            Arc::new(Widget {
                session_id,
                token: mint_token(&token_secret, &claims),
            })
        })
        .collect();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(WIDGETS)
        .timeout(Duration::from_secs(30))
        .build()?;

    // The cold start: every widget opens its session at once.
    let opened = Instant::now();
    let opens = join_all(widgets.iter().map(|w| read(&http, &base, w))).await;
    let open_failures = opens.iter().filter(|r| r.is_err()).count();
    println!(
        "{workload}, {sessions} sessions: {} widgets opened in {:.0} ms ({open_failures} failed)",
        WIDGETS,
        opened.elapsed().as_secs_f64() * 1000.0
    );

    let before = traffic(&http, simulator, api_secret).await?;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now() + Duration::from_millis(100);
    let end = start + Duration::from_secs(args.seconds);
    let poll = Duration::from_secs(args.poll);
    let tasks = widgets.iter().enumerate().map(|(w, widget)| {
        let (http, base, tally, widget) =
            (http.clone(), base.clone(), tally.clone(), widget.clone());
        // Spread evenly over one poll interval, and not in the order of
        // the sessions: staff on one host's visits do not poll together
        // (67 is coprime with the 200 widgets, so every slot is taken once).
        let slot = (w * 67) % WIDGETS;
        let offset = poll.mul_f64(slot as f64 / WIDGETS as f64);
        let name = format!("Scale Guest {workload} {w}");
        let email = format!("scale-guest-{w}@example.com");
        tokio::spawn(async move {
            let mut guest: Option<i64> = None;
            let mut updated = false;
            for i in 0u32.. {
                let at = start + offset + (poll / 2) * i;
                if at >= end {
                    break;
                }
                tokio::time::sleep_until(at).await;
                let (kind, result) = if i % 2 == 0 {
                    ("poll", read(&http, &base, &widget).await)
                } else {
                    change(
                        &http,
                        &base,
                        &widget,
                        (&name, &email),
                        &mut guest,
                        &mut updated,
                    )
                    .await
                };
                tally.lock().unwrap().record(kind, at, result);
            }
        })
    });
    for task in join_all(tasks).await {
        task.context("a widget task panicked")?;
    }
    let measured = start.elapsed();
    let after = traffic(&http, simulator, api_secret).await?;
    let peak_kib = proxy.peak_memory_kib().unwrap_or(0);
    proxy.stop();

    let tally = Arc::try_unwrap(tally)
        .ok()
        .context("widgets done")?
        .into_inner()
        .unwrap();
    let mut all: Vec<u64> = tally.latencies_us.values().flatten().copied().collect();
    all.sort_unstable();
    for (kind, latencies) in sorted_kinds(&tally) {
        println!(
            "  {kind}: {} actions, p50 {:.1} ms, p99 {:.1} ms",
            latencies.len(),
            percentile(&latencies, 50.0),
            percentile(&latencies, 99.0)
        );
    }
    for error in tally.errors.iter().take(10) {
        println!("  error: {error}");
    }
    let delta = |route: &str| {
        let (r0, b0) = before.get(route).copied().unwrap_or_default();
        let (r1, b1) = after.get(route).copied().unwrap_or_default();
        (r1 - r0, b1 - b0)
    };
    let (mut calls, mut bytes) = (0, 0);
    for route in after.keys() {
        let (r, b) = delta(route);
        if r > 0 {
            println!(
                "  upstream {route}: {r} calls, {:.1} KiB",
                b as f64 / 1024.0
            );
        }
        calls += r;
        bytes += b;
    }
    let reads = delta("GET /session").0 + delta("GET /session/{id}").0;
    let windows = measured.as_secs_f64() / SESSION_MAX_AGE_SECS;
    let used_hosts = f64::from(workload.shape().0);
    let actions = all.len() + tally.errors.len();
    Ok(Outcome {
        workload,
        sessions,
        hosts,
        actions,
        p50_ms: percentile(&all, 50.0),
        p99_ms: percentile(&all, 99.0),
        calls_per_action: calls as f64 / actions.max(1) as f64,
        bytes_per_action: bytes as f64 / actions.max(1) as f64,
        reads_per_host_window: reads as f64 / (used_hosts * windows),
        windows,
        peak_mib: peak_kib as f64 / 1024.0,
        errors: tally.errors.len() + open_failures,
    })
}

fn sorted_kinds(tally: &Tally) -> Vec<(&'static str, Vec<u64>)> {
    let mut kinds: Vec<_> = tally
        .latencies_us
        .iter()
        .map(|(kind, l)| {
            let mut l = l.clone();
            l.sort_unstable();
            (*kind, l)
        })
        .collect();
    kinds.sort_by_key(|(kind, _)| *kind);
    kinds
}

/// The widget's read of its session.
async fn read(http: &reqwest::Client, base: &str, widget: &Widget) -> Result<()> {
    let url = format!("{base}/api/session/{}", widget.session_id);
    let response = http.get(url).bearer_auth(&widget.token).send().await?;
    let status = response.status();
    if status != 200 {
        bail!(
            "GET /api/session: {status}: {}",
            response.text().await.unwrap_or_default()
        );
    }
    response.bytes().await?;
    Ok(())
}

/// The widget's next change: add its guest, update it, remove it.
async fn change(
    http: &reqwest::Client,
    base: &str,
    widget: &Widget,
    (name, email): (&str, &str),
    guest: &mut Option<i64>,
    updated: &mut bool,
) -> (&'static str, Result<()>) {
    let body = |email: &str| {
        json!({
            "ParticipantFullName": name,
            "ParticipantEmailAddress": email,
            "ShouldAutoDeliverCode": "N",
        })
    };
    match (*guest, *updated) {
        (None, _) => {
            let url = format!("{base}/api/participant/{}", widget.session_id);
            let request = http.post(url).json(&body(email));
            let result = send(request, &widget.token).await.and_then(|answer| {
                let id = answer["Participants"]
                    .as_array()
                    .and_then(|ps| ps.iter().find(|p| p["ParticipantFullName"] == name))
                    .and_then(|p| p["ParticipationId"].as_i64())
                    .context("the new guest is not in the answer")?;
                *guest = Some(id);
                Ok(())
            });
            ("add", result)
        }
        (Some(id), false) => {
            let url = format!("{base}/api/participant/{id}");
            let request = http.put(url).json(&body(&format!("updated-{email}")));
            *updated = true;
            ("update", send(request, &widget.token).await.map(drop))
        }
        (Some(id), true) => {
            let request = http.delete(format!("{base}/api/participant/{id}"));
            *guest = None;
            *updated = false;
            ("remove", send(request, &widget.token).await.map(drop))
        }
    }
}

/// Sends a change; its answer's JSON (`null` for none).
async fn send(request: reqwest::RequestBuilder, token: &str) -> Result<Value> {
    let response = request.bearer_auth(token).send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if !(status == 200 || status == 204) {
        bail!("{status}: {}", String::from_utf8_lossy(&body));
    }
    Ok(if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body)?
    })
}

/// The p-th percentile of sorted microseconds, in milliseconds.
fn percentile(sorted: &[u64], p: f64) -> f64 {
    crate::percentile::percentile(sorted, p) as f64 / 1000.0
}
