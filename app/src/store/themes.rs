//! What comments were about, counted per period (issue #33): the unit dashboard's themes, the
//! region page's top themes per unit, the report's BAB IV. Part of [`super::Store`]; both engines
//! implement it in `server/src/storage/themes.rs`, summing with `ikm_domain::themes::summary`.

use super::error::StoreResult;
use chrono::NaiveDate;
use ikm_domain::themes::summary::ThemeSummary;

/// The fingerprint of the built-in comment lexicon (`Themes::use_lexicon`).
pub const BUILT_IN_LEXICON: &str = "built-in";

#[async_trait::async_trait]
pub trait Themes: Send + Sync {
    /// The themes of a unit's valid comments of the days `from..=to`, with the scores their
    /// writers gave each theme's unsur.
    async fn theme_summary(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<ThemeSummary>;

    /// Records the lexicon comments are read with (its fingerprint); when it differs from the
    /// one the stored readings were made with, deletes those readings (to be read again) and
    /// says so (`true`). The first call on a database only records it.
    async fn use_lexicon(&self, fingerprint: &str) -> StoreResult<bool>;

    /// The themes of the valid comments of each unit in a region (a province or a kabupaten/kota)
    /// that has any, by unit id — counts only (no scores).
    async fn region_theme_summaries(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(i64, ThemeSummary)>>;

    /// The same counts summed per place, the region code each unit is placed in (codes without
    /// comments left out): what a province's or the nation's rows need, a few hundred sums
    /// instead of a row per unit.
    async fn placed_theme_summaries(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(String, ThemeSummary)>>;
}
