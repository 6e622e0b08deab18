//! The PostgreSQL engine, for deployments that run several stateless `ikm` servers on one database.
//! The queries are shared with SQLite (`engine.rs`); this file connects, migrates and says what
//! differs.

use super::engine::Engine;
use super::open_error::OpenError;
use super::shared::Marks;
use super::store::SqlStore;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, Postgres};
use std::str::FromStr;
use std::time::Duration;

/// A PostgreSQL database, which several servers may share.
pub type PgStore = SqlStore<Postgres>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl SqlStore<Postgres> {
    /// Connects (failing within seconds when the server does not answer) and migrates.
    pub async fn open(url: &str) -> Result<PgStore, OpenError> {
        let open_error = |reason: String| OpenError::Open {
            url: redact(url),
            reason,
        };
        let options = PgConnectOptions::from_str(url).map_err(|e| open_error(e.to_string()))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(|e| open_error(e.to_string()))?;
        MIGRATOR.run(&pool).await.map_err(|e| OpenError::Migrate {
            url: redact(url),
            reason: e.to_string(),
        })?;
        // The survey answers' writer uses the same pool: PostgreSQL has no single writer.
        Ok(SqlStore::new(pool.clone(), pool, ()))
    }
}

/// The URL without its password, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Engine for Postgres {
    const MARKS: Marks = Marks::Numbered;

    const JSON_AGG: &'static str = "json_agg";
    const JSON_OBJECT: &'static str = "json_build_object";
    const STRING_AGG: &'static str = "string_agg";

    const BEGIN_WRITE: &'static str = "BEGIN";

    /// A lock that waits for the answers being stored (on every app server) to commit and holds
    /// new ones back until the step commits. A writer reads the built marks after its insert, so
    /// each answer is either in a unit's build or adds itself to its cells. It also excludes a
    /// second step running at once.
    const CLOSE_LOCK: Option<&'static str> =
        Some("LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE");

    const DEVICE_ANSWERS_SINCE: &'static str =
        "SELECT r.id, r.unit_id, r.device_hash, r.received_at \
         FROM jsonb_array_elements($2::jsonb) AS a (pair) \
         JOIN responses r ON r.unit_id = (a.pair ->> 0)::bigint AND r.device_hash = a.pair ->> 1 \
         WHERE r.received_at >= $1";

    type Local = ();

    /// PostgreSQL checkpoints on its own.
    fn after_write(_: &()) {}

    /// Nothing to do: a PostgreSQL commit returns once its log is flushed (`synchronous_commit`).
    async fn sync_log(_: &()) -> app::store::StoreResult<()> {
        Ok(())
    }

    async fn before_close(_: &PgPool) {}
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("postgres://ikm:s3cret@db:5432/ikm"),
            "postgres://ikm:***@db:5432/ikm"
        );
        assert_eq!(super::redact("postgres://db/ikm"), "postgres://db/ikm");
    }
}
