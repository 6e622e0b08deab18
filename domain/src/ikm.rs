//! NRR per unsur, the IKM and its grade, computed exactly from a [`Tally`].
//!
//! - NRR (nilai rata-rata) of an unsur = sum of its scores ÷ questionnaires that answered it.
//! - IKM (1–4) = Σ NRR × 1/9 = the mean of the NRRs; an unsur nobody answered is left out, so the
//!   mean runs over the unsur that have answers ("total unsur yang terisi").
//! - IKM unit (converted, 25–100) = IKM × 25.
//!
//! Every sum is an integer, so NRRs and the IKM are exact fractions. They are rounded half away from
//! zero to two decimals only for display and grading ([`Hundredths`]); the weight is the exact 1/9,
//! never 0,111 or 0,11.

use crate::decimal::{round_scaled, Hundredths};
use crate::grade::Mutu;
use crate::tally::Tally;
use crate::unsur::Unsur;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The figures of one unsur.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsurResult {
    pub unsur: Unsur,
    /// Questionnaires that answered this unsur.
    pub answered: u64,
    /// Sum of its scores.
    pub score_sum: u64,
    /// `None` when nobody answered this unsur.
    pub graded: Option<GradedNrr>,
}

/// An answered unsur's NRR, its converted value and grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradedNrr {
    /// NRR (1–4) rounded to two decimals.
    pub nrr: Hundredths,
    /// NRR × 25 (25–100) rounded to two decimals; the grade is taken from this.
    pub converted: Hundredths,
    pub mutu: Mutu,
}

impl UnsurResult {
    /// The exact NRR, `None` when nobody answered.
    pub fn exact_nrr(&self) -> Option<BigRational> {
        (self.answered > 0).then(|| ratio(self.score_sum, self.answered))
    }

    /// The NRR rounded half away from zero to `places` decimals, as a whole number of 10^-places
    /// (e.g. `places = 4` gives 3.1444 as `31444`), for reports that print more decimals.
    pub fn nrr_scaled(&self, places: u32) -> Option<i64> {
        self.exact_nrr()
            .map(|nrr| round_scaled(&nrr, 10i64.pow(places)))
    }

    /// NRR × 1/9 (the "NRR tertimbang" of the olah-data table: the unsur's share of the IKM), rounded
    /// like [`UnsurResult::nrr_scaled`]. The weight is the exact 1/9.
    pub fn weighted_nrr_scaled(&self, places: u32) -> Option<i64> {
        self.exact_nrr().map(|nrr| {
            let weighted = nrr / BigRational::from_integer(BigInt::from(9));
            round_scaled(&weighted, 10i64.pow(places))
        })
    }

    /// Compares two unsur by their exact NRR (unanswered ones last).
    pub fn cmp_nrr(&self, other: &UnsurResult) -> Ordering {
        match (self.answered, other.answered) {
            (0, 0) => Ordering::Equal,
            (0, _) => Ordering::Greater,
            (_, 0) => Ordering::Less,
            (a, b) => {
                let left = u128::from(self.score_sum) * u128::from(b);
                let right = u128::from(other.score_sum) * u128::from(a);
                left.cmp(&right)
            }
        }
    }
}

/// The result of one tally: what a unit head, a report and the API show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IkmResult {
    pub respondents: u64,
    /// All nine, in the regulation's order.
    pub unsur: Vec<UnsurResult>,
    /// IKM on the perception scale (1–4), rounded to two decimals.
    pub ikm: Hundredths,
    /// IKM × 25 (25–100), rounded to two decimals.
    pub converted: Hundredths,
    pub mutu: Mutu,
}

impl IkmResult {
    /// Computes every figure of a tally; `None` when the tally holds no answer.
    pub fn of(tally: &Tally) -> Option<IkmResult> {
        let (ikm, converted) = ikm_and_converted(tally)?;
        let unsur = Unsur::ALL
            .into_iter()
            .map(|u| {
                let answered = tally.answered(u);
                let score_sum = tally.score_sum(u);
                let graded = (answered > 0).then(|| graded_nrr(score_sum, answered));
                UnsurResult {
                    unsur: u,
                    answered,
                    score_sum,
                    graded,
                }
            })
            .collect();
        Some(IkmResult {
            respondents: tally.respondents(),
            unsur,
            ikm,
            converted,
            mutu: Mutu::from_converted(converted),
        })
    }

    pub fn get(&self, unsur: Unsur) -> &UnsurResult {
        &self.unsur[unsur.index()]
    }

    /// The answered unsur with the lowest exact NRR (the first in regulation order on a tie).
    pub fn weakest(&self) -> Option<Unsur> {
        self.unsur
            .iter()
            .filter(|r| r.answered > 0)
            .min_by(|a, b| a.cmp_nrr(b))
            .map(|r| r.unsur)
    }

    /// The answered unsur with the highest exact NRR (the first in regulation order on a tie).
    pub fn strongest(&self) -> Option<Unsur> {
        self.unsur
            .iter()
            .filter(|r| r.answered > 0)
            .reduce(|best, r| {
                if r.cmp_nrr(best) == Ordering::Greater {
                    r
                } else {
                    best
                }
            })
            .map(|r| r.unsur)
    }
}

