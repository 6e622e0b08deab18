//! What the stored answers add up to, on either engine: tallies, the monthly roll-ups and the
//! breakdown cells always equal the raw responses, over any period, while months are built step by
//! step beside the writer and beside a second server's writer; and the migrations that made the
//! roll-ups keep every row.

use crate::survey::{ever, unit_id, weekday_before, UNIT};
use crate::{app, TestApp};
use app::store::Counted;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use ikm_domain::Tally;
use std::collections::BTreeMap;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tallies_equal_the_raw_responses_for_every_demo_unit_and_the_demo_looks_real() {
    let app = app().await;
    let (from, to) = ever();
    let mut flagged_total = 0;
    let mut short = 0;
    for (unit, _) in ikm::seed::demo::units() {
        let id = app
            .store
            .unit(&unit.code)
            .await
            .expect("store")
            .expect("unit")
            .id;
        for counted in [Counted::Valid, Counted::Flagged] {
            let from_tallies = app
                .store
                .unit_tally(id, from, to, counted)
                .await
                .expect("tally");
            let from_rows = app
                .store
                .unit_tally_from_responses(id, from, to, counted)
                .await
                .expect("raw");
            assert_eq!(from_tallies, from_rows, "{} {:?}", unit.code, counted);
            if counted == Counted::Flagged {
                flagged_total += from_tallies.respondents();
            } else {
                let required =
                    ikm_domain::sample::minimum_sample(unit.population_per_year.unwrap_or(0));
                if from_tallies.respondents() < required {
                    short += 1;
                }
            }
        }
    }
    assert!(flagged_total > 0, "some flagged responses");
    assert!(
        short > 0 && short < 40,
        "a few units short of their minimum: {short}"
    );
}

/// Dashboards read whole years from the yearly roll-up, other whole months from the monthly one and
/// the other days from the daily rows (`storage/shared.rs`, `split_months`, `split_years`): over
/// periods that start and end mid-month, whole months and years, one day, and for a unit and a
/// region's units, the sums equal the raw responses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monthly_roll_up_and_the_daily_rows_give_the_raw_responses_over_any_period() {
    let app = app().await;
    let today = app::time::jakarta_today();
    let day = weekday_before(today - Duration::days(9));
    let year = |y: i32| {
        (
            NaiveDate::from_ymd_opt(y, 1, 1).expect("day"),
            NaiveDate::from_ymd_opt(y, 12, 31).expect("day"),
        )
    };
    // Whole calendar years read the yearly roll-up (`split_years`), the others months and days.
    let periods = [
        (today - Duration::days(200), today - Duration::days(17)),
        (today - Duration::days(45), today),
        (day, day),
        (today - Duration::days(400), today + Duration::days(30)),
        year(today.year() - 1),
        year(today.year()),
        ever(),
    ];
    let unit = unit_id(&app).await;
    let place_of: BTreeMap<i64, String> = app
        .store
        .region_units("18")
        .await
        .expect("units")
        .into_iter()
        .map(|u| (u.id, u.region_code))
        .collect();
    let mut seen = 0;
    for (from, to) in periods {
        for counted in [Counted::Valid, Counted::Flagged] {
            let tally = app
                .store
                .unit_tally(unit, from, to, counted)
                .await
                .expect("tally");
            let raw = app
                .store
                .unit_tally_from_responses(unit, from, to, counted)
                .await
                .expect("raw");
            assert_eq!(tally, raw, "{from}..={to} {counted:?}");
            seen += tally.respondents();
        }
        let region = app
            .store
            .unit_tallies("18", from, to, Counted::Valid)
            .await
            .expect("region");
        assert!(
            !region.is_empty(),
            "Lampung's units answered in {from}..={to}"
        );
        // The same units' tallies summed per place, the region code each is placed in.
        let placed: BTreeMap<String, Tally> = app
            .store
            .placed_tallies("18", from, to, Counted::Valid)
            .await
            .expect("places")
            .into_iter()
            .collect();
        let mut expected: BTreeMap<String, Tally> = BTreeMap::new();
        for (id, tally) in &region {
            let place = place_of.get(id).expect("a unit of Lampung");
            expected.entry(place.clone()).or_default().merge(tally);
        }
        assert_eq!(placed, expected, "places in {from}..={to}");
        assert!(placed.len() > 1, "answers in several kabupaten/kota");
        for (id, tally) in region {
            let raw = app
                .store
                .unit_tally_from_responses(id, from, to, Counted::Valid)
                .await
                .expect("raw");
            assert_eq!(tally, raw, "unit {id} in {from}..={to}");
        }
    }
    assert!(seen > 0, "the periods hold answers");
}

