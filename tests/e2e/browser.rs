//! Headless Chromium through chromedriver (both from Debian's packages), one per test.
//!
//! A missing browser, driver or built site fails the test with a message: nothing is skipped.

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::future::Future;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether pages run JavaScript (and so the WASM).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Js {
    On,
    Off,
}

struct Driver {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn require_prerequisites() {
    for (path, what) in [
        (CHROMIUM, "Chromium (Debian package chromium)"),
        (
            CHROMEDRIVER,
            "chromedriver (Debian package chromium-driver)",
        ),
    ] {
        assert!(
            Path::new(path).exists(),
            "{what} is missing at {path}: run scripts/test.sh, which installs it"
        );
    }
    let pkg = super::support::site_root().join("pkg");
    for file in ["ikm.js", "ikm.wasm", "ikm.css"] {
        assert!(
            pkg.join(file).exists(),
            "the built site is missing {}: run scripts/test.sh (it runs `cargo leptos build`) or set IKM_SITE_ROOT",
            pkg.join(file).display()
        );
    }
}

/// Runs `body` with a fresh browser session and always closes the session and the driver after it,
/// also when the body panics (a killed chromedriver would leave Chromium running).
pub async fn with_browser<F, Fut>(js: Js, body: F)
where
    F: FnOnce(Client) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    require_prerequisites();
    let profile = tempfile::tempdir().expect("profile folder");
    let port = super::support::free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        _profile: profile,
    };
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", driver._profile.path().display()),
    ];
    if js == Js::Off {
        args.push("--blink-settings=scriptEnabled=false".into());
    }
    let mut options = json!({ "binary": CHROMIUM, "args": args });
    if js == Js::Off {
        options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    // The console (errors, blocked scripts) is kept, to be shown when a page never hydrates.
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let url = format!("http://127.0.0.1:{port}");
    let client = connect(&url, caps).await;
    let session = client.clone();
    let outcome = tokio::spawn(body(client)).await;
    let _ = session.close().await;
    drop(driver);
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

async fn connect(url: &str, caps: serde_json::Map<String, serde_json::Value>) -> Client {
    let started = Instant::now();
    loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(url)
            .await
        {
            Ok(client) => return client,
            Err(error) if started.elapsed() < Duration::from_secs(20) => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => panic!("cannot start a Chromium session through chromedriver: {error}"),
        }
    }
}

/// Polls `check` until it returns `Some`, or fails after `limit` with `what`.
pub async fn eventually<T, F, Fut>(limit: Duration, what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_explained(limit, what, check, || async { String::new() }).await
}

/// [`eventually`], and on timeout the failure also says what `explain` finds (the browser's console,
/// a probe of what went wrong).
pub async fn eventually_explained<T, F, Fut, E, EFut>(
    limit: Duration,
    what: &str,
    mut check: F,
    explain: E,
) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
    E: FnOnce() -> EFut,
    EFut: Future<Output = String>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if started.elapsed() >= limit {
            panic!(
                "timed out after {limit:?} waiting for {what}{}",
                explain().await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the WASM has hydrated the page (the app then marks `<html data-hydrated>`); if it
/// never does, fails showing what the browser's console said.
pub async fn wait_hydrated(client: &Client) {
    let hydrated = || async {
        let found = client.find(fantoccini::Locator::Css("html[data-hydrated]"));
        found.await.ok().map(|_| ())
    };
    let explain = || async {
        let url = client.current_url().await.map(|u| u.to_string());
        let console = client.issue_cmd(console_log()).await;
        format!(" of {url:?}; the console: {console:#?}")
    };
    eventually_explained(Duration::from_secs(30), "hydration", hydrated, explain).await;
}

/// A chromedriver command of its own (not in WebDriver): a POST of `body` to `session/{id}/{path}`.
#[derive(Debug)]
struct DriverPost {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DriverPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.body.to_string()))
    }
}

/// What the browser's console said since it was last asked.
fn console_log() -> DriverPost {
    DriverPost {
        path: "se/log",
        body: json!({ "type": "browser" }),
    }
}

/// Runs one DevTools command on the current page and returns its result.
pub async fn cdp(
    client: &Client,
    cmd: &'static str,
    params: serde_json::Value,
) -> serde_json::Value {
    let command = DriverPost {
        path: "goog/cdp/execute",
        body: json!({ "cmd": cmd, "params": params }),
    };
    client
        .issue_cmd(command)
        .await
        .unwrap_or_else(|e| panic!("DevTools command {cmd} failed: {e}"))
}

/// Makes the page's viewport `width`×`height` (as DevTools' device mode does; `mobile` for phones).
pub async fn viewport(client: &Client, width: u32, height: u32, mobile: bool) {
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
    )
    .await;
}

/// Saves what the page shows to `target/screenshots/{name}`, for people to review.
pub async fn save_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
    let dir = super::support::repo_root()
        .join("target")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    std::fs::write(dir.join(name), png).expect("screenshot written");
}
