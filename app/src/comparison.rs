//! Comparing regions and units side by side: one row per child region (or per unit), built from the
//! units' tallies by the one engine (`ikm_domain::region` for pooled and mean-of-units,
//! `interval_95`, Krejcie–Morgan), and the tile picture of a province. Pure: no I/O.

use crate::invitation::InvitationCounts;
use ikm_domain::confidence::{interval_95, ConfidenceInterval};
use ikm_domain::region::RegionIkm;
use ikm_domain::sample::SampleAdequacy;
use ikm_domain::{Hundredths, IkmResult, Mutu, Period, Tally, Unsur};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;

/// One unit's figures for a row: its tally of the period (lent by whoever holds it: a nation's
/// 30 000 units copied were tens of MB), its yearly population (if known) and invitations.
#[derive(Debug, Clone)]
pub struct UnitFigures<'a> {
    pub now: &'a Tally,
    pub population_per_year: Option<u64>,
    /// The period's invitations and people served (none when it issued or uploaded nothing).
    pub invitations: InvitationCounts,
}

impl Default for UnitFigures<'_> {
    /// No answers in any period, no population known.
    fn default() -> Self {
        UnitFigures {
            now: &Tally::EMPTY,
            population_per_year: None,
            invitations: InvitationCounts::default(),
        }
    }
}

impl UnitFigures<'_> {
    /// The period's population: the people counted as served, else the yearly estimate.
    fn population(&self, period: &Period) -> Option<u64> {
        period.population_of(self.invitations.served, self.population_per_year)
    }
}

/// A row of the comparison: a child region or a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    /// Where the row drills down to.
    pub link: String,
    pub respondents: u64,
    /// The merged tally's result (the unit formula over every response).
    pub pooled: Option<IkmResult>,
    /// Mean of the units' converted IKMs (units with answers) and how many units.
    pub mean_of_units: Option<(Hundredths, Mutu, u64)>,
    pub interval: Option<ConfidenceInterval>,
    /// Against the summed population of the period; `None` when a unit's population is unknown.
    pub adequacy: Option<SampleAdequacy>,
    /// Units with answers and, of those with a known population, how many have enough.
    pub units_with_answers: u64,
    pub units_adequate: u64,
    pub units_with_population: u64,
    /// Pooled converted now minus before.
    pub change: Option<Hundredths>,
    /// Pooled converted per trend period, oldest first.
    pub trend: Vec<Option<Hundredths>>,
    /// The units' invitations and served counts added up.
    pub invitations: InvitationCounts,
    /// Respondents of the units whose served count is known (beside `invitations.served`).
    pub served_respondents: u64,
}

impl Row {
    /// Whether the row may be ranked: enough respondents for its (known) population.
    pub fn rankable(&self) -> bool {
        self.pooled.is_some() && self.adequacy.is_some_and(|a| a.adequate)
    }

    pub fn converted(&self) -> Option<Hundredths> {
        self.pooled.as_ref().map(|r| r.converted)
    }

    /// Respondents per person served, over the units that counted the people they served.
    pub fn respondents_per_served(&self) -> Option<Hundredths> {
        self.invitations
            .respondents_per_served(self.served_respondents)
    }
}

/// A row's past, its units' answers pooled: the period before (for the change) and each trend
/// period, oldest first. Only pooled figures of the past are shown, so a region's past is summed
/// per place, not per unit (`figures::PlaceReads`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub before: Tally,
    pub trend: Vec<Tally>,
}

impl History {
    /// Puts the period being compared where the trend holds it (`trend_periods[i] == period`),
    /// pooled from the units' own tallies of it, already read: the period is not read again
    /// per place.
    pub fn with_now<'a>(
        mut self,
        trend_periods: &[Period],
        period: Period,
        now: impl IntoIterator<Item = &'a Tally>,
    ) -> History {
        if let Some(at) = trend_periods.iter().position(|p| *p == period) {
            let mut pooled = Tally::default();
            for tally in now {
                pooled.merge(tally);
            }
            if self.trend.len() <= at {
                self.trend.resize(at + 1, Tally::default());
            }
            self.trend[at] = pooled;
        }
        self
    }
}

