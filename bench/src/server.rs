//! The release `ikm serve` the benchmarks measure, on a free loopback port.

use crate::BenchError;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A release `ikm serve` on a free loopback port, killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, BenchError> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Starts `ikm serve` on the database and waits until `/healthz` answers.
pub async fn start(ikm: &Path, database_url: &str) -> Result<Server, BenchError> {
    let port = free_port()?;
    let child = Command::new(ikm)
        .args(["--database-url", database_url, "serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await {
            if r.status().is_success() {
                return Ok(server);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(BenchError::Failed(
        "the server did not start within a minute".into(),
    ))
}

/// Fills the database with the Lampung demo (`ikm seed-demo`; it adds nothing the second time).
pub fn seed_demo(ikm: &Path, database_url: &str) -> Result<(), BenchError> {
    let seeded = Command::new(ikm)
        .args(["--database-url", database_url, "seed-demo"])
        .output()?;
    if seeded.status.success() {
        return Ok(());
    }
    Err(BenchError::Failed(format!(
        "ikm seed-demo: {}",
        String::from_utf8_lossy(&seeded.stderr)
    )))
}
