//! What a unit head is promised: every answer a citizen was thanked for is counted exactly once,
//! whatever happens to the server. Citizens' phones post answers to a running release `ikm serve`
//! (as production runs it; `scripts/test.sh` builds it) while it is killed outright (SIGKILL, as a
//! power cut or the OOM killer would) or asked to stop (SIGTERM); afterwards every acknowledged answer is stored, the phones' retries of them store nothing more,
//! and the tallies equal the rows. On SQLite, and on PostgreSQL with `IKM_TEST_ENGINE=postgres`.

use crate::support::{assert_tallies_equal_rows, Server};
use app::store::SharedStore;
use app::survey::server::sign_form;
use chrono::{Duration, Utc};
use ikm_domain::Unsur;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

const UNIT: &str = "1871-dpmptsp";

/// What the phones saw.
#[derive(Default)]
struct Seen {
    /// Answers the server acknowledged (200): their id and which answers they carried.
    acknowledged: Vec<(Uuid, usize)>,
    /// Answers sent without an answer back (the server went away meanwhile): stored or not.
    unanswered: usize,
}

fn answer(id: &Uuid, form: &str, token: &str, n: usize) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Unsur::ALL
        .iter()
        .map(|u| (u.key().to_string(), (1 + (n + u.index()) % 4).to_string()))
        .collect();
    fields.push(("id".into(), id.to_string()));
    fields.push(("form".into(), form.into()));
    fields.push(("token".into(), token.into()));
    fields
}

/// Twelve phones posting answers one after the other until the server stops answering.
fn phones(
    base: &str,
    form: &str,
    token: &str,
) -> (Arc<Mutex<Seen>>, Vec<tokio::task::JoinHandle<()>>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client");
    let tasks = (0..12)
        .map(|phone| {
            let (seen, client) = (seen.clone(), client.clone());
            let (url, form, token) = (
                format!("{base}/s/{UNIT}"),
                form.to_string(),
                token.to_string(),
            );
            tokio::spawn(async move {
                for n in 0.. {
                    let id = Uuid::new_v4();
                    let sent = client
                        .post(&url)
                        .header("accept", "application/json")
                        .header("cookie", format!("ikm_device=phone-{phone}-{n}"))
                        .form(&answer(&id, &form, &token, n))
                        .send()
                        .await;
                    let mut seen = seen.lock().expect("seen");
                    match sent {
                        Ok(reply) if reply.status() == 200 => seen.acknowledged.push((id, n)),
                        Ok(reply) => panic!("the server answered {}", reply.status()),
                        Err(_) => {
                            seen.unanswered += 1;
                            return;
                        }
                    }
                }
            })
        })
        .collect();
    (seen, tasks)
}

async fn form_token(store: &SharedStore) -> (String, String) {
    let secret = store.secret().await.expect("secret");
    let form = Uuid::new_v4().to_string();
    let token = sign_form(&secret, &form, Utc::now() - Duration::seconds(60));
    (form, token)
}

/// Every acknowledged answer is stored, nothing beyond what was sent, tallies equal the rows, and
/// posting the acknowledged answers again (the phones' queue retrying) stores nothing more.
async fn assert_counted_once(server: &Server, store: &SharedStore, before: u64, seen: &Seen) {
    let (form, token) = form_token(store).await;
    let stored = store.counts().await.expect("counts").responses - before;
    let acknowledged = seen.acknowledged.len() as u64;
    assert!(
        acknowledged > 50,
        "the phones got answers before the stop: {acknowledged}"
    );
    assert!(
        acknowledged <= stored && stored <= acknowledged + seen.unanswered as u64,
        "{acknowledged} acknowledged, {} unanswered, {stored} stored",
        seen.unanswered
    );
    for (id, _) in &seen.acknowledged {
        assert!(
            store.response(*id).await.expect("store").is_some(),
            "acknowledged answer {id} is stored"
        );
    }
    let client = reqwest::Client::new();
    for (id, n) in seen.acknowledged.iter().rev().take(40) {
        let reply = client
            .post(server.url(&format!("/s/{UNIT}")))
            .header("accept", "application/json")
            .form(&answer(id, &form, &token, *n))
            .send()
            .await
            .expect("the server answers again");
        assert_eq!(
            reply.status(),
            200,
            "a replay of a stored answer is thanked again"
        );
    }
    assert_eq!(
        store.counts().await.expect("counts").responses - before,
        stored,
        "retries store nothing more"
    );
    // The restarted server counted them as replays; `/metrics` shows it to the machine itself.
    let metrics = reqwest::get(server.url("/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("ikm_answers_total{outcome=\"replay\"} 40"),
        "{metrics}"
    );
    let unit = store.unit(UNIT).await.expect("store").expect("demo unit");
    assert_tallies_equal_rows(store.as_ref(), unit.id).await;
}

/// Phones post to a fresh release server; after 2.5 s `stop` ends it (asserting what it must); once
/// the phones have given up, the server starts again and every acknowledged answer must be counted
/// once.
async fn stop_mid_load(stop: impl FnOnce(&mut Server)) {
    let mut server = Server::start_release();
    let store = ikm::storage::open(&server.db.url).await.expect("store");
    let before = store.counts().await.expect("counts").responses;
    let (form, token) = form_token(&store).await;
    let (seen, tasks) = phones(&server.base, &form, &token);
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    stop(&mut server);
    for task in tasks {
        task.await.expect("phone");
    }
    // Stopped: nothing listens any more.
    assert!(reqwest::get(server.url("/healthz")).await.is_err());
    server.restart();
    let seen = std::mem::take(&mut *seen.lock().expect("seen"));
    assert_counted_once(&server, &store, before, &seen).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_acknowledged_before_a_sigkill_are_all_stored_once() {
    stop_mid_load(Server::stop).await; // SIGKILL, mid-load
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_answers_in_flight_and_then_takes_no_more() {
    stop_mid_load(|server| {
        let status = server.terminate();
        assert!(status.success(), "a clean exit: {status}");
    })
    .await;
}
