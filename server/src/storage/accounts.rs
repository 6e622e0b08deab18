//! Staff accounts, sessions, the audit log and the administration of the directory
//! (`app::store::Accounts`). Every change runs in one transaction with its audit line, which
//! records the state before and after as JSON.

use super::audit::{append, json};
use super::engine::Engine;
use super::rows::{parse_unit, UNIT_COLUMNS};
use super::shared::{timestamp, to_i64, to_u64};
use super::sql::{begin_read, begin_write, commit, sql, Cols, Tx};
use super::store::SqlStore;
use super::tenancy::{mpp_named, serve_in};
use app::access::{Role, Viewer};
use app::accounts::{action, Actor, AuditEntry, Credentials, NewUser};
use app::model::{
    Account, AuditFilter, AuditRecord, ServiceRecord, UnitFields, UnitKind, UnitListing, UnitRecord,
};
use app::store::Accounts;
use app::store::{Record, StoreError, StoreResult, Unique};
use chrono::{DateTime, Utc};

async fn scopes<E: Engine>(tx: &mut Tx<E>, user_id: i64) -> StoreResult<Vec<String>> {
    sql::<E>("SELECT code FROM user_scopes WHERE user_id = $1 ORDER BY code")
        .bind(user_id)
        .column(&mut *tx)
        .await
}

async fn user_id<E: Engine>(tx: &mut Tx<E>, username: &str) -> StoreResult<i64> {
    sql::<E>("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .scalar_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(Record::User(username.to_string())))
}

async fn unit_fields<E: Engine>(
    tx: &mut Tx<E>,
    code: &str,
) -> StoreResult<Option<(i64, UnitFields)>> {
    let Some(row) = sql::<E>(
        "SELECT u.id, u.name, u.kind, u.region_code, m.name AS mpp_name, u.active, \
         u.complaint_contact, u.population_per_year \
         FROM units u LEFT JOIN mpps m ON m.id = u.mpp_id WHERE u.code = $1",
    )
    .bind(code)
    .optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let kind: String = row.col("kind")?;
    let population: Option<i64> = row.col("population_per_year")?;
    Ok(Some((
        row.col("id")?,
        UnitFields {
            name: row.col("name")?,
            kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
            region_code: row.col("region_code")?,
            mpp_name: row.col("mpp_name")?,
            active: row.col("active")?,
            complaint_contact: row.col("complaint_contact")?,
            population_per_year: population.map(to_u64),
        },
    )))
}

/// The id of the MPP of this name, created in the unit's region on first mention.
async fn mpp_id<E: Engine>(tx: &mut Tx<E>, fields: &UnitFields) -> StoreResult<Option<i64>> {
    match &fields.mpp_name {
        Some(name) => mpp_named(tx, &fields.region_code, name).await.map(Some),
        None => Ok(None),
    }
}

async fn require_region<E: Engine>(tx: &mut Tx<E>, code: &str) -> StoreResult<()> {
    let found: Option<String> = sql::<E>("SELECT code FROM regions WHERE code = $1")
        .bind(code)
        .scalar_optional(&mut *tx)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(Record::Region(code.to_string())))
}

#[async_trait::async_trait]
impl<E: Engine> Accounts for SqlStore<E> {
    async fn create_user(&self, user: &NewUser, actor: &Actor) -> StoreResult<i64> {
        let mut tx = begin_write(&self.pool).await?;
        let taken: Option<String> = sql::<E>(
            "SELECT username FROM users WHERE username = $1 OR (email IS NOT NULL AND email = $2)",
        )
        .bind(&user.username)
        .bind(&user.email)
        .scalar_optional(&mut tx)
        .await?;
        if let Some(taken) = taken {
            return Err(StoreError::Taken(if taken == user.username {
                Unique::Username(taken)
            } else {
                Unique::Email(user.email.clone().unwrap_or_default())
            }));
        }
        let id: i64 = sql::<E>(
            "INSERT INTO users (username, email, display_name, password_hash, role, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.email)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(user.role.key())
        .bind(timestamp(&Utc::now()))
        .scalar(&mut tx)
        .await?;
        for code in &user.scopes {
            sql::<E>(
                "INSERT INTO user_scopes (user_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(code)
            .run(&mut tx)
            .await?;
        }
        let after = serde_json::json!({
            "username": user.username,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role.key(),
            "scopes": user.scopes,
        });
        append(
            &mut tx,
            actor,
            action::USER_CREATE,
            &user.username,
            None,
            json(&after),
        )
        .await?;
        commit(tx).await?;
        Ok(id)
    }

    async fn users(&self) -> StoreResult<Vec<Account>> {
        let mut tx = begin_read(&self.pool).await?;
        let rows = sql::<E>(
            "SELECT id, username, email, display_name, role, active FROM users ORDER BY username",
        )
        .all(&mut tx)
        .await?;
        let mut accounts = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.col("id")?;
            let role: String = row.col("role")?;
            accounts.push(Account {
                id,
                username: row.col("username")?,
                email: row.col("email")?,
                display_name: row.col("display_name")?,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::Failed(format!("unknown role {role}")))?,
                scopes: scopes(&mut tx, id).await?,
                active: row.col("active")?,
            });
        }
        commit(tx).await?;
        Ok(accounts)
    }

