//! Reporting periods: month, quarter (triwulan), semester, year, or a custom range of days.
//!
//! A period is a closed range of Asia/Jakarta calendar days (the tally day of a response). Each has
//! a stable key for links (`2026-05`, `2026-T3`, `2026-S2`, `2026`, `2026-01-05..2026-02-10`), a
//! label in both languages, the period before it (a custom range: the same number of days just
//! before), and its share of a year for the population served in it.

use crate::lang::Lang;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodKind {
    Month,
    Quarter,
    Semester,
    Year,
    Custom,
}

impl PeriodKind {
    pub const CHOICES: [PeriodKind; 4] = [
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Semester,
        PeriodKind::Year,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PeriodKind::Month => "bulan",
            PeriodKind::Quarter => "triwulan",
            PeriodKind::Semester => "semester",
            PeriodKind::Year => "tahun",
            PeriodKind::Custom => "rentang",
        }
    }

    pub fn parse(key: &str) -> Option<PeriodKind> {
        [PeriodKind::Custom]
            .into_iter()
            .chain(PeriodKind::CHOICES)
            .find(|k| k.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PeriodKind::Month, Lang::Id) => "Bulan",
            (PeriodKind::Month, Lang::En) => "Month",
            (PeriodKind::Quarter, Lang::Id) => "Triwulan",
            (PeriodKind::Quarter, Lang::En) => "Quarter",
            (PeriodKind::Semester, _) => "Semester",
            (PeriodKind::Year, Lang::Id) => "Tahun",
            (PeriodKind::Year, Lang::En) => "Year",
            (PeriodKind::Custom, Lang::Id) => "Rentang tanggal",
            (PeriodKind::Custom, Lang::En) => "Date range",
        }
    }
}

/// A closed range of days of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

/// The longest custom range accepted (ten years).
pub const MAX_CUSTOM_DAYS: i64 = 3660;

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// "5 Januari 2026" (or "5 January 2026").
pub fn long_date(day: NaiveDate, lang: Lang) -> String {
    let months = match lang {
        Lang::Id => &MONTHS_ID,
        Lang::En => &MONTHS_EN,
    };
    format!(
        "{} {} {}",
        day.day(),
        months[day.month0() as usize],
        day.year()
    )
}

