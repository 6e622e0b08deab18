//! Personal data past its time (`app::store::Retention`): consented contacts of comments closed 90
//! days ago; and, after the retention period, comments, staff notes and public replies masked in
//! place (`ikm_domain::privacy::mask`), profile answers and device hashes emptied, contacts deleted.
//! The tallies, breakdown cells and comment readings are separate tables and stay as they are.
//!
//! A purge covers the answers from where the last one ended (`settings.purged_before`) to its
//! day, never past the months whose breakdown cells are built (an emptied profile would otherwise
//! be missing from a breakdown built later). It writes in transactions of a few hundred rows, so
//! the survey's writer is never held for long.

use super::audit::append;
use super::cells::built_through;
use super::dashboard::masked;
use super::engine::Engine;
use super::shared::{first_day_after, timestamp, to_u64};
use super::sql::{begin_write, commit, sql, Cols};
use super::store::SqlStore;
use app::accounts::{action, Actor};
use app::store::{PurgeReport, Retention, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};

/// Rows changed per transaction.
const BATCH: usize = 500;

/// Where the last applied purge ended, in `settings`.
const PURGED_BEFORE: &str = "purged_before";

fn system() -> Actor {
    Actor {
        user_id: None,
        name: "sistem".into(),
        address: String::new(),
    }
}

/// `(key, masked text)` of the rows whose text holds personal data.
fn to_mask(rows: Vec<(String, Option<String>)>) -> Vec<(String, String)> {
    rows.into_iter()
        .filter_map(|(key, text)| {
            let text = text?;
            let shown = masked(text.clone());
            (shown != text).then_some((key, shown))
        })
        .collect()
}

/// The answers of the purged days: `r.day` in `[$1, $2)`.
const IN_DAYS: &str = "r.day >= $1 AND r.day < $2";
const HAS_PROFILE: &str = "(r.gender IS NOT NULL OR r.age IS NOT NULL OR r.education IS NOT NULL \
     OR r.occupation IS NOT NULL OR r.device_hash IS NOT NULL)";

#[async_trait::async_trait]
impl<E: Engine> Retention for SqlStore<E> {
    async fn forget_contacts(&self, now: DateTime<Utc>, apply: bool) -> StoreResult<u64> {
        let before = now - chrono::Duration::days(ikm_domain::contact::KEEP_DAYS_AFTER_CLOSED);
        if !apply {
            return Ok(to_u64(
                sql::<E>(
                    "SELECT COUNT(*) FROM contact_consents k \
                     JOIN comment_followups f ON f.response_id = k.response_id \
                     WHERE f.status = 'selesai' AND f.updated_at < $1",
                )
                .bind(timestamp(&before))
                .scalar::<i64>(&self.pool)
                .await?,
            ));
        }
        let mut tx = begin_write(&self.pool).await?;
        let gone = sql::<E>(
            "DELETE FROM contact_consents WHERE response_id IN \
             (SELECT f.response_id FROM comment_followups f \
              WHERE f.status = 'selesai' AND f.updated_at < $1)",
        )
        .bind(timestamp(&before))
        .run(&mut tx)
        .await?;
        if gone > 0 {
            let what = serde_json::json!({ "deleted": gone, "closed_before": timestamp(&before) });
            append(
                &mut tx,
                &system(),
                action::CONTACTS_FORGOTTEN,
                "contact_consents",
                None,
                Some(what.to_string()),
            )
            .await?;
        }
        commit(tx).await?;
        Ok(gone)
    }

    async fn purge_personal_data(
        &self,
        before: NaiveDate,
        apply: bool,
    ) -> StoreResult<PurgeReport> {
        let cells_end = first_day_after(&built_through(&self.pool).await?)?;
        let before = before.min(cells_end);
        let from: Option<NaiveDate> = sql::<E>("SELECT value FROM settings WHERE key = $1")
            .bind(PURGED_BEFORE)
            .scalar_optional::<String>(&self.pool)
            .await?
            .and_then(|d| d.parse().ok());
        let mut report = PurgeReport {
            from,
            before,
            comments_masked: 0,
            replies_masked: 0,
            profiles_emptied: 0,
            contacts_deleted: 0,
        };
        if from.is_some_and(|from| from >= before) {
            return Ok(report);
        }
        let (first, end) = (
            from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string()),
            before.to_string(),
        );

