//! The SQLite engine: one file, WAL journal, `synchronous=FULL` (an acknowledged write survives a
//! power cut), foreign keys on.

use super::checkpoint::{self, Policy};
use super::engine::Engine;
use super::open_error::OpenError;
use super::shared::Marks;
use super::store::SqlStore;
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// A SQLite database: one file, and the connections and task that keep it.
pub type SqliteStore = SqlStore<Sqlite>;

/// What only the SQLite store keeps.
pub struct SqliteLocal {
    /// The task that checkpoints the write-ahead log beside the writer (`checkpoint.rs`), and
    /// how the writer's commits wake it.
    checkpoints: tokio::task::JoinHandle<()>,
    wrote: Arc<Notify>,
    /// The write-ahead log's file, which `sync_stored` syncs (none for an in-memory database).
    log: Option<PathBuf>,
}

impl Drop for SqliteLocal {
    fn drop(&mut self) {
        self.checkpoints.abort();
    }
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// `users` with every role of `app::role::Role` allowed: the MPP's manager (migration 0017's note)
/// and the national evaluator (0029's).
const USERS_WIDENED: &str = "CREATE TABLE users_widened (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    email         TEXT UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'national', 'province', 'region', 'unit', 'mpp')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
)";

/// Widens the `users` table's CHECK of roles to every role (`USERS_WIDENED`), once per new role: SQLite changes a CHECK
/// only by rebuilding the table (its documented twelve steps), with foreign keys off so the
/// sessions, scopes and audit lines keep pointing at the same ids — which a migration cannot do,
/// since sqlx runs each in a transaction, where `PRAGMA foreign_keys` is ignored. The rebuild is
/// one transaction on one connection; foreign keys are on again before it goes back to the pool.
async fn widen_roles(pool: &sqlx::SqlitePool) -> Result<(), sqlx::Error> {
    let schema: String =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_one(pool)
            .await?;
    if schema.contains("'national'") {
        return Ok(());
    }
    let mut connection = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *connection)
        .await?;
    let rebuilt = async {
        let mut tx = sqlx::Connection::begin(&mut *connection).await?;
        sqlx::query(USERS_WIDENED).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO users_widened (id, username, email, display_name, password_hash, role, \
             active, created_at) SELECT id, username, email, display_name, password_hash, role, \
             active, created_at FROM users",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("DROP TABLE users").execute(&mut *tx).await?;
        sqlx::query("ALTER TABLE users_widened RENAME TO users")
            .execute(&mut *tx)
            .await?;
        let broken: Vec<sqlx::sqlite::SqliteRow> = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *tx)
            .await?;
        if !broken.is_empty() {
            return Err(sqlx::Error::Protocol(format!(
                "{} rows would lose their account",
                broken.len()
            )));
        }
        tx.commit().await
    }
    .await;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *connection)
        .await?;
    rebuilt
}

impl SqlStore<Sqlite> {
    /// Opens (creating when missing, with its folder) the database file and migrates it.
    pub async fn open(url: &str) -> Result<SqliteStore, OpenError> {
        SqliteStore::open_with(url, Policy::SERVER).await
    }

    /// [`SqliteStore::open`], with the write-ahead log checkpointed as `checkpoints` says.
    pub async fn open_with(url: &str, checkpoints: Policy) -> Result<SqliteStore, OpenError> {
        let open_error = |reason: String| OpenError::Open {
            url: url.to_string(),
            reason,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| open_error(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let path = options.get_filename().to_path_buf();
        let in_memory = path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:");
        let log = (!in_memory).then(|| {
            let mut log = path.clone().into_os_string();
            log.push("-wal");
            PathBuf::from(log)
        });
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| open_error(format!("cannot create {}: {e}", folder.display())))?;
        }
        // A connection to a local file does not go stale: no test query (a round trip to its
        // thread) before each use.
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await
            .map_err(|e| open_error(e.to_string()))?;
        MIGRATOR.run(&pool).await.map_err(|e| OpenError::Migrate {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        widen_roles(&pool).await.map_err(|e| OpenError::Migrate {
            url: url.to_string(),
            reason: format!("widening the roles of `users`: {e}"),
        })?;
        // A negative cache_size is in KiB: up to 16 MiB of pages, against the default 2 MiB. The
        // writer never checkpoints the log itself; the checkpoints task does, beside it. Its
        // commits do not sync the log (`synchronous=NORMAL`): `sync_stored` does, after them,
        // while the writer goes on with the next batch; every other connection syncs at commit.
        // Its temporary files are kept in memory: each multi-row upsert's statement journal
        // outgrew SQLite's 64 KiB in memory and went to a file of its own, created, written and
        // deleted again, about one batch in ten (+15 % answers/s at 10M, docs/PERFORMANCE.md).
        // Its statements are bounded (a batch, a build step); the pool's, which may sort a
        // whole export, keep spilling to disk.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(
                options
                    .synchronous(if in_memory {
                        SqliteSynchronous::Full
                    } else {
                        SqliteSynchronous::Normal
                    })
                    .pragma("cache_size", "-16384")
                    .pragma("wal_autocheckpoint", "0")
                    .pragma("temp_store", "memory"),
            )
            .await
            .map_err(|e| open_error(e.to_string()))?;
        let wrote = Arc::new(Notify::new());
        let checkpoints = checkpoint::start(pool.clone(), checkpoints, wrote.clone());
        let local = SqliteLocal {
            checkpoints,
            wrote,
            log,
        };
        Ok(SqlStore::new(pool, writer, local))
    }
}

impl Engine for Sqlite {
    /// SQLite looks each `$n` of a statement up in a list, which is quadratic in a statement of
    /// thousands of values: `?` instead.
    const MARKS: Marks = Marks::Question;

