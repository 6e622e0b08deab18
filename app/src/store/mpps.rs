//! The storage interface of Mal Pelayanan Publik: the halls, their tenants over time, and the
//! answers given in a hall. Part of [`super::Store`]; both engines implement it in
//! `server/src/storage/mpps.rs`.

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::mpp::{MppComment, MppDetail, MppFields, MppPlace, MppSummary};
use chrono::NaiveDate;
use ikm_domain::Tally;

#[async_trait::async_trait]
pub trait Mpps: Send + Sync {
    /// Every MPP, by region code then name.
    async fn mpps(&self) -> StoreResult<Vec<MppSummary>>;

    /// One MPP with every tenant it has had; `None` for an unknown code.
    async fn mpp(&self, code: &str) -> StoreResult<Option<MppDetail>>;

    /// Creates the MPP (`code` new) or changes its fields (audited); `Taken` when a new code or
    /// name is in use, `NotFound` for an unknown region.
    async fn save_mpp(
        &self,
        code: &str,
        fields: &MppFields,
        create: bool,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Adds a unit to the MPP as a tenant (again, if it had left), or removes it (its answers
    /// given there stay the MPP's), audited; `NotFound` for an unknown MPP or unit.
    async fn set_tenant(
        &self,
        mpp_code: &str,
        unit_code: &str,
        serving: bool,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// The MPP `mpp_code` when the unit serves there now: where its survey form is answered.
    async fn mpp_place(&self, mpp_code: &str, unit_id: i64) -> StoreResult<Option<MppPlace>>;

    /// The valid (or the flagged) answers given in the MPP from `from` to `to` (Jakarta days), a
    /// tally per unit (units without answers left out), by unit id.
    async fn mpp_tallies(
        &self,
        mpp_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        counted: super::records::Counted,
    ) -> StoreResult<Vec<(i64, Tally)>>;

    /// The newest comments (at most `limit`) of valid answers given in the MPP from `from` to `to`
    /// (Jakarta days), of every tenant, newest first.
    async fn mpp_comments(
        &self,
        mpp_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        limit: u32,
    ) -> StoreResult<Vec<MppComment>>;

    /// Valid answers given in the MPP on the Jakarta day `day`.
    async fn mpp_answers_on(&self, mpp_id: i64, day: NaiveDate) -> StoreResult<u64>;
}
