//! How the simulator is configured: the typed [`SimulatorConfig`] the proxy
//! builds in-process, and the [`SimulatorArgs`] of the CLI's `simulator`
//! subcommand, where every option also reads an environment variable.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;
use secrecy::{ExposeSecret, SecretString};

use crate::proxy::config::parse_duration;

/// The longest `--latency`: more would only make requests time out.
pub const MAX_LATENCY: Duration = Duration::from_secs(60);

/// The most `--seed-sessions`: a million sessions is far beyond any
/// account, and their ConnectCodes stay sparse among the 9-digit ones.
pub const MAX_SEED_SESSIONS: u32 = 1_000_000;

/// The credentials a simulator accepts unless told otherwise: fine on
/// loopback, where only this machine can use them.
pub const DEMO_API_KEY: &str = "demo-key";
pub const DEMO_API_SECRET: &str = "demo-secret";

/// What a simulator needs to run: where its data lives and the one API
/// credential it accepts (HTTP Basic, the identifier as user name and the
/// secret as password, as SecureVideo does).
#[derive(Clone, Debug)]
pub struct SimulatorConfig {
    /// A SQLite file path (created and seeded with demo data when new), or
    /// `":memory:"` for a database that lives as long as the simulator.
    pub db: String,
    /// The API identifier clients send as the Basic user name.
    pub api_key: String,
    /// The API secret clients send as the Basic password.
    pub api_secret: SecretString,
    /// How long every answer is held back, to behave like SecureVideo over
    /// the internet. Zero (the proxy's embedded simulator) answers at once.
    pub latency: Duration,
    /// Benchmark sessions to create on start, unless the database already
    /// has them (see [`super::seed::bench`]).
    pub bench: Option<BenchSeed>,
}

impl SimulatorConfig {
    /// A simulator on `db` accepting this credential, answering at once,
    /// with only the demo data.
    pub fn new(
        db: impl Into<String>,
        api_key: impl Into<String>,
        api_secret: SecretString,
    ) -> Self {
        Self {
            db: db.into(),
            api_key: api_key.into(),
            api_secret,
            latency: Duration::ZERO,
            bench: None,
        }
    }
}

/// How many benchmark sessions to seed, spread round-robin over how many
/// hosts. Both at least 1, hosts at most sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BenchSeed {
    pub sessions: u32,
    pub hosts: u32,
}

/// Run a SecureVideo-compatible API server backed by SQLite.
#[derive(Args, Debug)]
pub struct SimulatorArgs {
    /// Address and port to listen on.
    #[arg(long, env = "SIMULATOR_LISTEN", default_value = "127.0.0.1:8788")]
    pub listen: SocketAddr,

    /// SQLite database file; created and seeded with demo data when it does
    /// not exist yet. ":memory:" keeps everything in memory.
    #[arg(
        long,
        env = "SIMULATOR_DB",
        default_value = "simulator.db",
        value_name = "PATH"
    )]
    pub db: String,

    /// API identifier that clients must send as the HTTP Basic user name.
    /// The default "demo-key" (with "demo-secret") is accepted only while
    /// listening on loopback.
    #[arg(long, env = "SIMULATOR_API_KEY", default_value = DEMO_API_KEY)]
    pub api_key: String,

    /// API secret that clients must send as the HTTP Basic password.
    #[arg(
        long,
        env = "SIMULATOR_API_SECRET",
        default_value = DEMO_API_SECRET,
        hide_env_values = true
    )]
    pub api_secret: SecretString,

    /// Hold every answer back this long (e.g. 40ms), to behave like
    /// SecureVideo over the internet; at most 60s.
    #[arg(
        long,
        env = "SIMULATOR_LATENCY",
        default_value = "0ms",
        value_parser = parse_duration,
        value_name = "DURATION"
    )]
    pub latency: Duration,

    /// For benchmarks: on start, create this many sessions (ExternalSessionId
    /// BENCH-1, BENCH-2, ..., each with its host and 3 guests), unless the
    /// database already has them. 0: none.
    #[arg(
        long,
        env = "SIMULATOR_SEED_SESSIONS",
        default_value_t = 0,
        value_name = "N"
    )]
    pub seed_sessions: u32,

    /// For benchmarks: how many host users ("Bench Host 1", ...) share the
    /// --seed-sessions, round-robin (default 1).
    #[arg(long, env = "SIMULATOR_SEED_HOSTS", value_name = "H")]
    pub seed_hosts: Option<u32>,
}

impl SimulatorArgs {
    /// The configuration these arguments describe, once checked: called
    /// before any port opens, so a bad one exits with a message instead.
    pub fn config(&self) -> Result<SimulatorConfig, String> {
        let key = self.api_key.trim();
        let secret = self.api_secret.expose_secret();
        if key.is_empty() {
            return Err("SIMULATOR_API_KEY (--api-key) must not be empty".into());
        }
        // HTTP Basic puts "key:secret" together: a colon in the key would
        // make the pair ambiguous.
        if key.contains(':') {
            return Err("SIMULATOR_API_KEY (--api-key) must not contain ':'".into());
        }
        if secret.trim().is_empty() {
            return Err("SIMULATOR_API_SECRET (--api-secret) must not be empty".into());
        }
        if self.db.trim().is_empty() {
            return Err("SIMULATOR_DB (--db) must be a file path or :memory:".into());
        }
        let demo = key == DEMO_API_KEY || secret == DEMO_API_SECRET;
        if demo && !self.listen.ip().is_loopback() {
            return Err(format!(
                "the demo credentials are accepted only on loopback; set \
                 SIMULATOR_API_KEY and SIMULATOR_API_SECRET (--api-key, --api-secret) \
                 to listen on {}",
                self.listen
            ));
        }
        if self.latency > MAX_LATENCY {
            return Err("SIMULATOR_LATENCY (--latency) must be at most 60s".into());
        }
        Ok(SimulatorConfig {
            db: self.db.clone(),
            api_key: key.to_owned(),
            api_secret: self.api_secret.clone(),
            latency: self.latency,
            bench: self.bench()?,
        })
    }

    fn bench(&self) -> Result<Option<BenchSeed>, String> {
        let sessions = self.seed_sessions;
        if sessions == 0 {
            return match self.seed_hosts {
                None => Ok(None),
                Some(_) => Err("SIMULATOR_SEED_HOSTS (--seed-hosts) needs \
                     SIMULATOR_SEED_SESSIONS (--seed-sessions) of at least 1"
                    .into()),
            };
        }
        if sessions > MAX_SEED_SESSIONS {
            return Err(format!(
                "SIMULATOR_SEED_SESSIONS (--seed-sessions) must be at most {MAX_SEED_SESSIONS}"
            ));
        }
        let hosts = self.seed_hosts.unwrap_or(1);
        if hosts == 0 || hosts > sessions {
            return Err(format!(
                "SIMULATOR_SEED_HOSTS (--seed-hosts) must be between 1 and \
                 SIMULATOR_SEED_SESSIONS (--seed-sessions, here {sessions})"
            ));
        }
        Ok(Some(BenchSeed { sessions, hosts }))
    }

    /// Where to listen.
    pub fn listen(&self) -> SocketAddr {
        self.listen
    }
}