    const JSON_AGG: &'static str = "json_group_array";
    const JSON_OBJECT: &'static str = "json_object";
    const STRING_AGG: &'static str = "group_concat";

    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";

    /// Nothing: `begin_write`'s `BEGIN IMMEDIATE` holds SQLite's write lock from the start
    /// (waiting for it like any writer), so the step's reads cannot go stale and every write
    /// transaction of SQLite excludes the others.
    const CLOSE_LOCK: Option<&'static str> = None;

    /// The pairs lead (CROSS JOIN keeps them the outer loop) and each probes `responses_device`.
    const DEVICE_ANSWERS_SINCE: &'static str =
        "SELECT r.id, r.unit_id, r.device_hash, r.received_at \
         FROM json_each($2) AS a CROSS JOIN responses r \
         WHERE r.unit_id = a.value ->> 0 AND r.device_hash = a.value ->> 1 AND r.received_at >= $1";

    type Local = SqliteLocal;

    /// Wakes the checkpoints task.
    fn after_write(local: &SqliteLocal) {
        local.wrote.notify_one();
    }

    /// Syncs the write-ahead log to the disk: every commit written to it so far is then durable
    /// (frames a checkpoint moved into the database file were synced there by the checkpoint).
    async fn sync_log(local: &SqliteLocal) -> app::store::StoreResult<()> {
        let Some(log) = local.log.clone() else {
            return Ok(());
        };
        tokio::task::spawn_blocking(move || {
            std::fs::File::open(&log)
                .and_then(|file| file.sync_data())
                .map_err(|e| format!("syncing {}: {e}", log.display()))
        })
        .await
        .unwrap_or_else(|e| Err(format!("syncing the write-ahead log: {e}")))
        .map_err(app::store::StoreError::Failed)
    }

    /// Folds the write-ahead log into the database file, so that the file alone is complete.
    async fn before_close(pool: &SqlitePool) {
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(pool)
            .await
        {
            tracing::warn!(%error, "checkpoint before closing failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::cell_builds::Builds;
    use super::*;
    use checkpoint::Passes;

    /// Writes 8 MiB (2 000-odd pages) on the writer's connection, in one transaction.
    async fn write_8_mib(store: &SqliteStore) {
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS scratch (b BLOB); \
             INSERT INTO scratch SELECT randomblob(16384) FROM \
             (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 512) \
              SELECT x FROM c)",
        )
        .execute(store.writer())
        .await
        .expect("write");
    }

    #[tokio::test]
    async fn widening_the_roles_keeps_every_account_session_and_scope() {
        let folder = tempfile::tempdir().expect("folder");
        let url = format!("sqlite://{}", folder.path().join("ikm.db").display());
        let options = SqliteConnectOptions::from_str(&url)
            .expect("url")
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .expect("pool");
        // The tables as the migrations leave them, before the widening: a unit head signed in.
        MIGRATOR.run(&pool).await.expect("migrations");
        sqlx::raw_sql(
            "INSERT INTO users (id, username, display_name, password_hash, role, created_at) \
             VALUES (7, 'kepala', 'Kepala', 'x', 'unit', '2026-01-01T00:00:00Z'); \
             INSERT INTO user_scopes (user_id, code) VALUES (7, '1871-disdukcapil'); \
             INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
             VALUES ('h', 7, '2026-01-01', '2027-01-01');",
        )
        .execute(&pool)
        .await
        .expect("an account");
        let refused = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, created_at) \
             VALUES ('mpp', 'MPP', 'x', 'mpp', '2026-01-01T00:00:00Z')",
        )
        .execute(&pool)
        .await;
        assert!(refused.is_err(), "the narrow CHECK refuses the role");

