//! `GET /tv/{code}/events` — the live screen's server-sent events: the screen's value at once, then
//! each new value (`screens.rs` computes it once for every screen of the place), and a keep-alive
//! comment every 15 s so proxies keep the idle stream open. The page (`app::pages::tv`) renders
//! the first value itself; `public/tv.js` listens here.

use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::time::Duration;

pub fn routes() -> Router<AppState> {
    Router::new().route("/tv/{code}/events", get(events))
}

/// How long a browser waits before it connects again after the stream broke.
const RETRY: Duration = Duration::from_secs(2);

async fn events(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = crate::web::page::cookie_lang(&headers).unwrap_or_default();
    let receiver = match state.screens.watch(&code, lang).await {
        Ok(Some(receiver)) => receiver,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such unit or MPP").into_response(),
        Err(error) => {
            tracing::warn!(%code, %error, "a live screen could not be read");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again shortly").into_response();
        }
    };
    let stream = futures::stream::unfold((receiver, true), |(mut receiver, first)| async move {
        if !first && receiver.changed().await.is_err() {
            return None;
        }
        let value = receiver.borrow_and_update().clone();
        let mut event = Event::default().data(value.as_str());
        if first {
            event = event.retry(RETRY);
        }
        Some((Ok::<_, Infallible>(event), (receiver, false)))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
