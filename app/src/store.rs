//! The storage interface the server functions and API handlers are written against.
//!
//! One trait, two engines: SQLite (default, embedded) and PostgreSQL, both implemented in the
//! `ikm` server crate (`server/src/storage/`). Pages reach it through the Leptos context
//! ([`use_store`]); the command line holds it directly.

use crate::error::LoadError;
use crate::model::{Region, RegionLevel, Service, UnitDetail, UnitKind, UnitSummary};
use chrono::{DateTime, NaiveDate, Utc};
use ikm_domain::profile::Gender;
use ikm_domain::submission::{Channel, Flag};
use ikm_domain::{Answers, Lang, Tally};
use std::sync::Arc;
use uuid::Uuid;

/// What can go wrong in storage, as callers need to tell it apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A record asked for, or referred to, does not exist.
    #[error("not found: {0}")]
    NotFound(Record),
    /// A value that must be unique is taken already.
    #[error("already taken: {0}")]
    Taken(Unique),
    /// The database could not be reached in time (down, every connection busy, closed), or the
    /// survey's writer has stopped: worth trying again later.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The database refused or failed a statement, or a stored value does not read back.
    #[error("database error: {0}")]
    Failed(String),
}

/// The record that was not found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Record {
    #[error("region {0}")]
    Region(String),
    #[error("unit {0}")]
    Unit(String),
    /// A service (its id or name) of a unit (its code).
    #[error("service {service} of {unit}")]
    Service { unit: String, service: String },
    #[error("user {0}")]
    User(String),
    /// A response's comment, by the response's id.
    #[error("comment {0}")]
    Comment(String),
    /// An action of the follow-up plan.
    #[error("action {0}")]
    Action(i64),
    /// An alert not acknowledged yet.
    #[error("open alert {0}")]
    Alert(i64),
    /// An upload waiting to be stored.
    #[error("upload {0}")]
    Upload(String),
    /// A reference the schema checks (a foreign key): the database's words.
    #[error("referenced record ({0})")]
    Referenced(String),
}

/// The unique value that collided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unique {
    #[error("unit code {0}")]
    UnitCode(String),
    /// A service's name within its unit.
    #[error("service name {0}")]
    ServiceName(String),
    #[error("username {0}")]
    Username(String),
    #[error("email {0}")]
    Email(String),
    /// Another unique rule of the schema: the database's words.
    #[error("{0}")]
    Other(String),
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
    pub responses: u64,
}

/// The optional respondent profile, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub gender: Option<Gender>,
    pub age: Option<u8>,
    pub education: Option<String>,
    pub occupation: Option<String>,
}

/// About how many answers one step of building a closed month's breakdown cells reads, in one
/// write transaction: ~17 ms on average at 10M responses, which is how long the survey's writer
/// waits for it. Steps of 5 000 answers built a month faster under load but held the survey's p99
/// at ~150 ms while they ran (docs/PERFORMANCE.md).
pub const CELL_BUILD_ANSWERS: u64 = 1_000;

/// What one step of building closed months' breakdown cells did (`Store::build_month_cells`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellBuild {
    /// Every month through the one asked for is built.
    Done,
    /// This many more units of the first month not built.
    Units(u32),
    /// That month (`YYYY-MM`) is now built for every unit, and marked so.
    Closed(String),
}

/// One response to store, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    /// Made when the form was rendered: storing the same id twice stores one response.
    pub id: Uuid,
    pub unit_id: i64,
    pub service_id: Option<i64>,
    /// The counter or kiosk tag from the link (`loket`), empty when none.
    pub counter_tag: String,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub answers: Answers,
    pub profile: Profile,
    pub comment: Option<String>,
    pub lang: Lang,
    /// Why it is kept out of the IKM, if it is.
    pub flag: Option<Flag>,
    /// A salted hash of the device token that rotates daily; never the token itself.
    pub device_hash: Option<String>,
    pub seconds_on_form: Option<u32>,
}

/// A stored response, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub response: NewResponse,
    pub straight_line: bool,
}

/// Which answers has this device given this unit since then? (See `Store::device_answers_since`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceAsk {
    pub unit_id: i64,
    pub device_hash: String,
    pub since: DateTime<Utc>,
}

/// What storing a response did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordOutcome {
    /// Stored now, with its tally.
    Stored,
    /// Already stored with the same answers: nothing changed (a replay or a double submit).
    Duplicate,
    /// Already stored with different answers: nothing changed, the caller must not claim success.
    Conflict,
}

/// Which responses a tally covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// The responses that count towards the IKM.
    Valid,
    /// The flagged ones, kept out of the IKM.
    Flagged,
}

#[async_trait::async_trait]
pub trait Store:
    crate::accounts::Accounts + crate::dashboard::Dashboards + Send + Sync + 'static
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
/// internals.
pub fn unavailable(doing: &'static str) -> impl Fn(StoreError) -> LoadError + Copy {
    move |error| {
        tracing::error!(%error, "{doing} failed");
        LoadError::Unavailable
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
