//! Group commit: citizens' answers that arrive at the same moment are stored together.
//!
//! Each survey post hands its response to the writer and waits for its own outcome. The writer
//! takes everything waiting (up to [`MAX_BATCH`]), stores it with
//! `Store::record_responses_unsynced` in **one transaction** and hands the batch to the sync step,
//! which makes it durable (`Store::sync_stored`: one sync of SQLite's write-ahead log for every
//! batch waiting; on PostgreSQL the commit was durable already) and only then answers each post.
//! Nothing is acknowledged before it is durable, so an answer the citizen was thanked for survives
//! a crash or a power cut. The writer stores the next batch while the disk syncs this one; under
//! load a batch holds tens of answers and they share the commit and the sync. With one post at a
//! time a batch is one answer and costs what a direct write costs.
//!
//! Before that, each answer's abuse flag is decided (`ikm_domain::submission::assess`): the rate
//! rule needs how often the device answered the unit lately. That is a stage of its own, ahead of
//! the writer: it takes the posts waiting, asks the database about all their devices in one
//! statement, decides their flags and hands them on as a round, while the writer stores the rounds
//! before (measured at 10M responses, the question took ~1 ms of each ~7 ms batch when it ran
//! between batches). An answer counts for the rate rule from the moment it is flagged: stored
//! answers come from the database, answers flagged but not yet committed from [`InFlight`], and
//! each counts once by its id, whichever side (or both) it is seen on. So two posts from one
//! phone at the same moment are seen as two, in the same round or in rounds side by side.
//!
//! A batch that fails as a whole (say one row breaks a rule of the schema) is retried one answer at
//! a time, so one bad answer cannot fail its neighbours; each post gets its own error.

use app::store::{DeviceAsk, NewResponse, RecordOutcome, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use ikm_domain::submission::{assess, Circumstances, Flag};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// The most answers stored in one transaction.
pub const MAX_BATCH: usize = 256;
/// Posts that may wait for the flag step before a new one waits for room (back-pressure).
const QUEUE: usize = 4 * MAX_BATCH;
/// Flagged rounds that may wait for the writer, and stored batches that may wait for the sync.
const ROUNDS: usize = 64;

/// What the flag step, the writer and the sync step need of the storage: the server's `Store`,
/// or a stand-in in the tests.
#[async_trait::async_trait]
pub trait AnswerStore: Send + Sync + 'static {
    async fn device_answers_since(&self, asked: &[DeviceAsk]) -> StoreResult<Vec<Vec<Uuid>>>;
    async fn record_responses_unsynced(
        &self,
        responses: &[NewResponse],
    ) -> StoreResult<Vec<RecordOutcome>>;
    async fn sync_stored(&self) -> StoreResult<()>;
}

#[async_trait::async_trait]
impl<S: Store + ?Sized + 'static> AnswerStore for S {
    async fn device_answers_since(&self, asked: &[DeviceAsk]) -> StoreResult<Vec<Vec<Uuid>>> {
        Store::device_answers_since(self, asked).await
    }
    async fn record_responses_unsynced(
        &self,
        responses: &[NewResponse],
    ) -> StoreResult<Vec<RecordOutcome>> {
        Store::record_responses_unsynced(self, responses).await
    }
    async fn sync_stored(&self) -> StoreResult<()> {
        Store::sync_stored(self).await
    }
}

/// A stored batch's posts with their outcomes, waiting for the sync before they are answered.
type Stored = Vec<(Job, StoreResult<Recorded>)>;

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
    /// Starts the flag step, the writer and the sync step, three tasks on the current tokio
    /// runtime.
    pub fn start<S: AnswerStore + ?Sized>(store: Arc<S>) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let (rounds, flagged) = mpsc::channel(ROUNDS);
        let (stored, unsynced) = mpsc::channel(ROUNDS);
        let in_flight = Arc::new(InFlight::default());
        tokio::spawn(flag_rounds(store.clone(), queue, rounds, in_flight.clone()));
        tokio::spawn(write_batches(store.clone(), flagged, in_flight, stored));
        tokio::spawn(sync_batches(store, unsynced));
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
        let job = Job {
            response,
            circumstances,
            reply,
        };
        self.jobs.send(job).await.map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

/// An answer with a device, flagged and on its way to the writer, not yet known to be committed.
#[derive(Debug, Clone)]
struct Unstored {
    id: Uuid,
    unit_id: i64,
    device_hash: String,
    received_at: DateTime<Utc>,
}

