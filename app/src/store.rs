//! The storage interface the server functions and API handlers are written against.
//!
//! One trait, two engines: SQLite (default, embedded) and PostgreSQL, both implemented in the
//! `ikm` server crate (`server/src/storage/`). Pages reach it through the Leptos context
//! ([`use_store`]); the command line holds it directly.

use crate::model::{Region, RegionLevel, UnitDetail, UnitKind, UnitSummary};
use std::sync::Arc;

/// What can go wrong in storage, as callers need to tell it apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A referenced record (region, unit, …) does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The data breaks a rule of the schema (a duplicate, a bad reference).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database could not be reached or failed.
    #[error("database error: {0}")]
    Database(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A region to create (reference data, from the Kemendagri codes).
#[derive(Debug, Clone)]
pub struct NewRegion {
    pub code: String,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<String>,
}

/// A unit to create when its code is new.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub region_code: String,
    /// The Mal Pelayanan Publik the unit serves in, if any (created on first mention).
    pub mpp_name: Option<String>,
    pub complaint_contact: Option<String>,
    /// People served per year, for sample adequacy.
    pub population_per_year: Option<u64>,
}

/// How many records of each kind are stored (seeding and tests use it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordCounts {
    pub regions: u64,
    pub mpps: u64,
    pub units: u64,
    pub services: u64,
}

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// Answers when the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Every region, province first, then by code.
    async fn regions(&self) -> StoreResult<Vec<Region>>;

    /// Every active unit, by region code then name.
    async fn active_units(&self) -> StoreResult<Vec<UnitSummary>>;

    /// One unit with its active services; `None` when the code is unknown.
    async fn unit(&self, code: &str) -> StoreResult<Option<UnitDetail>>;

    /// Creates the region unless its code exists (existing names are kept: admins may edit them).
    async fn ensure_region(&self, region: &NewRegion) -> StoreResult<()>;

    /// Creates the unit unless its code exists; returns whether it was created.
    async fn ensure_unit(&self, unit: &NewUnit) -> StoreResult<bool>;

    /// Adds a service to a unit unless it has one of that name.
    async fn ensure_service(&self, unit_code: &str, name: &str) -> StoreResult<()>;

    async fn counts(&self) -> StoreResult<RecordCounts>;
}

/// The store shared by every request.
pub type SharedStore = Arc<dyn Store>;

/// The store of the current request, as server functions reach it.
pub fn use_store() -> Result<SharedStore, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<SharedStore>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("storage is not configured"))
}
