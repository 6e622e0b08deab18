//! The storage interface the server functions and API handlers are written against.
//!
//! One trait, two engines: SQLite (default, embedded) and PostgreSQL, both implemented in the
//! `ikm` server crate (`server/src/storage/`). Pages reach it through the Leptos context
//! ([`use_store`]); the command line holds it directly.

pub mod accounts;
pub mod dashboards;
pub mod error;
pub mod invitations;
pub mod letterheads;
pub mod mpps;
pub mod records;
pub mod retention;
pub mod scorecards;
pub mod screens;
pub mod themes;

pub use accounts::Accounts;
pub use dashboards::{Dashboards, PublishedUnits};
pub use error::{Record, StoreError, StoreResult, Unique};
pub use invitations::Invitations;
pub use letterheads::Letterheads;
pub use mpps::Mpps;
pub use records::*;
pub use retention::{PurgeReport, Retention};
pub use scorecards::{rubric_in_force, Scorecards};
pub use screens::Screens;
pub use themes::Themes;

use crate::error::LoadError;
use crate::model::{Region, Service, UnitDetail, UnitSummary};
use chrono::NaiveDate;
use ikm_domain::Tally;
use std::sync::Arc;
use uuid::Uuid;

#[async_trait::async_trait]
pub trait Store:
    Accounts
    + Dashboards
    + Scorecards
    + Mpps
    + Screens
    + Invitations
    + Retention
    + Themes
    + Letterheads
    + Send
    + Sync
    + 'static
{
    /// Answers when the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Every region, province first, then by code.
    async fn regions(&self) -> StoreResult<Vec<Region>>;

    /// Every active unit, by region code then name.
    async fn active_units(&self) -> StoreResult<Vec<UnitSummary>>;

    /// One unit with its active services; `None` when the code is unknown.
    async fn unit(&self, code: &str) -> StoreResult<Option<UnitDetail>>;

    /// Every unit's active services as (unit code, service), by unit code and then in the order
    /// `unit` lists them: one query for a listing of all units' services.
    async fn active_services(&self) -> StoreResult<Vec<(String, Service)>>;

    /// Creates the region unless its code exists (existing names are kept: admins may edit them).
    async fn ensure_region(&self, region: &NewRegion) -> StoreResult<()>;

    /// Creates the unit unless its code exists; returns whether it was created.
    async fn ensure_unit(&self, unit: &NewUnit) -> StoreResult<bool>;

    /// Adds a service to a unit unless it has one of that name.
    async fn ensure_service(&self, unit_code: &str, name: &str) -> StoreResult<()>;

    /// Activates or deactivates a unit (its history stays); `NotFound` for an unknown code.
    async fn set_unit_active(&self, unit_code: &str, active: bool) -> StoreResult<()>;

    async fn counts(&self) -> StoreResult<RecordCounts>;

    /// Stores responses and adds each to its tally in the same transaction; one outcome per
    /// response. Returns once the transaction is durable (it survives a power cut).
    async fn record_responses(&self, responses: &[NewResponse]) -> StoreResult<Vec<RecordOutcome>> {
        let outcomes = self.record_responses_unsynced(responses).await?;
        self.sync_stored().await?;
        Ok(outcomes)
    }

    /// [`Store::record_responses`] without waiting for the disk: the transaction is committed
    /// (every reader sees it, and it survives the process crashing) but, on SQLite, may be lost to
    /// a power cut until [`Store::sync_stored`] returns. The survey's writer stores the next batch
    /// while the disk syncs this one, and answers no post before its sync.
    async fn record_responses_unsynced(
        &self,
        responses: &[NewResponse],
    ) -> StoreResult<Vec<RecordOutcome>>;

    /// Makes every transaction of `record_responses_unsynced` committed so far durable: SQLite
    /// syncs its write-ahead log; on PostgreSQL each commit is durable already.
    async fn sync_stored(&self) -> StoreResult<()>;

    /// One step of building the breakdown cells (`month_cells`) of the months after the last
    /// built one, up to `through`'s month, from their responses, in a transaction of its own:
    /// the next units of the first month not built, about `answers` answers' worth (at least one
    /// unit); or, once every unit of it is built, marking the month built. From then on the writer
    /// adds late answers for those units and months to their cells. A unit or month already built
    /// is left as it is.
    async fn build_month_cells(&self, through: NaiveDate, answers: u64) -> StoreResult<CellBuild>;

    /// Builds the breakdown cells of every month up to `through`'s, step by step
    /// (`build_month_cells`, [`CELL_BUILD_ANSWERS`] at a time); returns how many months it marked
    /// built. The writer runs the same in the background once a month is over.
    async fn close_months(&self, through: NaiveDate) -> StoreResult<u32>;

    /// A stored response by its id.
    async fn response(&self, id: Uuid) -> StoreResult<Option<StoredResponse>>;

    /// For each question, the ids of the stored answers to its unit from its device hash since its
    /// moment (anti-abuse), answered together in one statement. Ids, not counts: the writer adds
    /// the answers it has flagged but not yet committed, each once.
    async fn device_answers_since(&self, asked: &[DeviceAsk]) -> StoreResult<Vec<Vec<Uuid>>>;

    /// The merged tally of a unit over days `from..=to` (Asia/Jakarta dates).
    async fn unit_tally(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Tally>;

    /// The same figure recomputed from the raw responses (audits and tests: must equal `unit_tally`).
    async fn unit_tally_from_responses(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Tally>;

    /// A page of a unit's valid responses on days `from..=to`, in the order they were received,
    /// after `after` (the last response of the previous page): exports read a unit page by page, in
    /// constant memory, without holding a transaction open.
    async fn responses_page(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<&NewResponse>,
        limit: u32,
    ) -> StoreResult<Vec<NewResponse>>;

    /// Which of these ids are stored, and in which unit.
    async fn stored_units(&self, ids: &[Uuid]) -> StoreResult<Vec<(Uuid, i64)>>;

    /// Closes the connections, finishing any pending write-ahead log (commands call it before exit).
    async fn close(&self) {}

    /// The secret shared by every server of this database (signs forms, salts device hashes);
    /// created on first use.
    async fn secret(&self) -> StoreResult<String>;
}

/// The store shared by every request.
pub type SharedStore = Arc<dyn Store>;

/// The store of the current request, as server functions reach it.
pub fn use_store() -> Result<SharedStore, LoadError> {
    leptos::prelude::use_context::<SharedStore>()
        .ok_or_else(|| LoadError::Call("storage is not configured".into()))
}

/// Logs a storage failure with what was being done, and gives the browser a message without
/// internals; a text the database cannot hold is the caller's bad request (400), not a failure.
pub fn unavailable(doing: &'static str) -> impl Fn(StoreError) -> LoadError + Copy {
    move |error| match error {
        StoreError::BadText => {
            // A page rendered on the server answers 400 too (a call's status is set from the error).
            crate::guard::set_status(http::StatusCode::BAD_REQUEST);
            LoadError::BadRequest(error.to_string())
        }
        error => {
            tracing::error!(%error, "{doing} failed");
            // The page says so, and answers 503 so that monitoring and proxies see it too.
            crate::guard::set_status(http::StatusCode::SERVICE_UNAVAILABLE);
            LoadError::Unavailable
        }
    }
}

/// The active unit with this code; unknown and deactivated units are both `None` (a 404 to citizens).
pub async fn active_unit(
    store: &dyn Store,
    code: &str,
    doing: &'static str,
) -> Result<Option<UnitDetail>, LoadError> {
    let unit = store.unit(code).await.map_err(unavailable(doing))?;
    Ok(unit.filter(|u| u.active))
}
