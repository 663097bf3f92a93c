//! How the simulator is configured: the typed [`SimulatorConfig`] the proxy
//! builds in-process, and the [`SimulatorArgs`] of the CLI's `simulator`
//! subcommand, where every option also reads an environment variable.

use std::net::SocketAddr;

use clap::Args;
use secrecy::SecretString;

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
    #[arg(long, env = "SIMULATOR_API_KEY", default_value = "demo-key")]
    pub api_key: String,

    /// API secret that clients must send as the HTTP Basic password.
    #[arg(
        long,
        env = "SIMULATOR_API_SECRET",
        default_value = "demo-secret",
        hide_env_values = true
    )]
    pub api_secret: SecretString,
}

impl SimulatorArgs {
    /// The configuration these arguments describe.
    pub fn config(&self) -> SimulatorConfig {
        SimulatorConfig {
            db: self.db.clone(),
            api_key: self.api_key.clone(),
            api_secret: self.api_secret.clone(),
        }
    }

    /// Where to listen.
    pub fn listen(&self) -> SocketAddr {
        self.listen
    }
}
