//! What the yearly scorecard reads and what staff record for it (`app::store::Scorecards`):
//! publication media, evidence photos, follow-up progress, the rubric, a region's year of evidence
//! and the reminder mails. Every change made by a person runs in one transaction with its audit
//! line.

use super::audit::{append, json};
use super::dashboard::{parse_action, ACTION_COLUMNS};
use super::engine::Engine;
use super::shared::{in_region, instant, region_prefix, timestamp, to_i64, to_u64};
use super::sql::{begin_write, commit, json_rows, sql, Cols, JsonRow, Sql, Tx};
use super::store::SqlStore;
use app::accounts::{action, Actor};
use app::dashboard::ActionStatus;
use app::evidence::{
    ActionUpdate, MediumKind, MediumRecord, MonthAnswers, NewMedium, NewPhoto, Photo, ReminderMail,
    RubricRecord, Units, YearEvidence,
};
use app::store::{Record, Scorecards, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ikm_domain::response_file::JAKARTA;
use ikm_domain::rubric::Rubric;
use ikm_domain::scorecard::{CommentFacts, Publication};
use ikm_domain::Unsur;
use std::collections::BTreeMap;

fn bad(what: &str) -> StoreError {
    StoreError::Failed(format!("stored {what} is not valid"))
}

const MEDIUM_COLUMNS: &str = "id, period, kind, name, published_on, link, photo, created_by";

fn parse_medium(row: &impl Cols) -> StoreResult<MediumRecord> {
    let kind: String = row.col("kind")?;
    let on: String = row.col("published_on")?;
    Ok(MediumRecord {
        id: row.col("id")?,
        period: row.col("period")?,
        kind: MediumKind::parse(&kind).ok_or_else(|| bad("medium kind"))?,
        name: row.col("name")?,
        on: on.parse().map_err(|_| bad("publication day"))?,
        link: row.col("link")?,
        photo: row.col("photo")?,
        created_by: row.col("created_by")?,
    })
}

/// The Asia/Jakarta day of a stored RFC 3339 instant.
fn jakarta_day(stamp: &str) -> StoreResult<NaiveDate> {
    Ok(instant(stamp, "time")?.with_timezone(&JAKARTA).date_naive())
}

async fn store_photo<E: Engine>(
    tx: &mut Tx<E>,
    unit_id: i64,
    photo: &NewPhoto,
    actor: &Actor,
) -> StoreResult<()> {
    sql::<E>(
        "INSERT INTO evidence_photos (token, unit_id, content_type, bytes, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(photo.token.as_str())
    .bind(unit_id)
    .bind(photo.content_type)
    .bind(photo.bytes.as_slice())
    .bind(timestamp(&Utc::now()))
    .bind(&actor.name)
    .run(tx)
    .await?;
    Ok(())
}

/// A group's records of table alias `alias` as one JSON array of objects keyed by `columns`
/// (`"id, period, …"`), read back with [`json_rows`] by the same names.
fn json_records<E: Engine>(alias: &str, columns: &str) -> String {
    let pairs: Vec<String> = columns
        .split(',')
        .map(str::trim)
        .map(|c| format!("'{c}', {alias}.{c}"))
        .collect();
    format!(
        "CAST({}({}({})) AS TEXT)",
        E::JSON_AGG,
        E::JSON_OBJECT,
        pairs.join(", ")
    )
}

/// The records of `table` (its `columns`, read by `parse`) for the units' periods of the year
/// `year_key`: a row per unit, its records packed in a JSON array.
async fn packed_by_unit<E: Engine, T>(
    pool: &sqlx::Pool<E>,
    table: &str,
    columns: &str,
    units: Units<'_>,
    year_key: &str,
    parse: impl Fn(&JsonRow) -> StoreResult<T>,
) -> StoreResult<Vec<(i64, T)>> {
    let region = units_filter(units);
    let prefix = region_prefix(units.region_code());
    let rows = bind_units(
        sql::<E>(&format!(
            "SELECT t.unit_id, {} AS items FROM {table} t JOIN units u ON u.id = t.unit_id \
             WHERE {region} AND substr(t.period, 1, 4) = $3 GROUP BY t.unit_id",
            json_records::<E>("t", columns)
        )),
        units,
        &prefix,
    )
    .bind(year_key)
    .all(pool)
    .await?;
    let mut records = Vec::new();
    for row in &rows {
        let unit_id: i64 = row.col("unit_id")?;
        for record in json_rows(&row.col::<String>("items")?)? {
            records.push((unit_id, parse(&record)?));
        }
    }
    Ok(records)
}

/// `YYYY-MM respondents unsur` as [`Scorecards::answered_months`] reads it: the month (1–12)
/// and its answers.
fn parse_month(text: &str) -> Option<(usize, MonthAnswers)> {
    let mut parts = text.split_whitespace();
    let month = parts.next()?.get(5..7)?.parse().ok()?;
    let respondents = parts.next()?.parse().ok()?;
    let unsur = parts.next()?.parse().ok()?;
    Some((month, MonthAnswers { respondents, unsur }))
}

/// The first four characters of a period key are its year (`2026-T4`, `2026-11`, `2026`).
/// The units a statement reads, as `$1` and `$2`.
fn units_filter(units: Units<'_>) -> String {
    match units {
        Units::InRegion(code) => in_region("u.region_code", code, 1, 2),
        Units::One { .. } => "(u.id = $1 AND u.region_code = $2)".to_string(),
    }
}

/// Binds `$1` and `$2` of [`units_filter`].
fn bind_units<'q, E: Engine>(query: Sql<'q, E>, units: Units<'q>, prefix: &'q str) -> Sql<'q, E> {
    match units {
        Units::InRegion(code) => query.bind(code).bind(prefix),
        Units::One { id, region_code } => query.bind(id).bind(region_code),
    }
}

