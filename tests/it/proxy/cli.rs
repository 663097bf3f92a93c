//! The `participant-manager` binary: a bad configuration stops `serve`
//! with a clear message before any port opens; `--help` documents every
//! environment variable without showing secret values; `token` prints a
//! token the proxy accepts; and `serve` with the embedded simulator starts,
//! prints its URL and a demo token, serves, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use participant_manager::proxy::auth::{SessionGrant, TokenVerifier};
use participant_manager::proxy::{Scope, SessionRef};

const BIN: &str = env!("CARGO_BIN_EXE_participant-manager");
const GOOD_SECRET: &str = "cli-test-embed-token-secret-0123456789";

/// The binary with a clean environment and these variables.
fn command(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BIN);
    command.env_clear();
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

/// Runs `serve` with `env` while this test holds the port it would listen
/// on: if it tried to open the port, it would fail with a different error.
fn serve_refused(env: &[(&str, &str)]) -> String {
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = held.local_addr().unwrap().to_string();
    let mut env = env.to_vec();
    if !env.iter().any(|(name, _)| *name == "LISTEN") {
        env.push(("LISTEN", &listen));
    }
    let mut serve = command(&env);
    serve.arg("serve");
    refused_before_listening(serve)
}

/// Runs `command` (whose listening port the caller holds) and checks it
/// stopped with an error before opening any port; returns what it said.
fn refused_before_listening(mut command: Command) -> String {
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{command:?} started: {stderr}");
    assert!(!stderr.contains("listening on http"), "{stderr}");
    assert!(
        !stderr.contains("cannot listen"),
        "it tried to open a port: {stderr}"
    );
    stderr
}

#[test]
fn serve_with_only_an_api_key_refuses_naming_both_variables() {
    let stderr = serve_refused(&[
        ("SECUREVIDEO_API_KEY", "k"),
        ("EMBED_TOKEN_SECRET", GOOD_SECRET),
    ]);
    assert!(
        stderr.contains("SECUREVIDEO_API_KEY") && stderr.contains("SECUREVIDEO_API_SECRET"),
        "{stderr}"
    );
}

