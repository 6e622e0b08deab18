//! A year of synthetic responses for the demo units, stored through the same path as real ones
//! (`Store::record_responses`: response and tally in one transaction).
//!
//! Deterministic: each unit's responses come from a random generator seeded by the unit's code, and
//! their times are offsets back from an "as of" day, so a unit's figures do not depend on the day the
//! seed runs. Idempotent: response ids are derived from the same seed, so a second run stores nothing.
//!
//! The shape follows what Lampung's evaluations report: most units B, some C, a few A; Kota Bandar
//! Lampung and Kabupaten Tulang Bawang ahead; waktu, sarana and pengaduan the weakest unsur, biaya
//! (often free) the strongest; a few units short of their minimum sample; some flagged responses.

use app::model::{UnitDetail, UnitKind};
use app::store::{NewResponse, Profile, RecordOutcome, Store, StoreError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use ikm_domain::profile::{Gender, EDUCATION, OCCUPATION};
use ikm_domain::response_file::JAKARTA;
use ikm_domain::submission::{Channel, Flag};
use ikm_domain::{Answers, Lang, Score, Unsur};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use std::collections::HashMap;
use uuid::Uuid;

const POSITIVE: [&str; 10] = [
    "Pelayanan cepat dan petugasnya ramah. Terima kasih.",
    "Sudah bagus, pertahankan.",
    "Prosesnya jelas, tidak berbelit-belit.",
    "Petugas sabar menjelaskan persyaratan.",
    "Ruang tunggu bersih dan nyaman.",
    "Antrean tertib dengan nomor antrean.",
    "Tidak dipungut biaya, sesuai aturan.",
    "Pelayanan lebih baik dari tahun lalu.",
    "Mohon ditambah kursi di ruang tunggu, selebihnya baik.",
    "Informasi persyaratan di papan pengumuman sangat membantu.",
];

const NEGATIVE: [&str; 10] = [
    "Antrean terlalu lama, hampir tiga jam menunggu.",
    "Persyaratan berubah-ubah, saya harus bolak-balik.",
    "Petugas kurang ramah dan jarang di tempat.",
    "Tidak jelas ke mana harus menyampaikan keluhan.",
    "Toilet kotor dan kursi ruang tunggu kurang.",
    "Sistem sering offline sehingga harus datang lagi besok.",
    "Jam pelayanan tidak sesuai dengan yang tertulis.",
    "Parkir sempit dan tidak ada peneduh.",
    "Hasil dokumen ada yang salah ketik, harus diperbaiki lagi.",
    "Mohon ada layanan pengaduan lewat WhatsApp yang dibalas.",
];

/// The demo unit whose citizens reported an illegal levy (issue #33): its latest counted answer
/// carries the report, so the demo shows the levy alert on its dashboard and the flag in its inbox.
pub const LEVY_UNIT: &str = "1811-samsat";

/// The report: a fee asked at the counter for a service that is free of it.
const LEVY_COMMENT: &str = "Petugas loket minta uang Rp 50.000 supaya STNK cepat selesai, katanya \
     kalau tidak bayar harus datang lagi minggu depan.";

/// The demo unit whose citizens asked to be contacted (issue #33): the unit account's own, so a
/// newcomer signed in as `unit` finds the numbers in its inbox.
pub const CONTACT_UNIT: &str = "1871-disdukcapil";

/// The contacts its latest low answers consented to (the first is marked contacted by the demo).
const CONTACTS: [&str; 3] = ["+6281379120457", "rina.marlina@contoh.id", "+6285269031178"];

/// How each unsur sits relative to a unit's overall quality (regulation order).
const UNSUR_OFFSET: [f64; 9] = [0.05, 0.0, -0.25, 0.45, 0.05, 0.1, 0.15, -0.3, -0.2];

pub(super) fn seed_of(code: &str) -> u64 {
    // FNV-1a: a stable hash, unlike std's randomised one.
    code.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The unit's typical answer (1–4 scale) before per-unsur offsets.
fn quality(unit: &UnitDetail, rng: &mut ChaCha8Rng) -> f64 {
    let kind = match unit.unit.kind {
        UnitKind::Disdukcapil => 3.2,
        UnitKind::Dpmptsp => 3.3,
        UnitKind::Rsud => 3.0,
        UnitKind::Puskesmas => 3.2,
        UnitKind::Samsat => 3.35,
        UnitKind::Lainnya => 3.15,
    };
    let region = match unit.unit.region_code.as_str() {
        "18.71" | "18.05" => 0.35,
        "18.13" | "18.11" | "18.04" => -0.15,
        "32.73" => 0.25,
        "16.03" => -0.25,
        _ => 0.0,
    };
    let noise = Normal::new(0.0, 0.15).map_or(0.0, |n| n.sample(rng));
    kind + region + noise
}

/// A weekday moment between 08:00 and 15:30 Jakarta time, `days_back` days before `as_of`.
fn moment(as_of: NaiveDate, days_back: i64, rng: &mut ChaCha8Rng) -> DateTime<Utc> {
    let mut day = as_of - Duration::days(days_back);
    match day.weekday() {
        Weekday::Sat => day -= Duration::days(1),
        Weekday::Sun => day -= Duration::days(2),
        _ => {}
    }
    let minutes = rng.gen_range(8 * 60..15 * 60 + 30);
    let local = day
        .and_hms_opt(minutes / 60, minutes % 60, rng.gen_range(0..60))
        .unwrap_or_default();
    JAKARTA
        .from_local_datetime(&local)
        .single()
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

fn pick<'a>(rng: &mut ChaCha8Rng, options: &[&'a str]) -> &'a str {
    options[rng.gen_range(0..options.len())]
}

