//! `cargo xtask bench page`: the standalone page over a clinic's network.
//!
//! The release server (`target/release/participant-manager serve`, the
//! embedded simulator, embed tokens required) serves the release build of
//! the widget (`dist/`, precompressed by trunk's post_build hook) with
//! `--static-dir`. Headless Chromium, through chromedriver, opens the demo
//! session with its network throttled by chromedriver's
//! `/chromium/network_conditions` (latency and throughput both ways) and
//! times **first roster visible**: from the navigation's start
//! (`performance.timeOrigin`) to the first participant row in the widget's
//! shadow root. Each run is a fresh browser (an empty cache: *cold*),
//! then the same page opened again in it (*warm*: the files revalidate
//! with 304s). Bytes are what the page's entries say went over the wire
//! (`transferSize`, headers included).
//!
//! Targets (issue 13): at 10 Mbit/s with 40 ms, p95 ≤ 800 ms cold and
//! ≤ 300 ms warm; under 200 KB over the wire on a cold load.
//!
//! Then, on loopback without throttling (issue 10's figures), per run in a
//! fresh browser with `refreshSeconds=1`: first roster visible; **add to
//! row visible** (from submitting the add form to the new guest's row);
//! and the cost of an **unchanged refresh** (the first 304 after the add:
//! its duration and `transferSize`).
//!
//! `--runs N` (default 20) per network; `--dist DIR` (default `dist`);
//! Last, issue 11's: "Add several" with 50 guests (Add → every row added,
//! through the proxy and the simulator) and a 500-row paste (Preview →
//! every row drawn), in up to 5 fresh browsers.
//!
//! `--roster-only` skips the throttled networks; `--bulk-only` runs only
//! the last.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../load/percentile.rs"]
mod percentile;
use percentile::percentile;

const SECRET: &str = "bench-page-token-secret-of-at-least-32-bytes";
const SESSION: &str = "APPT-1001";

struct Network {
    name: &'static str,
    latency_ms: u64,
    bits_per_second: u64,
}

const NETWORKS: [Network; 2] = [
    Network {
        name: "10 Mbit/s, 40 ms",
        latency_ms: 40,
        bits_per_second: 10_000_000,
    },
    Network {
        name: "2 Mbit/s, 150 ms",
        latency_ms: 150,
        bits_per_second: 2_000_000,
    },
];

/// Kills its process when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Polls `url` until it answers 200.
async fn wait_ready(http: &reqwest::Client, url: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(response) = http.get(url).send().await
            && response.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not start within 30 s ({url})");
}

/// One WebDriver session of chromedriver, spoken to as JSON over HTTP.
struct Browser<'a> {
    http: &'a reqwest::Client,
    url: String,
}

impl Browser<'_> {
    async fn post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .await
            .expect("chromedriver answers");
        let status = response.status();
        let body: Value = response.json().await.expect("chromedriver's JSON");
        assert!(status.is_success(), "{path}: {status} {body}");
        body["value"].clone()
    }
}

async fn open_browser<'a>(http: &'a reqwest::Client, driver: &str) -> Browser<'a> {
    let capabilities = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"args": [
            "--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--window-size=1280,900"
        ]}
    }}});
    let response: Value = http
        .post(format!("{driver}/session"))
        .json(&capabilities)
        .send()
        .await
        .expect("chromedriver answers")
        .json()
        .await
        .expect("chromedriver's JSON");
    let id = response["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no browser session: {response}"))
        .to_owned();
    Browser {
        http,
        url: format!("{driver}/session/{id}"),
    }
}

/// Waits for the first participant row, then reads the time since the
/// navigation started and the bytes its entries moved.
const FIRST_ROSTER: &str = r##"
const done = arguments[arguments.length - 1];
const started = performance.now();
const look = () => {
  const host = document.querySelector("#participant-manager");
  const row = host && host.shadowRoot && host.shadowRoot.querySelector("tr[data-participation-id]");
  if (row) {
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    done({ms: performance.now(), bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0)});
  } else if (performance.now() - started > 20000) {
    done({ms: -1, bytes: 0});
  } else {
    setTimeout(look, 5);
  }
};
look();
"##;