fn year_key(year: i32) -> String {
    format!("{year:04}")
}

#[async_trait::async_trait]
impl<E: Engine> Scorecards for SqlStore<E> {
    async fn media(&self, unit_id: i64) -> StoreResult<Vec<MediumRecord>> {
        let rows = sql::<E>(&format!(
            "SELECT {MEDIUM_COLUMNS} FROM publication_media WHERE unit_id = $1 \
             ORDER BY published_on DESC, id DESC"
        ))
        .bind(unit_id)
        .all(&self.pool)
        .await?;
        rows.iter().map(parse_medium).collect()
    }

    async fn add_medium(
        &self,
        unit_id: i64,
        medium: &NewMedium,
        photo: Option<&NewPhoto>,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        if let Some(photo) = photo {
            store_photo(&mut tx, unit_id, photo, actor).await?;
        }
        let id: i64 = sql::<E>(
            "INSERT INTO publication_media \
             (unit_id, period, kind, name, published_on, link, photo, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(unit_id)
        .bind(medium.period.as_str())
        .bind(medium.kind.key())
        .bind(medium.name.as_str())
        .bind(medium.on.to_string())
        .bind(medium.link.as_deref())
        .bind(photo.map(|p| p.token.as_str()))
        .bind(timestamp(&Utc::now()))
        .bind(&actor.name)
        .scalar(&mut tx)
        .await?;
        let after = serde_json::json!({
            "medium": medium,
            "photo": photo.map(|p| &p.token),
        });
        append(
            &mut tx,
            actor,
            action::MEDIUM_ADD,
            &id.to_string(),
            None,
            json(&after),
        )
        .await?;
        commit(tx).await?;
        Ok(id)
    }

    async fn remove_medium(&self, unit_id: i64, id: i64, actor: &Actor) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let row = sql::<E>(&format!(
            "SELECT {MEDIUM_COLUMNS} FROM publication_media WHERE id = $1 AND unit_id = $2"
        ))
        .bind(id)
        .bind(unit_id)
        .optional(&mut tx)
        .await?;
        let Some(before) = row.as_ref().map(parse_medium).transpose()? else {
            return Err(StoreError::NotFound(Record::Medium(id)));
        };
        sql::<E>("DELETE FROM publication_media WHERE id = $1 AND unit_id = $2")
            .bind(id)
            .bind(unit_id)
            .run(&mut tx)
            .await?;
        append(
            &mut tx,
            actor,
            action::MEDIUM_REMOVE,
            &id.to_string(),
            json(&before),
            None,
        )
        .await?;
        commit(tx).await
    }

