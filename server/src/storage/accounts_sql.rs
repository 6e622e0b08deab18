//! The queries of `app::accounts::Accounts` (users, sessions, audit log, administration of the
//! directory), written once for both engines like `sql_store.rs`. Every change runs in one
//! transaction with its audit line, which records the state before and after as JSON.

macro_rules! accounts_sql {
    ($store:ident, $db:ty, $row:ty) => {
        mod accounts_sql {
            use super::super::db_error;
            use super::super::shared::{timestamp, to_i64, to_u64};
            use super::sql::{parse_unit, UNIT_COLUMNS};
            use app::access::{Role, Viewer};
            use app::accounts::{action, Accounts, Actor, AuditEntry, Credentials, NewUser};
            use app::model::{
                Account, AuditFilter, AuditRecord, ServiceRecord, UnitFields, UnitKind, UnitListing,
                UnitRecord,
            };
            use app::store::{StoreError, StoreResult};
            use chrono::{DateTime, Utc};
            use sqlx::Row;

            type Tx<'a> = sqlx::Transaction<'a, $db>;

            pub(super) async fn append(
                tx: &mut Tx<'_>,
                actor: &Actor,
                action: &str,
                target: &str,
                before: Option<String>,
                after: Option<String>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO audit_log (at, actor_id, actor, address, action, target, before, after) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(timestamp(&Utc::now()))
                .bind(actor.user_id)
                .bind(&actor.name)
                .bind(&actor.address)
                .bind(action)
                .bind(target)
                .bind(before)
                .bind(after)
                .execute(&mut **tx)
                .await
                .map_err(db_error)?;
                Ok(())
            }

            pub(super) fn json<T: serde::Serialize>(value: &T) -> Option<String> {
                serde_json::to_string(value).ok()
            }

            async fn scopes(tx: &mut Tx<'_>, user_id: i64) -> StoreResult<Vec<String>> {
                sqlx::query_scalar("SELECT code FROM user_scopes WHERE user_id = $1 ORDER BY code")
                    .bind(user_id)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db_error)
            }

            async fn user_id(tx: &mut Tx<'_>, username: &str) -> StoreResult<i64> {
                sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)?
                    .ok_or_else(|| StoreError::NotFound(format!("user {username}")))
            }

            async fn unit_fields(tx: &mut Tx<'_>, code: &str) -> StoreResult<Option<(i64, UnitFields)>> {
                let Some(row) = sqlx::query(
                    "SELECT u.id, u.name, u.kind, u.region_code, m.name AS mpp_name, u.active, \
                     u.complaint_contact, u.population_per_year \
                     FROM units u LEFT JOIN mpps m ON m.id = u.mpp_id WHERE u.code = $1",
                )
                .bind(code)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?
                else {
                    return Ok(None);
                };
                let kind: String = row.try_get("kind").map_err(db_error)?;
                let population: Option<i64> = row.try_get("population_per_year").map_err(db_error)?;
                Ok(Some((
                    row.try_get("id").map_err(db_error)?,
                    UnitFields {
                        name: row.try_get("name").map_err(db_error)?,
                        kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Lainnya),
                        region_code: row.try_get("region_code").map_err(db_error)?,
                        mpp_name: row.try_get("mpp_name").map_err(db_error)?,
                        active: row.try_get("active").map_err(db_error)?,
                        complaint_contact: row.try_get("complaint_contact").map_err(db_error)?,
                        population_per_year: population.map(to_u64),
                    },
                )))
            }

            /// The id of the MPP of this name, created in the unit's region on first mention.
            async fn mpp_id(tx: &mut Tx<'_>, fields: &UnitFields) -> StoreResult<Option<i64>> {
                let Some(name) = &fields.mpp_name else {
                    return Ok(None);
                };
                sqlx::query("INSERT INTO mpps (region_code, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                    .bind(&fields.region_code)
                    .bind(name)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_error)?;
                sqlx::query_scalar("SELECT id FROM mpps WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)
            }

            async fn require_region(tx: &mut Tx<'_>, code: &str) -> StoreResult<()> {
                let found: Option<String> = sqlx::query_scalar("SELECT code FROM regions WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_error)?;
                found
                    .map(|_| ())
                    .ok_or_else(|| StoreError::NotFound(format!("region {code}")))
            }

            #[async_trait::async_trait]
            impl Accounts for super::$store {
                async fn create_user(&self, user: &NewUser, actor: &Actor) -> StoreResult<i64> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let taken: Option<String> = sqlx::query_scalar(
                        "SELECT username FROM users WHERE username = $1 OR (email IS NOT NULL AND email = $2)",
                    )
                    .bind(&user.username)
                    .bind(&user.email)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    if let Some(taken) = taken {
                        let what = if taken == user.username { "username" } else { "email" };
                        return Err(StoreError::Conflict(what.to_string()));
                    }
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (username, email, display_name, password_hash, role, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(&user.username)
                    .bind(&user.email)
                    .bind(&user.display_name)
                    .bind(&user.password_hash)
                    .bind(user.role.key())
                    .bind(timestamp(&Utc::now()))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    for code in &user.scopes {
                        sqlx::query(
                            "INSERT INTO user_scopes (user_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(code)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    }
                    let after = serde_json::json!({
                        "username": user.username,
                        "email": user.email,
                        "display_name": user.display_name,
                        "role": user.role.key(),
                        "scopes": user.scopes,
                    });
                    append(&mut tx, actor, action::USER_CREATE, &user.username, None, json(&after)).await?;
                    tx.commit().await.map_err(db_error)?;
                    Ok(id)
                }

                async fn users(&self) -> StoreResult<Vec<Account>> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let rows = sqlx::query(
                        "SELECT id, username, email, display_name, role, active FROM users ORDER BY username",
                    )
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    let mut accounts = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let id: i64 = row.try_get("id").map_err(db_error)?;
                        let role: String = row.try_get("role").map_err(db_error)?;
                        accounts.push(Account {
                            id,
                            username: row.try_get("username").map_err(db_error)?,
                            email: row.try_get("email").map_err(db_error)?,
                            display_name: row.try_get("display_name").map_err(db_error)?,
                            role: Role::parse(&role)
                                .ok_or_else(|| StoreError::Database(format!("unknown role {role}")))?,
                            scopes: scopes(&mut tx, id).await?,
                            active: row.try_get("active").map_err(db_error)?,
                        });
                    }
                    tx.commit().await.map_err(db_error)?;
                    Ok(accounts)
                }

                async fn credentials(&self, login: &str) -> StoreResult<Option<Credentials>> {
                    let login = login.trim().to_lowercase();
                    let row = sqlx::query(
                        "SELECT id, username, password_hash, active FROM users WHERE username = $1 OR email = $1",
                    )
                    .bind(&login)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(db_error)?;
                    row.map(|row| {
                        Ok(Credentials {
                            user_id: row.try_get("id").map_err(db_error)?,
                            username: row.try_get("username").map_err(db_error)?,
                            password_hash: row.try_get("password_hash").map_err(db_error)?,
                            active: row.try_get("active").map_err(db_error)?,
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
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let id = user_id(&mut tx, username).await?;
                    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                        .bind(password_hash)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    append(&mut tx, actor, action::USER_PASSWORD, username, None, None).await?;
                    tx.commit().await.map_err(db_error)
                }

                async fn set_user_active(&self, username: &str, active: bool, actor: &Actor) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let id = user_id(&mut tx, username).await?;
                    let before: bool = sqlx::query_scalar("SELECT active FROM users WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                        .bind(active)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    if !active {
                        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_error)?;
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
                    tx.commit().await.map_err(db_error)
                }

                async fn create_session(
                    &self,
                    token_hash: &str,
                    user_id: i64,
                    now: DateTime<Utc>,
                    expires: DateTime<Utc>,
                ) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                        .bind(timestamp(&now))
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    sqlx::query(
                        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(token_hash)
                    .bind(user_id)
                    .bind(timestamp(&now))
                    .bind(timestamp(&expires))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    tx.commit().await.map_err(db_error)
                }

                async fn session_viewer(
                    &self,
                    token_hash: &str,
                    now: DateTime<Utc>,
                ) -> StoreResult<Option<Viewer>> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let Some(row) = sqlx::query(
                        "SELECT u.id, u.username, u.display_name, u.role FROM sessions s \
                         JOIN users u ON u.id = s.user_id \
                         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = TRUE",
                    )
                    .bind(token_hash)
                    .bind(timestamp(&now))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    else {
                        return Ok(None);
                    };
                    let id: i64 = row.try_get("id").map_err(db_error)?;
                    let role: String = row.try_get("role").map_err(db_error)?;
                    let viewer = Viewer {
                        user_id: id,
                        username: row.try_get("username").map_err(db_error)?,
                        display_name: row.try_get("display_name").map_err(db_error)?,
                        role: Role::parse(&role)
                            .ok_or_else(|| StoreError::Database(format!("unknown role {role}")))?,
                        scopes: scopes(&mut tx, id).await?,
                    };
                    tx.commit().await.map_err(db_error)?;
                    Ok(Some(viewer))
                }

                async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
                    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                        .bind(token_hash)
                        .execute(&self.pool)
                        .await
                        .map_err(db_error)?;
                    Ok(())
                }

                async fn failed_sign_ins_since(
                    &self,
                    login: &str,
                    address: &str,
                    since: DateTime<Utc>,
                ) -> StoreResult<(u64, u64)> {
                    let row = sqlx::query(
                        "SELECT \
                         (SELECT COUNT(*) FROM audit_log WHERE action = $1 AND at >= $2 AND target = $3) AS by_login, \
                         (SELECT COUNT(*) FROM audit_log WHERE action = $1 AND at >= $2 AND address = $4) AS by_address",
                    )
                    .bind(action::SIGN_IN_FAILED)
                    .bind(timestamp(&since))
                    .bind(login.trim().to_lowercase())
                    .bind(address)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_error)?;
                    let by_login: i64 = row.try_get("by_login").map_err(db_error)?;
                    let by_address: i64 = row.try_get("by_address").map_err(db_error)?;
                    Ok((to_u64(by_login), to_u64(by_address)))
                }

                async fn audit(&self, entry: &AuditEntry) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    append(&mut tx, &entry.actor, entry.action, &entry.target, None, None).await?;
                    tx.commit().await.map_err(db_error)
                }

                async fn audit_log(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<AuditRecord>> {
                    // Dates are Asia/Jakarta days; the log keeps UTC instants.
                    let bound = |day: chrono::NaiveDate, next: bool| {
                        let day = if next { day.succ_opt().unwrap_or(day) } else { day };
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
                    let rows = sqlx::query(
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
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                    rows.iter()
                        .map(|row| {
                            Ok(AuditRecord {
                                id: row.try_get("id").map_err(db_error)?,
                                at: row.try_get("at").map_err(db_error)?,
                                actor: row.try_get("actor").map_err(db_error)?,
                                address: row.try_get("address").map_err(db_error)?,
                                action: row.try_get("action").map_err(db_error)?,
                                target: row.try_get("target").map_err(db_error)?,
                                before: row.try_get("before").map_err(db_error)?,
                                after: row.try_get("after").map_err(db_error)?,
                            })
                        })
                        .collect()
                }

                async fn all_units(&self) -> StoreResult<Vec<UnitListing>> {
                    let rows = sqlx::query(&format!(
                        "SELECT {UNIT_COLUMNS} ORDER BY u.region_code, u.name"
                    ))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_error)?;
                    rows.iter()
                        .map(|row| {
                            Ok(UnitListing {
                                unit: parse_unit(row)?,
                                active: row.try_get("active").map_err(db_error)?,
                            })
                        })
                        .collect()
                }

                async fn unit_record(&self, code: &str) -> StoreResult<Option<UnitRecord>> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let Some((id, fields)) = unit_fields(&mut tx, code).await? else {
                        return Ok(None);
                    };
                    let region_name: String = sqlx::query_scalar("SELECT name FROM regions WHERE code = $1")
                        .bind(&fields.region_code)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    let services = sqlx::query(
                        "SELECT id, name, active FROM services WHERE unit_id = $1 ORDER BY position, name",
                    )
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .iter()
                    .map(|row| {
                        Ok(ServiceRecord {
                            id: row.try_get("id").map_err(db_error)?,
                            name: row.try_get("name").map_err(db_error)?,
                            active: row.try_get("active").map_err(db_error)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                    tx.commit().await.map_err(db_error)?;
                    Ok(Some(UnitRecord {
                        code: code.to_string(),
                        fields,
                        region_name,
                        services,
                    }))
                }

                async fn create_unit(&self, code: &str, fields: &UnitFields, actor: &Actor) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    if unit_fields(&mut tx, code).await?.is_some() {
                        return Err(StoreError::Conflict(format!("unit {code}")));
                    }
                    require_region(&mut tx, &fields.region_code).await?;
                    let mpp = mpp_id(&mut tx, fields).await?;
                    sqlx::query(
                        "INSERT INTO units (code, name, kind, region_code, mpp_id, active, complaint_contact, population_per_year) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(code)
                    .bind(&fields.name)
                    .bind(fields.kind.key())
                    .bind(&fields.region_code)
                    .bind(mpp)
                    .bind(fields.active)
                    .bind(&fields.complaint_contact)
                    .bind(fields.population_per_year.map(to_i64))
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    append(&mut tx, actor, action::UNIT_CREATE, code, None, json(fields)).await?;
                    tx.commit().await.map_err(db_error)
                }

                async fn update_unit(&self, code: &str, fields: &UnitFields, actor: &Actor) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let Some((id, before)) = unit_fields(&mut tx, code).await? else {
                        return Err(StoreError::NotFound(format!("unit {code}")));
                    };
                    require_region(&mut tx, &fields.region_code).await?;
                    let mpp = mpp_id(&mut tx, fields).await?;
                    sqlx::query(
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
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
                    append(&mut tx, actor, action::UNIT_UPDATE, code, json(&before), json(fields)).await?;
                    tx.commit().await.map_err(db_error)
                }

                async fn add_service(&self, unit_code: &str, name: &str, actor: &Actor) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let Some((id, _)) = unit_fields(&mut tx, unit_code).await? else {
                        return Err(StoreError::NotFound(format!("unit {unit_code}")));
                    };
                    let inserted = sqlx::query(
                        "INSERT INTO services (unit_id, name, position) \
                         VALUES ($1, $2, (SELECT COUNT(*) FROM services WHERE unit_id = $1)) \
                         ON CONFLICT (unit_id, name) DO NOTHING",
                    )
                    .bind(id)
                    .bind(name)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?
                    .rows_affected();
                    if inserted == 0 {
                        return Err(StoreError::Conflict(format!("service {name}")));
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
                    tx.commit().await.map_err(db_error)
                }

                async fn set_service_active(
                    &self,
                    unit_code: &str,
                    service_id: i64,
                    active: bool,
                    actor: &Actor,
                ) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let Some(row) = sqlx::query(
                        "SELECT s.name, s.active FROM services s JOIN units u ON u.id = s.unit_id \
                         WHERE u.code = $1 AND s.id = $2",
                    )
                    .bind(unit_code)
                    .bind(service_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_error)?
                    else {
                        return Err(StoreError::NotFound(format!("service {service_id} of {unit_code}")));
                    };
                    let name: String = row.try_get("name").map_err(db_error)?;
                    let before: bool = row.try_get("active").map_err(db_error)?;
                    sqlx::query("UPDATE services SET active = $1 WHERE id = $2")
                        .bind(active)
                        .bind(service_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    append(
                        &mut tx,
                        actor,
                        action::SERVICE_ACTIVE,
                        unit_code,
                        json(&serde_json::json!({ "service": name, "active": before })),
                        json(&serde_json::json!({ "service": name, "active": active })),
                    )
                    .await?;
                    tx.commit().await.map_err(db_error)
                }

                async fn rename_region(&self, code: &str, name: &str, actor: &Actor) -> StoreResult<()> {
                    let mut tx = self.pool.begin().await.map_err(db_error)?;
                    let before: String = sqlx::query_scalar("SELECT name FROM regions WHERE code = $1")
                        .bind(code)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_error)?
                        .ok_or_else(|| StoreError::NotFound(format!("region {code}")))?;
                    sqlx::query("UPDATE regions SET name = $1 WHERE code = $2")
                        .bind(name)
                        .bind(code)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_error)?;
                    append(
                        &mut tx,
                        actor,
                        action::REGION_RENAME,
                        code,
                        json(&serde_json::json!({ "name": before })),
                        json(&serde_json::json!({ "name": name })),
                    )
                    .await?;
                    tx.commit().await.map_err(db_error)
                }
            }
        }
    };
}

pub(crate) use accounts_sql;
