//! `/metrics` in Prometheus' text format: HTTP requests and their durations by route, survey
//! answers by outcome (stored, replays of stored ones, conflicts), flagged answers by rule, and the
//! group commit's batches. Shown to the machine itself (loopback, where a Prometheus agent or
//! `curl` runs) and to signed-in administrators; anyone else gets 404.

use app::access::{Identity, Role};
use app::store::RecordOutcome;
use axum::extract::{MatchedPath, Request};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ikm_domain::submission::Flag;
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use std::sync::LazyLock;
use std::time::Instant;

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    durations: HistogramVec,
    answers: IntCounterVec,
    flagged: IntCounterVec,
    batch_sizes: Histogram,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("ikm".into()), None)?;
    let requests = IntCounterVec::new(
        Opts::new(
            "http_requests_total",
            "HTTP requests answered, by route, method and status",
        ),
        &["route", "method", "status"],
    )?;
    let durations = HistogramVec::new(
        HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route").buckets(
            vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ],
        ),
        &["route"],
    )?;
    let answers = IntCounterVec::new(
        Opts::new(
            "answers_total",
            "Survey answers by outcome: stored, replay (already stored, e.g. a queue retrying), conflict",
        ),
        &["outcome"],
    )?;
    let flagged = IntCounterVec::new(
        Opts::new(
            "answers_flagged_total",
            "Answers stored flagged, by the rule they broke",
        ),
        &["flag"],
    )?;
    let batch_sizes = Histogram::with_opts(
        HistogramOpts::new("answer_batch_size", "Answers per group-commit transaction")
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0]),
    )?;
    registry.register(Box::new(requests.clone()))?;
    registry.register(Box::new(durations.clone()))?;
    registry.register(Box::new(answers.clone()))?;
    registry.register(Box::new(flagged.clone()))?;
    registry.register(Box::new(batch_sizes.clone()))?;
    Ok(Metrics {
        registry,
        requests,
        durations,
        answers,
        flagged,
        batch_sizes,
    })
}

static METRICS: LazyLock<Option<Metrics>> = LazyLock::new(|| match build() {
    Ok(metrics) => Some(metrics),
    Err(error) => {
        tracing::error!(%error, "metrics could not be set up");
        None
    }
});

/// Counts one answer's outcome (and its flag when stored flagged).
pub fn answer(outcome: RecordOutcome, flag: Option<Flag>) {
    let Some(m) = METRICS.as_ref() else { return };
    let label = match outcome {
        RecordOutcome::Stored => "stored",
        RecordOutcome::Duplicate => "replay",
        RecordOutcome::Conflict => "conflict",
        RecordOutcome::InvitationRefused => "invitation_refused",
    };
    m.answers.with_label_values(&[label]).inc();
    if let (RecordOutcome::Stored, Some(flag)) = (outcome, flag) {
        m.flagged.with_label_values(&[flag.key()]).inc();
    }
}

/// Notes one committed batch's size.
pub fn batch(answers: usize) {
    if let Some(m) = METRICS.as_ref() {
        m.batch_sizes.observe(answers as f64);
    }
}

/// Counts and times every request by its route pattern (`/s/{code}`, not each unit's path).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    if let Some(m) = METRICS.as_ref() {
        let status = response.status().as_u16().to_string();
        m.requests
            .with_label_values(&[route.as_str(), method.as_str(), status.as_str()])
            .inc();
        m.durations
            .with_label_values(&[route.as_str()])
            .observe(started.elapsed().as_secs_f64());
    }
    response
}

/// `GET /metrics`.
pub async fn metrics(request: Request) -> Response {
    let identity = request.extensions().get::<Identity>();
    let local = identity.is_some_and(|i| {
        i.address
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_loopback())
    });
    let admin = identity
        .and_then(|i| i.viewer.as_ref())
        .is_some_and(|v| v.role == Role::Admin);
    if !local && !admin {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(m) = METRICS.as_ref() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let mut body = Vec::new();
    let encoder = TextEncoder::new();
    if let Err(error) = encoder.encode(&m.registry.gather(), &mut body) {
        tracing::error!(%error, "encoding metrics failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(header::CONTENT_TYPE, encoder.format_type().to_string())],
        body,
    )
        .into_response()
}
