//! Invitations (issue #32) under load, on the release `ikm serve`: a queue machine's call that
//! issues 500 invitations (`POST /api/v1/units/{code}/invitations`, each with its link and QR code),
//! and answers through invitations beside open answers — the same wrk request generator as the
//! submission benchmark (`submit.rs`), the invited run adding each answer's one-time code. The
//! invited path's rate is compared with the open path's on the same server, in rounds that
//! alternate which goes first (the median run of each counts: one 20 s run on two shared cores
//! moves by a fifth from run to run). Afterwards every acknowledged invited answer must have used
//! up its invitation.

use crate::fill::{fill, Plan};
use crate::submit::{script, survey_form, units_with_services, wrk, Ids, Invited, Load, WrkRun};
use crate::BenchError;
use app::invitation::{code_from_bytes, Invitation, CODE_BYTES};
use app::store::Store;
use chrono::{Duration, Utc};
use ikm::storage::shared::last_month_over;
use rand::RngCore;
use std::fmt::Write as _;
use std::path::Path;

/// Invitations issued by one API call.
pub const PER_CALL: u32 = 500;

/// API keys made for the issuing run (each may call 30 times a minute).
const KEYS: usize = 100;

/// Connections of the issuing run.
const ISSUE_CONNECTIONS: u32 = 2;

/// Units the runs spread over.
const UNITS: usize = 50;

/// One engine's figures.
pub struct InvitationRun {
    pub engine: &'static str,
    pub issue: WrkRun,
    /// The open runs' median (by rate).
    pub open: WrkRun,
    /// The invited runs' median (by rate).
    pub invited: WrkRun,
    /// Each round's rates (requests/s), open and invited, in the order of the rounds.
    pub rounds: Vec<(f64, f64)>,
    /// Invitations used up by the invited runs.
    pub used: u64,
}

/// The run of median rate (the upper one of an even count).
fn median(mut runs: Vec<WrkRun>) -> Option<WrkRun> {
    runs.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
    let middle = runs.len() / 2;
    runs.into_iter().nth(middle)
}

impl InvitationRun {
    /// The invited path's rate as a share of the open path's, in percent.
    pub fn ratio(&self) -> f64 {
        100.0 * self.invited.per_second() / self.open.per_second().max(1e-9)
    }
}

