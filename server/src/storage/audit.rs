//! The audit log's one writer: every change of the stores appends its line in its own
//! transaction (who, what, on what, the state before and after as JSON).

use super::engine::Engine;
use super::shared::timestamp;
use super::sql::{sql, Tx};
use app::accounts::Actor;
use app::store::StoreResult;
use chrono::Utc;

pub(crate) async fn append<E: Engine>(
    tx: &mut Tx<E>,
    actor: &Actor,
    action: &str,
    target: &str,
    before: Option<String>,
    after: Option<String>,
) -> StoreResult<()> {
    sql::<E>(
        "INSERT INTO audit_log (at, actor_id, actor, address, action, target, before, after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(timestamp(&Utc::now()))
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(&actor.address)
    .bind(action)
    .bind(target)
    .bind(before)
    .bind(after)
    .run(&mut *tx)
    .await?;
    Ok(())
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}
