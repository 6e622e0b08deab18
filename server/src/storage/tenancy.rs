//! Who serves in which MPP, as both the unit writes (a unit's "serves in MPP" field, the demo) and
//! the MPP's own writes make it: the MPP named on first mention, and a tenancy started again.

use super::engine::Engine;
use super::shared::timestamp;
use super::sql::{sql, Tx};
use app::mpp::code_from_name;
use app::store::StoreResult;
use chrono::Utc;

/// The id of the MPP named `name`, created in `region_code` on first mention (with a code made
/// from its name) — the unit form's "serves in MPP" field and the demo name MPPs this way.
pub(super) async fn mpp_named<E: Engine>(
    tx: &mut Tx<E>,
    region_code: &str,
    name: &str,
) -> StoreResult<i64> {
    let found: Option<i64> = sql::<E>("SELECT id FROM mpps WHERE name = $1")
        .bind(name)
        .scalar_optional(&mut *tx)
        .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    let mut code = code_from_name(name);
    let taken: Option<i64> = sql::<E>("SELECT id FROM mpps WHERE code = $1")
        .bind(code.as_str())
        .scalar_optional(&mut *tx)
        .await?;
    if taken.is_some() || code.is_empty() {
        let n: i64 = sql::<E>("SELECT COUNT(*) FROM mpps")
            .scalar(&mut *tx)
            .await?;
        let base = code_from_name(name);
        code = format!("{}-{}", base.get(..40).unwrap_or(base.as_str()), n + 1);
    }
    sql::<E>("INSERT INTO mpps (region_code, name, code) VALUES ($1, $2, $3) RETURNING id")
        .bind(region_code)
        .bind(name)
        .bind(code.as_str())
        .scalar(&mut *tx)
        .await
}

/// Makes the unit a tenant of the MPP serving now (again, if it had left).
pub(super) async fn serve_in<E: Engine>(
    tx: &mut Tx<E>,
    mpp_id: i64,
    unit_id: i64,
) -> StoreResult<()> {
    sql::<E>(
        "INSERT INTO mpp_tenants (mpp_id, unit_id, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT (mpp_id, unit_id) DO UPDATE SET removed_at = NULL, \
         added_at = CASE WHEN mpp_tenants.removed_at IS NULL THEN mpp_tenants.added_at \
         ELSE excluded.added_at END",
    )
    .bind(mpp_id)
    .bind(unit_id)
    .bind(timestamp(&Utc::now()))
    .run(&mut *tx)
    .await?;
    Ok(())
}
