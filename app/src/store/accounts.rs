//! The storage interface for staff accounts, sessions, the audit log and the administration of the
//! directory. Part of [`super::Store`]; both engines implement it in `server/src/storage/accounts.rs`.
//! Every change made for a person is written together with its audit line, in one transaction.

use super::error::StoreResult;
use crate::access::Viewer;
use crate::accounts::{Actor, AuditEntry, Credentials, NewUser};
use crate::model::{Account, AuditFilter, AuditRecord, UnitFields, UnitListing, UnitRecord};
use chrono::{DateTime, Utc};

#[async_trait::async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an account (audited); `Conflict` when the username or e-mail is taken.
    async fn create_user(&self, user: &NewUser, actor: &Actor) -> StoreResult<i64>;

    /// Every account, by username.
    async fn users(&self) -> StoreResult<Vec<Account>>;

    /// The credentials of the account with this username or e-mail (case-insensitive).
    async fn credentials(&self, login: &str) -> StoreResult<Option<Credentials>>;

    /// Replaces a password hash and ends the account's sessions (audited).
    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Activates or deactivates an account; deactivating ends its sessions (audited).
    async fn set_user_active(&self, username: &str, active: bool, actor: &Actor)
        -> StoreResult<()>;

    /// Stores a new session (only the token's hash) and removes expired ones.
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The active account behind an unexpired session.
    async fn session_viewer(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Viewer>>;

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    /// Counts one more sign-in attempt of `key` in the window that starts at `window`, unless it
    /// holds `limit` already; atomic, so that concurrent attempts never pass the limit together.
    /// The count with this one, or `None` at the limit. Forgets windows older than `forget_before`.
    async fn count_attempt(
        &self,
        key: &str,
        window: DateTime<Utc>,
        limit: u32,
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<Option<u32>>;

    /// The attempts of `key` in the window that starts at `window` (0 when none).
    async fn attempts(&self, key: &str, window: DateTime<Utc>) -> StoreResult<u32>;

    /// Takes back one attempt of `key` in the window (one that turned out to be no failure).
    async fn release_attempt(&self, key: &str, window: DateTime<Utc>) -> StoreResult<()>;

    /// Forgets every attempt of `key`.
    async fn forget_attempts(&self, key: &str) -> StoreResult<()>;

    /// Lets `key` through now when it last went through at or before `since`; atomic, so that of
    /// concurrent callers at most one goes through. Whether this one does.
    async fn pass_gate(
        &self,
        key: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Appends a line that is not part of a change (sign-ins, sign-outs).
    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()>;

    /// The newest audit lines matching the filter, at most `limit`.
    async fn audit_log(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<AuditRecord>>;

    /// Every unit, inactive ones too, by region code then name.
    async fn all_units(&self) -> StoreResult<Vec<UnitListing>>;

    /// A unit with every service, for its administration page.
    async fn unit_record(&self, code: &str) -> StoreResult<Option<UnitRecord>>;

    /// Creates a unit (audited); `Conflict` when the code is taken, `NotFound` for an unknown region.
    async fn create_unit(&self, code: &str, fields: &UnitFields, actor: &Actor) -> StoreResult<()>;

    /// Changes a unit's facts (audited with before and after).
    async fn update_unit(&self, code: &str, fields: &UnitFields, actor: &Actor) -> StoreResult<()>;

    /// Adds a service to a unit (audited); `Conflict` when it has one of that name.
    async fn add_service(&self, unit_code: &str, name: &str, actor: &Actor) -> StoreResult<()>;

    /// Offers or withdraws a service (audited); its answers stay.
    async fn set_service_active(
        &self,
        unit_code: &str,
        service_id: i64,
        active: bool,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Renames a region (audited).
    async fn rename_region(&self, code: &str, name: &str, actor: &Actor) -> StoreResult<()>;
}
