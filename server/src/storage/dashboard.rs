//! What the unit dashboard needs beyond tallies (`app::store::Dashboards`): breakdowns, the
//! comment inbox, the follow-up plan, alerts, units' tallies for a region, published periods and
//! uploads waiting to be stored. Every change made by a person runs in one transaction with its
//! audit line.

use super::audit::{append, json};
use super::cells::built_through;
use super::engine::Engine;
use super::rows::{parse_answers, parse_profile, parse_unit, UNIT_COLUMNS};
use super::shared::{
    first_day_after, in_region, profile_cells, region_prefix, split_months_before, tally_from_sums,
    timestamp, to_i64, to_u64, SCORE_COLUMNS, TALLY_SUMS,
};
use super::sql::{begin_write, commit, sql, Cols, Sql};
use super::store::SqlStore;
use super::tallies::{per_place, per_unit, TallyScope};
use app::accounts::{action, Actor};
use app::dashboard::{
    ActionStatus, Alert, AlertKind, AlertRules, ClosedAlert, CommentFilter, CommentRow,
    CommentStatus, CommentUpdate, ConsentedContact, Dimension, FollowUpAction, Forwarded,
    ImportSummary, LevyChannel, NewAction, PublicReply, RegionUnit, UnitAlert,
};
use app::evidence::Evidence;
use app::store::{Counted, Dashboards, PublishedUnits, Record, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use ikm_domain::contact::{Contact, ContactKind};
use ikm_domain::themes::CommentFlag;
use ikm_domain::{Answers, Mutu, Tally, Unsur};
use std::collections::BTreeMap;

/// A value to bind to a query built piece by piece.
enum Bind {
    Int(i64),
    Text(String),
}

fn bind_all<'q, E: Engine>(mut query: Sql<'q, E>, binds: &'q [Bind]) -> Sql<'q, E> {
    for bind in binds {
        query = match bind {
            Bind::Int(n) => query.bind(*n),
            Bind::Text(t) => query.bind(t.as_str()),
        };
    }
    query
}

/// The keys of a comma-separated list that `parse` knows.
fn keys<T>(list: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    list.split(',').filter_map(|k| parse(k.trim())).collect()
}

/// A citizen's or staff member's text as it may be shown: personal numbers, e-mail addresses and
/// plates masked (`ikm_domain::privacy`).
pub(crate) fn masked(text: String) -> String {
    match ikm_domain::privacy::mask(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(masked) => masked,
    }
}

/// The consented contact of an inbox row (`k.*` columns), if any.
fn consented_contact(row: &impl Cols) -> StoreResult<Option<ConsentedContact>> {
    let Some(kind) = row.col::<Option<String>>("contact_kind")? else {
        return Ok(None);
    };
    let kind = ContactKind::parse(&kind).ok_or_else(|| bad("contact kind"))?;
    Ok(Some(ConsentedContact {
        contact: Contact {
            kind,
            value: row.col("contact")?,
        },
        contacted_at: row.col("contacted_at")?,
        contacted_by: row.col("contacted_by")?,
    }))
}

fn bad(what: &str) -> StoreError {
    StoreError::Failed(format!("stored {what} is not valid"))
}

pub(super) fn scores_of(row: &impl Cols) -> StoreResult<[Option<u8>; 9]> {
    let mut scores = [None; 9];
    for (slot, column) in scores.iter_mut().zip(SCORE_COLUMNS.iter()) {
        let value: Option<i64> = row.col(column.as_str())?;
        *slot = value.and_then(|v| u8::try_from(v).ok());
    }
    Ok(scores)
}

pub(super) fn parse_action(row: &impl Cols) -> StoreResult<FollowUpAction> {
    let text = |c: &str| row.col::<String>(c);
    Ok(FollowUpAction {
        id: row.col("id")?,
        period: text("period")?,
        unsur: Unsur::parse(&text("unsur")?).ok_or_else(|| bad("unsur"))?,
        action: text("action")?,
        owner: text("owner")?,
        due: text("due")?
            .parse::<NaiveDate>()
            .map_err(|_| bad("due date"))?,
        status: ActionStatus::parse(&text("status")?).ok_or_else(|| bad("status"))?,
        theme: row.col("theme")?,
        done_on: row
            .col::<Option<String>>("done_on")?
            .map(|d| d.parse::<NaiveDate>().map_err(|_| bad("done date")))
            .transpose()?,
        evidence: Evidence {
            note: row.col("evidence_note")?,
            link: row.col("evidence_link")?,
            photo: row.col("evidence_photo")?,
        },
    })
}

pub(super) fn parse_alert(row: &impl Cols) -> StoreResult<Alert> {
    let kind: String = row.col("kind")?;
    let forwarded = match row.col::<Option<String>>("forwarded_to")? {
        Some(to) => Some(Forwarded {
            to: LevyChannel::parse(&to).ok_or_else(|| bad("forwarding channel"))?,
            reference: row
                .col::<Option<String>>("forwarded_ref")?
                .unwrap_or_default(),
            at: row
                .col::<Option<String>>("forwarded_at")?
                .unwrap_or_default(),
            by: row
                .col::<Option<String>>("forwarded_by")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    let closed = match row.col::<Option<String>>("closed_at")? {
        Some(at) => Some(ClosedAlert {
            at,
            by: row.col::<Option<String>>("closed_by")?.unwrap_or_default(),
            note: row.col("closing_note")?,
        }),
        None => None,
    };
    Ok(Alert {
        id: row.col("id")?,
        kind: AlertKind::parse(&kind).ok_or_else(|| bad("alert kind"))?,
        raised_at: row.col("raised_at")?,
        detail: row.col("detail")?,
        acknowledged_at: row.col("acknowledged_at")?,
        acknowledged_by: row.col("acknowledged_by")?,
        forwarded,
        closed,
    })
}

/// `%`, `_` and `\` taken literally in a LIKE pattern (`ESCAPE '\'`).
fn like_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `SELECT {select}` over a unit's comments that match the filter (valid responses with a
/// comment, or with a contact the citizen consented to: someone who answered low and asked to be
/// called may write nothing), and its binds.
fn comment_query(select: &str, unit_id: i64, filter: &CommentFilter) -> (String, Vec<Bind>) {
    let mut sql = format!(
        "SELECT {select} \
         FROM responses r \
         LEFT JOIN services s ON s.id = r.service_id \
         LEFT JOIN comment_followups f ON f.response_id = r.id \
         LEFT JOIN comment_readings c ON c.response_id = r.id \
         LEFT JOIN contact_consents k ON k.response_id = r.id \
         WHERE r.unit_id = $1 AND r.day BETWEEN $2 AND $3 AND r.flag IS NULL \
         AND ((r.comment IS NOT NULL AND r.comment <> '') OR k.response_id IS NOT NULL)"
    );
    let mut binds = vec![
        Bind::Int(unit_id),
        Bind::Text(filter.from.to_string()),
        Bind::Text(filter.to.to_string()),
    ];
    if let Some(service) = filter.service {
        binds.push(Bind::Int(service));
        sql.push_str(&format!(" AND r.service_id = ${}", binds.len()));
    }
    if filter.low_only {
        let low: Vec<String> = SCORE_COLUMNS
            .iter()
            .map(|c| format!("r.{c} <= 2"))
            .collect();
        sql.push_str(&format!(" AND ({})", low.join(" OR ")));
    }
    if let Some(status) = filter.status {
        binds.push(Bind::Text(status.key().to_string()));
        sql.push_str(&format!(
            " AND COALESCE(f.status, 'baru') = ${}",
            binds.len()
        ));
    }
    // Keys in a comma-separated list, matched whole.
    for (column, key) in [
        ("c.themes", filter.theme.map(|u| u.key())),
        ("c.flags", filter.flag.map(|f| f.key())),
    ] {
        if let Some(key) = key {
            binds.push(Bind::Text(format!("%,{key},%")));
            sql.push_str(&format!(
                " AND (',' || {column} || ',') LIKE ${}",
                binds.len()
            ));
        }
    }
    if let Some(search) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) {
        binds.push(Bind::Text(like_pattern(search.trim())));
        sql.push_str(&format!(
            " AND LOWER(r.comment) LIKE ${} ESCAPE '\\'",
            binds.len()
        ));
    }
    (sql, binds)
}

pub(super) const ACTION_COLUMNS: &str =
    "id, period, unsur, action, owner, due, status, theme, done_on, \
     evidence_note, evidence_link, evidence_photo";
pub(super) const ALERT_COLUMNS: &str =
    "id, kind, raised_at, detail, acknowledged_at, acknowledged_by, \
     forwarded_to, forwarded_ref, forwarded_at, forwarded_by, closed_at, closed_by, closing_note";
/// Alerts that still ask for something first: not acknowledged, or a levy report not closed.
pub(super) const OPEN_FIRST: &str =
    "(acknowledged_at IS NULL OR (kind = 'pungli' AND closed_at IS NULL)) DESC, raised_at DESC";

#[async_trait::async_trait]
impl<E: Engine> Dashboards for SqlStore<E> {
    async fn breakdowns(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(Dimension, Vec<(String, Tally)>)>> {
        // Months whose cells are not built yet (the current one) are read as days.
        let built = built_through(&self.pool).await?;
        let split = split_months_before(from, to, first_day_after(&built)?);
        let mut cells: BTreeMap<(&'static str, String), Tally> = BTreeMap::new();
        if let Some((first, last)) = &split.months {
            let rows = sql::<E>(&format!(
                "SELECT dimension, cell, {} FROM month_cells \
                 WHERE unit_id = $1 AND month BETWEEN $2 AND $3 GROUP BY dimension, cell",
                *TALLY_SUMS
            ))
            .bind(unit_id)
            .bind(first)
            .bind(last)
            .all(&self.pool)
            .await?;
            for row in rows {
                let dimension: String = row.col("dimension")?;
                let dimension =
                    Dimension::parse(&dimension).ok_or_else(|| bad("breakdown dimension"))?;
                let cell: String = row.col("cell")?;
                let tally = tally_from_sums(|c| row.col::<i64>(c))?;
                cells
                    .entry((dimension.key(), cell))
                    .or_default()
                    .merge(&tally);
            }
        }
        // The days of partial and unbuilt months: service, counter and channel from the
        // daily tallies, the profile from the responses themselves (one read of each).
        for (a, b) in &split.days {
            let (a, b) = (a.to_string(), b.to_string());
            let rows = sql::<E>(&format!(
                "SELECT CAST(service_id AS TEXT) AS service, counter_tag, channel, {} FROM tallies \
                 WHERE unit_id = $1 AND day BETWEEN $2 AND $3 AND flagged = FALSE \
                 GROUP BY service_id, counter_tag, channel",
                *TALLY_SUMS
            ))
            .bind(unit_id)
            .bind(&a)
            .bind(&b)
            .all(&self.pool)
            .await?;
            for row in rows {
                let tally = tally_from_sums(|c| row.col::<i64>(c))?;
                for (dimension, column) in [
                    (Dimension::Service, "service"),
                    (Dimension::Counter, "counter_tag"),
                    (Dimension::Channel, "channel"),
                ] {
                    let cell: String = row.col(column)?;
                    cells
                        .entry((dimension.key(), cell))
                        .or_default()
                        .merge(&tally);
                }
            }
            let rows = sql::<E>(&format!(
                "SELECT gender, age, education, occupation, {} FROM responses \
                 WHERE unit_id = $1 AND day BETWEEN $2 AND $3 AND flag IS NULL",
                SCORE_COLUMNS.join(", ")
            ))
            .bind(unit_id)
            .bind(&a)
            .bind(&b)
            .all(&self.pool)
            .await?;
            for row in rows {
                let answers = parse_answers(&row)?;
                for (dimension, cell) in profile_cells(&parse_profile(&row)?) {
                    cells
                        .entry((dimension.key(), cell))
                        .or_default()
                        .record(&answers);
                }
            }
        }
        let services = sql::<E>("SELECT id, name FROM services WHERE unit_id = $1")
            .bind(unit_id)
            .all(&self.pool)
            .await?;
        let mut names = BTreeMap::new();
        for s in services {
            let id: i64 = s.col("id")?;
            let name: String = s.col("name")?;
            names.insert(id.to_string(), name);
        }
        Ok(Dimension::ALL
            .iter()
            .map(|&dimension| {
                let list = cells
                    .iter()
                    .filter(|((key, _), _)| *key == dimension.key())
                    .map(|((_, cell), tally)| {
                        let label = match dimension {
                            // Service 0 is "no service chosen".
                            Dimension::Service => names.get(cell).cloned().unwrap_or_default(),
                            _ => cell.clone(),
                        };
                        (label, tally.clone())
                    })
                    .collect();
                (dimension, list)
            })
            .collect())
    }

    async fn comments(
        &self,
        unit_id: i64,
        filter: &CommentFilter,
        limit: u32,
    ) -> StoreResult<Vec<CommentRow>> {
        let score_columns: Vec<String> = SCORE_COLUMNS.iter().map(|c| format!("r.{c}")).collect();
        let (mut text, mut binds) = comment_query(
            &format!(
                "r.id, r.received_at, s.name AS service_name, {}, r.comment, \
                 COALESCE(f.status, 'baru') AS status, f.note, f.public_reply, \
                 COALESCE(c.themes, '') AS themes, COALESCE(c.flags, '') AS flags, \
                 k.kind AS contact_kind, k.contact, k.contacted_at, k.contacted_by",
                score_columns.join(", ")
            ),
            unit_id,
            filter,
        );
        binds.push(Bind::Int(i64::from(limit)));
        text.push_str(&format!(
            " ORDER BY r.received_at DESC LIMIT ${}",
            binds.len()
        ));
        let rows = bind_all(sql::<E>(&text), &binds).all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let status: String = row.col("status")?;
                let written: Option<String> = row.col("comment")?;
                let contact = consented_contact(row)?;
                Ok(CommentRow {
                    response_id: row.col("id")?,
                    received_at: row.col("received_at")?,
                    service: row.col("service_name")?,
                    scores: scores_of(row)?,
                    // Personal numbers, addresses and plates are never shown (UU 27/2022).
                    comment: masked(written.clone().unwrap_or_default()),
                    status: CommentStatus::parse(&status).ok_or_else(|| bad("comment status"))?,
                    note: row.col("note")?,
                    public_reply: row.col::<Option<String>>("public_reply")?.map(masked),
                    themes: keys(&row.col::<String>("themes")?, Unsur::parse),
                    flags: keys(&row.col::<String>("flags")?, CommentFlag::parse),
                    as_written: contact.is_some().then_some(written).flatten(),
                    contact,
                })
            })
            .collect()
    }

    async fn comment_count(&self, unit_id: i64, filter: &CommentFilter) -> StoreResult<u64> {
        let (text, binds) = comment_query("COUNT(*) AS n", unit_id, filter);
        let row = bind_all(sql::<E>(&text), &binds).one(&self.pool).await?;
        Ok(to_u64(row.col("n")?))
    }

    async fn update_comment(
        &self,
        unit_id: i64,
        response_id: &str,
        update: &CommentUpdate,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let commented = sql::<E>(
            "SELECT comment, received_at, day, flag FROM responses WHERE id = $1 AND unit_id = $2",
        )
        .bind(response_id)
        .bind(unit_id)
        .optional(&mut tx)
        .await?;
        let not_found = || StoreError::NotFound(Record::Comment(response_id.to_string()));
        let Some(commented) = commented else {
            return Err(not_found());
        };
        let comment: Option<String> = commented.col("comment")?;
        let has_comment = comment.is_some_and(|c| !c.is_empty());
        // An answer without a comment is in the inbox when the citizen asked to be contacted.
        let has_contact = sql::<E>("SELECT 1 AS one FROM contact_consents WHERE response_id = $1")
            .bind(response_id)
            .optional(&mut tx)
            .await?
            .is_some();
        if !has_comment && !has_contact {
            return Err(not_found());
        }
        let received_at: String = commented.col("received_at")?;
        let day: String = commented.col("day")?;
        let flag: Option<String> = commented.col("flag")?;
        // Days from the comment to a reply given now (Asia/Jakarta days; kept when the reply
        // stays the same, as its time is).
        let reply_days: Option<i64> = update.public_reply.as_ref().map(|_| {
            let replied = at
                .with_timezone(&ikm_domain::response_file::JAKARTA)
                .date_naive();
            NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map(|d| (replied - d).num_days().max(0))
                .unwrap_or(0)
        });
        let before = sql::<E>(
            "SELECT status, note, public_reply FROM comment_followups WHERE response_id = $1",
        )
        .bind(response_id)
        .optional(&mut tx)
        .await?
        .map(|row| {
            let text = |c: &str| row.col::<Option<String>>(c).ok().flatten();
            serde_json::json!({
                "status": text("status"),
                "note": text("note"),
                "public_reply": text("public_reply"),
            })
        });
        let now = timestamp(&at);
        sql::<E>(
            "INSERT INTO comment_followups \
             (response_id, unit_id, status, note, public_reply, replied_at, updated_at, updated_by, \
              received_at, day, counted, reply_days) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (response_id) DO UPDATE SET \
             status = excluded.status, note = excluded.note, \
             replied_at = CASE \
                 WHEN excluded.public_reply IS NULL THEN NULL \
                 WHEN comment_followups.public_reply = excluded.public_reply THEN comment_followups.replied_at \
                 ELSE excluded.replied_at END, \
             reply_days = CASE \
                 WHEN excluded.public_reply IS NULL THEN NULL \
                 WHEN comment_followups.public_reply = excluded.public_reply THEN comment_followups.reply_days \
                 ELSE excluded.reply_days END, \
             public_reply = excluded.public_reply, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(response_id)
        .bind(unit_id)
        .bind(update.status.key())
        .bind(&update.note)
        .bind(&update.public_reply)
        .bind(update.public_reply.as_ref().map(|_| now.clone()))
        .bind(&now)
        .bind(&actor.name)
        .bind(&received_at)
        .bind(&day)
        // Counted among the scorecard's comments only when there is a comment.
        .bind(i64::from(flag.is_none() && has_comment))
        .bind(reply_days)
        .run(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::COMMENT_UPDATE,
            response_id,
            before.map(|b| b.to_string()),
            json(update),
        )
        .await?;
        commit(tx).await
    }

    async fn mark_contacted(
        &self,
        unit_id: i64,
        response_id: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let marked = sql::<E>(
            "UPDATE contact_consents SET contacted_at = $1, contacted_by = $2 \
             WHERE response_id = $3 AND unit_id = $4",
        )
        .bind(timestamp(&at))
        .bind(&actor.name)
        .bind(response_id)
        .bind(unit_id)
        .run(&mut tx)
        .await?;
        if marked == 0 {
            return Err(StoreError::NotFound(Record::Comment(
                response_id.to_string(),
            )));
        }
        append(
            &mut tx,
            actor,
            action::CONTACT_MARKED,
            response_id,
            None,
            None,
        )
        .await?;
        commit(tx).await
    }

    async fn read_stored_comments(&self, limit: u32) -> StoreResult<u64> {
        // Every answer's comment is read in the answer's own transaction: once a scan finds none
        // unread, none can be until the readings are cleared (`use_lexicon` deletes this mark
        // with them). Marked, the scan — every stored response, 9 s at 20M answers on
        // PostgreSQL, on each server's start — is skipped.
        let marked: Option<String> =
            sql::<E>("SELECT value FROM settings WHERE key = 'comments_read'")
                .scalar_optional(&self.pool)
                .await?;
        if marked.is_some() {
            return Ok(0);
        }
        let rows = sql::<E>(
            "SELECT r.id, r.unit_id, r.day, r.comment, r.flag FROM responses r \
             LEFT JOIN comment_readings c ON c.response_id = r.id \
             WHERE r.comment IS NOT NULL AND r.comment <> '' AND c.response_id IS NULL \
             LIMIT $1",
        )
        .bind(i64::from(limit))
        .all(&self.pool)
        .await?;
        let mut tx = begin_write(&self.pool).await?;
        if rows.is_empty() {
            sql::<E>(
                "INSERT INTO settings (key, value) VALUES ('comments_read', 'all') \
                 ON CONFLICT (key) DO NOTHING",
            )
            .run(&mut tx)
            .await?;
        }
        for row in &rows {
            let comment: String = row.col("comment")?;
            let reading = ikm_domain::themes::read(&comment);
            let (id, day): (String, String) = (row.col("id")?, row.col("day")?);
            let counted = row.col::<Option<String>>("flag")?.is_none();
            super::responses::write_reading(
                &mut tx,
                &id,
                row.col("unit_id")?,
                &day,
                &reading,
                counted,
            )
            .await?;
        }
        commit(tx).await?;
        Ok(rows.len() as u64)
    }

    async fn public_replies(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<PublicReply>> {
        let rows = sql::<E>(
            "SELECT r.comment, f.public_reply, f.replied_at \
             FROM comment_followups f JOIN responses r ON r.id = f.response_id \
             WHERE f.unit_id = $1 AND f.public_reply IS NOT NULL \
             ORDER BY f.replied_at DESC LIMIT $2",
        )
        .bind(unit_id)
        .bind(i64::from(limit))
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PublicReply {
                    comment: masked(row.col::<Option<String>>("comment")?.unwrap_or_default()),
                    reply: masked(row.col("public_reply")?),
                    replied_at: row.col("replied_at")?,
                })
            })
            .collect()
    }

    async fn followup_actions(
        &self,
        unit_id: i64,
        periods: &[String],
    ) -> StoreResult<Vec<FollowUpAction>> {
        if periods.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..periods.len()).map(|i| format!("${}", i + 2)).collect();
        let text = format!(
            "SELECT {ACTION_COLUMNS} FROM followup_actions \
             WHERE unit_id = $1 AND period IN ({}) ORDER BY id",
            placeholders.join(", ")
        );
        let mut query = sql::<E>(&text).bind(unit_id);
        for period in periods {
            query = query.bind(period.as_str());
        }
        let rows = query.all(&self.pool).await?;
        rows.iter().map(parse_action).collect()
    }

    async fn add_followup_action(
        &self,
        unit_id: i64,
        new: &NewAction,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        let id: i64 = sql::<E>(
            "INSERT INTO followup_actions \
             (unit_id, period, unsur, action, owner, due, status, created_at, created_by, theme) \
             VALUES ($1, $2, $3, $4, $5, $6, 'rencana', $7, $8, $9) RETURNING id",
        )
        .bind(unit_id)
        .bind(&new.period)
        .bind(new.unsur.key())
        .bind(&new.action)
        .bind(&new.owner)
        .bind(new.due.to_string())
        .bind(timestamp(&Utc::now()))
        .bind(&actor.name)
        .bind(&new.theme)
        .scalar(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::FOLLOWUP_ADD,
            &id.to_string(),
            None,
            json(new),
        )
        .await?;
        commit(tx).await?;
        Ok(id)
    }

    async fn alert_rules(&self, unit_id: i64) -> StoreResult<Option<AlertRules>> {
        let Some(row) = sql::<E>(
            "SELECT below_grade, low_share_percent, low_share_last, min_response_rate, email \
             FROM alert_rules WHERE unit_id = $1",
        )
        .bind(unit_id)
        .optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let grade: Option<String> = row.col("below_grade")?;
        let percent: Option<i64> = row.col("low_share_percent")?;
        let last: i64 = row.col("low_share_last")?;
        let rate: Option<i64> = row.col("min_response_rate")?;
        Ok(Some(AlertRules {
            below_grade: match grade.as_deref() {
                None => None,
                Some(g) => Some(
                    [Mutu::A, Mutu::B, Mutu::C, Mutu::D]
                        .into_iter()
                        .find(|m| m.letter() == g)
                        .ok_or_else(|| bad("grade"))?,
                ),
            },
            low_share_percent: percent.and_then(|p| u32::try_from(p).ok()),
            low_share_last: u32::try_from(last).map_err(|_| bad("rule size"))?,
            min_response_rate: rate.and_then(|p| u32::try_from(p).ok()),
            email: row.col("email")?,
        }))
    }

    async fn set_alert_rules(
        &self,
        unit_id: i64,
        rules: &AlertRules,
        actor: &Actor,
    ) -> StoreResult<()> {
        let before = self.alert_rules(unit_id).await?;
        let mut tx = begin_write(&self.pool).await?;
        sql::<E>(
            "INSERT INTO alert_rules \
             (unit_id, below_grade, low_share_percent, low_share_last, min_response_rate, email, \
              updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (unit_id) DO UPDATE SET below_grade = excluded.below_grade, \
             low_share_percent = excluded.low_share_percent, \
             low_share_last = excluded.low_share_last, \
             min_response_rate = excluded.min_response_rate, email = excluded.email, \
             updated_at = excluded.updated_at",
        )
        .bind(unit_id)
        .bind(rules.below_grade.map(|m| m.letter()))
        .bind(rules.low_share_percent.map(i64::from))
        .bind(i64::from(rules.low_share_last))
        .bind(rules.min_response_rate.map(i64::from))
        .bind(&rules.email)
        .bind(timestamp(&Utc::now()))
        .run(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::ALERT_RULES,
            &unit_id.to_string(),
            before.as_ref().and_then(json),
            json(rules),
        )
        .await?;
        commit(tx).await
    }

    async fn alerts(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Alert>> {
        let rows = sql::<E>(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE unit_id = $1 ORDER BY {OPEN_FIRST} LIMIT $2"
        ))
        .bind(unit_id)
        .bind(i64::from(limit))
        .all(&self.pool)
        .await?;
        rows.iter().map(parse_alert).collect()
    }

    async fn raise_alert(
        &self,
        unit_id: i64,
        kind: AlertKind,
        detail: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sql::<E>(
            "INSERT INTO alerts (unit_id, kind, raised_at, detail) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(unit_id)
        .bind(kind.key())
        .bind(timestamp(&at))
        .bind(detail)
        .run(&self.pool)
        .await?;
        Ok(done == 1)
    }

    async fn acknowledge_alert(&self, unit_id: i64, id: i64, actor: &Actor) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let done = sql::<E>(
            "UPDATE alerts SET acknowledged_at = $1, acknowledged_by = $2 \
             WHERE id = $3 AND unit_id = $4 AND acknowledged_at IS NULL",
        )
        .bind(timestamp(&Utc::now()))
        .bind(&actor.name)
        .bind(id)
        .bind(unit_id)
        .run(&mut tx)
        .await?;
        if done == 0 {
            return Err(StoreError::NotFound(Record::Alert(id)));
        }
        append(
            &mut tx,
            actor,
            action::ALERT_ACK,
            &id.to_string(),
            None,
            None,
        )
        .await?;
        commit(tx).await
    }

    async fn forward_alert(
        &self,
        unit_id: i64,
        id: i64,
        to: LevyChannel,
        reference: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        super::levy::forward(&self.pool, unit_id, id, to, reference, at, actor).await
    }

    async fn close_alert(
        &self,
        unit_id: i64,
        id: i64,
        note: Option<&str>,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        super::levy::close(&self.pool, unit_id, id, note, at, actor).await
    }

    async fn region_levy_alerts(
        &self,
        region_code: &str,
        limit: u32,
    ) -> StoreResult<Vec<UnitAlert>> {
        super::levy::region_alerts(&self.pool, region_code, limit).await
    }

    async fn region_units(&self, region_code: &str) -> StoreResult<Vec<RegionUnit>> {
        let rows = sql::<E>(&format!(
            "SELECT id, code, name, region_code, population_per_year, active FROM units \
             WHERE {} ORDER BY name",
            in_region("region_code", region_code, 1, 2)
        ))
        .bind(region_code)
        .bind(region_prefix(region_code))
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let population: Option<i64> = row.col("population_per_year")?;
                Ok(RegionUnit {
                    id: row.col("id")?,
                    code: row.col("code")?,
                    name: row.col("name")?,
                    region_code: row.col("region_code")?,
                    population_per_year: population.and_then(|p| u64::try_from(p).ok()),
                    active: row.col("active")?,
                })
            })
            .collect()
    }

    async fn unit_tallies(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Vec<(i64, Tally)>> {
        let scope = TallyScope::Region(region_code);
        Ok(per_unit(&self.pool, scope, from, to, counted)
            .await?
            .into_iter()
            .collect())
    }

    async fn placed_tallies(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
        counted: Counted,
    ) -> StoreResult<Vec<(String, Tally)>> {
        Ok(per_place(&self.pool, region_code, from, to, counted)
            .await?
            .into_iter()
            .collect())
    }

    async fn set_published(
        &self,
        unit_id: i64,
        period: &str,
        published: bool,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let changed = if published {
            sql::<E>(
                "INSERT INTO published_periods (unit_id, period, published_at, published_by) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, period) DO NOTHING",
            )
            .bind(unit_id)
            .bind(period)
            .bind(timestamp(&at))
            .bind(&actor.name)
            .run(&mut tx)
            .await
        } else {
            sql::<E>("DELETE FROM published_periods WHERE unit_id = $1 AND period = $2")
                .bind(unit_id)
                .bind(period)
                .run(&mut tx)
                .await
        }?;
        if changed > 0 {
            let what = if published {
                action::PERIOD_PUBLISH
            } else {
                action::PERIOD_WITHDRAW
            };
            append(
                &mut tx,
                actor,
                what,
                &format!("{unit_id}:{period}"),
                None,
                None,
            )
            .await?;
        }
        commit(tx).await
    }

    async fn published_periods(&self, unit_id: i64) -> StoreResult<Vec<String>> {
        sql::<E>("SELECT period FROM published_periods WHERE unit_id = $1 ORDER BY period")
            .bind(unit_id)
            .column(&self.pool)
            .await
    }

    async fn all_published(&self) -> StoreResult<Vec<(i64, String)>> {
        let rows = sql::<E>("SELECT unit_id, period FROM published_periods")
            .all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.col("unit_id")?, row.col("period")?)))
            .collect()
    }

    async fn published_units(
        &self,
        within: &[&str],
        offset: u64,
        limit: u32,
    ) -> StoreResult<PublishedUnits> {
        // Units with a publication, inside each region asked for: two marks per region.
        let mut filter =
            "u.active = TRUE AND EXISTS (SELECT 1 FROM published_periods p WHERE p.unit_id = u.id)"
                .to_string();
        for (k, code) in within.iter().enumerate() {
            filter.push_str(" AND ");
            filter.push_str(&in_region("u.region_code", code, 2 * k + 1, 2 * k + 2));
        }
        let text = format!("SELECT COUNT(*) FROM units u WHERE {filter}");
        let total: i64 = in_regions(sql::<E>(&text), within)
            .scalar(&self.pool)
            .await?;
        // The page, each unit with its periods joined in the same statement (period keys hold
        // no comma).
        let next = 2 * within.len() + 1;
        let text = format!(
            "SELECT (SELECT {agg}(p.period, ',') FROM published_periods p \
             WHERE p.unit_id = u.id) AS periods, {UNIT_COLUMNS} WHERE {filter} \
             ORDER BY u.code LIMIT ${next} OFFSET ${}",
            next + 1,
            agg = E::STRING_AGG
        );
        let rows = in_regions(sql::<E>(&text), within)
            .bind(i64::from(limit))
            .bind(to_i64(offset))
            .all(&self.pool)
            .await?;
        let units = rows
            .iter()
            .map(|row| {
                let periods: Option<String> = row.col("periods")?;
                let periods = periods
                    .unwrap_or_default()
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                Ok((parse_unit(row)?, periods))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(PublishedUnits {
            total: u64::try_from(total).unwrap_or(0),
            units,
        })
    }

    async fn recent_answers(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Answers>> {
        let rows = sql::<E>(&format!(
            "SELECT {} FROM responses WHERE unit_id = $1 AND flag IS NULL \
             ORDER BY day DESC, received_at DESC LIMIT $2",
            SCORE_COLUMNS.join(", ")
        ))
        .bind(unit_id)
        .bind(to_i64(u64::from(limit)))
        .all(&self.pool)
        .await?;
        rows.iter().map(parse_answers).collect()
    }

    async fn save_upload(
        &self,
        unit_id: i64,
        id: &str,
        content: &[u8],
        summary: &ImportSummary,
        actor: &Actor,
    ) -> StoreResult<()> {
        let summary = serde_json::to_string(summary)
            .map_err(|e| StoreError::Failed(format!("upload summary: {e}")))?;
        let now = Utc::now();
        let mut tx = begin_write(&self.pool).await?;
        sql::<E>("DELETE FROM import_uploads WHERE uploaded_at < $1")
            .bind(timestamp(&(now - chrono::Duration::days(1))))
            .run(&mut tx)
            .await?;
        sql::<E>(
            "INSERT INTO import_uploads (id, unit_id, content, summary, uploaded_at, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(unit_id)
        .bind(content)
        .bind(summary)
        .bind(timestamp(&now))
        .bind(&actor.name)
        .run(&mut tx)
        .await?;
        commit(tx).await
    }

    async fn upload(
        &self,
        unit_id: i64,
        id: &str,
    ) -> StoreResult<Option<(ImportSummary, Vec<u8>)>> {
        let row =
            sql::<E>("SELECT summary, content FROM import_uploads WHERE id = $1 AND unit_id = $2")
                .bind(id)
                .bind(unit_id)
                .optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        let summary: String = row.col("summary")?;
        let summary = serde_json::from_str(&summary)
            .map_err(|e| StoreError::Failed(format!("upload summary: {e}")))?;
        Ok(Some((summary, row.col("content")?)))
    }

    async fn finish_upload(
        &self,
        unit_id: i64,
        id: &str,
        summary: &ImportSummary,
        actor: &Actor,
    ) -> StoreResult<()> {
        let text = serde_json::to_string(summary)
            .map_err(|e| StoreError::Failed(format!("upload summary: {e}")))?;
        let mut tx = begin_write(&self.pool).await?;
        let changed = sql::<E>(
            "UPDATE import_uploads SET summary = $1, content = $2 WHERE id = $3 AND unit_id = $4",
        )
        .bind(text)
        .bind(Vec::<u8>::new())
        .bind(id)
        .bind(unit_id)
        .run(&mut tx)
        .await?;
        if changed == 0 {
            return Err(StoreError::NotFound(Record::Upload(id.to_string())));
        }
        let stored = summary.outcome.as_ref().map_or(0, |o| o.stored);
        append(
            &mut tx,
            actor,
            action::RESPONSES_IMPORT,
            &format!("{unit_id}:{id}"),
            None,
            json(&serde_json::json!({ "file": summary.file_name, "stored": stored })),
        )
        .await?;
        commit(tx).await
    }
}

/// Binds each region of `within` as [`in_region`]'s two marks, in turn.
fn in_regions<'q, E: Engine>(mut query: Sql<'q, E>, within: &[&str]) -> Sql<'q, E> {
    for code in within {
        query = query.bind(code.to_string()).bind(region_prefix(code));
    }
    query
}
