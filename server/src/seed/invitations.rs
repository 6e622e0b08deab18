//! The demo's invitations: a few units issue a one-time link to each person served (on the queue
//! ticket, by WhatsApp) over the last quarter; about two in five are answered. The answered ones are
//! real answers of the demo's year (`responses.rs`), stored through the same writer that uses an
//! invitation up.

use app::invitation::{Invitation, DEFAULT_VALID_DAYS};
use app::model::UnitDetail;
use app::store::NewResponse;
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The demo units that invite the people they serve.
pub const INVITING: [&str; 3] = ["1871-disdukcapil", "1871-dpmptsp", "1871-mpp-imigrasi"];

/// The demo units that count the people they serve and upload the counts per day (they issue no
/// invitations): their samples are judged against those counts.
pub const COUNTING: [&str; 2] = ["1871-pkm-way-halim", "1872-disdukcapil"];

/// Days back from the demo's day that invitations and served counts cover.
const DAYS: i64 = 92;

/// For an inviting unit: an invitation for about every second answer of the last quarter (the
/// answer then comes through it) and, beside each, one or two that nobody answered. The codes come
/// from the operating system's randomness; the rest is seeded by the unit's code.
pub fn for_unit(
    unit: &UnitDetail,
    responses: &mut [NewResponse],
    as_of: NaiveDate,
) -> Vec<Invitation> {
    if !INVITING.contains(&unit.unit.code.as_str()) {
        return Vec::new();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(unit.unit.code.bytes().fold(0x1e_u64, |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    }));
    let start = as_of - Duration::days(DAYS);
    let mut out = Vec::new();
    for response in responses.iter_mut() {
        let day = response
            .received_at
            .with_timezone(&ikm_domain::response_file::JAKARTA)
            .date_naive();
        if day < start || !rng.gen_bool(0.5) {
            continue;
        }
        let issued = response.received_at - Duration::minutes(rng.gen_range(3..40));
        let answered = invitation(unit, issued);
        response.invitation = Some(answered.code.clone());
        out.push(answered);
        for _ in 0..rng.gen_range(1..=2) {
            out.push(invitation(
                unit,
                issued + Duration::minutes(rng.gen_range(1..30)),
            ));
        }
    }
    out
}

fn invitation(unit: &UnitDetail, issued: chrono::DateTime<chrono::Utc>) -> Invitation {
    crate::invitations::new_invitation(
        unit,
        None,
        String::new(),
        app::invitation::InvitationSettings {
            valid_days: DEFAULT_VALID_DAYS,
            only_invited: false,
        },
        issued,
    )
}

/// For a counting unit: the people served each working day of the last quarter, a few times as
/// many as answered that day (seeded by the unit's code).
pub fn served_days(
    unit: &UnitDetail,
    responses: &[NewResponse],
    as_of: NaiveDate,
) -> Vec<(NaiveDate, u64)> {
    use chrono::Datelike;
    if !COUNTING.contains(&unit.unit.code.as_str()) {
        return Vec::new();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(unit.unit.code.bytes().fold(0x5e_u64, |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    }));
    let mut answered: std::collections::BTreeMap<NaiveDate, u64> = Default::default();
    for r in responses {
        let day = r
            .received_at
            .with_timezone(&ikm_domain::response_file::JAKARTA)
            .date_naive();
        *answered.entry(day).or_default() += 1;
    }
    let start = as_of - Duration::days(DAYS);
    start
        .iter_days()
        .take_while(|d| *d < as_of)
        .filter(|d| d.weekday().number_from_monday() <= 5)
        .map(|d| {
            let n = answered.get(&d).copied().unwrap_or(0);
            (d, n * rng.gen_range(3..=6) + rng.gen_range(5..25))
        })
        .collect()
}
