//! The PostgreSQL engine, for deployments that run several stateless `ikm` servers on one database.
//! The queries are shared with SQLite (`sql_store.rs`); this file connects and migrates.

use super::cell_builds::Builds;
use super::OpenError;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub struct PgStore {
    pool: PgPool,
    /// The form secret, read once (it never changes once made).
    secret: tokio::sync::OnceCell<String>,
    /// The background builds of closed months' breakdown cells on this server (the lock keeps
    /// builds on several servers apart).
    builds: Arc<Builds>,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl PgStore {
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
        Ok(PgStore {
            pool,
            secret: tokio::sync::OnceCell::new(),
            builds: Arc::default(),
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The pool the survey answers' writer uses: the same pool (PostgreSQL has no single writer).
    fn writer(&self) -> &PgPool {
        &self.pool
    }

    /// PostgreSQL checkpoints on its own.
    fn after_write(&self) {}

    /// Nothing to do: a PostgreSQL commit returns once its log is flushed (`synchronous_commit`).
    async fn sync_log(&self) -> app::store::StoreResult<()> {
        Ok(())
    }

    async fn before_close(&self) {}
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

/// How this engine's statements of many values mark them (see `shared::Marks`).
const MARKS: super::shared::Marks = super::shared::Marks::Numbered;

/// What a step of building a month's cells takes first: a lock that waits for the answers being
/// stored (on every app server) to commit and holds new ones back until the step commits. A
/// writer reads the built marks after its insert, so each answer is either in a unit's build or
/// adds itself to its cells. It also excludes a second step running at once.
const CLOSE_LOCK: Option<&str> = Some("LOCK TABLE responses IN SHARE ROW EXCLUSIVE MODE");

/// The stored answers of each (unit, device) pair of the JSON array `$2` since `$1` (see
/// `sqlite.rs`).
const DEVICE_ANSWERS_SINCE: &str = "SELECT r.id, r.unit_id, r.device_hash, r.received_at \
     FROM jsonb_array_elements($2::jsonb) AS a (pair) \
     JOIN responses r ON r.unit_id = (a.pair ->> 0)::bigint AND r.device_hash = a.pair ->> 1 \
     WHERE r.received_at >= $1";

super::sql_store::sql_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
super::accounts_sql::accounts_sql!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
super::dashboard_sql::dashboard_sql!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);

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
