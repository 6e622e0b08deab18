//! `GET /healthz` — 200 when the database answers, 503 when it does not.

use crate::web::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}

/// Answers at once and touches nothing: the ceiling of this machine and of the server's own stack
/// (router, middleware, HTTP) that the submission benchmark compares the survey post with
/// (`docs/PERFORMANCE.md`).
pub async fn ping() -> &'static str {
    "pong\n"
}
