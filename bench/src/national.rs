//! The national views at scale (issue #34): Indonesia's region tree loaded the product's way
//! (`ikm regions import`), units spread over all 514 kabupaten/kota, a year of responses stored
//! through the product's write path (`Store::record_responses`, as the server's group commit does),
//! then the release `ikm serve` timed, one request after the other, on the national comparison
//! (`/wilayah`), a province (Jawa Barat, 27 kabupaten/kota), a unit dashboard and a page of the
//! public API's unit list — per engine, with the fill's duration and the server's memory.

use crate::fill::{every_million, fill_in, unit_code, Plan};
use crate::measure::peak_rss_kib;
use crate::report::{machine, write_section};
use crate::server::start;
use crate::submit::{script, survey_form, units_with_services, wrk, Load, WrkRun};
use crate::views::{add_admin, percentile, sign_in, time_view};
use crate::BenchError;
use futures::{stream, StreamExt, TryStreamExt};
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
    /// How long settling the database took ([`settle`]).
    settle_seconds: f64,
    views: Vec<(&'static str, f64, f64)>,
    /// Survey answers posted by wrk while the views are read in a loop, what was stored, and the
    /// views' times meanwhile.
    mixed: (WrkRun, u64, Vec<(&'static str, f64, f64)>),
    memory_kib: (u64, u64),
}

/// Posts survey answers with wrk (`load`) while one client reads `views` in turn, until wrk is
/// done: wrk's figures, the answers stored meanwhile (each acknowledged one is checked stored), and
/// p50/p95 of each view under that load.
async fn answers_while_reading(
    database_url: &str,
    base: &str,
    cookie: &str,
    views: &[(&'static str, String)],
    load: Load,
) -> Result<(WrkRun, u64, Vec<(&'static str, f64, f64)>), BenchError> {
    let store = ikm::storage::open(database_url).await?;
    let units = units_with_services(store.as_ref(), 300).await?;
    let (form, token) = survey_form(base, &units[0].0).await?;
    let dir = crate::scratch_dir("national")?;
    let path = dir.join("answers.lua");
    std::fs::write(
        &path,
        script(&units, &form, &token, None, 34, load.ids, None),
    )?;
    let before = store.counts().await?.responses;
    let (wrk_base, wrk_path) = (base.to_string(), path.clone());
    let posting = tokio::task::spawn_blocking(move || wrk(&wrk_base, &wrk_path, load));
    let client = reqwest::Client::new();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); views.len()];
    let mut turn = 0;
    while !posting.is_finished() {
        let (_, path) = &views[turn % views.len()];
        let started = Instant::now();
        let reply = client
            .get(format!("{base}{path}"))
            .header("Cookie", cookie)
            .send()
            .await
            .map_err(|e| BenchError::Failed(format!("{path}: {e}")))?;
        let ok = reply.status().is_success();
        let _ = reply.bytes().await;
        if !ok {
            return Err(BenchError::Failed(format!("{path} failed under load")));
        }
        times[turn % views.len()].push(started.elapsed().as_secs_f64() * 1000.0);
        turn += 1;
    }
    let run = posting
        .await
        .map_err(|e| BenchError::Failed(format!("wrk: {e}")))??;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let stored = store.counts().await?.responses - before;
    let _ = std::fs::remove_dir_all(&dir);
    store.close().await;
    let acknowledged = run.successes();
    if stored < acknowledged || stored > acknowledged + u64::from(load.connections) {
        return Err(BenchError::Failed(format!(
            "wrk saw {acknowledged} answers acknowledged but {stored} were stored"
        )));
    }
    let read = views
        .iter()
        .zip(times.iter_mut())
        .map(|((name, _), t)| {
            t.sort_by(|a, b| a.total_cmp(b));
            (*name, percentile(t, 0.5), percentile(t, 0.95))
        })
        .collect();
    Ok((run, stored, read))
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

/// Concurrent writers for the fill: on PostgreSQL one per core (each batch keeps one server
/// process busy); SQLite has one writer whatever asks.
fn writers(engine: &str) -> u32 {
    match engine {
        "PostgreSQL" => std::thread::available_parallelism().map_or(2, |n| n.get() as u32),
        _ => 1,
    }
}

/// Brings a just-filled database to rest, as one that received its answers over a year would
/// be: on PostgreSQL vacuumed (the visibility map set, dead rows of the roll-ups' updates
/// reclaimed), analysed and checkpointed; on SQLite its write-ahead log checkpointed.
async fn settle(database_url: &str) -> Result<(), BenchError> {
    let failed = |e: sqlx::Error| BenchError::Failed(format!("settling the database: {e}"));
    if database_url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(database_url).await.map_err(failed)?;
        for statement in ["VACUUM (ANALYZE)", "CHECKPOINT"] {
            sqlx::raw_sql(statement)
                .execute(&pool)
                .await
                .map_err(failed)?;
        }
        pool.close().await;
    } else {
        let pool = sqlx::SqlitePool::connect(database_url)
            .await
            .map_err(failed)?;
        sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await
            .map_err(failed)?;
        pool.close().await;
    }
    Ok(())
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
    load: Load,
    write: Option<&Path>,
) -> Result<(), BenchError> {
    let today = app::time::jakarta_today();
    let year = chrono::Datelike::year(&today);
    let views: [(&'static str, String); 5] = [
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
        (
            "public results of Jawa Barat with its units (`/publik?provinsi=32`, latest published periods)",
            "/publik?provinsi=32".to_string(),
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
                writers: writers(engine),
            };
            eprintln!("{engine}: filling to {responses} responses over {units} units …");
            fill_in(store.as_ref(), &plan, &codes, &mut every_million(started)).await?;
        }
        // The units' publications and follow-up, as the demo's: the public API lists the units
        // that published. On PostgreSQL sixteen units at a time (each is a few dozen small
        // commits); SQLite writes one transaction at a time anyway, so there one after the other.
        let seeding = store.as_ref();
        stream::iter(0..units)
            .map(
                |n| async move { ikm::seed::evidence::seed(seeding, &[unit_code(n)], today).await },
            )
            .buffer_unordered(if writers(engine) > 1 { 16 } else { 1 })
            .try_collect::<Vec<usize>>()
            .await?;
        store.close_months(last_month_over(today)).await?;
        let fill_seconds = started.elapsed().as_secs_f64();
        let held = store.counts().await?.responses;
        println!("{engine}: {held} responses, filled and published in {fill_seconds:.0} s");
        drop(store);
        let settling = Instant::now();
        settle(database_url).await?;
        let settle_seconds = settling.elapsed().as_secs_f64();
        println!("{engine}: settled in {settle_seconds:.0} s");
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
        let mixed =
            answers_while_reading(database_url, &server.base, &cookie, &views[..3], load).await?;
        println!(
            "{engine} — answers while the views are read: {:.0}/s, p99 {:.1} ms, {} errors, {} stored",
            mixed.0.per_second(),
            mixed.0.p99_ms,
            mixed.0.errors(),
            mixed.1
        );
        for (name, p50, p95) in &mixed.2 {
            println!("{engine} — {name} meanwhile: p50 {p50:.0} ms, p95 {p95:.0} ms");
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
            settle_seconds,
            views: timed,
            mixed,
            memory_kib: (idle, peak),
        });
    }
    if let Some(path) = write {
        let mut rows = Vec::new();
        let mut memory = Vec::new();
        let mut mixed = Vec::new();
        for m in &measured {
            let (run, stored, read) = &m.mixed;
            let meanwhile: Vec<String> = read
                .iter()
                .map(|(name, p50, p95)| format!("{name} {p50:.0}/{p95:.0} ms"))
                .collect();
            mixed.push(format!(
                "| {} | **{:.0}** | {:.1} ms | {:.1} ms | {} | {stored} | {} |",
                m.engine,
                run.per_second(),
                run.p50_ms,
                run.p99_ms,
                run.errors(),
                meanwhile.join("; ")
            ));
            for (name, p50, p95) in &m.views {
                rows.push(format!(
                    "| {} | {} | {name} | {p50:.0} ms | {p95:.0} ms |",
                    m.engine, m.responses
                ));
            }
            memory.push(format!(
                "| {} | {} | {:.0} s | {:.0} s | {:.1} MiB | {:.1} MiB |",
                m.engine,
                m.responses,
                m.fill_seconds,
                m.settle_seconds,
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
             Survey answers posted meanwhile by wrk ({threads} threads, {conns} connections, \
             {secs} s, to the bench's units), one client reading the first three views in turn \
             until wrk stopped; every acknowledged answer was found stored:\n\n\
             | engine | answers/s | p50 | p99 | errors | stored | views meanwhile (p50/p95) |\n\
             |---|---|---|---|---|---|---|\n{}\n\n\
             | engine | responses | fill (regions, units, responses, publications, month cells) | settled (see below) | server memory at start | peak |\n\
             |---|---|---|---|---|---|\n{}\n\n\
             Settled: after the fill, PostgreSQL's `VACUUM (ANALYZE)` and `CHECKPOINT`, SQLite's \
             `wal_checkpoint(TRUNCATE)`, before anything is timed. The fill writes a year's \
             answers in half an hour; a national database receives them over a year, with \
             autovacuum keeping up, and the views are timed on such a database, not beside the \
             vacuum, analysis and checkpoints a bulk load leaves running for minutes after \
             it.\n",
            machine(),
            rows.join("\n"),
            mixed.join("\n"),
            memory.join("\n"),
            threads = load.threads,
            conns = load.connections,
            secs = load.seconds,
        );
        write_section(path, "national", &body)?;
    }
    Ok(())
}
