//! The whole product on loopback for the end-to-end tests: the SecureVideo
//! simulator (its own process, so its outbox can be read), the proxy in
//! front of it with embed tokens required, a static server for the built
//! widget (`dist/`, made by `trunk build`) that passes `/api` to the proxy
//! (as `trunk serve` does for `cargo xtask run`, so the pages use `/api` on
//! their own origin), and headless Chromium through chromedriver.
//!
//! Every process is killed when the [`Stack`] is dropped.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::e2e_page::Page;
use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, Uri, header};
use axum::response::Response;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

const SIM_KEY: &str = "e2e-key";
const SIM_SECRET: &str = "e2e-secret-e2e-secret";
const TOKEN_SECRET: &str = "e2e-token-secret-of-at-least-32-bytes!!";
pub const DEMO_SESSION: &str = "APPT-1001";

/// A child process that is killed on drop. A process-group leader takes
/// its whole group with it: chromedriver's Chromium survives chromedriver
/// otherwise, e.g. when a test panics before closing the session.
struct Proc {
    child: Child,
    group: bool,
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.group {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One stack at a time: each runs a browser, and the machine has 2 cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct Stack {
    pub browser: Client,
    pub proxy_url: String,
    pub simulator_url: String,
    pub page_url: String,
    pub token: String,
    http: reqwest::Client,
    _procs: Vec<Proc>,
    _static_server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dist() -> PathBuf {
    let dist = repo().join("dist");
    assert!(
        dist.join("index.html").is_file() && dist.join("widget_bg.wasm").is_file(),
        "the end-to-end tests need the built widget in dist/: run `cargo xtask test` \
         (or `trunk build --release`) first"
    );
    dist
}

async fn wait_until_listening(url: &str, what: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if reqwest::get(url).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not start at {url}");
}

impl Stack {
    pub async fn start() -> Self {
        let turn = ONE_AT_A_TIME.lock().await;
        let dist = dist();
        let dir = tempfile::tempdir().unwrap();
        let bin = env!("CARGO_BIN_EXE_participant-manager");
        let (sim_port, proxy_port, driver_port) = (free_port(), free_port(), free_port());

        let proxy_url = format!("http://127.0.0.1:{proxy_port}");
        // The static server first: the proxy must allow its origin.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let page_origin = format!("http://{}", listener.local_addr().unwrap());
        let forward_to = proxy_url.clone();
        let static_server = tokio::spawn(async move {
            let http = reqwest::Client::new();
            let app = Router::new()
                .route(
                    "/api/{*rest}",
                    axum::routing::any(move |request: axum::extract::Request| {
                        forward(http.clone(), forward_to.clone(), request)
                    }),
                )
                .fallback(move |uri: Uri| serve_file(dist.clone(), uri));
            let _ = axum::serve(listener, app).await;
        });

        let simulator = Command::new(bin)
            .args([
                "simulator",
                "--listen",
                &format!("127.0.0.1:{sim_port}"),
                "--db",
                ":memory:",
            ])
            .env("SIMULATOR_API_KEY", SIM_KEY)
            .env("SIMULATOR_API_SECRET", SIM_SECRET)
            .env("LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the simulator");
        let simulator_url = format!("http://127.0.0.1:{sim_port}");
        let proxy = Command::new(bin)
            .args(["serve", "--listen", &format!("127.0.0.1:{proxy_port}")])
            .env("SECUREVIDEO_API_KEY", SIM_KEY)
            .env("SECUREVIDEO_API_SECRET", SIM_SECRET)
            .env("SECUREVIDEO_BASE_URL", &simulator_url)
            .env("EMBED_TOKEN_SECRET", TOKEN_SECRET)
            .env("ALLOWED_ORIGINS", &page_origin)
            .env("LOG", "warn")
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the proxy");
        let driver = Command::new(chromedriver())
            .process_group(0)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver (installed by `cargo xtask test`)");
        let procs = vec![
            Proc {
                child: simulator,
                group: false,
            },
            Proc {
                child: proxy,
                group: false,
            },
            Proc {
                child: driver,
                group: true,
            },
        ];

        wait_until_listening(&format!("{simulator_url}/"), "the simulator").await;
        wait_until_listening(&format!("{proxy_url}/healthz"), "the proxy").await;
        wait_until_listening(
            &format!("http://127.0.0.1:{driver_port}/status"),
            "chromedriver",
        )
        .await;

        let token = mint_token(bin, DEMO_SESSION);
        let browser = connect_browser(driver_port, dir.path().join("chrome")).await;
        let page_url = page_origin;
        Stack {
            browser,
            proxy_url,
            simulator_url,
            page_url,
            token,
            http: reqwest::Client::new(),
            _procs: procs,
            _static_server: static_server,
            _dir: dir,
            _turn: turn,
        }
    }

    /// The standalone page for the demo session, as `cargo xtask run` opens it.
    /// `query` adds to the page's own (`&undoSeconds=1`).
    pub fn standalone_url_with(&self, query: &str) -> String {
        format!(
            "{}/?externalSessionId={DEMO_SESSION}{query}#token={}",
            self.page_url, self.token
        )
    }

    /// Opens the standalone page (`query` added to its own, e.g.
    /// `&undoSeconds=2`) and waits for the participant list.
    pub async fn standalone_page(&self, query: &str) -> Page<'_> {
        self.open(&self.standalone_url_with(query), "#participant-manager")
            .await
    }

    /// Opens the mock EHR portal (`query`, e.g. `?undoSeconds=1`) and
    /// waits for its custom element's participant list.
    pub async fn portal_page(&self, query: &str) -> Page<'_> {
        self.open(&self.portal_url_with(query), "participant-manager")
            .await
    }

    async fn open(&self, url: &str, host: &'static str) -> Page<'_> {
        self.browser.goto(url).await.unwrap();
        let page = Page {
            browser: &self.browser,
            host,
        };
        page.wait_for(
            "root && root.querySelector('tbody tr')",
            "the participant list",
        )
        .await;
        page
    }

    /// Makes the page's viewport `width` px wide (the window's frame, if
    /// any, added).
    pub async fn viewport(&self, width: u32) {
        self.browser.set_window_size(width, 900).await.unwrap();
        let inner = self
            .browser
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap() as u32;
        if inner < width {
            self.browser
                .set_window_size(2 * width - inner, 900)
                .await
                .unwrap();
        }
    }

    /// The mock EHR portal with the custom element.
    pub fn portal_url(&self) -> String {
        self.portal_url_with("")
    }

    /// The same, with a query for the portal page (`?undoSeconds=1`).
    pub fn portal_url_with(&self, query: &str) -> String {
        format!(
            "{}/ehr-portal.html{query}#token={}",
            self.page_url, self.token
        )
    }

    /// What the simulator would have sent: `[{"Kind", "Channel", "To", ...}]`.
    pub async fn outbox(&self) -> Vec<Value> {
        self.http
            .get(format!("{}/outbox", self.simulator_url))
            .basic_auth(SIM_KEY, Some(SIM_SECRET))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Adds a guest behind the widget's back, straight through the proxy.
    /// A simulator-only visit route (`connect`, `disconnect`, `rsvp`) for
    /// the demo session's participant named `name`, as if they did it.
    pub async fn visit(&self, name: &str, action: &str, body: Value) {
        let session: Value = self
            .http
            .get(format!(
                "{}/api/session/0?externalSessionId={DEMO_SESSION}",
                self.proxy_url
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = session["Participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["ParticipantFullName"] == name)
            .unwrap_or_else(|| panic!("no {name} in {session}"))["ParticipationId"]
            .as_i64()
            .unwrap();
        let response = self
            .http
            .post(format!(
                "{}/simulator/participant/{id}/{action}",
                self.simulator_url
            ))
            .basic_auth(SIM_KEY, Some(SIM_SECRET))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{action}");
    }

    pub async fn add_guest_directly(&self, name: &str) {
        let response = self
            .http
            .post(format!(
                "{}/api/participant/0?externalSessionId={DEMO_SESSION}",
                self.proxy_url
            ))
            .bearer_auth(&self.token)
            .json(&json!({"ParticipantFullName": name, "ShouldAutoDeliverCode": "N"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            200,
            "{}",
            response.text().await.unwrap_or_default()
        );
    }
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into())
}

fn mint_token(bin: &str, session: &str) -> String {
    let output = Command::new(bin)
        .args([
            "token",
            "--external-session-id",
            session,
            "--actor",
            "e2e",
            "--scope",
            "write",
            "--ttl",
            "30m",
        ])
        .env("EMBED_TOKEN_SECRET", TOKEN_SECRET)
        .output()
        .expect("minting a token");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

async fn connect_browser(port: u16, profile: PathBuf) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session through chromedriver")
}

async fn serve_file(dist: PathBuf, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    if path.contains("..") {
        return status(StatusCode::BAD_REQUEST);
    }
    let Ok(bytes) = tokio::fs::read(dist.join(path)).await else {
        return status(StatusCode::NOT_FOUND);
    };
    let kind = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    Response::builder()
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(bytes))
        .unwrap()
}

/// Passes a request to the proxy and its answer back, as a reverse proxy
/// in front of both would.
async fn forward(
    http: reqwest::Client,
    proxy_url: String,
    request: axum::extract::Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return status(StatusCode::BAD_REQUEST);
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut headers = parts.headers.clone();
    headers.remove(header::HOST);
    let answer = http
        .request(parts.method, format!("{proxy_url}{path}"))
        .headers(headers)
        .body(body)
        .send()
        .await;
    let Ok(answer) = answer else {
        return status(StatusCode::BAD_GATEWAY);
    };
    let mut response = Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        if name != header::TRANSFER_ENCODING && name != header::CONNECTION {
            response = response.header(name, value);
        }
    }
    let bytes = answer.bytes().await.unwrap_or_default();
    response.body(Body::from(bytes)).unwrap()
}

fn status(code: StatusCode) -> Response {
    Response::builder()
        .status(code)
        .body(Body::empty())
        .unwrap()
}
