//! Tallies: the rows each stored answer is added to (daily by service, channel and counter; the
//! monthly roll-up by unit) and the sums dashboards read from them.

use super::engine::{Cell, Engine};
use super::shared::{
    counts_in_order, in_region, region_prefix, split_months, split_years, tally_at, tally_upsert,
    to_i64, By, TallyTable, TALLIES_PER_STATEMENT, TALLY_COLUMNS, TALLY_SUMS,
};
use super::sql::{db_error, sql, Sql, Tx};
use app::store::{Counted, NewResponse, StoreResult};
use chrono::NaiveDate;
use ikm_domain::Tally;
use sqlx::Pool;
use std::collections::BTreeMap;

/// Which units a sum of tallies covers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TallyScope<'a> {
    Unit(i64),
    /// A region's units and those of the regions under it (by Kemendagri code).
    Region(&'a str),
}

/// Each unit's tally over `from ..= to` (units without answers left out): the period's whole
/// years from the yearly roll-up, its other whole months from the monthly one, its other days
/// from the daily rows.
pub(crate) async fn per_unit<E: Engine>(
    pool: &Pool<E>,
    scope: TallyScope<'_>,
    from: NaiveDate,
    to: NaiveDate,
    counted: Counted,
) -> StoreResult<BTreeMap<i64, Tally>> {
    summed(pool, scope, from, to, counted, By::Unit).await
}

/// The units' tallies over `from ..= to` summed per region code the units are placed in (codes
/// without answers left out), read as [`per_unit`]'s: a comparison's pooled rows from a few
/// hundred sums instead of a row per unit.
pub(crate) async fn per_place<E: Engine>(
    pool: &Pool<E>,
    region_code: &str,
    from: NaiveDate,
    to: NaiveDate,
    counted: Counted,
) -> StoreResult<BTreeMap<String, Tally>> {
    let scope = TallyScope::Region(region_code);
    summed(pool, scope, from, to, counted, By::Place).await
}

/// The tallies of `scope` over `from ..= to` summed by `by` (its key read as `K`).
async fn summed<E: Engine, K: Cell + Ord>(
    pool: &Pool<E>,
    scope: TallyScope<'_>,
    from: NaiveDate,
    to: NaiveDate,
    counted: Counted,
    by: By,
) -> StoreResult<BTreeMap<K, Tally>> {
    let split = split_months(from, to);
    let mut ranges: Vec<(TallyTable, String, String)> = split
        .days
        .iter()
        .map(|(a, b)| (TallyTable::Daily, a.to_string(), b.to_string()))
        .collect();
    if let Some((first, last)) = split.months {
        let whole = split_years(&first, &last);
        ranges.extend(
            whole
                .months
                .into_iter()
                .map(|(a, b)| (TallyTable::Monthly, a, b)),
        );
        if let Some((a, b)) = whole.years {
            ranges.push((TallyTable::Yearly, a, b));
        }
    }
    let (filter, next) = match scope {
        TallyScope::Unit(_) => ("t.unit_id = $1".to_string(), 2),
        TallyScope::Region(code) => (in_region("u.region_code", code, 1, 2), 3),
    };
    let sums = TALLY_SUMS.replace("SUM(", "SUM(t.");
    let key = match by {
        By::Unit => "t.unit_id",
        By::Place => "u.region_code",
    };
    let mut out = BTreeMap::<K, Tally>::new();
    for (table, a, b) in ranges {
        let column = table.period_column();
        // A roll-up holds one row per unit and month (or year): per unit its rows are read as
        // stored and added up here, not summed by the database (at 30 000 units PostgreSQL's
        // sums of one year took 300 ms of a 75 ms read; of a quarter's months, sorted for the
        // grouping, 297 ms of a 142 ms read).
        let group = format!("GROUP BY {key}");
        let (columns, group) = if by == By::Unit && table != TallyTable::Daily {
            (&*TALLY_COLUMNS, "")
        } else {
            (&sums, group.as_str())
        };
        let text = format!(
            "SELECT {key}, {columns} FROM {} t JOIN units u ON u.id = t.unit_id \
             WHERE {filter} AND t.{column} BETWEEN ${next} AND ${} AND t.flagged = ${} {group}",
            table.name(),
            next + 1,
            next + 2
        );
        let query = match scope {
            TallyScope::Unit(id) => sql::<E>(&text).bind(id),
            TallyScope::Region(code) => sql::<E>(&text).bind(code).bind(region_prefix(code)),
        };
        query
            .bind(a)
            .bind(b)
            .bind(counted == Counted::Flagged)
            .each(pool, |row| {
                let id: K = E::at(&row, 0).map_err(db_error)?;
                // The tally's columns follow the key.
                let tally = tally_at::<E>(&row, 1)?;
                out.entry(id).or_default().merge(&tally);
                Ok(())
            })
            .await?;
    }
    Ok(out)
}

