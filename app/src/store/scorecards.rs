//! The storage interface of the yearly scorecard (PEKPPP): publication media, evidence photos,
//! follow-up progress, the rubric, what a region's units did in a year, and the reminder mails.
//! Part of [`super::Store`]; both engines implement it in `server/src/storage/scorecards.rs`.

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::evidence::{
    ActionUpdate, MediumRecord, MonthAnswers, NewMedium, NewPhoto, Photo, ReminderMail,
    RubricRecord, Units, YearEvidence,
};
use chrono::{DateTime, Utc};
use ikm_domain::rubric::Rubric;

#[async_trait::async_trait]
pub trait Scorecards: Send + Sync {
    /// Every medium the unit recorded, newest publication first.
    async fn media(&self, unit_id: i64) -> StoreResult<Vec<MediumRecord>>;

    /// Records a medium, with its photo stored in the same transaction (audited); its id.
    async fn add_medium(
        &self,
        unit_id: i64,
        medium: &NewMedium,
        photo: Option<&NewPhoto>,
        actor: &Actor,
    ) -> StoreResult<i64>;

    /// Removes a medium recorded by mistake (audited); `NotFound` when the unit has no such one.
    /// Its photo stays (the audit line names it).
    async fn remove_medium(&self, unit_id: i64, id: i64, actor: &Actor) -> StoreResult<()>;

    /// Reports a follow-up item's progress (audited): its status, the day it was done, evidence
    /// and a photo stored in the same transaction; `NotFound` when the unit has no such item.
    async fn update_followup(
        &self,
        unit_id: i64,
        id: i64,
        update: &ActionUpdate,
        photo: Option<&NewPhoto>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// A stored photo by its token.
    async fn photo(&self, token: &str) -> StoreResult<Option<Photo>>;

    /// The rubric an administrator stored last (`None`: never replaced).
    async fn rubric_record(&self) -> StoreResult<Option<RubricRecord>>;

    /// Replaces the rubric (`None`: back to the defaults), audited with what held before.
    async fn set_rubric(&self, rubric: Option<&Rubric>, actor: &Actor) -> StoreResult<()>;

    /// What the units did in `year` beyond their answers: publications, media, follow-up items and
    /// their comments' answers.
    async fn year_evidence(&self, units: Units<'_>, year: i32) -> StoreResult<YearEvidence>;

    /// The units' valid answers in each month of `year` (January first): one entry per unit
    /// with answers that year. One read of the monthly roll-up, a row per unit, only what the
    /// scorecard needs.
    async fn answered_months(
        &self,
        units: Units<'_>,
        year: i32,
    ) -> StoreResult<Vec<(i64, [MonthAnswers; 12])>>;

    /// Claims this month's reminder to `address` before it is sent: `true` when nobody has (or a
    /// send that failed is tried again), `false` when it is sent or being sent.
    async fn claim_reminder(
        &self,
        month: &str,
        address: &str,
        items: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Records how sending a claimed reminder went.
    async fn finish_reminder(
        &self,
        month: &str,
        address: &str,
        outcome: Result<(), String>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The newest reminder mails, at most `limit`.
    async fn reminder_log(&self, limit: u32) -> StoreResult<Vec<ReminderMail>>;
}

/// The rubric in force: the stored one, else the defaults.
pub async fn rubric_in_force(store: &dyn Scorecards) -> StoreResult<Rubric> {
    Ok(store
        .rubric_record()
        .await?
        .and_then(|r| r.rubric)
        .unwrap_or_default())
}
