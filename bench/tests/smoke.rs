//! The benchmarks kept working (the test command runs them small; no time is asserted): the
//! generator's responses are all stored, spread over the units and days asked for, and every
//! unit's tallies equal its raw rows; the export benchmark's command exports them all.

use app::store::Counted;
use ikm_bench::fill::{fill, Plan};

/// The `ikm-bench` binary and the `ikm` binary beside it (cargo test --workspace builds both).
fn binaries() -> (std::path::PathBuf, std::path::PathBuf) {
    let bench = std::path::PathBuf::from(env!("CARGO_BIN_EXE_ikm-bench"));
    let ikm = bench.with_file_name("ikm");
    assert!(
        ikm.exists(),
        "the ikm binary is missing at {} (cargo test --workspace builds it)",
        ikm.display()
    );
    (bench, ikm)
}

/// Runs `ikm-bench ARGS --ikm IKM --write DOC` and returns what it printed; fails with its output
/// when the command fails (a benchmark fails on any stored answer missing or figure wrong).
fn run_bench(
    bench: &std::path::Path,
    args: &[&str],
    ikm: &std::path::Path,
    doc: &std::path::Path,
) -> String {
    let out = std::process::Command::new(bench)
        .args(args)
        .arg("--ikm")
        .arg(ikm)
        .arg("--write")
        .arg(doc)
        .output()
        .unwrap_or_else(|e| panic!("ikm-bench {}: {e}", args.join(" ")));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ikm-bench {}: {printed}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    printed
}

/// A migrated SQLite database `name` in `dir`; its URL.
fn migrated(ikm: &std::path::Path, dir: &std::path::Path, name: &str) -> String {
    let url = format!("sqlite://{}", dir.join(name).display());
    migrate(ikm, &url);
    url
}

/// Runs `ikm migrate` on the database `url`, asserting it succeeded.
fn migrate(ikm: &std::path::Path, url: &str) {
    let migrated = std::process::Command::new(ikm)
        .args(["--database-url", url, "migrate"])
        .output()
        .expect("ikm migrate");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
}

/// Each unit's valid tally over `from ..= to`, asserted equal to the one recomputed from its rows;
/// their respondents.
async fn tallies_equal_to_rows(
    store: &dyn app::store::Store,
    units: &[i64],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Vec<u64> {
    let mut respondents = Vec::new();
    for id in units {
        let tally = store
            .unit_tally(*id, from, to, Counted::Valid)
            .await
            .expect("tally");
        let raw = store
            .unit_tally_from_responses(*id, from, to, Counted::Valid)
            .await
            .expect("raw");
        assert_eq!(tally, raw, "unit {id}");
        respondents.push(tally.respondents());
    }
    respondents
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generator_stores_what_it_says_with_tallies_equal_to_the_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = ikm::storage::open(&url).await.expect("store");
    let last_day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("day");
    let plan = Plan {
        responses: 45_000,
        units: 4,
        days: 60,
        last_day,
        seed: 7,
        writers: 1,
    };
    let mut heard = Vec::new();
    let units = fill(store.as_ref(), &plan, &mut |n| heard.push(n))
        .await
        .expect("fill");
    // Sixty days: two windows of thirty days, each stored in batches of 20 000 at most.
    assert_eq!(
        heard,
        [20_000, 22_500, 42_500, 45_000],
        "progress after each batch"
    );
    assert_eq!(units.len(), 4);
    assert_eq!(store.counts().await.expect("counts").responses, 45_000);
    let from = last_day - chrono::Duration::days(59);
    let tallies = tallies_equal_to_rows(store.as_ref(), &units, from, last_day).await;
    assert!(
        tallies.iter().all(|n| *n > 5_000),
        "spread over the units: {tallies:?}"
    );
    let total: u64 = tallies.iter().sum();
    assert_eq!(total, 45_000, "every response inside the days asked for");

    // Filling again with another seed, by three writers at once, adds, never collides, and
    // keeps every unit's tally equal to its rows.
    let more = Plan {
        seed: 8,
        writers: 3,
        responses: 1_000,
        ..plan
    };
    let mut heard = Vec::new();
    let again = fill(store.as_ref(), &more, &mut |n| heard.push(n))
        .await
        .expect("fill again");
    assert_eq!(
        heard.last(),
        Some(&1_000),
        "the writers' batches counted once"
    );
    assert_eq!(store.counts().await.expect("counts").responses, 46_000);
    let total: u64 = tallies_equal_to_rows(store.as_ref(), &again, from, last_day)
        .await
        .iter()
        .sum();
    assert_eq!(total, 46_000);
}

#[test]
fn the_export_benchmark_runs_and_writes_its_section() {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "export.db");
    let doc = dir.path().join("PERFORMANCE.md");
    std::fs::write(&doc, "# Performance\n").expect("doc");
    let printed = run_bench(
        &bench,
        &["export", "--database-url", &url, "--responses", "3000"],
        &ikm,
        &doc,
    );
    assert!(printed.contains("export csv: 3000 rows"), "{printed}");
    assert!(printed.contains("export xlsx: 3000 rows"), "{printed}");
    let written = std::fs::read_to_string(&doc).expect("read");
    assert!(written.contains("<!-- bench:export -->") && written.contains("| CSV | 3000 |"));
    assert!(written.contains("| XLSX | 3000 |"));
}

