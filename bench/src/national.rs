//! The national views at scale (issue #34): Indonesia's region tree loaded the product's way
//! (`ikm regions import`), units spread over all 514 kabupaten/kota, a year of responses stored
//! through the product's write path (`Store::record_responses`, as the server's group commit does),
//! then the release `ikm serve` timed, one request after the other, on the national comparison
//! (`/wilayah`), a province (Jawa Barat, 27 kabupaten/kota), a unit dashboard and a page of the
//! public API's unit list — per engine, with the fill's duration and the server's memory.

use crate::fill::{fill_in, unit_code, Plan};
use crate::measure::peak_rss_kib;
use crate::report::{machine, write_section};
use crate::server::start;
use crate::views::{add_admin, sign_in, time_view};
use crate::BenchError;
use ikm::storage::shared::last_month_over;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The national region file shipped with the server (ODbL, `server/data/README.md`).
const TREE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../server/data/regions-indonesia.csv"
);

/// What one engine's run measured.
struct Measured {
    engine: &'static str,
    responses: u64,
    fill_seconds: f64,
    views: Vec<(&'static str, f64, f64)>,
    memory_kib: (u64, u64),
}

/// Loads the national tree with `ikm regions import` (idempotent) and returns its kabupaten/kota.
fn import_tree(ikm: &Path, database_url: &str) -> Result<Vec<String>, BenchError> {
    let out = Command::new(ikm)
        .args(["--database-url", database_url, "regions", "import", TREE])
        .output()?;
    if !out.status.success() {
        return Err(BenchError::Failed(format!(
            "ikm regions import: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let text = std::fs::read_to_string(TREE)?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .filter(|code| code.contains('.'))
        .map(str::to_string)
        .collect())
}

fn engine_of(url: &str) -> &'static str {
    if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

/// Fills each database (once: a kept one that holds the responses already is measured as it is)
/// and times the national views on it; writes the `national` section when asked.
pub async fn national(
    database_urls: &[String],
    ikm: &Path,
    units: u32,
    responses: u64,
    requests: usize,
    write: Option<&Path>,
) -> Result<(), BenchError> {
    let today = app::time::jakarta_today();
    let year = chrono::Datelike::year(&today);
    let views: [(&'static str, String); 4] = [
        (
            "national comparison (`/wilayah`)",
            format!("/wilayah?periode={year}"),
        ),
        (
            "province: Jawa Barat (`/wilayah/32`)",
            format!("/wilayah/32?periode={year}"),
        ),
        (
            "unit dashboard",
            format!("/dasbor/{}?periode={year}", unit_code(0)),
        ),
        (
            "public API unit list, a page of 500",
            "/api/v1/units?page=1".to_string(),
        ),
    ];
    let mut measured = Vec::new();
    for database_url in database_urls {
        let engine = engine_of(database_url);
        let regions = import_tree(ikm, database_url)?;
        let codes: Vec<&str> = regions.iter().map(String::as_str).collect();
        add_admin(ikm, database_url)?;
        let store = ikm::storage::open(database_url).await?;
        let held = store.counts().await?.responses;
        let started = Instant::now();
        if held < responses {
            let plan = Plan {
                responses: responses - held,
                units,
                days: 365,
                last_day: today,
                seed: 34,
            };
            eprintln!("{engine}: filling to {responses} responses over {units} units …");
            fill_in(store.as_ref(), &plan, &codes, &mut |n| {
                if n % 1_000_000 == 0 {
                    eprintln!(
                        "  +{n} ({:.0}/s)",
                        n as f64 / started.elapsed().as_secs_f64()
                    );
                }
            })
            .await?;
        }
        // The units' publications and follow-up, as the demo's: the public API lists the units
        // that published.
        let unit_codes: Vec<String> = (0..units).map(unit_code).collect();
        ikm::seed::evidence::seed(store.as_ref(), &unit_codes, today).await?;
        store.close_months(last_month_over(today)).await?;
        let fill_seconds = started.elapsed().as_secs_f64();
        let held = store.counts().await?.responses;
        drop(store);
        let server = start(ikm, database_url).await?;
        let pid = server.child.id();
        let idle = peak_rss_kib(pid).unwrap_or(0);
        let cookie = sign_in(&server.base).await?;
        let client = reqwest::Client::new();
        let mut timed = Vec::new();
        for (name, path) in &views {
            let (p50, p95) = time_view(&client, &server.base, &cookie, path, requests).await?;
            println!("{engine}, {held} responses — {name}: p50 {p50:.0} ms, p95 {p95:.0} ms");
            timed.push((*name, p50, p95));
        }
        let peak = peak_rss_kib(pid).unwrap_or(0);
        println!(
            "{engine} — server memory: {:.1} MiB at start, peak {:.1} MiB",
            idle as f64 / 1024.0,
            peak as f64 / 1024.0
        );
        measured.push(Measured {
            engine,
            responses: held,
            fill_seconds,
            views: timed,
            memory_kib: (idle, peak),
        });
    }
    if let Some(path) = write {
        let mut rows = Vec::new();
        let mut memory = Vec::new();
        for m in &measured {
            for (name, p50, p95) in &m.views {
                rows.push(format!(
                    "| {} | {} | {name} | {p50:.0} ms | {p95:.0} ms |",
                    m.engine, m.responses
                ));
            }
            memory.push(format!(
                "| {} | {} | {:.0} s | {:.1} MiB | {:.1} MiB |",
                m.engine,
                m.responses,
                m.fill_seconds,
                m.memory_kib.0 as f64 / 1024.0,
                m.memory_kib.1 as f64 / 1024.0
            ));
        }
        let body = format!(
            "## National scale\n\n\
             Measured {today} on {} by `scripts/bench.sh national`: Indonesia's tree (38 provinces, \
             514 kabupaten/kota) loaded by `ikm regions import`, {units} units spread over every \
             kabupaten/kota, responses over the last 365 days stored through \
             `Store::record_responses` (the group commit's path), the release `ikm serve`, \
             {requests} requests per view one after the other (after two to warm up), signed in as \
             an administrator, period = this year.\n\n\
             | engine | responses | view | p50 | p95 |\n|---|---|---|---|---|\n{}\n\n\
             | engine | responses | fill (regions, units, responses, publications, month cells) | server memory at start | peak after the views |\n\
             |---|---|---|---|---|\n{}\n",
            machine(),
            rows.join("\n"),
            memory.join("\n")
        );
        write_section(path, "national", &body)?;
    }
    Ok(())
}
