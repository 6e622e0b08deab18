//! The demo accounts, one per role, with passwords printed in the README. Demo only: a real
//! deployment creates its first admin with `ikm user add` and never runs `seed-demo`.

use crate::accounts::hash_password;
use app::access::Role;
use app::accounts::{Actor, NewUser};
use app::store::{Store, StoreError};

/// `(username, password, role, scopes, display name)`.
pub const DEMO_USERS: [(&str, &str, Role, &[&str], &str); 6] = [
    ("admin", "demo-admin-ikm", Role::Admin, &[], "Admin Demo"),
    (
        "nasional",
        "demo-nasional-ikm",
        Role::National,
        &[],
        "Evaluator Kementerian PANRB (demo)",
    ),
    (
        "provinsi",
        "demo-provinsi-ikm",
        Role::Province,
        &["18"],
        "Biro Organisasi Provinsi Lampung (demo)",
    ),
    (
        "kota",
        "demo-kota-ikm",
        Role::Region,
        &["18.71"],
        "Bagian Organisasi Kota Bandar Lampung (demo)",
    ),
    (
        "unit",
        "demo-unit-ikm",
        Role::Unit,
        &["1871-disdukcapil"],
        "Kepala Disdukcapil Kota Bandar Lampung (demo)",
    ),
    (
        "mpp",
        "demo-mpp-ikm",
        Role::Mpp,
        &["mpp-kota-bandar-lampung"],
        "Pengelola MPP Kota Bandar Lampung (demo)",
    ),
];

/// Creates the demo accounts that do not exist yet; returns how many were created.
pub async fn seed(store: &dyn Store) -> Result<usize, StoreError> {
    let existing: Vec<String> = store
        .users()
        .await?
        .into_iter()
        .map(|u| u.username)
        .collect();
    let mut created = 0;
    for (username, password, role, scopes, name) in DEMO_USERS {
        if existing.iter().any(|u| u == username) {
            continue;
        }
        let password_hash = hash_password(password.to_string())
            .await
            .map_err(|e| StoreError::Failed(format!("hashing failed: {e}")))?;
        let user = NewUser {
            username: username.to_string(),
            email: None,
            display_name: name.to_string(),
            password_hash,
            role,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        };
        store.create_user(&user, &Actor::command_line()).await?;
        created += 1;
    }
    Ok(created)
}