#[test]
fn the_views_benchmark_serves_and_times_every_view() {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "views.db");
    let doc = dir.path().join("PERFORMANCE.md");
    run_bench(
        &bench,
        &[
            "views",
            "--database-url",
            &url,
            "--sizes",
            "2000,4000",
            "--units",
            "30",
            "--requests",
            "2",
        ],
        &ikm,
        &doc,
    );
    let written = std::fs::read_to_string(&doc).expect("read");
    for view in [
        "province comparison",
        "kabupaten/kota view",
        "unit dashboard",
    ] {
        for size in ["2000", "4000"] {
            assert!(
                written.contains(&format!("| {size} | {view} |")),
                "{written}"
            );
        }
    }
    assert!(written.contains("| 4000 |") && written.contains("MiB"));
}

#[test]
fn the_submission_benchmark_posts_with_wrk_and_finds_every_acknowledged_answer_stored() {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "submit.db");
    let doc = dir.path().join("PERFORMANCE.md");
    // The command itself fails when an acknowledged answer is missing or a tally differs.
    let printed = run_bench(
        &bench,
        &[
            "submit",
            "--database-url",
            &url,
            "--at-least",
            "2000",
            "--units",
            "12",
            "--seconds",
            "2",
            "--connections",
            "4",
            "--threads",
            "1",
        ],
        &ikm,
        &doc,
    );
    assert!(printed.contains("SQLite: trivial"), "{printed}");
    assert!(printed.contains(", 0 errors, "), "{printed}");
    let stored: u64 = printed
        .split(" stored;")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the stored count is printed");
    assert!(stored > 0, "answers were stored: {printed}");
    let written = std::fs::read_to_string(&doc).expect("read");
    assert!(
        written.contains("| SQLite | trivial handler (`/ping`) |"),
        "{written}"
    );
    assert!(
        written.contains("| SQLite | survey answer (`POST /s/…`) |"),
        "{written}"
    );
    assert!(written.contains("| SQLite | 2000 |"), "{written}");
}

#[test]
fn the_page_benchmark_weighs_the_survey_page_and_its_wasm() {
    // The site the test command builds (IKM_SITE_ROOT); Lighthouse is left to the benchmark run.
    let site = std::env::var_os("IKM_SITE_ROOT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"));
    assert!(
        site.join("pkg/ikm.wasm").exists(),
        "no built site at {} (the test command runs `cargo leptos build` first)",
        site.display()
    );
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "page.db");
    let doc = dir.path().join("PERFORMANCE.md");
    let out = std::process::Command::new(&bench)
        .args(["page", "--database-url", &url, "--ikm"])
        .arg(&ikm)
        .arg("--write")
        .arg(&doc)
        .env("IKM_SITE_ROOT", &site)
        .output()
        .expect("ikm-bench page");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&doc).expect("read");
    for row in [
        "| `/s/1871-disdukcapil` |",
        "| `/pkg/ikm.css` |",
        "| **before WASM** |",
        "| `/pkg/ikm.wasm` |",
        "| `/pkg/ikm.js` |",
        "| **WASM and JS** |",
    ] {
        assert!(written.contains(row), "{row} missing:\n{written}");
    }
    assert!(written.contains("Lighthouse was not run"), "{written}");
}

#[test]
fn the_screens_benchmark_opens_screens_and_measures_the_servers_cpu() {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "screens.db");
    let doc = dir.path().join("PERFORMANCE.md");
    run_bench(
        &bench,
        &[
            "screens",
            "--database-url",
            &url,
            "--screens",
            "5",
            "--seconds",
            "1",
        ],
        &ikm,
        &doc,
    );
    let written = std::fs::read_to_string(&doc).expect("read");
    assert!(written.contains("## Live screens at idle"), "{written}");
    assert!(written.contains("| 5 | "), "{written}");
}

#[test]
fn the_invitations_benchmark_issues_and_answers_through_invitations() {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "invitations.db");
    let doc = dir.path().join("PERFORMANCE.md");
    // The command itself fails when an acknowledged invited answer used no invitation, or an
    // issuing call failed.
    let printed = run_bench(
        &bench,
        &[
            "invitations",
            "--database-url",
            &url,
            "--at-least",
            "2000",
            "--seconds",
            "2",
            "--connections",
            "4",
            "--threads",
            "1",
            "--rounds",
            "2",
        ],
        &ikm,
        &doc,
    );
    assert!(printed.contains("SQLite: issuing"), "{printed}");
    assert!(printed.contains(", 0 errors, "), "{printed}");
    let used: u64 = printed
        .split(" used)")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the used count is printed");
    assert!(used > 0, "invitations were used: {printed}");
    let written = std::fs::read_to_string(&doc).expect("read");
    assert!(
        written.contains("| SQLite | answer through an invitation"),
        "{written}"
    );
    assert!(written.contains("| SQLite | issue 500"), "{written}");
    // Both rounds' rates, the open run first in one and last in the other.
    let rounds = written
        .split("Each round, open / invited answers per second: SQLite: ")
        .nth(1)
        .expect("the rounds' rates are written");
    assert_eq!(
        rounds
            .split(['.', ';'])
            .next()
            .map(|r| r.split(", ").count()),
        Some(2),
        "{written}"
    );
}

