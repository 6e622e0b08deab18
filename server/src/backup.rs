//! `ikm backup FILE` and `ikm restore FILE`, for the embedded SQLite database.
//!
//! A backup is SQLite's `VACUUM INTO`: one read transaction, so the copy is consistent even while
//! servers keep storing answers (WAL readers do not block writers), compact, and a plain database
//! file (open it with any SQLite tool). It is checked (`quick_check`) before the command says done.
//!
//! A restore first checks the file is an IKM database in one piece, then replaces the database file
//! whole: written beside it, flushed to disk, the old log files removed, renamed over it (a crash
//! leaves the old or the new database, never half of each), and migrated to this version. Stop the
//! servers using the database first. PostgreSQL deployments back up with `pg_dump` / `pg_restore`.

use crate::storage::SqliteStore;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::str::FromStr;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "ikm backup and ikm restore work on the embedded SQLite database; \
         for PostgreSQL use pg_dump and pg_restore"
    )]
    NotSqlite,
    #[error("{0} already exists: choose a new file name (a backup never overwrites)")]
    Exists(PathBuf),
    #[error("{path} is not an IKM backup: {reason}")]
    NotABackup { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("the database failed: {0}")]
    Database(String),
    #[error(transparent)]
    Open(#[from] crate::storage::OpenError),
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn sqlite_only(url: &str) -> Result<(), BackupError> {
    if url.starts_with("sqlite:") {
        Ok(())
    } else {
        Err(BackupError::NotSqlite)
    }
}

/// Copies the live database at `url` into the new file `file`; returns the copy's size in bytes.
pub async fn backup(url: &str, file: &Path) -> Result<u64, BackupError> {
    sqlite_only(url)?;
    if file.exists() {
        return Err(BackupError::Exists(file.to_path_buf()));
    }
    let store = SqliteStore::open(url).await?;
    let target = file.to_str().ok_or_else(|| BackupError::Io {
        path: file.to_path_buf(),
        reason: "the file name is not valid UTF-8".into(),
    })?;
    let done = sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(store.pool())
        .await;
    store.pool().close().await;
    done.map_err(|e| BackupError::Io {
        path: file.to_path_buf(),
        reason: e.to_string(),
    })?;
    check(file).await?;
    Ok(std::fs::metadata(file).map_err(io(file))?.len())
}

/// Opens `file` read-only and checks it is an IKM database in one piece; returns its responses.
pub async fn check(file: &Path) -> Result<i64, BackupError> {
    let not_backup = |reason: String| BackupError::NotABackup {
        path: file.to_path_buf(),
        reason,
    };
    if !file.is_file() {
        return Err(not_backup("no such file".into()));
    }
    let options = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| not_backup(e.to_string()))?;
    let verdict: Result<i64, BackupError> = async {
        let ok: String = sqlx::query("PRAGMA quick_check")
            .fetch_one(&pool)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(|e| not_backup(e.to_string()))?;
        if ok != "ok" {
            return Err(not_backup(format!("damaged ({ok})")));
        }
        let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&pool)
            .await
            .map_err(|_| not_backup("it holds no IKM schema".into()))?;
        if migrations == 0 {
            return Err(not_backup("it holds no IKM schema".into()));
        }
        sqlx::query_scalar("SELECT COUNT(*) FROM responses")
            .fetch_one(&pool)
            .await
            .map_err(|_| not_backup("it holds no responses table".into()))
    }
    .await;
    pool.close().await;
    verdict
}

/// Replaces the database at `url` by the backup `file`, then migrates it to this version.
pub async fn restore(url: &str, file: &Path) -> Result<i64, BackupError> {
    sqlite_only(url)?;
    let responses = check(file).await?;
    let target = SqliteConnectOptions::from_str(url)
        .map_err(|e| BackupError::Database(e.to_string()))?
        .get_filename()
        .to_path_buf();
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(io(folder))?;
    }
    let incoming = target.with_extension("restoring");
    std::fs::copy(file, &incoming).map_err(io(&incoming))?;
    std::fs::File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(io(&incoming))?;
    for suffix in ["-wal", "-shm"] {
        let mut log = target.clone().into_os_string();
        log.push(suffix);
        let log = PathBuf::from(log);
        if log.exists() {
            std::fs::remove_file(&log).map_err(io(&log))?;
        }
    }
    std::fs::rename(&incoming, &target).map_err(io(&target))?;
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename itself reaches the disk with the folder.
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
    let store = SqliteStore::open(url).await?;
    store.pool().close().await;
    Ok(responses)
}
