//! Reading the directory's rows: regions and units, as the store and the accounts queries read them.

use super::sql::Cols;
use app::model::{Region, RegionLevel, UnitKind, UnitSummary};
use app::store::{StoreError, StoreResult};

/// The columns (and joins) of a unit's row: `SELECT {UNIT_COLUMNS} WHERE …`.
pub const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.region_code, u.active, \
     u.complaint_contact, u.kiosk_profile, m.name AS mpp_name, r.name AS region_name \
     FROM units u JOIN regions r ON r.code = u.region_code LEFT JOIN mpps m ON m.id = u.mpp_id";

pub fn parse_region(row: &impl Cols) -> StoreResult<Region> {
    let level: String = row.col("level")?;
    Ok(Region {
        code: row.col("code")?,
        name: row.col("name")?,
        level: RegionLevel::parse(&level)
            .ok_or_else(|| StoreError::Failed(format!("unknown region level {level}")))?,
        parent_code: row.col("parent_code")?,
    })
}

/// A unit's summary from a row of [`UNIT_COLUMNS`].
pub fn parse_unit(row: &impl Cols) -> StoreResult<UnitSummary> {
    let kind: String = row.col("kind")?;
    Ok(UnitSummary {
        code: row.col("code")?,
        name: row.col("name")?,
        kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
        region_code: row.col("region_code")?,
        mpp_name: row.col("mpp_name")?,
    })
}
