//! Building the axum application and running it until a shutdown signal.

use crate::web::state::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// The whole HTTP surface: health, the Leptos pages and server functions, static files, 404.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let store = state.store.clone();
    let context = move || crate::web::security::provide_page_context(store.clone());
    let options = state.leptos_options.clone();
    // The site's files (CSS, JS, WASM, icons) are served before Leptos sees the request; anything
    // else gets the app's 404 page. Leptos's own file handler runs the page context for a file under
    // `Owner::new()`, a child of whatever page is being rendered on that thread at the moment, and
    // then moved *that page's* response headers (its policy with the nonce, its device cookie) onto
    // the file: the page went out with a policy that blocked its own scripts
    // (`http::security::pages_rendered_beside_file_downloads_keep_their_own_headers`).
    let not_found = file_and_error_handler_with_context::<AppState, _>(context.clone(), shell);
    let site_files = tower_http::services::ServeDir::new(options.site_root.as_ref())
        .precompressed_gzip()
        .precompressed_br()
        .call_fallback_on_method_not_allowed(true)
        .fallback(axum::handler::Handler::with_state(not_found, state.clone()));
    Router::new()
        .route("/healthz", get(crate::web::health::healthz))
        .route(
            "/ping",
            get(crate::web::health::ping).post(crate::web::health::ping),
        )
        .route("/metrics", get(crate::metrics::metrics))
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .route("/s/{code}", post(crate::web::survey::submit_qr))
        .route("/k/{code}", post(crate::web::survey::submit_kiosk))
        .route_service(
            "/sw.js",
            crate::web::pwa::service_worker(&state.leptos_options),
        )
        .route(
            "/s/{code}/manifest.webmanifest",
            get(crate::web::pwa::survey_manifest),
        )
        .route(
            "/k/{code}/manifest.webmanifest",
            get(crate::web::pwa::kiosk_manifest),
        )
        .route("/bahasa/{tag}", get(crate::web::page::switch_language))
        .route("/masuk", post(crate::web::auth::sign_in))
        .route("/keluar", post(crate::web::auth::sign_out))
        .merge(crate::web::admin::routes())
        .merge(crate::web::mpps::routes())
        .merge(crate::web::tv::routes())
        .merge(crate::web::dashboard::routes())
        .merge(crate::web::invitations::routes())
        .merge(crate::web::evidence::routes())
        .merge(crate::web::letterheads::routes())
        .merge(crate::web::downloads::routes())
        .merge(crate::web::scorecard::routes())
        .merge(crate::web::upload::routes())
        .merge(crate::web::api::routes())
        .fallback_service(site_files)
        // A survey post is a few kilobytes; nothing this app accepts needs more than 64 KiB.
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::auth::identify,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::auth::same_origin,
        ))
        .layer(middleware::from_fn(crate::web::server_fns::statuses))
        .layer(middleware::from_fn(crate::web::hints::strip))
        .layer(middleware::from_fn(crate::metrics::track))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::security::headers,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Binds the address (a clear error when it is taken) and serves until Ctrl-C or SIGTERM.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    limits: crate::serving::Limits,
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Listen { addr, source })?;
    let local = listener.local_addr().unwrap_or(addr);
    tracing::info!("IKM is listening on http://{local}");
    println!("IKM berjalan di http://{local}  (Ctrl-C untuk berhenti)");
    let read_timeout = limits.read_timeout;
    let screens = state.screens.clone();
    let app = router(state).layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        read_timeout,
    ));
    // The live screens' streams never end by themselves: end them when the stop begins, so the
    // requests in flight can finish.
    let shutdown = async move {
        shutdown_signal().await;
        screens.close().await;
    };
    crate::serving::serve(listener, app, limits, shutdown).await;
    tracing::info!("IKM stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