#[test]
fn serve_with_a_short_token_secret_refuses() {
    let stderr = serve_refused(&[("EMBED_TOKEN_SECRET", "short-secret")]);
    assert!(
        stderr.contains("EMBED_TOKEN_SECRET") && stderr.contains("at least 32 bytes"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("short-secret"),
        "the secret is echoed: {stderr}"
    );
}

#[test]
fn serve_without_a_token_secret_refuses_outside_loopback_development() {
    let stderr = serve_refused(&[("LISTEN", "0.0.0.0:1")]);
    assert!(stderr.contains("EMBED_TOKEN_SECRET"), "{stderr}");
    let stderr = serve_refused(&[
        ("SECUREVIDEO_API_KEY", "k"),
        ("SECUREVIDEO_API_SECRET", "s"),
    ]);
    assert!(stderr.contains("EMBED_TOKEN_SECRET"), "{stderr}");
}

#[test]
fn serve_refuses_a_base_url_that_is_not_https_or_comes_without_credentials() {
    for url in [
        "ftp://api.securevideo.com",
        "http://api.securevideo.com",
        "not a url",
    ] {
        let stderr = serve_refused(&[
            ("SECUREVIDEO_API_KEY", "k"),
            ("SECUREVIDEO_API_SECRET", "s"),
            ("SECUREVIDEO_BASE_URL", url),
            ("EMBED_TOKEN_SECRET", GOOD_SECRET),
        ]);
        assert!(stderr.contains("SECUREVIDEO_BASE_URL"), "{url}: {stderr}");
    }
    let stderr = serve_refused(&[("SECUREVIDEO_BASE_URL", "https://api.securevideo.com")]);
    assert!(stderr.contains("SECUREVIDEO_BASE_URL"), "{stderr}");
}

#[test]
fn serve_refuses_a_wildcard_or_malformed_allowed_origin() {
    for origins in [
        "*",
        "https://ehr.example.com,*",
        "https://ehr.example.com/portal",
        "ehr.example.com",
    ] {
        let stderr = serve_refused(&[
            ("ALLOWED_ORIGINS", origins),
            ("EMBED_TOKEN_SECRET", GOOD_SECRET),
        ]);
        assert!(stderr.contains("ALLOWED_ORIGINS"), "{origins}: {stderr}");
    }
}

/// Every option of every subcommand, as clap declares it: each reads an
/// environment variable, and the subcommand's `--help` names it without
/// showing a secret value set in the environment.
#[test]
fn help_documents_every_environment_variable_without_secret_values() {
    use clap::Args;
    use participant_manager::proxy::{ServeArgs, TokenArgs};
    use participant_manager::simulator::SimulatorArgs;

    let subcommands = [
        (
            "serve",
            ServeArgs::augment_args(clap::Command::new("serve")),
        ),
        (
            "simulator",
            SimulatorArgs::augment_args(clap::Command::new("simulator")),
        ),
        (
            "token",
            TokenArgs::augment_args(clap::Command::new("token")),
        ),
    ];
    for (name, declared) in subcommands {
        let output = command(&[
            ("SECUREVIDEO_API_SECRET", "help-canary-secret"),
            ("EMBED_TOKEN_SECRET", "help-canary-token-secret"),
            ("SECUREVIDEO_API_KEY", "help-canary-key"),
            ("SIMULATOR_API_SECRET", "help-canary-simulator-secret"),
        ])
        .args([name, "--help"])
        .output()
        .unwrap();
        assert!(output.status.success(), "{name} --help");
        let help = String::from_utf8(output.stdout).unwrap();
        let mut variables = vec!["LOG".to_owned()];
        for arg in declared.get_arguments() {
            let variable = arg.get_env().unwrap_or_else(|| {
                panic!("{name} --{} reads no environment variable", arg.get_id())
            });
            variables.push(variable.to_string_lossy().into_owned());
        }
        assert!(variables.len() > 2, "{name}: {variables:?}");
        for variable in &variables {
            assert!(
                help.contains(&format!("[env: {variable}")),
                "{name}: {variable} is not in --help:\n{help}"
            );
        }
        assert!(
            !help.contains("help-canary"),
            "{name}: a secret value is shown:\n{help}"
        );
    }
}

/// Runs `simulator` with these arguments while this test holds the port
/// it would listen on.
fn simulator_refused(args: &[&str], listen_any: bool) -> String {
    let held = TcpListener::bind(if listen_any {
        "0.0.0.0:0"
    } else {
        "127.0.0.1:0"
    })
    .unwrap();
    let listen = held.local_addr().unwrap().to_string();
    let mut simulator = command(&[("SIMULATOR_DB", ":memory:")]);
    simulator
        .args(["simulator", "--listen", &listen])
        .args(args);
    refused_before_listening(simulator)
}

#[test]
fn simulator_refuses_empty_or_demo_credentials_where_they_do_not_belong() {
    for (args, listen_any, names) in [
        (&["--api-key", " "][..], false, "SIMULATOR_API_KEY"),
        (&["--api-key", "a:b"][..], false, "SIMULATOR_API_KEY"),
        (&["--api-secret", ""][..], false, "SIMULATOR_API_SECRET"),
        (&["--db", ""][..], false, "SIMULATOR_DB"),
        // Anyone on the network could use the published demo pair.
        (&[][..], true, "SIMULATOR_API_KEY and SIMULATOR_API_SECRET"),
        (
            &["--api-key", "own-key"][..],
            true,
            "SIMULATOR_API_KEY and SIMULATOR_API_SECRET",
        ),
    ] {
        let stderr = simulator_refused(args, listen_any);
        assert!(stderr.contains(names), "{args:?}: {stderr}");
    }
}

#[test]
fn simulator_refuses_a_bad_latency_or_bench_seed_naming_the_option() {
    for (args, names) in [
        (&["--latency", "fast"][..], "--latency"),
        (&["--latency", "2m"][..], "SIMULATOR_LATENCY"),
        (&["--seed-hosts", "5"][..], "SIMULATOR_SEED_HOSTS"),
        (
            &["--seed-sessions", "10", "--seed-hosts", "0"][..],
            "SIMULATOR_SEED_HOSTS",
        ),
        (
            &["--seed-sessions", "10", "--seed-hosts", "11"][..],
            "SIMULATOR_SEED_HOSTS",
        ),
        (
            &["--seed-sessions", "1000001"][..],
            "SIMULATOR_SEED_SESSIONS",
        ),
        (&["--seed-sessions", "many"][..], "--seed-sessions"),
    ] {
        let stderr = simulator_refused(args, false);
        assert!(stderr.contains(names), "{args:?}: {stderr}");
    }
}

#[test]
fn token_prints_only_a_token_the_proxy_accepts() {
    let output = command(&[("EMBED_TOKEN_SECRET", GOOD_SECRET)])
        .args([
            "token",
            "--session-id",
            "36201",
            "--actor",
            "staff-9",
            "--scope",
            "write",
            "--ttl",
            "900s",
            "--host-user-id",
            "12281",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let caller = TokenVerifier::new(&secrecy::SecretString::from(GOOD_SECRET))
        .verify(stdout.trim())
        .unwrap();
    assert_eq!(caller.actor, "staff-9");
    assert_eq!(caller.scope, Scope::Write);
    assert_eq!(caller.grant, SessionGrant::One(SessionRef::Id(36201)));
    assert_eq!(caller.host_hint, Some(12281));
}

#[test]
fn token_refuses_a_long_ttl_two_sessions_or_a_short_secret() {
    let refused = |args: &[&str], secret: &str| -> Output {
        let output = command(&[("EMBED_TOKEN_SECRET", secret)])
            .arg("token")
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        output
    };
    let output = refused(
        &["--session-id", "1", "--actor", "a", "--ttl", "2h"],
        GOOD_SECRET,
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("--ttl"));
    refused(
        &[
            "--session-id",
            "1",
            "--external-session-id",
            "X",
            "--actor",
            "a",
        ],
        GOOD_SECRET,
    );
    refused(&["--actor", "a"], GOOD_SECRET);
    refused(&["--session-id", "0", "--actor", "a"], GOOD_SECRET);
    refused(
        &["--session-id", "1", "--actor", "a", "--scope", "admin"],
        GOOD_SECRET,
    );
    refused(&["--session-id", "1", "--actor", "a"], "too-short");
}

/// A running `serve` and the lines it writes on stderr.
struct Served {
    child: Child,
    stderr: mpsc::Receiver<String>,
}

impl Served {
    fn start(env: &[(&str, &str)]) -> Self {
        Self::start_on("127.0.0.1:0", env)
    }

    fn start_on(listen: &str, env: &[(&str, &str)]) -> Self {
        let mut child = command(env)
            .args(["serve", "--listen", listen])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (lines, stderr) = mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        Self { child, stderr }
    }

    /// The next stderr line, waiting up to 30 s.
    fn line(&self) -> String {
        self.stderr
            .recv_timeout(Duration::from_secs(30))
            .expect("serve printed nothing more")
    }

    fn url(&self) -> String {
        loop {
            let line = self.line();
            if let Some(url) = line.strip_prefix("participant-manager proxy listening on ") {
                return url.to_owned();
            }
        }
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn terminate(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "serve exited with {exit}");
    }
}

#[tokio::test]
async fn serve_with_the_simulator_prints_its_url_and_a_working_demo_token_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("simulator.db");
    let served = Served::start(&[
        ("EMBED_TOKEN_SECRET", GOOD_SECRET),
        ("SIMULATOR_DB", db.to_str().unwrap()),
    ]);
    let url = served.url();
    assert!(
        served
            .line()
            .starts_with("upstream: embedded SecureVideo simulator at http://127.0.0.1:")
    );
    assert!(
        served
            .line()
            .starts_with("demo write token for session APPT-1001")
    );
    let token = served.line();

    let http = reqwest::Client::new();
    let response = http
        .get(format!("{url}/api/session/0?externalSessionId=APPT-1001"))
        .bearer_auth(token.trim())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = http
        .get(format!("{url}/api/session/0?externalSessionId=APPT-1001"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "a token is required when a secret is set"
    );
    served.terminate();
    assert!(db.exists(), "the simulator kept its data in SIMULATOR_DB");
}

#[tokio::test]
async fn serve_in_development_mode_says_so_loudly_and_needs_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("simulator.db");
    let served = Served::start(&[("SIMULATOR_DB", db.to_str().unwrap())]);
    let url = served.url();
    let mut banner = String::new();
    for _ in 0..4 {
        banner.push_str(&served.line());
        banner.push('\n');
    }
    assert!(banner.contains("DEVELOPMENT MODE"), "{banner}");
    assert!(banner.contains("WITHOUT a token"), "{banner}");
    let response = reqwest::get(format!("{url}/api/session/0?externalSessionId=APPT-1001"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    served.terminate();
}

// Regression: the demo token was printed on any listen address, so a server
// reachable from the network put a working write token in its logs.
#[tokio::test]
async fn serve_on_a_non_loopback_address_prints_no_demo_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("simulator.db");
    let served = Served::start_on(
        "0.0.0.0:0",
        &[
            ("EMBED_TOKEN_SECRET", GOOD_SECRET),
            ("SIMULATOR_DB", db.to_str().unwrap()),
        ],
    );
    let url = served.url();
    let port = url.rsplit(':').next().unwrap().to_owned();
    // It serves: a request on loopback reaches it.
    let response = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut said = Vec::new();
    while let Ok(line) = served.stderr.recv_timeout(Duration::from_millis(500)) {
        said.push(line);
    }
    let said = said.join("\n");
    assert!(!said.contains("demo write token"), "{said}");
    assert!(!said.contains("eyJ"), "a JWT was printed: {said}");
    assert!(
        said.contains("participant-manager token"),
        "no hint how to mint one: {said}"
    );
    served.terminate();
}
