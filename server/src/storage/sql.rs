//! Statements as the storage code writes them: `sql::<E>("…").bind(a).all(&pool)`, rows read with
//! `row.col("name")`, every driver error mapped to the storage layer's error in one place.

use super::engine::{Cell, Driver, Engine, On, Param, Query};
use app::store::{Record, StoreError, StoreResult, Unique};
use sqlx::{Pool, Transaction};

/// A transaction of engine `E`.
pub type Tx<E> = Transaction<'static, E>;

/// A statement and the values bound to it so far.
#[must_use = "a statement does nothing until it runs"]
pub struct Sql<'q, E: Engine>(Query<'q, E>);

/// A statement of engine `E` with this text (`$1`, `$2` … mark its values).
pub fn sql<E: Engine>(text: &str) -> Sql<'_, E> {
    Sql(sqlx::query(text))
}

impl<'q, E: Engine> Sql<'q, E> {
    /// Binds the next value.
    pub fn bind<T: Param<'q>>(self, value: T) -> Self {
        Sql(E::bind(self.0, value))
    }

    /// Whether the prepared statement stays cached on its connection (the default) or is closed
    /// after this one use.
    pub fn persistent(self, keep: bool) -> Self {
        Sql(self.0.persistent(keep))
    }

    /// Every row.
    pub async fn all<'c>(self, on: impl Into<On<'c, E>>) -> StoreResult<Vec<E::Row>>
    where
        'q: 'c,
    {
        E::fetch_all(on.into(), self.0).await.map_err(db_error)
    }

    /// Hands each row to `f` as it arrives, none kept: a large read (a nation's 30 000 units)
    /// held whole in memory before it was decoded cost twice its size in buffers.
    pub async fn each<'c>(
        self,
        on: impl Into<On<'c, E>>,
        mut f: impl FnMut(E::Row) -> StoreResult<()>,
    ) -> StoreResult<()>
    where
        'q: 'c,
    {
        let mut rows = E::fetch(on.into(), self.0);
        while let Some(row) = futures::TryStreamExt::try_next(&mut rows)
            .await
            .map_err(db_error)?
        {
            f(row)?;
        }
        Ok(())
    }

    /// The row, if there is one (the first, if there are several).
    pub async fn optional<'c>(self, on: impl Into<On<'c, E>>) -> StoreResult<Option<E::Row>>
    where
        'q: 'c,
    {
        E::fetch_optional(on.into(), self.0).await.map_err(db_error)
    }

    /// The one row a statement always returns (an aggregate, `RETURNING`).
    pub async fn one<'c>(self, on: impl Into<On<'c, E>>) -> StoreResult<E::Row>
    where
        'q: 'c,
    {
        self.optional(on)
            .await?
            .ok_or_else(|| db_error(sqlx::Error::RowNotFound))
    }

    /// Runs the statement; how many rows it changed.
    pub async fn run<'c>(self, on: impl Into<On<'c, E>>) -> StoreResult<u64>
    where
        'q: 'c,
    {
        E::execute(on.into(), self.0).await.map_err(db_error)
    }

    /// The first column of the one row the statement returns.
    pub async fn scalar<'c, T: Cell>(self, on: impl Into<On<'c, E>>) -> StoreResult<T>
    where
        'q: 'c,
    {
        E::at(&self.one(on).await?, 0).map_err(db_error)
    }

    /// The first column of the row, if there is one.
    pub async fn scalar_optional<'c, T: Cell>(
        self,
        on: impl Into<On<'c, E>>,
    ) -> StoreResult<Option<T>>
    where
        'q: 'c,
    {
        self.optional(on)
            .await?
            .map(|row| E::at(&row, 0).map_err(db_error))
            .transpose()
    }

    /// The first column of every row.
    pub async fn column<'c, T: Cell>(self, on: impl Into<On<'c, E>>) -> StoreResult<Vec<T>>
    where
        'q: 'c,
    {
        self.all(on)
            .await?
            .iter()
            .map(|row| E::at(row, 0).map_err(db_error))
            .collect()
    }
}

/// Reading a row's columns by name.
pub trait Cols {
    fn col<T: Cell>(&self, name: &str) -> StoreResult<T>;
}

impl<R> Cols for R
where
    R: sqlx::Row,
    R::Database: Driver,
{
    fn col<T: Cell>(&self, name: &str) -> StoreResult<T> {
        <R::Database as Driver>::get(self, name).map_err(db_error)
    }
}

/// One record of a JSON array a statement packed (`json_object(…)` in an aggregate), read by
/// the same column names as a row.
pub struct JsonRow(serde_json::Map<String, serde_json::Value>);

impl Cols for JsonRow {
    fn col<T: Cell>(&self, name: &str) -> StoreResult<T> {
        let value = self.0.get(name).cloned().unwrap_or(serde_json::Value::Null);
        serde_json::from_value(value)
            .map_err(|e| StoreError::Failed(format!("packed column {name}: {e}")))
    }
}

/// The records of a JSON array of objects.
pub fn json_rows(text: &str) -> StoreResult<Vec<JsonRow>> {
    serde_json::from_str::<Vec<serde_json::Map<String, serde_json::Value>>>(text)
        .map(|records| records.into_iter().map(JsonRow).collect())
        .map_err(|e| StoreError::Failed(format!("packed records: {e}")))
}

/// Starts a transaction on `pool` that writes: on SQLite it takes the write lock as it begins
/// (`BEGIN IMMEDIATE`), waiting for it as long as the pool's busy timeout allows. A transaction
/// that began by reading and writes after another connection (the survey's writer) committed is
/// refused at once instead ("database is locked": its snapshot is stale, so waiting cannot help).
pub async fn begin_write<E: Engine>(pool: &Pool<E>) -> StoreResult<Tx<E>> {
    pool.begin_with(E::BEGIN_WRITE).await.map_err(db_error)
}

/// Starts a transaction on `pool` that only reads: one snapshot for its statements, no lock
/// beyond that on either engine.
pub async fn begin_read<E: Engine>(pool: &Pool<E>) -> StoreResult<Tx<E>> {
    pool.begin().await.map_err(db_error)
}

/// Commits `tx`.
pub async fn commit<E: Engine>(tx: Tx<E>) -> StoreResult<()> {
    tx.commit().await.map_err(db_error)
}

/// Maps a driver error to the storage layer's error: a broken unique or reference rule by what
/// it names, a text PostgreSQL cannot hold (a NUL character: SQLSTATE 22021) as the caller's bad
/// text, an unreachable database as unavailable, anything else as a failure.
pub(crate) fn db_error(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("22021") => StoreError::BadText,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Taken(Unique::Other(db.message().to_string()))
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound(Record::Referenced(db.message().to_string()))
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            StoreError::Unavailable(error.to_string())
        }
        _ => StoreError::Failed(error.to_string()),
    }
}
