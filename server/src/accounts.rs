//! What the web forms and the command line both check and make of a staff account: its password's
//! hash and whether its scope codes fit its role.

use app::model::RegionLevel;
use app::role::{Role, ScopeKind};
use app::store::StoreError;

/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: u64 = 10;

/// Argon2id hash of a password (PHC string), in a blocking thread: hashing is slow on purpose.
pub async fn hash_password(password: String) -> Result<String, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await
}

/// Whether `password` matches `hash`; a damaged hash never matches.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
        .await
        .unwrap_or(false)
}

/// Checks that scope codes fit the role: one province, one kabupaten/kota, or existing units.
pub async fn check_scopes(
    store: &dyn app::store::Store,
    role: Role,
    scopes: &[String],
) -> Result<bool, StoreError> {
    let regions = store.regions().await?;
    let level_of = |code: &str| regions.iter().find(|r| r.code == code).map(|r| r.level);
    Ok(match role.scope_kind() {
        ScopeKind::None => scopes.is_empty(),
        ScopeKind::Province => {
            scopes.len() == 1 && level_of(&scopes[0]) == Some(RegionLevel::Province)
        }
        ScopeKind::Region => {
            scopes.len() == 1
                && matches!(
                    level_of(&scopes[0]),
                    Some(RegionLevel::Regency | RegionLevel::City)
                )
        }
        ScopeKind::Units => {
            if scopes.is_empty() {
                return Ok(false);
            }
            for code in scopes {
                if store.unit(code).await?.is_none() {
                    return Ok(false);
                }
            }
            true
        }
        ScopeKind::Mpp => scopes.len() == 1 && store.mpp(&scopes[0]).await?.is_some(),
    })
}