/// The row of a set of units (one unit for a unit row, all of a region's units for a region row)
/// and of their past, pooled.
pub fn row<'a, U: Borrow<UnitFigures<'a>>>(
    code: &str,
    name: &str,
    link: String,
    units: &[U],
    period: &Period,
    history: &History,
) -> Row {
    let units: Vec<&UnitFigures> = units.iter().map(Borrow::borrow).collect();
    let now = RegionIkm::of(units.iter().map(|u| u.now));
    let before = IkmResult::of(&history.before);
    let mut merged = Tally::default();
    for u in &units {
        merged.merge(u.now);
    }
    let with_answers: Vec<&UnitFigures> = units
        .iter()
        .copied()
        .filter(|u| !u.now.is_empty())
        .collect();
    let population: Option<u64> = units.iter().map(|u| u.population(period)).sum();
    let known: Vec<(&&UnitFigures, u64)> = with_answers
        .iter()
        .filter_map(|u| Some((u, u.population(period)?)))
        .collect();
    let adequate = known
        .iter()
        .filter(|(u, p)| SampleAdequacy::of(u.now.respondents(), *p).adequate)
        .count();
    let trend = history
        .trend
        .iter()
        .map(|t| IkmResult::of(t).map(|r| r.converted))
        .collect();
    Row {
        code: code.to_string(),
        name: name.to_string(),
        link,
        respondents: merged.respondents(),
        change: match (&now.pooled, &before) {
            (Some(a), Some(b)) => Some(Hundredths(a.converted - b.converted)),
            _ => None,
        },
        interval: interval_95(&merged, population),
        adequacy: population
            .filter(|_| !merged.is_empty())
            .map(|p| SampleAdequacy::of(merged.respondents(), p)),
        units_with_answers: with_answers.len() as u64,
        units_adequate: adequate as u64,
        units_with_population: known.len() as u64,
        mean_of_units: now.mean_of_units.map(|m| (m.converted, m.mutu, m.units)),
        pooled: now.pooled,
        trend,
        invitations: InvitationCounts::sum(units.iter().map(|u| &u.invitations)),
        served_respondents: units
            .iter()
            .filter(|u| u.invitations.served.is_some())
            .map(|u| u.now.respondents())
            .sum(),
    }
}

/// How rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    Ikm,
    MeanOfUnits,
    Respondents,
    Change,
    Name,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Ikm,
        Sort::MeanOfUnits,
        Sort::Respondents,
        Sort::Change,
        Sort::Name,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Sort::Ikm => "ikm",
            Sort::MeanOfUnits => "rerata",
            Sort::Respondents => "responden",
            Sort::Change => "perubahan",
            Sort::Name => "nama",
        }
    }

    pub fn parse(key: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or(Sort::Ikm)
    }
}

/// Rankable rows first, ordered by `sort` (best first; names A–Z), then the rows that cannot be
/// ranked yet, in the same order: too few respondents are never silently ranked.
pub fn order(rows: &mut [Row], sort: Sort) {
    let desc = |a: Option<i64>, b: Option<i64>| b.cmp(&a);
    rows.sort_by(|a, b| {
        b.rankable().cmp(&a.rankable()).then_with(|| {
            match sort {
                Sort::Ikm => desc(a.converted().map(|h| h.0), b.converted().map(|h| h.0)),
                Sort::MeanOfUnits => desc(
                    a.mean_of_units.map(|m| m.0 .0),
                    b.mean_of_units.map(|m| m.0 .0),
                ),
                Sort::Respondents => b.respondents.cmp(&a.respondents),
                Sort::Change => desc(a.change.map(|h| h.0), b.change.map(|h| h.0)),
                Sort::Name => a.name.cmp(&b.name),
            }
            .then_with(|| a.name.cmp(&b.name))
        })
    });
}