/// Where a demo unit's answers are given: the MPP it serves in and the share of its answers given
/// there (a national agency's booth: all; a regional office also open at home: about a third).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub mpp_id: i64,
    pub share: f64,
}

/// The synthetic responses of one unit over the 365 days up to `as_of`, given at `place` in its
/// share (the rest at the unit's own office).
pub fn for_unit(unit: &UnitDetail, as_of: NaiveDate, place: Option<Place>) -> Vec<NewResponse> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed_of(&unit.unit.code));
    // Its own generator, so the answers stay what they were before places existed.
    let mut where_rng = ChaCha8Rng::seed_from_u64(seed_of(&unit.unit.code) ^ 0x006d_7070);
    let q = quality(unit, &mut rng);
    // Most units collect enough for a year (the Krejcie–Morgan minimum is at most 384); about one
    // in seven falls short.
    let count = if rng.gen_bool(0.15) {
        rng.gen_range(60..250)
    } else {
        rng.gen_range(390..560)
    };
    let spread = Normal::<f64>::new(0.0, 0.55).ok();
    let age = Normal::<f64>::new(38.0, 12.0).ok();
    let reading = Normal::<f64>::new(75.0, 25.0).ok();
    let mut responses = Vec::with_capacity(count);
    for _ in 0..count {
        let id = Uuid::from_bytes(rng.gen::<[u8; 16]>());
        let id = uuid::Builder::from_random_bytes(*id.as_bytes()).into_uuid();
        let mut scores = [Score::MIN; 9];
        for unsur in Unsur::ALL {
            let noise = spread.map_or(0.0, |n| n.sample(&mut rng));
            let value = (q + UNSUR_OFFSET[unsur.index()] + noise)
                .round()
                .clamp(1.0, 4.0) as u8;
            scores[unsur.index()] = Score::new(value).unwrap_or(Score::MIN);
        }
        let answers = Answers::complete(scores);
        let mean = scores.iter().map(|s| f64::from(s.value())).sum::<f64>() / 9.0;
        let channel = match rng.gen_range(0..100) {
            0..=74 => Channel::Qr,
            75..=89 => Channel::Kiosk,
            _ => Channel::Web,
        };
        let counter_tag = match channel {
            Channel::Kiosk => "kiosk-1".to_string(),
            _ if rng.gen_bool(0.5) => format!("loket-{}", rng.gen_range(1..=3)),
            _ => String::new(),
        };
        let profile = if rng.gen_bool(0.7) {
            Profile {
                gender: Some(if rng.gen_bool(0.5) {
                    Gender::LakiLaki
                } else {
                    Gender::Perempuan
                }),
                age: age.map(|a| a.sample(&mut rng).round().clamp(17.0, 80.0) as u8),
                education: Some(pick(&mut rng, &EDUCATION[..5]).to_string()),
                occupation: Some(pick(&mut rng, &OCCUPATION).to_string()),
            }
        } else {
            Profile::default()
        };
        let comment = rng.gen_bool(0.12).then(|| {
            let pool = if mean < 2.8 { &NEGATIVE } else { &POSITIVE };
            pick(&mut rng, pool).to_string()
        });
        let flag = match rng.gen_range(0..1000) {
            0..=9 => Some(Flag::TooFast),
            10..=12 => Some(Flag::RateLimit),
            13..=14 => Some(Flag::Honeypot),
            _ => None,
        };
        let seconds = if flag == Some(Flag::TooFast) {
            rng.gen_range(2..8)
        } else {
            reading
                .map_or(60.0, |r| r.sample(&mut rng))
                .clamp(12.0, 900.0) as u32
        };
        let service_id = (!unit.services.is_empty())
            .then(|| unit.services[rng.gen_range(0..unit.services.len())].id);
        responses.push(NewResponse {
            id,
            unit_id: unit.id,
            service_id,
            counter_tag,
            mpp_id: place
                .filter(|p| where_rng.gen_bool(p.share.clamp(0.0, 1.0)))
                .map(|p| p.mpp_id),
            channel,
            received_at: moment(as_of, rng.gen_range(0..365), &mut rng),
            answers,
            profile,
            comment,
            lang: if rng.gen_bool(0.95) {
                Lang::Id
            } else {
                Lang::En
            },
            flag,
            device_hash: None,
            seconds_on_form: Some(seconds),
            invitation: None,
            contact: None,
        });
    }
    if unit.unit.code == LEVY_UNIT {
        if let Some(latest) = responses
            .iter_mut()
            .filter(|r| r.flag.is_none())
            .max_by_key(|r| r.received_at)
        {
            latest.comment = Some(LEVY_COMMENT.to_string());
        }
    }
    if unit.unit.code == CONTACT_UNIT {
        add_contacts(&mut responses);
    }
    responses
}

