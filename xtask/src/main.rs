//! `cargo xtask ...`: the project's own set-up, run and test commands.
//!
//! - `cargo xtask run`  installs what is missing, then starts the server with
//!   the embedded SecureVideo simulator and the standalone widget page
//!   (`trunk serve`), and prints the URL that opens the demo session.
//! - `cargo xtask test` installs what is missing, then runs every check the
//!   project makes: rustfmt, clippy (native and wasm32), the supply-chain
//!   check (cargo-deny, offline, against the RustSec snapshot), all native tests
//!   (the end-to-end browser tests among them) and the wasm component tests
//!   in headless Chromium.
//! - `cargo xtask deny` runs only the supply-chain check of `test`.
//! - `cargo xtask bench` measures what the issues put a number on: the load
//!   test, the per-action cost as the account grows, and the widget's bundle
//!   size.
//! - `cargo xtask fuzz` runs the cargo-fuzz targets for a bounded time.
//! - `cargo xtask compress <dir>` writes brotli and gzip copies of a built
//!   widget's files (trunk's post_build hook runs it on release builds).
//!
//! Every tool the project needs is installed from here, never by hand, and a
//! tool already present at the right version is skipped.

mod bench;
mod compress;
mod deny;
mod fuzz;
mod install;
mod steps;
mod wasm;

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
        "run" => wasm::run_with_widget(rest),
        "test" => steps::test(),
        "deny" => deny::check(),
        "bench" => bench::run(rest, wasm::bench_bundle, || {
            wasm::install_tools()?;
            wasm::build_widget(true).map(|_| ())
        }),
        "fuzz" => fuzz::run(rest),
        "compress" => compress::run(rest),
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
                           simulator and the standalone page (trunk serve), and print
                           the URL that opens the demo session with a fresh token
  test                     install what is missing, then rustfmt check, clippy -D warnings
                           (native and wasm32), cargo deny --offline check (advisories from
                           ../shared/advisory-db, bans, licenses, sources), all native
                           tests including the end-to-end
                           browser tests, and the wasm component tests in headless Chromium
  deny                     only the supply-chain check of `test`: cargo deny --offline check
  bench [load|scale|page|bundle]
                           load and bundle, or one of: the load test (release build; 1,000
                           mixed changes/s for 60 s through the proxy to the simulator, then
                           checks nothing was lost or doubled; `load --seconds 10
                           --rate 200` for a shorter run); scale (release build; 10, 1,000
                           and 10,000 active sessions, 40 ms simulated latency, 200 widgets
                           polling: per action p50/p99, upstream calls and bytes, peak
                           memory, against the targets at 10,000; `scale --help`); page
                           (release build served by the server; first roster visible in
                           headless Chromium throttled to 10 Mbit/s 40 ms and 2 Mbit/s
                           150 ms, cold and warm cache; `page --runs N`); and the
                           release bundle's size (wasm + JS + CSS, gzip) against its 186.7 KB
                           budget, with twiggy's top entries of the same build with names kept
  fuzz [--seconds N] [body|router]
                           run each cargo-fuzz target N s (default 60) on nightly; a
                           failing input is kept in fuzz/corpus-regressions/, which the
                           normal tests replay
  compress <dir>           brotli (quality 11) and gzip copies of a built widget's files,
                           next to them, for the proxy to serve; trunk's post_build hook
                           runs it on every release build
";
