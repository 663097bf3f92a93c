//! How the simulator is configured: the typed [`SimulatorConfig`] the proxy
//! builds in-process, and the [`SimulatorArgs`] of the CLI's `simulator`
//! subcommand, where every option also reads an environment variable.

use std::net::SocketAddr;

use clap::Args;
use secrecy::{ExposeSecret, SecretString};

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
        Ok(SimulatorConfig {
            db: self.db.clone(),
            api_key: key.to_owned(),
            api_secret: self.api_secret.clone(),
        })
    }

    /// Where to listen.
    pub fn listen(&self) -> SocketAddr {
        self.listen
    }
}
