//! What a unit head watches between reports: small-cell suppression for breakdowns, and the two
//! alert rules (the IKM below a grade; too many low answers among the last responses).

use crate::grade::Mutu;
use crate::ikm::IkmResult;
use crate::score::Answers;
use crate::tally::Tally;
use serde::{Deserialize, Serialize};

/// A breakdown cell with fewer respondents than this shows no scores, so that nobody can be
/// singled out (a profile cell of one 60-year-old woman with an S3 would be her answers).
pub const MIN_CELL_RESPONDENTS: u64 = 5;

/// Whether a breakdown cell may show its scores.
pub fn may_show(tally: &Tally) -> bool {
    tally.respondents() >= MIN_CELL_RESPONDENTS
}

/// The grade rule looks at a period only once it has this many respondents (one unhappy first
/// citizen of a quarter is not an alarm).
pub const MIN_RESPONDENTS_FOR_GRADE_ALERT: u64 = 10;

/// Whether the period's IKM has fallen below `at_least`: its grade is worse than that grade.
pub fn below_grade(result: &IkmResult, at_least: Mutu) -> bool {
    result.respondents >= MIN_RESPONDENTS_FOR_GRADE_ALERT && result.mutu < at_least
}

/// Low answers (1 or 2) among all answers given in some responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowShare {
    pub low: u64,
    pub answers: u64,
    pub responses: u64,
}

impl LowShare {
    pub fn of<'a>(responses: impl IntoIterator<Item = &'a Answers>) -> LowShare {
        let mut share = LowShare {
            low: 0,
            answers: 0,
            responses: 0,
        };
        for answers in responses {
            share.responses += 1;
            for (_, score) in answers.answered() {
                share.answers += 1;
                if score.value() <= 2 {
                    share.low += 1;
                }
            }
        }
        share
    }

    /// The share in whole percent, rounded down (for messages).
    pub fn percent(&self) -> u64 {
        (self.low * 100).checked_div(self.answers).unwrap_or(0)
    }

    /// Whether at least `percent` % of the answers were low, exactly (no rounding), once the
    /// `last` responses the rule looks at have all been given.
    pub fn reaches(&self, percent: u32, last: u32) -> bool {
        self.responses >= u64::from(last)
            && self.answers > 0
            && self.low * 100 >= u64::from(percent) * self.answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Score;

    fn answers(values: [u8; 9]) -> Answers {
        Answers::complete(values.map(|v| Score::new(v).expect("1..=4")))
    }

    #[test]
    fn cells_under_five_respondents_hide_their_scores() {
        let four = Tally::of(&vec![answers([4; 9]); 4]);
        let five = Tally::of(&vec![answers([4; 9]); 5]);
        assert!(!may_show(&four));
        assert!(may_show(&five));
    }

    #[test]
    fn the_low_share_counts_answers_of_one_and_two_exactly() {
        let given = [answers([1, 2, 3, 4, 4, 4, 4, 4, 4]), answers([4; 9])];
        let share = LowShare::of(&given);
        assert_eq!((share.low, share.answers, share.responses), (2, 18, 2));
        assert_eq!(share.percent(), 11);
        assert!(share.reaches(11, 2), "2/18 = 11,1 % ≥ 11 %");
        assert!(!share.reaches(12, 2));
        assert!(!share.reaches(5, 3), "not enough responses yet");
    }

    #[test]
    fn the_grade_rule_waits_for_enough_respondents() {
        let poor = Tally::of(&vec![answers([2; 9]); 9]);
        let result = IkmResult::of(&poor).expect("result");
        assert_eq!(result.mutu, Mutu::D);
        assert!(
            !below_grade(&result, Mutu::B),
            "nine respondents are not enough"
        );
        let poor = Tally::of(&vec![answers([2; 9]); 10]);
        let result = IkmResult::of(&poor).expect("result");
        assert!(below_grade(&result, Mutu::B));
        assert!(!below_grade(&result, Mutu::D), "D is not below D");
    }
}
