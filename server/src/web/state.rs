//! What every request can reach: the store, the configuration, the answers' writer, the alert
//! checker, the few-seconds cache of units and the live screens' refresher.

use app::model::UnitDetail;
use app::store::SharedStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// What every request can reach: one shared value behind an `Arc`, so that the clones axum makes
/// per request (each `State` extractor and each middleware given the state) cost one counter
/// increment. Cloned field by field, they were about a third of the server's CPU under survey
/// load (docs/PERFORMANCE.md, "Answers while the views are read").
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The fields of [`AppState`], reached through it.
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub web: crate::config::WebConfig,
    /// Stores citizens' answers in group commits (`group_commit.rs`).
    pub writer: crate::group_commit::Writer,
    /// Checks alert rules after counted answers (`alerts.rs`).
    pub alerts: crate::alerts::Checker,
    /// Units (by code) as the survey post sees them, for a few seconds (`ttl_cache.rs`).
    pub units: crate::ttl_cache::TtlCache<String, Option<Arc<UnitDetail>>>,
    /// How many passwords may be tried (`sign_in_limits.rs`).
    pub sign_in: crate::sign_in_limits::Limits,
    /// The live screens' shared refresher (`screens.rs`).
    pub screens: crate::screens::Hub,
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
        AppState(Arc::new(Shared {
            leptos_options,
            writer: crate::group_commit::Writer::start(store.clone()),
            alerts: crate::alerts::Checker::new(store.clone(), notify),
            units: crate::ttl_cache::TtlCache::default(),
            sign_in: crate::sign_in_limits::Limits::SERVER,
            screens: crate::screens::Hub::new(store.clone()),
            store,
            web,
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
