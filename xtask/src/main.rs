//! `cargo xtask ...`: the project's own set-up, run and test commands.
//!
//! - `cargo xtask run`  installs what is missing, then starts the server with
//!   the embedded SecureVideo simulator and prints its URL and an embed token.
//! - `cargo xtask test` installs what is missing, then runs every check the
//!   project makes: rustfmt, clippy (native and wasm32), the wasm32 build of
//!   `common`, and all tests.
//!
//! Every tool the project needs is installed from here, never by hand, and a
//! tool already present at the right version is skipped.

mod install;
mod steps;

use std::process::ExitCode;

use anyhow::{Result, bail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let (command, rest) = args
        .split_first()
        .map_or(("help", &[][..]), |(c, r)| (c.as_str(), r));
    match command {
        "run" => steps::run(rest),
        "test" => steps::test(),
        "help" | "--help" | "-h" => {
            println!("{}", HELP.trim());
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{}", HELP.trim()),
    }
}

const HELP: &str = "
usage: cargo xtask <command>

commands:
  run [-- serve options]   install what is missing, start the server with the embedded
                           simulator, print its URL and a ready-to-use embed token
  test                     install what is missing, then rustfmt check, clippy -D warnings
                           (native and wasm32), the wasm32 build of common, and all tests
";
