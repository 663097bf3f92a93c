//! The supply-chain check: `cargo deny --offline check` (advisories, bans,
//! licenses, sources; rules and exceptions in `deny.toml`).
//!
//! The advisory database is the RustSec snapshot at `../shared/advisory-db`
//! (a plain copy at a known commit, see its `SNAPSHOT.txt`). cargo-deny
//! reads only git checkouts, from `<db-path>/advisory-db-<hash of the URL>`,
//! so each run copies the snapshot there and commits it in a fresh
//! repository. Nothing is fetched: a crate with an advisory that `deny.toml`
//! does not list, with a reason, fails the run.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::install;
use crate::steps::cmd;
use crate::wasm::root;

/// Relative to the repository root.
const SNAPSHOT: &str = "../shared/advisory-db";
/// `db-path` in deny.toml.
const DB_PATH: &str = "target/advisory-dbs";
/// Where cargo-deny looks for its default database
/// (`https://github.com/RustSec/advisory-db`) under `db-path`: the URL's
/// last segment and its XxHash64, as cargo-deny 0.20 names it.
const DB_DIR: &str = "advisory-db-3157b0e258782691";

pub fn check() -> Result<()> {
    install::cargo_deny()?;
    let snapshot = root().join(SNAPSHOT);
    if !snapshot.join("crates").is_dir() {
        bail!(
            "the RustSec advisory snapshot is missing at {}",
            snapshot.display()
        );
    }
    let db = root().join(DB_PATH).join(DB_DIR);
    prepare(&snapshot, &db)?;
    // cargo-deny reads `cargo metadata` for every target, offline: on a new
    // machine the crates of the other targets (the widget's web-sys, an
    // Android-only crate of chrono's) are not downloaded yet. `cargo fetch`
    // brings every target's crates from the registry.
    cmd("cargo", &["fetch", "--locked"]).context("cargo fetch failed")?;
    eprintln!("xtask: == supply chain: cargo deny --offline check");
    let status = Command::new("cargo")
        .args(["deny", "--offline", "check"])
        .current_dir(root())
        .status()
        .context("could not start cargo deny")?;
    if !status.success() {
        bail!("cargo deny found a problem (see above; exceptions go in deny.toml, with a reason)");
    }
    eprintln!("xtask: == supply chain ok");
    Ok(())
}

/// A fresh git repository at `db` holding exactly the snapshot.
fn prepare(snapshot: &Path, db: &Path) -> Result<()> {
    if db.exists() {
        std::fs::remove_dir_all(db).with_context(|| format!("removing {}", db.display()))?;
    }
    std::fs::create_dir_all(db).with_context(|| format!("creating {}", db.display()))?;
    let copy = Command::new("cp")
        .arg("-R")
        .arg(format!("{}/.", snapshot.display()))
        .arg(db)
        .status()
        .context("could not start cp")?;
    if !copy.success() {
        bail!("copying the advisory snapshot failed");
    }
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=xtask",
            "-c",
            "user.email=xtask@localhost",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            "RustSec advisory-db snapshot (../shared/advisory-db)",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(db)
            .status()
            .context("could not start git")?;
        if !status.success() {
            bail!("`git {}` in {} failed", args.join(" "), db.display());
        }
    }
    Ok(())
}
