//! The IKM of a region (kabupaten/kota, province), both ways practice computes it.
//!
//! The regulation gives no rule for a region. Two are in use, and the product shows both, named:
//! - **pooled** (default): the unit formula applied to every response in the region — the merged
//!   tally of all its units. Large units weigh more, as their citizens do.
//! - **mean of units**: the plain mean of the units' exact converted IKMs (units without answers are
//!   left out), rounded and graded once at the end. Every unit weighs the same.

use crate::decimal::Hundredths;
use crate::grade::Mutu;
use crate::ikm::{exact_converted, grade_converted, IkmResult};
use crate::tally::Tally;
use num_bigint::BigInt;
use num_rational::BigRational;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionIkm {
    /// The merged tally of every unit, computed like one unit.
    pub pooled: Option<IkmResult>,
    /// The mean of the units' converted IKMs.
    pub mean_of_units: Option<MeanOfUnits>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeanOfUnits {
    /// Units that had at least one answer (the divisor).
    pub units: u64,
    /// Mean converted IKM (25–100), rounded to two decimals.
    pub converted: Hundredths,
    pub mutu: Mutu,
}

impl RegionIkm {
    /// Both figures from the tallies of the region's units (one tally per unit).
    pub fn of<'a>(unit_tallies: impl IntoIterator<Item = &'a Tally>) -> RegionIkm {
        let mut pooled = Tally::default();
        let mut sum = BigRational::from_integer(BigInt::from(0));
        let mut units = 0u64;
        for tally in unit_tallies {
            pooled.merge(tally);
            if let Some(converted) = exact_converted(tally) {
                sum += converted;
                units += 1;
            }
        }
        let mean_of_units = (units > 0).then(|| {
            let (converted, mutu) =
                grade_converted(&(sum / BigRational::from_integer(BigInt::from(units))));
            MeanOfUnits {
                units,
                converted,
                mutu,
            }
        });
        RegionIkm {
            pooled: IkmResult::of(&pooled),
            mean_of_units,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Answers, Score};

    fn all(value: u8, times: usize) -> Tally {
        let a = Answers::complete([Score::new(value).expect("valid"); 9]);
        Tally::of(std::iter::repeat_n(&a, times))
    }

    #[test]
    fn pooled_weighs_respondents_and_mean_weighs_units() {
        // A big unit of 30 × all-4 (100) and a small one of 10 × all-2 (50).
        let units = [all(4, 30), all(2, 10), Tally::default()];
        let region = RegionIkm::of(&units);
        let pooled = region.pooled.expect("answers exist");
        assert_eq!(pooled.respondents, 40);
        assert_eq!(pooled.converted, Hundredths(8750)); // (30·4 + 10·2)/40 · 25
        let mean = region.mean_of_units.expect("two units answered");
        assert_eq!(mean.units, 2);
        assert_eq!(mean.converted, Hundredths(7500));
        assert_eq!(mean.mutu, Mutu::C);
    }

    #[test]
    fn a_region_without_answers_has_neither_figure() {
        let region = RegionIkm::of(&[Tally::default()]);
        assert_eq!(region.pooled, None);
        assert_eq!(region.mean_of_units, None);
    }
}
