//! A mergeable tally of answers: the only input the IKM arithmetic needs.
//!
//! Per unsur it counts how many 1s, 2s, 3s and 4s were given; per respondent it keeps the count and
//! the first two moments of the respondent's mean score, which the confidence interval needs. Every
//! field adds up, so tallies of days merge into a year and tallies of units into a region without
//! touching a single raw response.

use crate::score::Answers;
use crate::unsur::Unsur;
use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign};

/// The least common multiple of 1…9: a respondent's mean score × this is always a whole number.
pub const MEAN_SCALE: u64 = 2520;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Tally {
    /// `counts[unsur.index()][score - 1]`.
    counts: [[u64; 4]; 9],
    /// Questionnaires with at least one answer.
    respondents: u64,
    /// Σ over respondents of (mean of their answered scores × [`MEAN_SCALE`]).
    mean_sum: u64,
    /// Σ over respondents of (mean of their answered scores × [`MEAN_SCALE`])².
    mean_square_sum: u64,
}

/// A stored tally whose parts cannot belong together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("inconsistent tally: {0}")]
pub struct InconsistentTally(&'static str);

impl Tally {
    /// No answers, as a constant: a `'static` tally to lend where a unit has none.
    pub const EMPTY: Tally = Tally {
        counts: [[0; 4]; 9],
        respondents: 0,
        mean_sum: 0,
        mean_square_sum: 0,
    };

    /// Rebuilds a tally from stored parts, checking what can be checked cheaply.
    pub fn from_parts(
        counts: [[u64; 4]; 9],
        respondents: u64,
        mean_sum: u64,
        mean_square_sum: u64,
    ) -> Result<Tally, InconsistentTally> {
        let tally = Tally {
            counts,
            respondents,
            mean_sum,
            mean_square_sum,
        };
        if Unsur::ALL.iter().any(|&u| tally.answered(u) > respondents) {
            return Err(InconsistentTally(
                "an unsur has more answers than respondents",
            ));
        }
        let answers: u64 = Unsur::ALL.iter().map(|&u| tally.answered(u)).sum();
        if respondents > answers {
            return Err(InconsistentTally("more respondents than answers"));
        }
        if mean_sum < respondents * MEAN_SCALE || mean_sum > respondents * 4 * MEAN_SCALE {
            return Err(InconsistentTally("respondent means out of range"));
        }
        let (n, sum) = (u128::from(respondents), u128::from(mean_sum));
        if n * u128::from(mean_square_sum) < sum * sum {
            return Err(InconsistentTally(
                "respondent moments impossible (n·Σy² < (Σy)²)",
            ));
        }
        Ok(tally)
    }

    /// The tally of exactly these questionnaires.
    pub fn of<'a>(answers: impl IntoIterator<Item = &'a Answers>) -> Tally {
        let mut tally = Tally::default();
        for a in answers {
            tally.record(a);
        }
        tally
    }

    /// Adds one questionnaire.
    pub fn record(&mut self, answers: &Answers) {
        let mut sum = 0u64;
        let mut n = 0u64;
        for (unsur, score) in answers.answered() {
            self.counts[unsur.index()][usize::from(score.value()) - 1] += 1;
            sum += u64::from(score.value());
            n += 1;
        }
        // `Answers` always has at least one score, so n ≥ 1 and n divides MEAN_SCALE.
        let scaled_mean = sum * (MEAN_SCALE / n.max(1));
        self.respondents += 1;
        self.mean_sum += scaled_mean;
        self.mean_square_sum += scaled_mean * scaled_mean;
    }

    /// Adds another tally to this one (the tally of the union of both sets of questionnaires).
    pub fn merge(&mut self, other: &Tally) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts.iter()) {
            for (m, t) in mine.iter_mut().zip(theirs.iter()) {
                *m += t;
            }
        }
        self.respondents += other.respondents;
        self.mean_sum += other.mean_sum;
        self.mean_square_sum += other.mean_square_sum;
    }

    pub fn respondents(&self) -> u64 {
        self.respondents
    }

    pub fn is_empty(&self) -> bool {
        self.respondents == 0
    }

    /// How many 1s, 2s, 3s and 4s an unsur received.
    pub fn counts(&self, unsur: Unsur) -> [u64; 4] {
        self.counts[unsur.index()]
    }

    /// How many questionnaires answered this unsur.
    pub fn answered(&self, unsur: Unsur) -> u64 {
        self.counts[unsur.index()].iter().sum()
    }

    /// The sum of this unsur's scores (the "jumlah nilai per unsur" column of the report).
    pub fn score_sum(&self, unsur: Unsur) -> u64 {
        self.counts[unsur.index()]
            .iter()
            .zip(1u64..)
            .map(|(count, score)| count * score)
            .sum()
    }

    /// Σ of respondents' mean scores × [`MEAN_SCALE`].
    pub fn mean_sum(&self) -> u64 {
        self.mean_sum
    }

    /// Σ of (respondents' mean scores × [`MEAN_SCALE`])².
    pub fn mean_square_sum(&self) -> u64 {
        self.mean_square_sum
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, other: &Tally) {
        self.merge(other);
    }
}

impl Add for Tally {
    type Output = Tally;
    fn add(mut self, other: Tally) -> Tally {
        self.merge(&other);
        self
    }
}

impl std::iter::Sum for Tally {
    fn sum<I: Iterator<Item = Tally>>(iter: I) -> Tally {
        iter.fold(Tally::default(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Score;

    fn answers(values: [u8; 9]) -> Answers {
        Answers::complete(values.map(|v| Score::new(v).expect("test score")))
    }

    #[test]
    fn counts_sums_and_moments_follow_the_answers() {
        let a = answers([1, 2, 3, 4, 4, 4, 4, 4, 4]);
        let b = answers([4; 9]);
        let tally = Tally::of([&a, &b]);
        assert_eq!(tally.respondents(), 2);
        assert_eq!(tally.counts(Unsur::Persyaratan), [1, 0, 0, 1]);
        assert_eq!(tally.score_sum(Unsur::Waktu), 7);
        assert_eq!(tally.answered(Unsur::Sarana), 2);
        // a's mean is 30/9, b's is 4.
        assert_eq!(tally.mean_sum(), 30 * 280 + 4 * MEAN_SCALE);
        assert_eq!(
            tally.mean_square_sum(),
            (30 * 280u64).pow(2) + (4 * MEAN_SCALE).pow(2)
        );
    }

    #[test]
    fn partial_answers_count_only_where_given() {
        let mut scores = [None; 9];
        scores[Unsur::Biaya.index()] = Some(Score::new(2).expect("valid"));
        let tally = Tally::of([&Answers::new(scores).expect("one answer")]);
        assert_eq!(tally.answered(Unsur::Biaya), 1);
        assert_eq!(tally.answered(Unsur::Waktu), 0);
        assert_eq!(tally.mean_sum(), 2 * MEAN_SCALE);
    }

    #[test]
    fn stored_parts_are_checked() {
        let tally = Tally::of([&answers([3; 9])]);
        let rebuilt = Tally::from_parts(
            tally.counts,
            tally.respondents,
            tally.mean_sum,
            tally.mean_square_sum,
        );
        assert_eq!(rebuilt, Ok(tally.clone()));
        assert!(Tally::from_parts(tally.counts, 2, tally.mean_sum, 0).is_err());
        assert!(Tally::from_parts([[0; 4]; 9], 1, MEAN_SCALE, 0).is_err());
    }
}
