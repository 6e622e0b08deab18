//! What comments were about, counted (`app::store::Themes`): the readings in `comment_readings`
//! (one row per comment, its themes a comma-separated list) of a unit's or a region's valid
//! answers in a period, summed by `ikm_domain::themes::summary`.

use super::dashboard::scores_of;
use super::engine::{Cell, Engine};
use super::shared::{
    in_region, region_prefix, split_months, split_years, to_u64, By, SCORE_COLUMNS,
};
use super::sql::{begin_write, commit, db_error, sql, Cols};
use super::store::SqlStore;
use app::store::themes::BUILT_IN_LEXICON;
use app::store::{StoreResult, Themes};
use chrono::NaiveDate;
use ikm_domain::themes::summary::ThemeSummary;
use ikm_domain::Unsur;
use sqlx::Pool;
use std::collections::BTreeMap;

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
        let mut tx = begin_write(&self.pool).await?;
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
            // Every comment is unread again (`read_stored_comments` scans until none is left).
            sql::<E>("DELETE FROM settings WHERE key = 'comments_read'")
                .run(&mut tx)
                .await?;
            sql::<E>("DELETE FROM month_theme_counts")
                .run(&mut tx)
                .await?;
            sql::<E>("DELETE FROM year_theme_counts")
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
        Ok(summed(&self.pool, region_code, from, to, By::Unit)
            .await?
            .into_iter()
            .collect())
    }

    async fn placed_theme_summaries(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(String, ThemeSummary)>> {
        Ok(summed(&self.pool, region_code, from, to, By::Place)
            .await?
            .into_iter()
            .collect())
    }
}

/// The theme counts of the valid comments of a region's units over `from ..= to`, summed by
/// `by` (its key read as `K`; keys without comments left out).
async fn summed<E: Engine, K: Cell + Ord>(
    pool: &Pool<E>,
    region_code: &str,
    from: NaiveDate,
    to: NaiveDate,
    by: By,
) -> StoreResult<BTreeMap<K, ThemeSummary>> {
    // Whole years and months from the yearly and monthly counts, one row per unit and year or
    // month; the days of the partial months from the readings, a range of the (unit_id, day,
    // counted, theme_bits) index per unit (no row looked up). All driven from the region's
    // units (`unit_id IN (…)`): joined instead, SQLite scans every row. Summed per place, the
    // units are joined once more for their region code: a nation's 30 000 units come back as
    // 514 rows.
    let units = format!(
        "SELECT u.id FROM units u WHERE {}",
        in_region("u.region_code", region_code, 1, 2)
    );
    let (key, join) = match by {
        By::Unit => ("t.unit_id", ""),
        By::Place => ("p.region_code", "JOIN units p ON p.id = t.unit_id"),
    };
    let split = split_months(from, to);
    let mut out: BTreeMap<K, ThemeSummary> = BTreeMap::new();
    let columns: Vec<String> = Unsur::ALL
        .iter()
        .map(|u| format!("t_{}", u.key()))
        .collect();
    let mut add = |row: E::Row| -> StoreResult<()> {
        let sum = out.entry(E::at(&row, 0).map_err(db_error)?).or_default();
        sum.comments += to_u64(row.col::<Option<i64>>("n")?.unwrap_or(0));
        for theme in &mut sum.themes {
            let n: Option<i64> = row.col(&columns[theme.theme.index()])?;
            theme.comments += to_u64(n.unwrap_or(0));
        }
        Ok(())
    };
    // Whole years from the yearly counts, the other whole months from the monthly ones.
    let mut whole: Vec<(&str, &str, String, String)> = Vec::new();
    if let Some((first, last)) = &split.months {
        let years = split_years(first, last);
        whole.extend(
            years
                .months
                .into_iter()
                .map(|(a, b)| ("month_theme_counts", "month", a, b)),
        );
        if let Some((a, b)) = years.years {
            whole.push(("year_theme_counts", "year", a, b));
        }
    }
    let sums: Vec<String> = Unsur::ALL
        .iter()
        // PostgreSQL sums BIGINT as NUMERIC: cast back.
        .map(|u| format!("CAST(SUM(t.t_{k}) AS BIGINT) AS t_{k}", k = u.key()))
        .collect();
    for (table, column, a, b) in whole {
        sql::<E>(&format!(
            "SELECT {key}, CAST(SUM(t.comments) AS BIGINT) AS n, {} FROM {table} t {join} \
             WHERE t.unit_id IN ({units}) AND t.{column} BETWEEN $3 AND $4 GROUP BY {key}",
            sums.join(", ")
        ))
        .bind(region_code)
        .bind(region_prefix(region_code))
        .bind(a)
        .bind(b)
        .each(pool, &mut add)
        .await?;
    }
    let sums: Vec<String> = Unsur::ALL
        .iter()
        .map(|u| format!("SUM((t.theme_bits >> {}) & 1) AS t_{}", u.index(), u.key()))
        .collect();
    for (a, b) in &split.days {
        sql::<E>(&format!(
            "SELECT {key}, COUNT(*) AS n, {} FROM comment_readings t {join} \
             WHERE t.unit_id IN ({units}) AND t.day BETWEEN $3 AND $4 AND t.counted = 1 \
             GROUP BY {key}",
            sums.join(", ")
        ))
        .bind(region_code)
        .bind(region_prefix(region_code))
        .bind(a.to_string())
        .bind(b.to_string())
        .each(pool, &mut add)
        .await?;
    }
    Ok(out)
}
