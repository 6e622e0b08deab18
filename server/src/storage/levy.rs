//! A levy report tracked until it is closed (issue #33): a `pungli` alert, raised by the answer's
//! own transaction (`responses.rs::read_new_comments`) and acknowledged like every alert, is then
//! forwarded to APIP or SP4N-LAPOR! under its reference number there and closed with what was done;
//! each step audited. The region's accounts list their units' reports.

use super::audit::{append, json};
use super::dashboard::{parse_alert, ALERT_COLUMNS};
use super::engine::Engine;
use super::shared::{in_region, region_prefix, timestamp};
use super::sql::{begin_write, commit, sql, Cols};
use app::accounts::{action, Actor};
use app::dashboard::{LevyChannel, UnitAlert};
use app::store::{Record, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::Pool;

/// The unit's levy report `id` that may move on: acknowledged and not closed.
const MAY_MOVE: &str = "id = $1 AND unit_id = $2 AND kind = 'pungli' \
     AND acknowledged_at IS NOT NULL AND closed_at IS NULL";

pub(super) async fn forward<E: Engine>(
    pool: &Pool<E>,
    unit_id: i64,
    id: i64,
    to: LevyChannel,
    reference: &str,
    at: DateTime<Utc>,
    actor: &Actor,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    let done = sql::<E>(&format!(
        "UPDATE alerts SET forwarded_to = $3, forwarded_ref = $4, forwarded_at = $5, \
         forwarded_by = $6 WHERE {MAY_MOVE}"
    ))
    .bind(id)
    .bind(unit_id)
    .bind(to.key())
    .bind(reference)
    .bind(timestamp(&at))
    .bind(&actor.name)
    .run(&mut tx)
    .await?;
    if done == 0 {
        return Err(StoreError::NotFound(Record::Alert(id)));
    }
    let what = serde_json::json!({ "to": to.key(), "reference": reference });
    append(
        &mut tx,
        actor,
        action::ALERT_FORWARD,
        &id.to_string(),
        None,
        json(&what),
    )
    .await?;
    commit(tx).await
}

pub(super) async fn close<E: Engine>(
    pool: &Pool<E>,
    unit_id: i64,
    id: i64,
    note: Option<&str>,
    at: DateTime<Utc>,
    actor: &Actor,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    let done = sql::<E>(&format!(
        "UPDATE alerts SET closed_at = $3, closed_by = $4, closing_note = $5 WHERE {MAY_MOVE}"
    ))
    .bind(id)
    .bind(unit_id)
    .bind(timestamp(&at))
    .bind(&actor.name)
    .bind(note)
    .run(&mut tx)
    .await?;
    if done == 0 {
        return Err(StoreError::NotFound(Record::Alert(id)));
    }
    append(
        &mut tx,
        actor,
        action::ALERT_CLOSE,
        &id.to_string(),
        None,
        json(&serde_json::json!({ "note": note })),
    )
    .await?;
    commit(tx).await
}

pub(super) async fn region_alerts<E: Engine>(
    pool: &Pool<E>,
    region_code: &str,
    limit: u32,
) -> StoreResult<Vec<UnitAlert>> {
    let columns: Vec<String> = ALERT_COLUMNS
        .split(',')
        .map(|c| format!("a.{}", c.trim()))
        .collect();
    let rows = sql::<E>(&format!(
        "SELECT u.code AS unit_code, u.name AS unit_name, {} FROM alerts a \
         JOIN units u ON u.id = a.unit_id \
         WHERE a.kind = 'pungli' AND {} \
         ORDER BY (a.closed_at IS NULL) DESC, a.raised_at DESC LIMIT $3",
        columns.join(", "),
        in_region("u.region_code", region_code, 1, 2)
    ))
    .bind(region_code)
    .bind(region_prefix(region_code))
    .bind(i64::from(limit))
    .all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UnitAlert {
                unit_code: row.col("unit_code")?,
                unit_name: row.col("unit_name")?,
                alert: parse_alert(row)?,
            })
        })
        .collect()
}