#[test]
fn the_pdf_benchmark_writes_and_serves_the_demo_units_yearly_report() {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "pdf.db");
    let doc = dir.path().join("PERFORMANCE.md");
    run_bench(
        &bench,
        &["pdf", "--database-url", &url, "--rounds", "1"],
        &ikm,
        &doc,
    );
    let written = std::fs::read_to_string(&doc).expect("read");
    assert!(written.contains("## The report's PDF"), "{written}");
    assert!(
        written.contains("| laid out and written (krilla, in process) | "),
        "{written}"
    );
}

#[test]
fn the_national_benchmark_imports_the_tree_and_times_the_national_views() {
    let (_, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let url = migrated(&ikm, dir.path(), "national.db");
    national_smoke(&url, "SQLite");
}

#[test]
fn the_national_benchmark_settles_and_times_the_national_views_on_postgres() {
    let (_, ikm) = binaries();
    let url = postgres_database("ikm_national_smoke");
    migrate(&ikm, &url);
    national_smoke(&url, "PostgreSQL");
}

/// `ikm-bench national` small on the database `url` (migrated, empty) of `engine`: the tree
/// imported, 600 units over every province, the database settled, each view timed, its section
/// written.
fn national_smoke(url: &str, engine: &str) {
    let (bench, ikm) = binaries();
    let dir = tempfile::tempdir().expect("dir");
    let doc = dir.path().join("PERFORMANCE.md");
    let said = run_bench(
        &bench,
        &[
            "national",
            "--database-url",
            url,
            "--units",
            "600",
            "--responses",
            "3000",
            "--requests",
            "2",
            "--seconds",
            "2",
            "--connections",
            "4",
            "--threads",
            "1",
        ],
        &ikm,
        &doc,
    );
    for view in [
        "national comparison",
        "province: Jawa Barat",
        "unit dashboard",
        "public API",
        "public results of Jawa Barat",
    ] {
        assert!(said.contains(view), "{view} timed: {said}");
    }
    assert!(said.contains("answers while the views are read"), "{said}");
    assert!(said.contains("unit dashboard meanwhile"), "{said}");
    assert!(said.contains(&format!("{engine}: settled in")), "{said}");
    let written = std::fs::read_to_string(&doc).expect("the section");
    assert!(
        written.contains("<!-- bench:national -->")
            && written.contains(&format!("| {engine} | 3000 |")),
        "{written}"
    );
    // The units lie across the whole tree: more than one province's kabupaten/kota.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let units = runtime.block_on(async {
        let store = ikm::storage::open(url).await.expect("store");
        store.region_units("").await.expect("units")
    });
    assert_eq!(units.len(), 600);
    let provinces: std::collections::HashSet<&str> = units
        .iter()
        .map(|u| app::access::province_of(&u.region_code))
        .collect();
    assert_eq!(provinces.len(), 38, "every province holds bench units");
}

/// A fresh database on the test run's PostgreSQL (`scripts/test.sh` starts it and sets
/// `IKM_TEST_PG_URL`; without it this fails, never skips).
fn postgres_database(name: &str) -> String {
    let admin = std::env::var("IKM_TEST_PG_URL")
        .expect("IKM_TEST_PG_URL: scripts/test.sh runs this test with its PostgreSQL");
    let database = format!("{name}_{}", std::process::id());
    for sql in [
        format!("DROP DATABASE IF EXISTS {database}"),
        format!("CREATE DATABASE {database}"),
    ] {
        let out = std::process::Command::new("psql")
            .args([admin.as_str(), "-q", "-c", &sql])
            .output()
            .expect("psql (Debian's postgresql-client)");
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{database}")
}

#[test]
fn the_cluster_benchmark_splits_answers_over_two_servers_on_postgres() {
    let (bench, ikm) = binaries();
    let url = postgres_database("ikm_cluster_smoke");
    migrate(&ikm, &url);
    let dir = tempfile::tempdir().expect("dir");
    let doc = dir.path().join("PERFORMANCE.md");
    let said = run_bench(
        &bench,
        &[
            "cluster",
            "--pg-url",
            &url,
            "--at-least",
            "2000",
            "--units",
            "12",
            "--seconds",
            "2",
            "--connections",
            "4",
            "--threads",
            "1",
        ],
        &ikm,
        &doc,
    );
    assert!(
        said.contains("one server:") && said.contains("two servers behind haproxy"),
        "{said}"
    );
    let written = std::fs::read_to_string(&doc).expect("the section");
    assert!(written.contains("<!-- bench:cluster -->"));
    assert!(written.contains("two `ikm serve` behind haproxy"));
    assert!(written.contains("opened a staff page on each: yes"));
}
