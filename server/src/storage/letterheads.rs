//! Letterheads and their logos (`app::store::Letterheads`).

use super::audit::append;
use super::engine::Engine;
use super::shared::timestamp;
use super::sql::{begin_write, commit, sql, Cols};
use super::store::SqlStore;
use app::access::audit_action as action;
use app::accounts::Actor;
use app::letterhead::{Letterhead, LetterheadFields, LetterheadOwner};
use app::store::letterheads::{Logo, LogoChange};
use app::store::{Letterheads, StoreResult};
use chrono::Utc;

#[async_trait::async_trait]
impl<E: Engine> Letterheads for SqlStore<E> {
    async fn letterhead(&self, owner: &LetterheadOwner) -> StoreResult<Option<Letterhead>> {
        let row = sql::<E>(
            "SELECT lines, address, contact, head_name, head_nip, logo_token FROM letterheads \
             WHERE owner = $1",
        )
        .bind(owner.key())
        .optional(&self.pool)
        .await?;
        row.map(|row| {
            let lines: String = row.col("lines")?;
            Ok(Letterhead {
                fields: LetterheadFields {
                    lines: lines.lines().map(str::to_string).collect(),
                    address: row.col("address")?,
                    contact: row.col("contact")?,
                    head_name: row.col("head_name")?,
                    head_nip: row.col("head_nip")?,
                },
                logo: row.col("logo_token")?,
            })
        })
        .transpose()
    }

    async fn save_letterhead(
        &self,
        owner: &LetterheadOwner,
        fields: &LetterheadFields,
        logo: LogoChange,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let now = timestamp(&Utc::now());
        sql::<E>(
            "INSERT INTO letterheads (owner, lines, address, contact, head_name, head_nip, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (owner) DO UPDATE SET lines = excluded.lines, address = excluded.address, \
             contact = excluded.contact, head_name = excluded.head_name, \
             head_nip = excluded.head_nip, updated_at = excluded.updated_at",
        )
        .bind(owner.key())
        .bind(fields.lines.join("\n"))
        .bind(fields.address.clone())
        .bind(fields.contact.clone())
        .bind(fields.head_name.clone())
        .bind(fields.head_nip.clone())
        .bind(now)
        .run(&mut tx)
        .await?;
        let logo_note = match logo {
            LogoChange::Keep => "kept",
            LogoChange::Remove => {
                sql::<E>(
                    "UPDATE letterheads SET logo_token = NULL, logo_type = NULL, logo = NULL \
                     WHERE owner = $1",
                )
                .bind(owner.key())
                .run(&mut tx)
                .await?;
                "removed"
            }
            LogoChange::Replace(new) => {
                sql::<E>(
                    "UPDATE letterheads SET logo_token = $1, logo_type = $2, logo = $3 \
                     WHERE owner = $4",
                )
                .bind(new.token)
                .bind(new.content_type)
                .bind(new.bytes)
                .bind(owner.key())
                .run(&mut tx)
                .await?;
                "replaced"
            }
        };
        append(
            &mut tx,
            actor,
            action::LETTERHEAD_SAVE,
            &owner.key(),
            None,
            Some(serde_json::json!({ "lines": fields.lines, "logo": logo_note }).to_string()),
        )
        .await?;
        commit(tx).await
    }

    async fn logo(&self, token: &str) -> StoreResult<Option<Logo>> {
        let row = sql::<E>("SELECT logo_type, logo FROM letterheads WHERE logo_token = $1")
            .bind(token)
            .optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(Logo {
                content_type: row.col("logo_type")?,
                bytes: row.col("logo")?,
            })
        })
        .transpose()
    }
}
