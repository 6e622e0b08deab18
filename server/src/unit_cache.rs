//! The survey post's view of units: each unit's record (active or not, its services) kept for a
//! few seconds, so a burst of answers to a unit reads it once instead of twice per answer (each
//! SQLite statement is a hop to sqlx's database thread; at thousands of answers a second those
//! hops were most of the work). Changes made through this server's admin forms forget the unit at
//! once; changes made elsewhere (another server, the command line) are seen within [`TTL`].

use app::model::UnitDetail;
use app::store::{Store, StoreResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a unit's record is trusted.
pub const TTL: Duration = Duration::from_secs(5);
/// Codes kept at most (unknown codes are remembered too); past it the cache starts empty again.
const MAX_UNITS: usize = 10_000;

type Entry = (Instant, Option<Arc<UnitDetail>>);

#[derive(Clone, Default)]
pub struct UnitCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl UnitCache {
    /// The unit with this code (`None`: no such unit), from memory when read less than [`TTL`] ago.
    pub async fn get(&self, store: &dyn Store, code: &str) -> StoreResult<Option<Arc<UnitDetail>>> {
        if let Some((at, unit)) = self.lock().get(code) {
            if at.elapsed() < TTL {
                return Ok(unit.clone());
            }
        }
        let unit = store.unit(code).await?.map(Arc::new);
        let mut entries = self.lock();
        if entries.len() >= MAX_UNITS {
            entries.clear();
        }
        entries.insert(code.to_string(), (Instant::now(), unit.clone()));
        Ok(unit)
    }

    /// Forgets a unit this server has just changed.
    pub fn forget(&self, code: &str) {
        self.lock().remove(code);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}
