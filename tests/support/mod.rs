//! Helpers shared by the integration and end-to-end tests: a throw-away database, the built binary,
//! free ports, and a running `ikm serve` that is stopped when dropped.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// When a response id was made, in Unix milliseconds, asserting first that it is a UUIDv7 (the
/// shape the server, the WASM queue and the service worker make).
pub fn v7_millis(id: &str) -> i64 {
    let uuid: uuid::Uuid = id.parse().expect("a UUID");
    assert_eq!(uuid.get_version_num(), 7, "{id} is a UUIDv7");
    let (seconds, nanos) = uuid.get_timestamp().expect("a timestamp").to_unix();
    i64::try_from(seconds * 1_000 + u64::from(nanos) / 1_000_000).expect("milliseconds")
}

/// The `ikm` binary cargo built for these tests.
pub fn ikm_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ikm"))
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ has a parent")
        .to_path_buf()
}

/// The engine the storage, HTTP and browser tests run on: SQLite unless `IKM_TEST_ENGINE=postgres`,
/// which needs `IKM_TEST_PG_URL` (scripts/test.sh starts a throw-away cluster and sets both).
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("IKM_TEST_ENGINE").as_deref() {
        Ok("postgres") => Some(std::env::var("IKM_TEST_PG_URL").unwrap_or_else(|_| {
            panic!("IKM_TEST_ENGINE=postgres needs IKM_TEST_PG_URL: run scripts/test.sh, which starts PostgreSQL")
        })),
        Ok("sqlite") | Err(_) => None,
        Ok(other) => panic!("IKM_TEST_ENGINE must be sqlite or postgres, not {other}"),
    }
}

/// `postgres://…/postgres` with another database name.
fn pg_database_url(admin: &str, name: &str) -> String {
    let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
    format!("{base}/{name}")
}

/// Runs one SQL statement on the PostgreSQL test cluster.
fn psql(admin: &str, sql: &str) {
    if let Err(error) = try_psql(admin, sql) {
        panic!("psql {sql}: {error}");
    }
}

/// `psql` that says why it failed instead of panicking.
fn try_psql(admin: &str, sql: &str) -> Result<(), String> {
    let out = Command::new("psql")
        .args([admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("psql does not run (Debian package postgresql-client): {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A fresh database: a file in a temporary folder deleted on drop (SQLite), or a new database on the
/// throw-away test cluster (PostgreSQL), also dropped on drop: each copy of the seeded demo takes tens
/// of megabytes, and a whole run's copies once filled a CI machine's disk.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub url: String,
    /// The cluster's admin address and the database's name, on PostgreSQL.
    postgres: Option<(String, String)>,
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            // FORCE closes what a test's pool left open. A failure is only reported: panicking in a
            // drop would abort a test that is already failing, and the cluster goes at the run's end.
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(error) = try_psql(admin, &drop) {
                eprintln!("could not drop the test database {name}: {error}");
            }
        }
    }
}

impl TempDb {
    /// Runs statements on this database, on either engine (a connection of its own).
    pub async fn execute(&self, sql: &str) {
        if self.postgres.is_none() {
            let pool = sqlx::SqlitePool::connect(&self.url).await.expect("sqlite");
            sqlx::raw_sql(sql).execute(&pool).await.expect(sql);
        } else {
            let pool = sqlx::PgPool::connect(&self.url).await.expect("postgres");
            sqlx::raw_sql(sql).execute(&pool).await.expect(sql);
        }
    }

    /// One value (a `BIGINT` or text) read from this database, on either engine.
    pub async fn value<T>(&self, sql: &str) -> T
    where
        T: Send + Unpin,
        for<'r> T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
        for<'r> T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    {
        if self.postgres.is_none() {
            let pool = sqlx::SqlitePool::connect(&self.url).await.expect("sqlite");
            sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql)
        } else {
            let pool = sqlx::PgPool::connect(&self.url).await.expect("postgres");
            sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql)
        }
    }

    pub fn new() -> TempDb {
        TempDb::from_template(None)
    }

    /// A copy of a database filled once per test run by `ikm seed-demo` (units and a year of
    /// responses), so each test starts from the same demo without paying for the seed again.
    pub fn seeded() -> TempDb {
        TempDb::from_template(Some(seeded_template()))
    }

    fn from_template(template: Option<&Template>) -> TempDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (url, postgres) = match postgres_admin_url() {
            None => {
                let file = dir.path().join("ikm.db");
                if let Some(Template::Sqlite(path)) = template {
                    std::fs::copy(path, &file).expect("copy the seeded template");
                }
                (format!("sqlite://{}", file.display()), None)
            }
            Some(admin) => {
                // CREATE DATABASE … TEMPLATE wants nobody else copying the template at that moment.
                static CREATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
                let _one_at_a_time = CREATING.lock().unwrap_or_else(|e| e.into_inner());
                let name = format!("ikm_t_{}", uuid::Uuid::new_v4().simple());
                match template {
                    Some(Template::Postgres(t)) => {
                        psql(&admin, &format!("CREATE DATABASE {name} TEMPLATE {t}"))
                    }
                    _ => psql(&admin, &format!("CREATE DATABASE {name}")),
                }
                (pg_database_url(&admin, &name), Some((admin, name)))
            }
        };
        TempDb { dir, url, postgres }
    }
}

