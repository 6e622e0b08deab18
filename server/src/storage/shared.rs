//! What both storage engines share: the tally columns, the response fingerprint, row conversions.

use super::engine::Engine;
use super::sql::db_error;
use app::dashboard::Dimension;
use app::store::{NewResponse, Profile, StoreError, StoreResult};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use ikm_domain::profile::age_group;
use ikm_domain::response_file::JAKARTA;
use ikm_domain::tally::Tally;
use ikm_domain::Unsur;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// A stored RFC 3339 instant (`what` names it in the error when it is not one).
pub(crate) fn instant(stamp: &str, what: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Failed(format!("a stored {what} is not a valid time")))
}

/// `c_persyaratan_1 … c_sarana_4`, in regulation order, score 1 to 4.
pub static COUNT_COLUMNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    Unsur::ALL
        .iter()
        .flat_map(|u| (1..=4).map(move |s| format!("c_{}_{s}", u.key())))
        .collect()
});

/// `s_persyaratan … s_sarana`.
pub static SCORE_COLUMNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    Unsur::ALL
        .iter()
        .map(|u| format!("s_{}", u.key()))
        .collect()
});

/// The key of a tally row.
pub const TALLY_KEY: [&str; 6] = [
    "unit_id",
    "day",
    "service_id",
    "channel",
    "counter_tag",
    "flagged",
];

const TALLY_MOMENTS: [&str; 3] = ["respondents", "mean_sum", "mean_square_sum"];

/// How a statement of many values marks them. SQLite takes `?` (by position): it looks each `$n`
/// name up in a list, which is quadratic in a statement of thousands of values. PostgreSQL takes
/// `$n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    Question,
    Numbered,
}

