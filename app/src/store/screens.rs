//! The storage interface of the live screens (`crate::tv`): whether a place's screen shows the
//! current period. Part of [`super::Store`]; both engines implement it in
//! `server/src/storage/screens.rs`.

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::tv::TvPlace;

#[async_trait::async_trait]
pub trait Screens: Send + Sync {
    /// Whether the place's screen shows the current period (its head chose so); by default it
    /// shows the latest published one.
    async fn tv_shows_current(&self, place: &TvPlace) -> StoreResult<bool>;

    /// Records the head's choice (audited).
    async fn set_tv_shows_current(
        &self,
        place: &TvPlace,
        on: bool,
        actor: &Actor,
    ) -> StoreResult<()>;
}
