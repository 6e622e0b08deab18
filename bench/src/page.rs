//! The citizen's page, as a phone gets it from the release server: the bytes sent (compressed as
//! the server compresses for Chromium) of the survey page and what it links before any WASM, then
//! of the WASM and JS it hydrates with; and Lighthouse's mobile scores (performance, accessibility,
//! best practices) when Lighthouse is given.

use crate::report::{machine, write_section};
use crate::server::{seed_demo, start};
use crate::BenchError;
use std::path::Path;
use std::process::Command;

/// The survey page the citizens open.
pub const SURVEY: &str = "/s/1871-disdukcapil";
/// Staff pages whose accessibility is measured too: (page, the demo account that opens it).
const STAFF_PAGES: [(&str, (&str, &str)); 2] = [
    ("/dasbor/1871-disdukcapil", ("unit", "demo-unit-ikm")),
    ("/wilayah/18", ("provinsi", "demo-provinsi-ikm")),
];
/// Lighthouse runs; the median is reported.
const LIGHTHOUSE_RUNS: usize = 5;
/// What Chromium sends.
const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// One download: its path, the bytes sent and the encoding they were sent in.
#[derive(Debug, Clone)]
pub struct Download {
    pub path: String,
    pub sent: usize,
    pub encoding: String,
}

/// What the page costs a phone.
#[derive(Debug, Clone)]
pub struct Weights {
    /// The page and each file it links for showing (style, icon, manifest, classic scripts).
    pub before_wasm: Vec<Download>,
    /// The module script and the WASM that hydrate it.
    pub wasm_and_js: Vec<Download>,
}

impl Weights {
    pub fn before_wasm_total(&self) -> usize {
        self.before_wasm.iter().map(|d| d.sent).sum()
    }
    pub fn wasm_and_js_total(&self) -> usize {
        self.wasm_and_js.iter().map(|d| d.sent).sum()
    }
}

async fn download(
    client: &reqwest::Client,
    base: &str,
    path: &str,
) -> Result<(Download, String), BenchError> {
    let response = client
        .get(format!("{base}{path}"))
        .header("accept-encoding", ACCEPT_ENCODING)
        .send()
        .await
        .map_err(|e| BenchError::Failed(format!("GET {path}: {e}")))?;
    if !response.status().is_success() {
        return Err(BenchError::Failed(format!(
            "GET {path}: {}",
            response.status()
        )));
    }
    let encoding = response
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_string();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| BenchError::Failed(format!("GET {path}: {e}")))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let sent = bytes.len();
    Ok((
        Download {
            path: path.to_string(),
            sent,
            encoding,
        },
        text,
    ))
}

/// The value of `name="…"` in one tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    tag[start..].split('"').next()
}

/// What the page links, split into what shows it and what hydrates it. (The page itself is read
/// uncompressed for this: the server compresses only for a client that asks.)
pub fn linked(html: &str) -> (Vec<String>, Vec<String>) {
    let (mut before, mut hydrate) = (Vec::new(), Vec::new());
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let rel = attribute(tag, "rel").unwrap_or_default();
        let href = if tag.starts_with("link ") {
            attribute(tag, "href")
        } else if tag.starts_with("script ") {
            attribute(tag, "src")
        } else {
            None
        };
        let Some(href) = href.filter(|h| h.starts_with('/')) else {
            continue;
        };
        let hydrates = rel == "modulepreload"
            || rel == "preload"
            || (href.starts_with("/pkg/ikm.") && !href.ends_with(".css"));
        let list = if hydrates { &mut hydrate } else { &mut before };
        if !list.iter().any(|h| h == href) {
            list.push(href.to_string());
        }
    }
    // The island script loads its JS and WASM from Leptos's inline loader, called as
    // `(function (root, pkg_path, output_name, wasm_output_name, defer) {…})("", "pkg", "ikm",
    // "ikm", false)` (no preload links: the server leaves those out so the page paints first).
    for script in html.split("<script").skip(1) {
        let script = script.split("</script>").next().unwrap_or_default();
        if !script.contains("wasm_output_name") {
            continue;
        }
        let Some((_, call)) = script.rsplit_once("(\"") else {
            continue;
        };
        let call = format!("\"{call}");
        let args: Vec<&str> = call
            .split(')')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(|a| a.trim().trim_matches('"'))
            .collect();
        if let [root, pkg, js, wasm, ..] = args[..] {
            for name in [
                format!("{root}/{pkg}/{js}.js"),
                format!("{root}/{pkg}/{wasm}.wasm"),
            ] {
                if !hydrate.contains(&name) {
                    hydrate.push(name);
                }
            }
        }
    }
    (before, hydrate)
}