/// The dashboard's breakdowns read whole months from the cell roll-up (`month_cells`) and the days
/// of partial months from the daily rows and the responses: over periods that start and end
/// mid-month, whole ones and one day, every dimension's cells equal the valid responses counted
/// one by one (service by name, the age by its group, "" where a profile answer is missing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_breakdowns_equal_the_raw_responses_over_any_period() {
    use app::dashboard::Dimension;
    use ikm_domain::profile::age_group;

    let app = app().await;
    let detail = app.store.unit(UNIT).await.expect("store").expect("unit");
    let names: BTreeMap<i64, String> = detail
        .services
        .iter()
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let today = app::time::jakarta_today();
    let periods = [
        (today - Duration::days(200), today - Duration::days(17)),
        (today - Duration::days(45), today),
        (
            weekday_before(today - Duration::days(9)),
            weekday_before(today - Duration::days(9)),
        ),
        (today - Duration::days(400), today + Duration::days(30)),
        ever(),
    ];
    let mut checked = 0;
    for (from, to) in periods {
        let mut raw: BTreeMap<(Dimension, String), Tally> = BTreeMap::new();
        let mut after = None;
        loop {
            let page = app
                .store
                .responses_page(detail.id, from, to, after.as_ref(), 500)
                .await
                .expect("page");
            for r in &page {
                let p = &r.profile;
                let cells = [
                    (
                        Dimension::Service,
                        r.service_id
                            .and_then(|id| names.get(&id).cloned())
                            .unwrap_or_default(),
                    ),
                    (Dimension::Counter, r.counter_tag.clone()),
                    (Dimension::Channel, r.channel.key().to_string()),
                    (
                        Dimension::Gender,
                        p.gender.map(|g| g.key().to_string()).unwrap_or_default(),
                    ),
                    (
                        Dimension::AgeGroup,
                        p.age.map(|a| age_group(a).to_string()).unwrap_or_default(),
                    ),
                    (
                        Dimension::Education,
                        p.education.clone().unwrap_or_default(),
                    ),
                    (
                        Dimension::Occupation,
                        p.occupation.clone().unwrap_or_default(),
                    ),
                ];
                for cell in cells {
                    raw.entry(cell).or_default().record(&r.answers);
                }
            }
            match page.last() {
                Some(last) if page.len() == 500 => after = Some(last.clone()),
                _ => break,
            }
        }
        let breakdowns = app
            .store
            .breakdowns(detail.id, from, to)
            .await
            .expect("breakdowns");
        assert_eq!(
            breakdowns.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
            Dimension::ALL.to_vec(),
            "every dimension, in order"
        );
        let mut read: BTreeMap<(Dimension, String), Tally> = BTreeMap::new();
        for (dimension, cells) in breakdowns {
            for (label, tally) in cells {
                assert!(
                    read.insert((dimension, label.clone()), tally).is_none(),
                    "{from}..={to}: {dimension:?} cell {label:?} listed once"
                );
            }
        }
        assert_eq!(read, raw, "{from}..={to}");
        checked += raw.len();
    }
    assert!(checked > 50, "the periods hold many cells: {checked}");
}

