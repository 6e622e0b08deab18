//! `/metrics` (`server/src/metrics.rs`): Prometheus' text format with requests by route, answers by
//! outcome and flag, and the group commit's batches; only for administrators (and loopback).

use crate::accounts::{request, sign_in, UNIT};
use crate::app;
use crate::survey::{answers_fields, fresh_form, with};
use axum::http::StatusCode;

const ADMIN: (&str, &str) = ("admin", "demo-admin-ikm");

/// The value of the sample named exactly `series` (name and labels as Prometheus prints them).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_read_counts_of_requests_answers_and_batches() {
    let app = app().await;
    let admin = sign_in(&app, ADMIN).await;
    let before = request(&app, "GET", "/metrics", Some(&admin), "", None).await;
    assert_eq!(before.status, StatusCode::OK);
    let stored = r#"ikm_answers_total{outcome="stored"}"#;
    let replays = r#"ikm_answers_total{outcome="replay"}"#;
    let too_fast = r#"ikm_answers_flagged_total{flag="too_fast"}"#;

    // Two answers (one sent twice) and one without a valid token (flagged too fast).
    let (form, token) = fresh_form(&app).await;
    for (n, id) in ["a", "b", "b"].iter().enumerate() {
        let id = format!(
            "00000000-0000-4000-8000-00000000000{}",
            if *id == "a" { 1 } else { 2 }
        );
        let fields = with(
            crate::survey::answers_fields([4, 3, 4, 3, 4, 3, 4, 3, 4]),
            &[("id", &id), ("form", &form), ("token", &token)],
        );
        let reply = crate::survey::post(
            &app,
            "/s/1871-disdukcapil",
            &fields,
            &format!("ikm_device=m-{n}"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    let fast = with(
        answers_fields([2; 9]),
        &[("id", "00000000-0000-4000-8000-000000000003")],
    );
    let reply = crate::survey::post(&app, "/s/1871-disdukcapil", &fast, "ikm_device=m-9").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let after = request(&app, "GET", "/metrics", Some(&admin), "", None).await;
    assert_eq!(after.status, StatusCode::OK);
    let content_type = after
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert!(
        content_type.is_some_and(|c| c.starts_with("text/plain")),
        "{content_type:?}"
    );
    let (b, a) = (before.body.as_str(), after.body.as_str());
    assert_eq!(sample(a, stored) - sample(b, stored), 3.0, "{a}");
    assert_eq!(sample(a, replays) - sample(b, replays), 1.0);
    assert_eq!(sample(a, too_fast) - sample(b, too_fast), 1.0);
    let posts = r#"ikm_http_requests_total{method="POST",route="/s/{code}",status="303"}"#;
    assert!(sample(a, posts) - sample(b, posts) >= 4.0, "{a}");
    assert!(a.contains("ikm_http_request_duration_seconds_bucket{route=\"/s/{code}\""));
    assert!(
        sample(a, "ikm_answer_batch_size_count") >= sample(b, "ikm_answer_batch_size_count") + 4.0,
        "{a}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_else_sees_the_metrics() {
    let app = app().await;
    let unit = sign_in(&app, UNIT).await;
    for cookie in [None, Some(unit.as_str())] {
        let reply = request(&app, "GET", "/metrics", cookie, "", None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(!reply.body.contains("ikm_"));
    }
}
