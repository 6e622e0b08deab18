//! Invitations (`app::store::Invitations`): issuing them, reading them, a unit's settings, API keys
//! and a period's counts. The survey's writer uses an invitation up in the answer's own
//! transaction (`responses::claim`), so a link is used up exactly when its answer is stored.

use super::audit::append;
use super::engine::Engine;
use super::shared::{in_region, instant, region_prefix, timestamp, to_u64};
use super::sql::{begin_write, commit, sql, Cols, Sql, Tx};
use super::store::SqlStore;
use app::access::audit_action as action;
use app::accounts::Actor;
use app::invitation::{served, ApiKey, Invitation, InvitationCounts, InvitationSettings};
use app::store::{Invitations, StoreError, StoreResult};
use chrono::{NaiveDate, Utc};
use ikm_domain::response_file::JAKARTA;
use std::collections::{BTreeMap, HashMap};

/// Inserts `invitations` in `tx`.
async fn insert<E: Engine>(
    tx: &mut Tx<E>,
    invitations: &[Invitation],
    issued_by: &str,
) -> StoreResult<()> {
    for invitation in invitations {
        let day = invitation
            .issued_at
            .with_timezone(&JAKARTA)
            .date_naive()
            .to_string();
        sql::<E>(
            "INSERT INTO invitations (code, unit_id, service_id, counter_tag, issued_at, \
                 issued_day, expires_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(invitation.code.as_str())
        .bind(invitation.unit_id)
        .bind(invitation.service_id)
        .bind(invitation.counter_tag.as_str())
        .bind(timestamp(&invitation.issued_at))
        .bind(day)
        .bind(timestamp(&invitation.expires_at))
        .bind(issued_by)
        .run(&mut *tx)
        .await?;
    }
    Ok(())
}

const KEY_COLUMNS: &str = "k.id, k.unit_id, u.code AS unit_code, k.name, k.prefix, k.created_at, \
     k.created_by, k.revoked_at, k.last_used_at, k.hash FROM api_keys k JOIN units u ON u.id = k.unit_id";

fn parse_key(row: &impl Cols) -> StoreResult<ApiKey> {
    Ok(ApiKey {
        id: row.col("id")?,
        unit_id: row.col("unit_id")?,
        unit_code: row.col("unit_code")?,
        name: row.col("name")?,
        prefix: row.col("prefix")?,
        created_at: row.col("created_at")?,
        created_by: row.col("created_by")?,
        revoked_at: row.col("revoked_at")?,
        last_used_at: row.col("last_used_at")?,
    })
}

#[async_trait::async_trait]
impl<E: Engine> Invitations for SqlStore<E> {
    async fn issue_invitations(
        &self,
        invitations: &[Invitation],
        issued_by: &str,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        insert(&mut tx, invitations, issued_by).await?;
        commit(tx).await
    }

    async fn issue_through_key(&self, key: &ApiKey, invitations: &[Invitation]) -> StoreResult<()> {
        let now = Utc::now();
        let mut tx = begin_write(&self.pool).await?;
        insert(&mut tx, invitations, &format!("api:{}", key.prefix)).await?;
        sql::<E>("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(timestamp(&now))
            .bind(key.id)
            .run(&mut tx)
            .await?;
        let actor = Actor {
            user_id: None,
            name: format!("api:{} ({})", key.prefix, key.name),
            address: String::new(),
        };
        append(
            &mut tx,
            &actor,
            action::API_KEY_USE,
            &key.unit_code,
            None,
            Some(serde_json::json!({ "key": key.prefix, "issued": invitations.len() }).to_string()),
        )
        .await?;
        commit(tx).await
    }

    async fn create_api_key(
        &self,
        unit_id: i64,
        unit_code: &str,
        name: &str,
        prefix: &str,
        hash: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        sql::<E>(
            "INSERT INTO api_keys (unit_id, name, prefix, hash, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(unit_id)
        .bind(name)
        .bind(prefix)
        .bind(hash)
        .bind(timestamp(&Utc::now()))
        .bind(actor.name.as_str())
        .run(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::API_KEY_CREATE,
            unit_code,
            None,
            Some(serde_json::json!({ "key": prefix, "name": name }).to_string()),
        )
        .await?;
        commit(tx).await
    }

    async fn api_keys(&self, unit_id: i64) -> StoreResult<Vec<ApiKey>> {
        sql::<E>(&format!(
            "SELECT {KEY_COLUMNS} WHERE k.unit_id = $1 ORDER BY k.created_at DESC, k.id DESC"
        ))
        .bind(unit_id)
        .all(&self.pool)
        .await?
        .iter()
        .map(parse_key)
        .collect()
    }

    async fn api_key(&self, prefix: &str) -> StoreResult<Option<(ApiKey, String)>> {
        let row = sql::<E>(&format!("SELECT {KEY_COLUMNS} WHERE k.prefix = $1"))
            .bind(prefix)
            .optional(&self.pool)
            .await?;
        row.map(|row| Ok((parse_key(&row)?, row.col("hash")?)))
            .transpose()
    }

    async fn revoke_api_key(
        &self,
        unit_id: i64,
        unit_code: &str,
        id: i64,
        actor: &Actor,
    ) -> StoreResult<bool> {
        let mut tx = begin_write(&self.pool).await?;
        let changed = sql::<E>(
            "UPDATE api_keys SET revoked_at = $1 \
             WHERE id = $2 AND unit_id = $3 AND revoked_at IS NULL",
        )
        .bind(timestamp(&Utc::now()))
        .bind(id)
        .bind(unit_id)
        .run(&mut tx)
        .await?;
        if changed == 1 {
            append(
                &mut tx,
                actor,
                action::API_KEY_REVOKE,
                unit_code,
                None,
                Some(serde_json::json!({ "key_id": id }).to_string()),
            )
            .await?;
        }
        commit(tx).await?;
        Ok(changed == 1)
    }

    async fn invitation(&self, code: &str) -> StoreResult<Option<Invitation>> {
        let row = sql::<E>(
            "SELECT i.code, i.unit_id, u.code AS unit_code, i.service_id, i.counter_tag, \
             i.issued_at, i.expires_at, i.response_id \
             FROM invitations i JOIN units u ON u.id = i.unit_id WHERE i.code = $1",
        )
        .bind(code)
        .optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(Invitation {
            code: row.col("code")?,
            unit_id: row.col("unit_id")?,
            unit_code: row.col("unit_code")?,
            service_id: row.col("service_id")?,
            counter_tag: row.col("counter_tag")?,
            issued_at: instant(&row.col::<String>("issued_at")?, "invitation time")?,
            expires_at: instant(&row.col::<String>("expires_at")?, "invitation time")?,
            response_id: row.col("response_id")?,
        }))
    }

    async fn invitation_settings(&self, unit_id: i64) -> StoreResult<InvitationSettings> {
        let row =
            sql::<E>("SELECT valid_days, only_invited FROM invitation_settings WHERE unit_id = $1")
                .bind(unit_id)
                .optional(&self.pool)
                .await?;
        let Some(row) = row else {
            return Ok(InvitationSettings::default());
        };
        Ok(InvitationSettings {
            valid_days: u32::try_from(row.col::<i64>("valid_days")?).unwrap_or(1),
            only_invited: row.col("only_invited")?,
        })
    }

    async fn set_invitation_settings(
        &self,
        unit_id: i64,
        unit_code: &str,
        settings: InvitationSettings,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        sql::<E>(
            "INSERT INTO invitation_settings (unit_id, valid_days, only_invited, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id) DO UPDATE SET \
             valid_days = excluded.valid_days, only_invited = excluded.only_invited, \
             updated_at = excluded.updated_at",
        )
        .bind(unit_id)
        .bind(i64::from(settings.valid_days))
        .bind(settings.only_invited)
        .bind(timestamp(&Utc::now()))
        .run(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::INVITATION_SETTINGS,
            unit_code,
            None,
            Some(
                serde_json::json!({
                    "valid_days": settings.valid_days,
                    "only_invited": settings.only_invited,
                })
                .to_string(),
            ),
        )
        .await?;
        commit(tx).await
    }

    async fn invitation_counts(
        &self,
        unit_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<InvitationCounts> {
        Ok(counts_of::<E>(&self.pool, Scope::Unit(unit_id), from, to)
            .await?
            .remove(&unit_id)
            .unwrap_or_default())
    }

    async fn invitation_counts_in(
        &self,
        region_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(i64, InvitationCounts)>> {
        Ok(
            counts_of::<E>(&self.pool, Scope::Region(region_code), from, to)
                .await?
                .into_iter()
                .collect(),
        )
    }

    async fn set_served_counts(
        &self,
        unit_id: i64,
        unit_code: &str,
        days: &[(NaiveDate, u64)],
        actor: &Actor,
    ) -> StoreResult<()> {
        let now = timestamp(&Utc::now());
        let mut tx = begin_write(&self.pool).await?;
        for (day, served) in days {
            sql::<E>(
                "INSERT INTO served_counts (unit_id, day, served, uploaded_at, uploaded_by) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, day) DO UPDATE SET \
                 served = excluded.served, uploaded_at = excluded.uploaded_at, \
                 uploaded_by = excluded.uploaded_by",
            )
            .bind(unit_id)
            .bind(day.to_string())
            .bind(i64::try_from(*served).map_err(|_| StoreError::Failed("a served count".into()))?)
            .bind(now.as_str())
            .bind(actor.name.as_str())
            .run(&mut tx)
            .await?;
        }
        let total: u64 = days.iter().map(|(_, n)| n).sum();
        append(
            &mut tx,
            actor,
            action::SERVED_COUNTS,
            unit_code,
            None,
            Some(
                serde_json::json!({
                    "days": days.len(),
                    "from": days.iter().map(|(d, _)| d).min().map(ToString::to_string),
                    "to": days.iter().map(|(d, _)| d).max().map(ToString::to_string),
                    "served": total,
                })
                .to_string(),
            ),
        )
        .await?;
        commit(tx).await
    }
}

/// Whose counts are read: one unit, or every unit of a region and the regions under it.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Unit(i64),
    Region(&'a str),
}

impl Scope<'_> {
    /// The condition on `units u` and the number of its first free parameter.
    fn filter(self) -> (String, usize) {
        match self {
            Scope::Unit(_) => ("u.id = $1".to_string(), 2),
            Scope::Region(code) => (in_region("u.region_code", code, 1, 2), 3),
        }
    }

    fn query<'q, E: Engine>(self, text: &'q str, from: NaiveDate, to: NaiveDate) -> Sql<'q, E> {
        let query = match self {
            Scope::Unit(id) => sql::<E>(text).bind(id),
            Scope::Region(code) => sql::<E>(text)
                .bind(code.to_string())
                .bind(region_prefix(code)),
        };
        query.bind(from.to_string()).bind(to.to_string())
    }
}

/// The invitation counts of the units in `scope` over the days `from`..=`to`: issued and answered
/// by the day they were issued, the valid answers given in the period through one, and the people
/// served, day by day (`invitation::served`).
async fn counts_of<E: Engine>(
    pool: &sqlx::Pool<E>,
    scope: Scope<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<HashMap<i64, InvitationCounts>> {
    let (filter, next) = scope.filter();
    let between = |column: &str| format!("{column} BETWEEN ${next} AND ${}", next + 1);
    let issued = format!(
        "SELECT i.unit_id, i.issued_day AS day, COUNT(*) AS issued, COUNT(i.response_id) AS answered \
         FROM invitations i JOIN units u ON u.id = i.unit_id WHERE {filter} AND {} \
         GROUP BY i.unit_id, i.issued_day",
        between("i.issued_day")
    );
    let uploaded = format!(
        "SELECT s.unit_id, s.day, s.served FROM served_counts s JOIN units u ON u.id = s.unit_id \
         WHERE {filter} AND {}",
        between("s.day")
    );
    // The valid answers given in the period that used an invitation: from the invitations issued
    // in it or up to their longest validity before (`response_id` has no index), to their answers.
    let invited = format!(
        "SELECT r.unit_id, COUNT(*) AS n FROM units u JOIN invitations i ON i.unit_id = u.id \
         CROSS JOIN responses r \
         WHERE {filter} AND i.issued_day BETWEEN ${} AND ${} AND i.response_id IS NOT NULL \
         AND r.id = i.response_id AND r.unit_id = i.unit_id AND {} AND r.flag IS NULL \
         GROUP BY r.unit_id",
        next + 2,
        next + 1,
        between("r.day")
    );
    let earliest = from - chrono::Days::new(u64::from(app::invitation::MAX_VALID_DAYS));
    let (issued, uploaded, invited) = futures::try_join!(
        scope.query::<E>(&issued, from, to).all(pool),
        scope.query::<E>(&uploaded, from, to).all(pool),
        scope
            .query::<E>(&invited, from, to)
            .bind(earliest.to_string())
            .all(pool),
    )?;
    // Per unit and day: (uploaded, issued).
    let mut days: HashMap<i64, BTreeMap<String, (Option<u64>, u64)>> = HashMap::new();
    let mut out: HashMap<i64, InvitationCounts> = HashMap::new();
    for row in &issued {
        let unit: i64 = row.col("unit_id")?;
        let n = to_u64(row.col("issued")?);
        let counts = out.entry(unit).or_default();
        counts.issued += n;
        counts.answered += to_u64(row.col("answered")?);
        days.entry(unit)
            .or_default()
            .entry(row.col("day")?)
            .or_default()
            .1 = n;
    }
    for row in &uploaded {
        let unit: i64 = row.col("unit_id")?;
        out.entry(unit).or_default().uploaded_days += 1;
        days.entry(unit)
            .or_default()
            .entry(row.col("day")?)
            .or_default()
            .0 = Some(to_u64(row.col("served")?));
    }
    for row in &invited {
        let unit: i64 = row.col("unit_id")?;
        out.entry(unit).or_default().invited_answers = to_u64(row.col("n")?);
    }
    for (unit, counts) in &mut out {
        counts.served = days.get(unit).and_then(|d| served(d.values().copied()));
    }
    Ok(out)
}
