//! The minimum number of respondents for a population (Krejcie & Morgan, 1970).
//!
//! S = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)) with X² = 3,841, P = 0,5, d = 0,05. Where N is a row of
//! the published table ([`TABLE`]) its value is used; otherwise the formula, rounded up. With the
//! constants above the formula is exactly `3841·N / (10·(N−1) + 3841)`.

use serde::{Deserialize, Serialize};

/// The published table, `(population, minimum sample)`, from `data/krejcie-morgan.csv`.
pub static TABLE: &[(u64, u64)] = &[
    (10, 10),
    (15, 14),
    (20, 19),
    (25, 24),
    (30, 28),
    (35, 32),
    (40, 36),
    (45, 40),
    (50, 44),
    (55, 48),
    (60, 52),
    (65, 56),
    (70, 59),
    (75, 63),
    (80, 66),
    (85, 70),
    (90, 73),
    (95, 76),
    (100, 80),
    (110, 86),
    (120, 92),
    (130, 97),
    (140, 103),
    (150, 108),
    (160, 113),
    (170, 118),
    (180, 123),
    (190, 127),
    (200, 132),
    (210, 136),
    (220, 140),
    (230, 144),
    (240, 148),
    (250, 152),
    (260, 155),
    (270, 159),
    (280, 162),
    (290, 165),
    (300, 169),
    (320, 175),
    (340, 181),
    (360, 186),
    (380, 191),
    (400, 196),
    (420, 201),
    (440, 205),
    (460, 210),
    (480, 214),
    (500, 217),
    (550, 226),
    (600, 234),
    (650, 242),
    (700, 248),
    (750, 254),
    (800, 260),
    (850, 265),
    (900, 269),
    (950, 274),
    (1000, 278),
    (1100, 285),
    (1200, 291),
    (1300, 297),
    (1400, 302),
    (1500, 306),
    (1600, 310),
    (1700, 313),
    (1800, 317),
    (1900, 320),
    (2000, 322),
    (2200, 327),
    (2400, 331),
    (2600, 335),
    (2800, 338),
    (3000, 341),
    (3500, 346),
    (4000, 351),
    (4500, 354),
    (5000, 357),
    (6000, 361),
    (7000, 364),
    (8000, 367),
    (9000, 368),
    (10000, 370),
    (15000, 375),
    (20000, 377),
    (30000, 379),
    (40000, 380),
    (50000, 381),
    (75000, 382),
    (1000000, 384),
];

/// The Krejcie–Morgan formula with the regulation's constants, rounded up.
pub fn formula(population: u64) -> u64 {
    if population == 0 {
        return 0;
    }
    let n = u128::from(population);
    let numerator = 3841 * n;
    let denominator = 10 * (n - 1) + 3841;
    u64::try_from(numerator.div_ceil(denominator)).unwrap_or(u64::MAX)
}

/// The minimum number of respondents for `population` people served in the period.
pub fn minimum_sample(population: u64) -> u64 {
    match TABLE.binary_search_by_key(&population, |&(n, _)| n) {
        Ok(row) => TABLE[row].1,
        Err(_) => formula(population).min(population),
    }
}

/// Whether a number of respondents is enough for a population, with the figures behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleAdequacy {
    pub population: u64,
    pub required: u64,
    pub respondents: u64,
    pub adequate: bool,
}

impl SampleAdequacy {
    pub fn of(respondents: u64, population: u64) -> SampleAdequacy {
        let required = minimum_sample(population);
        SampleAdequacy {
            population,
            required,
            respondents,
            adequate: respondents >= required,
        }
    }

    /// How many more respondents are needed (0 when adequate).
    pub fn shortfall(&self) -> u64 {
        self.required.saturating_sub(self.respondents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_published_file_row_for_row() {
        let file = include_str!("../data/krejcie-morgan.csv");
        let rows: Vec<(u64, u64)> = file
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (n, s) = l.split_once(',').expect("two columns");
                (n.trim().parse().expect("n"), s.trim().parse().expect("s"))
            })
            .collect();
        assert_eq!(rows.as_slice(), TABLE);
        for &(n, s) in TABLE {
            assert_eq!(minimum_sample(n), s, "population {n}");
        }
    }

    #[test]
    fn formula_agrees_with_the_table_within_one() {
        // The published table was rounded by hand; the formula must never be far from it.
        for &(n, s) in TABLE {
            let f = formula(n);
            assert!(f.abs_diff(s) <= 1, "population {n}: table {s}, formula {f}");
        }
    }

    #[test]
    fn populations_between_rows_use_the_formula_rounded_up() {
        // 3841·1234 / (10·1233 + 3841) = 293,1…  → 294
        assert_eq!(minimum_sample(1234), 294);
        assert_eq!(formula(1234), 294);
        assert_eq!(minimum_sample(0), 0);
        assert_eq!(minimum_sample(1), 1);
        assert_eq!(minimum_sample(5), 5);
        assert!(minimum_sample(u64::MAX) >= 384);
    }

    #[test]
    fn adequacy_compares_respondents_with_the_minimum() {
        let short = SampleAdequacy::of(20, 1234);
        assert_eq!(
            (short.required, short.adequate, short.shortfall()),
            (294, false, 274)
        );
        let enough = SampleAdequacy::of(80, 100);
        assert!(enough.adequate);
        assert_eq!(enough.shortfall(), 0);
    }
}
