//! Fills a database with synthetic responses, fast: units spread over the kabupaten/kota of Lampung,
//! each with three services; answers drawn around a per-unit quality; days spread evenly over the
//! months asked for; stored in batches through `Store::record_responses` (one transaction per
//! batch, multi-row inserts, each batch's tallies summed before one upsert per tally row).

use crate::BenchError;
use app::model::UnitKind;
use app::store::{NewResponse, NewUnit, Profile, Store};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use futures::future::try_join_all;
use futures::{stream, StreamExt, TryStreamExt};
use ikm_domain::profile::Gender;
use ikm_domain::submission::Channel;
use ikm_domain::{Answers, Lang, Score};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The fifteen kabupaten/kota of Lampung (Kemendagri codes).
pub const LAMPUNG: [&str; 15] = [
    "18.01", "18.02", "18.03", "18.04", "18.05", "18.06", "18.07", "18.08", "18.09", "18.10",
    "18.11", "18.12", "18.13", "18.71", "18.72",
];

/// Responses stored per transaction.
pub const BATCH: usize = 20_000;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub responses: u64,
    pub units: u32,
    /// Days back from `last_day` the responses spread over.
    pub days: u32,
    pub last_day: NaiveDate,
    pub seed: u64,
    /// Concurrent writers, each with its own share of the units (so their tally rows never meet)
    /// and of the responses: on PostgreSQL one writer keeps one server process busy and leaves
    /// the other core idle.
    pub writers: u32,
}

/// The code of the `n`-th generated unit.
pub fn unit_code(n: u32) -> String {
    format!("bench-{n:04}")
}

/// Creates Lampung's regions and the plan's units in `regions` in turn (idempotent; the regions
/// must exist) and returns the units' ids and service ids.
async fn units(
    store: &dyn Store,
    plan: &Plan,
    regions: &[&str],
) -> Result<Vec<(i64, Vec<i64>)>, BenchError> {
    ikm::seed::regions::ensure(store).await?;
    if regions.is_empty() {
        return Err(BenchError::Failed("no region to place units in".into()));
    }
    // Sixteen at a time: each is a few small transactions, and on a durable PostgreSQL each
    // commit waits for its flush (one at a time, 30 000 units took a quarter of an hour).
    stream::iter(0..plan.units)
        .map(|n| unit(store, n, regions[n as usize % regions.len()]))
        .buffered(16)
        .try_collect()
        .await
}

/// Creates the `n`-th unit in `region` with its three services (idempotent) and returns its id
/// and its services' ids.
async fn unit(store: &dyn Store, n: u32, region: &str) -> Result<(i64, Vec<i64>), BenchError> {
    let code = unit_code(n);
    let unit = NewUnit {
        code: code.clone(),
        name: format!("Unit uji beban {n:04}"),
        kind: UnitKind::Lainnya,
        region_code: region.to_string(),
        mpp_name: None,
        agency: None,
        complaint_contact: None,
        population_per_year: Some(20_000),
    };
    store.ensure_unit(&unit).await?;
    for service in ["Layanan A", "Layanan B", "Layanan C"] {
        store.ensure_service(&code, service).await?;
    }
    let detail = store
        .unit(&code)
        .await?
        .ok_or_else(|| BenchError::Failed(format!("unit {code} was not created")))?;
    Ok((detail.id, detail.services.iter().map(|s| s.id).collect()))
}

fn score(rng: &mut ChaCha8Rng, quality: f64) -> Option<Score> {
    if rng.gen_ratio(1, 50) {
        return None; // now and then an unsur left unanswered
    }
    let v = (quality + rng.gen_range(-1.0..1.0)).round().clamp(1.0, 4.0) as u8;
    Score::new(v).ok()
}

fn response(
    rng: &mut ChaCha8Rng,
    unit: &(i64, Vec<i64>),
    quality: f64,
    at: DateTime<Utc>,
) -> NewResponse {
    let mut scores = [None; 9];
    for s in scores.iter_mut() {
        *s = score(rng, quality);
    }
    if scores.iter().all(Option::is_none) {
        scores[0] = Score::new(3).ok();
    }
    let answers = Answers::new(scores).unwrap_or_else(|_| Answers::complete([Score::MAX; 9]));
    let channel = match rng.gen_range(0..10) {
        0..=5 => Channel::Qr,
        6..=7 => Channel::Kiosk,
        8 => Channel::Web,
        _ => Channel::Paper,
    };
    let profiled = rng.gen_ratio(7, 10);
    NewResponse {
        // Time-ordered, as the product's (UUIDv7 of the moment of answering): a year of random
        // ids would scatter every insert over the whole primary key.
        id: uuid::Builder::from_unix_timestamp_millis(
            u64::try_from(at.timestamp_millis()).unwrap_or_default(),
            &rng.gen(),
        )
        .into_uuid(),
        unit_id: unit.0,
        service_id: unit.1.get(rng.gen_range(0..unit.1.len().max(1))).copied(),
        counter_tag: String::new(),
        mpp_id: None,
        channel,
        received_at: at,
        answers,
        profile: Profile {
            gender: profiled.then(|| {
                if rng.gen_bool(0.5) {
                    Gender::LakiLaki
                } else {
                    Gender::Perempuan
                }
            }),
            age: profiled.then(|| rng.gen_range(17..75)),
            education: profiled.then(|| "SMA".to_string()),
            occupation: profiled.then(|| "Swasta".to_string()),
        },
        comment: rng
            .gen_ratio(1, 10)
            .then(|| "Antrean cukup lama, petugas ramah.".to_string()),
        lang: Lang::Id,
        flag: None,
        device_hash: None,
        seconds_on_form: Some(rng.gen_range(20..180)),
        invitation: None,
        contact: None,
    }
}

