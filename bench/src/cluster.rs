//! Several app servers on one PostgreSQL (issue #34): the submissions of `submit.rs` posted to one
//! release `ikm serve`, then the same load through haproxy (Debian's package, started here) to two
//! of them on the same database. Checked: the answers went to both servers (each one's
//! `ikm_answers_total{outcome="stored"}`), every acknowledged answer is stored exactly once (the rows
//! added equal both servers' stored counts and wrk's successes, give or take the answers in flight
//! when wrk stopped), and a session made through one server is valid on each.

use crate::measure::peak_rss_kib;
use crate::server::{start, Server};
use crate::submit::{script, survey_form, units_with_services, wrk, EngineRun, Load, WrkRun};
use crate::views::{add_admin, sign_in};
use crate::BenchError;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// haproxy in the foreground, killed when dropped.
struct Balancer {
    child: Child,
    base: String,
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// haproxy's configuration: round robin over `servers` (base URLs), HTTP mode, on `port`.
pub fn haproxy_config(port: u16, servers: &[String]) -> String {
    let lines: Vec<String> = servers
        .iter()
        .enumerate()
        .map(|(i, base)| {
            let address = base.trim_start_matches("http://");
            format!("    server ikm{i} {address}")
        })
        .collect();
    format!(
        "global\n    maxconn 4096\n\
         defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\
         frontend ikm\n    bind 127.0.0.1:{port}\n    default_backend servers\n\
         backend servers\n    balance roundrobin\n{}\n",
        lines.join("\n")
    )
}

async fn start_balancer(dir: &Path, servers: &[String]) -> Result<Balancer, BenchError> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let config = dir.join("haproxy.cfg");
    std::fs::write(&config, haproxy_config(port, servers))?;
    let child = Command::new("haproxy")
        .arg("-db")
        .arg("-f")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            BenchError::Failed(format!(
                "cannot run haproxy (scripts/setup.sh --test installs it): {e}"
            ))
        })?;
    let balancer = Balancer {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if let Ok(r) = client
            .get(format!("{}/healthz", balancer.base))
            .send()
            .await
        {
            if r.status().is_success() {
                return Ok(balancer);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(BenchError::Failed(
        "haproxy did not answer within ten seconds".into(),
    ))
}

/// A server's count of answers it stored (its `/metrics`, read from loopback).
async fn stored_by(server: &Server) -> Result<u64, BenchError> {
    let text = reqwest::get(format!("{}/metrics", server.base))
        .await
        .map_err(|e| BenchError::Failed(format!("/metrics: {e}")))?
        .text()
        .await
        .map_err(|e| BenchError::Failed(format!("/metrics: {e}")))?;
    Ok(text
        .lines()
        .find(|l| l.starts_with("ikm_answers_total{") && l.contains("outcome=\"stored\""))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0, |v| v as u64))
}

/// Whether `cookie` opens a staff page on `server`.
async fn session_valid_on(server: &Server, cookie: &str) -> Result<bool, BenchError> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| BenchError::Failed(e.to_string()))?;
    let reply = client
        .get(format!("{}/admin/pengguna", server.base))
        .header("Cookie", cookie)
        .send()
        .await
        .map_err(|e| BenchError::Failed(format!("a staff page: {e}")))?;
    Ok(reply.status().is_success())
}

/// What the two servers behind the balancer did.
pub struct ClusterRun {
    pub survey: WrkRun,
    pub stored: u64,
    /// Answers each server stored.
    pub split: (u64, u64),
    pub sessions_on_both: bool,
    pub peak_kib: (u64, u64),
}

