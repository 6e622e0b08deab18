//! The storage interface of the unit dashboard beyond tallies: breakdowns, the comment inbox, the
//! follow-up plan, alerts, units' tallies for a region, published periods and uploads waiting to be
//! stored. Part of [`super::Store`]; both engines implement it in `server/src/storage/dashboard.rs`.

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::dashboard::{
    Alert, AlertKind, AlertRules, CommentFilter, CommentRow, CommentUpdate, Dimension,
    FollowUpAction, ImportSummary, LevyChannel, NewAction, PublicReply, RegionUnit, UnitAlert,
};
use crate::model::UnitSummary;
use chrono::{DateTime, NaiveDate, Utc};
use ikm_domain::{Answers, Tally};

#[async_trait::async_trait]
pub trait Dashboards: Send + Sync {
    /// Valid respondents of a unit in a period split by each dimension (in the order of
    /// `Dimension::ALL`), a tally per cell, labelled with the service's name for services.
    /// Whole months come from the monthly cell roll-up; the days of partial months from the
    /// daily tallies (service, counter, channel) and the responses (profile).
    async fn breakdowns(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(Dimension, Vec<(String, Tally)>)>>;

    /// The newest comments matching the filter, at most `limit`.
    async fn comments(
        &self,
        unit_id: i64,
        filter: &CommentFilter,
        limit: u32,
    ) -> StoreResult<Vec<CommentRow>>;

    /// How many comments match the filter.
    async fn comment_count(&self, unit_id: i64, filter: &CommentFilter) -> StoreResult<u64>;

    /// Sets a comment's status, note and public reply (audited) as of `at` (a new reply is dated
    /// then); `NotFound` when the unit has no comment under that response id.
    async fn update_comment(
        &self,
        unit_id: i64,
        response_id: &str,
        update: &CommentUpdate,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Marks that staff reached the citizen at the contact they consented to (audited);
    /// `NotFound` when the unit's answer under that id carries no contact.
    async fn mark_contacted(
        &self,
        unit_id: i64,
        response_id: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Forwards a levy report (a `pungli` alert of this unit, acknowledged, not closed) to APIP
    /// or SP4N-LAPOR! under its reference number there (audited); `NotFound` otherwise.
    async fn forward_alert(
        &self,
        unit_id: i64,
        id: i64,
        to: LevyChannel,
        reference: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// Closes a levy report (acknowledged, not closed) with what was done (audited);
    /// `NotFound` otherwise.
    async fn close_alert(
        &self,
        unit_id: i64,
        id: i64,
        note: Option<&str>,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// The levy reports of a region's units (a province or a kabupaten/kota), open ones first,
    /// newest first, at most `limit`.
    async fn region_levy_alerts(
        &self,
        region_code: &str,
        limit: u32,
    ) -> StoreResult<Vec<UnitAlert>>;

    /// Reads up to `limit` stored comments that have no reading yet (stored before comments were
    /// read, or under an older lexicon that was cleared) and writes their readings; how many. No
    /// alert is raised for them: they are not new. Once a call finds none, the database is marked
    /// as read through and later calls answer 0 without looking, until `use_lexicon` clears the
    /// readings.
    async fn read_stored_comments(&self, limit: u32) -> StoreResult<u64>;

    /// The unit's newest public replies.
    async fn public_replies(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<PublicReply>>;

    /// The actions of these periods (keys), oldest first.
    async fn followup_actions(
        &self,
        unit_id: i64,
        periods: &[String],
    ) -> StoreResult<Vec<FollowUpAction>>;

    /// Adds an action (audited) and returns its id.
    async fn add_followup_action(
        &self,
        unit_id: i64,
        action: &NewAction,
        actor: &Actor,
    ) -> StoreResult<i64>;

    /// The unit's alert rules (`None`: no rules set).
    async fn alert_rules(&self, unit_id: i64) -> StoreResult<Option<AlertRules>>;

    /// Replaces the unit's alert rules (audited).
    async fn set_alert_rules(
        &self,
        unit_id: i64,
        rules: &AlertRules,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// The unit's newest alerts, open ones first.
    async fn alerts(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Alert>>;

    /// Raises an alert unless one of this kind is open; `true` when raised.
    async fn raise_alert(
        &self,
        unit_id: i64,
        kind: AlertKind,
        detail: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Acknowledges an open alert (audited); `NotFound` when the unit has no such open alert.
    async fn acknowledge_alert(&self, unit_id: i64, id: i64, actor: &Actor) -> StoreResult<()>;

    /// Every unit in a region (a province: all its kabupaten/kota), inactive ones too (their
    /// answers still count for the period they were given in).
    async fn region_units(&self, region_code: &str) -> StoreResult<Vec<RegionUnit>>;

    /// One tally per unit of a region that has answers in the period (from the tallies only: a
    /// province over a year never reads a response).
    async fn unit_tallies(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
        counted: super::records::Counted,
    ) -> StoreResult<Vec<(i64, Tally)>>;

    /// The tallies of the same units summed per region code they are placed in (`18`, `18.71`;
    /// codes without answers left out): a comparison's pooled rows of past periods without a
    /// row per unit (a nation's 30 000).
    async fn placed_tallies(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
        counted: super::records::Counted,
    ) -> StoreResult<Vec<(String, Tally)>>;

    /// Publishes a unit's period as of `at`, or withdraws it (audited); publishing twice is one
    /// publication (the first day stays).
    async fn set_published(
        &self,
        unit_id: i64,
        period: &str,
        published: bool,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// The period keys a unit has published.
    async fn published_periods(&self, unit_id: i64) -> StoreResult<Vec<String>>;

    /// Every published (unit id, period key).
    async fn all_published(&self) -> StoreResult<Vec<(i64, String)>>;

    /// A page of the active units that have published a period, by code: `limit` of them after
    /// the first `offset`, each with the keys it published; only units inside every region of
    /// `within` (a code takes the regions under it); and how many units the list holds in all.
    async fn published_units(
        &self,
        within: &[&str],
        offset: u64,
        limit: u32,
    ) -> StoreResult<PublishedUnits>;

    /// The answers of the unit's newest valid responses, at most `limit`.
    async fn recent_answers(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Answers>>;

    /// Keeps an uploaded file (as CSV) and its check until the unit stores it; uploads older
    /// than a day are removed. In the database, so the preview and the store may reach
    /// different app servers.
    async fn save_upload(
        &self,
        unit_id: i64,
        id: &str,
        content: &[u8],
        summary: &ImportSummary,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// An upload of this unit: its check (and outcome, once stored) and the file (empty once
    /// stored).
    async fn upload(&self, unit_id: i64, id: &str)
        -> StoreResult<Option<(ImportSummary, Vec<u8>)>>;

    /// Records what storing an upload did, drops its file and writes the audit line. The
    /// responses themselves are stored by `Store::record_responses` (in batches, idempotent).
    async fn finish_upload(
        &self,
        unit_id: i64,
        id: &str,
        summary: &ImportSummary,
        actor: &Actor,
    ) -> StoreResult<()>;
}

/// A page of the units that have published (`Dashboards::published_units`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishedUnits {
    /// Units in the whole list, on every page.
    pub total: u64,
    /// The page's units, each with its published period keys (in no particular order).
    pub units: Vec<(UnitSummary, Vec<String>)>,
}
