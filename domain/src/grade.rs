//! The service-quality grade (mutu pelayanan) of PermenPANRB 14/2017.
//!
//! Applied to the converted value (25–100) **rounded to two decimals**, boundaries inclusive:
//! ≥ 88,31 → A; ≥ 76,61 → B; ≥ 65,00 → C; otherwise D. (The superseded 2004 table — 43,75 / 62,50 /
//! 81,25 — is not used anywhere.)

use crate::decimal::Hundredths;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mutu {
    D,
    C,
    B,
    A,
}

impl Mutu {
    /// Lowest converted value (in hundredths) of each grade, best first.
    const CUT_OFFS: [(i64, Mutu); 3] = [(8831, Mutu::A), (7661, Mutu::B), (6500, Mutu::C)];

    /// The grade of a converted value already rounded to two decimals.
    pub fn from_converted(converted: Hundredths) -> Mutu {
        Self::CUT_OFFS
            .iter()
            .find(|(lowest, _)| converted.0 >= *lowest)
            .map_or(Mutu::D, |(_, mutu)| *mutu)
    }

    pub fn letter(self) -> &'static str {
        match self {
            Mutu::A => "A",
            Mutu::B => "B",
            Mutu::C => "C",
            Mutu::D => "D",
        }
    }

    /// The unit's performance ("kinerja unit pelayanan") as the regulation words it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Mutu::A, Lang::Id) => "Sangat Baik",
            (Mutu::B, Lang::Id) => "Baik",
            (Mutu::C, Lang::Id) => "Kurang Baik",
            (Mutu::D, Lang::Id) => "Tidak Baik",
            (Mutu::A, Lang::En) => "Very good",
            (Mutu::B, Lang::En) => "Good",
            (Mutu::C, Lang::En) => "Poor",
            (Mutu::D, Lang::En) => "Very poor",
        }
    }

    /// The "nilai persepsi" (1–4) the regulation's table gives each grade.
    pub fn perception(self) -> u8 {
        self as u8 + 1
    }

    /// The converted range of the grade, as printed in the regulation's table.
    pub fn converted_range(self) -> (Hundredths, Hundredths) {
        match self {
            Mutu::A => (Hundredths(8831), Hundredths(10000)),
            Mutu::B => (Hundredths(7661), Hundredths(8830)),
            Mutu::C => (Hundredths(6500), Hundredths(7660)),
            Mutu::D => (Hundredths(2500), Hundredths(6499)),
        }
    }
}

impl std::fmt::Display for Mutu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.letter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_inclusive_at_the_lower_end() {
        let cases = [
            (10000, Mutu::A),
            (8831, Mutu::A),
            (8830, Mutu::B),
            (7661, Mutu::B),
            (7660, Mutu::C),
            (6500, Mutu::C),
            (6499, Mutu::D),
            (2500, Mutu::D),
        ];
        for (value, mutu) in cases {
            assert_eq!(Mutu::from_converted(Hundredths(value)), mutu, "{value}");
        }
    }

    #[test]
    fn ranges_agree_with_the_cut_offs() {
        for mutu in [Mutu::A, Mutu::B, Mutu::C, Mutu::D] {
            let (lo, hi) = mutu.converted_range();
            assert_eq!(Mutu::from_converted(lo), mutu);
            assert_eq!(Mutu::from_converted(hi), mutu);
        }
        assert_eq!(Mutu::B.label(Lang::Id), "Baik");
        assert_eq!(Mutu::A.perception(), 4);
    }
}