/// The answers between their flag and their commit (a few rounds' worth): the flag step adds them,
/// the writer forgets them once their batch is committed (or failed).
#[derive(Debug, Default)]
struct InFlight(Mutex<Vec<Unstored>>);

impl InFlight {
    fn forget(&self, ids: &HashSet<Uuid>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|u| !ids.contains(&u.id));
    }
}

/// How many answers count for `ask`: the stored ones (`stored`, their ids) and those in flight to
/// the same unit from the same device since its moment, each once — an answer committed while the
/// question was asked is on both sides.
fn recent_answers(ask: &DeviceAsk, stored: &[Uuid], in_flight: &[Unstored]) -> u64 {
    let mut ids: HashSet<Uuid> = stored.iter().copied().collect();
    ids.extend(
        in_flight
            .iter()
            .filter(|u| {
                u.unit_id == ask.unit_id
                    && u.device_hash == ask.device_hash
                    && u.received_at >= ask.since
            })
            .map(|u| u.id),
    );
    ids.len() as u64
}

/// Counts each answer's recent answers from its device (stored, in flight, and earlier in this
/// round) and decides its flag; the round's answers are then in flight.
async fn decide_flags<S: AnswerStore + ?Sized>(
    store: &S,
    jobs: &mut [Job],
    in_flight: &InFlight,
) -> StoreResult<()> {
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
    let stored = store.device_answers_since(&questions).await?;
    let mut unstored = in_flight.0.lock().unwrap_or_else(PoisonError::into_inner);
    let mut answers = asked.into_iter().zip(stored).peekable();
    for (i, job) in jobs.iter_mut().enumerate() {
        if let Some(((_, ask), ids)) = answers.next_if(|((asked, _), _)| *asked == i) {
            job.circumstances.recent_from_device = recent_answers(&ask, &ids, &unstored);
            unstored.push(Unstored {
                id: job.response.id,
                unit_id: ask.unit_id,
                device_hash: ask.device_hash,
                received_at: job.response.received_at,
            });
        }
        job.response.flag = assess(&job.circumstances);
    }
    Ok(())
}

/// The flag step: takes the posts waiting, flags them as one round and hands the round on.
async fn flag_rounds<S: AnswerStore + ?Sized>(
    store: Arc<S>,
    mut queue: mpsc::Receiver<Job>,
    rounds: mpsc::Sender<Vec<Job>>,
    in_flight: Arc<InFlight>,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    // `recv_many` waits for the first job, then takes what else is waiting, up to the limit.
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let mut round = std::mem::take(&mut jobs);
        if let Err(error) = decide_flags(store.as_ref(), &mut round, &in_flight).await {
            fail_all(&mut round, &error);
            continue;
        }
        if let Err(mpsc::error::SendError(mut round)) = rounds.send(round).await {
            in_flight.forget(&round.iter().map(|j| j.response.id).collect());
            fail_all(&mut round, &stopped());
        }
    }
}

/// The writer: stores the flagged rounds waiting (up to [`MAX_BATCH`] answers) as one batch and
/// hands it to the sync step.
async fn write_batches<S: AnswerStore + ?Sized>(
    store: Arc<S>,
    mut flagged: mpsc::Receiver<Vec<Job>>,
    in_flight: Arc<InFlight>,
    synced: mpsc::Sender<Stored>,
) {
    let mut next: Option<Vec<Job>> = None;
    loop {
        let mut jobs = match next.take() {
            Some(round) => round,
            None => match flagged.recv().await {
                Some(round) => round,
                None => break,
            },
        };
        while let Ok(round) = flagged.try_recv() {
            if jobs.len() + round.len() > MAX_BATCH {
                next = Some(round);
                break;
            }
            jobs.extend(round);
        }
        let ids: HashSet<Uuid> = jobs.iter().map(|j| j.response.id).collect();
        let stored = store_batch(store.as_ref(), jobs).await;
        // Committed: the database answers for them from now on.
        in_flight.forget(&ids);
        if let Err(mpsc::error::SendError(stored)) = synced.send(stored).await {
            fail_all(
                &mut stored.into_iter().map(|(job, _)| job).collect(),
                &stopped(),
            );
        }
    }
}