async fn first_roster(browser: &Browser<'_>, page: &str) -> (f64, u64) {
    browser.post("/url", json!({"url": page})).await;
    let seen = browser
        .post(
            "/execute/async",
            json!({"script": FIRST_ROSTER, "args": []}),
        )
        .await;
    let ms = seen["ms"].as_f64().expect("a time");
    assert!(ms >= 0.0, "no participant row within 20 s of {page}");
    (ms, seen["bytes"].as_u64().unwrap_or(0))
}

/// Appended to the scripts below (a function declaration, so it is
/// hoisted): `wait(look, then)` polls `look` until it gives something, then
/// calls `then` with it; after `LIMIT` ms it calls `done(FAILED)` (the
/// script defines all three).
const WAIT: &str = r##"
function wait(look, then) {
  const t0 = performance.now();
  const tick = () => {
    const found = look();
    if (found) then(found);
    else if (performance.now() - t0 > LIMIT) done(FAILED);
    else setTimeout(tick, 1);
  };
  tick();
}
"##;

/// Adds a guest named `arguments[0]` with no invitations through the form,
/// as staff would, and times submitting to the row being drawn.
const ADD_GUEST: &str = r##"
const [name, done] = [arguments[0], arguments[arguments.length - 1]];
const [LIMIT, FAILED] = [20000, {ms: -1}];
const root = document.querySelector("#participant-manager").shadowRoot;
const byLabel = (form, text) => {
  const label = [...form.querySelectorAll("label")].find(l => l.textContent.trim().startsWith(text));
  return root.getElementById(label.htmlFor);
};
root.querySelector("[data-action=add-guest]").click();
wait(() => root.querySelector("dialog[open] form"), (form) => {
  const input = byLabel(form, "Full name");
  input.value = name;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  byLabel(form, "No invitations").click();
  const started = performance.now();
  form.requestSubmit();
  wait(() => [...root.querySelectorAll("tbody th")].some(th => th.childNodes[0].textContent.trim() === name),
       () => done({ms: performance.now() - started, at: performance.now()}));
});
"##;

/// The first unchanged refresh (a 304) that started after `arguments[0]`:
/// its duration and what it moved over the wire.
const UNCHANGED_REFRESH: &str = r##"
const [since, done] = [arguments[0], arguments[arguments.length - 1]];
const t0 = performance.now();
const tick = () => {
  const hit = performance.getEntriesByType("resource").find(e =>
    e.name.includes("/api/session/0?") && e.responseStatus === 304 && e.startTime > since);
  if (hit) done({ms: hit.duration, bytes: hit.transferSize});
  else if (performance.now() - t0 > 10000) done({ms: -1, bytes: 0});
  else setTimeout(tick, 20);
};
tick();
"##;

