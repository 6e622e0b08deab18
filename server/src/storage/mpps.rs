//! Mal Pelayanan Publik (`app::store::Mpps`): the halls, their tenants over time, and the valid
//! answers given in a hall. Every change made by a person runs in one transaction with its audit
//! line.

use super::audit::{append, json};
use super::engine::Engine;
use super::rows::parse_answers;
use super::shared::{timestamp, to_u64, SCORE_COLUMNS};
use super::sql::{begin_write, commit, sql, Cols};
use super::store::SqlStore;
use super::tenancy::serve_in;
use app::access::audit_action as action;
use app::accounts::Actor;
use app::dashboard::CommentStatus;
use app::model::UnitKind;
use app::mpp::{MppComment, MppDetail, MppFields, MppPlace, MppSummary, Tenant};
use app::store::{Counted, Mpps, Record, StoreError, StoreResult, Unique};
use chrono::{NaiveDate, Utc};
use ikm_domain::Tally;
use std::collections::BTreeMap;

const SUMMARY: &str =
    "SELECT m.id, m.code, m.name, m.region_code, m.address, r.name AS region_name, \
     (SELECT COUNT(*) FROM mpp_tenants t JOIN units u ON u.id = t.unit_id \
      WHERE t.mpp_id = m.id AND t.removed_at IS NULL AND u.active = $1) AS tenants \
     FROM mpps m JOIN regions r ON r.code = m.region_code";

fn parse_summary(row: &impl Cols) -> StoreResult<MppSummary> {
    let tenants: i64 = row.col("tenants")?;
    Ok(MppSummary {
        id: row.col("id")?,
        code: row.col("code")?,
        fields: MppFields {
            name: row.col("name")?,
            region_code: row.col("region_code")?,
            address: row.col("address")?,
        },
        region_name: row.col("region_name")?,
        tenants: to_u64(tenants),
    })
}

fn taken(error: StoreError, what: &str) -> StoreError {
    match error {
        StoreError::Taken(_) => StoreError::Taken(Unique::Mpp(what.to_string())),
        other => other,
    }
}

#[async_trait::async_trait]
impl<E: Engine> Mpps for SqlStore<E> {
    async fn mpps(&self) -> StoreResult<Vec<MppSummary>> {
        let rows = sql::<E>(&format!("{SUMMARY} ORDER BY m.region_code, m.name"))
            .bind(true)
            .all(&self.pool)
            .await?;
        rows.iter().map(parse_summary).collect()
    }

    async fn mpp(&self, code: &str) -> StoreResult<Option<MppDetail>> {
        let Some(row) = sql::<E>(&format!("{SUMMARY} WHERE m.code = $2"))
            .bind(true)
            .bind(code)
            .optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let mpp = parse_summary(&row)?;
        let rows = sql::<E>(
            "SELECT u.id, u.code, u.name, u.kind, u.agency, u.active, u.population_per_year, \
             t.added_at, t.removed_at \
             FROM mpp_tenants t JOIN units u ON u.id = t.unit_id WHERE t.mpp_id = $1 \
             ORDER BY CASE WHEN t.removed_at IS NULL AND u.active = $2 THEN 0 ELSE 1 END, u.name",
        )
        .bind(mpp.id)
        .bind(true)
        .all(&self.pool)
        .await?;
        let services = sql::<E>(
            "SELECT s.unit_id, s.name FROM services s JOIN mpp_tenants t ON t.unit_id = s.unit_id \
             WHERE t.mpp_id = $1 AND s.active = $2 ORDER BY s.unit_id, s.position, s.id",
        )
        .bind(mpp.id)
        .bind(true)
        .all(&self.pool)
        .await?;
        let mut by_unit: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for row in &services {
            by_unit
                .entry(row.col("unit_id")?)
                .or_default()
                .push(row.col("name")?);
        }
        let tenants = rows
            .iter()
            .map(|row| {
                let unit_id: i64 = row.col("id")?;
                let kind: String = row.col("kind")?;
                Ok(Tenant {
                    unit_id,
                    code: row.col("code")?,
                    name: row.col("name")?,
                    kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
                    agency: row.col("agency")?,
                    active: row.col("active")?,
                    population_per_year: row.col::<Option<i64>>("population_per_year")?.map(to_u64),
                    services: by_unit.remove(&unit_id).unwrap_or_default(),
                    added_at: row.col("added_at")?,
                    removed_at: row.col("removed_at")?,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(Some(MppDetail { mpp, tenants }))
    }

    async fn save_mpp(
        &self,
        code: &str,
        fields: &MppFields,
        create: bool,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let region: Option<String> = sql::<E>("SELECT code FROM regions WHERE code = $1")
            .bind(&fields.region_code)
            .scalar_optional(&mut tx)
            .await?;
        if region.is_none() {
            return Err(StoreError::NotFound(Record::Region(
                fields.region_code.clone(),
            )));
        }
        let before = sql::<E>("SELECT name, region_code, address FROM mpps WHERE code = $1")
            .bind(code)
            .optional(&mut tx)
            .await?
            .map(|row| {
                Ok::<_, StoreError>(MppFields {
                    name: row.col("name")?,
                    region_code: row.col("region_code")?,
                    address: row.col("address")?,
                })
            })
            .transpose()?;
        match (create, &before) {
            (true, Some(_)) => return Err(StoreError::Taken(Unique::Mpp(code.to_string()))),
            (false, None) => return Err(StoreError::NotFound(Record::Mpp(code.to_string()))),
            (true, None) => {
                sql::<E>(
                    "INSERT INTO mpps (code, name, region_code, address) VALUES ($1, $2, $3, $4)",
                )
                .bind(code)
                .bind(&fields.name)
                .bind(&fields.region_code)
                .bind(&fields.address)
                .run(&mut tx)
                .await
                .map_err(|e| taken(e, &fields.name))?;
            }
            (false, Some(_)) => {
                sql::<E>(
                    "UPDATE mpps SET name = $1, region_code = $2, address = $3 WHERE code = $4",
                )
                .bind(&fields.name)
                .bind(&fields.region_code)
                .bind(&fields.address)
                .bind(code)
                .run(&mut tx)
                .await
                .map_err(|e| taken(e, &fields.name))?;
            }
        }
        append(
            &mut tx,
            actor,
            action::MPP_SAVE,
            code,
            before.as_ref().and_then(json),
            json(fields),
        )
        .await?;
        commit(tx).await
    }

    async fn set_tenant(
        &self,
        mpp_code: &str,
        unit_code: &str,
        serving: bool,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let mpp_id: i64 = sql::<E>("SELECT id FROM mpps WHERE code = $1")
            .bind(mpp_code)
            .scalar_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(Record::Mpp(mpp_code.to_string())))?;
        let unit_id: i64 = sql::<E>("SELECT id FROM units WHERE code = $1")
            .bind(unit_code)
            .scalar_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(Record::Unit(unit_code.to_string())))?;
        if serving {
            serve_in(&mut tx, mpp_id, unit_id).await?;
        } else {
            sql::<E>(
                "UPDATE mpp_tenants SET removed_at = $1 \
                 WHERE mpp_id = $2 AND unit_id = $3 AND removed_at IS NULL",
            )
            .bind(timestamp(&Utc::now()))
            .bind(mpp_id)
            .bind(unit_id)
            .run(&mut tx)
            .await?;
            // The unit form's "serves in" names this MPP no more.
            sql::<E>("UPDATE units SET mpp_id = NULL WHERE id = $1 AND mpp_id = $2")
                .bind(unit_id)
                .bind(mpp_id)
                .run(&mut tx)
                .await?;
        }
        append(
            &mut tx,
            actor,
            action::MPP_TENANT,
            mpp_code,
            None,
            Some(serde_json::json!({ "unit": unit_code, "serving": serving }).to_string()),
        )
        .await?;
        commit(tx).await
    }

    async fn mpp_place(&self, mpp_code: &str, unit_id: i64) -> StoreResult<Option<MppPlace>> {
        let row = sql::<E>(
            "SELECT m.id, m.code, m.name FROM mpps m JOIN mpp_tenants t ON t.mpp_id = m.id \
             WHERE m.code = $1 AND t.unit_id = $2 AND t.removed_at IS NULL",
        )
        .bind(mpp_code)
        .bind(unit_id)
        .optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(MppPlace {
                id: row.col("id")?,
                code: row.col("code")?,
                name: row.col("name")?,
            })
        })
        .transpose()
    }

