//! The storage interface of letterheads (`crate::letterhead`). Part of [`super::Store`]; both
//! engines implement it in `server/src/storage/letterheads.rs`.

use super::error::StoreResult;
use crate::accounts::Actor;
use crate::letterhead::{Letterhead, LetterheadFields, LetterheadOwner};

/// A logo to store: already checked and re-encoded (`server/src/logos.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLogo {
    pub token: String,
    /// `image/png`, `image/jpeg` or `image/svg+xml`.
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A stored logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What saving a letterhead does to its logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoChange {
    Keep,
    Remove,
    Replace(NewLogo),
}

#[async_trait::async_trait]
pub trait Letterheads: Send + Sync {
    /// The owner's own letterhead, if it has one.
    async fn letterhead(&self, owner: &LetterheadOwner) -> StoreResult<Option<Letterhead>>;

    /// The first of `chain` that has a letterhead (a unit's, else its regions', nearest first).
    async fn nearest_letterhead(
        &self,
        chain: &[LetterheadOwner],
    ) -> StoreResult<Option<Letterhead>> {
        for owner in chain {
            if let Some(found) = self.letterhead(owner).await? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// Saves the owner's letterhead (audited); the logo as `logo` says.
    async fn save_letterhead(
        &self,
        owner: &LetterheadOwner,
        fields: &LetterheadFields,
        logo: LogoChange,
        actor: &Actor,
    ) -> StoreResult<()>;

    /// A stored logo by its token.
    async fn logo(&self, token: &str) -> StoreResult<Option<Logo>>;
}