/// Invitations of `units` (round robin) issued now, `count` of them, as a lines file
/// (`unit index from 1 TAB code`) for the invited run.
async fn issue_ahead(
    store: &dyn Store,
    units: &[(String, Vec<i64>)],
    count: usize,
    file: &Path,
) -> Result<(), BenchError> {
    let mut details = Vec::with_capacity(units.len());
    for (code, _) in units {
        let unit = store
            .unit(code)
            .await?
            .ok_or_else(|| BenchError::Failed(format!("no unit {code}")))?;
        details.push(unit);
    }
    let now = Utc::now();
    let mut lines = String::new();
    let mut batch = Vec::with_capacity(5_000);
    for n in 0..count {
        let index = n % details.len();
        let unit = &details[index];
        let mut bytes = [0u8; CODE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let invitation = Invitation {
            code: code_from_bytes(bytes),
            unit_id: unit.id,
            unit_code: unit.unit.code.clone(),
            service_id: None,
            counter_tag: String::new(),
            issued_at: now,
            expires_at: now + Duration::days(7),
            response_id: None,
        };
        let _ = writeln!(lines, "{}\t{}", index + 1, invitation.code);
        batch.push(invitation);
        if batch.len() == 5_000 {
            store.issue_invitations(&batch, "bench").await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        store.issue_invitations(&batch, "bench").await?;
    }
    std::fs::write(file, lines)?;
    Ok(())
}

/// The wrk script of the issuing run: each request one call for 500 invitations, the keys taken
/// in turn (`calls`: unit code and key).
pub fn issue_script(calls: &[(String, String)], threads: u32) -> String {
    let calls_lua: Vec<String> = calls
        .iter()
        .map(|(unit, key)| format!("{{\"{unit}\", \"{key}\"}}"))
        .collect();
    format!(
        r#"-- Written by ikm-bench invitations.
local calls = {{ {calls} }}
local nthreads, threads, n = {threads}, 0, 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function request()
  n = n + 1
  local call = calls[(n * nthreads + tid) % #calls + 1]
  return wrk.format("POST", "/api/v1/units/" .. call[1] .. "/invitations", {{
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. call[2],
  }}, '{{"count": {PER_CALL}}}')
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "IKM-BENCH requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"#,
        calls = calls_lua.join(", "),
        threads = threads.max(1),
    )
}

/// Answers used up: the invitations of `units` answered today.
async fn used(store: &dyn Store, units: &[(String, Vec<i64>)]) -> Result<u64, BenchError> {
    let today = app::time::jakarta_today();
    let mut total = 0;
    for (code, _) in units {
        if let Some(unit) = store.unit(code).await? {
            total += store
                .invitation_counts(unit.id, today, today)
                .await?
                .answered;
        }
    }
    Ok(total)
}

/// Measures issuing and answering through invitations on `database_url` (filled with
/// `at_least` responses first when it holds fewer).
pub async fn measure(
    engine: &'static str,
    database_url: &str,
    ikm: &Path,
    at_least: u64,
    load: Load,
    rounds: u16,
) -> Result<InvitationRun, BenchError> {
    let rounds = rounds.max(1);
    let store = ikm::storage::open(database_url).await?;
    let today = app::time::jakarta_today();
    let held = store.counts().await?.responses;
    if held < at_least || store.active_units().await?.is_empty() {
        let plan = Plan {
            responses: at_least.saturating_sub(held).max(1),
            units: UNITS as u32,
            days: 365,
            last_day: today,
            seed: 3_232 + held,
            writers: 1,
        };
        eprintln!("{engine}: filling to {at_least} responses …");
        fill(store.as_ref(), &plan, &mut |_| {}).await?;
    }
    store.close_months(last_month_over(today)).await?;
    let units = units_with_services(store.as_ref(), UNITS).await?;

    // Keys for the issuing run, and invitations ahead for the invited run (more than it can use:
    // 10 000 a second of the run).
    let actor = app::accounts::Actor::command_line();
    let mut calls = Vec::with_capacity(KEYS);
    for n in 0..KEYS {
        let (code, _) = &units[n % units.len()];
        let unit = store
            .unit(code)
            .await?
            .ok_or_else(|| BenchError::Failed(format!("no unit {code}")))?;
        let (key, prefix) = ikm::invitations::new_api_key();
        let hash = ikm::invitations::key_hash(&key);
        store
            .create_api_key(unit.id, code, "bench", &prefix, &hash, &actor)
            .await?;
        calls.push((code.clone(), key));
    }
    let dir = crate::scratch_dir("invitations")?;
    // Each round's invited run its own codes, issued ahead (more than it can use: 10 000 a second).
    let ahead = 10_000 * load.seconds as usize;
    let mut code_files = Vec::new();
    for round in 0..rounds {
        eprintln!(
            "{engine}: issuing {ahead} invitations ahead for round {} …",
            round + 1
        );
        let file = dir.join(format!("codes-{round}.tsv"));
        issue_ahead(store.as_ref(), &units, ahead, &file).await?;
        code_files.push(file);
    }
    let used_before = used(store.as_ref(), &units).await?;

    let server = crate::server::start(ikm, database_url).await?;
    let (form, token) = survey_form(&server.base, &units[0].0).await?;

    // Two connections for the issuing run (one a core): each call answers 500 links and QR codes,
    // and a queue machine waits for its call, it does not open sixty-four.
    let issue_path = dir.join("issue.lua");
    let issue_load = Load {
        connections: ISSUE_CONNECTIONS,
        threads: load.threads.min(ISSUE_CONNECTIONS),
        ..load
    };
    std::fs::write(&issue_path, issue_script(&calls, issue_load.threads))?;
    let issue = wrk(&server.base, &issue_path, issue_load)?;

    let (mut opens, mut inviteds, mut rates) = (Vec::new(), Vec::new(), Vec::new());
    for (round, codes) in code_files.iter().enumerate() {
        // Each run its own response ids (the run number is in them).
        let run = 4 + 2 * round as u16;
        let open_path = dir.join(format!("open-{round}.lua"));
        let invited_path = dir.join(format!("invited-{round}.lua"));
        std::fs::write(
            &open_path,
            script(&units, &form, &token, None, run, load.ids, None),
        )?;
        let invited = Invited {
            codes,
            threads: load.threads,
        };
        std::fs::write(
            &invited_path,
            script(
                &units,
                &form,
                &token,
                None,
                run + 1,
                load.ids,
                Some(invited),
            ),
        )?;
        // The open run first in even rounds, the invited one first in odd rounds.
        let (open, invited) = if round % 2 == 0 {
            let open = wrk(&server.base, &open_path, load)?;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            (open, wrk(&server.base, &invited_path, load)?)
        } else {
            let invited = wrk(&server.base, &invited_path, load)?;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            (wrk(&server.base, &open_path, load)?, invited)
        };
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        eprintln!(
            "{engine}: round {}: open {:.0}/s, invited {:.0}/s",
            round + 1,
            open.per_second(),
            invited.per_second()
        );
        rates.push((open.per_second(), invited.per_second()));
        opens.push(open);
        inviteds.push(invited);
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    let used = used(store.as_ref(), &units).await? - used_before;
    let acknowledged: u64 = inviteds.iter().map(WrkRun::successes).sum();
    let connections = u64::from(load.connections) * u64::from(rounds);
    if used < acknowledged || used > acknowledged + connections {
        return Err(BenchError::Failed(format!(
            "{engine}: wrk saw {acknowledged} invited answers acknowledged but {used} invitations \
             were used up (a run may have run out of its {ahead} invitations)"
        )));
    }
    if issue.errors() > 0 {
        return Err(BenchError::Failed(format!(
            "{engine}: of {} issuing calls, {} answered an error status and {} failed on the \
             socket (timed out after 10 s?); p99 {:.0} ms",
            issue.requests, issue.status_errors, issue.socket_errors, issue.p99_ms
        )));
    }
    let (Some(open), Some(invited)) = (median(opens), median(inviteds)) else {
        return Err(BenchError::Failed(format!("{engine}: no run")));
    };
    store.close().await;
    Ok(InvitationRun {
        engine,
        issue,
        open,
        invited,
        rounds: rates,
        used,
    })
}

/// The section of `docs/PERFORMANCE.md`.
pub fn section(runs: &[InvitationRun], load: Load, machine: &str, today: &str) -> String {
    let ms = |v: f64| format!("{v:.1} ms");
    let mut rows = Vec::new();
    for r in runs {
        rows.push(format!(
            "| {} | issue {PER_CALL} (`POST /api/v1/units/…/invitations`) | {:.1} calls/s = {:.0} invitations/s | {} | {} | {} | |",
            r.engine,
            r.issue.per_second(),
            r.issue.per_second() * f64::from(PER_CALL),
            ms(r.issue.p50_ms),
            ms(r.issue.p99_ms),
            r.issue.errors(),
        ));
        rows.push(format!(
            "| {} | open answer (`POST /s/…`) | {:.0} | {} | {} | {} | |",
            r.engine,
            r.open.per_second(),
            ms(r.open.p50_ms),
            ms(r.open.p99_ms),
            r.open.errors(),
        ));
        rows.push(format!(
            "| {} | answer through an invitation (`POST /s/…` with `undangan`) | **{:.0}** | {} | {} | {} | {:.0} % |",
            r.engine,
            r.invited.per_second(),
            ms(r.invited.p50_ms),
            ms(r.invited.p99_ms),
            r.invited.errors(),
            r.ratio(),
        ));
    }
    let ids = match load.ids {
        Ids::V7 => "v7",
        Ids::V4 => "v4",
    };
    let rounds = runs.first().map_or(0, |r| r.rounds.len());
    let each: Vec<String> = runs
        .iter()
        .map(|r| {
            let pairs: Vec<String> = r
                .rounds
                .iter()
                .map(|(open, invited)| format!("{open:.0} / {invited:.0}"))
                .collect();
            format!("{}: {}", r.engine, pairs.join(", "))
        })
        .collect();
    format!(
        "Measured {today} on {machine} by `scripts/bench.sh invitations`: wrk {} threads, {} \
         connections ({} for the issuing calls), {} s per run, on the same two cores as the release \
         `ikm serve`, over {UNITS} units. Issuing: each call {PER_CALL} invitations with their links \
         and SVG QR codes, {KEYS} keys taken in turn (each may call 30 times a minute). Answers: the \
         submission benchmark's requests (distinct valid answers, response ids {ids}), the invited \
         runs adding each answer's own one-time code issued ahead; {rounds} rounds of an open and an \
         invited run on the same server, the open one first in odd rounds and last in even ones, \
         and the table shows each path's median run. After the runs every acknowledged invited \
         answer had used up its invitation. The last column: the invited rate as a share of the \
         open rate (goal ≥ 80 %).\n\n\
         | engine | request | requests/s | p50 | p99 | errors | invited ÷ open |\n\
         |---|---|---|---|---|---|---|\n{}\n\nEach round, open / invited answers per second: {}.",
        load.threads,
        load.connections,
        ISSUE_CONNECTIONS,
        load.seconds,
        rows.join("\n"),
        each.join("; ")
    )
}
