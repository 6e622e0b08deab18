//! What comments were about, counted (`app::store::Themes`): the readings in `comment_readings`
//! (one row per comment, its themes a comma-separated list) of a unit's or a region's valid
//! answers in a period, summed by `ikm_domain::themes::summary`.

use super::dashboard::scores_of;
use super::engine::Engine;
use super::shared::{in_region, region_prefix, to_u64, SCORE_COLUMNS};
use super::sql::{begin, commit, sql, Cols};
use super::store::SqlStore;
use app::store::themes::BUILT_IN_LEXICON;
use app::store::{StoreResult, Themes};
use chrono::NaiveDate;
use ikm_domain::themes::summary::ThemeSummary;
use ikm_domain::Unsur;

#[async_trait::async_trait]
impl<E: Engine> Themes for SqlStore<E> {
    async fn theme_summary(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<ThemeSummary> {
        let scores: Vec<String> = SCORE_COLUMNS.iter().map(|c| format!("r.{c}")).collect();
        let rows = sql::<E>(&format!(
            "SELECT c.themes, {} FROM comment_readings c JOIN responses r ON r.id = c.response_id \
             WHERE c.unit_id = $1 AND c.day BETWEEN $2 AND $3 AND r.flag IS NULL",
            scores.join(", ")
        ))
        .bind(unit_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .all(&self.pool)
        .await?;
        let mut summary = ThemeSummary::default();
        for row in &rows {
            let themes: String = row.col("themes")?;
            let themes: Vec<Unsur> = themes.split(',').filter_map(Unsur::parse).collect();
            summary.add(&themes, &scores_of(row)?);
        }
        Ok(summary)
    }

    async fn use_lexicon(&self, fingerprint: &str) -> StoreResult<bool> {
        let mut tx = begin(&self.pool).await?;
        let before: Option<String> = sql::<E>("SELECT value FROM settings WHERE key = 'lexicon'")
            .scalar_optional(&mut tx)
            .await?;
        if before.as_deref() == Some(fingerprint) {
            return Ok(false);
        }
        sql::<E>(
            "INSERT INTO settings (key, value) VALUES ('lexicon', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(fingerprint)
        .run(&mut tx)
        .await?;
        // A database that never recorded one was read with the built-in lexicon.
        let changed = before.as_deref().unwrap_or(BUILT_IN_LEXICON) != fingerprint;
        if changed {
            sql::<E>("DELETE FROM comment_readings")
                .run(&mut tx)
                .await?;
        }
        commit(tx).await?;
        Ok(changed)
    }

    async fn region_theme_summaries(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(i64, ThemeSummary)>> {
        // Each unit's readings of counted answers in the period, a sum per theme bit: a range of
        // the (unit_id, day, counted, theme_bits) index per unit, no row looked up (migration
        // 0026). Driven from the region's units: joined instead, SQLite scans every reading.
        let counts: Vec<String> = Unsur::ALL
            .iter()
            .map(|u| {
                format!(
                    "SUM((c.theme_bits >> {i}) & 1) AS t_{k}",
                    i = u.index(),
                    k = u.key()
                )
            })
            .collect();
        let rows = sql::<E>(&format!(
            "SELECT c.unit_id, COUNT(*) AS n, {} FROM comment_readings c \
             WHERE c.unit_id IN (SELECT u.id FROM units u WHERE {}) \
             AND c.day BETWEEN $3 AND $4 AND c.counted = 1 GROUP BY c.unit_id",
            counts.join(", "),
            in_region("u.region_code", 1, 2)
        ))
        .bind(region_code)
        .bind(region_prefix(region_code))
        .bind(from.to_string())
        .bind(to.to_string())
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let mut summary = ThemeSummary {
                    comments: to_u64(row.col("n")?),
                    ..ThemeSummary::default()
                };
                for theme in &mut summary.themes {
                    let n: Option<i64> = row.col(&format!("t_{}", theme.theme.key()))?;
                    theme.comments = to_u64(n.unwrap_or(0));
                }
                Ok((row.col("unit_id")?, summary))
            })
            .collect()
    }
}
