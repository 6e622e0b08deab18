//! Storage wiring: `DATABASE_URL` picks the engine; each engine implements `app::store::Store`.
//!
//! Every query is written once, as generic Rust over `E: engine::Engine`, in the module named for
//! what it reads or writes; `sqlite.rs` and `postgres.rs` connect, migrate and say what differs.

mod accounts;
mod audit;
mod cell_builds;
mod cells;
pub mod checkpoint;
mod dashboard;
pub mod engine;
mod invitations;
mod letterheads;
mod levy;
mod mpps;
mod open_error;
mod postgres;
mod responses;
mod retention;
mod rows;
mod scorecards;
mod screens;
pub mod shared;
mod sql;
mod sqlite;
mod store;
mod tallies;
mod tenancy;
mod themes;

pub use open_error::OpenError;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use store::SqlStore;

use app::store::SharedStore;
use std::sync::Arc;

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
