//! A failure the command line reports in one sentence.

use crate::storage;
use std::path::PathBuf;

/// A failure the command line reports in one sentence.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Open(#[from] storage::OpenError),
    #[error(transparent)]
    Serve(#[from] crate::startup::ServeError),
    #[error("the database failed: {0}")]
    Store(#[from] app::store::StoreError),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
    #[error(transparent)]
    Transfer(#[from] crate::transfer::TransferError),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    /// The details were already printed (e.g. every invalid line of a file).
    #[error("{0}")]
    Reported(String),
}