/// Gives the unit's latest counted answers with a low score and a comment the demo's consented
/// contacts, oldest first (the answers themselves unchanged).
fn add_contacts(responses: &mut [NewResponse]) {
    let mut low: Vec<&mut NewResponse> = responses
        .iter_mut()
        .filter(|r| {
            r.flag.is_none()
                && r.comment.is_some()
                && r.answers
                    .as_array()
                    .iter()
                    .flatten()
                    .any(|s| s.value() <= 2)
        })
        .collect();
    low.sort_by_key(|r| std::cmp::Reverse(r.received_at));
    let mut latest: Vec<&mut NewResponse> = low.into_iter().take(CONTACTS.len()).collect();
    latest.reverse();
    for (r, contact) in latest.into_iter().zip(CONTACTS) {
        let Ok(contact) = ikm_domain::contact::parse_contact(contact) else {
            continue;
        };
        r.contact = Some(app::store::ContactConsent {
            contact,
            statement: app::i18n::texts(r.lang).contact_consent.to_string(),
        });
    }
}

/// The demo's first consented contact, marked contacted by the unit's staff.
async fn mark_first_contacted(
    store: &dyn Store,
    unit_id: i64,
    responses: &[NewResponse],
) -> Result<(), StoreError> {
    let Some(first) = responses
        .iter()
        .filter(|r| r.contact.is_some())
        .min_by_key(|r| r.received_at)
    else {
        return Ok(());
    };
    let staff = app::accounts::Actor {
        user_id: None,
        name: "Petugas Disdukcapil (demo)".into(),
        address: String::new(),
    };
    let at = first.received_at + chrono::Duration::hours(3);
    let at = at.min(chrono::Utc::now());
    store
        .mark_contacted(unit_id, &first.id.to_string(), at, &staff)
        .await
}

/// Each MPP tenant's place, by unit code (a unit in two MPPs: the first).
async fn places(store: &dyn Store) -> Result<HashMap<String, Place>, StoreError> {
    let mut places = HashMap::new();
    for mpp in store.mpps().await? {
        let Some(detail) = store.mpp(&mpp.code).await? else {
            continue;
        };
        for tenant in detail.serving() {
            let share = if tenant.agency.is_some() { 1.0 } else { 0.35 };
            places.entry(tenant.code.clone()).or_insert(Place {
                mpp_id: mpp.id,
                share,
            });
        }
    }
    Ok(places)
}

