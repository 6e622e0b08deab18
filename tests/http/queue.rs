//! What the browser's offline queue relies on: JSON answers to the survey post, the response id as
//! an idempotency key under concurrency, the time a queued answer was given, the installable app.

use crate::{app, form_body, get, send, Reply, TestApp};
use app::store::Counted;
use app::survey::server::sign_form;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use ikm_domain::{Answers, Score, Tally, Unsur};
use std::sync::Arc;

const UNIT: &str = "1871-disdukcapil";
const GOOD: [u8; 9] = [4, 3, 2, 4, 3, 4, 4, 1, 3];
const OTHER: [u8; 9] = [1, 1, 1, 1, 1, 1, 1, 1, 1];

async fn unit_tally(app: &TestApp) -> Tally {
    let id = app.store.unit(UNIT).await.expect("store").expect("unit").id;
    app.store
        .unit_tally(
            id,
            NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"),
            NaiveDate::from_ymd_opt(2100, 1, 1).expect("date"),
            Counted::Valid,
        )
        .await
        .expect("tally")
}

/// What the queue sends: the page's fields, its own fresh id, the page's id as `form`, the time
/// the citizen pressed "send".
fn queued_body(
    secret: &str,
    id: &str,
    values: [u8; 9],
    rendered: DateTime<Utc>,
    answered: DateTime<Utc>,
) -> String {
    let form = uuid::Uuid::new_v4().to_string();
    let token = sign_form(secret, &form, rendered);
    let mut fields: Vec<(String, String)> = Unsur::ALL
        .iter()
        .map(|u| (u.key().to_string(), values[u.index()].to_string()))
        .collect();
    for (k, v) in [
        ("id", id.to_string()),
        ("form", form),
        ("token", token),
        ("answered_at", answered.to_rfc3339()),
        ("comment", "Dikirim dari antrean".to_string()),
    ] {
        fields.push((k.to_string(), v));
    }
    form_body(&fields)
}

