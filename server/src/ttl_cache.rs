//! Records kept in memory for a few seconds, so a burst of survey answers reads each once instead
//! of once per answer (each SQLite statement is a hop to sqlx's database thread; at thousands of
//! answers a second those hops were most of the work). Two caches use it: units as survey posts
//! see them (`AppState::units`: active or not, their services) and units' alert rules
//! (`alerts::Checker`). Changes made through this server forget the record at once; changes made
//! elsewhere (another server, the command line) are seen within [`TTL`].

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a record is trusted.
pub const TTL: Duration = Duration::from_secs(5);
/// Records kept at most (absent ones are remembered too); past it the cache starts empty again.
const MAX_ENTRIES: usize = 10_000;

/// Records by key, each with when it was read; cheap to clone (clones share the records).
pub struct TtlCache<K, V> {
    entries: Arc<Mutex<HashMap<K, (Instant, V)>>>,
}

impl<K, V> Clone for TtlCache<K, V> {
    fn clone(&self) -> Self {
        TtlCache {
            entries: self.entries.clone(),
        }
    }
}

impl<K, V> Default for TtlCache<K, V> {
    fn default() -> Self {
        TtlCache {
            entries: Arc::default(),
        }
    }
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    /// The record when read less than [`TTL`] ago.
    pub fn fresh(&self, key: &K) -> Option<V> {
        let entries = self.lock();
        let (at, value) = entries.get(key)?;
        (at.elapsed() < TTL).then(|| value.clone())
    }

    /// The record from memory when fresh, else from `read` (and kept).
    pub async fn get_or_read<E, F>(&self, key: K, read: F) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(value) = self.fresh(&key) {
            return Ok(value);
        }
        let value = read.await?;
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value.clone()));
        Ok(value)
    }

    /// Forgets a record this server has just changed.
    pub fn forget(&self, key: &K) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (Instant, V)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}
