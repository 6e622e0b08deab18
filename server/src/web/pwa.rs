//! The web app manifest of each unit's survey and kiosk pages, so that a kiosk tablet (or a
//! citizen's phone) installs *that unit's* survey to its home screen and opens it full screen.
//!
//! The service worker, the queue script and the offline page are static files in `public/`; the
//! worker is served with `Cache-Control: no-cache`, so that every check for an update reaches it.

use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// `GET /s/{code}/manifest.webmanifest`
pub async fn survey_manifest(state: State<AppState>, code: Path<String>) -> Response {
    manifest(state, code, false).await
}

/// `GET /k/{code}/manifest.webmanifest`
pub async fn kiosk_manifest(state: State<AppState>, code: Path<String>) -> Response {
    manifest(state, code, true).await
}

async fn manifest(
    State(state): State<AppState>,
    Path(code): Path<String>,
    kiosk: bool,
) -> Response {
    let unit = match state.store.unit(&code).await {
        Ok(Some(unit)) if unit.active => unit,
        Ok(_) => return (StatusCode::NOT_FOUND, "unknown unit").into_response(),
        Err(error) => {
            tracing::error!(%error, %code, "reading a unit for its manifest failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again later").into_response();
        }
    };
    let start = format!("/{}/{}", if kiosk { "k" } else { "s" }, unit.unit.code);
    let name = if kiosk {
        format!("Kios IKM · {}", unit.unit.name)
    } else {
        format!("Survei IKM · {}", unit.unit.name)
    };
    let body = serde_json::json!({
        "id": start,
        "name": name,
        "short_name": if kiosk { "Kios IKM" } else { "Survei IKM" },
        "description": "Survei Kepuasan Masyarakat (PermenPANRB 14/2017)",
        "lang": "id",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            { "src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" },
            { "src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml" }
        ]
    });
    (
        [(header::CONTENT_TYPE, "application/manifest+json")],
        body.to_string(),
    )
        .into_response()
}

/// `GET /sw.js` — the service worker from the site root, never from an HTTP cache.
pub fn service_worker(
    options: &leptos::config::LeptosOptions,
) -> tower_http::set_header::SetResponseHeader<tower_http::services::ServeFile, header::HeaderValue>
{
    let file = std::path::Path::new(options.site_root.as_ref()).join("sw.js");
    tower_http::set_header::SetResponseHeader::overriding(
        tower_http::services::ServeFile::new(file),
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    )
}
