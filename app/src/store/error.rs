//! What can go wrong in storage.

/// What can go wrong in storage, as callers need to tell it apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A record asked for, or referred to, does not exist.
    #[error("not found: {0}")]
    NotFound(Record),
    /// A value that must be unique is taken already.
    #[error("already taken: {0}")]
    Taken(Unique),
    /// The database could not be reached in time (down, every connection busy, closed), or the
    /// survey's writer has stopped: worth trying again later.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The database refused or failed a statement, or a stored value does not read back.
    #[error("database error: {0}")]
    Failed(String),
    /// A text the request carried cannot be held by the database as it is (a NUL character,
    /// which PostgreSQL's text refuses): the caller's input is wrong, not the database.
    #[error("{NUL_TEXT}")]
    BadText,
}

/// What a person is told when a text they sent carries a NUL character.
pub const NUL_TEXT: &str = "the text sent contains a NUL character (\\0, %00), which no field \
    accepts: remove it and send again";

/// The record that was not found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Record {
    #[error("region {0}")]
    Region(String),
    #[error("unit {0}")]
    Unit(String),
    /// A service (its id or name) of a unit (its code).
    #[error("service {service} of {unit}")]
    Service { unit: String, service: String },
    #[error("user {0}")]
    User(String),
    /// A response's comment, by the response's id.
    #[error("comment {0}")]
    Comment(String),
    /// An action of the follow-up plan.
    #[error("action {0}")]
    Action(i64),
    /// An alert not acknowledged yet.
    #[error("open alert {0}")]
    Alert(i64),
    /// A publication medium a unit recorded.
    #[error("publication medium {0}")]
    Medium(i64),
    /// An upload waiting to be stored.
    #[error("upload {0}")]
    Upload(String),
    /// A Mal Pelayanan Publik, by its code.
    #[error("MPP {0}")]
    Mpp(String),
    /// A reference the schema checks (a foreign key): the database's words.
    #[error("referenced record ({0})")]
    Referenced(String),
}

/// The unique value that collided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unique {
    #[error("unit code {0}")]
    UnitCode(String),
    /// A service's name within its unit.
    #[error("service name {0}")]
    ServiceName(String),
    #[error("username {0}")]
    Username(String),
    #[error("email {0}")]
    Email(String),
    /// An MPP's code or name.
    #[error("MPP {0}")]
    Mpp(String),
    /// Another unique rule of the schema: the database's words.
    #[error("{0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;
