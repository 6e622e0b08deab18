//! Personal data kept no longer than needed (issue #33, UU 27/2022): consented contacts deleted 90
//! days after their comment is closed; after the retention period (two years by default) comments
//! and staff's notes and replies masked in the database and the profile answers emptied, the
//! tallies untouched. Both engines implement it in `server/src/storage/retention.rs`.

use super::error::StoreResult;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// What a purge changed, or would change (`--dry-run`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// Answers given on these days: from the end of the last purge (`None`: the first purge)…
    pub from: Option<NaiveDate>,
    /// …up to this day, not included. Never past the months whose breakdown cells are built, so
    /// the emptied profile answers stay counted in the breakdowns.
    pub before: NaiveDate,
    /// Comments that held personal data, masked.
    pub comments_masked: u64,
    /// Staff notes and public replies that held personal data, masked.
    pub replies_masked: u64,
    /// Answers whose profile (gender, age, education, occupation) or device hash was emptied.
    pub profiles_emptied: u64,
    /// Consented contacts deleted (whatever their comment's state).
    pub contacts_deleted: u64,
}

impl PurgeReport {
    pub fn changes(&self) -> u64 {
        self.comments_masked + self.replies_masked + self.profiles_emptied + self.contacts_deleted
    }
}

#[async_trait::async_trait]
pub trait Retention: Send + Sync {
    /// Deletes the contacts of comments closed (`selesai`) more than
    /// `ikm_domain::contact::KEEP_DAYS_AFTER_CLOSED` days before `now`, with one audit line when
    /// any went; how many (with `apply` false: how many it would delete, deleting none).
    async fn forget_contacts(&self, now: DateTime<Utc>, apply: bool) -> StoreResult<u64>;

    /// Masks the comments, notes and replies and empties the profiles of the answers given before
    /// `before` (and after the last purge), and deletes their contacts — or, when `apply` is
    /// false, only counts what it would change. An applied purge writes an audit line and
    /// remembers where it ended.
    async fn purge_personal_data(&self, before: NaiveDate, apply: bool)
        -> StoreResult<PurgeReport>;
}