/// `n` value marks from the `first` (1-based): `?, ?` or `$3, $4`.
pub fn marks(marks: Marks, first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| match marks {
            Marks::Question => "?".to_string(),
            Marks::Numbered => format!("${i}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($1, $2), ($3, $4)`: `rows` groups of `width` value marks.
fn values(rows: usize, width: usize, style: Marks) -> String {
    (0..rows)
        .map(|r| format!("({})", marks(style, r * width + 1, width)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tally rows added per statement (45 values each, under SQLite's 32 766 and PostgreSQL's 65 535).
pub const TALLIES_PER_STATEMENT: usize = 700;

/// The tables of tally rows, all kept in the same transaction: by day, service, channel and counter
/// (`tallies`), the monthly and yearly roll-ups by unit (`month_tallies`, migration 0008;
/// `year_tallies`, 0030) and the monthly roll-up of the dashboard's breakdown cells
/// (`month_cells`, migration 0009).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyTable {
    Daily,
    Monthly,
    Yearly,
    Cells,
}

/// The key of a monthly roll-up row.
pub const MONTH_KEY: [&str; 3] = ["unit_id", "month", "flagged"];

/// The key of a yearly roll-up row.
pub const YEAR_KEY: [&str; 3] = ["unit_id", "year", "flagged"];

/// The key of a breakdown cell's monthly row.
pub const CELL_KEY: [&str; 4] = ["unit_id", "month", "dimension", "cell"];

impl TallyTable {
    pub fn name(self) -> &'static str {
        match self {
            TallyTable::Daily => "tallies",
            TallyTable::Monthly => "month_tallies",
            TallyTable::Yearly => "year_tallies",
            TallyTable::Cells => "month_cells",
        }
    }

    pub fn key(self) -> &'static [&'static str] {
        match self {
            TallyTable::Daily => &TALLY_KEY,
            TallyTable::Monthly => &MONTH_KEY,
            TallyTable::Yearly => &YEAR_KEY,
            TallyTable::Cells => &CELL_KEY,
        }
    }

    /// The column that says when: the day (`YYYY-MM-DD`), the month (`YYYY-MM`) or the year
    /// (`YYYY`).
    pub fn period_column(self) -> &'static str {
        match self {
            TallyTable::Daily => "day",
            TallyTable::Monthly | TallyTable::Cells => "month",
            TallyTable::Yearly => "year",
        }
    }
}

/// The upsert that adds `rows` tallies (distinct keys) to their rows of `table`; one row's values
/// after the other in the order of the table's key, the moments and [`COUNT_COLUMNS`].
pub fn tally_upsert(table: TallyTable, rows: usize, style: Marks) -> String {
    let name = table.name();
    let columns: Vec<&str> = table
        .key()
        .iter()
        .chain(TALLY_MOMENTS.iter())
        .copied()
        .chain(COUNT_COLUMNS.iter().map(String::as_str))
        .collect();
    let updates: Vec<String> = TALLY_MOMENTS
        .iter()
        .copied()
        .chain(COUNT_COLUMNS.iter().map(String::as_str))
        .map(|c| format!("{c} = {name}.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {name} ({}) VALUES {} ON CONFLICT ({}) DO UPDATE SET {}",
        columns.join(", "),
        values(rows, columns.len(), style),
        table.key().join(", "),
        updates.join(", ")
    )
}

/// A period cut for reading tallies: the whole calendar months inside it (first and last
/// `YYYY-MM`, read from `month_tallies`) and the days outside them (at most two runs, read from
/// `tallies`). Together they cover every day of the period once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSplit {
    pub months: Option<(String, String)>,
    pub days: Vec<(NaiveDate, NaiveDate)>,
}

/// Cuts `from ..= to` into whole months and the days left over.
pub fn split_months(from: NaiveDate, to: NaiveDate) -> MonthSplit {
    let month_start = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |d: NaiveDate| {
        month_start(d)
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX)
    };
    let first = if from.day() == 1 {
        from
    } else {
        next_month(from)
    };
    // The day after the last whole month.
    let end = if to.succ_opt().is_none_or(|next| next.day() == 1) {
        to.succ_opt().unwrap_or(NaiveDate::MAX)
    } else {
        month_start(to)
    };
    if from > to || first >= end {
        let days = if from > to {
            Vec::new()
        } else {
            vec![(from, to)]
        };
        return MonthSplit { months: None, days };
    }
    let last = end.pred_opt().unwrap_or(end);
    let mut days = Vec::new();
    if from < first {
        days.push((from, first.pred_opt().unwrap_or(first)));
    }
    if last < to {
        days.push((end, to));
    }
    MonthSplit {
        months: Some((month_key(first), month_key(last))),
        days,
    }
}

/// A run of whole months (`YYYY-MM`, first and last) cut into the whole calendar years inside it
/// (first and last `YYYY`, read from `year_tallies`) and the months outside them (at most two
/// runs, read from `month_tallies`). Together they cover every month of the run once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSplit {
    pub years: Option<(String, String)>,
    pub months: Vec<(String, String)>,
}

/// Cuts the months `first ..= last` (`YYYY-MM`) into whole years and the months left over.
pub fn split_years(first: &str, last: &str) -> YearSplit {
    let parse = |month: &str| -> Option<(i32, u32)> {
        let (year, month) = month.split_once('-')?;
        Some((year.parse().ok()?, month.parse().ok()?))
    };
    let whole_months = || YearSplit {
        years: None,
        months: vec![(first.to_string(), last.to_string())],
    };
    let (Some((fy, fm)), Some((ly, lm))) = (parse(first), parse(last)) else {
        return whole_months();
    };
    let first_year = if fm == 1 { fy } else { fy + 1 };
    let last_year = if lm == 12 { ly } else { ly - 1 };
    if first > last || first_year > last_year {
        return whole_months();
    }
    let mut months = Vec::new();
    if fm != 1 {
        months.push((first.to_string(), format!("{fy:04}-12")));
    }
    if lm != 12 {
        months.push((format!("{ly:04}-01"), last.to_string()));
    }
    YearSplit {
        years: Some((format!("{first_year:04}"), format!("{last_year:04}"))),
        months,
    }
}

/// The columns of `responses`, in the order their values are bound.
pub static RESPONSE_COLUMNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "id",
        "unit_id",
        "service_id",
        "counter_tag",
        "mpp_id",
        "channel",
        "received_at",
        "day",
    ]
    .into_iter()
    .map(String::from)
    .chain(SCORE_COLUMNS.iter().cloned())
    .chain(
        [
            "gender",
            "age",
            "education",
            "occupation",
            "comment",
            "lang",
            "flag",
            "straight_line",
            "device_hash",
            "seconds_on_form",
            "fingerprint",
        ]
        .into_iter()
        .map(String::from),
    )
    .collect()
});

