//! Group commit: citizens' answers that arrive at the same moment are stored together.
//!
//! Each survey post hands its response to one writer task and waits for its own outcome. The
//! writer takes everything waiting (up to [`MAX_BATCH`]), stores it with `Store::record_responses`
//! in **one transaction** — one fsync on SQLite (`synchronous=FULL`), one commit on PostgreSQL —
//! and only after the commit answers each post. Nothing is acknowledged before it is durable, so
//! an answer the citizen was thanked for survives a crash or a power cut; under load a batch holds
//! tens of answers and they share the disk's sync. With one post at a time a batch is one answer
//! and costs what a direct write costs.
//!
//! The writer also decides each answer's abuse flag (`ikm_domain::submission::assess`), because
//! the rate rule needs how often the device answered the unit lately: one statement asks that for
//! the whole batch, and answers earlier in the same batch count too (two posts from one phone at
//! the same moment are seen as two).
//!
//! A batch that fails as a whole (say one row breaks a rule of the schema) is retried one answer at
//! a time, so one bad answer cannot fail its neighbours; each post gets its own error.

use app::store::{DeviceAsk, NewResponse, RecordOutcome, SharedStore, StoreError, StoreResult};
use ikm_domain::submission::{assess, Circumstances, Flag};
use tokio::sync::{mpsc, oneshot};

/// The most answers stored in one transaction.
pub const MAX_BATCH: usize = 256;
/// Posts that may wait for the writer before a new one waits for room (back-pressure).
const QUEUE: usize = 4 * MAX_BATCH;

struct Job {
    response: NewResponse,
    /// What the flag is decided on; `recent_from_device` is filled in by the writer.
    circumstances: Circumstances,
    reply: oneshot::Sender<StoreResult<Recorded>>,
}

/// What became of one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub outcome: RecordOutcome,
    /// The abuse rule it broke, if any (it is stored and thanked all the same, but not counted).
    pub flag: Option<Flag>,
}

/// The handle request handlers use; cheap to clone. The writer task ends when every handle is
/// dropped, after storing what was already handed to it.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: SharedStore) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(store, queue));
        Writer { jobs }
    }

    /// Flags (by `circumstances` and the device's recent answers) and stores one response with its
    /// tally; returns once it is committed.
    pub async fn record(
        &self,
        response: NewResponse,
        circumstances: Circumstances,
    ) -> StoreResult<Recorded> {
        let (reply, outcome) = oneshot::channel();
        let stopped = || StoreError::Database("the writer has stopped".into());
        let job = Job {
            response,
            circumstances,
            reply,
        };
        self.jobs.send(job).await.map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

/// Counts each answer's recent answers from its device (stored, and earlier in this batch) and
/// decides its flag.
async fn decide_flags(store: &SharedStore, jobs: &mut [Job]) -> StoreResult<()> {
    let asked: Vec<(usize, DeviceAsk)> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, job)| {
            let r = &job.response;
            let window = chrono::Duration::seconds(job.circumstances.channel.rate_window_secs());
            r.device_hash.as_ref().map(|hash| {
                let ask = DeviceAsk {
                    unit_id: r.unit_id,
                    device_hash: hash.clone(),
                    since: r.received_at - window,
                };
                (i, ask)
            })
        })
        .collect();
    let questions: Vec<DeviceAsk> = asked.iter().map(|(_, ask)| ask.clone()).collect();
    let stored = store.device_submissions_since(&questions).await?;
    for ((i, ask), stored) in asked.iter().zip(stored) {
        let earlier = jobs[..*i]
            .iter()
            .filter(|j| {
                j.response.unit_id == ask.unit_id
                    && j.response.device_hash.as_deref() == Some(ask.device_hash.as_str())
                    && j.response.received_at >= ask.since
            })
            .count() as u64;
        jobs[*i].circumstances.recent_from_device = stored + earlier;
    }
    for job in jobs.iter_mut() {
        job.response.flag = assess(&job.circumstances);
    }
    Ok(())
}

async fn write_batches(store: SharedStore, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    // `recv_many` waits for the first job, then takes what else is waiting, up to the limit.
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        if let Err(error) = decide_flags(&store, &mut jobs).await {
            fail_all(&mut jobs, &error);
            continue;
        }
        let batch: Vec<NewResponse> = jobs.iter().map(|j| j.response.clone()).collect();
        let started = std::time::Instant::now();
        let stored = store.record_responses(&batch).await.and_then(|outcomes| {
            (outcomes.len() == batch.len())
                .then_some(outcomes)
                .ok_or_else(no_outcome)
        });
        match stored {
            Ok(outcomes) => {
                let took = started.elapsed();
                tracing::debug!(
                    answers = batch.len(),
                    ms = took.as_millis() as u64,
                    "batch committed"
                );
                if took > std::time::Duration::from_secs(1) {
                    tracing::warn!(
                        answers = batch.len(),
                        ms = took.as_millis() as u64,
                        "a slow batch"
                    );
                }
                crate::metrics::batch(batch.len());
                for (job, outcome) in jobs.drain(..).zip(outcomes) {
                    let flag = job.response.flag;
                    answer(job, Ok(Recorded { outcome, flag }));
                }
            }
            Err(_) if jobs.len() > 1 => {
                tracing::warn!(
                    answers = jobs.len(),
                    "a batch of answers failed as a whole; storing them one by one"
                );
                for job in jobs.drain(..) {
                    let flag = job.response.flag;
                    let outcome = store
                        .record_responses(std::slice::from_ref(&job.response))
                        .await
                        .and_then(|mut outcomes| outcomes.pop().ok_or_else(no_outcome))
                        .map(|outcome| Recorded { outcome, flag });
                    answer(job, outcome);
                }
            }
            Err(error) => fail_all(&mut jobs, &error),
        }
    }
}

fn no_outcome() -> StoreError {
    StoreError::Database("no outcome for a stored answer".into())
}

/// Answers every post of the batch with the same error.
fn fail_all(jobs: &mut Vec<Job>, error: &StoreError) {
    for job in jobs.drain(..) {
        let _ = job.reply.send(Err(error.clone()));
    }
}

/// Answers one post (and counts its outcome in `/metrics`).
fn answer(job: Job, result: StoreResult<Recorded>) {
    if let Ok(recorded) = &result {
        crate::metrics::answer(recorded);
    }
    let _ = job.reply.send(result);
}