/// Stores every demo unit's responses; returns how many were new.
pub async fn seed(
    store: &dyn Store,
    unit_codes: &[String],
    as_of: NaiveDate,
) -> Result<usize, StoreError> {
    let places = places(store).await?;
    let mut stored = 0;
    for code in unit_codes {
        let Some(unit) = store.unit(code).await? else {
            continue;
        };
        let mut responses = for_unit(&unit, as_of, places.get(code).copied());
        // Each unit's year is stored in one transaction: when its first response is there, all are.
        match responses.first() {
            Some(first) if store.response(first.id).await?.is_none() => {}
            _ => continue,
        }
        let invitations = super::invitations::for_unit(&unit, &mut responses, as_of);
        if !invitations.is_empty() {
            store.issue_invitations(&invitations, "demo").await?;
        }
        let served = super::invitations::served_days(&unit, &responses, as_of);
        if !served.is_empty() {
            let demo = app::accounts::Actor {
                user_id: None,
                name: "demo".into(),
                address: String::new(),
            };
            store
                .set_served_counts(unit.id, code, &served, &demo)
                .await?;
        }
        let outcomes = store.record_responses(&responses).await?;
        mark_first_contacted(store, unit.id, &responses).await?;
        stored += outcomes
            .iter()
            .filter(|o| **o == RecordOutcome::Stored)
            .count();
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{Service, UnitSummary};

    fn unit(code: &str, region: &str) -> UnitDetail {
        UnitDetail {
            id: 1,
            unit: UnitSummary {
                code: code.into(),
                name: "Unit".into(),
                kind: UnitKind::Disdukcapil,
                region_code: region.into(),
                mpp_name: None,
            },
            region_name: "Kota".into(),
            active: true,
            complaint_contact: None,
            kiosk_profile: false,
            only_invited: false,
            services: vec![Service {
                id: 9,
                name: "KTP-el".into(),
            }],
        }
    }

    #[test]
    fn the_levy_unit_latest_counted_answer_reports_a_levy_the_reader_flags() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        let levy = for_unit(&unit(LEVY_UNIT, "18.11"), day, None);
        let reports: Vec<&NewResponse> = levy
            .iter()
            .filter(|r| r.comment.as_deref() == Some(LEVY_COMMENT))
            .collect();
        assert_eq!(reports.len(), 1);
        let latest = levy
            .iter()
            .filter(|r| r.flag.is_none())
            .map(|r| r.received_at)
            .max();
        assert_eq!(Some(reports[0].received_at), latest);
        assert!(reports[0].flag.is_none());
        let reading = ikm_domain::themes::read(LEVY_COMMENT);
        assert!(reading.has(ikm_domain::themes::CommentFlag::Pungli));
        let other = for_unit(&unit("1871-disdukcapil", "18.71"), day, None);
        assert!(other
            .iter()
            .all(|r| r.comment.as_deref() != Some(LEVY_COMMENT)));
    }

    #[test]
    fn the_contact_unit_latest_low_answers_carry_consented_contacts() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        let answers = for_unit(&unit(CONTACT_UNIT, "18.71"), day, None);
        let with: Vec<&NewResponse> = answers.iter().filter(|r| r.contact.is_some()).collect();
        assert_eq!(with.len(), CONTACTS.len());
        for r in &with {
            assert!(r.flag.is_none() && r.comment.is_some());
            assert!(r
                .answers
                .as_array()
                .iter()
                .flatten()
                .any(|s| s.value() <= 2));
            assert!(!r.contact.as_ref().is_some_and(|c| c.statement.is_empty()));
        }
        let other = for_unit(&unit(LEVY_UNIT, "18.11"), day, None);
        assert!(other.iter().all(|r| r.contact.is_none()));
    }

    #[test]
    fn the_same_unit_gets_the_same_responses_whatever_the_day() {
        let place = Some(Place {
            mpp_id: 4,
            share: 0.35,
        });
        let a = for_unit(
            &unit("1871-disdukcapil", "18.71"),
            NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            place,
        );
        let b = for_unit(
            &unit("1871-disdukcapil", "18.71"),
            NaiveDate::from_ymd_opt(2027, 3, 1).expect("date"),
            place,
        );
        let none = for_unit(
            &unit("1871-disdukcapil", "18.71"),
            NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            None,
        );
        // The place never changes the answers; about a third were given in the MPP.
        assert!(a.iter().zip(&none).all(|(x, y)| x.answers == y.answers));
        assert!(a.iter().zip(&b).all(|(x, y)| x.mpp_id == y.mpp_id));
        let in_mpp = a.iter().filter(|r| r.mpp_id == Some(4)).count();
        assert!(
            (a.len() / 5..a.len() / 2).contains(&in_mpp),
            "{in_mpp} of {}",
            a.len()
        );
        assert!(none.iter().all(|r| r.mpp_id.is_none()));
        assert_eq!(a.len(), b.len());
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.id == y.id && x.answers == y.answers));
        assert!(a.iter().all(|r| r.service_id == Some(9)));
    }

    #[test]
    fn times_fall_on_weekdays_in_office_hours_within_the_year() {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        for r in for_unit(&unit("1801-rsud", "18.01"), as_of, None) {
            let local = r.received_at.with_timezone(&JAKARTA);
            assert!(!matches!(local.weekday(), Weekday::Sat | Weekday::Sun));
            assert!((8..16).contains(&chrono::Timelike::hour(&local)));
            assert!(
                local.date_naive() <= as_of && local.date_naive() > as_of - Duration::days(368)
            );
        }
    }
}