/// Where the seeded demo of this test process lives.
pub enum Template {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Templates of earlier test runs (older than an hour) are deleted.
fn remove_stale_templates(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if old
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("ikm-template-")
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The database `ikm seed-demo` filled for this test process.
pub fn seeded_template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        if let Some(admin) = postgres_admin_url() {
            let name = format!("ikm_template_{}", std::process::id());
            psql(&admin, &format!("DROP DATABASE IF EXISTS {name}"));
            psql(&admin, &format!("CREATE DATABASE {name}"));
            let out = ikm(&pg_database_url(&admin, &name), &["seed-demo"]);
            assert!(
                out.status.success(),
                "seed-demo on PostgreSQL failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return Template::Postgres(name);
        }
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        remove_stale_templates(&root);
        let dir = root.join(format!("ikm-template-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("template folder");
        let url = format!("sqlite://{}/ikm.db", dir.display());
        let out = ikm(&url, &["seed-demo"]);
        assert!(
            out.status.success(),
            "seed-demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !dir.join("ikm.db-wal").exists()
                || std::fs::metadata(dir.join("ikm.db-wal"))
                    .map(|m| m.len())
                    .unwrap_or(0)
                    == 0,
            "seed-demo left an unfinished write-ahead log"
        );
        Template::Sqlite(dir.join("ikm.db"))
    })
}

/// Runs `ikm ARGS…` on a database with `input` on stdin (not a terminal) and returns its output.
pub fn ikm_with_input(db_url: &str, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(ikm_bin())
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ikm binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("ikm ends")
}

/// Runs `ikm ARGS…` on a database and returns its output.
pub fn ikm(db_url: &str, args: &[&str]) -> Output {
    Command::new(ikm_bin())
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("the ikm binary runs")
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The built site (CSS, JS, WASM) that `cargo leptos build` writes; the end-to-end tests need it.
pub fn site_root() -> PathBuf {
    std::env::var_os("IKM_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target").join("site"))
}

/// The release `ikm` (`cargo build --release -p ikm`, which scripts/test.sh runs first), for the
/// tests that drive a server as production runs it. Fails loudly when it is missing or older than
/// the sources, rather than testing something else.
pub fn release_ikm_bin() -> PathBuf {
    let debug = ikm_bin();
    let release = debug
        .parent()
        .and_then(Path::parent)
        .map(|target| target.join("release").join("ikm"))
        .expect("the test binary lives in <target>/debug");
    let build = "run `cargo build --release -p ikm` (scripts/test.sh does)";
    let built = std::fs::metadata(&release)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| panic!("no release build at {}: {build}", release.display()));
    let root = repo_root();
    let newest = [
        "server/src",
        "app/src",
        "domain/src",
        "migrations",
        "Cargo.lock",
    ]
    .iter()
    .filter_map(|part| newest_file(&root.join(part)))
    .max()
    .expect("the sources");
    assert!(
        built >= newest,
        "the release build at {} is older than the sources: {build}",
        release.display()
    );
    release
}

/// When the newest file at `path` (a file, or a folder searched through) was changed.
fn newest_file(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_file() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| newest_file(&entry.path()))
        .max()
}

/// `ikm serve` on a free loopback port with a seeded throw-away database.
pub struct Server {
    child: Child,
    pub base: String,
    pub db: TempDb,
    /// The binary serving (restarts use it again).
    bin: PathBuf,
}

impl Server {
    /// Starts a server on a copy of the seeded demo and waits until `/healthz` answers.
    pub fn start() -> Server {
        Server::start_binary(ikm_bin())
    }

    /// The same, served by the release build (see [`release_ikm_bin`]).
    pub fn start_release() -> Server {
        Server::start_binary(release_ikm_bin())
    }

    fn start_binary(bin: PathBuf) -> Server {
        let db = TempDb::seeded();
        let (child, base) = spawn_serve_on(&bin, free_port(), &db.url, Stdio::null(), "warn");
        Server {
            child,
            base,
            db,
            bin,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Kills the server (the network is gone, as far as a browser can tell).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Asks the server to stop (SIGTERM, as systemd or Ctrl-C does) and waits until it has.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent");
        self.child.wait().expect("the server ends")
    }

    /// Starts it again on the same address and database, and waits until it answers.
    pub fn restart(&mut self) {
        self.stop();
        let port = self
            .base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the server's port");
        let (child, base) = spawn_serve_on(&self.bin, port, &self.db.url, Stdio::null(), "warn");
        self.child = child;
        self.base = base;
    }
}

/// One more `ikm serve` on a database another server already uses (several app servers, one database).
pub struct ExtraServer {
    child: Child,
    pub base: String,
}

impl ExtraServer {
    pub fn start(db_url: &str) -> ExtraServer {
        let (child, base) = spawn_serve(db_url, Stdio::null(), "warn");
        ExtraServer { child, base }
    }

