//! Runs a command and measures it: wall time and peak resident memory (the kernel's high-water
//! mark `VmHWM`, read from `/proc/{pid}/status` until the process ends).

use crate::BenchError;
use std::process::Command;
use std::time::{Duration, Instant};

/// What one run took.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub seconds: f64,
    /// Peak resident memory in KiB.
    pub peak_kib: u64,
}

/// The high-water mark of a live process's resident memory, in KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmHWM:")
}

/// A live process's resident memory now, in KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmRSS:")
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `command` to its end; fails when it exits unsuccessfully.
pub fn run(command: &mut Command) -> Result<Run, BenchError> {
    let started = Instant::now();
    let mut child = command.spawn()?;
    let pid = child.id();
    let mut peak = 0;
    loop {
        if let Some(kib) = peak_rss_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                return Err(BenchError::Failed(format!("{command:?} failed: {status}")));
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(Run {
        seconds: started.elapsed().as_secs_f64(),
        peak_kib: peak,
    })
}