/// Issue 10's figures, on loopback: first roster, add to row, and an
/// unchanged refresh, `runs` times each in a fresh browser.
async fn roster_figures(http: &reqwest::Client, driver: &str, page: &str, runs: usize) {
    let (mut first, mut add, mut refresh_ms, mut refresh_bytes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let page = page.replacen('#', "&refreshSeconds=1#", 1);
    for run in 0..runs {
        let browser = open_browser(http, driver).await;
        let (ms, _) = first_roster(&browser, &page).await;
        first.push(ms);
        let added = browser
            .post(
                "/execute/async",
                json!({"script": format!("{ADD_GUEST}{WAIT}"), "args": [format!("Bench Guest {run}")]}),
            )
            .await;
        let ms = added["ms"].as_f64().unwrap_or(-1.0);
        assert!(ms >= 0.0, "the added guest's row did not appear: {added}");
        add.push(ms);
        let unchanged = browser
            .post(
                "/execute/async",
                json!({"script": UNCHANGED_REFRESH, "args": [added["at"]]}),
            )
            .await;
        let ms = unchanged["ms"].as_f64().unwrap_or(-1.0);
        assert!(ms >= 0.0, "no unchanged refresh (304) within 10 s");
        refresh_ms.push(ms);
        refresh_bytes.push(unchanged["bytes"].as_f64().unwrap_or(0.0));
        let _ = http.delete(&browser.url).send().await;
    }
    let (first50, first95) = summary(first);
    let (add50, add95) = summary(add);
    let (refresh50, refresh95) = summary(refresh_ms);
    let (bytes50, bytes95) = summary(refresh_bytes);
    println!(
        "roster on loopback: first roster visible p50 {first50:.0} ms, p95 {first95:.0} ms; \
         add to row visible p50 {add50:.0} ms, p95 {add95:.0} ms; unchanged refresh (304) \
         p50 {refresh50:.1} ms, p95 {refresh95:.1} ms, {bytes50:.0} B (p95 {bytes95:.0} B, \
         headers included, no body) ({runs} runs)"
    );
}

/// "Add several": pastes `arguments[0]` guests (named with `arguments[1]`),
/// times Add → every row added; then pastes `arguments[2]` rows and times
/// Preview → every row drawn (two animation frames later).
const BULK: &str = r##"
const [count, tag, previewed, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const [LIMIT, FAILED] = [60000, {add: -1, preview: -1}];
const root = document.querySelector("#participant-manager").shadowRoot;
const paste = (dialog, text) => {
  const area = dialog.querySelector("textarea");
  area.value = text;
  area.dispatchEvent(new Event("input", {bubbles: true}));
};
const lines = (n, name) => Array.from({length: n}, (_, i) => `${name} ${i}, ${name.replace(/ /g, ".")}.${i}@example.com`).join("\n");
root.querySelector("[data-action=add-several]").click();
wait(() => root.querySelector("dialog[open] textarea"), () => {
  const dialog = root.querySelector("dialog[open]");
  paste(dialog, lines(count, `Bulk ${tag}`));
  dialog.querySelector("[data-action=preview]").click();
  wait(() => dialog.querySelectorAll("tbody tr").length === count, () => {
    const started = performance.now();
    dialog.querySelector("[data-action=add-batch]").click();
    wait(() => dialog.querySelectorAll("tr[data-state=added]").length === count, () => {
      const add = performance.now() - started;
      [...dialog.querySelectorAll("button")].find(b => b.textContent.trim() === "Back to the text").click();
      wait(() => dialog.querySelector("textarea"), () => {
        paste(dialog, lines(previewed, `Preview ${tag}`));
        const shown = performance.now();
        dialog.querySelector("[data-action=preview]").click();
        wait(() => dialog.querySelectorAll("tbody tr").length === previewed, () =>
          requestAnimationFrame(() => requestAnimationFrame(() =>
            done({add, preview: performance.now() - shown}))));
      });
    });
  });
});
"##;

/// Issue 11's figures: 50 guests added through the simulator, and a
/// 500-row preview drawn, in `runs` fresh browsers (the session grows by 50
/// guests a run).
async fn bulk_figures(http: &reqwest::Client, driver: &str, page: &str, runs: usize) {
    let (mut add, mut preview) = (Vec::new(), Vec::new());
    let page = page.replacen('#', "&refreshSeconds=0#", 1);
    for run in 0..runs {
        let browser = open_browser(http, driver).await;
        first_roster(&browser, &page).await;
        let timed = browser
            .post(
                "/execute/async",
                json!({"script": format!("{BULK}{WAIT}"), "args": [50, format!("run {run}"), 500]}),
            )
            .await;
        let (a, p) = (
            timed["add"].as_f64().unwrap_or(-1.0),
            timed["preview"].as_f64().unwrap_or(-1.0),
        );
        assert!(a >= 0.0 && p >= 0.0, "the batch did not finish: {timed}");
        add.push(a);
        preview.push(p);
        let _ = http.delete(&browser.url).send().await;
    }
    let worst = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (add_worst, preview_worst) = (worst(&add), worst(&preview));
    let (add50, add95) = summary(add);
    let (preview50, preview95) = summary(preview);
    println!(
        "add several on loopback: 50 guests added p50 {add50:.0} ms, p95 {add95:.0} ms (max {add_worst:.0}); \
         500-row preview drawn p50 {preview50:.0} ms, p95 {preview95:.0} ms (max {preview_worst:.0}) ({runs} runs)"
    );
}

fn summary(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (percentile(&values, 50.0), percentile(&values, 95.0))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let runs: usize = option("--runs").map_or(20, |r| r.parse().expect("--runs N"));
    let dist = option("--dist").unwrap_or_else(|| "dist".into());
    let root = env!("CARGO_MANIFEST_DIR");
    let server_bin = format!("{root}/target/release/participant-manager");

    let token = Command::new(&server_bin)
        .args([
            "token",
            "--external-session-id",
            SESSION,
            "--actor",
            "bench",
        ])
        .args(["--scope", "write", "--ttl", "1h"])
        .env("EMBED_TOKEN_SECRET", SECRET)
        .output()
        .expect("minting a token");
    assert!(token.status.success(), "token: {token:?}");
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();

    let port = free_port();
    let db = tempfile::tempdir().unwrap();
    let _server = Proc(
        Command::new(&server_bin)
            .current_dir(db.path())
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--static-dir")
            .arg(std::path::Path::new(root).join(&dist))
            .env("EMBED_TOKEN_SECRET", SECRET)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the server"),
    );
    let driver_port = free_port();
    let _driver = Proc(
        Command::new("chromedriver")
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver"),
    );
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let driver = format!("http://127.0.0.1:{driver_port}");
    wait_ready(&http, &format!("{base}/healthz"), "the server").await;
    wait_ready(&http, &format!("{driver}/status"), "chromedriver").await;
    let page = format!("{base}/?externalSessionId={SESSION}#token={token}");

    let mut verdicts = Vec::new();
    let networks: &[Network] = if args
        .iter()
        .any(|a| a == "--roster-only" || a == "--bulk-only")
    {
        &[]
    } else {
        &NETWORKS
    };
    for network in networks {
        let (mut cold, mut warm, mut cold_bytes, mut warm_bytes) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            let browser = open_browser(&http, &driver).await;
            let bytes_per_second = network.bits_per_second / 8;
            browser
                .post(
                    "/chromium/network_conditions",
                    json!({"network_conditions": {
                        "offline": false,
                        "latency": network.latency_ms,
                        "download_throughput": bytes_per_second,
                        "upload_throughput": bytes_per_second,
                    }}),
                )
                .await;
            let (ms, bytes) = first_roster(&browser, &page).await;
            cold.push(ms);
            cold_bytes.push(bytes as f64);
            // A new navigation to the same page, not a reload (a reload
            // makes Chromium revalidate with max-age=0 regardless).
            browser.post("/url", json!({"url": "about:blank"})).await;
            let (ms, bytes) = first_roster(&browser, &page).await;
            warm.push(ms);
            warm_bytes.push(bytes as f64);
            let _ = http.delete(&browser.url).send().await;
        }
        let (cold50, cold95) = summary(cold);
        let (warm50, warm95) = summary(warm);
        let (bytes50, bytes_max) = {
            let mut b = cold_bytes.clone();
            b.sort_by(f64::total_cmp);
            (percentile(&b, 50.0), *b.last().unwrap())
        };
        let (warm_bytes50, _) = summary(warm_bytes);
        println!(
            "{}: first roster cold p50 {cold50:.0} ms, p95 {cold95:.0} ms; warm p50 {warm50:.0} ms, \
             p95 {warm95:.0} ms; over the wire cold {:.1} KB (max {:.1}), warm {:.1} KB ({runs} runs)",
            network.name,
            bytes50 / 1000.0,
            bytes_max / 1000.0,
            warm_bytes50 / 1000.0,
        );
        if network.bits_per_second == 10_000_000 {
            verdicts.push(("cold p95 ≤ 800 ms at 10 Mbit/s", cold95 <= 800.0));
            verdicts.push(("warm p95 ≤ 300 ms at 10 Mbit/s", warm95 <= 300.0));
            verdicts.push(("cold load < 200 KB over the wire", bytes_max < 200_000.0));
        }
    }
    if !args.iter().any(|a| a == "--bulk-only") {
        roster_figures(&http, &driver, &page, runs).await;
    }
    // 50 guests a run: the demo session grows with each.
    bulk_figures(&http, &driver, &page, runs.min(5)).await;
    let mut pass = true;
    for (target, met) in verdicts {
        println!("{}: {target}", if met { "PASS" } else { "FAIL" });
        pass &= met;
    }
    if !pass {
        std::process::exit(1);
    }
}
