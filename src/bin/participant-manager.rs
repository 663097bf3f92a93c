//! `participant-manager`: the server's command line.
//!
//! - `serve`: the proxy (the widget's API), with the embedded SecureVideo
//!   simulator when no SecureVideo credentials are configured;
//! - `simulator`: the SecureVideo-compatible simulator on its own;
//! - `token`: mints an embed token for development.
//!
//! Every option also reads an environment variable (see `--help`). A bad
//! configuration stops the process with a message before any port opens.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::process::ExitCode;

    use anyhow::Context;
    use clap::{Parser, Subcommand};
    use participant_manager::proxy::{self, ServeArgs, TokenArgs, logging};
    use participant_manager::simulator::{self, SimulatorArgs};

    /// Manage who joins a SecureVideo telehealth visit: the proxy that holds
    /// the SecureVideo credentials for the widget, and a SecureVideo
    /// simulator for development.
    #[derive(Parser, Debug)]
    #[command(name = "participant-manager", version)]
    struct Cli {
        /// Log filter in tracing's EnvFilter syntax (e.g. info, debug,
        /// participant_manager=debug); RUST_LOG is used when LOG is not set.
        #[arg(long, env = "LOG", global = true, value_name = "FILTER")]
        log: Option<String>,

        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand, Debug)]
    enum Command {
        // Boxed: its many options make it far larger than the others.
        Serve(Box<ServeArgs>),
        Simulator(SimulatorArgs),
        Token(TokenArgs),
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match run(cli) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("participant-manager: error: {error:#}");
                ExitCode::FAILURE
            }
        }
    }

    fn run(cli: Cli) -> anyhow::Result<()> {
        let filter = cli
            .log
            .or_else(|| std::env::var("RUST_LOG").ok())
            .filter(|f| !f.trim().is_empty())
            .unwrap_or_else(|| logging::DEFAULT_FILTER.to_owned());
        match cli.command {
            Command::Token(args) => {
                println!("{}", args.mint()?);
                Ok(())
            }
            Command::Serve(args) => {
                // Checked before logging, the runtime or any port.
                let settings = args.settings()?;
                logging::init(&filter)?;
                runtime()?.block_on(proxy::serve(
                    settings,
                    participant_manager::shutdown::signal(),
                ))?;
                Ok(())
            }
            Command::Simulator(args) => {
                // Checked before logging, the runtime or any port.
                let config = args.config().map_err(anyhow::Error::msg)?;
                logging::init(&filter)?;
                runtime()?.block_on(simulator::run(config, args.listen()))
            }
        }
    }

    fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")
    }
}