    /// A server started with these environment variables set too (the address is its own).
    pub fn start_with_env(db_url: &str, env: &[(String, String)]) -> ExtraServer {
        let (child, base) =
            spawn_serve_with(&ikm_bin(), free_port(), db_url, Stdio::null(), "warn", env);
        ExtraServer { child, base }
    }

    /// A server that logs everything (`RUST_LOG=trace` for this app and tower-http) to `log`.
    pub fn start_logged(db_url: &str, log: &std::path::Path) -> ExtraServer {
        let file = std::fs::File::create(log).expect("log file");
        let (child, base) = spawn_serve(
            db_url,
            Stdio::from(file),
            "debug,ikm=trace,app=trace,tower_http=trace",
        );
        ExtraServer { child, base }
    }
}

impl Drop for ExtraServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_serve(db_url: &str, stderr: Stdio, log: &str) -> (Child, String) {
    spawn_serve_on(&ikm_bin(), free_port(), db_url, stderr, log)
}

fn spawn_serve_on(
    bin: &Path,
    port: u16,
    db_url: &str,
    stderr: Stdio,
    log: &str,
) -> (Child, String) {
    spawn_serve_with(bin, port, db_url, stderr, log, &[])
}

fn spawn_serve_with(
    bin: &Path,
    port: u16,
    db_url: &str,
    stderr: Stdio,
    log: &str,
    env: &[(String, String)],
) -> (Child, String) {
    {
        let child = Command::new(bin)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .arg("--site-root")
            .arg(site_root())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("DATABASE_URL", db_url)
            .env("RUST_LOG", log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("ikm serve starts");
        let base = format!("http://127.0.0.1:{port}");
        wait_healthy(&base, Duration::from_secs(30));
        (child, base)
    }
}

fn wait_healthy(base: &str, limit: Duration) {
    {
        let started = Instant::now();
        let addr = base.trim_start_matches("http://").to_string();
        while started.elapsed() < limit {
            if let Ok(mut stream) = std::net::TcpStream::connect(&addr) {
                use std::io::{Read, Write};
                let _ = stream.write_all(b"GET /healthz HTTP/1.0\r\n\r\n");
                let mut reply = String::new();
                let _ = stream.read_to_string(&mut reply);
                if reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("ikm serve did not become healthy at {base} within {limit:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A unit's tallies equal its raw rows over all time, for valid and for flagged answers.
pub async fn assert_tallies_equal_rows(store: &dyn app::store::Store, unit_id: i64) {
    use app::store::Counted;
    let from = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("date");
    let to = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).expect("date");
    for counted in [Counted::Valid, Counted::Flagged] {
        let tally = store
            .unit_tally(unit_id, from, to, counted)
            .await
            .expect("tally");
        let rows = store
            .unit_tally_from_responses(unit_id, from, to, counted)
            .await
            .expect("rows");
        assert_eq!(tally, rows, "tallies equal the rows ({counted:?})");
    }
}

/// The evidence pack's sheets, in its workbook's order: a summary, then one per indicator.
pub const PACK_SHEETS: [&str; 6] = [
    "Ringkasan",
    "SKM",
    "Media",
    "RTL selesai",
    "Kecepatan RTL",
    "Pengaduan",
];

/// Asserts that `xlsx` opens as a workbook naming every sheet of [`PACK_SHEETS`]; the workbook,
/// to read on.
pub fn pack_workbook(xlsx: Vec<u8>) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
    use std::io::Read;
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("the XLSX is a ZIP");
    let mut sheets = String::new();
    book.by_name("xl/workbook.xml")
        .expect("workbook.xml")
        .read_to_string(&mut sheets)
        .expect("read");
    for sheet in PACK_SHEETS {
        assert!(
            sheets.contains(&format!("name=\"{sheet}\"")),
            "{sheet}: {sheets}"
        );
    }
    book
}

/// A valid response of `unit_id` received at `at`, every unsur answered `score` (1–4), given in
/// the MPP `mpp_id` (`None`: at the unit's own office), with a fresh time-ordered id.
pub fn response_at(
    unit_id: i64,
    at: chrono::DateTime<chrono::Utc>,
    score: u8,
    mpp_id: Option<i64>,
) -> app::store::NewResponse {
    let score = ikm_domain::Score::new(score).expect("a score of 1 to 4");
    app::store::NewResponse {
        id: uuid::Uuid::now_v7(),
        unit_id,
        service_id: None,
        counter_tag: String::new(),
        mpp_id,
        channel: ikm_domain::submission::Channel::Qr,
        received_at: at,
        answers: ikm_domain::Answers::complete([score; 9]),
        profile: app::store::Profile::default(),
        comment: None,
        lang: ikm_domain::Lang::Id,
        flag: None,
        device_hash: None,
        seconds_on_form: Some(60),
        invitation: None,
        contact: None,
    }
}