/// Posts the survey load through haproxy to two servers on `database_url` (filled already, with
/// units) and checks what was stored.
pub async fn two_servers(
    database_url: &str,
    ikm: &Path,
    load: Load,
) -> Result<ClusterRun, BenchError> {
    let store = ikm::storage::open(database_url).await?;
    let units = units_with_services(store.as_ref(), 300).await?;
    add_admin(ikm, database_url)?;
    let a = start(ikm, database_url).await?;
    let b = start(ikm, database_url).await?;
    let dir = crate::scratch_dir("cluster")?;
    let balancer = start_balancer(&dir, &[a.base.clone(), b.base.clone()]).await?;

    // A session made through the balancer (on either server) opens pages on both.
    let cookie = sign_in(&balancer.base).await?;
    let sessions_on_both =
        session_valid_on(&a, &cookie).await? && session_valid_on(&b, &cookie).await?;

    let (form, token) = survey_form(&balancer.base, &units[0].0).await?;
    let warm = dir.join("warm.lua");
    let survey_script = dir.join("survey.lua");
    std::fs::write(
        &warm,
        script(&units, &form, &token, None, 11, load.ids, None),
    )?;
    std::fs::write(
        &survey_script,
        script(&units, &form, &token, None, 12, load.ids, None),
    )?;
    wrk(
        &balancer.base,
        &warm,
        Load {
            seconds: load.seconds.min(5),
            ..load
        },
    )?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rows_before = store.counts().await?.responses;
    let (a_before, b_before) = (stored_by(&a).await?, stored_by(&b).await?);
    let survey = wrk(&balancer.base, &survey_script, load)?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let split = (
        stored_by(&a).await? - a_before,
        stored_by(&b).await? - b_before,
    );
    let stored = store.counts().await?.responses - rows_before;
    let peak_kib = (
        peak_rss_kib(a.child.id()).unwrap_or(0),
        peak_rss_kib(b.child.id()).unwrap_or(0),
    );
    drop(balancer);
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir);
    store.close().await;

    let acknowledged = survey.successes();
    if stored < acknowledged || stored > acknowledged + u64::from(load.connections) {
        return Err(BenchError::Failed(format!(
            "two servers: wrk saw {acknowledged} answers acknowledged but {stored} were stored"
        )));
    }
    if split.0 + split.1 != stored {
        return Err(BenchError::Failed(format!(
            "two servers: they stored {} and {} answers, the table grew by {stored}",
            split.0, split.1
        )));
    }
    if split.0 == 0 || split.1 == 0 {
        return Err(BenchError::Failed(format!(
            "two servers: the answers were not split ({} and {})",
            split.0, split.1
        )));
    }
    if !sessions_on_both {
        return Err(BenchError::Failed(
            "two servers: a session made through the balancer did not open a page on both".into(),
        ));
    }
    Ok(ClusterRun {
        survey,
        stored,
        split,
        sessions_on_both,
        peak_kib,
    })
}

/// The section of `docs/PERFORMANCE.md`: one server beside two behind haproxy.
pub fn section(
    one: &EngineRun,
    two: &ClusterRun,
    load: Load,
    machine: &str,
    today: &str,
) -> String {
    let row = |what: &str, r: &WrkRun, stored: u64| {
        format!(
            "| {what} | **{:.0}** | {:.1} ms | {:.1} ms | {:.0} ms | {} | {stored} |",
            r.per_second(),
            r.p50_ms,
            r.p99_ms,
            r.max_ms,
            r.errors()
        )
    };
    format!(
        "## Several app servers\n\n\
         Measured {today} on {machine} by `scripts/bench.sh cluster`: PostgreSQL holding {held} \
         responses (`fsync=on`), the survey answers of the submissions benchmark (wrk {threads} \
         threads, {conns} connections, {secs} s, after {warm} s of the same load not counted) \
         posted to one release `ikm serve`, then through haproxy (round robin, HTTP mode) to two \
         of them on the same database — all on the same two cores. After each run every \
         acknowledged answer was found stored exactly once (the rows added equal the servers' \
         stored counts). Two servers: {a} answers stored by the first, {b} by the second; a \
         session made through the balancer opened a staff page on each: {sessions}. Peak memory \
         {ma:.1} MiB and {mb:.1} MiB.\n\n\
         | servers | answers/s | p50 | p99 | max | errors | stored |\n|---|---|---|---|---|---|---|\n{}\n{}\n",
        row("one `ikm serve`", &one.survey, one.stored),
        row("two `ikm serve` behind haproxy", &two.survey, two.stored),
        held = one.held,
        threads = load.threads,
        conns = load.connections,
        secs = load.seconds,
        warm = load.seconds.min(5),
        a = two.split.0,
        b = two.split.1,
        sessions = if two.sessions_on_both { "yes" } else { "no" },
        ma = two.peak_kib.0 as f64 / 1024.0,
        mb = two.peak_kib.1 as f64 / 1024.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_balancer_spreads_over_every_server() {
        let config = haproxy_config(
            8080,
            &[
                "http://127.0.0.1:3001".into(),
                "http://127.0.0.1:3002".into(),
            ],
        );
        assert!(config.contains("bind 127.0.0.1:8080"));
        assert!(config.contains("balance roundrobin"));
        assert!(config.contains("server ikm0 127.0.0.1:3001"));
        assert!(config.contains("server ikm1 127.0.0.1:3002"));
    }
}