/// Migration 0010 copies the three roll-ups into WITHOUT ROWID tables (SQLite) and drops an index
/// the others cover (both engines). The copies, run again on the demo, keep every row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_0010_keeps_every_roll_up_row_and_drops_the_redundant_index() {
    let app = app().await;
    if app.db.url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(&app.db.url)
            .await
            .expect("sqlite");
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'responses_unit_received'",
        )
        .fetch_one(&pool)
        .await
        .expect("index");
        assert_eq!(left, 0, "responses_unit_received is dropped");
        // Run the migration's copies again on the demo's roll-ups (already in their new form):
        // every row must come through each copy unchanged.
        let migration = std::fs::read_to_string(format!(
            "{}/../migrations/sqlite/0010_keyed_rollups.sql",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("migration 0010");
        let copies = &migration[..migration
            .find("DROP INDEX responses_unit_received;")
            .expect("the index drop")];
        let tables = ["tallies", "month_tallies", "month_cells"];
        for table in tables {
            sqlx::raw_sql(&format!(
                "CREATE TABLE kept_{table} AS SELECT * FROM {table}"
            ))
            .execute(&pool)
            .await
            .expect("keep");
        }
        sqlx::raw_sql(copies).execute(&pool).await.expect("copies");
        for table in tables {
            let (rows, lost, added): (i64, i64, i64) = sqlx::query_as(&format!(
                "SELECT (SELECT COUNT(*) FROM {table}), \
                 (SELECT COUNT(*) FROM (SELECT * FROM kept_{table} EXCEPT SELECT * FROM {table})), \
                 (SELECT COUNT(*) FROM (SELECT * FROM {table} EXCEPT SELECT * FROM kept_{table}))"
            ))
            .fetch_one(&pool)
            .await
            .expect("compare");
            assert!(rows > 10, "the demo fills {table}: {rows} rows");
            assert_eq!((lost, added), (0, 0), "{table}: rows differ after the copy");
        }
    } else {
        let pool = sqlx::PgPool::connect(&app.db.url).await.expect("postgres");
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'responses_unit_received'",
        )
        .fetch_one(&pool)
        .await
        .expect("index");
        assert_eq!(left, 0, "responses_unit_received is dropped");
    }
}

