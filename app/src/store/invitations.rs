//! The storage interface of invitations (`crate::invitation`): issuing them, reading one, a unit's
//! settings and a period's counts. Part of [`super::Store`]; both engines implement it in
//! `server/src/storage/invitations.rs`. An invitation is used up by the survey's writer, in the
//! answer's own transaction (`NewResponse::invitation`).

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::invitation::{ApiKey, Invitation, InvitationCounts, InvitationSettings};
use chrono::NaiveDate;

#[async_trait::async_trait]
pub trait Invitations: Send + Sync {
    /// Stores new invitations (codes made by the caller, unused), issued by `issued_by` (a staff
    /// account, an API key, the command line); `Taken` when a code exists already.
    async fn issue_invitations(
        &self,
        invitations: &[Invitation],
        issued_by: &str,
    ) -> StoreResult<()>;

    /// The invitation with this code (as `invitation::normalize` writes it).
    async fn invitation(&self, code: &str) -> StoreResult<Option<Invitation>>;

    /// The unit's choices (the defaults when it made none).
    async fn invitation_settings(&self, unit_id: i64) -> StoreResult<InvitationSettings>;

    /// Changes the unit's choices (audited).
    async fn set_invitation_settings(
        &self,
        unit_id: i64,
        unit_code: &str,
        settings: InvitationSettings,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Issues invitations through an API key: stored, the key's last use set, and one audit line
    /// (`api_key_use`, with how many) — all or nothing.
    async fn issue_through_key(&self, key: &ApiKey, invitations: &[Invitation]) -> StoreResult<()>;

    /// Makes an API key of the unit (its SHA-256 `hash`, hex; audited `api_key_create`).
    async fn create_api_key(
        &self,
        unit_id: i64,
        unit_code: &str,
        name: &str,
        prefix: &str,
        hash: &str,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// The unit's API keys, newest first.
    async fn api_keys(&self, unit_id: i64) -> StoreResult<Vec<ApiKey>>;

    /// The key with this prefix and its hash.
    async fn api_key(&self, prefix: &str) -> StoreResult<Option<(ApiKey, String)>>;

    /// Revokes the unit's key `id` (audited `api_key_revoke`); `false` when the unit has no such
    /// key.
    async fn revoke_api_key(
        &self,
        unit_id: i64,
        unit_code: &str,
        id: i64,
        actor: &Actor,
    ) -> StoreResult<bool>;

    /// The unit's invitations issued from `from` to `to` (Jakarta days) and how many of them were
    /// answered, the answers given in those days through an invitation, and the people served
    /// (`invitation::served`, from the uploaded counts and the invitations).
    async fn invitation_counts(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<InvitationCounts>;

    /// The same counts for every unit of the region `region_code` and of the regions under it
    /// that has any in the period (the region comparison's).
    async fn invitation_counts_in(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(i64, InvitationCounts)>>;

    /// Stores the unit's served counts, a day each (a day stored before is replaced), all or
    /// nothing, with one audit line (`served_counts`: how many days, from, to, the total).
    async fn set_served_counts(
        &self,
        unit_id: i64,
        unit_code: &str,
        days: &[(NaiveDate, u64)],
        actor: &Actor,
    ) -> StoreResult<()>;
}
