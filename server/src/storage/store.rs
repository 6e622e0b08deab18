//! The store of both engines, `SqlStore<E>`, and its implementation of `app::store::Store`: the
//! directory's queries here, the answers' in `responses.rs`, tallies in `tallies.rs`, the
//! breakdown cells' monthly build in `cells.rs`.

use super::cell_builds::{Builds, Start};
use super::engine::Engine;
use super::rows::{parse_region, parse_unit, UNIT_COLUMNS};
use super::shared::month_key;
use super::sql::{begin_write, commit, sql, Cols};
use super::tallies::TallyScope;
use super::{cells, responses};
use app::model::{Region, Service, UnitDetail, UnitSummary};
use app::store::{
    CellBuild, Counted, DeviceAsk, NewRegion, NewResponse, NewUnit, Record, RecordCounts,
    RecordOutcome, Store, StoreError, StoreResult, StoredResponse,
};
use chrono::NaiveDate;
use ikm_domain::Tally;
use sqlx::Pool;
use std::sync::Arc;
use uuid::Uuid;

/// A database of engine `E` (`SqliteStore`, `PgStore`).
pub struct SqlStore<E: Engine> {
    pub(super) pool: Pool<E>,
    /// The pool the survey answers' writer stores its batches on (SQLite: one connection of its
    /// own; PostgreSQL: the same pool).
    pub(super) writer: Pool<E>,
    /// The form secret, read once (it never changes once made).
    secret: tokio::sync::OnceCell<String>,
    /// The background builds of closed months' breakdown cells on this server (one at a time).
    pub(super) builds: Arc<Builds>,
    /// What only this engine keeps.
    pub(super) local: E::Local,
}

impl<E: Engine> SqlStore<E> {
    pub(super) fn new(pool: Pool<E>, writer: Pool<E>, local: E::Local) -> Self {
        SqlStore {
            pool,
            writer,
            secret: tokio::sync::OnceCell::new(),
            builds: Arc::default(),
            local,
        }
    }

    pub fn pool(&self) -> &Pool<E> {
        &self.pool
    }

    pub(super) fn writer(&self) -> &Pool<E> {
        &self.writer
    }

    /// Starts building the breakdown cells of the months through `over`'s beside the writer,
    /// unless a build is running already or one failed a moment ago.
    pub(super) fn start_building(&self, over: NaiveDate) -> Start {
        cells::build_in_background(self.writer.clone(), self.builds.clone(), over)
    }
}

#[async_trait::async_trait]
impl<E: Engine> Store for SqlStore<E> {
    async fn ping(&self) -> StoreResult<()> {
        sql::<E>("SELECT 1").run(&self.pool).await?;
        Ok(())
    }

    async fn regions(&self) -> StoreResult<Vec<Region>> {
        let rows = sql::<E>(
            "SELECT code, name, level, parent_code FROM regions \
             ORDER BY parent_code IS NOT NULL, code",
        )
        .all(&self.pool)
        .await?;
        rows.iter().map(parse_region).collect()
    }

    async fn active_units(&self) -> StoreResult<Vec<UnitSummary>> {
        let text =
            format!("SELECT {UNIT_COLUMNS} WHERE u.active = TRUE ORDER BY u.region_code, u.name");
        let rows = sql::<E>(&text).all(&self.pool).await?;
        rows.iter().map(parse_unit).collect()
    }

    async fn active_services(&self) -> StoreResult<Vec<(String, Service)>> {
        sql::<E>(
            "SELECT u.code, s.id, s.name FROM services s JOIN units u ON u.id = s.unit_id \
             WHERE s.active = TRUE ORDER BY u.code, s.position, s.name",
        )
        .all(&self.pool)
        .await?
        .iter()
        .map(|s| {
            let service = Service {
                id: s.col("id")?,
                name: s.col("name")?,
            };
            Ok((s.col("code")?, service))
        })
        .collect()
    }