/// Asserts that the kept `month_cells` are exactly what migration 0009's SQL backfill makes of the
/// responses (every month must be built), and that the demo makes many.
async fn assert_cells_equal_backfill(app: &TestApp) {
    let engine = if app.db.url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let migration = std::fs::read_to_string(format!(
        "{}/../migrations/{engine}/0009_month_cells.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("migration 0009");
    let start = migration
        .find("CREATE TEMPORARY TABLE cell_backfill")
        .expect("the backfill's start");
    let end = migration
        .find("DROP TABLE cell_backfill;")
        .expect("the backfill's end");
    let script = format!(
        "CREATE TABLE kept AS SELECT * FROM month_cells; DELETE FROM month_cells; {} \
         DROP TABLE cell_backfill;",
        &migration[start..end]
    );
    app.db.execute(&script).await;
    let rows: i64 = app.db.value("SELECT COUNT(*) FROM month_cells").await;
    let lost: i64 = app
        .db
        .value("SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM month_cells) AS a")
        .await;
    let added: i64 = app
        .db
        .value("SELECT COUNT(*) FROM (SELECT * FROM month_cells EXCEPT SELECT * FROM kept) AS b")
        .await;
    assert!(rows > 100, "the demo fills many cells: {rows}");
    assert_eq!(
        (lost, added),
        (0, 0),
        "kept cells (lost) and backfilled ones (added) differ"
    );
}

/// A month's breakdown cells are built once the month is over (migration 0011): until then the
/// writer leaves them alone and the breakdowns read the month from the responses; once built, the
/// writer adds a late answer for that month to its cells. The breakdowns count every answer either
/// way, and building a month twice changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_months_cells_are_built_once_it_closes_and_late_answers_still_count() {
    use app::dashboard::Dimension;
    let app = app().await;
    let unit = unit_id(&app).await;
    let today = app::time::jakarta_today();
    let first = today.with_day(1).expect("the month's first day");
    let month = today.format("%Y-%m").to_string();
    let built = || {
        app.db
            .value::<String>("SELECT through FROM month_cells_built")
    };
    // The month's respondents in its channel cells.
    let in_cells = format!(
        "SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) FROM month_cells \
         WHERE unit_id = {unit} AND month = '{month}' AND dimension = 'kanal'"
    );
    let cells = || app.db.value::<i64>(&in_cells);
    // Respondents of the month in the breakdowns: each counts once in the channel dimension.
    let counted = || async {
        let breakdowns = app
            .store
            .breakdowns(unit, first, today)
            .await
            .expect("breakdowns");
        breakdowns
            .iter()
            .filter(|(d, _)| *d == Dimension::Channel)
            .flat_map(|(_, cells)| cells.iter().map(|(_, t)| t.respondents()))
            .sum::<u64>()
    };
    let answer = |values| crate::dashboard::response(unit, Utc::now(), values);

    assert!(built().await < month, "the current month is open");
    assert_eq!(cells().await, 0, "no cells for the open month");
    let before = counted().await;
    let stored = app
        .store
        .record_responses(&[answer([4, 4, 3, 3, 4, 4, 3, 3, 4])])
        .await
        .expect("stored");
    assert_eq!(stored, [app::store::RecordOutcome::Stored]);
    assert_eq!(counted().await, before + 1, "read from the responses");
    assert_eq!(
        cells().await,
        0,
        "the writer leaves the open month's cells alone"
    );

    assert_eq!(app.store.close_months(today).await.expect("close"), 1);
    assert_eq!(built().await, month);
    assert_eq!(
        cells().await,
        i64::try_from(before + 1).expect("small"),
        "built from the responses"
    );
    assert_eq!(counted().await, before + 1, "now read from the cells");

    app.store
        .record_responses(&[answer([1, 2, 2, 1, 2, 2, 1, 2, 2])])
        .await
        .expect("a late answer");
    assert_eq!(
        cells().await,
        i64::try_from(before + 2).expect("small"),
        "the writer adds it to the built month"
    );
    assert_eq!(counted().await, before + 2);
    assert_eq!(
        app.store.close_months(today).await.expect("again"),
        0,
        "built once"
    );
    assert_eq!(cells().await, i64::try_from(before + 2).expect("small"));
}

/// A month is built a few units at a time, each step in a transaction of its own (migration
/// 0012). Between steps the writer adds an answer of a unit already built to its cells and leaves
/// one of a unit not built yet to the build; the breakdowns count both all along; and once every
/// month is built the cells are exactly what the SQL backfill makes of the responses. (Built here:
/// the current month, so that the writer starts no build of its own in the background.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_is_built_unit_by_unit_and_answers_between_steps_count_once() {
    use app::dashboard::Dimension;
    use app::store::CellBuild;
    let app = app().await;
    let today = app::time::jakarta_today();
    let first = today.with_day(1).expect("the month's first day");
    let month = today.format("%Y-%m").to_string();
    let built = || {
        app.db
            .value::<String>("SELECT through FROM month_cells_built")
    };
    let built_before = built().await;
    assert!(built_before < month, "the current month is open");
    // The first and the last unit by id, each with an answer this month: a step of one unit's
    // worth builds the first.
    let low: i64 = app.db.value("SELECT MIN(id) FROM units").await;
    let high: i64 = app.db.value("SELECT MAX(id) FROM units").await;
    assert_ne!(low, high, "the demo has several units");
    let answer = |unit, values| crate::dashboard::response(unit, Utc::now(), values);
    app.store
        .record_responses(&[
            answer(low, [4, 4, 4, 4, 4, 4, 4, 4, 4]),
            answer(high, [3, 3, 3, 3, 3, 3, 3, 3, 3]),
        ])
        .await
        .expect("stored");
    let in_cells = |unit: i64| {
        format!(
            "SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) FROM month_cells \
             WHERE unit_id = {unit} AND month = '{month}' AND dimension = 'kanal'"
        )
    };
    let answered = |unit: i64| {
        format!(
            "SELECT COUNT(*) FROM responses WHERE unit_id = {unit} \
             AND day >= '{month}-01' AND flag IS NULL"
        )
    };
    let counted = |unit: i64| {
        let store = app.store.clone();
        async move {
            store
                .breakdowns(unit, first, today)
                .await
                .expect("breakdowns")
                .iter()
                .filter(|(d, _)| *d == Dimension::Channel)
                .flat_map(|(_, cells)| cells.iter().map(|(_, t)| t.respondents()))
                .sum::<u64>()
        }
    };
    let low_answers: i64 = app.db.value(&answered(low)).await;
    let high_answers: i64 = app.db.value(&answered(high)).await;
    assert_eq!(counted(low).await, low_answers as u64);
    assert_eq!(counted(high).await, high_answers as u64);

    let step = app.store.build_month_cells(today, 1).await.expect("a step");
    assert_eq!(step, CellBuild::Units(1));
    assert_eq!(
        built().await,
        built_before,
        "not marked built after one unit"
    );
    assert_eq!(app.db.value::<i64>(&in_cells(low)).await, low_answers);
    assert_eq!(app.db.value::<i64>(&in_cells(high)).await, 0);

    app.store
        .record_responses(&[
            answer(low, [4, 4, 3, 3, 4, 4, 3, 3, 4]),
            answer(high, [1, 2, 2, 1, 2, 2, 1, 2, 2]),
        ])
        .await
        .expect("more answers");
    assert_eq!(
        app.db.value::<i64>(&in_cells(low)).await,
        low_answers + 1,
        "the writer adds a built unit's answer to its cells"
    );
    assert_eq!(
        app.db.value::<i64>(&in_cells(high)).await,
        0,
        "and leaves a unit not built yet to its build"
    );
    assert_eq!(counted(low).await, low_answers as u64 + 1);
    assert_eq!(counted(high).await, high_answers as u64 + 1);

    assert_eq!(app.store.close_months(today).await.expect("close"), 1);
    assert_eq!(built().await, month);
    assert_eq!(
        app.db
            .value::<i64>("SELECT COUNT(*) FROM month_cells_units")
            .await,
        0,
        "the units' list is emptied with the month's mark"
    );
    assert_eq!(app.db.value::<i64>(&in_cells(high)).await, high_answers + 1);
    assert_eq!(counted(low).await, low_answers as u64 + 1);
    assert_eq!(counted(high).await, high_answers as u64 + 1);
    assert_cells_equal_backfill(&app).await;
}

