//! The storage interface of invitations (`crate::invitation`): issuing them, reading one, a unit's
//! settings and a period's counts. Part of [`super::Store`]; both engines implement it in
//! `server/src/storage/invitations.rs`. An invitation is used up by the survey's writer, in the
//! answer's own transaction (`NewResponse::invitation`).

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::invitation::{Invitation, InvitationCounts, InvitationSettings};
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

    /// The unit's invitations issued from `from` to `to` (Jakarta days) and how many of them were
    /// answered, and the answers given in those days through an invitation.
    async fn invitation_counts(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<InvitationCounts>;
}
