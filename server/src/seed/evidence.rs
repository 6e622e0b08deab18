//! What the demo units did with their results, so the scorecard has leaders and laggards: most
//! published their past quarters (some in 2–5 further media, a few with a photo of the board at the
//! counter), wrote follow-up items in every state (done with evidence, in progress, planned, a few
//! past due) and answered part of their comments. A few units are deliberately behind: never
//! published, follow-up overdue, comments unanswered.
//!
//! Deterministic (each unit's choices come from a generator seeded by its code) and idempotent: a
//! unit that already has a published period or a follow-up item is left as it is.

use super::responses::seed_of;
use app::accounts::Actor;
use app::dashboard::{ActionStatus, CommentFilter, CommentStatus, CommentUpdate, NewAction};
use app::evidence::{ActionUpdate, NewMedium};
use app::store::{Store, StoreError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use ikm_domain::response_file::JAKARTA;
use ikm_domain::scorecard::MediumKind;
use ikm_domain::{Period, Unsur};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The most comments answered per unit (the demo's units have fewer; the benchmark's units, with
/// hundreds, stay quick to seed).
const MAX_REPLIES: u32 = 80;

/// How seriously a demo unit takes its SKM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Habit {
    /// Publishes every quarter soon, in several media; does its follow-up on time.
    Leader,
    /// Publishes most quarters, in a medium or two; follow-up partly done.
    Average,
    /// Never publishes; follow-up planned and left past due; comments unanswered.
    Laggard,
}

fn habit(rng: &mut ChaCha8Rng) -> Habit {
    match rng.gen_range(0..100) {
        0..=44 => Habit::Leader,
        45..=84 => Habit::Average,
        _ => Habit::Laggard,
    }
}

/// Noon in Jakarta on `day`, as stored.
fn noon(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    JAKARTA
        .from_local_datetime(&local)
        .single()
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}

const ACTIONS: [(Unsur, &str, &str); 6] = [
    (
        Unsur::Waktu,
        "Menambah satu loket pada jam sibuk pagi dan memasang nomor antrean elektronik",
        "antrean panjang pagi hari",
    ),
    (
        Unsur::Sarana,
        "Menambah kursi ruang tunggu dan memperbaiki toilet pengunjung",
        "ruang tunggu dan toilet",
    ),
    (
        Unsur::Pengaduan,
        "Membuka kanal pengaduan WhatsApp yang dibalas pada hari kerja yang sama",
        "pengaduan tidak dibalas",
    ),
    (
        Unsur::Persyaratan,
        "Memasang daftar persyaratan terbaru di papan informasi dan situs web",
        "persyaratan berubah-ubah",
    ),
    (
        Unsur::Perilaku,
        "Pelatihan pelayanan prima untuk petugas loket",
        "petugas kurang ramah",
    ),
    (
        Unsur::Prosedur,
        "Menyederhanakan alur layanan dan menampilkannya di loket",
        "",
    ),
];

const OWNERS: [&str; 4] = [
    "Kepala Bidang Pelayanan",
    "Sekretaris",
    "Kepala Subbagian Umum",
    "Koordinator Loket",
];

const REPLIES: [&str; 4] = [
    "Terima kasih atas masukannya. Kami telah menambah petugas pada jam sibuk.",
    "Masukan Bapak/Ibu sudah kami tindak lanjuti; ruang tunggu kini ditambah kursi.",
    "Mohon maaf atas ketidaknyamanannya. Persyaratan terbaru kini dipasang di loket dan situs web.",
    "Terima kasih. Pengaduan kini dapat disampaikan lewat WhatsApp dan dibalas pada hari kerja yang sama.",
];

/// The further media a unit of a given slug publishes in, in the order it adds them.
fn media_of(slug: &str, unit_name: &str) -> Vec<(MediumKind, String, Option<String>)> {
    vec![
        (
            MediumKind::Website,
            format!("Situs web {unit_name}"),
            Some(format!("https://{slug}.lampungprov.go.id/skm")),
        ),
        (
            MediumKind::SocialMedia,
            format!("Instagram @{}", slug.replace('-', "")),
            Some(format!(
                "https://www.instagram.com/{}/",
                slug.replace('-', "")
            )),
        ),
        (
            MediumKind::Board,
            "Papan informasi ruang tunggu".into(),
            None,
        ),
        (
            MediumKind::Sippn,
            "Berita SIPPN".into(),
            Some(format!("https://sippn.menpan.go.id/berita/{slug}-skm")),
        ),
        (
            MediumKind::Print,
            "Lampung Post".into(),
            Some("https://lampost.co/".into()),
        ),
    ]
}

/// A photo of a results board: a drawn banner (grade colours, lines for text), re-encoded through
/// the same check as an uploaded photo.
fn board_photo(rng: &mut ChaCha8Rng) -> Option<app::evidence::NewPhoto> {
    let mut img = image::RgbImage::from_pixel(480, 320, image::Rgb([245, 247, 249]));
    let accent = [[11, 83, 148], [46, 125, 79], [183, 121, 31]][rng.gen_range(0..3)];
    for (x, y, px) in img.enumerate_pixels_mut() {
        let band = y < 70;
        let line = (110..300).contains(&y) && (y / 12) % 3 == 0 && (40..440).contains(&x);
        let frame = !(8..=471).contains(&x) || !(8..=311).contains(&y);
        if band || frame {
            *px = image::Rgb(accent);
        } else if line {
            *px = image::Rgb([74, 85, 96]);
        }
    }
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .ok()?;
    crate::photos::reencode(&png).ok()
}

/// Adds what the units of `unit_codes` did with their results up to `as_of`; how many units got
/// something new.
pub async fn seed(
    store: &dyn Store,
    unit_codes: &[String],
    as_of: NaiveDate,
) -> Result<usize, StoreError> {
    let actor = Actor::command_line();
    let mut touched = 0;
    for code in unit_codes {
        let Some(unit) = store.unit(code).await? else {
            continue;
        };
        let year = as_of.year();
        let quarters: Vec<Period> = (1..=4)
            .filter_map(|q| Period::quarter(year, q))
            .chain(Period::quarter(year - 1, 4))
            .filter(|q| q.to < as_of)
            .collect();
        let keys: Vec<String> = quarters.iter().map(Period::key).collect();
        if !store.published_periods(unit.id).await?.is_empty()
            || !store.followup_actions(unit.id, &keys).await?.is_empty()
        {
            continue;
        }
        touched += 1;
        let mut rng = ChaCha8Rng::seed_from_u64(seed_of(code) ^ 0x5c0e_ca4d);
        let habit = habit(&mut rng);
        let slug = code.to_lowercase();
        let media = media_of(&slug, &unit.unit.name);
        let media_count = match habit {
            Habit::Leader => rng.gen_range(3..=5),
            Habit::Average => rng.gen_range(1..=2),
            Habit::Laggard => 0,
        };
        for q in &quarters {
            // When it was published: a leader within two weeks, an average unit within seven
            // weeks and sometimes not at all (the latest quarter is the one most often left).
            let latest = q.to >= as_of - Duration::days(100);
            let after = match habit {
                Habit::Leader => Some(rng.gen_range(3..15)),
                Habit::Average if latest && rng.gen_bool(0.5) => None,
                Habit::Average => Some(rng.gen_range(10..50)),
                Habit::Laggard => None,
            };
            let published_on = after
                .map(|d| q.to + Duration::days(d))
                .filter(|d| *d < as_of);
            if let Some(day) = published_on {
                store
                    .set_published(unit.id, &q.key(), true, noon(day), &actor)
                    .await?;
                for (kind, name, link) in media.iter().take(media_count) {
                    let photo = (*kind == MediumKind::Board)
                        .then(|| board_photo(&mut rng))
                        .flatten();
                    if link.is_none() && photo.is_none() {
                        continue;
                    }
                    let medium = NewMedium {
                        period: q.key(),
                        kind: *kind,
                        name: name.clone(),
                        on: day + Duration::days(rng.gen_range(0..5)).min(as_of - day),
                        link: link.clone(),
                    };
                    store
                        .add_medium(unit.id, &medium, photo.as_ref(), &actor)
                        .await?;
                }
            }
            // The follow-up plan of the quarter: one or two items from its weakest unsur.
            let start = published_on.unwrap_or(q.to + Duration::days(20));
            let items = rng.gen_range(1..=2);
            for k in 0..items {
                let (unsur, action, theme) = ACTIONS[(rng.gen_range(0..3) + k * 3) % ACTIONS.len()];
                let due = start + Duration::days(rng.gen_range(20..75));
                let new = NewAction {
                    period: q.key(),
                    unsur,
                    action: action.to_string(),
                    owner: OWNERS[rng.gen_range(0..OWNERS.len())].to_string(),
                    due,
                    theme: (!theme.is_empty()).then(|| theme.to_string()),
                };
                let id = store.add_followup_action(unit.id, &new, &actor).await?;
                let done_after = rng.gen_range(7..(due - start).num_days().max(8));
                let done_on = start + Duration::days(done_after);
                let status = match habit {
                    Habit::Leader if done_on < as_of => ActionStatus::Selesai,
                    Habit::Leader => ActionStatus::Berjalan,
                    Habit::Average if done_on < as_of && rng.gen_bool(0.6) => ActionStatus::Selesai,
                    Habit::Average => ActionStatus::Berjalan,
                    Habit::Laggard => ActionStatus::Rencana,
                };
                if status == ActionStatus::Rencana {
                    continue;
                }
                let done = status == ActionStatus::Selesai;
                let update = ActionUpdate {
                    status,
                    done_on: done.then_some(done_on),
                    note: done
                        .then(|| format!("Selesai dilaksanakan; dilaporkan oleh {}.", new.owner)),
                    link: (done && rng.gen_bool(0.5))
                        .then(|| format!("https://{slug}.lampungprov.go.id/rtl/{id}")),
                };
                store
                    .update_followup(unit.id, id, &update, None, &actor)
                    .await?;
            }
        }
        // Answers to the year's comments: most of a leader's, part of an average unit's, few of a
        // laggard's, each a few days after the comment.
        let share = match habit {
            Habit::Leader => 0.9,
            Habit::Average => 0.55,
            Habit::Laggard => 0.05,
        };
        let filter = CommentFilter {
            from: as_of - Duration::days(365),
            to: as_of,
            service: None,
            low_only: false,
            status: Some(CommentStatus::Baru),
            search: None,
            theme: None,
            flag: None,
        };
        for comment in store.comments(unit.id, &filter, MAX_REPLIES).await? {
            if !rng.gen_bool(share) {
                continue;
            }
            let Ok(received) = DateTime::parse_from_rfc3339(&comment.received_at) else {
                continue;
            };
            // Never later than now: past midnight in Jakarta, "today" has a noon still to come,
            // and a reply dated ahead would stay the newest whatever staff write next.
            let received = received.with_timezone(&Utc);
            let at = (received + Duration::days(rng.gen_range(1..12)))
                .min(noon(as_of))
                .min(Utc::now())
                .max(received);
            let update = if comment.has_low_score() || rng.gen_bool(0.5) {
                CommentUpdate {
                    status: CommentStatus::Selesai,
                    note: Some("Dibahas dalam rapat evaluasi pelayanan.".into()),
                    public_reply: Some(REPLIES[rng.gen_range(0..REPLIES.len())].to_string()),
                }
            } else {
                CommentUpdate {
                    status: CommentStatus::Selesai,
                    note: Some("Apresiasi diteruskan kepada petugas.".into()),
                    public_reply: None,
                }
            };
            store
                .update_comment(unit.id, &comment.response_id, &update, at, &actor)
                .await?;
        }
    }
    Ok(touched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn habits_give_leaders_averages_and_laggards() {
        let mut counts = [0; 3];
        for i in 0..200u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(i);
            counts[match habit(&mut rng) {
                Habit::Leader => 0,
                Habit::Average => 1,
                Habit::Laggard => 2,
            }] += 1;
        }
        assert!(counts.iter().all(|c| *c >= 15), "{counts:?}");
    }

    #[test]
    fn the_board_photo_passes_the_upload_check() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let photo = board_photo(&mut rng).expect("a photo");
        assert_eq!(photo.content_type, "image/png");
        assert!(!photo.bytes.is_empty());
    }
}
