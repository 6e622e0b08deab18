//! The roles of staff accounts and the kind of scope each holds. Citizens have no account.

use serde::{Deserialize, Serialize};

/// What a staff account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including users and the audit log.
    Admin,
    /// Kementerian PANRB or another evaluator: every province's figures, read-only (issue #34).
    /// No account or region administration.
    National,
    /// One province and everything below it.
    Province,
    /// One kabupaten/kota and its units.
    Region,
    /// One or more units.
    Unit,
    /// The manager of one Mal Pelayanan Publik: its tenants' answers given there, and the MPP.
    Mpp,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::National,
        Role::Province,
        Role::Region,
        Role::Unit,
        Role::Mpp,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::National => "national",
            Role::Province => "province",
            Role::Region => "region",
            Role::Unit => "unit",
            Role::Mpp => "mpp",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key.trim())
    }

    /// What the scope codes of this role name.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::Admin | Role::National => ScopeKind::None,
            Role::Province => ScopeKind::Province,
            Role::Region => ScopeKind::Region,
            Role::Unit => ScopeKind::Units,
            Role::Mpp => ScopeKind::Mpp,
        }
    }
}

/// The kind of code a role's scope holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// No scope (admin, national).
    None,
    /// Exactly one province code (`18`).
    Province,
    /// Exactly one kabupaten/kota code (`18.71`).
    Region,
    /// One or more unit codes.
    Units,
    /// Exactly one MPP code.
    Mpp,
}
