//! The benchmarks of `docs/PERFORMANCE.md` (run them with `scripts/bench.sh`).
//!
//! - [`fill`]: a fast generator that fills a database with synthetic responses across Lampung's
//!   kabupaten/kota and many units, through the storage's own batch path (multi-row inserts, tallies
//!   summed per batch), so tallies always equal the raw rows.
//! - [`measure`]: runs a command (the release `ikm` binary) and reports its wall time and peak
//!   resident memory.
//! - [`page`]: the citizen's survey page as a phone downloads it (bytes before and with the WASM)
//!   and Lighthouse's mobile scores.
//! - [`invitations`]: issuing 500 invitations a call, and answers through invitations against open
//!   answers.
//! - [`pdf`]: the report's PDF, a unit's year: read, laid out and written, and served.
//! - [`screens`]: the live screens' cost at idle (the server's CPU with 200 screens open).
//! - [`report`]: writes a section of `docs/PERFORMANCE.md` between markers, with the date and the
//!   machine.

pub mod cluster;
pub mod fill;
pub mod invitations;
pub mod measure;
pub mod national;
pub mod page;
pub mod pdf;
pub mod report;
pub mod screens;
pub mod server;
pub mod submit;
pub mod views;

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("storage: {0}")]
    Store(#[from] app::store::StoreError),
    #[error("cannot open the database: {0}")]
    Open(#[from] ikm::storage::OpenError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Failed(String),
}

/// A fresh folder under the system's temporary folder for one benchmark's files.
pub fn scratch_dir(name: &str) -> Result<std::path::PathBuf, BenchError> {
    let dir = std::env::temp_dir().join(format!("ikm-bench-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
