//! `ikm-bench` — the benchmarks of docs/PERFORMANCE.md. `scripts/bench.sh` builds the release
//! binaries and runs them; each subcommand prints its figures and writes its section of
//! docs/PERFORMANCE.md (`--write`).

use clap::{Parser, Subcommand};
use ikm_bench::fill::{every_million, fill, unit_code, Plan};
use ikm_bench::measure::run;
use ikm_bench::report::{machine, write_section};
use ikm_bench::BenchError;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(Parser)]
#[command(name = "ikm-bench", about = "The benchmarks of docs/PERFORMANCE.md")]
struct Cli {
    #[command(subcommand)]
    command: Bench,
}

#[derive(Subcommand)]
enum Bench {
    /// Fill a database with synthetic responses (fast: batches, not HTTP).
    Fill {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 1_000_000)]
        responses: u64,
        #[arg(long, default_value_t = 1)]
        units: u32,
        /// Days the responses spread over, ending today.
        #[arg(long, default_value_t = 365)]
        days: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Concurrent writers (PostgreSQL: one per core keeps both busy).
        #[arg(long, default_value_t = 1)]
        writers: u32,
    },
    /// p50/p95 of the province comparison, a region view and a unit dashboard over one year, served
    /// by the release `ikm serve`, at each database size asked for (filled as it grows). One
    /// database URL grows through every size; one URL per size keeps each size in its own file.
    Views {
        #[arg(long, value_delimiter = ',')]
        database_url: Vec<String>,
        #[arg(long)]
        ikm: PathBuf,
        /// Database sizes to measure at, in responses, ascending.
        #[arg(long, value_delimiter = ',', default_value = "1000000,10000000")]
        sizes: Vec<u64>,
        #[arg(long, default_value_t = 1_500)]
        units: u32,
        /// Timed requests per view and size.
        #[arg(long, default_value_t = 25)]
        requests: usize,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// The national views (issue #34): Indonesia's tree imported, units over all 514
    /// kabupaten/kota, a year of responses; p50/p95 of the national comparison, a province, a unit
    /// dashboard and the public API's unit list, per database (SQLite and/or PostgreSQL).
    National {
        #[arg(long, value_delimiter = ',')]
        database_url: Vec<String>,
        #[arg(long)]
        ikm: PathBuf,
        #[arg(long, default_value_t = 30_000)]
        units: u32,
        #[arg(long, default_value_t = 20_000_000)]
        responses: u64,
        /// Timed requests per view.
        #[arg(long, default_value_t = 25)]
        requests: usize,
        /// The survey answers posted (wrk) while the views are read.
        #[command(flatten)]
        load: LoadArgs,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// Two `ikm serve` on one PostgreSQL behind haproxy against one: survey answers posted by wrk,
    /// split across both, each acknowledged answer stored once, sessions valid on both.
    Cluster {
        #[arg(long)]
        pg_url: String,
        #[arg(long)]
        ikm: PathBuf,
        /// Responses the database holds before the runs (filled up to it when short).
        #[arg(long, default_value_t = 100_000)]
        at_least: u64,
        #[arg(long, default_value_t = 300)]
        units: u32,
        #[command(flatten)]
        load: LoadArgs,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// The citizen's survey page: bytes sent before and with the WASM, and (with --lighthouse)
    /// Lighthouse's mobile scores; the release server on a database seeded with the demo.
    Page {
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        ikm: PathBuf,
        /// The `lighthouse` command (npm); without it only the bytes are measured.
        #[arg(long)]
        lighthouse: Option<PathBuf>,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// Submissions/s and latency of survey answers posted by wrk, against the trivial handler, on
    /// SQLite and (with --pg-url) PostgreSQL.
    Submit {
        /// The SQLite database (filled to --at-least responses first).
        #[arg(long)]
        database_url: String,
        /// A PostgreSQL database to measure as well (filled to --pg-at-least first).
        #[arg(long)]
        pg_url: Option<String>,
        #[arg(long)]
        ikm: PathBuf,
        #[arg(long, default_value_t = 10_000_000)]
        at_least: u64,
        #[arg(long, default_value_t = 100_000)]
        pg_at_least: u64,
        /// Units the fill spreads responses over (when it has to fill).
        #[arg(long, default_value_t = 1_500)]
        units: u32,
        #[command(flatten)]
        load: LoadArgs,
        /// What the posted response ids look like.
        #[arg(long, value_enum, default_value_t = ikm_bench::submit::Ids::V7)]
        ids: ikm_bench::submit::Ids,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// Invitations: API calls issuing 500 each, and answers through invitations against open
    /// answers on the same server, on SQLite and (with --pg-url) PostgreSQL.
    Invitations {
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        pg_url: Option<String>,
        #[arg(long)]
        ikm: PathBuf,
        /// Responses held before the runs (filled when fewer).
        #[arg(long, default_value_t = 100_000)]
        at_least: u64,
        #[command(flatten)]
        load: LoadArgs,
        /// Rounds of an open and an invited run (each path's median run counts).
        #[arg(long, default_value_t = 3)]
        rounds: u16,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// The server's CPU at idle with live screens (`/tv/{unit}/events`) open, against none; the
    /// release server on a database seeded with the demo.
    Screens {
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        ikm: PathBuf,
        #[arg(long, default_value_t = 200)]
        screens: u32,
        /// Seconds each measurement lasts.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// The demo unit's yearly report as a PDF: read, laid out and written in process, and served
    /// by the release server; on a database seeded with the demo.
    Pdf {
        #[arg(long)]
        database_url: String,
        #[arg(long)]
        ikm: PathBuf,
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        #[arg(long)]
        write: Option<PathBuf>,
    },
    /// Time and peak memory of `ikm export` (CSV and XLSX) of one unit's responses.
    Export {
        #[arg(long)]
        database_url: String,
        /// The release `ikm` binary.
        #[arg(long)]
        ikm: PathBuf,
        /// The responses the unit holds (filled first when the database is empty).
        #[arg(long, default_value_t = 1_000_000)]
        responses: u64,
        /// Write the figures into this document (docs/PERFORMANCE.md).
        #[arg(long)]
        write: Option<PathBuf>,
    },
}

async fn fill_command(database_url: &str, plan: Plan) -> Result<(), BenchError> {
    let store = ikm::storage::open(database_url).await?;
    let Plan {
        responses, units, ..
    } = plan;
    let started = Instant::now();
    fill(store.as_ref(), &plan, &mut every_million(started)).await?;
    println!(
        "filled {responses} responses over {units} units in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

async fn export_command(
    database_url: &str,
    ikm: &std::path::Path,
    responses: u64,
    write: Option<&std::path::Path>,
) -> Result<(), BenchError> {
    {
        let store = ikm::storage::open(database_url).await?;
        let held = store.counts().await?.responses;
        if held < responses {
            eprintln!(
                "filling {} responses into {} …",
                responses - held,
                unit_code(0)
            );
            let plan = Plan {
                responses: responses - held,
                units: 1,
                days: 365,
                last_day: app::time::jakarta_today(),
                seed: held,
                writers: 1,
            };
            fill_command(database_url, plan).await?;
        }
    }
    let dir = ikm_bench::scratch_dir("export")?;
    let mut rows = Vec::new();
    for format in ["csv", "xlsx"] {
        let output = dir.join(format!("export.{format}"));
        let figures = run(Command::new(ikm)
            .args([
                "--database-url",
                database_url,
                "export",
                "--unit",
                &unit_code(0),
            ])
            .args(["--from", "2000-01-01", "--format", format, "--output"])
            .arg(&output)
            .stdout(Stdio::null())
            .stderr(Stdio::null()))?;
        let size = std::fs::metadata(&output)?.len();
        if format == "csv" {
            let lines = std::fs::read(&output)?
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            if lines != responses + 1 {
                return Err(BenchError::Failed(format!(
                    "the CSV has {} rows, not {responses}",
                    lines.saturating_sub(1)
                )));
            }
        }
        println!(
            "export {format}: {responses} rows in {:.1} s ({:.0} rows/s), peak memory {}, file {:.1} MiB",
            figures.seconds,
            responses as f64 / figures.seconds,
            mib(figures.peak_kib),
            size as f64 / 1024.0 / 1024.0
        );
        rows.push(format!(
            "| {} | {} | {:.1} s | {:.0} | {} | {:.1} MiB |",
            format.to_uppercase(),
            responses,
            figures.seconds,
            responses as f64 / figures.seconds,
            mib(figures.peak_kib),
            size as f64 / 1024.0 / 1024.0
        ));
    }
    std::fs::remove_dir_all(&dir)?;
    if let Some(path) = write {
        let body = format!(
            "## Export of {responses} responses\n\n\
             Measured {} on {} by `scripts/bench.sh export` (release `ikm export` of one unit \
             from SQLite; peak = the process's resident high-water mark).\n\n\
             | format | rows | time | rows/s | peak memory | file |\n|---|---|---|---|---|---|\n{}\n",
            app::time::jakarta_today(),
            machine(),
            rows.join("\n")
        );
        write_section(path, "export", &body)?;
    }
    Ok(())
}

async fn submit_command(
    database_url: &str,
    pg_url: Option<&str>,
    ikm: &std::path::Path,
    (at_least, pg_at_least): (u64, u64),
    units: u32,
    load: ikm_bench::submit::Load,
    write: Option<&std::path::Path>,
) -> Result<(), BenchError> {
    use ikm_bench::submit::{measure, section};
    let mut runs = vec![measure("SQLite", database_url, ikm, at_least, units, load).await?];
    if let Some(url) = pg_url {
        runs.push(measure("PostgreSQL", url, ikm, pg_at_least, units, load).await?);
    }
    for r in &runs {
        println!(
            "{}: trivial {:.0}/s (p99 {:.1} ms); survey {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, {} errors, \
             {} stored; server memory {} idle, {} peak",
            r.engine,
            r.trivial.per_second(),
            r.trivial.p99_ms,
            r.survey.per_second(),
            r.survey.p50_ms,
            r.survey.p99_ms,
            r.survey.errors(),
            r.stored,
            mib(r.idle_kib),
            mib(r.peak_kib)
        );
    }
    if let Some(path) = write {
        write_section(
            path,
            "submit",
            &section(
                &runs,
                load,
                &machine(),
                &app::time::jakarta_today().to_string(),
            ),
        )?;
    }
    Ok(())
}

async fn invitations_command(
    database_url: &str,
    pg_url: Option<&str>,
    ikm: &std::path::Path,
    at_least: u64,
    load: ikm_bench::submit::Load,
    rounds: u16,
    write: Option<&std::path::Path>,
) -> Result<(), BenchError> {
    use ikm_bench::invitations::{measure, section, PER_CALL};
    let mut runs = vec![measure("SQLite", database_url, ikm, at_least, load, rounds).await?];
    if let Some(url) = pg_url {
        runs.push(measure("PostgreSQL", url, ikm, at_least, load, rounds).await?);
    }
    for r in &runs {
        println!(
            "{}: issuing {:.1} calls/s ({:.0} invitations/s, p99 {:.1} ms, {} errors); open {:.0}/s \
             (p99 {:.1} ms); invited {:.0}/s (p99 {:.1} ms, {} errors, {} used) = {:.0} % of open",
            r.engine,
            r.issue.per_second(),
            r.issue.per_second() * f64::from(PER_CALL),
            r.issue.p99_ms,
            r.issue.errors(),
            r.open.per_second(),
            r.open.p99_ms,
            r.invited.per_second(),
            r.invited.p99_ms,
            r.invited.errors(),
            r.used,
            r.ratio()
        );
    }
    if let Some(path) = write {
        write_section(
            path,
            "invitations",
            &section(
                &runs,
                load,
                &machine(),
                &app::time::jakarta_today().to_string(),
            ),
        )?;
    }
    Ok(())
}

/// One server, then two behind haproxy, on the same PostgreSQL; writes the `cluster` section.
async fn cluster_command(
    pg_url: &str,
    ikm: &std::path::Path,
    at_least: u64,
    units: u32,
    load: ikm_bench::submit::Load,
    write: Option<&std::path::Path>,
) -> Result<(), BenchError> {
    let one = ikm_bench::submit::measure("PostgreSQL", pg_url, ikm, at_least, units, load).await?;
    println!(
        "one server: {:.0} answers/s, p99 {:.1} ms, {} errors",
        one.survey.per_second(),
        one.survey.p99_ms,
        one.survey.errors()
    );
    let two = ikm_bench::cluster::two_servers(pg_url, ikm, load).await?;
    println!(
        "two servers behind haproxy: {:.0} answers/s, p99 {:.1} ms, {} errors; stored {} + {}",
        two.survey.per_second(),
        two.survey.p99_ms,
        two.survey.errors(),
        two.split.0,
        two.split.1
    );
    if let Some(path) = write {
        write_section(
            path,
            "cluster",
            &ikm_bench::cluster::section(
                &one,
                &two,
                load,
                &machine(),
                &app::time::jakarta_today().to_string(),
            ),
        )?;
    }
    Ok(())
}

/// How hard and how long wrk posts survey answers (the commands that post them).
#[derive(clap::Args, Debug)]
struct LoadArgs {
    /// Seconds each run lasts.
    #[arg(long, default_value_t = 20)]
    seconds: u32,
    #[arg(long, default_value_t = 64)]
    connections: u32,
    #[arg(long, default_value_t = 2)]
    threads: u32,
}

impl LoadArgs {
    fn load(&self, ids: ikm_bench::submit::Ids) -> ikm_bench::submit::Load {
        ikm_bench::submit::Load {
            seconds: self.seconds,
            connections: self.connections,
            threads: self.threads,
            ids,
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Bench::Fill {
            database_url,
            responses,
            units,
            days,
            seed,
            writers,
        } => {
            let plan = Plan {
                responses: *responses,
                units: *units,
                days: *days,
                last_day: app::time::jakarta_today(),
                seed: *seed,
                writers: *writers,
            };
            fill_command(database_url, plan).await
        }
        Bench::Submit {
            database_url,
            pg_url,
            ikm,
            at_least,
            pg_at_least,
            units,
            load,
            ids,
            write,
        } => {
            let load = load.load(*ids);
            submit_command(
                database_url,
                pg_url.as_deref(),
                ikm,
                (*at_least, *pg_at_least),
                *units,
                load,
                write.as_deref(),
            )
            .await
        }
        Bench::Invitations {
            database_url,
            pg_url,
            ikm,
            at_least,
            load,
            rounds,
            write,
        } => {
            let load = load.load(ikm_bench::submit::Ids::V7);
            invitations_command(
                database_url,
                pg_url.as_deref(),
                ikm,
                *at_least,
                load,
                *rounds,
                write.as_deref(),
            )
            .await
        }
        Bench::Export {
            database_url,
            ikm,
            responses,
            write,
        } => export_command(database_url, ikm, *responses, write.as_deref()).await,
        Bench::Page {
            database_url,
            ikm,
            lighthouse,
            write,
        } => {
            ikm_bench::page::page(ikm, database_url, lighthouse.as_deref(), write.as_deref()).await
        }
        Bench::Pdf {
            database_url,
            ikm,
            rounds,
            write,
        } => ikm_bench::pdf::pdf(ikm, database_url, *rounds, write.as_deref())
            .await
            .map(|_| ()),
        Bench::Screens {
            database_url,
            ikm,
            screens,
            seconds,
            write,
        } => {
            ikm_bench::screens::screens(ikm, database_url, *screens, *seconds, write.as_deref())
                .await
        }
        Bench::National {
            database_url,
            ikm,
            units,
            responses,
            requests,
            load,
            write,
        } => {
            let load = load.load(ikm_bench::submit::Ids::V7);
            ikm_bench::national::national(
                database_url,
                ikm,
                *units,
                *responses,
                *requests,
                load,
                write.as_deref(),
            )
            .await
        }
        Bench::Cluster {
            pg_url,
            ikm,
            at_least,
            units,
            load,
            write,
        } => {
            let load = load.load(ikm_bench::submit::Ids::V7);
            cluster_command(pg_url, ikm, *at_least, *units, load, write.as_deref()).await
        }
        Bench::Views {
            database_url,
            ikm,
            sizes,
            units,
            requests,
            write,
        } => {
            ikm_bench::views::views(
                database_url,
                ikm,
                sizes,
                *units,
                *requests,
                write.as_deref(),
            )
            .await
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ikm-bench: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
