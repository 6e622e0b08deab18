//! Checkpoints of SQLite's write-ahead log, taken beside the answers' writer instead of in it.
//!
//! A checkpoint copies the pages the log holds back into the database file and syncs that file.
//! By default SQLite takes one inside whichever commit brings the log past 1 000 pages, so under
//! load every ~16th batch of answers also paid for copying everyone's pages: measured, the writer
//! spent about 40 % of its time there (`docs/PERFORMANCE.md`). The writer's connection therefore
//! turns that off (`wal_autocheckpoint=0`) and a task of the store's own takes the checkpoints on
//! another connection, so they run on the other core while the writer goes on committing:
//! - after the writer's commits (it wakes the task), at most once per [`Policy::every`], a PASSIVE
//!   checkpoint copies what the log holds. It waits for no one: the writer appends and readers
//!   read while it runs. Small and frequent passes keep each sync of the database file short, so a
//!   commit's own sync rarely queues behind a large one (at 10M responses, passes every 100 ms
//!   left a p99 of 39–62 ms; every 10–50 ms, 27–33 ms). An idle server takes one pass per
//!   [`Policy::idle`], which also folds in what the other connections wrote;
//! - a passive checkpoint can never let the log start over while the writer never pauses (the log
//!   restarts only when a new write finds it all copied). Once the log holds
//!   [`Policy::restart_at`] pages, a RESTART checkpoint waits for the batch in progress, holds the
//!   next one back while it copies the little a passive pass left, and so lets the next batch
//!   write the log from its start: the file stops growing;
//! - a RESTART also waits for the readers still reading from the log, and the writer waits with
//!   it. A long read (an export, a report) would hold every answer back for the pool's whole busy
//!   timeout (10 s), again at each pass. So a RESTART waits at most [`Policy::restart_wait`]; when
//!   it gives up, the writer goes on, the log keeps growing a little longer, and the next RESTART
//!   is tried after [`Policy::restart_retry`].
//!
//! Durability does not change: a batch is acknowledged after its commit is synced in the log
//! (by the group commit's sync step, `Store::sync_stored`), a checkpoint syncs the log before it
//! copies and the database file after (its connection is `synchronous=FULL`), and after a crash
//! SQLite replays from the log what no checkpoint copied. The other connections keep SQLite's own
//! checkpoints; they write rarely.

use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// When the task takes checkpoints.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The least time between two passes while the writer writes.
    pub every: Duration,
    /// The most time between two passes, written to or not.
    pub idle: Duration,
    /// Log pages from which a checkpoint makes the log start over (4 KiB each).
    pub restart_at: i64,
    /// The longest a RESTART waits for the batch in progress, then for the readers (holding the
    /// writer back meanwhile), before it gives up.
    pub restart_wait: Duration,
    /// After a RESTART that gave up, how long the passes stay passive before the next one.
    pub restart_retry: Duration,
}

impl Policy {
    /// What the server runs with: a passive pass at most every 25 ms under load and every second
    /// when idle; the log starts over once it holds 512 MiB. A RESTART holds the writer back
    /// while it waits for the readers, measured at 10M from ~20 ms up to 1.2 s; at 128 MiB one ran
    /// every ~1.2 s under full load, while at 512 MiB the log started over by itself first (no
    /// RESTART in a 25 s run) and the p99 stayed at 23–26 ms (docs/PERFORMANCE.md). A RESTART
    /// waits for readers at most 100 ms, and one that gave up is tried again a second later: while
    /// a long read holds the log, the writer loses at most a tenth of its time to them.
    pub const SERVER: Policy = Policy {
        every: Duration::from_millis(25),
        idle: Duration::from_secs(1),
        restart_at: 131_072,
        restart_wait: Duration::from_millis(100),
        restart_retry: Duration::from_secs(1),
    };
}

/// What one checkpoint reported (`PRAGMA wal_checkpoint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Whether it was kept from finishing (by a writer or readers).
    pub busy: bool,
    /// Pages in the log.
    pub log: i64,
    /// Of those, pages now copied into the database file.
    pub copied: i64,
}

/// Reads the row `PRAGMA wal_checkpoint(…)` answers.
fn report((busy, log, copied): (i64, i64, i64)) -> Report {
    Report {
        busy: busy != 0,
        log,
        copied,
    }
}

/// A RESTART checkpoint on one of the pool's connections, whose busy timeout is `wait` for it
/// (and set back after: a connection that cannot be set back is closed, not pooled).
async fn restart(pool: &SqlitePool, wait: Duration) -> Result<Report, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let (timeout,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
        .fetch_one(&mut *connection)
        .await?;
    let waiting = format!("PRAGMA busy_timeout = {}", wait.as_millis());
    sqlx::query(&waiting)
        .persistent(false)
        .execute(&mut *connection)
        .await?;
    let restarted = sqlx::query_as("PRAGMA wal_checkpoint(RESTART)")
        .fetch_one(&mut *connection)
        .await;
    let set_back = format!("PRAGMA busy_timeout = {timeout}");
    let set_back = sqlx::query(&set_back)
        .persistent(false)
        .execute(&mut *connection)
        .await;
    if set_back.is_err() {
        drop(connection.detach());
    }
    let restarted = report(restarted?);
    set_back?;
    Ok(restarted)
}

/// The checkpoints' passes, and when the next RESTART may run.
pub struct Passes {
    pool: SqlitePool,
    policy: Policy,
    /// Set by a RESTART that gave up: none runs before then.
    restart_after: Option<Instant>,
}

impl Passes {
    pub fn new(pool: SqlitePool, policy: Policy) -> Passes {
        Passes {
            pool,
            policy,
            restart_after: None,
        }
    }

    /// One pass: a passive checkpoint, then a restarting one when the log has grown to the limit
    /// (unless one gave up less than `restart_retry` ago).
    pub async fn pass(&mut self) -> Result<Report, sqlx::Error> {
        let passive = report(
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&self.pool)
                .await?,
        );
        let held_back = self.restart_after.is_some_and(|at| Instant::now() < at);
        if passive.log < self.policy.restart_at || held_back {
            return Ok(passive);
        }
        let started = Instant::now();
        let restarted = restart(&self.pool, self.policy.restart_wait).await?;
        self.restart_after = restarted
            .busy
            .then(|| Instant::now() + self.policy.restart_retry);
        tracing::debug!(
            log = passive.log,
            busy = restarted.busy,
            ms = started.elapsed().as_secs_f64() * 1e3,
            "a RESTART checkpoint (busy: it gave up waiting, the log goes on growing)"
        );
        Ok(restarted)
    }
}

/// Starts the task on the current tokio runtime; `wrote` wakes it (the writer's commits). It ends
/// when the pool is closed; the store also aborts it when dropped.
pub fn start(pool: SqlitePool, policy: Policy, wrote: Arc<Notify>) -> tokio::task::JoinHandle<()> {
    let mut passes = Passes::new(pool.clone(), policy);
    tokio::spawn(async move {
        loop {
            // Woken by a commit, or after `idle` without one (a permit left by a commit during
            // the last pass wakes it at once).
            let _ = tokio::time::timeout(policy.idle, wrote.notified()).await;
            if pool.is_closed() {
                break;
            }
            if let Err(error) = passes.pass().await {
                if pool.is_closed() {
                    break;
                }
                tracing::warn!(%error, "a checkpoint of the write-ahead log failed");
            }
            tokio::time::sleep(policy.every).await;
        }
    })
}