/// Sets the cells back as if last month had just ended: its mark moved back, its cells dropped.
/// Returns today (Jakarta), last month's first day and its `YYYY-MM`.
async fn reopen_last_month(app: &TestApp) -> (NaiveDate, NaiveDate, String) {
    use chrono::Months;
    let today = app::time::jakarta_today();
    let ended = today.with_day(1).expect("the month's first day") - Months::new(1);
    let ended_key = ended.format("%Y-%m").to_string();
    let before = (ended - Months::new(1)).format("%Y-%m").to_string();
    app.db
        .execute(&format!(
            "UPDATE month_cells_built SET through = '{before}'; \
             DELETE FROM month_cells WHERE month = '{ended_key}'"
        ))
        .await;
    (today, ended, ended_key)
}

/// When a month has ended, the writer's next batch starts its build in the background: the
/// month is marked built without anyone calling `close_months`, and its cells are complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_writer_starts_building_a_month_that_has_ended() {
    let app = app().await;
    let unit = unit_id(&app).await;
    let (today, _, ended_key) = reopen_last_month(&app).await;
    app.store
        .record_responses(&[crate::dashboard::response(
            unit,
            Utc::now(),
            [4, 4, 3, 3, 4, 4, 3, 3, 4],
        )])
        .await
        .expect("stored");
    let mut through = String::new();
    for _ in 0..300 {
        through = app.db.value("SELECT through FROM month_cells_built").await;
        if through == ended_key {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(through, ended_key, "the ended month is built within 30 s");
    assert_eq!(app.store.close_months(today).await.expect("close"), 1);
    assert_cells_equal_backfill(&app).await;
}

/// Two app servers on one database (a second store opened on it): one builds an ended month step
/// by step while the other stores answers of that month and of the current one, and its own
/// writer starts a build of its own too. However the steps and the batches interleave, every
/// answer ends up in the cells exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_beside_a_second_servers_writer_counts_every_answer_once() {
    use app::store::CellBuild;
    use chrono::TimeZone;
    let app = app().await;
    let other = ikm::storage::open(&app.db.url)
        .await
        .expect("a second server's store");
    let (today, ended, ended_key) = reopen_last_month(&app).await;
    let ended_last = today.with_day(1).expect("first day") - Duration::days(1);
    let mut units = Vec::new();
    for unit in app
        .store
        .active_units()
        .await
        .expect("units")
        .iter()
        .take(12)
    {
        units.push(
            app.store
                .unit(&unit.code)
                .await
                .expect("unit")
                .expect("listed")
                .id,
        );
    }
    let late =
        Utc.from_utc_datetime(&ended.and_hms_opt(3, 0, 0).expect("time")) + Duration::days(9);
    let writer = tokio::spawn(async move {
        for round in 0..30 {
            let batch: Vec<_> = units
                .iter()
                .enumerate()
                .map(|(i, unit)| {
                    let at = if (round + i) % 2 == 0 {
                        late
                    } else {
                        Utc::now()
                    };
                    crate::dashboard::response(*unit, at, [4, 3, 4, 3, 4, 3, 4, 3, 4])
                })
                .collect();
            other.record_responses(&batch).await.expect("stored");
        }
        other
    });
    while let CellBuild::Units(_) = app
        .store
        .build_month_cells(ended_last, 1)
        .await
        .expect("a step")
    {
        tokio::task::yield_now().await;
    }
    let other = writer.await.expect("the second server's writer");
    drop(other);
    assert_eq!(
        app.db
            .value::<String>("SELECT through FROM month_cells_built")
            .await,
        ended_key
    );
    app.store.close_months(today).await.expect("close");
    assert_cells_equal_backfill(&app).await;
}