fn first_of(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// The first day of the month `months` after (year, month).
fn add_months(year: i32, month: u32, months: u32) -> Option<NaiveDate> {
    let index = i64::from(year) * 12 + i64::from(month - 1) + i64::from(months);
    first_of(
        i32::try_from(index.div_euclid(12)).ok()?,
        u32::try_from(index.rem_euclid(12)).ok()? + 1,
    )
}

impl Period {
    /// The `months`-long calendar block starting at (year, first month).
    fn block(kind: PeriodKind, year: i32, first_month: u32, months: u32) -> Option<Period> {
        let from = first_of(year, first_month)?;
        let to = add_months(year, first_month, months)?.pred_opt()?;
        Some(Period { kind, from, to })
    }

    pub fn month(year: i32, month: u32) -> Option<Period> {
        (1..=12)
            .contains(&month)
            .then(|| Period::block(PeriodKind::Month, year, month, 1))?
    }

    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        (1..=4)
            .contains(&quarter)
            .then(|| Period::block(PeriodKind::Quarter, year, (quarter - 1) * 3 + 1, 3))?
    }

    pub fn semester(year: i32, half: u32) -> Option<Period> {
        (1..=2)
            .contains(&half)
            .then(|| Period::block(PeriodKind::Semester, year, (half - 1) * 6 + 1, 6))?
    }

    pub fn year(year: i32) -> Option<Period> {
        Period::block(PeriodKind::Year, year, 1, 12)
    }

    /// A custom range; `None` when it ends before it starts or is longer than ten years.
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        let days = (to - from).num_days() + 1;
        (1..=MAX_CUSTOM_DAYS).contains(&days).then_some(Period {
            kind: PeriodKind::Custom,
            from,
            to,
        })
    }

    /// The period of this kind that holds `day` (a custom kind gives the quarter).
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let (y, m) = (day.year(), day.month());
        let period = match kind {
            PeriodKind::Month => Period::month(y, m),
            PeriodKind::Quarter | PeriodKind::Custom => Period::quarter(y, (m - 1) / 3 + 1),
            PeriodKind::Semester => Period::semester(y, (m - 1) / 6 + 1),
            PeriodKind::Year => Period::year(y),
        };
        period.unwrap_or(Period {
            kind: PeriodKind::Custom,
            from: day,
            to: day,
        })
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period just before: the previous month/quarter/semester/year, or for a custom range the
    /// same number of days ending the day before it starts.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Custom => {
                let to = self.from - Duration::days(1);
                Period {
                    kind: PeriodKind::Custom,
                    from: to - Duration::days(self.days() - 1),
                    to,
                }
            }
            kind => Period::containing(kind, self.from - Duration::days(1)),
        }
    }

    /// This period and the `n - 1` before it, oldest first.
    pub fn last(&self, n: usize) -> Vec<Period> {
        let mut periods = Vec::with_capacity(n);
        let mut current = *self;
        for _ in 0..n {
            periods.push(current);
            current = current.previous();
        }
        periods.reverse();
        periods
    }

    /// The key used in links and stored with follow-up plans.
    pub fn key(&self) -> String {
        let y = self.from.year();
        match self.kind {
            PeriodKind::Month => format!("{y}-{:02}", self.from.month()),
            PeriodKind::Quarter => format!("{y}-T{}", (self.from.month() - 1) / 3 + 1),
            PeriodKind::Semester => format!("{y}-S{}", (self.from.month() - 1) / 6 + 1),
            PeriodKind::Year => format!("{y}"),
            PeriodKind::Custom => format!("{}..{}", self.from, self.to),
        }
    }

    /// Reads a key made by [`Period::key`].
    pub fn parse(key: &str) -> Option<Period> {
        let key = key.trim();
        if let Some((from, to)) = key.split_once("..") {
            return Period::custom(from.parse().ok()?, to.parse().ok()?);
        }
        let (year, rest) = match key.split_once('-') {
            Some((y, rest)) => (y.parse::<i32>().ok()?, Some(rest)),
            None => (key.parse::<i32>().ok()?, None),
        };
        if !(1900..=9999).contains(&year) {
            return None;
        }
        match rest {
            None => Period::year(year),
            Some(r) if r.starts_with('T') => Period::quarter(year, r[1..].parse().ok()?),
            Some(r) if r.starts_with('S') => Period::semester(year, r[1..].parse().ok()?),
            Some(r) if r.len() == 2 => Period::month(year, r.parse().ok()?),
            Some(_) => None,
        }
    }

    /// "Triwulan III 2026", "Mei 2026", "Semester 2 2026", "Tahun 2026", "5 Januari – 10 Februari 2026".
    pub fn label(&self, lang: Lang) -> String {
        let y = self.from.year();
        let month_name = |d: NaiveDate| match lang {
            Lang::Id => MONTHS_ID[d.month0() as usize],
            Lang::En => MONTHS_EN[d.month0() as usize],
        };
        match self.kind {
            PeriodKind::Month => format!("{} {y}", month_name(self.from)),
            PeriodKind::Quarter => {
                let q = ROMAN[((self.from.month() - 1) / 3) as usize];
                match lang {
                    Lang::Id => format!("Triwulan {q} {y}"),
                    Lang::En => format!("Quarter {q} {y}"),
                }
            }
            PeriodKind::Semester => format!("Semester {} {y}", (self.from.month() - 1) / 6 + 1),
            PeriodKind::Year => match lang {
                Lang::Id => format!("Tahun {y}"),
                Lang::En => format!("Year {y}"),
            },
            PeriodKind::Custom => {
                format!(
                    "{} – {}",
                    long_date(self.from, lang),
                    long_date(self.to, lang)
                )
            }
        }
    }

    /// A short label for chart axes: "T3 2026", "Mei 26", "S2 2026", "2026".
    pub fn short_label(&self, lang: Lang) -> String {
        let y = self.from.year();
        match self.kind {
            PeriodKind::Month => {
                let name = match lang {
                    Lang::Id => MONTHS_ID[self.from.month0() as usize],
                    Lang::En => MONTHS_EN[self.from.month0() as usize],
                };
                format!("{} {:02}", &name[..3], y % 100)
            }
            PeriodKind::Quarter => match lang {
                Lang::Id => format!("T{} {y}", (self.from.month() - 1) / 3 + 1),
                Lang::En => format!("Q{} {y}", (self.from.month() - 1) / 3 + 1),
            },
            PeriodKind::Semester => format!("S{} {y}", (self.from.month() - 1) / 6 + 1),
            PeriodKind::Year => format!("{y}"),
            PeriodKind::Custom => {
                format!("{}–{}", self.from.format("%d/%m"), self.to.format("%d/%m"))
            }
        }
    }

    /// The people a unit serves in this period, from what it serves in a year (rounded up, at
    /// least 1): the Krejcie–Morgan population of the period.
    pub fn population(&self, per_year: u64) -> u64 {
        let days = u64::try_from(self.days()).unwrap_or(0);
        (per_year * days).div_ceil(365).max(1)
    }

    /// The Krejcie–Morgan population of this period: the people counted as served in it when
    /// known (`served`, more than none), else the yearly estimate prorated; `None` when neither is.
    pub fn population_of(&self, served: Option<u64>, per_year: Option<u64>) -> Option<u64> {
        served
            .filter(|s| *s > 0)
            .or_else(|| per_year.map(|p| self.population(p)))
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counted_population_comes_before_the_yearly_estimate() {
        let q = Period::containing(
            PeriodKind::Quarter,
            NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        );
        // 90 days of 3 650 a year: 900.
        assert_eq!(q.population_of(None, Some(3650)), Some(900));
        assert_eq!(q.population_of(Some(412), Some(3650)), Some(412));
        assert_eq!(q.population_of(Some(412), None), Some(412));
        // Nobody counted is not a count: the estimate stands.
        assert_eq!(q.population_of(Some(0), Some(3650)), Some(900));
        assert_eq!(q.population_of(None, None), None);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn calendar_periods_cover_whole_months() {
        let q = Period::quarter(2026, 3).expect("q3");
        assert_eq!((q.from, q.to), (d(2026, 7, 1), d(2026, 9, 30)));
        let feb = Period::month(2024, 2).expect("feb");
        assert_eq!(feb.to, d(2024, 2, 29), "leap year");
        let s2 = Period::semester(2026, 2).expect("s2");
        assert_eq!((s2.from, s2.to), (d(2026, 7, 1), d(2026, 12, 31)));
        let y = Period::year(2026).expect("year");
        assert_eq!(y.days(), 365);
        assert!(Period::quarter(2026, 5).is_none());
        assert!(Period::month(2026, 13).is_none());
    }

    #[test]
    fn the_period_before_crosses_years() {
        let q1 = Period::quarter(2026, 1).expect("q1");
        assert_eq!(q1.previous(), Period::quarter(2025, 4).expect("q4"));
        let jan = Period::month(2026, 1).expect("jan");
        assert_eq!(jan.previous(), Period::month(2025, 12).expect("dec"));
        let custom = Period::custom(d(2026, 3, 10), d(2026, 3, 19)).expect("custom");
        let before = custom.previous();
        assert_eq!((before.from, before.to), (d(2026, 2, 28), d(2026, 3, 9)));
        assert_eq!(before.days(), custom.days());
    }

    #[test]
    fn keys_round_trip_and_bad_keys_are_refused() {
        for period in [
            Period::month(2026, 5),
            Period::quarter(2026, 3),
            Period::semester(2025, 1),
            Period::year(2024),
            Period::custom(d(2026, 1, 5), d(2026, 2, 10)),
        ] {
            let period = period.expect("period");
            assert_eq!(
                Period::parse(&period.key()),
                Some(period),
                "{}",
                period.key()
            );
        }
        for bad in [
            "",
            "2026-T5",
            "2026-13",
            "abc",
            "2026-02-30..2026-03-01",
            "2026-03-01..2026-02-01",
            "99999",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn last_periods_run_oldest_first() {
        let q = Period::quarter(2026, 2).expect("q2");
        let keys: Vec<String> = q.last(4).iter().map(Period::key).collect();
        assert_eq!(keys, ["2025-T3", "2025-T4", "2026-T1", "2026-T2"]);
    }

    #[test]
    fn labels_in_both_languages() {
        let q = Period::quarter(2026, 3).expect("q3");
        assert_eq!(q.label(Lang::Id), "Triwulan III 2026");
        assert_eq!(q.label(Lang::En), "Quarter III 2026");
        assert_eq!(
            Period::month(2026, 5).expect("may").label(Lang::Id),
            "Mei 2026"
        );
        assert_eq!(q.short_label(Lang::Id), "T3 2026");
    }

    #[test]
    fn the_population_of_a_period_is_its_share_of_the_year_rounded_up() {
        let q = Period::quarter(2026, 1).expect("q1"); // 90 days
        assert_eq!(q.population(3650), 900);
        assert_eq!(q.population(1), 1);
        assert_eq!(Period::year(2026).expect("y").population(1200), 1200);
    }

    #[test]
    fn the_containing_period_of_a_day() {
        let day = d(2026, 11, 28);
        assert_eq!(
            Period::containing(PeriodKind::Quarter, day).key(),
            "2026-T4"
        );
        assert_eq!(Period::containing(PeriodKind::Month, day).key(), "2026-11");
        assert_eq!(
            Period::containing(PeriodKind::Semester, day).key(),
            "2026-S2"
        );
        assert_eq!(Period::containing(PeriodKind::Year, day).key(), "2026");
    }
}
