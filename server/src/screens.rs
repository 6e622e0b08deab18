//! The live screens' shared refresher: one computation of a place's screen every
//! [`REFRESH`] however many televisions show it, handed to each of them through a `watch` channel.
//!
//! The first screen of a place (a unit or an MPP, in a language) computes its value and starts a
//! task that computes it again every [`REFRESH`] and sends it only when it changed; the task ends
//! when the last screen has gone. An idle screen costs its open connection and a keep-alive
//! comment now and then, nothing else (`docs/PERFORMANCE.md`, *Live screens*).

use app::store::{SharedStore, StoreError};
use ikm_domain::Lang;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Mutex};

/// How often a watched place's screen is computed again: a new answer shows within this and the
/// time to compute it (well under the 5 s the screens promise).
pub const REFRESH: Duration = Duration::from_secs(2);

/// A place's screen as the events carry it (JSON of `app::tv::Screen`).
pub type ScreenValue = Arc<String>;

/// A watched place: its code and the screen's language.
type Place = (String, Lang);

/// The places watched now, each with the receiving end of its refresher.
#[derive(Clone)]
pub struct Hub {
    store: SharedStore,
    places: Arc<Mutex<HashMap<Place, watch::Receiver<ScreenValue>>>>,
    /// Set when the server stops: every refresher ends, so every screen's stream ends and the
    /// server's graceful stop does not wait for them (the screens connect again to the next one).
    closing: Arc<watch::Sender<bool>>,
}

async fn compute(
    store: &SharedStore,
    code: &str,
    lang: Lang,
) -> Result<Option<String>, StoreError> {
    let Some((_, screen)) = app::tv::server::screen(store.as_ref(), code, lang).await? else {
        return Ok(None);
    };
    serde_json::to_string(&screen)
        .map(Some)
        .map_err(|e| StoreError::Failed(e.to_string()))
}

impl Hub {
    pub fn new(store: SharedStore) -> Hub {
        Hub {
            store,
            places: Arc::default(),
            closing: Arc::new(watch::channel(false).0),
        }
    }

    /// Ends every screen's stream: the server is stopping.
    pub async fn close(&self) {
        self.closing.send_replace(true);
        self.places.lock().await.clear();
    }

    /// The screen of `code` in `lang`, kept current; `None` when no unit or MPP has this code.
    pub async fn watch(
        &self,
        code: &str,
        lang: Lang,
    ) -> Result<Option<watch::Receiver<ScreenValue>>, StoreError> {
        let key = (code.to_string(), lang);
        // Held while the first value is computed, so one place is never computed twice at once.
        let mut places = self.places.lock().await;
        if *self.closing.borrow() {
            return Err(StoreError::Unavailable("the server is stopping".into()));
        }
        if let Some(receiver) = places.get(&key) {
            return Ok(Some(receiver.clone()));
        }
        let Some(first) = compute(&self.store, code, lang).await? else {
            return Ok(None);
        };
        let (sender, receiver) = watch::channel(Arc::new(first));
        places.insert(key.clone(), receiver.clone());
        tokio::spawn(refresh(self.clone(), key, sender));
        Ok(Some(receiver))
    }

    /// How many places are watched now (tests, metrics).
    pub async fn watched(&self) -> usize {
        self.places.lock().await.len()
    }
}

/// Computes the place's screen every [`REFRESH`] while a screen watches it.
async fn refresh(hub: Hub, key: Place, sender: watch::Sender<ScreenValue>) {
    let mut closing = hub.closing.subscribe();
    loop {
        tokio::select! {
            () = tokio::time::sleep(REFRESH) => {}
            _ = closing.wait_for(|closed| *closed) => return,
        }
        {
            // The hub keeps one receiver itself: with no other, nobody watches.
            let mut places = hub.places.lock().await;
            if sender.receiver_count() <= 1 {
                places.remove(&key);
                return;
            }
        }
        match compute(&hub.store, &key.0, key.1).await {
            Ok(Some(value)) => {
                sender.send_if_modified(|current| {
                    let changed = **current != value;
                    if changed {
                        *current = Arc::new(value);
                    }
                    changed
                });
            }
            // The place is gone (a unit deactivated): its screens keep the last value.
            Ok(None) => {}
            Err(error) => tracing::warn!(place = %key.0, %error, "a live screen was not refreshed"),
        }
    }
}
