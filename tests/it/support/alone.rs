//! One test in a process of its own, for a test that installs
//! process-wide state (the global tracing subscriber) and must see only
//! what it drives itself: the test binary runs itself again with a filter
//! that selects that one test.

use std::process::Command;

/// Set, to the test's path, in the process [`run`] starts.
const ALONE: &str = "IT_ALONE";

/// Whether this process was started by [`run`] for `test`.
pub fn is_alone(test: &str) -> bool {
    std::env::var(ALONE).is_ok_and(|alone| alone == test)
}

/// Runs `test` (its path in the binary, e.g. `hostile::secrets::x`, an
/// `#[ignore]`d test that checks [`is_alone`]) alone in a new process of
/// this test binary; fails with its output unless it ran and passed.
pub fn run(test: &str) {
    let output = Command::new(std::env::current_exe().expect("the test binary"))
        .args([test, "--exact", "--include-ignored", "--test-threads=1"])
        .env(ALONE, test)
        .output()
        .expect("the test binary starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{test} alone: {}\n{stdout}\n{stderr}",
        output.status
    );
}
