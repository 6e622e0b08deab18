//! Live screens at idle: the release server's CPU with no screen open, then with N screens
//! (`/tv/{unit}/events`, server-sent events) open on one unit and no new answers, each measured
//! over the same number of seconds from the process's own CPU time (`/proc/{pid}/stat`). The goal:
//! 200 screens add less than 5 % CPU on the 2-core machine.

use crate::report::{machine, write_section};
use crate::server::{seed_demo, start};
use crate::BenchError;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The unit whose screen is opened.
pub const UNIT: &str = "1871-disdukcapil";

/// The process's user and system CPU time so far, in clock ticks.
fn cpu_ticks(pid: u32) -> Result<u64, BenchError> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .ok_or_else(|| BenchError::Failed("unreadable /proc stat".into()))?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let tick = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    match (tick(11), tick(12)) {
        (Some(user), Some(system)) => Ok(user + system),
        _ => Err(BenchError::Failed("unreadable CPU times".into())),
    }
}

fn ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The server's CPU over `seconds`, in percent of the whole machine (all cores).
async fn cpu_percent(pid: u32, seconds: u64) -> Result<f64, BenchError> {
    let before = cpu_ticks(pid)?;
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let used = (cpu_ticks(pid)? - before) as f64 / ticks_per_second();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    Ok(used / seconds as f64 / cores * 100.0)
}

/// Opens one screen's event stream on a plain connection and counts the events it receives.
async fn open_screen(addr: &str, events: Arc<AtomicU64>) -> Result<(), BenchError> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!(
        "GET /tv/{UNIT}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    tokio::spawn(async move {
        let mut buffer = vec![0u8; 16 * 1024];
        while let Ok(n) = stream.read(&mut buffer).await {
            if n == 0 {
                break;
            }
            let data = buffer[..n].windows(5).filter(|w| w == b"data:").count();
            events.fetch_add(data as u64, Ordering::Relaxed);
        }
    });
    Ok(())
}

/// The benchmark: the demo database, a release server, CPU idle without and with `screens` open.
pub async fn screens(
    ikm: &Path,
    database_url: &str,
    screens: u32,
    seconds: u64,
    write: Option<&Path>,
) -> Result<(), BenchError> {
    seed_demo(ikm, database_url)?;
    let server = start(ikm, database_url).await?;
    let pid = server.child.id();
    let addr = server.base.trim_start_matches("http://").to_string();
    // Let the start settle (migrations checked, pools opened) before measuring.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = cpu_percent(pid, seconds).await?;
    let events = Arc::new(AtomicU64::new(0));
    for _ in 0..screens {
        open_screen(&addr, events.clone()).await?;
    }
    // Every screen has its first value before the measurement starts.
    for _ in 0..100 {
        if events.load(Ordering::Relaxed) >= u64::from(screens) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let received = events.load(Ordering::Relaxed);
    if received < u64::from(screens) {
        return Err(BenchError::Failed(format!(
            "only {received} of {screens} screens got their first value"
        )));
    }
    let watched = cpu_percent(pid, seconds).await?;
    let added = (watched - idle).max(0.0);
    println!(
        "screens: server CPU idle {idle:.2} %, with {screens} screens open {watched:.2} % \
         (+{added:.2} % of the machine over {seconds} s)"
    );
    drop(server);
    if let Some(path) = write {
        let body = format!(
            "## Live screens at idle\n\n\
             Measured {} on {} by `scripts/bench.sh screens`: the release `ikm serve` on the demo \
             database; its CPU time (`/proc/{{pid}}/stat`, user + system) over {seconds} s with no \
             screen open, then over {seconds} s with {screens} screens open on `/tv/{UNIT}/events` \
             and no new answer, in percent of the whole machine.\n\n\
             | screens open | server CPU | added by the screens | goal |\n|---|---|---|---|\n\
             | 0 | {idle:.2} % | — | |\n\
             | {screens} | {watched:.2} % | {added:.2} % | < 5 % |\n",
            app::time::jakarta_today(),
            machine(),
        );
        write_section(path, "screens", &body)?;
    }
    Ok(())
}