        // Comments, read here and masked by the domain's rules (the same as every public page).
        let comments = to_mask(
            sql::<E>(&format!(
                "SELECT r.id, r.comment FROM responses r WHERE {IN_DAYS} \
                 AND r.comment IS NOT NULL AND r.comment <> ''"
            ))
            .bind(first.as_str())
            .bind(end.as_str())
            .all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok((row.col("id")?, row.col("comment")?)))
            .collect::<StoreResult<_>>()?,
        );
        report.comments_masked = comments.len() as u64;
        // Staff's notes and public replies on those comments (a reply may quote a number).
        let mut notes = Vec::new();
        let mut replies = Vec::new();
        for row in sql::<E>(&format!(
            "SELECT f.response_id, f.note, f.public_reply FROM comment_followups f \
             JOIN responses r ON r.id = f.response_id WHERE {IN_DAYS}"
        ))
        .bind(first.as_str())
        .bind(end.as_str())
        .all(&self.pool)
        .await?
        {
            let id: String = row.col("response_id")?;
            notes.push((id.clone(), row.col("note")?));
            replies.push((id, row.col("public_reply")?));
        }
        let (notes, replies) = (to_mask(notes), to_mask(replies));
        let mut touched: Vec<&String> = notes.iter().chain(&replies).map(|(id, _)| id).collect();
        touched.sort_unstable();
        touched.dedup();
        report.replies_masked = touched.len() as u64;
        report.profiles_emptied = to_u64(
            sql::<E>(&format!(
                "SELECT COUNT(*) FROM responses r WHERE {IN_DAYS} AND {HAS_PROFILE}"
            ))
            .bind(first.as_str())
            .bind(end.as_str())
            .scalar::<i64>(&self.pool)
            .await?,
        );
        report.contacts_deleted = to_u64(
            sql::<E>(&format!(
                "SELECT COUNT(*) FROM contact_consents k JOIN responses r ON r.id = k.response_id \
                 WHERE {IN_DAYS}"
            ))
            .bind(first.as_str())
            .bind(end.as_str())
            .scalar::<i64>(&self.pool)
            .await?,
        );
        if !apply {
            return Ok(report);
        }

        for batch in comments.chunks(BATCH) {
            let mut tx = begin_write(&self.pool).await?;
            for (id, shown) in batch {
                sql::<E>("UPDATE responses SET comment = $1 WHERE id = $2")
                    .bind(shown.as_str())
                    .bind(id.as_str())
                    .run(&mut tx)
                    .await?;
            }
            commit(tx).await?;
        }
        for (column, rows) in [("note", &notes), ("public_reply", &replies)] {
            for batch in rows.chunks(BATCH) {
                let mut tx = begin_write(&self.pool).await?;
                for (id, shown) in batch {
                    sql::<E>(&format!(
                        "UPDATE comment_followups SET {column} = $1 WHERE response_id = $2"
                    ))
                    .bind(shown.as_str())
                    .bind(id.as_str())
                    .run(&mut tx)
                    .await?;
                }
                commit(tx).await?;
            }
        }
        // Profiles and contacts a month of answers at a time.
        let mut month_start = from.unwrap_or(NaiveDate::MIN).max(
            sql::<E>(&format!(
                "SELECT MIN(r.day) FROM responses r WHERE {IN_DAYS}"
            ))
            .bind(first.as_str())
            .bind(end.as_str())
            .scalar::<Option<String>>(&self.pool)
            .await?
            .and_then(|d| d.parse().ok())
            .unwrap_or(before),
        );
        while month_start < before {
            let month_end = month_start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(before)
                .min(before);
            let (a, b) = (month_start.to_string(), month_end.to_string());
            let mut tx = begin_write(&self.pool).await?;
            sql::<E>(&format!(
                "UPDATE responses SET gender = NULL, age = NULL, education = NULL, \
                 occupation = NULL, device_hash = NULL WHERE day >= $1 AND day < $2 \
                 AND {}",
                HAS_PROFILE.replace("r.", "")
            ))
            .bind(a.as_str())
            .bind(b.as_str())
            .run(&mut tx)
            .await?;
            sql::<E>(&format!(
                "DELETE FROM contact_consents WHERE response_id IN \
                 (SELECT r.id FROM responses r WHERE {IN_DAYS})"
            ))
            .bind(a.as_str())
            .bind(b.as_str())
            .run(&mut tx)
            .await?;
            commit(tx).await?;
            month_start = month_end;
        }

        let mut tx = begin_write(&self.pool).await?;
        sql::<E>(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(PURGED_BEFORE)
        .bind(end.as_str())
        .run(&mut tx)
        .await?;
        let mut actor = system();
        actor.name = "sistem (retensi)".into();
        append(
            &mut tx,
            &actor,
            action::PERSONAL_DATA_PURGED,
            &end,
            None,
            Some(serde_json::json!(report).to_string()),
        )
        .await?;
        commit(tx).await?;
        Ok(report)
    }
}
