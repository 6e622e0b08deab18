//! The views at scale: fills the database to each size (responses over the last year across
//! Lampung's fifteen kabupaten/kota and many units), serves it with the release `ikm serve`, signs
//! in as an administrator and times, one request after the other, the province comparison, a
//! kabupaten/kota view and a unit dashboard of this year: p50 and p95 per view and size, and the
//! server's resident memory.

use crate::fill::{every_million, fill, unit_code, Plan};
use crate::measure::peak_rss_kib;
use crate::report::{machine, write_section};
use crate::server::start;
use crate::BenchError;
use ikm::storage::shared::last_month_over;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const PASSWORD: &str = "bench-password-ikm";

/// Signs in and returns the session cookie.
pub(crate) async fn sign_in(base: &str) -> Result<String, BenchError> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| BenchError::Failed(e.to_string()))?;
    let reply = client
        .post(format!("{base}/masuk"))
        .header("Origin", base)
        .form(&[("login", "bench"), ("password", PASSWORD)])
        .send()
        .await
        .map_err(|e| BenchError::Failed(format!("sign-in: {e}")))?;
    reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .find(|c| !c.ends_with('='))
        .ok_or_else(|| BenchError::Failed("the sign-in gave no session".into()))
}

/// The value at share `p` (0–1) of `sorted`, nearest rank.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

