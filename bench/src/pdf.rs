//! The report's PDF (issue #35): how long the demo unit's yearly report takes, on the release
//! build — its figures read from the store, the document laid out and written by `krilla` with
//! the embedded fonts, its charts and its letterhead's logo (in process, each step timed apart),
//! and the whole `GET /dasbor/{code}/laporan.pdf` from the release server — with the PDF's size
//! and pages, and the release binary's size.

use crate::report::{machine, write_section};
use crate::server::{seed_demo, start};
use crate::BenchError;
use ikm_domain::Period;
use std::path::Path;
use std::time::Instant;

/// The demo unit with a letterhead and a logo of its own.
pub const UNIT: &str = "1871-disdukcapil";
const ACCOUNT: (&str, &str) = ("unit", "demo-unit-ikm");

/// Milliseconds, sorted.
#[derive(Debug, Clone, Default)]
pub struct Times(Vec<f64>);

impl Times {
    fn push(&mut self, started: Instant) {
        self.0.push(started.elapsed().as_secs_f64() * 1000.0);
    }

    fn at(&self, p: f64) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort_by(f64::total_cmp);
        crate::views::percentile(&sorted, p)
    }

    fn row(&self, what: &str) -> String {
        format!(
            "| {what} | {:.0} | {:.0} | {:.0} |\n",
            self.at(0.5),
            self.at(0.95),
            self.at(1.0)
        )
    }
}

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub struct PdfFigures {
    pub period: String,
    pub facts: Times,
    pub layout_and_write: Times,
    pub http: Times,
    pub pages: usize,
    pub bytes: usize,
    pub binary_bytes: u64,
}

/// Runs the benchmark: `rounds` timed reports each way after one to warm up.
pub async fn pdf(
    ikm: &Path,
    database_url: &str,
    rounds: usize,
    write: Option<&Path>,
) -> Result<PdfFigures, BenchError> {
    seed_demo(ikm, database_url)?;
    let today = app::time::jakarta_today();
    let year = Period::parse(&today.format("%Y").to_string())
        .ok_or_else(|| BenchError::Failed("this year as a period".into()))?;
    let mut figures = PdfFigures {
        period: year.key(),
        binary_bytes: std::fs::metadata(ikm)?.len(),
        ..PdfFigures::default()
    };

    // In process: the store's figures, then the layout and the file.
    let store = ikm::storage::open(database_url).await?;
    for round in 0..=rounds {
        let started = Instant::now();
        let facts = app::report::load(store.as_ref(), UNIT, year, today)
            .await?
            .ok_or_else(|| BenchError::Failed(format!("no unit {UNIT}")))?;
        let logo = ikm::report_pdf::logo_of(store.as_ref(), facts.letterhead.as_ref()).await?;
        if round > 0 {
            figures.facts.push(started);
        }
        let started = Instant::now();
        let doc = app::report::build(&facts);
        let (bytes, pages) = ikm::report_pdf::write(&doc, logo.as_ref())?;
        if round > 0 {
            figures.layout_and_write.push(started);
        }
        figures.pages = pages;
        figures.bytes = bytes.len();
    }
    store.close().await;

    // Over HTTP, from the release server.
    let server = start(ikm, database_url).await?;
    let cookie = crate::page::sign_in(&server.base, ACCOUNT).await?;
    let client = reqwest::Client::new();
    let path = format!("/dasbor/{UNIT}/laporan.pdf?periode={}", year.key());
    for round in 0..=rounds {
        let started = Instant::now();
        let reply = client
            .get(format!("{}{path}", server.base))
            .header("Cookie", &cookie)
            .send()
            .await
            .map_err(|e| BenchError::Failed(format!("{path}: {e}")))?;
        let status = reply.status();
        let body = reply
            .bytes()
            .await
            .map_err(|e| BenchError::Failed(format!("{path}: {e}")))?;
        if !status.is_success() || !body.starts_with(b"%PDF") {
            return Err(BenchError::Failed(format!("{path}: {status}")));
        }
        if round > 0 {
            figures.http.push(started);
        }
    }
    drop(server);

    let body = format!(
        "## The report's PDF (`scripts/bench.sh pdf`)\n\n\
         Measured {} on {}: the demo unit `{UNIT}`'s yearly report ({}) — its letterhead with an \
         SVG logo, seven charts, DejaVu Sans embedded and subset — {} pages, {:.0} KB; the \
         release `ikm` binary is {:.1} MB (with its symbols). {rounds} reports each way after one \
         to warm up, in milliseconds.\n\n\
         | step | p50 | p95 | max |\n|---|---|---|---|\n{}{}{}\n\
         Goal: a unit's yearly PDF in < 1 s on the 2-core machine.\n",
        today.format("%Y-%m-%d"),
        machine(),
        figures.period,
        figures.pages,
        figures.bytes as f64 / 1000.0,
        figures.binary_bytes as f64 / 1_000_000.0,
        figures
            .facts
            .row("the figures read from the store (in process)"),
        figures
            .layout_and_write
            .row("laid out and written (krilla, in process)"),
        figures
            .http
            .row("`GET …/laporan.pdf` from the release server"),
    );
    println!("{body}");
    if let Some(path) = write {
        write_section(path, "pdf", &body)?;
    }
    Ok(figures)
}
