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
//! A batch that fails as a whole (say one row breaks a rule of the schema) is retried one answer at
//! a time, so one bad answer cannot fail its neighbours; each post gets its own error.

use app::store::{NewResponse, RecordOutcome, SharedStore, StoreError, StoreResult};
use tokio::sync::{mpsc, oneshot};

/// The most answers stored in one transaction.
pub const MAX_BATCH: usize = 256;
/// Posts that may wait for the writer before a new one waits for room (back-pressure).
const QUEUE: usize = 4 * MAX_BATCH;

struct Job {
    response: NewResponse,
    reply: oneshot::Sender<StoreResult<RecordOutcome>>,
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

    /// Stores one response (with its tally) and returns its outcome once it is committed.
    pub async fn record(&self, response: NewResponse) -> StoreResult<RecordOutcome> {
        let (reply, outcome) = oneshot::channel();
        let stopped = || StoreError::Database("the writer has stopped".into());
        self.jobs
            .send(Job { response, reply })
            .await
            .map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

async fn write_batches(store: SharedStore, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    // `recv_many` waits for the first job, then takes what else is waiting, up to the limit.
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let batch: Vec<NewResponse> = jobs.iter().map(|j| j.response.clone()).collect();
        match store.record_responses(&batch).await {
            Ok(outcomes) if outcomes.len() == jobs.len() => {
                for (job, outcome) in jobs.drain(..).zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
            }
            Ok(_) | Err(_) if jobs.len() > 1 => {
                tracing::warn!(
                    answers = jobs.len(),
                    "a batch of answers failed as a whole; storing them one by one"
                );
                for job in jobs.drain(..) {
                    let outcome = store
                        .record_responses(std::slice::from_ref(&job.response))
                        .await
                        .and_then(|mut outcomes| {
                            outcomes.pop().ok_or_else(|| {
                                StoreError::Database("no outcome for a stored answer".into())
                            })
                        });
                    let _ = job.reply.send(outcome);
                }
            }
            Ok(_) => {
                for job in jobs.drain(..) {
                    let _ = job.reply.send(Err(StoreError::Database(
                        "no outcome for a stored answer".into(),
                    )));
                }
            }
            Err(error) => {
                for job in jobs.drain(..) {
                    let _ = job.reply.send(Err(error.clone()));
                }
            }
        }
    }
}