/// The exact IKM on the perception scale (1–4): the mean of the answered unsur's NRRs.
pub fn exact_ikm(tally: &Tally) -> Option<BigRational> {
    let answered: Vec<Unsur> = Unsur::ALL
        .into_iter()
        .filter(|&u| tally.answered(u) > 0)
        .collect();
    if answered.is_empty() {
        return None;
    }
    // Σ score_sum ÷ answered over the lcm of the counts, reduced once (adding the nine fractions
    // one by one reduces at every step).
    let lcm = answered.iter().fold(BigInt::from(1u8), |lcm, &u| {
        let count = BigInt::from(tally.answered(u));
        let gcd = lcm.gcd(&count);
        lcm * (count / gcd)
    });
    let numer: BigInt = answered
        .iter()
        .map(|&u| BigInt::from(tally.score_sum(u)) * (&lcm / tally.answered(u)))
        .sum();
    Some(BigRational::new(numer, lcm * answered.len()))
}

/// The exact converted IKM (25–100).
pub fn exact_converted(tally: &Tally) -> Option<BigRational> {
    exact_ikm(tally).map(|ikm| ikm * BigRational::from_integer(BigInt::from(25)))
}

/// Rounds and grades a value on the perception scale (1–4): `(rounded value, converted and grade)`.
pub fn grade_perception(value: &BigRational) -> (Hundredths, GradedNrr) {
    let converted = Hundredths::round(&(value * BigRational::from_integer(BigInt::from(25))));
    let graded = GradedNrr {
        nrr: Hundredths::round(value),
        converted,
        mutu: Mutu::from_converted(converted),
    };
    (graded.nrr, graded)
}

/// Rounds and grades a converted value (25–100).
pub fn grade_converted(value: &BigRational) -> (Hundredths, Mutu) {
    let converted = Hundredths::round(value);
    (converted, Mutu::from_converted(converted))
}

/// An answered unsur's NRR (`score_sum ÷ answered`) rounded and graded, as [`grade_perception`]
/// does, in machine integers (exact; the big-number path only if they could overflow).
fn graded_nrr(score_sum: u64, answered: u64) -> GradedNrr {
    let (n, d) = (u128::from(score_sum), u128::from(answered));
    match (round_ratio(n, d, 100), round_ratio(n, d, 2500)) {
        (Some(nrr), Some(converted)) => GradedNrr {
            nrr: Hundredths(nrr),
            converted: Hundredths(converted),
            mutu: Mutu::from_converted(Hundredths(converted)),
        },
        _ => grade_perception(&ratio(score_sum, answered)).1,
    }
}

/// `numer × scale ÷ denom` rounded half away from zero (all values are ≥ 0), exactly, in machine
/// integers; `None` if it does not fit or `denom` is 0.
fn round_ratio(numer: u128, denom: u128, scale: u128) -> Option<i64> {
    // floor((2·n·scale + d) / (2·d)), as `decimal::round_scaled` does with big numbers.
    let twice = numer
        .checked_mul(scale)?
        .checked_mul(2)?
        .checked_add(denom)?;
    i64::try_from(twice.checked_div(denom.checked_mul(2)?)?).ok()
}

/// A tally's converted IKM and its grade alone, as [`IkmResult::of`] gives them (without the
/// nine unsur): what counting a region's units per grade needs of each of them.
pub fn converted_grade(tally: &Tally) -> Option<(Hundredths, Mutu)> {
    let (_, converted) = ikm_and_converted(tally)?;
    Some((converted, Mutu::from_converted(converted)))
}

/// The IKM (perception scale) and the converted IKM, each rounded once from the exact value;
/// `None` when the tally holds no answer.
fn ikm_and_converted(tally: &Tally) -> Option<(Hundredths, Hundredths)> {
    match small_exact_ikm(tally).and_then(|(numer, denom)| {
        Some((
            round_ratio(numer, denom, 100)?,
            round_ratio(numer, denom, 2500)?,
        ))
    }) {
        Some((ikm, converted)) => Some((Hundredths(ikm), Hundredths(converted))),
        None => {
            let (ikm, graded) = grade_perception(&exact_ikm(tally)?);
            Some((ikm, graded.converted))
        }
    }
}

/// [`exact_ikm`] as `(numerator, denominator)` in machine integers: the answered unsur's
/// `score_sum ÷ answered` added over the lcm of their counts, divided by how many there are. `None`
/// when nobody answered or a product would overflow; the big-number [`exact_ikm`] is then used.
/// A page of 1 500 units grades each one: this keeps that to integer arithmetic.
fn small_exact_ikm(tally: &Tally) -> Option<(u128, u128)> {
    let (mut numer, mut denom, mut terms) = (0u128, 1u128, 0u128);
    for u in Unsur::ALL {
        let answered = u128::from(tally.answered(u));
        if answered == 0 {
            continue;
        }
        let lcm = denom.checked_mul(answered / denom.gcd(&answered))?;
        numer = numer
            .checked_mul(lcm / denom)?
            .checked_add(u128::from(tally.score_sum(u)).checked_mul(lcm / answered)?)?;
        denom = lcm;
        terms += 1;
    }
    (terms > 0).then_some(())?;
    Some((numer, denom.checked_mul(terms)?))
}

fn ratio(numer: u64, denom: u64) -> BigRational {
    BigRational::new(BigInt::from(numer), BigInt::from(denom))
}