    async fn update_followup(
        &self,
        unit_id: i64,
        id: i64,
        update: &ActionUpdate,
        photo: Option<&NewPhoto>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let row = sql::<E>(&format!(
            "SELECT {ACTION_COLUMNS} FROM followup_actions WHERE id = $1 AND unit_id = $2"
        ))
        .bind(id)
        .bind(unit_id)
        .optional(&mut tx)
        .await?;
        let Some(before) = row.as_ref().map(parse_action).transpose()? else {
            return Err(StoreError::NotFound(Record::Action(id)));
        };
        if let Some(photo) = photo {
            store_photo(&mut tx, unit_id, photo, actor).await?;
        }
        let done_on = (update.status == ActionStatus::Selesai)
            .then_some(update.done_on)
            .flatten()
            .map(|d| d.to_string());
        sql::<E>(
            "UPDATE followup_actions SET status = $1, done_on = $2, \
             evidence_note = COALESCE($3, evidence_note), \
             evidence_link = COALESCE($4, evidence_link), \
             evidence_photo = COALESCE($5, evidence_photo) \
             WHERE id = $6 AND unit_id = $7",
        )
        .bind(update.status.key())
        .bind(done_on)
        .bind(update.note.as_deref())
        .bind(update.link.as_deref())
        .bind(photo.map(|p| p.token.as_str()))
        .bind(id)
        .bind(unit_id)
        .run(&mut tx)
        .await?;
        let after = serde_json::json!({
            "update": update,
            "photo": photo.map(|p| &p.token),
        });
        append(
            &mut tx,
            actor,
            action::FOLLOWUP_STATUS,
            &id.to_string(),
            json(&before),
            json(&after),
        )
        .await?;
        commit(tx).await
    }

    async fn photo(&self, token: &str) -> StoreResult<Option<Photo>> {
        let row =
            sql::<E>("SELECT unit_id, content_type, bytes FROM evidence_photos WHERE token = $1")
                .bind(token)
                .optional(&self.pool)
                .await?;
        row.map(|row| {
            Ok(Photo {
                unit_id: row.col("unit_id")?,
                content_type: row.col("content_type")?,
                bytes: row.col("bytes")?,
            })
        })
        .transpose()
    }

    async fn rubric_record(&self) -> StoreResult<Option<RubricRecord>> {
        let row = sql::<E>(
            "SELECT body, created_at, created_by FROM scorecard_rubrics ORDER BY id DESC LIMIT 1",
        )
        .optional(&self.pool)
        .await?;
        row.map(|row| {
            let body: Option<String> = row.col("body")?;
            Ok(RubricRecord {
                rubric: body
                    .map(|b| serde_json::from_str::<Rubric>(&b).map_err(|_| bad("rubric")))
                    .transpose()?,
                at: row.col("created_at")?,
                by: row.col("created_by")?,
            })
        })
        .transpose()
    }