/// Migration 0009 fills `month_cells` from the responses stored before it, in SQL; afterwards the
/// cells are kept in Rust: by the writer (`record_responses`) for months already built, and by
/// `close_months` when a month is over. On the demo (written by the writer, the current month then
/// built by `close_months`), the migration's backfill run again gives exactly the rows kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cell_backfill_of_migration_0009_equals_the_cells_the_writer_and_the_close_keep() {
    let app = app().await;
    let today = app::time::jakarta_today();
    let open: i64 = app.db.value("SELECT COUNT(*) FROM month_cells WHERE month > (SELECT through FROM month_cells_built)",
    )
    .await;
    assert_eq!(open, 0, "no cells of months not built yet");
    let closed = app.store.close_months(today).await.expect("close");
    assert!(closed >= 1, "the demo answers in the current month");
    assert_cells_equal_backfill(&app).await;
}

/// The yearly roll-up (`year_tallies`, migration 0030) the writer keeps equals the migration's
/// backfill from the monthly rows, run again on the demo (every row, every count). (Calendar years
/// read through it equal the raw responses: the roll-ups' test above.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yearly_roll_up_equals_its_backfill() {
    let app = app().await;
    let engine = if app.db.url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let migration = std::fs::read_to_string(format!(
        "{}/../migrations/{engine}/0030_year_tallies.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("migration 0030");
    let backfill = &migration[migration
        .find("INSERT INTO year_tallies")
        .expect("the backfill")..];
    app.db
        .execute(&format!(
            "CREATE TABLE kept AS SELECT * FROM year_tallies; DELETE FROM year_tallies; {backfill}"
        ))
        .await;
    let rows: i64 = app.db.value("SELECT COUNT(*) FROM year_tallies").await;
    let differ: i64 = app.db.value("SELECT (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM year_tallies) AS a) \
         + (SELECT COUNT(*) FROM (SELECT * FROM year_tallies EXCEPT SELECT * FROM kept) AS b)",
    )
    .await;
    assert!(
        rows > 100,
        "the demo's units answer over two years: {rows} rows"
    );
    assert_eq!(
        differ, 0,
        "the writer's yearly rows and the backfill's differ"
    );
}

/// A staff change that reads before it writes (an account's state: its id and whether it is
/// active, then the update and its audit line) is stored while the survey's writer commits
/// answers beside it. On SQLite a transaction that began by reading and then writes after another
/// connection committed is refused at once ("database is locked": its snapshot is stale, so no
/// waiting helps) unless it took the write lock when it began.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_reads_before_it_writes_is_not_refused_while_answers_are_stored() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let app = app().await;
    let unit = unit_id(&app).await;
    let answering = Arc::new(AtomicBool::new(true));
    let (store, going) = (app.store.clone(), answering.clone());
    let writer = tokio::spawn(async move {
        let mut stored = 0u32;
        while going.load(Ordering::Relaxed) {
            let answer = crate::support::response_at(unit, Utc::now(), 3, None);
            store.record_responses(&[answer]).await.expect("stored");
            stored += 1;
        }
        stored
    });
    let actor = app::accounts::Actor::command_line();
    let (username, _) = crate::accounts::UNIT;
    let mut refused = Vec::new();
    for change in 0..200 {
        if let Err(e) = app
            .store
            .set_user_active(username, change % 2 == 1, &actor)
            .await
        {
            refused.push(format!("change {change}: {e}"));
        }
        // Staff changes come one at a time, not back to back: room for the writer's commits.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    answering.store(false, Ordering::Relaxed);
    let stored = writer.await.expect("the writer");
    assert!(refused.is_empty(), "{} refused: {refused:?}", refused.len());
    assert!(stored >= 10, "answers were stored meanwhile: {stored}");
    let accounts = app.store.users().await.expect("accounts");
    let account = accounts
        .iter()
        .find(|a| a.username == username)
        .expect("the account");
    assert!(account.active, "the last change made it active again");
}
