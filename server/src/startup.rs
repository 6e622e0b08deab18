//! Building the axum application and running it until a shutdown signal.

use app::model::UnitDetail;
use app::store::SharedStore;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRef;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// What every request can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub web: crate::config::WebConfig,
    /// Stores citizens' answers in group commits (`group_commit.rs`).
    pub writer: crate::group_commit::Writer,
    /// Checks alert rules after counted answers (`alerts.rs`).
    pub alerts: crate::alerts::Checker,
    /// Units (by code) as the survey post sees them, for a few seconds (`ttl_cache.rs`).
    pub units: crate::ttl_cache::TtlCache<String, Option<Arc<UnitDetail>>>,
}

impl AppState {
    /// The state of one server; starts its answer writer (so: inside the tokio runtime).
    pub fn new(
        leptos_options: LeptosOptions,
        store: SharedStore,
        web: crate::config::WebConfig,
    ) -> AppState {
        let notify = crate::alerts::Notify {
            mail: web.mail.clone(),
            public_url: web.public_url.clone(),
        };
        AppState {
            leptos_options,
            writer: crate::group_commit::Writer::start(store.clone()),
            alerts: crate::alerts::Checker::new(store.clone(), notify),
            units: crate::ttl_cache::TtlCache::default(),
            store,
            web,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The whole HTTP surface: health, the Leptos pages and server functions, static files, 404.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let store = state.store.clone();
    let context = move || crate::security::provide_page_context(store.clone());
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
        .route("/healthz", get(crate::health::healthz))
        .route("/ping", get(crate::health::ping).post(crate::health::ping))
        .route("/metrics", get(crate::metrics::metrics))
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .route("/s/{code}", post(crate::survey::submit_qr))
        .route("/k/{code}", post(crate::survey::submit_kiosk))
        .route_service("/sw.js", crate::pwa::service_worker(&state.leptos_options))
        .route(
            "/s/{code}/manifest.webmanifest",
            get(crate::pwa::survey_manifest),
        )
        .route(
            "/k/{code}/manifest.webmanifest",
            get(crate::pwa::kiosk_manifest),
        )
        .route("/bahasa/{tag}", get(crate::survey::switch_language))
        .route("/masuk", post(crate::auth::sign_in))
        .route("/keluar", post(crate::auth::sign_out))
        .merge(crate::admin::routes())
        .merge(crate::dashboard::routes())
        .merge(crate::upload::routes())
        .merge(crate::api::routes())
        .fallback_service(site_files)
        // A survey post is a few kilobytes; nothing this app accepts needs more than 64 KiB.
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::identify,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::same_origin,
        ))
        .layer(middleware::from_fn(crate::metrics::track))
        .layer(middleware::from_fn(crate::security::headers))
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
pub async fn serve(state: AppState, addr: SocketAddr) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Listen { addr, source })?;
    let local = listener.local_addr().unwrap_or(addr);
    tracing::info!("IKM is listening on http://{local}");
    println!("IKM berjalan di http://{local}  (Ctrl-C untuk berhenti)");
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
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
