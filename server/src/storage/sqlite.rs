//! The SQLite engine: one file, WAL journal, `synchronous=FULL` (an acknowledged write survives a
//! power cut), foreign keys on.

use super::{db_error, OpenError};
use app::model::{Region, RegionLevel, Service, UnitDetail, UnitKind, UnitSummary};
use app::store::{NewRegion, NewUnit, RecordCounts, Store, StoreError, StoreResult};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Row;
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pool: SqlitePool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

impl SqliteStore {
    /// Opens (creating when missing, with its folder) the database file and migrates it.
    pub async fn open(url: &str) -> Result<SqliteStore, OpenError> {
        let open_error = |reason: String| OpenError::Open {
            url: url.to_string(),
            reason,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| open_error(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let path = options.get_filename().to_path_buf();
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| open_error(format!("cannot create {}: {e}", folder.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| open_error(e.to_string()))?;
        MIGRATOR.run(&pool).await.map_err(|e| OpenError::Migrate {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn parse_region(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Region> {
    let level: String = row.try_get("level").map_err(db_error)?;
    Ok(Region {
        code: row.try_get("code").map_err(db_error)?,
        name: row.try_get("name").map_err(db_error)?,
        level: RegionLevel::parse(&level)
            .ok_or_else(|| StoreError::Database(format!("unknown region level {level}")))?,
        parent_code: row.try_get("parent_code").map_err(db_error)?,
    })
}

fn parse_unit(row: &sqlx::sqlite::SqliteRow) -> StoreResult<UnitSummary> {
    let kind: String = row.try_get("kind").map_err(db_error)?;
    Ok(UnitSummary {
        code: row.try_get("code").map_err(db_error)?,
        name: row.try_get("name").map_err(db_error)?,
        kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
        region_code: row.try_get("region_code").map_err(db_error)?,
        mpp_name: row.try_get("mpp_name").map_err(db_error)?,
    })
}

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.region_code, u.active, \
     u.complaint_contact, m.name AS mpp_name, r.name AS region_name \
     FROM units u JOIN regions r ON r.code = u.region_code LEFT JOIN mpps m ON m.id = u.mpp_id";

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn regions(&self) -> StoreResult<Vec<Region>> {
        let rows = sqlx::query(
            "SELECT code, name, level, parent_code FROM regions \
             ORDER BY parent_code IS NOT NULL, code",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(parse_region).collect()
    }

    async fn active_units(&self) -> StoreResult<Vec<UnitSummary>> {
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} WHERE u.active = 1 ORDER BY u.region_code, u.name"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(parse_unit).collect()
    }

    async fn unit(&self, code: &str) -> StoreResult<Option<UnitDetail>> {
        let Some(row) = sqlx::query(&format!("SELECT {UNIT_COLUMNS} WHERE u.code = ?"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?
        else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id").map_err(db_error)?;
        let services = sqlx::query(
            "SELECT id, name FROM services WHERE unit_id = ? AND active = 1 ORDER BY position, name",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?
        .iter()
        .map(|s| {
            Ok(Service {
                id: s.try_get("id").map_err(db_error)?,
                name: s.try_get("name").map_err(db_error)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(UnitDetail {
            unit: parse_unit(&row)?,
            region_name: row.try_get("region_name").map_err(db_error)?,
            active: row.try_get("active").map_err(db_error)?,
            complaint_contact: row.try_get("complaint_contact").map_err(db_error)?,
            services,
        }))
    }

    async fn ensure_region(&self, region: &NewRegion) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?) \
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(&region.code)
        .bind(&region.name)
        .bind(region.level.key())
        .bind(&region.parent_code)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    async fn ensure_unit(&self, unit: &NewUnit) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        let mpp_id: Option<i64> = match &unit.mpp_name {
            Some(name) => {
                sqlx::query(
                    "INSERT INTO mpps (region_code, name) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                )
                .bind(&unit.region_code)
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                sqlx::query_scalar("SELECT id FROM mpps WHERE name = ?")
                    .bind(name)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
            }
            None => None,
        };
        let population = unit
            .population_per_year
            .map(|p| p.min(i64::MAX as u64) as i64);
        let created = sqlx::query(
            "INSERT INTO units (code, name, kind, region_code, mpp_id, complaint_contact, population_per_year) \
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
        )
        .bind(&unit.code)
        .bind(&unit.name)
        .bind(unit.kind.key())
        .bind(&unit.region_code)
        .bind(mpp_id)
        .bind(&unit.complaint_contact)
        .bind(population)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected()
            == 1;
        tx.commit().await.map_err(db_error)?;
        Ok(created)
    }

    async fn ensure_service(&self, unit_code: &str, name: &str) -> StoreResult<()> {
        let inserted = sqlx::query(
            "INSERT INTO services (unit_id, name, position) \
             SELECT u.id, ?, (SELECT COUNT(*) FROM services s WHERE s.unit_id = u.id) \
             FROM units u WHERE u.code = ? \
             ON CONFLICT (unit_id, name) DO NOTHING",
        )
        .bind(name)
        .bind(unit_code)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        if inserted.rows_affected() == 0 {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE code = ?")
                .bind(unit_code)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!("unit {unit_code}")));
            }
        }
        Ok(())
    }

    async fn counts(&self) -> StoreResult<RecordCounts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM regions) AS regions, (SELECT COUNT(*) FROM mpps) AS mpps, \
             (SELECT COUNT(*) FROM units) AS units, (SELECT COUNT(*) FROM services) AS services",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)?;
        let get = |name: &str| -> StoreResult<u64> {
            let n: i64 = row.try_get(name).map_err(db_error)?;
            Ok(n.max(0) as u64)
        };
        Ok(RecordCounts {
            regions: get("regions")?,
            mpps: get("mpps")?,
            units: get("units")?,
            services: get("services")?,
        })
    }
}
