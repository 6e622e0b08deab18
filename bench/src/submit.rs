//! Submission throughput and latency: `wrk` (Debian's package) posts valid, distinct survey
//! answers to the release `ikm serve` on loopback for a fixed time, and, in the same run with the
//! same request generator, to the server's trivial handler (`/ping`) — the ceiling of this machine
//! and server stack. Afterwards the stored rows are counted against wrk's successes (every
//! acknowledged answer is stored, nothing twice) and the tallies of the units posted to are
//! compared with their raw rows.
//!
//! Each request is a different answer to one of many units (its own response id, a random service
//! and scores, a device cookie of its own), sent like the browser's offline queue sends it: a form
//! post with `Accept: application/json`, the render token of a page fetched before the run.

use crate::fill::{fill, Plan};
use crate::measure::{peak_rss_kib, rss_kib};
use crate::server::{start, Server};
use crate::BenchError;
use app::store::{Counted, Store};
use ikm::storage::shared::last_month_over;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// How hard and how long to push.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub seconds: u32,
    pub connections: u32,
    pub threads: u32,
    pub ids: Ids,
}

/// What the posted response ids look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ids {
    /// Time-ordered (UUIDv7), made when the form was rendered 30–90 s before the post: what the
    /// server and the offline queue make.
    V7,
    /// Random (UUIDv4): what they made before, and what other clients may send.
    V4,
}

impl Ids {
    /// How the section of `docs/PERFORMANCE.md` says it.
    fn described(self) -> &'static str {
        match self {
            Ids::V7 => {
                "own response id, time-ordered like the server's and the offline queue's: a UUIDv7 \
                 of a form rendered 30–90 s before"
            }
            Ids::V4 => "own response id, random (UUIDv4)",
        }
    }

    fn lua(self) -> &'static str {
        match self {
            Ids::V7 => "v7",
            Ids::V4 => "v4",
        }
    }
}

/// What wrk reports of one run (printed by the script's `done`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WrkRun {
    /// Completed requests (any status).
    pub requests: u64,
    pub seconds: f64,
    /// Answers with a status other than 2xx/3xx.
    pub status_errors: u64,
    /// Connect, read, write errors and timeouts.
    pub socket_errors: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl WrkRun {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds.max(f64::EPSILON)
    }
    pub fn errors(&self) -> u64 {
        self.status_errors + self.socket_errors
    }
    pub fn successes(&self) -> u64 {
        self.requests.saturating_sub(self.status_errors)
    }
}

/// The figures of one engine.
#[derive(Debug, Clone)]
pub struct EngineRun {
    pub engine: &'static str,
    pub held: u64,
    pub trivial: WrkRun,
    pub survey: WrkRun,
    pub stored: u64,
    pub idle_kib: u64,
    pub peak_kib: u64,
}

/// Reads the line the script's `done` prints.
pub fn parse_done(output: &str) -> Result<WrkRun, BenchError> {
    let line = output
        .lines()
        .find_map(|l| l.strip_prefix("IKM-BENCH "))
        .ok_or_else(|| BenchError::Failed(format!("wrk printed no summary:\n{output}")))?;
    let field = |name: &str| -> Result<f64, BenchError> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| BenchError::Failed(format!("wrk's summary lacks {name}: {line}")))
    };
    Ok(WrkRun {
        requests: field("requests")? as u64,
        seconds: field("duration_us")? / 1e6,
        status_errors: field("status_errors")? as u64,
        socket_errors: field("socket_errors")? as u64,
        p50_ms: field("p50_us")? / 1000.0,
        p99_ms: field("p99_us")? / 1000.0,
        max_ms: field("max_us")? / 1000.0,
    })
}

/// Invitations for the answers of a run: a file of `unit index (from 1) TAB code` lines, each
/// thread of `threads` taking every `threads`-th line, each code used once.
#[derive(Debug, Clone, Copy)]
pub struct Invited<'a> {
    pub codes: &'a Path,
    pub threads: u32,
}

