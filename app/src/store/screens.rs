//! The storage interface of the live screens (`crate::tv`): whether a place's screen shows the
//! current period. Part of [`super::Store`]; both engines implement it in
//! `server/src/storage/screens.rs`.

use super::error::StoreResult;
use crate::accounts::Actor;
use serde::{Deserialize, Serialize};

/// Where a screen stands, as its setting is stored (`unit:{code}`, `mpp:{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TvPlace {
    Unit(String),
    Mpp(String),
}

impl TvPlace {
    pub fn key(&self) -> String {
        match self {
            TvPlace::Unit(code) => format!("unit:{code}"),
            TvPlace::Mpp(code) => format!("mpp:{code}"),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::TvPlace;

    #[test]
    fn a_place_is_keyed_by_its_kind_and_code() {
        assert_eq!(TvPlace::Unit("1871-rsud".into()).key(), "unit:1871-rsud");
        assert_eq!(
            TvPlace::Mpp("mpp-kota-metro".into()).key(),
            "mpp:mpp-kota-metro"
        );
    }
}