/// Responses inserted per statement (28 values each).
pub const RESPONSES_PER_STATEMENT: usize = 1_000;

/// The most values one statement may carry on SQLite (PostgreSQL allows 65 535).
const MAX_VALUES: usize = 32_766;
const _: () = assert!(RESPONSES_PER_STATEMENT * 28 < MAX_VALUES);
const _: () = assert!(TALLIES_PER_STATEMENT * 45 < MAX_VALUES);

/// Inserts `rows` responses, skipping ids already stored, and returns the ids it inserted.
pub fn response_insert(rows: usize, style: Marks) -> String {
    format!(
        "INSERT INTO responses ({}) VALUES {} ON CONFLICT (id) DO NOTHING RETURNING id",
        RESPONSE_COLUMNS.join(", "),
        values(rows, RESPONSE_COLUMNS.len(), style)
    )
}

/// `SUM(respondents) AS respondents, …` over tally rows.
pub static TALLY_SUMS: LazyLock<String> = LazyLock::new(|| {
    tally_column_names(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}"))
});

/// A tally's columns as stored, of the table aliased `t` (a roll-up's row read alone): the same
/// names in the same order as [`TALLY_SUMS`].
pub static TALLY_COLUMNS: LazyLock<String> =
    LazyLock::new(|| tally_column_names(|c| format!("t.{c}")));

