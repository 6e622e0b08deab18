//! The live screens' settings (`app::store::Screens`).

use super::audit::append;
use super::engine::Engine;
use super::shared::timestamp;
use super::sql::{begin_write, commit, sql};
use super::store::SqlStore;
use app::access::audit_action as action;
use app::accounts::Actor;
use app::store::{Screens, StoreResult};
use app::tv::TvPlace;
use chrono::Utc;

#[async_trait::async_trait]
impl<E: Engine> Screens for SqlStore<E> {
    async fn tv_shows_current(&self, place: &TvPlace) -> StoreResult<bool> {
        let on: Option<bool> = sql::<E>("SELECT show_current FROM tv_settings WHERE place = $1")
            .bind(place.key())
            .scalar_optional(&self.pool)
            .await?;
        Ok(on.unwrap_or(false))
    }

    async fn set_tv_shows_current(
        &self,
        place: &TvPlace,
        on: bool,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        sql::<E>(
            "INSERT INTO tv_settings (place, show_current, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (place) DO UPDATE SET show_current = excluded.show_current, \
             updated_at = excluded.updated_at",
        )
        .bind(place.key())
        .bind(on)
        .bind(timestamp(&Utc::now()))
        .run(&mut tx)
        .await?;
        append(
            &mut tx,
            actor,
            action::TV_SETTING,
            &place.key(),
            None,
            Some(serde_json::json!({ "show_current": on }).to_string()),
        )
        .await?;
        commit(tx).await
    }
}
