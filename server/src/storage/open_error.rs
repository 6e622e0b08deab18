//! Why the database named by `DATABASE_URL` cannot be used.

/// Why the database named by `DATABASE_URL` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL \"{0}\" is neither sqlite://… nor postgres://…")]
    UnknownScheme(String),
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot bring the database {url} up to date: {reason}")]
    Migrate { url: String, reason: String },
}