    async fn unit(&self, code: &str) -> StoreResult<Option<UnitDetail>> {
        let text = format!("SELECT {UNIT_COLUMNS} WHERE u.code = $1");
        let Some(row) = sql::<E>(&text).bind(code).optional(&self.pool).await? else {
            return Ok(None);
        };
        let id: i64 = row.col("id")?;
        let services = sql::<E>(
            "SELECT id, name FROM services WHERE unit_id = $1 AND active = TRUE \
             ORDER BY position, name",
        )
        .bind(id)
        .all(&self.pool)
        .await?
        .iter()
        .map(|s| {
            Ok(Service {
                id: s.col("id")?,
                name: s.col("name")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(UnitDetail {
            id,
            kiosk_profile: row.col("kiosk_profile")?,
            only_invited: row.col("only_invited")?,
            unit: parse_unit(&row)?,
            region_name: row.col("region_name")?,
            active: row.col("active")?,
            complaint_contact: row.col("complaint_contact")?,
            services,
        }))
    }

    async fn ensure_region(&self, region: &NewRegion) -> StoreResult<()> {
        sql::<E>(
            "INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(&region.code)
        .bind(&region.name)
        .bind(region.level.key())
        .bind(&region.parent_code)
        .run(&self.pool)
        .await?;
        Ok(())
    }

    async fn ensure_unit(&self, unit: &NewUnit) -> StoreResult<bool> {
        let mut tx = begin_write(&self.pool).await?;
        let mpp_id: Option<i64> = match &unit.mpp_name {
            Some(name) => Some(super::tenancy::mpp_named(&mut tx, &unit.region_code, name).await?),
            None => None,
        };
        let population = unit
            .population_per_year
            .map(|p| p.min(i64::MAX as u64) as i64);
        let created: Option<i64> = sql::<E>(
            "INSERT INTO units \
             (code, name, kind, region_code, mpp_id, complaint_contact, population_per_year, agency) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING RETURNING id",
        )
        .bind(&unit.code)
        .bind(&unit.name)
        .bind(unit.kind.key())
        .bind(&unit.region_code)
        .bind(mpp_id)
        .bind(&unit.complaint_contact)
        .bind(population)
        .bind(unit.agency.as_deref())
        .scalar_optional(&mut tx)
        .await?;
        if let (Some(unit_id), Some(mpp)) = (created, mpp_id) {
            super::tenancy::serve_in(&mut tx, mpp, unit_id).await?;
        }
        let created = created.is_some();
        commit(tx).await?;
        Ok(created)
    }

    async fn set_unit_active(&self, unit_code: &str, active: bool) -> StoreResult<()> {
        let changed = sql::<E>("UPDATE units SET active = $1 WHERE code = $2")
            .bind(active)
            .bind(unit_code)
            .run(&self.pool)
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound(Record::Unit(unit_code.to_string())));
        }
        Ok(())
    }

    async fn ensure_service(&self, unit_code: &str, name: &str) -> StoreResult<()> {
        let inserted = sql::<E>(
            "INSERT INTO services (unit_id, name, position) \
             SELECT u.id, CAST($1 AS TEXT), \
             (SELECT COUNT(*) FROM services s WHERE s.unit_id = u.id) \
             FROM units u WHERE u.code = $2 \
             ON CONFLICT (unit_id, name) DO NOTHING",
        )
        .bind(name)
        .bind(unit_code)
        .run(&self.pool)
        .await?;
        if inserted == 0 {
            let exists: Option<i64> = sql::<E>("SELECT id FROM units WHERE code = $1")
                .bind(unit_code)
                .scalar_optional(&self.pool)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound(Record::Unit(unit_code.to_string())));
            }
        }
        Ok(())
    }

    async fn counts(&self) -> StoreResult<RecordCounts> {
        let row = sql::<E>(
            "SELECT (SELECT COUNT(*) FROM regions) AS regions, (SELECT COUNT(*) FROM mpps) AS mpps, \
             (SELECT COUNT(*) FROM units) AS units, (SELECT COUNT(*) FROM services) AS services, \
             (SELECT COUNT(*) FROM responses) AS responses",
        )
        .one(&self.pool)
        .await?;
        let get = |name: &str| -> StoreResult<u64> { Ok(row.col::<i64>(name)?.max(0) as u64) };
        Ok(RecordCounts {
            regions: get("regions")?,
            mpps: get("mpps")?,
            units: get("units")?,
            services: get("services")?,
            responses: get("responses")?,
        })
    }

    async fn sync_stored(&self) -> StoreResult<()> {
        E::sync_log(&self.local).await
    }

    async fn record_responses_unsynced(
        &self,
        responses: &[NewResponse],
    ) -> StoreResult<Vec<RecordOutcome>> {
        let stored = responses::record(self.writer(), responses).await?;
        E::after_write(&self.local);
        let over = super::shared::last_month_over(app::time::jakarta_today());
        if stored.built_through < month_key(over) {
            // The answers are stored: the build runs beside the writer, a few units per
            // transaction; until a month is built the dashboard reads it from the responses.
            let _ = self.start_building(over);
        }
        Ok(stored.outcomes)
    }

    async fn build_month_cells(&self, through: NaiveDate, answers: u64) -> StoreResult<CellBuild> {
        cells::build_step(self.writer(), through, answers).await
    }

    async fn close_months(&self, through: NaiveDate) -> StoreResult<u32> {
        cells::build_months(self.writer(), through).await
    }

    async fn response(&self, id: Uuid) -> StoreResult<Option<StoredResponse>> {
        let row = sql::<E>("SELECT * FROM responses WHERE id = $1")
            .bind(id.to_string())
            .optional(&self.pool)
            .await?;
        row.map(|r| super::rows::parse_response(&r)).transpose()
    }

    async fn device_answers_since(&self, asked: &[DeviceAsk]) -> StoreResult<Vec<Vec<Uuid>>> {
        responses::device_answers_since(&self.pool, asked).await
    }

    async fn unit_tally(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Tally> {
        Ok(
            super::tallies::per_unit(&self.pool, TallyScope::Unit(unit_id), from, to, counted)
                .await?
                .remove(&unit_id)
                .unwrap_or_default(),
        )
    }

    async fn unit_tally_from_responses(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Tally> {
        responses::tally_from_responses(&self.pool, unit_id, from, to, counted).await
    }

    async fn responses_page(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<&NewResponse>,
        limit: u32,
    ) -> StoreResult<Vec<NewResponse>> {
        responses::page(&self.pool, unit_id, from, to, after, limit).await
    }

    async fn stored_units(&self, ids: &[Uuid]) -> StoreResult<Vec<(Uuid, i64)>> {
        responses::stored_units(&self.pool, ids).await
    }

    async fn close(&self) {
        self.writer.close().await;
        E::before_close(&self.pool).await;
        self.pool.close().await;
    }

    async fn secret(&self) -> StoreResult<String> {
        // Made once by whichever server asks first; every later read is from memory (a write per
        // form render or submission would queue behind SQLite's writer).
        self.secret
            .get_or_try_init(|| async {
                let fresh = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
                sql::<E>(
                    "INSERT INTO settings (key, value) VALUES ('form_secret', $1) \
                     ON CONFLICT (key) DO NOTHING",
                )
                .bind(fresh)
                .run(&self.pool)
                .await?;
                sql::<E>("SELECT value FROM settings WHERE key = 'form_secret'")
                    .scalar(&self.pool)
                    .await
            })
            .await
            .cloned()
    }
}