    async fn credentials(&self, login: &str) -> StoreResult<Option<Credentials>> {
        let login = login.trim().to_lowercase();
        let row = sql::<E>(
            "SELECT id, username, password_hash, active FROM users WHERE username = $1 OR email = $1",
        )
        .bind(&login)
        .optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Credentials {
                user_id: row.col("id")?,
                username: row.col("username")?,
                password_hash: row.col("password_hash")?,
                active: row.col("active")?,
            })
        })
        .transpose()
    }

    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let id = user_id(&mut tx, username).await?;
        sql::<E>("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .run(&mut tx)
            .await?;
        sql::<E>("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .run(&mut tx)
            .await?;
        append(&mut tx, actor, action::USER_PASSWORD, username, None, None).await?;
        commit(tx).await
    }

    async fn set_user_active(
        &self,
        username: &str,
        active: bool,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let id = user_id(&mut tx, username).await?;
        let before: bool = sql::<E>("SELECT active FROM users WHERE id = $1")
            .bind(id)
            .scalar(&mut tx)
            .await?;
        sql::<E>("UPDATE users SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(id)
            .run(&mut tx)
            .await?;
        if !active {
            sql::<E>("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .run(&mut tx)
                .await?;
        }
        append(
            &mut tx,
            actor,
            action::USER_ACTIVE,
            username,
            json(&serde_json::json!({ "active": before })),
            json(&serde_json::json!({ "active": active })),
        )
        .await?;
        commit(tx).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        sql::<E>("DELETE FROM sessions WHERE expires_at < $1")
            .bind(timestamp(&now))
            .run(&mut tx)
            .await?;
        sql::<E>(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(timestamp(&now))
        .bind(timestamp(&expires))
        .run(&mut tx)
        .await?;
        commit(tx).await
    }

    async fn session_viewer(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Viewer>> {
        let mut tx = begin_read(&self.pool).await?;
        let Some(row) = sql::<E>(
            "SELECT u.id, u.username, u.display_name, u.role FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = TRUE",
        )
        .bind(token_hash)
        .bind(timestamp(&now))
        .optional(&mut tx)
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = row.col("id")?;
        let role: String = row.col("role")?;
        let viewer = Viewer {
            user_id: id,
            username: row.col("username")?,
            display_name: row.col("display_name")?,
            role: Role::parse(&role)
                .ok_or_else(|| StoreError::Failed(format!("unknown role {role}")))?,
            scopes: scopes(&mut tx, id).await?,
        };
        commit(tx).await?;
        Ok(Some(viewer))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sql::<E>("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn count_attempt(
        &self,
        key: &str,
        window: DateTime<Utc>,
        limit: u32,
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> StoreResult<Option<u32>> {
        sql::<E>("DELETE FROM sign_in_attempts WHERE last_at < $1")
            .bind(timestamp(&forget_before))
            .run(&self.pool)
            .await?;
        let count: Option<i64> = sql::<E>(
            "INSERT INTO sign_in_attempts (key, window_start, attempts, last_at) \
             VALUES ($1, $2, 1, $3) \
             ON CONFLICT (key, window_start) DO UPDATE \
             SET attempts = sign_in_attempts.attempts + 1, last_at = excluded.last_at \
             WHERE sign_in_attempts.attempts < $4 \
             RETURNING attempts",
        )
        .bind(key)
        .bind(timestamp(&window))
        .bind(timestamp(&now))
        .bind(i64::from(limit))
        .scalar_optional(&self.pool)
        .await?;
        Ok(count.map(|n| u32::try_from(n).unwrap_or(u32::MAX)))
    }

    async fn attempts(&self, key: &str, window: DateTime<Utc>) -> StoreResult<u32> {
        let count: Option<i64> =
            sql::<E>("SELECT attempts FROM sign_in_attempts WHERE key = $1 AND window_start = $2")
                .bind(key)
                .bind(timestamp(&window))
                .scalar_optional(&self.pool)
                .await?;
        Ok(count.map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)))
    }

    async fn release_attempt(&self, key: &str, window: DateTime<Utc>) -> StoreResult<()> {
        sql::<E>(
            "UPDATE sign_in_attempts SET attempts = attempts - 1 \
             WHERE key = $1 AND window_start = $2 AND attempts > 0",
        )
        .bind(key)
        .bind(timestamp(&window))
        .run(&self.pool)
        .await?;
        Ok(())
    }

    async fn forget_attempts(&self, key: &str) -> StoreResult<()> {
        sql::<E>("DELETE FROM sign_in_attempts WHERE key = $1")
            .bind(key)
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn pass_gate(
        &self,
        key: &str,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let passed = sql::<E>(
            "INSERT INTO sign_in_attempts (key, window_start, attempts, last_at) \
             VALUES ($1, '', 1, $2) \
             ON CONFLICT (key, window_start) DO UPDATE \
             SET attempts = sign_in_attempts.attempts + 1, last_at = excluded.last_at \
             WHERE sign_in_attempts.last_at <= $3",
        )
        .bind(key)
        .bind(timestamp(&now))
        .bind(timestamp(&since))
        .run(&self.pool)
        .await?;
        Ok(passed == 1)
    }

    async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        append(
            &mut tx,
            &entry.actor,
            entry.action,
            &entry.target,
            None,
            None,
        )
        .await?;
        commit(tx).await
    }

    async fn audit_log(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<AuditRecord>> {
        // Dates are Asia/Jakarta days; the log keeps UTC instants.
        let bound = |day: chrono::NaiveDate, next: bool| {
            let day = if next {
                day.succ_opt().unwrap_or(day)
            } else {
                day
            };
            let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
            let utc = local - chrono::Duration::hours(7);
            timestamp(&DateTime::<Utc>::from_naive_utc_and_offset(utc, Utc))
        };
        let like = |text: &Option<String>| {
            text.as_ref()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .map(|t| format!("%{}%", t.replace(['%', '_'], "")))
        };
        let rows = sql::<E>(
            "SELECT id, at, actor, address, action, target, before, after FROM audit_log \
             WHERE (CAST($1 AS TEXT) IS NULL OR LOWER(actor) LIKE $1) \
             AND (CAST($2 AS TEXT) IS NULL OR action = $2) \
             AND (CAST($3 AS TEXT) IS NULL OR LOWER(target) LIKE $3) \
             AND (CAST($4 AS TEXT) IS NULL OR at >= $4) AND (CAST($5 AS TEXT) IS NULL OR at < $5) \
             ORDER BY id DESC LIMIT $6",
        )
        .bind(like(&filter.actor))
        .bind(filter.action.as_ref().filter(|a| !a.is_empty()))
        .bind(like(&filter.target))
        .bind(filter.from.map(|d| bound(d, false)))
        .bind(filter.to.map(|d| bound(d, true)))
        .bind(i64::from(limit))
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditRecord {
                    id: row.col("id")?,
                    at: row.col("at")?,
                    actor: row.col("actor")?,
                    address: row.col("address")?,
                    action: row.col("action")?,
                    target: row.col("target")?,
                    before: row.col("before")?,
                    after: row.col("after")?,
                })
            })
            .collect()
    }

    async fn all_units(&self) -> StoreResult<Vec<UnitListing>> {
        let rows = sql::<E>(&format!(
            "SELECT {UNIT_COLUMNS} ORDER BY u.region_code, u.name"
        ))
        .all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(UnitListing {
                    unit: parse_unit(row)?,
                    active: row.col("active")?,
                })
            })
            .collect()
    }

    async fn unit_record(&self, code: &str) -> StoreResult<Option<UnitRecord>> {
        let mut tx = begin_read(&self.pool).await?;
        let Some((id, fields)) = unit_fields(&mut tx, code).await? else {
            return Ok(None);
        };
        let region_name: String = sql::<E>("SELECT name FROM regions WHERE code = $1")
            .bind(&fields.region_code)
            .scalar(&mut tx)
            .await?;
        let services = sql::<E>(
            "SELECT id, name, active FROM services WHERE unit_id = $1 ORDER BY position, name",
        )
        .bind(id)
        .all(&mut tx)
        .await?
        .iter()
        .map(|row| {
            Ok(ServiceRecord {
                id: row.col("id")?,
                name: row.col("name")?,
                active: row.col("active")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        commit(tx).await?;
        Ok(Some(UnitRecord {
            code: code.to_string(),
            fields,
            region_name,
            services,
        }))
    }

    async fn create_unit(&self, code: &str, fields: &UnitFields, actor: &Actor) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        if unit_fields(&mut tx, code).await?.is_some() {
            return Err(StoreError::Taken(Unique::UnitCode(code.to_string())));
        }
        require_region(&mut tx, &fields.region_code).await?;
        let mpp = mpp_id(&mut tx, fields).await?;
        let id: i64 = sql::<E>(
            "INSERT INTO units (code, name, kind, region_code, mpp_id, active, complaint_contact, population_per_year) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(code)
        .bind(&fields.name)
        .bind(fields.kind.key())
        .bind(&fields.region_code)
        .bind(mpp)
        .bind(fields.active)
        .bind(&fields.complaint_contact)
        .bind(fields.population_per_year.map(to_i64))
        .scalar(&mut tx)
        .await?;
        if let Some(mpp) = mpp {
            serve_in(&mut tx, mpp, id).await?;
        }
        append(
            &mut tx,
            actor,
            action::UNIT_CREATE,
            code,
            None,
            json(fields),
        )
        .await?;
        commit(tx).await
    }

    async fn update_unit(&self, code: &str, fields: &UnitFields, actor: &Actor) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let Some((id, before)) = unit_fields(&mut tx, code).await? else {
            return Err(StoreError::NotFound(Record::Unit(code.to_string())));
        };
        require_region(&mut tx, &fields.region_code).await?;
        let mpp = mpp_id(&mut tx, fields).await?;
        sql::<E>(
            "UPDATE units SET name = $1, kind = $2, region_code = $3, mpp_id = $4, active = $5, \
             complaint_contact = $6, population_per_year = $7 WHERE id = $8",
        )
        .bind(&fields.name)
        .bind(fields.kind.key())
        .bind(&fields.region_code)
        .bind(mpp)
        .bind(fields.active)
        .bind(&fields.complaint_contact)
        .bind(fields.population_per_year.map(to_i64))
        .bind(id)
        .run(&mut tx)
        .await?;
        if let Some(mpp) = mpp {
            serve_in(&mut tx, mpp, id).await?;
        }
        append(
            &mut tx,
            actor,
            action::UNIT_UPDATE,
            code,
            json(&before),
            json(fields),
        )
        .await?;
        commit(tx).await
    }

    async fn add_service(&self, unit_code: &str, name: &str, actor: &Actor) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let Some((id, _)) = unit_fields(&mut tx, unit_code).await? else {
            return Err(StoreError::NotFound(Record::Unit(unit_code.to_string())));
        };
        let inserted = sql::<E>(
            "INSERT INTO services (unit_id, name, position) \
             VALUES ($1, $2, (SELECT COUNT(*) FROM services WHERE unit_id = $1)) \
             ON CONFLICT (unit_id, name) DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .run(&mut tx)
        .await?;
        if inserted == 0 {
            return Err(StoreError::Taken(Unique::ServiceName(name.to_string())));
        }
        append(
            &mut tx,
            actor,
            action::SERVICE_ADD,
            unit_code,
            None,
            json(&serde_json::json!({ "service": name })),
        )
        .await?;
        commit(tx).await
    }

    async fn set_service_active(
        &self,
        unit_code: &str,
        service_id: i64,
        active: bool,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let Some(row) = sql::<E>(
            "SELECT s.name, s.active FROM services s JOIN units u ON u.id = s.unit_id \
             WHERE u.code = $1 AND s.id = $2",
        )
        .bind(unit_code)
        .bind(service_id)
        .optional(&mut tx)
        .await?
        else {
            return Err(StoreError::NotFound(Record::Service {
                unit: unit_code.to_string(),
                service: service_id.to_string(),
            }));
        };
        let name: String = row.col("name")?;
        let before: bool = row.col("active")?;
        sql::<E>("UPDATE services SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(service_id)
            .run(&mut tx)
            .await?;
        append(
            &mut tx,
            actor,
            action::SERVICE_ACTIVE,
            unit_code,
            json(&serde_json::json!({ "service": name, "active": before })),
            json(&serde_json::json!({ "service": name, "active": active })),
        )
        .await?;
        commit(tx).await
    }

    async fn rename_region(&self, code: &str, name: &str, actor: &Actor) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let before: String = sql::<E>("SELECT name FROM regions WHERE code = $1")
            .bind(code)
            .scalar_optional(&mut tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(Record::Region(code.to_string())))?;
        sql::<E>("UPDATE regions SET name = $1 WHERE code = $2")
            .bind(name)
            .bind(code)
            .run(&mut tx)
            .await?;
        append(
            &mut tx,
            actor,
            action::REGION_RENAME,
            code,
            json(&serde_json::json!({ "name": before })),
            json(&serde_json::json!({ "name": name })),
        )
        .await?;
        commit(tx).await
    }
}