fn queued_post(body: String) -> Request<Body> {
    Request::post(format!("/s/{UNIT}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, "ikm_device=queue-test-device")
        .body(Body::from(body))
        .expect("request")
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("JSON body ({e}): {}", reply.body))
}

fn answers_of(values: [u8; 9]) -> Answers {
    Answers::complete(values.map(|v| Score::new(v).expect("1..=4")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_posts_of_one_id_store_one_row_and_all_succeed() {
    let app = Arc::new(app().await);
    let before = unit_tally(&app).await;
    let count = app.store.counts().await.expect("counts").responses;
    let secret = app.store.secret().await.expect("secret");
    let id = uuid::Uuid::new_v4().to_string();
    let now = Utc::now();
    let body = queued_body(&secret, &id, GOOD, now - Duration::minutes(2), now);
    let mut posts = Vec::new();
    for _ in 0..200 {
        let app = app.clone();
        let body = body.clone();
        posts.push(tokio::spawn(
            async move { send(&app, queued_post(body)).await },
        ));
    }
    let mut stored = 0;
    for post in posts {
        let reply = post.await.expect("the post finished");
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let answer = json(&reply);
        assert_eq!(answer["id"], id.as_str());
        match answer["status"].as_str() {
            Some("stored") => stored += 1,
            Some("duplicate") => {}
            other => panic!("unexpected status {other:?}"),
        }
    }
    assert_eq!(
        stored, 1,
        "exactly one post stored it, the others were replays"
    );
    assert_eq!(
        app.store.counts().await.expect("counts").responses,
        count + 1
    );
    let mut expected = before.clone();
    expected.record(&answers_of(GOOD));
    assert_eq!(unit_tally(&app).await, expected, "the tally moved once");

    // The same id with other answers: refused, kept apart, the first answers untouched.
    let conflicting = queued_body(&secret, &id, OTHER, now - Duration::minutes(2), now);
    let reply = send(&app, queued_post(conflicting)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let answer = json(&reply);
    assert_eq!(answer["status"], "conflict");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("jawaban lain")),
        "a message a person can act on: {answer}"
    );
    let kept = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert_eq!(kept.response.answers, answers_of(GOOD));
    assert_eq!(
        app.store.counts().await.expect("counts").responses,
        count + 1
    );
    assert_eq!(unit_tally(&app).await, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_answer_counts_when_it_was_given_not_when_it_arrived() {
    let app = app().await;
    let secret = app.store.secret().await.expect("secret");
    let now = Utc::now();
    // Answered three days ago on a page rendered four days ago, delivered now.
    let rendered = now - Duration::days(4);
    let answered = now - Duration::days(3);
    let id = uuid::Uuid::new_v4().to_string();
    let reply = send(
        &app,
        queued_post(queued_body(&secret, &id, GOOD, rendered, answered)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(json(&reply)["status"], "stored");
    let stored = app
        .store
        .response(id.parse().expect("uuid"))
        .await
        .expect("store")
        .expect("stored");
    assert!(
        (stored.response.received_at - answered).num_seconds().abs() <= 1,
        "kept the time it was given: {}",
        stored.response.received_at
    );
    assert_eq!(
        stored.response.flag, None,
        "a day on the form is not too fast"
    );

    // A time before the page was rendered, or in the future, is not believed: arrival time counts.
    for reported in [rendered - Duration::days(30), now + Duration::days(2)] {
        let id = uuid::Uuid::new_v4().to_string();
        let reply = send(
            &app,
            queued_post(queued_body(&secret, &id, GOOD, rendered, reported)),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let stored = app
            .store
            .response(id.parse().expect("uuid"))
            .await
            .expect("store")
            .expect("stored");
        assert!(
            (stored.response.received_at - Utc::now())
                .num_seconds()
                .abs()
                <= 60,
            "{reported} was replaced by the arrival time"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_gets_json_errors_it_can_show_and_keep() {
    let app = app().await;
    let count = app.store.counts().await.expect("counts").responses;
    let secret = app.store.secret().await.expect("secret");
    let now = Utc::now();
    let id = uuid::Uuid::new_v4().to_string();
    // Waktu missing.
    let body = queued_body(&secret, &id, GOOD, now - Duration::minutes(1), now)
        .split('&')
        .filter(|pair| !pair.starts_with(&format!("{}=", Unsur::Waktu.key())))
        .collect::<Vec<_>>()
        .join("&");
    assert!(body.len() > 10);
    let reply = send(&app, queued_post(body)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let answer = json(&reply);
    assert_eq!(answer["status"], "invalid");
    assert_eq!(answer["problems"][0]["field"], Unsur::Waktu.key());
    assert_eq!(answer["problems"][0]["problem"], "Required");
    assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));

    let unknown = Request::post("/s/9999-tidak-ada")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(queued_body(&secret, &id, GOOD, now, now)))
        .expect("request");
    let reply = send(&app, unknown).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(json(&reply)["status"], "unknown_unit");
    assert_eq!(
        app.store.counts().await.expect("counts").responses,
        count,
        "nothing stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_unit_has_an_installable_manifest_and_the_worker_is_served_from_the_root() {
    let app = app().await;
    let reply = send(
        &app,
        Request::get(format!("/k/{UNIT}/manifest.webmanifest"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE).expect("type"),
        "application/manifest+json"
    );
    let manifest = json(&reply);
    assert_eq!(manifest["start_url"], format!("/k/{UNIT}"));
    assert_eq!(manifest["display"], "standalone");
    let unit = app.store.unit(UNIT).await.expect("store").expect("unit");
    assert_eq!(manifest["name"], format!("Kios IKM · {}", unit.unit.name));
    let icons = manifest["icons"].as_array().expect("icons");
    for size in ["192x192", "512x512"] {
        let icon = icons
            .iter()
            .find(|i| i["sizes"] == size && i["type"] == "image/png")
            .unwrap_or_else(|| panic!("a {size} PNG icon"));
        let reply = send(
            &app,
            Request::get(icon["src"].as_str().expect("src"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{size} icon is served");
    }
    let (status, _) = get(&app, "/k/9999-tidak-ada/manifest.webmanifest").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for (path, marker) in [
        ("/sw.js", "addEventListener(\"fetch\""),
        ("/queue.js", "indexedDB"),
        ("/offline.html", "Tidak ada sambungan"),
    ] {
        let (status, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(marker), "{path} holds {marker}");
    }
    let worker = send(
        &app,
        Request::get("/sw.js").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(
        worker
            .headers
            .get(header::CACHE_CONTROL)
            .unwrap_or_else(|| panic!("cache-control: {:?} {:?}", worker.status, worker.headers)),
        "no-cache",
        "updates of the worker reach every device: {:?} {:?}",
        worker.status,
        worker.headers
    );
    assert!(worker
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.contains("javascript")));
    let (_, page) = get(&app, &format!("/s/{UNIT}")).await;
    assert!(
        page.contains(&format!("href=\"/s/{UNIT}/manifest.webmanifest\"")),
        "the survey page links its manifest"
    );
    assert!(page.contains("src=\"/pwa.js\""), "and registers the worker");
}