/// Units by grade (A, B, C, D) and without answers.
pub fn grade_counts<'a>(units: impl IntoIterator<Item = &'a Tally>) -> ([u64; 4], u64) {
    let mut counts = [0u64; 4];
    let mut none = 0;
    for t in units {
        match ikm_domain::ikm::converted_grade(t) {
            Some((_, mutu)) => counts[3 - mutu as usize] += 1,
            None => none += 1,
        }
    }
    (counts, none)
}

/// The weakest unsur of a pooled result, with its converted score.
pub fn weakest(result: &IkmResult) -> Option<(Unsur, Hundredths)> {
    let u = result.weakest()?;
    Some((u, result.get(u).graded?.converted))
}

/// Where a kabupaten/kota sits in the tile picture of its province, or a province in the nation's:
/// (row, column), roughly as on the map (north up, west left). Lampung's 15 and the 38 provinces
/// are placed by hand; regions of other provinces flow in code order, five to a row.
pub fn tile(code: &str, index: usize) -> (u8, u8) {
    const LAMPUNG: [(&str, u8, u8); 15] = [
        ("18.08", 0, 1), // Way Kanan
        ("18.12", 0, 2), // Tulang Bawang Barat
        ("18.05", 0, 3), // Tulang Bawang
        ("18.11", 0, 4), // Mesuji
        ("18.04", 1, 0), // Lampung Barat
        ("18.03", 1, 1), // Lampung Utara
        ("18.02", 1, 2), // Lampung Tengah
        ("18.72", 1, 3), // Kota Metro
        ("18.07", 1, 4), // Lampung Timur
        ("18.13", 2, 0), // Pesisir Barat
        ("18.06", 2, 1), // Tanggamus
        ("18.10", 2, 2), // Pringsewu
        ("18.09", 2, 3), // Pesawaran
        ("18.01", 2, 4), // Lampung Selatan
        ("18.71", 3, 3), // Kota Bandar Lampung
    ];
    // The 38 provinces, west to east on fifteen columns (the nation's picture, `/wilayah`).
    const INDONESIA: [(&str, u8, u8); 38] = [
        ("11", 0, 0),  // Aceh
        ("12", 1, 1),  // Sumatera Utara
        ("13", 2, 1),  // Sumatera Barat
        ("14", 1, 2),  // Riau
        ("15", 2, 2),  // Jambi
        ("16", 3, 3),  // Sumatera Selatan
        ("17", 3, 2),  // Bengkulu
        ("18", 4, 3),  // Lampung
        ("19", 2, 3),  // Kepulauan Bangka Belitung
        ("21", 1, 3),  // Kepulauan Riau
        ("31", 4, 5),  // DKI Jakarta
        ("32", 4, 6),  // Jawa Barat
        ("33", 4, 7),  // Jawa Tengah
        ("34", 5, 7),  // DI Yogyakarta
        ("35", 4, 8),  // Jawa Timur
        ("36", 4, 4),  // Banten
        ("51", 4, 9),  // Bali
        ("52", 4, 10), // Nusa Tenggara Barat
        ("53", 4, 11), // Nusa Tenggara Timur
        ("61", 1, 5),  // Kalimantan Barat
        ("62", 2, 6),  // Kalimantan Tengah
        ("63", 3, 6),  // Kalimantan Selatan
        ("64", 1, 7),  // Kalimantan Timur
        ("65", 0, 7),  // Kalimantan Utara
        ("71", 0, 10), // Sulawesi Utara
        ("72", 2, 8),  // Sulawesi Tengah
        ("73", 3, 8),  // Sulawesi Selatan
        ("74", 3, 9),  // Sulawesi Tenggara
        ("75", 1, 9),  // Gorontalo
        ("76", 2, 7),  // Sulawesi Barat
        ("81", 2, 11), // Maluku
        ("82", 0, 11), // Maluku Utara
        ("91", 2, 14), // Papua
        ("92", 1, 13), // Papua Barat
        ("93", 4, 14), // Papua Selatan
        ("94", 2, 13), // Papua Tengah
        ("95", 3, 14), // Papua Pegunungan
        ("96", 1, 12), // Papua Barat Daya
    ];
    // Any other: in reading order (a province's kabupaten/kota from the top, a province missing
    // from the picture below it).
    let (table, columns, first_row): (&[(&str, u8, u8)], usize, usize) = if code.contains('.') {
        (&LAMPUNG, 5, 0)
    } else {
        (&INDONESIA, 15, 6)
    };
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, r, c)| (*r, *c))
        .unwrap_or(((first_row + index / columns) as u8, (index % columns) as u8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ikm_domain::{Answers, Score};

    fn all(value: u8, times: usize) -> Tally {
        let a = Answers::complete([Score::new(value).expect("1..=4"); 9]);
        Tally::of(std::iter::repeat_n(&a, times))
    }

    /// A tally kept for the test's length (a row's figures lend theirs).
    fn held(t: Tally) -> &'static Tally {
        Box::leak(Box::new(t))
    }

    fn unit(now: Tally, population: Option<u64>) -> UnitFigures<'static> {
        UnitFigures {
            now: held(now),
            population_per_year: population,
            invitations: InvitationCounts::default(),
        }
    }

    #[test]
    fn a_counted_population_and_the_invitations_add_up_in_a_row() {
        let q = Period::quarter(2026, 3).expect("q3");
        // Counted: 40 served (36 needed), 36 answered; estimated: 3 650 a year (92 days: 920,
        // 272 needed), 10 answered.
        let mut counted = unit(all(4, 36), Some(36_500));
        counted.invitations = InvitationCounts {
            issued: 20,
            answered: 5,
            invited_answers: 5,
            served: Some(40),
            uploaded_days: 10,
        };
        let estimated = unit(all(3, 10), Some(3_650));
        let row = row(
            "18.71",
            "Kota",
            String::new(),
            &[counted.clone(), estimated],
            &q,
            &History::default(),
        );
        assert_eq!(row.adequacy.map(|a| a.population), Some(40 + 920));
        assert_eq!((row.units_adequate, row.units_with_population), (1, 2));
        assert_eq!(row.invitations.response_rate(), Some(Hundredths(2_500)));
        // 36 respondents of the 40 counted (the other unit counted nobody): 90,00 %.
        assert_eq!(row.respondents_per_served(), Some(Hundredths(9_000)));
        let alone = super::row("u", "U", String::new(), &[counted], &q, &History::default());
        assert_eq!(
            alone.adequacy.map(|a| (a.population, a.required)),
            Some((40, 36))
        );
    }

    #[test]
    fn a_region_row_is_the_engine_over_its_units() {
        let q = Period::quarter(2026, 3).expect("q3");
        let units = [
            unit(all(4, 30), Some(400)),
            unit(all(2, 10), Some(400)),
            unit(Tally::default(), Some(40)),
        ];
        // The past pooled as a region's places give it: thirty answers of 3 before, and the
        // trend's last period the same as now.
        let mut now = Tally::default();
        for u in &units {
            now.merge(u.now);
        }
        let history = History {
            before: all(3, 30),
            trend: vec![all(3, 30), now],
        };
        let r = row(
            "18.71",
            "Kota",
            "/wilayah/18.71".into(),
            &units,
            &q,
            &history,
        );
        let region = RegionIkm::of(units.iter().map(|u| u.now));
        assert_eq!(r.pooled, region.pooled);
        let mean = region.mean_of_units.expect("mean");
        assert_eq!(r.mean_of_units, Some((mean.converted, mean.mutu, 2)));
        assert_eq!(r.respondents, 40);
        assert_eq!(r.units_with_answers, 2);
        // 92 days of 400 a year: 101 people each; 30 of min 80 is short, and so is 10.
        assert_eq!((r.units_with_population, r.units_adequate), (2, 0));
        let adequacy = r.adequacy.expect("all populations known");
        assert_eq!(adequacy.population, 101 + 101 + 11);
        assert_eq!(r.change, Some(Hundredths(8750 - 7500)));
        assert_eq!(
            r.trend,
            vec![Some(Hundredths(7500)), Some(Hundredths(8750))]
        );
    }

    #[test]
    fn the_period_compared_takes_its_place_in_the_trend_from_the_units_now() {
        let years: Vec<Period> = (2024..=2026).filter_map(Period::year).collect();
        let read = History {
            before: all(3, 10),
            trend: vec![all(2, 5), all(3, 10), Tally::default()],
        };
        let (a, b) = (all(4, 2), all(1, 2));
        let history = read.clone().with_now(&years, years[2], [&a, &b]);
        let mut pooled = a.clone();
        pooled.merge(&b);
        assert_eq!(history.trend, vec![all(2, 5), all(3, 10), pooled]);
        assert_eq!(history.before, read.before);
        // A period outside the trend changes nothing.
        let other = Period::year(2020).expect("a year");
        assert_eq!(read.clone().with_now(&years, other, [&a]), read);
    }

    #[test]
    fn rows_short_of_respondents_come_after_every_ranked_row() {
        let q = Period::quarter(2026, 3).expect("q3");
        let none = History::default();
        let small = row(
            "a",
            "A",
            String::new(),
            &[unit(all(4, 3), Some(1000))],
            &q,
            &none,
        );
        let unknown = row(
            "b",
            "B",
            String::new(),
            &[unit(all(4, 400), None)],
            &q,
            &none,
        );
        let good = row(
            "c",
            "C",
            String::new(),
            &[unit(all(2, 300), Some(400))],
            &q,
            &none,
        );
        let better = row(
            "d",
            "D",
            String::new(),
            &[unit(all(3, 300), Some(400))],
            &q,
            &none,
        );
        assert!(!small.rankable() && !unknown.rankable() && good.rankable());
        let mut rows = vec![small, unknown, good, better];
        order(&mut rows, Sort::Ikm);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            ["d", "c", "a", "b"],
            "ranked by IKM, then the unranked"
        );
        order(&mut rows, Sort::Name);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["c", "d", "a", "b"]);
    }

    #[test]
    fn units_are_counted_by_grade() {
        let (counts, none) = grade_counts(&[all(4, 5), all(4, 2), all(2, 5), Tally::default()]);
        assert_eq!(counts, [2, 0, 0, 1]);
        assert_eq!(none, 1);
    }

    #[test]
    fn lampung_tiles_do_not_overlap() {
        let codes = [
            "18.01", "18.02", "18.03", "18.04", "18.05", "18.06", "18.07", "18.08", "18.09",
            "18.10", "18.11", "18.12", "18.13", "18.71", "18.72",
        ];
        let mut seen = std::collections::HashSet::new();
        for (i, c) in codes.iter().enumerate() {
            assert!(seen.insert(tile(c, i)), "{c}");
        }
    }

    #[test]
    fn the_provinces_tiles_do_not_overlap_and_fit_fifteen_columns() {
        let provinces = [
            "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34",
            "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74",
            "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
        ];
        let mut seen = std::collections::HashSet::new();
        for (i, c) in provinces.iter().enumerate() {
            let (row, col) = tile(c, i);
            assert!(row < 6 && col < 15, "{c}");
            assert!(seen.insert((row, col)), "{c}");
        }
        // West before east: Aceh left of Lampung, Lampung of Jakarta, Bali of Papua.
        assert!(tile("11", 0).1 < tile("18", 0).1 && tile("18", 0).1 < tile("31", 0).1);
        assert!(tile("51", 0).1 < tile("91", 0).1);
        // A code the picture lacks goes below it, not over a drawn tile.
        assert!(tile("99", 40).0 >= 6);
    }
}