/// A tally's 39 column names in the order [`tally_from`] reads them, each written by `select`,
/// joined by commas.
fn tally_column_names(select: impl Fn(&str) -> String) -> String {
    ["respondents", "mean_sum", "mean_square_sum"]
        .iter()
        .map(|c| c.to_string())
        .chain(COUNT_COLUMNS.iter().cloned())
        .map(|c| select(&c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 36 counts of a tally in the order of [`COUNT_COLUMNS`].
pub fn counts_in_order(tally: &Tally) -> Vec<i64> {
    Unsur::ALL
        .iter()
        .flat_map(|u| tally.counts(*u))
        .map(to_i64)
        .collect()
}

/// Rebuilds a tally from summed columns read with `get(name)`.
pub fn tally_from_sums(mut get: impl FnMut(&str) -> StoreResult<i64>) -> StoreResult<Tally> {
    tally_from(|i| match i {
        0 => get("respondents"),
        1 => get("mean_sum"),
        2 => get("mean_square_sum"),
        _ => get(&COUNT_COLUMNS[i - 3]),
    })
}

/// A tally from the columns `first ..` of `row`, in the order of [`TALLY_SUMS`] and
/// [`TALLY_COLUMNS`]. By position: a nation's 30 000 rows of 39 columns looked up by name were a
/// tenth of its page's time.
pub fn tally_at<E: Engine>(row: &E::Row, first: usize) -> StoreResult<Tally> {
    tally_from(|i| E::at(row, first + i).map_err(db_error))
}

/// A tally from its 39 numbers: `get(0..3)` respondents, mean sum, mean square sum, then
/// `get(3..39)` the counts in the order of [`COUNT_COLUMNS`].
fn tally_from(mut get: impl FnMut(usize) -> StoreResult<i64>) -> StoreResult<Tally> {
    let mut counts = [[0u64; 4]; 9];
    for i in 0..COUNT_COLUMNS.len() {
        counts[i / 4][i % 4] = to_u64(get(3 + i)?);
    }
    Tally::from_parts(counts, to_u64(get(0)?), to_u64(get(1)?), to_u64(get(2)?))
        .map_err(|e| StoreError::Failed(e.to_string()))
}

pub fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The cut of `from ..= to` for reading breakdowns: whole months built in `month_cells` (those
/// before `open_from`, the first day of the first month not built yet) and every other day,
/// the open months' included, as day runs read from `tallies` and `responses`.
pub fn split_months_before(from: NaiveDate, to: NaiveDate, open_from: NaiveDate) -> MonthSplit {
    let built_to = to.min(open_from.pred_opt().unwrap_or(open_from));
    let mut split = split_months(from, built_to);
    let open = from.max(open_from);
    if open <= to {
        match split.days.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(open) => *end = to,
            _ => split.days.push((open, to)),
        }
    }
    split
}

/// A month's key (`YYYY-MM`), as the monthly roll-ups store it.
pub fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// The first day of the month after `month` (`YYYY-MM`): where the months not built yet begin.
pub fn first_day_after(month: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .ok_or_else(|| StoreError::Failed(format!("month_cells_built holds {month:?}")))
}

/// The last day of the month before `today`'s: the latest month that is over, whose cells are due.
pub fn last_month_over(today: NaiveDate) -> NaiveDate {
    let start = today.with_day(1).unwrap_or(today);
    start.pred_opt().unwrap_or(start)
}

pub fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The Asia/Jakarta date a response belongs to (the tally's day).
pub fn jakarta_day(response: &NewResponse) -> String {
    response
        .received_at
        .with_timezone(&JAKARTA)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// `column` is the region `region` bound as `$code` or lies inside it (its code starts with the
/// prefix bound as `$prefix`, see [`region_prefix`]). Not `LIKE`: SQLite prepares a statement
/// again whenever the pattern bound to a `LIKE` is bound anew (it may change the plan), which is
/// every request.
///
/// The nation (`app::access::NATION`) holds every unit: its condition is the constant `TRUE`
/// (the two marks kept, so that every caller binds the same values), which PostgreSQL drops
/// before planning. Given the test above with the empty code, PostgreSQL guessed 1 % of the
/// units and joined 30 000 units to the roll-ups by 30 000 index probes, not one hash join.
pub fn in_region(column: &str, region: &str, code: usize, prefix: usize) -> String {
    if region == app::access::NATION {
        format!("(TRUE OR ${code} IS NULL OR ${prefix} IS NULL)")
    } else {
        format!("({column} = ${code} OR substr({column}, 1, length(${prefix})) = ${prefix})")
    }
}

/// What sums over a region's units are keyed by: each unit (its id), or each place (the region
/// code a unit is placed in: a comparison whose rows are regions needs no more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Unit,
    Place,
}

/// The prefix of the codes inside a region: `18` → `18.`; the nation's (`app::access::NATION`,
/// the empty code) is empty, the prefix of every code, so [`in_region`] covers every region.
pub fn region_prefix(code: &str) -> String {
    if code == app::access::NATION {
        String::new()
    } else {
        format!("{code}.")
    }
}

/// The breakdown cell a valid response counts in, for every dimension, as `month_cells` and the
/// raw reads key them: the service id (`"0"`: none chosen), the counter tag, the channel, then
/// [`profile_cells`].
pub fn cells_of(response: &NewResponse) -> [(Dimension, String); 7] {
    let [gender, age, education, occupation] = profile_cells(&response.profile);
    [
        (
            Dimension::Service,
            response.service_id.unwrap_or(0).to_string(),
        ),
        (Dimension::Counter, response.counter_tag.clone()),
        (Dimension::Channel, response.channel.key().to_string()),
        gender,
        age,
        education,
        occupation,
    ]
}

/// The profile's breakdown cells: the gender key, the age group, the education and occupation as
/// answered (`""` when not given).
pub fn profile_cells(p: &Profile) -> [(Dimension, String); 4] {
    [
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
    ]
}

/// UTC instants stored as fixed-width RFC 3339 text, so text order is time order.
pub fn timestamp(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A hash of everything the respondent answered: the same id with the same fingerprint is a replay,
/// with another fingerprint a conflict.
pub fn fingerprint(r: &NewResponse) -> String {
    let answers: Vec<String> = r
        .answers
        .as_array()
        .iter()
        .map(|s| s.map_or("-".to_string(), |s| s.value().to_string()))
        .collect();
    let mut canonical = serde_json::json!({
        "unit": r.unit_id,
        "service": r.service_id,
        "counter": r.counter_tag,
        "channel": r.channel.key(),
        "answers": answers,
        "gender": r.profile.gender.map(|g| g.key()),
        "age": r.profile.age,
        "education": r.profile.education,
        "occupation": r.profile.occupation,
        "comment": r.comment,
    });
    // The place only when it is an MPP, so answers stored before places existed keep their print.
    if let (Some(mpp), Some(map)) = (r.mpp_id, canonical.as_object_mut()) {
        map.insert("mpp".into(), mpp.into());
    }
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

#[cfg(test)]
mod statement_tests {
    use super::*;

    #[test]
    fn multi_row_statements_number_every_value_once() {
        let sql = tally_upsert(TallyTable::Daily, 2, Marks::Numbered);
        assert!(sql.contains("($1, $2,"));
        assert!(sql.contains(", $90)"), "two rows of 45 values");
        assert!(!sql.contains("$91"));
        let sql = tally_upsert(TallyTable::Monthly, 2, Marks::Question);
        assert!(sql.starts_with("INSERT INTO month_tallies (unit_id, month, flagged, respondents"));
        assert_eq!(sql.matches('?').count(), 2 * 42, "two rows of 42 values");
        assert!(sql.contains("ON CONFLICT (unit_id, month, flagged)"));
        assert!(sql.contains("respondents = month_tallies.respondents + excluded.respondents"));
        let sql = response_insert(3, Marks::Numbered);
        assert_eq!(RESPONSE_COLUMNS.len(), 28);
        assert!(sql.contains("$84)") && !sql.contains("$85"));
        assert!(sql.ends_with("RETURNING id"));
        let sql = response_insert(2, Marks::Question);
        assert_eq!(sql.matches('?').count(), 56);
        assert!(!sql.contains('$'));
        assert_eq!(marks(Marks::Numbered, 3, 2), "$3, $4");
    }
}

#[cfg(test)]
mod month_split_tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn whole_periods_read_only_months_and_others_add_their_edge_days() {
        let year = split_months(day(2026, 1, 1), day(2026, 12, 31));
        assert_eq!(year.months, Some(("2026-01".into(), "2026-12".into())));
        assert!(year.days.is_empty());
        let custom = split_months(day(2026, 1, 15), day(2026, 3, 10));
        assert_eq!(custom.months, Some(("2026-02".into(), "2026-02".into())));
        assert_eq!(
            custom.days,
            [
                (day(2026, 1, 15), day(2026, 1, 31)),
                (day(2026, 3, 1), day(2026, 3, 10))
            ]
        );
        let inside = split_months(day(2026, 2, 3), day(2026, 2, 27));
        assert_eq!(inside.months, None);
        assert_eq!(inside.days, [(day(2026, 2, 3), day(2026, 2, 27))]);
        assert_eq!(split_months(day(2026, 2, 3), day(2026, 2, 1)).days, []);
    }

    #[test]
    fn months_not_built_yet_are_read_as_days() {
        let open = day(2026, 11, 1);
        // A year up to the open month: its built months, then the open month as days.
        let year = split_months_before(day(2025, 12, 1), day(2026, 11, 30), open);
        assert_eq!(year.months, Some(("2025-12".into(), "2026-10".into())));
        assert_eq!(year.days, [(day(2026, 11, 1), day(2026, 11, 30))]);
        // A partial last built month's edge days and the open month join into one run.
        let edge = split_months_before(day(2026, 9, 1), day(2026, 11, 20), day(2026, 10, 1));
        assert_eq!(edge.months, Some(("2026-09".into(), "2026-09".into())));
        assert_eq!(edge.days, [(day(2026, 10, 1), day(2026, 11, 20))]);
        // All open: one run; all built: the plain split.
        let open_only = split_months_before(day(2026, 11, 1), day(2026, 12, 31), open);
        assert_eq!(open_only.months, None);
        assert_eq!(open_only.days, [(day(2026, 11, 1), day(2026, 12, 31))]);
        assert_eq!(
            split_months_before(day(2026, 1, 1), day(2026, 6, 30), open),
            split_months(day(2026, 1, 1), day(2026, 6, 30))
        );
        assert_eq!(month_key(day(2026, 3, 9)), "2026-03");
        assert_eq!(first_day_after("2026-12").ok(), Some(day(2027, 1, 1)));
        assert!(first_day_after("2026-13").is_err());
        assert_eq!(last_month_over(day(2026, 1, 15)), day(2025, 12, 31));
        assert_eq!(last_month_over(day(2026, 3, 1)), day(2026, 2, 28));
    }

    /// How many times `split` covers `d`: by a whole month or by a day run.
    fn coverage(split: &MonthSplit, d: NaiveDate) -> usize {
        let by_month = split.months.as_ref().is_some_and(|(a, b)| {
            let ym = month_key(d);
            *a <= ym && ym <= *b
        });
        let by_days = split
            .days
            .iter()
            .filter(|(a, b)| *a <= d && d <= *b)
            .count();
        usize::from(by_month) + by_days
    }

    /// Every period of a 16-month window (a leap February, a year's turn): each day is covered once,
    /// by a whole month or by a day run, and nothing outside the period is — also when the months
    /// from some point on are not built yet, and then no whole month read is an unbuilt one.
    #[test]
    fn every_day_of_any_period_is_covered_exactly_once() {
        let start = day(2027, 11, 20);
        let days: Vec<NaiveDate> = (0..480)
            .map(|i| start + chrono::Duration::days(i))
            .collect();
        let opens = [
            day(2027, 12, 1),
            day(2028, 3, 1),
            day(2028, 12, 1),
            day(2030, 1, 1),
        ];
        for (i, &from) in days.iter().enumerate().step_by(7) {
            for &to in days[i..].iter().step_by(5) {
                let plain = split_months(from, to);
                let cuts = opens
                    .iter()
                    .map(|&open| (Some(open), split_months_before(from, to, open)));
                for (open, split) in std::iter::once((None, plain)).chain(cuts) {
                    for &d in &days {
                        let expected = usize::from(from <= d && d <= to);
                        assert_eq!(
                            coverage(&split, d),
                            expected,
                            "{d} in {from}..={to}, open {open:?}: {split:?}"
                        );
                    }
                    if let (Some(open), Some((_, last))) = (open, &split.months) {
                        assert!(*last < month_key(open), "{last} is not built: {split:?}");
                    }
                    assert!(split.days.len() <= 3, "few day runs: {split:?}");
                }
            }
        }
    }

    #[test]
    fn whole_years_read_one_row_and_the_months_around_them_their_own() {
        let year = split_years("2026-01", "2026-12");
        assert_eq!(year.years, Some(("2026".into(), "2026".into())));
        assert!(year.months.is_empty());
        let across = split_years("2024-07", "2027-02");
        assert_eq!(across.years, Some(("2025".into(), "2026".into())));
        assert_eq!(
            across.months,
            [
                ("2024-07".to_string(), "2024-12".to_string()),
                ("2027-01".to_string(), "2027-02".to_string())
            ]
        );
        let quarter = split_years("2026-04", "2026-06");
        assert_eq!(quarter.years, None);
        assert_eq!(quarter.months, [("2026-04".into(), "2026-06".into())]);
        let turn = split_years("2025-12", "2026-11");
        assert_eq!(turn.years, None, "no calendar year is whole");
        assert_eq!(turn.months, [("2025-12".into(), "2026-11".into())]);
        let odd = split_years("2026", "2026-12");
        assert_eq!(odd.years, None, "a key that is no month reads months");
    }

    /// Every run of months over four years: each month is read once, by its year's row or its
    /// own, and no month outside the run is.
    #[test]
    fn every_month_of_any_run_is_covered_exactly_once() {
        let months: Vec<String> = (2025..=2028)
            .flat_map(|y| (1..=12).map(move |m| format!("{y:04}-{m:02}")))
            .collect();
        for (i, first) in months.iter().enumerate() {
            for last in &months[i..] {
                let split = split_years(first, last);
                assert!(split.months.len() <= 2, "{split:?}");
                for month in &months {
                    let by_year = split.years.as_ref().is_some_and(|(a, b)| {
                        a.as_str() <= &month[..4] && &month[..4] <= b.as_str()
                    });
                    let by_months = split
                        .months
                        .iter()
                        .filter(|(a, b)| a <= month && month <= b)
                        .count();
                    let expected = usize::from(first <= month && month <= last);
                    assert_eq!(
                        usize::from(by_year) + by_months,
                        expected,
                        "{month} in {first}..={last}: {split:?}"
                    );
                }
            }
        }
    }
}
