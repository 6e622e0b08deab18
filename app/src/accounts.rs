//! Staff accounts as the storage takes them: who makes a change (for the audit log), an account to
//! create, what sign-in checks, and the audit log's action names. The storage interface is
//! [`crate::store::Accounts`].

use crate::access::Viewer;
use crate::role::Role;

/// Who makes a change, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `None` for the command line and for failed sign-ins.
    pub user_id: Option<i64>,
    pub name: String,
    /// The client address (empty for the command line).
    pub address: String,
}

impl Actor {
    /// The command line on the server itself.
    pub fn command_line() -> Actor {
        Actor {
            user_id: None,
            name: "(baris perintah)".to_string(),
            address: String::new(),
        }
    }

    pub fn of(viewer: &Viewer, address: &str) -> Actor {
        Actor {
            user_id: Some(viewer.user_id),
            name: viewer.username.clone(),
            address: address.to_string(),
        }
    }
}

/// An account to create; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub email: Option<String>,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub scopes: Vec<String>,
}

/// What sign-in needs to check a password.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: i64,
    pub username: String,
    pub password_hash: String,
    pub active: bool,
}

/// A line to add to the audit log (changes write their own, inside their transaction).
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: Actor,
    pub action: &'static str,
    pub target: String,
}

pub use crate::access::audit_action as action;
