//! The fuzz targets' kept corpus, replayed on stable Rust: every file in
//! `fuzz/corpus-regressions/body/` and `fuzz/corpus-regressions/router/`
//! (hand-written seeds, and every input that once failed a fuzz run) goes
//! through exactly the checks the nightly targets make
//! (`support/hostile/body.rs`, `support/hostile/router.rs`), so
//! `cargo xtask test` covers them without nightly or cargo-fuzz.
//!
//! `cargo xtask fuzz` copies a new failing input into these folders; it
//! stays there as a regression test once fixed.

use crate::support::hostile;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use hostile::router::RouterHarness;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus-regressions")
        .join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let data = std::fs::read(&path).unwrap();
            (path, data)
        })
        .collect();
    files.sort();
    files
}

/// Runs `check` on every file, reporting every file that fails (by name)
/// rather than stopping at the first; returns what each passing run gave.
fn replay<T>(target: &str, minimum: usize, check: impl Fn(&[u8]) -> T) -> Vec<T> {
    let files = corpus(target);
    assert!(
        files.len() >= minimum,
        "the {target} corpus has {} files; expected at least {minimum}",
        files.len()
    );
    let mut failed = Vec::new();
    let mut passed = Vec::new();
    for (path, data) in &files {
        match std::panic::catch_unwind(AssertUnwindSafe(|| check(data))) {
            Ok(value) => passed.push(value),
            Err(_) => failed.push(path.display().to_string()),
        }
    }
    assert!(failed.is_empty(), "these {target} inputs fail: {failed:#?}");
    passed
}

#[test]
fn every_kept_body_input_parses_without_panic_and_round_trips() {
    replay("body", 10, hostile::body::check_body);
}

#[test]
fn every_kept_router_input_stays_inside_the_allow_list_and_leaks_no_canary() {
    let harness = RouterHarness::new();
    let exchanges = replay("router", 20, |data| harness.check(data));
    // Most seeds must reach SecureVideo with a change, or the allow-list
    // check would check nothing.
    let forwarded = exchanges
        .iter()
        .flatten()
        .filter(|exchange| exchange.sent.iter().any(|r| r.method != "GET"))
        .count();
    assert!(
        forwarded >= 5,
        "only {forwarded} kept inputs reach a change upstream"
    );
}