    async fn set_rubric(&self, rubric: Option<&Rubric>, actor: &Actor) -> StoreResult<()> {
        let body = rubric
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Failed(e.to_string()))?;
        let mut tx = begin_write(&self.pool).await?;
        let before: Option<Option<String>> =
            sql::<E>("SELECT body FROM scorecard_rubrics ORDER BY id DESC LIMIT 1")
                .scalar_optional(&mut tx)
                .await?;
        sql::<E>(
            "INSERT INTO scorecard_rubrics (body, created_at, created_by) VALUES ($1, $2, $3)",
        )
        .bind(body.as_deref())
        .bind(timestamp(&Utc::now()))
        .bind(&actor.name)
        .run(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::RUBRIC_SET,
            "rubric",
            Some(before.flatten().unwrap_or_else(|| "default".into())),
            Some(body.unwrap_or_else(|| "default".into())),
        )
        .await?;
        commit(tx).await
    }

    async fn year_evidence(&self, units: Units<'_>, year: i32) -> StoreResult<YearEvidence> {
        let region = units_filter(units);
        let prefix = region_prefix(units.region_code());
        let year_key = year_key(year);
        let (from, to) = (format!("{year_key}-01-01"), format!("{year_key}-12-31"));
        // Every read gives a row per unit, its records packed in one text (joined, or a JSON
        // array): each row sqlx hands over costs more than SQLite's work on it (a province's
        // 35 000 rows of evidence took ~150 ms; as 1 500 per read they take a tenth). The reads
        // run side by side, each on a connection of its own.
        let publications = async {
            let rows = bind_units(
                sql::<E>(&format!(
                    "SELECT p.unit_id, {agg}(p.period || ' ' || p.published_at, ',') AS items \
                     FROM published_periods p JOIN units u ON u.id = p.unit_id \
                     WHERE {region} AND substr(p.period, 1, 4) = $3 GROUP BY p.unit_id",
                    agg = E::STRING_AGG
                )),
                units,
                &prefix,
            )
            .bind(year_key.as_str())
            .all(&self.pool)
            .await?;
            let mut publications = Vec::new();
            for row in &rows {
                let unit_id: i64 = row.col("unit_id")?;
                let items: String = row.col("items")?;
                for item in items.split(',') {
                    let (period, at) = item.split_once(' ').ok_or_else(|| bad("publication"))?;
                    publications.push((
                        unit_id,
                        Publication {
                            period: period.to_string(),
                            on: jakarta_day(at)?,
                        },
                    ));
                }
            }
            Ok::<_, StoreError>(publications)
        };

        let media = async {
            let mut media = packed_by_unit(
                &self.pool,
                "publication_media",
                MEDIUM_COLUMNS,
                units,
                &year_key,
                parse_medium,
            )
            .await?;
            media.sort_by_key(|(_, m)| (m.on, m.id));
            Ok::<_, StoreError>(media)
        };

        let actions = async {
            let mut actions = packed_by_unit(
                &self.pool,
                "followup_actions",
                ACTION_COLUMNS,
                units,
                &year_key,
                parse_action,
            )
            .await?;
            actions.sort_by_key(|(_, a)| a.id);
            Ok::<_, StoreError>(actions)
        };

        let comments = async {
            // Comments: how many (the partial index of commented responses), then the few staff
            // answered, with the days to each reply.
            let rows = bind_units(
                sql::<E>(&format!(
                    "SELECT r.unit_id, COUNT(*) AS n FROM responses r \
                     WHERE r.unit_id IN (SELECT u.id FROM units u WHERE {region}) \
                     AND r.day BETWEEN $3 AND $4 AND r.flag IS NULL \
                     AND r.comment IS NOT NULL AND r.comment <> '' GROUP BY r.unit_id"
                )),
                units,
                &prefix,
            )
            .bind(from.as_str())
            .bind(to.as_str())
            .all(&self.pool)
            .await?;
            let mut comments: BTreeMap<i64, CommentFacts> = BTreeMap::new();
            for row in &rows {
                let n: i64 = row.col("n")?;
                comments.entry(row.col("unit_id")?).or_default().total = to_u64(n);
            }
            let rows = bind_units(
                sql::<E>(&format!(
                    "SELECT f.unit_id, COUNT(*) AS n, \
                     {agg}(CAST(f.reply_days AS TEXT), ',') AS days FROM comment_followups f \
                     WHERE f.unit_id IN (SELECT u.id FROM units u WHERE {region}) \
                     AND f.day BETWEEN $3 AND $4 AND f.counted = 1 \
                     AND (f.status = 'selesai' OR f.public_reply IS NOT NULL) \
                     GROUP BY f.unit_id",
                    agg = E::STRING_AGG
                )),
                units,
                &prefix,
            )
            .bind(from.as_str())
            .bind(to.as_str())
            .all(&self.pool)
            .await?;
            for row in &rows {
                let facts = comments.entry(row.col("unit_id")?).or_default();
                facts.answered += to_u64(row.col("n")?);
                let days: Option<String> = row.col("days")?;
                for day in days.iter().flat_map(|d| d.split(',')) {
                    let day: i64 = day.parse().map_err(|_| bad("reply days"))?;
                    facts
                        .reply_days
                        .push(u32::try_from(day.max(0)).unwrap_or(u32::MAX));
                }
            }
            Ok::<_, StoreError>(comments.into_iter().collect())
        };
        let (publications, media, actions, comments) =
            futures::try_join!(publications, media, actions, comments)?;
        Ok(YearEvidence {
            publications,
            media,
            actions,
            comments,
        })
    }

    async fn answered_months(
        &self,
        units: Units<'_>,
        year: i32,
    ) -> StoreResult<Vec<(i64, [MonthAnswers; 12])>> {
        let region = units_filter(units);
        let prefix = region_prefix(units.region_code());
        // Bit i: the i-th unsur has at least one answer that month (its four counts are never
        // negative, so their bitwise OR is 0 only when all are).
        let unsur: Vec<String> = Unsur::ALL
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let k = u.key();
                format!(
                    "(CASE WHEN (t.c_{k}_1 | t.c_{k}_2 | t.c_{k}_3 | t.c_{k}_4) <> 0 \
                     THEN {} ELSE 0 END)",
                    1 << i
                )
            })
            .collect();
        let year_key = year_key(year);
        // A row per unit, its months as `YYYY-MM respondents unsur` joined by commas: each row
        // sqlx hands over costs more than SQLite's work on it (a province: 1 500 rows, not
        // 18 000). The roll-up has one row per unit, month and flagged (its key), so a month
        // needs no sum of its own.
        let rows = bind_units(
            sql::<E>(&format!(
                "SELECT t.unit_id, {agg}(t.month || ' ' || CAST(t.respondents AS BIGINT) || ' ' || \
                 ({unsur}), ',') AS months FROM month_tallies t \
                 WHERE t.unit_id IN (SELECT u.id FROM units u WHERE {region}) \
                 AND t.month BETWEEN $3 AND $4 AND t.flagged = $5 GROUP BY t.unit_id",
                agg = E::STRING_AGG,
                unsur = unsur.join(" + "),
            )),
            units,
            &prefix,
        )
        .bind(format!("{year_key}-01"))
        .bind(format!("{year_key}-12"))
        .bind(false)
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let joined: String = row.col("months")?;
                let mut months = [MonthAnswers::default(); 12];
                for month in joined.split(',') {
                    let (number, answers) = parse_month(month)
                        .ok_or_else(|| StoreError::Failed(format!("a month's answers {month}")))?;
                    if let Some(slot) = months.get_mut(number.saturating_sub(1)) {
                        *slot = answers;
                    }
                }
                Ok((row.col("unit_id")?, months))
            })
            .collect()
    }

    async fn claim_reminder(
        &self,
        month: &str,
        address: &str,
        items: u64,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let claimed = sql::<E>(
            "INSERT INTO reminder_mails (month, address, status, items, detail, at) \
             VALUES ($1, $2, 'sending', $3, '', $4) \
             ON CONFLICT (month, address) DO UPDATE SET status = 'sending', items = excluded.items, \
             at = excluded.at WHERE reminder_mails.status = 'failed'",
        )
        .bind(month)
        .bind(address)
        .bind(to_i64(items))
        .bind(timestamp(&at))
        .run(&self.pool)
        .await?;
        Ok(claimed > 0)
    }

    async fn finish_reminder(
        &self,
        month: &str,
        address: &str,
        outcome: Result<(), String>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (status, detail) = match outcome {
            Ok(()) => ("sent", String::new()),
            Err(e) => ("failed", e),
        };
        sql::<E>(
            "UPDATE reminder_mails SET status = $1, detail = $2, at = $3 \
             WHERE month = $4 AND address = $5",
        )
        .bind(status)
        .bind(detail.as_str())
        .bind(timestamp(&at))
        .bind(month)
        .bind(address)
        .run(&self.pool)
        .await?;
        Ok(())
    }

    async fn reminder_log(&self, limit: u32) -> StoreResult<Vec<ReminderMail>> {
        let rows = sql::<E>(
            "SELECT month, address, status, items, detail, at FROM reminder_mails \
             ORDER BY at DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let items: i64 = row.col("items")?;
                Ok(ReminderMail {
                    month: row.col("month")?,
                    address: row.col("address")?,
                    status: row.col("status")?,
                    items: to_u64(items),
                    detail: row.col("detail")?,
                    at: row.col("at")?,
                })
            })
            .collect()
    }
}