/// Downloads the survey page and everything it links from the server at `base`.
pub async fn weigh(base: &str) -> Result<Weights, BenchError> {
    let client = reqwest::Client::new();
    let (page, _) = download(&client, base, SURVEY).await?;
    let plain = client
        .get(format!("{base}{SURVEY}"))
        .send()
        .await
        .map_err(|e| BenchError::Failed(format!("GET {SURVEY}: {e}")))?
        .text()
        .await
        .map_err(|e| BenchError::Failed(format!("GET {SURVEY}: {e}")))?;
    let (before, hydrate) = linked(&plain);
    if hydrate.is_empty() {
        return Err(BenchError::Failed(
            "the survey page links no WASM or module script".into(),
        ));
    }
    let mut weights = Weights {
        before_wasm: vec![page],
        wasm_and_js: Vec::new(),
    };
    for path in before {
        weights
            .before_wasm
            .push(download(&client, base, &path).await?.0);
    }
    for path in hydrate {
        weights
            .wasm_and_js
            .push(download(&client, base, &path).await?.0);
    }
    Ok(weights)
}

/// Lighthouse's scores (0–100) and the metrics behind the performance score.
#[derive(Debug, Clone)]
pub struct Scores {
    pub performance: f64,
    pub accessibility: f64,
    pub best_practices: f64,
    pub seo: f64,
    /// (metric, shown value) — first contentful paint, largest contentful paint, total blocking
    /// time, cumulative layout shift, speed index.
    pub metrics: Vec<(String, String)>,
    /// Audits that did not pass in accessibility and best practices: (id, title).
    pub failed: Vec<(String, String)>,
    pub version: String,
}

/// Runs Lighthouse (mobile, its default: a mid-range phone on slow 4G, simulated) on `url` with
/// Debian's Chromium, sending `cookie` (a staff session) when given.
pub fn lighthouse(
    lighthouse: &Path,
    url: &str,
    out: &Path,
    cookie: Option<&str>,
) -> Result<Scores, BenchError> {
    let mut command = Command::new(lighthouse);
    command
        .arg(url)
        .args([
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ])
        .arg(format!("--output-path={}", out.display()))
        .env("CHROME_PATH", "/usr/bin/chromium");
    if let Some(cookie) = cookie {
        command.arg(format!(
            "--extra-headers={}",
            serde_json::json!({ "Cookie": cookie })
        ));
    }
    let status = command.status()?;
    if !status.success() {
        return Err(BenchError::Failed(format!("lighthouse: {status}")));
    }
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out)?)
        .map_err(|e| BenchError::Failed(format!("lighthouse's report: {e}")))?;
    let score = |category: &str| -> Result<f64, BenchError> {
        report["categories"][category]["score"]
            .as_f64()
            .map(|s| (s * 100.0).round())
            .ok_or_else(|| BenchError::Failed(format!("no {category} score in the report")))
    };
    let metrics = [
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "speed-index",
    ]
    .iter()
    .map(|id| {
        let audit = &report["audits"][id];
        (
            audit["title"].as_str().unwrap_or(id).to_string(),
            audit["displayValue"].as_str().unwrap_or("?").to_string(),
        )
    })
    .collect();
    let mut failed = Vec::new();
    for category in ["accessibility", "best-practices"] {
        for reference in report["categories"][category]["auditRefs"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let id = reference["id"].as_str().unwrap_or_default();
            let audit = &report["audits"][id];
            if audit["score"].as_f64().is_some_and(|s| s < 1.0) {
                failed.push((
                    id.to_string(),
                    audit["title"].as_str().unwrap_or_default().to_string(),
                ));
            }
        }
    }
    Ok(Scores {
        performance: score("performance")?,
        accessibility: score("accessibility")?,
        best_practices: score("best-practices")?,
        seo: score("seo")?,
        metrics,
        failed,
        version: report["lighthouseVersion"]
            .as_str()
            .unwrap_or("?")
            .to_string(),
    })
}

