//! Storage wiring: `DATABASE_URL` picks the engine; each engine implements `app::store::Store`.

mod accounts_sql;
mod cell_builds;
pub mod checkpoint;
mod dashboard_sql;
mod postgres;
pub mod shared;
mod sql_store;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use app::store::SharedStore;
use std::sync::Arc;

/// Why the database named by `DATABASE_URL` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL \"{0}\" is neither sqlite://… nor postgres://…")]
    UnknownScheme(String),
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot bring the database {url} up to date: {reason}")]
    Migrate { url: String, reason: String },
}

/// Opens the database and runs its pending migrations.
pub async fn open(url: &str) -> Result<SharedStore, OpenError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url).await?))
    } else {
        Err(OpenError::UnknownScheme(url.to_string()))
    }
}

/// Maps a driver error to the storage layer's error.
pub(crate) fn db_error(error: sqlx::Error) -> app::store::StoreError {
    use app::store::StoreError;
    match &error {
        sqlx::Error::RowNotFound => StoreError::NotFound(error.to_string()),
        sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
            StoreError::Conflict(db.message().to_string())
        }
        _ => StoreError::Database(error.to_string()),
    }
}
