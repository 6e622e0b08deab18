//! The IKM of a region (kabupaten/kota, province), both ways practice computes it.
//!
//! The regulation gives no rule for a region. Two are in use, and the product shows both, named:
//! - **pooled** (default): the unit formula applied to every response in the region — the merged
//!   tally of all its units. Large units weigh more, as their citizens do.
//! - **mean of units**: the plain mean of the units' exact converted IKMs (units without answers are
//!   left out), rounded and graded once at the end. Every unit weighs the same.

use crate::decimal::Hundredths;
use crate::grade::Mutu;
use crate::ikm::IkmResult;
use crate::tally::Tally;
use crate::unsur::Unsur;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
        let mut sum = ConvertedSum::default();
        let mut units = 0u64;
        for tally in unit_tallies {
            pooled.merge(tally);
            if sum.add(tally) {
                units += 1;
            }
        }
        let mean_of_units = (units > 0).then(|| {
            let (converted, mutu) = sum.mean_graded(units);
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

/// The exact sum of many units' converted IKMs.
///
/// A unit's exact converted IKM is 25 · Σ (score sum ÷ answered) ÷ k over its k answered unsur
/// (`ikm::exact_converted`). Adding those fractions one by one reduces by a gcd at every step, and
/// the running denominator grows towards the lcm of every count seen (thousands of digits for a
/// province's 1 500 units): the sum cost a province view about 0.3 s. Here the numerators are
/// summed per denominator (k · answered, a machine integer), and the fractions are put over their
/// lcm once at the end: the same exact value, in a few milliseconds.
#[derive(Debug, Default)]
struct ConvertedSum {
    /// Σ 25 · score sum, per denominator k · answered.
    by_denominator: BTreeMap<u64, u128>,
}

impl ConvertedSum {
    /// Adds a unit's exact converted IKM; `false` (nothing added) when it has no answer.
    fn add(&mut self, tally: &Tally) -> bool {
        let answered = Unsur::ALL.map(|u| tally.answered(u));
        let k = answered.iter().filter(|&&n| n > 0).count() as u64;
        for (u, n) in Unsur::ALL.into_iter().zip(answered) {
            if n > 0 {
                *self.by_denominator.entry(k * n).or_default() +=
                    25 * u128::from(tally.score_sum(u));
            }
        }
        k > 0
    }

    /// The exact sum as `(numerator, lcm of the denominators)`, not reduced.
    fn over_lcm(&self) -> (BigInt, BigInt) {
        let mut lcm = BigInt::from(1u8);
        for &d in self.by_denominator.keys() {
            // gcd(lcm, d) = gcd(d, lcm mod d), all in machine integers.
            let rest = (&lcm % d).to_u64().unwrap_or(0);
            lcm *= d / d.gcd(&rest);
        }
        let numer: BigInt = self
            .by_denominator
            .iter()
            .map(|(&d, &n)| BigInt::from(n) * (&lcm / d))
            .sum();
        (numer, lcm)
    }

    /// The exact sum.
    #[cfg(test)]
    fn total(&self) -> num_rational::BigRational {
        let (numer, lcm) = self.over_lcm();
        num_rational::BigRational::new(numer, lcm)
    }

    /// The sum ÷ `units`, rounded and graded as [`crate::ikm::grade_converted`] does, by one division: a
    /// province's lcm has thousands of digits, and reducing that fraction (a gcd) cost more than
    /// everything else here.
    fn mean_graded(&self, units: u64) -> (Hundredths, Mutu) {
        let (numer, lcm) = self.over_lcm();
        let denom = lcm * units;
        // floor((2·n·100 + d) / (2·d)): half away from zero, as `decimal::round_scaled`.
        let twice = BigInt::from(2u8);
        let rounded = (numer * 100u8 * &twice + &denom) / (denom * twice);
        let converted = Hundredths(rounded.to_i64().unwrap_or(i64::MAX));
        (converted, Mutu::from_converted(converted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ikm::grade_converted;
    use crate::score::{Answers, Score};
    use num_rational::BigRational;

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

    proptest::proptest! {
        /// The per-denominator sum equals adding the units' exact converted IKMs one by one.
        #[test]
        fn the_mean_of_units_is_the_exact_mean_of_their_converted_ikms(
            units in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::collection::vec(proptest::option::of(1u8..=4), 9),
                    0..12,
                ),
                0..25,
            )
        ) {
            let tallies: Vec<Tally> = units
                .iter()
                .map(|questionnaires| {
                    let answers: Vec<Answers> = questionnaires
                        .iter()
                        .filter_map(|scores| {
                            let mut array = [None; 9];
                            for (slot, s) in array.iter_mut().zip(scores) {
                                *slot = s.and_then(|v| Score::new(v).ok());
                            }
                            Answers::new(array).ok()
                        })
                        .collect();
                    Tally::of(&answers)
                })
                .collect();
            let mut naive = BigRational::from_integer(BigInt::from(0));
            let mut answered = 0u64;
            let mut fast = ConvertedSum::default();
            for t in &tallies {
                if let Some(c) = crate::ikm::exact_converted(t) {
                    naive += c;
                    answered += 1;
                }
                proptest::prop_assert_eq!(fast.add(t), !t.is_empty());
            }
            proptest::prop_assert_eq!(fast.total(), naive.clone());
            if answered > 0 {
                proptest::prop_assert_eq!(
                    fast.mean_graded(answered),
                    grade_converted(&(naive / BigRational::from_integer(BigInt::from(answered))))
                );
            }
            let region = RegionIkm::of(&tallies);
            proptest::prop_assert_eq!(
                region.mean_of_units.map(|m| m.units),
                (answered > 0).then_some(answered)
            );
        }
    }

    #[test]
    fn a_region_without_answers_has_neither_figure() {
        let region = RegionIkm::of(&[Tally::default()]);
        assert_eq!(region.pooled, None);
        assert_eq!(region.mean_of_units, None);
    }
}