/// The wrk script: posts a fresh valid answer per request to one of `units` (code, service ids),
/// or, with `path`, the same kind of request to that path; with `invited`, each answer through the
/// next invitation of the file (to its unit). Each response id is shaped as `ids` says, with 62
/// bits or more of its own randomness; a v7 id also holds `run` (under 4 096).
pub fn script(
    units: &[(String, Vec<i64>)],
    form: &str,
    token: &str,
    path: Option<&str>,
    run: u16,
    ids: Ids,
    invited: Option<Invited>,
) -> String {
    let units_lua: Vec<String> = units
        .iter()
        .map(|(code, services)| {
            let ids: Vec<String> = services.iter().map(i64::to_string).collect();
            format!("{{\"{code}\", {{{}}}}}", ids.join(", "))
        })
        .collect();
    let keys: Vec<String> = ikm_domain::Unsur::ALL
        .iter()
        .map(|u| format!("\"{}\"", u.key()))
        .collect();
    let path = path.map_or("nil".to_string(), |p| format!("\"{p}\""));
    let ids = ids.lua();
    let (codes, code_threads) = invited.map_or(("nil".to_string(), 1), |i| {
        (format!("\"{}\"", i.codes.display()), i.threads.max(1))
    });
    format!(
        r#"-- Written by ikm-bench submit.
local units = {{ {units} }}
local keys = {{ {keys} }}
local form, token, fixed_path, run, ids = "{form}", "{token}", {path}, {run}, "{ids}"
local codes_path, code_threads = {codes}, {code_threads}
local threads = 0
local codes, used = {{}}, 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  math.randomseed(os.time() * 1000 + tid)
  if codes_path then
    local i = 0
    for line in io.lines(codes_path) do
      if i % code_threads == tid then codes[#codes + 1] = line end
      i = i + 1
    end
  end
end
function request()
  local unit = units[math.random(#units)]
  local invitation = nil
  if codes_path then
    used = used + 1
    local line = codes[used]
    if line then
      local tab = string.find(line, "\t")
      unit = units[tonumber(string.sub(line, 1, tab - 1))]
      invitation = string.sub(line, tab + 1)
    end
  end
  local services = unit[2]
  local id
  if ids == "v7" then
    -- Unix milliseconds of the form's render, then the run, then random bits.
    local ms = (os.time() - math.random(30, 90)) * 1000 + math.random(0, 999)
    id = string.format("%08x-%04x-7%03x-%04x-%04x%08x", math.floor(ms / 65536), ms % 65536,
      run % 4096, 0x8000 + math.random(0, 0x3fff), math.random(0, 0xffff), math.random(0, 0xffffffff))
  else
    id = string.format("%08x-%04x-4%03x-%04x-%04x%08x", math.random(0, 0xffffffff),
      math.random(0, 0xffff), math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff),
      math.random(0, 0xffff), math.random(0, 0xffffffff))
  end
  local parts = {{ "id=" .. id, "form=" .. form, "token=" .. token,
    "service=" .. services[math.random(#services)] }}
  for _, key in ipairs(keys) do parts[#parts + 1] = key .. "=" .. math.random(2, 4) end
  if invitation then parts[#parts + 1] = "undangan=" .. invitation end
  return wrk.format("POST", fixed_path or ("/s/" .. unit[1]), {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Cookie"] = "ikm_device=" .. id,
  }}, table.concat(parts, "&"))
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "IKM-BENCH requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"#,
        units = units_lua.join(", "),
        keys = keys.join(", "),
    )
}

/// A survey page's form id and render token (the token ready for a query string), which every
/// request of a run reuses.
pub(crate) async fn survey_form(base: &str, unit: &str) -> Result<(String, String), BenchError> {
    let page = reqwest::get(format!("{base}/s/{unit}"))
        .await
        .map_err(|e| BenchError::Failed(format!("the survey page: {e}")))?
        .text()
        .await
        .map_err(|e| BenchError::Failed(format!("the survey page: {e}")))?;
    let form = hidden_value(&page, "id")
        .ok_or_else(|| BenchError::Failed("the survey page has no response id".into()))?;
    let token = hidden_value(&page, "token")
        .ok_or_else(|| BenchError::Failed("the survey page has no token".into()))?;
    Ok((form, app::i18n::encode_query(&token)))
}

/// The value of the hidden input `name` in a rendered page.
fn hidden_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?;
    Some(value[..value.find('"')?].to_string())
}

pub(crate) fn wrk(base: &str, script_path: &Path, load: Load) -> Result<WrkRun, BenchError> {
    let out = Command::new("wrk")
        .args([
            "-t",
            &load.threads.to_string(),
            "-c",
            &load.connections.to_string(),
        ])
        .args([
            "-d",
            &format!("{}s", load.seconds),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(script_path)
        .arg(base)
        .output()
        .map_err(|e| {
            BenchError::Failed(format!(
                "cannot run wrk (scripts/setup.sh --test installs it): {e}"
            ))
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(BenchError::Failed(format!(
            "wrk failed: {}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    parse_done(&text)
}

/// Up to `limit` active units with their services.
pub(crate) async fn units_with_services(
    store: &dyn Store,
    limit: usize,
) -> Result<Vec<(String, Vec<i64>)>, BenchError> {
    let mut out = Vec::new();
    for unit in store.active_units().await? {
        if out.len() == limit {
            break;
        }
        if let Some(detail) = store.unit(&unit.code).await? {
            if !detail.services.is_empty() {
                let ids = detail.services.iter().map(|s| s.id).collect();
                out.push((unit.code.clone(), ids));
            }
        }
    }
    if out.is_empty() {
        return Err(BenchError::Failed(
            "the database holds no unit with services".into(),
        ));
    }
    Ok(out)
}

/// Fills the database to at least `at_least` responses (across `units` units, 1 500 in the views
/// benchmark),
/// serves it, and measures the trivial handler and the survey post, one after the other.
pub async fn measure(
    engine: &'static str,
    database_url: &str,
    ikm: &Path,
    at_least: u64,
    units: u32,
    load: Load,
) -> Result<EngineRun, BenchError> {
    let store = ikm::storage::open(database_url).await?;
    let held = store.counts().await?.responses;
    let today = app::time::jakarta_today();
    if held < at_least || store.active_units().await?.is_empty() {
        let plan = Plan {
            responses: at_least.saturating_sub(held).max(1),
            units,
            days: 365,
            last_day: today,
            seed: 4_242 + held,
            writers: 1,
        };
        eprintln!("{engine}: filling to {at_least} responses …");
        fill(store.as_ref(), &plan, &mut |_| {}).await?;
    }
    // What the server's first batch of a new month would do (build the cells of the month that
    // is over) is done here, outside the measured run.
    store.close_months(last_month_over(today)).await?;
    let held = store.counts().await?.responses;
    let units = units_with_services(store.as_ref(), 300).await?;

    let server: Server = start(ikm, database_url).await?;
    let pid = server.child.id();
    let (form, token) = survey_form(&server.base, &units[0].0).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_kib = rss_kib(pid).unwrap_or(0);

    let dir = crate::scratch_dir("submit")?;
    let trivial_script = dir.join("trivial.lua");
    let survey_script = dir.join("survey.lua");
    std::fs::write(
        &trivial_script,
        script(&units, &form, &token, Some("/ping"), 0, load.ids, None),
    )?;
    let warm_script = dir.join("warm.lua");
    std::fs::write(
        &warm_script,
        script(&units, &form, &token, None, 1, load.ids, None),
    )?;
    std::fs::write(
        &survey_script,
        script(&units, &form, &token, None, 2, load.ids, None),
    )?;

    let trivial = wrk(&server.base, &trivial_script, load)?;
    // The same load for a few seconds first, not counted: the first run after a build or a copy
    // was often slow (cold caches), and the figures are for a server in its steady state.
    wrk(
        &server.base,
        &warm_script,
        Load {
            seconds: load.seconds.min(5),
            ..load
        },
    )?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = store.counts().await?.responses;
    let survey = wrk(&server.base, &survey_script, load)?;
    // Answers in flight when wrk stopped may still be committing.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let peak_kib = peak_rss_kib(pid).unwrap_or(0);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    let stored = store.counts().await?.responses - before;
    let acknowledged = survey.successes();
    if stored < acknowledged || stored > acknowledged + u64::from(load.connections) {
        return Err(BenchError::Failed(format!(
            "{engine}: wrk saw {acknowledged} answers acknowledged but {stored} were stored \
             (at most {} may be in flight when wrk stops)",
            load.connections
        )));
    }
    for (code, _) in &units {
        let Some(unit) = store.unit(code).await? else {
            continue;
        };
        for counted in [Counted::Valid, Counted::Flagged] {
            let tally = store.unit_tally(unit.id, today, today, counted).await?;
            let raw = store
                .unit_tally_from_responses(unit.id, today, today, counted)
                .await?;
            if tally != raw {
                return Err(BenchError::Failed(format!(
                    "{engine}: the tally of {code} differs from its rows after the run"
                )));
            }
        }
    }
    store.close().await;
    Ok(EngineRun {
        engine,
        held,
        trivial,
        survey,
        stored,
        idle_kib,
        peak_kib,
    })
}

/// The section of `docs/PERFORMANCE.md`.
pub fn section(runs: &[EngineRun], load: Load, machine: &str, today: &str) -> String {
    let rows: Vec<String> = runs
        .iter()
        .flat_map(|r| {
            [
                format!(
                    "| {} | trivial handler (`/ping`) | {:.0} | {:.1} ms | {:.1} ms | {:.0} ms | {} | |",
                    r.engine,
                    r.trivial.per_second(),
                    r.trivial.p50_ms,
                    r.trivial.p99_ms,
                    r.trivial.max_ms,
                    r.trivial.errors()
                ),
                format!(
                    "| {} | survey answer (`POST /s/…`) | **{:.0}** | {:.1} ms | {:.1} ms | {:.0} ms | {} | {:.0} % |",
                    r.engine,
                    r.survey.per_second(),
                    r.survey.p50_ms,
                    r.survey.p99_ms,
                    r.survey.max_ms,
                    r.survey.errors(),
                    100.0 * r.survey.per_second() / r.trivial.per_second().max(1.0)
                ),
            ]
        })
        .collect();
    let memory: Vec<String> = runs
        .iter()
        .map(|r| {
            format!(
                "| {} | {} | {} | {:.1} MiB | {:.1} MiB |",
                r.engine,
                r.held,
                r.stored,
                r.idle_kib as f64 / 1024.0,
                r.peak_kib as f64 / 1024.0
            )
        })
        .collect();
    format!(
        "## Submissions\n\n\
         Measured {today} on {machine} by `scripts/bench.sh submit`: wrk {threads} threads, \
         {conns} connections, {secs} s per run (the survey's after {warm} s of the same load, not \
         counted), on the same two cores as the release `ikm serve`; \
         each request a distinct valid answer ({ids}, random service and scores, own \
         device cookie) to one of up to 300 units, posted like the offline queue posts \
         (`Accept: application/json`); the trivial handler gets the same requests. Durability as \
         shipped: group commit, each batch one transaction, durable before any answer in it is \
         acknowledged (SQLite: committed with `synchronous=NORMAL`, then its write-ahead log \
         fsynced by the sync step, which overlaps the next batch; PostgreSQL `fsync=on`, \
         `synchronous_commit=on`). \
         After each run every acknowledged answer was found stored once and the tallies equal the \
         rows.\n\n\
         | engine | target | requests/s | p50 | p99 | max | errors | of trivial |\n\
         |---|---|---|---|---|---|---|---|\n{}\n\n\
         | engine | responses held | stored by the run | server memory idle | peak under load |\n\
         |---|---|---|---|---|\n{}\n",
        rows.join("\n"),
        memory.join("\n"),
        threads = load.threads,
        conns = load.connections,
        secs = load.seconds,
        warm = load.seconds.min(5),
        ids = load.ids.described(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_is_read() {
        let out = "Running 10s test\nIKM-BENCH requests=1200 duration_us=2000000 status_errors=3 \
                   socket_errors=1 p50_us=1500 p99_us=12000 max_us=30000\n";
        let run = parse_done(out).expect("parsed");
        assert_eq!(run.requests, 1200);
        assert_eq!(run.per_second(), 600.0);
        assert_eq!(run.errors(), 4);
        assert_eq!(run.successes(), 1197);
        assert_eq!((run.p50_ms, run.p99_ms, run.max_ms), (1.5, 12.0, 30.0));
        assert!(parse_done("no summary").is_err());
    }

    #[test]
    fn hidden_values_are_read_from_the_page() {
        let html = r#"<form><input type="hidden" name="id" value="abc-1"/><input value="t+1" type="hidden" name="token"></form>"#;
        assert_eq!(hidden_value(html, "id").as_deref(), Some("abc-1"));
        assert_eq!(hidden_value(html, "token").as_deref(), Some("t+1"));
        assert_eq!(hidden_value(html, "other"), None);
    }

    #[test]
    fn the_script_names_every_unsur_and_unit() {
        let lua = script(
            &[("u-1".into(), vec![4, 5])],
            "f",
            "t",
            None,
            7,
            Ids::V7,
            None,
        );
        for unsur in ikm_domain::Unsur::ALL {
            assert!(lua.contains(&format!("\"{}\"", unsur.key())));
        }
        assert!(lua.contains("{\"u-1\", {4, 5}}"));
        assert!(lua.contains("fixed_path, run, ids = \"f\", \"t\", nil, 7, \"v7\""));
        let ping = script(
            &[("u-1".into(), vec![4])],
            "f",
            "t",
            Some("/ping"),
            0,
            Ids::V4,
            None,
        );
        assert!(ping.contains("codes_path, code_threads = nil, 1"));
        let invited = script(
            &[("u-1".into(), vec![4])],
            "f",
            "t",
            None,
            3,
            Ids::V7,
            Some(Invited {
                codes: Path::new("/tmp/codes.tsv"),
                threads: 2,
            }),
        );
        assert!(invited.contains("codes_path, code_threads = \"/tmp/codes.tsv\", 2"));
        assert!(invited.contains("\"undangan=\" .. invitation"));
        assert!(ping.contains("fixed_path, run, ids = \"f\", \"t\", \"/ping\", 0, \"v4\""));
    }
}