/// A tally row's key: unit, day, service (0: none), channel, counter tag, flagged.
type TallyKey = (i64, String, i64, &'static str, String, bool);

/// A batch's answers summed into their daily tally rows.
pub(crate) type TallyRows = BTreeMap<TallyKey, Tally>;

/// Adds a stored answer of day `day` (`YYYY-MM-DD`) to its row.
pub(crate) fn add_to(rows: &mut TallyRows, r: &NewResponse, day: &str) {
    let key = (
        r.unit_id,
        day.to_string(),
        r.service_id.unwrap_or(0),
        r.channel.key(),
        r.counter_tag.clone(),
        r.flag.is_some(),
    );
    rows.entry(key).or_default().record(&r.answers);
}

/// Whether a statement of `rows` rows stays prepared on its connection. Each batch size is a
/// different statement text: caching every one (sqlx keeps 100 per connection) held hundreds of
/// large prepared statements — over 100 MB on a server under load. Small ones, the common case,
/// stay; larger ones are prepared for the one use.
pub(crate) fn cache_statement(rows: usize) -> bool {
    rows <= 8
}

/// A roll-up's key: unit, month (`YYYY-MM`) or year (`YYYY`), flagged.
type RollUpKey = (i64, String, bool);

/// Rows summed per unit, period and flagged, the period cut to its first `len` characters
/// (`YYYY-MM-DD` → `YYYY-MM` with 7, `YYYY-MM` → `YYYY` with 4).
fn rolled_up<'a>(
    rows: impl Iterator<Item = (i64, &'a str, bool, &'a Tally)>,
    len: usize,
) -> BTreeMap<RollUpKey, Tally> {
    let mut out = BTreeMap::<RollUpKey, Tally>::new();
    for (unit, period, flagged, tally) in rows {
        let period = period.get(..len).unwrap_or(period).to_string();
        out.entry((unit, period, flagged)).or_default().merge(tally);
    }
    out
}

/// Adds the batch's tallies to their daily rows and to the monthly and yearly roll-ups.
pub(crate) async fn add_batch<E: Engine>(tx: &mut Tx<E>, rows: TallyRows) -> StoreResult<()> {
    let months = rolled_up(
        rows.iter()
            .map(|((unit, day, _, _, _, flagged), t)| (*unit, day.as_str(), *flagged, t)),
        7,
    );
    let years = rolled_up(
        months
            .iter()
            .map(|((unit, month, flagged), t)| (*unit, month.as_str(), *flagged, t)),
        4,
    );
    upsert(
        tx,
        TallyTable::Daily,
        rows,
        |q, (unit, day, service, channel, counter, flagged)| {
            q.bind(*unit)
                .bind(day.as_str())
                .bind(*service)
                .bind(*channel)
                .bind(counter.as_str())
                .bind(*flagged)
        },
    )
    .await?;
    upsert(
        tx,
        TallyTable::Monthly,
        months,
        |q, (unit, month, flagged)| q.bind(*unit).bind(month.as_str()).bind(*flagged),
    )
    .await?;
    upsert(tx, TallyTable::Yearly, years, |q, (unit, year, flagged)| {
        q.bind(*unit).bind(year.as_str()).bind(*flagged)
    })
    .await
}

/// Adds tallies to their rows of `table`, a few hundred rows per statement: each row's key bound
/// by `key`, in the order of the table's key, then its moments and counts.
pub(crate) async fn upsert<E: Engine, K>(
    tx: &mut Tx<E>,
    table: TallyTable,
    rows: BTreeMap<K, Tally>,
    key: impl for<'q> Fn(Sql<'q, E>, &'q K) -> Sql<'q, E>,
) -> StoreResult<()>
where
    K: Send + Sync,
{
    let rows: Vec<(K, Tally)> = rows.into_iter().collect();
    for chunk in rows.chunks(TALLIES_PER_STATEMENT) {
        let text = tally_upsert(table, chunk.len(), E::MARKS);
        let mut statement = sql::<E>(&text).persistent(cache_statement(chunk.len()));
        for (k, tally) in chunk {
            statement = bind_tally(key(statement, k), tally);
        }
        statement.run(&mut *tx).await?;
    }
    Ok(())
}

/// Binds a tally's moments and counts, in the order of `tally_upsert`'s columns.
fn bind_tally<'q, E: Engine>(mut statement: Sql<'q, E>, tally: &Tally) -> Sql<'q, E> {
    statement = statement
        .bind(to_i64(tally.respondents()))
        .bind(to_i64(tally.mean_sum()))
        .bind(to_i64(tally.mean_square_sum()));
    for count in counts_in_order(tally) {
        statement = statement.bind(count);
    }
    statement
}