/// A fill's progress on standard error: at every millionth response, with the rate since
/// `started`.
pub fn every_million(started: std::time::Instant) -> impl FnMut(u64) {
    let mut told = 0;
    move |n| {
        if n / 1_000_000 > told {
            told = n / 1_000_000;
            eprintln!(
                "  +{n} ({:.0}/s)",
                n as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
}

/// Generates and stores the plan's responses, the units spread over Lampung's kabupaten/kota;
/// `progress` hears the running count after each batch. Returns the units' ids.
pub async fn fill(
    store: &dyn Store,
    plan: &Plan,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<i64>, BenchError> {
    fill_in(store, plan, &LAMPUNG, progress).await
}

/// [`fill`] with the units spread over `regions` (kabupaten/kota codes, in turn), stored by the
/// plan's writers.
pub async fn fill_in(
    store: &dyn Store,
    plan: &Plan,
    regions: &[&str],
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<i64>, BenchError> {
    let units = units(store, plan, regions).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
    let qualities: Vec<f64> = units.iter().map(|_| rng.gen_range(2.6..3.6)).collect();
    let streams = plan.writers.clamp(1, plan.units.max(1)) as usize;
    let stored = std::cell::Cell::new(0u64);
    let progress = std::cell::RefCell::new(progress);
    let writers = (0..streams).map(|w| {
        let mine: Vec<(&(i64, Vec<i64>), f64)> = units
            .iter()
            .zip(&qualities)
            .skip(w)
            .step_by(streams)
            .map(|(u, q)| (u, *q))
            .collect();
        let share = plan.responses / streams as u64
            + u64::from((w as u64) < plan.responses % streams as u64);
        let (stored, progress) = (&stored, &progress);
        async move {
            let mut rng = ChaCha8Rng::seed_from_u64(plan.seed.wrapping_add(1 + w as u64));
            write_stream(store, plan, &mine, share, &mut rng, &mut |n| {
                stored.set(stored.get() + n);
                (progress.borrow_mut())(stored.get());
            })
            .await
        }
    });
    try_join_all(writers).await?;
    Ok(units.into_iter().map(|(id, _)| id).collect())
}

/// Days of answers a writer holds before storing them unit by unit.
const WINDOW_DAYS: i64 = 30;

/// Stores a window's responses, unit by unit (and in time within each), in batches; empties it.
async fn store_window(
    store: &dyn Store,
    window: &mut Vec<NewResponse>,
    stored: &mut dyn FnMut(u64),
) -> Result<(), BenchError> {
    window.sort_by_key(|r| (r.unit_id, r.received_at));
    for batch in window.chunks(BATCH) {
        store.record_responses(batch).await?;
        stored(batch.len() as u64);
    }
    window.clear();
    Ok(())
}

/// Stores `count` responses spread evenly over the plan's days among `units` (with their
/// qualities), in batches; `stored` hears each batch's size.
async fn write_stream(
    store: &dyn Store,
    plan: &Plan,
    units: &[(&(i64, Vec<i64>), f64)],
    count: u64,
    rng: &mut ChaCha8Rng,
    stored: &mut dyn FnMut(u64),
) -> Result<(), BenchError> {
    if units.is_empty() {
        return Ok(());
    }
    let start = plan.last_day - Duration::days(i64::from(plan.days.max(1)) - 1);
    // Jakarta office hours, 08:00–15:00 (UTC+7 → 01:00–08:00 UTC).
    let first = Utc.from_utc_datetime(&start.and_hms_opt(1, 0, 0).unwrap_or_default());
    let span = i64::from(plan.days.max(1)) * 86_400;
    // Thirty days' answers are stored unit by unit, in batches: the breakdown cells of past
    // months take each answer as it is stored (about eight cell rows each), and a unit's answers
    // of the month in one batch share most of their cells, as a live server's answers are
    // counted into them when the month ends; stored in the day's order instead, 30 000 units'
    // answers met hardly another of their unit in a batch and the cells took half the fill.
    let mut window = Vec::new();
    let mut this_window = 0;
    for i in 0..count {
        let u = rng.gen_range(0..units.len());
        // Evenly over the days, at a random time of the office day.
        let day = (i as i64 * span / count.max(1) as i64) / 86_400;
        if day / WINDOW_DAYS != this_window {
            store_window(store, &mut window, stored).await?;
            this_window = day / WINDOW_DAYS;
        }
        let at = first + Duration::days(day) + Duration::seconds(rng.gen_range(0..7 * 3_600));
        window.push(response(rng, units[u].0, units[u].1, at));
    }
    store_window(store, &mut window, stored).await?;
    Ok(())
}
