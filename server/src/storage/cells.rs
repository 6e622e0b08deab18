//! The monthly breakdown cells (`month_cells`, migrations 0009, 0011, 0012): what the writer adds
//! to them as answers are stored, and the build of a month's cells once it is over, step by step
//! beside the writer.

use super::cell_builds::{Builds, Start};
use super::engine::Engine;
use super::rows::parse_response;
use super::shared::{cells_of, first_day_after, month_key, to_u64, TallyTable};
use super::sql::{begin_write, commit, sql, Cols, Tx};
use super::tallies::upsert;
use app::store::{CellBuild, NewResponse, StoreError, StoreResult};
use chrono::NaiveDate;
use ikm_domain::Tally;
use sqlx::Pool;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// A breakdown cell's monthly key: unit, month (`YYYY-MM`), dimension key, cell.
type CellKey = (i64, String, &'static str, String);
pub(crate) type CellRows = BTreeMap<CellKey, Tally>;

/// Adds a valid response to its seven breakdown cells of its month (`YYYY-MM`; flagged ones are
/// never broken down).
pub(crate) fn add_cells(rows: &mut CellRows, r: &NewResponse, month: &str) {
    if r.flag.is_some() {
        return;
    }
    for (dimension, cell) in cells_of(r) {
        rows.entry((r.unit_id, month.to_string(), dimension.key(), cell))
            .or_default()
            .record(&r.answers);
    }
}

/// Adds the cells to their monthly rows.
pub(crate) async fn upsert_cells<E: Engine>(tx: &mut Tx<E>, rows: CellRows) -> StoreResult<()> {
    upsert(
        tx,
        TallyTable::Cells,
        rows,
        |q, (unit, month, dimension, cell)| {
            q.bind(*unit)
                .bind(month.as_str())
                .bind(*dimension)
                .bind(cell.as_str())
        },
    )
    .await
}

/// The last month whose breakdown cells are built (`YYYY-MM`, migration 0011).
pub(crate) async fn built_through<E: Engine>(pool: &Pool<E>) -> StoreResult<String> {
    sql::<E>("SELECT through FROM month_cells_built")
        .scalar(pool)
        .await
}

/// What the writer needs to know of the cells built: the last month built for every unit, and
/// the units whose cells of the month after it are built already.
pub(crate) struct BuiltCells {
    pub(crate) through: String,
    next: String,
    ahead: HashSet<i64>,
}

impl BuiltCells {
    /// Both marks in one statement (the units' list is empty except while a month builds).
    pub(crate) async fn read<E: Engine>(tx: &mut Tx<E>) -> StoreResult<BuiltCells> {
        let rows = sql::<E>(
            "SELECT b.through, u.unit_id, u.month FROM month_cells_built b \
             LEFT JOIN month_cells_units u ON TRUE",
        )
        .all(&mut *tx)
        .await?;
        let through: String = rows
            .first()
            .map(|row| row.col("through"))
            .transpose()?
            .ok_or_else(|| StoreError::Failed("month_cells_built is empty".into()))?;
        let next = month_key(first_day_after(&through)?);
        let mut ahead = HashSet::new();
        for row in &rows {
            let unit: Option<i64> = row.col("unit_id")?;
            let month: Option<String> = row.col("month")?;
            if let Some(unit) = unit.filter(|_| month.as_deref() == Some(next.as_str())) {
                ahead.insert(unit);
            }
        }
        Ok(BuiltCells {
            through,
            next,
            ahead,
        })
    }

    /// Whether an answer of `unit` in `month` goes into the cells as it is stored.
    pub(crate) fn covers(&self, unit: i64, month: &str) -> bool {
        month <= self.through.as_str() || (month == self.next && self.ahead.contains(&unit))
    }
}

/// One step of `Store::build_month_cells`, in one transaction on the writer's pool.
pub(crate) async fn build_step<E: Engine>(
    writer: &Pool<E>,
    through: NaiveDate,
    answers: u64,
) -> StoreResult<CellBuild> {
    let last = month_key(through);
    let mut tx = begin_write(writer).await?;
    if let Some(lock) = E::CLOSE_LOCK {
        sql::<E>(lock).run(&mut tx).await?;
    }
    let built: String = sql::<E>("SELECT through FROM month_cells_built")
        .scalar(&mut tx)
        .await?;
    if built >= last {
        return Ok(CellBuild::Done);
    }
    let month = month_key(first_day_after(&built)?);
    let waiting = sql::<E>(
        "SELECT t.unit_id, t.respondents FROM month_tallies t \
         WHERE t.month = $1 AND t.flagged = FALSE AND NOT EXISTS \
         (SELECT 1 FROM month_cells_units u WHERE u.unit_id = t.unit_id AND u.month = $1) \
         ORDER BY t.unit_id",
    )
    .bind(&month)
    .all(&mut tx)
    .await?
    .iter()
    .map(|row| Ok((row.col::<i64>("unit_id")?, row.col::<i64>("respondents")?)))
    .collect::<StoreResult<Vec<_>>>()?;
    if waiting.is_empty() {
        // Every unit with answers is built: any other unit's cells are stale.
        sql::<E>(
            "DELETE FROM month_cells WHERE month = $1 \
             AND unit_id NOT IN (SELECT unit_id FROM month_cells_units WHERE month = $1)",
        )
        .bind(&month)
        .run(&mut tx)
        .await?;
        sql::<E>("DELETE FROM month_cells_units")
            .run(&mut tx)
            .await?;
        sql::<E>("UPDATE month_cells_built SET through = $1")
            .bind(&month)
            .run(&mut tx)
            .await?;
        commit(tx).await?;
        return Ok(CellBuild::Closed(month));
    }
    let mut read = 0;
    let mut units = 0;
    for (unit, respondents) in waiting {
        if units > 0 && read >= answers {
            break;
        }
        read += to_u64(respondents);
        units += 1;
        // The unit's valid answers of the month, through the writer's own `add_cells`.
        sql::<E>("DELETE FROM month_cells WHERE unit_id = $1 AND month = $2")
            .bind(unit)
            .bind(&month)
            .run(&mut tx)
            .await?;
        let rows = sql::<E>(
            "SELECT * FROM responses WHERE unit_id = $1 AND day BETWEEN $2 AND $3 \
             AND flag IS NULL",
        )
        .bind(unit)
        .bind(format!("{month}-01"))
        .bind(format!("{month}-31"))
        .all(&mut tx)
        .await?;
        let mut cells = CellRows::new();
        for row in &rows {
            add_cells(&mut cells, &parse_response(row)?.response, &month);
        }
        upsert_cells(&mut tx, cells).await?;
        sql::<E>(
            "INSERT INTO month_cells_units (unit_id, month) VALUES ($1, $2) \
             ON CONFLICT (unit_id) DO UPDATE SET month = excluded.month",
        )
        .bind(unit)
        .bind(&month)
        .run(&mut tx)
        .await?;
    }
    commit(tx).await?;
    Ok(CellBuild::Units(units))
}

/// Every step of `Store::close_months`, each its own transaction; how many months it marked
/// built, each with a log line (its steps, seconds and slowest step).
pub(crate) async fn build_months<E: Engine>(
    writer: &Pool<E>,
    through: NaiveDate,
) -> StoreResult<u32> {
    let started = std::time::Instant::now();
    let (mut closed, mut steps, mut slowest) = (0u32, 0u32, std::time::Duration::ZERO);
    loop {
        let step = std::time::Instant::now();
        let done = build_step(writer, through, app::store::CELL_BUILD_ANSWERS).await?;
        steps += 1;
        slowest = slowest.max(step.elapsed());
        match done {
            CellBuild::Done => return Ok(closed),
            CellBuild::Units(_) => {}
            CellBuild::Closed(month) => {
                closed += 1;
                tracing::info!(
                    %month,
                    steps,
                    seconds = started.elapsed().as_secs_f64(),
                    slowest_step_ms = slowest.as_secs_f64() * 1e3,
                    "breakdown cells built"
                );
            }
        }
    }
}

/// `build_months` in the background: started by the writer once a month is over, one build at a
/// time per store, and not again until a pause after one failed (`builds`).
pub(crate) fn build_in_background<E: Engine>(
    writer: Pool<E>,
    builds: Arc<Builds>,
    through: NaiveDate,
) -> Start {
    let start = builds.start();
    if start != Start::Started {
        return start;
    }
    tokio::spawn(async move {
        let built = build_months(&writer, through).await;
        if let Err(e) = &built {
            // Started again by a batch of the writer once the pause is over.
            tracing::warn!(error = %e, "building a month's breakdown cells failed");
        }
        builds.finished(built.is_ok());
    });
    Start::Started
}
