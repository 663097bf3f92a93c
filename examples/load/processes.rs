//! The system under load: the real `participant-manager` binary started
//! twice, as the SecureVideo simulator (on a SQLite file, quiet logs: it
//! stands in for a remote service) and as the proxy in front of it (with a
//! token secret and its production logging, audit lines included, written
//! to a file). Also what `/proc` says about each process.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

pub const API_KEY: &str = "bench-key";

/// A running `participant-manager` process.
pub struct Process {
    pub name: &'static str,
    pub child: Child,
    pub base_url: String,
}

impl Process {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Peak resident memory (VmHWM) in KiB.
    pub fn peak_memory_kib(&self) -> Option<u64> {
        status_field(self.pid(), "VmHWM:")
    }

    /// CPU time used so far (user + system), in seconds.
    pub fn cpu_seconds(&self) -> Option<f64> {
        cpu_seconds(&format!("/proc/{}/stat", self.pid()))
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary next to this example's (`target/release/participant-manager`).
pub fn default_binary() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .context("where is the target directory?")?;
    Ok(dir.join("participant-manager"))
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// `participant-manager simulator` on `db`, ready to answer.
pub fn simulator(binary: &Path, db: &Path, secret: &str) -> Result<Process> {
    simulator_with(binary, db, secret, &[])
}

/// [`simulator`] with more options (`--latency 40ms`, `--seed-sessions N`).
pub fn simulator_with(
    binary: &Path,
    db: &Path,
    secret: &str,
    options: &[String],
) -> Result<Process> {
    let port = free_port()?;
    let child = Command::new(binary)
        .args(["simulator", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--api-key", API_KEY])
        .arg("--db")
        .arg(db)
        .args(options)
        .env("SIMULATOR_API_SECRET", secret)
        .env("LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    ready(Process {
        name: "simulator",
        child,
        base_url: format!("http://127.0.0.1:{port}"),
    })
}

/// `participant-manager serve` in front of the simulator, logging JSON
/// lines (info: one per request and an audit line per change) to `log`.
pub fn proxy(
    binary: &Path,
    simulator_url: &str,
    api_secret: &str,
    token_secret: &str,
    log: &Path,
) -> Result<Process> {
    let port = free_port()?;
    let log = std::fs::File::create(log)?;
    let child = Command::new(binary)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--base-url", simulator_url])
        .env("SECUREVIDEO_API_KEY", API_KEY)
        .env("SECUREVIDEO_API_SECRET", api_secret)
        .env("EMBED_TOKEN_SECRET", token_secret)
        .env("LOG", "info")
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    ready(Process {
        name: "proxy",
        child,
        base_url: format!("http://127.0.0.1:{port}"),
    })
}

/// Waits until the process accepts connections on its port.
fn ready(mut process: Process) -> Result<Process> {
    let addr = process.base_url.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        if let Some(status) = process.child.try_wait()? {
            bail!("the {} exited with {status}", process.name);
        }
        if started.elapsed() > Duration::from_secs(120) {
            let name = process.name;
            process.stop();
            bail!("the {name} did not start listening");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(process)
}

fn status_field(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// utime + stime from a `/proc/.../stat` file, in seconds (100 ticks/s,
/// the Linux default).
pub fn cpu_seconds(stat: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(stat).ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}