/// Stores one batch, not yet synced (one by one if the batch fails as a whole), with each post's
/// outcome.
async fn store_batch<S: AnswerStore + ?Sized>(store: &S, jobs: Vec<Job>) -> Stored {
    let batch: Vec<NewResponse> = jobs.iter().map(|j| j.response.clone()).collect();
    let started = std::time::Instant::now();
    let stored = store
        .record_responses_unsynced(&batch)
        .await
        .and_then(|outcomes| {
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
            jobs.into_iter()
                .zip(outcomes)
                .map(|(job, outcome)| {
                    let flag = job.response.flag;
                    (job, Ok(Recorded { outcome, flag }))
                })
                .collect()
        }
        Err(_) if jobs.len() > 1 => {
            tracing::warn!(
                answers = jobs.len(),
                "a batch of answers failed as a whole; storing them one by one"
            );
            let mut stored = Vec::with_capacity(jobs.len());
            for job in jobs {
                let flag = job.response.flag;
                let outcome = store
                    .record_responses_unsynced(std::slice::from_ref(&job.response))
                    .await
                    .and_then(|mut outcomes| outcomes.pop().ok_or_else(no_outcome))
                    .map(|outcome| Recorded { outcome, flag });
                stored.push((job, outcome));
            }
            stored
        }
        Err(error) => jobs
            .into_iter()
            .map(|job| (job, Err(error.clone())))
            .collect(),
    }
}

/// The sync step: makes the stored batches waiting durable with one sync, then answers their
/// posts (a failed sync fails the answers it should have made durable; a retry of the same
/// rendered form then finds them stored or stores them).
async fn sync_batches<S: AnswerStore + ?Sized>(
    store: Arc<S>,
    mut unsynced: mpsc::Receiver<Stored>,
) {
    let mut waiting = Vec::with_capacity(ROUNDS);
    while unsynced.recv_many(&mut waiting, ROUNDS).await > 0 {
        let answers: Vec<(Job, StoreResult<Recorded>)> = waiting.drain(..).flatten().collect();
        let synced = if answers.iter().any(|(_, result)| result.is_ok()) {
            store.sync_stored().await
        } else {
            Ok(())
        };
        if let Err(error) = &synced {
            tracing::warn!(%error, answers = answers.len(), "syncing stored answers failed");
        }
        for (job, result) in answers {
            match (&synced, result) {
                (Err(error), Ok(_)) => answer(job, Err(error.clone())),
                (_, result) => answer(job, result),
            }
        }
    }
}

fn no_outcome() -> StoreError {
    StoreError::Failed("no outcome for a stored answer".into())
}

/// What a post is answered with when the tasks behind it have ended (the server is stopping).
fn stopped() -> StoreError {
    StoreError::Unavailable("the writer has stopped".into())
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
        crate::metrics::answer(recorded.outcome, recorded.flag);
    }
    let _ = job.reply.send(result);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unstored(id: Uuid, unit_id: i64, device: &str, minutes_ago: i64) -> Unstored {
        Unstored {
            id,
            unit_id,
            device_hash: device.into(),
            received_at: Utc::now() - chrono::Duration::minutes(minutes_ago),
        }
    }

    #[test]
    fn an_answer_counts_once_whether_stored_in_flight_or_both() {
        let [a, b, c, d, e] = [(); 5].map(|_| Uuid::new_v4());
        let ask = DeviceAsk {
            unit_id: 7,
            device_hash: "phone".into(),
            since: Utc::now() - chrono::Duration::minutes(60),
        };
        let in_flight = [
            // Committed while the question was asked: in both lists.
            unstored(a, 7, "phone", 1),
            // Still on its way.
            unstored(b, 7, "phone", 2),
            // Another unit, another phone, too long ago: not this question's.
            unstored(c, 8, "phone", 1),
            unstored(d, 7, "other", 1),
            unstored(e, 7, "phone", 61),
        ];
        assert_eq!(recent_answers(&ask, &[a], &in_flight), 2);
        assert_eq!(recent_answers(&ask, &[], &in_flight), 2);
        assert_eq!(
            recent_answers(&ask, &[a, c], &[]),
            2,
            "stored ids are the store's answer"
        );
        assert_eq!(recent_answers(&ask, &[], &[]), 0);
    }

    #[test]
    fn a_committed_batch_is_forgotten_and_the_rest_stays_in_flight() {
        let [a, b] = [(); 2].map(|_| Uuid::new_v4());
        let in_flight = InFlight::default();
        in_flight
            .0
            .lock()
            .expect("lock")
            .extend([unstored(a, 7, "phone", 1), unstored(b, 7, "phone", 1)]);
        in_flight.forget(&HashSet::from([a]));
        let left: Vec<Uuid> = in_flight
            .0
            .lock()
            .expect("lock")
            .iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(left, [b]);
    }
}
