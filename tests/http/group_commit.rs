//! Group commit (`server/src/group_commit.rs`): answers posted at the same moment are stored
//! together, each acknowledged only after its batch is committed, every one exactly once, and one
//! bad answer in a batch fails alone.

use crate::support::assert_tallies_equal_rows;
use crate::survey::{answers_fields, fresh_form, unit_id, with};
use crate::{app, form_body};
use app::store::{NewResponse, Profile, RecordOutcome};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use ikm::group_commit::Writer;
use ikm_domain::submission::{Channel, Circumstances, Flag};
use ikm_domain::{Answers, Lang, Score};
use tokio::task::JoinSet;
use tower::ServiceExt;
use uuid::Uuid;

const UNIT: &str = "1871-disdukcapil";
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_posted_at_once_are_each_stored_once_and_acknowledged_after_storing() {
    let app = app().await;
    let unit_id = unit_id(&app).await;
    let before = app.store.counts().await.expect("counts").responses;
    let (form, token) = fresh_form(&app).await;
    let ids: Vec<Uuid> = (0..150).map(|_| Uuid::new_v4()).collect();
    let post = |id: Uuid, n: usize| {
        let values = [1 + (n % 4) as u8, 4, 3, 2, 4, 3, 4, 4, 3];
        let fields = with(
            answers_fields(values),
            &[("id", &id.to_string()), ("form", &form), ("token", &token)],
        );
        Request::post(format!("/s/{UNIT}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, format!("ikm_device=device-{n}"))
            .body(Body::from(form_body(&fields)))
            .expect("request")
    };
    // 150 answers and, mixed in, 30 of them sent a second time (a queue retrying).
    let mut posts = JoinSet::new();
    for (n, id) in ids.iter().enumerate() {
        posts.spawn(app.router.clone().oneshot(post(*id, n)));
        if n % 5 == 0 {
            posts.spawn(app.router.clone().oneshot(post(*id, n)));
        }
    }
    let mut acknowledged = 0;
    while let Some(done) = posts.join_next().await {
        let reply = done.expect("task").expect("router");
        assert_eq!(reply.status(), StatusCode::OK);
        acknowledged += 1;
    }
    assert_eq!(acknowledged, 180);
    assert_eq!(
        app.store.counts().await.expect("counts").responses,
        before + 150,
        "each answer stored once"
    );
    for id in &ids {
        assert!(
            app.store.response(*id).await.expect("store").is_some(),
            "{id} acknowledged and stored"
        );
    }
    assert_tallies_equal_rows(app.store.as_ref(), unit_id).await;
}

fn answer(unit_id: i64, values: [u8; 9]) -> NewResponse {
    NewResponse {
        id: Uuid::new_v4(),
        unit_id,
        service_id: None,
        counter_tag: String::new(),
        mpp_id: None,
        channel: Channel::Qr,
        received_at: Utc::now(),
        answers: Answers::complete(values.map(|v| Score::new(v).expect("1..=4"))),
        profile: Profile::default(),
        comment: None,
        lang: Lang::Id,
        flag: None,
        device_hash: None,
        seconds_on_form: Some(60),
        invitation: None,
        contact: None,
    }
}

// One thread: every answer below is handed to the writer before it runs, so they meet in one batch.
#[tokio::test]
async fn one_bad_answer_in_a_batch_fails_alone_and_the_others_are_stored() {
    let app = app().await;
    let unit_id = unit_id(&app).await;
    let before = app.store.counts().await.expect("counts").responses;
    let writer = Writer::start(app.store.clone());
    let good: Vec<NewResponse> = (0..10).map(|_| answer(unit_id, [4; 9])).collect();
    let orphan = answer(i64::MAX, [3; 9]); // no such unit: the database refuses it
    let mut other_answers = good[0].clone();
    other_answers.answers = Answers::complete([Score::new(1).expect("1"); 9]);

    let mut jobs = JoinSet::new();
    for (n, response) in good
        .iter()
        .cloned()
        .chain([orphan, other_answers])
        .enumerate()
    {
        let writer = writer.clone();
        let circumstances = Circumstances {
            channel: Channel::Qr,
            honeypot_filled: false,
            seconds_on_form: Some(60),
            recent_from_device: 0,
        };
        jobs.spawn(async move {
            let recorded = writer.record(response, circumstances).await;
            (n, recorded.map(|r| r.outcome))
        });
    }
    let mut outcomes = Vec::new();
    while let Some(done) = jobs.join_next().await {
        outcomes.push(done.expect("task"));
    }
    outcomes.sort_by_key(|(n, _)| *n);
    for (n, outcome) in &outcomes[..10] {
        assert_eq!(
            outcome.as_ref().ok(),
            Some(&RecordOutcome::Stored),
            "good answer {n}"
        );
    }
    assert!(
        outcomes[10].1.is_err(),
        "the orphan fails: {:?}",
        outcomes[10]
    );
    assert_eq!(
        outcomes[11].1.as_ref().ok(),
        Some(&RecordOutcome::Conflict),
        "the same id with other answers"
    );
    assert_eq!(
        app.store.counts().await.expect("counts").responses,
        before + 10
    );
    for response in &good {
        let stored = app
            .store
            .response(response.id)
            .await
            .expect("store")
            .expect("stored");
        assert_eq!(
            stored.response.answers, response.answers,
            "the first answers are kept"
        );
    }
    assert_tallies_equal_rows(app.store.as_ref(), unit_id).await;
}

/// Hands `count` answers from one phone to the writer at once and returns their flags in order.
/// Called on a one-thread runtime, they meet in one batch.
async fn flags_of_one_batch(writer: &Writer, unit_id: i64, count: usize) -> Vec<Option<Flag>> {
    let mut jobs = JoinSet::new();
    for n in 0..count {
        let mut response = answer(unit_id, [4; 9]);
        response.device_hash = Some("one-phone".into());
        response.received_at = Utc::now() + chrono::Duration::milliseconds(n as i64);
        let circumstances = Circumstances {
            channel: Channel::Qr,
            honeypot_filled: false,
            seconds_on_form: Some(60),
            recent_from_device: 0,
        };
        let writer = writer.clone();
        jobs.spawn(async move { (n, writer.record(response, circumstances).await) });
    }
    let mut flags = Vec::new();
    while let Some(done) = jobs.join_next().await {
        let (n, recorded) = done.expect("task");
        let recorded = recorded.expect("stored");
        assert_eq!(recorded.outcome, RecordOutcome::Stored);
        flags.push((n, recorded.flag));
    }
    flags.sort_by_key(|(n, _)| *n);
    flags.into_iter().map(|(_, f)| f).collect()
}

// One thread, so the five answers meet in one batch: the rate rule counts answers from the same
// phone earlier in the batch as well as stored ones.
#[tokio::test]
async fn answers_from_one_phone_at_the_same_moment_count_for_the_rate_rule() {
    let app = app().await;
    let unit_id = unit_id(&app).await;
    let writer = Writer::start(app.store.clone());
    let limit = Channel::Qr.rate_limit() as usize;
    let flags = flags_of_one_batch(&writer, unit_id, limit + 2).await;
    let mut expected = vec![None; limit];
    expected.extend([Some(Flag::RateLimit); 2]);
    assert_eq!(flags, expected);
    assert_tallies_equal_rows(app.store.as_ref(), unit_id).await;
}

// A phone's stored answer counts once for each of its answers in a later batch, however many of
// them the batch holds (the batch asks about the same phone several times in one statement).
#[tokio::test]
async fn a_stored_answer_counts_once_for_a_batch_with_several_from_the_same_phone() {
    let app = app().await;
    let unit_id = unit_id(&app).await;
    let writer = Writer::start(app.store.clone());
    let limit = Channel::Qr.rate_limit() as usize;
    assert_eq!(flags_of_one_batch(&writer, unit_id, 1).await, vec![None]);
    // With one stored, the batch's answer number `limit` (counting the stored one) is the last
    // allowed: the rule flags from `limit` answers before it on.
    let flags = flags_of_one_batch(&writer, unit_id, limit + 1).await;
    let mut expected = vec![None; limit - 1];
    expected.extend([Some(Flag::RateLimit); 2]);
    assert_eq!(flags, expected);
}

// Under load the flag step decides a round while the writer stores the rounds before it. One
// phone's answers, posted a millisecond apart among many other phones' answers, land in rounds
// side by side; each still counts the phone's answers flagged before it, committed or not: exactly
// `limit` of them are let through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_phones_answers_spread_over_rounds_in_flight_together_count_for_the_rate_rule() {
    let app = app().await;
    let unit_id = unit_id(&app).await;
    let writer = Writer::start(app.store.clone());
    let limit = Channel::Qr.rate_limit() as usize;
    let circumstances = Circumstances {
        channel: Channel::Qr,
        honeypot_filled: false,
        seconds_on_form: Some(60),
        recent_from_device: 0,
    };
    let mut others = JoinSet::new();
    for n in 0..600 {
        let mut response = answer(unit_id, [3; 9]);
        response.device_hash = Some(format!("another-phone-{n}"));
        let writer = writer.clone();
        others.spawn(async move { writer.record(response, circumstances).await });
    }
    let mut phone = JoinSet::new();
    for _ in 0..4 * limit {
        let mut response = answer(unit_id, [4; 9]);
        response.device_hash = Some("one-busy-phone".into());
        let writer = writer.clone();
        phone.spawn(async move { writer.record(response, circumstances).await });
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    let mut let_through = 0;
    while let Some(done) = phone.join_next().await {
        let recorded = done.expect("task").expect("stored");
        assert_eq!(recorded.outcome, RecordOutcome::Stored);
        if recorded.flag.is_none() {
            let_through += 1;
        } else {
            assert_eq!(recorded.flag, Some(Flag::RateLimit));
        }
    }
    while let Some(done) = others.join_next().await {
        assert_eq!(done.expect("task").expect("stored").flag, None);
    }
    assert_eq!(
        let_through, limit,
        "the phone's answers past the limit are flagged"
    );
    assert_tallies_equal_rows(app.store.as_ref(), unit_id).await;
}

/// A stand-in for the storage that records what its disk holds: a commit is visible at once, a
/// sync makes every commit before it durable after a pause (or fails, when told to).
#[derive(Default)]
struct Disk {
    committed: std::sync::Mutex<Vec<Uuid>>,
    durable: std::sync::Mutex<std::collections::HashSet<Uuid>>,
    syncs: std::sync::atomic::AtomicUsize,
    fail_syncs: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl ikm::group_commit::AnswerStore for Disk {
    async fn device_answers_since(
        &self,
        asked: &[app::store::DeviceAsk],
    ) -> app::store::StoreResult<Vec<Vec<Uuid>>> {
        Ok(vec![Vec::new(); asked.len()])
    }

    async fn record_responses_unsynced(
        &self,
        responses: &[NewResponse],
    ) -> app::store::StoreResult<Vec<RecordOutcome>> {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        let mut committed = self.committed.lock().expect("lock");
        committed.extend(responses.iter().map(|r| r.id));
        Ok(vec![RecordOutcome::Stored; responses.len()])
    }

    async fn sync_stored(&self) -> app::store::StoreResult<()> {
        use std::sync::atomic::Ordering;
        let written: Vec<Uuid> = self.committed.lock().expect("lock").clone();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        if self.fail_syncs.load(Ordering::SeqCst) {
            return Err(app::store::StoreError::Failed("the disk failed".into()));
        }
        self.durable.lock().expect("lock").extend(written);
        self.syncs.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// Posts `n` answers at once through a writer on `disk`; each post's id and result.
async fn post_all(
    disk: &std::sync::Arc<Disk>,
    n: usize,
) -> Vec<(Uuid, app::store::StoreResult<RecordOutcome>)> {
    let writer = Writer::start(disk.clone());
    let mut jobs = JoinSet::new();
    for _ in 0..n {
        let writer = writer.clone();
        let response = answer(1, [4; 9]);
        let circumstances = Circumstances {
            channel: Channel::Qr,
            honeypot_filled: false,
            seconds_on_form: Some(60),
            recent_from_device: 0,
        };
        let disk = disk.clone();
        jobs.spawn(async move {
            let id = response.id;
            let recorded = writer.record(response, circumstances).await;
            // Checked the moment the post is answered.
            let durable = disk.durable.lock().expect("lock").contains(&id);
            (id, recorded.map(|r| (r.outcome, durable)))
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = jobs.join_next().await {
        let (id, result) = joined.expect("post");
        results.push((
            id,
            result.map(|(outcome, durable)| {
                assert!(
                    durable,
                    "{id} was answered before the sync that made it durable"
                );
                outcome
            }),
        ));
    }
    results
}

/// The writer stores the next batch while the disk syncs the last one, but answers no post before
/// the sync that covers its answer; one sync serves every batch waiting for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_post_is_answered_before_the_sync_that_makes_its_answer_durable() {
    let disk = std::sync::Arc::new(Disk::default());
    let results = post_all(&disk, 400).await;
    assert_eq!(results.len(), 400);
    for (id, result) in &results {
        assert_eq!(result.as_ref().ok(), Some(&RecordOutcome::Stored), "{id}");
    }
    let syncs = disk.syncs.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        (1..400).contains(&syncs),
        "{syncs} syncs for 400 answers: the batches waiting share one"
    );
}

/// A sync that fails fails the posts whose answers it should have made durable: none is thanked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sync_answers_its_posts_with_an_error() {
    let disk = std::sync::Arc::new(Disk::default());
    disk.fail_syncs
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let results = post_all(&disk, 50).await;
    assert_eq!(results.len(), 50);
    for (id, result) in &results {
        assert!(
            result.is_err(),
            "{id} was thanked without a sync: {result:?}"
        );
    }
}