    async fn mpp_tallies(
        &self,
        mpp_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Vec<(i64, Tally)>> {
        // Read from the responses themselves (the index of answers given in an MPP): the daily
        // tallies do not know the place, and an MPP's year is tens of thousands of answers.
        let flag = match counted {
            Counted::Valid => "flag IS NULL",
            Counted::Flagged => "flag IS NOT NULL",
        };
        let rows = sql::<E>(&format!(
            "SELECT unit_id, {} FROM responses \
             WHERE mpp_id = $1 AND day BETWEEN $2 AND $3 AND {flag}",
            SCORE_COLUMNS.join(", ")
        ))
        .bind(mpp_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .all(&self.pool)
        .await?;
        let mut tallies: BTreeMap<i64, Tally> = BTreeMap::new();
        for row in &rows {
            tallies
                .entry(row.col("unit_id")?)
                .or_default()
                .record(&parse_answers(row)?);
        }
        Ok(tallies.into_iter().collect())
    }

    async fn mpp_comments(
        &self,
        mpp_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        limit: u32,
    ) -> StoreResult<Vec<MppComment>> {
        let rows = sql::<E>(
            "SELECT u.code, u.name, r.received_at, r.comment, \
             COALESCE(f.status, 'baru') AS status, f.public_reply \
             FROM responses r \
             JOIN units u ON u.id = r.unit_id \
             LEFT JOIN comment_followups f ON f.response_id = r.id \
             WHERE r.mpp_id = $1 AND r.day BETWEEN $2 AND $3 AND r.flag IS NULL \
             AND r.comment IS NOT NULL AND r.comment <> '' \
             ORDER BY r.received_at DESC, r.id LIMIT $4",
        )
        .bind(mpp_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(i64::from(limit))
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = row.col("status")?;
                Ok(MppComment {
                    unit_code: row.col("code")?,
                    unit_name: row.col("name")?,
                    received_at: row.col("received_at")?,
                    comment: super::dashboard::masked(row.col("comment")?),
                    status: CommentStatus::parse(&status).ok_or_else(|| {
                        StoreError::Failed("stored comment status is not valid".into())
                    })?,
                    public_reply: row
                        .col::<Option<String>>("public_reply")?
                        .map(super::dashboard::masked),
                })
            })
            .collect()
    }

    async fn mpp_answers_on(&self, mpp_id: i64, day: NaiveDate) -> StoreResult<u64> {
        let n: i64 = sql::<E>(
            "SELECT COUNT(*) FROM responses WHERE mpp_id = $1 AND day = $2 AND flag IS NULL",
        )
        .bind(mpp_id)
        .bind(day.to_string())
        .scalar(&self.pool)
        .await?;
        Ok(to_u64(n))
    }
}
