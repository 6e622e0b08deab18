#![recursion_limit = "256"]
//! `ikm` — the one binary. See `ikm --help`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    ikm::cli::main().await
}
