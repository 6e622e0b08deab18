//! The SQLite engine: one file, WAL journal, `synchronous=FULL` (an acknowledged write survives a
//! power cut), foreign keys on.

use super::OpenError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
    /// The one connection the survey answers' writer stores batches on (`record_responses`).
    /// SQLite takes one writer at a time anyway; one connection keeps the pages the writer touches
    /// batch after batch in one larger page cache, instead of spread over the pool's eight.
    writer: SqlitePool,
    /// The form secret, read once (it never changes once made).
    secret: tokio::sync::OnceCell<String>,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

impl SqliteStore {
    /// Opens (creating when missing, with its folder) the database file and migrates it.
    pub async fn open(url: &str) -> Result<SqliteStore, OpenError> {
        let open_error = |reason: String| OpenError::Open {
            url: url.to_string(),
            reason,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| open_error(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let path = options.get_filename().to_path_buf();
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| open_error(format!("cannot create {}: {e}", folder.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await
            .map_err(|e| open_error(e.to_string()))?;
        MIGRATOR.run(&pool).await.map_err(|e| OpenError::Migrate {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        // A negative cache_size is in KiB: up to 16 MiB of pages, against the default 2 MiB.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.pragma("cache_size", "-16384"))
            .await
            .map_err(|e| open_error(e.to_string()))?;
        Ok(SqliteStore {
            pool,
            writer,
            secret: tokio::sync::OnceCell::new(),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// Folds the write-ahead log into the database file, so that the file alone is complete.
    async fn before_close(&self) {
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
        {
            tracing::warn!(%error, "checkpoint before closing failed");
        }
    }
}

/// How this engine's statements of many values mark them (see `shared::Marks`).
const MARKS: super::shared::Marks = super::shared::Marks::Question;

super::sql_store::sql_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
super::accounts_sql::accounts_sql!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
super::dashboard_sql::dashboard_sql!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