        widen_roles(&pool).await.expect("widened");
        widen_roles(&pool)
            .await
            .expect("once only: nothing to do again");
        sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, created_at) \
             VALUES ('mpp', 'MPP', 'x', 'mpp', '2026-01-01T00:00:00Z')",
        )
        .execute(&pool)
        .await
        .expect("an MPP manager");
        sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, created_at) \
             VALUES ('panrb', 'Evaluator', 'x', 'national', '2026-01-01T00:00:00Z')",
        )
        .execute(&pool)
        .await
        .expect("a national evaluator");
        let kept: (i64, i64, String) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM sessions WHERE user_id = 7), \
             (SELECT COUNT(*) FROM user_scopes WHERE user_id = 7), \
             (SELECT role FROM users WHERE id = 7)",
        )
        .fetch_one(&pool)
        .await
        .expect("read");
        assert_eq!(kept, (1, 1, "unit".to_string()));
        // The foreign keys still hold, on every connection of the pool.
        for _ in 0..2 {
            let orphan = sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
                 VALUES ('o', 99, 'a', 'b')",
            )
            .execute(&pool)
            .await;
            assert!(orphan.is_err(), "a session of nobody is refused");
        }
    }

    async fn open(folder: &tempfile::TempDir, policy: Policy) -> (SqliteStore, std::path::PathBuf) {
        let file = folder.path().join("ikm.db");
        let url = format!("sqlite://{}", file.display());
        let store = SqliteStore::open_with(&url, policy).await.expect("open");
        (store, file)
    }

    fn size(file: &std::path::Path) -> u64 {
        std::fs::metadata(file).expect("database file").len()
    }

    /// Waits (up to 10 s, then fails) until a checkpoint has grown the database file to `bytes`.
    async fn wait_for_checkpoint(file: &std::path::Path, bytes: u64) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while size(file) < bytes {
            assert!(
                std::time::Instant::now() < deadline,
                "no checkpoint within 10 s: the file is {} bytes",
                size(file)
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    const NEVER: Duration = Duration::from_secs(3600);
    const EIGHT_MIB: u64 = 8 << 20;

    #[tokio::test]
    async fn the_writer_leaves_the_log_to_checkpoints_and_a_pass_copies_it_all() {
        let folder = tempfile::tempdir().expect("temp dir");
        let policy = Policy {
            every: NEVER,
            idle: NEVER,
            restart_at: i64::MAX,
            ..Policy::SERVER
        };
        let (store, file) = open(&folder, policy).await;
        let before = size(&file);
        write_8_mib(&store).await;
        // Past SQLite's own 1 000-page threshold, yet nothing reached the database file.
        assert_eq!(size(&file), before, "the writer took no checkpoint");
        let report = Passes::new(store.pool().clone(), policy)
            .pass()
            .await
            .expect("pass");
        assert!(report.log > 2000, "the log held the write: {report:?}");
        assert_eq!(report.copied, report.log, "all copied: {report:?}");
        assert!(
            size(&file) >= before + EIGHT_MIB,
            "the file holds the write"
        );
    }

    /// Opens a read transaction that reads from the log (the 8 MiB written), on a pool connection.
    async fn a_reader(store: &SqliteStore) -> sqlx::pool::PoolConnection<sqlx::Sqlite> {
        let mut reader = store.pool().acquire().await.expect("reader");
        sqlx::raw_sql("BEGIN; SELECT COUNT(*) FROM scratch;")
            .execute(&mut *reader)
            .await
            .expect("read");
        reader
    }

    /// Pages the log holds now.
    async fn log_pages(store: &SqliteStore) -> i64 {
        let (_, log, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(store.pool())
            .await
            .expect("checkpoint");
        log
    }

    async fn write_a_row(store: &SqliteStore) {
        sqlx::query("INSERT INTO scratch VALUES (x'00')")
            .execute(store.writer())
            .await
            .expect("write");
    }

    /// Passes only when asked, with a RESTART from 100 log pages on.
    fn restarting(wait: Duration, retry: Duration) -> Policy {
        Policy {
            every: NEVER,
            idle: NEVER,
            restart_at: 100,
            restart_wait: wait,
            restart_retry: retry,
        }
    }

    #[tokio::test]
    async fn a_log_past_the_limit_starts_over_once_readers_leave_it() {
        let folder = tempfile::tempdir().expect("temp dir");
        let policy = restarting(Duration::from_secs(5), NEVER);
        let (store, _) = open(&folder, policy).await;
        write_8_mib(&store).await;
        // A reader in the middle of a page, reading from the log; it finishes a moment later,
        // within the RESTART's wait.
        let mut reader = a_reader(&store).await;
        let finishing = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            sqlx::raw_sql("COMMIT")
                .execute(&mut *reader)
                .await
                .expect("end read");
        };
        // The pass waits for the reader, so that the next write can start the log over; a pass
        // that did not wait would leave the log growing behind the reader.
        let mut passes = Passes::new(store.pool().clone(), policy);
        let pass_then_write = async {
            let restarted = passes.pass().await.expect("pass");
            write_a_row(&store).await;
            restarted
        };
        let (restarted, ()) = tokio::join!(pass_then_write, finishing);
        assert!(!restarted.busy, "{restarted:?}");
        let log = log_pages(&store).await;
        assert!(
            (1..100).contains(&log),
            "the next write starts the log over: {log} pages (it had {})",
            restarted.log
        );
    }

    #[tokio::test]
    async fn a_restart_gives_up_on_a_reader_that_stays_and_is_tried_again_later() {
        let folder = tempfile::tempdir().expect("temp dir");
        let policy = restarting(Duration::from_millis(50), Duration::from_millis(500));
        let (store, _) = open(&folder, policy).await;
        write_8_mib(&store).await;
        // A long read (an export, say) that stays until the end of the test.
        let mut reader = a_reader(&store).await;
        let mut passes = Passes::new(store.pool().clone(), policy);
        // It gives up long before the pool's 10 s busy timeout, and says so.
        let gave_up = tokio::time::timeout(Duration::from_secs(5), passes.pass())
            .await
            .expect("the RESTART gave up within its wait")
            .expect("pass");
        assert!(gave_up.busy, "{gave_up:?}");
        // The connection it borrowed waits as long as the others again.
        let mut others = Vec::new();
        for _ in 1..8 {
            others.push(store.pool().acquire().await.expect("connection"));
        }
        for connection in &mut others {
            let (timeout,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
                .fetch_one(&mut **connection)
                .await
                .expect("busy_timeout");
            assert_eq!(timeout, 10_000);
        }
        drop(others);
        // Until the retry is due, passes stay passive (a RESTART behind the reader would say
        // busy), and the writer writes on.
        write_a_row(&store).await;
        let passive = passes.pass().await.expect("pass");
        assert!(!passive.busy, "no RESTART before the retry: {passive:?}");
        // Once the reader has left and the retry is due, the log starts over.
        sqlx::raw_sql("COMMIT")
            .execute(&mut *reader)
            .await
            .expect("end read");
        tokio::time::sleep(policy.restart_retry).await;
        let restarted = passes.pass().await.expect("pass");
        assert!(!restarted.busy, "{restarted:?}");
        write_a_row(&store).await;
        let log = log_pages(&store).await;
        assert!((1..100).contains(&log), "the log started over: {log} pages");
    }

    #[tokio::test]
    async fn only_the_writers_temporary_files_are_kept_in_memory() {
        let folder = tempfile::tempdir().expect("temp dir");
        let (store, _) = open(&folder, Policy::SERVER).await;
        async fn temp_store(pool: &SqlitePool) -> i64 {
            sqlx::query_scalar("PRAGMA temp_store")
                .fetch_one(pool)
                .await
                .expect("temp_store")
        }
        // 2 is MEMORY; 0 is the default, a file once a sort or a journal outgrows its memory.
        assert_eq!(temp_store(store.writer()).await, 2);
        assert_eq!(temp_store(store.pool()).await, 0);
    }

    /// The last month whose breakdown cells are built.
    async fn built_through(store: &SqliteStore) -> String {
        sqlx::query_scalar("SELECT through FROM month_cells_built")
            .fetch_one(store.pool())
            .await
            .expect("mark")
    }

    #[tokio::test]
    async fn a_failed_build_is_started_again_only_after_a_pause() {
        use super::super::cell_builds::Start;
        use super::super::shared::{last_month_over, month_key};
        let folder = tempfile::tempdir().expect("temp dir");
        let (mut store, _) = open(&folder, Policy::SERVER).await;
        let pause = Duration::from_millis(300);
        store.builds = Arc::new(Builds::new(pause));
        // Last month is not built yet, and building it fails (as on a full disk).
        let over = last_month_over(app::time::jakarta_today());
        let before = month_key(last_month_over(over));
        sqlx::raw_sql(&format!(
            "UPDATE month_cells_built SET through = '{before}'; \
             CREATE TRIGGER broken BEFORE UPDATE ON month_cells_built \
             BEGIN SELECT RAISE(ABORT, 'the disk is full'); END;"
        ))
        .execute(store.pool())
        .await
        .expect("break the build");
        assert_eq!(store.start_building(over), Start::Started);
        // The failed build pauses the builds: the writer's next batches start none.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut start = store.start_building(over);
        while start == Start::Running {
            assert!(
                std::time::Instant::now() < deadline,
                "the build never ended"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
            start = store.start_building(over);
        }
        assert_eq!(start, Start::Paused);
        sqlx::raw_sql("DROP TRIGGER broken")
            .execute(store.pool())
            .await
            .expect("mend the build");
        assert_eq!(store.start_building(over), Start::Paused);
        assert_eq!(built_through(&store).await, before);
        // After the pause the next batch starts it again, and it builds the month.
        tokio::time::sleep(pause).await;
        assert_eq!(store.start_building(over), Start::Started);
        while built_through(&store).await != month_key(over) {
            assert!(
                std::time::Instant::now() < deadline,
                "the month was never built"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// A unit to answer (written on the pool's connections, which checkpoint on their own: so
    /// before anything the test checks is written).
    async fn a_unit(store: &SqliteStore) -> i64 {
        use app::store::{NewRegion, NewUnit, Store};
        store
            .ensure_region(&NewRegion {
                code: "18".into(),
                name: "Lampung".into(),
                level: app::model::RegionLevel::Province,
                parent_code: None,
            })
            .await
            .expect("region");
        store
            .ensure_unit(&NewUnit {
                code: "18-unit".into(),
                name: "Unit".into(),
                kind: app::model::UnitKind::Lainnya,
                region_code: "18".into(),
                mpp_name: None,
                agency: None,
                complaint_contact: None,
                population_per_year: None,
            })
            .await
            .expect("unit");
        store.unit("18-unit").await.expect("read").expect("unit").id
    }

    /// Stores one answer through `record_responses`, as the survey's writer does.
    async fn record_one_answer(store: &SqliteStore, unit_id: i64) {
        use app::store::{NewResponse, Profile, RecordOutcome, Store};
        use ikm_domain::{Answers, Lang, Score};
        let answer = NewResponse {
            id: uuid::Uuid::new_v4(),
            unit_id,
            service_id: None,
            counter_tag: String::new(),
            mpp_id: None,
            channel: ikm_domain::submission::Channel::Qr,
            received_at: chrono::Utc::now(),
            answers: Answers::complete([Score::new(3).expect("score"); 9]),
            profile: Profile::default(),
            comment: None,
            lang: Lang::Id,
            flag: None,
            device_hash: None,
            seconds_on_form: Some(60),
            invitation: None,
            contact: None,
        };
        let outcomes = store.record_responses(&[answer]).await.expect("record");
        assert_eq!(outcomes, vec![RecordOutcome::Stored]);
    }

    #[tokio::test]
    async fn the_writers_commits_wake_the_task() {
        let folder = tempfile::tempdir().expect("temp dir");
        let policy = Policy {
            every: Duration::from_millis(10),
            idle: NEVER,
            restart_at: i64::MAX,
            ..Policy::SERVER
        };
        let (store, file) = open(&folder, policy).await;
        let unit_id = a_unit(&store).await;
        let before = size(&file);
        write_8_mib(&store).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            size(&file),
            before,
            "nothing checkpointed before the commit"
        );
        // Only a commit of the writer wakes the task here (it is never idle long enough).
        record_one_answer(&store, unit_id).await;
        wait_for_checkpoint(&file, before + EIGHT_MIB).await;
    }

    #[tokio::test]
    async fn an_idle_store_is_checkpointed_and_closing_it_ends_the_task() {
        let folder = tempfile::tempdir().expect("temp dir");
        let policy = Policy {
            every: Duration::from_millis(10),
            idle: Duration::from_millis(20),
            restart_at: i64::MAX,
            ..Policy::SERVER
        };
        let (mut store, file) = open(&folder, policy).await;
        let before = size(&file);
        write_8_mib(&store).await;
        wait_for_checkpoint(&file, before + EIGHT_MIB).await;
        app::store::Store::close(&store).await;
        let ended =
            tokio::time::timeout(Duration::from_secs(5), &mut store.local.checkpoints).await;
        assert!(matches!(ended, Ok(Ok(()))), "the task ended: {ended:?}");
    }
}
