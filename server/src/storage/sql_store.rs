//! The queries of the storage trait, written once for both engines.
//!
//! `sql_store!(Store, Database, Row)` expands, inside an engine's module, to the `app::store::Store`
//! implementation for that engine's store type. The SQL is the subset both SQLite and PostgreSQL speak:
//! `$n` placeholders, `ON CONFLICT … DO NOTHING/UPDATE`, `TRUE`/`FALSE`, sums cast to `BIGINT`; times
//! and days as fixed-width ISO 8601 text. What differs between the engines (connecting, migrations,
//! closing) stays in `sqlite.rs` and `postgres.rs`.

macro_rules! sql_store {
    ($store:ident, $db:ty, $row:ty) => {
        mod sql {
            use super::super::shared::{
                cells_of, counts_in_order, first_day_after, fingerprint, to_u64, in_region, last_month_over, month_key, region_prefix, jakarta_day, marks, response_insert, split_months, tally_from_sums,
                tally_upsert, TallyTable,
                timestamp, to_i64, RESPONSES_PER_STATEMENT, SCORE_COLUMNS, TALLIES_PER_STATEMENT,
                TALLY_SUMS,
            };
            use super::super::db_error;
            use app::model::{Region, RegionLevel, Service, UnitDetail, UnitKind, UnitSummary};
            use app::store::{
                CellBuild, Counted, DeviceAsk, NewRegion, NewResponse, NewUnit, Profile, RecordCounts, RecordOutcome, Store,
                StoreError, StoreResult, StoredResponse,
            };
            use chrono::{DateTime, NaiveDate, Utc};
            use ikm_domain::profile::Gender;
            use ikm_domain::submission::{Channel, Flag};
            use ikm_domain::{Answers, Lang, Score, Tally};
            use sqlx::Row;
            use uuid::Uuid;

            fn parse_region(row: &$row) -> StoreResult<Region> {
                let level: String = row.try_get("level").map_err(db_error)?;
                Ok(Region {
                    code: row.try_get("code").map_err(db_error)?,
                    name: row.try_get("name").map_err(db_error)?,
                    level: RegionLevel::parse(&level)
                        .ok_or_else(|| StoreError::Database(format!("unknown region level {level}")))?,
                    parent_code: row.try_get("parent_code").map_err(db_error)?,
                })
            }

            /// A unit's summary from a row of `UNIT_COLUMNS` (the accounts queries read units with it too).
            pub(super) fn parse_unit(row: &$row) -> StoreResult<UnitSummary> {
                let kind: String = row.try_get("kind").map_err(db_error)?;
                Ok(UnitSummary {
                    code: row.try_get("code").map_err(db_error)?,
                    name: row.try_get("name").map_err(db_error)?,
                    kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
                    region_code: row.try_get("region_code").map_err(db_error)?,
                    mpp_name: row.try_get("mpp_name").map_err(db_error)?,
                })
            }

            pub(super) const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.region_code, u.active, \
                 u.complaint_contact, u.kiosk_profile, m.name AS mpp_name, r.name AS region_name \
                 FROM units u JOIN regions r ON r.code = u.region_code LEFT JOIN mpps m ON m.id = u.mpp_id";

            impl super::$store {
                /// Starts building the breakdown cells of the months through `over`'s beside the
                /// writer, unless a build is running already or one failed a moment ago.
                pub(super) fn start_building(&self, over: NaiveDate) -> super::super::cell_builds::Start {
                    build_in_background(self.writer().clone(), self.builds.clone(), over)
                }
            }

            #[async_trait::async_trait]
            impl Store for super::$store {
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
                        "SELECT {UNIT_COLUMNS} WHERE u.active = TRUE ORDER BY u.region_code, u.name"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                    rows.iter().map(parse_unit).collect()
                }

                async fn active_services(&self) -> StoreResult<Vec<(String, Service)>> {
                    sqlx::query(
                        "SELECT u.code, s.id, s.name FROM services s JOIN units u ON u.id = s.unit_id \
                         WHERE s.active = TRUE ORDER BY u.code, s.position, s.name",
                    )
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|s| {
                        let service = Service {
                            id: s.try_get("id").map_err(db_error)?,
                            name: s.try_get("name").map_err(db_error)?,
                        };
                        Ok((s.try_get("code").map_err(db_error)?, service))
                    })
                    .collect()
                }

                async fn unit(&self, code: &str) -> StoreResult<Option<UnitDetail>> {
                    let Some(row) = sqlx::query(&format!("SELECT {UNIT_COLUMNS} WHERE u.code = $1"))
                        .bind(code)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_error)?
                    else {
                        return Ok(None);
                    };
                    let id: i64 = row.try_get("id").map_err(db_error)?;
                    let services = sqlx::query(
                        "SELECT id, name FROM services WHERE unit_id = $1 AND active = TRUE ORDER BY position, name",
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
                        id,
                        kiosk_profile: row.try_get("kiosk_profile").map_err(db_error)?,
                        unit: parse_unit(&row)?,
                        region_name: row.try_get("region_name").map_err(db_error)?,
                        active: row.try_get("active").map_err(db_error)?,
                        complaint_contact: row.try_get("complaint_contact").map_err(db_error)?,
                        services,
                    }))
                }

                async fn ensure_region(&self, region: &NewRegion) -> StoreResult<()> {
                    sqlx::query(
                        "INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4) \
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
                                "INSERT INTO mpps (region_code, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                            )
                            .bind(&unit.region_code)
                            .bind(name)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_error)?;
                            sqlx::query_scalar("SELECT id FROM mpps WHERE name = $1")
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
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING",
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

                async fn set_unit_active(&self, unit_code: &str, active: bool) -> StoreResult<()> {
                    let changed = sqlx::query("UPDATE units SET active = $1 WHERE code = $2")
                        .bind(active)
                        .bind(unit_code)
                        .execute(&self.pool)
                        .await
                        .map_err(db_error)?
                        .rows_affected();
                    if changed == 0 {
                        return Err(StoreError::NotFound(format!("unit {unit_code}")));
                    }
                    Ok(())
                }

                async fn ensure_service(&self, unit_code: &str, name: &str) -> StoreResult<()> {
                    let inserted = sqlx::query(
                        "INSERT INTO services (unit_id, name, position) \
                         SELECT u.id, CAST($1 AS TEXT), (SELECT COUNT(*) FROM services s WHERE s.unit_id = u.id) \
                         FROM units u WHERE u.code = $2 \
                         ON CONFLICT (unit_id, name) DO NOTHING",
                    )
                    .bind(name)
                    .bind(unit_code)
                    .execute(&self.pool)
                    .await
                    .map_err(db_error)?;
                    if inserted.rows_affected() == 0 {
                        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
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
                         (SELECT COUNT(*) FROM units) AS units, (SELECT COUNT(*) FROM services) AS services, \
                         (SELECT COUNT(*) FROM responses) AS responses",
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
                        responses: get("responses")?,
                    })
                }

                async fn sync_stored(&self) -> StoreResult<()> {
                    self.sync_log().await
                }

                async fn record_responses_unsynced(&self, responses: &[NewResponse]) -> StoreResult<Vec<RecordOutcome>> {
                    let mut tx = self.writer().begin().await.map_err(db_error)?;
                    let mut outcomes = Vec::with_capacity(responses.len());
                    let mut tallies = TallyRows::new();
                    let mut stored = Vec::new();
                    for chunk in responses.chunks(RESPONSES_PER_STATEMENT) {
                        let done = insert_chunk(&mut tx, chunk).await?;
                        for (r, outcome) in chunk.iter().zip(&done) {
                            if *outcome == RecordOutcome::Stored {
                                let day = jakarta_day(r);
                                add_to(&mut tallies, r, &day);
                                stored.push((r, day));
                            }
                        }
                        outcomes.extend(done);
                    }
                    // Read after the inserts: on PostgreSQL they wait while another server builds
                    // cells (`build_step` locks the responses), so this sees its new marks and
                    // an answer is either in a unit's build or added to its cells here.
                    let built = built_cells(&mut tx).await?;
                    let mut cells = CellRows::new();
                    for (r, day) in &stored {
                        let month = day.get(..7).unwrap_or(day);
                        if built.covers(r.unit_id, month) {
                            add_cells(&mut cells, r, month);
                        }
                    }
                    let months = by_month(&tallies);
                    upsert_tallies(&mut tx, tallies).await?;
                    upsert_month_tallies(&mut tx, months).await?;
                    upsert_cells(&mut tx, cells).await?;
                    tx.commit().await.map_err(db_error)?;
                    self.after_write();
                    let over = last_month_over(app::dashboard::jakarta_today());
                    if built.through < month_key(over) {
                        // The answers are stored: the build runs beside the writer, a few units
                        // per transaction; until a month is built the dashboard reads it from
                        // the responses.
                        let _ = self.start_building(over);
                    }
                    Ok(outcomes)
                }

                async fn build_month_cells(&self, through: NaiveDate, answers: u64) -> StoreResult<CellBuild> {
                    build_step(self.writer(), through, answers).await
                }

                async fn close_months(&self, through: NaiveDate) -> StoreResult<u32> {
                    build_months(self.writer(), through).await
                }

                async fn response(&self, id: Uuid) -> StoreResult<Option<StoredResponse>> {
                    let row = sqlx::query("SELECT * FROM responses WHERE id = $1")
                        .bind(id.to_string())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_error)?;
                    row.map(|r| parse_response(&r)).transpose()
                }

                async fn device_answers_since(&self, asked: &[DeviceAsk]) -> StoreResult<Vec<Vec<Uuid>>> {
                    if asked.is_empty() {
                        return Ok(Vec::new());
                    }
                    // One statement for a whole batch, always the same text (so it stays prepared):
                    // the rows of every (unit, device) asked about, handed over as one JSON array,
                    // since the earliest moment asked; sorted to each question here.
                    // Each pair once: the statement returns a stored row once per time its pair
                    // is listed, and a batch often asks about one phone several times.
                    let mut pairs: Vec<(i64, &str)> =
                        asked.iter().map(|a| (a.unit_id, a.device_hash.as_str())).collect();
                    pairs.sort_unstable();
                    pairs.dedup();
                    let pairs = serde_json::to_string(&pairs)
                        .map_err(|e| StoreError::Database(e.to_string()))?;
                    let earliest = asked.iter().map(|a| a.since).min().unwrap_or_default();
                    let mut found: Vec<(i64, String, String, Uuid)> = Vec::new();
                    for row in sqlx::query(super::DEVICE_ANSWERS_SINCE)
                        .bind(timestamp(&earliest))
                        .bind(pairs)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_error)?
                    {
                        let id: String = row.try_get("id").map_err(db_error)?;
                        found.push((
                            row.try_get("unit_id").map_err(db_error)?,
                            row.try_get("device_hash").map_err(db_error)?,
                            row.try_get("received_at").map_err(db_error)?,
                            Uuid::parse_str(&id).map_err(|e| StoreError::Database(format!("response id {id}: {e}")))?,
                        ));
                    }
                    Ok(asked
                        .iter()
                        .map(|ask| {
                            let since = timestamp(&ask.since);
                            found
                                .iter()
                                .filter(|(unit, hash, at, _)| {
                                    *unit == ask.unit_id && *hash == ask.device_hash && *at >= since
                                })
                                .map(|(_, _, _, id)| *id)
                                .collect()
                        })
                        .collect())
                }

                async fn unit_tally(
                    &self,
                    unit_id: i64,
                    from: NaiveDate,
                    to: NaiveDate,
                    counted: Counted,
                ) -> StoreResult<Tally> {
                    Ok(self
                        .tallies_per_unit(TallyScope::Unit(unit_id), from, to, counted)
                        .await?
                        .remove(&unit_id)
                        .unwrap_or_default())
                }

                async fn unit_tally_from_responses(
                    &self,
                    unit_id: i64,
                    from: NaiveDate,
                    to: NaiveDate,
                    counted: Counted,
                ) -> StoreResult<Tally> {
                    let flag = match counted {
                        Counted::Valid => "flag IS NULL",
                        Counted::Flagged => "flag IS NOT NULL",
                    };
                    let rows = sqlx::query(&format!(
                        "SELECT {} FROM responses WHERE unit_id = $1 AND day BETWEEN $2 AND $3 AND {flag}",
                        SCORE_COLUMNS.join(", ")
                    ))
                    .bind(unit_id)
                    .bind(from.to_string())
                    .bind(to.to_string())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                    let mut tally = Tally::default();
                    for row in rows {
                        tally.record(&parse_answers(&row)?);
                    }
                    Ok(tally)
                }

                async fn responses_page(
                    &self,
                    unit_id: i64,
                    from: NaiveDate,
                    to: NaiveDate,
                    after: Option<&NewResponse>,
                    limit: u32,
                ) -> StoreResult<Vec<NewResponse>> {
                    // Keyset paging on (day, received_at, id), the order of the index
                    // responses_unit_order: each page seeks to the last one's day (the lower bound
                    // below, which the engines use to seek; the row comparison then skips what that
                    // day already gave) and reads on in index order, never sorting.
                    let (day, at, id) = match after {
                        Some(r) => (jakarta_day(r), timestamp(&r.received_at), r.id.to_string()),
                        None => (String::new(), String::new(), String::new()),
                    };
                    let start = from.to_string().max(day.clone());
                    let rows = sqlx::query(
                        "SELECT * FROM responses WHERE unit_id = $1 AND day >= $2 AND day <= $3 \
                         AND flag IS NULL AND (day, received_at, id) > ($4, $5, $6) \
                         ORDER BY day, received_at, id LIMIT $7",
                    )
                    .bind(unit_id)
                    .bind(start)
                    .bind(to.to_string())
                    .bind(day)
                    .bind(at)
                    .bind(id)
                    .bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                    rows.iter()
                        .map(|r| parse_response(r).map(|s| s.response))
                        .collect()
                }

                async fn stored_units(&self, ids: &[Uuid]) -> StoreResult<Vec<(Uuid, i64)>> {
                    let mut found = Vec::new();
                    for chunk in ids.chunks(500) {
                        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
                        let sql = format!(
                            "SELECT id, unit_id FROM responses WHERE id IN ({})",
                            marks.join(", ")
                        );
                        let mut query = sqlx::query(&sql);
                        for id in chunk {
                            query = query.bind(id.to_string());
                        }
                        for row in query.fetch_all(&self.pool).await.map_err(db_error)? {
                            let id: String = row.try_get("id").map_err(db_error)?;
                            let unit: i64 = row.try_get("unit_id").map_err(db_error)?;
                            if let Ok(id) = Uuid::parse_str(&id) {
                                found.push((id, unit));
                            }
                        }
                    }
                    Ok(found)
                }

                async fn close(&self) {
                    self.writer().close().await;
                    self.before_close().await;
                    self.pool.close().await;
                }

                async fn secret(&self) -> StoreResult<String> {
                    // Made once by whichever server asks first; every later read is from memory
                    // (a write per form render or submission would queue behind SQLite's writer).
                    self.secret
                        .get_or_try_init(|| async {
                            let fresh = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
                            sqlx::query("INSERT INTO settings (key, value) VALUES ('form_secret', $1) ON CONFLICT (key) DO NOTHING")
                                .bind(fresh)
                                .execute(&self.pool)
                                .await
                                .map_err(db_error)?;
                            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'form_secret'")
                                .fetch_one(&self.pool)
                                .await
                                .map_err(db_error)
                        })
                        .await
                        .cloned()
                }
            }

            /// Which units a sum of tallies covers.
            #[derive(Debug, Clone, Copy)]
            pub(crate) enum TallyScope<'a> {
                Unit(i64),
                /// A region's units and those of the regions under it (by Kemendagri code).
                Region(&'a str),
            }

            impl super::$store {
                /// Each unit's tally over `from ..= to` (units without answers left out): the period's
                /// whole months from the monthly roll-up, its other days from the daily rows.
                pub(crate) async fn tallies_per_unit(
                    &self,
                    scope: TallyScope<'_>,
                    from: NaiveDate,
                    to: NaiveDate,
                    counted: Counted,
                ) -> StoreResult<std::collections::BTreeMap<i64, Tally>> {
                    let split = split_months(from, to);
                    let mut ranges: Vec<(TallyTable, String, String)> = split
                        .days
                        .iter()
                        .map(|(a, b)| (TallyTable::Daily, a.to_string(), b.to_string()))
                        .collect();
                    if let Some((a, b)) = split.months {
                        ranges.push((TallyTable::Monthly, a, b));
                    }
                    let (filter, next) = match scope {
                        TallyScope::Unit(_) => ("t.unit_id = $1".to_string(), 2),
                        TallyScope::Region(_) => (in_region("u.region_code", 1, 2), 3),
                    };
                    let sums = TALLY_SUMS.replace("SUM(", "SUM(t.");
                    let mut out = std::collections::BTreeMap::<i64, Tally>::new();
                    for (table, a, b) in ranges {
                        let column = table.period_column();
                        let sql = format!(
                            "SELECT t.unit_id, {sums} FROM {} t JOIN units u ON u.id = t.unit_id \
                             WHERE {filter} AND t.{column} BETWEEN ${next} AND ${} AND t.flagged = ${} \
                             GROUP BY t.unit_id",
                            table.name(),
                            next + 1,
                            next + 2
                        );
                        let query = match scope {
                            TallyScope::Unit(id) => sqlx::query(&sql).bind(id),
                            TallyScope::Region(code) => sqlx::query(&sql).bind(code).bind(region_prefix(code)),
                        };
                        let rows = query
                            .bind(a)
                            .bind(b)
                            .bind(counted == Counted::Flagged)
                            .fetch_all(&self.pool)
                            .await
                            .map_err(db_error)?;
                        for row in rows {
                            let id: i64 = row.try_get("unit_id").map_err(db_error)?;
                            let tally = tally_from_sums(|c| row.try_get::<i64, _>(c).map_err(db_error))?;
                            out.entry(id).or_default().merge(&tally);
                        }
                    }
                    Ok(out)
                }
            }

            /// Inserts one response (unless its id is stored) and adds it to its tally row.
            /// A tally row's key: unit, day, service (0: none), channel, counter tag, flagged.
            type TallyKey = (i64, String, i64, &'static str, String, bool);
            type TallyRows = std::collections::BTreeMap<TallyKey, Tally>;

            fn add_to(rows: &mut TallyRows, r: &NewResponse, day: &str) {
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

            /// Whether a statement of `rows` rows stays prepared on its connection. Each batch size
            /// is a different statement text: caching every one (sqlx keeps 100 per connection)
            /// held hundreds of large prepared statements — over 100 MB on a server under load.
            /// Small ones, the common case, stay; larger ones are prepared for the one use.
            fn cache_statement(rows: usize) -> bool {
                rows <= 8
            }

            /// The monthly roll-up's key: unit, month (`YYYY-MM`), flagged.
            type MonthKey = (i64, String, bool);

            /// The batch's daily tally rows summed per unit, month and flagged.
            fn by_month(rows: &TallyRows) -> std::collections::BTreeMap<MonthKey, Tally> {
                let mut months = std::collections::BTreeMap::<MonthKey, Tally>::new();
                for ((unit, day, _, _, _, flagged), tally) in rows {
                    let month = day.get(..7).unwrap_or(day).to_string();
                    months.entry((*unit, month, *flagged)).or_default().merge(tally);
                }
                months
            }

            /// Adds the summed tallies to their monthly rows.
            async fn upsert_month_tallies(
                tx: &mut sqlx::Transaction<'_, $db>,
                rows: std::collections::BTreeMap<MonthKey, Tally>,
            ) -> StoreResult<()> {
                let rows: Vec<(MonthKey, Tally)> = rows.into_iter().collect();
                for chunk in rows.chunks(TALLIES_PER_STATEMENT) {
                    let sql = tally_upsert(TallyTable::Monthly, chunk.len(), super::MARKS);
                    let mut upsert = sqlx::query(&sql).persistent(cache_statement(chunk.len()));
                    for ((unit, month, flagged), tally) in chunk {
                        upsert = bind_tally(upsert.bind(*unit).bind(month.as_str()).bind(*flagged), tally);
                    }
                    upsert.execute(&mut **tx).await.map_err(db_error)?;
                }
                Ok(())
            }

            /// A breakdown cell's monthly key: unit, month (`YYYY-MM`), dimension key, cell.
            type CellKey = (i64, String, &'static str, String);
            type CellRows = std::collections::BTreeMap<CellKey, Tally>;

            /// Adds a valid response to its seven breakdown cells of its month (`YYYY-MM`; flagged
            /// ones are never broken down).
            fn add_cells(rows: &mut CellRows, r: &NewResponse, month: &str) {
                if r.flag.is_some() {
                    return;
                }
                for (dimension, cell) in cells_of(r) {
                    rows.entry((r.unit_id, month.to_string(), dimension.key(), cell))
                        .or_default()
                        .record(&r.answers);
                }
            }

            /// The last month whose breakdown cells are built (`YYYY-MM`, migration 0011).
            /// Read in the writer's transaction or, by the dashboard, on the pool.
            pub(super) async fn built_through<'e, E>(on: E) -> StoreResult<String>
            where
                E: sqlx::Executor<'e, Database = $db>,
            {
                sqlx::query_scalar("SELECT through FROM month_cells_built")
                    .fetch_one(on)
                    .await
                    .map_err(db_error)
            }

            /// What the writer needs to know of the cells built: the last month built for every
            /// unit, and the units whose cells of the month after it are built already.
            pub(super) struct BuiltCells {
                pub(super) through: String,
                next: String,
                ahead: std::collections::HashSet<i64>,
            }

            impl BuiltCells {
                /// Whether an answer of `unit` in `month` goes into the cells as it is stored.
                fn covers(&self, unit: i64, month: &str) -> bool {
                    month <= self.through.as_str() || (month == self.next && self.ahead.contains(&unit))
                }
            }

            /// Both marks in one statement (the units' list is empty except while a month builds).
            async fn built_cells(tx: &mut sqlx::Transaction<'_, $db>) -> StoreResult<BuiltCells> {
                let rows: Vec<(String, Option<i64>, Option<String>)> = sqlx::query_as(
                    "SELECT b.through, u.unit_id, u.month FROM month_cells_built b \
                     LEFT JOIN month_cells_units u ON TRUE",
                )
                .fetch_all(&mut **tx)
                .await
                .map_err(db_error)?;
                let through = rows
                    .first()
                    .map(|(through, _, _)| through.clone())
                    .ok_or_else(|| StoreError::Database("month_cells_built is empty".into()))?;
                let next = month_key(first_day_after(&through)?);
                let ahead = rows
                    .into_iter()
                    .filter_map(|(_, unit, month)| unit.filter(|_| month.as_deref() == Some(next.as_str())))
                    .collect();
                Ok(BuiltCells { through, next, ahead })
            }

            /// One step of `Store::build_month_cells`, in one transaction on the writer's pool.
            pub(super) async fn build_step(
                writer: &sqlx::Pool<$db>,
                through: NaiveDate,
                answers: u64,
            ) -> StoreResult<CellBuild> {
                let last = month_key(through);
                let mut tx = writer.begin().await.map_err(db_error)?;
                if let Some(lock) = super::CLOSE_LOCK {
                    sqlx::query(lock).execute(&mut *tx).await.map_err(db_error)?;
                }
                let built = built_through(&mut *tx).await?;
                if built >= last {
                    return Ok(CellBuild::Done);
                }
                let month = month_key(first_day_after(&built)?);
                let waiting: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT t.unit_id, t.respondents FROM month_tallies t \
                     WHERE t.month = $1 AND t.flagged = FALSE AND NOT EXISTS \
                     (SELECT 1 FROM month_cells_units u WHERE u.unit_id = t.unit_id AND u.month = $1) \
                     ORDER BY t.unit_id",
                )
                .bind(&month)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_error)?;
                if waiting.is_empty() {
                    // Every unit with answers is built: any other unit's cells are stale.
                    sqlx::query(
                        "DELETE FROM month_cells WHERE month = $1 \
                         AND unit_id NOT IN (SELECT unit_id FROM month_cells_units WHERE month = $1)",
                    )
                    .bind(&month)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    sqlx::query("DELETE FROM month_cells_units").execute(&mut *tx).await.map_err(db_error)?;
                    sqlx::query("UPDATE month_cells_built SET through = $1")
                        .bind(&month)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    tx.commit().await.map_err(db_error)?;
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
                    sqlx::query("DELETE FROM month_cells WHERE unit_id = $1 AND month = $2")
                        .bind(unit)
                        .bind(&month)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    let rows = sqlx::query(
                        "SELECT * FROM responses WHERE unit_id = $1 AND day BETWEEN $2 AND $3 AND flag IS NULL",
                    )
                    .bind(unit)
                    .bind(format!("{month}-01"))
                    .bind(format!("{month}-31"))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    let mut cells = CellRows::new();
                    for row in &rows {
                        add_cells(&mut cells, &parse_response(row)?.response, &month);
                    }
                    upsert_cells(&mut tx, cells).await?;
                    sqlx::query(
                        "INSERT INTO month_cells_units (unit_id, month) VALUES ($1, $2) \
                         ON CONFLICT (unit_id) DO UPDATE SET month = excluded.month",
                    )
                    .bind(unit)
                    .bind(&month)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                }
                tx.commit().await.map_err(db_error)?;
                Ok(CellBuild::Units(units))
            }

            /// Every step of `Store::close_months`, each its own transaction; how many months it
            /// marked built, each with a log line (its steps, seconds and slowest step).
            pub(super) async fn build_months(writer: &sqlx::Pool<$db>, through: NaiveDate) -> StoreResult<u32> {
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

            /// `build_months` in the background: started by the writer once a month is over, one
            /// build at a time per store, and not again until a pause after one failed (`builds`).
            pub(super) fn build_in_background(
                writer: sqlx::Pool<$db>,
                builds: std::sync::Arc<super::super::cell_builds::Builds>,
                through: NaiveDate,
            ) -> super::super::cell_builds::Start {
                use super::super::cell_builds::Start;
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

            /// Adds the batch's cells to their monthly rows.
            async fn upsert_cells(tx: &mut sqlx::Transaction<'_, $db>, rows: CellRows) -> StoreResult<()> {
                let rows: Vec<(CellKey, Tally)> = rows.into_iter().collect();
                for chunk in rows.chunks(TALLIES_PER_STATEMENT) {
                    let sql = tally_upsert(TallyTable::Cells, chunk.len(), super::MARKS);
                    let mut upsert = sqlx::query(&sql).persistent(cache_statement(chunk.len()));
                    for ((unit, month, dimension, cell), tally) in chunk {
                        upsert = bind_tally(
                            upsert.bind(*unit).bind(month.as_str()).bind(*dimension).bind(cell.as_str()),
                            tally,
                        );
                    }
                    upsert.execute(&mut **tx).await.map_err(db_error)?;
                }
                Ok(())
            }

            /// Binds a tally's moments and counts, in the order of `tally_upsert`'s columns.
            fn bind_tally<'q>(
                mut query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                tally: &Tally,
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>> {
                query = query
                    .bind(to_i64(tally.respondents()))
                    .bind(to_i64(tally.mean_sum()))
                    .bind(to_i64(tally.mean_square_sum()));
                for count in counts_in_order(tally) {
                    query = query.bind(count);
                }
                query
            }

            /// Adds the summed tallies to their rows, a few hundred rows per statement.
            async fn upsert_tallies(
                tx: &mut sqlx::Transaction<'_, $db>,
                rows: TallyRows,
            ) -> StoreResult<()> {
                let rows: Vec<(TallyKey, Tally)> = rows.into_iter().collect();
                for chunk in rows.chunks(TALLIES_PER_STATEMENT) {
                    let sql = tally_upsert(TallyTable::Daily, chunk.len(), super::MARKS);
                    let mut upsert = sqlx::query(&sql).persistent(cache_statement(chunk.len()));
                    for ((unit, day, service, channel, counter, flagged), tally) in chunk {
                        upsert = bind_tally(
                            upsert
                                .bind(*unit)
                                .bind(day.as_str())
                                .bind(*service)
                                .bind(*channel)
                                .bind(counter.as_str())
                                .bind(*flagged),
                            tally,
                        );
                    }
                    upsert.execute(&mut **tx).await.map_err(db_error)?;
                }
                Ok(())
            }

            /// Inserts up to `RESPONSES_PER_STATEMENT` responses in one statement; an id already
            /// stored (before, or earlier in this batch) is a duplicate when its answers are the same
            /// and a conflict otherwise.
            async fn insert_chunk(
                tx: &mut sqlx::Transaction<'_, $db>,
                chunk: &[NewResponse],
            ) -> StoreResult<Vec<RecordOutcome>> {
                use std::collections::{HashMap, HashSet};
                let prints: Vec<String> = chunk.iter().map(fingerprint).collect();
                let sql = response_insert(chunk.len(), super::MARKS);
                let mut insert = sqlx::query(&sql).persistent(cache_statement(chunk.len()));
                for (r, print) in chunk.iter().zip(&prints) {
                    insert = insert
                        .bind(r.id.to_string())
                        .bind(r.unit_id)
                        .bind(r.service_id)
                        .bind(r.counter_tag.as_str())
                        .bind(r.channel.key())
                        .bind(timestamp(&r.received_at))
                        .bind(jakarta_day(r));
                    for score in r.answers.as_array() {
                        insert = insert.bind(score.map(|s| i64::from(s.value())));
                    }
                    insert = insert
                        .bind(r.profile.gender.map(|g| g.key()))
                        .bind(r.profile.age.map(i64::from))
                        .bind(r.profile.education.as_deref())
                        .bind(r.profile.occupation.as_deref())
                        .bind(r.comment.as_deref())
                        .bind(r.lang.tag())
                        .bind(r.flag.map(|f| f.key()))
                        .bind(r.answers.is_straight_line())
                        .bind(r.device_hash.as_deref())
                        .bind(r.seconds_on_form.map(i64::from))
                        .bind(print.as_str());
                }
                let inserted: HashSet<String> = insert
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| row.try_get::<String, _>("id").map_err(db_error))
                    .collect::<StoreResult<_>>()?;
                let mut others: Vec<String> = chunk
                    .iter()
                    .map(|r| r.id.to_string())
                    .filter(|id| !inserted.contains(id))
                    .collect();
                others.sort_unstable();
                others.dedup();
                // What is stored under the ids this statement did not insert.
                let mut stored: HashMap<String, String> = HashMap::new();
                if !others.is_empty() {
                    let sql = format!(
                        "SELECT id, fingerprint FROM responses WHERE id IN ({})",
                        marks(super::MARKS, 1, others.len())
                    );
                    let mut select = sqlx::query(&sql).persistent(cache_statement(others.len()));
                    for id in &others {
                        select = select.bind(id.as_str());
                    }
                    for row in select.fetch_all(&mut **tx).await.map_err(db_error)? {
                        stored.insert(
                            row.try_get("id").map_err(db_error)?,
                            row.try_get("fingerprint").map_err(db_error)?,
                        );
                    }
                }
                let mut outcomes = Vec::with_capacity(chunk.len());
                for (r, print) in chunk.iter().zip(prints) {
                    let id = r.id.to_string();
                    if inserted.contains(&id) && !stored.contains_key(&id) {
                        // The first time this id appears: stored now; a repeat below compares.
                        stored.insert(id, print);
                        outcomes.push(RecordOutcome::Stored);
                    } else if stored.get(&id) == Some(&print) {
                        outcomes.push(RecordOutcome::Duplicate);
                    } else {
                        outcomes.push(RecordOutcome::Conflict);
                    }
                }
                Ok(outcomes)
            }

            pub(super) fn parse_answers(row: &$row) -> StoreResult<Answers> {
                let mut scores = [None; 9];
                for (slot, column) in scores.iter_mut().zip(SCORE_COLUMNS.iter()) {
                    let value: Option<i64> = row.try_get(column.as_str()).map_err(db_error)?;
                    *slot = value
                        .map(|v| Score::new(u8::try_from(v).unwrap_or(0)))
                        .transpose()
                        .map_err(|e| StoreError::Database(e.to_string()))?;
                }
                Answers::new(scores).map_err(|e| StoreError::Database(e.to_string()))
            }

            /// The optional profile answers of a response row.
            pub(super) fn parse_profile(row: &$row) -> StoreResult<Profile> {
                let text = |c: &str| row.try_get::<Option<String>, _>(c).map_err(db_error);
                Ok(Profile {
                    gender: text("gender")?.as_deref().and_then(Gender::parse),
                    age: row
                        .try_get::<Option<i64>, _>("age")
                        .map_err(db_error)?
                        .and_then(|a| u8::try_from(a).ok()),
                    education: text("education")?,
                    occupation: text("occupation")?,
                })
            }

            fn parse_response(row: &$row) -> StoreResult<StoredResponse> {
                let bad = |what: &str| StoreError::Database(format!("stored response has a bad {what}"));
                let text = |c: &str| row.try_get::<Option<String>, _>(c).map_err(db_error);
                let id: String = row.try_get("id").map_err(db_error)?;
                let channel: String = row.try_get("channel").map_err(db_error)?;
                let received: String = row.try_get("received_at").map_err(db_error)?;
                let lang: String = row.try_get("lang").map_err(db_error)?;
                Ok(StoredResponse {
                    straight_line: row.try_get("straight_line").map_err(db_error)?,
                    response: NewResponse {
                        id: Uuid::parse_str(&id).map_err(|_| bad("id"))?,
                        unit_id: row.try_get("unit_id").map_err(db_error)?,
                        service_id: row.try_get("service_id").map_err(db_error)?,
                        counter_tag: row.try_get("counter_tag").map_err(db_error)?,
                        channel: Channel::parse(&channel).ok_or_else(|| bad("channel"))?,
                        received_at: DateTime::parse_from_rfc3339(&received)
                            .map_err(|_| bad("time"))?
                            .with_timezone(&Utc),
                        answers: parse_answers(row)?,
                        profile: parse_profile(row)?,
                        comment: text("comment")?,
                        lang: Lang::from_tag(&lang).unwrap_or_default(),
                        flag: text("flag")?.as_deref().and_then(Flag::parse),
                        device_hash: text("device_hash")?,
                        seconds_on_form: row
                            .try_get::<Option<i64>, _>("seconds_on_form")
                            .map_err(db_error)?
                            .and_then(|s| u32::try_from(s).ok()),
                    },
                })
            }
        }
    };
}

pub(crate) use sql_store;