/// (p50, p95) in milliseconds of `requests` GETs of `path`, after two to warm up.
pub(crate) async fn time_view(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    path: &str,
    requests: usize,
) -> Result<(f64, f64), BenchError> {
    let mut times = Vec::with_capacity(requests);
    for i in 0..requests + 2 {
        let started = Instant::now();
        let reply = client
            .get(format!("{base}{path}"))
            .header("Cookie", cookie)
            .send()
            .await
            .map_err(|e| BenchError::Failed(format!("{path}: {e}")))?;
        let status = reply.status();
        let body = reply
            .bytes()
            .await
            .map_err(|e| BenchError::Failed(format!("{path}: {e}")))?;
        if !status.is_success() || body.len() < 1_000 {
            return Err(BenchError::Failed(format!("{path} answered {status}")));
        }
        if i >= 2 {
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Ok((percentile(&times, 0.5), percentile(&times, 0.95)))
}

pub(crate) fn add_admin(ikm: &Path, database_url: &str) -> Result<(), BenchError> {
    use std::io::Write;
    let mut child = Command::new(ikm)
        .args([
            "--database-url",
            database_url,
            "user",
            "add",
            "--username",
            "bench",
        ])
        .args(["--role", "admin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(stdin) = child.stdin.as_mut() {
        writeln!(stdin, "{PASSWORD}")?;
    }
    let out = child.wait_with_output()?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || said.contains("taken") || said.contains("dipakai") {
        Ok(())
    } else {
        Err(BenchError::Failed(format!("ikm user add: {said}")))
    }
}

/// Measures the views at each size; writes the `views` section when asked.
pub async fn views(
    database_urls: &[String],
    ikm: &Path,
    sizes: &[u64],
    units: u32,
    requests: usize,
    write: Option<&Path>,
) -> Result<(), BenchError> {
    if database_urls.len() != 1 && database_urls.len() != sizes.len() {
        return Err(BenchError::Failed(format!(
            "give one database URL, or one per size ({} sizes, {} URLs)",
            sizes.len(),
            database_urls.len()
        )));
    }
    let today = app::time::jakarta_today();
    let year = chrono::Datelike::year(&today);
    let views = [
        ("province comparison", format!("/wilayah/18?periode={year}")),
        (
            "kabupaten/kota view",
            format!("/wilayah/18.71?periode={year}"),
        ),
        (
            "unit dashboard",
            format!("/dasbor/{}?periode={year}", unit_code(0)),
        ),
        (
            "province scorecard",
            format!("/wilayah/18/rapor?tahun={year}"),
        ),
        (
            "kabupaten/kota scorecard",
            format!("/wilayah/18.71/rapor?tahun={year}"),
        ),
        (
            "unit scorecard",
            format!("/dasbor/{}/rapor?tahun={year}", unit_code(0)),
        ),
    ];
    let mut rows = Vec::new();
    let mut memory = Vec::new();
    for (step, &size) in sizes.iter().enumerate() {
        let database_url = database_urls
            .get(step)
            .or(database_urls.first())
            .map(String::as_str)
            .unwrap_or_default();
        add_admin(ikm, database_url)?;
        let held = ikm::storage::open(database_url)
            .await?
            .counts()
            .await?
            .responses;
        // A kept database may have grown a little (the submission benchmark adds its answers to
        // the 10M one): it is measured and labelled with what it holds. One far larger than the
        // size would be measured under a wrong label, so it is refused.
        if held > size + size / 10 {
            return Err(BenchError::Failed(format!(
                "{database_url} holds {held} responses, far more than the {size} to measure at"
            )));
        }
        if size > held {
            let store = ikm::storage::open(database_url).await?;
            let plan = Plan {
                responses: size - held,
                units,
                days: 365,
                last_day: today,
                seed: 1_000 + step as u64,
                writers: 1,
            };
            eprintln!("filling to {size} responses …");
            fill(store.as_ref(), &plan, &mut every_million(Instant::now())).await?;
        }
        // What the units did with their results (publications, media, follow-up, replies), as
        // the demo's units do, so the scorecard reads a realistic year; units that have it are
        // left as they are.
        let codes: Vec<String> = (0..units).map(unit_code).collect();
        let started = Instant::now();
        let touched = ikm::seed::evidence::seed(
            ikm::storage::open(database_url).await?.as_ref(),
            &codes,
            today,
        )
        .await?;
        if touched > 0 {
            eprintln!(
                "publications and follow-up for {touched} units in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
        // The cells of a month that is over are built as the server's first batch would.
        ikm::storage::open(database_url)
            .await?
            .close_months(last_month_over(today))
            .await?;
        let size = size.max(held);
        let server = start(ikm, database_url).await?;
        let pid = server.child.id();
        let idle = peak_rss_kib(pid).unwrap_or(0);
        let cookie = sign_in(&server.base).await?;
        let client = reqwest::Client::new();
        for (name, path) in &views {
            let (p50, p95) = time_view(&client, &server.base, &cookie, path, requests).await?;
            println!("{size} responses — {name}: p50 {p50:.0} ms, p95 {p95:.0} ms");
            rows.push(format!("| {size} | {name} | {p50:.0} ms | {p95:.0} ms |"));
        }
        let peak = peak_rss_kib(pid).unwrap_or(0);
        println!(
            "{size} responses — server memory: {:.1} MiB at start, peak {:.1} MiB",
            idle as f64 / 1024.0,
            peak as f64 / 1024.0
        );
        memory.push(format!(
            "| {size} | {:.1} MiB | {:.1} MiB |",
            idle as f64 / 1024.0,
            peak as f64 / 1024.0
        ));
    }
    if let Some(path) = write {
        let body = format!(
            "## Views at scale\n\n\
             Measured {today} on {} by `scripts/bench.sh views`: SQLite, responses spread over the \
             last 365 days across {units} units in Lampung's 15 kabupaten/kota (each with the demo's publications, \
             media, follow-up items and replies for the scorecard), the \
             release `ikm serve`, {requests} requests per view one after the other (after two to \
             warm up), signed in as an administrator, period = this year.\n\n\
             | responses | view | p50 | p95 |\n|---|---|---|---|\n{}\n\n\
             | responses | server memory at start | peak after the views |\n|---|---|---|\n{}\n",
            machine(),
            rows.join("\n"),
            memory.join("\n")
        );
        write_section(path, "views", &body)?;
    }
    Ok(())
}