/// Signs in as a demo `account` and returns its session cookie (`ikm_sesi=…`).
pub(crate) async fn sign_in(
    base: &str,
    (login, password): (&str, &str),
) -> Result<String, BenchError> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| BenchError::Failed(format!("http client: {e}")))?;
    let reply = client
        .post(format!("{base}/masuk"))
        .header("origin", base)
        .form(&[("login", login), ("password", password), ("next", "/admin")])
        .send()
        .await
        .map_err(|e| BenchError::Failed(format!("signing in as {login}: {e}")))?;
    reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("ikm_sesi=") && !c.starts_with("ikm_sesi=;"))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .ok_or_else(|| BenchError::Failed(format!("signing in as {login}: {}", reply.status())))
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The benchmark: a release server on `database_url` (seeded with the demo), the page weighed,
/// Lighthouse run when given; printed and written to `write`.
pub async fn page(
    ikm: &Path,
    database_url: &str,
    lighthouse_bin: Option<&Path>,
    write: Option<&Path>,
) -> Result<(), BenchError> {
    seed_demo(ikm, database_url)?;
    let server = start(ikm, database_url).await?;
    let weights = weigh(&server.base).await?;
    // Lighthouse's simulated throttling varies from run to run on a busy 2-core machine: the
    // median of several runs is reported, with the range of the performance score.
    let mut runs = Vec::new();
    if let Some(bin) = lighthouse_bin {
        let dir = crate::scratch_dir("lighthouse")?;
        for run in 0..LIGHTHOUSE_RUNS {
            let out = dir.join(format!("report-{run}.json"));
            runs.push(lighthouse(
                bin,
                &format!("{}{SURVEY}", server.base),
                &out,
                None,
            )?);
        }
    }
    // The staff pages, once each (accessibility does not vary from run to run), signed in.
    let mut staff = Vec::new();
    if let Some(bin) = lighthouse_bin {
        let dir = crate::scratch_dir("lighthouse-staff")?;
        for (i, (path, account)) in STAFF_PAGES.iter().enumerate() {
            let cookie = sign_in(&server.base, *account).await?;
            let out = dir.join(format!("staff-{i}.json"));
            let scores = lighthouse(bin, &format!("{}{path}", server.base), &out, Some(&cookie))?;
            staff.push((*path, scores));
        }
    }
    runs.sort_by(|a, b| a.performance.total_cmp(&b.performance));
    let range = runs
        .first()
        .zip(runs.last())
        .map(|(low, high)| (low.performance, high.performance));
    let scores = runs.get(runs.len() / 2).cloned();
    drop(server);

    let mut body = format!(
        "## The citizen's page (`{SURVEY}`, release build)\n\n\
         Measured {} on {} (`scripts/bench.sh page`): bytes as the release server sends them to \
         Chromium (`Accept-Encoding: {ACCEPT_ENCODING}`).\n\n\
         | download | sent | encoding |\n|---|---|---|\n",
        app::time::jakarta_today().format("%Y-%m-%d"),
        machine()
    );
    for (downloads, total, what, budget) in [
        (
            &weights.before_wasm,
            weights.before_wasm_total(),
            "before WASM",
            "100 KB",
        ),
        (
            &weights.wasm_and_js,
            weights.wasm_and_js_total(),
            "WASM and JS",
            "250 KB",
        ),
    ] {
        for d in downloads {
            body.push_str(&format!(
                "| `{}` | {} | {} |\n",
                d.path,
                kb(d.sent),
                d.encoding
            ));
        }
        body.push_str(&format!(
            "| **{what}** | **{}** (budget {budget}) | |\n",
            kb(total)
        ));
    }
    match &scores {
        Some(s) => {
            let (low, high) = range.unwrap_or((s.performance, s.performance));
            body.push_str(&format!(
                "\nLighthouse {} (mobile: simulated slow 4G and a 4× slower CPU, Debian's \
                 Chromium), the median of {LIGHTHOUSE_RUNS} runs: **performance {}** (runs: \
                 {low}–{high}), **accessibility {}**, **best practices {}**, **SEO {}** (goals: \
                 ≥ 95, 100, 100, 100). The median run's metrics:\n\n",
                s.version, s.performance, s.accessibility, s.best_practices, s.seo
            ));
            for (metric, value) in &s.metrics {
                body.push_str(&format!("- {metric}: {value}\n"));
            }
            if s.failed.is_empty() {
                body.push_str("\nEvery accessibility and best-practice audit passed.\n");
            } else {
                body.push_str("\nAudits not passed:\n");
                for (id, title) in &s.failed {
                    body.push_str(&format!("- `{id}`: {title}\n"));
                }
            }
        }
        None => body.push_str("\nLighthouse was not run (no `--lighthouse`).\n"),
    }
    if !staff.is_empty() {
        body.push_str(
            "\nStaff pages, signed in as their demo account, one run each (goal: accessibility \
             100):\n\n| page | accessibility | best practices | performance | audits not passed |\n\
             |---|---|---|---|---|\n",
        );
        for (path, s) in &staff {
            let failed: Vec<String> = s.failed.iter().map(|(id, _)| format!("`{id}`")).collect();
            body.push_str(&format!(
                "| `{path}` | {} | {} | {} | {} |\n",
                s.accessibility,
                s.best_practices,
                s.performance,
                if failed.is_empty() {
                    "none".to_string()
                } else {
                    failed.join(", ")
                }
            ));
        }
    }
    println!("{body}");
    if let Some(path) = write {
        write_section(path, "page", &body)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_shows_the_page_is_told_from_what_hydrates_it() {
        let html = r#"<html><head><link rel="modulepreload" href="/pkg/ikm.js" crossorigin="x"><link rel="preload" href="/pkg/ikm.wasm" as="fetch"><link id="leptos" rel="stylesheet" href="/pkg/ikm.css"><link rel="icon" href="/favicon.svg"><link rel="manifest" href="/s/u/manifest.webmanifest"><script src="/pwa.js" defer></script><a href="/other">x</a></head></html>"#;
        let (before, hydrate) = linked(html);
        assert_eq!(
            before,
            [
                "/pkg/ikm.css",
                "/favicon.svg",
                "/s/u/manifest.webmanifest",
                "/pwa.js"
            ]
        );
        assert_eq!(hydrate, ["/pkg/ikm.js", "/pkg/ikm.wasm"]);
    }

    #[test]
    fn the_island_script_is_found_in_the_inline_loader() {
        let html = r#"<html><head><link id="leptos" rel="stylesheet" href="/pkg/ikm.css"><script type="module">(function (root, pkg_path, output_name, wasm_output_name, defer) { import(`${root}/${pkg_path}/${output_name}.js`).then(m => m.default({module_or_path: `${root}/${pkg_path}/${wasm_output_name}.wasm`})) })
("", "pkg", "ikm", "ikm", false);</script></head></html>"#;
        let (before, hydrate) = linked(html);
        assert_eq!(before, ["/pkg/ikm.css"]);
        assert_eq!(hydrate, ["/pkg/ikm.js", "/pkg/ikm.wasm"]);
    }
}
