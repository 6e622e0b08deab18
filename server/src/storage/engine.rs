//! What the storage code needs of a database engine, so that every query is written once, as plain
//! generic Rust over `E: Engine`, for SQLite and PostgreSQL alike.
//!
//! - [`Driver`] runs a statement, binds a value and reads a column. Its two implementations are the
//!   same few lines for each engine's concrete sqlx types (`driver!` below); sqlx states these
//!   operations per engine, so generic code reaches them through this trait.
//! - [`Engine`] is what truly differs between the engines: a few statements, how a statement of
//!   many values marks them, and what the store does around the survey writer's commits. Each
//!   engine's module implements it (`sqlite.rs`, `postgres.rs`).

use super::shared::Marks;
use app::store::StoreResult;
use futures::stream::BoxStream;
use sqlx::postgres::Postgres;
use sqlx::sqlite::Sqlite;
use sqlx::{Database, Decode, Encode, Pool, Type};
use std::future::Future;

/// A statement of engine `E` with its values bound so far.
pub type Query<'q, E> = sqlx::query::Query<'q, E, <E as Database>::Arguments<'q>>;

/// A value both engines can bind: numbers, text, flags, bytes, and `Option`s of them for NULL.
pub trait Param<'q>:
    'q + Send + Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres>
{
}

impl<'q, T> Param<'q> for T where
    T: 'q + Send + Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres>
{
}

/// A column value both engines can read.
pub trait Cell:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + serde::de::DeserializeOwned
{
}

impl<T> Cell for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + serde::de::DeserializeOwned
{
}

/// Where a statement runs: on any connection of the pool, or on a transaction's connection.
pub enum On<'c, E: Database> {
    Pool(&'c Pool<E>),
    Conn(&'c mut E::Connection),
}

impl<'c, E: Database> From<&'c Pool<E>> for On<'c, E> {
    fn from(pool: &'c Pool<E>) -> Self {
        On::Pool(pool)
    }
}

impl<'c, E: Database> From<&'c mut sqlx::Transaction<'_, E>> for On<'c, E> {
    fn from(tx: &'c mut sqlx::Transaction<'_, E>) -> Self {
        On::Conn(&mut **tx)
    }
}

/// Running statements and moving values in and out, for one engine's concrete types.
pub trait Driver: Database + sqlx::database::HasStatementCache {
    fn bind<'q, T: Param<'q>>(query: Query<'q, Self>, value: T) -> Query<'q, Self>;

    /// The column `name` of `row`.
    fn get<T: Cell>(row: &Self::Row, name: &str) -> Result<T, sqlx::Error>;

    /// The column at `index` of `row` (0: the first).
    fn at<T: Cell>(row: &Self::Row, index: usize) -> Result<T, sqlx::Error>;

    fn fetch_all<'c, 'q: 'c>(
        on: On<'c, Self>,
        query: Query<'q, Self>,
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>> + Send + 'c;

    fn fetch_optional<'c, 'q: 'c>(
        on: On<'c, Self>,
        query: Query<'q, Self>,
    ) -> impl Future<Output = Result<Option<Self::Row>, sqlx::Error>> + Send + 'c;

    /// The rows as they arrive.
    fn fetch<'c, 'q: 'c>(
        on: On<'c, Self>,
        query: Query<'q, Self>,
    ) -> BoxStream<'c, Result<Self::Row, sqlx::Error>>;

    /// Runs the statement; how many rows it changed.
    fn execute<'c, 'q: 'c>(
        on: On<'c, Self>,
        query: Query<'q, Self>,
    ) -> impl Future<Output = Result<u64, sqlx::Error>> + Send + 'c;
}

/// The same forwarding for each engine: sqlx's calls, with the bounds the concrete types meet.
macro_rules! driver {
    ($db:ty) => {
        impl Driver for $db {
            fn bind<'q, T: Param<'q>>(query: Query<'q, Self>, value: T) -> Query<'q, Self> {
                query.bind(value)
            }

            fn get<T: Cell>(row: &Self::Row, name: &str) -> Result<T, sqlx::Error> {
                sqlx::Row::try_get(row, name)
            }

            fn at<T: Cell>(row: &Self::Row, index: usize) -> Result<T, sqlx::Error> {
                sqlx::Row::try_get(row, index)
            }

            async fn fetch_all<'c, 'q: 'c>(
                on: On<'c, Self>,
                query: Query<'q, Self>,
            ) -> Result<Vec<Self::Row>, sqlx::Error> {
                match on {
                    On::Pool(pool) => query.fetch_all(pool).await,
                    On::Conn(conn) => query.fetch_all(conn).await,
                }
            }

            fn fetch<'c, 'q: 'c>(
                on: On<'c, Self>,
                query: Query<'q, Self>,
            ) -> BoxStream<'c, Result<Self::Row, sqlx::Error>> {
                match on {
                    On::Pool(pool) => query.fetch(pool),
                    On::Conn(conn) => query.fetch(conn),
                }
            }

            async fn fetch_optional<'c, 'q: 'c>(
                on: On<'c, Self>,
                query: Query<'q, Self>,
            ) -> Result<Option<Self::Row>, sqlx::Error> {
                match on {
                    On::Pool(pool) => query.fetch_optional(pool).await,
                    On::Conn(conn) => query.fetch_optional(conn).await,
                }
            }

            async fn execute<'c, 'q: 'c>(
                on: On<'c, Self>,
                query: Query<'q, Self>,
            ) -> Result<u64, sqlx::Error> {
                let done = match on {
                    On::Pool(pool) => query.execute(pool).await,
                    On::Conn(conn) => query.execute(conn).await,
                };
                done.map(|d| d.rows_affected())
            }
        }
    };
}

driver!(Sqlite);
driver!(Postgres);

/// What differs between the engines; everything else is shared.
pub trait Engine: Driver {
    /// How this engine's statements of many values mark them (see [`Marks`]).
    const MARKS: Marks;

    /// The aggregate that joins a group's texts with a separator: `AGG(text, ',')`.
    const STRING_AGG: &'static str;

    /// The aggregate that makes a JSON array of a group's values, and the function that makes a
    /// JSON object of `'key', value` pairs.
    const JSON_AGG: &'static str;
    const JSON_OBJECT: &'static str;

    /// How a transaction that writes begins: SQLite takes the write lock at once (see
    /// [`super::sql::begin_write`]); PostgreSQL locks rows as they are written.
    const BEGIN_WRITE: &'static str;

    /// What a step of building a month's breakdown cells does first, in its transaction, so that
    /// no answer being stored at the same time is missed or counted twice (see the engines);
    /// nothing when the transaction's own beginning does that.
    const CLOSE_LOCK: Option<&'static str>;

    /// The stored answers of each (unit, device) pair of the JSON array `$2` since `$1`: columns
    /// `id`, `unit_id`, `device_hash`, `received_at`.
    const DEVICE_ANSWERS_SINCE: &'static str;

    /// What only this engine's store holds (SQLite: the log file and its checkpoints task).
    type Local: Send + Sync + 'static;

    /// Called after each commit of the survey writer.
    fn after_write(local: &Self::Local);

    /// Makes every commit of the survey writer so far durable.
    fn sync_log(local: &Self::Local) -> impl Future<Output = StoreResult<()>> + Send;

    /// The last work on the database before its pool closes.
    fn before_close(pool: &Pool<Self>) -> impl Future<Output = ()> + Send;
}
