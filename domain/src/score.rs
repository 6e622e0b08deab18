//! One answer ([`Score`], 1–4) and one questionnaire's answers ([`Answers`], by unsur).

use crate::unsur::Unsur;
use serde::{Deserialize, Serialize};

/// One answer on the SKM's four-point scale: 1 (worst) to 4 (best). A value that exists is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

/// Why a value is not a score.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("nilai {0} di luar 1–4")]
    OutOfRange(i64),
    #[error("\"{0}\" bukan angka 1–4")]
    NotANumber(String),
}

impl Score {
    pub const MIN: Score = Score(1);
    pub const MAX: Score = Score(4);

    pub fn new(value: u8) -> Result<Score, ScoreError> {
        if (1..=4).contains(&value) {
            Ok(Score(value))
        } else {
            Err(ScoreError::OutOfRange(value.into()))
        }
    }

    /// Parses text such as `"3"` or `" 4 "`. Decimals, words and empty text are refused.
    pub fn parse(text: &str) -> Result<Score, ScoreError> {
        let trimmed = text.trim();
        match trimmed.parse::<i64>() {
            Ok(n) if (1..=4).contains(&n) => Ok(Score(n as u8)),
            Ok(n) => Err(ScoreError::OutOfRange(n)),
            Err(_) => Err(ScoreError::NotANumber(trimmed.to_string())),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Score::new(value)
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

/// One questionnaire's answers, indexed by unsur; at least one is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "[Option<Score>; 9]", into = "[Option<Score>; 9]")]
pub struct Answers([Option<Score>; 9]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tidak ada satu pun unsur yang dijawab")]
pub struct NoAnswers;

impl Answers {
    /// Answers in the regulation's order (U1 … U9); refuses a questionnaire with no answer at all.
    pub fn new(scores: [Option<Score>; 9]) -> Result<Answers, NoAnswers> {
        if scores.iter().all(Option::is_none) {
            Err(NoAnswers)
        } else {
            Ok(Answers(scores))
        }
    }

    /// All nine answered, in the regulation's order.
    pub fn complete(scores: [Score; 9]) -> Answers {
        Answers(scores.map(Some))
    }

    pub fn get(&self, unsur: Unsur) -> Option<Score> {
        self.0[unsur.index()]
    }

    /// `(unsur, score)` for every answered unsur, in the regulation's order.
    pub fn answered(&self) -> impl Iterator<Item = (Unsur, Score)> + '_ {
        Unsur::ALL
            .into_iter()
            .filter_map(|u| self.get(u).map(|s| (u, s)))
    }

    pub fn answered_count(&self) -> usize {
        self.0.iter().flatten().count()
    }

    pub fn is_complete(&self) -> bool {
        self.answered_count() == 9
    }

    /// Every answered unsur got the same score (recorded, never flagged: a short good visit does this).
    pub fn is_straight_line(&self) -> bool {
        let mut scores = self.0.iter().flatten();
        match scores.next() {
            Some(first) => self.answered_count() > 1 && scores.all(|s| s == first),
            None => false,
        }
    }

    pub fn as_array(&self) -> [Option<Score>; 9] {
        self.0
    }
}

impl TryFrom<[Option<Score>; 9]> for Answers {
    type Error = NoAnswers;
    fn try_from(scores: [Option<Score>; 9]) -> Result<Self, Self::Error> {
        Answers::new(scores)
    }
}

impl From<Answers> for [Option<Score>; 9] {
    fn from(answers: Answers) -> Self {
        answers.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_outside_one_to_four_do_not_exist() {
        assert!(Score::new(0).is_err());
        assert!(Score::new(5).is_err());
        assert_eq!(Score::parse(" 3 ").map(Score::value), Ok(3));
        assert_eq!(Score::parse("5"), Err(ScoreError::OutOfRange(5)));
        assert!(matches!(
            Score::parse("3.5"),
            Err(ScoreError::NotANumber(_))
        ));
        assert!(matches!(
            Score::parse("baik"),
            Err(ScoreError::NotANumber(_))
        ));
    }

    #[test]
    fn answers_need_at_least_one_score() {
        assert_eq!(Answers::new([None; 9]), Err(NoAnswers));
        let mut one = [None; 9];
        one[Unsur::Sarana.index()] = Some(Score::MAX);
        let answers = Answers::new(one).expect("one answer is enough");
        assert_eq!(answers.answered_count(), 1);
        assert_eq!(answers.get(Unsur::Sarana), Some(Score::MAX));
        assert_eq!(answers.get(Unsur::Pengaduan), None);
    }

    #[test]
    fn straight_lining_is_detected() {
        assert!(Answers::complete([Score::MAX; 9]).is_straight_line());
        let mut mixed = [Score::MAX; 9];
        mixed[2] = Score::MIN;
        assert!(!Answers::complete(mixed).is_straight_line());
    }

    #[test]
    fn serde_refuses_invalid_scores() {
        assert!(serde_json::from_str::<Score>("5").is_err());
        assert!(
            serde_json::from_str::<Answers>("[null,null,null,null,null,null,null,null,null]")
                .is_err()
        );
    }
}
